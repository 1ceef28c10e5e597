"""Literature thresholds for the hip report's flags (docs: report, "Thresholds").

Every threshold names its source, the activity it was measured in and how the number was
derived. Where no agreed cut-off exists the entry keeps ``value=None`` and says why: the flag is
then not computed rather than invented.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Optional

__all__ = ["MIN_STANCES", "THRESHOLDS", "Threshold", "threshold_table"]

_DIRECTIONS = ("above", "below", "beyond")
_MEASURES = ("side", "difference")

#: Stances needed per side before a flag is raised: with fewer, a mean and its CI say little
#: about a person's gait (one stride per side is one sample of a variable process).
MIN_STANCES = 3


@dataclass(frozen=True)
class Threshold:
    """A literature threshold for one reported quantity.

    Attributes
    ----------
    quantity : str
        The summary quantity it applies to (``"hip_adduction_deg"``, ...) or
        ``"symmetry_index_percent"`` / ``"symmetry_angle_percent"`` for the asymmetry of every
        quantity.
    value : float or None
        The threshold in ``unit``; None when no agreed value exists (the flag is not computed
        and ``note`` says why).
    unit : str
        ``"deg"``, ``"N·m/kg"`` or ``"%"``.
    direction : {"above", "below", "beyond"}
        A side mean is flagged when it is above (below) ``value``; ``"beyond"`` (a difference
        or an asymmetry index) flags a magnitude larger than ``value`` whatever the sign. In
        every case the 95 % CI must lie wholly beyond ``value`` and each side have at least
        :data:`MIN_STANCES` stances.
    context : str
        The activity and phase the threshold was measured in (e.g. ``"running, loading
        response"``). Comparing another activity with it is an extrapolation.
    source : str
        The full citation, with the table or section the number comes from.
    derivation : str
        How ``value`` follows from the source (e.g. "mean + 2 SD of healthy runners").
    note : str
        Why ``value`` is None, or a caveat.
    measure : {"side", "difference"}
        ``"side"``: each side's mean is compared with ``value``; ``"difference"``: the
        left-right difference of the side means (other minus reference limb) is compared with
        ``value`` (direction ``"beyond"``: a margin either way). The ``"symmetry_index_percent"``
        and ``"symmetry_angle_percent"`` thresholds ignore it.
    population : str
        Who the number was measured on (``"adults"``, ``"children"``, ...); shown with each flag.
    min_age_years, max_age_years : float, optional
        The ages the threshold applies to. A subject outside them still gets the flag when no
        threshold of the same quantity fits their age, with the caveat in the flag's text; a
        subject of unknown age gets it with a caveat when the population is restricted.
    """

    quantity: str
    value: Optional[float]
    unit: str
    direction: str
    context: str
    source: str
    derivation: str = ""
    note: str = ""
    measure: str = "side"
    population: str = ""
    min_age_years: Optional[float] = None
    max_age_years: Optional[float] = None

    def __post_init__(self) -> None:
        if self.measure not in _MEASURES:
            raise ValueError(f"argument 'measure': expected one of {_MEASURES}, got "
                             f"{self.measure!r}")
        if self.measure == "difference" and self.direction != "beyond":
            raise ValueError("argument 'direction': a 'difference' threshold is a margin either "
                             f"way: expected 'beyond', got {self.direction!r}")
        for name in ("min_age_years", "max_age_years"):
            v = getattr(self, name)
            if v is not None and (isinstance(v, bool) or not isinstance(v, (int, float))
                                  or not math.isfinite(float(v)) or v < 0):
                raise ValueError(f"argument {name!r}: expected an age in years >= 0 or None, "
                                 f"got {v!r}")
        if not isinstance(self.quantity, str) or not self.quantity:
            raise ValueError(f"argument 'quantity': expected a quantity name, got "
                             f"{self.quantity!r}")
        if self.direction not in _DIRECTIONS:
            raise ValueError(f"argument 'direction': expected one of {_DIRECTIONS}, got "
                             f"{self.direction!r}")
        if self.value is not None:
            if isinstance(self.value, bool) or not isinstance(self.value, (int, float)):
                raise TypeError(f"argument 'value': expected a number or None, got "
                                f"{type(self.value).__name__}")
            if not math.isfinite(float(self.value)):
                raise ValueError(f"argument 'value': expected a finite number or None, got "
                                 f"{self.value!r}")
        if not isinstance(self.source, str):
            raise TypeError(f"argument 'source': expected a str, got {type(self.source).__name__}")
        if self.value is not None and not self.source.strip():
            raise ValueError("argument 'source': expected the citation of the threshold, got "
                             f"{self.source!r}")

    @property
    def computed(self) -> bool:
        """True when the threshold has a value (a flag can be computed)."""
        return self.value is not None

    def applies_to_age(self, age_years: Optional[float]) -> Optional[bool]:
        """True when ``age_years`` lies in the threshold's age range (or it has none); False
        outside it; None when the age is unknown and the range is restricted."""
        if self.min_age_years is None and self.max_age_years is None:
            return True
        if age_years is None:
            return None
        lo = -math.inf if self.min_age_years is None else float(self.min_age_years)
        hi = math.inf if self.max_age_years is None else float(self.max_age_years)
        return bool(lo <= age_years <= hi)

    def exceeded(self, x: float) -> Optional[bool]:
        """Whether ``x`` is beyond the threshold; None when ``x`` is NaN or there is no value."""
        if self.value is None or x is None or not math.isfinite(float(x)):
            return None
        v = float(self.value)
        if self.direction == "above":
            return bool(x > v)
        if self.direction == "below":
            return bool(x < v)
        return bool(abs(x) > v)

    def describe(self) -> str:
        """One line: the rule, its context and its source (for tables)."""
        if self.value is None:
            return f"not computed: {self.note}" if self.note else "not computed"
        sym = {"above": ">", "below": "<", "beyond": "beyond +/-"}[self.direction]
        what = ("left-right difference of the side means" if self.measure == "difference"
                else "SI" if self.quantity == "symmetry_index_percent"
                else "SA" if self.quantity == "symmetry_angle_percent" else "side mean")
        pop = f"; {self.population}" if self.population else ""
        return (f"{what} {sym} {self.value:g} {self.unit}, its 95 % CI wholly beyond, n >= "
                f"{MIN_STANCES} per side ({self.context}; {self.short_source}{pop})")

    @property
    def short_source(self) -> str:
        """The first author and year of the (first) citation, e.g. "Heiderscheit et al. 2011"."""
        if not self.source:
            return "no source"
        m = re.match(r"\s*([^\s,]+)([^(]*)\((\d{4}[a-z]?)\)", self.source)
        if not m:
            return self.source
        others = [a.split() for a in m.group(2).split(",")[1:] if a.split()]
        if not others:  # one author or an institution: the whole name
            return f"{(m.group(1) + m.group(2)).strip()} {m.group(3)}"
        if len(others) == 1:
            return f"{m.group(1)} & {others[0][0]} {m.group(3)}"
        return f"{m.group(1)} et al. {m.group(3)}"

    def to_dict(self) -> dict[str, Any]:
        return {"quantity": self.quantity, "value": self.value, "unit": self.unit,
                "direction": self.direction, "context": self.context, "source": self.source,
                "derivation": self.derivation, "note": self.note, "measure": self.measure,
                "population": self.population, "min_age_years": self.min_age_years,
                "max_age_years": self.max_age_years}


_MCGINLEY = ("McGinley JL, Baker R, Wolfe R, Morris ME (2009). The reliability of "
             "three-dimensional kinematic gait measurements: a systematic review. Gait Posture "
             "29(3):360-369, doi:10.1016/j.gaitpost.2008.09.003")

_HEIDERSCHEIT = ("Heiderscheit BC, Chumanov ES, Michalski MP, Wille CM, Ryan MB (2011). Effects of "
                 "step rate manipulation on joint mechanics during running. Med Sci Sports Exerc "
                 "43(2):296-302, doi:10.1249/MSS.0b013e3181ebedf4, Table 3 (preferred step rate)")

#: The default thresholds (see docs/report.md, "Thresholds", for the reasoning behind each).
THRESHOLDS: tuple[Threshold, ...] = (
    Threshold(
        quantity="pelvic_drop_deg", value=None, unit="deg", direction="above",
        context="walking",
        source="Hardcastle P, Nade S (1985). The significance of the Trendelenburg test. J Bone "
               "Joint Surg Br 67(5):741-746; Bramah C, Preece SJ, Gill N, Herrington L (2018). "
               "Is there a pathological gait associated with common soft tissue running "
               "injuries? Am J Sports Med 46(12):3023-3031",
        note="no agreed cut-off for gait: the Trendelenburg sign is a single-leg-stance test "
             "and normal walking has a few degrees of drop in every stance; Bramah et al. "
             "(2018) report an odds ratio per degree in running, not a cut-off (docs: pelvis, "
             "'Trendelenburg flag: which threshold'). Pass your lab's own threshold."),
    Threshold(
        quantity="knee_valgus_deg", value=None, unit="deg", direction="above",
        context="walking",
        source="",
        note="no published cut-off for 3-D knee valgus in walking was adopted: thresholds in "
             "the literature come from landing and squatting tasks, whose knee angles do not "
             "transfer to gait. Pass your lab's own threshold."),
    Threshold(
        quantity="hip_adduction_deg", value=17.0, unit="deg", direction="above",
        population="adult runners", min_age_years=18.0,
        context="running, loading response",
        source=_HEIDERSCHEIT,
        derivation="mean + 2 SD of the peak hip adduction angle of healthy runners at their "
                   "preferred step rate: 10.4 + 2 x 3.3 deg"),
    Threshold(
        quantity="hip_abduction_moment_nm_per_kg", value=0.7, unit="N·m/kg", direction="below",
        population="adults", min_age_years=18.0,
        context="walking, stance",
        source="Lewinson RT, Worobets JT, Stefanyshyn DJ (2014). The relationship between "
               "maximal hip abductor strength and resultant loading at the knee during walking. "
               "Proc Inst Mech Eng H 228(12):1258-1263, doi:10.1177/0954411914562490 (abstract: "
               "peak internal hip abductor moment during gait 1.1 ± 0.2 N·m/kg, n = 14)",
        derivation="mean - 2 SD of the peak internal hip abduction moment of 14 healthy adults "
                   "walking: 1.1 - 2 x 0.2 N·m/kg",
        note="a low moment flags a possibly weak or unloaded abductor (or a trunk lean over the "
             "stance limb); a small sample, so a lab's own healthy data are better. The "
             "study's moment axes are not given in its abstract: the report's default (JCS) "
             "and a thigh-frame component can differ by several tenths of a N·m/kg (docs: "
             "report). Running values are higher: 1.8 ± 0.4 N·m/kg in Heiderscheit et al. "
             "(2011), Table 3"),
    Threshold(
        quantity="pelvic_drop_deg", value=2.0, unit="deg", direction="beyond",
        measure="difference", context="walking, between sessions", source=_MCGINLEY,
        derivation="the review's bound of acceptable measurement error: errors of 2 deg or "
                   "less are acceptable, 2-5 deg reasonable, above 5 deg of concern; pelvic "
                   "obliquity had among the lowest errors of all gait angles, so its bound is "
                   "the lower one",
        note="a left-right difference of the side means inside the measurement error of the "
             "angle cannot be told from marker placement; the CI rule adds the between-stride "
             "variability"),
    Threshold(
        quantity="hip_adduction_deg", value=2.0, unit="deg", direction="beyond",
        measure="difference", context="walking, between sessions", source=_MCGINLEY,
        derivation="the review's bound of acceptable error (2 deg); hip ab/adduction had among "
                   "the lowest errors of all gait angles"),
    Threshold(
        quantity="knee_valgus_deg", value=5.0, unit="deg", direction="beyond",
        measure="difference", context="walking, between sessions", source=_MCGINLEY,
        derivation="the review's upper bound of reasonable error (5 deg): the knee's frontal "
                   "angle is more error-prone than the pelvis and hip (flexion cross-talk, "
                   "thigh marker and rotation offsets)"),
    Threshold(
        quantity="symmetry_index_percent", value=10.0, unit="%", direction="beyond",
        population="adults", min_age_years=18.0,
        context="walking (hip osteoarthritis vs controls)",
        source="Hodt-Billington C, Helbostad JL, Vervaat W, Rognsvåg T, Moe-Nilssen R (2012). "
               "Criteria of gait asymmetry in patients with hip osteoarthritis. Physiother Theory "
               "Pract 28(2):134-141, doi:10.3109/09593985.2011.574783",
        derivation="the general 10 % symmetry criterion, which Hodt-Billington et al. (2012) "
                   "found to separate 37 patients with end-stage hip osteoarthritis from 56 "
                   "controls without classifying able-bodied gait as asymmetric",
        note="applied only to ratio-scaled quantities with both side means positive (the hip "
             "abduction moment); angles are judged by their left-right difference in degrees. "
             "Validated on trunk accelerations, single support and step length; Herzog et al. "
             "(1989, Med Sci Sports Exerc 21:110-114) found the normal limits of the symmetry "
             "index to range from 4 % to over 13,000 % across force-plate variables, widest for "
             "variables near zero: a ratio of small angles is not a measure of asymmetry"),
)


def _coerce(thresholds: Any) -> tuple[Threshold, ...]:
    """The user's ``thresholds=``: None (the defaults), a sequence of Threshold, or a mapping
    quantity -> Threshold."""
    if thresholds is None:
        return THRESHOLDS
    if isinstance(thresholds, Threshold):
        return (thresholds,)
    if isinstance(thresholds, Mapping):
        items = list(thresholds.values())
    elif isinstance(thresholds, (str, bytes)) or not isinstance(thresholds, Iterable):
        raise TypeError("argument 'thresholds': expected None, a sequence of "
                        f"hipmech.report.Threshold or a mapping of them, got "
                        f"{type(thresholds).__name__}")
    else:
        items = list(thresholds)
    for t in items:
        if not isinstance(t, Threshold):
            raise TypeError("argument 'thresholds': expected hipmech.report.Threshold items, got "
                            f"{type(t).__name__}")
    return tuple(items)


def threshold_table(thresholds: Any = None):
    """The thresholds as a pandas DataFrame (one row each)."""
    import pandas as pd

    return pd.DataFrame([t.to_dict() for t in _coerce(thresholds)])
