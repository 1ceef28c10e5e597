"""hipmech.hip against independent sources:

- Pauwels (1965/1980): his own numbers for the Braune & Fischer subject
  (../shared/validation/stats_reference, key pauwels_1965_original_numbers);
- closed-form statics (equilibrium of the free body, the cane, the pelvic drop rotation);
- the ground-reaction lever arm against the cross product written out by hand;
- synthetic dynamometer traces with known peaks, plateaus, onsets and slopes;
- bad input.
"""

from __future__ import annotations

import json
import math

import numpy as np
import pytest

import hipmech
from hipmech import hip


@pytest.fixture(scope="module")
def reference(validation_dir):
    with open(validation_dir / "stats_reference" / "stats_reference_values.json") as f:
        return json.load(f)


def test_pauwels_reproduces_his_numbers(reference):
    p = reference["pauwels_1965_original_numbers"]
    bw = p["body_mass_kg"]
    r = hip.pauwels(bw, stance_limb_mass_fraction=1 - p["partial_body_weight_S5_kg"] / bw,
                    partial_body_lever_arm_m=p["S5_lever_arm_frontal_cm"] / 100,
                    abductor_lever_arm_m=p["abductor_lever_arm_mm_default"] / 1000,
                    abductor_angle_rad=math.radians(p["abductor_angle_to_vertical_deg_default"]))
    d = p["derived_by_helper"]
    assert r.abductor_force_per_partial == pytest.approx(d["abductor_force_over_S5"], abs=0.005)
    assert r.hip_force_per_partial == pytest.approx(d["R_over_S5"], abs=0.005)
    assert r.hip_force_bw == pytest.approx(d["R_over_BW"], abs=0.005)
    assert r.hip_force_angle_deg == pytest.approx(d["R_angle_to_vertical_deg"], abs=0.05)
    # The defaults are Pauwels' own geometry.
    assert hip.pauwels(bw).hip_force_bw == pytest.approx(r.hip_force_bw, rel=1e-4)
    # The result names the frame of its vectors and what the hip force acts on (issue 19).
    assert r.frame.startswith("stance limb frontal plane") and r.acts_on == "femoral head"


def test_pauwels_against_in_vivo_loads(reference):
    """Bergmann et al. (2016): one-leg stance 260.7 +- 28.7 %BW in 10 patients. Pauwels' static
    model lies above the mean but within two SD of it (docs/hip.md discusses why)."""
    mean, sd = reference["orthoload_one_leg_stance_in_vivo"]["magnitude_pBW_mean_sd"]
    values = reference["orthoload_one_leg_stance_in_vivo"]["HJF_pBW_xyz"].values()
    mags = [math.hypot(*v) for v in values]
    assert np.mean(mags) == pytest.approx(mean, abs=0.5)
    r = hip.pauwels(58.7)
    assert mean < r.hip_force_percent_bw < mean + 2 * sd


def test_pauwels_equilibrium_on_random_inputs():
    rng = np.random.default_rng(65)
    for _ in range(100):
        m = rng.uniform(40, 120)
        h, a = rng.uniform(0.06, 0.14), rng.uniform(0.03, 0.07)
        theta = math.radians(rng.uniform(5, 35))
        c = rng.uniform(0.2, 0.5)
        r0 = hip.pauwels(m, partial_body_lever_arm_m=h, abductor_lever_arm_m=a,
                         abductor_angle_rad=theta)
        cane = rng.uniform(0, 0.9) * min(r0.partial_body_weight_n,
                                         r0.partial_body_weight_n * h / c)
        r = hip.pauwels(m, partial_body_lever_arm_m=h, abductor_lever_arm_m=a,
                        abductor_angle_rad=theta, cane_force_n=cane, cane_lever_arm_m=c)
        s5 = r.partial_body_weight_n
        # Moments about the hip centre: M a + C c = S5 h.
        assert r.abductor_force_n * a + cane * c == pytest.approx(s5 * h, rel=1e-12)
        # Forces on the femoral head: R = S5 + C + M (down-lateral), as vectors.
        m_vec = r.abductor_force_n * np.array([-math.sin(theta), -math.cos(theta)])
        expected = np.array([0.0, -s5]) + np.array([0.0, cane]) + m_vec
        np.testing.assert_allclose(r.hip_force_n, expected, rtol=1e-12, atol=1e-9)
        assert r.hip_force_magnitude_n == pytest.approx(np.linalg.norm(expected), rel=1e-12)


def test_cane_and_drop_and_geometry_helpers():
    r = hip.pauwels(70.0)
    c0 = hip.cane_force_for_zero_abductor(70.0, 0.45)
    assert c0 == pytest.approx(r.partial_body_weight_n * 0.1099 / 0.45, rel=1e-12)
    assert hip.pauwels(70.0, cane_force_n=c0, cane_lever_arm_m=0.45).abductor_force_n == \
        pytest.approx(0.0, abs=1e-9)
    # Pelvic drop: the S5 centre of mass (h, v) turns about the hip by the drop.
    d = math.radians(5)
    v = hip.PAUWELS_DEFAULTS["partial_body_com_height_m"]
    rd = hip.pauwels(70.0, pelvic_drop_rad=d)
    assert rd.partial_body_lever_arm_m == pytest.approx(0.1099 * math.cos(d) + v * math.sin(d))
    assert rd.abductor_force_n > r.abductor_force_n
    np.testing.assert_allclose(hip.point_after_pelvic_drop([0.1099, v], d),
                               [0.1099 * math.cos(d) + v * math.sin(d),
                                -0.1099 * math.sin(d) + v * math.cos(d)], rtol=1e-12)
    # h from the hip centres: BW d/2 = S5 h.
    assert hip.partial_body_lever_arm_from_hip_centres(0.18, 0.2) == pytest.approx(0.09 / 0.8)
    # A 3-4-5 line: origin 3 medial and 4 up of the insertion, which sits 0.05 lateral.
    lever, angle = hip.abductor_line_from_points([-0.02, 0.04], [-0.05, 0.0])
    assert angle == pytest.approx(math.atan2(3, 4))
    # Distance from the origin (hip centre) to the line through the two points.
    assert lever == pytest.approx(abs(-0.05 * 0.8 - 0.0 * 0.6), rel=1e-12)


def test_grf_lever_arm_moment_is_the_cross_product():
    rng = np.random.default_rng(3)
    f, c, j, t = (rng.normal(size=(50, 3)) for _ in range(4))
    ext = np.cross(c - j, f) + t
    np.testing.assert_allclose(hip.grf_lever_arm_moment(f, c, j, t, external=True), ext,
                               rtol=1e-14, atol=1e-14)
    np.testing.assert_allclose(hip.grf_lever_arm_moment(f, c, j, t), -ext, rtol=1e-14, atol=1e-14)
    np.testing.assert_allclose(hip.grf_lever_arm_moment(f, c, j), -np.cross(c - j, f))
    f[4] = np.nan
    m = hip.grf_lever_arm_moment(f, c, j)
    assert np.isnan(m[4]).all() and np.isfinite(np.delete(m, 4, axis=0)).all()
    with pytest.raises(ValueError, match="cop_m"):
        hip.grf_lever_arm_moment(f, c[:-1], j)
    # The result says what it is (issue 19): lab frame, internal unless external=True, N m.
    assert (m.frame, m.external, m.unit, m.columns) == ("lab", False, "N m", ("x", "y", "z"))
    assert hip.grf_lever_arm_moment(f, c, j, external=True).external is True


def test_dynamometer_pipeline_on_a_trapezoid():
    """A 1 kHz trace: 0.5 s rest, a 0.2 s linear rise to 300 N, 2 s hold, then rest. With a
    0.35 m lever arm the torque plateau is 105 N m and the rise 105 / 0.2 = 525 N m/s."""
    rate = 1000.0
    force = np.r_[np.zeros(500), np.linspace(0, 300, 201)[1:], np.full(2000, 300.0), np.zeros(300)]
    torque = hip.dynamometer_torque(force, 0.35)
    np.testing.assert_allclose(torque, force * 0.35)
    m = hip.analyse_mvic(torque, rate)
    assert m.peak_nm == pytest.approx(105.0)
    assert m.plateau(1.0).mean_nm == pytest.approx(105.0)
    assert m.rtd[0].rtd_nm_per_s == pytest.approx(525.0, rel=1e-9)
    assert m.peak_rtd_nm_per_s == pytest.approx(525.0, rel=1e-9)
    # Onset: the first sample above 1 N m; the ramp adds 0.525 N m per sample.
    assert m.onset_sample == 500 + 1
    # Side-lying: the weight of a 12 kg leg, centre of mass 0.4 m out, horizontal, is added.
    setup = hip.DynamometerSetup(0.35, 12.0, 0.4, 0.0, "opposes")
    assert hip.gravity_torque(setup) == pytest.approx(12 * 9.81 * 0.4)
    np.testing.assert_allclose(hip.dynamometer_torque(force, setup), force * 0.35 + 12 * 9.81 * 0.4)
    assert hip.torque_per_kg_m(105.0, 70.0, 1.75) == pytest.approx(105 / 70 / 1.75)
    s = hip.summarise_sides([100.0, 110.0, 104.0], [90.0, np.nan, 95.0])
    assert s.left.best == 110.0 and s.left.best_trial == 1
    assert s.left.mean_best_two == pytest.approx(107.0)
    assert s.right.n_valid == 2 and "missing" in s.right.note
    assert list(s.to_dataframe()["side"]) == ["left", "right"]


def test_hip_bad_input():
    with pytest.raises(ValueError, match="body_mass_kg"):
        hip.pauwels(-1.0)
    with pytest.raises(ValueError, match="abductor_angle_rad"):
        hip.pauwels(70.0, abductor_angle_rad=math.radians(95))
    with pytest.raises(ValueError, match="stance_limb_mass_fraction"):
        hip.pauwels(70.0, stance_limb_mass_fraction=1.2)
    with pytest.raises(ValueError, match="cane_force_n"):
        hip.pauwels(70.0, cane_force_n=-5.0, cane_lever_arm_m=0.4)
    with pytest.raises(ValueError):
        hip.pauwels(70.0, partial_body_com_m=[0.1, 0.1])
    with pytest.raises(ValueError, match="lever_arm_m"):
        hip.dynamometer_torque([1.0, 2.0], hip.DynamometerSetup(0.0))
    with pytest.raises(ValueError, match="gravity"):
        hip.dynamometer_torque([1.0], hip.DynamometerSetup(0.3, gravity="sideways"))
    with pytest.raises(ValueError, match="rate_hz"):
        hip.analyse_mvic(np.ones(100), 0.0)
    with pytest.raises(ValueError, match="onset_rule"):
        hip.analyse_mvic(np.ones(100), 100.0, onset_rule="guess")
    with pytest.raises(ValueError, match="body_mass_kg"):
        hip.torque_per_kg(10.0, 0.0)
    with pytest.raises(TypeError, match="setup"):
        hip.dynamometer_torque([1.0], "long")
    # NaN samples stay NaN, nothing is dropped.
    t = hip.dynamometer_torque([1.0, np.nan, 3.0], 0.5)
    assert np.isnan(t[1]) and t[2] == 1.5


def test_cane_force_refuses_unknown_keywords():
    with pytest.raises(ValueError, match="partial_body_lever_arm"):
        hip.cane_force_for_zero_abductor(70.0, 0.45, partial_body_lever_arm=0.12)
