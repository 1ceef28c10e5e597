"""hipmech.clinic scores: Y-Balance, hop tests, hip-abductor strength, programme change.

Expected values are hand-computed from the published definitions, never from earlier output:
- Y-Balance: composite = 100 (ANT + PM + PL) / (3 LL), reach / LL, |L - R| (Plisky et al. 2006
  J Orthop Sports Phys Ther 36:911-919; Plisky et al. 2009 N Am J Sports Phys Ther 4:92-99);
  flags "> 4 cm" and "< 94.0 %" (Plisky 2006).
- Hop tests: LSI = 100 involved / uninvolved, 100 uninvolved / involved time for the timed hop
  (Noyes, Barber & Mangine 1991 Am J Sports Med 19:513-518).
- Abductor strength: torque = F L (+ m g d), LSI, deficit = 100 - LSI; the issue's "28 %
  weaker" case gives LSI 72 %.
- Programme change: MDC = z sqrt(2) SEM (Weir 2005; Haley & Fragala-Pinkham 2006), against
  Reid et al. (2007) Phys Ther 87:337-349: hop-test LSI SEM 3.04 % -> MDC90 7.05 % (z = 1.64).
"""

import math

import pytest

from hipmech import clinic, hip

LEFT_Y = {"anterior": [60, 62, 61], "posteromedial": [100, 104, 102],
          "posterolateral": [98, 101, 99]}
RIGHT_Y = {"anterior": [55, 57, 56], "posteromedial": [95, 97, 96],
           "posterolateral": [90, 92, 91]}


def flag(result, name, side=""):
    return next(f for f in result.flags if f.name == name and f.side == side)


# --- Y-Balance --------------------------------------------------------------------------------

def test_y_balance_worked_example():
    r = clinic.y_balance(LEFT_Y, RIGHT_Y, limb_length_cm=90)
    assert r.reach_cm["left"] == {"anterior": 62, "posteromedial": 104, "posterolateral": 101}
    assert r.composite_percent["left"] == pytest.approx(100 * 267 / 270, abs=1e-12)
    assert r.composite_percent["right"] == pytest.approx(100 * 246 / 270, abs=1e-12)
    assert r.reach_percent["right"]["anterior"] == pytest.approx(100 * 57 / 90)
    assert r.difference_cm == {"anterior": 5.0, "posteromedial": 7.0, "posterolateral": 9.0}
    assert flag(r, "anterior_reach_difference_cm").flagged is True
    assert flag(r, "composite_percent", "right").flagged is True
    assert flag(r, "composite_percent", "left").flagged is False
    assert "girls" in flag(r, "composite_percent", "left").note
    frame = r.to_frame()
    assert list(frame.columns) == ["test", "quantity", "side", "value", "unit"]
    row = frame[(frame.quantity == "composite_percent") & (frame.side == "right")]
    assert row.value.item() == pytest.approx(100 * 246 / 270)
    assert r.to_dict()["composite_percent"]["left"] == pytest.approx(98.8889, abs=1e-4)
    assert "YBalance" in repr(r)


def test_y_balance_mean_per_side_lengths_and_boundaries():
    r = clinic.y_balance(LEFT_Y, RIGHT_Y, limb_length_cm={"left": 90, "right": 95},
                         trials="mean")
    assert r.composite_percent["right"] == pytest.approx(100 * (56 + 96 + 91) / 285)
    # Exactly 4 cm and exactly 94 % are not flagged (strict: "greater than", "less than").
    b = clinic.y_balance({"anterior": 64, "posteromedial": 110, "posterolateral": 108},
                         {"anterior": 60, "posteromedial": 112, "posterolateral": 110},
                         limb_length_cm=100)
    assert b.composite_percent["left"] == 94.0
    assert flag(b, "anterior_reach_difference_cm").flagged is False
    assert flag(b, "composite_percent", "left").flagged is False
    c = clinic.y_balance({"anterior": 64, "posteromedial": 110, "posterolateral": 108},
                         {"anterior": 60, "posteromedial": 112, "posterolateral": 110},
                         limb_length_cm=100, composite_cutoff_percent=95,
                         anterior_difference_cutoff_cm=3)
    assert flag(c, "composite_percent", "left").flagged is True
    assert flag(c, "anterior_reach_difference_cm").flagged is True


def test_y_balance_nan_trials():
    left = dict(LEFT_Y, anterior=[60, math.nan, 61])
    r = clinic.y_balance(left, RIGHT_Y, limb_length_cm=90)
    assert r.reach_cm["left"]["anterior"] == 61
    assert any("left.anterior: 1 of 3" in n for n in r.notes)
    left = dict(LEFT_Y, anterior=[math.nan])
    r = clinic.y_balance(left, RIGHT_Y, limb_length_cm=90)
    assert math.isnan(r.composite_percent["left"])
    assert flag(r, "composite_percent", "left").state == "not assessed"
    assert flag(r, "anterior_reach_difference_cm").flagged is None
    assert r.to_dict()["composite_percent"]["left"] is None


@pytest.mark.parametrize("left, right, kwargs, field", [
    (LEFT_Y, dict(RIGHT_Y, anterior=[-1]), {}, "right.anterior"),
    (LEFT_Y, {"anterior": 55, "posteromedial": 95}, {}, "right.posterolateral"),
    (dict(LEFT_Y, anterior_cm=60), RIGHT_Y, {}, "left.anterior_cm"),
    (LEFT_Y, RIGHT_Y, {"limb_length_cm": 0}, "limb_length_cm"),
    (LEFT_Y, RIGHT_Y, {"limb_length_cm": {"left": 90, "right": -1}}, "limb_length_cm.right"),
    (LEFT_Y, RIGHT_Y, {"limb_length_cm": {"left": 90}}, "limb_length_cm.right"),
    (LEFT_Y, RIGHT_Y, {"limb_length_cm": 90, "trials": "median"}, "trials"),
])
def test_y_balance_bad_input_names_the_field(left, right, kwargs, field):
    kwargs = {"limb_length_cm": 90, **kwargs}
    with pytest.raises(ValueError, match=f"'{field}'"):
        clinic.y_balance(left, right, **kwargs)


# --- Hop tests ----------------------------------------------------------------------------------

LEFT_HOP = {"single_cm": [150, 160], "triple_cm": 450, "timed_6m_s": [2.0, 2.2]}
RIGHT_HOP = {"single_cm": [130, 140], "triple_cm": 430, "timed_6m_s": [2.4, 2.6]}


def test_hop_tests_worked_example_timed_inverted():
    r = clinic.hop_tests(LEFT_HOP, RIGHT_HOP, involved="right")
    assert set(r.lsi_percent) == {"single_cm", "triple_cm", "timed_6m_s"}
    assert r.lsi_percent["single_cm"] == pytest.approx(100 * 135 / 155)
    assert r.lsi_percent["triple_cm"] == pytest.approx(100 * 430 / 450)
    assert r.lsi_percent["timed_6m_s"] == pytest.approx(100 * 2.1 / 2.5)
    assert flag(r, "single_hop_lsi_percent", "right").flagged is True
    assert flag(r, "triple_hop_lsi_percent", "right").flagged is False
    f = flag(r, "timed_6m_hop_lsi_percent", "right")
    assert f.flagged is True and f.cutoff == 90
    assert "Noyes" in f.source and "Grindem" in f.source and "85 %" in f.source
    # Noyes' 85 %: the single hop (87.1 %) passes, the timed hop (84 %) does not.
    n = clinic.hop_tests(LEFT_HOP, RIGHT_HOP, involved="right", lsi_cutoff_percent=85)
    assert flag(n, "single_hop_lsi_percent", "right").flagged is False
    assert flag(n, "timed_6m_hop_lsi_percent", "right").flagged is True
    # Best: longest distance, shortest time.
    b = clinic.hop_tests(LEFT_HOP, RIGHT_HOP, involved="right", trials="max")
    assert b.right["timed_6m_s"] == 2.4
    assert b.lsi_percent["timed_6m_s"] == pytest.approx(100 * 2.0 / 2.4)
    frame = r.to_frame()
    assert set(frame.unit) == {"cm", "s", "%"}


def test_hop_tests_worse_side_when_none_named():
    r = clinic.hop_tests(RIGHT_HOP, LEFT_HOP)
    assert r.lsi_side == {"single_cm": "left", "triple_cm": "left", "timed_6m_s": "left"}
    assert r.lsi_percent["timed_6m_s"] == pytest.approx(84.0)
    assert any("left limb did worse" in n for n in r.notes)


@pytest.mark.parametrize("left, right, field", [
    (LEFT_HOP, {"single_cm": [130], "timed_6m_s": [2.4]}, "right.triple_cm"),
    (LEFT_HOP, dict(RIGHT_HOP, single_cm=[-5]), "right.single_cm"),
    (dict(LEFT_HOP, timed_6m_s=0.0), RIGHT_HOP, "left.timed_6m_s"),
    (dict(LEFT_HOP, single=[1]), RIGHT_HOP, "left.single"),
    ({}, {}, "left"),
])
def test_hop_tests_bad_input_names_the_field(left, right, field):
    with pytest.raises(ValueError, match=f"'{field}'"):
        clinic.hop_tests(left, right)


# --- Hip-abductor strength ----------------------------------------------------------------------

def test_abductor_strength_force_lever_arm_and_lsi():
    r = clinic.hip_abductor_strength([200, 210, 205], [150, 160, 155], lever_arm_m=0.5,
                                     body_mass_kg=70, involved="right")
    assert r.torque_nm_trials["left"] == [100.0, 105.0, 102.5]
    assert r.torque_nm == {"left": 105.0, "right": 80.0}
    assert r.torque_nm_per_kg["left"] == pytest.approx(1.5)
    assert r.lsi_percent == pytest.approx(100 * 80 / 105)
    assert r.deficit_percent == pytest.approx(100 - 100 * 80 / 105)
    assert (r.lsi_side, r.reference_side) == ("right", "left")
    assert flag(r, "abductor_lsi_percent", "right").flagged is True
    # reference= is the other way to name the sides.
    s = clinic.hip_abductor_strength([200, 210, 205], [150, 160, 155], lever_arm_m=0.5,
                                     body_mass_kg=70, reference="left")
    assert s.lsi_percent == r.lsi_percent


def test_abductor_strength_28_percent_deficit_and_gravity():
    r = clinic.hip_abductor_strength([98, 102], [70, 74], quantity="torque_nm",
                                     body_mass_kg=80, summary="mean")
    assert r.lsi_percent == pytest.approx(72.0)
    assert r.deficit_percent == pytest.approx(28.0)
    assert r.lsi_side == "right"
    assert any("weaker (right)" in n for n in r.notes)
    # Side-lying, limb horizontal: + 0.161 x 70 kg x 9.81 x 0.40 m (Winter 2009 Table 4.1).
    setup = hip.DynamometerSetup(lever_arm_m=0.45, limb_mass_kg=0.161 * 70,
                                 limb_com_distance_m=0.40, gravity="opposes")
    g = 0.161 * 70 * 9.81 * 0.40
    s = clinic.hip_abductor_strength([200], [180], setup=setup, body_mass_kg=70)
    assert s.gravity_torque_nm == pytest.approx(g)
    assert s.torque_nm["left"] == pytest.approx(200 * 0.45 + g)


@pytest.mark.parametrize("kwargs, field", [
    (dict(left=[-1], right=[150], lever_arm_m=0.5, body_mass_kg=70), "left"),
    (dict(left=[200], right=[], lever_arm_m=0.5, body_mass_kg=70), "right"),
    (dict(left=[200], right=[150], lever_arm_m=0.5, body_mass_kg=0), "body_mass_kg"),
    (dict(left=[200], right=[150], body_mass_kg=70), "setup"),
    (dict(left=[200], right=[150], lever_arm_m=-0.5, body_mass_kg=70), "setup.lever_arm_m"),
    (dict(left=[200], right=[150], quantity="torque_nm", lever_arm_m=0.5, body_mass_kg=70),
     "setup"),
    (dict(left=[200], right=[150], lever_arm_m=0.5, body_mass_kg=70, involved="middle"),
     "involved"),
    (dict(left=[200], right=[150], lever_arm_m=0.5, body_mass_kg=70, involved="left",
          reference="right"), "reference"),
])
def test_abductor_strength_bad_input_names_the_field(kwargs, field):
    with pytest.raises(ValueError, match=f"'{field}'"):
        clinic.hip_abductor_strength(**kwargs)


def test_abductor_strength_all_nan_side_not_assessed():
    r = clinic.hip_abductor_strength([math.nan], [150], lever_arm_m=0.5, body_mass_kg=70)
    assert r.flags[0].state == "not assessed"


# --- Programme change ---------------------------------------------------------------------------

def test_mdc_against_reid_2007():
    # Reid et al. 2007: SEM 3.04 % and 5.59 % -> MDC90 7.05 % and 12.96 % (their z = 1.64).
    for sem, published in ((3.04, 7.05), (5.59, 12.96)):
        p = clinic.programme_change(80.0, 90.0, sem=sem, confidence=0.90)
        assert p.mdc == pytest.approx(published, abs=0.05)
        assert p.z == pytest.approx(1.6448536, abs=1e-6)


def test_programme_change_verdicts():
    p = clinic.programme_change(1.20, 1.62, sem=0.10, name="abductor_torque_nm_per_kg",
                                unit="N m/kg")
    assert p.change == pytest.approx(0.42)
    assert p.percent_change == pytest.approx(35.0)
    assert p.mdc == pytest.approx(1.959964 * math.sqrt(2) * 0.10, abs=1e-6)
    assert (p.verdict, p.exceeds_mdc) == ("improved", True)
    assert clinic.programme_change(1.2, 1.4, sem=0.1).verdict == "within measurement error"
    w = clinic.programme_change(1.2, 0.9, sem=0.1)
    assert w.verdict == "worse" and w.flags[0].flagged is True
    # Lower is better (s), MDC given.
    assert clinic.programme_change(2.5, 2.1, mdc=0.3, higher_is_better=False).verdict \
        == "improved"
    assert clinic.programme_change(2.5, 2.9, mdc=0.3, higher_is_better=False).verdict == "worse"
    # SEM = SD sqrt(1 - ICC) = 10 sqrt(0.09) = 3; MDC95 = 8.3154.
    r = clinic.programme_change(80, 88, reliability=(0.91, 10.0))
    assert r.sem == pytest.approx(3.0)
    assert r.mdc == pytest.approx(8.3154, abs=1e-4)
    assert r.verdict == "within measurement error"
    n = clinic.programme_change(1, 2)
    assert n.verdict == "not assessed" and n.exceeds_mdc is None
    assert len(p.to_frame()) == 2


def test_programme_change_of_two_results():
    before = clinic.y_balance(LEFT_Y, RIGHT_Y, limb_length_cm=90)
    after = clinic.y_balance(LEFT_Y, dict(RIGHT_Y, anterior=62, posterolateral=99),
                             limb_length_cm=90)
    p = clinic.programme_change(before, after, sem={"composite_percent": 1.5})
    ch = p.changes.set_index(["quantity", "side"])
    # Right composite 246/270 -> 258/270: +4.444 points > MDC95 = 1.96 sqrt2 1.5 = 4.158.
    assert ch.loc[("composite_percent", "right"), "change"] == pytest.approx(1200 / 270)
    assert ch.loc[("composite_percent", "right"), "verdict"] == "improved"
    assert ch.loc[("composite_percent", "left"), "verdict"] == "within measurement error"
    assert ch.loc[("anterior_reach_cm", "right"), "verdict"] == "not assessed"
    # The anterior difference: lower is better by default; 5 -> 0 cm with an MDC of 2 cm.
    q = clinic.programme_change(before, after, mdc={"anterior_difference_cm": 2.0})
    assert q.changes.set_index("quantity").loc["anterior_difference_cm", "verdict"] \
        == "improved"
    assert len(p.to_frame()) == 2 * len(p.changes)
    with pytest.raises(ValueError, match="'follow_up'"):
        clinic.programme_change(before, clinic.hop_tests(LEFT_HOP, RIGHT_HOP))
    with pytest.raises(ValueError, match="'sem'"):
        clinic.programme_change(before, after, sem=1.5)


@pytest.mark.parametrize("kwargs, field", [
    (dict(baseline=math.inf, follow_up=1), "baseline"),
    (dict(baseline=1, follow_up=2, sem=0.1, mdc=0.3), "error"),
    (dict(baseline=1, follow_up=2, sem=-0.1), "sem"),
    (dict(baseline=1, follow_up=2, reliability=(1.2, 10)), "icc"),
    (dict(baseline=1, follow_up=2, reliability=(0.9, 0)), "sd"),
    (dict(baseline=1, follow_up=2, reliability=0.9), "reliability"),
    (dict(baseline=1, follow_up=2, mdc=0.3, confidence=1.5), "confidence"),
])
def test_programme_change_bad_input_names_the_field(kwargs, field):
    with pytest.raises(ValueError, match=f"'{field}'"):
        clinic.programme_change(**kwargs)
