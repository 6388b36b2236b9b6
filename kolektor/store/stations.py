"""Label printers and packing stations.

A *packing station* is a table where orders are packed, with the label printer beside it.
A handheld packs at one station (set on the device, or by the office for the device): the
labels of the orders it packs print there.  A printer is a Zebra on the network (raw TCP,
``host:port``) or a raw CUPS queue; its resolution and label size decide how labels are
built and converted.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any, Final

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from kolektor.store.tables import device_stations, inserted_id, printers, stations, utcnow

PRINTER_KINDS: Final = ("zebra", "cups")
PRINTER_DPI: Final = (203, 300, 600)


@dataclass(frozen=True, slots=True)
class PrinterRecord:
    id: int
    name: str
    kind: str
    address: str
    dpi: int
    width_mm: Decimal
    height_mm: Decimal
    enabled: bool
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class StationRecord:
    id: int
    name: str
    label_printer_id: int | None
    created_at: datetime
    updated_at: datetime


def _printer(row: Any) -> PrinterRecord:
    return PrinterRecord(**dict(row._mapping))


def _station(row: Any) -> StationRecord:
    return StationRecord(**dict(row._mapping))


def list_printers(conn: Connection) -> list[PrinterRecord]:
    return [_printer(row) for row in conn.execute(sa.select(printers).order_by(printers.c.name))]


def get_printer(conn: Connection, printer_id: int) -> PrinterRecord | None:
    row = conn.execute(sa.select(printers).where(printers.c.id == printer_id)).first()
    return _printer(row) if row is not None else None


def save_printer(
    conn: Connection,
    *,
    name: str,
    kind: str,
    address: str,
    dpi: int = 203,
    width_mm: Decimal = Decimal("101.6"),
    height_mm: Decimal = Decimal("152.4"),
    enabled: bool = True,
    printer_id: int | None = None,
) -> PrinterRecord:
    """Add a printer, or change the one with ``printer_id``.  The caller validated the
    values (``kolektor.printing``); the name is unique (IntegrityError otherwise)."""
    values = {"name": name, "kind": kind, "address": address, "dpi": dpi,
              "width_mm": width_mm, "height_mm": height_mm, "enabled": enabled,
              "updated_at": utcnow()}  # fmt: skip
    if printer_id is None:
        printer_id = inserted_id(
            conn.execute(printers.insert().values(**values, created_at=values["updated_at"]))
        )
    else:
        conn.execute(printers.update().where(printers.c.id == printer_id).values(**values))
    saved = get_printer(conn, printer_id)
    assert saved is not None
    return saved


def delete_printer(conn: Connection, printer_id: int) -> bool:
    """Remove a printer (stations that used it are left without one)."""
    return conn.execute(printers.delete().where(printers.c.id == printer_id)).rowcount > 0


def list_stations(conn: Connection) -> list[StationRecord]:
    return [_station(row) for row in conn.execute(sa.select(stations).order_by(stations.c.name))]


def get_station(conn: Connection, station_id: int) -> StationRecord | None:
    row = conn.execute(sa.select(stations).where(stations.c.id == station_id)).first()
    return _station(row) if row is not None else None


def save_station(
    conn: Connection, *, name: str, label_printer_id: int | None, station_id: int | None = None
) -> StationRecord:
    now = utcnow()
    values = {"name": name, "label_printer_id": label_printer_id, "updated_at": now}
    if station_id is None:
        station_id = inserted_id(conn.execute(stations.insert().values(**values, created_at=now)))
    else:
        conn.execute(stations.update().where(stations.c.id == station_id).values(**values))
    saved = get_station(conn, station_id)
    assert saved is not None
    return saved


def delete_station(conn: Connection, station_id: int) -> bool:
    return conn.execute(stations.delete().where(stations.c.id == station_id)).rowcount > 0


def device_station(conn: Connection, device_id: str) -> StationRecord | None:
    """The station a handheld packs at, or None when it was never set."""
    row = conn.execute(
        sa.select(stations)
        .join(device_stations, device_stations.c.station_id == stations.c.id)
        .where(device_stations.c.device_id == device_id)
    ).first()
    return _station(row) if row is not None else None


def set_device_station(
    conn: Connection, device_id: str, station_id: int | None, *, actor: str
) -> None:
    """Set (or, with None, clear) the station a handheld packs at."""
    conn.execute(device_stations.delete().where(device_stations.c.device_id == device_id))
    if station_id is not None:
        conn.execute(
            device_stations.insert().values(
                device_id=device_id, station_id=station_id, set_by=actor, set_at=utcnow()
            )
        )


def station_printer(conn: Connection, station_id: int | None) -> PrinterRecord | None:
    """The label printer of a station, None when the station has none (or is unknown)."""
    if station_id is None:
        return None
    row = conn.execute(
        sa.select(printers)
        .join(stations, stations.c.label_printer_id == printers.c.id)
        .where(stations.c.id == station_id)
    ).first()
    return _printer(row) if row is not None else None


def only_station(conn: Connection) -> int | None:
    """The id of the installation's one packing station, None when there are none or several
    (a shop with one packing table need not set it on every handheld)."""
    ids = conn.execute(sa.select(stations.c.id).limit(2)).scalars().all()
    return int(ids[0]) if len(ids) == 1 else None
