"""Allegro accounts in the store (SQLite and PostgreSQL): tokens sealed at rest and never in
the account callers see, the compare-and-set that keeps a rotated refresh token from being
used twice, needing a new login, disconnecting."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from kolektor.auth.sealed import SealBroken, Sealer
from kolektor.store import allegro_accounts as accounts
from kolektor.store.engine import Store

NOW = datetime(2026, 12, 7, 10, 0, tzinfo=UTC)
SEALER = Sealer(b"k" * 32)


def pending(store: Store, name: str = "Sklep główny") -> int:
    return store.run_sync(
        accounts.create_pending,
        SEALER,
        name=name,
        environment="production",
        device_code="device-code-secret",
        user_code="abcdefghj",
        verification_uri="https://allegro.pl/skojarz-aplikacje?code=abcdefghj",
        expires_at=NOW + timedelta(hours=1),
        interval=5,
        now=NOW,
    )


def connected(store: Store) -> int:
    account_id = pending(store)
    assert store.run_sync(
        accounts.mark_connected,
        SEALER,
        account_id,
        access="access-1",
        refresh="refresh-1",
        expires_at=NOW + timedelta(hours=12),
        scope="allegro:api:shipments:write",
        login="sklep_zolw",
        seller_id="43216789",
        now=NOW,
    )
    return account_id


def raw_row(store: Store, account_id: int) -> sa.Row[tuple[object, ...]]:
    def read(conn: sa.Connection) -> sa.Row[tuple[object, ...]]:
        return conn.execute(
            sa.text("SELECT * FROM allegro_accounts WHERE id = :id"), {"id": account_id}
        ).one()

    return store.read_sync(read)


def test_a_pending_account_keeps_its_device_code_sealed(store: Store) -> None:
    account_id = pending(store)
    account = store.read_sync(accounts.get_account, account_id)
    assert account is not None
    assert (account.state, account.user_code, account.poll_interval) == ("pending", "abcdefghj", 5)
    assert account.device_expires_at == NOW + timedelta(hours=1)
    assert "device-code-secret" not in repr(account)
    row = raw_row(store, account_id)
    assert "device-code-secret" not in str(row.device_code)
    device = store.read_sync(accounts.pending_device, SEALER, account_id)
    assert device is not None and device.device_code == "device-code-secret"
    assert accounts.next_poll_at(device) == NOW + timedelta(seconds=5)


def test_connected_tokens_are_sealed_and_never_listed(store: Store) -> None:
    account_id = connected(store)
    (listed,) = store.read_sync(accounts.list_accounts)
    assert (listed.state, listed.login, listed.seller_id) == ("connected", "sklep_zolw", "43216789")
    assert listed.user_code is None and listed.verification_uri is None
    assert not hasattr(listed, "access_token")
    row = raw_row(store, account_id)
    assert "access-1" not in str(row.access_token) and "refresh-1" not in str(row.refresh_token)
    tokens = store.read_sync(accounts.load_tokens, SEALER, account_id)
    assert tokens is not None
    assert (tokens.access_token, tokens.refresh_token) == ("access-1", "refresh-1")
    assert "access-1" not in repr(tokens)


def test_a_sealed_token_copied_to_another_account_does_not_open(store: Store) -> None:
    first, second = connected(store), connected(store)
    sealed = raw_row(store, first).access_token

    def copy(conn: sa.Connection) -> None:
        conn.execute(
            sa.text("UPDATE allegro_accounts SET access_token = :t WHERE id = :id"),
            {"t": sealed, "id": second},
        )

    store.run_sync(copy)
    with pytest.raises(SealBroken):
        store.read_sync(accounts.load_tokens, SEALER, second)
    with pytest.raises(SealBroken):
        store.read_sync(accounts.load_tokens, Sealer(b"x" * 32), first)


def test_replace_tokens_is_a_compare_and_set_on_the_version(store: Store) -> None:
    account_id = connected(store)
    version = store.read_sync(accounts.load_tokens, SEALER, account_id).token_version  # type: ignore[union-attr]
    later = NOW + timedelta(hours=24)
    assert store.run_sync(
        accounts.replace_tokens, SEALER, account_id, version, "access-2", "refresh-2", later
    )
    # The other process started from the same version: its write must not land.
    assert not store.run_sync(
        accounts.replace_tokens, SEALER, account_id, version, "access-3", "refresh-3", later
    )
    tokens = store.read_sync(accounts.load_tokens, SEALER, account_id)
    assert tokens is not None
    assert (tokens.access_token, tokens.refresh_token, tokens.token_version) == (
        "access-2",
        "refresh-2",
        version + 1,
    )
    assert tokens.access_expires_at == later


def test_needs_login_only_when_nobody_refreshed_meanwhile(store: Store) -> None:
    account_id = connected(store)
    version = store.read_sync(accounts.load_tokens, SEALER, account_id).token_version  # type: ignore[union-attr]
    store.run_sync(accounts.replace_tokens, SEALER, account_id, version, "a2", "r2", NOW)
    assert not store.run_sync(
        accounts.mark_needs_login, account_id, "allegro.refresh_refused", expected_version=version
    )
    assert store.read_sync(accounts.get_account, account_id).state == "connected"  # type: ignore[union-attr]
    assert store.run_sync(
        accounts.mark_needs_login,
        account_id,
        "allegro.refresh_refused",
        expected_version=version + 1,
    )
    account = store.read_sync(accounts.get_account, account_id)
    assert account is not None
    assert (account.state, account.last_error) == ("needs_login", "allegro.refresh_refused")
    assert store.read_sync(accounts.load_tokens, SEALER, account_id) is None


def test_connecting_again_and_disconnecting(store: Store) -> None:
    account_id = connected(store)
    store.run_sync(accounts.mark_needs_login, account_id, "allegro.refresh_refused")
    assert store.run_sync(
        accounts.restart_device_flow,
        SEALER,
        account_id,
        device_code="new-code",
        user_code="zzzzzzzzz",
        verification_uri="https://allegro.pl/skojarz-aplikacje?code=zz",
        expires_at=NOW + timedelta(hours=1),
        interval=5,
        now=NOW,
    )
    account = store.read_sync(accounts.get_account, account_id)
    assert account is not None and (account.state, account.last_error) == ("pending", None)
    assert store.run_sync(accounts.disconnect, account_id)
    account = store.read_sync(accounts.get_account, account_id)
    assert account is not None and account.state == "disconnected"
    assert store.read_sync(accounts.pending_device, SEALER, account_id) is None
    row = raw_row(store, account_id)
    assert (row.access_token, row.refresh_token, row.device_code) == (None, None, None)
    assert not store.run_sync(accounts.disconnect, 999)


def test_a_denied_flow_keeps_the_reason(store: Store) -> None:
    account_id = pending(store)
    store.run_sync(accounts.end_device_flow, account_id, "denied", "allegro.device.denied")
    account = store.read_sync(accounts.get_account, account_id)
    assert account is not None
    assert (account.state, account.last_error) == ("denied", "allegro.device.denied")
    # A flow that ended cannot be "connected" by a late answer.
    assert not store.run_sync(
        accounts.mark_connected,
        SEALER,
        account_id,
        access="a",
        refresh="r",
        expires_at=NOW,
        scope=None,
        login=None,
        seller_id=None,
    )
