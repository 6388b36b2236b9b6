"""Settings: JSON values by key, every change audited, secrets never shown in the audit."""

from __future__ import annotations

import json

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from kolektor.store import Store, audit, settings
from kolektor.store.audit import AuditEntry


def audit_entries(store: Store) -> list[AuditEntry]:
    return list(reversed(store.read_sync(audit.recent)))


def test_get_returns_default_for_unknown_key(store: Store) -> None:
    assert store.read_sync(settings.get_setting, "printer.name") is None
    assert store.read_sync(settings.get_setting, "printer.name", "Zebra") == "Zebra"


def test_values_round_trip_as_json(store: Store) -> None:
    values = {
        "shop.name": "Sklep „Żółta Łódka”",
        "picking.max_orders": 3,
        "picking.sound": True,
        "documents.rules": [{"when": "nip", "document": "FS"}, {"when": None, "document": "PAi"}],
        "label.offset_mm": 1.5,
        "empty": None,
    }
    for key, value in values.items():
        store.run_sync(settings.set_setting, key, value, actor="operator:admin")
    assert store.read_sync(settings.all_settings) == values
    assert store.read_sync(settings.get_setting, "empty", "default") is None


def test_change_is_audited_with_old_and_new_value(store: Store) -> None:
    store.run_sync(settings.set_setting, "shop.name", "Stara nazwa", actor="operator:ola")
    store.run_sync(settings.set_setting, "shop.name", "Nowa nazwa", actor="operator:jan")
    created, changed = audit_entries(store)
    assert (created.actor, created.action, created.target, created.details) == (
        "operator:ola",
        "setting.changed",
        "shop.name",
        {"key": "shop.name", "old": None, "new": "Stara nazwa", "created": True},
    )
    assert changed == AuditEntry(
        id=changed.id,
        at=changed.at,
        actor="operator:jan",
        action="setting.changed",
        target="shop.name",
        details={"key": "shop.name", "old": "Stara nazwa", "new": "Nowa nazwa", "created": False},
    )

    def updated(conn: Connection) -> tuple[str, object]:
        row = conn.execute(sa.text("SELECT updated_by, updated_at FROM settings")).one()
        return row.updated_by, row.updated_at

    assert store.read_sync(updated)[0] == "operator:jan"


def test_setting_the_same_value_records_nothing(store: Store) -> None:
    store.run_sync(settings.set_setting, "picking.max_orders", 3, actor="a")
    store.run_sync(settings.set_setting, "picking.max_orders", 3, actor="b")
    assert len(audit_entries(store)) == 1


def test_secret_values_are_never_audited(store: Store) -> None:
    first, second = "pierwsze-Hasło-123", "drugie-Hasło-456"
    store.run_sync(settings.set_setting, "email.smtp_password", first, actor="operator:admin")
    store.run_sync(settings.set_setting, "email.smtp_password", second, actor="operator:admin")
    created, changed = audit_entries(store)
    assert created.details == {
        "key": "email.smtp_password",
        "old": None,
        "new": "(ukryte)",
        "created": True,
    }
    assert changed.details == {
        "key": "email.smtp_password",
        "old": "(ukryte)",
        "new": "(ukryte)",
        "created": False,
    }

    def whole_audit_log(conn: Connection) -> str:
        return json.dumps(
            [list(map(str, row)) for row in conn.execute(sa.text("SELECT * FROM audit_log"))]
        )

    dump = store.read_sync(whole_audit_log)
    assert first not in dump and second not in dump
    # The value itself is there for the application.
    assert store.read_sync(settings.get_setting, "email.smtp_password") == second


def test_secret_can_be_forced(store: Store) -> None:
    store.run_sync(
        settings.set_setting, "couriers.inpost", {"org": 7, "key": "abc"}, actor="a", secret=True
    )
    [entry] = audit_entries(store)
    assert entry.details == {
        "key": "couriers.inpost",
        "old": None,
        "new": "(ukryte)",
        "created": True,
    }


@pytest.mark.parametrize(
    ("key", "secret"),
    [
        ("email.smtp_password", True),
        ("email.password", True),
        ("allegro.client_secret", True),
        ("allegro.refresh_token", True),
        ("inpost.api_key", True),
        ("inpost.apikey", True),
        ("ksef.token", True),
        ("ksef.credentials", True),
        ("email.smtp_host", False),
        ("picking.require_pin", False),
        ("token_count.limit", False),
        ("shop.name", False),
    ],
)
def test_is_secret(key: str, secret: bool) -> None:
    assert settings.is_secret(key) is secret


def test_invalid_values_are_refused(store: Store) -> None:
    with pytest.raises(ValueError, match="cannot be stored as JSON"):
        store.run_sync(settings.set_setting, "x", {1, 2}, actor="a")
    with pytest.raises(ValueError, match="1 to 100 characters"):
        store.run_sync(settings.set_setting, "", 1, actor="a")
    assert store.read_sync(settings.all_settings) == {}
    assert audit_entries(store) == []
