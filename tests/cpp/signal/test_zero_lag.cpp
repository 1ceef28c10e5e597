// Zero-lag Butterworth with its NaN policy (include/hipmech/signal/zero_lag.hpp). Numbers come
// from the filtfilt tests (scipy-checked) applied to the same data, and from analytic cases.
#include <cmath>
#include <limits>

#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_floating_point.hpp>
#include <catch2/matchers/catch_matchers_string.hpp>

#include "helpers/eigen_matchers.hpp"
#include "hipmech/signal.hpp"

using Catch::Matchers::ContainsSubstring;
using Catch::Matchers::WithinAbs;
using hipmech::InvalidArgument;
using hipmech::testing::IsNear;
namespace sig = hipmech::signal;

namespace {
const double nan_value = std::numeric_limits<double>::quiet_NaN();

hipmech::Trajectory wavy(Eigen::Index n) {
  hipmech::Trajectory t(n, 3);
  for (Eigen::Index i = 0; i < n; ++i) {
    const double s = 0.01 * static_cast<double>(i);
    t.row(i) << std::sin(3 * s), std::cos(5 * s) + 0.1 * std::sin(90 * s), s * s;
  }
  return t;
}
}  // namespace

TEST_CASE("lowpass of a Trajectory equals filtfilt with butter column by column", "[signal]") {
  const hipmech::Trajectory t = wavy(300);
  const hipmech::Trajectory y = sig::lowpass(t, 100.0, 6.0, 4);
  const auto c = sig::butter(4, 6.0, 100.0);
  for (int col = 0; col < 3; ++col) {
    const Eigen::VectorXd column = t.col(col);
    CHECK_THAT(y.col(col), IsNear(sig::filtfilt(c, column), 1e-13));
  }
  const Eigen::VectorXd s = t.col(1);
  const Eigen::VectorXd ys = sig::lowpass(s, 100.0, 6.0, 4);
  CHECK_THAT(ys, IsNear(y.col(1), 1e-13));
  // high-pass + low-pass at the same cut-off of a constant: high-pass removes it
  const Eigen::VectorXd hp = sig::highpass(Eigen::VectorXd::Constant(100, 3.0).eval(), 100.0, 5.0);
  CHECK_THAT(hp, IsNear(Eigen::VectorXd::Zero(100), 1e-12));
}

TEST_CASE("pass correction designs with the warped corrected cut-off", "[signal]") {
  sig::ZeroLagOptions o;
  o.pass_correction = true;
  const auto r = sig::zero_lag_butterworth(wavy(200), 100.0, 6.0, o);
  CHECK_THAT(r.design_cutoff_hz, WithinAbs(sig::corrected_cutoff_hz(6.0, 100.0, 2), 1e-15));
  // Winter's first-order rule 6 / 0.802 = 7.48 Hz; the warped form is close to it at 6 Hz
  CHECK_THAT(r.design_cutoff_hz, WithinAbs(6.0 / 0.8022, 0.1));
}

TEST_CASE("NaN is refused by default with the gaps listed", "[signal]") {
  hipmech::Trajectory t = wavy(100);
  t.block(10, 0, 3, 1).setConstant(nan_value);
  t(40, 0) = nan_value;
  t(70, 2) = nan_value;
  try {
    (void)sig::lowpass(t, 100.0, 6.0);
    FAIL("no exception");
  } catch (const InvalidArgument& e) {
    CHECK(e.argument() == "data");
    CHECK_THAT(std::string(e.what()),
               ContainsSubstring("channel 0: frames 10-12, 40; channel 2: frames 70") &&
                   ContainsSubstring("nan='runs'"));
  }
}

TEST_CASE("GapPolicy::Runs filters each gap-free run and reports short runs", "[signal]") {
  hipmech::Trajectory t = wavy(200);
  t.block(50, 1, 2, 1).setConstant(nan_value);   // column 1: runs 0-49 and 52-199
  t.block(5, 2, 1, 1).setConstant(nan_value);    // column 2: run 0-4 too short (< 10)
  sig::ZeroLagOptions o;
  o.nan = sig::GapPolicy::Runs;
  const auto r = sig::zero_lag_butterworth(t, 100.0, 8.0, o);
  const auto c = sig::butter(2, 8.0, 100.0);
  CHECK_THAT(r.values.col(0), IsNear(sig::filtfilt(c, Eigen::VectorXd(t.col(0))), 1e-13));
  CHECK_THAT(r.values.col(1).head(50),
             IsNear(sig::filtfilt(c, Eigen::VectorXd(t.col(1).head(50))), 1e-13));
  CHECK_THAT(r.values.col(1).tail(148),
             IsNear(sig::filtfilt(c, Eigen::VectorXd(t.col(1).tail(148))), 1e-13));
  CHECK(std::isnan(r.values(50, 1)));
  CHECK(std::isnan(r.values(51, 1)));
  CHECK(r.values.col(2).head(6).array().isNaN().all());
  CHECK_THAT(r.values.col(2).tail(194),
             IsNear(sig::filtfilt(c, Eigen::VectorXd(t.col(2).tail(194))), 1e-13));
  REQUIRE(r.unfiltered.size() == 1);
  CHECK(r.unfiltered[0].channel == 2);
  CHECK(r.unfiltered[0].first == 0);
  CHECK(r.unfiltered[0].length == 5);
}

TEST_CASE("zero_lag_butterworth rejects bad arguments", "[signal]") {
  const hipmech::Trajectory t = wavy(100);
  sig::ZeroLagOptions o;
  SECTION("rate") { REQUIRE_THROWS_AS(sig::zero_lag_butterworth(t, 0.0, 6.0, o), InvalidArgument); }
  SECTION("cut-off above Nyquist") {
    REQUIRE_THROWS_WITH(sig::zero_lag_butterworth(t, 100.0, 60.0, o),
                        ContainsSubstring("cutoff_hz"));
  }
  SECTION("order") {
    o.order = 0;
    REQUIRE_THROWS_WITH(sig::zero_lag_butterworth(t, 100.0, 6.0, o), ContainsSubstring("order"));
  }
  SECTION("too short for order 4: 15 samples needed") {
    o.order = 4;
    REQUIRE_THROWS_WITH(sig::zero_lag_butterworth(t.topRows(15), 100.0, 6.0, o),
                        ContainsSubstring("at least 16 samples"));
  }
  SECTION("infinity") {
    hipmech::Trajectory u = t;
    u(3, 1) = std::numeric_limits<double>::infinity();
    o.nan = sig::GapPolicy::Runs;
    REQUIRE_THROWS_WITH(sig::zero_lag_butterworth(u, 100.0, 6.0, o), ContainsSubstring("row 3"));
  }
}

TEST_CASE("second-order sections agree with the transfer function where it is well conditioned",
          "[signal]") {
  // Same filter in exact arithmetic; scipy.signal.sosfiltfilt agreement is in test_signal.py.
  const hipmech::Trajectory t = wavy(400);
  sig::ZeroLagOptions ba, sos;
  sos.form = sig::FilterForm::Sections;
  for (int order : {1, 2, 3, 4, 5}) {
    ba.order = sos.order = order;
    const auto a = sig::zero_lag_butterworth(t, 100.0, 8.0, ba);
    const auto b = sig::zero_lag_butterworth(t, 100.0, 8.0, sos);
    CHECK_THAT(b.values, IsNear(a.values, 1e-11));
    CHECK(b.sos.rows() == (order + 1) / 2);
  }
}

TEST_CASE("the transfer-function form refuses numerically unreliable designs", "[signal]") {
  // order 8 at fc / Nyquist = 0.02: scipy's own b, a give |H(fc)|^2 = 0.5 + 6e-6
  const hipmech::Trajectory t = wavy(400);
  sig::ZeroLagOptions o;
  o.order = 8;
  REQUIRE_THROWS_AS(sig::zero_lag_butterworth(t, 100.0, 1.0, o), hipmech::NumericalError);
  o.form = sig::FilterForm::Sections;
  const auto r = sig::zero_lag_butterworth(t, 100.0, 1.0, o);
  CHECK(r.values.allFinite());
}

TEST_CASE("filters and derivatives read column-major and strided channels in place, bit for bit",
          "[signal]") {
  // The same values in three layouts: row-major (the reference), column-major (Fortran order,
  // as numpy hands a pandas DataFrame's values) and every other row and column of a larger
  // row-major buffer. Each channel is filtered with the same arithmetic whatever the strides,
  // so the results must be identical, not just close.
  const Eigen::Index n = 157, k = 5;
  hipmech::Channels rows(n, k);
  for (Eigen::Index i = 0; i < n; ++i)
    for (Eigen::Index c = 0; c < k; ++c)
      rows(i, c) =
          std::sin(0.05 * static_cast<double>(i * (c + 1))) + 0.01 * static_cast<double>(c);
  const Eigen::MatrixXd cols = rows;  // column-major storage
  const hipmech::ChannelsStridedCRef fortran(
      Eigen::Map<const hipmech::Channels, 0, Eigen::Stride<Eigen::Dynamic, Eigen::Dynamic>>(
          cols.data(), n, k, Eigen::Stride<Eigen::Dynamic, Eigen::Dynamic>(1, n)));
  hipmech::Channels big = hipmech::Channels::Zero(2 * n, 2 * k);
  for (Eigen::Index i = 0; i < n; ++i)
    for (Eigen::Index c = 0; c < k; ++c) big(2 * i, 2 * c) = rows(i, c);
  const hipmech::ChannelsStridedCRef strided(
      Eigen::Map<const hipmech::Channels, 0, Eigen::Stride<Eigen::Dynamic, Eigen::Dynamic>>(
          big.data(), n, k, Eigen::Stride<Eigen::Dynamic, Eigen::Dynamic>(4 * k, 2)));
  REQUIRE(fortran.innerStride() == n);
  REQUIRE(strided.innerStride() == 2);
  REQUIRE(fortran == rows);
  REQUIRE(strided == rows);

  for (const auto form : {sig::FilterForm::TransferFunction, sig::FilterForm::Sections}) {
    sig::ZeroLagOptions o;
    o.form = form;
    o.order = 4;
    const hipmech::Channels expected = sig::zero_lag_butterworth(rows, 100.0, 8.0, o).values;
    CHECK(sig::zero_lag_butterworth(fortran, 100.0, 8.0, o).values == expected);
    CHECK(sig::zero_lag_butterworth(strided, 100.0, 8.0, o).values == expected);
  }
  const auto c = sig::butter(2, 6.0, 100.0);
  CHECK(sig::filtfilt(c, fortran) == sig::filtfilt(c, rows));
  CHECK(sig::filtfilt(c, strided) == sig::filtfilt(c, rows));
  const auto sos = sig::butter_sos(3, 6.0, 100.0);
  CHECK(sig::sosfiltfilt(sos, fortran) == sig::sosfiltfilt(sos, rows));
  for (int order : {1, 2}) {
    CHECK(sig::central_difference(fortran, 100.0, order) ==
          sig::central_difference(rows, 100.0, order));
    CHECK(sig::central_difference(strided, 100.0, order) ==
          sig::central_difference(rows, 100.0, order));
  }
  // Gaps filtered run by run: the same in every layout too.
  hipmech::Channels gappy = rows;
  gappy.block(40, 1, 6, 1).setConstant(nan_value);
  const Eigen::MatrixXd gappy_cols = gappy;
  const hipmech::ChannelsStridedCRef gappy_fortran(
      Eigen::Map<const hipmech::Channels, 0, Eigen::Stride<Eigen::Dynamic, Eigen::Dynamic>>(
          gappy_cols.data(), n, k, Eigen::Stride<Eigen::Dynamic, Eigen::Dynamic>(1, n)));
  sig::ZeroLagOptions runs;
  runs.nan = sig::GapPolicy::Runs;
  const hipmech::Channels a = sig::zero_lag_butterworth(gappy, 100.0, 6.0, runs).values;
  const hipmech::Channels b = sig::zero_lag_butterworth(gappy_fortran, 100.0, 6.0, runs).values;
  CHECK((a.array().isNaN() == b.array().isNaN()).all());
  CHECK((a.array().isNaN() || a.array() == b.array()).all());
}
