"""The shop's barcodes, to tell a *wrong product* from an *unknown code*.

A scan that matches no line of the order is either a product of the shop that does not
belong in this order (the picker took the wrong item) or a code the shop does not know at
all (a shelf label, a damaged or foreign barcode).  The intake refreshes :class:`Catalog`
from Subiekt (``tw__Towar.tw_PodstKodKresk`` and ``tw_KodKreskowy``) on every pass.

Barcodes are compared by :func:`barcode_key`: a valid GTIN by its 14-digit form (so an
EAN-13 printed on the product and the same code stored with a leading zero agree), any
other code as written.
"""

from __future__ import annotations

from collections.abc import Iterable

from kolektor import _core


def barcode_key(code: str) -> str:
    """The lookup key of a barcode as stored in Subiekt or scanned."""
    text = code.strip()
    try:
        return _core.gtin_normalize(text)
    except ValueError:
        return text


class Catalog:
    """The set of lookup keys of every barcode of every product (replaced as a whole)."""

    def __init__(self, codes: Iterable[str] = ()) -> None:
        self._keys: frozenset[str] = frozenset(barcode_key(code) for code in codes if code)

    def replace(self, codes: Iterable[str]) -> None:
        self._keys = frozenset(barcode_key(code) for code in codes if code)

    def __contains__(self, key: object) -> bool:
        return key in self._keys

    def __len__(self) -> int:
        return len(self._keys)
