/// \file
/// The uncertainty model: how wrong each input of the per-trial hip analysis may be, with cited
/// defaults (docs/uncertainty.md). uncertainty::propagate() carries it through the markers'
/// filter, the Plug-in Gait model, the angles, the inverse dynamics and the per-stance peaks.
///
/// Sources, each an independent zero-mean Gaussian error:
///   - marker noise: white, per marker coordinate and frame (SD from the file's residuals where
///     it has them, else a default);
///   - marker placement / soft tissue: a constant offset per marker coordinate over the trial
///     (0 by default: the within-session comparison the report makes does not see it);
///   - hip joint centre: a constant offset per side in the pelvis frame, SD per axis of the
///     regression used (published errors of Davis, Bell, Harrington against imaging);
///   - segment parameters: mass, centre-of-mass position and radius of gyration of foot, shank
///     and thigh (spread of the published tables: de Leva 1996, Dumas et al. 2007, Dempster via
///     Winter 2009);
///   - centre of pressure: a constant horizontal offset per force plate;
///   - subject measurements: knee width, ankle width, leg length (calliper/tape error; off by
///     default, see their fields).
#pragma once

#include <array>
#include <cstddef>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include <Eigen/Core>

#include "hipmech/io/trial.hpp"
#include "hipmech/model/hip_joint_centre.hpp"

namespace hipmech::uncertainty {

/// The independent error sources, in the order of every per-source array.
enum class Source {
  MarkerNoise = 0,    ///< white noise per marker coordinate and frame
  MarkerPlacement,    ///< constant offset per marker coordinate (placement, soft tissue)
  HipJointCentre,     ///< constant offset of each hip joint centre in the pelvis frame
  SegmentParameters,  ///< segment mass, centre of mass, radius of gyration
  CentreOfPressure,   ///< constant horizontal offset of each force plate's centre of pressure
  SubjectMeasurements,  ///< knee width, ankle width, leg length
};
inline constexpr std::size_t kSourceCount = 6;

/// "marker_noise", "marker_placement", "hip_joint_centre", "segment_parameters",
/// "centre_of_pressure", "subject_measurements" (the Python and column names).
std::string_view to_string(Source source) noexcept;

/// Published error of a hip-joint-centre regression against medical imaging: the SD of the
/// error along each axis of the ISB pelvis frame (X anterior, Y superior, Z to the right: the
/// mediolateral SD), the same for both sides [m], with the citation and how the SD follows
/// from what the paper reports.
struct HipCentreError {
  Eigen::Vector3d sd_m = Eigen::Vector3d::Zero();
  /// Lower bound of the correlation of the left and right errors (the lateral component
  /// mirrored), [0, 1]: the regression predicts both sides from the same measurements by mirror
  /// symmetry, so a bias it has across subjects is shared by the two sides; the bias's share of
  /// the error variance, from a bias-plus-isotropic-scatter fit to the published mean and SD
  /// of the 3-D error, with the scatter independent between sides (docs/uncertainty-model.md,
  /// "Hip joint centre"). 0 where no bias is shown.
  double side_correlation = 0.0;
  const char* source = "";      ///< full citation with table
  const char* derivation = "";  ///< how sd_m and side_correlation follow from the paper's numbers
};

/// The published error of `method` (docs/uncertainty.md, "Hip joint centre").
const HipCentreError& hip_centre_error(model::HipJointCentreMethod method) noexcept;

/// Default SD of the white noise of a marker coordinate when the file has no residuals [m]
/// (docs/uncertainty.md, "Marker noise").
double default_marker_noise_m() noexcept;

/// How wrong each input may be. NaN fields take their default when the model is resolved
/// (resolved()); 0 switches a source off.
struct UncertaintyModel {
  /// SD of the white noise of each marker coordinate [m]; NaN: from the trial's residuals
  /// (resolved()), else default_marker_noise_m().
  double marker_noise_m = std::numeric_limits<double>::quiet_NaN();
  /// SD of a constant offset of each marker coordinate over the trial [m] (placement and soft
  /// tissue); 0 by default (docs/uncertainty.md: what a within-session comparison sees).
  double marker_placement_sd_m = 0.0;
  /// Regression whose published error applies to the hip joint centre (Plug-in Gait: Davis).
  model::HipJointCentreMethod hip_centre_method = model::HipJointCentreMethod::Davis;
  /// SD of the hip joint centre error along each axis of the ISB pelvis frame (X anterior,
  /// Y superior, Z to the right) [m], the same SD for both sides: each side's centre gets a
  /// constant offset sd_a z_a per axis a in the pelvis frame, the left side's Z component
  /// mirrored in its correlation with the right's (hip_centre_side_correlation: a positive
  /// correlation moves both centres laterally, or both medially). NaN:
  /// hip_centre_error(hip_centre_method).sd_m.
  Eigen::Vector3d hip_centre_sd_m =
      Eigen::Vector3d::Constant(std::numeric_limits<double>::quiet_NaN());
  /// Correlation of the left and right hip centre errors, [0, 1] (the lateral component
  /// mirrored: a positive correlation widens or narrows both pelves alike); NaN:
  /// hip_centre_error(hip_centre_method).side_correlation (Davis 0.78). 0: independent, the
  /// widest left-right differences.
  double hip_centre_side_correlation = std::numeric_limits<double>::quiet_NaN();
  /// Relative SD of each segment's mass (foot, shank, thigh) [-]; NaN: the default.
  double segment_mass_cv = std::numeric_limits<double>::quiet_NaN();
  /// SD of each segment's centre-of-mass position along its long axis, as a fraction of the
  /// segment length [-]; NaN: the default.
  double segment_com_sd_fraction = std::numeric_limits<double>::quiet_NaN();
  /// Relative SD of each segment's radii of gyration [-]; NaN: the default.
  double segment_gyration_cv = std::numeric_limits<double>::quiet_NaN();
  /// Correlation of the left and right segment-parameter errors, [0, 1]; 1 (default): the
  /// subject differs from the table alike on both sides.
  double segment_side_correlation = 1.0;
  /// SD of the centre-of-pressure error along each horizontal lab axis, one constant offset
  /// per force plate [m]; NaN: the default.
  double cop_sd_m = std::numeric_limits<double>::quiet_NaN();
  /// SD of the knee width measurement (calliper) [m]; NaN: the default, 0 (off): no published
  /// error of the Plug-in Gait calliper width against a reference was found
  /// (docs/uncertainty-model.md, "Subject measurements"); set one to study it.
  double knee_width_sd_m = std::numeric_limits<double>::quiet_NaN();
  /// SD of the ankle width measurement (calliper) [m]; NaN: the default, 0 (off), for the knee
  /// width's reason.
  double ankle_width_sd_m = std::numeric_limits<double>::quiet_NaN();
  /// SD of the leg length measurement (tape) [m]; NaN: the default, 0 (off): the leg length
  /// enters only the Davis hip joint centre, whose published error against imaging
  /// (hip_centre_sd_m) already includes the measured leg length's.
  double leg_length_sd_m = std::numeric_limits<double>::quiet_NaN();

  /// Where each value came from, one sentence per source ("marker noise 0.62 mm: median C3D
  /// residual of the Plug-in Gait markers in the file", "hip joint centre SD ... (anterior,
  /// superior, lateral): Mantovani G, Ng KCG, Lamontagne M (2016) ... Gait Posture 44:48-54
  /// ..." for Davis); filled by resolved().
  std::vector<std::string> notes;

  /// This model with every NaN replaced by its default or by the trial's residuals, and
  /// `notes` saying where each number came from. `trial` may be null (no residuals).
  /// \throws InvalidArgument naming the field that is negative, not finite (once resolved) or
  ///         out of range (correlations outside [0, 1], an SD above 0.1 m, a CV above 1)
  UncertaintyModel resolved(const io::Trial* trial) const;

  /// The per-source switch: true when the source has a non-zero SD, a NaN field counting as
  /// the default resolved() gives it (non-zero but for the subject measurements, whose
  /// defaults are 0; a NaN marker noise counts as on: the file's residuals or the default).
  bool active(Source source) const noexcept;

  /// A model with every source off (all SDs 0); add the ones to study.
  static UncertaintyModel none();
};

/// The marker noise SD estimated from a trial's C3D residuals [m]: the median over the frames
/// of the Plug-in Gait markers present (LASI, RASI, SACR/LPSI/RPSI, per side THI, KNE, TIB,
/// ANK, TOE) of their residual (POINT units converted to m); NaN when the trial carries no
/// residual for them (TRC, a C3D writing -1 or 0 only). docs/uncertainty.md says why a camera
/// residual stands for the coordinate noise.
double marker_noise_from_residuals(const io::Trial& trial);

}  // namespace hipmech::uncertainty
