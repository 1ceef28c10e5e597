// C3D reader (include/hipmech/io/c3d.hpp). Follows the C3D file format user guide (c3d.org):
// header (ch. 2), parameter section (ch. 3), 3-D point and analog data (ch. 4), force
// platforms (FORCE_PLATFORM group), events (EVENT group and header events).
// Every byte access is bounds-checked; a problem throws FileError naming the byte offset or
// the parameter, so a file is read completely or not at all.
#include <algorithm>
#include <cmath>
#include <cstring>
#include <fstream>
#include <functional>
#include <limits>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "c3d_format.hpp"
#include "text_util.hpp"
#include "hipmech/core/detail/text.hpp"
#include "hipmech/io/c3d.hpp"

namespace hipmech::io {
namespace c3d_detail {

constexpr double kPi = 3.14159265358979323846;

double length_to_m(const std::string& unit) noexcept {
  const std::string u = detail::folded(unit);
  if (u == "mm" || u.empty()) return 1e-3;
  if (u == "cm") return 1e-2;
  if (u == "m") return 1.0;
  if (u == "dm") return 1e-1;
  return std::numeric_limits<double>::quiet_NaN();
}

double point_to_si(PointKind kind, const std::string& unit) noexcept {
  const std::string u = detail::folded(unit);
  switch (kind) {
    case PointKind::Marker: return length_to_m(unit);
    case PointKind::Angle:
      if (u == "deg" || u == "degrees" || u == "degree" || u.empty()) return kPi / 180.0;
      if (u == "rad" || u == "radians") return 1.0;
      return std::numeric_limits<double>::quiet_NaN();
    case PointKind::Moment:
      if (u == "nmm" || u == "n.mm" || u == "n*mm" || u == "nmm/kg" || u.empty()) return 1e-3;
      if (u == "nm" || u == "n.m" || u == "n*m" || u == "nm/kg") return 1.0;
      return std::numeric_limits<double>::quiet_NaN();
    case PointKind::Force:
      if (u == "n" || u == "n/kg" || u.empty()) return 1.0;
      if (u == "kn") return 1e3;
      return std::numeric_limits<double>::quiet_NaN();
    case PointKind::Power:
      if (u == "w" || u == "w/kg" || u.empty()) return 1.0;
      return std::numeric_limits<double>::quiet_NaN();
    case PointKind::Scalar: return 1.0;
  }
  return 1.0;
}

double analog_to_si(const std::string& unit) noexcept {
  const std::string u = detail::folded(unit);
  if (u == "nmm" || u == "n.mm" || u == "n*mm" || u == "mm" || u == "mv") return 1e-3;
  if (u == "cm") return 1e-2;
  if (u == "kn") return 1e3;
  return 1.0;  // N, Nm, m, V and anything unknown pass through
}

const char* si_unit(PointKind kind) noexcept {
  switch (kind) {
    case PointKind::Marker: return "m";
    case PointKind::Angle: return "rad";
    case PointKind::Force: return "N";
    case PointKind::Moment: return "Nm";
    case PointKind::Power: return "W";
    case PointKind::Scalar: return "";
  }
  return "";
}

}  // namespace c3d_detail

namespace {

using namespace c3d_detail;

/// Bounds-checked reads in the file's byte order.
class Bytes {
 public:
  Bytes(const std::uint8_t* data, std::size_t size, std::string name)
      : data_(data), size_(size), name_(std::move(name)) {}

  [[noreturn]] void fail(std::size_t offset, const std::string& what) const {
    throw FileError(name_, "byte " + std::to_string(offset) + ": " + what);
  }
  [[noreturn]] void fail(const std::string& what) const { throw FileError(name_, what); }

  void need(std::size_t offset, std::size_t n, const char* what) const {
    if (offset > size_ || n > size_ - offset) {
      fail(offset,
           std::string(whole_file_ ? "truncated file: " : "parameter section too long: ") + what +
               " needs " + std::to_string(n) + " bytes here, " +
               (whole_file_ ? "the file ends" : "the part read before the data section ends") +
               " at byte " + std::to_string(size_));
    }
  }
  /// The buffer holds only the file's header and parameters (a large file, its frames read
  /// from disk as they are parsed): bounds errors say so.
  void set_prefix_only() noexcept { whole_file_ = false; }

  void set_processor(C3dProcessor p) noexcept { processor_ = p; }
  C3dProcessor processor() const noexcept { return processor_; }
  std::size_t size() const noexcept { return size_; }
  const std::uint8_t* at(std::size_t offset) const noexcept { return data_ + offset; }

  std::uint8_t u8(std::size_t offset) const {
    need(offset, 1, "a byte");
    return data_[offset];
  }
  std::int8_t i8(std::size_t offset) const { return static_cast<std::int8_t>(u8(offset)); }
  std::uint16_t u16(std::size_t offset) const {
    need(offset, 2, "a 16-bit word");
    return u16_unchecked(data_ + offset);
  }
  std::int16_t i16(std::size_t offset) const { return static_cast<std::int16_t>(u16(offset)); }
  double f32(std::size_t offset) const {
    need(offset, 4, "a float");
    return f32_unchecked(data_ + offset);
  }

  std::uint16_t u16_unchecked(const std::uint8_t* p) const noexcept {
    if (processor_ == C3dProcessor::Mips) {
      return static_cast<std::uint16_t>((p[0] << 8U) | p[1]);
    }
    return static_cast<std::uint16_t>(p[0] | (p[1] << 8U));
  }
  double f32_unchecked(const std::uint8_t* p) const noexcept {
    if (processor_ == C3dProcessor::Dec) return dec_to_double(p);
    std::uint8_t b[4] = {p[0], p[1], p[2], p[3]};
    if (processor_ == C3dProcessor::Mips) {
      std::swap(b[0], b[3]);
      std::swap(b[1], b[2]);
    }
    float f;
    std::memcpy(&f, b, 4);
    return static_cast<double>(f);
  }

 private:
  const std::uint8_t* data_;
  std::size_t size_;
  std::string name_;
  C3dProcessor processor_ = C3dProcessor::Intel;
  bool whole_file_ = true;
};

std::string trimmed(const char* p, std::size_t n) {
  std::string s(p, n);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\0')) s.pop_back();
  std::size_t start = 0;
  while (start < s.size() && s[start] == ' ') ++start;
  return s.substr(start);
}

/// Parse the parameter section (user guide ch. 3) into `out`; returns the processor type.
void read_parameters(Bytes& bytes, std::size_t start, Parameters& out) {
  bytes.need(start, 4, "the parameter section header");
  const int processor = static_cast<int>(bytes.u8(start + 3)) - kProcessorBase;
  if (processor < 1 || processor > 3) {
    bytes.fail(start + 3, "processor type " + std::to_string(bytes.u8(start + 3)) +
                              " is not 84 (Intel), 85 (DEC) or 86 (SGI/MIPS)");
  }
  bytes.set_processor(static_cast<C3dProcessor>(processor));
  // The block count (byte 3) is not trusted: some writers understate it, so the end of the
  // file is the hard limit and the terminating record the normal end.
  const std::size_t limit = bytes.size();

  struct Pending {
    int group_id;
    Parameter parameter;
  };
  std::vector<std::pair<int, ParameterGroup>> groups;  // id -> group
  std::vector<Pending> pending;

  std::size_t pos = start + 4;
  for (std::size_t record = 0;; ++record) {
    if (pos + 2 > limit) break;  // ran into the end of the file: treat as the end of the list
    const int raw_length = bytes.i8(pos);
    const int id = bytes.i8(pos + 1);
    if (raw_length == 0 || id == 0) break;  // terminating record
    const bool locked = raw_length < 0;
    const auto name_length = static_cast<std::size_t>(std::abs(raw_length));
    bytes.need(pos + 2, name_length + 2, "a parameter or group name");
    const std::string name =
        trimmed(reinterpret_cast<const char*>(bytes.at(pos + 2)), name_length);
    const std::size_t next_field = pos + 2 + name_length;
    const int next = bytes.u16(next_field);  // offset to the next record, from this field
    std::size_t cursor = next_field + 2;
    if (id < 0) {
      ParameterGroup g;
      g.name = name;
      g.locked = locked;
      const std::size_t desc_length = bytes.u8(cursor);
      bytes.need(cursor + 1, desc_length, "a group description");
      g.description = trimmed(reinterpret_cast<const char*>(bytes.at(cursor + 1)), desc_length);
      auto it = std::find_if(groups.begin(), groups.end(),
                             [&](const auto& e) { return e.first == -id; });  // <= 127 groups
      if (it == groups.end()) {
        groups.emplace_back(-id, std::move(g));
      } else if (it->second.name.empty() || it->second.name.rfind("GROUP_", 0) == 0) {
        it->second.name = g.name;
        it->second.description = g.description;
        it->second.locked = g.locked;
      }
    } else {
      Parameter p;
      p.name = name;
      p.locked = locked;
      const int type = bytes.i8(cursor);
      if (type != -1 && type != 1 && type != 2 && type != 4) {
        bytes.fail(cursor, "parameter '" + name + "' has data type " + std::to_string(type) +
                               ", expected -1 (char), 1 (byte), 2 (int16) or 4 (float)");
      }
      p.type = static_cast<ParameterType>(type);
      const std::size_t n_dims = bytes.u8(cursor + 1);
      if (n_dims > 7) {
        bytes.fail(cursor + 1, "parameter '" + name + "' has " + std::to_string(n_dims) +
                                   " dimensions, at most 7 are allowed");
      }
      bytes.need(cursor + 2, n_dims, "parameter dimensions");
      std::size_t n_elements = 1;
      for (std::size_t d = 0; d < n_dims; ++d) {
        const int dim = bytes.u8(cursor + 2 + d);
        p.dims.push_back(dim);
        n_elements *= static_cast<std::size_t>(dim);
      }
      cursor += 2 + n_dims;
      const auto element_size = static_cast<std::size_t>(std::abs(type));
      const std::size_t data_size = n_elements * element_size;
      bytes.need(cursor, data_size, ("the values of parameter '" + name + "'").c_str());
      if (p.type == ParameterType::Char) {
        const auto length = n_dims == 0 ? std::size_t{1} : static_cast<std::size_t>(p.dims[0]);
        const std::size_t count = length == 0 ? 0 : n_elements / length;
        for (std::size_t k = 0; k < count; ++k) {
          p.strings.push_back(
              trimmed(reinterpret_cast<const char*>(bytes.at(cursor + k * length)), length));
        }
        if (n_dims >= 1 && length == 0) {
          // zero-length strings: keep the count of the other dimensions. They take no bytes,
          // so the file cannot bound them: at most one per byte of the file (a 1 kB file
          // declaring 255^3 empty strings would otherwise build 16.6 million of them).
          std::size_t others = 1;
          for (std::size_t d = 1; d < n_dims; ++d) others *= static_cast<std::size_t>(p.dims[d]);
          if (n_dims > 1 && others > bytes.size()) {
            bytes.fail(cursor - n_dims, "parameter '" + name + "' declares " +
                                            std::to_string(others) +
                                            " empty strings, more than the file's " +
                                            std::to_string(bytes.size()) + " bytes");
          }
          p.strings.assign(n_dims == 1 ? 0 : others, std::string());
        }
      } else {
        p.numbers.resize(n_elements);
        for (std::size_t k = 0; k < n_elements; ++k) {
          const std::size_t o = cursor + k * element_size;
          switch (p.type) {
            case ParameterType::Byte: p.numbers[k] = bytes.u8(o); break;
            case ParameterType::Int16: p.numbers[k] = bytes.i16(o); break;
            default: p.numbers[k] = bytes.f32(o); break;
          }
        }
      }
      cursor += data_size;
      const std::size_t desc_length = bytes.u8(cursor);
      bytes.need(cursor + 1, desc_length, "a parameter description");
      p.description = trimmed(reinterpret_cast<const char*>(bytes.at(cursor + 1)), desc_length);
      pending.push_back(Pending{id, std::move(p)});
    }
    if (next == 0) break;  // last record
    const std::size_t next_pos = next_field + static_cast<std::size_t>(next);
    if (next_pos <= pos) bytes.fail(next_field, "record offset does not move forward");
    pos = next_pos;
    if (record > 100000) bytes.fail(pos, "more than 100000 parameter records");
  }

  // Linear in the records: an index per group id and per (group, name) (a file of 99,000
  // records took 30 s with a search per record).
  std::unordered_map<int, std::size_t> group_index;
  for (std::size_t g = 0; g < groups.size(); ++g) group_index.emplace(groups[g].first, g);
  std::unordered_map<std::string, std::size_t> param_index;  // "<group id>/<name>" -> index
  for (Pending& p : pending) {
    auto git = group_index.find(p.group_id);
    if (git == group_index.end()) {
      groups.emplace_back(p.group_id, ParameterGroup{"GROUP_" + std::to_string(p.group_id),
                                                     {}, false, {}});
      git = group_index.emplace(p.group_id, groups.size() - 1).first;
    }
    auto& params = groups[git->second].second.parameters;
    const std::string key = std::to_string(p.group_id) + "/" + p.parameter.name;
    const auto pit = param_index.find(key);
    if (pit == param_index.end()) {
      param_index.emplace(key, params.size());
      params.push_back(std::move(p.parameter));
    } else {
      params[pit->second] = std::move(p.parameter);  // a repeated parameter: the last one wins
    }
  }
  for (auto& [id, g] : groups) out.groups.push_back(std::move(g));
}

/// A count stored as an int16 word that may exceed 32767 (written as unsigned by many systems)
/// or as a float: an integer in [0, 65535] after adding 65536 to a negative value. Anything
/// else (a fraction, NaN, 1e30) is a FileError naming `what`: never an undefined conversion.
long as_count(const Bytes& bytes, double value, const std::string& what) {
  if (value < 0) value += 65536.0;
  if (!(value >= 0.0 && value <= 65535.0) || value != std::floor(value)) {
    bytes.fail(what + " holds " + std::to_string(value) +
               ", expected a 16-bit count (an integer 0-65535)");
  }
  return static_cast<long>(value);
}

/// An integer parameter value that becomes an int field (event icons and flags): NaN or out
/// of the int range is a FileError naming `what`.
int as_int(const Bytes& bytes, double value, const std::string& what) {
  if (!(value >= -2147483648.0 && value <= 2147483647.0)) {
    bytes.fail(what + " holds " + std::to_string(value) + ", expected an integer");
  }
  return static_cast<int>(value);
}

/// Largest frame count of a file with no point or analog data per frame (its frames take no
/// bytes, so the file size cannot bound them): 10 million, a day at 100 Hz.
constexpr std::size_t kMaxEmptyFrames = 10'000'000;

/// Unique, non-empty names: a blank label becomes PREFIX_<n>, a repeat gets _2, _3, ...
void make_unique(std::vector<std::string>& names, const char* prefix) {
  // A set of the names so far, and per repeated name the next suffix to try, keep this linear:
  // a header may declare 65535 blank labels, or 32767 copies of one label (restarting the
  // suffix search at _2 for each copy was quadratic: 25 s for a 600 kB file, issue 21).
  std::unordered_set<std::string> seen;
  std::unordered_map<std::string, std::size_t> next_suffix;
  seen.reserve(names.size());
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (names[i].empty()) names[i] = std::string(prefix) + "_" + std::to_string(i + 1);
    if (seen.count(names[i]) != 0) {
      const std::string base = names[i];
      std::size_t& k = next_suffix.emplace(base, 2).first->second;
      do {
        names[i] = base + "_" + std::to_string(k++);
      } while (seen.count(names[i]) != 0);
    }
    seen.insert(names[i]);
  }
}

void read_events(const Bytes& bytes, const Parameters& params, Trial& trial) {
  const Parameter* times = params.find("EVENT", "TIMES");
  const auto labels = params.strings_continued("EVENT", "LABELS");
  const auto contexts = params.strings_continued("EVENT", "CONTEXTS");
  const auto descriptions = params.strings_continued("EVENT", "DESCRIPTIONS");
  const auto subjects = params.strings_continued("EVENT", "SUBJECTS");
  const auto icons = params.numbers_continued("EVENT", "ICON_IDS");
  const auto flags = params.numbers_continued("EVENT", "GENERIC_FLAGS");
  std::size_t used = 0;
  if (times && times->type != ParameterType::Char) {
    used = times->numbers.size() / 2;
    const double declared = params.number("EVENT", "USED", 0, -1.0);
    if (declared >= 0) {
      used = std::min(used, static_cast<std::size_t>(as_count(bytes, declared, "EVENT:USED")));
    }
  }
  auto at = [](const auto& v, std::size_t i, auto fallback) {
    return i < v.size() ? v[i] : fallback;
  };
  for (std::size_t i = 0; i < used; ++i) {
    Event e;
    e.time_s = 60.0 * times->numbers[2 * i] + times->numbers[2 * i + 1];
    e.label = at(labels, i, std::string());
    e.context = at(contexts, i, std::string());
    e.description = at(descriptions, i, std::string());
    e.subject = at(subjects, i, std::string());
    e.icon_id = as_int(bytes, at(icons, i, 0.0), "EVENT:ICON_IDS");
    e.generic_flag = as_int(bytes, at(flags, i, 0.0), "EVENT:GENERIC_FLAGS");
    trial.events.push_back(std::move(e));
  }
  if (!trial.events.empty()) return;
  // Header events (user guide ch. 2): word 151 count, 153.. times, 189.. flags, 199.. labels.
  const int count = bytes.i16(300);
  if (count <= 0) return;
  if (count > kMaxHeaderEvents) {
    bytes.fail(300, "header declares " + std::to_string(count) + " events, at most 18 fit");
  }
  const bool has_labels = bytes.i16(298) == kHeaderEventLabelKey;
  for (int i = 0; i < count; ++i) {
    const auto k = static_cast<std::size_t>(i);
    Event e;
    e.time_s = bytes.f32(304 + 4 * k);
    e.context = "General";
    if (has_labels) e.label = trimmed(reinterpret_cast<const char*>(bytes.at(396 + 4 * k)), 4);
    e.generic_flag = bytes.u8(376 + k);
    trial.events.push_back(std::move(e));
  }
}

// Subject parameters from Vicon's PROCESSING group (mm, kg, rad): every numeric parameter by
// name through io::subject_from_named, so the names no field holds are kept in
// SubjectParameters::other_parameters rather than dropped.
void read_subject(const Parameters& params, SubjectParameters& s) {
  const ParameterGroup* g = params.group("PROCESSING");
  if (!g) return;
  std::vector<std::pair<std::string, double>> values;
  std::vector<std::string> others;
  for (const Parameter& p : g->parameters) {
    if (p.type != ParameterType::Char && !p.numbers.empty()) {
      values.emplace_back(p.name, p.numbers.front());
    } else {
      others.push_back(p.name);
    }
  }
  s = subject_from_named(values, SubjectNaming::C3d, others);
}

LabAxes read_lab_axes(const Parameters& params) {
  const std::string up_text = params.string("POINT", "Y_SCREEN");
  const std::string forward_text = params.string("POINT", "X_SCREEN");
  if (up_text.empty()) return LabAxes();
  try {
    const SignedAxis up = parse_signed_axis(up_text, "POINT:Y_SCREEN");
    if (!forward_text.empty()) {
      const SignedAxis forward = parse_signed_axis(forward_text, "POINT:X_SCREEN");
      if (axis_index(forward) != axis_index(up)) return LabAxes(up, forward);
    }
    // No usable forward hint: the first lab axis that is not vertical, positive.
    const int i = axis_index(up) == 0 ? 1 : 0;
    return LabAxes(up, make_signed_axis(i, +1));
  } catch (const InvalidArgument&) {
    return LabAxes();  // a malformed display hint: the C3D default (Z up, X forward)
  }
}

}  // namespace

namespace {

/// Where a large file's frames come from: `read(offset, n, out)` fills `out` with n bytes of
/// the file from `offset` (FileError otherwise); `file_size` bounds the data section.
struct FrameSource {
  std::size_t file_size = 0;
  std::function<void(std::size_t, std::size_t, std::uint8_t*)> read;
};

/// read_c3d_bytes; with `stream`, `data` holds only the header and parameters and the data
/// section is read from `stream` a piece at a time as it is parsed (no copy of the file).
Trial read_c3d_impl(const std::uint8_t* data, std::size_t size, const std::string& name,
                    const C3dReadOptions& options, const FrameSource* stream) {
  Bytes bytes(data, size, name);
  if (stream != nullptr) bytes.set_prefix_only();
  if (size < kBlock) {
    bytes.fail("not a C3D file: " + std::to_string(size) +
               " bytes, shorter than the 512-byte header");
  }
  if (bytes.u8(1) != kMagic) {
    bytes.fail(1, "not a C3D file: header byte 2 is " + std::to_string(bytes.u8(1)) +
                      ", expected 80 (0x50)");
  }
  const std::size_t parameter_block = bytes.u8(0);
  if (parameter_block < 2) {
    bytes.fail(0, "parameter section block number " + std::to_string(parameter_block) +
                      ", expected 2 or more");
  }
  Trial trial;
  trial.source = name;
  read_parameters(bytes, (parameter_block - 1) * kBlock, trial.parameters);
  const Parameters& params = trial.parameters;

  // Header (words, 1-based): 2 points, 3 analog values per frame, 4/5 first/last frame,
  // 7-8 scale, 9 data start block, 10 analog samples per frame, 11-12 frame rate.
  const std::size_t n_points = bytes.u16(2);
  const std::size_t analog_per_frame = bytes.u16(4);
  long first = bytes.u16(6);
  long last = bytes.u16(8);
  const double header_scale = bytes.f32(12);
  const std::size_t data_block = bytes.u16(16);
  const std::size_t samples_per_frame = bytes.u16(18);
  const double header_rate = bytes.f32(20);

  // 32-bit frame numbers for long trials (TRIAL:ACTUAL_START_FIELD / ACTUAL_END_FIELD hold
  // two 16-bit words, low first).
  const Parameter* start_field = params.find("TRIAL", "ACTUAL_START_FIELD");
  const Parameter* end_field = params.find("TRIAL", "ACTUAL_END_FIELD");
  auto field = [&](const Parameter* p) {
    const std::string what = "TRIAL:" + p->name;
    return as_count(bytes, p->numbers[0], what) + 65536L * as_count(bytes, p->numbers[1], what);
  };
  if (start_field && end_field && start_field->numbers.size() >= 2 &&
      end_field->numbers.size() >= 2 && field(end_field) >= field(start_field)) {
    first = field(start_field);
    last = field(end_field);
  }
  if (last < first) {
    const double frames = params.number("POINT", "FRAMES", 0, -1.0);
    if (frames < 0) {
      bytes.fail(8, "last frame " + std::to_string(last) + " before first frame " +
                        std::to_string(first) + " and no POINT:FRAMES to resolve it");
    }
    // POINT:FRAMES is an int16 word, or a float for trials over 65535 frames.
    const double count = frames < 0 ? frames + 65536.0 : frames;
    if (!(count <= 2147483647.0) || count != std::floor(count)) {
      bytes.fail("POINT:FRAMES holds " + std::to_string(frames) + ", expected a frame count");
    }
    last = first + static_cast<long>(count) - 1;
  }
  const auto n_frames = static_cast<std::size_t>(last - first + 1);
  trial.first_frame = first;
  if (analog_per_frame == 0 && n_points == 0 && n_frames > kMaxEmptyFrames) {
    bytes.fail(8, std::to_string(n_frames) + " frames with no point or analog data, more than " +
                      std::to_string(kMaxEmptyFrames) + " (frames " + std::to_string(first) +
                      " to " + std::to_string(last) + ")");
  }

  std::size_t n_channels = 0;
  if (analog_per_frame > 0) {
    if (samples_per_frame == 0 || analog_per_frame % samples_per_frame != 0) {
      bytes.fail(18, "analog samples per frame " + std::to_string(samples_per_frame) +
                         " does not divide the " + std::to_string(analog_per_frame) +
                         " analog values per frame");
    }
    n_channels = analog_per_frame / samples_per_frame;
  }

  const double scale = params.number("POINT", "SCALE", 0, header_scale);
  const bool is_float = scale < 0;
  const double rate = params.number("POINT", "RATE", 0, header_rate);
  if (!(rate > 0) || !std::isfinite(rate)) {
    bytes.fail(20, "point rate " + std::to_string(rate) + " Hz, expected a positive rate");
  }
  trial.point_rate_hz = rate;
  trial.n_frames_without_points = static_cast<Eigen::Index>(n_frames);

  // Points: names, kinds and units.
  std::vector<std::string> labels = params.strings_continued("POINT", "LABELS");
  std::vector<std::string> point_descriptions = params.strings_continued("POINT", "DESCRIPTIONS");
  labels.resize(n_points);
  make_unique(labels, "POINT");
  const std::string marker_unit = params.string("POINT", "UNITS", 0, "mm");
  std::vector<PointKind> kinds(n_points, PointKind::Marker);
  std::vector<std::string> units(n_points, marker_unit);
  const struct {
    const char* list;
    const char* unit;
    PointKind kind;
  } typed[] = {{"ANGLES", "ANGLE_UNITS", PointKind::Angle},
               {"FORCES", "FORCE_UNITS", PointKind::Force},
               {"MOMENTS", "MOMENT_UNITS", PointKind::Moment},
               {"POWERS", "POWER_UNITS", PointKind::Power},
               {"SCALARS", "SCALAR_UNITS", PointKind::Scalar}};
  const std::vector<std::string> raw_labels = params.strings_continued("POINT", "LABELS");
  for (const auto& t : typed) {
    const auto members = params.strings_continued("POINT", t.list);
    if (members.empty()) continue;
    const std::string unit = params.string("POINT", t.unit);
    for (std::size_t i = 0; i < n_points && i < raw_labels.size(); ++i) {
      if (std::find(members.begin(), members.end(), raw_labels[i]) != members.end()) {
        kinds[i] = t.kind;
        units[i] = unit;
      }
    }
  }
  std::vector<double> factors(n_points);
  for (std::size_t i = 0; i < n_points; ++i) {
    factors[i] = point_to_si(kinds[i], units[i]);
    if (!std::isfinite(factors[i])) {
      bytes.fail(std::string("parameter POINT:") +
                 (kinds[i] == PointKind::Marker ? "UNITS" : "*_UNITS") + " is '" + units[i] +
                 "' for point '" + labels[i] + "', expected a known " + to_string(kinds[i]) +
                 " unit");
    }
  }

  // Analogs: names, units, scales, offsets.
  Analog& analog = trial.analog;
  analog.rate_hz = params.number("ANALOG", "RATE", 0, rate * static_cast<double>(samples_per_frame));
  analog.names = params.strings_continued("ANALOG", "LABELS");
  analog.names.resize(n_channels);
  make_unique(analog.names, "ANALOG");
  analog.descriptions = params.strings_continued("ANALOG", "DESCRIPTIONS");
  analog.descriptions.resize(n_channels);
  analog.units_original = params.strings_continued("ANALOG", "UNITS");
  analog.units_original.resize(n_channels);
  std::vector<double> channel_scale = params.numbers_continued("ANALOG", "SCALE");
  std::vector<double> offsets = params.numbers_continued("ANALOG", "OFFSET");
  const double gen_scale = params.number("ANALOG", "GEN_SCALE", 0, 1.0);
  const bool is_unsigned = detail::folded(params.string("ANALOG", "FORMAT")) == "unsigned";
  channel_scale.resize(n_channels, 1.0);
  offsets.resize(n_channels, 0.0);
  std::vector<double> gain(n_channels);
  for (std::size_t c = 0; c < n_channels; ++c) {
    if (is_unsigned && offsets[c] < 0) offsets[c] += 65536.0;
    gain[c] = channel_scale[c] * gen_scale * analog_to_si(analog.units_original[c]);
  }

  // Data section.
  if (data_block < 2) bytes.fail(16, "data start block " + std::to_string(data_block));
  const std::size_t word = is_float ? 4 : 2;
  const std::size_t frame_size = (4 * n_points + analog_per_frame) * word;
  const std::size_t data_start = (data_block - 1) * kBlock;
  if (frame_size > 0 && n_frames > (std::numeric_limits<std::size_t>::max() / frame_size)) {
    bytes.fail(8, "frame count overflows");
  }
  const std::size_t file_size = stream != nullptr ? stream->file_size : size;
  if (data_start > file_size || frame_size * n_frames > file_size - data_start) {
    const std::size_t complete =
        frame_size == 0 || data_start > file_size ? 0 : (file_size - data_start) / frame_size;
    bytes.fail(std::min(file_size, data_start + complete * frame_size),
               "truncated data section: frame " + std::to_string(complete + 1) + " of " +
                   std::to_string(n_frames) + " (" + std::to_string(frame_size) +
                   " bytes per frame from byte " + std::to_string(data_start) +
                   ") ends past the end of the file");
  }

  const auto rows = static_cast<Eigen::Index>(n_frames);
  trial.points.resize(n_points);
  for (std::size_t i = 0; i < n_points; ++i) {
    Point& p = trial.points[i];
    p.name = labels[i];
    p.description = i < point_descriptions.size() ? point_descriptions[i] : std::string();
    p.kind = kinds[i];
    p.unit_original = units[i];
    p.values.resize(rows, 3);
    p.residual.resize(rows);
  }
  analog.values.resize(rows * static_cast<Eigen::Index>(samples_per_frame),
                       static_cast<Eigen::Index>(n_channels));

  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double point_scale = is_float ? 1.0 : scale;
  const bool intel_float = is_float && bytes.processor() == C3dProcessor::Intel;
  text_detail::CancelPoll poll(options.check_cancelled);
  poll.now();
  // A large file's frames are read from disk about a MiB at a time into `piece`.
  std::vector<std::uint8_t> piece;
  const std::size_t frames_per_piece =
      frame_size == 0 ? 1 : std::max<std::size_t>(1, cancel_check_bytes / frame_size);
  std::size_t piece_first = 0;
  for (std::size_t f = 0; f < n_frames && frame_size > 0; ++f) {
    poll.advance(frame_size);
    const std::uint8_t* q;
    if (stream == nullptr) {
      q = bytes.at(data_start + f * frame_size);
    } else {
      if (piece.empty() || f >= piece_first + frames_per_piece) {
        piece_first = f;
        const std::size_t count = std::min(frames_per_piece, n_frames - f);
        piece.resize(count * frame_size);
        stream->read(data_start + f * frame_size, piece.size(), piece.data());
      }
      q = piece.data() + (f - piece_first) * frame_size;
    }
    const auto r = static_cast<Eigen::Index>(f);
    for (std::size_t i = 0; i < n_points; ++i, q += 4 * word) {
      double v[4];
      if (intel_float) {
        float fv[4];
        std::memcpy(fv, q, 16);
        for (int k = 0; k < 4; ++k) v[k] = static_cast<double>(fv[k]);
      } else if (is_float) {
        for (std::size_t k = 0; k < 4; ++k) v[k] = bytes.f32_unchecked(q + 4 * k);
      } else {
        for (std::size_t k = 0; k < 4; ++k) {
          v[k] = static_cast<std::int16_t>(bytes.u16_unchecked(q + 2 * k));
        }
      }
      Point& p = trial.points[i];
      p.residual[r] = v[3];
      if (v[3] < 0) {
        p.values.row(r).setConstant(nan);
      } else {
        const double g = point_scale * factors[i];
        p.values(r, 0) = v[0] * g;
        p.values(r, 1) = v[1] * g;
        p.values(r, 2) = v[2] * g;
      }
    }
    for (std::size_t s = 0; s < samples_per_frame && n_channels > 0; ++s) {
      const auto row = r * static_cast<Eigen::Index>(samples_per_frame) +
                       static_cast<Eigen::Index>(s);
      for (std::size_t c = 0; c < n_channels; ++c, q += word) {
        double raw;
        if (is_float) {
          raw = bytes.f32_unchecked(q);
        } else if (is_unsigned) {
          raw = bytes.u16_unchecked(q);
        } else {
          raw = static_cast<std::int16_t>(bytes.u16_unchecked(q));
        }
        analog.values(row, static_cast<Eigen::Index>(c)) = (raw - offsets[c]) * gain[c];
      }
    }
  }

  poll.now();
  read_events(bytes, params, trial);
  read_subject(params, trial.subject);
  trial.lab_axes = read_lab_axes(params);
  if (params.number("FORCE_PLATFORM", "USED", 0, 0.0) > 0) {
    // Each plate reads at least 6 analog channels of its own (C3D user guide, FORCE_PLATFORM:
    // CHANNEL): more plates than that fits are a crafted or broken file (2,550 plates sharing
    // 6 channels would build 2.4 GB of plate data from a 297 kB file).
    const long used =
        as_count(bytes, params.number("FORCE_PLATFORM", "USED", 0, 0.0), "FORCE_PLATFORM:USED");
    if (static_cast<std::size_t>(used) * 6 > n_channels) {
      bytes.fail("FORCE_PLATFORM:USED declares " + std::to_string(used) + " plates, but the " +
                 std::to_string(n_channels) + " analog channels hold at most " +
                 std::to_string(n_channels / 6) + " (6 channels each)");
    }
    try {
      trial.force_plates = force_plates_from_analog(params, analog, options.force_plates);
    } catch (const InvalidArgument& e) {
      bytes.fail(std::string("force plates: ") + e.what());
    }
  }
  return trial;
}

}  // namespace

Trial read_c3d_bytes(const std::uint8_t* data, std::size_t size, const std::string& name,
                     const C3dReadOptions& options) {
  return read_c3d_impl(data, size, name, options, nullptr);
}

Trial read_c3d(const std::string& path, const C3dReadOptions& options) {
  // Files up to 64 MiB are read whole. A larger one is streamed: its header and parameters
  // (up to the data section) are read, then its frames a MiB at a time as they are parsed, so
  // it costs what its data needs, never a copy of the file (a valid file padded to gigabytes
  // reads as the unpadded one).
  constexpr std::size_t kReadWhole = std::size_t{64} << 20;
  const std::size_t size = text_detail::file_size(path);
  if (size <= kReadWhole) {
    const std::string bytes = text_detail::read_file_prefix(path, size, options.check_cancelled);
    return read_c3d_bytes(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size(), path,
                          options);
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) throw FileError(path, "cannot open for reading");
  auto read_at = [&](std::size_t offset, std::size_t n, std::uint8_t* out) {
    in.clear();
    in.seekg(static_cast<std::streamoff>(offset));
    if (!in || !in.read(reinterpret_cast<char*>(out), static_cast<std::streamsize>(n))) {
      throw FileError(path, "byte " + std::to_string(offset) + ": read failed after " +
                                std::to_string(in.gcount()) + " of " + std::to_string(n) +
                                " bytes");
    }
  };
  // The data section's start (header word 9) in the byte order the parameter section names;
  // the header and parameters are what comes before it (at least 1 MiB is read, so that a
  // broken header still reads as far as an in-memory read would look).
  std::uint8_t head[kBlock];
  read_at(0, kBlock, head);
  const std::size_t parameter_start = (static_cast<std::size_t>(head[0]) - 1) * kBlock;
  std::size_t prefix = cancel_check_bytes;
  if (head[0] >= 2 && parameter_start + 4 <= size) {
    std::uint8_t processor[4];
    read_at(parameter_start, 4, processor);
    const bool mips = processor[3] == kProcessorBase + 3;
    const std::uint8_t* w = head + 16;
    const std::size_t data_block =
        mips ? (std::size_t{w[0]} << 8U) | w[1] : w[0] | (std::size_t{w[1]} << 8U);
    if (data_block >= 2) prefix = std::max(prefix, (data_block - 1) * kBlock);
  }
  std::vector<std::uint8_t> header_and_parameters(std::min(size, prefix));
  read_at(0, header_and_parameters.size(), header_and_parameters.data());
  const FrameSource frames{size, read_at};
  return read_c3d_impl(header_and_parameters.data(), header_and_parameters.size(), path, options,
                       &frames);
}

}  // namespace hipmech::io
