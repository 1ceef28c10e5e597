// Internal checks shared by the sessions (pig_session.cpp, keypoint_session.cpp): not
// installed, not part of the API. One implementation of the input rules both sessions document
// (unique row names; on push, a constructed, open session, one value per name and column, none
// infinite, time_s NaN or finite and increasing).
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "hipmech/core/check.hpp"

namespace hipmech::stream::frame_input {

/// Refuses a push on a moved-from session (`constructed` false) or a closed one, naming
/// 'session'.
inline void check_session_open(bool constructed, bool closed) {
  HIPMECH_CHECK_ARG(constructed, "session",
                    "a constructed session (not one whose state was moved to another)",
                    "moved-from session");
  HIPMECH_CHECK_ARG(!closed, "session", "an open session (push() before close())",
                    "session closed");
}

/// Refuses a name given twice in `names` (the rows of a pushed frame), naming `argument`
/// ("marker_names") and expecting `expected` ("unique marker names").
inline void check_unique_names(const std::vector<std::string>& names, const char* argument,
                               const char* expected) {
  for (std::size_t i = 0; i < names.size(); ++i) {
    for (std::size_t j = i + 1; j < names.size(); ++j) {
      HIPMECH_CHECK_ARG(names[i] != names[j], argument, expected,
                        "'" + names[i] + "' twice (rows " + std::to_string(i) + " and " +
                            std::to_string(j) + ")");
    }
  }
}

/// What a frame's point values are: `argument` names them in errors ("markers"), `item` one
/// point ("marker"), `n_columns` the values per point (3 for x, y, z; 2 for x, y), `finite`
/// what a value must be, `name_column` whether an infinite value's error names its column.
struct PointValues {
  const char* argument;
  const char* item;
  std::size_t n_columns;
  const char* finite;
  bool name_column;
};

/// Checks `n_values` values at `values` against `names.size() * kind.n_columns` (the rows in
/// `names` order): a wrong count or a null pointer, then the first infinite value (NaN is a
/// missing point), each naming `kind.argument`.
inline void check_point_values(const PointValues& kind, const std::vector<std::string>& names,
                               const double* values, std::size_t n_values) {
  const std::size_t expected = names.size() * kind.n_columns;
  if (n_values != expected || values == nullptr) {
    hipmech::detail::throw_invalid_argument(
        kind.argument,
        std::to_string(expected) + " values (" + std::to_string(expected / kind.n_columns) + " " +
            kind.item + "s x " + std::to_string(kind.n_columns) + ", in " + kind.item +
            "_names order)",
        values == nullptr ? std::string("a null pointer") : std::to_string(n_values) + " values");
  }
  for (std::size_t v = 0; v < n_values; ++v) {
    if (std::isinf(values[v])) {
      const std::size_t row = v / kind.n_columns;
      hipmech::detail::throw_invalid_argument(
          kind.argument, kind.finite,
          hipmech::detail::to_message(values[v]) + " for " + kind.item + " '" + names[row] +
              "' (row " + std::to_string(row) +
              (kind.name_column ? ", column " + std::to_string(v % kind.n_columns) : "") + ")");
    }
  }
}

/// The time of frame `frame` in s: `time_s`, or frame / `rate_hz` when `time_s` is NaN; an
/// infinite time, or one not after `last_time_s` (the previous frame's, when `frame` > 0), names
/// 'time_s'.
inline double checked_time_s(double time_s, std::int64_t frame, double rate_hz,
                             double last_time_s) {
  double t = time_s;
  if (std::isnan(t)) {
    t = static_cast<double>(frame) / rate_hz;
  } else {
    HIPMECH_CHECK_ARG(std::isfinite(t), "time_s", "a finite time in s, or NaN for frame / rate", t);
  }
  if (frame > 0 && !(t > last_time_s)) {
    hipmech::detail::throw_invalid_argument(
        "time_s",
        "a time after the previous frame's " + hipmech::detail::to_message(last_time_s) + " s",
        hipmech::detail::to_message(t) + " s");
  }
  return t;
}

}  // namespace hipmech::stream::frame_input
