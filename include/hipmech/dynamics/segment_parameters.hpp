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
SegmentParameters de_leva_row(std::string_view name, std::string_view proximal,
                              std::string_view distal, int count, double mass_pct, double com_pct,
                              double r_sagittal_pct, double r_transverse_pct,
                              double r_longitudinal_pct, bool long_axis_x = false,
                              std::string_view part_of = {});

/// A Dempster/Winter-style row, fractions as printed: mass, CoM from the proximal endpoint
/// (signed along the ISB axis the segment line maps to), one radius about the CoM used about
/// the two axes across the segment (0 about the long axis); all three NaN when none is given.
SegmentParameters dempster_row(std::string_view name, std::string_view proximal,
                               std::string_view distal, int count, double mass, double com_signed,
                               double radius, bool long_axis_x = false);

/// A Dumas et al. (2007) row, values in percent as printed in Table 2 (right side): mass,
/// CoM (x, y, z), r_xx, r_yy, r_zz and the signed products (negative for the paper's "i").
SegmentParameters dumas_row(std::string_view name, std::string_view proximal,
                            std::string_view distal, int count, double mass_pct, double cx,
                            double cy, double cz, double rxx, double ryy, double rzz, double rxy,
                            double rxz, double ryz);

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
const BspTableInfo& de_leva_table(bool male);

/// Dempster (1955) after Winter (2009), Table 4.1: the individual segments. Columns: mass
/// fraction, CoM fraction from the proximal endpoint, radius of gyration about the CoM.
/// Left out (composites of the rows below): forearm and hand, total arm, foot and leg, total
/// leg, thorax and abdomen, abdomen and pelvis, trunk, trunk-head-neck, HAT (both lengths);
/// and the shoulder of earlier editions (sternoclavicular to glenohumeral joint, 0.0158), which
/// overlaps the thorax: the rows below already sum to 1.000.
const BspTableInfo& dempster_winter_table();

/// Dumas, Cheze & Verriest (2007), Table 2 (joint-centre definitions), right side. Columns:
/// mass %, CoM (x, y, z) %, r_xx, r_yy, r_zz, r_xy, r_xz, r_yz % (negative = "i").
/// Head and neck from the corrigendum. Left out: the alternative definitions of Table 2
/// (torso C7-SUP, hand WJC-3rd fingertip, pelvis from the mid-ASIS, foot CAL-2nd toe tip).
const BspTableInfo& dumas_table(bool male);

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
const BspTableInfo& plug_in_gait_table();

}  // namespace detail

/// The table `which`: its name, citation and rows (static storage, valid for the program).
/// \throws InvalidArgument naming 'table' for a value outside the enumeration.
const BspTableInfo& bsp_table(BspTable which);

/// Parses a table name: "de_leva_male", "de_leva_female", "dempster_winter", "dumas_male",
/// "dumas_female", "plug_in_gait" (any case; whitespace ignored).
/// \throws InvalidArgument naming `arg` for anything else.
BspTable parse_bsp_table(std::string_view text, const char* arg = "table");

/// The row named `name` (any case; whitespace ignored) of table `which`.
/// \throws InvalidArgument naming 'segment' and listing the table's names if there is none.
const SegmentParameters& find_segment(BspTable which, std::string_view name);

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
SegmentInertia segment_inertia(const SegmentParameters& row, double body_mass_kg,
                               const Eigen::Vector3d& proximal_m, const Eigen::Vector3d& distal_m,
                               Side side = Side::Right);

/// segment_inertia for the row `segment` of table `which` (find_segment, then the above).
inline SegmentInertia segment_inertia(BspTable which, std::string_view segment, double body_mass_kg,
                                      const Eigen::Vector3d& proximal_m,
                                      const Eigen::Vector3d& distal_m, Side side = Side::Right) {
  return segment_inertia(find_segment(which, segment), body_mass_kg, proximal_m, distal_m, side);
}

}  // namespace hipmech::dynamics
