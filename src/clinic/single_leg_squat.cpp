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
#include "task_common.hpp"

namespace hipmech::clinic {

const char* const squat_fppa_source =
    "Herrington L (2014) Knee valgus angle during single leg squat and landing in "
    "patellofemoral pain patients and controls. Knee 21(2):514-517 (controls 8.4 +/- 5.1 deg; "
    "cut-off = mean + 1 SD, a hipmech choice)";

namespace {

using namespace task_detail;  // kNaN, kDeg, fixed, baseline_rows

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
  HIPMECH_CHECK_ARG(std::isfinite(options.filter_cutoff_hz) && options.filter_cutoff_hz >= 0.0 &&
                        options.filter_cutoff_hz < 0.5 * s.rate_hz,
                    "filter_cutoff_hz",
                    "a cut-off in Hz below half the frame rate (" + fixed(0.5 * s.rate_hz, 3) +
                        " Hz), or 0 (not filtered)",
                    options.filter_cutoff_hz);
  HIPMECH_CHECK_ARG(
      std::isfinite(options.fppa_noise_limit_deg) && options.fppa_noise_limit_deg > 0.0,
      "fppa_noise_limit_deg", "a positive angle in deg", options.fppa_noise_limit_deg);
  HIPMECH_CHECK_ARG(
      std::isfinite(options.min_hip_width_leg_lengths) && options.min_hip_width_leg_lengths >= 0.0,
      "min_hip_width_leg_lengths", "a fraction of the leg length >= 0",
      options.min_hip_width_leg_lengths);
  HIPMECH_CHECK_ARG(std::isfinite(options.narrow_hip_width_leg_lengths) &&
                        options.narrow_hip_width_leg_lengths >= 0.0,
                    "narrow_hip_width_leg_lengths", "a fraction of the leg length >= 0",
                    options.narrow_hip_width_leg_lengths);
  check_max_gap(options.max_gap_s);
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
  // The baseline: baseline_s from the first frame with a hip height (the person detected).
  Eigen::Index b0 = detail::first_finite(s.hip_height);
  if (b0 == n) b0 = 0;
  const Eigen::Index b1 = std::min(n, b0 + baseline_rows(options.baseline_s, s.rate_hz, n));
  if (b0 > 0) {
    r.notes.push_back("no hips in the first " + std::to_string(b0) +
                      " frames: the baseline starts at " + fixed(r.time_s[b0], 2) + " s");
  }
  const double standing = detail::finite_median(s.hip_height, b0, b1);
  const double base_obl = detail::finite_mean(s.obliquity_stance_rad, b0, b1);
  if (!std::isfinite(standing)) {
    r.notes.push_back("no hip height during the " + fixed(options.baseline_s, 2) +
                      " s baseline: the depth has no standing level");
  }
  if (!std::isfinite(base_obl)) {
    r.notes.push_back("no pelvic obliquity during the " + fixed(options.baseline_s, 2) +
                      " s baseline: the pelvic drop has no standing level");
  }
  r.hip_width_leg_lengths = s.hip_width_leg_lengths;
  const std::string side_view_note = task_detail::side_view_note(
      s.hip_width_leg_lengths, options.min_hip_width_leg_lengths, "knee FPPA and pelvic drop");
  const bool side_view = !side_view_note.empty();
  if (side_view) r.notes.push_back(side_view_note);
  const double turn_cos = adult_turn_cos(s.hip_width_leg_lengths);
  const std::string narrow_note =
      narrow_view_note(s.hip_width_leg_lengths, options.min_hip_width_leg_lengths,
                       options.narrow_hip_width_leg_lengths,
                       "the knee FPPA reads smaller (the valgus's frontal component x cos a: x " +
                           fixed(turn_cos, 2) +
                           " for that adult, for small angles) and the pelvic drop about "
                           "1 / cos a larger");
  if (!narrow_note.empty()) r.notes.push_back(narrow_note);
  r.depth_leg_lengths_series = (standing - s.hip_height.array()) / s.leg_length;
  Eigen::Index unfiltered = 0;
  const Eigen::Index max_gap = detail::max_gap_frames(options.max_gap_s, s.rate_hz);
  const Series fppa_raw = kDeg * s.fppa_rad.array();
  r.fppa_noise_deg = detail::finite_sd(fppa_raw, b0, b1);
  r.filtered_fppa_noise_deg =
      detail::lowpass_noise_gain(s.rate_hz, options.filter_cutoff_hz) * r.fppa_noise_deg;
  if (side_view) {
    r.fppa_deg = Series::Constant(n, kNaN);
    r.pelvic_drop_deg = Series::Constant(n, kNaN);
  } else {
    r.fppa_deg =
        detail::lowpass_runs(fppa_raw, s.rate_hz, options.filter_cutoff_hz, max_gap, unfiltered);
    r.pelvic_drop_deg =
        std::isfinite(base_obl)
            ? detail::lowpass_runs(Series(kDeg * (s.obliquity_stance_rad.array() - base_obl)),
                                   s.rate_hz, options.filter_cutoff_hz, max_gap, unfiltered)
            : Series(Series::Constant(n, kNaN));
    Eigen::Index filled = 0;
    for (Eigen::Index f = 0; f < n; ++f) {
      filled += (!std::isfinite(fppa_raw[f]) && std::isfinite(r.fppa_deg[f])) ? 1 : 0;
    }
    if (filled > 0) {
      r.notes.push_back(std::to_string(filled) + " frame(s) without an FPPA, in gaps of at most " +
                        fixed(options.max_gap_s, 2) +
                        " s, were filled (linear) before the filter (the pelvic obliquity "
                        "likewise)");
    }
  }
  if (unfiltered > 0) {
    r.notes.push_back(std::to_string(unfiltered) +
                      " frame(s) of FPPA or pelvic obliquity in gap-free runs too short to "
                      "filter (at most 9 frames) were left out (NaN)");
  }
  const bool noisy = !side_view && std::isfinite(r.filtered_fppa_noise_deg) &&
                     !below_cutoff(r.filtered_fppa_noise_deg, options.fppa_noise_limit_deg);
  std::string noise_note;
  if (noisy) {
    noise_note = "the knee FPPA is too noisy: SD " + fixed(r.fppa_noise_deg, 2) +
                 " deg while standing, " + fixed(r.filtered_fppa_noise_deg, 2) + " deg " +
                 (options.filter_cutoff_hz > 0.0
                      ? "after the " + fixed(options.filter_cutoff_hz, 1) + " Hz filter"
                      : std::string("unfiltered")) +
                 " (>= " + fixed(options.fppa_noise_limit_deg, 2) +
                 "): the peaks could be inflated by about that much; the classification is not "
                 "assessed (a steadier, closer or higher-resolution video helps)";
    r.notes.push_back(noise_note);
  }

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
    if (std::isfinite(split.min_excursion) && split.min_excursion >= 0.0005) {
      r.notes.push_back("no repetition found (no descent of at least " +
                        fixed(split.min_excursion, 3) + " leg lengths and back)");
    } else {
      r.notes.push_back(
          "no repetition found: the hips did not descend (no squat in the "
          "recording)");
    }
  }
  Eigen::Index incomplete = 0;
  for (const auto& rep : split.repetitions) incomplete += rep.complete ? 0 : 1;
  if (incomplete > 0) {
    r.notes.push_back(std::to_string(incomplete) +
                      " repetition(s) cut by the start or end of the recording: reported, not "
                      "summarised");
  }
  if (missing_fppa > 0 && !side_view) {
    r.notes.push_back(std::to_string(missing_fppa) +
                      " frame(s) inside repetitions have no FPPA: peaks are over the others");
  }
  if (missing_drop > 0 && !side_view) {
    r.notes.push_back(std::to_string(missing_drop) +
                      " frame(s) inside repetitions have no pelvic obliquity: peaks are over "
                      "the others");
  }

  const std::string side_text = side == Side::Left ? "left" : "right";
  r.flags.push_back(
      make_flag("peak_fppa_deg", side_text, r.peak_fppa_deg.mean, options.fppa_cutoff_deg, "deg",
                "mean peak knee FPPA (valgus) of the complete repetitions > " +
                    fixed(options.fppa_cutoff_deg, 1) + " deg",
                squat_fppa_source, above_cutoff(r.peak_fppa_deg.mean, options.fppa_cutoff_deg),
                side_view                             ? side_view_note
                : std::isnan(options.fppa_cutoff_deg) ? "no cut-off given"
                                                      : "no complete repetition with an FPPA"));
  if (noisy && r.flags.back().state != FlagState::NotAssessed) {
    r.flags.back().state = FlagState::NotAssessed;
    r.flags.back().note = noise_note;
  }
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
      above_cutoff(r.peak_pelvic_drop_deg.mean, options.pelvic_drop_cutoff_deg),
      side_view ? side_view_note
      : std::isnan(options.pelvic_drop_cutoff_deg)
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
                              knee::CameraView view, double baseline_s,
                              double min_hip_width_leg_lengths) {
  check_positive(rate_hz, "rate_hz", "Hz");
  check_positive(baseline_s, "baseline_s", "s");
  HIPMECH_CHECK_ARG(std::isfinite(min_hip_width_leg_lengths) && min_hip_width_leg_lengths >= 0.0,
                    "min_hip_width_leg_lengths", "a fraction of the leg length >= 0",
                    min_hip_width_leg_lengths);
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
  // The baseline: baseline_s from the first frame with both hips and the leg (the person
  // first detected).
  const Series leg = (hip - knee).rowwise().norm() + (knee - ankle).rowwise().norm();
  const Series width = (lh.col(0) - rh.col(0)).cwiseAbs();
  const Series both = leg + width;  // NaN unless both hips and the leg are present
  const Eigen::Index b0 = detail::first_finite(both);
  HIPMECH_CHECK_ARG(b0 < n, "keypoints",
                    "a frame with both hips and the squatting leg's knee and ankle (the leg "
                    "length)",
                    "no such frame among " + std::to_string(keypoints.frames.size()) +
                        " (keypoints below the reader's min_confidence are missing: a lower "
                        "min_confidence may help)");
  const Eigen::Index b1 = std::min(n, b0 + baseline_rows(baseline_s, rate_hz, n));
  s.leg_length = detail::finite_median(leg, b0, b1);
  HIPMECH_CHECK_ARG(std::isfinite(s.leg_length) && s.leg_length > 0.0, "keypoints",
                    "hip, knee and ankle apart in the image (the leg length)", s.leg_length);
  s.hip_width_leg_lengths = detail::finite_median(width, b0, b1) / s.leg_length;
  // The view from the hips' image order (a side view is left to single_leg_squat's check).
  const double order =
      detail::finite_median(Series(lh.col(0) - rh.col(0)), b0, b1);  // > 0: seen from in front
  if (s.hip_width_leg_lengths >= min_hip_width_leg_lengths &&
      (order > 0.0) != (view == knee::CameraView::Anterior)) {
    const bool front = order > 0.0;
    hipmech::detail::throw_invalid_argument(
        "view",
        std::string("'") + (front ? "anterior" : "posterior") +
            "' for these keypoints: while standing, left_hip is on the image's " +
            (front ? "right" : "left") + " of right_hip (x difference " + fixed(order, 1) +
            " px), as seen from " + (front ? "in front" : "behind") +
            " (a mirrored, selfie video counts as the other view)",
        "'" + std::string(knee::to_string(view)) + "'");
  }
  s.fppa_rad = knee::fppa_2d(hip, knee, ankle, side, view).fppa_rad;
  s.obliquity_stance_rad = pelvis::obliquity_2d(lh, rh, side);
  s.hip_height = -0.5 * (lh.col(1) + rh.col(1));
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
  const Eigen::Index b0 = std::min(detail::first_finite(leg), n);
  s.leg_length = detail::finite_median(leg, b0, b0 + baseline_rows(baseline_s, rate_hz, n));
  HIPMECH_CHECK_ARG(std::isfinite(s.leg_length) && s.leg_length > 0.0, "hip_left_lab",
                    "hip, knee and ankle centres during the first baseline_s seconds (the leg "
                    "length)",
                    "no frame with all three");
  return s;
}

}  // namespace hipmech::clinic
