// Force plates from analog channels (include/hipmech/io/force_plate.hpp).
// C3D user guide (c3d.org), FORCE_PLATFORM group: TYPE, CHANNEL, CORNERS, ORIGIN, CAL_MATRIX.
// The channels hold the ground reaction on the body in the plate frame (what Vicon, Qualisys
// and Motion Analysis write, and what ezc3d and BTK assume): with the usual z-down plate a
// person standing gives a negative Fz channel and, in the lab, an upward force.
// Type 3 follows the Kistler force plate formulae (Kistler, "Multicomponent force plate"
// manual, 2009): eight channels, sensor offsets a, b and the top-plate offset az0.
#include <cmath>
#include <limits>
#include <string>

#include <Eigen/Geometry>
#include <Eigen/LU>

#include "c3d_format.hpp"
#include "hipmech/core/check.hpp"
#include "hipmech/io/force_plate.hpp"
#include "hipmech/io/parameters.hpp"
#include "hipmech/io/trial.hpp"

namespace hipmech::io {
namespace {

[[noreturn]] void bad(const std::string& parameter, const std::string& expected,
                      const std::string& got) {
  throw InvalidArgument("FORCE_PLATFORM:" + parameter, expected, got);
}

/// Plate axes from the corners (user guide: corner 1 in the +x +y quadrant, 2 in -x +y, 3 in
/// -x -y, 4 in +x -y): x along 2 -> 1, y along 4 -> 1, z = x cross y, y re-orthogonalised.
Eigen::Matrix3d plate_axes(const Eigen::Matrix<double, 4, 3, Eigen::RowMajor>& c,
                           const std::string& where) {
  const Eigen::Vector3d x = (c.row(0) - c.row(1)).transpose();
  Eigen::Vector3d y = (c.row(0) - c.row(3)).transpose();
  const Eigen::Vector3d z = x.cross(y);
  if (!(z.norm() > 1e-12) || !z.allFinite()) {
    throw InvalidArgument(where, "four corners spanning a plane", "degenerate corners");
  }
  y = z.cross(x);
  Eigen::Matrix3d R;
  R.col(0) = x.normalized();
  R.col(1) = y.normalized();
  R.col(2) = z.normalized();
  return R;
}

/// The lab-frame outputs of row r from the plate-frame force, moment about the transducer
/// origin, centre of pressure (from the surface centre) and free moment.
void store_outputs(ForcePlate& fp, Eigen::Index r, const Eigen::Vector3d& F,
                   const Eigen::Vector3d& Mo, const Eigen::Vector3d& p, double Tz,
                   double cop_threshold_n) {
  fp.force_n.row(r) = (fp.R_lab_plate * F).transpose();
  fp.moment_nm.row(r) = (fp.R_lab_plate * Mo).transpose();
  if (std::fabs(F.z()) >= cop_threshold_n) {
    fp.cop_m.row(r) = (fp.center_m + fp.R_lab_plate * p).transpose();
    fp.free_moment_nm.row(r) = (fp.R_lab_plate.col(2) * Tz).transpose();
  } else {
    fp.cop_m.row(r).setConstant(std::numeric_limits<double>::quiet_NaN());
    fp.free_moment_nm.row(r).setConstant(std::numeric_limits<double>::quiet_NaN());
  }
}

}  // namespace

namespace c3d_detail {

void cop_and_free_moment(const Eigen::Vector3d& F, const Eigen::Vector3d& Ms, Eigen::Vector3d& p,
                         double& Tz) {
  p << -Ms.y() / F.z(), Ms.x() / F.z(), 0.0;
  Tz = Ms.z() + (F.cross(p)).z();
}

Eigen::Vector3d plate_geometry(ForcePlate& fp, const std::string& where) {
  fp.R_lab_plate = plate_axes(fp.corners_m, where);
  fp.center_m = fp.corners_m.colwise().mean().transpose();
  // Surface centre relative to the transducer origin, plate frame. Plate z points into
  // the plate, so the surface lies at negative z; files disagree on the sign of ORIGIN, so
  // it is normalised to z <= 0 as most readers do (ezc3d, BTK).
  Eigen::Vector3d s_from_o = fp.origin_m;
  if (fp.type == 1) s_from_o.head<2>().setZero();
  if (fp.type == 3) s_from_o = Eigen::Vector3d(0.0, 0.0, -std::fabs(fp.origin_m.z()));
  if (fp.type != 3 && s_from_o.z() > 0) s_from_o = -s_from_o;
  fp.origin_lab_m = fp.center_m - fp.R_lab_plate * s_from_o;
  return s_from_o;
}

Channels plate_channels_si(const ForcePlate& fp, const Eigen::Vector3d& s_from_o,
                           const std::vector<double>& channel_to_si, double length_si,
                           const std::string& where) {
  const Eigen::Index n = fp.force_n.rows();
  const Eigen::Index n_ch = fp.type == 3 ? 8 : 6;
  Channels ch(n, n_ch);
  Eigen::Matrix<double, 6, 6> cal_inverse;
  if (fp.type == 4) {
    // Forward (force_plates_from_analog): [F; Mo / length] = CAL x (channels in file units).
    const Eigen::FullPivLU<Eigen::MatrixXd> lu(fp.calibration);
    if (fp.calibration.rows() != 6 || fp.calibration.cols() != 6 || !lu.isInvertible() ||
        !fp.calibration.allFinite()) {
      throw InvalidArgument(where + ".calibration",
                            "an invertible 6 x 6 calibration matrix (type 4)", "a singular one");
    }
    cal_inverse = lu.inverse();
  }
  const double a = fp.origin_m.x();
  const double b = fp.origin_m.y();
  if (fp.type == 3 && !(a != 0.0 && b != 0.0 && std::isfinite(a) && std::isfinite(b))) {
    throw InvalidArgument(where + ".origin_m",
                          "Kistler sensor offsets a, b (origin x, y) that are not zero (type 3)",
                          std::to_string(a) + ", " + std::to_string(b));
  }
  for (Eigen::Index r = 0; r < n; ++r) {
    const Eigen::Vector3d F = fp.R_lab_plate.transpose() * fp.force_n.row(r).transpose();
    const Eigen::Vector3d Mo = fp.R_lab_plate.transpose() * fp.moment_nm.row(r).transpose();
    if (fp.type == 1) {
      // Channels Fx Fy Fz COPx COPy Tz: Ms = p x F + Tz z about the surface centre.
      const Eigen::Vector3d Ms = Mo + F.cross(s_from_o);
      Eigen::Vector3d p = Eigen::Vector3d::Zero();
      double Tz = Ms.z();
      if (F.z() != 0.0) c3d_detail::cop_and_free_moment(F, Ms, p, Tz);
      if (F.z() == 0.0 && Ms.allFinite() && Ms.head<2>().norm() > 1e-9 * (1.0 + Ms.norm())) {
        throw InvalidArgument(
            where + ".moment_nm",
            "a moment a type-1 plate can hold (its horizontal part is the "
            "centre of pressure times the vertical force)",
            "a horizontal moment without vertical force at row " + std::to_string(r));
      }
      ch.row(r) << F.x(), F.y(), F.z(), p.x(), p.y(), Tz;
    } else if (fp.type == 3) {
      // Kistler: Fx = fx12 + fx34, Fy = fy14 + fy23, Fz = fz1 + fz2 + fz3 + fz4,
      // Mx = b (fz1 + fz2 - fz3 - fz4), My = a (-fz1 + fz2 + fz3 - fz4),
      // Mz = b (-fx12 + fx34) + a (fy14 - fy23). Six equations, eight channels: the
      // minimum-norm split (equal shares, then the moments along orthogonal patterns).
      const double d = b * Mo.z() / (2.0 * (a * a + b * b));
      const double e = a * Mo.z() / (2.0 * (a * a + b * b));
      const double alpha = Mo.x() / (4.0 * b);
      const double beta = Mo.y() / (4.0 * a);
      const double q = F.z() / 4.0;
      ch.row(r) << F.x() / 2.0 - d, F.x() / 2.0 + d, F.y() / 2.0 + e, F.y() / 2.0 - e,
          q + alpha - beta, q + alpha + beta, q - alpha + beta, q - alpha - beta;
    } else {
      Eigen::Matrix<double, 6, 1> v;
      v << F, Mo;
      if (fp.type == 4) {
        v.tail<3>() /= length_si;
        v = cal_inverse * v;
        for (Eigen::Index j = 0; j < 6; ++j) v[j] *= channel_to_si[static_cast<std::size_t>(j)];
      }
      ch.row(r) = v.transpose();
    }
  }
  return ch;
}

}  // namespace c3d_detail

ForcePlate make_force_plate(int type, const Eigen::Matrix<double, 4, 3, Eigen::RowMajor>& corners_m,
                            const Eigen::Vector3d& origin_m, const Trajectory& force_n,
                            const Trajectory& moment_nm, const Eigen::MatrixXd& calibration,
                            const ForcePlateOptions& options) {
  HIPMECH_CHECK_ARG(type >= 1 && type <= 4, "type", "a C3D plate type 1, 2, 3 or 4", type);
  HIPMECH_CHECK_ARG(corners_m.allFinite(), "corners_m", "finite corners", "NaN or inf");
  HIPMECH_CHECK_ARG(origin_m.allFinite(), "origin_m", "a finite origin", "NaN or inf");
  HIPMECH_CHECK_ARG(options.cop_threshold_n >= 0.0 && std::isfinite(options.cop_threshold_n),
                    "cop_threshold_n", "a finite force >= 0 N", options.cop_threshold_n);
  HIPMECH_CHECK_SIZE(moment_nm.rows(), force_n.rows(), "moment_nm", "rows (those of force_n)");
  if (type == 4) {
    HIPMECH_CHECK_ARG(
        calibration.rows() == 6 && calibration.cols() == 6 && calibration.allFinite(),
        "calibration", "a finite 6 x 6 matrix for a type-4 plate",
        std::to_string(calibration.rows()) + " x " + std::to_string(calibration.cols()));
  } else {
    HIPMECH_CHECK_ARG(
        calibration.size() == 0, "calibration",
        "no calibration matrix for a type-" + std::to_string(type) + " plate",
        std::to_string(calibration.rows()) + " x " + std::to_string(calibration.cols()));
  }
  ForcePlate fp;
  fp.type = type;
  fp.corners_m = corners_m;
  fp.origin_m = origin_m;
  fp.calibration = calibration;
  const Eigen::Vector3d s_from_o = c3d_detail::plate_geometry(fp, "corners_m");
  const Eigen::Index n = force_n.rows();
  fp.force_n.resize(n, 3);
  fp.moment_nm.resize(n, 3);
  fp.cop_m.resize(n, 3);
  fp.free_moment_nm.resize(n, 3);
  for (Eigen::Index r = 0; r < n; ++r) {
    const Eigen::Vector3d F = fp.R_lab_plate.transpose() * force_n.row(r).transpose();
    const Eigen::Vector3d Mo = fp.R_lab_plate.transpose() * moment_nm.row(r).transpose();
    Eigen::Vector3d p;
    double Tz;
    c3d_detail::cop_and_free_moment(F, Mo + F.cross(s_from_o), p, Tz);
    store_outputs(fp, r, F, Mo, p, Tz, options.cop_threshold_n);
  }
  fp.force_n = force_n;  // as given, not rotated there and back
  fp.moment_nm = moment_nm;
  return fp;
}

std::vector<ForcePlate> force_plates_from_analog(const Parameters& parameters,
                                                 const Analog& analog,
                                                 const ForcePlateOptions& options) {
  HIPMECH_CHECK_ARG(options.cop_threshold_n >= 0.0 && std::isfinite(options.cop_threshold_n),
                    "cop_threshold_n", "a finite force >= 0 N", options.cop_threshold_n);
  const double used_raw = parameters.number("FORCE_PLATFORM", "USED", 0, 0.0);
  const double used_count = used_raw < 0 ? used_raw + 65536.0 : used_raw;
  if (!(used_count >= 0.0 && used_count <= 65535.0) || used_count != std::floor(used_count)) {
    bad("USED", "a plate count (an integer 0-65535)", std::to_string(used_raw));
  }
  const auto used = static_cast<std::size_t>(used_count);
  std::vector<ForcePlate> plates;
  if (used == 0) return plates;

  const Parameter* type_p = parameters.find("FORCE_PLATFORM", "TYPE");
  const Parameter* channel_p = parameters.find("FORCE_PLATFORM", "CHANNEL");
  const Parameter* corners_p = parameters.find("FORCE_PLATFORM", "CORNERS");
  const Parameter* origin_p = parameters.find("FORCE_PLATFORM", "ORIGIN");
  const Parameter* cal_p = parameters.find("FORCE_PLATFORM", "CAL_MATRIX");
  auto need = [&](const Parameter* p, const char* name, std::size_t n) {
    if (!p || p->type == ParameterType::Char || p->numbers.size() < n) {
      bad(name, std::to_string(n) + " numbers for " + std::to_string(used) + " plates",
          p ? std::to_string(p->size()) + " values" : "no such parameter");
    }
  };
  need(type_p, "TYPE", used);
  need(corners_p, "CORNERS", 12 * used);
  need(origin_p, "ORIGIN", 3 * used);
  need(channel_p, "CHANNEL", used);
  const std::size_t channel_stride = channel_p->dims.empty()
                                         ? channel_p->numbers.size()
                                         : static_cast<std::size_t>(channel_p->dims[0]);
  need(channel_p, "CHANNEL", channel_stride * used);

  const double length_si =
      c3d_detail::length_to_m(parameters.string("POINT", "UNITS", 0, "mm"));
  if (!std::isfinite(length_si)) {
    bad("CORNERS", "corners in a known length unit (POINT:UNITS mm, cm or m)",
        "'" + parameters.string("POINT", "UNITS") + "'");
  }
  const Eigen::Index n = analog.n_samples();

  for (std::size_t k = 0; k < used; ++k) {
    ForcePlate fp;
    fp.type = static_cast<int>(type_p->numbers[k]);
    const std::size_t n_ch = fp.type == 3 ? 8 : 6;
    if (fp.type < 1 || fp.type > 4) {
      bad("TYPE", "plate type 1, 2, 3 or 4",
          std::to_string(fp.type) + " for plate " + std::to_string(k + 1));
    }
    if (channel_stride < n_ch) {
      bad("CHANNEL", std::to_string(n_ch) + " channels per plate for type " +
                         std::to_string(fp.type),
          std::to_string(channel_stride));
    }
    std::vector<Eigen::Index> col(n_ch);
    for (std::size_t j = 0; j < n_ch; ++j) {
      const double c = channel_p->numbers[k * channel_stride + j];
      fp.channels.push_back(static_cast<int>(c));
      if (!(c >= 1 && c <= static_cast<double>(analog.n_channels()))) {
        bad("CHANNEL", "analog channel numbers 1.." + std::to_string(analog.n_channels()),
            std::to_string(static_cast<long>(c)) + " for plate " + std::to_string(k + 1));
      }
      col[j] = static_cast<Eigen::Index>(c) - 1;
    }
    for (int i = 0; i < 4; ++i) {
      for (int a = 0; a < 3; ++a) {
        fp.corners_m(i, a) =
            corners_p->numbers[12 * k + 3 * static_cast<std::size_t>(i) +
                               static_cast<std::size_t>(a)] *
            length_si;
      }
    }
    for (int a = 0; a < 3; ++a) {
      fp.origin_m[a] = origin_p->numbers[3 * k + static_cast<std::size_t>(a)] * length_si;
    }
    const Eigen::Vector3d s_from_o = c3d_detail::plate_geometry(
        fp, "FORCE_PLATFORM:CORNERS (plate " + std::to_string(k + 1) + ")");

    if (fp.type == 4) {
      if (!cal_p || cal_p->type == ParameterType::Char || cal_p->numbers.size() < 36 * (k + 1)) {
        bad("CAL_MATRIX", "a 6 x 6 calibration matrix for type-4 plate " + std::to_string(k + 1),
            cal_p ? std::to_string(cal_p->size()) + " values" : "no such parameter");
      }
      fp.calibration.resize(6, 6);
      for (int j = 0; j < 6; ++j) {
        for (int i = 0; i < 6; ++i) {  // first dimension fastest: element (i, j)
          fp.calibration(i, j) =
              cal_p->numbers[36 * k + 6 * static_cast<std::size_t>(j) + static_cast<std::size_t>(i)];
        }
      }
    }
    // Type 4: the calibration matrix acts on the channels in the file's units and gives
    // forces in N and moments in N x (POINT:UNITS), as ezc3d and BTK read it.
    std::vector<double> to_file(n_ch, 1.0);
    if (fp.type == 4) {
      for (std::size_t j = 0; j < n_ch; ++j) {
        const auto c = static_cast<std::size_t>(col[j]);
        to_file[j] = 1.0 / c3d_detail::analog_to_si(
                               c < analog.units_original.size() ? analog.units_original[c] : "");
      }
    }

    fp.force_n.resize(n, 3);
    fp.moment_nm.resize(n, 3);
    fp.cop_m.resize(n, 3);
    fp.free_moment_nm.resize(n, 3);
    const double a = fp.origin_m.x();
    const double b = fp.origin_m.y();
    for (Eigen::Index r = 0; r < n; ++r) {
      auto ch = [&](std::size_t j) { return analog.values(r, col[j]); };
      Eigen::Vector3d F;   // ground reaction on the body, plate frame [N]
      Eigen::Vector3d Ms;  // its moment about the surface centre, plate frame [N m]
      Eigen::Vector3d p;   // centre of pressure relative to the surface centre, plate frame
      double Tz;           // free moment about the plate z axis
      if (fp.type == 1) {
        F << ch(0), ch(1), ch(2);
        p << ch(3), ch(4), 0.0;
        Tz = ch(5);
        Ms = p.cross(F) + Eigen::Vector3d(0.0, 0.0, Tz);
      } else {
        Eigen::Vector3d Mo;  // about the transducer origin
        if (fp.type == 3) {
          F << ch(0) + ch(1), ch(2) + ch(3), ch(4) + ch(5) + ch(6) + ch(7);
          Mo << b * (ch(4) + ch(5) - ch(6) - ch(7)), a * (-ch(4) + ch(5) + ch(6) - ch(7)),
              b * (-ch(0) + ch(1)) + a * (ch(2) - ch(3));
        } else {
          Eigen::Matrix<double, 6, 1> v;
          for (int j = 0; j < 6; ++j) {
            v[j] = ch(static_cast<std::size_t>(j)) * to_file[static_cast<std::size_t>(j)];
          }
          if (fp.type == 4) {
            v = fp.calibration * v;
            v.tail<3>() *= length_si;
          }
          F = v.head<3>();
          Mo = v.tail<3>();
        }
        Ms = Mo + F.cross(s_from_o);
        c3d_detail::cop_and_free_moment(F, Ms, p, Tz);
      }
      store_outputs(fp, r, F, Ms - F.cross(s_from_o), p, Tz, options.cop_threshold_n);
    }
    plates.push_back(std::move(fp));
  }
  return plates;
}

}  // namespace hipmech::io
