"""Rendering with Kolektor's templates, read back from the PDF with pypdfium2."""

from __future__ import annotations

import shutil
import threading
from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from kolektor.documents.model import (
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
from kolektor.documents.render import (
    TEMPLATES,
    document_payload,
    qr_svg,
    render_document,
    vat_label,
)
from tests.documents.pdf import Pdf

SELLER = Party(
    "Sklep Kolektor Demo Sp. z o.o.", "ul. Źródłowa 24", "91-735", "Łódź", nip="688-139-98-66"
)
BUYER = Party(
    "Zakład Ślusarski Józef Żółtowski", "ul. Łąkowa 3/4", "80-001", "Gdańsk", nip="526-025-09-95"
)
KSEF_NUMBER = "5265877635-20250826-0100001AF629-AF"
KSEF_URL = ksef_verification_url("6881399866", date(2026, 4, 1), invoice_hash(b"<Faktura/>"))


def line(position: int, rate: int = 23, discount: str = "0") -> DocumentLine:
    net = Decimal("24.68")
    vat = (net * rate / 100).quantize(Decimal("0.01"))
    return DocumentLine(
        position=position,
        name=f"Kawa ziarnista „Łódzka” nr {position} — gęś, źdźbło, żółć",
        symbol=f"KAW-{position:03d}",
        quantity=Decimal("2"),
        unit="szt.",
        net_price=Decimal("12.34"),
        discount_percent=Decimal(discount),
        net_value=net,
        vat_symbol=str(rate),
        vat_rate=Decimal(rate),
        vat_value=vat,
        gross_value=net + vat,
        gross_price=((net + vat) / 2).quantize(Decimal("0.01")),
    )


def invoice(count: int = 20, **changes: object) -> DocumentData:
    lines = tuple(line(n, rate=23 if n % 3 else 8) for n in range(1, count + 1))
    summary = []
    for rate in (23, 8):
        chosen = [item for item in lines if item.vat_rate == rate]
        if chosen:
            summary.append(
                VatRow(
                    str(rate),
                    Decimal(rate),
                    sum((item.net_value for item in chosen), Decimal(0)),
                    sum((item.vat_value for item in chosen), Decimal(0)),
                    sum((item.gross_value for item in chosen), Decimal(0)),
                )
            )
    base = DocumentData(
        kind=DocumentKind.FS,
        number="FS 7/04/2026",
        issue_date=date(2026, 4, 1),
        sale_date=date(2026, 3, 31),
        place="Łódź",
        seller=SELLER,
        buyer=BUYER,
        lines=lines,
        totals=Totals(
            sum((row.net for row in summary), Decimal(0)),
            sum((row.vat for row in summary), Decimal(0)),
            sum((row.gross for row in summary), Decimal(0)),
        ),
        vat_summary=tuple(summary),
        payment=Payment("Przelew 14 dni", date(2026, 4, 15), "12 3456 7890 1234 5678 9012 3456"),
        order_number="ZK 12/2026",
        order_date=date(2026, 3, 30),
        issued_by="Szef",
        remarks="Dostawa do rąk własnych",
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def polish_money(value: Decimal) -> str:
    whole, cents = f"{value:,.2f}".split(".")
    return f"{whole.replace(',', ' ')},{cents}"


def test_invoice_carries_every_required_element() -> None:
    document = invoice()
    pdf = Pdf(render_document(document))
    text = pdf.text
    assert len(pdf) == 1
    for expected in (
        "Faktura VAT",
        "FS 7/04/2026",
        "Data wystawienia: 2026-04-01",
        "Data dostawy / sprzedaży: 2026-03-31",
        "Miejsce wystawienia: Łódź",
        "Sklep Kolektor Demo Sp. z o.o.",
        "ul. Źródłowa 24",
        "91-735 Łódź",
        "NIP: 688-139-98-66",
        "Zakład Ślusarski Józef Żółtowski",
        "ul. Łąkowa 3/4",
        "80-001 Gdańsk",
        "NIP: 526-025-09-95",
        "Do zamówienia: ZK 12/2026 z dnia 2026-03-30",
        "Forma płatności: Przelew 14 dni",
        "Termin płatności: 2026-04-15",
        "Numer rachunku: 12 3456 7890 1234 5678 9012 3456",
        "Wystawił(a): Szef",
        "Uwagi: Dostawa do rąk własnych",
        "strona 1 z 1",
    ):
        assert expected in text, expected
    for item in document.lines:
        assert item.name in text
        assert f"{item.position} {item.name}" in text
    for header in ("Lp.", "Ilość", "J.m.", "Cena netto", "Wartość netto", "Stawka VAT"):
        assert header in text
    assert "Rabat" not in text  # no line has a discount
    assert "23% " in text and "8% " in text
    for row in document.vat_summary:
        assert f"{polish_money(row.net)} {polish_money(row.vat)} {polish_money(row.gross)}" in text
    totals = document.totals
    gross = polish_money(totals.gross)
    assert f"Razem {polish_money(totals.net)} {polish_money(totals.vat)} {gross}" in text
    assert f"Razem do zapłaty: {gross} PLN" in text
    assert f"Słownie: {document.amount_in_words()}" in text
    assert "metoda kasowa" not in text and "KSeF" not in text


def test_fonts_are_embedded_subsets() -> None:
    fonts = Pdf(render_document(invoice(3))).fonts()
    assert fonts
    for name, embedded in fonts:
        assert embedded, name
        assert name[6] == "+" and name[:6].isupper(), name  # subset tag "ABCDEF+"


def test_same_document_gives_the_same_bytes() -> None:
    assert render_document(invoice(5)) == render_document(invoice(5))


def test_two_hundred_lines_paginate_with_headers_and_page_count() -> None:
    document = invoice(200)
    pdf = Pdf(render_document(document))
    pages = pdf.page_texts()
    assert len(pages) >= 3
    for number, text in enumerate(pages, start=1):
        assert f"strona {number} z {len(pages)}" in text
        assert "Lp. Nazwa towaru lub usługi Ilość J.m. Cena netto" in text
        assert "Faktura VAT FS 7/04/2026" in text
    whole = " ".join(pages)
    for item in document.lines:
        assert f"{item.position} {item.name}" in whole
    assert f"Razem do zapłaty: {polish_money(document.totals.gross)} PLN" in pages[-1]
    assert "Razem do zapłaty" not in " ".join(pages[:-1])


def test_ksef_number_and_qr_code() -> None:
    document = invoice(3, ksef=KsefInfo(KSEF_NUMBER, KSEF_URL))
    pdf = Pdf(render_document(document))
    assert f"Numer KSeF: {KSEF_NUMBER}" in pdf.text
    links = pdf.links()
    assert {link.url for link in links} == {KSEF_URL}
    code = links[0]
    width, height = code.right - code.left, code.top - code.bottom
    assert width == pytest.approx(30 / 25.4 * 72, abs=1)  # 30 mm, square
    assert height == pytest.approx(width, abs=0.5)
    assert pdf.qr_mismatches(code, KSEF_URL) == 0
    assert pdf.object_types().get(3, 0) == 0  # drawn as vectors, no raster image


def test_ksef_number_without_link_prints_no_code() -> None:
    pdf = Pdf(render_document(invoice(3, ksef=KsefInfo(KSEF_NUMBER))))
    assert f"Numer KSeF: {KSEF_NUMBER}" in pdf.text
    assert pdf.links() == []


def test_qr_svg_is_vector() -> None:
    svg = qr_svg(KSEF_URL)
    assert svg.startswith("<svg") and "<path" in svg and "<image" not in svg


def test_flags_exemption_recipient_and_original_number() -> None:
    recipient = Party("Magazyn odbiorcy", "ul. Portowa 1", "81-001", "Gdynia")
    exempt = replace(line(1), vat_symbol="zw", vat_rate=Decimal(0), vat_value=Decimal(0))
    document = invoice(
        2,
        cash_accounting=True,
        split_payment=True,
        recipient=recipient,
        original_number="SKLEP-2026-0042",
        exemption_basis="art. 43 ust. 1 pkt 2 ustawy o VAT",
        lines=(exempt, line(2)),
    )
    text = Pdf(render_document(document)).text
    assert "metoda kasowa · mechanizm podzielonej płatności" in text
    assert "Odbiorca / adres dostawy".upper() in text
    assert "Magazyn odbiorcy ul. Portowa 1 81-001 Gdynia" in text
    assert "Numer zamówienia klienta: SKLEP-2026-0042" in text
    assert "Podstawa zwolnienia z VAT: art. 43 ust. 1 pkt 2 ustawy o VAT" in text
    assert " zw " in text


def test_discount_column_appears_with_a_discount() -> None:
    discounted = line(1, discount="12.5")
    text = Pdf(render_document(invoice(1, lines=(discounted,)))).text
    assert "Rabat" in text
    assert "12,34 12,5% 24,68" in text


def test_english_labels_and_numbers() -> None:
    document = invoice(3, payment=Payment("Transfer", date(2026, 4, 15)))
    text = Pdf(render_document(document, language="en")).text
    assert "VAT invoice" in text and "page 1 of 1" in text
    assert "Issue date: 2026-04-01" in text
    assert f"In words: {document.amount_in_words('en')}" in text
    assert "Buyer".upper() in text


def test_thousands_are_grouped() -> None:
    big = replace(line(1), net_value=Decimal("12345.6"), gross_value=Decimal("15185.09"))
    document = invoice(
        1, lines=(big,), totals=Totals(Decimal("12345.6"), Decimal("2839.49"), Decimal("15185.09"))
    )
    text = Pdf(render_document(document)).text
    assert "12 345,60" in text and "Razem do zapłaty: 15 185,09 PLN" in text
    english = Pdf(render_document(document, language="en")).text
    assert "Total due: 15,185.09 PLN" in english


def test_named_receipt() -> None:
    person = Party("Łukasz Łęcki", "ul. Jaśminowa 93", "40-653", "Katowice")
    document = invoice(4, kind=DocumentKind.PAI, number="PAi 3/2026", buyer=person)
    text = Pdf(render_document(document)).text
    assert "Paragon imienny PAi 3/2026" in text
    assert "Łukasz Łęcki ul. Jaśminowa 93 40-653 Katowice" in text
    assert "Cena brutto" in text and "Cena netto" not in text
    assert f"Suma: {polish_money(document.totals.gross)} PLN" in text
    assert document.amount_in_words() in text
    assert "Wydruk niefiskalny" in text
    for item in document.lines:
        assert f"{item.name} · {item.symbol} 2 szt. {polish_money(item.gross_price)}" in text


def test_plain_receipt_without_buyer() -> None:
    document = invoice(2, kind=DocumentKind.PA, number="PA 9/2026", buyer=None)
    text = Pdf(render_document(document)).text
    assert "Paragon PA 9/2026" in text
    assert "NABYWCA" not in text


def test_goods_issue_has_no_prices() -> None:
    document = invoice(
        5,
        kind=DocumentKind.WZ,
        number="WZ 4/2026",
        warehouse="MAG — Magazyn główny",
        payment=None,
    )
    text = Pdf(render_document(document)).text
    assert "Wydanie zewnętrzne WZ 4/2026" in text
    assert "Magazyn: MAG — Magazyn główny" in text
    assert "ODBIORCA Zakład Ślusarski Józef Żółtowski" in text
    for item in document.lines:
        assert f"{item.position} {item.symbol} {item.name} 2 szt." in text
    for price in ("12,34", "24,68", polish_money(document.totals.gross), "Słownie", "PLN"):
        assert price not in text
    assert "Wydał(a)" in text and "Odebrał(a)" in text


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"buyer": None}, "FS FS 7/04/2026: cannot render, missing buyer"),
        ({"seller": replace(SELLER, nip="")}, "missing seller NIP"),
        ({"lines": ()}, "missing lines"),
    ],
)
def test_missing_data_is_named(changes: dict[str, object], message: str) -> None:
    with pytest.raises(DocumentError, match=message):
        render_document(invoice(2, **changes))


def test_unknown_language() -> None:
    with pytest.raises(DocumentError, match="unknown language “de”"):
        render_document(invoice(1), language="de")  # type: ignore[arg-type]


def test_broken_template_is_reported(tmp_path: Path) -> None:
    shutil.copytree(TEMPLATES, tmp_path, dirs_exist_ok=True)
    (tmp_path / "fs.typ").write_text('#import "layout.typ": *\n#d.no_such_field\n')
    with pytest.raises(DocumentError, match=r"template fs\.typ failed: .*no_such_field"):
        render_document(invoice(1), templates=tmp_path)


def test_missing_template_is_reported(tmp_path: Path) -> None:
    with pytest.raises(DocumentError, match=r"template .*fs\.typ does not exist"):
        render_document(invoice(1), templates=tmp_path)


def test_custom_templates_are_used(tmp_path: Path) -> None:
    shutil.copytree(TEMPLATES, tmp_path, dirs_exist_ok=True)
    (tmp_path / "wz.typ").write_text(
        '#import "layout.typ": *\n#show: setup.with("Własny WZ")\nWłasny wzór #d.number\n'
    )
    document = invoice(1, kind=DocumentKind.WZ, number="WZ 1/2026")
    assert "Własny wzór WZ 1/2026" in Pdf(render_document(document, templates=tmp_path)).text


def test_threads_render_at_once() -> None:
    results: dict[int, bytes] = {}
    errors: list[BaseException] = []

    def work(index: int) -> None:
        try:
            results[index] = render_document(invoice(10, number=f"FS {index}/04/2026"))
        except BaseException as error:  # pragma: no cover - reported below
            errors.append(error)

    threads = [threading.Thread(target=work, args=(index,)) for index in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    for index, pdf in results.items():
        assert f"FS {index}/04/2026" in Pdf(pdf).text


def test_payload_is_plain_formatted_json() -> None:
    payload = document_payload(invoice(1, cash_accounting=True))
    assert payload["kind"] == "FS"
    assert payload["issue_date"] == "2026-04-01"
    assert payload["lines"][0]["quantity"] == "2"
    assert payload["lines"][0]["net_price"] == "12,34"
    assert payload["totals"]["gross"] == "30,36"
    assert payload["seller"]["lines"] == ["ul. Źródłowa 24", "91-735 Łódź"]
    assert payload["ksef"] is None and payload["cash_accounting"] is True
    english = document_payload(invoice(1), "en")
    assert english["language"] == "en" and english["totals"]["gross"] == "30.36"


@pytest.mark.parametrize(
    ("quantity", "text"),
    [("2", "2"), ("2.0000", "2"), ("1.5", "1,5"), ("0.375", "0,375"), ("1234.25", "1 234,25")],
)
def test_quantities_drop_trailing_zeros(quantity: str, text: str) -> None:
    item = replace(line(1), quantity=Decimal(quantity))
    assert document_payload(invoice(1, lines=(item,)))["lines"][0]["quantity"] == text.replace(
        " ", "\u00a0"
    )


@pytest.mark.parametrize(
    ("symbol", "rate", "label"),
    [
        ("23", "23", "23%"),
        ("8", "8", "8%"),
        ("0", "0", "0%"),
        ("zw", "0", "zw"),
        ("np", "0", "np"),
        ("", "5", "5%"),
    ],
)
def test_vat_labels(symbol: str, rate: str, label: str) -> None:
    assert vat_label(symbol, Decimal(rate)) == label


def test_text_is_never_read_as_markup() -> None:
    name = 'Kubek "Mama" 0,3 l — *promocja* #1 $5 <b> @x \\n _a_ `c` = [x] ~ --- ...'
    remarks = "#set page(width: 1cm) 'x' // nie komentarz"
    document = invoice(1, lines=(replace(line(1), name=name),), remarks=remarks)
    text = Pdf(render_document(document)).text
    assert name in text
    assert remarks in text
