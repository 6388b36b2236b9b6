"""The order lifecycle rules (pure data, DESIGN.md §4)."""

from __future__ import annotations

import itertools
from collections import deque

import pytest

from kolektor.store.lifecycle import (
    FINALIZATION_STEPS,
    TERMINAL,
    TRANSITIONS,
    OrderStatus,
    allowed_next,
    can_transition,
)

S = OrderStatus
HAPPY_PATH = [
    "new",
    "picking",
    "picked",
    "packed",
    "label",
    "realize",
    "document",
    "print",
    "email",
    "allegro",
    "done",
]


def test_statuses_are_the_designed_ones() -> None:
    assert [s.value for s in OrderStatus] == [
        *HAPPY_PATH, "problem", "attention", "held", "gone",
    ]  # fmt: skip
    assert set(TRANSITIONS) == set(OrderStatus)
    assert [s.value for s in FINALIZATION_STEPS] == HAPPY_PATH[4:10]


def test_happy_path_is_allowed_step_by_step() -> None:
    for source, target in itertools.pairwise(HAPPY_PATH):
        assert can_transition(source, target), (source, target)


def test_gone_only_before_packing_or_from_problem_or_held() -> None:
    sources = {s for s in OrderStatus if can_transition(s, S.GONE)}
    assert sources == {S.NEW, S.PICKING, S.PICKED, S.PROBLEM, S.HELD}


def test_held_only_before_packing_and_back_to_where_it_was() -> None:
    sources = {s for s in OrderStatus if can_transition(s, S.HELD)}
    assert sources == {S.NEW, S.PICKING, S.PICKED, S.PROBLEM}
    assert allowed_next(S.HELD) == {S.NEW, S.PICKING, S.PICKED, S.PROBLEM, S.GONE}


def test_attention_only_from_finalization() -> None:
    sources = {s for s in OrderStatus if can_transition(s, S.ATTENTION)}
    assert sources == {S.PACKED, *FINALIZATION_STEPS}


def test_attention_can_retry_or_skip_any_step_or_go_back_to_picking() -> None:
    # Back to picking (new) only through send_back, which refuses a realized order.
    assert allowed_next(S.ATTENTION) == {*FINALIZATION_STEPS, S.DONE, S.NEW}


def test_problem_goes_back_to_the_floor_or_away() -> None:
    assert allowed_next(S.PROBLEM) == {S.NEW, S.PICKING, S.PICKED, S.PACKED, S.HELD, S.GONE}
    assert {s for s in OrderStatus if can_transition(s, S.PROBLEM)} == {
        S.NEW,
        S.PICKING,
        S.PICKED,
        S.PACKED,
        S.HELD,
    }


def test_steps_may_be_skipped_but_never_repeated_backwards() -> None:
    steps = [S.PACKED, *FINALIZATION_STEPS, S.DONE]
    for i, earlier in enumerate(steps):
        for later in steps[i + 1 :]:
            assert can_transition(earlier, later), (earlier, later)
            assert not can_transition(later, earlier), (later, earlier)


def test_done_and_gone_are_final() -> None:
    assert {S.DONE, S.GONE} == TERMINAL
    for status in TERMINAL:
        assert allowed_next(status) == frozenset()


def test_picking_can_be_released_but_finalization_cannot_return_to_picking() -> None:
    assert can_transition("picking", "new")
    assert can_transition("picked", "picking")
    for step in [S.PACKED, *FINALIZATION_STEPS]:
        assert not can_transition(step, "new")
        assert not can_transition(step, "picking")
    # From attention only back to the queue, by the office (send_back: nothing realized).
    assert can_transition(S.ATTENTION, "new")
    assert not can_transition(S.ATTENTION, "picking")


@pytest.mark.parametrize("status", list(OrderStatus))
def test_no_status_transitions_to_itself(status: OrderStatus) -> None:
    assert not can_transition(status, status)


def test_unknown_statuses_are_never_allowed() -> None:
    assert not can_transition("new", "shipped")
    assert not can_transition("shipped", "new")
    assert allowed_next("shipped") == frozenset()


def test_every_status_is_reachable_and_every_order_can_finish() -> None:
    reachable = {S.NEW}
    queue = deque([S.NEW])
    while queue:
        for target in TRANSITIONS[queue.popleft()]:
            if target not in reachable:
                reachable.add(target)
                queue.append(target)
    assert reachable == set(OrderStatus)

    for status in OrderStatus:
        seen, queue = {status}, deque([status])
        while queue:
            current = queue.popleft()
            for target in TRANSITIONS[current] - seen:
                seen.add(target)
                queue.append(target)
        assert seen & TERMINAL, f"{status} can never reach done or gone"
