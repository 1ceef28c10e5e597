// Python bindings of the stream area: real-time sessions (issue 25). Raw names carry a
// `Stream` prefix; the friendly layer is python/hipmech/stream.py.
//
// Hot path: StreamPigSession.push takes a C-contiguous float64 (n_markers, 3) array without a
// copy (other real dtypes and layouts are converted once by the shared converter), calls the
// C++ push and returns a copy of the frame as a StreamPigFrame (angles in degrees). push_many
// runs the C++ loop with the GIL released.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <atomic>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "arguments.hpp"
#include "bind.hpp"
#include "hipmech/stream/causal_filter.hpp"
#include "hipmech/stream/frame.hpp"
#include "hipmech/stream/keypoint_session.hpp"
#include "hipmech/stream/pig_session.hpp"
#include "owned.hpp"
#include "pig_parameters.hpp"

namespace hipmech::bindings {

void bind_stream(py::module_& m);  // called from module.cpp

namespace {

namespace hs = hipmech::stream;

/// A session as bound: the C++ session and whether a call is using it. push_many releases the
/// GIL, so another Python thread could push into the same session meanwhile (a data race):
/// push, push_many and close claim the session for their duration and refuse to enter while
/// another call holds it.
template <typename Session>
struct Bound : Session {
  using Session::Session;
  std::atomic<bool> busy{false};
};
using BoundPig = Bound<hs::PigSession>;
using BoundKeypoint = Bound<hs::KeypointSession>;

/// Claims a session for one call (OneThread use(s.busy)); throws InvalidArgument naming
/// 'session' when another thread is using it.
class OneThread {
 public:
  explicit OneThread(std::atomic<bool>& busy) : busy_(busy) {
    if (busy_.exchange(true, std::memory_order_acquire)) {
      hipmech::detail::throw_invalid_argument(
          "session", "one thread per session",
          "used by another thread at the same time: one thread per session");
    }
  }
  ~OneThread() { busy_.store(false, std::memory_order_release); }
  OneThread(const OneThread&) = delete;
  OneThread& operator=(const OneThread&) = delete;

 private:
  std::atomic<bool>& busy_;
};

/// Degrees per radian: the report's curves are in degrees (value_rad * 180 / pi).
constexpr double kDeg = 57.295779513082320876798154814105;

using Float64C = py::array_t<double, py::array::c_style>;

// -- option dicts (built by python/hipmech/stream.py) ------------------------------------------

template <typename T>
T option(const py::dict& d, const char* key) {
  if (!d.contains(key)) {
    hipmech::detail::throw_invalid_argument("options", std::string("a key '") + key + "'", "none");
  }
  return d[key].cast<T>();
}

std::optional<double> optional_option(const py::dict& d, const char* key) {
  if (!d.contains(key) || d[key].is_none()) return std::nullopt;
  return d[key].cast<double>();
}

model::PelvisRear parse_rear(const std::string& text) {
  if (text == "auto") return model::PelvisRear::Auto;
  if (text == "sacr" || text == "sacrum") return model::PelvisRear::Sacrum;
  if (text == "psis") return model::PelvisRear::Psis;
  hipmech::detail::throw_invalid_argument("pelvis_rear", "'auto', 'sacrum' or 'psis'",
                                          "'" + text + "'");
}

hs::EventSource parse_events(const std::string& text) {
  if (text == "none") return hs::EventSource::None;
  if (text == "plates") return hs::EventSource::Plates;
  if (text == "kinematics") return hs::EventSource::Kinematics;
  hipmech::detail::throw_invalid_argument("events", "None, 'plates' or 'kinematics'",
                                          "'" + text + "'");
}

hs::PigSessionOptions pig_options(const py::dict& d) {
  hs::PigSessionOptions o;
  o.point_rate_hz = option<double>(d, "rate_hz");
  o.marker_names = option<std::vector<std::string>>(d, "marker_names");
  o.parameters = parameters_from_dict(option<py::dict>(d, "parameters"));
  o.pelvis_rear = parse_rear(option<std::string>(d, "pelvis_rear"));
  const SignedAxis up = parse_signed_axis(option<std::string>(d, "up"), "up");
  const SignedAxis forward = parse_signed_axis(option<std::string>(d, "forward"), "forward");
  o.progression = pelvis::progression_from_axis(forward, LabAxes(up, forward));
  o.cutoff_hz = optional_option(d, "cutoff_hz");
  o.filter_order = option<int>(d, "order");
  o.events = parse_events(option<std::string>(d, "events"));
  o.zeni.min_separation_s = option<double>(d, "min_separation_s");
  o.zeni.progression = events::ProgressionSource::Given;
  o.zeni.progression_direction = unit_vector(forward);
  for (const py::handle& c : option<py::list>(d, "plates")) {
    o.plate_corners.push_back(fixed_arg<4, 3>(c, "plates"));
  }
  o.samples_per_frame = option<int>(d, "samples_per_frame");
  o.plate_options.threshold_n = option<double>(d, "plate_threshold_n");
  o.plate_options.min_contact_s = option<double>(d, "min_contact_s");
  o.max_stance_s = option<double>(d, "max_stance_s");
  if (d.contains("open_swing_wait_s")) o.open_swing_wait_s = option<double>(d, "open_swing_wait_s");
  return o;
}

hs::KeypointSessionOptions keypoint_options(const py::dict& d) {
  hs::KeypointSessionOptions o;
  o.point_rate_hz = option<double>(d, "rate_hz");
  o.keypoint_names = option<std::vector<std::string>>(d, "names");
  const auto pair = [&](const char* key) {
    const auto p = option<std::pair<std::string, std::string>>(d, key);
    return std::array<std::string, 2>{p.first, p.second};
  };
  o.hip = pair("hip");
  o.knee = pair("knee");
  o.ankle = pair("ankle");
  o.view = knee::parse_camera_view(option<std::string>(d, "view"), "view");
  o.y_axis = knee::parse_image_y_axis(option<std::string>(d, "y_axis"), "y_axis");
  o.cutoff_hz = optional_option(d, "cutoff_hz");
  o.filter_order = option<int>(d, "order");
  return o;
}

// -- per-frame arguments -----------------------------------------------------------------------

std::string names_text(const std::vector<std::string>& names) {
  std::string s;
  for (std::size_t i = 0; i < names.size() && i < 8; ++i) s += (i ? ", " : "") + names[i];
  if (names.size() > 8) s += ", ... (" + std::to_string(names.size() - 8) + " more)";
  return s;
}

/// One frame of points (n_points, Cols) [markers: Cols 3; keypoints: Cols 2]: a C-contiguous
/// float64 array is used in place; other dtypes and layouts are converted once; a dict maps
/// name -> point (a name not given is NaN).
class PointsFrame {
 public:
  PointsFrame(const py::object& obj, const char* arg, const std::vector<std::string>& names,
              int cols) {
    const auto n = static_cast<py::ssize_t>(names.size());
    if (py::isinstance<py::dict>(obj)) {
      owned_.assign(static_cast<std::size_t>(n * cols), std::nan(""));
      const py::dict d = obj.cast<py::dict>();
      for (const auto& item : d) {
        if (!py::isinstance<py::str>(item.first)) {
          hipmech::detail::throw_invalid_argument(arg, "names (str) as keys",
                                                  "a key of type " + detail::type_name(item.first));
        }
        const std::string name = item.first.cast<std::string>();
        py::ssize_t row = -1;
        for (py::ssize_t i = 0; i < n; ++i) {
          if (names[static_cast<std::size_t>(i)] == name) row = i;
        }
        if (row < 0) {
          hipmech::detail::throw_invalid_argument(
              arg, "the session's names (" + names_text(names) + ")", "'" + name + "'");
        }
        bool copied = false;
        const std::string where = std::string(arg) + "['" + name + "']";
        const auto a =
            detail::as_float64(py::reinterpret_borrow<py::object>(item.second), where.c_str(),
                               "shape (" + std::to_string(cols) + ",)", copied);
        if (a.ndim() != 1 || a.shape(0) != cols) {
          hipmech::detail::throw_invalid_argument(where, "shape (" + std::to_string(cols) + ",)",
                                                  "shape " + detail::shape_string(a));
        }
        for (int c = 0; c < cols; ++c) {
          owned_[static_cast<std::size_t>(row * cols + c)] = a.data()[c];
        }
      }
      data_ = owned_.data();
      return;
    }
    const std::string expected = "shape (" + std::to_string(n) + ", " + std::to_string(cols) +
                                 ") (the session's " + std::to_string(n) +
                                 " names: " + names_text(names) + ")";
    if (Float64C::check_(obj)) {
      array_ = py::reinterpret_borrow<Float64C>(obj);
    } else {
      bool copied = false;
      array_ = detail::as_float64(obj, arg, expected, copied);
    }
    if (array_.ndim() != 2 || array_.shape(0) != n || array_.shape(1) != cols) {
      hipmech::detail::throw_invalid_argument(arg, expected,
                                              "shape " + detail::shape_string(array_));
    }
    data_ = array_.data();
  }
  const double* data() const { return data_; }

 private:
  Float64C array_;
  std::vector<double> owned_;
  const double* data_ = nullptr;
};

/// Plate samples given to a session without plate events: refused with the reason (the shape
/// expected would be (samples_per_frame, 0, 6), a misleading message).
void check_plates_allowed(const py::object& obj, const hs::PigSession& s) {
  if (obj.is_none() || s.options().events == hs::EventSource::Plates) return;
  hipmech::detail::throw_invalid_argument(
      "plates",
      std::string("no plate samples (plates are used only with events='plates'; this "
                  "session's events are ") +
          (s.options().events == hs::EventSource::Kinematics ? "'kinematics'" : "None") + ")",
      "plate samples");
}

/// One frame of plate samples (samples_per_frame, n_plates, 6), or none.
class PlatesFrame {
 public:
  PlatesFrame(const py::object& obj, const hs::PigSession& s) {
    check_plates_allowed(obj, s);
    if (obj.is_none()) return;
    const auto spf = static_cast<py::ssize_t>(s.options().samples_per_frame);
    const auto np = static_cast<py::ssize_t>(s.options().plate_corners.size());
    const std::string expected = "shape (" + std::to_string(spf) + ", " + std::to_string(np) +
                                 ", 6) (samples per frame, plates, force xyz [N] and centre of "
                                 "pressure xyz [m])";
    if (Float64C::check_(obj)) {
      array_ = py::reinterpret_borrow<Float64C>(obj);
    } else {
      bool copied = false;
      array_ = detail::as_float64(obj, "plates", expected, copied);
    }
    if (array_.ndim() != 3 || array_.shape(0) != spf || array_.shape(1) != np ||
        array_.shape(2) != 6) {
      hipmech::detail::throw_invalid_argument("plates", expected,
                                              "shape " + detail::shape_string(array_));
    }
    data_ = array_.data();
    size_ = static_cast<std::size_t>(array_.size());
  }
  const double* data() const { return data_; }
  std::size_t size() const { return size_; }

 private:
  Float64C array_;
  const double* data_ = nullptr;
  std::size_t size_ = 0;
};

double time_arg(const std::optional<double>& t) {
  return t ? *t : std::nan("");
}

/// A whole-recording argument (n_frames, rest...) as float64 C order, shape checked.
Float64C block_arg(const py::object& obj, const char* arg, const std::vector<py::ssize_t>& rest,
                   const std::string& expected, py::ssize_t n_frames = -1) {
  bool copied = false;
  Float64C a = detail::as_float64(obj, arg, expected, copied);
  bool ok = a.ndim() == static_cast<py::ssize_t>(rest.size()) + 1 &&
            (n_frames < 0 || a.shape(0) == n_frames);
  for (std::size_t i = 0; ok && i < rest.size(); ++i) {
    ok = a.shape(static_cast<py::ssize_t>(i) + 1) == rest[i];
  }
  if (!ok) {
    hipmech::detail::throw_invalid_argument(arg, expected, "shape " + detail::shape_string(a));
  }
  // Infinity anywhere: refused before any frame is pushed (NaN = missing is fine).
  check_values(Eigen::Map<const Eigen::VectorXd>(a.data(), a.size()), arg, NanPolicy::Allow);
  return a;
}

/// Frame times for push_many: None (frame / rate) or (n_frames,) finite, strictly increasing.
std::vector<double> times_arg(const py::object& obj, py::ssize_t n_frames) {
  std::vector<double> t(static_cast<std::size_t>(n_frames), std::nan(""));
  if (obj.is_none()) return t;
  const std::string expected = "shape (" + std::to_string(n_frames) + ",) (one time per frame)";
  bool copied = false;
  const auto a = detail::as_float64(obj, "times", expected, copied);
  if (a.ndim() != 1 || a.shape(0) != n_frames) {
    hipmech::detail::throw_invalid_argument("times", expected, "shape " + detail::shape_string(a));
  }
  for (py::ssize_t i = 0; i < n_frames; ++i) {
    const double v = a.data()[i];
    if (!std::isfinite(v)) {
      hipmech::detail::throw_invalid_argument(
          "times", "finite times [s]",
          hipmech::detail::to_message(v) + " at index " + std::to_string(i));
    }
    if (i > 0 && !(v > t[static_cast<std::size_t>(i - 1)])) {
      hipmech::detail::throw_invalid_argument(
          "times", "strictly increasing times [s]",
          hipmech::detail::to_message(v) + " at index " + std::to_string(i) + " after " +
              hipmech::detail::to_message(t[static_cast<std::size_t>(i - 1)]));
    }
    t[static_cast<std::size_t>(i)] = v;
  }
  return t;
}

// -- frames, events, stances as Python values --------------------------------------------------

py::tuple deg_pair(const std::array<double, 2>& v) {
  return py::make_tuple(v[0] * kDeg, v[1] * kDeg);
}

const char* source_name(hs::EventSource s) {
  return s == hs::EventSource::Plates       ? "plates"
         : s == hs::EventSource::Kinematics ? "kinematics"
                                            : "none";
}

std::vector<std::string> note_words(std::uint32_t note) {
  std::vector<std::string> out;
  if (note & hs::kNoSingleSupport) out.emplace_back("no single support (no pelvic drop)");
  if (note & hs::kDropFramesMissing) {
    out.emplace_back("pelvic obliquity missing in single support (no pelvic drop)");
  }
  if (note & hs::kValgusFramesMissing) {
    out.emplace_back("knee valgus missing in stance (no peak valgus)");
  }
  if (note & hs::kAdductionFramesMissing) {
    out.emplace_back("hip adduction missing in stance (no peak adduction)");
  }
  if (note & hs::kLongerThanBuffer) out.emplace_back("stance longer than max_stance_s (no peaks)");
  return out;
}

std::string note_text(std::uint32_t note) {
  std::string s;
  for (const std::string& w : note_words(note)) s += (s.empty() ? "" : "; ") + w;
  return s;
}

/// The frames of push_many: one row per frame, the columns of hipmech.stream.FRAME_COLUMNS.
constexpr int kPigColumns = 19;
void pig_row(const hs::PigFrame& f, double* r) {
  r[0] = static_cast<double>(f.frame);
  r[1] = f.time_s;
  r[2] = f.pelvic_tilt_rad * kDeg;
  const std::array<const std::array<double, 2>*, 8> pairs = {
      &f.pelvic_obliquity_rad, &f.pelvic_rotation_rad, &f.hip_flexion_rad, &f.hip_adduction_rad,
      &f.hip_rotation_rad,     &f.knee_flexion_rad,    &f.knee_valgus_rad, &f.knee_rotation_rad};
  for (std::size_t k = 0; k < pairs.size(); ++k) {
    r[3 + 2 * k] = (*pairs[k])[0] * kDeg;
    r[4 + 2 * k] = (*pairs[k])[1] * kDeg;
  }
}

constexpr std::array<const char*, kPigColumns> kPigNames = {"frame",
                                                            "time_s",
                                                            "pelvic_tilt_deg",
                                                            "left_pelvic_obliquity_deg",
                                                            "right_pelvic_obliquity_deg",
                                                            "left_pelvic_rotation_deg",
                                                            "right_pelvic_rotation_deg",
                                                            "left_hip_flexion_deg",
                                                            "right_hip_flexion_deg",
                                                            "left_hip_adduction_deg",
                                                            "right_hip_adduction_deg",
                                                            "left_hip_rotation_deg",
                                                            "right_hip_rotation_deg",
                                                            "left_knee_flexion_deg",
                                                            "right_knee_flexion_deg",
                                                            "left_knee_valgus_deg",
                                                            "right_knee_valgus_deg",
                                                            "left_knee_rotation_deg",
                                                            "right_knee_rotation_deg"};

constexpr int kKeypointColumns = 6;
void keypoint_row(const hs::KeypointFrame& f, double* r) {
  r[0] = static_cast<double>(f.frame);
  r[1] = f.time_s;
  r[2] = f.pelvic_obliquity_rad[0] * kDeg;
  r[3] = f.pelvic_obliquity_rad[1] * kDeg;
  r[4] = f.fppa_rad[0] * kDeg;
  r[5] = f.fppa_rad[1] * kDeg;
}
constexpr std::array<const char*, kKeypointColumns> kKeypointNames = {
    "frame",         "time_s",        "left_pelvic_obliquity_deg", "right_pelvic_obliquity_deg",
    "left_fppa_deg", "right_fppa_deg"};

/// The columns of event_row (hipmech.stream.EVENT_COLUMNS).
constexpr std::array<const char*, 8> kEventNames = {"side",           "kind",    "frame",  "time_s",
                                                    "detected_frame", "delay_s", "source", "plate"};
py::tuple event_row(const hs::StreamEvent& e, double rate_hz) {
  return py::make_tuple(std::string(to_string(e.side)), std::string(events::to_string(e.kind)),
                        e.frame, e.time_s, e.detected_frame,
                        static_cast<double>(e.detected_frame - e.frame) / rate_hz,
                        source_name(e.source), e.plate);
}

/// The columns of stance_row (hipmech.stream.STANCE_COLUMNS).
constexpr std::array<const char*, 15> kStanceNames = {"side",
                                                      "stance",
                                                      "foot_strike_frame",
                                                      "foot_off_frame",
                                                      "foot_strike_time_s",
                                                      "foot_off_time_s",
                                                      "stance_time_s",
                                                      "single_support_begin",
                                                      "single_support_end",
                                                      "pelvic_drop_deg",
                                                      "pelvic_drop_frame",
                                                      "knee_valgus_deg",
                                                      "hip_adduction_deg",
                                                      "detected_frame",
                                                      "note"};

py::tuple stance_row(const hs::StanceSummary& s) {
  return py::make_tuple(std::string(to_string(s.side)), s.stance, s.foot_strike_frame,
                        s.foot_off_frame, s.foot_strike_time_s, s.foot_off_time_s, s.stance_time_s,
                        s.single_support_begin, s.single_support_end, s.peak_pelvic_drop_rad * kDeg,
                        s.peak_pelvic_drop_frame, s.peak_knee_valgus_rad * kDeg,
                        s.peak_hip_adduction_rad * kDeg, s.detected_frame, note_text(s.note));
}

/// `names` as a Python tuple of str.
template <std::size_t N>
py::tuple names_tuple(const std::array<const char*, N>& names) {
  py::tuple t(N);
  for (std::size_t k = 0; k < N; ++k) t[k] = py::str(names[k]);
  return t;
}

std::string fmt(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", v);
  return buf;
}

// -- push_many loops ---------------------------------------------------------------------------

struct ManyResult {
  Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> frames;
  std::vector<hs::StreamEvent> events;
  std::vector<hs::StanceSummary> stances;
};

/// The reports of close() (PigSession::closing_reports) as push_many's event and stance rows:
/// {'events': [...], 'stances': [...]}.
py::dict closing_dict(const hs::PigSession& s) {
  const hs::FrameReports& c = s.closing_reports();
  py::list ev;
  for (int i = 0; i < c.n_events; ++i) {
    ev.append(event_row(c.events[static_cast<std::size_t>(i)], s.options().point_rate_hz));
  }
  py::list st;
  for (int i = 0; i < c.n_stances; ++i) {
    st.append(stance_row(c.stances[static_cast<std::size_t>(i)]));
  }
  py::dict d;
  d["events"] = ev;
  d["stances"] = st;
  return d;
}

py::dict many_dict(ManyResult&& r, double rate_hz) {
  py::dict d;
  d["frames"] = to_numpy(std::move(r.frames));
  py::list ev;
  for (const auto& e : r.events) ev.append(event_row(e, rate_hz));
  py::list st;
  for (const auto& s : r.stances) st.append(stance_row(s));
  d["events"] = ev;
  d["stances"] = st;
  return d;
}

void bind_frame_types(py::module_& m) {
  py::class_<hs::StreamEvent>(m, "StreamEvent",
                              "A gait event found online (hipmech.stream): side, kind, frame, "
                              "time_s, detected_frame (the push that reported it), source, plate.")
      .def_property_readonly("side", [](const hs::StreamEvent& e) { return e.side; })
      .def_property_readonly(
          "kind", [](const hs::StreamEvent& e) { return std::string(events::to_string(e.kind)); },
          "'foot_strike' or 'foot_off'.")
      .def_readonly("frame", &hs::StreamEvent::frame, "The event's frame (0-based push count).")
      .def_readonly("time_s", &hs::StreamEvent::time_s, "The time of `frame` [s].")
      .def_readonly("detected_frame", &hs::StreamEvent::detected_frame,
                    "The frame whose push reported the event (>= frame).")
      .def_property_readonly(
          "source", [](const hs::StreamEvent& e) { return std::string(source_name(e.source)); },
          "'plates' or 'kinematics'.")
      .def_readonly("plate", &hs::StreamEvent::plate, "0-based plate index; -1 for kinematics.")
      .def("__repr__", [](const hs::StreamEvent& e) {
        return "<StreamEvent " + std::string(to_string(e.side)) + " " +
               std::string(events::to_string(e.kind)) + " at frame " + std::to_string(e.frame) +
               " (reported at frame " + std::to_string(e.detected_frame) + ", " +
               source_name(e.source) + ")>";
      });

  py::class_<hs::StanceSummary>(
      m, "StreamStanceSummary",
      "The summary of one stance [foot strike, foot off), emitted by the push that detects the "
      "foot off (hipmech.stream); angles in degrees, NaN when not computed (see notes).")
      .def_property_readonly("side", [](const hs::StanceSummary& s) { return s.side; })
      .def_readonly("stance", &hs::StanceSummary::stance, "1, 2, ... per side, in emitted order.")
      .def_readonly("foot_strike_frame", &hs::StanceSummary::foot_strike_frame)
      .def_readonly("foot_off_frame", &hs::StanceSummary::foot_off_frame,
                    "One past the stance's last frame.")
      .def_readonly("foot_strike_time_s", &hs::StanceSummary::foot_strike_time_s)
      .def_readonly("foot_off_time_s", &hs::StanceSummary::foot_off_time_s)
      .def_readonly("stance_time_s", &hs::StanceSummary::stance_time_s,
                    "foot_off_time_s - foot_strike_time_s [s].")
      .def_readonly("single_support_begin", &hs::StanceSummary::single_support_begin,
                    "Single-limb support [begin, end) inside the stance; -1 when unknown.")
      .def_readonly("single_support_end", &hs::StanceSummary::single_support_end)
      .def_property_readonly(
          "pelvic_drop_deg",
          [](const hs::StanceSummary& s) { return s.peak_pelvic_drop_rad * kDeg; },
          "Peak contralateral pelvic drop over single support [deg] (this side's obliquity; "
          "positive = swing side lower).")
      .def_readonly("pelvic_drop_frame", &hs::StanceSummary::peak_pelvic_drop_frame)
      .def_property_readonly(
          "knee_valgus_deg",
          [](const hs::StanceSummary& s) { return s.peak_knee_valgus_rad * kDeg; },
          "Peak knee valgus over the stance [deg] (valgus +).")
      .def_property_readonly(
          "hip_adduction_deg",
          [](const hs::StanceSummary& s) { return s.peak_hip_adduction_rad * kDeg; },
          "Peak hip adduction over the stance [deg] (adduction +).")
      .def_readonly("detected_frame", &hs::StanceSummary::detected_frame,
                    "The frame whose push emitted the summary.")
      .def_readonly("note", &hs::StanceSummary::note, "Bit flags: why a value is NaN (0: none).")
      .def_property_readonly(
          "notes", [](const hs::StanceSummary& s) { return note_words(s.note); },
          "Why a value is NaN, in words (empty when complete).")
      .def("__repr__", [](const hs::StanceSummary& s) {
        return "<StreamStanceSummary " + std::string(to_string(s.side)) + " stance " +
               std::to_string(s.stance) + " frames " + std::to_string(s.foot_strike_frame) + "-" +
               std::to_string(s.foot_off_frame) + ": drop " + fmt(s.peak_pelvic_drop_rad * kDeg) +
               " deg, valgus " + fmt(s.peak_knee_valgus_rad * kDeg) + " deg, hip adduction " +
               fmt(s.peak_hip_adduction_rad * kDeg) + " deg>";
      });

  const auto reports_events = [](const hs::FrameReports& r) {
    std::vector<hs::StreamEvent> out(r.events.begin(), r.events.begin() + r.n_events);
    return out;
  };
  const auto reports_stances = [](const hs::FrameReports& r) {
    std::vector<hs::StanceSummary> out(r.stances.begin(), r.stances.begin() + r.n_stances);
    return out;
  };

  py::class_<hs::PigFrame>(
      m, "StreamPigFrame",
      "One frame of a hipmech.stream.Session, angles in degrees with the report's curve names; "
      "per side a (left, right) tuple. NaN where a marker the angle needs is missing.")
      .def_readonly("frame", &hs::PigFrame::frame, "0-based count of pushed frames.")
      .def_readonly("time_s", &hs::PigFrame::time_s, "The frame's time [s].")
      .def_property_readonly(
          "pelvic_tilt_deg", [](const hs::PigFrame& f) { return f.pelvic_tilt_rad * kDeg; },
          "Pelvic tilt (anterior +) [deg], Baker (2001) relative to the progression frame.")
      .def_property_readonly(
          "pelvic_obliquity_deg",
          [](const hs::PigFrame& f) { return deg_pair(f.pelvic_obliquity_rad); },
          "(left, right) pelvic obliquity, this side up + [deg].")
      .def_property_readonly(
          "pelvic_rotation_deg",
          [](const hs::PigFrame& f) { return deg_pair(f.pelvic_rotation_rad); },
          "(left, right) pelvic rotation, this side forward + [deg].")
      .def_property_readonly(
          "hip_flexion_deg", [](const hs::PigFrame& f) { return deg_pair(f.hip_flexion_rad); },
          "(left, right) hip flexion + [deg].")
      .def_property_readonly(
          "hip_adduction_deg", [](const hs::PigFrame& f) { return deg_pair(f.hip_adduction_rad); },
          "(left, right) hip adduction + / abduction - [deg].")
      .def_property_readonly(
          "hip_rotation_deg", [](const hs::PigFrame& f) { return deg_pair(f.hip_rotation_rad); },
          "(left, right) hip internal rotation + [deg].")
      .def_property_readonly(
          "knee_flexion_deg", [](const hs::PigFrame& f) { return deg_pair(f.knee_flexion_rad); },
          "(left, right) knee flexion + [deg].")
      .def_property_readonly(
          "knee_valgus_deg", [](const hs::PigFrame& f) { return deg_pair(f.knee_valgus_rad); },
          "(left, right) knee valgus + / varus - [deg].")
      .def_property_readonly(
          "knee_rotation_deg", [](const hs::PigFrame& f) { return deg_pair(f.knee_rotation_rad); },
          "(left, right) knee internal rotation + [deg].")
      .def_property_readonly(
          "events", [reports_events](const hs::PigFrame& f) { return reports_events(f.reports); },
          "The gait events this push detected (list of StreamEvent).")
      .def_property_readonly(
          "stances",
          [reports_stances](const hs::PigFrame& f) { return reports_stances(f.reports); },
          "The stance summaries this push completed (list of StreamStanceSummary).")
      .def(
          "to_dict",
          [](const hs::PigFrame& f) {
            std::array<double, kPigColumns> r{};
            pig_row(f, r.data());
            py::dict d;
            d["frame"] = f.frame;
            for (std::size_t k = 1; k < kPigNames.size(); ++k) d[kPigNames[k]] = r[k];
            return d;
          },
          "The frame's numbers as a flat dict: frame, time_s, pelvic_tilt_deg, "
          "left_pelvic_obliquity_deg, right_pelvic_obliquity_deg, ... (hipmech.stream."
          "FRAME_COLUMNS).")
      .def("__repr__", [](const hs::PigFrame& f) {
        return "<StreamPigFrame " + std::to_string(f.frame) + " at " + fmt(f.time_s) +
               " s: pelvic obliquity L " + fmt(f.pelvic_obliquity_rad[0] * kDeg) + " R " +
               fmt(f.pelvic_obliquity_rad[1] * kDeg) + " deg, knee valgus L " +
               fmt(f.knee_valgus_rad[0] * kDeg) + " R " + fmt(f.knee_valgus_rad[1] * kDeg) +
               " deg, " + std::to_string(f.reports.n_events) + " events, " +
               std::to_string(f.reports.n_stances) + " stances>";
      });

  py::class_<hs::KeypointFrame>(
      m, "StreamKeypointFrame",
      "One frame of a hipmech.stream.KeypointSession [deg], per side a (left, right) tuple.")
      .def_readonly("frame", &hs::KeypointFrame::frame)
      .def_readonly("time_s", &hs::KeypointFrame::time_s)
      .def_property_readonly(
          "pelvic_obliquity_deg",
          [](const hs::KeypointFrame& f) { return deg_pair(f.pelvic_obliquity_rad); },
          "(left, right) 2-D pelvic obliquity, this side higher + [deg] (pelvis.drop_2d).")
      .def_property_readonly(
          "fppa_deg", [](const hs::KeypointFrame& f) { return deg_pair(f.fppa_rad); },
          "(left, right) knee frontal plane projection angle, valgus + [deg] (knee.fppa).")
      .def(
          "to_dict",
          [](const hs::KeypointFrame& f) {
            std::array<double, kKeypointColumns> r{};
            keypoint_row(f, r.data());
            py::dict d;
            d["frame"] = f.frame;
            for (int k = 1; k < kKeypointColumns; ++k) {
              d[kKeypointNames[static_cast<std::size_t>(k)]] = r[static_cast<std::size_t>(k)];
            }
            return d;
          },
          "The frame as a flat dict (hipmech.stream.KEYPOINT_FRAME_COLUMNS).")
      .def("__repr__", [](const hs::KeypointFrame& f) {
        return "<StreamKeypointFrame " + std::to_string(f.frame) + " at " + fmt(f.time_s) +
               " s: FPPA L " + fmt(f.fppa_rad[0] * kDeg) + " R " + fmt(f.fppa_rad[1] * kDeg) +
               " deg>";
      });
}

void bind_pig_session(py::module_& m) {
  py::class_<BoundPig>(m, "StreamPigSession",
                       "Real-time Plug-in Gait session (raw; use hipmech.stream.Session).")
      .def(py::init([](const py::dict& options) {
             return std::make_unique<BoundPig>(pig_options(options));
           }),
           py::arg("options"))
      .def(
          "push",
          [](BoundPig& s, const py::object& markers, std::optional<double> time_s,
             const py::object& plates) {
            const OneThread use(s.busy);
            const PointsFrame points(markers, "markers", s.options().marker_names, 3);
            const PlatesFrame p(plates, s);
            return s.push(points.data(), s.n_values(), time_arg(time_s), p.data(), p.size());
          },
          py::arg("markers"), py::arg("time_s") = py::none(), py::arg("plates") = py::none(),
          "Pushes one frame (n_markers, 3) [m]; returns a copy of its StreamPigFrame.")
      .def(
          "push_many",
          [](BoundPig& s, const py::object& markers, const py::object& times,
             const py::object& plates) {
            const OneThread use(s.busy);
            const auto nm = static_cast<py::ssize_t>(s.options().marker_names.size());
            const Float64C mk = block_arg(markers, "markers", {nm, 3},
                                          "shape (n_frames, " + std::to_string(nm) + ", 3)");
            const py::ssize_t n = mk.shape(0);
            const std::vector<double> t = times_arg(times, n);
            // A gap longer than max_stance_s (PigSession::push refuses it): refused before any
            // frame is pushed, so that a refused batch pushes nothing.
            for (std::size_t i = 0; i < t.size() && !std::isnan(t[i]); ++i) {
              const double prev =
                  i > 0 ? t[i - 1] : (s.n_frames() > 0 ? s.last().time_s : std::nan(""));
              if (!std::isnan(prev) && t[i] - prev > s.options().max_stance_s) {
                hipmech::detail::throw_invalid_argument(
                    "times",
                    "gaps of at most max_stance_s = " +
                        hipmech::detail::to_message(s.options().max_stance_s) +
                        " s between frames (for a longer interruption, start a new session)",
                    hipmech::detail::to_message(t[i]) + " at index " + std::to_string(i) +
                        " after " + hipmech::detail::to_message(prev));
              }
            }
            check_plates_allowed(plates, s);
            Float64C pl;
            std::size_t per_frame = 0;
            if (!plates.is_none()) {
              const auto spf = static_cast<py::ssize_t>(s.options().samples_per_frame);
              const auto np = static_cast<py::ssize_t>(s.options().plate_corners.size());
              pl = block_arg(plates, "plates", {spf, np, 6},
                             "shape (" + std::to_string(n) + ", " + std::to_string(spf) + ", " +
                                 std::to_string(np) + ", 6)",
                             n);
              per_frame = static_cast<std::size_t>(spf * np * 6);
            }
            const double* mdata = mk.data();
            const double* pdata = per_frame ? pl.data() : nullptr;
            ManyResult r;
            {
              py::gil_scoped_release release;
              r.frames.resize(n, kPigColumns);
              const std::size_t nv = s.n_values();
              for (py::ssize_t i = 0; i < n; ++i) {
                const hs::PigFrame& f = s.push(
                    mdata + i * static_cast<py::ssize_t>(nv), nv, t[static_cast<std::size_t>(i)],
                    pdata ? pdata + i * static_cast<py::ssize_t>(per_frame) : nullptr, per_frame);
                pig_row(f, r.frames.row(i).data());
                r.events.insert(r.events.end(), f.reports.events.begin(),
                                f.reports.events.begin() + f.reports.n_events);
                r.stances.insert(r.stances.end(), f.reports.stances.begin(),
                                 f.reports.stances.begin() + f.reports.n_stances);
              }
            }
            return many_dict(std::move(r), s.options().point_rate_hz);
          },
          py::arg("markers"), py::arg("times") = py::none(), py::arg("plates") = py::none(),
          "Pushes (n_frames, n_markers, 3) markers, the loop in C++ with the GIL released; "
          "returns {'frames': (n_frames, 19) array, 'events': [...], 'stances': [...]}.")
      .def(
          "close",
          [](BoundPig& s) {
            const OneThread use(s.busy);
            s.close();
            return closing_dict(s);
          },
          "Ends the session (further pushes raise; idempotent) and returns what closing "
          "released: {'events': [...], 'stances': [...]} (PigSession::closing_reports: the "
          "Zeni extremes held at the end and the stance summaries they complete, then the "
          "summaries still pending, released with the events known).")
      .def_property_readonly(
          "closing_reports", [](const BoundPig& s) { return closing_dict(s); },
          "What close() released, {'events': [...], 'stances': [...]} (empty before close).")
      .def_property_readonly("closed", &hs::PigSession::closed)
      .def_property_readonly("n_frames", &hs::PigSession::n_frames)
      .def_property_readonly("rate_hz", [](const BoundPig& s) { return s.options().point_rate_hz; })
      .def_property_readonly("marker_names",
                             [](const BoundPig& s) { return s.options().marker_names; })
      .def_property_readonly("samples_per_frame",
                             [](const BoundPig& s) { return s.options().samples_per_frame; })
      .def_property_readonly(
          "n_plates",
          [](const BoundPig& s) { return static_cast<int>(s.options().plate_corners.size()); })
      .def_property_readonly("filter_delay_s", &hs::PigSession::filter_delay_s)
      .def_property_readonly("filter_delay_frames", &hs::PigSession::filter_delay_frames)
      .def_property_readonly("event_delay_bound_s", &hs::PigSession::event_delay_bound_s)
      .def_property_readonly("summary_delay_bound_s", &hs::PigSession::summary_delay_bound_s)
      .def_property_readonly("open_swing_wait_frames", &hs::PigSession::open_swing_wait_frames)
      .def_property_readonly("n_events_out_of_sequence", &hs::PigSession::n_events_out_of_sequence,
                             "Events left out: the same kind as the foot's previous event.")
      .def_property_readonly("n_frames_filled", &hs::PigSession::n_frames_filled,
                             "Frames processed as missing for time gaps.")
      .def_property_readonly("n_frames_against_forward", &hs::PigSession::n_frames_against_forward,
                             "Frames whose pelvis faces against the progression's forward.")
      .def_property_readonly("n_frames_pelvis_valid", &hs::PigSession::n_frames_pelvis_valid,
                             "Frames whose pelvis markers were all present.")
      .def_property_readonly("n_summaries_dropped_at_close",
                             &hs::PigSession::n_summaries_dropped_at_close,
                             "Pending summaries close() dropped (value frames not in).")
      .def_property_readonly("parameters",
                             [](const BoundPig& s) { return parameters_to_dict(s.parameters()); })
      .def_property_readonly("notes", [](const BoundPig& s) { return s.notes(); })
      .def_property_readonly(
          "last", [](const BoundPig& s) { return hs::PigFrame(s.last()); },
          "The last frame pushed (a copy; frame -1 before the first push).");
}

void bind_keypoint_session(py::module_& m) {
  py::class_<BoundKeypoint>(
      m, "StreamKeypointSession",
      "Real-time 2-D keypoint session (raw; use hipmech.stream.KeypointSession).")
      .def(py::init([](const py::dict& options) {
             return std::make_unique<BoundKeypoint>(keypoint_options(options));
           }),
           py::arg("options"))
      .def(
          "push",
          [](BoundKeypoint& s, const py::object& keypoints, std::optional<double> time_s) {
            const OneThread use(s.busy);
            const PointsFrame points(keypoints, "keypoints", s.options().keypoint_names, 2);
            return s.push(points.data(), s.n_values(), time_arg(time_s));
          },
          py::arg("keypoints"), py::arg("time_s") = py::none(),
          "Pushes one frame (n_keypoints, 2); returns a copy of its StreamKeypointFrame.")
      .def(
          "push_many",
          [](BoundKeypoint& s, const py::object& keypoints, const py::object& times) {
            const OneThread use(s.busy);
            const auto nk = static_cast<py::ssize_t>(s.options().keypoint_names.size());
            const Float64C kp = block_arg(keypoints, "keypoints", {nk, 2},
                                          "shape (n_frames, " + std::to_string(nk) + ", 2)");
            const py::ssize_t n = kp.shape(0);
            const std::vector<double> t = times_arg(times, n);
            ManyResult r;
            {
              py::gil_scoped_release release;
              r.frames.resize(n, kKeypointColumns);
              const std::size_t nv = s.n_values();
              for (py::ssize_t i = 0; i < n; ++i) {
                keypoint_row(s.push(kp.data() + i * static_cast<py::ssize_t>(nv), nv,
                                    t[static_cast<std::size_t>(i)]),
                             r.frames.row(i).data());
              }
            }
            return many_dict(std::move(r), s.options().point_rate_hz);
          },
          py::arg("keypoints"), py::arg("times") = py::none(),
          "Pushes (n_frames, n_keypoints, 2), the loop in C++ with the GIL released.")
      .def("close",
           [](BoundKeypoint& s) {
             const OneThread use(s.busy);
             s.close();
           })
      .def_property_readonly("closed", &hs::KeypointSession::closed)
      .def_property_readonly("n_frames", &hs::KeypointSession::n_frames)
      .def_property_readonly("rate_hz",
                             [](const BoundKeypoint& s) { return s.options().point_rate_hz; })
      .def_property_readonly("names",
                             [](const BoundKeypoint& s) { return s.options().keypoint_names; })
      .def_property_readonly("filter_delay_s", &hs::KeypointSession::filter_delay_s)
      .def_property_readonly("notes", [](const BoundKeypoint& s) { return s.notes(); });
}

void bind_causal_filter(py::module_& m) {
  py::class_<hs::CausalButterworth>(
      m, "StreamCausalButterworth",
      "Causal Butterworth low-pass, sample by sample (raw; use hipmech.stream.CausalButterworth).")
      .def(py::init<int, double, double, int>(), py::arg("n_channels"), py::arg("rate_hz"),
           py::arg("cutoff_hz"), py::arg("order") = 2)
      .def(
          "step",
          [](hs::CausalButterworth& f, const ArrayLike& x) {
            const SeriesArg in(x, "x");
            HIPMECH_CHECK_ARG(
                in.size() == f.n_channels(), "x",
                "shape (" + std::to_string(f.n_channels()) + ",) (one sample per channel)",
                "shape (" + std::to_string(in.size()) + ",)");
            Eigen::VectorXd out(f.n_channels());
            f.step(in.map().data(), out.data());
            return to_numpy(std::move(out));
          },
          py::arg("x"), "Filters one sample of every channel, shape (n_channels,).")
      .def(
          "run",
          [](hs::CausalButterworth& f, const ArrayLike& x) {
            const MatrixArg in(x, "x", "shape (n_samples, " + std::to_string(f.n_channels()) + ")");
            HIPMECH_CHECK_ARG(in.map().cols() == f.n_channels(), "x",
                              "shape (n_samples, " + std::to_string(f.n_channels()) + ")",
                              "shape (" + std::to_string(in.map().rows()) + ", " +
                                  std::to_string(in.map().cols()) + ")");
            MatrixArg::Matrix out(in.map().rows(), f.n_channels());
            {
              py::gil_scoped_release release;
              for (Eigen::Index i = 0; i < out.rows(); ++i) {
                f.step(in.map().row(i).data(), out.row(i).data());
              }
            }
            return to_numpy(std::move(out));
          },
          py::arg("x"), "Filters (n_samples, n_channels), continuing the state.")
      .def("reset", &hs::CausalButterworth::reset)
      .def_property_readonly("b",
                             [](const hs::CausalButterworth& f) {
                               return to_numpy(Eigen::VectorXd(f.coefficients().b));
                             })
      .def_property_readonly("a",
                             [](const hs::CausalButterworth& f) {
                               return to_numpy(Eigen::VectorXd(f.coefficients().a));
                             })
      .def_property_readonly("delay_s", &hs::CausalButterworth::delay_s)
      .def_property_readonly("n_channels", &hs::CausalButterworth::n_channels);
}

}  // namespace

void bind_stream(py::module_& m) {
  // The column names of hipmech.stream's tables, defined once here (stream.py's FRAME_COLUMNS,
  // KEYPOINT_FRAME_COLUMNS, EVENT_COLUMNS, STANCE_COLUMNS are these tuples).
  m.attr("STREAM_FRAME_COLUMNS") = names_tuple(kPigNames);
  m.attr("STREAM_KEYPOINT_FRAME_COLUMNS") = names_tuple(kKeypointNames);
  m.attr("STREAM_EVENT_COLUMNS") = names_tuple(kEventNames);
  m.attr("STREAM_STANCE_COLUMNS") = names_tuple(kStanceNames);
  bind_frame_types(m);
  bind_pig_session(m);
  bind_keypoint_session(m);
  bind_causal_filter(m);
}

}  // namespace hipmech::bindings
