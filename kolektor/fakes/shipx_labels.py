"""The ShipX fake's labels: what ``GET /v1/shipments/{id}/label`` gives, one label per
parcel in one file.

* ZPL (``format=Zpl``): one ``^XA…^XZ`` format per parcel, 100 × 150 mm, built by the Rust
  core's :class:`~kolektor._core.ZplLabel` with native text (``^A0``) and a Code 128 of the
  parcel's 24-digit tracking number — at 8 dots/mm, or 12 with ``type=dpi300``.
* PDF (``format=Pdf``): an A6 page (105 × 148 mm) per parcel, rendered by Typst, with the
  same texts and the Code 128 drawn from :func:`~kolektor._core.code128_modules`.

The layout is the fake's own (InPost's real label is not reproduced); what matters to
Kolektor is the file's structure: formats and pages per parcel, dots per mm, and a barcode
holding the tracking number.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any, Final

import typst

from kolektor._core import ZplLabel, code128_modules

WIDTH_MM: Final = 100.0
HEIGHT_MM: Final = 150.0

_PAGE: Final = """
#set page(width: 105mm, height: 148mm, margin: 6mm)
#set text(font: "Libertinus Serif", size: 10pt, lang: "pl")
#let d = json(bytes(sys.inputs.labels))
#for (index, label) in d.enumerate() {
  if index > 0 { pagebreak() }
  text(size: 22pt, weight: "bold")[InPost]
  h(1fr)
  text(size: 9pt, label.service)
  line(length: 100%)
  text(size: 8pt)[Odbiorca]
  linebreak()
  for line in label.receiver { [#line #linebreak()] }
  v(3mm)
  for line in label.details { [#line #linebreak()] }
  v(4mm)
  let m = 0.33mm
  box(width: label.modules.len() * m, height: 22mm, {
    for (i, bar) in label.modules.clusters().enumerate() {
      if bar == "1" { place(dx: i * m, rect(width: m, height: 22mm, fill: black, stroke: none)) }
    }
  })
  linebreak()
  text(font: "DejaVu Sans Mono", size: 9pt, label.tracking)
}
"""


def _receiver_lines(shipment: Mapping[str, Any]) -> list[str]:
    receiver = shipment.get("receiver") or {}
    name = " ".join(
        str(receiver.get(key) or "") for key in ("first_name", "last_name")
    ).strip() or str(receiver.get("company_name") or "")
    lines = [name] if name else []
    target = (shipment.get("custom_attributes") or {}).get("target_point")
    address = receiver.get("address") or {}
    if target:
        lines.append(f"Paczkomat {target}")
    elif address:
        lines.append(f"{address.get('street', '')} {address.get('building_number', '')}".strip())
        lines.append(f"{address.get('post_code', '')} {address.get('city', '')}".strip())
    if receiver.get("phone"):
        lines.append(f"tel. {receiver['phone']}")
    return lines


def _details(shipment: Mapping[str, Any], index: int) -> list[str]:
    parcels = shipment.get("parcels") or []
    parcel = parcels[index] if index < len(parcels) else {}
    lines = [f"Paczka {index + 1}/{len(parcels)}"]
    if parcel.get("template"):
        lines.append(f"Gabaryt: {parcel['template']}")
    if shipment.get("reference"):
        lines.append(f"Ref.: {shipment['reference']}")
    cod = shipment.get("cod")
    if cod and cod.get("amount"):
        lines.append(f"Pobranie: {cod['amount']} {cod.get('currency', 'PLN')}")
    return lines


def _tracking(shipment: Mapping[str, Any], index: int) -> str:
    parcels = shipment.get("parcels") or []
    number = parcels[index].get("tracking_number") if index < len(parcels) else None
    return str(number or shipment.get("tracking_number") or "")


def zpl(shipment: Mapping[str, Any], *, dpmm: int = 8) -> str:
    """The shipment's labels as ZPL, one format per parcel."""
    formats = []
    for index in range(len(shipment.get("parcels") or [])):
        label = ZplLabel(WIDTH_MM, HEIGHT_MM, dpmm)
        label.text(5, 5, "InPost", height=9)
        label.text(50, 8, str(shipment.get("service", "")), height=3)
        label.line(5, 17, 90, thickness=0.5)
        label.text(5, 20, "Odbiorca", height=3)
        for row, line in enumerate(_receiver_lines(shipment)):
            label.text(5, 25 + row * 6, line, height=4.5)
        for row, line in enumerate(_details(shipment, index)):
            label.text(5, 55 + row * 5, line, height=3.5)
        label.code128(12, 85, _tracking(shipment, index), height=30, module=0.375)
        # Real InPost labels also carry a DataMatrix of the parcel (a 2D code sorting
        # machines read): a command Kolektor's preview does not draw.
        label.datamatrix(70, 120, _tracking(shipment, index) or "0", module=0.5)
        formats.append(label.zpl())
    return "".join(formats)


def pdf(shipment: Mapping[str, Any]) -> bytes:
    """The shipment's labels as a PDF of A6 pages, one per parcel (blocking, tens of ms)."""
    labels = [
        {
            "service": str(shipment.get("service", "")),
            "receiver": _receiver_lines(shipment),
            "details": _details(shipment, index),
            "tracking": _tracking(shipment, index),
            "modules": code128_modules(_tracking(shipment, index)),
        }
        for index in range(len(shipment.get("parcels") or []))
    ]
    document = typst.compile(
        _PAGE.encode("utf-8"), format="pdf", ignore_system_fonts=True,
        sys_inputs={"labels": json.dumps(labels, ensure_ascii=False)},
    )  # fmt: skip
    assert isinstance(document, bytes)
    return document
