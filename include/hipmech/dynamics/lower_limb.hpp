/// \file
/// Inverse dynamics of both legs of a Plug-in Gait lower body: segment parameters from a
/// table, the ground reaction of each foot, the 3-D Newton-Euler recursion foot -> shank ->
/// thigh, and the joint moments as clinical components in a named frame (docs/dynamics.md).
#pragma once

#include <array>
#include <cmath>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include <Eigen/Core>

#include "hipmech/core/check.hpp"
#include "hipmech/core/side.hpp"
#include "hipmech/core/trajectory.hpp"
#include "hipmech/dynamics/foot_loads.hpp"
#include "hipmech/dynamics/moment_frames.hpp"
#include "hipmech/dynamics/newton_euler.hpp"
#include "hipmech/dynamics/segment_parameters.hpp"
#include "hipmech/events/force_plate_events.hpp"
#include "hipmech/io/markers.hpp"
#include "hipmech/io/trial.hpp"
#include "hipmech/model/plug_in_gait.hpp"
#include "hipmech/signal/zero_lag.hpp"

namespace hipmech::dynamics {

/// Segments of a leg, distal first.
enum class LegSegment { Foot = 0, Shank = 1, Thigh = 2 };

/// Per-subject inertia of one leg in the Plug-in Gait segment frames, distal first (foot,
/// shank, thigh), with the segment lengths used to scale the table [m].
struct LegInertia {
  std::array<SegmentInertia, 3> segment;
  std::array<double, 3> length_m{};
};

namespace detail {

/// Median over the frames of R^T (p - o): a point fixed in a segment, in its frame [m].
/// NaN if no frame holds both.
Eigen::Vector3d local_point(const geometry::SegmentFrames& frames, const TrajectoryCRef& p);

}  // namespace detail

/// Segment inertia of one leg of a Plug-in Gait body from a table: each segment's endpoints
/// are taken as the model's joint centres (thigh: hip -> knee centre; shank: knee -> ankle
/// centre; foot: ankle centre -> TOE marker), fixed in the segment frame as the median over
/// the frames, and segment_inertia() places the centre of mass and the tensor there. Tables
/// whose endpoints are anatomical landmarks (de Leva: shank to the lateral malleolus, foot
/// heel to toe tip) are applied to these joint centres: an approximation (docs/dynamics.md).
/// \param[in] body the Plug-in Gait lower body (with feet)
/// \param[in] side the leg
/// \param[in] toe_m #frames by 3, that side's TOE marker [m]
/// \param[in] body_mass_kg body mass [kg]
/// \param[in] table the segment-parameter table
/// \throws InvalidArgument naming `body` (no feet, or no frame defines a segment),
///         `toe_m` (#frames) or `body_mass_kg`
LegInertia pig_leg_inertia(const model::PigLowerBody& body, Side side, const TrajectoryCRef& toe_m,
                           double body_mass_kg, BspTable table);

/// Options of lower_limb_dynamics().
struct LowerLimbOptions {
  /// Segment parameters. Default: Dempster via Winter (2009) Table 4.1, whose foot runs from
  /// the ankle to the second metatarsal head as the Plug-in Gait foot does.
  BspTable table = BspTable::DempsterWinter;
  /// Axes of the clinical components.
  MomentFrame frame = MomentFrame::Jcs;
  /// false: internal (net muscle) moments, the default of docs/conventions.md; true: external
  /// moments (the negative), as Plug-in Gait reports them.
  bool external = false;
  /// Gravity in the lab [m/s^2].
  Eigen::Vector3d gravity_mps2{0.0, 0.0, -9.81};
  /// Which terms of the equations of motion to include (all by default).
  bool inertial = true;
};

/// Loads at one joint of one leg.
struct JointDynamics {
  /// Force on the distal segment from the proximal one, lab frame [N].
  Trajectory force_n;
  /// Net internal moment on the distal segment at the joint centre, lab frame [N m].
  Trajectory moment_nm;
  /// Clinical components (flexion, adduction, internal rotation; ankle: dorsiflexion,
  /// inversion, internal rotation) in LowerLimbOptions::frame with the per-side signs of
  /// clinical_moments(); the external moment when LowerLimbOptions::external [N m].
  Trajectory clinical_nm;
};

/// Inverse dynamics of one leg.
struct LegDynamics {
  JointDynamics ankle, knee, hip;
  LegInertia inertia;
};

/// Inverse dynamics of both legs (index 0 = left, 1 = right).
struct LowerLimbDynamics {
  std::array<LegDynamics, 2> leg;
  /// The ground reaction used for each foot, and where each frame came from.
  FootLoads loads;
  double body_mass_kg = 0.0;
  double rate_hz = 0.0;
  MomentFrame frame = MomentFrame::Jcs;
  bool external = false;
};

/// Inverse dynamics of both legs of a Plug-in Gait body (newton_euler_3d on foot, shank and
/// thigh of each side). Frames where a foot's load is NaN (FootLoads::source) give NaN at
/// every joint of that leg; nothing is set to zero except a foot known to be in swing.
/// \param[in] body Plug-in Gait lower body with feet, already built from filtered markers
/// \param[in] toe_m the TOE markers (left, right), #frames by 3 [m]
/// \param[in] loads ground reaction per foot at the point rate (foot_loads())
/// \param[in] body_mass_kg [kg]
/// \param[in] rate_hz point rate [Hz]
/// \throws InvalidArgument naming the argument
LowerLimbDynamics lower_limb_dynamics(const model::PigLowerBody& body,
                                      const std::array<TrajectoryCRef, 2>& toe_m, FootLoads loads,
                                      double body_mass_kg, double rate_hz,
                                      const LowerLimbOptions& options = {});

/// lower_limb_dynamics() with each leg's segment inertia given instead of computed from the body
/// (pig_leg_inertia): repeated evaluations with the inertia held fixed or perturbed around a
/// nominal one (uncertainty::propagate) skip the medians over the frames. With the inertia
/// pig_leg_inertia() gives for `body`, the result equals the overload above (LegDynamics::inertia
/// is `inertia`; options.table is not used).
/// \param[in] body Plug-in Gait lower body with feet, already built from filtered markers
/// \param[in] inertia per side (0 left, 1 right): foot, shank and thigh inertia in the Plug-in
///            Gait segment frames of `body`
/// \param[in] loads ground reaction per foot at the point rate (foot_loads())
/// \param[in] body_mass_kg [kg] (kept in the result)
/// \param[in] rate_hz point rate [Hz]
/// \throws InvalidArgument naming the argument
LowerLimbDynamics lower_limb_dynamics(const model::PigLowerBody& body,
                                      const std::array<LegInertia, 2>& inertia, FootLoads loads,
                                      double body_mass_kg, double rate_hz,
                                      const LowerLimbOptions& options = {});

/// Options of lower_limb_dynamics() on a trial.
struct TrialDynamicsOptions {
  LowerLimbOptions limb;
  /// Low-pass cut-off applied to the markers AND to the plate channels [Hz] (Kristianslund et
  /// al. 2012: the same cut-off for both avoids artefacts at impact); NaN: no filtering (the
  /// file's markers are used as stored). Default 6 Hz (Winter 2009, gait).
  double cutoff_hz = 6.0;
  /// Cut-off of the plate channels when it must differ from the markers' [Hz]; empty (the
  /// default): cutoff_hz; NaN: the plate data unfiltered.
  std::optional<double> force_cutoff_hz;
  /// Zero-lag Butterworth settings for both (order 2 per pass by default); gaps in the
  /// markers are filtered run by run (GapPolicy::Runs) whatever this says.
  signal::ZeroLagOptions filter{};
  /// Centre-of-pressure margin of foot_loads() [m].
  double cop_margin_m = 0.02;
  /// How the plate data are taken at each frame (foot_loads()); ForceResampling::FrameMean is
  /// what Vicon's Plug-in Gait does.
  ForceResampling force_resampling = ForceResampling::Sample;
  /// Contact detection and foot assignment on the plates.
  events::ForcePlateEventOptions contacts{};
  /// Plug-in Gait pelvis options.
  model::PigOptions model{};
};

/// Everything lower_limb_dynamics() on a trial produced, with the filtered body it used.
struct TrialDynamics {
  LowerLimbDynamics dynamics;
  model::PigLowerBody body;
  events::ForcePlateEvents contacts;
};

/// Inverse dynamics of both legs from a Plug-in Gait trial: filters the markers and the plate
/// channels with the same cut-off, builds the Plug-in Gait lower body, finds the plate
/// contacts and their feet (events::from_force_plates), builds each foot's load (foot_loads()
/// with `gait_events` for the swing phases) and runs lower_limb_dynamics(). Gravity points
/// down the trial's LabAxes up axis with the magnitude of options.limb.gravity_mps2.
/// \param[in] trial markers (Plug-in Gait set with TOE), force plates, rates, lab axes
/// \param[in] parameters Plug-in Gait subject measurements
/// \param[in] body_mass_kg [kg]; NaN: the trial's subject body mass (InvalidArgument naming
///            `body_mass_kg` if that is missing too)
/// \param[in] gait_events foot strikes and offs of both feet (e.g. the file's events)
/// \throws InvalidArgument naming what is missing (markers, body mass, force plates)
TrialDynamics lower_limb_dynamics(const io::Trial& trial, const model::PigParameters& parameters,
                                  double body_mass_kg,
                                  const std::vector<events::GaitEvent>& gait_events,
                                  const TrialDynamicsOptions& options = {});

}  // namespace hipmech::dynamics
