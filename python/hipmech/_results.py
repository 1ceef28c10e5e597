"""Array-valued results that name their convention (issue 19): numpy takes them as ``values``.

A result class holds ``values`` (an ndarray) and ``columns`` (names of its columns), plus the
fields that say what the numbers mean (convention or frame, side, unit, internal/external).
"""

from __future__ import annotations

from typing import Any

import operator

import numpy as np


class ArrayResult:
    """Mixin: ``np.asarray(result)`` is ``result.values``; ``result[:, 1]`` indexes the values;
    ``result["name"]`` is the column called ``name``; ``len`` and ``shape`` are the values';
    arithmetic (``-m``, ``m / mass``, ``a - b``) gives plain arrays of the values."""

    values: np.ndarray
    columns: tuple[str, ...]

    def __array__(self, dtype: Any = None, copy: Any = None) -> np.ndarray:
        if copy:
            return np.array(self.values, dtype=dtype, copy=True)
        return self.values if dtype is None else self.values.astype(dtype, copy=False)

    def __getitem__(self, key: Any) -> np.ndarray:
        if isinstance(key, str):
            try:
                return self.values[:, self.columns.index(key)]
            except ValueError:
                raise KeyError(f"no column {key!r}; columns: {self.columns}") from None
        return self.values[key]

    def __len__(self) -> int:
        return len(self.values)

    @property
    def shape(self) -> tuple[int, ...]:
        return self.values.shape


def _unary(op):
    return lambda self: op(self.values)


def _binary(op, reflected=False):
    def f(self, other):
        other = other.values if isinstance(other, ArrayResult) else other
        return op(other, self.values) if reflected else op(self.values, other)
    return f


for _name, _op in (("neg", operator.neg), ("pos", operator.pos), ("abs", operator.abs)):
    setattr(ArrayResult, f"__{_name}__", _unary(_op))
for _name, _op in (("add", operator.add), ("sub", operator.sub), ("mul", operator.mul),
                   ("truediv", operator.truediv)):
    setattr(ArrayResult, f"__{_name}__", _binary(_op))
    setattr(ArrayResult, f"__r{_name}__", _binary(_op, reflected=True))
