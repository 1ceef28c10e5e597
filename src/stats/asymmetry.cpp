// The compiled definitions of <hipmech/stats/asymmetry.hpp> (declared and documented there):
// heavy functions users never need inline, compiled once into the library.
#include "hipmech/stats/asymmetry.hpp"

namespace hipmech::stats {

const char* asymmetry_reason_text(AsymmetryReason r) {
  switch (r) {
    case AsymmetryReason::Missing:
      return "missing value";
    case AsymmetryReason::ZeroReference:
      return "reference value is zero";
    case AsymmetryReason::BothZero:
      return "both values are zero";
    case AsymmetryReason::OppositeSigns:
      return "values have opposite signs";
    case AsymmetryReason::Ok:
    default:
      return "";
  }
}

AsymmetryValue asymmetry_to_reference(AsymmetryIndex index, double other, double reference) {
  constexpr double kPi = 3.14159265358979323846;
  auto nan = [](AsymmetryReason r) { return AsymmetryValue{detail::kNaN, r}; };
  if (std::isnan(other) || std::isnan(reference)) return nan(AsymmetryReason::Missing);
  if (other == 0.0 && reference == 0.0) return nan(AsymmetryReason::BothZero);
  const bool opposite = (other > 0.0 && reference < 0.0) || (other < 0.0 && reference > 0.0);
  if (index == AsymmetryIndex::SymmetryAngle) {
    // Zifchock's formula with X_L = reference, X_R = other. X_R = 0 is the limit arctan(±∞).
    const double atan_deg =
        other != 0.0 ? std::atan(reference / other) * 180.0 / kPi : std::copysign(90.0, reference);
    double angle = 45.0 - atan_deg;
    if (angle > 90.0) angle -= 180.0;
    return {100.0 * angle / 90.0, AsymmetryReason::Ok};
  }
  if (opposite) return nan(AsymmetryReason::OppositeSigns);
  const double a = std::fabs(other);
  const double r = std::fabs(reference);
  switch (index) {
    case AsymmetryIndex::LimbSymmetryIndex:
      return r == 0.0 ? nan(AsymmetryReason::ZeroReference) : AsymmetryValue{100.0 * a / r};
    case AsymmetryIndex::Ratio:
      return r == 0.0 ? nan(AsymmetryReason::ZeroReference) : AsymmetryValue{a / r};
    case AsymmetryIndex::SymmetryIndex:
      return {100.0 * (a - r) / (0.5 * (a + r))};
    case AsymmetryIndex::PercentDifferenceMax:
      return {100.0 * (a - r) / std::fmax(a, r)};
    case AsymmetryIndex::PercentDifferenceReference:
      return r == 0.0 ? nan(AsymmetryReason::ZeroReference) : AsymmetryValue{100.0 * (a - r) / r};
    case AsymmetryIndex::SymmetryAngle:
    default:
      return nan(AsymmetryReason::Missing);
  }
}

AsymmetryValues asymmetry(AsymmetryIndex index, const Eigen::Ref<const Eigen::VectorXd>& left,
                          const Eigen::Ref<const Eigen::VectorXd>& right, Side reference) {
  HIPMECH_CHECK_SIZE(right.size(), left.size(), "right", "values (as many as 'left')");
  check_values(left, "left");
  check_values(right, "right");
  AsymmetryValues out;
  const Eigen::Index n = left.size();
  out.value.resize(n);
  out.reason.resize(static_cast<std::size_t>(n));
  for (Eigen::Index i = 0; i < n; ++i) {
    const AsymmetryValue v = asymmetry(index, left[i], right[i], reference);
    out.value[i] = v.value;
    out.reason[static_cast<std::size_t>(i)] = v.reason;
  }
  return out;
}

}  // namespace hipmech::stats
