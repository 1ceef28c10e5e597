/// \file
/// Batches of rotation matrices and the named Cardan/Euler sequences.
///
/// A batch of N rotations is N by 9, row-major: row f holds the 3 by 3 matrix of frame f in
/// row-major order, so a C-contiguous numpy array of shape (N, 3, 3) maps onto it without a
/// copy. A rotation R_a_b re-expresses vectors from frame b in frame a (v_a = R_a_b v_b): its
/// columns are the axes of b in a's coordinates (Sophus' naming habit). A missing frame is a
/// row of NaN.
#pragma once

#include <algorithm>
#include <string>
#include <string_view>

#include <Eigen/Core>
#include <Eigen/LU>

#include "hipmech/core/check.hpp"
#include "hipmech/core/detail/text.hpp"

namespace hipmech::geometry {

/// N by 9 rotation matrices, one per frame, each row-major (numpy (N, 3, 3), C order).
using Rotations = Eigen::Matrix<double, Eigen::Dynamic, 9, Eigen::RowMajor>;
using RotationsCRef = Eigen::Ref<const Rotations>;
using RotationsRef = Eigen::Ref<Rotations>;
/// One rotation matrix, row-major (the layout of a row of Rotations).
using Matrix3r = Eigen::Matrix<double, 3, 3, Eigen::RowMajor>;

/// The matrix of frame `f` of a batch, as a writable or read-only view.
inline Eigen::Map<const Matrix3r> rotation_at(const RotationsCRef& R, Eigen::Index f) {
  return Eigen::Map<const Matrix3r>(R.row(f).data());
}
inline Eigen::Map<Matrix3r> rotation_at(Rotations& R, Eigen::Index f) {
  return Eigen::Map<Matrix3r>(R.row(f).data());
}

/// The twelve rotation sequences, named by their axes in order of application, as
/// intrinsic (body-fixed, rotating-axes) rotations: "ZXY" is R = R_z(a1) R_x(a2) R_y(a3).
/// The first six are Cardan (Tait-Bryan) sequences, the last six proper Euler sequences.
/// The extrinsic (fixed-axes) reading of the same matrix reverses the order: intrinsic ZXY
/// equals extrinsic YXZ with the angles reversed.
enum class CardanSequence {
  XYZ, XZY, YXZ, YZX, ZXY, ZYX,  // Cardan / Tait-Bryan
  XYX, XZX, YXY, YZY, ZXZ, ZYZ,  // proper Euler
};

/// All twelve sequences, in the enum's order.
inline constexpr CardanSequence all_sequences[12] = {
    CardanSequence::XYZ, CardanSequence::XZY, CardanSequence::YXZ, CardanSequence::YZX,
    CardanSequence::ZXY, CardanSequence::ZYX, CardanSequence::XYX, CardanSequence::XZX,
    CardanSequence::YXY, CardanSequence::YZY, CardanSequence::ZXZ, CardanSequence::ZYZ};

/// "XYZ", ..., "ZYZ".
constexpr std::string_view to_string(CardanSequence s) noexcept {
  constexpr std::string_view names[12] = {"XYZ", "XZY", "YXZ", "YZX", "ZXY", "ZYX",
                                          "XYX", "XZX", "YXY", "YZY", "ZXZ", "ZYZ"};
  return names[static_cast<int>(s)];
}

/// The axis index (0 = X, 1 = Y, 2 = Z) of the k-th rotation (k = 0, 1, 2) of a sequence.
constexpr int sequence_axis(CardanSequence s, int k) noexcept {
  return to_string(s)[static_cast<std::size_t>(k)] - 'X';
}

/// True for the six Cardan (Tait-Bryan) sequences, false for the proper Euler ones.
constexpr bool is_cardan(CardanSequence s) noexcept {
  return static_cast<int>(s) < 6;
}

/// Parses "ZXY", "zxy", " Z-X-Y " (case-insensitive; spaces, '-' and ',' ignored).
/// \throws InvalidArgument naming `arg` for anything that is not one of the twelve sequences.
CardanSequence parse_sequence(std::string_view text, const char* arg = "sequence");

/// The orientation of b relative to a, frame by frame: R_a_b = R_lab_a^T R_lab_b.
/// \param[in] R_lab_a #frames by 9, rotations of frame a in the lab frame (row-major 3 by 3)
/// \param[in] R_lab_b #frames by 9, rotations of frame b in the lab frame, same #frames
/// \return #frames by 9, R_a_b (columns: the axes of b in a's coordinates). A frame with NaN in
/// either input is NaN; other frames are unaffected.
/// \throws InvalidArgument if the #frames differ (naming 'R_lab_b') or an input holds infinity.
/// The inputs are not checked for orthonormality (see max_orthonormality_error).
Rotations relative_rotations(const RotationsCRef& R_lab_a, const RotationsCRef& R_lab_b);

/// The largest deviation from a rotation over a batch: max over frames of the largest entry of
/// |R^T R - I|, together with det(R) < 0 counted as a deviation of 2 (a reflection). NaN frames
/// (missing) are skipped; an empty batch or an all-NaN batch gives 0.
/// hipmech does not check this on every call (it costs as much as the call); use it where the
/// matrices come from outside (a file, another program).
/// \param[in] R #frames by 9 row-major matrices
/// \return the deviation, dimensionless (about 1e-15 for matrices built by hipmech).
double max_orthonormality_error(const RotationsCRef& R);

}  // namespace hipmech::geometry
