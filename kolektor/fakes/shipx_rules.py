"""How the ShipX fake judges a "create shipment" body — ShipX's form validation, written
down independently of Kolektor's client so that the two can disagree.

The rules and where they come from (ShipX docs 18153492 "Form validation", 11731061
"Tworzenie przesyłki w trybie uproszczonym", 18153507 "Shipment sizes and services"):

* ``service`` is required (the fake knows simplified mode only) and must be a known one.
* ``receiver``: locker services need ``phone`` and ``email``; courier services a name
  (``company_name`` or ``first_name`` + ``last_name``), ``phone`` and an ``address``
  (street, building number, city, post code).  Phone: nine digits; post code: ``NN-NNN``;
  e-mail: ``x@y.z``.  Length limits are the fake's guesses (documentation gives none).
* ``parcels``: 1–1000; one only for locker services ("Przesyłki paczkomatowe nie obsługują
  wielopaczkowości"); with several, each needs a unique ``id``.  A template must be one
  the service takes (locker: small/medium/large; ``inpost_courier_c2c`` also xlarge; other
  courier services none); without one, ``dimensions`` (≥ 1 mm, unit ``mm``) and ``weight``
  (> 0 kg, unit ``kg``) are required.  Locker parcels fit 410 × 380 × 640 mm and 25 kg
  (size C); courier parcels up to 50 kg (the fake's limit).
* ``custom_attributes``: ``target_point`` required for ``inpost_locker_standard``,
  ``_allegro`` and ``_pass_thru`` (a locker id such as ``KRA010`` or a point ``POP-WAW12``,
  else ``does_not_exist``); ``sending_method`` one of ShipX's six; ``dropoff_point``
  required with ``parcel_locker``/``pok``/``courier_pok`` and for pass-thru.
* ``cod``: amount ≥ 0 (at most 5000 PLN — InPost's COD limit, the fake's rule) in PLN;
  ``insurance``: ≥ 1 and < 10 000 000, required with COD for courier standard/express/
  palette services.
* ``reference`` 3–100 characters; ``additional_services`` from ShipX's list
  (``imper86/php-inpost-api`` ``src/Enum/AdditionalService.php``).

:func:`validate` returns ShipX's ``details``: a field's validation keys under its name,
nested objects as objects, parcels as a list in parcel order (``{}`` for a good parcel).
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any, Final

LOCKER: Final = frozenset(
    {"inpost_locker_standard", "inpost_locker_allegro", "inpost_locker_pass_thru",
     "inpost_locker_customer_service_point"}
)  # fmt: skip
COURIER: Final = frozenset(
    {"inpost_courier_standard", "inpost_courier_express_1000", "inpost_courier_express_1200",
     "inpost_courier_express_1700", "inpost_courier_palette", "inpost_courier_c2c",
     "inpost_courier_allegro"}
)  # fmt: skip
NEEDS_TARGET: Final = frozenset(
    {"inpost_locker_standard", "inpost_locker_allegro", "inpost_locker_pass_thru"}
)
INSURED_WITH_COD: Final = frozenset(
    {"inpost_courier_standard", "inpost_courier_express_1000", "inpost_courier_express_1200",
     "inpost_courier_express_1700", "inpost_courier_palette"}
)  # fmt: skip
TEMPLATES: Final = {
    **dict.fromkeys(LOCKER, frozenset({"small", "medium", "large"})),
    "inpost_courier_c2c": frozenset({"small", "medium", "large", "xlarge"}),
}
SENDING_METHODS: Final = frozenset(
    {"parcel_locker", "pok", "pop", "courier_pok", "branch", "dispatch_order"}
)
NEEDS_DROPOFF: Final = frozenset({"parcel_locker", "pok", "courier_pok"})
ADDITIONAL_SERVICES: Final = frozenset(
    {"sms", "email", "saturday", "cod", "insurance", "rod", "dor1720",
     *(f"forhour_{hour}" for hour in range(9, 18))}
)  # fmt: skip
LOCKER_MAX_MM: Final = (380, 410, 640)
"""Size C, sorted."""

_PHONE: Final = re.compile(r"^\d{9}$")
_EMAIL: Final = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_POST_CODE: Final = re.compile(r"^\d{2}-\d{3}$")
_POINT: Final = re.compile(r"^(?:[A-Z]{3}\d{1,4}[A-Z]{0,3}|POP-[A-Z]{3}\d{1,5})$")

Details = dict[str, Any]


def _number(value: Any) -> Decimal | None:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        return None
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _length(details: Details, name: str, value: str, low: int, high: int) -> None:
    if value and len(value) < low:
        details[name] = ["too_short"]
    elif len(value) > high:
        details[name] = ["too_long"]


def _address(data: Any, *, required: bool) -> Details:
    details: Details = {}
    if not isinstance(data, dict):
        return {"street": ["required"], "building_number": ["required"], "city": ["required"],
                "post_code": ["required"]} if required else {}  # fmt: skip
    for name, high in (("street", 100), ("building_number", 10), ("city", 100)):
        value = _text(data.get(name))
        if required and not value:
            details[name] = ["required"]
        else:
            _length(details, name, value, 1, high)
    post_code = _text(data.get("post_code"))
    country = _text(data.get("country_code")) or "PL"
    if required and not post_code:
        details["post_code"] = ["required"]
    elif post_code and country == "PL" and not _POST_CODE.match(post_code):
        details["post_code"] = ["invalid_format"]
    if not re.fullmatch(r"[A-Z]{2}", country):
        details["country_code"] = ["invalid"]
    return details


def party(data: Any, *, service: str, receiver: bool) -> Details:
    """A receiver's (or, with ``receiver=False``, a sender's) complaints."""
    if not isinstance(data, dict):
        return {"": ["required"]} if receiver else {"": ["invalid"]}
    details: Details = {}
    courier = receiver and service in COURIER
    locker = receiver and service in LOCKER
    phone, email = _text(data.get("phone")), _text(data.get("email"))
    if not phone and (courier or locker):
        details["phone"] = ["required"]
    elif phone and not _PHONE.match(phone):
        details["phone"] = ["invalid_format"]
    if not email and locker:
        details["email"] = ["required"]
    elif email and not _EMAIL.match(email):
        details["email"] = ["invalid_format"]
    company = _text(data.get("company_name"))
    first, last = _text(data.get("first_name")), _text(data.get("last_name"))
    if courier and not company and not (first and last):
        details["name"] = ["required"]
    for name, value, high in (("first_name", first, 50), ("last_name", last, 50),
                              ("company_name", company, 100)):  # fmt: skip
        _length(details, name, value, 2, high)
    address = _address(data.get("address"), required=courier)
    if address:
        details["address"] = address
    return details


def parcel(data: Any, *, service: str, several: bool) -> Details:
    """One parcel's complaints."""
    if not isinstance(data, dict):
        return {"": ["invalid"]}
    details: Details = {}
    if several and not _text(str(data.get("id") or "")):
        details["id"] = ["required"]
    template = data.get("template")
    if template is not None:
        if template not in TEMPLATES.get(service, frozenset()):
            details["template"] = ["invalid"]
        return details
    dimensions, weight = data.get("dimensions"), data.get("weight")
    if not isinstance(dimensions, dict):
        details["dimensions"] = ["required"]
    else:
        found: Details = {}
        sizes = []
        for name in ("length", "width", "height"):
            number = _number(dimensions.get(name))
            if number is None:
                found[name] = ["required" if dimensions.get(name) is None else "not_a_number"]
            elif number < 1:
                found[name] = ["too_small"]
            else:
                sizes.append(number)
        if dimensions.get("unit", "mm") != "mm":
            found["unit"] = ["invalid"]
        if (
            service in LOCKER
            and len(sizes) == 3
            and any(size > limit for size, limit in zip(sorted(sizes), LOCKER_MAX_MM, strict=True))
        ):
            found["length"] = ["too_big"]
        if found:
            details["dimensions"] = found
    if not isinstance(weight, dict):
        details["weight"] = ["required"]
    else:
        amount = _number(weight.get("amount"))
        limit = 25 if service in LOCKER else 50
        if amount is None:
            details["weight"] = {"amount": ["required" if weight.get("amount") is None
                                            else "not_a_number"]}  # fmt: skip
        elif amount <= 0:
            details["weight"] = {"amount": ["too_small"]}
        elif amount > limit:
            details["weight"] = {"amount": ["too_big"]}
        elif weight.get("unit", "kg") != "kg":
            details["weight"] = {"unit": ["invalid"]}
    return details


def _parcels(data: Any, service: str) -> Any:
    if not isinstance(data, list) or not data:
        return ["required"]
    if len(data) > 1000 or (service in LOCKER and len(data) > 1):
        return ["too_many"]
    several = len(data) > 1
    found = [parcel(item, service=service, several=several) for item in data]
    ids = [str(item.get("id")) for item in data if isinstance(item, dict) and item.get("id")]
    if len(ids) != len(set(ids)):
        for entry in found:
            entry.setdefault("id", ["not_unique"])
    return found if any(found) else None


def _custom_attributes(data: Any, service: str) -> Details:
    attributes = data if isinstance(data, dict) else {}
    details: Details = {}
    target = _text(attributes.get("target_point"))
    if service in NEEDS_TARGET and not target:
        details["target_point"] = ["required"]
    elif target and not _POINT.match(target):
        details["target_point"] = ["does_not_exist"]
    method = attributes.get("sending_method")
    if method not in (None, "") and method not in SENDING_METHODS:
        details["sending_method"] = ["invalid"]
    dropoff = _text(attributes.get("dropoff_point"))
    if not dropoff and (method in NEEDS_DROPOFF or service == "inpost_locker_pass_thru"):
        details["dropoff_point"] = ["required"]
    elif dropoff and not _POINT.match(dropoff):
        details["dropoff_point"] = ["does_not_exist"]
    return details


def _money(data: Any, *, low: Decimal, high: Decimal) -> Details:
    if not isinstance(data, dict):
        return {"": ["invalid"]}
    amount = _number(data.get("amount"))
    details: Details = {}
    if amount is None:
        details["amount"] = ["required" if data.get("amount") is None else "not_a_number"]
    elif amount < low:
        details["amount"] = ["too_small"]
    elif amount > high:
        details["amount"] = ["too_big"]
    if data.get("currency", "PLN") != "PLN":
        details["currency"] = ["invalid"]
    return details


def validate(body: Any) -> Details:
    """ShipX's ``details`` for ``body``; empty when ShipX would take it."""
    if not isinstance(body, dict):
        return {"shipment": ["invalid"]}
    details: Details = {}
    service = body.get("service")
    if not service:
        return {"service": ["required"]}
    if service not in LOCKER | COURIER:
        return {"service": ["invalid"]}
    for name, found in (
        ("receiver", party(body.get("receiver"), service=service, receiver=True)),
        ("sender", party(body["sender"], service=service, receiver=False)
         if "sender" in body else {}),
        ("parcels", _parcels(body.get("parcels"), service)),
        ("custom_attributes", _custom_attributes(body.get("custom_attributes"), service)),
    ):  # fmt: skip
        if found:
            details[name] = found.pop("") if isinstance(found, dict) and "" in found else found
    cod = body.get("cod")
    if cod is not None:
        found = _money(cod, low=Decimal(0), high=Decimal(5000))
        if found:
            details["cod"] = found
    insurance = body.get("insurance")
    if insurance is not None:
        found = _money(insurance, low=Decimal(1), high=Decimal("9999999.99"))
        if found:
            details["insurance"] = found
    elif cod is not None and service in INSURED_WITH_COD:
        details["insurance"] = ["required"]
    reference = body.get("reference")
    if reference is not None:
        _length(details, "reference", str(reference), 3, 100)
        if not str(reference):
            details["reference"] = ["too_short"]
    comments = body.get("comments")
    if isinstance(comments, str) and len(comments) > 100:
        details["comments"] = ["too_long"]
    extras = body.get("additional_services")
    if extras is not None and (
        not isinstance(extras, list) or any(name not in ADDITIONAL_SERVICES for name in extras)
    ):
        details["additional_services"] = ["invalid"]
    return details
