"""Structured logs: one JSON object per line, one line per event.

Each line has ``ts`` (UTC, ISO 8601), ``level``, ``logger``, ``event`` (a stable dotted
name such as ``intake.imported``) and the event's fields; ``order`` and ``operator`` are
added automatically while a :func:`log_context` is active, so every line written while
handling an order says which one.  Contexts are ``contextvars``, so they follow Trio tasks.
"""

from __future__ import annotations

import contextvars
import json
import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import IO, Any

_context: contextvars.ContextVar[dict[str, Any] | None] = contextvars.ContextVar(
    "kolektor_log_context", default=None
)


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
        line: dict[str, Any] = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "event": record.getMessage(),
        }
        line.update(_context.get() or {})
        line.update(getattr(record, "kolektor_fields", {}))
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False, default=str)


class _CurrentStderrHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """Writes to whatever ``sys.stderr`` is at the moment of each record (it can be replaced
    after logging is configured, e.g. by a test runner capturing output)."""

    @property
    def stream(self) -> IO[str]:
        return sys.stderr

    @stream.setter
    def stream(self, _value: IO[str]) -> None:
        pass


def configure_logging(level: str = "INFO", stream: IO[str] | None = None) -> None:
    """Send all logs as JSON lines to ``stream`` (the current stderr by default)."""
    handler: logging.Handler = (
        logging.StreamHandler(stream) if stream is not None else _CurrentStderrHandler()
    )
    handler.setFormatter(JsonLineFormatter())
    root = logging.getLogger()
    for existing in list(root.handlers):
        root.removeHandler(existing)
    root.addHandler(handler)
    root.setLevel(level)
    # Hypercorn's access log would repeat every health probe; keep its errors only.
    logging.getLogger("hypercorn.access").setLevel(logging.WARNING)
