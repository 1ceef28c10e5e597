// Force plates to feet (include/hipmech/dynamics/foot_loads.hpp) on synthetic plates.
//
// Every plate here is built from a known ground reaction: a force F(s), a centre of pressure
// c(s) on the plate and a free moment T(s) about the vertical, at analog sample s. The plate's
// moment about its transducer origin O is then M_O = (c - O) x F + T (rigid-body statics), so
// the moment about the lab origin that foot_loads must return is c x F + T: an expectation
// that does not go through the header's own formula M_O + O x F (which is checked as well).
// Other sources, by hand:
// - frame f of a point rate r_p sees analog sample f r_a / r_p; a contact [begin, end) covers
//   the frames whose sample lies in it (integer test: begin r_p <= f r_a < end r_p);
// - between samples the value is the linear interpolation (exact for a force linear in time);
// - swing windows are [foot off, next foot strike) of the same foot (Perry & Burnfield 2010);
// - filtering: signal::zero_lag_butterworth applied by hand to the six plate channels;
// - the plate outline and the margin, by hand geometry.
#include <cmath>
#include <functional>
#include <limits>
#include <string>
#include <vector>

#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_floating_point.hpp>
#include <catch2/matchers/catch_matchers_string.hpp>

#include "helpers/eigen_matchers.hpp"
#include "helpers/thrown.hpp"
#include "hipmech/dynamics/foot_loads.hpp"
#include "hipmech/signal/zero_lag.hpp"

using hipmech::test::thrown_argument;
using hipmech::test::thrown_message;

using namespace hipmech;
using namespace hipmech::dynamics;
using Catch::Matchers::ContainsSubstring;
using Catch::Matchers::WithinAbs;
using hipmech::testing::IsNear;

namespace {

constexpr double kNan = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

using Vec = std::function<Eigen::Vector3d(Eigen::Index)>;

/// A plate of half-sizes (hx, hy) in its own x-y plane, centred at `center`, with rotation
/// plate -> lab `R`, transducer origin `origin`, carrying the ground reaction F(s) applied at
/// c(s) with a free moment T(s) (lab vectors), n samples.
io::ForcePlate make_plate(const Eigen::Matrix3d& R, const Eigen::Vector3d& center, double hx,
                          double hy, const Eigen::Vector3d& origin, Eigen::Index n, const Vec& F,
                          const Vec& c, const Vec& T) {
  io::ForcePlate p;
  p.R_lab_plate = R;
  p.center_m = center;
  p.origin_lab_m = origin;
  const double sx[4] = {1, -1, -1, 1}, sy[4] = {1, 1, -1, -1};  // C3D corner order
  for (int k = 0; k < 4; ++k) {
    p.corners_m.row(k) = (center + R * Eigen::Vector3d(sx[k] * hx, sy[k] * hy, 0.0)).transpose();
  }
  p.force_n.resize(n, 3);
  p.moment_nm.resize(n, 3);
  p.cop_m.resize(n, 3);
  p.free_moment_nm.resize(n, 3);
  for (Eigen::Index s = 0; s < n; ++s) {
    const Eigen::Vector3d f = F(s), cop = c(s), t = T(s);
    p.force_n.row(s) = f.transpose();
    p.cop_m.row(s) = cop.transpose();
    p.free_moment_nm.row(s) = t.transpose();
    p.moment_nm.row(s) = ((cop - origin).cross(f) + t).transpose();
  }
  return p;
}

/// Plate z down, plate x along lab Y, plate y along lab X (a plate turned by 90 deg):
/// centre (0.25, 0.3, 0), 0.6 m along lab Y and 0.4 m along lab X, so lab X in [0.05, 0.45]
/// and lab Y in [0, 0.6]; transducer 4 cm below the surface, slightly off centre.
const Eigen::Matrix3d kTurned = (Eigen::Matrix3d() << 0, 1, 0, 1, 0, 0, 0, 0, -1).finished();
const Eigen::Vector3d kCenterA(0.25, 0.3, 0.0);
const Eigen::Vector3d kOriginA = kCenterA + kTurned * Eigen::Vector3d(0.001, -0.002, 0.04);
/// Plate z down, x along lab X: centre (0.75, 0.3, 0), lab X in [0.45, 1.05], Y in [0.1, 0.5].
const Eigen::Matrix3d kFlipped = Eigen::Vector3d(1.0, -1.0, -1.0).asDiagonal();
const Eigen::Vector3d kCenterB(0.75, 0.3, 0.0);
const Eigen::Vector3d kOriginB = kCenterB + kFlipped * Eigen::Vector3d(-0.003, 0.001, 0.035);

io::ForcePlate plate_a(Eigen::Index n, const Vec& F, const Vec& c, const Vec& T) {
  return make_plate(kTurned, kCenterA, 0.3, 0.2, kOriginA, n, F, c, T);
}
io::ForcePlate plate_b(Eigen::Index n, const Vec& F, const Vec& c, const Vec& T) {
  return make_plate(kFlipped, kCenterB, 0.3, 0.2, kOriginB, n, F, c, T);
}

double sd(Eigen::Index s) { return static_cast<double>(s); }

// A smooth stance-like load on plate A and another on plate B.
const Vec kForceA = [](Eigen::Index s) {
  return Eigen::Vector3d(20.0 + 0.05 * sd(s), -10.0 + 0.02 * sd(s), 600.0 + 0.5 * sd(s));
};
const Vec kCopA = [](Eigen::Index s) {
  return Eigen::Vector3d(0.2 + 0.0002 * sd(s), 0.3 + 0.0001 * sd(s), 0.0);
};
const Vec kFreeA = [](Eigen::Index s) { return Eigen::Vector3d(0.0, 0.0, 1.0 + 0.001 * sd(s)); };
const Vec kForceB = [](Eigen::Index s) {
  return Eigen::Vector3d(-15.0 + 0.01 * sd(s), 8.0, 300.0 + std::sin(0.01 * sd(s)) * 100.0);
};
const Vec kCopB = [](Eigen::Index s) {
  return Eigen::Vector3d(0.6 + 0.0003 * sd(s), 0.25, 0.0);
};
const Vec kFreeB = [](Eigen::Index s) { return Eigen::Vector3d(0.0, 0.0, -0.5 - 0.002 * sd(s)); };

/// The moment about the lab origin of a ground reaction F applied at c with free moment T.
Eigen::Vector3d about_origin(const Vec& F, const Vec& c, const Vec& T, Eigen::Index s) {
  return c(s).cross(F(s)) + T(s);
}

events::PlateContact contact(int plate, Side side, Eigen::Index begin, Eigen::Index end,
                             bool side_known = true) {
  events::PlateContact c;
  c.plate = plate;
  c.side = side;
  c.side_known = side_known;
  c.begin_sample = begin;
  c.end_sample = end;
  return c;
}

events::GaitEvent event(Side side, events::EventKind kind, Eigen::Index frame) {
  events::GaitEvent e;
  e.side = side;
  e.kind = kind;
  e.frame = frame;
  e.time_s = static_cast<double>(frame) / 100.0;
  e.source = "test";
  return e;
}

std::size_t side_index(Side s) { return s == Side::Left ? 0 : 1; }

/// Checks frame f of `side`: NaN and `source` (Unknown / Rejected).
void check_nan(const FootLoads& l, Side side, Eigen::Index f, LoadSource source) {
  INFO(to_string(side) << " frame " << f);
  const std::size_t s = side_index(side);
  CHECK(l.source[s][f] == source);
  CHECK(l.load[s].force_n.row(f).array().isNaN().all());
  CHECK(l.load[s].moment_nm.row(f).array().isNaN().all());
}

/// Checks frame f of `side`: an exact zero load, LoadSource::Swing.
void check_swing(const FootLoads& l, Side side, Eigen::Index f) {
  INFO(to_string(side) << " frame " << f);
  const std::size_t s = side_index(side);
  CHECK(l.source[s][f] == LoadSource::Swing);
  CHECK((l.load[s].force_n.row(f).array() == 0.0).all());
  CHECK((l.load[s].moment_nm.row(f).array() == 0.0).all());
}

/// Checks frame f of `side`: LoadSource::Plate with force F and moment M about the lab origin.
void check_plate(const FootLoads& l, Side side, Eigen::Index f, const Eigen::Vector3d& F,
                 const Eigen::Vector3d& M, double tol = 1e-9) {
  INFO(to_string(side) << " frame " << f);
  const std::size_t s = side_index(side);
  CHECK(l.source[s][f] == LoadSource::Plate);
  CHECK_THAT(l.load[s].force_n.row(f), IsNear(F.transpose(), tol));
  CHECK_THAT(l.load[s].moment_nm.row(f), IsNear(M.transpose(), tol));
}

bool any_note(const FootLoads& l, const std::vector<std::string>& parts) {
  for (const std::string& n : l.notes) {
    bool all = true;
    for (const std::string& p : parts) all = all && n.find(p) != std::string::npos;
    if (all) return true;
  }
  return false;
}

}  // namespace

TEST_CASE("foot_loads: plate frames, swing zeros and NaN elsewhere (1000 Hz / 100 Hz)",
          "[dynamics][foot_loads]") {
  using events::EventKind;
  const Eigen::Index n_frames = 50, n_samples = 500;
  const std::vector<io::ForcePlate> plates{plate_a(n_samples, kForceA, kCopA, kFreeA)};
  events::ForcePlateEvents contacts;
  // Right: samples [105, 305) -> frames 11-30 (sample 10 f in the range). Left: [400, 450),
  // both ends on a frame -> frames 40-44. The frame either side of a contact (10 and 31, 39
  // and 45), otherwise unknown, carries the plate's measured load too (the header's rule).
  contacts.contacts = {contact(0, Side::Right, 105, 305), contact(0, Side::Left, 400, 450)};
  // Swing: left [5, 20), right [35, 45).
  const std::vector<events::GaitEvent> gait{
      event(Side::Left, EventKind::FootOff, 5), event(Side::Left, EventKind::FootStrike, 20),
      event(Side::Right, EventKind::FootOff, 35), event(Side::Right, EventKind::FootStrike, 45)};
  const FootLoads l = foot_loads(plates, 1000.0, 100.0, n_frames, contacts, gait);
  CHECK(l.notes.empty());
  for (std::size_t s = 0; s < 2; ++s) {
    REQUIRE(l.source[s].size() == n_frames);
    REQUIRE(l.load[s].force_n.rows() == n_frames);
    // Every moment is about the lab origin.
    CHECK((l.load[s].point_m.array() == 0.0).all());
  }
  for (Eigen::Index f = 0; f < n_frames; ++f) {
    const Eigen::Index s = 10 * f;
    const bool right_plate = f >= 10 && f <= 31, left_plate = f >= 39 && f <= 45;
    if (right_plate || left_plate) {
      const Side side = right_plate ? Side::Right : Side::Left;
      const Eigen::Vector3d F = kForceA(s);
      check_plate(l, side, f, F, about_origin(kForceA, kCopA, kFreeA, s));
      // The header's own statement: M_O + O x F.
      const Eigen::Vector3d M_O = plates[0].moment_nm.row(s).transpose();
      CHECK_THAT(l.load[side_index(side)].moment_nm.row(f),
                 IsNear((M_O + kOriginA.cross(F)).transpose(), 1e-9));
    }
    if (!right_plate) {
      if (f >= 35 && f < 45) {
        check_swing(l, Side::Right, f);
      } else {
        check_nan(l, Side::Right, f, LoadSource::Unknown);
      }
    }
    if (!left_plate) {
      if (f >= 5 && f < 20) {
        check_swing(l, Side::Left, f);
      } else {
        check_nan(l, Side::Left, f, LoadSource::Unknown);
      }
    }
  }
}

TEST_CASE("foot_loads: without gait events nothing is a known zero", "[dynamics][foot_loads]") {
  const std::vector<io::ForcePlate> plates{plate_a(300, kForceA, kCopA, kFreeA)};
  events::ForcePlateEvents contacts;
  contacts.contacts = {contact(0, Side::Left, 100, 200)};
  const FootLoads l = foot_loads(plates, 1000.0, 100.0, 30, contacts, {});
  for (Eigen::Index f = 0; f < 30; ++f) {
    check_nan(l, Side::Right, f, LoadSource::Unknown);
    // Contact frames 10-19 and the edge frames 9 and 20 (measured, below threshold).
    if (f < 9 || f > 20) check_nan(l, Side::Left, f, LoadSource::Unknown);
  }
  check_plate(l, Side::Left, 15, kForceA(150), about_origin(kForceA, kCopA, kFreeA, 150));
  check_plate(l, Side::Left, 9, kForceA(90), about_origin(kForceA, kCopA, kFreeA, 90));
  check_plate(l, Side::Left, 20, kForceA(200), about_origin(kForceA, kCopA, kFreeA, 200));
}

TEST_CASE("foot_loads: a plate contact overrides a swing window", "[dynamics][foot_loads]") {
  // A foot measured on a plate is not in the air, whatever the gait events say.
  using events::EventKind;
  const std::vector<io::ForcePlate> plates{plate_a(500, kForceA, kCopA, kFreeA)};
  events::ForcePlateEvents contacts;
  contacts.contacts = {contact(0, Side::Right, 380, 420)};  // frames 38-41
  const std::vector<events::GaitEvent> gait{event(Side::Right, EventKind::FootOff, 35),
                                            event(Side::Right, EventKind::FootStrike, 45)};
  const FootLoads l = foot_loads(plates, 1000.0, 100.0, 50, contacts, gait);
  // The edge frames 37 and 42 are known swing frames: they keep their zero.
  for (Eigen::Index f = 35; f < 45; ++f) {
    if (f >= 38 && f <= 41) {
      check_plate(l, Side::Right, f, kForceA(10 * f), about_origin(kForceA, kCopA, kFreeA, 10 * f));
    } else {
      check_swing(l, Side::Right, f);
    }
  }
}

TEST_CASE("foot_loads: the frame either side of a contact: measured, unless another contact "
          "or an off-plate centre of pressure", "[dynamics][foot_loads]") {
  // Right [100, 205) -> frames 10-20; left [208, 300) -> frames 21-29 on the same plate.
  io::ForcePlate plate = plate_a(400, kForceA, kCopA, kFreeA);
  // Below 100 samples the force is too small for a centre of pressure (NaN), but the force
  // and moment channels are measured; at sample 300 the centre of pressure lies 5 m away.
  plate.cop_m.topRows(100).setConstant(std::numeric_limits<double>::quiet_NaN());
  plate.cop_m.row(300) << 5.0, 5.0, 0.0;
  const std::vector<io::ForcePlate> plates{plate};
  events::ForcePlateEvents contacts;
  contacts.contacts = {contact(0, Side::Right, 100, 205), contact(0, Side::Left, 208, 300)};
  const FootLoads l = foot_loads(plates, 1000.0, 100.0, 40, contacts, {});
  // Frame 9 (sample 90): no centre of pressure, the plate's measured channels are used.
  const Eigen::Vector3d F9 = plate.force_n.row(90).transpose();
  check_plate(l, Side::Right, 9, F9, plate.moment_nm.row(90).transpose() + kOriginA.cross(F9));
  // Frame 21 (sample 210) is in the left contact, frame 20 (sample 200) in the right one: the
  // other foot's edge frames there stay unknown.
  check_nan(l, Side::Right, 21, LoadSource::Unknown);
  check_nan(l, Side::Left, 20, LoadSource::Unknown);
  // Frame 30 (sample 300): centre of pressure off the plate, the edge frame stays unknown and
  // no frame of the contact itself is listed as off the plate.
  check_nan(l, Side::Left, 30, LoadSource::Unknown);
  CHECK(l.notes.empty());
  check_plate(l, Side::Left, 29, kForceA(290), about_origin(kForceA, kCopA, kFreeA, 290));
}

TEST_CASE("foot_loads: an edge frame between two feet on one plate goes to neither",
          "[dynamics][foot_loads]") {
  // Right [100, 205) -> frames 10-20, left [215, 300) -> frames 22-29: frame 21 is the right
  // contact's trailing edge and the left one's leading edge. Its load could be either foot's,
  // so neither gets it (no double count); the outer edges 9 and 30 are measured.
  const std::vector<io::ForcePlate> plates{plate_a(400, kForceA, kCopA, kFreeA)};
  events::ForcePlateEvents contacts;
  contacts.contacts = {contact(0, Side::Right, 100, 205), contact(0, Side::Left, 215, 300)};
  const FootLoads l = foot_loads(plates, 1000.0, 100.0, 40, contacts, {});
  check_nan(l, Side::Right, 21, LoadSource::Unknown);
  check_nan(l, Side::Left, 21, LoadSource::Unknown);
  check_plate(l, Side::Right, 9, kForceA(90), about_origin(kForceA, kCopA, kFreeA, 90));
  check_plate(l, Side::Left, 30, kForceA(300), about_origin(kForceA, kCopA, kFreeA, 300));
  check_plate(l, Side::Right, 20, kForceA(200), about_origin(kForceA, kCopA, kFreeA, 200));
  check_plate(l, Side::Left, 22, kForceA(220), about_origin(kForceA, kCopA, kFreeA, 220));
}

TEST_CASE("foot_loads: rejected contacts are NaN with a note, except for a foot in swing",
          "[dynamics][foot_loads]") {
  using events::EventKind;
  const Eigen::Index n_frames = 50, n_samples = 500;
  const std::vector<io::ForcePlate> plates{plate_a(n_samples, kForceA, kCopA, kFreeA),
                                           plate_b(n_samples, kForceB, kCopB, kFreeB)};
  events::ForcePlateEvents contacts;
  // Both feet on plate 0, samples [200, 300) -> frames 20-29: NaN for both feet, whatever
  // side the contact was first given.
  contacts.rejected.push_back(
      {contact(0, Side::Left, 200, 300), events::ContactRejection::BothFeet, "both feet near"});
  // Plate 1, right foot, foot off not seen: [400, 450) -> frames 40-44, right foot only.
  contacts.rejected.push_back({contact(1, Side::Right, 400, 450),
                               events::ContactRejection::OffNotObserved, "off not seen"});
  // No foot near the centre of pressure, side unknown: [50, 100) -> frames 5-9, both feet.
  contacts.rejected.push_back({contact(0, Side::Left, 50, 100, false),
                               events::ContactRejection::NoFootNearCop, "no foot near"});
  // The left foot is in swing over [25, 35): it cannot be on plate 0 then.
  const std::vector<events::GaitEvent> gait{event(Side::Left, EventKind::FootOff, 25),
                                            event(Side::Left, EventKind::FootStrike, 35)};
  const FootLoads l = foot_loads(plates, 1000.0, 100.0, n_frames, contacts, gait);
  for (Eigen::Index f = 0; f < n_frames; ++f) {
    const bool both = (f >= 20 && f <= 29) || (f >= 5 && f <= 9);
    const bool right_only = f >= 40 && f <= 44;
    const bool left_swing = f >= 25 && f < 35;
    check_nan(l, Side::Right, f, both || right_only ? LoadSource::Rejected : LoadSource::Unknown);
    if (left_swing) {
      check_swing(l, Side::Left, f);
    } else {
      check_nan(l, Side::Left, f, both ? LoadSource::Rejected : LoadSource::Unknown);
    }
  }
  REQUIRE(l.notes.size() == 3);
  CHECK(any_note(l, {"plate 0", "frames 20-29", "both feet near", "both feet"}));
  CHECK(any_note(l, {"plate 1", "frames 40-44", "off not seen", "right foot"}));
  CHECK(any_note(l, {"plate 0", "frames 5-9", "no foot near", "both feet"}));
}

TEST_CASE("foot_loads: a centre of pressure off the plate by more than the margin is NaN",
          "[dynamics][foot_loads]") {
  // Plate A spans lab X in [0.05, 0.45]. Samples [250, 300): centre of pressure at X = 0.50,
  // 5 cm outside; [300, 350): X = 0.46, 1 cm outside (within the default 2 cm margin).
  // Elsewhere inside.
  const Vec cop = [](Eigen::Index s) {
    const double x = s >= 250 && s < 300 ? 0.50 : s >= 300 && s < 350 ? 0.46 : 0.3;
    return Eigen::Vector3d(x, 0.3, 0.0);
  };
  const std::vector<io::ForcePlate> plates{plate_a(500, kForceA, cop, kFreeA)};
  events::ForcePlateEvents contacts;
  contacts.contacts = {contact(0, Side::Right, 200, 450)};  // frames 20-44
  const auto expect_plate = [&](const FootLoads& l, Eigen::Index f) {
    // The moment about the origin with the centre of pressure where it is (off or not).
    const Eigen::Index s = 10 * f;
    check_plate(l, Side::Right, f, kForceA(s), cop(s).cross(kForceA(s)) + kFreeA(s));
  };
  SECTION("default margin 0.02 m") {
    const FootLoads l = foot_loads(plates, 1000.0, 100.0, 50, contacts, {});
    for (Eigen::Index f = 20; f < 45; ++f) {
      if (f >= 25 && f < 30) {
        check_nan(l, Side::Right, f, LoadSource::Rejected);
      } else {
        expect_plate(l, f);
      }
    }
    REQUIRE(l.notes.size() == 1);
    CHECK_THAT(l.notes[0], ContainsSubstring("plate 0") && ContainsSubstring("right foot") &&
                               ContainsSubstring("centre of pressure off the plate") &&
                               ContainsSubstring("0.02 m") && ContainsSubstring("5 frame(s)") &&
                               ContainsSubstring("from frame 25"));
  }
  SECTION("zero margin") {
    FootLoadOptions o;
    o.cop_margin_m = 0.0;
    const FootLoads l = foot_loads(plates, 1000.0, 100.0, 50, contacts, {}, o);
    for (Eigen::Index f = 20; f < 45; ++f) {
      if (f >= 25 && f < 35) {
        check_nan(l, Side::Right, f, LoadSource::Rejected);
      } else {
        expect_plate(l, f);
      }
    }
    REQUIRE(l.notes.size() == 1);
    CHECK_THAT(l.notes[0], ContainsSubstring("10 frame(s)") && ContainsSubstring("from frame 25"));
  }
  SECTION("a wide margin accepts both") {
    FootLoadOptions o;
    o.cop_margin_m = 0.06;
    const FootLoads l = foot_loads(plates, 1000.0, 100.0, 50, contacts, {}, o);
    for (Eigen::Index f = 20; f < 45; ++f) expect_plate(l, f);
    CHECK(l.notes.empty());
  }
}

// A frame whose centre of pressure is missing (NaN, the plate's force below its
// centre-of-pressure threshold) cannot be shown to lie on the plate, so by the documented rule
// ("the centre of pressure must lie on the plate ..., else the frame is NaN") it is Rejected.
// (Regression: events::detail::hull_distance once returned 0, "inside", for a NaN point.)
TEST_CASE("foot_loads: a frame without a centre of pressure is not accepted",
          "[dynamics][foot_loads]") {
  const Vec cop = [](Eigen::Index s) {
    return s == 420 ? Eigen::Vector3d(kNan, kNan, kNan) : Eigen::Vector3d(0.3, 0.3, 0.0);
  };
  const std::vector<io::ForcePlate> plates{plate_a(500, kForceA, cop, kFreeA)};
  events::ForcePlateEvents contacts;
  contacts.contacts = {contact(0, Side::Right, 400, 450)};  // frames 40-44
  const FootLoads l = foot_loads(plates, 1000.0, 100.0, 50, contacts, {});
  CHECK(l.source[1][42] == LoadSource::Rejected);
  CHECK(l.load[1].force_n.row(42).array().isNaN().all());
  CHECK(l.notes.size() == 1);
}

TEST_CASE("foot_loads: two plates under one foot add up", "[dynamics][foot_loads]") {
  // Source: the wrench of the foot is the sum of the two plates' wrenches about one point:
  // F = F_A + F_B, M_0 = c_A x F_A + T_A + c_B x F_B + T_B.
  const std::vector<io::ForcePlate> plates{plate_a(500, kForceA, kCopA, kFreeA),
                                           plate_b(500, kForceB, kCopB, kFreeB)};
  events::ForcePlateEvents contacts;
  // Right on A over frames 10-29, on B over 20-39: both at once over 20-29.
  contacts.contacts = {contact(0, Side::Right, 100, 300), contact(1, Side::Right, 200, 400),
                       contact(1, Side::Left, 420, 480)};
  const FootLoads l = foot_loads(plates, 1000.0, 100.0, 50, contacts, {});
  // Each plate's edge frame (A's frame 30, B's frame 19) is the foot's measured load on that
  // plate too, added to the other plate's (the header's edge rule).
  for (Eigen::Index f = 10; f < 40; ++f) {
    const Eigen::Index s = 10 * f;
    Eigen::Vector3d F = Eigen::Vector3d::Zero(), M = Eigen::Vector3d::Zero();
    if (f <= 30) {
      F += kForceA(s);
      M += about_origin(kForceA, kCopA, kFreeA, s);
    }
    if (f >= 19) {
      F += kForceB(s);
      M += about_origin(kForceB, kCopB, kFreeB, s);
    }
    check_plate(l, Side::Right, f, F, M);
  }
  for (Eigen::Index f = 42; f < 48; ++f) {
    check_plate(l, Side::Left, f, kForceB(10 * f), about_origin(kForceB, kCopB, kFreeB, 10 * f));
  }
  // Summed by hand from the plates' stored channels (M_O + O x F per plate).
  const Eigen::Index f = 25, s = 250;
  const Eigen::Vector3d FA = plates[0].force_n.row(s).transpose();
  const Eigen::Vector3d FB = plates[1].force_n.row(s).transpose();
  const Eigen::Vector3d M = plates[0].moment_nm.row(s).transpose() + kOriginA.cross(FA) +
                            plates[1].moment_nm.row(s).transpose() + kOriginB.cross(FB);
  CHECK_THAT(l.load[1].force_n.row(f), IsNear((FA + FB).transpose(), 1e-12));
  CHECK_THAT(l.load[1].moment_nm.row(f), IsNear(M.transpose(), 1e-9));
  CHECK(l.notes.empty());
}

TEST_CASE("foot_loads: the cut-off filters the plate channels before sampling",
          "[dynamics][foot_loads]") {
  // A 600 N step in the vertical force and a 50 N step forward at sample 250. Source: the six
  // plate channels (force, moment about the transducer) filtered by hand with
  // signal::zero_lag_butterworth at the same settings, then sampled and moved to the origin.
  const Eigen::Index n = 500;
  const Vec F = [](Eigen::Index s) {
    return s < 250 ? Eigen::Vector3d(0.0, 0.0, 100.0) : Eigen::Vector3d(50.0, 0.0, 700.0);
  };
  const Vec c = [](Eigen::Index) { return Eigen::Vector3d(0.25, 0.35, 0.0); };
  const Vec T = [](Eigen::Index) { return Eigen::Vector3d(0.0, 0.0, 0.3); };
  const std::vector<io::ForcePlate> plates{plate_a(n, F, c, T)};
  events::ForcePlateEvents contacts;
  contacts.contacts = {contact(0, Side::Left, 100, 400)};  // frames 10-39
  for (int order : {2, 4}) {
    INFO("order " << order);
    FootLoadOptions o;
    o.cutoff_hz = 20.0;
    o.filter.order = order;
    const FootLoads l = foot_loads(plates, 1000.0, 100.0, 50, contacts, {}, o);
    Channels w(n, 6);
    w.leftCols(3) = plates[0].force_n;
    w.rightCols(3) = plates[0].moment_nm;
    signal::ZeroLagOptions zo;
    zo.order = order;
    const Channels filtered = signal::zero_lag_butterworth(w, 1000.0, 20.0, zo).values;
    for (Eigen::Index f = 10; f < 40; ++f) {
      const Eigen::Vector3d Ff = filtered.row(10 * f).head(3).transpose();
      const Eigen::Vector3d Mf = filtered.row(10 * f).tail(3).transpose() + kOriginA.cross(Ff);
      check_plate(l, Side::Left, f, Ff, Mf, 1e-9);
    }
    // The step is smoothed: rising through frames 23-27, strictly between the two levels
    // around the step, and back on the levels far from it.
    const auto fz = [&](Eigen::Index f) { return l.load[0].force_n(f, 2); };
    for (Eigen::Index f = 23; f < 27; ++f) CHECK(fz(f) < fz(f + 1));
    for (Eigen::Index f = 24; f <= 26; ++f) {
      CHECK(fz(f) > 100.0 + 20.0);
      CHECK(fz(f) < 700.0 - 20.0);
    }
    CHECK_THAT(fz(12), WithinAbs(100.0, 1.0));
    CHECK_THAT(fz(38), WithinAbs(700.0, 1.0));
  }
  SECTION("NaN cut-off: the raw step") {
    const FootLoads l = foot_loads(plates, 1000.0, 100.0, 50, contacts, {});
    CHECK(l.load[0].force_n(24, 2) == 100.0);
    CHECK(l.load[0].force_n(25, 2) == 700.0);
  }
}

TEST_CASE("foot_loads: a non-integer rate ratio interpolates linearly (1000 Hz / 120 Hz)",
          "[dynamics][foot_loads]") {
  // Frame f is at sample f * 1000 / 120 = 8.33 f. Fx, Fz are linear in time, so interpolation
  // must give their exact value at t = f / 120 s; Fy = 1e-3 s^2 is quadratic, so the result is
  // the chord between the two neighbouring samples.
  const Eigen::Index n_samples = 500, n_frames = 60;
  const Vec F = [](Eigen::Index s) {
    return Eigen::Vector3d(5.0 + 0.1 * sd(s), 1e-3 * sd(s) * sd(s), 400.0 + 0.8 * sd(s));
  };
  const Vec c = [](Eigen::Index) { return Eigen::Vector3d(0.2, 0.4, 0.0); };
  const Vec T = [](Eigen::Index) { return Eigen::Vector3d(0.0, 0.0, 0.7); };
  const std::vector<io::ForcePlate> plates{plate_a(n_samples, F, c, T)};
  events::ForcePlateEvents contacts;
  contacts.contacts = {contact(0, Side::Right, 101, 400)};
  const FootLoads l = foot_loads(plates, 1000.0, 120.0, n_frames, contacts, {});
  Eigen::Index inside = 0;
  for (Eigen::Index f = 0; f < n_frames; ++f) {
    // Exact integer test of "sample f * 1000 / 120 in [101, 400)", plus the edge frames 12 and
    // 48 (the plate's measured load either side of the contact).
    const bool in = (101 * 120 <= f * 1000 && f * 1000 < 400 * 120) || f == 12 || f == 48;
    if (!in) {
      check_nan(l, Side::Right, f, LoadSource::Unknown);
      continue;
    }
    ++inside;
    const double s = sd(f) * 1000.0 / 120.0;
    const double i = std::floor(s), t = s - i;
    const double fy = (1.0 - t) * 1e-3 * i * i + t * 1e-3 * (i + 1.0) * (i + 1.0);
    const Eigen::Vector3d Ff(5.0 + 0.1 * s, fy, 400.0 + 0.8 * s);
    check_plate(l, Side::Right, f, Ff, c(0).cross(Ff) + T(0), 1e-9);
  }
  CHECK(inside == 48 - 12 + 1);  // frames 13 (108.3) to 47 (391.7) and the edges 12, 48
}

TEST_CASE("foot_loads: bad inputs name the argument", "[dynamics][foot_loads]") {
  const std::vector<io::ForcePlate> plates{plate_a(300, kForceA, kCopA, kFreeA),
                                           plate_b(300, kForceB, kCopB, kFreeB)};
  events::ForcePlateEvents contacts;
  contacts.contacts = {contact(1, Side::Right, 100, 200)};
  const auto argument_of = [&](double ra, double rp, Eigen::Index n,
                               const events::ForcePlateEvents& c, const FootLoadOptions& o) {
    return thrown_argument([&] { (void)foot_loads(plates, ra, rp, n, c, {}, o); });
  };
  SECTION("rates") {
    for (double bad : {0.0, -1000.0, kNan, kInf}) {
      INFO("rate " << bad);
      REQUIRE_THROWS_AS(foot_loads(plates, bad, 100.0, 30, contacts, {}), InvalidArgument);
      CHECK(argument_of(bad, 100.0, 30, contacts, {}) == "analog_rate_hz");
      REQUIRE_THROWS_AS(foot_loads(plates, 1000.0, bad, 30, contacts, {}), InvalidArgument);
      CHECK(argument_of(1000.0, bad, 30, contacts, {}) == "point_rate_hz");
    }
  }
  SECTION("frame count") {
    REQUIRE_THROWS_AS(foot_loads(plates, 1000.0, 100.0, -1, contacts, {}), InvalidArgument);
    CHECK(argument_of(1000.0, 100.0, -1, contacts, {}) == "n_frames");
  }
  SECTION("plate index out of range") {
    for (int bad : {2, -1}) {
      events::ForcePlateEvents c;
      c.contacts = {contact(bad, Side::Left, 100, 200)};
      REQUIRE_THROWS_AS(foot_loads(plates, 1000.0, 100.0, 30, c, {}), InvalidArgument);
      CHECK(argument_of(1000.0, 100.0, 30, c, {}) == "contacts");
      CHECK_THAT(thrown_message([&] { (void)foot_loads(plates, 1000.0, 100.0, 30, c, {}); }),
                 ContainsSubstring("plate indices below 2") &&
                     ContainsSubstring(std::to_string(bad)));
    }
  }
  SECTION("centre-of-pressure margin") {
    for (double bad : {-0.01, kNan, kInf}) {
      INFO("margin " << bad);
      FootLoadOptions o;
      o.cop_margin_m = bad;
      REQUIRE_THROWS_AS(foot_loads(plates, 1000.0, 100.0, 30, contacts, {}, o), InvalidArgument);
      CHECK(argument_of(1000.0, 100.0, 30, contacts, o) == "options.cop_margin_m");
    }
  }
  SECTION("cut-off") {
    for (double bad : {0.0, -6.0}) {
      INFO("cut-off " << bad);
      FootLoadOptions o;
      o.cutoff_hz = bad;
      REQUIRE_THROWS_AS(foot_loads(plates, 1000.0, 100.0, 30, contacts, {}, o), InvalidArgument);
      CHECK(argument_of(1000.0, 100.0, 30, contacts, o) == "options.cutoff_hz");
    }
    // Above the analog Nyquist frequency: refused by the filter design.
    FootLoadOptions o;
    o.cutoff_hz = 600.0;
    REQUIRE_THROWS_AS(foot_loads(plates, 1000.0, 100.0, 30, contacts, {}, o), InvalidArgument);
    CHECK_THAT(argument_of(1000.0, 100.0, 30, contacts, o), ContainsSubstring("cutoff_hz"));
  }
}

// Events from plates alone: the left foot's off at frame 5 and its next strike at frame 40 span
// the right foot's strike (15) and off (30), so the left foot stood somewhere in between (a
// stance without events). Taking [5, 40) as swing would put an exact zero under a standing
// foot; the window is refused, stays NaN (Unknown), and a note says why. A proper swing (no
// event of the other foot inside) is still zero.
TEST_CASE("foot_loads: a swing window spanning the other foot's events is not a swing",
          "[dynamics][foot_loads]") {
  using events::EventKind;
  const std::vector<events::GaitEvent> gait{
      event(Side::Left, EventKind::FootOff, 5), event(Side::Right, EventKind::FootStrike, 15),
      event(Side::Right, EventKind::FootOff, 30), event(Side::Right, EventKind::FootStrike, 35),
      event(Side::Left, EventKind::FootStrike, 40)};
  const FootLoads l = foot_loads({}, 1000.0, 100.0, 50, events::ForcePlateEvents{}, gait);
  for (Eigen::Index f = 5; f < 40; ++f) {
    INFO("left frame " << f);
    CHECK(l.source[0][f] == LoadSource::Unknown);
    CHECK(l.load[0].force_n.row(f).array().isNaN().all());
  }
  REQUIRE(l.notes.size() == 1);
  CHECK_THAT(l.notes[0], ContainsSubstring("left foot") && ContainsSubstring("frames 5-39") &&
                             ContainsSubstring("not taken as swing"));
  // The right foot's swing [30, 35) holds no left event: zero.
  for (Eigen::Index f = 30; f < 35; ++f) {
    CHECK(l.source[1][f] == LoadSource::Swing);
    CHECK(l.load[1].force_n.row(f).isZero());
  }
}

// Vicon's rule, checked on its own outputs in tests/python/test_dynamics.py: the mean of the
// samples within half a frame of the frame's instant. Known answers on synthetic signals.
TEST_CASE("foot_loads resampling: the frame mean of the samples within half a frame", "[dynamics]") {
  using hipmech::dynamics::ForceResampling;
  Channels w(40, 6);
  for (Eigen::Index k = 0; k < w.rows(); ++k) w.row(k).setConstant(static_cast<double>(k));
  // A ramp: the centred mean is the value at the frame (10:1 -> samples 10f-5 .. 10f+5).
  CHECK(hipmech::dynamics::detail::at_frame(w, 2, 10.0, ForceResampling::FrameMean)(0) == 20.0);
  // At the first frame the window is cut at sample 0: samples 0..5, mean 2.5.
  CHECK(hipmech::dynamics::detail::at_frame(w, 0, 10.0, ForceResampling::FrameMean)(0) == 2.5);
  // 9:1 (the stair trial): samples 9f-4 .. 9f+4.
  CHECK(hipmech::dynamics::detail::at_frame(w, 2, 9.0, ForceResampling::FrameMean)(0) == 18.0);
  // A step at sample 13: frame 1 at 10:1 sees 11 samples 5..15, three of them (13, 14, 15) up.
  Channels step = Channels::Zero(40, 6);
  step.bottomRows(27).setOnes();
  CHECK_THAT(hipmech::dynamics::detail::at_frame(step, 1, 10.0, ForceResampling::FrameMean)(2),
             WithinAbs(3.0 / 11.0, 1e-15));
  CHECK(hipmech::dynamics::detail::at_frame(step, 1, 10.0, ForceResampling::Sample)(2) == 0.0);
  CHECK(hipmech::dynamics::parse_force_resampling("Frame_Mean") == ForceResampling::FrameMean);
  CHECK(hipmech::dynamics::parse_force_resampling("vicon") == ForceResampling::FrameMean);
  REQUIRE_THROWS_AS(hipmech::dynamics::parse_force_resampling("average"),
                    hipmech::InvalidArgument);
}

TEST_CASE("foot_loads resampling: analog slower than the points falls back to the sample", "[dynamics]") {
  using hipmech::dynamics::ForceResampling;
  Channels w(10, 6);
  for (Eigen::Index k = 0; k < w.rows(); ++k) w.row(k).setConstant(static_cast<double>(k));
  // Ratio 0.5: frame 3 is at sample 1.5, between two samples and within half a frame (0.25) of
  // none: the interpolated 1.5, never the record's last sample.
  CHECK(hipmech::dynamics::detail::at_frame(w, 3, 0.5, ForceResampling::FrameMean)(0) == 1.5);
  CHECK(hipmech::dynamics::detail::at_frame(w, 4, 0.5, ForceResampling::FrameMean)(0) == 2.0);
}
