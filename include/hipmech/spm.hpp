/// \file
/// Umbrella header of one-dimensional statistical parametric mapping (docs/spm.md): statistic
/// fields of t tests, regression and one-way ANOVA (independent groups and repeated measures)
/// on sets of curves, their smoothness, random field theory and permutation inference, and
/// supra-threshold clusters.
///
/// Thread safety: every function of this area is reentrant — it reads its arguments, writes
/// only its result and holds no global or static mutable state (the Monte Carlo generator is
/// a local one seeded from PermutationOptions::seed) — so any number of threads may call them
/// at once, on shared const inputs too, and get the results of a call alone
/// (tests/threads/test_threads.cpp). A PermutationOptions::check_cancelled hook is called from
/// the calling thread.
#pragma once

#include "hipmech/core.hpp"
#include "hipmech/spm/clusters.hpp"
#include "hipmech/spm/field.hpp"
#include "hipmech/spm/inference.hpp"
#include "hipmech/spm/permutation.hpp"
#include "hipmech/spm/rft.hpp"
