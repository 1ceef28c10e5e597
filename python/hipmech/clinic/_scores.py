"""Clinic scores (see hipmech.clinic): Y-Balance, hop tests, hip-abductor strength and change
over a programme. The formulas live in C++ (``hipmech::clinic``, include/hipmech/clinic/); this
module checks the Python arguments, calls them and wraps their results (docs/clinic.md)."""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Optional, Sequence, Union

from .. import _core
from .._errors import InvalidArgumentError
from .._args import (flag as _bool, invalid_argument as _invalid, real_number, real_numbers,
                     side_name as _side_name)
from ._common import ClinicResult, Flag

__all__ = [
    "PLAUSIBLE_RANGES",
    "QUANTITY_DIRECTION",
    "AbductorStrength",
    "HopTests",
    "ProgrammeChange",
    "YBalance",
    "hip_abductor_strength",
    "hop_tests",
    "programme_change",
    "quantity_direction",
    "y_balance",
]

SIDES = ("left", "right")
#: The Y-Balance reach directions, in the order of every result.
DIRECTIONS = ("anterior", "posteromedial", "posterolateral")
#: The hop tests: distances in cm, the 6-m timed hop in s.
HOP_TESTS = ("single_cm", "triple_cm", "crossover_cm", "timed_6m_s")
_HOP_FLAG = {"single_cm": "single_hop_lsi_percent", "triple_cm": "triple_hop_lsi_percent",
             "crossover_cm": "crossover_hop_lsi_percent",
             "timed_6m_s": "timed_6m_hop_lsi_percent"}

Trials = Union[float, Sequence[float]]

#: ``{test: {field: (low, high)}}``: the plausible ranges of the scores' inputs, read from the
#: compiled limits (``hipmech::clinic::kLimbLengthMinCm`` ..., the one implementation;
#: docs/clinic.md, "Plausible ranges"). A value outside is refused naming the field and the
#: likely unit mistake.
#: ``y_balance``: ``limb_length_cm`` [cm], ``reach_cm`` [cm] per trial, ``reach_percent``: a
#: reach of at most ``high`` % of the limb length, and at least one reach of each side of
#: ``low`` % or more (below: metres); ``hop_tests``: each test's trials (a timed hop > 0 s);
#: ``hip_abductor_strength``: ``body_mass_kg`` (> 0) and ``torque_nm_per_kg`` per trial.
#: Read-only; :func:`hipmech.clinic.read_session` checks a session's values against it.
PLAUSIBLE_RANGES = MappingProxyType({
    test: MappingProxyType({k: (float(v[0]), float(v[1])) for k, v in fields.items()})
    for test, fields in _core.clinic_plausible_ranges().items()})

#: The unit of a difference or change of two percentages (a composite of 90 % and one of 94 %
#: differ by 4 % points, not 4 %).
PERCENT_POINTS = "% points"


def _frame(rows: list[tuple]) -> Any:
    import pandas as pd
    return pd.DataFrame(rows, columns=["test", "quantity", "side", "value", "unit"])


def _flags(raw: list) -> list[Flag]:
    return [Flag.from_core(d) for d in raw]


def _trials(value: Any, arg: str) -> list[float]:
    """One value or a sequence of trials as a list of floats (NaN for a failed trial)."""
    if value is None:
        raise _invalid(arg, "a number or a sequence of trials", "None")
    if isinstance(value, (int, float)) or (hasattr(value, "ndim") and value.ndim == 0):
        return [real_number(value, arg, "a number or a sequence of trials")]
    return real_numbers(value, arg, "a number or a sequence of trials")


def _side_trials(data: Any, arg: str, keys: Sequence[str]) -> dict[str, list[float]]:
    """A mapping {key: trials}; unknown keys are refused (a typo would otherwise drop a test)."""
    if not isinstance(data, Mapping):
        raise _invalid(arg, "a mapping {" + ", ".join(repr(k) for k in keys) + ": trials}",
                       f"an object of type {type(data).__name__}")
    out = {}
    for k, v in data.items():
        if k not in keys:
            raise _invalid(f"{arg}.{k}", "one of " + ", ".join(repr(k) for k in keys),
                           "an unknown key")
        out[k] = _trials(v, f"{arg}.{k}")
    return out


def _words(names: Sequence[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    names = list(names)
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _missing(arg: str, expected: str, missing: Sequence[str]) -> InvalidArgumentError:
    """``argument 'right': expected EXPECTED, missing 'posterolateral'``."""
    got = "missing " + ", ".join(repr(k) for k in missing)
    return InvalidArgumentError(f"argument {arg!r}: expected {expected}, {got}", arg, expected,
                                got)


def _optional_side(side: Any, arg: str) -> Optional[str]:
    return None if side is None else _side_name(side, arg)


def _by_side(value: Any, arg: str) -> tuple[float, float, bool]:
    """(left, right, one value for both) from a number or a mapping {side: number}."""
    if isinstance(value, Mapping):
        sides = {}
        for k, v in value.items():
            sides[_side_name(k, arg)] = real_number(v, f"{arg}.{_side_name(k, arg)}")
        for s in SIDES:
            if s not in sides:
                raise _invalid(f"{arg}.{s}", "a value for each side", "none")
        return sides["left"], sides["right"], False
    v = real_number(value, arg)
    return v, v, True


# ---------------------------------------------------------------------------------------------
# Y-Balance


@dataclass(frozen=True, kw_only=True, repr=False)
class YBalance(ClinicResult):
    """Result of :func:`y_balance`.

    Attributes
    ----------
    reach_cm : dict
        ``{side: {direction: reach}}`` [cm], the max (or mean) of each direction's trials.
    reach_percent : dict
        ``{side: {direction: 100 reach / limb length}}`` [% of limb length].
    composite_percent : dict
        ``{side: 100 (ANT + PM + PL) / (3 limb length)}`` [% of limb length].
    limb_length_cm : dict
        ``{side: limb length}`` [cm].
    difference_cm : dict
        ``{direction: abs(left - right)}`` [cm], raw reaches.
    composite_difference_percent : float
        ``|composite left - composite right|`` [% points: a difference of two percentages of
        limb length].
    trials : str
        The trial summary used, ``"max"`` or ``"mean"``.
    flags : list of Flag
        ``anterior_reach_difference_cm`` (> 4 cm) and ``composite_percent`` per side (< 94 %),
        both from Plisky et al. (2006).
    notes : list of str
    """

    test: str = "y_balance"
    reach_cm: dict = field(default_factory=dict)
    reach_percent: dict = field(default_factory=dict)
    composite_percent: dict = field(default_factory=dict)
    limb_length_cm: dict = field(default_factory=dict)
    difference_cm: dict = field(default_factory=dict)
    composite_difference_percent: float = math.nan
    trials: str = "max"

    def to_frame(self) -> Any:
        """Long table: reaches [cm] and [% limb length], composites, limb lengths (per side),
        differences (side ``""``; the composites' in % points)."""
        rows = []
        for s in SIDES:
            for d in DIRECTIONS:
                rows.append((self.test, f"{d}_reach_cm", s, self.reach_cm[s][d], "cm"))
                rows.append((self.test, f"{d}_reach_percent", s, self.reach_percent[s][d], "%"))
            rows.append((self.test, "composite_percent", s, self.composite_percent[s], "%"))
            rows.append((self.test, "limb_length_cm", s, self.limb_length_cm[s], "cm"))
        for d in DIRECTIONS:
            rows.append((self.test, f"{d}_difference_cm", "", self.difference_cm[d], "cm"))
        rows.append((self.test, "composite_difference_percent", "",
                     self.composite_difference_percent, PERCENT_POINTS))
        return _frame(rows)


def y_balance(left: Mapping[str, Trials], right: Mapping[str, Trials], *,
              limb_length_cm: Union[float, Mapping[Any, float]], trials: str = "max",
              composite_cutoff_percent: float = 94.0,
              anterior_difference_cutoff_cm: float = 4.0) -> YBalance:
    """The Y-Balance test: reaches normalised to limb length, composite, asymmetry and flags.

    composite = 100 (ANT + PM + PL) / (3 LL) per stance side; normalised reach = 100 reach /
    LL; differences abs(left - right) in cm (Plisky et al. 2006 J Orthop Sports Phys Ther
    36:911-919; Y-Balance protocol and reliability: Plisky et al. 2009 N Am J Sports Phys Ther
    4:92-99).

    Parameters
    ----------
    left, right : mapping
        ``{"anterior": ..., "posteromedial": ..., "posterolateral": ...}``: the reaches of the
        left and right stance limb [cm], each a number or a sequence of trials (NaN for a
        failed trial). Every direction is required on both sides.
    limb_length_cm : float or mapping
        Limb length (ASIS to medial malleolus, supine) [cm], 30 to 150, one for both sides or
        ``{side: length}``.
    trials : {"max", "mean"}
        Summary of each direction's trials: the greatest reach (the Y-Balance protocol) or the
        mean.
    composite_cutoff_percent : float
        A composite below it flags a side (94.0: Plisky 2006, derived in girls).
    anterior_difference_cutoff_cm : float
        An anterior difference above it (strictly) is flagged (4 cm: Plisky 2006, "greater
        than 4 cm").

    Returns
    -------
    YBalance

    Raises
    ------
    hipmech.InvalidArgumentError
        (a ValueError) naming the field: ``'right'`` (a direction missing),
        ``'right.anterior'`` (negative, or above 250 cm: see "Plausible ranges" in
        docs/clinic.md), ``'limb_length_cm'`` (outside 30 to 150 cm: metres or mm by
        mistake), ``'left.anterior_cm'`` (an unknown key).

    Examples
    --------
    >>> from hipmech import clinic
    >>> r = clinic.y_balance({"anterior": 62, "posteromedial": 104, "posterolateral": 101},
    ...                      {"anterior": 57, "posteromedial": 97, "posterolateral": 92},
    ...                      limb_length_cm=90)
    >>> round(r.composite_percent["right"], 1), r.difference_cm["anterior"]
    (91.1, 5.0)
    """
    lv = _side_trials(left, "left", DIRECTIONS)
    rv = _side_trials(right, "right", DIRECTIONS)
    for arg, v in (("left", lv), ("right", rv)):
        missing = [k for k in DIRECTIONS if k not in v]
        if missing:
            raise _missing(arg, "the directions " + _words(DIRECTIONS), missing)
    ll, lr, one = _by_side(limb_length_cm, "limb_length_cm")
    d = _core.clinic_y_balance(
        lv, rv, ll, lr, one, str(trials),
        real_number(composite_cutoff_percent, "composite_cutoff_percent"),
        real_number(anterior_difference_cutoff_cm, "anterior_difference_cutoff_cm"))
    return YBalance(
        flags=_flags(d["flags"]), notes=list(d["notes"]),
        reach_cm={s: dict(d[s]["reach_cm"]) for s in SIDES},
        reach_percent={s: dict(d[s]["reach_percent"]) for s in SIDES},
        composite_percent={s: d[s]["composite_percent"] for s in SIDES},
        limb_length_cm={s: d[s]["limb_length_cm"] for s in SIDES},
        difference_cm=dict(d["difference_cm"]),
        composite_difference_percent=d["composite_difference_percent"],
        trials="max" if str(trials).lower() in ("max", "best") else str(trials).lower())


# ---------------------------------------------------------------------------------------------
# Hop tests


@dataclass(frozen=True, kw_only=True, repr=False)
class HopTests(ClinicResult):
    """Result of :func:`hop_tests`. Only the tests done appear in the dicts.

    Attributes
    ----------
    left, right : dict
        ``{test: value}``: each side's mean (or best) distance [cm] or time [s], tests named
        ``"single_cm"``, ``"triple_cm"``, ``"crossover_cm"``, ``"timed_6m_s"``.
    lsi_percent : dict
        ``{test: LSI}`` [%]: 100 involved / uninvolved for distances, 100 uninvolved time /
        involved time for the timed hop (Noyes et al. 1991); below 100 means the involved (or
        worse) limb did worse.
    lsi_side : dict
        ``{test: side}``: the involved side, or the worse side when none was named (``""`` when
        unknown).
    involved : str or None
        The involved side given.
    lsi_cutoff_percent : float
    trials : str
    flags : list of Flag
        ``<test>_hop_lsi_percent`` per test done: LSI below the cut-off.
    notes : list of str
    """

    test: str = "hop_tests"
    left: dict = field(default_factory=dict)
    right: dict = field(default_factory=dict)
    lsi_percent: dict = field(default_factory=dict)
    lsi_side: dict = field(default_factory=dict)
    involved: Optional[str] = None
    lsi_cutoff_percent: float = 90.0
    trials: str = "mean"

    def to_frame(self) -> Any:
        """Long table: each test's value per side [cm or s] and its LSI [%] (side: the
        involved or worse side)."""
        rows = []
        for t in self.lsi_percent:
            unit = "s" if t.endswith("_s") else "cm"
            rows.append((self.test, t, "left", self.left[t], unit))
            rows.append((self.test, t, "right", self.right[t], unit))
            rows.append((self.test, _HOP_FLAG[t], self.lsi_side[t], self.lsi_percent[t], "%"))
        return _frame(rows)


def hop_tests(left: Mapping[str, Trials], right: Mapping[str, Trials], *, involved: Any = None,
              lsi_cutoff_percent: float = 90.0, trials: str = "mean") -> HopTests:
    """Single-leg hop tests (Noyes, Barber & Mangine 1991): LSI per test and its flag.

    LSI = 100 involved / uninvolved for the single, triple and crossover hop for distance, and
    100 uninvolved time / involved time for the 6-m timed hop, so that below 100 % always means
    the involved limb did worse. Without ``involved`` the worse limb is put over the better one
    per test (named in ``lsi_side`` and the notes).

    Parameters
    ----------
    left, right : mapping
        ``{"single_cm": ..., "triple_cm": ..., "crossover_cm": ..., "timed_6m_s": ...}``: the
        tests done (a subset, the same on both sides), each a number or a sequence of trials
        (NaN for a failed trial); distances [cm] >= 0 (single hop at most 500, triple and
        crossover at most 1500), times [s] > 0 and at most 30.
    involved : {"left", "right"}, hipmech.Side or None
        The involved (injured, operated) limb.
    lsi_cutoff_percent : float
        An LSI strictly below it is flagged. Default 90 %: the return-to-sport criterion after
        ACL reconstruction (Thomeé et al. 2011 KSSTA 19:1798; Grindem et al. 2016 Br J Sports
        Med 50:804). Noyes et al. (1991) used 85 % as the lower limit of normal (pass 85 to use
        it); each flag's ``source`` names the source of the cut-off used.
    trials : {"mean", "max"}
        Mean (default) or best of each side's trials; the best timed hop is the shortest time.

    Returns
    -------
    HopTests

    Raises
    ------
    hipmech.InvalidArgumentError
        Naming the field: ``'right'`` (a test done on the left only: "missing
        'triple_cm'"), ``'right.triple_cm'`` (negative, or above 1500 cm: see "Plausible
        ranges" in docs/clinic.md), ``'left.timed_6m_s'`` (a time of 0 or less, or above 30
        s), ``'left.single'`` (an unknown key).

    Examples
    --------
    >>> from hipmech import clinic
    >>> r = clinic.hop_tests({"single_cm": [150, 160], "timed_6m_s": [2.0, 2.2]},
    ...                      {"single_cm": [130, 140], "timed_6m_s": [2.4, 2.6]},
    ...                      involved="right")
    >>> round(r.lsi_percent["single_cm"], 1), round(r.lsi_percent["timed_6m_s"], 1)
    (87.1, 84.0)
    """
    lv = _side_trials(left, "left", HOP_TESTS)
    rv = _side_trials(right, "right", HOP_TESTS)
    for arg, other, mine, theirs in (("right", "left", rv, lv), ("left", "right", lv, rv)):
        missing = [t for t in HOP_TESTS if t in theirs and t not in mine]
        if missing:
            raise _missing(arg, f"the hop tests of {other!r} on both sides ("
                           + ", ".join(t for t in HOP_TESTS if t in theirs) + ")", missing)
    inv = _optional_side(involved, "involved")
    d = _core.clinic_hop_tests(lv, rv, inv, real_number(lsi_cutoff_percent, "lsi_cutoff_percent"),
                               str(trials))
    done = [t for t in HOP_TESTS if d["tests"][t]["performed"]]
    tests = d["tests"]
    return HopTests(
        flags=_flags(d["flags"]), notes=list(d["notes"]),
        left={t: tests[t]["left"] for t in done}, right={t: tests[t]["right"] for t in done},
        lsi_percent={t: tests[t]["lsi_percent"] for t in done},
        lsi_side={t: tests[t]["lsi_side"] for t in done}, involved=inv,
        lsi_cutoff_percent=float(lsi_cutoff_percent),
        trials="max" if str(trials).lower() in ("max", "best") else str(trials).lower())


# ---------------------------------------------------------------------------------------------
# Hip-abductor strength


@dataclass(frozen=True, kw_only=True, repr=False)
class AbductorStrength(ClinicResult):
    """Result of :func:`hip_abductor_strength`.

    Attributes
    ----------
    torque_nm_trials : dict
        ``{side: [torque per trial]}`` [N m] (NaN for a failed trial).
    torque_nm : dict
        ``{side: best (or mean) torque}`` [N m].
    torque_nm_per_kg : dict
        ``{side: torque / body mass}`` [N m/kg].
    lsi_percent : float
        100 involved / reference torque [%] (weaker / stronger when no side is named).
    deficit_percent : float
        100 - LSI [%].
    lsi_side, reference_side : str
        The numerator and reference sides (``""`` when unknown).
    body_mass_kg : float
    gravity_torque_nm : float
        The gravity correction added to each force x lever arm [N m].
    quantity, summary : str
        What the trials held (``"force_n"``, ``"torque_nm"``) and how they were summarised.
    flags : list of Flag
        ``abductor_lsi_percent``: LSI below the cut-off (default 90 %).
    notes : list of str
    """

    test: str = "hip_abductor_strength"
    torque_nm_trials: dict = field(default_factory=dict)
    torque_nm: dict = field(default_factory=dict)
    torque_nm_per_kg: dict = field(default_factory=dict)
    lsi_percent: float = math.nan
    deficit_percent: float = math.nan
    lsi_side: str = ""
    reference_side: str = ""
    body_mass_kg: float = math.nan
    gravity_torque_nm: float = 0.0
    quantity: str = "force_n"
    summary: str = "best"

    def to_frame(self) -> Any:
        """Long table: torque [N m] and torque per kg per side, LSI and deficit [%]."""
        rows = []
        for s in SIDES:
            rows.append((self.test, "torque_nm", s, self.torque_nm[s], "N m"))
            rows.append((self.test, "torque_nm_per_kg", s, self.torque_nm_per_kg[s], "N m/kg"))
        rows.append((self.test, "lsi_percent", self.lsi_side, self.lsi_percent, "%"))
        rows.append((self.test, "deficit_percent", self.lsi_side, self.deficit_percent, "%"))
        return _frame(rows)


def hip_abductor_strength(left: Trials, right: Trials, *, body_mass_kg: float,
                          quantity: str = "force_n", setup: Any = None,
                          lever_arm_m: Optional[float] = None, summary: str = "best",
                          involved: Any = None, reference: Any = None,
                          lsi_cutoff_percent: float = 90.0) -> AbductorStrength:
    """Hip-abductor strength from dynamometer trials: torque, N m/kg, LSI, deficit and flag.

    Torque = force x lever arm + the gravity correction of ``setup``
    (:func:`hipmech.hip.dynamometer_torque`); torque per kg = torque / body mass; LSI = 100
    involved / reference (:func:`hipmech.stats.limb_symmetry_index`), deficit = 100 - LSI.

    Parameters
    ----------
    left, right : float or sequence of float
        One value per trial: forces [N] (``quantity="force_n"``) or torques [N m]
        (``"torque_nm"``), >= 0, NaN for a failed trial.
    body_mass_kg : float
        Body mass [kg], > 0 and at most 500 (above is not in kg: g or lb by mistake).
    quantity : {"force_n", "torque_nm"}
    setup : hipmech.hip.DynamometerSetup, optional
        Lever arm and limb weight, for forces (gravity correction: Winter, Wells & Orr 1981).
    lever_arm_m : float, optional
        Greater trochanter to the pad [m], for forces without gravity correction (instead of
        ``setup``).
    summary : {"best", "mean"}
        The largest trial (default) or the mean of the trials per side.
    involved : {"left", "right"}, hipmech.Side or None
        The involved (weak, injured) limb: the LSI's numerator.
    reference : {"left", "right"}, hipmech.Side or None
        The reference limb (the LSI's denominator, as in :func:`hipmech.stats.limb_symmetry_index`):
        the other way to name the sides; give ``involved`` or ``reference``, not both. With
        neither, LSI = weaker / stronger (said in the notes).
    lsi_cutoff_percent : float
        An LSI strictly below it is flagged (default 90 %: the return-to-sport strength
        criterion of knee rehabilitation, Thomeé et al. 2011, Grindem et al. 2016, applied to
        the hip; no hip-specific cut-off is validated).

    Returns
    -------
    AbductorStrength

    Raises
    ------
    hipmech.InvalidArgumentError
        Naming the field: ``'left'`` (no trial, a negative force), ``'body_mass_kg'``,
        ``'setup'`` (forces without a lever arm; torques with a setup), ``'setup.lever_arm_m'``,
        ``'involved'``.

    Examples
    --------
    >>> from hipmech import clinic
    >>> r = clinic.hip_abductor_strength([200, 210], [150, 155], lever_arm_m=0.5,
    ...                                  body_mass_kg=70, involved="right")
    >>> r.torque_nm, round(r.lsi_percent, 1), r.flags[0].state
    ({'left': 105.0, 'right': 77.5}, 73.8, 'flagged')
    """
    from .. import hip as _hip

    lv = _trials(left, "left")
    rv = _trials(right, "right")
    if setup is not None and lever_arm_m is not None:
        raise _invalid("lever_arm_m", "None when setup is given (setup holds the lever arm)",
                       repr(lever_arm_m))
    core_setup = None
    if setup is not None:
        if not isinstance(setup, _hip.DynamometerSetup):
            raise _invalid("setup", "a hipmech.hip.DynamometerSetup",
                           f"an object of type {type(setup).__name__}")
        core_setup = setup._to_core()
    elif lever_arm_m is not None:
        core_setup = _hip.DynamometerSetup(
            lever_arm_m=real_number(lever_arm_m, "lever_arm_m"))._to_core()
    if involved is not None and reference is not None:
        raise _invalid("reference", "None when involved is given (the other side is the "
                       "reference)", repr(reference))
    inv = _optional_side(involved, "involved")
    if reference is not None:
        inv = "left" if _side_name(reference, "reference") == "right" else "right"
    q = str(quantity).lower()
    d = _core.clinic_hip_abductor_strength(
        lv, rv, str(quantity), core_setup, real_number(body_mass_kg, "body_mass_kg"),
        str(summary), inv, real_number(lsi_cutoff_percent, "lsi_cutoff_percent"))
    return AbductorStrength(
        flags=_flags(d["flags"]), notes=list(d["notes"]),
        torque_nm_trials={s: list(d["torque_nm_trials"][s]) for s in SIDES},
        torque_nm=dict(d["torque_nm"]), torque_nm_per_kg=dict(d["torque_nm_per_kg"]),
        lsi_percent=d["lsi_percent"], deficit_percent=d["deficit_percent"],
        lsi_side=d["lsi_side"], reference_side=d["reference_side"],
        body_mass_kg=float(body_mass_kg), gravity_torque_nm=d["gravity_torque_nm"], quantity=q,
        summary="best" if str(summary).lower() in ("max", "best") else str(summary).lower())


# ---------------------------------------------------------------------------------------------
# Programme change

#: Direction of improvement of a quantity when two results are compared.
HIGHER = "higher is better"
LOWER = "lower is better"
NO_VERDICT = "no verdict"

def _table() -> dict:
    y = {}
    for d in DIRECTIONS:
        y[f"{d}_reach_cm"] = HIGHER
        y[f"{d}_reach_percent"] = HIGHER
    y.update({"composite_percent": HIGHER, "limb_length_cm": NO_VERDICT})
    for d in DIRECTIONS:
        y[f"{d}_difference_cm"] = LOWER
    y["composite_difference_percent"] = LOWER
    hop = {"single_cm": HIGHER, "triple_cm": HIGHER, "crossover_cm": HIGHER,
           "timed_6m_s": LOWER}
    hop.update({flag: HIGHER for flag in _HOP_FLAG.values()})  # every LSI, the timed hop's too
    return {
        "y_balance": y,
        "hop_tests": hop,
        "hip_abductor_strength": {
            "torque_nm": HIGHER, "torque_nm_per_kg": HIGHER, "lsi_percent": HIGHER,
            "deficit_percent": LOWER},
        "single_leg_stance": {
            "lift_off_s": NO_VERDICT, "touch_down_s": NO_VERDICT,  # moments of the recording
            "hold_time_s": HIGHER,
            "pelvic_drop_peak_deg": LOWER, "pelvic_drop_mean_deg": LOWER,
            "pelvic_drop_max_deg": LOWER,  # the largest single-frame drop
            "time_to_drop_s": HIGHER,  # a later drop: the abductors held longer
            "trunk_lean_peak_deg": LOWER, "trunk_lean_mean_deg": LOWER,
            "obliquity_noise_deg": NO_VERDICT},  # the recording's noise, not the patient's
        "single_leg_squat": {
            "repetitions": NO_VERDICT,  # a count of the task, not an outcome
            "depth_mean_leg_lengths": NO_VERDICT, "depth_sd_leg_lengths": NO_VERDICT,
            "peak_fppa_mean_deg": LOWER, "peak_fppa_sd_deg": NO_VERDICT,
            "peak_pelvic_drop_mean_deg": LOWER, "peak_pelvic_drop_sd_deg": NO_VERDICT,
            "fppa_noise_deg": NO_VERDICT},
    }


#: ``{test: {quantity: direction}}``: every quantity that a clinic result's ``to_frame()``
#: produces, with its direction of improvement when two results are compared by
#: :func:`programme_change`: ``"higher is better"``, ``"lower is better"`` or ``"no verdict"``
#: (compared, never judged: moments of a recording, limb lengths, counts and between-repetition
#: SDs). Read-only; docs/clinic.md, "Direction of each quantity", lists it.
QUANTITY_DIRECTION = MappingProxyType({t: MappingProxyType(q) for t, q in _table().items()})


def quantity_direction(test: str, quantity: str) -> str:
    """The direction of improvement of one quantity of a clinic test.

    Parameters
    ----------
    test : str
        A clinic test, e.g. ``"hop_tests"`` (a key of :data:`QUANTITY_DIRECTION`).
    quantity : str
        A quantity of its ``to_frame()``, e.g. ``"timed_6m_hop_lsi_percent"``.

    Returns
    -------
    str
        ``"higher is better"``, ``"lower is better"`` or ``"no verdict"``.

    Raises
    ------
    hipmech.InvalidArgumentError
        Naming ``'test'`` or ``'quantity'`` (unknown; the message lists the known ones).

    Examples
    --------
    >>> from hipmech import clinic
    >>> clinic.quantity_direction("hop_tests", "timed_6m_s")
    'lower is better'
    >>> clinic.quantity_direction("hop_tests", "timed_6m_hop_lsi_percent")
    'higher is better'
    """
    if test not in QUANTITY_DIRECTION:
        raise _invalid("test", "one of " + ", ".join(map(repr, QUANTITY_DIRECTION)), repr(test))
    table = QUANTITY_DIRECTION[test]
    if quantity not in table:
        raise _invalid("quantity", f"a quantity of {test} (" + ", ".join(table) + ")",
                       repr(quantity))
    return table[quantity]


@dataclass(frozen=True, kw_only=True, repr=False)
class ProgrammeChange(ClinicResult):
    """Result of :func:`programme_change`.

    For two numbers the scalar fields hold the comparison; for two clinic results they are NaN
    (``verdict`` ``""``) and ``changes`` holds one row per quantity.

    Attributes
    ----------
    name, unit : str
        What was measured and its unit.
    baseline, follow_up, change, percent_change : float
        change = follow-up - baseline; percent change = 100 change / abs(baseline) [%].
    sem : float
        The SEM used (NaN when the MDC was given).
    mdc : float
        z sqrt(2) SEM (Weir 2005; Haley & Fragala-Pinkham 2006), or as given; NaN without a
        measurement error.
    mdc_from : str
        ``"sem"``, ``"icc_sd"``, ``"mdc"`` or ``"none"``.
    z, confidence : float
    higher_is_better : bool
    verdict : str
        ``"improved"``, ``"worse"``, ``"within measurement error"`` (abs(change) <= MDC, equal
        within rounding included) or ``"not assessed"``.
    exceeds_mdc : bool or None
        abs(change) > MDC (None without an MDC or a value).
    changes : pandas.DataFrame
        One row per quantity: quantity, side, unit, baseline, follow_up, change,
        percent_change, mdc, higher_is_better (None for a quantity with no verdict, see
        :data:`QUANTITY_DIRECTION`), verdict.
    flags : list of Flag
        ``<name>_change`` per quantity: flagged when the change is beyond the MDC in the worse
        direction.
    """

    test: str = "programme_change"
    name: str = "value"
    unit: str = ""
    baseline: float = math.nan
    follow_up: float = math.nan
    change: float = math.nan
    percent_change: float = math.nan
    sem: float = math.nan
    mdc: float = math.nan
    mdc_from: str = "none"
    z: float = math.nan
    confidence: float = 0.95
    higher_is_better: bool = True
    verdict: str = ""
    exceeds_mdc: Optional[bool] = None
    changes: Any = None

    def to_frame(self) -> Any:
        """Long table: ``<quantity>_change`` (unit of the values; % points for a quantity in
        %) and ``<quantity>_percent_change`` [%] per quantity and side."""
        rows = []
        for r in self.changes.itertuples(index=False):
            unit = PERCENT_POINTS if r.unit == "%" else r.unit  # a change of a percentage
            rows.append((self.test, f"{r.quantity}_change", r.side, r.change, unit))
            rows.append((self.test, f"{r.quantity}_percent_change", r.side, r.percent_change,
                         "%"))
        return _frame(rows)


def _reliability(value: Any, arg: str) -> tuple[float, float]:
    """(icc, sd) from a pair, checked here so that the error names ``arg``."""
    if isinstance(value, (str, bytes)) or not isinstance(value, Sequence) or len(value) != 2:
        raise _invalid(arg, "a pair (icc, sd): a test-retest ICC and a between-subject SD "
                       "(SEM = SD sqrt(1 - ICC))", repr(value))
    icc = real_number(value[0], f"{arg}[0]", "an ICC")
    sd = real_number(value[1], f"{arg}[1]", "an SD")
    if not (0.0 <= icc < 1.0):
        raise _invalid(arg, "(icc, sd) with a test-retest ICC in [0, 1)" + (
            " (an ICC of 1 means no measurement error: SEM = 0, no MDC)" if icc == 1.0 else ""),
            repr(tuple(value)))
    if not (math.isfinite(sd) and sd > 0.0):
        raise _invalid(arg, "(icc, sd) with a between-subject SD > 0 in the unit of the values",
                       repr(tuple(value)))
    return icc, sd


def _positive(value: Any, arg: str, what: str) -> float:
    v = real_number(value, arg, what)
    if not (math.isfinite(v) and v > 0.0):
        raise _invalid(arg, what + " > 0 in the unit of the values", repr(value))
    return v


def _one_change(baseline: float, follow_up: float, *, sem: Any, reliability: Any, mdc: Any,
                higher_is_better: bool, confidence: float, name: str, unit: str,
                where: str = "") -> dict:
    """One comparison by the compiled core; ``where`` (".quantity") completes the argument
    names of errors when two results are compared."""
    icc = sd = math.nan
    if reliability is not None:
        icc, sd = _reliability(reliability, "reliability" + where)
    return _core.clinic_programme_change(
        baseline, follow_up,
        math.nan if sem is None else _positive(sem, "sem" + where, "an SEM"), icc, sd,
        math.nan if mdc is None else _positive(mdc, "mdc" + where, "an MDC"),
        higher_is_better, confidence, name, unit)


def programme_change(baseline: Any, follow_up: Any, *, sem: Any = None, reliability: Any = None,
                     mdc: Any = None, higher_is_better: Any = None, confidence: float = 0.95,
                     name: str = "value", unit: str = "") -> ProgrammeChange:
    """Baseline against follow-up, judged by the minimal detectable change (MDC).

    change = follow-up - baseline; percent change = 100 change / abs(baseline); MDC = z sqrt(2)
    SEM with z = 1.96 at 95 % (Weir 2005 J Strength Cond Res 19:231; Haley & Fragala-Pinkham
    2006 Phys Ther 86:735), SEM given or SD sqrt(1 - ICC), or the MDC given. Verdict:
    "improved" beyond the MDC in the better direction, "worse" beyond it in the other,
    "within measurement error" otherwise (abs(change) <= MDC; a change equal to the MDC within
    rounding, 1e-9 relative, is within).

    Parameters
    ----------
    baseline, follow_up : float, or two results of the same clinic test
        Two numbers, or e.g. two :class:`YBalance` results: then every quantity of their
        :meth:`~ClinicResult.to_frame` is compared (matched by quantity and side).
    sem : float or mapping, optional
        Standard error of measurement, in the unit of the values (for results: ``{quantity:
        SEM}``).
    reliability : (icc, sd) or mapping, optional
        Test-retest ICC in [0, 1) and between-subject SD: SEM = SD sqrt(1 - ICC) (for results:
        ``{quantity: (icc, sd)}``).
    mdc : float or mapping, optional
        The MDC itself (at ``confidence``). Give at most one of sem, reliability, mdc; with
        none, the verdict is "not assessed".
    higher_is_better : bool or mapping, optional
        Direction of improvement (default True for numbers; for results, ``{quantity: bool}``
        overrides the direction of :data:`QUANTITY_DIRECTION`, and gives one to a quantity of
        "no verdict").
    confidence : float
        Of the MDC (0.95: MDC95; 0.90: MDC90).
    name, unit : str
        What the numbers are (for the flag and the table).

    Returns
    -------
    ProgrammeChange

    Raises
    ------
    hipmech.InvalidArgumentError
        Naming the argument: ``'sem'``, ``'mdc'``, ``'reliability'`` (out of range; for
        results ``'sem.composite_percent'``...), ``'sem'``/``'mdc'``/``'reliability'``/
        ``'higher_is_better'`` (a mapping naming a quantity the results do not have; the
        message lists theirs), ``'follow_up'`` (a result of another test).

    Examples
    --------
    >>> from hipmech import clinic
    >>> p = clinic.programme_change(1.20, 1.62, sem=0.10, name="abductor_torque_nm_per_kg",
    ...                             unit="N m/kg")
    >>> round(p.percent_change, 1), round(p.mdc, 3), p.verdict
    (35.0, 0.277, 'improved')
    """
    import pandas as pd

    conf = real_number(confidence, "confidence")
    if isinstance(baseline, ClinicResult) or isinstance(follow_up, ClinicResult):
        return _compare_results(baseline, follow_up, sem=sem, reliability=reliability, mdc=mdc,
                                higher_is_better=higher_is_better, confidence=conf)
    b = real_number(baseline, "baseline")
    f = real_number(follow_up, "follow_up")
    hib = True if higher_is_better is None else _bool(higher_is_better, "higher_is_better")
    for arg, v in (("sem", sem), ("reliability", reliability), ("mdc", mdc)):
        if isinstance(v, Mapping):
            raise _invalid(arg, "a number (a mapping {quantity: ...} is for two clinic "
                           "results)", "a mapping")
    d = _one_change(b, f, sem=sem, reliability=reliability, mdc=mdc, higher_is_better=hib,
                    confidence=conf, name=str(name), unit=str(unit))
    exceeds = None if math.isnan(d["mdc"]) or math.isnan(d["change"]) else \
        d["verdict"] in ("improved", "worse")
    changes = pd.DataFrame([{
        "quantity": str(name), "side": "", "unit": str(unit), "baseline": b, "follow_up": f,
        "change": d["change"], "percent_change": d["percent_change"], "mdc": d["mdc"],
        "higher_is_better": hib, "verdict": d["verdict"]}])
    return ProgrammeChange(
        flags=_flags(d["flags"]), notes=list(d["notes"]), name=str(name), unit=str(unit),
        baseline=b, follow_up=f, change=d["change"], percent_change=d["percent_change"],
        sem=d["sem"], mdc=d["mdc"], mdc_from=d["mdc_from"], z=d["z"], confidence=conf,
        higher_is_better=hib, verdict=d["verdict"], exceeds_mdc=exceeds, changes=changes)


def _per_quantity(value: Any, arg: str, known: Sequence[str]) -> dict:
    """A mapping ``{quantity: setting}`` for two results; a quantity the results do not have
    is an error (a typo would otherwise leave a quantity without its error or direction)."""
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise _invalid(arg, "a mapping {quantity: value} when comparing two clinic results "
                       "(one per quantity)", f"an object of type {type(value).__name__}")
    for q in value:
        if q not in known:
            raise _invalid(arg, "quantities of the results compared (" + ", ".join(known) + ")",
                           f"the unknown quantity {q!r}")
    return dict(value)


def _side_notes(test: str, quantity_sides: dict, baseline: Any, follow_up: Any) -> list[str]:
    """A note when an LSI is on another side at follow-up than at baseline: the involved side
    was changed, or (without one) the worse side flipped. Its rows do not match (one side
    each), so they get no verdict; the note says why."""
    moved: dict = {}
    for q, (before, after) in quantity_sides.items():
        if len(before) == 1 and len(after) == 1 and before != after and "" not in before | after:
            moved.setdefault((next(iter(before)), next(iter(after))), []).append(q)
    if not hasattr(baseline, "lsi_side"):  # a task of one side (stance, squat)
        return [f"{test}: the baseline is of the {b} side and the follow-up of the {f} side: "
                f"{', '.join(qs)} not compared" for (b, f), qs in moved.items()]
    named = (_named_involved(baseline), _named_involved(follow_up))
    why = ("the involved side was changed" if all(named) else
           "no involved side was named and the worse side flipped" if not any(named) else
           "the involved side was named in one of the two only")
    return [f"{test}: the LSI is of the {b} side at baseline and of the {f} side at follow-up "
            f"({why}): {', '.join(qs)} not compared; compare each side's own values"
            for (b, f), qs in moved.items()]


def _named_involved(result: Any) -> bool:
    """Whether the result's LSI side was named (``involved=``) rather than the worse side."""
    if hasattr(result, "involved"):
        return result.involved is not None
    return not any("no involved side given" in n for n in result.notes)


#: Times to an event that may never happen (``{test: (quantity, ...)}``): NaN there means "the
#: event did not happen" when :func:`_never` says so, not missing data.
_EVENT_TIMES = {"single_leg_stance": ("time_to_drop_s",)}


def _never(result: Any, quantity: str, other: Any = None) -> bool:
    """Whether ``quantity`` of a stance result is NaN because the pelvis never dropped: the
    time is NaN, the result's own drop flag (``pelvic_drop_peak_deg``) is "clear" (the drop was
    assessed and stayed below the cut-off), and the hold was long enough to have shown a drop:
    its ``hold_time_s`` flag is "clear" (held for the test's 30 s, Hardcastle & Nade 1985) and,
    when the other session dropped, the hold lasted at least until that session's time to
    drop. A shorter hold only says "no drop yet" (a censored time): then NaN is missing, as it
    is after a side view, a noisy recording or no lift-off (drop flag "not assessed")."""
    if quantity != "time_to_drop_s" or not math.isnan(_as_float(getattr(result, quantity,
                                                                             0.0))):
        return False
    state = {f.name: f.state for f in getattr(result, "flags", [])}
    if state.get("pelvic_drop_peak_deg") != "clear" or state.get("hold_time_s") != "clear":
        return False
    other_time = _as_float(getattr(other, quantity, math.nan)) if other is not None else math.nan
    hold = _as_float(getattr(result, "hold_time_s", math.nan))
    return not (math.isfinite(other_time) and not hold >= other_time)


def _censored_note(quantity: str, result: Any, when: str) -> str | None:
    """A note for a stance whose NaN time to drop is censored (no drop seen, but the hold was
    too short or ended before the test's 30 s), or None."""
    if quantity != "time_to_drop_s" or not math.isnan(_as_float(getattr(result, quantity,
                                                                             0.0))):
        return None
    state = {f.name: f.state for f in getattr(result, "flags", [])}
    if state.get("pelvic_drop_peak_deg") == "clear" and state.get("hold_time_s") != "clear":
        hold = _as_float(getattr(result, "hold_time_s", math.nan))
        return (f"{quantity}: no drop at {when}, but the hold lasted {hold:.3g} s, short of the "
                "test's 30 s: no drop yet, not a best outcome (not assessed)")
    return None


def _as_float(v: Any) -> float:
    try:
        return float(v)
    except (TypeError, ValueError):
        return math.nan


def _event_change(quantity: str, unit: str, d: dict, flags: list, notes: list,
                  never_b: bool, never_f: bool) -> tuple[dict, list, list]:
    """The change of a time to an event that did not happen at baseline and/or follow-up: no
    drop is the best outcome (the pelvis held for the whole hold), so a drop at baseline and
    none at follow-up is "improved", the reverse "worse", none at either "within measurement
    error" (no change); the change in seconds stays NaN (there is no time to subtract). The
    drop flags that decide it are the stance's own, judged against the recording's noise."""
    if not (never_b or never_f):
        return d, flags, notes
    base_dropped = not never_b and math.isfinite(_as_float(d["baseline"]))
    follow_dropped = not never_f and math.isfinite(_as_float(d["follow_up"]))
    notes = [n for n in notes if "is missing (NaN)" not in n]
    d = dict(d)
    if never_b and never_f:
        verdict, state = "within measurement error", "clear"
        note = f"{quantity}: no drop at baseline or in the follow-up (best outcome both times)"
    elif base_dropped and never_f:
        verdict, state = "improved", "clear"
        note = (f"{quantity}: no drop in the follow-up (best outcome); the pelvis dropped "
                f"{d['baseline']:.3g} {unit} after lift-off at baseline")
    elif never_b and follow_dropped:
        verdict, state = "worse", "flagged"
        note = (f"{quantity}: the pelvis dropped {d['follow_up']:.3g} {unit} after lift-off in "
                "the follow-up; no drop at baseline (the best outcome then)")
    else:  # no drop on one side, missing on the other
        when = "baseline" if never_b else "follow-up"
        other = "follow-up" if never_b else "baseline"
        notes.append(f"{quantity}: no drop at {when} (best outcome); the {other}'s is missing "
                     "(not assessed)")
        return d, flags, notes
    d["verdict"] = verdict
    flags = [dataclasses.replace(f, state=state, note=note) for f in flags]
    return d, flags, notes + [note]


def _compare_results(baseline: Any, follow_up: Any, *, sem: Any, reliability: Any, mdc: Any,
                     higher_is_better: Any, confidence: float) -> ProgrammeChange:
    import pandas as pd

    for arg, r in (("baseline", baseline), ("follow_up", follow_up)):
        if not isinstance(r, ClinicResult) or isinstance(r, ProgrammeChange):
            raise _invalid(arg, "a clinic test's result (as the other argument) or a number",
                           f"an object of type {type(r).__name__}")
    if type(baseline) is not type(follow_up) or baseline.test != follow_up.test:
        raise _invalid("follow_up", f"a result of the same test as baseline ({baseline.test})",
                       f"a result of {follow_up.test}")
    test = baseline.test
    directions = QUANTITY_DIRECTION.get(test, {})
    # Rows matched by (quantity, side), in the baseline's order, then the follow-up's extras.
    pairs: dict = {}
    sides: dict = {}
    for which, frame in ((0, baseline.to_frame()), (1, follow_up.to_frame())):
        for r in frame.itertuples(index=False):
            entry = pairs.setdefault((r.quantity, r.side), [math.nan, math.nan, r.unit])
            entry[which] = float(r.value)
            sides.setdefault(r.quantity, (set(), set()))[which].add(r.side)
    known = list(sides)
    sems = _per_quantity(sem, "sem", known)
    rels = _per_quantity(reliability, "reliability", known)
    mdcs = _per_quantity(mdc, "mdc", known)
    hibs = {q: _bool(v, f"higher_is_better.{q}")
            for q, v in _per_quantity(higher_is_better, "higher_is_better", known).items()}
    for q in known:
        given = [a for a, m in (("sem", sems), ("reliability", rels), ("mdc", mdcs)) if q in m]
        if len(given) > 1:
            raise _invalid(given[1], f"one measurement error for {q!r} (it is in "
                           f"{' and '.join(given)})", "two")
        if given and q not in hibs and directions.get(q, NO_VERDICT) == NO_VERDICT:
            raise _invalid(f"{given[0]}.{q}", f"a measurement error of a judged quantity: {q!r} "
                           "is compared but never judged (hipmech.clinic.QUANTITY_DIRECTION); "
                           f"pass higher_is_better={{{q!r}: True or False}} to judge it",
                           "a measurement error")
    side_notes = _side_notes(test, sides, baseline, follow_up)
    rows, flags, notes, unjudged = [], [], [], []
    for (q, side), (value_b, value_f, unit) in pairs.items():
        direction = directions.get(q)
        hib: Optional[bool] = hibs.get(q, None if direction in (None, NO_VERDICT)
                                        else direction == HIGHER)
        judged = hib is not None
        if not judged and q not in unjudged:
            unjudged.append(q)
        d = _one_change(value_b, value_f,
                        sem=sems.get(q) if judged else None,
                        reliability=rels.get(q) if judged else None,
                        mdc=mdcs.get(q) if judged else None,
                        higher_is_better=bool(hib) if hib is not None else True,
                        confidence=confidence, name=q, unit=str(unit), where=f".{q}")
        row_flags = _flags(d["flags"])
        row_notes = [n for n in d["notes"] if "no measurement error given" not in n]
        if q in _EVENT_TIMES.get(test, ()) and hib is True:
            d, row_flags, row_notes = _event_change(q, unit, d, row_flags, row_notes,
                                                    _never(baseline, q, follow_up),
                                                    _never(follow_up, q, baseline))
            row_notes += [n for n in (_censored_note(q, baseline, "baseline"),
                                      _censored_note(q, follow_up, "follow-up")) if n]
        rows.append({"quantity": q, "side": side, "unit": unit, "baseline": value_b,
                     "follow_up": value_f, "change": d["change"],
                     "percent_change": d["percent_change"], "mdc": d["mdc"],
                     "higher_is_better": hib, "verdict": d["verdict"]})
        if hib is not None:
            flags += [dataclasses.replace(fl, side=side) for fl in row_flags]
        notes += [n if not side else f"{n} ({side})" for n in row_notes]
    head = [f"{test}: {len(rows)} quantities compared; a quantity without a measurement error "
            "(sem, reliability or mdc) gets no verdict" +
            (", except time_to_drop_s when the pelvis dropped in one session and not in the "
             "other (decided by each stance's own noise-aware drop flag)"
             if test == "single_leg_stance" else "")]
    if unjudged:
        head.append(f"{test}: compared but never judged (no direction of improvement, see "
                    "hipmech.clinic.QUANTITY_DIRECTION): " + ", ".join(unjudged))
    return ProgrammeChange(
        test=f"programme_change: {test}", flags=flags, notes=head + side_notes + notes,
        name=test, confidence=confidence, changes=pd.DataFrame(rows))
