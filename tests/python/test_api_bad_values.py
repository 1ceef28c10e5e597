"""Every numeric and array argument of the public Python API refuses bad values (issue 21).

A table of calls with valid arguments, built from small synthetic inputs; each listed argument
is replaced in turn by each bad value (a bool, a complex number, a numeric string, None, an
infinity, object / bool / complex arrays), and the call must raise TypeError or ValueError whose
message names that argument (``'NAME'``, as the core's ``argument 'NAME': ...`` messages do).
ALLOWED lists the few (function, argument, value) pairs that are accepted on purpose, with the
reason; SKIPPED the public functions not walked here, with the reason.

Modules walked: knee, hip, pelvis, stats, signal (every public function but the two in
SKIPPED), and the functions of dynamics, model and geometry in the table, trial-level ones
included (dynamics.inverse_dynamics and newton_euler_*, model.plug_in_gait, isb_lower_body,
io.ForcePlate.from_wrench,
hip_joint_centre on hipmech.synth.walking(n_strides=1) or hand-made markers). True/False options
(``flags``) are walked with every bad value but True; events (the Trial's own fields are io's),
synth.walking and, with matplotlib, plot (gait_curves, gait_curve_panel, asymmetry_bars,
bland_altman: their top-level arguments; the curve arrays inside a mapping are checked in
test_plot). Functions that take no number are not listed.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any, Callable

import numpy as np
import pytest

from hipmech import (Side, dynamics, events, geometry, hip, io, knee, model, pelvis, plot,
                     signal, stats, synth)

try:  # matplotlib is optional: without it the plot functions are not walked
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
except ImportError:
    plt = None

# ----------------------------------------------------------------------------------------------
# Small valid inputs
# ----------------------------------------------------------------------------------------------

N = 12
RNG = np.random.default_rng(21)
T = np.linspace(0.0, 1.0, N)
HIP2 = np.column_stack([np.zeros(N), np.zeros(N)])
KNEE2 = np.column_stack([0.1 + 0.01 * T, np.ones(N)])
ANKLE2 = np.column_stack([np.zeros(N), 2.0 * np.ones(N)])
HIP3 = np.column_stack([np.zeros(N), 0.1 * np.ones(N), np.ones(N)])
KNEE3 = np.column_stack([0.02 * np.ones(N), 0.12 * np.ones(N), 0.5 * np.ones(N)])
ANKLE3 = np.column_stack([np.zeros(N), 0.1 * np.ones(N), np.zeros(N)])
EYE = np.eye(3)
R_N = np.repeat(np.eye(3)[None], N, axis=0)
OBLIQUITY = 0.05 * np.sin(np.linspace(0, 4 * np.pi, 40))
EVENTS = [("left", "foot_strike", 2), ("right", "foot_off", 6), ("right", "foot_strike", 16),
          ("left", "foot_off", 22), ("left", "foot_strike", 34)]
SAMPLE_A = np.array([1.0, 2.5, 3.1, 4.2, 5.0, 6.3, 7.7, 8.1])
SAMPLE_B = SAMPLE_A + np.array([0.3, -0.1, 0.4, 0.2, 0.5, -0.2, 0.1, 0.6])
RATINGS = np.column_stack([SAMPLE_A, SAMPLE_B, SAMPLE_A + 0.2])
SQUAT = 0.5 - 0.5 * np.cos(np.linspace(0, 6 * np.pi, 90))
TORQUE = np.r_[np.zeros(100), np.linspace(0, 150, 100), np.full(400, 150.0)]
FLEX = np.radians(np.r_[np.full(20, 5.0), 30 - 30 * np.cos(np.linspace(0, 2 * np.pi, 40))])
VARUS = np.arctan(np.tan(np.radians(15)) * np.sin(FLEX))
SERIES = np.sin(np.linspace(0, 6, 80)) + 0.02 * RNG.standard_normal(80)
SERIES_GAP = np.where(np.arange(80) == 40, np.nan, SERIES)
BA = signal.butter(2, 6.0, 100.0)
FRAMES = geometry.SegmentFrames(HIP3, R_N)
THIGH = dynamics.LimbSegment(FRAMES, dynamics.segment_inertia(
    "dempster_winter", "thigh", 70.0, [0.0, 0.0, 0.0], [0.0, -0.4, 0.0]), HIP3)
PLANAR = dynamics.PlanarSegment(HIP2, HIP2 - [0.0, 0.4], 7.0, 0.43, 0.1)
TRIAL = synth.walking(n_strides=1, seed=1).trial   # 219 frames, two plates, PiG markers


def _isb_markers() -> dict[str, np.ndarray]:
    """The synthetic trial's first 20 frames with medial epicondyles and malleoli added."""
    m = {k: v[:20] for k, v in TRIAL.markers.items()}
    for s, medial in (("L", -1.0), ("R", 1.0)):   # the lab's +Y is the walker's left
        m[f"{s}KNM"] = m[f"{s}KNE"] + [0.0, medial * 0.1, 0.0]
        m[f"{s}MED"] = m[f"{s}ANK"] + [0.0, medial * 0.07, 0.0]
    return m


ISB_MARKERS = _isb_markers()
CURVES = {"left": np.sin(np.linspace(0, 2 * np.pi, 101))[None] + [[0.0], [0.1]],
          "right": np.cos(np.linspace(0, 2 * np.pi, 101))[None] + [[0.0], [0.1]]}
BARS = {"metric": ["a", "b"], "estimate": [3.0, -2.0], "ci_low": [1.0, -4.0],
        "ci_high": [5.0, 0.0]}


@dataclass
class Case:
    """``fn(**kwargs)`` is a valid call; ``args`` are the arguments to replace with bad values
    (positional ones are passed by keyword too, so a name is always a parameter's name)."""

    name: str
    fn: Callable[..., Any]
    kwargs: dict[str, Any]
    args: tuple[str, ...]
    call: Callable[..., Any] | None = None   # how to call when kwargs cannot (``*samples``)
    extra: dict[str, Any] = field(default_factory=dict)
    flags: tuple[str, ...] = ()   # True/False options: walked with every bad value but True

    def run(self, kwargs: dict[str, Any]) -> Any:
        return self.call(**kwargs) if self.call is not None else self.fn(**kwargs)


CASES = [
    # knee ------------------------------------------------------------------------------------
    Case("knee.fppa (2-D)", knee.fppa, dict(hip=HIP2, knee=KNEE2, ankle=ANKLE2, side="right"),
         ("hip", "knee", "ankle")),
    Case("knee.fppa (3-D)", knee.fppa,
         dict(hip=HIP3, knee=KNEE3, ankle=ANKLE3, side="right", frame=EYE),
         ("hip", "knee", "ankle", "frame")),
    Case("knee.medial_displacement", knee.medial_displacement,
         dict(hip=HIP2, knee=KNEE2, ankle=ANKLE2, side="left", baseline_frame=0),
         ("hip", "knee", "ankle", "baseline_frame")),
    Case("knee.medial_displacement (3-D)", knee.medial_displacement,
         dict(hip=HIP3, knee=KNEE3, ankle=ANKLE3, side="left", frame=R_N),
         ("hip", "knee", "ankle", "frame")),
    Case("knee.separation_ratio", knee.separation_ratio,
         dict(left_knee=KNEE2 - [0.5, 0], right_knee=KNEE2 + [0.5, 0],
              left_ankle=ANKLE2 - [0.6, 0], right_ankle=ANKLE2 + [0.6, 0]),
         ("left_knee", "right_knee", "left_ankle", "right_ankle")),
    Case("knee.separation_ratio (3-D)", knee.separation_ratio,
         dict(left_knee=KNEE3 - [0, 0, 0.1], right_knee=KNEE3 + [0, 0, 0.1],
              left_ankle=ANKLE3 - [0, 0, 0.1], right_ankle=ANKLE3 + [0, 0, 0.1], frame=EYE),
         ("left_knee", "right_knee", "left_ankle", "right_ankle", "frame")),
    Case("knee.project_frontal", knee.project_frontal, dict(points_lab=HIP3, frame=EYE),
         ("points_lab", "frame")),
    Case("knee.angles", knee.angles, dict(thigh=R_N, shank=R_N, side="left"),
         ("thigh", "shank")),
    Case("knee.repetitions", knee.repetitions,
         dict(knee_flexion=SQUAT, fppa=0.1 * SQUAT, valgus=0.05 * SQUAT, min_excursion=0.3,
              onset_fraction=0.05, rate_hz=100.0),
         ("knee_flexion", "fppa", "valgus", "min_excursion", "onset_fraction", "rate_hz")),
    Case("knee.repetitions (pelvis_height)", knee.repetitions, dict(pelvis_height=-SQUAT),
         ("pelvis_height",)),
    Case("knee.flexion_crosstalk", knee.flexion_crosstalk,
         dict(flexion=FLEX, varus=VARUS, side="left", swing_windows=[("left", 20, 60)],
              min_abs_correlation=0.8, min_frontal_range_rad=0.17, min_flexion_range_rad=0.3,
              min_frames=10),
         ("flexion", "varus", "min_abs_correlation", "min_frontal_range_rad",
          "min_flexion_range_rad", "min_frames")),
    # hip -------------------------------------------------------------------------------------
    Case("hip.torque_per_kg", hip.torque_per_kg, dict(torque_nm=TORQUE[:20], body_mass_kg=70.0),
         ("torque_nm", "body_mass_kg")),
    Case("hip.torque_per_kg_m", hip.torque_per_kg_m,
         dict(torque_nm=TORQUE[:20], body_mass_kg=70.0, length_m=0.9),
         ("torque_nm", "body_mass_kg", "length_m")),
    Case("hip.torque_percent_bw_height", hip.torque_percent_bw_height,
         dict(torque_nm=TORQUE[:20], body_mass_kg=70.0, height_m=1.7, g_mps2=9.81),
         ("torque_nm", "body_mass_kg", "height_m", "g_mps2")),
    Case("hip.dynamometer_torque", hip.dynamometer_torque,
         dict(force_n=TORQUE[:20], setup=0.3), ("force_n", "setup")),
    Case("hip.dynamometer_torque (setup)", hip.dynamometer_torque,
         dict(force_n=TORQUE[:20], setup=hip.DynamometerSetup(0.3, 10.0, 0.4, 0.0, "opposes")),
         ("force_n",)),
    Case("hip.analyse_mvic", hip.analyse_mvic,
         dict(torque_nm=TORQUE, rate_hz=1000.0, baseline_begin_s=0.0, baseline_duration_s=0.05,
              onset_threshold=1.0, plateau_windows_s=(0.2,), rtd_windows_ms=(50.0,),
              peak_rtd_window_ms=20.0),
         ("torque_nm", "rate_hz", "baseline_begin_s", "baseline_duration_s", "onset_threshold",
          "plateau_windows_s", "rtd_windows_ms", "peak_rtd_window_ms")),
    Case("hip.analyse_mvic (manual)", hip.analyse_mvic,
         dict(torque_nm=TORQUE, rate_hz=1000.0, onset_rule="manual", onset_sample=100,
              plateau_windows_s=(0.2,),
              baseline_duration_s=0.05),
         ("onset_sample",)),
    Case("hip.summarise_sides", hip.summarise_sides,
         dict(left_values=[100.0, 110.0, 105.0], right_values=[90.0, 95.0, 99.0]),
         ("left_values", "right_values")),
    Case("hip.pauwels", hip.pauwels,
         dict(body_mass_kg=70.0, stance_limb_mass_fraction=0.18, partial_body_lever_arm_m=0.11,
              abductor_lever_arm_m=0.05, abductor_angle_rad=0.3, cane_force_n=0.0,
              cane_lever_arm_m=0.0, pelvic_drop_rad=0.0, partial_body_com_height_m=0.2,
              g_mps2=9.81),
         ("body_mass_kg", "stance_limb_mass_fraction", "partial_body_lever_arm_m",
          "abductor_lever_arm_m", "abductor_angle_rad", "cane_force_n", "cane_lever_arm_m",
          "pelvic_drop_rad", "partial_body_com_height_m", "g_mps2")),
    Case("hip.pauwels (points)", hip.pauwels,
         dict(body_mass_kg=70.0, partial_body_com_m=[0.11, 0.2], abductor_origin_m=[-0.07, 0.1],
              abductor_insertion_m=[-0.05, -0.05]),
         ("partial_body_com_m", "abductor_origin_m", "abductor_insertion_m")),
    Case("hip.cane_force_for_zero_abductor", hip.cane_force_for_zero_abductor,
         dict(body_mass_kg=70.0, cane_lever_arm_m=0.3, pelvic_drop_rad=0.0),
         ("body_mass_kg", "cane_lever_arm_m", "pelvic_drop_rad")),
    Case("hip.partial_body_lever_arm_from_hip_centres",
         hip.partial_body_lever_arm_from_hip_centres,
         dict(hip_centre_distance_m=0.18, stance_limb_mass_fraction=0.18),
         ("hip_centre_distance_m", "stance_limb_mass_fraction")),
    Case("hip.abductor_line_from_points", hip.abductor_line_from_points,
         dict(origin_m=[-0.07, 0.1], insertion_m=[-0.05, -0.05]), ("origin_m", "insertion_m")),
    Case("hip.point_after_pelvic_drop", hip.point_after_pelvic_drop,
         dict(point_m=[0.1, 0.2], pelvic_drop_rad=0.05), ("point_m", "pelvic_drop_rad")),
    Case("hip.grf_lever_arm_moment", hip.grf_lever_arm_moment,
         dict(force_n=HIP3 + [0, 0, 700], cop_m=ANKLE3, joint_centre_m=HIP3,
              free_moment_nm=np.zeros((N, 3)), external=False),
         ("force_n", "cop_m", "joint_centre_m", "free_moment_nm")),
    Case("hip.gravity_torque", hip.gravity_torque,
         dict(setup=hip.DynamometerSetup(0.3, 10.0, 0.4, 0.0, "opposes")), ("setup",)),
    # pelvis ----------------------------------------------------------------------------------
    Case("pelvis.angles", pelvis.angles,
         dict(R_lab_pelvis=R_N, side="left", reference=EYE, min_displacement_m=0.8),
         ("R_lab_pelvis", "reference")),
    Case("pelvis.angles (progression)", pelvis.angles,
         dict(R_lab_pelvis=R_N, side="left", pelvis_origin_lab=np.column_stack(
             [np.linspace(0, 2, N), np.zeros(N), np.ones(N)]), min_displacement_m=0.8),
         ("pelvis_origin_lab", "min_displacement_m")),
    Case("pelvis.detect_progression", pelvis.detect_progression,
         dict(pelvis_origin_lab=np.column_stack([np.linspace(0, 2, N), np.zeros(N), np.ones(N)]),
              R_lab_pelvis=R_N, min_displacement_m=0.8),
         ("pelvis_origin_lab", "R_lab_pelvis", "min_displacement_m")),
    Case("pelvis.rotations", pelvis.rotations,
         dict(angles=np.zeros((N, 3)), side="left", convention="baker"), ("angles",)),
    Case("pelvis.convert", pelvis.convert,
         dict(angles=np.zeros((N, 3)), side="left", from_="baker", to="plug-in-gait"),
         ("angles",)),
    Case("pelvis.static_obliquity", pelvis.static_obliquity,
         dict(obliquity=OBLIQUITY, side="left"), ("obliquity",)),
    Case("pelvis.contralateral_drop", pelvis.contralateral_drop,
         dict(obliquity=OBLIQUITY, side="left", events=EVENTS, static=0.01,
              trendelenburg_threshold_rad=0.03),
         ("obliquity", "static", "trendelenburg_threshold_rad")),
    Case("pelvis.contralateral_drop (static array)", pelvis.contralateral_drop,
         dict(obliquity=OBLIQUITY, side="left", events=EVENTS, static=OBLIQUITY[:5]),
         ("static",)),
    Case("pelvis.drop_2d", pelvis.drop_2d,
         dict(left_hip_px=np.column_stack([np.full(40, 100.0), 200 + 5 * OBLIQUITY]),
              right_hip_px=np.column_stack([np.full(40, 200.0), 200 - 5 * OBLIQUITY]),
              side="left"),
         ("left_hip_px", "right_hip_px")),
    Case("pelvis.trendelenburg", pelvis.trendelenburg,
         dict(drops=pelvis.contralateral_drop(OBLIQUITY, "left", events=EVENTS),
              threshold_rad=0.03), ("threshold_rad",)),
    # dynamics ----------------------------------------------------------------------------------
    Case("dynamics.moment_per_kg", dynamics.moment_per_kg,
         dict(moment_nm=HIP3, body_mass_kg=70.0), ("moment_nm", "body_mass_kg")),
    Case("dynamics.moment_percent_bw_height", dynamics.moment_percent_bw_height,
         dict(moment_nm=HIP3, body_mass_kg=70.0, height_m=1.7, g_mps2=9.81),
         ("moment_nm", "body_mass_kg", "height_m", "g_mps2")),
    Case("dynamics.segment_inertia", dynamics.segment_inertia,
         dict(table="dempster_winter", segment="thigh", body_mass_kg=70.0,
              proximal_m=[0.0, 0.0, 0.0], distal_m=[0.0, -0.4, 0.0]),
         ("body_mass_kg", "proximal_m", "distal_m")),
    Case("dynamics.segment_motion", dynamics.segment_motion,
         dict(frames=R_N, origin_m=HIP3, com_local_m=[0.0, -0.2, 0.0], rate_hz=100.0),
         ("frames", "origin_m", "com_local_m", "rate_hz")),
    Case("dynamics.newton_euler_3d", dynamics.newton_euler_3d,
         dict(chain=[THIGH], load=dynamics.ExternalLoad.zero(N), rate_hz=100.0,
              gravity_mps2=(0.0, 0.0, -9.81), inertial=True, weight=True),
         ("load", "rate_hz", "gravity_mps2"), flags=("inertial", "weight")),
    Case("dynamics.newton_euler_2d", dynamics.newton_euler_2d,
         dict(chain=[PLANAR], load=dynamics.PlanarLoad(np.zeros((N, 2)), np.zeros((N, 2))),
              rate_hz=100.0, gravity_mps2=(0.0, -9.81), inertial=True, weight=True),
         ("load", "rate_hz", "gravity_mps2"), flags=("inertial", "weight")),
    Case("dynamics.inverse_dynamics", dynamics.inverse_dynamics,
         dict(trial=TRIAL, body_mass_kg=75.0, cutoff_hz=6.0, force_cutoff_hz=6.0, order=2,
              external=False, inertial=True, cop_margin_m=0.02, g_mps2=9.81,
              plug_in_gait=False),
         ("trial", "body_mass_kg", "cutoff_hz", "force_cutoff_hz", "order", "cop_margin_m",
          "g_mps2"), flags=("external", "inertial", "plug_in_gait")),
    Case("dynamics.resolve_moment", dynamics.resolve_moment,
         dict(moment_nm=HIP3, frame="proximal", R_lab_proximal=R_N),
         ("moment_nm", "R_lab_proximal")),
    Case("dynamics.clinical_moments", dynamics.clinical_moments,
         dict(moment_nm=HIP3, R_lab_proximal=R_N, R_lab_distal=R_N, side="left", joint="hip"),
         ("moment_nm", "R_lab_proximal", "R_lab_distal")),
    # model -------------------------------------------------------------------------------------
    Case("model.plug_in_gait", model.plug_in_gait, dict(markers=TRIAL, feet=True),
         ("markers",), flags=("feet",)),
    Case("model.isb_lower_body", model.isb_lower_body,
         dict(markers=ISB_MARKERS, leg_length_left_m=0.9, leg_length_right_m=0.9,
              asis_trochanter_distance_left_m=0.08, asis_trochanter_distance_right_m=0.08,
              marker_diameter_m=0.014),
         ("markers", "leg_length_left_m", "leg_length_right_m", "asis_trochanter_distance_left_m",
          "asis_trochanter_distance_right_m", "marker_diameter_m")),
    Case("model.hip_joint_centre", model.hip_joint_centre,
         dict(method="harrington", side="left", inter_asis_distance_m=0.25, pelvic_depth_m=0.15,
              leg_length_m=0.9, marker_radius_m=0.007),
         ("inter_asis_distance_m", "pelvic_depth_m", "leg_length_m", "marker_radius_m")),
    Case("model.hip_joint_centre (davis)", model.hip_joint_centre,
         dict(method="davis", side="right", inter_asis_distance_m=0.25, mean_leg_length_m=0.9,
              asis_trochanter_distance_m=0.07),
         ("mean_leg_length_m", "asis_trochanter_distance_m")),
    Case("model.chord_rotation", model.chord_rotation, dict(side="right", offset_rad=0.1),
         ("offset_rad",)),
    Case("model.joint_angles", model.joint_angles,
         dict(R_lab_proximal=R_N, R_lab_distal=R_N, side="left", joint="hip"),
         ("R_lab_proximal", "R_lab_distal")),
    # io ----------------------------------------------------------------------------------------
    Case("io.ForcePlate.from_wrench", io.ForcePlate.from_wrench,
         dict(type=4, corners_m=[[0.3, 0.2, 0], [-0.3, 0.2, 0], [-0.3, -0.2, 0], [0.3, -0.2, 0]],
              force_n=np.tile([0.0, 0.0, 700.0], (N, 1)), moment_nm=np.zeros((N, 3)),
              origin_m=[0.0, 0.0, 0.04], calibration=np.eye(6), cop_threshold_n=10.0),
         ("type", "corners_m", "force_n", "moment_nm", "origin_m", "calibration",
          "cop_threshold_n")),
    # geometry ----------------------------------------------------------------------------------
    Case("geometry.compose", geometry.compose, dict(angles=np.zeros((N, 3)), sequence="ZXY"),
         ("angles",)),
    Case("geometry.decompose", geometry.decompose, dict(R=R_N, sequence="ZXY"), ("R",)),
    Case("geometry.jcs_angles", geometry.jcs_angles,
         dict(R_lab_proximal=R_N, R_lab_distal=R_N), ("R_lab_proximal", "R_lab_distal")),
    Case("geometry.relative_rotations", geometry.relative_rotations,
         dict(R_lab_a=R_N, R_lab_b=R_N), ("R_lab_a", "R_lab_b")),
    Case("geometry.frames_from_vectors", geometry.frames_from_vectors,
         dict(origin=HIP3, v_primary=np.ones((N, 3)), primary="Z",
              v_secondary=np.tile([1.0, 0.0, 0.0], (N, 1)), secondary="X"),
         ("origin", "v_primary", "v_secondary")),
    Case("geometry.to_segment", geometry.to_segment, dict(frames=FRAMES, points_lab=KNEE3),
         ("frames", "points_lab")),
    Case("geometry.to_lab", geometry.to_lab, dict(frames=FRAMES, points_segment=KNEE3),
         ("frames", "points_segment")),
    Case("geometry.max_orthonormality_error", geometry.max_orthonormality_error, dict(R=R_N),
         ("R",)),
    # signal ------------------------------------------------------------------------------------
    Case("signal.butter", signal.butter, dict(order=2, cutoff_hz=6.0, rate_hz=100.0),
         ("order", "cutoff_hz", "rate_hz")),
    Case("signal.butter (sos)", signal.butter,
         dict(order=2, cutoff_hz=6.0, rate_hz=100.0, output="sos"), ("order", "cutoff_hz")),
    Case("signal.filtfilt", signal.filtfilt, dict(b=BA[0], a=BA[1], data=SERIES),
         ("b", "a", "data")),
    Case("signal.sosfiltfilt", signal.sosfiltfilt,
         dict(sos=signal.butter(2, 6.0, 100.0, output="sos"), data=SERIES), ("sos", "data")),
    Case("signal.pass_correction_factor", signal.pass_correction_factor,
         dict(order=2, n_passes=2), ("order", "n_passes")),
    Case("signal.corrected_cutoff_hz", signal.corrected_cutoff_hz,
         dict(cutoff_hz=6.0, rate_hz=100.0, order=2, n_passes=2),
         ("cutoff_hz", "rate_hz", "order", "n_passes")),
    *[Case(f"signal.{f.__name__}", f,
           dict(data=SERIES, rate_hz=100.0, cutoff_hz=6.0, order=2, pass_correction=True),
           ("data", "rate_hz", "cutoff_hz", "order"), flags=("pass_correction",))
      for f in (signal.zero_lag_filter, signal.lowpass, signal.highpass)],
    Case("signal.residual_analysis", signal.residual_analysis,
         dict(data=SERIES, rate_hz=100.0, cutoffs_hz=np.arange(1.0, 40.0), order=2,
              pass_correction=False, fit_range_hz=(15.0, 35.0)),
         ("data", "rate_hz", "cutoffs_hz", "order", "fit_range_hz"), flags=("pass_correction",)),
    Case("signal.derivative", signal.derivative, dict(data=SERIES, rate_hz=100.0, order=2),
         ("data", "rate_hz", "order")),
    Case("signal.find_gaps", signal.find_gaps, dict(data=SERIES_GAP, per_channel=False),
         ("data",), flags=("per_channel",)),
    Case("signal.fill_gaps", signal.fill_gaps,
         dict(data=SERIES_GAP, method="linear", max_gap=3, per_channel=False),
         ("data", "max_gap"), flags=("per_channel",)),
    Case("signal.time_normalise", signal.time_normalise,
         dict(data=SERIES, begin=2, end=50.5, n_points=101), ("data", "begin", "end", "n_points")),
    Case("signal.time_normalise (cycles)", signal.time_normalise,
         dict(data=SERIES, begin=[(2, 30), (30, 58.5)]), ("begin",)),
    # events ------------------------------------------------------------------------------------
    Case("events.from_force_plates", events.from_force_plates,
         dict(trial=TRIAL, threshold_n=20.0, min_contact_s=0.05, max_cop_distance_m=0.15,
              foot_height_max_m=0.1, plate_margin_m=0.02),
         ("trial", "threshold_n", "min_contact_s", "max_cop_distance_m", "foot_height_max_m",
          "plate_margin_m")),
    Case("events.from_kinematics", events.from_kinematics,
         dict(trial=TRIAL, progression="auto", min_separation_s=0.3, min_displacement_m=0.2),
         ("trial", "progression", "min_separation_s", "min_displacement_m")),
    Case("events.from_kinematics (direction)", events.from_kinematics,
         dict(trial=TRIAL, progression=[1.0, 0.0, 0.0]), ("progression",)),
    Case("events.from_trial", events.from_trial, dict(trial=TRIAL), ("trial",)),
    *[Case(f"events.{f.__name__}", f, dict(events=EVENTS, side="left"), ("events",))
      for f in (events.stance_windows, events.swing_windows, events.gait_cycles,
                events.single_limb_support_windows)],
    Case("events.to_dataframe", events.to_dataframe,
         dict(events=[events.GaitEvent(Side.LEFT if s == "left" else Side.RIGHT, k, f, f / 100)
                      for s, k, f in EVENTS]), ("events",)),
    Case("events.merge", events.merge,
         dict(sources=[EVENTS, EVENTS], window_frames=3, min_phase_frames=2),
         ("sources", "window_frames", "min_phase_frames")),
    # synth -------------------------------------------------------------------------------------
    Case("synth.walking", synth.walking,
         dict(body_mass_kg=70.0, height_m=1.7, speed_mps=1.2, n_strides=1, point_rate_hz=100.0,
              analog_rate_hz=1000.0, pelvic_drop_rad=0.05, knee_valgus_rad=0.03,
              stride_time_cv=0.02, variability_sd_rad=0.005, marker_noise_m=0.001, seed=3,
              plates=[("left", 0)]),
         ("body_mass_kg", "height_m", "speed_mps", "n_strides", "point_rate_hz",
          "analog_rate_hz", "pelvic_drop_rad", "knee_valgus_rad", "stride_time_cv",
          "variability_sd_rad", "marker_noise_m", "seed", "plates")),
    Case("synth.walking (per side)", synth.walking,
         dict(n_strides=1, pelvic_drop_rad={"left": 0.05, "right": 0.07}), ("n_strides",)),
    # stats -----------------------------------------------------------------------------------
    *[Case(f"stats.{f.__name__}", f, dict(left=SAMPLE_A, right=SAMPLE_B, reference="left"),
           ("left", "right"))
      for f in (stats.asymmetry_ratio, stats.limb_symmetry_index, stats.percent_difference,
                stats.symmetry_angle, stats.symmetry_index)],
    Case("stats.asymmetry_table", stats.asymmetry_table,
         dict(left=SAMPLE_A, right=SAMPLE_B, reference="left"), ("left", "right")),
    Case("stats.bland_altman", stats.bland_altman,
         dict(a=SAMPLE_A, b=SAMPLE_B, confidence=0.95, agreement=0.95),
         ("a", "b", "confidence", "agreement")),
    Case("stats.bootstrap", stats.bootstrap,
         dict(samples=(SAMPLE_A,), n_resamples=200, confidence=0.9, seed=1),
         ("samples", "n_resamples", "confidence", "seed"),
         call=lambda samples, **kw: stats.bootstrap("mean", *(
             samples if isinstance(samples, tuple) else (samples,)), **kw)),
    Case("stats.bootstrap_indices", stats.bootstrap_indices,
         dict(sizes=5, n_resamples=10, seed=0), ("sizes", "n_resamples", "seed")),
    Case("stats.bootstrap_interval", stats.bootstrap_interval,
         dict(estimate=4.5, distribution=np.linspace(3, 6, 200), jackknife=SAMPLE_A,
              confidence=0.95),
         ("estimate", "distribution", "jackknife", "confidence")),
    Case("stats.change", stats.change,
         dict(baseline=SAMPLE_A, follow_up=SAMPLE_B, mdc=0.5, confidence=0.95),
         ("baseline", "follow_up", "mdc", "confidence")),
    *[Case(f"stats.{f.__name__}", f, dict(a=SAMPLE_A, b=SAMPLE_B, confidence=0.95),
           ("a", "b", "confidence"))
      for f in (stats.cohen_d, stats.cohen_dav, stats.cohen_dz, stats.glass_delta,
                stats.hedges_g, stats.ttest_independent, stats.ttest_paired)],
    Case("stats.ttest_one_sample", stats.ttest_one_sample,
         dict(x=SAMPLE_A, mu=1.0, confidence=0.95), ("x", "mu", "confidence")),
    Case("stats.combine_trials", stats.combine_trials, dict(trials=RATINGS), ("trials",)),
    Case("stats.describe", stats.describe, dict(x=SAMPLE_A, confidence=0.95),
         ("x", "confidence")),
    Case("stats.hedges_j", stats.hedges_j, dict(df=10.0), ("df",)),
    Case("stats.icc", stats.icc, dict(ratings=RATINGS, confidence=0.95),
         ("ratings", "confidence")),
    Case("stats.reliability", stats.reliability,
         dict(ratings=RATINGS, swc_factor=0.2, confidence=0.95),
         ("ratings", "swc_factor", "confidence")),
    Case("stats.meta_analysis", stats.meta_analysis,
         dict(effects=SAMPLE_A[:4] / 10, variances=SAMPLE_B[:4] / 100, confidence=0.95),
         ("effects", "variances", "confidence")),
    Case("stats.meta_analysis (se)", stats.meta_analysis,
         dict(effects=SAMPLE_A[:4] / 10, se=SAMPLE_B[:4] / 10), ("se",)),
    *[Case(f"stats.{f.__name__}", f, dict(counts=(10, 5, 4, 12), confidence=0.95),
           ("counts", "confidence"),
           call=lambda counts, _f=f, **kw: _f(*(counts if isinstance(counts, tuple)
                                               else (counts,)), **kw))
      for f in (stats.odds_ratio, stats.relative_risk, stats.risk_difference)],
    Case("stats.smd_from_summary", stats.smd_from_summary,
         dict(mean1=10.0, sd1=2.0, n1=20, mean2=12.0, sd2=2.5, n2=22, confidence=0.95),
         ("mean1", "sd1", "n1", "mean2", "sd2", "n2", "confidence")),
]

# plot: only with matplotlib (an optional dependency)
CASES += [] if plt is None else [
    Case("plot.gait_curves", plot.gait_curves,
         dict(curves=CURVES, foot_off_percent={"left": 60.0, "right": 61.0}),
         ("curves", "foot_off_percent")),
    Case("plot.gait_curve_panel", plot.gait_curve_panel,
         dict(curves_by_quantity={"hip": CURVES}, ncols=2, panel_size=(2.0, 1.5)),
         ("curves_by_quantity", "ncols", "panel_size")),
    Case("plot.asymmetry_bars", plot.asymmetry_bars, dict(table=BARS, threshold=10.0),
         ("table", "threshold")),
    Case("plot.bland_altman", plot.bland_altman,
         dict(result=SAMPLE_A, b=SAMPLE_B, percent=False, confidence=0.95),
         ("b", "confidence"), flags=("percent",)),
]

#: (case name or function name, argument, bad value's label): accepted on purpose, and why.
ALLOWED = {
    # Optional arguments whose None means "not given".
    ("knee.repetitions", "fppa", "None"): "optional: no FPPA per repetition",
    ("knee.repetitions", "valgus", "None"): "optional: no 3-D valgus per repetition",
    ("knee.repetitions", "min_excursion", "None"): "optional: half the driver's range",
    ("knee.repetitions", "rate_hz", "None"): "optional: no peak times",
    ("knee.medial_displacement", "baseline_frame", "None"): "optional: no baseline",
    ("knee.fppa (3-D)", "frame", "None"): None,  # refused: listed to document it is not allowed
    ("hip.grf_lever_arm_moment", "free_moment_nm", "None"): "optional: no free moment",
    **{("hip.pauwels", a, "None"): "optional: None takes Pauwels' value (PAUWELS_DEFAULTS)"
       for a in ("stance_limb_mass_fraction", "partial_body_lever_arm_m", "abductor_lever_arm_m",
                 "abductor_angle_rad", "cane_force_n", "cane_lever_arm_m", "pelvic_drop_rad",
                 "partial_body_com_height_m", "g_mps2")},
    ("hip.cane_force_for_zero_abductor", "pelvic_drop_rad", "None"):
        "optional: None takes Pauwels' value (PAUWELS_DEFAULTS)",
    ("hip.analyse_mvic (manual)", "onset_sample", "None"):
        None,  # refused by the core: the manual rule needs it
    ("pelvis.contralateral_drop", "static", "None"): "optional: no static offset",
    ("pelvis.contralateral_drop (static array)", "static", "None"): "optional: no static offset",
    ("pelvis.contralateral_drop", "trendelenburg_threshold_rad", "None"): "optional: no flag",
    ("pelvis.angles (progression)", "pelvis_origin_lab", "None"):
        "optional: the progression then comes from the pelvis orientation",
    ("pelvis.detect_progression", "pelvis_origin_lab", "None"):
        "optional: the progression then comes from R_lab_pelvis",
    ("pelvis.detect_progression", "R_lab_pelvis", "None"):
        "optional: the pelvis path alone gives the progression",
    ("stats.change", "mdc", "None"): "optional: no MDC judgement",
    ("plot.gait_curves", "foot_off_percent", "None"): "optional: no stance shading",
    ("plot.asymmetry_bars", "threshold", "None"): "optional: no threshold lines",
    ("dynamics.inverse_dynamics", "body_mass_kg", "None"): "optional: the subject's body mass",
    ("dynamics.inverse_dynamics", "cutoff_hz", "None"): "None: no filtering",
    ("dynamics.inverse_dynamics", "force_cutoff_hz", "None"): "None: plate data unfiltered",
    ("signal.residual_analysis", "cutoffs_hz", "None"): "optional: the default grid",
    ("signal.residual_analysis", "fit_range_hz", "None"): "optional: (0.15, 0.35) * rate_hz",
    ("stats.bootstrap_indices", "seed", "None"): "None: a fresh random seed (as bootstrap)",
    ("stats.hedges_j", "df", "inf"): "df = inf is the large-sample limit, J = 1",
    ("stats.bootstrap", "seed", "None"): "optional: a fresh random seed",
    ("stats.meta_analysis", "variances", "None"): None,
    ("stats.meta_analysis (se)", "se", "None"): None,
}
ALLOWED = {k: v for k, v in ALLOWED.items() if v is not None}

#: (case name, argument, bad value's label): refused, but the message names another argument.
NAMED_OTHERWISE = {
    ("knee.repetitions (pelvis_height)", "pelvis_height", "None"):
        ("knee_flexion", "neither driver given: the pair is named by its first"),
    ("stats.meta_analysis (se)", "se", "None"):
        ("variances", "neither variances nor se given: the pair is named by its first"),
    ("plot.bland_altman", "b", "None"):
        ("result", "without 'b', 'result' must be a BlandAltmanResult"),
    ("signal.time_normalise", "end", "None"):
        ("begin", "without 'end', 'begin' must be a list of (begin, end) cycles"),
    **{(f"stats.{f}", "counts", label): ("table", "the counts are read as the 2 x 2 'table'")
       for f in ("odds_ratio", "relative_risk", "risk_difference")
       for label in ("True", "complex", "'100'", "None", "inf", "object array", "bool array",
                     "complex array")},
}

#: Public functions of the walked modules that the table does not call, and why.
SKIPPED = {
    "pelvis.drop_windows": "takes events only (no numeric argument)",
    "pelvis.drops_to_dataframe": "takes StanceDrop results only",
}


def _bad_values(valid: Any) -> list[tuple[str, Any]]:
    a = np.asarray(valid) if isinstance(valid, (np.ndarray, list, tuple)) else np.array([1.0, 2.0])
    if a.dtype.kind not in "iuf":
        a = np.array([1.0, 2.0])
    return [("True", True), ("complex", 1 + 2j), ("'100'", "100"), ("None", None),
            ("inf", math.inf), ("object array", a.astype(object)),
            ("bool array", a.astype(bool)), ("complex array", a.astype(complex))]


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    if plt is not None:
        plt.close("all")


PARAMS = [pytest.param(case, arg, label, bad, id=f"{case.name}-{arg}-{label}")
          for case in CASES for arg in case.args + case.flags
          for label, bad in _bad_values(case.kwargs.get(arg))
          if not (arg in case.flags and label == "True")]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_valid_call(case: Case) -> None:
    case.run(dict(case.kwargs))


@pytest.mark.parametrize("case, arg, label, bad", PARAMS)
def test_bad_value_is_refused_naming_the_argument(case: Case, arg: str, label: str,
                                                  bad: Any) -> None:
    kwargs = dict(case.kwargs)
    kwargs[arg] = bad
    if (case.name, arg, label) in ALLOWED:
        case.run(kwargs)
        return
    with pytest.raises((TypeError, ValueError)) as info:
        case.run(kwargs)
    name = NAMED_OTHERWISE.get((case.name, arg, label), (arg,))[0]
    # 'NAME', 'NAME[i]' (an element) or 'options.NAME' (a field the core checks)
    assert re.search(rf"'(\w+\.)?{re.escape(name)}\b", str(info.value)), str(info.value)
