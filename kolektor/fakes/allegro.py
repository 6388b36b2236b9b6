"""A fake Allegro on loopback: the OAuth host and the REST API in one server, every API
request and answer checked against Allegro's official OpenAPI file.

* **Requests** the spec would refuse get Allegro's refusal: a parameter or body field that
  breaks its schema → 400 (422 where the operation documents it) ``ErrorsHolder`` with the
  field's ``path``; a body that is not JSON → 400 "The object sent cannot be properly
  parsed" (#8799); a wrong ``Accept`` → 406 ``NotAcceptableException`` (#10603 — labels
  need ``application/octet-stream``); a wrong ``Content-Type`` → 415; a missing, unknown or
  expired token → 401.
* **Answers** the fake itself would send that break the spec are a bug in the fake: the
  request gets a 500 and :attr:`FakeAllegro.violations` records it; the test fixture fails
  on any.  Statuses an operation does not document (404 of delivery proposals, 429, 5xx)
  are checked against ``ErrorsHolder``.
* **429**: :meth:`FakeAllegro.block` starts a block of a minute; every API request during
  it is refused and extends it (#3454); :attr:`FakeAllegro.requests_during_block` counts
  them.
* **Faults**: :meth:`FakeAllegro.fail_next` answers a status, or delays an answer (before
  or after doing the work — a lost answer to a create that did happen).

In tests::

    fake = FakeAllegro()
    url = await fake.start(nursery)
    fake.add_app("client", "secret"); fake.add_seller("sklep_abc")

For the demo: ``python -m kolektor.fakes.allegro --port 8091 --seed seed.json`` (see
:func:`seed`); the page ``/skojarz-aplikacje`` lets a person confirm a device code.
"""

from __future__ import annotations

import argparse
import html
import json
import logging
import secrets
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

import trio
from hypercorn.config import Config as HypercornConfig
from hypercorn.trio import serve

from kolektor.fakes.allegro_auth import FakeClock, FakeOAuth, Seller
from kolektor.fakes.allegro_shipping import Answer, ShippingDesk, error
from kolektor.fakes.allegro_spec import Operation, Spec, load_spec

MEDIA = "application/vnd.allegro.public.v1+json"
BLOCK_SECONDS = 60.0
UNDOCUMENTED_ERRORS = {400, 404, 406, 415, 422, 429, 500, 502, 503}
"""Statuses answered with ``ErrorsHolder`` where an operation does not document them."""


@dataclass
class Received:
    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: bytes
    status: int = 0


@dataclass
class Fault:
    method: str
    path: str
    """A prefix of the request path."""
    status: int | None
    times: int
    delay: float
    after: bool
    """Do the work first, then delay the answer (a lost answer)."""


class SpecViolation(AssertionError):
    """The fake was about to answer something the spec does not allow."""


class FakeAllegro:
    """State, test hooks and the ASGI app of the fake."""

    def __init__(self, *, spec: Spec | None = None) -> None:
        self.spec = spec or load_spec()
        self.clock = FakeClock()
        self.sellers: dict[str, Seller] = {}
        self.oauth = FakeOAuth(self.clock)
        self.desk = ShippingDesk(self.clock, self.sellers)
        self.received: list[Received] = []
        self.violations: list[str] = []
        self.faults: list[Fault] = []
        self.blocked_until = float("-inf")
        self.requests_during_block = 0
        self.url = ""
        self.latency = 0.0
        """Seconds every answer takes (a real-world network and service, for the bench)."""

    # -- seeding and hooks ---------------------------------------------------------------

    def add_app(self, client_id: str, client_secret: str, *, device: bool = True) -> None:
        self.oauth.add_app(client_id, client_secret, device=device)

    def add_seller(
        self, login: str, seller_id: str | None = None, address: dict[str, Any] | None = None
    ) -> Seller:
        seller = Seller(
            seller_id or str(secrets.randbelow(10**9)),
            login,
            address
            or {
                "name": "Sklep Testowy",
                "company": "Sklep Testowy sp. z o.o.",
                "street": "ul. Magazynowa 1",
                "postalCode": "60-001",
                "city": "Poznań",
                "countryCode": "PL",
                "email": f"{login}@sklep.example",
                "phone": "600700800",
            },
        )
        self.sellers[login] = seller
        return seller

    def add_checkout_form(
        self,
        seller: str,
        *,
        first_name: str = "Jan",
        last_name: str = "Kowalski",
        street: str = "ul. Długa 5",
        city: str = "Kraków",
        zip_code: str = "30-001",
        phone: str = "500600700",
        method_id: str = "2488f7b7-5d1c-4d65-b85c-4cbcf253fd93",
        method_name: str = "Allegro Paczkomaty InPost",
        pickup_point: str | None = "KRA010",
        total: str = "123.45",
        cash_on_delivery: bool = False,
        carrier: str = "INPOST",
        form_id: str | None = None,
    ) -> str:
        """A paid order of ``seller``'s (a valid ``CheckoutForm``); its id."""
        form_id = form_id or str(uuid.uuid4())
        price = {"amount": total, "currency": "PLN"}
        delivery: dict[str, Any] = {
            "address": {
                "firstName": first_name,
                "lastName": last_name,
                "street": street,
                "city": city,
                "zipCode": zip_code,
                "countryCode": "PL",
                "phoneNumber": phone,
            },
            "method": {"id": method_id, "name": method_name},
            "cost": {"amount": "9.99", "currency": "PLN"},
            "calculatedNumberOfPackages": 1,
        }
        if pickup_point:
            delivery["pickupPoint"] = {"id": pickup_point, "name": f"Paczkomat {pickup_point}"}
        form = {
            "id": form_id,
            "status": "READY_FOR_PROCESSING",
            "buyer": {
                "id": str(secrets.randbelow(10**8)),
                "login": "kupujacy",
                "email": f"{secrets.token_hex(5)}+{secrets.token_hex(4)}@allegromail.pl",
                "firstName": first_name,
                "lastName": last_name,
                "guest": False,
                "phoneNumber": phone,
            },
            "payment": {
                "id": str(uuid.uuid4()),
                "type": "CASH_ON_DELIVERY" if cash_on_delivery else "ONLINE",
            },
            "fulfillment": {"status": "NEW"},
            "delivery": delivery,
            "lineItems": [
                {
                    "id": str(uuid.uuid4()),
                    "offer": {"id": "1234567890", "name": "Kubek „Żółw”"},
                    "quantity": 1,
                    "originalPrice": price,
                    "price": price,
                }
            ],
            "surcharges": [],
            "summary": {"totalToPay": price},
            "marketplace": {"id": "allegro-pl"},
            "revision": "1",
        }
        problems = self.spec.problems({"$ref": "#/components/schemas/CheckoutForm"}, form)
        if problems:
            raise ValueError(f"the seeded checkout form breaks the spec: {problems[0]}")
        return self.desk.add_form(seller, form, carrier)

    def approve(self, user_code: str, seller: str) -> None:
        self.oauth.approve(user_code, seller)

    def deny(self, user_code: str) -> None:
        self.oauth.deny(user_code)

    def block(self, seconds: float = BLOCK_SECONDS) -> None:
        """Start a 429 block of the API (the next requests are refused and extend it)."""
        self.blocked_until = trio.current_time() + seconds

    def fail_next(
        self,
        method: str,
        path: str,
        status: int | None = None,
        *,
        times: int = 1,
        delay: float = 0.0,
        after: bool = False,
    ) -> None:
        """The next ``times`` requests ``method path…`` answer ``status`` (an error body as
        the operation documents it) and/or wait ``delay`` seconds — before the work, or
        with ``after=True`` after it (the work is done, the answer comes late)."""
        self.faults.append(Fault(method, path, status, times, delay, after))

    def count(self, method: str, path: str) -> int:
        """Requests received whose method is ``method`` and path starts with ``path``."""
        return sum(1 for r in self.received if r.method == method and r.path.startswith(path))

    # -- serving -------------------------------------------------------------------------

    async def serve(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        task_status: trio.TaskStatus[str] = trio.TASK_STATUS_IGNORED,
    ) -> None:
        config = HypercornConfig()
        config.bind = [f"{host}:{port}"]
        config.accesslog = None
        config.errorlog = logging.getLogger("kolektor.fakes.allegro")
        config.graceful_timeout = 0.1

        async def started(task_status: trio.TaskStatus[list[str]]) -> None:
            await serve(self, config, task_status=task_status)  # type: ignore[arg-type]

        async with trio.open_nursery() as nursery:
            binds: list[str] = await nursery.start(started)
            self.url = binds[0]
            self.oauth.verification_base = self.url
            task_status.started(self.url)

    async def start(self, nursery: trio.Nursery, port: int = 0) -> str:
        """Serve on loopback (a free port unless ``port``) inside ``nursery``; the base URL."""
        url: str = await nursery.start(
            lambda task_status: self.serve(port=port, task_status=task_status)
        )
        return url

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] == "lifespan":
            while True:
                message = await receive()
                if message["type"] == "lifespan.startup":
                    await send({"type": "lifespan.startup.complete"})
                elif message["type"] == "lifespan.shutdown":
                    await send({"type": "lifespan.shutdown.complete"})
                    return
        body = bytearray()
        while True:
            message = await receive()
            body += message.get("body", b"")
            if not message.get("more_body"):
                break
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        request = Received(
            scope["method"],
            scope["path"],
            parse_qs(scope["query_string"].decode("latin-1")),
            headers,
            bytes(body),
        )
        self.received.append(request)
        if self.latency:
            await trio.sleep(self.latency)
        answer = await self._answer(request, scope["query_string"].decode("latin-1"))
        request.status = answer.status
        content = (
            answer.body
            if isinstance(answer.body, bytes)
            else (b"" if answer.body is None else json.dumps(answer.body).encode())
        )
        out = [(b"trace-id", secrets.token_hex(8).encode())]
        if content:
            out.append((b"content-type", answer.media.encode()))
        out += [(k.lower().encode(), v.encode()) for k, v in answer.headers.items()]
        out.append((b"content-length", str(len(content)).encode()))
        await send({"type": "http.response.start", "status": answer.status, "headers": out})
        await send({"type": "http.response.body", "body": content})

    def _fault(self, request: Received) -> Fault | None:
        for fault in self.faults:
            if fault.method == request.method and request.path.startswith(fault.path):
                fault.times -= 1
                if fault.times <= 0:
                    self.faults.remove(fault)
                return fault
        return None

    async def _answer(self, request: Received, query: str) -> Answer:
        fault = self._fault(request)
        if fault is not None and not fault.after:
            await trio.sleep(fault.delay)
        if request.path.startswith("/auth/oauth/"):
            answer = self._oauth(request, query, fault)
        elif request.path == "/skojarz-aplikacje":
            answer = self._approval_page(request)
        else:
            answer = self._api(request, fault)
        if fault is not None and fault.after:
            await trio.sleep(fault.delay)
        return answer

    def _oauth(self, request: Received, query: str, fault: Fault | None) -> Answer:
        if fault is not None and fault.status is not None:
            return Answer(
                fault.status,
                {"error": "server_error", "error_description": "Injected failure"},
                media="application/json",
            )
        result = self.oauth.handle(
            request.path, request.method, query, request.headers, request.body
        )
        return Answer(result.status, result.body, media="application/json")

    # -- the API ---------------------------------------------------------------------------

    def _api(self, request: Received, fault: Fault | None) -> Answer:
        now = trio.current_time()
        if now < self.blocked_until:
            self.requests_during_block += 1
            self.blocked_until = now + BLOCK_SECONDS
            return self._checked(
                None,
                error(
                    429,
                    "Too many requests",
                    code="TOO_MANY_REQUESTS",
                    user_message="Zbyt wiele zapytań.",
                ),
            )
        matched = self.spec.match(request.method, request.path)
        if matched is None:
            return self._checked(
                None,
                error(
                    404,
                    "Resource not found",
                    code="NOT_FOUND",
                    user_message="Nie znaleziono zasobu.",
                ),
            )
        operation, path_params = matched
        if fault is not None and fault.status is not None:
            return self._checked(
                operation, self._refusal(operation, fault.status, "Injected failure")
            )
        answer = self._served(operation, path_params, request)
        return self._checked(operation, answer)

    def _refusal(
        self, operation: Operation, status: int, message: str, path: str | None = None
    ) -> Answer:
        """An error answer in the shape ``operation`` documents for ``status``."""
        documented = operation.response(status)
        if documented is not None and not documented.get("content"):
            return Answer(status)
        if status == 401:
            return Answer(status, {"error": "invalid_token", "error_description": message})
        return error(
            status,
            message,
            path=path,
            code="VALIDATION_ERROR" if status in {400, 422} else "ERROR",
            user_message=_user_message(status, path),
        )

    def _served(self, operation: Operation, params: dict[str, str], request: Received) -> Answer:
        accept = [a.split(";")[0].strip() for a in request.headers.get("accept", "").split(",")]
        if operation.success_media() not in accept:
            return error(
                406,
                "Not acceptable representation requested. Please check 'Accept' request header",
                code="NotAcceptableException",
                user_message="Żądanie zawiera błędne dane. Skontaktuj się z autorem aplikacji",
            )
        authorization = request.headers.get("authorization", "")
        seller_login = None
        if authorization.startswith("Bearer "):
            seller_login = self.oauth.seller_of(authorization.removeprefix("Bearer "))
        if seller_login is None:
            return self._refusal(operation, 401, "Invalid access token")
        seller = self.sellers[seller_login]
        status, problems = self.spec.check_parameters(operation, params, request.query)
        if problems:
            first = problems[0]
            return self._refusal(operation, status, f"{first.path}: {first.message}", first.path)
        body: Any = None
        media = operation.request_media()
        if media is not None:
            content_type = request.headers.get("content-type", "").split(";")[0].strip()
            if content_type != media[0]:
                return error(
                    415,
                    f"Content type '{content_type}' not supported",
                    code="UnsupportedMediaTypeException",
                )
            try:
                body = json.loads(request.body)
            except ValueError:
                return self._refusal(
                    operation, 400, "The object sent cannot be properly parsed", "request"
                )
            problems = self.spec.problems(media[1], body)
            if problems:
                return Answer(
                    400,
                    {
                        "errors": [
                            {
                                "code": "VALIDATION_ERROR",
                                "message": p.message,
                                "path": p.path,
                                "userMessage": _user_message(400, p.path),
                            }
                            for p in problems
                        ]
                    },
                )
        return self._handle(operation.operation_id, seller, params, request.query, body)

    def _handle(
        self,
        operation_id: str,
        seller: Seller,
        params: dict[str, str],
        query: dict[str, list[str]],
        body: Any,
    ) -> Answer:
        desk = self.desk
        match operation_id:
            case "meGET":
                return desk.me(seller)
            case "getOrdersDetailsUsingGET":
                return desk.checkout_form(seller, params["id"])
            case "getDeliveryProposals":
                return desk.delivery_proposal(seller, params["orderId"])
            case "createNewShipment":
                return desk.create(seller, body)
            case "getShipmentCreationStatus":
                return desk.command_status(seller, params["commandId"])
            case "getShipmentDetails":
                return desk.details(seller, params["shipmentId"])
            case "getShipmentLabels":
                return desk.label(seller, body)
            case "cancelShipment":
                return desk.cancel(seller, body)
            case "getShipmentCancellationStatus":
                return desk.cancel_status(seller, params["commandId"])
            case "getParcelTrackingUsingGET":
                return desk.track(params["carrierId"], query.get("waybill", []))
        raise SpecViolation(f"no handler for {operation_id}")

    def _checked(self, operation: Operation | None, answer: Answer) -> Answer:
        """``answer`` when the spec allows it; else a 500 and a recorded violation."""
        problem = self._violation(operation, answer)
        if problem is None:
            return answer
        where = operation.operation_id if operation else "any operation"
        self.violations.append(f"{where} {answer.status}: {problem}")
        return Answer(500, {"errors": [{"code": "FAKE_VIOLATES_SPEC", "message": problem}]})

    def _violation(self, operation: Operation | None, answer: Answer) -> str | None:
        documented = operation.response(answer.status) if operation else None
        if documented is None:
            if answer.status not in UNDOCUMENTED_ERRORS:
                return f"status {answer.status} is not documented"
            schema: Any = {"$ref": "#/components/schemas/ErrorsHolder"}
            media = MEDIA
        else:
            content = documented.get("content") or {}
            if not content:
                return None if answer.body is None else "a body where the spec documents none"
            media, entry = next(iter(content.items()))
            schema = entry.get("schema", {})
            retry = answer.headers.get("Retry-After")
            documents_retry = "Retry-After" in documented.get("headers", {})
            if documents_retry and retry is not None and (not retry.isdigit() or retry == "0"):
                return "Retry-After must be an integer of at least 1"
        if answer.media != media:
            return f"media type {answer.media}, the spec says {media}"
        if isinstance(answer.body, bytes):
            return None if media == "application/octet-stream" else "bytes for a JSON answer"
        problems = self.spec.problems(schema, answer.body)
        return f"{problems[0].path}: {problems[0].message}" if problems else None

    # -- the page where a seller confirms a device code (demo only) ---------------------

    def _approval_page(self, request: Received) -> Answer:
        if request.method == "POST":
            form = {k: v[-1] for k, v in parse_qs(request.body.decode("utf-8", "replace")).items()}
            code, login = form.get("code", ""), form.get("seller", "")
            try:
                if form.get("decision") == "allow" and login in self.sellers:
                    self.approve(code, login)
                    text = "Aplikacja została powiązana z kontem. Możesz zamknąć tę kartę."
                else:
                    self.deny(code)
                    text = "Odmówiono dostępu aplikacji."
            except KeyError:
                text = "Nieznany kod."
            return Answer(
                200,
                f"<!doctype html><p>{html.escape(text)}</p>".encode(),
                media="text/html; charset=utf-8",
            )
        code = html.escape(request.query.get("code", [""])[-1])
        options = "".join(f"<option>{html.escape(s)}</option>" for s in self.sellers)
        page = (
            "<!doctype html><meta charset=utf-8><title>Allegro (fake)</title>"
            f"<h1>Powiąż aplikację z kontem</h1><p>Kod: <b>{code}</b></p>"
            '<form method=post><input type=hidden name=code value="' + code + '">'
            f"<label>Konto <select name=seller>{options}</select></label> "
            "<button name=decision value=allow>Zezwól</button> "
            "<button name=decision value=deny>Odmów</button></form>"
        )
        return Answer(200, page.encode(), media="text/html; charset=utf-8")


def _user_message(status: int, path: str | None) -> str:
    if path:
        return f"Nieprawidłowa wartość pola „{path}”."
    return {401: "Brak autoryzacji.", 404: "Nie znaleziono zasobu."}.get(
        status, "Wystąpił błąd. Spróbuj ponownie później."
    )


def seed(fake: FakeAllegro, data: dict[str, Any]) -> None:
    """Fill the fake from JSON: ``{"apps": [{"client_id", "client_secret"}], "sellers":
    [{"login", "id"?, "address"?}], "checkout_forms": [{"seller", …keywords of
    add_checkout_form}], "sandbox": false, "retry_after": 1, "polls_to_success": 1}``."""
    for app in data.get("apps", []):
        fake.add_app(app["client_id"], app["client_secret"])
    for seller in data.get("sellers", []):
        fake.add_seller(seller["login"], seller.get("id"), seller.get("address"))
    for form in data.get("checkout_forms", []):
        fake.add_checkout_form(**form)
    fake.desk.sandbox = bool(data.get("sandbox", False))
    fake.desk.retry_after = int(data.get("retry_after", 1))
    fake.desk.polls_to_success = int(data.get("polls_to_success", 1))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m kolektor.fakes.allegro",
        description="A fake Allegro (OAuth and REST) on loopback.",
    )
    parser.add_argument("--port", type=int, default=8091)
    parser.add_argument("--seed", type=Path, help="JSON with apps, sellers and checkout forms")
    args = parser.parse_args(argv)

    async def run() -> None:
        fake = FakeAllegro()
        if args.seed:
            seed(fake, json.loads(args.seed.read_text(encoding="utf-8")))
        async with trio.open_nursery() as nursery:
            url = await fake.start(nursery, args.port)
            print(url, flush=True)

    trio.run(run)


if __name__ == "__main__":
    main()
