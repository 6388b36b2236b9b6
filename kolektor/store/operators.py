"""Operators (users): who they are, their secrets, and the bookkeeping of their logins.

Warehouse staff log in on a scanner with their badge (a barcode on their ID card) and PIN,
or with login and PIN; office staff log in with login and password.  Passwords and PINs are
stored only as argon2id hashes (argon2-cffi), badge codes only as a keyed hash
(:func:`kolektor.auth.keys.badge_hash`).  Logins are case-insensitive (stored lowercased).

Checking a secret is CPU work that must never run inside a store transaction: the
functions here only *read* what a login needs (:func:`credentials_by_login`,
:func:`credentials_by_badge`) and *record* its outcome (:func:`record_login`,
:func:`record_failure`); :class:`kolektor.auth.service.AuthService` verifies the hash in
between, in its own thread pool.  Creating an operator with a plain secret hashes it
inside the transaction — fine for the command line and tests; the API passes hashes made
beforehand (``password_hash=``, ``pin_hash=``).

Every change to what an operator may do (role, active, secrets, badge) increments the
operator's ``security_stamp``, which ends their sessions (``kolektor.store.sessions``).

Functions take a :class:`~sqlalchemy.engine.Connection` first; call them through
:meth:`kolektor.store.Store.run`.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any, Final

import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy.engine import Connection

from kolektor.auth.keys import badge_hash, badge_hint, normalize_badge
from kolektor.i18n import Language, t
from kolektor.store import audit
from kolektor.store.engine import StoreError
from kolektor.store.tables import inserted_id, operators, utcnow


class Role(StrEnum):
    """What an operator may do (the full matrix is in ``docs/security.md``)."""

    PICKER = "picker"
    """Picks orders on a scanner."""
    PACKER = "packer"
    """Picks, and packs picked orders (packing issues the document)."""
    SUPERVISOR = "supervisor"
    """Warehouse lead: everything on the floor, takes orders over, lifts lockouts."""
    OFFICE = "office"
    """Office staff: watches the dashboard, retries failed steps, edits rules and templates."""
    ADMIN = "admin"
    """Everything, including operators and settings."""


SCANNER_ROLES: Final = frozenset({Role.PICKER, Role.PACKER, Role.SUPERVISOR, Role.ADMIN})
"""Roles that log in on a scanner."""
BADGE_ONLY_ROLES: Final = frozenset({Role.PICKER, Role.PACKER})
"""Roles an admin may let log in with the badge alone; never supervisors or admins."""

MIN_PASSWORD_LENGTH: Final = 8
MAX_SECRET_LENGTH: Final = 256
_PIN = re.compile(r"[0-9]{4,8}")

HASHER: Final = PasswordHasher(time_cost=2, memory_cost=19_456, parallelism=1)
"""argon2id with OWASP's recommended parameters (19 MiB, 2 passes, 1 lane): about 25 ms on
one core, so a flood of wrong passwords cannot take both cores from the scanners."""


@functools.cache
def _dummy_hash() -> str:
    """Verified against when the login does not exist or has no secret of that kind, so
    that an unknown login takes as long to refuse as a wrong password."""
    return HASHER.hash("kolektor: no such operator")


def hash_secret(secret: str) -> str:
    """The argon2id hash of a password or PIN.  CPU-bound (~25 ms): not in a transaction
    on the server — see :class:`kolektor.auth.hashing.Hashing`."""
    return HASHER.hash(secret)


def verify_secret(stored: str | None, secret: str) -> bool:
    """Whether ``secret`` matches ``stored``; with no stored hash a dummy one is checked so
    the answer takes as long either way.  CPU-bound."""
    try:
        matches = HASHER.verify(stored if stored is not None else _dummy_hash(), secret)
    except (VerificationError, InvalidHashError):
        return False
    return matches and stored is not None


def needs_rehash(stored: str) -> bool:
    """Whether ``stored`` was made with other argon2 parameters than :data:`HASHER`'s."""
    try:
        return HASHER.check_needs_rehash(stored)
    except InvalidHashError:
        return True


class OperatorError(StoreError):
    """An operator cannot be created or changed as asked.  ``key`` and ``params`` select the
    message in :mod:`kolektor.i18n` (``operator.<key>``); ``str()`` is the English text."""

    def __init__(self, key: str, **params: object) -> None:
        self.key = key
        self.params = params
        super().__init__(self.message("en"))

    def message(self, language: Language) -> str:
        return t(f"operator.{self.key}", language, **self.params)


@dataclass(frozen=True, slots=True)
class Operator:
    """An operator as the application sees it (hashes never leave this module)."""

    id: int
    login: str
    name: str
    role: Role
    active: bool
    created_at: datetime
    last_login_at: datetime | None
    has_password: bool
    has_pin: bool
    badge_hint: str | None
    """The badge's last characters (``…0001``), None without a badge."""
    badge_only: bool
    """Whether the badge alone logs this operator in (an admin's explicit choice)."""
    security_stamp: int
    failed_logins: int
    locked_until: datetime | None

    @property
    def has_badge(self) -> bool:
        return self.badge_hint is not None


@dataclass(frozen=True, slots=True)
class Credentials:
    """What a login check needs about one operator (for :mod:`kolektor.auth` only)."""

    operator: Operator
    password_hash: str | None
    pin_hash: str | None
    last_failed_at: datetime | None
    lockouts: int


def _operator(data: Mapping[Any, Any]) -> Operator:
    return Operator(
        id=data["id"],
        login=data["login"],
        name=data["name"],
        role=Role(data["role"]),
        active=bool(data["active"]),
        created_at=data["created_at"],
        last_login_at=data["last_login_at"],
        has_password=data["password_hash"] is not None,
        has_pin=data["pin_hash"] is not None,
        badge_hint=data["badge_hint"],
        badge_only=bool(data["badge_only"]),
        security_stamp=data["security_stamp"],
        failed_logins=data["failed_logins"],
        locked_until=data["locked_until"],
    )


def operator_from_row(data: Mapping[Any, Any]) -> Operator:
    """An :class:`Operator` from a row of ``operators`` read elsewhere in the store."""
    return _operator(data)


def _credentials(data: Mapping[Any, Any]) -> Credentials:
    return Credentials(
        operator=_operator(data),
        password_hash=data["password_hash"],
        pin_hash=data["pin_hash"],
        last_failed_at=data["last_failed_at"],
        lockouts=data["lockouts"],
    )


def normalize_login(login: str) -> str:
    return login.strip().lower()


# -- validation ----------------------------------------------------------------------------


def _validate_role(role: str) -> Role:
    try:
        return Role(role)
    except ValueError:
        raise OperatorError("unknown_role", role=role, roles=", ".join(Role)) from None


def validate_pin(pin: str) -> None:
    """:class:`OperatorError` unless ``pin`` is 4–8 digits."""
    if not _PIN.fullmatch(pin):
        raise OperatorError("bad_pin")


def validate_password(password: str) -> None:
    """:class:`OperatorError` unless ``password`` has 8–256 characters."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise OperatorError("short_password", length=MIN_PASSWORD_LENGTH)
    if len(password) > MAX_SECRET_LENGTH:
        raise OperatorError("long_password", length=MAX_SECRET_LENGTH)


def _validate_badge(code: str) -> str:
    normalized = normalize_badge(code)
    if not normalized:
        raise OperatorError("empty_badge")
    if len(normalized) > 128:
        raise OperatorError("long_badge")
    return normalized


def _check_badge_only(role: Role, badge_only: bool) -> None:
    if badge_only and role not in BADGE_ONLY_ROLES:
        raise OperatorError("badge_only_role", role=role.value)


def _badge_holder(conn: Connection, hashed: str, *, except_id: int | None = None) -> str | None:
    query = sa.select(operators.c.login).where(operators.c.badge_hash == hashed)
    if except_id is not None:
        query = query.where(operators.c.id != except_id)
    row = conn.execute(query).first()
    return row.login if row is not None else None


# -- creating and changing -------------------------------------------------------------------


def create_operator(
    conn: Connection,
    *,
    login: str,
    name: str,
    role: str,
    password: str | None = None,
    pin: str | None = None,
    password_hash: str | None = None,
    pin_hash: str | None = None,
    badge_code: str | None = None,
    badge_key: bytes | None = None,
    badge_only: bool = False,
    active: bool = True,
    actor: str = "cli",
) -> int:
    """Create an operator (active unless ``active=False``) and return its id.

    ``login`` is stored stripped and lowercased; ``role`` is a :class:`Role` value; a PIN
    must be 4–8 digits and a password 8–256 characters.  Secrets come either plain
    (``password``, ``pin``: hashed here, CPU-bound) or already hashed (``password_hash``,
    ``pin_hash``).  A badge needs the instance's ``badge_key``.  Raises
    :class:`OperatorError` when anything is invalid or the login or badge is taken.
    """
    normalized = normalize_login(login)
    if not normalized:
        raise OperatorError("empty_login")
    if len(normalized) > operators.c.login.type.length:  # type: ignore[attr-defined]
        raise OperatorError("long_login")
    if not name.strip():
        raise OperatorError("empty_name")
    checked_role = _validate_role(role)
    _check_badge_only(checked_role, badge_only)
    if pin is not None:
        validate_pin(pin)
        pin_hash = hash_secret(pin)
    if password is not None:
        validate_password(password)
        password_hash = hash_secret(password)
    hashed = hint = None
    if badge_code is not None:
        code = _validate_badge(badge_code)
        if badge_key is None:
            raise ValueError("a badge code needs the instance's badge key")
        hashed, hint = badge_hash(badge_key, code), badge_hint(code)
    if badge_only and hashed is None:
        raise OperatorError("badge_only_without_badge")

    taken = conn.execute(
        sa.select(operators.c.login).where(operators.c.login == normalized)
    ).first()
    if taken is not None:
        raise OperatorError("login_taken", login=normalized)
    if hashed is not None and (holder := _badge_holder(conn, hashed)) is not None:
        raise OperatorError("badge_taken", login=holder)
    try:
        with conn.begin_nested():
            result = conn.execute(
                operators.insert().values(
                    login=normalized,
                    name=name.strip(),
                    role=checked_role.value,
                    badge_hash=hashed,
                    badge_hint=hint,
                    badge_only=badge_only,
                    pin_hash=pin_hash,
                    password_hash=password_hash,
                    active=active,
                    created_at=utcnow(),
                )
            )
    except sa.exc.IntegrityError:
        raise OperatorError("taken_now", login=normalized) from None
    operator_id = inserted_id(result)
    audit.record(
        conn, actor=actor, action="operator.created", target=f"operator:{normalized}",
        details={"role": checked_role.value, "badge": hint, "badge_only": badge_only,
                 "active": active, "pin": pin_hash is not None,
                 "password": password_hash is not None},
    )  # fmt: skip
    return operator_id


_UNSET: Any = object()


def update_operator(
    conn: Connection,
    operator_id: int,
    *,
    actor: str,
    name: str | None = None,
    role: str | None = None,
    active: bool | None = None,
    password_hash: str | None = _UNSET,
    pin_hash: str | None = _UNSET,
    badge_code: str | None = _UNSET,
    badge_key: bytes | None = None,
    badge_only: bool | None = None,
) -> Operator:
    """Change an operator; arguments left out stay as they are (``None`` for a secret or
    the badge removes it).  Anything that changes what the operator may do — role, active,
    password, PIN, badge, badge-only — increments the security stamp, which ends their live
    sessions.  Recorded in the audit log (without secrets).  Returns the changed operator.
    """
    row = conn.execute(sa.select(operators).where(operators.c.id == operator_id)).mappings()
    current = row.first()
    if current is None:
        raise OperatorError("no_such_operator", id=operator_id)
    before = _operator(current)
    values: dict[str, Any] = {}
    changed: dict[str, Any] = {}
    if name is not None and name.strip() != before.name:
        if not name.strip():
            raise OperatorError("empty_name")
        values["name"] = changed["name"] = name.strip()
    new_role = before.role
    if role is not None and role != before.role:
        new_role = _validate_role(role)
        values["role"] = changed["role"] = new_role.value
    if active is not None and active != before.active:
        values["active"] = changed["active"] = active
    if password_hash is not _UNSET:
        values["password_hash"] = password_hash
        changed["password"] = "changed" if password_hash is not None else "removed"
    if pin_hash is not _UNSET:
        values["pin_hash"] = pin_hash
        changed["pin"] = "changed" if pin_hash is not None else "removed"
    has_badge = before.has_badge
    if badge_code is not _UNSET:
        if badge_code is None:
            values["badge_hash"] = values["badge_hint"] = None
            changed["badge"] = None
            has_badge = False
        else:
            code = _validate_badge(badge_code)
            if badge_key is None:
                raise ValueError("a badge code needs the instance's badge key")
            hashed = badge_hash(badge_key, code)
            holder = _badge_holder(conn, hashed, except_id=operator_id)
            if holder is not None:
                raise OperatorError("badge_taken", login=holder)
            values["badge_hash"], values["badge_hint"] = hashed, badge_hint(code)
            changed["badge"] = values["badge_hint"]
            has_badge = True
    if badge_only is not None:
        _check_badge_only(new_role, badge_only)
        if badge_only and not has_badge:
            raise OperatorError("badge_only_without_badge")
        new_badge_only = badge_only
    else:
        # Losing the badge, or a promotion to supervisor/admin, ends badge-only logins.
        new_badge_only = before.badge_only and has_badge and new_role in BADGE_ONLY_ROLES
    if new_badge_only != before.badge_only:
        values["badge_only"] = changed["badge_only"] = new_badge_only
    if not values:
        return before
    if set(values) - {"name"}:
        values["security_stamp"] = operators.c.security_stamp + 1
    try:
        with conn.begin_nested():
            conn.execute(operators.update().where(operators.c.id == operator_id).values(**values))
    except sa.exc.IntegrityError:
        raise OperatorError("taken_now", login=before.login) from None
    audit.record(
        conn, actor=actor, action="operator.changed", target=f"operator:{before.login}",
        details=changed,
    )  # fmt: skip
    after = get_operator(conn, operator_id)
    assert after is not None
    return after


def set_active(conn: Connection, operator_id: int, active: bool, *, actor: str = "cli") -> None:
    """Allow or forbid an operator to log in (ends their sessions when forbidding)."""
    update_operator(conn, operator_id, actor=actor, active=active)


# -- reading -------------------------------------------------------------------------------


def get_operator(conn: Connection, operator_id: int) -> Operator | None:
    """The operator with that id, or None."""
    row = conn.execute(sa.select(operators).where(operators.c.id == operator_id)).mappings()
    found = row.first()
    return _operator(found) if found is not None else None


def get_by_login(conn: Connection, login: str) -> Operator | None:
    """The operator with that login (any case), or None."""
    found = credentials_by_login(conn, login)
    return found.operator if found is not None else None


def list_operators(conn: Connection, *, include_inactive: bool = True) -> list[Operator]:
    """Operators ordered by login."""
    query = sa.select(operators).order_by(operators.c.login)
    if not include_inactive:
        query = query.where(operators.c.active.is_(True))
    return [_operator(row) for row in conn.execute(query).mappings()]


def credentials_by_login(conn: Connection, login: str) -> Credentials | None:
    """What checking a login + password/PIN needs, or None for an unknown login."""
    normalized = normalize_login(login)
    if not normalized or len(normalized) > 64:
        return None
    query = sa.select(operators).where(operators.c.login == normalized)
    found = conn.execute(query).mappings().first()
    return _credentials(found) if found is not None else None


def credentials_by_id(conn: Connection, operator_id: int) -> Credentials | None:
    """What checking a login needs, read afresh by id."""
    query = sa.select(operators).where(operators.c.id == operator_id)
    found = conn.execute(query).mappings().first()
    return _credentials(found) if found is not None else None


def credentials_by_badge(conn: Connection, hashed: str) -> Credentials | None:
    """What checking a badge login needs (``hashed`` from :func:`badge_hash`), or None."""
    query = sa.select(operators).where(operators.c.badge_hash == hashed)
    found = conn.execute(query).mappings().first()
    return _credentials(found) if found is not None else None


# -- login bookkeeping -----------------------------------------------------------------------


def record_login(
    conn: Connection, operator_id: int, *, rehashed: dict[str, str] | None = None
) -> None:
    """A successful login: ``last_login_at``, the failure counters reset, and secrets whose
    argon2 parameters changed replaced by ``rehashed`` (column → new hash)."""
    values: dict[str, Any] = {
        "last_login_at": utcnow(),
        "failed_logins": 0,
        "last_failed_at": None,
        "locked_until": None,
        "lockouts": 0,
    }
    for column, new_hash in (rehashed or {}).items():
        if column in {"password_hash", "pin_hash"}:
            values[column] = new_hash
    conn.execute(operators.update().where(operators.c.id == operator_id).values(**values))


def record_failure(
    conn: Connection,
    operator_id: int,
    *,
    at: datetime,
    failed_logins: int,
    lockouts: int,
    locked_until: datetime | None,
    source: str,
    method: str,
    source_blocked: bool = False,
) -> None:
    """A failed login of a known operator: the counters as
    :func:`kolektor.auth.throttle.account_failed` computed them, and the audit entries
    (``login.failed``; ``login.locked`` when ``locked_until`` is given;
    ``login.source_blocked`` when the failure blocked the source address)."""
    values: dict[str, Any] = {
        "failed_logins": failed_logins,
        "last_failed_at": at,
        "lockouts": lockouts,
    }
    if locked_until is not None:
        values["locked_until"] = locked_until
    conn.execute(operators.update().where(operators.c.id == operator_id).values(**values))
    login = conn.execute(
        sa.select(operators.c.login).where(operators.c.id == operator_id)
    ).scalar_one()
    actor = f"source:{source}"
    target = f"operator:{login}"
    audit.record(conn, actor=actor, action="login.failed", target=target,
                 details={"method": method, "failures": failed_logins})  # fmt: skip
    if locked_until is not None:
        audit.record(conn, actor=actor, action="login.locked", target=target,
                     details={"until": locked_until.isoformat(), "method": method})  # fmt: skip
    if source_blocked:
        audit.record(conn, actor=actor, action="login.source_blocked", target=None)


def unlock(conn: Connection, operator_id: int, *, actor: str) -> Operator:
    """Lift a lockout and forget the failed attempts (a supervisor or admin)."""
    operator = get_operator(conn, operator_id)
    if operator is None:
        raise OperatorError("no_such_operator", id=operator_id)
    conn.execute(
        operators.update()
        .where(operators.c.id == operator_id)
        .values(failed_logins=0, last_failed_at=None, locked_until=None, lockouts=0)
    )
    audit.record(conn, actor=actor, action="login.unlocked", target=f"operator:{operator.login}")
    after = get_operator(conn, operator_id)
    assert after is not None
    return after
