"""Packing plans from the office's rules, parsed once per change, outside any transaction."""

from __future__ import annotations

from kolektor.finalize.plan import RULES_SETTING, RulesCache
from kolektor.rules import DEFAULT_RULES, dump_rules
from kolektor.store import Store, settings


async def test_the_rules_are_parsed_once_per_change(store: Store) -> None:
    cache = RulesCache()
    assert await cache.current(store, "pl") == list(DEFAULT_RULES)
    mine = [{"name": "Wszystko na WZ", "when": [], "then": {"document": "WZ"}}]
    store.run_sync(settings.set_setting, RULES_SETTING, mine, actor="test")
    first = await cache.current(store, "pl")
    assert [(r["name"], r["then"]["document"]) for r in dump_rules(first)] == [
        ("Wszystko na WZ", "WZ")
    ]
    again = await cache.current(store, "pl")
    assert again[0] is first[0]  # unchanged setting: the parsed rules are reused
    english = await cache.current(store, "en")
    assert english[0] is not first[0]  # messages are per language: parsed again
    store.run_sync(settings.set_setting, RULES_SETTING, [{**mine[0], "name": "Inna"}], actor="test")
    assert (await cache.current(store, "pl"))[0].name == "Inna"
