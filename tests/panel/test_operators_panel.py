"""What the operators page does through the API, over real HTTP on the demo data: adding an
operator with a badge the server generates, refusals naming the field they are about,
issuing a new badge (the new code logs in on a scanner over the real WebSocket protocol,
the old one no longer does, a scanner logged in with it is logged out), and printing
badges — a ZPL label whose ``^BC`` field carries the code, a PDF sheet whose bars decode
back to it — only for the badge an operator holds now."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx
import pypdfium2
import trio
from trio_websocket import open_websocket_url

from kolektor.store import audit
from tests.barcodes import barcodes_on, code128_field_text
from tests.office import Office
from tests.scanner.conftest import Device

ADMIN = ("szef", "szef-demo")
SUPERVISOR = ("kierownik", "kierownik-demo")
OFFICE = ("biuro", "biuro-demo")
GENERATED = re.compile(r"OP-[0-9]{12}")


@asynccontextmanager
async def logged_in(office: Office, login: tuple[str, str]) -> AsyncIterator[httpx.AsyncClient]:
    async with office.client() as client:
        await office.login(client, *login)
        yield client


@asynccontextmanager
async def scanner(office: Office, device_id: str) -> AsyncIterator[Device]:
    url = office.url.replace("http://", "ws://") + "/scanner/ws"
    async with open_websocket_url(url) as socket:
        device = Device(socket, device_id)
        await device.request("hello", device_id=device_id, language="pl")
        yield device


async def scanner_login(office: Office, badge: str, pin: str) -> dict[str, Any]:
    """The answer to a badge + PIN login on a fresh scanner."""
    async with scanner(office, f"tc21-{badge[-4:]}") as device:
        return await device.request("login", badge=badge, pin=pin)


async def create(client: httpx.AsyncClient, **fields: Any) -> dict[str, Any]:
    response = await client.post("/api/operators", json=fields)
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


def operator_id(office: Office, login: str) -> int:
    from kolektor.store import operators

    found = office.store.read_sync(operators.get_by_login, login)
    assert found is not None
    return found.id


def audit_entries(office: Office, action: str) -> list[audit.AuditEntry]:
    return [e for e in office.store.read_sync(audit.recent, 500) if e.action == action]


# -- adding and refusing ------------------------------------------------------------------


async def test_a_new_operator_gets_a_generated_badge_shown_once_that_logs_in(
    office: Office,
) -> None:
    async with logged_in(office, ADMIN) as client:
        body = await create(client, login="ewa", name="Ewa Nowicka", role="picker", pin="4826",
                            new_badge=True)  # fmt: skip
        code = body["badge"]
        assert GENERATED.fullmatch(code), code
        assert body["operator"] == {
            "id": body["operator"]["id"], "login": "ewa", "name": "Ewa Nowicka",
            "role": "picker", "active": True, "has_password": False, "has_pin": True,
            "badge": "…" + code[-4:], "badge_only": False, "last_login_at": None,
            "failed_logins": 0, "locked_until": None,
        }  # fmt: skip
        # The code is never shown again: not in the list, not in the audit trail.
        listing = await client.get("/api/operators")
        assert code not in listing.text and code[3:] not in listing.text
        trail = await client.get("/api/audit", params={"target": "ewa"})
        assert code not in trail.text
        another = await create(client, login="olek", name="Olek", role="packer", pin="1357",
                               new_badge=True)  # fmt: skip
        assert GENERATED.fullmatch(another["badge"]) and another["badge"] != code
    ok = await scanner_login(office, code, "4826")
    assert ok["type"] == "login_ok" and ok["operator"]["login"] == "ewa"


async def test_a_badge_typed_and_generated_at_once_is_refused_beside_the_badge(
    office: Office,
) -> None:
    async with logged_in(office, ADMIN) as client:
        response = await client.post("/api/operators", json={
            "login": "ewa", "name": "Ewa", "role": "picker", "badge": "OP-5555",
            "new_badge": True,
        })  # fmt: skip
        assert response.status_code == 400
        assert response.json() == {
            "error": "invalid_operator", "field": "badge",
            "message": "Podaj kod identyfikatora albo zaznacz „wygeneruj” — nie jedno i drugie.",
        }  # fmt: skip
        listing = (await client.get("/api/operators")).json()["operators"]
        assert "ewa" not in [o["login"] for o in listing]


async def test_refusals_name_the_field_they_are_about(office: Office) -> None:
    base = {"login": "ewa", "name": "Ewa", "role": "picker"}
    cases = [
        ({**base, "pin": "12"}, 400, "invalid_operator", "pin"),
        ({**base, "login": "SZEF"}, 400, "invalid_operator", "login"),
        ({**base, "login": " "}, 400, "invalid_operator", "login"),
        ({**base, "name": " "}, 400, "invalid_operator", "name"),
        ({**base, "role": "root"}, 400, "invalid_operator", "role"),
        ({**base, "role": "office", "password": "krótkie"}, 400, "invalid_operator", "password"),
        ({**base, "badge": "OP-0001"}, 400, "invalid_operator", "badge"),
        ({**base, "badge_only": True}, 400, "invalid_operator", "badge_only"),
        ({**base, "role": "supervisor", "badge": "OP-7", "badge_only": True}, 400,
         "invalid_operator", "badge_only"),
        ({**base, "new_badge": "tak"}, 400, "bad_field", "new_badge"),
        ({**base, "kolor": "zielony"}, 400, "bad_field", "kolor"),
        ({"login": "ewa", "role": "picker"}, 400, "bad_field", "name"),
    ]  # fmt: skip
    async with logged_in(office, ADMIN) as client:
        for body, status, code, field in cases:
            response = await client.post("/api/operators", json=body)
            answer = response.json()
            assert (response.status_code, answer["error"], answer["field"]) == (
                status, code, field,
            ), body  # fmt: skip
            assert answer["message"], body
        anna = operator_id(office, "anna")
        response = await client.patch(f"/api/operators/{anna}", json={"new_badge": True})
        assert (response.status_code, response.json()["field"]) == (400, "new_badge")
        response = await client.patch(f"/api/operators/{anna}", json={"pin": "abcd"})
        answer = response.json()
        assert (answer["error"], answer["field"]) == ("invalid_operator", "pin")
        assert answer["message"] == "PIN musi mieć od 4 do 8 cyfr (0–9)."


# -- issuing a new badge ----------------------------------------------------------------------


async def test_a_new_badge_replaces_the_old_at_once_on_every_scanner(office: Office) -> None:
    anna = operator_id(office, "anna")
    async with scanner(office, "tc21-anna") as device, logged_in(office, ADMIN) as client:
        assert (await device.request("login", badge="OP-0001", pin="1111"))["type"] == "login_ok"
        response = await client.post(f"/api/operators/{anna}/badge")
        assert response.status_code == 200, response.text
        body = response.json()
        code = body["badge"]
        assert GENERATED.fullmatch(code)
        assert body["operator"]["badge"] == "…" + code[-4:]
        assert body["operator"]["login"] == "anna" and body["operator"]["has_pin"]
        # The scanner logged in with the old badge is logged out within seconds.
        with trio.fail_after(8):
            while (message := await device.receive())["type"] != "logged_out":
                pass
        assert message["reason"] == "revoked"
        again = await client.post(f"/api/operators/{anna}/badge")
        assert again.json()["badge"] not in {code, "OP-0001"}
        newest = again.json()["badge"]
    assert (await scanner_login(office, "OP-0001", "1111"))["code"] == "login_failed"
    assert (await scanner_login(office, code, "1111"))["code"] == "login_failed"
    ok = await scanner_login(office, newest, "1111")
    assert ok["type"] == "login_ok" and ok["operator"]["login"] == "anna"
    changes = audit_entries(office, "operator.changed")
    assert [(e.actor, e.target, e.details) for e in changes[:2]] == [
        ("operator:szef", "operator:anna", {"badge": "…" + newest[-4:]}),
        ("operator:szef", "operator:anna", {"badge": "…" + code[-4:]}),
    ]


async def test_only_an_admin_issues_badges_and_only_to_someone(office: Office) -> None:
    anna = operator_id(office, "anna")
    for who in (SUPERVISOR, OFFICE):
        async with logged_in(office, who) as client:
            response = await client.post(f"/api/operators/{anna}/badge")
            assert (response.status_code, response.json()["error"]) == (403, "forbidden")
    async with logged_in(office, ADMIN) as client:
        response = await client.post("/api/operators/999999/badge")
        assert (response.status_code, response.json()["error"]) == (404, "not_found")
    assert (await scanner_login(office, "OP-0001", "1111"))["type"] == "login_ok"


# -- printing ---------------------------------------------------------------------------------


def labels(zpl: str) -> list[str]:
    found = re.findall(r"\^XA.*?\^XZ", zpl, flags=re.S)
    assert "".join(found).replace("\n", "") == zpl.replace("\n", ""), "text outside labels"
    return found


def field_data(label: str) -> list[str]:
    return re.findall(r"\^FD(.*?)\^FS", label, flags=re.S)


async def test_a_zpl_label_carries_the_name_role_and_the_code_in_a_code128_field(
    office: Office,
) -> None:
    async with logged_in(office, ADMIN) as client:
        ewa = await create(client, login="ewa", name="Ewa Wiśniewska-Łęcka", role="packer",
                           pin="4826", new_badge=True)  # fmt: skip
        body = {
            "badges": [
                {"operator_id": ewa["operator"]["id"], "code": ewa["badge"]},
                {"operator_id": operator_id(office, "anna"), "code": " op-0001 "},
            ]
        }
        response = await client.post("/api/badges/label", json=body)
        assert response.status_code == 200, response.text
        assert response.headers["content-type"] == "application/zpl; charset=utf-8"
        assert response.headers["content-disposition"] == (
            'attachment; filename="identyfikatory.zpl"'
        )
        first, second = labels(response.text)
        assert first.startswith("^XA^CI28^PW400^LL240")  # 50 × 30 mm at 203 dpi
        [barcode] = re.findall(r"\^BC[^\^]*\^FD(.*?)\^FS", first)
        assert code128_field_text(barcode) == ewa["badge"]
        assert field_data(first)[:2] == ["Ewa Wiśniewska-Łęcka", "pakujący"]
        [barcode] = re.findall(r"\^BC[^\^]*\^FD(.*?)\^FS", second)
        assert code128_field_text(barcode) == "OP-0001"
        assert field_data(second)[:2] == ["Anna Kowalska", "kompletujący"]
        # A 300 dpi printer, and English.
        response = await client.post("/api/badges/label", json={**body, "dpmm": 12},
                                     headers={"Accept-Language": "en"})  # fmt: skip
        first, _ = labels(response.text)
        assert first.startswith("^XA^CI28^PW591^LL354")
        assert field_data(first)[1] == "packer"
        assert 'filename="badges.zpl"' in response.headers["content-disposition"]
    printed = audit_entries(office, "operator.badge_printed")
    assert [(e.actor, e.target, e.details) for e in printed] == [
        ("operator:szef", "operator:anna", {"badge": "…0001", "format": "label"}),
        ("operator:szef", "operator:ewa", {"badge": "…" + ewa["badge"][-4:], "format": "label"}),
    ] * 2


async def test_a_pdf_sheet_holds_ten_cards_a_page_whose_bars_read_back_as_the_codes(
    office: Office,
) -> None:
    async with logged_in(office, ADMIN) as client:
        made = [await create(client, login=f"p{n:02d}", name=f"Osoba Próbna {n:02d}",
                             role="picker", pin="4826", new_badge=True)
                for n in range(11)]  # fmt: skip
        badges = [{"operator_id": m["operator"]["id"], "code": m["badge"]} for m in made]
        response = await client.post("/api/badges/sheet", json={"badges": badges})
        assert response.status_code == 200, response.text
        assert response.headers["content-type"] == "application/pdf"
        assert response.headers["content-disposition"] == (
            'attachment; filename="identyfikatory.pdf"'
        )
    pdf = pypdfium2.PdfDocument(response.content)
    assert len(pdf) == 2
    first = pdf[0].get_textpage().get_text_range()
    for n in range(10):
        assert f"Osoba Próbna {n:02d}" in first and made[n]["badge"] in first
    assert first.count("kompletujący") == 10
    assert "Osoba Próbna 10" in pdf[1].get_textpage().get_text_range()
    assert sorted(barcodes_on(pdf[1])) == [made[10]["badge"]]
    assert sorted(barcodes_on(pdf[0])) == sorted(m["badge"] for m in made[:10])
    printed = audit_entries(office, "operator.badge_printed")
    assert len(printed) == 11 and {e.details["format"] for e in printed if e.details} == {"sheet"}


async def test_only_the_badge_an_active_operator_holds_now_is_printed(office: Office) -> None:
    anna = operator_id(office, "anna")
    async with logged_in(office, ADMIN) as client:
        ewa = await create(client, login="ewa", name="Ewa", role="picker", new_badge=True)
        new = (await client.post(f"/api/operators/{anna}/badge")).json()["badge"]
        await client.patch(f"/api/operators/{ewa['operator']['id']}", json={"active": False})
        for route in ("/api/badges/label", "/api/badges/sheet"):
            current = {"operator_id": anna, "code": new}
            for wrong, index in (
                ([current, {"operator_id": anna, "code": "OP-0001"}], 1),  # replaced
                ([{"operator_id": anna + 1000, "code": new}], 0),  # nobody
                ([current, current, {"operator_id": operator_id(office, "marek"),
                                     "code": new}], 2),  # someone else's
            ):  # fmt: skip
                response = await client.post(route, json={"badges": wrong})
                assert response.status_code == 409, (route, wrong, response.text)
                answer = response.json()
                assert (answer["error"], answer["index"]) == ("badge_mismatch", index)
                assert answer["message"].startswith(f"Identyfikator nr {index + 1} nie zostanie")
            response = await client.post(
                route,
                json={"badges": [{"operator_id": ewa["operator"]["id"], "code": ewa["badge"]}]},
            )
            assert response.status_code == 409
            assert response.json() == {
                "error": "operator_inactive", "index": 0,
                "message": "Identyfikator nr 1 nie zostanie wydrukowany: operator ewa jest "
                "nieaktywny i nie może się zalogować.",
            }  # fmt: skip
    assert audit_entries(office, "operator.badge_printed") == []


async def test_print_requests_are_checked_field_by_field(office: Office) -> None:
    anna = operator_id(office, "anna")
    good = {"operator_id": anna, "code": "OP-0001"}
    cases = [
        ({}, "bad_badges", "badges"),
        ({"badges": []}, "bad_badges", "badges"),
        ({"badges": [good] * 101}, "bad_badges", "badges"),
        ({"badges": "OP-0001"}, "bad_badges", "badges"),
        ({"badges": [good, "OP-0001"]}, "bad_field", "badges[1]"),
        ({"badges": [{**good, "operator_id": str(anna)}]}, "bad_field", "badges[0].operator_id"),
        ({"badges": [{**good, "operator_id": True}]}, "bad_field", "badges[0].operator_id"),
        ({"badges": [{**good, "operator_id": 2**31}]}, "bad_field", "badges[0].operator_id"),
        ({"badges": [{**good, "code": " "}]}, "bad_field", "badges[0].code"),
        ({"badges": [{**good, "code": "x" * 129}]}, "bad_field", "badges[0].code"),
        ({"badges": [{**good, "kolor": 1}]}, "bad_field", "badges[0].kolor"),
        ({"badges": [good], "copies": 2}, "bad_field", "copies"),
    ]
    async with logged_in(office, ADMIN) as client:
        for route in ("/api/badges/label", "/api/badges/sheet"):
            for body, code, field in cases:
                response = await client.post(route, json=body)
                answer = response.json()
                assert (response.status_code, answer["error"], answer["field"]) == (
                    400, code, field,
                ), (route, body)  # fmt: skip
        for dpmm in (10, "8", True, None):
            response = await client.post("/api/badges/label", json={"badges": [good], "dpmm": dpmm})
            assert (response.status_code, response.json()["field"]) == (400, "dpmm")
        response = await client.post("/api/badges/sheet", json={"badges": [good], "dpmm": 8})
        assert (response.status_code, response.json()["field"]) == (400, "dpmm")
        response = await client.post("/api/badges/label", content=b"{nie json")
        assert (response.status_code, response.json()["error"]) == (400, "bad_json")
    assert audit_entries(office, "operator.badge_printed") == []


async def test_a_code_too_long_for_the_label_is_refused_but_fits_a_card(office: Office) -> None:
    anna = operator_id(office, "anna")
    long_code = "ABCDEFGHIJKLMNOPQRST"  # 20 letters: 68 mm of bars and quiet zones at 10 mil
    async with logged_in(office, ADMIN) as client:
        await client.patch(f"/api/operators/{anna}", json={"badge": long_code})
        body = {"badges": [{"operator_id": anna, "code": long_code}]}
        response = await client.post("/api/badges/label", json=body)
        assert response.status_code == 400
        assert response.json() == {
            "error": "badge_too_long", "index": 0,
            "message": "Kod identyfikatora (20 znaków) jest za długi na etykietę 50 × 30 mm — kod "
            "kreskowy by się nie zmieścił albo miałby kreski za cienkie do odczytu. Wygeneruj "
            "nowy identyfikator (krótszy kod).",
        }  # fmt: skip
        sheet = await client.post("/api/badges/sheet", json=body)
        assert sheet.status_code == 200
        assert barcodes_on(pypdfium2.PdfDocument(sheet.content)[0]) == [long_code]
        await client.patch(f"/api/operators/{anna}", json={"badge": "X" * 40})
        too_long = {"badges": [{"operator_id": anna, "code": "x" * 40}]}
        response = await client.post("/api/badges/sheet", json=too_long,
                                     headers={"Accept-Language": "en"})  # fmt: skip
        assert (response.status_code, response.json()["error"]) == (400, "badge_too_long")
        assert "an 85.6 × 54 mm card" in response.json()["message"]
