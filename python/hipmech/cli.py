"""The ``hipmech`` command line: ``hipmech demo``, ``hipmech --version``."""

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
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if getattr(args, "func", None) is None:
        parser.print_help(sys.stderr)
        return 2
    return int(args.func(args))
