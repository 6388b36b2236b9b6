"""``kolektor._core.PickSession``: picking one order through the Python binding."""

from __future__ import annotations

import datetime
import json
import pickle
import re
from collections.abc import Callable
from decimal import Decimal

import pytest

from kolektor._core import PickLine, PickSession

A = "05901234123457"
A12 = "15901234123454"
B = "05900000000011"
KG = "2912345"
LOT = "05900000000035"


def order() -> PickSession:
    """24 × A (each or 12-pack), 3 × B, 1.5 kg by weight, 2 × LOT with batch and expiry."""
    return PickSession(
        [
            PickLine(1, 100, 24, [A, (A12, 12)]),
            PickLine(2, 200, 3, [B]),
            PickLine(3, 300, "1.5", [KG]),
            PickLine(4, 400, 2, [LOT], requires_batch=True, requires_expiry=True),
        ]
    )


def picked(session: PickSession) -> list[Decimal]:
    return [line.picked for line in session.lines]


def test_a_whole_order_from_first_scan_to_complete() -> None:
    s = order()
    assert s.scan("1", A12).kind == "counted"
    assert s.scan("2", A12).kind == "line_complete"
    assert s.scan("3", KG, quantity=Decimal("0.745")).picked == Decimal("0.745")
    assert s.manual("4", 3, "0.755").kind == "line_complete"
    for scan_id in ("5", "6"):
        assert s.scan(scan_id, LOT, batch="L7", expiry=datetime.date(2027, 3, 31)).ok
    s.scan("7", B)
    s.scan("8", B)
    assert not s.is_complete
    last = s.scan("9", B)
    assert last.kind == "order_complete"
    assert s.is_complete and s.is_finished and not s.has_shortages
    assert s.scan("10", B).kind == "order_finished"
    assert [a.expiry for a in s.actions if a.line_id == 4] == ["2027-03-31", "2027-03-31"]


def test_the_scan_quantity_wins_over_the_multiplier() -> None:
    s = order()
    assert s.scan("w", A12, quantity=2).added == Decimal(2)


def test_a_product_on_two_lines_fills_them_in_line_order() -> None:
    s = PickSession([PickLine(1, 9, 2, [A]), PickLine(2, 9, 1, [A]), PickLine(3, 1, 1, [B])])
    assert [s.scan(str(i), A).line_id for i in range(3)] == [1, 1, 2]
    assert s.scan("3", A).kind == "over_pick"


def test_resending_the_same_scan_id_with_the_data_completes_it() -> None:
    s = order()
    assert s.scan("s1", LOT).kind == "batch_required"
    assert s.scan("s1", LOT, batch="L7").kind == "expiry_required"
    assert s.verdict_for("s1").kind == "expiry_required"  # type: ignore[union-attr]
    counted = s.scan("s1", LOT, batch="L7", expiry="2027-03-31")
    assert counted.kind == "counted"
    # Final from now on, whatever is replayed.
    assert s.scan("s1", LOT).first == counted
    assert s.line(4).picked == Decimal(1)


def test_duplicates_count_nothing_and_ids_are_one_namespace() -> None:
    s = order()
    first = s.scan("op", A)
    for replay in (s.scan("op", A), s.manual("op", 2, 1), s.undo("op")):
        assert replay.kind == "duplicate"
        assert replay.first == first
    assert picked(s) == [Decimal(1), 0, 0, 0]


def test_undo_takes_back_the_last_counted_action_once() -> None:
    s = order()
    s.scan("s1", A)
    s.manual("m1", 2, 2)
    before = picked(s)
    s.scan("s2", A12)
    undone = s.undo("u1")
    assert (undone.kind, undone.undone_id) == ("undone", "s2")
    assert picked(s) == before
    assert s.undo("u1").kind == "duplicate"
    assert picked(s) == before
    assert s.scan("s2", A12).kind == "duplicate"  # the undone scan does not count again
    assert [a.action_id for a in s.actions] == ["s1", "m1"]


def test_shortage_closes_the_line_and_finishes_the_order_with_shortages() -> None:
    s = PickSession([PickLine(1, 1, 5, [A]), PickLine(2, 2, 1, [B])])
    s.scan("a", A)
    assert s.report_shortage(1, "brak na półce").kind == "shortage_reported"
    assert s.line(1).status == "short"
    assert s.line(1).shortage_reason == "brak na półce"
    assert s.scan("b", A).kind == "line_closed_short"
    verdict = s.scan("c", B)
    assert verdict.kind == "order_complete_with_shortages"
    assert s.is_finished and s.has_shortages and not s.is_complete


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda s: s.scan("", A), "scan id is empty"),
        (lambda s: s.scan("x", ""), 'scan "x": key is empty'),
        (lambda s: s.scan("x", KG, quantity=0), '"x": quantity must be positive, not 0'),
        (lambda s: s.scan("x", KG, quantity="0.00001"), 'quantity: quantity "0.00001"'),
        (lambda s: s.manual("m", 99, 1), "line 99 is not on this order"),
        (lambda s: s.manual("m", 1, -1), '"m": quantity must be positive, not -1'),
        (lambda s: s.undo(""), "undo id is empty"),
        (lambda s: s.report_shortage(1, ""), "line 1: a shortage needs a reason"),
        (lambda s: s.report_shortage(7, "x"), "line 7 is not on this order"),
        (lambda s: s.line(7), "line 7 is not on this order"),
    ],
)
def test_invalid_arguments_raise_value_error_and_record_nothing(
    call: Callable[[PickSession], object], message: str
) -> None:
    s = order()
    before = s.to_bytes()
    with pytest.raises(ValueError) as error:
        call(s)
    assert str(error.value).startswith(message)
    assert s.to_bytes() == before


def test_wrong_argument_types_raise_type_error() -> None:
    s = order()
    with pytest.raises(TypeError, match="floats are not exact"):
        s.scan("x", KG, quantity=0.5)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="expiry"):
        s.scan("x", LOT, batch="L", expiry=datetime.datetime(2027, 1, 1))
    with pytest.raises(TypeError, match="lines must be PickLine objects"):
        PickSession([(1, 2, 3)])  # type: ignore[list-item]


def test_construction_errors() -> None:
    with pytest.raises(ValueError, match="an order needs at least one line"):
        PickSession([])
    with pytest.raises(ValueError, match="line 1: line id appears more than once"):
        PickSession([PickLine(1, 1, 1), PickLine(1, 2, 1)])


def busy(session: PickSession) -> PickSession:
    session.scan("s1", A12)
    session.scan("s2", LOT)
    session.scan("s3", "nope", known_product=True)
    session.manual("m1", 3, "0.5")
    session.undo("u1")
    session.undo("u2")
    session.scan("s4", B)
    session.report_shortage(2, "uszkodzone")
    return session


def test_json_and_bytes_rebuild_the_same_state() -> None:
    s = busy(order())
    text = s.to_json()
    data = s.to_bytes()
    assert json.loads(text)["version"] == 1  # no tolerances: written as before
    assert PickSession.FORMAT_VERSION == 2
    assert data.startswith(b"KPS")
    assert len(data) < len(text)
    for rebuilt in (PickSession.from_json(text), PickSession.from_bytes(data)):
        assert rebuilt == s
        assert rebuilt.to_json() == text
        assert rebuilt.to_bytes() == data
    assert pickle.loads(pickle.dumps(s)) == s


def test_a_rebuilt_session_gives_the_same_verdicts() -> None:
    s = busy(order())
    rebuilt = PickSession.from_bytes(s.to_bytes())
    for scan_id, key in [("s1", A12), ("s2", LOT), ("s9", A), ("u1", A), ("s10", B)]:
        assert rebuilt.scan(scan_id, key) == s.scan(scan_id, key)
    assert rebuilt.undo("u9") == s.undo("u9")
    assert rebuilt == s


@pytest.mark.parametrize(
    ("mangle", "message"),
    [
        (lambda t: t.replace('"version":1', '"version":3'), "format version 3"),
        (lambda t: t[:-1], "pick state (JSON) is malformed"),
        (lambda t: t.replace('"ordered":"3"', '"ordered":"0.5"'), "inconsistent"),
        (lambda t: '{"lines": []}', "missing field `version`"),
    ],
)
def test_unreadable_json_says_why(mangle: Callable[[str], str], message: str) -> None:
    text = busy(order()).to_json()
    with pytest.raises(ValueError, match=re.escape(message)):
        PickSession.from_json(mangle(text))


def test_unreadable_bytes_say_why() -> None:
    data = busy(order()).to_bytes()
    with pytest.raises(ValueError, match="magic bytes"):
        PickSession.from_bytes(data[3:])
    with pytest.raises(ValueError, match="malformed"):
        PickSession.from_bytes(data[:-5])
    with pytest.raises(ValueError, match="format version 5"):
        PickSession.from_bytes(b"KPS\x05" + data[4:])


def test_progress_and_repr() -> None:
    s = busy(order())
    assert repr(s) == "PickSession(lines=4, open=3, complete=0, short=1, actions=1)"
    assert s.progress().lines == s.lines
