"""The signal area (docs: signal)."""

from __future__ import annotations

__all__: list[str] = []
