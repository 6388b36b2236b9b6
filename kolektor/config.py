"""The start-up configuration: a small TOML file with what Kolektor needs before it can
reach its store.  Everything else (document rules, printers, templates…) lives in the store
and is edited in the panel.

Loading validates every setting and reports *all* problems at once; each names the key
(``subiekt.location``), says what is wrong and how to fix it, in Polish or English.
Secrets are not written in this file: ``${NAME}`` in a value is replaced by ``NAME`` from
the secrets file (``[secrets] file``) or, failing that, the environment.
"""

from __future__ import annotations

import codecs
import os
import re
import tomllib
import urllib.parse
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final, TypeVar

from kolektor.i18n import LANGUAGES, Language, default_language, normalize_language, t

DEFAULT_CONFIG_NAME = "kolektor.toml"

UUID_PATTERN = r"(?i)\b(?P<id>[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\b"
"""An Allegro checkout-form id is a UUID; this finds one anywhere in a text field."""

HEADER_SOURCES = ("dok_Uwagi", "dok_NrPelnyOryg", "dok_Tytul")
PW_TEXT_FIELDS = tuple(f"pwd_Tekst{n:02d}" for n in range(1, 11))
PRODUCT_FIELDS = tuple(f"tw_Pole{n}" for n in range(1, 9))
T = TypeVar("T")
_SECRET_REFERENCE = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")


@dataclass(frozen=True, slots=True)
class FieldSource:
    """Where a value lives in Subiekt: a column of a fixed table, or a ``pw_Dane`` text
    field (extended custom field) of the object."""

    column: str
    custom: bool = False
    """True for ``pw_Dane:<column>``."""

    @classmethod
    def parse(cls, text: str, fixed: tuple[str, ...]) -> FieldSource | None:
        if text in fixed:
            return cls(text)
        prefix, _, column = text.partition(":")
        if prefix == "pw_Dane" and column in PW_TEXT_FIELDS:
            return cls(column, custom=True)
        return None

    def __str__(self) -> str:
        return f"pw_Dane:{self.column}" if self.custom else self.column


@dataclass(frozen=True, slots=True)
class ExternalIdRule:
    """Find the shop/Allegro order id of a ZK: the first match of ``pattern`` in ``source``
    (the ``id`` group if the pattern has one, else the whole match)."""

    source: FieldSource
    pattern: re.Pattern[str]


@dataclass(frozen=True, slots=True)
class SubiektSettings:
    connection_string: str = field(repr=False)
    encoding: str = "cp1250"
    query_timeout: int = 30
    login_timeout: int = 10
    poll_interval: float = 30.0
    warehouses: tuple[int, ...] = ()
    categories: tuple[int, ...] = ()
    flags: tuple[int, ...] = ()
    flag_object_type: int = -8
    location: FieldSource = FieldSource("tw_Pole1")
    external_id: tuple[ExternalIdRule, ...] = ()
    writer: str = "sfera"
    """How documents are written: ``sfera`` (Subiekt's COM API, Windows) or ``simulator``
    (the demo's Subiekt-schema SQLite database, see ``kolektor.finalize.simulator``)."""


@dataclass(frozen=True, slots=True)
class SferaConfig:
    """``[sfera]``: how Kolektor reaches Sfera GT (``subiekt.writer = "sfera"``)."""

    server: str = ""
    database: str = ""
    operator: str = ""
    operator_password: str = field(default="", repr=False)
    sql_user: str = ""
    sql_password: str = field(default="", repr=False)
    warehouse_id: int | None = None
    fiscal_printer_id: int | None = None
    start_arguments: tuple[int, ...] = (0, 6)
    call_timeout: float = 120.0
    encrypt_passwords: bool = False
    """Passwords through ``InsERT.Dodatki.Szyfruj`` (docs/subiekt-writer.md)."""
    warehouse_from_zk: bool = True
    invoice_form: int | None = None
    """``FormaDokumentu`` of a new FS (1: KSeF e-invoice); None: Subiekt's default."""
    dismiss_dialogs: bool = False
    """Answer Subiekt's known harmless dialogs (KSeF "unsent documents", trial notice)."""
    dynamic_dispatch: bool = False
    session_retries: int = 2
    start_retries: int = 3
    in_doubt_wait: float = 30.0
    """Seconds a realization waits for an abandoned (timed-out) call to end before it
    answers "the previous attempt may still be saving" (docs/subiekt-writer.md)."""
    mark_remarks: bool = False
    """Write Kolektor's correlation mark into the new document's remarks (``Uwagi``)."""


INPOST_URL: Final = "https://api-shipx-pl.easypack24.net"
"""ShipX production (the sandbox: ``https://sandbox-api-shipx-pl.easypack24.net``)."""


@dataclass(frozen=True, slots=True)
class InPostConfig:
    """``[inpost]``: the InPost ShipX account labels are bought with (docs/inpost.md).
    Without ``organization_id`` and ``token`` InPost is not configured (a rule choosing it
    leaves the label step ``not configured``)."""

    url: str = INPOST_URL
    organization_id: int | None = None
    token: str = field(default="", repr=False)
    timeout: float = 20.0

    @property
    def configured(self) -> bool:
        return self.organization_id is not None and bool(self.token)


@dataclass(frozen=True, slots=True)
class AllegroConfig:
    """``[allegro]``: the shop's Allegro application (docs/allegro.md); seller accounts are
    connected in the panel.  Without ``client_id`` Allegro is not configured."""

    client_id: str = ""
    client_secret: str = field(default="", repr=False)
    environment: str = "production"
    api_url: str = ""
    """Replaces Allegro's API host (the fake in the demo and tests); empty: the real one."""
    auth_url: str = ""
    app_name: str = "Kolektor"
    info_url: str = ""


@dataclass(frozen=True, slots=True)
class ServerSettings:
    host: str = "127.0.0.1"
    port: int = 8080
    tls_certificate: Path | None = None
    """PEM certificate (with the chain) for HTTPS; with :attr:`tls_key`, Kolektor serves
    HTTPS and WSS only."""
    tls_key: Path | None = None
    max_scanner_connections: int = 500
    """Scanner WebSockets open at once; one more is refused until another closes."""
    requests_per_second: float = 100.0
    """Requests (and sockets) one address may send a second on average (``kolektor.server.
    guard``); this computer itself is not limited."""
    request_burst: float = 200.0
    """How many of them it may send at once."""

    @property
    def tls(self) -> bool:
        return self.tls_certificate is not None and self.tls_key is not None


@dataclass(frozen=True, slots=True)
class SecuritySettings:
    """``[security]``: sessions, origins and the instance secret (``docs/security.md``)."""

    secret_key: str = field(default="", repr=False)
    """The instance secret (badge hashes, later encrypted tokens); from the secrets file.
    Empty with SQLite: a random key kept in ``data_dir/instance.key``. Required with
    PostgreSQL, where every instance must share it."""
    allowed_origins: tuple[str, ...] = ()
    """Origins (``https://kolektor.sklep.pl``) browsers may use; empty = the address the
    browser asked for (its ``Host``)."""
    office_idle_minutes: int = 120
    office_session_hours: int = 12
    device_idle_minutes: int = 60
    device_session_hours: int = 12
    basic_auth: bool = True
    """Scripts may send HTTP Basic credentials on ``/api`` (never prompted for)."""


STEP_NAMES: tuple[str, ...] = ("label", "realize", "document", "print", "email", "allegro")
"""The finalization steps, in order (``kolektor.store.lifecycle.FINALIZATION_STEPS``)."""


@dataclass(frozen=True, slots=True)
class PipelineSettings:
    """``[pipeline]``: which finalization steps this process runs and how long it retries."""

    steps: tuple[str, ...] = STEP_NAMES
    """The steps ``kolektor serve`` / ``kolektor work`` run here; the others are left to the
    process that names them (e.g. the Windows worker with Sfera: ``["realize", "document"]``)."""
    retry_hours: float = 2.0
    """A step failing in a way that may pass (Subiekt unreachable, a timeout) is retried for
    this long from its first failure before the order goes to ``attention``."""
    alert_minutes: float = 15.0
    """After failing this long, the order is flagged for the office while it still retries."""
    step_seconds: float = 300.0
    """The longest one step may run before it counts as failed (realization: at least Sfera's
    start and call timeouts)."""


@dataclass(frozen=True, slots=True)
class LoggingSettings:
    """``[logging]``: where the JSON-lines log goes."""

    file: Path | None = None
    """None: standard error (journald, the Windows service's log); a path: rotated here."""
    max_mb: int = 50
    keep: int = 5


@dataclass(frozen=True, slots=True)
class RetentionSettings:
    """``[retention]``: how long Kolektor keeps what it made (0: for ever)."""

    documents_days: int = 400
    """Document files (the customers' PDFs; the documents themselves stay in Subiekt)."""
    scans_days: int = 400
    """Individual scans of finished orders (the orders, lines and packages stay)."""


@dataclass(frozen=True, slots=True)
class Config:
    path: Path
    language: Language
    data_dir: Path
    server: ServerSettings
    store_url: str = field(repr=False)
    subiekt: SubiektSettings
    secrets_file: Path | None = None
    log_level: str = "INFO"
    sfera: SferaConfig = SferaConfig()
    inpost: InPostConfig = InPostConfig()
    allegro: AllegroConfig = AllegroConfig()
    security: SecuritySettings = SecuritySettings()
    pipeline: PipelineSettings = PipelineSettings()
    logging: LoggingSettings = LoggingSettings()
    retention: RetentionSettings = RetentionSettings()


@dataclass(frozen=True, slots=True)
class ConfigProblem:
    key: str
    message: str
    fix: str


class ConfigError(Exception):
    """The configuration cannot be used; :attr:`problems` lists every reason."""

    def __init__(self, path: Path, problems: list[ConfigProblem], language: Language) -> None:
        self.path = path
        self.problems = problems
        self.language = language
        super().__init__(self.render())

    def render(self) -> str:
        lines = [t("config.problems", self.language, path=self.path, count=len(self.problems))]
        lines += [
            t("config.problem_line", self.language, key=p.key, message=p.message, fix=p.fix)
            for p in self.problems
        ]
        return "\n".join(lines)


def default_external_id_rules() -> tuple[ExternalIdRule, ...]:
    """Look for a checkout-form UUID in the remarks, then the original number, then the title."""
    pattern = re.compile(UUID_PATTERN)
    return tuple(ExternalIdRule(FieldSource(column), pattern) for column in HEADER_SOURCES)


_TYPE_NAMES = {str: "tekst", int: "liczba", float: "liczba", bool: "tak/nie", list: "lista"}
_TYPE_NAMES_EN = {str: "text", int: "integer", float: "number", bool: "true/false", list: "list"}


class _Reader:
    """Walks the parsed TOML, collecting problems instead of stopping at the first."""

    def __init__(self, language: Language) -> None:
        self.language = language
        self.problems: list[ConfigProblem] = []

    def problem(self, key: str, message: str, fix_key: str, **params: object) -> None:
        fix = t(fix_key, self.language, **params)
        self.problems.append(ConfigProblem(key, message, fix))

    def section(
        self, data: Mapping[str, Any], name: str, allowed: tuple[str, ...]
    ) -> Mapping[str, Any]:
        value = data.get(name, {})
        if not isinstance(value, dict):
            self.wrong_type(name, value, dict, "[" + name + "]")
            return {}
        for key in value:
            if key not in allowed:
                self.problem(
                    f"{name}.{key}",
                    t("config.unknown_key", self.language),
                    "config.unknown_key.fix",
                    allowed=", ".join(allowed),
                )
        return value

    def wrong_type(self, key: str, value: object, expected: type, example: str) -> None:
        names = _TYPE_NAMES if self.language == "pl" else _TYPE_NAMES_EN
        expected_name = names.get(expected, "tabela" if self.language == "pl" else "table")
        found_name = names.get(type(value), type(value).__name__)
        self.problem(
            key,
            t("config.wrong_type", self.language, expected=expected_name, found=found_name),
            "config.wrong_type.fix",
            example=example,
        )

    def get(
        self,
        section: Mapping[str, Any],
        prefix: str,
        name: str,
        kind: type[T],
        default: T,
        example: str,
    ) -> T:
        key = f"{prefix}.{name}" if prefix else name
        value = section.get(name, default)
        if kind is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            self.wrong_type(key, value, kind, example)
            return default
        return value

    def int_list(
        self, section: Mapping[str, Any], prefix: str, name: str, example: str
    ) -> tuple[int, ...]:
        value = section.get(name, [])
        if not isinstance(value, list) or not all(
            isinstance(v, int) and not isinstance(v, bool) for v in value
        ):
            self.wrong_type(f"{prefix}.{name}", value, list, example)
            return ()
        return tuple(value)

    def in_range(self, key: str, value: float, low: float, high: float) -> None:
        if not low <= value <= high:
            self.problem(
                key,
                t("config.out_of_range", self.language, value=value, low=low, high=high),
                "config.out_of_range.fix",
                low=low,
                high=high,
            )


def odbc_secret(value: str, text: str, start: int, end: int) -> str:
    """A secret put into an ODBC connection string at ``text[start:end]``, escaped so that
    any character in it stays part of the value: inside braces (``PWD={${X}}``) a ``}`` is
    doubled; as a whole bare value (``PWD=${X};``) it is wrapped in braces when it holds
    ``;``, ``{`` or ``}`` or starts or ends with a space."""
    braced = text[start - 1 : start] == "{" and text[end : end + 1] == "}"
    if braced:
        return value.replace("}", "}}")
    whole = text[start - 1 : start] == "=" and text[end : end + 1] in ("", ";")
    risky = any(c in value for c in ";{}") or value != value.strip()
    if whole and risky:
        return "{" + value.replace("}", "}}") + "}"
    return value


def url_secret(value: str, text: str, start: int, end: int) -> str:
    """A secret put into a store URL: percent-encoded (``@``, ``:``, ``/`` in a password
    would otherwise change the URL), unless the reference is the whole URL."""
    if start == 0 and end == len(text):
        return value
    return urllib.parse.quote(value, safe="")


def _resolve_secrets(
    text: str,
    key: str,
    secrets: Mapping[str, str],
    secrets_path: Path | None,
    reader: _Reader,
    escape: Callable[[str, str, int, int], str] | None = None,
) -> str:
    def replace(match: re.Match[str]) -> str:
        from kolektor.logs import register_secret

        name = match.group(1)
        value = secrets.get(name, os.environ.get(name))
        if value is not None:
            register_secret(value)  # never written to a log from now on
            if escape is None:
                return value
            escaped = escape(value, text, match.start(), match.end())
            register_secret(escaped)
            return escaped
        reader.problem(
            key,
            t("config.secret_unknown", reader.language, name=name),
            "config.secret_unknown.fix",
            name=name,
            path=secrets_path or "secrets.toml",
        )
        return match.group(0)

    return _SECRET_REFERENCE.sub(replace, text)


def _load_secrets(path: Path, reader: _Reader) -> dict[str, str]:
    if not path.exists():
        reader.problem(
            "secrets.file",
            t("config.secrets_missing", reader.language, path=path),
            "config.secrets_missing.fix",
        )
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as error:
        reader.problem(
            "secrets.file",
            t("config.toml_invalid", reader.language, path=path, error=error),
            "config.toml_invalid.fix",
        )
        return {}
    return {str(k): str(v) for k, v in data.items()}


def _parse_external_ids(raw: object, reader: _Reader) -> tuple[ExternalIdRule, ...]:
    if raw is None:
        return default_external_id_rules()
    if not isinstance(raw, list) or not all(isinstance(item, dict) for item in raw):
        reader.wrong_type(
            "subiekt.external_id", raw, list, '[[subiekt.external_id]] source = "dok_Uwagi"'
        )
        return ()
    rules: list[ExternalIdRule] = []
    for index, item in enumerate(raw, start=1):
        key = f"subiekt.external_id[{index}]"
        for extra in set(item) - {"source", "pattern"}:
            reader.problem(
                f"{key}.{extra}",
                t("config.unknown_key", reader.language),
                "config.unknown_key.fix",
                allowed="source, pattern",
            )
        source_text = item.get("source")
        if not isinstance(source_text, str):
            reader.problem(
                f"{key}.source",
                t("config.required", reader.language),
                "config.required.fix",
                example='source = "dok_Uwagi"',
            )
            continue
        source = FieldSource.parse(source_text, HEADER_SOURCES)
        if source is None:
            reader.problem(
                f"{key}.source",
                t("config.bad_source", reader.language, value=source_text),
                "config.bad_source.fix",
            )
            continue
        pattern_text = item.get("pattern", UUID_PATTERN)
        if not isinstance(pattern_text, str):
            reader.wrong_type(f"{key}.pattern", pattern_text, str, 'pattern = "B_(?P<id>\\d+)"')
            continue
        try:
            pattern = re.compile(pattern_text)
        except re.error as error:
            reader.problem(
                f"{key}.pattern",
                t("config.bad_regex", reader.language, error=error),
                "config.bad_regex.fix",
            )
            continue
        rules.append(ExternalIdRule(source, pattern))
    return tuple(rules)


def _check_choice(reader: _Reader, key: str, value: str, allowed: tuple[str, ...]) -> bool:
    if value in allowed:
        return True
    reader.problem(
        key,
        t("config.bad_choice", reader.language, value=value),
        "config.bad_choice.fix",
        allowed=", ".join(allowed),
    )
    return False


def _store_url(raw: str, data_dir: Path, reader: _Reader) -> str:
    if not raw:
        return f"sqlite:///{data_dir / 'kolektor.db'}"
    scheme = raw.split(":", 1)[0].split("+", 1)[0]
    if scheme not in {"sqlite", "postgresql", "postgres"} or "://" not in raw:
        reader.problem(
            "store.url",
            t("config.bad_store_url", reader.language, value=_mask_url(raw)),
            "config.bad_store_url.fix",
        )
    return raw


def _mask_url(url: str) -> str:
    from kolektor.redact import mask_url

    return mask_url(url)


def load_config(
    path: Path,
    *,
    language: Language | None = None,
    environ: Mapping[str, str] | None = None,
) -> Config:
    """Read and validate ``path``; raise :class:`ConfigError` listing every problem."""
    environ = os.environ if environ is None else environ
    reader = _Reader(language or default_language())
    if not path.exists():
        reader.problem(
            "--config",
            t("config.file_missing", reader.language, path=path),
            "config.file_missing.fix",
        )
        raise ConfigError(path, reader.problems, reader.language)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as error:
        reader.problem(
            "--config",
            t("config.toml_invalid", reader.language, path=path, error=error),
            "config.toml_invalid.fix",
        )
        raise ConfigError(path, reader.problems, reader.language) from None

    top_keys = (
        "language",
        "data_dir",
        "log_level",
        "server",
        "store",
        "subiekt",
        "secrets",
        "sfera",
        "inpost",
        "allegro",
        "security",
        "pipeline",
        "logging",
        "retention",
    )
    for key in data:
        if key not in top_keys:
            reader.problem(
                key,
                t("config.unknown_key", reader.language),
                "config.unknown_key.fix",
                allowed=", ".join(top_keys),
            )
    base = path.parent
    lang_text = reader.get(data, "", "language", str, reader.language, 'language = "pl"')
    if _check_choice(reader, "language", lang_text, LANGUAGES) and language is None:
        reader.language = normalize_language(lang_text)
    data_dir = base / reader.get(data, "", "data_dir", str, "data", 'data_dir = "data"')
    log_level = reader.get(data, "", "log_level", str, "INFO", 'log_level = "INFO"').upper()
    _check_choice(reader, "log_level", log_level, ("DEBUG", "INFO", "WARNING", "ERROR"))

    secrets_section = reader.section(data, "secrets", ("file",))
    secrets_path: Path | None = None
    secrets: dict[str, str] = {}
    if "file" in secrets_section:
        secrets_path = base / reader.get(
            secrets_section, "secrets", "file", str, "secrets.toml", 'file = "secrets.toml"'
        )
        secrets = _load_secrets(secrets_path, reader)

    server = _parse_server(data, reader, base)

    store_section = reader.section(data, "store", ("url",))
    store_raw = reader.get(
        store_section, "store", "url", str, "", 'url = "sqlite:///data/kolektor.db"'
    )
    store_url = _store_url(
        _resolve_secrets(store_raw, "store.url", secrets, secrets_path, reader, url_secret),
        data_dir,
        reader,
    )

    subiekt = _parse_subiekt(data, reader, secrets, secrets_path)
    sfera = _parse_sfera(data, reader, secrets, secrets_path)
    if subiekt is not None and subiekt.writer == "sfera":
        for key in ("server", "database", "operator"):
            if not getattr(sfera, key):
                reader.problem(
                    f"sfera.{key}",
                    t("config.required", reader.language),
                    "config.required.fix",
                    example=f'[sfera] {key} = "…"',
                )
    inpost = _parse_inpost(data, reader, secrets, secrets_path)
    allegro = _parse_allegro(data, reader, secrets, secrets_path)
    security = _parse_security(data, reader, secrets, secrets_path, store_url)
    pipeline = _parse_pipeline(data, reader, sfera)
    logging_settings = _parse_logging(data, reader, base)
    retention = _parse_retention(data, reader)
    if reader.problems or subiekt is None:
        raise ConfigError(path, reader.problems, reader.language)
    return Config(
        path=path,
        language=reader.language,
        data_dir=data_dir,
        server=server,
        store_url=store_url,
        subiekt=subiekt,
        secrets_file=secrets_path,
        log_level=log_level,
        sfera=sfera,
        inpost=inpost,
        allegro=allegro,
        security=security,
        pipeline=pipeline,
        logging=logging_settings,
        retention=retention,
    )


_SERVER_KEYS = ("host", "port", "tls_certificate", "tls_key", "max_scanner_connections",
                "requests_per_second", "request_burst")  # fmt: skip


def _parse_server(data: Mapping[str, Any], reader: _Reader, base: Path) -> ServerSettings:
    section = reader.section(data, "server", _SERVER_KEYS)
    host = reader.get(section, "server", "host", str, "127.0.0.1", 'host = "0.0.0.0"')
    port = reader.get(section, "server", "port", int, 8080, "port = 8080")
    if not 1 <= port <= 65535:
        reader.problem(
            "server.port", t("config.bad_port", reader.language, value=port), "config.bad_port.fix"
        )
    files: dict[str, Path | None] = {}
    for key, example in (
        ("tls_certificate", "certs/kolektor.crt"),
        ("tls_key", "certs/kolektor.key"),
    ):
        text = reader.get(section, "server", key, str, "", f'{key} = "{example}"')
        files[key] = base / text if text else None
        if text and not (base / text).is_file():
            reader.problem(
                f"server.{key}",
                t("config.tls_file_missing", reader.language, path=base / text),
                "config.tls_file_missing.fix",
            )
    if (files["tls_certificate"] is None) != (files["tls_key"] is None):
        missing = "tls_key" if files["tls_key"] is None else "tls_certificate"
        reader.problem(
            f"server.{missing}",
            t("config.tls_pair", reader.language),
            "config.tls_pair.fix",
        )
    connections = reader.get(
        section, "server", "max_scanner_connections", int, 500, "max_scanner_connections = 500"
    )
    reader.in_range("server.max_scanner_connections", connections, 1, 100_000)
    rate = reader.get(section, "server", "requests_per_second", float, 100.0,
                      "requests_per_second = 100")  # fmt: skip
    reader.in_range("server.requests_per_second", rate, 1, 100_000)
    burst = reader.get(section, "server", "request_burst", float, 200.0, "request_burst = 200")
    reader.in_range("server.request_burst", burst, 1, 1_000_000)
    return ServerSettings(
        host=host,
        port=port,
        tls_certificate=files["tls_certificate"],
        tls_key=files["tls_key"],
        max_scanner_connections=connections,
        requests_per_second=rate,
        request_burst=burst,
    )


_SECURITY_KEYS = (
    "secret_key", "allowed_origins", "office_idle_minutes", "office_session_hours",
    "device_idle_minutes", "device_session_hours", "basic_auth",
)  # fmt: skip
_ORIGIN = re.compile(r"https?://[^/?#\s]+/?")


def _parse_security(
    data: Mapping[str, Any],
    reader: _Reader,
    secrets: Mapping[str, str],
    secrets_path: Path | None,
    store_url: str,
) -> SecuritySettings:
    section = reader.section(data, "security", _SECURITY_KEYS)
    example = 'secret_key = "${KOLEKTOR_SECRET_KEY}"'
    secret = reader.get(section, "security", "secret_key", str, "", example)
    secret = _resolve_secrets(secret, "security.secret_key", secrets, secrets_path, reader)
    if secret and len(secret) < 32:
        reader.problem(
            "security.secret_key",
            t("config.secret_key_short", reader.language, length=len(secret)),
            "config.secret_key_short.fix",
        )
    elif not secret and store_url.split(":", 1)[0].startswith("postgres"):
        reader.problem(
            "security.secret_key",
            t("config.secret_key_shared", reader.language),
            "config.secret_key_short.fix",
        )
    origins = section.get("allowed_origins", [])
    if not isinstance(origins, list) or not all(isinstance(o, str) for o in origins):
        reader.wrong_type(
            "security.allowed_origins", origins, list,
            'allowed_origins = ["https://kolektor.sklep.pl"]',
        )  # fmt: skip
        origins = []
    for origin in origins:
        if not _ORIGIN.fullmatch(origin):
            reader.problem(
                "security.allowed_origins",
                t("config.bad_origin", reader.language, value=origin),
                "config.bad_origin.fix",
            )
    minutes: dict[str, int] = {}
    for key, default, high in (
        ("office_idle_minutes", 120, 24 * 60),
        ("office_session_hours", 12, 24 * 7),
        ("device_idle_minutes", 60, 24 * 60),
        ("device_session_hours", 12, 24 * 7),
    ):
        minutes[key] = reader.get(section, "security", key, int, default, f"{key} = {default}")
        reader.in_range(f"security.{key}", minutes[key], 1, high)
    basic = reader.get(section, "security", "basic_auth", bool, True, "basic_auth = false")
    return SecuritySettings(
        secret_key=secret,
        allowed_origins=tuple(o.rstrip("/").lower() for o in origins),
        basic_auth=basic,
        **minutes,
    )


def _parse_pipeline(
    data: Mapping[str, Any], reader: _Reader, sfera: SferaConfig
) -> PipelineSettings:
    section = reader.section(
        data, "pipeline", ("steps", "retry_hours", "alert_minutes", "step_seconds")
    )
    steps: tuple[str, ...] = STEP_NAMES
    if "steps" in section:
        raw = section["steps"]
        if not isinstance(raw, list) or not all(isinstance(v, str) for v in raw):
            reader.wrong_type("pipeline.steps", raw, list, 'steps = ["realize", "document"]')
        else:
            for name in raw:
                _check_choice(reader, "pipeline.steps", name, STEP_NAMES)
            steps = tuple(name for name in STEP_NAMES if name in raw)
    retry = reader.get(section, "pipeline", "retry_hours", float, 2.0, "retry_hours = 2")
    reader.in_range("pipeline.retry_hours", retry, 0, 24 * 14)
    alert = reader.get(section, "pipeline", "alert_minutes", float, 15.0, "alert_minutes = 15")
    reader.in_range("pipeline.alert_minutes", alert, 0, 24 * 60)
    default_seconds = max(300.0, 2 * sfera.call_timeout + 60)
    seconds = reader.get(
        section, "pipeline", "step_seconds", float, default_seconds, "step_seconds = 300"
    )
    reader.in_range("pipeline.step_seconds", seconds, 10, 3600)
    return PipelineSettings(
        steps=steps, retry_hours=retry, alert_minutes=alert, step_seconds=seconds
    )


def _parse_logging(data: Mapping[str, Any], reader: _Reader, base: Path) -> LoggingSettings:
    section = reader.section(data, "logging", ("file", "max_mb", "keep"))
    text = reader.get(section, "logging", "file", str, "", 'file = "logs/kolektor.log"')
    max_mb = reader.get(section, "logging", "max_mb", int, 50, "max_mb = 50")
    reader.in_range("logging.max_mb", max_mb, 1, 10_000)
    keep = reader.get(section, "logging", "keep", int, 5, "keep = 5")
    reader.in_range("logging.keep", keep, 1, 100)
    return LoggingSettings(file=base / text if text else None, max_mb=max_mb, keep=keep)


def _parse_retention(data: Mapping[str, Any], reader: _Reader) -> RetentionSettings:
    section = reader.section(data, "retention", ("documents_days", "scans_days"))
    values = {}
    for key in ("documents_days", "scans_days"):
        values[key] = reader.get(section, "retention", key, int, 400, f"{key} = 400")
        reader.in_range(f"retention.{key}", values[key], 0, 36_500)
    return RetentionSettings(**values)


_SUBIEKT_KEYS = (
    "connection_string",
    "encoding",
    "query_timeout",
    "login_timeout",
    "poll_interval",
    "warehouses",
    "categories",
    "flags",
    "flag_object_type",
    "location",
    "external_id",
    "writer",
)


def _parse_subiekt(
    data: Mapping[str, Any],
    reader: _Reader,
    secrets: Mapping[str, str],
    secrets_path: Path | None,
) -> SubiektSettings | None:
    section = reader.section(data, "subiekt", _SUBIEKT_KEYS)
    get: Callable[..., Any] = reader.get
    example = 'connection_string = "Driver={ODBC Driver 18 for SQL Server};Server=…"'
    connection = get(section, "subiekt", "connection_string", str, "", example)
    if not connection:
        reader.problem(
            "subiekt.connection_string",
            t("config.required", reader.language),
            "config.required.fix",
            example=example,
        )
    connection = _resolve_secrets(
        connection, "subiekt.connection_string", secrets, secrets_path, reader, odbc_secret
    )
    encoding = get(section, "subiekt", "encoding", str, "cp1250", 'encoding = "cp1250"')
    try:
        codecs.lookup(encoding)
    except LookupError:
        reader.problem(
            "subiekt.encoding",
            t("config.bad_encoding", reader.language, value=encoding),
            "config.bad_encoding.fix",
        )
    query_timeout = get(section, "subiekt", "query_timeout", int, 30, "query_timeout = 30")
    reader.in_range("subiekt.query_timeout", query_timeout, 1, 600)
    login_timeout = get(section, "subiekt", "login_timeout", int, 10, "login_timeout = 10")
    reader.in_range("subiekt.login_timeout", login_timeout, 1, 120)
    poll = get(section, "subiekt", "poll_interval", float, 30.0, "poll_interval = 30")
    reader.in_range("subiekt.poll_interval", poll, 1, 3600)
    location_text = get(section, "subiekt", "location", str, "tw_Pole1", 'location = "tw_Pole1"')
    location = FieldSource.parse(location_text, PRODUCT_FIELDS)
    if location is None:
        reader.problem(
            "subiekt.location",
            t("config.bad_location", reader.language, value=location_text),
            "config.bad_location.fix",
        )
        location = FieldSource("tw_Pole1")
    flag_object_type = get(section, "subiekt", "flag_object_type", int, -8, "flag_object_type = -8")
    writer = get(section, "subiekt", "writer", str, "sfera", 'writer = "sfera"')
    _check_choice(reader, "subiekt.writer", writer, ("sfera", "simulator"))
    return SubiektSettings(
        connection_string=connection,
        encoding=encoding,
        query_timeout=query_timeout,
        login_timeout=login_timeout,
        poll_interval=poll,
        warehouses=reader.int_list(section, "subiekt", "warehouses", "warehouses = [1]"),
        categories=reader.int_list(section, "subiekt", "categories", "categories = [2, 5]"),
        flags=reader.int_list(section, "subiekt", "flags", "flags = [3]"),
        flag_object_type=flag_object_type,
        location=location,
        external_id=_parse_external_ids(section.get("external_id"), reader),
        writer=writer,
    )


_SFERA_KEYS = (
    "server", "database", "operator", "operator_password", "sql_user", "sql_password",
    "warehouse_id", "fiscal_printer_id", "start_arguments", "call_timeout",
    "encrypt_passwords", "warehouse_from_zk", "invoice_form", "dismiss_dialogs",
    "dynamic_dispatch", "session_retries", "start_retries", "in_doubt_wait", "mark_remarks",
)  # fmt: skip


def _parse_inpost(
    data: Mapping[str, Any],
    reader: _Reader,
    secrets: Mapping[str, str],
    secrets_path: Path | None,
) -> InPostConfig:
    section = reader.section(data, "inpost", ("url", "organization_id", "token", "timeout"))
    url = reader.get(section, "inpost", "url", str, INPOST_URL, f'url = "{INPOST_URL}"')
    if not url.startswith(("https://", "http://")):
        reader.problem("inpost.url", t("config.url_invalid", reader.language),
                       "config.url_invalid.fix", example=f'url = "{INPOST_URL}"')  # fmt: skip
    organization = section.get("organization_id")
    if organization is not None and (isinstance(organization, bool)
                                     or not isinstance(organization, int)):  # fmt: skip
        reader.wrong_type("inpost.organization_id", organization, int, "organization_id = 12345")
        organization = None
    token = _resolve_secrets(
        reader.get(section, "inpost", "token", str, "", 'token = "${inpost_token}"'),
        "inpost.token", secrets, secrets_path, reader,
    )  # fmt: skip
    timeout = reader.get(section, "inpost", "timeout", float, 20.0, "timeout = 20")
    reader.in_range("inpost.timeout", timeout, 1, 300)
    return InPostConfig(url=url.rstrip("/"), organization_id=organization, token=token,
                        timeout=timeout)  # fmt: skip


_ALLEGRO_KEYS = ("client_id", "client_secret", "environment", "api_url", "auth_url",
                 "app_name", "info_url")  # fmt: skip


def _parse_allegro(
    data: Mapping[str, Any],
    reader: _Reader,
    secrets: Mapping[str, str],
    secrets_path: Path | None,
) -> AllegroConfig:
    section = reader.section(data, "allegro", _ALLEGRO_KEYS)
    texts = {key: reader.get(section, "allegro", key, str, "", f'{key} = "…"')
             for key in _ALLEGRO_KEYS}  # fmt: skip
    texts["client_secret"] = _resolve_secrets(
        texts["client_secret"], "allegro.client_secret", secrets, secrets_path, reader
    )
    environment = texts["environment"] or "production"
    _check_choice(reader, "allegro.environment", environment, ("production", "sandbox"))
    for key in ("api_url", "auth_url", "info_url"):
        if texts[key] and not texts[key].startswith(("https://", "http://")):
            reader.problem(f"allegro.{key}", t("config.url_invalid", reader.language),
                           "config.url_invalid.fix", example=f'{key} = "https://…"')  # fmt: skip
    if texts["client_id"] and not texts["client_secret"]:
        example = 'client_secret = "${allegro_secret}"'
        reader.problem("allegro.client_secret", t("config.required", reader.language),
                       "config.required.fix", example=example)  # fmt: skip
    return AllegroConfig(
        client_id=texts["client_id"].strip(), client_secret=texts["client_secret"],
        environment=environment, api_url=texts["api_url"], auth_url=texts["auth_url"],
        app_name=texts["app_name"] or "Kolektor", info_url=texts["info_url"],
    )  # fmt: skip


def _parse_sfera(
    data: Mapping[str, Any],
    reader: _Reader,
    secrets: Mapping[str, str],
    secrets_path: Path | None,
) -> SferaConfig:
    section = reader.section(data, "sfera", _SFERA_KEYS)
    texts = {}
    for key in _SFERA_KEYS[:6]:
        value = reader.get(section, "sfera", key, str, "", f'{key} = "…"')
        texts[key] = _resolve_secrets(value, f"sfera.{key}", secrets, secrets_path, reader)
    optional_ints: dict[str, int | None] = {}
    for key in ("warehouse_id", "fiscal_printer_id", "invoice_form"):
        raw = section.get(key)
        if raw is not None and (isinstance(raw, bool) or not isinstance(raw, int)):
            reader.wrong_type(f"sfera.{key}", raw, int, f"{key} = 1")
            raw = None
        optional_ints[key] = raw
    arguments = reader.int_list(section, "sfera", "start_arguments", "start_arguments = [0, 6]")
    timeout = reader.get(section, "sfera", "call_timeout", float, 120.0, "call_timeout = 120")
    reader.in_range("sfera.call_timeout", timeout, 5, 3600)
    if optional_ints["invoice_form"] is not None:
        reader.in_range("sfera.invoice_form", optional_ints["invoice_form"], 0, 3)
    flags: dict[str, bool] = {}
    for key, default in (
        ("encrypt_passwords", False),
        ("warehouse_from_zk", True),
        ("dismiss_dialogs", False),
        ("dynamic_dispatch", False),
        ("mark_remarks", False),
    ):
        example = f"{key} = {'false' if default else 'true'}"
        flags[key] = reader.get(section, "sfera", key, bool, default, example)
    in_doubt_wait = reader.get(section, "sfera", "in_doubt_wait", float, 30.0, "in_doubt_wait = 30")
    reader.in_range("sfera.in_doubt_wait", in_doubt_wait, 1, 3600)
    retries: dict[str, int] = {}
    for key, count in (("session_retries", 2), ("start_retries", 3)):
        retries[key] = reader.get(section, "sfera", key, int, count, f"{key} = {count}")
        reader.in_range(f"sfera.{key}", retries[key], 0, 10)
    return SferaConfig(
        server=texts["server"],
        database=texts["database"],
        operator=texts["operator"],
        operator_password=texts["operator_password"],
        sql_user=texts["sql_user"],
        sql_password=texts["sql_password"],
        warehouse_id=optional_ints["warehouse_id"],
        fiscal_printer_id=optional_ints["fiscal_printer_id"],
        start_arguments=arguments or (0, 6),
        call_timeout=timeout,
        invoice_form=optional_ints["invoice_form"],
        encrypt_passwords=flags["encrypt_passwords"],
        warehouse_from_zk=flags["warehouse_from_zk"],
        dismiss_dialogs=flags["dismiss_dialogs"],
        dynamic_dispatch=flags["dynamic_dispatch"],
        session_retries=retries["session_retries"],
        start_retries=retries["start_retries"],
        in_doubt_wait=in_doubt_wait,
        mark_remarks=flags["mark_remarks"],
    )


def masked_connection_string(text: str) -> str:
    """The connection string with passwords replaced by ``***``, safe to print or log
    (braced values with ``}}`` escapes are read as the driver reads them)."""
    from kolektor.redact import mask_connection_string

    return mask_connection_string(text)


def render_config(
    *,
    connection_string: str,
    data_dir: str = "data",
    port: int = 8080,
    host: str = "127.0.0.1",
    language: Language = "pl",
    poll_interval: float = 30,
    location: str = "tw_Pole1",
    writer: str = "simulator",
    extra: str = "",
) -> str:
    """A complete, commented configuration file (used by ``kolektor demo`` and the tests)."""
    return f"""\
# Kolektor — start-up configuration. Everything else is set in the panel.
language = "{language}"          # pl | en
data_dir = "{data_dir}"          # relative to this file

[server]
host = "{host}"
port = {port}

[store]
# Empty: SQLite in data_dir. For several instances: postgresql://user@host/kolektor
url = ""

[subiekt]
connection_string = "{connection_string}"
encoding = "cp1250"
poll_interval = {poll_interval}
location = "{location}"          # tw_Pole1..8 or pw_Dane:pwd_Tekst01..10
warehouses = []                  # dok_MagId; empty = all warehouses
writer = "{writer}"              # sfera (Subiekt's COM API) | simulator (demo database)
{extra}"""


__all__ = [
    "Config",
    "ConfigError",
    "ConfigProblem",
    "ExternalIdRule",
    "FieldSource",
    "ServerSettings",
    "SubiektSettings",
    "default_external_id_rules",
    "load_config",
    "masked_connection_string",
    "render_config",
]
