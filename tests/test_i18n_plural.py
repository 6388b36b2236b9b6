"""Numbers and the words after them agree in the server's messages, as in the scanner app:
1 znak, 2 znaki, 5 znaków, 22 znaki — not "3 znaków" or "krok(ów)"."""

from __future__ import annotations

import re

import pytest

from kolektor.i18n import LANGUAGES, MESSAGES, Language, plural_category, t

PLURAL_FIELD = re.compile(r"\{(\w+):plural:([^}]*)\}")


@pytest.mark.parametrize(
    ("count", "polish", "english"),
    [
        (0, "many", "other"),
        (1, "one", "one"),
        (2, "few", "other"),
        (4, "few", "other"),
        (5, "many", "other"),
        (12, "many", "other"),
        (14, "many", "other"),
        (21, "many", "other"),
        (22, "few", "other"),
        (25, "many", "other"),
        (102, "few", "other"),
        (112, "many", "other"),
    ],
)
def test_plural_categories(count: int, polish: str, english: str) -> None:
    assert plural_category(count, "pl") == polish
    assert plural_category(count, "en") == english


@pytest.mark.parametrize(
    ("length", "polish", "english"),
    [
        (1, "ma 1 znak —", "has 1 character —"),
        (3, "ma 3 znaki —", "has 3 characters —"),
        (5, "ma 5 znaków —", "has 5 characters —"),
        (22, "ma 22 znaki —", "has 22 characters —"),
        (13, "ma 13 znaków —", "has 13 characters —"),
    ],
)
def test_a_count_picks_its_word(length: int, polish: str, english: str) -> None:
    assert polish in t("config.secret_key_short", "pl", length=length)
    assert english in t("config.secret_key_short", "en", length=length)


def test_steps_left_are_counted_in_words() -> None:
    assert t("work.left", "pl", waiting=1, leased=3).startswith(
        "Nie wszystko skończone: 1 krok czeka na ponowienie, 3 kroki wykonuje inny pracownik."
    )
    assert "5 kroków czeka na ponowienie, 1 krok wykonuje" in t(
        "work.left", "pl", waiting=5, leased=1
    )
    assert "1 step waits for a retry, 2 are held" in t("work.left", "en", waiting=1, leased=2)


def test_a_plain_number_field_is_still_a_number() -> None:
    assert t("check.tls_ok", "pl", path="a", names="b", until="c", days=1).endswith(
        "(jeszcze 1 dzień)"
    )
    assert t("check.tls_ok", "en", path="a", names="b", until="c", days=30).endswith(
        "(30 days left)"
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_plural_field_lists_the_languages_forms(language: Language) -> None:
    """Polish words come in three forms (one|few|many), English in two (one|other)."""
    wanted = 3 if language == "pl" else 2
    wrong = {
        key: words
        for key, texts in MESSAGES.items()
        for _, words in PLURAL_FIELD.findall(texts[language])
        if len(words.split("|")) != wanted
    }
    assert not wrong, wrong


def test_no_message_hedges_a_plural_with_brackets() -> None:
    """ "krok(ów)", "step(s)": the message says the right form instead."""
    hedged = {
        key: texts[language]
        for key, texts in MESSAGES.items()
        for language in LANGUAGES
        if re.search(r"\w\((ów|y|i|s|es)\)", texts[language])
    }
    assert not hedged, hedged
