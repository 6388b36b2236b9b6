"""Wysyłam z Allegro as a carrier, against the fake: a shipment bought from the delivery
proposal, polled to SUCCESS, its labels one per package; a refused command; a crash between
"bought" and "recorded" that finds the one shipment; cancelling; tracking."""

from __future__ import annotations

from decimal import Decimal

import pytest
import trio

from kolektor._core import decode_graphic
from kolektor.allegro.errors import AllegroError
from kolektor.shipping.allegro import AllegroCarrier
from kolektor.shipping.carrier import (
    CarrierShipment,
    Money,
    Parcel,
    Party,
    ShipmentRequest,
    ShipmentState,
    shipment_key,
)
from tests.allegro.conftest import SELLER, Allegro

PARCELS = (
    Parcel(
        length_cm=Decimal("40"),
        width_cm=Decimal("30"),
        height_cm=Decimal("12.5"),
        weight_kg=Decimal("2.35"),
    ),
    Parcel(template="B", weight_kg=Decimal("1")),
)


def order_request(allegro: Allegro, form_id: str, **changes: object) -> ShipmentRequest:
    values: dict[str, object] = {
        "key": shipment_key(7, 1),
        "order_id": 7,
        "reference": "ZK 17/12/2026",
        "service": "allegro",
        "receiver": Party(first_name="Jan", last_name="Kowalski"),
        "parcels": PARCELS,
        "checkout_form_id": form_id,
        "account": str(allegro.account_id),
    }
    values.update(changes)
    return ShipmentRequest(**values)  # type: ignore[arg-type]


async def bought(carrier: AllegroCarrier, shipment: CarrierShipment) -> CarrierShipment:
    """Poll as the label step does, honouring ``poll_after`` (the fake's Retry-After: 1 s)."""
    with trio.fail_after(10):
        while shipment.state is ShipmentState.PENDING:
            assert shipment.poll_after is not None
            shipment = await carrier.refresh(shipment)
    return shipment


async def test_a_shipment_is_bought_from_the_proposal_and_labelled_per_package(
    allegro: Allegro,
) -> None:
    fake = allegro.fake
    form_id = fake.add_checkout_form(SELLER, pickup_point="KRA010")
    carrier = AllegroCarrier(allegro.clients)
    request = order_request(allegro, form_id)

    created = await carrier.create(request)
    assert (created.state, created.carrier_status, created.shipment_id) == (
        ShipmentState.PENDING,
        "IN_PROGRESS",
        request.key,
    )
    assert created.poll_after == 1
    assert created.account == str(allegro.account_id)

    confirmed = await bought(carrier, await carrier.refresh(created))
    assert confirmed.state is ShipmentState.CONFIRMED
    assert len(confirmed.tracking_numbers) == 2 and all(confirmed.tracking_numbers)

    sent = fake.desk.commands[request.key].input
    assert sent["referenceNumber"] == "ZK 17/12/2026"
    assert sent["labelFormat"] == "ZPL"
    assert sent["receiver"]["point"] == "KRA010"
    assert sent["receiver"]["email"] == fake.desk.forms[form_id]["buyer"]["email"]
    assert sent["packages"] == [
        {
            "type": "PACKAGE",
            "length": {"value": 40, "unit": "CENTIMETER"},
            "width": {"value": 30, "unit": "CENTIMETER"},
            "height": {"value": 12.5, "unit": "CENTIMETER"},
            "weight": {"value": 2.35, "unit": "KILOGRAMS"},
        },
        {
            "type": "PACKAGE",
            "length": {"value": 64, "unit": "CENTIMETER"},
            "width": {"value": 38, "unit": "CENTIMETER"},
            "height": {"value": 19, "unit": "CENTIMETER"},
            "weight": {"value": 1, "unit": "KILOGRAMS"},
        },
    ]

    labels = await carrier.labels(confirmed, request)
    assert [(label.package, label.format) for label in labels] == [(1, "zpl"), (2, "zpl")]
    for label, waybill in zip(labels, confirmed.tracking_numbers, strict=True):
        text = label.content.decode()
        assert text.startswith("^XA") and text.rstrip().endswith("^XZ")
        assert text.count("^XA") == 1
        assert label.tracking_number == waybill and waybill in text
        assert decode_graphic(text).height > 0  # the carrier's bitmap came through whole
    assert fake.count("POST", "/shipment-management/shipments/create-commands") == 1
    label_request = next(r for r in fake.received if r.path == "/shipment-management/label")
    assert label_request.headers["accept"] == "application/octet-stream"


async def test_sandbox_labels_are_pdf_whatever_was_asked(allegro: Allegro) -> None:
    allegro.fake.desk.sandbox = True
    form_id = allegro.fake.add_checkout_form(SELLER)
    carrier = AllegroCarrier(allegro.clients)
    request = order_request(allegro, form_id)
    confirmed = await bought(carrier, await carrier.create(request))
    labels = await carrier.labels(confirmed, request)
    assert [(label.package, label.format) for label in labels] == [(1, "pdf")]
    assert labels[0].content.startswith(b"%PDF")


async def test_a_command_that_ends_in_error_is_failed_with_allegros_words(allegro: Allegro) -> None:
    fake = allegro.fake
    fake.desk.command_errors.append(
        [
            {
                "code": "INVALID_PARCEL",
                "message": "weight too big",
                "path": "input.packages[0]",
                "userMessage": "Waga paczki przekracza limit przewoźnika.",
            }
        ]
    )
    carrier = AllegroCarrier(allegro.clients)
    request = order_request(allegro, fake.add_checkout_form(SELLER))
    failed = await bought(carrier, await carrier.create(request))
    assert failed.state is ShipmentState.FAILED
    assert failed.errors == ("Waga paczki przekracza limit przewoźnika.",)
    assert fake.desk.shipments == {}
    # What the carrier has for the key is that failed command, not "nothing".
    found = await carrier.find(request)
    assert found is not None and found.state is ShipmentState.FAILED


async def test_a_lost_create_answer_is_found_again_and_nothing_is_bought_twice(
    allegro: Allegro,
) -> None:
    fake = allegro.fake
    form_id = fake.add_checkout_form(SELLER)
    impatient = allegro.other_process(timeout=0.5)
    carrier = AllegroCarrier(impatient)
    request = order_request(allegro, form_id)
    assert await carrier.find(request) is None

    # Allegro takes the command, then its answer never arrives (the client gives up at 0.5 s).
    fake.fail_next("POST", "/shipment-management/shipments/create-commands", delay=2, after=True)
    with pytest.raises(AllegroError) as lost:
        await carrier.create(request)
    assert (lost.value.code, lost.value.retryable) == ("timeout", True)
    assert "nie odpowiedziało" in lost.value.message("pl")

    # The label step asks first: the command is there, and is polled to the one shipment.
    found = await carrier.find(request)
    assert found is not None and found.shipment_id == request.key
    confirmed = await bought(carrier, found)
    assert confirmed.state is ShipmentState.CONFIRMED
    assert fake.desk.create_posts[request.key] == 1
    assert fake.desk.shipments_per_form[form_id] == 1
    again = await carrier.find(request)
    assert again is not None and again.shipment_id == confirmed.shipment_id
    await impatient.aclose()


async def test_creating_again_with_a_used_key_gives_the_existing_shipment(allegro: Allegro) -> None:
    fake = allegro.fake
    form_id = fake.add_checkout_form(SELLER)
    carrier = AllegroCarrier(allegro.clients)
    request = order_request(allegro, form_id)
    first = await bought(carrier, await carrier.create(request))
    second = await carrier.create(request)
    assert (second.state, second.shipment_id) == (ShipmentState.CONFIRMED, first.shipment_id)
    assert fake.desk.shipments_per_form[form_id] == 1


async def test_cancel(allegro: Allegro) -> None:
    fake = allegro.fake
    carrier = AllegroCarrier(allegro.clients)
    request = order_request(allegro, fake.add_checkout_form(SELLER))
    confirmed = await bought(carrier, await carrier.create(request))
    cancelled = await carrier.cancel(confirmed)
    assert cancelled.state is ShipmentState.CANCELLED
    assert fake.desk.shipments[confirmed.shipment_id].canceled is not None
    assert await carrier.find(request) is None  # cancelled shipments are not "existing"
    # A repeated cancel follows the same cancel command instead of sending another.
    assert (await carrier.cancel(confirmed)).state is ShipmentState.CANCELLED
    assert fake.count("POST", "/shipment-management/shipments/cancel-commands") == 1


async def test_a_shipment_already_handed_over_cannot_be_cancelled(allegro: Allegro) -> None:
    fake = allegro.fake
    carrier = AllegroCarrier(allegro.clients)
    request = order_request(allegro, fake.add_checkout_form(SELLER))
    confirmed = await bought(carrier, await carrier.create(request))
    fake.desk.uncancellable.add(confirmed.shipment_id)
    with pytest.raises(AllegroError) as refused:
        await carrier.cancel(confirmed)
    assert (refused.value.code, refused.value.retryable) == ("invalid_action", False)
    assert refused.value.message("pl") == (
        "Allegro nie anulowało przesyłki: Przesyłka została już nadana i nie można jej anulować."
    )


async def test_no_label_yet_is_retryable(allegro: Allegro) -> None:
    carrier = AllegroCarrier(allegro.clients)
    request = order_request(allegro, allegro.fake.add_checkout_form(SELLER))
    confirmed = await bought(carrier, await carrier.create(request))
    allegro.fake.desk.no_label.add(confirmed.shipment_id)
    with pytest.raises(AllegroError) as none:
        await carrier.labels(confirmed, request)
    assert (none.value.code, none.value.retryable) == ("no_label", True)
    assert none.value.message("pl") == (
        "Allegro nie ma jeszcze etykiety tej przesyłki. Spróbujemy ponownie."
    )


async def test_a_label_that_is_neither_zpl_nor_pdf_is_named(allegro: Allegro) -> None:
    carrier = AllegroCarrier(allegro.clients)
    request = order_request(allegro, allegro.fake.add_checkout_form(SELLER))
    confirmed = await bought(carrier, await carrier.create(request))
    allegro.fake.desk.label_override = b"<html>Bad gateway</html>"
    with pytest.raises(AllegroError) as garbage:
        await carrier.labels(confirmed, request)
    assert garbage.value.code == "bad_answer"
    assert "neither PDF nor ZPL" in garbage.value.message("pl")


async def test_missing_weight_is_asked_of_the_packer_before_anything_is_sent(
    allegro: Allegro,
) -> None:
    carrier = AllegroCarrier(allegro.clients)
    form_id = allegro.fake.add_checkout_form(SELLER)
    allegro.fake.desk.proposal_packages = False  # Allegro proposes no package to fall back on
    request = order_request(allegro, form_id, parcels=(Parcel(template="A"),))
    with pytest.raises(AllegroError) as incomplete:
        await carrier.create(request)
    assert (incomplete.value.code, incomplete.value.retryable) == ("validation_failed", False)
    assert incomplete.value.message("pl") == "Paczka 1: brak wagi. Podaj ją przy pakowaniu."
    assert allegro.fake.count("POST", "/shipment-management/shipments/create-commands") == 0


async def test_cash_on_delivery_and_insurance_use_allegros_amount_format(allegro: Allegro) -> None:
    carrier = AllegroCarrier(allegro.clients)
    request = order_request(
        allegro,
        allegro.fake.add_checkout_form(SELLER, cash_on_delivery=True),
        cod=Money(Decimal("123.4")),
        insurance=Money(Decimal("500")),
    )
    await carrier.create(request)
    sent = allegro.fake.desk.commands[request.key].input
    assert sent["cashOnDelivery"]["amount"] == "123.40"
    assert sent["insurance"] == {"amount": "500.00", "currency": "PLN"}


async def test_an_order_of_another_sellers_account_is_refused_in_allegros_words(
    allegro: Allegro,
) -> None:
    allegro.fake.add_seller("inny_sklep")
    form_id = allegro.fake.add_checkout_form("inny_sklep")
    carrier = AllegroCarrier(allegro.clients)
    with pytest.raises(AllegroError) as refused:
        await carrier.create(order_request(allegro, form_id))
    assert (refused.value.code, refused.value.retryable) == ("not_found", False)
    assert refused.value.message("pl") == "Allegro odrzuciło żądanie: Nie znaleziono zamówienia."
    assert refused.value.trace_id


async def test_tracking(allegro: Allegro) -> None:
    carrier = AllegroCarrier(allegro.clients)
    request = order_request(allegro, allegro.fake.add_checkout_form(SELLER))
    confirmed = await bought(carrier, await carrier.create(request))
    first, second = confirmed.tracking_numbers
    allegro.fake.desk.tracking[first] = ["PENDING", "IN_TRANSIT", "DELIVERED"]
    allegro.fake.desk.tracking[second] = ["PENDING", "IN_TRANSIT"]
    status = await carrier.tracking(confirmed)
    assert (status.status, status.title, status.delivered) == ("DELIVERED", "Doręczona", False)
    allegro.fake.desk.tracking[second].append("DELIVERED")
    assert (await carrier.tracking(confirmed)).delivered is True
    asked = [r for r in allegro.fake.received if r.path.endswith("/tracking")][-1]
    assert asked.path == "/order/carriers/INPOST/tracking"
    assert asked.query["waybill"] == [first, second]


async def test_an_order_without_a_checkout_form_is_refused_in_polish(allegro: Allegro) -> None:
    carrier = AllegroCarrier(allegro.clients)
    with pytest.raises(AllegroError) as refused:
        await carrier.create(order_request(allegro, "", checkout_form_id=None))
    assert refused.value.message("pl").startswith("Zamówienie nie ma identyfikatora")
    assert refused.value.retryable is False
