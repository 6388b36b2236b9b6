"""Shipping tests: loopback fakes of the carriers, started in the test's nursery."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
import trio

from kolektor.fakes.shipx import ShipXFake
from kolektor.shipping.inpost import InPostCarrier, InPostSettings

SHIPX_TOKEN = "shipx-test-token-5f1c9a"
SHIPX_ORGANIZATION = 4242


@pytest.fixture
async def shipx(nursery: trio.Nursery) -> ShipXFake:
    """An InPost ShipX fake on 127.0.0.1 (a shipment is bought at its first read)."""
    fake = ShipXFake(token=SHIPX_TOKEN, organization_id=SHIPX_ORGANIZATION)
    await nursery.start(fake.serve)
    return fake


def inpost_settings(fake: ShipXFake, **changes: object) -> InPostSettings:
    settings = {
        "base_url": fake.url, "organization_id": SHIPX_ORGANIZATION, "token": SHIPX_TOKEN,
        "timeout": 2.0, "poll_interval": 0.5, **changes,
    }  # fmt: skip
    return InPostSettings(**settings)  # type: ignore[arg-type]


@pytest.fixture
async def inpost(shipx: ShipXFake) -> AsyncIterator[InPostCarrier]:
    """The InPost carrier talking to :func:`shipx`."""
    async with InPostCarrier(inpost_settings(shipx)) as carrier:
        yield carrier
