// uncertainty::propagate with Method::MonteCarlo (src/uncertainty/monte_carlo.cpp): argument
// checks, determinism (seed, threads), the per-frame SD of the pelvic obliquity under marker
// noise against its first-order value, the hip-centre sampler against the model's SDs and
// correlation, and the zero model against report::analyse (bands of zero width, combined
// intervals equal to analyse's bootstrap CIs).
#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_floating_point.hpp>
#include <catch2/matchers/catch_matchers_string.hpp>

#include <algorithm>
#include <cmath>
#include <limits>

#include "../../../src/uncertainty/monte_carlo.hpp"
#include "helpers/thrown.hpp"
#include "hipmech/report/analysis.hpp"
#include "hipmech/stats/bootstrap.hpp"
#include "hipmech/synth/walking.hpp"
#include "hipmech/uncertainty/propagation.hpp"

using Catch::Matchers::ContainsSubstring;
using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;
using hipmech::Side;
namespace report = hipmech::report;
namespace unc = hipmech::uncertainty;
namespace detail = hipmech::uncertainty::detail;

namespace {

constexpr double kDegPerRad = 180.0 / 3.14159265358979323846;

hipmech::synth::SyntheticWalking walk(int strides = 2, double noise_m = 0.0) {
  hipmech::synth::WalkingSettings s;
  s.n_strides = strides;
  s.marker_noise_m = noise_m;
  s.seed = 11;
  return hipmech::synth::walking(s);
}

unc::PropagationOptions draws(Eigen::Index n, std::uint64_t seed = 3, int threads = 1) {
  unc::PropagationOptions p;
  p.n_draws = n;
  p.seed = seed;
  p.n_threads = threads;
  return p;
}

bool same(double a, double b) {
  return (std::isnan(a) && std::isnan(b)) || a == b;
}

/// Both NaN, or within `tol`.
bool close(double a, double b, double tol) {
  if (std::isnan(a) || std::isnan(b)) return std::isnan(a) && std::isnan(b);
  return std::abs(a - b) <= tol;
}

/// Mean over the finite values (NaN when none): the mean curve of hipmech.plot.
double finite_mean(const Eigen::VectorXd& x) {
  double sum = 0.0;
  long n = 0;
  for (Eigen::Index i = 0; i < x.size(); ++i) {
    if (std::isfinite(x[i])) {
      sum += x[i];
      ++n;
    }
  }
  return n > 0 ? sum / double(n) : std::numeric_limits<double>::quiet_NaN();
}

bool identical(const unc::UncertaintyResult& a, const unc::UncertaintyResult& b) {
  for (std::size_t c = 0; c < report::kCurveCount; ++c) {
    for (std::size_t i = 0; i < 2; ++i) {
      const unc::FrameBand &x = a.frames[c][i], &y = b.frames[c][i];
      for (Eigen::Index f = 0; f < x.sd.size(); ++f) {
        if (!same(x.sd[f], y.sd[f]) || !same(x.low[f], y.low[f]) || !same(x.high[f], y.high[f]))
          return false;
      }
      const unc::CycleBand &u = a.cycles[c][i], &v = b.cycles[c][i];
      for (Eigen::Index p = 0; p < u.sd.size(); ++p) {
        if (!same(u.sd[p], v.sd[p]) || !same(u.low[p], v.low[p])) return false;
      }
    }
  }
  for (std::size_t r = 0; r < a.stances.size(); ++r) {
    for (std::size_t q = 0; q < report::kQuantityCount; ++q) {
      if (!same(a.stances[r][q].sd, b.stances[r][q].sd) ||
          !same(a.stances[r][q].high, b.stances[r][q].high))
        return false;
    }
  }
  for (std::size_t q = 0; q < report::kQuantityCount; ++q) {
    if (!same(a.summary[q].symmetry_index.sd, b.summary[q].symmetry_index.sd) ||
        !same(a.summary[q].difference_combined[0], b.summary[q].difference_combined[0]))
      return false;
  }
  return true;
}

}  // namespace

TEST_CASE("propagate: bad inputs name the argument", "[uncertainty][monte_carlo]") {
  const auto w = walk();
  const report::TrialSummary nominal = report::analyse(w.trial);
  const unc::UncertaintyModel model = unc::UncertaintyModel::none();
  const auto arg = [&](unc::PropagationOptions p) {
    return hipmech::test::thrown_argument(
        [&] { (void)unc::propagate(w.trial, nominal, {}, model, p); });
  };
  CHECK(arg(draws(1)) == "n_draws");
  CHECK(arg(draws(100001)) == "n_draws");
  // The memory cap of this trial, checked before anything runs and said in the message.
  const Eigen::Index n = w.trial.n_frames();
  const Eigen::Index cap = unc::max_monte_carlo_draws(n);
  CHECK(arg(draws(cap + 1)) == "n_draws");
  CHECK_THAT(
      hipmech::test::thrown_message(
          [&] { (void)unc::propagate(w.trial, nominal, {}, model, draws(cap + 1)); }),
      ContainsSubstring("between 2 and " + std::to_string(cap) +
                        " Monte Carlo draws for this trial of " + std::to_string(n) + " frames"));
  unc::PropagationOptions p = draws(10);
  p.confidence = 1.0;
  CHECK(arg(p) == "confidence");
  p.confidence = 0.0;
  CHECK(arg(p) == "confidence");
  p.confidence = std::numeric_limits<double>::quiet_NaN();
  CHECK(arg(p) == "confidence");
  CHECK(arg(draws(10, 1, -1)) == "n_threads");
  const auto other = walk(3);  // another trial (more frames) than the nominal's
  CHECK(hipmech::test::thrown_argument([&] {
          (void)unc::propagate(other.trial, nominal, {}, model, draws(10));
        }) == "nominal");
}

TEST_CASE("propagate: Monte Carlo is deterministic in the seed, whatever the threads",
          "[uncertainty][monte_carlo]") {
  const auto w = walk(2, 0.0005);
  const report::TrialSummary nominal = report::analyse(w.trial);
  unc::UncertaintyModel model;  // every source at its default
  const unc::UncertaintyResult one = unc::propagate(w.trial, nominal, {}, model, draws(12, 5, 1));
  const unc::UncertaintyResult again = unc::propagate(w.trial, nominal, {}, model, draws(12, 5, 1));
  const unc::UncertaintyResult two = unc::propagate(w.trial, nominal, {}, model, draws(12, 5, 2));
  const unc::UncertaintyResult other = unc::propagate(w.trial, nominal, {}, model, draws(12, 6, 2));
  CHECK(one.n_draws_failed == 0);
  CHECK(one.method == unc::Method::MonteCarlo);
  CHECK(one.n_draws == 12);
  CHECK(one.seed == 5);
  CHECK(identical(one, again));
  CHECK(identical(one, two));
  CHECK_FALSE(identical(one, other));
  // Every source on: every curve has a band of non-zero width where it is defined.
  for (std::size_t c = 0; c < report::kCurveCount; ++c) {
    for (std::size_t i = 0; i < 2; ++i) {
      const unc::FrameBand& b = one.frames[c][i];
      long positive = 0;
      for (Eigen::Index f = 0; f < b.sd.size(); ++f) {
        if (std::isfinite(b.value[f])) {
          REQUIRE(std::isfinite(b.sd[f]));
          REQUIRE(b.low[f] <= b.high[f]);
          if (b.sd[f] > 0) ++positive;
        }
      }
      CHECK(positive > 0);
    }
  }
}

TEST_CASE("propagate: pelvic obliquity SD under marker noise is sqrt(2) sigma / ASIS distance",
          "[uncertainty][monte_carlo]") {
  // Baker's pelvic obliquity is asin of the up component of the pelvis Z axis,
  // Z = (RASI - LASI) / d (rotation about the vertical comes first and tilt turns about Z, so
  // neither moves Z's up component). White noise of SD sigma per coordinate of each ASIS moves
  // Z by (I - Z Z^T)(e_R - e_L) / d; to first order (GUM, JCGM 100:2008 section 5.1.2) its up
  // component has variance 2 sigma^2 (1 - Z_up^2) / d^2, and dividing by cos(obliquity) =
  // sqrt(1 - Z_up^2) leaves sigma_obliquity = sqrt(2) sigma / d [rad], whatever the obliquity.
  // No filter (cutoff none), so the noise reaches the angles unsmoothed.
  const auto w = walk(2, 0.0);
  report::AnalysisOptions options;
  options.cutoff_hz.reset();
  const report::TrialSummary nominal = report::analyse(w.trial, options);
  unc::UncertaintyModel model = unc::UncertaintyModel::none();
  const double sigma = 0.001;
  model.marker_noise_m = sigma;
  const unc::UncertaintyResult res =
      unc::propagate(w.trial, nominal, options, model, draws(300, 9, 2));
  REQUIRE(res.n_draws_failed == 0);
  const hipmech::Trajectory& lasi = w.trial.marker("LASI");
  const hipmech::Trajectory& rasi = w.trial.marker("RASI");
  constexpr auto kObl = static_cast<std::size_t>(report::Curve::PelvicObliquityDeg);
  for (std::size_t i = 0; i < 2; ++i) {
    const unc::FrameBand& b = res.frames[kObl][i];
    double ratio_sum = 0.0;
    long count = 0;
    for (Eigen::Index f = 0; f < b.sd.size(); ++f) {
      const double d = (rasi.row(f) - lasi.row(f)).norm();
      const double expected = std::sqrt(2.0) * sigma / d * kDegPerRad;
      // Per frame, the SD of 300 draws has a relative SE of 1 / sqrt(2 * 299) = 4 %.
      REQUIRE_THAT(b.sd[f], WithinRel(expected, 0.2));
      ratio_sum += b.sd[f] / expected;
      ++count;
    }
    // Over the frames (independent noise per frame) the mean ratio is known to ~0.3 %.
    CHECK_THAT(ratio_sum / static_cast<double>(count), WithinAbs(1.0, 0.02));
  }
  // The 95 % band of a Gaussian is about +/- 1.96 SD wide.
  const unc::FrameBand& b = res.frames[kObl][1];
  double width_ratio = 0.0;
  for (Eigen::Index f = 0; f < b.sd.size(); ++f) {
    width_ratio += (b.high[f] - b.low[f]) / (2.0 * 1.959964 * b.sd[f]);
  }
  CHECK_THAT(width_ratio / static_cast<double>(b.sd.size()), WithinAbs(1.0, 0.05));
}

TEST_CASE("propagate: with the 6 Hz filter the obliquity SD scales by the filter's noise gain",
          "[uncertainty][monte_carlo]") {
  // The filtered noise of a coordinate has SD g sigma, g = sqrt(sum_k h_k^2) the noise gain of
  // the zero-lag filter (h its impulse response, away from the ends). By Parseval,
  // g^2 = (1/pi) int_0^pi |H(e^iw)|^4 dw with H one pass of the order-N Butterworth designed
  // by the bilinear transform, |H|^2 = 1 / (1 + (tan(w/2) / tan(pi fc / fs))^(2N)) (the
  // forward-backward filter squares it again). Simpson's rule here; scipy's filtfilt of an
  // impulse gives g = 0.31620 for N = 2, 6 Hz, 100 Hz. The sqrt(2) sigma / d of the test above
  // then scales by g.
  const double fs = 100.0, fc = 6.0;
  const double t = std::tan(3.14159265358979323846 * fc / fs);
  const int m = 20000;  // even
  double integral = 0.0;
  for (int k = 0; k <= m; ++k) {
    const double wk = 3.14159265358979323846 * k / m;
    const double h2 = 1.0 / (1.0 + std::pow(std::tan(0.5 * wk) / t, 4));
    const double weight = (k == 0 || k == m) ? 1.0 : (k % 2 == 1 ? 4.0 : 2.0);
    integral += weight * (k == m ? 0.0 : h2 * h2);
  }
  integral *= (3.14159265358979323846 / m) / 3.0;
  const double gain = std::sqrt(integral / 3.14159265358979323846);
  REQUIRE_THAT(gain, WithinAbs(0.31620, 1e-4));

  auto w = walk(2, 0.0);
  REQUIRE(w.trial.point_rate_hz == fs);
  report::AnalysisOptions options;  // the default cut-off, 6 Hz
  REQUIRE(options.cutoff_hz.has_value());
  REQUIRE(*options.cutoff_hz == fc);
  const report::TrialSummary nominal = report::analyse(w.trial, options);
  unc::UncertaintyModel model = unc::UncertaintyModel::none();
  const double sigma = 0.001;
  model.marker_noise_m = sigma;
  const unc::UncertaintyResult res =
      unc::propagate(w.trial, nominal, options, model, draws(200, 9, 2));
  REQUIRE(res.n_draws_failed == 0);
  const hipmech::Trajectory& lasi = w.trial.marker("LASI");
  const hipmech::Trajectory& rasi = w.trial.marker("RASI");
  constexpr auto kObl = static_cast<std::size_t>(report::Curve::PelvicObliquityDeg);
  const unc::FrameBand& b = res.frames[kObl][1];
  double ratio_sum = 0.0;
  long count = 0;
  // Frames 40 samples (several impulse-response lengths at 6 Hz) from either end: the padding
  // changes the gain near the ends.
  for (Eigen::Index f = 40; f < b.sd.size() - 40; ++f) {
    const double d = (rasi.row(f) - lasi.row(f)).norm();
    ratio_sum += b.sd[f] / (gain * std::sqrt(2.0) * sigma / d * kDegPerRad);
    ++count;
  }
  REQUIRE(count > 50);
  // Each frame's SD from 200 draws: relative SE 5 %; the filtered noise is correlated over
  // about 10 frames, so the mean over the frames is known to about 1.5 %.
  CHECK_THAT(ratio_sum / static_cast<double>(count), WithinAbs(1.0, 0.05));
}

TEST_CASE("draw_systematic: hip centre errors with the model's SDs and side correlation",
          "[uncertainty][monte_carlo]") {
  unc::UncertaintyModel model = unc::UncertaintyModel::none();
  model.hip_centre_sd_m = Eigen::Vector3d(0.01, 0.015, 0.02);
  model.hip_centre_side_correlation = 0.5;
  model.segment_mass_cv = 0.05;  // default side correlation 1: left = right
  const Eigen::Index n = 20000;
  Eigen::MatrixXd right(n, 3), left(n, 3);
  for (Eigen::Index d = 0; d < n; ++d) {
    const detail::Systematic s = detail::draw_systematic(model, 42, d, 2);
    right.row(d) = s.hip_centre_offset_m[1].transpose();
    left.row(d) = s.hip_centre_offset_m[0].transpose();
    REQUIRE(s.segment_mass_rel[0] == s.segment_mass_rel[1]);
    REQUIRE(s.cop_offset_m.empty());  // inactive source: nothing drawn
    REQUIRE(s.knee_width_delta_m[0] == 0.0);
  }
  // Sample SD of 20000 normal draws: relative SE 1 / sqrt(2 n) = 0.5 %; correlation SE
  // (1 - rho^2) / sqrt(n) = 0.005.
  const auto sd = [](const Eigen::VectorXd& x) {
    return std::sqrt((x.array() - x.mean()).square().sum() / double(x.size() - 1));
  };
  const auto corr = [&](const Eigen::VectorXd& x, const Eigen::VectorXd& y) {
    return ((x.array() - x.mean()) * (y.array() - y.mean())).sum() / double(x.size() - 1) /
           (sd(x) * sd(y));
  };
  for (Eigen::Index a = 0; a < 3; ++a) {
    CHECK_THAT(sd(right.col(a)), WithinRel(model.hip_centre_sd_m[a], 0.03));
    CHECK_THAT(sd(left.col(a)), WithinRel(model.hip_centre_sd_m[a], 0.03));
    CHECK_THAT(right.col(a).mean(),
               WithinAbs(0.0, 4.0 * model.hip_centre_sd_m[a] / std::sqrt(double(n))));
    // Lateral (Z, pointing right) mirrored: both centres move laterally together.
    CHECK_THAT(corr(right.col(a), left.col(a)), WithinAbs(a == 2 ? -0.5 : 0.5, 0.03));
  }
  // Independent streams per source: the hip centre errors do not depend on the other sources.
  unc::UncertaintyModel only_hjc = unc::UncertaintyModel::none();
  only_hjc.hip_centre_sd_m = model.hip_centre_sd_m;
  only_hjc.hip_centre_side_correlation = 0.5;
  CHECK(detail::draw_systematic(only_hjc, 42, 17, 2).hip_centre_offset_m[1] ==
        detail::draw_systematic(model, 42, 17, 2).hip_centre_offset_m[1]);
}

TEST_CASE("propagate: the zero model gives zero-width bands at the nominal analysis",
          "[uncertainty][monte_carlo]") {
  const auto w = walk(3, 0.001);
  const report::TrialSummary nominal = report::analyse(w.trial);
  unc::PropagationOptions p = draws(4, 1, 2);
  p.keep_draws = true;
  const unc::UncertaintyResult res =
      unc::propagate(w.trial, nominal, {}, unc::UncertaintyModel::none(), p);
  REQUIRE(res.n_draws_failed == 0);
  for (std::size_t c = 0; c < report::kCurveCount; ++c) {
    for (std::size_t i = 0; i < 2; ++i) {
      const unc::FrameBand& b = res.frames[c][i];
      REQUIRE(b.value.size() == w.trial.n_frames());
      for (Eigen::Index f = 0; f < b.value.size(); ++f) {
        if (std::isnan(b.value[f])) {
          REQUIRE(std::isnan(b.sd[f]));
          continue;
        }
        REQUIRE(b.sd[f] == 0.0);
        REQUIRE(b.low[f] == b.value[f]);
        REQUIRE(b.high[f] == b.value[f]);
      }
      // The cycle band's value is the nominal mean cycle (the mean of analyse's cycles).
      const auto& cycles = nominal.curves.data[c][i];
      const unc::CycleBand& cb = res.cycles[c][i];
      REQUIRE(cb.value.size() == 101);
      for (Eigen::Index q = 0; q < 101; ++q) {
        REQUIRE(close(cb.value[q], finite_mean(cycles.col(q)), 1e-12));
        if (std::isnan(cb.value[q])) continue;
        REQUIRE(cb.sd[q] == 0.0);
        REQUIRE_THAT(cb.high[q], WithinAbs(cb.value[q], 1e-9));
      }
    }
  }
  REQUIRE(res.stances.size() == nominal.stances.size());
  for (std::size_t r = 0; r < nominal.stances.size(); ++r) {
    for (std::size_t q = 0; q < report::kQuantityCount; ++q) {
      const unc::ValueUncertainty& u = res.stances[r][q];
      CHECK(same(u.value, nominal.stances[r].value[q]));
      if (std::isfinite(u.value)) {
        CHECK(u.sd == 0.0);
        CHECK_THAT(u.low, WithinAbs(u.value, 1e-9));
        CHECK(std::isnan(u.share[0]));  // Monte Carlo does not split by source
      }
      CHECK(res.stance_draws[q].rows() == 4);
      CHECK(res.stance_draws[q].cols() == static_cast<Eigen::Index>(nominal.stances.size()));
    }
  }
  // No measurement error: the combined intervals are report::analyse's bootstrap CIs (the same
  // resamples of the same stance values).
  for (std::size_t q = 0; q < report::kQuantityCount; ++q) {
    const report::SummaryRow& row = nominal.summary[q];
    const unc::SummaryUncertainty& su = res.summary[q];
    INFO(report::quantity_info()[q].name);
    CHECK(same(su.side_mean[0].value, row.left.mean));
    CHECK(close(su.side_mean[1].sd, std::isnan(row.right.mean) ? row.right.mean : 0.0, 0.0));
    CHECK(close(su.side_mean_combined[0][0], row.left.ci_low, 1e-9));
    CHECK(close(su.side_mean_combined[0][1], row.left.ci_high, 1e-9));
    CHECK(close(su.side_mean_combined[1][0], row.right.ci_low, 1e-9));
    CHECK(close(su.side_mean_combined[1][1], row.right.ci_high, 1e-9));
    CHECK(close(su.difference_combined[0], row.difference.ci_low, 1e-9));
    CHECK(close(su.difference_combined[1], row.difference.ci_high, 1e-9));
    CHECK(close(su.symmetry_index_combined[0], row.symmetry_index.ci_low, 1e-9));
    CHECK(close(su.symmetry_index_combined[1], row.symmetry_index.ci_high, 1e-9));
    CHECK(close(su.symmetry_angle_combined[0], row.symmetry_angle.ci_low, 1e-9));
    CHECK(close(su.symmetry_angle_combined[1], row.symmetry_angle.ci_high, 1e-9));
  }
}

TEST_CASE("propagate: per-stance SD and interval are those of the kept draws",
          "[uncertainty][monte_carlo]") {
  // The percentile interval of the draws: numpy's linear quantiles at (1 -/+ c) / 2
  // (stats::quantile_linear, Hyndman & Fan 1996 definition 7) of the kept per-draw peaks,
  // and the sample SD (n - 1) of the same draws.
  const auto w = walk(2, 0.001);
  const report::TrialSummary nominal = report::analyse(w.trial);
  unc::PropagationOptions p = draws(41, 2, 2);
  p.keep_draws = true;
  p.confidence = 0.9;
  const unc::UncertaintyResult res =
      unc::propagate(w.trial, nominal, {}, unc::UncertaintyModel{}, p);
  REQUIRE(res.n_draws_failed == 0);
  long checked = 0;
  for (std::size_t r = 0; r < nominal.stances.size(); ++r) {
    for (std::size_t q = 0; q < report::kQuantityCount; ++q) {
      const unc::ValueUncertainty& u = res.stances[r][q];
      if (!std::isfinite(u.value)) continue;
      Eigen::VectorXd x = res.stance_draws[q].col(static_cast<Eigen::Index>(r));
      std::sort(x.data(), x.data() + x.size());
      const double mean = x.mean();
      const double sd = std::sqrt((x.array() - mean).square().sum() / double(x.size() - 1));
      CHECK_THAT(u.sd, WithinAbs(sd, 1e-9 + 1e-9 * sd));
      CHECK_THAT(u.low, WithinAbs(hipmech::stats::quantile_linear(x, 0.05), 1e-8));
      CHECK_THAT(u.high, WithinAbs(hipmech::stats::quantile_linear(x, 0.95), 1e-8));
      ++checked;
    }
  }
  CHECK(checked >= 8);
}

TEST_CASE("propagate: draws that fail are counted, left out and noted",
          "[uncertainty][monte_carlo]") {
  // A knee-width SD as large as the knee (synth: 0.057 H = 0.10 m, SD 0.1 m) gives a negative
  // width in about Phi(-1) = 16 % of the draws per side, which Plug-in Gait refuses.
  const auto w = walk(2, 0.0);
  const report::TrialSummary nominal = report::analyse(w.trial);
  unc::UncertaintyModel model = unc::UncertaintyModel::none();
  model.knee_width_sd_m = 0.1;
  const unc::UncertaintyResult res = unc::propagate(w.trial, nominal, {}, model, draws(30, 4, 2));
  CHECK(res.n_draws_failed > 0);
  CHECK(res.n_draws_failed < 30);
  bool noted = false;
  for (const std::string& n : res.notes) {
    if (n.find("failed and were left out") != std::string::npos &&
        n.find("knee_width_m") != std::string::npos)
      noted = true;
  }
  CHECK(noted);
  // More than 5 % failed (about 1 - 0.84^2 = 30 % expected): the warning note says so.
  REQUIRE(res.n_draws_failed * 20 > 30);
  const auto warning = std::find_if(res.notes.begin(), res.notes.end(), [](const std::string& n) {
    return n.rfind("Warning: ", 0) == 0;
  });
  REQUIRE(warning != res.notes.end());
  CHECK_THAT(*warning, ContainsSubstring(std::to_string(res.n_draws_failed) + " of 30 draws"));
  CHECK_THAT(*warning, ContainsSubstring("may be biased"));
  // The others still give bands.
  SECTION("5 % or fewer failed: no warning") {
    // SD 0.04 m of a 0.10 m knee: Phi(-2.5) = 0.6 % per side, about 1.2 % of the draws.
    model.knee_width_sd_m = 0.04;
    const unc::UncertaintyResult few =
        unc::propagate(w.trial, nominal, {}, model, draws(100, 2, 2));
    REQUIRE(few.n_draws_failed > 0);
    REQUIRE(few.n_draws_failed <= 5);
    for (const std::string& n : few.notes) CHECK(n.rfind("Warning: ", 0) != 0);
  }
  constexpr auto kValgus = static_cast<std::size_t>(report::Curve::KneeValgusDeg);
  CHECK(res.frames[kValgus][0].sd.maxCoeff() > 0.0);
}

TEST_CASE("max_monte_carlo_draws: the per-draw curves within 1 GB, at most 100000",
          "[uncertainty][monte_carlo]") {
  // Every draw keeps 12 series (6 curves, 2 sides) of n frames plus 101 mean-cycle points as
  // 4-byte floats, 2.5e8 values (1 GB) at most: floor(2.5e8 / (12 (n + 101))), at most 1e5.
  // By hand: 1080 frames -> 2.5e8 / 14172 = 17640.4; 108 frames -> 2.5e8 / 2508 = 99681.0;
  // 107 frames -> 2.5e8 / 2496 = 100160.3 -> the 100000 bound.
  CHECK(unc::max_monte_carlo_draws(1080) == 17640);
  CHECK(unc::max_monte_carlo_draws(108) == 99681);
  CHECK(unc::max_monte_carlo_draws(107) == 100000);
  CHECK(unc::max_monte_carlo_draws(0) == 100000);
  CHECK(unc::max_monte_carlo_draws(2500000) == 8);
}

TEST_CASE("propagate: the Monte Carlo note says what sd, low, high and the bands are",
          "[uncertainty][monte_carlo]") {
  const auto w = walk(2, 0.0);
  const report::TrialSummary nominal = report::analyse(w.trial);
  unc::UncertaintyModel model = unc::UncertaintyModel::none();
  model.marker_noise_m = 0.001;
  const unc::UncertaintyResult res = unc::propagate(w.trial, nominal, {}, model, draws(4, 1, 1));
  REQUIRE_FALSE(res.notes.empty());
  const std::string& note = res.notes.front();
  CHECK_THAT(note, ContainsSubstring("sd = the SD of the draws (n - 1)"));
  CHECK_THAT(note, ContainsSubstring("(low, high) = the 95 % percentile interval of the draws"));
  CHECK_THAT(note, ContainsSubstring("the report's bands are value +/- z sd (z = 1.96)"));
  for (const std::string& n : res.notes) CHECK(n.rfind("Warning: ", 0) != 0);
}
