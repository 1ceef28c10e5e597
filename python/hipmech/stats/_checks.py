"""Argument checks shared by the hipmech.stats modules, so that the same mistake gives the same
error everywhere: :class:`hipmech.InvalidArgumentError` (a ValueError) whose message names the
argument, in the core's form ``argument 'NAME': expected WHAT, got WHAT``.

Each function returns the checked value converted to a plain Python type, ready for the core.
Booleans are never numbers here (``True`` is not a count or a level), and strings are never
numbers (``"0.95"`` is a mistake, not a level).
"""

from __future__ import annotations

import numbers
import operator
from typing import Any, Optional, Sequence

import numpy as np

from .._args import invalid_argument, real_number

__all__ = ["confidence", "flag", "integer", "number", "option", "pandas_values"]


def _is_bool(value: Any) -> bool:
    return isinstance(value, (bool, np.bool_))


def number(value: Any, arg: str, expected: str = "a real number", *,
           finite: bool = False) -> float:
    """``value`` as a float: :func:`hipmech._args.real_number`, the one scalar check of the
    Python API. Accepts Python and numpy reals (and 0-d numeric arrays); rejects booleans,
    complex numbers, strings, bytes, None and anything else (InvalidArgumentTypeError, an
    InvalidArgumentError that is also a TypeError), and with ``finite`` also NaN and infinity
    (InvalidArgumentError). The message names ``arg`` with ``expected``."""
    return real_number(value, arg, expected, finite=finite)


def confidence(value: Any, arg: str = "confidence") -> float:
    """A confidence (or agreement) level: a number strictly between 0 and 1. A non-number
    (a string, None, a bool) and a number outside (0, 1) (NaN included) both raise
    InvalidArgumentError naming ``arg``."""
    expected = "a level strictly between 0 and 1 (e.g. 0.95)"
    v = number(value, arg, expected)
    if not 0.0 < v < 1.0:
        raise invalid_argument(arg, expected, repr(value))
    return v


def option(value: Any, arg: str, choices: Optional[Sequence[str]] = None, *,
           aliases: Sequence[str] = (), ignore_case: bool = False) -> str:
    """A method or policy name: a ``str`` (None and other types raise InvalidArgumentError
    naming ``arg``). With ``choices``, also one of ``choices`` or ``aliases`` (compared
    case-insensitively with ``ignore_case``; the message lists ``choices`` only). Without
    ``choices`` any string passes, for the core to check. Returns the name as given."""
    if choices:
        expected = (", ".join(repr(c) for c in choices[:-1]) + f" or {choices[-1]!r}"
                    if len(choices) > 1 else repr(choices[0]))
    else:
        expected = "a name (str)"
    if not isinstance(value, str):
        raise invalid_argument(arg, expected, repr(value))
    if choices:
        known = [*choices, *aliases]
        if ignore_case:
            ok = value.casefold() in {k.casefold() for k in known}
        else:
            ok = value in known
        if not ok:
            raise invalid_argument(arg, expected, repr(value))
    return value


def flag(value: Any, arg: str) -> bool:
    """``True`` or ``False`` (numpy bools included); InvalidArgumentError naming ``arg`` for
    anything else (1, "yes", None)."""
    if not _is_bool(value):
        raise invalid_argument(arg, "True or False", repr(value))
    return bool(value)


def integer(value: Any, arg: str, expected: str = "an integer", *,
            minimum: Optional[int] = None, maximum: Optional[int] = None,
            integral_floats: bool = False) -> int:
    """``value`` as an int: Python or numpy integers (and, with ``integral_floats``, floats
    with an integer value such as 10.0), within [minimum, maximum] when given. Booleans,
    strings, None, fractional floats and values out of range raise InvalidArgumentError naming
    ``arg`` (so that a huge Python int never reaches the core as a TypeError)."""
    v: Optional[int] = None
    if not _is_bool(value):
        try:
            v = operator.index(value)
        except TypeError:
            if (integral_floats and isinstance(value, numbers.Real)
                    and np.isfinite(float(value)) and float(value).is_integer()):
                v = int(value)
    if v is None or (minimum is not None and v < minimum) or (maximum is not None and v > maximum):
        raise invalid_argument(arg, expected, repr(value))
    return v


def pandas_values(x: Any, arg: str) -> Any:
    """An array-like for the core. pandas objects (Series and DataFrames, nullable dtypes with
    pd.NA included) become float arrays with NaN for missing values; everything else goes to
    the core, whose errors name the argument (wrong dtype, shape, infinity)."""
    if type(x).__module__.startswith("pandas"):
        kind = getattr(getattr(x, "dtype", None), "kind", "")
        if kind == "b":
            raise invalid_argument(arg, "real numbers", f"a pandas object of dtype {x.dtype}")
        try:
            return x.to_numpy(dtype=float, na_value=np.nan)
        except (TypeError, ValueError, AttributeError):
            dtype = getattr(x, "dtype", None) or getattr(x, "dtypes", "?")
            raise invalid_argument(arg, "real numbers (float64)",
                                   f"a pandas object of dtype {dtype}") from None
    return x
