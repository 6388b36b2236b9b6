"""Hiding passwords in ODBC connection strings and database URLs before they are shown.

ODBC connection strings are ``key=value`` pairs separated by ``;``.  A value may be quoted
in braces, and inside braces ``}}`` stands for one ``}``: ``PWD={a}}b;c}`` is the password
``a}b;c``.  Masking therefore reads each value the way the driver does, instead of stopping
at the first ``}`` or ``;``, and when a value is malformed (an unterminated brace, text after
the closing brace) it hides everything up to the end, never less.

URLs (``postgresql://user:password@host/db``) hide the part between the user name and the
*last* ``@`` (an unencoded ``@`` in a password must not leave its tail behind), and query
parameters whose names say they carry a secret (``?password=…``, ``sslpassword=…``).
"""

from __future__ import annotations

import re
from typing import Final

MASK: Final = "***"

_SECRET_NAME: Final = re.compile(r"(?i)pwd|passw|secret|token")
"""Attribute or parameter names whose values are secrets (PWD, Password, KeyStoreSecret…)."""

_SECRET_ATTRIBUTE: Final = re.compile(
    r"(?i)(?<![A-Za-z0-9_])([A-Za-z_]*(?:pwd|passw(?:or)?d|secret|token)[A-Za-z_]*)[ \t]*=[ \t]*"
)
_URL_START: Final = re.compile(r"^([A-Za-z][\w+.-]*://)")


def _value_end(text: str, start: int) -> int:
    """Where the ODBC value starting at ``start`` ends (exclusive).

    A braced value ends at the first ``}`` not doubled; it must be followed by ``;`` or the
    end (spaces allowed), otherwise the string is malformed and the value is taken to run to
    the end, so that no part of it is ever shown.  A plain value ends at the next ``;``.
    """
    if start < len(text) and text[start] == "{":
        index = start + 1
        while index < len(text):
            if text[index] == "}":
                if text.startswith("}}", index):
                    index += 2
                    continue
                end = index + 1
                rest = text[end:].lstrip(" \t")
                return end if not rest or rest.startswith(";") else len(text)
            index += 1
        return len(text)
    semicolon = text.find(";", start)
    return len(text) if semicolon < 0 else semicolon


def _unquote(raw: str) -> str:
    """The value a driver sees for ``raw`` (braces removed, ``}}`` made ``}``)."""
    if len(raw) >= 2 and raw.startswith("{") and raw.endswith("}"):
        return raw[1:-1].replace("}}", "}")
    return raw


def odbc_attributes(text: str) -> list[tuple[str, str]]:
    """The ``(key, value)`` pairs of an ODBC connection string, in order, keys as written
    (stripped), values unquoted."""
    pairs: list[tuple[str, str]] = []
    position = 0
    while position < len(text):
        if text[position] in "; \t":
            position += 1
            continue
        equals = text.find("=", position)
        semicolon = text.find(";", position)
        if equals < 0:
            break
        if 0 <= semicolon < equals:  # a piece without '=': not an attribute, skip it
            position = semicolon + 1
            continue
        key = text[position:equals].strip()
        start = equals + 1
        while start < len(text) and text[start] in " \t":
            start += 1
        end = _value_end(text, start)
        pairs.append((key, _unquote(text[start:end].rstrip(" \t"))))
        position = end + 1
    return pairs


def is_secret_name(name: str) -> bool:
    """Whether an attribute or parameter called ``name`` holds a secret (``PWD``,
    ``Password``, ``KeyStoreSecret``, ``sslpassword``…)."""
    return _SECRET_NAME.search(name) is not None


def odbc_secrets(text: str) -> list[str]:
    """The secret values (passwords, tokens) in an ODBC connection string, unquoted."""
    return [value for key, value in odbc_attributes(text) if value and is_secret_name(key)]


def mask_connection_string(text: str) -> str:
    """``text`` — a connection string, or a message that quotes one — with the value of every
    password-like attribute replaced by ``***``."""
    pieces: list[str] = []
    position = 0
    while (match := _SECRET_ATTRIBUTE.search(text, position)) is not None:
        end = _value_end(text, match.end())
        pieces.append(text[position : match.start()])
        pieces.append(f"{match.group(1)}={MASK}")
        position = end
    pieces.append(text[position:])
    return "".join(pieces)


_QUERY_SECRET: Final = re.compile(
    r"(?i)[?&][^&=?]*(?:pwd|passw|secret|token)[^&=?]*=(?P<value>.*?)(?=&[\w.-]+=|$)"
)


def mask_url(url: str) -> str:
    """``url`` with the password and secret query parameters replaced by ``***``; works on
    URLs too broken to parse.

    Two readings are hidden together, so an unencoded ``@``, ``?`` or ``&`` in a password
    shows nothing whichever way it is read: the password runs from the colon after the user
    name to the *last* ``@``, and a ``password=``-like parameter (after ``?`` or ``&``) runs
    to the next ``&name=`` or the end."""
    start = _URL_START.match(url)
    if start is None:
        return mask_connection_string(url)
    hidden = [False] * len(url)
    authority = start.end()
    if not url.startswith("/", authority) and (at := url.rfind("@", authority)) >= 0:
        colon = url.find(":", authority, at)
        if colon >= 0:
            hidden[colon + 1 : at] = [True] * (at - colon - 1)
    for match in _QUERY_SECRET.finditer(url, authority):
        first, last = match.span("value")
        hidden[first:last] = [True] * (last - first)
    pieces: list[str] = []
    for index, character in enumerate(url):
        if not hidden[index]:
            pieces.append(character)
        elif index == 0 or not hidden[index - 1]:
            pieces.append(MASK)
    return "".join(pieces)


__all__ = [
    "MASK",
    "is_secret_name",
    "mask_connection_string",
    "mask_url",
    "odbc_attributes",
    "odbc_secrets",
]
