"""Operators (users) and how they log in.

Warehouse staff log in on a scanner with a badge (a barcode on their ID card) or a login and
PIN; office staff log in to the panel with a login and password.  Passwords and PINs are
stored only as argon2id hashes (argon2-cffi); a hash is upgraded transparently when the
argon2 parameters change.  Logins are case-insensitive (stored lowercased).

Functions take a :class:`~sqlalchemy.engine.Connection` first; call them through
:meth:`kolektor.store.Store.run`.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Final

import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy.engine import Connection, RowMapping

from kolektor.store.engine import StoreError
from kolektor.store.tables import inserted_id, operators, utcnow


class Role(StrEnum):
    """What an operator may do."""

    PICKER = "picker"
    """Picks orders on a scanner."""
    PACKER = "packer"
    """Packs picked orders and records packages."""
    SUPERVISOR = "supervisor"
    """Warehouse lead: reassigns orders, resolves problems on the floor."""
    OFFICE = "office"
    """Office staff: watches the dashboard, retries failed steps, edits rules and templates."""
    ADMIN = "admin"
    """Everything, including operators and settings."""


MIN_PASSWORD_LENGTH: Final = 8
_PIN = re.compile(r"[0-9]{4,8}")

_hasher: Final = PasswordHasher()


@functools.cache
def _dummy_hash() -> str:
    """Verified against when the login does not exist or has no secret of that kind, so
    that an unknown login takes as long to refuse as a wrong password."""
    return _hasher.hash("kolektor: no such operator")


class OperatorError(StoreError):
    """An operator cannot be created or changed as asked (the message says why)."""


@dataclass(frozen=True, slots=True)
class Operator:
    """An operator as the application sees it (hashes never leave this module)."""

    id: int
    login: str
    name: str
    role: Role
    badge_code: str | None
    active: bool
    created_at: datetime
    last_login_at: datetime | None
    has_password: bool
    has_pin: bool


def _normalize_login(login: str) -> str:
    return login.strip().lower()


def _operator(data: RowMapping) -> Operator:
    return Operator(
        id=data["id"],
        login=data["login"],
        name=data["name"],
        role=Role(data["role"]),
        badge_code=data["badge_code"],
        active=bool(data["active"]),
        created_at=data["created_at"],
        last_login_at=data["last_login_at"],
        has_password=data["password_hash"] is not None,
        has_pin=data["pin_hash"] is not None,
    )


def _validate_role(role: str) -> Role:
    try:
        return Role(role)
    except ValueError:
        raise OperatorError(f"Unknown role {role!r}; choose one of: {', '.join(Role)}.") from None


def _validate_pin(pin: str) -> None:
    if not _PIN.fullmatch(pin):
        raise OperatorError("A PIN must be 4 to 8 digits (0–9).")


def _validate_password(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise OperatorError(f"A password must have at least {MIN_PASSWORD_LENGTH} characters.")


def create_operator(
    conn: Connection,
    *,
    login: str,
    name: str,
    role: str,
    password: str | None = None,
    pin: str | None = None,
    badge_code: str | None = None,
) -> int:
    """Create an active operator and return its id.

    ``login`` is stored stripped and lowercased; ``role`` is a :class:`Role` value; the PIN
    must be 4–8 digits and the password at least :data:`MIN_PASSWORD_LENGTH` characters.
    Raises :class:`OperatorError` with a message fit to show when anything is invalid or the
    login or badge is already taken.
    """
    normalized = _normalize_login(login)
    if not normalized:
        raise OperatorError("The login must not be empty.")
    if len(normalized) > operators.c.login.type.length:  # type: ignore[attr-defined]
        raise OperatorError("The login is too long (at most 64 characters).")
    if not name.strip():
        raise OperatorError("The operator's name must not be empty.")
    checked_role = _validate_role(role)
    if pin is not None:
        _validate_pin(pin)
    if password is not None:
        _validate_password(password)
    badge = badge_code.strip() if badge_code is not None else None
    if badge == "":
        raise OperatorError("The badge code must not be empty (leave it out instead).")

    taken = conn.execute(
        sa.select(operators.c.login).where(operators.c.login == normalized)
    ).first()
    if taken is not None:
        raise OperatorError(
            f"The login {normalized!r} is already taken by another operator; choose another."
        )
    if badge is not None:
        holder = conn.execute(
            sa.select(operators.c.login).where(operators.c.badge_code == badge)
        ).first()
        if holder is not None:
            raise OperatorError(f"This badge is already assigned to the operator {holder.login!r}.")
    try:
        with conn.begin_nested():
            result = conn.execute(
                operators.insert().values(
                    login=normalized,
                    name=name.strip(),
                    role=checked_role.value,
                    badge_code=badge,
                    pin_hash=_hasher.hash(pin) if pin is not None else None,
                    password_hash=_hasher.hash(password) if password is not None else None,
                    active=True,
                    created_at=utcnow(),
                )
            )
    except sa.exc.IntegrityError:
        raise OperatorError(
            f"The login {normalized!r} or its badge was taken by someone else just now; "
            "choose another."
        ) from None
    return inserted_id(result)


def _verify(stored: str | None, secret: str) -> bool:
    try:
        matches = _hasher.verify(stored if stored is not None else _dummy_hash(), secret)
    except (VerificationError, InvalidHashError):
        return False
    return matches and stored is not None


def _logged_in(conn: Connection, row: RowMapping, *, column: str, secret: str | None) -> Operator:
    """Record the login (and rehash the secret when argon2's parameters changed)."""
    now = utcnow()
    values: dict[str, object] = {"last_login_at": now}
    if secret is not None and _hasher.check_needs_rehash(row[column]):
        values[column] = _hasher.hash(secret)
    conn.execute(operators.update().where(operators.c.id == row["id"]).values(**values))
    refreshed = conn.execute(sa.select(operators).where(operators.c.id == row["id"])).mappings()
    return _operator(refreshed.one())


def _by_login(conn: Connection, login: str) -> RowMapping | None:
    return (
        conn.execute(sa.select(operators).where(operators.c.login == _normalize_login(login)))
        .mappings()
        .first()
    )


def authenticate_password(conn: Connection, login: str, password: str) -> Operator | None:
    """The operator when ``login`` and ``password`` match an active operator, else None."""
    row = _by_login(conn, login)
    stored = row["password_hash"] if row is not None else None
    if not _verify(stored, password) or row is None or not row["active"]:
        return None
    return _logged_in(conn, row, column="password_hash", secret=password)


def authenticate_pin(conn: Connection, login: str, pin: str) -> Operator | None:
    """The operator when ``login`` and ``pin`` match an active operator, else None."""
    row = _by_login(conn, login)
    stored = row["pin_hash"] if row is not None else None
    if not _verify(stored, pin) or row is None or not row["active"]:
        return None
    return _logged_in(conn, row, column="pin_hash", secret=pin)


def authenticate_badge(conn: Connection, badge_code: str) -> Operator | None:
    """The active operator holding the scanned badge, else None."""
    code = badge_code.strip()
    if not code:
        return None
    row = (
        conn.execute(sa.select(operators).where(operators.c.badge_code == code)).mappings().first()
    )
    if row is None or not row["active"]:
        return None
    return _logged_in(conn, row, column="badge_code", secret=None)


def get_operator(conn: Connection, operator_id: int) -> Operator | None:
    """The operator with that id, or None."""
    row = conn.execute(sa.select(operators).where(operators.c.id == operator_id)).mappings()
    found = row.first()
    return _operator(found) if found is not None else None


def list_operators(conn: Connection, *, include_inactive: bool = True) -> list[Operator]:
    """Operators ordered by login."""
    query = sa.select(operators).order_by(operators.c.login)
    if not include_inactive:
        query = query.where(operators.c.active.is_(True))
    return [_operator(row) for row in conn.execute(query).mappings()]


def set_active(conn: Connection, operator_id: int, active: bool) -> None:
    """Allow or forbid an operator to log in.  :class:`OperatorError` for an unknown id."""
    result = conn.execute(
        operators.update().where(operators.c.id == operator_id).values(active=active)
    )
    if result.rowcount != 1:
        raise OperatorError(f"There is no operator with id {operator_id}.")
