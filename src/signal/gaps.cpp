// The compiled definitions of <hipmech/signal/gaps.hpp> (declared and documented there):
// heavy functions users never need inline, compiled once into the library.
#include "hipmech/signal/gaps.hpp"

namespace hipmech::signal {

std::vector<Gap> find_gaps_in_mask(const FrameMask& missing, Eigen::Index channel) {
  std::vector<Gap> gaps;
  const Eigen::Index n = missing.size();
  Eigen::Index i = 0;
  while (i < n) {
    if (!missing(i)) {
      ++i;
      continue;
    }
    Gap g;
    g.channel = channel;
    g.first = i;
    while (i < n && missing(i)) ++i;
    g.length = i - g.first;
    g.leading = g.first == 0;
    g.trailing = i == n;
    gaps.push_back(g);
  }
  return gaps;
}

std::vector<Gap> find_gaps(const ChannelsCRef& data, bool per_channel) {
  if (!per_channel || data.cols() == 1) {
    const FrameMask missing = data.array().isNaN().rowwise().any();
    return find_gaps_in_mask(missing, per_channel ? 0 : -1);
  }
  std::vector<Gap> gaps;
  for (Eigen::Index c = 0; c < data.cols(); ++c) {
    const FrameMask missing = data.col(c).array().isNaN();
    auto g = find_gaps_in_mask(missing, c);
    gaps.insert(gaps.end(), g.begin(), g.end());
  }
  return gaps;
}

std::string describe_gaps(const std::vector<Gap>& gaps, std::size_t max_listed) {
  std::string s;
  Eigen::Index current = -2;
  std::size_t listed = 0;
  for (const Gap& g : gaps) {
    if (listed == max_listed) {
      s += "; and " + std::to_string(gaps.size() - listed) + " more gap" +
           (gaps.size() - listed > 1 ? "s" : "");
      break;
    }
    if (g.channel != current) {
      if (!s.empty()) s += "; ";
      s += g.channel >= 0 ? "channel " + std::to_string(g.channel) + ": frames " : "frames ";
      current = g.channel;
    } else {
      s += ", ";
    }
    s += std::to_string(g.first);
    if (g.length > 1) s += "-" + std::to_string(g.stop() - 1);
    ++listed;
  }
  return s;
}

void check_no_gaps(const ChannelsCRef& data, const char* arg, const std::string& hint) {
  check_values(data, arg, NanPolicy::Allow);
  if (!data.array().isNaN().any()) return;
  const auto gaps = find_gaps(data, true);
  hipmech::detail::throw_invalid_argument(
      arg, "no missing samples (NaN)" + (hint.empty() ? std::string() : "; " + hint),
      std::to_string(gaps.size()) + " gap" + (gaps.size() > 1 ? "s" : "") + " (" +
          describe_gaps(gaps) + ")");
}

}  // namespace hipmech::signal

namespace hipmech::signal::detail {

Eigen::VectorXd not_a_knot_slopes(const Eigen::VectorXd& t, const Eigen::VectorXd& y) {
  const Eigen::Index n = t.size();
  const Eigen::VectorXd dx = t.tail(n - 1) - t.head(n - 1);
  const Eigen::VectorXd slope = (y.tail(n - 1) - y.head(n - 1)).cwiseQuotient(dx);
  Eigen::VectorXd lower(n), diag(n), upper(n), rhs(n);
  lower.setZero();
  upper.setZero();
  for (Eigen::Index i = 1; i + 1 < n; ++i) {
    diag(i) = 2.0 * (dx(i - 1) + dx(i));
    upper(i) = dx(i - 1);
    lower(i) = dx(i);
    rhs(i) = 3.0 * (dx(i) * slope(i - 1) + dx(i - 1) * slope(i));
  }
  {
    diag(0) = dx(1);
    const double d = t(2) - t(0);
    upper(0) = d;
    rhs(0) = ((dx(0) + 2.0 * d) * dx(1) * slope(0) + dx(0) * dx(0) * slope(1)) / d;
  }
  {
    diag(n - 1) = dx(n - 3);
    const double d = t(n - 1) - t(n - 3);
    lower(n - 1) = d;
    rhs(n - 1) =
        (dx(n - 2) * dx(n - 2) * slope(n - 3) + (2.0 * d + dx(n - 2)) * dx(n - 3) * slope(n - 2)) /
        d;
  }
  // Thomas: forward elimination, back substitution.
  for (Eigen::Index i = 1; i < n; ++i) {
    const double w = lower(i) / diag(i - 1);
    diag(i) -= w * upper(i - 1);
    rhs(i) -= w * rhs(i - 1);
  }
  Eigen::VectorXd s(n);
  s(n - 1) = rhs(n - 1) / diag(n - 1);
  for (Eigen::Index i = n - 2; i >= 0; --i) s(i) = (rhs(i) - upper(i) * s(i + 1)) / diag(i);
  return s;
}

void fill_cubic(Channels& v, Eigen::Index col, const std::vector<Eigen::Index>& valid,
                const std::vector<const Gap*>& gaps) {
  const Eigen::Index n = static_cast<Eigen::Index>(valid.size());
  Eigen::VectorXd t(n), y(n);
  for (Eigen::Index i = 0; i < n; ++i) {
    t(i) = static_cast<double>(valid[static_cast<std::size_t>(i)]);
    y(i) = v(valid[static_cast<std::size_t>(i)], col);
  }
  Eigen::VectorXd s;
  if (n >= 4) {
    s = not_a_knot_slopes(t, y);
  } else if (n == 3) {
    // the parabola through the three points: its slopes at the nodes
    const double d0 = t(1) - t(0), d1 = t(2) - t(1);
    const double m0 = (y(1) - y(0)) / d0, m1 = (y(2) - y(1)) / d1;
    const double c2 = (m1 - m0) / (d0 + d1);  // second divided difference
    s.resize(3);
    s(0) = m0 - c2 * d0;
    s(1) = m0 + c2 * d0;
    s(2) = m1 + c2 * d1;
  } else {
    const double m = (y(1) - y(0)) / (t(1) - t(0));
    s = Eigen::VectorXd::Constant(2, m);
  }
  // Interval j between valid rows: a gap of frames sits in exactly one interval.
  std::size_t j = 0;
  for (const Gap* g : gaps) {
    while (valid[j + 1] < g->first) ++j;
    const double h = t(static_cast<Eigen::Index>(j) + 1) - t(static_cast<Eigen::Index>(j));
    const double slope =
        (y(static_cast<Eigen::Index>(j) + 1) - y(static_cast<Eigen::Index>(j))) / h;
    const double s0 = s(static_cast<Eigen::Index>(j)), s1 = s(static_cast<Eigen::Index>(j) + 1);
    const double tt = (s0 + s1 - 2.0 * slope) / h;
    const double c0 = tt / h, c1 = (slope - s0) / h - tt, c2 = s0,
                 c3 = y(static_cast<Eigen::Index>(j));
    for (Eigen::Index f = g->first; f < g->stop(); ++f) {
      const double x = static_cast<double>(f) - t(static_cast<Eigen::Index>(j));
      v(f, col) = ((c0 * x + c1) * x + c2) * x + c3;
    }
  }
}

}  // namespace hipmech::signal::detail

namespace hipmech::signal {

FilledGaps fill_gaps(const ChannelsCRef& data, FillMethod method, Eigen::Index max_gap,
                     bool per_channel) {
  check_values(data, "data", NanPolicy::Allow);
  HIPMECH_CHECK_ARG(max_gap >= 0, "max_gap", "a number of frames >= 0", max_gap);
  FilledGaps out;
  out.values = data;
  out.gaps = find_gaps(data, per_channel);
  const Eigen::Index n = data.rows();
  if (!per_channel) {
    // a frame is missing as a whole
    for (const Gap& g : out.gaps)
      out.values.middleRows(g.first, g.length).setConstant(std::nan(""));
  }
  const Eigen::Index n_cols = data.cols();
  for (Eigen::Index c = 0; c < n_cols; ++c) {
    std::vector<const Gap*> to_fill;
    for (Gap& g : out.gaps) {
      if (per_channel && g.channel != c) continue;
      if (g.interior() && g.length <= max_gap) to_fill.push_back(&g);
    }
    if (to_fill.empty()) continue;
    if (method == FillMethod::Linear) {
      for (const Gap* g : to_fill) {
        const Eigen::Index l = g->first - 1, r = g->stop();
        const double yl = out.values(l, c), yr = out.values(r, c);
        for (Eigen::Index f = g->first; f < r; ++f) {
          const double w = static_cast<double>(f - l) / static_cast<double>(r - l);
          out.values(f, c) = yl + w * (yr - yl);
        }
      }
    } else {
      std::vector<Eigen::Index> valid;
      valid.reserve(static_cast<std::size_t>(n));
      for (Eigen::Index f = 0; f < n; ++f)
        if (!std::isnan(out.values(f, c))) valid.push_back(f);
      detail::fill_cubic(out.values, c, valid, to_fill);
    }
  }
  for (Gap& g : out.gaps) g.filled = g.interior() && g.length <= max_gap;
  return out;
}

}  // namespace hipmech::signal
