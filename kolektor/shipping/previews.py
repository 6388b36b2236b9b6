"""PNG previews of stored shipping labels, for the order page — drawn once, kept in memory.

A parcel's ZPL label is drawn dot for dot by :func:`kolektor.labels.preview.preview_png`
at the resolution and label size of the printer of the station the shipment was made for
(203 dpi and 4 × 6 in without one; a label that sets ``^PW``/``^LL`` has its own size).  A
carrier's ZPL with commands the preview does not draw (its own fonts, a DataMatrix) is
shown from the carrier's PDF of the same parcel, kept beside it, instead; a label with
neither is :class:`PreviewRefused` ``preview_unsupported``.  A PDF label is drawn from its
first page.

Previews are cached by the SHA-256 of what was drawn (the ZPL, or the PDF it fell back to)
and the drawing's settings, at most
:data:`MAX_ENTRIES` and :data:`MAX_BYTES` (the least recently shown go first): a label does
not change once stored, and drawing one takes tens of milliseconds of CPU.  At most two are
drawn at once, in worker threads.
"""

from __future__ import annotations

import functools
import hashlib
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from typing import Final

import trio

from kolektor.labels.errors import LabelImageError, PreviewUnsupported
from kolektor.labels.preview import pdf_preview_png, preview_png, split_labels
from kolektor.store.shipping_office import LabelSource

MAX_ENTRIES: Final = 256
MAX_BYTES: Final = 32 * 1024 * 1024
DEFAULT_DPI: Final = 203
DEFAULT_SIZE_MM: Final = (101.6, 152.4)

PdfOf = Callable[[int, int], Awaitable[bytes | None]]
"""(shipment id, package) → the carrier's PDF label of that parcel, if kept."""


class PreviewRefused(Exception):
    """No preview can be drawn: ``code`` ``preview_unsupported`` (nothing the preview
    draws) or ``preview_failed`` (the label or PDF is damaged); ``key``/``params`` say why."""

    def __init__(self, code: str, key: str, /, **params: object) -> None:
        super().__init__(code)
        self.code = code
        self.key = key
        self.params = params


class LabelPreviews:
    """The cache and the drawing; one per server."""

    def __init__(self, *, max_entries: int = MAX_ENTRIES, max_bytes: int = MAX_BYTES) -> None:
        self.max_entries = max_entries
        self.max_bytes = max_bytes
        self._cache: OrderedDict[tuple[object, ...], bytes] = OrderedDict()
        self._bytes = 0
        self._undrawable: OrderedDict[tuple[object, ...], PreviewUnsupported] = OrderedDict()
        """ZPL labels the preview does not draw (shown from their PDF, or refused)."""
        self._limiter = trio.CapacityLimiter(2)

    def __len__(self) -> int:
        return len(self._cache)

    async def png(self, source: LabelSource, pdf_of: PdfOf) -> bytes:
        """The label's preview (from the cache when drawn before)."""
        printer = source.printer
        dpi = printer.dpi if printer is not None else DEFAULT_DPI
        size = (
            (float(printer.width_mm), float(printer.height_mm))
            if printer is not None
            else DEFAULT_SIZE_MM
        )
        if source.label.format == "pdf":
            return await self._pdf(source.content, dpi)
        key = ("zpl", source.label.sha256, dpi, size)
        if key not in self._undrawable:
            cached = self._cached(key)
            if cached is not None:
                return cached
            text = source.content.decode("utf-8", errors="replace")
            formats = split_labels(text)
            draw = functools.partial(preview_png, formats[0] if formats else text, dpi=dpi,
                                     width_mm=size[0], height_mm=size[1])  # fmt: skip
            try:
                png = await self._draw(draw, fallback=True)
            except PreviewUnsupported as error:
                self._undrawable[key] = error
                self._undrawable.move_to_end(key)
                while len(self._undrawable) > self.max_entries:
                    self._undrawable.popitem(last=False)
            else:
                self._keep(key, png)
                return png
        pdf = await pdf_of(source.shipment.id, source.label.package)
        if pdf is None:
            why = self._undrawable.get(key) or PreviewUnsupported("")
            raise PreviewRefused("preview_unsupported", why.key, **why.params)
        return await self._pdf(pdf, dpi)

    def _cached(self, key: tuple[object, ...]) -> bytes | None:
        cached = self._cache.get(key)
        if cached is not None:
            self._cache.move_to_end(key)
        return cached

    async def _pdf(self, pdf: bytes, dpi: int) -> bytes:
        """A PDF label's first page (cached by the PDF's SHA-256)."""
        key = ("pdf", hashlib.sha256(pdf).hexdigest(), dpi)
        cached = self._cached(key)
        if cached is not None:
            return cached
        png = await self._draw(functools.partial(pdf_preview_png, pdf, dpi=dpi))
        self._keep(key, png)
        return png

    async def _draw(self, draw: Callable[[], bytes], *, fallback: bool = False) -> bytes:
        try:
            return await trio.to_thread.run_sync(draw, limiter=self._limiter)
        except PreviewUnsupported:
            if fallback:
                raise
            raise PreviewRefused("preview_unsupported", "labels.preview.no_label") from None
        except LabelImageError as error:
            raise PreviewRefused("preview_failed", error.key, **error.params) from None

    def _keep(self, key: tuple[object, ...], png: bytes) -> None:
        if len(png) > self.max_bytes or key in self._cache:
            return
        self._cache[key] = png
        self._bytes += len(png)
        while len(self._cache) > self.max_entries or self._bytes > self.max_bytes:
            _, dropped = self._cache.popitem(last=False)
            self._bytes -= len(dropped)
