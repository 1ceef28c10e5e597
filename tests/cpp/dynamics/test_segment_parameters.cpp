// Body segment parameter tables (include/hipmech/dynamics/segment_parameters.hpp).
//
// Expected values are the papers' printed numbers (cited next to each test) and hand
// arithmetic on them, never the code's own output:
// - de Leva P (1996) J Biomech 29:1223-1230, Table 4 (percent);
// - Winter DA (2009) Biomechanics and Motor Control of Human Movement, 4th ed., Table 4.1
//   (Dempster 1955), including its radii about the proximal and distal ends, which the
//   parallel-axis theorem must reproduce from the centre of mass and the radius about it;
// - Dumas R, Cheze L, Verriest J-P (2007) J Biomech 40:543-553, Table 2 (percent, "i" = a
//   negative squared value), head and neck from the corrigendum;
// - Vicon Plug-in Gait: Dempster's thigh/shank/foot, CoM 0.567 of the length from the distal
//   joint.
// Properties: the 1-D tables' centre of mass moves with a rigid motion of both endpoints; the
// left Dumas segment mirrors the right one in Z; every tensor is symmetric, positive definite
// where the paper gives three radii, semi-definite (rod) where it gives one.
#include <cmath>
#include <functional>
#include <limits>
#include <random>
#include <set>
#include <string>
#include <string_view>

#include <Eigen/Core>
#include <Eigen/Eigenvalues>
#include <Eigen/Geometry>
#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_floating_point.hpp>
#include <catch2/matchers/catch_matchers_string.hpp>

#include "geometry/geometry_fixtures.hpp"
#include "helpers/eigen_matchers.hpp"
#include "helpers/thrown.hpp"
#include "hipmech/dynamics/segment_parameters.hpp"

using hipmech::test::thrown_argument;
using hipmech::test::thrown_message;

using Catch::Matchers::ContainsSubstring;
using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;
using hipmech::InvalidArgument;
using hipmech::Side;
using hipmech::dynamics::bsp_table;
using hipmech::dynamics::BspTable;
using hipmech::dynamics::BspTableInfo;
using hipmech::dynamics::ComConvention;
using hipmech::dynamics::find_segment;
using hipmech::dynamics::parse_bsp_table;
using hipmech::dynamics::segment_inertia;
using hipmech::dynamics::SegmentInertia;
using hipmech::dynamics::SegmentParameters;
using hipmech::testing::IsNear;
using hipmech::testing::random_rotation;

namespace {

const double nan_value = std::numeric_limits<double>::quiet_NaN();
const double inf_value = std::numeric_limits<double>::infinity();

constexpr BspTable kTables[] = {BspTable::DeLevaMale,     BspTable::DeLevaFemale,
                                BspTable::DempsterWinter, BspTable::DumasMale,
                                BspTable::DumasFemale,    BspTable::PlugInGait};

/// Sum of mass_fraction * count over the rows that are not parts of another row.
double mass_sum(BspTable t) {
  double sum = 0.0;
  for (const SegmentParameters& row : bsp_table(t)) {
    if (row.part_of.empty()) sum += row.mass_fraction * row.count;
  }
  return sum;
}

/// A segment of length `length_m` hanging from the origin along -Y (a long bone in its own
/// ISB frame, proximal endpoint at the origin).
SegmentInertia hanging(const SegmentParameters& row, double body_mass_kg, double length_m,
                       Side side = Side::Right) {
  return segment_inertia(row, body_mass_kg, Eigen::Vector3d::Zero(),
                         Eigen::Vector3d(0.0, -length_m, 0.0), side);
}

/// The radius of gyration (fraction of L) about the axis X through `point` of a long bone
/// hanging along -Y: parallel-axis theorem on the tensor about the centre of mass.
double radius_about_x_through(const SegmentInertia& s, const Eigen::Vector3d& point,
                              double length_m) {
  const Eigen::Vector3d r = s.com_m - point;
  const double ixx = s.inertia_kgm2(0, 0) + s.mass_kg * (r.y() * r.y() + r.z() * r.z());
  return std::sqrt(ixx / s.mass_kg) / length_m;
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Table names
// ---------------------------------------------------------------------------------------------

TEST_CASE("parse_bsp_table reads every table name, in any case", "[bsp]") {
  CHECK(parse_bsp_table("de_leva_male") == BspTable::DeLevaMale);
  CHECK(parse_bsp_table("de_leva_female") == BspTable::DeLevaFemale);
  CHECK(parse_bsp_table("dempster_winter") == BspTable::DempsterWinter);
  CHECK(parse_bsp_table("dumas_male") == BspTable::DumasMale);
  CHECK(parse_bsp_table("dumas_female") == BspTable::DumasFemale);
  CHECK(parse_bsp_table("plug_in_gait") == BspTable::PlugInGait);
  CHECK(parse_bsp_table("  De_Leva_FEMALE ") == BspTable::DeLevaFemale);
  CHECK(parse_bsp_table("PLUG_IN_GAIT") == BspTable::PlugInGait);
  for (BspTable t : kTables) {
    const BspTableInfo& info = bsp_table(t);
    CHECK(info.table == t);
    CHECK(info.name == hipmech::dynamics::to_string(t));
    CHECK(parse_bsp_table(info.name) == t);
    CHECK_FALSE(info.citation.empty());
  }
}

TEST_CASE("parse_bsp_table rejects unknown text, naming the argument", "[bsp]") {
  SECTION("unknown name") {
    REQUIRE_THROWS_AS(parse_bsp_table("zatsiorsky"), InvalidArgument);
    CHECK(thrown_argument([] { parse_bsp_table("zatsiorsky"); }) == "table");
    CHECK_THAT(thrown_message([] { parse_bsp_table("zatsiorsky"); }),
               ContainsSubstring("'dumas_female'") && ContainsSubstring("'zatsiorsky'"));
  }
  SECTION("empty text") {
    REQUIRE_THROWS_AS(parse_bsp_table(""), InvalidArgument);
  }
  SECTION("near miss") {
    REQUIRE_THROWS_AS(parse_bsp_table("de leva male x"), InvalidArgument);
  }
  SECTION("caller's argument name") {
    CHECK(thrown_argument([] { parse_bsp_table("x", "bsp"); }) == "bsp");
  }
}

TEST_CASE("every table: well-formed rows, thigh, shank and foot present", "[bsp]") {
  for (BspTable t : kTables) {
    const BspTableInfo& info = bsp_table(t);
    INFO("table " << info.name);
    REQUIRE(info.size() > 0);
    std::set<std::string_view> names;
    for (const SegmentParameters& row : info) {
      INFO("row " << row.name);
      CHECK(names.insert(row.name).second);  // unique names
      CHECK((row.count == 1 || row.count == 2));
      CHECK(row.mass_fraction > 0.0);
      CHECK(row.mass_fraction < 0.5);
      CHECK_FALSE(row.proximal_endpoint.empty());
      CHECK_FALSE(row.distal_endpoint.empty());
      CHECK(row.com_fraction.allFinite());
      CHECK(row.product_fraction.allFinite());
      const bool dumas = t == BspTable::DumasMale || t == BspTable::DumasFemale;
      CHECK((row.com_convention == ComConvention::SegmentFrame) == dumas);
      if (!dumas) CHECK(row.product_fraction.isZero(0.0));
      // A 1-D row has its centre of mass on one axis.
      if (!dumas) CHECK((row.com_fraction.array() != 0.0).count() == 1);
    }
    for (std::string_view canonical : {"thigh", "shank", "foot"}) {
      INFO("segment " << canonical);
      CHECK(names.count(canonical) == 1);
      CHECK(find_segment(t, canonical).count == 2);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Mass sums and spot values, table by table
// ---------------------------------------------------------------------------------------------

// de Leva (1996) Table 4: head + trunk + 2 x (upper arm, forearm, hand, thigh, shank, foot)
// = 100.00 % (males) and 99.99 % (females) as printed (two decimals each).
TEST_CASE("de Leva (1996) Table 4: mass fractions sum to 1 within the printed rounding", "[bsp]") {
  CHECK_THAT(mass_sum(BspTable::DeLevaMale), WithinAbs(1.0000, 1e-12));
  CHECK_THAT(mass_sum(BspTable::DeLevaFemale), WithinAbs(0.9999, 1e-12));
  CHECK_THAT(mass_sum(BspTable::DeLevaFemale), WithinAbs(1.0, 5e-4));
  CHECK(bsp_table(BspTable::DeLevaMale).whole_body);
  // Upper + middle + lower trunk = trunk: 15.96 + 16.33 + 11.17 = 43.46 (males),
  // 15.45 + 14.65 + 12.47 = 42.57 (females).
  for (BspTable t : {BspTable::DeLevaMale, BspTable::DeLevaFemale}) {
    double parts = 0.0;
    for (const SegmentParameters& row : bsp_table(t)) {
      if (row.part_of == "trunk") parts += row.mass_fraction;
    }
    CHECK_THAT(parts, WithinAbs(find_segment(t, "trunk").mass_fraction, 1e-12));
  }
}

// de Leva (1996) Table 4, thigh (HJC-KJC), shank (KJC-LMAL), foot (HEEL-TTIP).
TEST_CASE("de Leva (1996) Table 4: thigh, shank and foot as printed", "[bsp]") {
  const SegmentParameters& thigh_m = find_segment(BspTable::DeLevaMale, "thigh");
  CHECK_THAT(thigh_m.mass_fraction, WithinAbs(0.1416, 1e-12));
  CHECK_THAT(thigh_m.com_fraction, IsNear(Eigen::Vector3d(0.0, -0.4095, 0.0), 1e-12));
  CHECK_THAT(thigh_m.gyration_fraction, IsNear(Eigen::Vector3d(0.329, 0.149, 0.329), 1e-12));
  CHECK(thigh_m.proximal_endpoint == "hip joint centre");
  CHECK(thigh_m.distal_endpoint == "knee joint centre");

  const SegmentParameters& shank_f = find_segment(BspTable::DeLevaFemale, "shank");
  CHECK_THAT(shank_f.mass_fraction, WithinAbs(0.0481, 1e-12));
  CHECK_THAT(shank_f.com_fraction, IsNear(Eigen::Vector3d(0.0, -0.4416, 0.0), 1e-12));
  // sagittal 27.1 -> X, longitudinal 9.3 -> Y, transverse 26.7 -> Z
  CHECK_THAT(shank_f.gyration_fraction, IsNear(Eigen::Vector3d(0.271, 0.093, 0.267), 1e-12));
  CHECK_THAT(std::string(shank_f.distal_endpoint), ContainsSubstring("lateral malleolus"));

  const SegmentParameters& shank_m = find_segment(BspTable::DeLevaMale, "shank");
  CHECK_THAT(shank_m.mass_fraction, WithinAbs(0.0433, 1e-12));
  CHECK_THAT(shank_m.com_fraction.norm(), WithinAbs(0.4459, 1e-12));

  // The foot's long axis is X: longitudinal 12.4 -> X, sagittal 25.7 -> Y, transverse 24.5 -> Z.
  const SegmentParameters& foot_m = find_segment(BspTable::DeLevaMale, "foot");
  CHECK_THAT(foot_m.mass_fraction, WithinAbs(0.0137, 1e-12));
  CHECK_THAT(foot_m.com_fraction, IsNear(Eigen::Vector3d(0.4415, 0.0, 0.0), 1e-12));
  CHECK_THAT(foot_m.gyration_fraction, IsNear(Eigen::Vector3d(0.124, 0.257, 0.245), 1e-12));
  const SegmentParameters& foot_f = find_segment(BspTable::DeLevaFemale, "foot");
  CHECK_THAT(foot_f.mass_fraction, WithinAbs(0.0129, 1e-12));
  CHECK_THAT(foot_f.com_fraction, IsNear(Eigen::Vector3d(0.4014, 0.0, 0.0), 1e-12));
}

// Winter (2009) Table 4.1: 2 x (0.006 + 0.016 + 0.028 + 0.0145 + 0.0465 + 0.100)
// + 0.081 + 0.216 + 0.139 + 0.142 = 1.000.
TEST_CASE("Winter (2009) Table 4.1: the individual segments sum to 1", "[bsp]") {
  CHECK_THAT(mass_sum(BspTable::DempsterWinter), WithinAbs(1.0, 1e-12));
}

// Winter (2009) Table 4.1: thigh 0.100 / 0.433 / 0.323, leg 0.0465 / 0.433 / 0.302,
// foot 0.0145 / 0.50 / 0.475 (mass, CoM from proximal, radius about the CoM).
TEST_CASE("Winter (2009) Table 4.1: thigh, leg and foot as printed", "[bsp]") {
  const SegmentParameters& thigh = find_segment(BspTable::DempsterWinter, "thigh");
  CHECK_THAT(thigh.mass_fraction, WithinAbs(0.100, 1e-12));
  CHECK_THAT(thigh.com_fraction, IsNear(Eigen::Vector3d(0.0, -0.433, 0.0), 1e-12));
  CHECK_THAT(thigh.gyration_fraction, IsNear(Eigen::Vector3d(0.323, 0.0, 0.323), 1e-12));
  CHECK(thigh.proximal_endpoint == "greater trochanter");
  const SegmentParameters& shank = find_segment(BspTable::DempsterWinter, "shank");
  CHECK_THAT(shank.mass_fraction, WithinAbs(0.0465, 1e-12));
  CHECK_THAT(shank.com_fraction, IsNear(Eigen::Vector3d(0.0, -0.433, 0.0), 1e-12));
  CHECK_THAT(shank.gyration_fraction, IsNear(Eigen::Vector3d(0.302, 0.0, 0.302), 1e-12));
  const SegmentParameters& foot = find_segment(BspTable::DempsterWinter, "foot");
  CHECK_THAT(foot.mass_fraction, WithinAbs(0.0145, 1e-12));
  CHECK_THAT(foot.com_fraction, IsNear(Eigen::Vector3d(0.5, 0.0, 0.0), 1e-12));
  CHECK_THAT(foot.gyration_fraction, IsNear(Eigen::Vector3d(0.0, 0.475, 0.475), 1e-12));
}

// Winter (2009) Table 4.1 also prints the radii about the proximal and distal ends. The
// parallel-axis theorem applied to the tensor about the CoM must give them back: proximal
// within the table's 3-decimal rounding; distal within 0.005 (the table's own upper arm gives
// 0.645 where its CoM and radius imply 0.649).
TEST_CASE("Winter (2009) Table 4.1: parallel axes reproduce the proximal and distal radii",
          "[bsp]") {
  struct Published {
    const char* name;
    double proximal;
    double distal;
  };
  const Published published[] = {{"hand", 0.587, 0.577},      {"forearm", 0.526, 0.647},
                                 {"upper_arm", 0.542, 0.645}, {"foot", 0.690, 0.690},
                                 {"shank", 0.528, 0.643},     {"thigh", 0.540, 0.653},
                                 {"head_neck", 1.116, 0.495}};
  const double length_m = 0.4;
  for (const Published& p : published) {
    INFO("segment " << p.name);
    const SegmentParameters& row = find_segment(BspTable::DempsterWinter, p.name);
    // Lay every segment along -Y so that X is an axis across it (the foot too: a 1-D row's
    // centre of mass does not depend on the frame, and its transverse radii are equal).
    const Eigen::Vector3d proximal = Eigen::Vector3d::Zero();
    const Eigen::Vector3d distal(0.0, -length_m, 0.0);
    SegmentInertia s = segment_inertia(row, 70.0, proximal, distal);
    s.inertia_kgm2(0, 0) = s.mass_kg * std::pow(row.gyration_fraction.maxCoeff() * length_m, 2);
    CHECK_THAT(radius_about_x_through(s, proximal, length_m), WithinAbs(p.proximal, 1e-3));
    CHECK_THAT(radius_about_x_through(s, distal, length_m), WithinAbs(p.distal, 5e-3));
  }
}

// Dumas et al. (2007) Table 2: head & neck + torso + pelvis + 2 x (arm, forearm, hand,
// thigh, leg, foot) = 6.7 + 33.3 + 14.2 + 2 (2.4 + 1.7 + 0.6 + 12.3 + 4.8 + 1.2) = 100.2 %
// (males); 6.7 + 30.4 + 14.6 + 2 (2.2 + 1.3 + 0.5 + 14.6 + 4.5 + 1.0) = 99.9 % (females).
TEST_CASE("Dumas et al. (2007) Table 2: mass fractions sum to 1 within the printed rounding",
          "[bsp]") {
  CHECK_THAT(mass_sum(BspTable::DumasMale), WithinAbs(1.002, 1e-12));
  CHECK_THAT(mass_sum(BspTable::DumasFemale), WithinAbs(0.999, 1e-12));
  CHECK_THAT(mass_sum(BspTable::DumasMale), WithinAbs(1.0, 5e-3));
  CHECK_THAT(mass_sum(BspTable::DumasFemale), WithinAbs(1.0, 5e-3));
}

// Dumas et al. (2007) Table 2: male thigh 12.3 %, CoM (-4.1, -42.9, 3.3), r 29 15 30,
// products 7, 2i, 7i; female leg 4.5 %, (-4.9, -40.4, 3.1), 28 10 28, 2 1 6; male foot 1.2 %,
// (38.2, -15.1, 2.6), 17 37 36, 13 8i 0 (foot length AJC to the MH1-MH5 midpoint).
TEST_CASE("Dumas et al. (2007) Table 2: thigh, leg and foot as printed", "[bsp]") {
  const SegmentParameters& thigh = find_segment(BspTable::DumasMale, "thigh");
  CHECK_THAT(thigh.mass_fraction, WithinAbs(0.123, 1e-12));
  CHECK_THAT(thigh.com_fraction, IsNear(Eigen::Vector3d(-0.041, -0.429, 0.033)));
  CHECK_THAT(thigh.gyration_fraction, IsNear(Eigen::Vector3d(0.29, 0.15, 0.30)));
  CHECK_THAT(thigh.product_fraction, IsNear(Eigen::Vector3d(0.07, -0.02, -0.07)));

  const SegmentParameters& leg = find_segment(BspTable::DumasFemale, "shank");
  CHECK_THAT(leg.mass_fraction, WithinAbs(0.045, 1e-12));
  CHECK_THAT(leg.com_fraction, IsNear(Eigen::Vector3d(-0.049, -0.404, 0.031)));
  CHECK_THAT(leg.gyration_fraction, IsNear(Eigen::Vector3d(0.28, 0.10, 0.28)));
  CHECK_THAT(leg.product_fraction, IsNear(Eigen::Vector3d(0.02, 0.01, 0.06)));
  CHECK(leg.distal_endpoint == "ankle joint centre");

  const SegmentParameters& foot = find_segment(BspTable::DumasMale, "foot");
  CHECK_THAT(foot.mass_fraction, WithinAbs(0.012, 1e-12));
  CHECK_THAT(foot.com_fraction, IsNear(Eigen::Vector3d(0.382, -0.151, 0.026)));
  CHECK_THAT(foot.gyration_fraction, IsNear(Eigen::Vector3d(0.17, 0.37, 0.36)));
  CHECK_THAT(foot.product_fraction, IsNear(Eigen::Vector3d(0.13, -0.08, 0.0)));
  CHECK(foot.proximal_endpoint == "ankle joint centre");
  CHECK_THAT(std::string(foot.distal_endpoint), ContainsSubstring("1st and 5th metatarsal"));

  CHECK_THAT(find_segment(BspTable::DumasFemale, "thigh").mass_fraction, WithinAbs(0.146, 1e-12));
  CHECK_THAT(find_segment(BspTable::DumasFemale, "foot").com_fraction,
             IsNear(Eigen::Vector3d(0.270, -0.218, 0.039)));
}

// Plug-in Gait (Vicon's reference guide, kinetics): Dempster's 0.100 / 0.0465 / 0.0145, CoM
// 0.567 from the distal joint (thigh, shank) and 0.5 (foot), radii 0.540 / 0.528 / 0.690 of the
// length about the CoM, none about the long axis.
TEST_CASE("Plug-in Gait: thigh, shank and foot", "[bsp]") {
  const BspTableInfo& pig = bsp_table(BspTable::PlugInGait);
  CHECK_FALSE(pig.whole_body);
  CHECK(pig.size() == 3);
  const SegmentParameters& thigh = find_segment(BspTable::PlugInGait, "thigh");
  CHECK_THAT(thigh.mass_fraction, WithinAbs(0.100, 1e-12));
  CHECK_THAT(1.0 - thigh.com_fraction.norm(), WithinAbs(0.567, 1e-12));
  CHECK_THAT(thigh.gyration_fraction, IsNear(Eigen::Vector3d(0.540, 0.0, 0.540)));
  const SegmentParameters& shank = find_segment(BspTable::PlugInGait, "shank");
  CHECK_THAT(shank.mass_fraction, WithinAbs(0.0465, 1e-12));
  CHECK_THAT(1.0 - shank.com_fraction.norm(), WithinAbs(0.567, 1e-12));
  CHECK_THAT(shank.gyration_fraction, IsNear(Eigen::Vector3d(0.528, 0.0, 0.528)));
  CHECK(shank.distal_endpoint == "ankle joint centre");
  const SegmentParameters& foot = find_segment(BspTable::PlugInGait, "foot");
  CHECK_THAT(foot.mass_fraction, WithinAbs(0.0145, 1e-12));
  CHECK_THAT(foot.com_fraction, IsNear(Eigen::Vector3d(0.5, 0.0, 0.0)));
  CHECK_THAT(foot.gyration_fraction, IsNear(Eigen::Vector3d(0.0, 0.690, 0.690)));
}

// ---------------------------------------------------------------------------------------------
// Scaling to a subject
// ---------------------------------------------------------------------------------------------

// de Leva male thigh, 80 kg, L = 0.4 m: m = 0.1416 * 80 = 11.328 kg; CoM 0.4095 * 0.4 =
// 0.1638 m below the hip; I_xx = I_zz = 11.328 (0.329 * 0.4)^2 = 0.19618464768,
// I_yy = 11.328 (0.149 * 0.4)^2 = 0.04023886848 kg m^2.
TEST_CASE("segment_inertia: de Leva male thigh by hand", "[bsp]") {
  const SegmentInertia s = hanging(find_segment(BspTable::DeLevaMale, "thigh"), 80.0, 0.4);
  CHECK_THAT(s.mass_kg, WithinAbs(11.328, 1e-12));
  CHECK_THAT(s.com_m, IsNear(Eigen::Vector3d(0.0, -0.1638, 0.0), 1e-15));
  Eigen::Matrix3d expected = Eigen::Matrix3d::Zero();
  expected.diagonal() << 0.19618464768, 0.04023886848, 0.19618464768;
  CHECK_THAT(s.inertia_kgm2, IsNear(expected, 1e-14));
  CHECK_NOTHROW(hipmech::dynamics::check_segment_inertia(s, "thigh"));
}

// de Leva female foot, 80 kg, heel (0,0,0) -> toe tip (0.25,0,0): m = 0.0129 * 80 = 1.032 kg;
// CoM 0.4014 * 0.25 = 0.10035 m; I_xx = 1.032 (0.139 * 0.25)^2 = 0.0012462045,
// I_yy = 1.032 (0.299 * 0.25)^2 = 0.0057663645, I_zz = 1.032 (0.279 * 0.25)^2 = 0.0050207445.
TEST_CASE("segment_inertia: de Leva female foot by hand (long axis X)", "[bsp]") {
  const SegmentInertia s =
      segment_inertia(find_segment(BspTable::DeLevaFemale, "foot"), 80.0, Eigen::Vector3d::Zero(),
                      Eigen::Vector3d(0.25, 0.0, 0.0));
  CHECK_THAT(s.mass_kg, WithinAbs(1.032, 1e-12));
  CHECK_THAT(s.com_m, IsNear(Eigen::Vector3d(0.10035, 0.0, 0.0), 1e-15));
  CHECK_THAT(s.inertia_kgm2.diagonal(),
             IsNear(Eigen::Vector3d(0.0012462045, 0.0057663645, 0.0050207445), 1e-15));
}

// Dumas male thigh (right), 80 kg, hip (0,0,0), knee (0,-0.4,0): m = 0.123 * 80 = 9.84 kg;
// CoM 0.4 (-0.041, -0.429, 0.033) = (-0.0164, -0.1716, 0.0132) m; m L^2 = 1.5744;
// I_xx = 1.5744 * 0.29^2 = 0.13240704, I_yy = 1.5744 * 0.15^2 = 0.035424,
// I_zz = 1.5744 * 0.30^2 = 0.141696, I_xy = 1.5744 * 0.07^2 = 0.00771456,
// I_xz = -1.5744 * 0.02^2 = -0.00062976 (2i), I_yz = -1.5744 * 0.07^2 = -0.00771456 (7i).
TEST_CASE("segment_inertia: Dumas male thigh by hand", "[bsp]") {
  const SegmentInertia s = hanging(find_segment(BspTable::DumasMale, "thigh"), 80.0, 0.4);
  CHECK_THAT(s.mass_kg, WithinAbs(9.84, 1e-12));
  CHECK_THAT(s.com_m, IsNear(Eigen::Vector3d(-0.0164, -0.1716, 0.0132), 1e-15));
  Eigen::Matrix3d expected;
  expected << 0.13240704, 0.00771456, -0.00062976,  //
      0.00771456, 0.035424, -0.00771456,            //
      -0.00062976, -0.00771456, 0.141696;
  CHECK_THAT(s.inertia_kgm2, IsNear(expected, 1e-14));
  CHECK_NOTHROW(hipmech::dynamics::check_segment_inertia(s, "thigh"));
}

// Winter leg, 70 kg, knee (0.1, 0.5, 0.2) -> ankle (0.1, 0.08, 0.2) (L = 0.42 m):
// m = 0.0465 * 70 = 3.255 kg; CoM 0.433 * 0.42 = 0.18186 m below the knee;
// I_xx = I_zz = 3.255 (0.302 * 0.42)^2 = 0.052367695128, I_yy = 0 (thin rod).
TEST_CASE("segment_inertia: Winter leg by hand, by row and by name", "[bsp]") {
  const Eigen::Vector3d knee(0.1, 0.5, 0.2);
  const Eigen::Vector3d ankle(0.1, 0.08, 0.2);
  const SegmentInertia s = segment_inertia(BspTable::DempsterWinter, "shank", 70.0, knee, ankle);
  CHECK_THAT(s.mass_kg, WithinAbs(3.255, 1e-12));
  CHECK_THAT(s.com_m, IsNear(Eigen::Vector3d(0.1, 0.5 - 0.18186, 0.2), 1e-15));
  CHECK_THAT(s.inertia_kgm2.diagonal(),
             IsNear(Eigen::Vector3d(0.052367695128, 0.0, 0.052367695128), 1e-14));
  const SegmentInertia by_row =
      segment_inertia(find_segment(BspTable::DempsterWinter, "shank"), 70.0, knee, ankle);
  CHECK_THAT(by_row.inertia_kgm2, IsNear(s.inertia_kgm2, 0.0));
}

// Plug-in Gait thigh, 75 kg, hip (0, 0.9, 0.1) -> knee (0.02, 0.5, 0.1): CoM at 0.567 of the
// length from the knee, i.e. knee + 0.567 (hip - knee).
TEST_CASE("segment_inertia: Plug-in Gait thigh CoM from the distal joint", "[bsp]") {
  const Eigen::Vector3d hip(0.0, 0.9, 0.1);
  const Eigen::Vector3d knee(0.02, 0.5, 0.1);
  const SegmentInertia s = segment_inertia(BspTable::PlugInGait, "thigh", 75.0, hip, knee);
  CHECK_THAT(s.mass_kg, WithinAbs(7.5, 1e-12));
  CHECK_THAT(s.com_m, IsNear(knee + 0.567 * (hip - knee), 1e-15));
}

// A 1-D table places the CoM on the endpoint line: a rigid motion of both endpoints moves it
// with them, whatever the frame's orientation.
TEST_CASE("segment_inertia: 1-D tables' CoM moves rigidly with the endpoints", "[bsp]") {
  std::mt19937 rng(20240611);
  std::uniform_real_distribution<double> u(-1.0, 1.0);
  for (BspTable t : {BspTable::DeLevaMale, BspTable::DeLevaFemale, BspTable::DempsterWinter,
                     BspTable::PlugInGait}) {
    for (const SegmentParameters& row : bsp_table(t)) {
      INFO(bsp_table(t).name << " " << row.name);
      const Eigen::Vector3d p(u(rng), u(rng), u(rng));
      const Eigen::Vector3d d = p + Eigen::Vector3d(u(rng), u(rng), u(rng));
      const Eigen::Matrix3d R = random_rotation(rng);
      const Eigen::Vector3d shift(u(rng), u(rng), u(rng));
      const SegmentInertia a = segment_inertia(row, 65.0, p, d);
      const SegmentInertia b = segment_inertia(row, 65.0, R * p + shift, R * d + shift);
      CHECK_THAT(b.com_m, IsNear(R * a.com_m + shift, 1e-12));
      CHECK_THAT(b.mass_kg, WithinAbs(a.mass_kg, 1e-12));
      // The CoM is on the segment line at |com_fraction| of the length.
      CHECK_THAT((a.com_m - p).norm(), WithinRel(row.com_fraction.norm() * (d - p).norm(), 1e-12));
    }
  }
}

// The left Dumas segment is the right one mirrored in its sagittal plane: the same endpoints
// in the left segment's own ISB frame give the CoM with Z negated and the xz and yz entries of
// the tensor negated; mass, X, Y and the other entries are unchanged.
TEST_CASE("segment_inertia: Dumas left segments mirror the right ones", "[bsp]") {
  const Eigen::Matrix3d mirror = Eigen::Vector3d(1.0, 1.0, -1.0).asDiagonal();
  for (BspTable t : {BspTable::DumasMale, BspTable::DumasFemale}) {
    for (const SegmentParameters& row : bsp_table(t)) {
      INFO(bsp_table(t).name << " " << row.name);
      const Eigen::Vector3d p(0.01, 0.02, 0.0);
      const Eigen::Vector3d d(0.03, -0.35, 0.0);
      const SegmentInertia right = segment_inertia(row, 72.0, p, d, Side::Right);
      const SegmentInertia left = segment_inertia(row, 72.0, p, d, Side::Left);
      CHECK_THAT(left.mass_kg, WithinAbs(right.mass_kg, 0.0));
      CHECK_THAT(left.com_m - p, IsNear(mirror * (right.com_m - p), 1e-15));
      CHECK_THAT(left.inertia_kgm2, IsNear(mirror * right.inertia_kgm2 * mirror, 1e-15));
      if (row.com_fraction.z() != 0.0) CHECK(left.com_m.z() != right.com_m.z());
    }
  }
  // Right: the table as printed; the thigh's CoM is lateral (+Z) on the right.
  const SegmentInertia r = hanging(find_segment(BspTable::DumasMale, "thigh"), 80.0, 0.4);
  const SegmentInertia l =
      hanging(find_segment(BspTable::DumasMale, "thigh"), 80.0, 0.4, Side::Left);
  CHECK_THAT(r.com_m.z(), WithinAbs(0.0132, 1e-15));
  CHECK_THAT(l.com_m.z(), WithinAbs(-0.0132, 1e-15));
  CHECK_THAT(l.inertia_kgm2(0, 2), WithinAbs(0.00062976, 1e-15));
  CHECK_THAT(l.inertia_kgm2(1, 2), WithinAbs(0.00771456, 1e-15));
  CHECK_THAT(l.inertia_kgm2(0, 1), WithinAbs(0.00771456, 1e-15));
}

// Every row with radii: a symmetric tensor that check_segment_inertia accepts; positive
// definite for de Leva and Dumas (three radii each); for Winter and Plug-in Gait (one radius,
// 0 about the long axis) semi-definite with exactly one zero principal moment, along the
// segment.
TEST_CASE("segment_inertia: symmetric tensors, definite where the paper's radii imply it",
          "[bsp]") {
  for (BspTable t : kTables) {
    const bool three_radii = t == BspTable::DeLevaMale || t == BspTable::DeLevaFemale ||
                             t == BspTable::DumasMale || t == BspTable::DumasFemale;
    for (const SegmentParameters& row : bsp_table(t)) {
      INFO(bsp_table(t).name << " " << row.name);
      if (!row.gyration_fraction.allFinite()) continue;  // Winter's trunk rows, tested below
      for (Side side : {Side::Right, Side::Left}) {
        const SegmentInertia s = hanging(row, 70.0, 0.3, side);
        CHECK_THAT(s.inertia_kgm2 - s.inertia_kgm2.transpose(),
                   IsNear(Eigen::Matrix3d::Zero(), 0.0));
        CHECK_NOTHROW(hipmech::dynamics::check_segment_inertia(s, "s"));
        const Eigen::Vector3d eig =
            Eigen::SelfAdjointEigenSolver<Eigen::Matrix3d>(s.inertia_kgm2).eigenvalues();
        const double scale = s.inertia_kgm2.trace();
        if (three_radii) {
          CHECK(eig.minCoeff() > 1e-3 * scale);
        } else {
          CHECK_THAT(eig(0), WithinAbs(0.0, 1e-15 * scale));
          CHECK(eig(1) > 0.1 * scale);
          const int long_axis = row.com_fraction.x() != 0.0 ? 0 : 1;
          CHECK(s.inertia_kgm2(long_axis, long_axis) == 0.0);
        }
      }
    }
  }
}

// Winter gives no radius for the thorax, abdomen and pelvis: mass and CoM still hold, the
// tensor is NaN (check_segment_inertia refuses it downstream).
TEST_CASE("segment_inertia: Winter rows without a radius give a NaN tensor", "[bsp]") {
  const SegmentParameters& thorax = find_segment(BspTable::DempsterWinter, "thorax");
  const SegmentInertia s = segment_inertia(thorax, 70.0, Eigen::Vector3d(0.0, 1.45, 0.0),
                                           Eigen::Vector3d(0.0, 1.15, 0.0));
  CHECK_THAT(s.mass_kg, WithinAbs(0.216 * 70.0, 1e-12));
  // 0.82 of 0.30 m below C7-T1.
  CHECK_THAT(s.com_m, IsNear(Eigen::Vector3d(0.0, 1.45 - 0.246, 0.0), 1e-14));
  CHECK(s.inertia_kgm2.diagonal().array().isNaN().all());
  REQUIRE_THROWS_AS(hipmech::dynamics::check_segment_inertia(s, "thorax"), InvalidArgument);
}

// ---------------------------------------------------------------------------------------------
// Lookup and bad input
// ---------------------------------------------------------------------------------------------

TEST_CASE("find_segment: case-insensitive; an unknown name lists the table's names", "[bsp]") {
  CHECK(&find_segment(BspTable::DumasMale, " Thigh ") ==
        &find_segment(BspTable::DumasMale, "thigh"));
  CHECK(find_segment(BspTable::DempsterWinter, "HEAD_NECK").count == 1);
  SECTION("unknown segment") {
    REQUIRE_THROWS_AS(find_segment(BspTable::DumasMale, "leg"), InvalidArgument);
    CHECK(thrown_argument([] { find_segment(BspTable::DumasMale, "leg"); }) == "segment");
    CHECK_THAT(thrown_message([] { find_segment(BspTable::DumasMale, "leg"); }),
               ContainsSubstring("'shank'") && ContainsSubstring("'head_neck'") &&
                   ContainsSubstring("'leg'") && ContainsSubstring("dumas_male"));
  }
  SECTION("a segment another table has") {
    REQUIRE_THROWS_AS(find_segment(BspTable::PlugInGait, "pelvis"), InvalidArgument);
  }
  SECTION("unknown segment through segment_inertia") {
    CHECK(thrown_argument([] {
            segment_inertia(BspTable::DeLevaMale, "tibia", 70.0, Eigen::Vector3d::Zero(),
                            Eigen::Vector3d::UnitY());
          }) == "segment");
  }
}

TEST_CASE("segment_inertia rejects bad input, naming the argument", "[bsp]") {
  const SegmentParameters& row = find_segment(BspTable::DeLevaMale, "thigh");
  const Eigen::Vector3d hip(0.0, 0.9, 0.1);
  const Eigen::Vector3d knee(0.0, 0.5, 0.1);
  SECTION("zero body mass") {
    REQUIRE_THROWS_AS(segment_inertia(row, 0.0, hip, knee), InvalidArgument);
    CHECK(thrown_argument([&] { segment_inertia(row, 0.0, hip, knee); }) == "body_mass_kg");
  }
  SECTION("negative body mass") {
    REQUIRE_THROWS_AS(segment_inertia(row, -70.0, hip, knee), InvalidArgument);
    CHECK(thrown_argument([&] { segment_inertia(row, -70.0, hip, knee); }) == "body_mass_kg");
  }
  SECTION("NaN body mass") {
    REQUIRE_THROWS_AS(segment_inertia(row, nan_value, hip, knee), InvalidArgument);
    CHECK(thrown_argument([&] { segment_inertia(row, nan_value, hip, knee); }) == "body_mass_kg");
  }
  SECTION("infinite body mass") {
    REQUIRE_THROWS_AS(segment_inertia(row, inf_value, hip, knee), InvalidArgument);
  }
  SECTION("coincident endpoints") {
    REQUIRE_THROWS_AS(segment_inertia(row, 70.0, hip, hip), InvalidArgument);
    CHECK(thrown_argument([&] { segment_inertia(row, 70.0, hip, hip); }) == "distal_m");
    CHECK_THAT(thrown_message([&] { segment_inertia(row, 70.0, hip, hip); }),
               ContainsSubstring("proximal_m"));
  }
  SECTION("NaN proximal endpoint") {
    const Eigen::Vector3d bad(0.0, nan_value, 0.1);
    REQUIRE_THROWS_AS(segment_inertia(row, 70.0, bad, knee), InvalidArgument);
    CHECK(thrown_argument([&] { segment_inertia(row, 70.0, bad, knee); }) == "proximal_m");
  }
  SECTION("NaN distal endpoint") {
    const Eigen::Vector3d bad(nan_value, 0.5, 0.1);
    REQUIRE_THROWS_AS(segment_inertia(row, 70.0, hip, bad), InvalidArgument);
    CHECK(thrown_argument([&] { segment_inertia(row, 70.0, hip, bad); }) == "distal_m");
  }
  SECTION("infinite distal endpoint") {
    const Eigen::Vector3d bad(0.0, -inf_value, 0.1);
    CHECK(thrown_argument([&] { segment_inertia(row, 70.0, hip, bad); }) == "distal_m");
  }
  SECTION("a hand-made row with a bad mass fraction") {
    SegmentParameters custom = row;
    custom.mass_fraction = 1.5;
    REQUIRE_THROWS_AS(segment_inertia(custom, 70.0, hip, knee), InvalidArgument);
    CHECK(thrown_argument([&] { segment_inertia(custom, 70.0, hip, knee); }) == "row");
  }
  SECTION("a hand-made row with a negative radius") {
    SegmentParameters custom = row;
    custom.gyration_fraction.x() = -0.1;
    CHECK(thrown_argument([&] { segment_inertia(custom, 70.0, hip, knee); }) == "row");
  }
}
