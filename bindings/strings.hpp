// Text leaving C++ for Python. The C3D reader keeps a file's strings as its bytes (labels,
// descriptions, units, parameter values, events, the subject's name); C3D files from European
// labs hold Latin-1 or cp1252 there, not UTF-8. Every such string becomes a Python str through
// text_to_python(): UTF-8 when it is UTF-8, Latin-1 otherwise (every byte is a Latin-1
// character, so nothing raises and no byte is lost). docs/io.md, "Text encodings".
#pragma once

#include <pybind11/pybind11.h>

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace hipmech::bindings {

namespace py = pybind11;

/// `bytes` as a str: decoded as UTF-8, or as Latin-1 if they are not UTF-8. Never raises.
inline py::str text_to_python(std::string_view bytes) {
  const auto size = static_cast<py::ssize_t>(bytes.size());
  PyObject* s = PyUnicode_DecodeUTF8(bytes.data(), size, nullptr);
  if (s == nullptr) {
    PyErr_Clear();
    s = PyUnicode_DecodeLatin1(bytes.data(), size, nullptr);
    if (s == nullptr) throw py::error_already_set();  // out of memory only
  }
  return py::reinterpret_steal<py::str>(s);
}

/// A list of str, each through text_to_python().
inline py::list text_to_python(const std::vector<std::string>& strings) {
  py::list out(strings.size());
  for (std::size_t i = 0; i < strings.size(); ++i) {
    out[i] = text_to_python(strings[i]);
  }
  return out;
}

/// A list of (str, str) tuples, each through text_to_python().
inline py::list text_to_python(const std::vector<std::pair<std::string, std::string>>& pairs) {
  py::list out(pairs.size());
  for (std::size_t i = 0; i < pairs.size(); ++i) {
    out[i] = py::make_tuple(text_to_python(pairs[i].first), text_to_python(pairs[i].second));
  }
  return out;
}

/// An error message as a str: UTF-8, with any other byte shown as \xNN (a message may quote a
/// Latin-1 label next to a UTF-8 path). Never raises.
inline py::str message_to_python(std::string_view bytes) {
  PyObject* s = PyUnicode_DecodeUTF8(bytes.data(), static_cast<py::ssize_t>(bytes.size()),
                                     "backslashreplace");
  if (s == nullptr) throw py::error_already_set();
  return py::reinterpret_steal<py::str>(s);
}

/// A path's bytes as the str os.fsdecode() gives (undecodable bytes as surrogates, so that
/// the str opens the same file again). Never raises.
inline py::str path_to_python(std::string_view bytes) {
  PyObject* s =
      PyUnicode_DecodeFSDefaultAndSize(bytes.data(), static_cast<py::ssize_t>(bytes.size()));
  if (s == nullptr) {
    PyErr_Clear();
    return message_to_python(bytes);
  }
  return py::reinterpret_steal<py::str>(s);
}

}  // namespace hipmech::bindings
