/// \file
/// The Trial value every reader fills and every writer takes: points (markers and analysis
/// outputs) by name in SI units, analog channels, force plates in the lab frame, events,
/// subject parameters, lab axes and the file's full parameter tree (docs/io.md).
#pragma once

#include <limits>
#include <string>
#include <vector>

#include "hipmech/core/error.hpp"
#include "hipmech/core/lab_axes.hpp"
#include "hipmech/core/trajectory.hpp"
#include "hipmech/io/force_plate.hpp"
#include "hipmech/io/parameters.hpp"
#include "hipmech/io/subject_parameters.hpp"

namespace hipmech::io {

/// What a point holds. C3D files list non-marker points in POINT:ANGLES, POINT:FORCES,
/// POINT:MOMENTS, POINT:POWERS (Plug-in Gait) and the reader converts each kind to SI:
/// markers mm -> m, angles deg -> rad, moments N·mm -> N·m, forces N, powers W.
enum class PointKind { Marker, Angle, Force, Moment, Power, Scalar };

/// Lower-case name of a PointKind ("marker", "angle", ...), as C3D groups and Python use it.
const char* to_string(PointKind kind) noexcept;
/// Parse "marker", "angle", "force", "moment", "power" or "scalar" (case-insensitive).
/// \throws InvalidArgument naming `argument` for anything else.
PointKind parse_point_kind(const std::string& text, const std::string& argument = "kind");

/// One named point: #frames by 3 values in SI units, NaN where missing.
struct Point {
  std::string name;
  std::string description;
  PointKind kind = PointKind::Marker;
  /// Unit the values had in the file ("mm", "deg", "Nmm", ...); the writer converts back to it.
  std::string unit_original;
  /// #frames by 3 [m for markers, rad, N, N·m, W; per kg when the file's values are].
  Trajectory values;
  /// Raw C3D residual word per frame (float format: the residual as stored; integer format:
  /// residual times |POINT:SCALE|); -1 where the file marks the point missing. Empty when the
  /// source has no residuals (TRC).
  Series residual;
};

/// Analog channels at the analog rate, in SI units after scale, offset and unit conversion.
struct Analog {
  double rate_hz = 0.0;
  std::vector<std::string> names;
  std::vector<std::string> descriptions;
  /// Unit of each channel in the file ("N", "Nmm", "V"); values are converted to SI.
  std::vector<std::string> units_original;
  /// #analog samples by #channels, #analog samples = #frames x samples per frame.
  Channels values;

  Eigen::Index n_channels() const noexcept { return values.cols(); }
  Eigen::Index n_samples() const noexcept { return values.rows(); }
};

/// A time event (foot strike, toe off, ...) from the C3D EVENT group, the header or a caller.
struct Event {
  std::string label;        ///< "Foot Strike", "Foot Off", "Event", ...
  std::string context;      ///< "Left", "Right" or "General" (free text in C3D)
  std::string description;  ///< free text
  std::string subject;      ///< subject name, may be empty
  double time_s = 0.0;      ///< seconds from the start of capture (frame 1 at t = 0), as in C3D
  int icon_id = 0;          ///< Vicon icon id (C3D EVENT:ICON_IDS), kept for round trips
  int generic_flag = 0;     ///< C3D EVENT:GENERIC_FLAGS, kept for round trips
};

/// One capture: what hipmech knows about a motion-capture or OpenSim file, in SI units.
/// A plain value: copy it, change it, write it (io::write_c3d, io::write_trc).
struct Trial {
  /// Point (video or marker) frame rate [Hz].
  double point_rate_hz = 0.0;
  /// 1-based number of the first stored frame in the capture (C3D header / TRIAL group).
  /// Event times count from frame 1: frame index i of the arrays is at
  /// (first_frame - 1 + i) / point_rate_hz seconds.
  long first_frame = 1;
  /// Every point, in file order; names are unique.
  std::vector<Point> points;
  Analog analog;
  /// Force plates in the lab frame at the analog rate (see ForcePlate).
  std::vector<ForcePlate> force_plates;
  std::vector<Event> events;
  SubjectParameters subject;
  /// Which lab axis is up and which is forward. C3D: up from POINT:Y_SCREEN, forward from
  /// POINT:X_SCREEN when it is horizontal (a display hint, not the walking direction).
  LabAxes lab_axes;
  /// The file's full parameter tree (C3D groups, TRC/MOT header keys), kept for round trips.
  Parameters parameters;
  /// Path the trial was read from, empty if built in memory.
  std::string source;

  /// Frame count when the trial holds no points (analog-only files); ignored otherwise.
  Eigen::Index n_frames_without_points = 0;

  /// Number of point frames (rows of every Point::values).
  Eigen::Index n_frames() const noexcept {
    return points.empty() ? n_frames_without_points : points.front().values.rows();
  }

  /// Time of each frame [s], counted like event times (frame 1 at t = 0).
  Series times_s() const {
    const Eigen::Index n = n_frames();
    Series t(n);
    for (Eigen::Index i = 0; i < n; ++i) {
      t[i] = static_cast<double>(first_frame - 1 + i) / point_rate_hz;
    }
    return t;
  }

  /// Index of the point called `name`, or -1.
  Eigen::Index find_point(const std::string& name) const noexcept {
    for (std::size_t i = 0; i < points.size(); ++i) {
      if (points[i].name == name) return static_cast<Eigen::Index>(i);
    }
    return -1;
  }
  /// The point called `name`.
  /// \throws InvalidArgument listing the names available when there is none.
  const Point& point(const std::string& name) const { return points[checked_index(name)]; }
  Point& point(const std::string& name) { return points[checked_index(name)]; }

  /// Values of the marker called `name`, #frames by 3 [m].
  const Trajectory& marker(const std::string& name) const { return point(name).values; }

  /// Names of the points of one kind (markers by default), in file order.
  std::vector<std::string> names(PointKind kind = PointKind::Marker) const {
    std::vector<std::string> out;
    for (const Point& p : points) {
      if (p.kind == kind) out.push_back(p.name);
    }
    return out;
  }

  /// Add a point or replace the one with the same name (analysis outputs: angles, moments).
  /// \param values #frames by 3 in SI units; #frames must equal n_frames() unless the trial
  ///        holds no points yet.
  /// \param unit_original unit the writer stores it in; empty means the SI unit of `kind`.
  /// \throws InvalidArgument on a wrong frame count or an empty name.
  Point& set_point(const std::string& name, Trajectory values, PointKind kind = PointKind::Marker,
                   std::string unit_original = {}, std::string description = {});

 private:
  std::size_t checked_index(const std::string& name) const;
};

}  // namespace hipmech::io
