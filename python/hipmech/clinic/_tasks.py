"""Clinic tasks (see hipmech.clinic)."""

__all__: list[str] = []
