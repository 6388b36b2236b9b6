"""Settings edited in the panel, stored as JSON values by key, every change audited.

Keys are dotted names such as ``email.smtp_host`` or ``allegro.client_secret``.  A key is
*secret* when its last dotted part names a credential (``password``, ``secret``, ``token``,
``api_key``, ``private_key``, ``credentials``, alone or after an underscore, e.g.
``smtp_password``, ``client_secret``) or when it is listed in :data:`SECRET_KEYS`; the
audit log then records ``"(ukryte)"`` ("hidden") instead of its old and new values.
(Secret values themselves are expected to arrive here already encrypted by the caller; this
module never logs them either way.)

Functions take a :class:`~sqlalchemy.engine.Connection` first; call them through
:meth:`kolektor.store.Store.run`.
"""

from __future__ import annotations

import json
import re
from datetime import datetime
from typing import Any, Final

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from kolektor.store import audit
from kolektor.store.tables import settings, utcnow

HIDDEN: Final = "(ukryte)"
"""What the audit log shows instead of a secret value."""

SECRET_KEYS: Final[frozenset[str]] = frozenset()
"""Keys that are secret although their names do not say so."""

_SECRET_NAME = re.compile(
    r"(?:^|_)(?:password|passwd|secret|token|api_?key|private_?key|credentials?)$",
    re.IGNORECASE,
)


def is_secret(key: str) -> bool:
    """True when the value of ``key`` must never be shown or logged."""
    return key in SECRET_KEYS or bool(_SECRET_NAME.search(key.rsplit(".", 1)[-1]))


def get_setting(conn: Connection, key: str, default: Any = None) -> Any:
    """The value stored under ``key``, or ``default`` when the key was never set."""
    row = conn.execute(sa.select(settings.c.value).where(settings.c.key == key)).first()
    return default if row is None else row.value


def setting_changed_at(conn: Connection, key: str) -> datetime | None:
    """When ``key`` was last changed (None if never set) — to tell whether a cached,
    parsed value is still current without reading the value."""
    row = conn.execute(sa.select(settings.c.updated_at).where(settings.c.key == key)).first()
    return None if row is None else row.updated_at


def set_setting(
    conn: Connection, key: str, value: Any, *, actor: str, secret: bool | None = None
) -> None:
    """Store ``value`` (anything JSON can hold) under ``key`` and audit the change.

    The audit entry (action ``setting.changed``, target the key) holds the old and the new
    value — or ``"(ukryte)"`` for both when the key is secret (see :func:`is_secret`;
    ``secret=True`` forces it).  Setting the value a key already has changes nothing.
    """
    if not key or len(key) > settings.c.key.type.length:  # type: ignore[attr-defined]
        raise ValueError(f"a setting key must have 1 to 100 characters, got {key!r}")
    try:
        json.dumps(value)
    except (TypeError, ValueError) as error:
        raise ValueError(
            f"the value of setting {key!r} cannot be stored as JSON: {error}"
        ) from None
    hidden = secret if secret is not None else is_secret(key)
    row = conn.execute(sa.select(settings.c.value).where(settings.c.key == key)).first()
    now = utcnow()
    if row is None:
        conn.execute(
            settings.insert().values(key=key, value=value, updated_at=now, updated_by=actor)
        )
        old: Any = None
    else:
        if row.value == value and type(row.value) is type(value):
            return
        old = row.value
        conn.execute(
            settings.update()
            .where(settings.c.key == key)
            .values(value=value, updated_at=now, updated_by=actor)
        )
    audit.record(
        conn,
        actor=actor,
        action="setting.changed",
        target=key,
        details={
            "key": key,
            "old": HIDDEN if hidden and row is not None else old,
            "new": HIDDEN if hidden else value,
            "created": row is None,
        },
    )


def all_settings(conn: Connection) -> dict[str, Any]:
    """Every stored setting by key (secret values included: never render these as they are)."""
    return {row.key: row.value for row in conn.execute(sa.select(settings.c.key, settings.c.value))}
