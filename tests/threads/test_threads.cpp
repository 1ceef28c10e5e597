// Concurrency (issue 21): the Python bindings release the GIL in about 70 functions, so
// several Python threads can run the library at once. Each case runs one function from 4
// threads at the same time and compares every result with the one computed alone: equal, and
// no data race under ThreadSanitizer (preset `tsan`, `bash scripts/dev test` runs it with
// TSAN_OPTIONS=halt_on_error=1).
#include <atomic>
#include <cmath>
#include <filesystem>
#include <functional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include <catch2/catch_test_macros.hpp>

#include "helpers/eigen_matchers.hpp"

#include "hipmech/hipmech.hpp"

using hipmech::testing::IsNear;

namespace {

constexpr int kThreads = 4;

/// Runs f(i) on kThreads threads at once (they start together) and returns their results.
template <typename F>
auto concurrently(F f) {
  using R = decltype(f(0));
  std::vector<R> out(kThreads);
  std::atomic<int> ready{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&, i] {
      ++ready;
      while (ready.load() < kThreads) std::this_thread::yield();
      out[static_cast<std::size_t>(i)] = f(i);
    });
  }
  for (auto& t : threads) t.join();
  return out;
}

hipmech::io::Trial walk() {
  hipmech::synth::WalkingSettings s;
  s.n_strides = 3;
  s.seed = 5;
  return hipmech::synth::walking(s).trial;
}

}  // namespace

TEST_CASE("threads: synthesis, C3D write and read, report analysis", "[threads]") {
  const auto alone = hipmech::io::write_c3d_bytes(walk());
  const auto bytes = concurrently([](int) { return hipmech::io::write_c3d_bytes(walk()); });
  for (const auto& b : bytes) CHECK(b == alone);

  const hipmech::io::Trial trial = hipmech::io::read_c3d_bytes(alone.data(), alone.size());
  const auto reread = concurrently([&](int) {
    return hipmech::io::read_c3d_bytes(alone.data(), alone.size()).points.front().values;
  });
  for (const auto& v : reread) CHECK_THAT(v, IsNear(trial.points.front().values, 0.0));

  hipmech::report::AnalysisOptions o;
  o.n_resamples = 200;
  const std::string json = hipmech::report::to_json(hipmech::report::analyse(trial, o));
  const auto analysed = concurrently(
      [&](int) { return hipmech::report::to_json(hipmech::report::analyse(trial, o)); });
  for (const auto& j : analysed) CHECK(j == json);
}

TEST_CASE("threads: atomic writes of several files at once", "[threads]") {
  const auto dir = std::filesystem::temp_directory_path() / "hipmech_threads";
  std::filesystem::create_directories(dir);
  const hipmech::io::Trial trial = walk();
  // Four threads write the same path and four other paths: every file ends complete.
  const auto ok = concurrently([&](int i) {
    hipmech::io::write_c3d(trial, (dir / "same.c3d").string());
    hipmech::io::write_c3d(trial, (dir / ("own" + std::to_string(i) + ".c3d")).string());
    return 1;  // not bool: std::vector<bool> packs bits, a race of its own
  });
  for (int b : ok) CHECK(b == 1);
  const auto expected = hipmech::io::write_c3d_bytes(trial);
  for (const auto& e : std::filesystem::directory_iterator(dir)) {
    CHECK(std::filesystem::file_size(e.path()) == expected.size());
    CHECK(e.path().filename().string().find(".tmp-") == std::string::npos);
  }
  std::filesystem::remove_all(dir);
}

TEST_CASE("threads: filters, bootstrap and event merging", "[threads]") {
  Eigen::MatrixXd x(500, 3);
  for (Eigen::Index r = 0; r < x.rows(); ++r) {
    for (Eigen::Index c = 0; c < 3; ++c)
      x(r, c) = std::sin(0.05 * static_cast<double>(r * (c + 1)));
  }
  const Eigen::MatrixXd low = hipmech::signal::lowpass(x, 100.0, 6.0);
  for (const auto& y : concurrently([&](int) { return hipmech::signal::lowpass(x, 100.0, 6.0); })) {
    CHECK_THAT(y, IsNear(low, 0.0));
  }
  Eigen::VectorXd l(8), r(8);
  l << 1, 2, 3, 4, 5, 6, 7, 8;
  r << 2, 3, 4, 5, 6, 7, 8, 9;
  const auto si = hipmech::report::asymmetry_of_means(hipmech::report::SymmetryMeasure::Index, l, r,
                                                      hipmech::Side::Left, 500, 3);
  for (const auto& e : concurrently([&](int) {
         return hipmech::report::asymmetry_of_means(hipmech::report::SymmetryMeasure::Index, l, r,
                                                    hipmech::Side::Left, 500, 3);
       })) {
    CHECK(e.ci_low == si.ci_low);
    CHECK(e.ci_high == si.ci_high);
  }
  const hipmech::io::Trial trial = walk();
  const auto ev = hipmech::events::from_trial_events(trial).events;
  const auto merged = hipmech::events::merge_events({ev, ev}, 30, 10).events.size();
  for (auto n : concurrently([&](int) {
         return hipmech::events::merge_events({ev, ev}, 30, 10).events.size();
       })) {
    CHECK(n == merged);
  }
}

TEST_CASE("threads: SPM fields, RFT and permutation inference", "[threads]") {
  Eigen::MatrixXd a(20, 51), b(20, 51);
  for (Eigen::Index j = 0; j < a.rows(); ++j) {
    for (Eigen::Index q = 0; q < a.cols(); ++q) {
      const double x = static_cast<double>(q) / 50.0, s = static_cast<double>(j);
      a(j, q) = std::sin(6.0 * x + 0.3 * s) + (q > 15 && q < 35 ? 1.0 : 0.0);
      b(j, q) = std::cos(5.0 * x + 0.7 * s);
    }
  }
  hipmech::spm::PermutationOptions o;
  o.n_permutations = 2000;  // Monte Carlo (2^20 possible), seeded
  o.seed = 9;
  auto run = [&] {
    const hipmech::spm::Field f = hipmech::spm::ttest_paired(a, b);
    return std::make_pair(hipmech::spm::inference_rft(f, 0.05, true),
                          hipmech::spm::inference_permutation(f, 0.05, true, o));
  };
  const auto alone = run();
  for (const auto& r : concurrently([&](int) { return run(); })) {
    CHECK(r.first.zstar == alone.first.zstar);
    CHECK(r.first.clusters.size() == alone.first.clusters.size());
    CHECK(r.second.zstar == alone.second.zstar);
    CHECK(r.second.permutation_max == alone.second.permutation_max);
  }
}

TEST_CASE("threads: measurement uncertainty, Monte Carlo and linear, workers inside", "[threads]") {
  // uncertainty::propagate runs its own worker threads (PropagationOptions::n_threads) over a
  // TrialPipeline shared read-only by them; from 4 calling threads at once it must give the
  // result computed alone (issue 26).
  hipmech::synth::WalkingSettings s;
  s.n_strides = 1;
  s.seed = 5;
  s.marker_noise_m = 0.001;
  const hipmech::io::Trial trial = hipmech::synth::walking(s).trial;
  hipmech::report::AnalysisOptions o;
  o.n_resamples = 50;
  const hipmech::report::TrialSummary nominal = hipmech::report::analyse(trial, o);
  for (const auto method :
       {hipmech::uncertainty::Method::MonteCarlo, hipmech::uncertainty::Method::Linear}) {
    hipmech::uncertainty::PropagationOptions p;
    p.method = method;
    p.n_draws = 16;
    p.n_threads = 2;
    auto run = [&] {
      const auto r = hipmech::uncertainty::propagate(trial, nominal, o, {}, p);
      return std::make_pair(r.frames[0][1].sd, r.summary[3].side_mean[1].sd);
    };
    const auto alone = run();
    for (const auto& r : concurrently([&](int) { return run(); })) {
      CHECK_THAT(r.first, IsNear(alone.first, 0.0));
      CHECK(r.second == alone.second);
    }
  }
}
