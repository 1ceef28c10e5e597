// A C++ user's first program: everything through <hipmech/hipmech.hpp>, one call for the hip
// analysis. A synthetic walking trial with 4 deg (left) and 8 deg (right) of contralateral
// pelvic drop goes through hipmech::report::analyse; the side means must come back within 0.5 deg.
// `scripts/dev test` times its compile and link without a compiler cache (goal < 30 s).
#include <cmath>
#include <cstring>
#include <iostream>

#include <hipmech/hipmech.hpp>

int main() {
  std::cout << "hipmech " << hipmech::version() << '\n';
  if (std::strcmp(hipmech::version(), HIPMECH_VERSION_STRING) != 0) {  // headers = library
    std::cerr << "library " << hipmech::version() << " != headers " << HIPMECH_VERSION_STRING << '\n';
    return 1;
  }
  constexpr double kDeg = 3.14159265358979323846 / 180.0;
  hipmech::synth::WalkingSettings settings;
  settings.n_strides = 4;
  settings.pelvic_drop_rad = {4.0 * kDeg, 8.0 * kDeg};
  settings.variability_sd_rad = 0.0;  // every stance peaks at the injected drop
  const hipmech::synth::SyntheticWalking walk = hipmech::synth::walking(settings);

  hipmech::report::AnalysisOptions options;
  options.n_resamples = 500;
  const hipmech::report::TrialSummary summary = hipmech::report::analyse(walk.trial, options);
  const auto& drop = summary.summary[0];  // report::Quantity::PelvicDropDeg
  std::cout << "pelvic drop [deg]: left " << drop.left.mean << " (n " << drop.left.n << "), right "
            << drop.right.mean << " (n " << drop.right.n << "); symmetry index "
            << drop.symmetry_index.value << " % [" << drop.symmetry_index.ci_low << ", "
            << drop.symmetry_index.ci_high << "]\n";
  for (const std::string& note : summary.notes) std::cout << "  note: " << note << '\n';

  try {  // bad input is an exception naming the argument
    (void)hipmech::parse_side("middle");
  } catch (const std::invalid_argument& e) {
    std::cout << "bad input is reported: " << e.what() << '\n';
  }
  return std::abs(drop.left.mean - 4.0) < 0.5 && std::abs(drop.right.mean - 8.0) < 0.5 ? 0 : 1;
}
