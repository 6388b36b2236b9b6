"""Is there enough stock in Subiekt for an order?  Pure rules, no I/O.

A picker claiming an order, and a packer about to pack it, should learn *now* that the
warehouse cannot cover it — not an hour later, when realizing the ZK into its invoice fails
for missing stock and the order lands in ``attention`` with the parcels already taped.  The
scanner service reads the ZK's lines with their stock fresh from Subiekt
(:meth:`kolektor.subiekt.reader.SubiektReader.zk_stock`) and asks this module.

The rule is exactly the one the realization applies (Subiekt's own, mirrored by
:mod:`kolektor.finalize.simulator`):

* only **goods** need stock — lines with ``ob_TowRodzaj`` 1 (*towar*) and a product;
  services (2), one-off lines without a product and other kinds are ignored;
* the ZK's goods are added up per product and warehouse (the line's ``ob_MagId``, else the
  ZK's) in the product's base unit (``ob_IloscMag``);
* what is **available** there is ``st_Stan − st_StanRez``: on hand minus what the open ZKs
  with status 7 (*z rezerwacją*) hold reserved — another customer's reservation counts
  against this order;
* when this ZK itself has status 7, its own reservation is part of ``st_StanRez``: it is
  added back (the goods are held *for* this order);
* a product is **short** when the ZK needs more than is available.

:class:`StockCheck` is what the scanner protocol reports: the lines short, or that stock
could not be checked (Subiekt did not answer in time) — picking is never blocked by a
Subiekt outage.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Protocol

from kolektor.i18n import Language, t
from kolektor.subiekt.models import ZkStock

GOODS = 1
"""``ob_TowRodzaj`` / ``tw_Rodzaj`` of goods (*towar*), the only kind that needs stock."""
RESERVING_STATUS = 7
"""``dok_Status`` of a ZK that holds a reservation of its goods (*z rezerwacją*)."""


@dataclass(frozen=True, slots=True)
class Shortage:
    """One product the ZK needs more of, in one warehouse, than is available there."""

    product_id: int
    warehouse_id: int | None
    subiekt_line_ids: tuple[int, ...]
    """The ZK's lines (``ob_Id``) of this product in this warehouse."""
    needed: Decimal
    """What the ZK needs in all, in the product's base unit."""
    available: Decimal
    """What is available for it (never below zero)."""


def shortages(zk: ZkStock) -> tuple[Shortage, ...]:
    """The products of ``zk`` that the warehouse cannot cover, in the ZK's line order."""
    own_reservation = zk.status == RESERVING_STATUS
    needed: dict[tuple[int, int | None], Decimal] = {}
    lines: dict[tuple[int, int | None], list[int]] = {}
    stock: dict[tuple[int, int | None], Decimal] = {}
    for line in zk.lines:
        if line.kind != GOODS or line.product_id is None:
            continue
        key = (line.product_id, line.warehouse_id)
        needed[key] = needed.get(key, Decimal(0)) + line.base_quantity
        lines.setdefault(key, []).append(line.line_id)
        stock[key] = line.on_hand - line.reserved
    short = []
    for key, quantity in needed.items():
        available = stock[key] + (quantity if own_reservation else Decimal(0))
        if quantity > available:
            short.append(
                Shortage(
                    product_id=key[0],
                    warehouse_id=key[1],
                    subiekt_line_ids=tuple(lines[key]),
                    needed=quantity,
                    available=max(available, Decimal(0)),
                )
            )
    return tuple(short)


class OrderLine(Protocol):
    """What the check needs of an order line in Kolektor's store."""

    @property
    def id(self) -> int: ...
    @property
    def subiekt_line_id(self) -> int: ...
    @property
    def product_id(self) -> int | None: ...
    @property
    def kind(self) -> int: ...
    @property
    def symbol(self) -> str | None: ...
    @property
    def name(self) -> str: ...


def needs_stock(lines: Iterable[OrderLine]) -> bool:
    """Whether an order has any goods line at all (services only need no stock check)."""
    return any(line.kind == GOODS and line.product_id is not None for line in lines)


@dataclass(frozen=True, slots=True)
class ShortLine:
    """A product short, as the scanner shows it: on the order's lines."""

    line_id: int
    """The order's (Kolektor's) line id — the first line of this product."""
    line_ids: tuple[int, ...]
    """Every line of the order with this product in this warehouse."""
    symbol: str | None
    name: str
    needed: Decimal
    """Base units the whole ZK needs of this product."""
    available: Decimal
    """Base units available for this ZK in its warehouse."""

    def as_dict(self) -> dict[str, object]:
        return {
            "line_id": self.line_id,
            "line_ids": list(self.line_ids),
            "symbol": self.symbol,
            "name": self.name,
            "needed": self.needed,
            "available": self.available,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ShortLine:
        """Back from :meth:`as_dict` (also with the quantities as text, as stored)."""
        return cls(
            line_id=int(data["line_id"]),
            line_ids=tuple(int(i) for i in data.get("line_ids") or (data["line_id"],)),
            symbol=data.get("symbol"),
            name=str(data.get("name") or ""),
            needed=Decimal(str(data["needed"])),
            available=Decimal(str(data["available"])),
        )


@dataclass(frozen=True, slots=True)
class StockCheck:
    """The outcome of checking an order's stock: ``checked`` False when Subiekt could not
    be asked (``error`` says why); otherwise ``short`` lists what is missing (empty: the
    warehouse covers the order)."""

    checked: bool
    short: tuple[ShortLine, ...] = ()
    error: str | None = None

    @property
    def is_short(self) -> bool:
        return self.checked and bool(self.short)

    @classmethod
    def unchecked(cls, error: str) -> StockCheck:
        return cls(checked=False, error=error)


def check_order(zk: ZkStock | None, lines: Sequence[OrderLine]) -> StockCheck:
    """Compare the ZK read from Subiekt with the order's lines.  A ZK that is no longer in
    Subiekt cannot be checked (the intake deals with it)."""
    if zk is None:
        return StockCheck.unchecked("ZK not found in Subiekt")
    by_subiekt_line = {line.subiekt_line_id: line for line in lines}
    short = []
    for shortage in shortages(zk):
        mine = [by_subiekt_line[i] for i in shortage.subiekt_line_ids if i in by_subiekt_line]
        if not mine:
            continue  # a line added in Subiekt after the import: the intake notes the change
        short.append(
            ShortLine(
                line_id=mine[0].id,
                line_ids=tuple(line.id for line in mine),
                symbol=mine[0].symbol,
                name=mine[0].name,
                needed=shortage.needed,
                available=shortage.available,
            )
        )
    return StockCheck(checked=True, short=tuple(short))


def describe(short: Iterable[ShortLine], language: Language) -> str:
    """``"SYM Name (needed 6, available 2); …"`` for messages and the problem reason."""
    return "; ".join(
        t(
            "stock.short_line",
            language,
            product=" ".join(part for part in (line.symbol, line.name) if part),
            needed=line.needed,
            available=line.available,
        )
        for line in short
    )


def problem_reason(short: Iterable[ShortLine], language: Language) -> str:
    """The order's ``problem`` reason when packing was refused for missing stock."""
    return t("stock.problem_reason", language, lines=describe(short, language))
