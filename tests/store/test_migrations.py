"""The Alembic migrations build exactly the schema ``kolektor.store.tables`` describes."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from kolektor.store import Store, head_revision, settings
from kolektor.store.tables import metadata

TABLES = {
    "allegro_accounts",
    "audit_log",
    "device_stations",
    "documents",
    "jobs",
    "manual_entries",
    "operators",
    "order_events",
    "order_lines",
    "order_search",
    "orders",
    "packages",
    "pick_states",
    "printers",
    "scans",
    "sessions",
    "settings",
    "shipment_labels",
    "shipments",
    "stations",
}


@pytest.fixture
def empty_store(store_url: str) -> Iterator[Store]:
    opened = Store.open(store_url)
    yield opened
    opened.close()


def schema_differences(store: Store, target: sa.MetaData) -> list[object]:
    with store.engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "compare_server_default": True}
        )
        return list(compare_metadata(context, target))


def test_migrated_schema_equals_the_table_definitions(store: Store) -> None:
    assert schema_differences(store, metadata) == []
    assert set(sa.inspect(store.engine).get_table_names()) == TABLES | {"alembic_version"}


def test_schema_comparison_notices_differences(store: Store) -> None:
    # Guards the test above: a missing column or a different type must be reported.
    changed = sa.MetaData(naming_convention=metadata.naming_convention)
    for table in metadata.tables.values():
        table.to_metadata(changed)
    changed.tables["orders"].append_column(sa.Column("surprise", sa.Integer))
    changed.tables["order_lines"].c.quantity.type = sa.Numeric(18, 3)
    differences = schema_differences(store, changed)
    found = []
    for difference in differences:
        first = difference[0] if isinstance(difference, list) else difference
        assert isinstance(first, tuple)
        column = first[3].name if first[0] == "add_column" else first[3]
        found.append((first[0], column))
    assert sorted(found) == [("add_column", "surprise"), ("modify_type", "quantity")]


def test_empty_database_has_no_revision_until_upgraded(empty_store: Store) -> None:
    assert empty_store.current_revision() is None
    empty_store.upgrade()
    assert empty_store.current_revision() == head_revision() == "0007"


def test_upgrade_twice_is_harmless_and_keeps_data(store: Store) -> None:
    store.run_sync(settings.set_setting, "shop.name", "Żółta Łódka", actor="test")
    store.upgrade()
    assert store.current_revision() == head_revision()
    assert store.run_sync(settings.get_setting, "shop.name") == "Żółta Łódka"
    assert schema_differences(store, metadata) == []


def test_instances_starting_together_both_upgrade(store_url: str) -> None:
    stores = [Store.open(store_url) for _ in range(2)]
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def start(store: Store) -> None:
        barrier.wait()
        try:
            store.upgrade()
        except BaseException as error:  # reported below
            errors.append(error)

    threads = [threading.Thread(target=start, args=(s,)) for s in stores]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    try:
        assert errors == []
        assert [s.current_revision() for s in stores] == [head_revision()] * 2
        assert schema_differences(stores[0], metadata) == []
    finally:
        for s in stores:
            s.close()


def _upgrade_to(store: Store, revision: str) -> None:
    from alembic import command

    from kolektor.store.engine import alembic_config

    config = alembic_config()
    with store.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def _add_plain_badge(store: Store, login: str, badge: str) -> None:
    with store.engine.begin() as connection:
        connection.execute(
            sa.text(
                "INSERT INTO operators (login, name, role, badge_code, active, created_at) "
                "VALUES (:login, :login, 'picker', :badge, :active, :now)"
            ),
            {"login": login, "badge": badge, "active": True, "now": "2026-11-01 08:00:00"},
        )


def test_plain_badges_are_hashed_by_the_upgrade(empty_store: Store) -> None:
    from kolektor.auth.keys import badge_hash
    from kolektor.store import operators

    _upgrade_to(empty_store, "0002")
    _add_plain_badge(empty_store, "anna", "OP-0001")
    key = b"k" * 32
    empty_store.upgrade(badge_key=key)
    columns = {c["name"] for c in sa.inspect(empty_store.engine).get_columns("operators")}
    assert "badge_code" not in columns  # the plain codes are gone, not just unused
    found = empty_store.read_sync(operators.credentials_by_badge, badge_hash(key, " op-0001 "))
    assert found is not None and found.operator.login == "anna"
    assert found.operator.badge_hint == "…0001"
    with empty_store.engine.connect() as connection:
        dump = "".join(str(row) for row in connection.execute(sa.text("SELECT * FROM operators")))
    assert "OP-0001" not in dump


def test_plain_badges_cannot_be_upgraded_without_the_key(empty_store: Store) -> None:
    from kolektor.store.engine import MigrationError

    _upgrade_to(empty_store, "0002")
    _add_plain_badge(empty_store, "anna", "OP-0001")
    with pytest.raises(MigrationError, match="instance key"):
        empty_store.upgrade()
    assert empty_store.current_revision() == "0002"  # nothing half-done
