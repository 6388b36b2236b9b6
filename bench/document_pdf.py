"""Own-template invoice PDF: ``render_document`` on a 20-line and a 200-line FS.

DESIGN.md §5 target: a 20-line invoice in at most 100 ms.  Every run renders a different
document (number and quantities change), as the pipeline does, so the compiler's caches
help only with what really repeats (the template, the fonts).  Medians over ``--repeat``
runs after one warm-up; the first render of the process (cold caches) is shown on its own.

Baseline, measured in the same process with the same compiler settings: an empty A4 page
with one line of text — the fixed cost of a Typst compilation and PDF export.  Also shown:
the Python share (building the JSON payload, the QR code) and, on the demo database, the
whole chain ``load_document`` (SQLite ODBC) + ``render_document`` for a realized FS.

    .venv/bin/python bench/document_pdf.py [--repeat 30]
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path

import typst

from kolektor.config import SubiektSettings, default_external_id_rules
from kolektor.demo.generator import create_subiekt_database
from kolektor.demo.run import odbc_connection_string
from kolektor.documents import (
    DocumentData,
    DocumentKind,
    DocumentLine,
    KsefInfo,
    Party,
    Payment,
    Totals,
    VatRow,
    invoice_hash,
    ksef_verification_url,
    load_document,
    render_document,
)
from kolektor.documents.render import document_payload
from kolektor.subiekt.connection import connect

TARGET_MS = 100.0
SELLER = Party(
    "Sklep Kolektor Demo Sp. z o.o.", "ul. Źródłowa 24", "91-735", "Łódź", nip="688-139-98-66"
)
BUYER = Party(
    "Zakład Ślusarski Józef Żółtowski", "ul. Łąkowa 3/4", "80-001", "Gdańsk", nip="526-025-09-95"
)


def invoice(lines: int, run: int) -> DocumentData:
    """A FS with ``lines`` lines at 23 % and 8 %, a KSeF number and QR code; ``run``
    changes the number and the quantities."""
    items = []
    for position in range(1, lines + 1):
        rate = 8 if position % 4 == 0 else 23
        quantity = Decimal(1 + (position + run) % 5)
        price = Decimal("7.99") + Decimal(position % 13)
        net = (price * quantity).quantize(Decimal("0.01"))
        vat = (net * rate / 100).quantize(Decimal("0.01"))
        items.append(
            DocumentLine(
                position=position,
                name=f"Kawa ziarnista Łódzka {position % 7 + 1} kg — palona w Żyrardowie",
                symbol=f"KAW-{position:04d}",
                quantity=quantity,
                unit="szt.",
                net_price=price,
                net_value=net,
                vat_symbol=str(rate),
                vat_rate=Decimal(rate),
                vat_value=vat,
                gross_value=net + vat,
                gross_price=((net + vat) / quantity).quantize(Decimal("0.01")),
            )
        )
    summary = []
    for rate in (23, 8):
        chosen = [item for item in items if item.vat_rate == rate]
        summary.append(
            VatRow(
                str(rate),
                Decimal(rate),
                sum((item.net_value for item in chosen), Decimal(0)),
                sum((item.vat_value for item in chosen), Decimal(0)),
                sum((item.gross_value for item in chosen), Decimal(0)),
            )
        )
    issued = date(2026, 4, 1)
    return DocumentData(
        kind=DocumentKind.FS,
        number=f"FS {run + 1}/04/2026",
        issue_date=issued,
        sale_date=issued,
        place="Łódź",
        seller=SELLER,
        buyer=BUYER,
        lines=tuple(items),
        totals=Totals(
            sum((row.net for row in summary), Decimal(0)),
            sum((row.vat for row in summary), Decimal(0)),
            sum((row.gross for row in summary), Decimal(0)),
        ),
        vat_summary=tuple(summary),
        payment=Payment("Przelew", date(2026, 4, 15), "12 3456 7890 1234 5678 9012 3456"),
        order_number=f"ZK {run + 100}/2026",
        ksef=KsefInfo(
            f"6881399866-20260401-0100001AF6{run % 100:02d}-AF",
            ksef_verification_url("6881399866", issued, invoice_hash(str(run).encode())),
        ),
        issued_by="Szef",
    )


def median_ms(work: Callable[[int], object], repeat: int) -> float:
    work(-1)  # warm-up
    times = []
    for run in range(repeat):
        start = time.perf_counter()
        work(run)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    repeat = args.repeat

    start = time.perf_counter()
    first_pdf = render_document(invoice(20, 10_000))
    first = (time.perf_counter() - start) * 1000

    with tempfile.TemporaryDirectory() as folder:
        empty = Path(folder) / "empty.typ"
        empty.write_text('#set text(font: "Libertinus Serif")\nPusta strona #sys.inputs.run\n')
        compiler = typst.Compiler(root=folder, ignore_system_fonts=True)
        baseline = median_ms(
            lambda run: compiler.compile(
                input=str(empty), format="pdf", sys_inputs={"run": str(run)}
            ),
            repeat,
        )

    payload_20 = median_ms(lambda run: json.dumps(document_payload(invoice(20, run))), repeat)
    fs_20 = median_ms(lambda run: render_document(invoice(20, run)), repeat)
    fs_200 = median_ms(lambda run: render_document(invoice(200, run)), max(5, repeat // 3))
    pages_200 = len(re.findall(rb"/Type\s*/Page\b", render_document(invoice(200, 0))))

    with tempfile.TemporaryDirectory() as folder:
        summary = create_subiekt_database(Path(folder) / "subiekt.db")
        settings = SubiektSettings(
            connection_string=odbc_connection_string(summary.path),
            external_id=default_external_id_rules(),
        )
        connection = connect(settings)
        dok_id = summary.examples.fs_from_zk
        chain = median_ms(lambda run: render_document(load_document(connection, dok_id)), repeat)
        demo_lines = len(load_document(connection, dok_id).lines)
        connection.close()

    print(f"Document PDF, Typst {typst.__version__} (typst-py), median of {repeat} runs")
    print(f"  first render in the process (cold)     {first:8.1f} ms  ({len(first_pdf)} B)")
    print(f"  baseline: empty A4 page                {baseline:8.1f} ms")
    print(f"  payload only, 20 lines (JSON + QR)     {payload_20:8.1f} ms")
    verdict = "OK" if fs_20 <= TARGET_MS else "OVER"
    print(
        f"  FS, 20 lines                           {fs_20:8.1f} ms  "
        f"{fs_20 / baseline:5.1f}× baseline   target ≤ {TARGET_MS:.0f} ms: {verdict}"
    )
    print(
        f"  FS, 200 lines ({pages_200} pages)                {fs_200:8.1f} ms  "
        f"{fs_200 / baseline:5.1f}× baseline   {fs_200 / fs_20:4.1f}× the 20-line FS"
    )
    print(
        f"  demo FS ({demo_lines} lines): load + render      {chain:8.1f} ms  "
        f"{chain / baseline:5.1f}× baseline"
    )


if __name__ == "__main__":
    main()
