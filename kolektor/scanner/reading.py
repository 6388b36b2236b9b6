"""How a scanned code is read: the parser's interpretation as it is stored with the scan, the
key the pick engine looks the product up by and the quantity the code itself carries — or,
for a code the parser cannot read, its error.

Every scan goes through :func:`read_code` (:meth:`kolektor.scanner.service.ScannerService.scan`)
and so does the office's "Sprawdź kod" box (``POST /api/scan/try``), so the office sees a
code exactly as a scanner's scan of it is read.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from kolektor import _core


def json_ready(value: Any) -> Any:
    """Decimals and dates as strings (exact), tuples as lists: what JSON columns keep."""
    if isinstance(value, Mapping):
        return {str(k): json_ready(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [json_ready(v) for v in value]
    if isinstance(value, Decimal | date):
        return str(value)
    return value


@dataclass(frozen=True, slots=True)
class Reading:
    """One code as read."""

    parsed: _core.Scan | None
    """The parser's result; None when it could not read the code."""
    interpretation: dict[str, Any]
    """What is stored with the scan (``scans.interpretation``): ``Scan.as_dict()``, or
    ``{error, code, position, ai, params}`` for an unreadable code; JSON-ready."""
    key: str
    """What the pick engine looks the product up by: the parser's lookup key, else the code
    without surrounding white space."""
    quantity: Decimal | None
    """The quantity the code carries (a weight, AI 30/310n); None when the barcode's own
    multiplier applies — also for a variable-measure code with a zero value (the shop's
    lookup label)."""
    error: dict[str, Any] | None
    """``{code, position, ai, params}`` of an unreadable code (the stable parts of the
    parser's :class:`~kolektor._core.ScanError`), JSON-ready; None when it was read."""
    failure: ValueError | None = None
    """The parser's error itself, to be worded for a person
    (:func:`kolektor.i18n.scan_error_message`)."""


def read_code(parser: _core.ScanParser, code: str) -> Reading:
    """Read ``code`` as the scanner service does."""
    try:
        parsed = parser.parse(code)
    except ValueError as failure:
        error: dict[str, Any] = {name: getattr(failure, name, None)
                                 for name in ("code", "position", "ai")}  # fmt: skip
        error["params"] = dict(getattr(failure, "params", None) or {})
        return Reading(
            parsed=None, interpretation=json_ready({"error": str(failure), **error}),
            key=code.strip(), quantity=None, error=json_ready(error), failure=failure,
        )  # fmt: skip
    quantity = parsed.quantity
    if quantity is not None and quantity <= 0:
        quantity = None
    return Reading(
        parsed=parsed, interpretation=json_ready(parsed.as_dict()),
        key=parsed.lookup_key or code.strip(), quantity=quantity, error=None,
    )  # fmt: skip
