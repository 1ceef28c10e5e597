// hipmech_hip_summary: the per-trial hip summary of a Plug-in Gait C3D trial (usage: kUsage).
// One call does the analysis `hipmech report` does (hipmech::report::analyse: filter, model,
// events, per-stance peaks, side statistics, symmetry index and angle with bootstrap CIs, notes);
// this program only reads its arguments and prints the result. Bad input exits with 2.
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <iostream>
#include <optional>
#include <stdexcept>
#include <string>

#include <hipmech/io/c3d.hpp>
#include <hipmech/report.hpp>

namespace {

const char* const kUsage =
    "usage: hipmech_hip_summary TRIAL.c3d [--mass KG] [--reference left|right]\n"
    "                           [--static STATIC.c3d] [--events auto|file|plates|kinematics]\n"
    "                           [--csv | --json]\n";

struct UsageError : std::runtime_error {  // a bad command line: usage on stderr, exit 2
  using std::runtime_error::runtime_error;
};

int run(int argc, char** argv) {
  std::string path, static_path, output = "text";
  hipmech::report::AnalysisOptions options;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    const auto value = [&]() -> std::string {
      if (i + 1 >= argc) throw UsageError("argument '" + a + "': expected a value, got none");
      return argv[++i];
    };
    if (a == "--mass") {
      const std::string v = value();
      char* end = nullptr;
      options.body_mass_kg = std::strtod(v.c_str(), &end);
      if (v.empty() || *end != '\0') throw UsageError("argument '--mass': expected a number, got '" + v + "'");
    } else if (a == "--reference") {
      options.reference = hipmech::parse_side(value(), "--reference");
    } else if (a == "--events") {
      options.events = hipmech::report::parse_events_mode(value(), "--events");
    } else if (a == "--static") {
      static_path = value();
    } else if (a == "--csv" || a == "--json") {
      output = a.substr(2);
    } else if (a == "-h" || a == "--help") {
      return (std::cout << kUsage), 0;
    } else if (a.rfind("-", 0) == 0 || !path.empty()) {
      throw UsageError("unexpected argument '" + a + "'");
    } else {
      path = a;
    }
  }
  if (path.empty()) throw UsageError("argument 'TRIAL.c3d': expected a C3D file, got none");

  const hipmech::io::Trial trial = hipmech::io::read_c3d(path);
  std::optional<hipmech::io::Trial> static_trial;
  if (!static_path.empty()) static_trial = hipmech::io::read_c3d(static_path);
  const hipmech::report::TrialSummary r =
      hipmech::report::analyse(trial, options, static_trial ? &*static_trial : nullptr);

  if (output == "json") {
    std::cout << hipmech::report::to_json(r) << '\n';
    return 0;
  }
  const bool csv = output == "csv";
  const char* g = csv ? "%.17g" : "%.2f";
  const char* sep = csv ? "," : "  ";
  const auto number = [](double x, const char* format) {
    char buf[64];
    std::snprintf(buf, sizeof buf, format, x);  // NaN prints as "nan"
    return std::string(buf);
  };
  if (!csv) std::cout << "hip summary of " << path << " (" << r.events_source << " events)\n";
  for (const char* c : {"quantity", "unit", "left_n", "left_missing", "left_mean", "left_sd",
                        "right_n", "right_missing", "right_mean", "right_sd", "difference",
                        "difference_ci_low", "difference_ci_high", "si_percent", "si_ci_low",
                        "si_ci_high", "sa_percent", "sa_ci_low", "sa_ci_high"}) {
    std::cout << (std::string(c) == "quantity" ? "" : sep) << c;
  }
  std::cout << '\n';
  for (const hipmech::report::SummaryRow& s : r.summary) {
    const auto& info = hipmech::report::quantity_info()[static_cast<std::size_t>(s.quantity)];
    std::cout << info.name << sep << info.unit;
    for (const auto* side : {&s.left, &s.right}) {
      std::cout << sep << side->n << sep << side->n_missing << sep << number(side->mean, g) << sep
                << number(side->sd, g);
    }
    for (const auto* a : {&s.difference, &s.symmetry_index, &s.symmetry_angle}) {
      std::cout << sep << number(a->value, g) << sep << number(a->ci_low, g) << sep
                << number(a->ci_high, g);
    }
    std::cout << '\n';
  }
  if (!csv) {
    std::cout << "\nnotes:\n";
    for (const std::string& n : r.notes) std::cout << "  - " << n << '\n';
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return run(argc, argv);
  } catch (const UsageError& e) {
    std::cerr << "hipmech_hip_summary: " << e.what() << '\n' << kUsage;
  } catch (const hipmech::FileError& e) {
    std::cerr << "hipmech_hip_summary: cannot read the trial: " << e.what() << '\n';
  } catch (const std::invalid_argument& e) {  // hipmech::InvalidArgument: names the argument
    std::cerr << "hipmech_hip_summary: bad input: " << e.what() << '\n';
  } catch (const std::exception& e) {
    std::cerr << "hipmech_hip_summary: failed: " << e.what() << '\n';
    return 1;
  }
  return 2;
}
