/// \file
/// The missing-data policy of the statistics area (docs/stats.md, "Missing data"). NaN marks a
/// missing value (../CONVENTIONS); a statistic over a sample that holds NaN must say what it
/// did with it, so every function that reduces a sample takes a `Missing` policy:
///  - Propagate (default): the result is NaN and its `note` says how many values were missing,
///    like scipy's nan_policy="propagate" — nothing is dropped silently;
///  - Omit: missing values (for tables, whole rows: listwise deletion) are left out and counted
///    in the result (`n_missing`), like nan_policy="omit";
///  - Raise: InvalidArgument naming the argument and the first missing position.
/// Infinity is never a missing value: it is rejected as a bad argument.
#pragma once

#include <cmath>
#include <cstdint>
#include <string>

#include <Eigen/Core>

#include "hipmech/core/check.hpp"

namespace hipmech::stats {

/// A table of values (subjects × raters, subjects × trials), row-major like numpy's default so
/// that a C-contiguous (n, k) array maps without a copy.
using RowMatrix = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

/// What a statistic does with NaN in its sample (see the file comment).
enum class Missing : std::uint8_t { Propagate, Omit, Raise };

/// "propagate", "omit" or "raise"; InvalidArgument naming `arg` otherwise.
inline Missing parse_missing(const std::string& name, const char* arg = "missing") {
  if (name == "propagate") return Missing::Propagate;
  if (name == "omit") return Missing::Omit;
  if (name == "raise") return Missing::Raise;
  ::hipmech::detail::throw_invalid_argument(arg, "'propagate', 'omit' or 'raise'",
                                            "'" + name + "'");
}

const char* missing_name(Missing m);

/// A vector sample after the missing-data policy: the values kept (NaN-free unless the
/// policy is Propagate and something was missing), how many were missing, and whether the
/// result must be NaN (Propagate with a missing value).
struct Sample {
  Eigen::VectorXd values;
  Eigen::Index n_missing = 0;
  bool propagate_nan = false;
};

namespace detail {

/// Appends `text` to a result's note, "; "-separated: every stats result explains its NaN
/// fields and what was dropped in one `note` string.
inline void append_note(std::string& note, const std::string& text) {
  if (text.empty()) return;
  if (!note.empty()) note += "; ";
  note += text;
}

/// "3 of 20 values of 'x' are missing (NaN)": the note of a propagated NaN.
inline std::string missing_note(Eigen::Index n_missing, Eigen::Index n, const char* arg,
                                const char* what = "values") {
  return std::to_string(n_missing) + " of " + std::to_string(n) + " " + what + " of '" + arg +
         "' are missing (NaN); pass missing='omit' to leave them out";
}

}  // namespace detail

/// Applies `missing` to a vector sample `x` (argument name `arg`). Infinity is rejected.
Sample apply_missing(const Eigen::Ref<const Eigen::VectorXd>& x, Missing missing, const char* arg);

/// Paired samples after the policy: a pair is missing when either value is NaN (Omit drops the
/// pair). `a` and `b` must have the same length.
struct PairedSample {
  Eigen::VectorXd a;
  Eigen::VectorXd b;
  Eigen::Index n_missing = 0;
  bool propagate_nan = false;
};

PairedSample apply_missing_paired(const Eigen::Ref<const Eigen::VectorXd>& a,
                                  const Eigen::Ref<const Eigen::VectorXd>& b, Missing missing,
                                  const char* arg_a, const char* arg_b);

}  // namespace hipmech::stats
