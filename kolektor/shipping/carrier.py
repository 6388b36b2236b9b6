"""The carrier interface: what Kolektor asks of every courier integration.

A *carrier* (InPost ShipX, Allegro "Wysyłam z Allegro", Kolektor's own label) turns a
:class:`ShipmentRequest` — one order's parcels, receiver, service and options — into a
:class:`CarrierShipment` with tracking numbers, and gives its labels (:class:`LabelFile`, one
per parcel, ZPL or PDF).  Carriers are asynchronous services: a shipment is usually
*pending* after creation and *confirmed* (bought: tracking numbers and labels exist) a few
seconds later, so the caller polls :meth:`Carrier.refresh`, waiting at least
:attr:`CarrierShipment.poll_after` seconds between calls.

**Never two shipments for one order.**  Buying is the effect that costs money, and a crash
can come between the carrier's answer and Kolektor's record of it.  So the label step keeps
its own record first (``kolektor.store.shipments``, with the request's :attr:`key`), and
before creating anything asks :meth:`Carrier.find` for a shipment the carrier already has
for that key or reference; the carrier's own idempotency (Allegro's ``commandId`` = the key;
InPost's ``reference`` = the ZK number) makes that answer reliable.

Errors are :class:`CarrierError` with a stable ``code``, a catalog key for the office's
reason (in Polish or English at the edge) and, for validation errors, the carrier's
per-field complaints.  Nothing here does I/O; implementations live beside this module
(``inpost.py``, ``allegro.py``, ``own.py``).
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from typing import Any, Literal, Protocol

from kolektor.i18n import Language, t

LabelFormat = Literal["zpl", "pdf"]

KEY_NAMESPACE = uuid.UUID("6f1f5b8e-7d1e-4f0e-9a53-4b6f6c2a9d11")
"""Namespace of the shipments' idempotency keys (UUID v5)."""


def shipment_key(order_id: int, generation: int, attempt: int = 1) -> str:
    """The idempotency key of an order's shipment: the same order, packing generation and
    attempt give the same UUID on every instance.  A new attempt (after the office cancelled
    the first shipment) gets a new key."""
    return str(uuid.uuid5(KEY_NAMESPACE, f"kolektor:{order_id}:{generation}:{attempt}"))


@dataclass(frozen=True, slots=True)
class Money:
    amount: Decimal
    currency: str = "PLN"


@dataclass(frozen=True, slots=True)
class Party:
    """A sender or receiver as carriers want it.  ``first_name``/``last_name`` for a person,
    ``company`` for a firm (either or both); the address split as Polish addresses are:
    street, building number (with the flat: ``12/3``), post code ``00-001``, city."""

    first_name: str = ""
    last_name: str = ""
    company: str = ""
    street: str = ""
    building_number: str = ""
    post_code: str = ""
    city: str = ""
    country_code: str = "PL"
    email: str = ""
    phone: str = ""

    @property
    def name(self) -> str:
        """The person's full name, else the company."""
        return " ".join(p for p in (self.first_name, self.last_name) if p) or self.company


@dataclass(frozen=True, slots=True)
class Parcel:
    """One package as packed: a locker template (``A``/``B``/``C``, InPost's small / medium /
    large) or dimensions in cm, and the weight in kg (None when the packer gave none)."""

    template: str | None = None
    length_cm: Decimal | None = None
    width_cm: Decimal | None = None
    height_cm: Decimal | None = None
    weight_kg: Decimal | None = None


@dataclass(frozen=True, slots=True)
class ShipmentRequest:
    """Everything a carrier needs to buy one order's shipment."""

    key: str
    """Idempotency key (:func:`shipment_key`): Allegro's ``commandId``; kept on our record."""
    order_id: int
    reference: str
    """The ZK number, the shipment's reference at the carrier (3–100 characters)."""
    service: str
    """The carrier's service (``inpost_locker_standard``, ``inpost_courier_standard``; for
    Allegro the delivery method id; ``own`` for Kolektor's label)."""
    receiver: Party
    parcels: tuple[Parcel, ...]
    sender: Party | None = None
    """None: the carrier account's own data."""
    target_point: str | None = None
    """Parcel locker or pickup point id (``KRA010``)."""
    cod: Money | None = None
    """Cash on delivery (pobranie)."""
    insurance: Money | None = None
    label_format: LabelFormat = "zpl"
    dpi: int = 203
    comments: str = ""
    """Remarks for the courier (printed on Kolektor's own label)."""
    checkout_form_id: str | None = None
    """The Allegro order (checkout form) id, when the order came from Allegro."""
    account: str | None = None
    """Which account of the carrier (an Allegro account's id); None = the only one."""
    options: Mapping[str, Any] = field(default_factory=dict)
    """Carrier-specific options from the rule (``sending_method``, ``additional_services``…)."""


class ShipmentState(StrEnum):
    PENDING = "pending"
    """Accepted by the carrier, not bought yet: no tracking number, no label."""
    CONFIRMED = "confirmed"
    """Bought: tracking numbers and labels exist."""
    CANCELLED = "cancelled"
    FAILED = "failed"
    """The carrier refused it after accepting (e.g. Allegro's command ``ERROR``)."""


@dataclass(frozen=True, slots=True)
class CarrierShipment:
    """A shipment as the carrier reports it."""

    carrier: str
    shipment_id: str
    """The carrier's id (ShipX shipment id, Allegro shipmentId; for a pending Allegro
    command, the commandId until the shipment id is known)."""
    state: ShipmentState
    carrier_status: str
    """The carrier's own status word (``confirmed``, ``IN_PROGRESS``…), for the office."""
    tracking_numbers: tuple[str, ...] = ()
    """One per parcel, in parcel order, once confirmed."""
    package_ids: tuple[str, ...] = ()
    """The carrier's ids of the parcels, where it has them."""
    poll_after: float | None = None
    """Seconds to wait before the next :meth:`Carrier.refresh` (``Retry-After``)."""
    errors: tuple[str, ...] = ()
    """Why a FAILED shipment failed, in the carrier's words."""
    raw: Mapping[str, Any] = field(default_factory=dict)
    """The carrier's last answer, kept for support (never shown to packers)."""
    account: str | None = None
    """The carrier account the shipment was bought with (:attr:`ShipmentRequest.account`),
    so later calls (refresh, labels, cancel) use the same one."""


@dataclass(frozen=True, slots=True)
class LabelFile:
    """One parcel's label as the carrier gave it (``package`` counts from 1)."""

    package: int
    format: LabelFormat
    content: bytes
    tracking_number: str | None = None
    dpi: int | None = None
    """The resolution a ZPL label was made for (203, 300), when the carrier says; None for
    PDF or when unknown."""


@dataclass(frozen=True, slots=True)
class Tracking:
    """Where a shipment is: the carrier's status word and its title in words."""

    status: str
    title: str
    delivered: bool = False


class CarrierError(Exception):
    """A carrier call that failed.

    ``code`` is stable (``validation_failed``, ``unauthorized``, ``not_found``,
    ``rate_limited``, ``unavailable``, ``timeout``, ``rejected``, ``token_expired``,
    ``reauthorize``, ``invalid_action``…), ``key`` and ``params`` name the office's reason in
    the message catalog; ``fields`` maps a field of the request (``receiver.phone``) to the
    carrier's complaints, already in words; ``retryable`` says whether trying again later
    can help, ``retry_after`` how long to wait (429, ``Retry-After``).  ``raw`` is the
    carrier's error body for support.
    """

    def __init__(
        self,
        code: str,
        key: str,
        /,
        *,
        retryable: bool,
        retry_after: float | None = None,
        fields: Mapping[str, Sequence[str]] | None = None,
        field_names: Mapping[str, str] | None = None,
        raw: Mapping[str, Any] | None = None,
        **params: object,
    ) -> None:
        super().__init__(f"{code}: {key}")
        self.code = code
        self.key = key
        self.params = params
        self.retryable = retryable
        self.retry_after = retry_after
        self.fields = {name: tuple(texts) for name, texts in (fields or {}).items()}
        self.field_names = dict(field_names or {})
        """A field of :attr:`fields` (``receiver.phone``) in words (``telefon odbiorcy``),
        in the language of the complaints; :meth:`message` shows it instead of the key."""
        self.raw = dict(raw or {})

    def message(self, language: Language = "pl") -> str:
        """The reason in words, with the per-field complaints appended."""
        text = t(self.key, language, **self.params)
        if self.fields:
            parts = "; ".join(
                f"{self.field_names.get(name, name)}: {', '.join(texts)}"
                for name, texts in self.fields.items()
            )
            text = f"{text} ({parts})"
        return text


class Carrier(Protocol):
    """One courier integration.  Every method may raise :class:`CarrierError`."""

    name: str
    """``inpost``, ``allegro``, ``own``."""

    async def find(self, request: ShipmentRequest) -> CarrierShipment | None:
        """The shipment the carrier already has for ``request`` (by its key or reference),
        not cancelled; None when there is none.  Called before :meth:`create`."""

    async def create(self, request: ShipmentRequest) -> CarrierShipment:
        """Create (and, where the carrier buys asynchronously, start buying) the shipment."""

    async def refresh(self, shipment: CarrierShipment) -> CarrierShipment:
        """The shipment as the carrier reports it now (poll until CONFIRMED or FAILED)."""

    async def labels(self, shipment: CarrierShipment, request: ShipmentRequest) -> list[LabelFile]:
        """The labels of a CONFIRMED shipment, one per parcel in parcel order, in
        ``request.label_format`` where the carrier offers it (else what it gives)."""

    async def cancel(self, shipment: CarrierShipment) -> CarrierShipment:
        """Cancel the shipment (``invalid_action`` when the carrier no longer allows it)."""

    async def tracking(self, shipment: CarrierShipment) -> Tracking:
        """Where the shipment is now."""
