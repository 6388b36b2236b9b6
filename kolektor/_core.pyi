"""Typed interface of ``kolektor._core``, the Rust extension built from ``core_rs/python``.

Sections: identifiers (GTIN, NIP), scan parsing (``ScanParser``), the pick engine
(``PickSession``), ZPL labels and graphics (``ZplLabel``, ``encode_graphic``).
"""

import datetime
from collections.abc import Sequence
from datetime import date as _Date
from datetime import datetime as _DateTime
from decimal import Decimal
from typing import Any, ClassVar, Literal, final

__version__: str
__all__ = [
    "GraphicField",
    "Gs1Element",
    "LineProgress",
    "PickAction",
    "PickLine",
    "PickProgress",
    "PickSession",
    "Scan",
    "ScanConfigError",
    "ScanError",
    "ScanParser",
    "TextBlock",
    "Verdict",
    "ZplLabel",
    "__version__",
    "code128_field_modules",
    "code128_modules",
    "decode_graphic",
    "decode_graphics",
    "encode_graphic",
    "gtin_check_digit",
    "gtin_normalize",
    "ink_box",
    "nip_checksum",
    "nip_normalize",
]

# -- identifiers --------------------------------------------------------------------------

def gtin_check_digit(payload: str) -> int:
    """GS1 check digit for a GTIN without its last digit; ``ValueError`` on a non-digit."""

def gtin_normalize(code: str) -> str:
    """Validate a GTIN-8/12/13/14 and return it as 14 digits; ``ValueError`` says what is wrong."""

def nip_normalize(text: str) -> str:
    """Validate a NIP (dashes, spaces and a ``PL`` prefix allowed) and return its 10 digits."""

def nip_checksum(first_nine: str) -> int | None:
    """NIP checksum digit for nine digits, or None when no valid NIP starts with them."""

# -- scan parsing --------------------------------------------------------------------------

# Section of kolektor/_core.pyi: scan parsing (core_rs/python/src/scan.rs).
# Imports needed at the top of _core.pyi:

_ScanKind = Literal["gtin", "gs1", "rcn", "sscc", "internal"]

class ScanError(ValueError):
    """A scan that cannot be interpreted.

    ``str(error)`` says what is wrong and where, e.g. ``"AI 17: 13 is not a month"`` or
    ``"GTIN-13 check digit is 8, expected 7"`` (positions in messages count from 1).
    """

    position: int
    """0-based index (in characters) in the scanned text of the offending character."""
    code: str
    """Stable short name of the problem: ``empty``, ``symbology``, ``not_a_digit``,
    ``length``, ``check_digit``, ``number_system``, ``measure_check_digit``, ``unknown_ai``,
    ``expected_ai``, ``too_short``, ``too_long``, ``character``, ``date``, ``hri``,
    ``digital_link``, ``all_zero``, ``empty_value``, ``repeated_ai``, ``currency`` or
    ``unrecognised``; translated at the edge (:func:`kolektor.i18n.scan_error_message`)."""
    ai: str | None
    """The application identifier the problem is in, if any."""
    params: dict[str, str]
    """The message's parameters by name (``check_digit``: ``what``, ``found``, ``expected``;
    ``currency``: ``found``; …), for the catalog's ``scan.<code>`` texts."""

class ScanConfigError(ValueError):
    """A scan parser configuration that cannot be used; the message says how to fix it."""

    setting: str
    """The setting, e.g. ``"rcn[0].pattern"`` (empty when the JSON itself is malformed)."""

@final
class ScanParser:
    """Interprets scanned text: GTIN-8/12/13/14 and UPC-E, GS1 element strings (raw, HRI,
    Digital Link), SSCC, variable-measure EAN-13 and the shop's internal codes.

    ``config_json`` (see ``docs/scanning.md``; every field optional, a missing field keeps
    its default): ``{"separators": ["\\u001d"], "verify_dates": true, "rcn": [{"prefix":
    "28", "measure": "weight", "pattern": "PPPPPPPVVVVV", "decimals": 3}], "internal":
    [{"kind": "tote", "regex": "T-[0-9]{3,6}"}]}``.  Raises ``ScanConfigError``.
    """

    def __new__(cls, config_json: str | None = None) -> ScanParser: ...
    def parse(self, text: str, today: _Date | None = None) -> Scan:
        """Interpret ``text`` (the scanner's output after its prefix/suffix is stripped).

        ``today`` (default: the current date) places two-digit years in GS1 dates (49 years
        back to 50 ahead).  Raises ``ScanError``.
        """
    @property
    def config_json(self) -> str:
        """The configuration in effect, as JSON."""
    @staticmethod
    def default_config_json() -> str:
        """The default configuration (Polish weight codes, Kolektor's label formats), as JSON."""

@final
class Scan:
    """One interpreted scan.  Immutable; equal when the text and interpretation are."""

    @property
    def text(self) -> str:
        """The text as given to the parser."""
    @property
    def data(self) -> str:
        """The text without surrounding white space/separators and the symbology identifier."""
    @property
    def kind(self) -> _ScanKind:
        """``gtin``, ``gs1`` (element string, HRI or Digital Link), ``rcn`` (variable-measure
        EAN-13), ``sscc`` (an SSCC alone) or ``internal``."""
    @property
    def symbology(self) -> str | None:
        """The ISO/IEC 15424 symbology identifier the scan started with, e.g. ``"]E0"``."""
    @property
    def symbology_name(self) -> str | None:
        """The symbology's name, e.g. ``"GS1-128"``, ``"EAN-13/UPC"``, ``"Code 128"``."""
    @property
    def lookup_key(self) -> str | None:
        """What to look the scanned thing up by: the GTIN-14 (of a variable-measure code with
        the measure zeroed; of a GS1 message AI 01, else AI 02), the SSCC, or the internal
        code.  None for a GS1 message without a GTIN or SSCC."""
    @property
    def gtin(self) -> str | None:
        """The product's GTIN-14: the GTIN scanned, the base GTIN of a variable-measure code,
        or AI 01."""
    @property
    def gtin_format(self) -> Literal["GTIN-8", "GTIN-12", "GTIN-13", "GTIN-14", "UPC-E"] | None:
        """The GTIN format scanned (kinds ``gtin`` and ``rcn``), classified by significant
        digits as GS1 does."""
    @property
    def elements(self) -> tuple[Gs1Element, ...]:
        """The GS1 elements in scan order (empty unless ``kind == "gs1"``)."""
    @property
    def gs1_syntax(self) -> Literal["element_string", "hri", "digital_link"] | None:
        """How the GS1 data was written."""
    @property
    def sscc(self) -> str | None:
        """The SSCC, scanned alone or as AI 00."""
    @property
    def batch(self) -> str | None:
        """AI 10, batch or lot number."""
    @property
    def serial(self) -> str | None:
        """AI 21, serial number."""
    @property
    def expiry(self) -> _Date | None:
        """AI 17, expiration date (day 00 = the month's last day)."""
    @property
    def best_before(self) -> _Date | None:
        """AI 15, best-before date."""
    @property
    def quantity(self) -> Decimal | None:
        """The quantity the code states: a variable-measure weight (kg) or count, AI 310n
        (kg), AI 30 or AI 37 (pieces)."""
    @property
    def quantity_unit(self) -> Literal["kg", "pcs"] | None:
        """The unit of ``quantity``."""
    @property
    def rcn_measure(self) -> Literal["weight", "price", "count"] | None:
        """What a variable-measure EAN-13 measures."""
    @property
    def rcn_value(self) -> Decimal | None:
        """The variable measure: kg, the shop's currency, or pieces."""
    @property
    def item_reference(self) -> str | None:
        """The item reference of a variable-measure EAN-13 (the digits after the prefix)."""
    @property
    def internal_kind(self) -> str | None:
        """The configured kind of an internal code: ``location``, ``tote``, ``badge``, …"""
    @property
    def internal_value(self) -> str | None:
        """The internal code's ``value`` group, or the whole code."""
    def as_dict(self) -> dict[str, Any]:
        """Every property above; ``elements`` as a list of ``Gs1Element.as_dict()``."""

@final
class Gs1Element:
    """One GS1 element string: an application identifier and its value."""

    @property
    def ai(self) -> str:
        """The application identifier, e.g. ``"17"``, ``"3103"``."""
    @property
    def value(self) -> str:
        """The value as scanned."""
    @property
    def title(self) -> str:
        """GS1's data title, e.g. ``"USE BY or EXPIRY"``."""
    @property
    def description(self) -> str:
        """GS1's description, e.g. ``"Expiration date (YYMMDD)"``."""
    @property
    def format(self) -> str:
        """GS1's format notation, e.g. ``"N2+N6"``."""
    @property
    def date(self) -> _Date | None:
        """The date, for date AIs (11, 13, 15, 17, 7003, 7250, …)."""
    @property
    def datetime(self) -> _DateTime | None:
        """Date and time (naive), for AIs that carry a time of day (7003, 8008, …)."""
    @property
    def decimal(self) -> Decimal | None:
        """The number, for AIs with a decimal point indicator (310n, 392n, 393n, …); exact."""
    @property
    def currency(self) -> str | None:
        """ISO 4217 numeric currency code (``"985"`` = PLN) of a 391n/393n amount."""
    @property
    def hri(self) -> str:
        """The element as human-readable text, e.g. ``"(17)250531"``."""
    def as_dict(self) -> dict[str, Any]:
        """``ai``, ``value``, ``title``, ``date``, ``datetime``, ``decimal``, ``currency``."""

# -- the pick engine -----------------------------------------------------------------------

# Pick engine part of ``kolektor._core`` (core_rs/python/src/pick.rs); merged into
# kolektor/_core.pyi by the lead.  Rules: docs/picking.md.

# A quantity going in: exact types only (a float raises TypeError).  At most four decimal
# places, at most 10**12 base units.
_QuantityIn = Decimal | int | str

_VerdictKind = Literal[
    "counted",
    "line_complete",
    "order_complete",
    "order_complete_with_shortages",
    "wrong_product",
    "unknown_code",
    "over_pick",
    "batch_required",
    "expiry_required",
    "serial_required",
    "duplicate_serial",
    "line_closed_short",
    "order_finished",
    "duplicate",
    "undone",
    "nothing_to_undo",
    "shortage_reported",
]

@final
class PickLine:
    """One line of an order: what to pick, how much, which barcodes count toward it.

    ``barcodes`` items are a lookup key (GTIN-14 for product codes, else the raw code)
    counting 1 per scan, or a ``(key, multiplier)`` pair (a 12-pack barcode counts 12).
    A product may be on two lines: scans fill the first line with room, in line order.
    ``tolerance_below`` / ``tolerance_above`` (weighed goods, absolute quantities in base
    units, default 0): the line is complete when its picked quantity is within
    ``[ordered - below, ordered + above]`` and accepts nothing beyond ``ordered + above``.
    ``ValueError`` names the line and field: non-positive ``ordered`` or multiplier, an
    empty or repeated barcode, a multiplier other than 1 on a ``requires_serial`` line, a
    negative tolerance or one below that is not less than ``ordered``.
    Frozen, comparable, hashable.
    """

    def __new__(
        cls,
        line_id: int,
        product_id: int | None,
        ordered: _QuantityIn,
        barcodes: Sequence[str | tuple[str, _QuantityIn]] | None = None,
        *,
        requires_batch: bool = False,
        requires_expiry: bool = False,
        requires_serial: bool = False,
        tolerance_below: _QuantityIn | None = None,
        tolerance_above: _QuantityIn | None = None,
    ) -> PickLine: ...
    @property
    def line_id(self) -> int: ...
    @property
    def product_id(self) -> int | None:
        """The product; scopes serial numbers (unique per product on the order)."""
    @property
    def ordered(self) -> Decimal:
        """Ordered quantity in base units."""
    @property
    def barcodes(self) -> tuple[tuple[str, Decimal], ...]:
        """``(key, multiplier)`` pairs."""
    @property
    def requires_batch(self) -> bool: ...
    @property
    def requires_expiry(self) -> bool: ...
    @property
    def requires_serial(self) -> bool: ...
    @property
    def tolerance_below(self) -> Decimal:
        """How much less than ordered still completes the line (0: no tolerance)."""
    @property
    def tolerance_above(self) -> Decimal:
        """How much more than ordered the line accepts (0: no tolerance)."""

@final
class Verdict:
    """What happened to one scan, manual entry, undo or shortage report.

    Fields that do not apply to the kind are ``None`` (``missing`` is then ``()``).
    ``as_dict()`` gives only the fields that apply.  Frozen, comparable, hashable.
    """

    @property
    def kind(self) -> _VerdictKind:
        """The verdict's kind (see docs/picking.md for each)."""
    @property
    def ok(self) -> bool:
        """The operation was accepted: it counted, undid, or recorded a shortage.

        A duplicate answers as its first verdict did (a replay is no error).
        """
    @property
    def line_id(self) -> int | None:
        """The line the verdict is about."""
    @property
    def added(self) -> Decimal | None:
        """Quantity counted (the four counting kinds)."""
    @property
    def picked(self) -> Decimal | None:
        """The line's picked quantity after the operation (unchanged for a refusal)."""
    @property
    def remaining(self) -> Decimal | None:
        """``ordered - picked`` for the line while it is open; 0 once it is complete."""
    @property
    def ordered(self) -> Decimal | None:
        """The line's ordered quantity."""
    @property
    def tolerance_below(self) -> Decimal | None:
        """The line's tolerance below ordered (0 without one); ``as_dict`` has it only for
        a line with a tolerance."""
    @property
    def tolerance_above(self) -> Decimal | None:
        """The line's tolerance above ordered (0 without one)."""
    @property
    def within_tolerance(self) -> bool:
        """The line is complete with a picked quantity other than ordered."""
    @property
    def attempted(self) -> Decimal | None:
        """``over_pick``: the quantity that did not fit."""
    @property
    def excess(self) -> Decimal | None:
        """``over_pick``: how much of it the line cannot take — beyond ``ordered +
        tolerance_above`` for an open line, all of it for a complete line."""
    @property
    def removed(self) -> Decimal | None:
        """``undone``: the quantity taken back."""
    @property
    def undone_id(self) -> str | None:
        """``undone``: the scan or entry id taken back."""
    @property
    def missing(self) -> tuple[Literal["batch", "expiry", "serial"], ...]:
        """``*_required``: every capture field the scan lacked (the kind names the first)."""
    @property
    def order_finished(self) -> bool:
        """Nothing is left to pick after this verdict."""
    @property
    def with_shortages(self) -> bool:
        """The order is finished and some line was closed short."""
    @property
    def first(self) -> Verdict | None:
        """``duplicate``: the verdict the operation id got the first time."""
    def as_dict(self) -> dict[str, object]:
        """``kind``, ``ok`` and the fields that apply; ``first`` nested as a dict."""

@final
class LineProgress:
    """One line's progress, a snapshot taken when it was read.  Frozen, hashable."""

    @property
    def line_id(self) -> int: ...
    @property
    def product_id(self) -> int | None: ...
    @property
    def ordered(self) -> Decimal: ...
    @property
    def picked(self) -> Decimal: ...
    @property
    def remaining(self) -> Decimal:
        """``ordered - picked`` while the line is open; 0 once it is complete."""
    @property
    def tolerance_below(self) -> Decimal: ...
    @property
    def tolerance_above(self) -> Decimal: ...
    @property
    def within_tolerance(self) -> bool:
        """Complete with a picked quantity other than ordered (within the tolerance)."""
    @property
    def status(self) -> Literal["open", "complete", "short"]: ...
    @property
    def is_complete(self) -> bool:
        """Picked as ordered, or within the line's tolerance."""
    @property
    def is_short(self) -> bool:
        """Closed by a shortage report."""
    @property
    def shortage_reason(self) -> str | None: ...

@final
class PickProgress:
    """The order at a glance, a snapshot taken when it was read."""

    @property
    def line_count(self) -> int: ...
    @property
    def lines_open(self) -> int: ...
    @property
    def lines_complete(self) -> int: ...
    @property
    def lines_short(self) -> int: ...
    @property
    def actions(self) -> int:
        """Counted actions in effect (what ``undo`` can take back)."""
    @property
    def operations(self) -> int:
        """Operation ids seen (scans, entries, undos)."""
    @property
    def is_complete(self) -> bool: ...
    @property
    def has_shortages(self) -> bool: ...
    @property
    def is_finished(self) -> bool: ...
    @property
    def lines(self) -> tuple[LineProgress, ...]: ...

@final
class PickAction:
    """A counted scan or manual entry still in effect (on the undo stack)."""

    @property
    def action_id(self) -> str:
        """The scan or entry id."""
    @property
    def line_id(self) -> int: ...
    @property
    def quantity(self) -> Decimal: ...
    @property
    def manual(self) -> bool:
        """Entered by hand rather than scanned."""
    @property
    def batch(self) -> str | None: ...
    @property
    def expiry(self) -> str | None: ...
    @property
    def serial(self) -> str | None: ...

@final
class PickSession:
    """The state of picking one order; every operation returns a ``Verdict`` at once.

    Operation ids (scan ids, entry ids, undo ids) share one namespace and make every
    operation idempotent: an id seen before returns ``kind == "duplicate"`` with the first
    verdict and changes nothing — except after ``batch_required``, ``expiry_required``,
    ``serial_required`` or ``duplicate_serial``, when the same id may be sent again with
    the data and is judged afresh.  Pure: no I/O, no clock.  Picklable (binary form).
    Equal when the states are equal.
    """

    FORMAT_VERSION: ClassVar[int]
    """The newest snapshot format version (2: lines carry tolerances); ``from_*`` read 1
    and 2, ``to_*`` write 1 for a session without tolerances and 2 otherwise."""

    def __new__(cls, lines: Sequence[PickLine]) -> PickSession:
        """``ValueError`` for no lines or a repeated line id."""
    def scan(
        self,
        scan_id: str,
        key: str,
        *,
        quantity: _QuantityIn | None = None,
        batch: str | None = None,
        expiry: str | datetime.date | None = None,
        serial: str | None = None,
        known_product: bool = False,
    ) -> Verdict:
        """Judge one scan and count it if it fits.

        ``key``: GTIN-14 for product codes, else the raw code.  ``quantity``: carried by
        the code (weight, GS1 AI 30/310n); replaces the barcode's multiplier.  ``expiry``:
        a date becomes ``YYYY-MM-DD``; a str is kept as given.  Empty strings count as
        absent.  ``known_product``: the code is in the catalogue, so a code on no line is
        ``wrong_product`` rather than ``unknown_code``.  ``ValueError`` for an empty id or
        key or a non-positive quantity (nothing is recorded).
        """
    def manual(
        self,
        entry_id: str,
        line_id: int,
        quantity: _QuantityIn,
        *,
        batch: str | None = None,
        expiry: str | datetime.date | None = None,
        serial: str | None = None,
    ) -> Verdict:
        """Judge a quantity typed in for one line (scan rules, that line only).

        ``ValueError`` for an empty id, a line not on the order, a non-positive quantity.
        """
    def undo(self, action_id: str) -> Verdict:
        """Take back the last counted action still in effect.

        ``undone``, or ``nothing_to_undo``; a replayed ``action_id`` is a ``duplicate``
        and takes back nothing more.  The undone scan id stays seen.
        """
    def report_shortage(self, line_id: int, reason: str) -> Verdict:
        """Close a line short (``shortage_reported``); what was picked stays.

        Reporting a short line again returns the same verdict (first reason kept).
        ``ValueError`` for an unknown line, an empty reason, or a fully picked line.
        """
    def verdict_for(self, operation_id: str) -> Verdict | None:
        """The recorded verdict of an operation id (as a replay would see it), or None."""
    def line(self, line_id: int) -> LineProgress:
        """One line's progress; ``ValueError`` if it is not on the order."""
    @property
    def lines(self) -> tuple[LineProgress, ...]:
        """Every line's progress, in line order."""
    @property
    def actions(self) -> tuple[PickAction, ...]:
        """Counted actions still in effect, oldest first (``undo`` takes the last)."""
    def progress(self) -> PickProgress: ...
    @property
    def is_complete(self) -> bool:
        """Every line picked exactly as ordered (never with a shortage)."""
    @property
    def has_shortages(self) -> bool: ...
    @property
    def is_finished(self) -> bool:
        """Nothing left to pick: every line complete or closed short."""
    def to_json(self) -> str:
        """The state as JSON (deterministic); see docs/picking.md for the format."""
    @staticmethod
    def from_json(text: str) -> PickSession:
        """Rebuild from ``to_json``; ``ValueError`` if malformed, inconsistent or of
        another format version."""
    def to_bytes(self) -> bytes:
        """The state in the compact binary form (``b"KPS"`` + postcard; deterministic)."""
    @staticmethod
    def from_bytes(data: bytes) -> PickSession:
        """Rebuild from ``to_bytes``; ``ValueError`` as for ``from_json``."""

# -- ZPL labels and graphics ---------------------------------------------------------------

# ZPL labels and ^GF graphics (core_rs/python/src/zpl.rs); merged into kolektor/_core.pyi.

_ZplRotation = Literal["N", "R", "I", "B"]
_GraphicEncodingName = Literal["z64", "acs", "b64", "hex"]
_ImageMode = Literal["L", "1"]
_GS1Elements = str | Sequence[tuple[str, str]]

@final
class TextBlock:
    """A field block (``^FB``) for ``ZplLabel.text``: wrap into ``width`` mm, at most
    ``lines`` lines; ``"\\n"`` in the text breaks a line.  ``align`` is ``"L"``, ``"C"``,
    ``"R"`` or ``"J"`` (justified); ``line_spacing`` is extra space between lines in mm.
    ``ValueError`` for a width ≤ 0, lines outside 1–9999 or an unknown alignment."""

    def __new__(
        cls, width: float, lines: int = 1, align: str = "L", line_spacing: float = 0.0
    ) -> TextBlock: ...
    @property
    def width(self) -> float:
        """Block width in mm."""
    @property
    def lines(self) -> int:
        """Maximum number of lines."""
    @property
    def align(self) -> str:
        """``"L"``, ``"C"``, ``"R"`` or ``"J"``."""
    @property
    def line_spacing(self) -> float:
        """Extra space between lines in mm."""

@final
class ZplLabel:
    """A ZPL label built in millimetres and rendered at one printer resolution.

    ``dpmm`` is 8, 12 or 24 (203, 300, 600 dpi; anything else is a ``ValueError``).
    Millimetres become dots with the head's real pitch (dpi / 25.4), rounded: a 4 × 6 in
    label, ``ZplLabel(101.6, 152.4)``, is ``^PW812^LL1218`` at 8 dpmm.  Positions are the
    top-left corner of each element.  Every method checks its element and raises
    ``ValueError`` with the reason (outside the label, font under 10 dots, barcode too
    long, invalid GS1 data, …); the label is unchanged then.  ``zpl()`` gives
    ``^XA^CI28^PW…^LL…^LH0,0``, one line per element, ``^PQ<copies>^XZ``.
    """

    def __new__(
        cls, width_mm: float, height_mm: float, dpmm: int = 8, *, copies: int = 1
    ) -> ZplLabel: ...
    @property
    def dpmm(self) -> int:
        """Dots per millimetre: 8, 12 or 24."""
    @property
    def dpi(self) -> int:
        """Dots per inch: 203, 300 or 600."""
    @property
    def width_mm(self) -> float:
        """Label width in mm, as given."""
    @property
    def height_mm(self) -> float:
        """Label height in mm, as given."""
    @property
    def width_dots(self) -> int:
        """Label width in dots (``^PW``)."""
    @property
    def height_dots(self) -> int:
        """Label length in dots (``^LL``)."""
    @property
    def copies(self) -> int:
        """Copies printed (``^PQ``)."""
    def dots(self, mm: float) -> int:
        """``mm`` in whole dots at this label's resolution (to rasterise images for
        ``graphic``)."""
    def text(
        self,
        x: float,
        y: float,
        text: str,
        *,
        height: float,
        width: float | None = None,
        rotation: _ZplRotation = "N",
        block: TextBlock | None = None,
    ) -> None:
        """Text in the scalable font 0 (``^A0``), ``height``/``width`` in mm (width
        defaults to the height; each at least 10 dots).  Any text is safe: ``^``, ``~``,
        ``_``, ``\\`` and control characters are written as ``^FH`` hex escapes, Polish and
        other non-ASCII letters as raw UTF-8 (``^CI28``).  _ZplRotation ``N``/``R``/``I``/``B``
        = 0°/90°/180°/270° clockwise."""
    def code128(
        self,
        x: float,
        y: float,
        data: str,
        *,
        height: float,
        module: float = 0.375,
        rotation: _ZplRotation = "N",
        hri: bool = True,
    ) -> None:
        """A Code 128 barcode of printable ASCII (``^BC`` mode N with the subsets chosen
        here, shortest symbol).  ``module`` in mm becomes whole dots (1–10);
        ``hri`` prints the printer's interpretation line below."""
    def gs1_128(
        self,
        x: float,
        y: float,
        elements: _GS1Elements,
        *,
        height: float,
        module: float = 0.5,
        rotation: _ZplRotation = "N",
        hri: bool = True,
    ) -> None:
        """A GS1-128 barcode from ``"(00)373400306809981733"`` or ``[("00",
        "373400306809981733")]``: start C, FNC1, FNC1 after each variable-length element
        but the last; check digits of AI 00/01/02/41x verified; at most 48 data
        characters.  With ``hri`` the parenthesised text is printed centred 1 mm below the
        bars (3 mm high), rotated with them."""
    def qr(
        self,
        x: float,
        y: float,
        data: str,
        *,
        module: float = 0.5,
        error_correction: Literal["L", "M", "Q", "H"] = "Q",
    ) -> None:
        """A QR code (``^BQN,2,m`` and ``^FD<level>A,<data>``) of ASCII data; ``module`` in
        mm becomes the magnification 1–10.  No rotation (QR reads at any angle)."""
    def datamatrix(
        self,
        x: float,
        y: float,
        data: str | Sequence[tuple[str, str]],
        *,
        module: float = 0.5,
        rotation: _ZplRotation = "N",
        gs1: bool = False,
    ) -> None:
        """A DataMatrix ECC 200 (``^BX…,200,,,,_`` with ``_`` as the explicit escape
        character).  With ``gs1=True`` ``data`` is GS1 elements (string or pairs) and the
        symbol starts with FNC1 (``_1``) — GS1 DataMatrix — with ``_1`` after
        variable-length elements; otherwise ``data`` is ASCII text."""
    def box(
        self,
        x: float,
        y: float,
        width: float,
        height: float,
        *,
        thickness: float = 0.25,
        rounding: int = 0,
    ) -> None:
        """A rectangle (``^GB``); ``rounding`` 0–8; a thickness of half the smaller side
        fills it."""
    def line(
        self,
        x: float,
        y: float,
        length: float,
        *,
        thickness: float = 0.25,
        vertical: bool = False,
    ) -> None:
        """A horizontal (or vertical) line from (x, y) to the right (or down)."""
    def graphic(
        self,
        x: float,
        y: float,
        image: bytes,
        width: int,
        height: int,
        *,
        mode: _ImageMode = "L",
        dither: bool = False,
        threshold: int = 128,
        encoding: _GraphicEncodingName = "z64",
        stride: int | None = None,
        crop: tuple[int, int, int, int] | None = None,
    ) -> None:
        """An image printed dot for dot (render it at ``self.dpi``), see
        ``encode_graphic`` (also for ``stride`` and ``crop``).  Images over 99 999 bytes
        packed become several ``^GF`` bands.  ``ValueError`` when it does not fit on the
        label."""
    def zpl(self) -> str:
        """The label's ZPL."""

@final
class GraphicField:
    """A decoded ``^GFA`` graphic field."""

    @property
    def width(self) -> int:
        """Width in dots: ``bytes_per_row * 8``."""
    @property
    def height(self) -> int:
        """Height in dots (rows)."""
    @property
    def bytes_per_row(self) -> int:
        """``d`` of ``^GFA,b,c,d``."""
    @property
    def bits(self) -> bytes:
        """Packed rows, most significant bit first, 1 = black."""
    @property
    def encoding(self) -> _GraphicEncodingName:
        """How the field was written."""
    def black_dots(self) -> int:
        """The number of black dots."""
    def pixel(self, x: int, y: int) -> bool:
        """True when the dot at (x, y) is black; ``IndexError`` outside the field."""

def encode_graphic(
    image: bytes,
    width: int,
    height: int,
    *,
    mode: _ImageMode = "L",
    dither: bool = False,
    threshold: int = 128,
    encoding: _GraphicEncodingName = "z64",
    stride: int | None = None,
    crop: tuple[int, int, int, int] | None = None,
) -> str:
    """``^GFA,c,c,d,<data>`` for an image.

    ``mode="L"``: one byte per pixel, 0 = black … 255 = white (PIL "L"); a pixel is black
    when below ``threshold`` — or, with ``dither=True``, Floyd–Steinberg error diffusion
    (photos, shaded logos; never for barcodes; pure black and white pixels are kept as
    they are).  ``mode="1"``: PIL's packed 1-bit bytes (1 = white); ``dither`` and
    ``threshold`` do not apply.  ``encoding``: ``"z64"`` (zlib + base64 + CRC-16,
    smallest), ``"acs"`` (compressed hex, most compatible), ``"b64"``, ``"hex"``.
    ``ValueError`` when the byte count does not match, e.g. "image has 1000 bytes,
    expected 812 × 1218 = 989016".

    For a grayscale image as a PDF renderer leaves it: ``stride`` is the number of bytes
    from one row to the next (rows may be padded; default: the width), ``crop`` =
    ``(x, y, width, height)`` the part of the image to encode, in pixels (e.g. from
    ``ink_box``); ``ValueError`` for a crop outside the image or with ``mode="1"``.
    """

def decode_graphic(zpl: str) -> GraphicField:
    """Decode the first ``^GF`` in ``zpl`` (plain hex, ACS, B64 or Z64); ``ValueError``
    for bad counts (b ≠ c, c not a multiple of d), bad data or a CRC mismatch."""

def decode_graphics(zpl: str) -> list[GraphicField]:
    """Decode every ``^GF`` in ``zpl``, in order."""

def ink_box(
    image: bytes,
    width: int,
    height: int,
    *,
    stride: int | None = None,
    threshold: int = 128,
) -> tuple[int, int, int, int] | None:
    """The smallest rectangle ``(x, y, width, height)`` holding every pixel of a grayscale
    image (0 = black … 255 = white) darker than ``threshold`` — the page without its white
    margins — or None for a blank image.  Rows are ``stride`` bytes apart (default: the
    width); ``ValueError`` when the buffer is too short for them."""

def code128_field_modules(data: str, mode: Literal["N", "A", "D"] = "N") -> tuple[str, str]:
    """What a ``^BC`` field prints: its modules (``"1"`` a bar, ``"0"`` a space, first bar
    to stop, check character included) and its interpretation line.  ``data`` is the field
    data after ``^FH`` escapes; ``mode`` is ``^BC``'s: ``"N"`` follows the invocation codes
    (``>:`` start B, ``>;`` start C, ``>9`` start A, ``>5``/``>6``/``>7`` code C/B/A,
    ``>8`` FNC1, ``>0`` ``><`` ``>=`` for ``>`` ``^`` ``~``; no start code = B), ``"A"``
    chooses subsets itself (``>8`` FNC1), ``"D"`` is GS1-128 from ``(00)…`` (the line keeps
    the parentheses).  ``ValueError`` names what cannot be read (mode U, FNC2–4, SHIFT, an
    odd digit in subset C, non-ASCII data)."""

def code128_modules(data: str) -> str:
    """The Code 128 symbol of ``data`` (printable ASCII) as modules from the first bar to the
    last — the same shortest B/C symbol ``ZplLabel.code128`` prints, with its check
    character and stop: ``"1"`` a bar, ``"0"`` a space (quiet zones not included), e.g. to
    draw the barcode in a PDF.  ``ValueError`` names a character that is not printable
    ASCII."""
