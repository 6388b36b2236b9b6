"""The office API: orders, their jobs and documents, retry/skip, the document rules, the
intake (roles: ``docs/security.md``)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, Final

import trio
from quart import Quart, Response, g, jsonify, request

from kolektor.auth.service import OFFICE_ROLES
from kolektor.finalize.pipeline import retry_order, skip_step
from kolektor.finalize.plan import RULES_SETTING, load_rules
from kolektor.i18n import t
from kolektor.logs import log_event
from kolektor.rules import RuleContext, RulesError, dump_rules, explain, parse_rules
from kolektor.server import access
from kolektor.server.access import ApiError, Handler, Principal
from kolektor.server.app import AppState, language, logger, to_json
from kolektor.store import documents as document_store
from kolektor.store import jobs as job_store
from kolektor.store import orders as order_store
from kolektor.store import settings as settings_store
from kolektor.store.lifecycle import OrderStatus
from kolektor.store.operators import Role

RULES_MAX_BODY: Final = 256 * 1024
"""A rule set's JSON may have at most this many bytes (rules.MAX_RULES bounds the count)."""
MAX_OFFSET: Final = 10**9
RULE_EDITORS: Final = frozenset({Role.OFFICE, Role.ADMIN})
SKIPPERS: Final = frozenset({Role.OFFICE, Role.ADMIN})
"""Skipping a failed step (e.g. realization) is an office decision, not the floor's."""


def _invalid_rules(exc: RulesError) -> Response:
    problems = [str(p) for p in exc.problems]
    message = t("api.invalid_rules", language(), count=len(problems), first=problems[0])
    response = jsonify({"error": "invalid_rules", "message": message, "problems": problems})
    response.status_code = 400
    return response


def _int_arg(name: str, default: int, low: int, high: int) -> int:
    raw = request.args.get(name)
    if raw is None:
        return default
    text = raw.strip()
    if not text.isascii() or not text.isdigit() or len(text) > 12 or not low <= int(text) <= high:
        raise ApiError(400, "bad_parameter", name=name, value=raw[:40])
    return int(text)


def register(app: Quart, state: AppState) -> None:
    config = state.config

    def need(roles: frozenset[Role], **kwargs: Any) -> Callable[[Handler], Handler]:
        return access.guard(state.auth, config, roles, **kwargs)

    @app.get("/api/orders")
    @need(OFFICE_ROLES)
    async def list_orders() -> Response:
        statuses = request.args.getlist("status")
        for value in statuses:
            if value not in {s.value for s in OrderStatus}:
                raise ApiError(400, "bad_parameter", name="status", value=value[:40])
        limit = _int_arg("limit", 100, 1, 1000)
        offset = _int_arg("offset", 0, 0, MAX_OFFSET)
        orders = await state.store.read(
            order_store.list_orders, statuses=statuses or None, limit=limit, offset=offset
        )
        steps = await state.store.read(job_store.steps_of, [order.id for order in orders])
        counts = await state.store.read(order_store.count_by_status)
        listed = [{**to_json(order), "steps": steps.get(order.id, {})} for order in orders]
        return jsonify({"orders": listed, "counts": counts, "intake": state.intake.as_dict()})

    @app.get("/api/orders/<id:order_id>")
    @need(OFFICE_ROLES)
    async def get_order(order_id: int) -> Response:
        order = await state.store.read(order_store.get_order, order_id)
        if order is None:
            raise ApiError(404, "not_found")
        timeline = await state.store.read(order_store.timeline, order_id)
        return jsonify({"order": to_json(order), "timeline": to_json(timeline)})

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

    @app.get("/api/rules")
    @need(OFFICE_ROLES)
    async def get_rules() -> Response:
        rules = await state.store.read(load_rules, language())
        return jsonify({"rules": dump_rules(rules)})

    @app.put("/api/rules")
    @need(RULE_EDITORS, max_body=RULES_MAX_BODY)
    async def put_rules() -> Response:
        principal: Principal = g.principal
        data = await access.read_json(RULES_MAX_BODY)
        lang = language()
        try:
            rules = await trio.to_thread.run_sync(lambda: parse_rules(data, language=lang))
        except RulesError as exc:
            return _invalid_rules(exc)
        dumped = dump_rules(rules)
        await state.store.run(
            settings_store.set_setting, RULES_SETTING, dumped, actor=principal.actor
        )
        return jsonify({"rules": dumped})

    @app.post("/api/rules/try/<id:order_id>")
    @need(OFFICE_ROLES, max_body=RULES_MAX_BODY)
    async def try_rules(order_id: int) -> Response:
        order = await state.store.read(order_store.get_order, order_id)
        if order is None:
            raise ApiError(404, "not_found")
        body = await request.get_data(cache=True)
        lang = language()
        try:
            if body.strip():
                data = await access.read_json(RULES_MAX_BODY)
                rules = await trio.to_thread.run_sync(lambda: parse_rules(data, language=lang))
            else:
                rules = await state.store.read(load_rules, lang)
        except RulesError as exc:
            return _invalid_rules(exc)
        explanation = explain(rules, RuleContext.from_order(order), language=lang)
        return jsonify({"explanation": to_json(explanation)})

    @app.post("/api/intake/run")
    @need(OFFICE_ROLES)
    async def run_intake() -> Response:
        principal: Principal = g.principal
        state.wakeup.set()
        log_event(logger, "intake.requested", operator=principal.operator.login)
        response = jsonify({"requested": True})
        response.status_code = 202
        return response
