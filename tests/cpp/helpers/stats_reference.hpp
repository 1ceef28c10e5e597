// Values of ../shared/validation/stats_reference/stats_reference_values.json for the stats
// tests: a minimal reader (numbers and lists of numbers after a key), no JSON library needed.
#pragma once

#include <catch2/catch_test_macros.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <Eigen/Core>

namespace hipmech::test {

/// The text of stats_reference_values.json from key `section` on; SKIPs when the file is absent.
inline std::string reference_section(const char* section) {
  const std::filesystem::path file = std::filesystem::path(HIPMECH_VALIDATION_DIR) /
                                     "stats_reference" / "stats_reference_values.json";
  if (!std::filesystem::exists(file)) SKIP("validation data not found at " << file.string());
  std::ifstream in(file);
  std::stringstream ss;
  ss << in.rdbuf();
  const std::string text = ss.str();
  const auto pos = text.find(std::string("\"") + section + "\"");
  REQUIRE(pos != std::string::npos);
  return text.substr(pos);
}

/// The first value after `"key":` in `text`: a number, or the numbers of a [..] list.
inline std::vector<double> json_values(const std::string& text, const char* key) {
  const auto pos = text.find(std::string("\"") + key + "\":");
  REQUIRE(pos != std::string::npos);
  const char* p = text.c_str() + pos + std::char_traits<char>::length(key) + 3;
  while (*p == ' ') ++p;
  std::vector<double> out;
  const bool list = *p == '[';
  if (list) ++p;
  do {
    while (*p == ' ' || *p == ',' || *p == '\n') ++p;
    char* end = nullptr;
    out.push_back(std::strtod(p, &end));
    REQUIRE(end != p);
    p = end;
    while (*p == ' ' || *p == '\n') ++p;
  } while (list && *p == ',');
  return out;
}

/// A std::vector as an Eigen vector (a copy).
inline Eigen::VectorXd vec(const std::vector<double>& v) {
  return Eigen::Map<const Eigen::VectorXd>(v.data(), static_cast<Eigen::Index>(v.size()));
}

}  // namespace hipmech::test
