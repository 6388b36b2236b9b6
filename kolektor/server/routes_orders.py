"""The office's orders: the list with its filters, search and keyset paging, what the order
page shows (who picked, parcels, documents, audit entries) and the office's hold and send
back (``docs/api.md``, *Orders*; roles: ``docs/security.md``).

Every query parameter is checked before the store is asked; a bad one is ``400
bad_parameter`` naming it and saying what would be right.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from typing import Any, Final

from quart import Quart, Response, g, jsonify, request
from sqlalchemy.engine import Connection

from kolektor import safejson
from kolektor.auth.service import OFFICE_ROLES
from kolektor.i18n import t
from kolektor.server import access
from kolektor.server.access import ApiError, Handler, Principal
from kolektor.server.app import AppState, to_json
from kolektor.store import jobs as job_store
from kolektor.store import order_actions, order_page
from kolektor.store import orders as order_store
from kolektor.store.lifecycle import OrderStatus
from kolektor.store.order_search import (
    DOCUMENT_KINDS,
    MAX_QUERY_CHARS,
    MAX_WORDS,
    SORTS,
    SOURCES,
    CursorError,
    OrderKey,
    OrderPage,
    OrderSearch,
    decode_cursor,
    encode_cursor,
    operator_id_of,
    pickers,
    search_orders,
    search_words,
)
from kolektor.store.orders import SUBIEKT_TIMEZONE

MAX_LIMIT: Final = 1000
DEFAULT_LIMIT: Final = 100
MAX_OFFSET: Final = 10**9
MAX_REASON_CHARS: Final = 500
ACTION_MAX_BODY: Final = 4 * 1024
_DATE: Final = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
FIRST_DAY: Final = date(1900, 1, 1)
LAST_DAY: Final = date(9998, 12, 31)
"""The dates a filter may name (beyond them a day's midnight in UTC does not exist)."""
_STATUSES: Final = {status.value: status for status in OrderStatus}


def _bad(name: str, value: str, key: str = "api.bad_parameter", **params: Any) -> ApiError:
    """``400 bad_parameter`` naming the parameter (also as ``parameter`` in the answer, so
    the panel shows the message beside its field)."""
    return ApiError(400, "bad_parameter", key, name=name, value=value[:40],
                    extra={"parameter": name}, **params)  # fmt: skip


def _text_arg(name: str) -> str | None:
    """A query parameter's text (None when absent or blank); NUL and lone surrogates are
    refused."""
    raw = request.args.get(name)
    if raw is None:
        return None
    if not safejson.is_clean_text(raw):
        shown = raw.replace("\x00", "").encode("utf-8", "replace").decode("utf-8")
        raise _bad(name, shown, "api.orders.bad_text")
    text = raw.strip()
    return text or None


def _int_arg(name: str, default: int, low: int, high: int) -> int:
    raw = request.args.get(name)
    if raw is None:
        return default
    text = raw.strip()
    if not text.isascii() or not text.isdigit() or len(text) > 12 or not low <= int(text) <= high:
        raise _bad(name, raw, "api.orders.bad_number", low=low, high=high)
    return int(text)


def _choice(name: str, allowed: tuple[str, ...], *, default: str | None = None) -> str | None:
    """One of ``allowed`` (case does not matter), else 400 listing them."""
    text = _text_arg(name)
    if text is None:
        return default
    for value in allowed:
        if value.lower() == text.lower():
            return value
    raise _bad(name, text, "api.orders.bad_choice", allowed=", ".join(allowed))


def _day(name: str) -> date | None:
    text = _text_arg(name)
    if text is None:
        return None
    try:
        if not _DATE.fullmatch(text):
            raise ValueError(text)
        day = date.fromisoformat(text)
    except ValueError:
        raise _bad(name, text, "api.orders.bad_date") from None
    if not FIRST_DAY <= day <= LAST_DAY:
        raise _bad(name, text, "api.orders.date_out_of_range", first=FIRST_DAY.isoformat(),
                   last=LAST_DAY.isoformat())  # fmt: skip
    return day


def _start_of(day: date) -> datetime:
    """Midnight of ``day`` where the ZKs were issued (Subiekt's Polish time)."""
    return datetime.combine(day, time(0), tzinfo=SUBIEKT_TIMEZONE)


def _statuses() -> tuple[OrderStatus, ...]:
    found: list[OrderStatus] = []
    for raw in request.args.getlist("status"):
        status = _STATUSES.get(raw)
        if status is None:
            raise _bad("status", raw, "api.orders.bad_choice", allowed=", ".join(_STATUSES))
        if status not in found:
            found.append(status)
    return tuple(found)


async def _search(state: AppState) -> OrderSearch:
    """The list's filters from the query string (see docs/api.md)."""
    first, last = _day("from"), _day("to")
    if first is not None and last is not None and last < first:
        raise _bad("to", last.isoformat(), "api.orders.bad_range", start=first.isoformat())
    operator_id = None
    login = _text_arg("operator")
    if login is not None:
        operator_id = await state.store.read(operator_id_of, login) if len(login) <= 64 else None
        if operator_id is None:
            raise _bad("operator", login, "api.orders.unknown_operator")
    words: tuple[str, ...] = ()
    typed = _text_arg("q")
    if typed is not None:
        try:
            words = search_words(typed)
        except ValueError:
            raise _bad("q", typed, "api.orders.bad_query", chars=MAX_QUERY_CHARS,
                       words=MAX_WORDS) from None  # fmt: skip
    return OrderSearch(
        statuses=_statuses(),
        issued_from=_start_of(first) if first is not None else None,
        issued_before=_start_of(last + timedelta(days=1)) if last is not None else None,
        operator_id=operator_id,
        document=_choice("document", DOCUMENT_KINDS),
        source=_choice("source", SOURCES),
        words=words,
        sort=_choice("sort", SORTS, default="urgent") or "urgent",
    )


def _cursor(search: OrderSearch) -> OrderKey | None:
    text = _text_arg("after")
    if text is None:
        return None
    try:
        return decode_cursor(search, text)
    except CursorError as error:
        raise _bad("after", text, f"api.orders.cursor_{error}") from None


async def _optional_note() -> str | None:
    """The office's words from an optional ``{"reason": "…"}`` body (at most 500
    characters; an empty body or a blank reason: none)."""
    body = await request.get_data(cache=True)
    if not body.strip():
        return None
    data = await access.read_object(ACTION_MAX_BODY)
    unknown = sorted(set(data) - {"reason"})
    if unknown:
        name = str(unknown[0])[:40]
        raise ApiError(400, "bad_field", field=name, extra={"field": name})
    reason = data.get("reason")
    if reason is None:
        return None
    if not isinstance(reason, str) or len(reason) > MAX_REASON_CHARS:
        raise ApiError(400, "bad_field", "api.orders.bad_reason", field="reason",
                       limit=MAX_REASON_CHARS, extra={"field": "reason"})  # fmt: skip
    return " ".join(reason.split()) or None


def _listing(
    conn: Connection, search: OrderSearch, after: OrderKey | None, limit: int, offset: int
) -> tuple[OrderPage, dict[int, dict[str, str]], dict[str, int]]:
    """A page of the list, its orders' finalization steps and the counts per status, read
    in one transaction."""
    page = search_orders(conn, search, after=after, limit=limit, offset=offset)
    steps = job_store.steps_of(conn, [order.id for order in page.orders])
    return page, steps, order_store.count_by_status(conn)


def _of_existing(
    conn: Connection, read: Callable[[Connection, int], list[Any]], order_id: int
) -> list[Any] | None:
    """``read(conn, order_id)``, or None when there is no such order (one transaction)."""
    if not order_page.order_exists(conn, order_id):
        return None
    return read(conn, order_id)


def register(app: Quart, state: AppState) -> None:
    config = state.config

    def need(**kwargs: Any) -> Callable[[Handler], Handler]:
        return access.guard(state.auth, config, OFFICE_ROLES, **kwargs)

    @app.get("/api/orders")
    @need()
    async def list_orders() -> Response:
        search = await _search(state)
        after = _cursor(search)
        limit = _int_arg("limit", DEFAULT_LIMIT, 1, MAX_LIMIT)
        offset = _int_arg("offset", 0, 0, MAX_OFFSET)
        page, steps, counts = await state.store.read(_listing, search, after, limit, offset)
        listed = [{**to_json(order), "steps": steps.get(order.id, {})} for order in page.orders]
        cursor = encode_cursor(search, page.next_key) if page.next_key is not None else None
        return jsonify({"orders": listed, "next": cursor, "counts": counts,
                        "intake": state.intake.as_dict()})  # fmt: skip

    @app.get("/api/orders/operators")
    @need()
    async def order_operators() -> Response:
        found = await state.store.read(pickers)
        return jsonify({"operators": to_json(found)})

    async def of_order(read: Callable[[Connection, int], list[Any]], order_id: int) -> Any:
        """What ``read`` finds about an existing order, as JSON (404 without the order)."""
        found = await state.store.read(_of_existing, read, order_id)
        if found is None:
            raise ApiError(404, "not_found")
        return to_json(found)

    @app.get("/api/orders/<id:order_id>/picks")
    @need()
    async def order_picks(order_id: int) -> Response:
        return jsonify({"picks": await of_order(order_page.order_picks, order_id)})

    @app.get("/api/orders/<id:order_id>/packages")
    @need()
    async def order_packages(order_id: int) -> Response:
        return jsonify({"packages": await of_order(order_page.order_packages, order_id)})

    @app.get("/api/orders/<id:order_id>/documents")
    @need()
    async def order_documents(order_id: int) -> Response:
        return jsonify({"documents": await of_order(order_page.order_documents, order_id)})

    @app.get("/api/orders/<id:order_id>/audit")
    @need()
    async def order_audit(order_id: int) -> Response:
        return jsonify({"entries": await of_order(order_page.order_audit, order_id)})

    async def office_action(order_id: int, action: Any, done: str, key: str) -> Response:
        """Hold or send back: the reason in the configured language, naming who did it."""
        principal: Principal = g.principal
        note = await _optional_note()
        login = principal.operator.login
        lang = config.language
        reason = (
            t(f"orders.{done}_by", lang, login=login, note=note)
            if note
            else t(f"orders.{done}_by_plain", lang, login=login)
        )
        try:
            before = await state.store.run(action, order_id, actor=principal.actor,
                                           reason=reason, note=note)  # fmt: skip
        except order_store.OrderNotFoundError:
            raise ApiError(404, "not_found") from None
        except order_actions.AlreadyRealized:
            raise ApiError(409, "already_realized", "api.orders.already_realized",
                           extra={"current": "attention"}) from None  # fmt: skip
        except order_store.OrderStateError as error:
            current = str(error.status)
            raise ApiError(409, "wrong_status", key, current=current,
                           status_key=f"panel.status.{current}",
                           extra={"current": current}) from None  # fmt: skip
        order = await state.store.read(order_store.get_order, order_id)
        assert order is not None
        return jsonify({done: {"from": before.value, "to": order.status.value,
                               "reason": order.status_reason}})  # fmt: skip

    @app.post("/api/orders/<id:order_id>/hold")
    @need(max_body=ACTION_MAX_BODY)
    async def hold(order_id: int) -> Response:
        return await office_action(order_id, order_actions.hold_order, "held",
                                   "api.orders.cannot_hold")  # fmt: skip

    @app.post("/api/orders/<id:order_id>/send-back")
    @need(max_body=ACTION_MAX_BODY)
    async def send_back(order_id: int) -> Response:
        return await office_action(order_id, order_actions.send_back, "sent_back",
                                   "api.orders.cannot_send_back")  # fmt: skip
