// Internal (not installed): the numerical path of report::analyse for one set of perturbed
// inputs, shared by the Monte Carlo (monte_carlo.cpp) and linearised (linear.cpp) propagation.
// Contract between the two: docs/uncertainty.md, "How it is computed".
#pragma once

#include <array>
#include <memory>
#include <string>
#include <vector>

#include <Eigen/Core>

#include "hipmech/core/trajectory.hpp"
#include "hipmech/io/trial.hpp"
#include "hipmech/report/analysis.hpp"
#include "hipmech/uncertainty/model.hpp"

namespace hipmech::uncertainty::detail {

/// Segments of a leg in the order of the per-segment arrays (dynamics::LegSegment).
inline constexpr std::size_t kSegmentCount = 3;  // foot, shank, thigh

/// The per-trial constant part of one evaluation's perturbation. Zero-initialised = nominal.
struct Systematic {
  /// Offset added to each hip joint centre, ISB pelvis frame (X anterior, Y superior, Z right)
  /// [m]; index 0 left, 1 right.
  std::array<Eigen::Vector3d, 2> hip_centre_offset_m{Eigen::Vector3d::Zero(),
                                                     Eigen::Vector3d::Zero()};
  /// Per side and segment (foot, shank, thigh): relative mass error (mass * (1 + e)), centre
  /// of mass shift along the segment's long axis as a fraction of its length (towards the
  /// proximal end +), relative radius of gyration error (tensor * (1 + e)^2).
  std::array<std::array<double, kSegmentCount>, 2> segment_mass_rel{};
  std::array<std::array<double, kSegmentCount>, 2> segment_com_fraction{};
  std::array<std::array<double, kSegmentCount>, 2> segment_gyration_rel{};
  /// Per force plate of the trial: centre-of-pressure offset along the two horizontal lab axes
  /// (the lab's axes other than LabAxes::up, in x, y, z order) [m]. Empty = none.
  std::vector<Eigen::Vector2d> cop_offset_m;
  /// Per side: added to the knee width, ankle width and leg length [m].
  std::array<double, 2> knee_width_delta_m{}, ankle_width_delta_m{}, leg_length_delta_m{};
};

/// What one evaluation gives, in report::analyse's units (deg, N m/kg).
struct Output {
  /// curves[curve][side]: #frames values (report::Curve order), NaN where analyse has NaN.
  std::array<std::array<Eigen::VectorXd, 2>, report::kCurveCount> curves;
  /// peaks[i][quantity]: the peak of nominal stance i (report::TrialSummary::stances order).
  std::vector<std::array<double, report::kQuantityCount>> peaks;
  /// The frame of each peak (-1 where the peak is NaN).
  std::vector<std::array<Eigen::Index, report::kQuantityCount>> peak_frames;
};

/// report::analyse's numerical path with the nominal analysis's events, contacts, parameters
/// and settings fixed. Constructed once per trial; evaluate() and filter() are const and safe
/// to call from several threads at once.
class TrialPipeline {
 public:
  /// \throws InvalidArgument naming `nominal` when it is not an analysis of `trial`
  TrialPipeline(const io::Trial& trial, const report::TrialSummary& nominal,
                const report::AnalysisOptions& options, const io::Trial* static_trial);
  ~TrialPipeline();
  TrialPipeline(const TrialPipeline&) = delete;
  TrialPipeline& operator=(const TrialPipeline&) = delete;

  Eigen::Index n_frames() const;
  double rate_hz() const;
  /// The markers the pipeline uses (Plug-in Gait set with TOE, the pelvis rear as analysed),
  /// their raw values [m] (NaN where missing) and their nominal filtered values.
  const std::vector<std::string>& marker_names() const;
  const std::vector<Trajectory>& raw_markers() const;
  const std::vector<Trajectory>& filtered_markers() const;
  /// The analysis's low-pass filter (each gap-free run on its own; identity without a cut-off)
  /// applied to `raw` (the layout of raw_markers()) into `filtered`.
  void filter(const std::vector<Trajectory>& raw, std::vector<Trajectory>& filtered) const;
  /// Number of force plates (the size of Systematic::cop_offset_m when given).
  std::size_t n_plates() const;
  /// The nominal analysis.
  const report::TrialSummary& nominal() const;

  /// One evaluation from filtered markers (placement offsets already added) and the systematic
  /// perturbation. With filtered_markers() and Systematic{} it reproduces the nominal
  /// analysis's curves and peaks (tests: to 1e-9).
  void evaluate(const std::vector<Trajectory>& filtered, const Systematic& systematic,
                Output& out) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace hipmech::uncertainty::detail
