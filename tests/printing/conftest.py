"""Fixtures of the printing tests: a real CUPS scheduler (``cupsd``) for the CUPS tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.printing.cupsd import Cupsd


@pytest.fixture(scope="session")
def cupsd_server() -> Iterator[Cupsd]:
    server = Cupsd()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def cupsd(cupsd_server: Cupsd, monkeypatch: pytest.MonkeyPatch) -> Cupsd:
    """The scheduler, with ``CUPS_SERVER`` pointing at it for this test."""
    monkeypatch.setenv("CUPS_SERVER", cupsd_server.server)
    return cupsd_server
