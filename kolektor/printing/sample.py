"""The test label the office prints from the panel ("Wydruk testowy"): proof that the
printer is reached, prints, and has the resolution and label size it is set up with.

Built with the Rust ZPL builder (:class:`kolektor._core.ZplLabel`) at the printer's dpi and
label size: a frame 1 mm inside the label's edge, a ruler along the top and down the left
(a tick every 5 mm, a longer one with its number every 10 mm), then the printer's name, the
date and time, and the resolution and size it is configured with.  A label printed with the
wrong dpi setting comes out visibly the wrong size: the ruler's 10 mm are not 10 mm, and
the frame does not meet the edges.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from kolektor import _core
from kolektor.i18n import Language, decimal_text, t
from kolektor.labels.own import DPMM

RULER_STEP_MM = 5
FRAME_MM = 1.0
TICK_MM = 2.0
LONG_TICK_MM = 4.0
NUMBER_MM = 2.5


def _number_fits(label: _core.ZplLabel, mm: int, text: str, *, along: str) -> bool:
    room = label.width_mm if along == "x" else label.height_mm
    return mm + len(text) * NUMBER_MM * 0.7 + FRAME_MM < room


def _ruler(label: _core.ZplLabel) -> None:
    """Ticks along the top edge and down the left edge, numbered every 10 mm."""
    for mm in range(RULER_STEP_MM, int(label.width_mm - FRAME_MM), RULER_STEP_MM):
        long = mm % 10 == 0
        label.line(mm, FRAME_MM, LONG_TICK_MM if long else TICK_MM, vertical=True)
        if long and _number_fits(label, mm, str(mm), along="x"):
            label.text(mm + 0.5, FRAME_MM + LONG_TICK_MM - NUMBER_MM, str(mm), height=NUMBER_MM)
    for mm in range(RULER_STEP_MM, int(label.height_mm - FRAME_MM), RULER_STEP_MM):
        long = mm % 10 == 0
        label.line(FRAME_MM, mm, LONG_TICK_MM if long else TICK_MM)
        if long and mm > 10 and _number_fits(label, mm, str(mm), along="y"):
            label.text(FRAME_MM + LONG_TICK_MM + 0.5, mm - NUMBER_MM / 2, str(mm), height=NUMBER_MM)


def _fitted(text: str, width_mm: float, height_mm: float) -> str:
    """``text`` cut to what fits on a line ``width_mm`` wide (font 0 is narrower than its
    height; 0.62 × height per character is a generous estimate)."""
    room = int(width_mm / (height_mm * 0.62))
    return text if len(text) <= room else text[: max(1, room - 3)] + "..."


def sample_label_zpl(
    *,
    printer: str,
    dpi: int,
    width_mm: Decimal,
    height_mm: Decimal,
    printed_at: datetime,
    language: Language = "pl",
) -> str:
    """The test label's ZPL for a printer of ``dpi`` with ``width_mm`` × ``height_mm``
    labels (``ValueError`` for a resolution ZPL has no dots-per-mm for)."""
    label = _core.ZplLabel(float(width_mm), float(height_mm), DPMM[dpi])
    width, height = label.width_mm, label.height_mm
    label.box(FRAME_MM, FRAME_MM, width - 2 * FRAME_MM, height - 2 * FRAME_MM)
    _ruler(label)
    left = FRAME_MM + LONG_TICK_MM + 5
    room = width - left - 2 * FRAME_MM
    size = max(1.6, min(4.0, room / 22, (height - 12) / 12))
    lines = [
        (t("printers.sample.title", language), size * 1.25),
        (printer, size * 1.25),
        (printed_at.strftime("%Y-%m-%d %H:%M:%S"), size),
        (
            t(
                "printers.sample.setup",
                language,
                dpi=dpi,
                width=decimal_text(width_mm, language),
                height=decimal_text(height_mm, language),
            ),
            size,
        ),
        (t("printers.sample.ruler", language), size * 0.8),
    ]
    y = FRAME_MM + LONG_TICK_MM + NUMBER_MM + 2
    for text, text_height in lines:
        if y + text_height > height - 2 * FRAME_MM:
            break
        label.text(left, y, _fitted(text, room, text_height), height=text_height)
        y += text_height * 1.5
    return label.zpl()
