"""Reading a rendered PDF back with pypdfium2: text per page, links, fonts, the QR code."""

from __future__ import annotations

import ctypes
import re
from dataclasses import dataclass

import pypdfium2 as pdfium
import pypdfium2.raw as raw
import segno


@dataclass(frozen=True)
class Link:
    url: str
    left: float
    bottom: float
    right: float
    top: float


class Pdf:
    def __init__(self, data: bytes) -> None:
        self.document = pdfium.PdfDocument(data)

    def __len__(self) -> int:
        return len(self.document)

    def page_texts(self) -> list[str]:
        """Text of every page, whitespace (also no-break spaces and line ends) collapsed."""
        texts = []
        for page in self.document:
            raw_text = page.get_textpage().get_text_range()
            texts.append(re.sub(r"\s+", " ", raw_text.replace("\u00a0", " ")).strip())
        return texts

    @property
    def text(self) -> str:
        return " ".join(self.page_texts())

    def links(self, page_index: int = 0) -> list[Link]:
        page = self.document[page_index]
        found = []
        position = ctypes.c_int(0)
        link = raw.FPDF_LINK()
        while raw.FPDFLink_Enumerate(page.raw, ctypes.byref(position), ctypes.byref(link)):
            action = raw.FPDFLink_GetAction(link)
            size = raw.FPDFAction_GetURIPath(self.document.raw, action, None, 0)
            buffer = ctypes.create_string_buffer(size)
            raw.FPDFAction_GetURIPath(self.document.raw, action, buffer, size)
            rect = raw.FS_RECTF()
            raw.FPDFLink_GetAnnotRect(link, ctypes.byref(rect))
            found.append(Link(buffer.value.decode(), rect.left, rect.bottom, rect.right, rect.top))
        return found

    def fonts(self) -> set[tuple[str, bool]]:
        """(base font name, embedded) of every text object."""
        fonts = set()
        for page in self.document:
            for obj in page.get_objects(max_depth=8):
                if obj.type == raw.FPDF_PAGEOBJ_TEXT:
                    font = obj.get_font()
                    fonts.add((font.get_base_name(), bool(font.is_embedded)))
        return fonts

    def object_types(self, page_index: int = 0) -> dict[int, int]:
        counts: dict[int, int] = {}
        for obj in self.document[page_index].get_objects(max_depth=8):
            counts[obj.type] = counts.get(obj.type, 0) + 1
        return counts

    def qr_mismatches(self, link: Link, url: str, page_index: int = 0) -> int:
        """Modules of the QR code drawn in ``link``'s rectangle that differ from the QR code
        of ``url`` (KOD I: error level M, quiet zone 4) — 0 when the drawing encodes it."""
        page = self.document[page_index]
        scale = 4
        bitmap = page.render(scale=scale, grayscale=True)
        expected = [list(row) for row in segno.make(url, error="m").matrix_iter(border=4)]
        size = len(expected)
        height = page.get_height()
        x0, x1 = link.left * scale, link.right * scale
        y0, y1 = (height - link.top) * scale, (height - link.bottom) * scale
        buffer = bitmap.buffer
        wrong = 0
        for row in range(size):
            for column in range(size):
                x = int(x0 + (column + 0.5) * (x1 - x0) / size)
                y = int(y0 + (row + 0.5) * (y1 - y0) / size)
                dark = buffer[y * bitmap.stride + x * bitmap.n_channels] < 128
                wrong += dark != bool(expected[row][column])
        return wrong
