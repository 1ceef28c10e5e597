from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
VALIDATION = ROOT.parent / "shared" / "validation"


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def validation_dir() -> Path:
    """../shared/validation beside the project; tests that need it skip when it is absent."""
    if not VALIDATION.is_dir():
        pytest.skip(f"validation data not found at {VALIDATION} (clone beside ../shared to run)")
    return VALIDATION
