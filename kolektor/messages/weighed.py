"""Texts of weighed goods ("towar ważony"), merged into :data:`kolektor.i18n.MESSAGES`.

* ``settings.tolerance.*`` — why a value of the ``tolerance`` setting is refused
  (:mod:`kolektor.scanner.tolerance`), each naming the field;
* ``verdict.over_pick.within_tolerance`` — a scan refused because the line is already
  complete within its tolerance;
* ``finalize.weighed.*`` — which quantity the document got for a weighed line (the realize
  step's timeline message).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kolektor.i18n import Language

CATALOG: dict[str, dict[Language, str]] = {
    "settings.tolerance.not_number": {
        "pl": "Ustawienie „tolerance”, pole „{field}”: to musi być liczba dziesiętna z kropką "
        "(np. „2” albo „0.010”), a jest „{value}”.",
        "en": "Setting “tolerance”, field “{field}”: must be a decimal number with a dot "
        "(e.g. “2” or “0.010”), not “{value}”.",
    },
    "settings.tolerance.range": {
        "pl": "Ustawienie „tolerance”, pole „{field}”: „{value}” jest poza zakresem od 0 do {max}.",
        "en": "Setting “tolerance”, field “{field}”: “{value}” is outside 0 to {max}.",
    },
    "settings.tolerance.decimals": {
        "pl": "Ustawienie „tolerance”, pole „{field}”: liczba miejsc po przecinku jednostki "
        "musi być liczbą całkowitą od 0 do 4, a jest „{value}”.",
        "en": "Setting “tolerance”, field “{field}”: the unit's decimal places must be a "
        "whole number from 0 to 4, not “{value}”.",
    },
    "settings.tolerance.absolute_decimals": {
        "pl": "Ustawienie „tolerance”, pole „{field}”: {value} ma więcej miejsc po przecinku, "
        "niż jednostka ma w Subiekcie ({decimals}).",
        "en": "Setting “tolerance”, field “{field}”: {value} has more decimal places than "
        "the unit has in Subiekt ({decimals}).",
    },
    "settings.tolerance.entry_not_object": {
        "pl": 'Ustawienie „tolerance”, pole „{field}”: to musi być obiekt, np. {{"percent": '
        '"2", "absolute": "0.010", "decimals": 3}}.',
        "en": 'Setting “tolerance”, field “{field}”: must be an object, e.g. {{"percent": '
        '"2", "absolute": "0.010", "decimals": 3}}.',
    },
    "settings.tolerance.no_allowance": {
        "pl": "Ustawienie „tolerance”, pole „{field}”: podaj „percent” (procent zamówionej "
        "ilości), „absolute” (ilość) albo oba.",
        "en": "Setting “tolerance”, field “{field}”: give “percent” (of the ordered "
        "quantity), “absolute” (a quantity) or both.",
    },
    "settings.tolerance.units_not_object": {
        "pl": "Ustawienie „tolerance”: pole „units” musi być obiektem jednostek, np. {example}.",
        "en": "Setting “tolerance”: the field “units” must be an object of units, e.g. {example}.",
    },
    "settings.tolerance.products_not_list": {
        "pl": "Ustawienie „tolerance”: pole „products” musi być listą towarów, np. {example}.",
        "en": "Setting “tolerance”: the field “products” must be a list of products, e.g. "
        "{example}.",
    },
    "settings.tolerance.too_many": {
        "pl": "Ustawienie „tolerance”: najwyżej {max} jednostek i towarów razem.",
        "en": "Setting “tolerance”: at most {max} units and products together.",
    },
    "settings.tolerance.unit_name": {
        "pl": "Ustawienie „tolerance”, pole „{field}”: symbol jednostki musi mieć od 1 do 10 "
        "znaków, jak w Subiekcie.",
        "en": "Setting “tolerance”, field “{field}”: a unit symbol has 1 to 10 characters, "
        "as in Subiekt.",
    },
    "settings.tolerance.pieces": {
        "pl": "Ustawienie „tolerance”, pole „{field}”: towaru liczonego w sztukach nie "
        "obejmuje tolerancja — sztuki muszą się zgadzać co do jednej.",
        "en": "Setting “tolerance”, field “{field}”: goods counted in pieces have no "
        "tolerance — pieces must match exactly.",
    },
    "settings.tolerance.unit_twice": {
        "pl": "Ustawienie „tolerance”, pole „{field}”: ta jednostka już jest na liście (wielkość "
        "liter i kropka na końcu się nie liczą).",
        "en": "Setting “tolerance”, field “{field}”: this unit is listed already (case and a "
        "trailing dot do not count).",
    },
    "settings.tolerance.product_key": {
        "pl": "Ustawienie „tolerance”, pole „{field}”: podaj dokładnie jedno z pól „symbol” "
        "(symbol towaru w Subiekcie) albo „product_id” (jego identyfikator tw_Id).",
        "en": "Setting “tolerance”, field “{field}”: give exactly one of “symbol” (the "
        "product's symbol in Subiekt) or “product_id” (its tw_Id).",
    },
    "settings.tolerance.symbol": {
        "pl": "Ustawienie „tolerance”, pole „{field}”: symbol towaru musi mieć od 1 do 20 znaków.",
        "en": "Setting “tolerance”, field “{field}”: a product symbol has 1 to 20 characters.",
    },
    "settings.tolerance.product_id": {
        "pl": "Ustawienie „tolerance”, pole „{field}”: identyfikator towaru musi być dodatnią "
        "liczbą całkowitą.",
        "en": "Setting “tolerance”, field “{field}”: a product id must be a positive whole number.",
    },
    "settings.tolerance.product_twice": {
        "pl": "Ustawienie „tolerance”, pole „{field}”: ten towar ma już tolerancję w „{first}”.",
        "en": "Setting “tolerance”, field “{field}”: this product already has a tolerance in "
        "“{first}”.",
    },
    "verdict.over_pick.within_tolerance": {
        "pl": "Ta pozycja jest już kompletna w tolerancji ({picked} z {ordered}) — nic nie dodano.",
        "en": "This line is already complete within its tolerance ({picked} of {ordered}) — "
        "nothing was added.",
    },
    "finalize.weighed.line": {
        "pl": "{symbol}: {picked} {unit} zamiast zamówionych {ordered} {unit}",
        "en": "{symbol}: {picked} {unit} instead of the ordered {ordered} {unit}",
    },
    "finalize.weighed.realized": {
        "pl": "{kind}: {lines} (towar ważony, w tolerancji).",
        "en": "{kind}: {lines} (weighed goods, within tolerance).",
    },
}

SAME_TEXT: set[str] = set()
