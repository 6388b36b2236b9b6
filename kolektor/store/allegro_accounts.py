"""Connected Allegro seller accounts: the device flow in progress, tokens sealed at rest, and
the rotation rule that keeps a single-use refresh token from being used twice.

States (``allegro_accounts.state``):

``pending``       the device flow runs: the office confirms the user code at Allegro;
``connected``     tokens held; the API can be called;
``needs_login``   Allegro refused the refresh token (used, expired or revoked): connect the
                  account again (``last_error`` says why);
``denied``        the seller refused the connection at Allegro;
``expired``       the device code expired before it was confirmed;
``disconnected``  the office disconnected it (tokens deleted; the row stays, because
                  shipments name the account they were bought with).

Tokens and the device code are sealed (:class:`kolektor.auth.sealed.Sealer`, purpose
``allegro-token``, associated ``allegro_accounts:<id>``): a stolen store reveals none, and a
sealed value copied into another row does not open.  :class:`AllegroAccount` — what callers
outside the client see — never holds a token.

**Rotation.**  Every refresh returns a new pair and kills the old refresh token, so two
processes must never both use one.  ``token_version`` grows with each new pair;
:func:`replace_tokens` writes only ``WHERE token_version = <the version the refresh started
from>``: the process that loses that race throws its answer away, reads the winner's pair
and uses it.  ``last_error`` holds a message key of :mod:`kolektor.messages.allegro`,
rendered in the reader's language at the edge.

Functions take a :class:`~sqlalchemy.engine.Connection` first; call them through
:meth:`kolektor.store.Store.run` / :meth:`~kolektor.store.Store.read`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Final

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Row

from kolektor.auth.sealed import Sealer
from kolektor.store.tables import allegro_accounts, inserted_id, utcnow

PURPOSE: Final = "allegro-token"

PENDING: Final = "pending"
CONNECTED: Final = "connected"
NEEDS_LOGIN: Final = "needs_login"
DENIED: Final = "denied"
EXPIRED: Final = "expired"
DISCONNECTED: Final = "disconnected"
STATES: Final = (PENDING, CONNECTED, NEEDS_LOGIN, DENIED, EXPIRED, DISCONNECTED)


def associated(account_id: int) -> str:
    """What a sealed value of the account is bound to."""
    return f"allegro_accounts:{account_id}"


@dataclass(frozen=True, slots=True)
class AllegroAccount:
    """An account as the office sees it (no token, no device code)."""

    id: int
    name: str
    environment: str
    state: str
    login: str | None
    seller_id: str | None
    access_expires_at: datetime | None
    refreshed_at: datetime | None
    last_error: str | None
    """A message key (``allegro.*``), or None."""
    user_code: str | None
    verification_uri: str | None
    """The link the office opens to confirm (``verification_uri_complete``)."""
    device_expires_at: datetime | None
    poll_interval: int | None
    created_at: datetime
    updated_at: datetime
    """Also the time of the last poll of a pending device flow."""


@dataclass(frozen=True, slots=True)
class AccountTokens:
    """An account's tokens, opened — for :mod:`kolektor.allegro.client` only."""

    account_id: int
    state: str
    access_token: str
    refresh_token: str
    access_expires_at: datetime
    token_version: int

    def __repr__(self) -> str:
        return f"AccountTokens(account_id={self.account_id}, version={self.token_version})"


@dataclass(frozen=True, slots=True)
class PendingDevice:
    """A device flow in progress, with its code opened — for the poll only."""

    account_id: int
    device_code: str
    interval: int
    expires_at: datetime
    last_poll_at: datetime

    def __repr__(self) -> str:
        return f"PendingDevice(account_id={self.account_id}, expires_at={self.expires_at})"


def _account(row: Row[tuple[object, ...]]) -> AllegroAccount:
    m = row._mapping
    return AllegroAccount(
        id=m["id"],
        name=m["name"],
        environment=m["environment"],
        state=m["state"],
        login=m["login"],
        seller_id=m["seller_id"],
        access_expires_at=m["access_expires_at"],
        refreshed_at=m["refreshed_at"],
        last_error=m["last_error"],
        user_code=m["user_code"],
        verification_uri=m["verification_uri"],
        device_expires_at=m["device_expires_at"],
        poll_interval=m["poll_interval"],
        created_at=m["created_at"],
        updated_at=m["updated_at"],
    )


_PUBLIC_COLUMNS: Final = [
    c for c in allegro_accounts.c if c.name not in {"access_token", "refresh_token", "device_code"}
]


def list_accounts(conn: Connection) -> list[AllegroAccount]:
    """Every account, by name."""
    rows = conn.execute(
        sa.select(*_PUBLIC_COLUMNS).order_by(allegro_accounts.c.name, allegro_accounts.c.id)
    )
    return [_account(row) for row in rows]


def get_account(conn: Connection, account_id: int) -> AllegroAccount | None:
    row = conn.execute(
        sa.select(*_PUBLIC_COLUMNS).where(allegro_accounts.c.id == account_id)
    ).first()
    return None if row is None else _account(row)


def _device_values(
    sealer: Sealer,
    account_id: int,
    *,
    device_code: str,
    user_code: str,
    verification_uri: str,
    expires_at: datetime,
    interval: int,
    now: datetime,
) -> dict[str, object]:
    return {
        "state": PENDING,
        "device_code": sealer.seal(device_code, purpose=PURPOSE, associated=associated(account_id)),
        "user_code": user_code[:50],
        "verification_uri": verification_uri[:300],
        "device_expires_at": expires_at,
        "poll_interval": interval,
        "last_error": None,
        "updated_at": now,
    }


def create_pending(
    conn: Connection,
    sealer: Sealer,
    *,
    name: str,
    environment: str,
    device_code: str,
    user_code: str,
    verification_uri: str,
    expires_at: datetime,
    interval: int,
    now: datetime | None = None,
) -> int:
    """A new account waiting for the office to confirm ``user_code`` at Allegro; its id."""
    now = now or utcnow()
    account_id = inserted_id(
        conn.execute(
            allegro_accounts.insert().values(
                name=name,
                environment=environment,
                state=PENDING,
                created_at=now,
                updated_at=now,
            )
        )
    )
    restart_device_flow(
        conn,
        sealer,
        account_id,
        device_code=device_code,
        user_code=user_code,
        verification_uri=verification_uri,
        expires_at=expires_at,
        interval=interval,
        now=now,
    )
    return account_id


def restart_device_flow(
    conn: Connection,
    sealer: Sealer,
    account_id: int,
    *,
    device_code: str,
    user_code: str,
    verification_uri: str,
    expires_at: datetime,
    interval: int,
    now: datetime | None = None,
) -> bool:
    """Connect an existing account again (after ``needs_login``, ``expired``…): a new device
    flow; its old tokens are deleted.  False when there is no such account."""
    now = now or utcnow()
    values = _device_values(
        sealer,
        account_id,
        device_code=device_code,
        user_code=user_code,
        verification_uri=verification_uri,
        expires_at=expires_at,
        interval=interval,
        now=now,
    )
    result = conn.execute(
        allegro_accounts.update()
        .where(allegro_accounts.c.id == account_id)
        .values(**values, access_token=None, refresh_token=None, access_expires_at=None)
    )
    return result.rowcount == 1


def pending_device(conn: Connection, sealer: Sealer, account_id: int) -> PendingDevice | None:
    """The device flow of a ``pending`` account, None otherwise."""
    row = conn.execute(
        sa.select(allegro_accounts).where(
            allegro_accounts.c.id == account_id, allegro_accounts.c.state == PENDING
        )
    ).first()
    if row is None or row.device_code is None or row.device_expires_at is None:
        return None
    code = sealer.open(row.device_code, purpose=PURPOSE, associated=associated(account_id))
    return PendingDevice(
        account_id=account_id,
        device_code=code,
        interval=row.poll_interval or 5,
        expires_at=row.device_expires_at,
        last_poll_at=row.updated_at,
    )


def record_poll(
    conn: Connection, account_id: int, *, interval: int, now: datetime | None = None
) -> None:
    """A poll of a pending flow was made (``updated_at``) and the interval to keep."""
    conn.execute(
        allegro_accounts.update()
        .where(allegro_accounts.c.id == account_id, allegro_accounts.c.state == PENDING)
        .values(poll_interval=interval, updated_at=now or utcnow())
    )


def end_device_flow(
    conn: Connection, account_id: int, state: str, reason: str, *, now: datetime | None = None
) -> None:
    """A pending flow ended without tokens: ``denied`` or ``expired``, with the reason's
    message key."""
    if state not in {DENIED, EXPIRED}:
        raise ValueError(f"a device flow ends as denied or expired, not {state!r}")
    conn.execute(
        allegro_accounts.update()
        .where(allegro_accounts.c.id == account_id, allegro_accounts.c.state == PENDING)
        .values(state=state, last_error=reason, device_code=None, updated_at=now or utcnow())
    )


def _token_values(
    sealer: Sealer, account_id: int, access: str, refresh: str, expires_at: datetime
) -> dict[str, object]:
    bound = associated(account_id)
    return {
        "access_token": sealer.seal(access, purpose=PURPOSE, associated=bound),
        "refresh_token": sealer.seal(refresh, purpose=PURPOSE, associated=bound),
        "access_expires_at": expires_at,
    }


def mark_connected(
    conn: Connection,
    sealer: Sealer,
    account_id: int,
    *,
    access: str,
    refresh: str,
    expires_at: datetime,
    scope: str | None,
    login: str | None,
    seller_id: str | None,
    now: datetime | None = None,
) -> bool:
    """The device flow gave tokens: store them sealed with the seller's login and id
    (``GET /me``).  False when the account is no longer pending (disconnected meanwhile)."""
    now = now or utcnow()
    result = conn.execute(
        allegro_accounts.update()
        .where(allegro_accounts.c.id == account_id, allegro_accounts.c.state == PENDING)
        .values(
            **_token_values(sealer, account_id, access, refresh, expires_at),
            state=CONNECTED,
            scope=scope,
            login=login,
            seller_id=seller_id,
            refreshed_at=now,
            token_version=allegro_accounts.c.token_version + 1,
            device_code=None,
            user_code=None,
            verification_uri=None,
            device_expires_at=None,
            last_error=None,
            updated_at=now,
        )
    )
    return result.rowcount == 1


def load_tokens(conn: Connection, sealer: Sealer, account_id: int) -> AccountTokens | None:
    """The account's tokens opened, None when it has none (not connected).
    :class:`kolektor.auth.sealed.SealBroken` when they do not open (another instance
    secret): the account must be connected again."""
    row = conn.execute(
        sa.select(allegro_accounts).where(allegro_accounts.c.id == account_id)
    ).first()
    if row is None or row.access_token is None or row.refresh_token is None:
        return None
    bound = associated(account_id)
    return AccountTokens(
        account_id=account_id,
        state=row.state,
        access_token=sealer.open(row.access_token, purpose=PURPOSE, associated=bound),
        refresh_token=sealer.open(row.refresh_token, purpose=PURPOSE, associated=bound),
        access_expires_at=row.access_expires_at,
        token_version=row.token_version,
    )


def replace_tokens(
    conn: Connection,
    sealer: Sealer,
    account_id: int,
    expected_version: int,
    new_access: str,
    new_refresh: str,
    expires_at: datetime,
    *,
    now: datetime | None = None,
) -> bool:
    """Store a refreshed pair — only if the account still has ``expected_version`` (the
    version whose refresh token was used).  False: another process refreshed first; re-read
    and use its pair (this one's refresh token is dead already either way)."""
    now = now or utcnow()
    result = conn.execute(
        allegro_accounts.update()
        .where(
            allegro_accounts.c.id == account_id,
            allegro_accounts.c.token_version == expected_version,
            allegro_accounts.c.state == CONNECTED,
        )
        .values(
            **_token_values(sealer, account_id, new_access, new_refresh, expires_at),
            token_version=expected_version + 1,
            refreshed_at=now,
            last_error=None,
            updated_at=now,
        )
    )
    return result.rowcount == 1


def mark_needs_login(
    conn: Connection,
    account_id: int,
    reason: str,
    *,
    expected_version: int | None = None,
    now: datetime | None = None,
) -> bool:
    """Allegro refused the account's refresh token: the office must connect it again.  With
    ``expected_version``, only if no other process stored a new pair meanwhile.  The dead
    tokens are deleted."""
    condition = [allegro_accounts.c.id == account_id, allegro_accounts.c.state == CONNECTED]
    if expected_version is not None:
        condition.append(allegro_accounts.c.token_version == expected_version)
    result = conn.execute(
        allegro_accounts.update()
        .where(*condition)
        .values(
            state=NEEDS_LOGIN,
            last_error=reason,
            access_token=None,
            refresh_token=None,
            access_expires_at=None,
            token_version=allegro_accounts.c.token_version + 1,
            updated_at=now or utcnow(),
        )
    )
    return result.rowcount == 1


def disconnect(conn: Connection, account_id: int, *, now: datetime | None = None) -> bool:
    """Forget the account's tokens and device code (state ``disconnected``); False when
    there is no such account."""
    result = conn.execute(
        allegro_accounts.update()
        .where(allegro_accounts.c.id == account_id)
        .values(
            state=DISCONNECTED,
            access_token=None,
            refresh_token=None,
            access_expires_at=None,
            device_code=None,
            user_code=None,
            verification_uri=None,
            device_expires_at=None,
            token_version=allegro_accounts.c.token_version + 1,
            last_error=None,
            updated_at=now or utcnow(),
        )
    )
    return result.rowcount == 1


def device_expired(device: PendingDevice, now: datetime) -> bool:
    return now >= device.expires_at


def next_poll_at(device: PendingDevice) -> datetime:
    """When Allegro may be polled again for this flow."""
    return device.last_poll_at + timedelta(seconds=device.interval)
