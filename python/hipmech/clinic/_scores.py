"""Clinic scores (see hipmech.clinic)."""

__all__: list[str] = []
