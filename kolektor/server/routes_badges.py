"""Badges: issuing an operator a new one, and printing cards (``docs/api.md``, *Badges*).

* ``POST /api/operators/<id>/badge`` — a new random badge (:func:`kolektor.badges.new_badge_code`,
  from ``secrets``) replaces the operator's badge at once; the answer is the only place the
  code is ever shown.
* ``POST /api/badges/label`` — ZPL labels for a label printer;
* ``POST /api/badges/sheet`` — a PDF sheet of cards for an office printer.

The print routes take the codes from the caller (the store has only their hashes) and print
a card only for the badge its operator holds now, active: a card that would not log anyone
in is refused, naming it.  Each printed card is audited (``operator.badge_printed``).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, Final

import trio
from quart import Quart, Response, g, jsonify

from kolektor import badges
from kolektor.auth.keys import badge_hash, normalize_badge
from kolektor.badges import Badge, BadgeDoesNotFit, new_badge_code
from kolektor.i18n import describe, t
from kolektor.server import access
from kolektor.server.access import ApiError, Handler, Principal
from kolektor.server.app import MAX_ID, AppState, language
from kolektor.server.routes_operators import ADMINS, bad_field, operator_json
from kolektor.store import badges as badge_store
from kolektor.store.operators import Operator, OperatorError, Role

MAX_BADGES: Final = 100
"""Cards one request prints (ten PDF pages)."""
PRINT_MAX_BODY: Final = 64 * 1024
MAX_CODE: Final = 128
ZPL_TYPE: Final = "application/zpl; charset=utf-8"


def _download(content: bytes | str, content_type: str, extension: str) -> Response:
    response = Response(content, content_type=content_type)
    name = t("badge.file_name", language())
    response.headers["Content-Disposition"] = f'attachment; filename="{name}.{extension}"'
    return response


def _print_request(data: dict[str, Any], *, label: bool) -> tuple[list[tuple[int, str]], int]:
    """The cards asked for, as (operator id, normalized code), and the label printer's dots
    per mm (8 for the sheet, which has no ``dpmm``)."""
    known = {"badges", "dpmm"} if label else {"badges"}
    if set(data) - known:
        raise bad_field(sorted(set(data) - known)[0][:40])
    items = data.get("badges")
    if not isinstance(items, list) or not 1 <= len(items) <= MAX_BADGES:
        raise ApiError(400, "bad_badges", max=MAX_BADGES, extra={"field": "badges"})
    wanted = []
    for index, item in enumerate(items):
        where = f"badges[{index}]"
        if not isinstance(item, dict):
            raise bad_field(where)
        if set(item) - {"operator_id", "code"}:
            raise bad_field(f"{where}.{sorted(set(item) - {'operator_id', 'code'})[0][:40]}")
        operator_id, code = item.get("operator_id"), item.get("code")
        if not isinstance(operator_id, int) or isinstance(operator_id, bool):
            raise bad_field(f"{where}.operator_id")
        if not 1 <= operator_id <= MAX_ID:
            raise bad_field(f"{where}.operator_id")
        if not isinstance(code, str) or len(code) > MAX_CODE or not normalize_badge(code):
            raise bad_field(f"{where}.code")
        wanted.append((operator_id, normalize_badge(code)))
    dpmm = data.get("dpmm", 8)
    if not isinstance(dpmm, int) or isinstance(dpmm, bool) or dpmm not in badges.LABEL_DPI:
        raise bad_field("dpmm")
    return wanted, dpmm


def register(app: Quart, state: AppState) -> None:
    config = state.config
    auth = state.auth

    def need(roles: frozenset[Role], **kwargs: Any) -> Callable[[Handler], Handler]:
        return access.guard(auth, config, roles, **kwargs)

    @app.post("/api/operators/<id:operator_id>/badge")
    @need(ADMINS)
    async def issue(operator_id: int) -> Response:
        principal: Principal = g.principal
        try:
            operator, code = await state.store.run(
                badge_store.issue_badge, operator_id, new_code=new_badge_code,
                badge_key=auth.badge_key, actor=principal.actor,
            )  # fmt: skip
        except OperatorError as error:
            if error.key == "no_such_operator":
                raise ApiError(404, "not_found") from None
            raise ApiError(400, "invalid_operator", text=error.message(language())) from None
        auth.operator_changed(operator_id)
        return jsonify({"operator": operator_json(operator), "badge": code})

    rendering = trio.CapacityLimiter(1)
    """PDF sheets are made one at a time (a few tens of ms of CPU each)."""

    async def printable(*, label: bool) -> tuple[list[tuple[Operator, str]], int]:
        """The cards the request asks for, each checked against the badge its operator
        holds now and against the room on the label or card."""
        data = await access.read_object(PRINT_MAX_BODY)
        wanted, dpmm = _print_request(data, label=label)
        holders = await state.store.read(badge_store.badge_holders, [i for i, _ in wanted])
        cards = []
        for index, (operator_id, code) in enumerate(wanted):
            holder = holders.get(operator_id)
            if holder is None or not holder.holds(badge_hash(auth.badge_key, code)):
                raise ApiError(409, "badge_mismatch", position=index + 1,
                               operator_id=operator_id, extra={"index": index})  # fmt: skip
            if not holder.operator.active:
                raise ApiError(409, "operator_inactive", position=index + 1,
                               login=holder.operator.login, extra={"index": index})  # fmt: skip
            try:
                if label:
                    badges.label_module_mm(code, dpmm)
                else:
                    badges.card_module_mm(code)
            except BadgeDoesNotFit as error:
                raise ApiError(400, "badge_too_long", text=describe(error, language()),
                               extra={"index": index}) from None  # fmt: skip
            cards.append((holder.operator, code))
        return cards, dpmm

    def cards_of(cards: list[tuple[Operator, str]]) -> list[Badge]:
        return [Badge(operator.name, operator.role.value, code) for operator, code in cards]

    @app.post("/api/badges/label")
    @need(ADMINS, max_body=PRINT_MAX_BODY)
    async def labels() -> Response:
        principal: Principal = g.principal
        cards, dpmm = await printable(label=True)
        zpl = badges.zpl_labels(cards_of(cards), dpmm=dpmm, language=language())
        await state.store.run(badge_store.record_printed, cards, "label", actor=principal.actor)
        return _download(zpl, ZPL_TYPE, "zpl")

    @app.post("/api/badges/sheet")
    @need(ADMINS, max_body=PRINT_MAX_BODY)
    async def sheet() -> Response:
        principal: Principal = g.principal
        cards, _ = await printable(label=False)
        render = functools.partial(badges.pdf_sheet, cards_of(cards), language=language())
        pdf = await trio.to_thread.run_sync(render, limiter=rendering)
        await state.store.run(badge_store.record_printed, cards, "sheet", actor=principal.actor)
        return _download(pdf, "application/pdf", "pdf")
