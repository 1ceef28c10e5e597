// Python bindings of the geometry area (flat in hipmech._core; the friendly layer is
// python/hipmech/geometry.py). Raw names carry a `geometry_` prefix; the enums are
// `CardanSequence` and `SegmentAxis` (Axis in hipmech.geometry).
//
// Rotations cross as (n, 3, 3) float64 arrays: a C-contiguous one is read in place (an
// Eigen::Map over its buffer, #frames by 9 row-major) and results are handed to numpy without a
// copy (owned.hpp), reshaped to (n, 3, 3) as a view.
#include <pybind11/native_enum.h>
#include <pybind11/pybind11.h>

#include <string>
#include <utility>

#include "arguments.hpp"
#include "bind.hpp"
#include "hipmech/geometry.hpp"
#include "owned.hpp"
#include "rotations.hpp"

namespace hipmech::bindings {

namespace {

using geometry::Axis;
using geometry::CardanSequence;
using geometry::Rotations;

/// An Axis from the enum or "X", "Y", "Z" (case-insensitive).
Axis axis_arg(const py::object& value, const char* arg) {
  if (py::isinstance<py::str>(value)) {
    const std::string s = hipmech::detail::folded(value.cast<std::string>());
    if (s == "x") return Axis::X;
    if (s == "y") return Axis::Y;
    if (s == "z") return Axis::Z;
    hipmech::detail::throw_invalid_argument(arg, "'X', 'Y' or 'Z'",
                                            "'" + value.cast<std::string>() + "'");
  }
  try {
    return value.cast<Axis>();
  } catch (const py::cast_error&) {
    hipmech::detail::throw_invalid_argument(arg, "hipmech.geometry.Axis or 'X', 'Y', 'Z'",
                                            "an object of type " + detail::type_name(value));
  }
}

constexpr const char* kSequenceDoc =
    R"doc(The twelve intrinsic rotation sequences. ``ZXY`` means R = R_z(a1) R_x(a2) R_y(a3),
rotations about the moving (body-fixed) axes; the first six are Cardan (Tait-Bryan), the last six
proper Euler sequences. scipy's ``Rotation.from_euler("ZXY", ...)`` (upper case) is the same
convention.)doc";

}  // namespace

void bind_geometry(py::module_& m) {
  {
    py::native_enum<CardanSequence> e(m, "CardanSequence", "enum.Enum", kSequenceDoc);
    for (CardanSequence s : geometry::all_sequences) {
      e.value(std::string(geometry::to_string(s)).c_str(), s);
    }
    e.finalize();
  }
  py::native_enum<Axis>(m, "SegmentAxis", "enum.Enum",
                        "A segment axis (ISB: X anterior, Y superior, Z right).")
      .value("X", Axis::X)
      .value("Y", Axis::Y)
      .value("Z", Axis::Z)
      .finalize();

  m.def(
      "geometry_compose",
      [](const ArrayLike& angles, const py::object& sequence) {
        const CardanSequence seq = sequence_arg(sequence, "sequence");
        const TrajectoryArg a(angles, "angles");
        Rotations R;
        {
          py::gil_scoped_release release;
          R = geometry::compose(a.map(), seq);
        }
        return rotations_to_numpy(std::move(R));
      },
      py::arg("angles"), py::arg("sequence"),
      R"doc(Rotations from intrinsic angles: R = R_axis1(a1) R_axis2(a2) R_axis3(a3).

Parameters
----------
angles : array_like, shape (n_frames, 3)
    (a1, a2, a3) per frame [rad]. NaN rows give NaN matrices.
sequence : CardanSequence or str
    One of the twelve intrinsic sequences, e.g. "ZXY".

Returns
-------
numpy.ndarray, shape (n_frames, 3, 3)
)doc");

  m.def(
      "geometry_decompose",
      [](const ArrayLike& R, const py::object& sequence) {
        const CardanSequence seq = sequence_arg(sequence, "sequence");
        const RotationsArg r(R, "R");
        Trajectory out;
        {
          py::gil_scoped_release release;
          out = geometry::decompose(r.map(), seq);
        }
        return to_numpy(std::move(out));
      },
      py::arg("R"), py::arg("sequence"),
      R"doc(Intrinsic angles of rotation matrices (the inverse of geometry_compose).

Parameters
----------
R : array_like, shape (n_frames, 3, 3)
    Rotation matrices (not checked for orthonormality). NaN frames give NaN rows.
sequence : CardanSequence or str

Returns
-------
numpy.ndarray, shape (n_frames, 3)
    [rad]; a1, a3 in (-pi, pi], a2 in [-pi/2, pi/2] (Cardan) or [0, pi] (Euler). At gimbal
    lock (|cos a2| or |sin a2| < 1e-12) a3 = 0.
)doc");

  m.def(
      "geometry_relative_rotations",
      [](const ArrayLike& R_lab_a, const ArrayLike& R_lab_b) {
        const RotationsArg a(R_lab_a, "R_lab_a");
        const RotationsArg b(R_lab_b, "R_lab_b");
        Rotations out;
        {
          py::gil_scoped_release release;
          out = geometry::relative_rotations(a.map(), b.map());
        }
        return rotations_to_numpy(std::move(out));
      },
      py::arg("R_lab_a"), py::arg("R_lab_b"),
      R"doc(R_a_b = R_lab_a^T R_lab_b per frame (the orientation of b relative to a).

Parameters
----------
R_lab_a, R_lab_b : array_like, shape (n_frames, 3, 3)

Returns
-------
numpy.ndarray, shape (n_frames, 3, 3)
)doc");

  m.def(
      "geometry_jcs_angles",
      [](const ArrayLike& R_lab_proximal, const ArrayLike& R_lab_distal) {
        const RotationsArg p(R_lab_proximal, "R_lab_proximal");
        const RotationsArg d(R_lab_distal, "R_lab_distal");
        Trajectory out;
        {
          py::gil_scoped_release release;
          out = geometry::jcs_angles(p.map(), d.map());
        }
        return to_numpy(std::move(out));
      },
      py::arg("R_lab_proximal"), py::arg("R_lab_distal"),
      R"doc(Grood & Suntay (1983) joint angles with ISB axes (X anterior, Y superior, Z right).

Parameters
----------
R_lab_proximal, R_lab_distal : array_like, shape (n_frames, 3, 3)
    Segment axes (columns X, Y, Z) in the lab frame.

Returns
-------
numpy.ndarray, shape (n_frames, 3)
    [rad]: about e1 = proximal Z, about the floating axis e2, about e3 = distal Y (the ZXY
    decomposition of the relative rotation). Raw right-handed angles, no clinical signs.
)doc");

  m.def(
      "geometry_frames_from_vectors",
      [](const ArrayLike& origin, const ArrayLike& v_primary, const py::object& primary,
         const ArrayLike& v_secondary, const py::object& secondary) {
        const Axis p_axis = axis_arg(primary, "primary");
        const Axis s_axis = axis_arg(secondary, "secondary");
        const TrajectoryArg o(origin, "origin");
        const TrajectoryArg vp(v_primary, "v_primary");
        const TrajectoryArg vs(v_secondary, "v_secondary");
        geometry::SegmentFrames frames;
        {
          py::gil_scoped_release release;
          frames = geometry::frames_from_vectors(o.map(), vp.map(), p_axis, vs.map(), s_axis);
        }
        return py::make_tuple(to_numpy(std::move(frames.origin)),
                              rotations_to_numpy(std::move(frames.R_lab_segment)));
      },
      py::arg("origin"), py::arg("v_primary"), py::arg("primary"), py::arg("v_secondary"),
      py::arg("secondary"),
      R"doc(Orthonormal right-handed segment frames from two vectors per frame.

Parameters
----------
origin, v_primary, v_secondary : array_like, shape (n_frames, 3)
    Origin [m] and two direction vectors in the lab frame.
primary, secondary : SegmentAxis or str
    The axes the two vectors define ("X", "Y", "Z"); they must differ.

Returns
-------
tuple of numpy.ndarray
    origin (n_frames, 3) [m] and R_lab_segment (n_frames, 3, 3); NaN for frames with NaN input,
    zero-length or parallel vectors.
)doc");

  const auto transform = [](bool to_segment) {
    return [to_segment](const ArrayLike& origin, const ArrayLike& R_lab_segment,
                        const ArrayLike& points) {
      const char* points_name = to_segment ? "points_lab" : "points_segment";
      const TrajectoryArg o(origin, "origin");
      const RotationsArg r(R_lab_segment, "R_lab_segment");
      const TrajectoryArg p(points, points_name);
      Trajectory out;
      {
        py::gil_scoped_release release;
        out = to_segment ? geometry::to_segment(o.map(), r.map(), p.map())
                         : geometry::to_lab(o.map(), r.map(), p.map());
      }
      return to_numpy(std::move(out));
    };
  };
  m.def("geometry_to_segment", transform(true), py::arg("origin"), py::arg("R_lab_segment"),
        py::arg("points_lab"),
        R"doc(Points in segment coordinates: p_seg = R_lab_segment^T (p_lab - origin).

Parameters
----------
origin : array_like, shape (n_frames, 3)
R_lab_segment : array_like, shape (n_frames, 3, 3)
points_lab : array_like, shape (n_frames, 3)

Returns
-------
numpy.ndarray, shape (n_frames, 3)
)doc");
  m.def("geometry_to_lab", transform(false), py::arg("origin"), py::arg("R_lab_segment"),
        py::arg("points_segment"),
        R"doc(Points in lab coordinates: p_lab = origin + R_lab_segment p_seg.

Parameters
----------
origin : array_like, shape (n_frames, 3)
R_lab_segment : array_like, shape (n_frames, 3, 3)
points_segment : array_like, shape (n_frames, 3)

Returns
-------
numpy.ndarray, shape (n_frames, 3)
)doc");

  m.def(
      "geometry_max_orthonormality_error",
      [](const ArrayLike& R) {
        const RotationsArg r(R, "R");
        py::gil_scoped_release release;
        return geometry::max_orthonormality_error(r.map());
      },
      py::arg("R"),
      R"doc(Largest entry of |R^T R - I| over the frames (2 for a reflection); NaN frames skipped.

Parameters
----------
R : array_like, shape (n_frames, 3, 3)

Returns
-------
float
)doc");
}

}  // namespace hipmech::bindings
