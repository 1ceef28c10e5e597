"""Strength-asymmetry and reliability statistics (docs: stats).

Asymmetry indices with an explicit reference limb, descriptive statistics, ICC in every form
under both naming systems with F-tests and CIs, SEM and MDC, t-tests and effect sizes with named CI
methods, Bland-Altman agreement, odds ratios and relative risks, bootstrap CIs, and
DerSimonian-Laird random-effects pooling. Distributions come from Boost.Math.
"""

from __future__ import annotations

from ._asymmetry import *  # noqa: F401,F403
from ._descriptive import *  # noqa: F401,F403
from ._reliability import *  # noqa: F401,F403
from ._comparisons import *  # noqa: F401,F403
from ._agreement import *  # noqa: F401,F403
from ._bootstrap import *  # noqa: F401,F403
from . import _asymmetry, _descriptive, _reliability, _comparisons, _agreement, _bootstrap

__all__ = sorted(
    set(_asymmetry.__all__) | set(_descriptive.__all__) | set(_reliability.__all__)
    | set(_comparisons.__all__) | set(_agreement.__all__) | set(_bootstrap.__all__))
