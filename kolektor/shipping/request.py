"""From a packed order to the :class:`~kolektor.shipping.carrier.ShipmentRequest` a carrier
gets: who receives it, where, how many parcels of what size, cash on delivery.  Pure.

* **Receiver** — the ZK's delivery address (``dok_AdresDostawyAdreshId``'s snapshot), else
  the buyer's; a person's name is split into first and last name at the last space, a firm
  keeps its name as the company; the order's e-mail and phone (digits only; ``+48`` and
  spaces dropped for Polish numbers).
* **Parcel locker** — InPost locker services need the locker's id.  Shops put it into the
  ZK (remarks, extended remarks, the delivery address' name) as ``Paczkomat KRA010`` or
  ``paczkomat: WAW22A``; :func:`find_locker` finds it there.
* **Parcels** — as packed (template A/B/C or dimensions, weight); a parcel with neither gets
  the rule's ``parcel_template``.
* **Cash on delivery** — when the ZK's payment form is one the office marked as cash on
  delivery (the ``shipping`` setting's ``cod_payment_forms``): the order's gross value.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Final

from kolektor.rules.context import country_code
from kolektor.shipping.carrier import Money, Parcel, Party, ShipmentRequest
from kolektor.store.orders import OrderRecord
from kolektor.subiekt.models import Address

LOCKER: Final = re.compile(
    r"(?i)\b(?:paczkomat|paczkomacie|locker|punkt\s+odbioru)\b[\s:#-]*([A-Z]{3}[0-9]{1,4}[A-Z]{0,3})\b"
)
"""``Paczkomat KRA010``, ``paczkomat: WAW22A``, ``Punkt odbioru POZ08A``."""
LOCKER_SERVICES: Final = frozenset({"inpost_locker_standard"})
TEMPLATES: Final = {"A": "A", "B": "B", "C": "C"}


def find_locker(*texts: str | None) -> str | None:
    """The parcel locker's id named in any of ``texts`` (upper case), or None."""
    for text in texts:
        match = LOCKER.search(text or "")
        if match:
            return match.group(1).upper()
    return None


def split_name(name: str) -> tuple[str, str]:
    """``Jan Maria Kowalska-Nowak`` → (``Jan Maria``, ``Kowalska-Nowak``)."""
    parts = name.split()
    if len(parts) < 2:
        return (parts[0] if parts else "", "")
    return " ".join(parts[:-1]), parts[-1]


def phone_digits(phone: str | None) -> str:
    """``+48 601-234-567`` → ``601234567``; other countries keep their prefix."""
    if not phone:
        return ""
    digits = re.sub(r"[^\d+]", "", phone)
    if digits.startswith("+48") and len(digits) == 12:
        return digits[3:]
    if digits.startswith("0048") and len(digits) == 13:
        return digits[4:]
    return digits


def party(address: Address, *, person: bool | None, email: str = "", phone: str = "") -> Party:
    """A Subiekt address as a carrier's party."""
    name = " ".join((address.full_name or address.name or "").split())
    number = address.house_number
    if address.flat_number:
        number = f"{number}/{address.flat_number}" if number else address.flat_number
    first, last, company = "", "", ""
    if person is False:
        company = name
    else:
        first, last = split_name(name)
    return Party(
        first_name=first, last_name=last, company=company, street=address.street,
        building_number=number, post_code=address.postcode, city=address.city,
        country_code=country_code(address.country or "Polska") or "PL", email=email,
        phone=phone,
    )  # fmt: skip


@dataclass(frozen=True, slots=True)
class PackedParcel:
    """A parcel as recorded at packing (``kolektor.store.order_page.Package``'s fields)."""

    number: int
    template: str | None
    weight_kg: Decimal | None
    length_cm: Decimal | None
    width_cm: Decimal | None
    height_cm: Decimal | None


class RequestProblem(ValueError):
    """The order lacks what the carrier needs; ``key``/``params`` name it in the catalog."""

    def __init__(self, key: str, /, **params: object) -> None:
        super().__init__(key)
        self.key = key
        self.params = params


def build_request(
    order: OrderRecord,
    parcels: Sequence[PackedParcel],
    plan: Mapping[str, Any],
    *,
    key: str,
    sender: Party | None,
    cod_payment_forms: frozenset[int] = frozenset(),
    dpi: int = 203,
) -> ShipmentRequest:
    """The shipment request for ``order`` packed into ``parcels``, as the label job's
    ``plan`` (carrier, service, parcel template) says."""
    carrier = str(plan.get("carrier") or "own")
    service = str(plan.get("service") or "")
    address = order.delivery or order.billing
    if address is None:
        raise RequestProblem("shipping.no_address", number=order.number)
    receiver = party(address, person=order.customer_is_person, email=order.email or "",
                     phone=phone_digits(order.phone))  # fmt: skip
    default_template = plan.get("template")
    shipped = tuple(
        Parcel(
            template=TEMPLATES.get((p.template or "").upper())
            or (None if (p.length_cm or p.weight_kg) else default_template),
            length_cm=p.length_cm,
            width_cm=p.width_cm,
            height_cm=p.height_cm,
            weight_kg=p.weight_kg,
        )
        for p in sorted(parcels, key=lambda p: p.number)
    )
    if not shipped:
        raise RequestProblem("shipping.no_parcels", number=order.number)
    target_point = None
    if service in LOCKER_SERVICES:
        target_point = find_locker(order.remarks, order.remarks_ext, address.name,
                                   address.full_name)  # fmt: skip
        if target_point is None:
            raise RequestProblem("shipping.no_locker", number=order.number)
    cod = None
    if order.payment_form_id is not None and order.payment_form_id in cod_payment_forms:
        cod = Money(order.value_gross, order.currency)
    return ShipmentRequest(
        key=key, order_id=order.id, reference=order.number, service=service or carrier,
        receiver=receiver, parcels=shipped, sender=sender, target_point=target_point,
        cod=cod, label_format="zpl", dpi=dpi, comments=str(plan.get("comments") or ""),
        checkout_form_id=plan.get("checkout_form_id"), account=plan.get("account"),
        options=dict(plan.get("options") or {}),
    )  # fmt: skip
