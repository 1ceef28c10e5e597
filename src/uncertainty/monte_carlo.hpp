// Internal: the seeded Monte Carlo propagation (docs/uncertainty.md, "Monte Carlo").
#pragma once

#include <cstdint>
#include <vector>

#include "hipmech/core/trajectory.hpp"
#include "hipmech/uncertainty/propagation.hpp"
#include "pipeline.hpp"

namespace hipmech::uncertainty::detail {

/// splitmix64's output function (Steele, Lea & Flood 2014, "Fast splittable pseudorandom
/// number generators", OOPSLA; the finaliser of Java's SplittableRandom): a bijective 64-bit
/// mix whose outputs for consecutive inputs are uncorrelated.
std::uint64_t splitmix64(std::uint64_t x) noexcept;

/// The seed of the generator (synth::Rng) of one draw and one source:
/// splitmix64(splitmix64(splitmix64(seed) + draw) + source). Each draw and each source has its
/// own stream, so a draw does not depend on the number of threads nor on which other sources
/// are active (the same seed gives the same hip-centre errors with or without marker noise).
std::uint64_t draw_seed(std::uint64_t seed, Eigen::Index draw, Source source) noexcept;

/// The systematic errors of draw `draw` (every source of `model` that is active; the others 0):
///   - hip joint centre, per pelvis axis a: right = sd_a z_R, left = sd_a (rho s_a z_R +
///     sqrt(1 - rho^2) z_L) with s = (1, 1, -1): the lateral (Z, to the right) component
///     mirrored, so that a positive correlation moves both centres laterally (or medially)
///     alike; rho = hip_centre_side_correlation;
///   - segment parameters, per segment (foot, shank, thigh) and parameter (mass CV, centre of
///     mass SD as a fraction of the length, radius-of-gyration CV): right = sd z_R, left = sd
///     (rho z_R + sqrt(1 - rho^2) z_L), rho = segment_side_correlation;
///   - centre of pressure: per plate, two horizontal lab axes, cop_sd_m z;
///   - subject measurements, per side: knee width, ankle width, leg length, each SD z.
/// z: independent standard normal numbers from the source's own stream (draw_seed), drawn in
/// the order written above (axes X, Y, Z; segments foot, shank, thigh; parameters mass, centre
/// of mass, gyration; z_R before z_L).
/// \param n_plates the trial's force plates (the size of cop_offset_m; 0: empty)
Systematic draw_systematic(const UncertaintyModel& model, std::uint64_t seed, Eigen::Index draw,
                           std::size_t n_plates);

/// The markers of draw `draw` as evaluate() takes them: the raw markers plus white noise
/// N(0, marker_noise_m^2) on every coordinate of every frame (NaN stays NaN), filtered by the
/// pipeline's filter, plus a constant offset N(0, marker_placement_sd_m^2) per marker
/// coordinate. Without marker noise the nominal filtered markers are used (the filter of
/// unchanged markers is the nominal one). `noisy` is scratch space.
void draw_markers(const TrialPipeline& pipeline, const UncertaintyModel& model, std::uint64_t seed,
                  Eigen::Index draw, std::vector<Trajectory>& noisy,
                  std::vector<Trajectory>& filtered);

/// Method::MonteCarlo of propagate(): `model` already resolved; fills every field of the
/// result but method, seed, n_draws, model and seconds (set by propagate()).
/// \throws InvalidArgument naming `n_draws` when the per-draw curves would not fit in memory
UncertaintyResult propagate_monte_carlo(const TrialPipeline& pipeline,
                                        const UncertaintyModel& model,
                                        const PropagationOptions& propagation,
                                        const report::AnalysisOptions& options);

}  // namespace hipmech::uncertainty::detail
