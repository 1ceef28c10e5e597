/// \file
/// Body segment parameter (BSP) tables re-entered from the papers, and their scaling to one
/// subject: segment mass, centre of mass and inertia tensor about the centre of mass in the
/// segment frame (a dynamics::SegmentInertia for the Newton-Euler recursion).
///
/// Tables (docs/dynamics.md lists every value with its sources):
/// - de Leva (1996) J Biomech 29:1223-1230, Table 4, males and females (the upper rows, whose
///   endpoints are joint centres or the landmarks named there);
/// - Dempster (1955) as tabulated by Winter (2009), Table 4.1: the individual segments only;
/// - Dumas, Cheze & Verriest (2007) J Biomech 40:543-553, Table 2, males and females, with the
///   head-and-neck values of the paper's corrigendum (the segment coordinate system definitions
///   whose lengths run between joint centres);
/// - Vicon Plug-in Gait: thigh, shank and foot (Dempster's values applied as Plug-in Gait does).
///
/// Axes are those of a RIGHT-side segment frame after the ISB (Wu et al. 2002): X anterior,
/// Y superior (towards the proximal end of a limb segment), Z to the right. Every fraction is
/// dimensionless: of the body mass, or of the segment length L = |distal - proximal|.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <initializer_list>
#include <limits>
#include <string>
#include <string_view>

#include <Eigen/Core>

#include "hipmech/core/check.hpp"
#include "hipmech/core/detail/text.hpp"
#include "hipmech/core/side.hpp"
#include "hipmech/dynamics/segment_inertia.hpp"

namespace hipmech::dynamics {

/// A body segment parameter table.
enum class BspTable {
  DeLevaMale,      ///< de Leva (1996), Table 4, males ("de_leva_male").
  DeLevaFemale,    ///< de Leva (1996), Table 4, females ("de_leva_female").
  DempsterWinter,  ///< Dempster (1955) after Winter (2009), Table 4.1 ("dempster_winter").
  DumasMale,       ///< Dumas et al. (2007), Table 2, males ("dumas_male").
  DumasFemale,     ///< Dumas et al. (2007), Table 2, females ("dumas_female").
  PlugInGait,      ///< Vicon Plug-in Gait: thigh, shank, foot ("plug_in_gait").
};

/// How a row places the centre of mass.
enum class ComConvention {
  /// A 1-D table (de Leva, Dempster/Winter, Plug-in Gait): the centre of mass lies on the line
  /// from the proximal to the distal endpoint, |com_fraction| of the length from the proximal
  /// endpoint. com_fraction's direction only records which ISB axis that line is (-Y for a long
  /// bone measured downwards, +X for a foot, +Y for Winter's head and neck measured upwards).
  AlongSegment,
  /// A 3-D table (Dumas et al. 2007): com_fraction is the centre of mass's position from the
  /// segment frame's origin (the proximal endpoint), in that frame's axes, as fractions of L.
  SegmentFrame,
};

/// One row of a table: dimensionless fractions.
struct SegmentParameters {
  /// Canonical name: "thigh", "shank", "foot" in every table (Dumas' and Winter's "leg" is
  /// "shank"); the others as the paper names them, in snake_case ("head_neck", "trunk",
  /// "upper_arm", "forearm", "hand", "pelvis", ...).
  std::string_view name;
  /// The endpoint the segment length starts from, as the paper defines it (the origin of the
  /// segment frame for a 3-D table), e.g. "hip joint centre".
  std::string_view proximal_endpoint;
  /// The endpoint the segment length ends at, e.g. "knee joint centre".
  std::string_view distal_endpoint;
  /// How many per body: 2 for a limb segment, 1 otherwise (for the whole-body mass sum).
  int count;
  /// Segment mass as a fraction of body mass.
  double mass_fraction;
  /// Centre of mass from the proximal endpoint, fractions of L, right-side ISB axes (see
  /// ComConvention for what a 1-D table's vector means).
  Eigen::Vector3d com_fraction;
  /// Radii of gyration about the X, Y, Z axes through the centre of mass, fractions of L.
  /// de Leva's columns map as: longitudinal -> the segment's long axis (Y; X for the foot);
  /// transverse -> the mediolateral axis Z; sagittal -> the remaining axis lying in the
  /// sagittal plane (X, anteroposterior; Y, vertical, for the foot). Dempster/Winter and
  /// Plug-in Gait give one radius: it is used about both axes across the segment and the
  /// radius about the long axis is 0 (a thin rod), so those tensors are only semi-definite.
  /// NaN where the table gives no radius (Winter's thorax, abdomen and pelvis).
  Eigen::Vector3d gyration_fraction;
  /// Signed products (r_xy, r_xz, r_yz) of Dumas et al. (2007), fractions of L: the paper's
  /// "i" (an imaginary radius, whose square is negative) is stored as a negative value. The
  /// tensor entry is I_ab = m L^2 * p_ab * |p_ab| (the paper's m (r_ab L)^2), placed directly
  /// off the diagonal of SegmentInertia::inertia_kgm2 (whose entries are -sum m a b). 0 in the
  /// 1-D tables.
  Eigen::Vector3d product_fraction;
  /// How com_fraction places the centre of mass.
  ComConvention com_convention;
  /// Non-empty for a row that is a part of another row of the same table (de Leva's upper,
  /// middle and lower trunk are parts of "trunk"): leave it out of the whole-body mass sum.
  std::string_view part_of;
};

/// One table: its name (the text parse_bsp_table reads), citation and rows.
struct BspTableInfo {
  BspTable table;
  /// "de_leva_male", "de_leva_female", "dempster_winter", "dumas_male", "dumas_female",
  /// "plug_in_gait".
  std::string_view name;
  /// Where the numbers come from.
  std::string_view citation;
  /// True when the rows cover the whole body, so that mass_fraction * count over the rows with
  /// an empty part_of sums to 1 within the paper's rounding (false for Plug-in Gait's three
  /// lower-limb rows).
  bool whole_body;
  /// The rows, row_count of them.
  const SegmentParameters* rows;
  std::size_t row_count;

  const SegmentParameters* begin() const noexcept { return rows; }
  const SegmentParameters* end() const noexcept { return rows + row_count; }
  std::size_t size() const noexcept { return row_count; }
};

/// The text name of a table ("de_leva_male", ...), as parse_bsp_table reads it.
constexpr std::string_view to_string(BspTable table) noexcept {
  switch (table) {
    case BspTable::DeLevaMale:
      return "de_leva_male";
    case BspTable::DeLevaFemale:
      return "de_leva_female";
    case BspTable::DempsterWinter:
      return "dempster_winter";
    case BspTable::DumasMale:
      return "dumas_male";
    case BspTable::DumasFemale:
      return "dumas_female";
    case BspTable::PlugInGait:
      return "plug_in_gait";
  }
  return "unknown";
}

namespace detail {

inline constexpr BspTable kAllBspTables[] = {BspTable::DeLevaMale,     BspTable::DeLevaFemale,
                                             BspTable::DempsterWinter, BspTable::DumasMale,
                                             BspTable::DumasFemale,    BspTable::PlugInGait};

inline constexpr double kNoRadius = std::numeric_limits<double>::quiet_NaN();

/// A de Leva row, values in percent as printed in Table 4: mass, CoM from the proximal
/// endpoint, radii sagittal / transverse / longitudinal. `long_axis_x` for the foot.
inline SegmentParameters de_leva_row(std::string_view name, std::string_view proximal,
                                     std::string_view distal, int count, double mass_pct,
                                     double com_pct, double r_sagittal_pct, double r_transverse_pct,
                                     double r_longitudinal_pct, bool long_axis_x = false,
                                     std::string_view part_of = {}) {
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

/// A Dempster/Winter-style row, fractions as printed: mass, CoM from the proximal endpoint
/// (signed along the ISB axis the segment line maps to), one radius about the CoM used about
/// the two axes across the segment (0 about the long axis); all three NaN when none is given.
inline SegmentParameters dempster_row(std::string_view name, std::string_view proximal,
                                      std::string_view distal, int count, double mass,
                                      double com_signed, double radius, bool long_axis_x = false) {
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

/// A Dumas et al. (2007) row, values in percent as printed in Table 2 (right side): mass,
/// CoM (x, y, z), r_xx, r_yy, r_zz and the signed products (negative for the paper's "i").
inline SegmentParameters dumas_row(std::string_view name, std::string_view proximal,
                                   std::string_view distal, int count, double mass_pct, double cx,
                                   double cy, double cz, double rxx, double ryy, double rzz,
                                   double rxy, double rxz, double ryz) {
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

template <std::size_t N>
BspTableInfo make_table_info(BspTable table, std::string_view citation, bool whole_body,
                             const SegmentParameters (&rows)[N]) {
  return {table, to_string(table), citation, whole_body, rows, N};
}

// Endpoint names shared by several rows.
inline constexpr std::string_view kHjc = "hip joint centre";
inline constexpr std::string_view kKjc = "knee joint centre";
inline constexpr std::string_view kAjc = "ankle joint centre";
inline constexpr std::string_view kSjc = "shoulder joint centre";
inline constexpr std::string_view kEjc = "elbow joint centre";
inline constexpr std::string_view kWjc = "wrist joint centre";
inline constexpr std::string_view kMidHip = "mid-hip (MIDH, midpoint of the hip joint centres)";
inline constexpr std::string_view kVertex = "vertex (VERT)";
inline constexpr std::string_view kMidGonion = "mid-gonion (MIDG)";
inline constexpr std::string_view kSuprasternale = "suprasternale (SUPR)";
inline constexpr std::string_view kXiphion = "xiphion (XYPH)";
inline constexpr std::string_view kOmphalion = "omphalion (OMPH)";
inline constexpr std::string_view kMet3 = "3rd metacarpale (MET3)";
inline constexpr std::string_view kLmal = "lateral malleolus (LMAL)";
inline constexpr std::string_view kHeel = "heel (pternion, HEEL)";
inline constexpr std::string_view kToeTip = "tip of the longest toe (acropodion, TTIP)";

/// de Leva (1996), Table 4, upper part. Columns: mass %, CoM % from the first endpoint,
/// radii of gyration % (sagittal, transverse, longitudinal).
inline const BspTableInfo& de_leva_table(bool male) {
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

/// Dempster (1955) after Winter (2009), Table 4.1: the individual segments. Columns: mass
/// fraction, CoM fraction from the proximal endpoint, radius of gyration about the CoM.
/// Left out (composites of the rows below): forearm and hand, total arm, foot and leg, total
/// leg, thorax and abdomen, abdomen and pelvis, trunk, trunk-head-neck, HAT (both lengths);
/// and the shoulder of earlier editions (sternoclavicular to glenohumeral joint, 0.0158), which
/// overlaps the thorax: the rows below already sum to 1.000.
inline const BspTableInfo& dempster_winter_table() {
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

/// Dumas, Cheze & Verriest (2007), Table 2 (joint-centre definitions), right side. Columns:
/// mass %, CoM (x, y, z) %, r_xx, r_yy, r_zz, r_xy, r_xz, r_yz % (negative = "i").
/// Head and neck from the corrigendum. Left out: the alternative definitions of Table 2
/// (torso C7-SUP, hand WJC-3rd fingertip, pelvis from the mid-ASIS, foot CAL-2nd toe tip).
inline const BspTableInfo& dumas_table(bool male) {
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

/// Plug-in Gait's thigh, shank and foot as Vicon's reference guide tabulates them (kinetics,
/// "segment parameters"): Dempster's mass fractions 0.100, 0.0465, 0.0145; the centre of mass
/// 0.567 (thigh, shank) and 0.5 (foot) of the length from the distal joint (0.433 and 0.5
/// from the proximal one); radii of gyration 0.540, 0.528, 0.690 of the length, applied about
/// the centre of mass across the segment, none about the long axis. (0.540/0.528/0.690 are
/// Dempster's radii about the proximal end; Vicon uses them about the centre of mass: with
/// them hipmech's Plug-in-Gait path reproduces Vicon's joint moments on
/// ../shared/validation/biomechzoo_pig_child to 0.012 N m/kg RMS, with Dempster's centroidal
/// 0.323/0.302/0.475 to 0.025; tests/python/test_dynamics.py.) Segment lengths between
/// Plug-in Gait's joint centres (the foot: ankle centre to TOE).
inline const BspTableInfo& plug_in_gait_table() {
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

}  // namespace detail

/// The table `which`: its name, citation and rows (static storage, valid for the program).
/// \throws InvalidArgument naming 'table' for a value outside the enumeration.
inline const BspTableInfo& bsp_table(BspTable which) {
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

/// Parses a table name: "de_leva_male", "de_leva_female", "dempster_winter", "dumas_male",
/// "dumas_female", "plug_in_gait" (any case; whitespace ignored).
/// \throws InvalidArgument naming `arg` for anything else.
inline BspTable parse_bsp_table(std::string_view text, const char* arg = "table") {
  const std::string s = ::hipmech::detail::folded(text);
  std::string names;
  for (BspTable t : detail::kAllBspTables) {
    if (s == to_string(t)) return t;
    names += (names.empty() ? "'" : ", '") + std::string(to_string(t)) + "'";
  }
  ::hipmech::detail::throw_invalid_argument(arg, "one of " + names, "'" + std::string(text) + "'");
}

/// The row named `name` (any case; whitespace ignored) of table `which`.
/// \throws InvalidArgument naming 'segment' and listing the table's names if there is none.
inline const SegmentParameters& find_segment(BspTable which, std::string_view name) {
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

/// Scales one table row to a subject, in the caller's segment frame, whose axes are assumed to
/// be the table's (ISB: X anterior, Y superior, Z right; Dumas' segment coordinate systems
/// for a 3-D row).
///
/// - Mass: mass_fraction * body_mass_kg.
/// - Centre of mass: for a 1-D row (ComConvention::AlongSegment), proximal + c (distal -
///   proximal) with c = |com_fraction|, which holds in a frame of any orientation; for a 3-D
///   row (ComConvention::SegmentFrame), proximal + L * com_fraction with the Z component
///   negated for Side::Left (the left segment mirrors the right one in the sagittal plane).
/// - Inertia about the centre of mass, in the frame's axes: m L^2 diag(r_x^2, r_y^2, r_z^2)
///   plus, off the diagonal, I_xy = m L^2 p_xy |p_xy|, I_xz = s m L^2 p_xz |p_xz|,
///   I_yz = s m L^2 p_yz |p_yz| with s = +1 (right) or -1 (left). NaN entries where the table
///   gives no radius (Winter's thorax, abdomen, pelvis): mass and centre of mass still hold.
///
/// A midline segment (count 1: Dumas' head and neck, torso, pelvis) is tabulated as measured;
/// pass Side::Right (the default) for it.
/// \param row         a table row (bsp_table / find_segment)
/// \param body_mass_kg body mass [kg], finite and positive
/// \param proximal_m  the row's proximal_endpoint in the caller's segment frame [m]
/// \param distal_m    the row's distal_endpoint in the caller's segment frame [m]; the segment
///                    length is L = |distal_m - proximal_m|
/// \param side        the body side of a limb segment
/// \throws InvalidArgument naming body_mass_kg (not finite positive), proximal_m or distal_m
///         (not finite; distal_m also when it coincides with proximal_m), or row (a row with a
///         mass fraction outside (0, 1], non-finite centre of mass or products, or a negative
///         radius).
inline SegmentInertia segment_inertia(const SegmentParameters& row, double body_mass_kg,
                                      const Eigen::Vector3d& proximal_m,
                                      const Eigen::Vector3d& distal_m, Side side = Side::Right) {
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

/// segment_inertia for the row `segment` of table `which` (find_segment, then the above).
inline SegmentInertia segment_inertia(BspTable which, std::string_view segment, double body_mass_kg,
                                      const Eigen::Vector3d& proximal_m,
                                      const Eigen::Vector3d& distal_m, Side side = Side::Right) {
  return segment_inertia(find_segment(which, segment), body_mass_kg, proximal_m, distal_m, side);
}

}  // namespace hipmech::dynamics
