/// \file
/// Exception types thrown by hipmech. Every one derives from a standard exception, so callers
/// may catch `std::invalid_argument` / `std::runtime_error` without knowing hipmech; the Python
/// binding maps them to ValueError (InvalidArgument), OSError (FileError) and RuntimeError
/// (NumericalError). No hipmech function aborts, asserts or exits on user input.
#pragma once

#include <stdexcept>
#include <string>
#include <utility>

namespace hipmech {

/// A caller passed a bad argument: wrong shape, size, value, unit or a non-finite value where
/// none is allowed. The message reads "argument 'NAME': expected EXPECTED, got GOT".
class InvalidArgument : public std::invalid_argument {
 public:
  InvalidArgument(std::string argument, std::string expected, std::string got)
      : std::invalid_argument("argument '" + argument + "': expected " + expected + ", got " + got),
        argument_(std::move(argument)),
        expected_(std::move(expected)),
        got_(std::move(got)) {}

  /// Name of the offending argument, as spelled in the API (C++ and Python alike).
  const std::string& argument() const noexcept { return argument_; }
  /// What the function needed, in words ("shape (n_frames, 3)").
  const std::string& expected() const noexcept { return expected_; }
  /// What arrived ("shape (10, 2)").
  const std::string& got() const noexcept { return got_; }

 private:
  std::string argument_;
  std::string expected_;
  std::string got_;
};

/// A file could not be opened, read or written, or its content is not what its format says.
/// The message names the path and, where known, the byte offset or line.
class FileError : public std::runtime_error {
 public:
  FileError(std::string path, const std::string& what)
      : std::runtime_error(path + ": " + what), path_(std::move(path)) {}

  /// Path of the file concerned, as given by the caller.
  const std::string& path() const noexcept { return path_; }

 private:
  std::string path_;
};

/// A numerical method failed on valid input (no convergence, singular system); the message
/// names the method and the condition.
class NumericalError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace hipmech
