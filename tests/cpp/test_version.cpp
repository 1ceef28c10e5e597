#include <string>

#include <catch2/catch_test_macros.hpp>

#include "hipmech/hipmech.hpp"

TEST_CASE("version() is the MAJOR.MINOR.PATCH of the headers", "[version]") {
  const std::string v = hipmech::version();
  CHECK(v == HIPMECH_VERSION_STRING);
  CHECK(v == std::to_string(HIPMECH_VERSION_MAJOR) + "." + std::to_string(HIPMECH_VERSION_MINOR) +
                 "." + std::to_string(HIPMECH_VERSION_PATCH));
}
