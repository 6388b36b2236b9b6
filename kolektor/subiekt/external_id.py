"""Finding the shop's or Allegro's own order id in a ZK.

Synchronizers store it in different places (reference ``subiekt-gt.md`` §5): Allegro
checkout-form UUIDs in the remarks (``Allegro: 29f0a3d0-… ; Klient: login``), shop numbers
in ``dok_NrPelnyOryg`` (only 30 characters — a 36-character UUID does not fit), in the
title, or in an extended custom field.  The configuration lists rules; the first rule whose
pattern matches its field wins.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from kolektor.config import ExternalIdRule


def extract_external_id(
    rules: Iterable[ExternalIdRule],
    header: Mapping[str, str | None],
    custom_fields: Mapping[str, str],
) -> str | None:
    """Apply ``rules`` in order to the ZK's ``header`` columns and ``pw_Dane`` ``custom_fields``.

    Returns the ``id`` group of the first match (or the whole match when the pattern has
    no such group), stripped; None when no rule matches.

    >>> from kolektor.config import default_external_id_rules
    >>> extract_external_id(
    ...     default_external_id_rules(),
    ...     {"dok_Uwagi": "Allegro: 29F0A3D0-5F1B-11EC-BD42-E1E3A3B9C5A1 ; Klient: kowal_123"},
    ...     {},
    ... )
    '29f0a3d0-5f1b-11ec-bd42-e1e3a3b9c5a1'
    """
    for rule in rules:
        text = (custom_fields if rule.source.custom else header).get(rule.source.column)
        if not text:
            continue
        match = rule.pattern.search(text)
        if match is None:
            continue
        value = match.group("id") if "id" in rule.pattern.groupindex else match.group(0)
        value = value.strip()
        if value:
            return _canonical(value)
    return None


def _canonical(value: str) -> str:
    """UUIDs are case-insensitive; Allegro's API writes them in lower case."""
    if len(value) == 36 and value.count("-") == 4:
        return value.lower()
    return value
