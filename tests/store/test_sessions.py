"""Sessions in the store: made under the operator's stamp, ended, touched, purged."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from kolektor.store import Store, operators, sessions
from kolektor.store.sessions import EndReason, SessionKind

T0 = datetime(2026, 12, 7, 8, 0, tzinfo=UTC)


def make(store: Store, sid: str, **changes: object) -> sessions.SessionRecord:
    operator_id = store.read_sync(operators.get_by_login, "anna")
    if operator_id is None:
        store.run_sync(operators.create_operator, login="anna", name="Anna", role="picker")
    anna = store.read_sync(operators.get_by_login, "anna")
    assert anna is not None
    values: dict[str, object] = {
        "session_id": sid, "operator": anna, "kind": SessionKind.DEVICE,
        "lifetime": timedelta(hours=12), "idle": timedelta(minutes=60), "device_id": "tc52",
        "now": T0,
    }  # fmt: skip
    values.update(changes)
    return store.run_sync(sessions.create_session, **values)  # type: ignore[arg-type]


def test_a_session_is_live_until_it_is_not(store: Store) -> None:
    made = make(store, "a" * 64)
    found = store.read_sync(sessions.load_session, "a" * 64)
    assert found is not None
    record, operator = found
    assert record == made
    assert sessions.why_not_live(record, operator, T0 + timedelta(minutes=59)) is None
    assert sessions.why_not_live(record, operator, T0 + timedelta(minutes=61)) is EndReason.IDLE
    assert sessions.why_not_live(record, operator, T0 + timedelta(hours=13)) is EndReason.EXPIRED
    assert store.run_sync(sessions.end_session, "a" * 64, EndReason.LOGOUT)
    assert not store.run_sync(sessions.end_session, "a" * 64, EndReason.LOGOUT)
    ended, operator = store.read_sync(sessions.load_session, "a" * 64) or (None, None)
    assert ended is not None and operator is not None
    assert sessions.why_not_live(ended, operator, T0) is EndReason.LOGOUT


def test_touching_moves_last_use_forward_only(store: Store) -> None:
    make(store, "a" * 64)
    make(store, "b" * 64)
    later, earlier = T0 + timedelta(minutes=30), T0 - timedelta(minutes=30)
    store.run_sync(sessions.touch_sessions, {"a" * 64: later, "b" * 64: earlier})
    found = store.read_sync(sessions.sessions_state, ["a" * 64, "b" * 64])
    assert found["a" * 64][0].last_seen_at == later
    assert found["b" * 64][0].last_seen_at == T0


def test_a_new_login_replaces_the_old_and_old_sessions_are_purged(store: Store) -> None:
    make(store, "a" * 64)
    make(store, "b" * 64, replaces=["a" * 64])
    old = store.read_sync(sessions.load_session, "a" * 64)
    assert old is not None and old[0].end_reason == "replaced"
    assert [s.id for s in store.read_sync(sessions.live_sessions)] == ["b" * 64]
    purged = store.run_sync(sessions.purge_sessions, ended_before=datetime.now(UTC) + timedelta(1))
    assert purged == 2
