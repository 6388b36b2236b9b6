"""Typed, immutable views of what Kolektor reads from Subiekt GT.

Subiekt keeps an order from a customer as a **ZK** document (``dok__Dokument`` with
``dok_Typ = 16``) and its lines in ``dok_Pozycja``.  The customer (kontrahent) lives in
``kh__Kontrahent`` with its name, address and NIP in ``adr__Ewid``; the ZK itself points at
an address *snapshot* in ``adr_Historia`` — the buyer as printed on the document, which may
differ from the kontrahent's current data.  Products are ``tw__Towar`` with extra barcodes in
``tw_KodKreskowy`` (a pack barcode carries the quantity it stands for), unit conversions in
``tw_JednMiary`` and stock per warehouse in ``tw_Stan``.

Money and quantities are always :class:`~decimal.Decimal` (Subiekt's ``money`` type has four
decimal places); text is already decoded from Windows-1250.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from enum import IntEnum


class ZkStatus(IntEnum):
    """``dok_Status`` of an order (ZK/ZD) as Subiekt GT's help defines it."""

    OPEN = 5
    """niezrealizowane — open."""
    OPEN_WITHOUT_RESERVATION = 6
    """niezrealizowane bez rezerwacji — open, stock not reserved."""
    OPEN_WITH_RESERVATION = 7
    """niezrealizowane z rezerwacją — open, stock reserved."""
    REALIZED = 8
    """zrealizowane — turned into a sales or warehouse document."""


OPEN_ZK_STATUSES: tuple[int, ...] = (5, 6, 7)
ZK_DOCUMENT_TYPE = 16


@dataclass(frozen=True, slots=True)
class Address:
    """A postal address with the name and NIP printed with it."""

    name: str
    full_name: str
    street: str
    house_number: str
    flat_number: str
    postcode: str
    city: str
    country: str | None = None
    """Country name from ``sl_Panstwo``, None when Subiekt has none (Poland by default)."""
    nip: str | None = None
    """The NIP as typed in Subiekt (may contain dashes); see :attr:`Customer.nip`."""

    @property
    def street_line(self) -> str:
        """``Ulica 12/3`` — street with house and flat number, as printed on Polish letters."""
        number = self.house_number
        if self.flat_number:
            number = f"{number}/{self.flat_number}" if number else self.flat_number
        return " ".join(part for part in (self.street, number) if part)


@dataclass(frozen=True, slots=True)
class Customer:
    """The kontrahent that pays for the ZK (``dok_PlatnikId``), as it is now in Subiekt."""

    id: int
    symbol: str
    is_person: bool
    """``kh_Osoba``: a natural person rather than a company."""
    name: str
    nip: str | None
    """The NIP as stored in the main address (``adr_TypAdresu = 1``), or None when empty."""
    email: str | None
    phone: str | None
    address: Address | None


@dataclass(frozen=True, slots=True)
class Barcode:
    """A barcode of a product and how many base units one scan of it stands for."""

    code: str
    quantity: Decimal
    primary: bool = False
    """True for ``tw_PodstKodKresk``, the product's own barcode (quantity 1)."""


@dataclass(frozen=True, slots=True)
class UnitConversion:
    """An alternative unit (``tw_JednMiary``): ``1 unit = factor × base unit``."""

    unit: str
    factor: Decimal


@dataclass(frozen=True, slots=True)
class Stock:
    """Stock of a product in one warehouse (``tw_Stan``)."""

    warehouse_id: int
    on_hand: Decimal
    reserved: Decimal

    @property
    def available(self) -> Decimal:
        return self.on_hand - self.reserved


@dataclass(frozen=True, slots=True)
class Product:
    """A product (towar) with everything a picker needs to find and scan it."""

    id: int
    symbol: str
    name: str
    kind: int
    """``tw_Rodzaj``: 1 towar (goods), 2 usługa (service), 4 opakowanie, 8 komplet, 16 opłata."""
    base_unit: str
    barcodes: tuple[Barcode, ...]
    units: tuple[UnitConversion, ...]
    stock: tuple[Stock, ...]
    location: str | None
    """Warehouse location from the configured field (``tw_Pole1..8`` or a ``pw_Dane`` field)."""

    @property
    def primary_barcode(self) -> str | None:
        return next((b.code for b in self.barcodes if b.primary), None)

    @property
    def sold_by_weight(self) -> bool:
        """True when the base unit is a unit of mass (kg, g)."""
        return self.base_unit.strip().rstrip(".").lower() in {"kg", "g", "dag"}


@dataclass(frozen=True, slots=True)
class OrderLine:
    """One line of a ZK (``dok_Pozycja``)."""

    id: int
    position: int
    product_id: int | None
    """None for a one-off service line (``ob_TowId`` empty)."""
    symbol: str | None
    name: str
    kind: int
    quantity: Decimal
    """Quantity in the line's unit (``ob_Ilosc``)."""
    unit: str
    base_quantity: Decimal
    """Quantity in the product's base unit (``ob_IloscMag``) — what the picker counts."""
    price_net: Decimal
    price_gross: Decimal
    discount_percent: Decimal
    value_net: Decimal
    value_vat: Decimal
    value_gross: Decimal
    vat_symbol: str | None
    vat_rate: Decimal


@dataclass(frozen=True, slots=True)
class SubiektOrder:
    """An open ZK with its lines, customer and the products it needs."""

    id: int
    """``dok_Id`` of the ZK."""
    number: str
    """``dok_NrPelny``, e.g. ``ZK 18/2026`` (the prefix is configurable in Subiekt)."""
    original_number: str | None
    """``dok_NrPelnyOryg`` — the shop's own order number, if the synchronizer set it."""
    issued_at: datetime
    status: int
    status_ex: int
    warehouse_id: int | None
    category_id: int | None
    category: str | None
    flag_ids: tuple[int, ...]
    title: str | None
    subtitle: str | None
    remarks: str
    remarks_ext: str
    due_at: datetime | None
    """``dok_TerminRealizacji`` — when the customer expects the order."""
    currency: str
    value_net: Decimal
    value_gross: Decimal
    payment_form_id: int | None
    customer: Customer | None
    billing: Address | None
    """The buyer as printed on the ZK (snapshot in ``adr_Historia``)."""
    delivery: Address | None
    """The delivery address snapshot, None when the ZK has none (deliver to the buyer)."""
    external_id: str | None
    """The shop or Allegro order id (e.g. a checkout-form UUID) found by the extractor."""
    lines: tuple[OrderLine, ...]
    products: dict[int, Product] = field(default_factory=dict)
    """The products referenced by the lines, by ``tw_Id``."""
    custom_fields: dict[str, str] = field(default_factory=dict)
    """Text values of the ZK's extended custom fields (``pw_Dane``), by column name."""


@dataclass(frozen=True, slots=True)
class ZkStockLine:
    """One ZK line with the stock of its product in its warehouse, as the stock check reads
    it (:data:`kolektor.subiekt.queries.ZK_STOCK`)."""

    line_id: int
    """``ob_Id``."""
    product_id: int | None
    """``ob_TowId``; None for a one-off line without a product."""
    kind: int
    """``ob_TowRodzaj``: 1 towar (goods) — the only kind that needs stock; 2 usługa…"""
    base_quantity: Decimal
    """``ob_IloscMag`` — the quantity in the product's base unit (``ob_Ilosc`` when 0)."""
    warehouse_id: int | None
    """``ob_MagId``, else the ZK's ``dok_MagId``."""
    on_hand: Decimal
    """``tw_Stan.st_Stan`` (0 when the product has no stock row in the warehouse)."""
    reserved: Decimal
    """``tw_Stan.st_StanRez`` — reserved by every ZK with status 7, this one included."""


@dataclass(frozen=True, slots=True)
class ZkStock:
    """A ZK's status and its lines with stock, read fresh for one stock check."""

    zk_id: int
    status: int
    """``dok_Status``: 7 means this ZK itself holds a reservation of its goods."""
    lines: tuple[ZkStockLine, ...]
