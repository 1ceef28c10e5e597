/// \file
/// OpenSim's text formats: TRC marker files and MOT/STO storage files (docs/io-text-formats.md).
///
/// TRC: OpenSim documentation, "Marker (.trc) Files"; MOT/STO: OpenSim documentation, "Motion
/// (.mot) Files" and "Storage (.sto) Files". Readers never abort on bad input: every problem is
/// a hipmech::FileError naming the file (or the name given to a text reader) and the line.
///
/// Encodings (docs/io.md, "Text encodings"): UTF-8 (a byte-order mark is skipped), UTF-16 LE
/// or BE with a byte-order mark, and Latin-1 when the file is not UTF-8; every string a reader
/// returns is UTF-8. UTF-32 and NUL characters are refused with a FileError. Writers write UTF-8.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "hipmech/core/trajectory.hpp"
#include "hipmech/io/cancellation.hpp"
#include "hipmech/io/trial.hpp"

namespace hipmech::io {

/// Options of the OpenSim readers (read_trc, read_mot, read_sto and their text forms).
struct OpenSimReadOptions {
  /// Cancellation hook (<hipmech/io/cancellation.hpp>): called from the reading thread before
  /// each cancel_check_bytes read from the file, once the text is decoded and split into lines,
  /// then once per cancel_check_bytes of lines parsed (once per line when a line is longer).
  /// It throws to abandon the read; the exception propagates unchanged. Empty: never called.
  CancelCheck check_cancelled;
};

// ---------------------------------------------------------------------------------------------
// TRC marker files
// ---------------------------------------------------------------------------------------------

/// Reads an OpenSim TRC marker file.
///
/// The Trial holds one PointKind::Marker point per marker label, in file order, with #frames
/// by 3 values converted to metres from the file's `Units` ("mm", "cm" or "m"; kept in
/// Point::unit_original) and NaN where a cell is blank or "NaN". point_rate_hz is `DataRate`,
/// first_frame the first `Frame#`, lab_axes Y up and X forward (OpenSim's ground frame), the
/// parameter group "TRC" holds one Char parameter per header key (`DataRate`, `CameraRate`,
/// `NumFrames`, ...) and source is `path`. The Time column is checked to be a number and
/// otherwise unused: frame times follow from first_frame and point_rate_hz (Trial::times_s).
/// \throws FileError when the file cannot be opened, or (naming the line) when a header line
///         is malformed, `Units` is not mm/cm/m, `NumMarkers` disagrees with the marker labels
///         or the coordinate labels, `NumFrames` disagrees with the data rows, a row has too few
///         or too many cells, a cell is not a number, frame numbers are not consecutive or two
///         markers share a name.
Trial read_trc(const std::string& path, const OpenSimReadOptions& options = {});

/// Parses TRC text held in memory; `name` stands for the path in errors and Trial::source.
/// Safe on any bytes (the entry point of the fuzzer): it throws FileError, never crashes.
Trial read_trc_text(std::string_view text, const std::string& name = "<memory>",
                    const OpenSimReadOptions& options = {});

/// Writes the markers (PointKind::Marker points, in trial order) of `trial` as a TRC file.
///
/// Values are expressed in OpenSim's frame (Y up, X forward, Z right) with
/// `trial.lab_axes.to_isb`, an exact signed permutation (the identity when the trial is already
/// Y up and X forward), and in `units`. NaN is written as an empty cell, numbers with 12
/// significant digits (float32 data round-trips exactly, doubles to 5e-12 relative). Frame# is
/// first_frame + i and Time (first_frame - 1 + i) / point_rate_hz [s]. `CameraRate`,
/// `OrigDataRate`, `OrigDataStartFrame` and `OrigNumFrames` come from the trial's "TRC"
/// parameters when they hold a number, and from the trial otherwise.
/// \param units "mm" (default), "cm" or "m" (case-insensitive).
/// \throws InvalidArgument on other units, a point_rate_hz that is not finite and positive, a
///         marker name that is empty or holds a tab or line break, a marker whose frame count
///         differs from the trial's, or an infinite value.
/// \throws FileError when the file cannot be written.
void write_trc(const Trial& trial, const std::string& path, const std::string& units = "mm");

/// The text write_trc writes; the first header line names the file after trial.source.
std::string write_trc_text(const Trial& trial, const std::string& units = "mm");

// ---------------------------------------------------------------------------------------------
// MOT / STO storage files
// ---------------------------------------------------------------------------------------------

/// A table of time series as OpenSim's motion (.mot) and storage (.sto) files hold it:
/// coordinates, muscle forces, ground reaction forces, ... Values are kept exactly as in the
/// file: a rotational coordinate stays in degrees when `in_degrees` is true, because only the
/// model knows which columns are rotational.
struct Table {
  /// The bare name on the first header line ("Coordinates"), empty when there is none.
  std::string name;
  /// Data column labels, without the leading `time` column.
  std::vector<std::string> columns;
  /// #rows times [s].
  Series time_s;
  /// #rows by #columns values, in the file's units (NaN where missing).
  Channels values;
  /// The header flag `inDegrees=yes`; false when it says "no" or is absent.
  bool in_degrees = false;
  /// Every `key=value` header line, in file order, key and value trimmed (`version`, `nRows`,
  /// `nColumns`, `inDegrees`, `DataType`, `OpenSimVersion`, ...).
  std::vector<std::pair<std::string, std::string>> header;

  Eigen::Index n_rows() const noexcept { return values.rows(); }
  Eigen::Index n_columns() const noexcept { return values.cols(); }
};

/// Reads an OpenSim motion file (.mot).
///
/// Header lines run to `endheader`; the first may be a bare name; `key=value` lines are kept
/// in Table::header; other lines (comments, SIMM's `datacolumns N`) are skipped. Then comes
/// the column-label line (tab separated, or whitespace separated when it holds no tab) whose
/// first label is `time`, then one row per time: tab-separated cells may be blank, which like
/// "NaN"/"nan" reads as NaN. `nRows` (data rows) and `nColumns` (labels, time included) are
/// checked when present.
/// \throws FileError when the file cannot be opened, or (naming the line) on a missing
///         `endheader`, a first label other than `time`, an empty label, an `nRows` or
///         `nColumns` that disagrees with the data, an `inDegrees` other than yes/no, a row
///         with too few or too many cells, a missing or non-finite time, or a cell that is not
///         a number.
Table read_mot(const std::string& path, const OpenSimReadOptions& options = {});

/// Reads an OpenSim storage file (.sto), including the STO version 1 files of OpenSim 4
/// (`version=1`, `OpenSimVersion=...`). The same parser as read_mot.
Table read_sto(const std::string& path, const OpenSimReadOptions& options = {});

/// Parses MOT/STO text held in memory; `name` stands for the path in errors. Safe on any bytes
/// (the entry point of the fuzzer).
Table read_storage_text(std::string_view text, const std::string& name = "<memory>",
                        const OpenSimReadOptions& options = {});

/// Writes `table` as an OpenSim motion file: the name line (when not empty), the header pairs
/// in order with `nRows`, `nColumns` (time included) and `inDegrees` set from the table
/// (appended, with `version=1` first, when absent), `endheader`, a tab-separated label line and
/// rows with the shortest decimal form that reads back to the same double ("NaN" for NaN), so
/// that read_mot(write_mot(t)) equals t exactly apart from the added header keys.
/// \throws InvalidArgument when time_s, values and columns disagree in size, a time is not
///         finite, a value is infinite, or a name, label, key or value would break the format
///         (line breaks; tabs or empty labels; empty keys, '=' in keys or name, `endheader`).
/// \throws FileError when the file cannot be written.
void write_mot(const Table& table, const std::string& path);

/// Writes `table` as an OpenSim storage file (.sto): the same text as write_mot.
void write_sto(const Table& table, const std::string& path);

/// The text write_mot and write_sto write.
std::string write_mot_text(const Table& table);
std::string write_sto_text(const Table& table);

}  // namespace hipmech::io
