"""The data of a sales or warehouse document to render: FS, PA, PAi or WZ.

:class:`DocumentData` holds what is printed, already decided: names and addresses as they
stand on the document (Subiekt's address snapshots), line values as Subiekt computed them,
the VAT summary per rate, the totals.  Nothing here is recomputed from prices — a document
shows the numbers of the document.  :mod:`kolektor.documents.subiekt` fills it from
Subiekt's tables; tests and the benchmark build it directly.

What an FS must carry (art. 106e VAT Act, see ``reference/polish-rules.md`` §1) maps to
these fields: issue date ``issue_date``, number ``number``, seller and buyer names and
addresses ``seller``/``buyer``, NIPs ``Party.nip``, sale date ``sale_date``, line name,
unit, quantity, unit net price, discount, net value and VAT rate (:class:`DocumentLine`),
net and VAT per rate ``vat_summary``, total due ``totals.gross``, "metoda kasowa"
``cash_accounting``, "mechanizm podzielonej płatności" ``split_payment``, the legal basis
of an exemption ``exemption_basis``.  :meth:`DocumentData.missing` lists what a kind of
document lacks before it is rendered.
"""

from __future__ import annotations

import base64
import hashlib
import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum

from kolektor.documents.words import Language, amount_in_words
from kolektor.i18n import Message, t

ZERO = Decimal("0.00")

KSEF_QR_HOSTS = {
    "prd": "https://qr.ksef.mf.gov.pl",
    "demo": "https://qr-demo.ksef.mf.gov.pl",
    "test": "https://qr-test.ksef.mf.gov.pl",
}
"""Hosts of the KSeF verification pages (KOD I) per environment (``reference/ksef.md`` §8)."""


class DocumentError(Exception):
    """A document cannot be loaded or rendered; the message names what is missing or wrong.

    :attr:`key` and :attr:`params` name it in the catalog (``document.*``,
    :mod:`kolektor.messages.documents`) for the edge to render in the user's language
    (:func:`kolektor.i18n.describe`); ``str()`` is the English text, for the log."""

    def __init__(self, key: str, /, **params: object) -> None:
        super().__init__(t(key, "en", **params))
        self.key = key
        self.params = params


class DocumentKind(StrEnum):
    """The kinds of document Kolektor renders."""

    FS = "FS"
    """Faktura sprzedaży — VAT invoice."""
    PA = "PA"
    """Paragon — receipt (no named buyer)."""
    PAI = "PAi"
    """Paragon imienny — named receipt."""
    WZ = "WZ"
    """Wydanie zewnętrzne — goods-issue note (no prices)."""

    @property
    def template(self) -> str:
        """The template file in ``templates/documents/`` (PA shares the PAi one)."""
        return {"FS": "fs.typ", "PA": "pai.typ", "PAi": "pai.typ", "WZ": "wz.typ"}[self.value]


@dataclass(frozen=True, slots=True)
class Party:
    """A seller, buyer or recipient as printed on the document."""

    name: str
    street: str = ""
    """Street line: ``ul. Łąkowa 3/4``."""
    postcode: str = ""
    city: str = ""
    country: str | None = None
    """Printed only when set — None for Poland."""
    nip: str | None = None
    phone: str | None = None

    def address_lines(self) -> tuple[str, ...]:
        """Street, ``postcode city`` and country — the non-empty ones."""
        town = " ".join(part for part in (self.postcode, self.city) if part)
        return tuple(line for line in (self.street, town, self.country or "") if line)

    @property
    def nip_digits(self) -> str:
        """The NIP without separators or a country prefix (``PL526-025-09-95`` → 10 digits)."""
        return re.sub(r"\D", "", self.nip or "")


@dataclass(frozen=True, slots=True)
class DocumentLine:
    """One line.  ``net_price`` is the unit net price **before** ``discount_percent``;
    the values are the line's totals after the discount."""

    position: int
    name: str
    quantity: Decimal
    unit: str
    symbol: str | None = None
    description: str = ""
    """Extra text under the name (``ob_Opis`` of a product line)."""
    net_price: Decimal = ZERO
    discount_percent: Decimal = ZERO
    net_value: Decimal = ZERO
    vat_symbol: str = ""
    """As printed: ``23``, ``8``, ``zw``, ``np``…"""
    vat_rate: Decimal = ZERO
    vat_value: Decimal = ZERO
    gross_value: Decimal = ZERO
    gross_price: Decimal = ZERO
    """Unit gross price after the discount (receipts show gross prices)."""


@dataclass(frozen=True, slots=True)
class VatRow:
    """One rate of the VAT summary (``dok_Vat``)."""

    symbol: str
    rate: Decimal
    net: Decimal
    vat: Decimal
    gross: Decimal


@dataclass(frozen=True, slots=True)
class Totals:
    net: Decimal
    vat: Decimal
    gross: Decimal


@dataclass(frozen=True, slots=True)
class Payment:
    form: str | None = None
    """Name of the payment form: ``Przelew``, ``Gotówka``, ``Pobranie``…"""
    due_date: date | None = None
    bank_account: str | None = None


@dataclass(frozen=True, slots=True)
class KsefInfo:
    """The KSeF number of an invoice and, when known, its verification link (KOD I)."""

    number: str
    verification_url: str | None = None
    """``https://qr.ksef.mf.gov.pl/invoice/{NIP}/{DD-MM-YYYY}/{hash}`` — drawn as the QR
    code; None when the hash of the invoice's XML is not known (the number alone is
    printed then)."""


@dataclass(frozen=True, slots=True)
class DocumentData:
    """Everything printed on one document."""

    kind: DocumentKind
    number: str
    issue_date: date
    seller: Party
    lines: tuple[DocumentLine, ...]
    totals: Totals
    vat_summary: tuple[VatRow, ...] = ()
    sale_date: date | None = None
    """Date of supply (FS), sale (PA) or goods issue (WZ)."""
    place: str = ""
    """Place of issue."""
    buyer: Party | None = None
    recipient: Party | None = None
    """Recipient / delivery address when it differs from the buyer."""
    payment: Payment | None = None
    currency: str = "PLN"
    remarks: str = ""
    order_number: str | None = None
    """The ZK the document was made from (``dok_DoDokNrPelny``)."""
    order_date: date | None = None
    original_number: str | None = None
    """External number (``dok_NrPelnyOryg``), e.g. the shop's order number."""
    warehouse: str | None = None
    issued_by: str = ""
    ksef: KsefInfo | None = None
    cash_accounting: bool = False
    """Prints "metoda kasowa" (art. 106e ust. 1 pkt 16)."""
    split_payment: bool = False
    """Prints "mechanizm podzielonej płatności" (pkt 18a)."""
    exemption_basis: str | None = None
    """Legal basis of a VAT exemption, printed when a line is exempt (pkt 19)."""
    source_id: int | None = field(default=None, compare=False)
    """``dok_Id`` in Subiekt, for messages."""

    @property
    def label(self) -> str:
        """``FS FS 1/04/2026`` style name for messages."""
        return f"{self.kind.value} {self.number}".strip()

    def amount_in_words(self, language: Language = "pl") -> str:
        return amount_in_words(self.totals.gross, self.currency, language)

    def missing(self) -> list[str]:
        """What this kind of document lacks, in English (empty when it can be rendered)."""
        return [gap.render("en") for gap in self.gaps()]

    def gaps(self) -> list[Message]:
        """What this kind of document lacks, as catalog messages (``document.gap.*``)."""
        gaps: list[Message] = []
        if not self.number.strip():
            gaps.append(Message("document.gap.number"))
        if not self.seller.name.strip():
            gaps.append(Message("document.gap.seller_name"))
        if not self.lines:
            gaps.append(Message("document.gap.lines"))
        for line in self.lines:
            if not line.name.strip():
                gaps.append(Message("document.gap.line_name", {"position": line.position}))
        if self.kind is DocumentKind.FS:
            if not self.seller.nip_digits:
                gaps.append(Message("document.gap.seller_nip"))
            if not self.seller.address_lines():
                gaps.append(Message("document.gap.seller_address"))
            if self.buyer is None or not self.buyer.name.strip():
                gaps.append(Message("document.gap.buyer"))
            elif not self.buyer.address_lines():
                gaps.append(Message("document.gap.buyer_address"))
            if not self.vat_summary:
                gaps.append(Message("document.gap.vat_summary"))
        if self.kind is DocumentKind.PAI and (self.buyer is None or not self.buyer.name.strip()):
            gaps.append(Message("document.gap.buyer"))
        if self.kind is DocumentKind.WZ and self.recipient is None and self.buyer is None:
            gaps.append(Message("document.gap.recipient"))
        return gaps


def invoice_hash(xml: bytes) -> str:
    """SHA-256 of an invoice's XML file as KOD I wants it: Base64URL without ``=``."""
    digest = hashlib.sha256(xml).digest()
    return base64.urlsafe_b64encode(digest).decode("ascii").rstrip("=")


def ksef_verification_url(
    seller_nip: str, issue_date: date, invoice_sha256: str, host: str = KSEF_QR_HOSTS["prd"]
) -> str:
    """The KOD I link: ``{host}/invoice/{NIP}/{DD-MM-YYYY}/{SHA-256 Base64URL}``.

    ``invoice_sha256`` is :func:`invoice_hash` of the exact XML bytes sent to KSeF.
    """
    nip = re.sub(r"\D", "", seller_nip)
    if len(nip) != 10:
        raise DocumentError("document.ksef_nip", nip=seller_nip)
    if not re.fullmatch(r"[A-Za-z0-9_-]{43}", invoice_sha256):
        raise DocumentError("document.ksef_hash", digest=invoice_sha256)
    return f"{host.rstrip('/')}/invoice/{nip}/{issue_date:%d-%m-%Y}/{invoice_sha256}"
