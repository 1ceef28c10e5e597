/// \file
/// The random numbers of the synth area: a seeded generator whose sequence is the same on
/// every platform and compiler (docs/synth.md, "Determinism").
#pragma once

#include <cmath>
#include <cstdint>
#include <random>

namespace hipmech::synth {

/// Seeded pseudo-random numbers, identical on every platform for the same seed.
///
/// The engine is std::mt19937_64, whose output sequence the C++ standard fixes
/// ([rand.predef]: the 10000th value of a default-seeded engine is 9981545732273789042).
/// std::uniform_real_distribution and std::normal_distribution are implementation-defined, so
/// the transforms are written out: uniform() takes the top 53 bits of one engine output,
/// (x >> 11) 2^-53, in [0, 1); normal() is the Box-Muller transform (Box & Muller 1958, Ann
/// Math Stat 29:610) of two uniforms u1 in (0, 1], u2, giving sqrt(-2 ln u1) cos(2 pi u2) and,
/// on the next call, sqrt(-2 ln u1) sin(2 pi u2).
class Rng {
 public:
  explicit Rng(std::uint64_t seed) : engine_(seed) {}

  /// A uniform number in [0, 1) with 53 random bits.
  double uniform() { return static_cast<double>(engine_() >> 11U) * 0x1.0p-53; }

  /// A standard normal number (mean 0, SD 1).
  double normal() {
    if (has_spare_) {
      has_spare_ = false;
      return spare_;
    }
    constexpr double two_pi = 6.283185307179586476925286766559;
    const double u1 = 1.0 - uniform();  // (0, 1]: the logarithm stays finite
    const double u2 = uniform();
    const double r = std::sqrt(-2.0 * std::log(u1));
    spare_ = r * std::sin(two_pi * u2);
    has_spare_ = true;
    return r * std::cos(two_pi * u2);
  }

 private:
  std::mt19937_64 engine_;
  double spare_ = 0.0;
  bool has_spare_ = false;
};

}  // namespace hipmech::synth
