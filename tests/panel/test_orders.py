"""The orders API of the panel over real HTTP on the demo data: the list's filters, search,
orders and keyset paging, its refusals of bad parameters and foreign cursors; the order
page's calls (who picked which line, parcels, documents, audit entries); the office's hold
and send back by role, with a scanner on the real WebSocket protocol that is refused once
the order it picks is held."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime
from decimal import Decimal
from typing import Any

import httpx
import pytest
import trio

from kolektor.demo.generator import DemoSummary
from kolektor.demo.run import DEMO_OPERATORS
from kolektor.rules.context import fold, is_allegro_checkout_id
from kolektor.store import operators, orders
from kolektor.store.lifecycle import OrderStatus
from kolektor.store.orders import SUBIEKT_TIMEZONE
from kolektor.store.picking import claim_order
from kolektor.store.tables import documents, utcnow
from tests.finalize.conftest import pack
from tests.office import Office, wait_for_intake
from tests.panel.test_dashboard import scanner
from tests.scanner.conftest import scan_plan

ADMIN_NAME = next(op.name for op in DEMO_OPERATORS if op.login == "szef")
PASSWORDS = {"szef": "szef-demo", "biuro": "biuro-demo", "kierownik": "kierownik-demo"}
NOW = "2026-11-28T10:00:00+01:00"


@asynccontextmanager
async def logged_in(office: Office, login: str = "biuro") -> AsyncIterator[httpx.AsyncClient]:
    async with office.client() as client:
        await office.login(client, login, PASSWORDS[login])
        yield client


async def listed(client: httpx.AsyncClient, **params: Any) -> dict[str, Any]:
    response = await client.get("/api/orders", params={"limit": 1000, **params})
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


async def ids(client: httpx.AsyncClient, **params: Any) -> list[int]:
    return [order["id"] for order in (await listed(client, **params))["orders"]]


def all_orders(office: Office) -> list[orders.OrderRecord]:
    found = []
    for entry in office.store.read_sync(orders.intake_index).values():
        order = office.store.read_sync(orders.get_order, entry.order_id)
        assert order is not None
        found.append(order)
    return found


def move(office: Office, order_id: int, *path: str, reason: str | None = None) -> None:
    for status in path:
        office.store.run_sync(orders.change_status, order_id, status, reason=reason,
                              actor="operator:test")  # fmt: skip


def operator_id(office: Office, login: str) -> int:
    found = office.store.read_sync(operators.get_by_login, login)
    assert found is not None
    return found.id


@pytest.fixture
async def demo(office: Office, subiekt_db: DemoSummary) -> list[orders.OrderRecord]:
    """The demo's orders, once the server has imported them all."""
    await wait_for_intake(office, len(subiekt_db.open_zk_ids))
    return all_orders(office)


# -- the list --------------------------------------------------------------------------------


async def test_the_list_filters_by_state_date_picker_document_and_source(
    office: Office, demo: list[orders.OrderRecord]
) -> None:
    first, second, third = demo[0], demo[1], demo[2]
    move(office, first.id, "problem", reason="brak towaru")
    move(office, second.id, "gone")  # (a held one would come back: its ZK is open)
    office.store.run_sync(claim_order, third.id, operator_id=operator_id(office, "anna"),
                          role="picker", actor="operator:anna")  # fmt: skip
    office.store.run_sync(lambda conn: conn.execute(documents.insert().values(
        order_id=third.id, generation=1, kind="PAi", number="PAi 7/2026", filename="p.pdf",
        media_type="application/pdf", content=b"%PDF", sha256="0" * 64, size=4,
        created_at=utcnow())))  # fmt: skip
    everyone = {order.id for order in demo}
    async with logged_in(office) as client:
        assert await ids(client, status="problem") == [first.id]
        assert set(await ids(client, status=["problem", "gone"])) == {first.id, second.id}
        assert set(await ids(client, status="new")) == everyone - {first.id, second.id, third.id}
        assert await ids(client, operator="anna") == [third.id]
        assert await ids(client, operator=" ANNA ") == [third.id]
        assert await ids(client, operator="marek") == []
        assert await ids(client, document="PAi") == [third.id]
        assert await ids(client, document="pai") == [third.id]  # the kind in any case
        assert await ids(client, document="FS") == []

        # Allegro as the document rules tell it: a checkout-form id, or the category.
        allegro = {
            o.id
            for o in demo
            if is_allegro_checkout_id(o.external_id) or fold(o.category or "") == "allegro"
        }
        assert allegro and {o.id for o in demo if o.external_id} - allegro  # shop numbers too
        assert {o["id"] for o in (await listed(client))["orders"] if o["allegro"]} == allegro
        assert set(await ids(client, source="allegro")) == allegro
        assert set(await ids(client, source="shop")) == everyone - allegro

        # Dates are whole days of Polish time, both ends included.
        day = first.issued_at.astimezone(SUBIEKT_TIMEZONE).date()
        that_day = {o.id for o in demo if o.issued_at.astimezone(SUBIEKT_TIMEZONE).date() == day}
        assert set(await ids(client, **{"from": day.isoformat(), "to": day.isoformat()})) == (
            that_day
        )
        after = {o.id for o in demo if o.issued_at.astimezone(SUBIEKT_TIMEZONE).date() > day}
        assert set(await ids(client, **{"from": day.isoformat()})) == that_day | after
        assert set(await ids(client, to=day.isoformat())) == everyone - after

        # Every filter at once: all must hold.
        assert await ids(client, status="picking", operator="anna", document="PAi",
                         **{"from": "2000-01-01"}) == [third.id]  # fmt: skip
        body = await listed(client, status="problem")
        (shown,) = body["orders"]
        assert (shown["status"], shown["status_reason"], shown["claimed_by_login"]) == (
            "problem", "brak towaru", None)  # fmt: skip
        assert body["counts"] == {
            **{status.value: 0 for status in OrderStatus},
            "new": len(demo) - 3, "problem": 1, "gone": 1, "picking": 1,
        }  # fmt: skip
        assert body["next"] is None
        (picking,) = (await listed(client, operator="anna"))["orders"]
        assert picking["claimed_by_login"] == "anna"


async def test_the_search_finds_a_zk_a_customer_a_nip_and_an_allegro_id(
    office: Office, demo: list[orders.OrderRecord]
) -> None:
    async with logged_in(office) as client:
        for order in demo[:5]:
            # The ZK number as printed, in lower case, finds that ZK only — not ZK 15 for 5.
            assert await ids(client, q=order.number.lower()) == [order.id]
            sequence = order.number.split()[1]  # "5/2026"
            assert await ids(client, q=sequence) == [order.id], sequence
        company = next(o for o in demo if o.nip and o.customer_name and not o.customer_is_person)
        assert company.customer_name is not None
        found = set(await ids(client, q=company.customer_name.upper()))
        assert company.id in found
        assert company.id in await ids(client, q=company.customer_name.split()[-1][:4].lower())
        assert company.id in await ids(client, q=company.nip)
        allegro = next(o for o in demo if is_allegro_checkout_id(o.external_id))
        assert allegro.external_id is not None
        assert await ids(client, q=allegro.external_id) == [allegro.id]
        assert await ids(client, q=allegro.external_id[:8].upper()) == [allegro.id]
        assert await ids(client, q="żadnego takiego zamówienia") == []
        assert await ids(client, q="   ") == await ids(client)  # blank: no search


async def test_the_list_pages_through_every_order_once_in_both_orders(
    office: Office, demo: list[orders.OrderRecord]
) -> None:
    async with logged_in(office) as client:
        for sort in ("urgent", "newest"):
            whole = await ids(client, sort=sort)
            assert sorted(whole) == sorted(o.id for o in demo)
            paged, cursor = [], None
            while True:
                body = await listed(
                    client, sort=sort, limit=7, **({"after": cursor} if cursor else {})
                )
                assert len(body["orders"]) == 7 or body["next"] is None
                paged += [order["id"] for order in body["orders"]]
                cursor = body["next"]
                if cursor is None:
                    break
            assert paged == whole, sort
        newest = await listed(client, sort="newest")
        moments = [datetime.fromisoformat(o["issued_at"]) for o in newest["orders"]]
        assert moments == sorted(moments, reverse=True)
        # The default is the documented one: most urgent (priority), then the oldest.
        assert await ids(client) == await ids(client, sort="urgent")
        # limit and offset still work as documented.
        assert await ids(client, limit=3, offset=2) == (await ids(client))[2:5]


BAD = [
    ({"status": "zgubione"}, "status", "zgubione"),
    ({"from": "2026-13-01"}, "from", "RRRR-MM-DD"),
    ({"from": "1.12.2026"}, "from", "RRRR-MM-DD"),
    ({"to": "jutro"}, "to", "RRRR-MM-DD"),
    ({"from": "0001-01-01"}, "from", "spoza zakresu — podaj datę od 1900-01-01 do 9998-12-31"),
    ({"to": "9999-12-31"}, "to", "spoza zakresu"),
    ({"from": "2026-12-07", "to": "2026-12-01"}, "to", "wcześniejszy niż from"),
    ({"operator": "nikt"}, "operator", "nie ma operatora o loginie „nikt”"),
    ({"operator": "x" * 65}, "operator", "nie ma operatora"),
    ({"document": "FV"}, "document", "FS, PA, PAi, WZ"),
    ({"source": "ebay"}, "source", "allegro, shop"),
    ({"sort": "losowo"}, "sort", "urgent, newest"),
    ({"q": "x" * 201}, "q", "200 znaków i 8 słów"),
    ({"q": "a b c d e f g h i"}, "q", "200 znaków i 8 słów"),
    ({"q": "ab\x00c"}, "q", "niedozwolone znaki"),
    ({"after": "nie-kursor"}, "after", "nie jest kursorem tej listy"),
    ({"limit": "0"}, "limit", "od 1 do 1000"),
    ({"limit": "1001"}, "limit", "od 1 do 1000"),
    ({"offset": "-1"}, "offset", "od 0 do 1000000000"),
]


@pytest.mark.parametrize(("params", "name", "says"), BAD, ids=[b[1] for b in BAD])
async def test_bad_parameters_are_refused_naming_them(
    office: Office, params: dict[str, str], name: str, says: str
) -> None:
    async with logged_in(office) as client:
        response = await client.get("/api/orders", params=params)
    assert response.status_code == 400, response.text
    body = response.json()
    assert (body["error"], body["parameter"]) == ("bad_parameter", name)
    assert body["message"].startswith(f"Parametr {name}") and says in body["message"], body


async def test_a_cursor_from_another_search_or_edited_is_refused(
    office: Office, demo: list[orders.OrderRecord]
) -> None:
    async with logged_in(office) as client:
        cursor = (await listed(client, sort="newest", limit=2))["next"]
        assert cursor
        assert len(await ids(client, sort="newest", limit=2, after=cursor)) == 2
        for params in ({"sort": "urgent"}, {"sort": "newest", "status": "new"},
                       {"sort": "newest", "q": "zk"}):  # fmt: skip
            refused = await client.get("/api/orders", params={**params, "after": cursor})
            assert refused.status_code == 400
            assert "pochodzi z innego wyszukiwania" in refused.json()["message"]
        for edited in (cursor[:-2], cursor[1:], cursor.upper(), cursor + "AAAA"):
            refused = await client.get("/api/orders", params={"sort": "newest", "after": edited})
            assert refused.status_code == 400, edited
            assert refused.json()["parameter"] == "after"
        english = await client.get("/api/orders", headers={"Accept-Language": "en"},
                                   params={"sort": "urgent", "after": cursor})  # fmt: skip
        assert english.json()["message"] == (
            "Parameter after comes from another search (other filters or order) — start from "
            "the first page (without after)."
        )


async def test_the_pickers_to_filter_by(office: Office) -> None:
    async with logged_in(office, "biuro") as client:  # the office may not list operators…
        assert (await client.get("/api/operators")).status_code == 403
        body = (await client.get("/api/orders/operators")).json()  # …but sees who picks
    assert body == {"operators": [
        {"login": "anna", "name": "Anna Kowalska", "role": "picker", "active": True},
        {"login": "kierownik", "name": "Grzegorz Dąbrowski", "role": "supervisor",
         "active": True},
        {"login": "marek", "name": "Marek Żółkiewski", "role": "packer", "active": True},
        {"login": "pawel", "name": "Paweł Nowak", "role": "picker", "active": True},
        {"login": "szef", "name": ADMIN_NAME, "role": "admin", "active": True},
    ]}  # fmt: skip


# -- the office's hold and send back ----------------------------------------------------------


async def test_hold_and_send_back_by_each_office_role(
    office: Office, demo: list[orders.OrderRecord]
) -> None:
    order = demo[0]
    async with logged_in(office, "kierownik") as supervisor:
        spaced = {"reason": "  Klient   prosi o wstrzymanie  "}
        held = await supervisor.post(f"/api/orders/{order.id}/hold", json=spaced)
        assert held.status_code == 200, held.text
        reason = "Wstrzymane przez biuro (kierownik): Klient prosi o wstrzymanie"
        assert held.json() == {"held": {"from": "new", "to": "problem", "reason": reason}}
        again = await supervisor.post(f"/api/orders/{order.id}/hold")
        assert again.status_code == 409
        assert again.json() == {
            "error": "wrong_status", "current": "problem",
            "message": "Wstrzymać można tylko zamówienie nowe, w kompletacji albo zebrane — to "
                       "zamówienie jest teraz w stanie „Problem”.",
        }  # fmt: skip
    async with logged_in(office, "biuro") as desk:
        detail = (await desk.get(f"/api/orders/{order.id}")).json()
        assert (detail["order"]["status"], detail["order"]["status_reason"]) == ("problem", reason)
        event = detail["timeline"][-1]
        assert (event["from_status"], event["to_status"], event["actor"], event["reason"]) == (
            "new", "problem", "operator:kierownik", reason)  # fmt: skip
        back = await desk.post(f"/api/orders/{order.id}/send-back", content=b"")
        assert back.json() == {"sent_back": {
            "from": "problem", "to": "new",
            "reason": "Odesłane do kompletacji przez biuro (biuro).",
        }}  # fmt: skip
        refused = await desk.post(f"/api/orders/{order.id}/send-back", json={})
        assert (refused.status_code, refused.json()["current"]) == (409, "new")
        assert "tylko zamówienie w stanie „Problem”" in refused.json()["message"]
        audit = (await desk.get(f"/api/orders/{order.id}/audit")).json()["entries"]
        assert [(e["actor"], e["action"], e["details"]) for e in audit] == [
            ("operator:kierownik", "order.held",
             {"number": order.number, "from": "new", "to": "problem",
              "note": "Klient prosi o wstrzymanie"}),
            ("operator:biuro", "order.sent_back",
             {"number": order.number, "from": "problem", "to": "new", "note": None}),
        ]  # fmt: skip
    async with logged_in(office, "szef") as admin:
        assert (await admin.post(f"/api/orders/{order.id}/hold", json={"reason": None})).json()[
            "held"]["reason"] == "Wstrzymane przez biuro (szef)."  # fmt: skip
        for body, field in (({"reason": "x" * 501}, "reason"), ({"reason": 5}, "reason"),
                            ({"powod": "x"}, "powod")):  # fmt: skip
            bad = await admin.post(f"/api/orders/{demo[1].id}/hold", json=body)
            assert (bad.status_code, bad.json()["error"], bad.json()["field"]) == (
                400, "bad_field", field)  # fmt: skip
        assert (
            "najwyżej 500 znaków"
            in (
                await admin.post(f"/api/orders/{demo[1].id}/hold", json={"reason": "x" * 501})
            ).json()["message"]
        )
        assert (await admin.post(f"/api/orders/{demo[1].id}/hold", json=[])).status_code == 400
        assert (await admin.post("/api/orders/999999/hold")).status_code == 404
        assert (await admin.post("/api/orders/999999/send-back")).status_code == 404
        for part in ("picks", "packages", "documents", "audit"):
            assert (await admin.get(f"/api/orders/999999/{part}")).status_code == 404
    assert office.store.read_sync(orders.get_order, demo[1].id).status is OrderStatus.NEW  # type: ignore[union-attr]


async def test_a_scanner_is_refused_once_the_office_holds_its_order_and_picks_stay_counted(
    office: Office, demo: list[orders.OrderRecord], subiekt_db: DemoSummary
) -> None:
    """Anna picks part of an order; the office holds it: her next scan is refused and she
    cannot go on.  Sent back, the order is in the queue again with her picks counted; Marek
    finishes it, and the order page says who picked how much of which line."""
    zk_id = subiekt_db.examples.zk_many_lines
    order = next(o for o in demo if o.subiekt_id == zk_id)
    plan = scan_plan(order)
    assert len(plan) >= 3
    async with scanner(office, "tc52-anna") as anna:
        await anna.login("OP-0001")
        assert (await anna.request("claim", order_id=order.id))["type"] == "order"
        for index, (_, code, _) in enumerate(plan[:2]):
            reply = await anna.request("scan", order_id=order.id, scan_id=f"a{index}",
                                       code=code, scanned_at=NOW)  # fmt: skip
            assert reply["verdict"]["ok"], reply
        async with logged_in(office, "biuro") as desk:
            held = await desk.post(f"/api/orders/{order.id}/hold", json={"reason": "Zły adres"})
            assert held.json()["held"]["from"] == "picking"
            refused = await anna.request("scan", order_id=order.id, scan_id="a2",
                                         code=plan[2][1], scanned_at=NOW)  # fmt: skip
            assert (refused["type"], refused["code"]) == ("error", "wrong_status"), refused
            picks = (await desk.get(f"/api/orders/{order.id}/picks")).json()["picks"]
            assert sum(Decimal(p["quantity"]) for p in picks) == sum(q for _, _, q in plan[:2])
            assert {p["operator"] for p in picks} == {"anna"}
            sent = await desk.post(f"/api/orders/{order.id}/send-back")
            assert sent.json()["sent_back"]["to"] == "new"
    async with scanner(office, "tc52-marek") as marek:
        await marek.login("OP-0002")
        claimed = await marek.request("claim", order_id=order.id)
        assert claimed["type"] == "order", claimed
        picked_already = sum(Decimal(line["picked"]) for line in claimed["order"]["lines"])
        assert picked_already == sum(q for _, _, q in plan[:2])  # nothing to scan twice
        # One scan too many taken back with undo: not counted for Marek.
        first = await marek.request("scan", order_id=order.id, scan_id="m-extra",
                                    code=plan[2][1], scanned_at=NOW)  # fmt: skip
        assert first["verdict"]["ok"]
        undone = await marek.request("undo", order_id=order.id, action_id="u1")
        assert undone["verdict"]["kind"] == "undone", undone
        for index, (_, code, _) in enumerate(plan[2:]):
            reply = await marek.request("scan", order_id=order.id, scan_id=f"m{index}",
                                        code=code, scanned_at=NOW)  # fmt: skip
            assert reply["verdict"]["ok"], reply
    async with logged_in(office, "biuro") as desk:
        picks = (await desk.get(f"/api/orders/{order.id}/picks")).json()["picks"]
        scans = (await desk.get(f"/api/orders/{order.id}/scans")).json()["scans"]
    expected: dict[tuple[int, str], list[Any]] = {}
    for index, (line_id, _, quantity) in enumerate(plan):
        who = "anna" if index < 2 else "marek"
        entry = expected.setdefault((line_id, who), [Decimal(0), 0])
        entry[0] += quantity
        entry[1] += 1
    names = {"anna": "Anna Kowalska", "marek": "Marek Żółkiewski"}
    assert picks == [
        {"line_id": line_id, "operator": who, "name": names[who], "quantity": f"{q:.4f}",
         "scans": n, "typed": 0}
        for (line_id, who), (q, n) in sorted(expected.items())
    ]  # fmt: skip
    # Every scan is listed, the undone one too (the pick state no longer counts it).
    assert next(s["request_id"] for s in scans if s["operator"] == "marek") == "m-extra"


# -- a packed order's page ------------------------------------------------------------------------


async def test_a_packed_orders_page_parts_and_who_retried_or_skipped(
    office: Office, demo: list[orders.OrderRecord], subiekt_db: DemoSummary
) -> None:
    order_id = pack(office.store, subiekt_db.examples.zk_pack_line)

    def finished() -> bool:
        order = office.store.read_sync(orders.get_order, order_id)
        return order is not None and order.status is OrderStatus.ATTENTION

    with trio.fail_after(60):
        while not finished():  # noqa: ASYNC110 - the server's pipeline finalizes it
            await trio.sleep(0.1)
    async with logged_in(office, "biuro") as desk:
        (parcel,) = (await desk.get(f"/api/orders/{order_id}/packages")).json()["packages"]
        assert {k: parcel[k] for k in ("generation", "number", "weight_kg", "created_by")} == {
            "generation": 1, "number": 1, "weight_kg": "1.5000", "created_by": "anna"}  # fmt: skip
        (document,) = (await desk.get(f"/api/orders/{order_id}/documents")).json()["documents"]
        assert document["kind"] in {"FS", "PA", "PAi", "WZ"} and document["generation"] == 1
        assert document["filename"].endswith(".pdf") and document["size"] > 0
        pdf = await desk.get(f"/api/orders/{order_id}/document")
        assert pdf.content.startswith(b"%PDF") and len(pdf.content) == document["size"]
        assert await ids(desk, document=document["kind"]) == [order_id]
        assert await ids(desk, status="attention") == [order_id]

        jobs = (await desk.get(f"/api/orders/{order_id}/jobs")).json()["jobs"]
        done = next(job for job in jobs if job["step"] == "realize")
        assert done["status"] == "done"
        started, updated = (datetime.fromisoformat(done[k]) for k in ("started_at", "updated_at"))
        assert started <= updated  # the step's duration
    async with logged_in(office, "kierownik") as supervisor:
        assert (await supervisor.post(f"/api/orders/{order_id}/skip")).status_code == 403
        retried = await supervisor.post(f"/api/orders/{order_id}/retry")
        assert retried.json() == {"retried": "label"}
    with trio.fail_after(60):
        while not finished():  # noqa: ASYNC110 - still no courier: back in attention
            await trio.sleep(0.1)
    async with logged_in(office, "biuro") as desk:
        assert (await desk.post(f"/api/orders/{order_id}/skip")).json() == {"skipped": "label"}
        audit = (await desk.get(f"/api/orders/{order_id}/audit")).json()["entries"]
    assert [(e["actor"], e["action"], e["details"]["step"]) for e in audit] == [
        ("operator:kierownik", "order.retried", "label"),
        ("operator:biuro", "order.skipped", "label"),
    ]
    assert audit[1]["details"]["reason"] == "pominięte przez biuro"
