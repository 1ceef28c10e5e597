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
#include <string_view>
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
bool has_stem(const std::string& name, std::initializer_list<const char*> stems);

inline std::string joined(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

}  // namespace detail

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
  /// Offset added to each hip joint centre of Davis et al. (1991), in the ISB pelvis frame (X
  /// anterior, Y superior, Z right) [m]; index 0 = left, 1 = right. The hip centre, and with it
  /// the knee and ankle centres and the thigh and shank frames, move with it: a hip centre
  /// placed by another method or perturbed by its error (uncertainty::propagate). Zero (the
  /// default) leaves the model as Plug-in Gait computes it, bit for bit.
  std::array<Eigen::Vector3d, 2> hip_centre_offset_m{Eigen::Vector3d::Zero(),
                                                     Eigen::Vector3d::Zero()};
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
double mean_distance(const TrajectoryCRef& a, const TrajectoryCRef& b);

/// The pelvis markers `rear` needs: appended to `names` (LASI, RASI and the rear markers),
/// or, for PelvisRear::Auto, the choice "SACR, or both LPSI and RPSI" set in `alternatives`.
void pelvis_markers(PelvisRear rear, std::vector<std::string>& names,
                    std::vector<std::vector<std::string_view>>& alternatives);

/// The rear pelvis point per frame (SACR or mid-PSIS) after checking the markers; a missing
/// marker is named with its alternatives and the marker map to try (io::marker_map_hint).
Trajectory pelvis_rear(const io::Markers& m, PelvisRear rear);

/// A required subject measurement: NaN (not given) is refused with a message naming the
/// subject parameter in Python, C3D and .vsk terms and how to supply it (`--subject`,
/// hipmech.io.with_subject); other values as check_side_length.
void check_measurement(double value, const char* name, const char* subject_stem, Side side,
                       double max_m);

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
geometry::SegmentFrames pelvis_from_rear(const io::Markers& markers, const TrajectoryCRef& back);

inline void check_side_angle(double value, const char* name, Side side) {
  const std::string arg = std::string(name) + "[" + std::string(to_string(side)) + "]";
  HIPMECH_CHECK_ARG(std::isfinite(value) && std::abs(value) <= geometry::detail::kPi,
                    arg.c_str(), "a finite angle in [-pi, pi] rad", value);
}

/// `frames` with every rotation post-multiplied by `local` (a rotation in segment axes).
geometry::SegmentFrames turned(const geometry::SegmentFrames& frames, const Eigen::Matrix3d& local);

/// Plug-in Gait's ankle ab/adduction offset: the ankle centre turned by `angle_rad` about the
/// axis through ANK along Z x (ANK - AJC), Z = unit(KJC - AJC) (the same sense on both sides:
/// the axis points backwards on the left and forwards on the right).
void turn_ankle_centre(Trajectory& ankle_centre, const TrajectoryCRef& knee_centre,
                       const TrajectoryCRef& ank, double angle_rad);

/// A subject length in metres: finite, positive and at most `max_m`, a bound no person reaches,
/// so that a value in millimetres or centimetres is refused instead of used (issue 19).
inline void check_side_length(double value, const char* name, Side side, double max_m) {
  const std::string arg = std::string(name) + "[" + std::string(to_string(side)) + "]";
  HIPMECH_CHECK_ARG(std::isfinite(value) && value > 0.0 && value <= max_m, arg.c_str(),
                    "a finite positive length in m, at most " + std::to_string(max_m) +
                        " m (was it given in mm or cm?)",
                    value);
}

/// The markers plug_in_gait() needs with `options`, appended to `names` (LASI, RASI, the rear
/// markers of pelvis_markers(), then per side THI, KNE, TIB, ANK and, with feet, TOE), and the
/// pelvis choice in `alternatives` (PelvisRear::Auto).
void pig_markers(const PigOptions& options, std::vector<std::string>& names,
                 std::vector<std::vector<std::string_view>>& alternatives);

/// plug_in_gait()'s check and completion of the subject parameters: leg lengths, knee and
/// ankle widths required; an ASIS-trochanter distance not given takes Plug-in Gait's default
/// (a sentence appended to `notes`); offsets finite within +/-pi; marker diameter 0 to 0.05 m;
/// inter-ASIS distance NaN (left NaN: the caller measures it) or in (0, 0.6] m.
/// \return the parameters with the ASIS-trochanter defaults filled in.
/// \throws InvalidArgument naming the first parameter out of range (check_measurement).
PigParameters checked_parameters(const PigParameters& parameters, std::vector<std::string>& notes);

/// What plug_in_gait() derives from the completed parameters for one side, once per call.
struct PigSideConstants {
  /// Hip joint centre in the pelvis frame (davis_hip_joint_centre) [m].
  Eigen::Vector3d hip_centre_pelvis_m = Eigen::Vector3d::Zero();
  /// Knee centre: chord offset (knee width + marker diameter) / 2 [m] and rotation
  /// (chord_rotation of the thigh rotation offset) [rad].
  double knee_offset_m = 0.0;
  double knee_rotation_rad = 0.0;
  ChordRotation knee_rotation;
  /// Ankle centre: chord offset (ankle width + marker diameter) / 2 [m] and rotation [rad].
  double ankle_offset_m = 0.0;
  double ankle_rotation_rad = 0.0;
  ChordRotation ankle_rotation;
  /// Ankle ab/adduction offset [rad] (0: none).
  double ankle_abduction_rad = 0.0;
  /// The tibial torsion as a rotation in shank axes, R_Y(-lateral_sign(side) torsion), and
  /// whether it is the identity (no torsion).
  Eigen::Matrix3d tibial_torsion = Eigen::Matrix3d::Identity();
  bool no_torsion = true;
  /// Axes of the thigh and shank frames: primary Y (long axis), secondary Z (right).
  geometry::detail::FrameAxes leg_axes;
};

/// The PigSideConstants of `side` from parameters completed by checked_parameters() with a
/// finite inter-ASIS distance.
PigSideConstants pig_side_constants(const PigParameters& completed, Side side);

/// One rotation (row-major, 9 values) post-multiplied by `local`: the loop body of turned().
inline void turned_one(double* R_lab_segment, const Eigen::Matrix3d& local) noexcept {
  Eigen::Map<geometry::Matrix3r> R(R_lab_segment);
  R = (Eigen::Matrix3d(R) * local).eval();
}

/// One frame of turn_ankle_centre() (its loop body): returns the turned ankle centre [m].
inline Eigen::Vector3d turn_ankle_centre_one(const Eigen::Vector3d& ajc,
                                             const Eigen::Vector3d& knee_centre,
                                             const Eigen::Vector3d& ank, double angle_rad) {
  const Eigen::Vector3d z = (knee_centre - ajc).normalized();
  const Eigen::Vector3d x = z.cross(ank - ajc).normalized();
  return ank + Eigen::AngleAxisd(angle_rad, x) * (ajc - ank);
}

/// One frame of to_right(): lateral_sign(side) (marker - centre).
inline Eigen::Vector3d to_right_one(const Eigen::Vector3d& marker, const Eigen::Vector3d& centre,
                                    Side side) {
  return lateral_sign(side) * (marker - centre);
}

/// One frame of the Plug-in Gait pelvis (pelvis_from_rear): origin 0.5 (LASI + RASI), Z along
/// RASI - LASI, X towards the origin from `back` (SACR, or 0.5 (LPSI + RPSI)), into `R_lab_pelvis`
/// (row-major, 9 values) and `origin` (3 values); NaN when a marker is missing.
/// \param axes geometry::detail::frame_axes(Axis::Z, Axis::X)
inline bool pelvis_one(const Eigen::Vector3d& lasi, const Eigen::Vector3d& rasi,
                       const Eigen::Vector3d& back, const geometry::detail::FrameAxes& axes,
                       double* R_lab_pelvis, double* origin) noexcept {
  const Eigen::Vector3d mid = 0.5 * (lasi + rasi);
  return geometry::detail::frame_from_vectors_one(mid, rasi - lasi, mid - back, axes, R_lab_pelvis,
                                                  origin);
}

/// One frame of one leg of plug_in_gait() without the foot: joint centres [m, lab] and ISB
/// thigh, malleolar shank and shank rotations (row-major).
struct PigLegFrame {
  Eigen::Vector3d hip_centre, knee_centre, ankle_centre;
  geometry::Matrix3r R_lab_thigh, R_lab_shank_malleolar, R_lab_shank;
  Eigen::Vector3d thigh_origin, shank_origin;
};

/// One frame of one leg of plug_in_gait(), allocation-free, by the same one-frame kernels its
/// batch calls use (geometry::detail::to_lab_one, chord_point, turn_ankle_centre_one,
/// geometry::detail::frame_from_vectors_one, turned_one) in the same order: the output equals
/// plug_in_gait's frame bit for bit. NaN where a marker or the pelvis is missing.
/// \param pelvis_origin, R_lab_pelvis the pelvis frame of pelvis_one() (3 and 9 values)
/// \param thi, kne, tib, ank the side's markers in the lab [m]
void pig_leg_one(const PigSideConstants& c, Side side, const double* pelvis_origin,
                 const double* R_lab_pelvis, const Eigen::Vector3d& thi, const Eigen::Vector3d& kne,
                 const Eigen::Vector3d& tib, const Eigen::Vector3d& ank, PigLegFrame& out) noexcept;

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
/// \throws InvalidArgument listing every missing marker with its alternatives ("'SACR', or
///         both 'LPSI' and 'RPSI'") and the markers available, ending with the marker map to
///         try when similarly named markers are present (io::marker_map_hint: "VSAC" for
///         "SACR", "LSHA" for "LTIB"); naming a missing measurement as the subject parameter in
///         Python, C3D PROCESSING and .vsk terms and how to give it; or an offset that is not
///         finite or beyond +/-pi.
PigLowerBody plug_in_gait(const io::Markers& markers, const PigParameters& parameters,
                          const PigOptions& options = {});

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
PigParameters plug_in_gait_static(const io::Markers& static_markers,
                                  const PigParameters& parameters, const PigStaticOptions& options);

/// plug_in_gait_static() without the flat-foot option.
inline PigParameters plug_in_gait_static(const io::Markers& static_markers,
                                         const PigParameters& parameters,
                                         PelvisRear pelvis_rear = PelvisRear::Auto) {
  PigStaticOptions options;
  options.pelvis_rear = pelvis_rear;
  return plug_in_gait_static(static_markers, parameters, options);
}

}  // namespace hipmech::model
