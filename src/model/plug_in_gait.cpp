// The compiled definitions of <hipmech/model/plug_in_gait.hpp> (declared and documented there):
// heavy functions users never need inline, compiled once into the library.
#include "hipmech/model/plug_in_gait.hpp"

namespace hipmech::model::detail {

bool has_stem(const std::string& name, std::initializer_list<const char*> stems) {
  const std::string n = hipmech::detail::folded(name);
  for (const char* stem : stems) {
    const std::string t = hipmech::detail::folded(stem);
    for (const char* prefix : {"", "l", "r", "left", "right"}) {
      if (n == prefix + t) return true;
    }
  }
  return false;
}

}  // namespace hipmech::model::detail

namespace hipmech::model {

PigParameters PigParameters::from_subject(const io::SubjectParameters& s) {
  if (!s.invalid_parameters.empty()) {
    hipmech::detail::throw_invalid_argument(
        "subject", "finite subject parameters (a value the source gives must be a number)",
        detail::joined(s.invalid_parameters));
  }
  PigParameters p;
  std::vector<std::string> unset;  // Vicon's "0 = not given" for the two optional distances
  for (std::size_t i = 0; i < 2; ++i) {
    p.leg_length_m[i] = s.leg_length_m[i];
    p.knee_width_m[i] = s.knee_width_m[i];
    p.ankle_width_m[i] = s.ankle_width_m[i];
    p.asis_trochanter_distance_m[i] = s.asis_trochanter_distance_m[i];
    if (p.asis_trochanter_distance_m[i] == 0.0) {
      p.asis_trochanter_distance_m[i] = detail::nan;
      unset.push_back(std::string(i == 0 ? "L" : "R") + "AsisTrocanterDistance");
    }
  }
  p.inter_asis_distance_m = s.inter_asis_distance_m;
  if (p.inter_asis_distance_m == 0.0) {
    p.inter_asis_distance_m = detail::nan;
    unset.push_back("InterAsisDistance");
  }
  if (!unset.empty()) {
    p.notes.push_back("Subject parameters 0 in the source, Vicon's \"not given\": " +
                      detail::joined(unset) + " (the model's defaults apply).");
  }
  if (std::isfinite(s.marker_diameter_m)) {
    p.marker_diameter_m = s.marker_diameter_m;
  } else {
    p.notes.push_back("Subject parameter MarkerDiameter not given: Plug-in Gait's 14 mm.");
  }
  std::vector<std::string> zeroed;
  const auto offset = [&](const double(&from)[2], std::array<double, 2>& to, const char* stem) {
    for (std::size_t i = 0; i < 2; ++i) {
      if (std::isfinite(from[i])) {
        to[i] = from[i];
      } else {
        to[i] = 0.0;
        zeroed.push_back(std::string(i == 0 ? "L" : "R") + stem);
      }
    }
  };
  // Vicon stores radians; a value beyond 90 deg (real offsets stay within about +/-81 deg) is
  // likely degrees typed as radians: applied as given, and said.
  std::vector<std::string> large;
  const auto check_large = [&](const std::array<double, 2>& v, const char* stem) {
    for (std::size_t i = 0; i < 2; ++i) {
      if (std::abs(v[i]) > 0.5 * geometry::detail::kPi) {
        large.push_back(
            std::string(i == 0 ? "L" : "R") + stem + " = " +
            hipmech::detail::significant_digits(v[i] * 180.0 / geometry::detail::kPi, 5) + " deg");
      }
    }
  };
  offset(s.thigh_rotation_rad, p.thigh_rotation_rad, "ThighRotation");
  offset(s.shank_rotation_rad, p.shank_rotation_rad, "ShankRotation");
  offset(s.tibial_torsion_rad, p.tibial_torsion_rad, "TibialTorsion");
  offset(s.ankle_abduction_rad, p.ankle_abduction_rad, "AnkleAbAdd");
  offset(s.static_plantar_flexion_rad, p.static_plantar_flexion_rad, "StaticPlantFlex");
  offset(s.static_rotation_offset_rad, p.static_rotation_offset_rad, "StaticRotOff");
  offset(s.sole_delta_m, p.sole_delta_m, "SoleDelta");
  check_large(p.thigh_rotation_rad, "ThighRotation");
  check_large(p.shank_rotation_rad, "ShankRotation");
  check_large(p.tibial_torsion_rad, "TibialTorsion");
  check_large(p.ankle_abduction_rad, "AnkleAbAdd");
  if (!large.empty()) {
    p.notes.push_back(
        "Subject parameters beyond 90 deg, applied as given (Vicon stores "
        "radians; degrees entered as radians would look like this): " +
        detail::joined(large) + ".");
  }
  if (!zeroed.empty()) {
    p.notes.push_back("Subject parameters not given, taken as 0: " + detail::joined(zeroed) + ".");
  }
  // What the source holds that the lower-body model does not apply, grouped.
  std::vector<std::string> upper, fitted, unused;
  if (std::isfinite(s.height_m)) unused.push_back("Height");
  for (const std::string& name : s.other_parameters) {
    if (detail::has_stem(
            name, {"ShoulderOffset", "ElbowWidth", "WristWidth", "HandThickness", "HeadOffset"})) {
      upper.push_back(name);
    } else if (detail::has_stem(
                   name, {"PelvisLength", "FemurLength", "TibiaLength", "FootLength",
                          "MeanLegLength", "Beta", "Theta", "C", "HJCy", "ViconLegLength"})) {
      fitted.push_back(name);
    } else {
      unused.push_back(name);
    }
  }
  std::string not_applied;
  const auto group = [&](const std::vector<std::string>& names, const char* what) {
    if (names.empty()) return;
    not_applied +=
        std::string(not_applied.empty() ? "" : "; ") + what + " (" + detail::joined(names) + ")";
  };
  group(upper, "upper body, not modelled");
  group(fitted, "Vicon's static-fit outputs, recomputed from the markers");
  group(unused, "not used by Plug-in Gait's lower body");
  if (!not_applied.empty()) {
    p.notes.push_back("Subject parameters not applied by the lower-body model: " + not_applied +
                      ".");
  }
  return p;
}

}  // namespace hipmech::model

namespace hipmech::model::detail {

double mean_distance(const TrajectoryCRef& a, const TrajectoryCRef& b) {
  double sum = 0.0;
  Eigen::Index count = 0;
  for (Eigen::Index f = 0; f < a.rows(); ++f) {
    const double d = (a.row(f) - b.row(f)).norm();
    if (std::isfinite(d)) {
      sum += d;
      ++count;
    }
  }
  return count > 0 ? sum / static_cast<double>(count) : nan;
}

geometry::SegmentFrames pelvis_from_rear(const io::Markers& markers, const TrajectoryCRef& back) {
  const TrajectoryMap lasi = markers.get("LASI"), rasi = markers.get("RASI");
  check_same_frames(back.rows(), lasi.rows(), "back", "LASI");
  check_values(lasi, "LASI");
  check_values(rasi, "RASI");
  check_values(back, "back");
  const geometry::detail::FrameAxes axes =
      geometry::detail::frame_axes(geometry::Axis::Z, geometry::Axis::X);
  const Eigen::Index n = lasi.rows();
  geometry::SegmentFrames out{Trajectory(n, 3), geometry::Rotations(n, 9)};
  for (Eigen::Index f = 0; f < n; ++f) {
    pelvis_one(lasi.row(f).transpose(), rasi.row(f).transpose(), back.row(f).transpose(), axes,
               out.R_lab_segment.row(f).data(), out.origin.row(f).data());
  }
  return out;
}

void pig_markers(const PigOptions& options, std::vector<std::string>& names,
                 std::vector<std::vector<std::string_view>>& alternatives) {
  pelvis_markers(options.pelvis_rear, names, alternatives);
  for (Side s : {Side::Left, Side::Right}) {
    for (const char* name : {"THI", "KNE", "TIB", "ANK"}) names.push_back(io::side_marker(s, name));
    if (options.feet) names.push_back(io::side_marker(s, "TOE"));
  }
}

PigParameters checked_parameters(const PigParameters& parameters, std::vector<std::string>& notes) {
  PigParameters p = parameters;
  for (Side s : {Side::Left, Side::Right}) {
    const std::size_t i = index(s);
    // Upper bounds no subject reaches (an adult leg is about 0.9 m, a knee 0.1 m wide).
    check_measurement(p.leg_length_m[i], "leg_length_m", "leg_length", s, 1.5);
    check_measurement(p.knee_width_m[i], "knee_width_m", "knee_width", s, 0.3);
    check_measurement(p.ankle_width_m[i], "ankle_width_m", "ankle_width", s, 0.3);
    if (std::isfinite(p.asis_trochanter_distance_m[i])) {
      check_side_length(p.asis_trochanter_distance_m[i], "asis_trochanter_distance_m", s, 0.3);
    }
    if (!std::isfinite(p.asis_trochanter_distance_m[i])) {
      p.asis_trochanter_distance_m[i] = default_asis_trochanter_distance(p.leg_length_m[i]);
      notes.push_back(
          "ASIS-trochanter distance (" + std::string(to_string(s)) +
          ") not given: Plug-in Gait's 0.1288 leg length - 48.56 mm = " +
          hipmech::detail::significant_digits(p.asis_trochanter_distance_m[i] * 1e3, 4) + " mm.");
    }
    check_side_angle(p.thigh_rotation_rad[i], "thigh_rotation_rad", s);
    check_side_angle(p.shank_rotation_rad[i], "shank_rotation_rad", s);
    check_side_angle(p.tibial_torsion_rad[i], "tibial_torsion_rad", s);
    check_side_angle(p.ankle_abduction_rad[i], "ankle_abduction_rad", s);
    check_side_angle(p.static_plantar_flexion_rad[i], "static_plantar_flexion_rad", s);
    check_side_angle(p.static_rotation_offset_rad[i], "static_rotation_offset_rad", s);
  }
  HIPMECH_CHECK_ARG(std::isfinite(p.marker_diameter_m) && p.marker_diameter_m >= 0.0 &&
                        p.marker_diameter_m <= 0.05,
                    "marker_diameter_m", "a finite diameter in m, 0 to 0.05 (mm given?)",
                    p.marker_diameter_m);
  HIPMECH_CHECK_ARG(std::isnan(p.inter_asis_distance_m) ||
                        (p.inter_asis_distance_m > 0.0 && p.inter_asis_distance_m <= 0.6),
                    "inter_asis_distance_m",
                    "a distance in m, above 0 and at most 0.6 (mm given?), or NaN to measure it",
                    p.inter_asis_distance_m);
  return p;
}

PigSideConstants pig_side_constants(const PigParameters& p, Side s) {
  const std::size_t i = index(s);
  const double radius = 0.5 * p.marker_diameter_m;
  const double mean_leg = 0.5 * (p.leg_length_m[0] + p.leg_length_m[1]);
  PigSideConstants c;
  c.hip_centre_pelvis_m = davis_hip_joint_centre(mean_leg, p.inter_asis_distance_m,
                                                 p.asis_trochanter_distance_m[i], radius, s);
  c.knee_offset_m = 0.5 * p.knee_width_m[i] + radius;
  c.knee_rotation_rad = chord_rotation(s, p.thigh_rotation_rad[i]);
  c.knee_rotation = chord_rotation_terms(c.knee_rotation_rad);
  c.ankle_offset_m = 0.5 * p.ankle_width_m[i] + radius;
  c.ankle_rotation_rad = chord_rotation(s, p.shank_rotation_rad[i]);
  c.ankle_rotation = chord_rotation_terms(c.ankle_rotation_rad);
  c.ankle_abduction_rad = p.ankle_abduction_rad[i];
  // Tibial torsion: R_shank = R_malleolar R_Y(-lateral_sign(side) torsion), Vicon's
  // untorsioned tibia (R Rz(+LTibialTorsion) left, R Rz(-RTibialTorsion) right in its axes).
  c.tibial_torsion =
      Eigen::AngleAxisd(-lateral_sign(s) * p.tibial_torsion_rad[i], Eigen::Vector3d::UnitY())
          .toRotationMatrix();
  c.no_torsion = c.tibial_torsion.isIdentity(0.0);
  c.leg_axes = geometry::detail::frame_axes(geometry::Axis::Y, geometry::Axis::Z);
  return c;
}

void pig_leg_one(const PigSideConstants& c, Side side, const double* pelvis_origin,
                 const double* R_lab_pelvis, const Eigen::Vector3d& thi, const Eigen::Vector3d& kne,
                 const Eigen::Vector3d& tib, const Eigen::Vector3d& ank,
                 PigLegFrame& out) noexcept {
  geometry::detail::to_lab_one(pelvis_origin, R_lab_pelvis, c.hip_centre_pelvis_m.data(),
                               out.hip_centre.data());
  if (!chord_point(thi, out.hip_centre, kne, c.knee_offset_m, c.knee_rotation.cos_beta,
                   c.knee_rotation.sin_beta, c.knee_rotation.rotated, out.knee_centre)) {
    out.knee_centre.setConstant(nan);
  }
  if (!chord_point(tib, out.knee_centre, ank, c.ankle_offset_m, c.ankle_rotation.cos_beta,
                   c.ankle_rotation.sin_beta, c.ankle_rotation.rotated, out.ankle_centre)) {
    out.ankle_centre.setConstant(nan);
  }
  if (c.ankle_abduction_rad != 0.0) {
    out.ankle_centre =
        turn_ankle_centre_one(out.ankle_centre, out.knee_centre, ank, c.ankle_abduction_rad);
  }
  geometry::detail::frame_from_vectors_one(out.knee_centre, out.hip_centre - out.knee_centre,
                                           to_right_one(kne, out.knee_centre, side), c.leg_axes,
                                           out.R_lab_thigh.data(), out.thigh_origin.data());
  geometry::detail::frame_from_vectors_one(out.ankle_centre, out.knee_centre - out.ankle_centre,
                                           to_right_one(ank, out.ankle_centre, side), c.leg_axes,
                                           out.R_lab_shank_malleolar.data(),
                                           out.shank_origin.data());
  out.R_lab_shank = out.R_lab_shank_malleolar;
  if (!c.no_torsion) turned_one(out.R_lab_shank.data(), c.tibial_torsion);
}

void pelvis_markers(PelvisRear rear, std::vector<std::string>& names,
                    std::vector<std::vector<std::string_view>>& alternatives) {
  names.insert(names.end(), {"LASI", "RASI"});
  switch (rear) {
    case PelvisRear::Sacrum:
      names.emplace_back("SACR");
      break;
    case PelvisRear::Psis:
      names.insert(names.end(), {"LPSI", "RPSI"});
      break;
    case PelvisRear::Auto:
      alternatives = {{"SACR"}, {"LPSI", "RPSI"}};
      break;
  }
}

Trajectory pelvis_rear(const io::Markers& m, PelvisRear rear) {
  std::vector<std::string> names;
  std::vector<std::vector<std::string_view>> alternatives;
  pelvis_markers(rear, names, alternatives);
  m.require(std::vector<std::string_view>(names.begin(), names.end()), alternatives, "markers");
  if (rear == PelvisRear::Sacrum || (rear == PelvisRear::Auto && m.has("SACR"))) {
    return m.get("SACR");
  }
  return midpoint(m.get("LPSI"), m.get("RPSI"));
}

void check_measurement(double value, const char* name, const char* subject_stem, Side s,
                       double max_m) {
  if (std::isnan(value)) {
    // Not given: name the subject parameter in every source and how to supply it.
    const int i = static_cast<int>(index(s));
    std::string words = subject_stem;  // "leg_length" -> "leg length"
    for (char& ch : words) ch = ch == '_' ? ' ' : ch;
    std::string what = name;
    for (const io::SubjectField& field : io::subject_fields()) {
      if (std::string(field.python_stem) != subject_stem) continue;
      what = "the " + std::string(to_string(s)) + " " + words + " in m: the subject parameter " +
             io::subject_python_name(field, i) +
             " (C3D PROCESSING:" + io::subject_parameter_name(field, i, io::SubjectNaming::C3d) +
             ", Vicon .vsk " + io::subject_parameter_name(field, i, io::SubjectNaming::Vsk) +
             "); give it in a subject file (JSON or .vsk) with `hipmech report --subject FILE`, "
             "hipmech.io.with_subject(trial, hipmech.io.read_subject(path)) in Python, or "
             "trial.subject." +
             std::string(subject_stem) + "_m[" + std::to_string(i) + "] in C++";
      break;
    }
    const std::string arg = std::string(name) + "[" + std::string(to_string(s)) + "]";
    hipmech::detail::throw_invalid_argument(arg, what, "NaN (not given)");
  }
  check_side_length(value, name, s, max_m);
}

geometry::SegmentFrames turned(const geometry::SegmentFrames& frames,
                               const Eigen::Matrix3d& local) {
  geometry::SegmentFrames out = frames;
  if (local.isIdentity(0.0)) return out;
  for (Eigen::Index f = 0; f < out.n_frames(); ++f) {
    turned_one(out.R_lab_segment.row(f).data(), local);
  }
  return out;
}

void turn_ankle_centre(Trajectory& ankle_centre, const TrajectoryCRef& knee_centre,
                       const TrajectoryCRef& ank, double angle_rad) {
  for (Eigen::Index f = 0; f < ankle_centre.rows(); ++f) {
    ankle_centre.row(f) =
        turn_ankle_centre_one(ankle_centre.row(f).transpose(), knee_centre.row(f).transpose(),
                              ank.row(f).transpose(), angle_rad)
            .transpose();
  }
}

}  // namespace hipmech::model::detail

namespace hipmech::model {

PigLowerBody plug_in_gait(const io::Markers& markers, const PigParameters& parameters,
                          const PigOptions& options) {
  PigLowerBody out;
  // Every marker checked at once, so that one message names all that are missing (and the
  // marker map that would supply them).
  std::vector<std::string> needed;
  std::vector<std::vector<std::string_view>> alternatives;
  detail::pig_markers(options, needed, alternatives);
  markers.require(std::vector<std::string_view>(needed.begin(), needed.end()), alternatives,
                  "markers");
  out.pelvis = pig_pelvis(markers, options.pelvis_rear);

  PigParameters p = detail::checked_parameters(parameters, out.notes);
  if (!std::isfinite(p.inter_asis_distance_m)) {
    p.inter_asis_distance_m = detail::mean_distance(markers.get("LASI"), markers.get("RASI"));
    HIPMECH_CHECK_ARG(std::isfinite(p.inter_asis_distance_m), "inter_asis_distance_m",
                      "a measured distance, or LASI and RASI present in at least one frame",
                      "NaN and no frame with both ASIS markers");
    out.notes.push_back(
        "Inter-ASIS distance not given: the mean LASI-RASI distance of the "
        "markers, " +
        hipmech::detail::significant_digits(p.inter_asis_distance_m * 1e3, 4) + " mm.");
  }
  for (Side s : {Side::Left, Side::Right}) {
    const std::size_t i = detail::index(s);
    detail::PigSideConstants c = detail::pig_side_constants(p, s);
    const Eigen::Vector3d& offset = options.hip_centre_offset_m[i];
    if (!offset.isZero(0.0)) {  // skipped at zero: the default model is unchanged bit for bit
      const std::string arg = "hip_centre_offset_m[" + std::string(to_string(s)) + "]";
      HIPMECH_CHECK_ARG(offset.allFinite() && offset.norm() <= 0.5, arg.c_str(),
                        "a finite offset in m, at most 0.5 m long", offset.transpose());
      c.hip_centre_pelvis_m += offset;
    }
    out.hip_centre[i] = hip_joint_centre_lab(out.pelvis, c.hip_centre_pelvis_m);
    const TrajectoryMap kne = markers.get(io::side_marker(s, "KNE"));
    const TrajectoryMap ank = markers.get(io::side_marker(s, "ANK"));
    out.knee_centre[i] = chord_function(markers.get(io::side_marker(s, "THI")), out.hip_centre[i],
                                        kne, c.knee_offset_m, c.knee_rotation_rad);
    out.ankle_centre[i] = chord_function(markers.get(io::side_marker(s, "TIB")), out.knee_centre[i],
                                         ank, c.ankle_offset_m, c.ankle_rotation_rad);
    if (c.ankle_abduction_rad != 0.0) {
      detail::turn_ankle_centre(out.ankle_centre[i], out.knee_centre[i], ank,
                                c.ankle_abduction_rad);
    }
    out.thigh[i] = geometry::frames_from_vectors(
        out.knee_centre[i], out.hip_centre[i] - out.knee_centre[i], geometry::Axis::Y,
        detail::to_right(kne, out.knee_centre[i], s), geometry::Axis::Z);
    out.shank_malleolar[i] = geometry::frames_from_vectors(
        out.ankle_centre[i], out.knee_centre[i] - out.ankle_centre[i], geometry::Axis::Y,
        detail::to_right(ank, out.ankle_centre[i], s), geometry::Axis::Z);
    out.shank[i] = detail::turned(out.shank_malleolar[i], c.tibial_torsion);
    if (options.feet) {
      // Uncorrected foot, then the static offsets as rotations about its Z and Y axes:
      // R_foot = R_uncorrected R_Z(plantar flexion) R_Y(+/-rotation offset), Plug-in Gait's
      // R_Y(-p) R_X(-/+o) in its own foot axes.
      const geometry::SegmentFrames foot = detail::uncorrected_foot(
          markers.get(io::side_marker(s, "TOE")), out.ankle_centre[i], out.shank[i]);
      out.foot[i] = detail::turned(
          foot, geometry::compose_one(
                    Eigen::Vector3d(p.static_plantar_flexion_rad[i],
                                    lateral_sign(s) * p.static_rotation_offset_rad[i], 0.0),
                    geometry::CardanSequence::ZYX));
    }
  }
  out.notes.insert(out.notes.begin(), p.notes.begin(), p.notes.end());
  out.parameters = std::move(p);
  return out;
}

PigParameters plug_in_gait_static(const io::Markers& static_markers,
                                  const PigParameters& parameters,
                                  const PigStaticOptions& options) {
  static_markers.require({"LHEE", "RHEE"}, "static_markers");
  PigParameters p = parameters;
  p.static_plantar_flexion_rad = {0.0, 0.0};
  p.static_rotation_offset_rad = {0.0, 0.0};
  PigOptions model_options;
  model_options.pelvis_rear = options.pelvis_rear;
  const PigLowerBody body = plug_in_gait(static_markers, p, model_options);
  p.inter_asis_distance_m = body.parameters.inter_asis_distance_m;
  const int up = axis_index(options.up);
  for (Side s : {Side::Left, Side::Right}) {
    const std::size_t i = detail::index(s);
    Trajectory heel = static_markers.get(io::side_marker(s, "HEE"));
    const Trajectory toe = static_markers.get(io::side_marker(s, "TOE"));
    if (options.flat_foot[i]) {
      const std::string arg = "sole_delta_m[" + std::string(to_string(s)) + "]";
      HIPMECH_CHECK_ARG(std::isfinite(p.sole_delta_m[i]) && std::abs(p.sole_delta_m[i]) < 0.1,
                        arg.c_str(), "a finite length within +/-0.1 m for a flat foot",
                        p.sole_delta_m[i]);
      heel.col(up) = toe.col(up).array() + axis_sign(options.up) * p.sole_delta_m[i];
    }
    const geometry::SegmentFrames flat = detail::uncorrected_foot(
        toe - heel + body.ankle_centre[i], body.ankle_centre[i], body.shank[i]);
    const geometry::SegmentFrames& foot = body.foot[i];  // uncorrected: offsets were 0
    double sum_p = 0.0, sum_o = 0.0;
    Eigen::Index count = 0;
    for (Eigen::Index f = 0; f < foot.n_frames(); ++f) {
      const Eigen::Matrix3d rel = geometry::rotation_at(foot.R_lab_segment, f).transpose() *
                                  geometry::rotation_at(flat.R_lab_segment, f);
      if (!rel.allFinite()) continue;
      const Eigen::Vector3d a = geometry::decompose_one(rel, geometry::CardanSequence::ZYX);
      sum_p += a[0];
      sum_o += a[1];
      ++count;
    }
    HIPMECH_CHECK_ARG(count > 0, "static_markers",
                      "at least one frame with every foot marker and joint centre",
                      "no complete frame on the " + std::string(to_string(s)) + " side");
    p.static_plantar_flexion_rad[i] = sum_p / static_cast<double>(count);
    p.static_rotation_offset_rad[i] = lateral_sign(s) * sum_o / static_cast<double>(count);
  }
  return p;
}

}  // namespace hipmech::model
