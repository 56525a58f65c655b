"""Where the shared standards files live (NL-SBB SHACL shapes, TBX schema)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

STANDARDS_DIR = Path(
    os.environ.get(
        "GLOSSARY_STANDARDS_DIR",
        Path(__file__).resolve().parents[2] / "shared" / "standards",
    )
)


def standards_file(relative: str) -> Path:
    """A file of the standards folder; the test is skipped, with the reason, when absent."""
    path = STANDARDS_DIR / relative
    if not path.is_file():
        pytest.skip(f"standards file {path} not found (set GLOSSARY_STANDARDS_DIR)")
    return path
