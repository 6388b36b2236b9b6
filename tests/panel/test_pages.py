"""The panel's pages over HTTP: the login form for a reader without a session (and back to
the same address after logging in), the no-access page for a role without access, every
page rendered for the roles that may open it, in Polish or English, with the page's data
block holding the session's CSRF token and only the texts of that page."""

from __future__ import annotations

import html
import json
import re
from typing import Any

import httpx
import pytest

from kolektor.server.routes_panel import PAGES
from tests.office import Office

PASSWORDS = {"szef": "szef-demo", "biuro": "biuro-demo", "kierownik": "kierownik-demo"}
LOGIN_OF_ROLE = {"admin": "szef", "office": "biuro", "supervisor": "kierownik"}


def page_data(response: httpx.Response) -> dict[str, Any]:
    found = re.search(
        r'<script type="application/json" id="kolektor-page">(.*?)</script>', response.text, re.S
    )
    assert found, response.text[:500]
    data: dict[str, Any] = json.loads(found.group(1))
    return data


def concrete(path: str) -> str:
    return re.sub(r"<[^>]+>", "1", path)


async def test_the_root_sends_the_browser_to_the_panel(office: Office) -> None:
    async with office.client() as client:
        response = await client.get("/")
    assert (response.status_code, response.headers["Location"]) == (302, "/panel")


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
async def test_without_a_login_every_page_is_the_login_form(office: Office, page: Any) -> None:
    async with office.client() as client:
        response = await client.get(concrete(page.path))
    assert response.status_code == 401
    assert response.headers["Content-Type"].startswith("text/html")
    assert response.headers["Cache-Control"] == "no-store"
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    assert '<html lang="pl">' in response.text
    assert 'id="login-form"' in response.text and "Logowanie do panelu" in response.text
    data = page_data(response)
    assert (data["page"], data["csrf"], data["operator"]) == ("login", None, None)


async def test_an_ended_session_gets_the_login_form_saying_so(office: Office) -> None:
    async with office.client() as client:
        await office.login(client, "biuro", "biuro-demo")
        assert (await client.delete("/api/session")).status_code == 204
    async with office.client() as client:
        client.cookies.set("kolektor_session", "not-a-session-anymore")
        response = await client.get("/panel")
    assert response.status_code == 401
    assert "Sesja wygasła — zaloguj się ponownie." in response.text


@pytest.mark.parametrize("role", ["admin", "office", "supervisor"])
async def test_each_role_opens_its_pages_and_is_refused_the_others(
    office: Office, role: str
) -> None:
    login = LOGIN_OF_ROLE[role]
    async with office.client() as client:
        token = await office.login(client, login, PASSWORDS[login])
        for page in PAGES:
            response = await client.get(concrete(page.path))
            allowed = role in {r.value for r in page.roles}
            if not allowed:
                assert response.status_code == 403, page.name
                assert "Brak dostępu" in response.text
                assert html.escape("Twoja rola (") in response.text
                continue
            assert response.status_code == 200, (page.name, response.text[:2000])
            data = page_data(response)
            assert data["page"] == page.name
            assert data["csrf"] == token
            assert data["operator"]["login"] == login and data["operator"]["role"] == role
            menu = re.findall(r'<li><a href="([^"]+)"', response.text)
            assert menu == [p.path for p in PAGES if p.nav == p.name and role in {
                r.value for r in p.roles}]  # fmt: skip
            assert f'<script src="/static/panel/{page.name}.js' in response.text


async def test_a_page_carries_its_own_texts_and_the_common_ones_only(office: Office) -> None:
    async with office.client() as client:
        await office.login(client, "szef", "szef-demo")
        texts = page_data(await client.get("/panel"))["texts"]
    assert texts["panel.nav.orders"] == "Zamówienia"
    assert texts["panel.status.attention"] == "Wymaga uwagi"
    sections = {key.split(".")[1] for key in texts}
    others = {p.name for p in PAGES} - {"dashboard"}
    assert not sections & others, sections & others


async def test_the_language_is_the_panels_cookie_else_the_browsers(office: Office) -> None:
    async with office.client() as client:
        await office.login(client, "biuro", "biuro-demo")
        english = await client.get("/panel", headers={"Accept-Language": "en"})
        assert '<html lang="en">' in english.text and ">Orders<" in english.text
        client.cookies.set("kolektor_lang", "pl")
        polish = await client.get("/panel", headers={"Accept-Language": "en"})
        assert '<html lang="pl">' in polish.text and ">Zamówienia<" in polish.text
        client.cookies.set("kolektor_lang", "xx")  # not a language: the browser's again
        assert page_data(await client.get("/panel", headers={"Accept-Language": "en"}))[
            "lang"] == "en"  # fmt: skip


async def test_a_page_is_not_a_form_target_nor_a_state_change(office: Office) -> None:
    async with office.client() as client:
        await office.login(client, "szef", "szef-demo")
        response = await client.post("/panel")
    assert (response.status_code, response.json()["error"]) == (405, "method_not_allowed")
