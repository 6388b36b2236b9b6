"""OAuth 2 with Allegro: connecting a seller account by the device flow, refreshing tokens.

Why the device flow: Kolektor runs in the shop's network, usually without a public address
for a redirect.  The office starts the flow in the panel, opens the link Allegro gives
(``verification_uri_complete``), logs in as the seller and confirms; Kolektor polls the
token endpoint until the tokens come (reference §3.2; #1584).

Rules followed here (all from Allegro's documentation and tracker, reference §3):

* ``/auth/oauth/token`` takes **POST only**, parameters in an
  ``application/x-www-form-urlencoded`` body, never the query string (#11867, #12028,
  #12133); the client authenticates with ``Authorization: Basic base64(id:secret)``.
* Poll answers: HTTP 400 ``authorization_pending`` (keep polling), ``slow_down`` (poll less
  often: the interval grows by 5 s, as RFC 8628 §3.5 says), ``access_denied`` (the seller
  refused), ``invalid_request`` "Invalid device code" (expired or already used: start
  over) — #2429, #8049, #11017, #13406.
* Every refresh returns a **new pair** and invalidates the old refresh token (#7625,
  #9045, #10918, #12931); using it again is ``invalid_grant``.  Store the new pair before
  using it (:mod:`kolektor.store.allegro_accounts`).
* Access tokens live 12 h (``expires_in`` 43199, #1174), refresh tokens 3 months.

The User-Agent is not required on ``/auth/oauth/*`` (#13632) but is sent anyway.  Nothing
here logs: tokens, codes and the secret never reach a log line or an exception message.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any, Final

import httpx

from kolektor.allegro import AllegroApp
from kolektor.allegro.errors import (
    AllegroError,
    api_error,
    bad_answer,
    parse_json,
    transport_error,
)

DEVICE_GRANT: Final = "urn:ietf:params:oauth:grant-type:device_code"
SLOW_DOWN_STEP: Final = 5
"""Seconds added to the polling interval on ``slow_down`` (RFC 8628 §3.5)."""


@dataclass(frozen=True, slots=True)
class DeviceAuthorization:
    """Allegro's answer to ``POST /auth/oauth/device``: the code the seller confirms."""

    device_code: str
    user_code: str
    verification_uri: str
    verification_uri_complete: str
    expires_in: int
    """Seconds the codes are valid (3600 in practice)."""
    interval: int
    """Seconds between polls (5 in practice)."""

    def __repr__(self) -> str:
        return f"DeviceAuthorization(user_code={self.user_code!r}, expires_in={self.expires_in})"


@dataclass(frozen=True, slots=True)
class TokenSet:
    """A token pair from ``/auth/oauth/token``."""

    access_token: str
    refresh_token: str
    expires_in: int
    scope: str = ""

    def __repr__(self) -> str:
        return f"TokenSet(expires_in={self.expires_in}, scope={self.scope!r})"

    def expires_at(self, received_at: datetime) -> datetime:
        return received_at + timedelta(seconds=self.expires_in)


class DeviceState(StrEnum):
    """Where a device authorization stands after one poll."""

    PENDING = "pending"
    """Not confirmed yet: poll again after the interval."""
    SLOW_DOWN = "slow_down"
    """Polled too often: poll again after the (now longer) interval."""
    DENIED = "denied"
    """The seller refused."""
    EXPIRED = "expired"
    """The code expired or was used already: start the flow again."""
    CONNECTED = "connected"
    """Tokens came."""


@dataclass(frozen=True, slots=True)
class DevicePoll:
    state: DeviceState
    interval: int
    """The interval to keep from now on."""
    tokens: TokenSet | None = None


def _basic(app: AllegroApp) -> str:
    pair = f"{app.client_id}:{app.client_secret}".encode()
    return "Basic " + base64.b64encode(pair).decode("ascii")


async def _post_form(
    http: httpx.AsyncClient, app: AllegroApp, path: str, form: dict[str, str]
) -> httpx.Response:
    try:
        return await http.post(
            f"{app.auth_base}{path}",
            data=form,
            headers={
                "Authorization": _basic(app),
                "Accept": "application/json",
                "User-Agent": app.user_agent,
            },
        )
    except httpx.HTTPError as error:
        raise transport_error(error) from None


def _auth_error(response: httpx.Response) -> tuple[str, str]:
    body = parse_json(response)
    if isinstance(body, dict) and isinstance(body.get("error"), str):
        return body["error"], str(body.get("error_description") or "")
    return "", ""


def _client_refused(response: httpx.Response, error: str, description: str) -> AllegroError:
    """The application itself is refused: a wrong Client ID or secret, or an app that may not
    use the device flow (``unauthorized_client`` "Client does not have the device_code
    grant.", #9828).  Not retryable: the configuration must change."""
    trace_id = response.headers.get("trace-id")
    if error == "unauthorized_client":
        return AllegroError(
            "app_not_device",
            "allegro.app_not_device",
            retryable=False,
            status=response.status_code,
            trace_id=trace_id,
        )
    if error == "invalid_client" or response.status_code == 401:
        return AllegroError(
            "invalid_client",
            "allegro.invalid_client",
            retryable=False,
            status=response.status_code,
            trace_id=trace_id,
        )
    return api_error(response)


def _int_field(body: dict[str, Any], name: str, response: httpx.Response) -> int:
    value = body.get(name)
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise bad_answer(response, f"{name}={str(value)[:40]}")
    return value


def _str_field(body: dict[str, Any], name: str, response: httpx.Response) -> str:
    value = body.get(name)
    if not isinstance(value, str) or not value:
        raise bad_answer(response, f"{name}")
    return value


async def start_device_flow(http: httpx.AsyncClient, app: AllegroApp) -> DeviceAuthorization:
    """``POST /auth/oauth/device`` (form ``client_id``): the codes to show the office."""
    response = await _post_form(http, app, "/auth/oauth/device", {"client_id": app.client_id})
    if response.status_code != 200:
        error, description = _auth_error(response)
        raise _client_refused(response, error, description)
    body = parse_json(response)
    if not isinstance(body, dict):
        raise bad_answer(response, "JSON")
    uri = _str_field(body, "verification_uri", response)
    return DeviceAuthorization(
        device_code=_str_field(body, "device_code", response),
        user_code=_str_field(body, "user_code", response),
        verification_uri=uri,
        verification_uri_complete=str(body.get("verification_uri_complete") or uri),
        expires_in=_int_field(body, "expires_in", response),
        interval=_int_field(body, "interval", response),
    )


def _tokens(response: httpx.Response) -> TokenSet:
    body = parse_json(response)
    if not isinstance(body, dict):
        raise bad_answer(response, "JSON")
    scope = body.get("scope")
    return TokenSet(
        access_token=_str_field(body, "access_token", response),
        refresh_token=_str_field(body, "refresh_token", response),
        expires_in=_int_field(body, "expires_in", response),
        scope=scope if isinstance(scope, str) else "",
    )


async def poll_device_token(
    http: httpx.AsyncClient, app: AllegroApp, device_code: str, *, interval: int
) -> DevicePoll:
    """One poll of the token endpoint for ``device_code``; ``interval`` is the one kept so
    far (it grows on ``slow_down``).  Transport failures, 429 and 5xx raise
    :class:`AllegroError` (retryable: poll again later)."""
    response = await _post_form(
        http, app, "/auth/oauth/token", {"grant_type": DEVICE_GRANT, "device_code": device_code}
    )
    if response.status_code == 200:
        return DevicePoll(DeviceState.CONNECTED, interval, _tokens(response))
    error, description = _auth_error(response)
    if response.status_code == 429 or response.status_code >= 500 or not error:
        raise api_error(response)
    if error == "authorization_pending":
        return DevicePoll(DeviceState.PENDING, interval)
    if error == "slow_down":
        return DevicePoll(DeviceState.SLOW_DOWN, interval + SLOW_DOWN_STEP)
    if error == "access_denied":
        return DevicePoll(DeviceState.DENIED, interval)
    if error in {"invalid_request", "invalid_grant", "expired_token"}:
        # "Invalid device code": expired or already used (#11017, #12133, #13406).
        return DevicePoll(DeviceState.EXPIRED, interval)
    raise _client_refused(response, error, description)


async def refresh_tokens(http: httpx.AsyncClient, app: AllegroApp, refresh_token: str) -> TokenSet:
    """A new pair for ``refresh_token`` (which stops working at once).  A refresh token
    already used, expired (90 days unused) or revoked is ``invalid_grant``:
    :class:`AllegroError` ``reauthorize`` — the office must connect the account again."""
    response = await _post_form(
        http,
        app,
        "/auth/oauth/token",
        {"grant_type": "refresh_token", "refresh_token": refresh_token},
    )
    if response.status_code == 200:
        return _tokens(response)
    error, description = _auth_error(response)
    if response.status_code == 429 or response.status_code >= 500 or not error:
        raise api_error(response)
    if error == "invalid_grant":
        raise AllegroError(
            "reauthorize",
            "allegro.refresh_refused",
            retryable=False,
            status=response.status_code,
            trace_id=response.headers.get("trace-id"),
        )
    raise _client_refused(response, error, description)
