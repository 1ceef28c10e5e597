// Private text helpers shared by the text readers and writers (opensim.cpp, keypoints.cpp) and
// the file access of the C3D reader/writer. Every helper is bounded by its input: the readers
// are fuzzed (tests/fuzz).
#pragma once

#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "hipmech/core/error.hpp"

namespace hipmech::io::text_detail {

constexpr double nan_value = std::numeric_limits<double>::quiet_NaN();

/// Throws FileError(name, "line N: what").
[[noreturn]] inline void fail(const std::string& name, std::size_t line, const std::string& what) {
  throw FileError(name, "line " + std::to_string(line) + ": " + what);
}

inline bool is_space(char c) noexcept {
  return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

inline std::string_view trim(std::string_view s) noexcept {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

inline bool iequals(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

inline std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

/// A cell for an error message: quoted, shortened, with control bytes escaped.
inline std::string shown(std::string_view s) {
  constexpr std::size_t max_shown = 40;
  std::string out = "'";
  for (std::size_t i = 0; i < s.size() && i < max_shown; ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x20 || c == 0x7f) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", static_cast<unsigned>(c));
      out += buf;
    } else {
      out += static_cast<char>(c);
    }
  }
  if (s.size() > max_shown) out += "...";
  return out + "'";
}

/// The lines of `text` (split at '\n', a trailing '\r' removed, a leading UTF-8 BOM skipped);
/// line i (0-based) is line i + 1 of the file.
inline std::vector<std::string_view> split_lines(std::string_view text) {
  if (text.size() >= 3 && text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  std::vector<std::string_view> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    lines.push_back(line);
    start = end + 1;
  }
  return lines;
}

/// Parses a cell: a decimal number (strtod on a NUL-terminated copy, the whole cell consumed,
/// finite), or NaN for a blank cell and "nan"/"NaN" (any case, optional sign). Returns false for
/// anything else, infinities and hexadecimal forms included.
inline bool parse_cell(std::string_view cell, double& value) {
  cell = trim(cell);
  if (cell.empty()) {
    value = nan_value;
    return true;
  }
  std::string_view unsigned_cell = cell;
  if (unsigned_cell.front() == '+' || unsigned_cell.front() == '-') unsigned_cell.remove_prefix(1);
  if (iequals(unsigned_cell, "nan")) {
    value = nan_value;
    return true;
  }
  for (char c : cell) {
    if (!(std::isdigit(static_cast<unsigned char>(c)) || c == '+' || c == '-' || c == '.' ||
          c == 'e' || c == 'E')) {
      return false;
    }
  }
  const std::string copy(cell);
  char* end = nullptr;
  const double v = std::strtod(copy.c_str(), &end);
  if (end != copy.c_str() + copy.size() || !std::isfinite(v)) return false;
  value = v;
  return true;
}

/// The whole file as bytes (one sized read); FileError with the system's reason otherwise.
inline std::string read_file(const std::string& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    throw FileError(path, "cannot open for reading: is a directory");
  }
  errno = 0;
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  if (!in) {
    throw FileError(path, std::string("cannot open for reading: ") +
                              (errno != 0 ? std::strerror(errno) : "unknown error"));
  }
  const std::streamoff size = in.tellg();
  if (size < 0) throw FileError(path, "cannot determine the file size");
  std::string bytes(static_cast<std::size_t>(size), '\0');
  in.seekg(0);
  if (!in.read(bytes.data(), size)) {
    throw FileError(path, "read failed after " + std::to_string(in.gcount()) + " bytes");
  }
  return bytes;
}

/// Write `bytes` to `path`, replacing it; FileError with the system's reason otherwise.
inline void write_file(const std::string& path, std::string_view bytes) {
  errno = 0;
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) {
    throw FileError(path, std::string("cannot open for writing: ") +
                              (errno != 0 ? std::strerror(errno) : "unknown error"));
  }
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  out.close();
  if (!out) {
    throw FileError(path, std::string("write failed: ") +
                              (errno != 0 ? std::strerror(errno) : "unknown error"));
  }
}

}  // namespace hipmech::io::text_detail
