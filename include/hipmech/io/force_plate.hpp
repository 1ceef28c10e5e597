/// \file
/// Force plates as C3D describes them (FORCE_PLATFORM group, types 1-4; C3D user guide,
/// c3d.org, "Force platform data"), reduced to the ground reaction on the body in the lab frame.
#pragma once

#include <string>
#include <vector>

#include <Eigen/Core>

#include "hipmech/core/trajectory.hpp"

namespace hipmech::io {

struct Analog;
struct Parameters;

/// Options for turning analog channels into plate outputs.
struct ForcePlateOptions {
  /// The centre of pressure and free moment are NaN where the force normal to the plate,
  /// pushing on it, is below this [N]: when the foot is off the plate they are noise / noise.
  double cop_threshold_n = 10.0;
};

/// One force plate, outputs at the analog rate in the lab frame, SI units.
///
/// Signs: every output is the action of the plate ON THE BODY (the ground reaction), so the
/// vertical force is positive (up) when someone stands on a plate. C3D channels hold that
/// reaction in the plate frame (z usually pointing down, so Fz < 0 under load; docs/io.md).
struct ForcePlate {
  /// C3D plate type: 1 (Fx Fy Fz COPx COPy Tz), 2 (Fx Fy Fz Mx My Mz), 3 (Kistler eight
  /// channels), 4 (type 2 with a 6x6 calibration matrix).
  int type = 2;
  /// 1-based analog channel numbers, as in FORCE_PLATFORM:CHANNEL.
  std::vector<int> channels;
  /// Surface corners in the lab frame [m], rows in C3D order: corner 1 in the plate's +x +y
  /// quadrant, 2 in -x +y, 3 in -x -y, 4 in +x -y.
  Eigen::Matrix<double, 4, 3, Eigen::RowMajor> corners_m = decltype(corners_m)::Zero();
  /// FORCE_PLATFORM:ORIGIN in the plate frame [m], as stored: type 2/4 the vector between
  /// the surface centre and the transducer origin; type 3 Kistler's a, b, az0.
  Eigen::Vector3d origin_m = Eigen::Vector3d::Zero();
  /// Type 4: the 6x6 calibration matrix applied to the six channels (empty otherwise).
  Eigen::MatrixXd calibration;
  /// Rotation plate -> lab (columns: plate x, y, z axes in the lab frame), from the corners.
  Eigen::Matrix3d R_lab_plate = Eigen::Matrix3d::Identity();
  /// Centre of the surface in the lab frame [m] (mean of the corners).
  Eigen::Vector3d center_m = Eigen::Vector3d::Zero();
  /// Transducer origin in the lab frame [m] (the point `moment_nm` is taken about).
  Eigen::Vector3d origin_lab_m = Eigen::Vector3d::Zero();

  /// Ground reaction force on the body, lab frame [N].
  Trajectory force_n;
  /// Moment of the ground reaction about the transducer origin (origin_lab_m), lab frame [N·m].
  Trajectory moment_nm;
  /// Centre of pressure on the plate surface, lab frame [m]; NaN below the threshold.
  Trajectory cop_m;
  /// Free moment about the plate normal at the centre of pressure, as a lab-frame vector
  /// [N·m]; NaN below the threshold.
  Trajectory free_moment_nm;
};

/// Compute every plate of FORCE_PLATFORM from SI analog channels.
/// \param parameters the C3D parameter tree (FORCE_PLATFORM, POINT:UNITS for lengths)
/// \param analog channels already scaled and converted to SI
/// \throws InvalidArgument naming the FORCE_PLATFORM parameter that is missing or
///         inconsistent, or an unsupported type.
std::vector<ForcePlate> force_plates_from_analog(const Parameters& parameters,
                                                 const Analog& analog,
                                                 const ForcePlateOptions& options = {});

/// A plate from its definition and its ground reaction: what force_plates_from_analog would
/// give for channels holding that reaction, without the channels. R_lab_plate, center_m and
/// origin_lab_m follow from the corners and ORIGIN as the reader derives them; cop_m and
/// free_moment_nm from the force and moment (the point on the surface where the wrench acts,
/// NaN where the normal force is below options.cop_threshold_n; C3D user guide, "Force
/// platform data"). `channels` is left empty: write_c3d appends new analog channels for it.
/// Use it to build a plate to write (write_c3d writes trial.force_plates) or to give to
/// inverse dynamics.
/// \param type C3D plate type 1-4: the channels write_c3d writes for it (type 1: Fx Fy Fz
///        COPx COPy Tz; 2: Fx Fy Fz Mx My Mz; 3: Kistler's eight; 4: type 2 through the
///        inverse of `calibration`)
/// \param corners_m surface corners in the lab frame [m], C3D order (ForcePlate::corners_m)
/// \param origin_m FORCE_PLATFORM:ORIGIN in the plate frame [m] (type 3: Kistler a, b, az0,
///        a and b non-zero)
/// \param force_n ground reaction on the body, lab frame [N], one row per analog sample
/// \param moment_nm its moment about the transducer origin (the origin_lab_m this function
///        derives), lab frame [N·m], rows as force_n
/// \param calibration type 4: the 6x6 calibration matrix (invertible); empty otherwise
/// \throws InvalidArgument naming the argument: a type outside 1-4, degenerate corners,
///         row counts that differ, a calibration matrix for another type or not 6x6.
ForcePlate make_force_plate(int type, const Eigen::Matrix<double, 4, 3, Eigen::RowMajor>& corners_m,
                            const Eigen::Vector3d& origin_m, const Trajectory& force_n,
                            const Trajectory& moment_nm,
                            const Eigen::MatrixXd& calibration = Eigen::MatrixXd(),
                            const ForcePlateOptions& options = {});

}  // namespace hipmech::io
