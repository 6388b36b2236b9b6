"""Configuration loading: defaults, secrets, and errors that name the key and the fix."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from kolektor.config import (
    ConfigError,
    FieldSource,
    load_config,
    masked_connection_string,
    render_config,
)
from kolektor.redact import odbc_attributes

MINIMAL = (
    '[sfera]\nserver = "SERWER\\\\INSERTGT"\ndatabase = "FIRMA"\noperator = "Kolektor"\n'
    '[subiekt]\nconnection_string = "DSN=Subiekt"\n'
)


def write(tmp_path: Path, text: str, name: str = "kolektor.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def problems(error: pytest.ExceptionInfo[ConfigError]) -> dict[str, tuple[str, str]]:
    return {p.key: (p.message, p.fix) for p in error.value.problems}


def test_minimal_file_gets_sensible_defaults(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, MINIMAL), language="pl")
    assert config.language == "pl"
    assert config.data_dir == tmp_path / "data"
    assert config.store_url == f"sqlite:///{tmp_path / 'data' / 'kolektor.db'}"
    assert (config.server.host, config.server.port) == ("127.0.0.1", 8080)
    assert config.subiekt.encoding == "cp1250"
    assert config.subiekt.location == FieldSource("tw_Pole1")
    assert [str(rule.source) for rule in config.subiekt.external_id] == [
        "dok_Uwagi",
        "dok_NrPelnyOryg",
        "dok_Tytul",
    ]


def test_rendered_demo_config_loads(tmp_path: Path) -> None:
    text = render_config(connection_string="Driver={SQLite3};Database=x.db", port=9000)
    config = load_config(write(tmp_path, text))
    assert config.server.port == 9000
    assert config.subiekt.connection_string == "Driver={SQLite3};Database=x.db"


def test_every_problem_is_reported_at_once_with_key_and_fix(tmp_path: Path) -> None:
    text = """
language = "de"
colour = "red"
[server]
port = 70000
[subiekt]
connection_string = "DSN=x"
writer = "simulator"
location = "tw_Lokalizacja"
poll_interval = "often"
encoding = "klingon"
warehouses = [1, "MAG"]
"""
    with pytest.raises(ConfigError) as error:
        load_config(write(tmp_path, text), language="en")
    found = problems(error)
    assert set(found) == {
        "language",
        "colour",
        "server.port",
        "subiekt.location",
        "subiekt.poll_interval",
        "subiekt.encoding",
        "subiekt.warehouses",
    }
    assert found["server.port"] == (
        "Port 70000 is not valid.",
        "Give a port number from 1 to 65535, e.g. 8080.",
    )
    assert "tw_Pole1 … tw_Pole8" in found["subiekt.location"][1]
    assert "cp1250" in found["subiekt.encoding"][1]
    assert found["colour"][0] == "Unknown setting."
    assert found["subiekt.poll_interval"][1] == "Write e.g. poll_interval = 30."


def test_errors_are_polish_by_default(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("KOLEKTOR_LANG", raising=False)
    with pytest.raises(ConfigError) as error:
        load_config(write(tmp_path, "[subiekt]\n"))
    rendered = error.value.render()
    assert "subiekt.connection_string: Brak wymaganego ustawienia." in rendered
    assert "Jak naprawić:" in rendered


def test_language_setting_chooses_the_language_of_the_errors(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as error:
        load_config(write(tmp_path, 'language = "en"\n[subiekt]\n'))
    assert "A required setting is missing." in error.value.render()


def test_missing_file_and_bad_toml(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as missing:
        load_config(tmp_path / "nope.toml", language="en")
    assert "does not exist" in missing.value.render()
    with pytest.raises(ConfigError) as broken:
        load_config(write(tmp_path, "[subiekt\n"), language="en")
    assert "is not valid TOML" in broken.value.render()
    assert "line 1" in broken.value.render()


def test_secrets_come_from_the_secrets_file_then_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(
        tmp_path,
        'SUBIEKT_PASSWORD = "tajne;hasło"\nKOLEKTOR_SECRET_KEY = "' + "k" * 40 + '"\n',
        "secrets.toml",
    )
    monkeypatch.setenv("PG_PASSWORD", "pg-secret")
    text = """
[secrets]
file = "secrets.toml"
[security]
secret_key = "${KOLEKTOR_SECRET_KEY}"
[store]
url = "postgresql://kolektor:${PG_PASSWORD}@localhost/kolektor"
[sfera]
server = "srv"
database = "FIRMA"
operator = "Kolektor"
operator_password = "${SUBIEKT_PASSWORD}"
[subiekt]
connection_string = "Driver={ODBC Driver 18};Server=srv;UID=sa;PWD={${SUBIEKT_PASSWORD}}"
"""
    config = load_config(write(tmp_path, text))
    assert config.subiekt.connection_string.endswith("PWD={tajne;hasło}")
    assert config.store_url == "postgresql://kolektor:pg-secret@localhost/kolektor"
    assert config.sfera.operator_password == "tajne;hasło"
    assert "tajne" not in masked_connection_string(config.subiekt.connection_string)


@pytest.mark.parametrize("password", ["x}y", "a;b", "}{", " spaces ", "zwykłe", "p@ss:w/rd?#&%"])
@pytest.mark.parametrize(
    "template",
    [
        "Driver={ODBC Driver 18 for SQL Server};Server=srv;UID=k;PWD={${P}};Encrypt=yes",
        "Driver={ODBC Driver 18 for SQL Server};Server=srv;UID=k;PWD=${P};Encrypt=yes",
        "Driver={ODBC Driver 18 for SQL Server};Server=srv;UID=k;PWD=${P}",
    ],
)
def test_a_secret_stays_one_value_in_the_connection_string_and_the_store_url(
    tmp_path: Path, password: str, template: str
) -> None:
    """Whatever characters a password has, the driver reads back exactly that password
    (ODBC: ``}`` doubled inside braces, a risky bare value braced), and the store URL
    carries it percent-encoded; the other attributes are untouched."""
    write(tmp_path, f"P = {password!r}\n".replace("'", '"'), "secrets.toml")
    text = (
        '[secrets]\nfile = "secrets.toml"\n'
        f'[security]\nsecret_key = "{"k" * 40}"\n'
        '[store]\nurl = "postgresql://kolektor:${P}@db.local:5433/kolektor"\n'
        '[sfera]\nserver = "s"\ndatabase = "F"\noperator = "K"\n'
        f"[subiekt]\nconnection_string = {template!r}\n".replace("'", '"')
    )
    config = load_config(write(tmp_path, text))
    attributes = dict(odbc_attributes(config.subiekt.connection_string))
    assert attributes == {
        "Driver": "ODBC Driver 18 for SQL Server",
        "Server": "srv",
        "UID": "k",
        "PWD": password,
        **({"Encrypt": "yes"} if template.endswith("yes") else {}),
    }
    url = make_url(config.store_url)
    assert (url.username, url.password, url.host, url.port, url.database) == (
        "kolektor",
        password,
        "db.local",
        5433,
        "kolektor",
    )
    assert password.strip() not in masked_connection_string(config.subiekt.connection_string)


def test_unknown_secret_is_named(tmp_path: Path) -> None:
    text = '[subiekt]\nconnection_string = "DSN=x;PWD=${NO_SUCH_SECRET_XYZ}"\n'
    with pytest.raises(ConfigError) as error:
        load_config(write(tmp_path, text), language="en")
    message, fix = problems(error)["subiekt.connection_string"]
    assert "${NO_SUCH_SECRET_XYZ}" in message
    assert "NO_SUCH_SECRET_XYZ" in fix


def test_external_id_rules_are_validated(tmp_path: Path) -> None:
    text = (
        MINIMAL
        + """
[[subiekt.external_id]]
source = "pw_Dane:pwd_Tekst03"
pattern = "B_(?P<id>[0-9]+)"
[[subiekt.external_id]]
source = "dok_Opis"
[[subiekt.external_id]]
source = "dok_Uwagi"
pattern = "(unclosed"
"""
    )
    with pytest.raises(ConfigError) as error:
        load_config(write(tmp_path, text), language="en")
    assert set(problems(error)) == {
        "subiekt.external_id[2].source",
        "subiekt.external_id[3].pattern",
    }
    good = MINIMAL + '[[subiekt.external_id]]\nsource = "pw_Dane:pwd_Tekst03"\n'
    rules = load_config(write(tmp_path, good)).subiekt.external_id
    assert [(str(r.source), r.source.custom) for r in rules] == [("pw_Dane:pwd_Tekst03", True)]


@pytest.mark.parametrize(
    ("url", "ok"),
    [
        ("sqlite:////var/lib/kolektor/kolektor.db", True),
        ("postgresql://kolektor@db/kolektor", True),
        ("postgresql+psycopg://kolektor@db/kolektor", True),
        ("mysql://root@db/kolektor", False),
        ("kolektor.db", False),
    ],
)
def test_store_url_schemes(tmp_path: Path, url: str, ok: bool) -> None:
    key = "k" * 32
    path = write(tmp_path, f'[store]\nurl = "{url}"\n[security]\nsecret_key = "{key}"\n' + MINIMAL)
    if ok:
        assert load_config(path).store_url == url
    else:
        with pytest.raises(ConfigError) as error:
            load_config(path, language="en")
        assert list(problems(error)) == ["store.url"]


def test_password_in_a_bad_store_url_is_not_shown(tmp_path: Path) -> None:
    path = write(tmp_path, '[store]\nurl = "mysql://root:sekret@db/x"\n' + MINIMAL)
    with pytest.raises(ConfigError) as error:
        load_config(path, language="en")
    assert "sekret" not in error.value.render()


@pytest.mark.parametrize(
    "text",
    [
        "DSN=x;UID=sa;PWD=abc123",
        "DSN=x;uid=sa;pwd={a;b}",
        "Server=s;Password = hunter2;Database=d",
    ],
)
def test_masked_connection_string_hides_passwords(text: str) -> None:
    masked = masked_connection_string(text)
    assert not re.search(r"abc123|a;b|hunter2", masked)
    assert "***" in masked


def test_sfera_writer_needs_its_settings(tmp_path: Path) -> None:
    text = '[subiekt]\nconnection_string = "DSN=x"\nwriter = "sfera"\n[sfera]\nserver = "S"\n'
    with pytest.raises(ConfigError) as error:
        load_config(write(tmp_path, text), language="en")
    assert set(problems(error)) == {"sfera.database", "sfera.operator"}
    ok = text + 'database = "FIRMA"\noperator = "Kolektor"\nfiscal_printer_id = 2\n'
    config = load_config(write(tmp_path, ok))
    assert (config.sfera.database, config.sfera.fiscal_printer_id) == ("FIRMA", 2)
    bad = ok + 'start_arguments = ["x"]\n'
    with pytest.raises(ConfigError) as error:
        load_config(write(tmp_path, bad), language="en")
    assert list(problems(error)) == ["sfera.start_arguments"]


def test_sfera_behaviour_settings_have_safe_defaults_and_are_checked(tmp_path: Path) -> None:
    base = (
        '[subiekt]\nconnection_string = "DSN=x"\nwriter = "sfera"\n'
        '[sfera]\nserver = "S"\ndatabase = "F"\noperator = "K"\n'
    )
    sfera = load_config(write(tmp_path, base)).sfera
    assert (sfera.encrypt_passwords, sfera.warehouse_from_zk, sfera.invoice_form) == (
        False, True, None,
    )  # fmt: skip
    assert (sfera.dismiss_dialogs, sfera.dynamic_dispatch) == (False, False)
    assert (sfera.session_retries, sfera.start_retries) == (2, 3)
    assert (sfera.in_doubt_wait, sfera.mark_remarks) == (30.0, False)
    chosen = base + (
        "encrypt_passwords = true\nwarehouse_from_zk = false\ninvoice_form = 1\n"
        "dismiss_dialogs = true\ndynamic_dispatch = true\nsession_retries = 0\n"
        "in_doubt_wait = 90\nmark_remarks = true\n"
    )
    sfera = load_config(write(tmp_path, chosen)).sfera
    assert (sfera.encrypt_passwords, sfera.warehouse_from_zk, sfera.invoice_form) == (
        True, False, 1,
    )  # fmt: skip
    assert (sfera.dismiss_dialogs, sfera.dynamic_dispatch, sfera.session_retries) == (
        True, True, 0,
    )  # fmt: skip
    assert (sfera.in_doubt_wait, sfera.mark_remarks) == (90.0, True)
    bad = base + (
        'encrypt_passwords = "tak"\ninvoice_form = 7\nstart_retries = 99\nin_doubt_wait = 0\n'
        'mark_remarks = "tak"\n'
    )
    with pytest.raises(ConfigError) as error:
        load_config(write(tmp_path, bad), language="en")
    assert set(problems(error)) == {
        "sfera.encrypt_passwords", "sfera.invoice_form", "sfera.start_retries",
        "sfera.in_doubt_wait", "sfera.mark_remarks",
    }  # fmt: skip


def test_security_and_tls_settings(tmp_path: Path) -> None:
    (tmp_path / "certs").mkdir()
    (tmp_path / "certs" / "k.crt").write_text("cert")
    (tmp_path / "certs" / "k.key").write_text("key")
    text = (
        '[server]\ntls_certificate = "certs/k.crt"\ntls_key = "certs/k.key"\n'
        "max_scanner_connections = 250\n"
        '[security]\nallowed_origins = ["https://Kolektor.Sklep.pl/"]\n'
        "device_idle_minutes = 30\nbasic_auth = false\n" + MINIMAL
    )
    config = load_config(write(tmp_path, text))
    assert config.server.tls and config.server.tls_key == tmp_path / "certs" / "k.key"
    assert config.server.max_scanner_connections == 250
    assert config.security.allowed_origins == ("https://kolektor.sklep.pl",)
    assert (config.security.device_idle_minutes, config.security.basic_auth) == (30, False)
    assert config.security.office_idle_minutes == 120  # the default
    assert config.security.secret_key == ""  # SQLite: the key file in data_dir is used


def test_security_problems_are_named(tmp_path: Path) -> None:
    text = (
        '[store]\nurl = "postgresql://kolektor@db/kolektor"\n'
        '[server]\ntls_certificate = "brak.crt"\n'
        '[security]\nallowed_origins = ["kolektor.sklep.pl"]\noffice_idle_minutes = 0\n' + MINIMAL
    )
    with pytest.raises(ConfigError) as error:
        load_config(write(tmp_path, text), language="en")
    found = problems(error)
    assert set(found) == {
        "server.tls_certificate",
        "server.tls_key",
        "security.secret_key",
        "security.allowed_origins",
        "security.office_idle_minutes",
    }
    assert "every instance must share it" in found["security.secret_key"][0]
    short = '[security]\nsecret_key = "krótki"\n' + MINIMAL
    with pytest.raises(ConfigError) as error:
        load_config(write(tmp_path, short), language="en")
    assert "6 characters" in problems(error)["security.secret_key"][0]


def test_the_example_configuration_loads(tmp_path: Path) -> None:
    example = Path(__file__).resolve().parents[1] / "kolektor.example.toml"
    (tmp_path / "kolektor.toml").write_text(example.read_text("utf-8"), "utf-8")
    secret = "k" * 40
    secrets = 'SUBIEKT_PASSWORD = "x}y"\nSFERA_OPERATOR_PASSWORD = "sfera-1"\n'
    write(tmp_path, secrets + f'KOLEKTOR_SECRET_KEY = "{secret}"\n', "secrets.toml")
    config = load_config(tmp_path / "kolektor.toml", language="en")
    assert config.security.secret_key == secret
    assert config.server.max_scanner_connections == 500 and not config.server.tls
    assert config.sfera.operator_password == "sfera-1"
    for value in (secret, "x}y", "sfera-1"):
        assert value not in repr(config)  # secrets never shown, even by repr


def test_pipeline_logging_and_retention(tmp_path: Path) -> None:
    text = (
        '[pipeline]\nsteps = ["document", "realize"]\nretry_hours = 4\n'
        '[logging]\nfile = "logs/kolektor.log"\nkeep = 3\n'
        "[retention]\ndocuments_days = 0\n" + MINIMAL
    )
    config = load_config(write(tmp_path, text))
    assert config.pipeline.steps == ("realize", "document")  # in the steps' own order
    assert (config.pipeline.retry_hours, config.pipeline.alert_minutes) == (4.0, 15.0)
    assert config.logging.file == tmp_path / "logs" / "kolektor.log"
    assert (config.logging.max_mb, config.logging.keep) == (50, 3)
    assert (config.retention.documents_days, config.retention.scans_days) == (0, 400)
    defaults = load_config(write(tmp_path, MINIMAL)).pipeline
    assert defaults.steps == ("label", "realize", "document", "print", "email", "allegro")
    assert defaults.step_seconds == 300  # Sfera's 120 s call, started twice, and a margin


def test_pipeline_problems_are_named(tmp_path: Path) -> None:
    text = '[pipeline]\nsteps = ["wydruk"]\nstep_seconds = 5\n' + MINIMAL
    with pytest.raises(ConfigError) as error:
        load_config(write(tmp_path, text), language="en")
    assert set(problems(error)) == {"pipeline.steps", "pipeline.step_seconds"}


def test_carriers_are_not_configured_until_their_sections_say_so(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, MINIMAL))
    assert not config.inpost.configured
    assert config.inpost.url == "https://api-shipx-pl.easypack24.net"
    assert config.allegro.client_id == ""


def test_carrier_credentials_come_from_the_secrets_file_and_never_show(tmp_path: Path) -> None:
    write(tmp_path, 'INPOST_TOKEN = "shipx-sekret"\nALLEGRO_SECRET = "allegro-sekret"\n',
          "secrets.toml")  # fmt: skip
    text = MINIMAL + (
        '[secrets]\nfile = "secrets.toml"\n'
        '[inpost]\norganization_id = 12345\ntoken = "${INPOST_TOKEN}"\n'
        'url = "https://sandbox-api-shipx-pl.easypack24.net/"\n'
        '[allegro]\nclient_id = "abc"\nclient_secret = "${ALLEGRO_SECRET}"\n'
        'environment = "sandbox"\n'
    )
    config = load_config(write(tmp_path, text))
    assert config.inpost.configured and config.inpost.organization_id == 12345
    assert config.inpost.url == "https://sandbox-api-shipx-pl.easypack24.net"
    assert (config.inpost.token, config.allegro.client_secret) == ("shipx-sekret", "allegro-sekret")
    assert (config.allegro.client_id, config.allegro.environment) == ("abc", "sandbox")
    assert "sekret" not in repr(config)


def test_wrong_carrier_settings_are_named(tmp_path: Path) -> None:
    text = MINIMAL + (
        '[inpost]\norganization_id = "12345"\nurl = "ftp://x"\ntimeout = 0\n'
        '[allegro]\nclient_id = "abc"\nenvironment = "test"\napi_url = "allegro.pl"\n'
    )
    with pytest.raises(ConfigError) as error:
        load_config(write(tmp_path, text), language="en")
    assert set(problems(error)) == {
        "inpost.organization_id", "inpost.url", "inpost.timeout", "allegro.environment",
        "allegro.api_url", "allegro.client_secret",
    }  # fmt: skip


def test_the_front_guards_limits_are_set_in_server(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, MINIMAL))
    assert (config.server.requests_per_second, config.server.request_burst) == (100.0, 200.0)
    text = MINIMAL + "[server]\nrequests_per_second = 500\nrequest_burst = 0\n"
    with pytest.raises(ConfigError) as error:
        load_config(write(tmp_path, text), language="en")
    assert list(problems(error)) == ["server.request_burst"]
