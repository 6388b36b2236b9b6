"""Opening a pyodbc connection to Subiekt GT's database and explaining failures.

Subiekt's text columns are ``varchar`` in Windows-1250, so the connection decodes
``SQL_CHAR`` data with the configured encoding (``cp1250``); ``SQL_WCHAR`` (``nvarchar``)
stays UTF-16.  Connections are read-only by intent: Kolektor never writes Subiekt's tables
by SQL (DESIGN.md §3).

pyodbc errors carry an ODBC SQLSTATE; :func:`explain` turns the common ones into a
sentence a shop's admin can act on.
"""

from __future__ import annotations

import re
from typing import Any

import pyodbc

from kolektor.config import SubiektSettings, masked_connection_string
from kolektor.i18n import Language, t
from kolektor.logs import register_secret, scrub_secrets
from kolektor.redact import is_secret_name, odbc_attributes, odbc_secrets


class SubiektUnavailable(Exception):
    """Subiekt's database cannot be used right now; the message says why and what to check."""

    def __init__(self, message: str, *, sqlstate: str | None = None) -> None:
        super().__init__(message)
        self.sqlstate = sqlstate


def sqlstate(error: pyodbc.Error) -> str | None:
    """The ODBC SQLSTATE of a pyodbc error (``08001``, ``28000``…), if it has one."""
    first = error.args[0] if error.args else None
    if isinstance(first, str) and re.fullmatch(r"[0-9A-Z]{5}", first):
        return first
    return None


def explain(
    error: pyodbc.Error, language: Language | None = None, *, connection_string: str = ""
) -> SubiektUnavailable:
    """Classify a pyodbc error into a :class:`SubiektUnavailable` with advice.

    The driver's text never carries a password into the message: quoted connection strings
    are masked, and the passwords of ``connection_string`` and of every connection opened
    by :func:`connect` are replaced by ``***`` wherever they appear."""
    state = sqlstate(error)
    detail = str(error.args[-1] if error.args else error).strip()
    detail = hide_passwords(detail, connection_string)
    if state == "IM002" or "Can't open lib" in detail or "Data source name not found" in detail:
        key = "subiekt.driver_missing"
    elif state is not None and state.startswith("28"):
        key = "subiekt.login_failed"
    elif state in {"42S02", "42S22"} or "no such table" in detail or "no such column" in detail:
        key = "subiekt.not_subiekt"
    else:
        key = "subiekt.unreachable"
    return SubiektUnavailable(t(key, language, error=detail), sqlstate=state)


def connect(settings: SubiektSettings, *, language: Language | None = None) -> Any:
    """Open a connection configured for Subiekt's encoding and timeouts.

    Raises :class:`SubiektUnavailable` when the connection cannot be made.
    """
    for secret in odbc_secrets(settings.connection_string):
        register_secret(secret)  # kept out of logs and of later error messages
    try:
        connection = pyodbc.connect(
            settings.connection_string, timeout=settings.login_timeout, autocommit=True
        )
    except pyodbc.Error as error:
        raise explain(error, language, connection_string=settings.connection_string) from error
    connection.setdecoding(pyodbc.SQL_CHAR, encoding=settings.encoding)
    connection.setdecoding(pyodbc.SQL_WCHAR, encoding="utf-16le")
    connection.setencoding(encoding=settings.encoding)
    connection.timeout = settings.query_timeout
    return connection


def hide_passwords(text: str, connection_string: str = "") -> str:
    """``text`` (a driver's message) without any password: ``PWD=…`` masked, and the
    passwords of ``connection_string`` and the registered secrets replaced by ``***``."""
    text = masked_connection_string(text)
    for secret in odbc_secrets(connection_string):
        # As the driver may quote it: plain, or escaped inside braces.
        for form in sorted({secret, secret.replace("}", "}}")}, key=len, reverse=True):
            text = text.replace(form, "***")
    return scrub_secrets(text)


def describe_target(connection_string: str) -> str:
    """A short, password-free name of the database for messages: server/database or file.

    The string is read as a driver reads it (braced values, ``}}`` escapes), so a password
    containing ``;Server=…`` cannot pass for the server's name."""
    fields = {
        name.lower(): value.strip()
        for name, value in odbc_attributes(connection_string)
        if name and not is_secret_name(name)
    }
    server = fields.get("server") or fields.get("servername")
    database = fields.get("database") or fields.get("initial catalog") or fields.get("dbq")
    if server and database:
        return f"{server}/{database}"
    if database:
        return database
    if "dsn" in fields:
        return f"DSN={fields['dsn']}"
    return masked_connection_string(connection_string)
