"""Texts of the scanner service's picking rules, merged into :data:`kolektor.i18n.MESSAGES`.

* ``verdict.context.*`` — a verdict with context (:mod:`kolektor.scanner.context`): the
  product scanned, the lines still expected, a pack barcode that would pick too many;
* ``ws.manual_not_allowed``, ``ws.authorization_failed*`` — a typed quantity refused by
  the ``manual_quantity`` setting (:mod:`kolektor.scanner.manual`);
* ``ws.pack_not_found`` — ``pack_open`` of a code that names no order;
* ``settings.*`` — the office's settings (:mod:`kolektor.settings`) and why a value is
  refused.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kolektor.i18n import Language

CATALOG: dict[str, dict[Language, str]] = {
    "verdict.context.wrong_product_named": {
        "pl": "Zeskanowano {product} — tego towaru nie ma w zamówieniu.{expected}",
        "en": "Scanned {product} — it is not on this order.{expected}",
    },
    "verdict.context.wrong_product": {
        "pl": "Zły towar — tego produktu nie ma w zamówieniu.{expected}",
        "en": "Wrong product — it is not on this order.{expected}",
    },
    "verdict.context.unknown_code": {
        "pl": "Nieznany kod — nie ma takiego towaru.{expected}",
        "en": "Unknown code — no such product.{expected}",
    },
    "verdict.context.expected": {
        "pl": " Do zebrania: {lines}.",
        "en": " Still to pick: {lines}.",
    },
    "verdict.context.expected_more": {
        "pl": " Do zebrania: {lines} i inne.",
        "en": " Still to pick: {lines} and more.",
    },
    "verdict.context.line": {
        "pl": "{label} ({remaining} {unit})",
        "en": "{label} ({remaining} {unit})",
    },
    "verdict.context.line_no_unit": {
        "pl": "{label} ({remaining})",
        "en": "{label} ({remaining})",
    },
    "verdict.context.over_pick_pack": {
        "pl": "Zeskanowano opakowanie {multiplier}{unit} — zamówiono {ordered}, zebrano "
        "{picked}. Zeskanuj mniejsze opakowanie albo pojedyncze sztuki.",
        "en": "Scanned a pack of {multiplier}{unit} — ordered {ordered}, picked {picked}. "
        "Scan a smaller pack or single items.",
    },
    "ws.manual_not_allowed": {
        "pl": "Nie możesz wpisywać ilości ręcznie — potrzebna zgoda kierownika (jego "
        "identyfikator i PIN). Nic nie zmieniono.",
        "en": "You may not type quantities by hand — a supervisor's authorization (their "
        "badge and PIN) is needed. Nothing was changed.",
    },
    "ws.authorization_failed": {
        "pl": "Zgoda odrzucona: nieznany identyfikator, zły PIN albo ta osoba nie jest "
        "kierownikiem ani administratorem. Nic nie zmieniono.",
        "en": "Authorization refused: unknown badge, wrong PIN, or the person is not a "
        "supervisor or admin. Nothing was changed.",
    },
    "ws.authorization_failed.self": {
        "pl": "Zgody na własny wpis nie można dać samemu sobie — potrzebny inny kierownik "
        "albo administrator. Nic nie zmieniono.",
        "en": "You cannot authorize your own entry — another supervisor or admin is needed. "
        "Nothing was changed.",
    },
    "ws.pack_not_found": {
        "pl": "Nie ma zamówienia „{scanned}” — zeskanuj numer zamówienia (ZK).",
        "en": "There is no order “{scanned}” — scan the order's number (ZK).",
    },
    "settings.unknown": {
        "pl": "Nie ma ustawienia „{key}”. Znane ustawienia: {known}.",
        "en": "There is no setting “{key}”. Known settings: {known}.",
    },
    "settings.not_object": {
        "pl": "Ustawienie „{key}”: wartość musi być obiektem JSON, np. {example}.",
        "en": "Setting “{key}”: the value must be a JSON object, e.g. {example}.",
    },
    "settings.unknown_field": {
        "pl": "Ustawienie „{key}”: nieznane pole „{field}” (dozwolone: {allowed}).",
        "en": "Setting “{key}”: unknown field “{field}” (allowed: {allowed}).",
    },
    "settings.roles_not_list": {
        "pl": "Ustawienie „{key}”: pole „roles” musi być listą ról, np. {example}.",
        "en": "Setting “{key}”: the field “roles” must be a list of roles, e.g. {example}.",
    },
    "settings.bad_role": {
        "pl": "Ustawienie „{key}”: „{role}” to nie rola operatora skanera (dozwolone: {allowed}).",
        "en": "Setting “{key}”: “{role}” is not a scanner operator's role (allowed: {allowed}).",
    },
}

SAME_TEXT: set[str] = {"verdict.context.line", "verdict.context.line_no_unit"}
