"""``kolektor._core.PickAction``: the counted actions in effect (the undo stack)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from kolektor._core import PickAction, PickLine, PickSession

A = "05901234123457"
S = "05900000000028"


def session() -> PickSession:
    return PickSession(
        [
            PickLine(1, 10, 10, [A]),
            PickLine(
                2, 20, 3, [S], requires_batch=True, requires_expiry=True, requires_serial=True
            ),
        ]
    )


def test_actions_record_what_was_counted_with_its_capture_data() -> None:
    s = session()
    s.scan("s1", A)
    s.scan("s2", "nope")
    s.scan("s3", S, batch="L7", expiry=datetime.date(2027, 3, 31), serial="SN-1")
    s.manual("m1", 1, "2.5")
    first, second, third = s.actions
    assert isinstance(first, PickAction)
    assert (first.action_id, first.line_id, first.quantity, first.manual) == (
        "s1",
        1,
        Decimal(1),
        False,
    )
    assert (first.batch, first.expiry, first.serial) == (None, None, None)
    assert (second.action_id, second.batch, second.expiry, second.serial) == (
        "s3",
        "L7",
        "2027-03-31",
        "SN-1",
    )
    assert (third.action_id, third.quantity, third.manual) == ("m1", Decimal("2.5"), True)
    assert isinstance(third.quantity, Decimal)


def test_undo_pops_the_last_action() -> None:
    s = session()
    s.scan("s1", A)
    s.manual("m1", 1, 2)
    s.undo("u1")
    assert [a.action_id for a in s.actions] == ["s1"]
    s.undo("u2")
    assert s.actions == ()


def test_actions_are_frozen_comparable_and_hashable() -> None:
    s = session()
    s.scan("s1", A)
    action = s.actions[0]
    assert action == s.actions[0]
    assert len({action, s.actions[0]}) == 1
    assert repr(action) == "PickAction(\"s1\", line_id=1, quantity='1')"
    with pytest.raises(AttributeError):
        action.quantity = Decimal(2)  # type: ignore[misc]
