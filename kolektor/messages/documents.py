"""Texts of loading and rendering documents (:mod:`kolektor.documents`), merged into
:data:`kolektor.i18n.MESSAGES`.

``document.*`` — :class:`kolektor.documents.DocumentError` (a document that cannot be read
from Subiekt or rendered: the finalization's ``document`` step stores it as the job's
error); ``document.gap.*`` — what a document lacks (:meth:`DocumentData.gaps`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kolektor.i18n import Language

CATALOG: dict[str, dict[Language, str]] = {
    "document.ksef_nip": {
        "pl": "Link KSeF: NIP sprzedawcy „{nip}” nie ma 10 cyfr",
        "en": "KSeF link: the seller NIP “{nip}” does not have 10 digits",
    },
    "document.ksef_hash": {
        "pl": "Link KSeF: skrót faktury musi być SHA-256 w Base64URL bez dopełnienia"
        " (43 znaki), a nie „{digest}”",
        "en": "KSeF link: the invoice hash must be SHA-256 in Base64URL without padding"
        " (43 characters), not “{digest}”",
    },
    "document.bad_language": {
        "pl": "nieznany język „{language}”: użyj „pl” albo „en”",
        "en": "unknown language “{language}”: use “pl” or “en”",
    },
    "document.missing": {
        "pl": "{label}: nie da się wydrukować, brakuje: {gaps}",
        "en": "{label}: cannot render, missing {gaps}",
    },
    "document.no_template": {
        "pl": "{label}: nie ma szablonu {template}",
        "en": "{label}: template {template} does not exist",
    },
    "document.template_failed": {
        "pl": "{label}: szablon {template} zawiódł: {error}",
        "en": "{label}: template {template} failed: {error}",
    },
    "document.no_pdf": {
        "pl": "{label}: szablon {template} nie dał pliku PDF",
        "en": "{label}: template {template} produced no PDF",
    },
    "document.not_found": {
        "pl": "dokumentu dok_Id={id} nie ma w Subiekcie",
        "en": "document dok_Id={id} does not exist in Subiekt",
    },
    "document.wrong_kind": {
        "pl": "dokument dok_Id={id} ({number}) ma dok_Typ={type}: Kolektor drukuje FS (2),"
        " PA/PAi (21) i WZ (11)",
        "en": "document dok_Id={id} ({number}) has dok_Typ={type}: Kolektor renders FS (2),"
        " PA/PAi (21) and WZ (11)",
    },
    "document.no_issue_date": {
        "pl": "{label}: brak daty wystawienia (dok_DataWyst)",
        "en": "{label}: no issue date (dok_DataWyst)",
    },
    "document.no_seller": {
        "pl": "{label}: brak sprzedawcy — Subiekt nie ma adresu własnej firmy (adr__Ewid z"
        " adr_TypAdresu = {type}); uzupełnij dane firmy w Subiekcie albo podaj sprzedawcę w"
        " ustawieniach Kolektora",
        "en": "{label}: the seller is missing — Subiekt has no own-company address"
        " (adr__Ewid with adr_TypAdresu = {type}); fill in the company data in Subiekt or"
        " give the seller in Kolektor's settings",
    },
    # what a document lacks
    "document.gap.number": {"pl": "numer (dok_NrPelny)", "en": "number (dok_NrPelny)"},
    "document.gap.seller_name": {"pl": "nazwa sprzedawcy", "en": "seller name"},
    "document.gap.lines": {"pl": "pozycje", "en": "lines"},
    "document.gap.line_name": {
        "pl": "nazwa pozycji {position}",
        "en": "name of line {position}",
    },
    "document.gap.seller_nip": {"pl": "NIP sprzedawcy", "en": "seller NIP"},
    "document.gap.seller_address": {"pl": "adres sprzedawcy", "en": "seller address"},
    "document.gap.buyer": {
        "pl": "nabywca (dok_PlatnikAdreshId)",
        "en": "buyer (dok_PlatnikAdreshId)",
    },
    "document.gap.buyer_address": {"pl": "adres nabywcy", "en": "buyer address"},
    "document.gap.vat_summary": {
        "pl": "zestawienie VAT (dok_Vat)",
        "en": "VAT summary (dok_Vat)",
    },
    "document.gap.recipient": {
        "pl": "odbiorca (dok_OdbiorcaAdreshId albo dok_PlatnikAdreshId)",
        "en": "recipient (dok_OdbiorcaAdreshId or dok_PlatnikAdreshId)",
    },
}

SAME_TEXT: frozenset[str] = frozenset()
"""Keys whose text is the same in every language."""
