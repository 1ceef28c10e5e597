#include <limits>
#include <vector>

#include <catch2/catch_test_macros.hpp>

#include "helpers/eigen_matchers.hpp"
#include "hipmech/core/trajectory.hpp"

namespace {
const double missing = std::numeric_limits<double>::quiet_NaN();

// What a binding does with a numpy buffer: view it, then pass it on as TrajectoryCRef.
const double* data_seen_by_callee(const hipmech::TrajectoryCRef& points) {
  return points.data();
}
}  // namespace

TEST_CASE("a row-major buffer reaches a TrajectoryCRef without a copy", "[core][trajectory]") {
  std::vector<double> buffer{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};  // like a C-contiguous (4, 3)
  const hipmech::TrajectoryMap view(buffer.data(), 4, 3);
  CHECK(data_seen_by_callee(view) == buffer.data());
  CHECK(view(1, 2) == 6.0);  // row-major: row 1 = {4, 5, 6}

  hipmech::Trajectory owned = view;
  CHECK(data_seen_by_callee(owned) == owned.data());
  // A block of rows of a row-major trajectory is still contiguous: no copy either.
  CHECK(data_seen_by_callee(owned.middleRows(1, 2)) == owned.data() + 3);
}

TEST_CASE("missing_frames flags every frame holding a NaN, and only those", "[core][trajectory]") {
  hipmech::Trajectory p(5, 3);
  p << 0, 0, 0,       //
      missing, 1, 1,  //
      2, 2, 2,        //
      3, 3, missing,  //
      missing, missing, missing;
  hipmech::FrameMask expected(5);
  expected << false, true, false, true, true;
  CHECK((hipmech::missing_frames(p) == expected).all());
  CHECK(hipmech::count_missing_frames(p) == 3);

  SECTION("an empty trajectory has no missing frames") {
    CHECK(hipmech::missing_frames(hipmech::Trajectory(0, 3)).size() == 0);
    CHECK(hipmech::count_missing_frames(hipmech::Trajectory(0, 3)) == 0);
  }
}
