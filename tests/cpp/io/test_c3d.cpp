// C3D reader and writer: DEC floats, round trips for every processor type and data format,
// more than 255 labels, events, bad files. The force-plate reduction is in test_force_plate.cpp;
// agreement with an independent reader (ezc3d) is in tests/python/test_io_c3d.py.
#include <catch2/catch_test_macros.hpp>
#include <catch2/generators/catch_generators.hpp>
#include <catch2/matchers/catch_matchers_floating_point.hpp>
#include <catch2/matchers/catch_matchers_string.hpp>
#include <filesystem>
#include <fstream>

#include "c3d_fixtures.hpp"
#include "helpers/eigen_matchers.hpp"
#include "hipmech/io.hpp"
#include "../../../src/io/c3d_format.hpp"

using Catch::Matchers::ContainsSubstring;
using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;
using hipmech::testing::IsNear;
namespace io = hipmech::io;

namespace {

std::vector<std::uint8_t> bytes_of(const io::Trial& t, io::C3dProcessor p = io::C3dProcessor::Intel,
                                   bool integer = false) {
  io::C3dWriteOptions o;
  o.processor = p;
  o.integer_format = integer;
  return io::write_c3d_bytes(t, o);
}

io::Trial reread(const std::vector<std::uint8_t>& b) { return io::read_c3d_bytes(b.data(), b.size()); }

}  // namespace

TEST_CASE("DEC F_floating values decode as the VAX architecture defines them", "[io][c3d]") {
  // VAX F_floating (Digital, "VAX Architecture Reference Manual", 1987, §1.3.6): first 16-bit
  // word = sign | 8-bit exponent (bias 128) | 7 high fraction bits, value 0.1f x 2^(e-128).
  // 1.0 is 0x4080 0x0000; 0.5 is 0x4000; -2.0 is 0xC100; 0.75 is 0x4040.
  using hipmech::io::c3d_detail::dec_to_double;
  const std::uint8_t one[4] = {0x80, 0x40, 0x00, 0x00};
  const std::uint8_t half[4] = {0x00, 0x40, 0x00, 0x00};
  const std::uint8_t minus_two[4] = {0x00, 0xC1, 0x00, 0x00};
  const std::uint8_t three_quarters[4] = {0x40, 0x40, 0x00, 0x00};
  const std::uint8_t zero[4] = {0, 0, 0, 0};
  CHECK(dec_to_double(one) == 1.0);
  CHECK(dec_to_double(half) == 0.5);
  CHECK(dec_to_double(minus_two) == -2.0);
  CHECK(dec_to_double(three_quarters) == 0.75);
  CHECK(dec_to_double(zero) == 0.0);
  // Every float32 in DEC's range survives double_to_dec -> dec_to_double exactly.
  for (double v : {1.0, -1.0, 3.1415927410125732, 1e-30, -6.5e30, 123456.78125, 0.1}) {
    std::uint8_t b[4];
    hipmech::io::c3d_detail::double_to_dec(v, b);
    CHECK(dec_to_double(b) == static_cast<double>(static_cast<float>(v)));
  }
}

TEST_CASE("C3D round trip: every processor type, float and integer data", "[io][c3d]") {
  const io::Trial t = hipmech::testing::small_trial();
  const auto processor = GENERATE(io::C3dProcessor::Intel, io::C3dProcessor::Dec,
                                  io::C3dProcessor::Mips);
  const bool integer = GENERATE(false, true);
  CAPTURE(static_cast<int>(processor), integer);
  const io::Trial r = reread(bytes_of(t, processor, integer));

  REQUIRE(r.n_frames() == t.n_frames());
  REQUIRE(r.points.size() == t.points.size());
  CHECK(r.point_rate_hz == t.point_rate_hz);
  CHECK(r.first_frame == t.first_frame);
  // float32 data: relative 1e-7. 16-bit integers: one POINT:SCALE for every point, chosen as
  // the largest value in file units / 32000 (here the moment, 2.2 N·m = 2200 Nmm), so each
  // value is within half that scale, converted to SI.
  const double file_scale = 2200.0 / 32000.0;
  for (std::size_t i = 0; i < t.points.size(); ++i) {
    CAPTURE(t.points[i].name);
    CHECK(r.points[i].name == t.points[i].name);
    CHECK(r.points[i].kind == t.points[i].kind);
    CHECK(r.points[i].unit_original == t.points[i].unit_original);
    const double si = t.points[i].kind == io::PointKind::Angle ? 3.14159265358979 / 180 : 1e-3;
    const double tol = integer ? 0.51 * file_scale * si : 1e-6;
    CHECK_THAT(r.points[i].values, IsNear(t.points[i].values, tol));
  }
  CHECK(std::isnan(r.marker("SACR")(3, 0)));
  CHECK(std::isnan(r.marker("SACR")(4, 2)));
  CHECK(!std::isnan(r.marker("SACR")(5, 0)));
  CHECK(r.point("LKneeAngles").description == "knee angles");

  REQUIRE(r.analog.n_channels() == 4);
  CHECK(r.analog.rate_hz == 400.0);
  CHECK(r.analog.names == t.analog.names);
  CHECK(r.analog.units_original == t.analog.units_original);
  for (Eigen::Index c = 0; c < 4; ++c) {
    const double scale = t.analog.values.col(c).cwiseAbs().maxCoeff();
    CHECK_THAT(r.analog.values.col(c), IsNear(t.analog.values.col(c), (integer ? 1.0 / 32000 : 1e-7) * scale));
  }
  REQUIRE(r.events.size() == 2);
  CHECK(r.events[0].label == "Foot Strike");
  CHECK(r.events[0].context == "Left");
  CHECK(r.events[0].description == "heel");
  CHECK(r.events[0].subject == "S01");
  CHECK_THAT(r.events[0].time_s, WithinAbs(0.08, 1e-7));
  CHECK(r.events[1].icon_id == 2);
  CHECK(r.events[1].generic_flag == 1);
  CHECK_THAT(r.subject.body_mass_kg, WithinRel(72.5, 1e-7));
  CHECK_THAT(r.subject.height_m, WithinRel(1.75, 1e-7));
  CHECK_THAT(r.subject.leg_length_m[1], WithinRel(0.91, 1e-7));
  CHECK(std::isnan(r.subject.knee_width_m[0]));
  CHECK(r.parameters.string("SUBJECTS", "NAMES") == "S01");
  const io::Parameter* matrix = r.parameters.find("CUSTOM", "MATRIX");
  REQUIRE(matrix);
  CHECK(matrix->dims == std::vector<int>{2, 3});
  CHECK(matrix->numbers == std::vector<double>{1, 2, 3, 4, 5, 6});
  CHECK(r.parameters.find("CUSTOM", "FLAGS")->numbers == std::vector<double>{0, 1, 255});
  CHECK(r.lab_axes == t.lab_axes);
}

TEST_CASE("C3D: writing what was read reproduces the bytes' content exactly", "[io][c3d]") {
  // read -> write -> read gives the same trial; a second cycle is bit-identical.
  const io::Trial t = reread(bytes_of(hipmech::testing::small_trial()));
  const auto again = bytes_of(t);
  const io::Trial r = reread(again);
  for (std::size_t i = 0; i < t.points.size(); ++i) {
    CHECK_THAT(r.points[i].values, IsNear(t.points[i].values, 0.0));
    CHECK_THAT(r.points[i].residual, IsNear(t.points[i].residual, 0.0));
  }
  CHECK_THAT(r.analog.values, IsNear(t.analog.values, 0.0));
  CHECK(bytes_of(r) == again);
}

TEST_CASE("C3D: more than 255 points and channels use LABELS2, LABELS3", "[io][c3d]") {
  io::Trial t;
  t.point_rate_hz = 50.0;
  for (int i = 0; i < 600; ++i) {
    t.set_point("M" + std::to_string(i), hipmech::Trajectory::Constant(2, 3, i * 0.001), io::PointKind::Marker, "mm");
  }
  t.analog.rate_hz = 50.0;
  for (int c = 0; c < 300; ++c) t.analog.names.push_back("A" + std::to_string(c));
  t.analog.values = hipmech::Channels::Zero(2, 300);
  const io::Trial r = reread(bytes_of(t));
  REQUIRE(r.points.size() == 600);
  CHECK(r.points[599].name == "M599");
  CHECK(r.points[256].name == "M256");
  CHECK_THAT(r.marker("M599")(1, 2), WithinAbs(0.599, 1e-7));
  CHECK(r.parameters.find("POINT", "LABELS3") != nullptr);
  CHECK(r.parameters.find("POINT", "LABELS")->strings.size() == 255);
  CHECK(r.analog.names[299] == "A299");
}

TEST_CASE("C3D: an empty EVENT group and header-only events", "[io][c3d]") {
  io::Trial t = hipmech::testing::small_trial();
  SECTION("no events at all") {
    t.events.clear();
    const io::Trial r = reread(bytes_of(t));
    CHECK(r.events.empty());
    CHECK(r.parameters.number("EVENT", "USED", 0, -1) == 0);
  }
  SECTION("events only in the header (older files): read with 4-character labels") {
    auto b = bytes_of(t);
    // Turn the EVENT group's TIMES into something unusable: rename it so the group is empty.
    io::Trial r0 = reread(b);
    r0.events.clear();
    auto b2 = bytes_of(r0);
    // Copy the header events of the first file into the second (bytes 298..467).
    std::copy(b.begin() + 298, b.begin() + 468, b2.begin() + 298);
    const io::Trial r = reread(b2);
    REQUIRE(r.events.size() == 2);
    CHECK(r.events[0].label == "Foot");
    CHECK(r.events[0].context == "General");
    CHECK_THAT(r.events[1].time_s, WithinAbs(0.15, 1e-7));
  }
}

TEST_CASE("C3D: analog-only and point-only files", "[io][c3d]") {
  io::Trial t = hipmech::testing::small_trial();
  SECTION("no analogs") {
    t.analog = io::Analog{};
    const io::Trial r = reread(bytes_of(t));
    CHECK(r.analog.n_channels() == 0);
    CHECK(r.n_frames() == 12);
  }
  SECTION("no points") {
    t.n_frames_without_points = t.n_frames();
    t.points.clear();
    const io::Trial r = reread(bytes_of(t));
    CHECK(r.points.empty());
    CHECK(r.n_frames() == 12);
    CHECK(r.analog.n_samples() == 48);
  }
}

TEST_CASE("C3D: bad files raise FileError naming the file and the offset", "[io][c3d]") {
  const auto good = bytes_of(hipmech::testing::small_trial());
  SECTION("every truncation of a valid file fails cleanly, never reads past the buffer") {
    // Each prefix is copied into its own exact-size buffer so ASan sees any overread.
    for (std::size_t n = 0; n < good.size(); n += (n < 1200 ? 1 : 37)) {
      std::vector<std::uint8_t> cut(good.begin(), good.begin() + static_cast<std::ptrdiff_t>(n));
      CAPTURE(n);
      try {
        (void)io::read_c3d_bytes(cut.data(), cut.size(), "cut.c3d");
        // A cut inside the trailing padding of the last block may still hold every frame.
        CHECK(n >= good.size() - 512);
      } catch (const hipmech::FileError& e) {
        CHECK_THAT(e.what(), ContainsSubstring("cut.c3d"));
      }
    }
  }
  SECTION("not a C3D file") {
    std::vector<std::uint8_t> text(1024, 'a');
    REQUIRE_THROWS_AS(io::read_c3d_bytes(text.data(), text.size(), "notes.txt"), hipmech::FileError);
    REQUIRE_THROWS_WITH(io::read_c3d_bytes(text.data(), text.size(), "notes.txt"),
                        ContainsSubstring("not a C3D file"));
  }
  SECTION("bad processor type") {
    auto b = good;
    b[512 + 3] = 99;
    REQUIRE_THROWS_WITH(reread(b), ContainsSubstring("processor type 99"));
  }
  SECTION("bad parameter data type") {
    auto b = good;
    // The first parameter record follows the first group record ("POINT").
    const std::size_t group = 512 + 4;
    const std::size_t next = group + 2 + static_cast<std::size_t>(b[group]);
    const std::size_t param = next + static_cast<std::size_t>(b[next] | (b[next + 1] << 8));
    b[param + 2 + static_cast<std::size_t>(std::abs(static_cast<std::int8_t>(b[param]))) + 2] = 3;
    REQUIRE_THROWS_WITH(reread(b), ContainsSubstring("data type 3"));
  }
  SECTION("missing file") {
    REQUIRE_THROWS_AS(io::read_c3d("/nonexistent/trial.c3d"), hipmech::FileError);
    REQUIRE_THROWS_WITH(io::read_c3d("/nonexistent/trial.c3d"), ContainsSubstring("/nonexistent/trial.c3d"));
  }
}

TEST_CASE("C3D writer: bad trials raise InvalidArgument naming the field", "[io][c3d]") {
  io::Trial t = hipmech::testing::small_trial();
  SECTION("rate") {
    t.point_rate_hz = 0;
    REQUIRE_THROWS_AS(io::write_c3d_bytes(t), hipmech::InvalidArgument);
  }
  SECTION("analog rate not a multiple of the point rate") {
    t.analog.rate_hz = 250;
    REQUIRE_THROWS_WITH(io::write_c3d_bytes(t), ContainsSubstring("trial.analog.rate_hz"));
  }
  SECTION("ragged points") {
    t.points[1].values.conservativeResize(5, 3);
    REQUIRE_THROWS_WITH(io::write_c3d_bytes(t), ContainsSubstring("trial.points['RASI']"));
  }
  SECTION("unknown unit") {
    t.points[0].unit_original = "furlong";
    REQUIRE_THROWS_WITH(io::write_c3d_bytes(t), ContainsSubstring("unit_original"));
  }
  SECTION("unwritable path") {
    REQUIRE_THROWS_AS(io::write_c3d(t, "/nonexistent/dir/out.c3d"), hipmech::FileError);
  }
}

TEST_CASE("Trial: points by name, with the names available in the error", "[io][trial]") {
  io::Trial t = hipmech::testing::small_trial();
  CHECK(t.names() == std::vector<std::string>{"LASI", "RASI", "SACR"});
  CHECK(t.names(io::PointKind::Angle) == std::vector<std::string>{"LKneeAngles"});
  REQUIRE_THROWS_AS(t.marker("RPSI"), hipmech::InvalidArgument);
  REQUIRE_THROWS_WITH(t.marker("RPSI"), ContainsSubstring("LASI, RASI, SACR"));
  REQUIRE_THROWS_AS(t.set_point("X", hipmech::Trajectory::Zero(3, 3)), hipmech::InvalidArgument);
  CHECK(io::parse_point_kind("Angle") == io::PointKind::Angle);
  REQUIRE_THROWS_AS(io::parse_point_kind("torque"), hipmech::InvalidArgument);
  CHECK_THAT(t.times_s()[0], WithinAbs(0.06, 1e-15));
}

TEST_CASE("C3D: the pyCGM Plug-in Gait trial reads with its documented content", "[io][c3d][validation]") {
  // ../shared/validation/README.md: 85 kg, 1679 mm, 4 type-2 plates, 120 Hz markers,
  // 1080 Hz analog, Vicon model outputs stored as points.
  const std::filesystem::path file =
      std::filesystem::path(HIPMECH_VALIDATION_DIR) / "pycgm_pig_stair" / "Movement_trial.c3d";
  if (!std::filesystem::exists(file)) SKIP("validation data not found at " << file.string());
  const io::Trial t = io::read_c3d(file.string());
  CHECK(t.point_rate_hz == 120.0);
  CHECK(t.analog.rate_hz == 1080.0);
  CHECK(t.n_frames() == 323);
  CHECK(t.first_frame == 695);  // 1-based, as stored (ezc3d reports it 0-based: 694)
  CHECK(t.force_plates.size() == 4);
  CHECK(t.force_plates[0].type == 2);
  CHECK_THAT(t.subject.body_mass_kg, WithinAbs(85.0, 1e-4));
  CHECK_THAT(t.subject.height_m, WithinAbs(1.679, 1e-6));
  CHECK_THAT(t.subject.inter_asis_distance_m, WithinAbs(0.306, 1e-3));
  CHECK(t.point("LKneeAngles").kind == io::PointKind::Angle);
  CHECK(t.point("LASI").kind == io::PointKind::Marker);
  CHECK(t.lab_axes.up() == hipmech::SignedAxis::PosZ);
  // Standing on stairs: some plate carries about body weight at some instant.
  double peak = 0;
  for (const auto& fp : t.force_plates) peak = std::max(peak, fp.force_n.col(2).maxCoeff());
  CHECK(peak > 0.8 * 85 * 9.81);
}

TEST_CASE("C3D: a string longer than its parameter's first dimension is refused, not cut",
          "[io][c3d]") {
  // issue 21: the writer used to cut it to the declared width without a word (a UTF-8 name
  // from a Latin-1 file lost its last byte).
  io::Trial t = reread(bytes_of(hipmech::testing::small_trial()));
  io::ParameterGroup& g = t.parameters.groups.emplace_back();
  g.name = "LAB";
  io::Parameter p;
  p.name = "NAMES";
  p.type = io::ParameterType::Char;
  p.dims = {4, 1};
  p.strings = {"Ren\xC3\xA9"};  // 5 bytes in a 4-byte field
  g.parameters.push_back(p);
  CHECK_THROWS_WITH(io::write_c3d_bytes(t),
                    ContainsSubstring("LAB:NAMES") && ContainsSubstring("5 bytes"));
  g.parameters.back().dims = {5, 1};
  const io::Trial r = reread(io::write_c3d_bytes(t));
  CHECK(r.parameters.string("LAB", "NAMES") == "Ren\xC3\xA9");
}
