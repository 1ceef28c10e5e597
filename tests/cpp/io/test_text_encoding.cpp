// The encodings of the text readers (src/io/text_encoding.hpp; docs/io.md, "Text encodings"):
// the same TRC, MOT and keypoint CSV read from UTF-8, UTF-8 with a byte-order mark, UTF-16 LE
// and BE with a byte-order mark and Latin-1 give the same numbers and UTF-8 labels; UTF-32,
// broken UTF-16, broken UTF-8 after a UTF-8 mark and NUL characters are FileErrors naming the
// line. The UTF-16 bytes are made here from the code units (each ASCII character is one unit
// 0x00NN, "é" is U+00E9, "𝑥" U+1D465 is the surrogate pair D835 DC65; Unicode 15, 3.9).
#include <string>

#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_string.hpp>

#include "helpers/eigen_matchers.hpp"
#include "hipmech/io/keypoints.hpp"
#include "hipmech/io/opensim.hpp"

using Catch::Matchers::ContainsSubstring;
using hipmech::FileError;

namespace {

/// UTF-8 text (ASCII, "é" and 4-byte sequences only) as UTF-16 with a byte-order mark.
std::string utf16(const std::string& utf8, bool big_endian) {
  std::string out = big_endian ? "\xFE\xFF" : "\xFF\xFE";
  const auto put = [&](unsigned unit) {
    const char hi = static_cast<char>((unit >> 8) & 0xFF), lo = static_cast<char>(unit & 0xFF);
    out += big_endian ? hi : lo;
    out += big_endian ? lo : hi;
  };
  for (std::size_t i = 0; i < utf8.size(); ++i) {
    const auto c = static_cast<unsigned char>(utf8[i]);
    if (c < 0x80) {
      put(c);
    } else if (c == 0xC3) {  // U+00C0..U+00FF
      put(0xC0 + (static_cast<unsigned char>(utf8[++i]) & 0x3F));
    } else {  // 0xF0: a 4-byte sequence
      unsigned cp = c & 0x07;
      for (int k = 0; k < 3; ++k) cp = (cp << 6) | (static_cast<unsigned char>(utf8[++i]) & 0x3F);
      cp -= 0x10000;
      put(0xD800 + (cp >> 10));
      put(0xDC00 + (cp & 0x3FF));
    }
  }
  return out;
}

/// UTF-8 text whose only non-ASCII characters are in U+0080..U+00FF, as Latin-1.
std::string latin1(const std::string& utf8) {
  std::string out;
  for (std::size_t i = 0; i < utf8.size(); ++i) {
    const auto c = static_cast<unsigned char>(utf8[i]);
    if (c < 0x80) {
      out += static_cast<char>(c);
    } else {
      out += static_cast<char>(((c & 0x03) << 6) | (static_cast<unsigned char>(utf8[++i]) & 0x3F));
    }
  }
  return out;
}

/// One marker "Genou_é" (a French lab's knee marker), two frames in mm, CRLF line ends.
const std::string trc_utf8 =
    "PathFileType\t4\t(X/Y/Z)\tmarche_René.trc\r\n"
    "DataRate\tCameraRate\tNumFrames\tNumMarkers\tUnits\r\n"
    "100\t100\t2\t1\tmm\r\n"
    "Frame#\tTime\tGenou_\xC3\xA9\t\t\r\n"
    "\t\tX1\tY1\tZ1\r\n"
    "1\t0\t100\t950\t-120\r\n"
    "2\t0.01\t101\t951\t-121.5\r\n";

const std::string mot_utf8 =
    "Cin\xC3\xA9matique\nversion=1\nnRows=2\nnColumns=2\ninDegrees=yes\nendheader\n"
    "time\tflexion_genou_\xC3\xA9\n0\t1.5\n0.01\t-2.25\n";

const std::string csv_utf8 =
    "frame,keypoint,x,y,confidence\n0,t\xC3\xAAte,10.5,20,0.9\n1,t\xC3\xAAte,11,21.25,0.8\n";

}  // namespace

TEST_CASE("read_trc_text reads UTF-8, UTF-8 with a mark, UTF-16 LE/BE and Latin-1 alike",
          "[io][trc][encoding]") {
  const hipmech::io::Trial expected = hipmech::io::read_trc_text(trc_utf8, "utf8.trc");
  REQUIRE(expected.points.size() == 1);
  CHECK(expected.points[0].name == "Genou_\xC3\xA9");
  for (const std::string& bytes : {"\xEF\xBB\xBF" + trc_utf8, utf16(trc_utf8, false),
                                   utf16(trc_utf8, true), latin1(trc_utf8)}) {
    const hipmech::io::Trial t = hipmech::io::read_trc_text(bytes, "x.trc");
    REQUIRE(t.points.size() == 1);
    CHECK(t.points[0].name == "Genou_\xC3\xA9");
    CHECK_THAT(t.points[0].values, hipmech::testing::IsNear(expected.points[0].values, 0.0));
  }
}

TEST_CASE("read_storage_text reads UTF-16 and Latin-1 labels as UTF-8", "[io][mot][encoding]") {
  const hipmech::io::Table expected = hipmech::io::read_storage_text(mot_utf8, "utf8.mot");
  for (const std::string& bytes :
       {utf16(mot_utf8, false), utf16(mot_utf8, true), latin1(mot_utf8)}) {
    const hipmech::io::Table t = hipmech::io::read_storage_text(bytes, "x.mot");
    CHECK(t.name == "Cin\xC3\xA9matique");
    REQUIRE(t.columns.size() == 1);
    CHECK(t.columns[0] == "flexion_genou_\xC3\xA9");
    CHECK_THAT(t.values, hipmech::testing::IsNear(expected.values, 0.0));
    CHECK_THAT(t.time_s, hipmech::testing::IsNear(expected.time_s, 0.0));
  }
}

TEST_CASE("read_keypoints_csv_text reads UTF-16 and Latin-1 names as UTF-8",
          "[io][keypoints][encoding]") {
  for (const std::string& bytes : {csv_utf8, utf16(csv_utf8, false), latin1(csv_utf8)}) {
    const hipmech::io::Keypoints2D k = hipmech::io::read_keypoints_csv_text(bytes, "x.csv");
    REQUIRE(k.names.size() == 1);
    CHECK(k.names[0] == "t\xC3\xAAte");
    CHECK(k.points_px[0](1, 1) == 21.25);
  }
}

TEST_CASE("each line of a file without a byte-order mark is UTF-8 or else Latin-1",
          "[io][mot][encoding]") {
  // A UTF-8 file whose name line was written from a Latin-1 file name: the labels stay UTF-8.
  const std::string mixed = "caf\xE9.mot\nendheader\ntime\tgenou_\xC3\xA9\n0\t1\n";
  const hipmech::io::Table t = hipmech::io::read_storage_text(mixed, "x.mot");
  CHECK(t.name == "caf\xC3\xA9.mot");
  REQUIRE(t.columns.size() == 1);
  CHECK(t.columns[0] == "genou_\xC3\xA9");
}

TEST_CASE("UTF-16 surrogate pairs become 4-byte UTF-8", "[io][mot][encoding]") {
  const std::string mot = "endheader\ntime\t\xF0\x9D\x91\xA5\n0\t1\n";
  const hipmech::io::Table t = hipmech::io::read_storage_text(utf16(mot, true), "x.mot");
  REQUIRE(t.columns.size() == 1);
  CHECK(t.columns[0] == "\xF0\x9D\x91\xA5");
}

TEST_CASE("text readers refuse encodings they cannot read, naming the file and line",
          "[io][encoding]") {
  const auto message = [](const std::string& bytes) {
    try {
      (void)hipmech::io::read_storage_text(bytes, "bad.mot");
    } catch (const FileError& e) {
      return std::string(e.what());
    }
    return std::string("no FileError");
  };
  SECTION("UTF-32 byte-order marks") {
    CHECK_THAT(message(std::string("\xFF\xFE\0\0t\0\0\0", 8)),
               ContainsSubstring("bad.mot: line 1: ") && ContainsSubstring("UTF-32"));
    CHECK_THAT(message(std::string("\0\0\xFE\xFF\0\0\0t", 8)), ContainsSubstring("UTF-32"));
  }
  SECTION("UTF-16 with an odd number of bytes") {
    CHECK_THAT(message(utf16("endheader\ntime\n", false) + "x"),
               ContainsSubstring("bad.mot: line 3: ") && ContainsSubstring("odd number of bytes"));
  }
  SECTION("UTF-16 with a lone surrogate") {
    std::string bytes = utf16("endheader\n", false);
    bytes += std::string("\x00\xDC", 2);
    CHECK_THAT(message(bytes),
               ContainsSubstring("bad.mot: line 2: ") && ContainsSubstring("lone low surrogate"));
    std::string high = utf16("endheader\n", true);
    high += std::string("\xD8\x00\x00t", 4);
    CHECK_THAT(message(high), ContainsSubstring("line 2: ") &&
                                  ContainsSubstring("high surrogate without its low surrogate"));
  }
  SECTION("a UTF-8 byte-order mark before bytes that are not UTF-8") {
    CHECK_THAT(
        message("\xEF\xBB\xBF"
                "endheader\ntime\tgenou_\xE9\n"),
        ContainsSubstring("bad.mot: line 2: ") && ContainsSubstring("0xE9 at byte offset 24"));
  }
  SECTION("UTF-16 without a byte-order mark (NUL characters)") {
    const std::string no_bom = utf16("endheader\ntime\n", false).substr(2);
    CHECK_THAT(message(no_bom), ContainsSubstring("bad.mot: line 1: ") &&
                                    ContainsSubstring("NUL character at byte offset 1") &&
                                    ContainsSubstring("UTF-16 file without a byte-order mark"));
  }
}

TEST_CASE("UTF-8 validation refuses what Python's strict decoder refuses", "[io][encoding]") {
  // Each of these is not UTF-8 (overlong, surrogate, above U+10FFFF, truncated, stray
  // continuation), so the file is read as Latin-1: every byte one character.
  for (const std::string& bad :
       {std::string("\xC0\xAF"), std::string("\xE0\x80\xAF"), std::string("\xED\xA0\x80"),
        std::string("\xF4\x90\x80\x80"), std::string("\xE2\x82"), std::string("\x80")}) {
    const hipmech::io::Table t =
        hipmech::io::read_storage_text("endheader\ntime\tx" + bad + "\n0\t1\n", "x.mot");
    REQUIRE(t.columns.size() == 1);
    CHECK(t.columns[0].size() == 1 + 2 * bad.size());
  }
}
