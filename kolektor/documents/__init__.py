"""Kolektor's own rendering of sales and warehouse documents (FS, PA, PAi, WZ) to PDF.

In production the document PDF comes from Subiekt itself (Sfera); this package renders
the simulator's documents and, as an option, any document from Kolektor's templates in
``templates/documents/``:

* :mod:`.model` — :class:`DocumentData`, what is printed;
* :mod:`.subiekt` — :func:`load_document` reads it from Subiekt's database;
* :mod:`.render` — :func:`render_document` makes the PDF (Typst);
* :mod:`.words` — amounts in words, Polish and English.
"""

from kolektor.documents.model import (
    KSEF_QR_HOSTS,
    DocumentData,
    DocumentError,
    DocumentKind,
    DocumentLine,
    KsefInfo,
    Party,
    Payment,
    Totals,
    VatRow,
    invoice_hash,
    ksef_verification_url,
)
from kolektor.documents.render import render_document
from kolektor.documents.subiekt import load_document, read_document
from kolektor.documents.words import amount_in_words, number_in_words

__all__ = [
    "KSEF_QR_HOSTS",
    "DocumentData",
    "DocumentError",
    "DocumentKind",
    "DocumentLine",
    "KsefInfo",
    "Party",
    "Payment",
    "Totals",
    "VatRow",
    "amount_in_words",
    "invoice_hash",
    "ksef_verification_url",
    "load_document",
    "number_in_words",
    "read_document",
    "render_document",
]
