"""What the packer is told (issue 11): the order opened at a packing station carries the
ZK's remarks, what the document rules decided — document, printed or not, the rule's note
for the packer — and the delivery as far as Kolektor knows it (unknown: null, never
guessed).  Real server, demo data, real WebSockets."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import sqlalchemy as sa

from kolektor.finalize.plan import RULES_SETTING
from kolektor.rules import default_rules_data
from kolektor.store import settings
from kolektor.store.tables import orders
from tests.scanner.conftest import Site
from tests.scanner.test_promises import pick_all

GIFT_REMARKS = "Prezent – proszę nie wkładać paragonu do paczki"
GIFT_RULE = {
    "name": "Prezent bez paragonu",
    "when": [{"remarks_contain": "prezent"}],
    "then": {"document": "PA", "print": False,
             "packing_note": "Prezent — nie wkładaj paragonu do paczki"},
}  # fmt: skip


async def test_a_gift_order_shows_the_rules_note_when_it_is_opened_for_packing(
    site: Site, connect: Callable[..., Any]
) -> None:
    zk_id = site.demo.examples.zk_carton_line
    order = site.order(zk_id)
    with site.store.engine.begin() as connection:
        connection.execute(
            sa.update(orders).where(orders.c.id == order.id).values(remarks=GIFT_REMARKS)
        )
    site.store.run_sync(
        settings.set_setting, RULES_SETTING, [GIFT_RULE, *default_rules_data()], actor="test"
    )
    async with connect("tc-pack-1") as picker, connect("tc-pack-2") as packer:
        await picker.login("OP-0001")
        await picker.request("claim", order_id=order.id)
        await pick_all(picker, order.id, site, zk_id, "g")
        await packer.login("OP-0002")
        opened = await packer.request("pack_open", code=order.number)
        missing = await packer.request("pack_open", code="ZK 999999/2026")
    assert opened["type"] == "order", opened
    view = opened["order"]
    assert view["remarks"] == GIFT_REMARKS
    assert view["packing"] == {
        "document": "PA",
        "print": False,
        "note": "Prezent — nie wkładaj paragonu do paczki",
        "rule": "Prezent bez paragonu",
    }
    # The rule has no label action: Kolektor's own label (the default carrier and service).
    assert view["delivery"] == {
        "method": None, "carrier": "own", "carrier_name": "Kolektor's own label",
        "service": "pickup", "service_name": "personal pickup", "template": None,
        "station": None,
    }  # fmt: skip
    assert (missing["type"], missing["code"]) == ("error", "not_found"), missing
    assert "ZK 999999/2026" in missing["message"]
    assert "tote" not in missing["message"].lower()


async def test_an_order_without_a_note_says_what_the_default_rules_decide(
    site: Site, connect: Callable[..., Any]
) -> None:
    order = site.order(site.demo.examples.zk_pack_line)  # remarks "Proszę o fakturę."
    async with connect("tc-pack-3") as device:
        await device.login("OP-0003")
        await device.request("claim", order_id=order.id)
        opened = await device.request("open", order_id=order.id)
    packing = opened["order"]["packing"]
    assert packing == {"document": "FS", "print": True, "note": None, "rule": "Faktura w uwagach"}
