"""hipmech.stats agreement functions (python/hipmech/stats/_agreement.py) against independent
peers and published numbers:

- Bland-Altman: numpy/scipy formulas written here (Bland & Altman 1986/1999), scipy.stats.nct
  for the exact limits (Carkeet 2015), scipy.stats.linregress for proportional bias; the 1986
  peak-flow example; Natrella's one-sided tolerance factors; the exact interval's coverage by
  simulation;
- 2x2 tables: scipy.stats.contingency.odds_ratio(kind="sample") and relative_risk, and
  statsmodels' confint_proportions_2indep(method="wald") for the risk difference;
- meta-analysis: statsmodels.stats.meta_analysis.combine_effects(method_re="dl"); the BCG
  trials as checked by metafor against Stata's metan; Kacker's example as run through metafor;
- change: scipy.stats.ttest_rel and the t interval of the mean change.
"""

from __future__ import annotations

import math
import re
import warnings

import numpy as np
import pandas as pd
import pytest
from scipy import stats as sps
from scipy.stats import contingency as spc

import hipmech
from hipmech import stats

N_RANDOM = 150  # random datasets per function

# Bland JM, Altman DG (1986). Lancet i:307-310, Table 1: peak expiratory flow rate [l/min] of 17
# subjects, first reading with the Wright and with the mini Wright meter. The paper gives a mean
# difference of -2.1 l/min, an SD of 38.8 l/min, limits -79.7 to 75.5 with 2 SD, and the CI of
# the bias -2.1 -/+ 2.12 x 9.4 = -22.0 to 17.8 l/min.
WRIGHT = [494, 395, 516, 434, 476, 557, 413, 442, 650, 433, 417, 656, 267, 478, 178, 423, 427]
MINI = [512, 430, 520, 428, 500, 600, 364, 380, 658, 445, 432, 626, 260, 477, 259, 350, 451]

# The BCG vaccine trials (Colditz et al. 1994, JAMA 271:698-702; metafor's dat.bcg): tpos, tneg,
# cpos, cneg per trial.
BCG = [(4, 119, 11, 128), (6, 300, 29, 274), (3, 228, 11, 209), (62, 13536, 248, 12619),
       (33, 5036, 47, 5761), (180, 1361, 372, 1079), (8, 2537, 10, 619),
       (505, 87886, 499, 87892), (29, 7470, 45, 7232), (17, 1699, 65, 1600),
       (186, 50448, 141, 27197), (5, 2493, 3, 2338), (27, 16886, 29, 17825)]


def _close(actual, expected, rel=1e-9, abs_=1e-12):
    assert actual == pytest.approx(expected, rel=rel, abs=abs_)


# ---- Bland-Altman ----------------------------------------------------------------------------

def _ba_reference(a, b, confidence, agreement, percent):
    """Bland & Altman's formulas written out with numpy/scipy."""
    a = np.asarray(a, float)
    b = np.asarray(b, float)
    m = (a + b) / 2
    d = a - b
    if percent:
        d = 100 * d / m
    n = d.size
    bias, sd = d.mean(), d.std(ddof=1)
    t = sps.t.ppf(0.5 + confidence / 2, n - 1)
    z = sps.norm.ppf(0.5 + agreement / 2)
    se_loa = sd * math.sqrt(1 / n + z * z / (2 * (n - 1)))
    alpha = 1 - confidence
    k_lo = sps.nct.ppf(alpha / 2, n - 1, z * math.sqrt(n)) / math.sqrt(n)
    k_hi = sps.nct.ppf(1 - alpha / 2, n - 1, z * math.sqrt(n)) / math.sqrt(n)
    return dict(bias=bias, sd=sd, ci=(bias - t * sd / math.sqrt(n), bias + t * sd / math.sqrt(n)),
                loa=(bias - z * sd, bias + z * sd),
                approx_low=(bias - z * sd - t * se_loa, bias - z * sd + t * se_loa),
                approx_high=(bias + z * sd - t * se_loa, bias + z * sd + t * se_loa),
                exact_low=(bias - k_hi * sd, bias - k_lo * sd),
                exact_high=(bias + k_lo * sd, bias + k_hi * sd),
                lr=sps.linregress(m, d), m=m, d=d)


def test_bland_altman_against_formulas_on_random_data():
    rng = np.random.default_rng(20240611)
    worst = 0.0
    for _ in range(N_RANDOM):
        n = int(rng.integers(3, 80))
        truth = rng.normal(100, 20, n)
        a = truth + rng.normal(rng.normal(0, 3), rng.uniform(0.5, 8), n)
        b = truth * rng.uniform(0.9, 1.1) + rng.normal(0, rng.uniform(0.5, 8), n)
        confidence = float(rng.choice([0.9, 0.95, 0.99]))
        agreement = float(rng.choice([0.9, 0.95]))
        percent = bool(rng.random() < 0.3)
        ref = _ba_reference(a, b, confidence, agreement, percent)
        ex = stats.bland_altman(a, b, confidence=confidence, agreement=agreement, percent=percent)
        ap = stats.bland_altman(a, b, confidence=confidence, agreement=agreement, percent=percent,
                                loa_ci="approximate")
        _close(ex.bias, ref["bias"])
        _close(ex.sd, ref["sd"])
        _close(ex.bias_ci, ref["ci"])
        _close(ex.limits, ref["loa"])
        _close(ap.loa_low_ci, ref["approx_low"])
        _close(ap.loa_high_ci, ref["approx_high"])
        # scipy's nct quantile is accurate to ~1e-8 relative in this range.
        _close(ex.loa_low_ci, ref["exact_low"], rel=1e-7)
        _close(ex.loa_high_ci, ref["exact_high"], rel=1e-7)
        worst = max(worst, abs(ex.loa_high_ci_high - ref["exact_high"][1]) / ref["sd"])
        lr = ref["lr"]
        _close(ex.slope, lr.slope, rel=1e-9, abs_=1e-12)
        _close(ex.intercept, lr.intercept, rel=1e-9, abs_=1e-9)
        _close(ex.slope_se, lr.stderr, rel=1e-9, abs_=1e-12)
        _close(ex.slope_p_value, lr.pvalue, rel=1e-8, abs_=1e-12)
        np.testing.assert_allclose(ex.means, ref["m"], rtol=1e-15)
        np.testing.assert_allclose(ex.differences, ref["d"], rtol=1e-12, atol=1e-12)
        assert ex.n == n and ex.note == ""
    assert worst < 1e-6


def test_bland_altman_reproduces_the_1986_peak_flow_example():
    r = stats.bland_altman(WRIGHT, MINI)  # Bland & Altman 1986, see the top of the file
    assert r.bias == pytest.approx(-2.1, abs=0.05)
    assert r.sd == pytest.approx(38.8, abs=0.05)
    assert r.bias_ci == pytest.approx((-22.0, 17.8), abs=0.1)
    assert r.limits == pytest.approx((-78.1, 73.9), abs=0.1)  # 1.96 SD
    two_sd = stats.bland_altman(WRIGHT, MINI, agreement=math.erf(2 / math.sqrt(2)))
    assert two_sd.z == pytest.approx(2.0)
    assert two_sd.limits == pytest.approx((-79.7, 75.5), abs=0.1)  # the paper's 2 SD limits
    # The exact interval is wider than the approximate one at n = 17 (Carkeet 2015).
    ap = stats.bland_altman(WRIGHT, MINI, loa_ci="approximate")
    assert r.loa_low_ci_low < ap.loa_low_ci_low and r.loa_high_ci_high > ap.loa_high_ci_high


@pytest.mark.parametrize("n, k", [(10, 2.911), (15, 2.566), (20, 2.396), (30, 2.220)])
def test_exact_interval_coefficients_are_natrella_tolerance_factors(n, k):
    # Natrella (1963), Experimental Statistics, NBS Handbook 91, Table A-7: one-sided normal
    # tolerance factors K for 95 % coverage with 95 % confidence. agreement 0.90 gives the
    # 95 % one-sided coverage (z = 1.645), confidence 0.90 the 95 % one-sided confidence.
    rng = np.random.default_rng(n)
    a = rng.normal(0, 1, n)
    r = stats.bland_altman(a, np.zeros(n), confidence=0.90, agreement=0.90)
    assert (r.loa_high_ci_high - r.bias) / r.sd == pytest.approx(k, abs=5e-4)
    assert (r.bias - r.loa_low_ci_low) / r.sd == pytest.approx(k, abs=5e-4)


def test_exact_interval_has_its_nominal_coverage():
    # Simulation: normal differences, n = 8; each one-sided end of the exact 95 % CI of the
    # upper limit mu + 1.96 sigma must miss with probability 2.5 % (the approximate method is
    # known to undercover at small n; Carkeet & Goh 2018, Stat Methods Med Res 27:1559-1574).
    n, reps = 8, 40000
    rng = np.random.default_rng(7)
    r = stats.bland_altman(rng.normal(size=n), np.zeros(n))
    k_lo = (r.loa_high_ci_low - r.bias) / r.sd
    k_hi = (r.loa_high_ci_high - r.bias) / r.sd
    d = rng.normal(0.0, 1.0, (reps, n))
    mean, sd = d.mean(axis=1), d.std(axis=1, ddof=1)
    upper_limit = sps.norm.ppf(0.975)
    above = np.mean(mean + k_hi * sd < upper_limit)
    below = np.mean(mean + k_lo * sd > upper_limit)
    se = math.sqrt(0.025 * 0.975 / reps)
    assert above == pytest.approx(0.025, abs=4 * se)
    assert below == pytest.approx(0.025, abs=4 * se)


def test_bland_altman_missing_policy_and_inputs():
    a = np.array(WRIGHT, float)
    a[4] = np.nan
    r = stats.bland_altman(a, MINI)
    assert math.isnan(r.bias) and r.n_missing == 1 and "1 of 17 pairs" in r.note
    assert math.isnan(r.differences[4]) and r.differences[0] == -18
    omit = stats.bland_altman(a, MINI, missing="omit")
    ref = stats.bland_altman(np.delete(a, 4), np.delete(np.array(MINI, float), 4))
    assert omit.bias == pytest.approx(ref.bias) and omit.n == 16 and omit.n_missing == 1
    with pytest.raises(ValueError, match="argument 'a'"):
        stats.bland_altman(a, MINI, missing="raise")
    # pandas Series and masked arrays (masked = missing) are accepted.
    s = stats.bland_altman(pd.Series(WRIGHT), pd.Series(MINI))
    assert s.bias == pytest.approx(stats.bland_altman(WRIGHT, MINI).bias)
    masked = np.ma.masked_array(WRIGHT, mask=[i == 4 for i in range(17)])
    mr = stats.bland_altman(masked, MINI, missing="omit")
    assert mr.bias == pytest.approx(ref.bias) and math.isnan(mr.a[4])
    df = stats.bland_altman(WRIGHT, MINI, percent=True).to_dataframe()
    assert list(df.columns) == ["a", "b", "mean", "difference_percent"] and len(df) == 17
    summary = r.summary()
    assert list(summary["statistic"])[:3] == ["bias", "lower limit of agreement",
                                               "upper limit of agreement"]


@pytest.mark.parametrize("kwargs, arg", [
    (dict(b=MINI[:5]), "b"),
    (dict(confidence=1.0), "confidence"),
    (dict(confidence="0.95"), "confidence"),
    (dict(agreement=0), "agreement"),
    (dict(loa_ci="carkeet"), "loa_ci"),
    (dict(missing="drop"), "missing"),
    (dict(percent="yes"), "percent"),
    (dict(b=[1.0] * 16 + [np.inf]), "b"),
    (dict(b=["x"] * 17), "b"),
])
def test_bland_altman_bad_input_names_the_argument(kwargs, arg):
    args = dict(a=WRIGHT, b=MINI)
    args.update(kwargs)
    a, b = args.pop("a"), args.pop("b")
    with pytest.raises(hipmech.InvalidArgumentError, match=f"argument '{arg}'") as e:
        stats.bland_altman(a, b, **args)
    assert isinstance(e.value, ValueError) and e.value.argument == arg


# ---- 2x2 tables ------------------------------------------------------------------------------

def _random_tables(rng, count, allow_zero=False):
    low = 0 if allow_zero else 1
    for _ in range(count):
        scale = int(rng.choice([10, 100, 1000]))
        yield [int(v) for v in rng.integers(low, scale, 4)]


def test_odds_ratio_and_relative_risk_against_scipy():
    rng = np.random.default_rng(11)
    for a, b, c, d in _random_tables(rng, N_RANDOM):
        conf = float(rng.choice([0.9, 0.95, 0.99]))
        o = stats.odds_ratio(a, b, c, d, confidence=conf)
        ref = spc.odds_ratio([[a, b], [c, d]], kind="sample")
        ci = ref.confidence_interval(confidence_level=conf)
        _close(o.estimate, ref.statistic, rel=1e-12)
        _close(o.ci, (ci.low, ci.high), rel=1e-10)
        rr = stats.relative_risk([[a, b], [c, d]], confidence=conf)
        ref = spc.relative_risk(a, a + b, c, c + d)
        ci = ref.confidence_interval(confidence_level=conf)
        _close(rr.estimate, ref.relative_risk, rel=1e-12)
        _close(rr.ci, (ci.low, ci.high), rel=1e-10)
        assert not o.corrected and o.note == "" and rr.note == ""


def test_risk_difference_against_statsmodels_wald():
    from statsmodels.stats.proportion import confint_proportions_2indep

    rng = np.random.default_rng(12)
    for a, b, c, d in _random_tables(rng, N_RANDOM):
        conf = float(rng.choice([0.9, 0.95, 0.99]))
        r = stats.risk_difference(np.array([[a, b], [c, d]]), confidence=conf)
        low, high = confint_proportions_2indep(a, a + b, c, c + d, method="wald",
                                               compare="diff", alpha=1 - conf)
        _close(r.estimate, a / (a + b) - c / (c + d), rel=1e-12, abs_=1e-15)
        _close(r.ci, (low, high), rel=1e-10, abs_=1e-12)
        p1, p0 = a / (a + b), c / (c + d)
        se = math.sqrt(p1 * (1 - p1) / (a + b) + p0 * (1 - p0) / (c + d))
        _close(r.p_value, 2 * sps.norm.sf(abs(r.estimate) / se), rel=1e-9, abs_=1e-300)


def test_zero_cells_haldane_against_statsmodels_table2x2():
    from statsmodels.stats.contingency_tables import Table2x2

    rng = np.random.default_rng(13)
    seen = 0
    for cells in _random_tables(rng, 3 * N_RANDOM, allow_zero=True):
        cells[int(rng.integers(0, 4))] = 0  # at least one zero cell
        if cells[0] + cells[1] == 0 or cells[2] + cells[3] == 0:
            continue
        seen += 1
        t = np.array(cells, float).reshape(2, 2)
        ref = Table2x2(t + 0.5)  # Haldane 1956: 0.5 added to every cell
        o = stats.odds_ratio(t)
        assert o.corrected and "Haldane" in o.note
        _close(o.estimate, ref.oddsratio, rel=1e-12)
        _close(o.ci, tuple(ref.oddsratio_confint(alpha=0.05)), rel=1e-10)
        rr = stats.relative_risk(t)
        _close(rr.estimate, ref.riskratio, rel=1e-12)
        _close(rr.ci, tuple(ref.riskratio_confint(alpha=0.05)), rel=1e-10)
        none = stats.odds_ratio(t, correction="none")
        assert math.isnan(none.estimate) and "zero cell" in none.note
    assert seen >= 100


def test_bcg_per_trial_log_ratios_match_metafor():
    # metafor's escalc(measure = "OR") output printed on its van Houwelingen et al. (2002)
    # analysis page (metafor-project.org, analyses:vanhouwelingen2002), trials 1-7.
    yi = [-0.9387, -1.6662, -1.3863, -1.4564, -0.2191, -0.9581, -1.6338]
    vi = [0.3571, 0.2081, 0.4334, 0.0203, 0.0520, 0.0099, 0.2270]
    for cells, y, v in zip(BCG, yi, vi):
        r = stats.odds_ratio(*cells)
        assert r.log_estimate == pytest.approx(y, abs=5e-5)
        assert r.se ** 2 == pytest.approx(v, abs=5e-5)


@pytest.mark.parametrize("call, arg", [
    (lambda: stats.odds_ratio(1, 2, 3, -4), "d"),
    (lambda: stats.odds_ratio(1, 2, "x", 4), "c"),
    (lambda: stats.relative_risk([[1, 2], [3, np.nan]]), "table[1, 1]"),
    (lambda: stats.relative_risk([1, 2, 3, 4]), "table"),
    (lambda: stats.risk_difference(1, 2, 3), "table"),
    (lambda: stats.risk_difference([[0, 0], [3, 4]]), "table"),
    (lambda: stats.odds_ratio(1, 2, 3, 4, correction="yates"), "correction"),
    (lambda: stats.odds_ratio(1, 2, 3, 4, confidence=95), "confidence"),
    (lambda: stats.odds_ratio(None, 2, 3, 4), "a"),
])
def test_tables_bad_input_names_the_argument(call, arg):
    with pytest.raises(hipmech.InvalidArgumentError, match=f"argument '{re.escape(arg)}'"):
        call()


def test_real_counts_and_result_fields():
    r = stats.relative_risk(2.5, 7.5, 1.25, 8.75)
    assert r.estimate == pytest.approx(2.0)
    assert r.table == (2.5, 7.5, 1.25, 8.75)
    assert r.measure == "relative risk" and r.ci_method == "log (Katz) Wald"
    rd = stats.risk_difference([[0, 5], [5, 0]], correction="none")
    assert rd.estimate == -1 and rd.se == 0 and math.isnan(rd.p_value)


# ---- meta-analysis ---------------------------------------------------------------------------

def test_meta_analysis_against_statsmodels_combine_effects():
    # statsmodels 0.14-0.15 leaves the DerSimonian-Laird moment estimate untruncated
    # (_fit_tau_mm returns (Q - df) / C even when negative), and I^2 likewise, whereas
    # DerSimonian & Laird (1986) and metafor truncate both at 0. Where statsmodels' tau^2 is
    # negative, hipmech's is 0 and its random-effects model equals the fixed-effect one;
    # everything else is compared with statsmodels.
    from statsmodels.stats.meta_analysis import combine_effects

    rng = np.random.default_rng(21)
    full = 0
    for i in range(2 * N_RANDOM):
        k = int(rng.integers(2, 30))
        v = rng.uniform(0.005, 0.5, k)
        tau2_true = float(rng.choice([0.0, 0.05, 0.2, 1.0]))
        y = rng.normal(rng.normal(0, 1), np.sqrt(v + tau2_true))
        conf = float(rng.choice([0.9, 0.95]))
        if i % 2:
            r = stats.meta_analysis(y, se=np.sqrt(v), confidence=conf)
        else:
            r = stats.meta_analysis(y, v, confidence=conf)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            ref = combine_effects(y, v, method_re="dl", alpha=1 - conf)
            ci = ref.conf_int(alpha=1 - conf, use_t=False)  # fixed, random, fixed/random wls
            hom = ref.test_homogeneity()
        _close(r.fixed_estimate, ref.mean_effect_fe, rel=1e-10, abs_=1e-12)
        _close(r.fixed_se, ref.sd_eff_w_fe, rel=1e-10)
        _close(r.fixed_ci, (ci[0][0], ci[0][1]), rel=1e-10, abs_=1e-12)
        _close(r.q, ref.q, rel=1e-10, abs_=1e-12)
        _close(r.q_p_value, hom.pvalue, rel=1e-8, abs_=1e-14)
        _close(r.i2_percent, 100 * max(0.0, ref.i2), rel=1e-9, abs_=1e-9)  # I^2 truncated at 0
        np.testing.assert_allclose(r.weights_fixed_percent, 100 * ref.weights_rel_fe, rtol=1e-10)
        assert r.k == k and r.h2 == pytest.approx(ref.q / (k - 1))
        if ref.tau2 >= 0:
            full += 1
            _close(r.tau2, ref.tau2, rel=1e-9, abs_=1e-12)
            _close(r.random_estimate, ref.mean_effect_re, rel=1e-10, abs_=1e-12)
            _close(r.random_se, ref.sd_eff_w_re, rel=1e-10)
            _close(r.random_ci, (ci[1][0], ci[1][1]), rel=1e-10, abs_=1e-12)
            np.testing.assert_allclose(r.weights_random_percent, 100 * ref.weights_rel_re,
                                       rtol=1e-10)
        else:
            assert r.tau2 == 0.0 and r.i2_percent == 0.0
            _close(r.random_estimate, r.fixed_estimate, rel=1e-14, abs_=1e-15)
            _close(r.random_ci, r.fixed_ci, rel=1e-14, abs_=1e-15)
        if k >= 3:
            t = sps.t.ppf(0.5 + conf / 2, k - 2)
            half = t * math.sqrt(r.tau2 + r.random_se ** 2)
            _close(r.prediction_interval, (r.random_estimate - half, r.random_estimate + half))
        else:
            assert math.isnan(r.prediction_low) and "prediction" in r.note
    assert full >= N_RANDOM


def test_meta_analysis_reproduces_bcg_dl_as_metafor_and_metan():
    # metafor tests/testthat/test_misc_metan_vs_rma.uni_with_dat.bcg.r: rma(method = "DL") on
    # escalc(measure = "RR") equals Stata's metan: random -0.7141 (-1.0644, -0.3638), z -3.9952,
    # tau^2 0.3088, I^2 92.1173 %; fixed -0.4303 (-0.5097, -0.3509), z -10.6247, Q 152.2330.
    rr = [stats.relative_risk(*cells) for cells in BCG]
    y = [r.log_estimate for r in rr]
    se = [r.se for r in rr]
    m = stats.meta_analysis(y, se=se, labels=[f"trial {i + 1}" for i in range(13)])
    assert m.random_estimate == pytest.approx(-0.7141, abs=5e-5)
    assert m.random_ci == pytest.approx((-1.0644, -0.3638), abs=5e-5)
    assert m.random_z == pytest.approx(-3.9952, abs=5e-5)
    assert m.tau2 == pytest.approx(0.3088, abs=5e-5)
    assert m.i2_percent == pytest.approx(92.1173, abs=5e-5)
    assert m.fixed_estimate == pytest.approx(-0.4303, abs=5e-5)
    assert m.fixed_ci == pytest.approx((-0.5097, -0.3509), abs=5e-5)
    assert m.fixed_z == pytest.approx(-10.6247, abs=5e-5)
    assert m.q == pytest.approx(152.2330, abs=5e-5)
    # Same file, measure = "OR": random -0.7474, tau^2 0.3663, I^2 92.6455 %.
    orr = [stats.odds_ratio(*cells) for cells in BCG]
    mo = stats.meta_analysis([r.log_estimate for r in orr], [r.se ** 2 for r in orr])
    assert mo.random_estimate == pytest.approx(-0.7474, abs=5e-5)
    assert mo.tau2 == pytest.approx(0.3663, abs=5e-5)
    assert mo.i2_percent == pytest.approx(92.6455, abs=5e-5)
    df = m.to_dataframe()
    assert df.index.name == "study" and df.index[0] == "trial 1" and len(df) == 13
    assert df["weight_random_percent"].sum() == pytest.approx(100.0)
    assert m.studies.equals(df)


def test_meta_analysis_reproduces_kacker_example_through_metafor():
    # statsmodels/stats/tests/results/results_meta.py, exk1_dl: Kacker (2004) run through
    # metafor's rma(method = "DL").
    y = [61.0, 61.4, 62.21, 62.3, 62.34, 62.6, 62.7, 62.84, 65.9]
    v = [0.2025, 1.2100, 0.0900, 0.2025, 0.3844, 0.5625, 0.0676, 0.0225, 1.8225]
    m = stats.meta_analysis(pd.Series(y, index=list("ABCDEFGHI")), v)
    assert m.tau2 == pytest.approx(0.288049246973751, abs=1e-10)
    assert m.random_estimate == pytest.approx(62.3901386044504, abs=1e-10)
    assert m.random_se == pytest.approx(0.245749668040304, abs=1e-10)
    assert m.random_ci == pytest.approx((61.9084781058787, 62.8717991030221), abs=1e-9)
    assert m.q == pytest.approx(24.801897741835, abs=1e-9)
    assert m.q_p_value == pytest.approx(0.00167935146372742, abs=1e-12)
    assert m.i2_percent == pytest.approx(67.744403741711, abs=1e-8)
    assert m.h2 == pytest.approx(3.10023721772938, abs=1e-10)
    assert m.labels == list("ABCDEFGHI")  # taken from the Series' index


@pytest.mark.parametrize("call, arg", [
    (lambda: stats.meta_analysis([0.1], [0.01]), "effects"),
    (lambda: stats.meta_analysis([0.1, 0.2], [0.01, 0.0]), "variances"),
    (lambda: stats.meta_analysis([0.1, 0.2], [0.01, -1]), "variances"),
    (lambda: stats.meta_analysis([0.1, 0.2], [0.01]), "variances"),
    (lambda: stats.meta_analysis([0.1, np.nan], [0.01, 0.02]), "effects"),
    (lambda: stats.meta_analysis([0.1, 0.2], se=[0.1, 0.0]), "se"),
    (lambda: stats.meta_analysis([0.1, 0.2]), "variances"),
    (lambda: stats.meta_analysis([0.1, 0.2], [0.1, 0.1], se=[0.1, 0.1]), "variances"),
    (lambda: stats.meta_analysis([0.1, 0.2], [0.1, 0.1], labels=["x"]), "labels"),
    (lambda: stats.meta_analysis([0.1, 0.2], [0.1, 0.1], confidence=0), "confidence"),
])
def test_meta_analysis_bad_input_names_the_argument(call, arg):
    with pytest.raises(hipmech.InvalidArgumentError, match=f"argument '{arg}'"):
        call()


# ---- change ----------------------------------------------------------------------------------

def test_change_against_scipy_paired_t():
    rng = np.random.default_rng(31)
    for _ in range(N_RANDOM):
        n = int(rng.integers(2, 60))
        base = rng.normal(1.5, 0.4, n)  # hip abduction torque [N m/kg]
        follow = base + rng.normal(rng.normal(0.1, 0.1), 0.15, n)
        mdc = float(rng.uniform(0.05, 0.3))
        hib = bool(rng.random() < 0.7)
        conf = float(rng.choice([0.9, 0.95]))
        r = stats.change(base, follow, mdc=mdc, higher_is_better=hib, confidence=conf)
        d = follow - base
        ref = sps.ttest_rel(follow, base)
        _close(r.mean_change, d.mean(), abs_=1e-14)
        _close(r.sd_change, d.std(ddof=1), rel=1e-10)
        _close(r.statistic, ref.statistic, rel=1e-9)
        _close(r.p_value, ref.pvalue, rel=1e-8, abs_=1e-15)
        lo, hi = sps.t.interval(conf, n - 1, loc=d.mean(), scale=d.std(ddof=1) / math.sqrt(n))
        _close(r.ci, (lo, hi), rel=1e-10, abs_=1e-12)
        better = d if hib else -d
        expected = np.where(better > mdc, "improved", np.where(better < -mdc, "worsened", "within"))
        assert list(r.category) == list(expected)
        assert r.n_improved == int(np.sum(better > mdc))
        assert r.n_worsened == int(np.sum(better < -mdc))
        assert r.n_within == n - r.n_improved - r.n_worsened
        np.testing.assert_allclose(r.percent_change, 100 * d / np.abs(base), rtol=1e-12)


def test_change_missing_policy_zero_baseline_and_table():
    base = [20.0, 0.0, 15.0, np.nan, 18.0]  # LSI deficits, or any score
    follow = [25.0, 3.0, 14.0, 20.0, 24.0]
    r = stats.change(base, follow, mdc=2.0)
    assert math.isnan(r.mean_change) and r.n_missing == 1 and "1 of 5 subjects" in r.note
    assert "baseline of 0" in r.note and math.isnan(r.percent_change[1])
    assert list(r.category) == ["improved", "improved", "within", "undefined", "improved"]
    assert r.n_improved == 3  # over the subjects with both values
    omit = stats.change(base, follow, mdc=2.0, missing="omit")
    assert omit.mean_change == pytest.approx((5 + 3 - 1 + 6) / 4) and omit.n == 4
    with pytest.raises(hipmech.InvalidArgumentError, match="argument 'baseline'"):
        stats.change(base, follow, missing="raise")
    no_mdc = stats.change(pd.Series(base).fillna(10.0), follow)
    assert no_mdc.mdc is None and no_mdc.n_improved is None
    assert set(no_mdc.category) == {"undefined"}
    df = omit.to_dataframe()
    assert list(df.columns) == ["baseline", "follow_up", "change", "percent_change", "category"]
    assert len(df) == 5 and df["category"][3] == "undefined"


@pytest.mark.parametrize("kwargs, arg", [
    (dict(mdc=0), "mdc"),
    (dict(mdc=-1.5), "mdc"),
    (dict(mdc=np.nan), "mdc"),
    (dict(mdc="5"), "mdc"),
    (dict(higher_is_better="yes"), "higher_is_better"),
    (dict(confidence=1.2), "confidence"),
    (dict(missing="ignore"), "missing"),
    (dict(follow_up=[1.0, 2.0]), "follow_up"),
])
def test_change_bad_input_names_the_argument(kwargs, arg):
    args = dict(baseline=[1.0, 2.0, 3.0], follow_up=[2.0, 2.5, 3.5])
    args.update(kwargs)
    with pytest.raises(hipmech.InvalidArgumentError, match=f"argument '{arg}'"):
        stats.change(args.pop("baseline"), args.pop("follow_up"), **args)


# ---- package ---------------------------------------------------------------------------------

def test_names_are_exported_and_docstrings_run():
    import doctest

    from hipmech.stats import _agreement

    for name in _agreement.__all__:
        assert name in stats.__all__ and hasattr(stats, name)
    result = doctest.testmod(_agreement, optionflags=doctest.ELLIPSIS)
    assert result.attempted >= 2 and result.failed == 0


def test_raw_and_friendly_agree_with_cpp_field_names():
    d = hipmech._core.stats_bland_altman(WRIGHT, MINI)
    r = stats.bland_altman(WRIGHT, MINI)
    for key, value in d.items():
        if isinstance(value, np.ndarray):
            np.testing.assert_array_equal(getattr(r, key), value)
        elif isinstance(value, float) and math.isnan(value):
            assert math.isnan(getattr(r, key))
        else:
            assert getattr(r, key) == value


# ---- review fixes: zero variance, percent sign, risk difference default, names, checks ----------

def test_change_zero_variance_follows_the_paired_t_test():
    r = stats.change([0.0, 0.0, 0.0], [0.1, 0.1, 0.1])
    t = stats.ttest_paired([0.1, 0.1, 0.1], [0.0, 0.0, 0.0])
    assert math.isnan(t.statistic) and math.isnan(t.p_value)
    assert r.mean_change == 0.1 and r.sd_change == 0.0
    assert math.isnan(r.statistic) and math.isnan(r.p_value)
    assert math.isnan(r.ci_low) and math.isnan(r.ci_high)
    assert "zero variance" in r.note
    assert r.ci_method == "t (paired)"
    # Otherwise the group summary is ttest_paired(follow_up, baseline), number for number.
    base, follow = [10.0, 12.0, 9.0, 11.5], [13.0, 12.5, 15.0, 11.0]
    r = stats.change(base, follow, confidence=0.9)
    t = stats.ttest_paired(follow, base, confidence=0.9)
    assert (r.statistic, r.df, r.p_value, r.ci_low, r.ci_high, r.se_change) == (
        t.statistic, t.df, t.p_value, t.ci_low, t.ci_high, t.se)
    assert not hasattr(r, "t")


def test_bland_altman_percent_divides_by_the_magnitude_of_the_mean():
    a, b = [-110.0, -90.0, -105.0], [-90.0, -110.0, -95.0]
    r = stats.bland_altman(a, b, percent=True)
    np.testing.assert_allclose(r.differences, [-20.0, 20.0, -10.0], rtol=1e-12)
    assert r.bias == pytest.approx(-10.0 / 3.0, rel=1e-12)
    # The sign is that of a - b, as without percent.
    assert np.all(np.sign(r.differences) == np.sign(np.subtract(a, b)))
    z = stats.bland_altman([-5.0, 1.0, 2.0], [5.0, 2.0, 3.0], percent=True)
    assert math.isnan(z.differences[0]) and math.isnan(z.bias) and "mean 0" in z.note


def test_bland_altman_result_names_its_ci_method():
    r = stats.bland_altman(WRIGHT, MINI, loa_ci="approximate")
    assert r.ci_method == "approximate" and not hasattr(r, "loa_ci")
    t = stats.ttest_one_sample(np.subtract(WRIGHT, MINI))
    assert r.bias_ci == pytest.approx(t.ci, rel=1e-14)
    c = stats.bland_altman([1.1, 2.1, 3.1], [1.0, 2.0, 3.0])
    assert c.sd == 0.0 or "bias CI" in c.note


def test_risk_difference_has_no_correction_by_default():
    r = stats.risk_difference(0, 10, 5, 15)
    assert r.correction == "none" and not r.corrected
    assert r.estimate == pytest.approx(-0.25, abs=1e-15)
    se = math.sqrt(0.25 * 0.75 / 20)
    z = sps.norm.ppf(0.975)
    _close(r.ci, (-0.25 - z * se, -0.25 + z * se), rel=1e-12)
    assert r.ci_high < 0
    h = stats.risk_difference(0, 10, 5, 15, correction="haldane")
    assert h.corrected and h.estimate == pytest.approx(0.5 / 11 - 5.5 / 21)
    # The ratios keep Haldane's correction by default.
    assert stats.odds_ratio(0, 10, 5, 15).corrected
    assert stats.relative_risk(0, 10, 5, 15).corrected
    assert stats.odds_ratio(1, 2, 3, 4).ci_method == "log (Woolf) Wald"
    assert r.ci_method == "Wald" and not hasattr(r, "method")


def test_relative_risk_zero_se_explains_every_nan():
    r = stats.relative_risk(5, 0, 3, 0, correction="none")
    assert r.estimate == 1.0 and r.se == 0.0 and r.ci == (1.0, 1.0)
    assert math.isnan(r.z) and math.isnan(r.p_value)
    assert "z and the p-value are undefined" in r.note


def test_meta_analysis_se_whose_square_underflows():
    with pytest.raises(hipmech.InvalidArgumentError, match="underflows") as e:
        stats.meta_analysis([0.1, 0.2], se=[1.0, 1e-200])
    assert e.value.argument == "se"
    with pytest.raises(hipmech.InvalidArgumentError, match="overflows") as e:
        stats.meta_analysis([0.1, 0.2], se=[1.0, 1e200])
    assert e.value.argument == "se"


@pytest.mark.parametrize("table, arg", [
    ([[True, 2], [3, 4]], "table[0, 0]"),
    ([[1, 2], [3, np.True_]], "table[1, 1]"),
    ([[1, "2"], [3, 4]], "table[0, 1]"),
    (np.array([[True, False], [True, True]]), "table[0, 0]"),
])
def test_tables_reject_booleans_and_strings(table, arg):
    with pytest.raises(hipmech.InvalidArgumentError) as e:
        stats.odds_ratio(table)
    assert e.value.argument == arg
    with pytest.raises(hipmech.InvalidArgumentError) as e:
        stats.odds_ratio(True, 2, 3, 4)
    assert e.value.argument == "a"


_AGREEMENT_CALLS = {
    "bland_altman": lambda **k: stats.bland_altman(WRIGHT, MINI, **k),
    "odds_ratio": lambda **k: stats.odds_ratio(1, 2, 3, 4, **k),
    "relative_risk": lambda **k: stats.relative_risk(1, 2, 3, 4, **k),
    "risk_difference": lambda **k: stats.risk_difference(1, 2, 3, 4, **k),
    "meta_analysis": lambda **k: stats.meta_analysis([0.1, 0.3], [0.01, 0.02], **k),
    "change": lambda **k: stats.change([1.0, 2.0, 4.0], [2.0, 2.5, 5.0], **k),
}
_AGREEMENT_OPTIONS = {
    "bland_altman": ("loa_ci", "missing"),
    "odds_ratio": ("correction",),
    "relative_risk": ("correction",),
    "risk_difference": ("correction",),
    "meta_analysis": (),
    "change": ("missing",),
}


@pytest.mark.parametrize("name", sorted(_AGREEMENT_CALLS))
@pytest.mark.parametrize("bad", ["0.95", None, True])
def test_non_number_confidence_is_an_invalid_argument(name, bad):
    with pytest.raises(hipmech.InvalidArgumentError) as e:
        _AGREEMENT_CALLS[name](confidence=bad)
    assert e.value.argument == "confidence"


@pytest.mark.parametrize("name, arg", [(n, a) for n, args in sorted(_AGREEMENT_OPTIONS.items())
                                       for a in args])
@pytest.mark.parametrize("bad", [None, 1])
def test_non_string_option_is_an_invalid_argument(name, arg, bad):
    with pytest.raises(hipmech.InvalidArgumentError) as e:
        _AGREEMENT_CALLS[name](**{arg: bad})
    assert e.value.argument == arg
