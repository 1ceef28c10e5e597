// The uncertainty model's defaults, their resolution against a trial and its checks
// (docs/uncertainty-model.md gives every number with its source and derivation).
#include "hipmech/uncertainty/model.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "../io/c3d_format.hpp"
#include "hipmech/core/check.hpp"
#include "hipmech/core/error.hpp"

namespace hipmech::uncertainty {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

/// Largest SD a length field may hold [m]: an error above 10 cm is not a measurement error.
constexpr double kMaxSdM = 0.1;

// ---------------------------------------------------------------------------------------------
// Segment parameters: the spread of the five independent tables hipmech carries (de Leva 1996
// male and female, Dempster after Winter 2009, Dumas et al. 2007 male and female) for thigh,
// shank and foot, pooled as the root mean square over the three segments;
// scripts/uncertainty_segment_spread.py computes them from src/dynamics/segment_parameters.cpp
// (docs/uncertainty-model.md, "Segment parameters").
// ---------------------------------------------------------------------------------------------
/// Sample SD / mean of the mass fraction (thigh 0.154, shank 0.044, foot 0.137).
constexpr double kSegmentMassCv = 0.122;
/// Sample SD of the centre of mass along the long axis as a fraction of the length
/// (thigh 0.032, shank 0.019, foot 0.085).
constexpr double kSegmentComSdFraction = 0.054;
/// Sample SD / mean of the radius of gyration across the segment (thigh 0.080, shank 0.066,
/// foot 0.247).
constexpr double kSegmentGyrationCv = 0.155;

// ---------------------------------------------------------------------------------------------
// Centre of pressure: Bobbert MF, Schamhardt HC (1990) Accuracy of determining the point of
// force application with piezoelectric force plates. J Biomech 23(7):705-710 (abstract): mean
// absolute errors over 117 positions of 3.5 mm (short axis) and 6.3 mm (long axis), uncorrected
// Kistler 9287. As zero-mean normal errors, SD = mean|e| / sqrt(2/pi): 4.39 and 7.90 mm; one
// SD for both horizontal axes, their root mean square: 6.4 mm.
// ---------------------------------------------------------------------------------------------
constexpr double kCopSdM = 0.0064;

// ---------------------------------------------------------------------------------------------
// Hip joint centre: published 3-D errors against medical imaging, turned into an SD per pelvis
// axis (isotropic: the sources below give the 3-D distance only). With a mean m and SD s of the
// 3-D distance |e| over subjects, E|e|^2 = m^2 + s^2 = sum of the three per-axis mean squares,
// so the per-axis root mean square is sqrt((m^2 + s^2) / 3): a mean bias is folded into the SD
// (RMS = sqrt(bias^2 + sd^2)), which is what a subject drawn from the study population sees.
// With the mean only, |e| is taken as Maxwell distributed (isotropic zero-mean normal per axis,
// SD sd): E|e| = 2 sd sqrt(2/pi), so sd = m / 1.596.
// ---------------------------------------------------------------------------------------------
const HipCentreError kDavisError{
    Eigen::Vector3d::Constant(0.0149), 0.78,
    "Mantovani G, Ng KCG, Lamontagne M (2016) Regression models to predict hip joint centers "
    "in pathological hip population. Gait Posture 44:48-54 (pelvic CT, 67 adults: Davis et al. "
    "1991 3-D error 25.0 +/- 6.7 mm)",
    "per-axis RMS sqrt((25.0^2 + 6.7^2) / 3) = 14.9 mm, isotropic (bias folded in); side "
    "correlation 0.78: a bias b common to the subjects plus isotropic scatter (SD t per axis) "
    "fitted to 25.0 +/- 6.7 mm gives b = 22.8 mm, t = 7.0 mm; the bias, shared by both mirrored "
    "sides, is b^2 / (b^2 + 3 t^2) = 0.78 of the error's variance, the scatter taken as "
    "independent between the sides (a lower bound)"};
const HipCentreError kBellError{
    Eigen::Vector3d::Constant(0.0135), 0.0,
    "Hicks JL, Richards JG (2005) Clinical applicability of using spherical fitting to find hip "
    "joint centers. Gait Posture 22:138-145 (3-D ultrasound, 9 adults: the predictive method "
    "from the inter-ASIS breadth, mean 3-D error 21.6 mm)",
    "Maxwell-distributed 3-D error: sd = 21.6 mm / (2 sqrt(2/pi)) = 13.5 mm per axis; side "
    "correlation 0: no spread across subjects reported, so no shared bias can be told apart"};
const HipCentreError kHarringtonError{
    Eigen::Vector3d::Constant(0.0079), 0.0,
    "Mantovani G, Ng KCG, Lamontagne M (2016) Regression models to predict hip joint centers "
    "in pathological hip population. Gait Posture 44:48-54 (pelvic CT, 67 adults: Harrington "
    "et al. 2007 3-D error 12.3 +/- 5.9 mm)",
    "per-axis RMS sqrt((12.3^2 + 5.9^2) / 3) = 7.9 mm, isotropic (bias folded in); side "
    "correlation 0: 12.3 +/- 5.9 mm is the spread of an unbiased isotropic error (a fitted "
    "bias of 0.3 mm), so no part of it is shown to be shared by the sides"};
const HipCentreError kHarringtonWidthOnlyError{
    Eigen::Vector3d::Constant(0.0079), 0.0,
    "Harrington ME, Zavatsky AB, Lawson SEM, Yuan Z, Theologis TN (2007) Prediction of the hip "
    "joint centre in adults, children, and patients with cerebral palsy based on magnetic "
    "resonance imaging. J Biomech 40:595-602 (who propose the single-variable form); its error "
    "taken as the full regression's (Mantovani et al. 2016, Gait Posture 44:48-54)",
    "no independent imaging comparison of the width-only form was found: the full regression's "
    "per-axis RMS sqrt((12.3^2 + 5.9^2) / 3) = 7.9 mm, a lower bound; side correlation 0 "
    "as the full regression's"};

/// The markers whose residuals stand for the file's marker noise (model.hpp).
const char* const kResidualMarkers[] = {"LASI", "RASI", "SACR", "LPSI", "RPSI",
                                        "LTHI", "RTHI", "LKNE", "RKNE", "LTIB",
                                        "RTIB", "LANK", "RANK", "LTOE", "RTOE"};

std::string mm(double metres) {
  return detail::significant_digits(metres * 1e3, 3) + " mm";
}

void check_sd(double value, const char* field, bool allow_nan) {
  if (allow_nan && std::isnan(value)) return;
  HIPMECH_CHECK_ARG(
      std::isfinite(value) && value >= 0.0 && value <= kMaxSdM, std::string("model.") + field,
      allow_nan ? "an SD in [0, 0.1] m, or NaN for the default" : "an SD in [0, 0.1] m", value);
}

void check_fraction(double value, const char* field, const char* what, bool allow_nan) {
  if (allow_nan && std::isnan(value)) return;
  HIPMECH_CHECK_ARG(
      std::isfinite(value) && value >= 0.0 && value <= 1.0, std::string("model.") + field,
      std::string(what) + " in [0, 1]" + (allow_nan ? ", or NaN for the default" : ""), value);
}

void check_model(const UncertaintyModel& m, bool allow_nan) {
  check_sd(m.marker_noise_m, "marker_noise_m", allow_nan);
  check_sd(m.marker_placement_sd_m, "marker_placement_sd_m", false);
  const auto method = static_cast<int>(m.hip_centre_method);
  HIPMECH_CHECK_ARG(method >= 0 && method <= 3, "model.hip_centre_method",
                    "Davis, Bell, Harrington or HarringtonWidthOnly", method);
  for (int a = 0; a < 3; ++a) {
    static const char* const names[] = {"hip_centre_sd_m[0] (anterior)",
                                        "hip_centre_sd_m[1] (superior)",
                                        "hip_centre_sd_m[2] (lateral)"};
    check_sd(m.hip_centre_sd_m[a], names[a], allow_nan);
  }
  check_fraction(m.hip_centre_side_correlation, "hip_centre_side_correlation", "a correlation",
                 allow_nan);
  check_fraction(m.segment_mass_cv, "segment_mass_cv", "a relative SD (CV)", allow_nan);
  check_fraction(m.segment_com_sd_fraction, "segment_com_sd_fraction",
                 "an SD as a fraction of the segment length", allow_nan);
  check_fraction(m.segment_gyration_cv, "segment_gyration_cv", "a relative SD (CV)", allow_nan);
  check_fraction(m.segment_side_correlation, "segment_side_correlation", "a correlation", false);
  check_sd(m.cop_sd_m, "cop_sd_m", allow_nan);
  check_sd(m.knee_width_sd_m, "knee_width_sd_m", allow_nan);
  check_sd(m.ankle_width_sd_m, "ankle_width_sd_m", allow_nan);
  check_sd(m.leg_length_sd_m, "leg_length_sd_m", allow_nan);
}

/// The residual of one C3D residual word in metres (C3D user guide, c3d.org, "3D Data -
/// Integer Format" and "3D Data - Floating-point Format"): the word, as a signed integer (a
/// float word converted to one), holds the camera mask in its high byte and the residual
/// divided by |POINT:SCALE| in its low byte; negative: missing; low byte 0: not a measured
/// sample (interpolated, filtered). A float word with a fraction cannot be that integer: it is
/// taken as the residual itself in POINT:UNITS, as some writers store it. NaN: no residual.
double residual_m(double word, double abs_scale, double unit_to_m) {
  if (!std::isfinite(word) || word < 0.0) return kNaN;
  if (word != std::floor(word)) return word * unit_to_m;
  const auto w = static_cast<std::int64_t>(word);
  const auto low = static_cast<double>(w & 0xFF);
  if (low == 0.0) return kNaN;
  return low * abs_scale * unit_to_m;
}

}  // namespace

std::string_view to_string(Source source) noexcept {
  switch (source) {
    case Source::MarkerNoise:
      return "marker_noise";
    case Source::MarkerPlacement:
      return "marker_placement";
    case Source::HipJointCentre:
      return "hip_joint_centre";
    case Source::SegmentParameters:
      return "segment_parameters";
    case Source::CentreOfPressure:
      return "centre_of_pressure";
    case Source::SubjectMeasurements:
      return "subject_measurements";
  }
  return "unknown";
}

const HipCentreError& hip_centre_error(model::HipJointCentreMethod method) noexcept {
  switch (method) {
    case model::HipJointCentreMethod::Davis:
      return kDavisError;
    case model::HipJointCentreMethod::Bell:
      return kBellError;
    case model::HipJointCentreMethod::Harrington:
      return kHarringtonError;
    case model::HipJointCentreMethod::HarringtonWidthOnly:
      return kHarringtonWidthOnlyError;
  }
  return kDavisError;
}

// 1 mm per coordinate: the figure of issue 26, at the upper end of the random (noise) part of
// the instrumental error of optoelectronic systems in a gait-sized volume reviewed by Chiari L,
// Della Croce U, Leardini A, Cappozzo A (2005) Human movement analysis using
// stereophotogrammetry. Part 2: instrumental errors. Gait Posture 21:197-211, and measured on
// commercial systems by Richards JG (1999) The measurement of human motion: a comparison of
// commercially available systems. Hum Mov Sci 18:589-602.
double default_marker_noise_m() noexcept {
  return 0.001;
}

double marker_noise_from_residuals(const io::Trial& trial) {
  const Eigen::Index n = trial.n_frames();
  const double abs_scale = std::fabs(trial.parameters.number("POINT", "SCALE", 0, kNaN));
  std::vector<double> samples;
  for (const char* name : kResidualMarkers) {
    const Eigen::Index k = trial.find_point(name);
    if (k < 0) continue;
    const io::Point& p = trial.points[static_cast<std::size_t>(k)];
    if (p.kind != io::PointKind::Marker || p.residual.size() != n) continue;
    const double unit_to_m = io::c3d_detail::length_to_m(p.unit_original);
    if (!std::isfinite(unit_to_m)) continue;
    for (Eigen::Index f = 0; f < n; ++f) {
      const double r = residual_m(p.residual[f], abs_scale, unit_to_m);
      if (std::isfinite(r)) samples.push_back(r);
    }
  }
  if (samples.empty()) return kNaN;
  const auto mid = samples.begin() + static_cast<std::ptrdiff_t>(samples.size() / 2);
  std::nth_element(samples.begin(), mid, samples.end());
  if (samples.size() % 2 == 1) return *mid;
  const double upper = *mid;
  const double lower = *std::max_element(samples.begin(), mid);
  return 0.5 * (lower + upper);
}

UncertaintyModel UncertaintyModel::resolved(const io::Trial* trial) const {
  check_model(*this, true);
  UncertaintyModel m = *this;
  m.notes.clear();
  auto& said = m.notes;

  // Marker noise.
  if (std::isnan(m.marker_noise_m)) {
    const double from_file = trial != nullptr ? marker_noise_from_residuals(*trial) : kNaN;
    if (std::isfinite(from_file)) {
      HIPMECH_CHECK_ARG(from_file <= kMaxSdM, "trial (marker residuals)",
                        "a median residual of at most 0.1 m", from_file);
      m.marker_noise_m = from_file;
      said.push_back("marker noise " + mm(from_file) +
                     ": median C3D residual of the Plug-in Gait markers in the file");
    } else {
      m.marker_noise_m = default_marker_noise_m();
      said.push_back(
          "marker noise " + mm(m.marker_noise_m) + ": default (" +
          std::string(trial == nullptr ? "no trial given" : "the file has no measured residuals") +
          "; Chiari et al. 2005, Gait Posture 21:197-211; Richards 1999, Hum Mov "
          "Sci 18:589-602)");
    }
  } else {
    said.push_back("marker noise " + mm(m.marker_noise_m) + ": set by the caller");
  }

  said.push_back("marker placement " + mm(m.marker_placement_sd_m) +
                 (m.marker_placement_sd_m > 0.0
                      ? ": set by the caller"
                      : ": off (a within-session comparison does not see a placement offset)"));

  // Hip joint centre.
  const HipCentreError& published = hip_centre_error(m.hip_centre_method);
  bool any_default = false;
  for (int a = 0; a < 3; ++a) {
    if (std::isnan(m.hip_centre_sd_m[a])) {
      m.hip_centre_sd_m[a] = published.sd_m[a];
      any_default = true;
    }
  }
  const bool rho_default = std::isnan(m.hip_centre_side_correlation);
  if (rho_default) m.hip_centre_side_correlation = published.side_correlation;
  const std::string hjc_sd = mm(m.hip_centre_sd_m[0]) + ", " + mm(m.hip_centre_sd_m[1]) + ", " +
                             mm(m.hip_centre_sd_m[2]) + " (anterior, superior, lateral)";
  said.push_back(
      "hip joint centre SD " + hjc_sd +
      (any_default ? std::string(": ") + published.source + "; " + published.derivation
                   : std::string(": set by the caller")) +
      (any_default && rho_default
           ? std::string()  // the derivation gives it
           : "; side correlation " + detail::significant_digits(m.hip_centre_side_correlation, 3) +
                 (rho_default ? " (the regression's published bound)" : " (set by the caller)")));

  // Segment parameters.
  const char* const spread_source =
      ": spread of de Leva 1996, Dempster/Winter 2009 and Dumas et al. 2007 (thigh, shank, "
      "foot; scripts/uncertainty_segment_spread.py)";
  auto segment_value = [&](double& field, double fallback, const std::string& what) {
    const bool was_nan = std::isnan(field);
    if (was_nan) field = fallback;
    said.push_back(what + " " + detail::significant_digits(field, 3) +
                   (was_nan ? spread_source : ": set by the caller"));
  };
  segment_value(m.segment_mass_cv, kSegmentMassCv, "segment mass CV");
  segment_value(m.segment_com_sd_fraction, kSegmentComSdFraction,
                "segment centre-of-mass SD (fraction of the length)");
  segment_value(m.segment_gyration_cv, kSegmentGyrationCv, "segment radius-of-gyration CV");
  said.push_back("segment parameter side correlation " +
                 detail::significant_digits(m.segment_side_correlation, 3));

  // Centre of pressure.
  if (std::isnan(m.cop_sd_m)) {
    m.cop_sd_m = kCopSdM;
    said.push_back("centre of pressure " + mm(m.cop_sd_m) +
                   " per horizontal axis and plate: Bobbert & Schamhardt 1990, J Biomech "
                   "23:705-710 (mean absolute errors 3.5 and 6.3 mm as normal SDs, RMS of the "
                   "two axes)");
  } else {
    said.push_back("centre of pressure " + mm(m.cop_sd_m) + ": set by the caller");
  }

  // Subject measurements: off by default (docs/uncertainty-model.md, "Subject measurements").
  if (std::isnan(m.knee_width_sd_m)) {
    m.knee_width_sd_m = 0.0;
    said.push_back(
        "knee width 0 mm: no published error of the Plug-in Gait calliper width "
        "against a reference was found (set one to study it)");
  } else {
    said.push_back("knee width " + mm(m.knee_width_sd_m) + ": set by the caller");
  }
  if (std::isnan(m.ankle_width_sd_m)) {
    m.ankle_width_sd_m = 0.0;
    said.push_back(
        "ankle width 0 mm: no published error of the Plug-in Gait calliper width "
        "against a reference was found (set one to study it)");
  } else {
    said.push_back("ankle width " + mm(m.ankle_width_sd_m) + ": set by the caller");
  }
  if (std::isnan(m.leg_length_sd_m)) {
    m.leg_length_sd_m = 0.0;
    said.push_back(
        "leg length 0 mm: it enters only the Davis hip joint centre, whose error "
        "against imaging (hip joint centre above) already includes the measured "
        "leg length's");
  } else {
    said.push_back("leg length " + mm(m.leg_length_sd_m) + ": set by the caller");
  }

  check_model(m, false);
  return m;
}

bool UncertaintyModel::active(Source source) const noexcept {
  // A NaN field counts as the default resolved() gives it: non-zero for every source but the
  // subject measurements (0).
  const auto on = [](double v, double if_nan) { return (std::isnan(v) ? if_nan : v) > 0.0; };
  switch (source) {
    case Source::MarkerNoise:
      return on(marker_noise_m, 1.0);
    case Source::MarkerPlacement:
      return marker_placement_sd_m > 0.0;
    case Source::HipJointCentre: {
      const Eigen::Vector3d& published = hip_centre_error(hip_centre_method).sd_m;
      for (int a = 0; a < 3; ++a) {
        if (on(hip_centre_sd_m[a], published[a])) return true;
      }
      return false;
    }
    case Source::SegmentParameters:
      return on(segment_mass_cv, kSegmentMassCv) ||
             on(segment_com_sd_fraction, kSegmentComSdFraction) ||
             on(segment_gyration_cv, kSegmentGyrationCv);
    case Source::CentreOfPressure:
      return on(cop_sd_m, kCopSdM);
    case Source::SubjectMeasurements:
      return on(knee_width_sd_m, 0.0) || on(ankle_width_sd_m, 0.0) || on(leg_length_sd_m, 0.0);
  }
  return false;
}

UncertaintyModel UncertaintyModel::none() {
  UncertaintyModel m;
  m.marker_noise_m = 0.0;
  m.marker_placement_sd_m = 0.0;
  m.hip_centre_sd_m.setZero();
  m.segment_mass_cv = 0.0;
  m.segment_com_sd_fraction = 0.0;
  m.segment_gyration_cv = 0.0;
  m.cop_sd_m = 0.0;
  m.knee_width_sd_m = 0.0;
  m.ankle_width_sd_m = 0.0;
  m.leg_length_sd_m = 0.0;
  return m;
}

}  // namespace hipmech::uncertainty
