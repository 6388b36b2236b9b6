"""Kolektor's own shipping label, for orders no integrated carrier takes: personal pickup
(*odbiór osobisty*), the shop's own transport, couriers not integrated yet.

One label per package, 4 × 6 in (101.6 × 152.4 mm) or 100 × 150 mm, as ZPL built with the
Rust builder (:class:`kolektor._core.ZplLabel`), so it prints dot for dot at 203, 300 and
600 dpi.  From the top (``docs/labels.md`` shows it):

* **Nadawca** — the sender (the shop), small: name, street, post code and city, phone;
* **Odbiorca** — the receiver, large: name (two lines at most; long names get a smaller
  font before they are shortened), the company when both a person and a company are
  given, street, post code and city in the largest type, country when not Poland, phone;
* the **ZK number** big, **Paczka n/m**, the weight, the service in words (``Odbiór
  osobisty``);
* **Uwagi** — the remarks for the courier in a box, wrapped into the room left above the
  barcode (three to six lines) and cut with ``...`` when longer;
* a barcode: **GS1-128 of the SSCC** (AI 00) when the package has one, else **Code 128**
  of the ZK number and the package (``ZK 12/2026 #1``; Polish letters mapped to ASCII,
  which is all Code 128 carries), both with their text under the bars.

The sections follow one another from the top (a short address leaves more room for the
remarks); the barcode sits at the bottom.  Text is printed in the printer's font 0
(``^A0``) with ``^CI28``, so Polish letters print as typed.  Font 0's glyph widths are
not known here, so lines are wrapped by a deliberately generous estimate of each
character's width (:func:`text_width`) and every line is its own field: nothing is left to
the printer's own wrapping, whose overflow would print lines over one another.  The
words come from the catalog (``labels.own.*``) in the order's language.
"""

from __future__ import annotations

import functools
import unicodedata
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from kolektor import _core
from kolektor.i18n import Language, t
from kolektor.labels.errors import LabelImageError
from kolektor.shipping.carrier import Party

DPMM = {203: 8, 300: 12, 600: 24}
"""The printer resolutions Zebra heads have, in dots per mm as ``ZplLabel`` takes them."""

MIN_WIDTH_MM = 90.0
MIN_HEIGHT_MM = 148.0
"""The smallest label the layout fits (an A6 148 mm long still does)."""

MARGIN = 3.5
"""Blank border on every side, in mm."""

ELLIPSIS = "..."
"""Marks a shortened line (three full stops: font 0 is not known to have ``…``)."""


@dataclass(frozen=True, slots=True)
class OwnLabelData:
    """What Kolektor's own label shows for one package."""

    sender: Party
    """The shop."""
    receiver: Party
    reference: str
    """The ZK number (``ZK 12/2026``)."""
    package: int = 1
    """Which package this is, from 1."""
    packages: int = 1
    """How many packages the order has."""
    weight_kg: Decimal | None = None
    """The package's weight; None prints no weight."""
    remarks: str = ""
    """Remarks for the courier (any length: wrapped, then shortened)."""
    service: str = ""
    """The delivery in words, e.g. ``Odbiór osobisty`` (in the order's language)."""
    sscc: str | None = None
    """The package's 18-digit SSCC (:func:`sscc`); printed as GS1-128 instead of the
    Code 128 of the ZK number."""
    language: Language = "pl"
    """The order's language: the words on the label."""


# -- SSCC ------------------------------------------------------------------------------------


def sscc(gs1_prefix: str, serial: int, extension: int = 0) -> str:
    """The 18-digit SSCC (Serial Shipping Container Code, GS1 AI 00) of a package: the
    extension digit, the shop's GS1 company prefix (4–12 digits, from GS1 Polska), the
    serial reference in the digits the prefix leaves (16 − prefix length), and the GS1
    check digit.  :class:`LabelImageError` for a prefix, extension or serial that does not
    fit.

    >>> sscc("5901234", 1)
    '059012340000000017'
    """
    if not (gs1_prefix.isascii() and gs1_prefix.isdigit() and 4 <= len(gs1_prefix) <= 12):
        raise LabelImageError("labels.sscc.prefix", prefix=gs1_prefix)
    if not 0 <= extension <= 9:
        raise LabelImageError("labels.sscc.extension", extension=extension)
    digits = 16 - len(gs1_prefix)
    if not 0 <= serial < 10**digits:
        raise LabelImageError("labels.sscc.serial", serial=serial, digits=digits,
                              prefix=gs1_prefix)  # fmt: skip
    body = f"{extension}{gs1_prefix}{serial:0{digits}d}"
    return f"{body}{_core.gtin_check_digit(body)}"


def checked_sscc(value: str) -> str:
    """``value`` when it is an SSCC: 18 digits with the right check digit."""
    if not (len(value) == 18 and value.isascii() and value.isdigit()):
        raise LabelImageError("labels.sscc.digits", sscc=value)
    expected = _core.gtin_check_digit(value[:17])
    if int(value[17]) != expected:
        raise LabelImageError("labels.sscc.check_digit", sscc=value, found=int(value[17]),
                              expected=expected)  # fmt: skip
    return value


# -- text on the label -----------------------------------------------------------------------

_NARROW = frozenset("iljI.,:;'!|`")
_SEMI = frozenset('frt()[]-/\\" ')
_WIDE = frozenset("MWmw@%&")
_ASCII_OF = str.maketrans({"ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ß": "ss", "ø": "o",
                           "Ø": "O", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE"})  # fmt: skip


def ascii_text(text: str) -> str:
    """``text`` in printable ASCII, as a Code 128 barcode can carry it: Polish and other
    accented letters lose their marks (``Łódź`` → ``Lodz``), anything else outside ASCII
    and control characters are left out."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_ASCII_OF))
    return "".join(c for c in decomposed if " " <= c <= "~")


@functools.lru_cache(maxsize=4096)
def _char_width(c: str) -> float:
    base = ascii_text(c)[:1] or "M"
    if base in _NARROW:
        return 0.38
    if base in _SEMI:
        return 0.45
    if base in _WIDE:
        return 0.9
    if base.isupper():
        return 0.68
    if base.isdigit():
        return 0.58
    return 0.56 if base.islower() else 0.62


def text_width(text: str, height: float) -> float:
    """An upper estimate of ``text``'s width in mm in font 0 at ``height`` mm (its width
    equal to its height).  Font 0 is a condensed sans serif whose glyphs are narrower than
    these fractions of the height, so a line that fits here fits on the printer."""
    return height * sum(_char_width(c) for c in text)


def _prefix(text: str, height: float, width: float) -> int:
    """How many characters from the start of ``text`` fit ``width`` mm."""
    used = 0.0
    for count, c in enumerate(text):
        used += height * _char_width(c)
        if used > width:
            return count
    return len(text)


def shorten(text: str, height: float, width: float) -> str:
    """``text`` cut (at the end, with ``...``) to fit ``width`` mm."""
    if text_width(text, height) <= width:
        return text
    room = width - text_width(ELLIPSIS, height)
    return text[: _prefix(text, height, room)].rstrip() + ELLIPSIS


def wrap(text: str, height: float, width: float, max_lines: int) -> list[str]:
    """``text`` in lines that fit ``width`` mm at ``height``: broken between words (a word
    longer than a line is broken inside), white space collapsed, at most ``max_lines``
    lines — the last one shortened with ``...`` when text is left over."""
    return _wrap(text, height, width, max_lines)[0]


def _wrap(text: str, height: float, width: float, max_lines: int) -> tuple[list[str], bool]:
    """:func:`wrap`, and whether the text had to be shortened."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        if len(lines) > max_lines:
            break  # enough to know the text does not fit; the rest is cut anyway
        candidate = f"{current} {word}" if current else word
        if text_width(candidate, height) <= width:
            current = candidate
            continue
        if current:
            lines.append(current)
        while len(word) > 1 and len(lines) <= max_lines:
            cut = _prefix(word, height, width)
            if cut >= len(word):
                break
            lines.append(word[: max(1, cut)])
            word = word[max(1, cut) :]
        current = word
    if current:
        lines.append(current)
    if len(lines) <= max_lines:
        return lines, False
    rest = " ".join(lines[max_lines - 1 :])
    return [*lines[: max_lines - 1], shorten(rest, height, width)], True


def _fitting(
    text: str, sizes: tuple[float, ...], width: float, max_lines: int
) -> tuple[float, list[str]]:
    """The largest of ``sizes`` at which ``text`` fits ``max_lines`` lines unshortened (the
    smallest, shortened, when none does), and its lines."""
    for size in sizes:
        lines, shortened = _wrap(text, size, width, max_lines)
        if not shortened:
            return size, lines
    return sizes[-1], wrap(text, sizes[-1], width, max_lines)


# -- the label -------------------------------------------------------------------------------


class _Writer:
    """Places lines of text down the label, each line its own field."""

    def __init__(self, label: _core.ZplLabel) -> None:
        self.label = label
        self.width = label.width_mm - 2 * MARGIN

    def lines(self, y: float, lines: list[str], height: float, gap: float = 0.6) -> float:
        for line in lines:
            self.label.text(MARGIN, y, line, height=height)
            y += height + gap
        return y - gap

    def right(self, y: float, text: str, height: float, width: float) -> None:
        block = _core.TextBlock(width, 1, "R")
        self.label.text(MARGIN + self.width - width, y, text, height=height, block=block)


def _address_lines(party: Party) -> tuple[str, str]:
    street = " ".join(p for p in (party.street, party.building_number) if p)
    city = " ".join(p for p in (party.post_code, party.city) if p)
    return street, city


def _sender(writer: _Writer, data: OwnLabelData, y: float) -> float:
    caption = t("labels.own.sender", data.language)
    writer.label.text(MARGIN, y, caption, height=2.5)
    party = data.sender
    street, city = _address_lines(party)
    if party.country_code and party.country_code != "PL":
        city = f"{city}, {party.country_code}"
    phone = t("labels.own.phone", data.language, phone=party.phone) if party.phone else ""
    texts = [party.company or party.name, street, city, phone]
    lines = [shorten(" ".join(text.split()), 3.0, writer.width) for text in texts if text]
    return writer.lines(y + 3.0, lines, 3.0, gap=0.5)


def _receiver(writer: _Writer, data: OwnLabelData, y: float) -> float:
    writer.label.text(MARGIN, y, t("labels.own.receiver", data.language), height=2.5)
    party = data.receiver
    y += 3.5
    name_size, name = _fitting(" ".join(party.name.split()), (6.0, 5.0, 4.5), writer.width, 2)
    y = writer.lines(y, name, name_size, gap=0.8) + 1.2
    if party.company and party.first_name + party.last_name:
        y = writer.lines(y, wrap(party.company, 4.5, writer.width, 1), 4.5) + 1.2
    street, city = _address_lines(party)
    if street:
        y = writer.lines(y, wrap(street, 5.0, writer.width, 2), 5.0, gap=0.8) + 1.2
    if city:
        city_size, city_lines = _fitting(city, (6.0, 5.0), writer.width, 1)
        y = writer.lines(y, city_lines, city_size) + 1.2
    if party.country_code and party.country_code != "PL":
        y = writer.lines(y, [party.country_code], 4.5) + 1.2
    if party.phone:
        phone = t("labels.own.phone", data.language, phone=party.phone)
        y = writer.lines(y, [shorten(phone, 4.5, writer.width)], 4.5) + 1.2
    return y


def _order(writer: _Writer, data: OwnLabelData, y: float) -> float:
    """ZK number, package n/m, weight and service; returns where the remarks may start."""
    reference = " ".join(data.reference.split())
    size, lines = _fitting(reference, (8.0, 6.5, 5.0), writer.width, 1)
    writer.lines(y, lines, size)
    y += 9.5
    package = t("labels.own.package", data.language, number=data.package, count=data.packages)
    writer.lines(y, [package], 6.0)
    if data.weight_kg is not None:
        weight = data.weight_kg.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        text = t("labels.own.weight", data.language, weight=weight)
        writer.right(y + 1.0, text, 5.0, writer.width - text_width(package, 6.0) - 2.0)
    y += 7.0
    if data.service.strip():
        writer.lines(y, [shorten(" ".join(data.service.split()), 5.0, writer.width)], 5.0)
    return y + 6.5


REMARKS_LINE = 3.5
REMARKS_PITCH = 4.1
REMARKS_MAX_LINES = 6


def _remarks(writer: _Writer, data: OwnLabelData, y: float, bottom: float) -> None:
    """The remarks in a box from ``y``: as many lines as fit above ``bottom`` (at least
    three on the smallest label, at most six), the last shortened if text is left."""
    text = " ".join(data.remarks.split())
    if not text:
        return
    room = int((bottom - y - 4.5 - 1.0 - REMARKS_LINE) // REMARKS_PITCH) + 1
    inner = writer.width - 3.0
    lines = wrap(text, REMARKS_LINE, inner, max(1, min(REMARKS_MAX_LINES, room)))
    height = 4.5 + (len(lines) - 1) * REMARKS_PITCH + REMARKS_LINE + 1.5
    writer.label.box(MARGIN, y, writer.width, height, thickness=0.375)
    writer.label.text(MARGIN + 1.5, y + 1.0, t("labels.own.remarks", data.language), height=2.5)
    for k, line in enumerate(lines):
        writer.label.text(MARGIN + 1.5, y + 4.5 + k * REMARKS_PITCH, line, height=REMARKS_LINE)


def barcode_text(reference: str, package: int) -> str:
    """The Code 128 data of a package without an SSCC: ``ZK 12/2026 #1``."""
    return f"{' '.join(ascii_text(reference).split())} #{package}"


def _module_dots(label: _core.ZplLabel, modules: int, preferred: tuple[float, ...]) -> int:
    """The widest of the ``preferred`` module widths (mm, in whole dots) at which the
    symbol and its quiet zones (10 modules each side) fit the label's width; 0 if none."""
    for dots in sorted({max(1, label.dots(mm)) for mm in preferred}, reverse=True):
        if (modules + 20) * dots <= label.width_dots:
            return dots
    return 0


def _barcode(label: _core.ZplLabel, data: OwnLabelData) -> float:
    """The barcode at the bottom, centred; returns the top of the barcode area."""
    mm_per_dot = 25.4 / label.dpi
    bottom = label.height_mm - MARGIN
    if data.sscc is not None:
        sscc_value = checked_sscc(data.sscc)
        modules = len(_core.code128_field_modules(f">;>800{sscc_value}")[0])
        dots = _module_dots(label, modules, (0.5, 0.42, 0.375))
        text_height = 3.0 + 1.0
        bars = 18.0
        shown = f"(00){sscc_value}"
    else:
        shown = barcode_text(data.reference, data.package)
        modules = len(_core.code128_modules(shown))
        dots = _module_dots(label, modules, (0.375, 0.3, 0.25))
        text_height = 3.5 + 1.0
        bars = 18.0
    if not dots:
        raise LabelImageError("labels.own.barcode_too_long", data=shown, width=label.width_mm)
    left = (label.width_dots - modules * dots) // 2 * mm_per_dot
    top = bottom - bars - text_height
    module = dots * mm_per_dot
    if data.sscc is not None:
        label.gs1_128(left, top, [("00", shown[4:])], height=bars, module=module)
        return top
    label.code128(left, top, shown, height=bars, module=module, hri=False)
    block = _core.TextBlock(modules * dots * mm_per_dot, 1, "C")
    label.text(left, top + bars + 1.0, shown, height=3.5, block=block)
    return top


def own_label_zpl(
    data: OwnLabelData, *, dpi: int = 203, width_mm: float = 101.6, height_mm: float = 152.4
) -> str:
    """Kolektor's own label for one package as ZPL (``^XA^CI28^PW…^LL…`` … ``^XZ``) for a
    printer of ``dpi`` (203, 300 or 600) and a label of ``width_mm`` × ``height_mm`` (at
    least 90 × 148 mm: 4 × 6 in, 100 × 150 mm).  :class:`LabelImageError` for a resolution
    or size that does not work, a missing ZK number, a package number outside 1…packages,
    a wrong SSCC, or a ZK number too long for a readable barcode."""
    if dpi not in DPMM:
        raise LabelImageError("labels.dpi", dpi=dpi)
    if width_mm < MIN_WIDTH_MM or height_mm < MIN_HEIGHT_MM:
        raise LabelImageError("labels.own.size", width=Decimal(str(width_mm)),
                              height=Decimal(str(height_mm)), min_width=Decimal(str(MIN_WIDTH_MM)),
                              min_height=Decimal(str(MIN_HEIGHT_MM)))  # fmt: skip
    if not ascii_text(data.reference).strip():
        raise LabelImageError("labels.own.no_reference")
    if not 1 <= data.package <= data.packages:
        raise LabelImageError("labels.own.package_number", number=data.package,
                              count=data.packages)  # fmt: skip
    try:
        label = _core.ZplLabel(width_mm, height_mm, DPMM[dpi])
    except ValueError as error:
        raise LabelImageError("labels.size", width=Decimal(str(width_mm)),
                              height=Decimal(str(height_mm)), dpi=dpi) from error  # fmt: skip
    writer = _Writer(label)
    barcode_top = _barcode(label, data)
    y = _sender(writer, data, MARGIN)
    label.line(MARGIN, y + 1.0, writer.width, thickness=0.5)
    y = _receiver(writer, data, y + 2.5)
    label.line(MARGIN, y + 0.5, writer.width, thickness=0.5)
    y = _order(writer, data, y + 2.0)
    _remarks(writer, data, y, barcode_top - 2.0)
    return label.zpl()
