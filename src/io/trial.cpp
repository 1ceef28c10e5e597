// The Trial value (include/hipmech/io/trial.hpp).
#include "hipmech/io/trial.hpp"

#include "hipmech/core/check.hpp"
#include "hipmech/core/detail/text.hpp"

namespace hipmech::io {

const char* to_string(PointKind kind) noexcept {
  switch (kind) {
    case PointKind::Marker: return "marker";
    case PointKind::Angle: return "angle";
    case PointKind::Force: return "force";
    case PointKind::Moment: return "moment";
    case PointKind::Power: return "power";
    case PointKind::Scalar: return "scalar";
  }
  return "marker";
}

PointKind parse_point_kind(const std::string& text, const std::string& argument) {
  const std::string f = detail::folded(text);
  for (PointKind k : {PointKind::Marker, PointKind::Angle, PointKind::Force, PointKind::Moment,
                      PointKind::Power, PointKind::Scalar}) {
    if (f == to_string(k)) return k;
  }
  throw InvalidArgument(argument,
                        "one of 'marker', 'angle', 'force', 'moment', 'power', 'scalar'",
                        "'" + text + "'");
}

std::size_t Trial::checked_index(const std::string& name) const {
  const Eigen::Index i = find_point(name);
  if (i >= 0) return static_cast<std::size_t>(i);
  std::string available;
  for (const Point& p : points) {
    if (!available.empty()) available += ", ";
    if (available.size() > 600) {
      available += "...";
      break;
    }
    available += p.name;
  }
  throw InvalidArgument("name", "the name of a point in the trial (available: " +
                                    (available.empty() ? std::string("none") : available) + ")",
                        "'" + name + "'");
}

Point& Trial::set_point(const std::string& name, Trajectory values, PointKind kind,
                        std::string unit_original, std::string description) {
  HIPMECH_CHECK_ARG(!name.empty(), "name", "a non-empty point name", "''");
  const bool first = points.empty() || (points.size() == 1 && find_point(name) == 0);
  if (!first) {
    HIPMECH_CHECK_SIZE(values.rows(), n_frames(), "values", "frames (the trial's frame count)");
  }
  Eigen::Index i = find_point(name);
  if (i < 0) {
    points.emplace_back();
    i = static_cast<Eigen::Index>(points.size() - 1);
  }
  Point& p = points[static_cast<std::size_t>(i)];
  p.name = name;
  p.kind = kind;
  p.unit_original = std::move(unit_original);
  p.description = std::move(description);
  p.values = std::move(values);
  p.residual.resize(0);
  return p;
}

}  // namespace hipmech::io
