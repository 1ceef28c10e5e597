/// \file
/// Knee flexion / ab-adduction cross-talk check: does the knee varus-valgus angle follow knee
/// flexion through swing, the sign of a misaligned knee flexion axis (thigh marker or wand
/// placement, thigh rotation offset, knee alignment device)? docs/knee.md, "Flexion cross-talk".
///
/// The model (Piazza & Cavanagh 2000, J Biomech 33:1029-1034; Rivest 2005, J Biomech
/// 38:1604-1611): the knee flexes by phi about its true flexion axis with no ab/adduction, but
/// the thigh frame used for the angles is rotated about its long (Y) axis by theta. The Grood &
/// Suntay angles of knee_angles() then read, on either side with the signs of
/// docs/conventions.md,
///
///     sin(varus) = sin(theta) sin(phi),   tan(flexion) = cos(theta) tan(phi),
///
/// and, eliminating the true flexion phi, in the measured angles alone
///
///     tan(varus) = tan(theta) sin(flexion).                                    (1)
///
/// theta > 0 is a thigh frame rotated internally (the flexion axis's lateral end turned
/// forward): flexion then reads as varus. theta < 0 (externally rotated) reads as valgus. Over
/// 0-60 deg of flexion the frontal angle of (1) rises monotonically with flexion, with a
/// Pearson correlation above 0.99 for any |theta| up to 30 deg.
#pragma once

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include <Eigen/Core>

#include "hipmech/core/check.hpp"
#include "hipmech/core/side.hpp"
#include "hipmech/core/trajectory.hpp"
#include "hipmech/events/gait_events.hpp"
#include "hipmech/events/windows.hpp"

namespace hipmech::knee {

/// Cut-offs of flexion_crosstalk. The two cut-offs of the rule (min_abs_correlation,
/// min_frontal_range_rad) are choices, not published values: docs/knee.md justifies them.
struct CrosstalkOptions {
  /// Suspected only when |Pearson r| between flexion and the frontal angle over the swing frames
  /// is at least this [1]. Pure axis misalignment gives |r| > 0.99 over 0-60 deg of flexion
  /// (equation 1); 0.8 (r^2 = 0.64: two thirds of the frontal variance explained by flexion)
  /// leaves room for noise and a small genuine frontal motion. A choice.
  double min_abs_correlation = 0.8;
  /// Suspected only when the frontal (varus-valgus) range over the swing frames is at least
  /// this [rad], default 10 deg. The knee's own varus-valgus excursion in walking is a few
  /// degrees (3.7 deg over the gait cycle on the bones by biplane radiography, docs/knee.md);
  /// 10 deg is what a 12 deg axis misalignment produces over 0-60 deg of flexion (equation 1).
  /// A choice.
  double min_frontal_range_rad = 10.0 * 3.14159265358979323846 / 180.0;
  /// Not judged when the flexion range over the swing frames is below this [rad], default
  /// 20 deg: without flexion there is nothing to leak into the frontal angle, and a
  /// correlation against a nearly constant flexion is noise (walking swings through about
  /// 60 deg). A choice.
  double min_flexion_range_rad = 20.0 * 3.14159265358979323846 / 180.0;
  /// Not judged with fewer valid swing frames than this (a correlation needs a few points;
  /// one swing of walking at 100 Hz has about 40). A choice.
  Eigen::Index min_frames = 10;
};

/// The cross-talk check of one knee over its swing windows (all swings pooled).
struct FlexionCrosstalk {
  Side side = Side::Left;           ///< the knee
  Eigen::Index windows = 0;         ///< swing windows of `side` used
  Eigen::Index frames = 0;          ///< swing frames with both angles present (used)
  Eigen::Index missing_frames = 0;  ///< swing frames skipped: flexion or frontal angle NaN
  /// Pearson r between flexion and the frontal angle over the used frames [1]; positive: varus
  /// grows with flexion. NaN when not computable (fewer than 2 frames, a constant angle).
  double correlation = std::numeric_limits<double>::quiet_NaN();
  /// max - min of the frontal (varus-valgus) angle over the used frames [rad].
  double frontal_range_rad = std::numeric_limits<double>::quiet_NaN();
  /// max - min of flexion over the used frames [rad].
  double flexion_range_rad = std::numeric_limits<double>::quiet_NaN();
  /// Least-squares slope of the frontal angle on flexion [rad/rad] (ordinary regression with an
  /// intercept).
  double slope = std::numeric_limits<double>::quiet_NaN();
  /// Axis misalignment that equation (1) implies [rad]: atan(b), b the least-squares slope (with
  /// an intercept, which absorbs a constant frontal offset) of tan(varus) on sin(flexion).
  /// Positive: thigh frame internally rotated (flexion reads as varus); negative: externally
  /// rotated (valgus). An estimate under the pure-misalignment model, meaningful when
  /// `suspected`.
  double misalignment_rad = std::numeric_limits<double>::quiet_NaN();
  /// True when the rule could be applied (enough frames, flexion range, finite r).
  bool judged = false;
  /// True when judged, |correlation| >= min_abs_correlation and frontal_range_rad >=
  /// min_frontal_range_rad.
  bool suspected = false;
  /// The rule with this knee's numbers, and what to check when suspected; or why it could not
  /// be judged.
  std::string note;
};

/// Flexion cross-talk check of one knee from its angle series and swing windows.
///
/// Over the frames of the swing windows of `side` (NaN frames skipped and counted; a frame in
/// two windows counts once), computes the Pearson correlation of flexion and the frontal angle,
/// both ranges, the regression slope and the misalignment estimate of equation (1), then
/// applies the rule: suspected when |r| >= min_abs_correlation and the frontal range >=
/// min_frontal_range_rad. Swing is used because the unloaded knee has little genuine
/// varus-valgus motion there while it flexes most (Kadaba et al. 1990, J Orthop Res
/// 8:383-392; Baudet et al. 2014, PLoS ONE 9:e102098, judge cross-talk by the correlation of
/// the two angles).
/// \param flexion_rad #frames knee flexion of `side` [rad], positive = flexion (column 0 of
/// KneeAngles::rad, or Vicon's {L,R}KneeAngles X in radians); NaN = missing
/// \param varus_rad #frames knee adduction of `side` [rad], positive = varus on both sides
/// (KneeAngles::adduction_rad(); Vicon's {L,R}KneeAngles Y in radians); NaN = missing
/// \param side the knee; windows of the other side are ignored, so one list serves both knees
/// \param swing_windows swing windows [foot off, next foot strike) in frames of the series
/// \param options cut-offs
/// \throws InvalidArgument naming 'varus_rad' (#frames differ), the argument holding an
/// infinity or a value no such angle can take (|flexion| > pi, |varus| > pi/2: degrees passed
/// as radians), 'swing_windows[i]' outside [0, #frames) or empty, or the option out of range.
FlexionCrosstalk flexion_crosstalk(const SeriesCRef& flexion_rad, const SeriesCRef& varus_rad,
                                   Side side, const std::vector<events::Window>& swing_windows,
                                   const CrosstalkOptions& options = {});

/// flexion_crosstalk over the swing windows of `side` found from gait events
/// (events::swing_windows: each foot off to the next foot strike of the same foot).
/// \param events gait events of both feet, any order, 0-based frames of the series
/// \throws InvalidArgument naming 'events[i]' for a frame outside [0, #frames), and as the
/// window overload otherwise.
FlexionCrosstalk flexion_crosstalk(const SeriesCRef& flexion_rad, const SeriesCRef& varus_rad,
                                   Side side, const std::vector<events::GaitEvent>& events,
                                   const CrosstalkOptions& options = {});

}  // namespace hipmech::knee
