"""An account's API client: refreshing tokens with rotation (in one process and across two),
the account needing a new login, 401 and 429, Allegro's error bodies — and tokens never
reaching the log."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest
import trio

from kolektor.allegro.client import REFRESH_MARGIN
from kolektor.allegro.errors import AllegroError
from kolektor.i18n import t
from kolektor.store import allegro_accounts as accounts
from tests.allegro.conftest import SELLER, Allegro, connect


def stored(allegro: Allegro) -> accounts.AccountTokens:
    tokens = allegro.store.read_sync(accounts.load_tokens, allegro.sealer, allegro.account_id)
    assert tokens is not None
    return tokens


def expire_soon(allegro: Allegro) -> None:
    """Leave the stored access token less than the refresh margin."""
    tokens = stored(allegro)
    allegro.store.run_sync(
        accounts.replace_tokens,
        allegro.sealer,
        allegro.account_id,
        tokens.token_version,
        tokens.access_token,
        tokens.refresh_token,
        tokens.access_expires_at - timedelta(hours=12) + REFRESH_MARGIN - timedelta(minutes=1),
    )


async def test_calls_carry_allegros_headers_and_the_token(allegro: Allegro) -> None:
    answer = await allegro.clients.account(allegro.account_id).call("GET", "/me")
    assert answer.body["login"] == SELLER
    assert answer.trace_id
    sent = allegro.fake.received[-1].headers
    assert sent["accept"] == "application/vnd.allegro.public.v1+json"
    assert sent["accept-language"] == "pl-PL"
    assert sent["authorization"] == f"Bearer {stored(allegro).access_token}"
    name, _, info = sent["user-agent"].partition(" ")
    assert name.startswith("Kolektor/") and info == "(+https://sklep.example/kolektor)"


async def test_a_token_near_its_end_is_refreshed_once_for_two_concurrent_callers(
    allegro: Allegro,
) -> None:
    expire_soon(allegro)
    before = stored(allegro)
    client = allegro.clients.account(allegro.account_id)
    tokens: list[str] = []

    async def caller() -> None:
        await client.call("GET", "/me")
        tokens.append(allegro.fake.received[-1].headers["authorization"])

    async with trio.open_nursery() as nursery:
        nursery.start_soon(caller)
        nursery.start_soon(caller)
    after = stored(allegro)
    assert allegro.fake.oauth.refreshes == 1
    assert after.token_version == before.token_version + 1
    assert after.refresh_token != before.refresh_token
    assert tokens == [f"Bearer {after.access_token}"] * 2


async def test_a_second_process_that_loses_the_race_uses_the_winners_tokens(
    allegro: Allegro,
) -> None:
    expire_soon(allegro)
    before = stored(allegro)
    other = allegro.other_process()
    # Both processes start from the same refresh token; Allegro answers one of them.
    async with trio.open_nursery() as nursery:
        nursery.start_soon(allegro.clients.account(allegro.account_id).call, "GET", "/me")
        nursery.start_soon(other.account(allegro.account_id).call, "GET", "/me")
    after = stored(allegro)
    assert after.state == accounts.CONNECTED
    assert after.token_version == before.token_version + 1
    assert allegro.fake.oauth.refreshes == 1
    # The one that lost never used the old refresh token a second time unless the other had
    # not stored its pair yet; either way both calls went through with the stored token.
    me_calls = [r for r in allegro.fake.received if r.path == "/me"]
    assert [r.headers["authorization"] for r in me_calls] == [f"Bearer {after.access_token}"] * 2
    await other.aclose()


async def test_a_process_refused_while_the_other_stores_its_pair_waits_for_it(
    allegro: Allegro,
) -> None:
    fake = allegro.fake
    expire_soon(allegro)
    before = stored(allegro)
    other = allegro.other_process()
    # Process B's refresh is done at Allegro, but its answer (and so its store) comes late.
    fake.fail_next("POST", "/auth/oauth/token", delay=0.3, after=True)
    async with trio.open_nursery() as nursery:
        nursery.start_soon(other.account(allegro.account_id).call, "GET", "/me")
        with trio.fail_after(5):
            while fake.oauth.refreshes == 0:  # noqa: ASYNC110 - the fake is in this process
                await trio.sleep(0.01)
        # Process A now refreshes with the same, already used token: Allegro refuses it.
        nursery.start_soon(allegro.clients.account(allegro.account_id).call, "GET", "/me")
    assert (fake.oauth.refreshes, fake.oauth.refused_refreshes) == (1, 1)
    after = stored(allegro)
    assert (after.state, after.token_version) == (accounts.CONNECTED, before.token_version + 1)
    me_calls = [r for r in fake.received if r.path == "/me"]
    assert [r.headers["authorization"] for r in me_calls] == [f"Bearer {after.access_token}"] * 2
    await other.aclose()


async def test_a_refused_refresh_token_needs_a_new_login_with_a_polish_reason(
    allegro: Allegro,
) -> None:
    expire_soon(allegro)
    allegro.fake.oauth.refresh.clear()  # revoked, or unused for 90 days
    with pytest.raises(AllegroError) as refused:
        await allegro.clients.account(allegro.account_id).call("GET", "/me")
    assert (refused.value.code, refused.value.retryable) == ("reauthorize", False)
    account = allegro.store.read_sync(accounts.get_account, allegro.account_id)
    assert account is not None and account.state == accounts.NEEDS_LOGIN
    assert account.last_error is not None
    assert t(account.last_error, "pl").endswith("Połącz konto Allegro ponownie w panelu.")
    assert allegro.store.read_sync(accounts.load_tokens, allegro.sealer, allegro.account_id) is None
    with pytest.raises(AllegroError) as again:
        await allegro.clients.account(allegro.account_id).call("GET", "/me")
    assert again.value.message("pl") == (
        f"Konto Allegro nr {allegro.account_id} nie jest połączone. Połącz je w panelu."
    )


async def test_a_401_refreshes_once_and_retries_once(allegro: Allegro) -> None:
    allegro.fake.oauth.revoke(stored(allegro).access_token)
    answer = await allegro.clients.account(allegro.account_id).call("GET", "/me")
    assert answer.status == 200
    assert allegro.fake.oauth.refreshes == 1
    assert allegro.fake.count("GET", "/me") == 2
    # A token refused even after a refresh is not tried a third time.
    allegro.fake.fail_next("GET", "/me", 401, times=2)
    with pytest.raises(AllegroError) as refused:
        await allegro.clients.account(allegro.account_id).call("GET", "/me")
    assert (refused.value.code, refused.value.retryable) == ("unauthorized", False)
    assert allegro.fake.count("GET", "/me") == 4
    assert allegro.fake.oauth.refreshes == 2


async def test_a_429_blocks_every_call_for_the_minute_without_extending_it(
    allegro: Allegro,
) -> None:
    fake = allegro.fake
    second_id, _, _ = connect(allegro.store, allegro.sealer, fake)
    fake.block()
    client = allegro.clients.account(allegro.account_id)
    with pytest.raises(AllegroError) as limited:
        await client.call("GET", "/me")
    assert (limited.value.code, limited.value.retryable) == ("rate_limited", True)
    assert limited.value.retry_after == 60
    sent = len(fake.received)
    # Inside the minute nothing reaches Allegro, for any account of the application.
    for account_id in (allegro.account_id, second_id):
        with pytest.raises(AllegroError) as held:
            await allegro.clients.account(account_id).call("GET", "/me")
        assert held.value.code == "rate_limited"
        assert 0 < (held.value.retry_after or 0) <= 60
    assert "Następna próba za" in held.value.message("pl")
    assert len(fake.received) == sent
    assert fake.requests_during_block == 1  # only the request that met the block


async def test_allegros_errors_name_the_field_in_its_own_words(allegro: Allegro) -> None:
    client = allegro.clients.account(allegro.account_id)
    with pytest.raises(AllegroError) as refused:
        await client.call(
            "POST",
            "/shipment-management/shipments/create-commands",
            json={"input": {"sender": {}, "receiver": {}, "packages": []}},
        )
    error = refused.value
    assert (error.code, error.status, error.retryable) == ("validation_failed", 400, False)
    assert error.fields["input.sender.street"] == (
        "Nieprawidłowa wartość pola „input.sender.street”.",
    )
    assert error.trace_id and error.raw["trace_id"] == error.trace_id
    assert error.message("pl").startswith("Allegro odrzuciło dane (input.")
    assert "input.sender.street: Nieprawidłowa wartość pola" in error.message("pl")


@pytest.mark.parametrize(
    ("status", "code"), [(500, "unavailable"), (503, "unavailable"), (504, "timeout")]
)
async def test_server_errors_are_retryable(allegro: Allegro, status: int, code: str) -> None:
    allegro.fake.fail_next("GET", "/shipment-management/delivery-proposals/", status)
    with pytest.raises(AllegroError) as failed:
        await allegro.clients.account(allegro.account_id).call(
            "GET",
            f"/shipment-management/delivery-proposals/{allegro.fake.add_checkout_form(SELLER)}",
        )
    assert (failed.value.code, failed.value.retryable) == (code, True)


async def test_a_slow_answer_is_a_retryable_timeout(allegro: Allegro) -> None:
    impatient = allegro.other_process(timeout=0.3)
    allegro.fake.fail_next("GET", "/me", delay=1)
    with pytest.raises(AllegroError) as slow:
        await impatient.account(allegro.account_id).call("GET", "/me")
    assert (slow.value.code, slow.value.retryable) == ("timeout", True)
    await impatient.aclose()


async def test_tokens_never_reach_the_log_or_an_error(
    allegro: Allegro, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    before = stored(allegro)
    expire_soon(allegro)
    await allegro.clients.account(allegro.account_id).call("GET", "/me")
    refreshed = stored(allegro)
    allegro.fake.oauth.refresh.clear()
    expire_soon(allegro)
    with pytest.raises(AllegroError) as refused:
        await allegro.clients.account(allegro.account_id).call("GET", "/me")
    secrets = {
        before.access_token,
        before.refresh_token,
        refreshed.access_token,
        refreshed.refresh_token,
        allegro.app.client_secret,
    }
    texts = caplog.text + str(refused.value) + repr(refused.value.raw) + repr(allegro.app)
    assert [s for s in secrets if s in texts] == []
    assert "allegro.tokens_refreshed" in caplog.text
