"""What the tests need from the machine (PostgreSQL, Chromium, root for a small disk).

When something is missing a test is skipped on a developer's machine, but **fails** under
``make test`` (which sets ``KOLEKTOR_TEST_REQUIRE_SERVICES=1``): the whole suite must run in
CI, never pass by quietly skipping what it could not start.
"""

from __future__ import annotations

import os
from typing import NoReturn

import pytest

ENV_REQUIRE = "KOLEKTOR_TEST_REQUIRE_SERVICES"


def required() -> bool:
    return os.environ.get(ENV_REQUIRE, "") not in {"", "0"}


def unavailable(message: str) -> NoReturn:
    """Skip — or fail under ``make test`` — because ``message`` is missing."""
    if required():
        pytest.fail(f"{message} (and {ENV_REQUIRE} is set: every test must run)", pytrace=False)
    pytest.skip(message)
