// Marker maps (include/hipmech/io/marker_map.hpp).
#include "hipmech/io/marker_map.hpp"

#include <algorithm>
#include <cctype>
#include <cstddef>
#include <initializer_list>
#include <unordered_map>
#include <unordered_set>

#include "hipmech/core/check.hpp"

namespace hipmech::io {
namespace {

std::string trimmed(std::string_view s) {
  std::size_t b = 0, e = s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
  return std::string(s.substr(b, e - b));
}

std::string quoted(const std::string& s) {
  return "'" + s + "'";
}

std::string quoted_list(const std::vector<std::string>& names, std::size_t max_chars = 600) {
  std::string out;
  for (const std::string& n : names) {
    if (!out.empty()) out += ", ";
    if (out.size() > max_chars) return out + "...";
    out += quoted(n);
  }
  return out.empty() ? std::string("none") : out;
}

/// Lower case, letters and digits only, after the last ':' (Vicon's "Subject:LASI").
std::string key(std::string_view name) {
  const std::size_t colon = name.rfind(':');
  if (colon != std::string_view::npos) name = name.substr(colon + 1);
  std::string out;
  for (char ch : name) {
    const auto u = static_cast<unsigned char>(ch);
    if (std::isalnum(u)) out.push_back(static_cast<char>(std::tolower(u)));
  }
  return out;
}

std::size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = up;
    }
  }
  return row[b.size()];
}

/// Up to three names of `candidates` nearest to `name` (case and separators ignored), nearest
/// first, within an edit distance of 2 or sharing the name as a prefix.
std::vector<std::string> closest_names(const std::string& name,
                                       const std::vector<std::string>& candidates) {
  const std::string k = key(name);
  std::vector<std::pair<std::size_t, std::string>> scored;
  for (const std::string& c : candidates) {
    const std::string kc = key(c);
    std::size_t d = edit_distance(k, kc);
    if (!k.empty() && (kc.rfind(k, 0) == 0 || k.rfind(kc, 0) == 0) && !kc.empty())
      d = std::min<std::size_t>(d, 1);
    if (d <= 2) scored.emplace_back(d, c);
  }
  std::stable_sort(scored.begin(), scored.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<std::string> out;
  for (std::size_t i = 0; i < scored.size() && i < 3; ++i) out.push_back(scored[i].second);
  return out;
}

/// A marker name split into its side ('l', 'r' or 0) and the rest, both as keys.
struct SidedKey {
  char side = 0;
  std::string stem;
};

/// Plug-in Gait's sided marker stems and the synonyms other labs use for them (as keys).
const std::unordered_map<std::string, std::vector<std::string>>& sided_synonyms() {
  static const std::unordered_map<std::string, std::vector<std::string>> table{
      {"asi", {"asis", "ias"}},
      {"psi", {"psis", "ips"}},
      {"thi", {"thigh", "thg", "thw"}},
      {"kne", {"knee", "kn", "lfe", "fle", "latknee", "kneelat"}},
      {"tib", {"sha", "shn", "shank", "tibia", "tb", "tiw", "tibw"}},
      {"ank", {"ankle", "mal", "lmal", "latmal", "lm", "fal", "anklat"}},
      {"toe", {"mt2", "toe2", "met2", "mh2", "fm2", "d2m"}},
      {"hee", {"heel", "hel", "cal", "fcc", "calc"}},
  };
  return table;
}

/// Synonyms of the unsided Plug-in Gait markers (as keys).
const std::unordered_map<std::string, std::vector<std::string>>& unsided_synonyms() {
  static const std::unordered_map<std::string, std::vector<std::string>> table{
      {"sacr", {"sacrum", "sac", "vsac", "sacral", "s1", "msac"}},
      {"clav", {"clavicle", "ij", "jn"}},
      {"strn", {"sternum", "px", "xp"}},
  };
  return table;
}

/// "lasi" -> {'l', "asi"}, "leftasi" -> {'l', "asi"}, "sacr" -> {0, "sacr"} (a name is sided
/// when it starts with l/r/left/right and something follows).
SidedKey split_side(const std::string& k) {
  for (const auto& [prefix, side] :
       std::initializer_list<std::pair<const char*, char>>{{"left", 'l'}, {"right", 'r'}}) {
    const std::string p = prefix;
    if (k.size() > p.size() && k.compare(0, p.size(), p) == 0) return {side, k.substr(p.size())};
  }
  if (k.size() > 1 && (k[0] == 'l' || k[0] == 'r')) return {k[0], k.substr(1)};
  return {0, k};
}

bool contains(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

/// Whether `candidate` (a key) is a synonym of the missing marker `missing` (a key).
bool is_synonym(const std::string& missing, const std::string& candidate) {
  const auto& unsided = unsided_synonyms();
  const auto u = unsided.find(missing);
  if (u != unsided.end()) return contains(u->second, candidate);
  const SidedKey m = split_side(missing);
  const SidedKey c = split_side(candidate);
  if (m.side == 0 || m.side != c.side) return false;
  const auto& sided = sided_synonyms();
  const auto s = sided.find(m.stem);
  return s != sided.end() && contains(s->second, c.stem);
}

/// Whether `candidate` contains the first three letters of the missing name's stem, on the
/// same side for a sided name ("vsac" for "sacr", "ltibia" for "ltib").
bool shares_stem(const std::string& missing, const std::string& candidate) {
  const bool unsided = unsided_synonyms().count(missing) > 0;
  const SidedKey m = unsided ? SidedKey{0, missing} : split_side(missing);
  if (m.stem.size() < 3) return false;
  const std::string head = m.stem.substr(0, 3);
  if (m.side == 0) return candidate.find(head) != std::string::npos;
  const SidedKey c = split_side(candidate);
  return c.side == m.side && c.stem.find(head) != std::string::npos;
}

}  // namespace

MarkerMap parse_marker_map(std::string_view text, const std::string& argument) {
  const std::string whole = trimmed(text);
  HIPMECH_CHECK_ARG(!whole.empty(), argument, "'OLD=NEW' pairs separated by commas", "''");
  std::vector<std::string_view> items;
  std::size_t start = 0;
  for (;;) {
    const std::size_t comma = whole.find(',', start);
    items.push_back(std::string_view(whole).substr(
        start, comma == std::string::npos ? std::string::npos : comma - start));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  if (items.size() > 1 && trimmed(items.back()).empty()) items.pop_back();  // "A=B,"
  MarkerMap out;
  for (std::string_view item : items) {
    const std::size_t eq = item.find('=');
    const std::string shown = "'" + trimmed(item) + "' in '" + whole + "'";
    HIPMECH_CHECK_ARG(eq != std::string_view::npos && item.find('=', eq + 1) == std::string::npos,
                      argument, "'OLD=NEW' pairs separated by commas", shown);
    std::string old_name = trimmed(item.substr(0, eq)), new_name = trimmed(item.substr(eq + 1));
    HIPMECH_CHECK_ARG(!old_name.empty() && !new_name.empty(), argument,
                      "'OLD=NEW' pairs with non-empty names", shown);
    out.emplace_back(std::move(old_name), std::move(new_name));
  }
  // The duplicate checks of renamed_point_names, before any trial is at hand.
  for (std::size_t i = 0; i < out.size(); ++i) {
    for (std::size_t j = 0; j < i; ++j) {
      HIPMECH_CHECK_ARG(out[i].first != out[j].first, argument, "each OLD name once",
                        quoted(out[i].first) + " mapped twice (to " + quoted(out[j].second) +
                            " and " + quoted(out[i].second) + ")");
      HIPMECH_CHECK_ARG(out[i].second != out[j].second, argument, "each NEW name once",
                        quoted(out[j].first) + " and " + quoted(out[i].first) + " both mapped to " +
                            quoted(out[i].second));
    }
  }
  return out;
}

std::string format_marker_map(const MarkerMap& old_to_new) {
  std::string out;
  for (const auto& [from, to] : old_to_new) out += (out.empty() ? "" : ",") + from + "=" + to;
  return out;
}

std::vector<std::string> renamed_point_names(const std::vector<std::string>& point_names,
                                             const std::vector<std::string>& marker_names,
                                             const MarkerMap& old_to_new,
                                             const std::string& argument) {
  std::unordered_map<std::string, std::string> rename;
  std::unordered_map<std::string, std::string> target_from;
  const std::unordered_set<std::string> points(point_names.begin(), point_names.end());
  const std::unordered_set<std::string> markers(marker_names.begin(), marker_names.end());
  for (const auto& [from, to] : old_to_new) {
    HIPMECH_CHECK_ARG(!from.empty() && !to.empty(), argument, "non-empty OLD and NEW names",
                      quoted(from) + " -> " + quoted(to));
    const auto [it, fresh] = rename.emplace(from, to);
    HIPMECH_CHECK_ARG(
        fresh, argument, "each OLD name once",
        quoted(from) + " mapped twice (to " + quoted(it->second) + " and " + quoted(to) + ")");
    const auto [t, new_target] = target_from.emplace(to, from);
    HIPMECH_CHECK_ARG(new_target, argument, "each NEW name once",
                      quoted(t->second) + " and " + quoted(from) + " both mapped to " + quoted(to));
    if (markers.count(from) == 0) {
      if (points.count(from) > 0) {
        detail::throw_invalid_argument(argument, "the names of markers to rename",
                                       quoted(from) + ", a model output, not a marker");
      }
      const std::vector<std::string> near = closest_names(from, marker_names);
      detail::throw_invalid_argument(
          argument, "OLD names that are markers of the trial",
          quoted(from) + ", which the trial does not hold" +
              (near.empty() ? std::string() : " (closest: " + quoted_list(near) + ")") +
              "; markers available: " + quoted_list(marker_names));
    }
  }
  for (const auto& [from, to] : old_to_new) {
    if (to == from || points.count(to) == 0) continue;
    // NEW names a point that stays (not itself renamed): the two would clash.
    HIPMECH_CHECK_ARG(rename.count(to) > 0, argument,
                      "NEW names that no other point of the trial has",
                      quoted(from) + " -> " + quoted(to) + ", but the trial already holds " +
                          quoted(to) + " (map it away too, or drop it first)");
  }
  std::vector<std::string> out;
  out.reserve(point_names.size());
  for (const std::string& name : point_names) {
    const auto it = markers.count(name) > 0 ? rename.find(name) : rename.end();
    out.push_back(it == rename.end() ? name : it->second);
  }
  return out;
}

void rename_markers(Trial& trial, const MarkerMap& old_to_new) {
  std::vector<std::string> names;
  names.reserve(trial.points.size());
  for (const Point& p : trial.points) names.push_back(p.name);
  const std::vector<std::string> renamed =
      renamed_point_names(names, trial.names(PointKind::Marker), old_to_new, "old_to_new");
  for (std::size_t i = 0; i < trial.points.size(); ++i) trial.points[i].name = renamed[i];
}

MarkerMap suggest_marker_map(const std::vector<std::string>& missing,
                             const std::vector<std::string>& available) {
  MarkerMap out;
  std::unordered_set<std::string> used;
  std::unordered_set<std::string> missing_keys;
  for (const std::string& m : missing) missing_keys.insert(key(m));
  for (const std::string& m : missing) {
    const std::string km = key(m);
    if (km.empty()) continue;
    std::string pick;
    // 1. the same name with other case, separators or a subject prefix; 2. a known synonym.
    for (const std::string& a : available) {
      if (used.count(a) == 0 && a != m && key(a) == km) {
        pick = a;
        break;
      }
    }
    for (std::size_t i = 0; pick.empty() && i < available.size(); ++i) {
      if (used.count(available[i]) == 0 && is_synonym(km, key(available[i]))) pick = available[i];
    }
    // 3. a unique name sharing the stem, which is not itself a missing name's stem-mate.
    if (pick.empty()) {
      std::vector<std::string> hits;
      for (const std::string& a : available) {
        const std::string ka = key(a);
        if (used.count(a) == 0 && missing_keys.count(ka) == 0 && shares_stem(km, ka)) {
          hits.push_back(a);
        }
      }
      if (hits.size() == 1) pick = hits.front();
    }
    if (!pick.empty()) {
      used.insert(pick);
      out.emplace_back(pick, m);
    }
  }
  return out;
}

std::string marker_map_hint(const std::vector<std::string>& missing,
                            const std::vector<std::string>& available) {
  const MarkerMap map = suggest_marker_map(missing, available);
  if (map.empty()) return {};
  std::string dict;
  for (const auto& [from, to] : map) {
    dict += (dict.empty() ? "" : ", ") + quoted(from) + ": " + quoted(to);
  }
  return std::string("; similarly named markers are present: map ") +
         (map.size() == 1 ? "it" : "them") + " with marker_map={" + dict +
         "} (hipmech.io.rename_markers or io::rename_markers; on the command line --marker-map " +
         format_marker_map(map) + ")";
}

}  // namespace hipmech::io
