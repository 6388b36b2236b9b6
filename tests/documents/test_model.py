"""The document model: what each kind needs, parties, the KSeF verification link."""

from __future__ import annotations

import base64
import hashlib
from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from kolektor.documents.model import (
    KSEF_QR_HOSTS,
    DocumentData,
    DocumentError,
    DocumentKind,
    DocumentLine,
    Party,
    Totals,
    VatRow,
    invoice_hash,
    ksef_verification_url,
)

SELLER = Party(
    "Sklep Kolektor Demo Sp. z o.o.", "ul. Źródłowa 24", "91-735", "Łódź", nip="688-139-98-66"
)
BUYER = Party(
    "Zakład Ślusarski Józef Żółtowski", "ul. Łąkowa 3/4", "80-001", "Gdańsk", nip="5260250995"
)
LINE = DocumentLine(1, "Kawa ziarnista", Decimal("2"), "szt.", net_price=Decimal("10"))


def invoice(**changes: object) -> DocumentData:
    base = DocumentData(
        kind=DocumentKind.FS,
        number="FS 1/04/2026",
        issue_date=date(2026, 4, 1),
        seller=SELLER,
        buyer=BUYER,
        lines=(LINE,),
        totals=Totals(Decimal("20"), Decimal("4.60"), Decimal("24.60")),
        vat_summary=(VatRow("23", Decimal(23), Decimal(20), Decimal("4.60"), Decimal("24.60")),),
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def test_a_complete_invoice_misses_nothing() -> None:
    assert invoice().missing() == []


@pytest.mark.parametrize(
    ("changes", "gap"),
    [
        ({"number": " "}, "number (dok_NrPelny)"),
        ({"seller": replace(SELLER, name="")}, "seller name"),
        ({"seller": replace(SELLER, nip=None)}, "seller NIP"),
        ({"seller": replace(SELLER, nip="brak")}, "seller NIP"),
        ({"seller": Party("Firma")}, "seller address"),
        ({"buyer": None}, "buyer (dok_PlatnikAdreshId)"),
        ({"buyer": replace(BUYER, name="  ")}, "buyer (dok_PlatnikAdreshId)"),
        ({"buyer": Party("Jan Kowalski")}, "buyer address"),
        ({"lines": ()}, "lines"),
        ({"lines": (replace(LINE, name=""),)}, "name of line 1"),
        ({"vat_summary": ()}, "VAT summary (dok_Vat)"),
    ],
)
def test_an_invoice_names_what_it_lacks(changes: dict[str, object], gap: str) -> None:
    assert gap in invoice(**changes).missing()


def test_receipts_and_goods_issue_need_less() -> None:
    receipt = invoice(kind=DocumentKind.PA, buyer=None, vat_summary=(), seller=Party("Sklep"))
    assert receipt.missing() == []
    assert invoice(kind=DocumentKind.PAI, buyer=None).missing() == ["buyer (dok_PlatnikAdreshId)"]
    assert invoice(kind=DocumentKind.PAI, buyer=Party("Jan Kowalski")).missing() == []
    goods_issue = invoice(kind=DocumentKind.WZ, vat_summary=())
    assert goods_issue.missing() == []
    assert replace(goods_issue, buyer=None).missing() == [
        "recipient (dok_OdbiorcaAdreshId or dok_PlatnikAdreshId)"
    ]
    assert replace(goods_issue, buyer=None, recipient=BUYER).missing() == []


def test_kinds_choose_templates() -> None:
    assert [kind.template for kind in DocumentKind] == ["fs.typ", "pai.typ", "pai.typ", "wz.typ"]
    assert DocumentKind("PAi") is DocumentKind.PAI


def test_party_address_lines_and_nip_digits() -> None:
    assert BUYER.address_lines() == ("ul. Łąkowa 3/4", "80-001 Gdańsk")
    abroad = Party("Kunde GmbH", "Hauptstraße 1", "10115", "Berlin", country="Niemcy")
    assert abroad.address_lines() == ("Hauptstraße 1", "10115 Berlin", "Niemcy")
    assert Party("X", city="Łódź").address_lines() == ("Łódź",)
    assert Party("X").address_lines() == ()
    assert Party("X", nip="PL 526-025-09-95").nip_digits == "5260250995"
    assert Party("X").nip_digits == ""


def test_amount_in_words_uses_the_total_and_currency() -> None:
    assert invoice().amount_in_words() == "dwadzieścia cztery złote 60/100"
    assert invoice().amount_in_words("en") == "twenty-four zlotys 60/100"
    assert invoice(currency="EUR").amount_in_words() == "dwadzieścia cztery euro 60/100"


def test_label_names_kind_and_number() -> None:
    assert invoice().label == "FS FS 1/04/2026"


def test_invoice_hash_is_base64url_sha256_without_padding() -> None:
    # SHA-256 of the empty string, Base64URL.
    assert invoice_hash(b"") == "47DEQpj8HBSa-_TImW-5JCeuQeRkm5NMpJWZG3hSuFU"
    xml = "<Faktura>żółć</Faktura>".encode()
    digest = invoice_hash(xml)
    assert len(digest) == 43
    assert "=" not in digest and "+" not in digest and "/" not in digest
    assert base64.urlsafe_b64decode(digest + "=") == hashlib.sha256(xml).digest()


def test_verification_url_matches_the_ksef_example() -> None:
    url = ksef_verification_url(
        "111-111-11-11",
        date(2026, 2, 1),
        "UtQp9Gpc51y-u3xApZjIjgkpZ01js-J8KflSPW8WzIE",
        KSEF_QR_HOSTS["test"],
    )
    assert url == (
        "https://qr-test.ksef.mf.gov.pl/invoice/1111111111/01-02-2026/"
        "UtQp9Gpc51y-u3xApZjIjgkpZ01js-J8KflSPW8WzIE"
    )
    production = ksef_verification_url("5265877635", date(2026, 12, 31), invoice_hash(b"x"))
    assert production.startswith("https://qr.ksef.mf.gov.pl/invoice/5265877635/31-12-2026/")


@pytest.mark.parametrize(
    ("nip", "digest", "message"),
    [
        ("12345", invoice_hash(b""), "10 digits"),
        ("5265877635", "abc", "43 characters"),
        ("5265877635", invoice_hash(b"")[:-1] + "=", "43 characters"),
    ],
)
def test_verification_url_rejects_bad_input(nip: str, digest: str, message: str) -> None:
    with pytest.raises(DocumentError, match=message):
        ksef_verification_url(nip, date(2026, 2, 1), digest)
