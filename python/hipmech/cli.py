"""The ``hipmech`` command line: ``hipmech demo``, ``hipmech report``, ``hipmech assess``,
``hipmech --version``."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from . import __version__

def _demo(args: argparse.Namespace) -> int:
    """``hipmech demo``: synthesise a known right-side weakness, report it, check the recovery."""
    import math

    from . import _demo as demo

    s = demo.DEMO_SETTINGS
    deg = 180.0 / math.pi
    print(f"hipmech {__version__} demo: a synthetic walking trial with a known right-side "
          "hip-abductor weakness")
    print(f"  {s['body_mass_kg']:g} kg, {s['height_m']:g} m, {s['speed_mps']:g} m/s, "
          f"{s['n_strides']} strides per side, marker noise {s['marker_noise_m'] * 1000:g} mm, "
          f"seed {s['seed']}")
    print(f"  injected contralateral pelvic drop: left stance {s['pelvic_drop_rad']['left'] * deg:g}"
          f" deg, right stance {s['pelvic_drop_rad']['right'] * deg:g} deg")
    print(f"  injected knee valgus:               left stance {s['knee_valgus_rad']['left'] * deg:g}"
          f" deg, right stance {s['knee_valgus_rad']['right'] * deg:g} deg")
    out = args.out if args.out is not None else "hipmech_demo"
    try:
        result = demo.run_demo(out, log=lambda line: print(f"  {line}", file=sys.stderr))
    except (OSError, ValueError, TypeError, RuntimeError, KeyError) as exc:
        print(f"hipmech demo: error: {exc}", file=sys.stderr)
        return 2
    print()
    print("Summary (per-stance peaks, mean ± SD across stances; diff: right - left for the "
          "angles, SI for the moment, with 95 % bootstrap CIs):")
    _print_summary(result.report)
    if result.report.notes:
        print("Notes:")
        for note in result.report.notes:
            print(f"  - {note}")
    print()
    print("Recovery of the injected asymmetry (truth: the stances the trial was built with):")
    print(demo.format_recoveries(result.recoveries))
    if result.assessment is not None:
        from .clinic._assess import format_table

        print()
        print("Clinical assessment (demo_session.yaml: the same subject, a known weak right "
              "hip; hipmech assess):")
        print(format_table(result.assessment))
        print("Truth (the session's numbers by each test's published formula) against the "
              "assessment:")
        print(demo.format_recoveries(result.assessment_checks))
    print()
    print(f"Files: {result.files['html']}, {result.files['json']}, {result.c3d}")
    if result.assessment is not None:
        print(f"Assessment: {result.assessment_files['html']}, "
              f"{result.assessment_files['json']}")
    if not result.ok:
        print("hipmech demo: the injected asymmetry was NOT recovered within tolerance or NOT "
              f"flagged (flagged: {result.flagged or 'nothing'}"
              + (f"; assessment flagged: {', '.join(result.assessment_flagged) or 'nothing'}"
                 if result.assessment is not None else "") + ")", file=sys.stderr)
        return 1
    print("The injected right-side weakness is recovered within tolerance and flagged ("
          + ", ".join(result.flagged) + ").")
    if result.assessment is not None:
        print("The clinical tests find the weak right hip (" + ", ".join(
            f"{t}: {n}" for t, n in result.assessment_expected_flags) + ").")
    return 0


#: The Python argument names of report.run and the options that set them.
_OPTIONS = {"age_years": "--age", "marker_map": "--marker-map", "subject": "--subject",
            "colors": "--colors", "normative": "--normative", "body_mass_kg": "--mass",
            "cutoff_hz": "--cutoff", "static": "--static", "events": "--events",
            "static_map": "--static-map", "jobs": "--jobs", "scheduler": "--scheduler",
            "xlsx": "--xlsx", "paths": "TRIAL", "uncertainty": "--uncertainty",
            "n_draws": "--draws", "uncertainty_seed": "--uncertainty-seed",
            "flag_ci": "--flag-ci"}


def _option_names(message: str) -> str:
    """An error message with the command-line option in place of the Python argument."""
    for arg, option in _OPTIONS.items():
        message = message.replace(f"argument '{arg}'", f"argument '{option}'")
    return message


def _colors(text):
    """``--colors left=red,right=#00aa00`` as a mapping (None: the defaults)."""
    if text is None:
        return None
    out = {}
    for item in text.split(","):
        side, sep, colour = item.partition("=")
        if not sep or side.strip() not in ("left", "right") or not colour.strip() \
                or side.strip() in out:
            raise ValueError(f"argument '--colors': expected left=COLOUR,right=COLOUR, got "
                             f"{text!r}")
        out[side.strip()] = colour.strip()
    return out


#: Labels before the side means of a summary line (_print_summary): the measurement line
#: under it leaves as many spaces, so that each "meas. ±" starts under the number it is of.
_LEFT, _RIGHT = " left ", " right "
_MEAN_WIDTH = 22


def _print_summary(rep) -> None:
    """The report's summary table as text lines: side means, the asymmetry the flags judge
    (the difference for angles, SI for the moment) and the assessment. With the measurement
    uncertainty, a line saying what "meas. ±" and "combined" are, then a second line per
    quantity: each number's measurement SD under the number and the combined CI of the
    asymmetry."""
    with_u = getattr(rep, "uncertainty", None) is not None
    rows = rep.summary.to_dict(orient="records")
    if with_u and any(r[c] == r[c] for r in rows for c in ("left_mean_sd_meas",
                                                           "right_mean_sd_meas")):
        print("  (meas. ± = measurement SD (docs: uncertainty); combined = 95 % CI of "
              "measurement + between-stride)")
    for row in rows:
        if row["unit"] == "deg":
            est, lo, hi, unit, what, key = (row["difference"], row["difference_ci_low"],
                                            row["difference_ci_high"], " deg", "diff",
                                            "difference")
        else:
            est, lo, hi, unit, what, key = (row["si_percent"], row["si_ci_low"],
                                            row["si_ci_high"], " %", "SI", "si")
        ci = f" [{lo:.1f}, {hi:.1f}]" if est == est and lo == lo else ""
        value = "n/a" if est != est else f"{est:+.1f}{unit}"
        status = "FLAG: " + row["flags"] if row["flags"] else row.get("assessment", "")
        w = _MEAN_WIDTH
        print(f"  {row['quantity']:<32}{_LEFT}{_mean_sd(row, 'left'):<{w}}{_RIGHT}"
              f"{_mean_sd(row, 'right'):<{w}} {what} {value}{ci}  {status}")
        sds = (row["left_mean_sd_meas"], row["right_mean_sd_meas"], row[f"{key}_sd_meas"]) \
            if with_u else ()
        if any(x == x for x in sds):  # a line only where something was measured
            from .uncertainty import _sd_text

            clo, chi = row[f"{key}_ci_low_combined"], row[f"{key}_ci_high_combined"]
            combined = f"[{clo:.1f}, {chi:.1f}]" if clo == clo and chi == chi else "n/a"
            left = "meas. ± " + _sd_text(row["left_mean_sd_meas"])
            right = "meas. ± " + _sd_text(row["right_mean_sd_meas"])
            print(f"  {'':<32}{'':<{len(_LEFT)}}{left:<{w}}{'':<{len(_RIGHT)}}{right:<{w}} "
                  f"{what} meas. ± {_sd_text(row[f'{key}_sd_meas'])}, combined 95 % CI "
                  f"{combined}")


def _mean_sd(row: dict, side: str) -> str:
    """A summary row's "mean ± SD (n=...)" of one side ("n/a" for NaN)."""
    mean, sd, n = row[f"{side}_mean"], row[f"{side}_sd"], row[f"{side}_n"]
    if mean != mean:  # NaN
        return f"n/a (n={n})"
    return f"{mean:.2f}" + (f" ± {sd:.2f}" if sd == sd else "") + f" (n={n})"


#: Monte Carlo draws without --draws.
_DEFAULT_DRAWS = 200


def _uncertainty_options(args: argparse.Namespace) -> dict:
    """report.run's uncertainty options from --uncertainty, --draws, --uncertainty-seed and
    --flag-ci (off: none of them, so the report is as without the option)."""
    if args.uncertainty == "off":
        return {}
    options = {"uncertainty": args.uncertainty, "uncertainty_seed": args.uncertainty_seed,
               "flag_ci": args.flag_ci}
    if args.uncertainty == "monte_carlo":
        options["n_draws"] = _DEFAULT_DRAWS if args.draws is None else args.draws
    return options


def _check_draws(args: argparse.Namespace) -> None:
    """--draws checked before any trial is analysed: only with --uncertainty monte_carlo
    (the linear method has no draws, off none), in [2, 100000], and for one C3D file given
    by name at most the draws its frames allow (hipmech.uncertainty.max_monte_carlo_draws:
    every draw's curves are kept, 1 GB at most). ValueError naming --draws."""
    if args.draws is None:
        return
    if args.uncertainty != "monte_carlo":
        raise ValueError(f"argument '--draws': Monte Carlo draws need --uncertainty "
                         f"monte_carlo, got --uncertainty {args.uncertainty} (it has no draws); "
                         "drop --draws")
    from .uncertainty import _MAX_DRAWS

    if not 2 <= args.draws <= _MAX_DRAWS:
        raise ValueError(f"argument '--draws': expected an integer in [2, {_MAX_DRAWS}] (fewer "
                         f"on long trials), got {args.draws}")
    import os

    if len(args.trials) != 1 or not os.path.isfile(args.trials[0]) \
            or not str(args.trials[0]).lower().endswith(".c3d"):
        return  # folders and patterns: each trial is checked before its analysis
    from . import io
    from .uncertainty import max_monte_carlo_draws

    try:
        n_frames = io.read_c3d(args.trials[0]).n_frames
    except (OSError, ValueError, RuntimeError):
        return  # report.run says why the file cannot be read
    cap = max_monte_carlo_draws(n_frames)
    if args.draws > cap:
        raise ValueError(f"argument '--draws': expected at most {cap} Monte Carlo draws for "
                         f"this trial ({n_frames} frames; every draw's curves are kept, 1 GB "
                         f"at most), got {args.draws}")


def _report(args: argparse.Namespace) -> int:
    """``hipmech report``: analyse and write every trial; exit 1 when any failed."""
    from . import report  # imported here: `hipmech --version` stays fast

    out = args.out if args.out is not None else "hipmech_report"
    try:
        if args.uncertainty == "off" and args.flag_ci == "combined":
            raise ValueError("argument '--flag-ci': 'combined' needs the measurement "
                             "uncertainty, got --uncertainty off")
        _check_draws(args)
        result = report.run(args.trials, out, static=args.static, body_mass_kg=args.mass,
                            reference=args.reference, cutoff_hz=args.cutoff,
                            events=args.events, age_years=args.age,
                            marker_map=args.marker_map, subject=args.subject,
                            figures=not args.no_figures, figure_format=args.figure_format,
                            colors=_colors(args.colors), normative=args.normative,
                            patient=args.patient, session=args.session,
                            overwrite=args.overwrite, progress=args.progress, jobs=args.jobs,
                            scheduler=args.scheduler, static_map=args.static_map,
                            pair=not args.no_pairing, csv=args.csv, xlsx=args.xlsx,
                            **_uncertainty_options(args))
    except KeyboardInterrupt as exc:
        partial = getattr(exc, "result", None)
        done = [] if partial is None else [t for t in partial.trials if t.status == "ok"]
        total = None if partial is None else len(partial.trials)
        print("hipmech report: interrupted (Ctrl-C): no new trial was started, the reports "
              "written are complete, no cohort table was written", file=sys.stderr)
        if partial is not None:
            print(f"Written before the interrupt ({len(done)} of {total} trial(s)):"
                  + ("" if done else " none"), file=sys.stderr)
            for t in done:
                print(f"  {t.trial_id}: {t.files.get('html', t.out_dir)}", file=sys.stderr)
        else:  # interrupted while the files were found and paired: no trial had started
            print("Written before the interrupt: none (no trial had started)", file=sys.stderr)
        return 130
    except (OSError, ValueError, TypeError, ImportError, RuntimeError) as exc:
        print(f"hipmech report: error: {_option_names(str(exc))}", file=sys.stderr)
        return 2
    if len(result.trials) == 1:
        for path, rep, files in result.reports:
            print(f"{path.name}: {files['html']}")
            t = result.trials[0]
            if args.static is not None or not args.no_pairing:
                name = t.static.name if t.static is not None else "none"
                print(f"  static trial: {name} ({t.pairing})")
            _print_summary(rep)
            for note in rep.notes:
                if note.startswith("Warning"):
                    print(f"  {note}")
    else:
        _print_cohort(result)
    if result.failures:
        print(f"{len(result.failures)} of {len(result.failures) + len(result.reports)} trial(s) "
              "failed:", file=sys.stderr)
        for path, reason in result.failures:
            print(f"  {path}: {_option_names(reason)}", file=sys.stderr)
        return 1
    return 0


def _print_cohort(result) -> None:
    """A line per trial (status, static, flags), the cohort table and the cohort files."""
    from .report._index import cohort_table

    for t in result.trials:
        if t.status != "ok":
            print(f"{t.trial_id}: FAILED ({t.reason})")
            continue
        flagged = [r["quantity"] for r in t.report.summary.to_dict(orient="records")
                   if str(r["assessment"]).startswith("flagged")]
        static = t.static.name if t.static is not None else "none"
        print(f"{t.trial_id}: ok, static {static}, flagged: {', '.join(flagged) or 'nothing'}")
    table = cohort_table(result.summary())
    print()
    print("Cohort (across trials: the side means' mean ± SD, range; trials flagged):")
    for r in table.to_dict(orient="records"):
        if r["trials"]:
            sd = f" ± {r['sd']:.2f}" if r["sd"] == r["sd"] else ""
            value = (f"{r['mean']:.2f}{sd} [{r['min']:.2f}, {r['max']:.2f}]")
        else:
            value = "n/a"
        print(f"  {r['quantity']:<32} {r['side']:<5} n={r['trials']:<3} {value:<26} "
              f"{r['unit']:<7} flagged {r['trials_flagged']}")
    if result.cohort_files.get("spm_csv"):  # the left vs right SPM's outcome, per curve
        import pandas as pd

        from .report._side_spm import console_lines

        spm = pd.read_csv(result.cohort_files["spm_csv"], dtype={"note": "string"})
        for line in console_lines(spm, str(result.cohort_files.get("index", "index.html"))):
            print(line)
    if result.cohort_files:
        print(f"Cohort page: {result.cohort_files['index']}")
        print("Tables: " + ", ".join(str(p) for k, p in result.cohort_files.items()
                                     if k != "index"))


def _assess(args: argparse.Namespace) -> int:
    """``hipmech assess``: score a session's clinical tests and write the assessment; exit 1
    when a test could not be scored (the others are written), 2 on an error."""
    from .clinic import _assess as A  # imported here: `hipmech --version` stays fast

    out = args.out if args.out is not None else "hipmech_assessment"
    try:
        result = A.assess(args.session)
        files = result.write(out, overwrite=args.overwrite, figures=not args.no_figures)
    except A._OutputInUse as exc:
        print(f"hipmech assess: error: {exc.what}; pass --overwrite to replace it, or choose "
              "another --out folder", file=sys.stderr)
        return 2
    except (OSError, ValueError, TypeError, ImportError, RuntimeError) as exc:
        print(f"hipmech assess: error: {exc}", file=sys.stderr)
        return 2
    sub = result.session.subject
    who = ", ".join(x for x in (sub.date, f"involved {sub.involved}" if sub.involved else "")
                    if x)
    print(f"{sub.id}" + (f" ({who})" if who else "") + f": {files['html']}")
    print(A.format_table(result))
    if result.failed:
        print(f"{len(result.failed)} of {len(result.runs)} test(s) not scored:", file=sys.stderr)
        for r in result.failed:
            print(f"  {r.key}: {r.reason}", file=sys.stderr)
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
                    "moments per stance, left/right asymmetry with bootstrap CIs, the measurement "
                    "uncertainty of every number (Monte Carlo), flags against "
                    "literature thresholds; writes report.html, report.json and PNG figures. "
                    "Given a lab folder, recognises the static trials, pairs each walking "
                    "trial with its own, runs the trials in parallel and writes the cohort "
                    "tables and page (DIR/cohort/: summary.csv, stances.csv, trials.csv, "
                    "index.html). Docs: cohorts.")
    rep.add_argument("trials", metavar="TRIAL", nargs="+",
                     help="C3D files, folders (searched recursively) or glob patterns; static "
                          "trials among them are recognised and paired with the dynamic ones "
                          "(docs: cohorts)")
    rep.add_argument("--static", metavar="STATIC.c3d", default=None,
                     help="one static trial for all trials (Plug-in Gait foot offsets); "
                          "without it each trial's static trial is found by the pairing rules")
    rep.add_argument("--static-map", metavar="CSV", default=None,
                     help="CSV with columns trial,static (paths relative to the CSV's folder; "
                          "an empty static: none) overriding the pairing of the trials it names")
    rep.add_argument("--no-pairing", action="store_true",
                     help="no static trial search: every file is a dynamic trial")
    rep.add_argument("--jobs", metavar="N", type=int, default=None,
                     help="worker processes (default: the CPUs available; 1: one after the "
                          "other in this process)")
    rep.add_argument("--scheduler", metavar="ADDRESS", default=None,
                     help="run on a Dask cluster (e.g. tcp://host:8786); trial files and "
                          "--out must be reachable by the workers at the same paths")
    rep.add_argument("--progress", choices=("auto", "bar", "lines", "off"), default="auto",
                     help="a progress bar with ETA (bar), a line per trial (lines) or nothing; "
                          "auto (default): the bar on a terminal, lines otherwise")
    rep.add_argument("--csv", action="store_true",
                     help="also write each trial's summary.csv and stances.csv beside its "
                          "report.json (several trials always get cohort/summary.csv, "
                          "stances.csv and trials.csv)")
    rep.add_argument("--xlsx", action="store_true",
                     help="also write an Excel workbook: cohort/cohort.xlsx (several trials) "
                          "or report.xlsx (sheets summary, stances; needs pip install "
                          "'hipmech[xlsx]')")
    rep.add_argument("--mass", metavar="KG", type=float, default=None,
                     help="body mass [kg] (default: the file's subject mass)")
    rep.add_argument("--out", metavar="DIR", default=None,
                     help="output directory (default ./hipmech_report; with several trials one "
                          "sub-directory per trial and the cohort files in DIR/cohort/)")
    rep.add_argument("--reference", choices=("left", "right"), default="left",
                     help="reference limb of the asymmetry indices (default left)")
    rep.add_argument("--cutoff", metavar="HZ", type=float, default=6.0,
                     help="low-pass cut-off for markers and forces [Hz] (default 6)")
    rep.add_argument("--events", choices=("auto", "file", "plates", "kinematics"), default="auto",
                     help="gait events: the file's, completed from force plates and the "
                          "kinematics (auto, default), or one source only")
    rep.add_argument("--marker-map", metavar="OLD=NEW,...", default=None,
                     help="rename another lab's markers to Plug-in Gait's, e.g. "
                          "VSAC=SACR,LSHA=LTIB,RSHA=RTIB")
    rep.add_argument("--subject", metavar="FILE", default=None,
                     help="subject measurements (JSON or Vicon .vsk): mass, height, leg lengths, "
                          "knee/ankle widths, ASIS distance; override the file's")
    rep.add_argument("--age", metavar="YEARS", type=float, default=None,
                     help="subject age [years] (default: the file's Age parameter): selects "
                          "age-appropriate thresholds; an adult threshold on a child is caveated")
    rep.add_argument("--uncertainty", choices=("off", "monte_carlo", "linear"),
                     default="monte_carlo",
                     help="measurement uncertainty of every number (marker noise, hip joint "
                          "centre, segment parameters ...; docs: uncertainty): Monte Carlo "
                          "(default), first-order linearisation, or off")
    rep.add_argument("--draws", metavar="N", type=int, default=None,
                     help=f"Monte Carlo draws (default {_DEFAULT_DRAWS}), in [2, 100000] and "
                          "at most what the trial's length allows (every draw's curves are "
                          "kept, 1 GB at most: 17,640 draws for 1,080 frames); only with "
                          "--uncertainty monte_carlo")
    rep.add_argument("--uncertainty-seed", metavar="SEED", type=int, default=1,
                     help="seed of the Monte Carlo draws (default 1)")
    rep.add_argument("--flag-ci", choices=("stride", "combined"), default=None,
                     help="the CI the flags judge: combined (measurement + between-stride; "
                          "the default with --uncertainty) or stride (the bootstrap across "
                          "stances; the default with --uncertainty off)")
    rep.add_argument("--figure-format", choices=("png", "svg"), default="png",
                     help="figure files: 200 dpi PNG (default) or SVG")
    rep.add_argument("--colors", metavar="left=C,right=C", default=None,
                     help="side colours (default left=#d62728 red, right=#2ca02c green)")
    rep.add_argument("--normative", metavar="CSV", default=None,
                     help="normative corridor (columns curve, percent_cycle, mean, sd) drawn "
                          "behind the curves")
    rep.add_argument("--patient", metavar="TEXT", default=None, help="patient field of the header")
    rep.add_argument("--session", metavar="TEXT", default=None, help="session field of the header")
    rep.add_argument("--no-figures", action="store_true", help="skip the figures")
    rep.add_argument("--overwrite", action="store_true",
                     help="replace a report of another trial in the output folder (without it "
                          "that is an error)")
    rep.set_defaults(func=_report)
    ass = sub.add_parser(
        "assess", help="the clinical tests of one session (HTML, JSON, PNG figures)",
        description="Scores the clinical tests a session file names (single-leg stance, "
                    "single-leg squat, hip-abductor strength, Y-Balance, hop tests; change "
                    "from a baseline) and writes assessment.html, assessment.json and PNG "
                    "figures. Docs: assess.")
    ass.add_argument("session", metavar="SESSION",
                     help="the session file: YAML (.yaml/.yml), JSON or CSV (long layout); "
                          "trial and keypoint files relative to its folder")
    ass.add_argument("--out", metavar="DIR", default=None,
                     help="output directory (default ./hipmech_assessment)")
    ass.add_argument("--overwrite", action="store_true",
                     help="replace an assessment of another session in the output folder "
                          "(without it that is an error)")
    ass.add_argument("--no-figures", action="store_true", help="skip the figures")
    ass.set_defaults(func=_assess)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if getattr(args, "func", None) is None:
        parser.print_help(sys.stderr)
        return 2
    try:
        code = int(args.func(args))
        sys.stdout.flush()
    except BrokenPipeError:
        # The reader of stdout went away (`hipmech report ... | head`): as the Python docs'
        # "Note on SIGPIPE" says, point stdout at devnull so that the interpreter's final flush
        # does not fail again, and exit 1, without a traceback.
        import os

        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1
    return code
