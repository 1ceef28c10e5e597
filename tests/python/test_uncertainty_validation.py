"""Validation of hipmech.uncertainty against a known truth, through the Python API (issue 26).

The truth is known because the trial is synthetic: ``synth.walking`` with the same seed and
``marker_noise_m=0`` gives the same walk without noise (its noise is drawn after the motion;
checked below), and the nominal analysis of that noise-free walk is the truth the measured
analysis of the noisy one estimates. With marker noise the only error, the 95 % bands
(value ± 1.96 sd, the linearisation) must contain the truth in 95 % of the frames and of the
per-stance peaks.

The hip-joint-centre half of the issue's validation (a known regression error drawn from the
model's distribution) needs the analysis run with a moved hip centre, which only the C++
pipeline offers: ``tests/cpp/uncertainty/test_validation.cpp`` and
``benchmarks/validation_coverage.cpp`` (docs: uncertainty-model, "Validation").
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from hipmech import synth, uncertainty as U

SIGMA = 0.001  # m, the noise injected and the model's
SEEDS = range(21, 29)  # 8 one-stride walks
SETTINGS = dict(n_resamples=20, events="file")  # the file's events: the same stances
Z = U.z_value(0.95)


def _noise_model() -> U.UncertaintyModel:
    m = U.UncertaintyModel.none()
    return U.UncertaintyModel(**{**m.to_dict(), "marker_noise_m": SIGMA})


@pytest.fixture(scope="module")
def replicates():
    """Per seed: the truth's and the measurement's frames and stances tables."""
    out = []
    for seed in SEEDS:
        clean = synth.walking(n_strides=1, marker_noise_m=0.0, seed=seed)
        noisy = synth.walking(n_strides=1, marker_noise_m=SIGMA, seed=seed)
        truth = U.propagate(clean.trial, model=U.UncertaintyModel.none(), method="linear",
                            **SETTINGS)
        measured = U.propagate(noisy.trial, model=_noise_model(), method="linear", **SETTINGS)
        out.append((clean, noisy, truth, measured))
    return out


def test_same_seed_same_walk(replicates):
    # The noisy walk is the noise-free one plus white noise of SD sigma (pooled over markers,
    # frames and coordinates; 4 SD ~ the largest of ~10^4 normal draws).
    clean, noisy = replicates[0][0], replicates[0][1]
    d = np.concatenate([(np.asarray(noisy.trial.markers[n]) - np.asarray(clean.trial.markers[n]))
                        .ravel() for n in clean.trial.markers])
    d = d[np.isfinite(d)]
    assert abs(np.std(d) / SIGMA - 1) < 0.03  # SE of an SD over > 10^4 draws: < 1 %
    assert abs(np.mean(d)) < 3 * SIGMA / math.sqrt(d.size)
    assert np.max(np.abs(d)) < 6 * SIGMA


def _covered(truth_value, value, sd):
    ok = np.isfinite(truth_value) & np.isfinite(value) & np.isfinite(sd)
    return np.abs(truth_value - value)[ok] <= Z * sd[ok]


def test_noise_bands_cover_the_truth_frames(replicates):
    # Coverage over every frame of every curve and side. Filtered noise is correlated over
    # about the filter's impulse response (a 6 Hz Butterworth at 100 Hz: ~20 frames), so the
    # standard error is taken over blocks of 25 frames of one curve and side as the units.
    blocks = []
    for _, _, truth, measured in replicates:
        t, m = truth.frames, measured.frames
        assert (t[["curve", "side", "frame"]].to_numpy() ==
                m[["curve", "side", "frame"]].to_numpy()).all()
        inside = np.abs(t["value"] - m["value"]) <= Z * m["sd"]
        ok = np.isfinite(t["value"]) & np.isfinite(m["value"]) & np.isfinite(m["sd"])
        for _, g in m[ok].assign(inside=inside[ok]).groupby(["curve", "side"]):
            x = g["inside"].to_numpy()
            for b in range(0, x.size - 24, 25):
                blocks.append(x[b:b + 25].mean())
    blocks = np.asarray(blocks)
    coverage = blocks.mean()
    se = blocks.std(ddof=1) / math.sqrt(blocks.size)
    # 95 % within 3 standard errors plus 1 % (the linearisation's own approximation).
    assert blocks.size > 500
    assert abs(coverage - 0.95) <= 3 * se + 0.01, (coverage, se)


def test_noise_bands_cover_the_truth_peaks(replicates):
    inside = []
    for _, _, truth, measured in replicates:
        t, m = truth.stances, measured.stances
        assert (t[["side", "stance", "quantity"]].to_numpy() ==
                m[["side", "stance", "quantity"]].to_numpy()).all()
        inside.append(_covered(t["value"].to_numpy(), m["value"].to_numpy(), m["sd"].to_numpy()))
    inside = np.concatenate(inside)
    n = inside.size
    coverage = inside.mean()
    # The peaks of different stances and quantities are nearly independent under white noise:
    # a binomial standard error.
    se = math.sqrt(0.95 * 0.05 / n)
    assert n >= 80
    assert abs(coverage - 0.95) <= 3 * se + 0.01, (coverage, n)
