"""InPost ShipX: the carrier client against the ShipX fake over loopback.

The office relies on: a locker or courier shipment bought from the order's data with the
right parcels, COD and insurance; one label per parcel in the printer's format; ShipX's
complaints shown per field in Polish; every failure (bad token, ShipX down, too many
requests, no answer, a garbled answer) ending in a typed, retryable-or-not error — and a
lost answer never buying a second shipment, because ``find`` finds the first.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import logging
import re
import subprocess
import sys
import uuid
from collections import Counter
from decimal import Decimal
from typing import Any

import httpx
import pypdfium2 as pdfium
import pytest
import trio
import trio.testing

from kolektor.fakes.shipx import ShipXFake
from kolektor.shipping.carrier import (
    CarrierError,
    CarrierShipment,
    LabelFile,
    Money,
    Parcel,
    Party,
    ShipmentRequest,
    ShipmentState,
    Tracking,
)
from kolektor.shipping.inpost import InPostCarrier
from tests.shipping.conftest import SHIPX_ORGANIZATION, SHIPX_TOKEN, inpost_settings

JAN = Party(first_name="Jan", last_name="Kowalski", email="jan.kowalski@example.com",
            phone="+48 601 234 567", street="Długa", building_number="12/3",
            post_code="31-147", city="Kraków")  # fmt: skip
BOX = Parcel(length_cm=Decimal("30"), width_cm=Decimal("20"), height_cm=Decimal("10.5"),
             weight_kg=Decimal("2.35"))  # fmt: skip


def locker(reference: str = "ZK 101/2026", **changes: Any) -> ShipmentRequest:
    request = ShipmentRequest(
        key=str(uuid.uuid4()), order_id=101, reference=reference,
        service="inpost_locker_standard", receiver=JAN, parcels=(Parcel(template="A"),),
        target_point="KRA010",
    )  # fmt: skip
    return dataclasses.replace(request, **changes)


def courier(reference: str = "ZK 102/2026", **changes: Any) -> ShipmentRequest:
    request = ShipmentRequest(
        key=str(uuid.uuid4()), order_id=102, reference=reference,
        service="inpost_courier_standard", receiver=JAN, parcels=(BOX,),
    )  # fmt: skip
    return dataclasses.replace(request, **changes)


JAN_JSON = {
    "first_name": "Jan", "last_name": "Kowalski", "email": "jan.kowalski@example.com",
    "phone": "601234567",
    "address": {"street": "Długa", "building_number": "12/3", "city": "Kraków",
                "post_code": "31-147", "country_code": "PL"},
}  # fmt: skip
BOX_JSON = {
    "dimensions": {"length": 300.0, "width": 200.0, "height": 105.0, "unit": "mm"},
    "weight": {"amount": 2.35, "unit": "kg"},
}


def posted(fake: ShipXFake) -> list[Any]:
    return [r.body for r in fake.received if r.method == "POST"]


def without_raw(shipment: CarrierShipment) -> CarrierShipment:
    return dataclasses.replace(shipment, raw={})


async def bought(carrier: InPostCarrier, request: ShipmentRequest) -> CarrierShipment:
    shipment = await carrier.create(request)
    shipment = await carrier.refresh(shipment)
    assert shipment.state is ShipmentState.CONFIRMED
    return shipment


def zpl_facts(label: bytes) -> dict[str, Any]:
    """What a printer would do with one label: formats, width/length in dots, barcodes."""
    text = label.decode("utf-8")
    return {
        "formats": len(re.findall(r"\^XA.*?\^XZ", text, re.DOTALL)),
        "width": int(re.search(r"\^PW(\d+)", text).group(1)),  # type: ignore[union-attr]
        "length": int(re.search(r"\^LL(\d+)", text).group(1)),  # type: ignore[union-attr]
        "code128": [
            data.removeprefix(">;") for data in re.findall(r"\^BC[^\^]*\^FD([^\^]+)\^FS", text)
        ],
    }


def pdf_pages(content: bytes) -> list[str]:
    document = pdfium.PdfDocument(content)
    try:
        return [document[i].get_textpage().get_text_range() for i in range(len(document))]
    finally:
        document.close()


# -- a shipment bought, step by step ------------------------------------------------------


async def test_a_locker_shipment_is_pending_then_bought_with_one_zpl_label(
    inpost: InPostCarrier, shipx: ShipXFake
) -> None:
    request = locker()

    created = await inpost.create(request)

    assert without_raw(created) == CarrierShipment(
        carrier="inpost", shipment_id="1001", state=ShipmentState.PENDING,
        carrier_status="created", package_ids=("1",), poll_after=0.5,
    )  # fmt: skip
    assert posted(shipx) == [{
        "service": "inpost_locker_standard", "reference": "ZK 101/2026", "receiver": JAN_JSON,
        "parcels": [{"template": "small"}],
        "custom_attributes": {"sending_method": "dispatch_order", "target_point": "KRA010"},
    }]  # fmt: skip
    post = shipx.received[-1]
    assert (post.authorized, post.headers["accept-language"]) == (True, "pl_PL")
    assert uuid.UUID(post.headers["x-request-id"])

    confirmed = await inpost.refresh(created)

    number = shipx.shipments[1001]["parcels"][0]["tracking_number"]
    assert re.fullmatch(r"\d{24}", number)
    assert without_raw(confirmed) == CarrierShipment(
        carrier="inpost", shipment_id="1001", state=ShipmentState.CONFIRMED,
        carrier_status="confirmed", tracking_numbers=(number,), package_ids=("1",),
    )  # fmt: skip
    assert confirmed.raw == shipx.shipments[1001]

    labels = await inpost.labels(confirmed, request)

    assert [dataclasses.replace(label, content=b"") for label in labels] == [
        LabelFile(package=1, format="zpl", content=b"", tracking_number=number, dpi=203)
    ]
    assert zpl_facts(labels[0].content) == {
        "formats": 1,
        "width": 799,
        "length": 1199,
        "code128": [number],
    }
    assert shipx.received[-1].query == {"format": "Zpl", "type": "A6"}
    assert shipx.created == Counter({"ZK 101/2026": 1})


async def test_a_shipment_is_bought_when_shipx_gets_to_it_not_before(
    shipx: ShipXFake, mock_clock: trio.testing.MockClock
) -> None:
    shipx.confirm_after_gets, shipx.confirm_after = None, 3.0
    async with InPostCarrier(inpost_settings(shipx)) as inpost:
        created = await inpost.create(locker())
        assert (await inpost.refresh(created)).state is ShipmentState.PENDING
        mock_clock.jump(3.0)
        assert (await inpost.refresh(created)).state is ShipmentState.CONFIRMED


async def test_a_courier_shipment_of_three_parcels_has_a_label_per_parcel_in_parcel_order(
    inpost: InPostCarrier, shipx: ShipXFake
) -> None:
    heavy = dataclasses.replace(BOX, weight_kg=Decimal("12"))
    request = courier(parcels=(BOX, heavy, BOX), comments="Delikatne — szkło")

    shipment = await bought(inpost, request)

    assert posted(shipx) == [{
        "service": "inpost_courier_standard", "reference": "ZK 102/2026", "receiver": JAN_JSON,
        "parcels": [{"id": "1", **BOX_JSON},
                    {"id": "2", **BOX_JSON, "weight": {"amount": 12.0, "unit": "kg"}},
                    {"id": "3", **BOX_JSON}],
        "custom_attributes": {"sending_method": "dispatch_order"},
        "comments": "Delikatne — szkło",
    }]  # fmt: skip
    numbers = tuple(p["tracking_number"] for p in shipx.shipments[1001]["parcels"])
    assert shipment.tracking_numbers == numbers and len(set(numbers)) == 3

    labels = await inpost.labels(shipment, request)

    assert [(label.package, label.tracking_number, label.dpi) for label in labels] == [
        (1, numbers[0], 203),
        (2, numbers[1], 203),
        (3, numbers[2], 203),
    ]
    assert [zpl_facts(label.content) for label in labels] == [
        {"formats": 1, "width": 799, "length": 1199, "code128": [number]} for number in numbers
    ]


async def test_labels_that_come_as_a_zip_archive_are_split_per_parcel(
    inpost: InPostCarrier, shipx: ShipXFake
) -> None:
    shipx.zip_labels = True
    request = courier(parcels=(BOX, BOX))
    shipment = await bought(inpost, request)

    labels = await inpost.labels(shipment, request)

    assert [zpl_facts(label.content)["code128"] for label in labels] == [
        [number] for number in shipment.tracking_numbers
    ]


async def test_pdf_labels_are_one_a6_page_per_parcel(
    inpost: InPostCarrier, shipx: ShipXFake
) -> None:
    request = courier(parcels=(BOX, BOX), label_format="pdf")
    shipment = await bought(inpost, request)

    labels = await inpost.labels(shipment, request)

    assert shipx.received[-1].query == {"format": "Pdf", "type": "A6"}
    assert [(label.package, label.format, label.dpi) for label in labels] == [
        (1, "pdf", None),
        (2, "pdf", None),
    ]
    pages = [pdf_pages(label.content) for label in labels]
    assert [len(page) for page in pages] == [1, 1]
    for (text,), number, label in zip(pages, shipment.tracking_numbers, labels, strict=True):
        assert number in text and label.tracking_number == number
        page = pdfium.PdfDocument(label.content)[0]
        assert (round(page.get_width() / 72 * 25.4), round(page.get_height() / 72 * 25.4)) == (
            105, 148,
        )  # fmt: skip


@pytest.mark.parametrize(
    ("make", "query", "width", "dpi"),
    [
        (locker, {"format": "Zpl", "type": "dpi300"}, 1181, 300),
        (courier, {"format": "Zpl", "type": "A6"}, 799, 203),
    ],
)
async def test_a_300_dpi_printer_gets_300_dpi_zpl_where_the_service_has_it(
    inpost: InPostCarrier,
    shipx: ShipXFake,
    make: Any,
    query: dict[str, str],
    width: int,
    dpi: int,
) -> None:
    request = make(dpi=300)
    shipment = await bought(inpost, request)

    (label,) = await inpost.labels(shipment, request)

    assert shipx.received[-1].query == query
    assert (zpl_facts(label.content)["width"], label.dpi) == (width, dpi)


@pytest.mark.parametrize(
    ("insurance", "sent"),
    [(None, 250.0), (Money(Decimal("100")), 250.0), (Money(Decimal("400.005")), 400.01)],
)
async def test_cod_on_a_courier_service_is_insured_for_at_least_the_cod(
    inpost: InPostCarrier, shipx: ShipXFake, insurance: Money | None, sent: float
) -> None:
    await inpost.create(courier(cod=Money(Decimal("250")), insurance=insurance))

    (body,) = posted(shipx)
    assert (body["cod"], body["insurance"]) == (
        {"amount": 250.0, "currency": "PLN"},
        {"amount": sent, "currency": "PLN"},
    )
    assert shipx.created == Counter({"ZK 102/2026": 1})


async def test_cod_to_a_parcel_locker_needs_no_insurance(
    inpost: InPostCarrier, shipx: ShipXFake
) -> None:
    await inpost.create(locker(cod=Money(Decimal("89.90"))))

    (body,) = posted(shipx)
    assert (body["cod"], "insurance" in body) == ({"amount": 89.9, "currency": "PLN"}, False)


async def test_rule_options_reach_shipx(inpost: InPostCarrier, shipx: ShipXFake) -> None:
    options = {"sending_method": "parcel_locker", "dropoff_point": "krA01m",
               "additional_services": ["sms", "email"], "mpk": "Sklep"}  # fmt: skip
    await inpost.create(locker(options=options))

    (body,) = posted(shipx)
    assert (body["custom_attributes"], body["additional_services"], body["mpk"]) == (
        {"sending_method": "parcel_locker", "target_point": "KRA010", "dropoff_point": "KRA01M"},
        ["sms", "email"], "Sklep",
    )  # fmt: skip


# -- refusals: before calling, and ShipX's validation -------------------------------------


@pytest.mark.parametrize(
    ("request_", "key", "params"),
    [
        (courier(parcels=(Parcel(template="B"),)), "inpost.request.courier_needs_dimensions",
         {"package": 1, "service": "inpost_courier_standard"}),
        (locker(target_point=None), "inpost.request.target_point_missing",
         {"service": "inpost_locker_standard"}),
        (locker(parcels=(Parcel(template="A"), Parcel(template="B"))),
         "inpost.request.locker_one_parcel", {"count": 2}),
        (locker(parcels=(Parcel(),)), "inpost.request.parcel_size_missing", {"package": 1}),
        (locker(parcels=(Parcel(template="Z"),)), "inpost.request.template_unknown",
         {"package": 1, "template": "Z", "service": "inpost_locker_standard",
          "allowed": "A, B, C"}),
        (courier(parcels=(dataclasses.replace(BOX, weight_kg=None),)),
         "inpost.request.weight_missing", {"package": 1}),
        (locker(service="inpost_paczka_na_ksiezyc"), "inpost.request.service_unknown", None),
        (locker(options={"sendig_method": "pok"}), "inpost.request.option_unknown",
         {"option": "sendig_method",
          "allowed": "sending_method, dropoff_point, additional_services, mpk"}),
        (locker(options={"sending_method": "pok"}), "inpost.request.dropoff_point_missing",
         {"method": "pok", "service": "inpost_locker_standard"}),
        (locker(options={"sending_method": "teleport"}), "inpost.request.sending_method_unknown",
         {"method": "teleport",
          "allowed": "dispatch_order, parcel_locker, pok, pop, courier_pok, branch"}),
        (locker(reference="ZK"), "inpost.request.reference_length",
         {"reference": "ZK", "length": 2}),
        (courier(cod=Money(Decimal(10)), insurance=Money(Decimal(5), "EUR")),
         "inpost.request.currency_mismatch", {"cod": "PLN", "insurance": "EUR"}),
    ],
)  # fmt: skip
async def test_what_shipx_would_refuse_is_refused_before_calling_it(
    inpost: InPostCarrier,
    shipx: ShipXFake,
    request_: ShipmentRequest,
    key: str,
    params: dict[str, object] | None,
) -> None:
    with pytest.raises(CarrierError) as caught:
        await inpost.create(request_)

    error = caught.value
    assert (error.code, error.key, error.retryable) == ("invalid_request", key, False)
    if params is not None:
        assert error.params == params
    assert "{" not in error.message("pl")
    assert shipx.received == []


async def test_shipx_validation_errors_are_shown_per_field_in_polish(
    inpost: InPostCarrier, shipx: ShipXFake
) -> None:
    receiver = dataclasses.replace(JAN, phone="12 34", email="jan@", post_code="31147")
    too_heavy = dataclasses.replace(BOX, weight_kg=Decimal("80"))

    with pytest.raises(CarrierError) as caught:
        await inpost.create(courier(receiver=receiver, parcels=(BOX, too_heavy)))

    error = caught.value
    assert (error.code, error.retryable) == ("validation_failed", False)
    assert error.fields == {
        "receiver.phone": ("nieprawidłowy format",),
        "receiver.email": ("nieprawidłowy format",),
        "receiver.address.post_code": ("nieprawidłowy format",),
        "parcels.2.weight.amount": ("za duża wartość",),
    }
    assert error.message("pl") == (
        "InPost nie przyjął danych przesyłki — popraw je i spróbuj ponownie (telefon odbiorcy: "
        "nieprawidłowy format; e-mail odbiorcy: nieprawidłowy format; kod pocztowy odbiorcy: "
        "nieprawidłowy format; waga paczki (paczka 2): za duża wartość)"
    )
    assert error.raw["body"]["error"] == "validation_failed"
    assert shipx.created == Counter()


async def test_validation_details_in_other_shapes_and_unknown_keys_are_still_named(
    inpost: InPostCarrier, shipx: ShipXFake
) -> None:
    body = {"status": 422, "error": "validation_failed", "message": "…", "details": {
        "receiver": [{"phone": ["invalid_prefix"]}],
        "parcels": [{"dimensions": [{"length": ["too_big"]}]}, {}],
        "custom_attributes.target_point": ["does_not_exist"],
    }}  # fmt: skip
    shipx.garble(json.dumps(body).encode(), content_type="application/json", status=422)

    with pytest.raises(CarrierError) as caught:
        await inpost.create(locker())

    assert caught.value.fields == {
        "receiver.phone": ("invalid_prefix",),
        "parcels.1.dimensions.length": ("za duża wartość",),
        "custom_attributes.target_point": ("InPost nie zna takiej wartości",),
    }
    assert caught.value.message("pl").endswith(
        "(telefon odbiorcy: invalid_prefix; długość paczki (paczka 1): za duża wartość; "
        "paczkomat docelowy: InPost nie zna takiej wartości)"
    )


# -- failures of the service ---------------------------------------------------------------


async def test_a_wrong_token_is_unauthorized_and_never_appears_anywhere(
    shipx: ShipXFake, caplog: pytest.LogCaptureFixture
) -> None:
    secret = "wrong-token-d41d8cd98f00"
    caplog.set_level(logging.DEBUG)
    settings = inpost_settings(shipx, token=secret)
    async with InPostCarrier(settings) as inpost:
        with pytest.raises(CarrierError) as caught:
            await inpost.create(locker())

    error = caught.value
    assert (error.code, error.key, error.retryable) == (
        "unauthorized",
        "inpost.unauthorized",
        False,
    )
    assert "token" in error.message("pl") and "Manager Paczek" in error.message("pl")
    seen = " ".join([str(error), repr(error), error.message("pl"), error.message("en"),
                     json.dumps(error.raw, default=str), repr(settings), caplog.text])  # fmt: skip
    assert secret not in seen and SHIPX_TOKEN not in seen
    assert shipx.received[-1].authorized is False and shipx.created == Counter()


async def test_another_organizations_shipments_are_forbidden(shipx: ShipXFake) -> None:
    async with InPostCarrier(inpost_settings(shipx, organization_id=7)) as inpost:
        with pytest.raises(CarrierError) as caught:
            await inpost.find(locker())

    error = caught.value
    assert (error.code, error.retryable, error.params) == ("forbidden", False, {"organization": 7})


async def test_an_unknown_shipment_is_not_found(inpost: InPostCarrier) -> None:
    ghost = CarrierShipment("inpost", "999999", ShipmentState.PENDING, "created")

    with pytest.raises(CarrierError) as caught:
        await inpost.refresh(ghost)

    error = caught.value
    assert (error.code, error.retryable, error.message("pl")) == (
        "not_found",
        False,
        "InPost nie zna przesyłki 999999.",
    )


async def test_too_many_requests_is_retryable_after_retry_after(
    inpost: InPostCarrier, shipx: ShipXFake
) -> None:
    shipx.fail(429, retry_after=7, method="POST")

    with pytest.raises(CarrierError) as caught:
        await inpost.create(locker())

    error = caught.value
    assert (error.code, error.retryable, error.retry_after) == ("rate_limited", True, 7.0)
    assert shipx.created == Counter()
    assert (await inpost.create(locker())).state is ShipmentState.PENDING


@pytest.mark.parametrize("status", [500, 502, 503])
async def test_server_errors_are_retryable(
    inpost: InPostCarrier, shipx: ShipXFake, status: int
) -> None:
    shipx.fail(status)

    with pytest.raises(CarrierError) as caught:
        await inpost.create(locker())

    error = caught.value
    assert (error.code, error.retryable, error.params) == ("unavailable", True, {"status": status})
    assert error.message("pl") == (
        f"InPost ShipX nie działa w tej chwili (HTTP {status}) — Kolektor spróbuje ponownie."
    )
    assert shipx.created == Counter()


async def test_no_service_listening_is_unavailable(shipx: ShipXFake) -> None:
    with trio.socket.socket() as probe:
        await probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    async with InPostCarrier(
        inpost_settings(shipx, base_url=f"http://127.0.0.1:{closed_port}")
    ) as inpost:
        with pytest.raises(CarrierError) as caught:
            await inpost.refresh(CarrierShipment("inpost", "1", ShipmentState.PENDING, "created"))

    error = caught.value
    assert (error.code, error.key, error.retryable) == (
        "unavailable",
        "inpost.unavailable.connection",
        True,
    )


async def test_a_create_answer_too_late_then_find_finds_exactly_the_one_shipment(
    shipx: ShipXFake,
) -> None:
    shipx.slow(30, method="POST")
    request = locker()
    async with InPostCarrier(inpost_settings(shipx, timeout=0.3)) as inpost:
        with pytest.raises(CarrierError) as caught:
            await inpost.create(request)
        found = await inpost.find(request)

    error = caught.value
    assert (error.code, error.key, error.retryable) == ("timeout", "inpost.timeout.create", True)
    assert "mogła już powstać" in error.message("pl")
    assert found is not None and found.shipment_id == "1001"
    assert shipx.created == Counter({request.reference: 1})


async def test_a_connection_dropped_after_create_then_find_finds_it(
    inpost: InPostCarrier, shipx: ShipXFake
) -> None:
    shipx.drop(method="POST", after_processing=True)
    request = courier()

    with pytest.raises(CarrierError) as caught:
        await inpost.create(request)
    found = await inpost.find(request)

    error = caught.value
    assert (error.code, error.key, error.retryable) == (
        "unavailable",
        "inpost.unavailable.create",
        True,
    )
    assert found is not None and without_raw(found) == CarrierShipment(
        carrier="inpost", shipment_id="1001", state=ShipmentState.PENDING,
        carrier_status="created", package_ids=("1",), poll_after=0.5,
    )  # fmt: skip
    assert shipx.created == Counter({request.reference: 1})
    assert shipx.received[-1].query["reference"] == request.reference


async def test_a_connection_dropped_before_shipx_saw_the_request_finds_nothing(
    inpost: InPostCarrier, shipx: ShipXFake
) -> None:
    shipx.drop(method="POST")

    with pytest.raises(CarrierError) as caught:
        await inpost.create(locker())

    assert caught.value.retryable
    assert await inpost.find(locker()) is None


async def test_a_slow_answer_to_a_read_is_a_retryable_timeout(shipx: ShipXFake) -> None:
    async with InPostCarrier(inpost_settings(shipx, timeout=0.3)) as inpost:
        created = await inpost.create(locker())
        shipx.slow(30, method="GET")
        with pytest.raises(CarrierError) as caught:
            await inpost.refresh(created)

    assert (caught.value.code, caught.value.key, caught.value.retryable) == (
        "timeout",
        "inpost.timeout",
        True,
    )
    assert (
        caught.value.message("pl")
        == "InPost nie odpowiedział w 0.3 s — Kolektor spróbuje ponownie."
    )


@pytest.mark.parametrize(
    ("body", "content_type", "key", "params"),
    [
        (b"<html><body>502 Bad Gateway</body></html>", "text/html", "inpost.bad_answer.not_json",
         {"content_type": "text/html"}),
        (b'{"id": 1001, "status": "confi', "application/json", "inpost.bad_answer.not_json",
         {"content_type": "application/json"}),
        (b'{"status": "confirmed"}', "application/json", "inpost.bad_answer.missing",
         {"field": "id"}),
        (b'[{"id": 1001}]', "application/json", "inpost.bad_answer.missing", {"field": "{…}"}),
    ],
)  # fmt: skip
async def test_a_garbled_answer_is_a_bad_answer_naming_what_was_wrong(
    inpost: InPostCarrier,
    shipx: ShipXFake,
    body: bytes,
    content_type: str,
    key: str,
    params: dict[str, str],
) -> None:
    created = await inpost.create(locker())
    shipx.garble(body, content_type=content_type, method="GET")

    with pytest.raises(CarrierError) as caught:
        await inpost.refresh(created)

    error = caught.value
    assert (error.code, error.key, error.params, error.retryable) == (
        "bad_answer",
        key,
        params,
        True,
    )


@pytest.mark.parametrize(
    ("body", "key", "params"),
    [
        (b"Hello, I am not a label", "inpost.bad_answer.label", {}),
        (
            b"^XA^FO10,10^FDonly one^FS^XZ",
            "inpost.bad_answer.label_count",
            {"found": 1, "expected": 2},
        ),
        (b"%PDF-1.7 broken", "inpost.bad_answer.pdf", {}),
        (b"PK\x03\x04broken", "inpost.bad_answer.archive", {}),
    ],
)
async def test_a_label_that_is_not_one_is_a_bad_answer(
    inpost: InPostCarrier, shipx: ShipXFake, body: bytes, key: str, params: dict[str, int]
) -> None:
    request = courier(parcels=(BOX, BOX))
    shipment = await bought(inpost, request)
    shipx.garble(body, content_type="application/octet-stream", path="/v1/shipments/1001/label")

    with pytest.raises(CarrierError) as caught:
        await inpost.labels(shipment, request)

    assert (caught.value.code, caught.value.key, caught.value.params) == ("bad_answer", key, params)


async def test_a_purchase_shipx_cannot_make_is_failed_with_its_reason(
    inpost: InPostCarrier, shipx: ShipXFake
) -> None:
    shipx.refuse_purchases("insufficient_funds", "Brak środków na koncie.")

    shipment = await inpost.refresh(await inpost.create(locker()))

    assert without_raw(shipment) == CarrierShipment(
        carrier="inpost", shipment_id="1001", state=ShipmentState.FAILED,
        carrier_status="offers_prepared", package_ids=("1",),
        errors=("Brak środków na koncie.",),
    )  # fmt: skip


# -- find, cancel, labels too early, tracking ---------------------------------------------


async def test_find_gives_the_newest_shipment_not_cancelled_for_the_reference(
    inpost: InPostCarrier, shipx: ShipXFake
) -> None:
    shipx.confirm_after_gets = None  # nothing is bought: all can be cancelled
    first = await inpost.create(locker("ZK 7/2026"))
    await inpost.create(locker("ZK 8/2026"))
    found = await inpost.find(locker("ZK 7/2026"))
    assert found is not None and without_raw(found) == without_raw(first)

    await inpost.cancel(first)
    assert await inpost.find(locker("ZK 7/2026")) is None

    again = await inpost.create(locker("ZK 7/2026"))
    newest = await inpost.create(locker("ZK 7/2026"))
    found = await inpost.find(locker("ZK 7/2026"))
    assert (again.shipment_id, found.shipment_id if found else None) == ("1003", newest.shipment_id)


async def test_find_checks_each_reference_when_shipx_ignores_the_filter(
    shipx: ShipXFake,
) -> None:
    shipx.reference_filter, shipx.per_page = False, 2
    async with InPostCarrier(inpost_settings(shipx)) as inpost:
        oldest = await inpost.create(locker("ZK 1/2026"))
        for number in range(2, 7):
            await inpost.create(locker(f"ZK {number}/2026"))
        found = await inpost.find(locker("ZK 1/2026"))
        assert found is not None and found.shipment_id == oldest.shipment_id
        assert [r.query["page"] for r in shipx.received if r.method == "GET"] == ["1", "2", "3"]

    async with InPostCarrier(inpost_settings(shipx, find_max_pages=2)) as inpost:
        with pytest.raises(CarrierError) as caught:
            await inpost.find(locker("ZK 1/2026"))
        assert await inpost.find(locker("ZK 6/2026")) is not None

    error = caught.value
    assert (error.code, error.retryable) == ("find_incomplete", False)
    assert "Manager" in error.message("pl")


async def test_a_shipment_not_bought_yet_can_be_cancelled_twice(
    inpost: InPostCarrier, shipx: ShipXFake
) -> None:
    created = await inpost.create(locker())

    cancelled = await inpost.cancel(created)
    again = await inpost.cancel(created)

    assert (cancelled.state, cancelled.carrier_status) == (ShipmentState.CANCELLED, "canceled")
    assert (again.state, shipx.shipments[1001]["status"]) == (ShipmentState.CANCELLED, "canceled")


async def test_a_bought_shipment_cannot_be_cancelled_through_the_api(
    inpost: InPostCarrier, shipx: ShipXFake
) -> None:
    shipment = await bought(inpost, locker())

    with pytest.raises(CarrierError) as caught:
        await inpost.cancel(shipment)

    error = caught.value
    assert (error.code, error.key, error.retryable) == (
        "invalid_action",
        "inpost.cancel_after_purchase",
        False,
    )
    assert error.message("pl") == (
        "Przesyłki 1001 nie można już anulować przez API — jest kupiona. Anuluj ją w Managerze "
        "Paczek InPost."
    )
    assert shipx.shipments[1001]["status"] == "confirmed"


async def test_labels_before_the_purchase_are_not_ready_yet(
    inpost: InPostCarrier, shipx: ShipXFake
) -> None:
    shipx.confirm_after_gets = 5
    request = locker()
    created = await inpost.create(request)

    with pytest.raises(CarrierError) as caught:
        await inpost.labels(created, request)

    error = caught.value
    assert (error.code, error.key, error.retryable) == ("not_ready", "inpost.label_not_ready", True)


async def test_labels_of_a_cancelled_shipment_are_refused_for_good(
    inpost: InPostCarrier, shipx: ShipXFake
) -> None:
    shipx.confirm_after_gets = None
    request = locker()
    cancelled = await inpost.cancel(await inpost.create(request))

    with pytest.raises(CarrierError) as caught:
        await inpost.labels(cancelled, request)

    error = caught.value
    assert (error.code, error.key, error.retryable) == (
        "invalid_action",
        "inpost.invalid_action",
        False,
    )


async def test_tracking_with_titles_kept_for_a_day(
    inpost: InPostCarrier, shipx: ShipXFake, mock_clock: trio.testing.MockClock
) -> None:
    shipment = await bought(inpost, locker())
    shipx.set_status(1001, "delivered")

    first = await inpost.tracking(shipment)
    shipx.set_status(1001, "returned_to_sender")
    second = await inpost.tracking(shipment)
    mock_clock.jump(24 * 3600)
    await inpost.tracking(shipment)

    assert (first, second) == (
        Tracking("delivered", "Dostarczona.", delivered=True),
        Tracking("returned_to_sender", "Zwrot do nadawcy."),
    )
    statuses = [r for r in shipx.received if r.path == "/v1/statuses"]
    assert [r.query for r in statuses] == [{"lang": "pl_PL"}, {"lang": "pl_PL"}]
    assert shipx.received[-2].path == f"/v1/tracking/{shipment.tracking_numbers[0]}"


async def test_tracking_without_the_status_list_shows_the_status_word(
    inpost: InPostCarrier, shipx: ShipXFake
) -> None:
    shipment = await bought(inpost, locker())
    shipx.fail(500, path="/v1/statuses")

    assert await inpost.tracking(shipment) == Tracking("confirmed", "confirmed")


async def test_tracking_before_the_purchase_is_not_ready(inpost: InPostCarrier) -> None:
    created = await inpost.create(locker())

    with pytest.raises(CarrierError) as caught:
        await inpost.tracking(created)

    assert (caught.value.code, caught.value.retryable) == ("not_ready", True)


# -- the fake itself -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "details"),
    [
        ({"service": None}, {"service": ["required"]}),
        ({"custom_attributes": {}}, {"custom_attributes": {"target_point": ["required"]}}),
        ({"custom_attributes": {"target_point": "X"}},
         {"custom_attributes": {"target_point": ["does_not_exist"]}}),
        ({"parcels": [{"template": "xlarge"}]}, {"parcels": [{"template": ["invalid"]}]}),
        ({"parcels": [{"template": "small"}, {"template": "small"}]}, {"parcels": ["too_many"]}),
        ({"receiver": {"phone": "601234567"}}, {"receiver": {"email": ["required"]}}),
        ({"reference": "ab"}, {"reference": ["too_short"]}),
        ({"service": "inpost_courier_standard", "cod": {"amount": 10}},
         {"receiver": {"name": ["required"], "address": {
             "street": ["required"], "building_number": ["required"], "city": ["required"],
             "post_code": ["required"]}},
          "parcels": [{"template": ["invalid"]}], "insurance": ["required"]}),
    ],
)  # fmt: skip
async def test_the_fake_validates_like_shipx(
    shipx: ShipXFake, change: dict[str, Any], details: dict[str, Any]
) -> None:
    body = {"service": "inpost_locker_standard", "reference": "ZK 1/2026",
            "receiver": {"phone": "601234567", "email": "a@b.pl"},
            "parcels": [{"template": "small"}],
            "custom_attributes": {"target_point": "KRA010"}, **change}  # fmt: skip
    async with httpx.AsyncClient(base_url=shipx.url, timeout=5) as client:
        answer = await client.post(
            f"/v1/organizations/{SHIPX_ORGANIZATION}/shipments", json=body,
            headers={"Authorization": f"Bearer {SHIPX_TOKEN}"},
        )  # fmt: skip

    assert answer.status_code == 400
    assert {k: v for k, v in answer.json().items() if k != "message"} == {
        "status": 400,
        "error": "validation_failed",
        "details": details,
    }


async def test_the_fake_runs_alone_for_the_demo() -> None:
    command = [sys.executable, "-m", "kolektor.fakes.shipx", "--token", "demo"]
    run = functools.partial(trio.run_process, command, stdout=subprocess.PIPE, check=False)
    async with trio.open_nursery() as nursery:
        process: trio.Process = await nursery.start(run)
        assert process.stdout is not None
        with trio.fail_after(20):
            line = b""
            while not line.endswith(b"\n"):
                line += await process.stdout.receive_some(100)
        url = line.decode().strip()
        async with httpx.AsyncClient(base_url=url, timeout=5) as client:
            statuses = (await client.get("/v1/statuses")).json()
            refused = await client.get("/v1/organizations/1/shipments")
        process.terminate()

    assert re.fullmatch(r"http://127\.0\.0\.1:\d+", url)
    assert {"name": "delivered", "title": "Dostarczona.", "description": ""} in statuses["items"]
    assert refused.status_code == 401
