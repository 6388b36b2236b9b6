"""``kolektor._core.LineProgress`` and ``PickProgress``: where the order stands."""

from __future__ import annotations

from decimal import Decimal

import pytest

from kolektor._core import LineProgress, PickLine, PickProgress, PickSession

A = "05901234123457"
B = "05900000000011"
C = "05900000000028"


def session() -> PickSession:
    return PickSession(
        [PickLine(1, 10, 4, [A]), PickLine(2, None, "2.5", [B]), PickLine(3, 30, 1, [C])]
    )


def test_line_progress_fields() -> None:
    s = session()
    s.scan("1", A)
    line = s.line(1)
    assert isinstance(line, LineProgress)
    assert (line.line_id, line.product_id, line.ordered, line.picked, line.remaining) == (
        1,
        10,
        Decimal(4),
        Decimal(1),
        Decimal(3),
    )
    assert (line.status, line.is_complete, line.is_short, line.shortage_reason) == (
        "open",
        False,
        False,
        None,
    )
    assert s.line(2).product_id is None
    assert s.line(2).remaining == Decimal("2.5")


def test_line_status_follows_the_picking() -> None:
    s = session()
    s.manual("m", 1, 4)
    s.report_shortage(2, "brak")
    assert [line.status for line in s.lines] == ["complete", "short", "open"]
    assert s.line(1).is_complete
    assert s.line(2).is_short
    assert s.line(2).shortage_reason == "brak"


def test_line_progress_is_a_snapshot() -> None:
    s = session()
    before = s.line(1)
    s.scan("1", A)
    assert before.picked == 0
    assert s.line(1).picked == 1
    assert before != s.line(1)
    assert before == session().line(1)
    assert hash(before) == hash(session().line(1))
    assert repr(before) == "LineProgress(line_id=1, picked='0', ordered='4', status='open')"
    with pytest.raises(AttributeError):
        before.picked = Decimal(2)  # type: ignore[misc]


def test_pick_progress_counts() -> None:
    s = session()
    progress = s.progress()
    assert isinstance(progress, PickProgress)
    assert (progress.line_count, progress.lines_open, progress.lines_complete) == (3, 3, 0)
    s.manual("m", 1, 4)
    s.scan("x", "nope")
    s.report_shortage(2, "brak")
    s.scan("c", C)
    s.undo("u")
    progress = s.progress()
    assert (
        progress.line_count,
        progress.lines_open,
        progress.lines_complete,
        progress.lines_short,
        progress.actions,
        progress.operations,
    ) == (3, 1, 1, 1, 1, 4)
    assert (progress.is_complete, progress.has_shortages, progress.is_finished) == (
        False,
        True,
        False,
    )
    assert [line.line_id for line in progress.lines] == [1, 2, 3]
    assert repr(progress) == "PickProgress(lines=3, open=1, complete=1, short=1, actions=1)"


def test_complete_and_finished_flags() -> None:
    s = session()
    s.manual("1", 1, 4)
    s.manual("2", 2, "2.5")
    s.manual("3", 3, 1)
    progress = s.progress()
    assert (progress.is_complete, progress.has_shortages, progress.is_finished) == (
        True,
        False,
        True,
    )
