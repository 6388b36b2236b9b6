"""The audit log."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from kolektor.store import Store, audit
from kolektor.store.audit import AuditEntry


def test_record_and_read_back(store: Store) -> None:
    entry_id = store.run_sync(
        audit.record,
        actor="operator:ola",
        action="order.retried",
        target="order:17",
        details={"step": "realize", "uwaga": "ponowiono ręcznie — błąd Sfery"},
    )
    [entry] = store.read_sync(audit.recent)
    assert entry == AuditEntry(
        id=entry_id,
        at=entry.at,
        actor="operator:ola",
        action="order.retried",
        target="order:17",
        details={"step": "realize", "uwaga": "ponowiono ręcznie — błąd Sfery"},
    )
    assert entry.at.tzinfo is UTC
    assert abs(datetime.now(UTC) - entry.at) < timedelta(minutes=1)


def test_recent_is_newest_first_and_limited(store: Store) -> None:
    for number in range(5):
        store.run_sync(audit.record, actor="cli", action=f"a{number}", target=None)
    assert [e.action for e in store.read_sync(audit.recent)] == ["a4", "a3", "a2", "a1", "a0"]
    assert [e.action for e in store.read_sync(audit.recent, 2)] == ["a4", "a3"]


def test_entry_needs_actor_and_action(store: Store) -> None:
    with pytest.raises(ValueError, match="needs an actor and an action"):
        store.run_sync(audit.record, actor=" ", action="x", target=None)
    assert store.read_sync(audit.recent) == []
