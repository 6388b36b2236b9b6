"""Hypothesis state machine over ``kolektor._core.PickSession``, mirroring the Rust property
tests: no sequence of scans (valid keys, wrong keys, repeated ids), manual entries, undos,
shortages and rebuilds counts more than ordered on any line or counts one operation id
twice; undo restores the previous counts exactly; a session rebuilt from JSON or bytes at
any point gives the same verdicts as the original from then on."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import HealthCheck, event, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    rule,
)

from kolektor._core import PickLine, PickSession, Verdict

KEYS = [f"K{n}" for n in range(6)]  # may be on lines
ALL_KEYS = [*KEYS, "K6", "K7"]  # K6, K7 never are
OPERATION_IDS = [f"o{n}" for n in range(12)]  # scans and entries share them
UNDO_IDS = [f"u{n}" for n in range(5)]
COUNTING = {"counted", "line_complete", "order_complete", "order_complete_with_shortages"}

quarters = st.integers(min_value=1, max_value=40).map(lambda n: Decimal(n) / 4)
halves = st.integers(min_value=1, max_value=16).map(lambda n: Decimal(n) / 2)
multipliers = st.sampled_from([Decimal(1), Decimal(1), Decimal(1), Decimal("0.5"), Decimal(2)])


@st.composite
def lines(draw: st.DrawFn) -> list[PickLine]:
    count = draw(st.integers(min_value=1, max_value=5))
    result = []
    for index in range(count):
        serial = draw(st.booleans()) and draw(st.booleans())  # one line in four
        keys = draw(st.lists(st.sampled_from(KEYS), max_size=3, unique=True))
        barcodes = [(key, Decimal(1) if serial else draw(multipliers)) for key in keys]
        result.append(
            PickLine(
                index + 1,
                draw(st.none() | st.integers(min_value=0, max_value=2)),
                draw(halves),
                barcodes,
                requires_batch=draw(st.booleans()) and index % 2 == 0,
                requires_expiry=draw(st.booleans()) and index % 3 == 0,
                requires_serial=serial,
            )
        )
    return result


class PickMachine(RuleBasedStateMachine):
    session: PickSession
    shadow: PickSession | None

    @initialize(order=lines())
    def start(self, order: list[PickLine]) -> None:
        self.session = PickSession(order)
        self.shadow = None
        self.ordered = [line.ordered for line in order]
        self.line_ids = [line.line_id for line in order]
        self.counted_ids: set[str] = set()
        self.before_counts: list[list[Decimal]] = []
        self.fills = 0

    def picks(self) -> list[Decimal]:
        return [line.picked for line in self.session.lines]

    def check(self, operation_id: str, verdict: Verdict, before: list[Decimal]) -> None:
        after = self.picks()
        event(verdict.kind)
        if verdict.kind in COUNTING:
            assert operation_id not in self.counted_ids, f"{operation_id} counted twice"
            self.counted_ids.add(operation_id)
            assert verdict.line_id is not None and verdict.added is not None
            index = self.line_ids.index(verdict.line_id)
            assert after[index] == before[index] + verdict.added == verdict.picked
            self.before_counts.append(before)
        elif verdict.kind == "undone":
            assert after == self.before_counts.pop(), "undo did not restore the counts"
        elif verdict.kind == "nothing_to_undo":
            assert not self.before_counts
            assert after == before
        else:
            if verdict.kind == "over_pick":
                assert verdict.excess is not None and verdict.excess > 0
                assert verdict.picked is not None and verdict.attempted is not None
                assert verdict.picked + verdict.attempted - verdict.excess == verdict.ordered
            if verdict.kind == "duplicate":
                assert verdict.first is not None and verdict.first.kind != "duplicate"
            assert after == before

    def twin(self, call: str, *args: object, **kwargs: object) -> Verdict:
        """Run on the session and on the rebuilt shadow; the verdicts must be equal."""
        verdict: Verdict = getattr(self.session, call)(*args, **kwargs)
        if self.shadow is not None:
            assert getattr(self.shadow, call)(*args, **kwargs) == verdict
        return verdict

    @rule(
        operation_id=st.sampled_from(OPERATION_IDS),
        key=st.sampled_from(ALL_KEYS),
        quantity=st.none() | st.none() | st.none() | st.none() | quarters,
        batch=st.sampled_from([None, "L1", "L1", ""]),
        expiry=st.sampled_from([None, "2030-01-01", "2030-01-01"]),
        serial=st.none() | st.sampled_from(["S0", "S1", "S2"]),
        known=st.booleans(),
    )
    def scan(
        self,
        operation_id: str,
        key: str,
        quantity: Decimal | None,
        batch: str | None,
        expiry: str | None,
        serial: str | None,
        known: bool,
    ) -> None:
        before = self.picks()
        verdict = self.twin(
            "scan",
            operation_id,
            key,
            quantity=quantity,
            batch=batch,
            expiry=expiry,
            serial=serial,
            known_product=known,
        )
        self.check(operation_id, verdict, before)

    @rule(
        operation_id=st.sampled_from(OPERATION_IDS),
        line=st.integers(min_value=0, max_value=4),
        quantity=halves,
        batch=st.none() | st.just("L1"),
        serial=st.none() | st.sampled_from(["S0", "S1"]),
    )
    def manual(
        self, operation_id: str, line: int, quantity: Decimal, batch: str | None, serial: str | None
    ) -> None:
        line_id = self.line_ids[line % len(self.line_ids)]
        before = self.picks()
        verdict = self.twin(
            "manual",
            operation_id,
            line_id,
            quantity,
            batch=batch,
            expiry="2030-01-01",
            serial=serial,
        )
        self.check(operation_id, verdict, before)

    @rule(line=st.integers(min_value=0, max_value=4))
    def fill(self, line: int) -> None:
        """Enter what a line still needs, with a fresh id and all capture data, so that
        orders do get complete."""
        line_id = self.line_ids[line % len(self.line_ids)]
        progress = self.session.line(line_id)
        if progress.status != "open":
            return
        self.fills += 1
        operation_id = f"fill{self.fills}"
        before = self.picks()
        verdict = self.twin(
            "manual",
            operation_id,
            line_id,
            progress.remaining,
            batch="L1",
            expiry="2030-01-01",
            serial=f"F{self.fills}",
        )
        assert verdict.kind in ("line_complete", "order_complete", "order_complete_with_shortages")
        self.check(operation_id, verdict, before)

    @rule(undo_id=st.sampled_from(UNDO_IDS))
    def undo(self, undo_id: str) -> None:
        before = self.picks()
        self.check(undo_id, self.twin("undo", undo_id), before)

    @rule(line=st.integers(min_value=0, max_value=4))
    def shortage(self, line: int) -> None:
        line_id = self.line_ids[line % len(self.line_ids)]
        if self.session.line(line_id).status == "complete":
            before = self.session.to_bytes()
            try:
                self.session.report_shortage(line_id, "brak")
            except ValueError as error:
                assert "nothing is short" in str(error)
            else:
                raise AssertionError("a shortage on a complete line was accepted")
            assert self.session.to_bytes() == before
            return
        before_picks = self.picks()
        verdict = self.twin("report_shortage", line_id, "brak")
        assert verdict.kind == "shortage_reported"
        assert self.session.line(line_id).status == "short"
        assert self.picks() == before_picks

    @rule(json=st.booleans())
    def rebuild(self, json: bool) -> None:
        if json:
            rebuilt = PickSession.from_json(self.session.to_json())
        else:
            rebuilt = PickSession.from_bytes(self.session.to_bytes())
        assert rebuilt == self.session
        assert rebuilt.to_bytes() == self.session.to_bytes()
        self.shadow = rebuilt

    @invariant()
    def never_more_than_ordered(self) -> None:
        from_actions = dict.fromkeys(self.line_ids, Decimal(0))
        for action in self.session.actions:
            from_actions[action.line_id] += action.quantity
        for line, ordered in zip(self.session.lines, self.ordered, strict=True):
            assert 0 <= line.picked <= ordered
            assert line.picked == from_actions[line.line_id]
            assert line.remaining == ordered - line.picked
        statuses = [line.status for line in self.session.lines]
        assert self.session.is_complete == all(s == "complete" for s in statuses)
        assert self.session.is_finished == ("open" not in statuses)
        assert self.session.has_shortages == ("short" in statuses)

    @invariant()
    def shadow_agrees(self) -> None:
        if self.shadow is not None:
            assert self.shadow == self.session


PickMachine.TestCase.settings = settings(
    max_examples=150,
    stateful_step_count=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
TestPickMachine = PickMachine.TestCase
