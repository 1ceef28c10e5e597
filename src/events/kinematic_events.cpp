// The compiled definitions of <hipmech/events/kinematic_events.hpp> (declared and documented
// there): heavy functions users never need inline, compiled once into the library.
#include "hipmech/events/kinematic_events.hpp"

namespace hipmech::events {

Eigen::Vector3d estimate_progression(const TrajectoryCRef& sacrum_m, const LabAxes& lab_axes,
                                     double min_displacement_m) {
  const NetDisplacement moved = net_horizontal_displacement(sacrum_m, lab_axes);
  HIPMECH_CHECK_ARG(moved.first >= 0 && moved.last > moved.first, "progression",
                    "a sacrum observed in at least two frames to estimate the direction of "
                    "progression (or progression='lab' / a given direction)",
                    "the sacrum markers are missing in every frame but " +
                        std::to_string(moved.first >= 0 ? 1 : 0));
  const Eigen::Vector3d& d = moved.horizontal;
  HIPMECH_CHECK_ARG(d.norm() >= min_displacement_m, "progression",
                    "the pelvis to move at least " +
                        ::hipmech::detail::to_message(min_displacement_m) +
                        " m horizontally to estimate the direction of progression (treadmill "
                        "trials: progression='lab' or a given direction)",
                    ::hipmech::detail::to_message(d.norm()) + " m");
  return d.normalized();
}

KinematicEvents zeni_events(const TrajectoryCRef& left_heel_m, const TrajectoryCRef& left_toe_m,
                            const TrajectoryCRef& right_heel_m, const TrajectoryCRef& right_toe_m,
                            const TrajectoryCRef& sacrum_m, double point_rate_hz,
                            const Eigen::Vector3d& progression, double min_separation_s) {
  check_positive(point_rate_hz, "point_rate_hz", "Hz");
  HIPMECH_CHECK_ARG(std::isfinite(min_separation_s) && min_separation_s >= 0.0, "min_separation_s",
                    "a finite value >= 0 s", min_separation_s);
  HIPMECH_CHECK_ARG(progression.allFinite() && progression.norm() > 0.0, "progression",
                    "a finite non-zero direction", progression.transpose());
  const Eigen::Index n = sacrum_m.rows();
  check_same_frames(left_heel_m.rows(), n, "left_heel", "sacrum");
  check_same_frames(left_toe_m.rows(), n, "left_toe", "sacrum");
  check_same_frames(right_heel_m.rows(), n, "right_heel", "sacrum");
  check_same_frames(right_toe_m.rows(), n, "right_toe", "sacrum");

  KinematicEvents out;
  out.progression = progression.normalized();
  const Eigen::Index distance = detail::separation_samples(min_separation_s, point_rate_hz);
  auto add = [&](const TrajectoryCRef& marker, Side side, EventKind kind) {
    Series s(n);  // NaN propagates frame by frame
    for (Eigen::Index f = 0; f < n; ++f) {
      s[f] = detail::zeni_signal(marker.row(f), sacrum_m.row(f), out.progression);
    }
    const auto frames =
        kind == EventKind::FootStrike ? find_maxima(s, distance) : find_minima(s, distance);
    for (Eigen::Index f : frames) {
      out.events.push_back({side, kind, f, static_cast<double>(f) / point_rate_hz, "zeni"});
    }
  };
  add(left_heel_m, Side::Left, EventKind::FootStrike);
  add(left_toe_m, Side::Left, EventKind::FootOff);
  add(right_heel_m, Side::Right, EventKind::FootStrike);
  add(right_toe_m, Side::Right, EventKind::FootOff);
  out.events = sorted_events(std::move(out.events));
  return out;
}

KinematicEvents from_kinematics(const io::Markers& markers, double point_rate_hz,
                                const LabAxes& lab_axes, const ZeniOptions& options) {
  std::vector<std::string> sacrum = options.sacrum;
  if (sacrum.empty()) {
    sacrum = markers.has("SACR") ? std::vector<std::string>{"SACR"}
                                 : std::vector<std::string>{"LPSI", "RPSI"};
  }
  std::vector<std::string> needed{options.left_heel, options.left_toe, options.right_heel,
                                  options.right_toe};
  needed.insert(needed.end(), sacrum.begin(), sacrum.end());
  markers.require(needed, "markers");
  const Trajectory sacrum_m = mean_marker(markers, sacrum);
  Eigen::Vector3d p;
  switch (options.progression) {
    case ProgressionSource::Auto:
      p = estimate_progression(sacrum_m, lab_axes, options.min_displacement_m);
      break;
    case ProgressionSource::LabForward:
      p = unit_vector(lab_axes.forward());
      break;
    case ProgressionSource::Given:
      p = options.progression_direction;
      break;
  }
  return zeni_events(markers.get(options.left_heel), markers.get(options.left_toe),
                     markers.get(options.right_heel), markers.get(options.right_toe), sacrum_m,
                     point_rate_hz, p, options.min_separation_s);
}

}  // namespace hipmech::events
