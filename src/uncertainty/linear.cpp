// First-order (linearised) propagation of an UncertaintyModel through the per-trial pipeline
// (docs/uncertainty-model.md, "Linearisation").
//
// Every output y (a curve's value at a frame, a per-stance peak, a summary number, a point of
// the mean cycle) is linearised about the nominal inputs, y ~ y0 + J dx, and Var(y) = J C J^T
// with C the covariance of the inputs dx:
//
//  - systematic inputs (hip centre offsets, segment parameters, centres of pressure, subject
//    measurements, marker placement): one column of J per input by a central difference of
//    TrialPipeline::evaluate with a step of kStepFraction of the input's SD; C is diagonal but
//    for the left/right pairs with a correlation (hip centre, segment parameters);
//  - marker noise: white, SD sigma, per raw coordinate and frame, low-passed with the markers:
//    Cov(xf_k, xf_l) = sigma^2 (F F^T)_kl, F the filter matrix of the gap-free run (its columns
//    are the filter's responses to unit impulses, computed with TrialPipeline::filter itself).
//    The outputs at frame t depend on the filtered markers within w frames of t only (finite
//    differences of the kinematics; w is measured on the trial by perturbing one frame), so the
//    Jacobian d y_t / d xf_{c,k} is banded and is found with 2 (2w + 1) evaluations per
//    coordinate c: all frames k = j mod (2w + 1) perturbed at once (Curtis, Powell & Reid 1974,
//    J Inst Math Appl 13:117-119: each output frame sees exactly one perturbed frame of each
//    colour j). Var(y) = sigma^2 sum_c u_c^T (F F^T) u_c with u_c the Jacobian row of y over
//    coordinate c's frames (a peak: the curve's row at its frame; a mean: the weighted sum of
//    its terms' rows).
#include "linear.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstddef>
#include <exception>
#include <functional>
#include <limits>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "hipmech/core/check.hpp"
#include "hipmech/core/error.hpp"
#include "hipmech/stats/distributions.hpp"
#include "summarise.hpp"

namespace hipmech::uncertainty::detail {
namespace {

constexpr std::size_t kC = report::kCurveCount;
constexpr std::size_t kQ = report::kQuantityCount;
constexpr std::size_t kSrc = kSourceCount;
constexpr Eigen::Index kCyclePoints = 101;
const double kNaN = std::numeric_limits<double>::quiet_NaN();

/// Central-difference step as a fraction of the input's SD. The truncation error of a central
/// difference is h^2 f'''/6: at 0.1 SD it is 1 % of the curvature the linearisation ignores
/// over +/- 1 SD, while the step (0.1 mm for 1 mm of noise, 1.5 mm for a 15 mm hip centre SD,
/// 1 % of a segment mass) stays 8 or more orders of magnitude above the round-off of the
/// pipeline's outputs.
constexpr double kStepFraction = 0.1;
/// Largest stencil half-width the noise colouring accepts (frames); the measured one is
/// about 2 (second differences of the kinematics).
constexpr Eigen::Index kMaxHalfWidth = 12;
/// A filter-matrix entry below this fraction of its column's peak counts as zero.
constexpr double kBandTolerance = 1e-13;

/// Summary numbers flattened: per quantity left mean, right mean, difference, SI, SA.
constexpr std::size_t kKinds = 5;
using SummaryFlat = std::array<double, kQ * kKinds>;

SummaryFlat flatten(const SummaryValues& v) {
  SummaryFlat f{};
  for (std::size_t q = 0; q < kQ; ++q) {
    f[q * kKinds + 0] = v.side_mean[q][0];
    f[q * kKinds + 1] = v.side_mean[q][1];
    f[q * kKinds + 2] = v.difference[q];
    f[q * kKinds + 3] = v.symmetry_index[q];
    f[q * kKinds + 4] = v.symmetry_angle[q];
  }
  return f;
}

/// One term of a linear map from a curve's frames to a number.
struct Term {
  Eigen::Index frame;
  double weight;
};

/// The mean time-normalised cycle as a linear map of the curve's frames, per curve, side and
/// point: the mean over the nominal cycles whose interpolated nominal value is finite of the
/// linear interpolation at numpy.linspace(begin, end, 101) (signal::time_normalise).
using CycleMaps = std::array<std::array<std::vector<std::vector<Term>>, 2>, kC>;

CycleMaps cycle_maps(const report::TrialSummary& nominal, const Output& out0) {
  CycleMaps maps;
  for (std::size_t q = 0; q < kC; ++q) {
    for (std::size_t s = 0; s < 2; ++s) {
      const auto& cycles = nominal.curves.cycles[s];
      auto& points = maps[q][s];
      if (cycles.empty()) continue;
      points.assign(kCyclePoints, {});
      const Eigen::VectorXd& y = out0.curves[q][s];
      for (Eigen::Index p = 0; p < kCyclePoints; ++p) {
        std::vector<Term> terms;
        int n_finite = 0;
        for (const auto& [b, e] : cycles) {
          const double t = static_cast<double>(b) + static_cast<double>(e - b) *
                                                        static_cast<double>(p) /
                                                        static_cast<double>(kCyclePoints - 1);
          const auto f0 = static_cast<Eigen::Index>(std::floor(t));
          const double a = t - static_cast<double>(f0);
          if (a == 0.0) {
            if (f0 < 0 || f0 >= y.size() || !std::isfinite(y[f0])) continue;
            terms.push_back({f0, 1.0});
          } else {
            if (f0 < 0 || f0 + 1 >= y.size() || !std::isfinite(y[f0]) ||
                !std::isfinite(y[f0 + 1])) {
              continue;
            }
            terms.push_back({f0, 1.0 - a});
            terms.push_back({f0 + 1, a});
          }
          ++n_finite;
        }
        for (Term& term : terms) term.weight /= n_finite;
        points[static_cast<std::size_t>(p)] = std::move(terms);
      }
    }
  }
  return maps;
}

double apply_map(const std::vector<Term>& terms, const Eigen::VectorXd& y) {
  if (terms.empty()) return kNaN;
  double v = 0.0;
  for (const Term& t : terms) v += t.weight * y[t.frame];
  return v;
}

/// d (every output) / d (one input), from a central difference.
struct Sensitivity {
  std::array<std::array<Eigen::VectorXd, 2>, kC> curves;  ///< #frames each
  std::array<std::array<Eigen::VectorXd, 2>, kC> cycles;  ///< 101 each (empty: no cycle)
  Eigen::MatrixXd peaks;                                  ///< #stances by kQ
  SummaryFlat summary{};
};

/// What the linearisation needs to know of the trial, computed once.
struct Context {
  const TrialPipeline& pipeline;
  const report::TrialSummary& nominal;
  Side reference;
  Output out0;
  CycleMaps cycles;
  SummaryFlat summary0{};
  std::size_t n_stances = 0;
  /// Per stance: its side (0 left, 1 right).
  std::vector<std::size_t> side;
  /// d summary number / d peak of its quantity, kQ * kKinds by #stances.
  Eigen::MatrixXd summary_grad;
};

/// The curve a quantity's peak is the maximum of (TrialPipeline::evaluate: the drop is the
/// stance side's obliquity over single support, the others their curve over the stance).
constexpr std::size_t peak_curve(std::size_t q) {
  switch (static_cast<report::Quantity>(q)) {
    case report::Quantity::PelvicDropDeg:
      return static_cast<std::size_t>(report::Curve::PelvicObliquityDeg);
    case report::Quantity::KneeValgusDeg:
      return static_cast<std::size_t>(report::Curve::KneeValgusDeg);
    case report::Quantity::HipAdductionDeg:
      return static_cast<std::size_t>(report::Curve::HipAdductionDeg);
    case report::Quantity::HipAbductionMomentNmPerKg:
      return static_cast<std::size_t>(report::Curve::HipAbductionMomentNmPerKg);
  }
  return 0;
}

Sensitivity difference(const Context& ctx, const Output& plus, const Output& minus, double h) {
  Sensitivity d;
  const double inv = 1.0 / (2.0 * h);
  for (std::size_t q = 0; q < kC; ++q) {
    for (std::size_t s = 0; s < 2; ++s) {
      d.curves[q][s] = (plus.curves[q][s] - minus.curves[q][s]) * inv;
      const auto& map = ctx.cycles[q][s];
      if (map.empty()) continue;
      d.cycles[q][s].resize(kCyclePoints);
      for (Eigen::Index p = 0; p < kCyclePoints; ++p) {
        const auto& terms = map[static_cast<std::size_t>(p)];
        d.cycles[q][s][p] =
            (apply_map(terms, plus.curves[q][s]) - apply_map(terms, minus.curves[q][s])) * inv;
      }
    }
  }
  // A peak is the maximum of a curve over a nominal window: to first order it moves as the
  // curve at its nominal frame (the maximum's frame does not move for a small step; taking
  // the perturbed maxima instead would pick, under a perturbation that alternates from frame
  // to frame, the frame the step raises most, for +h and -h alike).
  d.peaks.resize(static_cast<Eigen::Index>(ctx.n_stances), kQ);
  for (std::size_t i = 0; i < ctx.n_stances; ++i) {
    for (std::size_t q = 0; q < kQ; ++q) {
      const Eigen::Index t = ctx.out0.peak_frames[i][q];
      d.peaks(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(q)) =
          t < 0 ? kNaN : d.curves[peak_curve(q)][ctx.side[i]][t];
    }
  }
  // The summary numbers through their gradient in the peaks.
  for (std::size_t k = 0; k < d.summary.size(); ++k) {
    const auto q = static_cast<Eigen::Index>(k / kKinds);
    double v = 0.0;
    for (std::size_t i = 0; i < ctx.n_stances; ++i) {
      const double g = ctx.summary_grad(static_cast<Eigen::Index>(k), static_cast<Eigen::Index>(i));
      if (g != 0.0) v += g * d.peaks(static_cast<Eigen::Index>(i), q);
    }
    d.summary[k] = v;
  }
  return d;
}

/// One systematic input: a zero-mean normal error of SD `sd`, added by `apply`.
struct Input {
  Source source = Source::HipJointCentre;
  double sd = 0.0;
  /// Adds `delta` to the input in `sys` or in the filtered markers.
  std::function<void(Systematic& sys, std::vector<Trajectory>& filtered, double delta)> apply;
  int marker = -1;   ///< the marker `apply` changes (placement), -1: none
  int partner = -1;  ///< a later input correlated with this one, -1: none
  double rho = 0.0;  ///< their correlation
};

std::vector<Input> systematic_inputs(const UncertaintyModel& m, const TrialPipeline& pipeline) {
  std::vector<Input> in;
  // Hip joint centre: per side and pelvis axis; left/right pairs correlated by rho, the
  // lateral component mirrored (Z points right: a wider pelvis is -Z left, +Z right).
  if (m.active(Source::HipJointCentre)) {
    for (int a = 0; a < 3; ++a) {
      if (!(m.hip_centre_sd_m[a] > 0.0)) continue;
      const double rho = (a == 2 ? -1.0 : 1.0) * m.hip_centre_side_correlation;
      for (std::size_t s = 0; s < 2; ++s) {
        Input i;
        i.source = Source::HipJointCentre;
        i.sd = m.hip_centre_sd_m[a];
        i.apply = [s, a](Systematic& sys, std::vector<Trajectory>&, double d) {
          sys.hip_centre_offset_m[s][a] += d;
        };
        if (s == 0 && rho != 0.0) {
          i.partner = static_cast<int>(in.size()) + 1;
          i.rho = rho;
        }
        in.push_back(std::move(i));
      }
    }
  }
  // Segment parameters: per segment and parameter, one shared input for both sides when they
  // are fully correlated (rho = 1), else one per side with the correlation.
  if (m.active(Source::SegmentParameters)) {
    const double sds[3] = {m.segment_mass_cv, m.segment_com_sd_fraction, m.segment_gyration_cv};
    const double rho = m.segment_side_correlation;
    for (std::size_t g = 0; g < kSegmentCount; ++g) {
      for (int p = 0; p < 3; ++p) {
        if (!(sds[p] > 0.0)) continue;
        auto field = [p](Systematic& sys, std::size_t s, std::size_t seg) -> double& {
          if (p == 0) return sys.segment_mass_rel[s][seg];
          if (p == 1) return sys.segment_com_fraction[s][seg];
          return sys.segment_gyration_rel[s][seg];
        };
        if (rho == 1.0) {
          Input i;
          i.source = Source::SegmentParameters;
          i.sd = sds[p];
          i.apply = [g, field](Systematic& sys, std::vector<Trajectory>&, double d) {
            field(sys, 0, g) += d;
            field(sys, 1, g) += d;
          };
          in.push_back(std::move(i));
          continue;
        }
        for (std::size_t s = 0; s < 2; ++s) {
          Input i;
          i.source = Source::SegmentParameters;
          i.sd = sds[p];
          i.apply = [s, g, field](Systematic& sys, std::vector<Trajectory>&, double d) {
            field(sys, s, g) += d;
          };
          if (s == 0 && rho != 0.0) {
            i.partner = static_cast<int>(in.size()) + 1;
            i.rho = rho;
          }
          in.push_back(std::move(i));
        }
      }
    }
  }
  // Centre of pressure: two horizontal axes per plate, independent.
  if (m.active(Source::CentreOfPressure)) {
    const std::size_t n_plates = pipeline.n_plates();
    for (std::size_t k = 0; k < n_plates; ++k) {
      for (int a = 0; a < 2; ++a) {
        Input i;
        i.source = Source::CentreOfPressure;
        i.sd = m.cop_sd_m;
        i.apply = [k, a, n_plates](Systematic& sys, std::vector<Trajectory>&, double d) {
          if (sys.cop_offset_m.size() != n_plates) {
            sys.cop_offset_m.assign(n_plates, Eigen::Vector2d::Zero());
          }
          sys.cop_offset_m[k][a] += d;
        };
        in.push_back(std::move(i));
      }
    }
  }
  // Subject measurements: per side, independent.
  if (m.active(Source::SubjectMeasurements)) {
    for (std::size_t s = 0; s < 2; ++s) {
      const std::pair<double, std::array<double, 2> Systematic::*> fields[] = {
          {m.knee_width_sd_m, &Systematic::knee_width_delta_m},
          {m.ankle_width_sd_m, &Systematic::ankle_width_delta_m},
          {m.leg_length_sd_m, &Systematic::leg_length_delta_m}};
      for (const auto& [sd, member] : fields) {
        if (!(sd > 0.0)) continue;
        Input i;
        i.source = Source::SubjectMeasurements;
        i.sd = sd;
        i.apply = [s, member = member](Systematic& sys, std::vector<Trajectory>&, double d) {
          (sys.*member)[s] += d;
        };
        in.push_back(std::move(i));
      }
    }
  }
  // Marker placement: a constant offset per marker coordinate, after the filter.
  if (m.active(Source::MarkerPlacement)) {
    const std::size_t n_markers = pipeline.marker_names().size();
    for (std::size_t k = 0; k < n_markers; ++k) {
      for (int a = 0; a < 3; ++a) {
        Input i;
        i.source = Source::MarkerPlacement;
        i.sd = m.marker_placement_sd_m;
        i.marker = static_cast<int>(k);
        i.apply = [k, a](Systematic&, std::vector<Trajectory>& f, double d) {
          f[k].col(a).array() += d;
        };
        in.push_back(std::move(i));
      }
    }
  }
  return in;
}

// ---------------------------------------------------------------------------------------------
// The filtered noise's covariance: (F F^T)_kl of a gap-free run of L frames, banded.
// ---------------------------------------------------------------------------------------------

/// (F F^T)_{k, k + d} for 0 <= d <= bandwidth, row k; zero beyond the bandwidth.
struct NoiseBand {
  Eigen::Index length = 0;
  Eigen::Index bandwidth = 0;
  Eigen::MatrixXd g;  ///< length by bandwidth + 1
  double at(Eigen::Index k, Eigen::Index l) const {
    if (k > l) std::swap(k, l);
    const Eigen::Index d = l - k;
    return d > bandwidth ? 0.0 : g(k, d);
  }
};

/// The filter matrix F of a run of `length` frames: column j is TrialPipeline::filter's output
/// for a unit impulse at frame j of the run (frames 0 .. length-1 of every marker finite, the
/// rest NaN). Stored as a band of half-width `radius` (entries beyond it are below
/// kBandTolerance of the column's peak; checked on the columns computed).
NoiseBand noise_band(const TrialPipeline& pipeline, Eigen::Index length, bool filtered) {
  NoiseBand band;
  band.length = length;
  if (!filtered) {  // no low-pass: F = I
    band.bandwidth = 0;
    band.g = Eigen::MatrixXd::Ones(length, 1);
    return band;
  }
  const std::size_t n_markers = pipeline.marker_names().size();
  const Eigen::Index n = pipeline.n_frames();
  const auto per_call = static_cast<Eigen::Index>(3 * n_markers);
  std::vector<Trajectory> raw(n_markers), out;
  // Columns of F, computed per_call at a time; kept densely only within `radius` of j.
  std::vector<Eigen::VectorXd> columns(static_cast<std::size_t>(length));
  Eigen::Index radius = 0;
  for (Eigen::Index first = 0; first < length; first += per_call) {
    for (std::size_t m = 0; m < n_markers; ++m) {
      raw[m] = Trajectory::Constant(n, 3, kNaN);
      raw[m].topRows(length).setZero();
    }
    for (Eigen::Index j = first; j < std::min(length, first + per_call); ++j) {
      const Eigen::Index c = j - first;
      raw[static_cast<std::size_t>(c / 3)](j, c % 3) = 1.0;
    }
    pipeline.filter(raw, out);
    for (Eigen::Index j = first; j < std::min(length, first + per_call); ++j) {
      const Eigen::Index c = j - first;
      Eigen::VectorXd col = out[static_cast<std::size_t>(c / 3)].col(c % 3).head(length);
      if (!col.allFinite()) return NoiseBand{length, 0, Eigen::MatrixXd::Zero(length, 1)};
      const double peak = col.cwiseAbs().maxCoeff();
      for (Eigen::Index k = 0; k < length; ++k) {
        if (std::fabs(col[k]) > kBandTolerance * peak) radius = std::max(radius, std::abs(k - j));
      }
      columns[static_cast<std::size_t>(j)] = std::move(col);
    }
  }
  // G_kl = sum_j F_kj F_lj, F_kj = 0 for |k - j| > radius.
  band.bandwidth = std::min<Eigen::Index>(2 * radius, length - 1);
  band.g = Eigen::MatrixXd::Zero(length, band.bandwidth + 1);
  for (Eigen::Index j = 0; j < length; ++j) {
    const Eigen::VectorXd& col = columns[static_cast<std::size_t>(j)];
    const Eigen::Index lo = std::max<Eigen::Index>(0, j - radius);
    const Eigen::Index hi = std::min<Eigen::Index>(length - 1, j + radius);
    for (Eigen::Index k = lo; k <= hi; ++k) {
      const double fk = col[k];
      if (fk == 0.0) continue;
      for (Eigen::Index l = k; l <= hi; ++l) band.g(k, l - k) += fk * col[l];
    }
  }
  return band;
}

/// Where each frame of one filtered coordinate lies: its run's first frame and band.
struct CoordinateRuns {
  std::vector<Eigen::Index> start;     ///< per frame; -1 where the filtered value is NaN
  std::vector<const NoiseBand*> band;  ///< per frame
  double cov(Eigen::Index k, Eigen::Index l) const {
    const auto ks = static_cast<std::size_t>(k), ls = static_cast<std::size_t>(l);
    if (start[ks] < 0 || start[ks] != start[ls]) return 0.0;
    return band[ks]->at(k - start[ks], l - start[ks]);
  }
};

/// The frame of colour j in the window [t - w, t + w] (period 2w + 1).
inline Eigen::Index colour_frame(Eigen::Index t, Eigen::Index j, Eigen::Index w) {
  const Eigen::Index period = 2 * w + 1;
  const Eigen::Index first = t - w;
  const Eigen::Index r = ((j - first) % period + period) % period;
  return first + r;
}

/// sum_{k,l} u_k u_l cov(k, l) over a sparse u (frames sorted, merged).
double quadratic(std::vector<Term>& u, const CoordinateRuns& runs) {
  std::sort(u.begin(), u.end(), [](const Term& a, const Term& b) { return a.frame < b.frame; });
  std::size_t out = 0;
  for (std::size_t i = 0; i < u.size(); ++i) {
    if (out > 0 && u[out - 1].frame == u[i].frame) {
      u[out - 1].weight += u[i].weight;
    } else {
      u[out++] = u[i];
    }
  }
  u.resize(out);
  double v = 0.0;
  const auto n = static_cast<Eigen::Index>(runs.start.size());
  for (std::size_t i = 0; i < u.size(); ++i) {
    const Eigen::Index k = u[i].frame;
    if (k < 0 || k >= n) continue;
    v += u[i].weight * u[i].weight * runs.cov(k, k);
    for (std::size_t j = i + 1; j < u.size(); ++j) {
      const Eigen::Index l = u[j].frame;
      if (l >= n) break;
      const NoiseBand* b = runs.band[static_cast<std::size_t>(k)];
      if (b == nullptr || l - k > b->bandwidth) break;
      v += 2.0 * u[i].weight * u[j].weight * runs.cov(k, l);
    }
  }
  return v;
}

/// Variances of every output, one array per source.
struct Variances {
  std::array<std::array<std::array<Eigen::VectorXd, 2>, kC>, kSrc> curves;
  std::array<std::array<std::array<Eigen::VectorXd, 2>, kC>, kSrc> cycles;
  std::array<Eigen::MatrixXd, kSrc> peaks;
  std::array<SummaryFlat, kSrc> summary{};

  void init(Eigen::Index n_frames, std::size_t n_stances, const CycleMaps& maps) {
    for (std::size_t src = 0; src < kSrc; ++src) {
      for (std::size_t q = 0; q < kC; ++q) {
        for (std::size_t s = 0; s < 2; ++s) {
          curves[src][q][s] = Eigen::VectorXd::Zero(n_frames);
          cycles[src][q][s] = Eigen::VectorXd::Zero(maps[q][s].empty() ? 0 : kCyclePoints);
        }
      }
      peaks[src] = Eigen::MatrixXd::Zero(static_cast<Eigen::Index>(n_stances), kQ);
      summary[src].fill(0.0);
    }
  }
  void add(const Variances& o) {
    for (std::size_t src = 0; src < kSrc; ++src) {
      for (std::size_t q = 0; q < kC; ++q) {
        for (std::size_t s = 0; s < 2; ++s) {
          curves[src][q][s] += o.curves[src][q][s];
          cycles[src][q][s] += o.cycles[src][q][s];
        }
      }
      peaks[src] += o.peaks[src];
      for (std::size_t k = 0; k < summary[src].size(); ++k) summary[src][k] += o.summary[src][k];
    }
  }
};

/// Adds sd_a sd_b rho d_a d_b (times 2 for a pair, once for a == b) of every output to `v`.
void add_systematic(Variances& v, std::size_t src, const Sensitivity& a, const Sensitivity& b,
                    double factor) {
  for (std::size_t q = 0; q < kC; ++q) {
    for (std::size_t s = 0; s < 2; ++s) {
      v.curves[src][q][s].array() += factor * a.curves[q][s].array() * b.curves[q][s].array();
      if (v.cycles[src][q][s].size() > 0) {
        v.cycles[src][q][s].array() += factor * a.cycles[q][s].array() * b.cycles[q][s].array();
      }
    }
  }
  v.peaks[src].array() += factor * a.peaks.array() * b.peaks.array();
  for (std::size_t k = 0; k < v.summary[src].size(); ++k) {
    v.summary[src][k] += factor * a.summary[k] * b.summary[k];
  }
}

/// The stencil half-width w: the farthest output frame that changes when every filtered
/// coordinate of one frame moves, over three probe frames (a change below 1e-9 of the largest
/// one counts as none).
Eigen::Index measure_half_width(const Context& ctx, double h) {
  const TrialPipeline& p = ctx.pipeline;
  const Eigen::Index n = p.n_frames();
  Eigen::Index w = 0;
  std::vector<Trajectory> filtered = p.filtered_markers();
  Output out;
  for (const double at : {0.3, 0.5, 0.7}) {
    const auto k0 = static_cast<Eigen::Index>(at * static_cast<double>(n - 1));
    for (std::size_t m = 0; m < filtered.size(); ++m) {
      for (int a = 0; a < 3; ++a) {
        // Signs alternate so that no output's changes cancel by symmetry.
        filtered[m](k0, a) += ((m + static_cast<std::size_t>(a)) % 2 == 0 ? h : -h);
      }
    }
    p.evaluate(filtered, Systematic{}, out);
    filtered = p.filtered_markers();
    for (std::size_t q = 0; q < kC; ++q) {
      for (std::size_t s = 0; s < 2; ++s) {
        const Eigen::ArrayXd d = (out.curves[q][s] - ctx.out0.curves[q][s]).array().abs();
        double largest = 0.0;
        for (Eigen::Index t = 0; t < n; ++t) {
          if (std::isfinite(d[t])) largest = std::max(largest, d[t]);
        }
        if (largest == 0.0) continue;
        for (Eigen::Index t = 0; t < n; ++t) {
          if (std::isfinite(d[t]) && d[t] > 1e-9 * largest) w = std::max(w, std::abs(t - k0));
        }
      }
    }
  }
  return w;
}

void fill_value(ValueUncertainty& u, double value, const std::array<double, kSrc>& var, double z) {
  u.value = value;
  double total = 0.0;
  for (double v : var) total += v;
  u.sd = std::isfinite(value) ? std::sqrt(total) : kNaN;
  u.low = value - z * u.sd;
  u.high = value + z * u.sd;
  for (std::size_t s = 0; s < kSrc; ++s) {
    u.share[s] = !std::isfinite(u.sd) ? kNaN : (total > 0.0 ? var[s] / total : 0.0);
  }
}

}  // namespace

UncertaintyResult propagate_linear(const TrialPipeline& pipeline, const UncertaintyModel& model,
                                   const PropagationOptions& propagation,
                                   const report::AnalysisOptions& options) {
  UncertaintyResult result;
  result.confidence = propagation.confidence;
  const Eigen::Index n = pipeline.n_frames();
  const report::TrialSummary& nominal = pipeline.nominal();
  Context ctx{pipeline, nominal, options.reference, {}, {}, {}, nominal.stances.size(), {}, {}};
  pipeline.evaluate(pipeline.filtered_markers(), Systematic{}, ctx.out0);
  ctx.cycles = cycle_maps(nominal, ctx.out0);
  ctx.summary0 = flatten(summary_values(ctx.out0.peaks, nominal, options.reference));

  const std::size_t n_st = ctx.n_stances;
  for (const report::StanceRow& row : nominal.stances) {
    ctx.side.push_back(row.side == Side::Left ? 0 : 1);
  }
  // Gradient of each summary number with respect to the peaks of its quantity (summary_values
  // is cheap: central differences with a relative step of 1e-6).
  ctx.summary_grad = Eigen::MatrixXd::Zero(static_cast<Eigen::Index>(kQ * kKinds),
                                           static_cast<Eigen::Index>(n_st));
  for (std::size_t i = 0; i < n_st; ++i) {
    for (std::size_t q = 0; q < kQ; ++q) {
      const double v = ctx.out0.peaks[i][q];
      if (!std::isfinite(v)) continue;
      const double step = 1e-6 * std::max(1.0, std::fabs(v));
      auto peaks = ctx.out0.peaks;
      peaks[i][q] = v + step;
      const SummaryFlat sp = flatten(summary_values(peaks, nominal, options.reference));
      peaks[i][q] = v - step;
      const SummaryFlat sm = flatten(summary_values(peaks, nominal, options.reference));
      for (std::size_t k = q * kKinds; k < (q + 1) * kKinds; ++k) {
        ctx.summary_grad(static_cast<Eigen::Index>(k), static_cast<Eigen::Index>(i)) =
            (sp[k] - sm[k]) / (2.0 * step);
      }
    }
  }

  const std::vector<Input> inputs = systematic_inputs(model, pipeline);
  const bool noise = model.active(Source::MarkerNoise);
  const double sigma = model.marker_noise_m;
  const double h_noise = kStepFraction * sigma;
  const Eigen::Index w = noise ? measure_half_width(ctx, h_noise) : 0;
  if (w > kMaxHalfWidth) {
    throw NumericalError("linearised propagation: the outputs depend on the filtered markers " +
                         std::to_string(w) + " frames away, more than the colouring's " +
                         std::to_string(kMaxHalfWidth) + "; use the Monte Carlo method");
  }
  const Eigen::Index period = 2 * w + 1;

  // The filtered coordinates' runs and their noise bands (one band per run length).
  const std::vector<Trajectory>& filtered0 = pipeline.filtered_markers();
  const std::size_t n_markers = filtered0.size();
  std::vector<std::pair<Eigen::Index, NoiseBand>> bands;  // (length, band)
  std::vector<CoordinateRuns> runs(3 * n_markers);
  if (noise) {
    const bool low_pass = options.cutoff_hz.has_value();
    for (std::size_t m = 0; m < n_markers; ++m) {
      for (int a = 0; a < 3; ++a) {
        CoordinateRuns& r = runs[3 * m + static_cast<std::size_t>(a)];
        r.start.assign(static_cast<std::size_t>(n), -1);
        r.band.assign(static_cast<std::size_t>(n), nullptr);
        Eigen::Index k = 0;
        while (k < n) {
          if (!std::isfinite(filtered0[m](k, a))) {
            ++k;
            continue;
          }
          Eigen::Index e = k;
          while (e < n && std::isfinite(filtered0[m](e, a))) ++e;
          const Eigen::Index length = e - k;
          auto it = std::find_if(bands.begin(), bands.end(),
                                 [&](const auto& b) { return b.first == length; });
          if (it == bands.end()) {
            bands.emplace_back(length, noise_band(pipeline, length, low_pass));
          }
          for (Eigen::Index f = k; f < e; ++f) {
            r.start[static_cast<std::size_t>(f)] = k;
          }
          k = e;
        }
      }
    }
    // Pointers once `bands` no longer grows.
    for (std::size_t c = 0; c < runs.size(); ++c) {
      CoordinateRuns& r = runs[c];
      for (Eigen::Index f = 0; f < n; ++f) {
        const Eigen::Index s = r.start[static_cast<std::size_t>(f)];
        if (s < 0) continue;
        Eigen::Index e = f;
        while (e < n && r.start[static_cast<std::size_t>(e)] == s) ++e;
        const Eigen::Index length = e - s;
        const NoiseBand* b = nullptr;
        for (const auto& [len, band] : bands) {
          if (len == length) b = &band;
        }
        for (Eigen::Index g = f; g < e; ++g) r.band[static_cast<std::size_t>(g)] = b;
        f = e - 1;
      }
    }
  }

  // Tasks: one per systematic input (2 evaluations), one per noise coordinate (2 (2w + 1)).
  const std::size_t n_sys = inputs.size();
  const std::size_t n_noise = noise ? 3 * n_markers : 0;
  const std::size_t n_tasks = n_sys + n_noise;
  std::vector<Sensitivity> sens(n_sys);
  unsigned n_threads = propagation.n_threads > 0 ? static_cast<unsigned>(propagation.n_threads)
                                                 : std::thread::hardware_concurrency();
  n_threads = std::max(1U, std::min<unsigned>(n_threads, static_cast<unsigned>(n_tasks)));
  std::vector<Variances> partial(n_threads);
  // Tasks are dealt to the threads in a fixed stride (thread id takes id, id + T, ...) and the
  // partial sums added in thread order: the result is the same on every run with the same
  // number of threads (a shared task counter would make the summation order, and so the last
  // bits, depend on the timing).
  std::atomic<bool> stop{false};
  std::mutex error_mutex;
  std::exception_ptr error;

  auto worker = [&](unsigned id) {
    Variances& acc = partial[id];
    acc.init(n, n_st, ctx.cycles);
    std::vector<Trajectory> filtered = filtered0;
    Output plus, minus;
    try {
      for (std::size_t task = id; task < n_tasks && !stop; task += n_threads) {
        if (task < n_sys) {
          const Input& in = inputs[task];
          const double h = kStepFraction * in.sd;
          Systematic sys;
          in.apply(sys, filtered, h);
          pipeline.evaluate(filtered, sys, plus);
          if (in.marker >= 0)
            filtered[static_cast<std::size_t>(in.marker)] =
                filtered0[static_cast<std::size_t>(in.marker)];
          sys = Systematic{};
          in.apply(sys, filtered, -h);
          pipeline.evaluate(filtered, sys, minus);
          if (in.marker >= 0)
            filtered[static_cast<std::size_t>(in.marker)] =
                filtered0[static_cast<std::size_t>(in.marker)];
          sens[task] = difference(ctx, plus, minus, h);
          continue;
        }
        // Marker noise, coordinate c = 3 m + a.
        const std::size_t c = task - n_sys;
        const std::size_t m = c / 3;
        const int a = static_cast<int>(c % 3);
        const CoordinateRuns& r = runs[c];
        std::vector<Sensitivity> colour(static_cast<std::size_t>(period));
        for (Eigen::Index j = 0; j < period; ++j) {
          for (const double sign : {1.0, -1.0}) {
            for (Eigen::Index k = j; k < n; k += period) {
              if (r.start[static_cast<std::size_t>(k)] >= 0) filtered[m](k, a) += sign * h_noise;
            }
            pipeline.evaluate(filtered, Systematic{}, sign > 0 ? plus : minus);
            filtered[m].col(a) = filtered0[m].col(a);
          }
          colour[static_cast<std::size_t>(j)] = difference(ctx, plus, minus, h_noise);
        }
        const double s2 = sigma * sigma;
        auto& v = acc;
        const auto src = static_cast<std::size_t>(Source::MarkerNoise);
        std::vector<Term> u;
        // Per-frame curves.
        for (std::size_t q = 0; q < kC; ++q) {
          for (std::size_t s = 0; s < 2; ++s) {
            for (Eigen::Index t = 0; t < n; ++t) {
              u.clear();
              for (Eigen::Index j = 0; j < period; ++j) {
                const Eigen::Index k = colour_frame(t, j, w);
                if (k < 0 || k >= n) continue;
                u.push_back({k, colour[static_cast<std::size_t>(j)].curves[q][s][t]});
              }
              v.curves[src][q][s][t] += s2 * quadratic(u, r);
            }
            // Mean cycle points: sum of the terms' rows.
            const auto& map = ctx.cycles[q][s];
            for (std::size_t p = 0; p < map.size(); ++p) {
              u.clear();
              for (const Term& term : map[p]) {
                for (Eigen::Index j = 0; j < period; ++j) {
                  const Eigen::Index k = colour_frame(term.frame, j, w);
                  if (k < 0 || k >= n) continue;
                  u.push_back(
                      {k,
                       term.weight * colour[static_cast<std::size_t>(j)].curves[q][s][term.frame]});
                }
              }
              v.cycles[src][q][s][static_cast<Eigen::Index>(p)] += s2 * quadratic(u, r);
            }
          }
        }
        // Peaks at their nominal frames, and the summary numbers through their gradients.
        std::vector<std::array<std::vector<Term>, kQ>> peak_rows(n_st);
        for (std::size_t i = 0; i < n_st; ++i) {
          for (std::size_t q = 0; q < kQ; ++q) {
            const Eigen::Index t = ctx.out0.peak_frames[i][q];
            if (t < 0) continue;
            auto& row = peak_rows[i][q];
            for (Eigen::Index j = 0; j < period; ++j) {
              const Eigen::Index k = colour_frame(t, j, w);
              if (k < 0 || k >= n) continue;
              row.push_back({k, colour[static_cast<std::size_t>(j)].peaks(
                                    static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(q))});
            }
            u = row;
            v.peaks[src](static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(q)) +=
                s2 * quadratic(u, r);
          }
        }
        for (std::size_t k = 0; k < kQ * kKinds; ++k) {
          const std::size_t q = k / kKinds;
          u.clear();
          for (std::size_t i = 0; i < n_st; ++i) {
            const double g =
                ctx.summary_grad(static_cast<Eigen::Index>(k), static_cast<Eigen::Index>(i));
            if (g == 0.0) continue;
            for (const Term& term : peak_rows[i][q]) u.push_back({term.frame, g * term.weight});
          }
          v.summary[src][k] += s2 * quadratic(u, r);
        }
      }
    } catch (...) {
      std::lock_guard<std::mutex> lock(error_mutex);
      if (!error) error = std::current_exception();
      stop = true;
    }
  };
  std::vector<std::thread> threads;
  for (unsigned t = 1; t < n_threads; ++t) threads.emplace_back(worker, t);
  worker(0);
  for (std::thread& t : threads) t.join();
  if (error) std::rethrow_exception(error);

  Variances var = std::move(partial[0]);
  for (unsigned t = 1; t < n_threads; ++t) var.add(partial[t]);
  for (std::size_t i = 0; i < n_sys; ++i) {
    const Input& in = inputs[i];
    const auto src = static_cast<std::size_t>(in.source);
    add_systematic(var, src, sens[i], sens[i], in.sd * in.sd);
    if (in.partner >= 0) {
      const Input& other = inputs[static_cast<std::size_t>(in.partner)];
      add_systematic(var, src, sens[i], sens[static_cast<std::size_t>(in.partner)],
                     2.0 * in.rho * in.sd * other.sd);
    }
  }

  // Results.
  const double z = stats::normal_quantile(0.5 * (1.0 + propagation.confidence));
  auto total = [&](const auto& getter) {
    std::array<double, kSrc> v{};
    for (std::size_t s = 0; s < kSrc; ++s) v[s] = getter(s);
    return v;
  };
  for (std::size_t q = 0; q < kC; ++q) {
    for (std::size_t s = 0; s < 2; ++s) {
      FrameBand& band = result.frames[q][s];
      band.value = ctx.out0.curves[q][s];
      Eigen::VectorXd v = Eigen::VectorXd::Zero(n);
      for (std::size_t src = 0; src < kSrc; ++src) v += var.curves[src][q][s];
      band.sd = v.cwiseMax(0.0).cwiseSqrt();
      for (Eigen::Index t = 0; t < n; ++t) {
        if (!std::isfinite(band.value[t])) band.sd[t] = kNaN;
      }
      band.low = band.value - z * band.sd;
      band.high = band.value + z * band.sd;
      const auto& map = ctx.cycles[q][s];
      if (map.empty()) continue;
      CycleBand& cb = result.cycles[q][s];
      cb.value.resize(kCyclePoints);
      Eigen::VectorXd cv = Eigen::VectorXd::Zero(kCyclePoints);
      for (std::size_t src = 0; src < kSrc; ++src) cv += var.cycles[src][q][s];
      for (Eigen::Index p = 0; p < kCyclePoints; ++p) {
        cb.value[p] = apply_map(map[static_cast<std::size_t>(p)], ctx.out0.curves[q][s]);
      }
      cb.sd = cv.cwiseMax(0.0).cwiseSqrt();
      for (Eigen::Index p = 0; p < kCyclePoints; ++p) {
        if (!std::isfinite(cb.value[p])) cb.sd[p] = kNaN;
      }
      cb.low = cb.value - z * cb.sd;
      cb.high = cb.value + z * cb.sd;
    }
  }
  result.stances.resize(n_st);
  for (std::size_t i = 0; i < n_st; ++i) {
    for (std::size_t q = 0; q < kQ; ++q) {
      const auto ii = static_cast<Eigen::Index>(i), qq = static_cast<Eigen::Index>(q);
      fill_value(result.stances[i][q], ctx.out0.peaks[i][q],
                 total([&](std::size_t src) { return var.peaks[src](ii, qq); }), z);
    }
  }
  const double z_boot = stats::normal_quantile(0.5 * (1.0 + nominal.confidence));
  auto combined = [&](const ValueUncertainty& u, double ci_low, double ci_high) {
    const double sd_boot = (ci_high - ci_low) / (2.0 * z_boot);
    const double sd = std::sqrt(u.sd * u.sd + sd_boot * sd_boot);
    return std::array<double, 2>{u.value - z * sd, u.value + z * sd};
  };
  for (std::size_t q = 0; q < kQ; ++q) {
    SummaryUncertainty& su = result.summary[q];
    su.quantity = static_cast<report::Quantity>(q);
    const report::SummaryRow& row = nominal.summary[q];
    auto value_at = [&](std::size_t kind, ValueUncertainty& u) {
      const std::size_t k = q * kKinds + kind;
      fill_value(u, ctx.summary0[k], total([&](std::size_t src) { return var.summary[src][k]; }),
                 z);
    };
    value_at(0, su.side_mean[0]);
    value_at(1, su.side_mean[1]);
    value_at(2, su.difference);
    value_at(3, su.symmetry_index);
    value_at(4, su.symmetry_angle);
    su.side_mean_combined[0] = combined(su.side_mean[0], row.left.ci_low, row.left.ci_high);
    su.side_mean_combined[1] = combined(su.side_mean[1], row.right.ci_low, row.right.ci_high);
    su.difference_combined = combined(su.difference, row.difference.ci_low, row.difference.ci_high);
    su.symmetry_index_combined =
        combined(su.symmetry_index, row.symmetry_index.ci_low, row.symmetry_index.ci_high);
    su.symmetry_angle_combined =
        combined(su.symmetry_angle, row.symmetry_angle.ci_low, row.symmetry_angle.ci_high);
    std::vector<std::string> why;
    if (!std::isfinite(su.side_mean[0].value)) why.push_back("no finite left stance");
    if (!std::isfinite(su.side_mean[1].value)) why.push_back("no finite right stance");
    if (std::isfinite(su.difference.value) && !std::isfinite(su.symmetry_index.value)) {
      why.push_back("symmetry index undefined");
    }
    if (!std::isfinite(row.left.ci_low) || !std::isfinite(row.right.ci_low)) {
      why.push_back("combined intervals need the bootstrap CI (two finite stances per side)");
    }
    for (std::size_t k = 0; k < why.size(); ++k) su.note += (k > 0 ? "; " : "") + why[k];
  }

  std::size_t evaluations = 1 + 2 * n_sys + n_noise * 2 * static_cast<std::size_t>(period);
  if (noise) evaluations += 3;
  result.notes.push_back(
      "Linearised (first-order) propagation: central differences with a step of 0.1 SD per "
      "input; " +
      std::to_string(n_sys) + " systematic input(s)" +
      (noise ? ", marker noise over " + std::to_string(n_noise) +
                   " filtered coordinates with a stencil half-width of " + std::to_string(w) +
                   " frame(s) (colouring)"
             : std::string()) +
      "; " + std::to_string(evaluations) + " pipeline evaluations.");
  result.notes.push_back(
      "Linear: intervals are value +/- z SD; a per-stance peak's SD is the curve's at its "
      "nominal frame (the bias of the maximum of a noisy curve is not modelled).");
  if (propagation.keep_draws) {
    result.notes.push_back("keep_draws: the linear method has no draws (stance_draws empty).");
  }
  return result;
}

}  // namespace hipmech::uncertainty::detail
