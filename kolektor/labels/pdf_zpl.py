"""Carriers' PDF labels as ZPL, for carriers and accounts that give only PDF.

Each page becomes one label, ``^XA^CI28^PW…^LL…^LH0,0`` + the page as an image field
(``^GFA`` in Z64, in bands when larger than 99 999 bytes) + ``^PQ1^XZ``.  The rules:

1. **Dot for dot.**  The page is rendered by PDFium at the printer's resolution (203, 300
   or 600 dpi), straight into an 8-bit grayscale bitmap: one rendered pixel is one printed
   dot, so barcodes keep the module widths the carrier drew.
2. **Orientation.**  A landscape page on a portrait label (or a portrait page on a
   landscape label) is turned 90° clockwise.
3. **Margins.**  The white margins are cut off — ink is any pixel darker than mid-gray —
   and what is left is centred on the label.  An A6 label (105 × 148 mm) is wider than a
   4 × 6 in label (101.6 mm) only by its margins, so it prints unscaled.
4. **Scaling only when it must.**  Content larger than the label (a label drawn on a
   whole A4 page) is rendered again at the largest scale at which it fits — turned the
   other way instead when that needs less shrinking (a landscape label on half an A4
   page) — never enlarged.
5. **Hard threshold at 128, never dithering**: dithering frays bar edges.

The per-pixel work (finding the ink, thresholding, packing, Z64) is in the Rust core
(:func:`kolektor._core.ink_box`, :meth:`kolektor._core.ZplLabel.graphic` with ``stride``
and ``crop``); ``bench/label_pdf.py`` measures a page.  Blocking: run it in a worker
thread.  Errors are :class:`LabelImageError` (``labels.pdf.*``).
"""

from __future__ import annotations

from decimal import Decimal

import pypdfium2 as pdfium

from kolektor import _core
from kolektor.labels.errors import LabelImageError
from kolektor.labels.own import DPMM
from kolektor.labels.pdf_pages import GrayPage, load_page, open_pdf, render_gray

THRESHOLD = 128
"""A pixel darker than this (0 = black … 255 = white) prints."""

_MAX_SHRINK_ROUNDS = 5


def pdf_to_zpl(
    pdf: bytes, *, dpi: int = 203, width_mm: float = 101.6, height_mm: float = 152.4
) -> list[str]:
    """One ZPL label per page of ``pdf`` for a ``dpi`` printer and a ``width_mm`` ×
    ``height_mm`` label, following the rules above.  :class:`LabelImageError` for a
    resolution other than 203/300/600, an empty, damaged or password-protected PDF, a PDF
    without pages, a blank page or one too large to be a label."""
    if dpi not in DPMM:
        raise LabelImageError("labels.dpi", dpi=dpi)
    try:
        _core.ZplLabel(width_mm, height_mm, DPMM[dpi])
    except ValueError as error:
        raise LabelImageError("labels.size", width=Decimal(str(width_mm)),
                              height=Decimal(str(height_mm)), dpi=dpi) from error  # fmt: skip
    with open_pdf(pdf) as document:
        return [
            _page_zpl(load_page(document, index), index + 1, dpi, width_mm, height_mm)
            for index in range(len(document))
        ]


def _ink(page: GrayPage) -> tuple[int, int, int, int] | None:
    return _core.ink_box(page.pixels, page.width, page.height, stride=page.stride,
                         threshold=THRESHOLD)  # fmt: skip


def _page_zpl(
    page: pdfium.PdfPage, number: int, dpi: int, width_mm: float, height_mm: float
) -> str:
    label = _core.ZplLabel(width_mm, height_mm, DPMM[dpi])
    room_w, room_h = label.width_dots, label.height_dots
    page_w, page_h = page.get_size()
    scale = dpi / 72
    rotation = 90 if (page_w > page_h) != (room_w > room_h) else 0
    rendered = render_gray(page, number, scale=scale, rotation=rotation)
    box = _ink(rendered)
    if box is None:
        raise LabelImageError("labels.pdf.blank_page", page=number)
    _, _, ink_w, ink_h = box
    if ink_w > room_w or ink_h > room_h:
        factor = min(room_w / ink_w, room_h / ink_h)
        turned = min(room_w / ink_h, room_h / ink_w)
        if turned > factor:
            rotation, factor = (rotation + 90) % 360, turned
        factor = min(factor, 1.0)
        for _ in range(_MAX_SHRINK_ROUNDS):
            rendered = render_gray(page, number, scale=scale * factor, rotation=rotation)
            box = _ink(rendered)
            if box is None:
                raise LabelImageError("labels.pdf.blank_page", page=number)
            _, _, ink_w, ink_h = box
            if ink_w <= room_w and ink_h <= room_h:
                break
            # Anti-aliased edges can round a pixel or two over: shrink a little more.
            factor *= min((room_w - 0.5) / ink_w, (room_h - 0.5) / ink_h)
        else:
            raise LabelImageError("labels.pdf.render_failed", page=number)
    mm_per_dot = 25.4 / dpi
    left, top = (room_w - ink_w) // 2, (room_h - ink_h) // 2
    label.graphic(
        left * mm_per_dot, top * mm_per_dot, rendered.pixels, rendered.width, rendered.height,
        stride=rendered.stride, crop=box, threshold=THRESHOLD, encoding="z64",
    )  # fmt: skip
    return label.zpl()
