"""Texts of InPost ShipX: its errors and statuses in words (inpost.*)."""

from __future__ import annotations

CATALOG: dict[str, dict[str, str]] = {}

SAME_TEXT: frozenset[str] = frozenset()
