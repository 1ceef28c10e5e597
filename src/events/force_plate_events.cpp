// The compiled definitions of <hipmech/events/force_plate_events.hpp> (declared and documented
// there): heavy functions users never need inline, compiled once into the library.
#include "hipmech/events/force_plate_events.hpp"

namespace hipmech::events {

std::vector<PlateView> plate_views(const io::Trial& trial) {
  std::vector<PlateView> views;
  views.reserve(trial.force_plates.size());
  for (const io::ForcePlate& fp : trial.force_plates) {
    views.push_back({TrajectoryCRef(fp.force_n), TrajectoryCRef(fp.cop_m), fp.corners_m});
  }
  return views;
}

}  // namespace hipmech::events

namespace hipmech::events::detail {

std::size_t convex_hull_into(Point2* pts, std::size_t n, Point2* hull) noexcept {
  std::sort(pts, pts + n, [](const Point2& a, const Point2& b) {
    return a.x() < b.x() || (a.x() == b.x() && a.y() < b.y());
  });
  n = static_cast<std::size_t>(std::unique(pts, pts + n) - pts);
  if (n < 3) {
    std::copy(pts, pts + n, hull);
    return n;
  }
  auto cross = [](const Point2& o, const Point2& a, const Point2& b) {
    return (a.x() - o.x()) * (b.y() - o.y()) - (a.y() - o.y()) * (b.x() - o.x());
  };
  std::size_t k = 0;
  for (std::size_t i = 0; i < n; ++i) {
    while (k >= 2 && cross(hull[k - 2], hull[k - 1], pts[i]) <= 0) --k;
    hull[k++] = pts[i];
  }
  for (std::size_t i = n - 1, t = k + 1; i-- > 0;) {
    while (k >= t && cross(hull[k - 2], hull[k - 1], pts[i]) <= 0) --k;
    hull[k++] = pts[i];
  }
  return k - 1;
}

std::vector<Point2> convex_hull(std::vector<Point2> pts) {
  std::vector<Point2> hull(2 * pts.size());
  hull.resize(convex_hull_into(pts.data(), pts.size(), hull.data()));
  return hull;
}

double hull_distance(const Point2& p, const Point2* hull, std::size_t n) noexcept {
  if (n == 0 || !p.allFinite()) return std::numeric_limits<double>::quiet_NaN();
  if (n == 1) return (p - hull[0]).norm();
  bool inside = n >= 3;
  double d = std::numeric_limits<double>::infinity();
  for (std::size_t i = 0; i < n; ++i) {
    const Point2& a = hull[i];
    const Point2& b = hull[(i + 1) % n];
    if ((b.x() - a.x()) * (p.y() - a.y()) - (b.y() - a.y()) * (p.x() - a.x()) < 0) inside = false;
    d = std::min(d, segment_distance(p, a, b));
  }
  return inside ? 0.0 : d;
}

double hull_distance(const Point2& p, const std::vector<Point2>& hull) {
  return hull_distance(p, hull.data(), hull.size());
}

double finite_median_inplace(double* begin, double* end) noexcept {
  end = std::remove_if(begin, end, [](double x) { return !std::isfinite(x); });
  if (end == begin) return std::numeric_limits<double>::quiet_NaN();
  const auto size = static_cast<std::size_t>(end - begin);
  double* middle = begin + size / 2;
  std::nth_element(begin, middle, end);
  const double hi = *middle;
  if (size % 2 == 1) return hi;
  return 0.5 * (hi + *std::max_element(begin, middle));
}

double finite_median(std::vector<double> v) {
  return finite_median_inplace(v.data(), v.data() + v.size());
}

std::size_t foot_outline(const Eigen::Vector3d* points_m, std::size_t n, const Horizontal& h,
                         Point2* work, Point2* hull, double* lowest_m) noexcept {
  std::size_t m = 0;
  double low = std::numeric_limits<double>::infinity();
  for (std::size_t i = 0; i < n; ++i) {
    if (!points_m[i].allFinite()) continue;
    work[m++] = h(points_m[i]);
    low = std::min(low, h.up.dot(points_m[i]));
  }
  if (lowest_m != nullptr) *lowest_m = low;
  return convex_hull_into(work, m, hull);
}

bool foot_on_plate(const Point2* foot_hull, std::size_t n_foot, double lowest_m,
                   const Point2* plate_outline, std::size_t n_outline, double surface_m,
                   const ForcePlateEventOptions& options) noexcept {
  if (n_foot == 0) return false;
  for (std::size_t i = 0; i < n_foot; ++i) {
    if (hull_distance(foot_hull[i], plate_outline, n_outline) > options.plate_margin_m) {
      return false;
    }
  }
  const double h = lowest_m - surface_m;
  return h >= -0.05 && h <= options.foot_height_max_m;
}

ContactDecision decide_contact(const double* dist_left, const double* dist_right, std::size_t nf,
                               bool any_cop, const std::array<bool, 2>& on_plate_first_and_last,
                               double max_cop_distance_m, double* scratch) noexcept {
  const std::array<const double*, 2> dist{dist_left, dist_right};
  auto median = [&](std::size_t k, std::size_t from, std::size_t to) {
    std::copy(dist[k] + from, dist[k] + to, scratch);
    return finite_median_inplace(scratch, scratch + (to - from));
  };
  ContactDecision d;
  for (std::size_t k = 0; k < 2; ++k) d.cop_distance_m[k] = median(k, 0, nf);
  if (!any_cop) {
    d.rejected = true;
    d.reason = ContactRejection::NoCenterOfPressure;
    return d;
  }
  if (std::isnan(d.cop_distance_m[0]) || std::isnan(d.cop_distance_m[1])) {
    d.rejected = true;
    d.reason = ContactRejection::MissingMarkers;
    return d;
  }
  d.foot = d.cop_distance_m[1] < d.cop_distance_m[0] ? 1 : 0;
  // Nearest foot over the first and the last third of the contact.
  const std::size_t third = std::max<std::size_t>(1, (nf + 2) / 3);
  auto nearest = [&](std::size_t from, std::size_t to) {
    const double l = median(0, from, to);
    const double rr = median(1, from, to);
    return std::isnan(l) || std::isnan(rr) ? -1 : (rr < l ? 1 : 0);
  };
  d.early = nearest(0, third);
  d.late = nearest(nf - third, nf);
  if (d.early >= 0 && d.late >= 0 && d.early != d.late) {
    d.rejected = true;
    d.reason = ContactRejection::BothFeet;
    d.thirds_differ = true;
  } else if (on_plate_first_and_last[static_cast<std::size_t>(1 - d.foot)]) {
    d.rejected = true;
    d.reason = ContactRejection::BothFeet;
  } else if (d.cop_distance_m[static_cast<std::size_t>(d.foot)] > max_cop_distance_m) {
    d.rejected = true;
    d.reason = ContactRejection::NoFootNearCop;
  }
  return d;
}

void check_plate_options(const ForcePlateEventOptions& options) {
  check_positive(options.threshold_n, "threshold_n", "N");
  HIPMECH_CHECK_ARG(std::isfinite(options.min_contact_s) && options.min_contact_s >= 0.0,
                    "min_contact_s", "a finite duration >= 0 s", options.min_contact_s);
  check_positive(options.max_cop_distance_m, "max_cop_distance_m", "m");
  check_positive(options.foot_height_max_m, "foot_height_max_m", "m");
  HIPMECH_CHECK_ARG(std::isfinite(options.plate_margin_m) && options.plate_margin_m >= 0.0,
                    "plate_margin_m", "a finite distance >= 0 m", options.plate_margin_m);
}

}  // namespace hipmech::events::detail

namespace hipmech::events {

ForcePlateEvents from_force_plates(const std::vector<PlateView>& plates, double analog_rate_hz,
                                   const io::Markers& markers, double point_rate_hz,
                                   const LabAxes& lab_axes, const ForcePlateEventOptions& options) {
  HIPMECH_CHECK_ARG(!plates.empty(), "force_plates", "at least one force plate", "none");
  check_positive(analog_rate_hz, "analog_rate_hz", "Hz");
  check_positive(point_rate_hz, "point_rate_hz", "Hz");
  detail::check_plate_options(options);
  HIPMECH_CHECK_ARG(!options.left_foot.empty(), "left_foot", "at least one marker name", "none");
  HIPMECH_CHECK_ARG(!options.right_foot.empty(), "right_foot", "at least one marker name", "none");
  std::vector<std::string> names = options.left_foot;
  names.insert(names.end(), options.right_foot.begin(), options.right_foot.end());
  markers.require(names, "markers");
  const Eigen::Index n_frames = markers.n_frames();
  for (std::size_t i = 0; i < plates.size(); ++i) {
    const std::string arg = "force_plates[" + std::to_string(i) + "]";
    check_same_frames(plates[i].cop_m.rows(), plates[i].force_n.rows(), (arg + ".cop_m").c_str(),
                      (arg + ".force_n").c_str());
    check_values(plates[i].force_n, (arg + ".force_n").c_str(), NanPolicy::Allow);
    HIPMECH_CHECK_ARG(plates[i].corners_m.allFinite(), arg + ".corners_m", "finite corners",
                      plates[i].corners_m);
  }

  const double r = point_rate_hz / analog_rate_hz;  // frames per sample
  const detail::Horizontal horizontal(lab_axes);
  const std::array<const std::vector<std::string>*, 2> feet{&options.left_foot,
                                                            &options.right_foot};
  auto frame_of = [&](double sample) {
    return std::clamp<Eigen::Index>(static_cast<Eigen::Index>(std::llround(sample * r)), 0,
                                    std::max<Eigen::Index>(n_frames - 1, 0));
  };
  // Outline of foot k at frame f: hull of its finite markers; lowest marker height
  // (detail::foot_outline, shared with stream::OnlinePlates).
  auto foot_hull = [&](std::size_t k, Eigen::Index f, double* lowest) {
    std::vector<Eigen::Vector3d> points;
    for (const std::string& name : *feet[k]) points.push_back(markers.get(name).row(f).transpose());
    std::vector<detail::Point2> work(points.size()), hull(2 * points.size());
    hull.resize(detail::foot_outline(points.data(), points.size(), horizontal, work.data(),
                                     hull.data(), lowest));
    return hull;
  };

  ForcePlateEvents out;
  for (std::size_t pi = 0; pi < plates.size(); ++pi) {
    const PlateView& plate = plates[pi];
    const Eigen::Index n = plate.force_n.rows();
    const Series fz = plate.force_n * horizontal.up;
    std::vector<detail::Point2> outline_pts;
    for (int c = 0; c < 4; ++c)
      outline_pts.push_back(horizontal(plate.corners_m.row(c).transpose()));
    const std::vector<detail::Point2> outline = detail::convex_hull(outline_pts);
    const double surface = (plate.corners_m * horizontal.up).mean();
    auto on_plate = [&](std::size_t k, Eigen::Index f) {
      double lowest = 0.0;
      const auto hull = foot_hull(k, f, &lowest);
      return detail::foot_on_plate(hull.data(), hull.size(), lowest, outline.data(), outline.size(),
                                   surface, options);
    };

    Eigen::Index s = 0;
    while (s < n) {
      if (!(fz[s] > options.threshold_n)) {
        ++s;
        continue;
      }
      const Eigen::Index begin = s;
      while (s < n && fz[s] > options.threshold_n) ++s;
      const Eigen::Index end = s;
      if (static_cast<double>(end - begin) / analog_rate_hz < options.min_contact_s) continue;

      PlateContact c;
      c.plate = static_cast<int>(pi);
      c.begin_sample = begin;
      c.end_sample = end;
      c.strike_frame = frame_of(static_cast<double>(begin));
      c.off_frame = frame_of(static_cast<double>(end));
      c.strike_time_s = static_cast<double>(begin) / analog_rate_hz;
      c.off_time_s = static_cast<double>(end) / analog_rate_hz;
      c.peak_force_n = fz.segment(begin, end - begin).maxCoeff();

      // Point frames inside the contact, each with the centre of pressure nearest in time.
      // (first and last frames whose instant lies within the run; the nearest frame if none).
      const Eigen::Index last = std::max<Eigen::Index>(n_frames - 1, 0);
      Eigen::Index f0 = static_cast<Eigen::Index>(std::ceil(static_cast<double>(begin) * r - 1e-9));
      Eigen::Index f1 =
          static_cast<Eigen::Index>(std::floor(static_cast<double>(end - 1) * r + 1e-9));
      f0 = std::clamp<Eigen::Index>(f0, 0, last);
      f1 = std::clamp<Eigen::Index>(f1, 0, last);
      if (f1 < f0) f0 = f1 = c.strike_frame;
      const std::size_t nf = static_cast<std::size_t>(f1 - f0 + 1);
      std::array<std::vector<double>, 2> dist{std::vector<double>(nf), std::vector<double>(nf)};
      bool any_cop = false;
      for (Eigen::Index f = f0; f <= f1; ++f) {
        const Eigen::Index sample = std::clamp<Eigen::Index>(
            static_cast<Eigen::Index>(std::llround(static_cast<double>(f) / r)), begin, end - 1);
        const auto cop = plate.cop_m.row(sample);
        const bool has_cop = cop.allFinite();
        any_cop = any_cop || has_cop;
        for (std::size_t k = 0; k < 2; ++k) {
          dist[k][static_cast<std::size_t>(f - f0)] =
              has_cop ? detail::hull_distance(horizontal(cop.transpose()), foot_hull(k, f, nullptr))
                      : std::numeric_limits<double>::quiet_NaN();
        }
      }
      // The decision on the contact (detail::decide_contact, shared with stream::OnlinePlates).
      std::vector<double> scratch(nf);
      const std::array<bool, 2> other_on_plate{on_plate(0, f0) && on_plate(0, f1),
                                               on_plate(1, f0) && on_plate(1, f1)};
      const detail::ContactDecision decision =
          detail::decide_contact(dist[0].data(), dist[1].data(), nf, any_cop, other_on_plate,
                                 options.max_cop_distance_m, scratch.data());
      c.cop_distance_m = decision.cop_distance_m;
      if (decision.foot >= 0) {
        c.side = decision.foot == 0 ? Side::Left : Side::Right;
        c.side_known = !decision.rejected;
      }

      auto reject = [&](ContactRejection why, std::string message) {
        out.rejected.push_back({c, why, std::move(message)});
      };
      const bool strike_seen = begin > 0 && std::isfinite(fz[begin - 1]);
      const bool off_seen = end < n && std::isfinite(fz[end]);
      std::string rejection_message;
      ContactRejection why{};
      bool rejected = false;
      auto set_reject = [&](ContactRejection w, std::string m) {
        if (!rejected) {
          rejected = true;
          why = w;
          rejection_message = std::move(m);
        }
      };
      if (decision.rejected) {
        switch (decision.reason) {
          case ContactRejection::NoCenterOfPressure:
            set_reject(ContactRejection::NoCenterOfPressure,
                       "the plate gives no centre of pressure during the contact");
            break;
          case ContactRejection::MissingMarkers: {
            const std::size_t k = std::isnan(c.cop_distance_m[0]) ? 0 : 1;
            std::string list;
            for (const std::string& m : *feet[k]) list += (list.empty() ? "" : ", ") + m;
            set_reject(ContactRejection::MissingMarkers,
                       "the " + std::string(to_string(k == 0 ? Side::Left : Side::Right)) +
                           " foot markers (" + list + ") are missing throughout the contact");
            break;
          }
          case ContactRejection::BothFeet:
            if (decision.thirds_differ) {
              set_reject(
                  ContactRejection::BothFeet,
                  "the centre of pressure is nearest the " +
                      std::string(to_string(decision.early == 0 ? Side::Left : Side::Right)) +
                      " foot at the start of the contact and the " +
                      std::string(to_string(decision.late == 0 ? Side::Left : Side::Right)) +
                      " foot at its end: both feet on the plate");
            } else {
              set_reject(ContactRejection::BothFeet,
                         "the " + std::string(to_string(opposite(c.side))) +
                             " foot is also on the plate at the start and the end of the contact");
            }
            break;
          case ContactRejection::NoFootNearCop:
            set_reject(ContactRejection::NoFootNearCop,
                       "neither foot is within " +
                           detail::short_number(options.max_cop_distance_m) +
                           " m of the centre of pressure (nearest: " +
                           detail::short_number(
                               c.cop_distance_m[static_cast<std::size_t>(decision.foot)]) +
                           " m)");
            break;
          default:
            break;
        }
      }
      // An unobserved strike or off takes precedence: the contact is not a whole stance.
      if (!strike_seen) {
        rejected = false;
        set_reject(ContactRejection::StrikeNotObserved,
                   begin == 0 ? "the force is above the threshold at the first sample"
                              : "the force is missing (NaN) just before the contact");
      } else if (!off_seen) {
        rejected = false;
        set_reject(ContactRejection::OffNotObserved,
                   end == n ? "the force is above the threshold at the last sample"
                            : "the force is missing (NaN) just after the contact");
      }
      if (rejected) {
        reject(why, rejection_message);
        continue;
      }
      const std::string source = "force_plate:" + std::to_string(pi);
      out.events.push_back({c.side, EventKind::FootStrike, c.strike_frame,
                            static_cast<double>(c.strike_frame) / point_rate_hz, source});
      out.events.push_back({c.side, EventKind::FootOff, c.off_frame,
                            static_cast<double>(c.off_frame) / point_rate_hz, source});
      out.contacts.push_back(c);
    }
  }
  out.events = sorted_events(std::move(out.events));
  return out;
}

}  // namespace hipmech::events
