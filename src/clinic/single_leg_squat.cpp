// The compiled definitions of <hipmech/clinic/single_leg_squat.hpp> (declared and documented
// there).
#include "hipmech/clinic/single_leg_squat.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include <Eigen/Geometry>

#include "hipmech/clinic/single_leg_stance.hpp"
#include "hipmech/core/check.hpp"
#include "hipmech/pelvis/drop_2d.hpp"
#include "hipmech/pelvis/pelvis_angles.hpp"

namespace hipmech::clinic {

const char* const squat_fppa_source =
    "Herrington L (2014) Knee valgus angle during single leg squat and landing in "
    "patellofemoral pain patients and controls. Knee 21(2):514-517 (controls 8.4 +/- 5.1 deg; "
    "cut-off = mean + 1 SD, a hipmech choice)";

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kDeg = 180.0 / 3.14159265358979323846;

std::string fixed(double v, int digits) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", digits, v);
  return buf;
}

Eigen::Index baseline_rows(double baseline_s, double rate_hz, Eigen::Index n) {
  return std::max<Eigen::Index>(
      1, std::min<Eigen::Index>(n, static_cast<Eigen::Index>(std::llround(baseline_s * rate_hz))));
}

}  // namespace

SquatResult single_leg_squat(const SquatSignals& s, Side side, const SquatOptions& options) {
  check_positive(s.rate_hz, "rate_hz", "Hz");
  HIPMECH_CHECK_ARG(std::isfinite(s.start_time_s), "start_time_s", "a finite time in s",
                    s.start_time_s);
  check_positive(s.leg_length, "leg_length", "the unit of hip_height");
  check_positive(options.baseline_s, "baseline_s", "s");
  HIPMECH_CHECK_ARG(std::isnan(options.fppa_cutoff_deg) || std::isfinite(options.fppa_cutoff_deg),
                    "fppa_cutoff_deg", "a finite angle in deg or NaN", options.fppa_cutoff_deg);
  HIPMECH_CHECK_ARG(
      std::isnan(options.pelvic_drop_cutoff_deg) || std::isfinite(options.pelvic_drop_cutoff_deg),
      "pelvic_drop_cutoff_deg", "a finite angle in deg or NaN", options.pelvic_drop_cutoff_deg);
  const Eigen::Index n = s.hip_height.size();
  check_values(s.hip_height, "hip_height");
  check_same_frames(s.fppa_rad.size(), n, "fppa_rad", "hip_height");
  check_same_frames(s.obliquity_stance_rad.size(), n, "obliquity_stance_rad", "hip_height");
  check_values(s.fppa_rad, "fppa_rad");
  check_values(s.obliquity_stance_rad, "obliquity_stance_rad");

  SquatResult r;
  r.side = side;
  const double dt = 1.0 / s.rate_hz;
  r.time_s = Series(n);
  for (Eigen::Index f = 0; f < n; ++f) r.time_s[f] = s.start_time_s + static_cast<double>(f) * dt;
  const Eigen::Index base = baseline_rows(options.baseline_s, s.rate_hz, n);
  const double standing = detail::finite_median(s.hip_height, 0, base);
  const double base_obl = detail::finite_mean(s.obliquity_stance_rad, 0, base);
  if (!std::isfinite(standing)) {
    r.notes.push_back("no hip height during the first " + fixed(options.baseline_s, 2) +
                      " s: the depth has no standing level");
  }
  if (!std::isfinite(base_obl)) {
    r.notes.push_back("no pelvic obliquity during the first " + fixed(options.baseline_s, 2) +
                      " s: the pelvic drop has no standing level");
  }
  r.depth_leg_lengths_series = (standing - s.hip_height.array()) / s.leg_length;
  r.fppa_deg = kDeg * s.fppa_rad.array();
  r.pelvic_drop_deg = kDeg * (s.obliquity_stance_rad.array() - base_obl);

  knee::RepetitionOptions ro;
  ro.min_excursion = options.min_excursion_leg_lengths;
  ro.onset_fraction = options.onset_fraction;
  // The depth is NaN everywhere without a standing level; the repetitions do not depend on it,
  // so they are found on minus the hip height in leg lengths (same shape, offset only).
  const Series descent = -s.hip_height.array() / s.leg_length;
  knee::RepetitionSplit split;
  try {
    split = knee::find_repetitions(descent, ro);
  } catch (const InvalidArgument& e) {
    // Name the clinic option, not the knee one.
    const std::string what = e.what();
    if (what.find("min_excursion") != std::string::npos) {
      hipmech::detail::throw_invalid_argument("min_excursion_leg_lengths",
                                              "a positive depth in leg lengths, or NaN",
                                              fixed(options.min_excursion_leg_lengths, 6));
    }
    throw;
  }
  r.min_excursion_leg_lengths = split.min_excursion;
  const knee::RepetitionMetric fppa = knee::per_repetition(split.repetitions, r.fppa_deg);
  const knee::RepetitionMetric drop = knee::per_repetition(split.repetitions, r.pelvic_drop_deg);
  std::vector<double> depths;
  Eigen::Index missing_fppa = 0, missing_drop = 0;
  for (std::size_t i = 0; i < split.repetitions.size(); ++i) {
    const knee::Repetition& rep = split.repetitions[i];
    SquatRepetition out;
    out.frames = rep;
    out.begin_s = r.time_s[rep.begin];
    out.peak_s = r.time_s[rep.peak];
    out.end_s = r.time_s[rep.end];
    out.depth_leg_lengths = r.depth_leg_lengths_series[rep.peak];
    out.peak_fppa_deg = fppa.per_repetition[i].peak;
    out.peak_pelvic_drop_deg = drop.per_repetition[i].peak;
    missing_fppa += fppa.per_repetition[i].missing_frames;
    missing_drop += drop.per_repetition[i].missing_frames;
    depths.push_back(rep.complete ? out.depth_leg_lengths : kNaN);
    r.repetitions.push_back(out);
  }
  r.depth_leg_lengths = knee::detail::summarise(depths);
  r.peak_fppa_deg = fppa.peak;
  r.peak_pelvic_drop_deg = drop.peak;
  if (split.repetitions.empty()) {
    r.notes.push_back("no repetition found (no descent of at least " +
                      fixed(split.min_excursion, 3) + " leg lengths and back)");
  }
  Eigen::Index incomplete = 0;
  for (const auto& rep : split.repetitions) incomplete += rep.complete ? 0 : 1;
  if (incomplete > 0) {
    r.notes.push_back(std::to_string(incomplete) +
                      " repetition(s) cut by the start or end of the recording: reported, not "
                      "summarised");
  }
  if (missing_fppa > 0) {
    r.notes.push_back(std::to_string(missing_fppa) +
                      " frame(s) inside repetitions have no FPPA: peaks are over the others");
  }
  if (missing_drop > 0) {
    r.notes.push_back(std::to_string(missing_drop) +
                      " frame(s) inside repetitions have no pelvic obliquity: peaks are over "
                      "the others");
  }

  const std::string side_text = side == Side::Left ? "left" : "right";
  r.flags.push_back(
      make_flag("peak_fppa_deg", side_text, r.peak_fppa_deg.mean, options.fppa_cutoff_deg, "deg",
                "mean peak knee FPPA (valgus) of the complete repetitions > " +
                    fixed(options.fppa_cutoff_deg, 1) + " deg",
                squat_fppa_source, r.peak_fppa_deg.mean > options.fppa_cutoff_deg,
                std::isnan(options.fppa_cutoff_deg) ? "no cut-off given"
                                                    : "no complete repetition with an FPPA"));
  r.flags.push_back(make_flag(
      "peak_pelvic_drop_deg", side_text, r.peak_pelvic_drop_deg.mean,
      options.pelvic_drop_cutoff_deg, "deg",
      "mean peak contralateral pelvic drop of the complete repetitions > " +
          (std::isnan(options.pelvic_drop_cutoff_deg)
               ? std::string("a cut-off")
               : fixed(options.pelvic_drop_cutoff_deg, 1) + " deg"),
      std::isnan(options.pelvic_drop_cutoff_deg)
          ? "no published cut-off (Crossley et al. 2011 Am J Sports Med 39(4):866-873 rate the "
            "pelvis by eye)"
          : "cut-off given by the caller",
      r.peak_pelvic_drop_deg.mean > options.pelvic_drop_cutoff_deg,
      std::isnan(options.pelvic_drop_cutoff_deg)
          ? "no cut-off given (pelvic_drop_cutoff_deg): none is published for the single-leg "
            "squat"
          : "no complete repetition with a pelvic obliquity"));
  const Flag& ff = r.flags.front();
  r.classification = ff.state == FlagState::Flagged ? "poor"
                     : ff.state == FlagState::Clear ? "good"
                                                    : "not assessed";
  return r;
}

// ---------------------------------------------------------------------------------------------
// Front ends
// ---------------------------------------------------------------------------------------------

SquatSignals squat_signals_2d(const io::Keypoints2D& keypoints, Side side, double rate_hz,
                              knee::CameraView view, double baseline_s) {
  check_positive(rate_hz, "rate_hz", "Hz");
  check_positive(baseline_s, "baseline_s", "s");
  const std::string p = side == Side::Left ? "left" : "right";
  std::string missing;
  for (const std::string& name :
       {std::string("left_hip"), std::string("right_hip"), p + "_knee", p + "_ankle"}) {
    if (keypoints.find(name) < 0) missing += (missing.empty() ? "'" : ", '") + name + "'";
  }
  if (!missing.empty()) {
    hipmech::detail::throw_invalid_argument(
        "keypoints", "left_hip, right_hip and the squatting leg's knee and ankle",
        "keypoints without " + missing);
  }
  HIPMECH_CHECK_ARG(!keypoints.frames.empty(), "keypoints", "at least one frame", "no frame");
  const Points2 lh = detail::keypoint_on_grid(keypoints, "left_hip");
  const Points2 rh = detail::keypoint_on_grid(keypoints, "right_hip");
  const Points2 hip = side == Side::Left ? lh : rh;
  const Points2 knee = detail::keypoint_on_grid(keypoints, p + "_knee");
  const Points2 ankle = detail::keypoint_on_grid(keypoints, p + "_ankle");
  const Eigen::Index n = lh.rows();
  SquatSignals s;
  s.rate_hz = rate_hz;
  s.start_time_s = static_cast<double>(keypoints.frames.front()) / rate_hz;
  s.fppa_rad = knee::fppa_2d(hip, knee, ankle, side, view).fppa_rad;
  s.obliquity_stance_rad = pelvis::obliquity_2d(lh, rh, side);
  s.hip_height = -0.5 * (lh.col(1) + rh.col(1));
  const Series leg = (hip - knee).rowwise().norm() + (knee - ankle).rowwise().norm();
  s.leg_length = detail::finite_median(leg, 0, baseline_rows(baseline_s, rate_hz, n));
  HIPMECH_CHECK_ARG(std::isfinite(s.leg_length) && s.leg_length > 0.0, "keypoints",
                    "the squatting leg's hip, knee and ankle during the first baseline_s seconds "
                    "(the leg length)",
                    "no frame with all three");
  return s;
}

SquatSignals squat_signals_3d(const TrajectoryCRef& hip_left_lab,
                              const TrajectoryCRef& hip_right_lab, const TrajectoryCRef& knee_lab,
                              const TrajectoryCRef& ankle_lab,
                              const geometry::RotationsCRef& R_lab_pelvis, Side side,
                              const LabAxes& lab, double rate_hz, double start_time_s,
                              double baseline_s) {
  check_positive(rate_hz, "rate_hz", "Hz");
  check_positive(baseline_s, "baseline_s", "s");
  const Eigen::Index n = hip_left_lab.rows();
  check_same_frames(hip_right_lab.rows(), n, "hip_right_lab", "hip_left_lab");
  check_same_frames(knee_lab.rows(), n, "knee_lab", "hip_left_lab");
  check_same_frames(ankle_lab.rows(), n, "ankle_lab", "hip_left_lab");
  check_same_frames(R_lab_pelvis.rows(), n, "R_lab_pelvis", "hip_left_lab");
  check_values(hip_left_lab, "hip_left_lab");
  check_values(hip_right_lab, "hip_right_lab");
  check_values(knee_lab, "knee_lab");
  check_values(ankle_lab, "ankle_lab");
  check_values(R_lab_pelvis, "R_lab_pelvis");
  const TrajectoryCRef& hip = side == Side::Left ? hip_left_lab : hip_right_lab;

  // The frontal plane the subject faces: forward = mean horizontal pelvis X.
  const Eigen::Vector3d up = unit_vector(lab.up());
  Eigen::Vector3d fwd = Eigen::Vector3d::Zero();
  for (Eigen::Index f = 0; f < n; ++f) {
    const Eigen::Map<const geometry::Matrix3r> R(R_lab_pelvis.row(f).data());
    const Eigen::Vector3d x = R.col(0);
    if (x.allFinite()) fwd += x - x.dot(up) * up;
  }
  HIPMECH_CHECK_ARG(fwd.norm() > 0.0, "R_lab_pelvis", "at least one valid, not vertical, frame",
                    "none");
  fwd.normalize();
  geometry::Rotations face(1, 9);
  {
    geometry::Matrix3r R;
    R.col(0) = fwd;
    R.col(1) = up;
    R.col(2) = fwd.cross(up);
    Eigen::Map<geometry::Matrix3r>(face.data()) = R;
  }
  SquatSignals s;
  s.rate_hz = rate_hz;
  s.start_time_s = start_time_s;
  s.fppa_rad = knee::fppa_3d(hip, knee_lab, ankle_lab, side, face).fppa_rad;
  s.obliquity_stance_rad =
      pelvis::pelvis_angles(R_lab_pelvis, side, pelvis::PelvisConvention::Baker, lab).col(1);
  const Trajectory mid = 0.5 * (hip_left_lab + hip_right_lab);
  s.hip_height = lab.height(mid);
  const Series leg = (hip - knee_lab).rowwise().norm() + (knee_lab - ankle_lab).rowwise().norm();
  s.leg_length = detail::finite_median(leg, 0, baseline_rows(baseline_s, rate_hz, n));
  HIPMECH_CHECK_ARG(std::isfinite(s.leg_length) && s.leg_length > 0.0, "hip_left_lab",
                    "hip, knee and ankle centres during the first baseline_s seconds (the leg "
                    "length)",
                    "no frame with all three");
  return s;
}

}  // namespace hipmech::clinic
