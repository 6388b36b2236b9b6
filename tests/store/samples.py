"""Realistic ZKs for the store tests (as the intake reads them from Subiekt)."""

from __future__ import annotations

import dataclasses
import hashlib
from datetime import datetime
from decimal import Decimal
from typing import Any

from kolektor.subiekt.models import (
    Address,
    Barcode,
    Customer,
    OrderLine,
    Product,
    Stock,
    SubiektOrder,
    UnitConversion,
)

BILLING = Address(
    name="Pracownia Żółć sp. z o.o.",
    full_name="Pracownia Żółć spółka z ograniczoną odpowiedzialnością",
    street="ul. Świętokrzyska",
    house_number="12",
    flat_number="3",
    postcode="00-916",
    city="Łódź",
    country=None,
    nip="526-025-09-95",
)

DELIVERY = Address(
    name="Grzegorz Brzęczyszczykiewicz",
    full_name="Grzegorz Brzęczyszczykiewicz",
    street="Chrząszczyżewoszyce",
    house_number="7",
    flat_number="",
    postcode="99-999",
    city="Łękołody",
    country="Polska",
    nip=None,
)

CUSTOMER = Customer(
    id=501,
    symbol="ZOLC",
    is_person=False,
    name="Pracownia Żółć",
    nip="5260250995",
    email="biuro@zolc.example.pl",
    phone="+48 600 100 200",
    address=BILLING,
)

MUG = Product(
    id=11,
    symbol="KUB-01",
    name="Kubek ceramiczny „Gęś” 330 ml",
    kind=1,
    base_unit="szt.",
    barcodes=(
        Barcode(code="5901234123457", quantity=Decimal(1), primary=True),
        Barcode(code="15901234123454", quantity=Decimal(6)),
    ),
    units=(UnitConversion(unit="karton", factor=Decimal(6)),),
    stock=(Stock(warehouse_id=1, on_hand=Decimal(40), reserved=Decimal(6)),),
    location="A-01-03",
)

COFFEE = Product(
    id=12,
    symbol="KAW-250",
    name="Kawa ziarnista 250 g",
    kind=1,
    base_unit="kg",
    barcodes=(Barcode(code="5900000000017", quantity=Decimal("0.25"), primary=True),),
    units=(),
    stock=(),
    location=None,
)


def line(**changes: Any) -> OrderLine:
    """A ZK line: 6 mugs by default."""
    base = OrderLine(
        id=9001,
        position=1,
        product_id=MUG.id,
        symbol=MUG.symbol,
        name=MUG.name,
        kind=1,
        quantity=Decimal("6.0000"),
        unit="szt.",
        base_quantity=Decimal("6.0000"),
        price_net=Decimal("16.2500"),
        price_gross=Decimal("19.9875"),
        discount_percent=Decimal("0.0000"),
        value_net=Decimal("97.5000"),
        value_vat=Decimal("22.4250"),
        value_gross=Decimal("119.9250"),
        vat_symbol="23",
        vat_rate=Decimal("23.0000"),
    )
    return dataclasses.replace(base, **changes)


def zk(**changes: Any) -> SubiektOrder:
    """A ZK with two product lines and a service line (delivery), billed to a company."""
    base = SubiektOrder(
        id=1001,
        number="ZK 18/2026",
        original_number="SKLEP-000123",
        issued_at=datetime(2026, 1, 15, 9, 30),  # naive: Subiekt's local (Polish) time
        status=6,
        status_ex=0,
        warehouse_id=1,
        category_id=3,
        category="Sklep internetowy",
        flag_ids=(2, 5),
        title="Zamówienie ze sklepu",
        subtitle=None,
        remarks="Proszę o fakturę. Dostawa po 16:00",
        remarks_ext="Uwagi zewnętrzne: zadzwonić przed dostawą",
        due_at=datetime(2026, 7, 1, 12, 0),
        currency="PLN",
        value_net=Decimal("123.0112"),
        value_gross=Decimal("149.9150"),
        payment_form_id=4,
        customer=CUSTOMER,
        billing=BILLING,
        delivery=DELIVERY,
        external_id="7e2b6a10-3f4c-11ef-9a6b-0242ac120002",
        lines=(
            line(),
            line(
                id=9002,
                position=2,
                product_id=COFFEE.id,
                symbol=COFFEE.symbol,
                name=COFFEE.name,
                quantity=Decimal("0.7500"),
                unit="kg",
                base_quantity=Decimal("0.7500"),
                price_net=Decimal("12.3456"),
                price_gross=Decimal("13.3333"),
                discount_percent=Decimal("2.5000"),
                value_net=Decimal("9.2592"),
                value_vat=Decimal("0.7408"),
                value_gross=Decimal("10.0000"),
                vat_symbol="8",
                vat_rate=Decimal("8.0000"),
            ),
            line(
                id=9003,
                position=3,
                product_id=None,
                symbol=None,
                name="Przesyłka kurierska",
                kind=2,
                quantity=Decimal(1),
                unit="usł.",
                base_quantity=Decimal(1),
                price_net=Decimal("16.2520"),
                price_gross=Decimal("19.9900"),
                value_net=Decimal("16.2520"),
                value_vat=Decimal("3.7380"),
                value_gross=Decimal("19.9900"),
            ),
        ),
        products={MUG.id: MUG, COFFEE.id: COFFEE},
        custom_fields={"pw_Pole1": "Allegro", "pw_Pole2": "paczkomat WAW01A"},
    )
    return dataclasses.replace(base, **changes)


def fingerprint(order: SubiektOrder) -> str:
    """A stable sha256 of the ZK's content (what the intake computes, more or less)."""
    return hashlib.sha256(repr(order).encode()).hexdigest()
