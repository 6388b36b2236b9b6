"""A stored order (``OrderRecord``) for rule tests, without a store."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from kolektor.store.lifecycle import OrderStatus
from kolektor.store.orders import OrderRecord
from kolektor.subiekt.models import Address

AT = datetime(2026, 3, 10, 9, 30, tzinfo=UTC)
ALLEGRO_ID = "29f0a3d0-5f1b-11ec-bd42-e1e3a3b9c5a1"


def address(country: str | None = None, **changes: Any) -> Address:
    base = Address(
        name="Pracownia Żółć",
        full_name="Pracownia Żółć Anna Nowak",
        street="ul. Piotrkowska",
        house_number="12",
        flat_number="3",
        postcode="90-001",
        city="Łódź",
        country=country,
        nip=None,
    )
    return replace(base, **changes)


def order(**changes: Any) -> OrderRecord:
    base = OrderRecord(
        id=1,
        subiekt_id=1001,
        number="ZK 18/2026",
        original_number=None,
        external_id=None,
        status=OrderStatus.PACKED,
        status_reason=None,
        status_changed_at=AT,
        fingerprint="0" * 64,
        issued_at=AT,
        due_at=None,
        warehouse_id=1,
        category_id=None,
        category=None,
        customer_id=501,
        customer_symbol="ZOLC",
        customer_name="Pracownia Żółć",
        customer_is_person=True,
        nip=None,
        nip_raw=None,
        email="anna@example.pl",
        phone=None,
        billing=address(),
        delivery=None,
        remarks="",
        remarks_ext="",
        title=None,
        subtitle=None,
        currency="PLN",
        value_net=Decimal("81.3008"),
        value_gross=Decimal("100.0000"),
        payment_form_id=None,
        flag_ids=(),
        custom_fields={},
        priority=0,
        claimed_by=None,
        claimed_at=None,
        imported_at=AT,
        updated_at=AT,
        subiekt_changed_at=None,
        version=1,
        lines=(),
    )
    return replace(base, **changes)
