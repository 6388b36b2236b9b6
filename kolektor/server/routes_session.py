"""``/api/session``: logging in to the office API and panel, and out.

``POST /api/session`` with ``{"login", "password"}`` checks them (throttled, audited) and
starts a session: the token goes into an HttpOnly, SameSite=Strict cookie (Secure and
``__Host-`` prefixed under TLS); the answer carries the CSRF token to send back in
``X-CSRF-Token`` with every state-changing request.  A login always starts a new session
and ends the one the browser had (no session fixation).  ``GET`` says who is logged in (and
gives the CSRF token again after a page reload); ``DELETE`` logs out.
"""

from __future__ import annotations

from typing import Any

from quart import Quart, Response, g, jsonify, request

from kolektor.auth.service import OFFICE_ROLES, LoginRefused
from kolektor.server import access
from kolektor.server.access import ApiError
from kolektor.server.app import AppState, to_json
from kolektor.store.operators import Operator
from kolektor.store.sessions import SessionRecord


def operator_json(operator: Operator) -> dict[str, Any]:
    return {"id": operator.id, "login": operator.login, "name": operator.name,
            "role": operator.role.value}  # fmt: skip


def session_json(operator: Operator, session: SessionRecord) -> dict[str, Any]:
    return {
        "operator": operator_json(operator),
        "csrf_token": session.csrf_token,
        "expires_at": to_json(session.expires_at),
        "idle_minutes": session.idle_seconds // 60,
    }


def register(app: Quart, state: AppState) -> None:
    config = state.config
    cookie = access.cookie_name(config)

    def text_field(data: dict[str, Any], name: str, limit: int) -> str:
        value = data.get(name)
        if not isinstance(value, str) or not value or len(value) > limit:
            raise ApiError(400, "bad_field", field=name)
        return value

    @app.post("/api/session")
    @access.public(max_body=4096)
    async def login() -> Response:
        data = await access.read_object(4096)
        login = text_field(data, "login", 64)
        password = text_field(data, "password", 256)
        previous = request.cookies.get(cookie)
        try:
            logged = await state.auth.login_office(
                login, password, access.client(), replaces=previous
            )
        except LoginRefused as refused:
            raise access.refused(refused) from None
        assert logged.session is not None and logged.token is not None
        response = jsonify(session_json(logged.operator, logged.session))
        response.set_cookie(
            cookie, logged.token, httponly=True, samesite="Strict", secure=config.server.tls,
            path="/", max_age=int(state.auth.office_lifetime.total_seconds()),
        )  # fmt: skip
        return response

    @app.get("/api/session")
    @access.guard(state.auth, config, OFFICE_ROLES)
    async def whoami() -> Response:
        principal: access.Principal = g.principal
        if principal.session is None:  # HTTP Basic: no session, no CSRF token
            return jsonify({"operator": operator_json(principal.operator), "csrf_token": None})
        return jsonify(session_json(principal.operator, principal.session))

    @app.delete("/api/session")
    @access.guard(state.auth, config, OFFICE_ROLES)
    async def logout() -> Response:
        principal: access.Principal = g.principal
        if principal.session is not None:
            await state.auth.logout(principal.session.id)
        response = Response(b"", status=204)
        response.delete_cookie(cookie, path="/", secure=config.server.tls, httponly=True,
                               samesite="Strict")  # fmt: skip
        return response
