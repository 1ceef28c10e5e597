// 2-D keypoint CSV files (include/hipmech/io/keypoints.hpp).
//
// Expected values come from the small long-format files below, written by hand in the layout
// pose pipelines export (one row per frame and keypoint: frame, keypoint, x, y, confidence).
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
#include "hipmech/io/keypoints.hpp"

using Catch::Matchers::ContainsSubstring;
using Catch::Matchers::StartsWith;
using hipmech::FileError;
using hipmech::InvalidArgument;
using hipmech::Points2;
using hipmech::io::KeypointOptions;
using hipmech::io::Keypoints2D;
using hipmech::io::read_keypoints_csv_text;
using hipmech::testing::IsNear;

namespace {

const double nan_value = std::numeric_limits<double>::quiet_NaN();

std::string replace_all(std::string s, const std::string& from, const std::string& to) {
  for (std::size_t i = s.find(from); i != std::string::npos; i = s.find(from, i + to.size())) {
    s.replace(i, from.size(), to);
  }
  return s;
}

/// Frames 0, 1 and 2; left_hip absent from frame 1, blank in frame 2; nose NaN in frame 2.
const std::string csv =
    "# exported by a pose pipeline\n"
    "# image_width=1920\n"
    "# image_height = 1080\n"
    "frame,keypoint,x,y,confidence\n"
    "0,nose,960.5,300,0.98\n"
    "0,left_hip,900,700,0.91\n"
    "1,nose,961,301.5,0.2\n"
    "2,left_hip,,,\n"
    "2,nose,NaN,nan,0.5\n";

Points2 nose_px() {
  Points2 p(3, 2);
  p << 960.5, 300.0, 961.0, 301.5, nan_value, nan_value;
  return p;
}
Points2 left_hip_px() {
  Points2 p(3, 2);
  p << 900.0, 700.0, nan_value, nan_value, nan_value, nan_value;
  return p;
}

Eigen::VectorXd series(std::initializer_list<double> values) {
  Eigen::VectorXd s(static_cast<Eigen::Index>(values.size()));
  Eigen::Index i = 0;
  for (double v : values) s[i++] = v;
  return s;
}

}  // namespace

TEST_CASE("read_keypoints_csv_text fills one #frames by 2 array per keypoint", "[io][keypoints]") {
  const Keypoints2D k = read_keypoints_csv_text(csv, "pose.csv", {});
  CHECK(k.names == std::vector<std::string>{"nose", "left_hip"});
  CHECK(k.frames == std::vector<long>{0, 1, 2});
  CHECK(k.n_frames() == 3);
  REQUIRE(k.points_px.size() == 2);
  REQUIRE(k.confidence.size() == 2);
  CHECK_THAT(k.point("nose"), IsNear(nose_px(), 0.0));
  CHECK_THAT(k.point("left_hip"), IsNear(left_hip_px(), 0.0));
  CHECK_THAT(k.confidence[0], IsNear(series({0.98, 0.2, 0.5}), 0.0));
  CHECK_THAT(k.confidence[1], IsNear(series({0.91, nan_value, nan_value}), 0.0));
  CHECK(k.image_width_px == 1920.0);
  CHECK(k.image_height_px == 1080.0);
  CHECK(k.find("left_hip") == 1);
  CHECK(k.find("ear") == -1);
}

TEST_CASE("min_confidence turns weak keypoints into NaN and keeps their confidence",
          "[io][keypoints]") {
  KeypointOptions options;
  options.min_confidence = 0.5;
  const Keypoints2D k = read_keypoints_csv_text(csv, "pose.csv", options);
  Points2 nose = nose_px();
  nose.row(1).setConstant(nan_value);  // confidence 0.2 < 0.5; 0.5 itself is kept
  CHECK_THAT(k.point("nose"), IsNear(nose, 0.0));
  CHECK_THAT(k.confidence[0], IsNear(series({0.98, 0.2, 0.5}), 0.0));
  CHECK_THAT(k.point("left_hip"), IsNear(left_hip_px(), 0.0));

  SECTION("OpenPose's undetected keypoints: (0, 0) with confidence 0") {
    const std::string text = "frame,keypoint,x,y,confidence\n0,nose,0,0,0\n1,nose,5,6,0.7\n";
    CHECK(read_keypoints_csv_text(text, "op.csv", {}).point("nose")(0, 0) == 0.0);
    options.min_confidence = 0.1;
    const Keypoints2D filtered = read_keypoints_csv_text(text, "op.csv", options);
    CHECK(std::isnan(filtered.point("nose")(0, 0)));
    CHECK(filtered.point("nose")(1, 1) == 6.0);
  }
}

TEST_CASE("read_keypoints_csv_text accepts any column order and case, extra columns, quotes",
          "[io][keypoints]") {
  const std::string text =
      "Confidence,X,Frame,time,Y,KEYPOINT,person\n"
      "0.98,960.5,0,0.0,300,nose,1\n"
      "0.91,900,0,0.0,700,\"left_hip\",1\n"
      "0.2,961,1,0.04,301.5,nose,1\n"
      "\n"
      ",,2,0.08,,left_hip,1\n"
      "0.5,NaN,2,0.08,nan,nose,1\n";
  const Keypoints2D k = read_keypoints_csv_text(text, "shuffled.csv", {});
  CHECK(k.names == std::vector<std::string>{"nose", "left_hip"});
  CHECK_THAT(k.point("nose"), IsNear(nose_px(), 0.0));
  CHECK_THAT(k.point("left_hip"), IsNear(left_hip_px(), 0.0));
  CHECK(std::isnan(k.image_width_px));
  CHECK(std::isnan(k.image_height_px));

  SECTION("quoted names with commas and quotes") {
    const Keypoints2D q = read_keypoints_csv_text(
        "frame,keypoint,x,y\n1, \"hip, left\" ,1,2\n1,\"the \"\"nose\"\"\",3,4\n", "q.csv", {});
    CHECK(q.names == std::vector<std::string>{"hip, left", "the \"nose\""});
  }
}

TEST_CASE("frames holds the frame numbers present, sorted, without filling gaps",
          "[io][keypoints]") {
  const Keypoints2D k = read_keypoints_csv_text(
      "frame,keypoint,x,y,confidence\n15,a,5,5,1\n10,a,1,1,1\n12.0,b,2,2,1\n12,a,3,3,1\n",
      "gaps.csv", {});
  CHECK(k.frames == std::vector<long>{10, 12, 15});
  Points2 a(3, 2);
  a << 1, 1, 3, 3, 5, 5;
  Points2 b(3, 2);
  b << nan_value, nan_value, 2, 2, nan_value, nan_value;
  CHECK_THAT(k.point("a"), IsNear(a, 0.0));
  CHECK_THAT(k.point("b"), IsNear(b, 0.0));
}

TEST_CASE("explicit image sizes override the file's comments", "[io][keypoints]") {
  KeypointOptions options;
  options.image_width_px = 1280.0;
  const Keypoints2D k = read_keypoints_csv_text(csv, "pose.csv", options);
  CHECK(k.image_width_px == 1280.0);
  CHECK(k.image_height_px == 1080.0);
}

TEST_CASE("read_keypoints_csv_text reads CRLF files and a file without confidence",
          "[io][keypoints]") {
  SECTION("CRLF") {
    const Keypoints2D k = read_keypoints_csv_text(replace_all(csv, "\n", "\r\n"), "crlf.csv", {});
    CHECK_THAT(k.point("nose"), IsNear(nose_px(), 0.0));
    CHECK(k.image_height_px == 1080.0);
  }
  SECTION("no confidence column: NaN confidence, min_confidence must be 0") {
    const std::string text = "keypoint,frame,x,y\nnose,3,1.5,2.5\n";
    const Keypoints2D k = read_keypoints_csv_text(text, "noconf.csv", {});
    CHECK(std::isnan(k.confidence[0][0]));
    CHECK(k.point("nose")(0, 1) == 2.5);
    KeypointOptions options;
    options.min_confidence = 0.3;
    REQUIRE_THROWS_AS(read_keypoints_csv_text(text, "noconf.csv", options), InvalidArgument);
    REQUIRE_THROWS_WITH(
        read_keypoints_csv_text(text, "noconf.csv", options),
        ContainsSubstring("argument 'options.min_confidence': expected 0 for a file without a "
                          "confidence column"));
  }
  SECTION("header only") {
    const Keypoints2D k = read_keypoints_csv_text("frame,keypoint,x,y\n", "empty.csv", {});
    CHECK(k.names.empty());
    CHECK(k.frames.empty());
  }
}

TEST_CASE("Keypoints2D::point lists the names when the one asked for is absent",
          "[io][keypoints]") {
  const Keypoints2D k = read_keypoints_csv_text(csv, "pose.csv", {});
  REQUIRE_THROWS_AS(k.point("ear"), InvalidArgument);
  REQUIRE_THROWS_WITH(k.point("ear"),
                      ContainsSubstring("argument 'name': expected the name of a keypoint "
                                        "(available: nose, left_hip), got 'ear'"));
}

TEST_CASE("read_keypoints_csv_text rejects bad options", "[io][keypoints]") {
  KeypointOptions options;
  SECTION("min_confidence below 0") {
    options.min_confidence = -0.1;
    REQUIRE_THROWS_AS(read_keypoints_csv_text(csv, "pose.csv", options), InvalidArgument);
  }
  SECTION("min_confidence above 1") {
    options.min_confidence = 1.5;
    REQUIRE_THROWS_WITH(read_keypoints_csv_text(csv, "pose.csv", options),
                        ContainsSubstring("argument 'options.min_confidence': expected a "
                                          "confidence in [0, 1], got 1.5"));
  }
  SECTION("min_confidence NaN") {
    options.min_confidence = nan_value;
    REQUIRE_THROWS_AS(read_keypoints_csv_text(csv, "pose.csv", options), InvalidArgument);
  }
  SECTION("image size not positive") {
    options.image_height_px = -1080.0;
    REQUIRE_THROWS_WITH(read_keypoints_csv_text(csv, "pose.csv", options),
                        ContainsSubstring("argument 'options.image_height_px'"));
    options.image_height_px = std::numeric_limits<double>::infinity();
    REQUIRE_THROWS_AS(read_keypoints_csv_text(csv, "pose.csv", options), InvalidArgument);
  }
  SECTION("checked before the file is opened") {
    options.min_confidence = 2.0;
    REQUIRE_THROWS_AS(hipmech::io::read_keypoints_csv("/nonexistent/x.csv", options),
                      InvalidArgument);
  }
}

TEST_CASE("read_keypoints_csv_text rejects malformed files and names the line", "[io][keypoints]") {
  auto rejects = [](const std::string& text, const std::string& message) {
    REQUIRE_THROWS_AS(read_keypoints_csv_text(text, "bad.csv", {}), FileError);
    REQUIRE_THROWS_WITH(read_keypoints_csv_text(text, "bad.csv", {}),
                        StartsWith("bad.csv: line ") && ContainsSubstring(message));
  };
  SECTION("empty text or comments only") {
    rejects("", "line 1: expected a header row");
    rejects("# image_width=10\n\n", "line 2: expected a header row");
  }
  SECTION("a required column missing") {
    rejects(replace_all(csv, ",y,", ",z,"),
            "line 4: expected the columns frame, keypoint, x "
            "and y (any order and case), found no 'y' column");
  }
  SECTION("a repeated column") {
    rejects(replace_all(csv, "confidence", "X"),
            "line 4: expected unique column names, found 'X' in columns 3 and 5");
  }
  SECTION("a row with too few or too many cells") {
    rejects(replace_all(csv, "300,0.98", "300"),
            "line 5: expected 5 cells as in the header "
            "(line 4), found 4");
    rejects(replace_all(csv, "300,0.98", "300,0.98,1"), "line 5: expected 5 cells");
  }
  SECTION("a frame that is not an integer") {
    rejects(replace_all(csv, "1,nose", "1.5,nose"),
            "line 7: expected an integer frame number in column 1 (frame), found '1.5'");
    rejects(replace_all(csv, "1,nose", ",nose"), "line 7: expected an integer frame number");
  }
  SECTION("an empty keypoint name") {
    rejects(replace_all(csv, "1,nose", "1,"),
            "line 7: expected a keypoint name in column 2 (keypoint), found an empty cell");
  }
  SECTION("x, y or confidence not a number") {
    rejects(replace_all(csv, "960.5", "960,5"), "line 5: expected 5 cells");
    rejects(replace_all(csv, "960.5", "960.5px"),
            "line 5: expected a number, a blank or NaN in column 3 (x), found '960.5px'");
    rejects(replace_all(csv, "301.5", "abc"),
            "line 7: expected a number, a blank or NaN in column 4 (y), found 'abc'");
    rejects(replace_all(csv, "0.91", "high"), "in column 5 (confidence), found 'high'");
  }
  SECTION("a repeated (frame, keypoint) pair") {
    rejects(csv + "0,left_hip,1,1,1\n",
            "line 10: expected one row per (frame, keypoint), found keypoint 'left_hip' at "
            "frame 0 again (first on line 6)");
  }
  SECTION("bad image-size comments") {
    rejects(replace_all(csv, "=1920", "=wide"),
            "line 2: expected a positive image_width in pixels, found 'wide'");
    rejects(replace_all(csv, "=1920", "=0"), "line 2: expected a positive image_width");
    rejects("# image_height=1\n" + csv,
            "line 4: expected one image_height comment, found a second (first on line 1)");
  }
  SECTION("an unterminated quote") {
    rejects(replace_all(csv, "1,nose", "1,\"nose"), "line 7: expected a closing '\"'");
    rejects(replace_all(csv, "1,nose", "1,\"no\"se"), "line 7: expected a closing '\"'");
  }
  SECTION("too sparse for #frames by 2 arrays") {
    std::string text = "frame,keypoint,x,y\n";
    for (int i = 0; i < 3000; ++i) {
      text += std::to_string(i) + ",k" + std::to_string(i) + ",1,2\n";
    }
    rejects(text,
            "expected at most 64 (keypoint, frame) cells per row, found 3000 keypoints x "
            "3000 frames for 3000 rows");
  }
}

TEST_CASE("read_keypoints_csv reads files and reports those it cannot open", "[io][keypoints]") {
  static std::atomic<unsigned> counter{0};
  const auto path =
      std::filesystem::temp_directory_path() /
      ("hipmech_test_keypoints_" +
       std::to_string(std::chrono::steady_clock::now().time_since_epoch().count()) + "_" +
       std::to_string(std::random_device{}()) + "_" + std::to_string(counter++) + ".csv");
  {
    std::ofstream out(path, std::ios::binary);
    out << csv;
  }
  const Keypoints2D k = hipmech::io::read_keypoints_csv(path.string());
  CHECK_THAT(k.point("nose"), IsNear(nose_px(), 0.0));
  std::filesystem::remove(path);
  REQUIRE_THROWS_AS(hipmech::io::read_keypoints_csv(path.string()), FileError);
  REQUIRE_THROWS_WITH(hipmech::io::read_keypoints_csv(path.string()),
                      ContainsSubstring("cannot open for reading: No such file or directory"));
}

TEST_CASE("the keypoint reader survives truncated and corrupted input", "[io][keypoints]") {
  std::mt19937 rng(99);
  const char alphabet[] = ",\n\r \"0-.#=eNaxy";
  auto parse = [](const std::string& text) {
    try {
      (void)read_keypoints_csv_text(text, "fuzz.csv", {});
    } catch (const FileError&) {
    }
  };
  for (std::size_t n = 0; n <= csv.size(); ++n) parse(csv.substr(0, n));
  std::uniform_int_distribution<std::size_t> position(0, csv.size() - 1);
  std::uniform_int_distribution<std::size_t> letter(0, sizeof alphabet - 2);
  std::uniform_int_distribution<int> byte(0, 255);
  for (int round = 0; round < 3000; ++round) {
    std::string text = csv;
    for (int k = 0; k < 3; ++k) {
      const std::size_t p = position(rng);
      text[p] = round % 2 == 0 ? alphabet[letter(rng)] : static_cast<char>(byte(rng));
    }
    parse(text);
  }
  SUCCEED("no crash and no exception other than FileError");
}

// issue 21's mutation campaign: 20 MB of commas on one line cost 1 GB before the split stopped
// at the header's width.
TEST_CASE("read_keypoints_csv_text bounds the cells of a line", "[io][keypoints]") {
  const std::string commas(2'000'000, ',');
  REQUIRE_THROWS_WITH(
      hipmech::io::read_keypoints_csv_text("frame,keypoint,x,y\n0,A,1,2" + commas + "\n", "k.csv"),
      ContainsSubstring("line 2: expected 4 cells as in the header (line 1), found more"));
  REQUIRE_THROWS_WITH(
      hipmech::io::read_keypoints_csv_text("frame,keypoint,x,y" + commas + "\n", "k.csv"),
      ContainsSubstring("line 1: expected at most 65536 columns"));
}
