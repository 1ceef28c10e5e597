/// \file
/// Force plates to feet: the ground reaction on each foot at the point rate, from the plate
/// contacts the events area assigned to a foot (events::from_force_plates), with every frame
/// either measured, a known zero (the foot in swing) or NaN with the reason listed
/// (docs/dynamics.md, "External loads").
#pragma once

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include <Eigen/Core>
#include <Eigen/Geometry>

#include "hipmech/core/check.hpp"
#include "hipmech/core/detail/text.hpp"
#include "hipmech/core/side.hpp"
#include "hipmech/core/trajectory.hpp"
#include "hipmech/dynamics/newton_euler.hpp"
#include "hipmech/events/force_plate_events.hpp"
#include "hipmech/events/windows.hpp"
#include "hipmech/io/force_plate.hpp"
#include "hipmech/signal/zero_lag.hpp"

namespace hipmech::dynamics {

/// What a frame of a foot's load is.
enum class LoadSource : unsigned char {
  Unknown = 0,  ///< no plate measured it and the foot is not known to be in the air: NaN
  Plate = 1,    ///< measured by a plate contact assigned to this foot
  Swing = 2,    ///< the foot is in swing (between its foot off and next foot strike): zero
  Rejected = 3, ///< inside a plate contact that was not used (both feet on the plate, centre
                ///< of pressure off the plate, ...): NaN
};

/// How the analog-rate plate data become one value per point frame.
enum class ForceResampling {
  /// The analog sample simultaneous with the frame (an integer rate ratio), or linear
  /// interpolation between the two nearest samples: the plate's value at the frame's instant.
  Sample,
  /// The mean of the samples within half a frame of the frame's instant, |k - f r| <= r / 2
  /// for the rate ratio r (11 samples at 10:1, 9 at 9:1): what Vicon Nexus outputs for
  /// Plug-in Gait (its GroundReactionForce equals this mean of the analog force to float
  /// precision on ../shared/validation/biomechzoo_pig_child, 10:1, and pycgm_pig_stair, 9:1).
  /// It smooths the steep rise at heel strike (up to 56 N apart from Sample on the stair
  /// trial's plates; 87 N on other Vicon trials, issue 18). Also "vicon" when parsed.
  FrameMean,
};

/// "sample" or "frame_mean".
constexpr std::string_view to_string(ForceResampling r) noexcept {
  return r == ForceResampling::Sample ? "sample" : "frame_mean";
}

/// Parses "sample" or "frame_mean" (also "vicon" for frame_mean; any case).
/// \throws InvalidArgument naming `arg` for anything else.
inline ForceResampling parse_force_resampling(std::string_view text,
                                              const char* arg = "resampling") {
  const std::string s = hipmech::detail::folded(text);
  if (s == "sample") return ForceResampling::Sample;
  if (s == "frame_mean" || s == "framemean" || s == "vicon") return ForceResampling::FrameMean;
  hipmech::detail::throw_invalid_argument(arg, "'sample' or 'frame_mean'",
                                          "'" + std::string(text) + "'");
}

/// Options of foot_loads().
struct FootLoadOptions {
  /// Low-pass cut-off of the plate force and moment channels before they are sampled at the
  /// point rate [Hz]; NaN: no filtering. Use the cut-off of the markers (Kristianslund et al.
  /// 2012 J Biomech 45:666-671).
  double cutoff_hz = std::numeric_limits<double>::quiet_NaN();
  /// Filter order and form (zero-lag Butterworth, signal::zero_lag_butterworth).
  signal::ZeroLagOptions filter{};
  /// A frame whose centre of pressure lies outside the plate outline by more than this is
  /// NaN (the foot is partly off the plate, so the plate does not see the whole load) [m].
  double cop_margin_m = 0.02;
  /// How the plate data are taken at each frame (after the filter). The force and the moment
  /// about the plate's origin are resampled, so the centre of pressure follows from the
  /// resampled wrench.
  ForceResampling resampling = ForceResampling::Sample;
};

/// The ground reaction on each foot at the point rate, and where every frame came from.
struct FootLoads {
  /// Per side (0 left, 1 right): force and moment about point_m, lab frame.
  std::array<ExternalLoad, 2> load;
  /// Per side, one LoadSource per frame.
  std::array<Eigen::Array<LoadSource, Eigen::Dynamic, 1>, 2> source;
  /// What was not used and why, one line each (rejected contacts, centre of pressure off the
  /// plate), with plate index, sides and frames.
  std::vector<std::string> notes;
};

namespace detail {

/// Plate force and moment (about its transducer origin) at analog rate, optionally filtered.
inline Channels plate_wrench(const io::ForcePlate& plate, double analog_rate_hz,
                             const FootLoadOptions& options) {
  Channels w(plate.force_n.rows(), 6);
  w.leftCols(3) = plate.force_n;
  w.rightCols(3) = plate.moment_nm;
  if (std::isnan(options.cutoff_hz)) return w;
  signal::ZeroLagOptions o = options.filter;
  o.nan = signal::GapPolicy::Runs;
  return signal::zero_lag_butterworth(w, analog_rate_hz, options.cutoff_hz, o).values;
}

/// Value of an analog-rate row at point frame f (ForceResampling): the simultaneous sample
/// (integer ratio) or linear interpolation between the two nearest samples; or the mean of the
/// samples within half a frame.
inline Eigen::Matrix<double, 1, 6> at_frame(const Channels& w, Eigen::Index f, double ratio,
                                            ForceResampling resampling = ForceResampling::Sample) {
  const double s = static_cast<double>(f) * ratio;
  if (resampling == ForceResampling::FrameMean) {
    const double half = 0.5 * ratio + 1e-9;
    const Eigen::Index first = std::max<Eigen::Index>(
        0, static_cast<Eigen::Index>(std::ceil(s - half)));
    const Eigen::Index last = std::min<Eigen::Index>(
        w.rows() - 1, static_cast<Eigen::Index>(std::floor(s + half)));
    // No sample within half a frame (analog slower than the points): the Sample rule.
    if (last >= first) return w.middleRows(first, last - first + 1).colwise().mean();
  }
  const Eigen::Index i = static_cast<Eigen::Index>(std::floor(s));
  if (i >= w.rows() - 1) return w.row(w.rows() - 1);
  const double t = s - static_cast<double>(i);
  if (t < 1e-9) return w.row(i);
  return (1.0 - t) * w.row(i) + t * w.row(i + 1);
}

}  // namespace detail

/// The ground reaction on each foot, frame by frame, at the point rate.
///
/// - Frames of an accepted contact (events::ForcePlateEvents::contacts, assigned to a foot):
///   the plate's force and its moment about the transducer origin, moved to the lab origin so
///   that two plates under one foot add up; the centre of pressure must lie on the plate
///   (within options.cop_margin_m), else the frame is NaN and listed in `notes`.
/// - Frames of a rejected contact (both feet on the plate, no foot near the centre of
///   pressure, ...): NaN for the foot(s) that could be on it (both, when unknown, except a foot
///   known to be in swing), listed.
/// - Frames of the foot's swing windows (events::swing_windows of `gait_events`): zero, unless
///   the window holds a foot strike or foot off of the other foot (then a stance of this foot
///   has no events, e.g. events from the plates alone: NaN, listed in `notes`).
/// - Every other frame: NaN (the foot is on the ground but no plate measured it).
/// A frame counts as inside a contact when its simultaneous analog sample is in
/// [begin_sample, end_sample). The frame just before and the frame just after an accepted
/// contact, when nothing above applies to them (they would be NaN), carry the plate's measured
/// load there: below the contact threshold, so near zero. A foot strike rounded to the frame
/// before the contact's first sample (or a foot off to the frame after its last) then has a
/// measured load instead of an unknown one (added to another plate's, when the foot is on
/// two). Such an edge frame stays NaN when another contact on that plate (either foot,
/// accepted or rejected) covers or borders it, since its load could belong to either foot, or
/// when its centre of pressure is off the plate; where the force is too small for a centre of
/// pressure (NaN in io::ForcePlate::cop_m) the check is skipped.
/// \param[in] plates the trial's plates (io::ForcePlate, lab frame, analog rate)
/// \param[in] analog_rate_hz analog rate [Hz]
/// \param[in] point_rate_hz point rate [Hz]
/// \param[in] n_frames #point frames
/// \param[in] contacts the contacts found by events::from_force_plates on these plates
/// \param[in] gait_events foot strikes and foot offs of both feet (may be empty: then no frame
///            is a known swing)
/// \throws InvalidArgument naming the argument (rates, a contact's plate index out of range)
inline FootLoads foot_loads(const std::vector<io::ForcePlate>& plates, double analog_rate_hz,
                            double point_rate_hz, Eigen::Index n_frames,
                            const events::ForcePlateEvents& contacts,
                            const std::vector<events::GaitEvent>& gait_events,
                            const FootLoadOptions& options = {}) {
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
    out.source[s] = Eigen::Array<LoadSource, Eigen::Dynamic, 1>::Constant(n_frames,
                                                                       LoadSource::Unknown);
  }
  auto frames_of = [&](Eigen::Index begin_sample, Eigen::Index end_sample) {
    // Frames whose simultaneous sample lies in [begin, end).
    const auto first = static_cast<Eigen::Index>(
        std::ceil(static_cast<double>(begin_sample) / ratio - 1e-9));
    const auto last = static_cast<Eigen::Index>(
        std::ceil(static_cast<double>(end_sample) / ratio - 1e-9));
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
        out.notes.push_back(std::string(to_string(side)) + " foot, " + frame_text(w.begin, w.end) +
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
      out.notes.push_back("plate " + std::to_string(c.plate) + ", " + std::string(to_string(c.side)) +
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
    out.notes.push_back("plate " + std::to_string(r.contact.plate) + ", " + frame_text(a, b) +
                        ": not used (" + r.message + "); " +
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
