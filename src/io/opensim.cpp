// OpenSim's text formats: TRC marker files and MOT/STO storage files
// (include/hipmech/io/opensim.hpp, docs/io-text-formats.md).
#include "hipmech/io/opensim.hpp"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <limits>
#include <unordered_map>

#include "hipmech/core/check.hpp"
#include "text_encoding.hpp"
#include "text_util.hpp"

namespace hipmech::io {
namespace {

using namespace text_detail;  // fail, trim, parse_cell, read_file, ... (text_util.hpp)

// ---------------------------------------------------------------------------------------------
// Text helpers (every one bounded by its input: the readers are fuzzed).
// ---------------------------------------------------------------------------------------------

bool is_blank(std::string_view line) noexcept {
  return trim(line).empty();
}

/// At most this many cells are split from a header line (65,536 cells: 21,845 markers in a
/// TRC); a data line's cells are bounded by its header's width. The bound keeps one line of
/// millions of tabs from costing gigabytes of cells (26 bytes of memory per byte of the line
/// before; issue 21's mutation campaign).
constexpr std::size_t kMaxHeaderCells = std::size_t{1} << 16;

/// True when `rest` holds only tabs and spaces: cells that are all empty.
bool only_blank_cells(std::string_view rest) noexcept {
  return rest.find_first_not_of(" \t\r\f\v") == std::string_view::npos;
}

/// Cells of a tab-separated line, each trimmed of spaces; at most `max_cells`, then the rest
/// of the line as one more cell unless it holds only empty cells (so a caller sees more
/// cells than it allows without splitting them all).
std::vector<std::string_view> split_tabs(std::string_view line,
                                         std::size_t max_cells = kMaxHeaderCells) {
  std::vector<std::string_view> cells;
  std::size_t start = 0;
  while (true) {
    if (cells.size() == max_cells) {
      if (!only_blank_cells(line.substr(start))) cells.push_back(trim(line.substr(start)));
      return cells;
    }
    const std::size_t end = line.find('\t', start);
    if (end == std::string_view::npos) {
      cells.push_back(trim(line.substr(start)));
      return cells;
    }
    cells.push_back(trim(line.substr(start, end - start)));
    start = end + 1;
  }
}

/// Cells of a whitespace-separated line (runs of spaces are one separator); at most
/// `max_cells`, then the rest as one more cell (as split_tabs).
std::vector<std::string_view> split_whitespace(std::string_view line,
                                               std::size_t max_cells = kMaxHeaderCells) {
  std::vector<std::string_view> cells;
  std::size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && is_space(line[i])) ++i;
    if (cells.size() == max_cells) {
      if (i < line.size()) cells.push_back(trim(line.substr(i)));
      return cells;
    }
    const std::size_t start = i;
    while (i < line.size() && !is_space(line[i])) ++i;
    if (i > start) cells.push_back(line.substr(start, i - start));
  }
  return cells;
}

/// MOT/STO cells: tab separated when the line holds a tab, whitespace separated otherwise.
std::vector<std::string_view> split_storage(std::string_view line,
                                            std::size_t max_cells = kMaxHeaderCells) {
  return line.find('\t') != std::string_view::npos ? split_tabs(line, max_cells)
                                                   : split_whitespace(line, max_cells);
}

/// "N" cells found, or "more than N" when a split stopped at N.
std::string cells_found(const std::vector<std::string_view>& cells, std::size_t max_cells) {
  return cells.size() > max_cells ? "more than " + std::to_string(max_cells)
                                  : std::to_string(cells.size());
}

/// FileError when a header line holds more than kMaxHeaderCells cells.
void check_header_cells(const std::vector<std::string_view>& cells, const std::string& name,
                        std::size_t line_number) {
  if (cells.size() > kMaxHeaderCells) {
    fail(name, line_number,
         "expected at most " + std::to_string(kMaxHeaderCells) +
             " cells in a header line, found more");
  }
}

/// Drops empty cells after the first `width` (trailing tabs).
void drop_trailing_empty(std::vector<std::string_view>& cells, std::size_t width) {
  while (cells.size() > width && cells.back().empty()) cells.pop_back();
}

/// Parses an integer of at most 15 digits with an optional sign (frame numbers, counts).
bool parse_integer(std::string_view cell, long& value) {
  cell = trim(cell);
  bool negative = false;
  if (!cell.empty() && (cell.front() == '+' || cell.front() == '-')) {
    negative = cell.front() == '-';
    cell.remove_prefix(1);
  }
  if (cell.empty() || cell.size() > 15) return false;
  long v = 0;
  for (char c : cell) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
    v = 10 * v + (c - '0');
  }
  value = negative ? -v : v;
  return true;
}

/// `value` with `digits` significant digits ("%.*g").
std::string format_g(double value, int digits) {
  char buf[40];
  const int n = std::snprintf(buf, sizeof buf, "%.*g", digits, value);
  return std::string(buf, static_cast<std::size_t>(std::max(n, 0)));
}

/// The shortest of 15, 16 and 17 significant digits that reads back to the same double.
std::string format_exact(double value) {
  std::string s;
  for (int digits = 15; digits <= 17; ++digits) {
    s = format_g(value, digits);
    if (std::strtod(s.c_str(), nullptr) == value) break;
  }
  return s;
}

/// Throws InvalidArgument unless `text` can stand as a tab-separated cell or a header word:
/// not empty (unless allowed), no tab or line break, no surrounding spaces (readers trim them).
void check_cell_text(const std::string& text, const std::string& argument, bool allow_empty,
                     bool allow_tab) {
  const bool ok =
      (allow_empty || !text.empty()) && text.find_first_of("\n\r") == std::string::npos &&
      (allow_tab || text.find('\t') == std::string::npos) && trim(text).size() == text.size();
  HIPMECH_CHECK_ARG(ok, argument,
                    std::string(allow_empty ? "text" : "non-empty text") + " without line breaks" +
                        (allow_tab ? "" : ", tabs") + " or surrounding spaces",
                    shown(text));
}

// ---------------------------------------------------------------------------------------------
// TRC
// ---------------------------------------------------------------------------------------------

/// Metres per unit: the divisor from `unit` to metres (mm 1000, cm 100, m 1), 0 if unknown.
double per_metre(std::string_view unit) {
  const std::string u = lower(trim(unit));
  if (u == "mm") return 1000.0;
  if (u == "cm") return 100.0;
  if (u == "m") return 1.0;
  return 0.0;
}

constexpr const char* trc_keys[] = {"DataRate",           "CameraRate",   "NumFrames",
                                    "NumMarkers",         "Units",        "OrigDataRate",
                                    "OrigDataStartFrame", "OrigNumFrames"};

Trial parse_trc(std::string_view text, const std::string& name, const OpenSimReadOptions& options) {
  CancelPoll poll(options.check_cancelled);
  std::string decoded;  // the text in UTF-8 when the file is not (text_encoding.hpp)
  const std::vector<std::string_view> lines = split_lines(utf8_text(text, name, decoded));
  poll.now();
  auto header_line = [&](std::size_t i, const char* expected) {
    if (i >= lines.size())
      fail(name, i + 1, std::string("expected ") + expected + ", found the end of the file");
    return lines[i];
  };

  // Line 1: PathFileType  4  (X/Y/Z)  file name.
  const std::vector<std::string_view> first = split_tabs(header_line(0, "'PathFileType'"));
  check_header_cells(first, name, 1);
  if (!iequals(first[0], "PathFileType")) {
    fail(name, 1,
         "expected 'PathFileType' as the first cell of a TRC file, found " + shown(first[0]));
  }

  // Lines 2 and 3: header keys and their values.
  std::vector<std::string_view> keys = split_tabs(header_line(1, "the header keys (DataRate ...)"));
  std::vector<std::string_view> values = split_tabs(header_line(2, "the header values"));
  check_header_cells(keys, name, 2);
  check_header_cells(values, name, 3);
  drop_trailing_empty(keys, 0);
  drop_trailing_empty(values, 0);
  std::unordered_map<std::string, std::size_t> key_index;
  for (std::size_t k = 0; k < keys.size(); ++k) {
    if (keys[k].empty()) {
      fail(name, 2,
           "expected a header key in column " + std::to_string(k + 1) + ", found an empty cell");
    }
    const auto [seen, inserted] = key_index.try_emplace(lower(keys[k]), k);
    if (!inserted) {
      fail(name, 2,
           "expected unique header keys, found " + shown(keys[k]) + " in columns " +
               std::to_string(seen->second + 1) + " and " + std::to_string(k + 1));
    }
  }
  if (values.size() != keys.size()) {
    fail(name, 3,
         "expected " + std::to_string(keys.size()) +
             " header values (one per key on line 2), found " + std::to_string(values.size()));
  }
  auto value_of = [&](const char* key) {
    const auto found = key_index.find(lower(key));
    if (found == key_index.end()) {
      fail(name, 2, std::string("expected the header key '") + key + "', found none");
    }
    return values[found->second];
  };
  double rate_hz = 0.0;
  if (!parse_cell(value_of("DataRate"), rate_hz) || !(rate_hz > 0.0)) {
    fail(name, 3, "expected a positive DataRate in Hz, found " + shown(value_of("DataRate")));
  }
  long n_frames_header = 0;
  long n_markers_header = 0;
  if (!parse_integer(value_of("NumFrames"), n_frames_header) || n_frames_header < 0) {
    fail(name, 3,
         "expected a non-negative integer NumFrames, found " + shown(value_of("NumFrames")));
  }
  if (!parse_integer(value_of("NumMarkers"), n_markers_header) || n_markers_header < 0) {
    fail(name, 3,
         "expected a non-negative integer NumMarkers, found " + shown(value_of("NumMarkers")));
  }
  const std::string_view unit = value_of("Units");
  const double unit_per_metre = per_metre(unit);
  if (unit_per_metre == 0.0) {
    fail(name, 3, "expected Units mm, cm or m, found " + shown(unit));
  }

  // Line 4: Frame#  Time  M1  <blank>  <blank>  M2 ...
  const std::vector<std::string_view> labels =
      split_tabs(header_line(3, "the marker-label line (Frame#, Time, marker names)"));
  check_header_cells(labels, name, 4);
  if (labels.size() < 2 || !iequals(labels[0], "Frame#") || !iequals(labels[1], "Time")) {
    fail(name, 4,
         "expected 'Frame#' and 'Time' as the first two labels, found " +
             shown(lines[3].substr(0, 40)));
  }
  std::vector<std::string> marker_names;
  std::unordered_map<std::string_view, std::size_t> marker_columns;
  for (std::size_t c = 2; c < labels.size(); ++c) {
    if (labels[c].empty()) continue;
    const auto [seen, inserted] = marker_columns.try_emplace(labels[c], c);
    if (!inserted) {
      fail(name, 4,
           "expected unique marker names, found " + shown(labels[c]) + " in columns " +
               std::to_string(seen->second + 1) + " and " + std::to_string(c + 1));
    }
    marker_names.emplace_back(labels[c]);
  }
  if (static_cast<long>(marker_names.size()) != n_markers_header) {
    fail(name, 4,
         "expected NumMarkers = " + std::to_string(n_markers_header) +
             " marker labels (line 3), found " + std::to_string(marker_names.size()));
  }
  const std::size_t n_markers = marker_names.size();

  // Line 5: <blank> <blank> X1 Y1 Z1 X2 ...
  const std::vector<std::string_view> coordinates =
      split_tabs(header_line(4, "the coordinate-label line (X1, Y1, Z1, ...)"));
  check_header_cells(coordinates, name, 5);
  std::size_t n_coordinates = 0;
  for (std::size_t c = 2; c < coordinates.size(); ++c) {
    if (!coordinates[c].empty()) ++n_coordinates;
  }
  if (n_coordinates != 3 * n_markers) {
    fail(name, 5,
         "expected 3 x NumMarkers = " + std::to_string(3 * n_markers) +
             " coordinate labels (X1, Y1, Z1, ...), found " + std::to_string(n_coordinates));
  }

  // Data rows, after optional blank lines; blank lines may also end the file.
  const std::size_t width = 2 + 3 * n_markers;
  std::size_t i = 5;
  while (i < lines.size() && is_blank(lines[i])) ++i;
  std::vector<double> data;
  long first_frame = 1;
  long previous_frame = 0;
  long n_rows = 0;
  std::size_t last_data_line = 5;
  for (; i < lines.size(); ++i) {
    const std::size_t line_number = i + 1;
    poll.advance(lines[i].size() + 1);
    if (is_blank(lines[i])) {
      std::size_t j = i;
      while (j < lines.size() && is_blank(lines[j])) ++j;
      if (j == lines.size()) break;
      fail(name, line_number,
           "expected a data row, found a blank line (blank lines may only precede the data or "
           "end the file)");
    }
    if (n_rows == n_frames_header) {
      fail(name, line_number,
           "expected NumFrames = " + std::to_string(n_frames_header) +
               " data rows (line 3), found more");
    }
    std::vector<std::string_view> cells = split_tabs(lines[i], width);
    drop_trailing_empty(cells, width);
    if (cells.size() != width) {
      fail(name, line_number,
           "expected " + std::to_string(width) + " cells (Frame#, Time and X, Y, Z of " +
               std::to_string(n_markers) + " markers), found " + cells_found(cells, width));
    }
    long frame = 0;
    if (!parse_integer(cells[0], frame)) {
      fail(name, line_number,
           "expected an integer frame number in column 1 (Frame#), found " + shown(cells[0]));
    }
    if (n_rows == 0) {
      first_frame = frame;
    } else if (frame != previous_frame + 1) {
      fail(name, line_number,
           "expected frame number " + std::to_string(previous_frame + 1) +
               " (frames are consecutive), found " + std::to_string(frame));
    }
    previous_frame = frame;
    double time_s = 0.0;
    if (!parse_cell(cells[1], time_s) || std::isnan(time_s)) {
      fail(name, line_number,
           "expected a time in seconds in column 2 (Time), found " + shown(cells[1]));
    }
    for (std::size_t c = 2; c < width; ++c) {
      double v = 0.0;
      if (!parse_cell(cells[c], v)) {
        const std::size_t m = (c - 2) / 3;
        fail(name, line_number,
             "expected a number, a blank or NaN in column " + std::to_string(c + 1) + " (marker " +
                 shown(marker_names[m]) + " " + "XYZ"[(c - 2) % 3] + "), found " + shown(cells[c]));
      }
      data.push_back(v / unit_per_metre);
    }
    ++n_rows;
    last_data_line = line_number;
  }
  if (n_rows != n_frames_header) {
    fail(name, 3,
         "expected NumFrames = " + std::to_string(n_frames_header) + " data rows, found " +
             std::to_string(n_rows) + " (the data ends on line " + std::to_string(last_data_line) +
             ")");
  }

  poll.now();
  Trial trial;
  trial.point_rate_hz = rate_hz;
  trial.first_frame = first_frame;
  trial.lab_axes = LabAxes(SignedAxis::PosY, SignedAxis::PosX);
  trial.source = name;
  trial.n_frames_without_points = n_rows;
  trial.points.resize(n_markers);
  for (std::size_t m = 0; m < n_markers; ++m) {
    Point& p = trial.points[m];
    p.name = marker_names[m];
    p.kind = PointKind::Marker;
    p.unit_original = std::string(trim(unit));
    p.values.resize(n_rows, 3);
    for (Eigen::Index r = 0; r < n_rows; ++r) {
      for (Eigen::Index k = 0; k < 3; ++k) {
        p.values(r, k) =
            data[static_cast<std::size_t>(r) * (width - 2) + 3 * m + static_cast<std::size_t>(k)];
      }
    }
  }
  ParameterGroup group;
  group.name = "TRC";
  group.description = "TRC header (lines 2 and 3)";
  for (std::size_t k = 0; k < keys.size(); ++k) {
    group.parameters.push_back(
        make_parameter(std::string(keys[k]), std::vector<std::string>{std::string(values[k])}));
  }
  trial.parameters.groups.push_back(std::move(group));
  return trial;
}

std::string trc_text(const Trial& trial, const std::string& units, const std::string& file_name) {
  const double unit_per_metre = per_metre(units);
  HIPMECH_CHECK_ARG(unit_per_metre != 0.0 && trim(units).size() == units.size(), "units",
                    "'mm', 'cm' or 'm'", shown(units));
  check_positive(trial.point_rate_hz, "trial.point_rate_hz", "Hz");
  const Eigen::Index n_frames = trial.n_frames();

  std::vector<const Point*> markers;
  for (const Point& p : trial.points) {
    if (p.kind != PointKind::Marker) continue;
    check_cell_text(p.name, "trial.points", false, false);
    for (const Point* other : markers) {
      HIPMECH_CHECK_ARG(other->name != p.name, "trial.points", "unique marker names",
                        shown(p.name) + " twice");
    }
    HIPMECH_CHECK_ARG(p.values.rows() == n_frames, "trial.points",
                      std::to_string(n_frames) + " frames in every point",
                      std::to_string(p.values.rows()) + " frames in " + shown(p.name));
    check_values(p.values, ("trial.points['" + p.name + "'].values").c_str());
    markers.push_back(&p);
  }

  // Header values the trial does not hold come from its "TRC" parameters when numeric.
  auto header_number = [&](const char* key, const std::string& fallback) {
    const Parameter* p = trial.parameters.find("TRC", key);
    double v = 0.0;
    if (p != nullptr && p->type == ParameterType::Char && !p->strings.empty() &&
        !trim(p->strings[0]).empty() && parse_cell(p->strings[0], v) && !std::isnan(v)) {
      return std::string(trim(p->strings[0]));
    }
    return fallback;
  };
  const std::string rate = format_exact(trial.point_rate_hz);
  const std::string frames = std::to_string(n_frames);
  const std::string header_values[] = {
      rate,
      header_number("CameraRate", rate),
      frames,
      std::to_string(markers.size()),
      lower(units),
      header_number("OrigDataRate", rate),
      header_number("OrigDataStartFrame", std::to_string(trial.first_frame)),
      header_number("OrigNumFrames", frames)};

  std::string out = "PathFileType\t4\t(X/Y/Z)\t" + file_name + "\n";
  for (std::size_t k = 0; k < std::size(trc_keys); ++k) {
    out += (k == 0 ? "" : "\t") + std::string(trc_keys[k]);
  }
  out += "\n";
  for (std::size_t k = 0; k < std::size(header_values); ++k) {
    out += (k == 0 ? "" : "\t") + header_values[k];
  }
  out += "\nFrame#\tTime";
  for (const Point* p : markers) out += "\t" + p->name + "\t\t";
  out += "\n\t";
  for (std::size_t m = 1; m <= markers.size(); ++m) {
    const std::string k = std::to_string(m);
    out += "\tX" + k + "\tY" + k + "\tZ" + k;
  }
  out += "\n\n";

  // OpenSim's frame: Y up, X forward, Z right, i.e. the ISB-aligned lab frame.
  std::vector<Trajectory> values;
  values.reserve(markers.size());
  for (const Point* p : markers) values.push_back(trial.lab_axes.to_isb(p->values));
  for (Eigen::Index i = 0; i < n_frames; ++i) {
    const double time_s = static_cast<double>(trial.first_frame - 1 + i) / trial.point_rate_hz;
    HIPMECH_CHECK_ARG(std::isfinite(time_s), "trial.point_rate_hz",
                      "a rate at which every frame time is finite", trial.point_rate_hz);
    out += std::to_string(trial.first_frame + i);
    out += '\t';
    out += format_g(time_s, 12);
    for (std::size_t m = 0; m < values.size(); ++m) {
      for (Eigen::Index k = 0; k < 3; ++k) {
        const double v = values[m](i, k);
        out += '\t';
        if (std::isnan(v)) continue;
        HIPMECH_CHECK_ARG(std::isfinite(v * unit_per_metre), "units",
                          "a unit in which every value is finite",
                          "'" + units + "' (marker " + shown(markers[m]->name) + " overflows)");
        out += format_g(v * unit_per_metre, 12);
      }
    }
    out += '\n';
  }
  return out;
}

std::string file_name_of(const std::string& path) {
  const std::string base = std::filesystem::path(path).filename().string();
  return base.find_first_of("\t\r\n") == std::string::npos ? base : std::string();
}

// ---------------------------------------------------------------------------------------------
// MOT / STO
// ---------------------------------------------------------------------------------------------

Table parse_storage(std::string_view text, const std::string& name,
                    const OpenSimReadOptions& options) {
  CancelPoll poll(options.check_cancelled);
  std::string decoded;  // the text in UTF-8 when the file is not (text_encoding.hpp)
  const std::vector<std::string_view> lines = split_lines(utf8_text(text, name, decoded));
  poll.now();
  Table table;

  // Header, up to `endheader`.
  std::size_t i = 0;
  bool ended = false;
  long n_rows_header = -1;
  long n_columns_header = -1;
  std::size_t n_rows_line = 0;
  std::size_t n_columns_line = 0;
  std::size_t in_degrees_line = 0;
  for (; i < lines.size(); ++i) {
    const std::size_t line_number = i + 1;
    poll.advance(lines[i].size() + 1);
    const std::string_view line = trim(lines[i]);
    if (line.empty()) continue;
    if (iequals(line, "endheader")) {
      ended = true;
      ++i;
      break;
    }
    const std::size_t eq = line.find('=');
    if (eq == std::string_view::npos) {
      if (i == 0) table.name = std::string(line);
      continue;  // a comment line (or SIMM's "datacolumns N")
    }
    const std::string_view key = trim(line.substr(0, eq));
    const std::string_view value = trim(line.substr(eq + 1));
    if (key.empty()) {
      fail(name, line_number, "expected key=value in the header, found " + shown(line));
    }
    table.header.emplace_back(std::string(key), std::string(value));
    auto count = [&](std::size_t& seen_line, long& number) {
      if (seen_line != 0) {
        fail(name, line_number,
             "expected one " + std::string(key) + " line, found a second (first on line " +
                 std::to_string(seen_line) + ")");
      }
      seen_line = line_number;
      if (!parse_integer(value, number) || number < 0) {
        fail(name, line_number,
             "expected a non-negative integer " + std::string(key) + ", found " + shown(value));
      }
    };
    if (iequals(key, "nRows")) {
      count(n_rows_line, n_rows_header);
    } else if (iequals(key, "nColumns")) {
      count(n_columns_line, n_columns_header);
    } else if (iequals(key, "inDegrees")) {
      if (in_degrees_line != 0) {
        fail(name, line_number,
             "expected one inDegrees line, found a second (first on line " +
                 std::to_string(in_degrees_line) + ")");
      }
      in_degrees_line = line_number;
      if (iequals(value, "yes") || iequals(value, "true")) {
        table.in_degrees = true;
      } else if (iequals(value, "no") || iequals(value, "false")) {
        table.in_degrees = false;
      } else {
        fail(name, line_number, "expected inDegrees=yes or inDegrees=no, found " + shown(value));
      }
    }
  }
  if (!ended) {
    fail(name, std::max<std::size_t>(lines.size(), 1),
         "expected 'endheader' to close the header, found the end of the file");
  }

  // Column labels.
  while (i < lines.size() && is_blank(lines[i])) ++i;
  if (i == lines.size()) {
    fail(name, std::max<std::size_t>(lines.size(), 1),
         "expected the column-label line (time, ...) after 'endheader', found the end of the "
         "file");
  }
  const std::size_t label_line = i + 1;
  std::vector<std::string_view> labels = split_storage(lines[i]);
  check_header_cells(labels, name, label_line);
  drop_trailing_empty(labels, 0);
  if (labels.empty() || !iequals(labels[0], "time")) {
    fail(name, label_line,
         "expected 'time' as the first column label, found " +
             shown(labels.empty() ? std::string_view() : labels[0]));
  }
  for (std::size_t c = 1; c < labels.size(); ++c) {
    if (labels[c].empty()) {
      fail(name, label_line,
           "expected a column label in column " + std::to_string(c + 1) + ", found an empty cell");
    }
    table.columns.emplace_back(labels[c]);
  }
  if (n_columns_header >= 0 && static_cast<std::size_t>(n_columns_header) != labels.size()) {
    fail(name, n_columns_line,
         "expected nColumns = the " + std::to_string(labels.size()) + " column labels of line " +
             std::to_string(label_line) + " (time included), found " +
             std::to_string(n_columns_header));
  }
  ++i;

  // Rows; blank lines may end the file.
  const std::size_t width = labels.size();
  std::vector<double> times;
  std::vector<double> data;
  std::size_t last_data_line = label_line;
  for (; i < lines.size(); ++i) {
    const std::size_t line_number = i + 1;
    poll.advance(lines[i].size() + 1);
    if (is_blank(lines[i])) {
      std::size_t j = i;
      while (j < lines.size() && is_blank(lines[j])) ++j;
      if (j == lines.size()) break;
      fail(name, line_number,
           "expected a data row, found a blank line (blank lines may only end the file)");
    }
    if (n_rows_header >= 0 && times.size() == static_cast<std::size_t>(n_rows_header)) {
      fail(name, line_number,
           "expected nRows = " + std::to_string(n_rows_header) + " data rows (line " +
               std::to_string(n_rows_line) + "), found more");
    }
    std::vector<std::string_view> cells = split_storage(lines[i], width);
    drop_trailing_empty(cells, width);
    if (cells.size() != width) {
      fail(name, line_number,
           "expected " + std::to_string(width) + " cells (time and one per column label), found " +
               cells_found(cells, width));
    }
    double t = 0.0;
    if (!parse_cell(cells[0], t) || std::isnan(t)) {
      fail(name, line_number, "expected a finite time in column 1, found " + shown(cells[0]));
    }
    times.push_back(t);
    for (std::size_t c = 1; c < width; ++c) {
      double v = 0.0;
      if (!parse_cell(cells[c], v)) {
        fail(name, line_number,
             "expected a number, a blank or NaN in column " + std::to_string(c + 1) + " (" +
                 shown(labels[c]) + "), found " + shown(cells[c]));
      }
      data.push_back(v);
    }
    last_data_line = line_number;
  }
  if (n_rows_header >= 0 && times.size() != static_cast<std::size_t>(n_rows_header)) {
    fail(name, n_rows_line,
         "expected nRows = " + std::to_string(n_rows_header) + " data rows, found " +
             std::to_string(times.size()) + " (the data ends on line " +
             std::to_string(last_data_line) + ")");
  }

  poll.now();
  const auto n_rows = static_cast<Eigen::Index>(times.size());
  const auto n_columns = static_cast<Eigen::Index>(table.columns.size());
  table.time_s = Eigen::Map<const Series>(times.data(), n_rows);
  table.values.resize(n_rows, n_columns);
  if (n_rows > 0 && n_columns > 0) {
    table.values = Eigen::Map<const Channels>(data.data(), n_rows, n_columns);
  }
  return table;
}

std::string storage_text(const Table& table) {
  const auto n_rows = table.values.rows();
  const auto n_columns = table.values.cols();
  HIPMECH_CHECK_SIZE(n_columns, static_cast<Eigen::Index>(table.columns.size()), "table.values",
                     "columns (one per label in table.columns)");
  HIPMECH_CHECK_SIZE(n_rows, table.time_s.size(), "table.values",
                     "rows (one per time in table.time_s)");
  check_values(table.time_s, "table.time_s", NanPolicy::Reject);
  check_values(table.values, "table.values", NanPolicy::Allow);
  for (const std::string& label : table.columns) {
    check_cell_text(label, "table.columns", false, false);
  }
  check_cell_text(table.name, "table.name", true, true);
  HIPMECH_CHECK_ARG(table.name.find('=') == std::string::npos && !iequals(table.name, "endheader"),
                    "table.name", "a name without '=' other than 'endheader'", shown(table.name));
  int n_rows_keys = 0;
  int n_columns_keys = 0;
  int in_degrees_keys = 0;
  bool has_version = false;
  for (const auto& [key, value] : table.header) {
    check_cell_text(key, "table.header", false, true);
    check_cell_text(value, "table.header", true, true);
    HIPMECH_CHECK_ARG(key.find('=') == std::string::npos, "table.header", "keys without '='",
                      shown(key));
    n_rows_keys += iequals(key, "nRows") ? 1 : 0;
    n_columns_keys += iequals(key, "nColumns") ? 1 : 0;
    in_degrees_keys += iequals(key, "inDegrees") ? 1 : 0;
    has_version = has_version || iequals(key, "version");
  }
  HIPMECH_CHECK_ARG(n_rows_keys <= 1 && n_columns_keys <= 1 && in_degrees_keys <= 1, "table.header",
                    "at most one nRows, nColumns and inDegrees key", "a repeated key");

  const std::string rows = std::to_string(n_rows);
  const std::string columns = std::to_string(n_columns + 1);
  const std::string degrees = table.in_degrees ? "yes" : "no";
  std::string out;
  if (!table.name.empty()) out += table.name + "\n";
  for (const auto& [key, value] : table.header) {
    const std::string& v = iequals(key, "nRows")       ? rows
                           : iequals(key, "nColumns")  ? columns
                           : iequals(key, "inDegrees") ? degrees
                                                       : value;
    out += key + "=" + v + "\n";
  }
  if (!has_version && (n_rows_keys == 0 || n_columns_keys == 0 || in_degrees_keys == 0)) {
    out += "version=1\n";
  }
  if (n_rows_keys == 0) out += "nRows=" + rows + "\n";
  if (n_columns_keys == 0) out += "nColumns=" + columns + "\n";
  if (in_degrees_keys == 0) out += "inDegrees=" + degrees + "\n";
  out += "endheader\ntime";
  for (const std::string& label : table.columns) out += "\t" + label;
  out += "\n";
  for (Eigen::Index r = 0; r < n_rows; ++r) {
    out += format_exact(table.time_s[r]);
    for (Eigen::Index c = 0; c < n_columns; ++c) {
      const double v = table.values(r, c);
      out += '\t';
      out += std::isnan(v) ? std::string("NaN") : format_exact(v);
    }
    out += '\n';
  }
  return out;
}

}  // namespace

Trial read_trc(const std::string& path, const OpenSimReadOptions& options) {
  return parse_trc(read_file(path, options.check_cancelled), path, options);
}

Trial read_trc_text(std::string_view text, const std::string& name,
                    const OpenSimReadOptions& options) {
  return parse_trc(text, name, options);
}

void write_trc(const Trial& trial, const std::string& path, const std::string& units) {
  write_file(path, trc_text(trial, units, file_name_of(path)));
}

std::string write_trc_text(const Trial& trial, const std::string& units) {
  return trc_text(trial, units, trial.source.empty() ? std::string() : file_name_of(trial.source));
}

Table read_mot(const std::string& path, const OpenSimReadOptions& options) {
  return parse_storage(read_file(path, options.check_cancelled), path, options);
}

Table read_sto(const std::string& path, const OpenSimReadOptions& options) {
  return parse_storage(read_file(path, options.check_cancelled), path, options);
}

Table read_storage_text(std::string_view text, const std::string& name,
                        const OpenSimReadOptions& options) {
  return parse_storage(text, name, options);
}

void write_mot(const Table& table, const std::string& path) {
  write_file(path, storage_text(table));
}

void write_sto(const Table& table, const std::string& path) {
  write_file(path, storage_text(table));
}

std::string write_mot_text(const Table& table) {
  return storage_text(table);
}

std::string write_sto_text(const Table& table) {
  return storage_text(table);
}

}  // namespace hipmech::io
