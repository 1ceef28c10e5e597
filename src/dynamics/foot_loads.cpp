// The compiled definitions of <hipmech/dynamics/foot_loads.hpp> (declared and documented there):
// heavy functions users never need inline, compiled once into the library.
#include "hipmech/dynamics/foot_loads.hpp"

namespace hipmech::dynamics::detail {

Channels plate_wrench(const io::ForcePlate& plate, double analog_rate_hz,
                      const FootLoadOptions& options) {
  Channels w(plate.force_n.rows(), 6);
  w.leftCols(3) = plate.force_n;
  w.rightCols(3) = plate.moment_nm;
  if (std::isnan(options.cutoff_hz)) return w;
  signal::ZeroLagOptions o = options.filter;
  o.nan = signal::GapPolicy::Runs;
  return signal::zero_lag_butterworth(w, analog_rate_hz, options.cutoff_hz, o).values;
}

Eigen::Matrix<double, 1, 6> at_frame(const Channels& w, Eigen::Index f, double ratio,
                                     ForceResampling resampling) {
  const double s = static_cast<double>(f) * ratio;
  if (resampling == ForceResampling::FrameMean) {
    const double half = 0.5 * ratio + 1e-9;
    const Eigen::Index first =
        std::max<Eigen::Index>(0, static_cast<Eigen::Index>(std::ceil(s - half)));
    const Eigen::Index last =
        std::min<Eigen::Index>(w.rows() - 1, static_cast<Eigen::Index>(std::floor(s + half)));
    // No sample within half a frame (analog slower than the points): the Sample rule.
    if (last >= first) return w.middleRows(first, last - first + 1).colwise().mean();
  }
  const Eigen::Index i = static_cast<Eigen::Index>(std::floor(s));
  if (i >= w.rows() - 1) return w.row(w.rows() - 1);
  const double t = s - static_cast<double>(i);
  if (t < 1e-9) return w.row(i);
  return (1.0 - t) * w.row(i) + t * w.row(i + 1);
}

}  // namespace hipmech::dynamics::detail

namespace hipmech::dynamics {

FootLoads foot_loads(const std::vector<io::ForcePlate>& plates, double analog_rate_hz,
                     double point_rate_hz, Eigen::Index n_frames,
                     const events::ForcePlateEvents& contacts,
                     const std::vector<events::GaitEvent>& gait_events,
                     const FootLoadOptions& options) {
  check_positive(analog_rate_hz, "analog_rate_hz", "Hz");
  check_positive(point_rate_hz, "point_rate_hz", "Hz");
  HIPMECH_CHECK_ARG(n_frames >= 0, "n_frames", "a non-negative count", n_frames);
  HIPMECH_CHECK_ARG(std::isnan(options.cutoff_hz) ||
                        (options.cutoff_hz > 0.0 && options.cutoff_hz < 0.5 * analog_rate_hz),
                    "options.cutoff_hz",
                    "a cut-off in Hz between 0 and half the analog rate, or NaN (no filtering)",
                    options.cutoff_hz);
  HIPMECH_CHECK_ARG(std::isfinite(options.cop_margin_m) && options.cop_margin_m >= 0.0,
                    "options.cop_margin_m", "a finite non-negative distance in m",
                    options.cop_margin_m);
  const double ratio = analog_rate_hz / point_rate_hz;
  const double nan = std::numeric_limits<double>::quiet_NaN();
  FootLoads out;
  for (std::size_t s = 0; s < 2; ++s) {
    out.load[s].force_n = Trajectory::Constant(n_frames, 3, nan);
    out.load[s].moment_nm = Trajectory::Constant(n_frames, 3, nan);
    out.load[s].point_m = Trajectory::Zero(n_frames, 3);
    out.source[s] =
        Eigen::Array<LoadSource, Eigen::Dynamic, 1>::Constant(n_frames, LoadSource::Unknown);
  }
  auto frames_of = [&](Eigen::Index begin_sample, Eigen::Index end_sample) {
    // Frames whose simultaneous sample lies in [begin, end).
    const auto first =
        static_cast<Eigen::Index>(std::ceil(static_cast<double>(begin_sample) / ratio - 1e-9));
    const auto last =
        static_cast<Eigen::Index>(std::ceil(static_cast<double>(end_sample) / ratio - 1e-9));
    return std::pair<Eigen::Index, Eigen::Index>{std::max<Eigen::Index>(first, 0),
                                                 std::min(last, n_frames)};
  };
  auto frame_text = [](Eigen::Index a, Eigen::Index b) {
    return "frames " + std::to_string(a) + "-" + std::to_string(b - 1);
  };
  // Swing first: a plate contact overrides it (a foot on a plate is not in the air). A swing
  // window holding a foot strike or foot off of the other foot spans a stance whose events are
  // missing (e.g. events from plates alone): the foot may be standing, so it is not a swing.
  for (std::size_t s = 0; s < 2; ++s) {
    const Side side = s == 0 ? Side::Left : Side::Right;
    for (const events::Window& w : events::swing_windows(gait_events, side)) {
      bool other_foot_event = false;
      for (const events::GaitEvent& e : gait_events) {
        if (e.side != side && e.frame > w.begin && e.frame < w.end) other_foot_event = true;
      }
      if (other_foot_event) {
        out.notes.push_back(
            std::string(to_string(side)) + " foot, " + frame_text(w.begin, w.end) +
            ": foot off to foot strike spans events of the other foot (a stance"
            " without events?); not taken as swing, NaN unless a plate measured it");
        continue;
      }
      for (Eigen::Index f = std::max<Eigen::Index>(w.begin, 0); f < std::min(w.end, n_frames);
           ++f) {
        out.source[s][f] = LoadSource::Swing;
        out.load[s].force_n.row(f).setZero();
        out.load[s].moment_nm.row(f).setZero();
      }
    }
  }
  // Outline in the plate's own x-y plane for the centre-of-pressure check.
  auto plate_outline = [](const io::ForcePlate& plate) {
    std::vector<events::detail::Point2> outline;
    for (int k = 0; k < 4; ++k) {
      const Eigen::Vector3d q =
          plate.R_lab_plate.transpose() * (plate.corners_m.row(k).transpose() - plate.center_m);
      outline.emplace_back(q.x(), q.y());
    }
    return events::detail::convex_hull(outline);
  };
  auto cop_distance = [](const io::ForcePlate& plate,
                         const std::vector<events::detail::Point2>& outline, Eigen::Index sample) {
    const Eigen::Vector3d cop = plate.cop_m.row(sample).transpose();
    const Eigen::Vector3d q = plate.R_lab_plate.transpose() * (cop - plate.center_m);
    return events::detail::hull_distance({q.x(), q.y()}, outline);
  };
  std::vector<Channels> wrench(plates.size());
  auto plate_wrench = [&](int plate) -> const Channels& {
    HIPMECH_CHECK_ARG(plate >= 0 && static_cast<std::size_t>(plate) < plates.size(), "contacts",
                      "plate indices below " + std::to_string(plates.size()), plate);
    const auto p = static_cast<std::size_t>(plate);
    if (wrench[p].size() == 0) {
      const io::ForcePlate& fp = plates[p];
      const std::string where = "plates[" + std::to_string(p) + "]";
      HIPMECH_CHECK_SIZE(fp.moment_nm.rows(), fp.force_n.rows(), where + ".moment_nm", "samples");
      HIPMECH_CHECK_SIZE(fp.cop_m.rows(), fp.force_n.rows(), where + ".cop_m", "samples");
      check_values(fp.force_n, (where + ".force_n").c_str(), NanPolicy::Allow);
      check_values(fp.moment_nm, (where + ".moment_nm").c_str(), NanPolicy::Allow);
      wrench[p] = detail::plate_wrench(fp, analog_rate_hz, options);
    }
    return wrench[p];
  };
  for (const events::PlateContact& c : contacts.contacts) {
    if (!c.side_known) continue;
    const std::size_t s = c.side == Side::Left ? 0 : 1;
    const Channels& w = plate_wrench(c.plate);
    const io::ForcePlate& plate = plates[static_cast<std::size_t>(c.plate)];
    const std::vector<events::detail::Point2> outline = plate_outline(plate);
    const auto [a, b] = frames_of(c.begin_sample, c.end_sample);
    Eigen::Index off_first = -1, off_count = 0;
    for (Eigen::Index f = a; f < b; ++f) {
      const Eigen::Index sample = std::clamp<Eigen::Index>(
          static_cast<Eigen::Index>(std::llround(static_cast<double>(f) * ratio)), c.begin_sample,
          std::min<Eigen::Index>(c.end_sample, plate.cop_m.rows()) - 1);
      if (!(cop_distance(plate, outline, sample) <= options.cop_margin_m)) {
        if (off_first < 0) off_first = f;
        ++off_count;
        out.source[s][f] = LoadSource::Rejected;
        out.load[s].force_n.row(f).setConstant(nan);
        out.load[s].moment_nm.row(f).setConstant(nan);
        continue;
      }
      const Eigen::Matrix<double, 1, 6> v = detail::at_frame(w, f, ratio, options.resampling);
      const Eigen::Vector3d F = v.head<3>().transpose();
      // Moment about the lab origin: M_O + O x F.
      const Eigen::Vector3d M = v.tail<3>().transpose() + plate.origin_lab_m.cross(F);
      if (out.source[s][f] == LoadSource::Plate) {  // a second plate under the same foot
        out.load[s].force_n.row(f) += F.transpose();
        out.load[s].moment_nm.row(f) += M.transpose();
      } else if (out.source[s][f] != LoadSource::Rejected) {
        out.source[s][f] = LoadSource::Plate;
        out.load[s].force_n.row(f) = F.transpose();
        out.load[s].moment_nm.row(f) = M.transpose();
      }
    }
    if (off_count > 0) {
      out.notes.push_back("plate " + std::to_string(c.plate) + ", " +
                          std::string(to_string(c.side)) +
                          " foot: centre of pressure off the plate by more than " +
                          events::detail::short_number(options.cop_margin_m) + " m in " +
                          std::to_string(off_count) + " frame(s) from frame " +
                          std::to_string(off_first) + "; those frames are NaN");
    }
  }
  for (const events::RejectedContact& r : contacts.rejected) {
    const auto [a, b] = frames_of(r.contact.begin_sample, r.contact.end_sample);
    if (a >= b) continue;
    const bool both = !r.contact.side_known || r.reason == events::ContactRejection::BothFeet;
    for (std::size_t s = 0; s < 2; ++s) {
      const Side side = s == 0 ? Side::Left : Side::Right;
      if (!both && side != r.contact.side) continue;
      for (Eigen::Index f = a; f < b; ++f) {
        // With the foot unknown, a foot known to be in the air keeps its zero; a contact
        // assigned to this foot shows it loading the plate, so NaN wins over swing.
        if (both && out.source[s][f] == LoadSource::Swing) continue;
        out.source[s][f] = LoadSource::Rejected;
        out.load[s].force_n.row(f).setConstant(nan);
        out.load[s].moment_nm.row(f).setConstant(nan);
      }
    }
    out.notes.push_back(
        "plate " + std::to_string(r.contact.plate) + ", " + frame_text(a, b) + ": not used (" +
        r.message + "); " +
        (both ? std::string("both feet") : std::string(to_string(r.contact.side)) + " foot") +
        " NaN there unless in swing");
  }
  // The frame either side of an accepted contact, still unknown after all of the above (or
  // measured on another plate under the same foot): the plate's measured (below-threshold)
  // load, unless another contact on that plate is within a frame (its load could belong to
  // either foot) or the centre of pressure is off the plate.
  auto near_other_contact = [&](const events::PlateContact& c, Eigen::Index f) {
    auto near = [&](const events::PlateContact& o) {
      if (o.plate != c.plate || o.begin_sample == c.begin_sample) return false;
      const auto [ao, bo] = frames_of(o.begin_sample, o.end_sample);
      return f >= ao - 1 && f <= bo;
    };
    return std::any_of(contacts.contacts.begin(), contacts.contacts.end(), near) ||
           std::any_of(contacts.rejected.begin(), contacts.rejected.end(),
                       [&](const events::RejectedContact& r) { return near(r.contact); });
  };
  for (const events::PlateContact& c : contacts.contacts) {
    if (!c.side_known) continue;
    const std::size_t s = c.side == Side::Left ? 0 : 1;
    const io::ForcePlate& plate = plates[static_cast<std::size_t>(c.plate)];
    const auto [a, b] = frames_of(c.begin_sample, c.end_sample);
    if (a >= b || plate.cop_m.rows() == 0) continue;
    for (const Eigen::Index f : {a - 1, b}) {
      if (f < 0 || f >= n_frames) continue;
      const LoadSource was = out.source[s][f];
      if (was != LoadSource::Unknown && was != LoadSource::Plate) continue;
      if (near_other_contact(c, f)) continue;
      const Eigen::Index sample = std::clamp<Eigen::Index>(
          static_cast<Eigen::Index>(std::llround(static_cast<double>(f) * ratio)), 0,
          plate.cop_m.rows() - 1);
      if (plate.cop_m.row(sample).allFinite() &&
          !(cop_distance(plate, plate_outline(plate), sample) <= options.cop_margin_m)) {
        continue;
      }
      const Eigen::Matrix<double, 1, 6> v =
          detail::at_frame(plate_wrench(c.plate), f, ratio, options.resampling);
      const Eigen::Vector3d F = v.head<3>().transpose();
      const Eigen::Vector3d M = v.tail<3>().transpose() + plate.origin_lab_m.cross(F);
      if (was == LoadSource::Plate) {  // the foot is on another plate too: the loads add up
        out.load[s].force_n.row(f) += F.transpose();
        out.load[s].moment_nm.row(f) += M.transpose();
      } else {
        out.source[s][f] = LoadSource::Plate;
        out.load[s].force_n.row(f) = F.transpose();
        out.load[s].moment_nm.row(f) = M.transpose();
      }
    }
  }
  return out;
}

}  // namespace hipmech::dynamics
