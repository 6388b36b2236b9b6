"""The intake's decisions, without any database."""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal

import pytest

from kolektor.intake.plan import IntakePlan, fingerprint, gone_reason, plan_intake
from kolektor.subiekt.reader import DocumentState, LinkedDocument
from tests.factories import line, product, zk


@dataclass(frozen=True)
class Entry:
    order_id: int
    status: str
    fingerprint: str


def entry(order: object, status: str = "new", order_id: int = 100) -> Entry:
    return Entry(order_id, status, fingerprint(order))  # type: ignore[arg-type]


def test_new_zks_are_imported() -> None:
    one, two = zk(1), zk(2)
    assert plan_intake([one, two], {}) == IntakePlan(imports=[one, two])


def test_unchanged_zks_need_nothing() -> None:
    order = zk(1)
    assert plan_intake([order], {1: entry(order)}).empty


def test_stock_and_reservation_status_are_not_changes() -> None:
    order = zk(1)
    moved = replace(
        order,
        status=5,
        products={1: replace(product(), stock=())},
    )
    assert fingerprint(moved) == fingerprint(order)


@pytest.mark.parametrize(
    "change",
    [
        {"lines": (line(quantity="3"),)},
        {"remarks": "paragon"},
        {"lines": (line(), line(position=2, product_id=2))},
        {"products": {1: product(code="5900000000008")}},
        {"value_gross": Decimal("123.0000")},
    ],
)
def test_a_changed_zk_is_refreshed_while_new(change: dict[str, object]) -> None:
    stored = zk(1)
    changed = replace(stored, **change)  # type: ignore[arg-type]
    plan = plan_intake([changed], {1: entry(stored, "new", 100)})
    assert plan == IntakePlan(refreshes=[(100, changed)])


@pytest.mark.parametrize("status", ["picking", "picked", "problem"])
def test_a_changed_zk_is_only_noted_once_picking_started(status: str) -> None:
    stored = zk(1)
    changed = replace(stored, lines=(line(quantity="5"),))
    plan = plan_intake([changed], {1: entry(stored, status, 100)})
    assert plan == IntakePlan(notes=[(100, changed)])


@pytest.mark.parametrize("status", ["packed", "realize", "done", "attention", "gone"])
def test_changes_after_packing_are_ignored(status: str) -> None:
    stored = zk(1)
    changed = replace(stored, remarks="inna uwaga")
    assert plan_intake([changed], {1: entry(stored, status)}).empty


def test_missing_zks_are_checked_only_before_packing() -> None:
    index = {
        1: entry(zk(1), "new", 101),
        2: entry(zk(2), "picking", 102),
        3: entry(zk(3), "packed", 103),
        4: entry(zk(4), "done", 104),
        5: entry(zk(5), "problem", 105),
    }
    assert plan_intake([], index) == IntakePlan(missing={1: 101, 2: 102, 5: 105})


def test_gone_reasons_say_what_happened() -> None:
    realized = DocumentState(
        7,
        exists=True,
        type=16,
        status=8,
        number="ZK 7/2026",
        realized_by=(LinkedDocument(70, "FS", "FS 12/11/2026"),),
    )
    assert gone_reason(realized, "pl") == (
        "ZK zrealizowano w Subiekcie poza Kolektorem: FS 12/11/2026."
    )
    assert gone_reason(DocumentState(7, exists=False), "en") == "The ZK was deleted in Subiekt."
    filtered = DocumentState(7, exists=True, type=16, status=7, number="ZK 7/2026")
    assert "intake filters" in gone_reason(filtered, "en")
    closed = DocumentState(7, exists=True, type=16, status=8, number="ZK 7/2026")
    assert gone_reason(closed, "en") == "The ZK is no longer open in Subiekt (status 8)."
