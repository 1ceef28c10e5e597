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


# -- short reprs for notebooks (issue 22) ------------------------------------------------------
# A result's default dataclass repr printed every array in full (a C3D trial: 5 MB of text).
# These helpers say what an object holds in a few lines: arrays by shape and dtype, mappings and
# lists by their size and first names, nested results by their class.

#: Largest text repr [characters] and how many names a list shows before "... (n more)".
REPR_LIMIT = 2000
NAMES_SHOWN = 8


def names_text(names: Any, limit: int = NAMES_SHOWN, width: int = 100) -> str:
    """``'a', 'b', ... (n more)``: the first names (at most ``limit``, and no more than fit in
    about ``width`` characters; a longer first name is cut) and how many more."""
    names = list(names)
    shown: list[str] = []
    used = 0
    for n in names[:limit]:
        text = repr(n)
        if shown and used + len(text) + 2 > width:
            break
        text = clip(text, width)
        shown.append(text)
        used += len(text) + 2
    more = len(names) - len(shown)
    return ", ".join(shown) + (f", ... ({more} more)" if more else "")


def clip(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters, ending in "..." when cut."""
    return text if len(text) <= limit else text[:max(limit - 3, 0)] + "..."


def summarise(value: Any, depth: int = 0) -> str:
    """A one-line description of ``value`` of at most a few hundred characters."""
    import dataclasses
    import enum

    if value is None or isinstance(value, (bool, np.bool_, int, np.integer)):
        return repr(value if not isinstance(value, (np.bool_, np.integer)) else value.item())
    if isinstance(value, (float, np.floating)):
        return f"{float(value):.6g}"
    if isinstance(value, str):
        return repr(clip(value, 80))
    if isinstance(value, enum.Enum) or type(value).__module__.startswith("hipmech._core"):
        return clip(str(value), 80)
    if isinstance(value, np.ndarray):
        if value.size <= 6 and value.ndim <= 1:
            return np.array2string(value, precision=4, separator=", ")
        return f"<{'×'.join(str(s) for s in value.shape)} {value.dtype}>"
    if isinstance(value, ArrayResult):
        return f"<{type(value).__name__} {'×'.join(str(s) for s in value.shape)}>"
    shape = getattr(value, "shape", None)
    if type(value).__module__.startswith("pandas") and shape is not None:
        return f"<{type(value).__name__} {'×'.join(str(s) for s in shape)}>"
    if isinstance(value, dict):
        if not value:
            return "{}"
        numbers = all(isinstance(v, (int, float, np.number)) and not isinstance(v, bool)
                      for v in value.values())
        if len(value) <= 4 and (depth < 1 or (numbers and depth < 2)):  # small dicts of numbers
            # print their values at one more level: {'left': {'anterior': 62.0, ...}, ...}
            text = "{" + ", ".join(f"{k!r}: {summarise(v, depth + 1)}"
                                   for k, v in value.items()) + "}"
            if len(text) <= 200:
                return text
        return f"{{{len(value)} items: {names_text(value.keys(), 5)}}}"
    if isinstance(value, (list, tuple)):
        open_, close = ("[", "]") if isinstance(value, list) else ("(", ")")
        if not value:
            return open_ + close
        if all(isinstance(v, (int, float, str, bool, np.number)) for v in value):
            text = open_ + ", ".join(summarise(v, depth + 1) for v in value[:6])
            return text + (f", ... ({len(value) - 6} more){close}" if len(value) > 6 else close)
        kinds = sorted({type(v).__name__ for v in value})
        return f"{open_}{len(value)} × {'/'.join(kinds)}{close}"
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        if depth < 1:
            return short_repr(value, depth=depth + 1, limit=300)
        return f"<{type(value).__name__}>"
    return clip(repr(value), 120)


def short_repr(obj: Any, *, depth: int = 0, limit: int = REPR_LIMIT) -> str:
    """``Name(field=summary, ...)`` for a dataclass, at most ``limit`` characters.

    A result class uses it as ``__repr__ = short_repr`` in its body (with ``_repr_html_ =
    short_html``): ``@dataclass`` replaces an inherited ``__repr__`` but keeps one defined in
    the class body."""
    import dataclasses

    parts = [f"{f.name}={summarise(getattr(obj, f.name), depth)}"
             for f in dataclasses.fields(obj) if f.repr]
    name = type(obj).__name__
    text = f"{name}({', '.join(parts)})"
    if len(text) <= limit:
        return text
    kept = []
    for i, p in enumerate(parts):
        tail = f", ... ({len(parts) - i} more fields))"
        if len(name) + 1 + len(", ".join(kept + [p])) + len(tail) > limit:
            return clip(f"{name}({', '.join(kept)}{tail}", limit)
        kept.append(p)
    return clip(text, limit)


def html_table(title: str, rows: list[tuple[str, str]], *, note: str = "") -> str:
    """A small two-column HTML table (escaped): ``title`` as its caption."""
    import html

    body = "".join(f"<tr><th style=\"text-align:left\">{html.escape(k)}</th>"
                   f"<td style=\"text-align:left\">{html.escape(v)}</td></tr>" for k, v in rows)
    foot = f"<p>{html.escape(note)}</p>" if note else ""
    return (f"<div><table><caption style=\"text-align:left\"><b>{html.escape(title)}</b>"
            f"</caption>{body}</table>{foot}</div>")


def short_html(obj: Any) -> str:
    """The fields of a dataclass as a small HTML table (each value summarised)."""
    import dataclasses

    rows = [(f.name, summarise(getattr(obj, f.name))) for f in dataclasses.fields(obj) if f.repr]
    return html_table(public_name(obj), rows)


def public_name(obj: Any) -> str:
    """``hipmech.report.TrialReport``: the class's module path without private parts."""
    module = ".".join(p for p in type(obj).__module__.split(".") if not p.startswith("_"))
    return f"{module}.{type(obj).__qualname__}"
