"""Logging people and devices in, keeping their sessions, and ending them.

:class:`AuthService` is shared by the HTTP routes and the scanner sockets of one server:

* **Logins** read what they need from the store (a read transaction), check throttling
  (:mod:`.throttle`), verify the secret in the argon2 pool (:mod:`.hashing`) — never inside a
  transaction — and record the outcome in one small write: a success resets the counters and
  starts a session; a failure counts against the account and the source address and goes
  to the log and the audit trail.  Attempts from one source address, and on one account,
  run one at a time, so parallel guesses cannot slip past the counters.
* **Sessions**: office logins get a session whose token goes into a cookie, with a CSRF
  token; scanners get a device session whose token the app keeps to reconnect.  Scripts may
  use HTTP Basic, checked the same way and remembered for a minute.
* **Revocation**: a background task (:meth:`AuthService.run`) re-checks every live scanner
  connection's session every :data:`WATCH_INTERVAL` seconds (and at once when an operator is
  changed through this server) and tells the connections whose session ended — operator
  deactivated, demoted, PIN or badge changed, logged out elsewhere, idle or expired.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import logging
import math
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any, Final, Protocol

import trio
from sqlalchemy.engine import Connection

from kolektor.auth import throttle
from kolektor.auth.hashing import Hashing, HashingBusy
from kolektor.auth.keys import badge_hash, badge_hint, new_token, token_hash
from kolektor.config import SecuritySettings
from kolektor.logs import log_event
from kolektor.store import audit
from kolektor.store import operators as operator_store
from kolektor.store import sessions as session_store
from kolektor.store.engine import Store
from kolektor.store.operators import (
    BADGE_ONLY_ROLES,
    SCANNER_ROLES,
    Credentials,
    Operator,
    Role,
)
from kolektor.store.sessions import EndReason, SessionKind, SessionRecord
from kolektor.store.tables import utcnow

logger = logging.getLogger("kolektor.auth")

OFFICE_ROLES: Final = frozenset({Role.OFFICE, Role.SUPERVISOR, Role.ADMIN})
"""Roles that may log in to the office API and panel."""

WATCH_INTERVAL: Final = 2.0
"""Seconds between checks of the live scanner sessions (how soon a revocation lands)."""
TOUCH_INTERVAL: Final = 30.0
"""Seconds between writes of sessions' last use."""
BASIC_CACHE_SECONDS: Final = 60.0
SESSION_RETENTION: Final = timedelta(days=30)
AUDIT_BUFFER: Final = 10_000
"""Failed logins of unknown accounts waiting to be written to the audit trail."""
"""Ended sessions are kept this long (who was logged in where), then deleted."""


class LoginRefused(Exception):
    """A login that did not succeed.  ``code`` is the stable error code:

    ``login_failed`` (unknown badge/login or wrong secret — never says which),
    ``pin_required`` (the badge needs a PIN too), ``login_throttled`` / ``account_locked``
    (wait ``retry_after`` seconds, or ask a supervisor), ``forbidden`` (right secret, but the
    role cannot log in here), ``busy`` (too many logins being checked; try again soon)."""

    def __init__(self, code: str, *, retry_after: int | None = None) -> None:
        super().__init__(code)
        self.code = code
        self.retry_after = retry_after


class SessionEnded(Exception):
    """A session token that is unknown or no longer live; ``reason`` says why."""

    def __init__(self, reason: EndReason | None) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True, slots=True)
class Client:
    """Who is asking: the source address (for throttling and the audit) and user agent."""

    source: str
    user_agent: str | None = None


@dataclass(frozen=True, slots=True)
class LoggedIn:
    operator: Operator
    session: SessionRecord | None
    token: str | None = None
    """The session's secret token — only right after it was created."""


class LiveSession(Protocol):
    """A scanner connection holding a device session (see :meth:`AuthService.attach`)."""

    @property
    def session_id(self) -> str | None: ...

    async def session_ended(self, reason: EndReason) -> None: ...


class _KeyedLocks:
    """One :class:`trio.Lock` per key, forgotten when nobody holds or waits for it."""

    def __init__(self) -> None:
        self._locks: dict[str, tuple[trio.Lock, int]] = {}

    @asynccontextmanager
    async def hold(self, key: str) -> AsyncIterator[None]:
        lock, users = self._locks.get(key) or (trio.Lock(), 0)
        self._locks[key] = (lock, users + 1)
        try:
            async with lock:
                yield
        finally:
            lock, users = self._locks[key]
            if users <= 1:
                del self._locks[key]
            else:
                self._locks[key] = (lock, users - 1)


def _state(credentials: Credentials) -> throttle.AccountState:
    return throttle.AccountState(
        failed_logins=credentials.operator.failed_logins,
        last_failed_at=credentials.last_failed_at,
        locked_until=credentials.operator.locked_until,
        lockouts=credentials.lockouts,
    )


class AuthService:
    def __init__(
        self,
        store: Store,
        settings: SecuritySettings,
        badge_key: bytes,
        *,
        policy: throttle.Policy = throttle.DEFAULT_POLICY,
        hashing: Hashing | None = None,
        clock: Callable[[], datetime] = utcnow,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.store = store
        self.settings = settings
        self.policy = policy
        self.hashing = hashing or Hashing()
        self.sources = throttle.SourceThrottle(policy)
        self._badge_key = badge_key
        self._clock = clock
        self._monotonic = monotonic
        self._locks = _KeyedLocks()
        self._basic: dict[str, tuple[int, int, float]] = {}
        self._seen: dict[str, datetime] = {}
        self._live: dict[int, LiveSession] = {}
        self._check_now = trio.Event()
        self._quiet_until: dict[str, tuple[float, int]] = {}
        self._audit: list[audit.Pending] = []
        self._audit_dropped = 0
        self._account_ready: dict[str, float] = {}
        """Account key → when (steady clock) its next attempt may come, after a failure."""
        self._badge_probes: dict[tuple[str, str], float] = {}
        """(source, badge hash) → when a known badge came without its PIN (see
        :meth:`_Attempt.badge_alone`)."""

    @property
    def badge_key(self) -> bytes:
        """The key badge codes are hashed with (for creating and changing operators)."""
        return self._badge_key

    # -- lifetimes ---------------------------------------------------------------------------

    @property
    def office_lifetime(self) -> timedelta:
        return timedelta(hours=self.settings.office_session_hours)

    @property
    def office_idle(self) -> timedelta:
        return timedelta(minutes=self.settings.office_idle_minutes)

    @property
    def device_lifetime(self) -> timedelta:
        return timedelta(hours=self.settings.device_session_hours)

    @property
    def device_idle(self) -> timedelta:
        return timedelta(minutes=self.settings.device_idle_minutes)

    # -- logins ------------------------------------------------------------------------------

    async def login_office(
        self, login: str, password: str, client: Client, *, replaces: str | None = None
    ) -> LoggedIn:
        """Check login and password and start an office session (cookie + CSRF token)."""
        operator = await self._password_login(login, password, client, method="password")
        token = new_token()
        session = await self._start(
            operator, SessionKind.OFFICE, token, client,
            csrf_token=new_token(), replaces=[token_hash(replaces)] if replaces else [],
        )  # fmt: skip
        return LoggedIn(operator, session, token)

    async def basic(self, login: str, password: str, client: Client) -> Operator:
        """HTTP Basic for scripts: checked like a login (throttled, audited), remembered for
        :data:`BASIC_CACHE_SECONDS` so a script's burst costs one argon2 check."""
        key = hmac.new(self._badge_key, f"{login}\0{password}".encode(), hashlib.sha256).hexdigest()
        cached = self._basic.get(key)
        if cached is not None and cached[2] > self._monotonic():
            operator = await self.store.read(operator_store.get_operator, cached[0])
            if operator is not None and operator.active and operator.security_stamp == cached[1]:
                return operator
            self._basic.pop(key, None)
        operator = await self._password_login(login, password, client, method="basic")
        if len(self._basic) >= 256:
            now = self._monotonic()
            self._basic = {k: v for k, v in self._basic.items() if v[2] > now}
            while len(self._basic) >= 256:
                self._basic.pop(next(iter(self._basic)))
        expires = self._monotonic() + BASIC_CACHE_SECONDS
        self._basic[key] = (operator.id, operator.security_stamp, expires)
        return operator

    async def _password_login(
        self, login: str, password: str, client: Client, *, method: str
    ) -> Operator:
        async with self._attempt(client, _login_key(login)) as attempt:
            found = await self.store.read(operator_store.credentials_by_login, login)
            return await attempt.verify(
                found, password, secret="password", method=method, target=f"login:{login[:64]}",
                roles=OFFICE_ROLES,
            )  # fmt: skip

    async def login_device(
        self,
        client: Client,
        device_id: str,
        *,
        badge: str | None = None,
        login: str | None = None,
        pin: str | None = None,
        replaces: str | None = None,
    ) -> LoggedIn:
        """A scanner login: badge + PIN, login + PIN, or the badge alone for an operator an
        admin allowed it.  Starts a device session.  :class:`LoginRefused` otherwise —
        ``pin_required`` when a badge comes without the PIN it needs."""
        hashed = badge_hash(self._badge_key, badge) if badge is not None else ""
        key = f"badge:{hashed}" if badge is not None else _login_key(login or "")
        async with self._attempt(client, key) as attempt:
            if badge is not None:
                found = await self.store.read(operator_store.credentials_by_badge, hashed)
                target = f"badge:{badge_hint(badge)}"
                if pin is None:
                    operator = await attempt.badge_alone(found, target=target, hashed=hashed)
                else:
                    operator = await attempt.verify(
                        found, pin, secret="pin", method="badge+pin", target=target,
                        roles=SCANNER_ROLES,
                    )  # fmt: skip
                    self._refund_probe(client.source, hashed)
            elif login is not None and pin is not None:
                found = await self.store.read(operator_store.credentials_by_login, login)
                operator = await attempt.verify(
                    found, pin, secret="pin", method="login+pin", target=f"login:{login[:64]}",
                    roles=SCANNER_ROLES,
                )  # fmt: skip
            else:
                raise LoginRefused("login_failed")
        token = new_token()
        session = await self._start(
            operator, SessionKind.DEVICE, token, client, device_id=device_id,
            replaces=[token_hash(replaces)] if replaces else [],
        )  # fmt: skip
        return LoggedIn(operator, session, token)

    async def authorize(
        self,
        client: Client,
        *,
        badge: str | None = None,
        login: str | None = None,
        pin: str,
        roles: frozenset[Role],
    ) -> Operator:
        """A person vouching on someone else's handheld (a supervisor allowing a typed
        quantity) with their badge or login and PIN: checked exactly like a scanner login
        — the same throttling of the device's address and of *their* account, failures
        counted, logged and audited against them — but no session is started.  Their role
        must be one of ``roles``.  :class:`LoginRefused` otherwise: ``login_failed`` (unknown,
        wrong PIN, inactive), ``forbidden`` (another role), ``login_throttled``,
        ``account_locked``, ``busy``.  The PIN is never logged."""
        if badge is not None:
            hashed = badge_hash(self._badge_key, badge)
            async with self._attempt(client, f"badge:{hashed}") as attempt:
                found = await self.store.read(operator_store.credentials_by_badge, hashed)
                return await attempt.verify(
                    found, pin, secret="pin", method="authorization", roles=roles,
                    target=f"badge:{badge_hint(badge)}",
                )  # fmt: skip
        async with self._attempt(client, _login_key(login or "")) as attempt:
            found = await self.store.read(operator_store.credentials_by_login, login or "")
            return await attempt.verify(
                found, pin, secret="pin", method="authorization", roles=roles,
                target=f"login:{(login or '')[:64]}",
            )  # fmt: skip

    @asynccontextmanager
    async def _attempt(self, client: Client, account: str) -> AsyncIterator[_Attempt]:
        """One login attempt from ``client`` on ``account`` (its login or badge key):
        refused at once while its address must wait — saying the longer of that wait and
        the account's, as far as this process knows it, so one wait is enough; attempts
        from one address run one after another."""
        async with self._locks.hold(f"source:{client.source}"):
            now = self._monotonic()
            wait = self.sources.check(client.source, now)
            if wait is not None:
                account_wait = self._account_ready.get(account, now) - now
                retry = max(wait.retry_after, math.ceil(account_wait))
                wait = throttle.Wait(wait.refusal, retry)
                self._log_refusal(client, wait)
                raise LoginRefused(wait.refusal.value, retry_after=wait.retry_after)
            yield _Attempt(self, client, account)

    def audit_later(
        self, actor: str, action: str, target: str | None, details: dict[str, Any] | None = None
    ) -> None:
        """Queue an audit entry for the next batch (:meth:`flush_audit`); at most
        :data:`AUDIT_BUFFER` wait — beyond that they are counted, and the count is logged."""
        if len(self._audit) >= AUDIT_BUFFER:
            self._audit_dropped += 1
            return
        self._audit.append(audit.Pending(self._clock(), actor, action, target, details))

    async def flush_audit(self) -> None:
        """Write the queued audit entries in one transaction (kept for the next try when
        the store does not answer)."""
        if self._audit_dropped:
            log_event(logger, "auth.audit_dropped", logging.WARNING, count=self._audit_dropped)
            self._audit_dropped = 0
        if not self._audit:
            return
        batch, self._audit = self._audit, []
        try:
            await self.store.run(audit.record_many, batch)
        except BaseException:
            self._audit = (batch + self._audit)[:AUDIT_BUFFER]
            raise

    def _note_account_wait(self, account: str, failure: throttle.AccountFailure) -> None:
        policy = self.policy
        wait = throttle.backoff(
            failure.failed_logins, policy.account_free_failures, policy.account_max_delay
        )
        if failure.locked_until is not None:
            wait = max(wait, (failure.locked_until - self._clock()).total_seconds())
        self._account_ready[account] = self._monotonic() + wait
        while len(self._account_ready) > 10_000:
            self._account_ready.pop(next(iter(self._account_ready)))

    def _remember_probe(self, source: str, hashed: str, at: float) -> None:
        self._badge_probes[(source, hashed)] = at
        while len(self._badge_probes) > 10_000:
            self._badge_probes.pop(next(iter(self._badge_probes)))

    def _refund_probe(self, source: str, hashed: str) -> None:
        at = self._badge_probes.pop((source, hashed), None)
        if at is not None:
            self.sources.refund(source, at)

    def _log_refusal(self, client: Client, wait: throttle.Wait) -> None:
        """Throttled attempts are logged once per address per 10 s, with how many there were."""
        now = self._monotonic()
        until, count = self._quiet_until.get(client.source, (0.0, 0))
        if now < until:
            self._quiet_until[client.source] = (until, count + 1)
            return
        log_event(logger, "auth.throttled", logging.WARNING, source=client.source,
                  refusal=wait.refusal.value, retry_after=wait.retry_after,
                  suppressed=count)  # fmt: skip
        self._quiet_until[client.source] = (now + 10.0, 0)
        if len(self._quiet_until) > 10_000:
            self._quiet_until = {k: v for k, v in self._quiet_until.items() if v[0] > now}

    async def _start(
        self,
        operator: Operator,
        kind: SessionKind,
        token: str,
        client: Client,
        *,
        csrf_token: str | None = None,
        device_id: str | None = None,
        replaces: list[str],
    ) -> SessionRecord:
        office = kind is SessionKind.OFFICE
        return await self.store.run(
            session_store.create_session,
            session_id=token_hash(token),
            operator=operator,
            kind=kind,
            lifetime=self.office_lifetime if office else self.device_lifetime,
            idle=self.office_idle if office else self.device_idle,
            device_id=device_id,
            csrf_token=csrf_token,
            source=client.source,
            user_agent=client.user_agent,
            replaces=replaces,
            now=self._clock(),
        )

    # -- sessions ----------------------------------------------------------------------------

    async def session(
        self, token: str, kind: SessionKind, *, activity: bool = True
    ) -> tuple[SessionRecord, Operator]:
        """The live session of ``token`` and its operator as they are now; marks it used
        when ``activity`` (an office request is; a scanner reconnecting is not — only what
        the operator does keeps a device session from going idle).
        :class:`SessionEnded` when the token is unknown, of another kind, or not live."""
        if not token or len(token) > 200:
            raise SessionEnded(None)
        found = await self.store.read(session_store.load_session, token_hash(token))
        if found is None or found[0].kind is not kind:
            raise SessionEnded(None)
        session, operator = found
        reason = self._why_not_live(session, operator)
        if reason is not None:
            if session.ended_at is None:
                await self.store.run(session_store.end_session, session.id, reason)
            raise SessionEnded(reason)
        if activity:
            self.seen(session.id)
        return session, operator

    async def resume_device(self, token: str, device_id: str) -> LoggedIn:
        """A scanner reconnecting with its session token (no PIN asked again)."""
        session, operator = await self.session(token, SessionKind.DEVICE, activity=False)
        if session.device_id != device_id or operator.role not in SCANNER_ROLES:
            raise SessionEnded(None)
        return LoggedIn(operator, session)

    def _why_not_live(self, session: SessionRecord, operator: Operator) -> EndReason | None:
        seen = self._seen.get(session.id)
        if seen is not None and seen > session.last_seen_at:
            session = replace(session, last_seen_at=seen)
        return session_store.why_not_live(session, operator, self._clock())

    def seen(self, session_id: str) -> None:
        """The session was used now (written to the store every :data:`TOUCH_INTERVAL`)."""
        self._seen[session_id] = self._clock()

    async def logout(self, session_id: str) -> None:
        await self.store.run(session_store.end_session, session_id, EndReason.LOGOUT)
        self._seen.pop(session_id, None)

    # -- operators changed -------------------------------------------------------------------

    async def unlock(self, operator_id: int, *, actor: str) -> Operator:
        """Lift an operator's lockout (supervisor or admin)."""
        operator = await self.store.run(operator_store.unlock, operator_id, actor=actor)
        log_event(logger, "auth.unlocked", operator=operator.login, by=actor)
        return operator

    async def end_operator_sessions(self, operator_id: int, *, actor: str) -> int:
        """Log an operator out everywhere now (e.g. a lost scanner); how many sessions."""

        def end(conn: Connection) -> list[str]:
            ended = session_store.end_operator_sessions(conn, operator_id, EndReason.REVOKED)
            operator = operator_store.get_operator(conn, operator_id)
            # Named like every other entry about an operator (the audit page's history).
            target = f"operator:{operator.login}" if operator else f"operator_id:{operator_id}"
            details = {"count": len(ended)}
            audit.record(conn, actor=actor, action="sessions.ended", target=target, details=details)
            return ended

        ended = await self.store.run(end)
        self.operator_changed(operator_id)
        return len(ended)

    def operator_changed(self, operator_id: int) -> None:
        """An operator's access changed through this server: re-check live sessions now."""
        self._basic = {k: v for k, v in self._basic.items() if v[0] != operator_id}
        self._check_now.set()

    # -- live scanner sessions ---------------------------------------------------------------

    def attach(self, connection: LiveSession) -> None:
        """Watch ``connection``'s session until :meth:`detach`."""
        self._live[id(connection)] = connection

    def detach(self, connection: LiveSession) -> None:
        self._live.pop(id(connection), None)

    @property
    def live_connections(self) -> int:
        return len(self._live)

    async def run(self, *, task_status: trio.TaskStatus[None] = trio.TASK_STATUS_IGNORED) -> None:
        """The watch: ends sessions that stopped being live and tells their connections;
        writes sessions' last use; deletes old ended sessions.  A failed round (the store
        unreachable) is logged and retried; it never stops the server."""
        task_status.started()
        try:
            await self._watch()
        finally:
            with trio.move_on_after(5, shield=True), contextlib.suppress(Exception):
                await self.flush_audit()  # what waits is written before stopping

    async def _watch(self) -> None:
        last_touch = last_purge = trio.current_time()
        while True:
            with trio.move_on_after(WATCH_INTERVAL):
                await self._check_now.wait()
            self._check_now = trio.Event()
            try:
                await self.flush_audit()
                await self.check_live()
                now = trio.current_time()
                if now - last_touch >= TOUCH_INTERVAL:
                    await self.flush_touches()
                    last_touch = now
                if now - last_purge >= 3600:
                    before = self._clock() - SESSION_RETENTION
                    await self.store.run(session_store.purge_sessions, ended_before=before)
                    last_purge = now
            except Exception as error:  # the watch must outlive store outages
                log_event(logger, "auth.watch_failed", logging.ERROR, error=str(error)[:300])

    async def flush_touches(self) -> None:
        if not self._seen:
            return
        seen, self._seen = self._seen, {}
        try:
            await self.store.run(session_store.touch_sessions, seen)
        except BaseException:
            for key, value in seen.items():  # keep them for the next round
                self._seen[key] = max(value, self._seen.get(key, value))
            raise

    async def check_live(self) -> None:
        """Re-check every attached connection's session once (one read)."""
        connections = {c.session_id: c for c in list(self._live.values()) if c.session_id}
        if not connections:
            return
        states = await self.store.read(session_store.sessions_state, list(connections))
        ended: dict[str, EndReason] = {}
        for session_id, connection in connections.items():
            found = states.get(session_id)
            reason = self._why_not_live(*found) if found is not None else EndReason.REVOKED
            if reason is None:
                continue
            if found is not None and found[0].ended_at is None:
                ended[session_id] = reason
            log_event(logger, "auth.session_ended", session=session_id[:12], reason=reason.value)
            try:
                with trio.move_on_after(5):
                    await connection.session_ended(reason)
            except Exception as error:  # a socket gone meanwhile: the others still hear
                log_event(logger, "auth.notify_failed", logging.WARNING, error=str(error)[:200])
        if ended:
            await self.store.run(session_store.end_sessions, ended)


class _Attempt:
    """The checks of one login attempt, in the order that keeps them cheap and exact:
    account throttling before the secret, the secret in the argon2 pool, the outcome in
    one small write."""

    def __init__(self, service: AuthService, client: Client, account: str) -> None:
        self.service = service
        self.client = client
        self.account = account

    async def _verify_hash(self, stored: str | None, value: str) -> bool:
        try:
            return await self.service.hashing.verify(stored, value)
        except HashingBusy:
            log_event(logger, "auth.busy", logging.WARNING, source=self.client.source)
            raise LoginRefused("busy", retry_after=2) from None

    async def verify(
        self,
        found: Credentials | None,
        value: str,
        *,
        secret: str,
        method: str,
        target: str,
        roles: frozenset[Role],
    ) -> Operator:
        """Check ``value`` (a password or PIN, per ``secret``) for the operator ``found``."""
        service = self.service
        if found is None:
            await service.hashing.pretend()  # as long as for a real account, at no cost
            await self.failed(None, method=method, target=target)
            raise LoginRefused("login_failed")
        async with service._locks.hold(f"account:{found.operator.id}"):
            fresh = await service.store.read(operator_store.credentials_by_id, found.operator.id)
            if fresh is None:
                raise LoginRefused("login_failed")
            self.check_account(fresh, method)
            column = "password_hash" if secret == "password" else "pin_hash"
            stored = fresh.password_hash if secret == "password" else fresh.pin_hash
            if not await self._verify_hash(stored, value) or not fresh.operator.active:
                await self.failed(fresh, method=method, target=target)
                raise LoginRefused("login_failed")
            operator = fresh.operator
            if operator.role not in roles:
                log_event(logger, "auth.wrong_role", logging.WARNING, operator=operator.login,
                          role=operator.role.value, source=self.client.source)  # fmt: skip
                raise LoginRefused("forbidden")
            rehashed = {}
            if stored is not None and operator_store.needs_rehash(stored):
                with contextlib.suppress(HashingBusy):  # else upgraded at a quieter login
                    rehashed[column] = await service.hashing.hash(value)
            await service.store.run(operator_store.record_login, operator.id, rehashed=rehashed)
            service._account_ready.pop(self.account, None)
        log_event(logger, "auth.login", operator=operator.login, method=method,
                  source=self.client.source)  # fmt: skip
        return operator

    async def badge_alone(self, found: Credentials | None, *, target: str, hashed: str) -> Operator:
        """A badge without a PIN: logs in only an operator an admin allowed to.

        Every badge that comes alone and does not log in counts against the source address
        the same way, known or not, so the throttling never tells which badges exist.  A
        known badge's count is given back when the same badge logs in with its PIN from the
        same address (the normal two-step login costs nothing); an unknown badge's never is.
        """
        service = self.service
        if found is None:
            await self.failed(None, method="badge", target=target)
            raise LoginRefused("pin_required")
        operator = found.operator
        if not (operator.badge_only and operator.role in BADGE_ONLY_ROLES):
            now = service._monotonic()
            service.sources.failed(self.client.source, now)
            service._remember_probe(self.client.source, hashed, now)
            raise LoginRefused("pin_required")
        async with service._locks.hold(f"account:{operator.id}"):
            self.check_account(found, "badge")
            if not operator.active:
                await self.failed(found, method="badge", target=target)
                raise LoginRefused("login_failed")
            await service.store.run(operator_store.record_login, operator.id)
        log_event(logger, "auth.login", operator=operator.login, method="badge",
                  source=self.client.source)  # fmt: skip
        return operator

    def check_account(self, found: Credentials, method: str) -> None:
        wait = throttle.check_account(_state(found), self.service._clock(), self.service.policy)
        if wait is not None:
            log_event(logger, "auth.throttled", logging.WARNING, operator=found.operator.login,
                      refusal=wait.refusal.value, retry_after=wait.retry_after, method=method,
                      source=self.client.source)  # fmt: skip
            raise LoginRefused(wait.refusal.value, retry_after=wait.retry_after)

    async def failed(self, found: Credentials | None, *, method: str, target: str) -> None:
        """Count a failure against the source address and the account; log and audit it."""
        service, source = self.service, self.client.source
        blocked = service.sources.failed(source, service._monotonic())
        failure = None
        if found is not None:
            failure = throttle.account_failed(_state(found), service._clock(), service.policy)
            service._note_account_wait(self.account, failure)
            await service.store.run(
                operator_store.record_failure, found.operator.id, at=service._clock(),
                failed_logins=failure.failed_logins, lockouts=failure.lockouts,
                locked_until=failure.locked_until, source=source, method=method,
                source_blocked=blocked,
            )  # fmt: skip
        else:
            # Made-up logins and badges can come in floods: their audit entries are written
            # in batches by the watch, not one transaction each.
            service.audit_later(f"source:{source}", "login.failed", target, {"method": method})
            if blocked:
                service.audit_later(f"source:{source}", "login.source_blocked", None)
        operator = found.operator.login if found is not None else None
        log_event(logger, "auth.login_failed", logging.WARNING, source=source, method=method,
                  target=target if operator is None else f"operator:{operator}",
                  failures=failure.failed_logins if failure else None)  # fmt: skip
        if failure is not None and failure.locked_until is not None:
            log_event(logger, "auth.locked", logging.WARNING, operator=operator,
                      until=failure.locked_until.isoformat(), source=source)  # fmt: skip
        if blocked:
            log_event(logger, "auth.source_blocked", logging.WARNING, source=source,
                      seconds=service.policy.source_window)  # fmt: skip


def _login_key(login: str) -> str:
    return f"login:{operator_store.normalize_login(login)[:64]}"
