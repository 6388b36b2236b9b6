"""Courier shipments and their labels, as Kolektor recorded them.

The label step writes its record *before* the carrier is asked (state ``creating``), with
the shipment's idempotency key (:func:`kolektor.shipping.carrier.shipment_key`).  Whatever
happens next — the carrier's answer lost, the process killed between the purchase and this
record — the next attempt finds the row, asks the carrier for the shipment with that key or
reference first, and never buys a second one.

States, in order: ``creating`` (record written, carrier not yet known to have it),
``pending`` (accepted, not bought), ``confirmed`` (bought: tracking numbers), ``labelled``
(every parcel's label stored), ``printed`` (every label sent to the station's printer).
Off that path: ``failed`` (the carrier refused it after accepting) and ``cancelled``; after
either, a new attempt gets a new row and a new key.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Final

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from kolektor.shipping.carrier import CarrierShipment, LabelFile, ShipmentState, shipment_key
from kolektor.store.search_text import add_tracking
from kolektor.store.tables import inserted_id, shipment_labels, shipments, utcnow

CREATING: Final = "creating"
PENDING: Final = "pending"
CONFIRMED: Final = "confirmed"
LABELLED: Final = "labelled"
PRINTED: Final = "printed"
FAILED: Final = "failed"
CANCELLED: Final = "cancelled"
FINISHED: Final = frozenset({FAILED, CANCELLED})
"""States after which an order's next shipment is a new attempt."""
BOUGHT: Final = frozenset({CONFIRMED, LABELLED, PRINTED})


@dataclass(frozen=True, slots=True)
class ShipmentRecord:
    id: int
    order_id: int
    generation: int
    attempt: int
    key: str
    carrier: str
    account: str | None
    service: str | None
    reference: str
    carrier_shipment_id: str | None
    state: str
    carrier_status: str | None
    tracking_numbers: tuple[str, ...]
    station_id: int | None
    request: Mapping[str, Any]
    response: Mapping[str, Any] | None
    error: str | None
    created_at: datetime
    updated_at: datetime
    cancelled_at: datetime | None


@dataclass(frozen=True, slots=True)
class StoredLabel:
    id: int
    shipment_id: int
    package: int
    format: str
    sha256: str
    size: int
    tracking_number: str | None
    created_at: datetime
    printed_at: datetime | None
    printer: str | None
    print_count: int


def _record(row: Any) -> ShipmentRecord:
    values = dict(row._mapping)
    values["tracking_numbers"] = tuple(values["tracking_numbers"] or ())
    return ShipmentRecord(**values)


def current_shipment(conn: Connection, order_id: int, generation: int) -> ShipmentRecord | None:
    """The order's shipment of this packing generation that is not failed or cancelled."""
    row = conn.execute(
        sa.select(shipments)
        .where(
            shipments.c.order_id == order_id,
            shipments.c.generation == generation,
            shipments.c.state.not_in(FINISHED),
        )
        .order_by(shipments.c.attempt.desc())
        .limit(1)
    ).first()
    return _record(row) if row is not None else None


def get_shipment(conn: Connection, shipment_id: int) -> ShipmentRecord | None:
    row = conn.execute(sa.select(shipments).where(shipments.c.id == shipment_id)).first()
    return _record(row) if row is not None else None


def order_shipments(conn: Connection, order_id: int) -> list[ShipmentRecord]:
    """Every shipment of the order, newest first (the order page)."""
    rows = conn.execute(
        sa.select(shipments)
        .where(shipments.c.order_id == order_id)
        .order_by(shipments.c.generation.desc(), shipments.c.attempt.desc())
    )
    return [_record(row) for row in rows]


def begin_shipment(
    conn: Connection,
    *,
    order_id: int,
    generation: int,
    carrier: str,
    service: str | None,
    reference: str,
    request: Mapping[str, Any],
    account: str | None = None,
    station_id: int | None = None,
) -> ShipmentRecord:
    """The order's open shipment of this generation, or a new one (``creating``) with the
    next attempt's key — written before the carrier is asked."""
    existing = current_shipment(conn, order_id, generation)
    if existing is not None:
        return existing
    attempt = 1 + int(
        conn.execute(
            sa.select(sa.func.coalesce(sa.func.max(shipments.c.attempt), 0)).where(
                shipments.c.order_id == order_id, shipments.c.generation == generation
            )
        ).scalar_one()
    )
    now = utcnow()
    new_id = inserted_id(
        conn.execute(
            shipments.insert().values(
                order_id=order_id,
                generation=generation,
                attempt=attempt,
                key=shipment_key(order_id, generation, attempt),
                carrier=carrier,
                account=account,
                service=service,
                reference=reference,
                state=CREATING,
                tracking_numbers=[],
                station_id=station_id,
                request=dict(request),
                created_at=now,
                updated_at=now,
            )
        )
    )
    record = get_shipment(conn, new_id)
    assert record is not None
    return record


_STATES: Final = {
    ShipmentState.PENDING: PENDING,
    ShipmentState.CONFIRMED: CONFIRMED,
    ShipmentState.CANCELLED: CANCELLED,
    ShipmentState.FAILED: FAILED,
}


def record_carrier(
    conn: Connection, shipment_id: int, found: CarrierShipment, *, error: str | None = None
) -> ShipmentRecord:
    """What the carrier says about the shipment now.  A record already ``labelled`` or
    ``printed`` keeps that state while the carrier still reports it bought."""
    record = get_shipment(conn, shipment_id)
    assert record is not None
    state = _STATES[found.state]
    if state == CONFIRMED and record.state in (LABELLED, PRINTED):
        state = record.state
    values: dict[str, Any] = {
        "carrier_shipment_id": found.shipment_id,
        "state": state,
        "carrier_status": found.carrier_status[:60],
        "tracking_numbers": list(found.tracking_numbers or record.tracking_numbers),
        "response": dict(found.raw),
        "error": error if error is not None else ("; ".join(found.errors) or None),
        "updated_at": utcnow(),
    }
    if state == CANCELLED:
        values["cancelled_at"] = utcnow()
    conn.execute(shipments.update().where(shipments.c.id == shipment_id).values(**values))
    if found.tracking_numbers:
        add_tracking(conn, record.order_id, found.tracking_numbers)
    updated = get_shipment(conn, shipment_id)
    assert updated is not None
    return updated


def record_error(conn: Connection, shipment_id: int, error: str | None) -> None:
    """The last failure in words (None clears it)."""
    conn.execute(
        shipments.update()
        .where(shipments.c.id == shipment_id)
        .values(error=error, updated_at=utcnow())
    )


def set_state(conn: Connection, shipment_id: int, state: str) -> None:
    values: dict[str, Any] = {"state": state, "updated_at": utcnow()}
    if state in (LABELLED, PRINTED):
        values["error"] = None
    if state == CANCELLED:
        values["cancelled_at"] = utcnow()
    conn.execute(shipments.update().where(shipments.c.id == shipment_id).values(**values))


_LABEL_META = (
    shipment_labels.c.id, shipment_labels.c.shipment_id, shipment_labels.c.package,
    shipment_labels.c.format, shipment_labels.c.sha256, shipment_labels.c.tracking_number,
    shipment_labels.c.created_at, shipment_labels.c.printed_at, shipment_labels.c.printer,
    shipment_labels.c.print_count, sa.func.length(shipment_labels.c.content).label("size"),
)  # fmt: skip


def _label(row: Any) -> StoredLabel:
    return StoredLabel(**dict(row._mapping))


def save_labels(conn: Connection, shipment_id: int, labels: Sequence[LabelFile]) -> None:
    """Store the parcels' labels; a label already stored (same package and format) stays."""
    have = {
        (row.package, row.format)
        for row in conn.execute(
            sa.select(shipment_labels.c.package, shipment_labels.c.format).where(
                shipment_labels.c.shipment_id == shipment_id
            )
        )
    }
    now = utcnow()
    for label in labels:
        if (label.package, label.format) in have:
            continue
        conn.execute(
            shipment_labels.insert().values(
                shipment_id=shipment_id,
                package=label.package,
                format=label.format,
                content=label.content,
                sha256=hashlib.sha256(label.content).hexdigest(),
                tracking_number=label.tracking_number,
                created_at=now,
            )
        )


def labels_of(
    conn: Connection, shipment_id: int, *, format: str | None = None
) -> list[StoredLabel]:
    """The shipment's stored labels in package order (only ``format`` when given)."""
    query = sa.select(*_LABEL_META).where(shipment_labels.c.shipment_id == shipment_id)
    if format is not None:
        query = query.where(shipment_labels.c.format == format)
    return [_label(row) for row in conn.execute(query.order_by(shipment_labels.c.package))]


def label_content(conn: Connection, label_id: int) -> tuple[StoredLabel, bytes] | None:
    row = conn.execute(
        sa.select(*_LABEL_META, shipment_labels.c.content).where(shipment_labels.c.id == label_id)
    ).first()
    if row is None:
        return None
    values = dict(row._mapping)
    content = values.pop("content")
    return StoredLabel(**values), bytes(content)


def label_contents(conn: Connection, label_ids: Sequence[int]) -> list[bytes]:
    """The files of ``label_ids``, in that order, read in one query."""
    rows = conn.execute(
        sa.select(shipment_labels.c.id, shipment_labels.c.content).where(
            shipment_labels.c.id.in_(list(label_ids))
        )
    )
    by_id = {row.id: bytes(row.content) for row in rows}
    return [by_id[label_id] for label_id in label_ids]


def mark_printed(conn: Connection, label_ids: Sequence[int], printer: str) -> None:
    """The labels were sent to ``printer`` (once more for a reprint)."""
    if not label_ids:
        return
    conn.execute(
        shipment_labels.update()
        .where(shipment_labels.c.id.in_(list(label_ids)))
        .values(
            printed_at=utcnow(),
            printer=printer[:100],
            print_count=shipment_labels.c.print_count + 1,
        )
    )


__all__ = [
    "BOUGHT",
    "CANCELLED",
    "CONFIRMED",
    "CREATING",
    "FAILED",
    "LABELLED",
    "PENDING",
    "PRINTED",
    "ShipmentRecord",
    "StoredLabel",
    "begin_shipment",
    "current_shipment",
    "get_shipment",
    "label_content",
    "label_contents",
    "labels_of",
    "mark_printed",
    "order_shipments",
    "record_carrier",
    "record_error",
    "save_labels",
    "set_state",
]
