"""Structured logs: one JSON object per line, one line per event.

Each line has ``ts`` (UTC, ISO 8601), ``level``, ``logger``, ``event`` (a stable dotted
name such as ``intake.imported``) and the event's fields; ``order`` and ``operator`` are
added automatically while a :func:`log_context` is active, so every line written while
handling an order says which one.  Contexts are ``contextvars``, so they follow Trio tasks.

A line is never lost and never shows a secret:

* every text in it (event, fields, context, exception) is made encodable first — a lone
  surrogate (``"\\ud800"``, which a hostile client can send in JSON) becomes the six
  characters ``\\ud800`` — and a character the stream's encoding lacks is written as a JSON
  ``\\uXXXX`` escape, so the line is always valid JSON the stream can write;
* every value given to :func:`register_secret` (the configuration registers each
  ``${NAME}`` secret it substitutes) is replaced by ``***`` in every text and number of the
  line, tracebacks included;
* a record that still cannot be formatted becomes a ``log.unformattable`` line naming the
  event, instead of an error on stderr and nothing in the log.

Where the lines go: standard error (journald, the Windows service's log), or with
``[logging] file`` a file rotated at ``max_mb`` megabytes keeping ``keep`` old ones
(``kolektor.log.1`` … ``.N``), created 0600 in a 0700 folder.  At ``INFO`` the log says what
a person needs — logins, claims, packing, the finalization steps, failures; what happens
once per scan or per imported ZK is ``DEBUG`` (the scans are in the store's ``scans`` table,
the imports in each order's timeline): a line per scan would be most of the log, about
18 MB an hour with 40 scanners.
"""

from __future__ import annotations

import contextvars
import io
import json
import logging
import logging.handlers
import math
import os
import re
import sys
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any, Final

SECRET_MASK: Final = "***"
MIN_SECRET_LENGTH: Final = 4
"""Shorter values are not scrubbed: they would blank out ordinary words and numbers."""

_MAX_DEPTH: Final = 16

_context: contextvars.ContextVar[dict[str, Any] | None] = contextvars.ContextVar(
    "kolektor_log_context", default=None
)

_secrets: set[str] = set()
_secrets_lock = threading.Lock()
_secret_pattern: re.Pattern[str] | None = None
_SURROGATE: Final = re.compile("[\ud800-\udfff]")


def register_secret(value: str) -> None:
    """Never write ``value`` to a log: from now on every occurrence becomes ``***``.

    Values shorter than :data:`MIN_SECRET_LENGTH` characters are ignored."""
    global _secret_pattern
    if len(value) < MIN_SECRET_LENGTH:
        return
    with _secrets_lock:
        if value in _secrets:
            return
        _secrets.add(value)
        # Longest first, so a secret containing another is replaced whole.
        ordered = sorted(_secrets, key=len, reverse=True)
        _secret_pattern = re.compile("|".join(re.escape(secret) for secret in ordered))


def scrub_secrets(text: str) -> str:
    """``text`` with every registered secret replaced by ``***``."""
    pattern = _secret_pattern
    return pattern.sub(SECRET_MASK, text) if pattern is not None else text


def _escape_surrogates(text: str) -> str:
    return _SURROGATE.sub(lambda match: f"\\u{ord(match.group()):04x}", text)


def _clean(value: Any, depth: int = 0) -> Any:
    """``value`` as JSON-ready data with no lone surrogates and no registered secrets."""
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        if isinstance(value, float) and not math.isfinite(value):
            return str(value)  # NaN and Infinity are not JSON
        shown = str(value)
        scrubbed = scrub_secrets(shown)
        return value if scrubbed == shown else scrubbed
    if depth < _MAX_DEPTH:
        if isinstance(value, Mapping):
            return {str(_clean(str(k), depth + 1)): _clean(v, depth + 1) for k, v in value.items()}
        if isinstance(value, list | tuple | set | frozenset):
            return [_clean(item, depth + 1) for item in value]
    text = value if isinstance(value, str) else str(value)
    return _escape_surrogates(scrub_secrets(text))


@contextmanager
def log_context(**fields: Any) -> Iterator[None]:
    """Add ``fields`` (e.g. ``order="ZK 18/2026"``, ``operator="anna"``) to every line
    logged inside the block."""
    token = _context.set(
        {**(_context.get() or {}), **{k: v for k, v in fields.items() if v is not None}}
    )
    try:
        yield
    finally:
        _context.reset(token)


def log_event(logger: logging.Logger, event: str, level: int = logging.INFO, **fields: Any) -> None:
    """Log one event with its fields."""
    logger.log(level, event, extra={"kolektor_fields": fields})


class JsonLineFormatter(logging.Formatter):
    """Formats a record as one JSON line (see the module docstring)."""

    def format(self, record: logging.LogRecord) -> str:
        try:
            return self._line(record)
        except Exception as error:  # a field whose str() fails, a broken log call…
            return self._fallback(record, error)

    def _header(self, record: logging.LogRecord) -> dict[str, Any]:
        return {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
        }

    def _line(self, record: logging.LogRecord) -> str:
        line = self._header(record)
        line["event"] = record.getMessage()
        line.update(_context.get() or {})
        line.update(getattr(record, "kolektor_fields", {}))
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            line["stack"] = self.formatStack(record.stack_info)
        return json.dumps(_clean(line), ensure_ascii=False)

    def _fallback(self, record: logging.LogRecord, error: Exception) -> str:
        line = self._header(record)
        line["event"] = "log.unformattable"
        line["original_event"] = repr(record.msg)
        line["error"] = repr(error)
        return json.dumps(_clean(line), ensure_ascii=False)


def fit_encoding(line: str, encoding: str | None) -> str:
    """``line`` (JSON) with every character ``encoding`` cannot write as a ``\\uXXXX``
    escape (a surrogate pair beyond U+FFFF), so writing it never fails."""
    if not encoding:
        return line
    try:
        line.encode(encoding)
        return line
    except (UnicodeEncodeError, LookupError):
        pass

    def escape(character: str) -> str:
        try:
            character.encode(encoding)
            return character
        except (UnicodeEncodeError, LookupError):
            code = ord(character)
            if code <= 0xFFFF:
                return f"\\u{code:04x}"
            code -= 0x10000
            return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"

    return "".join(escape(character) for character in line)


class _JsonStreamHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """A stream handler whose lines always fit the stream's encoding."""

    def format(self, record: logging.LogRecord) -> str:
        return fit_encoding(super().format(record), getattr(self.stream, "encoding", None))


class _CurrentStderrHandler(_JsonStreamHandler):
    """Writes to whatever ``sys.stderr`` is at the moment of each record (it can be replaced
    after logging is configured, e.g. by a test runner capturing output)."""

    @property
    def stream(self) -> IO[str]:
        return sys.stderr

    @stream.setter
    def stream(self, _value: IO[str]) -> None:
        pass


class PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """A rotating log file readable by its owner only: the folder is created 0700, the file
    0600 (an existing file with wider permissions is narrowed); lines are UTF-8."""

    def __init__(self, path: Path, *, max_mb: int, keep: int) -> None:
        super().__init__(
            path, maxBytes=max_mb * 1024 * 1024, backupCount=keep, encoding="utf-8", delay=False
        )

    def _open(self) -> io.TextIOWrapper:
        path = Path(self.baseFilename)
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        try:
            if os.name != "nt":  # NTFS permissions are ACLs
                os.fchmod(descriptor, 0o600)
            return open(descriptor, "a", encoding="utf-8", errors=self.errors)
        except BaseException:
            os.close(descriptor)
            raise

    def format(self, record: logging.LogRecord) -> str:
        return fit_encoding(super().format(record), "utf-8")

    def shouldRollover(self, record: logging.LogRecord) -> bool:
        # The base class counts characters; a Polish line has more bytes than characters,
        # and a file must stay within max_mb.
        if self.stream is None:
            self.stream = self._open()
        if self.maxBytes <= 0 or not os.path.isfile(self.baseFilename):
            return False
        position = self.stream.tell()
        return bool(position) and position + len(self.format(record).encode()) + 1 > self.maxBytes


def configure_logging(
    level: str = "INFO",
    stream: IO[str] | None = None,
    *,
    file: Path | None = None,
    max_mb: int = 50,
    keep: int = 5,
) -> None:
    """Send all logs as JSON lines to ``file`` (rotated at ``max_mb`` MB, ``keep`` old
    files), else to ``stream`` (the current stderr by default).

    Raises :class:`OSError` when ``file`` cannot be opened (the caller says why)."""
    handler: logging.Handler
    if file is not None:
        handler = PrivateRotatingFileHandler(file, max_mb=max_mb, keep=keep)
    elif stream is not None:
        handler = _JsonStreamHandler(stream)
    else:
        handler = _CurrentStderrHandler()
    handler.setFormatter(JsonLineFormatter())
    root = logging.getLogger()
    for existing in list(root.handlers):
        root.removeHandler(existing)
        existing.close()
    root.addHandler(handler)
    root.setLevel(level)
    # Hypercorn's access log would repeat every health probe, and Alembic announces each of
    # its plugins when imported; keep their warnings and errors only.
    for noisy in ("hypercorn.access", "alembic.runtime.plugins"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
