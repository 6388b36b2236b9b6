"""The Quart-Trio application: health, the orders API (office roles) and — in later
issues — the scanner app and the panel.

Handlers are thin: they authenticate, parse parameters and call the store through
:meth:`~kolektor.store.engine.Store.read` (a worker thread), so the event loop never blocks.
API errors are JSON ``{"error": code, "message": text}`` in the caller's language
(``Accept-Language``, Polish by default).
"""

from __future__ import annotations

import base64
import binascii
import logging
from collections.abc import Awaitable, Callable
from dataclasses import asdict, dataclass, field, is_dataclass
from datetime import datetime
from decimal import Decimal
from functools import wraps
from pathlib import Path
from typing import Any, ParamSpec

import trio
from quart import Response, g, jsonify, request, send_from_directory, websocket
from quart_trio import QuartTrio

import kolektor
from kolektor.config import Config
from kolektor.finalize.pipeline import Pipeline, retry_order, skip_step
from kolektor.finalize.plan import RULES_SETTING, load_rules
from kolektor.i18n import Language, normalize_language, t
from kolektor.intake.loop import IntakeStatus, Wakeup
from kolektor.logs import log_event
from kolektor.rules import RuleContext, RulesError, dump_rules, explain, parse_rules
from kolektor.scanner.connection import ScannerConnection
from kolektor.scanner.service import ScannerService
from kolektor.store import jobs as job_store
from kolektor.store import operators as operator_store
from kolektor.store import orders as order_store
from kolektor.store import settings as settings_store
from kolektor.store.engine import Store, StoreError
from kolektor.store.lifecycle import OrderStatus

logger = logging.getLogger("kolektor.server")
P = ParamSpec("P")

OFFICE_ROLES = frozenset({"office", "admin", "supervisor"})


WEB_DIR = Path(__file__).resolve().parents[2] / "web"
"""Static files of the scanner app and the panel (``web/`` at the top of the project)."""


@dataclass
class AppState:
    """What the request handlers share: configuration, store, intake status, scanner rules."""

    config: Config
    store: Store
    scanner: ScannerService
    pipeline: Pipeline | None = None
    intake: IntakeStatus = field(default_factory=IntakeStatus)
    wakeup: Wakeup = field(default_factory=Wakeup)


def to_json(value: Any) -> Any:
    """Dataclasses, Decimals (as strings, exact) and datetimes (ISO 8601) for JSON."""
    if is_dataclass(value) and not isinstance(value, type):
        return to_json(asdict(value))
    if isinstance(value, dict):
        return {str(k): to_json(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [to_json(v) for v in value]
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime):
        return value.isoformat()
    return value


def language() -> Language:
    return normalize_language(request.accept_languages.best_match(["pl", "en"]) or "pl")


def error(status: int, code: str, message: str) -> Response:
    response = jsonify({"error": code, "message": message})
    response.status_code = status
    return response


def invalid_rules(exc: RulesError) -> Response:
    response = jsonify({"error": "invalid_rules", "problems": [str(p) for p in exc.problems]})
    response.status_code = 400
    return response


def create_app(state: AppState) -> QuartTrio:
    app = QuartTrio("kolektor", static_folder=str(WEB_DIR), static_url_path="/static")
    app.json.sort_keys = False  # type: ignore[attr-defined]
    app.json.ensure_ascii = False  # type: ignore[attr-defined]

    def require_role(
        roles: frozenset[str],
    ) -> Callable[[Callable[P, Awaitable[Any]]], Callable[P, Awaitable[Any]]]:
        def decorate(handler: Callable[P, Awaitable[Any]]) -> Callable[P, Awaitable[Any]]:
            @wraps(handler)
            async def wrapper(*args: P.args, **kwargs: P.kwargs) -> Any:
                credentials = _basic_credentials(request.headers.get("Authorization", ""))
                operator = None
                if credentials is not None:
                    operator = await state.store.run(
                        operator_store.authenticate_password, *credentials
                    )
                if operator is None:
                    response = error(401, "auth_required", t("api.auth_required", language()))
                    response.headers["WWW-Authenticate"] = 'Basic realm="Kolektor", charset="UTF-8"'
                    return response
                if operator.role not in roles:
                    return error(403, "forbidden", t("api.forbidden", language()))
                g.operator = operator
                return await handler(*args, **kwargs)

            return wrapper

        return decorate

    @app.get("/scanner")
    async def scanner_app() -> Response:
        response = await send_from_directory(WEB_DIR / "scanner", "index.html")
        response.headers["Cache-Control"] = "no-cache"
        return response

    @app.websocket("/scanner/ws")
    async def scanner_socket() -> None:
        async def send(frame: str) -> None:
            await websocket.send(frame)

        language = normalize_language(
            websocket.accept_languages.best_match(["pl", "en"]) or state.config.language
        )
        connection = ScannerConnection(state.scanner, send, language=language)
        while True:
            await connection.receive(await websocket.receive())

    @app.get("/health")
    async def health() -> Response:
        store_error = None
        try:
            await state.store.ping()
        except StoreError as exc:
            store_error = str(exc)
        body = {
            "status": "ok" if store_error is None and state.intake.healthy else "degraded",
            "version": kolektor.__version__,
            "store": {"ok": store_error is None, "error": store_error},
            "subiekt": state.intake.as_dict(),
        }
        response = jsonify(body)
        response.status_code = 503 if store_error else 200
        return response

    @app.get("/api/orders")
    @require_role(OFFICE_ROLES)
    async def list_orders() -> Response:
        statuses = request.args.getlist("status")
        for value in statuses:
            if value not in {s.value for s in OrderStatus}:
                message = t("api.bad_parameter", language(), name="status", value=value)
                return error(400, "bad_parameter", message)
        try:
            limit = min(max(int(request.args.get("limit", 100)), 1), 1000)
            offset = max(int(request.args.get("offset", 0)), 0)
        except ValueError:
            message = t("api.bad_parameter", language(), name="limit/offset", value=request.args)
            return error(400, "bad_parameter", message)
        orders = await state.store.read(
            order_store.list_orders, statuses=statuses or None, limit=limit, offset=offset
        )
        counts = await state.store.read(order_store.count_by_status)
        return jsonify(
            {"orders": to_json(orders), "counts": counts, "intake": state.intake.as_dict()}
        )

    @app.get("/api/orders/<int:order_id>")
    @require_role(OFFICE_ROLES)
    async def get_order(order_id: int) -> Response:
        order = await state.store.read(order_store.get_order, order_id)
        if order is None:
            return error(404, "not_found", t("api.not_found", language()))
        timeline = await state.store.read(order_store.timeline, order_id)
        return jsonify({"order": to_json(order), "timeline": to_json(timeline)})

    @app.get("/api/orders/<int:order_id>/jobs")
    @require_role(OFFICE_ROLES)
    async def order_jobs(order_id: int) -> Response:
        found = await state.store.read(job_store.jobs_of, order_id)
        return jsonify({"jobs": to_json(found)})

    @app.post("/api/orders/<int:order_id>/retry")
    @require_role(OFFICE_ROLES)
    async def retry(order_id: int) -> Response:
        actor = f"operator:{g.operator.login}"
        return await failed_step_action("retried", retry_order(state.store, order_id, actor=actor))

    @app.post("/api/orders/<int:order_id>/skip")
    @require_role(OFFICE_ROLES)
    async def skip(order_id: int) -> Response:
        actor = f"operator:{g.operator.login}"
        reason = t("api.skipped_by", language(), login=g.operator.login)
        action = skip_step(state.store, order_id, actor=actor, reason=reason)
        return await failed_step_action("skipped", action)

    async def failed_step_action(done: str, action: Awaitable[str | None]) -> Response:
        """Answer the office's retry or skip of an order's failed step, waking the workers."""
        try:
            step = await action
        except order_store.OrderStateError as exc:
            return error(409, "wrong_status", str(exc))
        if step is None:
            return error(409, "nothing_failed", t("api.nothing_failed", language()))
        if state.pipeline is not None:
            state.pipeline.wake()
        return jsonify({done: step})

    @app.get("/api/orders/<int:order_id>/document")
    @require_role(OFFICE_ROLES)
    async def document(order_id: int) -> Response:
        found = await state.store.read(job_store.jobs_of, order_id)
        done = next((j for j in found if j.step == "document" and j.status == "done"), None)
        path = (done.result or {}).get("path") if done else None
        if not path or not await trio.Path(path).exists():
            return error(404, "not_found", t("api.no_document", language()))
        response = await send_from_directory(Path(path).parent, Path(path).name)
        response.headers["Content-Type"] = "application/pdf"
        return response

    @app.get("/api/rules")
    @require_role(OFFICE_ROLES)
    async def get_rules() -> Response:
        rules = await state.store.read(load_rules, language())
        return jsonify({"rules": dump_rules(rules)})

    @app.put("/api/rules")
    @require_role(frozenset({"admin", "office"}))
    async def put_rules() -> Response:
        data = await request.get_json(force=True, silent=True)
        try:
            rules = parse_rules(data, language=language())
        except RulesError as exc:
            return invalid_rules(exc)
        await state.store.run(
            settings_store.set_setting, RULES_SETTING, dump_rules(rules),
            actor=f"operator:{g.operator.login}",
        )  # fmt: skip
        return jsonify({"rules": dump_rules(rules)})

    @app.post("/api/rules/try/<int:order_id>")
    @require_role(OFFICE_ROLES)
    async def try_rules(order_id: int) -> Response:
        order = await state.store.read(order_store.get_order, order_id)
        if order is None:
            return error(404, "not_found", t("api.not_found", language()))
        data = await request.get_json(force=True, silent=True)
        try:
            if data is not None:
                rules = parse_rules(data, language=language())
            else:
                rules = await state.store.read(load_rules, language())
        except RulesError as exc:
            return invalid_rules(exc)
        explanation = explain(rules, RuleContext.from_order(order), language=language())
        return jsonify({"explanation": to_json(explanation)})

    @app.post("/api/intake/run")
    @require_role(OFFICE_ROLES)
    async def run_intake() -> Response:
        state.wakeup.set()
        log_event(logger, "intake.requested", operator=g.operator.login)
        response = jsonify({"requested": True})
        response.status_code = 202
        return response

    return app


def _basic_credentials(header: str) -> tuple[str, str] | None:
    scheme, _, encoded = header.partition(" ")
    if scheme.lower() != "basic" or not encoded:
        return None
    try:
        decoded = base64.b64decode(encoded, validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        return None
    login, separator, password = decoded.partition(":")
    if not separator or not login:
        return None
    return login, password
