"""Small builders of Subiekt objects for tests that need no database."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from decimal import Decimal

from kolektor.subiekt.models import (
    Address,
    Barcode,
    Customer,
    OrderLine,
    Product,
    Stock,
    SubiektOrder,
)


def product(product_id: int = 1, code: str = "5901234123457") -> Product:
    return Product(
        id=product_id,
        symbol=f"KAW-{product_id:03d}",
        name="Kawa ziarnista Łódzka 1 kg",
        kind=1,
        base_unit="szt.",
        barcodes=(Barcode(code, Decimal("1.0000"), primary=True),),
        units=(),
        stock=(Stock(1, Decimal("10.0000"), Decimal("2.0000")),),
        location="A-01-1",
    )


def line(position: int = 1, product_id: int = 1, quantity: str = "2") -> OrderLine:
    qty = Decimal(quantity).quantize(Decimal("0.0001"))
    return OrderLine(
        id=1000 + position,
        position=position,
        product_id=product_id,
        symbol=f"KAW-{product_id:03d}",
        name="Kawa ziarnista Łódzka 1 kg",
        kind=1,
        quantity=qty,
        unit="szt.",
        base_quantity=qty,
        price_net=Decimal("40.6504"),
        price_gross=Decimal("50.0000"),
        discount_percent=Decimal("0.0000"),
        value_net=Decimal("81.3008") * qty / 2,
        value_vat=Decimal("18.6992") * qty / 2,
        value_gross=Decimal("100.0000") * qty / 2,
        vat_symbol="23",
        vat_rate=Decimal("23.0000"),
    )


def zk(zk_id: int = 1, *, nip: str | None = "526-025-09-95", **changes: object) -> SubiektOrder:
    address = Address(
        name="Łódzkie Smaki",
        full_name="Łódzkie Smaki sp. z o.o.",
        street="ul. Piotrkowska",
        house_number="12",
        flat_number="3",
        postcode="90-001",
        city="Łódź",
        nip=nip,
    )
    order = SubiektOrder(
        id=zk_id,
        number=f"ZK {zk_id}/2026",
        original_number=None,
        issued_at=datetime(2026, 11, 20, 9, 30),
        status=7,
        status_ex=0,
        warehouse_id=1,
        category_id=None,
        category=None,
        flag_ids=(),
        title=None,
        subtitle=None,
        remarks="Proszę o fakturę",
        remarks_ext="",
        due_at=None,
        currency="PLN",
        value_net=Decimal("81.3008"),
        value_gross=Decimal("100.0000"),
        payment_form_id=None,
        customer=Customer(
            id=7,
            symbol="SMAKI",
            is_person=False,
            name=address.full_name,
            nip=nip,
            email="biuro@smaki.pl",
            phone="+48 42 123 45 67",
            address=address,
        ),
        billing=address,
        delivery=None,
        external_id=None,
        lines=(line(),),
        products={1: product()},
    )
    return replace(order, **changes)  # type: ignore[arg-type]
