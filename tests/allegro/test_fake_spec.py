"""The fake Allegro holds requests and its own answers to the official OpenAPI file: what the
spec refuses is refused as Allegro would, naming the field, and an answer of the fake that
breaks the spec is caught as the fake's bug."""

from __future__ import annotations

import json
import subprocess
import sys
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
import trio

from kolektor.fakes.allegro import FakeAllegro
from kolektor.fakes.allegro_spec import OPERATIONS, load_spec
from tests.allegro.conftest import CLIENT_ID, SELLER

JSON = "application/vnd.allegro.public.v1+json"


@pytest.fixture
async def api(fake: FakeAllegro) -> AsyncIterator[httpx.AsyncClient]:
    access, _ = fake.oauth.issue(CLIENT_ID, SELLER)
    headers = {"Authorization": f"Bearer {access}", "Accept": JSON, "Content-Type": JSON}
    async with httpx.AsyncClient(base_url=fake.url, headers=headers, timeout=5) as client:
        yield client


def test_every_operation_the_fake_serves_is_in_the_official_file() -> None:
    spec = load_spec()
    served = {(op.method.lower(), op.template) for op in spec.operations}
    assert served == set(OPERATIONS)
    assert {op.operation_id for op in spec.operations} >= {
        "createNewShipment",
        "getShipmentLabels",
        "getDeliveryProposals",
        "meGET",
    }


async def test_a_body_the_spec_refuses_is_a_400_naming_the_field(
    fake: FakeAllegro, api: httpx.AsyncClient
) -> None:
    form_id = fake.add_checkout_form(SELLER)
    proposal = (await api.get(f"/shipment-management/delivery-proposals/{form_id}")).json()
    shipment = proposal["suggestedInput"]
    shipment["packages"][0]["weight"] = {"value": "2,5", "unit": "KG"}
    answer = await api.post(
        "/shipment-management/shipments/create-commands", json={"input": shipment}
    )
    assert answer.status_code == 400
    errors = answer.json()["errors"]
    assert {e["path"] for e in errors} == {
        "input.packages[0].weight.value",
        "input.packages[0].weight.unit",
    }
    assert all(e["code"] == "VALIDATION_ERROR" and e["userMessage"] for e in errors)
    assert fake.desk.commands == {}


async def test_parameters_the_spec_refuses(fake: FakeAllegro, api: httpx.AsyncClient) -> None:
    malformed = await api.get("/order/checkout-forms/not-a-uuid")
    assert malformed.status_code == 422  # as the operation documents, without a body
    too_many = await api.get(
        "/order/carriers/INPOST/tracking", params={"waybill": [str(n) for n in range(21)]}
    )
    assert too_many.status_code == 400
    missing = await api.get("/order/carriers/INPOST/tracking")
    assert missing.status_code == 400


async def test_headers_allegro_insists_on(fake: FakeAllegro, api: httpx.AsyncClient) -> None:
    plain_json = await api.get("/me", headers={"Accept": "application/json"})
    assert plain_json.status_code == 406
    assert plain_json.json()["errors"][0]["code"] == "NotAcceptableException"
    # Labels are octet-stream (#10603): the JSON type is refused there.
    label = await api.post("/shipment-management/label", json={"shipmentIds": ["x"]})
    assert label.status_code == 406
    wrong_type = await api.post(
        "/shipment-management/shipments/cancel-commands",
        content=b"{}",
        headers={"Content-Type": "application/json"},
    )
    assert wrong_type.status_code == 415
    not_json = await api.post("/shipment-management/shipments/cancel-commands", content=b"{")
    assert not_json.status_code == 400
    assert not_json.json()["errors"][0]["message"] == "The object sent cannot be properly parsed"
    no_token = await api.get("/me", headers={"Authorization": "Bearer niewazny"})
    assert no_token.status_code == 401 and no_token.json()["error"] == "invalid_token"
    assert all(r.headers.get("trace-id") for r in (plain_json, label, no_token))


async def test_expired_access_tokens_are_401(fake: FakeAllegro, api: httpx.AsyncClient) -> None:
    assert (await api.get("/me")).status_code == 200
    fake.clock.advance(43199)
    assert (await api.get("/me")).status_code == 401


async def test_oauth_parameters_in_the_query_string_are_refused(fake: FakeAllegro) -> None:
    async with httpx.AsyncClient(base_url=fake.url) as client:
        answer = await client.post(
            "/auth/oauth/token",
            params={"grant_type": "refresh_token", "refresh_token": "x"},
            auth=(CLIENT_ID, "sekret-aplikacji-123"),
        )
    assert answer.status_code == 400
    assert answer.json() == {
        "error": "invalid_request",
        "error_description": "OAuth 2.0 Parameter: grant_type",
    }


async def test_an_answer_of_the_fake_that_breaks_the_spec_is_caught(
    fake: FakeAllegro, api: httpx.AsyncClient
) -> None:
    form_id = fake.add_checkout_form(SELLER)
    fake.desk.forms[form_id]["status"] = "SHIPPED"  # not a CheckoutFormStatus
    answer = await api.get(f"/order/checkout-forms/{form_id}")
    assert answer.status_code == 500
    assert fake.violations == [
        "getOrdersDetailsUsingGET 200: status: 'SHIPPED' is not one of "
        "['BOUGHT', 'FILLED_IN', 'READY_FOR_PROCESSING', 'CANCELLED']"
    ]
    fake.violations.clear()  # seen: the fixture would otherwise fail the test


async def test_undocumented_statuses_answer_allegros_error_holder(
    fake: FakeAllegro, api: httpx.AsyncClient
) -> None:
    fake.block()
    limited = await api.get("/me")
    assert limited.status_code == 429 and limited.json()["errors"][0]["code"]
    assert fake.requests_during_block == 1
    fake.blocked_until = float("-inf")
    unknown = await api.get(f"/shipment-management/delivery-proposals/{uuid.uuid4()}")
    assert unknown.status_code == 404
    assert unknown.json()["errors"][0]["userMessage"] == "Nie znaleziono zamówienia."


async def test_the_demo_runs_the_fake_from_a_seed_file(tmp_path: Path) -> None:
    seed = tmp_path / "allegro.json"
    seed.write_text(
        json.dumps(
            {
                "apps": [{"client_id": "demo", "client_secret": "demo-sekret"}],
                "sellers": [{"login": "sklep_demo", "id": "1001"}],
                "checkout_forms": [{"seller": "sklep_demo", "form_id": str(uuid.uuid4())}],
            }
        ),
        encoding="utf-8",
    )
    process = await trio.lowlevel.open_process(
        [sys.executable, "-m", "kolektor.fakes.allegro", "--port", "0", "--seed", str(seed)],
        stdout=subprocess.PIPE,
    )
    try:
        assert process.stdout is not None
        printed = b""
        with trio.fail_after(30):
            while not printed.endswith(b"\n"):
                printed += await process.stdout.receive_some(100)
        url = printed.decode().strip()
        assert url.startswith("http://127.0.0.1:")
        async with httpx.AsyncClient(base_url=url, timeout=5) as client:
            flow = await client.post(
                "/auth/oauth/device", data={"client_id": "demo"}, auth=("demo", "demo-sekret")
            )
            assert flow.status_code == 200
            page = await client.get(flow.json()["verification_uri_complete"])
            assert "sklep_demo" in page.text and flow.json()["user_code"] in page.text
            allowed = await client.post(
                "/skojarz-aplikacje",
                data={
                    "code": flow.json()["user_code"],
                    "seller": "sklep_demo",
                    "decision": "allow",
                },
            )
            assert "powiązana" in allowed.text
    finally:
        process.terminate()
        await process.wait()
