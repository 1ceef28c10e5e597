"""The per-trial hip summary: :func:`analyse` and :class:`TrialReport` (docs: report)."""

from __future__ import annotations

import math
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional, Union

import numpy as np

from .. import __version__, _core, _results, events as _events, io
from .._core import Side
from .._args import integer_value, path_arg, real_number
from .._args import marker_map as _marker_map_pairs
from .._args import side_name as _side_name
from ._thresholds import MIN_STANCES, Threshold, _coerce

__all__ = ["QUANTITIES", "CURVES", "Curves", "TrialReport", "analyse"]

SIDES = ("left", "right")

#: The accepted ``events=`` values of :func:`analyse` (``hipmech report --events``).
EVENT_MODES = ("auto", "file", "plates", "kinematics")

#: The per-stance quantities of the summary: name -> (unit, label).
QUANTITIES: dict[str, tuple[str, str]] = {
    "pelvic_drop_deg": ("deg", "contralateral pelvic drop, peak in single support"),
    "knee_valgus_deg": ("deg", "knee valgus, peak in stance"),
    "hip_adduction_deg": ("deg", "hip adduction, peak in stance"),
    "hip_abduction_moment_nm_per_kg": ("N·m/kg", "internal hip abduction moment, peak in stance"),
}

#: The curves drawn per gait cycle: name -> (unit, label).
CURVES: dict[str, tuple[str, str]] = {
    "pelvic_obliquity_deg": ("deg", "pelvic obliquity (this side up +)"),
    "hip_adduction_deg": ("deg", "hip adduction (+) / abduction (-)"),
    "hip_flexion_deg": ("deg", "hip flexion (+) / extension (-)"),
    "knee_flexion_deg": ("deg", "knee flexion (+) / extension (-)"),
    "knee_valgus_deg": ("deg", "knee valgus (+) / varus (-)"),
    "hip_abduction_moment_nm_per_kg": ("N·m/kg", "internal hip abduction moment"),
}


PathLike = Union[str, "os.PathLike[str]"]


@dataclass(frozen=True)
class Curves:
    """Time-normalised curves per gait cycle (foot strike to the next foot strike of a side).

    ``data[name][side]`` is an (n_cycles, 101) array from 0 to 100 % of the cycle (NaN where a
    frame was missing); ``units[name]`` its unit; ``foot_off_percent[side]`` the mean foot
    off of that side in % of its cycle (NaN when no cycle had a foot off); ``cycles[side]`` the
    (begin, end) frames of each cycle.
    """

    data: dict[str, dict[str, np.ndarray]]
    units: dict[str, str]
    foot_off_percent: dict[str, float]
    cycles: dict[str, list[tuple[int, int]]]

    def __getitem__(self, name: str) -> dict[str, np.ndarray]:
        return self.data[name]

    def __iter__(self):
        return iter(self.data)

    def __len__(self) -> int:
        return len(self.data)

    def to_frame(self, trial: str = "") -> Any:
        """The curves as a long-format pandas DataFrame, one row per point: ready for seaborn
        (``sns.lineplot(df, x="percent", y="value", hue="side")``) and ``groupby``.

        Parameters
        ----------
        trial : str
            The value of the ``trial`` column (a name that tells trials apart once frames of
            several trials are concatenated).

        Returns
        -------
        pandas.DataFrame
            Columns ``trial``, ``side`` ("left", "right"), ``quantity`` (a name of
            :data:`CURVES`), ``unit`` (strings), ``cycle`` (int64: 1, 2, ... per side, in the
            order of ``cycles[side]``), ``percent`` (float64: 0 to 100 % of the cycle) and
            ``value`` (float64; NaN kept where a frame was missing). Rows in the order
            quantity, side, cycle, percent; ``data[quantity][side][cycle - 1]`` is one
            cycle's ``value`` column.
        """
        import pandas as pd

        parts: dict[str, list[Any]] = {c: [] for c in ("side", "quantity", "unit", "cycle",
                                                       "percent", "value")}
        for name, per_side in self.data.items():
            for side in SIDES:
                a = np.asarray(per_side.get(side, np.zeros((0, 101))), dtype=float)
                if a.ndim != 2 or a.size == 0:
                    continue
                n_cycles, n_points = a.shape
                n = a.size
                parts["side"].append(np.full(n, side, dtype=object))
                parts["quantity"].append(np.full(n, name, dtype=object))
                parts["unit"].append(np.full(n, self.units.get(name, ""), dtype=object))
                parts["cycle"].append(np.repeat(np.arange(1, n_cycles + 1, dtype=np.int64),
                                                n_points))
                parts["percent"].append(np.tile(np.linspace(0.0, 100.0, n_points), n_cycles))
                parts["value"].append(a.ravel())
        empty = {"side": object, "quantity": object, "unit": object, "cycle": np.int64,
                 "percent": float, "value": float}
        columns = {c: (np.concatenate(v) if v else np.zeros(0, dtype=empty[c]))
                   for c, v in parts.items()}
        n_rows = len(columns["value"])
        frame = pd.DataFrame({"trial": np.full(n_rows, trial, dtype=object), **columns})
        for c in ("trial", "side", "quantity", "unit"):  # the default str dtype of pandas
            frame[c] = frame[c].astype(pd.Series(["x"]).dtype)
        return frame

    def _summary(self) -> str:
        n_points = {a.shape[-1] for d in self.data.values() for a in d.values()
                    if isinstance(a, np.ndarray) and a.ndim == 2}
        cycles = ", ".join(f"{s} {len(self.cycles.get(s, []))}" for s in SIDES)
        off = ", ".join(f"{s} {self.foot_off_percent.get(s, float('nan')):.1f} %" for s in SIDES)
        return (f"{len(self.data)} curves x {'/'.join(str(n) for n in sorted(n_points)) or 0} "
                f"points per cycle; cycles: {cycles}; foot off: {off}")

    def __repr__(self) -> str:
        """How many curves, cycles and points; ``data`` holds the arrays."""
        names = ", ".join(f"{n!r} [{self.units.get(n, '')}]" for n in self.data)
        return _results.clip(f"<hipmech.report.Curves: {self._summary()}; {names}",
                             _results.REPR_LIMIT - 1) + ">"

    def _repr_html_(self) -> str:
        rows = [("summary", self._summary())]
        rows += [(n, f"[{self.units.get(n, '')}] " + ", ".join(
            f"{s}: {np.shape(d.get(s))[0] if np.ndim(d.get(s)) == 2 else 0} cycles"
            for s in SIDES)) for n, d in self.data.items()]
        return _results.html_table("hipmech.report.Curves", rows)


@dataclass(frozen=True)
class TrialReport:
    """The hip summary of one trial (docs: report).

    Attributes
    ----------
    summary : pandas.DataFrame
        One row per quantity of :data:`QUANTITIES`: ``quantity``, ``label``, ``unit``,
        ``left_n`` (finite stances), ``left_missing`` (stances whose value is NaN),
        ``left_mean``, ``left_sd`` (ddof = 1), ``left_ci_low``, ``left_ci_high`` (percentile
        bootstrap CI of the mean), the same for ``right_``, ``difference``,
        ``difference_ci_low``, ``difference_ci_high`` (other minus reference side mean, in the
        quantity's unit), ``si_percent``, ``si_ci_low``, ``si_ci_high`` (Robinson symmetry
        index), ``sa_percent``, ``sa_ci_low``, ``sa_ci_high`` (Zifchock symmetry angle),
        ``left_flag``, ``right_flag``, ``difference_flag``, ``si_flag`` (True, False, or None
        when not assessed), ``assessment`` ("flagged", "within thresholds", "partly assessed:
        ..." or "not assessed: why"), ``flags`` (the flags in words, each naming its rule, CI
        and source), ``threshold`` (every rule applied, with its caveat) and ``source`` (the
        citations). Angles are judged by ``difference``, the moment by ``si_percent``; no flag
        from fewer than 3 stances per side or a CI containing the threshold (docs: report,
        "Flags"). With ``uncertainty`` (docs: uncertainty): ``left_mean_sd_meas``,
        ``right_mean_sd_meas``, ``difference_sd_meas``, ``si_sd_meas``, ``sa_sd_meas`` (the
        measurement SD of each number), the combined CIs (measurement + between-stride)
        ``left_ci_low_combined``, ``left_ci_high_combined``, the same for ``right_``,
        ``difference_``, ``si_``, ``sa_``, and ``flag_ci`` (the CI the flags judged:
        "stride" or "combined").
    stances : pandas.DataFrame
        One row per stance: ``side``, ``stance`` (1, 2, ... per side), ``foot_strike_frame``,
        ``foot_off_frame`` (0-based rows; the stance is [strike, off)), their times [s] and
        sources, the single-support window, each quantity of :data:`QUANTITIES` and ``note``;
        with ``uncertainty`` also ``<quantity>_sd`` (each peak's measurement SD).
    events : pandas.DataFrame
        The gait events used (``side``, ``kind``, ``frame``, ``time_s``, ``source``).
    curves : Curves
        Per cycle and side, the curves of :data:`CURVES`.
    notes : list of str
        Everything not computed and why, and the choices made (event source, filtering).
    moments_available : dict
        Side -> True when at least one stance of that side has a hip abduction moment.
    uncertainty : hipmech.uncertainty.UncertaintyResult or None
        The measurement uncertainty (bands, per-stance ±, side means and asymmetries) when
        :func:`analyse` ran with ``uncertainty=``.
    """

    source: str
    trial_name: str
    body_mass_kg: float
    body_mass_source: str
    static_source: Optional[str]
    reference: str
    cutoff_hz: Optional[float]
    n_resamples: int
    seed: int
    confidence: float
    events_source: str
    point_rate_hz: float
    n_frames: int
    summary: Any
    stances: Any
    events: Any
    curves: Curves
    notes: list[str]
    moments_available: dict[str, bool]
    thresholds: tuple[Threshold, ...]
    hipmech_version: str = __version__
    settings: dict[str, Any] = field(default_factory=dict)
    #: Per side, the knee flexion cross-talk check over swing (hipmech.knee.flexion_crosstalk):
    #: judged, suspected, correlation, frontal_range_deg, flexion_range_deg, misalignment_deg,
    #: frames, note. A suspected one is also a "Warning:" note.
    knee_crosstalk: dict[str, dict[str, Any]] = field(default_factory=dict)
    #: The measurement uncertainty (hipmech.uncertainty.UncertaintyResult) when analyse ran
    #: with ``uncertainty=``; None otherwise.
    uncertainty: Any = None

    def curves_frame(self, trial: Optional[str] = None) -> Any:
        """The gait-cycle curves as a long-format pandas DataFrame, ready for seaborn.

        One row per point of every cycle: ``trial``, ``side``, ``quantity``, ``unit``,
        ``cycle``, ``percent``, ``value`` (:meth:`Curves.to_frame`; NaN kept where a frame
        was missing). Frames of several reports concatenate with ``pandas.concat``.

        Parameters
        ----------
        trial : str, optional
            The ``trial`` column; by default the report's ``trial_name``.

        Returns
        -------
        pandas.DataFrame
            Columns ``trial``, ``side``, ``quantity``, ``unit`` (strings), ``cycle`` (int64,
            1, 2, ... per side), ``percent`` (float64, 0-100), ``value`` (float64, in
            ``unit``).

        Examples
        --------
        >>> from hipmech import report, synth
        >>> rep = report.analyse(synth.walking(n_strides=2).trial, body_mass_kg=75.0)
        >>> df = rep.curves_frame(trial="S01")
        >>> list(df.columns)
        ['trial', 'side', 'quantity', 'unit', 'cycle', 'percent', 'value']
        >>> mean = df.groupby(["quantity", "side", "percent"])["value"].mean()
        """
        return self.curves.to_frame(self.trial_name if trial is None else str(trial))

    # -- notebook display --------------------------------------------------------------------
    def _summary_rows(self) -> list[tuple[str, str]]:
        """(what, description) pairs of the short repr and the HTML display."""
        st = self.stances
        counts = {s: int((st["side"] == s).sum()) if "side" in getattr(st, "columns", ())
                  else 0 for s in SIDES}
        rows = [("source", _results.clip(str(self.source), 120)),
                ("frames", f"{self.n_frames} at {self.point_rate_hz:g} Hz"),
                ("body mass", f"{self.body_mass_kg:g} kg ({self.body_mass_source})"),
                ("events", f"{self.events_source} (mode {self.settings.get('events', 'auto')})"),
                ("stances", f"left {counts['left']}, right {counts['right']}; cycles: "
                            + ", ".join(f"{s} {len(self.curves.cycles.get(s, []))}"
                                        for s in SIDES)),
                ("reference side", str(self.reference))]
        if self.static_source:
            rows.append(("static", _results.clip(str(self.static_source), 120)))
        summary = self.summary
        flagged, other = [], []
        if "assessment" in getattr(summary, "columns", ()):
            for q, a in zip(summary["quantity"], summary["assessment"]):
                if a == "flagged":
                    flagged.append(str(q))
                elif a != "within thresholds":
                    other.append(str(q))
        rows.append(("flagged", ", ".join(flagged) or "none"))
        if other:
            # names only (a clipped reason cut words off); the reasons are one lookup away
            rows.append(("not fully assessed", _results.clip(", ".join(other), 400)
                         + " (why: summary['assessment'])"))
        rows.append(("moments", ", ".join(f"{s} {'yes' if self.moments_available.get(s) else 'no'}"
                                          for s in SIDES)))
        u = self.uncertainty
        if u is not None:
            what = (f"Monte Carlo, {u.n_draws} draws" if u.method == "monte_carlo"
                    else "linear")
            rows.append(("uncertainty", f"{what}; flags judge the "
                         f"{self.settings.get('flag_ci', 'stride')} CI (report.uncertainty)"))
        rows.append(("notes", f"{len(self.notes)} (report.notes)"))
        return rows

    def __repr__(self) -> str:
        """What was analysed and what was flagged, in a few lines (< 2 kB); the tables are
        ``summary``, ``stances`` and ``events``, the curves ``curves`` / :meth:`curves_frame`."""
        lines = "\n".join(f"  {k}: {v}" for k, v in self._summary_rows())
        return _results.clip(f"<hipmech.report.TrialReport {self.trial_name!r}\n{lines}",
                             _results.REPR_LIMIT - 1) + ">"

    def _repr_html_(self) -> str:
        """The summary for Jupyter: the trial, one row per quantity (means, difference with
        its CI, assessment) and the notes, escaped."""
        import html

        def num(x: Any, digits: int = 2) -> str:
            try:
                v = float(x)
            except (TypeError, ValueError):
                return ""
            return f"{v:.{digits}f}" if math.isfinite(v) else "–"

        head = _results.html_table(f"hipmech.report.TrialReport {self.trial_name}",
                                   self._summary_rows())
        cells = ["quantity", "unit", "left mean ± SD (n)", "right mean ± SD (n)",
                 "difference [95 % CI]", "assessment"]
        body = []
        for _, r in self.summary.iterrows():
            row = [str(r.get("quantity", "")), str(r.get("unit", ""))]
            for s in SIDES:
                row.append(f"{num(r.get(f'{s}_mean'))} ± {num(r.get(f'{s}_sd'))} "
                           f"({r.get(f'{s}_n', '')})")
            row.append(f"{num(r.get('difference'))} [{num(r.get('difference_ci_low'))}, "
                       f"{num(r.get('difference_ci_high'))}]")
            row.append(_results.clip(str(r.get("assessment", "")), 200))
            body.append("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>")
        table = ("<table><tr>" + "".join(f"<th>{html.escape(c)}</th>" for c in cells)
                 + "</tr>" + "".join(body) + "</table>")
        notes = "".join(f"<li>{html.escape(_results.clip(n, 400))}</li>"
                        for n in self.notes[:30])
        more = (f"<li>... {len(self.notes) - 30} more</li>" if len(self.notes) > 30 else "")
        return (f"{head}{table}<details><summary>{len(self.notes)} notes</summary><ul>{notes}"
                f"{more}</ul></details>")

    @property
    def units(self) -> dict[str, str]:
        """Unit of every quantity and curve."""
        out = {k: u for k, (u, _) in QUANTITIES.items()}
        out.update({k: u for k, (u, _) in CURVES.items()})
        out.update(si_percent="%", sa_percent="%", body_mass_kg="kg", cutoff_hz="Hz")
        return out

    def to_dict(self) -> dict[str, Any]:
        """Everything as JSON-ready Python values: NaN becomes None, arrays become lists."""
        curves = {}
        for name, per_side in self.curves.data.items():
            curves[name] = {"unit": self.curves.units[name],
                            **{s: per_side[s].tolist() for s in SIDES}}
        d = {
            "hipmech_version": self.hipmech_version,
            "source": self.source,
            "trial": self.trial_name,
            "body_mass_kg": self.body_mass_kg,
            "body_mass_source": self.body_mass_source,
            "static": self.static_source,
            "settings": dict(self.settings),
            "events_mode": self.settings.get("events", "auto"),
            "events_source": self.events_source,
            "point_rate_hz": self.point_rate_hz,
            "n_frames": self.n_frames,
            "units": self.units,
            "summary": self.summary.to_dict(orient="records"),
            "stances": self.stances.to_dict(orient="records"),
            "events": self.events.to_dict(orient="records"),
            "curves": curves,
            "cycles": {s: [list(c) for c in self.curves.cycles[s]] for s in SIDES},
            "foot_off_percent": dict(self.curves.foot_off_percent),
            "moments_available": dict(self.moments_available),
            "knee_crosstalk": {k: dict(v) for k, v in self.knee_crosstalk.items()},
            "thresholds": [t.to_dict() for t in self.thresholds],
            "notes": list(self.notes),
        }
        if self.uncertainty is not None:  # the per-frame bands stay in Python (large)
            d["uncertainty"] = self.uncertainty.to_dict(frames=False)
        return _json_ready(d)


def _json_ready(x: Any) -> Any:
    """NaN/inf -> None, numpy scalars -> Python, tuples -> lists, recursively."""
    if isinstance(x, Mapping):
        return {str(k): _json_ready(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [_json_ready(v) for v in x]
    if isinstance(x, np.ndarray):
        return _json_ready(x.tolist())
    if isinstance(x, (bool, np.bool_)):
        return bool(x)
    if isinstance(x, (int, np.integer)):
        return int(x)
    if isinstance(x, (float, np.floating)):
        v = float(x)
        return v if math.isfinite(v) else None
    if x is None or isinstance(x, str):
        return x
    try:  # pandas NA / NaT
        import pandas as pd

        if pd.isna(x):
            return None
    except (TypeError, ValueError):
        pass
    return str(x)


# --------------------------------------------------------------------------------------------
# Arguments


def _prepared_trial(trial: Any, marker_map: Any, subject: Any, body_mass_kg: Any
                    ) -> tuple[io.Trial, str, int, Optional[list], Optional[float], bool]:
    """The dynamic trial as analysed: read, renamed by ``marker_map``, completed by
    ``subject``; with its source, the number of notes it had before, the marker pairs, the
    body mass argument (checked) and whether that mass came from the subject file."""
    tr, source = _trial_arg(trial, "trial")
    n_notes = len(tr.notes)
    pairs = None if marker_map is None else _marker_map_pairs(marker_map, "marker_map")
    if pairs is not None:
        tr = io.rename_markers(tr, pairs)
    mass_from_subject = False
    if subject is not None:
        if isinstance(subject, Mapping):  # descriptive keys (age_years, name ...) are not fields
            subject_values = {k: v for k, v in subject.items() if k not in _SUBJECT_INFO}
        else:
            subject_values = subject
        before = tr.subject.body_mass_kg
        tr = io.with_subject(tr, subject_values)
        after = tr.subject.body_mass_kg
        mass_from_subject = body_mass_kg is None and math.isfinite(after) and not (
            math.isfinite(before) and before == after)
        if mass_from_subject:
            body_mass_kg = after
    return tr, source, n_notes, pairs, _mass_arg(body_mass_kg), mass_from_subject


def _prepared_static(static: Any, pairs: Optional[list]) -> tuple[Any, Any, Optional[str]]:
    """The static trial as the core takes it (dict, plates) and its source, or Nones."""
    if static is None:
        return None, None, None
    st_trial, static_source = _trial_arg(static, "static")
    if pairs is not None:  # the same lab's map; names the static trial lacks are skipped
        present = set(st_trial.markers)
        st_trial = io.rename_markers(st_trial, [p for p in pairs if p[0] in present])
    return st_trial._to_core(), list(st_trial.force_plates), static_source


def _core_args(trial: Any, *, static: Any, body_mass_kg: Any, reference: Any, cutoff_hz: Any,
               n_resamples: Any, seed: Any, moment_frame: Any, events: Any, marker_map: Any,
               subject: Any) -> tuple[tuple, io.Trial]:
    """The arguments of _core.report_analyse (and the first ones of
    _core.uncertainty_propagate, with the merge window) for the analysis settings of
    :func:`analyse`, checked as analyse checks them; and the trial as analysed."""
    ref = _side_name(reference, "reference")
    n_resamples = integer_value(n_resamples, "n_resamples", 1)
    seed = integer_value(seed, "seed", 0)
    if moment_frame not in ("jcs", "distal", "proximal"):
        raise ValueError(f"argument 'moment_frame': expected 'jcs', 'distal' or 'proximal', got "
                         f"{moment_frame!r}")
    if not isinstance(events, str) or events not in EVENT_MODES:
        raise ValueError(f"argument 'events': expected one of {EVENT_MODES}, got {events!r}")
    tr, _, _, pairs, mass, _ = _prepared_trial(trial, marker_map, subject, body_mass_kg)
    cut = _optional_real(cutoff_hz, "cutoff_hz", "a cut-off in Hz or None")
    st, st_plates, _ = _prepared_static(static, pairs)
    return ((tr._to_core(), list(tr.force_plates), st, st_plates, mass,
             Side.LEFT if ref == "left" else Side.RIGHT, cut, n_resamples, seed, moment_frame,
             events, 0.3), tr)


#: The accepted ``uncertainty=`` values of :func:`analyse` (None: off).
UNCERTAINTY_METHODS = ("monte_carlo", "linear")
#: The accepted ``flag_ci=`` values of :func:`analyse`.
FLAG_CIS = ("stride", "combined")


def _uncertainty_args(uncertainty: Any, model: Any, n_draws: Any, seed: Any, threads: Any,
                      flag_ci: Any) -> Optional[dict[str, Any]]:
    """The uncertainty options of :func:`analyse`, checked (each error naming its argument);
    None when the uncertainty is off."""
    if flag_ci is not None and (not isinstance(flag_ci, str) or flag_ci not in FLAG_CIS):
        raise ValueError(f"argument 'flag_ci': expected 'stride', 'combined' or None, got "
                         f"{flag_ci!r}")
    if uncertainty is None:
        if flag_ci == "combined":
            raise ValueError("argument 'flag_ci': 'combined' needs the measurement uncertainty "
                             "(uncertainty='monte_carlo' or 'linear'), got uncertainty=None")
        if model is not None:
            raise ValueError("argument 'uncertainty_model': given with uncertainty=None (no "
                             "propagation to use it); pass uncertainty='monte_carlo' or "
                             "'linear'")
        return None
    if not isinstance(uncertainty, str) or uncertainty not in UNCERTAINTY_METHODS:
        raise ValueError(f"argument 'uncertainty': expected None, 'monte_carlo' or 'linear', "
                         f"got {uncertainty!r}")
    from ..uncertainty import _propagation_args, _renamed

    try:
        mo, method, n, sd, nt, _, _ = _propagation_args(model, uncertainty, n_draws, seed,
                                                          threads, 0.95, False)
    except (TypeError, ValueError) as exc:  # the names analyse takes
        raise _renamed(exc, {"model": "uncertainty_model", "seed": "uncertainty_seed",
                             "n_threads": "uncertainty_threads"}) from None
    return {"model": mo, "method": method, "n_draws": n, "seed": sd, "n_threads": nt,
            "flag_ci": flag_ci or "combined"}


def _stances_with_sd(stances: Any, u: Any) -> Any:
    """The stances table with ``<quantity>_sd`` (measurement SD of each peak) after each
    quantity's column."""
    out = stances.copy()
    st = u.stances
    for q in QUANTITIES:
        rows = st[st["quantity"] == q]
        sd = dict(zip(zip(rows["side"], rows["stance"]), rows["sd"].to_numpy(dtype=float)))
        values = [sd.get((a, int(b)), math.nan) for a, b in zip(out["side"], out["stance"])]
        out.insert(out.columns.get_loc(q) + 1, f"{q}_sd", np.asarray(values, dtype=float))
    return out


#: summary columns added with the uncertainty: (our column, UncertaintyResult.summary column).
_UNCERTAINTY_COLUMNS = (
    ("left_mean_sd_meas", "left_mean_sd"), ("right_mean_sd_meas", "right_mean_sd"),
    ("difference_sd_meas", "difference_sd"), ("si_sd_meas", "si_sd"),
    ("sa_sd_meas", "sa_sd"),
    ("left_ci_low_combined", "left_mean_combined_low"),
    ("left_ci_high_combined", "left_mean_combined_high"),
    ("right_ci_low_combined", "right_mean_combined_low"),
    ("right_ci_high_combined", "right_mean_combined_high"),
    ("difference_ci_low_combined", "difference_combined_low"),
    ("difference_ci_high_combined", "difference_combined_high"),
    ("si_ci_low_combined", "si_combined_low"), ("si_ci_high_combined", "si_combined_high"),
    ("sa_ci_low_combined", "sa_combined_low"), ("sa_ci_high_combined", "sa_combined_high"))


def _summary_with_uncertainty(rows: list[Mapping[str, Any]], u: Any) -> list[dict[str, Any]]:
    """The core summary rows with the uncertainty columns (_UNCERTAINTY_COLUMNS) and the
    uncertainty's note of the row."""
    by_q = {r["quantity"]: r for r in u.summary.to_dict(orient="records")}
    out = []
    for row in rows:
        ur = by_q.get(row["quantity"], {})
        extra = {ours: float(ur.get(theirs, math.nan)) for ours, theirs in _UNCERTAINTY_COLUMNS}
        extra["uncertainty_note"] = str(ur.get("note", ""))
        out.append({**row, **extra})
    return out


def _uncertainty_notes(u: Any, flag_ci: str) -> list[str]:
    """The report's notes on the measurement uncertainty: what was propagated, how, and the
    CI the flags judge."""
    what = (f"Monte Carlo, {u.n_draws} draws, seed {u.seed}" if u.method == "monte_carlo"
            else "first-order linearisation")
    on = [k.replace("_", " ") for k, v in u.model.active().items() if v]
    notes = [f"Measurement uncertainty ({what}; {u.seconds:.2f} s): sources "
             + (", ".join(on) if on else "none")
             + "; events, force-plate contacts, static offsets and segment lengths held at the "
             "nominal analysis's (docs: uncertainty). Flags judge the "
             + ("combined 95 % CI (measurement + between-stride)." if flag_ci == "combined"
                else "between-stride 95 % CI (the measurement uncertainty is shown, not "
                     "judged).")]
    notes += [f"Uncertainty model: {n}" for n in u.model.notes]
    # "Warning: " notes (more than 5 % of the draws failed) keep their word first, so that
    # the CLI prints them under the summary.
    notes += [f"Warning (measurement uncertainty): {n[len('Warning: '):]}"
              if n.startswith("Warning: ") else f"Uncertainty: {n}" for n in u.notes]
    if u.n_draws_failed:
        notes.append(f"Uncertainty: {u.n_draws_failed} of {u.n_draws} draws failed and were "
                     "left out (see the notes above).")
    return notes


def _trial_arg(trial: Any, arg: str) -> tuple[io.Trial, str]:
    if isinstance(trial, io.Trial):
        return trial, trial.source or "<Trial>"
    if isinstance(trial, (str, bytes, os.PathLike)):
        raw = path_arg(trial, arg)  # bytes: non-UTF-8 names work, a NUL is refused
        return io.read_c3d(raw), os.fsdecode(raw)
    raise TypeError(f"argument {arg!r}: expected a hipmech.io.Trial or the path of a C3D file, "
                    f"got {type(trial).__name__}")


def _mass_arg(body_mass_kg: Any) -> Optional[float]:
    """None (the file's subject mass, checked by report::analyse), or a finite positive mass
    [kg]; checked here too so that a batch fails before its first trial."""
    if body_mass_kg is None:
        return None
    m = real_number(body_mass_kg, "body_mass_kg", "a body mass in kg (a number)")
    if not (math.isfinite(m) and m > 0):
        raise ValueError(f"argument 'body_mass_kg': expected a finite positive body mass in "
                         f"kg, got {body_mass_kg!r}")
    return m


def _optional_real(value: Any, arg: str, expected: str) -> Optional[float]:
    """None, or a real number (TypeError naming ``arg`` otherwise); the range is checked by
    report::analyse (ValueError naming ``arg``)."""
    return None if value is None else real_number(value, arg, expected)


def _age_arg(age_years: Any, trial: io.Trial) -> tuple[Optional[float], str]:
    """The subject's age [years] and where it came from ("argument", "file" or "unknown")."""
    if age_years is not None:
        a = real_number(age_years, "age_years", "an age in years (a number) or None")
        if not (math.isfinite(a) and 0 <= a <= 130):
            raise ValueError(f"argument 'age_years': expected an age in years in [0, 130], got "
                             f"{age_years!r}")
        return a, "argument"
    for group in ("PROCESSING", "SUBJECTS", "SUBJECT"):
        g = (trial.parameters or {}).get(group)
        params = getattr(g, "parameters", {}) or {}
        for key, p in params.items():
            if str(key).upper() not in ("AGE", "AGES"):
                continue
            try:
                a = float(np.asarray(p.value, dtype=float).ravel()[0])
            except (TypeError, ValueError, IndexError):
                continue  # a text age: not guessed
            if math.isfinite(a) and 0 < a <= 130:
                return a, "file"
    return None, "unknown"


#: Keys of a subject dict or JSON file that describe the subject and are not measurements.
_SUBJECT_INFO = ("name", "id", "sex", "age_years", "notes", "comment")


def _file_outputs_note(trial: io.Trial, stances: Any) -> Optional[str]:
    """The file's own model outputs (Vicon's L/RKneeAngles, L/RHipAngles, L/RPelvisAngles),
    which the report does not use, compared with its per-stance peaks over the same windows:
    the largest difference per quantity, or None when the file has none of them."""
    from .. import pelvis

    angles = trial.angles
    diffs: dict[str, float] = {}
    for row in stances.to_dict(orient="records"):
        p = "L" if row["side"] == "left" else "R"
        b, e = int(row["foot_strike_frame"]), int(row["foot_off_frame"])
        found = []
        if p + "KneeAngles" in angles:  # valgus = -varus (Plug-in Gait)
            found.append(("knee valgus", row["knee_valgus_deg"],
                          -np.rad2deg(angles[p + "KneeAngles"][b:e, 1])))
        if p + "HipAngles" in angles:
            found.append(("hip adduction", row["hip_adduction_deg"],
                          np.rad2deg(angles[p + "HipAngles"][b:e, 1])))
        sb, se = row["single_support_begin"], row["single_support_end"]
        if p + "PelvisAngles" in angles and sb is not None:
            baker = pelvis.convert(angles[p + "PelvisAngles"], row["side"],
                                   from_="plug-in-gait", to="baker")
            found.append(("pelvic drop", row["pelvic_drop_deg"],
                          np.rad2deg(baker[int(sb):int(se), 1])))
        for name, ours, curve in found:
            if np.isfinite(ours) and curve.size and np.isfinite(curve).all():
                diffs[name] = max(diffs.get(name, 0.0), abs(ours - float(curve.max())))
    if not diffs:
        return None
    return ("The file holds its own model outputs (Plug-in Gait angles), which the report does "
            "not use: it computes them from the markers. Per-stance peaks over the same windows "
            "differ from the file's by at most " +
            ", ".join(f"{v:.2f}° ({k})" for k, v in diffs.items()) +
            " (the report's marker filter and the subject parameters it read, e.g. the marker "
            "diameter, explain differences of this size).")


def _subject_age(subject: Any) -> Optional[float]:
    """The descriptive ``age_years`` of a subject dict or JSON subject file (read_subject keeps
    it by name only), or None."""
    value = None
    if isinstance(subject, Mapping):
        value = subject.get("age_years")
    elif isinstance(subject, (str, os.PathLike)) and os.fspath(subject).lower().endswith(".json"):
        import json

        try:
            with open(subject, encoding="utf-8") as f:
                data = json.load(f)
        except (OSError, ValueError):
            return None  # read_subject has already named the problem
        value = data.get("age_years") if isinstance(data, dict) else None
    return value if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def _subject_name(trial: io.Trial) -> Optional[str]:
    """The file's subject name (C3D SUBJECTS:NAMES, as Vicon writes it), or None."""
    g = (trial.parameters or {}).get("SUBJECTS")
    p = (getattr(g, "parameters", {}) or {}).get("NAMES")
    value = getattr(p, "value", None)
    if isinstance(value, list) and value and isinstance(value[0], str) and value[0].strip():
        return value[0].strip()
    return None


# --------------------------------------------------------------------------------------------
# Flags

#: Columns of the summary holding True (flagged), False (assessed, not flagged) or None (not
#: assessed: the ``assessment`` column says why).
_FLAG_COLUMNS = ("left_flag", "right_flag", "difference_flag", "si_flag")

#: Quantities on a ratio scale with a true zero, where a symmetry index means something (a
#: moment); angles are judged by their difference in degrees (Herzog et al. 1989).
RATIO_SCALED = ("hip_abduction_moment_nm_per_kg",)


def _fmt_ci(lo: float, hi: float, unit: str) -> str:
    return f"[{lo:.2f}, {hi:.2f}] {unit}"


def _judge(t: Threshold, estimate: float, lo: float, hi: float, n_left: int, n_right: int,
           n_needed_both: bool, side: str = "", ci: str = "95 % CI"
           ) -> tuple[Optional[bool], str]:
    """Flag (True/False) or None with the reason: at least MIN_STANCES stances (per side for
    asymmetries), a CI, and the CI wholly on one side of the threshold (or margin). ``ci``
    names the interval in the reason."""
    ns = (n_left, n_right) if n_needed_both else ((n_left,) if side == "left" else (n_right,))
    if min(ns) < MIN_STANCES:
        where = ("left %d, right %d" % (n_left, n_right)) if n_needed_both else f"{side} {ns[0]}"
        return None, f"fewer than {MIN_STANCES} stances ({where})"
    if not (math.isfinite(estimate) and math.isfinite(lo) and math.isfinite(hi)):
        return None, "no estimate or CI" if ci == "95 % CI" else f"no estimate or {ci}"
    v = float(t.value)
    if t.direction == "beyond":
        if lo > v or hi < -v:
            return True, ""
        if lo > -v and hi < v:
            return False, ""
        bound = -v if lo <= -v <= hi else v
        return None, f"{ci} {_fmt_ci(lo, hi, t.unit)} contains the margin {bound:+g} {t.unit}"
    if lo <= v <= hi:
        return None, f"{ci} {_fmt_ci(lo, hi, t.unit)} contains the threshold {v:g} {t.unit}"
    return t.exceeded(estimate), ""


def _caveat(t: Threshold, age: Optional[float], fits: Optional[bool]) -> str:
    if fits is True or not t.population:
        return ""
    if fits is None:
        return (f"threshold measured on {t.population}; the subject's age is unknown (give "
                "age_years / --age)")
    return f"threshold measured on {t.population} applied to a subject aged {age:g}"


def _select(ts: list[Threshold], age: Optional[float]) -> list[tuple[Threshold, Optional[bool]]]:
    """The thresholds fitting the age; when none fits, all of them (each with its fit)."""
    fits = [(t, t.applies_to_age(age)) for t in ts]
    good = [(t, f) for t, f in fits if f is True]
    return good if good else fits


def _flag_row(row: Mapping[str, Any], thr: tuple[Threshold, ...], age: Optional[float],
              crosstalk: Sequence[str] = (), reference: str = "left",
              flag_ci: str = "stride") -> dict[str, Any]:
    """One summary row with its flags, each naming its rule and source (docs: report,
    "Flags"). ``flag_ci="combined"``: the rule judges the combined CIs (measurement +
    between-stride; docs: uncertainty) of a row carrying them, and each flag says so."""
    shown = row
    ci = "95 % CI"
    if flag_ci == "combined":
        ci = "combined 95 % CI"
        row = {**row}
        for prefix in ("left", "right", "difference", "si", "sa"):
            for end in ("low", "high"):
                row[f"{prefix}_ci_{end}"] = shown[f"{prefix}_ci_{end}_combined"]
    q = row["quantity"]
    unit, label = QUANTITIES[q]
    nl, nr = int(row["left_n"]), int(row["right_n"])
    flags: list[str] = []
    rules: list[str] = []
    sources: list[str] = []
    assessment: list[str] = []
    within: list[str] = []
    other = "right" if reference == "left" else "left"
    diff_name = f"{other} - {reference} difference"
    out = {c: None for c in _FLAG_COLUMNS}
    by_kind: dict[str, list[Threshold]] = {}
    for t in thr:
        if t.value is None:
            if t.quantity == q:  # the reason is in the thresholds table
                rules.append("side mean: no threshold adopted (see the thresholds table)")
            continue
        if t.quantity == q:
            by_kind.setdefault(t.measure, []).append(t)
        elif t.quantity == "symmetry_index_percent":
            by_kind.setdefault("si", []).append(t)

    def record(kind: str, t: Threshold, fits: Optional[bool], hit: Optional[bool], why: str,
               text: str) -> None:
        cav = _caveat(t, age, fits)
        rules.append(t.describe() + (f" [{cav}]" if cav else ""))
        if t.source:
            sources.append(t.source)
        col = {"side": None, "difference": "difference_flag", "si": "si_flag"}[kind]
        if col is not None and hit is not None:
            out[col] = bool(out[col]) or hit
        if hit:
            flags.append(text + (f"; caveat: {cav}" if cav else ""))
        elif hit is None:
            assessment.append(f"{text} {why}")
        else:
            within.append(text.rstrip(":"))

    for t, fits in _select(by_kind.get("side", []), age):
        for s in ("left", "right"):
            mean = row[f"{s}_mean"]
            hit, why = _judge(t, mean, row[f"{s}_ci_low"], row[f"{s}_ci_high"], nl, nr, False, s,
                              ci)
            op = "<" if t.direction == "below" else ">"
            if hit is not None:
                out[f"{s}_flag"] = bool(out[f"{s}_flag"]) or hit
            text = (f"{s} mean {mean:.2f} {unit} {op} {t.value:g} {t.unit}, {ci} "
                    f"{_fmt_ci(row[f'{s}_ci_low'], row[f'{s}_ci_high'], unit)} "
                    f"({t.context}; {t.short_source})") if hit else f"{s} mean:"
            record("side", t, fits, hit, why, text)
    for t, fits in _select(by_kind.get("difference", []), age):
        d = row["difference"]
        hit, why = _judge(t, d, row["difference_ci_low"], row["difference_ci_high"], nl, nr, True,
                          ci=ci)
        text = (f"{diff_name} {d:+.2f} {unit}, {ci} "
                f"{_fmt_ci(row['difference_ci_low'], row['difference_ci_high'], unit)} beyond "
                f"+/-{t.value:g} {t.unit} ({t.context}; {t.short_source})") if hit \
            else f"{diff_name}:"
        record("difference", t, fits, hit, why, text)
    for t, fits in _select(by_kind.get("si", []), age):
        if q not in RATIO_SCALED:
            continue  # angles: judged by their difference (Herzog et al. 1989)
        si = row["si_percent"]
        lm, rm = row["left_mean"], row["right_mean"]
        if not (math.isfinite(lm) and math.isfinite(rm) and lm > 0 and rm > 0):
            hit, why = None, "SI needs both side means positive"
        else:
            hit, why = _judge(t, si, row["si_ci_low"], row["si_ci_high"], nl, nr, True, ci=ci)
        text = (f"SI {si:.1f} %, {ci} {_fmt_ci(row['si_ci_low'], row['si_ci_high'], '%')} "
                f"beyond {t.value:g} % ({t.context}; {t.short_source})") if hit else "SI:"
        record("si", t, fits, hit, why, text)

    if q == "knee_valgus_deg" and crosstalk:
        # The frontal angle is flexion leaking through a misaligned axis: nothing to judge.
        out = {c: None for c in _FLAG_COLUMNS}
        flags = []
        assessment = [f"flexion cross-talk suspected in the {' and '.join(crosstalk)} knee "
                      "(see the warning)"]
    flagged = any(out[c] for c in _FLAG_COLUMNS)
    assessed = any(out[c] is not None for c in _FLAG_COLUMNS)
    if flagged:
        status = "flagged"
        if assessment:
            status += " (not assessed: " + "; ".join(assessment) + ")"
    elif not assessment:
        status = "within thresholds" if assessed else "not assessed: no threshold applies"
    elif not assessed:
        status = "not assessed: " + "; ".join(assessment)
    else:
        status = ("partly assessed: " + "; ".join(assessment) + "; within thresholds: "
                  + ", ".join(dict.fromkeys(within)))
    # The table keeps the between-stride CIs in the *_ci_* columns whatever the rule judged.
    measured = {}
    if "left_mean_sd_meas" in shown:
        measured = {c: shown[c] for c, _ in _UNCERTAINTY_COLUMNS}
        measured["uncertainty_note"] = shown.get("uncertainty_note", "")
        measured["flag_ci"] = flag_ci
    return {
        "quantity": q, "label": label, "unit": unit,
        **{k: shown[k] for k in ("left_n", "left_missing", "left_mean", "left_sd", "left_ci_low",
                                 "left_ci_high", "right_n", "right_missing", "right_mean",
                                 "right_sd", "right_ci_low", "right_ci_high", "difference",
                                 "difference_ci_low", "difference_ci_high",
                                 "si_percent", "si_ci_low", "si_ci_high",
                                 "sa_percent", "sa_ci_low", "sa_ci_high")},
        **measured,
        **out,
        "flags": "; ".join(flags),
        "assessment": status,
        "threshold": "; ".join(dict.fromkeys(rules)) if rules else "no threshold given",
        "source": "; ".join(dict.fromkeys(sources)),
    }


# --------------------------------------------------------------------------------------------
# analyse


def analyse(trial: Any, *, static: Any = None, body_mass_kg: Optional[float] = None,
            reference: Any = "left", cutoff_hz: Optional[float] = 6.0, n_resamples: int = 2000,
            seed: int = 1, thresholds: Any = None, moment_frame: str = "jcs",
            events: str = "auto", age_years: Optional[float] = None, marker_map: Any = None,
            subject: Any = None, uncertainty: Optional[str] = None,
            uncertainty_model: Any = None, n_draws: int = 200, uncertainty_seed: int = 1,
            uncertainty_threads: int = 0, flag_ci: Optional[str] = None) -> TrialReport:
    """The hip summary of one Plug-in Gait trial (docs: report).

    Markers are low-passed (zero-lag Butterworth, order 2), the Plug-in Gait lower body gives
    pelvis, hip and knee angles, gait events come from the file or from the force plates and
    the kinematics (Zeni), and every stance of each side gives its peak contralateral pelvic
    drop (single support), knee valgus, hip adduction and internal hip abduction moment (3-D
    inverse dynamics, where a force plate was under the foot). Per side and quantity: the mean,
    SD and CI across stances; between sides: the difference, symmetry index and angle of the
    means with percentile bootstrap CIs across stances; flags against cited thresholds (the
    difference for angles, the symmetry index for the moment, >= 3 stances per side, the CI
    wholly beyond).

    Parameters
    ----------
    trial : hipmech.io.Trial or str or os.PathLike
        The dynamic trial, or the path of its C3D file.
    static : hipmech.io.Trial or str or os.PathLike, optional
        The static trial: Plug-in Gait's foot offsets (:func:`hipmech.model.plug_in_gait_static`).
    body_mass_kg : float, optional
        Body mass [kg]; by default the file's subject mass (an error naming
        ``body_mass_kg`` when it has none).
    reference : {"left", "right"} or hipmech.Side
        Reference limb of the symmetry index and angle (positive: the other limb is larger).
    cutoff_hz : float or None
        Low-pass cut-off for markers and plate forces [Hz]; None: the file's data unfiltered.
    n_resamples : int
        Bootstrap resamples B for the asymmetry CIs.
    seed : int
        Bootstrap seed (the same seed gives the same resamples in Python and C++).
    thresholds : sequence of Threshold, optional
        The flags' thresholds (default :data:`hipmech.report.THRESHOLDS`).
    moment_frame : {"jcs", "distal", "proximal"}
        Axes of the hip abduction moment: the joint coordinate system (default, Grood &
        Suntay 1983) or the thigh ("distal", Plug-in Gait's choice) or pelvis frame. On
        stairs the frontal components of the JCS and the thigh frame differ by several tenths
        of N·m/kg (docs: report), so compare like with like.
    events : {"auto", "file", "plates", "kinematics"}
        Where the gait events come from. "auto" (default): the file's events, completed by
        force-plate contacts and then the kinematic method (Zeni et al. 2008) wherever no event
        of the same foot and kind from an earlier source lies within 0.3 s; each event keeps
        its source (the ``events`` table). The others use one source only.
    age_years : float, optional
        The subject's age [years]; by default the subject file's ``age_years``, else the C3D
        file's (a PROCESSING or SUBJECTS parameter named Age). It selects age-appropriate
        thresholds; a threshold measured on another population (the adult hip-moment cut-off
        on a child) is applied with the caveat in the flag's text.
    marker_map : dict or str, optional
        Another lab's marker names to Plug-in Gait's (``{"VSAC": "SACR", "LSHA": "LTIB"}`` or
        ``"VSAC=SACR,LSHA=LTIB"``), applied to the trial and the static trial
        (:func:`hipmech.io.rename_markers`).
    subject : SubjectParameters, dict or path, optional
        Subject measurements overriding or completing the file's (mass, leg lengths, knee and
        ankle widths, ASIS distance ...): a JSON or Vicon ``.vsk`` file
        (:func:`hipmech.io.read_subject`, :func:`hipmech.io.with_subject`).
    uncertainty : {None, "monte_carlo", "linear"}
        The measurement uncertainty of every number (:func:`hipmech.uncertainty.propagate`,
        docs: uncertainty): None (default) leaves it out and the report is as without this
        option; "monte_carlo" or "linear" adds ``TrialReport.uncertainty``, the measurement
        SD and combined CI columns of ``summary``, ``<quantity>_sd`` columns of ``stances``,
        bands on the gait curves and, by default, the combined CI in the flag rule. The CLI
        ``hipmech report`` turns it on (``--uncertainty monte_carlo``).
    uncertainty_model : hipmech.uncertainty.UncertaintyModel, optional
        The uncertainty model (default: every source at its published default).
    n_draws : int
        Monte Carlo draws (CLI ``--draws``), from 2 to
        :func:`hipmech.uncertainty.max_monte_carlo_draws` of the trial's frames (100000 on
        short trials, fewer on long ones: every draw's curves are kept, 1 GB at most); checked
        before the analysis runs. Ignored by ``uncertainty="linear"``.
    uncertainty_seed : int
        Seed of the draws (CLI ``--uncertainty-seed``).
    uncertainty_threads : int
        Threads of the propagation; 0: all cores (``run`` with several worker processes
        gives each one thread).
    flag_ci : {None, "stride", "combined"}
        The CI the flag rule judges: "stride" (the percentile bootstrap across stances) or
        "combined" (the bootstrap with each resample shifted by a draw's measurement error:
        measurement + between-stride; needs ``uncertainty``). None (default): "combined" with
        ``uncertainty``, "stride" without (docs: uncertainty, "Decisions").

    Returns
    -------
    TrialReport

    Warns
    -----
    UserWarning
        With ``uncertainty="monte_carlo"``, when more than 5 % of the draws failed: the
        uncertainty rests on the others and may be biased (also in ``notes``, starting
        "Warning (measurement uncertainty)").

    Raises
    ------
    OSError
        (hipmech.FileError) the trial or static file cannot be read.
    ValueError
        No body mass (naming ``body_mass_kg``), a bad ``reference``, ``cutoff_hz``,
        ``n_resamples`` or ``seed``, missing Plug-in Gait markers or subject measurements (the
        message lists them), ``n_draws`` above the trial's cap.
    TypeError
        An argument of the wrong type.
    """
    ref = _side_name(reference, "reference")
    n_resamples = integer_value(n_resamples, "n_resamples", 1)
    seed = integer_value(seed, "seed", 0)
    thr = _coerce(thresholds)
    for t in thr:
        if t.quantity == "symmetry_angle_percent" and t.value is not None:
            raise ValueError("argument 'thresholds': a symmetry_angle_percent threshold is not "
                             "applied (the report judges angles by their left-right difference "
                             "and the moment by its symmetry index: docs: report, 'Flags'); "
                             "give a measure='difference' threshold of the quantity instead")
        expected = (QUANTITIES[t.quantity][0] if t.quantity in QUANTITIES else
                    "%" if t.quantity in ("symmetry_index_percent", "symmetry_angle_percent")
                    else None)
        if expected is None:
            raise ValueError(f"argument 'thresholds': unknown quantity {t.quantity!r}; expected "
                             f"one of {list(QUANTITIES)} or 'symmetry_index_percent'")
        if t.unit != expected:
            raise ValueError(f"argument 'thresholds': the threshold for {t.quantity} must be in "
                             f"{expected!r}, got unit {t.unit!r}")
    if moment_frame not in ("jcs", "distal", "proximal"):
        raise ValueError(f"argument 'moment_frame': expected 'jcs', 'distal' or 'proximal', got "
                         f"{moment_frame!r}")
    if not isinstance(events, str) or events not in EVENT_MODES:
        raise ValueError(f"argument 'events': expected one of {EVENT_MODES}, got {events!r}")
    unc = _uncertainty_args(uncertainty, uncertainty_model, n_draws, uncertainty_seed,
                            uncertainty_threads, flag_ci)
    tr, source, n_notes, pairs, mass, mass_from_subject = _prepared_trial(
        trial, marker_map, subject, body_mass_kg)
    if unc is not None and unc["method"] == "monte_carlo":  # before the analysis runs
        from ..uncertainty import _check_draws_for_trial

        _check_draws_for_trial(unc["n_draws"], tr.n_frames)
    subject_age = _subject_age(subject) if age_years is None and subject is not None else None
    age, age_source = _age_arg(age_years if subject_age is None else subject_age, tr)
    if subject_age is not None:
        age_source = "subject"
    cut = _optional_real(cutoff_hz, "cutoff_hz", "a cut-off in Hz or None")
    st, st_plates, static_source = _prepared_static(static, pairs)
    # One implementation for C++ and Python: hipmech::report::analyse (GIL released).
    args = (tr._to_core(), list(tr.force_plates), st, st_plates, mass,
            Side.LEFT if ref == "left" else Side.RIGHT, cut, n_resamples, seed, moment_frame,
            events)
    unc_result = None
    if unc is None:
        r = _core.report_analyse(*args)
    else:
        # report::analyse and uncertainty::propagate in one call (GIL released for both).
        from ..uncertainty import _result_from_core, _warn_failed_draws

        d = _core.uncertainty_propagate(*args, 0.3, unc["model"]._to_core(), unc["method"],
                                        unc["n_draws"], unc["seed"], unc["n_threads"], 0.95,
                                        False)
        r = d["nominal"]
        unc_result = _result_from_core(d["uncertainty"], r)
        _warn_failed_draws(unc_result)
    notes: list[str] = list(tr.notes[n_notes:]) + list(r["notes"])
    if mass_from_subject:  # the core saw an argument; say where it came from
        notes = [f"Body mass {mass:g} kg (the subject file)." if n.startswith("Body mass ")
                 and "body_mass_kg argument" in n else n for n in notes]
    import pandas as pd

    ev = [_events.GaitEvent(*e) for e in r["events"]]
    stance_cols = ["side", "stance", "foot_strike_frame", "foot_off_frame", "foot_strike_time_s",
                   "foot_off_time_s", "foot_strike_source", "foot_off_source",
                   "single_support_begin", "single_support_end", *QUANTITIES,
                   "pelvic_drop_peak_percent_stance", "note"]
    stances = pd.DataFrame(list(r["stances"]), columns=stance_cols)
    for col in ("single_support_begin", "single_support_end"):  # int or None, never float
        stances[col] = pd.Series([row[col] for row in r["stances"]], dtype=object)
    file_check = _file_outputs_note(tr, stances)
    if file_check:
        notes.append(file_check)
    core_summary = list(r["summary"])
    if unc_result is not None:
        stances = _stances_with_sd(stances, unc_result)
        core_summary = _summary_with_uncertainty(core_summary, unc_result)
        notes += _uncertainty_notes(unc_result, unc["flag_ci"])

    # Flags against the thresholds (policy, kept in Python: hipmech.report.THRESHOLDS).
    crosstalk = sorted(s for s, c in r["knee_crosstalk"].items() if c["suspected"])
    flag_ci_used = "stride" if unc is None else unc["flag_ci"]
    srows = [_flag_row(row, thr, age, crosstalk, ref, flag_ci_used) for row in core_summary]
    summary = pd.DataFrame(srows)
    for col in _FLAG_COLUMNS:  # True/False/None, never numpy bools
        summary[col] = pd.Series([row[col] for row in srows], dtype=object)
    if age is None and any(t.applies_to_age(None) is None for t in thr if t.value is not None):
        notes.append("Age unknown (no age_years / --age, no age_years in the subject file, no "
                     "Age in the C3D file): thresholds "
                     "measured on a restricted population (e.g. adults) are applied with a "
                     "caveat.")
    for t in thr:
        if t.value is not None and t.context and "walking" not in t.context:
            notes.append(f"Threshold for {t.quantity} comes from {t.context} "
                         f"({t.short_source}); a flag on another activity is an "
                         "extrapolation.")

    settings = {"cutoff_hz": cut, "filter": "zero-lag Butterworth, order 2" if cut else "none",
                "reference": ref, "n_resamples": n_resamples, "seed": seed,
                "confidence": 0.95, "ci_method": "percentile bootstrap across stances",
                "pelvis_angles": "Baker (rotation-obliquity-tilt), progression frame",
                "joint_angles": "Plug-in Gait, Grood & Suntay JCS",
                "moments": "internal, " + ("JCS" if moment_frame == "jcs"
                                           else moment_frame + " frame")
                           + ", Dempster/Winter segment parameters",
                "moment_frame": moment_frame,
                "events": r["events_mode"],
                "subject_name": _subject_name(tr),
                "marker_map": None if pairs is None else dict(pairs),
                "subject": (None if subject is None else os.fspath(subject)
                            if isinstance(subject, (str, os.PathLike)) else "given"),
                "age_years": age, "age_source": age_source,
                "min_stances_for_flags": MIN_STANCES,
                "events_merge_window_s": float(r["events_merge_window_s"])}
    if unc_result is not None:  # only with the option: the settings are unchanged without it
        settings.update(
            uncertainty=unc_result.method, n_draws=unc_result.n_draws,
            uncertainty_seed=unc_result.seed, flag_ci=flag_ci_used,
            uncertainty_confidence=unc_result.confidence)
    cycles = {s: [tuple(c) for c in r["cycles"][s]] for s in SIDES}
    return TrialReport(
        source=source, trial_name=Path(source).name if source else "<Trial>",
        body_mass_kg=float(r["body_mass_kg"]),
        body_mass_source="subject" if mass_from_subject else r["body_mass_source"],
        static_source=static_source, reference=ref, cutoff_hz=cut, n_resamples=n_resamples,
        seed=seed, confidence=0.95, events_source=r["events_source"],
        point_rate_hz=float(r["point_rate_hz"]), n_frames=int(r["n_frames"]),
        summary=summary, stances=stances, events=_events.to_dataframe(ev),
        curves=Curves(data={q: dict(r["curves"][q]) for q in CURVES},
                      units={q: u for q, (u, _) in CURVES.items()},
                      foot_off_percent=dict(r["foot_off_percent"]), cycles=cycles),
        notes=notes, moments_available=dict(r["moments_available"]), thresholds=thr,
        hipmech_version=__version__, settings=settings,
        knee_crosstalk={k: dict(v) for k, v in r["knee_crosstalk"].items()},
        uncertainty=unc_result)
