"""Secrets kept in the store encrypted: Allegro tokens, courier API tokens, SMTP passwords.

A value is sealed with AES-256-GCM under a key derived from the instance secret
(:func:`kolektor.auth.keys.instance_secret`) for one *purpose* (``allegro-token``,
``inpost-token``…), so a token sealed for one purpose cannot be opened as another.  The
purpose and the row it belongs to (``associated``, e.g. ``allegro_accounts:3``) are bound as
associated data: a sealed value copied into another row or column does not open.

The sealed form is text, ``v1.<base64url nonce ‖ ciphertext ‖ tag>``, safe for any column.
A store stolen without the secrets file reveals no token; an instance with a different
secret answers :class:`SealBroken` (say so to the office: "connect the account again"),
never garbage.
"""

from __future__ import annotations

import base64
import os
from typing import Final

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from kolektor.auth.keys import derive

VERSION: Final = "v1"
_NONCE_BYTES: Final = 12


class SealBroken(ValueError):
    """A sealed value that does not open: another instance secret, another purpose or row,
    or damaged text."""


class Sealer:
    """Seals and opens secrets for one installation (``instance_secret``)."""

    __slots__ = ("_secret",)

    def __init__(self, instance_secret: bytes) -> None:
        if len(instance_secret) < 16:
            raise ValueError("the instance secret is too short to derive keys from")
        self._secret = instance_secret

    def _aead(self, purpose: str) -> AESGCM:
        return AESGCM(derive(self._secret, f"kolektor/sealed/{purpose}/v1".encode()))

    def seal(self, plain: str, *, purpose: str, associated: str = "") -> str:
        """``plain`` encrypted for ``purpose`` and the row named by ``associated``."""
        nonce = os.urandom(_NONCE_BYTES)
        data = self._aead(purpose).encrypt(nonce, plain.encode("utf-8"), associated.encode())
        return f"{VERSION}.{base64.urlsafe_b64encode(nonce + data).decode('ascii')}"

    def open(self, sealed: str, *, purpose: str, associated: str = "") -> str:
        """The plain text of :meth:`seal`'s result; :class:`SealBroken` when it does not open."""
        version, _, body = sealed.partition(".")
        if version != VERSION or not body:
            raise SealBroken("not a sealed value")
        try:
            raw = base64.urlsafe_b64decode(body.encode("ascii"))
            nonce, data = raw[:_NONCE_BYTES], raw[_NONCE_BYTES:]
            plain = self._aead(purpose).decrypt(nonce, data, associated.encode())
            return plain.decode("utf-8")
        except (InvalidTag, ValueError, UnicodeError) as error:
            raise SealBroken(
                "the sealed value does not open with this instance's secret"
            ) from error
