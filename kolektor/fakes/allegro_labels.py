"""Labels the fake Allegro hands out: ZPL like a carrier's, PDF like the sandbox's.

Real "Wysyłam z Allegro" ZPL from some carriers is an embedded 203-dpi bitmap (Orlen,
#9067), so the fake's ZPL label carries its barcode as a ``^GFA`` Z64 graphic (drawn from
:func:`kolektor._core.code128_modules`, encoded by the Rust core) beside native text fields;
one ``^XA…^XZ`` per package.  The sandbox gives PDF only (#11465): one A6 page per package,
a minimal PDF written here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from kolektor._core import ZplLabel, code128_modules

_MODULE_DOTS = 2
_BAR_HEIGHT_DOTS = 160


@dataclass(frozen=True, slots=True)
class PackageLabel:
    waybill: str
    receiver: str
    reference: str
    carrier: str
    package: int
    packages: int


def barcode_bitmap(data: str) -> tuple[bytes, int, int]:
    """A Code 128 of ``data`` as 8-bit grey pixels (0 black), width rounded up to whole
    bytes: (pixels, width, height)."""
    modules = code128_modules(data)
    quiet = 10 * _MODULE_DOTS
    width = len(modules) * _MODULE_DOTS + 2 * quiet
    width += -width % 8
    row = bytearray(b"\xff" * width)
    for index, module in enumerate(modules):
        if module == "1":
            start = quiet + index * _MODULE_DOTS
            row[start : start + _MODULE_DOTS] = b"\x00" * _MODULE_DOTS
    return bytes(row) * _BAR_HEIGHT_DOTS, width, _BAR_HEIGHT_DOTS


def zpl_label(label: PackageLabel) -> bytes:
    """One package's 100 × 150 mm label at 203 dpi."""
    zpl = ZplLabel(100, 150, 8)
    zpl.text(5, 5, label.carrier, height=6)
    zpl.text(5, 15, f"{label.package}/{label.packages}", height=5)
    zpl.text(5, 25, label.receiver[:40], height=5)
    zpl.text(5, 35, label.reference[:40], height=4)
    pixels, width, height = barcode_bitmap(label.waybill)
    zpl.graphic(5, 50, pixels, width, height)
    zpl.text(5, 50 + height / 8 + 3, label.waybill, height=5)
    return zpl.zpl().encode("utf-8")


def _escape(text: str) -> str:
    ascii_text = text.encode("ascii", "replace").decode("ascii")
    return ascii_text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def pdf_labels(labels: Sequence[PackageLabel]) -> bytes:
    """An A6 PDF (298 × 420 pt), one page per package with its carrier, receiver,
    reference and waybill in Helvetica."""
    objects: list[bytes] = []
    pages = []
    font_id = 3
    for index, label in enumerate(labels):
        lines = [
            label.carrier,
            f"{label.package}/{label.packages}",
            label.receiver,
            label.reference,
            label.waybill,
        ]
        text = "".join(
            f"BT /F1 14 Tf 20 {380 - 30 * n} Td ({_escape(line)}) Tj ET\n"
            for n, line in enumerate(lines)
        ).encode("ascii")
        content_id = 4 + 2 * index
        page_id = content_id + 1
        objects.append(b"<< /Length %d >>\nstream\n%sendstream" % (len(text), text))
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 298 420] /Contents %d 0 R "
            b"/Resources << /Font << /F1 %d 0 R >> >> >>" % (content_id, font_id)
        )
        pages.append(page_id)
    kids = b" ".join(b"%d 0 R" % page for page in pages)
    head = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, len(pages)),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    body = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, obj in enumerate(head + objects, 1):
        offsets.append(len(body))
        body += b"%d 0 obj\n%s\nendobj\n" % (number, obj)
    xref = len(body)
    body += b"xref\n0 %d\n0000000000 65535 f \n" % (len(offsets) + 1)
    body += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    body += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(offsets) + 1,
        xref,
    )
    return bytes(body)
