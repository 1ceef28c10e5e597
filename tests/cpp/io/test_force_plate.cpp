// Force plates: a known wrench (force, centre of pressure, free moment) applied to a plate of
// each C3D type is encoded into that type's channels from the definitions in the C3D user
// guide (FORCE_PLATFORM) and the Kistler manual (type 3), then decoded by the reader.
// The answer is the wrench we started from: a synthetic case with a known answer.
#include <catch2/catch_test_macros.hpp>
#include <catch2/generators/catch_generators.hpp>
#include <catch2/matchers/catch_matchers_floating_point.hpp>
#include <catch2/matchers/catch_matchers_string.hpp>

#include <limits>

#include <Eigen/Dense>

#include "helpers/eigen_matchers.hpp"
#include "hipmech/io.hpp"

using Catch::Matchers::ContainsSubstring;
using hipmech::testing::IsNear;
namespace io = hipmech::io;

namespace {

// Plate 600 x 400 mm centred at (1000, 2000, 0) mm in a Z-up lab, plate x along lab +x,
// plate y along lab -y, plate z down (corner 1 in +x +y of the plate).
const Eigen::Vector3d kCenter(1.0, 2.0, 0.0);
Eigen::Matrix3d R_lab_plate() {
  Eigen::Matrix3d R;
  R.col(0) = Eigen::Vector3d::UnitX();
  R.col(1) = -Eigen::Vector3d::UnitY();
  R.col(2) = -Eigen::Vector3d::UnitZ();
  return R;
}

/// The surface corners in the plate frame [m], C3D order (corner 1 in +x +y).
const Eigen::Vector3d kLocalCorners[4] = {
    {0.3, 0.2, 0}, {-0.3, 0.2, 0}, {-0.3, -0.2, 0}, {0.3, -0.2, 0}};

/// A type-4 calibration matrix, far enough from the identity to test its use.
Eigen::Matrix<double, 6, 6> type4_calibration() {
  Eigen::Matrix<double, 6, 6> cal;
  cal << 1.2, 0.01, 0, 0, 0, 0.02,  //
      0.03, 0.9, 0, 0.01, 0, 0,     //
      0, 0, 2.0, 0, 0.001, 0,       //
      0, 0, 0, 1.1, 0, 0,           //
      0, 0.02, 0, 0, 0.95, 0,       //
      0, 0, 0.01, 0, 0, 1.05;
  return cal;
}

struct Wrench {
  Eigen::Vector3d force_lab{30.0, -20.0, 800.0};  // ground reaction on the body, up
  Eigen::Vector3d cop_lab = kCenter + Eigen::Vector3d(0.10, 0.05, 0.0);
  double free_moment_lab_z = 5.0;  // N m about lab +z
};

/// A trial with one plate of `type` whose channels encode `w` at `n` samples; the transducer
/// origin is `depth` m below the surface (ORIGIN z = +depth in mm, the common AMTI way).
io::Trial plate_trial(int type, const Wrench& w, double depth = 0.04, Eigen::Index n = 4) {
  const Eigen::Matrix3d R = R_lab_plate();
  // Wrench in the plate frame: about the surface centre S and about the transducer origin O.
  const Eigen::Vector3d F = R.transpose() * w.force_lab;
  const Eigen::Vector3d p = R.transpose() * (w.cop_lab - kCenter);  // z = 0: on the surface
  const Eigen::Vector3d T = R.transpose() * Eigen::Vector3d(0, 0, w.free_moment_lab_z);
  const Eigen::Vector3d Ms = p.cross(F) + T;
  const Eigen::Vector3d s_from_o(0, 0, -depth);  // surface is above O, plate z is down
  const Eigen::Vector3d Mo = Ms - F.cross(s_from_o);

  Eigen::VectorXd ch;
  std::vector<std::string> units;
  Eigen::Matrix<double, 6, 6> cal = Eigen::Matrix<double, 6, 6>::Identity();
  const double a = 0.12, b = 0.2;  // Kistler sensor offsets
  if (type == 1) {
    ch.resize(6);
    ch << F, p.x() * 1000, p.y() * 1000, T.z() * 1000;
    units = {"N", "N", "N", "mm", "mm", "Nmm"};
  } else if (type == 2 || type == 4) {
    Eigen::Matrix<double, 6, 1> v;
    v << F, Mo * 1000;  // moments in N mm
    if (type == 4) {
      cal = type4_calibration();
      v = cal.fullPivLu().solve(v);
    }
    ch = v;
    units = {"N", "N", "N", "Nmm", "Nmm", "Nmm"};
  } else {
    // Kistler: Fx = fx12 + fx34, Fy = fy14 + fy23, Fz = fz1 + fz2 + fz3 + fz4,
    // Mx = b (fz1 + fz2 - fz3 - fz4), My = a (-fz1 + fz2 + fz3 - fz4),
    // Mz = b (-fx12 + fx34) + a (fy14 - fy23); moments about the sensor plane's centre O.
    Eigen::Matrix4d A;
    A << 1, 1, 1, 1, b, b, -b, -b, -a, a, a, -a, 1, -1, 1, -1;  // last row: no warp
    const Eigen::Vector4d fz = A.fullPivLu().solve(Eigen::Vector4d(F.z(), Mo.x(), Mo.y(), 0));
    const double d = Mo.z() / b;  // fx34 - fx12, with fy14 = fy23
    ch.resize(8);
    ch << (F.x() - d) / 2, (F.x() + d) / 2, F.y() / 2, F.y() / 2, fz;
    units.assign(8, "N");
  }
  io::Trial t;
  t.point_rate_hz = 100;
  t.n_frames_without_points = n;
  t.analog.rate_hz = 200;
  const auto n_ch = ch.size();
  t.analog.values.resize(2 * n, n_ch);
  for (Eigen::Index r = 0; r < 2 * n; ++r) t.analog.values.row(r) = ch.transpose();
  t.analog.values.row(1) *= 0.001;  // one sample with the foot (almost) off the plate
  for (Eigen::Index c = 0; c < n_ch; ++c) t.analog.names.push_back("ch" + std::to_string(c));
  t.analog.units_original = units;
  // Analog values were built in file units; the reader converts with the units.
  for (Eigen::Index c = 0; c < n_ch; ++c) {
    const std::string& u = units[static_cast<std::size_t>(c)];
    if (u == "mm" || u == "Nmm") t.analog.values.col(c) *= 1e-3;
  }
  std::vector<double> corners;
  for (const auto& c : kLocalCorners) {
    const Eigen::Vector3d lab = kCenter + R * c;
    for (int k = 0; k < 3; ++k) corners.push_back(lab[k] * 1000);
  }
  std::vector<double> channels;
  for (Eigen::Index c = 0; c < n_ch; ++c) channels.push_back(static_cast<double>(c + 1));
  using io::make_parameter;
  using io::ParameterType;
  t.parameters.set("POINT", make_parameter("UNITS", std::vector<std::string>{"mm"}));
  t.parameters.set("FORCE_PLATFORM", make_parameter("USED", {1}, ParameterType::Int16));
  t.parameters.set("FORCE_PLATFORM", make_parameter("TYPE", {double(type)}, ParameterType::Int16, {1}));
  t.parameters.set("FORCE_PLATFORM", make_parameter("CORNERS", corners, ParameterType::Float, {3, 4, 1}));
  const std::vector<double> origin = type == 3 ? std::vector<double>{a * 1000, b * 1000, -depth * 1000}
                                               : std::vector<double>{0, 0, depth * 1000};
  t.parameters.set("FORCE_PLATFORM", make_parameter("ORIGIN", origin, ParameterType::Float, {3, 1}));
  t.parameters.set("FORCE_PLATFORM",
                   make_parameter("CHANNEL", channels, ParameterType::Int16, {static_cast<int>(n_ch), 1}));
  if (type == 4) {
    std::vector<double> c36;
    for (int j = 0; j < 6; ++j) {
      for (int i = 0; i < 6; ++i) c36.push_back(cal(i, j));  // first dimension fastest
    }
    t.parameters.set("FORCE_PLATFORM", make_parameter("CAL_MATRIX", c36, ParameterType::Float, {6, 6, 1}));
  }
  return t;
}

}  // namespace

TEST_CASE("Force plates of types 1-4 recover the applied wrench in the lab frame", "[io][force_plate]") {
  const int type = GENERATE(1, 2, 3, 4);
  CAPTURE(type);
  const Wrench w;
  const io::Trial built = plate_trial(type, w);
  // Through the file, so that the reader's unit handling is part of the test.
  const auto bytes = io::write_c3d_bytes(built);
  const io::Trial t = io::read_c3d_bytes(bytes.data(), bytes.size());
  REQUIRE(t.force_plates.size() == 1);
  const io::ForcePlate& fp = t.force_plates[0];
  CHECK(fp.type == type);
  CHECK_THAT(fp.R_lab_plate, IsNear(R_lab_plate(), 1e-9));
  CHECK_THAT(fp.center_m, IsNear(kCenter, 1e-6));
  REQUIRE(fp.force_n.rows() == 8);
  const Eigen::Index r = 0;
  CHECK_THAT(fp.force_n.row(r), IsNear(w.force_lab.transpose(), 1e-3));
  CHECK_THAT(fp.cop_m.row(r), IsNear(w.cop_lab.transpose(), 1e-5));
  CHECK_THAT(fp.free_moment_nm.row(r), IsNear(Eigen::RowVector3d(0, 0, w.free_moment_lab_z), 1e-3));
  // Moment about the transducer origin, 40 mm below the surface centre.
  const Eigen::Vector3d O = kCenter - Eigen::Vector3d(0, 0, 0.04);
  CHECK_THAT(fp.origin_lab_m, IsNear(O, 1e-6));
  const Eigen::Vector3d expected_mo =
      (w.cop_lab - O).cross(w.force_lab) + Eigen::Vector3d(0, 0, w.free_moment_lab_z);
  CHECK_THAT(fp.moment_nm.row(r), IsNear(expected_mo.transpose(), 2e-3));
  // The sample at 0.1 % load (0.8 N) is below the 10 N threshold: NaN, not garbage.
  CHECK(fp.cop_m.row(1).array().isNaN().all());
  CHECK(fp.free_moment_nm.row(1).array().isNaN().all());
  CHECK(fp.force_n.row(1).allFinite());
}

TEST_CASE("Force plates: the threshold is a parameter", "[io][force_plate]") {
  const io::Trial built = plate_trial(2, Wrench{});
  io::ForcePlateOptions o;
  o.cop_threshold_n = 0.5;
  const auto plates = io::force_plates_from_analog(built.parameters, built.analog, o);
  CHECK(plates[0].cop_m.row(1).allFinite());
  o.cop_threshold_n = -1;
  REQUIRE_THROWS_AS(io::force_plates_from_analog(built.parameters, built.analog, o),
                    hipmech::InvalidArgument);
}

TEST_CASE("Force plates: inconsistent FORCE_PLATFORM parameters name the parameter", "[io][force_plate]") {
  io::Trial t = plate_trial(2, Wrench{});
  SECTION("unsupported type") {
    t.parameters.set("FORCE_PLATFORM", io::make_parameter("TYPE", {7}, io::ParameterType::Int16, {1}));
    REQUIRE_THROWS_WITH(io::force_plates_from_analog(t.parameters, t.analog),
                        ContainsSubstring("FORCE_PLATFORM:TYPE"));
  }
  SECTION("channel beyond the analog channels") {
    t.parameters.set("FORCE_PLATFORM", io::make_parameter("CHANNEL", {1, 2, 3, 4, 5, 60},
                                                         io::ParameterType::Int16, {6, 1}));
    REQUIRE_THROWS_WITH(io::force_plates_from_analog(t.parameters, t.analog),
                        ContainsSubstring("FORCE_PLATFORM:CHANNEL"));
  }
  SECTION("missing corners") {
    t.parameters.erase("FORCE_PLATFORM", "CORNERS");
    REQUIRE_THROWS_WITH(io::force_plates_from_analog(t.parameters, t.analog),
                        ContainsSubstring("FORCE_PLATFORM:CORNERS"));
  }
  SECTION("type 4 without a calibration matrix") {
    t.parameters.set("FORCE_PLATFORM", io::make_parameter("TYPE", {4}, io::ParameterType::Int16, {1}));
    REQUIRE_THROWS_WITH(io::force_plates_from_analog(t.parameters, t.analog),
                        ContainsSubstring("CAL_MATRIX"));
  }
  SECTION("through the reader it is a FileError naming the parameter") {
    t.parameters.set("FORCE_PLATFORM", io::make_parameter("TYPE", {7}, io::ParameterType::Int16, {1}));
    const auto bytes = io::write_c3d_bytes(t);
    REQUIRE_THROWS_AS(io::read_c3d_bytes(bytes.data(), bytes.size(), "plates.c3d"), hipmech::FileError);
    REQUIRE_THROWS_WITH(io::read_c3d_bytes(bytes.data(), bytes.size(), "plates.c3d"),
                        ContainsSubstring("FORCE_PLATFORM:TYPE"));
  }
}

namespace {

/// The wrench `w` as a plate of `type` built from its outputs (make_force_plate): 8 samples,
/// the second at 0.1 % load; moment about the transducer origin `depth` below the surface.
io::ForcePlate plate_from_outputs(int type, const Wrench& w, double depth = 0.04) {
  const Eigen::Matrix3d R = R_lab_plate();
  Eigen::Matrix<double, 4, 3, Eigen::RowMajor> corners;
  for (int i = 0; i < 4; ++i) corners.row(i) = (kCenter + R * kLocalCorners[i]).transpose();
  const Eigen::Vector3d origin =
      type == 3 ? Eigen::Vector3d(0.12, 0.2, -depth) : Eigen::Vector3d(0, 0, depth);
  const Eigen::Vector3d O = kCenter - Eigen::Vector3d(0, 0, depth);  // plate z is down
  const Eigen::Vector3d Mo =
      (w.cop_lab - O).cross(w.force_lab) + Eigen::Vector3d(0, 0, w.free_moment_lab_z);
  hipmech::Trajectory force(8, 3), moment(8, 3);
  for (Eigen::Index r = 0; r < 8; ++r) {
    force.row(r) = w.force_lab.transpose();
    moment.row(r) = Mo.transpose();
  }
  force.row(1) *= 0.001;
  moment.row(1) *= 0.001;
  Eigen::MatrixXd cal;
  if (type == 4) {
    cal = type4_calibration();
  }
  return io::make_force_plate(type, corners, origin, force, moment, cal);
}

io::Trial markers_only(Eigen::Index n_frames = 4) {
  io::Trial t;
  t.point_rate_hz = 100;
  io::Point& p = t.points.emplace_back();
  p.name = "M";
  p.values = hipmech::Trajectory::Zero(n_frames, 3);
  return t;
}

}  // namespace

// make_force_plate is the reader's formulas without channels: the same wrench as a plate of
// each type read from its channels (plate_trial above, encoded by hand from the user guide).
TEST_CASE("make_force_plate gives what the reader gives for the same wrench", "[io][force_plate]") {
  const int type = GENERATE(1, 2, 3, 4);
  CAPTURE(type);
  const Wrench w;
  const io::ForcePlate made = plate_from_outputs(type, w);
  const io::Trial built = plate_trial(type, w);
  const io::ForcePlate read = io::force_plates_from_analog(built.parameters, built.analog)[0];
  CHECK(made.channels.empty());
  CHECK_THAT(made.R_lab_plate, IsNear(read.R_lab_plate, 1e-12));
  CHECK_THAT(made.origin_lab_m, IsNear(read.origin_lab_m, 1e-12));
  CHECK_THAT(made.cop_m.row(0), IsNear(w.cop_lab.transpose(), 1e-9));
  CHECK_THAT(made.cop_m.row(0), IsNear(read.cop_m.row(0), 1e-9));
  CHECK_THAT(made.free_moment_nm.row(0), IsNear(read.free_moment_nm.row(0), 1e-9));
  CHECK(made.cop_m.row(1).array().isNaN().all());  // 0.8 N: below the threshold
}

// issue 21: write_c3d ignored trial.force_plates. Known answer: the wrench put in.
TEST_CASE("write_c3d writes plates of types 1-4 from their outputs and reads them back",
          "[io][force_plate][c3d]") {
  const int type = GENERATE(1, 2, 3, 4);
  const bool integer_format = GENERATE(false, true);
  CAPTURE(type, integer_format);
  const Wrench w;
  io::Trial t = markers_only();  // no analog channels: the plate brings its own
  t.force_plates.push_back(plate_from_outputs(type, w));
  io::C3dWriteOptions o;
  o.integer_format = integer_format;
  const auto bytes = io::write_c3d_bytes(t, o);
  const io::Trial back = io::read_c3d_bytes(bytes.data(), bytes.size(), "plates.c3d");
  REQUIRE(back.force_plates.size() == 1);
  const io::ForcePlate& fp = back.force_plates[0];
  const int n_ch = type == 3 ? 8 : 6;
  CHECK(fp.type == type);
  CHECK(back.analog.rate_hz == 200.0);  // 8 samples over 4 frames at 100 Hz
  CHECK(back.analog.n_channels() == n_ch);
  CHECK(fp.channels.size() == static_cast<std::size_t>(n_ch));
  // float32 storage; 16-bit integers: steps of the largest value / 32000 per channel.
  const double tol_f = integer_format ? 0.1 : 1e-3;
  const double tol_cop = integer_format ? 1e-3 : 1e-6;
  CHECK_THAT(fp.force_n.row(0), IsNear(w.force_lab.transpose(), tol_f));
  CHECK_THAT(fp.cop_m.row(0), IsNear(w.cop_lab.transpose(), tol_cop));
  CHECK_THAT(fp.free_moment_nm.row(0),
             IsNear(Eigen::RowVector3d(0, 0, w.free_moment_lab_z), integer_format ? 0.05 : 1e-4));
  CHECK_THAT(fp.moment_nm, IsNear(t.force_plates[0].moment_nm, integer_format ? 0.2 : 1e-3));
}

TEST_CASE("write_c3d keeps unchanged plates' channels and rewrites edited ones in place",
          "[io][force_plate][c3d]") {
  const int type = GENERATE(1, 2, 3, 4);
  CAPTURE(type);
  const io::Trial built = plate_trial(type, Wrench{});
  const auto first = io::write_c3d_bytes(built);
  io::Trial t = io::read_c3d_bytes(first.data(), first.size(), "first.c3d");
  REQUIRE(t.force_plates.size() == 1);
  // Unchanged: the channels are written bit for bit.
  const auto again = io::write_c3d_bytes(t);
  const io::Trial same = io::read_c3d_bytes(again.data(), again.size(), "again.c3d");
  CHECK(same.analog.values == t.analog.values);
  // Edited in place: twice the force and moment, into the channels the plate names.
  io::ForcePlate& fp = t.force_plates[0];
  const io::ForcePlate doubled = io::make_force_plate(
      fp.type, fp.corners_m, fp.origin_m, 2.0 * fp.force_n, 2.0 * fp.moment_nm, fp.calibration);
  std::vector<int> channels = fp.channels;
  fp = doubled;
  fp.channels = channels;
  const auto edited = io::write_c3d_bytes(t);
  const io::Trial back = io::read_c3d_bytes(edited.data(), edited.size(), "edited.c3d");
  CHECK(back.analog.n_channels() == t.analog.n_channels());
  CHECK(back.force_plates[0].channels == channels);
  CHECK_THAT(back.force_plates[0].force_n, IsNear(doubled.force_n, 2e-3));
  CHECK_THAT(back.force_plates[0].moment_nm, IsNear(doubled.moment_nm, 2e-3));
}

TEST_CASE("write_c3d: plates it cannot write are refused naming the field",
          "[io][force_plate][c3d]") {
  io::Trial t = markers_only();
  SECTION("a centre of pressure the force and moment do not give") {
    t.force_plates.push_back(plate_from_outputs(2, Wrench{}));
    t.force_plates[0].cop_m(0, 0) += 0.05;
    REQUIRE_THROWS_WITH(io::write_c3d_bytes(t), ContainsSubstring("trial.force_plates[0].cop_m"));
  }
  SECTION("a free moment the force and moment do not give") {
    t.force_plates.push_back(plate_from_outputs(2, Wrench{}));
    t.force_plates[0].free_moment_nm(0, 2) += 1.0;
    REQUIRE_THROWS_WITH(io::write_c3d_bytes(t),
                        ContainsSubstring("trial.force_plates[0].free_moment_nm"));
  }
  SECTION("a rotation its corners do not give") {
    t.force_plates.push_back(plate_from_outputs(2, Wrench{}));
    t.force_plates[0].R_lab_plate.setIdentity();
    REQUIRE_THROWS_WITH(io::write_c3d_bytes(t),
                        ContainsSubstring("trial.force_plates[0].R_lab_plate"));
  }
  SECTION("the wrong number of channels") {
    t.force_plates.push_back(plate_from_outputs(2, Wrench{}));
    t.force_plates[0].channels = {1, 2, 3};
    REQUIRE_THROWS_WITH(io::write_c3d_bytes(t),
                        ContainsSubstring("trial.force_plates[0].channels"));
  }
  SECTION("two plates on one channel") {
    io::Trial built = plate_trial(2, Wrench{});
    const auto bytes = io::write_c3d_bytes(built);
    io::Trial r = io::read_c3d_bytes(bytes.data(), bytes.size());
    r.force_plates.push_back(r.force_plates[0]);
    REQUIRE_THROWS_WITH(io::write_c3d_bytes(r),
                        ContainsSubstring("trial.force_plates[1].channels"));
  }
  SECTION("type 1: a horizontal moment without vertical force") {
    io::ForcePlate fp = plate_from_outputs(1, Wrench{});
    fp.force_n.row(0) << 10.0, 0.0, 0.0;
    fp.moment_nm.row(0) << 3.0, 0.0, 0.0;
    fp.cop_m.row(0).setConstant(std::numeric_limits<double>::quiet_NaN());
    fp.free_moment_nm.row(0).setConstant(std::numeric_limits<double>::quiet_NaN());
    t.force_plates.push_back(fp);
    REQUIRE_THROWS_WITH(io::write_c3d_bytes(t),
                        ContainsSubstring("trial.force_plates[0].moment_nm"));
  }
  SECTION("type 3 with a zero sensor offset") {
    io::ForcePlate fp = plate_from_outputs(3, Wrench{});
    fp.origin_m.x() = 0.0;
    t.force_plates.push_back(
        io::make_force_plate(3, fp.corners_m, fp.origin_m, fp.force_n, fp.moment_nm));
    REQUIRE_THROWS_WITH(io::write_c3d_bytes(t),
                        ContainsSubstring("trial.force_plates[0].origin_m"));
  }
  SECTION("type 4 with a singular calibration matrix") {
    io::ForcePlate fp = plate_from_outputs(4, Wrench{});
    fp.calibration.row(5).setZero();
    t.force_plates.push_back(fp);
    REQUIRE_THROWS_WITH(io::write_c3d_bytes(t),
                        ContainsSubstring("trial.force_plates[0].calibration"));
  }
  SECTION("rows that are not the analog samples") {
    t.force_plates.push_back(plate_from_outputs(2, Wrench{}));
    t.points[0].values = hipmech::Trajectory::Zero(3, 3);  // 8 samples over 3 frames
    REQUIRE_THROWS_WITH(io::write_c3d_bytes(t), ContainsSubstring("trial.force_plates[0].force_n"));
  }
}

TEST_CASE("make_force_plate: bad arguments name the argument", "[io][force_plate]") {
  const io::ForcePlate ok = plate_from_outputs(2, Wrench{});
  REQUIRE_THROWS_WITH(io::make_force_plate(5, ok.corners_m, ok.origin_m, ok.force_n, ok.moment_nm),
                      ContainsSubstring("type"));
  Eigen::Matrix<double, 4, 3, Eigen::RowMajor> flat = ok.corners_m;
  flat.row(3) = flat.row(0);
  flat.row(1) = flat.row(0);
  REQUIRE_THROWS_WITH(io::make_force_plate(2, flat, ok.origin_m, ok.force_n, ok.moment_nm),
                      ContainsSubstring("corners_m"));
  REQUIRE_THROWS_WITH(
      io::make_force_plate(2, ok.corners_m, ok.origin_m, ok.force_n, ok.moment_nm.topRows(3)),
      ContainsSubstring("moment_nm"));
  REQUIRE_THROWS_WITH(io::make_force_plate(2, ok.corners_m, ok.origin_m, ok.force_n, ok.moment_nm,
                                           Eigen::MatrixXd::Identity(6, 6)),
                      ContainsSubstring("calibration"));
  REQUIRE_THROWS_WITH(io::make_force_plate(4, ok.corners_m, ok.origin_m, ok.force_n, ok.moment_nm),
                      ContainsSubstring("calibration"));
}
