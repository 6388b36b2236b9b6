"""The scanner app's texts — the catalog's ``web.*`` keys as the server serves them
(:func:`kolektor.i18n.web_catalog`): every key the code uses exists in Polish and English,
with the same placeholders, and Polish counted texts have all their plural forms; the
JSON files still in ``web/`` equal it.  (No browser; the route: tests/scanner/test_texts.py.)"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kolektor.i18n import web_catalog

WEB = Path(__file__).resolve().parents[2] / "web" / "scanner"
PLURALS = {"one", "few", "many", "other"}
# Keys built at run time from values of the protocol (verdict kinds, statuses, errors...).
DYNAMIC = {
    "verdict": [
        "counted", "line_complete", "order_complete", "order_complete_with_shortages",
        "wrong_product", "unknown_code", "over_pick", "batch_required", "expiry_required",
        "serial_required", "duplicate_serial", "line_closed_short", "order_finished",
        "duplicate", "undone", "nothing_to_undo", "shortage_reported",
    ],
    "error": [
        "bad_message", "too_large", "unsupported_version", "unknown_type", "login_required",
        "login_failed", "pin_required", "login_throttled", "account_locked", "busy",
        "session_expired", "forbidden", "not_found", "not_yours", "wrong_status", "internal",
        "offline", "disconnected", "timeout",
    ],
    "order_status": [
        "new", "picking", "picked", "packed", "label", "realize", "document", "print",
        "email", "allegro", "done", "problem", "attention", "gone",
    ],
    "overlay": ["wrong_product", "over_pick", "unknown_code", "not_yours", "refused"],
    "prompt": ["batch", "expiry", "serial", "batch_hint", "expiry_hint", "serial_hint"],
    "pack": ["length", "width", "height", "length_title", "width_title", "height_title"],
}  # fmt: skip
LABEL_STATES = ("checking", "waiting", "printed", "failed", "ready", "not_configured", "skipped")
"""The states of the label after packing (``label``), each with its title (``printed``: the
server's message is the title)."""


def catalog(language: str) -> dict[str, str]:
    assert language in ("pl", "en")
    return web_catalog("pl" if language == "pl" else "en")


def base(key: str) -> str:
    head, _, tail = key.rpartition(".")
    return head if tail in PLURALS else key


def used_keys() -> tuple[set[str], set[str]]:
    source = "\n".join(path.read_text(encoding="utf-8") for path in WEB.glob("*.js"))
    plain = set(re.findall(r'\bt\("([a-z_]+\.[a-z_.]+)"', source))
    counted = set(re.findall(r'\btn\("([a-z_.]+)"', source))
    return plain, counted


@pytest.mark.parametrize("language", ["pl", "en"])
def test_every_key_used_exists(language: str) -> None:
    texts = catalog(language)
    plain, counted = used_keys()
    for prefix, names in DYNAMIC.items():
        plain |= {f"{prefix}.{name}" for name in names}
    plain |= {f"label.state.{name}" for name in LABEL_STATES}
    assert sorted(plain - set(texts)) == []
    assert sorted(key for key in counted if f"{key}.other" not in texts) == []


def test_polish_and_english_match() -> None:
    pl, en = catalog("pl"), catalog("en")
    assert {base(k) for k in pl} == {base(k) for k in en}
    fields = re.compile(r"\{(\w+)\}")
    for key, text in pl.items():
        twin = en.get(key) or en[f"{base(key)}.other"]
        assert set(fields.findall(text)) == set(fields.findall(twin)), key


def test_polish_plurals_are_complete() -> None:
    pl = catalog("pl")
    counted = {base(k) for k in pl if base(k) != k}
    for key in counted:
        assert {f"{key}.{form}" for form in ("one", "few", "many")} <= set(pl), key


def test_polish_is_polish() -> None:
    """A cheap guard against an untranslated Polish catalogue: diacritics are there."""
    text = " ".join(catalog("pl").values())
    assert all(letter in text for letter in "ąęłńóśźż")


def test_the_apps_texts_exist_only_in_the_catalog() -> None:
    """One catalog: no text files in the app's folder to drift from it."""
    assert not list(WEB.glob("i18n/*.json"))
