/// \file
/// Argument checks that throw hipmech::InvalidArgument with "expected X, got Y" messages
/// (the habit comes from Pinocchio's PINOCCHIO_CHECK_ARGUMENT_SIZE). The message is only
/// formatted on failure, so checks cost a comparison on the happy path.
#pragma once

#include <cmath>
#include <cstddef>
#include <limits>
#include <sstream>
#include <string>

#include <Eigen/Core>

#include "hipmech/core/error.hpp"

namespace hipmech::detail {

/// Formats any streamable value for an error message.
template <typename T>
std::string to_message(const T& value) {
  std::ostringstream os;
  os.precision(17);
  os << value;
  return os.str();
}

/// `value` with `significant` significant digits, for notes and messages ("58.3", "0.15").
inline std::string significant_digits(double value, int significant) {
  std::ostringstream os;
  os.precision(significant);
  os << value;
  return os.str();
}

[[noreturn]] inline void throw_invalid_argument(std::string argument, std::string expected,
                                                std::string got) {
  throw InvalidArgument(std::move(argument), std::move(expected), std::move(got));
}

}  // namespace hipmech::detail

/// Throws hipmech::InvalidArgument naming `arg` unless `cond` holds. `expected` is a phrase
/// (string), `got` any streamable expression; both are evaluated only on failure.
/// \code HIPMECH_CHECK_ARG(rate_hz > 0, "rate_hz", "a positive rate in Hz", rate_hz); \endcode
#define HIPMECH_CHECK_ARG(cond, arg, expected, got)                                  \
  do {                                                                               \
    if (!(cond)) {                                                                   \
      ::hipmech::detail::throw_invalid_argument((arg), (expected),                   \
                                                ::hipmech::detail::to_message(got)); \
    }                                                                                \
  } while (false)

/// Throws hipmech::InvalidArgument unless `actual == expected` (sizes, counts, frames).
/// `what` names the unit being counted ("frames", "columns").
#define HIPMECH_CHECK_SIZE(actual, expected, arg, what)                           \
  do {                                                                            \
    const auto hipmech_actual_ = (actual);                                        \
    const auto hipmech_expected_ = (expected);                                    \
    if (hipmech_actual_ != hipmech_expected_) {                                   \
      ::hipmech::detail::throw_invalid_argument(                                  \
          (arg), ::hipmech::detail::to_message(hipmech_expected_) + " " + (what), \
          ::hipmech::detail::to_message(hipmech_actual_));                        \
    }                                                                             \
  } while (false)

namespace hipmech {

/// What a check accepts as a missing value.
enum class NanPolicy {
  Allow,   ///< NaN marks a missing sample and is accepted; infinities are still rejected.
  Reject,  ///< every value must be finite.
};

/// Throws InvalidArgument naming `arg` if `values` holds a value the policy rejects; the
/// message gives the first offending (row, column). Infinity is never accepted: it is not a
/// missing sample but a bug upstream.
template <typename Derived>
void check_values(const Eigen::DenseBase<Derived>& values, const char* arg,
                  NanPolicy policy = NanPolicy::Allow) {
  // Fast path: one vectorised reduction over the whole block (a NaN-ignoring max of |x|
  // finds any infinity).
  const bool ok =
      values.size() == 0 ||
      (policy == NanPolicy::Reject
           ? values.derived().allFinite()
           : values.derived().array().abs().template maxCoeff<Eigen::PropagateNumbers>() <
                     std::numeric_limits<typename Derived::Scalar>::infinity() ||
                 values.derived().array().isNaN().all());
  if (ok) return;
  for (Eigen::Index r = 0; r < values.rows(); ++r) {
    for (Eigen::Index c = 0; c < values.cols(); ++c) {
      const double v = static_cast<double>(values(r, c));
      if (std::isinf(v) || (policy == NanPolicy::Reject && std::isnan(v))) {
        detail::throw_invalid_argument(
            arg, policy == NanPolicy::Reject ? "finite values" : "finite values or NaN (missing)",
            detail::to_message(v) + " at row " + std::to_string(r) + ", column " +
                std::to_string(c));
      }
    }
  }
}

/// Throws InvalidArgument unless `value` is finite and strictly positive (rates, masses, lengths).
inline void check_positive(double value, const char* arg, const char* unit) {
  HIPMECH_CHECK_ARG(std::isfinite(value) && value > 0.0, arg,
                    std::string("a finite positive value in ") + unit, value);
}

/// Throws InvalidArgument unless `rows == expected_rows`; `other` names the argument that
/// fixed the expected count ("as 'hip'").
inline void check_same_frames(Eigen::Index rows, Eigen::Index expected_rows, const char* arg,
                              const char* other) {
  HIPMECH_CHECK_ARG(rows == expected_rows, arg,
                    std::to_string(expected_rows) + " frames (as '" + other + "')",
                    std::to_string(rows) + " frames");
}

}  // namespace hipmech
