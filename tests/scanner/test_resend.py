"""Every message with a client-chosen id, sent again, is answered with its first answer —
never ``internal``, never counted twice; and ``packed`` says honestly what will happen.

A device re-sends whenever an answer was lost (its outbox, a reconnect), so this is the
normal case, not an edge case.  Real server, demo data, real WebSockets."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from decimal import Decimal
from typing import Any, cast

import pytest
import sqlalchemy as sa
import trio

from kolektor.finalize.labels import ShippingLabels, StationPrinter, convert_pdf
from kolektor.finalize.pipeline import StepCall, StepNotConfigured
from kolektor.finalize.steps import StepEnvironment, build_handlers
from kolektor.i18n import t
from kolektor.scanner.service import UNCONFIGURED_STEPS
from kolektor.shipping.own import OwnLabels
from kolektor.store.lifecycle import FINALIZATION_STEPS, OrderStatus
from kolektor.store.tables import order_lines, packages, scans
from tests.scanner.conftest import Device, Site, scan_plan
from tests.scanner.test_ws import NOW, count

Resend = Callable[[Site, Device], Awaitable[None]]


def picked(site: Site, zk_id: int, line_id: int) -> Decimal:
    return next(ln.picked_quantity for ln in site.order(zk_id).lines if ln.id == line_id)


async def scan(device: Device, order_id: int, scan_id: str, code: str, **extra: Any) -> Any:
    return await device.request(
        "scan", order_id=order_id, scan_id=scan_id, code=code, scanned_at=NOW, **extra
    )


def same(first: dict[str, Any], again: dict[str, Any]) -> None:
    """The same answer but for the request's ``ref``."""
    assert {k: v for k, v in again.items() if k != "ref"} == {
        k: v for k, v in first.items() if k != "ref"
    }


async def scan_answered_batch_required(site: Site, device: Device) -> None:
    zk_id = site.demo.examples.zk_many_lines
    order = site.order(zk_id)
    line_id, code, quantity = scan_plan(order)[0]
    with site.store.engine.begin() as connection:  # the product needs a batch number
        connection.execute(
            order_lines.update().where(order_lines.c.id == line_id).values(requires_batch=True)
        )
    await device.request("claim", order_id=order.id)
    first = await scan(device, order.id, "b-1", code)
    assert first["verdict"]["kind"] == "batch_required"
    same(first, await scan(device, order.id, "b-1", code))  # was: internal
    # The same id with the batch added counts (docs/picking.md), once.
    completed = await scan(device, order.id, "b-1", code, batch="L-2026-11")
    assert completed["verdict"]["ok"] and Decimal(completed["verdict"]["added"]) == quantity
    late = await scan(device, order.id, "b-1", code)
    assert late["verdict"]["kind"] == "duplicate"
    assert late["verdict"]["first"]["kind"] == completed["verdict"]["kind"]
    assert picked(site, zk_id, line_id) == quantity
    with site.store.engine.connect() as connection:
        rows = connection.execute(sa.select(scans.c.verdict).where(scans.c.scan_uid == "b-1")).all()
    assert [row.verdict for row in rows] == [completed["verdict"]["kind"]]


async def scan_id_used_for_another_order(site: Site, device: Device) -> None:
    first_zk, other_zk = site.demo.examples.zk_many_lines, site.demo.examples.zk_carton_line
    first_order, other = site.order(first_zk), site.order(other_zk)
    await device.request("claim", order_id=first_order.id)
    await device.request("claim", order_id=other.id)
    _, code, _ = scan_plan(first_order)[0]
    other_line, other_code, _ = scan_plan(other)[0]
    counted = await scan(device, first_order.id, "x-1", code)
    assert counted["verdict"]["ok"]
    reused = await scan(device, other.id, "x-1", other_code)
    assert reused["type"] == "verdict", reused  # was: internal
    assert reused["verdict"]["kind"] == "duplicate" and reused["verdict"]["ok"] is True
    assert reused["verdict"]["first"]["kind"] == counted["verdict"]["kind"]
    assert reused["verdict"]["first"]["order_id"] == first_order.id
    assert picked(site, other_zk, other_line) == 0
    assert count(site, scans, order_id=other.id) == 0
    # The other order goes on normally.
    assert (await scan(device, other.id, "x-2", other_code))["verdict"]["ok"]


async def scan_after_the_order_was_completed(site: Site, device: Device) -> None:
    order = site.order(site.demo.examples.zk_carton_line)
    await device.request("claim", order_id=order.id)
    for index, (_, code, _) in enumerate(scan_plan(order)):
        last = await scan(device, order.id, f"c-{index}", code)
    assert last["status"] == "picked"
    again = await scan(device, order.id, f"c-{index}", code)
    assert again["type"] == "verdict", again  # was: wrong_status
    assert again["verdict"]["kind"] == "duplicate"
    assert again["verdict"]["first"]["kind"] == last["verdict"]["kind"]
    assert again["status"] == "picked"


async def manual_entry(site: Site, device: Device) -> None:
    zk_id = site.demo.examples.zk_many_lines
    order = site.order(zk_id)
    line_id, _, _ = scan_plan(order)[0]
    await device.request("claim", order_id=order.id)
    entry = {
        "order_id": order.id,
        "entry_id": "m-1",
        "line_id": line_id,
        "quantity": "1",
        "authorized_by": {"badge": "OP-0003", "pin": "3333"},
    }  # a packer needs a supervisor
    first = await device.request("manual", **entry)
    assert first["verdict"]["ok"]
    again = await device.request("manual", **entry)
    assert again["verdict"]["kind"] == "duplicate" and again["entry_id"] == "m-1"
    assert picked(site, zk_id, line_id) == 1


async def undo(site: Site, device: Device) -> None:
    zk_id = site.demo.examples.zk_many_lines
    order = site.order(zk_id)
    plan = scan_plan(order)
    await device.request("claim", order_id=order.id)
    await scan(device, order.id, "u-s1", plan[0][1])
    await scan(device, order.id, "u-s2", plan[1][1])
    first = await device.request("undo", order_id=order.id, action_id="u-1")
    assert first["verdict"]["kind"] == "undone"
    again = await device.request("undo", order_id=order.id, action_id="u-1")
    assert again["verdict"]["kind"] == "duplicate" and again["action_id"] == "u-1"
    total = sum(ln.picked_quantity for ln in site.order(zk_id).lines)
    assert total == plan[0][2]  # one undone, not two


async def shortage(site: Site, device: Device) -> None:
    zk_id = site.demo.examples.zk_many_lines
    order = site.order(zk_id)
    line_id = scan_plan(order)[0][0]
    await device.request("claim", order_id=order.id)
    report = {"order_id": order.id, "line_id": line_id, "reason": "Brak na półce"}
    first = await device.request("shortage", **report)
    assert first["verdict"]["kind"] == "shortage_reported" and first["status"] == "problem"
    again = await device.request("shortage", **report)
    same(first, again)  # was: wrong_status
    assert site.order(zk_id).status is OrderStatus.PROBLEM


async def pack(site: Site, device: Device) -> None:
    order = site.order(site.demo.examples.zk_pack_line)
    await device.request("claim", order_id=order.id)
    for index, (_, code, _) in enumerate(scan_plan(order)):
        await scan(device, order.id, f"p-{index}", code)
    confirm = {"order_id": order.id, "request_id": "pack-1",
               "packages": [{"weight_kg": "1.2", "template": "B"}]}  # fmt: skip
    first = await device.request("pack", **confirm)
    assert first["type"] == "packed", first
    again = await device.request("pack", **confirm)
    assert again["type"] == "packed"
    assert (again["order_id"], again["number"]) == (first["order_id"], first["number"])
    assert [s["step"] for s in again["steps"]] == [s["step"] for s in first["steps"]]
    assert count(site, packages, order_id=order.id) == 1


RESENDS: dict[str, Resend] = {
    "scan-answered-batch_required": scan_answered_batch_required,
    "scan-id-used-for-another-order": scan_id_used_for_another_order,
    "scan-after-the-order-was-completed": scan_after_the_order_was_completed,
    "manual-entry_id": manual_entry,
    "undo-action_id": undo,
    "shortage-line_id": shortage,
    "pack-request_id": pack,
}


@pytest.mark.parametrize("name", list(RESENDS))
async def test_a_resent_message_gets_its_first_answer(
    name: str, site: Site, connect: Callable[..., Any]
) -> None:
    async with connect(f"tc-resend-{name}") as device:
        await device.login("OP-0002")  # Marek, a packer: may pick and pack
        await RESENDS[name](site, device)
        assert not [m for m in device.inbox if m.get("code") == "internal"]


# -- packed: what will and will not happen ------------------------------------------------------


async def test_packed_says_which_steps_will_happen(site: Site, connect: Callable[..., Any]) -> None:
    order = site.order(site.demo.examples.zk_pack_line)
    async with connect("tc-packed-steps") as device:
        await device.login("OP-0002")
        await device.request("claim", order_id=order.id)
        for index, (_, code, _) in enumerate(scan_plan(order)):
            await scan(device, order.id, f"ps-{index}", code)
        packed = await device.request(
            "pack", order_id=order.id, request_id="ps-pack", packages=[{"weight_kg": "3"}]
        )
    assert packed["type"] == "packed", packed
    steps = {s["step"]: s for s in packed["steps"]}
    assert list(steps) == [step.value for step in FINALIZATION_STEPS]
    assert all(set(s) == {"step", "state", "reason"} for s in steps.values())
    # The rules' default carrier is Kolektor's own label: queued at packing; once made, with
    # no printer at this device's (unset) station, the device is told where the labels are.
    label = steps["label"]
    if label["state"] == "queued":
        assert label == {"step": "label", "state": "queued", "reason": None}
    else:
        assert label == {
            "step": "label", "state": "not_configured",
            "reason": t("shipping.no_printer", "en", number=order.number),
        }  # fmt: skip
    assert steps["realize"]["state"] in {"queued", "done"}
    assert steps["document"]["state"] in {"queued", "done"}
    for step in ("print", "email", "allegro"):
        assert steps[step]["state"] in {"not_configured", "skipped"}, steps[step]
        assert steps[step]["reason"]


async def test_unconfigured_steps_are_what_the_pipeline_answers_not_configured() -> None:
    """The ``packed`` reply's knowledge of unconfigured steps must not drift from the step
    handlers: each step it names is one whose handler says ``not_configured``, with the
    same reason."""
    environment = StepEnvironment(
        writer=cast(Any, None), store=cast(Any, None), render_pdf=lambda _: b"",
        label_provider=ShippingLabels(cast(Any, None), {"own": OwnLabels()}, StationPrinter(),
                                      convert_pdf),
        writer_limiter=trio.CapacityLimiter(1), language="pl",
    )  # fmt: skip
    handlers = build_handlers(environment)
    call = cast(StepCall, None)
    for step, key in UNCONFIGURED_STEPS.items():
        with pytest.raises(StepNotConfigured) as missing:
            await handlers[step](call)
        assert missing.value.reason == t(key, "pl")
    assert set(UNCONFIGURED_STEPS) | {"label", "realize", "document"} == set(handlers)
