"""The ``label`` step: buy the order's shipment from the carrier the rules chose, keep its
labels, print them at the packing station — each part checked before it is done again.

The step resumes where an earlier run stopped (``kolektor.store.shipments`` holds how far
it got):

1. **Record first.**  The shipment row (with its idempotency key) is written before the
   carrier is asked.  A row still ``creating`` means an earlier run may have bought it
   without recording the answer: the carrier is asked :meth:`~Carrier.find` first.
2. **Buy.**  ``create``; a carrier that buys asynchronously is polled (``refresh``, waiting
   what it asks) for up to :attr:`LabelSettings.confirm_wait` seconds; a shipment still not
   bought then fails the step *retryably* ("InPost has not confirmed yet"), so the pipeline
   comes back later and the lease is not held.
3. **Labels.**  Fetched once and stored per parcel; a carrier's PDF label is converted to
   ZPL for a Zebra at the printer's resolution (and kept for the preview).
4. **Print.**  In parcel order on the station's label printer (the packing handheld's
   station, kept in the job's plan); the printer's state is checked first, its problem
   becomes the step's reason in words.  Labels printed once are not printed again by a
   retry (a reprint is the office's or the packer's button).

Failures are :class:`~kolektor.finalize.steps.StepError` with the carrier's or printer's
reason in the configured language; retryable ones come back with the carrier's
``Retry-After`` respected.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Protocol

import trio

from kolektor.failpoints import failpoint
from kolektor.finalize.pipeline import StepCall, StepFailed, StepNotConfigured
from kolektor.i18n import Language, t
from kolektor.labels.errors import LabelImageError
from kolektor.labels.pdf_zpl import pdf_to_zpl
from kolektor.labels.zpl_reader import read_label, split_labels
from kolektor.logs import log_event
from kolektor.printing.errors import PrinterError
from kolektor.printing.send import print_labels
from kolektor.printing.target import PrinterTarget
from kolektor.shipping import settings as shipping_settings
from kolektor.shipping.carrier import (
    Carrier,
    CarrierError,
    CarrierShipment,
    LabelFile,
    ShipmentRequest,
    ShipmentState,
)
from kolektor.shipping.request import PackedParcel, RequestProblem, build_request
from kolektor.store import allegro_accounts, order_page, stations
from kolektor.store import shipments as shipment_store
from kolektor.store.engine import Store
from kolektor.store.shipments import ShipmentRecord
from kolektor.store.stations import PrinterRecord

logger = logging.getLogger("kolektor.labels")


class PrinterProblem(Exception):
    """A label printer that cannot print now; :meth:`message` says why and what to do."""

    def __init__(self, text: str, *, code: str = "printer") -> None:
        super().__init__(text)
        self.text = text
        self.code = code

    def message(self, language: Language = "pl") -> str:
        return self.text


class LabelPrinter(Protocol):
    """Sends ZPL labels to a printer of the ``printers`` table, in order, after checking
    its state; raises :class:`PrinterProblem` (with the reason in words)."""

    async def print_labels(
        self, printer: PrinterRecord, labels: Sequence[bytes], *, job_name: str
    ) -> None: ...


PdfToZpl = Callable[[bytes, PrinterRecord], Sequence[str]]
"""A PDF label converted to one ZPL label per page for the printer (blocking)."""


@dataclass(frozen=True, slots=True)
class _Earlier:
    ids: frozenset[str]
    """The carriers' ids of the earlier packings' shipments (never adopted by ``find``)."""
    notes: tuple[str, ...]
    """Those that could not be cancelled, in words."""


@dataclass(frozen=True, slots=True)
class LabelSettings:
    """What the label step needs besides the carriers."""

    confirm_wait: float = 30.0
    """Seconds one run polls a shipment the carrier has not bought yet."""
    poll_interval: float = 1.0
    """Seconds between polls when the carrier does not say (``Retry-After``)."""
    default_dpi: int = 203


@dataclass
class ShippingLabels:
    """The label step's handler (``StepEnvironment.label_provider``)."""

    store: Store
    carriers: Mapping[str, Carrier]
    printer: LabelPrinter
    pdf_to_zpl: PdfToZpl
    settings: LabelSettings = field(default_factory=LabelSettings)
    language: Language = "pl"
    sleep: Callable[[float], Awaitable[None]] = trio.sleep

    async def create_label(self, call: StepCall) -> Mapping[str, Any]:
        plan = dict(call.job.result or {})
        carrier_name = str(plan.get("carrier") or "own")
        carrier = self.carriers.get(carrier_name)
        if carrier is None:
            raise StepNotConfigured(
                t("shipping.carrier_not_configured", self.language,
                  carrier=t(f"rules.model.carrier.{carrier_name}", self.language))
            )  # fmt: skip
        order = call.order
        station_id = plan.get("station_id")
        if station_id is None:  # a handheld with no station set: the shop's only one, if so
            station_id = await self.store.read(stations.only_station)
        printer = await self.store.read(stations.station_printer, station_id)
        record = await self.store.read(
            shipment_store.current_shipment, order.id, call.job.generation
        )
        request = await self._request(call, plan, record, printer)
        earlier = await self._retire_earlier(order.id, call.job.generation)
        fresh = record is None
        if record is None:
            record = await self.store.run(
                shipment_store.begin_shipment, order_id=order.id,
                generation=call.job.generation, carrier=carrier_name,
                service=request.service, reference=request.reference,
                request=_request_json(request), account=request.account,
                station_id=station_id if isinstance(station_id, int) else None,
            )  # fmt: skip
            request = replace(request, key=record.key)
        try:
            record = await self._buy(carrier, record, request, earlier.ids, fresh=fresh)
            labels = await self._labels(carrier, record, request, printer)
        except CarrierError as error:
            await self.store.run(shipment_store.record_error, record.id,
                                 error.message(self.language))  # fmt: skip
            raise StepFailed(
                error.message(self.language), retryable=error.retryable,
                details={"code": error.code, "carrier": carrier_name},
                retry_after=error.retry_after,
            ) from None  # fmt: skip
        try:
            printed = await self._print(record, labels, printer, order.number)
        except StepNotConfigured:  # no printer: the labels wait in the panel, with previews
            await self._keep_pdf_for_preview(carrier, record, request)
            raise
        await self._keep_pdf_for_preview(carrier, record, request)  # after: the packer waits
        return {
            "carrier": carrier_name,
            "service": record.service,
            "shipment_id": record.carrier_shipment_id,
            "tracking_numbers": list(record.tracking_numbers),
            "labels": len(labels),
            "printer": printer.name if printer else None,
            "printed": printed,
            "station_id": station_id,
            **({"earlier_shipments": earlier.notes} if earlier.notes else {}),
        }

    # -- the request -------------------------------------------------------------------------

    async def _request(
        self,
        call: StepCall,
        plan: Mapping[str, Any],
        record: ShipmentRecord | None,
        printer: PrinterRecord | None,
    ) -> ShipmentRequest:
        order = call.order
        packed = [
            PackedParcel(p.number, p.template, p.weight_kg, p.length_cm, p.width_cm, p.height_cm)
            for p in await self.store.read(order_page.order_packages, order.id)
            if p.generation == call.job.generation
        ]
        if plan.get("carrier") == "allegro" and not plan.get("account"):
            plan = {**plan, "account": await self._allegro_account(plan)}
        shipping = await self.store.read(shipping_settings.load)
        if shipping.gs1_prefix:
            plan = {**plan, "options": {**(plan.get("options") or {}),
                                        "gs1_prefix": shipping.gs1_prefix}}  # fmt: skip
        try:
            return build_request(
                order, packed, plan, key=record.key if record else "",
                sender=shipping.sender, cod_payment_forms=shipping.cod_payment_forms,
                dpi=printer.dpi if printer else self.settings.default_dpi,
            )  # fmt: skip
        except RequestProblem as problem:
            raise StepFailed(
                t(problem.key, self.language, **problem.params), retryable=False,
                details={"code": problem.key.rsplit(".", 1)[-1]},
            ) from None  # fmt: skip

    async def _allegro_account(self, plan: Mapping[str, Any]) -> str | None:
        """The connected seller account that sold the order (asked of Allegro when several
        are connected); None when none is — the carrier then says to connect it."""
        accounts = await self.store.read(_connected_allegro_accounts)
        account_of = getattr(self.carriers.get("allegro"), "account_of", None)
        checkout = str(plan.get("checkout_form_id") or "")
        if not accounts or not checkout or account_of is None:
            return str(accounts[0]) if accounts else None
        try:
            found: str | None = await account_of(checkout, accounts)
        except CarrierError as error:
            raise StepFailed(
                error.message(self.language), retryable=error.retryable,
                details={"code": error.code, "carrier": "allegro"},
                retry_after=error.retry_after,
            ) from None  # fmt: skip
        return found

    # -- buying ------------------------------------------------------------------------------

    async def _retire_earlier(self, order_id: int, generation: int) -> _Earlier:
        """Cancel the shipments of the order's earlier packings (it was sent back and packed
        again): their parcels are not the ones packed now.  A carrier that no longer allows
        it (InPost after purchase) leaves a note for the office, in words."""
        ids: set[str] = set()
        notes: list[str] = []
        for old in await self.store.read(shipment_store.order_shipments, order_id):
            if old.generation >= generation or old.state in shipment_store.FINISHED:
                continue
            if old.carrier_shipment_id:
                ids.add(old.carrier_shipment_id)
            carrier = self.carriers.get(old.carrier)
            if carrier is None or old.state == shipment_store.CREATING:
                continue
            try:
                cancelled = await carrier.cancel(_known(old))
            except CarrierError as error:
                text = t("shipping.earlier_not_cancelled", self.language,
                         tracking=", ".join(old.tracking_numbers) or old.key,
                         reason=error.message(self.language))  # fmt: skip
                await self.store.run(shipment_store.record_error, old.id, text)
                notes.append(text)
                continue
            await self.store.run(shipment_store.record_carrier, old.id, cancelled)
        return _Earlier(frozenset(ids), tuple(notes))

    async def _buy(
        self,
        carrier: Carrier,
        record: ShipmentRecord,
        request: ShipmentRequest,
        earlier: frozenset[str] = frozenset(),
        *,
        fresh: bool = False,
    ) -> ShipmentRecord:
        """``fresh``: this run wrote the record just now, so no earlier attempt can have
        asked the carrier with its key — the carrier is not asked to find it first."""
        if record.state in shipment_store.BOUGHT:
            return record
        found: CarrierShipment | None = None
        if record.state == shipment_store.CREATING:
            found = None if fresh else await carrier.find(request)
            if found is not None and found.shipment_id in earlier:
                found = None  # an earlier packing's shipment, not this one's
            if found is None:
                found = await carrier.create(request)
                failpoint("label.after_create")
            record = await self.store.run(shipment_store.record_carrier, record.id, found)
        else:
            found = _known(record)
        deadline = trio.current_time() + self.settings.confirm_wait
        while found.state is ShipmentState.PENDING:
            wait = found.poll_after or self.settings.poll_interval
            if trio.current_time() + wait > deadline:
                raise StepFailed(
                    t("shipping.not_confirmed_yet", self.language,
                      carrier=t(f"rules.model.carrier.{record.carrier}", self.language)),
                    details={"code": "pending"}, retry_after=wait,
                )  # fmt: skip
            await self.sleep(wait)
            found = await carrier.refresh(found)
            record = await self.store.run(shipment_store.record_carrier, record.id, found)
        if found.state is not ShipmentState.CONFIRMED:
            reason = "; ".join(found.errors) or found.carrier_status
            raise StepFailed(
                t("shipping.refused", self.language, reason=reason), retryable=False,
                details={"code": "carrier_refused", "state": found.state.value},
            )  # fmt: skip
        return record

    # -- labels ------------------------------------------------------------------------------

    async def _labels(
        self,
        carrier: Carrier,
        record: ShipmentRecord,
        request: ShipmentRequest,
        printer: PrinterRecord | None,
    ) -> list[shipment_store.StoredLabel]:
        stored = await self.store.read(shipment_store.labels_of, record.id, format="zpl")
        if len(stored) >= len(request.parcels):
            return stored
        files = await carrier.labels(_known(record), request)
        to_store: list[LabelFile] = list(files)
        for label in files:
            if label.format == "pdf" and printer is not None:
                pages = await trio.to_thread.run_sync(self.pdf_to_zpl, label.content, printer)
                for index, page in enumerate(pages):
                    to_store.append(LabelFile(label.package + index, "zpl", page.encode(),
                                              label.tracking_number, printer.dpi))  # fmt: skip
        await self.store.run(shipment_store.save_labels, record.id, to_store)
        await self.store.run(shipment_store.set_state, record.id, shipment_store.LABELLED)
        return await self.store.read(shipment_store.labels_of, record.id, format="zpl")

    async def _keep_pdf_for_preview(
        self, carrier: Carrier, record: ShipmentRecord, request: ShipmentRequest
    ) -> None:
        """The carrier's PDF of labels whose ZPL the preview cannot draw (a carrier's own
        commands, e.g. ``^BX``), kept beside the ZPL for the panel and the handheld — asked
        for after printing, so the packer never waits for it.  Only a nicety: a carrier that
        gives no PDF, or fails to, changes nothing."""
        stored = await self.store.read(shipment_store.labels_of, record.id)
        if not stored or any(label.format == "pdf" for label in stored):
            return
        contents = await self.store.read(
            shipment_store.label_contents, [label.id for label in stored]
        )
        if await trio.to_thread.run_sync(_all_drawable, contents):
            return
        try:
            pdfs = await carrier.labels(_known(record), replace(request, label_format="pdf"))
        except CarrierError as error:
            log_event(logger, "labels.no_pdf_preview", code=error.code)
            return
        found = [label for label in pdfs if label.format == "pdf"]
        if found:
            await self.store.run(shipment_store.save_labels, record.id, found)

    # -- printing ----------------------------------------------------------------------------

    async def _print(
        self,
        record: ShipmentRecord,
        labels: Sequence[shipment_store.StoredLabel],
        printer: PrinterRecord | None,
        number: str,
    ) -> bool:
        waiting = [label for label in labels if label.printed_at is None]
        if not waiting:
            return bool(labels)
        if printer is None:
            # No printer at the station: the labels are kept (the panel shows and prints
            # them), and the step says so instead of pretending it printed.
            raise StepNotConfigured(t("shipping.no_printer", self.language, number=number))
        contents = await self.store.read(
            shipment_store.label_contents, [label.id for label in waiting]
        )
        try:
            await self.printer.print_labels(printer, contents, job_name=f"{number}:{record.key}")
        except PrinterProblem as problem:
            text = problem.message(self.language)
            await self.store.run(shipment_store.record_error, record.id, text)
            raise StepFailed(
                text, details={"code": problem.code, "printer": printer.name}
            ) from None
        failpoint("label.after_print")
        await self.store.run(shipment_store.mark_printed, [label.id for label in waiting],
                             printer.name)  # fmt: skip
        await self.store.run(shipment_store.set_state, record.id, shipment_store.PRINTED)
        log_event(logger, "labels.printed", labels=len(waiting), printer=printer.name)
        return True


@dataclass
class StationPrinter:
    """The :class:`LabelPrinter` of the ``printers`` table (:mod:`kolektor.printing`): a
    Zebra's host status checked first, a CUPS job not sent twice under one name."""

    language: Language = "pl"
    timeout: float = 10.0

    async def print_labels(
        self, printer: PrinterRecord, labels: Sequence[bytes], *, job_name: str
    ) -> None:
        target = PrinterTarget.from_record(printer)
        try:
            await print_labels(target, labels, job_name=job_name, timeout=self.timeout)
        except PrinterError as error:
            raise PrinterProblem(error.message(self.language), code=error.code) from None


def convert_pdf(pdf: bytes, printer: PrinterRecord) -> list[str]:
    """A carrier's PDF label as ZPL for ``printer`` (one label per page); a PDF that cannot
    be converted is the carrier's fault, not worth retrying."""
    try:
        return pdf_to_zpl(pdf, dpi=printer.dpi, width_mm=float(printer.width_mm),
                          height_mm=float(printer.height_mm))  # fmt: skip
    except LabelImageError as error:
        params: dict[str, Any] = dict(error.params)
        raise CarrierError("bad_answer", error.key, retryable=False, **params) from None


def _connected_allegro_accounts(conn: Any) -> list[int]:
    return [a.id for a in allegro_accounts.list_accounts(conn) if a.state == "connected"]


def _known(record: ShipmentRecord) -> CarrierShipment:
    """The shipment as last recorded, to ask the carrier about it again."""
    states = {
        shipment_store.CREATING: ShipmentState.PENDING,
        shipment_store.PENDING: ShipmentState.PENDING,
        shipment_store.FAILED: ShipmentState.FAILED,
        shipment_store.CANCELLED: ShipmentState.CANCELLED,
    }
    return CarrierShipment(
        carrier=record.carrier, shipment_id=record.carrier_shipment_id or record.key,
        state=states.get(record.state, ShipmentState.CONFIRMED),
        carrier_status=record.carrier_status or record.state,
        tracking_numbers=record.tracking_numbers, raw=dict(record.response or {}),
        account=record.account,
    )  # fmt: skip


def _all_drawable(labels: Sequence[bytes]) -> bool:
    """Whether the preview draws every one of these ZPL labels (parsed, not drawn)."""
    try:
        for content in labels:
            for zpl in split_labels(content.decode("utf-8", "replace")):
                read_label(zpl)
    except LabelImageError:
        return False
    return True


def _request_json(request: ShipmentRequest) -> dict[str, Any]:
    """What was asked, for support: no secrets are in a request."""
    receiver = request.receiver
    return {
        "service": request.service,
        "reference": request.reference,
        "receiver": {
            "name": receiver.name,
            "company": receiver.company,
            "city": receiver.city,
            "post_code": receiver.post_code,
            "country_code": receiver.country_code,
        },
        "parcels": [
            {
                "template": p.template,
                "weight_kg": _text(p.weight_kg),
                "dimensions_cm": [_text(p.length_cm), _text(p.width_cm), _text(p.height_cm)],
            }
            for p in request.parcels
        ],
        "target_point": request.target_point,
        "cod": _text(request.cod.amount) if request.cod else None,
        "checkout_form_id": request.checkout_form_id,
    }


def _text(value: object) -> str | None:
    return None if value is None else str(value)
