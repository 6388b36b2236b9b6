"""What a scan's verdict says beyond its kind: which product was scanned, which lines are
still expected, and what quantity the scanned barcode stands for.

A picker who scans the wrong item learns *what* they hold and *what* the order still wants
("Zeskanowano KAW-002 Kawa mielona — tego towaru nie ma w zamówieniu. Do zebrania: …");
one who scans a 12-pack for a line of 3 learns that the pack was the problem, not the
product.  :func:`scan_context` builds the verdict's extra fields (``scanned_product``,
``expected``, ``multiplier`` — ``docs/scanner-protocol.md``, *Verdicts with context*) and
the message saying the same in words, rendered later in the device's language.

Pure: it reads the order, the pick progress and the catalog it is given.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Final

from kolektor.catalog import CatalogProduct
from kolektor.i18n import Message
from kolektor.store.orders import OrderLineRecord, OrderRecord

MAX_EXPECTED: Final = 5
"""Open lines a wrong-product verdict lists at most (``expected``)."""
MAX_NAMED: Final = 3
"""Open lines its message names at most (the rest: "and others")."""
MISSED: Final = frozenset({"wrong_product", "unknown_code"})
"""Verdicts of a scan that matched no line of the order."""
COUNTING: Final = frozenset(
    {"counted", "line_complete", "order_complete", "order_complete_with_shortages"}
)


@dataclass(frozen=True, slots=True)
class ScanContext:
    """The extra verdict fields and the message that replaces the plain one (None: the
    plain message of the verdict's kind says it all)."""

    fields: Mapping[str, Any]
    message: Message | None = None


def base_unit(line: OrderLineRecord) -> str | None:
    """The name of the line's base unit when the ZK says it: the line was ordered in the
    base unit (its quantity equals the base quantity); None otherwise (ordered in packs)."""
    if line.unit and line.quantity == line.base_quantity:
        return line.unit
    return None


def label(symbol: str | None, name: str) -> str:
    """``KAW-002 Kawa mielona 250 g`` — symbol and name, either alone when the other is
    missing."""
    return " ".join(part for part in (symbol or "", name) if part).strip()


def open_lines(
    order: OrderRecord, progress: Mapping[int, Any], walking_order: Any
) -> list[dict[str, Any]]:
    """The lines still open on the order (neither complete nor closed short) in walking
    order, at most :data:`MAX_EXPECTED`, as ``expected`` lists them."""
    found = []
    for line in sorted(order.lines, key=walking_order):
        state = progress.get(line.id)
        if state is None or state.is_short or state.remaining <= 0:
            continue
        found.append(
            {"line_id": line.id, "symbol": line.symbol, "name": line.name,
             "remaining": state.remaining, "unit": base_unit(line)}
        )  # fmt: skip
        if len(found) == MAX_EXPECTED:
            break
    return found


def _expected_text(expected: list[dict[str, Any]]) -> Message | str:
    if not expected:
        return ""
    named = tuple(
        Message(
            "verdict.context.line" if line["unit"] else "verdict.context.line_no_unit",
            {
                "label": label(line["symbol"], line["name"]),
                "remaining": line["remaining"],
                "unit": line["unit"] or "",
            },
        )
        for line in expected[:MAX_NAMED]
    )
    more = len(expected) > MAX_NAMED
    return Message("verdict.context.expected_more" if more else "verdict.context.expected",
                   {"lines": named})  # fmt: skip


def scan_context(
    data: Mapping[str, Any],
    order: OrderRecord,
    progress: Mapping[int, Any],
    *,
    product: CatalogProduct | None,
    from_barcode: bool,
    walking_order: Any,
) -> ScanContext:
    """The context of one scan's verdict ``data`` (the engine's ``as_dict()``).

    ``product``: the catalog's product for the scanned key; ``from_barcode``: the quantity
    came from the barcode's multiplier (a pack), not from the code itself (a weight label).
    """
    kind = data.get("kind")
    if kind in MISSED:
        expected = open_lines(order, progress, walking_order)
        scanned = {"symbol": product.symbol, "name": product.name} if product else None
        params: dict[str, Any] = {"expected": _expected_text(expected)}
        if product is not None:
            key = "verdict.context.wrong_product_named"
            params["product"] = label(product.symbol, product.name)
        else:
            key = f"verdict.context.{kind}"
        return ScanContext({"scanned_product": scanned, "expected": expected},
                           Message(key, params))  # fmt: skip
    if kind in COUNTING and data.get("added") is not None:
        return ScanContext({"multiplier": data["added"]})
    if kind == "over_pick" and data.get("attempted") is not None:
        multiplier: Decimal = data["attempted"]
        if not from_barcode or multiplier <= 1:
            return ScanContext({"multiplier": multiplier})
        line = next((ln for ln in order.lines if ln.id == data.get("line_id")), None)
        unit = base_unit(line) if line is not None else None
        message = Message(
            "verdict.context.over_pick_pack",
            {"multiplier": multiplier, "unit": f" {unit}" if unit else "",
             "ordered": data["ordered"], "picked": data["picked"]},
        )  # fmt: skip
        return ScanContext({"multiplier": multiplier}, message)
    return ScanContext({})
