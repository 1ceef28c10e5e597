// Python bindings of the core: exceptions, Side, LabAxes, missing-frame helpers.
#include <pybind11/eigen.h>
#include <pybind11/gil_safe_call_once.h>
#include <pybind11/native_enum.h>
#include <pybind11/operators.h>
#include <pybind11/stl.h>

#include <cstdint>

#include "arguments.hpp"
#include "bind.hpp"
#include "hipmech/core.hpp"
#include "strings.hpp"

namespace hipmech::bindings {

namespace {

// The Python exception types live in python/hipmech/_errors.py (so that they carry typed
// attributes and a proper __str__); the translator looks them up once per interpreter.
struct ExceptionTypes {
  py::object invalid_argument;
  py::object file_error;
  py::object numerical_error;
};

PYBIND11_CONSTINIT py::gil_safe_call_once_and_store<ExceptionTypes> exception_types;

const ExceptionTypes& get_exception_types() {
  return exception_types
      .call_once_and_store_result([] {
        const py::module_ errors = py::module_::import("hipmech._errors");
        return ExceptionTypes{errors.attr("InvalidArgumentError"), errors.attr("FileError"),
                              errors.attr("NumericalError")};
      })
      .get_stored();
}

void raise(const py::object& exc) {
  PyErr_SetObject(py::type::of(exc).ptr(), exc.ptr());
}

void bind_exceptions(py::module_& m) {
  py::register_exception_translator([](std::exception_ptr p) {
    if (!p) return;
    try {
      std::rethrow_exception(p);
    } catch (const InvalidArgument& e) {
      raise(get_exception_types().invalid_argument(
          message_to_python(e.what()), message_to_python(e.argument()),
          message_to_python(e.expected()), message_to_python(e.got())));
    } catch (const FileError& e) {
      // The message may quote a file's non-UTF-8 bytes; the path is given back as os.fsdecode
      // gives it (docs/io.md, "Text encodings").
      raise(
          get_exception_types().file_error(message_to_python(e.what()), path_to_python(e.path())));
    } catch (const NumericalError& e) {
      raise(get_exception_types().numerical_error(message_to_python(e.what())));
    }
  });

  m.def(
      "_raise",
      [](const std::string& kind) {
        if (kind == "invalid_argument")
          throw InvalidArgument("hip", "shape (n_frames, 3)", "shape (4, 2)");
        if (kind == "file") throw FileError("trial.c3d", "truncated parameter section at byte 512");
        if (kind == "numerical") throw NumericalError("residual analysis: no convergence");
        throw InvalidArgument("kind", "'invalid_argument', 'file' or 'numerical'",
                              "'" + kind + "'");
      },
      py::arg("kind"), "Internal, for tests: throw one of the C++ exception types.");
}

void bind_side(py::module_& m) {
  py::native_enum<Side>(m, "Side", "enum.Enum",
                        "Body side of a side-specific quantity. Functions that take a side also\n"
                        "accept the strings 'left'/'right' (or 'L'/'R', any case).")
      .value("LEFT", Side::Left)
      .value("RIGHT", Side::Right)
      .finalize();

  m.def(
      "parse_side",
      [](const SideLike& side, const std::string& arg) { return side_arg(side, arg.c_str()); },
      py::arg("side"), py::arg("arg") = "side",
      R"doc(Return the :class:`Side` for ``side``.

Parameters
----------
side : Side or str
    ``Side.LEFT``/``Side.RIGHT`` or one of "left", "right", "l", "r" (any case).
arg : str
    Argument name used in the error message.

Raises
------
InvalidArgumentError
    (a ValueError) for anything else, naming ``arg``.
)doc");
}

// A whole-trial LabAxes method as a Python method: converts the array argument (named
// `arg` in errors) and runs the method without the GIL.
template <typename Result>
auto on_trajectory(Result (LabAxes::*method)(const TrajectoryCRef&) const, const char* arg) {
  return [method, arg](const LabAxes& self, const ArrayLike& points) {
    const TrajectoryArg p(points, arg);
    py::gil_scoped_release release;
    return (self.*method)(p.map());
  };
}

void bind_lab_axes(py::module_& m) {
  py::class_<LabAxes>(m, "LabAxes", R"doc(Orientation of the lab frame relative to the body.

``up`` is the lab axis pointing up (against gravity), ``forward`` the lab axis pointing in
the nominal direction of progression; ``right = forward x up`` completes a right-handed set.
The ISB-aligned lab frame is X forward, Y up, Z right (Wu & Cavanagh 1995).

Parameters
----------
up : str
    "X", "+Y", "-Z", ... (case-insensitive). Default "Z" (Vicon/Qualisys C3D).
forward : str
    Axis perpendicular to ``up``. Default "X".

Raises
------
InvalidArgumentError
    (a ValueError) naming ``up`` or ``forward`` for an unknown axis or ``forward`` along ``up``.

Examples
--------
>>> lab = LabAxes(up="Z", forward="X")
>>> lab.right
'-Y'
)doc")
      .def(py::init([](const std::string& up, const std::string& forward) {
             return LabAxes(up, forward);
           }),
           py::arg("up") = "Z", py::arg("forward") = "X")
      .def_property_readonly(
          "up", [](const LabAxes& a) { return to_string(a.up()); },
          "Lab axis pointing up, e.g. '+Z'.")
      .def_property_readonly(
          "forward", [](const LabAxes& a) { return to_string(a.forward()); },
          "Lab axis of the nominal direction of progression, e.g. '+X'.")
      .def_property_readonly(
          "right", [](const LabAxes& a) { return to_string(a.right()); },
          "Lab axis to the subject's right when facing forward (forward x up), e.g. '-Y'.")
      .def_property_readonly("R_isb_lab", &LabAxes::R_isb_lab,
                             "(3, 3) rotation from lab to ISB-aligned axes: v_isb = R_isb_lab @ "
                             "v_lab. A signed permutation matrix.")
      .def("to_isb", on_trajectory(&LabAxes::to_isb, "points_lab"), py::arg("points_lab"),
           R"doc(Re-express positions or vectors in ISB-aligned lab axes (X forward, Y up, Z right).

Exact: a signed permutation of the columns. NaN frames stay NaN.

Parameters
----------
points_lab : array_like, shape (n_frames, 3)
    Lab-frame coordinates, any unit. A C-contiguous float64 array is read without a copy.

Returns
-------
numpy.ndarray, shape (n_frames, 3)
    The same points in ISB-aligned axes, same unit.
)doc")
      .def("from_isb", on_trajectory(&LabAxes::from_isb, "points_isb"), py::arg("points_isb"),
           R"doc(Inverse of :meth:`to_isb`: from ISB-aligned axes back to lab coordinates.

Parameters
----------
points_isb : array_like, shape (n_frames, 3)

Returns
-------
numpy.ndarray, shape (n_frames, 3)
)doc")
      .def("height", on_trajectory(&LabAxes::height, "points_lab"), py::arg("points_lab"),
           R"doc(Component of each frame along ``up`` (height).

Parameters
----------
points_lab : array_like, shape (n_frames, 3)
    Lab-frame positions [m].

Returns
-------
numpy.ndarray, shape (n_frames,)
    Heights [m]; NaN where the frame is missing.
)doc")
      .def(py::self == py::self)
      .def(py::self != py::self)
      .def("__hash__",
           [](const LabAxes& a) {
             return py::hash(py::make_tuple(to_string(a.up()), to_string(a.forward())));
           })
      .def("__repr__", [](const LabAxes& a) { return to_string(a); })
      .def("__reduce__", [](const LabAxes& a) {
        return py::make_tuple(py::type::of<LabAxes>(),
                              py::make_tuple(to_string(a.up()), to_string(a.forward())));
      });
}

void bind_trajectory(py::module_& m) {
  m.def(
      "missing_frames",
      [](const ArrayLike& points) {
        const TrajectoryArg p(points, "points");
        py::gil_scoped_release release;
        return FrameMask(missing_frames(p.map()));
      },
      py::arg("points"),
      R"doc(Flag the frames that hold at least one NaN (missing samples).

Parameters
----------
points : array_like, shape (n_frames, 3)

Returns
-------
numpy.ndarray of bool, shape (n_frames,)
    True where the frame is missing.
)doc");

  m.def(
      "count_missing_frames",
      [](const ArrayLike& points) {
        const TrajectoryArg p(points, "points");
        return count_missing_frames(p.map());
      },
      py::arg("points"),
      R"doc(Number of frames that hold at least one NaN.

Parameters
----------
points : array_like, shape (n_frames, 3)

Returns
-------
int
)doc");

  m.def(
      "_trajectory_view",
      [](const ArrayLike& points, bool allow_nan) {
        const TrajectoryArg p(points, "points", allow_nan ? NanPolicy::Allow : NanPolicy::Reject);
        return py::make_tuple(reinterpret_cast<std::uintptr_t>(p.map().data()), p.copied());
      },
      py::arg("points"), py::arg("allow_nan") = true,
      "Internal, for tests: convert ``points`` as every trajectory argument is converted and\n"
      "return (address of the data C++ sees, whether a copy was made).");
}

}  // namespace

void bind_core(py::module_& m) {
  bind_exceptions(m);
  bind_side(m);
  bind_lab_axes(m);
  bind_trajectory(m);
}

}  // namespace hipmech::bindings
