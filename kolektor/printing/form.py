"""A label printer and a packing station as the office enters them in the panel: each value
checked, each refusal naming its field (``field``) and saying what would be right.

A printer (``docs/shipping.md``):

* ``name`` — 1–100 characters, unique (the panel and the packer see it in messages);
* ``kind`` — ``zebra`` (raw TCP to the printer) or ``cups`` (a raw CUPS queue);
* ``address`` — a Zebra's ``host:port`` (``192.168.1.50:9100``; the port is 9100 when left
  out, and is written out when saved) or the CUPS queue's name (``Pakowanie-1``);
* ``dpi`` — the head's resolution: 203, 300 or 600 (the label's ZPL is built for it);
* ``width_mm``, ``height_mm`` — the label's size, from 20 × 10 mm to 170 × 400 mm with at
  most two decimals (4 × 6 in is 101.6 × 152.4 mm, the default).  Zebra's widest heads
  print 168 mm (6.6 in); a shipping label is 100–150 mm long.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any, Final

from kolektor import safejson
from kolektor.printing.target import KINDS, BadAddress, PrinterTarget, parse_endpoint
from kolektor.store.shipping_office import PrinterValues

PRINTER_FIELDS: Final = frozenset({"name", "kind", "address", "dpi", "width_mm", "height_mm"})
STATION_FIELDS: Final = frozenset({"name", "label_printer_id"})
DPI_CHOICES: Final = (203, 300, 600)
MAX_NAME: Final = 100
MAX_ADDRESS: Final = 200
WIDTH_MM: Final = (Decimal(20), Decimal(170))
HEIGHT_MM: Final = (Decimal(10), Decimal(400))
DEFAULT_WIDTH_MM: Final = Decimal("101.6")
DEFAULT_HEIGHT_MM: Final = Decimal("152.4")
DEFAULT_DPI: Final = 203
MAX_ID: Final = 2**31 - 1


class FormProblem(ValueError):
    """A value the office must correct: ``field`` names it, ``key``/``params`` say why in the
    catalog (``printers.form.*`` or ``printing.address.*``)."""

    def __init__(self, field: str, key: str, /, **params: object) -> None:
        super().__init__(key)
        self.field = field
        self.key = key
        self.params = params


def _unknown(data: Mapping[str, Any], known: frozenset[str]) -> None:
    extra = sorted(str(name) for name in set(data) - known)
    if extra:
        raise FormProblem(extra[0][:40], "printers.form.unknown_field", field=extra[0][:40],
                          known=", ".join(sorted(known)))  # fmt: skip


def name_of(data: Mapping[str, Any]) -> str:
    value = data.get("name")
    if not isinstance(value, str) or not value.strip():
        raise FormProblem("name", "printers.form.name_empty")
    name = " ".join(value.split())
    if len(name) > MAX_NAME:
        raise FormProblem("name", "printers.form.name_long", limit=MAX_NAME)
    if not safejson.is_clean_text(name) or not name.isprintable():
        raise FormProblem("name", "printers.form.name_characters")
    return name


def _kind(data: Mapping[str, Any]) -> str:
    value = data.get("kind")
    if value not in KINDS:
        raise FormProblem("kind", "printers.form.kind", kinds=", ".join(KINDS))
    return str(value)


def _address(data: Mapping[str, Any], kind: str) -> str:
    value = data.get("address")
    if not isinstance(value, str) or not value.strip():
        raise FormProblem("address", f"printers.form.address_empty_{kind}")
    address = value.strip()
    if len(address) > MAX_ADDRESS or not safejson.is_clean_text(address):
        raise FormProblem("address", "printers.form.address_long", limit=MAX_ADDRESS)
    try:
        if kind == "cups":
            return PrinterTarget(name="?", kind="cups", address=address).queue()
        host, port = parse_endpoint(address)
    except BadAddress as error:
        raise FormProblem("address", error.key, **error.params) from None
    shown = f"[{host}]" if ":" in host else host
    return f"{shown}:{port}"


def _dpi(data: Mapping[str, Any]) -> int:
    value = data.get("dpi", DEFAULT_DPI)
    if isinstance(value, bool) or value not in DPI_CHOICES:
        raise FormProblem("dpi", "printers.form.dpi", choices=", ".join(map(str, DPI_CHOICES)))
    return int(value)


def _millimetres(data: Mapping[str, Any], name: str, default: Decimal,
                 limits: tuple[Decimal, Decimal]) -> Decimal:  # fmt: skip
    value = data.get(name, str(default))
    low, high = limits
    problem = FormProblem(name, f"printers.form.{name}", low=low, high=high)
    if (
        isinstance(value, bool)
        or not isinstance(value, int | float | str)
        or (isinstance(value, str) and len(value) > 12)
    ):
        raise problem
    try:
        number = Decimal(str(value).strip().replace(",", "."))
    except InvalidOperation:
        raise problem from None
    if not number.is_finite() or not low <= number <= high:
        raise problem
    if number != number.quantize(Decimal("0.01")):
        raise problem
    return number.quantize(Decimal("0.01"))


def printer_values(data: Mapping[str, Any]) -> PrinterValues:
    """The printer in a request body; :class:`FormProblem` for the first value to correct."""
    _unknown(data, PRINTER_FIELDS)
    name = name_of(data)
    kind = _kind(data)
    return PrinterValues(
        name=name,
        kind=kind,
        address=_address(data, kind),
        dpi=_dpi(data),
        width_mm=_millimetres(data, "width_mm", DEFAULT_WIDTH_MM, WIDTH_MM),
        height_mm=_millimetres(data, "height_mm", DEFAULT_HEIGHT_MM, HEIGHT_MM),
    )


def station_values(data: Mapping[str, Any]) -> tuple[str, int | None]:
    """The station in a request body: its name and label printer's id (None: none)."""
    _unknown(data, STATION_FIELDS)
    name = name_of(data)
    printer_id = data.get("label_printer_id")
    if printer_id is not None and (
        isinstance(printer_id, bool) or not isinstance(printer_id, int)
        or not 1 <= printer_id <= MAX_ID
    ):  # fmt: skip
        raise FormProblem("label_printer_id", "printers.form.printer_id")
    return name, printer_id
