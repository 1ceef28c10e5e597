"""What every clinic result shares: flags with their rule and source, notes, a long table and a
JSON-ready dict (docs/clinic.md, "Flags" and "Results")."""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass, field
from typing import Any, Optional

import numpy as np

from .. import _results

__all__ = ["ClinicResult", "Flag"]

FLAG_STATES = ("flagged", "clear", "not assessed")


@dataclass(frozen=True)
class Flag:
    """One flag of a clinical test: ``value`` compared with ``cutoff`` by ``rule``.

    Attributes
    ----------
    name : str
        What is judged, e.g. ``"anterior_reach_difference_cm"``.
    side : str
        ``"left"``, ``"right"``, or ``""`` for a left/right pair.
    value, cutoff : float
        The value judged and the cut-off, both in ``unit``; NaN when missing.
    unit : str
        Unit of ``value`` and ``cutoff`` (``"cm"``, ``"%"``, ``"deg"``, ...).
    rule : str
        The rule in words, e.g. ``"difference > 4 cm"``.
    source : str
        The citation of the cut-off.
    state : str
        ``"flagged"`` (rule met), ``"clear"`` (applied, not met) or ``"not assessed"``.
    note : str
        Why the rule was not assessed, or a caveat; empty otherwise.
    """

    name: str
    side: str
    value: float
    cutoff: float
    unit: str
    rule: str
    source: str
    state: str
    note: str = ""

    @property
    def flagged(self) -> Optional[bool]:
        """True (flagged), False (clear) or None (not assessed)."""
        return None if self.state == "not assessed" else self.state == "flagged"

    @classmethod
    def from_core(cls, d: dict) -> "Flag":
        return cls(**{f.name: d[f.name] for f in dataclasses.fields(cls)})

    @classmethod
    def make(cls, name: str, side: str, value: float, cutoff: float, unit: str, rule: str,
             source: str, flagged: bool, note_when_missing: str = "a value is missing") -> "Flag":
        """A flag whose state follows from ``flagged``, or "not assessed" when ``value`` or
        ``cutoff`` is NaN (the Python twin of ``hipmech::clinic::make_flag``)."""
        value, cutoff = float(value), float(cutoff)
        if math.isnan(value) or math.isnan(cutoff):
            return cls(name, side, value, cutoff, unit, rule, source, "not assessed",
                       note_when_missing)
        return cls(name, side, value, cutoff, unit, rule, source,
                   "flagged" if flagged else "clear")


def _jsonable(value: Any) -> Any:
    """JSON-ready: NaN and infinities become None, numpy scalars and arrays Python values."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)
                if not f.name.startswith("_")}
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, np.ndarray):
        return [_jsonable(v) for v in value.tolist()]
    if isinstance(value, (np.floating, float)):
        v = float(value)
        return v if math.isfinite(v) else None
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.bool_):
        return bool(value)
    if hasattr(value, "to_dict") and hasattr(value, "columns"):  # a DataFrame
        return _jsonable(value.to_dict(orient="records"))
    return value


@dataclass(frozen=True)
class ClinicResult:
    """Base of every clinic result: the test's name, its flags and notes.

    Subclasses add their scores as fields (names carry unit and side) and implement
    :meth:`to_frame`.
    """

    test: str
    flags: list = field(default_factory=list)
    notes: list = field(default_factory=list)

    def to_frame(self) -> Any:
        """The scores as a long pandas DataFrame with columns ``test``, ``quantity``, ``side``,
        ``value``, ``unit`` (one row per number the test reports)."""
        raise NotImplementedError

    def flags_frame(self) -> Any:
        """The flags as a pandas DataFrame (one row per flag, the fields of :class:`Flag`)."""
        import pandas as pd
        cols = [f.name for f in dataclasses.fields(Flag)]
        return pd.DataFrame([[getattr(f, c) for c in cols] for f in self.flags], columns=cols)

    def to_dict(self) -> dict:
        """Every field as JSON-ready values (NaN becomes None)."""
        return _jsonable(self)

    __repr__ = _results.short_repr
    _repr_html_ = _results.short_html
