#include <string>

#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_string.hpp>

#include "hipmech/core/side.hpp"

using hipmech::Side;

TEST_CASE("parse_side accepts the spellings users write", "[core][side]") {
  for (const char* text : {"left", "Left", "LEFT", "l", "L", " left "}) {
    CHECK(hipmech::parse_side(text) == Side::Left);
  }
  for (const char* text : {"right", "Right", "r", "R"}) {
    CHECK(hipmech::parse_side(text) == Side::Right);
  }
}

TEST_CASE("parse_side rejects anything else and names the argument", "[core][side]") {
  SECTION("unknown word") {
    REQUIRE_THROWS_AS(hipmech::parse_side("middle"), hipmech::InvalidArgument);
    REQUIRE_THROWS_WITH(
        hipmech::parse_side("middle", "stance_side"),
        Catch::Matchers::Equals(
            "argument 'stance_side': expected 'left' or 'right' (or 'L'/'R'), got 'middle'"));
  }
  SECTION("empty") {
    REQUIRE_THROWS_AS(hipmech::parse_side(""), hipmech::InvalidArgument);
  }
}

TEST_CASE("side helpers are mirror images", "[core][side]") {
  STATIC_REQUIRE(hipmech::opposite(Side::Left) == Side::Right);
  STATIC_REQUIRE(hipmech::opposite(hipmech::opposite(Side::Right)) == Side::Right);
  STATIC_REQUIRE(hipmech::prefix(Side::Left) == 'L');
  STATIC_REQUIRE(hipmech::lateral_sign(Side::Left) == -hipmech::lateral_sign(Side::Right));
  CHECK(hipmech::to_string(Side::Right) == "right");
  CHECK(hipmech::parse_side(hipmech::to_string(Side::Left)) == Side::Left);
}
