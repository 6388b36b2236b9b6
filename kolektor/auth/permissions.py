"""Who may send which scanner message — the role matrix of ``docs/security.md``.

Every message type of the scanner protocol (:data:`kolektor.scanner.protocol.MESSAGE_TYPES`)
has an entry; ``None`` means no login is needed.  A test checks that this table, the
protocol and the table in the docs agree, and tries every role on every message.
"""

from __future__ import annotations

from typing import Final

from kolektor.store.operators import Role

_PICKING: Final = frozenset({Role.PICKER, Role.PACKER, Role.SUPERVISOR, Role.ADMIN})
_PACKING: Final = frozenset({Role.PACKER, Role.SUPERVISOR, Role.ADMIN})
_FLOOR_LEAD: Final = frozenset({Role.SUPERVISOR, Role.ADMIN})

SCANNER_PERMISSIONS: Final[dict[str, frozenset[Role] | None]] = {
    "hello": None,
    "login": None,
    "ping": None,
    "logout": _PICKING,
    "queue": _PICKING,
    "claim": _PICKING,
    "claim.takeover": _FLOOR_LEAD,
    "release": _PICKING,
    "open": _PICKING,
    "scan": _PICKING,
    "manual": _PICKING,
    "undo": _PICKING,
    "shortage": _PICKING,
    "pack_open": _PACKING,
    "pack": _PACKING,
    "stations": _PICKING,
    "set_station": _PACKING,
    "label": _PACKING,
    "reprint_label": _PACKING,
    "overview": _FLOOR_LEAD,
}
"""Message type (``claim.takeover``: a ``claim`` with ``takeover: true``) → roles allowed."""


def scanner_allows(message: str, role: Role) -> bool:
    """Whether an operator with ``role`` may send ``message`` (unknown types: no)."""
    if message not in SCANNER_PERMISSIONS:
        return False
    roles = SCANNER_PERMISSIONS[message]
    return roles is None or role in roles
