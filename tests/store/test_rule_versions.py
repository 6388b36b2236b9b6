"""The rules' versions, read back from the audit log, and restoring one — on SQLite and
PostgreSQL."""

from __future__ import annotations

import pytest

from kolektor.finalize.plan import RULES_SETTING
from kolektor.rules import default_rules_data
from kolektor.store import Store, audit, rule_versions, settings
from kolektor.store.rule_versions import VersionIsCurrent

FIRST = [{"name": "Faktura", "enabled": True, "when": [], "then": {"document": "FS"}}]
SECOND = [{"name": "Paragon", "enabled": True, "when": [], "then": {"document": "PA"}}]


def save(store: Store, rules: object, actor: str) -> None:
    store.run_sync(settings.set_setting, RULES_SETTING, rules, actor=actor)


def test_every_saved_rule_set_is_a_version_and_a_restore_saves_one_again(store: Store) -> None:
    assert store.read_sync(rule_versions.list_versions) == []
    assert store.read_sync(rule_versions.current_version_id) is None
    with pytest.raises(VersionIsCurrent):  # the defaults are in force: nothing to restore
        store.run_sync(rule_versions.restore_version, None, default_rules_data(), actor="x")

    save(store, FIRST, "operator:anna")
    store.run_sync(settings.set_setting, "tolerance", {"units": {}}, actor="operator:anna")
    save(store, SECOND, "operator:biuro")
    second, first = store.read_sync(rule_versions.list_versions)
    assert (first.actor, first.rules, second.actor, second.rules) == (
        "operator:anna", FIRST, "operator:biuro", SECOND,
    )  # fmt: skip
    assert first.id < second.id and first.at <= second.at
    assert store.read_sync(rule_versions.current_version_id) == second.id
    assert store.read_sync(rule_versions.get_version, first.id) == first
    assert store.read_sync(rule_versions.get_version, second.id + 1000) is None
    assert store.read_sync(rule_versions.list_versions, before=second.id) == [first]
    assert store.read_sync(rule_versions.list_versions, limit=1) == [second]

    saved_as = store.run_sync(rule_versions.restore_version, first, FIRST, actor="operator:szef")
    third = store.read_sync(rule_versions.get_version, saved_as)
    assert third is not None
    assert (third.actor, third.rules, third.restored_from, third.restored_from_at) == (
        "operator:szef", FIRST, first.id, first.at,
    )  # fmt: skip
    assert store.read_sync(settings.get_setting, RULES_SETTING) == FIRST
    with pytest.raises(VersionIsCurrent):
        store.run_sync(rule_versions.restore_version, first, FIRST, actor="operator:szef")

    back = store.run_sync(
        rule_versions.restore_version, None, default_rules_data(), actor="operator:szef"
    )
    restored = store.read_sync(rule_versions.get_version, back)
    assert restored is not None and restored.restored_defaults and restored.restored_from is None
    assert [v.id for v in store.read_sync(rule_versions.list_versions)] == [
        back, saved_as, second.id, first.id,
    ]  # fmt: skip
    entries = [e for e in store.read_sync(audit.recent, 10) if e.action == "rules.restored"]
    assert [e.details for e in entries] == [
        {"version": None, "version_at": None, "version_actor": None, "saved_as": back},
        {"version": first.id, "version_at": first.at.isoformat(),
         "version_actor": "operator:anna", "saved_as": saved_as},
    ]  # fmt: skip
