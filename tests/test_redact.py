"""Passwords never show: ODBC connection strings (braces, ``}}`` escapes), store URLs, the
messages of Subiekt's driver and of the store."""

from __future__ import annotations

import socket
from pathlib import Path

import pyodbc
import pytest

from kolektor.config import ConfigError, SubiektSettings, load_config, masked_connection_string
from kolektor.store.engine import Store, StoreError, redact_url
from kolektor.subiekt.connection import SubiektUnavailable, connect, describe_target, explain

WORDS = ("Kruk7", "Sikora9", "Żuraw3")
"""Every hostile password is made of these, so a leaked *piece* is caught too."""

ODBC_PASSWORDS = [
    "Kruk7}Sikora9;Żuraw3",
    "Kruk7}}Sikora9",
    "{Kruk7}",
    "Kruk7}",
    "Kruk7;Server=Sikora9;Database=Żuraw3",
    "Kruk7 Sikora9@Żuraw3:1",
    "Zażółć Kruk7 gęślą;jaźń",
    "PWD=Kruk7;Password=Sikora9",
]
PASSWORD_KEYS = ["PWD", "pwd", "Pwd", "Password", "PASSWORD", "password "]


def braced(password: str) -> str:
    """How an ODBC connection string quotes a value: braces, ``}`` doubled."""
    return "{" + password.replace("}", "}}") + "}"


def assert_hidden(text: str, password: str) -> None:
    assert password not in text
    assert password.replace("}", "}}") not in text
    for word in (*WORDS, "Zażółć", "gęślą", "jaźń"):
        if word in password:
            assert word not in text, text


@pytest.mark.parametrize("key", PASSWORD_KEYS)
@pytest.mark.parametrize("password", ODBC_PASSWORDS)
def test_masked_connection_string_reads_braces_as_the_driver_does(password: str, key: str) -> None:
    text = f"Driver={{ODBC Driver 18 for SQL Server}};Server=srv;Database=FIRMA;UID=sa;{key}="
    masked = masked_connection_string(f"{text}{braced(password)};Encrypt=yes")
    assert_hidden(masked, password)
    assert masked == f"{text.removesuffix(key + '=')}{key.strip()}=***;Encrypt=yes"


@pytest.mark.parametrize(
    "password", ["Kruk7 Sikora9@Żuraw3:1", "Zażółć Kruk7}Sikora9", "Kruk7{Sikora9"]
)
def test_unbraced_passwords_are_masked_to_the_semicolon(password: str) -> None:
    masked = masked_connection_string(f"DSN=Subiekt;PWD={password};APP=Kolektor")
    assert_hidden(masked, password)
    assert masked == "DSN=Subiekt;PWD=***;APP=Kolektor"


@pytest.mark.parametrize(
    "broken",
    [
        "PWD={Kruk7;Sikora9",  # the closing brace is missing
        "PWD={Kruk7}Sikora9;Server=Żuraw3}",  # a '}' that should have been doubled
    ],
)
def test_a_malformed_braced_password_is_hidden_to_the_end(broken: str) -> None:
    masked = masked_connection_string(f"Server=srv;{broken}")
    assert masked == "Server=srv;PWD=***"


@pytest.mark.parametrize("password", ODBC_PASSWORDS)
def test_describe_target_names_the_server_never_the_password(password: str) -> None:
    text = f"Driver={{SQL Server}};PWD={braced(password)};Server=srv\\INSERTGT;Database=FIRMA"
    assert describe_target(text) == "srv\\INSERTGT/FIRMA"


def test_describe_target_without_a_server_is_masked() -> None:
    target = describe_target("Driver={x};PWD={Kruk7}};Sikora9}")
    assert_hidden(target, "Kruk7};Sikora9")


@pytest.mark.parametrize("password", ODBC_PASSWORDS)
def test_driver_messages_quoting_the_connection_string_are_masked(password: str) -> None:
    connection_string = f"Driver={{FreeTDS}};Server=srv;UID=sa;PWD={braced(password)}"
    error = pyodbc.Error("08001", f"[FreeTDS] cannot connect using '{connection_string}'")
    message = str(explain(error, "en", connection_string=connection_string))
    assert_hidden(message, password)
    assert "cannot reach the database" in message


@pytest.mark.parametrize("password", ODBC_PASSWORDS)
def test_a_driver_message_repeating_the_bare_password_is_scrubbed(password: str) -> None:
    connection_string = f"Server=srv;UID=sa;PWD={braced(password)}"
    error = pyodbc.Error("28000", f"Login failed for 'sa' with {password!r} ({password})")
    message = str(explain(error, "pl", connection_string=connection_string))
    assert_hidden(message, password)
    assert "serwer odrzucił logowanie" in message


def test_errors_after_connecting_never_show_the_password() -> None:
    """The reader explains errors without the connection string; the passwords of every
    connection :func:`connect` opened are scrubbed all the same."""
    password = "Kruk7}Sikora9;Żuraw3"
    settings = SubiektSettings(
        connection_string=f"Driver={{No Such Driver 42}};Server=srv;PWD={braced(password)}"
    )
    with pytest.raises(SubiektUnavailable) as failed:
        connect(settings, language="en")
    assert_hidden(str(failed.value), password)
    later = explain(pyodbc.Error("HY000", f"query failed for {password}"), "en")
    assert_hidden(str(later), password)


URL_PASSWORDS = [
    "Kruk7@Sikora9",
    "Kruk7@Sikora9@Żuraw3",
    "Kruk7:Sikora9",
    "Kruk7/Sikora9",
    "Kruk7 Sikora9",
    "Kruk7}Sikora9{",
    "Kruk7?Sikora9#Żuraw3",
    "Zażółć@gęślą:jaźń",
]


def url_forms(password: str) -> list[str]:
    return [
        f"postgresql://kolektor:{password}@db.sklep.local:5432/kolektor",
        f"postgresql+psycopg://kolektor:{password}@db.sklep.local/kolektor?sslmode=require",
        f"postgresql://kolektor@db.sklep.local/kolektor?sslmode=require&password={password}",
        f"postgresql://kolektor:{password}@db.sklep.local:piec/kolektor",  # unparseable
    ]


@pytest.mark.parametrize("password", URL_PASSWORDS)
def test_redact_url_hides_the_whole_password(password: str) -> None:
    for url in url_forms(password):
        assert_hidden(redact_url(url), password)
    assert (
        redact_url(url_forms(password)[0])
        == "postgresql://kolektor:***@db.sklep.local:5432/kolektor"
    )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.mark.parametrize("password", URL_PASSWORDS)
def test_store_errors_never_show_the_password(password: str) -> None:
    url = f"postgresql://kolektor:{password}@127.0.0.1:{free_port()}/kolektor"
    with pytest.raises(StoreError) as failed:
        Store.open(url)
    assert_hidden(str(failed.value), password)


@pytest.mark.parametrize("password", URL_PASSWORDS)
def test_a_bad_store_url_in_the_config_is_shown_without_the_password(
    tmp_path: Path, password: str
) -> None:
    (tmp_path / "kolektor.toml").write_text(
        f'[store]\nurl = "mysql://root:{password}@db/x"\n'
        '[subiekt]\nconnection_string = "DSN=x"\nwriter = "simulator"\n',
        "utf-8",
    )
    with pytest.raises(ConfigError) as failed:
        load_config(tmp_path / "kolektor.toml", language="en")
    rendered = failed.value.render()
    assert "store.url" in rendered
    assert_hidden(rendered, password)
