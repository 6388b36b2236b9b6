"""The office API: orders, their jobs and documents, retry/skip, the intake (roles:
``docs/security.md``; the document rules are in :mod:`.routes_rules`)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, Final

from quart import Quart, Response, g, jsonify

from kolektor.auth.service import OFFICE_ROLES
from kolektor.finalize.pipeline import retry_order, skip_step
from kolektor.i18n import t
from kolektor.logs import log_event
from kolektor.server import access
from kolektor.server.access import ApiError, Handler, Principal
from kolektor.server.app import AppState, language, logger, to_json
from kolektor.store import documents as document_store
from kolektor.store import jobs as job_store
from kolektor.store import order_page
from kolektor.store import orders as order_store
from kolektor.store.operators import Role

SKIPPERS: Final = frozenset({Role.OFFICE, Role.ADMIN})
"""Skipping a failed step (e.g. realization) is an office decision, not the floor's."""


def register(app: Quart, state: AppState) -> None:
    config = state.config

    def need(roles: frozenset[Role], **kwargs: Any) -> Callable[[Handler], Handler]:
        return access.guard(state.auth, config, roles, **kwargs)

    @app.get("/api/orders/<id:order_id>")
    @need(OFFICE_ROLES)
    async def get_order(order_id: int) -> Response:
        order = await state.store.read(order_store.get_order, order_id)
        if order is None:
            raise ApiError(404, "not_found")
        timeline = await state.store.read(order_store.timeline, order_id)
        holder = await state.store.read(order_page.holder_login, order.claimed_by)
        return jsonify({"order": {**to_json(order), "claimed_by_login": holder},
                        "timeline": to_json(timeline)})  # fmt: skip

    @app.get("/api/orders/<id:order_id>/jobs")
    @need(OFFICE_ROLES)
    async def order_jobs(order_id: int) -> Response:
        found = await state.store.read(job_store.jobs_of, order_id)
        return jsonify({"jobs": to_json(found)})

    @app.post("/api/orders/<id:order_id>/retry")
    @need(OFFICE_ROLES)
    async def retry(order_id: int) -> Response:
        principal: Principal = g.principal
        action = retry_order(state.store, order_id, actor=principal.actor)
        return await failed_step_action("retried", action)

    @app.post("/api/orders/<id:order_id>/skip")
    @need(SKIPPERS)
    async def skip(order_id: int) -> Response:
        principal: Principal = g.principal
        reason = t("api.skipped_by", language(), login=principal.operator.login)
        action = skip_step(state.store, order_id, actor=principal.actor, reason=reason)
        return await failed_step_action("skipped", action)

    async def failed_step_action(done: str, action: Awaitable[str | None]) -> Response:
        """Answer the office's retry or skip of an order's failed step, waking the workers."""
        try:
            step = await action
        except order_store.OrderNotFoundError:
            raise ApiError(404, "not_found") from None
        except order_store.OrderStateError as exc:
            raise ApiError(409, "wrong_status", current=str(exc.status)) from None
        if step is None:
            raise ApiError(409, "nothing_failed")
        if state.pipeline is not None:
            state.pipeline.wake()
        return jsonify({done: step})

    @app.get("/api/orders/<id:order_id>/document")
    @need(OFFICE_ROLES)
    async def document(order_id: int) -> Response:
        stored = await state.store.read(document_store.find_document, order_id)
        content = (
            await state.store.read(document_store.document_content, stored.id) if stored else None
        )
        if stored is None or content is None:
            raise ApiError(404, "not_found", "api.no_document")
        response = Response(content, mimetype=stored.media_type)
        response.headers["Content-Disposition"] = f'inline; filename="{stored.filename}"'
        response.headers["Cache-Control"] = "no-store"
        return response

    @app.post("/api/intake/run")
    @need(OFFICE_ROLES)
    async def run_intake() -> Response:
        principal: Principal = g.principal
        state.wakeup.set()
        log_event(logger, "intake.requested", operator=principal.operator.login)
        response = jsonify({"requested": True})
        response.status_code = 202
        return response
