// C3D writer (include/hipmech/io/c3d.hpp): the inverse of c3d_read.cpp, for every processor
// type, float or scaled-integer data (C3D file format user guide, c3d.org, ch. 2-4).
#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>

#include "c3d_format.hpp"
#include "text_util.hpp"
#include "hipmech/core/check.hpp"
#include "hipmech/io/c3d.hpp"

namespace hipmech::io {
namespace {

using namespace c3d_detail;

constexpr std::size_t kMaxPerParameter = 255;  // one C3D dimension is one byte

class Writer {
 public:
  explicit Writer(C3dProcessor p) : processor_(p) {}
  std::vector<std::uint8_t> out;

  void u8(std::size_t v) { out.push_back(static_cast<std::uint8_t>(v & 0xFFU)); }
  void i8(int v) { out.push_back(static_cast<std::uint8_t>(static_cast<std::int8_t>(v))); }
  void u16(unsigned v) {
    const auto lo = static_cast<std::uint8_t>(v & 0xFFU);
    const auto hi = static_cast<std::uint8_t>((v >> 8U) & 0xFFU);
    if (processor_ == C3dProcessor::Mips) {
      out.push_back(hi);
      out.push_back(lo);
    } else {
      out.push_back(lo);
      out.push_back(hi);
    }
  }
  void i16(int v) { u16(static_cast<unsigned>(static_cast<std::uint16_t>(static_cast<std::int16_t>(v)))); }
  void f32(double v) {
    std::uint8_t b[4];
    if (processor_ == C3dProcessor::Dec) {
      double_to_dec(v, b);
    } else {
      const auto f = static_cast<float>(v);
      std::memcpy(b, &f, 4);
      if (processor_ == C3dProcessor::Mips) {
        std::swap(b[0], b[3]);
        std::swap(b[1], b[2]);
      }
    }
    out.insert(out.end(), b, b + 4);
  }
  void text(const std::string& s, std::size_t width) {
    for (std::size_t i = 0; i < width; ++i) out.push_back(i < s.size() ? static_cast<std::uint8_t>(s[i]) : ' ');
  }
  void pad_to_block() {
    while (out.size() % kBlock != 0) out.push_back(0);
  }
  // Patch helpers for the header.
  void put_u16(std::size_t at, unsigned v) {
    Writer w(processor_);
    w.u16(v);
    std::copy(w.out.begin(), w.out.end(), out.begin() + static_cast<std::ptrdiff_t>(at));
  }
  void put_f32(std::size_t at, double v) {
    Writer w(processor_);
    w.f32(v);
    std::copy(w.out.begin(), w.out.end(), out.begin() + static_cast<std::ptrdiff_t>(at));
  }

 private:
  C3dProcessor processor_;
};

/// Put `p` into `group`, keeping the description and locked flag of the parameter it replaces
/// (and, with `keep_scalar_dims`, its dimensions when it held a single number).
void replace_keeping_metadata(Parameters& params, const std::string& group, Parameter p,
                              bool keep_scalar_dims = false) {
  if (const Parameter* old = params.find(group, p.name)) {
    p.description = old->description;
    p.locked = old->locked;
    if (keep_scalar_dims && old->type != ParameterType::Char && old->numbers.size() == 1) {
      p.dims = old->dims;
    }
  }
  params.set(group, std::move(p));
}

/// Split a long list into NAME, NAME2, NAME3, ... of at most 255 entries (user guide: how
/// more than 255 labels are stored). `make(name, first, last)` builds one part.
template <typename T, typename Make>
void set_continued_impl(Parameters& params, const std::string& group, const std::string& name,
                        const std::vector<T>& values, Make make) {
  for (int k = 2; params.find(group, name + std::to_string(k)); ++k) {
    params.erase(group, name + std::to_string(k));
  }
  std::size_t start = 0;
  int k = 1;
  do {
    const std::size_t end = std::min(values.size(), start + kMaxPerParameter);
    std::vector<T> part(values.begin() + static_cast<std::ptrdiff_t>(start),
                        values.begin() + static_cast<std::ptrdiff_t>(end));
    replace_keeping_metadata(params, group,
                             make(k == 1 ? name : name + std::to_string(k), std::move(part)));
    start = end;
    ++k;
  } while (start < values.size());
}

void set_continued(Parameters& params, const std::string& group, const std::string& name,
                   const std::vector<std::string>& strings) {
  set_continued_impl(params, group, name, strings, [](const std::string& n, auto part) {
    Parameter p = make_parameter(n, std::move(part));
    if (p.dims.size() == 1) p.dims.push_back(static_cast<int>(p.strings.size()));
    return p;
  });
}

void set_continued(Parameters& params, const std::string& group, const std::string& name,
                   const std::vector<double>& numbers, ParameterType type) {
  set_continued_impl(params, group, name, numbers, [type](const std::string& n, auto part) {
    const int count = static_cast<int>(part.size());
    return make_parameter(n, std::move(part), type, {count});
  });
}

void set_number(Parameters& params, const std::string& group, const std::string& name,
                double value, ParameterType type) {
  replace_keeping_metadata(params, group, make_parameter(name, {value}, type, {}), true);
}

void set_string(Parameters& params, const std::string& group, const std::string& name,
                const std::string& value) {
  replace_keeping_metadata(params, group, make_parameter(name, std::vector<std::string>{value}));
}

std::size_t element_count(const Parameter& p) {
  std::size_t n = 1;
  for (int d : p.dims) n *= static_cast<std::size_t>(d);
  return n;
}

void write_parameters(Writer& w, const Parameters& params) {
  w.u8(1);
  w.u8(kMagic);
  const std::size_t blocks_at = w.out.size();
  w.u8(0);  // block count, patched below
  w.u8(static_cast<std::size_t>(kProcessorBase) + 1);  // patched by the caller's processor
  std::size_t last_next = 0;
  bool any = false;
  auto check_name = [](const std::string& name, const std::string& what) {
    HIPMECH_CHECK_ARG(!name.empty() && name.size() <= 127, "trial.parameters",
                      what + " names of 1 to 127 characters", "'" + name + "'");
  };
  for (std::size_t g = 0; g < params.groups.size(); ++g) {
    const ParameterGroup& group = params.groups[g];
    check_name(group.name, "group");
    const int id = static_cast<int>(g) + 1;
    HIPMECH_CHECK_ARG(id <= 127, "trial.parameters", "at most 127 groups", params.groups.size());
    const std::string gdesc = group.description.substr(0, 255);
    w.i8(group.locked ? -static_cast<int>(group.name.size()) : static_cast<int>(group.name.size()));
    w.i8(-id);
    w.text(group.name, group.name.size());
    last_next = w.out.size();
    w.u16(static_cast<unsigned>(2 + 1 + gdesc.size()));
    w.u8(gdesc.size());
    w.text(gdesc, gdesc.size());
    any = true;
    for (const Parameter& p : group.parameters) {
      check_name(p.name, "parameter");
      HIPMECH_CHECK_ARG(p.dims.size() <= 7, "trial.parameters",
                        "at most 7 dimensions for " + group.name + ":" + p.name, p.dims.size());
      for (int d : p.dims) {
        HIPMECH_CHECK_ARG(d >= 0 && d <= 255, "trial.parameters",
                          "dimensions of 0 to 255 for " + group.name + ":" + p.name, d);
      }
      const std::size_t n = element_count(p);
      const std::size_t elem = static_cast<std::size_t>(std::abs(static_cast<int>(p.type)));
      const std::string desc = p.description.substr(0, 255);
      const std::size_t record = 2 + 1 + 1 + p.dims.size() + n * elem + 1 + desc.size();
      HIPMECH_CHECK_ARG(record <= 65535, "trial.parameters",
                        "at most 65535 bytes for " + group.name + ":" + p.name, record);
      w.i8(p.locked ? -static_cast<int>(p.name.size()) : static_cast<int>(p.name.size()));
      w.i8(id);
      w.text(p.name, p.name.size());
      last_next = w.out.size();
      w.u16(static_cast<unsigned>(record));
      w.i8(static_cast<int>(p.type));
      w.u8(p.dims.size());
      for (int d : p.dims) w.u8(static_cast<std::size_t>(d));
      if (p.type == ParameterType::Char) {
        const std::size_t length = p.dims.empty() ? 1 : static_cast<std::size_t>(p.dims[0]);
        const std::size_t count = length == 0 ? 0 : n / length;
        HIPMECH_CHECK_ARG(count == p.strings.size(), "trial.parameters",
                          std::to_string(count) + " strings for " + group.name + ":" + p.name +
                              " (its dimensions)",
                          p.strings.size());
        for (const std::string& s : p.strings) {
          // Never cut a string silently (a UTF-8 character would be split, a label lost).
          HIPMECH_CHECK_ARG(s.size() <= length, "trial.parameters",
                            "strings of at most " + std::to_string(length) + " bytes for " +
                                group.name + ":" + p.name + " (its first dimension; widen it)",
                            "'" + s + "' (" + std::to_string(s.size()) + " bytes)");
          w.text(s, length);
        }
      } else {
        HIPMECH_CHECK_ARG(n == p.numbers.size(), "trial.parameters",
                          std::to_string(n) + " numbers for " + group.name + ":" + p.name +
                              " (its dimensions)",
                          p.numbers.size());
        for (double v : p.numbers) {
          if (p.type == ParameterType::Byte) {
            w.u8(static_cast<std::size_t>(std::clamp(v, 0.0, 255.0)));
          } else if (p.type == ParameterType::Int16) {
            w.i16(static_cast<int>(std::clamp(v, -32768.0, 65535.0)));
          } else {
            w.f32(v);
          }
        }
      }
      w.u8(desc.size());
      w.text(desc, desc.size());
    }
  }
  if (any) w.put_u16(last_next, 0);  // the last record points nowhere
  w.pad_to_block();
  const std::size_t blocks = (w.out.size() - kBlock) / kBlock;
  HIPMECH_CHECK_ARG(blocks <= 255, "trial.parameters", "a parameter section of at most 255 blocks",
                    blocks);
  w.out[blocks_at] = static_cast<std::uint8_t>(blocks);
}

/// The common unit of the points of one kind: the first one's, or the SI unit.
std::string common_unit(const Trial& trial, PointKind kind, const std::string& fallback) {
  for (const Point& p : trial.points) {
    if (p.kind == kind && !p.unit_original.empty()) return p.unit_original;
  }
  return fallback;
}

}  // namespace

std::vector<std::uint8_t> write_c3d_bytes(const Trial& trial, const C3dWriteOptions& options) {
  const double rate = trial.point_rate_hz;
  HIPMECH_CHECK_ARG(std::isfinite(rate) && rate > 0, "trial.point_rate_hz", "a positive rate in Hz",
                    rate);
  const Eigen::Index n_frames = trial.n_frames();
  const std::size_t n_points = trial.points.size();
  HIPMECH_CHECK_ARG(n_points <= 32767, "trial.points", "at most 32767 points", n_points);
  for (const Point& p : trial.points) {
    HIPMECH_CHECK_SIZE(p.values.rows(), n_frames, "trial.points['" + p.name + "']", "frames");
    HIPMECH_CHECK_ARG(p.residual.size() == 0 || p.residual.size() == n_frames,
                      "trial.points['" + p.name + "'].residual", "0 or n_frames values",
                      p.residual.size());
    HIPMECH_CHECK_ARG(!p.name.empty() && p.name.size() <= 255, "trial.points",
                      "names of 1 to 255 characters", "'" + p.name + "'");
  }
  const Analog& analog = trial.analog;
  const std::size_t n_channels = static_cast<std::size_t>(analog.n_channels());
  std::size_t spf = 0;
  if (n_channels > 0) {
    const double ratio = analog.rate_hz / rate;
    // At most 65535 samples per frame (a header word): also keeps the conversion defined.
    HIPMECH_CHECK_ARG(std::isfinite(ratio) && ratio >= 1 && ratio <= 65535 &&
                          std::fabs(ratio - std::round(ratio)) < 1e-6,
                      "trial.analog.rate_hz",
                      "a whole multiple (1 to 65535) of the point rate " + std::to_string(rate),
                      analog.rate_hz);
    spf = static_cast<std::size_t>(std::round(ratio));
    HIPMECH_CHECK_SIZE(analog.n_samples(), n_frames * static_cast<Eigen::Index>(spf),
                       "trial.analog.values", "samples (n_frames x analog samples per frame)");
    HIPMECH_CHECK_SIZE(analog.names.size(), n_channels, "trial.analog.names", "names");
    HIPMECH_CHECK_ARG(n_channels * spf <= 65535, "trial.analog", "at most 65535 analog values per frame",
                      n_channels * spf);
  }
  const long first = trial.first_frame;
  const long last = first + static_cast<long>(n_frames) - 1;
  HIPMECH_CHECK_ARG(first >= 1, "trial.first_frame", "a frame number >= 1", first);

  // Units: one per kind, as C3D stores them. Markers keep the file's POINT:UNITS unless the
  // trial's markers say otherwise.
  const std::string old_marker_unit = trial.parameters.string("POINT", "UNITS");
  const std::string marker_unit =
      common_unit(trial, PointKind::Marker, old_marker_unit.empty() ? "m" : old_marker_unit);
  const PointKind kinds[] = {PointKind::Angle, PointKind::Force, PointKind::Moment,
                             PointKind::Power, PointKind::Scalar};
  std::vector<double> from_si(n_points);
  for (std::size_t i = 0; i < n_points; ++i) {
    const Point& p = trial.points[i];
    const std::string unit = p.kind == PointKind::Marker ? marker_unit
                                                         : common_unit(trial, p.kind, si_unit(p.kind));
    const double f = point_to_si(p.kind, unit);
    HIPMECH_CHECK_ARG(std::isfinite(f), "trial.points['" + p.name + "'].unit_original",
                      std::string("a known ") + to_string(p.kind) + " unit", "'" + unit + "'");
    from_si[i] = 1.0 / f;
  }

  // Parameters: the trial's, with everything that describes the data rewritten.
  Parameters params = trial.parameters;
  const ParameterType i16 = ParameterType::Int16;
  const ParameterType f32 = ParameterType::Float;
  params.group_or_add("POINT", "3-D point parameters");
  params.group_or_add("ANALOG", "Analog data parameters");
  std::vector<std::string> labels, descriptions;
  for (const Point& p : trial.points) {
    labels.push_back(p.name);
    descriptions.push_back(p.description);
  }

  // Integer format: one point scale from the largest magnitude (user guide: |value| / scale
  // must fit in 16 bits).
  double point_scale = -std::fabs(params.number("POINT", "SCALE", 0, -0.1));
  if (point_scale == 0.0) point_scale = -0.1;
  if (options.integer_format) {
    double largest = 0.0;
    for (std::size_t i = 0; i < n_points; ++i) {
      const Trajectory& v = trial.points[i].values;
      for (Eigen::Index k = 0; k < v.size(); ++k) {
        const double x = std::fabs(v.data()[k] * from_si[i]);
        if (std::isfinite(x)) largest = std::max(largest, x);
      }
    }
    point_scale = largest > 0 ? largest / 32000.0 : 1.0;
  }

  set_number(params, "POINT", "USED", static_cast<double>(n_points), i16);
  set_number(params, "POINT", "FRAMES", static_cast<double>(std::min<Eigen::Index>(n_frames, 65535)), i16);
  set_number(params, "POINT", "SCALE", point_scale, f32);
  set_number(params, "POINT", "RATE", rate, f32);
  set_string(params, "POINT", "UNITS", marker_unit);
  // FORCE_PLATFORM lengths are in POINT:UNITS: rescale them if that unit changed.
  if (!old_marker_unit.empty() && old_marker_unit != marker_unit) {
    const double factor = length_to_m(old_marker_unit) / length_to_m(marker_unit);
    for (const char* name : {"CORNERS", "ORIGIN"}) {
      Parameter* p = params.group("FORCE_PLATFORM") ? params.group("FORCE_PLATFORM")->find(name)
                                                    : nullptr;
      if (p && p->type != ParameterType::Char && std::isfinite(factor)) {
        for (double& v : p->numbers) v *= factor;
      }
    }
  }
  set_continued(params, "POINT", "LABELS", labels);
  set_continued(params, "POINT", "DESCRIPTIONS", descriptions);
  const char* lists[] = {"ANGLES", "FORCES", "MOMENTS", "POWERS", "SCALARS"};
  const char* unit_names[] = {"ANGLE_UNITS", "FORCE_UNITS", "MOMENT_UNITS", "POWER_UNITS",
                              "SCALAR_UNITS"};
  for (std::size_t k = 0; k < 5; ++k) {
    std::vector<std::string> members;
    for (const Point& p : trial.points) {
      if (p.kind == kinds[k]) members.push_back(p.name);
    }
    if (members.empty()) {
      for (int j = 1; j < 10; ++j) {
        params.erase("POINT", j == 1 ? std::string(lists[k]) : lists[k] + std::to_string(j));
      }
      continue;
    }
    set_continued(params, "POINT", lists[k], members);
    set_string(params, "POINT", unit_names[k], common_unit(trial, kinds[k], si_unit(kinds[k])));
  }
  set_string(params, "POINT", "X_SCREEN", to_string(trial.lab_axes.forward()));
  set_string(params, "POINT", "Y_SCREEN", to_string(trial.lab_axes.up()));

  // Analogs are written in their original units: float data with unit scales, or integers
  // with one scale per channel.
  std::vector<double> channel_from_si(n_channels), channel_scale(n_channels, 1.0);
  std::vector<std::string> channel_units(n_channels), channel_desc(n_channels);
  for (std::size_t c = 0; c < n_channels; ++c) {
    channel_units[c] = c < analog.units_original.size() ? analog.units_original[c] : "";
    channel_desc[c] = c < analog.descriptions.size() ? analog.descriptions[c] : "";
    channel_from_si[c] = 1.0 / analog_to_si(channel_units[c]);
    if (options.integer_format) {
      double largest = 0.0;
      for (Eigen::Index r = 0; r < analog.n_samples(); ++r) {
        const double x = std::fabs(analog.values(r, static_cast<Eigen::Index>(c)) * channel_from_si[c]);
        if (std::isfinite(x)) largest = std::max(largest, x);
      }
      channel_scale[c] = largest > 0 ? largest / 32000.0 : 1.0;
    }
  }
  set_number(params, "ANALOG", "USED", static_cast<double>(n_channels), i16);
  set_number(params, "ANALOG", "RATE", n_channels > 0 ? analog.rate_hz : rate, f32);
  set_number(params, "ANALOG", "GEN_SCALE", 1.0, f32);
  set_string(params, "ANALOG", "FORMAT", "SIGNED");
  set_number(params, "ANALOG", "BITS", 16, i16);
  set_continued(params, "ANALOG", "LABELS", analog.names);
  set_continued(params, "ANALOG", "DESCRIPTIONS", channel_desc);
  set_continued(params, "ANALOG", "UNITS", channel_units);
  set_continued(params, "ANALOG", "SCALE", channel_scale, f32);
  set_continued(params, "ANALOG", "OFFSET", std::vector<double>(n_channels, 0.0), i16);

  // Frame numbers beyond 16 bits (TRIAL:ACTUAL_START_FIELD / ACTUAL_END_FIELD, low word first).
  auto words = [](long v) {
    return std::vector<double>{static_cast<double>(static_cast<std::int16_t>(v & 0xFFFF)),
                               static_cast<double>(static_cast<std::int16_t>((v >> 16) & 0xFFFF))};
  };
  params.group_or_add("TRIAL", "Trial information");
  params.set("TRIAL", make_parameter("ACTUAL_START_FIELD", words(first), i16, {2}));
  params.set("TRIAL", make_parameter("ACTUAL_END_FIELD", words(last), i16, {2}));

  // Events.
  params.group_or_add("EVENT", "Event information");
  const std::size_t n_events = trial.events.size();
  HIPMECH_CHECK_ARG(n_events <= 255, "trial.events", "at most 255 events", n_events);
  set_number(params, "EVENT", "USED", static_cast<double>(n_events), i16);
  for (const char* name : {"TIMES", "LABELS", "CONTEXTS", "DESCRIPTIONS", "SUBJECTS",
                           "ICON_IDS", "GENERIC_FLAGS"}) {
    params.erase("EVENT", name);
  }
  if (n_events > 0) {
    std::vector<double> times, icons, flags;
    std::vector<std::string> ev_labels, contexts, ev_desc, subjects;
    for (const Event& e : trial.events) {
      HIPMECH_CHECK_ARG(std::isfinite(e.time_s) && e.time_s >= 0, "trial.events",
                        "event times >= 0 s", e.time_s);
      const double minutes = std::floor(e.time_s / 60.0);
      times.push_back(minutes);
      times.push_back(e.time_s - 60.0 * minutes);
      icons.push_back(e.icon_id);
      flags.push_back(e.generic_flag);
      ev_labels.push_back(e.label);
      contexts.push_back(e.context);
      ev_desc.push_back(e.description);
      subjects.push_back(e.subject);
    }
    params.set("EVENT", make_parameter("TIMES", times, f32, {2, static_cast<int>(n_events)}));
    set_continued(params, "EVENT", "LABELS", ev_labels);
    set_continued(params, "EVENT", "CONTEXTS", contexts);
    set_continued(params, "EVENT", "DESCRIPTIONS", ev_desc);
    set_continued(params, "EVENT", "SUBJECTS", subjects);
    set_continued(params, "EVENT", "ICON_IDS", icons, i16);
    set_continued(params, "EVENT", "GENERIC_FLAGS", flags, i16);
  }

  // Subject parameters back into PROCESSING (mm and kg, as Vicon writes them).
  // A field the trial no longer gives (NaN) must not come back from the file's parameters.
  for (const SubjectField& field : subject_fields()) {
    for (int side = 0; side < (field.sided ? 2 : 1); ++side) {
      const double v = subject_value(trial.subject, field, side);
      const std::string name = subject_parameter_name(field, side, SubjectNaming::C3d);
      const Parameter* old = params.find("PROCESSING", name);
      if (std::isfinite(v)) {
        set_number(params, "PROCESSING", name, v / field.file_to_si, f32);
      } else if (old && old->type != ParameterType::Char) {
        params.erase("PROCESSING", name);
      }
    }
  }

  // Two passes: DATA_START depends on the parameter section's size.
  Writer w(options.processor);
  for (int pass = 0; pass < 2; ++pass) {
    w.out.assign(kBlock, 0);
    const double data_start = params.number("POINT", "DATA_START", 0, 0.0);
    set_number(params, "POINT", "DATA_START", data_start, i16);
    write_parameters(w, params);
    const double actual = static_cast<double>(w.out.size() / kBlock + 1);
    if (actual == data_start) break;
    HIPMECH_CHECK_ARG(actual <= 65535, "trial.parameters", "a smaller parameter section", actual);
    set_number(params, "POINT", "DATA_START", actual, i16);
  }
  w.out[kBlock + 3] = static_cast<std::uint8_t>(kProcessorBase + static_cast<int>(options.processor));
  const std::size_t data_block = w.out.size() / kBlock + 1;

  // Header (user guide ch. 2); words are 1-based, so word k lives at byte 2(k-1).
  w.out[0] = 2;
  w.out[1] = kMagic;
  w.put_u16(2, static_cast<unsigned>(n_points));
  w.put_u16(4, static_cast<unsigned>(n_channels * spf));
  w.put_u16(6, static_cast<unsigned>(std::min(first, 65535L)));
  w.put_u16(8, static_cast<unsigned>(std::min(last, 65535L)));
  w.put_u16(10, 10);
  w.put_f32(12, point_scale);
  w.put_u16(16, static_cast<unsigned>(data_block));
  w.put_u16(18, static_cast<unsigned>(spf));
  w.put_f32(20, rate);
  w.put_u16(298, kHeaderEventLabelKey);
  const std::size_t header_events = std::min<std::size_t>(n_events, kMaxHeaderEvents);
  w.put_u16(300, static_cast<unsigned>(header_events));
  for (std::size_t k = 0; k < header_events; ++k) {
    w.put_f32(304 + 4 * k, trial.events[k].time_s);
    w.out[376 + k] = 1;
    const std::string& label = trial.events[k].label;
    for (std::size_t c = 0; c < 4; ++c) {
      w.out[396 + 4 * k + c] = c < label.size() ? static_cast<std::uint8_t>(label[c]) : ' ';
    }
  }

  // Data (user guide ch. 4): per frame the points (x, y, z, residual), then the analog samples.
  const bool is_float = !options.integer_format;
  const std::size_t word = is_float ? 4 : 2;
  w.out.reserve(w.out.size() + static_cast<std::size_t>(n_frames) * (4 * n_points + n_channels * spf) * word + kBlock);
  auto value = [&](double v, double scale) {
    if (is_float) {
      w.f32(v);
    } else {
      w.i16(static_cast<int>(std::lround(std::clamp(v / scale, -32768.0, 32767.0))));
    }
  };
  for (Eigen::Index f = 0; f < n_frames; ++f) {
    for (std::size_t i = 0; i < n_points; ++i) {
      const Point& p = trial.points[i];
      const bool missing = !p.values.row(f).allFinite();
      double residual = p.residual.size() > 0 ? p.residual[f] : 0.0;
      if (!std::isfinite(residual) || residual < 0) residual = 0.0;
      if (missing) residual = -1.0;
      for (int a = 0; a < 3; ++a) value(missing ? 0.0 : p.values(f, a) * from_si[i], point_scale);
      if (is_float) {
        w.f32(residual);
      } else {
        w.i16(missing ? -1 : static_cast<int>(std::clamp(residual, 0.0, 32767.0)));
      }
    }
    for (std::size_t s2 = 0; s2 < spf; ++s2) {
      const Eigen::Index row = f * static_cast<Eigen::Index>(spf) + static_cast<Eigen::Index>(s2);
      for (std::size_t c = 0; c < n_channels; ++c) {
        value(analog.values(row, static_cast<Eigen::Index>(c)) * channel_from_si[c], channel_scale[c]);
      }
    }
  }
  w.pad_to_block();
  return std::move(w.out);
}

void write_c3d(const Trial& trial, const std::string& path, const C3dWriteOptions& options) {
  const std::vector<std::uint8_t> bytes = write_c3d_bytes(trial, options);
  text_detail::write_file(path, std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
}

}  // namespace hipmech::io
