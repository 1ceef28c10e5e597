// The compiled definitions of <hipmech/stats/bootstrap.hpp> (declared and documented there):
// heavy functions users never need inline, compiled once into the library.
#include "hipmech/stats/bootstrap.hpp"

namespace hipmech::stats::detail {

std::uint64_t mul_hi_lo_portable(std::uint64_t a, std::uint64_t b, std::uint64_t& lo) {
  const std::uint64_t mask = 0xFFFFFFFFULL;
  const std::uint64_t a_lo = a & mask;
  const std::uint64_t a_hi = a >> 32U;
  const std::uint64_t b_lo = b & mask;
  const std::uint64_t b_hi = b >> 32U;
  const std::uint64_t p0 = a_lo * b_lo;
  const std::uint64_t p1 = a_lo * b_hi;
  const std::uint64_t p2 = a_hi * b_lo;
  const std::uint64_t p3 = a_hi * b_hi;
  const std::uint64_t mid = (p0 >> 32U) + (p1 & mask) + (p2 & mask);
  lo = (mid << 32U) | (p0 & mask);
  return p3 + (p1 >> 32U) + (p2 >> 32U) + (mid >> 32U);
}

std::uint64_t mul_hi_lo(std::uint64_t a, std::uint64_t b, std::uint64_t& lo) {
#if defined(__SIZEOF_INT128__)
  __extension__ typedef unsigned __int128 U128;
  const U128 m = static_cast<U128>(a) * static_cast<U128>(b);
  lo = static_cast<std::uint64_t>(m);
  return static_cast<std::uint64_t>(m >> 64U);
#else
  return mul_hi_lo_portable(a, b, lo);
#endif
}

}  // namespace hipmech::stats::detail

namespace hipmech::stats {

double quantile_linear(const Eigen::Ref<const Eigen::VectorXd>& sorted, double p) {
  const Eigen::Index m = sorted.size();
  if (m == 0 || std::isnan(p)) return detail::kNaN;
  const double h = static_cast<double>(m - 1) * std::clamp(p, 0.0, 1.0);
  const double j = std::floor(h);
  const auto lo = static_cast<Eigen::Index>(j);
  if (lo >= m - 1) return sorted[m - 1];
  const double g = h - j;
  const double a = sorted[lo];
  const double b = sorted[lo + 1];
  const double d = b - a;
  return g >= 0.5 ? b - d * (1.0 - g) : a + d * g;
}

double bca_z0(double estimate, const Eigen::Ref<const Eigen::VectorXd>& sorted,
              double tie_tolerance) {
  const Eigen::Index m = sorted.size();
  if (m == 0 || std::isnan(estimate)) return detail::kNaN;
  const double tol = std::isfinite(tie_tolerance) ? std::fabs(tie_tolerance) : 0.0;
  const double* first = sorted.data();
  const double* last = first + m;
  const auto below = std::lower_bound(first, last, estimate - tol) - first;
  const auto at_or_below = std::upper_bound(first, last, estimate + tol) - first;
  return normal_quantile(static_cast<double>(below + at_or_below) / (2.0 * static_cast<double>(m)));
}

double bca_acceleration(const std::vector<Eigen::VectorXd>& jackknife) {
  double num = 0.0;
  double den = 0.0;
  bool any = false;
  for (const Eigen::VectorXd& t : jackknife) {
    const Eigen::Index n = t.size();
    if (n == 0) continue;
    if (!t.allFinite()) return detail::kNaN;
    any = true;
    const double dn = static_cast<double>(n);
    const double mean = t.mean();
    double s2 = 0.0;
    double s3 = 0.0;
    for (Eigen::Index i = 0; i < n; ++i) {
      const double u = (dn - 1.0) * (mean - t[i]);
      s2 += u * u;
      s3 += u * u * u;
    }
    num += s3 / (dn * dn * dn);
    den += s2 / (dn * dn);
  }
  if (!any || !(den > 0.0)) return detail::kNaN;
  return num / (6.0 * std::pow(den, 1.5));
}

BootstrapInterval bootstrap_interval(double estimate,
                                     const Eigen::Ref<const Eigen::VectorXd>& distribution,
                                     const std::vector<Eigen::VectorXd>& jackknife,
                                     double confidence, BootstrapMethod method) {
  check_confidence(confidence);
  HIPMECH_CHECK_ARG(distribution.size() >= 1, "distribution", "at least one bootstrap replicate",
                    "none");
  if (method == BootstrapMethod::BCa) {
    Eigen::Index n_jack = 0;
    for (const auto& t : jackknife) n_jack += t.size();
    HIPMECH_CHECK_ARG(n_jack >= 1, "jackknife",
                      "the jackknife values of the statistic (one vector per sample) for BCa",
                      "none");
  }
  BootstrapInterval r;
  r.ci_method = method;
  r.confidence = confidence;
  const Eigen::Index b = distribution.size();
  Eigen::VectorXd sorted(b);
  Eigen::Index m = 0;
  for (Eigen::Index i = 0; i < b; ++i) {
    if (std::isfinite(distribution[i])) sorted[m++] = distribution[i];
  }
  sorted.conservativeResize(m);
  std::sort(sorted.data(), sorted.data() + m);
  r.n_used = m;
  r.n_nonfinite = b - m;
  if (r.n_nonfinite > 0) {
    detail::append_note(r.note, std::to_string(r.n_nonfinite) + " of " + std::to_string(b) +
                                    " bootstrap replicates were not finite (degenerate resamples) "
                                    "and were left out; the interval uses the other " +
                                    std::to_string(m));
  }
  if (m == 0) {
    detail::append_note(r.note, "no finite bootstrap replicate: the interval is undefined");
    return r;
  }
  const double mean = sorted.mean();
  if (m >= 2) r.se = std::sqrt((sorted.array() - mean).square().sum() / static_cast<double>(m - 1));
  const bool estimate_ok = std::isfinite(estimate);
  if (estimate_ok) {
    r.bias = mean - estimate;
    r.z0 = bca_z0(estimate, sorted, std::isfinite(r.se) ? kBootstrapTieTolerance * r.se : 0.0);
  } else {
    detail::append_note(r.note, "the estimate is not finite");
  }
  const double alpha = 0.5 * (1.0 - confidence);
  if (method == BootstrapMethod::Percentile) {
    r.level_low = alpha;
    r.level_high = 1.0 - alpha;
  } else {
    r.acceleration = bca_acceleration(jackknife);
    if (!estimate_ok) {
      detail::append_note(r.note, "BCa needs a finite estimate: the interval is undefined");
      return r;
    }
    if (std::isinf(r.z0)) {
      detail::append_note(r.note,
                          std::string("every finite replicate lies ") +
                              (r.z0 > 0 ? "at or below" : "at or above") +
                              " the estimate (z0 infinite): the BCa interval is undefined; use "
                              "method='percentile'");
      return r;
    }
    if (std::isnan(r.acceleration)) {
      detail::append_note(
          r.note,
          "the jackknife acceleration is undefined (a jackknife value is not finite, "
          "or all are equal): the BCa interval is undefined; use "
          "method='percentile'");
      return r;
    }
    const double z_alpha = normal_quantile(alpha);
    const double zs[2] = {z_alpha, -z_alpha};
    double levels[2] = {detail::kNaN, detail::kNaN};
    for (int s = 0; s < 2; ++s) {
      const double num = r.z0 + zs[s];
      const double den = 1.0 - r.acceleration * num;
      if (!(den > 0.0)) {
        detail::append_note(r.note, "1 - a (z0 + z) <= 0 (acceleration " +
                                        ::hipmech::detail::to_message(r.acceleration) +
                                        "): the BCa levels are undefined; use method='percentile'");
        return r;
      }
      levels[s] = normal_cdf(r.z0 + num / den);
    }
    r.level_low = levels[0];
    r.level_high = levels[1];
    const double md = static_cast<double>(m);
    if (r.level_low * md < 1.0 || (1.0 - r.level_high) * md < 1.0) {
      detail::append_note(
          r.note, "a BCa level (" + ::hipmech::detail::to_message(r.level_low) + ", " +
                      ::hipmech::detail::to_message(r.level_high) +
                      ") falls beyond the most extreme of the " + std::to_string(m) +
                      " replicates: that end is an extreme replicate; increase n_resamples");
    }
  }
  r.ci_low = quantile_linear(sorted, r.level_low);
  r.ci_high = quantile_linear(sorted, r.level_high);
  return r;
}

std::vector<BootstrapIndices> bootstrap_indices(const std::vector<Eigen::Index>& sizes,
                                                Eigen::Index n_resamples, std::uint64_t seed) {
  HIPMECH_CHECK_ARG(!sizes.empty(), "sizes", "the row count of at least one sample", "none");
  for (std::size_t j = 0; j < sizes.size(); ++j) {
    HIPMECH_CHECK_ARG(sizes[j] >= 1, "sizes", "row counts of at least 1",
                      std::to_string(sizes[j]) + " at position " + std::to_string(j));
  }
  detail::check_n_resamples(n_resamples);
  std::vector<BootstrapIndices> out;
  out.reserve(sizes.size());
  for (Eigen::Index n : sizes) out.emplace_back(n_resamples, n);
  BootstrapRng rng(seed);
  for (Eigen::Index b = 0; b < n_resamples; ++b) {
    for (std::size_t j = 0; j < sizes.size(); ++j) {
      const auto n = static_cast<std::uint64_t>(sizes[j]);
      std::int64_t* row = out[j].data() + b * sizes[j];
      for (Eigen::Index i = 0; i < sizes[j]; ++i)
        row[i] = static_cast<std::int64_t>(rng.bounded(n));
    }
  }
  return out;
}

}  // namespace hipmech::stats

namespace hipmech::stats::detail {

void check_bootstrap_samples(const std::vector<SampleRef>& samples, Eigen::Index min_rows,
                             const char* why) {
  HIPMECH_CHECK_ARG(!samples.empty(), "samples", "at least one sample", "none");
  for (std::size_t j = 0; j < samples.size(); ++j) {
    const SampleRef& s = samples[j];
    const std::string arg = sample_arg(j);
    HIPMECH_CHECK_ARG(
        s.rows() >= min_rows && s.cols() >= 1, arg,
        "at least " + std::to_string(min_rows) + " row(s) (observations)" + why + " and 1 column",
        "shape (" + std::to_string(s.rows()) + ", " + std::to_string(s.cols()) + ")");
    if (!s.allFinite()) {
      for (Eigen::Index r = 0; r < s.rows(); ++r) {
        for (Eigen::Index c = 0; c < s.cols(); ++c) {
          if (!std::isfinite(s(r, c))) {
            ::hipmech::detail::throw_invalid_argument(
                arg,
                "finite values (the bootstrap refuses missing values: resampling would spread "
                "them; drop incomplete rows first)",
                ::hipmech::detail::to_message(s(r, c)) + " at row " + std::to_string(r) +
                    ", column " + std::to_string(c));
          }
        }
      }
    }
  }
}

}  // namespace hipmech::stats::detail

namespace hipmech::stats {

NamedStatistic parse_bootstrap_statistic(const std::string& name, const char* arg) {
  const std::string f = ::hipmech::detail::folded(name);
  NamedStatistic s;
  if (f == "cohen_d" || f == "hedges_g" || f == "cohen_dz") {
    s.kind = f == "cohen_d"    ? BootstrapStatistic::CohenD
             : f == "hedges_g" ? BootstrapStatistic::HedgesG
                               : BootstrapStatistic::CohenDz;
    s.name = f;
    return s;
  }
  if (f == "mean" || f == "median" || f == "sd" || f == "mean_difference") {
    s.kind = f == "mean"     ? BootstrapStatistic::Mean
             : f == "median" ? BootstrapStatistic::Median
             : f == "sd"     ? BootstrapStatistic::Sd
                             : BootstrapStatistic::MeanDifference;
    s.name = f;
    return s;
  }
  if (f.rfind("icc", 0) == 0) {
    s.kind = BootstrapStatistic::Icc;
    s.icc_form = parse_icc_form(name, arg);
    s.name = detail::icc_row_label(icc_row_index(name, arg));  // the row asked for: ICC(A,1)
    return s;
  }
  ::hipmech::detail::throw_invalid_argument(
      arg,
      "'mean', 'median', 'sd', 'mean_difference', 'cohen_d', 'hedges_g', 'cohen_dz' or an ICC "
      "form ('ICC(1,1)', 'ICC(2,1)', "
      "'ICC(3,1)', 'ICC(1,k)', 'ICC(2,k)', 'ICC(3,k)' or McGraw & Wong's 'ICC(A,1)', ...) or, "
      "in Python, a callable",
      "'" + name + "'");
}

}  // namespace hipmech::stats

namespace hipmech::stats::detail {

void check_named_shapes(const NamedStatistic& s, const std::vector<SampleRef>& samples, bool bca) {
  const auto shape = [](const SampleRef& x) {
    return "shape (" + std::to_string(x.rows()) + ", " + std::to_string(x.cols()) + ")";
  };
  const Eigen::Index jack = bca ? 1 : 0;  // the BCa jackknife needs one row more
  const std::string for_bca = bca ? " (one more than the minimum, for the BCa jackknife)" : "";
  switch (s.kind) {
    case BootstrapStatistic::Mean:
    case BootstrapStatistic::Median:
    case BootstrapStatistic::Sd: {
      HIPMECH_CHECK_ARG(samples.size() == 1, "samples", "one sample for '" + s.name + "'",
                        std::to_string(samples.size()) + " samples");
      const Eigen::Index min_rows = (s.kind == BootstrapStatistic::Sd ? 2 : 1) + jack;
      HIPMECH_CHECK_ARG(samples[0].cols() == 1 && samples[0].rows() >= min_rows, "samples[0]",
                        "one column of at least " + std::to_string(min_rows) + " values" + for_bca +
                            " for '" + s.name + "'",
                        shape(samples[0]));
      break;
    }
    case BootstrapStatistic::CohenD:
    case BootstrapStatistic::HedgesG:
      HIPMECH_CHECK_ARG(samples.size() == 2, "samples",
                        "two one-column samples for '" + s.name + "'",
                        std::to_string(samples.size()) + " samples");
      for (std::size_t j = 0; j < 2; ++j) {
        HIPMECH_CHECK_ARG(samples[j].cols() == 1 && samples[j].rows() >= 2 + jack, sample_arg(j),
                          "one column of at least " + std::to_string(2 + jack) + " values" +
                              for_bca + " for '" + s.name + "'",
                          shape(samples[j]));
      }
      break;
    case BootstrapStatistic::CohenDz:
      HIPMECH_CHECK_ARG(samples.size() == 1, "samples",
                        "one two-column (paired) sample for 'cohen_dz'",
                        std::to_string(samples.size()) + " samples");
      HIPMECH_CHECK_ARG(samples[0].cols() == 2 && samples[0].rows() >= 2 + jack, "samples[0]",
                        "two columns (paired) and at least " + std::to_string(2 + jack) + " rows" +
                            for_bca + " for 'cohen_dz'",
                        shape(samples[0]));
      break;
    case BootstrapStatistic::MeanDifference: {
      HIPMECH_CHECK_ARG(samples.size() == 1 || samples.size() == 2, "samples",
                        "two one-column samples, or one two-column (paired) sample, for "
                        "'mean_difference'",
                        std::to_string(samples.size()) + " samples");
      const Eigen::Index want_cols = samples.size() == 1 ? 2 : 1;
      for (std::size_t j = 0; j < samples.size(); ++j) {
        HIPMECH_CHECK_ARG(
            samples[j].cols() == want_cols && samples[j].rows() >= 1 + jack, sample_arg(j),
            std::string(want_cols == 2 ? "two columns (paired)" : "one column") + " and at least " +
                std::to_string(1 + jack) + " rows" + for_bca + " for 'mean_difference'",
            shape(samples[j]));
      }
      break;
    }
    case BootstrapStatistic::Icc:
    default:
      HIPMECH_CHECK_ARG(samples.size() == 1, "samples",
                        "one n targets x k raters sample for '" + s.name + "'",
                        std::to_string(samples.size()) + " samples");
      HIPMECH_CHECK_ARG(samples[0].rows() >= 2 + jack && samples[0].cols() >= 2, "samples[0]",
                        "at least " + std::to_string(2 + jack) + " targets (rows)" + for_bca +
                            " and 2 raters (columns) for '" + s.name + "'",
                        shape(samples[0]));
      break;
  }
}

}  // namespace hipmech::stats::detail

namespace hipmech::stats {

BootstrapResult bootstrap_named(const NamedStatistic& statistic,
                                const std::vector<SampleRef>& samples,
                                const BootstrapOptions& options) {
  // Options first, so that a bad option is reported before a shape the option would change.
  check_confidence(options.confidence);
  detail::check_n_resamples(options.n_resamples);
  detail::check_named_shapes(statistic, samples, options.method == BootstrapMethod::BCa);
  switch (statistic.kind) {
    case BootstrapStatistic::Mean:
      return bootstrap([](const BootstrapSamples& x) { return detail::column_mean(x[0]); }, samples,
                       options);
    case BootstrapStatistic::Median: {
      std::vector<double> scratch;
      return bootstrap(
          [scratch](const BootstrapSamples& x) mutable {
            const RowMatrix& v = x[0];
            scratch.assign(v.data(), v.data() + v.rows());
            const auto n = scratch.size();
            const auto mid = static_cast<std::ptrdiff_t>(n / 2);
            std::nth_element(scratch.begin(), scratch.begin() + mid, scratch.end());
            const double upper = scratch[n / 2];
            if (n % 2 == 1) return upper;
            const double lower = *std::max_element(scratch.begin(), scratch.begin() + mid);
            return (lower + upper) / 2.0;
          },
          samples, options);
    }
    case BootstrapStatistic::Sd:
      return bootstrap(
          [](const BootstrapSamples& x) {
            double mean = 0.0;
            double var = 0.0;
            detail::mean_variance(Eigen::Map<const Eigen::VectorXd>(x[0].data(), x[0].rows()), mean,
                                  var);
            return std::sqrt(var);
          },
          samples, options);
    case BootstrapStatistic::MeanDifference:
      if (samples.size() == 2) {
        return bootstrap(
            [](const BootstrapSamples& x) {
              return detail::column_mean(x[0]) - detail::column_mean(x[1]);
            },
            samples, options);
      }
      return bootstrap(
          [](const BootstrapSamples& x) {
            const RowMatrix& v = x[0];
            double sum = 0.0;
            for (Eigen::Index i = 0; i < v.rows(); ++i) sum += v(i, 0) - v(i, 1);
            return sum / static_cast<double>(v.rows());
          },
          samples, options);
    case BootstrapStatistic::CohenD:
      // Cohen (1988) d with the pooled SD, as standardized_mean_difference. A resample of equal
      // values has SD 0: the replicate is NaN, left out and counted (see bootstrap()).
      return bootstrap(
          [](const BootstrapSamples& x) {
            return detail::cohen_d_value(
                Eigen::Map<const Eigen::VectorXd>(x[0].data(), x[0].rows()),
                Eigen::Map<const Eigen::VectorXd>(x[1].data(), x[1].rows()));
          },
          samples, options);
    case BootstrapStatistic::HedgesG:
      // g = J·d with Hedges' (1981) exact J, as hedges_g.
      return bootstrap(
          [](const BootstrapSamples& x) {
            return detail::hedges_g_value(
                Eigen::Map<const Eigen::VectorXd>(x[0].data(), x[0].rows()),
                Eigen::Map<const Eigen::VectorXd>(x[1].data(), x[1].rows()),
                HedgesCorrection::Exact);
          },
          samples, options);
    case BootstrapStatistic::CohenDz: {
      // d_z = mean / SD of the paired differences, as cohen_dz.
      Eigen::VectorXd diff;
      return bootstrap(
          [diff](const BootstrapSamples& x) mutable {
            const RowMatrix& v = x[0];
            diff = v.col(0) - v.col(1);
            return detail::cohen_dz_value(diff);
          },
          samples, options);
    }
    case BootstrapStatistic::Icc:
    default: {
      const IccForm form = statistic.icc_form;
      return bootstrap([form](const BootstrapSamples& x) { return icc_value(x[0], form); }, samples,
                       options);
    }
  }
}

}  // namespace hipmech::stats
