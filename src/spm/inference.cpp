// The compiled definitions of <hipmech/spm/inference.hpp> (declared and documented there).
#include "hipmech/spm/inference.hpp"

#include <algorithm>
#include <cmath>

#include "hipmech/core/check.hpp"
#include "hipmech/spm/rft.hpp"

namespace hipmech::spm {

Inference inference_rft(const Field& f, double alpha, bool two_tailed) {
  HIPMECH_CHECK_ARG(alpha > 0.0 && alpha < 1.0, "alpha", "a significance level in (0, 1)", alpha);
  HIPMECH_CHECK_ARG(!(two_tailed && f.statistic == Statistic::F), "two_tailed",
                    "false for an F field (F tests are one-tailed)", "true");
  // An infinite FWHM (residuals without roughness: each curve flat, or differing from the mean
  // by a constant) is a field of 0 resels beyond the first: the threshold is the single-node
  // one, as spm1d reports it; NaN (no smoothness estimated) is refused.
  HIPMECH_CHECK_ARG(f.z.size() >= 2 && f.fwhm > 0.0, "f",
                    "a statistic field from ttest, ttest_paired, ttest2, regress or anova1",
                    "a field without nodes or smoothness");
  Inference r;
  r.field = f;
  r.method = Method::RFT;
  r.alpha = alpha;
  r.two_tailed = two_tailed;
  r.zstar =
      rft_threshold(alpha, f.statistic, f.df1, f.df2, f.resels0, f.resels1, two_tailed, f.z.size());
  r.clusters = find_clusters(f.z, r.zstar, two_tailed, true);
  r.h0reject = !r.clusters.empty();
  double k_min = 0.0;
  for (std::size_t i = 0; i < r.clusters.size(); ++i) {
    Cluster& c = r.clusters[i];
    c.extent_resels = c.extent / f.fwhm;
    // The height of the cluster's excursion: zstar where an end crosses the threshold; a
    // cluster that covers the whole field never crosses it, and its height is its lowest
    // value (sign · z), as spm1d computes the cluster p of such a cluster.
    double height = r.zstar;
    const auto q_start = static_cast<Eigen::Index>(c.start);
    const auto q_end = static_cast<Eigen::Index>(c.end);
    if (c.start == 0.0 && q_end == f.z.size() - 1 && c.end == static_cast<double>(q_end)) {
      height = (static_cast<double>(c.sign) * f.z.segment(q_start, q_end - q_start + 1)).minCoeff();
    }
    c.p = rft_p_cluster(c.extent_resels, height, f.statistic, f.df1, f.df2, f.resels0, f.resels1,
                        two_tailed);
    k_min = i == 0 ? c.extent_resels : std::min(k_min, c.extent_resels);
  }
  // spm1d reports p_set = 1 when there is no cluster.
  r.p_set = rft_p_set(static_cast<int>(r.clusters.size()), k_min, r.zstar, f.statistic, f.df1,
                      f.df2, f.resels0, f.resels1, two_tailed);
  return r;
}

}  // namespace hipmech::spm
