"""The end-of-day handover list (*protokół przekazania przesyłek*): which parcels the
courier took from the shop on one day, signed by both.

One Kolektor template for every carrier (``templates/shipping/handover.typ``, Typst like
Kolektor's documents: no system fonts, the same PDF on every machine), A4: the title
„Protokół przekazania przesyłek — InPost — 7 grudnia 2026”, the shop (the ``shipping``
setting's sender), a table of the shipments — ZK number, receiver, city, service, parcels,
tracking numbers — the totals, and lines for the courier's and the shop's signatures.  The
carriers' own lists (Allegro's protocol, InPost's dispatch order) are theirs, not this.

Which shipments: those the carrier sold that day (Polish time) and that are bought —
confirmed, labelled or printed — not cancelled or failed
(:func:`kolektor.store.shipping_office.handover`).
"""

from __future__ import annotations

import json
import threading
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any, Final

import typst

from kolektor.i18n import Language, t
from kolektor.shipping.carrier import Party
from kolektor.store.orders import SUBIEKT_TIMEZONE
from kolektor.store.shipping_office import HandoverRow

TEMPLATES: Final = Path(__file__).resolve().parents[2] / "templates" / "shipping"
_local = threading.local()


def date_words(day: date, language: Language) -> str:
    """``7 grudnia 2026`` / ``7 December 2026``."""
    month = t(f"handover.month.{day.month}", language)
    return f"{day.day} {month} {day.year}"


def carrier_name(carrier: str, language: Language) -> str:
    return t(f"rules.model.carrier.{carrier}", language)


def service_name(service: str | None, language: Language) -> str:
    return t(f"rules.model.service.{service}", language) if service else ""


def _sender_lines(sender: Party | None) -> list[str]:
    if sender is None:
        return []
    street = " ".join(p for p in (sender.street, sender.building_number) if p)
    place = " ".join(p for p in (sender.post_code, sender.city) if p)
    person = " ".join(p for p in (sender.first_name, sender.last_name) if p)
    return [line for line in (sender.company, person, street, place, sender.phone) if line]


def payload(
    rows: Sequence[HandoverRow],
    *,
    carrier: str,
    day: date,
    sender: Party | None,
    made_at: datetime,
    language: Language,
) -> dict[str, Any]:
    """What ``handover.typ`` gets: every text already in ``language``."""
    parcels = sum(row.parcels for row in rows)
    local = made_at.astimezone(SUBIEKT_TIMEZONE)
    return {
        "language": language,
        "title": t(
            "handover.title",
            language,
            carrier=carrier_name(carrier, language),
            date=date_words(day, language),
        ),
        "shop_heading": t("handover.shop", language),
        "shop": _sender_lines(sender),
        "made": t("handover.made", language, at=local.strftime("%Y-%m-%d %H:%M")),
        "columns": [
            t(f"handover.col.{name}", language)
            for name in ("no", "number", "receiver", "city", "service", "parcels", "tracking")
        ],
        "rows": [
            {
                "no": str(index),
                "number": row.number,
                "receiver": row.receiver_name,
                "city": row.receiver_city,
                "service": service_name(row.service, language),
                "parcels": str(row.parcels),
                "tracking": list(row.tracking_numbers),
            }
            for index, row in enumerate(rows, start=1)
        ],
        "empty": t("handover.empty", language),
        "totals": t("handover.totals", language, shipments=len(rows), parcels=parcels),
        "signatures": [t("handover.sign.shop", language), t("handover.sign.courier", language)],
        "sign_hint": t("handover.sign.hint", language),
    }


def handover_pdf(
    rows: Sequence[HandoverRow],
    *,
    carrier: str,
    day: date,
    sender: Party | None,
    made_at: datetime,
    language: Language = "pl",
) -> bytes:
    """The handover list as PDF (blocking, tens of milliseconds: run it in a worker
    thread).  A compiler is kept per thread (Typst's is not safe to share)."""
    data = json.dumps(
        payload(rows, carrier=carrier, day=day, sender=sender, made_at=made_at, language=language),
        ensure_ascii=False,
    )
    compiler: typst.Compiler | None = getattr(_local, "compiler", None)
    if compiler is None:
        compiler = _local.compiler = typst.Compiler(root=str(TEMPLATES), ignore_system_fonts=True)
    pdf = compiler.compile(
        input=str(TEMPLATES / "handover.typ"), format="pdf", sys_inputs={"handover": data}
    )
    assert isinstance(pdf, bytes)
    return pdf
