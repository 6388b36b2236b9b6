"""``GET /api/audit`` over real HTTP on the demo data: the changes the office and the floor's
leads make appear as whole entries, newest first, filtered by who, what, what about and
when, a page at a time; bad filters are refused naming the parameter."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from kolektor.store import operators
from tests.office import Office

ADMIN = ("szef", "szef-demo")
SUPERVISOR = ("kierownik", "kierownik-demo")
OFFICE = ("biuro", "biuro-demo")


@asynccontextmanager
async def logged_in(office: Office, login: tuple[str, str]) -> AsyncIterator[httpx.AsyncClient]:
    async with office.client() as client:
        await office.login(client, *login)
        yield client


def operator_id(office: Office, login: str) -> int:
    found = office.store.read_sync(operators.get_by_login, login)
    assert found is not None
    return found.id


async def read(client: httpx.AsyncClient, **params: Any) -> dict[str, Any]:
    response = await client.get("/api/audit", params=params)
    assert response.status_code == 200, response.text
    assert response.headers["cache-control"] == "no-store"
    body: dict[str, Any] = response.json()
    return body


def without_ids(entries: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    return [(e["actor"], e["action"], e["target"], e["details"]) for e in entries]


async def make_changes(office: Office) -> datetime:
    """An admin adds and changes an operator and a setting, a supervisor lifts a lockout
    and logs someone out everywhere.  Returns when it started."""
    started = datetime.now(UTC)
    async with logged_in(office, ADMIN) as admin:
        created = await admin.post("/api/operators", json={
            "login": "ewa", "name": "Ewa Nowicka", "role": "picker", "pin": "4826",
            "badge": "OP-4826",
        })  # fmt: skip
        ewa = created.json()["operator"]["id"]
        await admin.patch(f"/api/operators/{ewa}", json={"role": "packer", "pin": "9753"})
        await admin.put("/api/settings/manual_quantity", json={"value": {"roles": ["admin"]}})
    async with logged_in(office, SUPERVISOR) as lead:
        await lead.post(f"/api/operators/{ewa}/unlock")
        assert (await lead.post(f"/api/operators/{ewa}/logout")).json() == {"ended": 0}
    return started


CHANGES = [
    ("operator:kierownik", "sessions.ended", "operator:ewa", {"count": 0}),
    ("operator:kierownik", "login.unlocked", "operator:ewa", None),
    ("operator:szef", "setting.changed", "manual_quantity",
     {"key": "manual_quantity", "old": None, "new": {"roles": ["admin"]}, "created": True}),
    ("operator:szef", "operator.changed", "operator:ewa", {"role": "packer", "pin": "changed"}),
    ("operator:szef", "operator.created", "operator:ewa",
     {"role": "picker", "badge": "…4826", "badge_only": False, "active": True, "pin": True,
      "password": False}),
]  # fmt: skip
"""What :func:`make_changes` leaves in the audit log, newest first."""


async def test_changes_appear_as_whole_entries_newest_first(office: Office) -> None:
    started = await make_changes(office)
    async with logged_in(office, OFFICE) as client:
        body = await read(client)
    entries = body["entries"]
    ours = [e for e in entries if e["target"] in {"operator:ewa", "manual_quantity"}]
    assert without_ids(ours) == CHANGES
    assert set(entries[0]) == {"id", "at", "actor", "action", "target", "details"}
    ids = [e["id"] for e in entries]
    assert ids == sorted(ids, reverse=True)
    for entry in ours:
        at = datetime.fromisoformat(entry["at"])
        assert at.tzinfo is not None and started - timedelta(seconds=1) <= at
    assert body["next"] is None


async def test_filters_by_who_what_about_whom_and_when(office: Office) -> None:
    started = await make_changes(office)
    async with logged_in(office, SUPERVISOR) as client:
        by_login = await read(client, actor="kierownik")
        assert without_ids(by_login["entries"]) == CHANGES[:2]
        assert await read(client, actor="operator:kierownik") == by_login
        about = await read(client, target="ewa")
        assert without_ids(about["entries"]) == [CHANGES[0], CHANGES[1], CHANGES[3], CHANGES[4]]
        assert await read(client, target="operator:ewa") == about
        settings = await read(client, action="setting.")
        assert without_ids(settings["entries"]) == [CHANGES[2]]
        assert await read(client, action="SETTING.") == settings
        operators_ = await read(client, action="operator.", actor="szef", target="ewa")
        assert without_ids(operators_["entries"]) == CHANGES[3:]
        assert (await read(client, action="order."))["entries"] == []
        window = await read(client, **{"from": started.isoformat(), "target": "ewa"})
        assert window == about
        later = (datetime.now(UTC) + timedelta(minutes=1)).isoformat()
        assert (await read(client, **{"from": later}))["entries"] == []
        until = await read(client, to=started.isoformat().replace("+00:00", "Z"), target="ewa")
        assert until["entries"] == []


async def test_pages_follow_one_another_by_key(office: Office) -> None:
    await make_changes(office)
    async with logged_in(office, OFFICE) as client:
        everything = (await read(client, limit=200))["entries"]
        assert len(everything) >= 5
        pages, before = [], None
        while True:
            params: dict[str, Any] = {"limit": 2}
            if before is not None:
                params["before"] = before
            page = await read(client, **params)
            assert len(page["entries"]) <= 2
            pages.extend(page["entries"])
            before = page["next"]
            if before is None:
                break
            assert before == page["entries"][-1]["id"]
        assert pages == everything
        first = await read(client, target="ewa", limit=3)
        rest = await read(client, target="ewa", limit=3, before=first["next"])
        assert without_ids(first["entries"] + rest["entries"]) == [
            CHANGES[0], CHANGES[1], CHANGES[3], CHANGES[4],
        ]  # fmt: skip
        assert rest["next"] is None


async def test_bad_filters_are_refused_naming_the_parameter(office: Office) -> None:
    cases = [
        ("limit", "0"), ("limit", "201"), ("limit", "dużo"), ("before", "0"), ("before", "-5"),
        ("before", str(2**31)), ("from", "2026-12-07"), ("from", "2026-12-07T10:00:00"),
        ("to", "wczoraj"), ("to", "2026-13-01T00:00:00+01:00"), ("action", "setting;drop"),
        ("action", "setting.%"), ("actor", "a\x00b"), ("target", "x" * 201),
        ("actor", "x" * 101),
    ]  # fmt: skip
    async with logged_in(office, OFFICE) as client:
        for name, value in cases:
            response = await client.get("/api/audit", params={name: value})
            assert response.status_code == 400, (name, value, response.text)
            answer = response.json()
            assert answer["error"] == "bad_parameter", (name, value)
            assert answer["message"].startswith(f"Parametr {name} ma niepoprawną wartość"), answer
        # Empty filters are no filters.
        assert (await read(client, actor="", action=" ", target="", **{"from": ""}))["entries"]


async def test_who_may_read_the_audit_log(office: Office) -> None:
    for who in (ADMIN, OFFICE, SUPERVISOR):
        async with logged_in(office, who) as client:
            assert (await client.get("/api/audit")).status_code == 200
    async with office.client() as anonymous:
        assert (await anonymous.get("/api/audit")).status_code == 401
        picker = await anonymous.get("/api/audit", auth=("pawel", "pawel-demo"))
        assert (picker.status_code, picker.json()["error"]) == (403, "forbidden")


async def test_logging_out_everywhere_is_recorded_against_the_operators_login(
    office: Office,
) -> None:
    anna = operator_id(office, "anna")
    async with logged_in(office, ADMIN) as client:
        await client.post(f"/api/operators/{anna}/logout")
        entries = (await read(client, target="anna", action="sessions."))["entries"]
    assert without_ids(entries) == [("operator:szef", "sessions.ended", "operator:anna",
                                     {"count": 0})]  # fmt: skip
