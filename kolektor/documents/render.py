"""Rendering a document to PDF with Kolektor's own templates (Typst).

The templates are Typst files in ``templates/documents/`` (``fs.typ``, ``pai.typ`` for PA
and PAi, ``wz.typ``, shared ``layout.typ``).  :func:`render_document` turns
:class:`~kolektor.documents.model.DocumentData` into a JSON payload — every amount,
quantity and date already formatted for the language, text as plain strings that Typst
never parses as markup — and compiles the template with it through the ``typst`` package
(the Typst compiler in a Python extension: no system fonts or programs are needed; the
text font, Libertinus Serif, is built into it and subset into each PDF).  Why Typst, and
the numbers: ``docs/documents.md``.

The call blocks for a few tens of milliseconds (the compiler releases the GIL): the
pipeline runs it in a worker thread.  A compiler keeps caches between documents and is
not safe to share between threads, so each thread keeps its own.  A font dropped into
``templates/documents/fonts/`` can be used by the templates; system fonts are ignored, so
a document renders the same on every machine.
"""

from __future__ import annotations

import functools
import io
import json
import logging
import threading
from datetime import UTC, date, datetime
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import segno
import typst

from kolektor.documents.model import DocumentData, DocumentError, DocumentLine, Party
from kolektor.documents.words import Language

log = logging.getLogger(__name__)

TEMPLATES = Path(__file__).resolve().parents[2] / "templates" / "documents"
"""Kolektor's own document templates."""

NBSP = "\u00a0"
CENT = Decimal("0.01")
QUANTITY_PLACES = Decimal("0.0001")

_local = threading.local()


def render_document(
    document: DocumentData, *, language: Language = "pl", templates: Path | None = None
) -> bytes:
    """The document as PDF bytes (blocking).

    ``templates`` is a folder with the same template files to use instead of Kolektor's.
    Raises :class:`DocumentError` when the document lacks data its kind needs (the message
    lists what) or when the template fails (the message quotes Typst's error).
    """
    if language not in ("pl", "en"):
        raise DocumentError("document.bad_language", language=language)
    gaps = document.gaps()
    if gaps:
        raise DocumentError("document.missing", label=document.label, gaps=tuple(gaps))
    root = (templates or TEMPLATES).resolve()
    template = root / document.kind.template
    if not template.is_file():
        raise DocumentError("document.no_template", label=document.label, template=template)
    payload = json.dumps(document_payload(document, language), ensure_ascii=False)
    stamp = datetime(
        document.issue_date.year, document.issue_date.month, document.issue_date.day, tzinfo=UTC
    )
    try:
        pdf, warnings = _compiler(root).compile_with_warnings(
            input=str(template),
            format="pdf",
            sys_inputs={"document": payload},
            timestamp=stamp,
        )
    except typst.TypstError as error:
        raise DocumentError(
            "document.template_failed", label=document.label, template=template.name,
            error=_describe(error),
        ) from error  # fmt: skip
    except RuntimeError as error:  # the extension reports I/O and export problems so
        raise DocumentError(
            "document.template_failed", label=document.label, template=template.name,
            error=error,
        ) from error  # fmt: skip
    for warning in warnings:
        log.warning("%s: template %s: %s", document.label, template.name, warning.message)
    if not isinstance(pdf, bytes):
        raise DocumentError("document.no_pdf", label=document.label, template=template.name)
    return pdf


def _describe(error: typst.TypstError) -> str:
    message = getattr(error, "message", "") or str(error)
    hints = getattr(error, "hints", None) or []
    diagnostic = getattr(error, "diagnostic", "") or ""
    text = message.strip()
    if hints:
        text += " (" + "; ".join(h.strip() for h in hints) + ")"
    if diagnostic:
        text += "\n" + diagnostic.strip()
    return text


def _compiler(root: Path) -> typst.Compiler:
    compilers: dict[Path, typst.Compiler] | None = getattr(_local, "compilers", None)
    if compilers is None:
        compilers = _local.compilers = {}
    compiler = compilers.get(root)
    if compiler is None:
        fonts = root / "fonts"
        compiler = typst.Compiler(
            root=str(root),
            font_paths=[str(fonts)] if fonts.is_dir() else [],
            ignore_system_fonts=True,
        )
        compilers[root] = compiler
    return compiler


# -- the payload -----------------------------------------------------------------------------


def document_payload(document: DocumentData, language: Language = "pl") -> dict[str, Any]:
    """What the templates get as ``sys.inputs.document``: plain JSON, formatted for
    ``language``.  The fields are described in ``docs/documents.md``."""
    fmt = _Formatter(language)
    payment = document.payment
    ksef = document.ksef
    return {
        "kind": document.kind.value,
        "language": language,
        "number": document.number,
        "issue_date": fmt.date(document.issue_date),
        "sale_date": fmt.date(document.sale_date),
        "place": document.place,
        "seller": _party(document.seller),
        "buyer": _party(document.buyer),
        "recipient": _party(document.recipient),
        "payment": None
        if payment is None
        else {
            "form": payment.form,
            "due_date": fmt.date(payment.due_date),
            "bank_account": payment.bank_account,
        },
        "lines": [_line(line, fmt) for line in document.lines],
        "has_discount": any(line.discount_percent for line in document.lines),
        "vat_summary": [
            {
                "rate": vat_label(row.symbol, row.rate, fmt),
                "net": fmt.money(row.net),
                "vat": fmt.money(row.vat),
                "gross": fmt.money(row.gross),
            }
            for row in document.vat_summary
        ],
        "totals": {
            "net": fmt.money(document.totals.net),
            "vat": fmt.money(document.totals.vat),
            "gross": fmt.money(document.totals.gross),
        },
        "currency": document.currency,
        "amount_in_words": document.amount_in_words(language),
        "remarks": document.remarks,
        "order_number": document.order_number,
        "order_date": fmt.date(document.order_date),
        "original_number": document.original_number,
        "warehouse": document.warehouse,
        "issued_by": document.issued_by,
        "ksef": None
        if ksef is None
        else {
            "number": ksef.number,
            "url": ksef.verification_url,
            "qr_svg": qr_svg(ksef.verification_url) if ksef.verification_url else None,
        },
        "cash_accounting": document.cash_accounting,
        "split_payment": document.split_payment,
        "exemption_basis": document.exemption_basis,
    }


def _party(party: Party | None) -> dict[str, Any] | None:
    if party is None:
        return None
    return {
        "name": party.name,
        "lines": list(party.address_lines()),
        "nip": party.nip or None,
        "phone": party.phone or None,
    }


def _line(line: DocumentLine, fmt: _Formatter) -> dict[str, Any]:
    return {
        "no": str(line.position),
        "name": line.name,
        "symbol": line.symbol or None,
        "description": line.description,
        "quantity": fmt.quantity(line.quantity),
        "unit": line.unit,
        "net_price": fmt.money(line.net_price),
        "discount": fmt.percent(line.discount_percent) if line.discount_percent else "",
        "net": fmt.money(line.net_value),
        "vat_rate": vat_label(line.vat_symbol, line.vat_rate, fmt),
        "vat": fmt.money(line.vat_value),
        "gross": fmt.money(line.gross_value),
        "gross_price": fmt.money(line.gross_price),
    }


def vat_label(symbol: str, rate: Decimal, fmt: _Formatter | None = None) -> str:
    """``23%`` for a numeric rate symbol, the symbol itself otherwise (``zw``, ``np``);
    the rate when there is no symbol."""
    symbol = symbol.strip()
    if not symbol:
        return (fmt or _Formatter("pl")).percent(rate)
    if symbol.replace(",", "").replace(".", "").isdigit():
        return f"{symbol}%"
    return symbol


@functools.lru_cache(maxsize=64)
def qr_svg(url: str) -> str:
    """KOD I as an SVG (vector) QR code with the standard quiet zone (error correction M,
    mask chosen by the standard's penalty rules — most of the few milliseconds it takes;
    the last few are cached, as one invoice is often rendered more than once)."""
    code = segno.make(url, error="m", micro=False)
    out = io.BytesIO()
    code.save(out, kind="svg", border=4, xmldecl=False, dark="#000")
    return out.getvalue().decode("ascii")


class _Formatter:
    """Numbers and dates as printed in ``language``."""

    def __init__(self, language: Language) -> None:
        self.language = language

    def money(self, value: Decimal) -> str:
        return self._number(value.quantize(CENT, ROUND_HALF_UP), 2)

    def quantity(self, value: Decimal) -> str:
        """Up to four decimals, trailing zeros dropped: ``2``, ``1,5``, ``0,375``."""
        quantized = value.quantize(QUANTITY_PLACES, ROUND_HALF_UP).normalize()
        places = max(0, -int(quantized.as_tuple().exponent))
        return self._number(quantized, places)

    def percent(self, value: Decimal) -> str:
        quantized = value.quantize(CENT, ROUND_HALF_UP).normalize()
        places = max(0, -int(quantized.as_tuple().exponent))
        return self._number(quantized, places) + "%"

    def date(self, value: date | None) -> str | None:
        return None if value is None else value.isoformat()

    def _number(self, value: Decimal, places: int) -> str:
        text = f"{value:,.{places}f}"
        if self.language == "pl":
            return text.replace(",", NBSP).replace(".", ",")
        return text
