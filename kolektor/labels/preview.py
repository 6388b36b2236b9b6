"""PNG previews of labels, for the packing device and the order page.

:func:`preview_png` draws a ZPL label as the printer would, dot for dot, black on white
(a 1-bit PNG): the fields :mod:`kolektor.labels.zpl_reader` reads — text in font 0
(drawn with DejaVu Sans Bold, :mod:`kolektor.labels.fonts`), Code 128 and GS1-128 from the
Rust core's reading of the ``^BC`` data (the same bars the printer makes), QR codes
(segno), boxes and lines, and ``^GF`` images exactly as decoded.  A label with anything
else — a carrier's DataMatrix, another font — is :class:`PreviewUnsupported` naming the
command: show the carrier's PDF with :func:`pdf_preview_png` instead.

Blocking (tens of milliseconds): run it in a worker thread.
"""

from __future__ import annotations

import io
import math

import segno
from PIL import Image, ImageChops, ImageDraw

from kolektor import _core
from kolektor.labels import fonts
from kolektor.labels.errors import LabelImageError, PreviewUnsupported
from kolektor.labels.own import DPMM
from kolektor.labels.pdf_pages import load_page, open_pdf, render_gray
from kolektor.labels.zpl_reader import (
    Block,
    BoxField,
    Code128Field,
    Field,
    ImageField,
    Origin,
    QrField,
    TextField,
    read_label,
    split_labels,
)

__all__ = ["PreviewUnsupported", "pdf_preview_png", "preview_png", "split_labels"]

MAX_DOTS = 12_000
"""The largest preview side in dots (40 in at 300 dpi): anything larger is not a label."""

_TURN = {
    "N": None,
    "R": Image.Transpose.ROTATE_270,  # ZPL turns clockwise, PIL counter-clockwise
    "I": Image.Transpose.ROTATE_180,
    "B": Image.Transpose.ROTATE_90,
}


def _mask(width: int, height: int) -> Image.Image:
    """An empty mask: 1 where the field puts ink.  ``labels.preview.bad_command`` for a
    field larger than any label."""
    if width > MAX_DOTS or height > MAX_DOTS:
        raise LabelImageError("labels.preview.bad_command", command="^FS",
                              reason=f"{width} × {height}")  # fmt: skip
    return Image.new("1", (max(1, width), max(1, height)), 0)


class _Canvas:
    def __init__(self, width: int, height: int) -> None:
        self.image = Image.new("1", (width, height), 1)

    def paint(self, mask: Image.Image, origin: Origin, *, top: int, white: bool = False) -> None:
        """Put ``mask`` with its top-left at (``origin.x``, ``top``): black (or white), or
        inverting what is there for a ``^FR`` field."""
        box = (origin.x, top, origin.x + mask.width, top + mask.height)
        if origin.reverse:
            inverted = ImageChops.invert(self.image.crop(box).convert("L")).convert("1")
            self.image.paste(inverted, box, mask)
        else:
            self.image.paste(1 if white else 0, box, mask)

    def png(self) -> bytes:
        out = io.BytesIO()
        self.image.save(out, format="PNG")
        return out.getvalue()


# -- text ------------------------------------------------------------------------------------


def _line_mask(text: str, height: int, width: int) -> tuple[Image.Image, int]:
    """One line of font-0 text ``height`` dots high, glyphs scaled to ``width``; and its
    ascent (baseline from the top)."""
    text = "".join(c for c in text if c.isprintable())  # control characters print nothing
    font = fonts.font(height)
    ascent, descent = font.getmetrics()
    scale = width / height * fonts.CONDENSE
    natural = math.ceil(font.getlength(text))
    mask = _mask(natural, ascent + descent)
    draw = ImageDraw.Draw(mask)
    draw.fontmode = "1"
    draw.text((0, 0), text, fill=1, font=font)
    return mask.resize(
        (max(1, round(natural * scale)), mask.height), Image.Resampling.NEAREST
    ), ascent


def _wrapped(text: str, height: int, width: int, block: Block) -> list[str]:
    """The lines of a field block as the printer breaks them: at ``\\&``, then between
    words where a line would pass the block's width."""
    font = fonts.font(height)
    scale = width / height * fonts.CONDENSE
    lines: list[str] = []
    for paragraph in text.split("\n"):
        current = ""
        for word in paragraph.split(" "):
            candidate = f"{current} {word}" if current else word
            if current and font.getlength(candidate) * scale > block.width:
                lines.append(current)
                current = word
            else:
                current = candidate
        lines.append(current)
    return lines


def _text(canvas: _Canvas, field: TextField) -> None:
    if field.block is None:
        mask, ascent = _line_mask(field.text, field.height, field.width)
        top = field.origin.y - ascent if field.origin.typeset else field.origin.y
    else:
        block = field.block
        pitch = field.height + block.spacing
        lines = _wrapped(field.text, field.height, field.width, block)
        mask = _mask(block.width, pitch * (block.lines - 1) + field.height)
        for k, line in enumerate(lines):
            part, _ = _line_mask(line, field.height, field.width)
            spare = block.width - part.width
            left = {"C": spare // 2, "R": spare}.get(block.align, 0)
            row = min(k, block.lines - 1)  # the printer prints overflow over the last line
            mask.paste(1, (left, row * pitch, left + part.width, row * pitch + part.height), part)
        top = field.origin.y
    turn = _TURN[field.rotation]
    canvas.paint(mask.transpose(turn) if turn else mask, field.origin, top=top)


# -- barcodes and graphics -------------------------------------------------------------------


def _bars(modules: str, module: int, height: int) -> Image.Image:
    bars = _mask(len(modules) * module, height)
    row = _mask(len(modules), 1)
    row.putdata([1 if m == "1" else 0 for m in modules])
    return row.resize(bars.size, Image.Resampling.NEAREST)


def _code128(canvas: _Canvas, field: Code128Field) -> None:
    try:
        modules, text = _core.code128_field_modules(field.data, field.mode)
    except ValueError as error:
        raise LabelImageError(
            "labels.preview.bad_command", command="^BC", reason=str(error)
        ) from error
    bars = _bars(modules, field.module, field.height)
    mask = bars
    if field.line and text:
        line, _ = _line_mask(text, 9 * field.module, 9 * field.module)
        gap = 2 * field.module
        mask = _mask(max(bars.width, line.width), bars.height + gap + line.height)
        bars_top, line_top = (line.height + gap, 0) if field.line_above else (0, bars.height + gap)
        mask.paste(1, (0, bars_top, bars.width, bars_top + bars.height), bars)
        left = (mask.width - line.width) // 2
        mask.paste(1, (left, line_top, left + line.width, line_top + line.height), line)
    turn = _TURN[field.rotation]
    top = field.origin.y - bars.height if field.origin.typeset else field.origin.y
    canvas.paint(mask.transpose(turn) if turn else mask, field.origin, top=top)


def _qr(canvas: _Canvas, field: QrField) -> None:
    try:
        symbol = segno.make_qr(field.data, error=field.error_correction, boost_error=False)
    except (ValueError, segno.DataOverflowError) as error:
        raise LabelImageError(
            "labels.preview.bad_command", command="^BQ", reason=str(error)
        ) from error
    rows = [list(row) for row in symbol.matrix_iter(scale=1, border=0)]
    mask = _mask(len(rows[0]), len(rows))
    mask.putdata([1 if dark else 0 for row in rows for dark in row])
    size = mask.width * field.magnification
    canvas.paint(
        mask.resize((size, size), Image.Resampling.NEAREST), field.origin, top=field.origin.y
    )


def _box(canvas: _Canvas, field: BoxField) -> None:
    mask = _mask(field.width, field.height)
    draw = ImageDraw.Draw(mask)
    shape = (0, 0, field.width - 1, field.height - 1)
    thickness = min(field.thickness, math.ceil(min(field.width, field.height) / 2))
    radius = field.rounding * min(field.width, field.height) // 16
    draw.rounded_rectangle(shape, radius=radius, outline=1, width=thickness)
    top = field.origin.y - field.height if field.origin.typeset else field.origin.y
    canvas.paint(mask, field.origin, top=top, white=field.white)


def _image(canvas: _Canvas, field: ImageField) -> None:
    graphic = field.graphic
    _mask(graphic.width, graphic.height)  # no larger than a label
    mask = Image.frombytes("1", (graphic.width, graphic.height), graphic.bits)
    top = field.origin.y - graphic.height if field.origin.typeset else field.origin.y
    canvas.paint(mask, field.origin, top=top)


def _draw(canvas: _Canvas, field: Field) -> None:
    if isinstance(field, TextField):
        _text(canvas, field)
    elif isinstance(field, Code128Field):
        _code128(canvas, field)
    elif isinstance(field, QrField):
        _qr(canvas, field)
    elif isinstance(field, BoxField):
        _box(canvas, field)
    else:
        _image(canvas, field)


# -- the previews ----------------------------------------------------------------------------


def preview_png(
    zpl: str, *, dpi: int = 203, width_mm: float = 101.6, height_mm: float = 152.4
) -> bytes:
    """A 1-bit PNG of the one ZPL label in ``zpl``, one pixel per printer dot, at the size
    the label sets (``^PW`` × ``^LL``) or else ``width_mm`` × ``height_mm`` at ``dpi``.

    :class:`PreviewUnsupported` for a command the preview does not draw, or text that is
    not ZPL (use :func:`pdf_preview_png` on the carrier's PDF); :class:`LabelImageError`
    for text holding several labels (:func:`split_labels` separates them) or a command that
    cannot be read."""
    if dpi not in DPMM:
        raise LabelImageError("labels.dpi", dpi=dpi)
    label = read_label(zpl)
    width = label.width or round(width_mm * dpi / 25.4)
    height = label.length or round(height_mm * dpi / 25.4)
    if not (0 < width <= MAX_DOTS and 0 < height <= MAX_DOTS):
        raise LabelImageError("labels.preview.bad_command", command="^PW/^LL",
                              reason=f"{width} × {height}")  # fmt: skip
    fonts.font_path()  # a missing font is said up front, not in the middle of a label
    canvas = _Canvas(width, height)
    for field in label.fields:
        _draw(canvas, field)
    return canvas.png()


def pdf_preview_png(pdf: bytes, page: int = 0, *, dpi: int = 203) -> bytes:
    """A grayscale PNG of page ``page`` (from 0) of a PDF label at ``dpi`` — the carrier's
    own label as it is, for labels the ZPL preview does not draw.  :class:`LabelImageError`
    (``labels.pdf.*``) for an empty, damaged or encrypted PDF or a page it does not have."""
    if dpi not in DPMM:
        raise LabelImageError("labels.dpi", dpi=dpi)
    with open_pdf(pdf) as document:
        if not 0 <= page < len(document):
            raise LabelImageError("labels.pdf.no_page", count=len(document), page=page + 1)
        rendered = render_gray(load_page(document, page), page + 1, scale=dpi / 72)
    image = Image.frombuffer("L", (rendered.width, rendered.height), rendered.pixels, "raw", "L",
                             rendered.stride, 1)  # fmt: skip
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()
