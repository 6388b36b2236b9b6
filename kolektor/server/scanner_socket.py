"""The scanner app (``/scanner``), its texts (``/static/scanner/i18n/<language>.json``,
from the message catalog's ``web.*`` keys), its service worker (``/static/scanner/sw.js``,
see :mod:`kolektor.server.app_shell`) and its WebSocket (``/scanner/ws``).

Before the socket is accepted: a page from a foreign Origin is refused (403) and, past
``[server] max_scanner_connections`` open sockets, so is one more (503).  Once accepted, a
device must say ``hello`` within :data:`HELLO_TIMEOUT` seconds, and a socket that sends
nothing for :data:`IDLE_TIMEOUT` seconds (the app pings every 15 s) is closed.  Hypercorn
refuses frames over :data:`kolektor.server.serve.WEBSOCKET_MAX_MESSAGE` bytes before
buffering them; frames between the protocol's 16 KiB and that get a ``too_large`` error.
"""

from __future__ import annotations

import logging
from typing import Final

import trio
from quart import Quart, Response, jsonify, send_from_directory, websocket

from kolektor.auth.service import Client
from kolektor.i18n import LANGUAGES, normalize_language, t, web_catalog
from kolektor.logs import log_event
from kolektor.scanner.connection import ScannerConnection
from kolektor.server import access
from kolektor.server.access import ApiError
from kolektor.server.app import WEB_DIR, AppState, error
from kolektor.server.app_shell import APP_PAGE, service_worker_script

logger = logging.getLogger("kolektor.scanner")

HELLO_TIMEOUT: Final = 10.0
"""Seconds a new socket has to send ``hello``."""
IDLE_TIMEOUT: Final = 90.0
"""Seconds without any frame after which a socket is closed (half-open on bad Wi-Fi)."""
CLOSE_POLICY: Final = 1008
CLOSE_GOING_AWAY: Final = 1001


def register(app: Quart, state: AppState) -> None:
    config = state.config

    @app.get("/scanner")
    @access.public()
    async def scanner_app() -> Response:
        response = await send_from_directory(WEB_DIR / "scanner", "index.html")
        response.headers["Cache-Control"] = "no-cache"
        return response

    @app.get("/static/scanner/i18n/<language>.json")
    @access.public()
    async def scanner_texts(language: str) -> Response:
        """The app's texts in one language, where ``web/scanner/i18n.js`` fetches them;
        built from the catalog (:func:`kolektor.i18n.web_catalog`), not from files."""
        if language not in LANGUAGES:
            raise ApiError(404, "not_found")
        response = jsonify(web_catalog(normalize_language(language)))
        response.headers["Cache-Control"] = "no-cache"
        return response

    @app.get("/static/scanner/sw.js")
    @access.public()
    async def scanner_service_worker() -> Response:
        """The service worker that starts the app without a network; its scope is the app's
        page ``/scanner``, outside the script's folder, which ``Service-Worker-Allowed``
        permits.  ``no-cache``: the browser checks it for a new version at every start."""
        script = service_worker_script(WEB_DIR / "scanner")
        response = Response(script, content_type="text/javascript; charset=utf-8")
        response.headers["Service-Worker-Allowed"] = APP_PAGE
        response.headers["Cache-Control"] = "no-cache"
        return response

    @app.websocket("/scanner/ws")
    @access.public()
    async def scanner_socket() -> Response | None:
        lang = normalize_language(
            websocket.accept_languages.best_match(["pl", "en"]) or config.language
        )
        origin = websocket.headers.get("Origin")
        if not access.origin_allowed(
            origin,
            host=websocket.headers.get("Host"),
            scheme=websocket.scheme,
            allowed=config.security.allowed_origins,
        ):
            log_event(logger, "scanner.foreign_origin", logging.WARNING,
                      origin=(origin or "")[:100], source=websocket.remote_addr)  # fmt: skip
            message = t("api.origin", lang, origin=(origin or "")[:100])
            return error(403, "foreign_origin", message)
        if state.scanner_connections >= config.server.max_scanner_connections:
            log_event(logger, "scanner.too_many_connections", logging.WARNING,
                      limit=config.server.max_scanner_connections)  # fmt: skip
            response = error(503, "too_many_connections", t("api.too_many_connections", lang))
            response.headers["Retry-After"] = "10"
            return response
        state.scanner_connections += 1
        try:
            await websocket.accept()
            await _serve(state, lang)
        finally:
            state.scanner_connections -= 1
        return None


async def _serve(state: AppState, lang: str) -> None:
    # The object itself, not Quart's context-local proxy: the auth watch sends from its own
    # task ("logged out") when the operator's session ends.
    socket = websocket._get_current_object()  # type: ignore[attr-defined]

    async def send(frame: str) -> None:
        await socket.send(frame)

    client = Client(
        source=websocket.remote_addr or "unknown",
        user_agent=websocket.headers.get("User-Agent"),
    )
    connection = ScannerConnection(
        state.scanner, send, auth=state.auth, client=client, language=normalize_language(lang)
    )
    try:
        while True:
            waiting_for_hello = connection.device.device_id is None
            timeout = HELLO_TIMEOUT if waiting_for_hello else IDLE_TIMEOUT
            frame: str | bytes = b""
            with trio.move_on_after(timeout) as waited:
                # Quart hands an empty binary frame over as None: it is a frame all the same.
                frame = await websocket.receive() or b""
            if waited.cancelled_caught:
                reason = "hello timeout" if waiting_for_hello else "idle timeout"
                log_event(logger, "scanner.timeout", reason=reason,
                          device=connection.device.device_id, source=client.source)  # fmt: skip
                await websocket.close(CLOSE_POLICY if waiting_for_hello else CLOSE_GOING_AWAY,
                                      reason)  # fmt: skip
                return
            await connection.receive(frame)
    finally:
        await connection.closed()
