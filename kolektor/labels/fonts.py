"""The font label previews draw text with: DejaVu Sans Bold, a free font with every Polish
letter, from the system (Debian's ``fonts-dejavu-core``, installed by
``scripts/system-deps.sh``).

Zebra's font 0 (CG Triumvirate Bold Condensed) is not free; a bold sans serif narrowed to
the condensed width (:data:`CONDENSE`) stands in for it, so a preview shows where text
goes and how long it runs, not the printer's exact glyphs.
"""

from __future__ import annotations

import functools
import shutil
import subprocess
from pathlib import Path

from PIL import ImageFont

from kolektor.labels.errors import LabelImageError

CANDIDATES = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",  # Debian, Ubuntu
    "/usr/share/fonts/TTF/DejaVuSans-Bold.ttf",  # Arch
    "/usr/share/fonts/dejavu-sans-fonts/DejaVuSans-Bold.ttf",  # Fedora
    "/usr/share/fonts/dejavu/DejaVuSans-Bold.ttf",  # Alpine, older Fedora
    "/usr/local/share/fonts/DejaVuSans-Bold.ttf",
    "/Library/Fonts/DejaVuSans-Bold.ttf",  # macOS, installed by hand
)
"""Where distributions put DejaVu Sans Bold; fontconfig (``fc-match``) is asked after these."""

ASCENT_DESCENT = 1.164
"""DejaVu Sans' ascender + descender in ems: a ZPL font height of ``h`` dots (the whole
character cell) is a font size of ``h / 1.164`` pixels."""

CONDENSE = 0.85
"""How much narrower font 0 is than DejaVu Sans Bold at the same height."""


def _has_polish(path: str) -> bool:
    """True when the font draws ``ą`` as its own glyph, not the missing-glyph box."""
    font = ImageFont.truetype(path, 40, layout_engine=ImageFont.Layout.BASIC)
    glyph, missing = font.getmask("ą"), font.getmask("\ue000")
    return (glyph.size, list(glyph)) != (missing.size, list(missing))


def _fontconfig() -> str | None:
    if shutil.which("fc-match") is None:
        return None
    try:
        found = subprocess.run(
            ["fc-match", "--format=%{file}", "DejaVu Sans:bold"],
            capture_output=True, text=True, timeout=5, check=False,
        )  # fmt: skip
    except (OSError, subprocess.SubprocessError):
        return None
    return found.stdout.strip() or None


@functools.cache
def font_path() -> str:
    """The font file; ``labels.preview.font_missing`` when there is none with Polish letters."""
    for path in (*CANDIDATES, _fontconfig()):
        if path and Path(path).is_file() and _has_polish(path):
            return path
    raise LabelImageError("labels.preview.font_missing")


@functools.lru_cache(maxsize=64)
def font(height: int) -> ImageFont.FreeTypeFont:
    """The font for a ZPL character height of ``height`` dots.  Pillow's basic layout (no
    shaping library): Polish needs none, and previews come out the same on every machine."""
    size = max(1, round(height / ASCENT_DESCENT))
    return ImageFont.truetype(font_path(), size, layout_engine=ImageFont.Layout.BASIC)
