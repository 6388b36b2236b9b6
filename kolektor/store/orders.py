"""Orders in the store: importing ZKs from Subiekt, status changes and the order timeline.

Every function takes an open :class:`~sqlalchemy.engine.Connection` first and is meant to be
called through :meth:`kolektor.store.Store.run` (one transaction per call).  Results are
small frozen dataclasses.

Timestamps read from Subiekt are naive local times (SQL Server ``datetime``); the store
interprets them as Polish time (Europe/Warsaw) and keeps them as aware UTC.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any, Final
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.engine import Connection, RowMapping

from kolektor.store.engine import StoreError
from kolektor.store.lifecycle import OrderStatus, allowed_next, can_transition
from kolektor.store.search_text import write_search_text
from kolektor.store.tables import inserted_id, order_events, order_lines, orders, utcnow
from kolektor.subiekt.models import Address, Barcode, SubiektOrder

SUBIEKT_TIMEZONE: Final = ZoneInfo("Europe/Warsaw")
"""The zone Subiekt's naive ``datetime`` columns are in."""

_FINGERPRINT = re.compile(r"[0-9a-f]{64}")


class OrderStateError(StoreError):
    """The order is not in a status that allows the requested change."""

    def __init__(
        self,
        message: str,
        *,
        order_id: int,
        status: str | None = None,
        to_status: str | None = None,
    ) -> None:
        super().__init__(message)
        self.order_id = order_id
        self.status = status
        """The order's status when the change was refused (None when unknown)."""
        self.to_status = to_status


class OrderNotFoundError(StoreError):
    """No order with that id."""

    def __init__(self, order_id: int) -> None:
        super().__init__(f"Order {order_id} does not exist in the store.")
        self.order_id = order_id


# -- result types -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class IntakeEntry:
    """What the intake needs to know about an order it already imported."""

    order_id: int
    status: OrderStatus
    fingerprint: str


@dataclass(frozen=True, slots=True)
class OrderLineRecord:
    """A stored ZK line with what picking needs (barcodes, location, picked quantity)."""

    id: int
    position: int
    subiekt_line_id: int
    product_id: int | None
    symbol: str | None
    name: str
    kind: int
    quantity: Decimal
    unit: str
    base_quantity: Decimal
    price_net: Decimal
    price_gross: Decimal
    discount_percent: Decimal
    value_net: Decimal
    value_vat: Decimal
    value_gross: Decimal
    vat_symbol: str | None
    vat_rate: Decimal
    barcodes: tuple[Barcode, ...]
    location: str | None
    picked_quantity: Decimal
    requires_batch: bool
    requires_expiry: bool
    requires_serial: bool


@dataclass(frozen=True, slots=True)
class OrderRecord:
    """A whole order as stored, with its lines in position order."""

    id: int
    subiekt_id: int
    number: str
    original_number: str | None
    external_id: str | None
    status: OrderStatus
    status_reason: str | None
    status_changed_at: datetime
    fingerprint: str
    issued_at: datetime
    due_at: datetime | None
    warehouse_id: int | None
    category_id: int | None
    category: str | None
    customer_id: int | None
    customer_symbol: str | None
    customer_name: str | None
    customer_is_person: bool | None
    nip: str | None
    nip_raw: str | None
    email: str | None
    phone: str | None
    billing: Address | None
    delivery: Address | None
    remarks: str
    remarks_ext: str
    title: str | None
    subtitle: str | None
    currency: str
    value_net: Decimal
    value_gross: Decimal
    payment_form_id: int | None
    flag_ids: tuple[int, ...]
    custom_fields: dict[str, str]
    priority: int
    claimed_by: int | None
    claimed_at: datetime | None
    imported_at: datetime
    updated_at: datetime
    subiekt_changed_at: datetime | None
    version: int
    lines: tuple[OrderLineRecord, ...]
    generation: int = 1
    """Which packing this is: 2 after the order was packed, sent back and packed again."""


@dataclass(frozen=True, slots=True)
class OrderSummary:
    """One row of an order list."""

    id: int
    subiekt_id: int
    number: str
    original_number: str | None
    external_id: str | None
    status: OrderStatus
    status_reason: str | None
    status_changed_at: datetime
    customer_name: str | None
    issued_at: datetime
    due_at: datetime | None
    currency: str
    value_gross: Decimal
    priority: int
    claimed_by: int | None
    subiekt_changed_at: datetime | None
    line_count: int


@dataclass(frozen=True, slots=True)
class OrderEvent:
    """One entry of an order's timeline."""

    id: int
    order_id: int
    at: datetime
    event: str
    from_status: OrderStatus | None
    to_status: OrderStatus | None
    reason: str | None
    actor: str
    details: dict[str, Any] | None


# -- conversions ----------------------------------------------------------------------------


def subiekt_time(value: datetime) -> datetime:
    """A Subiekt timestamp as aware UTC; naive values are taken as Europe/Warsaw time."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=SUBIEKT_TIMEZONE)
    return value.astimezone(UTC)


def _address_json(address: Address | None) -> dict[str, Any] | None:
    if address is None:
        return None
    return {
        "name": address.name,
        "full_name": address.full_name,
        "street": address.street,
        "house_number": address.house_number,
        "flat_number": address.flat_number,
        "postcode": address.postcode,
        "city": address.city,
        "country": address.country,
        "nip": address.nip,
    }


def _address_from_json(data: Mapping[str, Any] | None) -> Address | None:
    if data is None:
        return None
    return Address(
        name=data["name"],
        full_name=data["full_name"],
        street=data["street"],
        house_number=data["house_number"],
        flat_number=data["flat_number"],
        postcode=data["postcode"],
        city=data["city"],
        country=data.get("country"),
        nip=data.get("nip"),
    )


def _barcodes_json(barcodes: tuple[Barcode, ...]) -> list[dict[str, Any]]:
    # Quantities as canonical decimal strings ("6", "0.5"): JSON numbers would go through
    # float, and a canonical form keeps refresh_order's change summary free of noise.
    return [
        {"code": b.code, "quantity": _decimal_text(b.quantity), "primary": b.primary}
        for b in barcodes
    ]


def _decimal_text(value: Decimal) -> str:
    return format(value.normalize(), "f")


def _barcodes_from_json(data: list[Mapping[str, Any]]) -> tuple[Barcode, ...]:
    return tuple(
        Barcode(code=item["code"], quantity=Decimal(item["quantity"]), primary=item["primary"])
        for item in data
    )


def _check_fingerprint(fingerprint: str) -> None:
    if not _FINGERPRINT.fullmatch(fingerprint):
        raise ValueError(
            f"fingerprint must be 64 lowercase hex digits (sha256), got {fingerprint!r}"
        )


def _check_nip(nip: str | None) -> None:
    if nip is not None and not re.fullmatch(r"[0-9]{10}", nip):
        raise ValueError(f"nip must be 10 digits (normalized) or None, got {nip!r}")


def _header_values(zk: SubiektOrder, *, fingerprint: str, nip: str | None) -> dict[str, Any]:
    """The ``orders`` columns that come from the ZK."""
    _check_fingerprint(fingerprint)
    _check_nip(nip)
    customer = zk.customer
    nip_raw = (zk.billing.nip if zk.billing is not None else None) or (
        customer.nip if customer is not None else None
    )
    customer_name = customer.name if customer is not None else None
    if customer_name is None and zk.billing is not None:
        customer_name = zk.billing.name
    return {
        "number": zk.number,
        "original_number": zk.original_number,
        "external_id": zk.external_id,
        "fingerprint": fingerprint,
        "issued_at": subiekt_time(zk.issued_at),
        "due_at": subiekt_time(zk.due_at) if zk.due_at is not None else None,
        "warehouse_id": zk.warehouse_id,
        "category_id": zk.category_id,
        "category": zk.category,
        "customer_id": customer.id if customer is not None else None,
        "customer_symbol": customer.symbol if customer is not None else None,
        "customer_name": customer_name,
        "customer_is_person": customer.is_person if customer is not None else None,
        "nip": nip,
        "nip_raw": nip_raw or None,
        "email": customer.email if customer is not None else None,
        "phone": customer.phone if customer is not None else None,
        "billing": _address_json(zk.billing),
        "delivery": _address_json(zk.delivery),
        "remarks": zk.remarks,
        "remarks_ext": zk.remarks_ext,
        "title": zk.title,
        "subtitle": zk.subtitle,
        "currency": zk.currency,
        "value_net": zk.value_net,
        "value_gross": zk.value_gross,
        "payment_form_id": zk.payment_form_id,
        "flag_ids": list(zk.flag_ids),
        "custom_fields": dict(zk.custom_fields),
    }


def _line_values(
    order_id: int, zk: SubiektOrder, location_by_product: Mapping[int, str | None] | None
) -> list[dict[str, Any]]:
    rows = []
    for line in zk.lines:
        product = zk.products.get(line.product_id) if line.product_id is not None else None
        location = product.location if product is not None else None
        if (
            location_by_product is not None
            and line.product_id is not None
            and line.product_id in location_by_product
        ):
            location = location_by_product[line.product_id]
        rows.append(
            {
                "order_id": order_id,
                "position": line.position,
                "subiekt_line_id": line.id,
                "product_id": line.product_id,
                "symbol": line.symbol,
                "name": line.name,
                "kind": line.kind,
                "quantity": line.quantity,
                "unit": line.unit,
                "base_quantity": line.base_quantity,
                "price_net": line.price_net,
                "price_gross": line.price_gross,
                "discount_percent": line.discount_percent,
                "value_net": line.value_net,
                "value_vat": line.value_vat,
                "value_gross": line.value_gross,
                "vat_symbol": line.vat_symbol,
                "vat_rate": line.vat_rate,
                "barcodes": _barcodes_json(product.barcodes if product is not None else ()),
                "location": location,
            }
        )
    return rows


def _add_event(
    conn: Connection,
    order_id: int,
    event: str,
    *,
    actor: str,
    at: datetime,
    from_status: str | None = None,
    to_status: str | None = None,
    reason: str | None = None,
    details: Mapping[str, Any] | None = None,
) -> None:
    conn.execute(
        order_events.insert().values(
            order_id=order_id,
            at=at,
            event=event,
            from_status=from_status,
            to_status=to_status,
            reason=reason,
            actor=actor,
            details=dict(details) if details is not None else None,
        )
    )


def _status_and_version(conn: Connection, order_id: int) -> tuple[OrderStatus, int]:
    row = conn.execute(
        sa.select(orders.c.status, orders.c.version).where(orders.c.id == order_id)
    ).one_or_none()
    if row is None:
        raise OrderNotFoundError(order_id)
    return OrderStatus(row.status), row.version


# -- intake -------------------------------------------------------------------------------


def import_order(
    conn: Connection,
    zk: SubiektOrder,
    *,
    fingerprint: str,
    nip: str | None,
    location_by_product: Mapping[int, str | None] | None = None,
    actor: str = "intake",
) -> int:
    """Store a ZK as a ``new`` order with its lines and an ``imported`` event; its id.

    Lines get their barcodes and location from ``zk.products``; ``location_by_product``
    overrides the location per product id (a None value means "no location").  ``nip`` is
    the customer's normalized NIP (10 digits) or None; ``fingerprint`` the sha256 hex of
    the ZK's content.  Idempotent: when the ZK (``subiekt_id``) is already stored, returns
    that order's id and changes nothing.
    """
    existing = conn.execute(
        sa.select(orders.c.id).where(orders.c.subiekt_id == zk.id)
    ).scalar_one_or_none()
    if existing is not None:
        return int(existing)
    header = _header_values(zk, fingerprint=fingerprint, nip=nip)
    now = utcnow()
    try:
        with conn.begin_nested():
            inserted = conn.execute(
                orders.insert().values(
                    subiekt_id=zk.id,
                    status=OrderStatus.NEW.value,
                    status_changed_at=now,
                    imported_at=now,
                    updated_at=now,
                    **header,
                )
            )
            order_id = inserted_id(inserted)
            write_search_text(conn, order_id, header)
    except sa.exc.IntegrityError:
        # Another intake stored the same ZK between our check and our insert.
        raced = conn.execute(
            sa.select(orders.c.id).where(orders.c.subiekt_id == zk.id)
        ).scalar_one_or_none()
        if raced is None:
            raise
        return int(raced)
    lines = _line_values(order_id, zk, location_by_product)
    if lines:
        conn.execute(order_lines.insert(), lines)
    _add_event(
        conn,
        order_id,
        "imported",
        actor=actor,
        at=now,
        to_status=OrderStatus.NEW,
        details={"number": zk.number, "lines": len(lines), "fingerprint": fingerprint},
    )
    return int(order_id)


_LINE_COMPARED: Final = (
    "product_id",
    "symbol",
    "name",
    "quantity",
    "unit",
    "base_quantity",
    "price_net",
    "price_gross",
    "discount_percent",
    "value_gross",
    "vat_rate",
    "barcodes",
    "location",
)


def _json_safe(value: Any) -> Any:
    if isinstance(value, Decimal):
        return _decimal_text(value)
    if isinstance(value, datetime):
        return value.isoformat()
    return value


def _normalize_for_compare(column: str, value: Any) -> Any:
    if isinstance(value, Decimal):
        return value.normalize()
    if column == "custom_fields" and isinstance(value, Mapping):
        return dict(value)
    return value


def refresh_order(
    conn: Connection,
    order_id: int,
    zk: SubiektOrder,
    *,
    fingerprint: str,
    nip: str | None,
    location_by_product: Mapping[int, str | None] | None = None,
    actor: str = "intake",
) -> None:
    """Replace a ``new`` order's header and lines with the ZK's current content.

    Records an ``updated_from_subiekt`` event whose details summarize the change: the
    header fields that changed and the lines added, removed and changed (by Subiekt line
    id).  Raises :class:`OrderStateError` unless the order is ``new`` — once picking has
    started, use :func:`note_subiekt_change` — and :class:`OrderNotFoundError`.
    """
    header = _header_values(zk, fingerprint=fingerprint, nip=nip)
    current = conn.execute(sa.select(orders).where(orders.c.id == order_id)).mappings().first()
    if current is None:
        raise OrderNotFoundError(order_id)
    if current["subiekt_id"] != zk.id:
        raise ValueError(
            f"order {order_id} is ZK {current['subiekt_id']}, not ZK {zk.id} ({zk.number})"
        )
    status = OrderStatus(current["status"])
    if status is not OrderStatus.NEW:
        raise OrderStateError(
            f"Order {current['number']} (id {order_id}) is {status}; only new orders are "
            "refreshed from Subiekt. Changes to orders in progress are only flagged "
            "(note_subiekt_change).",
            order_id=order_id,
            status=status,
        )
    changed_fields = sorted(
        column
        for column, value in header.items()
        if column != "fingerprint"
        and _normalize_for_compare(column, current[column]) != _normalize_for_compare(column, value)
    )
    old_lines = {
        row["subiekt_line_id"]: row
        for row in conn.execute(
            sa.select(order_lines).where(order_lines.c.order_id == order_id)
        ).mappings()
    }
    new_lines = _line_values(order_id, zk, location_by_product)
    new_by_id = {row["subiekt_line_id"]: row for row in new_lines}

    def brief(row: Mapping[str, Any] | RowMapping) -> dict[str, Any]:
        return {
            "position": row["position"],
            "symbol": row["symbol"],
            "name": row["name"],
            "quantity": _decimal_text(row["quantity"]),
        }

    added = [brief(row) for key, row in new_by_id.items() if key not in old_lines]
    removed = [brief(row) for key, row in old_lines.items() if key not in new_by_id]
    changed = []
    for key, row in new_by_id.items():
        old = old_lines.get(key)
        if old is None:
            continue
        differences = {
            column: {"before": _json_safe(old[column]), "after": _json_safe(row[column])}
            for column in _LINE_COMPARED
            if _normalize_for_compare(column, old[column])
            != _normalize_for_compare(column, row[column])
        }
        if differences:
            changed.append({"position": row["position"], "symbol": row["symbol"], **differences})

    now = utcnow()
    result = conn.execute(
        orders.update()
        .where(orders.c.id == order_id, orders.c.status == OrderStatus.NEW.value)
        .values(updated_at=now, version=orders.c.version + 1, **header)
    )
    if result.rowcount != 1:
        raise OrderStateError(
            f"Order {current['number']} (id {order_id}) left status new while being refreshed.",
            order_id=order_id,
        )
    write_search_text(conn, order_id, header)
    conn.execute(order_lines.delete().where(order_lines.c.order_id == order_id))
    if new_lines:
        conn.execute(order_lines.insert(), new_lines)
    _add_event(
        conn,
        order_id,
        "updated_from_subiekt",
        actor=actor,
        at=now,
        details={
            "fields": changed_fields,
            "lines_added": added,
            "lines_removed": removed,
            "lines_changed": changed,
            "fingerprint_before": current["fingerprint"],
            "fingerprint_after": fingerprint,
        },
    )


def note_subiekt_change(
    conn: Connection, order_id: int, *, fingerprint: str, actor: str = "intake"
) -> None:
    """Flag that the ZK of an order in progress changed in Subiekt.

    Sets ``subiekt_changed_at`` and the new fingerprint and records a
    ``changed_in_subiekt`` event; the lines stay as they are (the picker works from them).
    Does nothing when the fingerprint is already the stored one.  Raises
    :class:`OrderStateError` for a ``new`` order (use :func:`refresh_order`).
    """
    _check_fingerprint(fingerprint)
    row = conn.execute(
        sa.select(orders.c.status, orders.c.fingerprint, orders.c.number).where(
            orders.c.id == order_id
        )
    ).one_or_none()
    if row is None:
        raise OrderNotFoundError(order_id)
    status = OrderStatus(row.status)
    if status is OrderStatus.NEW:
        raise OrderStateError(
            f"Order {row.number} (id {order_id}) is new; refresh it from Subiekt "
            "(refresh_order) instead of flagging the change.",
            order_id=order_id,
            status=status,
        )
    if row.fingerprint == fingerprint:
        return
    now = utcnow()
    conn.execute(
        orders.update()
        .where(orders.c.id == order_id)
        .values(
            fingerprint=fingerprint,
            subiekt_changed_at=now,
            updated_at=now,
            version=orders.c.version + 1,
        )
    )
    _add_event(
        conn,
        order_id,
        "changed_in_subiekt",
        actor=actor,
        at=now,
        details={
            "status": status.value,
            "fingerprint_before": row.fingerprint,
            "fingerprint_after": fingerprint,
        },
    )


def intake_index(conn: Connection) -> dict[int, IntakeEntry]:
    """Every stored order by its ZK id (``subiekt_id``), for the intake's change detection."""
    rows = conn.execute(
        sa.select(orders.c.subiekt_id, orders.c.id, orders.c.status, orders.c.fingerprint)
    )
    return {
        row.subiekt_id: IntakeEntry(
            order_id=row.id, status=OrderStatus(row.status), fingerprint=row.fingerprint
        )
        for row in rows
    }


# -- lifecycle ------------------------------------------------------------------------------


def change_status(
    conn: Connection,
    order_id: int,
    to_status: str,
    *,
    reason: str | None,
    actor: str,
    expected_from: Collection[str] | None = None,
    expected_version: int | None = None,
    details: Mapping[str, Any] | None = None,
) -> None:
    """Move an order to ``to_status`` and record a ``status_changed`` event.

    The transition must be allowed by :mod:`kolektor.store.lifecycle`; ``expected_from``
    additionally restricts the statuses the order may be in (e.g. a worker that only moves
    orders out of ``label``), and ``expected_version`` requires the order not to have
    changed since the caller read it.  Bumps ``version``; moving back to ``new`` releases
    the operator's claim.

    Safe under races: the update only applies to the status and version read, so of two
    workers changing the same order at once one wins and the other gets
    :class:`OrderStateError` (as does any refused transition).  :class:`OrderNotFoundError`
    when the order does not exist.
    """
    status, version = _status_and_version(conn, order_id)
    try:
        target = OrderStatus(to_status)
    except ValueError:
        raise OrderStateError(
            f"Unknown order status {to_status!r}; known: {', '.join(OrderStatus)}.",
            order_id=order_id,
            status=status,
            to_status=to_status,
        ) from None
    if expected_from is not None and status not in expected_from:
        raise OrderStateError(
            f"Order {order_id} is {status}, expected {' or '.join(sorted(expected_from))}; "
            f"not moving it to {target}.",
            order_id=order_id,
            status=status,
            to_status=target,
        )
    if expected_version is not None and version != expected_version:
        raise OrderStateError(
            f"Order {order_id} was changed by someone else (version {version}, expected "
            f"{expected_version}); reload it and try again.",
            order_id=order_id,
            status=status,
            to_status=target,
        )
    if not can_transition(status, target):
        allowed = ", ".join(sorted(allowed_next(status))) or "none (final status)"
        raise OrderStateError(
            f"Order {order_id} cannot move from {status} to {target}; allowed from "
            f"{status}: {allowed}.",
            order_id=order_id,
            status=status,
            to_status=target,
        )
    now = utcnow()
    values: dict[str, Any] = {
        "status": target.value,
        "status_reason": reason,
        "status_changed_at": now,
        "updated_at": now,
        "version": version + 1,
    }
    if target is OrderStatus.NEW:
        values.update(claimed_by=None, claimed_at=None)
    result = conn.execute(
        orders.update()
        .where(
            orders.c.id == order_id,
            orders.c.status == status.value,
            orders.c.version == version,
        )
        .values(**values)
    )
    if result.rowcount != 1:
        latest = conn.execute(
            sa.select(orders.c.status).where(orders.c.id == order_id)
        ).scalar_one_or_none()
        raise OrderStateError(
            f"Order {order_id} was changed by someone else while moving it from {status} to "
            f"{target} (it is now {latest}); nothing was changed.",
            order_id=order_id,
            status=latest,
            to_status=target,
        )
    _add_event(
        conn,
        order_id,
        "status_changed",
        actor=actor,
        at=now,
        from_status=status,
        to_status=target,
        reason=reason,
        details=details,
    )


# -- queries --------------------------------------------------------------------------------


def _line_record(row: RowMapping) -> OrderLineRecord:
    return OrderLineRecord(
        id=row["id"],
        position=row["position"],
        subiekt_line_id=row["subiekt_line_id"],
        product_id=row["product_id"],
        symbol=row["symbol"],
        name=row["name"],
        kind=row["kind"],
        quantity=row["quantity"],
        unit=row["unit"],
        base_quantity=row["base_quantity"],
        price_net=row["price_net"],
        price_gross=row["price_gross"],
        discount_percent=row["discount_percent"],
        value_net=row["value_net"],
        value_vat=row["value_vat"],
        value_gross=row["value_gross"],
        vat_symbol=row["vat_symbol"],
        vat_rate=row["vat_rate"],
        barcodes=_barcodes_from_json(row["barcodes"]),
        location=row["location"],
        picked_quantity=row["picked_quantity"],
        requires_batch=bool(row["requires_batch"]),
        requires_expiry=bool(row["requires_expiry"]),
        requires_serial=bool(row["requires_serial"]),
    )


def get_order(conn: Connection, order_id: int) -> OrderRecord | None:
    """The order with its lines (by position), or None when there is no such order."""
    row = conn.execute(sa.select(orders).where(orders.c.id == order_id)).mappings().first()
    if row is None:
        return None
    lines = tuple(
        _line_record(line)
        for line in conn.execute(
            sa.select(order_lines)
            .where(order_lines.c.order_id == order_id)
            .order_by(order_lines.c.position)
        ).mappings()
    )
    person = row["customer_is_person"]
    return OrderRecord(
        id=row["id"],
        subiekt_id=row["subiekt_id"],
        number=row["number"],
        original_number=row["original_number"],
        external_id=row["external_id"],
        status=OrderStatus(row["status"]),
        status_reason=row["status_reason"],
        status_changed_at=row["status_changed_at"],
        fingerprint=row["fingerprint"],
        issued_at=row["issued_at"],
        due_at=row["due_at"],
        warehouse_id=row["warehouse_id"],
        category_id=row["category_id"],
        category=row["category"],
        customer_id=row["customer_id"],
        customer_symbol=row["customer_symbol"],
        customer_name=row["customer_name"],
        customer_is_person=bool(person) if person is not None else None,
        nip=row["nip"],
        nip_raw=row["nip_raw"],
        email=row["email"],
        phone=row["phone"],
        billing=_address_from_json(row["billing"]),
        delivery=_address_from_json(row["delivery"]),
        remarks=row["remarks"],
        remarks_ext=row["remarks_ext"],
        title=row["title"],
        subtitle=row["subtitle"],
        currency=row["currency"],
        value_net=row["value_net"],
        value_gross=row["value_gross"],
        payment_form_id=row["payment_form_id"],
        flag_ids=tuple(row["flag_ids"]),
        custom_fields=dict(row["custom_fields"]),
        priority=row["priority"],
        claimed_by=row["claimed_by"],
        claimed_at=row["claimed_at"],
        imported_at=row["imported_at"],
        updated_at=row["updated_at"],
        subiekt_changed_at=row["subiekt_changed_at"],
        version=row["version"],
        lines=lines,
        generation=row["generation"],
    )


def list_orders(
    conn: Connection,
    *,
    statuses: Collection[str] | None = None,
    limit: int = 100,
    offset: int = 0,
) -> list[OrderSummary]:
    """Orders, optionally only those in ``statuses``, most urgent first.

    Sorted by priority (highest first), then issue time (oldest first), then id.
    """
    line_count = (
        sa.select(sa.func.count())
        .where(order_lines.c.order_id == orders.c.id)
        .scalar_subquery()
        .label("line_count")
    )
    query = sa.select(
        orders.c.id,
        orders.c.subiekt_id,
        orders.c.number,
        orders.c.original_number,
        orders.c.external_id,
        orders.c.status,
        orders.c.status_reason,
        orders.c.status_changed_at,
        orders.c.customer_name,
        orders.c.issued_at,
        orders.c.due_at,
        orders.c.currency,
        orders.c.value_gross,
        orders.c.priority,
        orders.c.claimed_by,
        orders.c.subiekt_changed_at,
        line_count,
    )
    if statuses is not None:
        query = query.where(orders.c.status.in_([OrderStatus(s).value for s in statuses]))
    query = (
        query.order_by(orders.c.priority.desc(), orders.c.issued_at, orders.c.id)
        .limit(limit)
        .offset(offset)
    )
    return [
        OrderSummary(
            id=row.id,
            subiekt_id=row.subiekt_id,
            number=row.number,
            original_number=row.original_number,
            external_id=row.external_id,
            status=OrderStatus(row.status),
            status_reason=row.status_reason,
            status_changed_at=row.status_changed_at,
            customer_name=row.customer_name,
            issued_at=row.issued_at,
            due_at=row.due_at,
            currency=row.currency,
            value_gross=row.value_gross,
            priority=row.priority,
            claimed_by=row.claimed_by,
            subiekt_changed_at=row.subiekt_changed_at,
            line_count=row.line_count,
        )
        for row in conn.execute(query)
    ]


def count_by_status(conn: Connection) -> dict[str, int]:
    """How many orders are in each status; every status is present (0 when none)."""
    counts: dict[str, int] = {status.value: 0 for status in OrderStatus}
    rows = conn.execute(sa.select(orders.c.status, sa.func.count()).group_by(orders.c.status)).all()
    for status, count in rows:
        counts[status] = count
    return counts


def timeline(conn: Connection, order_id: int) -> list[OrderEvent]:
    """The order's events in the order they were recorded (empty for an unknown order)."""
    rows = conn.execute(
        sa.select(order_events)
        .where(order_events.c.order_id == order_id)
        .order_by(order_events.c.id)
    ).mappings()
    return [
        OrderEvent(
            id=row["id"],
            order_id=row["order_id"],
            at=row["at"],
            event=row["event"],
            from_status=OrderStatus(row["from_status"]) if row["from_status"] else None,
            to_status=OrderStatus(row["to_status"]) if row["to_status"] else None,
            reason=row["reason"],
            actor=row["actor"],
            details=row["details"],
        )
        for row in rows
    ]


def status_before_hold(conn: Connection, order_id: int) -> OrderStatus:
    """Where a ``held`` order was when it was held (``new`` if that cannot be told)."""
    row = conn.execute(
        sa.select(order_events.c.from_status)
        .where(order_events.c.order_id == order_id,
               order_events.c.to_status == OrderStatus.HELD.value)
        .order_by(order_events.c.id.desc())
        .limit(1)
    ).first()  # fmt: skip
    if row is None or row.from_status is None:
        return OrderStatus.NEW
    return OrderStatus(row.from_status)


def record_event(
    conn: Connection,
    order_id: int,
    event: str,
    *,
    actor: str,
    reason: str | None = None,
    details: Mapping[str, Any] | None = None,
) -> None:
    """Add an entry to the order's timeline without changing its status (a finalization
    step done or failed, a rule applied…)."""
    _add_event(conn, order_id, event, actor=actor, at=utcnow(), reason=reason, details=details)
