"""Left/right asymmetry indices with an explicit reference limb (re-exported by hipmech.stats).

Every index is positive when the non-reference limb has the larger magnitude: LSI above 100 %,
a ratio above 1, a positive symmetry index, symmetry angle and percent difference.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Union

import numpy as np

from .. import _core
from .._args import invalid_argument as _invalid, side_name as _side_name
from . import _checks

__all__ = [
    "Asymmetry",
    "asymmetry_ratio",
    "asymmetry_table",
    "limb_symmetry_index",
    "percent_difference",
    "symmetry_angle",
    "symmetry_index",
]

_REASONS = tuple(_core.stats_asymmetry_reasons())

_NAMES = {
    "lsi": ("limb symmetry index", "percent"),
    "si": ("symmetry index (Robinson 1987)", "percent"),
    "sa": ("symmetry angle (Zifchock 2008)", "percent"),
    "ratio": ("ratio", "ratio"),
    "diff_max": ("percent difference (of the larger value)", "percent"),
    "diff_reference": ("percent difference (of the reference value)", "percent"),
}


@dataclass(frozen=True)
class Asymmetry:
    """An asymmetry index of one pair (floats) or of many pairs (arrays).

    Attributes
    ----------
    index : str
        The index, e.g. ``"limb symmetry index"``.
    unit : str
        ``"percent"`` or ``"ratio"``.
    reference : str
        The reference limb, ``"left"`` or ``"right"``; the other limb is the numerator, and a
        positive value (LSI above 100, ratio above 1) means the other limb is larger.
    value : float or numpy.ndarray
        The index; NaN where it is undefined.
    reason : str or numpy.ndarray of str
        Why a value is NaN (``"missing value"``, ``"reference value is zero"``, ``"both values
        are zero"``, ``"values have opposite signs"``); ``""`` where it is defined.
    left, right : float or numpy.ndarray
        The inputs.
    """

    index: str
    unit: str
    reference: str
    value: Union[float, np.ndarray]
    reason: Union[str, np.ndarray]
    left: Union[float, np.ndarray]
    right: Union[float, np.ndarray]

    def __float__(self) -> float:
        if np.ndim(self.value) != 0:
            raise TypeError("float() of an Asymmetry of many pairs; use .value")
        return float(self.value)

    def __array__(self, dtype=None, copy=None):
        return np.asarray(self.value, dtype=dtype)

    @property
    def n_undefined(self) -> int:
        """How many values are NaN (each with its reason)."""
        return int(np.count_nonzero(np.isnan(self.value)))

    def to_dataframe(self):
        """One row per pair: left, right, value, reason (pandas DataFrame)."""
        import pandas as pd

        column = "value_percent" if self.unit == "percent" else "ratio"
        return pd.DataFrame({"left": np.atleast_1d(self.left), "right": np.atleast_1d(self.right),
                             column: np.atleast_1d(self.value),
                             "reason": np.atleast_1d(self.reason)})


def _values(x: Any, arg: str) -> np.ndarray:
    """A float array of real numbers (NaN for missing; pandas NA too); ValueError naming
    ``arg`` for None, booleans, strings and other non-numbers."""
    a = np.asarray(_checks.pandas_values(x, arg))  # pandas NA -> NaN
    if a.dtype.kind not in "fiu":
        got = repr(x) if a.ndim == 0 else f"dtype {a.dtype}"
        raise _invalid(arg, "a number or an array of real numbers", got)
    return np.atleast_1d(a.astype(float, copy=False))


def _compute(kind: str, left: Any, right: Any, reference: Any) -> Asymmetry:
    ref = _side_name(reference, "reference")
    scalar = np.ndim(left) == 0 and np.ndim(right) == 0
    lv = _values(left, "left")
    rv = _values(right, "right")
    if lv.ndim != 1:
        raise _invalid("left", "a number or a 1-D array", f"shape {lv.shape}")
    if rv.ndim != 1:
        raise _invalid("right", "a number or a 1-D array", f"shape {rv.shape}")
    values, codes = _core.stats_asymmetry(kind, lv, rv, ref)
    reasons = np.array([_REASONS[c] for c in codes], dtype=object)
    name, unit = _NAMES[kind]
    if scalar:
        return Asymmetry(name, unit, ref, float(values[0]), str(reasons[0]), float(lv[0]),
                         float(rv[0]))
    return Asymmetry(name, unit, ref, values, reasons, lv, rv)


def limb_symmetry_index(left: Any, right: Any, *, reference: Any) -> Asymmetry:
    """Limb symmetry index, percent: ``100 * other / reference``.

    Parameters
    ----------
    left, right : float or array_like
        The values of each limb (one pair, or one value per subject or stride).
    reference : {"left", "right"} or hipmech.Side
        The reference limb, usually the uninvolved one. Required: the index depends on it.

    Returns
    -------
    Asymmetry
        100 means symmetry; 90 means the other limb reaches 90 % of the reference. NaN with a
        reason for a missing value, a zero reference or values of opposite sign.

    Examples
    --------
    >>> from hipmech import stats
    >>> stats.limb_symmetry_index(left=180.0, right=200.0, reference="right").value
    90.0
    """
    return _compute("lsi", left, right, reference)


def symmetry_index(left: Any, right: Any, *, reference: Any) -> Asymmetry:
    """Robinson et al. (1987) symmetry index, percent:
    ``100 * (other - reference) / (0.5 * (other + reference))``.

    0 means symmetry; positive when the non-reference limb is larger. Values of opposite sign
    give NaN with a reason (use :func:`symmetry_angle` for signed variables).
    """
    return _compute("si", left, right, reference)


def symmetry_angle(left: Any, right: Any, *, reference: Any) -> Asymmetry:
    """Zifchock et al. (2008) symmetry angle, percent:
    ``100 * (45 deg - arctan(reference / other)) / 90 deg``, with the wrap branch
    (subtract 180 deg when the bracket exceeds 90 deg) for values of opposite sign.

    0 means symmetry, +-100 % perfect asymmetry; positive when the non-reference limb is
    larger. Defined for signed values; NaN only for missing values or two zeros.
    """
    return _compute("sa", left, right, reference)


def asymmetry_ratio(left: Any, right: Any, *, reference: Any) -> Asymmetry:
    """The ratio ``other / reference`` (1 means symmetry)."""
    return _compute("ratio", left, right, reference)


def percent_difference(left: Any, right: Any, *, reference: Any,
                       denominator: str = "max") -> Asymmetry:
    """Percent difference of magnitudes: ``100 * (other - reference) / max`` (``denominator=
    "max"``, the larger of the two) or ``/ reference`` (``denominator="reference"``)."""
    if denominator not in ("max", "reference"):
        raise _invalid("denominator", "'max' or 'reference'", repr(denominator))
    return _compute("diff_max" if denominator == "max" else "diff_reference", left, right,
                    reference)


def asymmetry_table(left: Any, right: Any, *, reference: Any):
    """Every index for arrays of pairs, as a pandas DataFrame.

    Columns: ``left``, ``right``, ``lsi_percent``, ``symmetry_index_percent``,
    ``symmetry_angle_percent``, ``ratio``, ``percent_difference`` (of the larger value), and a
    ``reason`` per index column (``lsi_reason``, ...; empty where the value is defined).
    """
    import pandas as pd

    columns = {}
    left, right = _values(left, "left"), _values(right, "right")
    for kind, col in (("lsi", "lsi_percent"), ("si", "symmetry_index_percent"),
                      ("sa", "symmetry_angle_percent"), ("ratio", "ratio"),
                      ("diff_max", "percent_difference")):
        a = _compute(kind, left, right, reference)
        if not columns:
            columns["left"] = a.left
            columns["right"] = a.right
        columns[col] = a.value
        columns[col.replace("_percent", "") + "_reason"] = a.reason
    return pd.DataFrame(columns)
