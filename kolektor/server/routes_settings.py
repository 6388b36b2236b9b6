"""The office's settings (``kolektor.settings``) and what was scanned and typed on an order
(``docs/api.md``, *Settings* and *Orders*; roles: ``docs/security.md``)."""

from __future__ import annotations

from typing import Final

from quart import Quart, Response, g, jsonify

from kolektor.auth.service import OFFICE_ROLES
from kolektor.i18n import describe
from kolektor.server import access
from kolektor.server.access import ApiError, Principal
from kolektor.server.app import AppState, language, to_json
from kolektor.settings import SettingInvalid, current_settings, office_settings, save_setting
from kolektor.store import orders as order_store
from kolektor.store import scan_log
from kolektor.store.operators import Role

SETTING_EDITORS: Final = frozenset({Role.ADMIN})
"""Settings decide who may do what on the floor (e.g. type quantities): admins change them."""
MAX_SETTING_BODY: Final = 16 * 1024


def register(app: Quart, state: AppState) -> None:
    config = state.config

    @app.get("/api/settings")
    @access.guard(state.auth, config, OFFICE_ROLES)
    async def get_settings() -> Response:
        return jsonify({"settings": await state.store.read(current_settings)})

    @app.put("/api/settings/<key>")
    @access.guard(state.auth, config, SETTING_EDITORS, max_body=MAX_SETTING_BODY)
    async def put_setting(key: str) -> Response:
        principal: Principal = g.principal
        if key not in office_settings():
            text = describe(
                SettingInvalid("settings.unknown", key=key[:100],
                               known=", ".join(sorted(office_settings()))),
                language(),
            )  # fmt: skip
            raise ApiError(404, "not_found", text=text)
        body = await access.read_object(MAX_SETTING_BODY)
        if set(body) != {"value"}:
            raise ApiError(400, "bad_field", field="value")
        try:
            saved = await state.store.run(save_setting, key, body["value"], actor=principal.actor)
        except SettingInvalid as error:
            # The field it names (``units.kg.percent``), for the panel to show it beside.
            field = error.params.get("field")
            raise ApiError(
                400, "invalid_setting", text=describe(error, language()),
                extra={"field": field if isinstance(field, str) else None},
            ) from None  # fmt: skip
        return jsonify({"key": key, "value": saved})

    @app.get("/api/orders/<id:order_id>/scans")
    @access.guard(state.auth, config, OFFICE_ROLES)
    async def order_scans(order_id: int) -> Response:
        order = await state.store.read(order_store.get_order, order_id)
        if order is None:
            raise ApiError(404, "not_found")
        found = await state.store.read(scan_log.order_scans, order_id)
        return jsonify({"scans": to_json(found)})
