"""Operators: creation rules, hashed secrets and badges, changes that end sessions, and the
bookkeeping of logins (the checks themselves are in kolektor.auth — tests/auth)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from argon2 import PasswordHasher
from sqlalchemy.engine import Connection

from kolektor.auth.keys import badge_hash
from kolektor.store import Operator, OperatorError, Role, Store, audit, operators
from kolektor.store.tables import operators as operators_table

PASSWORD = "Zażółć gęślą jaźń 42"
PIN = "4711"
BADGE = "KOL-000123"
KEY = b"test badge key, 32 bytes long..."


def create_jan(store: Store, **changes: object) -> int:
    values: dict[str, object] = {
        "login": "  Jan.Kowalski ",
        "name": "Jan Kowalski",
        "role": "picker",
        "password": PASSWORD,
        "pin": PIN,
        "badge_code": BADGE,
        "badge_key": KEY,
    }
    values.update(changes)
    return store.run_sync(operators.create_operator, **values)  # type: ignore[arg-type]


def stored_row(store: Store, operator_id: int) -> dict[str, object]:
    def fetch(conn: Connection) -> dict[str, object]:
        row = conn.execute(
            sa.select(operators_table).where(operators_table.c.id == operator_id)
        ).mappings()
        return dict(row.one())

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
        active=True,
        created_at=operator.created_at,
        last_login_at=None,
        has_password=True,
        has_pin=True,
        badge_hint="…0123",
        badge_only=False,
        security_stamp=1,
        failed_logins=0,
        locked_until=None,
    )
    assert operator.has_badge
    assert operator.created_at.tzinfo is UTC
    assert abs(datetime.now(UTC) - operator.created_at) < timedelta(minutes=1)
    assert store.read_sync(operators.get_operator, 404) is None
    assert [e.action for e in store.read_sync(audit.recent)] == ["operator.created"]


def test_secrets_are_stored_as_argon2id_hashes_and_the_badge_as_a_keyed_hash(
    store: Store,
) -> None:
    row = stored_row(store, create_jan(store))
    for column, secret in (("password_hash", PASSWORD), ("pin_hash", PIN)):
        stored = row[column]
        assert isinstance(stored, str) and stored.startswith("$argon2id$v=19$m=19456,t=2,p=1$")
        assert PasswordHasher().verify(stored, secret)
    assert row["password_hash"] != row["pin_hash"]
    assert row["badge_hash"] == badge_hash(KEY, BADGE)
    assert BADGE not in str(row.values())
    assert row["badge_hash"] != badge_hash(b"another key" * 3, BADGE)


def test_verify_secret_and_unknown_hashes() -> None:
    stored = operators.hash_secret(PIN)
    assert operators.verify_secret(stored, PIN)
    assert not operators.verify_secret(stored, "4712")
    assert not operators.verify_secret(None, PIN)  # no hash: a dummy is checked, never true
    assert not operators.verify_secret("not a hash", PIN)
    weak = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1).hash(PIN)
    assert operators.needs_rehash(weak) and not operators.needs_rehash(stored)


@pytest.mark.parametrize("typed", [BADGE, " kol-000123\n", "Kol-000123", "KOL-000123\t"])
def test_badges_match_whatever_the_case_and_whitespace(store: Store, typed: str) -> None:
    operator_id = create_jan(store)
    found = store.read_sync(operators.credentials_by_badge, badge_hash(KEY, typed))
    assert found is not None and found.operator.id == operator_id
    assert store.read_sync(operators.credentials_by_badge, badge_hash(KEY, "KOL-000124")) is None


def test_credentials_by_login_is_case_insensitive(store: Store) -> None:
    operator_id = create_jan(store)
    found = store.read_sync(operators.credentials_by_login, " JAN.kowalski ")
    assert found is not None and found.operator.id == operator_id
    assert found.password_hash is not None and found.pin_hash is not None
    assert store.read_sync(operators.credentials_by_login, "anna") is None
    assert store.read_sync(operators.credentials_by_login, "") is None
    assert store.read_sync(operators.credentials_by_login, "x" * 500) is None


def test_duplicate_login_is_explained(store: Store) -> None:
    create_jan(store)
    with pytest.raises(OperatorError) as caught:
        create_jan(store, login="JAN.KOWALSKI", badge_code=None)
    assert str(caught.value) == (
        "The login “jan.kowalski” is already taken by another operator; choose another."
    )
    assert caught.value.message("pl") == "Login „jan.kowalski” ma już inny operator; wybierz inny."
    assert len(store.read_sync(operators.list_operators)) == 1


def test_duplicate_badge_is_explained_whatever_its_case(store: Store) -> None:
    create_jan(store)
    with pytest.raises(OperatorError) as caught:
        create_jan(store, login="anna", badge_code="kol-000123")
    assert str(caught.value) == "This badge is already assigned to the operator “jan.kowalski”."


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"login": "   "}, "The login must not be empty."),
        ({"login": "x" * 65}, "The login is too long (at most 64 characters)."),
        ({"name": ""}, "The operator's name must not be empty."),
        (
            {"role": "boss"},
            "Unknown role “boss”; choose one of: picker, packer, supervisor, office, admin.",
        ),
        ({"pin": "123"}, "A PIN must be 4 to 8 digits (0–9)."),
        ({"pin": "123456789"}, "A PIN must be 4 to 8 digits (0–9)."),
        ({"pin": "12a4"}, "A PIN must be 4 to 8 digits (0–9)."),
        ({"pin": "١٢٣٤"}, "A PIN must be 4 to 8 digits (0–9)."),  # Arabic-Indic digits
        ({"password": "krótkie"}, "A password must have at least 8 characters."),
        ({"badge_code": " "}, "The badge code must not be empty (leave it out instead)."),
        (
            {"role": "supervisor", "badge_only": True},
            "Badge-only login is not allowed for the role supervisor — supervisors and admins "
            "always enter a PIN.",
        ),
        ({"badge_code": None, "badge_only": True}, "Badge-only login needs a badge."),
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


def test_set_active_on_unknown_operator(store: Store) -> None:
    with pytest.raises(OperatorError, match="There is no operator with id 404"):
        store.run_sync(operators.set_active, 404, False)


def test_changes_of_access_increment_the_security_stamp(store: Store) -> None:
    operator_id = create_jan(store)

    def change(**values: object) -> Operator:
        return store.run_sync(
            operators.update_operator, operator_id, actor="operator:szef", badge_key=KEY, **values
        )  # type: ignore[arg-type]

    assert change(name="Jan K.").security_stamp == 1  # a name is not access
    assert change(name="Jan K.") == change()  # nothing changed, nothing written
    stamps = [
        change(role="packer").security_stamp,
        change(pin_hash=operators.hash_secret("9999")).security_stamp,
        change(password_hash=None).security_stamp,
        change(badge_code="KOL-777").security_stamp,
        change(badge_only=True).security_stamp,
        change(active=False).security_stamp,
    ]
    assert stamps == [2, 3, 4, 5, 6, 7]
    after = store.read_sync(operators.get_operator, operator_id)
    assert after is not None
    assert (after.role, after.has_password, after.badge_hint, after.badge_only, after.active) == (
        Role.PACKER, False, "…-777", True, False,
    )  # fmt: skip
    changed = [e for e in store.read_sync(audit.recent) if e.action == "operator.changed"]
    assert changed[-1].target == "operator:jan.kowalski" and changed[-1].actor == "operator:szef"
    assert {"pin": "changed"} in [e.details for e in changed]
    assert all("$argon2" not in str(e.details) for e in changed)  # no secret in the audit


def test_badge_only_ends_with_the_badge_or_a_promotion(store: Store) -> None:
    operator_id = create_jan(store, badge_only=True)

    def change(**values: object) -> Operator:
        return store.run_sync(
            operators.update_operator, operator_id, actor="cli", badge_key=KEY, **values
        )  # type: ignore[arg-type]

    assert change().badge_only
    assert not change(role="supervisor").badge_only
    with pytest.raises(OperatorError, match="not allowed for the role supervisor"):
        change(badge_only=True)
    change(role="picker")
    assert change(badge_only=True).badge_only
    assert not change(badge_code=None).badge_only


def test_a_badge_cannot_be_given_to_two_operators(store: Store) -> None:
    create_jan(store)
    other = create_jan(store, login="anna", badge_code="KOL-9")
    with pytest.raises(OperatorError, match=r"already assigned to the operator “jan\.kowalski”"):
        store.run_sync(operators.update_operator, other, actor="cli", badge_code="kol-000123",
                       badge_key=KEY)  # fmt: skip


def test_login_bookkeeping(store: Store) -> None:
    operator_id = create_jan(store)
    now = datetime.now(UTC)
    until = now + timedelta(minutes=15)
    store.run_sync(operators.record_failure, operator_id, at=now, failed_logins=10, lockouts=1,
                   locked_until=until, source="10.0.0.7", method="login+pin",
                   source_blocked=True)  # fmt: skip
    found = store.read_sync(operators.credentials_by_id, operator_id)
    assert found is not None
    assert (found.operator.failed_logins, found.lockouts) == (10, 1)
    assert found.operator.locked_until == until and found.last_failed_at == now
    actions = [(e.actor, e.action) for e in store.read_sync(audit.recent)][:3]
    assert actions == [
        ("source:10.0.0.7", "login.source_blocked"),
        ("source:10.0.0.7", "login.locked"),
        ("source:10.0.0.7", "login.failed"),
    ]
    unlocked = store.run_sync(operators.unlock, operator_id, actor="operator:kierownik")
    assert (unlocked.failed_logins, unlocked.locked_until) == (0, None)
    assert store.read_sync(audit.recent)[0].action == "login.unlocked"

    store.run_sync(operators.record_failure, operator_id, at=now, failed_logins=3, lockouts=0,
                   locked_until=None, source="10.0.0.7", method="login+pin")  # fmt: skip
    weak = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1).hash(PIN)
    store.run_sync(operators.record_login, operator_id, rehashed={"pin_hash": weak})
    after = store.read_sync(operators.credentials_by_id, operator_id)
    assert after is not None and after.operator.last_login_at is not None
    assert (after.operator.failed_logins, after.last_failed_at, after.lockouts) == (0, None, 0)
    assert after.pin_hash == weak
