/// \file
/// C3D read and write (C3D file format user guide, c3d.org; Motion Lab Systems 2008-2023).
/// Every processor type (Intel, DEC, SGI/MIPS), integer and float data, more than 255 labels,
/// force plates of types 1-4, the EVENT group and the header events (docs/io.md).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "hipmech/io/cancellation.hpp"
#include "hipmech/io/force_plate.hpp"
#include "hipmech/io/trial.hpp"

namespace hipmech::io {

/// Byte order and float format of a C3D file, as its parameter section declares (84 + n).
enum class C3dProcessor : int { Intel = 1, Dec = 2, Mips = 3 };

/// Options of read_c3d.
struct C3dReadOptions {
  ForcePlateOptions force_plates;
  /// Cancellation hook (<hipmech/io/cancellation.hpp>): called from the reading thread before
  /// each cancel_check_bytes read from the file, before the first frame and then once per
  /// cancel_check_bytes of frames decoded (once per frame when a frame is larger), and before
  /// the events and force plates are derived. It throws to abandon the read; the exception
  /// propagates unchanged. Empty: never called.
  CancelCheck check_cancelled;
};

/// Read a C3D file into a Trial: points in SI units by kind (markers m, angles rad, moments
/// N·m, forces N, powers W), analog channels scaled and in SI units, force plates in the lab
/// frame, events, subject parameters, lab axes and the full parameter tree. A file up to
/// 64 MiB is read whole; a larger one is streamed (header and parameters, then the frames a
/// MiB at a time as they are parsed), so a read costs the trial, not a copy of the file.
/// \throws FileError naming the path and the byte offset, parameter or frame that failed, for
///         a missing, truncated, corrupt or non-C3D file; nothing is read partially.
Trial read_c3d(const std::string& path, const C3dReadOptions& options = {});

/// read_c3d on bytes in memory; `name` stands in for the path in error messages.
Trial read_c3d_bytes(const std::uint8_t* data, std::size_t size,
                     const std::string& name = "<memory>", const C3dReadOptions& options = {});

/// Options of write_c3d.
struct C3dWriteOptions {
  /// Byte order and float format to write (readers handle all three; Intel is the default
  /// of every current system).
  C3dProcessor processor = C3dProcessor::Intel;
  /// Store points and analogs as scaled 16-bit integers instead of floats (smaller, lossy:
  /// the scale is chosen from the largest magnitude). Floats by default.
  bool integer_format = false;
};

/// Write a Trial as C3D. Points are converted back to each one's original unit (SI when
/// unit_original is empty) and listed in POINT:ANGLES/FORCES/MOMENTS/POWERS by kind; NaN is
/// written as a missing point (residual -1); analogs are written in their original units;
/// events go to the EVENT group; every other parameter of Trial::parameters is kept.
/// read_c3d(write_c3d(t)) gives t back (float32 precision for values that were not float32).
///
/// Trial::force_plates is what is written (docs/io.md, "Writing force plates"): when it holds
/// plates, FORCE_PLATFORM is rewritten to describe exactly them (types 1-4). A plate as
/// read_c3d gave it keeps its analog channels bit for bit; a plate added (no channels: new
/// ones are appended), retyped or edited is written from its force_n and moment_nm (the
/// inverse of force_plates_from_analog) into the channels it names; the channels of a plate
/// removed stay as plain analog channels. An empty list leaves FORCE_PLATFORM as
/// Trial::parameters describes it. cop_m and free_moment_nm follow from the force and moment
/// and must agree with them where given (make_force_plate builds a consistent plate).
/// \throws InvalidArgument for a trial that cannot be written (inconsistent sizes, an analog
///         rate that is not a whole multiple of the point rate, too many frames; a plate
///         naming `trial.force_plates[k].<field>`: channels that are not its own, a geometry,
///         centre of pressure or free moment its definition does not give, a wrench its type
///         cannot hold), FileError when the file cannot be written.
void write_c3d(const Trial& trial, const std::string& path, const C3dWriteOptions& options = {});

/// write_c3d into bytes in memory.
std::vector<std::uint8_t> write_c3d_bytes(const Trial& trial, const C3dWriteOptions& options = {});

}  // namespace hipmech::io
