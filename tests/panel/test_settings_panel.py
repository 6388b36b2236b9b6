"""What the settings page asks of the server, over real HTTP: the settings for every office
role but changed by admins only, a refused value naming its field (for the page to show
the message beside it), the scan parser's configuration, and "Sprawdź kod" — a code read
exactly as a scanner's scan of it is read (compared with what a real scan stored)."""

from __future__ import annotations

import json
from typing import Any

import sqlalchemy as sa
import trio
from trio_websocket import open_websocket_url

from kolektor import _core
from kolektor.store import audit
from kolektor.store import orders as order_store
from kolektor.store.tables import scans
from tests.office import Office, wait_for_intake

DEFAULTS = {
    "tolerance": {"units": {"kg": {"percent": "2", "absolute": "0.010", "decimals": 3}},
                  "products": []},
    "manual_quantity": {"roles": ["supervisor", "admin"]},
    "shipping": {"sender": None, "cod_payment_forms": [], "gs1_prefix": None},
}  # fmt: skip


async def test_every_office_role_opens_the_settings_page_only_an_admin_changes_them(
    office: Office,
) -> None:
    wanted = {"roles": ["packer", "supervisor", "admin"]}
    for login in ("biuro", "kierownik"):
        async with office.client() as client:
            await office.login(client, login, f"{login}-demo")
            page = await client.get("/panel/settings")
            assert page.status_code == 200, page.text
            assert '<script src="/static/panel/settings.js?v=' in page.text
            assert "Sprawdź kod" in page.text
            assert (await client.get("/api/settings")).json() == {"settings": DEFAULTS}
            refused = await client.put("/api/settings/manual_quantity", json={"value": wanted})
            assert (refused.status_code, refused.json()["error"]) == (403, "forbidden")
    async with office.client() as client:
        await office.login(client, "szef", "szef-demo")
        saved = await client.put("/api/settings/manual_quantity", json={"value": wanted})
        assert saved.json() == {"key": "manual_quantity", "value": wanted}
    async with office.client() as client:
        await office.login(client, "biuro", "biuro-demo")
        assert (await client.get("/api/settings")).json()["settings"]["manual_quantity"] == wanted
    entry = next(e for e in office.store.read_sync(audit.recent) if e.action == "setting.changed")
    assert (entry.actor, entry.target, entry.details) == (
        "operator:szef", "manual_quantity",
        {"key": "manual_quantity", "old": None, "new": wanted, "created": True},
    )  # fmt: skip


async def test_a_refused_value_names_the_field_it_is_about(office: Office) -> None:
    cases: list[tuple[str, Any, str | None, str]] = [
        ("tolerance", {"units": {"kg": {"percent": "60"}}, "products": []}, "units.kg.percent",
         "Ustawienie „tolerance”, pole „units.kg.percent”: „60” jest poza zakresem od 0 do 50."),
        ("tolerance", {"units": {"kg": {"percent": "2"}, "g": {"absolute": "1"}},
                       "products": [{"symbol": "SER", "percent": "5"}, {"symbol": " "}]},
         "products[1].symbol",
         "Ustawienie „tolerance”, pole „products[1].symbol”: symbol towaru musi mieć od 1 do 20 "
         "znaków."),
        ("manual_quantity", {"roles": ["szef"]}, None,
         "Ustawienie „manual_quantity”: „szef” to nie rola operatora skanera (dozwolone: picker, "
         "packer, supervisor, admin)."),
        ("shipping", {"sender": {"company": "Sklep", "street": "Długa 5", "city": "Łódź",
                                 "post_code": "90001"}}, "sender.post_code",
         "Ustawienie „shipping”, pole „sender.post_code”: kod pocztowy w Polsce ma postać "
         "00-000."),
        ("shipping", {"cod_payment_forms": ["Pobranie"]}, "cod_payment_forms",
         "Ustawienie „shipping”, pole „cod_payment_forms”: wpisz listę numerów form płatności z "
         "Subiekta oznaczających pobranie, np. [4]."),
        ("shipping", {"gs1_prefix": "59"}, "gs1_prefix",
         "Ustawienie „shipping”, pole „gs1_prefix”: prefiks firmy GS1 to od 7 do 10 cyfr "
         "(albo null)."),
        ("shipping", {"sender": {"street": "Długa 5", "city": "Łódź", "post_code": "90-001"}},
         "sender.company",
         "Ustawienie „shipping”, pole „sender.company”: wpisz nazwę firmy nadawcy albo imię i "
         "nazwisko."),
    ]  # fmt: skip
    async with office.client() as client:
        await office.login(client, "szef", "szef-demo")
        for key, value, field, message in cases:
            response = await client.put(f"/api/settings/{key}", json={"value": value})
            assert (response.status_code, response.json()) == (400, {
                "error": "invalid_setting", "message": message, "field": field,
            })  # fmt: skip
        assert (await client.get("/api/settings")).json() == {"settings": DEFAULTS}


async def test_the_scan_parser_in_effect(office: Office) -> None:
    async with office.client() as client:
        await office.login(client, "kierownik", "kierownik-demo")
        response = await client.get("/api/scan/parser")
    assert response.json() == {"parser": json.loads(_core.ScanParser.default_config_json())}
    parser = response.json()["parser"]
    assert parser["separators"] == ["\u001d"]
    assert [rule["prefix"] for rule in parser["rcn"]] == ["27", "28", "29"]
    assert [rule["kind"] for rule in parser["internal"]] == ["location", "tote", "badge", "order"]


async def try_code(client: Any, code: str) -> dict[str, Any]:
    response = await client.post("/api/scan/try", json={"code": code})
    assert response.status_code == 200, response.text
    return response.json()  # type: ignore[no-any-return]


async def test_check_a_gs1_code_a_weight_code_and_a_garbled_one(office: Office) -> None:
    async with office.client() as client:
        await office.login(client, "biuro", "biuro-demo")
        gs1 = await try_code(client, "(01)05901234123457(17)261231(10)A1")
        weight = await try_code(client, "2812345012345")
        garbled = await try_code(client, "5901234123458")
        english = await client.post("/api/scan/try", json={"code": "5901234123458"},
                                    headers={"Accept-Language": "en"})  # fmt: skip
    assert (gs1["readable"], gs1["lookup_key"], gs1["quantity"], gs1["error"]) == (
        True, "05901234123457", None, None,
    )  # fmt: skip
    reading = gs1["interpretation"]
    assert (reading["kind"], reading["gs1_syntax"], reading["batch"], reading["expiry"]) == (
        "gs1", "hri", "A1", "2026-12-31",
    )  # fmt: skip
    assert [(e["ai"], e["value"]) for e in reading["elements"]] == [
        ("01", "05901234123457"), ("17", "261231"), ("10", "A1"),
    ]  # fmt: skip
    assert (weight["interpretation"]["kind"], weight["quantity"], weight["lookup_key"]) == (
        "rcn", "1.234", "02812345000007",
    )  # fmt: skip
    assert garbled == {
        "code": "5901234123458",
        "readable": False,
        "interpretation": {
            "error": "GTIN-13 check digit is 8, expected 7", "code": "check_digit",
            "position": 12, "ai": None,
            "params": {"what": "GTIN-13", "expected": "7", "found": "8"},
        },
        "lookup_key": "5901234123458",
        "quantity": None,
        "known": False,
        "product": None,
        "error": {
            "code": "check_digit", "position": 12, "ai": None,
            "params": {"what": "GTIN-13", "expected": "7", "found": "8"},
            "message": "EAN-13: cyfra kontrolna to 8, powinna być 7 — zeskanuj ponownie.",
        },
    }  # fmt: skip
    assert english.json()["error"]["message"] == "EAN-13 check digit is 8, expected 7 — scan again."


async def test_a_checked_code_reads_as_the_scanners_scan_of_it(office: Office) -> None:
    """Scan a product's EAN and a garbled code on a real scanner connection; what the
    store recorded of each is what "Sprawdź kod" says, and the EAN names the product."""
    await wait_for_intake(office)
    summaries = office.store.read_sync(order_store.list_orders, statuses=["new"], limit=1000)
    order = next(
        found for found in (office.store.read_sync(order_store.get_order, s.id) for s in summaries)
        if found is not None and any(line.kind == 1 and line.barcodes for line in found.lines)
    )  # fmt: skip
    line = next(line for line in order.lines if line.kind == 1 and line.barcodes)
    ean = next(b.code for b in line.barcodes if b.quantity == 1)
    codes = {"good": ean, "garbled": ean[:-1] + str((int(ean[-1]) + 1) % 10)}

    async with open_websocket_url(office.url.replace("http://", "ws://") + "/scanner/ws") as ws:

        async def request(kind: str, **fields: Any) -> dict[str, Any]:
            await ws.send_message(json.dumps({"v": 1, "type": kind, "ref": kind, **fields}))
            with trio.fail_after(10):
                while True:
                    message: dict[str, Any] = json.loads(await ws.get_message())
                    if message.get("ref") == kind:
                        return message

        await request("hello", device_id="tc21-try")
        assert (await request("login", badge="OP-0001", pin="1111"))["type"] == "login_ok"
        assert (await request("claim", order_id=order.id))["type"] == "order"
        for name, code in codes.items():
            reply = await request("scan", order_id=order.id, scan_id=f"try-{name}", code=code,
                                  scanned_at="2026-12-07T10:00:00+01:00")  # fmt: skip
            assert reply["type"] == "verdict", reply

    stored = dict(office.store.read_sync(lambda c: c.execute(
        sa.select(scans.c.raw, scans.c.interpretation).where(scans.c.device_id == "tc21-try")
    ).all()))  # fmt: skip
    async with office.client() as client:
        await office.login(client, "biuro", "biuro-demo")
        for code in codes.values():
            assert (await try_code(client, code))["interpretation"] == stored[code]
        good = await try_code(client, codes["good"])
    assert (good["readable"], good["known"], good["product"]) == (
        True, True, {"symbol": line.symbol, "name": line.name},
    )  # fmt: skip


async def test_a_code_must_be_one_text_field(office: Office) -> None:
    async with office.client() as client:
        await office.login(client, "biuro", "biuro-demo")
        for body in ({"code": 5901234123457}, {"code": ""}, {"code": "9" * 513}, {},
                     {"code": "5901234123457", "order": 1}):  # fmt: skip
            response = await client.post("/api/scan/try", json=body)
            assert (response.status_code, response.json()) == (400, {
                "error": "bad_field", "message": "Pole code ma niepoprawną wartość.",
            }), body  # fmt: skip
        assert (await try_code(client, "9" * 512))["readable"] is False


async def test_the_shipping_setting_is_saved_normalized_and_read_by_the_label_step(
    office: Office,
) -> None:
    sender = {"company": " Sklep  Żółw  sp. z o.o. ", "street": "Długa", "building_number": "5/7",
              "post_code": "00-001", "city": "Warszawa", "country_code": "pl",
              "phone": "601234567"}  # fmt: skip
    async with office.client() as client:
        await office.login(client, "szef", "szef-demo")
        saved = await client.put("/api/settings/shipping", json={"value": {
            "sender": sender, "cod_payment_forms": [4, 4, 2], "gs1_prefix": "5901234",
        }})  # fmt: skip
    assert saved.status_code == 200, saved.text
    assert saved.json()["value"] == {
        "sender": {"company": "Sklep Żółw sp. z o.o.", "first_name": "", "last_name": "",
                   "street": "Długa", "building_number": "5/7", "post_code": "00-001",
                   "city": "Warszawa", "country_code": "PL", "email": "",
                   "phone": "601234567"},
        "cod_payment_forms": [2, 4], "gs1_prefix": "5901234",
    }  # fmt: skip
    from kolektor.shipping import settings as shipping_settings

    loaded = office.store.read_sync(shipping_settings.load)
    assert loaded.sender is not None and loaded.sender.company == "Sklep Żółw sp. z o.o."
    assert (loaded.cod_payment_forms, loaded.gs1_prefix) == (frozenset({2, 4}), "5901234")
