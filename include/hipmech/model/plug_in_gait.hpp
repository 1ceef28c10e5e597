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
#include <limits>
#include <string>

#include <Eigen/Core>

#include "hipmech/core/check.hpp"
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

/// Subject measurements of Plug-in Gait, per side (index 0 = left, 1 = right) [m, rad].
/// NaN means "not measured": the defaults below apply where Plug-in Gait has one.
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
  /// Foot offsets from the static trial (Plug-in Gait "StaticPlantFlex", "StaticRotOff"),
  /// per side [rad]; 0 = none (see plug_in_gait_static).
  std::array<double, 2> static_plantar_flexion_rad{0.0, 0.0};
  std::array<double, 2> static_rotation_offset_rad{0.0, 0.0};

  /// From a C3D's subject parameters (Vicon PROCESSING group); unknown values stay NaN and
  /// the marker diameter keeps its default when the file has none.
  static PigParameters from_subject(const io::SubjectParameters& s) {
    PigParameters p;
    for (std::size_t i = 0; i < 2; ++i) {
      p.leg_length_m[i] = s.leg_length_m[i];
      p.knee_width_m[i] = s.knee_width_m[i];
      p.ankle_width_m[i] = s.ankle_width_m[i];
      p.asis_trochanter_distance_m[i] = s.asis_trochanter_distance_m[i];
    }
    p.inter_asis_distance_m = s.inter_asis_distance_m;
    if (std::isfinite(s.marker_diameter_m)) p.marker_diameter_m = s.marker_diameter_m;
    return p;
  }
};

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
  /// Origin ankle centre; Y = knee centre - ankle centre; Z from the ankle marker (to the
  /// right). Without tibial torsion: the frame Plug-in Gait uses for knee angles.
  std::array<geometry::SegmentFrames, 2> shank;
  /// Origin ankle centre; X from the ankle centre to TOE, Z the shank's right axis, then the
  /// static offsets (Plug-in Gait's corrected foot). Empty when PigOptions::feet is off.
  std::array<geometry::SegmentFrames, 2> foot;
  /// Joint centres in the lab, #frames by 3 [m].
  std::array<Trajectory, 2> hip_centre, knee_centre, ankle_centre;
  /// The parameters used, with the defaults filled in (inter-ASIS, ASIS-trochanter).
  PigParameters parameters;

  const geometry::SegmentFrames& thigh_of(Side s) const { return thigh[detail::index(s)]; }
  const geometry::SegmentFrames& shank_of(Side s) const { return shank[detail::index(s)]; }
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

/// The Plug-in Gait (Conventional Gait Model 1) lower body for every frame.
///
/// Pelvis as pig_pelvis; hip centres by Davis et al. (1991) with Plug-in Gait's constants
/// (davis_hip_joint_centre, with the mean leg length and marker radius = diameter / 2); knee
/// centres by the chord function from THI, the hip centre and KNE with offset knee width / 2 +
/// marker radius; ankle centres by the chord function from TIB, the knee centre and ANK with
/// offset ankle width / 2 + marker radius; thigh, shank and foot frames as in PigLowerBody.
/// Reproduces Vicon's LFEP/RFEP, LFEO/RFEO and LTIO/RTIO to < 0.001 mm and the segment axes to
/// 1e-6 on ../shared/validation/pycgm_pig_stair (tests/python/test_model.py).
/// Thigh and shank rotation offsets (KAD) and tibial torsion are not modelled (taken as 0).
/// \param markers Plug-in Gait markers [m]: LASI, RASI, SACR or LPSI+RPSI, and per side THI,
///        KNE, TIB, ANK (and TOE for the feet)
/// \param parameters subject measurements; leg lengths, knee and ankle widths are required
/// \throws InvalidArgument listing the missing markers, or naming a missing measurement.
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
    }
  }
  HIPMECH_CHECK_ARG(std::isfinite(p.marker_diameter_m) && p.marker_diameter_m >= 0.0,
                    "marker_diameter_m", "a finite diameter >= 0 in m", p.marker_diameter_m);
  if (!std::isfinite(p.inter_asis_distance_m)) {
    p.inter_asis_distance_m = detail::mean_distance(markers.get("LASI"), markers.get("RASI"));
    HIPMECH_CHECK_ARG(std::isfinite(p.inter_asis_distance_m), "inter_asis_distance_m",
                      "a measured distance, or LASI and RASI present in at least one frame",
                      "NaN and no frame with both ASIS markers");
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
    out.knee_centre[i] = chord_function(markers.get(io::side_marker(s, "THI")), out.hip_centre[i],
                                        kne, 0.5 * p.knee_width_m[i] + radius);
    out.ankle_centre[i] = chord_function(markers.get(io::side_marker(s, "TIB")), out.knee_centre[i],
                                         ank, 0.5 * p.ankle_width_m[i] + radius);
    out.thigh[i] = geometry::frames_from_vectors(
        out.knee_centre[i], out.hip_centre[i] - out.knee_centre[i], geometry::Axis::Y,
        detail::to_right(kne, out.knee_centre[i], s), geometry::Axis::Z);
    out.shank[i] = geometry::frames_from_vectors(
        out.ankle_centre[i], out.knee_centre[i] - out.ankle_centre[i], geometry::Axis::Y,
        detail::to_right(ank, out.ankle_centre[i], s), geometry::Axis::Z);
    if (options.feet) {
      // Uncorrected foot, then the static offsets as rotations about its Z and Y axes:
      // R_foot = R_uncorrected R_Z(plantar flexion) R_Y(+/-rotation offset), Plug-in Gait's
      // R_Y(-p) R_X(-/+o) in its own foot axes.
      geometry::SegmentFrames foot =
          detail::uncorrected_foot(markers.get(io::side_marker(s, "TOE")), out.ankle_centre[i],
                                   out.shank[i]);
      const Eigen::Matrix3d offset = geometry::compose_one(
          Eigen::Vector3d(p.static_plantar_flexion_rad[i],
                          lateral_sign(s) * p.static_rotation_offset_rad[i], 0.0),
          geometry::CardanSequence::ZYX);
      for (Eigen::Index f = 0; f < foot.n_frames(); ++f) {
        auto R = geometry::rotation_at(foot.R_lab_segment, f);
        R = (Eigen::Matrix3d(R) * offset).eval();
      }
      out.foot[i] = std::move(foot);
    }
  }
  out.parameters = p;
  return out;
}

/// Plug-in Gait's static calibration of the foot: the plantar-flexion and rotation offsets
/// between the uncorrected foot (ankle centre -> TOE) and the static foot (HEE -> TOE), as the
/// means over the static trial of the first two angles of the ZYX decomposition of
/// R_uncorrected^T R_static (Plug-in Gait's "StaticPlantFlex" and "StaticRotOff"; checked
/// against the Vicon subject file of ../shared/validation/pycgm_pig_stair to 1e-4 deg).
/// The inter-ASIS distance is measured on the static trial when `parameters` has none.
/// \param static_markers the static trial's markers [m]: those of plug_in_gait plus LHEE, RHEE
/// \return `parameters` with the foot offsets (and inter-ASIS distance) filled in.
/// \throws InvalidArgument listing missing markers, or if no frame gives a foot.
inline PigParameters plug_in_gait_static(const io::Markers& static_markers,
                                         const PigParameters& parameters,
                                         PelvisRear pelvis_rear = PelvisRear::Auto) {
  static_markers.require({"LHEE", "RHEE"}, "static_markers");
  PigParameters p = parameters;
  p.static_plantar_flexion_rad = {0.0, 0.0};
  p.static_rotation_offset_rad = {0.0, 0.0};
  PigOptions options;
  options.pelvis_rear = pelvis_rear;
  const PigLowerBody body = plug_in_gait(static_markers, p, options);
  p.inter_asis_distance_m = body.parameters.inter_asis_distance_m;
  for (Side s : {Side::Left, Side::Right}) {
    const std::size_t i = detail::index(s);
    const geometry::SegmentFrames flat =
        detail::uncorrected_foot(static_markers.get(io::side_marker(s, "TOE")) -
                                     static_markers.get(io::side_marker(s, "HEE")) +
                                     body.ankle_centre[i],
                                 body.ankle_centre[i], body.shank[i]);
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
