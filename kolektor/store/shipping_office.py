"""What the office does with printers, packing stations and shipments (the panel's
*Drukarki i stanowiska* page and the order page's shipment card), each change audited in
its own transaction.

* Printers and stations are added, changed and removed here with an audit entry
  (``printer.*``, ``station.*``, ``device.station_set``); names are unique, checked here so
  the refusal names the field (:class:`NameTaken`).
* A handheld's station (``device_stations``) is set or cleared by the office.
* The reads behind the order page (every shipment with its labels, without label bytes), a
  label with its shipment and printer (previews, downloads), and the end-of-day handover list
  (the shipments one carrier bought on one day, over the ``(carrier, created_at)`` index).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any, Final

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from kolektor.shipping.carrier import CarrierShipment
from kolektor.store import audit
from kolektor.store import shipments as shipment_store
from kolektor.store import stations as station_store
from kolektor.store.order_actions import audit_target
from kolektor.store.shipments import ShipmentRecord, StoredLabel
from kolektor.store.stations import PrinterRecord, StationRecord
from kolektor.store.tables import device_stations, orders, printers, sessions, shipments, stations

MAX_SEEN_DEVICES: Final = 200
"""Handhelds listed as seen (newest first): more than any warehouse has."""


class NameTaken(ValueError):
    """Another printer (or station) already has this name."""

    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.name = name


@dataclass(frozen=True, slots=True)
class PrinterValues:
    """A printer as the office entered it (validated by :mod:`kolektor.printing.form`)."""

    name: str
    kind: str
    address: str
    dpi: int
    width_mm: Decimal
    height_mm: Decimal


def _printer_name_free(conn: Connection, name: str, printer_id: int | None) -> None:
    query = sa.select(printers.c.id).where(sa.func.lower(printers.c.name) == name.lower())
    if printer_id is not None:
        query = query.where(printers.c.id != printer_id)
    if conn.execute(query).first() is not None:
        raise NameTaken(name)


def _printer_details(printer: PrinterRecord) -> dict[str, Any]:
    return {"name": printer.name, "kind": printer.kind, "address": printer.address,
            "dpi": printer.dpi, "width_mm": str(printer.width_mm),
            "height_mm": str(printer.height_mm)}  # fmt: skip


def add_printer(conn: Connection, values: PrinterValues, *, actor: str) -> PrinterRecord:
    _printer_name_free(conn, values.name, None)
    saved = station_store.save_printer(
        conn, name=values.name, kind=values.kind, address=values.address, dpi=values.dpi,
        width_mm=values.width_mm, height_mm=values.height_mm,
    )  # fmt: skip
    audit.record(conn, actor=actor, action="printer.created", target=f"printer:{saved.id}",
                 details=_printer_details(saved))  # fmt: skip
    return saved


def change_printer(
    conn: Connection, printer_id: int, values: PrinterValues, *, actor: str
) -> PrinterRecord | None:
    """The printer changed (None: there is no such printer)."""
    before = station_store.get_printer(conn, printer_id)
    if before is None:
        return None
    _printer_name_free(conn, values.name, printer_id)
    saved = station_store.save_printer(
        conn, name=values.name, kind=values.kind, address=values.address, dpi=values.dpi,
        width_mm=values.width_mm, height_mm=values.height_mm, enabled=before.enabled,
        printer_id=printer_id,
    )  # fmt: skip
    old, new = _printer_details(before), _printer_details(saved)
    changed = {key: {"old": old[key], "new": new[key]} for key in new if old[key] != new[key]}
    if changed:
        audit.record(conn, actor=actor, action="printer.changed", target=f"printer:{printer_id}",
                     details={"name": saved.name, "changes": changed})  # fmt: skip
    return saved


def remove_printer(conn: Connection, printer_id: int, *, actor: str) -> list[str] | None:
    """Remove the printer; the names of the stations left without a label printer (None:
    there is no such printer)."""
    before = station_store.get_printer(conn, printer_id)
    if before is None:
        return None
    left = [s.name for s in station_store.list_stations(conn) if s.label_printer_id == printer_id]
    station_store.delete_printer(conn, printer_id)
    audit.record(conn, actor=actor, action="printer.deleted", target=f"printer:{printer_id}",
                 details={**_printer_details(before), "stations": left})  # fmt: skip
    return left


# -- stations --------------------------------------------------------------------------------


class NoSuchPrinter(LookupError):
    """A station was given a printer id no printer has."""


def _station_name_free(conn: Connection, name: str, station_id: int | None) -> None:
    query = sa.select(stations.c.id).where(sa.func.lower(stations.c.name) == name.lower())
    if station_id is not None:
        query = query.where(stations.c.id != station_id)
    if conn.execute(query).first() is not None:
        raise NameTaken(name)


def _printer_exists(conn: Connection, printer_id: int | None) -> None:
    if printer_id is not None and station_store.get_printer(conn, printer_id) is None:
        raise NoSuchPrinter(printer_id)


def add_station(
    conn: Connection, name: str, label_printer_id: int | None, *, actor: str
) -> StationRecord:
    _station_name_free(conn, name, None)
    _printer_exists(conn, label_printer_id)
    saved = station_store.save_station(conn, name=name, label_printer_id=label_printer_id)
    audit.record(conn, actor=actor, action="station.created", target=f"station:{saved.id}",
                 details={"name": name, "label_printer_id": label_printer_id})  # fmt: skip
    return saved


def change_station(
    conn: Connection, station_id: int, name: str, label_printer_id: int | None, *, actor: str
) -> StationRecord | None:
    before = station_store.get_station(conn, station_id)
    if before is None:
        return None
    _station_name_free(conn, name, station_id)
    _printer_exists(conn, label_printer_id)
    saved = station_store.save_station(
        conn, name=name, label_printer_id=label_printer_id, station_id=station_id
    )
    if (before.name, before.label_printer_id) != (name, label_printer_id):
        audit.record(
            conn, actor=actor, action="station.changed", target=f"station:{station_id}",
            details={"name": name, "old_name": before.name, "label_printer_id": label_printer_id,
                     "old_label_printer_id": before.label_printer_id},
        )  # fmt: skip
    return saved


def remove_station(conn: Connection, station_id: int, *, actor: str) -> list[str] | None:
    """Remove the station; the handhelds that packed there (None: no such station)."""
    before = station_store.get_station(conn, station_id)
    if before is None:
        return None
    devices = [
        str(row.device_id)
        for row in conn.execute(
            sa.select(device_stations.c.device_id).where(device_stations.c.station_id == station_id)
        )
    ]
    conn.execute(device_stations.delete().where(device_stations.c.station_id == station_id))
    station_store.delete_station(conn, station_id)
    audit.record(conn, actor=actor, action="station.deleted", target=f"station:{station_id}",
                 details={"name": before.name, "devices": devices})  # fmt: skip
    return devices


# -- handhelds and their stations ------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DeviceStation:
    device_id: str
    station_id: int
    station: str
    set_by: str
    set_at: datetime


@dataclass(frozen=True, slots=True)
class SeenDevice:
    device_id: str
    last_seen_at: datetime


def device_assignments(conn: Connection) -> list[DeviceStation]:
    """Every handheld given a station, by device id."""
    rows = conn.execute(
        sa.select(device_stations.c.device_id, device_stations.c.station_id,
                  stations.c.name.label("station"), device_stations.c.set_by,
                  device_stations.c.set_at)
        .join(stations, stations.c.id == device_stations.c.station_id)
        .order_by(device_stations.c.device_id)
    )  # fmt: skip
    return [DeviceStation(**dict(row._mapping)) for row in rows]


def seen_devices(conn: Connection, limit: int = MAX_SEEN_DEVICES) -> list[SeenDevice]:
    """Handhelds that have logged in (a device session), the most recently seen first."""
    last = sa.func.max(sessions.c.last_seen_at).label("last_seen_at")
    rows = conn.execute(
        sa.select(sessions.c.device_id, last)
        .where(sessions.c.kind == "device", sessions.c.device_id.is_not(None))
        .group_by(sessions.c.device_id)
        .order_by(last.desc())
        .limit(limit)
    )
    return [SeenDevice(str(row.device_id), row.last_seen_at) for row in rows]


class NoSuchStation(LookupError):
    """A handheld was given a station id no station has."""


def assign_device(
    conn: Connection, device_id: str, station_id: int | None, *, actor: str
) -> DeviceStation | None:
    """Set (or with None clear) the station a handheld packs at; the assignment now."""
    station = None
    if station_id is not None:
        station = station_store.get_station(conn, station_id)
        if station is None:
            raise NoSuchStation(station_id)
    before = station_store.device_station(conn, device_id)
    station_store.set_device_station(conn, device_id, station_id, actor=actor)
    if (before.id if before else None) != station_id:
        audit.record(
            conn, actor=actor, action="device.station_set", target=f"device:{device_id}",
            details={"station_id": station_id, "station": station.name if station else None,
                     "old_station": before.name if before else None},
        )  # fmt: skip
    found = [a for a in device_assignments(conn) if a.device_id == device_id]
    return found[0] if found else None


# -- shipments of an order -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class OrderShipment:
    record: ShipmentRecord
    labels: list[StoredLabel]


def order_shipments(conn: Connection, order_id: int) -> list[OrderShipment] | None:
    """Every shipment of the order, newest first, with its labels (None: no such order)."""
    if conn.execute(sa.select(orders.c.id).where(orders.c.id == order_id)).first() is None:
        return None
    return [
        OrderShipment(record, shipment_store.labels_of(conn, record.id))
        for record in shipment_store.order_shipments(conn, order_id)
    ]


@dataclass(frozen=True, slots=True)
class LabelSource:
    """A stored label, its bytes, its shipment and the printer of the shipment's station."""

    label: StoredLabel
    content: bytes
    shipment: ShipmentRecord
    printer: PrinterRecord | None


def label_source(conn: Connection, label_id: int) -> LabelSource | None:
    found = shipment_store.label_content(conn, label_id)
    if found is None:
        return None
    label, content = found
    shipment = shipment_store.get_shipment(conn, label.shipment_id)
    assert shipment is not None
    printer = station_store.station_printer(conn, shipment.station_id)
    return LabelSource(label, content, shipment, printer)


def pdf_label(conn: Connection, shipment_id: int, package: int) -> bytes | None:
    """The carrier's PDF of the shipment's parcel ``package`` (kept beside its ZPL)."""
    for label in shipment_store.labels_of(conn, shipment_id, format="pdf"):
        if label.package == package:
            loaded = shipment_store.label_content(conn, label.id)
            return loaded[1] if loaded is not None else None
    return None


# -- the handover list -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class HandoverRow:
    """One shipment handed to the courier."""

    shipment_id: int
    order_id: int
    number: str
    """The ZK number."""
    service: str | None
    receiver_name: str
    receiver_city: str
    parcels: int
    tracking_numbers: tuple[str, ...]
    state: str
    created_at: datetime


def _receiver(request: Mapping[str, Any], key: str) -> str:
    receiver = request.get("receiver")
    value = receiver.get(key) if isinstance(receiver, Mapping) else None
    return value if isinstance(value, str) else ""


def _parcels(request: Mapping[str, Any]) -> int:
    parcels = request.get("parcels")
    return len(parcels) if isinstance(parcels, Sequence) and not isinstance(parcels, str) else 0


def handover(conn: Connection, carrier: str, start: datetime, end: datetime) -> list[HandoverRow]:
    """The shipments ``carrier`` sold between ``start`` and ``end`` (bought: confirmed,
    labelled or printed; not cancelled nor failed), in the order they were made."""
    rows = conn.execute(
        sa.select(shipments, orders.c.number.label("order_number"))
        .join(orders, orders.c.id == shipments.c.order_id)
        .where(shipments.c.carrier == carrier, shipments.c.created_at >= start,
               shipments.c.created_at < end,
               shipments.c.state.in_(sorted(shipment_store.BOUGHT)))
        .order_by(shipments.c.created_at, shipments.c.id)
    )  # fmt: skip
    found = []
    for row in rows:
        request = row.request if isinstance(row.request, Mapping) else {}
        found.append(
            HandoverRow(
                shipment_id=row.id,
                order_id=row.order_id,
                number=row.order_number,
                service=row.service,
                receiver_name=_receiver(request, "name") or _receiver(request, "company"),
                receiver_city=_receiver(request, "city"),
                parcels=_parcels(request),
                tracking_numbers=tuple(row.tracking_numbers or ()),
                state=row.state,
                created_at=row.created_at,
            )
        )
    return found


# -- audit of the office's shipment actions --------------------------------------------------


def record_action(
    conn: Connection, order_id: int, action: str, *, actor: str, details: Mapping[str, Any]
) -> None:
    """An office action on an order's shipment (``shipment.reprinted``, ``.cancelled``),
    listed with the order's other audit entries."""
    audit.record(conn, actor=actor, action=action, target=audit_target(order_id), details=details)


def cancelled(
    conn: Connection, shipment_id: int, found: CarrierShipment, *, order_id: int, actor: str,
    details: Mapping[str, Any],
) -> ShipmentRecord:  # fmt: skip
    """The carrier's answer to a cancellation recorded, and the office's action audited,
    in one transaction."""
    record = shipment_store.record_carrier(conn, shipment_id, found)
    record_action(conn, order_id, "shipment.cancelled", actor=actor, details=details)
    return record
