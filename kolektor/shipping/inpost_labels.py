"""ShipX's label answer as one :class:`~kolektor.shipping.carrier.LabelFile` per parcel.

``GET /v1/shipments/{id}/label`` gives *one file for the whole shipment* (ShipX docs
18153509): for a courier shipment of three parcels, three labels in one ZPL file (one
``^XA…^XZ`` format each), one PDF of three pages, or — "in some cases" — a ``.zip`` of
files.  Kolektor prints and reprints labels per parcel, so the file is split here:

* ZPL: into its ``^XA…^XZ`` formats.  A format that prints nothing (no ``^FD`` field and
  no ``^GF`` graphic: printer set-up such as ``^XA^MMT^XZ``) is kept in front of the next
  label, so each parcel's ZPL prints on its own.
* PDF: into single pages (pypdfium2).
* ZIP: each member in name order, split as above.

The count must match the shipment's parcels; anything else (HTML, an empty file, a broken
archive) is a :class:`CarrierError` ``bad_answer`` naming what was wrong.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Sequence
from typing import Any, Final

import pypdfium2 as pdfium

from kolektor.shipping.carrier import CarrierError, LabelFile, LabelFormat

_FORMAT: Final = re.compile(rb"\^XA.*?\^XZ", re.DOTALL)
_PRINTS: Final = re.compile(rb"\^FD|\^GF")
_ZIP_MAGIC: Final = b"PK\x03\x04"


def _bad(key: str, /, **params: Any) -> CarrierError:
    return CarrierError("bad_answer", key, retryable=True, **params)


def kind_of(content: bytes) -> str:
    """``zpl``, ``pdf``, ``zip`` or ``""`` by the bytes themselves (content types of label
    answers are not reliable)."""
    head = content.lstrip()[:8]
    if head.startswith(b"%PDF-"):
        return "pdf"
    if content.startswith(_ZIP_MAGIC):
        return "zip"
    if _FORMAT.search(content):
        return "zpl"
    return ""


def split_zpl(content: bytes) -> list[bytes]:
    """The labels of a ZPL file, set-up formats joined to the label after them."""
    labels: list[bytes] = []
    pending = b""
    for match in _FORMAT.finditer(content):
        block = match.group(0)
        if _PRINTS.search(block):
            labels.append(pending + block)
            pending = b""
        else:
            pending += block
    return labels


def split_pdf(content: bytes) -> list[bytes]:
    """One single-page PDF per page."""
    try:
        document = pdfium.PdfDocument(content)
    except pdfium.PdfiumError as error:
        raise _bad("inpost.bad_answer.pdf") from error
    try:
        pages = []
        for index in range(len(document)):
            single = pdfium.PdfDocument.new()
            try:
                single.import_pages(document, [index])
                buffer = io.BytesIO()
                single.save(buffer)
                pages.append(buffer.getvalue())
            finally:
                single.close()
        return pages
    finally:
        document.close()


def _split(content: bytes) -> list[tuple[LabelFormat, bytes]]:
    kind = kind_of(content)
    if kind == "zpl":
        return [("zpl", label) for label in split_zpl(content)]
    if kind == "pdf":
        return [("pdf", page) for page in split_pdf(content)]
    if kind == "zip":
        try:
            with zipfile.ZipFile(io.BytesIO(content)) as archive:
                members = sorted(info.filename for info in archive.infolist() if not info.is_dir())
                parts = [archive.read(name) for name in members]
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError) as error:
            raise _bad("inpost.bad_answer.archive") from error
        return [label for part in parts for label in _split_member(part)]
    raise _bad("inpost.bad_answer.label")


def _split_member(content: bytes) -> list[tuple[LabelFormat, bytes]]:
    if kind_of(content) == "zip":
        raise _bad("inpost.bad_answer.archive")
    return _split(content)


def label_files(
    content: bytes, *, tracking_numbers: Sequence[str], parcels: int, dpi: int | None
) -> list[LabelFile]:
    """``content`` split into one :class:`LabelFile` per parcel, in parcel order, each with
    its parcel's tracking number (when ShipX gave one per parcel)."""
    labels = _split(content)
    if len(labels) != parcels:
        raise _bad("inpost.bad_answer.label_count", found=len(labels), expected=parcels)
    numbers = list(tracking_numbers) if len(tracking_numbers) == parcels else [None] * parcels
    return [
        LabelFile(
            package=package,
            format=kind,
            content=data,
            tracking_number=number,
            dpi=dpi if kind == "zpl" else None,
        )
        for package, ((kind, data), number) in enumerate(zip(labels, numbers, strict=True), 1)
    ]
