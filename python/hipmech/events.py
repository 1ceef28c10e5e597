"""The events area (docs: events)."""

from __future__ import annotations

__all__: list[str] = []
