"""Who may call which route: authentication, roles, Origin and CSRF checks, body limits.

Every route declares its access with :func:`guard` (roles) or :func:`public`; the app
refuses to start with a route that declares neither (:func:`check_every_route_declared`),
and a test walks the URL map and proves each guarded route refuses a request without
login, with a wrong role, from a foreign Origin and — when state-changing — without the
CSRF token.

* **Who**: an office session cookie (``kolektor_session``, or ``__Host-kolektor_session``
  under TLS) made by ``POST /api/session``; or, for scripts, HTTP Basic credentials
  (checked like a login, throttled, remembered for a minute).  Kolektor never asks a
  browser for Basic credentials (no ``WWW-Authenticate: Basic``), so browsers never keep
  them to send along with a forged request.
* **CSRF**: a state-changing request (POST, PUT, PATCH, DELETE) made with the session
  cookie must carry the session's CSRF token in ``X-CSRF-Token``.
* **Origin**: a state-changing request whose ``Origin`` is not Kolektor's own (the address
  the browser used, or ``[security] allowed_origins``) is refused, whoever sent it; so is a
  WebSocket from a foreign page.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import hmac
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any, Final, TypeVar, cast
from urllib.parse import urlsplit

import trio
from quart import Quart, g, has_request_context, request
from quart_trio.wrappers.request import TrioBody, TrioRequest
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge

from kolektor import safejson
from kolektor.auth.service import AuthService, Client, LoginRefused, SessionEnded
from kolektor.config import Config
from kolektor.store.operators import Operator, Role
from kolektor.store.sessions import SessionKind, SessionRecord

Handler = TypeVar("Handler", bound=Callable[..., Awaitable[Any]])

SAFE_METHODS: Final = frozenset({"GET", "HEAD", "OPTIONS"})
CSRF_HEADER: Final = "X-CSRF-Token"
DEFAULT_MAX_BODY: Final = 16 * 1024
"""Bytes a request body may have unless the route says otherwise."""
MAX_ANY_BODY: Final = 512 * 1024
"""The largest body any route accepts (Quart stops reading beyond it)."""
_DEFAULT_PORTS: Final = {"http": "80", "https": "443"}


class ApiError(Exception):
    """An answer other than success: ``status``, stable ``code``, message key and params
    for :mod:`kolektor.i18n` (``api.<key>``), and extra JSON fields or headers."""

    def __init__(
        self,
        status: int,
        code: str,
        key: str | None = None,
        *,
        headers: dict[str, str] | None = None,
        extra: dict[str, Any] | None = None,
        text: str | None = None,
        **params: object,
    ) -> None:
        super().__init__(code)
        self.text = text
        """The message already rendered (e.g. a domain error's own text)."""
        self.status = status
        self.code = code
        self.key = key or f"api.{code}"
        self.params = params
        self.headers = headers or {}
        self.extra = extra or {}


@dataclass(frozen=True, slots=True)
class Access:
    """What a route requires; stored on the view function as ``kolektor_access``."""

    roles: frozenset[Role] | None
    """None: anyone, no login."""
    max_body: int = DEFAULT_MAX_BODY
    page: bool = False
    """A page of the panel (HTML): refusals are pages too (:func:`page`)."""


@dataclass(frozen=True, slots=True)
class Principal:
    """Who is calling: the operator, and the session unless they came with HTTP Basic."""

    operator: Operator
    session: SessionRecord | None

    @property
    def actor(self) -> str:
        return f"operator:{self.operator.login}"


def cookie_name(config: Config) -> str:
    """The session cookie's name: ``__Host-`` prefixed under TLS (Secure, whole site)."""
    return "__Host-kolektor_session" if config.server.tls else "kolektor_session"


def client() -> Client:
    """The caller's address and user agent (for throttling and the audit trail)."""
    return Client(
        source=request.remote_addr or "unknown",
        user_agent=request.headers.get("User-Agent"),
    )


def _normalized_origin(value: str) -> str | None:
    """``scheme://host[:port]`` in lower case without a default port; None if malformed."""
    try:
        parts = urlsplit(value.strip().lower())
        port = parts.port
    except ValueError:
        return None
    host = parts.hostname or ""
    if not parts.scheme or not host:
        return None
    if ":" in host:
        host = f"[{host}]"
    if port is None or _DEFAULT_PORTS.get(parts.scheme) == str(port):
        return f"{parts.scheme}://{host}"
    return f"{parts.scheme}://{host}:{port}"


def origin_allowed(
    origin: str | None, *, host: str | None, scheme: str, allowed: tuple[str, ...]
) -> bool:
    """Whether a request carrying ``Origin: origin`` may act.  No Origin: not a browser's
    cross-site request (scripts, same-origin navigations) — allowed.  ``null`` (sandboxed
    frames, some redirects): refused.  Otherwise the origin must be one of ``allowed``, or,
    when none are configured, the scheme and host the request was sent to."""
    if origin is None:
        return True
    origin = origin.strip()
    if not origin or origin.lower() == "null":
        return False
    normalized = _normalized_origin(origin)
    if normalized is None:
        return False
    if allowed:
        return normalized in {_normalized_origin(a) for a in allowed}
    if not host:
        return False
    web_scheme = "https" if scheme in {"https", "wss"} else "http"
    return normalized == _normalized_origin(f"{web_scheme}://{host}")


def check_origin(config: Config) -> None:
    """:class:`ApiError` 403 ``foreign_origin`` for a state-changing request from a foreign
    page (called for every request before its route)."""
    if request.method in SAFE_METHODS:
        return
    origin = request.headers.get("Origin")
    if not origin_allowed(
        origin,
        host=request.headers.get("Host"),
        scheme=request.scheme,
        allowed=config.security.allowed_origins,
    ):
        raise ApiError(403, "foreign_origin", "api.origin", origin=(origin or "")[:100])


def basic_credentials(header: str) -> tuple[str, str] | None:
    scheme, _, encoded = header.partition(" ")
    if scheme.lower() != "basic" or not encoded:
        return None
    try:
        decoded = base64.b64decode(encoded.strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        return None
    login, separator, password = decoded.partition(":")
    if not separator or not login or not safejson.is_clean_text(decoded):
        return None
    return login, password


def refused(error: LoginRefused) -> ApiError:
    """The HTTP answer to a refused login."""
    if error.code in {"login_throttled", "account_locked", "busy"}:
        status = 503 if error.code == "busy" else 429
        retry = error.retry_after or 1
        return ApiError(
            status, error.code, headers={"Retry-After": str(retry)},
            extra={"retry_after": retry}, retry_after=retry, minutes=max(1, (retry + 59) // 60),
        )  # fmt: skip
    if error.code == "forbidden":
        return ApiError(403, "forbidden", "api.forbidden_login")
    return ApiError(401, "login_failed", headers=_CHALLENGE)


_CHALLENGE: Final = {"WWW-Authenticate": 'KolektorSession realm="Kolektor"'}
"""Not ``Basic``: a browser must never prompt for, and then keep, Basic credentials."""


async def authenticate(auth: AuthService, config: Config) -> Principal | None:
    """The caller, from the session cookie or (if allowed) HTTP Basic; None when neither
    is present.  :class:`ApiError` for an ended session or refused Basic credentials."""
    token = request.cookies.get(cookie_name(config))
    if token:
        try:
            session, operator = await auth.session(token, SessionKind.OFFICE)
        except SessionEnded:
            raise ApiError(401, "session_expired", headers=_CHALLENGE) from None
        return Principal(operator, session)
    header = request.headers.get("Authorization")
    if header and config.security.basic_auth:
        credentials = basic_credentials(header)
        if credentials is None:
            raise ApiError(401, "login_failed", headers=_CHALLENGE)
        try:
            operator = await auth.basic(*credentials, client())
        except LoginRefused as error:
            raise refused(error) from None
        return Principal(operator, None)
    return None


def check_csrf(principal: Principal) -> None:
    """State-changing requests on a cookie session must echo its CSRF token."""
    if request.method in SAFE_METHODS or principal.session is None:
        return
    sent = request.headers.get(CSRF_HEADER, "")
    expected = principal.session.csrf_token or ""
    if not expected or not hmac.compare_digest(sent.encode(), expected.encode()):
        raise ApiError(403, "csrf", "api.csrf")


def guard(
    auth: AuthService,
    config: Config,
    roles: frozenset[Role],
    *,
    max_body: int = DEFAULT_MAX_BODY,
) -> Callable[[Handler], Handler]:
    """Only operators with one of ``roles``, logged in, with the CSRF token when changing
    something; ``g.principal`` holds the caller."""

    def decorate(handler: Handler) -> Handler:
        @wraps(handler)
        async def wrapper(*args: Any, **kwargs: Any) -> Any:
            await check_body_size(max_body)
            principal = await authenticate(auth, config)
            if principal is None:
                raise ApiError(401, "auth_required", headers=_CHALLENGE)
            if principal.operator.role not in roles:
                raise ApiError(403, "forbidden")
            check_csrf(principal)
            g.principal = principal
            return await handler(*args, **kwargs)

        wrapper.kolektor_access = Access(roles, max_body)  # type: ignore[attr-defined]
        return cast(Handler, wrapper)

    return decorate


PageRefusal = Callable[[int, str, Principal | None], Awaitable[Any]]
"""Renders the page shown instead of a refused one: (status, error code, the caller)."""


def page(
    auth: AuthService, config: Config, roles: frozenset[Role], refusal: PageRefusal
) -> Callable[[Handler], Handler]:
    """A page of the panel for operators with one of ``roles``.  Refused like an API route
    — 401 without a login (or with an ended session), 403 for another role — but answered
    with a page (``refusal``): the login form, which brings the reader back to this very
    address, or the page saying the role has no access.  Pages only read (GET)."""

    def decorate(handler: Handler) -> Handler:
        @wraps(handler)
        async def wrapper(*args: Any, **kwargs: Any) -> Any:
            try:
                principal = await authenticate(auth, config)
            except ApiError as error:
                return await refusal(error.status, error.code, None)
            if principal is None:
                return await refusal(401, "auth_required", None)
            if principal.operator.role not in roles:
                return await refusal(403, "forbidden", principal)
            g.principal = principal
            return await handler(*args, **kwargs)

        wrapper.kolektor_access = Access(roles, page=True)  # type: ignore[attr-defined]
        return cast(Handler, wrapper)

    return decorate


def public(*, max_body: int = DEFAULT_MAX_BODY) -> Callable[[Handler], Handler]:
    """A route anyone may call (its own checks, if any, are inside)."""

    def decorate(handler: Handler) -> Handler:
        @wraps(handler)
        async def wrapper(*args: Any, **kwargs: Any) -> Any:
            await check_body_size(max_body)
            return await handler(*args, **kwargs)

        wrapper.kolektor_access = Access(None, max_body)  # type: ignore[attr-defined]
        return cast(Handler, wrapper)

    return decorate


class BoundedBody(TrioBody):
    """A request body that keeps at most ``max_content_length`` bytes; beyond that it
    discards what arrives but still waits for the end, so an oversized request is answered
    with a clean 413 instead of a connection reset mid-upload."""

    def __init__(self, expected: int | None, maximum: int | None) -> None:
        super().__init__(expected, maximum)
        self._must_raise = None
        self._too_large = expected is not None and maximum is not None and expected > maximum

    def append(self, data: bytes) -> None:
        if data == b"" or self._too_large:
            return
        self._data.extend(data)
        self._has_data.set()
        if self._max_content_length is not None and len(self._data) > self._max_content_length:
            self._too_large = True
            self._data.clear()

    def set_complete(self) -> None:
        if self._too_large:
            self._must_raise = RequestEntityTooLarge()
        super().set_complete()


class KolektorRequest(TrioRequest):
    body_class = BoundedBody  # type: ignore[assignment]


async def check_body_size(limit: int) -> None:
    """A body over the route's ``limit`` is read to its end (never kept beyond
    :data:`MAX_ANY_BODY`) and refused with 413."""
    if not has_request_context():  # a WebSocket: Hypercorn bounds its frames
        return
    length = request.content_length
    if length is not None and length > limit:
        with contextlib.suppress(HTTPException):
            await request.get_data(cache=False)
        raise ApiError(413, "too_large", limit=limit)


async def read_json(limit: int = DEFAULT_MAX_BODY) -> Any:
    """The request's JSON body, parsed safely (:mod:`kolektor.safejson`); bodies over 16 KiB
    are parsed in a worker thread.  :class:`ApiError` 400/413 naming the problem."""
    body = await request.get_data(cache=True)
    if len(body) > limit:
        raise ApiError(413, "too_large", limit=limit)
    try:
        if len(body) > DEFAULT_MAX_BODY:
            return await trio.to_thread.run_sync(safejson.loads, body)
        return safejson.loads(body)
    except safejson.JsonInputError as error:
        raise ApiError(400, "bad_json", problem_key=f"api.json.{error.problem}") from None


async def read_object(limit: int = DEFAULT_MAX_BODY) -> dict[str, Any]:
    """:func:`read_json`, which must be an object."""
    data = await read_json(limit)
    if not isinstance(data, dict):
        raise ApiError(400, "bad_json", problem_key="api.json.not_object")
    return data


def check_every_route_declared(app: Quart) -> None:
    """Refuse to build an app with a route that declares no access (a forgotten guard)."""
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        view = app.view_functions[rule.endpoint]
        if not isinstance(getattr(view, "kolektor_access", None), Access):
            raise RuntimeError(f"route {rule.rule} ({rule.endpoint}) declares no access")


def route_access(app: Quart) -> dict[tuple[str, str], Access]:
    """(rule, method) → its access, for the docs and the tests."""
    found: dict[tuple[str, str], Access] = {}
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        access: Access = getattr(app.view_functions[rule.endpoint], "kolektor_access")  # noqa: B009
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            found[(rule.rule, method)] = access
    return found
