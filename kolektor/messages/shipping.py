"""Texts of the shipping labels: the label step, shipments, packing stations (shipping.*, carrier.*)."""

from __future__ import annotations

CATALOG: dict[str, dict[str, str]] = {}

SAME_TEXT: frozenset[str] = frozenset()
