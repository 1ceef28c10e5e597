/// \file
/// Markers: named marker trajectories viewed in the caller's memory (a Trial's points or numpy
/// arrays), with the checks every marker-based computation needs: the names it requires, listed
/// with the ones available when missing, and one frame count for all.
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "hipmech/core/check.hpp"
#include "hipmech/core/side.hpp"
#include "hipmech/core/trajectory.hpp"
#include "hipmech/io/marker_map.hpp"
#include "hipmech/io/trial.hpp"

namespace hipmech::io {

/// Named marker trajectories (#frames by 3, lab frame [m], NaN = missing), held as views: the
/// caller keeps the arrays alive while the Markers is used. Cheap to copy.
class Markers {
 public:
  Markers() = default;

  /// Views of every marker of a trial (points of kind Marker).
  static Markers from_trial(const Trial&& trial) = delete;  // the views would dangle
  static Markers from_trial(const Trial& trial) {
    Markers m;
    for (const Point& p : trial.points) {
      if (p.kind == PointKind::Marker) m.add(p.name, p.values);
    }
    return m;
  }

  /// Adds (or replaces) a marker. \param values #frames by 3 [m]; must outlive this object.
  /// \throws InvalidArgument if the #frames differs from the markers already added.
  void add(std::string name, const Trajectory& values) {
    add(std::move(name), values.data(), values.rows());
  }
  /// A temporary would leave a dangling view: keep the trajectory in a variable.
  void add(std::string name, Trajectory&& values) = delete;
  /// Adds a marker from a row-major #frames by 3 buffer that outlives this object.
  void add(std::string name, const double* data, Eigen::Index n_frames) {
    if (!items_.empty()) {
      check_same_frames(n_frames, n_frames_, name.c_str(), items_.front().first.c_str());
    }
    n_frames_ = n_frames;
    for (auto& item : items_) {
      if (item.first == name) {
        item.second = data;
        return;
      }
    }
    items_.emplace_back(std::move(name), data);
  }

  /// True if a marker called `name` is present.
  bool has(std::string_view name) const noexcept { return find(name) != nullptr; }

  /// The marker called `name`. \throws InvalidArgument listing the available names.
  TrajectoryMap get(std::string_view name) const {
    const double* data = find(name);
    if (data == nullptr) require({name}, "markers");
    return TrajectoryMap(data, n_frames_, 3);
  }

  /// Throws InvalidArgument naming `arg` unless every name is present; the message lists the
  /// missing names and the ones available, and ends with a marker map to try when markers of
  /// similar names are present (io::marker_map_hint: "VSAC" for "SACR").
  void require(std::initializer_list<std::string_view> names, const char* arg) const {
    require(std::vector<std::string_view>(names), arg);
  }
  void require(const std::vector<std::string_view>& names, const char* arg) const {
    require(names, {}, arg);
  }
  void require(const std::vector<std::string>& names, const char* arg) const {
    require(std::vector<std::string_view>(names.begin(), names.end()), arg);
  }
  /// As require(required, arg), and of `alternatives` one complete set: {{"SACR"}, {"LPSI",
  /// "RPSI"}} reads "'SACR', or both 'LPSI' and 'RPSI'" in the message (empty: no choice).
  void require(const std::vector<std::string_view>& required,
               const std::vector<std::vector<std::string_view>>& alternatives,
               const char* arg) const {
    std::vector<std::string> missing;
    for (std::string_view n : required) {
      if (!has(n)) missing.emplace_back(n);
    }
    bool choice_met = alternatives.empty();
    for (const auto& set : alternatives) {
      bool complete = true;
      for (std::string_view n : set) complete = complete && has(n);
      choice_met = choice_met || complete;
    }
    if (missing.empty() && choice_met) return;
    const auto quoted = [](const auto& list) {
      std::string out;
      for (const auto& n : list) out += (out.empty() ? "'" : ", '") + std::string(n) + "'";
      return out;
    };
    std::string expected = "the markers " + quoted(missing);
    std::vector<std::string> absent = missing;
    if (!choice_met) {
      std::string choice;
      for (std::size_t i = 0; i < alternatives.size(); ++i) {
        const auto& set = alternatives[i];
        std::string one;
        for (std::size_t j = 0; j < set.size(); ++j) {
          one += (j == 0                ? ""
                  : j + 1 == set.size() ? " and "
                                        : ", ") +
                 ("'" + std::string(set[j]) + "'");
          if (!has(set[j])) absent.emplace_back(set[j]);
        }
        choice += (i == 0 ? "" : ", or ") + std::string(set.size() > 1 ? "both " : "") + one;
      }
      expected = missing.empty() ? "the markers " + choice : expected + " and " + choice;
    }
    const std::vector<std::string> present = names();
    const std::string available = quoted(present);
    detail::throw_invalid_argument(
        arg, expected,
        "markers without " + (choice_met ? std::string("them") : quoted(absent)) +
            " (available: " + (available.empty() ? std::string("none") : available) + ")" +
            marker_map_hint(absent, present));
  }

  /// Number of frames of every marker (0 when empty).
  Eigen::Index n_frames() const noexcept { return n_frames_; }
  /// Number of markers.
  std::size_t size() const noexcept { return items_.size(); }
  /// Marker names in insertion order.
  std::vector<std::string> names() const {
    std::vector<std::string> out;
    for (const auto& item : items_) out.push_back(item.first);
    return out;
  }

 private:
  const double* find(std::string_view name) const noexcept {
    for (const auto& item : items_) {
      if (item.first == name) return item.second;
    }
    return nullptr;
  }

  std::vector<std::pair<std::string, const double*>> items_;
  Eigen::Index n_frames_ = 0;
};

/// "L" + name or "R" + name: the Plug-in Gait marker of a side ("LASI", "RKNE").
inline std::string side_marker(Side side, std::string_view name) {
  return std::string(1, prefix(side)) + std::string(name);
}

}  // namespace hipmech::io
