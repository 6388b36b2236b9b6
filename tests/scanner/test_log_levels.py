"""What a picked and packed order leaves in the log: at INFO the login, the claim and the
packing — not a line per scan (the scans are in the store); at DEBUG the scans too."""

from __future__ import annotations

import io
import json
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from kolektor.logs import configure_logging
from tests.scanner.conftest import Site, scan_plan

NOW = "2026-11-28T10:00:00+01:00"


@pytest.fixture
def log() -> Iterator[io.StringIO]:
    stream = io.StringIO()
    configure_logging("INFO", stream)
    yield stream
    configure_logging("INFO")


def events(stream: io.StringIO) -> list[dict[str, Any]]:
    return [json.loads(line) for line in stream.getvalue().splitlines()]


async def test_scans_are_not_logged_at_info_but_claims_and_packing_are(
    site: Site, connect: Callable[..., Any], log: io.StringIO
) -> None:
    order = site.order(site.demo.examples.zk_pack_line)
    plan = scan_plan(order)
    async with connect("tc52-21") as picker:
        await picker.login("OP-0001")
        await picker.request("claim", order_id=order.id)
        for index, (_, code, _) in enumerate(plan):
            reply = await picker.request("scan", order_id=order.id, scan_id=f"q{index}",
                                         code=code, scanned_at=NOW)  # fmt: skip
            assert reply["type"] == "verdict"
    async with connect("pack-21") as station:
        await station.login("OP-0002")
        await station.request("pack_open", code=order.number)
        packed = await station.request("pack", order_id=order.id, request_id="p21",
                                       packages=[{"weight_kg": "1.0"}])  # fmt: skip
        assert packed["type"] == "packed"

    written = events(log)
    scanner = [line for line in written if line["logger"] == "kolektor.scanner"]
    assert [line["event"] for line in scanner] == [
        "scanner.login", "scanner.claimed", "scanner.login", "scanner.packed",
    ]  # fmt: skip
    claimed, packing = scanner[1], scanner[3]
    assert (claimed["order_id"], claimed["operator"], claimed["device"]) == (
        order.id, "anna", "tc52-21",
    )  # fmt: skip
    assert (packing["order_id"], packing["operator"], packing["packages"]) == (
        order.id, "marek", 1,
    )  # fmt: skip
    assert len(plan) > 1 and not any(line["event"] == "scan.judged" for line in written)
    assert all(line["level"] != "debug" for line in written)


async def test_at_debug_every_scan_is_logged(
    site: Site, connect: Callable[..., Any], log: io.StringIO
) -> None:
    configure_logging("DEBUG", log)
    order = site.order(site.demo.examples.zk_pack_line)
    (_, code, _) = scan_plan(order)[0]
    async with connect("tc52-22") as picker:
        await picker.login("OP-0001")
        await picker.request("claim", order_id=order.id)
        await picker.request("scan", order_id=order.id, scan_id="d1", code=code, scanned_at=NOW)
    (scan,) = [line for line in events(log) if line["event"] == "scan.judged"]
    assert (scan["level"], scan["order_id"], scan["operator"]) == ("debug", order.id, "anna")
