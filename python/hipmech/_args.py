"""Argument helpers shared by the friendly Python modules."""

from __future__ import annotations

import math
import numbers
import os
from collections.abc import Iterable, Mapping
from typing import Any, Optional

import numpy as np

from . import _core
from ._core import Side
from ._errors import InvalidArgumentError, InvalidArgumentTypeError


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


def _type_error(arg: str, expected: str, value: Any) -> InvalidArgumentTypeError:
    return InvalidArgumentTypeError(
        f"argument {arg!r}: expected {expected}, got {_describe(value)}", arg, expected,
        _describe(value))


def _describe(value: Any) -> str:
    """What arrived, for a message: the repr of short scalars, the type and dtype otherwise."""
    if isinstance(value, np.ndarray):
        return f"an array of dtype {value.dtype} and shape {value.shape}"
    if value is None or isinstance(value, (bool, np.bool_, numbers.Number, str, bytes)):
        text = repr(value)
        return text if len(text) <= 40 else f"a {type(value).__name__}"
    return f"an object of type {type(value).__name__}"


def real_number(value: Any, arg: str, expected: str = "a real number", *,
                finite: bool = False) -> float:
    """``value`` as a float: a Python or numpy real number, or a 0-d array of a real dtype.

    The one scalar check of the Python API (docs: conventions, "Scalar and array arguments:
    what is refused"). Booleans, complex numbers, strings, bytes, None, arrays of more than one
    value and other objects raise :class:`hipmech._errors.InvalidArgumentTypeError` (both a
    TypeError and a :class:`hipmech.InvalidArgumentError`) naming ``arg``. NaN and infinity
    pass unless ``finite``, which refuses them with InvalidArgumentError (a ValueError)."""
    v: Optional[float] = None
    if not isinstance(value, (bool, np.bool_)):
        if isinstance(value, numbers.Real):
            v = float(value)
        elif isinstance(value, np.ndarray) and value.ndim == 0 and value.dtype.kind in "iuf":
            v = float(value)
    if v is None:
        raise _type_error(arg, expected, value)
    if finite and not math.isfinite(v):
        raise invalid_argument(arg, expected, repr(value))
    return v


def optional_real_number(value: Any, arg: str, expected: str = "a real number or None", *,
                         finite: bool = False) -> Optional[float]:
    """None stays None; anything else goes through :func:`real_number`."""
    return None if value is None else real_number(value, arg, expected, finite=finite)


def positive_number(value: Any, arg: str, unit: str) -> float:
    """A finite number > 0 (a rate, a mass, a length): :func:`real_number` with ``finite``,
    then InvalidArgumentError naming ``arg`` for zero or a negative value."""
    expected = f"a finite positive number [{unit}]"
    v = real_number(value, arg, expected, finite=True)
    if not v > 0:
        raise invalid_argument(arg, expected, repr(value))
    return v


def real_numbers(values: Any, arg: str, expected: str = "a sequence of real numbers", *,
                 finite: bool = False) -> list[float]:
    """A sequence of real numbers (a list, tuple or 1-d array) as a list of floats, each
    checked as :func:`real_number` (the message names ``arg[i]``)."""
    if isinstance(values, np.ndarray):
        return [float(v) for v in real_array(values, arg, expected, ndim=1, finite=finite)]
    elif isinstance(values, (str, bytes)) or not isinstance(values, Iterable):
        raise _type_error(arg, expected, values)
    return [real_number(v, f"{arg}[{i}]", "a real number", finite=finite)
            for i, v in enumerate(values)]


def real_array(value: Any, arg: str, expected: str = "an array of real numbers", *,
               ndim: Optional[int] = None, finite: bool = False) -> np.ndarray:
    """``value`` as a float64 array, by the rules of the compiled core's converter (docs:
    conventions, "Array arguments from Python"), for the few places that need the values in
    Python: real dtypes (floats, integers) are converted; bool, complex, string and object
    dtypes, None and what numpy cannot turn into an array raise InvalidArgumentError naming
    ``arg``; masked entries become NaN; infinity is refused (and NaN too with ``finite``);
    with ``ndim`` the number of dimensions is checked. Prefer passing arrays straight to
    ``_core``, which applies the same rules."""
    if value is None:
        raise invalid_argument(arg, expected, "None")
    masked = isinstance(value, np.ma.MaskedArray)
    try:
        a = np.asarray(value)
    except (TypeError, ValueError) as e:
        raise invalid_argument(arg, expected, f"an object of type {type(value).__name__} that "
                               f"numpy cannot turn into a numeric array ({e})") from None
    if a.dtype.kind not in "iuf":
        raise invalid_argument(arg, f"real numbers (float64) in {expected}", f"dtype {a.dtype}")
    a = np.ma.filled(value.astype(float), np.nan) if masked else a.astype(float, copy=False)
    if ndim is not None and a.ndim != ndim:
        raise invalid_argument(arg, expected, f"shape {a.shape}")
    bad = ~np.isfinite(a) if finite else np.isinf(a)
    if np.any(bad):
        where = tuple(int(i) for i in np.argwhere(bad)[0]) if a.ndim else ()
        what = "finite values (no NaN or infinity)" if finite else "no infinity"
        raise invalid_argument(arg, f"{expected} with {what}",
                               f"{a[where] if where else a[()]} at index {where}")
    return a


def positive(value: Any, arg: str, unit: str) -> np.ndarray:
    """``value`` as a float array whose every element is finite and positive (masses,
    lengths, accelerations); bool, complex, string and object values (as scalars or arrays)
    are refused like every other number (:func:`real_array`); InvalidArgumentError naming
    ``arg`` otherwise."""
    if isinstance(value, (bool, np.bool_)):
        raise _type_error(arg, f"finite positive values in {unit}", value)
    expected = f"finite positive values in {unit}"
    if np.ndim(value) == 0 and not isinstance(value, (np.ndarray, numbers.Real)):
        raise _type_error(arg, expected, value)
    v = real_array(value, arg, expected, finite=True)
    if not np.all(v > 0):
        raise invalid_argument(arg, expected, repr(value))
    return v


def integer_value(value: Any, arg: str, minimum: Optional[int] = None) -> int:
    """``value`` as an int (Python or numpy integer): TypeError naming ``arg`` for another
    type (booleans and integral floats included), ValueError below ``minimum``."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral):
        raise _type_error(arg, "an integer", value)
    if minimum is not None and int(value) < minimum:
        raise invalid_argument(arg, f"an integer >= {minimum}", repr(value))
    return int(value)


def flag(value: Any, arg: str) -> bool:
    """``value`` as a bool: True, False or a numpy bool. TypeError naming ``arg`` for anything
    else (None, numbers, strings, arrays), where ``bool()`` would take the truth of any
    object (``"no"`` and ``inf`` are true)."""
    if not isinstance(value, (bool, np.bool_)):
        raise _type_error(arg, "True or False", value)
    return bool(value)


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


def path_arg(value: Any, arg: str = "path") -> bytes:
    """The path ``value`` (a str, bytes or os.PathLike) as the raw bytes the compiled core opens.

    ``os.fsencode`` does the conversion, so a name that is not UTF-8 works as the operating
    system gives it: as bytes (``b"caf\\xe9.c3d"``) or as the str ``os.fsdecode`` and
    ``os.listdir`` make of it (undecodable bytes held as surrogates). TypeError naming ``arg``
    for another type; ValueError naming ``arg`` for a path holding a NUL character, which the C
    library would cut there (``"precious.c3d\\x00.x"`` would open ``precious.c3d``)."""
    try:
        path = os.fspath(value)
    except TypeError:
        raise TypeError(f"argument {arg!r}: expected a path (str, bytes or os.PathLike), got "
                        f"{type(value).__name__}") from None
    raw = os.fsencode(path)
    if b"\x00" in raw:
        raise invalid_argument(arg, "a path without NUL characters", repr(path))
    return raw
