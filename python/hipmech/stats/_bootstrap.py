"""hipmech.stats, part "bootstrap" (re-exported by hipmech.stats)."""

from __future__ import annotations

__all__: list = []
