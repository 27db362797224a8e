"""Fixtures the reader's tests share."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture
def gru(fake_arxiv, home: Path) -> str:
    """The GRU paper in the library with its report memoised (what `paperpal fetch` leaves)."""
    from paperpal.pipeline import read_paper

    read_paper("1412.3555")
    return "1412.3555"
