"""Real-time biofeedback, replayed: pelvic drop and knee valgus step by step (issue 25).

    python examples/stream_replay.py                 # terminal display, at real-time pace
    python examples/stream_replay.py --fast          # as fast as possible
    python examples/stream_replay.py --plot          # live matplotlib figure
    python examples/stream_replay.py --trial walk.c3d --events kinematics --cutoff 6
    python examples/stream_replay.py --cutoff 0      # no filter (the offline values exactly)

The demo trial is ``hipmech demo``'s synthetic subject (hipmech._demo.DEMO_SETTINGS): a
right-side hip-abductor weakness, 8 degrees of contralateral pelvic drop standing on the right
leg against 4 on the left, and more knee valgus on the right. The trial is pushed frame by frame
through a ``hipmech.stream.Session`` as a marker system would stream it; at each foot off the
session emits that stance's summary, and the display prints one line per step: the side, the
peak contralateral pelvic drop with a bar (the feedback a patient would see), the peak knee
valgus and the stance time. ``--plot`` draws the live pelvic obliquity of both sides and the
per-step drops instead. The markers are low-passed by a causal Butterworth at 10 Hz by default,
the cut-off docs/stream.md advises for feedback (about 22 ms of delay at 100 Hz, against 37 ms
at the offline 6 Hz). After the last frame the session is closed: the stances only the end of
the recording completes (kinematic events held for their minimum separation) are printed then.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any, Optional

import hipmech
from hipmech import stream

BAR_DEG = 12.0  # full bar width [deg]
BAR_CHARS = 30


def bar(value_deg: float, full_deg: float = BAR_DEG, width: int = BAR_CHARS) -> str:
    """A text bar of ``value_deg`` out of ``full_deg`` (empty for NaN or negative values)."""
    if not value_deg == value_deg:  # NaN
        return "?".ljust(width)
    k = int(round(max(0.0, min(value_deg, full_deg)) / full_deg * width))
    return "#" * k + "." * (width - k)


def step_line(s: Any) -> str:
    """One line per stance summary (a StanceSummary or a row of StreamResult.stances): side,
    drop with its bar, valgus, stance time."""
    side = "left " if s.side in (hipmech.Side.LEFT, "left") else "right"
    return (f"{side} step {s.stance:2d}  pelvic drop {s.pelvic_drop_deg:5.1f} deg "
            f"|{bar(s.pelvic_drop_deg)}|  knee valgus {s.knee_valgus_deg:5.1f} deg  "
            f"stance {s.stance_time_s:.2f} s")


def load_trial(path: Optional[str]) -> Any:
    if path:
        return hipmech.io.read_c3d(path)
    from hipmech._demo import DEMO_SETTINGS

    return hipmech.synth.walking(**DEMO_SETTINGS).trial


class LivePlot:
    """Pelvic obliquity of both sides over the last few seconds, and the per-step drops."""

    def __init__(self, rate_hz: float, window_s: float = 4.0) -> None:
        import matplotlib.pyplot as plt

        self.plt = plt
        plt.ion()
        self.fig, (self.ax, self.ax_steps) = plt.subplots(2, 1, figsize=(8, 6))
        self.n = int(window_s * rate_hz)
        self.t: list[float] = []
        self.obl: tuple[list[float], list[float]] = ([], [])
        (self.line_l,) = self.ax.plot([], [], label="left obliquity")
        (self.line_r,) = self.ax.plot([], [], label="right obliquity")
        self.ax.set_ylabel("pelvic obliquity [deg]\n(this side up +)")
        self.ax.set_xlabel("time [s]")
        self.ax.legend(loc="upper right")
        self.ax_steps.set_ylabel("peak pelvic drop [deg]")
        self.ax_steps.set_xlabel("step")
        self.steps: list[tuple[str, float]] = []

    def frame(self, f: Any) -> None:
        self.t.append(f.time_s)
        self.obl[0].append(f.pelvic_obliquity_deg[0])
        self.obl[1].append(f.pelvic_obliquity_deg[1])
        for s in f.stances:
            self.steps.append(("L" if s.side == hipmech.Side.LEFT else "R", s.pelvic_drop_deg))
        if f.frame % 5 == 0 or f.stances:  # redraw at 20 Hz for a 100 Hz trial
            t = self.t[-self.n:]
            self.line_l.set_data(t, self.obl[0][-self.n:])
            self.line_r.set_data(t, self.obl[1][-self.n:])
            self.ax.set_xlim(t[0], max(t[-1], t[0] + 1e-3))
            self.ax.set_ylim(-12, 12)
            if f.stances:
                self.ax_steps.clear()
                self.ax_steps.bar(range(len(self.steps)), [d for _, d in self.steps],
                                  color=["C0" if s == "L" else "C1" for s, _ in self.steps])
                self.ax_steps.set_ylabel("peak pelvic drop [deg]")
                self.ax_steps.set_xlabel("step (blue left, orange right)")
            self.fig.canvas.draw_idle()
            self.fig.canvas.flush_events()


def main(argv: Optional[list[str]] = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--trial", help="a C3D file (default: the demo's synthetic trial)")
    p.add_argument("--fast", action="store_true", help="as fast as possible (no pacing)")
    p.add_argument("--speed", type=float, default=1.0, help="playback speed (default 1.0)")
    p.add_argument("--events", choices=("plates", "kinematics"), default="kinematics",
                   help="online gait events (default kinematics)")
    p.add_argument("--cutoff", type=float, default=10.0,
                   help="causal low-pass cut-off [Hz]; default 10 Hz, the cut-off the docs "
                        "(docs/stream.md) advise for feedback (half the delay of 6 Hz); "
                        "0: no filter")
    p.add_argument("--min-separation", type=float, default=0.3, metavar="S",
                   help="kinematic events: the shortest time between two extremes of one foot "
                        "and kind [s] (default 0.3, as hipmech.events.from_kinematics)")
    p.add_argument("--plot", action="store_true", help="live matplotlib display")
    p.add_argument("--save", help="with --plot: save the final figure to this file")
    a = p.parse_args(argv)

    trial = load_trial(a.trial)
    session = stream.Session.from_trial(trial, events=a.events,
                                        cutoff_hz=a.cutoff if a.cutoff > 0 else None,
                                        min_separation_s=a.min_separation)
    print(f"Streaming {trial.n_frames} frames at {trial.point_rate_hz:g} Hz, events "
          f"{a.events}: filter delay {session.filter_delay_s * 1e3:.0f} ms, event delay at "
          f"most {session.event_delay_bound_s * 1e3:.0f} ms.")
    for note in session.notes:
        print(f"  note: {note}")
    plot = LivePlot(trial.point_rate_hz) if a.plot else None
    n_steps = {"left": [], "right": []}

    def on_frame(f: Any) -> None:
        if plot is not None:
            plot.frame(f)
        for s in f.stances:
            print(step_line(s), flush=True)
            side = "left" if s.side == hipmech.Side.LEFT else "right"
            n_steps[side].append(s.pelvic_drop_deg)

    for _ in stream.replay(trial, session, realtime=not a.fast, speed=a.speed,
                           callback=on_frame):
        pass
    # replay closed the session: the stances only the end of the trial completed.
    closing = session.closing
    if closing is not None and len(closing.stances):
        print(f"at the end of the trial ({len(closing.stances)} more):")
        for s in closing.stances.itertuples():
            print(step_line(s), flush=True)
            n_steps[s.side].append(s.pelvic_drop_deg)
    for side, drops in n_steps.items():
        finite = [d for d in drops if d == d]
        mean = sum(finite) / len(finite) if finite else float("nan")
        print(f"{side}: {len(drops)} steps, mean peak pelvic drop {mean:.1f} deg")
    if plot is not None and a.save:
        plot.fig.savefig(a.save)
    return 0


if __name__ == "__main__":
    sys.exit(main())
