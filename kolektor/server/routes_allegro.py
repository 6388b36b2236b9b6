"""``/api/allegro/accounts``: connecting Allegro seller accounts from the panel (admin only).

Connecting is Allegro's device flow (:mod:`kolektor.allegro.oauth`): ``POST`` starts it and
answers the code and the link the office opens; the panel then calls ``…/poll`` every
``interval`` seconds — Kolektor asks Allegro at most once per interval, whatever the panel
does — until the account is ``connected``, ``denied`` or ``expired``.  No answer ever holds
a token or the device code.  Routes, bodies and errors: ``docs/allegro.md``, *Office API*.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any, Final

import httpx
import trio
from quart import Quart, Response, g, jsonify

from kolektor.allegro import ENVIRONMENTS, AllegroApp, allegro_app, oauth
from kolektor.allegro.client import DEFAULT_TIMEOUT, fetch_me
from kolektor.allegro.errors import AllegroError
from kolektor.auth.keys import instance_secret
from kolektor.auth.sealed import Sealer
from kolektor.i18n import t
from kolektor.server import access
from kolektor.server.access import ApiError, Principal
from kolektor.server.app import AppState, language, to_json
from kolektor.store import allegro_accounts as accounts
from kolektor.store import audit
from kolektor.store.allegro_accounts import AllegroAccount
from kolektor.store.operators import Role
from kolektor.store.tables import utcnow

ADMINS: Final = frozenset({Role.ADMIN})
MAX_NAME: Final = 100


def account_json(account: AllegroAccount) -> dict[str, Any]:
    """An account as the API shows it: never a token."""
    pending = account.state == accounts.PENDING
    return {
        "id": account.id,
        "name": account.name,
        "environment": account.environment,
        "state": account.state,
        "login": account.login,
        "seller_id": account.seller_id,
        "access_expires_at": to_json(account.access_expires_at),
        "last_error": t(account.last_error, language()) if account.last_error else None,
        "user_code": account.user_code if pending else None,
        "verification_uri_complete": account.verification_uri if pending else None,
        "device_expires_at": to_json(account.device_expires_at) if pending else None,
        "interval": account.poll_interval if pending else None,
    }


def allegro_failure(error: AllegroError) -> ApiError:
    """How a failed Allegro call is answered: ``429 allegro_rate_limited`` with
    ``Retry-After``, else ``502 allegro_error``; both say whether trying again can help."""
    extra = {"reason": error.code, "retryable": error.retryable, "trace_id": error.trace_id}
    if error.code == "rate_limited":
        wait = math.ceil(error.retry_after or 60)
        return ApiError(
            429,
            "allegro_rate_limited",
            text=error.message(language()),
            headers={"Retry-After": str(wait)},
            extra={**extra, "retry_after": wait},
        )
    return ApiError(502, "allegro_error", text=error.message(language()), extra=extra)


def register(
    app: Quart,
    state: AppState,
    *,
    allegro: AllegroApp | None = None,
    now: Callable[[], datetime] = utcnow,
) -> None:
    """The routes; ``allegro`` defaults to the configured application
    (:func:`kolektor.allegro.allegro_app`)."""
    config = state.config
    store = state.store
    sealers: list[Sealer] = []

    def application() -> AllegroApp:
        found = allegro or allegro_app(config)
        if found is None:
            raise ApiError(
                409, "allegro_not_configured", text=t("allegro.not_configured", language())
            )
        return found

    async def sealer() -> Sealer:
        if not sealers:  # the key file may have to be read or made: not on the event loop
            sealers.append(Sealer(await trio.to_thread.run_sync(instance_secret, config)))
        return sealers[0]

    async def account_or_404(account_id: int) -> AllegroAccount:
        account = await store.read(accounts.get_account, account_id)
        if account is None:
            raise ApiError(404, "not_found")
        return account

    async def start_flow(chosen: AllegroApp) -> oauth.DeviceAuthorization:
        async with httpx.AsyncClient(timeout=DEFAULT_TIMEOUT) as http:
            try:
                return await oauth.start_device_flow(http, chosen)
            except AllegroError as error:
                raise allegro_failure(error) from None

    def flow_json(account: AllegroAccount) -> dict[str, Any]:
        return {
            "account": account_json(account),
            "user_code": account.user_code,
            "verification_uri_complete": account.verification_uri,
            "expires_at": to_json(account.device_expires_at),
            "interval": account.poll_interval,
        }

    @app.get("/api/allegro/accounts")
    @access.guard(state.auth, config, ADMINS)
    async def list_accounts() -> Response:
        found = await store.read(accounts.list_accounts)
        return jsonify({"accounts": [account_json(a) for a in found]})

    @app.post("/api/allegro/accounts")
    @access.guard(state.auth, config, ADMINS)
    async def connect_new() -> Response:
        principal: Principal = g.principal
        chosen = application()
        body = await access.read_object()
        unknown = set(body) - {"name", "environment"}
        if unknown:
            raise _bad_field(sorted(unknown)[0])
        name = body.get("name")
        if not isinstance(name, str) or not name.strip() or len(name) > MAX_NAME:
            raise _bad_field("name")
        environment = body.get("environment", chosen.environment)
        if environment not in ENVIRONMENTS or environment != chosen.environment:
            raise _bad_field("environment")
        flow = await start_flow(chosen)
        started = now()
        account_id = await store.run(
            _audited(accounts.create_pending, principal, "allegro.connect_started"),
            await sealer(),
            name=name.strip(),
            environment=environment,
            device_code=flow.device_code,
            user_code=flow.user_code,
            verification_uri=flow.verification_uri_complete,
            expires_at=started + timedelta(seconds=flow.expires_in),
            interval=flow.interval,
            now=started,
        )
        response = jsonify(flow_json(await account_or_404(account_id)))
        response.status_code = 201
        return response

    @app.post("/api/allegro/accounts/<id:account_id>/connect")
    @access.guard(state.auth, config, ADMINS)
    async def connect_again(account_id: int) -> Response:
        principal: Principal = g.principal
        chosen = application()
        account = await account_or_404(account_id)
        if account.environment != chosen.environment:
            raise _bad_field("environment")
        flow = await start_flow(chosen)
        started = now()
        await store.run(
            _audited(
                accounts.restart_device_flow, principal, "allegro.connect_started", account_id
            ),
            await sealer(),
            account_id,
            device_code=flow.device_code,
            user_code=flow.user_code,
            verification_uri=flow.verification_uri_complete,
            expires_at=started + timedelta(seconds=flow.expires_in),
            interval=flow.interval,
            now=started,
        )
        return jsonify(flow_json(await account_or_404(account_id)))

    @app.post("/api/allegro/accounts/<id:account_id>/poll")
    @access.guard(state.auth, config, ADMINS)
    async def poll(account_id: int) -> Response:
        chosen = application()
        account = await account_or_404(account_id)
        opened = await sealer()
        device = await store.read(accounts.pending_device, opened, account_id)
        if device is None:
            return _state(account, language())
        moment = now()
        if accounts.device_expired(device, moment):
            await store.run(
                accounts.end_device_flow,
                account_id,
                accounts.EXPIRED,
                "allegro.device.expired",
                now=moment,
            )
            return _state(await account_or_404(account_id), language())
        wait = (accounts.next_poll_at(device) - moment).total_seconds()
        if wait > 0:
            seconds = math.ceil(wait)
            return _answer(
                accounts.PENDING,
                t("allegro.device.wait", language(), seconds=seconds),
                retry_after=seconds,
            )
        async with httpx.AsyncClient(timeout=DEFAULT_TIMEOUT) as http:
            try:
                result = await oauth.poll_device_token(
                    http, chosen, device.device_code, interval=device.interval
                )
            except AllegroError as error:
                await store.run(
                    accounts.record_poll, account_id, interval=device.interval, now=moment
                )
                raise allegro_failure(error) from None
            if result.state in {oauth.DeviceState.PENDING, oauth.DeviceState.SLOW_DOWN}:
                await store.run(
                    accounts.record_poll, account_id, interval=result.interval, now=moment
                )
                key = (
                    "allegro.device.slow_down"
                    if result.state is oauth.DeviceState.SLOW_DOWN
                    else "allegro.device.pending"
                )
                text = t(
                    key, language(), user_code=account.user_code or "", seconds=result.interval
                )
                return _answer(accounts.PENDING, text, retry_after=result.interval)
            if result.state is not oauth.DeviceState.CONNECTED or result.tokens is None:
                ended = (
                    accounts.DENIED
                    if result.state is oauth.DeviceState.DENIED
                    else accounts.EXPIRED
                )
                await store.run(
                    accounts.end_device_flow,
                    account_id,
                    ended,
                    f"allegro.device.{ended}",
                    now=moment,
                )
                return _state(await account_or_404(account_id), language())
            tokens = result.tokens
            try:
                seller_id, login = await fetch_me(http, chosen, tokens.access_token)
            except AllegroError:  # the tokens must be kept anyway: the device code is spent
                seller_id, login = None, None
        await store.run(
            accounts.mark_connected,
            opened,
            account_id,
            access=tokens.access_token,
            refresh=tokens.refresh_token,
            expires_at=tokens.expires_at(moment),
            scope=tokens.scope or None,
            login=login,
            seller_id=seller_id,
            now=moment,
        )
        return _state(await account_or_404(account_id), language())

    @app.delete("/api/allegro/accounts/<id:account_id>")
    @access.guard(state.auth, config, ADMINS)
    async def disconnect(account_id: int) -> Response:
        principal: Principal = g.principal
        await account_or_404(account_id)
        await store.run(
            _audited(accounts.disconnect, principal, "allegro.disconnected", account_id), account_id
        )
        return Response(b"", status=204)


def _bad_field(name: str) -> ApiError:
    return ApiError(400, "bad_field", field=name, extra={"field": name})


def _answer(state: str, message: str, **extra: Any) -> Response:
    return jsonify({"state": state, "message": message, **extra})


def _state(account: AllegroAccount, lang: Any) -> Response:
    """The poll's answer for an account whose flow has ended (or never ran)."""
    if account.state == accounts.CONNECTED:
        message = t("allegro.device.connected", lang, login=account.login or account.name)
    elif account.state in {accounts.DENIED, accounts.EXPIRED}:
        message = t(f"allegro.device.{account.state}", lang)
    else:
        message = t("allegro.device.not_pending", lang, state=account.state)
    return jsonify({"state": account.state, "message": message, "account": account_json(account)})


def _audited(
    fn: Callable[..., Any], principal: Principal, action: str, account_id: int | None = None
) -> Callable[..., Any]:
    """``fn`` and its audit entry (target ``allegro_accounts:<id>``: ``account_id``, else the
    id ``fn`` returns) in one transaction."""

    def call(conn: Any, *args: Any, **kwargs: Any) -> Any:
        result = fn(conn, *args, **kwargs)
        target = f"allegro_accounts:{account_id if account_id is not None else result}"
        audit.record(conn, actor=principal.actor, action=action, target=target, details=None)
        return result

    return call
