// A temporary file for the reader and writer tests of every area.
#pragma once

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>

namespace hipmech::test {

/// A path under the system temporary directory, unique to this process and call, removed when
/// the object goes out of scope; with `bytes`, the file is written with them.
class TempFile {
 public:
  explicit TempFile(const std::string& extension) {
    static std::atomic<unsigned> counter{0};
    const auto stamp = std::chrono::steady_clock::now().time_since_epoch().count();
    path_ = std::filesystem::temp_directory_path() /
            ("hipmech_test_" + std::to_string(stamp) + "_" + std::to_string(std::random_device{}()) +
             "_" + std::to_string(counter++) + extension);
  }
  TempFile(const std::string& extension, const std::string& bytes) : TempFile(extension) {
    std::ofstream(path_, std::ios::binary) << bytes;
  }
  ~TempFile() {
    std::error_code ec;
    std::filesystem::remove(path_, ec);
  }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  std::string str() const { return path_.string(); }

 private:
  std::filesystem::path path_;
};

}  // namespace hipmech::test
