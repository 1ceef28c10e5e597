// TRC and MOT/STO text formats (include/hipmech/io/opensim.hpp).
//
// The independent source of every expected value is the format as OpenSim documents it
// ("Marker (.trc) Files", "Motion (.mot) Files", "Storage (.sto) Files" in the OpenSim
// documentation): the small files below are written by hand from those pages, and their
// values are converted to metres by hand (mm / 1000, cm / 100).
#include <atomic>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <random>
#include <string>

#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_floating_point.hpp>
#include <catch2/matchers/catch_matchers_string.hpp>

#include "helpers/eigen_matchers.hpp"
#include "helpers/temp_file.hpp"
#include "hipmech/io/opensim.hpp"

using Catch::Matchers::ContainsSubstring;
using Catch::Matchers::StartsWith;
using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;
using hipmech::FileError;
using hipmech::InvalidArgument;
using hipmech::LabAxes;
using hipmech::SignedAxis;
using hipmech::Trajectory;
using hipmech::io::Point;
using hipmech::io::PointKind;
using hipmech::io::Table;
using hipmech::io::Trial;
using hipmech::testing::IsNear;

namespace {

const double nan_value = std::numeric_limits<double>::quiet_NaN();

using hipmech::test::TempFile;

void write_text(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
}

std::string replace_all(std::string s, const std::string& from, const std::string& to) {
  for (std::size_t i = s.find(from); i != std::string::npos; i = s.find(from, i + to.size())) {
    s.replace(i, from.size(), to);
  }
  return s;
}

/// Two markers, three frames, mm; LASI blank in frame 2 and "NaN"/"nan" in frame 3; a blank
/// line before the data, as OpenSim's example files have.
const std::string trc_mm =
    "PathFileType\t4\t(X/Y/Z)\twalk.trc\n"
    "DataRate\tCameraRate\tNumFrames\tNumMarkers\tUnits\tOrigDataRate\tOrigDataStartFrame\t"
    "OrigNumFrames\n"
    "100\t120\t3\t2\tmm\t100\t1\t3\n"
    "Frame#\tTime\tLASI\t\t\tRASI\t\t\n"
    "\t\tX1\tY1\tZ1\tX2\tY2\tZ2\n"
    "\n"
    "1\t0\t100\t950\t-120\t105.5\t948\t130\n"
    "2\t0.01\t\t\t\t106\t949\t131\n"
    "3\t0.02\tNaN\tnan\tNaN\t107\t950\t132.25\n";

/// The markers of trc_mm in metres, worked out by hand.
Trajectory lasi_m() {
  Trajectory t(3, 3);
  t << 0.1, 0.95, -0.12, nan_value, nan_value, nan_value, nan_value, nan_value, nan_value;
  return t;
}
Trajectory rasi_m() {
  Trajectory t(3, 3);
  t << 0.1055, 0.948, 0.13, 0.106, 0.949, 0.131, 0.107, 0.95, 0.13225;
  return t;
}

/// A TRC text with one marker M whose three values per row are given in `unit`.
std::string one_marker_trc(const std::string& unit, const std::string& rows, int n_frames) {
  return "PathFileType\t4\t(X/Y/Z)\tm.trc\n"
         "DataRate\tCameraRate\tNumFrames\tNumMarkers\tUnits\n"
         "50\t50\t" +
         std::to_string(n_frames) + "\t1\t" + unit +
         "\n"
         "Frame#\tTime\tM\t\t\n"
         "\t\tX1\tY1\tZ1\n" +
         rows;
}

void check_relative(const Trajectory& actual, const Trajectory& expected, double rel) {
  REQUIRE(actual.rows() == expected.rows());
  for (Eigen::Index r = 0; r < actual.rows(); ++r) {
    for (Eigen::Index c = 0; c < 3; ++c) {
      if (std::isnan(expected(r, c))) {
        CHECK(std::isnan(actual(r, c)));
      } else {
        CHECK_THAT(actual(r, c), WithinRel(expected(r, c), rel));
      }
    }
  }
}

/// A trial in OpenSim's frame with random marker positions of every magnitude, some NaN.
Trial random_trial(std::uint32_t seed, long first_frame, double rate_hz) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> mantissa(-2.0, 2.0);
  std::uniform_int_distribution<int> exponent(-6, 2);
  Trial trial;
  trial.point_rate_hz = rate_hz;
  trial.first_frame = first_frame;
  trial.lab_axes = LabAxes(SignedAxis::PosY, SignedAxis::PosX);
  for (const char* name : {"LASI", "RASI", "L KNE", "R.ANK"}) {
    Point p;
    p.name = name;
    p.unit_original = "mm";
    p.values.resize(40, 3);
    for (Eigen::Index r = 0; r < 40; ++r) {
      for (Eigen::Index c = 0; c < 3; ++c) {
        p.values(r, c) = mantissa(rng) * std::pow(10.0, exponent(rng));
      }
    }
    p.values.row(7).setConstant(nan_value);
    p.values(9, 1) = nan_value;
    trial.points.push_back(p);
  }
  return trial;
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// TRC
// ---------------------------------------------------------------------------------------------

TEST_CASE("read_trc_text fills a Trial in metres from a mm file", "[io][trc]") {
  const Trial trial = hipmech::io::read_trc_text(trc_mm, "walk.trc");
  CHECK(trial.point_rate_hz == 100.0);
  CHECK(trial.first_frame == 1);
  CHECK(trial.n_frames() == 3);
  CHECK(trial.source == "walk.trc");
  CHECK(trial.lab_axes == LabAxes(SignedAxis::PosY, SignedAxis::PosX));
  REQUIRE(trial.points.size() == 2);
  CHECK(trial.names() == std::vector<std::string>{"LASI", "RASI"});
  for (const Point& p : trial.points) {
    CHECK(p.kind == PointKind::Marker);
    CHECK(p.unit_original == "mm");
    CHECK(p.residual.size() == 0);
  }
  CHECK_THAT(trial.marker("LASI"), IsNear(lasi_m(), 1e-15));
  CHECK_THAT(trial.marker("RASI"), IsNear(rasi_m(), 1e-15));
  // Time column (0, 0.01, 0.02) agrees with the Trial's frame times.
  CHECK_THAT(trial.times_s()[2], WithinAbs(0.02, 1e-15));
}

TEST_CASE("read_trc_text keeps every header key as a TRC parameter", "[io][trc]") {
  const Trial trial = hipmech::io::read_trc_text(trc_mm);
  const hipmech::io::ParameterGroup* group = trial.parameters.group("TRC");
  REQUIRE(group != nullptr);
  REQUIRE(group->parameters.size() == 8);
  const char* keys[] = {"DataRate", "CameraRate",   "NumFrames",          "NumMarkers",
                        "Units",    "OrigDataRate", "OrigDataStartFrame", "OrigNumFrames"};
  const char* values[] = {"100", "120", "3", "2", "mm", "100", "1", "3"};
  for (std::size_t k = 0; k < 8; ++k) {
    const hipmech::io::Parameter& p = group->parameters[k];
    CHECK(p.name == keys[k]);
    CHECK(p.type == hipmech::io::ParameterType::Char);
    REQUIRE(p.strings.size() == 1);
    CHECK(p.strings[0] == values[k]);
  }
  CHECK(trial.source == "<memory>");
}

TEST_CASE("read_trc_text converts cm and m to metres", "[io][trc]") {
  Trajectory expected(1, 3);
  expected << 0.1, -0.25, 1.5;
  SECTION("mm") {
    const Trial t = hipmech::io::read_trc_text(one_marker_trc("mm", "1\t0\t100\t-250\t1500\n", 1));
    CHECK_THAT(t.marker("M"), IsNear(expected, 1e-15));
    CHECK(t.points[0].unit_original == "mm");
  }
  SECTION("cm") {
    const Trial t = hipmech::io::read_trc_text(one_marker_trc("cm", "1\t0\t10\t-25\t150\n", 1));
    CHECK_THAT(t.marker("M"), IsNear(expected, 1e-15));
    CHECK(t.points[0].unit_original == "cm");
  }
  SECTION("m") {
    const Trial t = hipmech::io::read_trc_text(one_marker_trc("m", "1\t0\t0.1\t-0.25\t1.5\n", 1));
    CHECK_THAT(t.marker("M"), IsNear(expected, 0.0));
    CHECK(t.points[0].unit_original == "m");
  }
  SECTION("upper case") {
    const Trial t = hipmech::io::read_trc_text(one_marker_trc("MM", "1\t0\t100\t-250\t1500\n", 1));
    CHECK_THAT(t.marker("M"), IsNear(expected, 1e-15));
    CHECK(t.points[0].unit_original == "MM");
  }
}

TEST_CASE("read_trc_text accepts the layouts found in practice", "[io][trc]") {
  const Trial reference = hipmech::io::read_trc_text(trc_mm);
  auto same = [&](const std::string& text) {
    const Trial t = hipmech::io::read_trc_text(text);
    CHECK(t.names() == reference.names());
    CHECK_THAT(t.marker("LASI"), IsNear(lasi_m(), 1e-15));
    CHECK_THAT(t.marker("RASI"), IsNear(rasi_m(), 1e-15));
  };
  SECTION("CRLF line endings") {
    same(replace_all(trc_mm, "\n", "\r\n"));
  }
  SECTION("no blank line before the data") {
    same(replace_all(trc_mm, "Z2\n\n", "Z2\n"));
  }
  SECTION("no newline at the end") {
    same(trc_mm.substr(0, trc_mm.size() - 1));
  }
  SECTION("blank lines at the end") {
    same(trc_mm + "\n\r\n\n");
  }
  SECTION("trailing tabs on data rows") {
    same(replace_all(trc_mm, "130\n", "130\t\t\n"));
  }
  SECTION("UTF-8 byte-order mark") {
    same("\xEF\xBB\xBF" + trc_mm);
  }
  SECTION("compact label line") {
    same(replace_all(trc_mm, "LASI\t\t\tRASI\t\t\n", "LASI\tRASI\n"));
  }
}

TEST_CASE("read_trc_text takes first_frame from the first Frame#", "[io][trc]") {
  const Trial t =
      hipmech::io::read_trc_text(one_marker_trc("m", "10\t0.18\t1\t2\t3\n11\t0.2\t4\t5\t6\n", 2));
  CHECK(t.first_frame == 10);
  CHECK(t.point_rate_hz == 50.0);
  CHECK_THAT(t.times_s()[0], WithinAbs(0.18, 1e-15));
}

TEST_CASE("a TRC file without markers or frames reads as an empty trial", "[io][trc]") {
  const Trial t = hipmech::io::read_trc_text(
      "PathFileType\t4\t(X/Y/Z)\tx.trc\nDataRate\tNumFrames\tNumMarkers\tUnits\n"
      "60\t2\t0\tm\nFrame#\tTime\n\t\n1\t0\n2\t0.0166667\n");
  CHECK(t.points.empty());
  CHECK(t.n_frames() == 2);
}

TEST_CASE("read_trc_text rejects malformed files and names the line", "[io][trc]") {
  auto rejects = [](const std::string& text, const std::string& message) {
    REQUIRE_THROWS_AS(hipmech::io::read_trc_text(text, "bad.trc"), FileError);
    REQUIRE_THROWS_WITH(hipmech::io::read_trc_text(text, "bad.trc"),
                        StartsWith("bad.trc: line ") && ContainsSubstring(message));
  };
  SECTION("empty text") {
    rejects("", "line 1: expected 'PathFileType'");
  }
  SECTION("not a TRC file") {
    rejects("version=1\nendheader\n", "line 1: expected 'PathFileType' as the first cell");
  }
  SECTION("header stops early") {
    rejects("PathFileType\t4\n", "line 2: expected the header keys");
    rejects(trc_mm.substr(0, trc_mm.find("Frame#")), "line 4: expected the marker-label line");
  }
  SECTION("key and value counts differ") {
    rejects(replace_all(trc_mm, "1\t3\n", "1\n"), "line 3: expected 8 header values");
  }
  SECTION("duplicate header key") {
    rejects(replace_all(trc_mm, "OrigNumFrames\n", "DataRate\n"),
            "line 2: expected unique header keys, found 'DataRate' in columns 1 and 8");
  }
  SECTION("missing DataRate key") {
    rejects(replace_all(trc_mm, "DataRate\tCamera", "Rate\tCamera"),
            "line 2: expected the header key 'DataRate'");
  }
  SECTION("bad DataRate") {
    rejects(replace_all(trc_mm, "100\t120", "0\t120"), "line 3: expected a positive DataRate");
    rejects(replace_all(trc_mm, "100\t120", "fast\t120"), "found 'fast'");
  }
  SECTION("bad NumFrames") {
    rejects(replace_all(trc_mm, "120\t3\t2", "120\t3.5\t2"),
            "line 3: expected a non-negative integer NumFrames, found '3.5'");
  }
  SECTION("unknown units") {
    rejects(replace_all(trc_mm, "\tmm\t", "\tin\t"),
            "line 3: expected Units mm, cm or m, found 'in'");
  }
  SECTION("NumMarkers disagrees with the labels") {
    rejects(replace_all(trc_mm, "120\t3\t2", "120\t3\t3"),
            "line 4: expected NumMarkers = 3 marker labels (line 3), found 2");
  }
  SECTION("Frame# and Time labels missing") {
    rejects(replace_all(trc_mm, "Frame#\tTime", "Time\tFrame#"),
            "line 4: expected 'Frame#' and 'Time'");
  }
  SECTION("duplicate marker name") {
    rejects(replace_all(trc_mm, "RASI", "LASI"),
            "line 4: expected unique marker names, found 'LASI' in columns 3 and 6");
  }
  SECTION("coordinate labels disagree with NumMarkers") {
    rejects(replace_all(trc_mm, "\tZ2\n", "\n"), "line 5: expected 3 x NumMarkers = 6");
  }
  SECTION("fewer rows than NumFrames") {
    rejects(replace_all(trc_mm, "120\t3\t2", "120\t4\t2"),
            "line 3: expected NumFrames = 4 data rows, found 3 (the data ends on line 9)");
  }
  SECTION("more rows than NumFrames") {
    rejects(replace_all(trc_mm, "120\t3\t2", "120\t2\t2"),
            "line 9: expected NumFrames = 2 data rows (line 3), found more");
  }
  SECTION("short row") {
    rejects(replace_all(trc_mm, "\t131\n", "\n"),
            "line 8: expected 8 cells (Frame#, Time and X, Y, Z of 2 markers), found 7");
  }
  SECTION("short last row (truncated file)") {
    rejects(trc_mm.substr(0, trc_mm.size() - 8), "line 9: expected 8 cells");
  }
  SECTION("too many cells") {
    rejects(replace_all(trc_mm, "\t131\n", "\t131\t5\n"), "line 8: expected 8 cells");
  }
  SECTION("a cell that is not a number") {
    rejects(replace_all(trc_mm, "\t949\t", "\t9.4.9\t"),
            "line 8: expected a number, a blank or NaN in column 7 (marker 'RASI' Y), found "
            "'9.4.9'");
    rejects(replace_all(trc_mm, "\t949\t", "\t949mm\t"), "found '949mm'");
    rejects(replace_all(trc_mm, "\t949\t", "\tinf\t"), "found 'inf'");
    rejects(replace_all(trc_mm, "\t949\t", "\t0x3b5\t"), "found '0x3b5'");
    rejects(replace_all(trc_mm, "\t949\t", "\t1e999\t"), "found '1e999'");
  }
  SECTION("a frame number that is not an integer") {
    rejects(replace_all(trc_mm, "2\t0.01", "2.5\t0.01"),
            "line 8: expected an integer frame number in column 1 (Frame#), found '2.5'");
  }
  SECTION("a missing time") {
    rejects(replace_all(trc_mm, "2\t0.01", "2\t"), "line 8: expected a time in seconds");
  }
  SECTION("frames that are not consecutive") {
    rejects(replace_all(trc_mm, "3\t0.02", "4\t0.02"),
            "line 9: expected frame number 3 (frames are consecutive), found 4");
  }
  SECTION("a blank line inside the data") {
    rejects(replace_all(trc_mm, "131\n", "131\n\n"), "line 9: expected a data row");
  }
}

TEST_CASE("read_trc reports files it cannot open", "[io][trc]") {
  const TempFile missing(".trc");
  REQUIRE_THROWS_AS(hipmech::io::read_trc(missing.str()), FileError);
  REQUIRE_THROWS_WITH(hipmech::io::read_trc(missing.str()),
                      ContainsSubstring("cannot open for reading: No such file or directory"));
  REQUIRE_THROWS_AS(hipmech::io::read_trc(std::filesystem::temp_directory_path().string()),
                    FileError);
}

TEST_CASE("write_trc then read_trc reproduces the markers", "[io][trc]") {
  const Trial trial = random_trial(42, 5, 120.0);
  for (const char* units : {"mm", "cm", "m", "MM"}) {
    INFO(units);
    const Trial back =
        hipmech::io::read_trc_text(hipmech::io::write_trc_text(trial, units), "round trip");
    CHECK(back.names() == trial.names());
    CHECK(back.point_rate_hz == 120.0);
    CHECK(back.first_frame == 5);
    for (const Point& p : trial.points) {
      check_relative(back.marker(p.name), p.values, 1e-11);
    }
    CHECK(back.parameters.string("TRC", "Units") == hipmech::detail::folded(units));
  }
}

TEST_CASE("write_trc round-trips float32 data exactly", "[io][trc]") {
  // Marker data from C3D files are float32 millimetres: 12 significant digits return them.
  std::mt19937 rng(7);
  std::uniform_real_distribution<float> mm(-3000.0f, 3000.0f);
  Trial trial;
  trial.point_rate_hz = 100.0;
  trial.lab_axes = LabAxes("Y", "X");
  Point p;
  p.name = "M";
  p.values.resize(500, 3);
  Eigen::Matrix<float, Eigen::Dynamic, 3, Eigen::RowMajor> original(500, 3);
  for (Eigen::Index r = 0; r < 500; ++r) {
    for (Eigen::Index c = 0; c < 3; ++c) {
      original(r, c) = mm(rng);
      p.values(r, c) = static_cast<double>(original(r, c)) / 1000.0;
    }
  }
  trial.points.push_back(p);
  const Trial back = hipmech::io::read_trc_text(hipmech::io::write_trc_text(trial));
  const Eigen::Matrix<float, Eigen::Dynamic, 3, Eigen::RowMajor> again =
      (back.marker("M") * 1000.0).cast<float>();
  CHECK((again.array() == original.array()).all());
}

TEST_CASE("write_trc writes OpenSim's layout", "[io][trc]") {
  Trial trial;
  trial.point_rate_hz = 100.0;
  trial.first_frame = 3;
  trial.lab_axes = LabAxes("Y", "X");
  Trajectory v(2, 3);
  v << 0.1, 0.95, -0.12, nan_value, 0.5, 0.25;
  trial.points.push_back(Point{"LASI", "", PointKind::Marker, "mm", v, {}});
  trial.points.push_back(Point{"LHipAngles", "", PointKind::Angle, "deg", v, {}});
  const TempFile file(".trc");
  hipmech::io::write_trc(trial, file.str());
  const std::string name = std::filesystem::path(file.str()).filename().string();
  std::ifstream in(file.str(), std::ios::binary);
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  // Expected text written by hand from OpenSim's "Marker (.trc) Files" page; non-markers are
  // left out, NaN is a blank cell, Time = (first_frame - 1 + i) / rate.
  CHECK(text == "PathFileType\t4\t(X/Y/Z)\t" + name +
                    "\n"
                    "DataRate\tCameraRate\tNumFrames\tNumMarkers\tUnits\tOrigDataRate\t"
                    "OrigDataStartFrame\tOrigNumFrames\n"
                    "100\t100\t2\t1\tmm\t100\t3\t2\n"
                    "Frame#\tTime\tLASI\t\t\n"
                    "\t\tX1\tY1\tZ1\n"
                    "\n"
                    "3\t0.02\t100\t950\t-120\n"
                    "4\t0.03\t\t500\t250\n");
  const Trial back = hipmech::io::read_trc(file.str());
  CHECK(back.source == file.str());
  CHECK(back.names() == std::vector<std::string>{"LASI"});
  CHECK_THAT(back.marker("LASI"), IsNear(v, 1e-15));
}

TEST_CASE("write_trc keeps the original header values of a TRC trial", "[io][trc]") {
  const Trial trial = hipmech::io::read_trc_text(trc_mm);
  const std::string text = hipmech::io::write_trc_text(trial);
  CHECK_THAT(text, ContainsSubstring("\n100\t120\t3\t2\tmm\t100\t1\t3\n"));
  const Trial back = hipmech::io::read_trc_text(text);
  CHECK_THAT(back.marker("LASI"), IsNear(lasi_m(), 1e-15));
  CHECK_THAT(back.marker("RASI"), IsNear(rasi_m(), 1e-15));
}

TEST_CASE("write_trc expresses a Z-up trial in OpenSim's Y-up frame", "[io][trc]") {
  Trial trial = random_trial(3, 1, 100.0);
  trial.lab_axes = LabAxes("Z", "X");  // Vicon: right = -Y
  const Trial back = hipmech::io::read_trc_text(hipmech::io::write_trc_text(trial, "m"));
  CHECK(back.lab_axes == LabAxes("Y", "X"));
  for (const Point& p : trial.points) {
    // By hand: OpenSim X = lab X (forward), Y = lab Z (up), Z = -lab Y (right).
    Trajectory expected(p.values.rows(), 3);
    expected.col(0) = p.values.col(0);
    expected.col(1) = p.values.col(2);
    expected.col(2) = -p.values.col(1);
    check_relative(back.marker(p.name), expected, 1e-11);
  }
}

TEST_CASE("write_trc rejects bad arguments", "[io][trc]") {
  Trial trial = random_trial(1, 1, 100.0);
  SECTION("unknown units") {
    REQUIRE_THROWS_AS(hipmech::io::write_trc_text(trial, "in"), InvalidArgument);
    REQUIRE_THROWS_WITH(hipmech::io::write_trc_text(trial, "in"),
                        ContainsSubstring("argument 'units': expected 'mm', 'cm' or 'm'"));
    REQUIRE_THROWS_AS(hipmech::io::write_trc_text(trial, " mm"), InvalidArgument);
  }
  SECTION("rate not positive") {
    trial.point_rate_hz = 0.0;
    REQUIRE_THROWS_AS(hipmech::io::write_trc_text(trial), InvalidArgument);
    trial.point_rate_hz = nan_value;
    REQUIRE_THROWS_WITH(hipmech::io::write_trc_text(trial),
                        ContainsSubstring("argument 'trial.point_rate_hz'"));
  }
  SECTION("marker name with a tab") {
    trial.points[1].name = "R\tASI";
    REQUIRE_THROWS_AS(hipmech::io::write_trc_text(trial), InvalidArgument);
  }
  SECTION("empty marker name") {
    trial.points[1].name = "";
    REQUIRE_THROWS_AS(hipmech::io::write_trc_text(trial), InvalidArgument);
  }
  SECTION("duplicate marker name") {
    trial.points[1].name = "LASI";
    REQUIRE_THROWS_AS(hipmech::io::write_trc_text(trial), InvalidArgument);
  }
  SECTION("marker with another frame count") {
    trial.points[2].values.conservativeResize(10, 3);
    REQUIRE_THROWS_AS(hipmech::io::write_trc_text(trial), InvalidArgument);
  }
  SECTION("infinite value") {
    trial.points[0].values(3, 2) = std::numeric_limits<double>::infinity();
    REQUIRE_THROWS_AS(hipmech::io::write_trc_text(trial), InvalidArgument);
  }
  SECTION("value that overflows in the chosen unit") {
    trial.points[0].values(3, 2) = 1e306;  // m; 1e309 mm is not a double
    REQUIRE_THROWS_WITH(hipmech::io::write_trc_text(trial, "mm"),
                        ContainsSubstring("argument 'units': expected a unit in which every "
                                          "value is finite, got 'mm' (marker 'LASI' overflows)"));
    CHECK_NOTHROW(hipmech::io::write_trc_text(trial, "m"));
  }
  SECTION("rate so small that frame times overflow") {
    trial.point_rate_hz = 1e-320;
    REQUIRE_THROWS_AS(hipmech::io::write_trc_text(trial), InvalidArgument);
  }
  SECTION("unwritable path") {
    REQUIRE_THROWS_AS(hipmech::io::write_trc(trial, "/nonexistent-dir/x.trc"), FileError);
  }
}

// ---------------------------------------------------------------------------------------------
// MOT / STO
// ---------------------------------------------------------------------------------------------

namespace {

/// A coordinates file as OpenSim's "Motion (.mot) Files" page describes it: a name line, the
/// header to endheader, tab-separated labels and rows; a blank and a NaN cell.
const std::string mot_text =
    "Coordinates\n"
    "version=1\n"
    "nRows=3\n"
    "nColumns=3\n"
    "inDegrees=yes\n"
    "endheader\n"
    "time\thip_flexion_r\tknee_angle_r\n"
    "0\t10.5\t-2\n"
    "0.01\t\t-2.5\n"
    "0.02\tNaN\t1e-3\n";

void check_equal(const Table& a, const Table& b) {
  CHECK(a.name == b.name);
  CHECK(a.columns == b.columns);
  CHECK(a.in_degrees == b.in_degrees);
  CHECK(a.header == b.header);
  CHECK_THAT(a.time_s, IsNear(b.time_s, 0.0));
  CHECK_THAT(a.values, IsNear(b.values, 0.0));
}

Table random_table(std::uint32_t seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> mantissa(-1.0, 1.0);
  std::uniform_int_distribution<int> exponent(-20, 20);
  Table t;
  t.name = "random";
  t.columns = {"a", "b c", "d"};
  t.time_s = Eigen::VectorXd::LinSpaced(25, 0.0, 0.24);
  t.values.resize(25, 3);
  for (Eigen::Index r = 0; r < 25; ++r) {
    for (Eigen::Index c = 0; c < 3; ++c) {
      t.values(r, c) = mantissa(rng) * std::pow(10.0, exponent(rng));
    }
  }
  t.values(4, 1) = nan_value;
  t.values(5, 0) = -0.0;
  t.header = {{"version", "1"},
              {"nRows", "25"},
              {"nColumns", "4"},
              {"inDegrees", "no"},
              {"DataType", "double"}};
  return t;
}

}  // namespace

TEST_CASE("read_storage_text reads a motion file and keeps degrees", "[io][mot]") {
  const Table t = hipmech::io::read_storage_text(mot_text);
  CHECK(t.name == "Coordinates");
  CHECK(t.columns == std::vector<std::string>{"hip_flexion_r", "knee_angle_r"});
  CHECK(t.in_degrees);
  using Header = std::vector<std::pair<std::string, std::string>>;
  CHECK(t.header ==
        Header{{"version", "1"}, {"nRows", "3"}, {"nColumns", "3"}, {"inDegrees", "yes"}});
  Eigen::VectorXd time(3);
  time << 0.0, 0.01, 0.02;
  hipmech::Channels values(3, 2);
  values << 10.5, -2.0, nan_value, -2.5, nan_value, 0.001;  // degrees, as in the file
  CHECK_THAT(t.time_s, IsNear(time, 0.0));
  CHECK_THAT(t.values, IsNear(values, 0.0));
  CHECK(t.n_rows() == 3);
  CHECK(t.n_columns() == 2);
}

TEST_CASE("read_storage_text accepts the variants found in practice", "[io][mot]") {
  SECTION("CRLF line endings") {
    const Table t = hipmech::io::read_storage_text(replace_all(mot_text, "\n", "\r\n"));
    CHECK(t.columns.size() == 2);
    CHECK(t.values(0, 0) == 10.5);
    CHECK(t.header[3].second == "yes");
  }
  SECTION("whitespace-separated labels and rows, no version, SIMM comment lines") {
    const Table t = hipmech::io::read_storage_text(
        "walk_ik.mot\ndatacolumns 3\nnRows=2\n  nColumns = 3\n\nendheader\n"
        "time   pelvis_tx  pelvis_ty\n 0.000  0.5  0.9\n 0.008 0.51 0.91 \n");
    CHECK(t.name == "walk_ik.mot");
    CHECK(t.columns == std::vector<std::string>{"pelvis_tx", "pelvis_ty"});
    CHECK(t.header.size() == 2);
    CHECK(t.header[1] == std::pair<std::string, std::string>{"nColumns", "3"});
    CHECK_FALSE(t.in_degrees);
    CHECK(t.values(1, 1) == 0.91);
    CHECK(t.time_s[1] == 0.008);
  }
  SECTION("STO version 1 (OpenSim 4) without a name line") {
    const Table t = hipmech::io::read_storage_text(
        "version=1\nOpenSimVersion=4.1\nDataType=double\ninDegrees=no\nendheader\n"
        "time\tpelvis_tx\n0\t0.5\n0.01\t-nan\n");
    CHECK(t.name.empty());
    CHECK(t.header.size() == 4);
    CHECK(t.header[1] == std::pair<std::string, std::string>{"OpenSimVersion", "4.1"});
    CHECK_FALSE(t.in_degrees);
    CHECK(std::isnan(t.values(1, 0)));
  }
  SECTION("labels only, no rows") {
    const Table t = hipmech::io::read_storage_text("nRows=0\nendheader\ntime\ta\tb\n");
    CHECK(t.n_rows() == 0);
    CHECK(t.n_columns() == 2);
  }
  SECTION("upper-case Time label, trailing tabs, blank lines at the end") {
    const Table t = hipmech::io::read_storage_text("endheader\nTime\ta\t\n1\t2\t\n\n\n");
    CHECK(t.values(0, 0) == 2.0);
  }
}

TEST_CASE("read_storage_text rejects malformed files and names the line", "[io][mot]") {
  auto rejects = [](const std::string& text, const std::string& message) {
    REQUIRE_THROWS_AS(hipmech::io::read_storage_text(text, "bad.mot"), FileError);
    REQUIRE_THROWS_WITH(hipmech::io::read_storage_text(text, "bad.mot"),
                        StartsWith("bad.mot: line ") && ContainsSubstring(message));
  };
  SECTION("empty text") {
    rejects("", "line 1: expected 'endheader'");
  }
  SECTION("no endheader") {
    rejects(replace_all(mot_text, "endheader\n", ""), "line 9: expected 'endheader'");
  }
  SECTION("nothing after endheader") {
    rejects("nRows=1\nendheader\n\n", "line 3: expected the column-label line");
  }
  SECTION("first label is not time") {
    rejects(replace_all(mot_text, "time\t", "t\t"),
            "line 7: expected 'time' as the first column label, found 't'");
  }
  SECTION("empty label") {
    rejects(replace_all(mot_text, "hip_flexion_r", ""),
            "line 7: expected a column label in column 2");
  }
  SECTION("fewer rows than nRows") {
    rejects(replace_all(mot_text, "nRows=3", "nRows=4"),
            "line 3: expected nRows = 4 data rows, found 3 (the data ends on line 10)");
  }
  SECTION("more rows than nRows") {
    rejects(replace_all(mot_text, "nRows=3", "nRows=2"),
            "line 10: expected nRows = 2 data rows (line 3), found more");
  }
  SECTION("nColumns disagrees with the labels") {
    rejects(replace_all(mot_text, "nColumns=3", "nColumns=2"),
            "line 4: expected nColumns = the 3 column labels of line 7 (time included), found 2");
  }
  SECTION("nRows not an integer") {
    rejects(replace_all(mot_text, "nRows=3", "nRows=three"),
            "line 3: expected a non-negative integer nRows, found 'three'");
  }
  SECTION("nRows twice") {
    rejects(replace_all(mot_text, "version=1", "nRows=3"),
            "line 3: expected one nRows line, found a second (first on line 2)");
  }
  SECTION("inDegrees neither yes nor no") {
    rejects(replace_all(mot_text, "inDegrees=yes", "inDegrees=maybe"),
            "line 5: expected inDegrees=yes or inDegrees=no, found 'maybe'");
  }
  SECTION("key missing before '='") {
    rejects(replace_all(mot_text, "version=1", "=1"), "line 2: expected key=value");
  }
  SECTION("short row") {
    rejects(replace_all(mot_text, "\t-2.5\n", "\n"),
            "line 9: expected 3 cells (time and one per column label), found 2");
  }
  SECTION("long row") {
    rejects(replace_all(mot_text, "\t-2.5\n", "\t-2.5\t7\n"), "line 9: expected 3 cells");
  }
  SECTION("missing time") {
    rejects(replace_all(mot_text, "0.01\t", "\t"),
            "line 9: expected a finite time in column 1, found ''");
    rejects(replace_all(mot_text, "0.01\t", "nan\t"), "line 9: expected a finite time");
  }
  SECTION("a cell that is not a number") {
    rejects(replace_all(mot_text, "-2.5", "-2,5"),
            "line 9: expected a number, a blank or NaN in column 3 ('knee_angle_r'), found "
            "'-2,5'");
    rejects(replace_all(mot_text, "-2.5", "Inf"), "found 'Inf'");
  }
  SECTION("a blank line inside the data") {
    rejects(replace_all(mot_text, "-2.5\n", "-2.5\n\n"), "line 10: expected a data row");
  }
}

TEST_CASE("write_mot then read_mot reproduces the table exactly", "[io][mot]") {
  SECTION("a table read from a file") {
    const Table t = hipmech::io::read_storage_text(mot_text);
    check_equal(hipmech::io::read_storage_text(hipmech::io::write_mot_text(t)), t);
    CHECK(hipmech::io::write_mot_text(t) ==
          "Coordinates\nversion=1\nnRows=3\nnColumns=3\ninDegrees=yes\nendheader\n"
          "time\thip_flexion_r\tknee_angle_r\n"
          "0\t10.5\t-2\n0.01\tNaN\t-2.5\n0.02\tNaN\t0.001\n");
  }
  SECTION("random doubles of every magnitude, through files") {
    const Table t = random_table(11);
    const TempFile mot(".mot");
    const TempFile sto(".sto");
    hipmech::io::write_mot(t, mot.str());
    hipmech::io::write_sto(t, sto.str());
    check_equal(hipmech::io::read_mot(mot.str()), t);
    check_equal(hipmech::io::read_sto(sto.str()), t);
    CHECK(std::signbit(hipmech::io::read_mot(mot.str()).values(5, 0)));
    CHECK(hipmech::io::write_sto_text(t) == hipmech::io::write_mot_text(t));
  }
}

TEST_CASE("write_mot sets nRows, nColumns and inDegrees from the table", "[io][mot]") {
  SECTION("keys absent: appended after version=1") {
    Table t;
    t.columns = {"knee_angle_r"};
    t.time_s = Eigen::VectorXd::LinSpaced(2, 0.0, 0.5);
    t.values = hipmech::Channels::Constant(2, 1, 0.25);
    t.in_degrees = true;
    const std::string text = hipmech::io::write_mot_text(t);
    CHECK(text ==
          "version=1\nnRows=2\nnColumns=2\ninDegrees=yes\nendheader\ntime\tknee_angle_r\n"
          "0\t0.25\n0.5\t0.25\n");
    const Table back = hipmech::io::read_storage_text(text);
    CHECK(back.name.empty());
    CHECK(back.header.size() == 4);
    CHECK_THAT(back.values, IsNear(t.values, 0.0));
  }
  SECTION("stale keys: updated in place") {
    Table t = hipmech::io::read_storage_text(mot_text);
    t.time_s.conservativeResize(1);
    t.values.conservativeResize(1, 2);
    t.in_degrees = false;
    const Table back = hipmech::io::read_storage_text(hipmech::io::write_mot_text(t));
    CHECK(back.header[1].second == "1");
    CHECK(back.header[3].second == "no");
    CHECK(back.n_rows() == 1);
  }
}

TEST_CASE("write_mot rejects tables it cannot write faithfully", "[io][mot]") {
  Table t = random_table(5);
  SECTION("columns and values disagree") {
    t.columns.pop_back();
    REQUIRE_THROWS_AS(hipmech::io::write_mot_text(t), InvalidArgument);
    REQUIRE_THROWS_WITH(hipmech::io::write_mot_text(t),
                        ContainsSubstring("argument 'table.values': expected 2 columns"));
  }
  SECTION("time and values disagree") {
    t.time_s.conservativeResize(3);
    REQUIRE_THROWS_AS(hipmech::io::write_mot_text(t), InvalidArgument);
  }
  SECTION("time NaN") {
    t.time_s[2] = nan_value;
    REQUIRE_THROWS_WITH(hipmech::io::write_mot_text(t),
                        ContainsSubstring("argument 'table.time_s'"));
  }
  SECTION("infinite value") {
    t.values(0, 0) = -std::numeric_limits<double>::infinity();
    REQUIRE_THROWS_AS(hipmech::io::write_mot_text(t), InvalidArgument);
  }
  SECTION("labels that break the format") {
    t.columns[0] = "a\tb";
    REQUIRE_THROWS_AS(hipmech::io::write_mot_text(t), InvalidArgument);
    t.columns[0] = "";
    REQUIRE_THROWS_AS(hipmech::io::write_mot_text(t), InvalidArgument);
    t.columns[0] = " a";
    REQUIRE_THROWS_AS(hipmech::io::write_mot_text(t), InvalidArgument);
  }
  SECTION("name that would read as a header key") {
    t.name = "a=b";
    REQUIRE_THROWS_AS(hipmech::io::write_mot_text(t), InvalidArgument);
    t.name = "endheader";
    REQUIRE_THROWS_AS(hipmech::io::write_mot_text(t), InvalidArgument);
    t.name = "two\nlines";
    REQUIRE_THROWS_AS(hipmech::io::write_mot_text(t), InvalidArgument);
  }
  SECTION("header keys that break the format") {
    t.header.emplace_back("a=b", "c");
    REQUIRE_THROWS_AS(hipmech::io::write_mot_text(t), InvalidArgument);
    t.header.back() = {"", "c"};
    REQUIRE_THROWS_AS(hipmech::io::write_mot_text(t), InvalidArgument);
    t.header.back() = {"note", "line\nbreak"};
    REQUIRE_THROWS_AS(hipmech::io::write_mot_text(t), InvalidArgument);
    t.header.back() = {"nRows", "3"};
    REQUIRE_THROWS_WITH(hipmech::io::write_mot_text(t),
                        ContainsSubstring("at most one nRows, nColumns and inDegrees key"));
  }
  SECTION("unwritable path") {
    REQUIRE_THROWS_AS(hipmech::io::write_sto(t, "/nonexistent-dir/x.sto"), FileError);
  }
}

TEST_CASE("read_mot and read_sto report files they cannot open", "[io][mot]") {
  const TempFile missing(".mot");
  REQUIRE_THROWS_AS(hipmech::io::read_mot(missing.str()), FileError);
  REQUIRE_THROWS_WITH(hipmech::io::read_sto(missing.str()),
                      ContainsSubstring(missing.str() + ": cannot open for reading"));
  const TempFile file(".mot");
  write_text(file.str(), "nRows=1\nendheader\ntime\ta\n0\t1\n");
  CHECK(hipmech::io::read_mot(file.str()).values(0, 0) == 1.0);
}

// ---------------------------------------------------------------------------------------------
// Robustness: every prefix and many corruptions of valid files either parse or throw FileError.
// ---------------------------------------------------------------------------------------------

TEST_CASE("the TRC and MOT text readers survive truncated and corrupted input", "[io][trc][mot]") {
  std::mt19937 rng(2024);
  const std::string samples[] = {trc_mm, mot_text};
  const char alphabet[] = "\t\n\r 0-.eE#=NaXYZ\xEF\"";
  for (std::size_t s = 0; s < 2; ++s) {
    const std::string& valid = samples[s];
    auto parse = [&](const std::string& text) {
      try {
        if (s == 0) {
          (void)hipmech::io::read_trc_text(text);
        } else {
          (void)hipmech::io::read_storage_text(text);
        }
      } catch (const FileError&) {
      }
    };
    for (std::size_t n = 0; n <= valid.size(); ++n) parse(valid.substr(0, n));
    std::uniform_int_distribution<std::size_t> position(0, valid.size() - 1);
    std::uniform_int_distribution<std::size_t> letter(0, sizeof alphabet - 2);
    std::uniform_int_distribution<int> byte(0, 255);
    for (int trial = 0; trial < 3000; ++trial) {
      std::string text = valid;
      for (int k = 0; k < 3; ++k) {
        const std::size_t p = position(rng);
        text[p] = trial % 2 == 0 ? alphabet[letter(rng)] : static_cast<char>(byte(rng));
      }
      parse(text);
    }
  }
  SUCCEED("no crash and no exception other than FileError");
}

// issue 21's mutation campaign: one line of millions of tabs cost 26 bytes of memory per byte
// before the split stopped at the header's width. Known answers: trailing empty cells are
// dropped as before; a non-empty cell past the width is "more than" the width; a header line
// of more than 65,536 cells is refused.
TEST_CASE("read_trc_text and read_storage_text bound the cells of a line", "[io][trc][mot]") {
  const std::string tabs(2'000'000, '\t');
  const Trial t =
      hipmech::io::read_trc_text(one_marker_trc("mm", "1\t0\t1\t2\t3" + tabs + "\n", 1));
  CHECK(t.points.at(0).values(0, 2) == 0.003);
  REQUIRE_THROWS_WITH(
      hipmech::io::read_trc_text(one_marker_trc("mm", "1\t0\t1\t2\t3" + tabs + "4\n", 1), "t.trc"),
      ContainsSubstring("line 6: expected 5 cells") && ContainsSubstring("found more than 5"));
  REQUIRE_THROWS_WITH(hipmech::io::read_trc_text("PathFileType\t4" + tabs + "x\n", "t.trc"),
                      ContainsSubstring("line 1: expected at most 65536 cells in a header line"));
  const std::string mot =
      "name\nversion=1\nnRows=1\nnColumns=2\ninDegrees=yes\nendheader\ntime\ta\n";
  CHECK(hipmech::io::read_storage_text(mot + "0\t1" + tabs + "\n").columns.size() == 1);
  REQUIRE_THROWS_WITH(hipmech::io::read_storage_text(mot + "0\t1" + tabs + "2\n", "t.mot"),
                      ContainsSubstring("found more than 2"));
  const std::string spaces(2'000'000, ' ');
  REQUIRE_THROWS_WITH(
      hipmech::io::read_storage_text("name\nendheader\ntime a\n0 1" + spaces + "2 3\n", "t.mot"),
      ContainsSubstring("found more than 2"));
}
