/// \file
/// Left/right asymmetry indices with an explicit reference limb (docs/stats.md, "Asymmetry").
///
/// Every index is signed so that a positive value means the *other* (non-reference) limb has
/// the larger magnitude, and 0 (or 100 % for the LSI, 1 for the ratio) means symmetry:
///   LSI   = 100 · X_other / X_ref                                    (limb symmetry index, %)
///   SI    = 100 · (X_other − X_ref) / (½ (X_other + X_ref))          (Robinson et al. 1987, %)
///   SA    = 100 · (45° − arctan(X_ref / X_other)) / 90°              (Zifchock et al. 2008, %)
///           and when 45° − arctan(·) > 90°: 100 · (45° − arctan(·) − 180°) / 90°  (wrap branch)
///   ratio = X_other / X_ref
///   %diff = 100 · (|X_other| − |X_ref|) / max(|X_other|, |X_ref|)     (or / |X_ref|)
/// Robinson's SI is written with X_R − X_L and Zifchock's SA with arctan(X_L/X_R): both are
/// positive when the right value is larger. hipmech puts the reference limb in Robinson's and
/// Zifchock's "left" slot, so both read the same way for either reference.
///
/// Sources: Robinson RO, Herzog W, Nigg BM (1987) J Manipulative Physiol Ther 10:172–176;
/// Zifchock RA, Davis I, Higginson J, Royer T (2008) Gait Posture 27:622–627; LSI as used for
/// return-to-sport testing, e.g. Noyes FR, Barber SD, Mangine RE (1991) Am J Sports Med
/// 19:513–518.
///
/// Edge cases give NaN with a reason (AsymmetryReason), never ±inf: a missing value, a zero
/// reference (LSI, ratio, %diff/reference), both values zero, and values of opposite sign
/// (every index but SA, whose wrap branch exists for signed variables).
#pragma once

#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include <Eigen/Core>

#include "hipmech/core/check.hpp"
#include "hipmech/core/side.hpp"
#include "hipmech/stats/distributions.hpp"

namespace hipmech::stats {

/// Why an asymmetry value is NaN (Ok when it is defined).
enum class AsymmetryReason : std::uint8_t {
  Ok = 0,
  Missing,        ///< a value is NaN
  ZeroReference,  ///< the reference value is 0 (a ratio to it is undefined)
  BothZero,       ///< both values are 0
  OppositeSigns,  ///< the values have opposite signs (a ratio of magnitudes is meaningless)
};

/// A short English reason ("" for Ok).
const char* asymmetry_reason_text(AsymmetryReason r);

/// The asymmetry indices.
enum class AsymmetryIndex : std::uint8_t {
  LimbSymmetryIndex,           ///< LSI, %
  SymmetryIndex,               ///< Robinson's SI, %
  SymmetryAngle,               ///< Zifchock's SA, %
  Ratio,                       ///< X_other / X_ref
  PercentDifferenceMax,        ///< % of the larger magnitude
  PercentDifferenceReference,  ///< % of the reference magnitude
};

/// One asymmetry value with its reason.
struct AsymmetryValue {
  double value = detail::kNaN;
  AsymmetryReason reason = AsymmetryReason::Ok;
};

/// One index of one pair given by role: the value of the other limb, then the value of the
/// reference limb. (Named apart from asymmetry(), whose values come per side as left, right and
/// then the reference side: a call with two values and no side cannot pick this one silently.)
AsymmetryValue asymmetry_to_reference(AsymmetryIndex index, double other, double reference);

/// `index` of one pair given per side, `reference` naming the reference limb (the other limb
/// is the numerator).
inline AsymmetryValue asymmetry(AsymmetryIndex index, double left, double right, Side reference) {
  return reference == Side::Left ? asymmetry_to_reference(index, right, left)
                                 : asymmetry_to_reference(index, left, right);
}

/// An index over arrays of subjects (or strides): values and reasons per element.
struct AsymmetryValues {
  Eigen::VectorXd value;
  std::vector<AsymmetryReason> reason;
};

/// `index` for each pair (left[i], right[i]) with `reference` the reference limb (the other
/// limb is the numerator). Lengths must match; infinity is rejected, NaN gives a Missing NaN.
AsymmetryValues asymmetry(AsymmetryIndex index, const Eigen::Ref<const Eigen::VectorXd>& left,
                          const Eigen::Ref<const Eigen::VectorXd>& right, Side reference);

/// LSI (%) of one pair: 100 · other / reference.
inline AsymmetryValue limb_symmetry_index_percent(double left, double right, Side reference) {
  return asymmetry(AsymmetryIndex::LimbSymmetryIndex, left, right, reference);
}

/// Robinson's SI (%) of one pair, positive when the non-reference limb is larger.
inline AsymmetryValue symmetry_index_percent(double left, double right, Side reference) {
  return asymmetry(AsymmetryIndex::SymmetryIndex, left, right, reference);
}

/// Zifchock's SA (%) of one pair, positive when the non-reference limb is larger.
inline AsymmetryValue symmetry_angle_percent(double left, double right, Side reference) {
  return asymmetry(AsymmetryIndex::SymmetryAngle, left, right, reference);
}

}  // namespace hipmech::stats
