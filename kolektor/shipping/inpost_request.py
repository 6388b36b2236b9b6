"""A :class:`~kolektor.shipping.carrier.ShipmentRequest` as ShipX's "create shipment" body.

ShipX (InPost's API) creates a shipment in *simplified mode* when the body names a
``service``: it prepares the offers and buys one by itself, asynchronously
(``POST /v1/organizations/{id}/shipments``, ShipX docs 18153501).  What goes in:

* ``receiver`` — first/last name or company, e-mail, phone and, when there is one, the
  address; ShipX requires phone + e-mail for locker services and name + address + phone
  for courier services (ShipX docs 11731061, "Tworzenie przesyłki w trybie
  uproszczonym"), and checks them itself: Kolektor sends what the order has and leaves
  the field checks to ShipX, whose ``validation_failed`` names each field.
* ``parcels`` — a locker size (``template``: A/B/C = ``small``/``medium``/``large``,
  ShipX docs 47186432) or ``dimensions`` in mm with the ``weight`` in kg.  Courier
  services take no locker size (only ``inpost_courier_c2c`` has templates, with ``xlarge``
  = D); locker services take one parcel per shipment ("Przesyłki paczkomatowe nie
  obsługują wielopaczkowości", ShipX docs "Tworzenie przesyłki").  Several parcels each
  carry an ``id``, unique in the request (ShipX docs 18153492, Parcels Simple Form).
* ``custom_attributes`` — ``target_point`` (the parcel locker, required for locker
  services), ``sending_method`` (how the parcels reach InPost; default
  ``dispatch_order``: a courier collects them from the warehouse, which is what a
  shop that packs every day does) and ``dropoff_point`` (required with
  ``parcel_locker``/``pok``/``courier_pok`` and for ``inpost_locker_pass_thru``).
* ``cod`` / ``insurance`` — cash on delivery and insurance.  Courier standard, express and
  palette services require insurance when there is COD (ShipX docs 18153492, Insurance
  Form); Kolektor then insures at least the COD amount — InPost does not pay out more than
  the insured value of a lost parcel, so insuring less than the cash it collects makes no
  sense (the "at least COD" rule is Kolektor's, not a documented ShipX rule).
* ``reference`` — the ZK number (3–100 characters), ``comments``, and from the rule's
  options ``additional_services`` (``sms``, ``email``, ``saturday``…) and ``mpk``.

Everything here is pure: :func:`shipment_body` raises :class:`CarrierError` (code
``invalid_request``, never retryable) for what ShipX would refuse anyway and the office
can fix — before any call.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Final

from kolektor.shipping.carrier import CarrierError, Money, Parcel, Party, ShipmentRequest

LOCKER_SERVICES: Final = frozenset(
    {
        "inpost_locker_standard",
        "inpost_locker_allegro",
        "inpost_locker_pass_thru",
        "inpost_locker_customer_service_point",
    }
)
"""Services delivered to a parcel locker or pickup point (one parcel per shipment)."""

COURIER_SERVICES: Final = frozenset(
    {
        "inpost_courier_standard",
        "inpost_courier_express_1000",
        "inpost_courier_express_1200",
        "inpost_courier_express_1700",
        "inpost_courier_palette",
        "inpost_courier_c2c",
        "inpost_courier_allegro",
    }
)
"""Services a courier delivers to the receiver's address (``imper86/php-inpost-api`` →
``src/Enum/ServiceType.php``; ShipX docs 18153507)."""

SERVICES: Final = LOCKER_SERVICES | COURIER_SERVICES

TARGET_POINT_REQUIRED: Final = frozenset(
    {"inpost_locker_standard", "inpost_locker_allegro", "inpost_locker_pass_thru"}
)
"""Services that need ``custom_attributes.target_point`` (ShipX docs 18153492)."""

INSURANCE_WITH_COD: Final = frozenset(
    {
        "inpost_courier_standard",
        "inpost_courier_express_1000",
        "inpost_courier_express_1200",
        "inpost_courier_express_1700",
        "inpost_courier_palette",
    }
)
"""Services that require insurance when the shipment has COD (ShipX docs 18153492)."""

TEMPLATES: Final[Mapping[str, str]] = {"A": "small", "B": "medium", "C": "large", "D": "xlarge"}
"""Kolektor's parcel sizes (the locker's A/B/C, D) as ShipX's templates."""

SERVICE_TEMPLATES: Final[Mapping[str, frozenset[str]]] = {
    **dict.fromkeys(LOCKER_SERVICES, frozenset({"small", "medium", "large"})),
    "inpost_courier_c2c": frozenset({"small", "medium", "large", "xlarge"}),
}
"""Which templates a service takes; a service not listed takes dimensions and weight only."""

SENDING_METHODS: Final = ("dispatch_order", "parcel_locker", "pok", "pop", "courier_pok", "branch")
"""``custom_attributes.sending_method`` values ShipX accepts (ShipX docs 18153492)."""

NEEDS_DROPOFF: Final = frozenset({"parcel_locker", "pok", "courier_pok"})

DEFAULT_SENDING_METHOD: Final = "dispatch_order"

OPTIONS: Final = ("sending_method", "dropoff_point", "additional_services", "mpk")
"""The options a rule may give an InPost shipment (``ShipmentRequest.options``)."""

_PHONE_NOISE: Final = re.compile(r"[\s\-./()]")
_POLISH_PREFIX: Final = re.compile(r"^(?:\+48|0048)(?=\d{9}$)")


def _refuse(key: str, /, **params: Any) -> CarrierError:
    return CarrierError("invalid_request", key, retryable=False, **params)


def service_kind(service: str) -> str:
    """``locker`` or ``courier``; :class:`CarrierError` for a service Kolektor does not
    know."""
    if service in LOCKER_SERVICES:
        return "locker"
    if service in COURIER_SERVICES:
        return "courier"
    raise _refuse(
        "inpost.request.service_unknown", service=service, services=", ".join(sorted(SERVICES))
    )


def phone_number(text: str) -> str:
    """A phone number as ShipX wants it: digits only, without Poland's ``+48``/``0048``
    when nine digits follow (``+48 601-234-567`` → ``601234567``).  Anything else is
    passed on for ShipX to judge."""
    digits = _PHONE_NOISE.sub("", text)
    return _POLISH_PREFIX.sub("", digits)


def party_json(party: Party) -> dict[str, Any]:
    """A receiver or sender: the fields the party has (empty ones left out), the address
    only when any part of it is known."""
    data: dict[str, Any] = {}
    for name, value in (
        ("first_name", party.first_name),
        ("last_name", party.last_name),
        ("company_name", party.company),
        ("email", party.email.strip()),
        ("phone", phone_number(party.phone)),
    ):
        if value:
            data[name] = value
    address = {
        name: value
        for name, value in (
            ("street", party.street),
            ("building_number", party.building_number),
            ("city", party.city),
            ("post_code", party.post_code.strip()),
        )
        if value
    }
    if address:
        address["country_code"] = party.country_code or "PL"
        data["address"] = address
    return data


def money_json(money: Money) -> dict[str, Any]:
    """``{"amount": 12.5, "currency": "PLN"}`` — grosze rounded half up."""
    amount = money.amount.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return {"amount": float(amount), "currency": money.currency}


def _dimensions_json(parcel: Parcel, package: int) -> dict[str, Any]:
    if parcel.weight_kg is None:
        raise _refuse("inpost.request.weight_missing", package=package)
    assert parcel.length_cm is not None and parcel.width_cm is not None
    assert parcel.height_cm is not None
    return {
        "dimensions": {
            "length": float(parcel.length_cm * 10),
            "width": float(parcel.width_cm * 10),
            "height": float(parcel.height_cm * 10),
            "unit": "mm",
        },
        "weight": {"amount": float(parcel.weight_kg), "unit": "kg"},
    }


def parcel_json(parcel: Parcel, package: int, service: str) -> dict[str, Any]:
    """One parcel: its template where the service takes templates, else its dimensions
    (cm → mm) and weight.  ``package`` counts from 1 (for the messages)."""
    allowed = SERVICE_TEMPLATES.get(service, frozenset())
    has_dimensions = None not in (parcel.length_cm, parcel.width_cm, parcel.height_cm)
    if parcel.template and allowed:
        template = TEMPLATES.get(parcel.template.upper(), parcel.template.lower())
        if template not in allowed:
            raise _refuse(
                "inpost.request.template_unknown", package=package, template=parcel.template,
                service=service, allowed=", ".join(_size_names(allowed)),
            )  # fmt: skip
        return {"template": template}
    if has_dimensions:
        return _dimensions_json(parcel, package)
    if parcel.template:
        raise _refuse("inpost.request.courier_needs_dimensions", package=package, service=service)
    raise _refuse("inpost.request.parcel_size_missing", package=package)


def _size_names(templates: frozenset[str]) -> list[str]:
    by_template = {template: size for size, template in TEMPLATES.items()}
    return sorted(by_template[template] for template in templates)


def _options(options: Mapping[str, Any]) -> dict[str, Any]:
    unknown = sorted(set(options) - set(OPTIONS))
    if unknown:
        raise _refuse(
            "inpost.request.option_unknown", option=unknown[0], allowed=", ".join(OPTIONS)
        )
    services = options.get("additional_services", [])
    if isinstance(services, str) or not isinstance(services, Sequence):
        raise _refuse("inpost.request.option_not_list", option="additional_services")
    return {**options, "additional_services": [str(name) for name in services]}


def _custom_attributes(request: ShipmentRequest, options: Mapping[str, Any]) -> dict[str, Any]:
    service = request.service
    method = str(options.get("sending_method") or DEFAULT_SENDING_METHOD)
    if method not in SENDING_METHODS:
        raise _refuse(
            "inpost.request.sending_method_unknown", method=method,
            allowed=", ".join(SENDING_METHODS),
        )  # fmt: skip
    attributes: dict[str, Any] = {"sending_method": method}
    if service in LOCKER_SERVICES:
        if request.target_point:
            attributes["target_point"] = request.target_point.strip().upper()
        elif service in TARGET_POINT_REQUIRED:
            raise _refuse("inpost.request.target_point_missing", service=service)
    dropoff = str(options.get("dropoff_point") or "").strip().upper()
    if dropoff:
        attributes["dropoff_point"] = dropoff
    elif method in NEEDS_DROPOFF or service == "inpost_locker_pass_thru":
        raise _refuse("inpost.request.dropoff_point_missing", method=method, service=service)
    return attributes


def insurance_for(request: ShipmentRequest) -> Money | None:
    """The insurance sent: the request's, raised to the COD amount for the services that
    require insurance with COD (see the module's docstring)."""
    cod, insurance = request.cod, request.insurance
    if cod is not None and insurance is not None and insurance.currency != cod.currency:
        raise _refuse(
            "inpost.request.currency_mismatch", cod=cod.currency, insurance=insurance.currency
        )
    if cod is None or request.service not in INSURANCE_WITH_COD:
        return insurance
    if insurance is None:
        return cod
    return insurance if insurance.amount >= cod.amount else cod


def shipment_body(request: ShipmentRequest) -> dict[str, Any]:
    """The JSON body of ``POST /v1/organizations/{id}/shipments`` for ``request``, or
    :class:`CarrierError` (``invalid_request``) for what cannot be sent."""
    kind = service_kind(request.service)
    if not request.parcels:
        raise _refuse("inpost.request.no_parcels")
    if kind == "locker" and len(request.parcels) > 1:
        raise _refuse("inpost.request.locker_one_parcel", count=len(request.parcels))
    reference = request.reference.strip()
    if not 3 <= len(reference) <= 100:
        raise _refuse("inpost.request.reference_length", reference=reference,
                      length=len(reference))  # fmt: skip
    options = _options(request.options)
    parcels = [
        parcel_json(parcel, package, request.service)
        for package, parcel in enumerate(request.parcels, start=1)
    ]
    if len(parcels) > 1:
        parcels = [{"id": str(package), **data} for package, data in enumerate(parcels, 1)]
    body: dict[str, Any] = {
        "service": request.service,
        "reference": reference,
        "receiver": party_json(request.receiver),
        "parcels": parcels,
        "custom_attributes": _custom_attributes(request, options),
    }
    if request.sender is not None:
        body["sender"] = party_json(request.sender)
    if request.cod is not None:
        body["cod"] = money_json(request.cod)
    insurance = insurance_for(request)
    if insurance is not None:
        body["insurance"] = money_json(insurance)
    if request.comments.strip():
        body["comments"] = request.comments.strip()
    if options["additional_services"]:
        body["additional_services"] = options["additional_services"]
    if options.get("mpk"):
        body["mpk"] = str(options["mpk"])
    return body
