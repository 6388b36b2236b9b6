"""A carrier's PDF label → ZPL: ``kolektor.labels.pdf_zpl.pdf_to_zpl`` per page.

The label is made with Typst like a courier's A6 label (105 × 148 mm): a frame and rules,
sender and receiver text in several sizes with Polish letters, a reversed (white on black)
service box, three Code 128 barcodes drawn as vector bars, and a shaded raster logo.  It is
converted for a 4 × 6 in label at 203 dpi (the issue's target: at most 20 ms a page) and at
300 dpi; also an A4 page with the label in its top-left quarter (rendered once, cropped)
and an A4 page whose label fills the page (rendered twice: once to find the ink, once
scaled down to fit).

Baseline, measured in the same process: PDFium alone — opening the document and rendering
the page to an 8-bit grayscale bitmap at the printer's resolution.  The step breakdown
(render, copy out of PDFium, finding the ink, threshold + Z64 + ZPL) shows where a page's
time goes.  Median and p95 over ``--repeat`` runs after a warm-up.

    .venv/bin/python bench/label_pdf.py [--repeat 200]
"""

from __future__ import annotations

import argparse
import io
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pypdfium2
import typst
from PIL import Image, ImageDraw

from kolektor import _core
from kolektor.labels.pdf_zpl import THRESHOLD, pdf_to_zpl

TARGET_MS = 20.0


def bars(data: str, module: float, height: float) -> str:
    modules = _core.code128_modules(data)
    runs, start = [], None
    for k, bit in enumerate(modules + "0"):
        if bit == "1" and start is None:
            start = k
        elif bit == "0" and start is not None:
            runs.append((start, k))
            start = None
    rects = "".join(
        f"#place(dx: {a * module}mm, rect(width: {(b - a) * module}mm, height: {height}mm, "
        "fill: black, stroke: none))"
        for a, b in runs
    )
    return f"#box(width: {len(modules) * module}mm, height: {height}mm)[{rects}]"


def logo(folder: Path) -> None:
    image = Image.new("L", (600, 200), 255)
    draw = ImageDraw.Draw(image)
    for x in range(600):
        draw.line([(x, 20), (x, 180)], fill=40 + x * 200 // 600)
    draw.ellipse((20, 20, 180, 180), fill=0)
    out = io.BytesIO()
    image.save(out, format="PNG")
    (folder / "logo.png").write_bytes(out.getvalue())


def label(width: float, height: float, content_width: float, content_height: float) -> str:
    scale = content_width / 95
    return f"""
#page(width: {width}mm, height: {height}mm, margin: 0mm)[
#place(top + left, dx: 5mm, dy: 5mm)[
#scale(x: {scale * 100}%, y: {content_height / 138 * 100}%, origin: top + left, reflow: true)[
#rect(width: 95mm, height: 138mm, stroke: 0.4mm, inset: 3mm)[
  #grid(columns: (1fr, 30mm), [#image("logo.png", width: 30mm)], [#text(8pt)[Nadawca: Sklep
    Przykład sp. z o.o., ul. Długa 5, 00-001 Warszawa]])
  #line(length: 100%, stroke: 0.5mm)
  #text(9pt)[ODBIORCA]\\
  #text(16pt, weight: "bold")[Zofia Wiśniewska-Łęcka]\\
  #text(13pt)[ul. Piotrkowska 12/3, 90-001 Łódź]\\
  #text(11pt)[tel. 600 100 200 · Paczkomat KRA010]
  #v(2mm)
  #box(fill: black, inset: 2mm)[#text(fill: white, 14pt, weight: "bold")[PACZKOMAT A · 2 kg]]
  #v(2mm)
  {bars("69001234567890123456789012", 0.375, 22)}\\
  #text(10pt)[69001234567890123456789012]
  #v(2mm)
  {bars("ZK 12/2026", 0.5, 12)} #h(4mm) {bars("KRA010", 0.5, 12)}
  #v(2mm)
  #text(7pt)[Uwagi: proszę dzwonić przed przyjazdem; domofon nie działa.]
]]]]
"""


def document(folder: Path, *pages: tuple[float, float, float, float]) -> bytes:
    source = "\n".join(label(*page) for page in pages)
    (folder / "label.typ").write_text(source)
    compiled = typst.compile(str(folder / "label.typ"), root=str(folder), format="pdf")
    assert isinstance(compiled, bytes)
    return compiled


def measure(run: Callable[[], object], repeat: int) -> tuple[float, float]:
    run()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return statistics.median(times), times[min(len(times) - 1, int(len(times) * 0.95))]


def pdfium_alone(pdf: bytes, dpi: int) -> Callable[[], object]:
    def run() -> object:
        doc = pypdfium2.PdfDocument(pdf)
        bitmap = doc[0].render(scale=dpi / 72, grayscale=True)
        doc.close()
        return bitmap

    return run


def steps(pdf: bytes, dpi: int, repeat: int) -> dict[str, float]:
    """Median ms of each step of one page, measured apart."""
    doc = pypdfium2.PdfDocument(pdf)
    page = doc[0]
    bitmap = page.render(scale=dpi / 72, grayscale=True)
    pixels = bytes(bitmap.buffer)
    w, h, stride = bitmap.width, bitmap.height, bitmap.stride
    box = _core.ink_box(pixels, w, h, stride=stride, threshold=THRESHOLD)
    assert box is not None
    mm = 25.4 / dpi

    def encode() -> str:
        zpl = _core.ZplLabel(101.6, 152.4, {203: 8, 300: 12}[dpi])
        zpl.graphic(mm, mm, pixels, w, h, stride=stride, crop=box, encoding="z64")
        return zpl.zpl()

    result = {
        "render": measure(lambda: page.render(scale=dpi / 72, grayscale=True), repeat)[0],
        "copy": measure(lambda: bytes(bitmap.buffer), repeat)[0],
        "ink_box": measure(
            lambda: _core.ink_box(pixels, w, h, stride=stride, threshold=THRESHOLD), repeat
        )[0],
        "threshold + Z64 + ZPL": measure(encode, repeat)[0],
    }
    doc.close()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        logo(folder)
        a6 = document(folder, (105, 148, 95, 138))
        a4_quarter = document(folder, (210, 297, 95, 138))
        a4_full = document(folder, (210, 297, 200, 287))
    rows = []
    for name, pdf, dpi in [
        ("A6 page, 4×6 in", a6, 203),
        ("A6 page, 4×6 in", a6, 300),
        ("A4, label in a quarter", a4_quarter, 203),
        ("A4, label fills the page (scaled)", a4_full, 203),
    ]:
        (zpl,) = pdf_to_zpl(pdf, dpi=dpi)
        median, p95 = measure(lambda pdf=pdf, dpi=dpi: pdf_to_zpl(pdf, dpi=dpi), args.repeat)
        base, base95 = measure(pdfium_alone(pdf, dpi), args.repeat)
        rows.append((name, dpi, median, p95, base, base95, len(zpl)))
    print(f"pdf_to_zpl per page, {args.repeat} runs (target ≤ {TARGET_MS:g} ms at 203 dpi)")
    print(f"{'page':36} {'dpi':>4} {'median':>8} {'p95':>8} {'pdfium':>8} {'p95':>8} {'ratio':>6}"
          f" {'ZPL':>8}")  # fmt: skip
    for name, dpi, median, p95, base, base95, length in rows:
        print(f"{name:36} {dpi:>4} {median:7.2f}ms {p95:7.2f}ms {base:7.2f}ms {base95:7.2f}ms"
              f" {median / base:5.2f}× {length / 1000:6.1f}kB")  # fmt: skip
    for dpi in (203, 300):
        print(f"steps of the A6 page at {dpi} dpi (median ms):", end="")
        for step, ms in steps(a6, dpi, args.repeat).items():
            print(f"  {step} {ms:.2f}", end="")
        print()


if __name__ == "__main__":
    main()
