"""InPost ShipX: parcel lockers (Paczkomat®) and InPost's couriers, as a
:class:`~kolektor.shipping.carrier.Carrier`.

ShipX is InPost's REST API (``https://api-shipx-pl.easypack24.net``; the sandbox at
``https://sandbox-api-shipx-pl.easypack24.net``, ShipX docs 18153477).  A shop's token and
organization id come from *Manager Paczek → Moje konto → API*.  Every call sends
``Authorization: Bearer <token>``, ``Accept-Language: pl_PL`` and a fresh ``X-Request-ID``
(kept in ``raw`` for InPost's support).

The life of a shipment (ShipX docs 18153485, 18153501):

1. :meth:`InPostCarrier.create` posts it in *simplified mode* (the body names the service,
   :mod:`.inpost_request`); ShipX answers at once with status ``created`` and buys the
   offer asynchronously: ``created`` → ``offers_prepared`` → ``offer_selected`` →
   ``confirmed``.  Those first three are PENDING; ``confirmed`` and every later status
   (``dispatched_by_sender``, ``delivered``…) are CONFIRMED — bought, with tracking numbers
   (24 digits, ``parcels[].tracking_number``) and labels.
2. :meth:`~InPostCarrier.refresh` polls ``GET /v1/shipments/{id}`` every
   :attr:`InPostSettings.poll_interval` seconds until CONFIRMED.  A shipment whose every
   offer is ``unavailable`` (e.g. a prepaid account without funds) will never be bought:
   FAILED, with ShipX's ``unavailability_reasons`` as the errors (documentation-only:
   the field's shape is from ``michalbiarda/shipx-php-sdk`` ``Model/Offer.php``).
3. :meth:`~InPostCarrier.labels` fetches ``GET /v1/shipments/{id}/label`` (only once
   confirmed; before that ShipX answers ``invalid_action``).
4. :meth:`~InPostCarrier.cancel` is ``DELETE /v1/shipments/{id}``, which ShipX allows only
   before the purchase; afterwards only *Manager Paczek* can cancel (``invalid_action``).

**A lost answer.**  A timeout or a broken connection after ``POST`` leaves it unknown
whether ShipX created the shipment; the error then says so (``inpost.timeout.create``,
``inpost.unavailable.create``) and the caller must call :meth:`~InPostCarrier.find` before
creating again.  ``find`` looks the shipment up by its reference (the ZK number).  The
``reference`` filter of ``GET /v1/organizations/{id}/shipments`` is *not* among ShipX's
documented search criteria (ShipX docs 18153512 lists id, dates, tracking number, status,
service, receiver and sender fields…), so Kolektor sends it and also checks every item's
``reference`` itself, newest first, within :attr:`InPostSettings.find_lookback_days`; if
the list is too long to read whole, ``find`` says it could not tell
(``find_incomplete``) instead of answering "none".

The client never retries by itself: a :class:`CarrierError` says whether trying again can
help (``retryable``, ``retry_after``) and the label step retries with back-off.
"""

from __future__ import annotations

import dataclasses
import logging
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from types import TracebackType
from typing import Any, Final, Literal

import httpx
import trio

from kolektor import __version__
from kolektor.i18n import Language
from kolektor.logs import log_event
from kolektor.shipping import inpost_errors
from kolektor.shipping.carrier import (
    CarrierError,
    CarrierShipment,
    LabelFile,
    ShipmentRequest,
    ShipmentState,
    Tracking,
)
from kolektor.shipping.inpost_labels import label_files
from kolektor.shipping.inpost_request import shipment_body

logger = logging.getLogger(__name__)

PRODUCTION_URL: Final = "https://api-shipx-pl.easypack24.net"
SANDBOX_URL: Final = "https://sandbox-api-shipx-pl.easypack24.net"

PENDING_STATUSES: Final = frozenset({"created", "offers_prepared", "offer_selected"})
CANCELLED_STATUSES: Final = frozenset({"canceled", "cancelled"})
BOUGHT_STATUSES: Final = frozenset(
    {
        "confirmed", "dispatched_by_sender", "dispatched_by_sender_to_pok", "collected_from_sender",
        "taken_by_courier", "adopted_at_source_branch", "sent_from_source_branch",
        "adopted_at_sorting_center", "sent_from_sorting_center", "adopted_at_target_branch",
        "out_for_delivery", "ready_to_pickup", "pickup_reminder_sent", "avizo",
        "stack_in_box_machine", "stack_in_customer_service_point", "delivered",
        "returned_to_sender", "rejected_by_receiver", "undelivered", "oversized", "missing",
        "claim_created", "pickup_time_expired",
    }
)  # fmt: skip
"""Statuses after the purchase (``python-sendparcel-inpost`` ``status_mapping.py``; the
live list is ``GET /v1/statuses``).  An unknown status counts as bought when the shipment
has a tracking number."""

DPI300_SERVICES: Final = frozenset(
    {
        "inpost_locker_standard", "inpost_locker_allegro", "inpost_locker_pass_thru",
        "inpost_letter_allegro", "inpost_courier_allegro", "inpost_courier_c2c",
    }
)  # fmt: skip
"""Services whose ZPL label ShipX renders at 300 dpi (``type=dpi300``, ShipX docs
18153509); the others' ZPL is 203 dpi."""

Operation = Literal["create", "find", "refresh", "labels", "cancel", "tracking", "statuses"]


@dataclass(frozen=True, slots=True)
class InPostSettings:
    """One ShipX account."""

    base_url: str
    """:data:`PRODUCTION_URL`, :data:`SANDBOX_URL` or a fake's URL."""
    organization_id: int
    token: str = dataclasses.field(repr=False)
    """The API token (secret: sealed at rest, never logged)."""
    timeout: float = 20.0
    """Seconds for each call (connect, send, answer)."""
    user_agent: str = f"Kolektor/{__version__}"
    language: Language = "pl"
    """The language of the complaints in validation errors and of status titles."""
    poll_interval: float = 2.0
    """Seconds between :meth:`InPostCarrier.refresh` calls while a shipment is pending."""
    find_lookback_days: int = 30
    """How far back :meth:`InPostCarrier.find` looks for a shipment by reference."""
    find_max_pages: int = 20
    """How many pages of the shipment list ``find`` reads before it gives up."""
    statuses_ttl: float = 24 * 3600.0
    """Seconds the status titles of ``GET /v1/statuses`` are kept."""


def _text(value: Any) -> str:
    return "" if value is None else str(value)


class InPostCarrier:
    """The ShipX client; one ``httpx.AsyncClient`` per instance, closed by :meth:`aclose`."""

    name = "inpost"

    def __init__(self, settings: InPostSettings) -> None:
        self.settings = settings
        self._client = httpx.AsyncClient(
            base_url=settings.base_url.rstrip("/"),
            timeout=httpx.Timeout(settings.timeout),
            headers={
                "Authorization": f"Bearer {settings.token}",
                "Accept-Language": "pl_PL",
                "User-Agent": settings.user_agent,
                "X-User-Agent": "Kolektor",
                "X-User-Agent-Version": __version__,
            },
        )
        self._statuses: dict[str, str] = {}
        self._statuses_at: float | None = None

    async def aclose(self) -> None:
        await self._client.aclose()

    async def __aenter__(self) -> InPostCarrier:
        return self

    async def __aexit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    # -- the Carrier protocol -----------------------------------------------------------

    async def find(self, request: ShipmentRequest) -> CarrierShipment | None:
        """The newest not-cancelled shipment whose ``reference`` is ``request.reference``,
        or None — see the module's docstring for why every item is checked."""
        since = datetime.now(UTC) - timedelta(days=self.settings.find_lookback_days)
        path = f"/v1/organizations/{self.settings.organization_id}/shipments"
        matches: list[Mapping[str, Any]] = []
        for page in range(1, self.settings.find_max_pages + 1):
            params = {
                "reference": request.reference, "created_at_gteq": since.isoformat(),
                "sort_by": "created_at", "sort_order": "desc", "page": str(page),
            }  # fmt: skip
            response = await self._call("GET", path, "find", params=params)
            body = self._json(response)
            items, count, per_page = self._page(body)
            matches.extend(
                item for item in items
                if _text(item.get("reference")) == request.reference
                and _text(item.get("status")) not in CANCELLED_STATUSES
            )  # fmt: skip
            if matches or not items or page * per_page >= count:
                break  # newest first: the first page with a match has the newest one
        else:
            raise CarrierError(
                "find_incomplete", "inpost.find_incomplete", retryable=False,
                reference=request.reference, pages=self.settings.find_max_pages,
                days=self.settings.find_lookback_days,
            )  # fmt: skip
        if not matches:
            return None
        newest = max(matches, key=lambda item: (_text(item.get("created_at")), _id_order(item)))
        return self._shipment(newest)

    async def create(self, request: ShipmentRequest) -> CarrierShipment:
        """Create and start buying the shipment (simplified mode).  On a CarrierError whose
        code is ``timeout`` or ``unavailable`` the shipment may exist: call :meth:`find`
        before creating it again."""
        body = shipment_body(request)
        path = f"/v1/organizations/{self.settings.organization_id}/shipments"
        response = await self._call("POST", path, "create", json=body)
        shipment = self._shipment(self._json(response))
        log_event(logger, "inpost.created", shipment=shipment.shipment_id,
                  reference=request.reference, status=shipment.carrier_status)  # fmt: skip
        return shipment

    async def refresh(self, shipment: CarrierShipment) -> CarrierShipment:
        response = await self._call(
            "GET", f"/v1/shipments/{shipment.shipment_id}", "refresh", shipment=shipment
        )
        return self._shipment(self._json(response))

    async def labels(self, shipment: CarrierShipment, request: ShipmentRequest) -> list[LabelFile]:
        """One label per parcel: ZPL at 300 dpi where the service offers it and the printer
        is 300 dpi, else ZPL or PDF in A6 (courier services have no ``normal`` size)."""
        service = _text(shipment.raw.get("service")) or request.service
        if request.label_format == "pdf":
            params, dpi = {"format": "Pdf", "type": "A6"}, None
        elif request.dpi >= 300 and service in DPI300_SERVICES:
            params, dpi = {"format": "Zpl", "type": "dpi300"}, 300
        else:
            params, dpi = {"format": "Zpl", "type": "A6"}, 203
        path = f"/v1/shipments/{shipment.shipment_id}/label"
        try:
            response = await self._call(
                "GET", path, "labels", params=params, shipment=shipment, accept="*/*"
            )
        except CarrierError as error:
            if error.code != "invalid_action" or shipment.state is not ShipmentState.PENDING:
                raise
            raise CarrierError(
                "not_ready", "inpost.label_not_ready", retryable=True, raw=error.raw,
                shipment=shipment.shipment_id, status=shipment.carrier_status,
            ) from error  # fmt: skip
        parcels = shipment.raw.get("parcels")
        count = len(parcels) if isinstance(parcels, list) and parcels else len(request.parcels)
        return label_files(
            response.content, tracking_numbers=shipment.tracking_numbers, parcels=count, dpi=dpi
        )

    async def cancel(self, shipment: CarrierShipment) -> CarrierShipment:
        """Cancel a shipment not bought yet.  Cancelling one ShipX already shows as
        cancelled succeeds; a bought one is ``invalid_action`` (cancel it in Manager
        Paczek)."""
        path = f"/v1/shipments/{shipment.shipment_id}"
        try:
            await self._call("DELETE", path, "cancel", shipment=shipment)
        except CarrierError as error:
            if error.code != "invalid_action":
                raise
            now = await self.refresh(shipment)
            if now.state is ShipmentState.CANCELLED:
                return now
            if now.state is not ShipmentState.CONFIRMED:
                raise
            raise CarrierError(
                "invalid_action", "inpost.cancel_after_purchase", retryable=False,
                raw=error.raw, shipment=shipment.shipment_id,
            ) from error  # fmt: skip
        log_event(logger, "inpost.cancelled", shipment=shipment.shipment_id)
        return dataclasses.replace(
            shipment, state=ShipmentState.CANCELLED, carrier_status="canceled", poll_after=None
        )

    async def tracking(self, shipment: CarrierShipment) -> Tracking:
        """The status of the shipment's (first) tracking number, with its title from
        ``GET /v1/statuses`` (kept :attr:`InPostSettings.statuses_ttl` seconds; when
        that list cannot be had, the title is the status word itself)."""
        if not shipment.tracking_numbers:
            raise CarrierError("not_ready", "inpost.tracking_not_ready", retryable=True,
                               shipment=shipment.shipment_id)  # fmt: skip
        number = shipment.tracking_numbers[0]
        response = await self._call("GET", f"/v1/tracking/{number}", "tracking",
                                    shipment=shipment)  # fmt: skip
        body = self._json(response)
        status = body.get("status")
        if not isinstance(status, str) or not status:
            raise CarrierError("bad_answer", "inpost.bad_answer.missing", retryable=True,
                               raw=self._raw(response, body), field="status")  # fmt: skip
        titles = await self._status_titles()
        return Tracking(status=status, title=titles.get(status, status),
                        delivered=status == "delivered")  # fmt: skip

    # -- helpers --------------------------------------------------------------------------

    async def _status_titles(self) -> dict[str, str]:
        now = trio.current_time()
        if self._statuses_at is not None and now - self._statuses_at < self.settings.statuses_ttl:
            return self._statuses
        lang = "pl_PL" if self.settings.language == "pl" else "en_GB"
        try:
            response = await self._call("GET", "/v1/statuses", "statuses", params={"lang": lang})
            body = response.json()
        except (CarrierError, ValueError) as error:
            code = error.code if isinstance(error, CarrierError) else "bad_answer"
            log_event(logger, "inpost.statuses_unavailable", logging.WARNING, code=code)
            return self._statuses
        items = body.get("items") if isinstance(body, Mapping) else body  # documented: a list
        titles = {
            str(item["name"]): str(item.get("title") or item["name"])
            for item in (items if isinstance(items, list) else [])
            if isinstance(item, Mapping) and isinstance(item.get("name"), str)
        }
        self._statuses, self._statuses_at = titles, now
        return titles

    async def _call(
        self,
        method: str,
        path: str,
        operation: Operation,
        *,
        params: Mapping[str, str] | None = None,
        json: Any = None,
        shipment: CarrierShipment | None = None,
        accept: str = "application/json",
    ) -> httpx.Response:
        """One request; a non-2xx answer, a timeout or a broken connection is a
        :class:`CarrierError`."""
        request_id = str(uuid.uuid4())
        headers = {"X-Request-ID": request_id, "Accept": accept}
        raw: dict[str, Any] = {"request_id": request_id, "method": method, "path": path}
        try:
            response = await self._client.request(
                method, path, params=params, json=json, headers=headers
            )
        except httpx.ConnectTimeout as error:
            raise self._transport_error(operation, raw, connected=False) from error
        except httpx.TimeoutException as error:
            key = "inpost.timeout.create" if operation == "create" else "inpost.timeout"
            raise CarrierError("timeout", key, retryable=True, raw=raw,
                               seconds=self.settings.timeout) from error  # fmt: skip
        except httpx.ConnectError as error:
            raise self._transport_error(operation, raw, connected=False) from error
        except httpx.TransportError as error:
            raise self._transport_error(operation, raw, connected=True) from error
        if response.is_success:
            return response
        body = self._error_body(response)
        raw.update(status=response.status_code, body=body)
        refusal = inpost_errors.from_answer(
            response.status_code, body, retry_after=response.headers.get("Retry-After"),
            language=self.settings.language, raw=raw,
            organization=self.settings.organization_id,
            shipment=shipment.shipment_id if shipment else "",
        )  # fmt: skip
        log_event(
            logger, "inpost.refused", logging.WARNING, operation=operation,
            status=response.status_code, code=refusal.code, request_id=request_id,
        )  # fmt: skip
        raise refusal

    def _transport_error(
        self, operation: Operation, raw: Mapping[str, Any], *, connected: bool
    ) -> CarrierError:
        key = "inpost.unavailable.create" if connected and operation == "create" else (
            "inpost.unavailable.connection"
        )  # fmt: skip
        log_event(logger, "inpost.unreachable", logging.WARNING, operation=operation,
                  connected=connected)  # fmt: skip
        return CarrierError("unavailable", key, retryable=True, raw=raw)

    @staticmethod
    def _error_body(response: httpx.Response) -> Any:
        try:
            return response.json()
        except ValueError:
            return None

    @staticmethod
    def _raw(response: httpx.Response, body: Any) -> dict[str, Any]:
        return {
            "request_id": response.request.headers.get("X-Request-ID", ""),
            "status": response.status_code,
            "body": body,
        }

    def _json(self, response: httpx.Response) -> dict[str, Any]:
        """The answer's JSON object, or ``bad_answer`` naming what it is instead."""
        try:
            body = response.json()
        except ValueError as error:
            content_type = response.headers.get("Content-Type", "").split(";")[0] or "—"
            raise CarrierError(
                "bad_answer", "inpost.bad_answer.not_json", retryable=True,
                raw=self._raw(response, response.text[:500]), content_type=content_type,
            ) from error  # fmt: skip
        if not isinstance(body, dict):
            raise CarrierError("bad_answer", "inpost.bad_answer.missing", retryable=True,
                               raw=self._raw(response, body), field="{…}")  # fmt: skip
        return body

    def _page(self, body: Mapping[str, Any]) -> tuple[list[Mapping[str, Any]], int, int]:
        items, count, per_page = body.get("items"), body.get("count"), body.get("per_page")
        for field, value, kind in (("items", items, list), ("count", count, int)):
            if not isinstance(value, kind) or isinstance(value, bool):
                raise CarrierError("bad_answer", "inpost.bad_answer.missing", retryable=True,
                                   raw={"body": dict(body)}, field=field)  # fmt: skip
        assert isinstance(items, list) and isinstance(count, int)
        size = per_page if isinstance(per_page, int) and per_page > 0 else max(len(items), 1)
        return [item for item in items if isinstance(item, Mapping)], count, size

    def _shipment(self, data: Mapping[str, Any]) -> CarrierShipment:
        """ShipX's shipment object as a :class:`CarrierShipment`."""
        shipment_id, status = data.get("id"), data.get("status")
        for field, value in (("id", shipment_id), ("status", status)):
            if not isinstance(value, int | str) or isinstance(value, bool) or value == "":
                raise CarrierError("bad_answer", "inpost.bad_answer.missing", retryable=True,
                                   raw={"body": dict(data)}, field=field)  # fmt: skip
        status = str(status)
        listed = data.get("parcels")
        parcels: list[Any] = listed if isinstance(listed, list) else []
        numbers = tuple(
            str(p["tracking_number"]) for p in parcels
            if isinstance(p, Mapping) and p.get("tracking_number")
        )  # fmt: skip
        if not numbers and data.get("tracking_number"):
            numbers = (str(data["tracking_number"]),)
        package_ids = tuple(
            str(p["id"]) for p in parcels if isinstance(p, Mapping) and p.get("id") is not None
        )
        state, errors = _state(status, data, numbers)
        return CarrierShipment(
            carrier=self.name, shipment_id=str(shipment_id), state=state, carrier_status=status,
            tracking_numbers=numbers if state is not ShipmentState.PENDING else (),
            package_ids=package_ids, errors=errors, raw=dict(data),
            poll_after=self.settings.poll_interval if state is ShipmentState.PENDING else None,
        )  # fmt: skip


def _id_order(item: Mapping[str, Any]) -> int:
    value = item.get("id")
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def _state(
    status: str, data: Mapping[str, Any], numbers: tuple[str, ...]
) -> tuple[ShipmentState, tuple[str, ...]]:
    """The carrier-neutral state of a ShipX status, and why a FAILED one failed."""
    if status in CANCELLED_STATUSES:
        return ShipmentState.CANCELLED, ()
    if status in BOUGHT_STATUSES or (status not in PENDING_STATUSES and numbers):
        return ShipmentState.CONFIRMED, ()
    offers = data.get("offers")
    if (
        isinstance(offers, list) and offers
        and all(isinstance(o, Mapping) and o.get("status") == "unavailable" for o in offers)
    ):  # fmt: skip
        reasons = [
            _text(reason.get("description") or reason.get("key"))
            for offer in offers for reason in (offer.get("unavailability_reasons") or [])
            if isinstance(reason, Mapping)
        ]  # fmt: skip
        return ShipmentState.FAILED, tuple(dict.fromkeys(r for r in reasons if r)) or (status,)
    return ShipmentState.PENDING, ()
