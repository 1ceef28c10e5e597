"""The ``hipmech`` command line: ``hipmech demo``, ``hipmech report``, ``hipmech --version``."""

from __future__ import annotations

import argparse
import importlib.util
import sys
from collections.abc import Sequence

from . import __version__

# The areas of ../shared/API.md, in the order they are built. An area is "available" once its
# module is importable; nothing here reports numbers an area has not computed.
AREAS: tuple[tuple[str, str], ...] = (
    ("io", "C3D, TRC/MOT/STO and 2-D keypoint files; the Trial value"),
    ("geometry", "segment frames, Cardan/Euler angles, joint coordinate systems"),
    ("signal", "zero-lag Butterworth, residual analysis, derivatives, gaps, time normalisation"),
    ("events", "foot strike and toe off from force plates and kinematics"),
    ("model", "Plug-in Gait / CGM1 and ISB lower-body models, hip joint centre regressions"),
    ("pelvis", "pelvis angles, obliquity, contralateral pelvic drop, Trendelenburg flag"),
    ("knee", "frontal plane projection angle, 3-D knee angles, per-repetition valgus"),
    ("hip", "Pauwels single-leg stance, GRF lever arms, dynamometer torque"),
    ("dynamics", "segment parameters, Newton-Euler inverse dynamics"),
    ("stats", "LSI, symmetry index and angle, ICC, SEM/MDC, effect sizes, Bland-Altman"),
    ("synth", "synthetic trials with known ground truth"),
    ("plot", "matplotlib figures (optional dependency)"),
    ("report", "the hip report: HTML, JSON, figures"),
)


def area_available(name: str) -> bool:
    """True if ``hipmech.<name>`` is importable in this installation."""
    return importlib.util.find_spec(f"hipmech.{name}") is not None


def _demo(args: argparse.Namespace) -> int:
    print(f"hipmech {__version__}")
    print()
    print("core     available  errors and argument checks, Side, LabAxes, (n_frames, 3) trajectories")
    for name, what in AREAS:
        status = "available" if area_available(name) else "planned  "
        print(f"{name:<8} {status}  {what}")
    print()
    if not area_available("synth") or not area_available("report"):
        print(
            "The demo analysis (a synthetic walking trial with a known right-side hip-abductor\n"
            "weakness, analysed end to end) arrives with the synth and report areas.\n"
            "Nothing is computed yet, so no numbers are shown."
        )
        if args.out is not None:
            print(f"No files were written to {args.out}.")
    return 0


def _mean_sd(row: dict, side: str) -> str:
    """A summary row's "mean ± SD (n=...)" of one side ("n/a" for NaN)."""
    mean, sd, n = row[f"{side}_mean"], row[f"{side}_sd"], row[f"{side}_n"]
    if mean != mean:  # NaN
        return f"n/a (n={n})"
    return f"{mean:.2f}" + (f" ± {sd:.2f}" if sd == sd else "") + f" (n={n})"


def _report(args: argparse.Namespace) -> int:
    """``hipmech report``: analyse and write every trial; exit 1 when any failed."""
    from . import report  # imported here: `hipmech --version` stays fast

    out = args.out if args.out is not None else "hipmech_report"
    try:
        result = report.run(args.trials, out, static=args.static, body_mass_kg=args.mass,
                            reference=args.reference, cutoff_hz=args.cutoff,
                            figures=not args.no_figures, progress=True)
    except (OSError, ValueError, TypeError) as exc:
        print(f"hipmech report: error: {exc}", file=sys.stderr)
        return 2
    for path, rep, files in result.reports:
        print(f"{path.name}: {files['html']}")
        for row in rep.summary.to_dict(orient="records"):
            si = row["si_percent"]
            print(f"  {row['quantity']:<32} left {_mean_sd(row, 'left'):<22} right "
                  f"{_mean_sd(row, 'right'):<22} SI {'n/a' if si != si else f'{si:.1f} %'}"
                  + (f"  FLAG: {row['flags']}" if row["flags"] else ""))
    if result.failures:
        print(f"{len(result.failures)} of {len(result.failures) + len(result.reports)} trial(s) "
              "failed:", file=sys.stderr)
        for path, reason in result.failures:
            print(f"  {path}: {reason}", file=sys.stderr)
        return 1
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="hipmech",
        description="Hip biomechanics: pelvic drop, knee valgus, hip abduction moments, asymmetry.",
    )
    parser.add_argument("--version", action="version", version=f"hipmech {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    demo = sub.add_parser("demo", help="run the built-in demo (synthetic trial, known truth)")
    demo.add_argument("--out", metavar="DIR", default=None, help="directory for the report files")
    demo.set_defaults(func=_demo)
    rep = sub.add_parser(
        "report", help="the hip report of Plug-in Gait trials (HTML, JSON, PNG figures)",
        description="Per trial: pelvic drop, knee valgus, hip adduction and hip abduction "
                    "moments per stance, left/right asymmetry with bootstrap CIs, flags against "
                    "literature thresholds; writes report.html, report.json and PNG figures.")
    rep.add_argument("trials", metavar="TRIAL.c3d", nargs="+", help="dynamic trial(s)")
    rep.add_argument("--static", metavar="STATIC.c3d", default=None,
                     help="static trial (Plug-in Gait foot offsets)")
    rep.add_argument("--mass", metavar="KG", type=float, default=None,
                     help="body mass [kg] (default: the file's subject mass)")
    rep.add_argument("--out", metavar="DIR", default=None,
                     help="output directory (default ./hipmech_report; one sub-directory per "
                          "trial when several are given)")
    rep.add_argument("--reference", choices=("left", "right"), default="left",
                     help="reference limb of the asymmetry indices (default left)")
    rep.add_argument("--cutoff", metavar="HZ", type=float, default=6.0,
                     help="low-pass cut-off for markers and forces [Hz] (default 6)")
    rep.add_argument("--no-figures", action="store_true", help="skip the PNG figures")
    rep.set_defaults(func=_report)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if getattr(args, "func", None) is None:
        parser.print_help(sys.stderr)
        return 2
    return int(args.func(args))
