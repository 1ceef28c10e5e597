// The compiled definitions of <hipmech/spm/clusters.hpp> (declared and documented there).
#include "hipmech/spm/clusters.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>

#include "hipmech/core/check.hpp"

namespace hipmech::spm {

std::vector<Cluster> find_clusters(const Eigen::Ref<const Eigen::VectorXd>& z, double zstar,
                                   bool two_tailed, bool interp) {
  const Eigen::Index Q = z.size();
  HIPMECH_CHECK_ARG(Q >= 2, "z", "a field of at least 2 nodes", Q);
  HIPMECH_CHECK_ARG(!z.hasNaN(), "z", "a field without NaN", "NaN");
  HIPMECH_CHECK_ARG(std::isfinite(zstar), "zstar", "a finite threshold", zstar);
  HIPMECH_CHECK_ARG(!two_tailed || zstar >= 0.0, "zstar",
                    "a threshold >= 0 when two-tailed (below 0 a node would be beyond both "
                    "+zstar and -zstar, in two clusters)",
                    zstar);
  std::vector<Cluster> out;
  for (int sign : {+1, -1}) {
    if (sign < 0 && !two_tailed) break;
    const double s = static_cast<double>(sign);
    Eigen::Index q = 0;
    while (q < Q) {
      if (!(s * z(q) > zstar)) {
        ++q;
        continue;
      }
      const Eigen::Index i0 = q;
      while (q + 1 < Q && s * z(q + 1) > zstar) ++q;
      const Eigen::Index i1 = q;
      ++q;
      Cluster c;
      c.sign = sign;
      c.start = static_cast<double>(i0);
      c.end = static_cast<double>(i1);
      if (interp && i0 > 0) {
        const double a = s * z(i0 - 1), b = s * z(i0);
        c.start = static_cast<double>(i0 - 1) + (zstar - a) / (b - a);
      }
      if (interp && i1 < Q - 1) {
        const double a = s * z(i1), b = s * z(i1 + 1);
        c.end = static_cast<double>(i1) + (a - zstar) / (a - b);
      }
      // A one-node cluster without interpolation counts one node (as spm1d reports it).
      c.extent = (!interp && i0 == i1) ? 1.0 : c.end - c.start;
      // Integral of s·z − zstar over [start, end], trapezoids through the crossings.
      double area = 0.0;
      double prev_x = c.start, prev_h = interp && i0 > 0 ? 0.0 : s * z(i0) - zstar;
      for (Eigen::Index k = i0; k <= i1; ++k) {
        const double x = static_cast<double>(k), h = s * z(k) - zstar;
        area += 0.5 * (prev_h + h) * (x - prev_x);
        prev_x = x;
        prev_h = h;
      }
      if (interp && i1 < Q - 1) area += 0.5 * prev_h * (c.end - prev_x);
      c.integral = area;
      Eigen::Index peak = i0;
      for (Eigen::Index k = i0; k <= i1; ++k) {
        if (s * z(k) > s * z(peak)) peak = k;
      }
      c.peak_node = peak;
      c.peak = z(peak);
      out.push_back(c);
    }
  }
  std::sort(out.begin(), out.end(),
            [](const Cluster& l, const Cluster& r) { return l.start < r.start; });
  return out;
}

}  // namespace hipmech::spm
