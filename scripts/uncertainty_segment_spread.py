#!/usr/bin/env python3
"""Spread of the body-segment-parameter tables hipmech carries, for the uncertainty model.

Reads the thigh, shank and foot rows of src/dynamics/segment_parameters.cpp (de Leva 1996
male and female, Dempster after Winter 2009, Dumas et al. 2007 male and female) and prints,
per segment and pooled over the three segments (root mean square), the defaults of
hipmech::uncertainty::UncertaintyModel (docs/uncertainty-model.md, "Segment parameters"):

- segment_mass_cv: sample SD of the mass fraction over the five tables / their mean;
- segment_com_sd_fraction: sample SD of the centre of mass along the long axis, from the
  proximal endpoint, as a fraction of the segment length;
- segment_gyration_cv: sample SD of the radius of gyration about the axes across the segment
  (mean of the two transverse radii of a 3-D table) / their mean.

Plug-in Gait's row is left out: its masses and centres of mass are Dempster's (counting them
twice would weight Dempster double) and its radii are Dempster's radii about the proximal end
applied about the centre of mass (a convention of Vicon's, not an independent estimate).

Usage: python scripts/uncertainty_segment_spread.py
"""

from __future__ import annotations

import math
import re
import statistics
from pathlib import Path

SOURCE = Path(__file__).resolve().parents[1] / "src" / "dynamics" / "segment_parameters.cpp"
SEGMENTS = ("thigh", "shank", "foot")


def _rows(text: str, function: str) -> list[str]:
    """The argument lists of every call `function(...)` (calls span lines; no nested calls)."""
    out = []
    for m in re.finditer(function + r"\((.*?)\)(?:,|\s*\})", text, flags=re.S):
        out.append(re.sub(r"//", " ", m.group(1)))
    return out


def _args(call: str) -> list[str]:
    return [a.strip() for a in call.replace("\n", " ").split(",")]


def _table_block(text: str, start: str, end: str) -> str:
    i = text.index(start)
    j = text.index(end, i)
    return text[i:j]


def read_tables() -> dict[str, dict[str, tuple[float, float, float]]]:
    """Per table, per segment: (mass fraction, CoM fraction along the long axis, radius of
    gyration across the segment as a fraction of the length)."""
    text = SOURCE.read_text()
    tables: dict[str, dict[str, tuple[float, float, float]]] = {}

    de_leva = _table_block(text, "const BspTableInfo& de_leva_table", "const BspTableInfo& dempster")
    male, female = de_leva.split("female_rows[] =")
    for name, block in (("de_leva_male", male), ("de_leva_female", female)):
        rows = {}
        for call in _rows(block, "de_leva_row"):
            a = _args(call)
            seg = a[0].strip('"')
            if seg in SEGMENTS:
                mass, com, r_sag, r_trans = (float(a[i]) / 100 for i in (4, 5, 6, 7))
                rows[seg] = (mass, com, 0.5 * (r_sag + r_trans))
        tables[name] = rows

    dempster = _table_block(text, "const BspTableInfo& dempster_winter_table",
                            "const BspTableInfo& dumas_table")
    rows = {}
    for call in _rows(dempster, "dempster_row"):
        a = _args(call)
        seg = a[0].strip('"')
        if seg in SEGMENTS:
            rows[seg] = (float(a[4]), abs(float(a[5])), float(a[6]))
    tables["dempster_winter"] = rows

    dumas = _table_block(text, "const BspTableInfo& dumas_table", "const BspTableInfo& plug_in_gait")
    male, female = dumas.split("female_rows[] =")
    for name, block in (("dumas_male", male), ("dumas_female", female)):
        rows = {}
        for call in _rows(block, "dumas_row"):
            a = _args(call)
            seg = a[0].strip('"')
            if seg not in SEGMENTS:
                continue
            v = [float(x) / 100 for x in a[4:14]]
            mass, cx, cy, cz, rxx, ryy, rzz = v[:7]
            if seg == "foot":  # long axis X (ankle centre to metatarsal heads)
                rows[seg] = (mass, abs(cx), 0.5 * (ryy + rzz))
            else:  # long axis Y
                rows[seg] = (mass, abs(cy), 0.5 * (rxx + rzz))
        tables[name] = rows
    return tables


def main() -> None:
    tables = read_tables()
    names = list(tables)
    print("tables:", ", ".join(names))
    mass_cv, com_sd, gyr_cv = [], [], []
    print(f"{'segment':8s} {'mass mean':>10s} {'mass CV':>8s} {'CoM mean':>9s} {'CoM SD':>7s} "
          f"{'r mean':>7s} {'r CV':>6s}")
    for seg in SEGMENTS:
        m = [tables[t][seg][0] for t in names]
        c = [tables[t][seg][1] for t in names]
        r = [tables[t][seg][2] for t in names]
        mass_cv.append(statistics.stdev(m) / statistics.mean(m))
        com_sd.append(statistics.stdev(c))
        gyr_cv.append(statistics.stdev(r) / statistics.mean(r))
        print(f"{seg:8s} {statistics.mean(m):10.4f} {mass_cv[-1]:8.3f} {statistics.mean(c):9.3f} "
              f"{com_sd[-1]:7.3f} {statistics.mean(r):7.3f} {gyr_cv[-1]:6.3f}")

    def rms(x: list[float]) -> float:
        return math.sqrt(sum(v * v for v in x) / len(x))

    print(f"pooled (RMS over thigh, shank, foot): segment_mass_cv = {rms(mass_cv):.3f}, "
          f"segment_com_sd_fraction = {rms(com_sd):.3f}, segment_gyration_cv = {rms(gyr_cv):.3f}")


if __name__ == "__main__":
    main()
