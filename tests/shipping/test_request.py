"""From a packed order to the carrier's request: receiver, parcel locker, parcels, cash on
delivery — pure, whole requests compared."""

from __future__ import annotations

from decimal import Decimal

import pytest

from kolektor.shipping.carrier import Money, Parcel, Party, ShipmentRequest
from kolektor.shipping.request import (
    PackedParcel,
    RequestProblem,
    build_request,
    find_locker,
    phone_digits,
    split_name,
)
from tests.rules.orders import address, order

ONE = (PackedParcel(1, None, Decimal("1.5"), Decimal("30"), Decimal("20"), Decimal("10")),)
LOCKER = {"carrier": "inpost", "service": "inpost_locker_standard", "template": "B"}


def test_a_person_at_the_delivery_address_with_cash_on_delivery() -> None:
    packed = order(
        delivery=address(full_name="Jan Maria Kowalski", name="Jan Maria Kowalski",
                         street="ul. Długa", house_number="5", flat_number="7",
                         postcode="00-001", city="Warszawa"),
        phone="+48 601-234-567", payment_form_id=4,
    )  # fmt: skip
    request = build_request(packed, ONE, {"carrier": "inpost",
                                          "service": "inpost_courier_standard"},
                            key="k", sender=None, cod_payment_forms=frozenset({4}))  # fmt: skip
    assert request == ShipmentRequest(
        key="k", order_id=1, reference="ZK 18/2026", service="inpost_courier_standard",
        receiver=Party(first_name="Jan Maria", last_name="Kowalski", street="ul. Długa",
                       building_number="5/7", post_code="00-001", city="Warszawa",
                       country_code="PL", email="anna@example.pl", phone="601234567"),
        parcels=(Parcel(None, Decimal("30"), Decimal("20"), Decimal("10"), Decimal("1.5")),),
        cod=Money(Decimal("100.0000"), "PLN"), label_format="zpl", dpi=203,
    )  # fmt: skip


def test_a_firm_without_a_delivery_address_is_sent_to_the_buyers() -> None:
    firm = order(customer_is_person=False, billing=address(full_name="Pracownia Żółć sp. z o.o."))
    request = build_request(firm, ONE, {"carrier": "own", "service": "pickup"}, key="k",
                            sender=None)  # fmt: skip
    assert request.receiver == Party(
        company="Pracownia Żółć sp. z o.o.", street="ul. Piotrkowska", building_number="12/3",
        post_code="90-001", city="Łódź", country_code="PL", email="anna@example.pl",
    )  # fmt: skip
    assert request.cod is None and request.target_point is None


@pytest.mark.parametrize(
    ("remarks", "remarks_ext", "locker"),
    [
        ("Paczkomat KRA010", "", "KRA010"),
        ("dostawa: paczkomat: waw22a, dzwonić", "", "WAW22A"),
        ("", "Punkt odbioru POZ08A", "POZ08A"),
        ("Allegro: 29f0a3d0 ; Paczkomat - GDA117M", "", "GDA117M"),
    ],
)
def test_the_parcel_locker_is_found_in_the_zk(remarks: str, remarks_ext: str, locker: str) -> None:
    packed = order(remarks=remarks, remarks_ext=remarks_ext)
    request = build_request(packed, ONE, LOCKER, key="k", sender=None)
    assert request.target_point == locker
    assert request.parcels == (
        Parcel(None, Decimal("30"), Decimal("20"), Decimal("10"), Decimal("1.5")),
    )


def test_a_parcel_without_size_gets_the_rules_template() -> None:
    bare = (PackedParcel(1, None, None, None, None, None), PackedParcel(2, "c", None, None, None,
                                                                         None))  # fmt: skip
    request = build_request(order(remarks="Paczkomat KRA010"), bare, LOCKER, key="k", sender=None)
    assert [p.template for p in request.parcels] == ["B", "C"]


@pytest.mark.parametrize(
    ("changes", "parcels", "plan", "key"),
    [
        ({"remarks": "proszę szybko"}, ONE, LOCKER, "shipping.no_locker"),
        ({"billing": None, "delivery": None}, ONE, LOCKER, "shipping.no_address"),
        ({"remarks": "Paczkomat KRA010"}, (), LOCKER, "shipping.no_parcels"),
    ],
)
def test_what_the_order_lacks_is_named(
    changes: dict[str, object], parcels: tuple[PackedParcel, ...], plan: dict[str, str], key: str
) -> None:
    with pytest.raises(RequestProblem) as problem:
        build_request(order(**changes), parcels, plan, key="k", sender=None)
    assert (problem.value.key, problem.value.params) == (key, {"number": "ZK 18/2026"})


@pytest.mark.parametrize(
    ("text", "locker"),
    [("Paczkomat KRA010", "KRA010"), ("paczkomacie WAW01M", "WAW01M"), ("KRA010", None),
     ("paczkomat", None), (None, None)],
)  # fmt: skip
def test_find_locker(text: str | None, locker: str | None) -> None:
    assert find_locker(text) == locker


@pytest.mark.parametrize(
    ("phone", "digits"),
    [("+48 601 234 567", "601234567"), ("0048601234567", "601234567"),
     ("601-234-567", "601234567"), ("+49 30 1234567", "+49301234567"), (None, "")],
)  # fmt: skip
def test_phone_digits(phone: str | None, digits: str) -> None:
    assert phone_digits(phone) == digits


def test_split_name() -> None:
    assert split_name("Jan") == ("Jan", "")
    assert split_name("  Anna   Maria  Nowak ") == ("Anna Maria", "Nowak")
