"""One seller account's REST API client: a valid access token on every call, Allegro's
headers, and its rules for 401 and 429.

* **Tokens.**  An access token with less than :data:`REFRESH_MARGIN` left is refreshed
  before the call.  In one process the account's callers share a :class:`trio.Lock`, so
  two of them refresh once and both use the new token; across processes the store's
  ``token_version`` decides (:func:`kolektor.store.allegro_accounts.replace_tokens`): the
  loser re-reads the winner's pair.  A refresh answered ``invalid_grant`` is first checked
  against the store — another process may have used the token a moment ago and be storing
  its pair — and only then is the account marked ``needs_login``.
* **401** on a call: the token was revoked or expired early — refresh once and retry once.
* **429**: the Client ID is blocked for a minute and requests during the block extend it
  (#3454), so the :class:`RateGate` of the application refuses every call of every account
  until the minute is over, without sending anything.
* Headers: ``Accept``/``Content-Type: application/vnd.allegro.public.v1+json``, the
  User-Agent Allegro requires (:attr:`AllegroApp.user_agent`), ``Accept-Language: pl-PL``
  (``userMessage`` in Polish).

Errors are :class:`kolektor.allegro.errors.AllegroError` (a
:class:`~kolektor.shipping.carrier.CarrierError`).  Tokens are never logged.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Final

import httpx
import trio

from kolektor.allegro import MEDIA_TYPE, AllegroApp, oauth
from kolektor.allegro.errors import (
    BLOCK_SECONDS,
    AllegroError,
    api_error,
    parse_json,
    transport_error,
)
from kolektor.auth.sealed import SealBroken, Sealer
from kolektor.logs import log_event
from kolektor.store import allegro_accounts as accounts
from kolektor.store.engine import Store
from kolektor.store.tables import utcnow

logger = logging.getLogger("kolektor.allegro")

REFRESH_MARGIN: Final = timedelta(minutes=5)
"""An access token with less left than this is refreshed before use."""

DEFAULT_TIMEOUT: Final = httpx.Timeout(30.0, connect=5.0)
"""Allegro's label and proposal endpoints can take seconds (504 is documented)."""

NEEDS_LOGIN_REASON: Final = "allegro.refresh_refused"

Clock = Callable[[], datetime]


class RateGate:
    """The 429 block of one Client ID in this process: while it lasts, calls fail at once
    with ``rate_limited`` instead of reaching Allegro (which would extend it)."""

    def __init__(self) -> None:
        self._until = -math.inf

    def remaining(self) -> float:
        return max(0.0, self._until - trio.current_time())

    def check(self) -> None:
        left = self.remaining()
        if left > 0:
            raise AllegroError(
                "rate_limited",
                "allegro.rate_limited",
                retryable=True,
                retry_after=left,
                seconds=math.ceil(left),
            )

    def block(self, seconds: float) -> None:
        self._until = max(self._until, trio.current_time() + seconds)


@dataclass(frozen=True, slots=True)
class ApiAnswer:
    status: int
    headers: httpx.Headers
    content: bytes
    body: Any
    """The parsed JSON, None for an empty or non-JSON body."""

    @property
    def trace_id(self) -> str | None:
        value = self.headers.get("trace-id")
        return value if isinstance(value, str) else None


class AllegroClient:
    """The API as one account (``allegro_accounts.id``) sees it.  Make them through
    :class:`AllegroClients`, which shares the HTTP client, the 429 gate and each account's
    lock within the process."""

    def __init__(
        self,
        app: AllegroApp,
        store: Store,
        sealer: Sealer,
        account_id: int,
        *,
        http: httpx.AsyncClient,
        gate: RateGate,
        now: Clock = utcnow,
        settle: float = 2.0,
    ) -> None:
        self.app = app
        self.account_id = account_id
        self._store = store
        self._sealer = sealer
        self._http = http
        self._gate = gate
        self._now = now
        self._settle = settle
        """How long to watch the store for another process's pair after ``invalid_grant``."""
        self._lock = trio.Lock()

    async def call(
        self,
        method: str,
        path: str,
        *,
        json: Any = None,
        params: Mapping[str, str | Sequence[str]] | None = None,
        accept: str = MEDIA_TYPE,
        ok: Sequence[int] = (200,),
    ) -> ApiAnswer:
        """``method path`` on the API host; the answer when its status is in ``ok``,
        :class:`AllegroError` otherwise."""
        self._gate.check()
        tokens = await self._tokens()
        response = await self._send(method, path, tokens.access_token, json, params, accept)
        if response.status_code == 401:
            tokens = await self._tokens(stale=tokens)
            response = await self._send(method, path, tokens.access_token, json, params, accept)
        if response.status_code == 429:
            error = api_error(response)
            self._gate.block(error.retry_after or BLOCK_SECONDS)
            log_event(
                logger,
                "allegro.rate_limited",
                logging.WARNING,
                account=self.account_id,
                seconds=error.retry_after,
                trace_id=error.trace_id,
            )
            raise error
        if response.status_code not in ok:
            raise api_error(response)
        return ApiAnswer(
            response.status_code, response.headers, response.content, parse_json(response)
        )

    async def _send(
        self,
        method: str,
        path: str,
        access_token: str,
        body: Any,
        params: Mapping[str, str | Sequence[str]] | None,
        accept: str,
    ) -> httpx.Response:
        headers = {
            "Authorization": f"Bearer {access_token}",
            "Accept": accept,
            "Accept-Language": "pl-PL",
            "User-Agent": self.app.user_agent,
        }
        if body is not None:
            headers["Content-Type"] = MEDIA_TYPE
        try:
            return await self._http.request(
                method,
                f"{self.app.api_base}{path}",
                json=body,
                params=params,
                headers=headers,
            )
        except httpx.HTTPError as error:
            raise transport_error(error) from None

    async def _load(self) -> accounts.AccountTokens:
        try:
            tokens = await self._store.read(accounts.load_tokens, self._sealer, self.account_id)
        except SealBroken:
            raise AllegroError("reauthorize", "allegro.seal_broken", retryable=False) from None
        if tokens is None or tokens.state != accounts.CONNECTED:
            raise AllegroError(
                "reauthorize",
                "allegro.account_not_connected",
                retryable=False,
                account=self.account_id,
            )
        return tokens

    async def _tokens(
        self, *, stale: accounts.AccountTokens | None = None
    ) -> accounts.AccountTokens:
        """A usable pair: the stored one while it has time left, else a refreshed one.
        ``stale``: Allegro refused its access token (401) — refresh unless someone already
        did."""
        async with self._lock:
            tokens = await self._load()
            if stale is not None:
                if tokens.token_version != stale.token_version:
                    return tokens
            elif tokens.access_expires_at - self._now() > REFRESH_MARGIN:
                return tokens
            return await self._refresh(tokens)

    async def _refresh(self, tokens: accounts.AccountTokens) -> accounts.AccountTokens:
        started = self._now()
        try:
            new = await oauth.refresh_tokens(self._http, self.app, tokens.refresh_token)
        except AllegroError as error:
            if error.code != "reauthorize":
                raise
            theirs = await self._newer_than(tokens.token_version)
            if theirs is not None:
                return theirs
            await self._store.run(
                accounts.mark_needs_login,
                self.account_id,
                NEEDS_LOGIN_REASON,
                expected_version=tokens.token_version,
            )
            log_event(
                logger,
                "allegro.needs_login",
                logging.WARNING,
                account=self.account_id,
                trace_id=error.trace_id,
            )
            raise
        stored = await self._store.run(
            accounts.replace_tokens,
            self._sealer,
            self.account_id,
            tokens.token_version,
            new.access_token,
            new.refresh_token,
            new.expires_at(started),
        )
        log_event(logger, "allegro.tokens_refreshed", account=self.account_id, stored=stored)
        return await self._load()

    async def _newer_than(self, version: int) -> accounts.AccountTokens | None:
        """Another process's pair, if one appears within :attr:`_settle` seconds."""
        with trio.move_on_after(self._settle):
            while True:
                try:
                    tokens = await self._load()
                except AllegroError:
                    return None
                if tokens.token_version > version:
                    return tokens
                await trio.sleep(0.05)
        return None


async def fetch_me(
    http: httpx.AsyncClient, app: AllegroApp, access_token: str
) -> tuple[str | None, str | None]:
    """``GET /me`` with a token not stored yet (the end of a device flow): the seller's
    (id, login)."""
    try:
        response = await http.get(
            f"{app.api_base}/me",
            headers={
                "Authorization": f"Bearer {access_token}",
                "Accept": MEDIA_TYPE,
                "Accept-Language": "pl-PL",
                "User-Agent": app.user_agent,
            },
        )
    except httpx.HTTPError as error:
        raise transport_error(error) from None
    if response.status_code != 200:
        raise api_error(response)
    body = parse_json(response)
    if not isinstance(body, dict):
        raise AllegroError("bad_answer", "allegro.bad_answer", retryable=True, problem="JSON")
    seller_id, login = body.get("id"), body.get("login")
    return (
        seller_id if isinstance(seller_id, str) else None,
        login if isinstance(login, str) else None,
    )


class AllegroClients:
    """The accounts of one Allegro application in this process: one HTTP client, one 429
    gate for the Client ID, one :class:`AllegroClient` (and lock) per account."""

    def __init__(
        self,
        app: AllegroApp,
        store: Store,
        sealer: Sealer,
        *,
        http: httpx.AsyncClient | None = None,
        now: Clock = utcnow,
        settle: float = 2.0,
    ) -> None:
        self.app = app
        self.store = store
        self.sealer = sealer
        self.http = http or httpx.AsyncClient(timeout=DEFAULT_TIMEOUT)
        self.gate = RateGate()
        self.now = now
        self._settle = settle
        self._clients: dict[int, AllegroClient] = {}

    def account(self, account_id: int) -> AllegroClient:
        client = self._clients.get(account_id)
        if client is None:
            client = AllegroClient(
                self.app,
                self.store,
                self.sealer,
                account_id,
                http=self.http,
                gate=self.gate,
                now=self.now,
                settle=self._settle,
            )
            self._clients[account_id] = client
        return client

    async def aclose(self) -> None:
        await self.http.aclose()
