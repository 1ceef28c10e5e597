"""Whole-curve statistics: one-dimensional statistical parametric mapping (SPM1D) (docs: spm).

The tests of spm1d (Pataky 2010, 2016), under spm1d's names: one-sample, paired and
two-sample t tests, simple linear regression, one-way ANOVA and one-way repeated-measures
ANOVA on (n_curves, n_nodes) arrays
of curves (rows are curves, e.g. 101 nodes of a time-normalised gait cycle), the smoothness
(FWHM) estimated from the residuals (Kiebel et al. 1999), and inference by 1-D random field
theory (Worsley et al. 1996; Adler & Taylor 2007: the critical threshold ``zstar`` at
``alpha``, cluster- and set-level p values) or by non-parametric permutation (Nichols & Holmes
2002: exact when the permutations are few, seeded Monte Carlo otherwise). The field and its
inference are computed in C++ (include/hipmech/spm/) with the GIL released. There is no
separate ``.inference()`` step as in spm1d: ``alpha``, ``two_tailed`` and ``method`` are
keywords of the test. More curves than nodes gives a UserWarning (transposed? docs: spm,
"Curves are rows").

>>> import numpy as np
>>> from hipmech import spm
>>> rng = np.random.default_rng(0)
>>> nodes = np.linspace(0, 1, 101)
>>> a = np.sin(2 * np.pi * nodes) + rng.normal(0, 0.2, (12, 101)).cumsum(1) / 10
>>> b = a - 0.8 * np.exp(-((nodes - 0.5) / 0.08) ** 2) + rng.normal(0, 0.05, (12, 101))
>>> r = spm.ttest_paired(a, b)
>>> r.test, r.statistic, r.df
('ttest_paired', 't', (1.0, 11.0))
"""

from __future__ import annotations

import math
import secrets
import warnings
from dataclasses import dataclass
from typing import Any, Literal, Optional

import numpy as np
import numpy.typing as npt

from . import _core, _results
from ._args import invalid_argument as _invalid
from ._errors import InvalidArgumentError
from ._args import real_array as _real_array
from .stats import _checks

__all__ = [
    "SPMCluster",
    "SPMResult",
    "anova1",
    "anova1rm",
    "fwhm",
    "regress",
    "ttest",
    "ttest2",
    "ttest_paired",
]

MethodName = Literal["rft", "permutation"]
ClusterMetricName = Literal["integral", "extent"]
MissingName = Literal["raise", "omit_curves"]

_METHODS = ("rft", "permutation")
_MISSING = ("raise", "omit_curves")
#: spm1d's names of the permutation cluster metrics, accepted as aliases.
_METRIC_ALIASES = {"maxclusterintegral": "integral", "maxclusterextent": "extent"}
_METRICS = ("integral", "extent")
_SEED_LIMIT = 1 << 64
#: The C++ count of permutations saturates here (INT64_MAX).
_SATURATED = (1 << 63) - 1
#: The largest n_permutations (the C++ core's kMaxPermutations).
_MAX_PERMUTATIONS = 10**8
#: Largest magnitude of the analysed values: their squares, summed over the curves, must stay
#: finite in double precision (1e150² = 1e300; DBL_MAX ≈ 1.8e308).
_MAX_MAGNITUDE = 1e150
_CURVES = "an (n_curves, n_nodes) array of curves"


class _DefaultZero(float):
    """0.0 as ttest's default ``mu``, told apart from a 0.0 the caller passes (so that ``mu``
    and spm1d's alias ``y0`` are not both given); prints as 0.0 in the signature."""

    def __repr__(self) -> str:
        return "0.0"


_MU_DEFAULT = _DefaultZero(0.0)


def _percent(node: float, n_nodes: int) -> float:
    return 100.0 * node / (n_nodes - 1)


def _read_only(a: Any) -> Any:
    """A read-only view of an array (the array itself is left as it is); anything else as
    given."""
    if not isinstance(a, np.ndarray) or not a.flags.writeable:
        return a
    v = a.view()
    v.setflags(write=False)
    return v


@dataclass(frozen=True)
class SPMCluster:
    """One supra-threshold cluster of an :class:`SPMResult`.

    Positions are in nodes (0 to n_nodes − 1), fractional where the crossing of the threshold
    is interpolated between two nodes (as spm1d's cluster ``endpoints``); the ``*_percent``
    fields give them in percent of the cycle, 100 · node / (n_nodes − 1).

    Attributes
    ----------
    start, end : float
        First and last position above the threshold [nodes].
    extent : float
        Length of the cluster as spm1d reports it [nodes].
    start_percent, end_percent : float
        ``start`` and ``end`` in percent of the cycle [%].
    extent_resels : float
        ``extent`` in resolution elements (extent / FWHM), the RFT cluster size (NaN with
        permutation inference).
    integral : float
        Size of the cluster in statistic × nodes. RFT: the area between ``abs(z)`` and
        ``zstar`` from ``start`` to ``end`` (trapezoids through the interpolated crossings).
        Permutation: the observed cluster metric "integral" as spm1d computes it, the
        trapezoidal sum with unit spacing of [0 at an interpolated start], ``abs(z) − zstar``
        at the cluster's nodes, [0 at an interpolated end] (a little larger than the area;
        docs: spm).
    peak : float
        Statistic of largest magnitude in the cluster.
    peak_node : int
        Node of ``peak``.
    sign : int
        +1 for a cluster above ``zstar``, −1 for one below −``zstar`` (two-tailed t).
    endpoints : tuple of float
        spm1d's name: (``start``, ``end``) (read-only property).
    P : float
        spm1d's name: ``p`` (read-only property).
    p : float
        Cluster-level p value (RFT: probability of a cluster at least this large; permutation:
        proportion of permutations whose largest cluster metric — over both tails when
        two-tailed, then not doubled — is at least this one's, at least 1 / (their number),
        at most ``alpha``).
    """

    start: float
    end: float
    extent: float
    start_percent: float
    end_percent: float
    extent_resels: float
    integral: float
    peak: float
    peak_node: int
    sign: int
    p: float

    @classmethod
    def _from_core(cls, d: dict, n_nodes: int) -> "SPMCluster":
        return cls(start=float(d["start"]), end=float(d["end"]), extent=float(d["extent"]),
                   start_percent=_percent(d["start"], n_nodes),
                   end_percent=_percent(d["end"], n_nodes),
                   extent_resels=float(d["extent_resels"]), integral=float(d["integral"]),
                   peak=float(d["peak"]), peak_node=int(d["peak_node"]), sign=int(d["sign"]),
                   p=float(d["p"]))

    @property
    def endpoints(self) -> tuple:
        """(start, end) [nodes]: spm1d's name for the cluster's ends (read-only)."""
        return (self.start, self.end)

    @property
    def P(self) -> float:  # noqa: N802 (spm1d's name)
        """The cluster-level p value under spm1d's name: :attr:`p` (read-only)."""
        return self.p

    __repr__ = _results.short_repr


@dataclass(frozen=True, eq=False)
class SPMResult:
    """Result of an SPM1D test and its inference (spm1d's "SPM inference" object).

    The result is frozen: its fields cannot be reassigned and its arrays (``z``, ``beta``,
    ``r``, ``permutation_max``, ``curve_mean``, ``curve_sd``) are read-only (``r.z[0] = 1``
    raises ValueError; ``r.z.copy()`` gives a writable copy). Two results compare equal only
    when they are the same object (``r1 == r2`` is ``r1 is r2``, and results hash by identity,
    so they can be set members and dict keys); compare their contents field by field, e.g.
    ``numpy.array_equal(r1.z, r2.z) and r1.zstar == r2.zstar``.

    Attributes
    ----------
    test : str
        "ttest", "ttest_paired", "ttest2", "regress", "anova1" or "anova1rm".
    statistic : str
        "t" or "F".
    method : str
        Inference: "rft" (random field theory) or "permutation".
    alpha : float
        Type-I error rate of the whole field (family-wise).
    two_tailed : bool
        Whether ±zstar were both thresholds (t only; always False for F).
    z : numpy.ndarray
        (n_nodes,) statistic field, SPM{t} or SPM{F}.
    zstar : float
        Critical threshold at ``alpha``: the field's maximum (or, two-tailed, its maximum
        magnitude) exceeds it with probability ``alpha`` under the null hypothesis.
    df : tuple of float
        Degrees of freedom (1, v) for t, (k − 1, N − k) for F (spm1d's ``df``); anova1rm
        (k − 1, (k − 1)(n − 1)) with n subjects.
    fwhm : float
        Smoothness estimated from the residuals [nodes]; inf for residuals without roughness
        (e.g. curves differing by constant offsets), with ``resels`` (1, 0).
    resels : tuple of float
        spm1d's resel counts (1, (n_nodes − 1) / fwhm).
    h0reject : bool
        True when the field crosses the threshold (at least one cluster).
    p_set : float
        Set-level p value (RFT: probability of at least as many clusters of at least the
        smallest extent, spm1d's ``p_set``); 1.0 for RFT without a cluster (as spm1d reports
        it); NaN for permutation inference, which has no set-level p value (not printed).
    clusters : tuple of SPMCluster
        Supra-threshold clusters, in order along the field.
    p_cluster : tuple of float
        The clusters' p values (spm1d's ``p``; also as :attr:`p`).
    n_curves, n_nodes : int
        Curves analysed (after ``missing="omit_curves"``) and nodes per curve.
    beta, r : numpy.ndarray or None
        regress: (n_nodes,) slope and correlation coefficient per node; None otherwise.
    n_permutations : int
        Permutation: the size of the null distribution (``permutation_max.size``): every
        distinct permutation in an exact test — for two tails, of sign flips and of two
        samples of equal size, one of each mirror pair (z and −z), so half of them — or the
        Monte Carlo draws; 0 for RFT.
    n_permutations_possible : int
        Permutation: the number of distinct permutations M (spm1d's ``nPermUnique``): 2**J sign
        flips (ttest, ttest_paired), C(J_a + J_b, J_a) splits (ttest2), J! orderings of ``x``
        (regress), N! / (n_1! … n_k!) label sequences (anova1); 0 for RFT. Counted in C++
        (``hipmech::spm::n_permutations_possible``), saturating at 2**63 − 1 (printed "more
        than 9.2e18").
    n_permutations_exact : int
        Permutation: the permutations an exact test enumerates: M, or M / 2 for two tails of
        sign flips and of two samples of equal size (one of each mirror pair); the test is
        exact when ``n_permutations`` is at least this. 0 for RFT.
    exact : bool
        Permutation: True when every distinct permutation was enumerated (one of each mirror
        pair, as above) rather than drawn at random.
    mirror_half : bool
        Permutation: True when the exact test enumerated one of each mirror pair.
    seed : int
        Permutation: the seed of the Monte Carlo draw (the one drawn when ``seed=None``).
    cluster_metric : str
        Permutation: "integral" or "extent"; "" for RFT.
    permutation_max : numpy.ndarray or None
        Permutation: the null distribution of the field maximum, max z (one-tailed) or
        max ``abs(z)`` (two-tailed), one value per permutation (spm1d's ``PDF0``); None for
        RFT.
    notes : tuple of str
        Curves left out (``missing="omit_curves"``) and other remarks; empty when none.
    curve_labels : tuple of str
        The groups of curves: ("y",) for ttest and regress, ("a", "b") for ttest_paired and
        ttest2, the group labels for anova1 and the levels for anova1rm (in
        :func:`numpy.unique` order).
    curve_mean, curve_sd : tuple of numpy.ndarray
        (n_nodes,) mean and SD (n − 1) of the curves of each label (for plots).
    """

    test: str
    statistic: str
    method: str
    alpha: float
    two_tailed: bool
    z: np.ndarray
    zstar: float
    df: tuple
    fwhm: float
    resels: tuple
    h0reject: bool
    p_set: float
    clusters: tuple
    p_cluster: tuple
    n_curves: int
    n_nodes: int
    beta: Optional[np.ndarray] = None
    r: Optional[np.ndarray] = None
    n_permutations: int = 0
    n_permutations_possible: int = 0
    n_permutations_exact: int = 0
    exact: bool = False
    mirror_half: bool = False
    seed: int = 0
    cluster_metric: str = ""
    permutation_max: Optional[np.ndarray] = None
    notes: tuple = ()
    curve_labels: tuple = ()
    curve_mean: tuple = ()
    curve_sd: tuple = ()

    def __post_init__(self) -> None:
        # read-only views: the arrays of a frozen result cannot be changed in place either
        for name in ("z", "beta", "r", "permutation_max"):
            object.__setattr__(self, name, _read_only(getattr(self, name)))
        for name in ("curve_mean", "curve_sd"):
            object.__setattr__(self, name, tuple(_read_only(v) for v in getattr(self, name)))

    @property
    def p(self) -> tuple:
        """The clusters' p values: :attr:`p_cluster` under spm1d's name."""
        return self.p_cluster

    @property
    def percent(self) -> np.ndarray:
        """(n_nodes,) position of each node in percent of the cycle: 100 · node / (n_nodes − 1)
        [%]."""
        return np.linspace(0.0, 100.0, self.n_nodes)

    def clusters_frame(self) -> Any:
        """The clusters as a pandas DataFrame, one row per cluster, with columns ``start``,
        ``end``, ``start_percent``, ``end_percent``, ``extent``, ``extent_percent``,
        ``extent_resels``, ``integral``, ``peak``, ``peak_node``, ``sign``, ``p`` (positions in
        nodes and in percent of the cycle; ``extent_resels`` and ``integral`` as in
        :class:`SPMCluster`)."""
        import pandas as pd

        cols = ["start", "end", "start_percent", "end_percent", "extent", "extent_percent",
                "extent_resels", "integral", "peak", "peak_node", "sign", "p"]
        rows = [[c.start, c.end, c.start_percent, c.end_percent, c.extent,
                 _percent(c.extent, self.n_nodes), c.extent_resels, c.integral, c.peak,
                 c.peak_node, c.sign, c.p]
                for c in self.clusters]
        frame = pd.DataFrame(rows, columns=cols)
        return frame.astype({"peak_node": "int64", "sign": "int64"})

    def to_dict(self) -> dict:
        """Every field as JSON-ready values: arrays as lists, NaN and ±inf as None (JSON has
        neither). An infinite ``fwhm`` (residuals without roughness, e.g. flat curves) is thus
        None too; ``resels[1]`` is then 0, which tells it from an undefined (NaN) one."""
        from .clinic._common import _jsonable

        return _jsonable(self)

    def __repr__(self) -> str:
        return _repr(self)

    _repr_html_ = _results.short_html


def _g(v: float, digits: int = 5) -> str:
    v = float(v)
    return "nan" if math.isnan(v) else f"{v:.{digits}f}"


def _p_text(p: float) -> str:
    p = float(p)
    if math.isnan(p):
        return "nan"
    return "<0.001" if p < 0.0005 else f"{p:.3f}"


_RELABELLINGS = {"ttest": "sign flips", "ttest_paired": "sign flips",
                 "ttest2": "splits of the curves into a and b", "regress": "orderings of x",
                 "anova1": "sequences of the group labels"}


def _count_text(m: int) -> str:
    if m >= _SATURATED:
        return "more than 9.2e18"
    return str(m) if m < 10**12 else f"{float(m):.3e}"


def _permutation_text(r: SPMResult) -> str:
    """What the null distribution was made of, and when the test is exact."""
    what = _RELABELLINGS.get(r.test, "permutations")
    m = r.n_permutations_possible
    if r.mirror_half:
        return f"{r.n_permutations} of {m} {what} (one of each mirror pair z, -z), exact"
    if r.exact:
        return f"all {r.n_permutations} {what}, exact (every distinct permutation)"
    needed = r.n_permutations_exact
    rule = (f"; exact with n_permutations >= {needed}" if 0 < needed <= _MAX_PERMUTATIONS
            else "")
    return (f"{r.n_permutations} of {_count_text(m)} {what} drawn at random (Monte Carlo, "
            f"seed {r.seed}{rule})")


def _repr(r: SPMResult) -> str:
    """spm1d's printout of an inference, with the clusters listed."""
    stat = f"SPM{{{r.statistic}}}"
    how = "RFT" if r.method == "rft" else "permutation"
    lines = [f"hipmech.spm.SPMResult: {stat} {r.test}, {how} inference"]
    lines.append(f"   z          :  ({r.n_nodes},) statistic field, {r.n_curves} curves "
                 f"({', '.join(r.curve_labels)})")
    lines.append(f"   df         :  ({r.df[0]:g}, {r.df[1]:g})")
    lines.append(f"   fwhm       :  {_g(r.fwhm)}")
    lines.append(f"   resels     :  ({r.resels[0]:g}, {_g(r.resels[1])})")
    if r.method == "permutation":
        lines.append(f"   permutations: {_permutation_text(r)}")
        lines.append(f"   cluster metric: {r.cluster_metric}")
    tails = "two-tailed" if r.two_tailed else "one-tailed"
    lines.append(f"   alpha      :  {r.alpha:.3f} ({tails})")
    lines.append(f"   zstar      :  {_g(r.zstar)}")
    lines.append(f"   h0reject   :  {r.h0reject}")
    if r.method == "rft":
        lines.append(f"   p_set      :  {_p_text(r.p_set)}")
    lines.append(f"   p_cluster  :  ({', '.join(_p_text(p) for p in r.p_cluster)})")
    for i, c in enumerate(r.clusters):
        side = ("" if r.statistic == "F"
                else " (above zstar)" if c.sign > 0 else " (below −zstar)")
        lines.append(f"   cluster {i}{side}: nodes {c.start:.3f}–{c.end:.3f} "
                     f"({c.start_percent:.1f}–{c.end_percent:.1f} %), extent {c.extent:.3f}, "
                     f"peak {c.peak:.4g} at node {c.peak_node}, p {_p_text(c.p)}")
    for n in r.notes:
        lines.append(f"   note: {n}")
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------------
# argument checks
# ---------------------------------------------------------------------------------------------

def _curves(value: Any, arg: str) -> np.ndarray:
    """``value`` as a float (n_curves, n_nodes) array, with messages for the usual mistakes:
    ragged curves (not time-normalised), a long-format DataFrame or column, a DataFrame whose
    rows are nodes; a UserWarning when there are more curves than nodes (transposed?)."""
    _refuse_ragged(value, arg)
    if _is_pandas(value) and value.ndim == 2:
        _refuse_long_frame(value, arg)
        _refuse_node_rows(value, arg)
    v = _checks.pandas_values(value, arg)
    a = _real_array(v, arg, _CURVES, ndim=None)
    if a.ndim == 1:
        raise _invalid(arg, _CURVES, f"shape {a.shape}, one value per row: a long-format "
                       "column (one row per curve and node) must be pivoted to one row per curve, "
                       "e.g. df.pivot(index=\"subject\", columns=\"percent\", values=\"value\") "
                       f"or np.reshape({arg}, (n_curves, n_nodes)); one curve is "
                       f"{arg}[np.newaxis] (a test needs at least 2)")
    if a.ndim != 2:
        raise _invalid(arg, _CURVES, f"shape {a.shape}")
    if a.shape[0] > a.shape[1] and not _smooth_along_nodes(a):
        warnings.warn(f"{arg}: {a.shape[0]} curves of {a.shape[1]} nodes — curves are rows "
                      f"(n_curves, n_nodes); did you mean {arg}.T? (docs: spm, \"Curves are "
                      "rows\")", UserWarning, stacklevel=3)
    return a


def _smooth_along_nodes(y: np.ndarray) -> bool:
    """True when the residuals about the mean curve vary clearly more smoothly from node to
    node than from curve to curve (mean squared first difference along the nodes below half
    that along the curves): time-normalised curves of independent subjects, not their
    transpose, whose rows are the nodes. Used to keep the transposition warning for
    ambiguous arrays with more curves than nodes (large samples of smooth curves pass)."""
    if min(y.shape) < 2:
        return False
    with np.errstate(invalid="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        r = y - np.nanmean(y, axis=0)
        along_nodes = np.nanmean(np.diff(r, axis=1) ** 2)
        along_curves = np.nanmean(np.diff(r, axis=0) ** 2)
    return bool(along_nodes < 0.5 * along_curves)


def _is_pandas(value: Any) -> bool:
    return type(value).__module__.startswith("pandas")


def _refuse_ragged(value: Any, arg: str) -> None:
    """A list (or object array) of curves of different lengths: name the lengths."""
    if isinstance(value, np.ndarray) and value.dtype == object and value.ndim == 1:
        value = list(value)
    if not isinstance(value, (list, tuple)) or not value:
        return
    try:
        lengths = [len(c) for c in value]
    except TypeError:
        return
    if len(set(lengths)) < 2:
        return
    by: dict = {}
    for i, n in enumerate(lengths):
        by.setdefault(n, []).append(i)
    parts = [f"{n} nodes (curve{'s' if len(rows) > 1 else ''} {_nodes_text(np.array(rows))})"
             for n, rows in sorted(by.items())]
    more = f", ... ({len(parts) - 6} more lengths)" if len(parts) > 6 else ""
    raise _invalid(arg, _CURVES + " of one length: time-normalise each cycle to the same "
                   "number of nodes first (hipmech.signal.time_normalise, 101 nodes by default)",
                   f"{len(lengths)} curves of different lengths: " + "; ".join(parts[:6]) + more)


#: Column names of a long-format table (one row per sample), never of a node.
_LONG_COLUMNS = {"subject", "participant", "id", "side", "trial", "cycle", "condition", "group",
                 "session", "percent", "pct", "node", "time", "frame", "value", "values",
                 "quantity", "name", "unit"}


def _refuse_long_frame(df: Any, arg: str) -> None:
    """A long-format DataFrame (columns such as subject, side, percent, value)."""
    cols = list(df.columns)
    named = [c for c in cols if isinstance(c, str) and c.casefold() in _LONG_COLUMNS]
    kinds = [getattr(t, "kind", "O") for t in df.dtypes]
    if not named and all(k in "iuf" for k in kinds):
        return

    def pick(names: tuple, default: str) -> str:
        for c in cols:
            if isinstance(c, str) and c.casefold() in names:
                return c
        return default

    if not any(c.casefold() in ("percent", "pct", "node", "time", "frame", "value", "values")
               for c in named):
        bad = [str(c) for c, k in zip(cols, kinds) if k not in "iuf"]
        raise _invalid(arg, _CURVES + " of real numbers (one column per node)",
                       f"a DataFrame with non-numeric columns {', '.join(bad[:5])}: move them "
                       f"to the index, e.g. {arg}.set_index({bad[0]!r})" if bad else
                       f"a DataFrame with columns named {', '.join(map(str, named[:5]))}, which "
                       "are not nodes: move them to the index (set_index) or drop them")
    index = pick(("subject", "participant", "id", "trial", "cycle"), "subject")
    columns = pick(("percent", "pct", "node", "time", "frame"), "percent")
    values = pick(("value", "values"), "value")
    shown = ", ".join(str(c) for c in cols[:8]) + (", ..." if len(cols) > 8 else "")
    raise _invalid(arg, _CURVES + " (wide: one row per curve, one column per node)",
                   f"a long-format DataFrame of {len(df)} rows (columns {shown}); pivot it to "
                   f"one row per curve: {arg}.pivot(index={index!r}, columns={columns!r}, "
                   f"values={values!r})")


def _looks_like_nodes(labels: Any) -> bool:
    """Labels 0 … 100 (or 0 … 1) in even increasing steps, not a default RangeIndex: percent
    of a cycle."""
    import pandas as pd

    if isinstance(labels, pd.RangeIndex) or len(labels) < 3:
        return False
    if getattr(labels.dtype, "kind", "O") not in "iuf":
        return False
    x = labels.to_numpy(dtype=float)
    step = np.diff(x)
    return (bool(np.all(step > 0)) and bool(np.allclose(step, step[0], rtol=1e-6))
            and x[0] == 0.0 and (math.isclose(x[-1], 100.0) or math.isclose(x[-1], 1.0)))


def _refuse_node_rows(df: Any, arg: str) -> None:
    """A DataFrame whose rows are the nodes (index 0 … 100 %), e.g. from
    ``df.pivot(index="percent", columns="subject")``, while its columns are not."""
    if not _looks_like_nodes(df.index) or _looks_like_nodes(df.columns):
        return
    name = f" {df.index.name!r}" if df.index.name is not None else ""
    raise _invalid(arg, _CURVES + ": one row per curve (e.g. per subject), one column per node",
                   f"a DataFrame whose index{name} runs {df.index[0]:g} to {df.index[-1]:g} in "
                   f"{len(df.index)} even steps, i.e. its rows are nodes and its "
                   f"{df.shape[1]} columns curves; pass {arg}.T, or pivot with "
                   "index=\"subject\", columns=\"percent\"")


def _labels_equal(x: Any, y: Any) -> bool:
    if x.equals(y):
        return True
    if (len(x) == len(y) and getattr(x.dtype, "kind", "O") in "iuf"
            and getattr(y.dtype, "kind", "O") in "iuf"):
        return bool(np.allclose(x.to_numpy(dtype=float), y.to_numpy(dtype=float),
                                rtol=1e-9, atol=1e-9))
    return False


def _same_labels(ref: Any, other: Any, ref_name: str, other_name: str,
                 what: str = "index") -> None:
    """pandas ``other`` labelled like pandas ``ref``: rows (``what="index"``: the same curve
    labels in the same order, since curves are paired by position) or nodes
    (``what="columns"``). Nothing to check when either is not a pandas object."""
    if not (_is_pandas(ref) and _is_pandas(other)):
        return
    ours, theirs = getattr(ref, what, None), getattr(other, what, None)
    if ours is None or theirs is None or _labels_equal(ours, theirs):
        return
    if what == "index":
        kind, fix = "curve labels (index)", f"{other_name}.loc[{ref_name}.index]"
        matched = "curves are matched by position, not by label"
    else:
        kind, fix = "node labels (columns)", f"{other_name}[{ref_name}.columns]"
        matched = "nodes are matched by position, not by label"
    if len(ours) == len(theirs) and set(ours) == set(theirs):
        got = "the same labels in another order"
    else:
        i = next((k for k, (p, q) in enumerate(zip(ours, theirs)) if p != q),
                 min(len(ours), len(theirs)))
        got = (f"label {theirs[i]!r} at position {i} where {ref_name} has {ours[i]!r}"
               if i < min(len(ours), len(theirs))
               else f"{len(theirs)} labels against {len(ours)}")
    raise _invalid(other_name, f"the {kind} of {ref_name}, in the same order ({matched})",
                   f"{got}; align it with {fix}, or pass {other_name}.to_numpy() to match by "
                   "position")


def _alpha(value: Any) -> float:
    expected = "a significance level strictly between 0 and 1 (e.g. 0.05)"
    v = _checks.number(value, "alpha", expected)
    if not 0.0 < v < 1.0:
        raise _invalid("alpha", expected, repr(value))
    return v


def _seed(seed: Any) -> int:
    if seed is None:
        return secrets.randbits(64)
    s = _checks.integer(seed, "seed", "an integer in [0, 2**64) or None")
    if not 0 <= s < _SEED_LIMIT:
        raise _invalid("seed", "an integer in [0, 2**64) or None", repr(seed))
    return s


def _metric(value: Any) -> str:
    expected = "'integral' or 'extent' (spm1d: 'MaxClusterIntegral', 'MaxClusterExtent')"
    if not isinstance(value, str):
        raise _invalid("cluster_metric", expected, repr(value))
    v = _METRIC_ALIASES.get(value.casefold(), value.casefold())
    if v in ("maxclusterheight", "height"):
        raise _invalid("cluster_metric", expected + "; spm1d's 'MaxClusterHeight' is not "
                       "offered (docs: spm, Differences from spm1d)", repr(value))
    if v not in _METRICS:
        raise _invalid("cluster_metric", expected, repr(value))
    return v


def _options(alpha: Any, method: Any, n_permutations: Any, seed: Any, cluster_metric: Any,
             missing: Any) -> dict:
    method = _checks.option(method, "method", _METHODS, ignore_case=True).lower()
    expected = (f"an integer from 1 to {_MAX_PERMUTATIONS} (10**8), or -1 for every distinct "
                "permutation")
    n = _checks.integer(n_permutations, "n_permutations", expected, minimum=-1,
                        maximum=_MAX_PERMUTATIONS)
    if n == 0:
        raise _invalid("n_permutations", expected, "0")
    seed = _seed(seed)  # checked with RFT too, where it is not used
    return dict(alpha=_alpha(alpha), method=method, n_permutations=n,
                seed=seed if method == "permutation" else 0,
                cluster_metric=_metric(cluster_metric),
                missing=_checks.option(missing, "missing", _MISSING))


def _refuse_huge(y: np.ndarray, arg: str, what: str = "curves") -> None:
    """InvalidArgumentError naming ``arg`` when the squares that the variance sums would
    overflow double precision (any value beyond 1e150 in magnitude: the variance would be
    infinite, and the core would see zero variance) or underflow to zero (every value below
    1e-150 and not all zero)."""
    with np.errstate(invalid="ignore"):
        big = np.abs(y) > _MAX_MAGNITUDE
        largest = np.nanmax(np.abs(y)) if y.size and not np.isnan(y).all() else 0.0
    if big.any():
        where = tuple(np.argwhere(big)[0])
        at = (f"curve {int(where[0])}, node {int(where[1])}" if y.ndim == 2
              else f"index {int(where[0])}")
        raise _invalid(arg, f"{what} of magnitude at most 1e150: the variance sums squares, "
                       "which overflow double precision (about 1.8e308) beyond that; rescale "
                       "the data (e.g. other units)", f"{float(y[where]):.3g} at {at}")
    if 0.0 < largest < 1.0 / _MAX_MAGNITUDE:
        raise _invalid(arg, f"{what} of magnitude above 1e-150 somewhere: the variance sums "
                       "squares, which underflow to zero below that; rescale the data (e.g. "
                       "other units)", f"values of magnitude at most {float(largest):.3g}")


def _nan_rows(y: np.ndarray) -> np.ndarray:
    """Indices of the curves (rows) holding NaN."""
    return np.flatnonzero(np.isnan(y).any(axis=1))


def _nodes_text(nodes: np.ndarray) -> str:
    nodes = [int(n) for n in nodes]
    return ", ".join(str(n) for n in nodes[:8]) + (f", ... ({len(nodes) - 8} more)"
                                                   if len(nodes) > 8 else "")


def _end_cut_hint(y: np.ndarray, arg: str, also: str) -> str:
    """When every curve with NaN has it only in runs at the ends of the cycle, the hint to cut
    all curves to the nodes that all of them have (``missing="omit_curves"`` would leave those
    curves out, or all of them)."""
    rows = _nan_rows(y)
    m = np.isnan(y[rows])
    n = y.shape[1]
    if m.all(axis=1).any():
        return ""
    lead = np.argmax(~m, axis=1)
    trail = np.argmax(~m[:, ::-1], axis=1)
    if any(m[k, lead[k]:n - trail[k]].any() for k in range(len(rows))):
        return ""
    lo, hi = int(lead.max()), n - int(trail.max())
    if hi - lo < 2:
        return ""
    cut = f"{arg}[:, {lo if lo else ''}:{hi if hi < n else ''}]"
    also_text = f" (and {also} alike)" if also else ""
    left = (f"it would leave out {rows.size} of {y.shape[0]} curves" if rows.size < y.shape[0]
            else "it would leave no curve")
    return (f". Every curve with NaN has it only at the ends: cut all curves to the nodes "
            f"{lo}–{hi - 1} that every curve has, {cut}{also_text}, rather than "
            f"missing='omit_curves' ({left}); "
            + (f"positions in the result then count from the cut (node k is node k + {lo} of "
               "the cycle), and " if lo else "")
            + "the result's *_percent positions span the cut nodes, not the whole cycle")


def _refuse_nan(y: np.ndarray, arg: str, also: str = "") -> None:
    """InvalidArgumentError naming ``arg``, the first curve with NaN and its first NaN node
    (and, when the NaN lie only at the ends of the curves, the cut that removes them; ``also``
    names the other argument to cut alike)."""
    rows = _nan_rows(y)
    if rows.size == 0:
        return
    i = int(rows[0])
    nodes = np.flatnonzero(np.isnan(y[i]))
    more = f" (curves with NaN: {_nodes_text(rows)})" if rows.size > 1 else ""
    raise _invalid(arg, "curves without missing samples (hipmech.spm refuses NaN: drop or fill "
                   "the curve, or pass missing='omit_curves')",
                   f"NaN in curve {i} at node {int(nodes[0])}"
                   + (f" ({nodes.size} nodes)" if nodes.size > 1 else "") + more
                   + _end_cut_hint(y, arg, also))


def _omit_note(arg: str, rows: np.ndarray, why: str = "") -> str:
    n = rows.size
    return (f"{n} curve{'s' if n != 1 else ''} of {arg} with NaN left out "
            f"(missing='omit_curves'): {_nodes_text(rows)}{why}")


def _label_kind(v: Any) -> Optional[str]:
    """"bool", "number" or "text" for a group label; None for a missing one (None, NaN)."""
    if v is None:
        return None
    if isinstance(v, (bool, np.bool_)):
        return "bool"
    if isinstance(v, (int, float, np.integer, np.floating)):
        return None if math.isnan(v) else "number"
    if isinstance(v, (str, bytes, np.str_, np.bytes_)):
        return "text"
    return type(v).__name__


def _group_labels(groups: Any, n_curves: int,
                  arg: str = "groups") -> tuple[np.ndarray, np.ndarray]:
    """The labels of anova1 as an array np.unique can sort (numbers or text, one type), and the
    indices of missing labels (NaN or None, filled with a valid label to be dropped).

    The labels are checked one by one before numpy sees them: ``np.asarray([1, "1"])`` would
    turn the number into the text "1" and merge two groups."""
    if type(groups).__module__.startswith("pandas"):
        groups = groups.to_numpy(dtype=object)
    if isinstance(groups, np.ndarray) and groups.dtype.kind in "iub":
        g = groups
    else:
        g = np.empty(len(groups) if hasattr(groups, "__len__") else 0, dtype=object)
        try:
            g[:] = list(groups)  # keeps each label's own type
        except (TypeError, ValueError):
            g = np.asarray(groups, dtype=object)
    if g.ndim != 1 or g.shape[0] != n_curves:
        raise _invalid(arg, f"one label per curve of y: shape ({n_curves},)",
                       f"shape {g.shape}")
    if g.dtype.kind in "iub":
        return g, np.zeros(0, dtype=np.int64)
    kinds = [_label_kind(v) for v in g]
    missing = np.array([i for i, k in enumerate(kinds) if k is None], dtype=np.int64)
    found = {k: i for i, k in reversed(list(enumerate(kinds))) if k is not None}
    bad = [k for k in found if k not in ("bool", "number", "text")]
    if bad:
        raise _invalid(arg, "group labels that are numbers or strings",
                       f"a label of type {bad[0]} at index {found[bad[0]]}")
    if len(found) > 1:
        (k1, i1), (k2, i2) = sorted(found.items(), key=lambda kv: kv[1])[:2]
        raise _invalid(arg, "labels of one type (all numbers or all strings: 1 and '1' "
                       "would be different groups)",
                       f"labels of mixed types: {g[i1]!r} ({k1}) at index {i1} and {g[i2]!r} "
                       f"({k2}) at index {i2}")
    if not found:
        raise _invalid(arg, "a label for every curve", "no label (all NaN or None)")
    kind = next(iter(found))
    fill = g[found[kind]]
    if missing.size:
        g = g.copy()
        g[missing] = fill  # dropped later (omit_curves) or refused (raise)
    if kind == "text":
        g = np.array([v.decode() if isinstance(v, (bytes, np.bytes_)) else str(v) for v in g])
    elif kind == "number":
        g = g.astype(float) if any(isinstance(v, (float, np.floating)) for v in g) \
            else g.astype(np.int64)
    else:
        g = g.astype(bool)
    return g, missing


def _label_text(v: Any) -> str:
    """A label as written in messages: numbers plain, text quoted."""
    return repr(v.item() if isinstance(v, np.generic) else v)


def _same_nodes(a: np.ndarray, b: np.ndarray, arg: str = "b") -> None:
    if a.shape[1] != b.shape[1]:
        raise _invalid(arg, f"curves of {a.shape[1]} nodes, as a", f"shape {b.shape}")


def _stats(groups: list) -> tuple[tuple, tuple]:
    mean = tuple(np.mean(g, axis=0) for g in groups)
    sd = tuple(np.std(g, axis=0, ddof=1) if g.shape[0] > 1 else np.full(g.shape[1], np.nan)
               for g in groups)
    return mean, sd


def _run(test: str, y: np.ndarray, b: Any, mu: float, two_tailed: bool, o: dict,
         notes: list, labels: tuple, groups: list) -> SPMResult:
    try:
        d = _core.spm_test(test, y, b, mu, o["alpha"], two_tailed, o["method"],
                           o["n_permutations"], o["seed"], o["cluster_metric"], False)
    except InvalidArgumentError as e:
        if not notes:
            raise
        # too few curves left, say, after curves were left out: say which
        raise type(e)(f"{e} (after {'; '.join(notes)})", e.argument, e.expected,
                      e.got) from None
    n_nodes = int(d["n_nodes"])
    clusters = tuple(SPMCluster._from_core(c, n_nodes) for c in d.pop("clusters"))
    if d["method"] == "rft":
        d["cluster_metric"] = ""
        d["seed"] = 0
    mean, sd = _stats(groups)
    notes = list(notes) + _caveats(d, clusters)
    return SPMResult(clusters=clusters, p_cluster=tuple(c.p for c in clusters),
                     df=tuple(float(v) for v in d.pop("df")),
                     resels=tuple(float(v) for v in d.pop("resels")),
                     notes=tuple(notes), curve_labels=labels, curve_mean=mean, curve_sd=sd,
                     **d)


def _caveats(d: dict, clusters: tuple) -> list:
    """Notes on what the inference cannot deliver (docs: spm, "Critical threshold" and "The
    size of an exact test")."""
    out = []
    alpha = float(d["alpha"])
    if d["method"] == "rft":
        above = [i for i, c in enumerate(clusters) if c.p > alpha]
        if above:
            out.append(
                f"cluster{'s' if len(above) > 1 else ''} {', '.join(map(str, above))} cross "
                f"zstar but have an RFT cluster p above alpha = {alpha:g}: zstar is the "
                "Bonferroni bound here (a rough field or very few curves), where the "
                "field-wise test rejects and the cluster-level p does not; read with caution")
    elif d["exact"]:
        maxima = np.asarray(d["permutation_max"])
        size = np.count_nonzero(maxima > float(d["zstar"])) / maxima.size
        # The percentile threshold leaves a multiple of 1/n above it: noted when that is more
        # than 5 % above alpha (few relabellings; 1024 sign flips one-tailed give 52/1024).
        if size > 1.05 * alpha:
            out.append(
                f"the exact test's size is {np.count_nonzero(maxima > float(d['zstar']))}/"
                f"{maxima.size} = {size:.4f}, above alpha = {alpha:g}: with {maxima.size} "
                "relabellings the size is a multiple of 1/{0}; use more curves or an alpha "
                "that is a multiple of 1/{0}".format(maxima.size))
    return out


_COMMON_DOC = """
    alpha : float
        Family-wise type-I error rate, strictly between 0 and 1.
    method : {"rft", "permutation"}
        Inference by 1-D random field theory (Friston et al. 2007; Worsley et al. 1996; Adler &
        Taylor 2007) or by permutation (Nichols & Holmes 2002).
    n_permutations : int
        Permutation: the number of permutations. When the permutations to enumerate are at
        most that many — every distinct one, or for two tails of sign flips and of two samples
        of equal size one of each mirror pair (half) — all are enumerated (exact test,
        ``result.exact``); otherwise that many are drawn uniformly at random, with
        replacement, with ``seed`` (a Monte Carlo test; the observed labelling is not added,
        as in spm1d, and is among the draws only by chance). -1 enumerates every distinct
        permutation (refused above 10**7); at most 10**8. ``alpha`` must be at least
        1 / (entries of the null distribution): 1 / (distinct permutations) in a one-tailed
        exact test, 2 / (distinct permutations) two-tailed with one of each mirror pair, and
        1 / ``n_permutations`` in a Monte Carlo one.
    seed : int or None
        Permutation: seed of the Monte Carlo draw, 0 to 2**64 − 1; None draws one (reported in
        ``result.seed``). Ignored by RFT.
    cluster_metric : {"integral", "extent"}
        Permutation: the cluster size whose maximum forms the null distribution of cluster
        p values (spm1d's default "MaxClusterIntegral"; its names are accepted too).
    missing : {"raise", "omit_curves"}
        A NaN sample is an error naming the argument, the curve and the node ("raise"), or its
        whole curve is left out and named in ``result.notes`` ("omit_curves")."""


def _doc(f):
    f.__doc__ = f.__doc__.replace("    {common}", _COMMON_DOC.strip("\n"))
    return f


# ---------------------------------------------------------------------------------------------
# the tests
# ---------------------------------------------------------------------------------------------

@_doc
def ttest(y: npt.ArrayLike, mu: Any = _MU_DEFAULT, *, y0: Any = None, alpha: float = 0.05,
          two_tailed: bool = True, method: MethodName = "rft", n_permutations: int = 10_000,
          seed: Optional[int] = 0, cluster_metric: ClusterMetricName = "integral",
          missing: MissingName = "raise") -> SPMResult:
    """One-sample t test of curves against ``mu`` (spm1d.stats.ttest).

    SPM{t} = (mean(y) − mu) / (SD(y) / √J) at each node, J curves, df = J − 1.

    Parameters
    ----------
    y : array_like
        (n_curves, n_nodes) curves, one per row (at least 2 curves and 2 nodes).
    mu : float or array_like
        The null mean: a number or an (n_nodes,) curve.
    y0 : float or array_like, optional
        spm1d's name for ``mu`` (``spm1d.stats.ttest(Y, y0)``): give one of the two.
    two_tailed : bool
        Thresholds at ±zstar (True) or +zstar only.
    {common}

    Returns
    -------
    SPMResult

    Raises
    ------
    hipmech.InvalidArgumentError
        (a ValueError) naming the argument: not a 2-D array of real numbers, NaN (with
        ``missing="raise"``) or infinity, values beyond 1e150 in magnitude (their squares
        overflow), too few curves or nodes, zero variance at a node, an option out of range or
        misspelt, both ``mu`` and ``y0``.

    Examples
    --------
    >>> import numpy as np
    >>> from hipmech import spm
    >>> y = np.random.default_rng(1).normal(0.0, 1.0, (10, 101)).cumsum(1) / 5
    >>> spm.ttest(y).df
    (1.0, 9.0)
    """
    if y0 is not None:
        if mu is not _MU_DEFAULT:
            raise _invalid("y0", "mu or y0 (spm1d's name for mu), not both",
                           f"mu={mu!r} and y0={y0!r}")
        mu = y0
    o = _options(alpha, method, n_permutations, seed, cluster_metric, missing)
    two_tailed = _checks.flag(two_tailed, "two_tailed")
    y = _curves(y, "y")
    notes: list = []
    if np.ndim(mu) == 0:
        mu_v = _checks.number(mu, "mu", "a finite number or an (n_nodes,) curve", finite=True)
        mu_curve = None
    else:
        mu_curve = _real_array(mu, "mu", "a finite number or an (n_nodes,) curve", ndim=1,
                               finite=True)
        if mu_curve.shape[0] != y.shape[1]:
            raise _invalid("mu", f"a number or a curve of {y.shape[1]} nodes, as y",
                           f"shape {mu_curve.shape}")
        mu_v = 0.0
    if o["missing"] == "raise":
        _refuse_nan(y, "y")
    else:
        rows = _nan_rows(y)
        if rows.size:
            notes.append(_omit_note("y", rows))
            y = np.delete(y, rows, axis=0)
    data = y if mu_curve is None else y - mu_curve
    with np.errstate(over="ignore", invalid="ignore"):
        _refuse_huge(data - mu_v, "y", "curves minus mu")
    return _run("ttest", data, None, mu_v, two_tailed, o, notes, ("y",), [y])


@_doc
def ttest_paired(a: npt.ArrayLike, b: npt.ArrayLike, *, alpha: float = 0.05,
                 two_tailed: bool = True, method: MethodName = "rft",
                 n_permutations: int = 10_000, seed: Optional[int] = 0,
                 cluster_metric: ClusterMetricName = "integral",
                 missing: MissingName = "raise") -> SPMResult:
    """Paired t test of two sets of curves (spm1d.stats.ttest_paired): the one-sample t test
    of the differences a − b (t > 0 where a is larger), df = J − 1.

    Parameters
    ----------
    a, b : array_like
        (n_curves, n_nodes) curves, row i of ``a`` paired with row i of ``b`` (e.g. left and
        right, pre and post of one subject). When both are pandas objects their indexes (and,
        for DataFrames, columns) must be equal, the same labels in the same order (rows are
        paired by position): otherwise an error naming ``b`` suggests ``b.loc[a.index]``.
    two_tailed : bool
        Thresholds at ±zstar (True) or +zstar only (a > b).
    {common}
        With "omit_curves" a pair is left out when either of its curves holds NaN.

    Returns
    -------
    SPMResult
        ``curve_labels`` ("a", "b").

    Raises
    ------
    hipmech.InvalidArgumentError
        As :func:`ttest`, and ``a`` and ``b`` of different shapes or pandas labels.

    Examples
    --------
    >>> import numpy as np
    >>> from hipmech import spm
    >>> rng = np.random.default_rng(2)
    >>> pre = rng.normal(0.0, 1.0, (8, 101)).cumsum(1) / 5
    >>> post = pre + 0.5 + rng.normal(0.0, 0.3, (8, 101))
    >>> r = spm.ttest_paired(post, pre)
    >>> r.curve_labels, r.n_curves
    (('a', 'b'), 8)
    """
    o = _options(alpha, method, n_permutations, seed, cluster_metric, missing)
    two_tailed = _checks.flag(two_tailed, "two_tailed")
    a_in, b_in = a, b
    a, b = _curves(a, "a"), _curves(b, "b")
    if a.shape != b.shape:
        raise _invalid("b", f"the shape of a {a.shape} (paired curves)", f"shape {b.shape}")
    _same_labels(a_in, b_in, "a", "b", "index")
    _same_labels(a_in, b_in, "a", "b", "columns")
    notes: list = []
    if o["missing"] == "raise":
        _refuse_nan(a, "a", "b")
        _refuse_nan(b, "b", "a")
    else:
        rows = np.union1d(_nan_rows(a), _nan_rows(b))
        if rows.size:
            notes.append(f"{rows.size} pair{'s' if rows.size != 1 else ''} of curves with NaN "
                         f"in a or b left out (missing='omit_curves'): {_nodes_text(rows)}")
            a, b = np.delete(a, rows, axis=0), np.delete(b, rows, axis=0)
    with np.errstate(over="ignore", invalid="ignore"):
        _refuse_huge(a - b, "a", "differences a − b")
    return _run("ttest_paired", a, b, 0.0, two_tailed, o, notes, ("a", "b"), [a, b])


@_doc
def ttest2(a: npt.ArrayLike, b: npt.ArrayLike, *, alpha: float = 0.05, two_tailed: bool = True,
           method: MethodName = "rft", n_permutations: int = 10_000, seed: Optional[int] = 0,
           cluster_metric: ClusterMetricName = "integral", missing: MissingName = "raise",
           equal_var: bool = True) -> SPMResult:
    """Two-sample t test of two independent groups of curves (spm1d.stats.ttest2 with
    ``equal_var=True``): Student's pooled variance, df = J_a + J_b − 2, t > 0 where the mean of
    ``a`` is larger.

    Parameters
    ----------
    a, b : array_like
        (n_a, n_nodes) and (n_b, n_nodes) curves (at least one each, three in all).
    two_tailed : bool
        Thresholds at ±zstar (True) or +zstar only (mean of a larger).
    {common}
    equal_var : bool
        Must be True. spm1d's default ``equal_var=False`` corrects the degrees of freedom for
        unequal variances by a ReML non-sphericity estimate that spm1d itself calls approximate
        and unverified; hipmech does not implement it (docs: spm).

    Returns
    -------
    SPMResult
        ``curve_labels`` ("a", "b").

    Raises
    ------
    hipmech.InvalidArgumentError
        As :func:`ttest`, curves of different lengths, ``equal_var=False``.

    Examples
    --------
    >>> import numpy as np
    >>> from hipmech import spm
    >>> rng = np.random.default_rng(3)
    >>> r = spm.ttest2(rng.normal(size=(6, 51)).cumsum(1), rng.normal(size=(7, 51)).cumsum(1))
    >>> r.df
    (1.0, 11.0)
    """
    if not _checks.flag(equal_var, "equal_var"):
        raise _invalid("equal_var", "True (Student's pooled variance; spm1d's unequal-variance "
                       "ReML correction, its default, is not implemented: see docs/spm)",
                       "False")
    o = _options(alpha, method, n_permutations, seed, cluster_metric, missing)
    two_tailed = _checks.flag(two_tailed, "two_tailed")
    a_in, b_in = a, b
    a, b = _curves(a, "a"), _curves(b, "b")
    _same_nodes(a, b)
    _same_labels(a_in, b_in, "a", "b", "columns")
    notes: list = []
    if o["missing"] == "raise":
        _refuse_nan(a, "a", "b")
        _refuse_nan(b, "b", "a")
    else:
        for name in ("a", "b"):
            x = a if name == "a" else b
            rows = _nan_rows(x)
            if rows.size:
                notes.append(_omit_note(name, rows))
                x = np.delete(x, rows, axis=0)
                a, b = (x, b) if name == "a" else (a, x)
    _refuse_huge(a, "a")
    _refuse_huge(b, "b")
    return _run("ttest2", a, b, 0.0, two_tailed, o, notes, ("a", "b"), [a, b])


@_doc
def regress(y: npt.ArrayLike, x: npt.ArrayLike, *, alpha: float = 0.05, two_tailed: bool = True,
            method: MethodName = "rft", n_permutations: int = 10_000, seed: Optional[int] = 0,
            cluster_metric: ClusterMetricName = "integral",
            missing: MissingName = "raise") -> SPMResult:
    """Simple linear regression of curves on a scalar (spm1d.stats.regress): y_i(q) = b0(q) +
    beta(q) x_i + e_i(q); SPM{t} is the slope's t statistic, df = J − 2.

    Parameters
    ----------
    y : array_like
        (n_curves, n_nodes) curves (at least 3).
    x : array_like
        (n_curves,) regressor, one value per curve, not constant (e.g. walking speed). A
        pandas Series with a DataFrame ``y`` must have ``y``'s index (``x.loc[y.index]``).
    two_tailed : bool
        Thresholds at ±zstar (True) or +zstar only (positive slope).
    {common}
        With "omit_curves" a curve is also left out where ``x`` is NaN.

    Returns
    -------
    SPMResult
        With ``beta`` (slope per node, units of y per unit of x) and ``r`` (correlation
        coefficient per node); ``curve_labels`` ("y",).

    Raises
    ------
    hipmech.InvalidArgumentError
        As :func:`ttest`, ``x`` of the wrong length, constant, or holding infinity.

    Examples
    --------
    >>> import numpy as np
    >>> from hipmech import spm
    >>> rng = np.random.default_rng(4)
    >>> speed = np.linspace(1.0, 2.0, 12)
    >>> y = np.outer(speed, np.ones(51)) + rng.normal(size=(12, 51)).cumsum(1) / 4
    >>> r = spm.regress(y, speed)
    >>> r.df, r.beta.shape
    ((1.0, 10.0), (51,))
    """
    o = _options(alpha, method, n_permutations, seed, cluster_metric, missing)
    two_tailed = _checks.flag(two_tailed, "two_tailed")
    y_in = y
    y = _curves(y, "y")
    xv = _real_array(_checks.pandas_values(x, "x"), "x", "an (n_curves,) regressor", ndim=1)
    if xv.shape[0] != y.shape[0]:
        raise _invalid("x", f"one value per curve of y ({y.shape[0]})", f"shape {xv.shape}")
    _same_labels(y_in, x, "y", "x", "index")
    notes: list = []
    if o["missing"] == "raise":
        _refuse_nan(y, "y")
        bad = np.flatnonzero(np.isnan(xv))
        if bad.size:
            raise _invalid("x", "a regressor without NaN (or missing='omit_curves')",
                           f"NaN at index {int(bad[0])}")
    else:
        rows_y, rows_x = _nan_rows(y), np.flatnonzero(np.isnan(xv))
        if rows_y.size:
            notes.append(_omit_note("y", rows_y))
        if rows_x.size:
            notes.append(f"{rows_x.size} curve{'s' if rows_x.size != 1 else ''} of y whose x "
                         f"is NaN left out (missing='omit_curves'): {_nodes_text(rows_x)}")
        rows = np.union1d(rows_y, rows_x)
        y, xv = np.delete(y, rows, axis=0), np.delete(xv, rows)
    _refuse_huge(y, "y")
    _refuse_huge(xv, "x", "regressor values")
    return _run("regress", y, xv, 0.0, two_tailed, o, notes, ("y",), [y])


@_doc
def anova1(y: npt.ArrayLike, groups: npt.ArrayLike, *, alpha: float = 0.05,
           two_tailed: bool = False, method: MethodName = "rft", n_permutations: int = 10_000,
           seed: Optional[int] = 0, cluster_metric: ClusterMetricName = "integral",
           missing: MissingName = "raise", equal_var: bool = True) -> SPMResult:
    """One-way ANOVA of groups of curves (spm1d.stats.anova1 with ``equal_var=True``):
    SPM{F} = (between-group mean square) / (within-group mean square), df = (k − 1, N − k).

    Parameters
    ----------
    y : array_like
        (n_curves, n_nodes) curves of all groups.
    groups : array_like
        (n_curves,) group label of each curve: numbers or strings (all of one type: 1 and "1"
        are refused rather than merged), at least 2 groups, N > k. NaN or None marks a
        missing label. A pandas Series with a DataFrame ``y`` must have ``y``'s index.
    two_tailed : bool
        Must be False: F is never negative, its test is one-tailed (present so that code
        written for the t tests fails with a clear message).
    {common}
        With "omit_curves" a curve is also left out where its group label is NaN or None.
    equal_var : bool
        Must be True (classical ANOVA; spm1d's default ReML correction is not implemented).

    Returns
    -------
    SPMResult
        ``curve_labels`` are the group labels as text, in :func:`numpy.unique` order, with the
        mean and SD of each group.

    Raises
    ------
    hipmech.InvalidArgumentError
        As :func:`ttest`, ``groups`` of the wrong length, with labels of mixed types, a
        missing label (with ``missing="raise"``) or fewer than 2 groups, ``two_tailed=True``,
        ``equal_var=False``.

    Examples
    --------
    >>> import numpy as np
    >>> from hipmech import spm
    >>> rng = np.random.default_rng(5)
    >>> y = rng.normal(size=(12, 51)).cumsum(1)
    >>> r = spm.anova1(y, ["slow"] * 4 + ["normal"] * 4 + ["fast"] * 4)
    >>> r.statistic, r.df, r.curve_labels
    ('F', (2.0, 9.0), ('fast', 'normal', 'slow'))
    """
    if _checks.flag(two_tailed, "two_tailed"):
        raise _invalid("two_tailed", "False: the F statistic is never negative, so the ANOVA's "
                       "test is one-tailed", "True")
    if not _checks.flag(equal_var, "equal_var"):
        raise _invalid("equal_var", "True (classical one-way ANOVA; spm1d's unequal-variance "
                       "ReML correction, its default, is not implemented: see docs/spm)",
                       "False")
    o = _options(alpha, method, n_permutations, seed, cluster_metric, missing)
    y_in = y
    y = _curves(y, "y")
    g, unlabelled = _group_labels(groups, y.shape[0])
    _same_labels(y_in, groups, "y", "groups", "index")
    notes: list = []
    if o["missing"] == "raise":
        if unlabelled.size:
            raise _invalid("groups", "a label for every curve (or missing='omit_curves')",
                           f"a missing label (NaN or None) at index {int(unlabelled[0])}")
        _refuse_nan(y, "y")
    else:
        rows_y = _nan_rows(y)
        if rows_y.size:
            notes.append(_omit_note("y", rows_y))
        if unlabelled.size:
            notes.append(f"{unlabelled.size} curve{'s' if unlabelled.size != 1 else ''} of y "
                         "whose group label is missing (NaN or None) left out "
                         f"(missing='omit_curves'): {_nodes_text(unlabelled)}")
        rows = np.union1d(rows_y, unlabelled)
        y, g = np.delete(y, rows, axis=0), np.delete(g, rows)
    _refuse_huge(y, "y")
    labels, codes = np.unique(g, return_inverse=True)
    codes = codes.reshape(-1).astype(np.int64)
    names = tuple(str(v) for v in labels)
    members = [y[codes == k] for k in range(len(labels))]
    return _run("anova1", y, codes, 0.0, False, o, notes, names, members)


@_doc
def anova1rm(y: npt.ArrayLike, groups: npt.ArrayLike, subjects: npt.ArrayLike, *,
             alpha: float = 0.05, two_tailed: bool = False, method: MethodName = "rft",
             n_permutations: int = 10_000, seed: Optional[int] = 0,
             cluster_metric: ClusterMetricName = "integral", missing: MissingName = "raise",
             equal_var: bool = True) -> SPMResult:
    """One-way repeated-measures ANOVA of curves (spm1d.stats.anova1rm with
    ``equal_var=True``): every subject is measured once at each of k levels (conditions), and
    SPM{F} = MS_A / MS_(A×S), the levels' mean square over the level × subject interaction's,
    df = (k − 1, (k − 1)(n − 1)) with n subjects (classical univariate RM ANOVA, sphericity
    assumed; Winer et al. 1991, Howell 2010).

    Parameters
    ----------
    y : array_like
        (n_curves, n_nodes) curves, one per subject and level (n_curves = k · n), in any order.
    groups : array_like
        (n_curves,) level (condition) of each curve: numbers or strings of one type, at least 2
        levels. NaN or None marks a missing label.
    subjects : array_like
        (n_curves,) subject of each curve: numbers or strings of one type, at least 2
        subjects. The design must be balanced: every subject has exactly one curve at every
        level (otherwise an error naming the subject and the level).
    two_tailed : bool
        Must be False (F tests are one-tailed).
    {common}
        Here the whole subject is left out when one of its curves has NaN or a missing level
        label (the design must stay balanced), and ``result.notes`` names the subjects; a curve
        whose subject label is missing is left out alone.
    equal_var : bool
        Must be True (sphericity assumed; spm1d's default non-sphericity correction is not
        implemented).

    Returns
    -------
    SPMResult
        ``curve_labels`` are the levels as text, in :func:`numpy.unique` order, with the mean
        and SD over the subjects at each level. ``n_curves`` counts curves (k · n).

    Raises
    ------
    hipmech.InvalidArgumentError
        As :func:`anova1`; ``method="permutation"`` (not implemented for the repeated-measures
        design: use RFT); ``subjects`` of the wrong length, fewer than 2 subjects, a subject
        lacking a level or with two curves at one level.

    Examples
    --------
    >>> import numpy as np
    >>> from hipmech import spm
    >>> rng = np.random.default_rng(5)
    >>> subject = rng.normal(size=(6, 51)).cumsum(1)       # 6 subjects' own curves
    >>> y = np.vstack([subject + rng.normal(size=(6, 51)).cumsum(1) for _ in range(3)])
    >>> levels = ["slow"] * 6 + ["normal"] * 6 + ["fast"] * 6
    >>> subjects = list(range(6)) * 3
    >>> r = spm.anova1rm(y, levels, subjects)
    >>> r.statistic, r.df, r.curve_labels
    ('F', (2.0, 10.0), ('fast', 'normal', 'slow'))
    """
    if _checks.flag(two_tailed, "two_tailed"):
        raise _invalid("two_tailed", "False: the F statistic is never negative, so the ANOVA's "
                       "test is one-tailed", "True")
    if not _checks.flag(equal_var, "equal_var"):
        raise _invalid("equal_var", "True (classical repeated-measures ANOVA, sphericity "
                       "assumed; spm1d's non-sphericity correction is not implemented: see "
                       "docs/spm)", "False")
    o = _options(alpha, method, n_permutations, seed, cluster_metric, missing)
    if o["method"] == "permutation":
        raise _invalid("method", "'rft' (permutation inference of the repeated-measures ANOVA "
                       "is not implemented)", repr(method))
    y_in = y
    y = _curves(y, "y")
    g, g_missing = _group_labels(groups, y.shape[0], "groups")
    s, s_missing = _group_labels(subjects, y.shape[0], "subjects")
    _same_labels(y_in, groups, "y", "groups", "index")
    _same_labels(y_in, subjects, "y", "subjects", "index")
    notes: list = []
    if o["missing"] == "raise":
        if g_missing.size:
            raise _invalid("groups", "a label for every curve (or missing='omit_curves')",
                           f"a missing label (NaN or None) at index {int(g_missing[0])}")
        if s_missing.size:
            raise _invalid("subjects", "a label for every curve (or missing='omit_curves')",
                           f"a missing label (NaN or None) at index {int(s_missing[0])}")
        _refuse_nan(y, "y")
    else:
        if s_missing.size:
            notes.append(f"{s_missing.size} curve{'s' if s_missing.size != 1 else ''} of y "
                         "whose subject label is missing (NaN or None) left out "
                         f"(missing='omit_curves'): {_nodes_text(s_missing)}")
        bad = np.setdiff1d(np.union1d(_nan_rows(y), g_missing), s_missing)
        if bad.size:
            gone = np.unique(s[bad])
            rows = np.flatnonzero(np.isin(s, gone))
            notes.append(f"{gone.size} subject{'s' if gone.size != 1 else ''} left out with all "
                         f"their curves (missing='omit_curves': NaN or a missing level label "
                         f"in curves {_nodes_text(bad)}): "
                         + ", ".join(str(v) for v in gone[:8])
                         + (f", ... ({gone.size - 8} more)" if gone.size > 8 else ""))
        else:
            rows = np.zeros(0, dtype=np.int64)
        drop = np.union1d(rows, s_missing)
        y, g, s = np.delete(y, drop, axis=0), np.delete(g, drop), np.delete(s, drop)
    _refuse_huge(y, "y")
    labels, codes = np.unique(g, return_inverse=True)
    codes = codes.reshape(-1).astype(np.int64)
    subject_labels, subject_codes = np.unique(s, return_inverse=True)
    subject_codes = subject_codes.reshape(-1).astype(np.int64)
    after = f" (after {'; '.join(notes)})" if notes else ""
    if len(labels) >= 2 and len(subject_labels) >= 2:
        counts = np.zeros((len(subject_labels), len(labels)), dtype=np.int64)
        np.add.at(counts, (subject_codes, codes), 1)
        expected = "one curve per subject and level (a balanced repeated-measures design)"
        if (counts > 1).any():
            i, a = np.argwhere(counts > 1)[0]
            raise _invalid("subjects", expected,
                           f"subject {_label_text(subject_labels[i])} has {counts[i, a]} curves at "
                           f"level {_label_text(labels[a])}{after}")
        if (counts == 0).any():
            i, a = np.argwhere(counts == 0)[0]
            raise _invalid("subjects", expected,
                           f"subject {_label_text(subject_labels[i])} has no curve at level "
                           f"{_label_text(labels[a])}{after}")
    names = tuple(str(v) for v in labels)
    members = [y[codes == k] for k in range(len(labels))]
    return _run("anova1rm", y, (codes, subject_codes), 0.0, False, o, notes, names, members)


def fwhm(residuals: npt.ArrayLike) -> float:
    """Smoothness of a 1-D field from its residuals (Kiebel et al. 1999), as the SPM tests
    estimate it.

    Parameters
    ----------
    residuals : array_like
        (n_curves, n_nodes) residuals (each curve minus its model fit, e.g. minus the mean).

    Returns
    -------
    float
        Full width at half maximum of the Gaussian kernel that would give the field's
        roughness [nodes].

    Examples
    --------
    >>> import numpy as np
    >>> from hipmech import spm
    >>> e = np.random.default_rng(6).normal(size=(20, 101)).cumsum(1)
    >>> spm.fwhm(e - e.mean(0)) > 1.0
    True
    """
    r = _curves(residuals, "residuals")
    _refuse_nan(r, "residuals")
    return float(_core.spm_fwhm(r))

