"""The device flow and token refresh against the fake's OAuth host: each answer Allegro gives
while polling, rotation of the refresh token, and the failures of the token endpoint."""

from __future__ import annotations

import base64

import httpx
import pytest

from kolektor.allegro import AllegroApp
from kolektor.allegro.errors import AllegroError
from kolektor.allegro.oauth import (
    DeviceState,
    poll_device_token,
    refresh_tokens,
    start_device_flow,
)
from kolektor.fakes.allegro import FakeAllegro
from tests.allegro.conftest import CLIENT_ID, CLIENT_SECRET, SELLER


@pytest.fixture
async def http() -> httpx.AsyncClient:
    return httpx.AsyncClient(timeout=httpx.Timeout(1.0))


async def test_device_flow_connects_after_the_seller_confirms(
    fake: FakeAllegro, app: AllegroApp, http: httpx.AsyncClient
) -> None:
    flow = await start_device_flow(http, app)
    assert (flow.expires_in, flow.interval) == (3600, 5)
    assert flow.verification_uri == f"{fake.url}/skojarz-aplikacje"
    assert flow.verification_uri_complete == f"{fake.url}/skojarz-aplikacje?code={flow.user_code}"
    first = await poll_device_token(http, app, flow.device_code, interval=flow.interval)
    assert (first.state, first.tokens) == (DeviceState.PENDING, None)

    fake.approve(flow.user_code, SELLER)
    fake.clock.advance(flow.interval)
    done = await poll_device_token(http, app, flow.device_code, interval=flow.interval)
    assert done.state is DeviceState.CONNECTED and done.tokens is not None
    assert done.tokens.expires_in == 43199
    assert fake.oauth.seller_of(done.tokens.access_token) == SELLER

    # The rules Allegro enforces since 23 Sep 2025: POST, form body, Basic client auth.
    token_call = [r for r in fake.received if r.path == "/auth/oauth/token"][-1]
    assert token_call.method == "POST" and token_call.query == {}
    assert token_call.headers["content-type"] == "application/x-www-form-urlencoded"
    basic = base64.b64encode(f"{CLIENT_ID}:{CLIENT_SECRET}".encode()).decode()
    assert token_call.headers["authorization"] == f"Basic {basic}"
    assert b"grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Adevice_code" in token_call.body
    # A device code works once.
    fake.clock.advance(flow.interval)
    used = await poll_device_token(http, app, flow.device_code, interval=flow.interval)
    assert used.state is DeviceState.EXPIRED


async def test_polling_too_fast_is_slowed_down_by_five_seconds(
    fake: FakeAllegro, app: AllegroApp, http: httpx.AsyncClient
) -> None:
    flow = await start_device_flow(http, app)
    await poll_device_token(http, app, flow.device_code, interval=5)
    slowed = await poll_device_token(http, app, flow.device_code, interval=5)
    assert (slowed.state, slowed.interval) == (DeviceState.SLOW_DOWN, 10)


async def test_the_seller_refuses(
    fake: FakeAllegro, app: AllegroApp, http: httpx.AsyncClient
) -> None:
    flow = await start_device_flow(http, app)
    fake.deny(flow.user_code)
    denied = await poll_device_token(http, app, flow.device_code, interval=5)
    assert denied.state is DeviceState.DENIED


async def test_an_expired_device_code_means_starting_over(
    fake: FakeAllegro, app: AllegroApp, http: httpx.AsyncClient
) -> None:
    flow = await start_device_flow(http, app)
    fake.approve(flow.user_code, SELLER)
    fake.clock.advance(flow.expires_in)
    expired = await poll_device_token(http, app, flow.device_code, interval=5)
    assert (expired.state, expired.tokens) == (DeviceState.EXPIRED, None)


async def test_refresh_rotates_and_the_old_refresh_token_is_dead(
    fake: FakeAllegro, app: AllegroApp, http: httpx.AsyncClient
) -> None:
    _, refresh = fake.oauth.issue(CLIENT_ID, SELLER)
    new = await refresh_tokens(http, app, refresh)
    assert new.refresh_token != refresh
    with pytest.raises(AllegroError) as reused:
        await refresh_tokens(http, app, refresh)
    assert (reused.value.code, reused.value.retryable) == ("reauthorize", False)
    assert reused.value.message("pl") == (
        "Allegro nie przyjęło tokenu odświeżania (wygasł, został już użyty lub odwołany). "
        "Połącz konto Allegro ponownie w panelu."
    )
    assert refresh not in str(reused.value) and refresh not in repr(reused.value.raw)
    assert (await refresh_tokens(http, app, new.refresh_token)).access_token


async def test_a_wrong_secret_and_a_non_device_app_are_configuration_errors(
    fake: FakeAllegro, app: AllegroApp, http: httpx.AsyncClient
) -> None:
    wrong = AllegroApp(CLIENT_ID, "zły-sekret", "sandbox", api_url=fake.url, auth_url=fake.url)
    with pytest.raises(AllegroError) as refused:
        await start_device_flow(http, wrong)
    assert (refused.value.code, refused.value.retryable) == ("invalid_client", False)
    assert "zły-sekret" not in repr(wrong) and "zły-sekret" not in str(refused.value)

    fake.add_app("web-app", "sekret", device=False)
    web = AllegroApp("web-app", "sekret", "sandbox", api_url=fake.url, auth_url=fake.url)
    with pytest.raises(AllegroError) as not_device:
        await start_device_flow(http, web)
    assert not_device.value.code == "app_not_device"
    assert "typu „urządzenie”" in not_device.value.message("pl")


@pytest.mark.parametrize(
    ("status", "delay", "code"),
    [(503, 0.0, "unavailable"), (429, 0.0, "rate_limited"), (None, 1.5, "timeout")],
)
async def test_token_endpoint_failures_are_retryable(
    fake: FakeAllegro,
    app: AllegroApp,
    http: httpx.AsyncClient,
    status: int | None,
    delay: float,
    code: str,
) -> None:
    _, refresh = fake.oauth.issue(CLIENT_ID, SELLER)
    fake.fail_next("POST", "/auth/oauth/token", status, delay=delay)
    with pytest.raises(AllegroError) as failed:
        await refresh_tokens(http, app, refresh)
    assert (failed.value.code, failed.value.retryable) == (code, True)
    # Nothing was used up: the same refresh token still works.
    assert (await refresh_tokens(http, app, refresh)).access_token


async def test_allegro_down_is_retryable(app: AllegroApp, http: httpx.AsyncClient) -> None:
    closed = AllegroApp(CLIENT_ID, CLIENT_SECRET, auth_url="http://127.0.0.1:9")
    with pytest.raises(AllegroError) as down:
        await start_device_flow(http, closed)
    assert (down.value.code, down.value.retryable) == ("unavailable", True)
    assert down.value.message("pl") == (
        "Nie można połączyć się z Allegro (ConnectError). Spróbujemy ponownie."
    )


async def test_a_malformed_token_answer_is_named(
    fake: FakeAllegro, app: AllegroApp, http: httpx.AsyncClient
) -> None:
    _, refresh = fake.oauth.issue(CLIENT_ID, SELLER)
    fake.oauth.malformed_next = True
    with pytest.raises(AllegroError) as bad:
        await refresh_tokens(http, app, refresh)
    assert (bad.value.code, bad.value.retryable) == ("bad_answer", True)
    assert bad.value.message("pl") == (
        "Allegro odpowiedziało niezrozumiale (access_token). Spróbujemy ponownie."
    )
