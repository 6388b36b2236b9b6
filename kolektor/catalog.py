"""The shop's barcodes, to tell a *wrong product* from an *unknown code*.

A scan that matches no line of the order is either a product of the shop that does not
belong in this order (the picker took the wrong item) or a code the shop does not know at
all (a shelf label, a damaged or foreign barcode).  The intake refreshes :class:`Catalog`
from Subiekt (``tw__Towar.tw_PodstKodKresk`` and ``tw_KodKreskowy``) on every pass.

Barcodes are compared by :func:`barcode_key`: a valid GTIN by its 14-digit form (so an
EAN-13 printed on the product and the same code stored with a leading zero agree), any
other code as written.  Each code remembers the product it belongs to (symbol and name),
so a *wrong product* verdict can name what the picker holds.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from kolektor import _core


@dataclass(frozen=True, slots=True)
class CatalogProduct:
    """The product a barcode belongs to, as Subiekt names it (``tw_Symbol``, ``tw_Nazwa``)."""

    symbol: str
    name: str


CatalogCode = str | tuple[str, str | None, str | None]
"""A barcode as the intake hands it over: the code alone, or (code, symbol, name)."""


def barcode_key(code: str) -> str:
    """The lookup key of a barcode as stored in Subiekt or scanned."""
    text = code.strip()
    try:
        return _core.gtin_normalize(text)
    except ValueError:
        return text


def _entries(codes: Iterable[CatalogCode]) -> Mapping[str, CatalogProduct | None]:
    found: dict[str, CatalogProduct | None] = {}
    for item in codes:
        code, symbol, name = (item, None, None) if isinstance(item, str) else item
        if not code:
            continue
        product = CatalogProduct(symbol or "", name or "") if symbol or name else None
        key = barcode_key(code)
        if found.get(key) is None:  # a code on two products: the first one named
            found[key] = product
    return found


class Catalog:
    """Every barcode of every product by lookup key, with the product it belongs to when
    the intake said (replaced as a whole)."""

    def __init__(self, codes: Iterable[CatalogCode] = ()) -> None:
        self._products: Mapping[str, CatalogProduct | None] = _entries(codes)

    def replace(self, codes: Iterable[CatalogCode]) -> None:
        self._products = _entries(codes)

    def product(self, key: str) -> CatalogProduct | None:
        """The product whose barcode has this lookup key; None when unknown or unnamed."""
        return self._products.get(key)

    def __contains__(self, key: object) -> bool:
        return key in self._products

    def __len__(self) -> int:
        return len(self._products)
