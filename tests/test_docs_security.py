"""docs/security.md says what the code does: the role matrices and the throttling numbers
are read from the page and compared with the code."""

from __future__ import annotations

import re
from pathlib import Path

from kolektor.auth.permissions import SCANNER_PERMISSIONS
from kolektor.auth.service import AuthService
from kolektor.auth.throttle import DEFAULT_POLICY
from kolektor.scanner.service import ScannerService
from kolektor.server.access import route_access
from kolektor.server.app import AppState, create_app
from kolektor.store.operators import Role
from tests.office import Office

PAGE = Path(__file__).resolve().parents[1] / "docs" / "security.md"


def table_after(marker: str) -> list[list[str]]:
    """The Markdown table right after ``<!-- marker… -->``, as rows of cells (no header)."""
    text = PAGE.read_text(encoding="utf-8")
    start = text.index(f"<!-- {marker}")
    lines = text[start:].splitlines()[1:]
    rows = []
    for line in lines:
        if not line.startswith("|"):
            break
        rows.append([cell.strip() for cell in line.strip().strip("|").split("|")])
    return rows[2:]  # without the header and the ---|--- line


def roles_of(header: list[str], row: list[str]) -> frozenset[str] | None:
    cells = dict(zip(header, row[1:], strict=True))
    if all(cell == "—" for cell in cells.values()):
        return None
    assert all(cell in {"✓", ""} for cell in cells.values()), row
    return frozenset(role for role, cell in cells.items() if cell == "✓")


def test_the_scanner_matrix_is_the_codes() -> None:
    header = ["picker", "packer", "supervisor", "admin"]
    documented = {}
    for row in table_after("scanner-matrix"):
        name = row[0].replace("`", "")
        key = "claim.takeover" if name == "claim with takeover" else name
        documented[key] = roles_of(header, row)
    expected = {
        key: None if roles is None else frozenset(r.value for r in roles)
        for key, roles in SCANNER_PERMISSIONS.items()
    }
    assert documented == expected


async def test_the_route_matrix_is_the_apps(office: Office) -> None:
    state = AppState(
        config=office.config, store=office.store, scanner=ScannerService(office.store),
        auth=AuthService(office.store, office.config.security, b"k" * 32),
    )  # fmt: skip
    actual = {
        f"{method} {re.sub(r'<[a-z]+:([a-z_]+)>', '<id>', rule)}": (
            None if access.roles is None else frozenset(r.value for r in access.roles)
        )
        for (rule, method), access in route_access(create_app(state)).items()
    }
    header = [r.value for r in (Role.PICKER, Role.PACKER, Role.SUPERVISOR, Role.OFFICE, Role.ADMIN)]
    documented = {
        row[0].replace("`", ""): roles_of(header, row) for row in table_after("route-matrix")
    }
    assert documented == actual


def test_the_throttling_numbers_are_the_policys() -> None:
    rows = {row[0]: row[1] for row in table_after("throttle-numbers")}
    policy = DEFAULT_POLICY
    assert rows == {
        "failures from one address before delays start": str(policy.source_free_failures),
        "delay after each further failure from that address":
            f"1 s, doubling, at most {policy.source_max_delay:.0f} s",
        "failures from one address that block it":
            f"{policy.source_block_after} within {policy.source_window / 60:.0f} minutes",
        "how long a blocked address waits": f"{policy.source_window / 60:.0f} minutes",
        "failures of one account before delays start": str(policy.account_free_failures),
        "delay after each further failure of that account":
            f"1 s, doubling, at most {policy.account_max_delay:.0f} s",
        "failures of one account that lock it": f"{policy.account_lock_after} in a row",
        "first lockout": f"{policy.account_lock.total_seconds() / 60:.0f} minutes",
        "each further lockout within a day":
            f"doubled, at most {policy.account_lock_max.total_seconds() / 3600:.0f} hours",
        "failures forgotten after":
            f"{policy.account_memory.total_seconds() / 3600:.0f} hours (account), "
            f"{policy.source_window / 60:.0f} minutes (address)",
    }  # fmt: skip
