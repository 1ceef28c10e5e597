// The compiled definitions of <hipmech/spm/inference.hpp> (declared and documented there).
#include "hipmech/spm/inference.hpp"

#include "hipmech/core/check.hpp"
#include "hipmech/spm/rft.hpp"

namespace hipmech::spm {

Inference inference_rft(const Field& f, double alpha, bool two_tailed) {
  HIPMECH_CHECK_ARG(alpha > 0.0 && alpha < 1.0, "alpha", "a significance level in (0, 1)", alpha);
  HIPMECH_CHECK_ARG(!(two_tailed && f.statistic == Statistic::F), "two_tailed",
                    "false for an F field (F tests are one-tailed)", "true");
  Inference r;
  r.field = f;
  r.method = Method::RFT;
  r.alpha = alpha;
  r.two_tailed = two_tailed;
  r.zstar = rft_threshold(alpha, f.statistic, f.df1, f.df2, f.resels0, f.resels1, two_tailed);
  r.clusters = find_clusters(f.z, r.zstar, two_tailed, true);
  r.h0reject = !r.clusters.empty();
  return r;
}

}  // namespace hipmech::spm
