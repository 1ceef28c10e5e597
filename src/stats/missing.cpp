// The compiled definitions of <hipmech/stats/missing.hpp> (declared and documented there):
// heavy functions users never need inline, compiled once into the library.
#include "hipmech/stats/missing.hpp"

namespace hipmech::stats {

const char* missing_name(Missing m) {
  switch (m) {
    case Missing::Omit:
      return "omit";
    case Missing::Raise:
      return "raise";
    case Missing::Propagate:
    default:
      return "propagate";
  }
}

Sample apply_missing(const Eigen::Ref<const Eigen::VectorXd>& x, Missing missing, const char* arg) {
  check_values(x, arg, NanPolicy::Allow);
  Sample s;
  const Eigen::Index n = x.size();
  for (Eigen::Index i = 0; i < n; ++i) s.n_missing += std::isnan(x[i]) ? 1 : 0;
  if (s.n_missing == 0) {
    s.values = x;
    return s;
  }
  if (missing == Missing::Raise) check_values(x, arg, NanPolicy::Reject);
  if (missing == Missing::Propagate) {
    s.values = x;
    s.propagate_nan = true;
    return s;
  }
  s.values.resize(n - s.n_missing);
  Eigen::Index j = 0;
  for (Eigen::Index i = 0; i < n; ++i) {
    if (!std::isnan(x[i])) s.values[j++] = x[i];
  }
  return s;
}

PairedSample apply_missing_paired(const Eigen::Ref<const Eigen::VectorXd>& a,
                                  const Eigen::Ref<const Eigen::VectorXd>& b, Missing missing,
                                  const char* arg_a, const char* arg_b) {
  HIPMECH_CHECK_SIZE(b.size(), a.size(), arg_b, std::string("values (as many as '") + arg_a + "')");
  check_values(a, arg_a, NanPolicy::Allow);
  check_values(b, arg_b, NanPolicy::Allow);
  PairedSample s;
  const Eigen::Index n = a.size();
  for (Eigen::Index i = 0; i < n; ++i)
    s.n_missing += (std::isnan(a[i]) || std::isnan(b[i])) ? 1 : 0;
  if (s.n_missing == 0 || missing == Missing::Propagate) {
    s.a = a;
    s.b = b;
    s.propagate_nan = s.n_missing > 0;
    return s;
  }
  if (missing == Missing::Raise) {
    check_values(a, arg_a, NanPolicy::Reject);
    check_values(b, arg_b, NanPolicy::Reject);
  }
  s.a.resize(n - s.n_missing);
  s.b.resize(n - s.n_missing);
  Eigen::Index j = 0;
  for (Eigen::Index i = 0; i < n; ++i) {
    if (std::isnan(a[i]) || std::isnan(b[i])) continue;
    s.a[j] = a[i];
    s.b[j] = b[i];
    ++j;
  }
  return s;
}

}  // namespace hipmech::stats
