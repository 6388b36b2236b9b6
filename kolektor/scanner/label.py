"""The label of a packed order as the packer's handheld shows it after packing.

After ``pack`` the label step (``kolektor.finalize.labels``) buys the shipment, stores the
parcels' labels and prints them on the station's printer — in the background, within
seconds.  The device asks (``label``) how far it got and shows it: the tracking numbers,
"etykieta wydrukowana" in green, or the printer's reason in red with a reprint button.

The answer is read from the store only — the label job (its status, last error and plan)
and the order's current shipment with its stored labels — so any Kolektor instance
answers it the same.  States (``docs/scanner-protocol.md``, *The label after packing*):

* ``waiting`` — the job is queued or running (buying, fetching, printing);
* ``printed`` — every stored label was sent to a printer;
* ``ready`` — the labels are stored but nothing will print them by itself (the station
  has no printer): the packer may print them here (``reprint_label``);
* ``failed`` — the last attempt failed (``retrying``: Kolektor tries again by itself);
* ``not_configured`` — nothing is set up to make the label (no carrier account…);
* ``skipped`` — the rules want no label for this order.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

from sqlalchemy.engine import Connection

from kolektor.i18n import MESSAGES, Language, t
from kolektor.store import jobs as job_store
from kolektor.store import orders as order_store
from kolektor.store import shipments as shipment_store
from kolektor.store import stations
from kolektor.store.jobs import Job
from kolektor.store.lifecycle import OrderStatus
from kolektor.store.orders import OrderRecord
from kolektor.store.shipments import ShipmentRecord, StoredLabel
from kolektor.store.stations import PrinterRecord

REPRINTED: Final = "label_reprinted"
"""The order timeline's event of a reprint from a device (with its ``request_id``)."""
UNPACKED: Final = frozenset({OrderStatus.NEW, OrderStatus.PICKING, OrderStatus.PICKED})
"""Statuses of an order whose current packing (if it had one) is not in force."""
NOT_BOUGHT: Final = frozenset({shipment_store.CREATING, shipment_store.PENDING})
FINAL_STATES: Final = frozenset({"printed", "skipped", "not_configured"})
"""States after which the label of this packing does not change by itself (a device stops
asking)."""


class NotPacked(LookupError):
    """The order has no label job of a packing (never packed, or packed again since)."""

    def __init__(self, order: OrderRecord | None) -> None:
        super().__init__(order.id if order else None)
        self.order = order


@dataclass(frozen=True, slots=True)
class LabelFacts:
    """What the store knows about the label of the order's current packing."""

    order: OrderRecord
    job: Job
    shipment: ShipmentRecord | None
    labels: Sequence[StoredLabel]
    """The shipment's ZPL labels, in parcel order (what a printer gets)."""
    station_printer: PrinterRecord | None
    """The label printer of the station the order was packed at (from the job's plan)."""

    @property
    def plan(self) -> Mapping[str, Any]:
        return self.job.result or {}

    @property
    def carrier(self) -> str | None:
        if self.shipment is not None:
            return self.shipment.carrier
        carrier = self.plan.get("carrier")
        return str(carrier) if carrier else None

    @property
    def service(self) -> str | None:
        if self.shipment is not None and self.shipment.service:
            return self.shipment.service
        service = self.plan.get("service")
        return str(service) if service else None

    @property
    def printed(self) -> int:
        return sum(1 for label in self.labels if label.printed_at is not None)


def label_facts(conn: Connection, order_id: int) -> LabelFacts:
    """Everything :func:`label_view` needs, read in one transaction.  Raises
    :class:`NotPacked` when the order has no label job of a current packing."""
    order = order_store.get_order(conn, order_id)
    if order is None:
        raise NotPacked(None)
    if order.status in UNPACKED:  # never packed, or sent back to picking since
        raise NotPacked(order)
    job = next((job for job in job_store.jobs_of(conn, order_id) if job.step == "label"), None)
    if job is None or job.status == "superseded":
        raise NotPacked(order)
    shipment = shipment_store.current_shipment(conn, order_id, job.generation)
    labels = shipment_store.labels_of(conn, shipment.id, format="zpl") if shipment else []
    station_id = (job.result or {}).get("station_id")
    if shipment is not None and shipment.station_id is not None:
        station_id = shipment.station_id
    printer = stations.station_printer(conn, station_id if isinstance(station_id, int) else None)
    return LabelFacts(order, job, shipment, labels, printer)


def display_name(kind: str, code: str | None, language: Language) -> str | None:
    """A carrier's (``kind`` ``carrier``) or service's (``service``) name in words, as the
    rules name them; an unknown code as it is; None for None."""
    if code is None:
        return None
    key = f"rules.model.{kind}.{code}"
    return t(key, language) if key in MESSAGES else code


def label_view(facts: LabelFacts, language: Language) -> dict[str, Any]:
    """The ``label`` message's fields (without ``type``/``ref``)."""
    shipment = facts.shipment
    total, printed = len(facts.labels), facts.printed
    carrier_name = display_name("carrier", facts.carrier, language)
    state, message, retrying = _state(facts, carrier_name, language)
    printers = [label.printer for label in facts.labels if label.printer]
    printer = printers[-1] if printers else None
    if printer is None and facts.station_printer is not None:
        printer = facts.station_printer.name
    return {
        "order_id": facts.order.id,
        "number": facts.order.number,
        "state": state,
        "carrier": facts.carrier,
        "carrier_name": carrier_name,
        "service": facts.service,
        "service_name": display_name("service", facts.service, language),
        "tracking_numbers": list(shipment.tracking_numbers) if shipment else [],
        "labels": {"total": total, "printed": printed},
        "printer": printer,
        "message": message,
        "retrying": retrying,
        "can_reprint": total > 0,
    }


def _state(
    facts: LabelFacts, carrier_name: str | None, language: Language
) -> tuple[str, str, bool]:
    """(state, message, retrying) — the order of the checks is the order of precedence."""
    job, plan = facts.job, facts.plan
    total, printed = len(facts.labels), facts.printed
    reason = plan.get("reason")
    if job.status == "skipped":
        return "skipped", str(reason or t("plan.skipped.label", language)), False
    if total and printed == total:
        text = t("shipping.device.printed", language, printed=printed, total=total)
        return "printed", text, False
    failure = plan.get("failure") or {}
    # "The carrier has not confirmed yet" is a failure to the pipeline, progress to the packer.
    still_buying = isinstance(failure, Mapping) and failure.get("code") == "pending"
    unfailed = job.status == "pending" and (not job.last_error or still_buying)
    if job.status == "running" or unfailed:
        if still_buying and job.last_error:
            return "waiting", job.last_error, False
        return "waiting", _progress(facts, carrier_name, language), False
    if job.status in ("pending", "failed"):
        retrying = job.status == "pending"
        return "failed", job.last_error or t("shipping.device.failed", language), retrying
    if job.status == "not_configured":
        text = str(reason or t("shipping.device.not_configured", language))
        return ("ready" if total else "not_configured"), text, False
    return "ready", t("shipping.device.ready", language, total=total), False


def _progress(facts: LabelFacts, carrier_name: str | None, language: Language) -> str:
    """What the label step is doing now, in words."""
    shipment, total = facts.shipment, len(facts.labels)
    if total and facts.station_printer is not None:
        return t("shipping.device.printing", language, total=total,
                 printer=facts.station_printer.name)  # fmt: skip
    own = facts.carrier in (None, "own")
    if own:
        return t("shipping.device.making", language)
    if shipment is None or shipment.state in NOT_BOUGHT:
        return t("shipping.device.buying", language, carrier=carrier_name or "")
    return t("shipping.device.fetching", language, carrier=carrier_name or "")


def reprinted_before(conn: Connection, order_id: int, device_id: str, request_id: str) -> bool:
    """Whether this device's reprint request was carried out already (a re-send)."""
    return any(
        event.event == REPRINTED
        and (event.details or {}).get("device") == device_id
        and (event.details or {}).get("request_id") == request_id
        for event in order_store.timeline(conn, order_id)
    )


def record_reprint(
    conn: Connection,
    order_id: int,
    *,
    device_id: str,
    request_id: str,
    actor: str,
    printer: str,
    labels: int,
) -> None:
    """A reprint from a device, in the order's timeline (who, where, how many)."""
    order_store.record_event(
        conn, order_id, REPRINTED, actor=actor,
        details={"device": device_id, "request_id": request_id, "printer": printer,
                 "labels": labels},
    )  # fmt: skip
