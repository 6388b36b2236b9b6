"""Allegro "Wysyłam z Allegro" (Ship with Allegro) as a carrier.

Shipments of Allegro orders bought through Allegro's own contracts: Allegro Paczkomaty
InPost, One Box, DPD, Orlen Paczka… — the carrier is chosen by the buyer's delivery method,
and Allegro fills the order's tracking number itself (reference §10, §7).

How a shipment is bought (``/shipment-management``, spec operations ``getDeliveryProposals``,
``createNewShipment``, ``getShipmentCreationStatus``, ``getShipmentDetails``,
``getShipmentLabels``, ``cancelShipment``, ``getShipmentCancellationStatus``):

1. ``GET /delivery-proposals/{checkoutFormId}`` — Allegro's own pre-filled request
   (``suggestedInput``: sender, receiver with the pickup point and the buyer's
   Allegro-generated e-mail, delivery method).  Kolektor replaces only the packages (as
   packed), ``referenceNumber`` (the ZK number) and ``labelFormat``; ZPL must be asked for
   here, at creation — it cannot be chosen when the label is fetched (#11218, #11603, #9126).
2. ``POST /shipments/create-commands`` with ``commandId`` = the request's key: asynchronous;
   the answer's ``Retry-After`` says when to ask again.
3. ``GET /shipments/create-commands/{commandId}`` — ``IN_PROGRESS``, ``SUCCESS`` (with the
   ``shipmentId``; ``GET /shipments/{id}`` then gives each package's waybill) or ``ERROR``
   (``errors[]`` with ``userMessage``).
4. ``POST /label`` ``{"shipmentIds": [id]}`` with ``Accept: application/octet-stream``
   (#10603, #8971, #9023) — one file for the whole shipment, in the format chosen at
   creation; 204 "no label for given parcel".

**Never two shipments for one order**: the command id is the shipment key, so after a crash
between "bought" and "recorded" :meth:`AllegroCarrier.find` asks for that command and finds
the shipment.  Documentation only, not verified against the real service: whether Allegro
refuses a second ``create-commands`` with a used ``commandId`` (:meth:`create` falls back to
:meth:`find` when it does); ``Retry-After`` on the command's GET (only the POST documents
it); that a multi-package ZPL file holds one ``^XA…^XZ`` per package in package order;
sandbox labels are PDF whatever was asked (#11465).
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any, Final

import trio

from kolektor.allegro.client import AllegroClient, AllegroClients, ApiAnswer
from kolektor.allegro.errors import AllegroError, retry_after
from kolektor.i18n import Message, t
from kolektor.shipping.carrier import (
    CarrierShipment,
    LabelFile,
    Money,
    Parcel,
    Party,
    ShipmentRequest,
    ShipmentState,
    Tracking,
)

BASE: Final = "/shipment-management"
DEFAULT_POLL: Final = 2.0
"""Seconds between command polls when Allegro suggests none."""
CANCEL_WAIT: Final = 30.0
"""How long :meth:`AllegroCarrier.cancel` waits for the cancel command before giving up
(retryable: the same call picks the command up again)."""
CANCEL_NAMESPACE: Final = uuid.UUID("0b8f3a52-4c1d-4c8e-9f62-0f5d2a9e7c41")

TEMPLATES_CM: Final[dict[str, tuple[int, int, int]]] = {
    "A": (64, 38, 8),
    "B": (64, 38, 19),
    "C": (64, 38, 41),
}
"""Parcel-locker sizes (length, width, height in cm) of the A/B/C templates — InPost's
published gabaryty, also Allegro Paczkomaty's (shared/reference/couriers.md)."""

_ZPL_LABEL: Final = re.compile(rb"\^XA.*?\^XZ", re.DOTALL)
_TRACKING_ORDER: Final = (
    "PENDING",
    "IN_TRANSIT",
    "RELEASED_FOR_DELIVERY",
    "NOTICE_LEFT",
    "AVAILABLE_FOR_PICKUP",
    "ISSUE",
    "RETURNED",
    "DELIVERED",
)


class AllegroCarrier:
    """:class:`~kolektor.shipping.carrier.Carrier` ``allegro``: ``request.account`` is the
    ``allegro_accounts`` id (as text) the order's checkout form belongs to."""

    name = "allegro"

    def __init__(self, clients: AllegroClients) -> None:
        self._clients = clients

    def _client(self, account: str | None) -> AllegroClient:
        if account is None or not account.isdigit():
            raise AllegroError("invalid_account", "allegro.no_account", retryable=False)
        return self._clients.account(int(account))

    async def account_of(self, checkout_form_id: str, accounts: Sequence[int]) -> str | None:
        """Which of the connected ``accounts`` sold the order (its checkout form answers
        ``GET /order/checkout-forms/{id}`` only to its seller: 404 to the others); None when
        none of them did.  One account is not asked."""
        if len(accounts) == 1:
            return str(accounts[0])
        for account in accounts:
            client = self._clients.account(account)
            try:
                await client.call("GET", f"/order/checkout-forms/{checkout_form_id}")
            except AllegroError as error:
                if error.code in {"not_found", "forbidden"}:
                    continue
                raise
            return str(account)
        return None

    async def find(self, request: ShipmentRequest) -> CarrierShipment | None:
        """The shipment bought with command ``request.key`` (None: never created, or
        cancelled since).  A command that ended in ``ERROR`` is returned FAILED: it bought
        nothing, and a new attempt needs a new key."""
        client = self._client(request.account)
        try:
            answer = await client.call("GET", f"{BASE}/shipments/create-commands/{request.key}")
        except AllegroError as error:
            if error.code == "not_found":
                return None
            raise
        found = await self._from_command(client, answer, request.account)
        return None if found.state is ShipmentState.CANCELLED else found

    async def create(self, request: ShipmentRequest) -> CarrierShipment:
        client = self._client(request.account)
        if not request.checkout_form_id:
            raise AllegroError("validation_failed", "allegro.no_checkout_form", retryable=False)
        proposal = await client.call("GET", f"{BASE}/delivery-proposals/{request.checkout_form_id}")
        suggested = _object(proposal, "suggestedInput")
        command = {"commandId": request.key, "input": shipment_input(request, suggested)}
        try:
            answer = await client.call("POST", f"{BASE}/shipments/create-commands", json=command)
        except AllegroError as error:
            if error.status in {400, 409}:  # perhaps the command id was used already
                existing = await self.find(request)
                if existing is not None:
                    return existing
            raise
        return CarrierShipment(
            carrier=self.name,
            shipment_id=request.key,
            state=ShipmentState.PENDING,
            carrier_status="IN_PROGRESS",
            poll_after=retry_after_of(answer),
            raw=_support(answer),
            account=request.account,
        )

    async def refresh(self, shipment: CarrierShipment) -> CarrierShipment:
        client = self._client(shipment.account)
        if shipment.state is ShipmentState.PENDING:
            answer = await client.call(
                "GET", f"{BASE}/shipments/create-commands/{shipment.shipment_id}"
            )
            return await self._from_command(client, answer, shipment.account)
        if shipment.state is ShipmentState.FAILED:
            return shipment
        return await self._details(client, shipment.shipment_id, shipment.account)

    async def _from_command(
        self, client: AllegroClient, answer: ApiAnswer, account: str | None
    ) -> CarrierShipment:
        body = _body(answer)
        status = body.get("status")
        command_id = str(body.get("commandId") or "")
        if status == "SUCCESS":
            shipment_id = body.get("shipmentId")
            if not isinstance(shipment_id, str) or not shipment_id:
                raise _bad(answer, "shipmentId")
            return await self._details(client, shipment_id, account)
        if status == "ERROR":
            words = _error_words(answer)
            return CarrierShipment(
                carrier=self.name,
                shipment_id=command_id,
                state=ShipmentState.FAILED,
                carrier_status="ERROR",
                errors=words or ("ERROR",),
                raw=_support(answer),
                account=account,
            )
        if status == "IN_PROGRESS":
            return CarrierShipment(
                carrier=self.name,
                shipment_id=command_id,
                state=ShipmentState.PENDING,
                carrier_status="IN_PROGRESS",
                poll_after=retry_after_of(answer),
                raw=_support(answer),
                account=account,
            )
        raise _bad(answer, f"status={str(status)[:40]}")

    async def _details(
        self, client: AllegroClient, shipment_id: str, account: str | None
    ) -> CarrierShipment:
        answer = await client.call("GET", f"{BASE}/shipments/{shipment_id}")
        body = _body(answer)
        packages = body.get("packages")
        if not isinstance(packages, list) or not packages:
            raise _bad(answer, "packages")
        waybills = tuple(str(p.get("waybill") or "") for p in packages if isinstance(p, dict))
        cancelled = bool(body.get("canceledDate"))
        if not cancelled and not all(waybills):
            raise _bad(answer, "packages[].waybill")
        return CarrierShipment(
            carrier=self.name,
            shipment_id=shipment_id,
            state=ShipmentState.CANCELLED if cancelled else ShipmentState.CONFIRMED,
            carrier_status="CANCELLED" if cancelled else "SUCCESS",
            tracking_numbers=waybills,
            raw=_support(answer),
            account=account,
        )

    async def labels(self, shipment: CarrierShipment, request: ShipmentRequest) -> list[LabelFile]:
        """The shipment's label file: a ZPL file split into one label per package (each
        ``^XA…^XZ``, in package order), a PDF as it came (all pages, package 1)."""
        client = self._client(shipment.account)
        body: dict[str, Any] = {"shipmentIds": [shipment.shipment_id]}
        if request.label_format == "pdf":
            body["pageSize"] = "A6"
        answer = await client.call(
            "POST", f"{BASE}/label", json=body, accept="application/octet-stream", ok=(200, 204)
        )
        if answer.status == 204 or not answer.content:
            raise AllegroError(
                "no_label",
                "allegro.no_label",
                retryable=True,
                retry_after=DEFAULT_POLL,
                status=answer.status,
                trace_id=answer.trace_id,
            )
        content = answer.content
        if content.lstrip().startswith(b"%PDF"):
            return [LabelFile(1, "pdf", content, _nth(shipment.tracking_numbers, 0))]
        parts = split_zpl(content)
        if not parts:
            raise _bad(answer, "label: neither PDF nor ZPL")
        expected = len(shipment.tracking_numbers)
        if expected and len(parts) != expected:
            raise _bad(answer, f"label: {len(parts)} ZPL labels for {expected} packages")
        return [
            LabelFile(n, "zpl", part, _nth(shipment.tracking_numbers, n - 1))
            for n, part in enumerate(parts, 1)
        ]

    async def cancel(self, shipment: CarrierShipment) -> CarrierShipment:
        """Cancel a bought shipment (``cancel-commands``), waiting up to
        :data:`CANCEL_WAIT` for Allegro's answer.  The cancel command's id is derived from
        the shipment id, so a repeated call follows the same command."""
        client = self._client(shipment.account)
        if shipment.state is ShipmentState.PENDING:
            shipment = await self.refresh(shipment)
            if shipment.state is ShipmentState.PENDING:
                raise AllegroError(
                    "invalid_action",
                    "allegro.cancel_while_creating",
                    retryable=True,
                    retry_after=shipment.poll_after,
                )
        if shipment.state in {ShipmentState.CANCELLED, ShipmentState.FAILED}:
            return shipment
        command_id = str(uuid.uuid5(CANCEL_NAMESPACE, shipment.shipment_id))
        path = f"{BASE}/shipments/cancel-commands"
        try:
            answer = await client.call("GET", f"{path}/{command_id}")
        except AllegroError as error:
            if error.code != "not_found":
                raise
            command = {"commandId": command_id, "input": {"shipmentId": shipment.shipment_id}}
            answer = await client.call("POST", path, json=command)
        with trio.move_on_after(CANCEL_WAIT):
            while True:
                status = _body(answer).get("status")
                if status == "SUCCESS":
                    return await self._details(client, shipment.shipment_id, shipment.account)
                if status == "ERROR":
                    raise AllegroError(
                        "invalid_action",
                        "allegro.cancel_refused",
                        retryable=False,
                        raw=_support(answer),
                        trace_id=answer.trace_id,
                        message="; ".join(_error_words(answer)) or "ERROR",
                    )
                if status not in {None, "IN_PROGRESS"}:
                    raise _bad(answer, f"status={str(status)[:40]}")
                await trio.sleep(retry_after_of(answer))
                answer = await client.call("GET", f"{path}/{command_id}")
        raise AllegroError(
            "pending", "allegro.cancel_pending", retryable=True, retry_after=DEFAULT_POLL
        )

    async def tracking(self, shipment: CarrierShipment) -> Tracking:
        """The first package's latest status (``GET /order/carriers/{carrierId}/tracking``,
        at most 20 waybills a call); delivered when every package is."""
        client = self._client(shipment.account)
        carrier_id = _carrier_id(shipment)
        waybills = list(shipment.tracking_numbers)
        if not carrier_id or not waybills:
            current = await self._details(client, shipment.shipment_id, shipment.account)
            carrier_id, waybills = _carrier_id(current), list(current.tracking_numbers)
        if not carrier_id:
            raise AllegroError("not_found", "allegro.no_tracking", retryable=True)
        answer = await client.call(
            "GET", f"/order/carriers/{carrier_id}/tracking", params={"waybill": waybills[:20]}
        )
        latest = _latest_statuses(answer)
        if not latest:
            raise AllegroError("not_found", "allegro.no_tracking", retryable=True)
        status = latest[0] if latest[0] in _TRACKING_ORDER else "PENDING"
        delivered = all(code == "DELIVERED" for code in latest)
        return Tracking(status, t(f"allegro.tracking.{status}", "pl"), delivered)


def shipment_input(request: ShipmentRequest, suggested: Mapping[str, Any]) -> dict[str, Any]:
    """``suggestedInput`` with Kolektor's packages, reference, label format, cash on delivery
    and insurance; the sender replaced only when the request names one."""
    result = dict(suggested)
    if request.sender is not None:
        result["sender"] = address(request.sender)
    receiver = dict(result.get("receiver") or {})
    if request.target_point and not receiver.get("point"):
        receiver["point"] = request.target_point
    result["receiver"] = receiver
    proposed = [p for p in result.get("packages") or [] if isinstance(p, dict)]
    result["packages"] = [
        package(parcel, index, proposed[min(index - 1, len(proposed) - 1)] if proposed else {})
        for index, parcel in enumerate(request.parcels, 1)
    ]
    result["referenceNumber"] = request.reference
    result["labelFormat"] = request.label_format.upper()
    if request.cod is not None:
        result["cashOnDelivery"] = {**(result.get("cashOnDelivery") or {}), **money(request.cod)}
    if request.insurance is not None:
        result["insurance"] = money(request.insurance)
    services = request.options.get("additional_services")
    if isinstance(services, list | tuple):
        result["additionalServices"] = [str(s) for s in services]
    return result


def package(parcel: Parcel, index: int, proposed: Mapping[str, Any]) -> dict[str, Any]:
    """One ``PackageRequestDto``: the packer's dimensions, else the template's, else
    Allegro's proposal; the packer's weight, else the proposal's."""
    dims: tuple[Any, Any, Any] = (parcel.length_cm, parcel.width_cm, parcel.height_cm)
    if None in dims and parcel.template and parcel.template.upper() in TEMPLATES_CM:
        dims = TEMPLATES_CM[parcel.template.upper()]
    result: dict[str, Any] = {"type": "PACKAGE"}
    for name, value in zip(("length", "width", "height"), dims, strict=True):
        result[name] = _measure(value, "CENTIMETER", proposed.get(name), index, name)
    result["weight"] = _measure(
        parcel.weight_kg, "KILOGRAMS", proposed.get("weight"), index, "weight"
    )
    if isinstance(proposed.get("textOnLabel"), str):
        result["textOnLabel"] = proposed["textOnLabel"]
    return result


def _measure(value: Any, unit: str, proposed: Any, index: int, name: str) -> dict[str, Any]:
    if value is not None:
        number = Decimal(value)
        return {
            "value": int(number) if number == number.to_integral() else float(number),
            "unit": unit,
        }
    if isinstance(proposed, dict) and isinstance(proposed.get("value"), int | float):
        return {"value": proposed["value"], "unit": unit}
    raise AllegroError(
        "validation_failed",
        "allegro.parcel_incomplete",
        retryable=False,
        package=index,
        what=Message(f"allegro.parcel.{name}"),
    )


def address(party: Party) -> dict[str, Any]:
    """A ``SenderAddressDto``/``ReceiverAddressDto`` (street with the building number)."""
    street = " ".join(p for p in (party.street, party.building_number) if p)
    result = {
        "street": street,
        "postalCode": party.post_code,
        "city": party.city,
        "countryCode": party.country_code or "PL",
        "email": party.email,
        "phone": party.phone,
    }
    if party.first_name or party.last_name:
        result["name"] = " ".join(p for p in (party.first_name, party.last_name) if p)
    if party.company:
        result["company"] = party.company
    return result


def money(value: Money) -> dict[str, str]:
    """``{"amount": "12.30", "currency": "PLN"}`` (two decimals, as the spec's pattern)."""
    return {"amount": f"{value.amount.quantize(Decimal('0.01'))}", "currency": value.currency}


def split_zpl(content: bytes) -> list[bytes]:
    """Each ``^XA…^XZ`` label of a ZPL file; commands before the first one (downloaded
    graphics, printer setup) are put before every label so each prints alone."""
    labels = [m.group(0) for m in _ZPL_LABEL.finditer(content)]
    if not labels:
        return []
    preamble = content[: content.find(b"^XA")].strip()
    return [preamble + b"\n" + label if preamble else label for label in labels]


def retry_after_of(answer: ApiAnswer) -> float:
    return retry_after(answer.headers, DEFAULT_POLL)


def _body(answer: ApiAnswer) -> dict[str, Any]:
    if not isinstance(answer.body, dict):
        raise _bad(answer, "JSON")
    return answer.body


def _object(answer: ApiAnswer, name: str) -> dict[str, Any]:
    value = _body(answer).get(name)
    if not isinstance(value, dict):
        raise _bad(answer, name)
    return value


def _error_words(answer: ApiAnswer) -> tuple[str, ...]:
    """The ``userMessage`` (else ``message``, ``code``) of each of a command's errors."""
    errors = _body(answer).get("errors")
    words = (
        str(e.get("userMessage") or e.get("message") or e.get("code") or "")
        for e in (errors if isinstance(errors, list) else [])
        if isinstance(e, dict)
    )
    return tuple(w for w in words if w)


def _latest_statuses(answer: ApiAnswer) -> list[str]:
    """Each waybill's newest status code (``PENDING`` while it has none)."""
    entries = _body(answer).get("waybills")
    if not isinstance(entries, list):
        raise _bad(answer, "waybills")
    latest = []
    for entry in entries:
        details = entry.get("trackingDetails") if isinstance(entry, dict) else None
        statuses = details.get("statuses") if isinstance(details, dict) else None
        known = [
            s for s in statuses or [] if isinstance(s, dict) and isinstance(s.get("code"), str)
        ]
        known.sort(key=lambda s: str(s.get("occurredAt", "")))
        latest.append(str(known[-1]["code"]) if known else "PENDING")
    return latest


def _carrier_id(shipment: CarrierShipment) -> str | None:
    """The carrier's id (``INPOST``…) from the shipment details kept in ``raw``."""
    body = shipment.raw.get("body") if shipment.raw else None
    carrier = body.get("carrier") if isinstance(body, dict) else None
    return carrier if isinstance(carrier, str) and carrier else None


def _support(answer: ApiAnswer) -> dict[str, Any]:
    return {"status": answer.status, "trace_id": answer.trace_id, "body": answer.body}


def _bad(answer: ApiAnswer, problem: str) -> AllegroError:
    return AllegroError(
        "bad_answer",
        "allegro.bad_answer",
        retryable=True,
        status=answer.status,
        trace_id=answer.trace_id,
        raw=_support(answer),
        problem=problem,
    )


def _nth(values: tuple[str, ...], index: int) -> str | None:
    return values[index] if index < len(values) else None
