"""Secrets sealed at rest open only with the same instance secret, purpose and row."""

from __future__ import annotations

import pytest

from kolektor.auth.sealed import SealBroken, Sealer

SECRET = bytes(range(32))


def test_a_sealed_token_opens_to_the_same_text_and_hides_it() -> None:
    sealer = Sealer(SECRET)
    sealed = sealer.seal("eyJhbGciOi-ąę", purpose="allegro-token", associated="allegro_accounts:3")
    assert sealed.startswith("v1.")
    assert "eyJhbGciOi" not in sealed
    assert sealer.open(sealed, purpose="allegro-token", associated="allegro_accounts:3") == (
        "eyJhbGciOi-ąę"
    )
    # A fresh nonce each time: the same token never seals to the same text twice.
    assert sealer.seal("x", purpose="p") != sealer.seal("x", purpose="p")


@pytest.mark.parametrize(
    ("secret", "purpose", "associated"),
    [
        (bytes(32), "allegro-token", "allegro_accounts:3"),  # another installation
        (SECRET, "inpost-token", "allegro_accounts:3"),  # another purpose
        (SECRET, "allegro-token", "allegro_accounts:4"),  # copied into another row
    ],
)
def test_it_does_not_open_elsewhere(secret: bytes, purpose: str, associated: str) -> None:
    sealed = Sealer(SECRET).seal("token", purpose="allegro-token", associated="allegro_accounts:3")
    with pytest.raises(SealBroken):
        Sealer(secret).open(sealed, purpose=purpose, associated=associated)


@pytest.mark.parametrize("text", ["", "token", "v1.", "v1.!!!", "v2.AAAA", "v1.AAAA"])
def test_damaged_or_plain_text_is_refused(text: str) -> None:
    with pytest.raises(SealBroken):
        Sealer(SECRET).open(text, purpose="allegro-token")


def test_a_short_secret_is_refused() -> None:
    with pytest.raises(ValueError, match="too short"):
        Sealer(b"short")
