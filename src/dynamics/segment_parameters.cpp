// The compiled definitions of <hipmech/dynamics/segment_parameters.hpp> (declared and documented
// there): heavy functions users never need inline, compiled once into the library.
#include "hipmech/dynamics/segment_parameters.hpp"

namespace hipmech::dynamics::detail {

SegmentParameters de_leva_row(std::string_view name, std::string_view proximal,
                              std::string_view distal, int count, double mass_pct, double com_pct,
                              double r_sagittal_pct, double r_transverse_pct,
                              double r_longitudinal_pct, bool long_axis_x,
                              std::string_view part_of) {
  const double c = com_pct / 100.0;
  const double sag = r_sagittal_pct / 100.0;
  const double tra = r_transverse_pct / 100.0;
  const double lon = r_longitudinal_pct / 100.0;
  return {name,
          proximal,
          distal,
          count,
          mass_pct / 100.0,
          long_axis_x ? Eigen::Vector3d(c, 0.0, 0.0) : Eigen::Vector3d(0.0, -c, 0.0),
          long_axis_x ? Eigen::Vector3d(lon, sag, tra) : Eigen::Vector3d(sag, lon, tra),
          Eigen::Vector3d::Zero(),
          ComConvention::AlongSegment,
          part_of};
}

SegmentParameters dempster_row(std::string_view name, std::string_view proximal,
                               std::string_view distal, int count, double mass, double com_signed,
                               double radius, bool long_axis_x) {
  return {
      name,
      proximal,
      distal,
      count,
      mass,
      long_axis_x ? Eigen::Vector3d(com_signed, 0.0, 0.0) : Eigen::Vector3d(0.0, com_signed, 0.0),
      std::isnan(radius) ? Eigen::Vector3d(radius, radius, radius)
      : long_axis_x      ? Eigen::Vector3d(0.0, radius, radius)
                         : Eigen::Vector3d(radius, 0.0, radius),
      Eigen::Vector3d::Zero(),
      ComConvention::AlongSegment,
      {}};
}

SegmentParameters dumas_row(std::string_view name, std::string_view proximal,
                            std::string_view distal, int count, double mass_pct, double cx,
                            double cy, double cz, double rxx, double ryy, double rzz, double rxy,
                            double rxz, double ryz) {
  return {name,
          proximal,
          distal,
          count,
          mass_pct / 100.0,
          Eigen::Vector3d(cx, cy, cz) / 100.0,
          Eigen::Vector3d(rxx, ryy, rzz) / 100.0,
          Eigen::Vector3d(rxy, rxz, ryz) / 100.0,
          ComConvention::SegmentFrame,
          {}};
}

const BspTableInfo& de_leva_table(bool male) {
  static const SegmentParameters male_rows[] = {
      de_leva_row("head", kVertex, kMidGonion, 1, 6.94, 59.76, 36.2, 37.6, 31.2),
      de_leva_row("trunk", kSuprasternale, kMidHip, 1, 43.46, 44.86, 37.2, 34.7, 19.1),
      de_leva_row("upper_trunk", kSuprasternale, kXiphion, 1, 15.96, 29.99, 71.6, 45.4, 65.9, false,
                  "trunk"),
      de_leva_row("middle_trunk", kXiphion, kOmphalion, 1, 16.33, 45.02, 48.2, 38.3, 46.8, false,
                  "trunk"),
      de_leva_row("lower_trunk", kOmphalion, kMidHip, 1, 11.17, 61.15, 61.5, 55.1, 58.7, false,
                  "trunk"),
      de_leva_row("upper_arm", kSjc, kEjc, 2, 2.71, 57.72, 28.5, 26.9, 15.8),
      de_leva_row("forearm", kEjc, kWjc, 2, 1.62, 45.74, 27.6, 26.5, 12.1),
      de_leva_row("hand", kWjc, kMet3, 2, 0.61, 79.00, 62.8, 51.3, 40.1),
      de_leva_row("thigh", kHjc, kKjc, 2, 14.16, 40.95, 32.9, 32.9, 14.9),
      de_leva_row("shank", kKjc, kLmal, 2, 4.33, 44.59, 25.5, 24.9, 10.3),
      de_leva_row("foot", kHeel, kToeTip, 2, 1.37, 44.15, 25.7, 24.5, 12.4, true),
  };
  static const SegmentParameters female_rows[] = {
      de_leva_row("head", kVertex, kMidGonion, 1, 6.68, 58.94, 33.0, 35.9, 31.8),
      de_leva_row("trunk", kSuprasternale, kMidHip, 1, 42.57, 41.51, 35.7, 33.9, 17.1),
      de_leva_row("upper_trunk", kSuprasternale, kXiphion, 1, 15.45, 20.77, 74.6, 50.2, 71.8, false,
                  "trunk"),
      de_leva_row("middle_trunk", kXiphion, kOmphalion, 1, 14.65, 45.12, 43.3, 35.4, 41.5, false,
                  "trunk"),
      de_leva_row("lower_trunk", kOmphalion, kMidHip, 1, 12.47, 49.20, 43.3, 40.2, 44.4, false,
                  "trunk"),
      de_leva_row("upper_arm", kSjc, kEjc, 2, 2.55, 57.54, 27.8, 26.0, 14.8),
      de_leva_row("forearm", kEjc, kWjc, 2, 1.38, 45.59, 26.1, 25.7, 9.4),
      de_leva_row("hand", kWjc, kMet3, 2, 0.56, 74.74, 53.1, 45.4, 33.5),
      de_leva_row("thigh", kHjc, kKjc, 2, 14.78, 36.12, 36.9, 36.4, 16.2),
      de_leva_row("shank", kKjc, kLmal, 2, 4.81, 44.16, 27.1, 26.7, 9.3),
      de_leva_row("foot", kHeel, kToeTip, 2, 1.29, 40.14, 29.9, 27.9, 13.9, true),
  };
  static const BspTableInfo male_info = make_table_info(
      BspTable::DeLevaMale,
      "de Leva P (1996) Adjustments to Zatsiorsky-Seluyanov's segment inertia parameters. "
      "J Biomech 29(9):1223-1230, Table 4 (males; upper part of the table)",
      true, male_rows);
  static const BspTableInfo female_info = make_table_info(
      BspTable::DeLevaFemale,
      "de Leva P (1996) Adjustments to Zatsiorsky-Seluyanov's segment inertia parameters. "
      "J Biomech 29(9):1223-1230, Table 4 (females; upper part of the table)",
      true, female_rows);
  return male ? male_info : female_info;
}

const BspTableInfo& dempster_winter_table() {
  static const SegmentParameters rows[] = {
      dempster_row("hand", "wrist axis", "knuckle II of the middle finger", 2, 0.006, -0.506,
                   0.297),
      dempster_row("forearm", "elbow axis", "ulnar styloid", 2, 0.016, -0.430, 0.303),
      dempster_row("upper_arm", "glenohumeral axis", "elbow axis", 2, 0.028, -0.436, 0.322),
      dempster_row("foot", "lateral malleolus", "head of metatarsal II", 2, 0.0145, 0.500, 0.475,
                   true),
      dempster_row("shank", "femoral condyles", "medial malleolus", 2, 0.0465, -0.433, 0.302),
      dempster_row("thigh", "greater trochanter", "femoral condyles", 2, 0.100, -0.433, 0.323),
      // Winter's "proximal" end of the head and neck is C7-T1, below the ear canal: +Y.
      dempster_row("head_neck", "C7-T1 and first rib", "ear canal", 1, 0.081, 1.000, 0.495),
      dempster_row("thorax", "C7-T1", "T12-L1 and diaphragm", 1, 0.216, -0.82, kNoRadius),
      dempster_row("abdomen", "T12-L1", "L4-L5", 1, 0.139, -0.44, kNoRadius),
      dempster_row("pelvis", "L4-L5", "greater trochanter", 1, 0.142, -0.105, kNoRadius),
  };
  static const BspTableInfo info = make_table_info(
      BspTable::DempsterWinter,
      "Winter DA (2009) Biomechanics and Motor Control of Human Movement, 4th ed. Wiley, "
      "Table 4.1 (after Dempster WT (1955) Space requirements of the seated operator. "
      "WADC-TR-55-159); individual segments only",
      true, rows);
  return info;
}

const BspTableInfo& dumas_table(bool male) {
  static const SegmentParameters male_rows[] = {
      dumas_row("head_neck", "cervical joint centre (CJC)", "head vertex (HV)", 1,  //
                6.7, 2.0, 53.6, 0.1, 28, 21, 30, -7, -2, 3),
      dumas_row("torso", "cervical joint centre (CJC)", "lumbar joint centre (LJC)", 1,  //
                33.3, -3.6, -42.0, -0.2, 27, 25, 28, 18, 2, -4),
      dumas_row("upper_arm", kSjc, kEjc, 2,  //
                2.4, 1.7, -45.2, -2.6, 31, 14, 32, 6, 5, 2),
      dumas_row("forearm", kEjc, kWjc, 2,  //
                1.7, 1.0, -41.7, 1.4, 28, 11, 27, 3, 2, -8),
      dumas_row("hand", kWjc, "midpoint of the 2nd and 5th metacarpal heads", 2,  //
                0.6, 8.2, -83.9, 7.4, 61, 38, 56, 22, 15, -20),
      dumas_row("pelvis", "lumbar joint centre (LJC)",
                "projection of the hip joint centres on the sagittal plane", 1,  //
                14.2, 2.8, -28.0, -0.6, 101, 106, 95, -25, -12, -8),
      dumas_row("thigh", kHjc, kKjc, 2,  //
                12.3, -4.1, -42.9, 3.3, 29, 15, 30, 7, -2, -7),
      dumas_row("shank", kKjc, kAjc, 2,  //
                4.8, -4.8, -41.0, 0.7, 28, 10, 28, -4, -2, 5),
      dumas_row("foot", kAjc, "midpoint of the 1st and 5th metatarsal heads", 2,  //
                1.2, 38.2, -15.1, 2.6, 17, 37, 36, 13, -8, 0),
  };
  static const SegmentParameters female_rows[] = {
      dumas_row("head_neck", "cervical joint centre (CJC)", "head vertex (HV)", 1,  //
                6.7, 1.6, 57.5, 0.1, 29, 23, 30, -4, 1, 0),
      dumas_row("torso", "cervical joint centre (CJC)", "lumbar joint centre (LJC)", 1,  //
                30.4, -1.6, -43.6, -0.6, 29, 27, 29, 22, 5, -5),
      dumas_row("upper_arm", kSjc, kEjc, 2,  //
                2.2, -7.3, -45.4, -2.8, 33, 17, 33, 3, -5, 14),
      dumas_row("forearm", kEjc, kWjc, 2,  //
                1.3, 2.1, -41.1, 1.9, 26, 14, 25, 10, 4, -13),
      dumas_row("hand", kWjc, "midpoint of the 2nd and 5th metacarpal heads", 2,  //
                0.5, 7.7, -76.8, 4.8, 63, 43, 58, 29, 23, -28),
      dumas_row("pelvis", "lumbar joint centre (LJC)",
                "projection of the hip joint centres on the sagittal plane", 1,  //
                14.6, -0.9, -23.2, 0.2, 91, 100, 79, -34, -1, -1),
      dumas_row("thigh", kHjc, kKjc, 2,  //
                14.6, -7.7, -37.7, 0.9, 31, 19, 32, 7, -2, -7),
      dumas_row("shank", kKjc, kAjc, 2,  //
                4.5, -4.9, -40.4, 3.1, 28, 10, 28, 2, 1, 6),
      dumas_row("foot", kAjc, "midpoint of the 1st and 5th metatarsal heads", 2,  //
                1.0, 27.0, -21.8, 3.9, 17, 36, 35, -10, 6, -4),
  };
  static const BspTableInfo male_info = make_table_info(
      BspTable::DumasMale,
      "Dumas R, Cheze L, Verriest J-P (2007) Adjustments to McConville et al. and Young et al. "
      "body segment inertial parameters. J Biomech 40(3):543-553, Table 2 (males; head and "
      "neck from the corrigendum, J Biomech 2007)",
      true, male_rows);
  static const BspTableInfo female_info = make_table_info(
      BspTable::DumasFemale,
      "Dumas R, Cheze L, Verriest J-P (2007) Adjustments to McConville et al. and Young et al. "
      "body segment inertial parameters. J Biomech 40(3):543-553, Table 2 (females; head and "
      "neck from the corrigendum, J Biomech 2007)",
      true, female_rows);
  return male ? male_info : female_info;
}

const BspTableInfo& plug_in_gait_table() {
  static const SegmentParameters rows[] = {
      dempster_row("thigh", kHjc, kKjc, 2, 0.100, -(1.0 - 0.567), 0.540),
      dempster_row("shank", kKjc, kAjc, 2, 0.0465, -(1.0 - 0.567), 0.528),
      dempster_row("foot", kAjc, "toe marker (TOE, second metatarsal head)", 2, 0.0145, 0.5, 0.690,
                   true),
  };
  static const BspTableInfo info = make_table_info(
      BspTable::PlugInGait,
      "Vicon Plug-in Gait (Vicon Motion Systems, Plug-in Gait reference guide, kinetics): "
      "Dempster (1955) mass fractions; centre of mass 0.567 (foot 0.5) of the length from the "
      "distal joint; radii of gyration 0.540, 0.528, 0.690 of the length (Dempster's about the "
      "proximal end) applied about the centre of mass across the segment, none about the long "
      "axis",
      false, rows);
  return info;
}

}  // namespace hipmech::dynamics::detail

namespace hipmech::dynamics {

const BspTableInfo& bsp_table(BspTable which) {
  switch (which) {
    case BspTable::DeLevaMale:
      return detail::de_leva_table(true);
    case BspTable::DeLevaFemale:
      return detail::de_leva_table(false);
    case BspTable::DempsterWinter:
      return detail::dempster_winter_table();
    case BspTable::DumasMale:
      return detail::dumas_table(true);
    case BspTable::DumasFemale:
      return detail::dumas_table(false);
    case BspTable::PlugInGait:
      return detail::plug_in_gait_table();
  }
  ::hipmech::detail::throw_invalid_argument("table", "a BspTable enumerator",
                                            std::to_string(static_cast<int>(which)));
}

BspTable parse_bsp_table(std::string_view text, const char* arg) {
  const std::string s = ::hipmech::detail::folded(text);
  std::string names;
  for (BspTable t : detail::kAllBspTables) {
    if (s == to_string(t)) return t;
    names += (names.empty() ? "'" : ", '") + std::string(to_string(t)) + "'";
  }
  ::hipmech::detail::throw_invalid_argument(arg, "one of " + names, "'" + std::string(text) + "'");
}

const SegmentParameters& find_segment(BspTable which, std::string_view name) {
  const BspTableInfo& table = bsp_table(which);
  const std::string s = ::hipmech::detail::folded(name);
  std::string names;
  for (const SegmentParameters& row : table) {
    if (s == row.name) return row;
    names += (names.empty() ? "'" : ", '") + std::string(row.name) + "'";
  }
  ::hipmech::detail::throw_invalid_argument(
      "segment", "a segment of table '" + std::string(table.name) + "': one of " + names,
      "'" + std::string(name) + "'");
}

SegmentInertia segment_inertia(const SegmentParameters& row, double body_mass_kg,
                               const Eigen::Vector3d& proximal_m, const Eigen::Vector3d& distal_m,
                               Side side) {
  check_positive(body_mass_kg, "body_mass_kg", "kg");
  HIPMECH_CHECK_ARG(proximal_m.allFinite(), "proximal_m", "a finite point [m]",
                    proximal_m.transpose());
  HIPMECH_CHECK_ARG(distal_m.allFinite(), "distal_m", "a finite point [m]", distal_m.transpose());
  const Eigen::Vector3d along = distal_m - proximal_m;
  const double length_m = along.norm();
  const double scale =
      std::max({1.0, proximal_m.cwiseAbs().maxCoeff(), distal_m.cwiseAbs().maxCoeff()});
  HIPMECH_CHECK_ARG(length_m > 1e-12 * scale, "distal_m",
                    "a point distinct from proximal_m (a segment length > 0)",
                    "a point " + ::hipmech::detail::to_message(length_m) + " m from proximal_m");
  HIPMECH_CHECK_ARG(
      std::isfinite(row.mass_fraction) && row.mass_fraction > 0.0 && row.mass_fraction <= 1.0,
      "row", "a mass_fraction in (0, 1]", row.mass_fraction);
  HIPMECH_CHECK_ARG(row.com_fraction.allFinite() && row.product_fraction.allFinite(), "row",
                    "a finite com_fraction and product_fraction",
                    "a non-finite value in row '" + std::string(row.name) + "'");
  HIPMECH_CHECK_ARG(!(row.gyration_fraction.array() < 0.0).any(), "row",
                    "non-negative gyration_fraction (or NaN where the table gives none)",
                    row.gyration_fraction.transpose());

  const double s = lateral_sign(side);
  SegmentInertia out;
  out.mass_kg = row.mass_fraction * body_mass_kg;
  if (row.com_convention == ComConvention::AlongSegment) {
    out.com_m = proximal_m + row.com_fraction.norm() * along;
  } else {
    const Eigen::Vector3d c(row.com_fraction.x(), row.com_fraction.y(), s * row.com_fraction.z());
    out.com_m = proximal_m + length_m * c;
  }
  const double ml2 = out.mass_kg * length_m * length_m;
  const auto signed_square = [](double p) { return p * std::abs(p); };
  Eigen::Matrix3d inertia = Eigen::Matrix3d::Zero();
  inertia.diagonal() = ml2 * row.gyration_fraction.array().square().matrix();
  inertia(0, 1) = inertia(1, 0) = ml2 * signed_square(row.product_fraction.x());
  inertia(0, 2) = inertia(2, 0) = s * ml2 * signed_square(row.product_fraction.y());
  inertia(1, 2) = inertia(2, 1) = s * ml2 * signed_square(row.product_fraction.z());
  out.inertia_kgm2 = inertia;
  return out;
}

}  // namespace hipmech::dynamics
