"""No message shows a value the way Python prints it.

A catalog text written with ``{value!r}`` (or with ``'…'`` typed into it) shows the reader
``'ZK 18/2026'``: Python's quoting, which is neither Polish („…”) nor English (“…”)
typography.  Every message of the catalog is rendered here in both languages with every
parameter set to a sample text, and the result must not hold a text in single quotes.
"""

from __future__ import annotations

import re
import string

import pytest

from kolektor.i18n import LANGUAGES, MESSAGES, Language, t

SAMPLE = "próbka"

PYTHON_QUOTED = re.compile(r"(?<![\w’])'[^'\n]+'(?![\w])")
"""A text between two straight single quotes (``'próbka'``), not an apostrophe (``don't``,
``Subiekt's``)."""


class SampleValue:
    """A parameter value that fits any field: a format spec, an attribute, an index."""

    def __format__(self, spec: str) -> str:
        return SAMPLE

    def __str__(self) -> str:
        return SAMPLE

    def __repr__(self) -> str:
        return repr(SAMPLE)

    def __getattr__(self, name: str) -> SampleValue:
        return SampleValue()

    def __getitem__(self, key: object) -> SampleValue:
        return SampleValue()


def _field_names(text: str) -> set[str]:
    names = set()
    for _, field, _, _ in string.Formatter().parse(text):
        if field:
            names.add(re.split(r"[.\[!:]", field, maxsplit=1)[0])
    return names


def _rendered(key: str, language: Language) -> str:
    params = {name: SampleValue() for name in _field_names(MESSAGES[key][language])}
    return t(key, language, **params)


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_message_quotes_like_python(language: Language) -> None:
    quoted = {
        key: PYTHON_QUOTED.findall(text)
        for key in MESSAGES
        if PYTHON_QUOTED.search(text := _rendered(key, language))
    }
    assert not quoted, f"Python-style quotes in messages ({language}): {quoted}"


def test_the_check_catches_a_repr_field() -> None:
    """The check itself: a ``!r`` field is caught, typographic quotes are not."""
    assert PYTHON_QUOTED.search(f"Nie ma operatora o loginie {SAMPLE!r}.")
    assert not PYTHON_QUOTED.search(f"Nie ma operatora o loginie „{SAMPLE}”.")
    assert not PYTHON_QUOTED.search("The operator's login isn't known.")
