"""The instance secret and the keys derived from it.

Every Kolektor installation has one secret: ``[security] secret_key`` from the secrets file,
or — with SQLite and no key configured — 32 random bytes kept in ``data_dir/instance.key``
(created 0600 on first use).  Several instances sharing a PostgreSQL store must share the
secret, so there it must be configured.

Keys for different purposes are derived from it with HMAC-SHA-256 and a label, so one
purpose's key never doubles as another's.  Badge codes are stored only as
:func:`badge_hash` — a keyed hash, looked up by equality, so a stolen store does not reveal
the codes without the secret.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from pathlib import Path
from typing import Final

from kolektor.config import Config

KEY_FILE_NAME: Final = "instance.key"
_BADGE_LABEL: Final = b"kolektor/badge/v1"


def key_file(config: Config) -> Path:
    return config.data_dir / KEY_FILE_NAME


def instance_secret(config: Config) -> bytes:
    """The configured secret, or the key file's (created when missing). Blocking."""
    if config.security.secret_key:
        return config.security.secret_key.encode("utf-8")
    path = key_file(config)
    try:
        return bytes.fromhex(path.read_text(encoding="ascii").strip())
    except FileNotFoundError:
        pass
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    value = secrets.token_bytes(32)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process created it first: use theirs
        return bytes.fromhex(path.read_text(encoding="ascii").strip())
    with os.fdopen(fd, "w", encoding="ascii") as file:
        file.write(value.hex() + "\n")
    return value


def derive(secret: bytes, label: bytes) -> bytes:
    """A key for one purpose (``label``) from the instance secret."""
    return hmac.new(secret, label, hashlib.sha256).digest()


def badge_key(config: Config) -> bytes:
    """The key badge codes are hashed with. Blocking (may create the key file)."""
    return derive(instance_secret(config), _BADGE_LABEL)


def normalize_badge(code: str) -> str:
    """Badge codes match whatever the case and surrounding or repeated whitespace:
    ``" op-0001\\n"`` is ``"OP-0001"``."""
    return " ".join(code.split()).upper()


def badge_hash(key: bytes, code: str) -> str:
    """The stored form of a badge code (hex HMAC-SHA-256 of the normalized code)."""
    return hmac.new(key, normalize_badge(code).encode("utf-8"), hashlib.sha256).hexdigest()


def badge_hint(code: str) -> str:
    """The last four characters, to tell which card an operator holds (``…0001``)."""
    normalized = normalize_badge(code)
    return "…" + normalized[-4:] if len(normalized) > 4 else normalized


def token_hash(token: str) -> str:
    """The stored form of a session token (hex SHA-256; tokens are random, no key needed)."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def new_token() -> str:
    """A fresh secret token (256 bits, URL-safe)."""
    return secrets.token_urlsafe(32)
