#include <limits>
#include <stdexcept>
#include <string>

#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_string.hpp>

#include "hipmech/core/check.hpp"
#include "hipmech/core/error.hpp"

using Catch::Matchers::ContainsSubstring;
using Catch::Matchers::Equals;

TEST_CASE("InvalidArgument names the argument, what was expected and what arrived", "[core]") {
  const hipmech::InvalidArgument e("hip", "shape (n_frames, 3)", "shape (10, 2)");
  CHECK_THAT(std::string(e.what()),
             Equals("argument 'hip': expected shape (n_frames, 3), got shape (10, 2)"));
  CHECK(e.argument() == "hip");
  CHECK(e.expected() == "shape (n_frames, 3)");
  CHECK(e.got() == "shape (10, 2)");
  // Callers who do not know hipmech catch the standard type.
  CHECK_THROWS_AS(throw e, std::invalid_argument);
}

TEST_CASE("FileError and NumericalError derive from std::runtime_error", "[core]") {
  const hipmech::FileError f("trial.c3d", "truncated parameter section at byte 512");
  CHECK_THAT(std::string(f.what()), Equals("trial.c3d: truncated parameter section at byte 512"));
  CHECK(f.path() == "trial.c3d");
  CHECK_THROWS_AS(throw f, std::runtime_error);
  CHECK_THROWS_AS(throw hipmech::NumericalError("no convergence"), std::runtime_error);
}

TEST_CASE("HIPMECH_CHECK_ARG formats its message only on failure", "[core]") {
  int formatted = 0;
  auto got = [&formatted] {
    ++formatted;
    return -2.5;
  };
  HIPMECH_CHECK_ARG(true, "rate_hz", "a positive rate in Hz", got());
  CHECK(formatted == 0);
  try {
    HIPMECH_CHECK_ARG(false, "rate_hz", "a positive rate in Hz", got());
    FAIL("no exception");
  } catch (const hipmech::InvalidArgument& e) {
    CHECK(formatted == 1);
    CHECK(e.argument() == "rate_hz");
    CHECK(e.got() == "-2.5");
  }
}

TEST_CASE("HIPMECH_CHECK_SIZE says expected and got counts", "[core]") {
  CHECK_NOTHROW([] { HIPMECH_CHECK_SIZE(3, 3, "knee", "frames"); }());
  try {
    HIPMECH_CHECK_SIZE(99, 100, "knee", "frames");
    FAIL("no exception");
  } catch (const hipmech::InvalidArgument& e) {
    CHECK_THAT(std::string(e.what()), Equals("argument 'knee': expected 100 frames, got 99"));
  }
}

TEST_CASE("check_values: NaN is missing data, infinity never passes", "[core]") {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double inf = std::numeric_limits<double>::infinity();
  Eigen::Matrix<double, 3, 3, Eigen::RowMajor> m;
  m << 1, 2, 3, nan, nan, nan, 7, 8, 9;

  CHECK_NOTHROW(hipmech::check_values(m, "points"));

  SECTION("NanPolicy::Reject names the first NaN") {
    try {
      hipmech::check_values(m, "points", hipmech::NanPolicy::Reject);
      FAIL("no exception");
    } catch (const hipmech::InvalidArgument& e) {
      CHECK(e.argument() == "points");
      CHECK(e.expected() == "finite values");
      CHECK(e.got() == "nan at row 1, column 0");
    }
  }
  SECTION("infinity is rejected under either policy") {
    m(2, 1) = -inf;
    REQUIRE_THROWS_AS(hipmech::check_values(m, "points"), hipmech::InvalidArgument);
    REQUIRE_THROWS_WITH(hipmech::check_values(m, "points"),
                        ContainsSubstring("-inf at row 2, column 1"));
  }
}

TEST_CASE("check_positive and check_same_frames", "[core]") {
  CHECK_NOTHROW(hipmech::check_positive(100.0, "rate_hz", "Hz"));
  SECTION("zero, negative and NaN rates") {
    for (const double bad : {0.0, -1.0, std::numeric_limits<double>::quiet_NaN()}) {
      REQUIRE_THROWS_AS(hipmech::check_positive(bad, "rate_hz", "Hz"), hipmech::InvalidArgument);
    }
    REQUIRE_THROWS_WITH(
        hipmech::check_positive(0.0, "rate_hz", "Hz"),
        Equals("argument 'rate_hz': expected a finite positive value in Hz, got 0"));
  }
  SECTION("mismatched frame counts name both arguments") {
    REQUIRE_THROWS_WITH(hipmech::check_same_frames(9, 10, "knee", "hip"),
                        Equals("argument 'knee': expected 10 frames (as 'hip'), got 9 frames"));
  }
}
