"""The scanner socket as an attacker on the shop's LAN would try it: roles per message,
revocation while connected, foreign pages, too many sockets, silent sockets, huge frames,
guessing PINs — over real WebSockets to a real server."""

from __future__ import annotations

import json
from collections.abc import Callable
from contextlib import asynccontextmanager
from typing import Any

import httpx
import pytest
import trio
from trio_websocket import ConnectionClosed, ConnectionRejected, open_websocket_url

from kolektor.auth.permissions import SCANNER_PERMISSIONS
from kolektor.scanner.protocol import MESSAGE_TYPES
from kolektor.store import operators
from kolektor.store.operators import Role
from tests.scanner.conftest import Device, Site

EVIL = "https://sklep-konkurencji.example"
NOW = "2026-12-07T10:00:00+01:00"

LOGINS = {
    Role.PICKER: ("anna", "1111"),
    Role.PACKER: ("marek", "2222"),
    Role.SUPERVISOR: ("kierownik", "3333"),
    Role.ADMIN: ("admin-skaner", "4444"),
}


def payloads(order_id: int, line_id: int, number: str) -> dict[str, dict[str, Any]]:
    """A well-formed message of every type an operator sends (so only the role decides)."""
    return {
        "queue": {"type": "queue"},
        "claim": {"type": "claim", "order_id": order_id},
        "claim.takeover": {"type": "claim", "order_id": order_id, "takeover": True},
        "open": {"type": "open", "order_id": order_id},
        "scan": {"type": "scan", "order_id": order_id, "scan_id": "s1", "code": "5901234123457",
                 "scanned_at": NOW},
        "manual": {"type": "manual", "order_id": order_id, "entry_id": "m1", "line_id": line_id,
                   "quantity": "1"},
        "undo": {"type": "undo", "order_id": order_id, "action_id": "u1"},
        "shortage": {"type": "shortage", "order_id": order_id, "line_id": line_id,
                     "reason": "brak"},
        "release": {"type": "release", "order_id": order_id},
        "pack_open": {"type": "pack_open", "code": number},
        "pack": {"type": "pack", "order_id": order_id, "request_id": "p1",
                 "packages": [{"weight_kg": "1"}]},
        "stations": {"type": "stations"},
        "set_station": {"type": "set_station", "station_id": None},
        "label": {"type": "label", "order_id": order_id},
        "reprint_label": {"type": "reprint_label", "order_id": order_id, "request_id": "r1"},
        "overview": {"type": "overview"},
        "logout": {"type": "logout"},
    }  # fmt: skip


@pytest.fixture
def admin_on_scanner(site: Site) -> None:
    site.store.run_sync(
        operators.create_operator, login="admin-skaner", name="Admin", role="admin", pin="4444"
    )


async def test_the_matrix_covers_every_message_type() -> None:
    assert {k.split(".")[0] for k in SCANNER_PERMISSIONS} == set(MESSAGE_TYPES)


@pytest.mark.parametrize("role", list(LOGINS))
async def test_every_message_checks_the_role_it_needs(
    site: Site, connect: Callable[..., Any], admin_on_scanner: None, role: Role
) -> None:
    order = site.order(site.demo.examples.zk_pack_line)
    line = next(line for line in order.lines if line.product_id is not None)
    login, pin = LOGINS[role]
    messages = payloads(order.id, line.id, order.number)
    assert set(messages) | {"hello", "login", "ping"} == set(SCANNER_PERMISSIONS)
    async with connect(f"matrix-{role}") as device:
        await device.request("hello", device_id=f"matrix-{role}")
        ok = await device.request("login", login=login, pin=pin)
        assert ok["type"] == "login_ok", ok
        for kind, message in messages.items():
            fields = {k: v for k, v in message.items() if k != "type"}
            reply = await device.request(message["type"], **fields)
            allowed = role in (SCANNER_PERMISSIONS[kind] or set())
            refused = reply.get("code") == "forbidden"
            assert refused is not allowed, (role, kind, reply)


async def test_an_office_account_cannot_log_in_on_a_scanner(
    site: Site, connect: Callable[..., Any]
) -> None:
    site.store.run_sync(operators.update_operator, _id(site, "biuro"), actor="test",
                        pin_hash=operators.hash_secret("5555"))  # fmt: skip
    async with connect("office-on-scanner") as device:
        await device.request("hello", device_id="office-on-scanner")
        reply = await device.request("login", login="biuro", pin="5555")
    assert reply["code"] == "forbidden"
    assert reply["message"] == "To konto nie może logować się na skanerze."


def _id(site: Site, login: str) -> int:
    found = site.store.read_sync(operators.get_by_login, login)
    assert found is not None
    return found.id


@asynccontextmanager
async def office_client(site: Site, login: str, password: str) -> Any:
    async with httpx.AsyncClient(base_url=site.running.url) as client:
        response = await client.post("/api/session", json={"login": login, "password": password})
        assert response.status_code == 200, response.text
        client.headers["X-CSRF-Token"] = response.json()["csrf_token"]
        yield client


async def wait_for(device: Device, kind: str, seconds: float = 6) -> dict[str, Any]:
    with trio.fail_after(seconds):
        while True:
            message = await device.receive()
            if message["type"] == kind:
                return message


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"active": False}, "inactive"),
        ({"role": "packer"}, "revoked"),
        ({"pin": "9876"}, "revoked"),
        ({"badge": "OP-7777"}, "revoked"),
    ],
)
async def test_changing_an_operator_ends_their_live_socket_within_seconds(
    site: Site, connect: Callable[..., Any], change: dict[str, Any], reason: str
) -> None:
    order = site.order(site.demo.examples.zk_many_lines)
    async with connect("tc52-revoke") as device, office_client(site, "szef", "szef-demo") as office:
        await device.login("OP-0001")
        response = await office.patch(f"/api/operators/{_id(site, 'anna')}", json=change)
        assert response.status_code == 200, response.text
        ended = await wait_for(device, "logged_out")
        assert ended["reason"] == reason and ended["message"]
        refused = await device.request("claim", order_id=order.id)
        assert refused["code"] == "login_required"
    assert site.order(site.demo.examples.zk_many_lines).claimed_by is None


async def test_a_change_made_elsewhere_reaches_the_socket_through_the_watch(
    site: Site, connect: Callable[..., Any]
) -> None:
    async with connect("tc52-elsewhere") as device:
        await device.login("OP-0001")
        # Another instance (or the command line) changes the store directly.
        site.store.run_sync(operators.set_active, _id(site, "anna"), False)
        ended = await wait_for(device, "logged_out", seconds=8)
    assert ended["reason"] == "inactive"


async def test_a_supervisor_logs_an_operator_out_everywhere(
    site: Site, connect: Callable[..., Any]
) -> None:
    async with (
        connect("tc52-a") as first,
        connect("tc52-b") as second,
        office_client(site, "kierownik", "kierownik-demo") as office,
    ):
        await first.login("OP-0001")
        await second.login("OP-0001")
        response = await office.post(f"/api/operators/{_id(site, 'anna')}/logout")
        assert response.json() == {"ended": 2}
        for device in (first, second):
            assert (await wait_for(device, "logged_out"))["reason"] == "revoked"


async def test_a_device_session_resumes_after_a_reconnect_without_the_pin(
    site: Site, connect: Callable[..., Any]
) -> None:
    order = site.order(site.demo.examples.zk_pack_line)
    async with connect("tc52-resume") as device:
        ok = await device.login("OP-0001")
        token = ok["session"]["token"]
        assert ok["session"]["idle_minutes"] == 60 and ok["session"]["expires_at"]
        await device.request("claim", order_id=order.id)
    async with connect("tc52-resume") as device:
        await device.request("hello", device_id="tc52-resume")
        resumed = await device.request("login", session=token)
        assert resumed["type"] == "login_ok" and "token" not in resumed["session"]
        assert (await device.receive())["type"] == "queue"
        assert (await device.receive())["order"]["id"] == order.id  # its claimed order
        await device.request("logout")
    async with connect("tc52-resume") as device:
        await device.request("hello", device_id="tc52-resume")
        dead = await device.request("login", session=token)
    assert dead["code"] == "session_expired"


async def test_a_session_token_works_only_on_its_device(
    site: Site, connect: Callable[..., Any]
) -> None:
    async with connect("tc52-own") as device:
        token = (await device.login("OP-0001"))["session"]["token"]
    async with connect("tc52-thief") as thief:
        await thief.request("hello", device_id="tc52-thief")
        assert (await thief.request("login", session=token))["code"] == "session_expired"


async def test_guessing_pins_is_throttled(site: Site, connect: Callable[..., Any]) -> None:
    async with connect("tc52-guess") as device:
        await device.request("hello", device_id="tc52-guess")
        codes = []
        for pin in range(1000, 1012):
            reply = await device.request("login", badge="OP-0002", pin=str(pin))
            codes.append(reply["code"])
    # Three free failures for the account, a fourth, then the account must wait: refused at
    # once without the PIN being checked.
    assert codes == ["login_failed"] * 4 + ["login_throttled"] * 8


async def test_badges_match_whatever_their_case(site: Site, connect: Callable[..., Any]) -> None:
    async with connect("tc52-case") as device:
        ok = await device.login("op-0001", pin="1111")
    assert ok["operator"]["login"] == "anna"


async def test_a_foreign_page_cannot_open_the_socket(site: Site) -> None:
    with pytest.raises(ConnectionRejected) as rejected:
        async with open_websocket_url(site.ws_url, extra_headers=[("Origin", EVIL)]):
            pass
    assert rejected.value.status_code == 403
    own = site.running.url  # the scanner app's own page
    async with open_websocket_url(site.ws_url, extra_headers=[("Origin", own)]) as socket:
        await socket.send_message(json.dumps({"v": 1, "type": "ping"}))
        assert json.loads(await socket.get_message())["type"] == "pong"


async def test_frames_over_the_limit_are_refused_before_they_are_buffered(
    site: Site, connect: Callable[..., Any]
) -> None:
    async with connect("tc52-big") as device:
        await device.request("hello", device_id="tc52-big")
        await device.socket.send_message("x" * 20_000)  # over 16 KiB: a polite error
        assert (await device.receive())["code"] == "too_large"
        assert (await device.request("ping"))["type"] == "pong"
        await device.socket.send_message("x" * 40_000)  # over 32 KiB: the socket is closed
        with pytest.raises(ConnectionClosed) as closed, trio.fail_after(5):
            await device.socket.get_message()
    assert closed.value.reason.code == 1009


async def test_silent_sockets_are_closed(site: Site, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("kolektor.server.scanner_socket.HELLO_TIMEOUT", 0.3)
    monkeypatch.setattr("kolektor.server.scanner_socket.IDLE_TIMEOUT", 0.6)
    async with open_websocket_url(site.ws_url) as socket:  # never says hello
        with pytest.raises(ConnectionClosed) as closed, trio.fail_after(5):
            await socket.get_message()
    assert (closed.value.reason.code, closed.value.reason.reason) == (1008, "hello timeout")
    async with open_websocket_url(site.ws_url) as socket:
        await socket.send_message(json.dumps({"v": 1, "type": "hello", "device_id": "quiet"}))
        assert json.loads(await socket.get_message())["type"] == "welcome"
        with pytest.raises(ConnectionClosed) as closed, trio.fail_after(5):
            await socket.get_message()
    assert (closed.value.reason.code, closed.value.reason.reason) == (1001, "idle timeout")


async def test_the_number_of_sockets_is_capped(site: Site, nursery: trio.Nursery) -> None:
    import dataclasses

    from tests.scanner.conftest import start

    config = dataclasses.replace(
        site.config, server=dataclasses.replace(site.config.server, max_scanner_connections=2)
    )
    running = await start(nursery, config, site.store)
    url = running.url.replace("http://", "ws://") + "/scanner/ws"
    async with open_websocket_url(url), open_websocket_url(url) as second:
        with pytest.raises(ConnectionRejected) as rejected:
            async with open_websocket_url(url):
                pass
        assert rejected.value.status_code == 503
        assert b"Za du\xc5\xbco po\xc5\x82\xc4\x85cze\xc5\x84" in (rejected.value.body or b"")
        await second.aclose()
        await trio.sleep(0.2)
        async with open_websocket_url(url) as third:  # a place is free again
            await third.send_message(json.dumps({"v": 1, "type": "ping"}))
            assert json.loads(await third.get_message())["type"] == "pong"
    running.scope.cancel()


async def test_every_message_needs_a_login_except_hello_login_and_ping(
    site: Site, connect: Callable[..., Any]
) -> None:
    order = site.order(site.demo.examples.zk_pack_line)
    line = next(line for line in order.lines if line.product_id is not None)
    async with connect("tc52-anonymous") as device:
        await device.request("hello", device_id="tc52-anonymous")
        for kind, message in payloads(order.id, line.id, order.number).items():
            fields = {k: v for k, v in message.items() if k != "type"}
            reply = await device.request(message["type"], **fields)
            assert SCANNER_PERMISSIONS[kind] is not None
            assert reply["code"] == "login_required", (kind, reply)
        assert (await device.request("ping"))["type"] == "pong"
    assert site.order(site.demo.examples.zk_pack_line).status.value == "new"


async def test_scanning_goes_on_during_a_flood_of_bad_logins(
    site: Site, connect: Callable[..., Any]
) -> None:
    """Wrong passwords and PINs from many sockets and HTTP clients while a picker scans:
    every scan gets its verdict and is stored, every bad login gets a clear refusal.  (How
    much slower the scans get is measured by bench/login_flood.py, not asserted here.)"""
    from tests.scanner.conftest import scan_plan

    order = site.order(site.demo.examples.zk_many_lines)
    plan = scan_plan(order)
    refusals: dict[str, int] = {}
    done = trio.Event()

    async def bad_pins(number: int) -> None:
        async with connect(f"flood-{number}") as attacker:
            await attacker.request("hello", device_id=f"flood-{number}")
            while not done.is_set():
                reply = await attacker.request("login", badge=f"OP-{number:04d}", pin="0000")
                refusals[reply["code"]] = refusals.get(reply["code"], 0) + 1

    async def bad_passwords() -> None:
        async with httpx.AsyncClient(base_url=site.running.url) as client:
            while not done.is_set():
                response = await client.post(
                    "/api/session", json={"login": "szef", "password": "zgaduje"}
                )
                assert response.status_code in {401, 429, 503}, response.text
                refusals[response.json()["error"]] = refusals.get(response.json()["error"], 0) + 1

    async with trio.open_nursery() as nursery:
        for number in range(8):
            nursery.start_soon(bad_pins, number)
        nursery.start_soon(bad_passwords)
        async with connect("tc52-worker") as picker:
            await picker.login("OP-0001")
            await picker.request("claim", order_id=order.id)
            for index, (_, code, _) in enumerate(plan):
                verdict = await picker.request(
                    "scan", order_id=order.id, scan_id=f"f{index}", code=code, scanned_at=NOW
                )
                assert verdict["type"] == "verdict", verdict
        done.set()
    assert site.order(site.demo.examples.zk_many_lines).status.value == "picked"
    assert set(refusals) <= {"login_failed", "pin_required", "login_throttled",
                             "account_locked", "busy"}  # fmt: skip
    assert refusals.get("login_throttled", 0) > 0  # the flood was slowed down, not served
