"""Sessions: a person logged in to the office API/panel (``office``, a browser cookie) or an
operator logged in on a scanner (``device``).

The client holds a random token; the store keeps only its SHA-256 (the session ``id``), so
the table cannot be used to log in.  A session is *live* while it has not ended, its
absolute expiry and its idle expiry (``last_seen_at + idle_seconds``) are in the future,
the operator is active, and the operator's ``security_stamp`` is still the one the session
was made under — so deactivating, demoting or changing an operator's secrets ends every
session they have, on every instance, without touching the sessions themselves.

Functions take a :class:`~sqlalchemy.engine.Connection` first; call them through
:meth:`kolektor.store.Store.run` / :meth:`~kolektor.store.Store.read`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any, Final

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from kolektor.store.operators import Operator, _operator
from kolektor.store.tables import operators, sessions, utcnow


class SessionKind(StrEnum):
    OFFICE = "office"
    """A browser or script logged in with login and password."""
    DEVICE = "device"
    """A scanner logged in with badge/login and PIN."""


class EndReason(StrEnum):
    """Why a session is not live (also what ``sessions.end_reason`` records)."""

    LOGOUT = "logout"
    REPLACED = "replaced"
    """A new login on the same browser or device took its place."""
    EXPIRED = "expired"
    """Older than its absolute lifetime."""
    IDLE = "idle"
    """Unused for longer than its idle timeout."""
    REVOKED = "revoked"
    """The operator's access changed (role, PIN, password, badge) or was ended by hand."""
    INACTIVE = "inactive"
    """The operator was deactivated."""


@dataclass(frozen=True, slots=True)
class SessionRecord:
    id: str
    operator_id: int
    kind: SessionKind
    device_id: str | None
    csrf_token: str | None
    stamp: int
    created_at: datetime
    last_seen_at: datetime
    expires_at: datetime
    idle_seconds: int
    source: str | None
    user_agent: str | None
    ended_at: datetime | None
    end_reason: str | None

    def idle_expires_at(self) -> datetime:
        return self.last_seen_at + timedelta(seconds=self.idle_seconds)


def _record(row: Mapping[Any, Any]) -> SessionRecord:
    return SessionRecord(
        id=row["id"],
        operator_id=row["operator_id"],
        kind=SessionKind(row["kind"]),
        device_id=row["device_id"],
        csrf_token=row["csrf_token"],
        stamp=row["stamp"],
        created_at=row["created_at"],
        last_seen_at=row["last_seen_at"],
        expires_at=row["expires_at"],
        idle_seconds=row["idle_seconds"],
        source=row["source"],
        user_agent=row["user_agent"],
        ended_at=row["ended_at"],
        end_reason=row["end_reason"],
    )


def why_not_live(session: SessionRecord, operator: Operator, now: datetime) -> EndReason | None:
    """None when the session is live at ``now``, else the reason it is not.  Pure."""
    if session.ended_at is not None:
        try:
            return EndReason(session.end_reason or EndReason.REVOKED)
        except ValueError:
            return EndReason.REVOKED
    if not operator.active:
        return EndReason.INACTIVE
    if operator.security_stamp != session.stamp:
        return EndReason.REVOKED
    if now >= session.expires_at:
        return EndReason.EXPIRED
    if now >= session.idle_expires_at():
        return EndReason.IDLE
    return None


def create_session(
    conn: Connection,
    *,
    session_id: str,
    operator: Operator,
    kind: SessionKind,
    lifetime: timedelta,
    idle: timedelta,
    device_id: str | None = None,
    csrf_token: str | None = None,
    source: str | None = None,
    user_agent: str | None = None,
    replaces: Iterable[str] = (),
    now: datetime | None = None,
) -> SessionRecord:
    """Start a session for ``operator`` (under its current security stamp) at ``now``
    (default: the current time), ending the sessions in ``replaces`` (the browser's or
    device's previous login)."""
    now = now or utcnow()
    replaced = [sid for sid in replaces if sid != session_id]
    if replaced:
        _end(conn, sessions.c.id.in_(replaced), EndReason.REPLACED, now)
    values = {
        "id": session_id,
        "operator_id": operator.id,
        "kind": kind.value,
        "device_id": device_id,
        "csrf_token": csrf_token,
        "stamp": operator.security_stamp,
        "created_at": now,
        "last_seen_at": now,
        "expires_at": now + lifetime,
        "idle_seconds": int(idle.total_seconds()),
        "source": (source or "")[:64] or None,
        "user_agent": (user_agent or "")[:200] or None,
    }
    conn.execute(sessions.insert().values(**values))
    return _record({**values, "ended_at": None, "end_reason": None})


def load_session(conn: Connection, session_id: str) -> tuple[SessionRecord, Operator] | None:
    """The session and its operator (as they are now), or None when there is no such id."""
    return sessions_state(conn, [session_id]).get(session_id)


def _end(
    conn: Connection, where: sa.ColumnElement[bool], reason: EndReason, now: datetime
) -> list[str]:
    live = sa.and_(where, sessions.c.ended_at.is_(None))
    ids = [row.id for row in conn.execute(sa.select(sessions.c.id).where(live))]
    if ids:
        conn.execute(
            sessions.update()
            .where(sessions.c.id.in_(ids))
            .values(ended_at=now, end_reason=reason.value)
        )
    return ids


def end_session(conn: Connection, session_id: str, reason: EndReason) -> bool:
    """End one session; False when it had already ended or does not exist."""
    return bool(_end(conn, sessions.c.id == session_id, reason, utcnow()))


def end_operator_sessions(
    conn: Connection, operator_id: int, reason: EndReason, *, kind: SessionKind | None = None
) -> list[str]:
    """End every live session of an operator (of one kind if given); their ids."""
    where = sessions.c.operator_id == operator_id
    if kind is not None:
        where = sa.and_(where, sessions.c.kind == kind.value)
    return _end(conn, where, reason, utcnow())


def end_sessions(conn: Connection, ended: Mapping[str, EndReason]) -> None:
    """End the given sessions, each with its reason (those already ended stay as they are)."""
    now = utcnow()
    for reason in set(ended.values()):
        _end(conn, sessions.c.id.in_([sid for sid, r in ended.items() if r is reason]), reason, now)


def touch_sessions(conn: Connection, seen: Mapping[str, datetime]) -> None:
    """Record when sessions were last used (batched by the caller, one statement; a time
    never moves back)."""
    if not seen:
        return
    conn.execute(
        sessions.update()
        .where(sessions.c.id == sa.bindparam("sid"), sessions.c.last_seen_at < sa.bindparam("at"))
        .values(last_seen_at=sa.bindparam("at")),
        [{"sid": sid, "at": at} for sid, at in seen.items()],
    )


def sessions_state(
    conn: Connection, session_ids: Iterable[str]
) -> dict[str, tuple[SessionRecord, Operator]]:
    """:func:`load_session` for many ids at once (the revocation watch's one query)."""
    ids = list(session_ids)
    found: dict[str, tuple[SessionRecord, Operator]] = {}
    for start in range(0, len(ids), _CHUNK):
        query = (
            sa.select(sessions, operators)
            .join(operators, operators.c.id == sessions.c.operator_id)
            .where(sessions.c.id.in_(ids[start : start + _CHUNK]))
        )
        for row in conn.execute(query):
            data = row._mapping
            record = _record({c.name: data[c] for c in sessions.c})
            found[record.id] = (record, _operator({c.name: data[c] for c in operators.c}))
    return found


_CHUNK: Final = 500


def live_sessions(conn: Connection, operator_id: int | None = None) -> list[SessionRecord]:
    """Sessions not ended (expiry not checked), newest first — for the panel."""
    query = sa.select(sessions).where(sessions.c.ended_at.is_(None))
    if operator_id is not None:
        query = query.where(sessions.c.operator_id == operator_id)
    rows = conn.execute(query.order_by(sessions.c.created_at.desc())).mappings()
    return [_record(row) for row in rows]


def purge_sessions(conn: Connection, *, ended_before: datetime) -> int:
    """Delete sessions that ended, or expired, before ``ended_before``; how many."""
    result = conn.execute(
        sessions.delete().where(
            sa.or_(sessions.c.ended_at < ended_before, sessions.c.expires_at < ended_before)
        )
    )
    return int(result.rowcount or 0)
