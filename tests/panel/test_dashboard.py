"""The dashboard's API over real HTTP on the demo data: ``GET /api/dashboard`` with every
state counted, the orders waiting for a person with their reasons and failed steps, who is
picking what (a scanner over the real WebSocket protocol), the health of the intake and
the services; and the live stream ``GET /api/events``: the dashboard at once, a new one
when something changes, an ``alert`` when an order enters ``problem`` or ``attention``,
refusals for a client that did not ask for a stream and beyond the limit of streams."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import httpx
import pytest
import trio
from trio_websocket import open_websocket_url

from kolektor.demo.generator import DemoSummary
from kolektor.server.events import MAX_STREAMS
from kolektor.store import orders
from kolektor.store.lifecycle import OrderStatus
from tests.finalize.conftest import pack
from tests.office import Office, wait_for_intake
from tests.scanner.conftest import Device, scan_plan

NOW = "2026-11-28T10:00:00+01:00"


def order_id_of(office: Office, zk_id: int) -> int:
    return office.store.read_sync(orders.intake_index)[zk_id].order_id


def set_status(
    office: Office, order_id: int, *path: OrderStatus, reason: str | None = None
) -> None:
    """Move an order along ``path`` as the floor and the office would (one event each)."""
    for status in path:
        office.store.run_sync(
            orders.change_status, order_id, status, reason=reason, actor="operator:test"
        )


async def wait_until(check: Callable[[], Any], seconds: float = 60) -> Any:
    with trio.fail_after(seconds):
        while not (found := check()):  # noqa: ASYNC110 - the server's tasks change the store
            await trio.sleep(0.1)
    return found


async def dashboard(client: httpx.AsyncClient) -> dict[str, Any]:
    response = await client.get("/api/dashboard")
    assert response.status_code == 200, response.text
    assert response.headers["Cache-Control"] == "no-store"
    body: dict[str, Any] = response.json()
    return body


@asynccontextmanager
async def scanner(office: Office, device_id: str) -> AsyncIterator[Device]:
    url = office.url.replace("http://", "ws://") + "/scanner/ws"
    async with open_websocket_url(url) as socket:
        yield Device(socket, device_id)


# -- GET /api/dashboard ------------------------------------------------------------------------


async def test_the_dashboard_counts_every_state_and_shows_who_picks_what(
    office: Office, subiekt_db: DemoSummary
) -> None:
    await wait_for_intake(office, len(subiekt_db.open_zk_ids))
    async with office.client() as client:
        await office.login(client, "biuro", "biuro-demo")
        before = await wait_until_reachable(client)
        assert before["counts"] == {
            **{status.value: 0 for status in OrderStatus},
            "new": len(subiekt_db.open_zk_ids),
        }
        assert (before["done_today"], before["needs_person"]) == (0, {"total": 0, "orders": []})
        assert before["picking_now"] == []
        assert before["subiekt_reachable"] is True
        assert before["intake"]["last_result"]["open_orders"] == len(subiekt_db.open_zk_ids)
        assert before["store"] == {"ok": True, "error": None}
        assert {"intake", "pipeline", "store_writer", "auth"} <= set(before["services"])
        assert all(s["state"] == "running" for s in before["services"].values())
        assert before["scanners"] == 0

        # Anna claims an order on her handheld and scans its first code.
        order = office.store.read_sync(
            orders.get_order, order_id_of(office, subiekt_db.examples.zk_many_lines)
        )
        assert order is not None
        _, code, quantity = scan_plan(order)[0]
        async with scanner(office, "tc52-pulpit") as device:
            await device.login("OP-0001")
            claimed = await device.request("claim", order_id=order.id)
            assert claimed["type"] == "order", claimed
            scanned = await device.request(
                "scan", order_id=order.id, scan_id="d1", code=code, scanned_at=NOW
            )
            assert scanned["verdict"]["ok"], scanned
            during = await dashboard(client)
        assert during["scanners"] == 1
        (picking,) = during["picking_now"]
        assert picking["operator"] == {
            "id": picking["operator"]["id"], "login": "anna", "name": "Anna Kowalska",
        }  # fmt: skip
        assert picking["order"] == {
            "id": order.id, "number": order.number, "status": "picking",
            "lines": len(order.lines),
        }  # fmt: skip
        assert picking["device_id"] == "tc52-pulpit"
        received = datetime.fromisoformat(picking["last_scan_at"])
        assert abs(datetime.now().astimezone() - received) < timedelta(minutes=1)
        assert picking["picked"] == f"{quantity:.4f}"
        assert picking["ordered"] == f"{sum(line.base_quantity for line in order.lines):.4f}"
        assert during["counts"]["picking"] == 1
        assert during["counts"]["new"] == len(subiekt_db.open_zk_ids) - 1


async def wait_until_reachable(client: httpx.AsyncClient) -> dict[str, Any]:
    """The dashboard once the intake's first read has succeeded."""
    with trio.fail_after(30):
        while not (body := await dashboard(client))["subiekt_reachable"]:  # noqa: ASYNC110
            await trio.sleep(0.1)  # the server's intake: no event to wait on
    return body


async def test_the_orders_waiting_for_a_person_come_with_their_reason_and_step(
    office: Office, subiekt_db: DemoSummary
) -> None:
    """An order whose finalization cannot go on (no label printer at the station) and
    one reported as a problem: newest first, the reason in Polish, the step to retry."""
    await wait_for_intake(office, len(subiekt_db.open_zk_ids))
    packed = pack(office.store, subiekt_db.examples.zk_pack_line)

    def in_attention() -> bool:
        found = office.store.read_sync(orders.get_order, packed)
        return found is not None and found.status is OrderStatus.ATTENTION

    await wait_until(in_attention)  # the server's pipeline finalizes it as far as it can
    problem = order_id_of(office, subiekt_db.examples.zk_shortage)
    set_status(office, problem, OrderStatus.PROBLEM, reason="Brak towaru na półce A-12")
    async with office.client() as client:
        await office.login(client, "kierownik", "kierownik-demo")
        body = await dashboard(client)
    assert body["needs_person"]["total"] == 2
    assert (body["counts"]["attention"], body["counts"]["problem"]) == (1, 1)
    newest, older = body["needs_person"]["orders"]
    assert newest["id"] == problem
    assert newest["status"] == "problem"
    assert newest["status_reason"] == "Brak towaru na półce A-12"
    assert newest["failed_step"] is None
    assert older["id"] == packed and older["status"] == "attention"
    number = office.store.read_sync(orders.get_order, packed).number  # type: ignore[union-attr]
    assert older["status_reason"].startswith(
        f"Nie wykonano: etykieta — etykiety {number} są gotowe, ale stanowisko pakowania nie ma "
        "drukarki etykiet"
    )
    assert older["failed_step"]["step"] == "label"
    assert older["failed_step"]["status"] == "not_configured"
    assert older["failed_step"]["error"]
    assert datetime.fromisoformat(older["status_changed_at"]) <= datetime.fromisoformat(
        newest["status_changed_at"]
    )
    number = office.store.read_sync(orders.get_order, packed).number  # type: ignore[union-attr]
    assert older["number"] == number


async def test_done_today_counts_the_orders_finished_since_midnight(
    office: Office, subiekt_db: DemoSummary
) -> None:
    await wait_for_intake(office, len(subiekt_db.open_zk_ids))
    finished = order_id_of(office, subiekt_db.examples.zk_remark_wz)
    set_status(
        office, finished, OrderStatus.PICKING, OrderStatus.PICKED, OrderStatus.PACKED,
        OrderStatus.DONE,
    )  # fmt: skip
    async with office.client() as client:
        await office.login(client, "biuro", "biuro-demo")
        body = await dashboard(client)
    assert (body["done_today"], body["counts"]["done"]) == (1, 1)
    since = datetime.fromisoformat(body["today_since"])
    local_now = datetime.now().astimezone()
    assert since.utcoffset() is not None
    assert (since.hour, since.minute, since.second, since.date()) == (0, 0, 0, local_now.date())


# -- GET /api/events ---------------------------------------------------------------------------


@dataclass
class ServerSentEvent:
    event: str | None = None
    data: Any = None
    retry: int | None = None
    comments: list[str] = field(default_factory=list)


class EventReader:
    """Reads a ``text/event-stream`` body event by event (blank-line separated blocks)."""

    def __init__(self, response: httpx.Response) -> None:
        self.chunks = response.aiter_text()
        self.buffer = ""
        self.ended = False

    async def next(self, seconds: float = 20) -> ServerSentEvent | None:
        """The next block, or None when the stream ended."""
        with trio.fail_after(seconds):
            while "\n\n" not in self.buffer:
                try:
                    self.buffer += await self.chunks.__anext__()
                except StopAsyncIteration:
                    self.ended = True
                    return None
        block, self.buffer = self.buffer.split("\n\n", 1)
        found = ServerSentEvent()
        data = []
        for line in block.split("\n"):
            name, _, value = line.partition(":")
            value = value.removeprefix(" ")
            if name == "":
                found.comments.append(value)
            elif name == "event":
                found.event = value
            elif name == "data":
                data.append(value)
            elif name == "retry":
                found.retry = int(value)
        if data:
            found.data = json.loads("\n".join(data))
        return found

    async def until(self, wanted: Callable[[ServerSentEvent], bool]) -> ServerSentEvent:
        while True:
            found = await self.next()
            assert found is not None, "the stream ended"
            if wanted(found):
                return found


STREAM = {"Accept": "text/event-stream"}


async def test_the_stream_sends_the_dashboard_then_each_change_and_an_alert(
    office: Office, subiekt_db: DemoSummary
) -> None:
    await wait_for_intake(office, len(subiekt_db.open_zk_ids))
    async with office.client() as client:
        await office.login(client, "biuro", "biuro-demo")
        async with client.stream("GET", "/api/events", headers=STREAM) as response:
            assert response.status_code == 200
            assert response.headers["Content-Type"].startswith("text/event-stream")
            assert response.headers["Cache-Control"] == "no-store"
            reader = EventReader(response)
            hint = await reader.next()
            assert hint is not None and hint.retry == 2000
            first = await reader.next()
            assert first is not None and first.event == "dashboard"
            assert first.data["counts"]["problem"] == 0
            assert set(first.data) >= {"counts", "done_today", "needs_person", "picking_now",
                                       "intake", "services", "store", "scanners"}  # fmt: skip

            # Someone on the floor reports a problem with an order.
            problem = order_id_of(office, subiekt_db.examples.zk_flagged)
            set_status(office, problem, OrderStatus.PROBLEM, reason="Uszkodzone opakowanie")
            changed = await reader.until(
                lambda e: e.event == "dashboard" and e.data["counts"]["problem"] == 1
            )
            (waiting,) = changed.data["needs_person"]["orders"]
            assert (waiting["id"], waiting["status_reason"]) == (problem, "Uszkodzone opakowanie")
            alert = await reader.until(lambda e: e.event == "alert")
            number = office.store.read_sync(orders.get_order, problem).number  # type: ignore[union-attr]
            assert {k: alert.data[k] for k in ("id", "number", "status", "reason")} == {
                "id": problem, "number": number, "status": "problem",
                "reason": "Uszkodzone opakowanie",
            }  # fmt: skip

            # Back to the pool: the counts change, but nothing entered a waiting state.
            set_status(office, problem, OrderStatus.NEW)
            after = await reader.until(
                lambda e: (
                    e.event == "alert"
                    or (e.event == "dashboard" and e.data["counts"]["problem"] == 0)
                )
            )
            assert after.event == "dashboard", after


async def test_a_client_that_does_not_ask_for_a_stream_is_answered_at_once(
    office: Office,
) -> None:
    """A ``GET`` with ``Accept: */*`` (or none) would wait minutes for the body to end."""
    async with office.client() as client:
        await office.login(client, "biuro", "biuro-demo")
        for accept in ("*/*", "application/json", "text/*", "text/event-stream;q=0"):
            response = await client.get("/api/events", headers={"Accept": accept})
            assert response.status_code == 406, (accept, response.text)
            assert response.json() == {
                "error": "not_acceptable",
                "message": "Pod tym adresem są tylko zdarzenia na żywo — wyślij nagłówek "
                "Accept: text/event-stream.",
            }
        english = await client.get("/api/events", headers={"Accept-Language": "en"})
        assert english.status_code == 406
        assert "Accept: text/event-stream" in english.json()["message"]


async def test_only_the_office_roles_may_watch(office: Office) -> None:
    async with office.client() as client:
        for path in ("/api/dashboard", "/api/events"):
            anonymous = await client.get(path, headers=STREAM)
            assert (anonymous.status_code, anonymous.json()["error"]) == (401, "auth_required")
            picker = await client.get(path, headers=STREAM, auth=("pawel", "pawel-demo"))
            assert (picker.status_code, picker.json()["error"]) == (403, "forbidden")
    async with office.client() as client:
        await office.login(client, "kierownik", "kierownik-demo")
        async with client.stream("GET", "/api/events", headers=STREAM) as response:
            assert response.status_code == 200
            reader = EventReader(response)
            await reader.until(lambda e: e.event == "dashboard")


async def test_the_number_of_streams_is_limited(office: Office) -> None:
    limits = httpx.Limits(max_connections=MAX_STREAMS + 5)
    async with office.client(limits=limits) as client:
        await office.login(client, "biuro", "biuro-demo")
        opened: list[httpx.Response] = []
        readers = []  # a reader dropped would close its response
        try:
            for _ in range(MAX_STREAMS):
                request = client.build_request("GET", "/api/events", headers=STREAM)
                response = await client.send(request, stream=True)
                opened.append(response)
                assert response.status_code == 200
                readers.append(EventReader(response))
                await readers[-1].until(lambda e: e.event == "dashboard")
            with trio.fail_after(15):  # a stream let through would last minutes
                refused = await client.get("/api/events", headers=STREAM)
            assert refused.status_code == 503
            assert refused.headers["Retry-After"] == "5"
            assert refused.json()["error"] == "busy"
            assert refused.json()["retry_after"] == 5
            assert "50 podglądów" in refused.json()["message"]
            # One browser goes away: its place is free again.
            readers.pop()
            await opened.pop().aclose()
            with trio.fail_after(10):
                while True:
                    request = client.build_request("GET", "/api/events", headers=STREAM)
                    again = await client.send(request, stream=True)
                    if again.status_code == 200:
                        opened.append(again)
                        break
                    await again.aclose()
                    await trio.sleep(0.05)  # the server notices the closed connection
        finally:
            for response in opened:
                await response.aclose()


@pytest.mark.parametrize("path", ["/api/dashboard", "/api/events"])
async def test_a_body_or_odd_parameters_do_not_matter(office: Office, path: str) -> None:
    async with office.client() as client:
        await office.login(client, "biuro", "biuro-demo")
        response = await client.request(
            "GET", f"{path}?limit=abc&status=%FF", content=b"{nie json", headers={"Accept": "*/*"}
        )
    expected = 200 if path == "/api/dashboard" else 406
    assert response.status_code == expected, response.text
