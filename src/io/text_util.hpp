// Private text helpers shared by the text readers and writers (opensim.cpp, keypoints.cpp) and
// the file access of the C3D reader/writer. Every helper is bounded by its input: the readers
// are fuzzed (tests/fuzz).
#pragma once

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
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
#include "hipmech/io/cancellation.hpp"

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

/// Refuses a path holding a NUL byte: the C library would stop at it and open another file
/// ("precious.c3d\0.x" is "precious.c3d"). InvalidArgument naming `path`.
inline void check_path(const std::string& path) {
  const std::size_t nul = path.find('\0');
  if (nul != std::string::npos) {
    std::string shown = path;
    shown.replace(nul, 1, "\\x00");
    throw InvalidArgument("path", "a file path without NUL bytes",
                          "'" + shown + "' (NUL at character " + std::to_string(nul) + ")");
  }
}

/// Size of the file [bytes]; FileError naming it when it cannot be opened or is a directory.
inline std::size_t file_size(const std::string& path) {
  check_path(path);
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
  return static_cast<std::size_t>(size);
}

/// Calls a CancelCheck once per cancel_check_bytes of input: `advance(n)` for each piece of n
/// bytes (a line, a frame) is a counter update, and a call of the hook each time the running
/// total passes a multiple of the interval (once per piece when a piece is larger). An empty
/// hook is never called.
class CancelPoll {
 public:
  explicit CancelPoll(const CancelCheck& check) noexcept : check_(check) {}
  /// Calls the hook now (between the stages of a read).
  void now() const {
    if (check_) check_();
  }
  void advance(std::size_t bytes) {
    pending_ += bytes;
    if (pending_ >= cancel_check_bytes) {
      pending_ %= cancel_check_bytes;
      now();
    }
  }

 private:
  const CancelCheck& check_;
  std::size_t pending_ = 0;
};

/// The first `n` bytes of the file (fewer when it is shorter); FileError otherwise. Read in
/// pieces of cancel_check_bytes, `check` called before each.
inline std::string read_file_prefix(const std::string& path, std::size_t n,
                                    const CancelCheck& check = {}) {
  const std::size_t size = file_size(path);
  const std::size_t count = std::min(n, size);
  std::ifstream in(path, std::ios::binary);
  if (!in) throw FileError(path, "cannot open for reading");
  std::string bytes(count, '\0');
  for (std::size_t done = 0; done < count;) {
    if (check) check();
    const std::size_t piece = std::min(count - done, cancel_check_bytes);
    if (!in.read(bytes.data() + done, static_cast<std::streamsize>(piece))) {
      throw FileError(path, "read failed after " +
                                std::to_string(done + static_cast<std::size_t>(in.gcount())) +
                                " bytes");
    }
    done += piece;
  }
  return bytes;
}

/// Largest text file read whole [bytes] (TRC, MOT/STO, keypoint CSV): 1 GiB, far above any
/// motion file (a 10-minute 200-marker TRC at 100 Hz is about 300 MB).
inline constexpr std::size_t kMaxTextFileBytes = std::size_t{1} << 30;

/// The whole file as bytes (read_file_prefix: `check` called once per cancel_check_bytes);
/// FileError with the system's reason otherwise, or when it is larger than `max_bytes`.
inline std::string read_file(const std::string& path, const CancelCheck& check = {},
                             std::size_t max_bytes = kMaxTextFileBytes) {
  const std::size_t size = file_size(path);
  if (size > max_bytes) {
    throw FileError(path, std::to_string(size) + " bytes, larger than the " +
                              std::to_string(max_bytes) + "-byte limit for this kind of file");
  }
  return read_file_prefix(path, size, check);
}

/// Write `bytes` to `path` atomically: a temporary file in the same directory, flushed to disk
/// (fsync), then renamed over `path`. A failure (full disk, no permission) leaves the old file
/// as it was and no temporary file; FileError with the system's reason.
inline void write_file(const std::string& path, std::string_view bytes) {
  check_path(path);
  const std::filesystem::path target(path);
  std::error_code ec;
  if (std::filesystem::is_directory(target, ec)) {
    throw FileError(path, "cannot open for writing: is a directory");
  }
  static std::atomic<unsigned> counter{0};  // writes may run in parallel (GIL released)
  const std::string tmp = path + ".tmp-" + std::to_string(static_cast<unsigned long>(::getpid())) +
                          "-" + std::to_string(++counter);
  const auto fail = [&](const std::string& what) {
    std::error_code ignored;
    std::filesystem::remove(tmp, ignored);
    throw FileError(path, what);
  };
  errno = 0;
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
  if (fd < 0) {
    throw FileError(path, std::string("cannot open for writing: ") + std::strerror(errno));
  }
  std::size_t done = 0;
  while (done < bytes.size()) {
    const ::ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      const std::string why = std::strerror(errno);
      ::close(fd);
      fail("write failed after " + std::to_string(done) + " bytes: " + why);
    }
    done += static_cast<std::size_t>(n);
  }
  if (::fsync(fd) != 0) {
    const std::string why = std::strerror(errno);
    ::close(fd);
    fail("write failed (fsync): " + why);
  }
  if (::close(fd) != 0) fail(std::string("write failed (close): ") + std::strerror(errno));
  std::filesystem::rename(tmp, target, ec);
  if (ec) fail("cannot replace the file: " + ec.message());
}

}  // namespace hipmech::io::text_detail
