/// \file
/// Cancellation of long reads: a hook every file reader calls while it works, so that a caller
/// (the Python bindings, a GUI, a server with a deadline) can abandon a read of a large file
/// without waiting for its end (docs/io.md, "Cancelling a read").
#pragma once

#include <cstddef>
#include <functional>

namespace hipmech::io {

/// A cancellation hook of the readers (read_c3d, read_trc, read_mot, read_sto,
/// read_keypoints_csv and their in-memory forms), given in their options.
///
/// An empty hook (the default) is never called. Otherwise the reader calls it from the reading
/// thread at least once per cancel_check_bytes of input it reads from disk and once per
/// cancel_check_bytes it parses (C3D frames, text lines), never per sample. To abandon the read
/// the hook throws; the exception leaves the reader unchanged (no FileError wraps it), nothing
/// is leaked and no partial result is returned. A hook that returns lets the read go on, and the
/// result is the one a read without a hook gives.
///
/// The Python bindings pass a hook that raises KeyboardInterrupt when Ctrl-C (SIGINT) arrived
/// (pybind11 FAQ, "How can I properly handle Ctrl-C in long-running functions?").
using CancelCheck = std::function<void()>;

/// Bytes of input between two calls of a CancelCheck: 1 MiB, a few milliseconds of parsing.
inline constexpr std::size_t cancel_check_bytes = std::size_t{1} << 20;

}  // namespace hipmech::io
