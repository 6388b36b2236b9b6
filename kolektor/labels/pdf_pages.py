"""PDFium for label PDFs: opening a carrier's PDF with typed errors, rendering a page to
grayscale, and the one lock every PDFium call holds.

PDFium is not thread-safe and pypdfium2 does not serialise calls into it; label
conversions and previews run in worker threads, so each opens its document inside
:data:`LOCK` and keeps it until the document is closed.

Pages are rendered into one buffer kept between calls (up to :data:`REUSED_BUFFER_BYTES`):
a fresh multi-megabyte bitmap per page costs more in page faults than PDFium takes to
draw a label (``bench/label_pdf.py``).
"""

from __future__ import annotations

import ctypes
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_raw

from kolektor.labels.errors import LabelImageError

LOCK = threading.Lock()
"""Held around every use of PDFium here; any other code of Kolektor that calls PDFium must
take it too (PDFium is one library state per process)."""

REUSED_BUFFER_BYTES = 16 * 1024 * 1024
"""The largest render buffer kept for the next page (an A4 page at 300 dpi is 8.7 MB)."""

_buffer: ctypes.Array[ctypes.c_ubyte] | None = None
"""The render buffer kept between pages; used only with :data:`LOCK` held."""

_CHANNELS = {pdfium_raw.FPDFBitmap_Gray: 1, pdfium_raw.FPDFBitmap_BGR: 3}
"""Bytes per pixel of PDFium's bitmap formats (the others have four)."""

_LOCKED_OUT = frozenset({pdfium_raw.FPDF_ERR_PASSWORD, pdfium_raw.FPDF_ERR_SECURITY})
"""PDFium's load errors for a document that needs a password or an unknown security
handler: the label is encrypted, not damaged."""


@contextmanager
def open_pdf(pdf: bytes) -> Iterator[pdfium.PdfDocument]:
    """The document in ``pdf``, with :data:`LOCK` held until the ``with`` block ends.

    :class:`LabelImageError`: ``labels.pdf.empty`` (no bytes), ``labels.pdf.encrypted``
    (a user password), ``labels.pdf.unreadable`` (not a PDF, damaged),
    ``labels.pdf.no_pages``."""
    if not pdf:
        raise LabelImageError("labels.pdf.empty")
    data = bytes(pdf)  # PDFium reads it in place: kept alive until the document is closed
    with LOCK:
        # Loaded through the raw API: pypdfium2's constructor reports a document without
        # pages with whatever error an earlier call left behind (PDFium sets none then).
        handle = pdfium_raw.FPDF_LoadMemDocument64(data, len(data), None)
        if not handle:
            locked = pdfium_raw.FPDF_GetLastError() in _LOCKED_OUT
            raise LabelImageError("labels.pdf.encrypted" if locked else "labels.pdf.unreadable")
        document = pdfium.PdfDocument(handle)
        try:
            if len(document) == 0:
                raise LabelImageError("labels.pdf.no_pages")
            yield document
        finally:
            document.close()


MAX_PAGE_MM = 600.0
"""A page longer than this on a side is not a label (and would take a lot of memory)."""


def load_page(document: pdfium.PdfDocument, index: int) -> pdfium.PdfPage:
    """Page ``index`` (from 0); ``labels.pdf.page_damaged`` when PDFium cannot load it or
    it has no size, ``labels.pdf.page_too_large`` for a side over :data:`MAX_PAGE_MM`."""
    try:
        page = document[index]
    except pdfium.PdfiumError as error:
        raise LabelImageError("labels.pdf.page_damaged", page=index + 1) from error
    width, height = page.get_size()
    if not (width > 0 and height > 0):
        raise LabelImageError("labels.pdf.page_damaged", page=index + 1)
    if max(width, height) * 25.4 / 72 > MAX_PAGE_MM:
        raise LabelImageError(
            "labels.pdf.page_too_large", page=index + 1, limit=Decimal(str(MAX_PAGE_MM)),
            width=round(Decimal(width * 25.4 / 72)), height=round(Decimal(height * 25.4 / 72)),
        )  # fmt: skip
    return page


@dataclass(frozen=True, slots=True)
class GrayPage:
    """A rendered page: ``height`` rows of ``width`` bytes (0 = black … 255 = white),
    ``stride`` bytes apart."""

    pixels: bytes
    width: int
    height: int
    stride: int


def render_gray(page: pdfium.PdfPage, number: int, *, scale: float, rotation: int = 0) -> GrayPage:
    """Page ``number`` (from 1, for the message) rendered by PDFium straight into an 8-bit
    grayscale bitmap at ``scale`` pixels per point, turned ``rotation`` degrees clockwise.
    Call it inside :func:`open_pdf` (it renders into the buffer :data:`LOCK` guards).
    ``labels.pdf.render_failed`` when PDFium cannot."""
    try:
        bitmap = page.render(
            scale=scale, rotation=rotation, grayscale=True, bitmap_maker=_reused_bitmap
        )
    except (pdfium.PdfiumError, ValueError) as error:
        raise LabelImageError("labels.pdf.render_failed", page=number) from error
    if bitmap.n_channels != 1:  # grayscale=True asks for FPDFBitmap_Gray; never otherwise
        raise LabelImageError("labels.pdf.render_failed", page=number)
    size = bitmap.stride * bitmap.height
    pixels = bytes(memoryview(bitmap.buffer).cast("B")[:size])
    return GrayPage(pixels, bitmap.width, bitmap.height, bitmap.stride)


def _reused_bitmap(
    width: int, height: int, format: int, rev_byteorder: bool = False
) -> pdfium.PdfBitmap:
    """A bitmap over the kept buffer (rows padded to 4 bytes), grown when too small."""
    global _buffer
    stride = (width * _CHANNELS.get(format, 4) + 3) // 4 * 4
    size = stride * height
    if size > REUSED_BUFFER_BYTES:
        return pdfium.PdfBitmap.new_native(width, height, format, rev_byteorder, stride=stride)
    if _buffer is None or len(_buffer) < size:
        _buffer = (ctypes.c_ubyte * size)()
    return pdfium.PdfBitmap.new_native(
        width, height, format, rev_byteorder, buffer=_buffer, stride=stride
    )
