"""The text an order is found by in the office's search (the ``order_search`` table).

The office types a ZK number, a shop or Allegro order number, a customer's name, a NIP, an
e-mail address or a parcel's tracking number (added when a carrier assigns it), with or
without Polish letters and in any case ("lodz" finds "Łódź").  Databases disagree about case
and accents — SQLite folds ASCII letters only, PostgreSQL folds by its locale — so Kolektor
folds the text itself: each order keeps its searchable fields folded — lower case, without
diacritics, punctuation turned into spaces — in ``order_search``, written with the order's
header, and a search folds what was typed the same way.

A typed word matches the *beginning* of a word of the text, and a typed word with
punctuation matches its parts in a row: "5/2026" (folded "5 2026") finds "ZK 5/2026" but
not "ZK 15/2026"; "kowal" finds "Kowalska"; "poczta.fm" finds "b.nowak@poczta.fm";
"526-025-09-95" finds that NIP as written.  The text starts with a space, so a word start
is always "a space, then the word", found with a plain substring search (``instr`` on
SQLite, ``strpos`` on PostgreSQL — twice as fast as ``LIKE '%…%'``, and no wildcards to
escape: ``%`` and ``_`` are punctuation, gone from both sides).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from typing import Any, Final

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from kolektor.store.tables import order_search, shipments

SEARCHED_FIELDS: Final = (
    "number", "original_number", "external_id", "customer_name", "customer_symbol", "nip",
    "nip_raw", "email",
)  # fmt: skip
"""The order's columns a search looks in, besides the names on its addresses."""
ADDRESSES: Final = ("billing", "delivery")
SEPARATOR: Final = " | "
"""Between two fields: a typed phrase never matches across two of them."""

_PUNCTUATION: Final = re.compile(r"[\W_]+")
"""Anything but letters (of any script) and digits."""
_LETTERS: Final = str.maketrans({"ł": "l", "đ": "d", "ø": "o", "æ": "ae", "œ": "oe"})
"""Letters that Unicode does not decompose into a base letter and a mark."""


def fold(text: str) -> str:
    """``text`` in lower case, without diacritics and punctuation, with single spaces: how
    both the stored search text and the typed words are compared."""
    lowered = text.casefold().translate(_LETTERS)
    decomposed = unicodedata.normalize("NFKD", lowered)
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(_PUNCTUATION.sub(" ", plain).split())


def order_search_text(header: Mapping[str, Any], tracking: Sequence[str] = ()) -> str:
    """The folded search text of an order from its header values (the ``orders`` columns,
    addresses as their JSON objects) and its parcels' tracking numbers; it starts with a
    space (empty without any field)."""
    parts: list[str] = []
    for name in SEARCHED_FIELDS:
        value = header.get(name)
        if value:
            parts.append(str(value))
    for name in ADDRESSES:
        address = header.get(name)
        if isinstance(address, Mapping):
            parts.extend(str(address[key]) for key in ("name", "full_name") if address.get(key))
    parts.extend(tracking)
    unique: list[str] = []
    for folded in (fold(part) for part in parts):
        if folded and folded not in unique:
            unique.append(folded)
    return " " + SEPARATOR.join(unique) if unique else ""


def typed_words(text: str) -> tuple[str, ...]:
    """The words of a typed search, each folded (a word with punctuation becomes its parts
    in a row: "5/2026" → "5 2026"), without repeats and without words of punctuation only."""
    words: list[str] = []
    for word in text.split():
        folded = fold(word)
        if folded and folded not in words:
            words.append(folded)
    return tuple(words)


def word_pattern(word: str) -> str:
    """What a folded typed word is looked for in the search text: the start of a word."""
    return " " + word


def tracking_numbers(conn: Connection, order_id: int) -> list[str]:
    """The tracking numbers of every shipment of the order (cancelled ones too: a courier's
    call may name one)."""
    rows = conn.execute(
        sa.select(shipments.c.tracking_numbers).where(shipments.c.order_id == order_id)
    )
    return [str(number) for (numbers,) in rows for number in (numbers or ())]


def write_search_text(conn: Connection, order_id: int, header: Mapping[str, Any]) -> None:
    """Store the order's search text from its header (``import_order``, ``refresh_order``)
    and its tracking numbers."""
    text = order_search_text(header, tracking_numbers(conn, order_id))
    updated = conn.execute(
        order_search.update().where(order_search.c.order_id == order_id).values(text=text)
    )
    if updated.rowcount == 0:
        conn.execute(order_search.insert().values(order_id=order_id, text=text))


def add_tracking(conn: Connection, order_id: int, numbers: Sequence[str]) -> None:
    """Make the order findable by ``numbers`` too (a carrier just assigned them)."""
    current = conn.execute(
        sa.select(order_search.c.text).where(order_search.c.order_id == order_id)
    ).scalar()
    if current is None:
        return
    missing = [fold(n) for n in numbers if fold(n) and f" {fold(n)}" not in current]
    if missing:
        text = SEPARATOR.join([current, *missing]) if current else " " + SEPARATOR.join(missing)
        conn.execute(
            order_search.update().where(order_search.c.order_id == order_id).values(text=text)
        )
