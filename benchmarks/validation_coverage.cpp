// Coverage of the measurement-uncertainty bands on synthetic walks with a known truth (issue 26,
// "Validation"; docs/uncertainty-model.md, "Validation"). Not a timing benchmark: a validation
// run, printed with its 95 % interval over replicates.
//
//   build/<dir>/benchmarks/hipmech_validation_coverage [--replicates 400] [--method both]
//       [--draws 100] [--strides 1] [--sigma-mm 1] [--threads 0]
//
// Each replicate (tests/cpp/helpers/uncertainty_coverage.hpp): white marker noise of SD sigma
// added to a noise-free synth::walking trial, the Davis hip centre wrong by a draw from the
// model's hip-centre distribution; the truth is the pipeline on the noise-free markers with the
// true hip centre. Printed per method: the fraction of frames (every curve, both sides) and of
// per-stance peaks inside value +/- 1.96 sd, with the interval that takes the replicates as the
// independent units (the frames of one replicate share its hip-centre error), and per quantity.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "helpers/uncertainty_coverage.hpp"

namespace {

void usage() {
  std::fprintf(stderr,
               "usage: hipmech_validation_coverage [--replicates N] [--method linear|monte_carlo|"
               "both] [--draws N] [--strides N] [--sigma-mm X] [--threads N]\n");
}

}  // namespace

int main(int argc, char** argv) {
  int replicates = 400, draws = 100, strides = 1, threads = 0;
  double sigma_mm = 1.0;
  std::string method = "both";
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (i + 1 >= argc) {
      usage();
      return 2;
    }
    const std::string v = argv[++i];
    if (a == "--replicates") {
      replicates = std::atoi(v.c_str());
    } else if (a == "--method") {
      method = v;
    } else if (a == "--draws") {
      draws = std::atoi(v.c_str());
    } else if (a == "--strides") {
      strides = std::atoi(v.c_str());
    } else if (a == "--sigma-mm") {
      sigma_mm = std::atof(v.c_str());
    } else if (a == "--threads") {
      threads = std::atoi(v.c_str());
    } else {
      usage();
      return 2;
    }
  }
  if (replicates < 2 || (method != "both" && method != "linear" && method != "monte_carlo")) {
    usage();
    return 2;
  }
  const hipmech::test::CoverageSetup setup(strides, sigma_mm * 1e-3);
  std::printf(
      "synthetic walk: %ld frames, %zu stances; marker noise %.2f mm; Davis hip centre "
      "SD %.1f/%.1f/%.1f mm (anterior, superior, lateral); %d replicates\n",
      static_cast<long>(setup.walk.trial.n_frames()), setup.nominal.stances.size(), sigma_mm,
      setup.model.hip_centre_sd_m[0] * 1e3, setup.model.hip_centre_sd_m[1] * 1e3,
      setup.model.hip_centre_sd_m[2] * 1e3, replicates);
  for (const char* m : {"monte_carlo", "linear"}) {
    if (method != "both" && method != m) continue;
    hipmech::uncertainty::PropagationOptions p;
    p.method = std::string(m) == "linear" ? hipmech::uncertainty::Method::Linear
                                          : hipmech::uncertainty::Method::MonteCarlo;
    p.n_draws = draws;
    p.n_threads = threads;
    hipmech::test::CoverageTally t;
    const auto start = std::chrono::steady_clock::now();
    for (int r = 0; r < replicates; ++r) {
      hipmech::test::coverage_replicate(setup, 1000 + static_cast<std::uint64_t>(r), p, t);
    }
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const auto f = hipmech::test::coverage_of(t, false);
    const auto k = hipmech::test::coverage_of(t, true);
    std::printf("%s%s: %.1f s\n", m,
                p.method == hipmech::uncertainty::Method::MonteCarlo
                    ? (" (" + std::to_string(draws) + " draws)").c_str()
                    : "",
                seconds);
    std::printf("  frames %.4f  95 %% CI [%.4f, %.4f]  (%ld values)\n", f.value, f.low, f.high,
                t.frames);
    std::printf("  peaks  %.4f  95 %% CI [%.4f, %.4f]  (%ld values)\n", k.value, k.low, k.high,
                t.peaks);
    static const char* const names[] = {"pelvic drop", "knee valgus", "hip adduction",
                                        "hip abduction moment"};
    for (std::size_t q = 0; q < hipmech::report::kQuantityCount; ++q) {
      std::printf("    %-21s %.4f (%ld)\n", names[q],
                  static_cast<double>(t.quantity_in[q]) / static_cast<double>(t.quantity[q]),
                  t.quantity[q]);
    }
  }
  return 0;
}
