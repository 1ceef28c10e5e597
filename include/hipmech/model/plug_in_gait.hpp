/// \file
/// The Plug-in Gait / Conventional Gait Model 1 lower body: pelvis, thigh, shank and foot
/// frames and the hip, knee and ankle joint centres from the Plug-in Gait marker set, computed
/// as Vicon's Plug-in Gait computes them (checked against Vicon's own outputs, docs/model.md).
///
/// Frames use ISB axes for every segment (X anterior, Y superior, Z right, Wu et al. 2002);
/// Plug-in Gait's own axes (X anterior, Y left, Z superior; the foot's Z along the foot) are a
/// fixed relabelling of these, given in docs/model.md.
#pragma once

#include <array>
#include <cmath>
#include <initializer_list>
#include <limits>
#include <string>
#include <vector>

#include <Eigen/Core>
#include <Eigen/Geometry>

#include "hipmech/core/check.hpp"
#include "hipmech/core/detail/text.hpp"
#include "hipmech/core/lab_axes.hpp"
#include "hipmech/core/side.hpp"
#include "hipmech/geometry/cardan.hpp"
#include "hipmech/geometry/segment_frames.hpp"
#include "hipmech/io/trial.hpp"
#include "hipmech/model/chord_function.hpp"
#include "hipmech/model/hip_joint_centre.hpp"
#include "hipmech/io/markers.hpp"

namespace hipmech::model {

namespace detail {
constexpr double nan = std::numeric_limits<double>::quiet_NaN();
constexpr std::size_t index(Side side) noexcept { return side == Side::Left ? 0 : 1; }
}  // namespace detail

/// Subject measurements and offsets of Plug-in Gait, per side (index 0 = left, 1 = right)
/// [m, rad]. NaN lengths mean "not measured": the defaults below apply where Plug-in Gait has
/// one. Angles keep Vicon's sign (positive = internal rotation of the segment's flexion axis;
/// tibial torsion negative = external; docs/model.md, "Rotation offsets").
struct PigParameters {
  /// ASIS to medial malleolus, per side [m]. Required.
  std::array<double, 2> leg_length_m{detail::nan, detail::nan};
  /// Knee width (femoral epicondyles), per side [m]. Required for knee and ankle centres.
  std::array<double, 2> knee_width_m{detail::nan, detail::nan};
  /// Ankle width (malleoli), per side [m]. Required for ankle centres.
  std::array<double, 2> ankle_width_m{detail::nan, detail::nan};
  /// Distance between the ASIS [m]; NaN: the mean marker distance of the trial.
  double inter_asis_distance_m = detail::nan;
  /// ASIS to greater trochanter, per side [m]; NaN: 0.1288 leg length - 0.04856 m.
  std::array<double, 2> asis_trochanter_distance_m{detail::nan, detail::nan};
  /// Marker diameter [m]; Plug-in Gait's default 14 mm. Its half (plus any base plate) is the
  /// offset from a marker centre to the skin.
  double marker_diameter_m = 0.014;
  /// Thigh rotation offset ("ThighRotation"), per side [rad]: the knee centre turned about the
  /// thigh's long axis away from the plane of THI, hip centre and KNE (chord_function,
  /// chord_rotation()). 0 = none.
  std::array<double, 2> thigh_rotation_rad{0.0, 0.0};
  /// Shank rotation offset ("ShankRotation"), per side [rad]: the same for the ankle centre and
  /// the plane of TIB, knee centre and ANK. 0 = none.
  std::array<double, 2> shank_rotation_rad{0.0, 0.0};
  /// Tibial torsion ("TibialTorsion"), per side [rad]: the angle about the shank's long axis
  /// between the ankle's flexion axis (the malleoli, PigLowerBody::shank_malleolar) and the
  /// knee's (PigLowerBody::shank). 0 = none.
  std::array<double, 2> tibial_torsion_rad{0.0, 0.0};
  /// Ankle ab/adduction offset ("AnkleAbAdd"), per side [rad]: the ankle centre turned about an
  /// antero-posterior axis through ANK. Non-zero only when a static trial placed the ankle
  /// centre from a medial malleolus marker. 0 = none.
  std::array<double, 2> ankle_abduction_rad{0.0, 0.0};
  /// Foot offsets from the static trial (Plug-in Gait "StaticPlantFlex", "StaticRotOff"),
  /// per side [rad]; 0 = none (see plug_in_gait_static).
  std::array<double, 2> static_plantar_flexion_rad{0.0, 0.0};
  std::array<double, 2> static_rotation_offset_rad{0.0, 0.0};
  /// Heel-to-toe sole thickness difference ("SoleDelta"), per side [m]: the heel height over
  /// the toe's for a flat foot in plug_in_gait_static. 0 = none.
  std::array<double, 2> sole_delta_m{0.0, 0.0};
  /// What from_subject() took as a default or did not apply, one sentence each; carried into
  /// PigLowerBody::notes.
  std::vector<std::string> notes;

  /// From a trial's or a subject file's subject parameters (io::SubjectParameters: the C3D
  /// PROCESSING group, io::subject_from_named for a .vsk). Unknown lengths stay NaN (the
  /// defaults above apply; leg lengths, knee and ankle widths are required by plug_in_gait);
  /// the marker diameter keeps 14 mm when the source has none; a missing offset is 0. Every
  /// default taken and every parameter of the source the lower-body model does not apply is
  /// named in `notes`.
  static PigParameters from_subject(const io::SubjectParameters& s);
};

namespace detail {

/// True when `name` (a subject parameter, with or without its L/R or Left/Right prefix) is
/// one of `stems` (case-insensitive).
inline bool has_stem(const std::string& name, std::initializer_list<const char*> stems) {
  const std::string n = hipmech::detail::folded(name);
  for (const char* stem : stems) {
    const std::string t = hipmech::detail::folded(stem);
    for (const char* prefix : {"", "l", "r", "left", "right"}) {
      if (n == prefix + t) return true;
    }
  }
  return false;
}

inline std::string joined(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

}  // namespace detail

inline PigParameters PigParameters::from_subject(const io::SubjectParameters& s) {
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
        large.push_back(std::string(i == 0 ? "L" : "R") + stem + " = " +
                        hipmech::detail::significant_digits(
                            v[i] * 180.0 / geometry::detail::kPi, 5) +
                        " deg");
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
    p.notes.push_back("Subject parameters beyond 90 deg, applied as given (Vicon stores "
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
    if (detail::has_stem(name, {"ShoulderOffset", "ElbowWidth", "WristWidth", "HandThickness",
                                "HeadOffset"})) {
      upper.push_back(name);
    } else if (detail::has_stem(name, {"PelvisLength", "FemurLength", "TibiaLength",
                                       "FootLength", "MeanLegLength", "Beta", "Theta", "C",
                                       "HJCy", "ViconLegLength"})) {
      fitted.push_back(name);
    } else {
      unused.push_back(name);
    }
  }
  std::string not_applied;
  const auto group = [&](const std::vector<std::string>& names, const char* what) {
    if (names.empty()) return;
    not_applied += std::string(not_applied.empty() ? "" : "; ") + what + " (" +
                   detail::joined(names) + ")";
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

/// Which markers define the back of the pelvis.
enum class PelvisRear {
  Auto,  ///< SACR when present, otherwise the mid-point of LPSI and RPSI
  Sacrum,
  Psis,
};

/// Options of plug_in_gait().
struct PigOptions {
  PelvisRear pelvis_rear = PelvisRear::Auto;
  /// Compute the feet (needs TOE markers); off for a pelvis-and-legs model without feet.
  bool feet = true;
};

/// Output of the Plug-in Gait lower-body model; per-side arrays are indexed 0 = left, 1 = right.
struct PigLowerBody {
  /// Origin mid-ASIS; Z = RASI - LASI; X towards mid-ASIS from the sacrum, orthogonal to Z.
  geometry::SegmentFrames pelvis;
  /// Origin knee centre; Y = hip centre - knee centre; Z from the knee marker (lateral on the
  /// right, medial on the left: always to the right).
  std::array<geometry::SegmentFrames, 2> thigh;
  /// Origin ankle centre; Y = knee centre - ankle centre; Z the knee's flexion axis: the
  /// malleolar frame (shank_malleolar) turned about Y by the tibial torsion,
  /// R_shank = R_malleolar R_Y(-lateral_sign(side) torsion). Vicon's tibia (bone markers TI*,
  /// its "untorsioned tibia"): the distal frame of the knee angles, whose Z also builds the
  /// foot. Equal to shank_malleolar without tibial torsion.
  std::array<geometry::SegmentFrames, 2> shank;
  /// Origin ankle centre; Y = knee centre - ankle centre; Z from the ankle marker (to the
  /// right), the ankle's flexion axis (Vicon's "torsioned tibia"): the proximal frame of
  /// Plug-in Gait's ankle angles (plug_in_gait_ankle_angles).
  std::array<geometry::SegmentFrames, 2> shank_malleolar;
  /// Origin ankle centre; X from the ankle centre to TOE, Z the shank's right axis, then the
  /// static offsets (Plug-in Gait's corrected foot). Empty when PigOptions::feet is off.
  std::array<geometry::SegmentFrames, 2> foot;
  /// Joint centres in the lab, #frames by 3 [m].
  std::array<Trajectory, 2> hip_centre, knee_centre, ankle_centre;
  /// The parameters used, with the defaults filled in (inter-ASIS, ASIS-trochanter).
  PigParameters parameters;
  /// What the model took as a default or did not apply (PigParameters::notes, and the model's
  /// own), one sentence each.
  std::vector<std::string> notes;

  const geometry::SegmentFrames& thigh_of(Side s) const { return thigh[detail::index(s)]; }
  const geometry::SegmentFrames& shank_of(Side s) const { return shank[detail::index(s)]; }
  const geometry::SegmentFrames& shank_malleolar_of(Side s) const {
    return shank_malleolar[detail::index(s)];
  }
  const geometry::SegmentFrames& foot_of(Side s) const { return foot[detail::index(s)]; }
};

namespace detail {

inline Trajectory midpoint(const TrajectoryCRef& a, const TrajectoryCRef& b) {
  return 0.5 * (a + b);
}

/// Mean |a - b| over the frames where both are present; NaN if none.
inline double mean_distance(const TrajectoryCRef& a, const TrajectoryCRef& b) {
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

/// The rear pelvis point per frame (SACR or mid-PSIS) after checking the markers.
inline Trajectory pelvis_rear(const io::Markers& m, PelvisRear rear) {
  if (rear == PelvisRear::Sacrum || (rear == PelvisRear::Auto && m.has("SACR"))) {
    m.require({"LASI", "RASI", "SACR"}, "markers");
    return m.get("SACR");
  }
  m.require({"LASI", "RASI", "LPSI", "RPSI"}, "markers");
  return midpoint(m.get("LPSI"), m.get("RPSI"));
}

/// The right-pointing vector of a leg segment from its lateral marker: marker - centre on the
/// right, centre - marker on the left.
inline Trajectory to_right(const TrajectoryCRef& marker, const TrajectoryCRef& centre, Side side) {
  return lateral_sign(side) * (marker - centre);
}

/// The shank's Z (right) axis per frame, #frames by 3.
inline Trajectory right_axis(const geometry::SegmentFrames& frames) {
  Trajectory out(frames.n_frames(), 3);
  for (Eigen::Index f = 0; f < out.rows(); ++f) {
    out.row(f) = geometry::rotation_at(frames.R_lab_segment, f).col(2).transpose();
  }
  return out;
}

/// Plug-in Gait's uncorrected foot: origin the ankle centre, X from the ankle centre towards
/// `front` (TOE), Z in the plane of the shank's right axis.
inline geometry::SegmentFrames uncorrected_foot(const TrajectoryCRef& front,
                                                const Trajectory& ankle_centre,
                                                const geometry::SegmentFrames& shank) {
  return geometry::frames_from_vectors(ankle_centre, front - ankle_centre, geometry::Axis::X,
                                       right_axis(shank), geometry::Axis::Z);
}

/// The Plug-in Gait pelvis frame from ASIS markers and a rear point already computed.
inline geometry::SegmentFrames pelvis_from_rear(const io::Markers& markers,
                                                const TrajectoryCRef& back) {
  const Trajectory lasi = markers.get("LASI"), rasi = markers.get("RASI");
  const Trajectory origin = midpoint(lasi, rasi);
  return geometry::frames_from_vectors(origin, rasi - lasi, geometry::Axis::Z, origin - back,
                                       geometry::Axis::X);
}

inline void check_side_angle(double value, const char* name, Side side) {
  const std::string arg = std::string(name) + "[" + std::string(to_string(side)) + "]";
  HIPMECH_CHECK_ARG(std::isfinite(value) && std::abs(value) <= geometry::detail::kPi,
                    arg.c_str(), "a finite angle in [-pi, pi] rad", value);
}

/// `frames` with every rotation post-multiplied by `local` (a rotation in segment axes).
inline geometry::SegmentFrames turned(const geometry::SegmentFrames& frames,
                                      const Eigen::Matrix3d& local) {
  geometry::SegmentFrames out = frames;
  if (local.isIdentity(0.0)) return out;
  for (Eigen::Index f = 0; f < out.n_frames(); ++f) {
    auto R = geometry::rotation_at(out.R_lab_segment, f);
    R = (Eigen::Matrix3d(R) * local).eval();
  }
  return out;
}

/// Plug-in Gait's ankle ab/adduction offset: the ankle centre turned by `angle_rad` about the
/// axis through ANK along Z x (ANK - AJC), Z = unit(KJC - AJC) (the same sense on both sides:
/// the axis points backwards on the left and forwards on the right).
inline void turn_ankle_centre(Trajectory& ankle_centre, const TrajectoryCRef& knee_centre,
                              const TrajectoryCRef& ank, double angle_rad) {
  for (Eigen::Index f = 0; f < ankle_centre.rows(); ++f) {
    const Eigen::Vector3d ajc = ankle_centre.row(f).transpose();
    const Eigen::Vector3d a = ank.row(f).transpose();
    const Eigen::Vector3d z = (knee_centre.row(f).transpose() - ajc).normalized();
    const Eigen::Vector3d x = z.cross(a - ajc).normalized();
    ankle_centre.row(f) = (a + Eigen::AngleAxisd(angle_rad, x) * (ajc - a)).transpose();
  }
}

inline void check_side_length(double value, const char* name, Side side) {
  const std::string arg = std::string(name) + "[" + std::string(to_string(side)) + "]";
  HIPMECH_CHECK_ARG(std::isfinite(value) && value > 0.0, arg.c_str(),
                    "a finite positive length in m", value);
}

}  // namespace detail

/// The Plug-in Gait pelvis frame: origin mid-ASIS, Z = RASI - LASI, X from the rear point
/// (SACR or mid-PSIS) towards mid-ASIS made orthogonal to Z, Y = Z x X.
/// \throws InvalidArgument listing missing markers.
inline geometry::SegmentFrames pig_pelvis(const io::Markers& markers,
                                          PelvisRear rear = PelvisRear::Auto) {
  return detail::pelvis_from_rear(markers, detail::pelvis_rear(markers, rear));
}

/// The Plug-in Gait (Conventional Gait Model 1) lower body for every frame, as Vicon Nexus
/// computes it (docs/model.md; Davis et al. 1991; Kadaba et al. 1990; Vicon's Plug-in Gait
/// reference guide):
///   - pelvis as pig_pelvis;
///   - hip centres by Davis et al. (1991) with Plug-in Gait's constants
///     (davis_hip_joint_centre, with the mean leg length and marker radius = diameter / 2);
///   - knee centres by chord_function from THI, the hip centre and KNE at (knee width + marker
///     diameter) / 2, turned by the thigh rotation offset (chord_rotation);
///   - ankle centres by chord_function from TIB, the knee centre and ANK at (ankle width +
///     marker diameter) / 2, turned by the shank rotation offset, then by the ankle
///     ab/adduction offset about the antero-posterior axis through ANK;
///   - thigh frames from the knee centre, hip centre and KNE; the malleolar shank from the
///     ankle centre, knee centre and ANK; the shank (knee) frame the malleolar one turned by
///     the tibial torsion; feet from the ankle centre, TOE and the shank's Z, then the static
///     offsets.
/// Reproduces Vicon's bone markers (LFEP, LFEO, LTIO, ...) to < 0.001 mm and its segment axes
/// to 1e-5 on ../shared/validation/pycgm_pig_stair (no offsets) and
/// ../shared/validation/biomechzoo_pig_child (thigh rotation -6/-13 deg, shank rotation
/// +3.9/-0.5 deg, tibial torsion -16/-21 deg) (tests/python/test_model.py, test_model_offsets.py).
/// \param markers Plug-in Gait markers [m]: LASI, RASI, SACR or LPSI+RPSI, and per side THI,
///        KNE, TIB, ANK (and TOE for the feet)
/// \param parameters subject measurements and offsets; leg lengths, knee and ankle widths are
///        required
/// \throws InvalidArgument listing the missing markers, naming a missing measurement, or an
///         offset that is not finite or beyond +/-pi.
inline PigLowerBody plug_in_gait(const io::Markers& markers, const PigParameters& parameters,
                                 const PigOptions& options = {}) {
  PigLowerBody out;
  out.pelvis = pig_pelvis(markers, options.pelvis_rear);
  std::vector<std::string> needed;
  for (Side s : {Side::Left, Side::Right}) {
    for (const char* name : {"THI", "KNE", "TIB", "ANK"}) needed.push_back(io::side_marker(s, name));
    if (options.feet) needed.push_back(io::side_marker(s, "TOE"));
  }
  markers.require(std::vector<std::string_view>(needed.begin(), needed.end()), "markers");

  PigParameters p = parameters;
  for (Side s : {Side::Left, Side::Right}) {
    const std::size_t i = detail::index(s);
    detail::check_side_length(p.leg_length_m[i], "leg_length_m", s);
    detail::check_side_length(p.knee_width_m[i], "knee_width_m", s);
    detail::check_side_length(p.ankle_width_m[i], "ankle_width_m", s);
    if (!std::isfinite(p.asis_trochanter_distance_m[i])) {
      p.asis_trochanter_distance_m[i] = default_asis_trochanter_distance(p.leg_length_m[i]);
      out.notes.push_back("ASIS-trochanter distance (" + std::string(to_string(s)) +
                          ") not given: Plug-in Gait's 0.1288 leg length - 48.56 mm = " +
                          hipmech::detail::significant_digits(
                              p.asis_trochanter_distance_m[i] * 1e3, 4) +
                          " mm.");
    }
    detail::check_side_angle(p.thigh_rotation_rad[i], "thigh_rotation_rad", s);
    detail::check_side_angle(p.shank_rotation_rad[i], "shank_rotation_rad", s);
    detail::check_side_angle(p.tibial_torsion_rad[i], "tibial_torsion_rad", s);
    detail::check_side_angle(p.ankle_abduction_rad[i], "ankle_abduction_rad", s);
    detail::check_side_angle(p.static_plantar_flexion_rad[i], "static_plantar_flexion_rad", s);
    detail::check_side_angle(p.static_rotation_offset_rad[i], "static_rotation_offset_rad", s);
  }
  HIPMECH_CHECK_ARG(std::isfinite(p.marker_diameter_m) && p.marker_diameter_m >= 0.0,
                    "marker_diameter_m", "a finite diameter >= 0 in m", p.marker_diameter_m);
  if (!std::isfinite(p.inter_asis_distance_m)) {
    p.inter_asis_distance_m = detail::mean_distance(markers.get("LASI"), markers.get("RASI"));
    HIPMECH_CHECK_ARG(std::isfinite(p.inter_asis_distance_m), "inter_asis_distance_m",
                      "a measured distance, or LASI and RASI present in at least one frame",
                      "NaN and no frame with both ASIS markers");
    out.notes.push_back("Inter-ASIS distance not given: the mean LASI-RASI distance of the "
                        "markers, " +
                        hipmech::detail::significant_digits(p.inter_asis_distance_m * 1e3, 4) +
                        " mm.");
  }
  const double radius = 0.5 * p.marker_diameter_m;
  const double mean_leg = 0.5 * (p.leg_length_m[0] + p.leg_length_m[1]);

  for (Side s : {Side::Left, Side::Right}) {
    const std::size_t i = detail::index(s);
    const Eigen::Vector3d hjc_local = davis_hip_joint_centre(
        mean_leg, p.inter_asis_distance_m, p.asis_trochanter_distance_m[i], radius, s);
    out.hip_centre[i] = hip_joint_centre_lab(out.pelvis, hjc_local);
    const TrajectoryMap kne = markers.get(io::side_marker(s, "KNE"));
    const TrajectoryMap ank = markers.get(io::side_marker(s, "ANK"));
    out.knee_centre[i] =
        chord_function(markers.get(io::side_marker(s, "THI")), out.hip_centre[i], kne,
                       0.5 * p.knee_width_m[i] + radius,
                       chord_rotation(s, p.thigh_rotation_rad[i]));
    out.ankle_centre[i] =
        chord_function(markers.get(io::side_marker(s, "TIB")), out.knee_centre[i], ank,
                       0.5 * p.ankle_width_m[i] + radius,
                       chord_rotation(s, p.shank_rotation_rad[i]));
    if (p.ankle_abduction_rad[i] != 0.0) {
      detail::turn_ankle_centre(out.ankle_centre[i], out.knee_centre[i], ank,
                                p.ankle_abduction_rad[i]);
    }
    out.thigh[i] = geometry::frames_from_vectors(
        out.knee_centre[i], out.hip_centre[i] - out.knee_centre[i], geometry::Axis::Y,
        detail::to_right(kne, out.knee_centre[i], s), geometry::Axis::Z);
    out.shank_malleolar[i] = geometry::frames_from_vectors(
        out.ankle_centre[i], out.knee_centre[i] - out.ankle_centre[i], geometry::Axis::Y,
        detail::to_right(ank, out.ankle_centre[i], s), geometry::Axis::Z);
    // Tibial torsion: R_shank = R_malleolar R_Y(-lateral_sign(side) torsion), Vicon's
    // untorsioned tibia (R Rz(+LTibialTorsion) left, R Rz(-RTibialTorsion) right in its axes).
    out.shank[i] = detail::turned(out.shank_malleolar[i],
                                  Eigen::AngleAxisd(-lateral_sign(s) * p.tibial_torsion_rad[i],
                                                    Eigen::Vector3d::UnitY())
                                      .toRotationMatrix());
    if (options.feet) {
      // Uncorrected foot, then the static offsets as rotations about its Z and Y axes:
      // R_foot = R_uncorrected R_Z(plantar flexion) R_Y(+/-rotation offset), Plug-in Gait's
      // R_Y(-p) R_X(-/+o) in its own foot axes.
      const geometry::SegmentFrames foot =
          detail::uncorrected_foot(markers.get(io::side_marker(s, "TOE")), out.ankle_centre[i],
                                   out.shank[i]);
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

/// Options of plug_in_gait_static().
struct PigStaticOptions {
  PelvisRear pelvis_rear = PelvisRear::Auto;
  /// Per side (0 left, 1 right): the foot stood flat on the floor in the static trial, Plug-in
  /// Gait's "foot flat" option. The heel marker is then taken at the toe marker's height plus
  /// PigParameters::sole_delta_m before the offsets are measured, so that the static
  /// plantar-flexion offset does not depend on how high the heel marker sits.
  std::array<bool, 2> flat_foot{false, false};
  /// The lab's up axis (for flat_foot): io::Trial::lab_axes.up() of the static trial.
  SignedAxis up = SignedAxis::PosZ;
};

/// Plug-in Gait's static calibration of the foot: the plantar-flexion and rotation offsets
/// between the uncorrected foot (ankle centre -> TOE, with the shank's Z) and the static foot
/// (HEE -> TOE, same Z), as the means over the static trial of the first two angles of the ZYX
/// decomposition of R_uncorrected^T R_static (Plug-in Gait's "StaticPlantFlex" and
/// "StaticRotOff"). The joint centres use every offset in `parameters` (thigh and shank
/// rotation, tibial torsion) through the chord function, as in the dynamic trials (a Vicon
/// static trial with medial malleolus or KAD markers places them from those instead; not
/// modelled, docs/model.md). Checked against the
/// Vicon subject file of ../shared/validation/pycgm_pig_stair to 1e-4 deg, and against the
/// offsets Vicon stored for the flat-foot static trial of
/// ../shared/validation/biomechzoo_pig_child.
/// The inter-ASIS distance is measured on the static trial when `parameters` has none.
/// \param static_markers the static trial's markers [m]: those of plug_in_gait plus LHEE, RHEE
/// \return `parameters` with the foot offsets (and inter-ASIS distance) filled in.
/// \throws InvalidArgument listing missing markers, or if no frame gives a foot.
inline PigParameters plug_in_gait_static(const io::Markers& static_markers,
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

/// plug_in_gait_static() without the flat-foot option.
inline PigParameters plug_in_gait_static(const io::Markers& static_markers,
                                         const PigParameters& parameters,
                                         PelvisRear pelvis_rear = PelvisRear::Auto) {
  PigStaticOptions options;
  options.pelvis_rear = pelvis_rear;
  return plug_in_gait_static(static_markers, parameters, options);
}

}  // namespace hipmech::model
