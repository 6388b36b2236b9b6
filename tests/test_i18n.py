"""Every message exists in Polish and English with the same placeholders."""

import string

import pytest

from kolektor.i18n import LANGUAGES, MESSAGES, normalize_language, t


def fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@pytest.mark.parametrize("key", sorted(MESSAGES))
def test_message_has_both_languages_with_the_same_fields(key: str) -> None:
    templates = MESSAGES[key]
    assert set(templates) == set(LANGUAGES)
    assert fields(templates["pl"]) == fields(templates["en"])
    assert templates["pl"] != templates["en"]


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("pl", "pl"),
        ("pl_PL.UTF-8", "pl"),
        ("en-GB", "en"),
        ("EN", "en"),
        ("de", "pl"),
        (None, "pl"),
    ],
)
def test_language_names_map_to_supported_languages(given: str | None, expected: str) -> None:
    assert normalize_language(given) == expected


def test_default_language_follows_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KOLEKTOR_LANG", "en")
    assert t("api.not_found") == "Not found."
    monkeypatch.delenv("KOLEKTOR_LANG")
    assert t("api.not_found") == "Nie znaleziono."
