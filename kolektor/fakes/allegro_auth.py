"""The fake Allegro's OAuth host: device flow, token refresh with rotation, token expiry.

Behaviour follows reference §3 (Allegro's tracker): ``POST /auth/oauth/device`` and
``POST /auth/oauth/token`` with ``Authorization: Basic`` and a form body — parameters in the
query string are refused as ``invalid_request`` "OAuth 2.0 Parameter: grant_type" (#11867,
#13794); polling answers ``authorization_pending``, ``slow_down`` (polled before the
interval passed; the interval then grows by 5 s), ``access_denied``, ``invalid_request``
"Invalid device code" (expired or already used); refresh returns a new pair and the old
refresh token is ``invalid_grant`` from then on.  Time is the fake's :class:`FakeClock`, so
tests expire codes and tokens by moving it.  The OAuth endpoints are not in the OpenAPI
file (only its ``securitySchemes`` name them); their bodies follow its ``AuthError``.
"""

from __future__ import annotations

import base64
import binascii
import secrets
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, Final
from urllib.parse import parse_qs

DEVICE_GRANT: Final = "urn:ietf:params:oauth:grant-type:device_code"
SCOPES: Final = (
    "allegro:api:orders:read allegro:api:orders:write allegro:api:shipments:read "
    "allegro:api:shipments:write"
)


class FakeClock:
    """The fake's idea of now: the real time moved by :meth:`advance`."""

    def __init__(self) -> None:
        self.offset = timedelta()

    def now(self) -> datetime:
        return datetime.now(UTC) + self.offset

    def advance(self, seconds: float) -> None:
        self.offset += timedelta(seconds=seconds)


@dataclass
class FakeApp:
    client_id: str
    client_secret: str
    device: bool = True
    """Registered as a device app (else ``unauthorized_client``, #9828)."""


@dataclass
class Seller:
    id: str
    login: str
    address: dict[str, Any] = field(default_factory=dict)
    """The sender in delivery proposals (``AddressDto``)."""


@dataclass
class DeviceCode:
    device_code: str
    user_code: str
    client_id: str
    expires_at: datetime
    interval: int
    last_poll: datetime | None = None
    state: str = "pending"
    """``pending``, ``approved``, ``denied``, ``used``."""
    seller: str | None = None


@dataclass
class Token:
    value: str
    seller: str
    client_id: str
    expires_at: datetime
    used: bool = False
    """For refresh tokens: already exchanged (rotation)."""


@dataclass
class OAuthAnswer:
    status: int
    body: dict[str, Any]


def _error(status: int, error: str, description: str) -> OAuthAnswer:
    return OAuthAnswer(status, {"error": error, "error_description": description})


class FakeOAuth:
    """Apps, device codes and tokens of the fake."""

    def __init__(self, clock: FakeClock, *, verification_base: str = "") -> None:
        self.clock = clock
        self.verification_base = verification_base
        self.apps: dict[str, FakeApp] = {}
        self.devices: dict[str, DeviceCode] = {}
        self.access: dict[str, Token] = {}
        self.refresh: dict[str, Token] = {}
        self.access_lifetime = 43199
        """Seconds (12 h, #1174)."""
        self.refresh_lifetime = 90 * 24 * 3600
        self.device_lifetime = 3600
        self.device_interval = 5
        self.refreshes = 0
        """Successful refreshes so far."""
        self.refused_refreshes = 0
        self.malformed_next = False
        """The next token request gets 200 without tokens (a broken answer)."""

    def add_app(self, client_id: str, client_secret: str, *, device: bool = True) -> FakeApp:
        app = FakeApp(client_id, client_secret, device)
        self.apps[client_id] = app
        return app

    # -- test hooks --------------------------------------------------------------------

    def _by_user_code(self, user_code: str) -> DeviceCode:
        for device in self.devices.values():
            if device.user_code == user_code:
                return device
        raise KeyError(user_code)

    def approve(self, user_code: str, seller: str) -> None:
        """The seller confirms the code at ``skojarz-aplikacje``."""
        device = self._by_user_code(user_code)
        device.state, device.seller = "approved", seller

    def deny(self, user_code: str) -> None:
        self._by_user_code(user_code).state = "denied"

    def issue(self, client_id: str, seller: str) -> tuple[str, str]:
        """A fresh (access, refresh) pair, as a finished device flow gives."""
        now = self.clock.now()
        access, refresh = secrets.token_urlsafe(24), secrets.token_urlsafe(24)
        self.access[access] = Token(
            access, seller, client_id, now + timedelta(seconds=self.access_lifetime)
        )
        self.refresh[refresh] = Token(
            refresh, seller, client_id, now + timedelta(seconds=self.refresh_lifetime)
        )
        return access, refresh

    def revoke(self, access_token: str) -> None:
        """The access token stops working (401) before its time."""
        self.access.pop(access_token, None)

    def seller_of(self, access_token: str) -> str | None:
        """The seller a valid, unexpired access token belongs to."""
        token = self.access.get(access_token)
        if token is None or token.expires_at <= self.clock.now():
            return None
        return token.seller

    # -- endpoints ---------------------------------------------------------------------

    def _client(self, authorization: str | None) -> FakeApp | None:
        scheme, _, encoded = (authorization or "").partition(" ")
        if scheme.lower() != "basic":
            return None
        try:
            client_id, _, secret = base64.b64decode(encoded, validate=True).decode().partition(":")
        except (binascii.Error, UnicodeDecodeError):
            return None
        app = self.apps.get(client_id)
        return (
            app
            if app is not None
            and secrets.compare_digest(app.client_secret.encode(), secret.encode())
            else None
        )

    def handle(
        self, path: str, method: str, query: str, headers: dict[str, str], body: bytes
    ) -> OAuthAnswer:
        if method != "POST":
            return _error(405, "invalid_request", "HTTP method not allowed, use POST")
        if parse_qs(query):
            return _error(400, "invalid_request", "OAuth 2.0 Parameter: grant_type")
        content_type = headers.get("content-type", "").split(";")[0].strip()
        if content_type != "application/x-www-form-urlencoded":
            return _error(400, "invalid_request", "OAuth 2.0 Parameter: grant_type")
        app = self._client(headers.get("authorization"))
        if app is None:
            return _error(401, "invalid_client", "Bad client credentials")
        form = {k: v[-1] for k, v in parse_qs(body.decode("utf-8", "replace")).items()}
        if path == "/auth/oauth/token" and self.malformed_next:
            self.malformed_next = False
            return OAuthAnswer(200, {"token_type": "bearer", "expires_in": self.access_lifetime})
        if path == "/auth/oauth/device":
            return self._device(app, form)
        grant = form.get("grant_type")
        if grant == DEVICE_GRANT:
            return self._poll(app, form.get("device_code", ""))
        if grant == "refresh_token":
            return self._refresh(app, form.get("refresh_token", ""))
        return _error(400, "unsupported_grant_type", f"Unsupported grant type: {grant}")

    def _device(self, app: FakeApp, form: dict[str, str]) -> OAuthAnswer:
        if not app.device:
            return _error(401, "unauthorized_client", "Client does not have the device_code grant.")
        if form.get("client_id") != app.client_id:
            return _error(400, "invalid_request", "OAuth 2.0 Parameter: client_id")
        code = secrets.token_urlsafe(24)
        user_code = "".join(secrets.choice("abcdefghjkmnpqrstuvwxyz23456789") for _ in range(9))
        self.devices[code] = DeviceCode(
            code,
            user_code,
            app.client_id,
            self.clock.now() + timedelta(seconds=self.device_lifetime),
            self.device_interval,
        )
        uri = f"{self.verification_base}/skojarz-aplikacje"
        return OAuthAnswer(
            200,
            {
                "device_code": code,
                "user_code": user_code,
                "expires_in": self.device_lifetime,
                "interval": self.device_interval,
                "verification_uri": uri,
                "verification_uri_complete": f"{uri}?code={user_code}",
            },
        )

    def _poll(self, app: FakeApp, code: str) -> OAuthAnswer:
        device = self.devices.get(code)
        now = self.clock.now()
        if (
            device is None
            or device.client_id != app.client_id
            or device.state == "used"
            or device.expires_at <= now
        ):
            return _error(400, "invalid_request", "Invalid device code")
        too_soon = device.last_poll is not None and (
            now - device.last_poll < timedelta(seconds=device.interval)
        )
        device.last_poll = now
        if too_soon:
            device.interval += 5
            return _error(400, "slow_down", "Too many requests, slow down")
        if device.state == "denied":
            return _error(400, "access_denied", "User denied access")
        if device.state == "pending" or device.seller is None:
            return _error(
                400, "authorization_pending", "User has not authorized the device code yet."
            )
        device.state = "used"
        return self._tokens(app, device.seller)

    def _refresh(self, app: FakeApp, value: str) -> OAuthAnswer:
        token = self.refresh.get(value)
        if (
            token is None
            or token.used
            or token.client_id != app.client_id
            or (token.expires_at <= self.clock.now())
        ):
            self.refused_refreshes += 1
            return _error(400, "invalid_grant", f"Invalid refresh token: {value[:6]}…")
        token.used = True
        self.refreshes += 1
        return self._tokens(app, token.seller)

    def _tokens(self, app: FakeApp, seller: str) -> OAuthAnswer:
        access, refresh = self.issue(app.client_id, seller)
        return OAuthAnswer(
            200,
            {
                "access_token": access,
                "token_type": "bearer",
                "refresh_token": refresh,
                "expires_in": self.access_lifetime,
                "scope": SCOPES,
                "allegro_api": True,
                "jti": secrets.token_hex(16),
            },
        )
