"""Operators: creation rules, argon2 hashes and the three ways to log in."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from argon2 import PasswordHasher
from sqlalchemy.engine import Connection

from kolektor.store import Operator, OperatorError, Role, Store, operators
from kolektor.store.tables import operators as operators_table

PASSWORD = "Zażółć gęślą jaźń 42"
PIN = "4711"
BADGE = "KOL-000123"


def create_jan(store: Store, **changes: object) -> int:
    values: dict[str, object] = {
        "login": "  Jan.Kowalski ",
        "name": "Jan Kowalski",
        "role": "picker",
        "password": PASSWORD,
        "pin": PIN,
        "badge_code": BADGE,
    }
    values.update(changes)
    return store.run_sync(operators.create_operator, **values)  # type: ignore[arg-type]


def stored_hashes(store: Store, operator_id: int) -> tuple[str | None, str | None]:
    def fetch(conn: Connection) -> tuple[str | None, str | None]:
        row = conn.execute(
            sa.select(operators_table.c.password_hash, operators_table.c.pin_hash).where(
                operators_table.c.id == operator_id
            )
        ).one()
        return row.password_hash, row.pin_hash

    return store.read_sync(fetch)


def test_create_and_get(store: Store) -> None:
    operator_id = create_jan(store)
    operator = store.read_sync(operators.get_operator, operator_id)
    assert operator is not None
    assert operator == Operator(
        id=operator_id,
        login="jan.kowalski",
        name="Jan Kowalski",
        role=Role.PICKER,
        badge_code=BADGE,
        active=True,
        created_at=operator.created_at,
        last_login_at=None,
        has_password=True,
        has_pin=True,
    )
    assert operator.created_at.tzinfo is UTC
    assert abs(datetime.now(UTC) - operator.created_at) < timedelta(minutes=1)
    assert store.read_sync(operators.get_operator, 404) is None


def test_secrets_are_stored_as_argon2_hashes(store: Store) -> None:
    password_hash, pin_hash = stored_hashes(store, create_jan(store))
    assert password_hash is not None and pin_hash is not None
    for stored, secret in ((password_hash, PASSWORD), (pin_hash, PIN)):
        assert stored != secret
        assert stored.startswith("$argon2id$")
        assert PasswordHasher().verify(stored, secret)
    assert password_hash != pin_hash


def test_password_login(store: Store) -> None:
    operator_id = create_jan(store)
    operator = store.run_sync(operators.authenticate_password, "JAN.kowalski", PASSWORD)
    assert operator is not None
    assert operator.id == operator_id
    assert operator.last_login_at is not None
    assert abs(datetime.now(UTC) - operator.last_login_at) < timedelta(minutes=1)
    assert store.read_sync(operators.get_operator, operator_id) == operator


@pytest.mark.parametrize(
    ("login", "password"),
    [
        ("jan.kowalski", "zażółć gęślą jaźń 42"),
        ("jan.kowalski", ""),
        ("anna", PASSWORD),
        ("", PASSWORD),
    ],
)
def test_wrong_password_or_login(store: Store, login: str, password: str) -> None:
    operator_id = create_jan(store)
    assert store.run_sync(operators.authenticate_password, login, password) is None
    operator = store.read_sync(operators.get_operator, operator_id)
    assert operator is not None and operator.last_login_at is None


def test_pin_login(store: Store) -> None:
    operator_id = create_jan(store)
    operator = store.run_sync(operators.authenticate_pin, "jan.kowalski", PIN)
    assert operator is not None and operator.id == operator_id
    assert store.run_sync(operators.authenticate_pin, "jan.kowalski", "4712") is None
    assert store.run_sync(operators.authenticate_pin, "jan.kowalski", PASSWORD) is None
    assert store.run_sync(operators.authenticate_pin, "anna", PIN) is None


def test_badge_login(store: Store) -> None:
    operator_id = create_jan(store)
    operator = store.run_sync(operators.authenticate_badge, f" {BADGE}\n")
    assert operator is not None and operator.id == operator_id
    assert operator.last_login_at is not None
    assert store.run_sync(operators.authenticate_badge, "KOL-000124") is None
    assert store.run_sync(operators.authenticate_badge, "") is None


def test_operator_without_password_or_pin_cannot_use_them(store: Store) -> None:
    create_jan(store, password=None, pin=None)
    assert store.run_sync(operators.authenticate_password, "jan.kowalski", "") is None
    assert store.run_sync(operators.authenticate_pin, "jan.kowalski", "0000") is None
    assert store.run_sync(operators.authenticate_badge, BADGE) is not None


def test_inactive_operator_cannot_log_in(store: Store) -> None:
    operator_id = create_jan(store)
    store.run_sync(operators.set_active, operator_id, False)
    assert store.run_sync(operators.authenticate_password, "jan.kowalski", PASSWORD) is None
    assert store.run_sync(operators.authenticate_pin, "jan.kowalski", PIN) is None
    assert store.run_sync(operators.authenticate_badge, BADGE) is None

    store.run_sync(operators.set_active, operator_id, True)
    assert store.run_sync(operators.authenticate_pin, "jan.kowalski", PIN) is not None


def test_set_active_on_unknown_operator(store: Store) -> None:
    with pytest.raises(OperatorError, match="There is no operator with id 404"):
        store.run_sync(operators.set_active, 404, False)


def test_duplicate_login_is_explained(store: Store) -> None:
    create_jan(store)
    with pytest.raises(OperatorError) as caught:
        create_jan(store, login="JAN.KOWALSKI", badge_code=None)
    assert str(caught.value) == (
        "The login 'jan.kowalski' is already taken by another operator; choose another."
    )
    assert len(store.read_sync(operators.list_operators)) == 1


def test_duplicate_badge_is_explained(store: Store) -> None:
    create_jan(store)
    with pytest.raises(OperatorError) as caught:
        create_jan(store, login="anna")
    assert str(caught.value) == "This badge is already assigned to the operator 'jan.kowalski'."


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"login": "   "}, "The login must not be empty."),
        ({"login": "x" * 65}, "The login is too long (at most 64 characters)."),
        ({"name": ""}, "The operator's name must not be empty."),
        (
            {"role": "boss"},
            "Unknown role 'boss'; choose one of: picker, packer, supervisor, office, admin.",
        ),
        ({"pin": "123"}, "A PIN must be 4 to 8 digits (0–9)."),
        ({"pin": "123456789"}, "A PIN must be 4 to 8 digits (0–9)."),
        ({"pin": "12a4"}, "A PIN must be 4 to 8 digits (0–9)."),
        ({"pin": "١٢٣٤"}, "A PIN must be 4 to 8 digits (0–9)."),  # Arabic-Indic digits
        ({"password": "krótkie"}, "A password must have at least 8 characters."),
        ({"badge_code": " "}, "The badge code must not be empty (leave it out instead)."),
    ],
)
def test_invalid_operator_is_refused(
    store: Store, changes: dict[str, object], message: str
) -> None:
    with pytest.raises(OperatorError) as caught:
        create_jan(store, **changes)
    assert str(caught.value) == message
    assert store.read_sync(operators.list_operators) == []


def test_all_roles_are_accepted(store: Store) -> None:
    for number, role in enumerate(Role):
        store.run_sync(
            operators.create_operator, login=f"u{number}", name=f"U {number}", role=role.value
        )
    assert [o.role for o in store.read_sync(operators.list_operators)] == list(Role)


def test_list_operators(store: Store) -> None:
    zofia = create_jan(store, login="zofia", badge_code=None)
    adam = create_jan(store, login="adam", badge_code=None)
    store.run_sync(operators.set_active, zofia, False)
    assert [(o.id, o.active) for o in store.read_sync(operators.list_operators)] == [
        (adam, True),
        (zofia, False),
    ]
    active = store.read_sync(operators.list_operators, include_inactive=False)
    assert [o.id for o in active] == [adam]


def test_outdated_hash_is_upgraded_at_login(store: Store) -> None:
    operator_id = create_jan(store)
    weak = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1).hash(PASSWORD)
    store.run_sync(
        lambda conn: conn.execute(
            operators_table.update()
            .where(operators_table.c.id == operator_id)
            .values(password_hash=weak)
        )
    )
    assert store.run_sync(operators.authenticate_password, "jan.kowalski", PASSWORD) is not None
    upgraded, _ = stored_hashes(store, operator_id)
    assert upgraded is not None and upgraded != weak
    assert not PasswordHasher().check_needs_rehash(upgraded)
    assert store.run_sync(operators.authenticate_password, "jan.kowalski", PASSWORD) is not None
