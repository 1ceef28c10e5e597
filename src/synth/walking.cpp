// The compiled definitions of <hipmech/synth/walking.hpp> (declared and documented there):
// heavy functions users never need inline, compiled once into the library.
#include "hipmech/synth/walking.hpp"

namespace hipmech::synth::detail {

SidePhase side_phase(const SideTimeline& s, double t) {
  SidePhase p;
  p.stride = s.stride_at(t);
  const double fs = s.strike[p.stride], fo = s.off[p.stride], next = s.strike[p.stride + 1];
  if (t < fo) {
    p.stance = true;
    p.u = (t - fs) / (fo - fs);
    p.phase = kFootOff * p.u;
  } else {
    p.u = (t - fo) / (next - fo);
    p.phase = kFootOff + (1.0 - kFootOff) * p.u;
  }
  return p;
}

Angles angles_at(const std::array<SideTimeline, 2>& tl, double t) {
  const NormativeCurves& c = curves();
  Angles a;
  for (std::size_t s = 0; s < 2; ++s) a.phase[s] = side_phase(tl[s], t);
  const double phl = a.phase[0].phase;
  a.tilt = 12.0 * deg + 1.5 * deg * std::cos(4.0 * kPi * (phl - 0.1));
  a.rotation_left = 4.0 * deg * std::cos(2.0 * kPi * phl);
  // Obliquity of the left side: + the left stance's drop during left single support,
  // - the right stance's drop during right single support, 0 in double support.
  for (std::size_t s = 0; s < 2; ++s) {
    const SidePhase& me = a.phase[s];
    const SidePhase& other = a.phase[1 - s];
    if (me.stance && !other.stance) {
      const double v = other.u;  // fraction of the other foot's swing = of single support
      const double drop = tl[s].drop[me.stride] * drop_shape(v);
      a.obliquity_left += s == 0 ? drop : -drop;
    }
  }
  for (std::size_t s = 0; s < 2; ++s) {
    const SidePhase& p = a.phase[s];
    const SideTimeline& st = tl[s];
    const double obliquity_side = s == 0 ? a.obliquity_left : -a.obliquity_left;
    const double var = std::pow(std::sin(kPi * p.phase), 2);
    a.hip[s] =
        Eigen::Vector3d(c.hip_flexion(p.phase) + st.hip_var[p.stride] * var,
                        c.thigh_adduction(p.phase) + obliquity_side, c.hip_rotation(p.phase));
    const double knee_adduction = p.stance ? -st.valgus[p.stride] * valgus_shape(p.u)
                                           : 3.0 * deg * std::pow(std::sin(kPi * p.u), 2);
    a.knee[s] = Eigen::Vector3d(c.knee_flexion(p.phase) + st.knee_var[p.stride] * var,
                                knee_adduction, c.knee_rotation(p.phase));
    a.foot_pitch[s] = c.foot_pitch(p.phase);
  }
  return a;
}

Pose pose(const WalkingBody& b, const Angles& a) {
  Pose p;
  const Eigen::Matrix3d R_lab_prog = R_lab_progression();
  const auto map = pelvis::column_map(pelvis::PelvisConvention::Baker, Side::Left);
  const Eigen::Vector3d cols(a.tilt, a.obliquity_left, a.rotation_left);
  Eigen::Vector3d raw;
  for (std::size_t k = 0; k < 3; ++k) {
    raw[map.index[k]] = map.sign[k] * cols[static_cast<Eigen::Index>(k)];
  }
  p.R_pelvis =
      R_lab_prog * geometry::compose_one(raw, pelvis::sequence_of(pelvis::PelvisConvention::Baker));
  const Eigen::Vector3d X = p.R_pelvis.col(0), Z = p.R_pelvis.col(2);
  const double r = 0.5 * b.marker_diameter_m;
  p.markers[0] = -0.5 * b.inter_asis_distance_m * Z;
  p.markers[1] = 0.5 * b.inter_asis_distance_m * Z;
  p.markers[2] = -b.pelvic_depth_m * X - 0.5 * b.psis_distance_m * Z;
  p.markers[3] = -b.pelvic_depth_m * X + 0.5 * b.psis_distance_m * Z;
  p.pelvis_centre = 0.25 * (p.markers[0] + p.markers[1] + p.markers[2] + p.markers[3]);
  const double knee_offset = 0.5 * b.knee_width_m + r;
  const double ankle_offset = 0.5 * b.ankle_width_m + r;
  const double Lf = b.foot_length_m, ha = b.ankle_height_m;
  for (std::size_t s = 0; s < 2; ++s) {
    const Side side = s == 0 ? Side::Left : Side::Right;
    const double lat = lateral_sign(side);
    const Eigen::Vector3d& h = a.hip[s];
    const Eigen::Vector3d& k = a.knee[s];
    p.R_thigh[s] = p.R_pelvis * geometry::compose_one(Eigen::Vector3d(h[0], lat * h[1], lat * h[2]),
                                                      geometry::CardanSequence::ZXY);
    p.R_shank[s] =
        p.R_thigh[s] * geometry::compose_one(Eigen::Vector3d(-k[0], lat * k[1], lat * k[2]),
                                             geometry::CardanSequence::ZXY);
    p.R_foot[s] = R_lab_prog * rot_y(-lat * kToeOut) * rot_z(a.foot_pitch[s]);
    const Eigen::Vector3d hjc = p.R_pelvis * b.hip_centre(side);
    const Eigen::Vector3d kjc = hjc - b.thigh_length_m * p.R_thigh[s].col(1);
    const Eigen::Vector3d ajc = kjc - b.shank_length_m * p.R_shank[s].col(1);
    const Eigen::Vector3d Zt = p.R_thigh[s].col(2), Yt = p.R_thigh[s].col(1);
    const Eigen::Vector3d Zs = p.R_shank[s].col(2), Ys = p.R_shank[s].col(1);
    const std::size_t m0 = 4 + 6 * s;
    // Wands in the thigh and shank frontal planes, lateral of the knee / ankle markers:
    // the chord function then gives back kjc and ajc exactly (docs/synth.md).
    p.markers[m0 + 0] = kjc + 0.55 * b.thigh_length_m * Yt + lat * (knee_offset + 0.04) * Zt;
    p.markers[m0 + 1] = kjc + lat * knee_offset * Zt;
    p.markers[m0 + 2] = ajc + 0.55 * b.shank_length_m * Ys + lat * (ankle_offset + 0.04) * Zs;
    p.markers[m0 + 3] = ajc + lat * ankle_offset * Zs;
    const Eigen::Matrix3d& F = p.R_foot[s];
    auto foot_point = [&](double x, double y) {
      return Eigen::Vector3d(ajc + F * Eigen::Vector3d(x, y, 0.0));
    };
    const double marker_height = 0.025 + r;  // dorsum of the forefoot / back of the heel
    p.markers[m0 + 4] = foot_point(-0.22 * Lf - r, -ha + marker_height);  // HEE
    p.markers[m0 + 5] = foot_point(0.52 * Lf, -ha + marker_height);       // TOE
    p.heel[s] = foot_point(-0.12 * Lf, -ha);
    p.forefoot[s] = foot_point(0.52 * Lf, -ha);
    p.toe_tip[s] = foot_point(0.78 * Lf, -ha);
  }
  return p;
}

Placed place(const WalkingBody& b, const std::array<SideTimeline, 2>& tl,
             const std::vector<double>& times, bool detrend_lateral) {
  Placed out;
  const std::size_t n = times.size();
  out.poses.reserve(n);
  out.angles.reserve(n);
  out.origin.resize(n);
  out.anchor.resize(n);
  std::vector<int> point(n);
  for (std::size_t i = 0; i < n; ++i) {
    out.angles.push_back(angles_at(tl, times[i]));
    out.poses.push_back(pose(b, out.angles.back()));
    const Angles& a = out.angles.back();
    const Pose& p = out.poses.back();
    double lowest = std::numeric_limits<double>::infinity();
    for (int s = 0; s < 2; ++s) {
      const double ph = a.phase[static_cast<std::size_t>(s)].phase;
      if (!(ph < kFootOff + kContactMargin || ph > 1.0 - kContactMargin)) continue;
      const auto su = static_cast<std::size_t>(s);
      const double zh = p.heel[su].z(), zf = p.forefoot[su].z();
      if (zh < lowest) {
        lowest = zh;
        out.anchor[i] = s;
        point[i] = 0;
      }
      if (zf < lowest) {
        lowest = zf;
        out.anchor[i] = s;
        point[i] = 1;
      }
    }
    auto contact = [&](std::size_t frame) {
      const Pose& q = out.poses[frame];
      const auto s = static_cast<std::size_t>(out.anchor[i]);
      return point[i] == 0 ? q.heel[s] : q.forefoot[s];
    };
    Eigen::Vector3d o;
    if (i == 0) {
      o = Eigen::Vector3d::Zero();
    } else {
      o = out.origin[i - 1] - (contact(i) - contact(i - 1));
    }
    o.z() = -lowest;
    out.origin[i] = o;
  }
  if (detrend_lateral && n > 1) {
    // Left/right differences let the body drift sideways; a straight walk needs a constant
    // lateral correction (least-squares line through the pelvis y removed).
    double st = 0, sy = 0, stt = 0, sty = 0;
    for (std::size_t i = 0; i < n; ++i) {
      const double t = static_cast<double>(i), y = out.origin[i].y();
      st += t;
      sy += y;
      stt += t * t;
      sty += t * y;
    }
    const double dn = static_cast<double>(n);
    const double slope = (dn * sty - st * sy) / (dn * stt - st * st);
    const double icpt = (sy - slope * st) / dn;
    for (std::size_t i = 0; i < n; ++i) out.origin[i].y() -= icpt + slope * static_cast<double>(i);
  }
  for (std::size_t i = 1; i < n; ++i) {
    if (out.anchor[i] != out.anchor[i - 1] || point[i] != point[i - 1]) continue;
    const auto s = static_cast<std::size_t>(out.anchor[i]);
    const Eigen::Vector3d& c1 = point[i] == 0 ? out.poses[i].heel[s] : out.poses[i].forefoot[s];
    const Eigen::Vector3d& c0 =
        point[i] == 0 ? out.poses[i - 1].heel[s] : out.poses[i - 1].forefoot[s];
    const Eigen::Vector3d d = (c1 + out.origin[i]) - (c0 + out.origin[i - 1]);
    out.max_anchor_slide_m = std::max(out.max_anchor_slide_m, std::hypot(d.x(), d.y()));
  }
  return out;
}

void check_settings(const WalkingSettings& s) {
  HIPMECH_CHECK_ARG(
      std::isfinite(s.body_mass_kg) && s.body_mass_kg > 0.0 && s.body_mass_kg <= 500.0,
      "body_mass_kg", "a mass in (0, 500] kg", s.body_mass_kg);
  check_range(s.height_m, 1.0, 2.5, "height_m", "m");
  check_range(s.speed_mps, 0.2, 2.5, "speed_mps", "m/s");
  HIPMECH_CHECK_ARG(s.n_strides >= 1 && s.n_strides <= 100, "n_strides",
                    "a number of gait cycles in [1, 100]", s.n_strides);
  check_range(s.point_rate_hz, 50.0, 1000.0, "point_rate_hz", "Hz");
  HIPMECH_CHECK_ARG(std::isfinite(s.analog_rate_hz) && s.analog_rate_hz >= s.point_rate_hz &&
                        s.analog_rate_hz <= 20000.0 &&
                        std::fabs(s.analog_rate_hz / s.point_rate_hz -
                                  std::round(s.analog_rate_hz / s.point_rate_hz)) < 1e-9,
                    "analog_rate_hz",
                    "a whole multiple of point_rate_hz (" +
                        hipmech::detail::to_message(s.point_rate_hz) + " Hz), at most 20000 Hz",
                    s.analog_rate_hz);
  for (std::size_t k = 0; k < 2; ++k) {
    const std::string side = k == 0 ? "[left]" : "[right]";
    check_range(s.pelvic_drop_rad[k], -0.35, 0.35, ("pelvic_drop_rad" + side).c_str(), "rad");
    check_range(s.knee_valgus_rad[k], -0.35, 0.35, ("knee_valgus_rad" + side).c_str(), "rad");
  }
  check_range(s.stride_time_cv, 0.0, 0.2, "stride_time_cv", "(relative SD)");
  check_range(s.variability_sd_rad, 0.0, 0.1, "variability_sd_rad", "rad");
  check_range(s.marker_noise_m, 0.0, 0.05, "marker_noise_m", "m");
}

}  // namespace hipmech::synth::detail

namespace hipmech::synth {

double nominal_stride_length(const WalkingBody& body, const std::array<double, 2>& drop,
                             const std::array<double, 2>& valgus) {
  using namespace detail;
  constexpr double T = 1000.0;  // time unit of the nominal cycle: 1000 steps per cycle
  std::array<SideTimeline, 2> tl;
  for (int k = -3; k <= 3; ++k) {
    const double a = T * k;
    tl[0].strike.push_back(a);
    tl[0].off.push_back(a + kFootOff * T);
    tl[1].strike.push_back(a + kOtherStrike * T);
    tl[1].off.push_back(a + T + kOtherOff * T);
  }
  for (std::size_t s = 0; s < 2; ++s) {
    tl[s].drop.assign(tl[s].strike.size(), drop[s]);
    tl[s].valgus.assign(tl[s].strike.size(), valgus[s]);
    tl[s].hip_var.assign(tl[s].strike.size(), 0.0);
    tl[s].knee_var.assign(tl[s].strike.size(), 0.0);
  }
  std::vector<double> times;
  for (int i = 0; i <= 2 * static_cast<int>(T); ++i) times.push_back(static_cast<double>(i));
  const Placed p = place(body, tl, times, false);
  return p.origin[2 * static_cast<std::size_t>(T)].x() - p.origin[static_cast<std::size_t>(T)].x();
}

SyntheticWalking walking(const WalkingSettings& settings) {
  using namespace detail;
  check_settings(settings);
  const WalkingBody body = WalkingBody::from_height(settings.height_m);
  const double rate = settings.point_rate_hz;
  const auto spf = static_cast<Eigen::Index>(std::llround(settings.analog_rate_hz / rate));
  const int n = settings.n_strides;
  Rng rng(settings.seed);

  // Timeline: left strides k = -2 .. n + 2 (index k + 2), whole frames, the first left strike
  // of the trial at a_0.
  const double stride_length =
      nominal_stride_length(body, settings.pelvic_drop_rad, settings.knee_valgus_rad);
  const double stride_time = stride_length / settings.speed_mps;
  const std::size_t n_all = static_cast<std::size_t>(n) + 5;
  std::vector<long> T(n_all), a(n_all + 1);
  for (std::size_t k = 0; k < n_all; ++k) {
    const double frames = stride_time * (1.0 + settings.stride_time_cv * rng.normal()) * rate;
    T[k] = std::max(20L, static_cast<long>(std::llround(frames)));
  }
  a[0] = 0;
  for (std::size_t k = 0; k < n_all; ++k) a[k + 1] = a[k] + T[k];
  auto frac = [&](std::size_t k, double f) {
    return a[k] + static_cast<long>(std::llround(f * static_cast<double>(T[k])));
  };
  std::array<SideTimeline, 2> tl;
  for (std::size_t k = 0; k + 1 < n_all; ++k) {
    tl[0].strike.push_back(static_cast<double>(a[k]));
    tl[0].off.push_back(static_cast<double>(frac(k, kFootOff)));
    tl[1].strike.push_back(static_cast<double>(frac(k, kOtherStrike)));
    tl[1].off.push_back(static_cast<double>(frac(k + 1, kOtherOff)));
  }
  const double sd = settings.variability_sd_rad;
  for (std::size_t k = 0; k < tl[0].strike.size(); ++k) {
    for (std::size_t s = 0; s < 2; ++s) {
      tl[s].drop.push_back(settings.pelvic_drop_rad[s] + sd * rng.normal());
      tl[s].valgus.push_back(settings.knee_valgus_rad[s] + sd * rng.normal());
      tl[s].hip_var.push_back(sd * rng.normal());
      tl[s].knee_var.push_back(sd * rng.normal());
    }
  }
  // Trial frames: from a quarter cycle before the left strike of stride 0 (index 2) to three
  // quarters of a cycle after the left strike of stride n.
  const long start = a[2] - static_cast<long>(std::llround(0.25 * static_cast<double>(T[1])));
  const long stop = a[2 + static_cast<std::size_t>(n)] +
                    static_cast<long>(std::llround(
                        0.75 * static_cast<double>(T[2 + static_cast<std::size_t>(n)])));
  const auto n_frames = static_cast<Eigen::Index>(stop - start + 1);
  std::vector<double> times(static_cast<std::size_t>(n_frames));
  for (std::size_t i = 0; i < times.size(); ++i)
    times[i] = static_cast<double>(start) + static_cast<double>(i);
  const Placed placed = place(body, tl, times, true);

  SyntheticWalking out;
  WalkingTruth& truth = out.truth;
  truth.body = body;
  truth.stride_time_s = stride_time;
  truth.stride_length_m = stride_length;
  truth.max_anchor_slide_m = placed.max_anchor_slide_m;

  // Markers and truth angles.
  io::Trial& trial = out.trial;
  trial.point_rate_hz = rate;
  trial.first_frame = 1;
  trial.lab_axes = LabAxes();
  std::array<Trajectory, kMarkers> markers;
  for (auto& m : markers) m.resize(n_frames, 3);
  truth.R_lab_pelvis.resize(n_frames, 9);
  Trajectory baker_left(n_frames, 3);
  Trajectory com(n_frames, 3);
  std::array<Trajectory, 2> heel, forefoot, toe_tip;
  for (std::size_t s = 0; s < 2; ++s) {
    truth.hip_angles[s].resize(n_frames, 3);
    truth.knee_angles[s].resize(n_frames, 3);
    heel[s].resize(n_frames, 3);
    forefoot[s].resize(n_frames, 3);
    toe_tip[s].resize(n_frames, 3);
  }
  for (Eigen::Index f = 0; f < n_frames; ++f) {
    const auto i = static_cast<std::size_t>(f);
    const Pose& p = placed.poses[i];
    const Angles& an = placed.angles[i];
    const Eigen::Vector3d& o = placed.origin[i];
    for (std::size_t m = 0; m < kMarkers; ++m) markers[m].row(f) = (o + p.markers[m]).transpose();
    geometry::rotation_at(truth.R_lab_pelvis, f) = p.R_pelvis;
    baker_left.row(f) << an.tilt, an.obliquity_left, an.rotation_left;
    com.row(f) = (o + p.pelvis_centre).transpose();
    for (std::size_t s = 0; s < 2; ++s) {
      truth.hip_angles[s].row(f) = an.hip[s].transpose();
      truth.knee_angles[s].row(f) = an.knee[s].transpose();
      heel[s].row(f) = (o + p.heel[s]).transpose();
      forefoot[s].row(f) = (o + p.forefoot[s]).transpose();
      toe_tip[s].row(f) = (o + p.toe_tip[s]).transpose();
    }
  }
  truth.pelvis_angles_baker[0] = baker_left;
  // The right side's columns: same tilt, obliquity and rotation negated (the sign table).
  truth.pelvis_angles_baker[1] = baker_left;
  truth.pelvis_angles_baker[1].col(1) *= -1.0;
  truth.pelvis_angles_baker[1].col(2) *= -1.0;
  for (std::size_t s = 0; s < 2; ++s) {
    const Side side = s == 0 ? Side::Left : Side::Right;
    truth.pelvis_angles_pig[s] = pelvis::convert_pelvis_angles(
        truth.pelvis_angles_baker[s], side, pelvis::PelvisConvention::Baker,
        pelvis::PelvisConvention::PlugInGait);
  }
  {
    const double dx = markers[0](n_frames - 1, 0) + markers[1](n_frames - 1, 0) - markers[0](0, 0) -
                      markers[1](0, 0);
    truth.mean_speed_mps = 0.5 * dx / (static_cast<double>(n_frames - 1) / rate);
  }

  // Events inside the trial.
  struct Ev {
    long frame;
    Side side;
    events::EventKind kind;
  };
  std::vector<Ev> evs;
  for (std::size_t s = 0; s < 2; ++s) {
    const Side side = s == 0 ? Side::Left : Side::Right;
    for (std::size_t k = 0; k < tl[s].strike.size(); ++k) {
      const auto fs = static_cast<long>(tl[s].strike[k]), fo = static_cast<long>(tl[s].off[k]);
      if (fs >= start && fs <= stop)
        evs.push_back({fs - start, side, events::EventKind::FootStrike});
      if (fo >= start && fo <= stop) evs.push_back({fo - start, side, events::EventKind::FootOff});
    }
  }
  std::sort(evs.begin(), evs.end(), [](const Ev& x, const Ev& y) {
    return x.frame < y.frame || (x.frame == y.frame && x.side < y.side);
  });
  for (const Ev& e : evs) {
    events::GaitEvent g;
    g.side = e.side;
    g.kind = e.kind;
    g.frame = static_cast<Eigen::Index>(e.frame);
    g.time_s = static_cast<double>(e.frame) / rate;
    g.source = "synth";
    truth.events.push_back(g);
    io::Event fe;
    fe.label = e.kind == events::EventKind::FootStrike ? "Foot Strike" : "Foot Off";
    fe.context = e.side == Side::Left ? "Left" : "Right";
    fe.time_s = g.time_s;  // first_frame 1: frame i at i / rate
    fe.icon_id = e.kind == events::EventKind::FootStrike ? 1 : 2;
    trial.events.push_back(fe);
  }

  // Complete stances, in time order.
  struct StanceWork {
    WalkingStance st;
    std::size_t stride;
    double stride_frames;
  };
  std::vector<StanceWork> stances;
  for (std::size_t s = 0; s < 2; ++s) {
    const Side side = s == 0 ? Side::Left : Side::Right;
    int index = 0;
    for (std::size_t k = 0; k + 1 < tl[s].strike.size(); ++k) {
      const auto fs = static_cast<long>(tl[s].strike[k]), fo = static_cast<long>(tl[s].off[k]);
      if (fs < start || fo > stop) continue;
      StanceWork w;
      w.st.side = side;
      w.st.index = index++;
      w.st.foot_strike_frame = fs - start;
      w.st.foot_off_frame = fo - start;
      w.stride = k;
      w.stride_frames = tl[s].strike[k + 1] - tl[s].strike[k];
      // Single support: the other foot's off inside the stance to its next strike.
      const SideTimeline& o = tl[1 - s];
      for (std::size_t j = 0; j + 1 < o.strike.size(); ++j) {
        if (o.off[j] > static_cast<double>(fs) && o.off[j] < static_cast<double>(fo)) {
          w.st.single_support_begin = static_cast<long>(o.off[j]) - start;
          w.st.single_support_end = static_cast<long>(o.strike[j + 1]) - start;
        }
      }
      w.st.pelvic_drop_injected_rad = tl[s].drop[k];
      w.st.knee_valgus_injected_rad = tl[s].valgus[k];
      const double sign = s == 0 ? 1.0 : -1.0;
      w.st.pelvic_drop_rad = -std::numeric_limits<double>::infinity();
      for (Eigen::Index f = w.st.single_support_begin; f < w.st.single_support_end; ++f) {
        const double v = sign * baker_left(f, 1);
        if (v > w.st.pelvic_drop_rad) {
          w.st.pelvic_drop_rad = v;
          w.st.pelvic_drop_frame = f;
        }
      }
      w.st.knee_valgus_rad = -std::numeric_limits<double>::infinity();
      w.st.hip_adduction_rad = -std::numeric_limits<double>::infinity();
      for (Eigen::Index f = w.st.foot_strike_frame; f < w.st.foot_off_frame; ++f) {
        const double v = -truth.knee_angles[s](f, 1);
        if (v > w.st.knee_valgus_rad) {
          w.st.knee_valgus_rad = v;
          w.st.knee_valgus_frame = f;
        }
        w.st.hip_adduction_rad = std::max(w.st.hip_adduction_rad, truth.hip_angles[s](f, 1));
      }
      stances.push_back(w);
    }
  }
  std::sort(stances.begin(), stances.end(), [](const StanceWork& x, const StanceWork& y) {
    return x.st.foot_strike_frame < y.st.foot_strike_frame;
  });

  // Which stances get a plate.
  std::vector<bool> instrumented(stances.size(), settings.plates_every_stance);
  if (!settings.plates_every_stance) {
    for (std::size_t r = 0; r < settings.plate_stances.size(); ++r) {
      const StanceRef& ref = settings.plate_stances[r];
      bool found = false;
      for (std::size_t j = 0; j < stances.size(); ++j) {
        if (stances[j].st.side == ref.side && stances[j].st.index == ref.index) {
          instrumented[j] = true;
          found = true;
        }
      }
      if (!found) {
        int count = 0;
        for (const StanceWork& w : stances) count += w.st.side == ref.side ? 1 : 0;
        HIPMECH_CHECK_ARG(false, "plate_stances[" + std::to_string(r) + "]",
                          "a complete stance: index 0.." + std::to_string(count - 1) + " of the " +
                              std::string(to_string(ref.side)) + " side",
                          ref.index);
      }
    }
  }

  // Ground reaction per instrumented stance, at the analog rate, lab frame.
  const double body_weight = settings.body_mass_kg * 9.81;
  auto at_sample = [&](const Trajectory& x, Eigen::Index sample) {
    const double fr = static_cast<double>(sample) / static_cast<double>(spf);
    const auto f0 = std::min<Eigen::Index>(static_cast<Eigen::Index>(fr), n_frames - 1);
    const Eigen::Index f1 = std::min<Eigen::Index>(f0 + 1, n_frames - 1);
    const double w = fr - static_cast<double>(f0);
    return Eigen::Vector3d((1.0 - w) * x.row(f0).transpose() + w * x.row(f1).transpose());
  };
  io::Parameters& params = trial.parameters;
  params.set("POINT", io::make_parameter("UNITS", std::vector<std::string>{"mm"}));
  struct PlateLoad {
    std::size_t stance;
    Eigen::Index b0;
    Trajectory force, cop;
    Series tz;
    Eigen::Vector2d centre;
  };
  std::vector<PlateLoad> loads;
  double max_stance_slide = 0.0;
  for (std::size_t j = 0; j < stances.size(); ++j) {
    if (!instrumented[j]) continue;
    WalkingStance& st = stances[j].st;
    const std::size_t s = st.side == Side::Left ? 0 : 1;
    const double lat = lateral_sign(st.side);
    st.plate = static_cast<int>(loads.size());
    const Eigen::Index b0 = st.foot_strike_frame * spf, b1 = st.foot_off_frame * spf;
    const double dur = static_cast<double>(b1 - b0);
    // Each stance carries half of its stride's weight impulse: mean vertical force over a
    // stride = body weight.
    const double scale =
        stances[j].stride_frames * static_cast<double>(spf) / (2.0 * dur * vertical_shape_mean());
    PlateLoad load{j,
                   b0,
                   Trajectory(b1 - b0 + 1, 3),
                   Trajectory(b1 - b0 + 1, 3),
                   Series(b1 - b0 + 1),
                   Eigen::Vector2d::Zero()};
    Eigen::Vector2d lo(1e9, 1e9), hi(-1e9, -1e9);
    for (Eigen::Index q = b0; q <= b1; ++q) {
      const double u = static_cast<double>(q - b0) / dur;
      const Eigen::Vector3d h = at_sample(heel[s], q), e = at_sample(toe_tip[s], q),
                            mf = at_sample(forefoot[s], q);
      // Centre of pressure: heel contact -> a third of the way from the metatarsal heads to
      // the toe tip, on the floor under the foot as it is at that instant.
      const Eigen::Vector3d end = mf + 0.35 * (e - mf);
      Eigen::Vector3d c = h + u * (end - h);
      c.z() = 0.0;
      const Eigen::Vector3d g = at_sample(com, q);
      const double fz = body_weight * scale * vertical_shape(u);
      // Direction: from the centre of pressure towards the centre-of-mass proxy.
      load.force.row(q - b0) = (fz / (g.z() - c.z()) * (g - c)).transpose();
      load.cop.row(q - b0) = c.transpose();
      load.tz[q - b0] = -lat * 0.005 * body_weight * std::sin(2.0 * kPi * u) * vertical_shape(u);
      lo = lo.cwiseMin(c.head<2>());
      hi = hi.cwiseMax(c.head<2>());
    }
    load.centre = 0.5 * (lo + hi);
    // Slide of the foot's contact over the stance: heel from strike to the other foot's off,
    // forefoot from the other foot's strike to foot off.
    max_stance_slide =
        std::max({max_stance_slide,
                  (heel[s].row(st.single_support_begin) - heel[s].row(st.foot_strike_frame))
                      .head<2>()
                      .norm(),
                  (forefoot[s].row(st.foot_off_frame) - forefoot[s].row(st.single_support_end))
                      .head<2>()
                      .norm()});
    loads.push_back(std::move(load));
  }
  // Plates 0.5 m along X (shorter if two plates would overlap) and 0.4 m across, centred on
  // the centre-of-pressure path; plate axes x = lab +X, y = lab -Y, z down.
  double half_x = 0.25;
  const double half_y = 0.20;
  for (std::size_t p = 0; p < loads.size(); ++p) {
    for (std::size_t q = p + 1; q < loads.size(); ++q) {
      const double dx = std::fabs(loads[p].centre.x() - loads[q].centre.x());
      const double dy = std::fabs(loads[p].centre.y() - loads[q].centre.y());
      if (dy < 2.0 * half_y) half_x = std::min(half_x, 0.5 * dx - 0.005);
    }
  }
  Eigen::Matrix3d R;
  R << 1, 0, 0, 0, -1, 0, 0, 0, -1;
  std::vector<double> corners, origins, channels_list, types;
  const Eigen::Index n_samples = n_frames * spf;
  const auto n_plates = static_cast<int>(loads.size());
  trial.analog.rate_hz = settings.analog_rate_hz;
  trial.analog.values = Channels::Zero(n_samples, 6 * n_plates);
  for (std::size_t p = 0; p < loads.size(); ++p) {
    const PlateLoad& load = loads[p];
    const Eigen::Vector3d C(load.centre.x(), load.centre.y(), 0.0);
    const Eigen::Vector3d O = C - R * Eigen::Vector3d(0.0, 0.0, -kPlateDepth);
    for (const auto& xy : {std::pair<double, double>{half_x, half_y},
                           {-half_x, half_y},
                           {-half_x, -half_y},
                           {half_x, -half_y}}) {
      const Eigen::Vector3d c = C + R * Eigen::Vector3d(xy.first, xy.second, 0.0);
      for (int d = 0; d < 3; ++d) corners.push_back(c[d] * 1e3);
    }
    for (double v : {0.0, 0.0, -kPlateDepth * 1e3}) origins.push_back(v);
    types.push_back(2.0);
    const auto col = static_cast<Eigen::Index>(6 * p);
    for (Eigen::Index r = 0; r < load.force.rows(); ++r) {
      const Eigen::Vector3d F = load.force.row(r).transpose();
      const Eigen::Vector3d c = load.cop.row(r).transpose();
      const Eigen::Vector3d M = (c - O).cross(F) + Eigen::Vector3d(0.0, 0.0, load.tz[r]);
      trial.analog.values.block<1, 3>(load.b0 + r, col) = (R.transpose() * F).transpose();
      trial.analog.values.block<1, 3>(load.b0 + r, col + 3) = (R.transpose() * M).transpose();
    }
    const std::string num = std::to_string(p + 1);
    for (const char* c : {"Fx", "Fy", "Fz", "Mx", "My", "Mz"}) {
      trial.analog.names.push_back(std::string(c) + num);
      trial.analog.descriptions.push_back("Force plate " + num);
      trial.analog.units_original.push_back(c[0] == 'F' ? "N" : "Nmm");
    }
    for (int c = 1; c <= 6; ++c) channels_list.push_back(static_cast<double>(6 * p) + c);
  }
  truth.max_stance_slide_m = max_stance_slide;
  using io::ParameterType;
  params.set("FORCE_PLATFORM",
             io::make_parameter("USED", {static_cast<double>(n_plates)}, ParameterType::Int16, {}));
  if (n_plates > 0) {
    params.set("FORCE_PLATFORM",
               io::make_parameter("TYPE", types, ParameterType::Int16, {n_plates}));
    params.set("FORCE_PLATFORM",
               io::make_parameter("ZERO", {1.0, 10.0}, ParameterType::Int16, {2}));
    params.set("FORCE_PLATFORM",
               io::make_parameter("CHANNEL", channels_list, ParameterType::Int16, {6, n_plates}));
    params.set("FORCE_PLATFORM",
               io::make_parameter("CORNERS", corners, ParameterType::Float, {3, 4, n_plates}));
    params.set("FORCE_PLATFORM",
               io::make_parameter("ORIGIN", origins, ParameterType::Float, {3, n_plates}));
  }
  trial.force_plates = io::force_plates_from_analog(params, trial.analog);

  // Marker noise, then the points (stored in mm, as Vicon does).
  if (settings.marker_noise_m > 0.0) {
    for (auto& m : markers) {
      for (Eigen::Index f = 0; f < n_frames; ++f) {
        for (int d = 0; d < 3; ++d) m(f, d) += settings.marker_noise_m * rng.normal();
      }
    }
  }
  for (std::size_t m = 0; m < kMarkers; ++m) {
    trial.set_point(marker_names()[m], std::move(markers[m]), io::PointKind::Marker, "mm");
  }

  // Subject parameters (Plug-in Gait's PROCESSING group on writing).
  io::SubjectParameters& subj = trial.subject;
  subj.body_mass_kg = settings.body_mass_kg;
  subj.height_m = settings.height_m;
  subj.inter_asis_distance_m = body.inter_asis_distance_m;
  subj.marker_diameter_m = body.marker_diameter_m;
  for (std::size_t s = 0; s < 2; ++s) {
    subj.leg_length_m[s] = body.leg_length_m;
    subj.asis_trochanter_distance_m[s] = body.asis_trochanter_distance_m;
    subj.knee_width_m[s] = body.knee_width_m;
    subj.ankle_width_m[s] = body.ankle_width_m;
    // The markers are placed for a model without rotation offsets, torsion or foot offsets:
    // say so, as Vicon would store zeros.
    subj.thigh_rotation_rad[s] = subj.shank_rotation_rad[s] = subj.tibial_torsion_rad[s] = 0.0;
    subj.static_plantar_flexion_rad[s] = subj.static_rotation_offset_rad[s] = 0.0;
    subj.ankle_abduction_rad[s] = subj.sole_delta_m[s] = 0.0;
  }
  for (const StanceWork& w : stances) truth.stances.push_back(w.st);
  return out;
}

}  // namespace hipmech::synth
