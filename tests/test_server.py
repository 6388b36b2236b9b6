"""The server over real HTTP on loopback: health, the orders API, the office session login
and, for every route the app has, that it refuses what it must."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import httpx
import pytest
import trio

from kolektor.demo.generator import DemoSummary
from kolektor.server.access import Access, route_access
from kolektor.server.app import AppState, create_app
from kolektor.server.serve import run_server
from kolektor.store.engine import Store
from kolektor.store.operators import Role
from tests.office import Office, add_demo_operators, demo_config, wait_for_intake

EVIL = "https://sklep-konkurencji.example"


async def test_health_says_only_up_or_down_without_a_login(office: Office) -> None:
    await wait_for_intake(office)
    async with office.client() as client:
        anonymous = await client.get("/health")
        assert anonymous.status_code == 200
        assert anonymous.json() in ({"status": "ok"}, {"status": "starting"})
        assert anonymous.headers["cache-control"] == "no-store"
        await office.login(client, "biuro", "biuro-demo")
        with trio.fail_after(20):
            detailed = (await client.get("/health")).json()
            while not detailed["subiekt"]["last_success_at"]:
                await trio.sleep(0.05)  # the intake's first pass
                detailed = (await client.get("/health")).json()
    assert detailed["store"] == {"ok": True, "error": None}
    assert detailed["subiekt"]["last_success_at"] is not None
    assert {"version", "scanners"} <= set(detailed)
    assert detailed["status"] == "ok"
    assert {name: s["state"] for name, s in detailed["services"].items()} == {
        "auth": "running", "store_writer": "running", "intake": "running",
        "pipeline": "running", "retention": "running",
    }  # fmt: skip


async def test_office_session_login_and_logout(office: Office) -> None:
    async with office.client() as client:
        anonymous = await client.get("/api/orders")
        assert anonymous.status_code == 401
        assert anonymous.json() == {"error": "auth_required", "message": "Wymagane logowanie."}
        # A browser is never asked for Basic credentials (it would keep sending them).
        assert not anonymous.headers["www-authenticate"].lower().startswith("basic")

        response = await client.post(
            "/api/session", json={"login": "BIURO", "password": "biuro-demo"}
        )
        assert response.status_code == 200
        body = response.json()
        assert body["operator"] == {
            "id": body["operator"]["id"], "login": "biuro", "name": "Łucja Zielińska",
            "role": "office",
        }  # fmt: skip
        assert re.fullmatch(r"[A-Za-z0-9_-]{43}", body["csrf_token"])
        cookie = response.headers["set-cookie"]
        assert cookie.startswith("kolektor_session=")
        assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and "Path=/" in cookie
        assert "Secure" not in cookie  # plain HTTP here; under TLS it is __Host- and Secure

        assert (await client.get("/api/orders")).status_code == 200
        again = (await client.get("/api/session")).json()
        assert again["csrf_token"] == body["csrf_token"]

        assert (await client.delete("/api/session")).status_code == 403  # no CSRF token
        client.headers["X-CSRF-Token"] = body["csrf_token"]
        assert (await client.delete("/api/session")).status_code == 204
        client.headers.pop("X-CSRF-Token")
        ended = await client.get("/api/orders")
        assert ended.status_code == 401
        assert ended.json()["error"] in {"auth_required", "session_expired"}


async def test_a_new_login_replaces_the_browsers_session(office: Office) -> None:
    async with office.client() as client:
        await office.login(client, "biuro", "biuro-demo")
        old = client.cookies["kolektor_session"]
        await office.login(client, "biuro", "biuro-demo")
        assert client.cookies["kolektor_session"] != old
    async with office.client(cookies={"kolektor_session": old}) as stale:
        refused = await stale.get("/api/orders")
    assert (refused.status_code, refused.json()["error"]) == (401, "session_expired")


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({"login": "biuro", "password": "zle-haslo"}, 401, "login_failed"),
        ({"login": "nikt", "password": "biuro-demo"}, 401, "login_failed"),
        ({"login": "pawel", "password": "pawel-demo"}, 403, "forbidden"),  # a picker
        ({"login": "biuro"}, 400, "bad_field"),
        ({"login": "biuro", "password": 12345678}, 400, "bad_field"),
        ({"login": "b" * 65, "password": "x" * 8}, 400, "bad_field"),
    ],
)
async def test_refused_office_logins(
    office: Office, body: dict[str, object], status: int, code: str
) -> None:
    async with office.client() as client:
        response = await client.post("/api/session", json=body)
    assert (response.status_code, response.json()["error"]) == (status, code)
    assert "set-cookie" not in response.headers


async def test_basic_auth_for_scripts(office: Office) -> None:
    async with office.client() as client:
        ok = await client.get("/api/orders", auth=("biuro", "biuro-demo"))
        assert ok.status_code == 200
        wrong = await client.get("/api/orders", auth=("biuro", "zle-haslo"))
        assert (wrong.status_code, wrong.json()["error"]) == (401, "login_failed")
        picker = await client.get(
            "/api/orders", auth=("pawel", "pawel-demo"), headers={"Accept-Language": "en-GB"}
        )
        assert picker.status_code == 403
        assert picker.json() == {
            "error": "forbidden", "message": "This account has no access to the office panel.",
        }  # fmt: skip
        # Scripts send no Origin and need no CSRF token; a foreign page's Origin is refused.
        assert (
            await client.post("/api/intake/run", auth=("biuro", "biuro-demo"))
        ).status_code == 202
        forged = await client.post(
            "/api/intake/run", auth=("biuro", "biuro-demo"), headers={"Origin": EVIL}
        )
        assert (forged.status_code, forged.json()["error"]) == (403, "foreign_origin")


async def test_orders_list_and_detail(office: Office, subiekt_db: DemoSummary) -> None:
    await wait_for_intake(office, len(subiekt_db.open_zk_ids))
    async with office.client() as client:
        await office.login(client, "biuro", "biuro-demo")
        listing = (await client.get("/api/orders", params={"limit": 1000})).json()
        assert len(listing["orders"]) == len(subiekt_db.open_zk_ids)
        assert listing["counts"]["new"] == len(subiekt_db.open_zk_ids)

        zk_id = subiekt_db.examples.zk_pack_line
        summary = next(o for o in listing["orders"] if o["subiekt_id"] == zk_id)
        assert summary["steps"] == {}  # not packed: nothing planned yet
        detail = (await client.get(f"/api/orders/{summary['id']}")).json()
        order = detail["order"]
        assert order["number"] == summary["number"]
        assert order["remarks"] == "Proszę o fakturę."
        assert Decimal(order["value_gross"]) == sum(
            Decimal(line["value_gross"]) for line in order["lines"]
        )
        assert all(len(line["value_gross"].split(".")[1]) == 4 for line in order["lines"])
        assert [event["event"] for event in detail["timeline"]] == ["imported"]

        assert (await client.get("/api/orders/999999")).json()["message"] == "Nie znaleziono."
        bad = await client.get("/api/orders", params={"status": "zgubione"})
        assert bad.status_code == 400
        assert "status" in bad.json()["message"]
        assert (await client.post("/api/intake/run")).status_code == 202


async def test_the_orders_list_says_which_steps_happened_and_which_will_not(
    office: Office, subiekt_db: DemoSummary
) -> None:
    """A packed order lists its finalization steps with their states: the office sees at a
    glance that a label or an e-mail did not happen (nothing set up to do it) although the
    document was made."""
    from kolektor.store import orders
    from tests.finalize.conftest import pack

    await wait_for_intake(office, len(subiekt_db.open_zk_ids))
    order_id = pack(office.store, subiekt_db.examples.zk_pack_line)

    def finished() -> bool:
        order = office.store.read_sync(orders.get_order, order_id)
        return order is not None and order.status.value in {"attention", "done"}

    with trio.fail_after(60):
        while not finished():  # noqa: ASYNC110 - the server's pipeline finalizes it
            await trio.sleep(0.1)
    async with office.client() as client:
        await office.login(client, "biuro", "biuro-demo")
        listing = (await client.get("/api/orders", params={"status": "attention"})).json()
        jobs = (await client.get(f"/api/orders/{order_id}/jobs")).json()["jobs"]
    (summary,) = [o for o in listing["orders"] if o["id"] == order_id]
    assert list(summary["steps"].items()) == [(job["step"], job["status"]) for job in jobs]
    assert list(summary["steps"]) == ["label", "realize", "document", "print", "email", "allegro"]
    assert summary["steps"]["realize"] == summary["steps"]["document"] == "done"
    assert summary["steps"]["label"] == "not_configured"


@pytest.mark.parametrize(
    ("path", "status", "code"),
    [
        ("/api/orders?offset=99999999999999999999999", 400, "bad_parameter"),
        ("/api/orders?offset=-1", 400, "bad_parameter"),
        ("/api/orders?limit=0", 400, "bad_parameter"),
        ("/api/orders?limit=1e3", 400, "bad_parameter"),
        ("/api/orders?limit=%EF%BC%91", 400, "bad_parameter"),  # a full-width digit
        ("/api/orders/99999999999999999999999", 400, "bad_parameter"),
        ("/api/orders/2147483648/jobs", 400, "bad_parameter"),
        ("/api/orders/0", 400, "bad_parameter"),
        ("/api/orders/abc", 404, "not_found"),
        ("/panel/nope", 404, "not_found"),  # /panel itself is the dashboard
    ],
)
async def test_bad_ids_and_paging_are_bad_input_not_server_errors(
    office: Office, path: str, status: int, code: str
) -> None:
    async with office.client() as client:
        await office.login(client, "biuro", "biuro-demo")
        response = await client.get(path)
    assert (response.status_code, response.json()["error"]) == (status, code)
    assert response.json()["message"]  # in Polish, e.g. "Nie znaleziono."


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        ("[" * 5000 + "]" * 5000, "zbyt głęboko zagnieżdżony"),
        ('[{"name": "\\ud800", "when": [], "then": {"document": "FS"}}]', "niedozwolone znaki"),
        ('[{"name": "a\\u0000", "when": [], "then": {"document": "FS"}}]', "niedozwolone znaki"),
        ("{nie json", "to nie JSON"),
        ('{"a": NaN}', "to nie JSON"),
    ],
)
async def test_hostile_json_bodies_are_bad_input(office: Office, body: str, problem: str) -> None:
    async with office.client() as client:
        await office.login(client, "biuro", "biuro-demo")
        response = await client.put(
            "/api/rules", content=body, headers={"Content-Type": "application/json"}
        )
    assert (response.status_code, response.json()["error"]) == (400, "bad_json")
    assert problem in response.json()["message"]


async def test_request_bodies_are_limited_per_route(office: Office) -> None:
    async with office.client() as client:
        await office.login(client, "szef", "szef-demo")
        huge_rules = "[" + ",".join(['{"name": "x"}'] * 40_000) + "]"  # ~560 KB
        response = await client.put(
            "/api/rules", content=huge_rules, headers={"Content-Type": "application/json"}
        )
        assert (response.status_code, response.json()["error"]) == (413, "too_large")
        too_many = [{"name": f"r{i}", "when": [], "then": {"document": "FS"}} for i in range(201)]
        response = await client.put("/api/rules", json=too_many)
        assert response.status_code == 400
        assert "najwyżej 200" in response.json()["problems"][0]
        # Small routes take small bodies.
        response = await client.post("/api/session", content=b"x" * 5000)
        assert (response.status_code, response.json()["error"]) == (413, "too_large")
        assert (await client.get("/health")).status_code == 200


async def test_security_headers(office: Office) -> None:
    async with office.client() as client:
        for path in ("/scanner", "/static/scanner/app.js", "/health", "/api/orders"):
            response = await client.get(path)
            headers = response.headers
            csp = headers["content-security-policy"]
            assert "script-src 'self'" in csp and "'unsafe-inline'" not in csp
            assert "frame-ancestors 'none'" in csp
            assert headers["x-content-type-options"] == "nosniff"
            assert headers["x-frame-options"] == "DENY"
            assert headers["referrer-policy"] == "no-referrer"
            assert "strict-transport-security" not in headers  # plain HTTP
        assert (await client.get("/api/orders")).headers["cache-control"] == "no-store"


# -- every route -----------------------------------------------------------------------------

PUBLIC = {
    ("/", "GET"),
    ("/health", "GET"),
    ("/api/session", "POST"),
    ("/scanner", "GET"),
    ("/scanner/ws", "GET"),
    ("/static/scanner/i18n/<language>.json", "GET"),
    ("/static/scanner/sw.js", "GET"),
}
"""Routes anyone may call; every other route needs a login."""

PASSWORDS = {"szef": "szef-demo", "biuro": "biuro-demo", "kierownik": "kierownik-demo"}
ROLE_LOGINS = {Role.ADMIN: "szef", Role.OFFICE: "biuro", Role.SUPERVISOR: "kierownik"}


def app_routes(office: Office) -> dict[tuple[str, str], Access]:
    from kolektor.auth.service import AuthService
    from kolektor.scanner.service import ScannerService

    state = AppState(
        config=office.config, store=office.store, scanner=ScannerService(office.store),
        auth=AuthService(office.store, office.config.security, b"k" * 32),
    )  # fmt: skip
    return route_access(create_app(state))


def concrete(rule: str) -> str:
    return re.sub(r"<[^>]+>", "1", rule)


async def test_the_public_routes_are_exactly_these(office: Office) -> None:
    routes = app_routes(office)
    assert {key for key, access in routes.items() if access.roles is None} == PUBLIC


async def test_every_route_refuses_no_login_a_wrong_role_a_foreign_origin_and_no_csrf(
    office: Office,
) -> None:
    routes = {k: v for k, v in app_routes(office).items() if k not in PUBLIC}
    assert len(routes) >= 15
    checked = []
    for (rule, method), access in routes.items():
        assert access.roles is not None
        path = concrete(rule)
        async with office.client() as client:
            anonymous = await client.request(method, path)
            assert anonymous.status_code == 401, (rule, method, anonymous.text)

            # A wrong role: an office role not allowed here, or else a picker (Basic).
            wrong = next((r for r in ROLE_LOGINS if r not in access.roles), None)
            if wrong is None:
                refused = await client.request(method, path, auth=("pawel", "pawel-demo"))
            else:
                login = ROLE_LOGINS[wrong]
                await office.login(client, login, PASSWORDS[login])
                refused = await client.request(method, path)
            assert refused.status_code == 403, (rule, method, wrong, refused.text)

        if method in {"POST", "PUT", "PATCH", "DELETE"}:
            allowed = next(
                r for r in (Role.ADMIN, Role.OFFICE, Role.SUPERVISOR) if r in access.roles
            )
            async with office.client() as client:
                login = ROLE_LOGINS[allowed]
                token = await office.login(client, login, PASSWORDS[login])
                foreign = await client.request(method, path, headers={"Origin": EVIL})
                assert (foreign.status_code, foreign.json()["error"]) == (403, "foreign_origin")
                client.headers.pop("X-CSRF-Token")
                no_csrf = await client.request(method, path)
                assert (no_csrf.status_code, no_csrf.json()["error"]) == (403, "csrf"), rule
                forged = ("y" if token[0] == "x" else "x") + token[1:]  # one character off
                wrong_csrf = await client.request(method, path, headers={"X-CSRF-Token": forged})
                assert wrong_csrf.status_code == 403
                # With its token and its own Origin, the same request gets past the guard.
                own = office.url
                passed = await client.request(
                    method, path, headers={"X-CSRF-Token": token, "Origin": own}
                )
                assert passed.status_code not in {401, 403}, (rule, method, passed.text)
        checked.append((rule, method))
    assert len(checked) == len(routes)


async def test_a_route_without_a_declared_access_cannot_exist(office: Office) -> None:
    from quart import Quart

    from kolektor.server.access import check_every_route_declared

    app = Quart("probe")

    @app.get("/forgotten")
    async def forgotten() -> str:
        return "secret"

    with pytest.raises(RuntimeError, match="/forgotten"):
        check_every_route_declared(app)


async def test_http_basic_can_be_switched_off(
    subiekt_db: DemoSummary, tmp_path: Path, nursery: trio.Nursery
) -> None:
    config = demo_config(tmp_path, subiekt_db.path, extra="\n[security]\nbasic_auth = false\n")
    store = Store.open(config.store_url)
    store.upgrade()
    add_demo_operators(config, store)
    binds = await nursery.start(
        lambda task_status: run_server(config, store=store, task_status=task_status)
    )
    async with httpx.AsyncClient(base_url=binds[0]) as client:
        basic = await client.get("/api/orders", auth=("biuro", "biuro-demo"))
        assert (basic.status_code, basic.json()["error"]) == (401, "auth_required")
        session = await client.post(
            "/api/session", json={"login": "biuro", "password": "biuro-demo"}
        )
        assert session.status_code == 200
        assert (await client.get("/api/orders")).status_code == 200
    nursery.cancel_scope.cancel()
