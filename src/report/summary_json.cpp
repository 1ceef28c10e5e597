// report::to_json: a TrialSummary as the JSON of the Python report (TrialReport.to_dict).
// Output only, flat records of numbers and strings: written here rather than adding a JSON
// library to every build (docs/report.md, "C++").
#include "hipmech/report/summary_json.hpp"

#include <cmath>
#include <cstdio>
#include <string>

namespace hipmech::report {

namespace {

/// A JSON writer of nested objects and arrays: commas and nesting tracked per level.
class JsonWriter {
 public:
  std::string text;

  void begin_object() { open('{'); }
  void end_object() { close('}'); }
  void begin_array() { open('['); }
  void end_array() { close(']'); }
  void key(const char* k) {
    comma();
    string(k);
    text += ':';
    after_key_ = true;
  }
  void value(double x) {
    comma();
    if (!std::isfinite(x)) {
      text += "null";
      return;
    }
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.17g", x);
    text += buf;
  }
  void value(long long x) {
    comma();
    text += std::to_string(x);
  }
  void value(bool x) {
    comma();
    text += x ? "true" : "false";
  }
  void value(const std::string& s) {
    comma();
    string(s);
  }
  void null() {
    comma();
    text += "null";
  }
  template <typename T>
  void field(const char* k, const T& v) {
    key(k);
    value(v);
  }

 private:
  std::string first_;  // one flag per open level: 1 while the level is still empty
  bool after_key_ = false;

  void open(char c) {
    comma();
    text += c;
    first_ += '1';
  }
  void close(char c) {
    text += c;
    first_.pop_back();
  }
  void comma() {
    if (after_key_) {
      after_key_ = false;
      return;
    }
    if (first_.empty()) return;
    if (first_.back() == '1') {
      first_.back() = '0';
    } else {
      text += ',';
    }
  }
  void string(const std::string& s) {
    text += '"';
    for (const char ch : s) {
      const auto c = static_cast<unsigned char>(ch);
      switch (c) {
        case '"': text += "\\\""; break;
        case '\\': text += "\\\\"; break;
        case '\n': text += "\\n"; break;
        case '\r': text += "\\r"; break;
        case '\t': text += "\\t"; break;
        default:
          if (c < 0x20) {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\u%04x", c);
            text += buf;
          } else {
            text += ch;  // UTF-8 passes through
          }
      }
    }
    text += '"';
  }
};

const char* side_text(Side s) { return s == Side::Left ? "left" : "right"; }

}  // namespace

std::string to_json(const TrialSummary& r) {
  JsonWriter w;
  w.begin_object();
  w.field("body_mass_kg", r.body_mass_kg);
  w.field("body_mass_source", r.body_mass_source);
  w.field("events_mode", std::string(to_string(r.events_mode)));
  w.field("events_source", r.events_source);
  w.field("point_rate_hz", r.point_rate_hz);
  w.field("n_frames", static_cast<long long>(r.n_frames));
  const auto& q = quantity_info();
  w.key("summary");
  w.begin_array();
  for (const SummaryRow& s : r.summary) {
    const QuantityInfo& info = q[static_cast<std::size_t>(s.quantity)];
    w.begin_object();
    w.field("quantity", std::string(info.name));
    w.field("label", std::string(info.label));
    w.field("unit", std::string(info.unit));
    for (const auto& [prefix, side] : {std::pair<std::string, const SideStatistics*>{"left_", &s.left},
                                       {"right_", &s.right}}) {
      w.field((prefix + "n").c_str(), static_cast<long long>(side->n));
      w.field((prefix + "missing").c_str(), static_cast<long long>(side->n_missing));
      w.field((prefix + "mean").c_str(), side->mean);
      w.field((prefix + "sd").c_str(), side->sd);
      w.field((prefix + "ci_low").c_str(), side->ci_low);
      w.field((prefix + "ci_high").c_str(), side->ci_high);
    }
    w.field("difference", s.difference.value);
    w.field("difference_ci_low", s.difference.ci_low);
    w.field("difference_ci_high", s.difference.ci_high);
    for (const auto& [prefix, a] : {std::pair<std::string, const AsymmetryEstimate*>{"si_", &s.symmetry_index},
                                    {"sa_", &s.symmetry_angle}}) {
      w.field((prefix + "percent").c_str(), a->value);
      w.field((prefix + "ci_low").c_str(), a->ci_low);
      w.field((prefix + "ci_high").c_str(), a->ci_high);
    }
    w.end_object();
  }
  w.end_array();
  w.key("stances");
  w.begin_array();
  for (const StanceRow& s : r.stances) {
    w.begin_object();
    w.field("side", std::string(side_text(s.side)));
    w.field("stance", static_cast<long long>(s.stance));
    w.field("foot_strike_frame", static_cast<long long>(s.foot_strike_frame));
    w.field("foot_off_frame", static_cast<long long>(s.foot_off_frame));
    w.field("foot_strike_time_s", s.foot_strike_time_s);
    w.field("foot_off_time_s", s.foot_off_time_s);
    w.field("foot_strike_source", s.foot_strike_source);
    w.field("foot_off_source", s.foot_off_source);
    for (const auto& [k, v] : {std::pair<const char*, Eigen::Index>{"single_support_begin", s.single_support_begin},
                               {"single_support_end", s.single_support_end}}) {
      w.key(k);
      if (v >= 0) {
        w.value(static_cast<long long>(v));
      } else {
        w.null();
      }
    }
    for (std::size_t k = 0; k < kQuantityCount; ++k) w.field(q[k].name, s.value[k]);
    w.field("pelvic_drop_peak_percent_stance", s.pelvic_drop_peak_percent_stance);
    w.field("note", s.note);
    w.end_object();
  }
  w.end_array();
  w.key("events");
  w.begin_array();
  for (const auto& e : r.events) {
    w.begin_object();
    w.field("side", std::string(side_text(e.side)));
    w.field("kind", std::string(events::to_string(e.kind)));
    w.field("frame", static_cast<long long>(e.frame));
    w.field("time_s", e.time_s);
    w.field("source", e.source);
    w.end_object();
  }
  w.end_array();
  w.key("curves");
  w.begin_object();
  const auto& c = curve_info();
  for (std::size_t k = 0; k < kCurveCount; ++k) {
    w.key(c[k].name);
    w.begin_object();
    w.field("unit", std::string(c[k].unit));
    for (std::size_t i = 0; i < 2; ++i) {
      w.key(side_text(i == 0 ? Side::Left : Side::Right));
      w.begin_array();
      const auto& m = r.curves.data[k][i];
      for (Eigen::Index row = 0; row < m.rows(); ++row) {
        w.begin_array();
        for (Eigen::Index col = 0; col < m.cols(); ++col) w.value(m(row, col));
        w.end_array();
      }
      w.end_array();
    }
    w.end_object();
  }
  w.end_object();
  w.key("cycles");
  w.begin_object();
  for (std::size_t i = 0; i < 2; ++i) {
    w.key(side_text(i == 0 ? Side::Left : Side::Right));
    w.begin_array();
    for (const auto& [b, e] : r.curves.cycles[i]) {
      w.begin_array();
      w.value(static_cast<long long>(b));
      w.value(static_cast<long long>(e));
      w.end_array();
    }
    w.end_array();
  }
  w.end_object();
  w.key("foot_off_percent");
  w.begin_object();
  w.field("left", r.curves.foot_off_percent[0]);
  w.field("right", r.curves.foot_off_percent[1]);
  w.end_object();
  w.key("moments_available");
  w.begin_object();
  w.field("left", r.moments_available[0]);
  w.field("right", r.moments_available[1]);
  w.end_object();
  w.key("notes");
  w.begin_array();
  for (const std::string& n : r.notes) w.value(n);
  w.end_array();
  w.end_object();
  return w.text;
}

}  // namespace hipmech::report
