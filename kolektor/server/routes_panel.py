"""The office panel's pages: server-rendered Jinja2 templates (``templates/panel/``) whose
scripts (``web/panel/``) are clients of the JSON API (``docs/api.md``).

A page renders the layout, the navigation the reader's role may use, the texts of the page
in the reader's language, and a JSON block with what its script needs (the CSRF token, the
operator, the texts, page data); everything else the script reads from the API, so the
panel can do nothing a script of the office could not.  A page asked for without a login
answers 401 with the login form, which brings the reader back to the same address; a role
without access gets 403 and a page that says so (:func:`kolektor.server.access.page`).

The language is the ``kolektor_lang`` cookie (set by the switch in the header), else the
browser's ``Accept-Language``, else Polish.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import jinja2
from quart import Quart, Response, g, redirect, request

import kolektor
from kolektor.auth.service import OFFICE_ROLES
from kolektor.i18n import LANGUAGES, MESSAGES, Language, normalize_language, t
from kolektor.server import access, panel_allegro
from kolektor.server.access import Principal
from kolektor.server.app import AppState
from kolektor.store.operators import Role

TEMPLATES_DIR: Final = Path(__file__).resolve().parents[2] / "templates" / "panel"
LANGUAGE_COOKIE: Final = "kolektor_lang"
PANEL_PREFIX: Final = "panel."


@dataclass(frozen=True, slots=True)
class PanelPage:
    """One page: its address, template and script, who may open it, its menu entry."""

    name: str
    path: str
    roles: frozenset[Role]
    nav: str | None
    """The menu entry it lights up (``panel.nav.<nav>``); None: not in the menu."""
    data: Callable[[AppState], Mapping[str, Any]] | None = None
    """What its script needs from the server besides the API (added to ``K.page`` and the
    template's variables); None: nothing more."""

    @property
    def template(self) -> str:
        return f"{self.name}.html"


SUPERVISOR_ADMIN: Final = frozenset({Role.SUPERVISOR, Role.ADMIN})
ADMIN_ONLY: Final = frozenset({Role.ADMIN})

PAGES: Final = (
    PanelPage("dashboard", "/panel", OFFICE_ROLES, "dashboard"),
    PanelPage("orders", "/panel/orders", OFFICE_ROLES, "orders"),
    PanelPage("order", "/panel/orders/<id:order_id>", OFFICE_ROLES, "orders"),
    PanelPage("rules", "/panel/rules", OFFICE_ROLES, "rules"),
    PanelPage("operators", "/panel/operators", SUPERVISOR_ADMIN, "operators"),
    PanelPage("settings", "/panel/settings", OFFICE_ROLES, "settings"),
    PanelPage("printers", "/panel/printers", OFFICE_ROLES, "printers"),
    PanelPage("allegro", "/panel/allegro", ADMIN_ONLY, "allegro", panel_allegro.page_data),
    PanelPage("stats", "/panel/stats", OFFICE_ROLES, "stats"),
    PanelPage("audit", "/panel/audit", OFFICE_ROLES, "audit"),
)
"""Every page, in menu order."""

PAGE_NAMES: Final = frozenset(page.name for page in PAGES)


def page_language() -> Language:
    """The reader's language: the panel's cookie, else the browser's, else Polish."""
    chosen = request.cookies.get(LANGUAGE_COOKIE)
    if chosen in LANGUAGES:
        return normalize_language(chosen)
    return normalize_language(request.accept_languages.best_match(list(LANGUAGES)) or "pl")


@functools.cache
def page_texts(page: str, language: Language) -> Mapping[str, str]:
    """The texts a page's script may use: the common ``panel.*`` ones and its own
    ``panel.<page>.*``, without another page's (picked from the catalog once per page and
    language; the catalog does not change while the server runs)."""
    texts: dict[str, str] = {}
    for key, text in MESSAGES.items():
        if not key.startswith(PANEL_PREFIX):
            continue
        section = key[len(PANEL_PREFIX) :].split(".", 1)[0]
        if section in PAGE_NAMES and section != page:
            continue
        texts[key] = text[language]
    return texts


def _operator_json(operator: Any) -> dict[str, Any]:
    return {"id": operator.id, "login": operator.login, "name": operator.name,
            "role": operator.role.value}  # fmt: skip


def environment() -> jinja2.Environment:
    """Autoescaped templates; an undefined name is an error, not an empty string."""
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES_DIR),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def register(app: Quart, state: AppState) -> None:
    templates = environment()

    def render(
        name: str, *, status: int, page: str, principal: Principal | None, **data: Any
    ) -> Response:
        lang = page_language()
        operator = principal.operator if principal is not None else None

        def text(key: str, **params: object) -> str:
            return t(key, lang, **params)

        nav = [
            {"name": p.name, "href": p.path, "label": text(f"panel.nav.{p.nav}")}
            for p in PAGES
            if operator is not None and p.nav == p.name and operator.role in p.roles
        ]
        current = next((p.nav for p in PAGES if p.name == page), page)
        session = principal.session if principal is not None else None
        page_data = {
            "page": page,
            "lang": lang,
            "csrf": session.csrf_token if session is not None else None,
            "operator": _operator_json(operator) if operator is not None else None,
            "texts": page_texts(page, lang),
            **data,
        }
        html = templates.get_template(name).render(
            t=text, lang=lang, page=page, current=current, nav=nav, operator=operator,
            role=text(f"panel.role.{operator.role.value}") if operator is not None else "",
            version=kolektor.__version__, page_data=page_data, **data,
        )  # fmt: skip
        response = Response(html, status=status, mimetype="text/html")
        response.headers["Cache-Control"] = "no-store"
        if status == 401:
            response.headers["WWW-Authenticate"] = 'KolektorSession realm="Kolektor"'
        return response

    async def refusal(status: int, code: str, principal: Principal | None) -> Response:
        if status == 403 and principal is not None:
            return render("forbidden.html", status=403, page="forbidden", principal=principal)
        if status == 401:
            return render("login.html", status=401, page="login", principal=None,
                          expired=code == "session_expired")  # fmt: skip
        # Basic credentials refused (throttled, locked): the login form says nothing more.
        return render("login.html", status=status, page="login", principal=None, expired=False)

    @app.get("/")
    @access.public()
    async def root() -> Response:
        return redirect("/panel")  # type: ignore[return-value]

    for panel_page in PAGES:
        _register_page(app, state, panel_page, render, refusal)


def _register_page(app: Quart, state: AppState, panel_page: PanelPage, render: Any,
                   refusal: access.PageRefusal) -> None:  # fmt: skip
    async def show(**ids: int) -> Response:
        principal: Principal = g.principal
        extra = panel_page.data(state) if panel_page.data is not None else {}
        return render(panel_page.template, status=200, page=panel_page.name,  # type: ignore[no-any-return]
                      principal=principal, ids=ids, **extra)  # fmt: skip

    show.__name__ = f"panel_{panel_page.name}"
    guarded = access.page(state.auth, state.config, panel_page.roles, refusal)(show)
    app.get(panel_page.path)(guarded)
