"""The Quart-Trio application: health, the office API, the session login, the scanner app
and its WebSocket.

Handlers are thin: :mod:`.access` decides who may call them, they parse parameters and call
the store through :meth:`~kolektor.store.engine.Store.read` (a worker thread), so the event
loop never blocks.  Every answer that is not a success is JSON ``{"error": code, "message":
text}`` in the caller's language (``Accept-Language``, Polish by default) — also for
unknown addresses, wrong methods, oversized bodies and server errors, which never show a
traceback.  Every response carries the security headers (:func:`security_headers`).
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, field, is_dataclass
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from quart import Response, has_request_context, jsonify, request, websocket
from quart.routing import QuartMap
from quart_trio import QuartTrio
from werkzeug.exceptions import HTTPException
from werkzeug.http import parse_range_header
from werkzeug.routing import BaseConverter, ValidationError

import kolektor
from kolektor.allegro import AllegroApp
from kolektor.auth.service import OFFICE_ROLES, AuthService
from kolektor.config import Config
from kolektor.finalize.pipeline import Pipeline
from kolektor.i18n import Language, normalize_language, t
from kolektor.intake.loop import IntakeStatus, Wakeup
from kolektor.logs import log_event
from kolektor.scanner.service import ScannerService
from kolektor.server import access
from kolektor.server.access import ApiError
from kolektor.shipping.carrier import Carrier
from kolektor.store.engine import Store, StoreError, StoreUnavailableError
from kolektor.store.tables import utcnow
from kolektor.supervise import Supervisor

logger = logging.getLogger("kolektor.server")

WEB_DIR = Path(__file__).resolve().parents[2] / "web"
"""Static files of the scanner app and the panel (``web/`` at the top of the project)."""

MAX_ID = 2**31 - 1
"""Ids in URLs above this are refused as bad input (the store's ids are 32-bit)."""


@dataclass
class AppState:
    """What the request handlers share: configuration, store, services, intake status."""

    config: Config
    store: Store
    scanner: ScannerService
    auth: AuthService
    pipeline: Pipeline | None = None
    carriers: Mapping[str, Carrier] = field(default_factory=dict)
    """The carriers the label step buys from (``make_carriers``): the office cancels with them."""
    intake: IntakeStatus = field(default_factory=IntakeStatus)
    wakeup: Wakeup = field(default_factory=Wakeup)
    scanner_connections: int = 0
    services: Supervisor = field(default_factory=Supervisor)
    """The background services (intake, pipeline, store writer, auth watch) and their state."""
    allegro: AllegroApp | None = None
    """The Allegro application the panel connects accounts to; None: ``[allegro]``'s."""
    now: Callable[[], datetime] = utcnow
    """The clock of the routes that keep time in the store (Allegro's device flow)."""


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


def _current() -> Any:
    """The request or the WebSocket being served (error handlers run for both)."""
    return request if has_request_context() else websocket


def language() -> Language:
    return normalize_language(_current().accept_languages.best_match(["pl", "en"]) or "pl")


def error(status: int, code: str, message: str, **extra: Any) -> Response:
    response = jsonify({"error": code, "message": message, **extra})
    response.status_code = status
    return response


def api_error_response(exc: ApiError) -> Response:
    lang = language()
    params = dict(exc.params)
    for name in [n for n in params if n.endswith("_key")]:
        params[name.removesuffix("_key")] = t(str(params.pop(name)), lang)
    message = exc.text if exc.text is not None else t(exc.key, lang, **params)
    response = error(exc.status, exc.code, message, **exc.extra)
    for name, value in exc.headers.items():
        response.headers[name] = value
    return response


class IdConverter(BaseConverter):
    """``<id:order_id>``: digits only; values over :data:`MAX_ID` are bad input (400)."""

    regex = r"[0-9]{1,40}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: Any) -> str:
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise ValidationError
        return str(value)


def _path_ids_in_range() -> None:
    for name, value in (request.view_args or {}).items():
        if isinstance(value, int) and not 0 < value <= MAX_ID:
            raise ApiError(400, "bad_parameter", name=name, value=str(value)[:40])


def _ignore_unservable_ranges() -> None:
    """Quart fails (a 500) on suffix ranges (``bytes=-500``); HTTP lets a server ignore a
    ``Range`` it does not serve, so those — and anything not one plain range — get the whole
    file with 200 instead."""
    header = request.headers.get("Range")
    if header is None:
        return
    parsed = parse_range_header(header)
    plain = parsed is not None and len(parsed.ranges) == 1 and parsed.ranges[0][0] >= 0
    if not plain:
        del request.headers["Range"]


def security_headers(response: Response, config: Config) -> Response:
    """CSP without inline scripts, no framing, no sniffing, no referrer; HSTS under TLS;
    nothing personal cached."""
    host = request.headers.get("Host", "")
    socket_origins = " ".join(f"{scheme}://{host}" for scheme in ("ws", "wss")) if host else ""
    headers = response.headers
    headers.setdefault(
        "Content-Security-Policy",
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "font-src 'self'; media-src 'self'; manifest-src 'self'; "
        f"connect-src 'self' {socket_origins}".rstrip()
        + "; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
    )
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Referrer-Policy", "no-referrer")
    headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
    headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
    headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=(), usb=()")
    if config.server.tls:
        headers.setdefault("Strict-Transport-Security", "max-age=31536000")
    if request.path.startswith("/api/") or request.path == "/health":
        headers["Cache-Control"] = "no-store"
    return response


class _Map(QuartMap):
    """URLs are taken as they are: ``/api//orders`` is not found (werkzeug would answer it
    with an HTML redirect to a location built from the ``Host`` header)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("merge_slashes", False)
        super().__init__(*args, **kwargs)


class KolektorApp(QuartTrio):
    url_map_class = _Map


def _overall(state: AppState, store_error: str | None) -> str:
    """``down`` (the store does not answer), ``starting`` (the first read of Subiekt has not
    finished: the queue is not complete yet), ``degraded`` (Subiekt unreachable or a
    service restarting), else ``ok``."""
    if store_error:
        return "down"
    intake = state.intake
    if intake.last_success_at is None and intake.consecutive_failures == 0:
        return "starting"
    if not intake.healthy or not state.services.healthy:
        return "degraded"
    return "ok"


def create_app(state: AppState) -> QuartTrio:
    from kolektor.server import (
        routes_allegro,
        routes_audit,
        routes_badges,
        routes_dashboard,
        routes_office,
        routes_operators,
        routes_orders,
        routes_panel,
        routes_printers,
        routes_rules,
        routes_scanning,
        routes_session,
        routes_settings,
        routes_shipping,
        routes_stats,
        scanner_socket,
    )

    app = KolektorApp("kolektor", static_folder=str(WEB_DIR), static_url_path="/static")
    app.request_class = access.KolektorRequest
    app.json.sort_keys = False  # type: ignore[attr-defined]
    app.json.ensure_ascii = False  # type: ignore[attr-defined]
    app.config["MAX_CONTENT_LENGTH"] = access.MAX_ANY_BODY
    app.config["BODY_TIMEOUT"] = 30
    app.url_map.converters["id"] = IdConverter
    config = state.config

    @app.before_request
    async def before() -> None:
        access.check_origin(config)
        _path_ids_in_range()
        _ignore_unservable_ranges()

    @app.after_request
    async def after(response: Response) -> Response:
        return security_headers(response, config)

    @app.errorhandler(ApiError)
    async def on_api_error(exc: ApiError) -> Response:
        return api_error_response(exc)

    @app.errorhandler(HTTPException)
    async def on_http_error(exc: HTTPException) -> Response:
        status = exc.code or 500
        known = {404: "not_found", 405: "method_not_allowed", 413: "too_large"}
        code = known.get(status, "bad_request" if status < 500 else "internal")
        params: dict[str, object] = {"limit": access.MAX_ANY_BODY} if status == 413 else {}
        if code == "internal":
            params["error_id"] = secrets.token_hex(4)
        return error(status, code, t(f"api.{code}", language(), **params))

    @app.errorhandler(Exception)
    async def on_error(exc: Exception) -> Response:
        if isinstance(exc, StoreUnavailableError):
            log_event(logger, "http.store_unavailable", logging.ERROR, path=_current().path,
                      error=str(exc)[:300])  # fmt: skip
            response = error(503, "unavailable", t("api.unavailable", language()))
            response.headers["Retry-After"] = "5"
            return response
        error_id = secrets.token_hex(4)
        current = _current()
        fields = {"path": current.path, "method": current.method, "error_id": error_id}
        logger.error("http.failed", exc_info=exc, extra={"kolektor_fields": fields})
        return error(500, "internal", t("api.internal", language(), error_id=error_id))

    @app.get("/health")
    @access.public()
    async def health() -> Response:
        store_error = None
        try:
            await state.store.ping()
        except StoreError as exc:
            store_error = str(exc)
        status = _overall(state, store_error)
        body: dict[str, Any] = {"status": status}
        principal = None
        if request.cookies or request.headers.get("Authorization"):
            try:
                principal = await access.authenticate(state.auth, config)
            except ApiError:
                principal = None
        if principal is not None and principal.operator.role in OFFICE_ROLES:
            body.update(
                version=kolektor.__version__,
                store={"ok": store_error is None, "error": store_error},
                subiekt=state.intake.as_dict(),
                services={n: s.as_dict() for n, s in state.services.services.items()},
                scanners=state.auth.live_connections,
            )
        response = jsonify(body)
        response.status_code = 503 if store_error else 200
        return response

    routes_session.register(app, state)
    routes_office.register(app, state)
    routes_orders.register(app, state)
    routes_dashboard.register(app, state)
    routes_rules.register(app, state)
    routes_operators.register(app, state)
    routes_badges.register(app, state)
    routes_audit.register(app, state)
    routes_settings.register(app, state)
    routes_scanning.register(app, state)
    routes_stats.register(app, state)
    routes_printers.register(app, state)
    routes_shipping.register(app, state)
    routes_allegro.register(app, state, allegro=state.allegro, now=state.now)
    routes_panel.register(app, state)
    scanner_socket.register(app, state)
    access.check_every_route_declared(app)
    return app
