"""The scanner WebSocket protocol, version 1 (``docs/scanner-protocol.md``), without I/O.

:func:`parse_message` turns one received frame into a typed message or raises
:class:`ProtocolError` naming what is wrong (the connection handler answers with an
``error`` message and carries on); :func:`encode` builds outgoing frames.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any, ClassVar

from kolektor import safejson
from kolektor.store.picking import PackageInput

PROTOCOL_VERSION = 1
MAX_MESSAGE_BYTES = 16 * 1024
MAX_ID = 64
MAX_CODE = 512
MAX_PACKAGES = 50
QUEUE_PAGE = 30
"""Queue entries a ``queue`` message carries when the device names no ``limit``."""
MAX_QUEUE_PAGE = 50


class ProtocolError(Exception):
    """A message that cannot be served. ``code`` is the protocol's error code; ``key`` and
    ``params`` select the human message in :mod:`kolektor.i18n`."""

    def __init__(
        self, code: str, key: str | None = None, *, ref: str | None = None, **params: object
    ) -> None:
        super().__init__(code, params)
        self.code = code
        self.key = key or f"ws.{code}"
        self.ref = ref
        self.params = params


@dataclass(frozen=True, slots=True)
class Message:
    ref: str | None
    kind: ClassVar[str] = ""
    """The message's ``type`` on the wire."""


@dataclass(frozen=True, slots=True)
class Hello(Message):
    kind: ClassVar[str] = "hello"
    device_id: str
    station: Mapping[str, Any] = field(default_factory=dict)
    language: str | None = None
    client: str | None = None


@dataclass(frozen=True, slots=True)
class Login(Message):
    kind: ClassVar[str] = "login"
    badge: str | None = None
    login: str | None = None
    pin: str | None = None
    session: str | None = None
    """A device session token from an earlier ``login_ok`` (reconnecting)."""


@dataclass(frozen=True, slots=True)
class Logout(Message):
    kind: ClassVar[str] = "logout"


@dataclass(frozen=True, slots=True)
class QueueRequest(Message):
    kind: ClassVar[str] = "queue"
    offset: int = 0
    """Entries of the queue to skip (paging)."""
    limit: int | None = None
    """Entries wanted at most (1–:data:`MAX_QUEUE_PAGE`; None: :data:`QUEUE_PAGE`)."""


@dataclass(frozen=True, slots=True)
class Claim(Message):
    kind: ClassVar[str] = "claim"
    order_id: int
    takeover: bool = False


@dataclass(frozen=True, slots=True)
class Release(Message):
    kind: ClassVar[str] = "release"
    order_id: int


@dataclass(frozen=True, slots=True)
class Open(Message):
    kind: ClassVar[str] = "open"
    order_id: int


@dataclass(frozen=True, slots=True)
class Scan(Message):
    kind: ClassVar[str] = "scan"
    order_id: int
    scan_id: str
    code: str
    scanned_at: datetime
    batch: str | None = None
    expiry: date | None = None
    serial: str | None = None


@dataclass(frozen=True, slots=True)
class Authorization:
    """A supervisor's (or admin's) badge or login and PIN, vouching for a typed quantity."""

    pin: str
    badge: str | None = None
    login: str | None = None

    def __repr__(self) -> str:  # never the PIN, in a log or a traceback
        return f"Authorization(badge={self.badge is not None}, login={self.login!r})"


@dataclass(frozen=True, slots=True)
class Manual(Message):
    kind: ClassVar[str] = "manual"
    order_id: int
    entry_id: str
    line_id: int
    quantity: Decimal
    authorized_by: Authorization | None = None


@dataclass(frozen=True, slots=True)
class Undo(Message):
    kind: ClassVar[str] = "undo"
    order_id: int
    action_id: str


@dataclass(frozen=True, slots=True)
class Shortage(Message):
    kind: ClassVar[str] = "shortage"
    order_id: int
    line_id: int
    reason: str


@dataclass(frozen=True, slots=True)
class PackOpen(Message):
    kind: ClassVar[str] = "pack_open"
    code: str


@dataclass(frozen=True, slots=True)
class Pack(Message):
    kind: ClassVar[str] = "pack"
    order_id: int
    request_id: str
    packages: tuple[PackageInput, ...]


@dataclass(frozen=True, slots=True)
class Stations(Message):
    """Asks for the packing stations (to choose the device's)."""

    kind: ClassVar[str] = "stations"


@dataclass(frozen=True, slots=True)
class SetStation(Message):
    """Sets the packing station this device packs at (None: none)."""

    kind: ClassVar[str] = "set_station"
    station_id: int | None


@dataclass(frozen=True, slots=True)
class LabelRequest(Message):
    """Asks how the label of a packed order stands (bought, printed, failed…)."""

    kind: ClassVar[str] = "label"
    order_id: int


@dataclass(frozen=True, slots=True)
class ReprintLabel(Message):
    """Prints the order's stored labels again at the device's station."""

    kind: ClassVar[str] = "reprint_label"
    order_id: int
    request_id: str


@dataclass(frozen=True, slots=True)
class Overview(Message):
    kind: ClassVar[str] = "overview"


@dataclass(frozen=True, slots=True)
class Ping(Message):
    kind: ClassVar[str] = "ping"


class _Fields:
    """Typed access to a message's fields; every failure names the field."""

    def __init__(self, data: Mapping[str, Any], ref: str | None) -> None:
        self.data = data
        self.ref = ref

    def fail(self, name: str, problem: str) -> ProtocolError:
        return ProtocolError("bad_message", ref=self.ref, field=name, problem=problem)

    def text(self, name: str, *, limit: int, required: bool = True) -> str | None:
        value = self.data.get(name)
        if value is None:
            if required:
                raise self.fail(name, "missing")
            return None
        if not isinstance(value, str):
            raise self.fail(name, "not_text")
        if required and not value.strip():
            raise self.fail(name, "empty")
        if len(value) > limit:
            raise self.fail(name, "too_long")
        return value

    def required_text(self, name: str, *, limit: int = MAX_ID) -> str:
        value = self.text(name, limit=limit)
        assert value is not None
        return value

    def integer(self, name: str) -> int:
        value = self.data.get(name)
        if value is None:
            raise self.fail(name, "missing")
        if isinstance(value, bool) or not isinstance(value, int) or not 0 < value < 2**31:
            raise self.fail(name, "not_id")
        return value

    def count(self, name: str, *, maximum: int, minimum: int = 0, default: int | None = 0) -> Any:
        """An optional whole number in ``minimum``–``maximum`` (``default`` when absent)."""
        value = self.data.get(name)
        if value is None:
            return default
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.fail(name, "not_count")
        if not minimum <= value <= maximum:
            raise self.fail(name, "out_of_range")
        return value

    def optional_id(self, name: str) -> int | None:
        """An id that must be present but may be ``null`` (e.g. "no station")."""
        if name not in self.data:
            raise self.fail(name, "missing")
        if self.data[name] is None:
            return None
        return self.integer(name)

    def boolean(self, name: str) -> bool:
        value = self.data.get(name, False)
        if not isinstance(value, bool):
            raise self.fail(name, "not_bool")
        return value

    def decimal(self, name: str, *, required: bool = True) -> Decimal | None:
        value = self.data.get(name)
        if value is None:
            if required:
                raise self.fail(name, "missing")
            return None
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            raise self.fail(name, "not_number")
        try:
            number = Decimal(str(value))
        except InvalidOperation:
            raise self.fail(name, "not_number") from None
        if not number.is_finite() or number <= 0 or number >= 10**9:
            raise self.fail(name, "not_positive")
        if number.as_tuple().exponent < -4:  # type: ignore[operator]
            raise self.fail(name, "too_precise")
        return number

    def day(self, name: str) -> date | None:
        value = self.text(name, limit=10, required=False)
        if value is None:
            return None
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise self.fail(name, "not_date") from None

    def moment(self, name: str) -> datetime:
        value = self.text(name, limit=40, required=False)
        if value is None:
            return datetime.now(UTC)
        try:
            moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            raise self.fail(name, "not_time") from None
        return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _hello(f: _Fields) -> Message:
    station = f.data.get("station") or {}
    if not isinstance(station, dict) or len(json.dumps(station)) > 2048:
        raise f.fail("station", "not_object")
    return Hello(
        f.ref,
        device_id=f.required_text("device_id"),
        station=station,
        language=f.text("language", limit=5, required=False),
        client=f.text("client", limit=100, required=False),
    )


def _login(f: _Fields) -> Message:
    session = f.text("session", limit=MAX_ID, required=False)
    if session is not None:
        return Login(f.ref, session=session)
    badge = f.text("badge", limit=128, required=False)
    if badge is not None:
        if not badge.strip():
            raise f.fail("badge", "empty")
        return Login(f.ref, badge=badge.strip(), pin=f.text("pin", limit=16, required=False))
    login = f.text("login", limit=64, required=False)
    if login is None:
        raise f.fail("badge", "missing")
    return Login(f.ref, login=login.strip(), pin=f.required_text("pin", limit=16))


def _authorization(f: _Fields) -> Authorization | None:
    """``authorized_by``: ``{badge, pin}`` or ``{login, pin}``, or absent."""
    raw = f.data.get("authorized_by")
    if raw is None:
        return None
    if not isinstance(raw, dict):
        raise f.fail("authorized_by", "not_object")
    inner = _Fields(raw, f.ref)
    try:
        badge = inner.text("badge", limit=128, required=False)
        login = None if badge is not None else inner.text("login", limit=64, required=False)
        if badge is None and login is None:
            raise inner.fail("badge", "missing")
        pin = inner.required_text("pin", limit=16)
    except ProtocolError as error:
        error.params["field"] = f"authorized_by.{error.params['field']}"
        raise
    if badge is not None:
        return Authorization(pin, badge=badge.strip())
    return Authorization(pin, login=(login or "").strip())


def _packages(f: _Fields) -> tuple[PackageInput, ...]:
    raw = f.data.get("packages")
    if not isinstance(raw, list) or not raw:
        raise f.fail("packages", "missing")
    if len(raw) > MAX_PACKAGES:
        raise f.fail("packages", "too_long")
    parcels = []
    for index, item in enumerate(raw, start=1):
        if not isinstance(item, dict):
            raise f.fail(f"packages[{index}]", "not_object")
        inner = _Fields(item, f.ref)
        template = inner.text("template", limit=1, required=False)
        if template is not None and template.upper() not in {"A", "B", "C"}:
            raise f.fail(f"packages[{index}].template", "not_template")
        try:
            parcel = PackageInput(
                weight_kg=inner.decimal("weight_kg", required=False),
                length_cm=inner.decimal("length_cm", required=False),
                width_cm=inner.decimal("width_cm", required=False),
                height_cm=inner.decimal("height_cm", required=False),
                template=template.upper() if template else None,
            )
        except ProtocolError as error:
            error.params["field"] = f"packages[{index}].{error.params['field']}"
            raise
        parcels.append(parcel)
    return tuple(parcels)


_PARSERS: dict[str, Callable[[_Fields], Message]] = {
    "hello": _hello,
    "login": _login,
    "logout": lambda f: Logout(f.ref),
    "queue": lambda f: QueueRequest(
        f.ref,
        offset=f.count("offset", maximum=100_000),
        limit=f.count("limit", maximum=MAX_QUEUE_PAGE, minimum=1, default=None),
    ),
    "claim": lambda f: Claim(f.ref, f.integer("order_id"), f.boolean("takeover")),
    "release": lambda f: Release(f.ref, f.integer("order_id")),
    "open": lambda f: Open(f.ref, f.integer("order_id")),
    "scan": lambda f: Scan(
        f.ref,
        order_id=f.integer("order_id"),
        scan_id=f.required_text("scan_id"),
        code=f.required_text("code", limit=MAX_CODE),
        scanned_at=f.moment("scanned_at"),
        batch=f.text("batch", limit=20, required=False),
        expiry=f.day("expiry"),
        serial=f.text("serial", limit=20, required=False),
    ),
    "manual": lambda f: Manual(
        f.ref,
        order_id=f.integer("order_id"),
        entry_id=f.required_text("entry_id"),
        line_id=f.integer("line_id"),
        quantity=f.decimal("quantity") or Decimal(0),
        authorized_by=_authorization(f),
    ),
    "undo": lambda f: Undo(f.ref, f.integer("order_id"), f.required_text("action_id")),
    "shortage": lambda f: Shortage(
        f.ref, f.integer("order_id"), f.integer("line_id"), f.required_text("reason", limit=200)
    ),
    "pack_open": lambda f: PackOpen(f.ref, f.required_text("code", limit=MAX_CODE).strip()),
    "pack": lambda f: Pack(
        f.ref, f.integer("order_id"), f.required_text("request_id"), _packages(f)
    ),
    "stations": lambda f: Stations(f.ref),
    "set_station": lambda f: SetStation(f.ref, f.optional_id("station_id")),
    "label": lambda f: LabelRequest(f.ref, f.integer("order_id")),
    "reprint_label": lambda f: ReprintLabel(
        f.ref, f.integer("order_id"), f.required_text("request_id")
    ),
    "overview": lambda f: Overview(f.ref),
    "ping": lambda f: Ping(f.ref),
}

MESSAGE_TYPES = frozenset(_PARSERS)


def ref_of_refused(raw: str | bytes) -> str | None:
    """The ``ref`` of a frame refused for its text (a lone surrogate, NUL) or depth, read
    leniently so the device can still match the error to its request."""
    try:
        data = json.loads(raw)
    except (ValueError, RecursionError):
        return None
    ref = data.get("ref") if isinstance(data, dict) else None
    if isinstance(ref, str) and len(ref) <= MAX_ID and safejson.is_clean_text(ref):
        return ref
    return None


def parse_message(raw: str | bytes) -> Message:
    """Validate one frame from a device; :class:`ProtocolError` says what is wrong."""
    size = len(raw.encode("utf-8") if isinstance(raw, str) else raw)
    if size > MAX_MESSAGE_BYTES:
        raise ProtocolError("too_large", limit=MAX_MESSAGE_BYTES)
    try:
        data = safejson.loads(raw)
    except safejson.JsonInputError as error:
        raise ProtocolError(
            "bad_message", ref=ref_of_refused(raw), field="-", problem=error.problem
        ) from None
    if not isinstance(data, dict):
        raise ProtocolError("bad_message", field="-", problem="not_object")
    ref = data.get("ref")
    if ref is not None and (not isinstance(ref, str) or len(ref) > MAX_ID):
        raise ProtocolError("bad_message", field="ref", problem="too_long")
    if data.get("v") != PROTOCOL_VERSION:
        raise ProtocolError("unsupported_version", ref=ref, version=data.get("v"))
    kind = data.get("type")
    parser = _PARSERS.get(kind) if isinstance(kind, str) else None
    if parser is None:
        raise ProtocolError("unknown_type", ref=ref, type=str(kind)[:40])
    return parser(_Fields(data, ref))


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return format(value.normalize(), "f") if value == value.to_integral() else str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def encode(kind: str, ref: str | None = None, **fields: Any) -> str:
    """One outgoing frame: ``{"v": 1, "type": kind, "ref": ref, ...fields}``; Decimals
    become strings, dates ISO 8601."""
    message: dict[str, Any] = {"v": PROTOCOL_VERSION, "type": kind}
    if ref is not None:
        message["ref"] = ref
    message.update(_plain(fields))
    return json.dumps(message, ensure_ascii=False, separators=(",", ":"))
