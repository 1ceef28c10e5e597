/// \file
/// A C3D parameter tree (groups of typed, multi-dimensional parameters), kept in a Trial so
/// that everything a reader read can be written back (C3D user guide, c3d.org, ch. 3).
#pragma once

#include <string>
#include <vector>

namespace hipmech::io {

/// C3D parameter data types; the value is the C3D type code (bytes per element, -1 = char).
enum class ParameterType : int { Char = -1, Byte = 1, Int16 = 2, Float = 4 };

/// One parameter. Dimensions are in C3D order (the first varies fastest); a Char parameter's
/// first dimension is the string length and its values are the strings of the remaining
/// dimensions, right-trimmed.
struct Parameter {
  std::string name;
  std::string description;
  bool locked = false;
  ParameterType type = ParameterType::Float;
  std::vector<int> dims;
  /// Numeric values (Byte, Int16, Float), first dimension fastest. Bytes read as 0..255.
  std::vector<double> numbers;
  /// Char values.
  std::vector<std::string> strings;

  /// Number of elements: strings for Char, numbers otherwise.
  std::size_t size() const noexcept {
    return type == ParameterType::Char ? strings.size() : numbers.size();
  }
};

/// A named group of parameters ("POINT", "ANALOG", "FORCE_PLATFORM", ...).
struct ParameterGroup {
  std::string name;
  std::string description;
  bool locked = false;
  std::vector<Parameter> parameters;

  /// The parameter called `name` (case-insensitive), or nullptr.
  const Parameter* find(const std::string& parameter_name) const noexcept;
  Parameter* find(const std::string& parameter_name) noexcept;
};

/// All groups of a file, in file order. Lookups are case-insensitive, as C3D names are
/// upper-case by convention but not always in practice.
struct Parameters {
  std::vector<ParameterGroup> groups;

  /// The group called `name`, or nullptr.
  const ParameterGroup* group(const std::string& name) const noexcept;
  ParameterGroup* group(const std::string& name) noexcept;
  /// The parameter `group_name:name`, or nullptr.
  const Parameter* find(const std::string& group_name, const std::string& name) const noexcept;

  /// The group called `name`, created (empty, at the end) if absent.
  ParameterGroup& group_or_add(const std::string& name, const std::string& description = {});
  /// Insert `parameter` into `group_name` (created if absent), replacing one of the same name.
  Parameter& set(const std::string& group_name, Parameter parameter);
  /// Remove `group_name:name` if present.
  void erase(const std::string& group_name, const std::string& name);

  /// Element `index` of a numeric parameter, or `fallback` when absent or too short.
  double number(const std::string& group_name, const std::string& name, std::size_t index = 0,
                double fallback = 0.0) const noexcept;
  /// String `index` of a Char parameter, or `fallback`.
  std::string string(const std::string& group_name, const std::string& name,
                     std::size_t index = 0, const std::string& fallback = {}) const;
  /// Values of NAME, NAME2, NAME3, ... concatenated: how C3D stores more than 255 labels.
  std::vector<std::string> strings_continued(const std::string& group_name,
                                             const std::string& name) const;
  std::vector<double> numbers_continued(const std::string& group_name,
                                        const std::string& name) const;
};

/// Convenience constructors for writers and callers.
Parameter make_parameter(const std::string& name, std::vector<double> numbers,
                         ParameterType type = ParameterType::Float,
                         std::vector<int> dims = {}, const std::string& description = {});
Parameter make_parameter(const std::string& name, std::vector<std::string> strings,
                         const std::string& description = {});

}  // namespace hipmech::io
