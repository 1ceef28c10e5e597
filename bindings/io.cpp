// hipmech._core.io: the raw readers and writers. The friendly layer (dataclasses, pandas) is
// python/hipmech/io.py; trials cross as dicts (bindings/trial.hpp).
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <algorithm>

#include "arguments.hpp"
#include "bind.hpp"
#include "hipmech/core/detail/text.hpp"
#include "hipmech/io.hpp"
#include "owned.hpp"
#include "python_signals.hpp"
#include "strings.hpp"
#include "trial.hpp"

namespace hipmech::bindings {

namespace py = pybind11;
using namespace hipmech::io;

namespace {

py::dict plate_to_dict(ForcePlate&& fp) {
  py::dict d;
  d["type"] = fp.type;
  d["channels"] = fp.channels;
  d["corners_m"] = small_to_numpy(fp.corners_m);
  d["origin_m"] = small_to_numpy(fp.origin_m);
  if (fp.calibration.size() > 0) {
    d["calibration"] = small_to_numpy(fp.calibration);
  } else {
    d["calibration"] = py::none();
  }
  d["R_lab_plate"] = small_to_numpy(fp.R_lab_plate);
  d["center_m"] = small_to_numpy(fp.center_m);
  d["origin_lab_m"] = small_to_numpy(fp.origin_lab_m);
  d["force_n"] = to_numpy(std::move(fp.force_n));
  d["moment_nm"] = to_numpy(std::move(fp.moment_nm));
  d["cop_m"] = to_numpy(std::move(fp.cop_m));
  d["free_moment_nm"] = to_numpy(std::move(fp.free_moment_nm));
  return d;
}

py::object parameter_value(Parameter&& p) {
  if (p.type == ParameterType::Char) return text_to_python(p.strings);
  Eigen::VectorXd v = Eigen::Map<const Eigen::VectorXd>(p.numbers.data(),
                                                        static_cast<Eigen::Index>(p.numbers.size()));
  return to_numpy(std::move(v));
}

std::string str_item(const py::dict& d, const char* key, const std::string& where) {
  if (!d.contains(key)) {
    hipmech::detail::throw_invalid_argument(where, std::string("a '") + key + "' entry", "none");
  }
  py::object v = d[key];
  if (v.is_none()) return {};
  if (!py::isinstance<py::str>(v)) {
    hipmech::detail::throw_invalid_argument(where + "." + key, "a str",
                                            detail::type_name(v));
  }
  return v.cast<std::string>();
}

template <typename T>
T num_item(const py::dict& d, const char* key, const std::string& where) {
  if (!d.contains(key)) {
    hipmech::detail::throw_invalid_argument(where, std::string("a '") + key + "' entry", "none");
  }
  try {
    return d[key].cast<T>();
  } catch (const py::cast_error&) {
    hipmech::detail::throw_invalid_argument(where + "." + key, "a number",
                                            detail::type_name(d[key]));
  }
}

/// A char parameter's first dimension is its strings' width in bytes. A str read from a
/// Latin-1 file ("René", 4 bytes there) is longer in UTF-8, which the writer stores (5 bytes):
/// widen the first dimension to the longest string so that nothing is cut, mid-character
/// least of all (docs/io.md, "Text encodings").
void widen_to_utf8(Parameter& p, const std::string& where) {
  std::size_t longest = 0;
  for (const std::string& s : p.strings) longest = std::max(longest, s.size());
  if (p.dims.empty() || longest <= static_cast<std::size_t>(std::max(p.dims[0], 0))) return;
  if (longest > 255) {
    hipmech::detail::throw_invalid_argument(where, "strings of at most 255 bytes in UTF-8",
                                            std::to_string(longest) + " bytes");
  }
  p.dims[0] = static_cast<int>(longest);
}

}  // namespace

py::dict subject_to_dict(const SubjectParameters& s) {
  py::dict d;
  for (const SubjectField& field : subject_fields()) {
    for (int side = 0; side < (field.sided ? 2 : 1); ++side) {
      d[py::str(subject_python_name(field, side))] = subject_value(s, field, side);
    }
  }
  d["other_parameters"] = text_to_python(s.other_parameters);
  d["invalid_parameters"] = text_to_python(s.invalid_parameters);
  return d;
}

SubjectParameters subject_from_dict(const py::dict& d) {
  SubjectParameters s;
  for (const SubjectField& field : subject_fields()) {
    for (int side = 0; side < (field.sided ? 2 : 1); ++side) {
      const std::string key = subject_python_name(field, side);
      subject_value(s, field, side) = num_item<double>(d, key.c_str(), "trial.subject");
    }
  }
  const auto names = [&](const char* key, std::vector<std::string>& to) {
    if (!d.contains(key) || d[key].is_none()) return;
    try {
      to = d[key].cast<std::vector<std::string>>();
    } catch (const py::cast_error&) {
      hipmech::detail::throw_invalid_argument(std::string("trial.subject.") + key,
                                              "a list of str", detail::type_name(d[key]));
    }
  };
  names("other_parameters", s.other_parameters);
  names("invalid_parameters", s.invalid_parameters);
  return s;
}

py::dict trial_to_dict(Trial&& t) {
  py::dict d;
  d["point_rate_hz"] = t.point_rate_hz;
  d["first_frame"] = t.first_frame;
  d["source"] = text_to_python(t.source);
  d["n_frames"] = t.n_frames();
  py::list points;
  for (Point& p : t.points) {
    points.append(py::make_tuple(
        text_to_python(p.name), to_string(p.kind), text_to_python(p.unit_original),
        text_to_python(p.description), to_numpy(std::move(p.values)),
        p.residual.size() ? py::object(to_numpy(std::move(p.residual))) : py::object(py::none())));
  }
  d["points"] = points;
  py::dict analog;
  analog["rate_hz"] = t.analog.rate_hz;
  analog["names"] = text_to_python(t.analog.names);
  analog["descriptions"] = text_to_python(t.analog.descriptions);
  analog["units_original"] = text_to_python(t.analog.units_original);
  analog["values"] = to_numpy(std::move(t.analog.values));
  d["analog"] = analog;
  py::list plates;
  for (ForcePlate& fp : t.force_plates) plates.append(plate_to_dict(std::move(fp)));
  d["force_plates"] = plates;
  py::list events;
  for (const Event& e : t.events) {
    py::dict ev;
    ev["label"] = text_to_python(e.label);
    ev["context"] = text_to_python(e.context);
    ev["description"] = text_to_python(e.description);
    ev["subject"] = text_to_python(e.subject);
    ev["time_s"] = e.time_s;
    ev["icon_id"] = e.icon_id;
    ev["generic_flag"] = e.generic_flag;
    events.append(ev);
  }
  d["events"] = events;
  d["subject"] = subject_to_dict(t.subject);
  d["lab_axes"] = t.lab_axes;
  py::list groups;
  for (ParameterGroup& g : t.parameters.groups) {
    py::list params;
    for (Parameter& p : g.parameters) {
      params.append(py::make_tuple(text_to_python(p.name), static_cast<int>(p.type), p.dims,
                                   parameter_value(std::move(p)), text_to_python(p.description),
                                   p.locked));
    }
    groups.append(
        py::make_tuple(text_to_python(g.name), text_to_python(g.description), g.locked, params));
  }
  d["parameters"] = groups;
  return d;
}

Trial trial_from_dict(const py::dict& d) {
  Trial t;
  t.point_rate_hz = num_item<double>(d, "point_rate_hz", "trial");
  t.first_frame = num_item<long>(d, "first_frame", "trial");
  t.source = str_item(d, "source", "trial");
  t.n_frames_without_points = num_item<Eigen::Index>(d, "n_frames", "trial");
  for (py::handle item : d["points"].cast<py::list>()) {
    auto tup = item.cast<py::tuple>();
    const auto name = tup[0].cast<std::string>();
    const std::string where = "trial.points['" + name + "']";
    TrajectoryArg values(ArrayLike{py::reinterpret_borrow<py::object>(tup[4])}, where.c_str());
    Point& p = t.points.emplace_back();
    p.name = name;
    p.kind = parse_point_kind(tup[1].cast<std::string>(), "trial.kinds['" + name + "']");
    p.unit_original = tup[2].cast<std::string>();
    p.description = tup[3].cast<std::string>();
    p.values = values.map();
    if (!tup[5].is_none()) {
      SeriesArg residual(ArrayLike{py::reinterpret_borrow<py::object>(tup[5])},
                         (where + ".residual").c_str());
      p.residual = residual.map();
    }
  }
  auto analog = d["analog"].cast<py::dict>();
  t.analog.rate_hz = num_item<double>(analog, "rate_hz", "trial.analog");
  t.analog.names = analog["names"].cast<std::vector<std::string>>();
  t.analog.descriptions = analog["descriptions"].cast<std::vector<std::string>>();
  t.analog.units_original = analog["units_original"].cast<std::vector<std::string>>();
  {
    bool copied = false;
    auto values = detail::as_float64(analog["values"], "trial.analog.values",
                                     "shape (n_samples, n_channels)", copied);
    if (values.ndim() != 2) {
      hipmech::detail::throw_invalid_argument("trial.analog.values", "shape (n_samples, n_channels)",
                                              "shape " + detail::shape_string(values));
    }
    t.analog.values = Eigen::Map<const Channels>(values.data(), values.shape(0), values.shape(1));
  }
  for (py::handle item : d["events"].cast<py::list>()) {
    auto ev = item.cast<py::dict>();
    Event e;
    e.label = str_item(ev, "label", "trial.events");
    e.context = str_item(ev, "context", "trial.events");
    e.description = str_item(ev, "description", "trial.events");
    e.subject = str_item(ev, "subject", "trial.events");
    e.time_s = num_item<double>(ev, "time_s", "trial.events");
    e.icon_id = num_item<int>(ev, "icon_id", "trial.events");
    e.generic_flag = num_item<int>(ev, "generic_flag", "trial.events");
    t.events.push_back(std::move(e));
  }
  t.subject = subject_from_dict(d["subject"].cast<py::dict>());
  try {
    t.lab_axes = d["lab_axes"].cast<LabAxes>();
  } catch (const py::cast_error&) {
    hipmech::detail::throw_invalid_argument("trial.lab_axes", "a hipmech.LabAxes",
                                            detail::type_name(d["lab_axes"]));
  }
  for (py::handle gitem : d["parameters"].cast<py::list>()) {
    auto gt = gitem.cast<py::tuple>();
    ParameterGroup& g = t.parameters.groups.emplace_back();
    g.name = gt[0].cast<std::string>();
    g.description = gt[1].cast<std::string>();
    g.locked = gt[2].cast<bool>();
    for (py::handle pitem : gt[3].cast<py::list>()) {
      auto pt = pitem.cast<py::tuple>();
      Parameter& p = g.parameters.emplace_back();
      p.name = pt[0].cast<std::string>();
      const int type = pt[1].cast<int>();
      const std::string where = "trial.parameters['" + g.name + "']['" + p.name + "']";
      if (type != -1 && type != 1 && type != 2 && type != 4) {
        hipmech::detail::throw_invalid_argument(where + ".type", "-1 (char), 1 (byte), 2 (int16) or 4 (float)",
                                                std::to_string(type));
      }
      p.type = static_cast<ParameterType>(type);
      p.dims = pt[2].cast<std::vector<int>>();
      if (p.type == ParameterType::Char) {
        p.strings = pt[3].cast<std::vector<std::string>>();
        widen_to_utf8(p, where);
      } else {
        bool copied = false;
        auto values = detail::as_float64(pt[3], where.c_str(), "numbers", copied);
        p.numbers.assign(values.data(), values.data() + values.size());
      }
      p.description = pt[4].cast<std::string>();
      p.locked = pt[5].cast<bool>();
    }
  }
  // Force plates only where the caller gives them (write_c3d): the analyses take them apart.
  if (d.contains("force_plates")) {
    const auto plates = d["force_plates"].cast<py::list>();
    for (std::size_t i = 0; i < plates.size(); ++i) {
      t.force_plates.push_back(
          plate_from_python(plates[i], "trial.force_plates[" + std::to_string(i) + "]"));
    }
  }
  return t;
}

namespace {

C3dProcessor processor_arg(const std::string& text) {
  const std::string f = hipmech::detail::folded(text);
  if (f == "intel" || f == "pc") return C3dProcessor::Intel;
  if (f == "dec" || f == "vax") return C3dProcessor::Dec;
  if (f == "mips" || f == "sgi") return C3dProcessor::Mips;
  throw InvalidArgument("processor", "'intel', 'dec' or 'mips'", "'" + text + "'");
}

C3dWriteOptions write_options(const std::string& processor, bool integer_format) {
  C3dWriteOptions o;
  o.processor = processor_arg(processor);
  o.integer_format = integer_format;
  return o;
}

C3dReadOptions read_options(double cop_threshold_n) {
  C3dReadOptions o;
  HIPMECH_CHECK_ARG(std::isfinite(cop_threshold_n) && cop_threshold_n >= 0, "cop_threshold_n",
                    "a finite force >= 0 N", cop_threshold_n);
  o.force_plates.cop_threshold_n = cop_threshold_n;
  o.check_cancelled = python_signals();
  return o;
}

OpenSimReadOptions text_read_options() {
  OpenSimReadOptions o;
  o.check_cancelled = python_signals();
  return o;
}

}  // namespace

py::dict table_to_dict(Table&& t) {
  py::dict d;
  d["name"] = text_to_python(t.name);
  d["columns"] = text_to_python(t.columns);
  d["time_s"] = to_numpy(std::move(t.time_s));
  d["values"] = to_numpy(std::move(t.values));
  d["in_degrees"] = t.in_degrees;
  d["header"] = text_to_python(t.header);
  return d;
}

Table table_from_dict(const py::dict& d) {
  Table t;
  t.name = str_item(d, "name", "table");
  t.columns = d["columns"].cast<std::vector<std::string>>();
  SeriesArg time(ArrayLike{d["time_s"]}, "table.time_s");
  t.time_s = time.map();
  bool copied = false;
  auto values = detail::as_float64(d["values"], "table.values", "shape (n_rows, n_columns)", copied);
  if (values.ndim() != 2) {
    hipmech::detail::throw_invalid_argument("table.values", "shape (n_rows, n_columns)",
                                            "shape " + detail::shape_string(values));
  }
  t.values = Eigen::Map<const Channels>(values.data(), values.shape(0), values.shape(1));
  t.in_degrees = d["in_degrees"].cast<bool>();
  t.header = d["header"].cast<std::vector<std::pair<std::string, std::string>>>();
  return t;
}

py::dict keypoints_to_dict(Keypoints2D&& k) {
  py::dict d;
  d["names"] = text_to_python(k.names);
  Eigen::Matrix<long, Eigen::Dynamic, 1> frames =
      Eigen::Map<const Eigen::Matrix<long, Eigen::Dynamic, 1>>(k.frames.data(),
                                                               static_cast<Eigen::Index>(k.frames.size()));
  d["frames"] = to_numpy(std::move(frames));
  py::list points, confidence;
  for (auto& p : k.points_px) points.append(to_numpy(std::move(p)));
  for (auto& c : k.confidence) confidence.append(to_numpy(std::move(c)));
  d["points_px"] = points;
  d["confidence"] = confidence;
  d["image_width_px"] = k.image_width_px;
  d["image_height_px"] = k.image_height_px;
  return d;
}

template <typename F>
auto released(F&& f) {
  py::gil_scoped_release release;
  return f();
}

void bind_io(py::module_& m) {
  // Flat in _core (one stub file); the friendly names live in hipmech.io.
  py::module_& io = m;
  io.def(
      "read_c3d",
      [](const std::string& path, double cop_threshold_n) {
        const C3dReadOptions options = read_options(cop_threshold_n);
        Trial t;
        {
          py::gil_scoped_release release;
          t = read_c3d(path, options);
        }
        return trial_to_dict(std::move(t));
      },
      py::arg("path"), py::arg("cop_threshold_n") = 10.0,
      "Read a C3D file into a trial dict (see hipmech.io.read_c3d).");
  io.def(
      "read_c3d_bytes",
      [](const py::bytes& data, const std::string& name, double cop_threshold_n) {
        const C3dReadOptions options = read_options(cop_threshold_n);
        const std::string_view view = data;  // immutable, kept alive by the caller's argument
        return trial_to_dict(released([&] {
          return read_c3d_bytes(reinterpret_cast<const std::uint8_t*>(view.data()), view.size(),
                                name, options);
        }));
      },
      py::arg("data"), py::arg("name") = "<memory>", py::arg("cop_threshold_n") = 10.0,
      "Read C3D bytes into a trial dict.");
  io.def(
      "write_c3d",
      [](const py::dict& trial, const std::string& path, const std::string& processor,
         bool integer_format) {
        const Trial t = trial_from_dict(trial);
        const C3dWriteOptions o = write_options(processor, integer_format);
        py::gil_scoped_release release;
        write_c3d(t, path, o);
      },
      py::arg("trial"), py::arg("path"), py::arg("processor") = "intel",
      py::arg("integer_format") = false, "Write a trial dict as C3D.");
  io.def(
      "write_c3d_bytes",
      [](const py::dict& trial, const std::string& processor, bool integer_format) {
        const Trial t = trial_from_dict(trial);
        const C3dWriteOptions o = write_options(processor, integer_format);
        std::vector<std::uint8_t> bytes;
        {
          py::gil_scoped_release release;
          bytes = write_c3d_bytes(t, o);
        }
        return py::bytes(reinterpret_cast<const char*>(bytes.data()), bytes.size());
      },
      py::arg("trial"), py::arg("processor") = "intel", py::arg("integer_format") = false,
      "Write a trial dict as C3D bytes.");

  io.def(
      "make_force_plate",
      [](int type, const py::object& corners_m, const py::object& origin_m,
         const ArrayLike& force_n, const ArrayLike& moment_nm, const py::object& calibration,
         double cop_threshold_n) {
        const TrajectoryArg force(force_n, "force_n");
        const TrajectoryArg moment(moment_nm, "moment_nm");
        const Eigen::MatrixXd cal =
            calibration.is_none() ? Eigen::MatrixXd()
                                  : Eigen::MatrixXd(fixed_arg<6, 6>(calibration, "calibration"));
        const Eigen::Matrix<double, 4, 3, Eigen::RowMajor> corners =
            fixed_arg<4, 3>(corners_m, "corners_m");
        const Eigen::Vector3d origin = fixed_arg<3, 1>(origin_m, "origin_m");
        ForcePlateOptions o;
        o.cop_threshold_n = cop_threshold_n;
        ForcePlate fp;
        {
          py::gil_scoped_release release;
          fp = make_force_plate(type, corners, origin, force.map(), moment.map(), cal, o);
        }
        return plate_to_dict(std::move(fp));
      },
      py::arg("type"), py::arg("corners_m"), py::arg("origin_m"), py::arg("force_n"),
      py::arg("moment_nm"), py::arg("calibration") = py::none(), py::arg("cop_threshold_n") = 10.0,
      "A force plate from its definition and ground reaction (see "
      "hipmech.io.ForcePlate.from_wrench).");

  io.def(
      "subject_from_named",
      [](const std::vector<std::pair<std::string, double>>& values, const std::string& naming,
         const std::vector<std::string>& other_names) {
        const std::string n = hipmech::detail::folded(naming);
        if (n != "c3d" && n != "vsk") {
          hipmech::detail::throw_invalid_argument("naming", "'c3d' or 'vsk'", "'" + naming + "'");
        }
        return subject_to_dict(subject_from_named(
            values, n == "c3d" ? SubjectNaming::C3d : SubjectNaming::Vsk, other_names));
      },
      py::arg("values"), py::arg("naming"), py::arg("other_names") = std::vector<std::string>{},
      "Subject parameters from (name, value in mm/kg/rad) pairs named as in a C3D PROCESSING "
      "group ('c3d') or a Vicon subject file ('vsk') (raw; use hipmech.io.read_vsk).");
  io.def(
      "subject_fields",
      [] {
        std::vector<py::tuple> out;
        for (const SubjectField& field : subject_fields()) {
          for (int side = 0; side < (field.sided ? 2 : 1); ++side) {
            out.push_back(py::make_tuple(
                subject_python_name(field, side), field.python_stem, field.unit,
                field.sided ? (side == 0 ? "left" : "right") : "",
                subject_parameter_name(field, side, SubjectNaming::C3d),
                subject_parameter_name(field, side, SubjectNaming::Vsk), field.file_to_si));
          }
        }
        return out;
      },
      "Every subject-parameter field as (python_name, stem, SI unit, side or '', C3D "
      "PROCESSING name, .vsk name, file unit to SI factor), in the table order of docs/io.md.");
  io.def(
      "parse_marker_map",
      [](const std::string& text, const std::string& argument) {
        return parse_marker_map(text, argument);
      },
      py::arg("text"), py::arg("argument") = "marker_map",
      "(OLD, NEW) pairs from 'OLD=NEW,OLD2=NEW2' (raw; use hipmech.io.rename_markers). "
      "ValueError naming `argument` for malformed text, empty names or a name given twice.");
  io.def("format_marker_map", &format_marker_map, py::arg("old_to_new"),
         "The text form 'OLD=NEW,...' of (OLD, NEW) pairs, as parse_marker_map reads it.");
  io.def("renamed_point_names", &renamed_point_names, py::arg("point_names"),
         py::arg("marker_names"), py::arg("old_to_new"), py::arg("argument") = "old_to_new",
         "The point names after renaming markers, in the same order (raw; use "
         "hipmech.io.rename_markers). ValueError naming `argument` for an OLD that is no marker "
         "(with the closest names), a NEW another point has, a name given twice, an empty name.");
  io.def("suggest_marker_map", &suggest_marker_map, py::arg("missing"), py::arg("available"),
         "(present, missing) pairs: markers of `available` that are likely the missing ones "
         "under another lab's name ('VSAC' for 'SACR', 'LSHA' for 'LTIB'); a side never stands "
         "in for the other.");
  io.def(
      "read_trc",
      [](const std::string& path) {
        const OpenSimReadOptions options = text_read_options();
        return trial_to_dict(released([&] { return read_trc(path, options); }));
      },
      py::arg("path"), "Read an OpenSim TRC marker file into a trial dict.");
  io.def(
      "write_trc",
      [](const py::dict& trial, const std::string& path, const std::string& units) {
        const Trial t = trial_from_dict(trial);
        py::gil_scoped_release release;
        write_trc(t, path, units);
      },
      py::arg("trial"), py::arg("path"), py::arg("units") = "mm", "Write a trial's markers as TRC.");
  io.def(
      "read_storage",
      [](const std::string& path) {
        const OpenSimReadOptions options = text_read_options();
        return table_to_dict(released([&] { return read_mot(path, options); }));
      },
      py::arg("path"), "Read an OpenSim MOT or STO file into a table dict.");
  io.def(
      "write_storage",
      [](const py::dict& table, const std::string& path, bool sto) {
        const Table t = table_from_dict(table);
        py::gil_scoped_release release;
        if (sto) {
          write_sto(t, path);
        } else {
          write_mot(t, path);
        }
      },
      py::arg("table"), py::arg("path"), py::arg("sto") = false, "Write a table dict as MOT/STO.");
  io.def(
      "read_keypoints_csv",
      [](const std::string& path, double min_confidence, double width, double height) {
        KeypointOptions o;
        o.min_confidence = min_confidence;
        o.image_width_px = width;
        o.image_height_px = height;
        o.check_cancelled = python_signals();
        return keypoints_to_dict(released([&] { return read_keypoints_csv(path, o); }));
      },
      py::arg("path"), py::arg("min_confidence") = 0.0,
      py::arg("image_width_px") = std::numeric_limits<double>::quiet_NaN(),
      py::arg("image_height_px") = std::numeric_limits<double>::quiet_NaN(),
      "Read 2-D keypoints from a long-format CSV into a dict.");
}

}  // namespace hipmech::bindings
