"""Printing an order's labels again — the packer's and the office's "reprint" button.

The labels stored with the order's current shipment (``kolektor.store.shipments``) are sent
again, in parcel order, to the printer asked for (a station's label printer, or any printer
by id).  Nothing is bought again: no shipment, no labels → :class:`NothingToReprint`.  A
CUPS printer gets the job under a new name each time (a reprint is wanted twice).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from kolektor.finalize.labels import LabelPrinter
from kolektor.store import shipments as shipment_store
from kolektor.store import stations
from kolektor.store.engine import Store
from kolektor.store.orders import get_order
from kolektor.store.stations import PrinterRecord


class NothingToReprint(LookupError):
    """The order has no shipment with stored labels (``key``: why, in the catalog)."""

    def __init__(self, key: str, /, **params: object) -> None:
        super().__init__(key)
        self.key = key
        self.params = params


@dataclass(frozen=True, slots=True)
class Reprinted:
    printer: str
    labels: int
    tracking_numbers: tuple[str, ...]


async def reprint_labels(
    store: Store,
    printer_adapter: LabelPrinter,
    order_id: int,
    *,
    printer: PrinterRecord | None = None,
    station_id: int | None = None,
) -> Reprinted:
    """Send the order's stored ZPL labels to ``printer`` (or the station's label printer).
    Raises :class:`NothingToReprint` or the adapter's
    :class:`~kolektor.finalize.labels.PrinterProblem`."""
    order = await store.read(get_order, order_id)
    if order is None:
        raise NothingToReprint("shipping.reprint.no_order")
    record = await store.read(shipment_store.current_shipment, order_id, order.generation)
    if record is None:
        raise NothingToReprint("shipping.reprint.no_shipment", number=order.number)
    labels = await store.read(shipment_store.labels_of, record.id, format="zpl")
    if not labels:
        raise NothingToReprint("shipping.reprint.no_labels", number=order.number)
    if printer is None:
        printer = await store.read(stations.station_printer, station_id)
    if printer is None:
        raise NothingToReprint("shipping.reprint.no_printer", number=order.number)
    contents = await store.read(shipment_store.label_contents, [label.id for label in labels])
    job_name = f"{order.number}:{record.key}:reprint:{uuid.uuid4().hex[:8]}"
    await printer_adapter.print_labels(printer, contents, job_name=job_name)
    await store.run(shipment_store.mark_printed, [label.id for label in labels], printer.name)
    return Reprinted(printer.name, len(labels), record.tracking_numbers)
