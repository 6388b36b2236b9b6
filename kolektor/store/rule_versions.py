"""Versions of the document rules, read from the audit log, and restoring one.

The rules live in the settings under :data:`~kolektor.finalize.plan.RULES_SETTING`, and
every change of a setting is audited in the same transaction with the old and the new value
(:func:`kolektor.store.settings.set_setting`, action ``setting.changed``).  So the audit log
already holds every rule set ever saved, with who saved it and when: a *version* is one of
those entries, its id the audit entry's id, found through the audit log's index on
``target`` (migration 0006).  Nothing prunes the audit log, so the list is complete; before
the first save the built-in defaults (:data:`kolektor.rules.DEFAULT_RULES`)
are in force, which is why they can be restored too.

Restoring saves an earlier rule set again — a new version — and records ``rules.restored``
(target the setting, ``details``: ``version`` — the restored version's id, or None for the
defaults —, ``version_at``, ``version_actor`` and ``saved_as``, the new version's id).

Functions take a :class:`~sqlalchemy.engine.Connection` first; call them through
:meth:`kolektor.store.Store.read` / :meth:`~kolektor.store.Store.run`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Final

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from kolektor.finalize.plan import RULES_SETTING
from kolektor.store import audit
from kolektor.store import settings as settings_store
from kolektor.store.tables import audit_log

CHANGED: Final = "setting.changed"
RESTORED: Final = "rules.restored"


class VersionIsCurrent(Exception):
    """The rule set to restore is the one in force already (nothing would change)."""


@dataclass(frozen=True, slots=True)
class RuleVersion:
    """One saved rule set."""

    id: int
    """The id of the audit entry that recorded the save."""
    at: datetime
    actor: str
    """Who saved it: ``operator:<login>``, ``cli``…"""
    rules: Any
    """The rule set as saved (the JSON list of ``docs/rules.md``)."""
    restored_from: int | None = None
    """The version it restored, when it was saved by restoring one."""
    restored_from_at: datetime | None = None
    """When the version it restored had been saved."""
    restored_defaults: bool = False
    """It was saved by restoring the built-in defaults."""


def _version(row: Any) -> RuleVersion:
    details = row.details if isinstance(row.details, dict) else {}
    return RuleVersion(id=row.id, at=row.at, actor=row.actor, rules=details.get("new"))


def _is_change() -> sa.ColumnElement[bool]:
    return sa.and_(audit_log.c.target == RULES_SETTING, audit_log.c.action == CHANGED)


def _changes() -> sa.Select[Any]:
    columns = (audit_log.c.id, audit_log.c.at, audit_log.c.actor, audit_log.c.details)
    return sa.select(*columns).where(_is_change())


def _newest_change(conn: Connection) -> int | None:
    return conn.execute(sa.select(sa.func.max(audit_log.c.id)).where(_is_change())).scalar()


def _restores(conn: Connection, since: int) -> dict[int, tuple[int | None, datetime | None, bool]]:
    """saved_as → (the restored version, when it was saved, whether it was the defaults),
    for restores whose new version is newer than ``since`` (a restore is audited right after
    its save)."""
    rows = conn.execute(
        sa.select(audit_log.c.details).where(
            audit_log.c.target == RULES_SETTING,
            audit_log.c.action == RESTORED,
            audit_log.c.id > since,
        )
    )
    found: dict[int, tuple[int | None, datetime | None, bool]] = {}
    for row in rows:
        details = row.details if isinstance(row.details, dict) else {}
        saved_as, version, at = (details.get(k) for k in ("saved_as", "version", "version_at"))
        if isinstance(saved_as, int):
            found[saved_as] = (
                version if isinstance(version, int) else None,
                datetime.fromisoformat(at) if isinstance(at, str) else None,
                version is None,
            )
    return found


def _with_restores(conn: Connection, versions: list[RuleVersion]) -> list[RuleVersion]:
    if not versions:
        return versions
    restores = _restores(conn, min(v.id for v in versions) - 1)
    return [
        RuleVersion(v.id, v.at, v.actor, v.rules, *restores[v.id]) if v.id in restores else v
        for v in versions
    ]


def list_versions(
    conn: Connection, *, before: int | None = None, limit: int = 50
) -> list[RuleVersion]:
    """Saved rule sets, newest first: ``limit`` of them older than version ``before``."""
    query = _changes()
    if before is not None:
        query = query.where(audit_log.c.id < before)
    rows = conn.execute(query.order_by(audit_log.c.id.desc()).limit(limit))
    return _with_restores(conn, [_version(row) for row in rows])


def get_version(conn: Connection, version_id: int) -> RuleVersion | None:
    """The rule set saved as ``version_id``; None when there is no such version."""
    row = conn.execute(_changes().where(audit_log.c.id == version_id)).first()
    return None if row is None else _with_restores(conn, [_version(row)])[0]


def current_version_id(conn: Connection) -> int | None:
    """The version in force (the newest); None while the defaults are (nothing saved)."""
    if settings_store.get_setting(conn, RULES_SETTING) is None:
        return None
    return _newest_change(conn)


def restore_version(
    conn: Connection, version: RuleVersion | None, rules: list[dict[str, Any]], *, actor: str
) -> int:
    """Save ``rules`` — ``version``'s rule set as the parser reads it today, or the
    defaults when ``version`` is None — as the current rules, audited as a restore; the new
    version's id.  :class:`VersionIsCurrent` when they are the rules in force already."""
    current = settings_store.get_setting(conn, RULES_SETTING)
    if current == rules or (current is None and version is None):
        raise VersionIsCurrent
    settings_store.set_setting(conn, RULES_SETTING, rules, actor=actor)
    # The save's own audit entry: the settings row is locked by this transaction's update
    # from before the entry was written until the commit, so no later save can sit between.
    saved_as = _newest_change(conn)
    assert saved_as is not None  # set_setting has just audited the save
    audit.record(
        conn,
        actor=actor,
        action=RESTORED,
        target=RULES_SETTING,
        details={
            "version": None if version is None else version.id,
            "version_at": None if version is None else version.at.isoformat(),
            "version_actor": None if version is None else version.actor,
            "saved_as": saved_as,
        },
    )
    return saved_as
