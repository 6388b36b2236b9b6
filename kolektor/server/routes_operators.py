"""``/api/operators``: people who log in — list, add, change (role, active, secrets, badge),
lift a lockout, log out everywhere.  Secrets are hashed in the argon2 pool before the store
is touched; every change that affects access ends the operator's sessions (the security
stamp) and the live scanner sockets are told within seconds."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any, Final

from quart import Quart, Response, g, jsonify

from kolektor.auth.hashing import HashingBusy
from kolektor.badges import new_badge_code
from kolektor.server import access
from kolektor.server.access import ApiError, Handler, Principal
from kolektor.server.app import AppState, language, to_json
from kolektor.store import operators as operator_store
from kolektor.store.operators import Operator, OperatorError, Role

ADMINS: Final = frozenset({Role.ADMIN})
LEADS: Final = frozenset({Role.ADMIN, Role.SUPERVISOR})
_FIELDS: Final = frozenset(
    {"login", "name", "role", "active", "password", "pin", "badge", "badge_only", "new_badge"}
)
ERROR_FIELDS: Final = {
    "empty_login": "login", "long_login": "login", "login_taken": "login", "taken_now": "login",
    "empty_name": "name", "unknown_role": "role", "bad_pin": "pin", "short_password": "password",
    "long_password": "password", "empty_badge": "badge", "long_badge": "badge",
    "badge_taken": "badge", "badge_only_role": "badge_only",
    "badge_only_without_badge": "badge_only",
}  # fmt: skip
"""The body field each refusal of :class:`OperatorError` is about (``field`` in the answer,
so the panel shows the message beside it)."""


def operator_json(operator: Operator) -> dict[str, Any]:
    locked = operator.locked_until is not None and operator.locked_until > datetime.now(UTC)
    return {
        "id": operator.id,
        "login": operator.login,
        "name": operator.name,
        "role": operator.role.value,
        "active": operator.active,
        "has_password": operator.has_password,
        "has_pin": operator.has_pin,
        "badge": operator.badge_hint,
        "badge_only": operator.badge_only,
        "last_login_at": to_json(operator.last_login_at),
        "failed_logins": operator.failed_logins,
        "locked_until": to_json(operator.locked_until) if locked else None,
    }


def _text(data: dict[str, Any], name: str, limit: int, *, nullable: bool = False) -> Any:
    value = data[name]
    if value is None and nullable:
        return None
    if not isinstance(value, str) or len(value) > limit:
        raise bad_field(name)
    return value


def _flag(data: dict[str, Any], name: str) -> bool:
    value = data[name]
    if not isinstance(value, bool):
        raise bad_field(name)
    return value


def bad_field(name: str) -> ApiError:
    """``400 bad_field`` naming the field, also as ``field`` in the answer."""
    return ApiError(400, "bad_field", field=name, extra={"field": name})


def register(app: Quart, state: AppState) -> None:
    config = state.config
    auth = state.auth

    def need(roles: frozenset[Role], **kwargs: Any) -> Callable[[Handler], Handler]:
        return access.guard(auth, config, roles, **kwargs)

    def refuse(error: OperatorError) -> ApiError:
        field = ERROR_FIELDS.get(error.key)
        return ApiError(400, "invalid_operator", text=error.message(language()),
                        extra={"field": field} if field else None)  # fmt: skip

    async def body() -> dict[str, Any]:
        data = await access.read_object(4096)
        unknown = set(data) - _FIELDS
        if unknown:
            raise bad_field(sorted(unknown)[0][:40])
        return data

    async def hashed(data: dict[str, Any]) -> dict[str, Any]:
        """Validate and hash the secrets in ``data`` (outside any transaction)."""
        found: dict[str, Any] = {}
        try:
            if "password" in data:
                password = _text(data, "password", 256, nullable=True)
                if password is not None:
                    operator_store.validate_password(password)
                found["password_hash"] = password and await auth.hashing.hash(password)
            if "pin" in data:
                pin = _text(data, "pin", 16, nullable=True)
                if pin is not None:
                    operator_store.validate_pin(pin)
                found["pin_hash"] = pin and await auth.hashing.hash(pin)
        except HashingBusy:
            raise ApiError(503, "busy", headers={"Retry-After": "2"}) from None
        except OperatorError as error:
            raise refuse(error) from None
        return found

    @app.get("/api/operators")
    @need(LEADS)
    async def list_all() -> Response:
        found = await state.store.read(operator_store.list_operators)
        return jsonify({"operators": [operator_json(o) for o in found]})

    @app.post("/api/operators")
    @need(ADMINS)
    async def create() -> Response:
        principal: Principal = g.principal
        data = await body()
        for name in ("login", "name", "role"):
            if name not in data:
                raise bad_field(name)
        secrets = await hashed(data)
        badge = _text(data, "badge", 128, nullable=True) if "badge" in data else None
        generated = _flag(data, "new_badge") if "new_badge" in data else False
        if generated:
            if badge is not None:
                raise ApiError(400, "invalid_operator", "api.badge_twice",
                               extra={"field": "badge"})  # fmt: skip
            badge = new_badge_code()
        try:
            operator_id = await state.store.run(
                operator_store.create_operator,
                login=_text(data, "login", 64), name=_text(data, "name", 200),
                role=_text(data, "role", 20), badge_code=badge, badge_key=auth.badge_key,
                badge_only=_flag(data, "badge_only") if "badge_only" in data else False,
                active=_flag(data, "active") if "active" in data else True,
                actor=principal.actor, **secrets,
            )  # fmt: skip
        except OperatorError as error:
            raise refuse(error) from None
        operator = await state.store.read(operator_store.get_operator, operator_id)
        assert operator is not None
        answer: dict[str, Any] = {"operator": operator_json(operator)}
        if generated:
            answer["badge"] = badge
        response = jsonify(answer)
        response.status_code = 201
        return response

    @app.patch("/api/operators/<id:operator_id>")
    @need(ADMINS)
    async def change(operator_id: int) -> Response:
        principal: Principal = g.principal
        data = await body()
        if "login" in data or "new_badge" in data:
            raise bad_field("login" if "login" in data else "new_badge")
        changes: dict[str, Any] = await hashed(data)
        if "name" in data:
            changes["name"] = _text(data, "name", 200)
        if "role" in data:
            changes["role"] = _text(data, "role", 20)
        if "active" in data:
            changes["active"] = _flag(data, "active")
        if "badge_only" in data:
            changes["badge_only"] = _flag(data, "badge_only")
        if "badge" in data:
            changes["badge_code"] = _text(data, "badge", 128, nullable=True)
        await _keep_an_admin(operator_id, changes)
        try:
            operator = await state.store.run(
                operator_store.update_operator, operator_id, actor=principal.actor,
                badge_key=auth.badge_key, **changes,
            )  # fmt: skip
        except OperatorError as error:
            if error.key == "no_such_operator":
                raise ApiError(404, "not_found") from None
            raise refuse(error) from None
        auth.operator_changed(operator_id)
        return jsonify({"operator": operator_json(operator)})

    async def _keep_an_admin(operator_id: int, changes: dict[str, Any]) -> None:
        """Nobody may demote or deactivate the last active admin (the installation would
        have nobody left to manage operators)."""
        if changes.get("role", "admin") == "admin" and changes.get("active", True):
            return
        everyone = await state.store.read(operator_store.list_operators)
        admins = [o.id for o in everyone if o.role is Role.ADMIN and o.active]
        if admins == [operator_id]:
            raise ApiError(409, "last_admin")

    @app.post("/api/operators/<id:operator_id>/unlock")
    @need(LEADS)
    async def unlock(operator_id: int) -> Response:
        principal: Principal = g.principal
        try:
            operator = await auth.unlock(operator_id, actor=principal.actor)
        except OperatorError:
            raise ApiError(404, "not_found") from None
        return jsonify({"operator": operator_json(operator)})

    @app.post("/api/operators/<id:operator_id>/logout")
    @need(LEADS)
    async def logout_everywhere(operator_id: int) -> Response:
        principal: Principal = g.principal
        operator = await state.store.read(operator_store.get_operator, operator_id)
        if operator is None:
            raise ApiError(404, "not_found")
        ended = await auth.end_operator_sessions(operator_id, actor=principal.actor)
        return jsonify({"ended": ended})
