"""Badges: the cards warehouse staff log in with by scanning them (``docs/scanner-protocol.md``,
*Logging in*), and how to print them.

A badge is a Code 128 barcode of a code that only the operator's card carries.  The store
keeps a keyed hash of it and its last characters (:mod:`kolektor.auth.keys`), never the
code, so a card can be printed only while the code is known: when an admin creates an
operator with it or has the server issue a new one (:func:`new_badge_code`).  Two ways to
print one:

* a **ZPL label** for a Zebra label printer, 50 × 30 mm (:func:`zpl_labels`), built by the
  Rust core's label builder (``docs/zpl.md``): the name, the role and the barcode with its
  text line, which the printer adds;
* a **PDF sheet** of cards for an office printer (:func:`pdf_sheet`): A4, ten ID-1 cards
  (85.6 × 54 mm, the size of a payment card) per page with cut lines, each with the name,
  the role, the barcode and the code.  The bars are the same symbol the label printer
  draws, taken from the core (``code128_modules``) and drawn as rectangles by Typst, the
  engine Kolektor's documents are made with (``docs/documents.md``).

Both refuse a code whose barcode would not fit or would have bars too thin for a handheld
to read (:class:`BadgeDoesNotFit`); every code :func:`new_badge_code` makes fits both.
"""

from __future__ import annotations

import json
import secrets
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Final, Literal

import typst

from kolektor._core import TextBlock, ZplLabel, code128_modules
from kolektor.i18n import Language, Message, t

BADGE_PREFIX: Final = "OP-"
"""What every generated code starts with (like the demo's ``OP-0001``): never mistaken for
a PIN, which is digits only."""
BADGE_DIGITS: Final = 12
"""Random digits after the prefix: 10¹² codes (40 bits).  A guessed code is worth nothing
without the PIN (except for an operator an admin made *badge only*), and every guess counts
against the device's address (``docs/security.md``).  Digits pack two per Code 128 symbol
character, which keeps the barcode short."""

LABEL_WIDTH_MM: Final = 50.0
LABEL_HEIGHT_MM: Final = 30.0
LABEL_MODULE_MM: Final = 0.25
"""The narrowest bar on a label: 2 dots at 203 dpi, 3 at 300, 6 at 600 — 10 mil, which
every handheld reads."""
QUIET_MODULES: Final = 10
"""Code 128 needs ten modules of white on either side of the bars."""
LABEL_DPI: Final = {8: 203, 12: 300, 24: 600}
"""The label printers' resolutions: dots per mm (as ZPL names them) → dots per inch."""

CARD_WIDTH_MM: Final = 85.6
CARD_PADDING_MM: Final = 4.0
CARD_MODULE_MM: Final = 0.33
"""The narrowest bar on a card printed on an office printer (13 mil)…"""
CARD_MIN_MODULE_MM: Final = 0.19
"""… and how thin it may get for a long code before the card is refused (7.5 mil)."""

TEMPLATES: Final = Path(__file__).resolve().parents[1] / "templates" / "badges"
"""``sheet.typ``: the PDF sheet's layout."""

PrintFormat = Literal["label", "sheet"]


class BadgeDoesNotFit(ValueError):
    """A code whose barcode does not fit the label or the card, or would be too thin to
    scan (catalog key ``badge.too_long``; render with :func:`kolektor.i18n.describe`)."""

    def __init__(self, code: str, where: PrintFormat) -> None:
        self.key = "badge.too_long"
        self.params = {"length": len(code), "where": Message(f"badge.where.{where}")}
        super().__init__(t(self.key, "en", **self.params))


@dataclass(frozen=True, slots=True)
class Badge:
    """What goes on one card: whose it is and the code it carries."""

    name: str
    role: str
    """The role's value (``picker``…), printed in the sheet's language."""
    code: str


def new_badge_code() -> str:
    """A fresh random badge code, ``OP-`` and 12 digits (``secrets``: unpredictable)."""
    digits = "".join(secrets.choice("0123456789") for _ in range(BADGE_DIGITS))
    return BADGE_PREFIX + digits


def bar_runs(code: str) -> list[tuple[int, int]]:
    """The bars of ``code``'s Code 128 symbol as (first module, width in modules), from the
    core's encoder — the symbol a label printer draws for the same code."""
    modules = code128_modules(code)
    runs: list[tuple[int, int]] = []
    start: int | None = None
    for index, module in enumerate([*modules, "0"]):
        if module == "1" and start is None:
            start = index
        elif module == "0" and start is not None:
            runs.append((start, index - start))
            start = None
    return runs


def symbol_modules(code: str) -> int:
    """The width of ``code``'s barcode in modules (quiet zones not included)."""
    return len(code128_modules(code))


# -- the ZPL label --------------------------------------------------------------------------


def label_module_mm(code: str, dpmm: int = 8) -> float:
    """The module a label prints ``code``'s barcode with at ``dpmm`` dots per mm: 0.25 mm
    rounded to whole dots, as the printer draws it.  :class:`BadgeDoesNotFit` when the
    barcode and its quiet zones are wider than the label."""
    dpi = LABEL_DPI[dpmm]
    module_mm = max(1, round(LABEL_MODULE_MM * dpi / 25.4)) * 25.4 / dpi
    if (symbol_modules(code) + 2 * QUIET_MODULES) * module_mm > LABEL_WIDTH_MM:
        raise BadgeDoesNotFit(code, "label")
    return module_mm


def zpl_label(badge: Badge, *, dpmm: int = 8, language: Language = "pl") -> str:
    """One 50 × 30 mm label: the name (two lines at most), the role, and the barcode with
    the printer's text line under it, centred.  ``dpmm`` is the printer's resolution (8,
    12 or 24 dots per mm).  :class:`BadgeDoesNotFit` as :func:`label_module_mm`."""
    label = ZplLabel(LABEL_WIDTH_MM, LABEL_HEIGHT_MM, dpmm)
    module_mm = label_module_mm(badge.code, dpmm)
    margin = 2.0
    text_width = LABEL_WIDTH_MM - 2 * margin
    label.text(margin, 1.5, badge.name, height=3.2, block=TextBlock(text_width, lines=2))
    role = t(f"panel.role.{badge.role}", language)
    label.text(margin, 8.6, role, height=2.6, block=TextBlock(text_width, lines=1))
    bars_mm = symbol_modules(badge.code) * module_mm
    label.code128((LABEL_WIDTH_MM - bars_mm) / 2, 12.2, badge.code, height=11.0,
                  module=module_mm)  # fmt: skip
    return label.zpl()


def zpl_labels(badges: list[Badge], *, dpmm: int = 8, language: Language = "pl") -> str:
    """Labels for every badge, one after another (one print job)."""
    return "".join(zpl_label(badge, dpmm=dpmm, language=language) for badge in badges)


# -- the PDF sheet --------------------------------------------------------------------------

_local = threading.local()


def card_module_mm(code: str) -> float:
    """The module width a card prints ``code``'s barcode with: 0.33 mm, narrower for a long
    code so it fits between the card's margins with its quiet zones.
    :class:`BadgeDoesNotFit` below 0.19 mm."""
    room = CARD_WIDTH_MM - 2 * CARD_PADDING_MM
    module = min(CARD_MODULE_MM, room / (symbol_modules(code) + 2 * QUIET_MODULES))
    if module < CARD_MIN_MODULE_MM:
        raise BadgeDoesNotFit(code, "sheet")
    return module


def sheet_payload(badges: list[Badge], language: Language) -> dict[str, object]:
    """What ``sheet.typ`` gets: each card's texts and bars (modules and the module width in
    mm), every text already in the sheet's language."""
    cards = []
    for badge in badges:
        module = card_module_mm(badge.code)
        cards.append({
            "name": badge.name,
            "role": t(f"panel.role.{badge.role}", language),
            "code": badge.code,
            "module": round(module, 4),
            "modules": symbol_modules(badge.code),
            "bars": [list(run) for run in bar_runs(badge.code)],
        })  # fmt: skip
    return {"language": language, "heading": t("badge.card_heading", language), "cards": cards}


def pdf_sheet(badges: list[Badge], *, language: Language = "pl") -> bytes:
    """The cards on A4 pages, ten per page, as PDF (blocking, a few tens of ms: run it in a
    worker thread).  :class:`BadgeDoesNotFit` for a code too long for a card."""
    payload = json.dumps(sheet_payload(badges, language), ensure_ascii=False)
    compiler: typst.Compiler | None = getattr(_local, "compiler", None)
    if compiler is None:
        compiler = _local.compiler = typst.Compiler(root=str(TEMPLATES), ignore_system_fonts=True)
    pdf = compiler.compile(input=str(TEMPLATES / "sheet.typ"), format="pdf",
                           sys_inputs={"badges": payload})  # fmt: skip
    assert isinstance(pdf, bytes)
    return pdf
