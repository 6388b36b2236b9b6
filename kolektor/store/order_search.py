"""The office's order list: filters, the search and keyset paging over tens of thousands of
orders (``GET /api/orders``; the orders page of the panel).

Two orders of the list:

* ``urgent`` — most urgent first: priority (highest first), then the issue date (oldest
  first), then the id; the order the office works through and ``GET /api/orders`` always
  had;
* ``newest`` — the latest issue date first, then the highest id; for looking an order up.

Paging is by *keyset*: a page ends with the key of its last order (:class:`OrderKey`), and
the next page starts after it — ``WHERE key > last ORDER BY key LIMIT n``, read straight
from an index (migration 0006), as fast at the 40,000th order as at the first, and stable
while orders come and go (an offset would skip or repeat orders that moved meanwhile).  The
client gets the key as an opaque cursor (:func:`encode_cursor`) bound to the filters it
was made under, so a cursor from another search is refused rather than misread.

The list by several statuses reads each status from its own index range and merges them
(one query per status; at most as many as there are statuses), so no status with many
orders — ``done`` — has to be sorted to show a page; "urgent" after a cursor is two ranges
of the index (the rest of the cursor's priority, then the lower priorities).

The search (``q``) looks for every typed word at the start of a word of the orders'
folded search texts (``order_search``, :mod:`kolektor.store.search_text`): ZK and original
numbers, the Allegro or shop order id (``external_id``), customer name and symbol, NIP,
e-mail, the names on the addresses.  A word inside a text cannot use an index on any
database, so the search scans the narrow ``order_search`` table once, up to
:data:`FEW_MATCHES` + 1 matches: a rare word (a ZK number, a NIP) finds its few orders in
one pass, which are then read by id and sorted; a common one ("2026", "sp") stops the scan
early, and the list is then read in its order with each order's text checked, which fills a
page soon.  Either way no search sorts or reads the whole orders table.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import heapq
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any, Final

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from kolektor.store.lifecycle import OrderStatus
from kolektor.store.operators import normalize_login
from kolektor.store.search_text import typed_words, word_pattern
from kolektor.store.tables import (
    UtcDateTime,
    documents,
    operators,
    order_lines,
    order_search,
    orders,
)

SORTS: Final = ("urgent", "newest")
DOCUMENT_KINDS: Final = ("FS", "PA", "PAi", "WZ")
"""The final documents a ZK is realized into (``documents.kind``)."""
SOURCES: Final = ("allegro", "shop")
"""Where an order came from: ``allegro`` — an Allegro order as the document rules'
``is_allegro`` condition tells one (:func:`kolektor.rules.context.is_allegro_checkout_id`):
its external id (read by the intake's ``[[subiekt.external_id]]`` rules) is an Allegro
checkout-form id, a UUID, or its category is named "Allegro"; ``shop`` — any other."""
UUID_SHAPE: Final = "________-____-____-____-____________"
"""A UUID's 36 characters with its four dashes, as a LIKE pattern (the intake stores an
Allegro checkout-form id in lower case)."""
FEW_MATCHES: Final = 1000
"""A search found at most this many orders: they are read by id and sorted (a word found in
few orders); more: the list is read in its order, each order's text checked, until the page
is full (a word found in many orders fills it soon)."""
MAX_QUERY_CHARS: Final = 200
MAX_WORDS: Final = 8
CURSOR_VERSION: Final = 1
MAX_CURSOR_CHARS: Final = 400


class CursorError(ValueError):
    """A cursor that this search did not make: malformed, edited, or from other filters."""


@dataclass(frozen=True, slots=True)
class OrderSearch:
    """What the office asked for; every field narrows the list (all must hold)."""

    statuses: tuple[OrderStatus, ...] = ()
    """Any of these statuses (empty: every status)."""
    issued_from: datetime | None = None
    """Issued at or after this moment."""
    issued_before: datetime | None = None
    """Issued before this moment."""
    operator_id: int | None = None
    """Claimed by this operator (who is picking it, or picked it)."""
    document: str | None = None
    """Has a final document of this kind (:data:`DOCUMENT_KINDS`)."""
    source: str | None = None
    """:data:`SOURCES`."""
    words: tuple[str, ...] = ()
    """Folded words that must all appear in the order's search text (:func:`search_words`)."""
    sort: str = "urgent"

    def __post_init__(self) -> None:
        if self.sort not in SORTS:
            raise ValueError(f"sort must be one of {SORTS}, not {self.sort!r}")
        if self.document is not None and self.document not in DOCUMENT_KINDS:
            raise ValueError(f"document must be one of {DOCUMENT_KINDS}, not {self.document!r}")
        if self.source is not None and self.source not in SOURCES:
            raise ValueError(f"source must be one of {SOURCES}, not {self.source!r}")

    def fingerprint(self) -> str:
        """A short digest of the filters and the order (what a cursor is bound to)."""
        described = json.dumps(
            [sorted(s.value for s in self.statuses), _iso(self.issued_from),
             _iso(self.issued_before), self.operator_id, self.document, self.source,
             sorted(self.words), self.sort],
            ensure_ascii=True,
        )  # fmt: skip
        return hashlib.sha256(described.encode()).hexdigest()[:16]


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def search_words(text: str) -> tuple[str, ...]:
    """The words of a typed search, folded, without repeats: ``ValueError`` when the text
    is longer than :data:`MAX_QUERY_CHARS` or has more than :data:`MAX_WORDS` words."""
    if len(text) > MAX_QUERY_CHARS:
        raise ValueError(f"a search has at most {MAX_QUERY_CHARS} characters")
    words = typed_words(text)
    if len(words) > MAX_WORDS:
        raise ValueError(f"a search has at most {MAX_WORDS} words")
    return words


@dataclass(frozen=True, slots=True)
class OrderKey:
    """Where an order stands in the list: the values it is sorted by."""

    priority: int
    issued_at: datetime
    id: int


def encode_cursor(search: OrderSearch, key: OrderKey) -> str:
    """The opaque text a client sends back to get the page after ``key``."""
    payload = [CURSOR_VERSION, search.fingerprint(), key.priority, key.issued_at.isoformat(),
               key.id]  # fmt: skip
    raw = json.dumps(payload, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(search: OrderSearch, text: str) -> OrderKey:
    """The key a cursor made by :func:`encode_cursor` for the same search holds;
    :class:`CursorError` for anything else."""
    if not text or len(text) > MAX_CURSOR_CHARS or not text.isascii():
        raise CursorError("malformed")
    try:
        raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
        payload = json.loads(raw)
    except (binascii.Error, ValueError):
        raise CursorError("malformed") from None
    if not (isinstance(payload, list) and len(payload) == 5 and payload[0] == CURSOR_VERSION):
        raise CursorError("malformed")
    _, fingerprint, priority, issued_at, order_id = payload
    if fingerprint != search.fingerprint():
        raise CursorError("other_search")
    if not (_is_int(priority) and _is_int(order_id) and 0 < order_id < 2**31
            and isinstance(issued_at, str)):  # fmt: skip
        raise CursorError("malformed")
    try:
        moment = datetime.fromisoformat(issued_at).astimezone(UTC)
        if datetime.fromisoformat(issued_at).tzinfo is None or moment.year < 1900:
            raise ValueError(issued_at)
    except (ValueError, OverflowError):
        raise CursorError("malformed") from None
    return OrderKey(priority, moment, order_id)


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and abs(value) < 2**31


@dataclass(frozen=True, slots=True)
class ListedOrder:
    """One order of the office's list."""

    id: int
    subiekt_id: int
    number: str
    original_number: str | None
    external_id: str | None
    status: OrderStatus
    status_reason: str | None
    status_changed_at: datetime
    customer_name: str | None
    nip: str | None
    issued_at: datetime
    due_at: datetime | None
    currency: str
    value_gross: Decimal
    priority: int
    claimed_by: int | None
    claimed_by_login: str | None
    subiekt_changed_at: datetime | None
    line_count: int
    allegro: bool
    """An Allegro order (:data:`SOURCES`)."""

    @property
    def key(self) -> OrderKey:
        return OrderKey(self.priority, self.issued_at, self.id)


@dataclass(frozen=True, slots=True)
class OrderPage:
    """A page of the list and the key of its last order when more follow (else None)."""

    orders: list[ListedOrder]
    next_key: OrderKey | None


def _columns() -> list[Any]:
    line_count = (
        sa.select(sa.func.count())
        .where(order_lines.c.order_id == orders.c.id)
        .scalar_subquery()
        .label("line_count")
    )
    holder = (
        sa.select(operators.c.login)
        .where(operators.c.id == orders.c.claimed_by)
        .scalar_subquery()
        .label("claimed_by_login")
    )
    return [
        orders.c.id, orders.c.subiekt_id, orders.c.number, orders.c.original_number,
        orders.c.external_id, orders.c.status, orders.c.status_reason,
        orders.c.status_changed_at, orders.c.customer_name, orders.c.nip, orders.c.issued_at,
        orders.c.due_at, orders.c.currency, orders.c.value_gross, orders.c.priority,
        orders.c.claimed_by, holder, orders.c.subiekt_changed_at, line_count,
        sa.case((_allegro(), True), else_=False).label("allegro"),
    ]  # fmt: skip


def _word_conditions(conn: Connection, words: Sequence[str]) -> list[Any]:
    """Each typed word at the start of a word of the search text (:func:`word_pattern`),
    the longest first (it rules out most texts, so the others are rarely looked at)."""
    find = sa.func.strpos if conn.dialect.name == "postgresql" else sa.func.instr
    return [
        find(order_search.c.text, word_pattern(word)) > 0
        for word in sorted(words, key=len, reverse=True)
    ]


def _matching(conn: Connection, words: Sequence[str]) -> list[int] | None:
    """The ids of the orders the words find, when at most :data:`FEW_MATCHES` do; None when
    more do (then the list is read in its order, each order's text checked as it goes)."""
    if not words:
        return None
    found = conn.execute(
        sa.select(order_search.c.order_id)
        .where(*_word_conditions(conn, words))
        .limit(FEW_MATCHES + 1)
    ).scalars().all()  # fmt: skip
    return None if len(found) > FEW_MATCHES else list(found)


def _filters(conn: Connection, search: OrderSearch, matching: list[int] | None) -> list[Any]:
    """Every condition but the statuses (each status is read on its own); ``matching``: the
    ids the search found, when they are few (:func:`_matching`)."""
    found: list[Any] = []
    if search.issued_from is not None:
        found.append(orders.c.issued_at >= search.issued_from)
    if search.issued_before is not None:
        found.append(orders.c.issued_at < search.issued_before)
    if search.operator_id is not None:
        found.append(orders.c.claimed_by == search.operator_id)
    if search.document is not None:
        found.append(
            sa.exists().where(documents.c.kind == search.document,
                              documents.c.order_id == orders.c.id)
        )  # fmt: skip
    if search.source == "allegro":
        found.append(_allegro())
    elif search.source == "shop":
        found.append(sa.not_(_allegro()))
    if matching is not None:
        found.append(orders.c.id.in_(matching))
    elif search.words:
        found.append(
            sa.exists().where(order_search.c.order_id == orders.c.id,
                              *_word_conditions(conn, search.words))
        )  # fmt: skip
    return found


def _allegro() -> Any:
    """True for an Allegro order (:data:`SOURCES`), never NULL."""
    external = sa.func.coalesce(orders.c.external_id, "")
    category = sa.func.lower(sa.func.trim(sa.func.coalesce(orders.c.category, "")))
    return sa.or_(
        sa.and_(sa.func.length(external) == 36, external.like(UUID_SHAPE)),
        category == "allegro",
    )


def _ordering(sort: str) -> list[Any]:
    if sort == "urgent":
        return [orders.c.priority.desc(), orders.c.issued_at, orders.c.id]
    return [orders.c.issued_at.desc(), orders.c.id.desc()]


def _moment(value: datetime) -> Any:
    return sa.literal(value, UtcDateTime())


def _after_ranges(sort: str, after: OrderKey | None, *, single: bool) -> list[list[Any]]:
    """The index ranges after ``after`` in the list's order, each as conditions, read one
    after the other (one range when there is no cursor; with ``single`` one condition for
    the database to sort, where rows are skipped by count)."""
    if after is None:
        return [[]]
    rest = sa.tuple_(orders.c.issued_at, orders.c.id)
    at = sa.tuple_(_moment(after.issued_at), sa.literal(after.id))
    if sort == "newest":
        return [[rest < at]]
    same = sa.and_(orders.c.priority == after.priority, rest > at)
    lower = orders.c.priority < after.priority
    return [[sa.or_(same, lower)]] if single else [[same], [lower]]


def _listed(row: Any) -> ListedOrder:
    return ListedOrder(
        id=row.id, subiekt_id=row.subiekt_id, number=row.number,
        original_number=row.original_number, external_id=row.external_id,
        status=OrderStatus(row.status), status_reason=row.status_reason,
        status_changed_at=row.status_changed_at, customer_name=row.customer_name, nip=row.nip,
        issued_at=row.issued_at, due_at=row.due_at, currency=row.currency,
        value_gross=row.value_gross, priority=row.priority, claimed_by=row.claimed_by,
        claimed_by_login=row.claimed_by_login, subiekt_changed_at=row.subiekt_changed_at,
        line_count=row.line_count, allegro=bool(row.allegro),
    )  # fmt: skip


def _read(
    conn: Connection, search: OrderSearch, matching: list[int] | None,
    status: Sequence[OrderStatus] | None, after: OrderKey | None, limit: int, offset: int = 0,
) -> list[ListedOrder]:  # fmt: skip
    """Up to ``limit`` orders of one status (or of ``status`` all, or of every status when
    None) after ``after``, in the list's order."""
    conditions = _filters(conn, search, matching)
    if status is not None:
        values = [s.value for s in status]
        conditions.append(
            orders.c.status == values[0] if len(values) == 1 else orders.c.status.in_(values)
        )
    found: list[ListedOrder] = []
    for extra in _after_ranges(search.sort, after, single=offset > 0):
        query = (
            sa.select(*_columns())
            .where(*conditions, *extra)
            .order_by(*_ordering(search.sort))
            .limit(limit - len(found))
            .offset(offset)
        )
        found.extend(_listed(row) for row in conn.execute(query))
        if len(found) >= limit:
            break
    return found


def search_orders(
    conn: Connection,
    search: OrderSearch,
    *,
    after: OrderKey | None = None,
    limit: int = 100,
    offset: int = 0,
) -> OrderPage:
    """A page of at most ``limit`` orders matching ``search``, after the order ``after``
    (None: from the start), skipping ``offset`` more; with the key to continue from."""
    if limit < 1 or offset < 0:
        raise ValueError("limit must be positive and offset not negative")
    wanted = limit + 1  # one more tells whether another page follows
    matching = _matching(conn, search.words)
    if offset and search.statuses:
        # Skipping by count across several statuses: one query the database sorts.
        found = _read(conn, search, matching, search.statuses, after, wanted, offset)
    elif len(search.statuses) > 1:
        groups = [_read(conn, search, matching, [status], after, wanted)
                  for status in search.statuses]  # fmt: skip
        if search.sort == "urgent":
            merged = heapq.merge(*groups, key=lambda o: (-o.priority, o.issued_at, o.id))
        else:
            merged = heapq.merge(*groups, key=lambda o: (o.issued_at, o.id), reverse=True)
        found = [order for _, order in zip(range(wanted), merged, strict=False)]
    else:
        found = _read(conn, search, matching, search.statuses or None, after, wanted, offset)
    page = found[:limit]
    more = len(found) > limit
    return OrderPage(page, page[-1].key if more and page else None)


def operator_id_of(conn: Connection, login: str) -> int | None:
    """The id of the operator with this login (as typed: case and spaces do not matter)."""
    found = conn.execute(
        sa.select(operators.c.id).where(operators.c.login == normalize_login(login))
    ).scalar_one_or_none()
    return int(found) if found is not None else None


@dataclass(frozen=True, slots=True)
class Picker:
    """Someone whose orders the list can be filtered by."""

    login: str
    name: str
    role: str
    active: bool


def pickers(conn: Connection) -> list[Picker]:
    """Everyone who may pick on a scanner (pickers, packers, supervisors, admins), by
    login, deactivated ones too (their orders stay in the list)."""
    rows = conn.execute(
        sa.select(operators.c.login, operators.c.name, operators.c.role, operators.c.active)
        .where(operators.c.role.in_(["picker", "packer", "supervisor", "admin"]))
        .order_by(operators.c.login)
    )
    return [Picker(row.login, row.name, row.role, bool(row.active)) for row in rows]
