"""The document rules over HTTP: reading and saving them, their description for the panel's
form editor, dry runs on orders, and their versions with restoring one (``docs/api.md``,
*Document rules*; roles: ``docs/security.md``).

Parsing a rule set (up to 256 KiB) and explaining it on 50 orders take a while; both run in
a worker thread so the event loop goes on serving the scanners meanwhile.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial
from typing import Any, Final

import trio
from quart import Quart, Response, g, jsonify, request

from kolektor.auth.service import OFFICE_ROLES
from kolektor.finalize.plan import RULES_SETTING, load_rules
from kolektor.i18n import Language, t
from kolektor.rules import (
    DEFAULT_RULES,
    Decision,
    Explanation,
    Rule,
    RuleContext,
    RuleProblem,
    RulesError,
    dump_rules,
    explain,
    parse_rules,
    rule_warnings,
)
from kolektor.rules.parse import dump_rule
from kolektor.rules.schema import rules_schema
from kolektor.server import access
from kolektor.server.access import ApiError, Handler, Principal
from kolektor.server.app import MAX_ID, AppState, language, to_json
from kolektor.store import orders as order_store
from kolektor.store import rule_trials, rule_versions
from kolektor.store import settings as settings_store
from kolektor.store.operators import Role
from kolektor.store.orders import OrderRecord
from kolektor.store.rule_versions import RuleVersion, VersionIsCurrent

RULES_MAX_BODY: Final = 256 * 1024
"""A rule set's JSON may have at most this many bytes (rules.MAX_RULES bounds the count)."""
TRY_MAX_BODY: Final = RULES_MAX_BODY + 4 * 1024
"""A dry run's body: a rule set and up to :data:`TRY_MAX_ORDERS` order ids."""
RULE_EDITORS: Final = frozenset({Role.OFFICE, Role.ADMIN})
TRY_MAX_ORDERS: Final = 50
"""A dry run explains at most this many orders (``"last50"``: the newest this many)."""
LAST_ORDERS: Final = "last50"
VERSIONS_LIMIT: Final = 50
VERSIONS_MAX_LIMIT: Final = 200


def path_text(path: Sequence[str | int]) -> str:
    """A problem's place in a rule's JSON as the panel names fields: ``("when", 1,
    "amount_above")`` → ``when[1].amount_above``; ``()`` → ``""`` (the rule itself)."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


def problems_json(problems: Sequence[RuleProblem]) -> list[dict[str, Any]]:
    """Problems (or warnings) located for a form: the rule's index (None for the whole
    list), its name, the field's path (:func:`path_text`) and only what is wrong."""
    return [
        {
            "rule": p.index,
            "name": p.name,
            "path": path_text(p.path),
            "message": p.detail or p.text,
            "text": p.text,
        }
        for p in problems
    ]


def invalid_rules(exc: RulesError, key: str = "api.invalid_rules") -> Response:
    """``400 invalid_rules``: ``problems`` (every problem as a whole sentence naming the
    rule) and ``fields`` (the same problems, in the same order, located for a form)."""
    problems = [str(p) for p in exc.problems]
    message = t(key, language(), count=len(problems), first=problems[0])
    response = jsonify(
        {
            "error": "invalid_rules",
            "message": message,
            "problems": problems,
            "fields": problems_json(exc.problems),
        }
    )
    response.status_code = 400
    return response


def _checked(data: Any, lang: Language) -> tuple[list[Rule], list[RuleProblem]]:
    """Parse (:class:`RulesError`) and warn — in a worker thread."""
    rules = parse_rules(data, language=lang)
    return rules, rule_warnings(rules, language=lang)


# -- dry runs -------------------------------------------------------------------------------


def _order_json(order: OrderRecord) -> dict[str, Any]:
    return {
        "id": order.id,
        "number": order.number,
        "customer_name": order.customer_name,
        "status": order.status.value,
        "issued_at": order.issued_at.isoformat(),
        "value_gross": str(order.value_gross),
        "currency": order.currency,
    }


def _explanation_json(explanation: Explanation, lang: Language) -> dict[str, Any]:
    return {
        "text": explanation.text(),
        "rules": [
            {
                "position": rule.position,
                "name": rule.name,
                "status": rule.status.value,
                "status_text": rule.status_text(lang),
                "matched": rule.matched,
                "conditions": [
                    {
                        "position": c.position,
                        "description": c.description,
                        "held": c.held,
                        "known": c.known,
                        "reason": c.reason,
                    }
                    for c in rule.conditions
                ],
            }
            for rule in explanation.rules
        ],
    }


def trial(rules: Sequence[Rule], order: OrderRecord, lang: Language) -> dict[str, Any]:
    """What ``order`` would become under ``rules`` and why (no effect)."""
    explanation = explain(rules, RuleContext.from_order(order), language=lang)
    result = explanation.result
    answer: dict[str, Any] = {"order": _order_json(order)}
    if isinstance(result, Decision):
        answer.update(
            decided=True,
            rule={"position": result.position, "name": result.rule},
            document=result.document.value,
            actions=dump_rule(rules[result.position - 1])["then"],
            actions_text=result.actions.describe(lang),
            summary=result.summary,
        )
    else:
        answer.update(
            decided=False, rule=None, document=None, actions=None, actions_text=None,
            summary=result.reason,
        )  # fmt: skip
    answer["explanation"] = _explanation_json(explanation, lang)
    return answer


def _order_ids(value: Any) -> list[int] | None:
    """The ids of a dry run's ``orders`` (each once, in the order sent); None when
    ``value`` asks for the newest orders."""
    if value == LAST_ORDERS:
        return None
    if (
        isinstance(value, list)
        and 1 <= len(value) <= TRY_MAX_ORDERS
        and all(isinstance(v, int) and not isinstance(v, bool) and 0 < v <= MAX_ID for v in value)
    ):
        return list(dict.fromkeys(value))
    raise ApiError(400, "bad_field", "api.bad_field.rules_try_orders", limit=TRY_MAX_ORDERS)


# -- versions -------------------------------------------------------------------------------


def _names(rules: Any) -> list[str]:
    if not isinstance(rules, list):
        return []
    return [r["name"] for r in rules if isinstance(r, dict) and isinstance(r.get("name"), str)]


def version_json(version: RuleVersion, current: int | None) -> dict[str, Any]:
    """A version for the list: who saved it and when, how many rules and their names."""
    return {
        "id": version.id,
        "at": version.at.isoformat(),
        "actor": version.actor,
        "count": len(version.rules) if isinstance(version.rules, list) else 0,
        "names": _names(version.rules),
        "current": version.id == current,
        "restored_from": (
            None
            if version.restored_from is None or version.restored_from_at is None
            else {"id": version.restored_from, "at": version.restored_from_at.isoformat()}
        ),
        "restored_defaults": version.restored_defaults,
    }


def defaults_json(current: int | None) -> dict[str, Any]:
    """The built-in rules as a version: in force until the first save."""
    rules = dump_rules(DEFAULT_RULES)
    return {"count": len(rules), "names": _names(rules), "current": current is None}


def _int_arg(name: str, default: int | None, low: int, high: int) -> int | None:
    raw = request.args.get(name)
    if raw is None:
        return default
    text = raw.strip()
    if not text.isascii() or not text.isdigit() or len(text) > 12 or not low <= int(text) <= high:
        raise ApiError(400, "bad_parameter", name=name, value=raw[:40])
    return int(text)


def register(app: Quart, state: AppState) -> None:
    config = state.config
    store = state.store

    def need(roles: frozenset[Role], **kwargs: Any) -> Callable[[Handler], Handler]:
        return access.guard(state.auth, config, roles, **kwargs)

    @app.get("/api/rules")
    @need(OFFICE_ROLES)
    async def get_rules() -> Response:
        rules = await store.read(load_rules, language())
        return jsonify({"rules": dump_rules(rules)})

    @app.put("/api/rules")
    @need(RULE_EDITORS, max_body=RULES_MAX_BODY)
    async def put_rules() -> Response:
        principal: Principal = g.principal
        data = await access.read_json(RULES_MAX_BODY)
        lang = language()
        try:
            rules, warnings = await trio.to_thread.run_sync(partial(_checked, data, lang))
        except RulesError as exc:
            return invalid_rules(exc)
        dumped = dump_rules(rules)
        await store.run(settings_store.set_setting, RULES_SETTING, dumped, actor=principal.actor)
        return jsonify({"rules": dumped, "warnings": problems_json(warnings)})

    @app.get("/api/rules/schema")
    @need(OFFICE_ROLES)
    async def rules_schema_route() -> Response:
        return jsonify(rules_schema(language()))

    @app.post("/api/rules/try/<id:order_id>")
    @need(OFFICE_ROLES, max_body=RULES_MAX_BODY)
    async def try_rules(order_id: int) -> Response:
        order = await store.read(order_store.get_order, order_id)
        if order is None:
            raise ApiError(404, "not_found")
        body = await request.get_data(cache=True)
        lang = language()
        try:
            if body.strip():
                data = await access.read_json(RULES_MAX_BODY)
                rules = await trio.to_thread.run_sync(lambda: parse_rules(data, language=lang))
            else:
                rules = await store.read(load_rules, lang)
        except RulesError as exc:
            return invalid_rules(exc)
        explanation = explain(rules, RuleContext.from_order(order), language=lang)
        return jsonify({"explanation": to_json(explanation)})

    @app.post("/api/rules/try")
    @need(OFFICE_ROLES, max_body=TRY_MAX_BODY)
    async def try_on_orders() -> Response:
        body = await access.read_object(TRY_MAX_BODY)
        unknown = sorted(set(body) - {"rules", "orders"})
        if unknown:
            raise ApiError(400, "bad_field", field=unknown[0][:40])
        ids = _order_ids(body.get("orders", LAST_ORDERS))
        lang = language()
        warnings: list[RuleProblem] = []
        if body.get("rules") is None:
            rules = await store.read(load_rules, lang)
        else:
            try:
                rules, warnings = await trio.to_thread.run_sync(
                    partial(_checked, body["rules"], lang)
                )
            except RulesError as exc:
                return invalid_rules(exc, "api.invalid_rules.try")
        if ids is None:
            orders = await store.read(rule_trials.newest_orders, TRY_MAX_ORDERS)
        else:
            orders, missing = await store.read(rule_trials.orders_by_id, ids)
            if missing:
                ids_text = ", ".join(str(i) for i in missing)
                raise ApiError(404, "not_found", "api.not_found.rules_try_orders", ids=ids_text)
        results = await trio.to_thread.run_sync(
            lambda: [trial(rules, order, lang) for order in orders]
        )
        return jsonify({"results": results, "warnings": problems_json(warnings)})

    @app.get("/api/rules/versions")
    @need(OFFICE_ROLES)
    async def list_versions() -> Response:
        before = _int_arg("before", None, 1, MAX_ID)
        limit = _int_arg("limit", VERSIONS_LIMIT, 1, VERSIONS_MAX_LIMIT)
        assert limit is not None
        versions = await store.read(rule_versions.list_versions, before=before, limit=limit + 1)
        current = await store.read(rule_versions.current_version_id)
        more = len(versions) > limit
        versions = versions[:limit]
        return jsonify(
            {
                "versions": [version_json(v, current) for v in versions],
                "next": versions[-1].id if more else None,
                "default": defaults_json(current),
            }
        )

    @app.get("/api/rules/versions/<id:version_id>")
    @need(OFFICE_ROLES)
    async def get_version(version_id: int) -> Response:
        version = await store.read(rule_versions.get_version, version_id)
        if version is None:
            raise ApiError(404, "not_found", "api.not_found.rules_version")
        current = await store.read(rule_versions.current_version_id)
        return jsonify({"version": {**version_json(version, current), "rules": version.rules}})

    @app.get("/api/rules/versions/default")
    @need(OFFICE_ROLES)
    async def get_default_version() -> Response:
        current = await store.read(rule_versions.current_version_id)
        return jsonify({"version": {**defaults_json(current), "rules": dump_rules(DEFAULT_RULES)}})

    async def restore(version: RuleVersion | None) -> Response:
        principal: Principal = g.principal
        lang = language()
        data = dump_rules(DEFAULT_RULES) if version is None else version.rules
        try:
            rules = await trio.to_thread.run_sync(lambda: parse_rules(data, language=lang))
        except RulesError as exc:
            return invalid_rules(exc, "api.invalid_rules.restore")
        dumped = dump_rules(rules)
        try:
            saved_as = await store.run(
                rule_versions.restore_version, version, dumped, actor=principal.actor
            )
        except VersionIsCurrent:
            raise ApiError(409, "rules_version_current") from None
        saved = await store.read(rule_versions.get_version, saved_as)
        assert saved is not None
        return jsonify({"rules": dumped, "version": version_json(saved, saved.id)})

    @app.post("/api/rules/versions/<id:version_id>/restore")
    @need(RULE_EDITORS)
    async def restore_version(version_id: int) -> Response:
        version = await store.read(rule_versions.get_version, version_id)
        if version is None:
            raise ApiError(404, "not_found", "api.not_found.rules_version")
        return await restore(version)

    @app.post("/api/rules/versions/default/restore")
    @need(RULE_EDITORS)
    async def restore_defaults() -> Response:
        return await restore(None)
