"""Argument helpers shared by the friendly Python modules."""

from __future__ import annotations

from typing import Any

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
