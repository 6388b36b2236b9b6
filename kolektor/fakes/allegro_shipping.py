"""The fake Allegro's orders and "Wysyłam z Allegro" desk: checkout forms seeded by tests,
delivery proposals, create and cancel commands that finish after a few polls, shipment
details, labels, tracking.

Each handler takes the calling seller and the already validated request and returns an
:class:`Answer`; :mod:`kolektor.fakes.allegro` validates the answer against the spec.  What
the real service does that the spec does not say, and the fake assumes: a used
``commandId`` is refused with 400 (reference §10: uncertain); a shipment belongs to the
checkout form whose buyer's Allegro e-mail is the receiver's (§10: "receiver.email must be
the Allegro-generated buyer address"); an unknown order in delivery-proposals is 404.
"""

from __future__ import annotations

import base64
import secrets
import uuid
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from kolektor.fakes.allegro_auth import FakeClock, Seller
from kolektor.fakes.allegro_labels import PackageLabel, pdf_labels, zpl_label

CARRIERS = {"INPOST", "DPD", "ORLEN", "DHL", "UPS", "POCZTA_POLSKA", "ALLEGRO", "GLS"}


@dataclass
class Answer:
    status: int
    body: Any = None
    """JSON (dict/list), raw ``bytes``, or None for no body."""
    headers: dict[str, str] = field(default_factory=dict)
    media: str = "application/vnd.allegro.public.v1+json"


def error(
    status: int,
    message: str,
    *,
    path: str | None = None,
    code: str = "VALIDATION_ERROR",
    user_message: str | None = None,
) -> Answer:
    """An ``ErrorsHolder`` answer as Allegro writes it."""
    entry = {"code": code, "message": message, "path": path, "userMessage": user_message or message}
    return Answer(status, {"errors": [entry]})


@dataclass
class Command:
    id: str
    seller: str
    form_id: str
    input: dict[str, Any]
    polls_left: int
    errors: list[dict[str, Any]]
    status: str = "IN_PROGRESS"
    shipment_id: str | None = None


@dataclass
class Shipment:
    id: str
    seller: str
    form_id: str
    command_id: str
    input: dict[str, Any]
    carrier: str
    waybills: list[str]
    created: str
    canceled: str | None = None


@dataclass
class CancelCommand:
    id: str
    shipment_id: str
    seller: str
    polls_left: int
    errors: list[dict[str, Any]]
    status: str = "IN_PROGRESS"


class ShippingDesk:
    """Checkout forms, commands and shipments of the fake, by seller."""

    def __init__(self, clock: FakeClock, sellers: dict[str, Seller]) -> None:
        self.clock = clock
        self.sellers = sellers
        self.sandbox = False
        """Labels always PDF, whatever was asked (#11465)."""
        self.retry_after = 1
        self.polls_to_success = 1
        """Command polls answered IN_PROGRESS before the outcome."""
        self.cancel_polls = 0
        self.forms: dict[str, dict[str, Any]] = {}
        self.form_sellers: dict[str, str] = {}
        self.method_carriers: dict[str, str] = {}
        self.commands: dict[str, Command] = {}
        self.shipments: dict[str, Shipment] = {}
        self.cancels: dict[str, CancelCommand] = {}
        self.command_errors: list[list[dict[str, Any]]] = []
        """Errors for the next commands (one list per command): they end in ``ERROR``."""
        self.proposal_packages = True
        """Delivery proposals suggest a package (30 cm cube, 1 kg) — an assumption."""
        self.label_override: bytes | None = None
        """Bytes every label request gets instead of a label (a broken answer)."""
        self.no_label: set[str] = set()
        """Shipment ids whose label is not ready (204)."""
        self.uncancellable: set[str] = set()
        self.tracking: dict[str, list[str]] = {}
        """Waybill → its status codes so far (default ``PENDING``)."""
        self.create_posts: Counter[str] = Counter()
        """``create-commands`` POSTs per command id."""
        self.shipments_per_form: Counter[str] = Counter()

    # -- seeding ---------------------------------------------------------------------

    def add_form(self, seller: str, form: dict[str, Any], carrier: str = "INPOST") -> str:
        self.forms[form["id"]] = form
        self.form_sellers[form["id"]] = seller
        method = form.get("delivery", {}).get("method", {}).get("id")
        if method:
            self.method_carriers[method] = carrier
        return str(form["id"])

    # -- orders and the user ---------------------------------------------------------

    def me(self, seller: Seller) -> Answer:
        return Answer(
            200, {"id": seller.id, "login": seller.login, "baseMarketplace": {"id": "allegro-pl"}}
        )

    def checkout_form(self, seller: Seller, form_id: str) -> Answer:
        if self.form_sellers.get(form_id) != seller.login:
            return Answer(404)
        return Answer(200, self.forms[form_id])

    def delivery_proposal(self, seller: Seller, form_id: str) -> Answer:
        if self.form_sellers.get(form_id) != seller.login:
            return error(
                404, "Order not found", code="NOT_FOUND", user_message="Nie znaleziono zamówienia."
            )
        form = self.forms[form_id]
        delivery = form.get("delivery", {})
        address = delivery.get("address", {})
        buyer = form["buyer"]
        receiver = {
            "name": f"{address.get('firstName', '')} {address.get('lastName', '')}".strip(),
            "street": address.get("street", ""),
            "postalCode": address.get("zipCode", ""),
            "city": address.get("city", ""),
            "countryCode": address.get("countryCode", "PL"),
            "email": buyer["email"],
            "phone": address.get("phoneNumber") or buyer.get("phoneNumber") or "",
        }
        if address.get("companyName"):
            receiver["company"] = address["companyName"]
        point = delivery.get("pickupPoint", {}).get("id")
        if point:
            receiver["point"] = point
        size = {"value": 30, "unit": "CENTIMETER"}
        suggested: dict[str, Any] = {
            "sender": seller.address,
            "receiver": receiver,
            "packages": []
            if not self.proposal_packages
            else [
                {
                    "type": "PACKAGE",
                    "length": size,
                    "width": size,
                    "height": size,
                    "weight": {"value": 1, "unit": "KILOGRAMS"},
                }
            ],
            "labelFormat": "PDF",
        }
        if delivery.get("method", {}).get("id"):
            suggested["deliveryMethodId"] = delivery["method"]["id"]
        return Answer(
            200,
            {
                "orderId": form_id,
                "suggestedInput": suggested,
                "deliveryOptions": [
                    {
                        "deliveryType": "APM" if point else "DOOR",
                        "paymentType": "PREPAID",
                        "packageType": "PACKAGE",
                        "originCountry": "PL",
                        "destinationCountry": "PL",
                    }
                ],
            },
        )

    # -- creating ----------------------------------------------------------------------

    def create(self, seller: Seller, body: dict[str, Any]) -> Answer:
        command_id = body.get("commandId") or str(uuid.uuid4())
        self.create_posts[command_id] += 1
        if command_id in self.commands:
            return error(
                400,
                "Command with given id already exists",
                path="commandId",
                user_message="Polecenie o tym identyfikatorze już istnieje.",
            )
        shipment_input = body["input"]
        email = shipment_input["receiver"]["email"]
        form_id = next(
            (
                f
                for f, form in self.forms.items()
                if form["buyer"]["email"] == email and self.form_sellers[f] == seller.login
            ),
            None,
        )
        if form_id is None:
            return error(
                400,
                "Receiver email is not an Allegro buyer address",
                path="input.receiver.email",
                user_message="Adres e-mail odbiorcy nie należy do kupującego.",
            )
        errors = self.command_errors.pop(0) if self.command_errors else []
        self.commands[command_id] = Command(
            command_id, seller.login, form_id, shipment_input, self.polls_to_success, errors
        )
        return Answer(
            200,
            {"commandId": command_id, "input": shipment_input},
            {"Retry-After": str(self.retry_after)},
        )

    def command_status(self, seller: Seller, command_id: str) -> Answer:
        command = self.commands.get(command_id)
        if command is None or command.seller != seller.login:
            return Answer(404)
        if command.status == "IN_PROGRESS":
            if command.polls_left > 0:
                command.polls_left -= 1
            else:
                self._finish(command)
        body: dict[str, Any] = {
            "commandId": command.id,
            "status": command.status,
            "errors": command.errors if command.status == "ERROR" else [],
        }
        if command.shipment_id:
            body["shipmentId"] = command.shipment_id
        return Answer(200, body, {"Retry-After": str(self.retry_after)})

    def _finish(self, command: Command) -> None:
        if command.errors:
            command.status = "ERROR"
            return
        method = command.input.get("deliveryMethodId", "")
        carrier = self.method_carriers.get(method, "INPOST")
        number = secrets.randbelow(10**18)
        shipment_id = base64.b64encode(f"{carrier}:{number:018d}".encode()).decode()
        waybills = [
            f"{secrets.randbelow(10**24):024d}"
            if carrier == "INPOST"
            else f"AL{secrets.randbelow(10**10):010d}PL"
            for _ in command.input["packages"]
        ]
        self.shipments[shipment_id] = Shipment(
            shipment_id,
            command.seller,
            command.form_id,
            command.id,
            command.input,
            carrier,
            waybills,
            self.clock.now().isoformat(),
        )
        self.shipments_per_form[command.form_id] += 1
        command.status, command.shipment_id = "SUCCESS", shipment_id

    def _shipment(self, seller: Seller, shipment_id: str) -> Shipment | None:
        found = self.shipments.get(shipment_id)
        return found if found is not None and found.seller == seller.login else None

    def details(self, seller: Seller, shipment_id: str) -> Answer:
        shipment = self._shipment(seller, shipment_id)
        if shipment is None:
            return error(
                404,
                "Shipment not found",
                code="NOT_FOUND",
                user_message="Nie znaleziono przesyłki.",
            )
        keep = (
            "sender",
            "receiver",
            "referenceNumber",
            "insurance",
            "cashOnDelivery",
            "additionalServices",
        )
        body = {k: shipment.input[k] for k in keep if k in shipment.input}
        packages = [
            {**package, "waybill": waybill}
            for package, waybill in zip(shipment.input["packages"], shipment.waybills, strict=True)
        ]
        body.update(
            id=shipment.id,
            packages=packages,
            createdDate=shipment.created,
            carrier=shipment.carrier,
            labelFormat=self._format(shipment),
            pickupAvailable=False,
        )
        if shipment.canceled:
            body["canceledDate"] = shipment.canceled
        return Answer(200, body)

    def _format(self, shipment: Shipment) -> str:
        return "PDF" if self.sandbox else str(shipment.input.get("labelFormat") or "PDF")

    def label(self, seller: Seller, body: dict[str, Any]) -> Answer:
        shipments = [self._shipment(seller, i) for i in body["shipmentIds"]]
        if any(s is None or s.canceled for s in shipments):
            return error(
                404,
                "Shipment not found",
                code="NOT_FOUND",
                user_message="Nie znaleziono przesyłki.",
            )
        found = [s for s in shipments if s is not None]
        if any(s.id in self.no_label for s in found):
            return Answer(204)
        if self.label_override is not None:
            return Answer(200, self.label_override, media="application/octet-stream")
        labels = [
            PackageLabel(
                waybill,
                shipment.input["receiver"].get("name", ""),
                shipment.input.get("referenceNumber", ""),
                shipment.carrier,
                n,
                len(shipment.waybills),
            )
            for shipment in found
            for n, waybill in enumerate(shipment.waybills, 1)
        ]
        if self._format(found[0]) == "ZPL":
            content = b"\n".join(zpl_label(label) for label in labels)
        else:
            content = pdf_labels(labels)
        return Answer(200, content, media="application/octet-stream")

    # -- cancelling and tracking ---------------------------------------------------------

    def cancel(self, seller: Seller, body: dict[str, Any]) -> Answer:
        command_id = body.get("commandId") or str(uuid.uuid4())
        shipment_id = body["input"]["shipmentId"]
        if command_id in self.cancels:
            return error(
                400,
                "Command with given id already exists",
                path="commandId",
                user_message="Polecenie o tym identyfikatorze już istnieje.",
            )
        if self._shipment(seller, shipment_id) is None:
            return error(
                400,
                "Shipment not found",
                path="input.shipmentId",
                user_message="Nie znaleziono przesyłki.",
            )
        errors = []
        if shipment_id in self.uncancellable:
            errors = [
                {
                    "code": "CANCEL_NOT_ALLOWED",
                    "message": "Shipment already handed over",
                    "path": None,
                    "userMessage": "Przesyłka została już nadana i nie można jej anulować.",
                }
            ]
        self.cancels[command_id] = CancelCommand(
            command_id, shipment_id, seller.login, self.cancel_polls, errors
        )
        return Answer(
            200,
            {"commandId": command_id, "input": {"shipmentId": shipment_id}},
            {"Retry-After": str(self.retry_after)},
        )

    def cancel_status(self, seller: Seller, command_id: str) -> Answer:
        command = self.cancels.get(command_id)
        if command is None or command.seller != seller.login:
            return Answer(404)
        if command.status == "IN_PROGRESS":
            if command.polls_left > 0:
                command.polls_left -= 1
            elif command.errors:
                command.status = "ERROR"
            else:
                command.status = "SUCCESS"
                self.shipments[command.shipment_id].canceled = self.clock.now().isoformat()
        return Answer(
            200,
            {
                "commandId": command.id,
                "status": command.status,
                "shipmentId": command.shipment_id,
                "errors": command.errors if command.status == "ERROR" else [],
            },
            {"Retry-After": str(self.retry_after)},
        )

    def track(self, carrier_id: str, waybills: list[str]) -> Answer:
        if carrier_id not in CARRIERS:
            return Answer(400)
        now = self.clock.now().isoformat()
        return Answer(
            200,
            {
                "carrierId": carrier_id,
                "waybills": [
                    {
                        "waybill": waybill,
                        "trackingDetails": {
                            "statuses": [
                                {"occurredAt": now, "code": code}
                                for code in self.tracking.get(waybill, ["PENDING"])
                            ],
                            "createdAt": now,
                            "updatedAt": now,
                        },
                    }
                    for waybill in waybills
                ],
            },
        )
