// Python bindings of the dynamics area (flat in hipmech._core; the friendly layer is
// python/hipmech/dynamics.py). Raw names carry a `dynamics_` prefix.
//
// Arrays cross as float64 numpy arrays read in place when C-contiguous; results are handed to
// numpy without a copy (owned.hpp). Whole-trial calls release the GIL.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <limits>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "arguments.hpp"
#include "bind.hpp"
#include "gait_events_arg.hpp"
#include "hipmech/dynamics.hpp"
#include "owned.hpp"
#include "pig_parameters.hpp"
#include "plate_contacts.hpp"
#include "rotations.hpp"
#include "trial.hpp"

namespace hipmech::bindings {

namespace {

py::object item(const py::dict& d, const char* key, const std::string& where) {
  if (!d.contains(key)) {
    hipmech::detail::throw_invalid_argument(where, std::string("a dict with key '") + key + "'",
                                            "no such key");
  }
  return d[key];
}

dynamics::SegmentInertia inertia_from_dict(const py::dict& d, const std::string& where) {
  dynamics::SegmentInertia s;
  s.mass_kg = item(d, "mass_kg", where).cast<double>();
  s.com_m = fixed_arg<3, 1>(item(d, "com_m", where), where + ".com_m");
  s.inertia_kgm2 = fixed_arg<3, 3>(item(d, "inertia_kgm2", where), where + ".inertia_kgm2");
  return s;
}

py::dict inertia_to_dict(const dynamics::SegmentInertia& s) {
  py::dict d;
  d["mass_kg"] = s.mass_kg;
  d["com_m"] = small_to_numpy(s.com_m);
  d["inertia_kgm2"] = small_to_numpy(s.inertia_kgm2);
  return d;
}

py::list joint_loads_list(std::vector<dynamics::JointLoads>&& loads) {
  py::list out;
  for (auto& j : loads) {
    out.append(py::make_tuple(to_numpy(std::move(j.force_n)), to_numpy(std::move(j.moment_nm))));
  }
  return out;
}

/// The inputs of a 3-D chain kept alive while the C++ views them.
struct ChainArgs {
  std::vector<std::unique_ptr<RotationsArg>> R;
  std::vector<std::unique_ptr<TrajectoryArg>> points;
  std::vector<dynamics::LimbSegment> chain;
  dynamics::ExternalLoad load;
};

std::unique_ptr<ChainArgs> chain_args(const py::list& segments, const ArrayLike& force_n,
                                      const ArrayLike& point_m, const ArrayLike& moment_nm) {
  auto a = std::make_unique<ChainArgs>();
  for (std::size_t i = 0; i < segments.size(); ++i) {
    const std::string where = "segments[" + std::to_string(i) + "]";
    if (!py::isinstance<py::dict>(segments[i])) {
      hipmech::detail::throw_invalid_argument(where, "a dict", detail::type_name(segments[i]));
    }
    const auto d = segments[i].cast<py::dict>();
    a->R.push_back(std::make_unique<RotationsArg>(ArrayLike{item(d, "R_lab_segment", where)},
                                                  (where + ".R_lab_segment").c_str()));
    a->points.push_back(std::make_unique<TrajectoryArg>(ArrayLike{item(d, "origin_m", where)},
                                                        (where + ".origin_m").c_str()));
    a->points.push_back(std::make_unique<TrajectoryArg>(
        ArrayLike{item(d, "proximal_joint_m", where)}, (where + ".proximal_joint_m").c_str()));
    a->chain.push_back({a->R.back()->map(), a->points[a->points.size() - 2]->map(),
                        a->points.back()->map(), inertia_from_dict(d, where)});
  }
  a->load.force_n = TrajectoryArg(force_n, "force_n").map();
  a->load.point_m = TrajectoryArg(point_m, "point_m").map();
  a->load.moment_nm = TrajectoryArg(moment_nm, "moment_nm").map();
  return a;
}

py::dict joint_dict(dynamics::JointDynamics&& j) {
  py::dict d;
  d["force_n"] = to_numpy(std::move(j.force_n));
  d["moment_nm"] = to_numpy(std::move(j.moment_nm));
  d["clinical_nm"] = to_numpy(std::move(j.clinical_nm));
  return d;
}

const char* source_name(dynamics::LoadSource s) {
  switch (s) {
    case dynamics::LoadSource::Plate: return "plate";
    case dynamics::LoadSource::Swing: return "swing";
    case dynamics::LoadSource::Rejected: return "rejected";
    case dynamics::LoadSource::Unknown: break;
  }
  return "unknown";
}

}  // namespace

/// A Python hipmech.io.ForcePlate (attributes) as an io::ForcePlate.
io::ForcePlate plate_from_python(const py::handle& p, const std::string& where) {
  io::ForcePlate f;
  f.type = p.attr("type").cast<int>();
  try {
    f.channels = p.attr("channels").cast<std::vector<int>>();
  } catch (const py::cast_error&) {
    hipmech::detail::throw_invalid_argument(where + ".channels",
                                            "a list of analog channel numbers (int)",
                                            detail::type_name(p.attr("channels")));
  }
  const py::object cal = p.attr("calibration");
  if (!cal.is_none()) f.calibration = fixed_arg<6, 6>(cal, where + ".calibration");
  f.corners_m = fixed_arg<4, 3>(p.attr("corners_m"), where + ".corners_m");
  f.origin_m = fixed_arg<3, 1>(p.attr("origin_m"), where + ".origin_m");
  f.R_lab_plate = fixed_arg<3, 3>(p.attr("R_lab_plate"), where + ".R_lab_plate");
  f.center_m = fixed_arg<3, 1>(p.attr("center_m"), where + ".center_m");
  f.origin_lab_m = fixed_arg<3, 1>(p.attr("origin_lab_m"), where + ".origin_lab_m");
  f.force_n = TrajectoryArg(ArrayLike{p.attr("force_n")}, (where + ".force_n").c_str()).map();
  f.moment_nm = TrajectoryArg(ArrayLike{p.attr("moment_nm")}, (where + ".moment_nm").c_str()).map();
  f.cop_m = TrajectoryArg(ArrayLike{p.attr("cop_m")}, (where + ".cop_m").c_str()).map();
  f.free_moment_nm =
      TrajectoryArg(ArrayLike{p.attr("free_moment_nm")}, (where + ".free_moment_nm").c_str()).map();
  return f;
}

void bind_dynamics(py::module_& m) {
  m.def(
      "dynamics_newton_euler_3d",
      [](const py::list& segments, const ArrayLike& force_n, const ArrayLike& point_m,
         const ArrayLike& moment_nm, double rate_hz, const py::object& gravity_mps2,
         bool inertial, bool weight, const std::string& form) {
        auto a = chain_args(segments, force_n, point_m, moment_nm);
        dynamics::NewtonEulerOptions o;
        o.gravity_mps2 = fixed_arg<3, 1>(gravity_mps2, "gravity_mps2");
        o.inertial = inertial;
        o.weight = weight;
        const std::string f = hipmech::detail::folded(form);
        HIPMECH_CHECK_ARG(f == "vector" || f == "wrench", "form", "'vector' or 'wrench'",
                          "'" + form + "'");
        std::vector<dynamics::JointLoads> r;
        {
          py::gil_scoped_release release;
          r = f == "vector" ? dynamics::newton_euler_3d(a->chain, a->load, rate_hz, o)
                            : dynamics::newton_euler_3d_wrench(a->chain, a->load, rate_hz, o);
        }
        return joint_loads_list(std::move(r));
      },
      py::arg("segments"), py::arg("force_n"), py::arg("point_m"), py::arg("moment_nm"),
      py::arg("rate_hz"), py::arg("gravity_mps2"), py::arg("inertial") = true,
      py::arg("weight") = true, py::arg("form") = "vector",
      "3-D bottom-up Newton-Euler (raw; use hipmech.dynamics.newton_euler_3d).");

  m.def(
      "dynamics_newton_euler_2d",
      [](const py::list& segments, const ArrayLike& force_n, const ArrayLike& point_m,
         const ArrayLike& moment_nm, double rate_hz, const py::object& gravity_mps2,
         bool inertial, bool weight) {
        std::vector<std::unique_ptr<Points2Arg>> keep;
        std::vector<dynamics::PlanarSegment> chain;
        for (std::size_t i = 0; i < segments.size(); ++i) {
          const std::string where = "segments[" + std::to_string(i) + "]";
          if (!py::isinstance<py::dict>(segments[i])) {
            hipmech::detail::throw_invalid_argument(where, "a dict",
                                                    detail::type_name(segments[i]));
          }
          const auto d = segments[i].cast<py::dict>();
          keep.push_back(std::make_unique<Points2Arg>(ArrayLike{item(d, "proximal_m", where)},
                                                      (where + ".proximal_m").c_str()));
          keep.push_back(std::make_unique<Points2Arg>(ArrayLike{item(d, "distal_m", where)},
                                                      (where + ".distal_m").c_str()));
          chain.push_back({keep[keep.size() - 2]->map(), keep.back()->map(),
                           item(d, "mass_kg", where).cast<double>(),
                           item(d, "com_fraction", where).cast<double>(),
                           item(d, "inertia_kgm2", where).cast<double>()});
        }
        dynamics::PlanarLoad load;
        load.force_n = Points2Arg(force_n, "force_n").map();
        load.point_m = Points2Arg(point_m, "point_m").map();
        load.moment_nm = SeriesArg(moment_nm, "moment_nm").map();
        dynamics::PlanarOptions o;
        o.gravity_mps2 = fixed_arg<2, 1>(gravity_mps2, "gravity_mps2");
        o.inertial = inertial;
        o.weight = weight;
        std::vector<dynamics::PlanarJointLoads> r;
        {
          py::gil_scoped_release release;
          r = dynamics::newton_euler_2d(chain, load, rate_hz, o);
        }
        py::list out;
        for (auto& j : r) {
          out.append(
              py::make_tuple(to_numpy(std::move(j.force_n)), to_numpy(std::move(j.moment_nm))));
        }
        return out;
      },
      py::arg("segments"), py::arg("force_n"), py::arg("point_m"), py::arg("moment_nm"),
      py::arg("rate_hz"), py::arg("gravity_mps2"), py::arg("inertial") = true,
      py::arg("weight") = true,
      "Planar bottom-up Newton-Euler (raw; use hipmech.dynamics.newton_euler_2d).");

  m.def(
      "dynamics_segment_motion",
      [](const ArrayLike& R_lab_segment, const ArrayLike& origin_m, const py::object& com_local_m,
         double rate_hz) {
        const RotationsArg R(R_lab_segment, "R_lab_segment");
        const TrajectoryArg o(origin_m, "origin_m");
        const Eigen::Vector3d c = fixed_arg<3, 1>(com_local_m, "com_local_m");
        dynamics::SegmentMotion r;
        {
          py::gil_scoped_release release;
          r = dynamics::segment_motion(R.map(), o.map(), c, rate_hz);
        }
        py::dict d;
        d["com_m"] = to_numpy(std::move(r.com_m));
        d["com_acceleration_mps2"] = to_numpy(std::move(r.com_acceleration_mps2));
        d["angular_velocity_radps"] = to_numpy(std::move(r.angular_velocity_radps));
        d["angular_acceleration_radps2"] = to_numpy(std::move(r.angular_acceleration_radps2));
        return d;
      },
      py::arg("R_lab_segment"), py::arg("origin_m"), py::arg("com_local_m"), py::arg("rate_hz"),
      "Segment kinematics for inverse dynamics (raw; use hipmech.dynamics.segment_motion).");

  m.def(
      "dynamics_clinical_moments",
      [](const ArrayLike& moment_lab, const ArrayLike& R_lab_proximal,
         const ArrayLike& R_lab_distal, const py::object& side, const std::string& joint,
         const std::string& frame) {
        const TrajectoryArg mom(moment_lab, "moment_nm");
        const RotationsArg Rp(R_lab_proximal, "R_lab_proximal");
        const RotationsArg Rd(R_lab_distal, "R_lab_distal");
        const dynamics::MomentFrame f = dynamics::parse_moment_frame(frame, "frame");
        const model::Joint j = model::parse_joint(joint, "joint");
        Trajectory out;
        if (side.is_none()) {
          py::gil_scoped_release release;
          out = dynamics::resolve_moment(mom.map(), f, Rp.map(), Rd.map());
        } else {
          const Side s = side_arg(SideLike{side}, "side");
          py::gil_scoped_release release;
          out = dynamics::clinical_moments(mom.map(), Rp.map(), Rd.map(), s, j, f);
        }
        return to_numpy(std::move(out));
      },
      py::arg("moment_nm"), py::arg("R_lab_proximal"), py::arg("R_lab_distal"), py::arg("side"),
      py::arg("joint"), py::arg("frame"),
      "Moments resolved on a frame; clinical components when side is given (raw).");

  m.def(
      "dynamics_bsp_table",
      [](const std::string& name) {
        const dynamics::BspTable t = dynamics::parse_bsp_table(name, "table");
        const dynamics::BspTableInfo& info = dynamics::bsp_table(t);
        py::dict d;
        d["name"] = std::string(info.name);
        d["citation"] = std::string(info.citation);
        py::list rows;
        for (const dynamics::SegmentParameters& r : info) {
          py::dict row;
          row["segment"] = std::string(r.name);
          row["proximal_endpoint"] = std::string(r.proximal_endpoint);
          row["distal_endpoint"] = std::string(r.distal_endpoint);
          row["count"] = r.count;
          row["mass_fraction"] = r.mass_fraction;
          row["com_fraction"] = small_to_numpy(r.com_fraction);
          row["gyration_fraction"] = small_to_numpy(r.gyration_fraction);
          row["product_fraction"] = small_to_numpy(r.product_fraction);
          rows.append(row);
        }
        d["rows"] = rows;
        return d;
      },
      py::arg("table"), "One body-segment-parameter table (raw; use hipmech.dynamics.bsp_table).");

  m.def(
      "dynamics_segment_inertia",
      [](const std::string& table, const std::string& segment, double body_mass_kg,
         const py::object& proximal_m, const py::object& distal_m, const py::object& side) {
        const dynamics::BspTable t = dynamics::parse_bsp_table(table, "table");
        const auto& row = dynamics::find_segment(t, segment);
        return inertia_to_dict(dynamics::segment_inertia(
            row, body_mass_kg, fixed_arg<3, 1>(proximal_m, "proximal_m"),
            fixed_arg<3, 1>(distal_m, "distal_m"), side_arg(SideLike{side}, "side")));
      },
      py::arg("table"), py::arg("segment"), py::arg("body_mass_kg"), py::arg("proximal_m"),
      py::arg("distal_m"), py::arg("side"),
      "Scale one table row to a subject (raw; use hipmech.dynamics.segment_inertia).");

  m.def(
      "dynamics_lower_limb_trial",
      [](const py::dict& trial, const py::list& plates, const py::dict& parameters,
         double body_mass_kg, const py::object& gait_events, double cutoff_hz,
         const py::object& force_cutoff_hz, int order,
         const std::string& table, const std::string& frame, bool external, bool inertial,
         double cop_margin_m, double g_mps2, const std::string& force_resampling) {
        io::Trial t = trial_from_dict(trial);
        for (std::size_t i = 0; i < plates.size(); ++i) {
          t.force_plates.push_back(
              plate_from_python(plates[i], "trial.force_plates[" + std::to_string(i) + "]"));
        }
        const model::PigParameters p = parameters_from_dict(parameters);
        const std::vector<events::GaitEvent> ev = events_arg(gait_events, "events");
        dynamics::TrialDynamicsOptions o;
        o.cutoff_hz = cutoff_hz;
        if (!force_cutoff_hz.is_none()) o.force_cutoff_hz = force_cutoff_hz.cast<double>();
        o.filter.order = order;
        o.limb.table = dynamics::parse_bsp_table(table, "table");
        o.limb.frame = dynamics::parse_moment_frame(frame, "frame");
        o.limb.external = external;
        o.limb.inertial = inertial;
        o.limb.gravity_mps2 = Eigen::Vector3d(0.0, 0.0, -g_mps2);
        o.cop_margin_m = cop_margin_m;
        o.force_resampling = dynamics::parse_force_resampling(force_resampling, "force_resampling");
        dynamics::TrialDynamics r;
        {
          py::gil_scoped_release release;
          r = dynamics::lower_limb_dynamics(t, p, body_mass_kg, ev, o);
        }
        py::dict d;
        const char* sides[2] = {"left", "right"};
        for (std::size_t s = 0; s < 2; ++s) {
          dynamics::LegDynamics& leg = r.dynamics.leg[s];
          py::dict ld;
          ld["ankle"] = joint_dict(std::move(leg.ankle));
          ld["knee"] = joint_dict(std::move(leg.knee));
          ld["hip"] = joint_dict(std::move(leg.hip));
          py::list inertia;
          for (const auto& seg : leg.inertia.segment) inertia.append(inertia_to_dict(seg));
          ld["inertia"] = inertia;
          ld["length_m"] = py::make_tuple(leg.inertia.length_m[0], leg.inertia.length_m[1],
                                          leg.inertia.length_m[2]);
          dynamics::ExternalLoad& load = r.dynamics.loads.load[s];
          ld["load_force_n"] = to_numpy(std::move(load.force_n));
          ld["load_point_m"] = to_numpy(std::move(load.point_m));
          ld["load_moment_nm"] = to_numpy(std::move(load.moment_nm));
          py::list src;
          for (Eigen::Index f = 0; f < r.dynamics.loads.source[s].size(); ++f) {
            src.append(source_name(r.dynamics.loads.source[s][f]));
          }
          ld["load_source"] = src;
          d[sides[s]] = ld;
        }
        d["notes"] = r.dynamics.loads.notes;
        add_contacts(d, r.contacts);
        d["body_mass_kg"] = r.dynamics.body_mass_kg;
        d["rate_hz"] = r.dynamics.rate_hz;
        return d;
      },
      py::arg("trial"), py::arg("plates"), py::arg("parameters"), py::arg("body_mass_kg"),
      py::arg("events"), py::arg("cutoff_hz"), py::arg("force_cutoff_hz"), py::arg("order"),
      py::arg("table"),
      py::arg("frame"), py::arg("external"), py::arg("inertial"), py::arg("cop_margin_m"),
      py::arg("g_mps2"), py::arg("force_resampling") = "sample",
      "Inverse dynamics of both legs of a Plug-in Gait trial (raw; use "
      "hipmech.dynamics.inverse_dynamics).");
}

}  // namespace hipmech::bindings
