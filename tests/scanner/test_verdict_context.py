"""Verdicts with context (issue 11): a wrong product is named, with what the order still
wants; a pack barcode that would pick too many says it was the pack.  Real server, demo
data, real WebSockets (the device speaks Polish)."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import sqlalchemy as sa

from kolektor.store.tables import order_lines
from tests.scanner.conftest import Device, Site
from tests.scanner.test_ws import NOW


async def login_pl(device: Device, badge: str) -> None:
    await device.login(badge)
    await device.request("hello", device_id=device.device_id, language="pl")


async def test_a_wrong_product_is_named_with_the_lines_still_expected(
    site: Site, connect: Callable[..., Any]
) -> None:
    order = site.order(site.demo.examples.zk_pack_line)
    on_order = {b.code for line in order.lines for b in line.barcodes}
    other = site.order(site.demo.examples.zk_many_lines)
    line, code = next(
        (ln, b.code) for ln in other.lines for b in ln.barcodes
        if b.primary and b.code not in on_order and ln.symbol
    )  # fmt: skip
    async with connect("tc-ctx-1") as device:
        await login_pl(device, "OP-0003")
        await device.request("claim", order_id=order.id)
        reply = await device.request(
            "scan", order_id=order.id, scan_id="w-1", code=code, scanned_at=NOW
        )
    verdict = reply["verdict"]
    assert verdict["kind"] == "wrong_product", reply
    assert verdict["scanned_product"] == {"symbol": line.symbol, "name": line.name}
    goods = [ln for ln in order.lines if ln.product_id is not None and ln.kind == 1]
    assert [e["line_id"] for e in verdict["expected"]] == [
        ln.id for ln in sorted(goods, key=lambda ln: (0 if ln.location else 1, ln.location or "",
                                                       ln.position))
    ][:5]  # fmt: skip
    first = next(ln for ln in goods if ln.id == verdict["expected"][0]["line_id"])
    assert verdict["expected"][0]["symbol"] == first.symbol
    assert Decimal(verdict["expected"][0]["remaining"]) == first.base_quantity
    message = verdict["message"]
    assert message.startswith(f"Zeskanowano {line.symbol} {line.name} — tego towaru nie ma")
    assert f"Do zebrania: {first.symbol} {first.name} ({first.base_quantity.normalize():f}" in (
        message
    )


async def test_an_unknown_code_lists_the_lines_still_expected(
    site: Site, connect: Callable[..., Any]
) -> None:
    order = site.order(site.demo.examples.zk_carton_line)
    async with connect("tc-ctx-2") as device:
        await login_pl(device, "OP-0003")
        await device.request("claim", order_id=order.id)
        reply = await device.request(
            "scan", order_id=order.id, scan_id="u-1", code="5901234123457", scanned_at=NOW
        )
    verdict = reply["verdict"]
    assert verdict["kind"] == "unknown_code", reply
    assert verdict["scanned_product"] is None
    assert verdict["expected"] and all(Decimal(e["remaining"]) > 0 for e in verdict["expected"])
    assert verdict["message"].startswith("Nieznany kod — nie ma takiego towaru. Do zebrania: ")


async def test_a_pack_barcode_over_the_ordered_quantity_says_it_was_the_pack(
    site: Site, connect: Callable[..., Any]
) -> None:
    ex = site.demo.examples
    order = site.order(ex.zk_carton_line)
    line = next(ln for ln in order.lines if ln.product_id == ex.pack12_product_id)
    with site.store.engine.begin() as connection:  # the ZK ordered 3 pieces, not cartons
        connection.execute(
            sa.update(order_lines).where(order_lines.c.id == line.id)
            .values(quantity=Decimal(3), base_quantity=Decimal(3), unit="szt.")
        )  # fmt: skip
    single = next(b.code for b in line.barcodes if b.quantity == 1)
    async with connect("tc-ctx-3") as device:
        await login_pl(device, "OP-0003")
        await device.request("claim", order_id=order.id)
        over = await device.request(
            "scan", order_id=order.id, scan_id="p-1", code=ex.pack12_barcode, scanned_at=NOW
        )
        counted = await device.request(
            "scan", order_id=order.id, scan_id="p-2", code=single, scanned_at=NOW
        )
    verdict = over["verdict"]
    assert (verdict["kind"], verdict["multiplier"]) == ("over_pick", "12"), over
    assert verdict["message"] == (
        "Zeskanowano opakowanie 12 szt. — zamówiono 3, zebrano 0. Zeskanuj mniejsze "
        "opakowanie albo pojedyncze sztuki."
    )
    assert counted["verdict"]["kind"] == "counted" and counted["verdict"]["multiplier"] == "1"
