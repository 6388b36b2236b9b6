"""Texts of Allegro: connecting accounts, tokens, Wysyłam z Allegro (allegro.*)."""

from __future__ import annotations

CATALOG: dict[str, dict[str, str]] = {}

SAME_TEXT: frozenset[str] = frozenset()
