"""Texts of label printers: Zebra over TCP and its host status, CUPS raw queues (printing.*)."""

from __future__ import annotations

CATALOG: dict[str, dict[str, str]] = {}

SAME_TEXT: frozenset[str] = frozenset()
