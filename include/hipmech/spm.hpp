/// \file
/// Umbrella header of one-dimensional statistical parametric mapping (docs/spm.md): statistic
/// fields of t tests, regression and one-way ANOVA on sets of curves, their smoothness, random
/// field theory and permutation inference, and supra-threshold clusters.
#pragma once

#include "hipmech/core.hpp"
#include "hipmech/spm/clusters.hpp"
#include "hipmech/spm/field.hpp"
#include "hipmech/spm/inference.hpp"
#include "hipmech/spm/permutation.hpp"
#include "hipmech/spm/rft.hpp"
