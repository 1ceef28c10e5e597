/// \file
/// LabAxes: which lab axis points up and which points in the nominal direction of progression.
/// Functions that need "vertical", "forward" or "frontal plane" take a LabAxes explicitly;
/// readers fill it where the file says (C3D from Vicon/Qualisys: usually Z up; OpenSim: Y up).
///
/// The ISB-aligned lab frame is X forward (progression), Y up, Z to the right, as recommended
/// for the global frame by Wu & Cavanagh (1995) J Biomech 28:1257-1261 and used for segment
/// frames by Wu et al. (2002) J Biomech 35:543-548.
#pragma once

#include <array>
#include <cstddef>
#include <string>
#include <string_view>

#include <Eigen/Core>

#include "hipmech/core/check.hpp"
#include "hipmech/core/detail/text.hpp"
#include "hipmech/core/trajectory.hpp"

namespace hipmech {

/// A lab axis with its direction: +X, -X, +Y, -Y, +Z or -Z.
enum class SignedAxis {
  PosX,
  NegX,
  PosY,
  NegY,
  PosZ,
  NegZ,
};

/// Column of the axis in an #frames by 3 trajectory: 0 for X, 1 for Y, 2 for Z.
constexpr int axis_index(SignedAxis a) noexcept {
  return static_cast<int>(a) / 2;
}

/// +1 for a positive axis, -1 for a negative one.
constexpr double axis_sign(SignedAxis a) noexcept {
  return static_cast<int>(a) % 2 == 0 ? 1.0 : -1.0;
}

/// The axis from its column (0, 1, 2) and sign (+1 or -1).
constexpr SignedAxis make_signed_axis(int index, double sign) noexcept {
  return static_cast<SignedAxis>(2 * index + (sign < 0 ? 1 : 0));
}

/// "+X", "-X", "+Y", "-Y", "+Z" or "-Z".
inline std::string to_string(SignedAxis a) {
  return std::string(axis_sign(a) > 0 ? "+" : "-") + "XYZ"[axis_index(a)];
}

/// Unit vector of the axis in lab coordinates.
inline Eigen::Vector3d unit_vector(SignedAxis a) {
  Eigen::Vector3d v = Eigen::Vector3d::Zero();
  v[axis_index(a)] = axis_sign(a);
  return v;
}

/// Parses "X", "+x", "-Z", ... (case-insensitive, spaces ignored).
/// \throws InvalidArgument naming `arg` for anything else.
inline SignedAxis parse_signed_axis(std::string_view text, const char* arg) {
  std::string s = detail::folded(text);
  double sign = 1.0;
  if (!s.empty() && (s[0] == '+' || s[0] == '-')) {
    sign = s[0] == '-' ? -1.0 : 1.0;
    s.erase(0, 1);
  }
  if (s.size() == 1 && s[0] >= 'x' && s[0] <= 'z') return make_signed_axis(s[0] - 'x', sign);
  detail::throw_invalid_argument(arg, "an axis such as 'X', '+Y' or '-Z'",
                                 "'" + std::string(text) + "'");
}

/// Orientation of the lab frame relative to the body: the lab axis pointing up (against
/// gravity) and the lab axis pointing in the nominal direction of progression. The third,
/// `right()`, completes a right-handed set: right = forward x up.
class LabAxes {
 public:
  /// Z up, X forward: the usual Vicon/Qualisys C3D lab (then Y points to the left).
  LabAxes() noexcept = default;

  /// \throws InvalidArgument (argument 'forward') if `forward` lies along `up`.
  LabAxes(SignedAxis up, SignedAxis forward) : up_(up), forward_(forward) {
    HIPMECH_CHECK_ARG(axis_index(up) != axis_index(forward), "forward",
                      "an axis perpendicular to up (" + to_string(up) + ")", to_string(forward));
  }

  /// From text such as ("Z", "X") or ("+Y", "-X"). \throws InvalidArgument naming up/forward.
  LabAxes(std::string_view up, std::string_view forward)
      : LabAxes(parse_signed_axis(up, "up"), parse_signed_axis(forward, "forward")) {}

  SignedAxis up() const noexcept { return up_; }
  SignedAxis forward() const noexcept { return forward_; }
  /// The lab axis pointing to the subject's right when facing forward: forward x up.
  SignedAxis right() const noexcept {
    // e_i x e_j = +e_k for cyclic (i, j, k), -e_k otherwise.
    const int i = axis_index(forward_);
    const int j = axis_index(up_);
    const double levi_civita = (j - i + 3) % 3 == 1 ? 1.0 : -1.0;
    return make_signed_axis(3 - i - j, axis_sign(forward_) * axis_sign(up_) * levi_civita);
  }

  /// Rotation from lab to ISB-aligned lab coordinates, v_isb = R_isb_lab * v_lab; its rows are
  /// the forward, up and right unit vectors in lab coordinates. A signed permutation matrix.
  Eigen::Matrix3d R_isb_lab() const {
    Eigen::Matrix3d R;
    R.row(0) = unit_vector(forward_).transpose();
    R.row(1) = unit_vector(up_).transpose();
    R.row(2) = unit_vector(right()).transpose();
    return R;
  }

  /// Re-expresses positions or vectors in the ISB-aligned lab frame (X forward, Y up, Z right).
  /// Exact (a signed permutation of columns, no rounding); NaN frames stay NaN.
  /// \param[in] points_lab #frames by 3, lab frame [any unit]
  /// \return #frames by 3 in the ISB-aligned lab frame [same unit]
  Trajectory to_isb(const TrajectoryCRef& points_lab) const {
    const auto [i, sign] = isb_columns();
    Trajectory out(points_lab.rows(), 3);
    // One pass over the rows (both row-major): out(f, k) = sign_k * in(f, i_k).
    for (Eigen::Index f = 0; f < points_lab.rows(); ++f) {
      out(f, 0) = sign[0] * points_lab(f, i[0]);
      out(f, 1) = sign[1] * points_lab(f, i[1]);
      out(f, 2) = sign[2] * points_lab(f, i[2]);
    }
    return out;
  }

  /// Inverse of to_isb: from the ISB-aligned lab frame back to lab coordinates.
  /// \param[in] points_isb #frames by 3, ISB-aligned lab frame [any unit]
  /// \return #frames by 3 in the lab frame [same unit]
  Trajectory from_isb(const TrajectoryCRef& points_isb) const {
    const auto [i, sign] = isb_columns();
    Trajectory out(points_isb.rows(), 3);
    // The inverse permutation: out(f, i_k) = sign_k * in(f, k).
    for (Eigen::Index f = 0; f < points_isb.rows(); ++f) {
      out(f, i[0]) = sign[0] * points_isb(f, 0);
      out(f, i[1]) = sign[1] * points_isb(f, 1);
      out(f, i[2]) = sign[2] * points_isb(f, 2);
    }
    return out;
  }

  /// Height of each frame: the component along `up()`.
  /// \param[in] points_lab #frames by 3, lab frame [m]
  /// \return #frames heights [m] (NaN where the frame is missing)
  Series height(const TrajectoryCRef& points_lab) const {
    return axis_sign(up_) * points_lab.col(axis_index(up_));
  }

  friend bool operator==(const LabAxes& a, const LabAxes& b) noexcept {
    return a.up_ == b.up_ && a.forward_ == b.forward_;
  }
  friend bool operator!=(const LabAxes& a, const LabAxes& b) noexcept { return !(a == b); }

 private:
  /// For ISB axis k (forward, up, right): the lab column i_k it comes from and its sign.
  struct IsbColumns {
    std::array<Eigen::Index, 3> index;
    std::array<double, 3> sign;
  };
  IsbColumns isb_columns() const noexcept {
    const std::array<SignedAxis, 3> axes{forward_, up_, right()};
    IsbColumns c{};
    for (std::size_t k = 0; k < 3; ++k) {
      c.index[k] = axis_index(axes[k]);
      c.sign[k] = axis_sign(axes[k]);
    }
    return c;
  }

  SignedAxis up_ = SignedAxis::PosZ;
  SignedAxis forward_ = SignedAxis::PosX;
};

/// The first and last complete frames of a trajectory and the horizontal part of the
/// displacement between them: how far, and which way, a marker moved over a trial.
struct NetDisplacement {
  Eigen::Index first = -1;  ///< first frame without NaN (0-based), -1 if there is none
  Eigen::Index last = -1;   ///< last frame without NaN, -1 if there is none
  /// (row last - row first) with its component along LabAxes::up() removed, lab frame [unit of
  /// the points]; zero when fewer than two frames are complete.
  Eigen::Vector3d horizontal = Eigen::Vector3d::Zero();
};

/// Net horizontal displacement of `points_lab` over the trial (used to find the direction of
/// progression from a pelvis or sacrum trajectory).
/// \param[in] points_lab #frames by 3, lab frame, NaN where missing
inline NetDisplacement net_horizontal_displacement(const TrajectoryCRef& points_lab,
                                                   const LabAxes& lab) {
  NetDisplacement out;
  for (Eigen::Index f = 0; f < points_lab.rows(); ++f) {
    if (points_lab.row(f).allFinite()) {
      if (out.first < 0) out.first = f;
      out.last = f;
    }
  }
  if (out.first < 0) return out;
  const Eigen::Vector3d up = unit_vector(lab.up());
  const Eigen::Vector3d d = (points_lab.row(out.last) - points_lab.row(out.first)).transpose();
  out.horizontal = d - up * up.dot(d);
  return out;
}

/// "LabAxes(up=+Z, forward=+X, right=-Y)".
inline std::string to_string(const LabAxes& axes) {
  return "LabAxes(up=" + to_string(axes.up()) + ", forward=" + to_string(axes.forward()) +
         ", right=" + to_string(axes.right()) + ")";
}

}  // namespace hipmech
