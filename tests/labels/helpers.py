"""Reading labels back in tests, independently of the code under test: ZPL text fields by
regular expression, ``^GF`` images stitched from the Rust decoder, barcodes read from
pixels by zxing-cpp; and label PDFs made with Typst."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

import typst
import zxingcpp
from PIL import Image

from kolektor import _core


@dataclass(frozen=True)
class TextLine:
    x: int
    y: int
    height: int
    text: str
    block_width: int | None


_TEXT = re.compile(
    r"\^FO(\d+),(\d+)\^A0N,(\d+),(\d+)(?:\^FB(\d+),1,0,[LCR],0)?(\^FH_)?\^FD(.*?)\^FS"
)


def size(zpl: str) -> tuple[int, int]:
    """``^PW`` and ``^LL``."""
    match = re.search(r"\^PW(\d+)\^LL(\d+)", zpl)
    assert match, zpl
    return int(match[1]), int(match[2])


def text_lines(zpl: str) -> list[TextLine]:
    """Every one-line font-0 text field, ``_XX`` escapes applied."""
    lines = []
    for x, y, h, _, block, hex_, data in _TEXT.findall(zpl):
        if hex_:
            data = re.sub("_([0-9A-F]{2})", lambda m: bytes.fromhex(m[1]).decode("latin-1"), data)
        lines.append(TextLine(int(x), int(y), int(h), data, int(block) if block else None))
    return lines


def texts(zpl: str) -> list[str]:
    return [line.text for line in text_lines(zpl)]


def graphic_image(zpl: str) -> Image.Image:
    """The label's ``^GF`` fields drawn at their ``^FO`` on a white label of its size."""
    width, height = size(zpl)
    image = Image.new("1", (width, height), 1)
    for match in re.finditer(r"\^FO(\d+),(\d+)(\^GF[^\^]*)", zpl):
        field = _core.decode_graphic(match[3])
        bits = Image.frombytes("1", (field.width, field.height), field.bits)
        image.paste(0, (int(match[1]), int(match[2])), bits)
    return image


def graphic_origins(zpl: str) -> list[tuple[int, int, _core.GraphicField]]:
    return [
        (int(m[1]), int(m[2]), _core.decode_graphic(m[3]))
        for m in re.finditer(r"\^FO(\d+),(\d+)(\^GF[^\^]*)", zpl)
    ]


def barcodes(image: Image.Image | bytes) -> list[tuple[str, str, str]]:
    """(format, text, symbology identifier) of every barcode zxing-cpp finds."""
    if isinstance(image, bytes):
        image = Image.open(io.BytesIO(image))
    found = zxingcpp.read_barcodes(image.convert("L"))
    return [(str(r.format), r.text, r.symbology_identifier) for r in found]


def ink_box(image: Image.Image | bytes) -> tuple[int, int, int, int] | None:
    """(left, top, right, bottom) of the black pixels, right/bottom exclusive."""
    if isinstance(image, bytes):
        image = Image.open(io.BytesIO(image))
    return Image.eval(image.convert("L"), lambda v: 255 - v).getbbox()


# -- label PDFs ------------------------------------------------------------------------------


def code128_bars(data: str, module_mm: float, height_mm: float) -> str:
    """Typst markup of a Code 128 symbol of ``data`` (bars as filled rectangles)."""
    modules = _core.code128_modules(data)
    bars = [m.span() for m in re.finditer("1+", modules)]
    rects = "".join(
        f"#place(dx: {start * module_mm}mm, rect(width: {(end - start) * module_mm}mm, "
        f"height: {height_mm}mm, fill: black, stroke: none))"
        for start, end in bars
    )
    return f"#box(width: {len(modules) * module_mm}mm, height: {height_mm}mm)[{rects}]"


def label_markup(tracking: str, *, width: float = 95, height: float = 138) -> str:
    """A carrier-like label: a frame of ``width`` × ``height`` mm (0.4 mm line), text with
    Polish letters, and a Code 128 of ``tracking`` (0.5 mm modules)."""
    return (
        f"#rect(width: {width}mm, height: {height}mm, stroke: 0.4mm, inset: 4mm)["
        f"#text(size: 14pt)[Paczkomat KRA010 — Łódź, ul. Źródlana 5]\n\n"
        f"#v(10mm){code128_bars(tracking, 0.5, 25)}\n\n#text(size: 12pt)[{tracking}]]"
    )


def pdf(pages: list[tuple[float, float, str]]) -> bytes:
    """A PDF of pages (width mm, height mm, markup placed at the top-left corner, no
    page margins)."""
    source = []
    for width, height, markup in pages:
        source.append(
            f"#page(width: {width}mm, height: {height}mm, margin: 0mm)"
            f"[#place(top + left, dx: 5mm, dy: 5mm)[{markup}]]"
        )
    compiled = typst.compile("\n".join(source).encode(), format="pdf")
    assert isinstance(compiled, bytes)
    return compiled


def encrypted_pdf() -> bytes:
    """A one-page PDF that needs a user password (Standard security handler, RC4 128-bit;
    the password is not the empty one, so no reader can open it without it)."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 297 420] >>",
        b"<< /Filter /Standard /V 2 /R 3 /Length 128 /P -3904 /O <"
        + b"11" * 32
        + b"> /U <"
        + b"22" * 32
        + b"> >>",
    ]
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R /Encrypt 4 0 R /ID [<%s> <%s>] >>\n" % (
        len(objects) + 1,
        b"ab" * 16,
        b"ab" * 16,
    )
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)
