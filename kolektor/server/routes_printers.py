"""Label printers, packing stations and which handheld packs where (``docs/api.md``,
*Shipping*; roles: ``docs/security.md``).

The office reads them; admins add, change and remove printers and stations; a supervisor
or an admin sets a handheld's station and prints a test label.  Asking a printer how it is
(``…/status``) answers 200 whatever the printer says — an unreachable printer is
``{"ok": false, …}`` with the reason in words, not an error of the call.  Every change is
audited (``printer.*``, ``station.*``, ``device.station_set``).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from decimal import Decimal
from typing import Any, Final

from quart import Quart, Response, g, jsonify

from kolektor.auth.service import OFFICE_ROLES
from kolektor.i18n import t
from kolektor.printing.check import check_printer
from kolektor.printing.errors import PrinterError
from kolektor.printing.form import FormProblem, printer_values, station_values
from kolektor.printing.sample import sample_label_zpl
from kolektor.printing.send import print_labels
from kolektor.printing.target import PrinterTarget
from kolektor.server import access
from kolektor.server.access import ApiError, Handler, Principal
from kolektor.server.app import AppState, language, to_json
from kolektor.store import shipping_office
from kolektor.store import stations as station_store
from kolektor.store.operators import Role
from kolektor.store.orders import SUBIEKT_TIMEZONE
from kolektor.store.stations import PrinterRecord, StationRecord
from kolektor.store.tables import utcnow

ADMINS: Final = frozenset({Role.ADMIN})
LEADS: Final = frozenset({Role.ADMIN, Role.SUPERVISOR})
FORM_MAX_BODY: Final = 4 * 1024
MAX_DEVICE_ID: Final = 64
"""A handheld's id, as the scanner protocol's ``hello`` sends it (1–64 characters)."""
PRINT_TIMEOUT: Final = 10.0


def _size(value: Decimal) -> str:
    return format(value.normalize(), "f")


def printer_json(printer: PrinterRecord, stations: list[StationRecord]) -> dict[str, Any]:
    return {
        "id": printer.id,
        "name": printer.name,
        "kind": printer.kind,
        "address": printer.address,
        "dpi": printer.dpi,
        "width_mm": _size(printer.width_mm),
        "height_mm": _size(printer.height_mm),
        "stations": [s.name for s in stations if s.label_printer_id == printer.id],
        "created_at": to_json(printer.created_at),
        "updated_at": to_json(printer.updated_at),
    }


def station_json(
    station: StationRecord,
    printers: dict[int, PrinterRecord],
    devices: list[shipping_office.DeviceStation],
) -> dict[str, Any]:
    printer = printers.get(station.label_printer_id) if station.label_printer_id else None
    return {
        "id": station.id,
        "name": station.name,
        "label_printer_id": station.label_printer_id,
        "label_printer": printer.name if printer is not None else None,
        "devices": [d.device_id for d in devices if d.station_id == station.id],
        "created_at": to_json(station.created_at),
        "updated_at": to_json(station.updated_at),
    }


def target_of(printer: PrinterRecord) -> PrinterTarget:
    return PrinterTarget.from_record(printer)


def valid_device_id(device_id: str) -> bool:
    """The scanner protocol's device ids: 1–64 printable characters, not only spaces, no
    spaces around."""
    return (
        0 < len(device_id) <= MAX_DEVICE_ID
        and device_id == device_id.strip()
        and device_id.isprintable()
    )


def _refused(error: FormProblem, code: str) -> ApiError:
    return ApiError(400, code, text=t(error.key, language(), **error.params),
                    extra={"field": error.field})  # fmt: skip


def _taken(name: str) -> ApiError:
    return ApiError(409, "name_taken", name=name, extra={"field": "name"})


def _everything(conn: Any) -> tuple[list[PrinterRecord], list[StationRecord], list[Any]]:
    return (station_store.list_printers(conn), station_store.list_stations(conn),
            shipping_office.device_assignments(conn))  # fmt: skip


def register(app: Quart, state: AppState) -> None:
    config = state.config

    def need(roles: frozenset[Role], **kwargs: Any) -> Callable[[Handler], Handler]:
        return access.guard(state.auth, config, roles, **kwargs)

    async def one_printer(printer_id: int) -> PrinterRecord:
        printer = await state.store.read(station_store.get_printer, printer_id)
        if printer is None:
            raise ApiError(404, "not_found")
        return printer

    async def printer_answer(printer: PrinterRecord) -> dict[str, Any]:
        stations = await state.store.read(station_store.list_stations)
        return {"printer": printer_json(printer, stations)}

    # -- printers ------------------------------------------------------------------------------

    @app.get("/api/printers")
    @need(OFFICE_ROLES)
    async def list_printers() -> Response:
        printers, stations, _ = await state.store.read(_everything)
        return jsonify({"printers": [printer_json(p, stations) for p in printers]})

    @app.post("/api/printers")
    @need(ADMINS, max_body=FORM_MAX_BODY)
    async def add_printer() -> Response:
        principal: Principal = g.principal
        try:
            values = printer_values(await access.read_object(FORM_MAX_BODY))
            saved = await state.store.run(shipping_office.add_printer, values,
                                          actor=principal.actor)  # fmt: skip
        except FormProblem as error:
            raise _refused(error, "invalid_printer") from None
        except shipping_office.NameTaken as taken:
            raise _taken(taken.name) from None
        response = jsonify(await printer_answer(saved))
        response.status_code = 201
        return response

    @app.put("/api/printers/<id:printer_id>")
    @need(ADMINS, max_body=FORM_MAX_BODY)
    async def change_printer(printer_id: int) -> Response:
        principal: Principal = g.principal
        try:
            values = printer_values(await access.read_object(FORM_MAX_BODY))
            saved = await state.store.run(shipping_office.change_printer, printer_id, values,
                                          actor=principal.actor)  # fmt: skip
        except FormProblem as error:
            raise _refused(error, "invalid_printer") from None
        except shipping_office.NameTaken as taken:
            raise _taken(taken.name) from None
        if saved is None:
            raise ApiError(404, "not_found")
        return jsonify(await printer_answer(saved))

    @app.delete("/api/printers/<id:printer_id>")
    @need(ADMINS)
    async def remove_printer(printer_id: int) -> Response:
        principal: Principal = g.principal
        left = await state.store.run(shipping_office.remove_printer, printer_id,
                                     actor=principal.actor)  # fmt: skip
        if left is None:
            raise ApiError(404, "not_found")
        return jsonify({"deleted": printer_id, "stations_without_printer": left})

    @app.get("/api/printers/<id:printer_id>/status")
    @need(OFFICE_ROLES)
    async def printer_status(printer_id: int) -> Response:
        printer = await one_printer(printer_id)
        found = await check_printer(target_of(printer), language=language())
        return jsonify({
            "printer_id": printer.id, "ok": found.ok, "code": found.code,
            "message": found.message, "problems": list(found.problems),
            "labels_waiting": found.labels_waiting, "checked_at": to_json(utcnow()),
        })  # fmt: skip

    @app.post("/api/printers/<id:printer_id>/test")
    @need(LEADS)
    async def test_print(printer_id: int) -> Response:
        printer = await one_printer(printer_id)
        lang = language()
        zpl = sample_label_zpl(
            printer=printer.name, dpi=printer.dpi, width_mm=printer.width_mm,
            height_mm=printer.height_mm, printed_at=datetime.now(SUBIEKT_TIMEZONE),
            language=lang,
        )  # fmt: skip
        job = f"kolektor-test-{printer.id}-{utcnow().strftime('%Y%m%d%H%M%S%f')}"
        try:
            await print_labels(target_of(printer), [zpl], job_name=job, timeout=PRINT_TIMEOUT,
                               once=False)  # fmt: skip
        except PrinterError as error:
            raise ApiError(409, "printer_problem", text=error.message(lang),
                           extra={"printer_code": error.code,
                                  "retryable": error.retryable}) from None  # fmt: skip
        sent = t("printers.sample.sent", lang, printer=printer.name)
        return jsonify({"printed": True, "printer": printer.name, "message": sent})

    # -- stations ------------------------------------------------------------------------------

    async def station_answer(station: StationRecord) -> dict[str, Any]:
        printers, _, devices = await state.store.read(_everything)
        return {"station": station_json(station, {p.id: p for p in printers}, devices)}

    async def station_body() -> tuple[str, int | None]:
        try:
            return station_values(await access.read_object(FORM_MAX_BODY))
        except FormProblem as error:
            raise _refused(error, "invalid_station") from None

    def no_printer(printer_id: int | None) -> ApiError:
        return ApiError(400, "invalid_station", "api.no_such_printer", id=printer_id,
                        extra={"field": "label_printer_id"})  # fmt: skip

    @app.get("/api/stations")
    @need(OFFICE_ROLES)
    async def list_stations() -> Response:
        printers, stations, devices = await state.store.read(_everything)
        by_id = {p.id: p for p in printers}
        return jsonify({"stations": [station_json(s, by_id, devices) for s in stations]})

    @app.post("/api/stations")
    @need(ADMINS, max_body=FORM_MAX_BODY)
    async def add_station() -> Response:
        principal: Principal = g.principal
        name, printer_id = await station_body()
        try:
            saved = await state.store.run(shipping_office.add_station, name, printer_id,
                                          actor=principal.actor)  # fmt: skip
        except shipping_office.NameTaken as taken:
            raise _taken(taken.name) from None
        except shipping_office.NoSuchPrinter:
            raise no_printer(printer_id) from None
        response = jsonify(await station_answer(saved))
        response.status_code = 201
        return response

    @app.put("/api/stations/<id:station_id>")
    @need(ADMINS, max_body=FORM_MAX_BODY)
    async def change_station(station_id: int) -> Response:
        principal: Principal = g.principal
        name, printer_id = await station_body()
        try:
            saved = await state.store.run(shipping_office.change_station, station_id, name,
                                          printer_id, actor=principal.actor)  # fmt: skip
        except shipping_office.NameTaken as taken:
            raise _taken(taken.name) from None
        except shipping_office.NoSuchPrinter:
            raise no_printer(printer_id) from None
        if saved is None:
            raise ApiError(404, "not_found")
        return jsonify(await station_answer(saved))

    @app.delete("/api/stations/<id:station_id>")
    @need(ADMINS)
    async def remove_station(station_id: int) -> Response:
        principal: Principal = g.principal
        devices = await state.store.run(shipping_office.remove_station, station_id,
                                        actor=principal.actor)  # fmt: skip
        if devices is None:
            raise ApiError(404, "not_found")
        return jsonify({"deleted": station_id, "devices_without_station": devices})

    # -- handhelds -----------------------------------------------------------------------------

    def _devices(conn: Any) -> tuple[list[Any], list[Any]]:
        return shipping_office.device_assignments(conn), shipping_office.seen_devices(conn)

    @app.get("/api/stations/devices")
    @need(OFFICE_ROLES)
    async def list_devices() -> Response:
        assigned, seen = await state.store.read(_devices)
        return jsonify({"devices": to_json(assigned), "seen": to_json(seen)})

    @app.put("/api/stations/devices/<device_id>")
    @need(LEADS, max_body=FORM_MAX_BODY)
    async def set_device(device_id: str) -> Response:
        principal: Principal = g.principal
        if not valid_device_id(device_id):
            raise ApiError(400, "bad_parameter", "api.bad_device_id", limit=MAX_DEVICE_ID,
                           extra={"parameter": "device_id"})  # fmt: skip
        body = await access.read_object(FORM_MAX_BODY)
        if set(body) != {"station_id"}:
            field = sorted(set(body) - {"station_id"})[0][:40] if set(body) - {"station_id"} \
                else "station_id"  # fmt: skip
            raise ApiError(400, "bad_field", field=field, extra={"field": field})
        station_id = body["station_id"]
        if station_id is not None and (
            isinstance(station_id, bool) or not isinstance(station_id, int)
            or not 1 <= station_id <= 2**31 - 1
        ):  # fmt: skip
            raise ApiError(400, "bad_field", field="station_id", extra={"field": "station_id"})
        try:
            assigned = await state.store.run(shipping_office.assign_device, device_id,
                                             station_id, actor=principal.actor)  # fmt: skip
        except shipping_office.NoSuchStation:
            raise ApiError(400, "invalid_device", "api.no_such_station", id=station_id,
                           extra={"field": "station_id"}) from None  # fmt: skip
        return jsonify({"device_id": device_id, "device": to_json(assigned)})
