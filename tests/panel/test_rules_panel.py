"""The rules editor's API on a real server with the demo: the model described for the form
editor, problems located beside their fields, dry runs on the demo's orders, versions with
who and when, and restoring one (docs/api.md, *Document rules*)."""

from __future__ import annotations

from typing import Any

import httpx
import trio

from kolektor.demo.generator import DemoSummary
from kolektor.rules import default_rules_data
from kolektor.rules.parse import ACTION_KEYS, CONDITION_KINDS
from kolektor.store import audit
from tests.office import Office

PASSWORDS = {"szef": "szef-demo", "biuro": "biuro-demo", "kierownik": "kierownik-demo"}

THEN = {"document": "FS", "print": True, "printer": None, "email": True,
        "email_template": "dokument", "allegro": False, "label": True, "carrier": "own",
        "service": None, "parcel_template": None, "packing_note": None}  # fmt: skip
"""Every action as the server writes it back (canonical JSON)."""


def rule(name: str, when: list[Any], **then: Any) -> dict[str, Any]:
    return {"name": name, "enabled": True, "when": when, "then": {**THEN, **then}}


async def logged_in(office: Office, client: httpx.AsyncClient, login: str) -> None:
    await office.login(client, login, PASSWORDS[login])


async def intake_done(client: httpx.AsyncClient) -> None:
    """Until the server has read the demo Subiekt once (every open ZK imported)."""
    with trio.fail_after(30):
        while True:
            health = (await client.get("/health")).json()
            if (health.get("subiekt") or {}).get("last_success_at"):
                return
            await trio.sleep(0.05)


async def order_ids(client: httpx.AsyncClient) -> dict[int, dict[str, Any]]:
    """Subiekt's ZK id → the order as the API lists it."""
    listed = (await client.get("/api/orders", params={"limit": 1000})).json()["orders"]
    return {order["subiekt_id"]: order for order in listed}


# -- the model for the form editor --------------------------------------------------------------


async def test_the_schema_describes_every_condition_and_action_of_the_model(
    office: Office,
) -> None:
    async with office.client() as client:
        await logged_in(office, client, "kierownik")  # reading is for every office role
        schema = (await client.get("/api/rules/schema")).json()
        english = (await client.get("/api/rules/schema", headers={"Accept-Language": "en"})).json()

    kinds = {c["kind"]: c for c in schema["conditions"]}
    assert list(kinds) == [k for k in CONDITION_KINDS if k != "not"]
    assert {k: c["type"] for k, c in kinds.items()} == {
        "has_nip": "choice", "remarks_contain": "texts", "is_allegro": "flag",
        "invoice_requested": "flag", "amount_above": "amount", "amount_below": "amount",
        "payment_method_in": "ids_or_names", "delivery_method_in": "texts",
        "category_in": "ids_or_names", "has_flag": "ids", "country_in": "countries",
    }  # fmt: skip
    assert kinds["has_nip"] == {
        "kind": "has_nip", "type": "choice", "label": "NIP klienta",
        "help": "Czy klient ma NIP — poprawny albo jakikolwiek wpisany.",
        "options": [
            {"value": True, "label": "ma poprawny NIP"},
            {"value": {"valid": False}, "label": "ma wpisany NIP, także błędny lub zagraniczny"},
        ],
        "default": True,
    }  # fmt: skip
    assert kinds["amount_above"]["currency"] == "PLN"
    assert kinds["remarks_contain"]["max_values"] == 200
    assert {"value": "DE", "label": "DE — Niemcy, Germany, Deutschland"} in kinds["country_in"][
        "suggestions"
    ]
    assert schema["negation"]["key"] == "not"

    actions = {a["key"]: a for a in schema["actions"]}
    assert list(actions) == list(ACTION_KEYS)
    assert actions["document"] == {
        "key": "document", "type": "choice", "label": "Dokument",
        "help": "Jaki dokument powstanie z ZK.", "required": True, "default": None,
        "options": [
            {"value": "FS", "label": "FS — faktura sprzedaży"},
            {"value": "PA", "label": "PA — paragon"},
            {"value": "PAi", "label": "PAi — paragon imienny"},
            {"value": "WZ", "label": "WZ — wydanie zewnętrzne"},
        ],
    }  # fmt: skip
    assert {k: (a["type"], a["default"]) for k, a in actions.items() if k != "document"} == {
        "print": ("bool", True), "printer": ("text", None), "email": ("bool", True),
        "email_template": ("text", "dokument"), "allegro": ("bool", False),
        "label": ("bool", True), "carrier": ("choice", "own"), "service": ("text", None),
        "parcel_template": ("text", None), "packing_note": ("text", None),
    }  # fmt: skip
    assert actions["printer"]["applies_if"] == "print" and actions["printer"]["nullable"]
    assert actions["carrier"]["options"] == [
        {"value": "own", "label": "Etykieta Kolektora"},
        {"value": "inpost", "label": "InPost"},
        {"value": "allegro", "label": "Wysyłam z Allegro"},
    ]
    assert actions["carrier"]["services"]["inpost"][0] == "inpost_locker_standard"
    assert actions["service"]["applies_if"] == "label" and actions["service"]["nullable"]
    assert actions["packing_note"]["max_length"] == 200
    assert schema["limits"] == {
        "rules": 200, "conditions": 50, "values": 200, "name_length": 100,
        "packing_note_length": 200,
    }  # fmt: skip

    assert english["conditions"][1]["label"] == "Remarks contain"
    assert english["actions"][0]["options"][0]["label"] == "FS — VAT invoice"


# -- problems beside their fields ----------------------------------------------------------


async def test_invalid_rules_are_refused_with_every_problem_located_for_the_form(
    office: Office,
) -> None:
    wrong = [
        rule("Firmy", [{"has_nip": True}, {"amount_above": "12,50 zł"}], document="FV"),
        rule("firmy", [{"remarks_contain": ["faktur", "—"]}, {"not": {"country_in": "XX"}}]),
        {"name": "", "when": [], "then": {"document": "PA", "email_template": " "}},
    ]
    async with office.client() as client:
        await logged_in(office, client, "biuro")
        response = await client.put("/api/rules", json=wrong)
        saved = (await client.get("/api/rules")).json()["rules"]

    assert response.status_code == 400
    body = response.json()
    assert body["error"] == "invalid_rules"
    assert body["message"].startswith("Reguły nie zostały zapisane — błędów: 7. Pierwszy: reguła")
    assert body["problems"] == [
        "reguła 1 „Firmy”: warunek 2 (amount_above): „12,50 zł” nie jest kwotą — użyj liczby, "
        "np. 12.50",
        "reguła 1 „Firmy”: akcja document: „FV” nie jest rodzajem dokumentu (może FS?) — "
        "dozwolone: FS, PA, PAi, WZ",
        "reguła 2 „firmy”: tak samo nazywa się reguła 1 — nazwy muszą być różne",
        "reguła 2 „firmy”: warunek 1 (remarks_contain): „—” nie zawiera żadnej litery ani "
        "cyfry do wyszukania",
        "reguła 2 „firmy”: warunek 2 (not → country_in): „XX” nie jest znanym kodem kraju "
        "— użyj nazwy (np. Niemcy) albo kodu ISO (np. DE)",
        'reguła 3: nazwa jest pusta — wpisz np. "Firmy z NIP-em"',
        'reguła 3: akcja email_template: pusta nazwa szablonu — wpisz nazwę, np. "dokument"',
    ]
    assert body["fields"] == [
        {"rule": 0, "name": "Firmy", "path": "when[1].amount_above",
         "message": "„12,50 zł” nie jest kwotą — użyj liczby, np. 12.50",
         "text": body["problems"][0]},
        {"rule": 0, "name": "Firmy", "path": "then.document",
         "message": "„FV” nie jest rodzajem dokumentu (może FS?) — dozwolone: FS, PA, PAi, WZ",
         "text": body["problems"][1]},
        {"rule": 1, "name": "firmy", "path": "name",
         "message": "tak samo nazywa się reguła 1 — nazwy muszą być różne",
         "text": body["problems"][2]},
        {"rule": 1, "name": "firmy", "path": "when[0].remarks_contain[1]",
         "message": "„—” nie zawiera żadnej litery ani cyfry do wyszukania",
         "text": body["problems"][3]},
        {"rule": 1, "name": "firmy", "path": "when[1].not.country_in",
         "message": "„XX” nie jest znanym kodem kraju — użyj nazwy (np. Niemcy) albo kodu "
                    "ISO (np. DE)",
         "text": body["problems"][4]},
        {"rule": 2, "name": None, "path": "name",
         "message": 'nazwa jest pusta — wpisz np. "Firmy z NIP-em"',
         "text": body["problems"][5]},
        {"rule": 2, "name": None, "path": "then.email_template",
         "message": 'pusta nazwa szablonu — wpisz nazwę, np. "dokument"',
         "text": body["problems"][6]},
    ]  # fmt: skip
    assert saved == default_rules_data()  # nothing was saved


EMAIL_ALLEGRO = (
    "reguła dotyczy zamówień z Allegro, a od 2 marca 2026 Allegro nie przepuszcza e-maili z "
    'dokumentami sprzedaży do kupujących — ustaw "email": false, a dokument przekaż przez '
    'Allegro ("allegro": true)'
)
NO_CATCH_ALL = (
    "ostatnia włączona reguła „Duże” ma warunki — zamówienie, do którego nie pasuje żadna "
    "reguła, trafi do „wymaga uwagi”; dodaj na końcu regułę bez warunków"
)


async def test_saving_answers_the_warnings_located_too(office: Office) -> None:
    rules = [rule("Wszystko", [], document="PAi"), rule("Za późno", [{"is_allegro": True}])]
    async with office.client() as client:
        await logged_in(office, client, "biuro")
        response = await client.put("/api/rules", json=rules)
    assert response.status_code == 200
    assert response.json() == {
        "rules": rules,
        "warnings": [
            {
                "rule": 1,
                "name": "Za późno",
                "path": "",
                "message": "nigdy nie zadziała — wcześniejsza reguła 1 „Wszystko” nie ma "
                "warunków i decyduje o każdym zamówieniu",
                "text": "reguła 2 „Za późno”: nigdy nie zadziała — wcześniejsza reguła 1 "
                "„Wszystko” nie ma warunków i decyduje o każdym zamówieniu",
            },
            {
                "rule": 1,
                "name": "Za późno",
                "path": "then.email",
                "message": EMAIL_ALLEGRO,
                "text": f"reguła 2 „Za późno”: akcja email: {EMAIL_ALLEGRO}",
            },
        ],
    }


# -- dry runs ------------------------------------------------------------------------------------

DEFAULT_DECISIONS = {
    # (remarks of the demo's example ZK) → (rule position, document)
    "zk_pack_line": (1, "FS"),  # "Proszę o fakturę."
    "zk_remark_invoice": (1, "FS"),  # "faktura"
    "zk_remark_invoice_upper": (1, "FS"),  # "PROSZĘ O FAKTURĘ VAT"
    "zk_weighted_line": (2, "PA"),  # "paragon", a private person
    "zk_remark_receipt": (2, "PA"),  # "Paragon proszę"
    "zk_remark_wz": (3, "WZ"),
    "zk_spaced_nip": (1, "FS"),  # "Faktura na firmę"
    "zk_carton_line": (4, "FS"),  # a company, no remarks
    "zk_plain_remark": (5, "PAi"),  # "Proszę dzwonić przed dostawą."
}


async def test_a_dry_run_on_the_last_orders_shows_which_rule_decides_each(
    office: Office, subiekt_db: DemoSummary
) -> None:
    examples = subiekt_db.examples
    async with office.client() as client:
        await logged_in(office, client, "kierownik")  # trying has no effect: every office role
        await intake_done(client)
        orders = await order_ids(client)
        response = await client.post("/api/rules/try", json={"orders": "last50"})
        chosen = [orders[getattr(examples, name)]["id"] for name in DEFAULT_DECISIONS]
        on_examples = await client.post("/api/rules/try", json={"orders": chosen})
        versions = (await client.get("/api/rules/versions")).json()

    assert response.status_code == 200
    body = response.json()
    assert body["warnings"] == []
    results = body["results"]
    # The 50 orders imported last, newest first, each with its order's facts from the list.
    by_id = {o["id"]: o for o in orders.values()}
    assert len(by_id) > 50
    assert [r["order"]["id"] for r in results] == sorted(by_id, reverse=True)[:50]
    for result in results:
        listed = by_id[result["order"]["id"]]
        assert result["order"] == {
            key: listed[key]
            for key in ("id", "number", "customer_name", "status", "issued_at", "value_gross",
                        "currency")
        }  # fmt: skip
        assert result["decided"] is True  # the defaults end with a rule for every order
        assert set(result) == {"order", "decided", "rule", "document", "actions",
                               "actions_text", "summary", "explanation"}  # fmt: skip
        assert result["explanation"]["text"].startswith(f"{result['order']['number']} → ")
        position, document = result["rule"]["position"], result["document"]
        assert (position, document) in {(1, "FS"), (2, "PA"), (3, "WZ"), (4, "FS"), (5, "PAi")}
        assert result["summary"].startswith(f"{document} — reguła {position} „")

    # The demo's examples, each decided by the rule its remarks or customer call for.
    assert on_examples.status_code == 200
    decided = [(r["rule"]["position"], r["document"]) for r in on_examples.json()["results"]]
    assert dict(zip(DEFAULT_DECISIONS, decided, strict=True)) == DEFAULT_DECISIONS
    results = on_examples.json()["results"]
    by_subiekt = {o["id"]: sid for sid, o in orders.items()}

    # The whole answer for one order: the "paragon" ZK of a private person.
    weighed = next(r for r in results if by_subiekt[r["order"]["id"]] == examples.zk_weighted_line)
    number = weighed["order"]["number"]
    assert weighed == {
        "order": weighed["order"],
        "decided": True,
        "rule": {"position": 2, "name": "Paragon w uwagach"},
        "document": "PA",
        "actions": {**THEN, "document": "PA"},
        "actions_text": "PA: drukuj na domyślnej drukarce stanowiska, wyślij e-mailem "
        "(szablon „dokument”), bez Allegro, etykieta Kolektora — odbiór osobisty",
        "summary": "PA — reguła 2 „Paragon w uwagach”: uwagi zawierają „paragon”",
        "explanation": {
            "text": f"{number} → PA (reguła 2 „Paragon w uwagach”)\n"
            "  akcje: PA: drukuj na domyślnej drukarce stanowiska, wyślij e-mailem (szablon "
            "„dokument”), bez Allegro, etykieta Kolektora — odbiór osobisty\n"
            "1. „Faktura w uwagach” — nie pasuje\n"
            "   ✗ uwagi zawierają „faktur” lub „FV”: uwagi nie zawierają „faktur” ani „FV”\n"
            "2. „Paragon w uwagach” — ZDECYDOWAŁA\n"
            "   ✓ uwagi zawierają „paragon”: uwagi zawierają „paragon”\n"
            "3. „WZ w uwagach” — po decyzji\n"
            "   ✗ uwagi zawierają „WZ”: uwagi nie zawierają „WZ”\n"
            "4. „Klient z NIP-em” — po decyzji\n"
            "   ✗ ma poprawny NIP: zamówienie nie ma NIP-u\n"
            "5. „Pozostałe zamówienia” — po decyzji (też pasuje)\n"
            "   ✓ reguła bez warunków",
            "rules": [
                {"position": 1, "name": "Faktura w uwagach", "status": "not_matched",
                 "status_text": "nie pasuje", "matched": False,
                 "conditions": [{"position": 1, "description": "uwagi zawierają „faktur” lub „FV”",
                                 "held": False, "known": True,
                                 "reason": "uwagi nie zawierają „faktur” ani „FV”"}]},
                {"position": 2, "name": "Paragon w uwagach", "status": "decided",
                 "status_text": "ZDECYDOWAŁA", "matched": True,
                 "conditions": [{"position": 1, "description": "uwagi zawierają „paragon”",
                                 "held": True, "known": True,
                                 "reason": "uwagi zawierają „paragon”"}]},
                {"position": 3, "name": "WZ w uwagach", "status": "after_decision",
                 "status_text": "po decyzji", "matched": False,
                 "conditions": [{"position": 1, "description": "uwagi zawierają „WZ”",
                                 "held": False, "known": True,
                                 "reason": "uwagi nie zawierają „WZ”"}]},
                {"position": 4, "name": "Klient z NIP-em", "status": "after_decision",
                 "status_text": "po decyzji", "matched": False,
                 "conditions": [{"position": 1, "description": "ma poprawny NIP",
                                 "held": False, "known": True,
                                 "reason": "zamówienie nie ma NIP-u"}]},
                {"position": 5, "name": "Pozostałe zamówienia", "status": "after_decision",
                 "status_text": "po decyzji (też pasuje)", "matched": True, "conditions": []},
            ],
        },
    }  # fmt: skip
    # Trying saved nothing.
    assert versions["versions"] == [] and versions["default"]["current"] is True


async def test_a_dry_run_of_unsaved_rules_on_chosen_orders(
    office: Office, subiekt_db: DemoSummary
) -> None:
    examples = subiekt_db.examples
    rules = [
        rule("Allegro", [{"is_allegro": True}], email=False, allegro=True),
        rule("Niemcy", [{"country_in": ["DE"]}, {"not": {"has_nip": True}}], document="PAi"),
        rule("Duże", [{"amount_above": "1000000"}], document="WZ"),
    ]
    async with office.client() as client:
        await logged_in(office, client, "biuro")
        await intake_done(client)
        orders = await order_ids(client)
        chosen = [
            orders[examples.zk_uuid_in_remarks]["id"],
            orders[examples.zk_foreign_delivery]["id"],
            orders[examples.zk_plain_remark]["id"],
            orders[examples.zk_uuid_in_remarks]["id"],  # asked twice: answered once
        ]
        response = await client.post("/api/rules/try", json={"rules": rules, "orders": chosen})
        saved = (await client.get("/api/rules")).json()["rules"]

    assert response.status_code == 200, response.text
    body = response.json()
    results = body["results"]
    assert [r["order"]["id"] for r in results] == chosen[:3]
    assert [(r["decided"], r["rule"], r["document"]) for r in results] == [
        (True, {"position": 1, "name": "Allegro"}, "FS"),
        (True, {"position": 2, "name": "Niemcy"}, "PAi"),
        (False, None, None),
    ]
    assert results[0]["actions"] == {**THEN, "email": False, "allegro": True}
    foreign = results[1]["explanation"]["rules"][1]
    assert foreign["status"] == "decided"
    assert [(c["description"], c["held"]) for c in foreign["conditions"]] == [
        ("kraj dostawy: „DE”", True),
        ("nie: ma poprawny NIP", True),
    ]
    plain = results[2]
    assert plain["summary"] == "żadna z włączonych reguł nie pasuje (sprawdzono: 3)"
    assert plain["actions"] is None and plain["actions_text"] is None
    assert plain["explanation"]["text"].startswith(
        f"{plain['order']['number']}: żadna z włączonych reguł nie pasuje (sprawdzono: 3)\n"
    )
    # The rules in the editor are warned about, and were not saved.
    assert body["warnings"] == [
        {"rule": 2, "name": "Duże", "path": "when", "message": NO_CATCH_ALL, "text": NO_CATCH_ALL}
    ]
    assert saved == default_rules_data()


async def test_a_dry_run_refuses_what_it_cannot_try(office: Office) -> None:
    async with office.client() as client:
        await logged_in(office, client, "biuro")
        await intake_done(client)

        async def refused(body: object) -> tuple[int, str, str]:
            response = await client.post("/api/rules/try", json=body)
            data = response.json()
            return response.status_code, data["error"], data["message"]

        orders_message = (
            "Pole orders musi być tekstem „last50” albo listą od 1 do 50 numerów id zamówień."
        )
        for orders in ("last", [], list(range(1, 52)), [0], [True], ["1"], {"id": 1}):
            assert await refused({"orders": orders}) == (400, "bad_field", orders_message)
        assert await refused({"orders": [1, 999999]}) == (
            404, "not_found", "Nie ma zamówień o tych numerach id: 999999.",
        )  # fmt: skip
        assert await refused({"order": "last50"}) == (
            400, "bad_field", "Pole order ma niepoprawną wartość.",
        )  # fmt: skip
        assert await refused([]) == (
            400, "bad_json", "Treść żądania nie jest poprawnym JSON-em: oczekiwano obiektu {…}.",
        )  # fmt: skip
        status, code, message = await refused({"rules": [{"name": "x"}], "orders": "last50"})
        assert (status, code) == (400, "invalid_rules")
        assert message.startswith("Reguł nie można wypróbować — błędów: 2. Pierwszy: reguła 1")
        response = await client.post("/api/rules/try", json={"rules": [{"name": "x"}]})
        assert [f["path"] for f in response.json()["fields"]] == ["when", "then"]


# -- versions ------------------------------------------------------------------------------------


async def test_every_save_is_a_version_and_restoring_one_saves_it_again(office: Office) -> None:
    first = [rule("Faktura", [{"remarks_contain": "faktur"}]), rule("Reszta", [], document="PAi")]
    second = [rule("Wszystko", [], document="PA")]
    async with office.client() as admin, office.client() as biuro, office.client() as kierownik:
        await logged_in(office, admin, "szef")
        await logged_in(office, biuro, "biuro")
        await logged_in(office, kierownik, "kierownik")
        assert (await admin.put("/api/rules", json=first)).status_code == 200
        assert (await admin.put("/api/rules", json=first)).status_code == 200  # no change
        assert (await biuro.put("/api/rules", json=second)).status_code == 200
        listed = (await kierownik.get("/api/rules/versions")).json()
        v2, v1 = listed["versions"]

        assert listed == {
            "versions": [
                {"id": v2["id"], "at": v2["at"], "actor": "operator:biuro", "count": 1,
                 "names": ["Wszystko"], "current": True, "restored_from": None,
                 "restored_defaults": False},
                {"id": v1["id"], "at": v1["at"], "actor": "operator:szef", "count": 2,
                 "names": ["Faktura", "Reszta"], "current": False, "restored_from": None,
                 "restored_defaults": False},
            ],
            "next": None,
            "default": {"count": 5, "names": [r["name"] for r in default_rules_data()],
                        "current": False},
        }  # fmt: skip
        assert v1["at"] <= v2["at"]
        shown = (await kierownik.get(f"/api/rules/versions/{v1['id']}")).json()
        assert shown == {"version": {**v1, "rules": first}}
        defaults = (await kierownik.get("/api/rules/versions/default")).json()
        assert defaults == {"version": {**listed["default"], "rules": default_rules_data()}}

        # A supervisor may look, not restore; an office login restores.
        refused = await kierownik.post(f"/api/rules/versions/{v1['id']}/restore")
        assert refused.status_code == 403
        restored = await biuro.post(f"/api/rules/versions/{v1['id']}/restore")
        assert restored.status_code == 200, restored.text
        v3 = restored.json()["version"]
        assert restored.json() == {
            "rules": first,
            "version": {"id": v3["id"], "at": v3["at"], "actor": "operator:biuro", "count": 2,
                        "names": ["Faktura", "Reszta"], "current": True,
                        "restored_from": {"id": v1["id"], "at": v1["at"]},
                        "restored_defaults": False},
        }  # fmt: skip
        assert (await biuro.get("/api/rules")).json()["rules"] == first
        again = await biuro.post(f"/api/rules/versions/{v1['id']}/restore")
        assert (again.status_code, again.json()) == (409, {
            "error": "rules_version_current",
            "message": "Ta wersja reguł już obowiązuje — nie ma czego przywracać.",
        })  # fmt: skip
        missing = await biuro.post(f"/api/rules/versions/{v3['id'] + 1000}/restore")
        assert (missing.status_code, missing.json()["message"]) == (
            404, "Nie ma takiej wersji reguł.",
        )  # fmt: skip

        back = await admin.post("/api/rules/versions/default/restore")
        assert back.status_code == 200 and back.json()["rules"] == default_rules_data()
        v4 = back.json()["version"]
        assert (v4["restored_from"], v4["restored_defaults"]) == (None, True)

        # Newest first, paged with `before` and `next`.
        page = (await biuro.get("/api/rules/versions", params={"limit": 2})).json()
        assert [v["id"] for v in page["versions"]] == [v4["id"], v3["id"]]
        assert page["next"] == v3["id"] and page["default"]["current"] is False
        rest = (await biuro.get("/api/rules/versions", params={"before": v3["id"]})).json()
        assert [v["id"] for v in rest["versions"]] == [v2["id"], v1["id"]]
        assert rest["next"] is None
        for bad in ({"limit": "0"}, {"limit": "201"}, {"before": "x"}, {"before": "-1"}):
            response = await biuro.get("/api/rules/versions", params=bad)
            assert (response.status_code, response.json()["error"]) == (400, "bad_parameter")

    entries = office.store.read_sync(audit.recent, 20)
    restores = [(e.actor, e.details) for e in entries if e.action == "rules.restored"]
    assert restores == [
        ("operator:szef",
         {"version": None, "version_at": None, "version_actor": None, "saved_as": v4["id"]}),
        ("operator:biuro",
         {"version": v1["id"], "version_at": v1["at"], "version_actor": "operator:szef",
          "saved_as": v3["id"]}),
    ]  # fmt: skip
    changes = [(e.id, e.actor) for e in entries if e.action == "setting.changed"]
    assert changes == [
        (v4["id"], "operator:szef"), (v3["id"], "operator:biuro"),
        (v2["id"], "operator:biuro"), (v1["id"], "operator:szef"),
    ]  # fmt: skip


async def test_restoring_the_rules_in_force_or_a_version_the_parser_refuses_is_refused(
    office: Office,
) -> None:
    async with office.client() as client:
        await logged_in(office, client, "biuro")
        response = await client.post("/api/rules/versions/default/restore")
        assert (response.status_code, response.json()["error"]) == (409, "rules_version_current")
        # A version saved before a check existed (written straight into the store here).
        from kolektor.finalize.plan import RULES_SETTING
        from kolektor.store import settings

        old = [rule("Stara", [{"country_in": "XX"}])]
        office.store.run_sync(settings.set_setting, RULES_SETTING, old, actor="cli")
        office.store.run_sync(settings.set_setting, RULES_SETTING, [rule("Nowa", [])], actor="cli")
        old_id = (await client.get("/api/rules/versions")).json()["versions"][1]["id"]
        response = await client.post(f"/api/rules/versions/{old_id}/restore")
    assert response.status_code == 400
    assert response.json()["message"] == (
        "Tej wersji nie można przywrócić — dzisiejsze sprawdzanie reguł znajduje w niej błędy "
        "(1). Pierwszy: reguła 1 „Stara”: warunek 1 (country_in): „XX” nie jest znanym kodem "
        "kraju — użyj nazwy (np. Niemcy) albo kodu ISO (np. DE)"
    )
    assert response.json()["fields"][0]["path"] == "when[0].country_in"
