"""How the pipeline retries, times and finishes steps — on a real store (SQLite and
PostgreSQL), with step handlers of the test's own: retries until a deadline (not a count),
the office alerted while it still retries, heartbeats, a time limit per step, steps that are
not configured, and an order ``done`` only when every step it needed happened."""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

import trio

from kolektor.finalize.pipeline import (
    Pipeline,
    StepCall,
    StepFailed,
    StepHandler,
    StepNotConfigured,
    skip_step,
)
from kolektor.store import Store, jobs, operators, orders, picking
from kolektor.store.lifecycle import OrderStatus
from kolektor.store.picking import PackageInput
from tests.store.samples import fingerprint, zk

S = OrderStatus
STEPS = ("label", "realize", "document", "print", "email", "allegro")


def packed_order(
    store: Store, zk_id: int = 7001, *, skipped: Mapping[str, str] | None = None
) -> int:
    order = zk(id=zk_id, number=f"ZK {zk_id}/2026")
    order_id = store.run_sync(orders.import_order, order, fingerprint=fingerprint(order), nip=None)
    for status in (S.PICKING, S.PICKED):
        store.run_sync(orders.change_status, order_id, status, reason=None, actor="test")
    packer = store.run_sync(operators.create_operator, login=f"p{zk_id}", name="P", role="packer")
    assert store.run_sync(picking.pack_order, order_id, (PackageInput(Decimal("1")),),
                          operator_id=packer, actor="test", skipped=skipped)  # fmt: skip
    return order_id


async def done(call: StepCall) -> Mapping[str, Any]:
    return {"ok": True}


def handlers(**special: StepHandler) -> dict[str, StepHandler]:
    return {step: special.get(step, done) for step in STEPS}


async def until_settled(pipeline: Pipeline) -> None:
    """Run until nothing is due nor waiting for a retry (retries here are milliseconds)."""
    while not (await pipeline.run_until_idle()).nothing:  # noqa: ASYNC110
        await trio.sleep(0.02)


def status_of(store: Store, order_id: int) -> tuple[OrderStatus, str | None]:
    order = store.read_sync(orders.get_order, order_id)
    assert order is not None
    return order.status, order.status_reason


def job(store: Store, order_id: int, step: str) -> jobs.Job:
    return next(j for j in store.read_sync(jobs.jobs_of, order_id) if j.step == step)


async def test_a_passing_failure_is_retried_until_it_works_and_counts_only_failures(
    store: Store,
) -> None:
    order_id = packed_order(store)
    calls = itertools.count(1)

    async def flaky(call: StepCall) -> Mapping[str, Any]:
        if next(calls) <= 3:
            raise StepFailed("Subiekt nie odpowiada")
        return {"number": "FS 1/2026"}

    pipeline = Pipeline(store, handlers(realize=flaky), backoff_base=0.05, backoff_cap=0.1,
                        poll_interval=0.02)  # fmt: skip
    with trio.fail_after(30):
        await until_settled(pipeline)
    assert status_of(store, order_id) == (S.DONE, None)
    realize = job(store, order_id, "realize")
    assert (realize.status, realize.attempts) == ("done", 3)
    assert realize.first_failed_at is not None


async def test_a_step_raising_anything_is_retried_and_explained_in_polish(store: Store) -> None:
    """A bug or an unexpected library error in a step is a retryable failure with a Polish
    reason naming the error (the traceback goes to the log), never a stopped pipeline."""
    order_id = packed_order(store)
    calls = itertools.count(1)
    seen_on_retry: list[str | None] = []

    async def buggy(call: StepCall) -> Mapping[str, Any]:
        if next(calls) == 1:
            raise KeyError("dok_Id")
        (realize,) = [j for j in await store.read(jobs.jobs_of, order_id) if j.step == "realize"]
        seen_on_retry.append(realize.last_error)  # what the office saw meanwhile
        return {"number": "FS 2/2026"}

    pipeline = Pipeline(store, handlers(realize=buggy), backoff_base=0.05, backoff_cap=0.1,
                        poll_interval=0.02)  # fmt: skip
    with trio.fail_after(30):
        await until_settled(pipeline)
    assert status_of(store, order_id) == (S.DONE, None)
    realize = job(store, order_id, "realize")
    assert (realize.status, realize.attempts) == ("done", 1)
    assert seen_on_retry == [
        "Nieoczekiwany błąd w kroku (szczegóły w dzienniku; ponowię): KeyError: 'dok_Id'"
    ]


async def test_a_failure_that_lasts_past_the_deadline_asks_the_office(store: Store) -> None:
    order_id = packed_order(store)

    async def down(call: StepCall) -> Mapping[str, Any]:
        raise StepFailed("Subiekt nie odpowiada")

    pipeline = Pipeline(store, handlers(realize=down), retry_for=1.0, alert_after=0.3,
                        backoff_base=0.05, backoff_cap=0.1, poll_interval=0.02)  # fmt: skip
    with trio.fail_after(30):
        await until_settled(pipeline)
    _, reason = status_of(store, order_id)
    assert reason == "Ponawiano przez 0.0 h bez skutku: Subiekt nie odpowiada"
    realize = job(store, order_id, "realize")
    assert realize.status == "failed" and realize.attempts >= 3
    events = store.read_sync(orders.timeline, order_id)
    alerts = [e for e in events if e.event == "step_failing"]
    assert len(alerts) == 1  # the office was told once, while it still retried
    assert alerts[0].reason is not None and "realize" in alerts[0].reason
    assert alerts[0].at < next(e.at for e in events if e.to_status == S.ATTENTION)


async def test_a_step_that_cannot_pass_goes_to_attention_at_once(store: Store) -> None:
    order_id = packed_order(store)

    async def changed(call: StepCall) -> Mapping[str, Any]:
        raise StepFailed("ZK zmieniono w Subiekcie", retryable=False)

    pipeline = Pipeline(store, handlers(realize=changed), poll_interval=0.02)
    with trio.fail_after(30):
        await pipeline.run_until_idle()
    assert status_of(store, order_id) == (S.ATTENTION, "ZK zmieniono w Subiekcie")
    assert job(store, order_id, "realize").attempts == 1


async def test_a_step_past_its_time_limit_counts_as_a_failure(store: Store) -> None:
    order_id = packed_order(store)
    calls = itertools.count(1)

    async def stuck_once(call: StepCall) -> Mapping[str, Any]:
        if next(calls) == 1:
            await trio.sleep(30)
        return {"ok": True}

    pipeline = Pipeline(store, handlers(document=stuck_once), step_seconds=0.3,
                        backoff_base=0.05, backoff_cap=0.1, poll_interval=0.02)  # fmt: skip
    with trio.fail_after(30):
        await until_settled(pipeline)
    assert status_of(store, order_id)[0] is S.DONE
    document = job(store, order_id, "document")
    assert document.attempts == 1
    failures = [e for e in store.read_sync(orders.timeline, order_id) if e.event == "step_failed"]
    assert failures[0].details is not None
    assert failures[0].details["error"] == "Krok trwał dłużej niż 0 s i został przerwany."


async def test_a_long_step_keeps_its_lease_and_is_never_run_twice(store: Store) -> None:
    order_id = packed_order(store)
    runs: list[str] = []

    def slow(name: str) -> StepHandler:
        async def handler(call: StepCall) -> Mapping[str, Any]:
            runs.append(name)
            await trio.sleep(1.5)  # five lease lengths: only the heartbeat keeps it
            return {"by": name}

        return handler

    first = Pipeline(store, handlers(realize=slow("A")), worker="A", lease_seconds=0.3,
                     poll_interval=0.02)  # fmt: skip
    second = Pipeline(store, handlers(realize=slow("B")), worker="B", lease_seconds=0.3,
                      poll_interval=0.02)  # fmt: skip
    async with trio.open_nursery() as nursery:
        nursery.start_soon(first.run)
        await trio.sleep(0.2)
        nursery.start_soon(second.run)
        with trio.fail_after(30):
            while status_of(store, order_id)[0] is not S.DONE:  # noqa: ASYNC110
                await trio.sleep(0.05)
        nursery.cancel_scope.cancel()
    assert len(runs) == 1
    assert job(store, order_id, "realize").result == {"by": runs[0]}


async def test_unconfigured_steps_leave_the_order_for_the_office(store: Store) -> None:
    order_id = packed_order(store, skipped={"allegro": "to nie Allegro"})

    def missing(what: str) -> StepHandler:
        async def handler(call: StepCall) -> Mapping[str, Any]:
            raise StepNotConfigured(what)

        return handler

    pipeline = Pipeline(
        store, handlers(label=missing("brak kuriera"), print=missing("brak drukarki")),
        poll_interval=0.02,
    )  # fmt: skip
    with trio.fail_after(30):
        await pipeline.run_until_idle()
    steps = {j.step: j.status for j in store.read_sync(jobs.jobs_of, order_id)}
    assert steps == {"label": "not_configured", "realize": "done", "document": "done",
                     "print": "not_configured", "email": "done", "allegro": "skipped"}  # fmt: skip
    assert status_of(store, order_id) == (
        S.ATTENTION,
        "Nie wykonano: etykieta — brak kuriera; wydruk — brak drukarki. "
        "Skonfiguruj i ponów albo pomiń.",
    )
    # The office accepts one, then the other: done only when nothing is left undone.
    assert (
        await skip_step(store, order_id, actor="operator:biuro", reason="bez etykiety") == "label"
    )
    assert status_of(store, order_id)[0] is S.ATTENTION
    assert await skip_step(store, order_id, actor="operator:biuro", reason="bez wydruku") == "print"
    assert status_of(store, order_id) == (S.DONE, None)


async def test_the_next_step_starts_as_soon_as_one_finishes(store: Store) -> None:
    """No poll wait between steps: the dispatcher is woken when a step finishes."""
    order_id = packed_order(store)
    pipeline = Pipeline(store, handlers(), poll_interval=60)  # a poll would never come
    async with trio.open_nursery() as nursery:
        await nursery.start(pipeline.run)
        with trio.fail_after(20):
            while status_of(store, order_id)[0] is not S.DONE:  # noqa: ASYNC110
                await trio.sleep(0.05)
        nursery.cancel_scope.cancel()


async def test_a_process_runs_only_its_steps(store: Store) -> None:
    order_id = packed_order(store)
    only_mine = {"realize": done, "document": done}
    pipeline = Pipeline(store, only_mine, poll_interval=0.02)
    with trio.fail_after(20):
        left = await pipeline.run_until_idle()
    steps = {j.step: j.status for j in store.read_sync(jobs.jobs_of, order_id)}
    assert steps["label"] == "pending" and steps["realize"] == "pending"  # label is not mine
    assert left.nothing  # nothing of mine is waiting
    rest = Pipeline(store, {s: done for s in STEPS if s not in only_mine}, poll_interval=0.02)
    async with trio.open_nursery() as nursery:
        nursery.start_soon(rest.run)
        nursery.start_soon(pipeline.run)
        with trio.fail_after(20):
            while status_of(store, order_id)[0] is not S.DONE:  # noqa: ASYNC110
                await trio.sleep(0.05)
        nursery.cancel_scope.cancel()
