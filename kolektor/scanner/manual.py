"""Who may type a quantity by hand (the ``manual`` message) — the ``manual_quantity`` setting.

A typed quantity skips what a scan proves: that the right product is in the picker's hand.
So the office decides which scanner roles may type quantities on their own; by default
only supervisors and admins.  Anyone else may do it only with a supervisor's (or admin's)
authorization given on the spot — their badge or login and PIN in the same ``manual``
message, checked like a login of that person (``docs/scanner-protocol.md``, *Typed
quantities*).

The setting's value is ``{"roles": ["supervisor", "admin"]}``: the roles that may type
quantities without an authorization (any of ``picker``, ``packer``, ``supervisor``,
``admin``; an empty list: nobody, every typed quantity needs someone else's authorization).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final

from sqlalchemy.engine import Connection

from kolektor.settings import OfficeSetting, SettingInvalid
from kolektor.store import settings as settings_store
from kolektor.store.operators import SCANNER_ROLES, Role

MANUAL_QUANTITY: Final = "manual_quantity"
"""The setting's key."""
AUTHORIZERS: Final = frozenset({Role.SUPERVISOR, Role.ADMIN})
"""Roles whose badge and PIN authorize someone else's typed quantity."""
ROLE_ORDER: Final = (Role.PICKER, Role.PACKER, Role.SUPERVISOR, Role.ADMIN)
EXAMPLE: Final = '{"roles": ["supervisor", "admin"]}'

ALLOWED: Final = "allowed"
"""``login_ok.operator.manual_entry``: the operator may type quantities."""
NEEDS_SUPERVISOR: Final = "supervisor"
"""``login_ok.operator.manual_entry``: only with a supervisor's badge and PIN."""


@dataclass(frozen=True, slots=True)
class ManualPolicy:
    """The roles that may type quantities without anyone's authorization."""

    roles: frozenset[Role]

    def allows(self, role: Role) -> bool:
        return role in self.roles

    def entry(self, role: Role) -> str:
        """What ``login_ok`` tells the app: ``allowed`` or ``supervisor``."""
        return ALLOWED if self.allows(role) else NEEDS_SUPERVISOR

    def as_json(self) -> dict[str, Any]:
        return {"roles": [role.value for role in ROLE_ORDER if role in self.roles]}


DEFAULT_POLICY: Final = ManualPolicy(frozenset({Role.SUPERVISOR, Role.ADMIN}))


def _names(roles: Any) -> str:
    return ", ".join(role.value for role in roles)


def parse_policy(value: Any) -> ManualPolicy:
    """The policy a stored or submitted value describes; :class:`SettingInvalid` naming the
    field that is wrong."""
    key = MANUAL_QUANTITY
    if not isinstance(value, Mapping):
        raise SettingInvalid("settings.not_object", key=key, example=EXAMPLE)
    for field in value:
        if field != "roles":
            raise SettingInvalid("settings.unknown_field", key=key, field=str(field)[:40],
                                 allowed="roles")  # fmt: skip
    roles = value.get("roles")
    if not isinstance(roles, list):
        raise SettingInvalid("settings.roles_not_list", key=key, example=EXAMPLE)
    chosen = set()
    for name in roles:
        role = next((r for r in ROLE_ORDER if r.value == name), None)
        if role is None or role not in SCANNER_ROLES:
            raise SettingInvalid("settings.bad_role", key=key, role=str(name)[:40],
                                 allowed=_names(ROLE_ORDER))  # fmt: skip
        chosen.add(role)
    return ManualPolicy(frozenset(chosen))


def load_policy(conn: Connection) -> ManualPolicy:
    """The policy as stored (validated when it was saved); the default when never set."""
    value = settings_store.get_setting(conn, MANUAL_QUANTITY)
    return DEFAULT_POLICY if value is None else parse_policy(value)


SETTING: Final = OfficeSetting(
    key=MANUAL_QUANTITY,
    default=DEFAULT_POLICY.as_json(),
    normalize=lambda value: parse_policy(value).as_json(),
)
"""The setting as the office API shows and changes it."""
