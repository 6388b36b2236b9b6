"""The packing station a handheld packs at, as the scanner protocol shows it.

A *packing station* (``kolektor.store.stations``) is a table with its label printer.  Each
handheld is set to one station — by a packer, supervisor or admin on the device
(``set_station``), or by the office — and keeps it across logins and restarts: the labels
of the orders it packs print on that station's printer.  A device never set to a station
has none; its orders' labels are kept for the office (the label step says there is no
printer) and the packer sees that before confirming.

Pure reads and one write, each in the caller's transaction (``Store.read`` /
``Store.run``); the views are what the protocol carries (``docs/scanner-protocol.md``,
*Packing station*): ``{id, name, printer: {name, kind} | null}`` — never the printer's
address.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.engine import Connection

from kolektor.store import shipping_office, stations
from kolektor.store.stations import PrinterRecord, StationRecord


class UnknownStation(LookupError):
    """``set_station`` named a station that does not exist."""

    def __init__(self, station_id: int) -> None:
        super().__init__(station_id)
        self.station_id = station_id


def printer_view(printer: PrinterRecord | None) -> dict[str, Any] | None:
    """``{name, kind}`` of a label printer (``kind``: ``zebra`` or ``cups``), or None."""
    if printer is None:
        return None
    return {"name": printer.name, "kind": printer.kind}


def _view(conn: Connection, station: StationRecord) -> dict[str, Any]:
    printer = (
        stations.get_printer(conn, station.label_printer_id)
        if station.label_printer_id is not None
        else None
    )
    return {"id": station.id, "name": station.name, "printer": printer_view(printer)}


def station_list(conn: Connection) -> list[dict[str, Any]]:
    """Every packing station by name, each with its label printer (or None)."""
    printers = {printer.id: printer for printer in stations.list_printers(conn)}
    return [
        {
            "id": station.id,
            "name": station.name,
            "printer": printer_view(printers.get(station.label_printer_id or -1)),
        }
        for station in stations.list_stations(conn)
    ]


def device_station_view(conn: Connection, device_id: str | None) -> dict[str, Any] | None:
    """The station the device packs at, or None when it was never set (or was cleared)."""
    if not device_id:
        return None
    station = stations.device_station(conn, device_id)
    return _view(conn, station) if station is not None else None


def choose_station(
    conn: Connection, device_id: str, station_id: int | None, *, actor: str
) -> dict[str, Any] | None:
    """Set (``None``: clear) the device's station — audited as ``device.station_set``, as
    when the office assigns it — and return its view after the change.  Raises
    :class:`UnknownStation`, and changes nothing, for an id no station has."""
    try:
        shipping_office.assign_device(conn, device_id, station_id, actor=actor)
    except shipping_office.NoSuchStation:
        raise UnknownStation(station_id or 0) from None
    return device_station_view(conn, device_id)
