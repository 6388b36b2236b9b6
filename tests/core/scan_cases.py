"""Shared expectations for the scan parser's tests: whole ``Scan.as_dict()`` results."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

TODAY = dt.date(2025, 11, 28)

_SCAN_FIELDS = (
    "text",
    "kind",
    "symbology",
    "lookup_key",
    "gtin",
    "gtin_format",
    "sscc",
    "batch",
    "serial",
    "expiry",
    "best_before",
    "quantity",
    "quantity_unit",
    "rcn_measure",
    "rcn_value",
    "item_reference",
    "internal_kind",
    "internal_value",
    "gs1_syntax",
)


def scan(**fields: Any) -> dict[str, Any]:
    """A complete ``Scan.as_dict()``: the given fields, None for the rest, no elements."""
    unknown = set(fields) - {*_SCAN_FIELDS, "elements"}
    assert not unknown, unknown
    result: dict[str, Any] = dict.fromkeys(_SCAN_FIELDS)
    result["elements"] = []
    result.update(fields)
    return result


def element(
    ai: str,
    value: str,
    title: str,
    *,
    date: dt.date | None = None,
    datetime: dt.datetime | None = None,
    decimal: str | None = None,
    currency: str | None = None,
) -> dict[str, Any]:
    """A complete ``Gs1Element.as_dict()``."""
    return {
        "ai": ai,
        "value": value,
        "title": title,
        "date": date,
        "datetime": datetime,
        "decimal": None if decimal is None else Decimal(decimal),
        "currency": currency,
    }
