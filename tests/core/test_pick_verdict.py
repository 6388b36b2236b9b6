"""``kolektor._core.Verdict``: every kind, its fields, ``ok``, ``first`` and ``as_dict``."""

from __future__ import annotations

from decimal import Decimal

import pytest

from kolektor._core import PickLine, PickSession, Verdict

A = "05901234123457"
A12 = "15901234123454"
B = "05900000000011"
S = "05900000000028"


def session() -> PickSession:
    """24 × A (each or 12-pack), 3 × B, 2 × S with serial and batch."""
    return PickSession(
        [
            PickLine(1, 100, 24, [A, (A12, 12)]),
            PickLine(2, 200, 3, [B]),
            PickLine(3, 300, 2, [S], requires_batch=True, requires_serial=True),
        ]
    )


def test_counted_carries_what_the_screen_shows() -> None:
    verdict = session().scan("s1", A12)
    assert verdict.kind == "counted"
    assert verdict.ok
    assert (verdict.line_id, verdict.added, verdict.picked, verdict.remaining, verdict.ordered) == (
        1,
        Decimal(12),
        Decimal(12),
        Decimal(12),
        Decimal(24),
    )
    assert all(isinstance(q, Decimal) for q in (verdict.added, verdict.picked, verdict.remaining))
    assert verdict.as_dict() == {
        "kind": "counted",
        "ok": True,
        "line_id": 1,
        "added": Decimal(12),
        "picked": Decimal(12),
        "remaining": Decimal(12),
        "ordered": Decimal(24),
        "order_finished": False,
        "with_shortages": False,
    }
    # Fields that do not apply are None / empty.
    assert verdict.attempted is None
    assert verdict.excess is None
    assert verdict.removed is None
    assert verdict.undone_id is None
    assert verdict.first is None
    assert verdict.missing == ()


def test_over_pick_says_by_how_much() -> None:
    s = session()
    s.scan("s1", A12)
    s.scan("s2", A)
    verdict = s.scan("s3", A12)
    assert verdict.kind == "over_pick"
    assert not verdict.ok
    assert (verdict.attempted, verdict.excess, verdict.picked) == (
        Decimal(12),
        Decimal(1),
        Decimal(13),
    )
    assert verdict.added is None
    assert verdict.as_dict()["excess"] == Decimal(1)


@pytest.mark.parametrize(
    ("kwargs", "kind", "missing"),
    [
        ({}, "batch_required", ("batch", "serial")),
        ({"batch": "L1"}, "serial_required", ("serial",)),
        ({"serial": "SN1"}, "batch_required", ("batch",)),
    ],
)
def test_required_data_lists_everything_missing(
    kwargs: dict[str, str], kind: str, missing: tuple[str, ...]
) -> None:
    verdict = session().scan("s1", S, batch=kwargs.get("batch"), serial=kwargs.get("serial"))
    assert (verdict.kind, verdict.missing, verdict.ok) == (kind, missing, False)
    assert verdict.as_dict()["missing"] == missing
    assert verdict.picked == Decimal(0)


def test_wrong_product_and_unknown_code_have_no_line() -> None:
    s = session()
    unknown = s.scan("s1", "nope")
    wrong = s.scan("s2", "05909999999999", known_product=True)
    assert (unknown.kind, wrong.kind) == ("unknown_code", "wrong_product")
    assert unknown.line_id is None
    assert unknown.picked is None
    assert unknown.as_dict() == {"kind": "unknown_code", "ok": False}


def test_duplicate_nests_the_first_verdict() -> None:
    s = session()
    first = s.scan("s1", A)
    verdict = s.scan("s1", A)
    assert verdict.kind == "duplicate"
    assert verdict.first == first
    assert verdict.ok  # the operation succeeded the first time
    assert verdict.line_id is None
    assert verdict.as_dict() == {"kind": "duplicate", "ok": True, "first": first.as_dict()}
    refused = s.scan("s2", "nope")
    again = s.scan("s2", "nope")
    assert not again.ok
    assert again.first == refused


def test_undone_names_what_it_took_back() -> None:
    s = session()
    s.scan("s1", A12)
    verdict = s.undo("u1")
    assert verdict.kind == "undone"
    assert verdict.ok
    assert (verdict.removed, verdict.undone_id, verdict.picked) == (Decimal(12), "s1", Decimal(0))
    nothing = s.undo("u2")
    assert nothing.kind == "nothing_to_undo"
    assert not nothing.ok


def test_order_endings() -> None:
    s = session()
    s.report_shortage(3, "brak")
    s.manual("m1", 1, 24)
    s.scan("b1", B)
    s.scan("b2", B)
    last = s.scan("b3", B)
    assert last.kind == "order_complete_with_shortages"
    assert last.order_finished
    assert last.with_shortages
    after = s.scan("b4", B)
    assert (after.kind, after.order_finished, after.with_shortages) == (
        "order_finished",
        True,
        True,
    )
    assert after.as_dict() == {
        "kind": "order_finished",
        "ok": False,
        "order_finished": True,
        "with_shortages": True,
    }


def test_shortage_reported_and_line_closed_short() -> None:
    s = session()
    s.scan("b1", B)
    reported = s.report_shortage(2, "uszkodzone")
    assert (reported.kind, reported.ok, reported.picked, reported.remaining) == (
        "shortage_reported",
        True,
        Decimal(1),
        Decimal(2),
    )
    assert not reported.order_finished
    closed = s.scan("b2", B)
    assert (closed.kind, closed.ok, closed.line_id) == ("line_closed_short", False, 2)


def test_duplicate_serial() -> None:
    s = session()
    assert s.scan("s1", S, batch="L", serial="X").kind == "counted"
    verdict = s.scan("s2", S, batch="L", serial="X")
    assert (verdict.kind, verdict.ok, verdict.line_id) == ("duplicate_serial", False, 3)


def test_verdicts_are_frozen_comparable_and_hashable() -> None:
    a = session().scan("s1", A)
    b = session().scan("s1", A)
    assert a == b
    assert hash(a) == hash(b)
    assert a != session().scan("s1", A12)
    with pytest.raises(AttributeError):
        a.kind = "x"  # type: ignore[assignment, misc]
    assert repr(a).startswith("Verdict(kind='counted', line_id=1, added=Decimal('1')")
    assert isinstance(a, Verdict)
