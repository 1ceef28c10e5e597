"""
hipmech compiled core (use the hipmech package, not this module, directly)
"""
from __future__ import annotations
import collections.abc
import enum
import hipmech
import numpy
import numpy.typing
import typing
__all__: list[str] = ['CardanSequence', 'LabAxes', 'STREAM_EVENT_COLUMNS', 'STREAM_FRAME_COLUMNS', 'STREAM_KEYPOINT_FRAME_COLUMNS', 'STREAM_STANCE_COLUMNS', 'SegmentAxis', 'Side', 'StreamCausalButterworth', 'StreamEvent', 'StreamKeypointFrame', 'StreamKeypointSession', 'StreamPigFrame', 'StreamPigSession', 'StreamStanceSummary', 'UNCERTAINTY_SOURCES', 'clinic_hip_abductor_strength', 'clinic_hop_tests', 'clinic_plausible_ranges', 'clinic_programme_change', 'clinic_single_leg_squat_2d', 'clinic_single_leg_squat_3d', 'clinic_single_leg_stance_2d', 'clinic_single_leg_stance_3d', 'clinic_y_balance', 'count_missing_frames', 'dynamics_bsp_table', 'dynamics_clinical_moments', 'dynamics_lower_limb_trial', 'dynamics_newton_euler_2d', 'dynamics_newton_euler_3d', 'dynamics_segment_inertia', 'dynamics_segment_motion', 'events_find_maxima', 'events_find_minima', 'events_from_force_plates', 'events_from_kinematics', 'events_from_trial_events', 'events_gait_cycles', 'events_merge', 'events_single_limb_support_windows', 'events_stance_windows', 'events_swing_windows', 'format_marker_map', 'geometry_compose', 'geometry_decompose', 'geometry_frames_from_vectors', 'geometry_jcs_angles', 'geometry_max_orthonormality_error', 'geometry_relative_rotations', 'geometry_to_lab', 'geometry_to_segment', 'hip_abductor_line_from_points', 'hip_analyse_mvic', 'hip_cane_force_for_zero_abductor', 'hip_dynamometer_torque', 'hip_gravity_torque', 'hip_grf_lever_arm_moment', 'hip_partial_body_lever_arm_from_hip_centres', 'hip_pauwels', 'hip_pauwels_defaults', 'hip_point_after_pelvic_drop', 'hip_summarise_sides', 'knee_angles', 'knee_find_repetitions', 'knee_flexion_crosstalk', 'knee_fppa_2d', 'knee_fppa_3d', 'knee_medial_displacement_2d', 'knee_medial_displacement_3d', 'knee_per_repetition', 'knee_project_frontal', 'knee_separation_ratio_2d', 'knee_separation_ratio_3d', 'make_force_plate', 'missing_frames', 'model_bone_marker_frames', 'model_chord_function', 'model_chord_rotation', 'model_hip_joint_centre', 'model_isb_lower_body', 'model_joint_angles', 'model_pig_ankle_angles', 'model_pig_foot_progression_angles', 'model_pig_parameters_from_subject', 'model_plug_in_gait', 'model_plug_in_gait_static', 'parse_marker_map', 'parse_side', 'pelvis_angles', 'pelvis_angles_raw', 'pelvis_contralateral_drop', 'pelvis_contralateral_drop_events', 'pelvis_convert_angles', 'pelvis_detect_progression', 'pelvis_drop_windows', 'pelvis_obliquity_2d', 'pelvis_progression_from_axis', 'pelvis_progression_from_orientation', 'pelvis_rotations', 'pelvis_static_obliquity', 'read_c3d', 'read_c3d_bytes', 'read_keypoints_csv', 'read_storage', 'read_trc', 'renamed_point_names', 'report_analyse', 'signal_butter', 'signal_butter_sos', 'signal_corrected_cutoff_hz', 'signal_derivative', 'signal_fill_gaps', 'signal_filtfilt', 'signal_find_gaps', 'signal_lfilter_zi', 'signal_pass_correction_factor', 'signal_residual_analysis', 'signal_sosfiltfilt', 'signal_time_normalise', 'signal_time_normalise_cycles', 'signal_zero_lag_butterworth', 'spm_fwhm', 'spm_test', 'stats_asymmetry', 'stats_asymmetry_reasons', 'stats_bland_altman', 'stats_bootstrap', 'stats_bootstrap_callable', 'stats_bootstrap_indices', 'stats_bootstrap_interval', 'stats_change', 'stats_cohen_dav', 'stats_cohen_dz', 'stats_combine_trials', 'stats_describe', 'stats_glass_delta', 'stats_hedges_j', 'stats_icc', 'stats_icc_value', 'stats_meta_analysis', 'stats_meta_analysis_se', 'stats_odds_ratio', 'stats_relative_risk', 'stats_reliability', 'stats_risk_difference', 'stats_smd_from_summary', 'stats_standardized_mean_difference', 'stats_ttest_independent', 'stats_ttest_one_sample', 'stats_ttest_paired', 'subject_fields', 'subject_from_named', 'suggest_marker_map', 'synth_walking', 'uncertainty_default_marker_noise_m', 'uncertainty_hip_centre_error', 'uncertainty_marker_noise_from_residuals', 'uncertainty_max_monte_carlo_draws', 'uncertainty_propagate', 'uncertainty_resolve_model', 'write_c3d', 'write_c3d_bytes', 'write_storage', 'write_trc']
class Side(enum.Enum):
    """
    Body side of a side-specific quantity. Functions that take a side also
    accept the strings 'left'/'right' (or 'L'/'R', any case).
    """
    LEFT: typing.ClassVar[Side]
    RIGHT: typing.ClassVar[Side]
    @classmethod
    def __new__(cls, value):
        ...
class LabAxes:
    """
    Orientation of the lab frame relative to the body.
    
    ``up`` is the lab axis pointing up (against gravity), ``forward`` the lab axis pointing in
    the nominal direction of progression; ``right = forward x up`` completes a right-handed set.
    The ISB-aligned lab frame is X forward, Y up, Z right (Wu & Cavanagh 1995).
    
    Parameters
    ----------
    up : str
        "X", "+Y", "-Z", ... (case-insensitive). Default "Z" (Vicon/Qualisys C3D).
    forward : str
        Axis perpendicular to ``up``. Default "X".
    
    Raises
    ------
    InvalidArgumentError
        (a ValueError) naming ``up`` or ``forward`` for an unknown axis or ``forward`` along ``up``.
    
    Examples
    --------
    >>> lab = LabAxes(up="Z", forward="X")
    >>> lab.right
    '-Y'
    """
    def __eq__(self, arg0: LabAxes) -> bool:
        ...
    def __hash__(self) -> int:
        ...
    def __init__(self, up: str = 'Z', forward: str = 'X') -> None:
        ...
    def __ne__(self, arg0: LabAxes) -> bool:
        ...
    def __reduce__(self) -> tuple[type, tuple[str, str]]:
        ...
    def __repr__(self) -> str:
        ...
    def from_isb(self, points_isb: numpy.typing.ArrayLike) -> typing.Annotated[numpy.typing.NDArray[numpy.float64], "[m, 3]"]:
        """
        Inverse of :meth:`to_isb`: from ISB-aligned axes back to lab coordinates.
        
        Parameters
        ----------
        points_isb : array_like, shape (n_frames, 3)
        
        Returns
        -------
        numpy.ndarray, shape (n_frames, 3)
        """
    def height(self, points_lab: numpy.typing.ArrayLike) -> typing.Annotated[numpy.typing.NDArray[numpy.float64], "[m, 1]"]:
        """
        Component of each frame along ``up`` (height).
        
        Parameters
        ----------
        points_lab : array_like, shape (n_frames, 3)
            Lab-frame positions [m].
        
        Returns
        -------
        numpy.ndarray, shape (n_frames,)
            Heights [m]; NaN where the frame is missing.
        """
    def to_isb(self, points_lab: numpy.typing.ArrayLike) -> typing.Annotated[numpy.typing.NDArray[numpy.float64], "[m, 3]"]:
        """
        Re-express positions or vectors in ISB-aligned lab axes (X forward, Y up, Z right).
        
        Exact: a signed permutation of the columns. NaN frames stay NaN.
        
        Parameters
        ----------
        points_lab : array_like, shape (n_frames, 3)
            Lab-frame coordinates, any unit. A C-contiguous float64 array is read without a copy.
        
        Returns
        -------
        numpy.ndarray, shape (n_frames, 3)
            The same points in ISB-aligned axes, same unit.
        """
    @property
    def R_isb_lab(self) -> typing.Annotated[numpy.typing.NDArray[numpy.float64], "[3, 3]"]:
        """
        (3, 3) rotation from lab to ISB-aligned axes: v_isb = R_isb_lab @ v_lab. A signed permutation matrix.
        """
    @property
    def forward(self) -> str:
        """
        Lab axis of the nominal direction of progression, e.g. '+X'.
        """
    @property
    def right(self) -> str:
        """
        Lab axis to the subject's right when facing forward (forward x up), e.g. '-Y'.
        """
    @property
    def up(self) -> str:
        """
        Lab axis pointing up, e.g. '+Z'.
        """
class CardanSequence(enum.Enum):
    """
    The twelve intrinsic rotation sequences. ``ZXY`` means R = R_z(a1) R_x(a2) R_y(a3),
    rotations about the moving (body-fixed) axes; the first six are Cardan (Tait-Bryan), the last six
    proper Euler sequences. scipy's ``Rotation.from_euler("ZXY", ...)`` (upper case) is the same
    convention.
    """
    XYX: typing.ClassVar[CardanSequence]
    XYZ: typing.ClassVar[CardanSequence]
    XZX: typing.ClassVar[CardanSequence]
    XZY: typing.ClassVar[CardanSequence]
    YXY: typing.ClassVar[CardanSequence]
    YXZ: typing.ClassVar[CardanSequence]
    YZX: typing.ClassVar[CardanSequence]
    YZY: typing.ClassVar[CardanSequence]
    ZXY: typing.ClassVar[CardanSequence]
    ZXZ: typing.ClassVar[CardanSequence]
    ZYX: typing.ClassVar[CardanSequence]
    ZYZ: typing.ClassVar[CardanSequence]
    @classmethod
    def __new__(cls, value):
        ...
class SegmentAxis(enum.Enum):
    """
    A segment axis (ISB: X anterior, Y superior, Z right).
    """
    X: typing.ClassVar[SegmentAxis]
    Y: typing.ClassVar[SegmentAxis]
    Z: typing.ClassVar[SegmentAxis]
    @classmethod
    def __new__(cls, value):
        ...
class StreamEvent:
    """
    A gait event found online (hipmech.stream): side, kind, frame, time_s, detected_frame (the push that reported it), source, plate.
    """
    def __repr__(self) -> str:
        ...
    @property
    def detected_frame(self) -> int:
        """
        The frame whose push reported the event (>= frame).
        """
    @property
    def frame(self) -> int:
        """
        The event's frame (0-based push count).
        """
    @property
    def kind(self) -> str:
        """
        'foot_strike' or 'foot_off'.
        """
    @property
    def plate(self) -> int:
        """
        0-based plate index; -1 for kinematics.
        """
    @property
    def side(self) -> Side:
        ...
    @property
    def source(self) -> str:
        """
        'plates' or 'kinematics'.
        """
    @property
    def time_s(self) -> float:
        """
        The time of `frame` [s].
        """
class StreamStanceSummary:
    """
    The summary of one stance [foot strike, foot off), emitted by the push that detects the foot off (hipmech.stream); angles in degrees, NaN when not computed (see notes).
    """
    def __repr__(self) -> str:
        ...
    @property
    def detected_frame(self) -> int:
        """
        The frame whose push emitted the summary.
        """
    @property
    def foot_off_frame(self) -> int:
        """
        One past the stance's last frame.
        """
    @property
    def foot_off_time_s(self) -> float:
        ...
    @property
    def foot_strike_frame(self) -> int:
        ...
    @property
    def foot_strike_time_s(self) -> float:
        ...
    @property
    def hip_adduction_deg(self) -> float:
        """
        Peak hip adduction over the stance [deg] (adduction +).
        """
    @property
    def knee_valgus_deg(self) -> float:
        """
        Peak knee valgus over the stance [deg] (valgus +).
        """
    @property
    def note(self) -> int:
        """
        Bit flags: why a value is NaN (0: none).
        """
    @property
    def notes(self) -> list[str]:
        """
        Why a value is NaN, in words (empty when complete).
        """
    @property
    def pelvic_drop_deg(self) -> float:
        """
        Peak contralateral pelvic drop over single support [deg] (this side's obliquity; positive = swing side lower).
        """
    @property
    def pelvic_drop_frame(self) -> int:
        ...
    @property
    def side(self) -> Side:
        ...
    @property
    def single_support_begin(self) -> int:
        """
        Single-limb support [begin, end) inside the stance; -1 when unknown.
        """
    @property
    def single_support_end(self) -> int:
        ...
    @property
    def stance(self) -> int:
        """
        1, 2, ... per side, in emitted order.
        """
    @property
    def stance_time_s(self) -> float:
        """
        foot_off_time_s - foot_strike_time_s [s].
        """
class StreamPigFrame:
    """
    One frame of a hipmech.stream.Session, angles in degrees with the report's curve names; per side a (left, right) tuple. NaN where a marker the angle needs is missing.
    """
    def __repr__(self) -> str:
        ...
    def to_dict(self) -> dict:
        """
        The frame's numbers as a flat dict: frame, time_s, pelvic_tilt_deg, left_pelvic_obliquity_deg, right_pelvic_obliquity_deg, ... (hipmech.stream.FRAME_COLUMNS).
        """
    @property
    def events(self) -> list[StreamEvent]:
        """
        The gait events this push detected (list of StreamEvent).
        """
    @property
    def frame(self) -> int:
        """
        0-based count of pushed frames.
        """
    @property
    def hip_adduction_deg(self) -> tuple:
        """
        (left, right) hip adduction + / abduction - [deg].
        """
    @property
    def hip_flexion_deg(self) -> tuple:
        """
        (left, right) hip flexion + [deg].
        """
    @property
    def hip_rotation_deg(self) -> tuple:
        """
        (left, right) hip internal rotation + [deg].
        """
    @property
    def knee_flexion_deg(self) -> tuple:
        """
        (left, right) knee flexion + [deg].
        """
    @property
    def knee_rotation_deg(self) -> tuple:
        """
        (left, right) knee internal rotation + [deg].
        """
    @property
    def knee_valgus_deg(self) -> tuple:
        """
        (left, right) knee valgus + / varus - [deg].
        """
    @property
    def pelvic_obliquity_deg(self) -> tuple:
        """
        (left, right) pelvic obliquity, this side up + [deg].
        """
    @property
    def pelvic_rotation_deg(self) -> tuple:
        """
        (left, right) pelvic rotation, this side forward + [deg].
        """
    @property
    def pelvic_tilt_deg(self) -> float:
        """
        Pelvic tilt (anterior +) [deg], Baker (2001) relative to the progression frame.
        """
    @property
    def stances(self) -> list[StreamStanceSummary]:
        """
        The stance summaries this push completed (list of StreamStanceSummary).
        """
    @property
    def time_s(self) -> float:
        """
        The frame's time [s].
        """
class StreamKeypointFrame:
    """
    One frame of a hipmech.stream.KeypointSession [deg], per side a (left, right) tuple.
    """
    def __repr__(self) -> str:
        ...
    def to_dict(self) -> dict:
        """
        The frame as a flat dict (hipmech.stream.KEYPOINT_FRAME_COLUMNS).
        """
    @property
    def fppa_deg(self) -> tuple:
        """
        (left, right) knee frontal plane projection angle, valgus + [deg] (knee.fppa).
        """
    @property
    def frame(self) -> int:
        ...
    @property
    def pelvic_obliquity_deg(self) -> tuple:
        """
        (left, right) 2-D pelvic obliquity, this side higher + [deg] (pelvis.drop_2d).
        """
    @property
    def time_s(self) -> float:
        ...
class StreamPigSession:
    """
    Real-time Plug-in Gait session (raw; use hipmech.stream.Session).
    """
    def __init__(self, options: dict) -> None:
        ...
    def close(self) -> dict:
        """
        Ends the session (further pushes raise; idempotent) and returns what closing released: {'events': [...], 'stances': [...]} (PigSession::closing_reports: the Zeni extremes held at the end and the stance summaries they complete, then the summaries still pending, released with the events known).
        """
    def push(self, markers: typing.Any, time_s: typing.SupportsFloat | typing.SupportsIndex | None = None, plates: typing.Any = None) -> StreamPigFrame:
        """
        Pushes one frame (n_markers, 3) [m]; returns a copy of its StreamPigFrame.
        """
    def push_many(self, markers: typing.Any, times: typing.Any = None, plates: typing.Any = None) -> dict:
        """
        Pushes (n_frames, n_markers, 3) markers, the loop in C++ with the GIL released; returns {'frames': (n_frames, 19) array, 'events': [...], 'stances': [...]}.
        """
    @property
    def closed(self) -> bool:
        ...
    @property
    def closing_reports(self) -> dict:
        """
        What close() released, {'events': [...], 'stances': [...]} (empty before close).
        """
    @property
    def event_delay_bound_s(self) -> float:
        ...
    @property
    def filter_delay_frames(self) -> int:
        ...
    @property
    def filter_delay_s(self) -> float:
        ...
    @property
    def last(self) -> StreamPigFrame:
        """
        The last frame pushed (a copy; frame -1 before the first push).
        """
    @property
    def marker_names(self) -> list[str]:
        ...
    @property
    def n_events_out_of_sequence(self) -> int:
        """
        Events left out: the same kind as the foot's previous event.
        """
    @property
    def n_frames(self) -> int:
        ...
    @property
    def n_frames_against_forward(self) -> int:
        """
        Frames whose pelvis faces against the progression's forward.
        """
    @property
    def n_frames_filled(self) -> int:
        """
        Frames processed as missing for time gaps.
        """
    @property
    def n_frames_pelvis_valid(self) -> int:
        """
        Frames whose pelvis markers were all present.
        """
    @property
    def n_plates(self) -> int:
        ...
    @property
    def n_summaries_dropped_at_close(self) -> int:
        """
        Pending summaries close() dropped (value frames not in).
        """
    @property
    def notes(self) -> list[str]:
        ...
    @property
    def open_swing_wait_frames(self) -> int:
        ...
    @property
    def parameters(self) -> dict:
        ...
    @property
    def rate_hz(self) -> float:
        ...
    @property
    def samples_per_frame(self) -> int:
        ...
    @property
    def summary_delay_bound_s(self) -> float:
        ...
class StreamKeypointSession:
    """
    Real-time 2-D keypoint session (raw; use hipmech.stream.KeypointSession).
    """
    def __init__(self, options: dict) -> None:
        ...
    def close(self) -> None:
        ...
    def push(self, keypoints: typing.Any, time_s: typing.SupportsFloat | typing.SupportsIndex | None = None) -> StreamKeypointFrame:
        """
        Pushes one frame (n_keypoints, 2); returns a copy of its StreamKeypointFrame.
        """
    def push_many(self, keypoints: typing.Any, times: typing.Any = None) -> dict:
        """
        Pushes (n_frames, n_keypoints, 2), the loop in C++ with the GIL released.
        """
    @property
    def closed(self) -> bool:
        ...
    @property
    def filter_delay_s(self) -> float:
        ...
    @property
    def n_frames(self) -> int:
        ...
    @property
    def names(self) -> list[str]:
        ...
    @property
    def notes(self) -> list[str]:
        ...
    @property
    def rate_hz(self) -> float:
        ...
class StreamCausalButterworth:
    """
    Causal Butterworth low-pass, sample by sample (raw; use hipmech.stream.CausalButterworth).
    """
    def __init__(self, n_channels: typing.SupportsInt | typing.SupportsIndex, rate_hz: typing.SupportsFloat | typing.SupportsIndex, cutoff_hz: typing.SupportsFloat | typing.SupportsIndex, order: typing.SupportsInt | typing.SupportsIndex = 2) -> None:
        ...
    def reset(self) -> None:
        ...
    def run(self, x: numpy.typing.ArrayLike) -> numpy.ndarray:
        """
        Filters (n_samples, n_channels), continuing the state.
        """
    def step(self, x: numpy.typing.ArrayLike) -> numpy.ndarray:
        """
        Filters one sample of every channel, shape (n_channels,).
        """
    @property
    def a(self) -> numpy.ndarray:
        ...
    @property
    def b(self) -> numpy.ndarray:
        ...
    @property
    def delay_s(self) -> float:
        ...
    @property
    def n_channels(self) -> int:
        ...
def _raise(kind: str) -> None:
    """
    Internal, for tests: throw one of the C++ exception types.
    """
def _trajectory_view(points: numpy.typing.ArrayLike, allow_nan: bool = True) -> tuple[int, bool]:
    """
    Internal, for tests: convert ``points`` as every trajectory argument is converted and
    return (address of the data C++ sees, whether a copy was made).
    """
def clinic_hip_abductor_strength(left: collections.abc.Sequence[typing.SupportsFloat | typing.SupportsIndex], right: collections.abc.Sequence[typing.SupportsFloat | typing.SupportsIndex], quantity: str, setup: dict | None, body_mass_kg: typing.SupportsFloat | typing.SupportsIndex, summary: str, involved: str | None, lsi_cutoff_percent: typing.SupportsFloat | typing.SupportsIndex) -> dict:
    """
    Hip-abductor strength, LSI and flag (raw; use hipmech.clinic.hip_abductor_strength).
    """
def clinic_hop_tests(left: dict, right: dict, involved: str | None, lsi_cutoff_percent: typing.SupportsFloat | typing.SupportsIndex, trials: str) -> dict:
    """
    Hop-test LSIs and flags (raw; use hipmech.clinic.hop_tests).
    """
def clinic_plausible_ranges() -> dict:
    """
    The plausible ranges of the clinic scores' inputs (raw; hipmech.clinic.PLAUSIBLE_RANGES).
    """
def clinic_programme_change(baseline: typing.SupportsFloat | typing.SupportsIndex, follow_up: typing.SupportsFloat | typing.SupportsIndex, sem: typing.SupportsFloat | typing.SupportsIndex = ..., icc: typing.SupportsFloat | typing.SupportsIndex = ..., sd: typing.SupportsFloat | typing.SupportsIndex = ..., mdc: typing.SupportsFloat | typing.SupportsIndex = ..., higher_is_better: bool = True, confidence: typing.SupportsFloat | typing.SupportsIndex = 0.95, name: str = 'value', unit: str = '') -> dict:
    """
    Change against the minimal detectable change (raw; use hipmech.clinic.programme_change).
    """
def clinic_single_leg_squat_2d(names: typing.Any, frames: numpy.typing.ArrayLike, points_px: dict, side: hipmech.Side | str, rate_hz: typing.SupportsFloat | typing.SupportsIndex, view: str, options: dict) -> dict:
    """
    Single-leg squat from 2-D frontal keypoints (the fields of hipmech.io.Keypoints2D).
    ``options``: baseline_s, min_excursion_leg_lengths, onset_fraction, fppa_cutoff_deg,
    pelvic_drop_cutoff_deg, filter_cutoff_hz, max_gap_s, fppa_noise_limit_deg,
    min_hip_width_leg_lengths, narrow_hip_width_leg_lengths. Returns a dict of the result's
    fields.
    """
def clinic_single_leg_squat_3d(hip_left_lab: numpy.typing.ArrayLike, hip_right_lab: numpy.typing.ArrayLike, knee_lab: numpy.typing.ArrayLike, ankle_lab: numpy.typing.ArrayLike, R_lab_pelvis: numpy.typing.ArrayLike, side: hipmech.Side | str, lab_axes: LabAxes, rate_hz: typing.SupportsFloat | typing.SupportsIndex, start_time_s: typing.SupportsFloat | typing.SupportsIndex, options: dict) -> dict:
    """
    Single-leg squat from 3-D joint centres [m] and pelvis axes (n, 3, 3).
    ``options`` as clinic_single_leg_squat_2d. Returns a dict of the result's fields.
    """
def clinic_single_leg_stance_2d(names: typing.Any, frames: numpy.typing.ArrayLike, points_px: dict, rate_hz: typing.SupportsFloat | typing.SupportsIndex, stance_side: typing.Any, options: dict) -> dict:
    """
    Single-leg stance (Trendelenburg test) from 2-D frontal keypoints (the fields of
    hipmech.io.Keypoints2D). ``options``: lift_threshold_leg_lengths, release_fraction,
    baseline_s, drop_cutoff_deg, hold_cutoff_s, filter_cutoff_hz, max_gap_s, sustained_s,
    min_hip_width_leg_lengths, narrow_hip_width_leg_lengths. Returns a dict of the result's
    fields.
    """
def clinic_single_leg_stance_3d(markers: typing.Any, lab_axes: LabAxes, rate_hz: typing.SupportsFloat | typing.SupportsIndex, start_time_s: typing.SupportsFloat | typing.SupportsIndex, stance_side: typing.Any, options: dict) -> dict:
    """
    Single-leg stance (Trendelenburg test) from 3-D markers (dict name -> (n, 3) [m]).
    ``options``: lift_threshold_m, release_fraction, baseline_s, drop_cutoff_deg, hold_cutoff_s,
    filter_cutoff_hz, max_gap_s, sustained_s.
    Returns a dict of the result's fields (hipmech.clinic.single_leg_stance).
    """
def clinic_y_balance(left: dict, right: dict, left_limb_length_cm: typing.SupportsFloat | typing.SupportsIndex, right_limb_length_cm: typing.SupportsFloat | typing.SupportsIndex, one_limb_length: bool, trials: str, composite_cutoff_percent: typing.SupportsFloat | typing.SupportsIndex, anterior_difference_cutoff_cm: typing.SupportsFloat | typing.SupportsIndex) -> dict:
    """
    Y-Balance scores and flags (raw; use hipmech.clinic.y_balance).
    """
def count_missing_frames(points: numpy.typing.ArrayLike) -> int:
    """
    Number of frames that hold at least one NaN.
    
    Parameters
    ----------
    points : array_like, shape (n_frames, 3)
    
    Returns
    -------
    int
    """
def dynamics_bsp_table(table: str) -> dict:
    """
    One body-segment-parameter table (raw; use hipmech.dynamics.bsp_table).
    """
def dynamics_clinical_moments(moment_nm: numpy.typing.ArrayLike, R_lab_proximal: numpy.typing.ArrayLike, R_lab_distal: numpy.typing.ArrayLike, side: typing.Any, joint: str, frame: str) -> numpy.ndarray:
    """
    Moments resolved on a frame; clinical components when side is given (raw).
    """
def dynamics_lower_limb_trial(trial: dict, plates: list, parameters: dict, body_mass_kg: typing.SupportsFloat | typing.SupportsIndex, events: typing.Any, cutoff_hz: typing.SupportsFloat | typing.SupportsIndex, force_cutoff_hz: typing.Any, order: typing.SupportsInt | typing.SupportsIndex, table: str, frame: str, external: bool, inertial: bool, cop_margin_m: typing.SupportsFloat | typing.SupportsIndex, g_mps2: typing.SupportsFloat | typing.SupportsIndex, force_resampling: str = 'sample') -> dict:
    """
    Inverse dynamics of both legs of a Plug-in Gait trial (raw; use hipmech.dynamics.inverse_dynamics).
    """
def dynamics_newton_euler_2d(segments: list, force_n: numpy.typing.ArrayLike, point_m: numpy.typing.ArrayLike, moment_nm: numpy.typing.ArrayLike, rate_hz: typing.SupportsFloat | typing.SupportsIndex, gravity_mps2: typing.Any, inertial: bool = True, weight: bool = True) -> list:
    """
    Planar bottom-up Newton-Euler (raw; use hipmech.dynamics.newton_euler_2d).
    """
def dynamics_newton_euler_3d(segments: list, force_n: numpy.typing.ArrayLike, point_m: numpy.typing.ArrayLike, moment_nm: numpy.typing.ArrayLike, rate_hz: typing.SupportsFloat | typing.SupportsIndex, gravity_mps2: typing.Any, inertial: bool = True, weight: bool = True, form: str = 'vector') -> list:
    """
    3-D bottom-up Newton-Euler (raw; use hipmech.dynamics.newton_euler_3d).
    """
def dynamics_segment_inertia(table: str, segment: str, body_mass_kg: typing.SupportsFloat | typing.SupportsIndex, proximal_m: typing.Any, distal_m: typing.Any, side: typing.Any) -> dict:
    """
    Scale one table row to a subject (raw; use hipmech.dynamics.segment_inertia).
    """
def dynamics_segment_motion(R_lab_segment: numpy.typing.ArrayLike, origin_m: numpy.typing.ArrayLike, com_local_m: typing.Any, rate_hz: typing.SupportsFloat | typing.SupportsIndex) -> dict:
    """
    Segment kinematics for inverse dynamics (raw; use hipmech.dynamics.segment_motion).
    """
def events_find_maxima(x: numpy.typing.ArrayLike, min_distance: typing.SupportsInt | typing.SupportsIndex = 1) -> list[int]:
    """
    Local maxima of ``x`` thinned to ``min_distance`` samples (scipy.signal.find_peaks rule).
    """
def events_find_minima(x: numpy.typing.ArrayLike, min_distance: typing.SupportsInt | typing.SupportsIndex = 1) -> list[int]:
    """
    Local minima of ``x`` (maxima of -x).
    """
def events_from_force_plates(force_plates: list, analog_rate_hz: typing.SupportsFloat | typing.SupportsIndex, markers: typing.Any, point_rate_hz: typing.SupportsFloat | typing.SupportsIndex, lab_axes: LabAxes, threshold_n: typing.SupportsFloat | typing.SupportsIndex = 20.0, min_contact_s: typing.SupportsFloat | typing.SupportsIndex = 0.05, max_cop_distance_m: typing.SupportsFloat | typing.SupportsIndex = 0.15, foot_height_max_m: typing.SupportsFloat | typing.SupportsIndex = 0.1, plate_margin_m: typing.SupportsFloat | typing.SupportsIndex = 0.02, left_foot: collections.abc.Sequence[str] = ['LHEE', 'LTOE', 'LANK'], right_foot: collections.abc.Sequence[str] = ['RHEE', 'RTOE', 'RANK']) -> dict:
    """
    Foot strikes and foot offs from force plates (see hipmech.events.from_force_plates).
    
    Parameters
    ----------
    force_plates : list of (force_n, cop_m, corners_m)
        Per plate: (n_samples, 3) ground reaction on the body [N] and centre of pressure [m] in
        the lab frame at the analog rate, and the (4, 3) surface corners [m].
    analog_rate_hz, point_rate_hz : float
        Rates of the plates and of the markers [Hz].
    markers : dict of str to array_like (n_frames, 3)
        Marker trajectories in the lab frame [m], NaN where missing.
    lab_axes : LabAxes
    
    Returns
    -------
    dict
        ``events`` (tuples side, kind, frame, time_s, source), ``contacts`` and ``rejected``
        (dicts; rejected ones carry ``reason`` and ``message``).
    """
def events_from_kinematics(markers: typing.Any, point_rate_hz: typing.SupportsFloat | typing.SupportsIndex, lab_axes: LabAxes, left_heel: str = 'LHEE', left_toe: str = 'LTOE', right_heel: str = 'RHEE', right_toe: str = 'RTOE', sacrum: collections.abc.Sequence[str] = [], progression: typing.Any = 'auto', min_separation_s: typing.SupportsFloat | typing.SupportsIndex = 0.3, min_displacement_m: typing.SupportsFloat | typing.SupportsIndex = 0.2) -> dict:
    """
    Zeni et al. (2008) foot strikes and foot offs (see hipmech.events.from_kinematics).
    
    Returns
    -------
    dict
        ``events`` (tuples side, kind, frame, time_s, source) and ``progression`` (the unit
        direction used, lab frame).
    """
def events_from_trial_events(events: list, point_rate_hz: typing.SupportsFloat | typing.SupportsIndex, first_frame: typing.SupportsInt | typing.SupportsIndex, n_frames: typing.SupportsInt | typing.SupportsIndex) -> dict:
    """
    Foot strikes and foot offs among a trial's events.
    
    Parameters
    ----------
    events : list of (label, context, time_s)
        time_s counts from frame 1 of the capture (C3D).
    
    Returns
    -------
    dict
        ``events`` (tuples side, kind, frame, time_s, source) and ``skipped`` (label, context,
        time_s, reason).
    """
def events_gait_cycles(events: typing.Any, side: hipmech.Side | str) -> list:
    """
    Gait cycles (side, begin, end) of ``side``: foot strike to the next foot strike.
    """
def events_merge(sources: collections.abc.Sequence, window_frames: typing.SupportsInt | typing.SupportsIndex, min_phase_frames: typing.SupportsInt | typing.SupportsIndex = 0) -> dict:
    """
    Gait events of several sources merged in priority order (hipmech::events::merge_events):
    a dict with 'events', 'dropped' ((event, reason, kept) tuples) and 'used_per_source'.
    """
def events_single_limb_support_windows(events: typing.Any, side: hipmech.Side | str) -> list:
    """
    Single-limb support windows (side, begin, end) of ``side``: inside its stance, the
    opposite foot's off to its next strike.
    """
def events_stance_windows(events: typing.Any, side: hipmech.Side | str) -> list:
    """
    Stance windows (side, begin, end) of ``side``: foot strike to the next foot off.
    """
def events_swing_windows(events: typing.Any, side: hipmech.Side | str) -> list:
    """
    Swing windows (side, begin, end) of ``side``: foot off to the next foot strike.
    """
def format_marker_map(old_to_new: collections.abc.Sequence[tuple[str, str]]) -> str:
    """
    The text form 'OLD=NEW,...' of (OLD, NEW) pairs, as parse_marker_map reads it.
    """
def geometry_compose(angles: numpy.typing.ArrayLike, sequence: typing.Any) -> numpy.ndarray:
    """
    Rotations from intrinsic angles: R = R_axis1(a1) R_axis2(a2) R_axis3(a3).
    
    Parameters
    ----------
    angles : array_like, shape (n_frames, 3)
        (a1, a2, a3) per frame [rad]. NaN rows give NaN matrices.
    sequence : CardanSequence or str
        One of the twelve intrinsic sequences, e.g. "ZXY".
    
    Returns
    -------
    numpy.ndarray, shape (n_frames, 3, 3)
    """
def geometry_decompose(R: numpy.typing.ArrayLike, sequence: typing.Any) -> numpy.ndarray:
    """
    Intrinsic angles of rotation matrices (the inverse of geometry_compose).
    
    Parameters
    ----------
    R : array_like, shape (n_frames, 3, 3)
        Rotation matrices (not checked for orthonormality). NaN frames give NaN rows.
    sequence : CardanSequence or str
    
    Returns
    -------
    numpy.ndarray, shape (n_frames, 3)
        [rad]; a1, a3 in (-pi, pi], a2 in [-pi/2, pi/2] (Cardan) or [0, pi] (Euler). At gimbal
        lock (|cos a2| or |sin a2| < 1e-12) a3 = 0.
    """
def geometry_frames_from_vectors(origin: numpy.typing.ArrayLike, v_primary: numpy.typing.ArrayLike, primary: typing.Any, v_secondary: numpy.typing.ArrayLike, secondary: typing.Any) -> tuple[numpy.ndarray, numpy.ndarray]:
    """
    Orthonormal right-handed segment frames from two vectors per frame.
    
    Parameters
    ----------
    origin, v_primary, v_secondary : array_like, shape (n_frames, 3)
        Origin [m] and two direction vectors in the lab frame.
    primary, secondary : SegmentAxis or str
        The axes the two vectors define ("X", "Y", "Z"); they must differ.
    
    Returns
    -------
    tuple of numpy.ndarray
        origin (n_frames, 3) [m] and R_lab_segment (n_frames, 3, 3); NaN for frames with NaN input,
        zero-length or parallel vectors.
    """
def geometry_jcs_angles(R_lab_proximal: numpy.typing.ArrayLike, R_lab_distal: numpy.typing.ArrayLike) -> numpy.ndarray:
    """
    Grood & Suntay (1983) joint angles with ISB axes (X anterior, Y superior, Z right).
    
    Parameters
    ----------
    R_lab_proximal, R_lab_distal : array_like, shape (n_frames, 3, 3)
        Segment axes (columns X, Y, Z) in the lab frame.
    
    Returns
    -------
    numpy.ndarray, shape (n_frames, 3)
        [rad]: about e1 = proximal Z, about the floating axis e2, about e3 = distal Y (the ZXY
        decomposition of the relative rotation). Raw right-handed angles, no clinical signs.
    """
def geometry_max_orthonormality_error(R: numpy.typing.ArrayLike) -> float:
    """
    Largest entry of |R^T R - I| over the frames (2 for a reflection); NaN frames skipped.
    
    Parameters
    ----------
    R : array_like, shape (n_frames, 3, 3)
    
    Returns
    -------
    float
    """
def geometry_relative_rotations(R_lab_a: numpy.typing.ArrayLike, R_lab_b: numpy.typing.ArrayLike) -> numpy.ndarray:
    """
    R_a_b = R_lab_a^T R_lab_b per frame (the orientation of b relative to a).
    
    Parameters
    ----------
    R_lab_a, R_lab_b : array_like, shape (n_frames, 3, 3)
    
    Returns
    -------
    numpy.ndarray, shape (n_frames, 3, 3)
    """
def geometry_to_lab(origin: numpy.typing.ArrayLike, R_lab_segment: numpy.typing.ArrayLike, points_segment: numpy.typing.ArrayLike) -> numpy.ndarray:
    """
    Points in lab coordinates: p_lab = origin + R_lab_segment p_seg.
    
    Parameters
    ----------
    origin : array_like, shape (n_frames, 3)
    R_lab_segment : array_like, shape (n_frames, 3, 3)
    points_segment : array_like, shape (n_frames, 3)
    
    Returns
    -------
    numpy.ndarray, shape (n_frames, 3)
    """
def geometry_to_segment(origin: numpy.typing.ArrayLike, R_lab_segment: numpy.typing.ArrayLike, points_lab: numpy.typing.ArrayLike) -> numpy.ndarray:
    """
    Points in segment coordinates: p_seg = R_lab_segment^T (p_lab - origin).
    
    Parameters
    ----------
    origin : array_like, shape (n_frames, 3)
    R_lab_segment : array_like, shape (n_frames, 3, 3)
    points_lab : array_like, shape (n_frames, 3)
    
    Returns
    -------
    numpy.ndarray, shape (n_frames, 3)
    """
def hip_abductor_line_from_points(points: dict) -> tuple[float, float]:
    """
    Abductor lever arm and angle from origin and insertion (raw).
    """
def hip_analyse_mvic(torque_nm: numpy.typing.ArrayLike, rate_hz: typing.SupportsFloat | typing.SupportsIndex, baseline_begin_s: typing.SupportsFloat | typing.SupportsIndex, baseline_duration_s: typing.SupportsFloat | typing.SupportsIndex, onset_rule: str, onset_threshold: typing.SupportsFloat | typing.SupportsIndex, onset_sample: typing.SupportsInt | typing.SupportsIndex, plateau_windows_s: collections.abc.Sequence[typing.SupportsFloat | typing.SupportsIndex], rtd_windows_ms: collections.abc.Sequence[typing.SupportsFloat | typing.SupportsIndex], peak_rtd_window_ms: typing.SupportsFloat | typing.SupportsIndex) -> dict:
    """
    Peak, plateaus, onset and rate of torque development (raw; use hipmech.hip.analyse_mvic).
    """
def hip_cane_force_for_zero_abductor(input: dict) -> float:
    """
    Cane force that makes the abductor force zero [N] (raw).
    """
def hip_dynamometer_torque(force_n: numpy.typing.ArrayLike, setup: dict) -> numpy.ndarray:
    """
    Torque from a dynamometer force series [N m] (raw; use hipmech.hip.dynamometer_torque).
    """
def hip_gravity_torque(setup: dict) -> float:
    """
    The gravity correction of a dynamometer setup [N m] (raw).
    """
def hip_grf_lever_arm_moment(force_n: numpy.typing.ArrayLike, cop_m: numpy.typing.ArrayLike, joint_centre_m: numpy.typing.ArrayLike, free_moment_nm: typing.Any = None, external: bool = False) -> numpy.ndarray:
    """
    Quasi-static joint moment of the ground reaction (raw; use hipmech.hip.grf_lever_arm_moment).
    """
def hip_partial_body_lever_arm_from_hip_centres(hip_centre_distance_m: typing.SupportsFloat | typing.SupportsIndex, stance_limb_mass_fraction: typing.SupportsFloat | typing.SupportsIndex) -> float:
    """
    Lever arm of the partial body weight from the inter-hip-centre distance [m] (raw).
    """
def hip_pauwels(input: dict, points: typing.Any = None) -> dict:
    """
    Pauwels' single-leg-stance model (raw; use hipmech.hip.pauwels).
    """
def hip_pauwels_defaults() -> dict:
    """
    The defaults of PauwelsInput (Pauwels 1965 / Braune & Fischer).
    """
def hip_point_after_pelvic_drop(points: dict, pelvic_drop_rad: typing.SupportsFloat | typing.SupportsIndex) -> numpy.ndarray:
    """
    A frontal-plane point rotated by a contralateral pelvic drop about the hip (raw).
    """
def hip_summarise_sides(left_values: collections.abc.Sequence[typing.SupportsFloat | typing.SupportsIndex], right_values: collections.abc.Sequence[typing.SupportsFloat | typing.SupportsIndex]) -> tuple[dict, dict]:
    """
    Per-side best, mean and mean of the best two trials (raw).
    """
def knee_angles(R_lab_thigh: numpy.typing.ArrayLike, R_lab_shank: numpy.typing.ArrayLike, side: hipmech.Side | str) -> numpy.ndarray:
    """
    Knee flexion, adduction (varus), internal rotation [rad], (n, 3), Grood & Suntay JCS
    with per-side signs.
    """
def knee_find_repetitions(depth: numpy.typing.ArrayLike, min_excursion: typing.SupportsFloat | typing.SupportsIndex = ..., onset_fraction: typing.SupportsFloat | typing.SupportsIndex = 0.05) -> tuple[list, float]:
    """
    Repetitions of a depth signal by hysteresis. Returns (list of dict, min_excursion).
    """
def knee_flexion_crosstalk(flexion_rad: numpy.typing.ArrayLike, varus_rad: numpy.typing.ArrayLike, side: hipmech.Side | str, swing_windows: typing.Any = None, events: typing.Any = None, min_abs_correlation: typing.SupportsFloat | typing.SupportsIndex = 0.8, min_frontal_range_rad: typing.SupportsFloat | typing.SupportsIndex = 0.17453292519943295, min_flexion_range_rad: typing.SupportsFloat | typing.SupportsIndex = 0.3490658503988659, min_frames: typing.SupportsInt | typing.SupportsIndex = 10) -> dict:
    """
    Knee flexion cross-talk check over the swing frames of one knee: Pearson r of flexion
    and varus, ranges, slope, the axis misalignment theta of tan(varus) = tan(theta) sin(flexion)
    [rad], judged, suspected and a note. Give swing_windows (list of (side, begin, end)) or events
    (list of (side, kind, frame)). Returns a dict.
    """
def knee_fppa_2d(hip: numpy.typing.ArrayLike, knee: numpy.typing.ArrayLike, ankle: numpy.typing.ArrayLike, side: hipmech.Side | str, view: str = 'anterior', y_axis: str = 'down') -> tuple:
    """
    Signed FPPA from 2-D points [rad], positive = valgus on both sides (Willson & Davis
    2008). Returns (fppa_rad, missing_frames, degenerate_frames).
    """
def knee_fppa_3d(hip_lab: numpy.typing.ArrayLike, knee_lab: numpy.typing.ArrayLike, ankle_lab: numpy.typing.ArrayLike, side: hipmech.Side | str, R_lab_frame: numpy.typing.ArrayLike) -> tuple:
    """
    Signed FPPA from 3-D points projected onto the frontal (Y-Z) plane of a frame, given
    as (1, 3, 3) or (n, 3, 3) rotations (ISB axes). Returns (fppa_rad, missing, degenerate).
    """
def knee_medial_displacement_2d(hip: numpy.typing.ArrayLike, knee: numpy.typing.ArrayLike, ankle: numpy.typing.ArrayLike, side: hipmech.Side | str, view: str = 'anterior', y_axis: str = 'down') -> numpy.ndarray:
    """
    Signed distance of the knee from the hip-ankle line, positive medial [unit of the
    points].
    """
def knee_medial_displacement_3d(hip_lab: numpy.typing.ArrayLike, knee_lab: numpy.typing.ArrayLike, ankle_lab: numpy.typing.ArrayLike, side: hipmech.Side | str, R_lab_frame: numpy.typing.ArrayLike) -> numpy.ndarray:
    """
    Medial knee displacement in the frontal plane of a frame, positive medial [m].
    """
def knee_per_repetition(repetitions: typing.Any, values: numpy.typing.ArrayLike) -> tuple[list, dict, dict]:
    """
    A quantity per repetition ((begin, peak, end, complete) tuples) and across the
    complete ones. Returns (list of dict, at_peak_depth summary, peak summary).
    """
def knee_project_frontal(points_lab: numpy.typing.ArrayLike, R_lab_frame: numpy.typing.ArrayLike) -> numpy.ndarray:
    """
    3-D points as an orthographic anterior camera sees the frame's frontal plane, y up:
    (n, 2) = (-p.Z, p.Y).
    """
def knee_separation_ratio_2d(left_knee: numpy.typing.ArrayLike, right_knee: numpy.typing.ArrayLike, left_ankle: numpy.typing.ArrayLike, right_ankle: numpy.typing.ArrayLike, view: str = 'anterior') -> dict:
    """
    Knee-to-ankle separation ratio from 2-D frontal-view points (Noyes et al. 2005).
    """
def knee_separation_ratio_3d(left_knee_lab: numpy.typing.ArrayLike, right_knee_lab: numpy.typing.ArrayLike, left_ankle_lab: numpy.typing.ArrayLike, right_ankle_lab: numpy.typing.ArrayLike, R_lab_frame: numpy.typing.ArrayLike) -> dict:
    """
    Knee-to-ankle separation ratio from 3-D points, separations along the frame's Z.
    """
def make_force_plate(type: typing.SupportsInt | typing.SupportsIndex, corners_m: typing.Any, origin_m: typing.Any, force_n: numpy.typing.ArrayLike, moment_nm: numpy.typing.ArrayLike, calibration: typing.Any = None, cop_threshold_n: typing.SupportsFloat | typing.SupportsIndex = 10.0) -> dict:
    """
    A force plate from its definition and ground reaction (see hipmech.io.ForcePlate.from_wrench).
    """
def missing_frames(points: numpy.typing.ArrayLike) -> typing.Annotated[numpy.typing.NDArray[numpy.bool], "[m, 1]"]:
    """
    Flag the frames that hold at least one NaN (missing samples).
    
    Parameters
    ----------
    points : array_like, shape (n_frames, 3)
    
    Returns
    -------
    numpy.ndarray of bool, shape (n_frames,)
        True where the frame is missing.
    """
def model_bone_marker_frames(markers: dict, bone: str) -> tuple:
    """
    Segment frames (ISB axes) from Plug-in Gait bone markers {bone}O/A/P (raw; use hipmech.model.bone_marker_frames).
    """
def model_chord_function(wand: numpy.typing.ArrayLike, proximal_centre: numpy.typing.ArrayLike, lateral: numpy.typing.ArrayLike, offset_m: typing.SupportsFloat | typing.SupportsIndex, rotation_rad: typing.SupportsFloat | typing.SupportsIndex = 0.0) -> numpy.ndarray:
    """
    Plug-in Gait chord function (raw; use hipmech.model.chord_function).
    """
def model_chord_rotation(side: hipmech.Side | str, offset_rad: typing.SupportsFloat | typing.SupportsIndex) -> float:
    """
    Plug-in Gait's thigh/shank rotation offset as chord_function's rotation_rad (raw; use hipmech.model.chord_rotation).
    """
def model_hip_joint_centre(method: str, side: hipmech.Side | str, inter_asis_distance_m: typing.SupportsFloat | typing.SupportsIndex, pelvic_depth_m: typing.SupportsFloat | typing.SupportsIndex, leg_length_m: typing.SupportsFloat | typing.SupportsIndex, mean_leg_length_m: typing.SupportsFloat | typing.SupportsIndex, asis_trochanter_distance_m: typing.SupportsFloat | typing.SupportsIndex, marker_radius_m: typing.SupportsFloat | typing.SupportsIndex) -> numpy.ndarray:
    """
    Hip joint centre in the ISB pelvis frame [m] (raw; use hipmech.model.hip_joint_centre).
    """
def model_isb_lower_body(markers: dict, method: str, leg_length_m: typing.Annotated[collections.abc.Sequence[typing.SupportsFloat | typing.SupportsIndex], "FixedSize(2)"], asis_trochanter_distance_m: typing.Annotated[collections.abc.Sequence[typing.SupportsFloat | typing.SupportsIndex], "FixedSize(2)"], marker_diameter_m: typing.SupportsFloat | typing.SupportsIndex, pelvis_rear: str, names: typing.Annotated[collections.abc.Sequence[str], "FixedSize(4)"]) -> dict:
    """
    ISB lower body (raw; use hipmech.model.isb_lower_body).
    """
def model_joint_angles(R_lab_proximal: numpy.typing.ArrayLike, R_lab_distal: numpy.typing.ArrayLike, side: hipmech.Side | str, joint: str) -> numpy.ndarray:
    """
    Clinical hip, knee or ankle angles (raw; use hipmech.model.joint_angles).
    """
def model_pig_ankle_angles(R_lab_shank_malleolar: numpy.typing.ArrayLike, R_lab_foot: numpy.typing.ArrayLike, side: hipmech.Side | str) -> numpy.ndarray:
    """
    Plug-in Gait ankle angles (raw; use hipmech.model.PigLowerBody.ankle_angles).
    """
def model_pig_foot_progression_angles(R_lab_progression: numpy.typing.ArrayLike, R_lab_foot: numpy.typing.ArrayLike, side: hipmech.Side | str) -> numpy.ndarray:
    """
    Plug-in Gait foot progression angles (raw; use hipmech.model.PigLowerBody.foot_progression_angles).
    """
def model_pig_parameters_from_subject(subject: dict) -> dict:
    """
    Plug-in Gait parameters from a subject-parameters dict, with notes (raw; use hipmech.model.PigParameters.from_subject).
    """
def model_plug_in_gait(markers: dict, parameters: dict, pelvis_rear: str = 'auto', feet: bool = True) -> dict:
    """
    Plug-in Gait lower body (raw; use hipmech.model.plug_in_gait).
    
    Returns a dict: 'pelvis', 'thigh_left', ... as (origin (n, 3) [m], R_lab_segment (n, 3, 3)),
    'hip_centre_left', ... as (n, 3) [m], 'parameters' (the parameters used) and 'notes'.
    """
def model_plug_in_gait_static(static_markers: dict, parameters: dict, pelvis_rear: str = 'auto', flat_foot: typing.Annotated[collections.abc.Sequence[bool], "FixedSize(2)"] = [False, False], up: str = '+Z') -> dict:
    """
    Plug-in Gait static calibration (raw; use hipmech.model.plug_in_gait_static).
    """
def parse_marker_map(text: str, argument: str = 'marker_map') -> list[tuple[str, str]]:
    """
    (OLD, NEW) pairs from 'OLD=NEW,OLD2=NEW2' (raw; use hipmech.io.rename_markers). ValueError naming `argument` for malformed text, empty names or a name given twice.
    """
def parse_side(side: hipmech.Side | str, arg: str = 'side') -> Side:
    """
    Return the :class:`Side` for ``side``.
    
    Parameters
    ----------
    side : Side or str
        ``Side.LEFT``/``Side.RIGHT`` or one of "left", "right", "l", "r" (any case).
    arg : str
        Argument name used in the error message.
    
    Raises
    ------
    InvalidArgumentError
        (a ValueError) for anything else, naming ``arg``.
    """
def pelvis_angles(R_lab_pelvis: numpy.typing.ArrayLike, side: hipmech.Side | str, convention: str, R_lab_reference: numpy.typing.ArrayLike) -> numpy.ndarray:
    """
    Pelvis angles of one side in a named convention.
    
    Parameters
    ----------
    R_lab_pelvis : array_like, shape (n_frames, 3, 3)
        Pelvis axes in the lab frame (columns X anterior, Y superior, Z right; ISB). NaN frames
        give NaN rows. A C-contiguous float64 array is read without a copy.
    side : Side or str
        Side whose clinical signs apply (ignored for 'opensim').
    convention : str
        'plug-in-gait' (= 'tilt-obliquity-rotation', ZXY), 'baker' (= 'rotation-obliquity-tilt',
        YXZ) or 'opensim' (ZXY, raw signs).
    R_lab_reference : array_like, shape (3, 3)
        Reference axes in the lab (columns forward, up, right): the progression frame or the
        ISB-aligned lab axes.
    
    Returns
    -------
    numpy.ndarray, shape (n_frames, 3)
        Columns (tilt, obliquity, rotation) [rad]; OpenSim: (pelvis_tilt, pelvis_list,
        pelvis_rotation).
    """
def pelvis_angles_raw(R_lab_pelvis: numpy.typing.ArrayLike, sequence: typing.Any, R_lab_reference: numpy.typing.ArrayLike) -> numpy.ndarray:
    """
    Raw intrinsic angles of R_lab_reference^T R_lab_pelvis in any of the 12 sequences.
    
    Returns
    -------
    numpy.ndarray, shape (n_frames, 3)
        (a1, a2, a3) [rad], no sign change.
    """
def pelvis_contralateral_drop(obliquity: numpy.typing.ArrayLike, obliquity_side: hipmech.Side | str, stances: typing.Any, single_support: typing.Any, midstance: str = 'single_support', static_obliquity_rad: typing.SupportsFloat | typing.SupportsIndex = 0.0, trendelenburg_threshold_rad: typing.SupportsFloat | typing.SupportsIndex = ...) -> list:
    """
    Contralateral pelvic drop per stance from stance and single-support windows.
    
    Parameters
    ----------
    obliquity : array_like, shape (n_frames,)
        Obliquity of ``obliquity_side`` [rad], NaN = missing.
    obliquity_side : Side or str
    stances, single_support : list of (side, begin, end)
        Frame windows [begin, end).
    midstance : str
        'single_support' (middle of single-limb support) or 'half_stance'.
    static_obliquity_rad : float
        Static-trial obliquity of ``obliquity_side`` subtracted first [rad].
    trendelenburg_threshold_rad : float
        Flag threshold on the peak [rad]; NaN = no flag.
    
    Returns
    -------
    list of dict
        One per stance, in order: ``side``, ``stance`` and ``single_support`` as
        ``(side, begin, end)`` frame windows, ``peak_rad``, ``peak_frame``, ``peak_percent_stance``,
        ``midstance_rad``, ``midstance_frame``, ``midstance_percent_stance``, ``trendelenburg``
        (bool or None) and ``note`` (why a value is NaN; empty when complete).
    """
def pelvis_contralateral_drop_events(obliquity: numpy.typing.ArrayLike, obliquity_side: hipmech.Side | str, events: typing.Any, midstance: str = 'single_support', static_obliquity_rad: typing.SupportsFloat | typing.SupportsIndex = 0.0, trendelenburg_threshold_rad: typing.SupportsFloat | typing.SupportsIndex = ...) -> list:
    """
    Contralateral pelvic drop per stance from gait events, a list of (side, kind, frame) with kind 'foot_strike' or 'foot_off'; other parameters as pelvis_contralateral_drop.
    
    Returns
    -------
    list of dict
        One per stance, in order: ``side``, ``stance`` and ``single_support`` as
        ``(side, begin, end)`` frame windows, ``peak_rad``, ``peak_frame``, ``peak_percent_stance``,
        ``midstance_rad``, ``midstance_frame``, ``midstance_percent_stance``, ``trendelenburg``
        (bool or None) and ``note`` (why a value is NaN; empty when complete).
    """
def pelvis_convert_angles(angles: numpy.typing.ArrayLike, side: hipmech.Side | str, from_convention: str, to_convention: str) -> numpy.ndarray:
    """
    Convert (n, 3) pelvis angles [rad] of one side between conventions (recompose the
    rotation, decompose with the other sequence, apply its signs).
    """
def pelvis_detect_progression(pelvis_origin_lab: numpy.typing.ArrayLike, R_lab_pelvis: typing.Any, lab_axes: LabAxes, min_displacement_m: typing.SupportsFloat | typing.SupportsIndex = 0.8) -> dict:
    """
    Direction of progression (Plug-in Gait rule): the signed horizontal lab axis of the
    largest pelvis-origin displacement between the first and last valid frames; below
    ``min_displacement_m`` [m] the mean pelvis anterior axis decides (needs ``R_lab_pelvis``).
    
    Returns
    -------
    dict
        ``forward`` ('-X', ...), ``lab_axes`` (LabAxes), ``R_lab_progression`` (3, 3), ``method``
        ('displacement', 'pelvis_orientation' or 'given') and ``displacement_m``.
    """
def pelvis_drop_windows(events: typing.Any) -> tuple[list, list]:
    """
    Stance and single-limb-support windows, two lists of (side, begin, end), from a list of (side, kind, frame) gait events.
    """
def pelvis_obliquity_2d(left_hip_px: numpy.typing.ArrayLike, right_hip_px: numpy.typing.ArrayLike, side: hipmech.Side | str, floor: typing.Any = None) -> numpy.ndarray:
    """
    Pelvic obliquity of ``side`` from 2-D keypoints [rad]:
    atan2(height(side) - height(other), |horizontal distance|), heights = -y (image y points down)
    or measured from the ``floor`` line ((2, 2) array of two (x, y) points [px]). Independent of
    whether the camera looks from behind or in front.
    """
def pelvis_progression_from_axis(forward: str, lab_axes: LabAxes) -> dict:
    """
    The progression frame for a given signed lab axis ('-X', ...); same dict as pelvis_detect_progression.
    """
def pelvis_progression_from_orientation(R_lab_pelvis: numpy.typing.ArrayLike, lab_axes: LabAxes) -> dict:
    """
    The progression frame from the mean pelvis anterior axis snapped to a horizontal lab axis; same dict as pelvis_detect_progression.
    """
def pelvis_rotations(angles: numpy.typing.ArrayLike, side: hipmech.Side | str, convention: str) -> numpy.ndarray:
    """
    The pelvis orientations R_ref_pelvis, shape (n, 3, 3), that (tilt, obliquity,
    rotation) angles [rad] of ``side`` in ``convention`` describe (inverse of pelvis_angles).
    """
def pelvis_static_obliquity(obliquity: numpy.typing.ArrayLike) -> float:
    """
    Mean obliquity [rad] of a static trial, NaN frames ignored (the static offset).
    """
def read_c3d(path: str, cop_threshold_n: typing.SupportsFloat | typing.SupportsIndex = 10.0) -> dict:
    """
    Read a C3D file into a trial dict (see hipmech.io.read_c3d).
    """
def read_c3d_bytes(data: bytes, name: str = '<memory>', cop_threshold_n: typing.SupportsFloat | typing.SupportsIndex = 10.0) -> dict:
    """
    Read C3D bytes into a trial dict.
    """
def read_keypoints_csv(path: str, min_confidence: typing.SupportsFloat | typing.SupportsIndex = 0.0, image_width_px: typing.SupportsFloat | typing.SupportsIndex = ..., image_height_px: typing.SupportsFloat | typing.SupportsIndex = ...) -> dict:
    """
    Read 2-D keypoints from a long-format CSV into a dict.
    """
def read_storage(path: str) -> dict:
    """
    Read an OpenSim MOT or STO file into a table dict.
    """
def read_trc(path: str) -> dict:
    """
    Read an OpenSim TRC marker file into a trial dict.
    """
def renamed_point_names(point_names: collections.abc.Sequence[str], marker_names: collections.abc.Sequence[str], old_to_new: collections.abc.Sequence[tuple[str, str]], argument: str = 'old_to_new') -> list[str]:
    """
    The point names after renaming markers, in the same order (raw; use hipmech.io.rename_markers). ValueError naming `argument` for an OLD that is no marker (with the closest names), a NEW another point has, a name given twice, an empty name.
    """
def report_analyse(trial: dict, plates: list, static_trial: typing.Any, static_plates: typing.Any, body_mass_kg: typing.Any, reference: Side, cutoff_hz: typing.Any, n_resamples: typing.SupportsInt | typing.SupportsIndex, seed: typing.SupportsInt | typing.SupportsIndex, moment_frame: str, events: str = 'auto', events_merge_window_s: typing.SupportsFloat | typing.SupportsIndex = 0.3) -> dict:
    """
    The per-trial hip analysis (hipmech::report::analyse) as a dict of plain values, lists and numpy arrays; hipmech.report.analyse builds its TrialReport from it.
    """
def signal_butter(order: typing.SupportsInt | typing.SupportsIndex, cutoff_hz: typing.SupportsFloat | typing.SupportsIndex, rate_hz: typing.SupportsFloat | typing.SupportsIndex, btype: str = 'lowpass') -> tuple[numpy.ndarray, numpy.ndarray]:
    """
    Digital Butterworth filter (bilinear transform), as scipy.signal.butter(order,
    cutoff_hz / (rate_hz / 2), btype).
    
    Parameters
    ----------
    order : int
        N of one pass, 1 to 20.
    cutoff_hz : float
        -3 dB frequency [Hz], 0 < cutoff_hz < rate_hz / 2.
    rate_hz : float
        Sampling rate [Hz].
    btype : str
        "lowpass" or "highpass".
    
    Returns
    -------
    (b, a) : tuple of numpy.ndarray, shape (order + 1,)
    """
def signal_butter_sos(order: typing.SupportsInt | typing.SupportsIndex, cutoff_hz: typing.SupportsFloat | typing.SupportsIndex, rate_hz: typing.SupportsFloat | typing.SupportsIndex, btype: str = 'lowpass') -> numpy.ndarray:
    """
    Digital Butterworth filter as second-order sections, shape (ceil(order / 2), 6),
    rows [b0, b1, b2, a0, a1, a2] (scipy.signal.butter(..., output="sos") layout).
    """
def signal_corrected_cutoff_hz(cutoff_hz: typing.SupportsFloat | typing.SupportsIndex, rate_hz: typing.SupportsFloat | typing.SupportsIndex, order: typing.SupportsInt | typing.SupportsIndex, btype: str = 'lowpass', n_passes: typing.SupportsInt | typing.SupportsIndex = 2) -> float:
    """
    Design cut-off [Hz] of one pass so that n_passes passes are -3 dB at cutoff_hz
    (bilinear-warped: tan(pi fc_design / fs) = tan(pi cutoff_hz / fs) / C).
    """
def signal_derivative(data: numpy.typing.ArrayLike, rate_hz: typing.SupportsFloat | typing.SupportsIndex, order: typing.SupportsInt | typing.SupportsIndex = 1) -> numpy.ndarray:
    """
    First or second time derivative by central differences (second-order one-sided at
    the ends, as numpy.gradient(edge_order=2)); NaN where a needed sample is NaN.
    
    Parameters
    ----------
    data : array_like, shape (n,) or (n_samples, n_channels) [unit]
    rate_hz : float
        Sampling rate [Hz].
    order : int
        1 or 2.
    
    Returns
    -------
    numpy.ndarray, same shape as data [unit / s**order]
    """
def signal_fill_gaps(data: numpy.typing.ArrayLike, method: str, max_gap: typing.SupportsInt | typing.SupportsIndex, per_channel: bool = False) -> tuple[numpy.ndarray, list]:
    """
    Fill interior gaps of at most max_gap frames (linear or not-a-knot cubic spline through
    every valid frame); returns (values, gaps).
    """
def signal_filtfilt(b: numpy.typing.ArrayLike, a: numpy.typing.ArrayLike, data: numpy.typing.ArrayLike) -> numpy.ndarray:
    """
    Zero-phase filtering along axis 0, as scipy.signal.filtfilt(b, a, data, axis=0)
    (odd padding of 3 * max(len(a), len(b)) samples, lfilter_zi initial conditions).
    
    Parameters
    ----------
    b, a : array_like
        Transfer function coefficients.
    data : array_like, shape (n,) or (n_samples, n_channels)
        Finite values.
    
    Returns
    -------
    numpy.ndarray, same shape as data
    """
def signal_find_gaps(data: numpy.typing.ArrayLike, per_channel: bool = False) -> list:
    """
    Runs of missing (NaN) frames as a list of dicts (channel, first, length, leading,
    trailing, filled). Without per_channel a frame is missing when any column is NaN.
    """
def signal_lfilter_zi(b: numpy.typing.ArrayLike, a: numpy.typing.ArrayLike) -> numpy.ndarray:
    """
    Steady-state initial conditions of lfilter for a unit step (scipy.signal.lfilter_zi).
    """
def signal_pass_correction_factor(order: typing.SupportsInt | typing.SupportsIndex, n_passes: typing.SupportsInt | typing.SupportsIndex = 2) -> float:
    """
    Winter's pass correction factor C = (2**(1/n_passes) - 1)**(1/(2*order)).
    """
def signal_residual_analysis(data: numpy.typing.ArrayLike, rate_hz: typing.SupportsFloat | typing.SupportsIndex, cutoffs_hz: typing.Any = None, order: typing.SupportsInt | typing.SupportsIndex = 2, pass_correction: bool = False, fit_from_hz: typing.SupportsFloat | typing.SupportsIndex = ..., fit_to_hz: typing.SupportsFloat | typing.SupportsIndex = ..., form: str = 'ba') -> dict:
    """
    Residual analysis (Winter 2009, section 3.4.4.3), raw form: a dict with cutoffs_hz,
    residuals (n_cutoffs, n_channels), intercept, slope, cutoff_hz (per channel), fit_from_hz,
    fit_to_hz, n_fit. NaN fit limits mean 0.15 and 0.35 * rate_hz.
    """
def signal_sosfiltfilt(sos: numpy.typing.ArrayLike, data: numpy.typing.ArrayLike) -> numpy.ndarray:
    """
    Zero-phase filtering through second-order sections along axis 0, as
    scipy.signal.sosfiltfilt(sos, data, axis=0) with its default padding.
    """
def signal_time_normalise(data: numpy.typing.ArrayLike, begin: typing.SupportsFloat | typing.SupportsIndex, end: typing.SupportsFloat | typing.SupportsIndex, n_points: typing.SupportsInt | typing.SupportsIndex = 101) -> numpy.ndarray:
    """
    Resample frames begin..end (0-based, fractional allowed) to n_points equally spaced
    points (0-100 %) by linear interpolation; NaN where a neighbour is NaN.
    """
def signal_time_normalise_cycles(data: numpy.typing.ArrayLike, cycles: collections.abc.Sequence[tuple[typing.SupportsFloat | typing.SupportsIndex, typing.SupportsFloat | typing.SupportsIndex]], n_points: typing.SupportsInt | typing.SupportsIndex = 101) -> numpy.ndarray:
    """
    time_normalise for a list of (begin, end) cycles: shape (n_cycles, n_points[, k]).
    """
def signal_zero_lag_butterworth(data: numpy.typing.ArrayLike, rate_hz: typing.SupportsFloat | typing.SupportsIndex, cutoff_hz: typing.SupportsFloat | typing.SupportsIndex, order: typing.SupportsInt | typing.SupportsIndex = 2, btype: str = 'lowpass', pass_correction: bool = False, nan: str = 'error', form: str = 'ba') -> dict:
    """
    Zero-lag Butterworth filter of each column (butter + filtfilt), with a report.
    
    Parameters
    ----------
    data : array_like, shape (n,) or (n_samples, n_channels)
    rate_hz : float
        Sampling rate [Hz].
    cutoff_hz : float
        Cut-off [Hz]; with pass_correction the -3 dB point of the zero-lag filter.
    order : int
        N of one pass (the zero-lag filter rolls off like order 2N).
    btype : str
        "lowpass" or "highpass".
    pass_correction : bool
        Correct the design cut-off for the two passes (Winter 2009).
    nan : str
        "error" (refuse NaN, listing the gaps) or "runs" (each gap-free run on its own).
    form : str
        "ba" (transfer function, as scipy.signal.filtfilt) or "sos" (second-order sections, as
        scipy.signal.sosfiltfilt).
    
    Returns
    -------
    dict
        values (same shape as data), design_cutoff_hz, b, a, unfiltered (runs too short to
        filter, left NaN).
    """
def spm_fwhm(residuals: numpy.typing.ArrayLike) -> float:
    """
    Smoothness (FWHM, in nodes) of a field from its residuals (raw; use hipmech.spm.fwhm).
    """
def spm_test(test: str, a: numpy.typing.ArrayLike, b: typing.Any = None, mu: typing.SupportsFloat | typing.SupportsIndex = 0.0, alpha: typing.SupportsFloat | typing.SupportsIndex = 0.05, two_tailed: bool = True, method: str = 'rft', n_permutations: typing.SupportsInt | typing.SupportsIndex = 10000, seed: typing.SupportsInt | typing.SupportsIndex = 0, cluster_metric: str = 'integral', force_monte_carlo: bool = False) -> dict:
    """
    Statistic field of an SPM1D test ('ttest', 'ttest_paired', 'ttest2', 'regress', 'anova1', 'anova1rm') and its RFT or permutation inference, GIL released; Ctrl-C interrupts a permutation inference (raw; use hipmech.spm).
    """
def stats_asymmetry(index: str, left: numpy.typing.ArrayLike, right: numpy.typing.ArrayLike, reference: hipmech.Side | str) -> tuple[numpy.ndarray, numpy.typing.NDArray[numpy.uint8]]:
    """
    Asymmetry index ('lsi', 'si', 'sa', 'ratio', 'diff_max', 'diff_reference') per pair: (values, reason codes); positive when the non-reference limb is larger. Reason texts: stats_asymmetry_reasons().
    """
def stats_asymmetry_reasons() -> list[str]:
    """
    The reason texts of the asymmetry reason codes ('' for a defined value).
    """
def stats_bland_altman(a: numpy.typing.ArrayLike, b: numpy.typing.ArrayLike, confidence: typing.SupportsFloat | typing.SupportsIndex = 0.95, loa_ci: str = 'exact', percent: bool = False, missing: str = 'propagate', agreement: typing.SupportsFloat | typing.SupportsIndex = 0.95) -> dict:
    """
    Bland-Altman agreement of paired measurements `a` and `b` (raw; use
    hipmech.stats.bland_altman). Returns a dict of the fields of hipmech::stats::BlandAltman.
    """
def stats_bootstrap(statistic: str, samples: collections.abc.Sequence, n_resamples: typing.SupportsInt | typing.SupportsIndex = 10000, confidence: typing.SupportsFloat | typing.SupportsIndex = 0.95, method: str = 'bca', seed: typing.SupportsInt | typing.SupportsIndex = 0, return_distribution: bool = False) -> dict:
    """
    Bootstrap CI of a named statistic computed in C++, GIL released (raw; use hipmech.stats.bootstrap).
    """
def stats_bootstrap_callable(statistic: collections.abc.Callable, samples: collections.abc.Sequence, n_resamples: typing.SupportsInt | typing.SupportsIndex = 10000, confidence: typing.SupportsFloat | typing.SupportsIndex = 0.95, method: str = 'bca', seed: typing.SupportsInt | typing.SupportsIndex = 0, return_distribution: bool = False) -> dict:
    """
    Bootstrap CI of a Python callable f(*resampled_samples) -> float, on the resamples of stats_bootstrap_indices (raw; use hipmech.stats.bootstrap).
    """
def stats_bootstrap_indices(sizes: collections.abc.Sequence[typing.SupportsInt | typing.SupportsIndex], n_resamples: typing.SupportsInt | typing.SupportsIndex = 10000, seed: typing.SupportsInt | typing.SupportsIndex = 0) -> list:
    """
    Row indices of the bootstrap resamples, one (n_resamples, n_j) int64 array per sample (raw; use hipmech.stats.bootstrap_indices).
    """
def stats_bootstrap_interval(estimate: typing.SupportsFloat | typing.SupportsIndex, distribution: numpy.typing.ArrayLike, jackknife: typing.Any = None, confidence: typing.SupportsFloat | typing.SupportsIndex = 0.95, method: str = 'bca') -> dict:
    """
    Percentile or BCa interval from a bootstrap distribution and jackknife values (raw; use hipmech.stats.bootstrap_interval).
    """
def stats_change(baseline: numpy.typing.ArrayLike, follow_up: numpy.typing.ArrayLike, mdc: typing.Any = None, higher_is_better: bool = True, confidence: typing.SupportsFloat | typing.SupportsIndex = 0.95, missing: str = 'propagate') -> dict:
    """
    Change from baseline to follow-up per subject and for the group (raw; use hipmech.stats.change).
    """
def stats_cohen_dav(a: numpy.typing.ArrayLike, b: numpy.typing.ArrayLike, standardizer: str, confidence: typing.SupportsFloat | typing.SupportsIndex, missing: str) -> dict:
    """
    Cohen's d_av (raw; use hipmech.stats.cohen_dav).
    """
def stats_cohen_dz(a: numpy.typing.ArrayLike, b: numpy.typing.ArrayLike, ci: str, confidence: typing.SupportsFloat | typing.SupportsIndex, missing: str) -> dict:
    """
    Cohen's d_z (raw; use hipmech.stats.cohen_dz).
    """
def stats_combine_trials(trials: numpy.typing.ArrayLike, method: str, higher_is_better: bool = True, missing: str = 'propagate') -> dict:
    """
    One score per subject from (n_subjects, n_trials): 'mean', 'best' or 'mean_of_best_two'.
    """
def stats_describe(x: numpy.typing.ArrayLike, confidence: typing.SupportsFloat | typing.SupportsIndex = 0.95, missing: str = 'propagate') -> dict:
    """
    Mean, SD, SE, CV and the t-based CI of the mean of x.
    """
def stats_glass_delta(a: numpy.typing.ArrayLike, b: numpy.typing.ArrayLike, ci: str, confidence: typing.SupportsFloat | typing.SupportsIndex, missing: str) -> dict:
    """
    Glass's delta (raw; use hipmech.stats.glass_delta).
    """
def stats_hedges_j(df: typing.SupportsFloat | typing.SupportsIndex, correction: str) -> float:
    """
    Hedges' correction factor J(df) (raw).
    """
def stats_icc(ratings: numpy.typing.ArrayLike, confidence: typing.SupportsFloat | typing.SupportsIndex = 0.95, missing: str = 'propagate') -> dict:
    """
    Every ICC form of (n_targets, k_raters) ratings with F-tests and CIs (10 rows).
    """
def stats_icc_value(ratings: numpy.typing.ArrayLike, form: str) -> float:
    """
    One ICC form, no tests or intervals (fast path).
    """
def stats_meta_analysis(effects: numpy.typing.ArrayLike, variances: numpy.typing.ArrayLike, confidence: typing.SupportsFloat | typing.SupportsIndex = 0.95) -> dict:
    """
    DerSimonian-Laird meta-analysis from effects and sampling variances (raw; use hipmech.stats.meta_analysis).
    """
def stats_meta_analysis_se(effects: numpy.typing.ArrayLike, se: numpy.typing.ArrayLike, confidence: typing.SupportsFloat | typing.SupportsIndex = 0.95) -> dict:
    """
    DerSimonian-Laird meta-analysis from effects and standard errors (raw; use hipmech.stats.meta_analysis).
    """
def stats_odds_ratio(a: typing.SupportsFloat | typing.SupportsIndex, b: typing.SupportsFloat | typing.SupportsIndex, c: typing.SupportsFloat | typing.SupportsIndex, d: typing.SupportsFloat | typing.SupportsIndex, confidence: typing.SupportsFloat | typing.SupportsIndex = 0.95, correction: str = 'haldane') -> dict:
    """
    Odds ratio of the 2x2 table (a, b; c, d) with the log (Woolf) CI (raw; use hipmech.stats.odds_ratio).
    """
def stats_relative_risk(a: typing.SupportsFloat | typing.SupportsIndex, b: typing.SupportsFloat | typing.SupportsIndex, c: typing.SupportsFloat | typing.SupportsIndex, d: typing.SupportsFloat | typing.SupportsIndex, confidence: typing.SupportsFloat | typing.SupportsIndex = 0.95, correction: str = 'haldane') -> dict:
    """
    Relative risk of the 2x2 table (a, b; c, d) with the log (Katz) CI (raw; use hipmech.stats.relative_risk).
    """
def stats_reliability(ratings: numpy.typing.ArrayLike, form: str = 'ICC(A,1)', sem_method: str = 'sqrt_ems', swc_factor: typing.SupportsFloat | typing.SupportsIndex = 0.2, confidence: typing.SupportsFloat | typing.SupportsIndex = 0.95, missing: str = 'propagate') -> dict:
    """
    SEM (both formulas), MDC90/95 and the smallest worthwhile change for one ICC form.
    """
def stats_risk_difference(a: typing.SupportsFloat | typing.SupportsIndex, b: typing.SupportsFloat | typing.SupportsIndex, c: typing.SupportsFloat | typing.SupportsIndex, d: typing.SupportsFloat | typing.SupportsIndex, confidence: typing.SupportsFloat | typing.SupportsIndex = 0.95, correction: str = 'none') -> dict:
    """
    Risk difference of the 2x2 table (a, b; c, d) with the Wald CI (raw; use hipmech.stats.risk_difference).
    """
def stats_smd_from_summary(mean1: typing.SupportsFloat | typing.SupportsIndex, sd1: typing.SupportsFloat | typing.SupportsIndex, n1: typing.SupportsInt | typing.SupportsIndex, mean2: typing.SupportsFloat | typing.SupportsIndex, sd2: typing.SupportsFloat | typing.SupportsIndex, n2: typing.SupportsInt | typing.SupportsIndex, correction: str, ci: str, confidence: typing.SupportsFloat | typing.SupportsIndex) -> dict:
    """
    Cohen's d or Hedges' g from summary statistics (raw; use hipmech.stats.smd_from_summary).
    """
def stats_standardized_mean_difference(a: numpy.typing.ArrayLike, b: numpy.typing.ArrayLike, correction: str, ci: str, confidence: typing.SupportsFloat | typing.SupportsIndex, missing: str) -> dict:
    """
    Cohen's d (correction 'none') or Hedges' g (raw; use hipmech.stats.cohen_d / hedges_g).
    """
def stats_ttest_independent(a: numpy.typing.ArrayLike, b: numpy.typing.ArrayLike, equal_var: bool, alternative: str, confidence: typing.SupportsFloat | typing.SupportsIndex, missing: str) -> dict:
    """
    Welch's or Student's t-test (raw; use hipmech.stats.ttest_independent).
    """
def stats_ttest_one_sample(x: numpy.typing.ArrayLike, mu: typing.SupportsFloat | typing.SupportsIndex, alternative: str, confidence: typing.SupportsFloat | typing.SupportsIndex, missing: str) -> dict:
    """
    One-sample t-test (raw; use hipmech.stats.ttest_one_sample).
    """
def stats_ttest_paired(a: numpy.typing.ArrayLike, b: numpy.typing.ArrayLike, alternative: str, confidence: typing.SupportsFloat | typing.SupportsIndex, missing: str) -> dict:
    """
    Paired t-test (raw; use hipmech.stats.ttest_paired).
    """
def subject_fields() -> list[tuple]:
    """
    Every subject-parameter field as (python_name, stem, SI unit, side or '', C3D PROCESSING name, .vsk name, file unit to SI factor), in the table order of docs/io.md.
    """
def subject_from_named(values: collections.abc.Sequence[tuple[str, typing.SupportsFloat | typing.SupportsIndex]], naming: str, other_names: collections.abc.Sequence[str] = []) -> dict:
    """
    Subject parameters from (name, value in mm/kg/rad) pairs named as in a C3D PROCESSING group ('c3d') or a Vicon subject file ('vsk') (raw; use hipmech.io.read_vsk).
    """
def suggest_marker_map(missing: collections.abc.Sequence[str], available: collections.abc.Sequence[str]) -> list[tuple[str, str]]:
    """
    (present, missing) pairs: markers of `available` that are likely the missing ones under another lab's name ('VSAC' for 'SACR', 'LSHA' for 'LTIB'); a side never stands in for the other.
    """
def synth_walking(body_mass_kg: typing.SupportsFloat | typing.SupportsIndex, height_m: typing.SupportsFloat | typing.SupportsIndex, speed_mps: typing.SupportsFloat | typing.SupportsIndex, n_strides: typing.SupportsInt | typing.SupportsIndex, point_rate_hz: typing.SupportsFloat | typing.SupportsIndex, analog_rate_hz: typing.SupportsFloat | typing.SupportsIndex, pelvic_drop_rad: tuple[typing.SupportsFloat | typing.SupportsIndex, typing.SupportsFloat | typing.SupportsIndex], knee_valgus_rad: tuple[typing.SupportsFloat | typing.SupportsIndex, typing.SupportsFloat | typing.SupportsIndex], stride_time_cv: typing.SupportsFloat | typing.SupportsIndex, variability_sd_rad: typing.SupportsFloat | typing.SupportsIndex, marker_noise_m: typing.SupportsFloat | typing.SupportsIndex, seed: typing.SupportsInt | typing.SupportsIndex, plates_every_stance: bool, plate_stances: collections.abc.Sequence[tuple[hipmech.Side | str, typing.SupportsInt | typing.SupportsIndex]]) -> dict:
    """
    Raw synthetic walking trial (hipmech::synth::walking): a dict with 'trial' (the dict
    io.Trial._from_core takes) and 'truth'. Per-side pairs are (left, right); use
    hipmech.synth.walking.
    """
def uncertainty_default_marker_noise_m() -> float:
    """
    Default SD of the white noise of a marker coordinate when the file has no residuals [m] (hipmech::uncertainty::default_marker_noise_m).
    """
def uncertainty_hip_centre_error(method: str) -> dict:
    """
    Published error of a hip-joint-centre regression (hipmech::uncertainty::hip_centre_error): {'sd_m': (anterior, superior, lateral) SDs in m of the ISB pelvis frame, 'side_correlation': the left-right correlation's lower bound, 'source': citation, 'derivation': how the numbers follow from the paper}.
    """
def uncertainty_marker_noise_from_residuals(trial: dict) -> float:
    """
    The marker noise SD [m] from the trial's C3D residuals (median over the frames of the Plug-in Gait markers); NaN when the trial carries none (hipmech::uncertainty::marker_noise_from_residuals).
    """
def uncertainty_max_monte_carlo_draws(n_frames: typing.SupportsInt | typing.SupportsIndex) -> int:
    """
    The most Monte Carlo draws propagate takes for a trial of n_frames frames: min(100000, floor(2.5e8 / (12 (n_frames + 101)))), the per-draw curves kept within 1 GB (hipmech::uncertainty::max_monte_carlo_draws).
    """
def uncertainty_propagate(trial: dict, plates: list, static_trial: typing.Any, static_plates: typing.Any, body_mass_kg: typing.Any, reference: Side, cutoff_hz: typing.Any, n_resamples: typing.SupportsInt | typing.SupportsIndex, seed: typing.SupportsInt | typing.SupportsIndex, moment_frame: str, events: str, events_merge_window_s: typing.SupportsFloat | typing.SupportsIndex, model: dict, method: str, n_draws: typing.SupportsInt | typing.SupportsIndex, uncertainty_seed: typing.SupportsInt | typing.SupportsIndex, n_threads: typing.SupportsInt | typing.SupportsIndex, confidence: typing.SupportsFloat | typing.SupportsIndex, keep_draws: bool) -> dict:
    """
    report::analyse and uncertainty::propagate of one trial, the GIL released for both: {'nominal': the dict of report_analyse, 'uncertainty': bands per frame and cycle, per stance, per summary row, the resolved model, notes}; hipmech.uncertainty.propagate and hipmech.report.analyse(uncertainty=...) build their results from it.
    """
def uncertainty_resolve_model(model: dict, trial: typing.Any) -> dict:
    """
    The model dict with every None/NaN field replaced by its default or by the trial's residuals, and 'notes' saying where each number came from (hipmech::uncertainty::UncertaintyModel::resolved).
    """
def write_c3d(trial: dict, path: str, processor: str = 'intel', integer_format: bool = False) -> None:
    """
    Write a trial dict as C3D.
    """
def write_c3d_bytes(trial: dict, processor: str = 'intel', integer_format: bool = False) -> bytes:
    """
    Write a trial dict as C3D bytes.
    """
def write_storage(table: dict, path: str, sto: bool = False) -> None:
    """
    Write a table dict as MOT/STO.
    """
def write_trc(trial: dict, path: str, units: str = 'mm') -> None:
    """
    Write a trial's markers as TRC.
    """
STREAM_EVENT_COLUMNS: tuple = ('side', 'kind', 'frame', 'time_s', 'detected_frame', 'delay_s', 'source', 'plate')
STREAM_FRAME_COLUMNS: tuple = ('frame', 'time_s', 'pelvic_tilt_deg', 'left_pelvic_obliquity_deg', 'right_pelvic_obliquity_deg', 'left_pelvic_rotation_deg', 'right_pelvic_rotation_deg', 'left_hip_flexion_deg', 'right_hip_flexion_deg', 'left_hip_adduction_deg', 'right_hip_adduction_deg', 'left_hip_rotation_deg', 'right_hip_rotation_deg', 'left_knee_flexion_deg', 'right_knee_flexion_deg', 'left_knee_valgus_deg', 'right_knee_valgus_deg', 'left_knee_rotation_deg', 'right_knee_rotation_deg')
STREAM_KEYPOINT_FRAME_COLUMNS: tuple = ('frame', 'time_s', 'left_pelvic_obliquity_deg', 'right_pelvic_obliquity_deg', 'left_fppa_deg', 'right_fppa_deg')
STREAM_STANCE_COLUMNS: tuple = ('side', 'stance', 'foot_strike_frame', 'foot_off_frame', 'foot_strike_time_s', 'foot_off_time_s', 'stance_time_s', 'single_support_begin', 'single_support_end', 'pelvic_drop_deg', 'pelvic_drop_frame', 'knee_valgus_deg', 'hip_adduction_deg', 'detected_frame', 'note')
UNCERTAINTY_SOURCES: tuple = ('marker_noise', 'marker_placement', 'hip_joint_centre', 'segment_parameters', 'centre_of_pressure', 'subject_measurements')
__version__: str = '0.1.0'
