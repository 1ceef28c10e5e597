// C3D parameter tree: lookups and convenience constructors (include/hipmech/io/parameters.hpp).
#include "hipmech/io/parameters.hpp"

#include <algorithm>
#include <cctype>
#include <string_view>

namespace hipmech::io {
namespace {

bool same_name(std::string_view a, std::string_view b) noexcept {
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::toupper(static_cast<unsigned char>(x)) ==
                  std::toupper(static_cast<unsigned char>(y));
         });
}

template <class Vec>
auto* find_named(Vec& items, std::string_view name) noexcept {
  auto it = std::find_if(items.begin(), items.end(),
                         [&](const auto& item) { return same_name(item.name, name); });
  return it == items.end() ? nullptr : &*it;
}

}  // namespace

const Parameter* ParameterGroup::find(const std::string& parameter_name) const noexcept {
  return find_named(parameters, parameter_name);
}
Parameter* ParameterGroup::find(const std::string& parameter_name) noexcept {
  return find_named(parameters, parameter_name);
}

const ParameterGroup* Parameters::group(const std::string& name) const noexcept {
  return find_named(groups, name);
}
ParameterGroup* Parameters::group(const std::string& name) noexcept {
  return find_named(groups, name);
}

const Parameter* Parameters::find(const std::string& group_name,
                                  const std::string& name) const noexcept {
  const ParameterGroup* g = group(group_name);
  return g ? g->find(name) : nullptr;
}

ParameterGroup& Parameters::group_or_add(const std::string& name,
                                         const std::string& description) {
  if (ParameterGroup* g = group(name)) return *g;
  groups.push_back(ParameterGroup{name, description, false, {}});
  return groups.back();
}

Parameter& Parameters::set(const std::string& group_name, Parameter parameter) {
  ParameterGroup& g = group_or_add(group_name);
  if (Parameter* p = g.find(parameter.name)) {
    *p = std::move(parameter);
    return *p;
  }
  g.parameters.push_back(std::move(parameter));
  return g.parameters.back();
}

void Parameters::erase(const std::string& group_name, const std::string& name) {
  if (ParameterGroup* g = group(group_name)) {
    auto& ps = g->parameters;
    ps.erase(std::remove_if(ps.begin(), ps.end(),
                            [&](const Parameter& p) { return same_name(p.name, name); }),
             ps.end());
  }
}

double Parameters::number(const std::string& group_name, const std::string& name,
                          std::size_t index, double fallback) const noexcept {
  const Parameter* p = find(group_name, name);
  if (!p || p->type == ParameterType::Char || index >= p->numbers.size()) return fallback;
  return p->numbers[index];
}

std::string Parameters::string(const std::string& group_name, const std::string& name,
                               std::size_t index, const std::string& fallback) const {
  const Parameter* p = find(group_name, name);
  if (!p || p->type != ParameterType::Char || index >= p->strings.size()) return fallback;
  return p->strings[index];
}

std::vector<std::string> Parameters::strings_continued(const std::string& group_name,
                                                       const std::string& name) const {
  std::vector<std::string> out;
  for (int k = 1;; ++k) {
    const Parameter* p = find(group_name, k == 1 ? name : name + std::to_string(k));
    if (!p || p->type != ParameterType::Char) break;
    out.insert(out.end(), p->strings.begin(), p->strings.end());
  }
  return out;
}

std::vector<double> Parameters::numbers_continued(const std::string& group_name,
                                                  const std::string& name) const {
  std::vector<double> out;
  for (int k = 1;; ++k) {
    const Parameter* p = find(group_name, k == 1 ? name : name + std::to_string(k));
    if (!p || p->type == ParameterType::Char) break;
    out.insert(out.end(), p->numbers.begin(), p->numbers.end());
  }
  return out;
}

Parameter make_parameter(const std::string& name, std::vector<double> numbers, ParameterType type,
                         std::vector<int> dims, const std::string& description) {
  Parameter p;
  p.name = name;
  p.description = description;
  p.type = type == ParameterType::Char ? ParameterType::Float : type;
  if (dims.empty() && numbers.size() != 1) dims = {static_cast<int>(numbers.size())};
  p.dims = std::move(dims);
  p.numbers = std::move(numbers);
  return p;
}

Parameter make_parameter(const std::string& name, std::vector<std::string> strings,
                         const std::string& description) {
  Parameter p;
  p.name = name;
  p.description = description;
  p.type = ParameterType::Char;
  std::size_t length = 0;
  for (auto& s : strings) {
    while (!s.empty() && (s.back() == ' ' || s.back() == '\0')) s.pop_back();
    length = std::max(length, s.size());
  }
  // At least one character: a zero-length string dimension confuses other readers.
  p.dims = {static_cast<int>(std::max<std::size_t>(length, 1))};
  if (strings.size() != 1) p.dims.push_back(static_cast<int>(strings.size()));
  p.strings = std::move(strings);
  return p;
}

}  // namespace hipmech::io
