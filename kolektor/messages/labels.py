"""Texts of label images: Kolektor's own label, PDF labels converted to ZPL, previews (labels.*)."""

from __future__ import annotations

CATALOG: dict[str, dict[str, str]] = {}

SAME_TEXT: frozenset[str] = frozenset()
