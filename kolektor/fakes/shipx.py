"""A faithful fake of InPost ShipX on loopback, for tests and ``make demo``.

It answers the calls Kolektor makes, with ShipX's paths, shapes, statuses and error bodies
(``couriers.md`` §1; ShipX docs 18153485, 18153501, 18153509, 18153512, 28639229):

==========================================================  ==================================
``POST /v1/organizations/{org}/shipments``                  create (simplified mode), 201
``GET /v1/organizations/{org}/shipments``                   list, newest first, filters
``GET /v1/shipments/{id}``                                  one shipment
``GET /v1/shipments/{id}/label?format=Zpl|Pdf&type=…``      labels, once bought
``DELETE /v1/shipments/{id}``                               cancel before purchase, 204
``GET /v1/tracking/{tracking_number}``                      public tracking (no token)
``GET /v1/statuses?lang=pl_PL|en_GB``                       status titles (no token)
==========================================================  ==================================

Behaviour:

* Every call but tracking and statuses needs ``Authorization: Bearer <token>`` (401
  otherwise) and the fake's organization (403 for another).
* Create validates like ShipX (:mod:`.shipx_rules`; 400 ``validation_failed`` with
  ``details``), answers ``created`` at once and buys asynchronously: the shipment becomes
  ``confirmed`` — 24-digit tracking numbers per parcel — at the ``confirm_after_gets``-th
  read of it, or ``confirm_after`` seconds (Trio's clock) after creation.  After
  :meth:`ShipXFake.refuse_purchases` new shipments stop at ``offers_prepared`` with every
  offer ``unavailable``.
* Labels exist only once bought (``invalid_action`` before); cancelling works only before
  (``invalid_action`` after).  :meth:`ShipXFake.set_status` moves a shipment on
  (``delivered``…) for tracking.
* The list honours ``reference`` (switch it off with ``reference_filter=False`` to behave
  like a ShipX that ignores the undocumented filter), ``id``, ``status``, ``service``,
  ``tracking_number`` and ``created_at_gteq``, ``page``/``per_page``.
* Faults for the next calls, optionally only for one method and path prefix:
  :meth:`~ShipXFake.fail` (any status, e.g. 500/502/503, 429 with ``Retry-After``, 401),
  :meth:`~ShipXFake.slow` (the call takes effect, the answer comes late),
  :meth:`~ShipXFake.drop` (the connection closes without an answer, before or after the
  call took effect) and :meth:`~ShipXFake.garble` (an answer that is not what it claims).
* For tests: :attr:`~ShipXFake.received` (every request, without its token),
  :attr:`~ShipXFake.created` (shipments created per reference: "exactly one").

Run alone: ``python -m kolektor.fakes.shipx --port 8601 --token demo --organization 1
--latency 0.3`` (prints its URL; loopback only).
"""

from __future__ import annotations

import argparse
import dataclasses
import io
import json
import logging
import random
import re
import zipfile
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Final

import trio

from kolektor.fakes import shipx_labels, shipx_rules
from kolektor.fakes.shipx_http import DROP, Answer, Incoming, serve
from kolektor.logs import log_event

logger = logging.getLogger(__name__)

PENDING: Final = frozenset({"created", "offers_prepared", "offer_selected"})
DPI300: Final = frozenset(
    {"inpost_locker_standard", "inpost_locker_allegro", "inpost_locker_pass_thru",
     "inpost_letter_allegro", "inpost_courier_allegro", "inpost_courier_c2c"}
)  # fmt: skip

STATUSES: Final[dict[str, tuple[str, str]]] = {
    "created": ("Przesyłka utworzona.", "Shipment created."),
    "offers_prepared": ("Przygotowano oferty.", "Offers prepared."),
    "offer_selected": ("Oferta wybrana.", "Offer selected."),
    "confirmed": ("Przygotowana przez Nadawcę.", "Prepared by the sender."),
    "dispatched_by_sender": ("Paczka nadana w automacie Paczkomat.",
                             "Parcel posted at a parcel locker."),
    "collected_from_sender": ("Odebrana od klienta.", "Collected from the sender."),
    "taken_by_courier": ("Odebrana od Nadawcy.", "Taken by the courier."),
    "adopted_at_sorting_center": ("Przyjęta w Sortowni.", "Accepted at the sorting centre."),
    "out_for_delivery": ("Wydana do doręczenia.", "Out for delivery."),
    "ready_to_pickup": ("Umieszczona w automacie Paczkomat (odbiorczym).",
                        "Ready for pickup at the parcel locker."),
    "delivered": ("Dostarczona.", "Delivered."),
    "returned_to_sender": ("Zwrot do nadawcy.", "Returned to the sender."),
    "canceled": ("Anulowano etykietę.", "Label cancelled."),
}  # fmt: skip
"""Status titles the fake's ``/v1/statuses`` gives (its own wording)."""

_SHIPMENT_PATH: Final = re.compile(r"^/v1/shipments/(\d+)(/label)?$")
_ORG_PATH: Final = re.compile(r"^/v1/organizations/([^/]+)/shipments$")


@dataclass
class Fault:
    """What the next matching calls get instead of (or after) their normal answer."""

    answer: Answer | None
    """None: close the connection without answering."""
    times: int
    method: str | None = None
    path: str | None = None
    """A path prefix, e.g. ``/v1/shipments``."""
    process: bool = False
    """Whether the call takes effect before the fault (a created shipment exists)."""
    delay: float = 0.0

    def matches(self, incoming: Incoming) -> bool:
        return (
            self.times > 0
            and (self.method is None or self.method == incoming.method)
            and (self.path is None or incoming.path.startswith(self.path))
        )


@dataclass(frozen=True, slots=True)
class Received:
    """A request the fake got (the token itself is not kept)."""

    method: str
    path: str
    query: dict[str, str]
    body: Any
    """The JSON body, or None."""
    headers: dict[str, str]
    """Without ``authorization``."""
    authorized: bool


def _json_answer(status: int, data: Any, **headers: str) -> Answer:
    return Answer(status, json.dumps(data, ensure_ascii=False).encode("utf-8"),
                  headers=dict(headers))  # fmt: skip


def shipx_error(status: int, error: str, message: str, details: Any = None) -> Answer:
    """ShipX's error body (ShipX docs 28639229)."""
    return _json_answer(status, {"status": status, "error": error, "message": message,
                                 "details": details if details is not None else {}})  # fmt: skip


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")


@dataclass
class _Meta:
    created_at: float
    gets: int = 0
    refused: tuple[str, str] | None = None
    history: list[tuple[str, str]] = field(default_factory=list)


class ShipXFake:
    """One ShipX organization in memory; :meth:`serve` it in a nursery."""

    def __init__(
        self,
        *,
        token: str,
        organization_id: int = 1,
        latency: float = 0.0,
        confirm_after_gets: int | None = 1,
        confirm_after: float | None = None,
        reference_filter: bool = True,
        per_page: int = 25,
        zip_labels: bool = False,
        seed: int = 0,
    ) -> None:
        self.token = token
        self.organization_id = organization_id
        self.latency = latency
        self.confirm_after_gets = confirm_after_gets
        self.confirm_after = confirm_after
        self.reference_filter = reference_filter
        self.per_page = per_page
        self.zip_labels = zip_labels
        self.port = 0
        self.shipments: dict[int, dict[str, Any]] = {}
        self.created: Counter[str] = Counter()
        """Shipments created per reference."""
        self.received: list[Received] = []
        self._meta: dict[int, _Meta] = {}
        self._faults: list[Fault] = []
        self._refusal: tuple[str, str] | None = None
        self._next_id = 1001
        self._random = random.Random(seed)
        self._numbers: set[str] = set()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    async def serve(
        self, *, port: int = 0, task_status: trio.TaskStatus[str] = trio.TASK_STATUS_IGNORED
    ) -> None:
        """Listen on 127.0.0.1:``port`` until cancelled; reports the URL once listening."""

        async def listen(task_status: trio.TaskStatus[int]) -> None:
            await serve(self.handle, port=port, task_status=task_status)

        async with trio.open_nursery() as nursery:
            self.port = await nursery.start(listen)
            log_event(logger, "fake.shipx.listening", url=self.url)
            task_status.started(self.url)

    # -- faults -------------------------------------------------------------------------

    def fail(
        self,
        status: int = 500,
        *,
        times: int = 1,
        method: str | None = None,
        path: str | None = None,
        retry_after: float | None = None,
        error: str | None = None,
    ) -> None:
        """The next ``times`` matching calls answer ``status`` with ShipX's error body
        (and ``Retry-After`` when given) without taking effect."""
        words = {401: "unauthorized", 403: "access_forbidden", 404: "resource_not_found",
                 429: "too_many_requests"}  # fmt: skip
        answer = shipx_error(status, error or words.get(status, "internal_server_error"),
                             f"Injected failure {status}.")  # fmt: skip
        if retry_after is not None:
            answer = dataclasses.replace(answer, headers={"Retry-After": f"{retry_after:g}"})
        self._faults.append(Fault(answer, times, method, path))

    def slow(
        self, seconds: float, *, times: int = 1, method: str | None = None, path: str | None = None
    ) -> None:
        """The next matching calls take effect, but their answer comes ``seconds`` late."""
        self._faults.append(Fault(None, times, method, path, process=True, delay=seconds))

    def drop(
        self,
        *,
        times: int = 1,
        method: str | None = None,
        path: str | None = None,
        after_processing: bool = False,
    ) -> None:
        """The next matching calls get their connection closed without an answer — after
        taking effect when ``after_processing`` (the shipment exists, the client saw an
        error)."""
        self._faults.append(Fault(None, times, method, path, process=after_processing))

    def garble(
        self,
        body: bytes,
        *,
        content_type: str = "text/html",
        status: int = 200,
        times: int = 1,
        method: str | None = None,
        path: str | None = None,
        after_processing: bool = False,
    ) -> None:
        """The next matching calls answer ``body`` as ``content_type`` (an HTML error page
        from a proxy, JSON cut short, a "label" that is not one)."""
        answer = Answer(status, body, content_type)
        self._faults.append(Fault(answer, times, method, path, process=after_processing))

    def refuse_purchases(self, key: str = "insufficient_funds",
                         description: str = "Brak środków na koncie.") -> None:  # fmt: skip
        """Shipments created from now on are never bought: ``offers_prepared`` with every
        offer ``unavailable`` for ``key``."""
        self._refusal = (key, description)

    def set_status(self, shipment_id: int, status: str) -> None:
        """Move a shipment to ``status`` (``delivered``…), as InPost's network would."""
        shipment = self.shipments[shipment_id]
        if shipment["status"] in PENDING and status not in PENDING | {"canceled"}:
            self._confirm(shipment_id)
        self._set(shipment_id, status)

    def shipments_with(self, reference: str) -> list[dict[str, Any]]:
        return [s for s in self.shipments.values() if s.get("reference") == reference]

    # -- dispatch -------------------------------------------------------------------------

    def _take_fault(self, incoming: Incoming) -> Fault | None:
        for fault in self._faults:
            if fault.matches(incoming):
                fault.times -= 1
                return fault
        return None

    async def handle(self, incoming: Incoming) -> Answer:
        """Answer one request (faults, latency and all)."""
        authorized = incoming.headers.get("authorization") == f"Bearer {self.token}"
        try:
            body = json.loads(incoming.body) if incoming.body else None
        except ValueError:
            body = None
        headers = {k: v for k, v in incoming.headers.items() if k != "authorization"}
        self.received.append(Received(incoming.method, incoming.path, dict(incoming.query),
                                      body, headers, authorized))  # fmt: skip
        echo = {"X-Request-ID": incoming.headers.get("x-request-id", "")}
        fault = self._take_fault(incoming)
        if fault is not None and not fault.process:
            return DROP if fault.answer is None else self._late(fault.answer, echo)
        try:
            answer = await self._route(incoming, authorized)
        except Exception as error:  # the fake must answer, whatever went wrong inside it
            log_event(logger, "fake.shipx.crashed", logging.ERROR, error=repr(error))
            answer = shipx_error(500, "internal_server_error", "Fake failure.")
        if fault is not None:
            if fault.answer is not None:
                return self._late(fault.answer, echo)
            if not fault.delay:
                return DROP
            return self._late(dataclasses.replace(answer, delay=fault.delay), echo)
        return self._late(answer, echo)

    def _late(self, answer: Answer, echo: Mapping[str, str]) -> Answer:
        return dataclasses.replace(
            answer, delay=answer.delay + self.latency, headers={**echo, **answer.headers}
        )

    async def _route(self, incoming: Incoming, authorized: bool) -> Answer:
        method, path = incoming.method, incoming.path
        if method == "GET" and path == "/v1/statuses":
            return self._statuses(incoming.query.get("lang", "pl_PL"))
        if method == "GET" and path.startswith("/v1/tracking/"):
            return self._tracking(path.removeprefix("/v1/tracking/"))
        if not authorized:
            return shipx_error(401, "unauthorized", "Token is missing or invalid.")
        if match := _ORG_PATH.match(path):
            if match.group(1) != str(self.organization_id):
                return shipx_error(403, "access_forbidden", "Access to this resource is forbidden.")
            if method == "POST":
                return self._create(incoming.body)
            if method == "GET":
                return self._list(incoming.query)
        elif match := _SHIPMENT_PATH.match(path):
            shipment_id = int(match.group(1))
            if shipment_id not in self.shipments:
                return shipx_error(404, "resource_not_found", "Resource not found.")
            if match.group(2) and method == "GET":
                return await self._label(shipment_id, incoming.query)
            if not match.group(2) and method == "GET":
                self._meta[shipment_id].gets += 1
                return _json_answer(200, self._read(shipment_id))
            if not match.group(2) and method == "DELETE":
                return self._cancel(shipment_id)
        return shipx_error(404, "resource_not_found", "Resource not found.")

    # -- shipments ------------------------------------------------------------------------

    def _create(self, raw: bytes) -> Answer:
        try:
            body = json.loads(raw)
        except ValueError:
            return shipx_error(400, "invalid_parameter", "Request body is not valid JSON.")
        details = shipx_rules.validate(body)
        if details:
            return shipx_error(400, "validation_failed",
                               "There are some validation errors. Check details object for "
                               "more info.", details)  # fmt: skip
        shipment_id, self._next_id = self._next_id, self._next_id + 1
        service = body["service"]
        attributes = dict(body.get("custom_attributes") or {})
        if str(attributes.get("target_point", "")).startswith("POP-"):
            service = "inpost_locker_customer_service_point"  # ShipX docs 47186432
        now = _now()
        parcels = [
            {"id": str(p.get("id") or index), "identify_number": None, "tracking_number": None,
             "is_non_standard": bool(p.get("is_non_standard", False)),
             "template": p.get("template"), "dimensions": p.get("dimensions"),
             "weight": p.get("weight")}
            for index, p in enumerate(body["parcels"], 1)
        ]  # fmt: skip
        self.shipments[shipment_id] = {
            "href": f"{self.url}/v1/shipments/{shipment_id}", "id": shipment_id,
            "status": "created", "tracking_number": None, "return_tracking_number": None,
            "service": service, "reference": body.get("reference"), "is_return": False,
            "application_id": None, "created_by_id": 1, "external_customer_id": None,
            "sending_method": attributes.get("sending_method"), "mpk": body.get("mpk"),
            "comments": body.get("comments"), "end_of_week_collection": False,
            "additional_services": body.get("additional_services") or [],
            "custom_attributes": attributes, "cod": body.get("cod"),
            "insurance": body.get("insurance"), "sender": body.get("sender"),
            "receiver": body.get("receiver"), "selected_offer": None, "offers": [],
            "transactions": [], "parcels": parcels, "created_at": now, "updated_at": now,
        }  # fmt: skip
        self._meta[shipment_id] = _Meta(trio.current_time(), refused=self._refusal,
                                        history=[("created", now)])  # fmt: skip
        self.created[str(body.get("reference"))] += 1
        return _json_answer(201, self.shipments[shipment_id])

    def _read(self, shipment_id: int) -> dict[str, Any]:
        """The shipment now, bought if its time has come."""
        meta, shipment = self._meta[shipment_id], self.shipments[shipment_id]
        if shipment["status"] == "created":
            due = (
                self.confirm_after_gets is not None and meta.gets >= self.confirm_after_gets
            ) or (
                self.confirm_after is not None
                and trio.current_time() - meta.created_at >= self.confirm_after
            )
            if due and meta.refused:
                self._offers(shipment_id, available=False)
            elif due:
                self._confirm(shipment_id)
        return shipment

    def _offers(self, shipment_id: int, *, available: bool) -> dict[str, Any]:
        shipment = self.shipments[shipment_id]
        refused = self._meta[shipment_id].refused
        offer = {
            "id": shipment_id * 10, "carrier": {"id": "inpost", "name": "InPost"},
            "service": {"id": shipment["service"]}, "status": "available" if available
            else "unavailable", "rate": None, "currency": "PLN", "expires_at": None,
            "additional_services": [], "unavailability_reasons": [] if available or not refused
            else [{"key": refused[0], "description": refused[1]}],
        }  # fmt: skip
        shipment["offers"] = [offer]
        if not available:
            self._set(shipment_id, "offers_prepared")
        return offer

    def _number(self) -> str:
        while True:
            number = f"6{self._random.randrange(10**22):023d}"
            if number not in self._numbers:
                self._numbers.add(number)
                return number

    def _confirm(self, shipment_id: int) -> None:
        shipment = self.shipments[shipment_id]
        offer = self._offers(shipment_id, available=True)
        shipment["selected_offer"] = {**offer, "status": "bought"}
        shipment["transactions"] = [{"id": shipment_id, "status": "success",
                                     "offer_id": offer["id"], "created_at": _now()}]  # fmt: skip
        for parcel in shipment["parcels"]:
            parcel["tracking_number"] = self._number()
        shipment["tracking_number"] = shipment["parcels"][0]["tracking_number"]
        self._set(shipment_id, "confirmed")

    def _set(self, shipment_id: int, status: str) -> None:
        now = _now()
        self.shipments[shipment_id].update(status=status, updated_at=now)
        self._meta[shipment_id].history.append((status, now))

    def _list(self, query: Mapping[str, str]) -> Answer:
        items = [self._read(shipment_id) for shipment_id in sorted(self.shipments)]
        try:
            items = [item for item in items if self._wanted(item, query)]
            page = max(1, int(query.get("page", "1")))
            per_page = max(1, min(100, int(query.get("per_page", str(self.per_page)))))
        except ValueError:
            return shipx_error(400, "invalid_parameter", "Invalid search parameter.")
        descending = query.get("sort_order", "desc") != "asc"
        key = query.get("sort_by", "created_at")
        if key not in ("created_at", "id"):
            return shipx_error(400, "invalid_parameter", "Invalid sort_by.",
                               {"sort_by": ["invalid"]})  # fmt: skip
        items.sort(key=lambda item: (item[key], item["id"]), reverse=descending)
        window = items[(page - 1) * per_page : page * per_page]
        return _json_answer(200, {
            "href": f"{self.url}/v1/organizations/{self.organization_id}/shipments",
            "count": len(items), "page": page, "per_page": per_page, "items": window,
        })  # fmt: skip

    def _wanted(self, item: Mapping[str, Any], query: Mapping[str, str]) -> bool:
        """ShipX's search criteria (ShipX docs 18153512), plus ``reference``."""
        if "id" in query and str(item["id"]) not in query["id"].split(","):
            return False
        if "status" in query and item["status"] not in query["status"].split(","):
            return False
        if "service" in query and item["service"] not in query["service"].split(","):
            return False
        if "tracking_number" in query and query["tracking_number"] not in {
            p["tracking_number"] for p in item["parcels"]
        }:
            return False
        if (
            self.reference_filter
            and "reference" in query
            and (item.get("reference") != query["reference"])
        ):
            return False
        if "created_at_gteq" in query:
            since = query["created_at_gteq"]
            moment = (datetime.fromtimestamp(int(since), UTC) if since.isdigit()
                      else datetime.fromisoformat(since))  # fmt: skip
            if datetime.fromisoformat(item["created_at"]) < moment:
                return False
        return True

    def _cancel(self, shipment_id: int) -> Answer:
        if self._read(shipment_id)["status"] not in PENDING:
            return shipx_error(400, "invalid_action", "Action is not allowed for this shipment.")
        self._set(shipment_id, "canceled")
        return Answer(204)

    async def _label(self, shipment_id: int, query: Mapping[str, str]) -> Answer:
        shipment = self._read(shipment_id)
        if shipment["status"] in PENDING | {"canceled"}:
            return shipx_error(400, "invalid_action", "Label is not available yet.")
        kind, size = query.get("format", "Pdf"), query.get("type", "normal")
        if (
            kind not in ("Pdf", "Zpl")
            or size not in ("normal", "A6", "dpi300")
            or (size == "dpi300" and (kind != "Zpl" or shipment["service"] not in DPI300))
        ):
            return shipx_error(
                400,
                "invalid_parameter",
                "Invalid label format or type.",
                {"format" if kind not in ("Pdf", "Zpl") else "type": ["invalid"]},
            )
        if kind == "Pdf":
            content = await trio.to_thread.run_sync(shipx_labels.pdf, shipment)
            return Answer(
                200,
                content,
                "application/pdf",
                {"Content-Disposition": f'attachment; filename="{shipment_id}.pdf"'},
            )
        labels = shipx_labels.zpl(shipment, dpmm=12 if size == "dpi300" else 8)
        if self.zip_labels and len(shipment["parcels"]) > 1:
            return Answer(200, self._zip(shipment_id, labels), "application/zip")
        return Answer(
            200,
            labels.encode("utf-8"),
            "text/plain; charset=utf-8",
            {"Content-Disposition": f'attachment; filename="{shipment_id}.zpl"'},
        )

    @staticmethod
    def _zip(shipment_id: int, labels: str) -> bytes:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            for index, block in enumerate(re.findall(r"\^XA.*?\^XZ", labels, re.DOTALL), 1):
                archive.writestr(f"{shipment_id}_{index:02d}.zpl", block)
        return buffer.getvalue()

    def _tracking(self, number: str) -> Answer:
        for shipment_id, shipment in self.shipments.items():
            if number in {p["tracking_number"] for p in shipment["parcels"]}:
                history = self._meta[shipment_id].history
                return _json_answer(200, {
                    "tracking_number": number, "type": shipment["service"],
                    "service": shipment["service"], "status": shipment["status"],
                    "custom_attributes": shipment["custom_attributes"],
                    "tracking_details": [
                        {"status": status, "origin_status": status.upper(), "agency": None,
                         "datetime": moment}
                        for status, moment in reversed(history)
                    ],
                    "expected_flow": [], "created_at": shipment["created_at"],
                    "updated_at": shipment["updated_at"],
                })  # fmt: skip
        return shipx_error(404, "resource_not_found", "Resource not found.")

    @staticmethod
    def _statuses(lang: str) -> Answer:
        english = lang.lower().startswith("en")
        return _json_answer(200, {
            "href": "/v1/statuses",
            "items": [{"name": name, "title": titles[1 if english else 0], "description": ""}
                      for name, titles in STATUSES.items()],
        })  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    """``python -m kolektor.fakes.shipx``: serve a ShipX fake on 127.0.0.1 until Ctrl-C."""
    parser = argparse.ArgumentParser(prog="python -m kolektor.fakes.shipx",
                                     description="InPost ShipX fake on loopback.")  # fmt: skip
    parser.add_argument("--port", type=int, default=0, help="port on 127.0.0.1 (0: any)")
    parser.add_argument("--token", required=True, help="the API token it accepts")
    parser.add_argument("--organization", type=int, default=1, help="organization id")
    parser.add_argument("--latency", type=float, default=0.0, help="seconds per answer")
    parser.add_argument("--confirm-after", type=float, default=1.0,
                        help="seconds until a new shipment is bought")  # fmt: skip
    args = parser.parse_args(argv)
    fake = ShipXFake(token=args.token, organization_id=args.organization, latency=args.latency,
                     confirm_after_gets=None, confirm_after=args.confirm_after)  # fmt: skip

    async def run() -> None:
        async with trio.open_nursery() as nursery:
            url = await nursery.start(
                lambda task_status: fake.serve(port=args.port, task_status=task_status)
            )
            print(url, flush=True)

    try:
        trio.run(run)
    except KeyboardInterrupt:
        return 0
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
