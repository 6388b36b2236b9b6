"""An order's shipments for the office: the list with its labels, each label's preview and
file, printing the labels again, cancelling the shipment; and the end-of-day handover list
per carrier (``docs/api.md``, *Shipping*; roles: ``docs/security.md``).

Reprinting and cancelling are audited on the order (``shipment.reprinted``,
``shipment.cancelled``).  A printer that cannot print is ``409 printer_problem`` with the
reason in words; a carrier that refuses to cancel (InPost after the purchase) is ``409
cancel_refused`` with the carrier's reason.  Label bytes are only ever sent by the preview
and file routes.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from typing import Any, Final

import trio
from quart import Quart, Response, g, jsonify, request

from kolektor import safejson
from kolektor.auth.service import OFFICE_ROLES
from kolektor.finalize.labels import PrinterProblem, StationPrinter
from kolektor.i18n import Language, t
from kolektor.rules.model import CARRIERS
from kolektor.server import access
from kolektor.server.access import ApiError, Handler, Principal
from kolektor.server.app import AppState, language, to_json
from kolektor.shipping import settings as shipping_settings
from kolektor.shipping.carrier import CarrierError, CarrierShipment, ShipmentState
from kolektor.shipping.handover import carrier_name, handover_pdf, service_name
from kolektor.shipping.previews import LabelPreviews, PreviewRefused
from kolektor.shipping.reprint import NothingToReprint, reprint_labels
from kolektor.store import jobs as job_store
from kolektor.store import orders as order_store
from kolektor.store import shipments as shipment_store
from kolektor.store import shipping_office
from kolektor.store import stations as station_store
from kolektor.store.operators import Role
from kolektor.store.orders import SUBIEKT_TIMEZONE
from kolektor.store.shipments import ShipmentRecord, StoredLabel
from kolektor.store.tables import utcnow

LEADS: Final = frozenset({Role.ADMIN, Role.SUPERVISOR})
ACTION_MAX_BODY: Final = 1024
_DATE: Final = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
MEDIA_TYPES: Final = {"zpl": "application/zpl", "pdf": "application/pdf"}
_SAFE: Final = re.compile(r"[^A-Za-z0-9]+")


def label_json(label: StoredLabel) -> dict[str, Any]:
    return {
        "id": label.id,
        "package": label.package,
        "format": label.format,
        "size": label.size,
        "tracking_number": label.tracking_number,
        "printed_at": to_json(label.printed_at),
        "printer": label.printer,
        "print_count": label.print_count,
        "preview": f"/api/shipments/labels/{label.id}/preview.png",
        "file": f"/api/shipments/labels/{label.id}/file",
    }


def shipment_json(
    record: ShipmentRecord, labels: list[StoredLabel], lang: Language
) -> dict[str, Any]:
    return {
        "id": record.id,
        "generation": record.generation,
        "attempt": record.attempt,
        "carrier": record.carrier,
        "carrier_name": carrier_name(record.carrier, lang),
        "service": record.service,
        "service_name": service_name(record.service, lang),
        "reference": record.reference,
        "state": record.state,
        "carrier_status": record.carrier_status,
        "carrier_shipment_id": record.carrier_shipment_id,
        "tracking_numbers": list(record.tracking_numbers),
        "station_id": record.station_id,
        "error": record.error,
        "created_at": to_json(record.created_at),
        "updated_at": to_json(record.updated_at),
        "cancelled_at": to_json(record.cancelled_at),
        "labels": [label_json(label) for label in labels],
    }


def known_shipment(record: ShipmentRecord) -> CarrierShipment:
    """The shipment as Kolektor last recorded it, to ask the carrier about it."""
    states = {shipment_store.PENDING: ShipmentState.PENDING}
    return CarrierShipment(
        carrier=record.carrier, shipment_id=record.carrier_shipment_id or record.key,
        state=states.get(record.state, ShipmentState.CONFIRMED),
        carrier_status=record.carrier_status or record.state,
        tracking_numbers=record.tracking_numbers, raw=dict(record.response or {}),
        account=record.account,
    )  # fmt: skip


def file_name(reference: str, package: int, extension: str, lang: Language) -> str:
    """``etykieta-ZK-12-2026-1.zpl``: ASCII letters, digits and dashes only."""
    ascii_text = unicodedata.normalize("NFKD", reference).encode("ascii", "ignore").decode()
    safe = _SAFE.sub("-", ascii_text).strip("-")[:60] or "0"
    return f"{t('shipping.office.file_name', lang)}-{safe}-{package}.{extension}"


def _query_text(name: str) -> str | None:
    raw = request.args.get(name)
    if raw is None or not raw.strip():
        return None
    if not safejson.is_clean_text(raw) or len(raw) > 40:
        shown = raw.replace("\x00", "").encode("utf-8", "replace").decode("utf-8")[:40]
        raise ApiError(400, "bad_parameter", name=name, value=shown,
                       extra={"parameter": name})  # fmt: skip
    return raw.strip()


def handover_query() -> tuple[str, date]:
    """``carrier`` (required) and ``date`` (default: today, Polish time)."""
    carrier = _query_text("carrier")
    if carrier not in CARRIERS:
        raise ApiError(400, "bad_parameter", "api.orders.bad_choice", name="carrier",
                       value=carrier or "", allowed=", ".join(CARRIERS),
                       extra={"parameter": "carrier"})  # fmt: skip
    text = _query_text("date")
    if text is None:
        return carrier, datetime.now(SUBIEKT_TIMEZONE).date()
    try:
        if not _DATE.fullmatch(text):
            raise ValueError(text)
        day = date.fromisoformat(text)
        if not 2000 <= day.year <= 9998:
            raise ValueError(text)
    except ValueError:
        raise ApiError(400, "bad_parameter", "api.orders.bad_date", name="date", value=text,
                       extra={"parameter": "date"}) from None  # fmt: skip
    return carrier, day


def day_bounds(day: date) -> tuple[datetime, datetime]:
    start = datetime.combine(day, time(0), tzinfo=SUBIEKT_TIMEZONE)
    return start, datetime.combine(day + timedelta(days=1), time(0), tzinfo=SUBIEKT_TIMEZONE)


def register(app: Quart, state: AppState) -> None:
    config = state.config
    previews = LabelPreviews()
    rendering = trio.CapacityLimiter(1)
    """Handover PDFs are made one at a time."""

    def need(roles: frozenset[Role], **kwargs: Any) -> Callable[[Handler], Handler]:
        return access.guard(state.auth, config, roles, **kwargs)

    async def existing_order(order_id: int) -> order_store.OrderRecord:
        order = await state.store.read(order_store.get_order, order_id)
        if order is None:
            raise ApiError(404, "not_found")
        return order

    @app.get("/api/orders/<id:order_id>/shipments")
    @need(OFFICE_ROLES)
    async def order_shipments(order_id: int) -> Response:
        found = await state.store.read(shipping_office.order_shipments, order_id)
        if found is None:
            raise ApiError(404, "not_found")
        lang = language()
        return jsonify({"shipments": [shipment_json(s.record, s.labels, lang) for s in found]})

    async def source_of(label_id: int) -> shipping_office.LabelSource:
        source = await state.store.read(shipping_office.label_source, label_id)
        if source is None:
            raise ApiError(404, "not_found")
        return source

    async def pdf_of(shipment_id: int, package: int) -> bytes | None:
        return await state.store.read(shipping_office.pdf_label, shipment_id, package)

    @app.get("/api/shipments/labels/<id:label_id>/preview.png")
    @need(OFFICE_ROLES)
    async def label_preview(label_id: int) -> Response:
        source = await source_of(label_id)
        try:
            png = await previews.png(source, pdf_of)
        except PreviewRefused as refused:
            status = 415 if refused.code == "preview_unsupported" else 422
            raise ApiError(status, refused.code, text=t(refused.key, language(),
                                                        **refused.params)) from None  # fmt: skip
        return Response(png, content_type="image/png")

    @app.get("/api/shipments/labels/<id:label_id>/file")
    @need(OFFICE_ROLES)
    async def label_file(label_id: int) -> Response:
        source = await source_of(label_id)
        label = source.label
        media_type = MEDIA_TYPES.get(label.format, "application/octet-stream")
        response = Response(source.content, content_type=media_type)
        name = file_name(source.shipment.reference, label.package, label.format, language())
        response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
        return response

    # -- reprint and cancel --------------------------------------------------------------------

    async def chosen_printer() -> station_store.PrinterRecord | None:
        """``{"printer_id": n}`` from an optional body (none: the station's printer)."""
        body = await request.get_data(cache=True)
        if not body.strip():
            return None
        data = await access.read_object(ACTION_MAX_BODY)
        unknown = sorted(set(data) - {"printer_id"})
        if unknown:
            raise ApiError(
                400, "bad_field", field=unknown[0][:40], extra={"field": unknown[0][:40]}
            )
        printer_id = data.get("printer_id")
        if printer_id is None:
            return None
        if (
            isinstance(printer_id, bool)
            or not isinstance(printer_id, int)
            or not (1 <= printer_id <= 2**31 - 1)
        ):
            raise ApiError(400, "bad_field", field="printer_id", extra={"field": "printer_id"})
        printer = await state.store.read(station_store.get_printer, printer_id)
        if printer is None:
            raise ApiError(400, "bad_field", "api.no_such_printer", id=printer_id,
                           extra={"field": "printer_id"})  # fmt: skip
        return printer

    @app.post("/api/orders/<id:order_id>/shipments/reprint")
    @need(OFFICE_ROLES, max_body=ACTION_MAX_BODY)
    async def reprint(order_id: int) -> Response:
        principal: Principal = g.principal
        lang = language()
        order = await existing_order(order_id)
        printer = await chosen_printer()
        record = await state.store.read(shipment_store.current_shipment, order.id,
                                        order.generation)  # fmt: skip
        if record is None and any(
            s.state == shipment_store.CANCELLED and s.generation == order.generation
            for s in await state.store.read(shipment_store.order_shipments, order.id)
        ):
            raise ApiError(409, "nothing_to_reprint", "api.reprint_cancelled", number=order.number)
        try:
            done = await reprint_labels(
                state.store, StationPrinter(lang), order.id, printer=printer,
                station_id=record.station_id if record is not None else None,
            )  # fmt: skip
        except NothingToReprint as nothing:
            raise ApiError(409, "nothing_to_reprint",
                           text=t(nothing.key, lang, **nothing.params)) from None  # fmt: skip
        except PrinterProblem as problem:
            raise ApiError(409, "printer_problem", text=problem.message(lang),
                           extra={"printer_code": problem.code}) from None  # fmt: skip
        await state.store.run(
            shipping_office.record_action, order.id, "shipment.reprinted", actor=principal.actor,
            details={"number": order.number, "printer": done.printer, "labels": done.labels},
        )  # fmt: skip
        reprinted = {"printer": done.printer, "labels": done.labels,
                     "tracking_numbers": list(done.tracking_numbers)}  # fmt: skip
        return jsonify({"reprinted": reprinted})

    @app.post("/api/orders/<id:order_id>/shipments/cancel")
    @need(LEADS, max_body=ACTION_MAX_BODY)
    async def cancel(order_id: int) -> Response:
        principal: Principal = g.principal
        lang = language()
        order = await existing_order(order_id)
        record = await state.store.read(shipment_store.current_shipment, order.id,
                                        order.generation)  # fmt: skip
        if record is None:
            raise ApiError(409, "nothing_to_cancel", number=order.number)
        if record.state == shipment_store.CREATING:
            raise ApiError(409, "shipment_busy", number=order.number)
        # While the label step still works on it (retrying a printer, waiting for the
        # carrier), a cancel would only make it buy a new shipment by itself.
        jobs = await state.store.read(job_store.jobs_of, order.id)
        label = next((job for job in jobs if job.step == "label"
                      and job.generation == order.generation), None)  # fmt: skip
        if label is not None and label.status in ("pending", "running"):
            raise ApiError(409, "label_step_running", number=order.number)
        carrier = state.carriers.get(record.carrier)
        if carrier is None:
            raise ApiError(409, "carrier_not_configured", text=t(
                "shipping.carrier_not_configured", lang,
                carrier=carrier_name(record.carrier, lang)))  # fmt: skip
        try:
            found = await carrier.cancel(known_shipment(record))
        except CarrierError as error:
            if error.retryable:
                wait = max(1, round(error.retry_after or 5))
                raise ApiError(
                    503, "carrier_unavailable", text=error.message(lang),
                    headers={"Retry-After": str(wait)},
                    extra={"carrier_code": error.code, "retry_after": wait},
                ) from None  # fmt: skip
            raise ApiError(409, "cancel_refused", text=error.message(lang),
                           extra={"carrier_code": error.code}) from None  # fmt: skip
        if found.state is not ShipmentState.CANCELLED:
            raise ApiError(409, "cancel_refused", "api.cancel_not_done",
                           state=found.carrier_status or found.state.value,
                           extra={"carrier_code": found.state.value})  # fmt: skip
        details = {"number": order.number, "carrier": record.carrier,
                   "tracking_numbers": list(record.tracking_numbers)}  # fmt: skip
        updated = await state.store.run(shipping_office.cancelled, record.id, found,
                                        order_id=order.id, actor=principal.actor,
                                        details=details)  # fmt: skip
        labels = await state.store.read(shipment_store.labels_of, updated.id)
        return jsonify({"cancelled": shipment_json(updated, labels, lang)})

    # -- the handover list ---------------------------------------------------------------------

    async def handover_rows() -> tuple[str, date, list[shipping_office.HandoverRow]]:
        carrier, day = handover_query()
        rows = await state.store.read(shipping_office.handover, carrier, *day_bounds(day))
        return carrier, day, rows

    @app.get("/api/shipments/handover")
    @need(OFFICE_ROLES)
    async def handover() -> Response:
        carrier, day, rows = await handover_rows()
        lang = language()
        return jsonify({
            "carrier": carrier, "carrier_name": carrier_name(carrier, lang),
            "date": day.isoformat(),
            "shipments": [
                {"shipment_id": r.shipment_id, "order_id": r.order_id, "number": r.number,
                 "receiver": {"name": r.receiver_name, "city": r.receiver_city},
                 "service": r.service, "service_name": service_name(r.service, lang),
                 "parcels": r.parcels, "tracking_numbers": list(r.tracking_numbers),
                 "state": r.state, "created_at": to_json(r.created_at)}
                for r in rows
            ],
            "totals": {"shipments": len(rows), "parcels": sum(r.parcels for r in rows)},
        })  # fmt: skip

    @app.get("/api/shipments/handover.pdf")
    @need(OFFICE_ROLES)
    async def handover_file() -> Response:
        carrier, day, rows = await handover_rows()
        lang = language()
        shipping = await state.store.read(shipping_settings.load)

        def render() -> bytes:
            return handover_pdf(rows, carrier=carrier, day=day, sender=shipping.sender,
                                made_at=utcnow(), language=lang)  # fmt: skip

        pdf = await trio.to_thread.run_sync(render, limiter=rendering)
        name = f"{t('handover.file_name', lang)}-{carrier}-{day.isoformat()}.pdf"
        response = Response(pdf, content_type="application/pdf")
        response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
