"""How sure is each number: the measurement uncertainty of the per-trial hip analysis (docs:
uncertainty).

:func:`propagate` carries an :class:`UncertaintyModel` (marker noise, marker placement, the hip
joint centre regression's error, segment parameters, centre of pressure, subject measurements)
through the whole analysis of :func:`hipmech.report.analyse` (filter, Plug-in Gait, angles,
inverse dynamics, per-stance peaks) by seeded Monte Carlo or by first-order linearisation, in
C++ with the GIL released (``hipmech::uncertainty::propagate``). The result
(:class:`UncertaintyResult`) holds pandas DataFrames: per-frame and per-cycle bands of the
curves, the ± of every per-stance peak with each source's share, and the measurement
uncertainty of the side means and asymmetries with the CIs that combine it with the
between-stride variation. ``hipmech.report.analyse(..., uncertainty="monte_carlo")`` runs it
inside the report (tables, bands on the gait curves, the flag rule).
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from statistics import NormalDist
from typing import Any, Optional

import numpy as np

from . import _core, _results
from ._args import _type_error, flag, integer_value, invalid_argument, real_number
from ._errors import InvalidArgumentError

__all__ = [
    "HIP_CENTRE_METHODS",
    "METHODS",
    "SOURCES",
    "HipCentreError",
    "UncertaintyModel",
    "UncertaintyResult",
    "default_marker_noise_m",
    "hip_centre_error",
    "marker_noise_from_residuals",
    "max_monte_carlo_draws",
    "propagate",
    "z_value",
]

#: The independent error sources, in the order of every per-source column (``share_<source>``).
SOURCES: tuple[str, ...] = tuple(_core.UNCERTAINTY_SOURCES)

#: The propagation methods of :func:`propagate`.
METHODS = ("monte_carlo", "linear")

#: The hip-joint-centre regressions whose published error :func:`hip_centre_error` gives.
HIP_CENTRE_METHODS = ("davis", "bell", "harrington", "harrington_width_only")

SIDES = ("left", "right")

#: Fields of UncertaintyModel holding one SD, CV or correlation (None: the default).
_SCALAR_FIELDS = ("marker_noise_m", "marker_placement_sd_m", "hip_centre_side_correlation",
                  "segment_mass_cv", "segment_com_sd_fraction", "segment_gyration_cv",
                  "segment_side_correlation", "cop_sd_m", "knee_width_sd_m", "ankle_width_sd_m",
                  "leg_length_sd_m")

#: Fields without a default to fill (None is refused).
_NOT_NONE = ("marker_placement_sd_m", "segment_side_correlation")


def _renamed(exc: Exception, names: Mapping[str, str],
             replace_text: tuple[str, str] = ("", "")) -> Exception:
    """``exc`` (a ValueError or TypeError naming an argument) with the argument renamed by
    ``names``: a key ending in "." renames a prefix (``{"model.": ""}``: ``model.cop_sd_m`` ->
    ``cop_sd_m``), another key the whole name (``{"seed": "uncertainty_seed"}``); the
    attributes of an InvalidArgumentError are kept."""
    text = str(exc)
    argument = getattr(exc, "argument", "")
    for old, new in names.items():
        if old.endswith("."):
            text = text.replace(f"argument '{old}", f"argument '{new}")
            if argument.startswith(old):
                argument = new + argument[len(old):]
        else:
            text = text.replace(f"argument '{old}'", f"argument '{new}'")
            if argument == old:
                argument = new
    if replace_text[0]:
        text = text.replace(*replace_text)
    if isinstance(exc, InvalidArgumentError):
        expected = exc.expected.replace(*replace_text) if replace_text[0] else exc.expected
        return type(exc)(text, argument, expected, exc.got)
    return type(exc)(text)


def _nan_to_none(x: float) -> Optional[float]:
    return None if x is None or (isinstance(x, float) and math.isnan(x)) else float(x)


@dataclass(frozen=True)
class HipCentreError:
    """The published error of a hip-joint-centre regression against medical imaging.

    Attributes
    ----------
    method : str
        The regression (one of :data:`HIP_CENTRE_METHODS`).
    sd_m : tuple of float
        SD of the error along the ISB pelvis axes (anterior, superior, lateral) [m].
    side_correlation : float
        Lower bound of the correlation of the left and right errors (lateral component
        mirrored): the share of the error variance that is a bias common to the subjects,
        hence to both sides (a bias-plus-isotropic-scatter fit to the published 3-D error,
        the scatter independent between sides); 0 where no bias is shown.
    source : str
        The citation, with its table.
    derivation : str
        How ``sd_m`` and ``side_correlation`` follow from the paper's numbers.
    """

    method: str
    sd_m: tuple[float, float, float]
    side_correlation: float
    source: str
    derivation: str


def hip_centre_error(method: str = "davis") -> HipCentreError:
    """The published error of the hip-joint-centre regression ``method`` (docs:
    uncertainty-model, "Hip joint centre").

    Parameters
    ----------
    method : {"davis", "bell", "harrington", "harrington_width_only"}
        The regression (Plug-in Gait uses Davis et al. 1991).

    Returns
    -------
    HipCentreError

    Raises
    ------
    ValueError
        An unknown method (naming ``method``).
    TypeError
        ``method`` not a str.
    """
    if not isinstance(method, str):
        raise _type_error("method", "one of " + ", ".join(map(repr, HIP_CENTRE_METHODS)), method)
    d = _core.uncertainty_hip_centre_error(method)
    return HipCentreError(method=method.strip().lower().replace("-", "_"),
                          sd_m=tuple(float(v) for v in d["sd_m"]),
                          side_correlation=float(d["side_correlation"]), source=d["source"],
                          derivation=d["derivation"])


def default_marker_noise_m() -> float:
    """The SD of the white noise of a marker coordinate used when the file has no residuals
    [m] (docs: uncertainty-model, "Marker noise")."""
    return float(_core.uncertainty_default_marker_noise_m())


def marker_noise_from_residuals(trial: Any) -> float:
    """The marker noise SD [m] estimated from a trial's C3D residuals: the median over the
    frames of the Plug-in Gait markers present of their residual; NaN when the trial has none
    (a TRC file, a C3D writing 0 or -1 only).

    Parameters
    ----------
    trial : hipmech.io.Trial or str or os.PathLike
        The trial, or the path of its C3D file.
    """
    from .report._analysis import _trial_arg

    tr, _ = _trial_arg(trial, "trial")
    return float(_core.uncertainty_marker_noise_from_residuals(tr._to_core()))


@dataclass(frozen=True)
class UncertaintyModel:
    """How wrong each input of the hip analysis may be (C++ ``hipmech::uncertainty::
    UncertaintyModel``; defaults and their sources: docs: uncertainty-model).

    Every source is an independent zero-mean Gaussian error. A field left at None takes its
    published default when the model is resolved (:meth:`resolved`, done by :func:`propagate`);
    0 switches a source off. SI units: metres, fractions.

    Attributes
    ----------
    marker_noise_m : float, optional
        SD of the white noise of each marker coordinate and frame [m]; None: from the trial's
        residuals (:func:`marker_noise_from_residuals`), else :func:`default_marker_noise_m`.
    marker_placement_sd_m : float
        SD of a constant offset of each marker coordinate over the trial [m] (placement, soft
        tissue); 0 by default (a within-session comparison does not see it).
    hip_centre_method : str
        The regression whose published error applies (Plug-in Gait: ``"davis"``).
    hip_centre_sd_m : tuple of 3 float, optional
        SD of the hip joint centre error along the pelvis axes (anterior, superior, lateral)
        [m]; None: :func:`hip_centre_error` of ``hip_centre_method``.
    hip_centre_side_correlation : float, optional
        Correlation of the left and right hip centre errors, in [0, 1] (the lateral
        component mirrored); None: the regression's published bound
        (:func:`hip_centre_error`, Davis 0.78). 0: independent sides, the widest left-right
        differences.
    segment_mass_cv, segment_com_sd_fraction, segment_gyration_cv : float, optional
        Relative SD of the foot, shank and thigh masses; SD of each centre of mass along the
        segment as a fraction of its length; relative SD of the radii of gyration. None: the
        defaults (spread of the published tables).
    segment_side_correlation : float
        Correlation of the left and right segment-parameter errors, in [0, 1] (1: the subject
        differs from the table alike on both sides).
    cop_sd_m : float, optional
        SD of a constant centre-of-pressure offset per force plate along each horizontal axis
        [m]; None: the default.
    knee_width_sd_m, ankle_width_sd_m, leg_length_sd_m : float, optional
        SD of the subject measurements [m]; None: the defaults.
    notes : tuple of str
        Where each value came from; filled by :meth:`resolved` (empty otherwise).

    Raises
    ------
    TypeError
        A field of the wrong type (naming it).
    ValueError
        A negative or non-finite SD, a CV above 1, an SD above 0.1 m, a correlation outside
        [0, 1], an unknown ``hip_centre_method`` (naming the field).
    """

    marker_noise_m: Optional[float] = None
    marker_placement_sd_m: float = 0.0
    hip_centre_method: str = "davis"
    hip_centre_sd_m: Optional[tuple[float, float, float]] = None
    hip_centre_side_correlation: Optional[float] = None
    segment_mass_cv: Optional[float] = None
    segment_com_sd_fraction: Optional[float] = None
    segment_gyration_cv: Optional[float] = None
    segment_side_correlation: float = 1.0
    cop_sd_m: Optional[float] = None
    knee_width_sd_m: Optional[float] = None
    ankle_width_sd_m: Optional[float] = None
    leg_length_sd_m: Optional[float] = None
    notes: tuple[str, ...] = field(default=(), compare=False)

    def __post_init__(self) -> None:
        for name in _SCALAR_FIELDS:
            v = getattr(self, name)
            if v is None and name not in _NOT_NONE:
                continue
            # NaN is refused: None asks for the default (the C++ model's NaN).
            object.__setattr__(self, name, real_number(
                v, name, "a finite number" if name in _NOT_NONE else "a finite number or None",
                finite=True))
        if not isinstance(self.hip_centre_method, str):
            raise _type_error("hip_centre_method", "one of " + ", ".join(
                map(repr, HIP_CENTRE_METHODS)), self.hip_centre_method)
        method = self.hip_centre_method.strip().lower().replace("-", "_")
        if method not in HIP_CENTRE_METHODS:
            raise invalid_argument("hip_centre_method", "one of " + ", ".join(
                map(repr, HIP_CENTRE_METHODS)), repr(self.hip_centre_method))
        object.__setattr__(self, "hip_centre_method", method)
        sd = self.hip_centre_sd_m
        if sd is not None:
            if isinstance(sd, (str, bytes)) or not hasattr(sd, "__len__") or np.ndim(sd) != 1:
                raise _type_error("hip_centre_sd_m", "3 SDs (anterior, superior, lateral) in m "
                                  "or None", sd)
            if len(sd) != 3:
                raise invalid_argument("hip_centre_sd_m", "3 SDs (anterior, superior, lateral) "
                                       "in m", f"{len(sd)} values")
            object.__setattr__(self, "hip_centre_sd_m", tuple(
                real_number(v, "hip_centre_sd_m", "3 finite numbers in m", finite=True)
                for v in sd))
        if isinstance(self.notes, str) or not all(isinstance(n, str) for n in self.notes):
            raise _type_error("notes", "a tuple of str", self.notes)
        object.__setattr__(self, "notes", tuple(self.notes))
        # The ranges are checked once, in C++ (UncertaintyModel::resolved), with the field's
        # name: ValueError here rather than at the first propagation.
        try:
            _core.uncertainty_resolve_model(self._to_core(), None)
        except ValueError as exc:
            raise _renamed(exc, {"model.": ""}, ("NaN for the default",
                                                 "None for the default")) from None

    @classmethod
    def none(cls) -> "UncertaintyModel":
        """A model with every source off (all SDs 0): add the sources to study with
        :func:`dataclasses.replace` (``replace(UncertaintyModel.none(), marker_noise_m=1e-3)``).
        """
        return cls(marker_noise_m=0.0, marker_placement_sd_m=0.0, hip_centre_sd_m=(0.0, 0.0, 0.0),
                   segment_mass_cv=0.0, segment_com_sd_fraction=0.0, segment_gyration_cv=0.0,
                   cop_sd_m=0.0, knee_width_sd_m=0.0, ankle_width_sd_m=0.0, leg_length_sd_m=0.0)

    def resolved(self, trial: Any = None) -> "UncertaintyModel":
        """This model with every None replaced by its default or by the trial's residuals;
        ``notes`` says where each number came from.

        Parameters
        ----------
        trial : hipmech.io.Trial or str or os.PathLike, optional
            The trial whose residuals give the marker noise (None: the default noise).
        """
        core = None
        if trial is not None:
            from .report._analysis import _trial_arg

            core = _trial_arg(trial, "trial")[0]._to_core()
        return UncertaintyModel._from_core(_core.uncertainty_resolve_model(self._to_core(), core))

    def active(self) -> dict[str, bool]:
        """Source (:data:`SOURCES`) -> whether it has a non-zero SD, a field left at None
        counting as its default (:meth:`resolved` without a trial: the subject measurements'
        defaults are 0, so off; a None marker noise is on, from the file's residuals or the
        1 mm default)."""
        m = self if self._is_resolved() else self.resolved()
        sd = m.hip_centre_sd_m
        values = (
            (m.marker_noise_m,), (m.marker_placement_sd_m,), tuple(sd),
            (m.segment_mass_cv, m.segment_com_sd_fraction, m.segment_gyration_cv),
            (m.cop_sd_m,), (m.knee_width_sd_m, m.ankle_width_sd_m, m.leg_length_sd_m))
        return {src: any(v != 0 for v in vs) for src, vs in zip(SOURCES, values)}

    def _is_resolved(self) -> bool:
        """True when no field is left at None (nothing for :meth:`resolved` to fill)."""
        return self.hip_centre_sd_m is not None and all(
            getattr(self, name) is not None for name in _SCALAR_FIELDS)

    def to_dict(self) -> dict[str, Any]:
        """The fields as JSON-ready values (None for a default not yet resolved)."""
        d = {f.name: getattr(self, f.name) for f in fields(self)}
        d["hip_centre_sd_m"] = None if self.hip_centre_sd_m is None else list(self.hip_centre_sd_m)
        d["notes"] = list(self.notes)
        return d

    def _to_core(self) -> dict[str, Any]:
        d: dict[str, Any] = {name: getattr(self, name) for name in _SCALAR_FIELDS}
        d["hip_centre_method"] = self.hip_centre_method
        d["hip_centre_sd_m"] = self.hip_centre_sd_m
        return d

    @classmethod
    def _from_core(cls, d: Mapping[str, Any]) -> "UncertaintyModel":
        values = {name: _nan_to_none(d[name]) for name in _SCALAR_FIELDS}
        sd = tuple(float(v) for v in d["hip_centre_sd_m"])
        return cls(**values, hip_centre_method=str(d["hip_centre_method"]),
                   hip_centre_sd_m=None if any(math.isnan(v) for v in sd) else sd,
                   notes=tuple(d.get("notes", ())))

    __repr__ = _results.short_repr
    _repr_html_ = _results.short_html


# --------------------------------------------------------------------------------------------
# The result


def z_value(confidence: float) -> float:
    """The normal quantile z of a two-sided interval of ``confidence`` (1.96 for 0.95): the
    bands are value ± z·sd."""
    return NormalDist().inv_cdf(0.5 + 0.5 * float(confidence))


@dataclass(frozen=True)
class UncertaintyResult:
    """The measurement uncertainty of one trial's hip analysis (docs: uncertainty).

    Monte Carlo: ``sd`` is the SD over the draws and (``low``, ``high``) the percentile
    interval of the draws at ``confidence``; linear: ``sd`` from the propagated covariance and
    (``low``, ``high``) = value ∓ z·sd. The bands the report draws are value ± z·sd for both
    (:func:`z_value`). ``value`` is always the nominal analysis's number.

    Attributes
    ----------
    method : {"monte_carlo", "linear"}
    n_draws : int
        Monte Carlo draws (0 for the linear method).
    seed : int
        Seed of the draws (draw d uses its own generator seeded from (seed, d): the result does
        not depend on the number of threads).
    confidence : float
        Coverage of the intervals and bands.
    model : UncertaintyModel
        The model as used (resolved), its ``notes`` saying where each number came from.
    frames : pandas.DataFrame
        Per-frame bands over the whole trial: ``curve`` (a name of
        :data:`hipmech.report.CURVES`), ``side``, ``frame`` (0-based), ``time_s``, ``value``,
        ``sd``, ``low``, ``high`` (the curve's unit; NaN where the nominal curve is NaN).
    cycles : pandas.DataFrame
        Band of the mean time-normalised cycle: ``curve``, ``side``, ``percent`` (0-100, 101
        points), ``value``, ``sd``, ``low``, ``high``; a side without a complete cycle has no
        rows.
    stances : pandas.DataFrame
        One row per stance and quantity: ``side``, ``stance`` (1, 2, ... per side, as in the
        report's stances table), ``quantity`` (a name of :data:`hipmech.report.QUANTITIES`),
        ``unit``, ``value``, ``sd``, ``low``, ``high`` and ``share_<source>`` (the variance
        share of each source of :data:`SOURCES`; linear method only, NaN for Monte Carlo,
        which draws them together).
    summary : pandas.DataFrame
        One row per quantity: ``quantity``, ``unit``; per side ``<side>_mean``,
        ``<side>_mean_sd``, ``<side>_mean_low``, ``<side>_mean_high`` (measurement uncertainty
        of the side mean over the stances) and ``<side>_mean_combined_low`` / ``_high`` (the
        combined CI: measurement + between-stride); the same for ``difference`` (other minus
        reference side mean), ``si`` (symmetry index, ``si_percent``) and ``sa`` (symmetry
        angle, ``sa_percent``); ``note`` (why something is NaN).
    stance_draws : dict of str to numpy.ndarray
        With ``keep_draws=True``: quantity -> (n_draws, n_stances) per-draw peaks (stances in
        the order of the report's stances table; NaN where the nominal peak is NaN; a failed
        draw's row is all NaN). Empty otherwise.
    n_draws_failed : int
        Draws whose pipeline failed and were left out (``notes`` say why).
    notes : list of str
        What was computed and how (Monte Carlo: ``sd`` over the draws, ``low``/``high`` the
        percentile interval, the report's bands value ± z·sd), what was left out and why; a
        note starting "Warning: " when more than 5 % of the draws failed (:func:`propagate`
        also warns).
    seconds : float
        Wall time of the propagation [s].
    rate_hz : float
        The trial's point rate [Hz] (``frames.time_s`` = frame / rate_hz).
    """

    method: str
    n_draws: int
    seed: int
    confidence: float
    model: UncertaintyModel
    frames: Any
    cycles: Any
    stances: Any
    summary: Any
    stance_draws: dict[str, np.ndarray]
    n_draws_failed: int
    notes: list[str]
    seconds: float
    rate_hz: float = math.nan

    @property
    def z(self) -> float:
        """The normal quantile of the bands (value ± z·sd): 1.96 at 95 %."""
        return z_value(self.confidence)

    def cycle_band(self, curve: str, side: Any) -> dict[str, np.ndarray]:
        """The band of the mean cycle of one curve and side as arrays of 101 points:
        ``{"percent", "value", "sd", "low", "high"}`` (empty arrays when the side has no
        cycle).

        Raises
        ------
        ValueError
            An unknown ``curve`` or ``side`` (naming it).
        """
        from ._args import side_name

        from .report._analysis import CURVES

        s = side_name(side, "side")
        if curve not in CURVES:
            raise invalid_argument("curve", "a name of hipmech.report.CURVES", repr(curve))
        rows = self.cycles[(self.cycles["curve"] == curve) & (self.cycles["side"] == s)]
        return {c: rows[c].to_numpy(dtype=float) for c in ("percent", "value", "sd", "low",
                                                          "high")}

    def to_dict(self, *, frames: bool = True) -> dict[str, Any]:
        """Everything as JSON-ready Python values (NaN becomes None).

        Parameters
        ----------
        frames : bool
            Include the per-frame bands (``frames``), the largest part (12 values per
            frame); the report's JSON leaves them out.
        """
        from .report._analysis import _json_ready

        d = {"method": self.method, "n_draws": self.n_draws, "seed": self.seed,
             "confidence": self.confidence, "z": self.z, "model": self.model.to_dict(),
             "cycles": self.cycles.to_dict(orient="list"),
             "stances": self.stances.to_dict(orient="records"),
             "summary": self.summary.to_dict(orient="records"),
             "n_draws_failed": self.n_draws_failed, "notes": list(self.notes),
             "seconds": self.seconds, "sources": list(SOURCES)}
        if frames:
            d["frames"] = self.frames.to_dict(orient="list")
        if self.stance_draws:
            d["stance_draws"] = {k: v.tolist() for k, v in self.stance_draws.items()}
        return _json_ready(d)

    def _summary_rows(self) -> list[tuple[str, str]]:
        what = (f"Monte Carlo, {self.n_draws} draws (seed {self.seed})"
                if self.method == "monte_carlo" else "first-order linearisation")
        rows = [("method", what), ("confidence", f"{self.confidence:g}"),
                ("sources on", ", ".join(k for k, v in self.model.active().items() if v)
                 or "none"),
                ("stances", f"{self.stances[['side', 'stance']].drop_duplicates().shape[0]}"
                 if len(self.stances) else "0"),
                ("failed draws", str(self.n_draws_failed)),
                ("time", f"{self.seconds:.3f} s")]
        for r in self.summary.to_dict(orient="records"):
            rows.append((str(r["quantity"]), "left ± {} {u}, right ± {} {u}, difference ± {} "
                         "{u} (measurement SD)".format(
                             *(_sd_text(r[c]) for c in ("left_mean_sd", "right_mean_sd",
                                                       "difference_sd")), u=r["unit"])))
        rows.append(("notes", f"{len(self.notes)} (result.notes)"))
        return rows

    def __repr__(self) -> str:
        lines = "\n".join(f"  {k}: {v}" for k, v in self._summary_rows())
        return _results.clip(f"<hipmech.uncertainty.UncertaintyResult\n{lines}",
                             _results.REPR_LIMIT - 1) + ">"

    def _repr_html_(self) -> str:
        return _results.html_table("hipmech.uncertainty.UncertaintyResult",
                                   self._summary_rows())


def _sd_text(x: Any) -> str:
    """A measurement SD as text with 2 significant digits in fixed notation, so that a small
    non-zero SD never reads 0 ("0.030", "0.41", "1.2", "15"); "0" for 0, "n/a" for NaN or
    a non-number. The report's tables, the CLI text and the reprs show SDs with it."""
    try:
        v = float(x)
    except (TypeError, ValueError):
        return "n/a"
    if not math.isfinite(v):
        return "n/a"
    if v == 0.0:
        return "0"
    decimals = max(0, 1 - math.floor(math.log10(abs(v))))
    text = f"{v:.{decimals}f}"
    # Rounding up to the next power of 10 (0.0996 -> "0.100"): one decimal fewer.
    if decimals > 0 and abs(float(text)) >= 10.0 ** (1 - decimals + 1):
        text = f"{v:.{decimals - 1}f}"
    return text


def _result_from_core(u: Mapping[str, Any], nominal: Mapping[str, Any]) -> UncertaintyResult:
    """The UncertaintyResult of the dict ``_core.uncertainty_propagate`` returns (``u``: its
    "uncertainty", ``nominal``: its "nominal")."""
    import pandas as pd

    from .report._analysis import CURVES, QUANTITIES

    str_dtype = pd.Series(["x"]).dtype
    rate = float(nominal["point_rate_hz"])
    # frames: long, curve / side / frame
    parts: dict[str, list[Any]] = {c: [] for c in ("curve", "side", "frame", "value", "sd", "low",
                                                   "high")}
    for curve in CURVES:
        for side in SIDES:
            b = u["frames"][curve][side]
            n = len(b["value"])
            parts["curve"].append(np.full(n, curve, dtype=object))
            parts["side"].append(np.full(n, side, dtype=object))
            parts["frame"].append(np.arange(n, dtype=np.int64))
            for c in ("value", "sd", "low", "high"):
                parts[c].append(np.asarray(b[c], dtype=float))
    frames = pd.DataFrame({c: np.concatenate(v) for c, v in parts.items()})
    frames.insert(3, "time_s", frames["frame"].to_numpy(dtype=float) / rate)
    # cycles: long, curve / side / percent
    parts = {c: [] for c in ("curve", "side", "percent", "value", "sd", "low", "high")}
    for curve in CURVES:
        for side in SIDES:
            b = u["cycles"][curve][side]
            n = len(b["value"])
            parts["curve"].append(np.full(n, curve, dtype=object))
            parts["side"].append(np.full(n, side, dtype=object))
            parts["percent"].append(np.linspace(0.0, 100.0, n) if n else np.zeros(0))
            for c in ("value", "sd", "low", "high"):
                parts[c].append(np.asarray(b[c], dtype=float))
    cycles = pd.DataFrame({c: np.concatenate(v) for c, v in parts.items()})
    # stances: one row per stance and quantity, in the report's stance order
    st = list(nominal["stances"])
    rows = []
    for q, (unit, _) in QUANTITIES.items():
        b = u["stances"][q]
        share = np.asarray(b["share"], dtype=float).reshape(len(st), len(SOURCES))
        for i, s in enumerate(st):
            row = {"side": s["side"], "stance": int(s["stance"]), "quantity": q, "unit": unit,
                   "value": float(b["value"][i]), "sd": float(b["sd"][i]),
                   "low": float(b["low"][i]), "high": float(b["high"][i])}
            row.update({f"share_{src}": float(share[i, k]) for k, src in enumerate(SOURCES)})
            rows.append(row)
    stance_cols = ["side", "stance", "quantity", "unit", "value", "sd", "low", "high",
                   *(f"share_{s}" for s in SOURCES)]
    stances = pd.DataFrame(rows, columns=stance_cols)
    # summary: one row per quantity
    srows = []
    for r in u["summary"]:
        q = r["quantity"]
        row: dict[str, Any] = {"quantity": q, "unit": QUANTITIES[q][0]}
        for prefix, key, combined in (("left_mean", "left_mean", "left_mean_combined"),
                                      ("right_mean", "right_mean", "right_mean_combined"),
                                      ("difference", "difference", "difference_combined"),
                                      ("si", "symmetry_index", "symmetry_index_combined"),
                                      ("sa", "symmetry_angle", "symmetry_angle_combined")):
            v = r[key]
            name = {"si": "si_percent", "sa": "sa_percent"}.get(prefix, prefix)
            row[name] = float(v["value"])
            row[f"{prefix}_sd"] = float(v["sd"])
            row[f"{prefix}_low"] = float(v["low"])
            row[f"{prefix}_high"] = float(v["high"])
            lo, hi = r[combined]
            row[f"{prefix}_combined_low"] = float(lo)
            row[f"{prefix}_combined_high"] = float(hi)
        row["note"] = str(r["note"])
        srows.append(row)
    summary = pd.DataFrame(srows)
    for df, cols in ((frames, ("curve", "side")), (cycles, ("curve", "side")),
                     (stances, ("side", "quantity", "unit")), (summary, ("quantity", "unit",
                                                                         "note"))):
        for c in cols:
            df[c] = df[c].astype(str_dtype)
    draws = {q: np.asarray(v, dtype=float) for q, v in u["stance_draws"].items()}
    return UncertaintyResult(
        method=str(u["method"]), n_draws=int(u["n_draws"]), seed=int(u["seed"]),
        confidence=float(u["confidence"]), model=UncertaintyModel._from_core(u["model"]),
        frames=frames, cycles=cycles, stances=stances, summary=summary, stance_draws=draws,
        n_draws_failed=int(u["n_draws_failed"]), notes=list(u["notes"]),
        seconds=float(u["seconds"]), rate_hz=rate)


# --------------------------------------------------------------------------------------------
# propagate


def _propagation_args(model: Any, method: Any, n_draws: Any, seed: Any, n_threads: Any,
                      confidence: Any, keep_draws: Any) -> tuple:
    """The propagation arguments checked, each error naming its argument."""
    if model is None:
        model = UncertaintyModel()
    elif not isinstance(model, UncertaintyModel):
        raise _type_error("model", "a hipmech.uncertainty.UncertaintyModel or None", model)
    if not isinstance(method, str):
        raise _type_error("method", "'monte_carlo' or 'linear'", method)
    if method not in METHODS:
        raise invalid_argument("method", "'monte_carlo' or 'linear'", repr(method))
    n_draws = integer_value(n_draws, "n_draws", 2)
    if n_draws > _MAX_DRAWS:
        raise invalid_argument("n_draws", f"an integer in [2, {_MAX_DRAWS}] (fewer on long "
                               "trials: max_monte_carlo_draws)", repr(n_draws))
    seed = integer_value(seed, "seed", 0)
    if seed >= 2 ** 64:
        raise invalid_argument("seed", "an integer in [0, 2**64)", repr(seed))
    n_threads = integer_value(n_threads, "n_threads", 0)
    if n_threads > 1024:
        raise invalid_argument("n_threads", "an integer in [0, 1024] (0: all cores)",
                               repr(n_threads))
    confidence = real_number(confidence, "confidence", "a coverage in (0, 1)")
    if not 0.0 < confidence < 1.0:
        raise invalid_argument("confidence", "a coverage in (0, 1)", repr(confidence))
    keep_draws = flag(keep_draws, "keep_draws")
    return model, method, n_draws, seed, n_threads, confidence, keep_draws


#: The most Monte Carlo draws on any trial (max_monte_carlo_draws of a short trial).
_MAX_DRAWS = 100000


def max_monte_carlo_draws(n_frames: int) -> int:
    """The most Monte Carlo draws :func:`propagate` takes for a trial of ``n_frames`` frames:
    min(100000, floor(2.5e8 / (12 (n_frames + 101)))). Every draw keeps its deviation of the
    12 per-frame curves (6 curves, 2 sides) and of their 101-point mean cycles as 4-byte
    floats, 2.5e8 values (1 GB) at most: 17,640 draws for 1,080 frames (C++
    ``hipmech::uncertainty::max_monte_carlo_draws``).

    Raises
    ------
    ValueError
        ``n_frames`` negative (naming it).
    TypeError
        ``n_frames`` not an integer.
    """
    return int(_core.uncertainty_max_monte_carlo_draws(integer_value(n_frames, "n_frames", 0)))


def _check_draws_for_trial(n_draws: int, n_frames: int, arg: str = "n_draws") -> None:
    """ValueError naming ``arg`` when ``n_draws`` exceeds max_monte_carlo_draws(n_frames):
    checked before the analysis runs (the C++ check comes after the nominal analysis)."""
    cap = max_monte_carlo_draws(n_frames)
    if n_draws > cap:
        raise invalid_argument(arg, f"at most {cap} Monte Carlo draws for this trial of "
                               f"{n_frames} frames (every draw's curves are kept, 1 GB at most: "
                               "hipmech.uncertainty.max_monte_carlo_draws)", repr(n_draws))


def _warn_failed_draws(result: UncertaintyResult, stacklevel: int = 3) -> None:
    """A UserWarning for each of the result's "Warning: " notes (more than 5 % of the draws
    failed: the result rests on the others and may be biased)."""
    for note in result.notes:
        if note.startswith("Warning: "):
            warnings.warn(f"hipmech.uncertainty: {note[len('Warning: '):]}", UserWarning,
                          stacklevel=stacklevel)


def propagate(trial: Any, *, static: Any = None, model: Optional[UncertaintyModel] = None,
              method: str = "monte_carlo", n_draws: int = 200, seed: int = 1,
              n_threads: int = 0, confidence: float = 0.95, keep_draws: bool = False,
              body_mass_kg: Optional[float] = None, reference: Any = "left",
              cutoff_hz: Optional[float] = 6.0, n_resamples: int = 2000,
              moment_frame: str = "jcs", events: str = "auto", marker_map: Any = None,
              subject: Any = None) -> UncertaintyResult:
    """The measurement uncertainty of every number of :func:`hipmech.report.analyse` for one
    trial (docs: uncertainty).

    The nominal analysis is run with the given settings (those of
    :func:`hipmech.report.analyse`); then each Monte Carlo draw (or each source's perturbation
    of the linearisation) re-runs its numerical path with the events, force-plate contacts,
    static offsets and segment lengths held fixed: markers + noise -> zero-lag filter ->
    + placement offsets -> Plug-in Gait (hip centres + offsets, perturbed subject
    measurements) -> angles -> inverse dynamics (perturbed segment parameters and centres of
    pressure) -> peaks over the nominal stance and single-support windows. In C++ on
    ``n_threads`` threads, the GIL released.

    Parameters
    ----------
    trial : hipmech.io.Trial or str or os.PathLike
        The dynamic trial, or the path of its C3D file.
    static : hipmech.io.Trial or str or os.PathLike, optional
        The static trial (Plug-in Gait's foot offsets), as for :func:`hipmech.report.analyse`.
    model : UncertaintyModel, optional
        The uncertainty model; default ``UncertaintyModel()`` (every source at its published
        default, the marker noise from the file's residuals where it has them).
    method : {"monte_carlo", "linear"}
        Seeded Monte Carlo (default) or first-order linearisation (Jacobians by central
        differences; valid where the pipeline is near-linear over the errors' range).
    n_draws : int
        Monte Carlo draws, from 2 to :func:`max_monte_carlo_draws` of the trial's frames
        (100000 on short trials; every draw's curves are kept in memory, 1 GB at most: 17,640
        draws for 1,080 frames); checked before the analysis runs. Ignored by the linear
        method.
    seed : int
        Seed of the draws, >= 0 (the result does not depend on ``n_threads``).
    n_threads : int
        Worker threads; 0: all cores.
    confidence : float
        Coverage of the intervals and bands, in (0, 1).
    keep_draws : bool
        Keep the per-draw per-stance peaks (``UncertaintyResult.stance_draws``).
    body_mass_kg, reference, cutoff_hz, n_resamples, moment_frame, events, marker_map, subject
        The analysis settings, as :func:`hipmech.report.analyse` takes them (``n_resamples``
        and the bootstrap seed 1 give the between-stride part of the combined CIs).

    Returns
    -------
    UncertaintyResult

    Warns
    -----
    UserWarning
        More than 5 % of the Monte Carlo draws failed: the result rests on the others and may
        be biased (the note is in ``UncertaintyResult.notes`` too).

    Raises
    ------
    ValueError
        A bad ``method``, ``n_draws`` (above :func:`max_monte_carlo_draws` of the trial),
        ``seed``, ``n_threads``, ``confidence``, a model field, or an analysis setting (each
        error names its argument).
    TypeError
        An argument of the wrong type (naming it).
    OSError
        The trial or static file cannot be read.

    Examples
    --------
    >>> from hipmech import synth, uncertainty
    >>> walk = synth.walking(n_strides=2, marker_noise_m=0.001)
    >>> u = uncertainty.propagate(walk.trial, body_mass_kg=75.0, n_draws=20, n_resamples=50)
    >>> list(u.summary.columns[:6])
    ['quantity', 'unit', 'left_mean', 'left_mean_sd', 'left_mean_low', 'left_mean_high']
    """
    model, method, n_draws, seed, n_threads, confidence, keep_draws = _propagation_args(
        model, method, n_draws, seed, n_threads, confidence, keep_draws)
    from .report._analysis import _core_args

    args, tr = _core_args(trial, static=static, body_mass_kg=body_mass_kg, reference=reference,
                          cutoff_hz=cutoff_hz, n_resamples=n_resamples, seed=1,
                          moment_frame=moment_frame, events=events, marker_map=marker_map,
                          subject=subject)
    if method == "monte_carlo":
        _check_draws_for_trial(n_draws, tr.n_frames)
    d = _core.uncertainty_propagate(*args, model._to_core(), method, n_draws, seed, n_threads,
                                    confidence, keep_draws)
    result = _result_from_core(d["uncertainty"], d["nominal"])
    _warn_failed_draws(result)
    return result
