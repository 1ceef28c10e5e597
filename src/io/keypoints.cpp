// 2-D keypoint CSV files (include/hipmech/io/keypoints.hpp, docs/io-text-formats.md).
#include "hipmech/io/keypoints.hpp"

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
#include "hipmech/core/error.hpp"
#include "text_encoding.hpp"
#include "text_util.hpp"

namespace hipmech::io {
namespace {

using namespace text_detail;  // fail, trim, parse_cell, read_file, ... (text_util.hpp)

/// The arrays may hold at most this many cells per data row, plus max_cells_extra: a bound on
/// memory for sparse or hostile files (names x frames grows quadratically with the rows).
constexpr std::size_t max_cells_per_row = 64;
constexpr std::size_t max_cells_extra = std::size_t{1} << 22;

/// At most this many cells are split from the header line; a data line's are bounded by the
/// header's. The bound keeps one line of millions of commas from costing gigabytes of cells
/// (52 bytes of memory per byte of the line before; issue 21's mutation campaign).
constexpr std::size_t kMaxHeaderCells = std::size_t{1} << 16;

/// Splits a comma-separated line into cells, trimmed of spaces; a cell may be double-quoted
/// ("" is a quote inside it, spaces inside are kept). Returns false on an unterminated quote
/// or text after a closing quote. Stops after `max_cells` cells with one more, empty, cell
/// when the line holds more (a caller sees too many cells without splitting them all).
bool split_csv(std::string_view line, std::vector<std::string>& cells,
               std::size_t max_cells = kMaxHeaderCells) {
  cells.clear();
  const std::size_t n = line.size();
  std::size_t i = 0;
  while (true) {
    if (cells.size() == max_cells) {
      cells.emplace_back();
      return true;
    }
    std::size_t j = i;
    while (j < n && is_space(line[j])) ++j;
    if (j < n && line[j] == '"') {
      std::string cell;
      bool closed = false;
      for (++j; j < n; ++j) {
        if (line[j] != '"') {
          cell += line[j];
        } else if (j + 1 < n && line[j + 1] == '"') {
          cell += '"';
          ++j;
        } else {
          closed = true;
          ++j;
          break;
        }
      }
      if (!closed) return false;
      while (j < n && is_space(line[j])) ++j;
      if (j < n && line[j] != ',') return false;
      cells.push_back(std::move(cell));
      if (j >= n) return true;
      i = j + 1;
      continue;
    }
    std::size_t end = line.find(',', i);
    if (end == std::string_view::npos) end = n;
    cells.emplace_back(trim(line.substr(i, end - i)));
    if (end >= n) return true;
    i = end + 1;
  }
}

/// A frame number: an integer, or a number with no fractional part (pandas writes "12.0"),
/// below 1e15 in magnitude.
bool parse_frame(std::string_view cell, long& frame) {
  double v = 0.0;
  if (trim(cell).empty() || !parse_cell(cell, v) || std::isnan(v) || std::abs(v) >= 1e15 ||
      v != std::floor(v)) {
    return false;
  }
  frame = static_cast<long>(v);
  return true;
}

void check_options(const KeypointOptions& options) {
  HIPMECH_CHECK_ARG(options.min_confidence >= 0.0 && options.min_confidence <= 1.0,
                    "options.min_confidence", "a confidence in [0, 1]", options.min_confidence);
  for (const auto& [value, argument] :
       {std::pair{options.image_width_px, "options.image_width_px"},
        std::pair{options.image_height_px, "options.image_height_px"}}) {
    HIPMECH_CHECK_ARG(std::isnan(value) || (std::isfinite(value) && value > 0.0), argument,
                      "NaN (take the file's size) or a positive size in pixels", value);
  }
}

/// One data row of the file.
struct Record {
  long frame;
  std::size_t name;
  double x;
  double y;
  double confidence;
  std::size_t line;
};

Keypoints2D parse_keypoints(std::string_view text, const std::string& name,
                            const KeypointOptions& options) {
  CancelPoll poll(options.check_cancelled);
  std::string decoded;  // the text in UTF-8 when the file is not (text_encoding.hpp)
  const std::vector<std::string_view> lines = split_lines(utf8_text(text, name, decoded));
  poll.now();
  std::size_t i = 0;

  // Leading blank and comment lines; "# image_width=W" and "# image_height=H".
  double size_px[2] = {nan_value, nan_value};
  std::size_t size_line[2] = {0, 0};
  for (; i < lines.size(); ++i) {
    poll.advance(lines[i].size() + 1);
    const std::string_view line = trim(lines[i]);
    if (line.empty()) continue;
    if (line.front() != '#') break;
    const std::string_view comment = trim(line.substr(1));
    const std::size_t eq = comment.find('=');
    if (eq == std::string_view::npos) continue;
    const std::string key = lower(trim(comment.substr(0, eq)));
    const int k = key == "image_width" ? 0 : key == "image_height" ? 1 : -1;
    if (k < 0) continue;
    const auto ku = static_cast<std::size_t>(k);
    const std::string_view value = trim(comment.substr(eq + 1));
    if (size_line[ku] != 0) {
      fail(name, i + 1,
           "expected one " + key + " comment, found a second (first on line " +
               std::to_string(size_line[ku]) + ")");
    }
    if (!parse_cell(value, size_px[ku]) || !(size_px[ku] > 0.0)) {
      fail(name, i + 1, "expected a positive " + key + " in pixels, found " + shown(value));
    }
    size_line[ku] = i + 1;
  }

  // Header row.
  if (i == lines.size()) {
    fail(name, std::max<std::size_t>(lines.size(), 1),
         "expected a header row (frame, keypoint, x, y, confidence), found the end of the file");
  }
  const std::size_t header_line = i + 1;
  std::vector<std::string> header;
  if (!split_csv(lines[i], header)) {
    fail(name, header_line, "expected a closing '\"' and then ',' or the end of the line");
  }
  if (header.size() > kMaxHeaderCells) {
    fail(name, header_line,
         "expected at most " + std::to_string(kMaxHeaderCells) + " columns, found more");
  }
  constexpr const char* column_names[] = {"frame", "keypoint", "x", "y", "confidence"};
  constexpr std::size_t n_required = 4;
  std::size_t column[std::size(column_names)];
  std::fill(std::begin(column), std::end(column), header.size());
  std::unordered_map<std::string, std::size_t> header_index;
  for (std::size_t c = 0; c < header.size(); ++c) {
    const std::string label = lower(trim(header[c]));
    if (label.empty()) continue;
    const auto [seen, inserted] = header_index.try_emplace(label, c);
    if (!inserted) {
      fail(name, header_line,
           "expected unique column names, found " + shown(header[c]) + " in columns " +
               std::to_string(seen->second + 1) + " and " + std::to_string(c + 1));
    }
    for (std::size_t k = 0; k < std::size(column_names); ++k) {
      if (label == column_names[k]) column[k] = c;
    }
  }
  for (std::size_t k = 0; k < n_required; ++k) {
    if (column[k] == header.size()) {
      fail(name, header_line,
           std::string("expected the columns frame, keypoint, x and y (any order and case), "
                       "found no '") +
               column_names[k] + "' column");
    }
  }
  const bool has_confidence = column[4] != header.size();
  HIPMECH_CHECK_ARG(has_confidence || options.min_confidence == 0.0, "options.min_confidence",
                    "0 for a file without a confidence column (" + name + ")",
                    options.min_confidence);

  // Data rows; blank lines are skipped.
  std::vector<Record> records;
  std::vector<std::string> names;
  std::unordered_map<std::string, std::size_t> name_index;
  std::vector<std::string> cells;
  auto number = [&](std::size_t k, std::size_t line_number) {
    double v = nan_value;
    if (!parse_cell(cells[column[k]], v)) {
      fail(name, line_number,
           "expected a number, a blank or NaN in column " + std::to_string(column[k] + 1) + " (" +
               column_names[k] + "), found " + shown(cells[column[k]]));
    }
    return v;
  };
  for (++i; i < lines.size(); ++i) {
    const std::size_t line_number = i + 1;
    poll.advance(lines[i].size() + 1);
    if (trim(lines[i]).empty()) continue;
    if (!split_csv(lines[i], cells, header.size())) {
      fail(name, line_number, "expected a closing '\"' and then ',' or the end of the line");
    }
    if (cells.size() != header.size()) {
      fail(name, line_number,
           "expected " + std::to_string(header.size()) + " cells as in the header (line " +
               std::to_string(header_line) + "), found " +
               (cells.size() > header.size() ? "more" : std::to_string(cells.size())));
    }
    Record r{};
    r.line = line_number;
    if (!parse_frame(cells[column[0]], r.frame)) {
      fail(name, line_number,
           "expected an integer frame number in column " + std::to_string(column[0] + 1) +
               " (frame), found " + shown(cells[column[0]]));
    }
    const std::string& keypoint = cells[column[1]];
    if (keypoint.empty()) {
      fail(name, line_number,
           "expected a keypoint name in column " + std::to_string(column[1] + 1) +
               " (keypoint), found an empty cell");
    }
    const auto [it, inserted] = name_index.try_emplace(keypoint, names.size());
    if (inserted) names.push_back(keypoint);
    r.name = it->second;
    r.x = number(2, line_number);
    r.y = number(3, line_number);
    r.confidence = has_confidence ? number(4, line_number) : nan_value;
    records.push_back(r);
  }

  poll.now();
  std::vector<long> frames;
  frames.reserve(records.size());
  for (const Record& r : records) frames.push_back(r.frame);
  std::sort(frames.begin(), frames.end());
  frames.erase(std::unique(frames.begin(), frames.end()), frames.end());
  const std::size_t n_cells = names.size() * frames.size();
  if (n_cells > max_cells_per_row * records.size() + max_cells_extra) {
    fail(name, records.back().line,
         "expected at most " + std::to_string(max_cells_per_row) +
             " (keypoint, frame) cells per row, found " + std::to_string(names.size()) +
             " keypoints x " + std::to_string(frames.size()) + " frames for " +
             std::to_string(records.size()) + " rows");
  }

  Keypoints2D out;
  const auto n_frames = static_cast<Eigen::Index>(frames.size());
  out.points_px.assign(names.size(), Points2::Constant(n_frames, 2, nan_value));
  out.confidence.assign(names.size(), Series::Constant(n_frames, nan_value));
  std::vector<std::size_t> seen_on_line(n_cells, 0);
  for (const Record& r : records) {
    const auto f = static_cast<std::size_t>(
        std::lower_bound(frames.begin(), frames.end(), r.frame) - frames.begin());
    std::size_t& seen = seen_on_line[r.name * frames.size() + f];
    if (seen != 0) {
      fail(name, r.line,
           "expected one row per (frame, keypoint), found keypoint " + shown(names[r.name]) +
               " at frame " + std::to_string(r.frame) + " again (first on line " +
               std::to_string(seen) + ")");
    }
    seen = r.line;
    const auto fi = static_cast<Eigen::Index>(f);
    out.confidence[r.name][fi] = r.confidence;
    const bool rejected = options.min_confidence > 0.0 && !(r.confidence >= options.min_confidence);
    if (!rejected) {
      out.points_px[r.name](fi, 0) = r.x;
      out.points_px[r.name](fi, 1) = r.y;
    }
  }
  out.names = std::move(names);
  out.frames = std::move(frames);
  out.image_width_px = std::isnan(options.image_width_px) ? size_px[0] : options.image_width_px;
  out.image_height_px = std::isnan(options.image_height_px) ? size_px[1] : options.image_height_px;
  return out;
}

}  // namespace

Eigen::Index Keypoints2D::find(const std::string& name) const noexcept {
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (names[i] == name) return static_cast<Eigen::Index>(i);
  }
  return -1;
}

const Points2& Keypoints2D::point(const std::string& name) const {
  const Eigen::Index i = find(name);
  if (i >= 0 && static_cast<std::size_t>(i) < points_px.size()) {
    return points_px[static_cast<std::size_t>(i)];
  }
  std::string available;
  for (const std::string& n : names) {
    if (available.size() > 600) {
      available += ", ...";
      break;
    }
    available += (available.empty() ? "" : ", ") + n;
  }
  throw InvalidArgument("name",
                        "the name of a keypoint (available: " +
                            (available.empty() ? std::string("none") : available) + ")",
                        "'" + name + "'");
}

Keypoints2D read_keypoints_csv(const std::string& path, const KeypointOptions& options) {
  check_options(options);
  return parse_keypoints(read_file(path, options.check_cancelled), path, options);
}

Keypoints2D read_keypoints_csv_text(std::string_view text, const std::string& name,
                                    const KeypointOptions& options) {
  check_options(options);
  return parse_keypoints(text, name, options);
}

}  // namespace hipmech::io
