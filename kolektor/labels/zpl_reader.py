"""Reading a ZPL label back into the fields a preview draws.

Only the subset Kolektor's own labels and image labels use is read (``docs/labels.md``):
``^XA ^XZ ^CI28 ^PW ^LL ^LH ^FO ^FT ^A0 ^CF ^FB ^FH ^FD ^FS ^FR ^GB ^BY ^BC ^BQ ^GF
^PQ ^FX``, and settings that change nothing drawn (print speed ``^PR``, darkness ``^MD``
``~SD``, media ``^MM ^MN ^MT``, and ``^LS0 ^LRN ^PON`` at their defaults).  Any other
command — a carrier's DataMatrix (``^BX``), other fonts, stored graphics, EPL — is
:class:`~kolektor.labels.errors.PreviewUnsupported` naming it, so the caller shows the
carrier's PDF instead of a preview that differs from the print.

Coordinates are in dots with the label home (``^LH``) applied; ``^FO`` is a field's
top-left corner, ``^FT`` its baseline (text) or bottom (barcodes, boxes, graphics) —
``^FT`` is read for unrotated fields without a field block.  Line breaks between commands
are ignored, as printers ignore them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from kolektor import _core
from kolektor.labels.errors import LabelImageError, PreviewUnsupported

ROTATIONS = frozenset("NRIB")

_BC_MODES: dict[str, Literal["N", "A", "D"]] = {"": "N", "N": "N", "A": "A", "D": "D"}
"""``^BC`` modes the Rust core reads (normal, automatic, UCC/EAN)."""


@dataclass(frozen=True, slots=True)
class Origin:
    x: int
    y: int
    typeset: bool = False
    """``^FT``: ``y`` is the baseline (text) or the bottom edge."""
    reverse: bool = False
    """``^FR``: the field inverts what is under it."""


@dataclass(frozen=True, slots=True)
class Block:
    """``^FB``: wrap into ``width`` dots, at most ``lines`` lines."""

    width: int
    lines: int = 1
    spacing: int = 0
    align: str = "L"


@dataclass(frozen=True, slots=True)
class TextField:
    origin: Origin
    text: str
    height: int
    width: int
    rotation: str = "N"
    block: Block | None = None


@dataclass(frozen=True, slots=True)
class Code128Field:
    origin: Origin
    data: str
    module: int
    height: int
    rotation: str = "N"
    line: bool = True
    line_above: bool = False
    mode: Literal["N", "A", "D"] = "N"


@dataclass(frozen=True, slots=True)
class QrField:
    origin: Origin
    data: str
    magnification: int
    error_correction: str


@dataclass(frozen=True, slots=True)
class BoxField:
    origin: Origin
    width: int
    height: int
    thickness: int
    white: bool = False
    rounding: int = 0


@dataclass(frozen=True, slots=True)
class ImageField:
    origin: Origin
    graphic: _core.GraphicField


Field = TextField | Code128Field | QrField | BoxField | ImageField


@dataclass(slots=True)
class Label:
    """One ``^XA … ^XZ`` format: its size where it sets one, and its fields in order."""

    width: int | None = None
    length: int | None = None
    fields: list[Field] = field(default_factory=list)


_LABEL = re.compile(r"\^XA(.*?)\^XZ", re.DOTALL | re.IGNORECASE)
_COMMAND = re.compile(r"[\^~](A|[A-Z0-9@]{2})", re.IGNORECASE)

_INERT = frozenset({"^PR", "^MD", "~SD", "^MM", "^MN", "^MT", "^PQ", "^FX"})
"""Commands that change nothing a preview draws."""
_AT_DEFAULT = {"^LS": "0", "^LR": "N", "^PO": "N"}
"""Settings read only at their default value (anything else would move or mirror the print)."""


def split_labels(zpl: str) -> list[str]:
    """Each ``^XA … ^XZ`` format in ``zpl``, in order (``^XA``/``^XZ`` included)."""
    return [match.group(0) for match in _LABEL.finditer(zpl)]


MAX_PARAM = 32_000
"""ZPL's own limit for positions and sizes in dots."""

MAX_FONT = 3_600
"""The tallest font drawn (6 in at 600 dpi); a taller one is not a label's text."""


def _ints(params: str, count: int, command: str = "") -> list[int | None]:
    """The first ``count`` comma-separated parameters as integers (None when empty or not
    a number); ``labels.preview.bad_command`` for one beyond ±32 000 dots."""
    parts = [p.strip() for p in params.split(",")] + [""] * count
    values: list[int | None] = []
    for part in parts[:count]:
        try:
            value = round(float(part)) if part else None
        except (ValueError, OverflowError):
            value = None
        if value is not None and abs(value) > MAX_PARAM:
            raise _bad(command or "^", part)
        values.append(value)
    return values


def _bad(command: str, reason: str) -> LabelImageError:
    return LabelImageError("labels.preview.bad_command", command=command, reason=reason)


def _commands(body: str) -> list[tuple[str, str]]:
    """(``^XX``, parameters) pairs; ``^FD``/``^FX`` data runs to the next ``^``."""
    body = body.replace("\r", "").replace("\n", "")
    commands: list[tuple[str, str]] = []
    at = min((i for i in (body.find("^"), body.find("~")) if i >= 0), default=-1)
    while 0 <= at < len(body):
        match = _COMMAND.match(body, at)
        if match is None:
            raise PreviewUnsupported(body[at : at + 3])
        name = body[at] + match.group(1).upper()
        start = match.end()
        stops = "^" if name in ("^FD", "^FX") else "^~"
        end = min((i for i in (body.find(s, start) for s in stops) if i >= 0), default=len(body))
        commands.append((name, body[start:end]))
        at = end
    return commands


class _Reader:
    """The state a format builds up while it is read."""

    def __init__(self) -> None:
        self.label = Label()
        self.home = (0, 0)
        self.utf8 = False
        self.default_font = (0, 0)
        self.bar = (2, 10)  # ^BY module width, bar height
        self._reset()

    def _reset(self) -> None:
        self.origin: Origin | None = None
        self.reverse = False
        self.font: tuple[str, int, int] | None = None
        self.block: Block | None = None
        self.hex: str | None = None
        self.kind: tuple[str, str] | None = None
        self.data: str | None = None
        self.graphic: _core.GraphicField | None = None
        self.box: tuple[int, int, int, bool, int] = (1, 1, 1, False, 0)

    def read(self, name: str, params: str) -> None:
        handler = getattr(self, "_" + name[1:].lower(), None)
        inert = name in _INERT or _AT_DEFAULT.get(name) == params.strip().upper()
        if name[0] == "^" and handler is not None:
            handler(name, params)
        elif not inert:
            raise PreviewUnsupported(name + (params[:1] if name == "^A" else ""))

    # -- label settings

    def _ci(self, name: str, params: str) -> None:
        if params.strip().split(",")[0] != "28":
            raise PreviewUnsupported(f"^CI{params.strip()}")
        self.utf8 = True

    def _pw(self, name: str, params: str) -> None:
        self.label.width = _ints(params, 1, name)[0]

    def _ll(self, name: str, params: str) -> None:
        self.label.length = _ints(params, 1, name)[0]

    def _lh(self, name: str, params: str) -> None:
        x, y = _ints(params, 2, name)
        self.home = (x or 0, y or 0)

    def _cf(self, name: str, params: str) -> None:
        font, _, sizes = params.partition(",")
        if font.strip() not in ("0", ""):
            raise PreviewUnsupported(f"^CF{font.strip()}")
        height, width = _ints(sizes, 2, name)
        height = height or self.default_font[0] or 9
        self.default_font = (height, width or height)

    def _by(self, name: str, params: str) -> None:
        module, _, height = _ints(params, 3, name)
        if module is not None and not 1 <= module <= 10:
            raise _bad(name, f"{module}")
        self.bar = (module or self.bar[0], height or self.bar[1])

    # -- the field

    def _fo(self, name: str, params: str, typeset: bool = False) -> None:
        x, y = _ints(params, 2, name)
        self.origin = Origin((x or 0) + self.home[0], (y or 0) + self.home[1], typeset)

    def _ft(self, name: str, params: str) -> None:
        self._fo(name, params, typeset=True)

    def _fr(self, name: str, params: str) -> None:
        self.reverse = True

    def _a(self, name: str, params: str) -> None:
        font = params[:1]
        if font != "0":
            raise PreviewUnsupported(f"^A{font}")
        rest = params[1:]
        rotation = rest[:1].upper() if rest[:1].upper() in ROTATIONS else "N"
        height, width = _ints(rest.lstrip("NRIBnrib").lstrip(","), 2, name)
        height = height or self.default_font[0] or 9
        self.font = (rotation, height, width or height)

    def _fb(self, name: str, params: str) -> None:
        width, lines, spacing = _ints(params, 3, name)
        align = [*params.split(","), "", "", ""][3].strip().upper() or "L"
        self.block = Block(width or 0, lines or 1, spacing or 0, align)

    def _fh(self, name: str, params: str) -> None:
        self.hex = params[:1] or "_"

    def _fd(self, name: str, params: str) -> None:
        self.data = params

    def _gb(self, name: str, params: str) -> None:
        width, height, thickness, _, rounding = _ints(params, 5, name)
        parts = [p.strip().upper() for p in params.split(",")] + ["", "", "", "", ""]
        thickness = max(thickness or 1, 1)
        self.kind = ("box", "")
        self.box = (max(width or 0, thickness), max(height or 0, thickness), thickness,
                    parts[3] == "W", min(max(rounding or 0, 0), 8))  # fmt: skip

    def _gf(self, name: str, params: str) -> None:
        try:
            self.graphic = _core.decode_graphic("^GF" + params)
        except ValueError as error:
            raise _bad("^GF", str(error)) from error
        self.kind = ("graphic", "")

    def _bc(self, name: str, params: str) -> None:
        self.kind = ("^BC", params)

    def _bq(self, name: str, params: str) -> None:
        self.kind = ("^BQ", params)

    def _origin(self) -> Origin:
        if self.origin is None:
            return Origin(self.home[0], self.home[1], reverse=self.reverse)
        return Origin(self.origin.x, self.origin.y, self.origin.typeset, self.reverse)

    def _text(self) -> str:
        data = self.data or ""
        encoding = "utf-8" if self.utf8 else "cp850"
        if self.hex:
            raw = data.encode(encoding, errors="replace")
            escape = re.escape(self.hex.encode(encoding, errors="replace"))
            pattern = re.compile(escape + rb"([0-9A-Fa-f]{2})")
            raw = pattern.sub(lambda match: bytes.fromhex(match[1].decode()), raw)
            data = raw.decode(encoding, errors="replace")
        return data

    def _fs(self, name: str, params: str) -> None:
        self.label.fields.extend(self._field())
        self._reset()

    def _field(self) -> list[Field]:
        origin = self._origin()
        kind = self.kind[0] if self.kind else None
        if kind == "box":
            return [BoxField(origin, *self.box)]
        if kind == "graphic":
            assert self.graphic is not None
            return [ImageField(origin, self.graphic)]
        if self.data is None:
            return []
        if kind == "^BC":
            return [self._code128(origin)]
        if kind == "^BQ":
            return [self._qr(origin)]
        rotation, height, width = self.font or ("N", *self.default_font)
        if not height:
            raise PreviewUnsupported("^A")  # the printer's built-in default font A
        if not (0 < height <= MAX_FONT and 0 < width <= MAX_FONT):
            raise _bad("^A0", f"{height},{width}")
        text = self._text()
        if self.block is not None:
            if origin.typeset:
                raise PreviewUnsupported("^FT^FB")
            text = text.replace("\\&", "\n").replace("\\(*)", "").replace("\\\\", "\\")
        elif origin.typeset and rotation != "N":
            raise PreviewUnsupported(f"^FT^A0{rotation}")
        return [TextField(origin, text, height, width, rotation, self.block)]

    def _code128(self, origin: Origin) -> Code128Field:
        assert self.kind is not None
        parts = [p.strip().upper() for p in self.kind[1].split(",")] + [""] * 6
        rotation = parts[0][:1] or "N"
        if rotation not in ROTATIONS:
            raise _bad("^BC", f"orientation {rotation}")
        if origin.typeset and rotation != "N":
            raise PreviewUnsupported(f"^FT^BC{rotation}")
        if parts[4] == "Y":
            raise PreviewUnsupported(f"^BC{rotation},…,{parts[4]}")
        if parts[5] not in _BC_MODES:
            raise PreviewUnsupported(f"^BC{rotation},…,{parts[5]}")
        height = _ints(self.kind[1], 2, "^BC")[1] or self.bar[1]
        return Code128Field(
            origin, self._text(), self.bar[0], height, rotation,
            line=parts[2] != "N", line_above=parts[3] == "Y", mode=_BC_MODES[parts[5]],
        )  # fmt: skip

    def _qr(self, origin: Origin) -> QrField:
        assert self.kind is not None
        parts = [p.strip().upper() for p in self.kind[1].split(",")] + [""] * 4
        if parts[1] not in ("", "2"):
            raise PreviewUnsupported(f"^BQ model {parts[1]}")
        if origin.typeset:
            raise PreviewUnsupported("^FT^BQ")
        magnification = _ints(self.kind[1], 3, "^BQ")[2] or 2
        if not 1 <= magnification <= 10:
            raise _bad("^BQ", f"{magnification}")
        data = self._text()
        level, mode, rest = data[:1].upper(), data[1:2].upper(), data[2:]
        if not level or level not in "HQML" or not rest.startswith(","):
            raise _bad("^BQ", f"^FD{data[:3]}")
        if mode != "A":
            raise PreviewUnsupported(f"^BQ ^FD{level}{mode}")
        return QrField(origin, rest[1:], magnification, level)


def read_label(zpl: str) -> Label:
    """The one label in ``zpl`` with its fields.  :class:`PreviewUnsupported` for a command
    outside the subset or text without ``^XA … ^XZ`` (EPL), :class:`LabelImageError` for
    several labels or a command that cannot be read (``labels.preview.bad_command``)."""
    labels = split_labels(zpl)
    if not labels:
        raise PreviewUnsupported("")
    if len(labels) > 1:
        raise LabelImageError("labels.preview.several_labels", count=len(labels))
    reader = _Reader()
    for name, params in _commands(labels[0][3:-3]):
        reader.read(name, params)
    return reader.label
