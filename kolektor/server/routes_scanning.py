"""How the server reads scanned codes, for the office: the scan parser's configuration in
effect and "Sprawdź kod" — a code read exactly as a scanner's scan of it is read
(``docs/api.md``, *Scanned codes*; roles: ``docs/security.md``)."""

from __future__ import annotations

import json
from typing import Any, Final

from quart import Quart, Response, jsonify

from kolektor.auth.service import OFFICE_ROLES
from kolektor.i18n import scan_error_message
from kolektor.scanner.protocol import MAX_CODE
from kolektor.scanner.reading import json_ready, read_code
from kolektor.server import access
from kolektor.server.access import ApiError
from kolektor.server.app import AppState, language

MAX_TRY_BODY: Final = 4 * 1024


def register(app: Quart, state: AppState) -> None:
    config = state.config

    @app.get("/api/scan/parser")
    @access.guard(state.auth, config, OFFICE_ROLES)
    async def scan_parser() -> Response:
        return jsonify({"parser": json.loads(state.scanner.parser.config_json)})

    @app.post("/api/scan/try")
    @access.guard(state.auth, config, OFFICE_ROLES, max_body=MAX_TRY_BODY)
    async def try_code() -> Response:
        body = await access.read_object(MAX_TRY_BODY)
        code = body.get("code")
        if set(body) != {"code"} or not isinstance(code, str) or not 0 < len(code) <= MAX_CODE:
            raise ApiError(400, "bad_field", field="code")
        reading = read_code(state.scanner.parser, code)
        product = state.scanner.catalog.product(reading.key)
        error: dict[str, Any] | None = None
        if reading.error is not None:
            error = {**reading.error,
                     "message": scan_error_message(reading.failure, language())}  # fmt: skip
        return jsonify(
            {
                "code": code,
                "readable": reading.error is None,
                "interpretation": reading.interpretation,
                "lookup_key": reading.key,
                "quantity": json_ready(reading.quantity),
                "known": reading.key in state.scanner.catalog,
                "product": ({"symbol": product.symbol, "name": product.name} if product else None),
                "error": error,
            }
        )
