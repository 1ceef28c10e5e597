"""The model area (docs: model)."""

from __future__ import annotations

__all__: list[str] = []
