"""Argument helpers shared by the friendly Python modules."""

from __future__ import annotations

import numbers
from collections.abc import Iterable, Mapping
from typing import Any, Optional

import numpy as np

from . import _core
from ._core import Side
from ._errors import InvalidArgumentError


def invalid_argument(arg: str, expected: str, got: str) -> InvalidArgumentError:
    """The error of a bad argument, in the message form of the compiled core:
    ``argument 'NAME': expected WHAT, got WHAT``."""
    return InvalidArgumentError(f"argument {arg!r}: expected {expected}, got {got}", arg,
                                expected, got)


def side_name(side: Any, arg: str = "side") -> str:
    """'left' or 'right' from a hipmech.Side or a string; ValueError naming ``arg`` otherwise
    (None included)."""
    if side is None:
        raise invalid_argument(arg, "'left' or 'right' (or hipmech.Side)", "None")
    return "left" if _core.parse_side(side, arg) == Side.LEFT else "right"


def positive(value: Any, arg: str, unit: str) -> np.ndarray:
    """``value`` as a float array whose every element is finite and positive (masses,
    lengths, accelerations); ValueError naming ``arg`` otherwise."""
    try:
        v = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise invalid_argument(arg, f"finite positive values in {unit}", repr(value)) from None
    if not (np.all(np.isfinite(v)) and np.all(v > 0)):
        raise invalid_argument(arg, f"finite positive values in {unit}", repr(value))
    return v


def real_number(value: Any, arg: str, expected: str = "a real number") -> float:
    """``value`` as a float: any real number (Python or numpy), NaN included; TypeError naming
    ``arg`` for anything else (booleans, strings, None, complex)."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise TypeError(f"argument {arg!r}: expected {expected}, got {type(value).__name__}")
    return float(value)


def integer_value(value: Any, arg: str, minimum: Optional[int] = None) -> int:
    """``value`` as an int (Python or numpy integer): TypeError naming ``arg`` for another
    type (booleans and integral floats included), ValueError below ``minimum``."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral):
        raise TypeError(f"argument {arg!r}: expected an integer, got {type(value).__name__}")
    if minimum is not None and int(value) < minimum:
        raise invalid_argument(arg, f"an integer >= {minimum}", repr(value))
    return int(value)


def marker_map(value: Any, arg: str = "marker_map") -> list[tuple[str, str]]:
    """``value`` as (OLD, NEW) marker-name pairs: a dict ``{"VSAC": "SACR"}``, the text form
    ``"VSAC=SACR,LSHA=LTIB"`` (the command line's ``--marker-map``) or an iterable of pairs.
    TypeError naming ``arg`` for another type or a name that is not a str; ValueError for
    malformed text, an empty name or a name given twice (checked by the compiled core)."""
    if isinstance(value, str):
        return [tuple(p) for p in _core.parse_marker_map(value, arg)]
    if isinstance(value, Mapping):
        pairs = list(value.items())
    elif isinstance(value, Iterable) and not isinstance(value, (bytes, bytearray)):
        pairs = []
        for item in value:
            if not (isinstance(item, (tuple, list)) and len(item) == 2):
                raise TypeError(f"argument {arg!r}: expected a dict of OLD -> NEW names, an "
                                f"'OLD=NEW,...' str or (OLD, NEW) pairs, got an item {item!r}")
            pairs.append((item[0], item[1]))
    else:
        raise TypeError(f"argument {arg!r}: expected a dict of OLD -> NEW marker names or an "
                        f"'OLD=NEW,...' str, got {type(value).__name__}")
    for old, new in pairs:
        if not (isinstance(old, str) and isinstance(new, str)):
            raise TypeError(f"argument {arg!r}: expected str marker names, got {old!r} -> "
                            f"{new!r}")
    return pairs
