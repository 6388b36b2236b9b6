"""Reading the audit log filtered and paged (kolektor.store.audit_search), on SQLite and
PostgreSQL: what the office's audit page shows."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from kolektor.store import Store, audit
from kolektor.store.audit import AuditEntry
from kolektor.store.audit_search import AuditPage, AuditQuery, search

START = datetime(2026, 12, 7, 8, 0, tzinfo=UTC)

ENTRIES = [
    # (minutes after START, actor, action, target, details)
    (0, "operator:szef", "operator.created", "operator:ewa", {"role": "picker"}),
    (1, "operator:szef", "setting.changed", "manual_quantity", {"key": "manual_quantity"}),
    (2, "source:10.0.0.7", "login.failed", "operator:ewa", {"method": "badge+pin"}),
    (3, "operator:kierownik", "login.unlocked", "operator:ewa", None),
    (4, "cli", "operator.changed", "operator:szef", {"pin": "changed"}),
    (5, "operator:szef", "setting_x.changed", "100%_sure", {"odd": True}),
    (6, "operator:szef", "settings.changed", "tolerance", None),
]


@pytest.fixture
def logged(store: Store) -> list[AuditEntry]:
    """The entries above, written in order; returned newest first (as the log reads)."""
    for minutes, actor, action, target, details in ENTRIES:
        store.run_sync(audit.record, actor=actor, action=action, target=target,
                       details=details, at=START + timedelta(minutes=minutes))  # fmt: skip
    return store.read_sync(audit.recent)


def found(store: Store, **filters: object) -> list[str]:
    page: AuditPage = store.read_sync(search, AuditQuery(**filters))  # type: ignore[arg-type]
    return [f"{e.action} {e.target}" for e in page.entries]


def test_everything_newest_first_as_whole_entries(store: Store, logged: list[AuditEntry]) -> None:
    page = store.read_sync(search, AuditQuery())
    assert page == AuditPage(logged, None)
    assert [e.action for e in page.entries][:2] == ["settings.changed", "setting_x.changed"]
    assert page.entries[-1] == AuditEntry(
        id=page.entries[-1].id, at=START, actor="operator:szef", action="operator.created",
        target="operator:ewa", details={"role": "picker"},
    )  # fmt: skip


def test_an_action_filter_is_the_start_of_the_action_taken_literally(
    store: Store, logged: list[AuditEntry]
) -> None:
    # "setting." is not "setting_x." nor "settings.": "_" and "." are not wildcards.
    assert found(store, action="setting.") == ["setting.changed manual_quantity"]
    assert found(store, action="setting_") == ["setting_x.changed 100%_sure"]
    assert found(store, action="operator.") == [
        "operator.changed operator:szef", "operator.created operator:ewa",
    ]  # fmt: skip
    assert found(store, action="operator.created") == ["operator.created operator:ewa"]
    assert found(store, action="order.") == []


def test_actor_and_target_match_as_recorded_or_by_a_login_alone(
    store: Store, logged: list[AuditEntry]
) -> None:
    history = ["login.unlocked operator:ewa", "login.failed operator:ewa",
               "operator.created operator:ewa"]  # fmt: skip
    assert found(store, target="operator:ewa") == history
    assert found(store, target="ewa") == history
    assert found(store, target="100%_sure") == ["setting_x.changed 100%_sure"]
    assert found(store, target="100%") == []
    assert found(store, actor="kierownik") == ["login.unlocked operator:ewa"]
    assert found(store, actor="cli") == ["operator.changed operator:szef"]
    assert found(store, actor="source:10.0.0.7") == ["login.failed operator:ewa"]
    assert found(store, actor="szef", target="ewa") == ["operator.created operator:ewa"]
    assert found(store, actor="szef", action="login.") == []


def test_a_time_window_includes_its_start_and_excludes_its_end(
    store: Store, logged: list[AuditEntry]
) -> None:
    warsaw = timezone(timedelta(hours=1))
    since = (START + timedelta(minutes=2)).astimezone(warsaw)  # 09:02 in Warsaw = 08:02 UTC
    until = START + timedelta(minutes=4)
    assert found(store, since=since, until=until) == [
        "login.unlocked operator:ewa", "login.failed operator:ewa",
    ]  # fmt: skip
    assert found(store, since=START + timedelta(minutes=6)) == ["settings.changed tolerance"]
    assert found(store, until=START) == []


def test_pages_follow_one_another_without_gaps_or_repeats(
    store: Store, logged: list[AuditEntry]
) -> None:
    first = store.read_sync(search, AuditQuery(limit=3))
    assert first == AuditPage(logged[:3], logged[2].id)
    # An entry written meanwhile does not shift the next page.
    store.run_sync(audit.record, actor="cli", action="operator.changed", target="operator:ewa")
    second = store.read_sync(search, AuditQuery(limit=3, before=first.next))
    assert second == AuditPage(logged[3:6], logged[5].id)
    last = store.read_sync(search, AuditQuery(limit=3, before=second.next))
    assert last == AuditPage(logged[6:], None)
    # Filters and paging together.
    ewa = store.read_sync(search, AuditQuery(target="ewa", limit=2, before=logged[0].id))
    assert [e.action for e in ewa.entries] == ["login.unlocked", "login.failed"]
    rest = store.read_sync(search, AuditQuery(target="ewa", limit=2, before=ewa.next))
    assert ([e.action for e in rest.entries], rest.next) == (["operator.created"], None)


def test_a_page_holds_1_to_200_entries(store: Store) -> None:
    for limit in (0, 201):
        with pytest.raises(ValueError, match="1 to 200"):
            store.read_sync(search, AuditQuery(limit=limit))
