"""The one message catalog: every message exists in Polish and English with the same
placeholders, the Polish differs from the English (unless the catalog says the text is the
same in both), every template renders, and the catalog refuses a key defined twice."""

import re
import string

import pytest

from kolektor import i18n
from kolektor.i18n import (
    LANGUAGES,
    MESSAGES,
    SAME_TEXT,
    Message,
    describe,
    normalize_language,
    t,
)


def fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@pytest.mark.parametrize("key", sorted(MESSAGES))
def test_message_has_both_languages_with_the_same_fields(key: str) -> None:
    templates = MESSAGES[key]
    assert set(templates) == set(LANGUAGES)
    assert all(templates[language].strip() for language in LANGUAGES)
    assert fields(templates["pl"]) == fields(templates["en"])
    if key not in SAME_TEXT:
        assert templates["pl"] != templates["en"], "the same text in both: an English leftover?"


def test_the_same_text_list_names_only_texts_that_are_the_same() -> None:
    assert sorted(SAME_TEXT - set(MESSAGES)) == []
    assert sorted(k for k in SAME_TEXT if MESSAGES[k]["pl"] != MESSAGES[k]["en"]) == []


class Value:
    """A parameter value that takes any format spec (``{seconds:g}``) and conversion."""

    def __format__(self, spec: str) -> str:
        return "x"

    def __repr__(self) -> str:
        return "x"


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_python_template_renders(language: i18n.Language) -> None:
    for key, templates in MESSAGES.items():
        if key.startswith(i18n.WEB_PREFIX):
            continue  # rendered by the app's t(), see the next test
        t(key, language, **dict.fromkeys(fields(templates[language]), Value()))


def test_web_templates_use_only_the_apps_placeholders() -> None:
    """``web/scanner/i18n.js`` replaces ``{name}`` and nothing else: no ``{{`` escapes."""
    for key, templates in MESSAGES.items():
        if key.startswith(i18n.WEB_PREFIX):
            for text in templates.values():
                assert "{" not in re.sub(r"\{\w+\}", "", text), key
                assert "}" not in re.sub(r"\{\w+\}", "", text), key


def test_a_key_defined_twice_or_without_a_language_stops_the_import() -> None:
    with pytest.raises(RuntimeError, match="defined twice"):
        i18n._merge("test", {"api.not_found": {"pl": "a", "en": "b"}})
    with pytest.raises(RuntimeError, match="languages"):
        i18n._merge("test", {"test.only_polish": {"pl": "tylko po polsku"}})
    assert "test.only_polish" not in MESSAGES


def test_parameters_that_are_messages_render_in_the_same_language() -> None:
    gaps = (Message("document.gap.seller_nip"), Message("document.gap.lines"))
    assert t("document.missing", "pl", label="FS 1", gaps=gaps).endswith(
        "brakuje: NIP sprzedawcy, pozycje"
    )
    assert t("document.missing", "en", label="FS 1", gaps=gaps).endswith(
        "missing seller NIP, lines"
    )
    # A literal brace escaped in a template without parameters renders as one brace.
    assert t("api.json.not_object", "pl") == "oczekiwano obiektu {…}"


def test_errors_with_a_key_are_described_in_the_readers_language() -> None:
    from kolektor.documents import DocumentError
    from kolektor.store.engine import StoreConfigError

    error = StoreConfigError("store.url_no_file", url="sqlite://")
    assert "does not name a database file" in str(error)  # the log's English
    assert describe(error, "pl").startswith("Adres magazynu danych „sqlite://” nie wskazuje")
    missing = DocumentError("document.not_found", id=7)
    assert describe(missing, "pl") == "dokumentu dok_Id=7 nie ma w Subiekcie"
    assert describe(ValueError("a driver's own words"), "pl") == "a driver's own words"


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
