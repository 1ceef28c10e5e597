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
Channels plate_wrench(const io::ForcePlate& plate, double analog_rate_hz,
                      const FootLoadOptions& options);

/// Value of an analog-rate row at point frame f (ForceResampling): the simultaneous sample
/// (integer ratio) or linear interpolation between the two nearest samples; or the mean of the
/// samples within half a frame.
Eigen::Matrix<double, 1, 6> at_frame(const Channels& w, Eigen::Index f, double ratio,
                                     ForceResampling resampling = ForceResampling::Sample);

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
FootLoads foot_loads(const std::vector<io::ForcePlate>& plates, double analog_rate_hz,
                     double point_rate_hz, Eigen::Index n_frames,
                     const events::ForcePlateEvents& contacts,
                     const std::vector<events::GaitEvent>& gait_events,
                     const FootLoadOptions& options = {});

}  // namespace hipmech::dynamics
