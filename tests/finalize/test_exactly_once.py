"""Exactly once under timeouts: the fence (kolektor.finalize.fence) against a call that is
given up but still saves — on the simulator with injected faults (the demo Subiekt
database, the real store and pipeline) and on the Sfera writer against the recording fake."""

from __future__ import annotations

import threading
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
import trio

from kolektor.config import Config
from kolektor.demo.database import SubiektDatabase
from kolektor.demo.generator import DemoSummary
from kolektor.finalize import steps
from kolektor.finalize.fence import (
    PROCESS_ID,
    InDoubtFence,
    find_mark,
    new_mark,
    owner_alive,
    with_mark,
)
from kolektor.finalize.labels import ShippingLabels, StationPrinter, convert_pdf
from kolektor.finalize.pipeline import Pipeline
from kolektor.finalize.sfera import SferaWriter
from kolektor.finalize.simulator import (
    FAULTS_VARIABLE,
    SimulatorFaults,
    SubiektSimulator,
)
from kolektor.finalize.steps import StepEnvironment, build_handlers
from kolektor.finalize.writer import WriterUnavailable, ZkExpectation
from kolektor.shipping.own import OwnLabels
from kolektor.store import jobs as job_store
from kolektor.store import orders
from kolektor.store.engine import Store
from tests.finalize.conftest import documents_made_from, pack
from tests.finalize.fake_sfera import FakeSfera
from tests.finalize.test_writer_sfera import EXPECTATION, SETTINGS, ZK_ID, MemoryLookup

# -- helpers ------------------------------------------------------------------------------


def faulty(path: Path, **options: Any) -> tuple[SubiektSimulator, SimulatorFaults]:
    faults = SimulatorFaults(**{"call_timeout": 0.3, "in_doubt_wait": 0.5, **options})
    return SubiektSimulator(path, faults=faults), faults


def realize_pipeline(store: Store, writer: Any, **environment: Any) -> Pipeline:
    env = StepEnvironment(
        writer=writer,
        store=store,
        render_pdf=lambda document_id: b"%PDF-",
        label_provider=ShippingLabels(store, {"own": OwnLabels()}, StationPrinter(), convert_pdf),
        writer_limiter=trio.CapacityLimiter(1),
        **environment,
    )
    handlers = {step: build_handlers(env)[step] for step in ("label", "realize")}
    return Pipeline(store, handlers, worker="test", poll_interval=0.05, backoff_base=0.2,
                    backoff_cap=0.5, lease_seconds=5)  # fmt: skip


def realize_job(store: Store, order_id: int) -> job_store.Job:
    return next(j for j in store.read_sync(job_store.jobs_of, order_id) if j.step == "realize")


def remarks(path: Path, zk_id: int) -> list[str]:
    with SubiektDatabase(path) as db:
        rows = db.select("dok__Dokument", {"dok_DoDokId": zk_id}, order_by=["dok_Id"])
    return [str(r["dok_Uwagi"]) for r in rows]


def an_open_zk(store: Store, demo: DemoSummary) -> tuple[int, int]:
    zk = demo.examples.zk_remark_invoice
    return zk, pack(store, zk)


def expectation_of(simulator: SubiektSimulator, zk_id: int, mark: str | None) -> ZkExpectation:
    state = simulator.zk_state(zk_id)
    assert state is not None
    lines = tuple((line.id, line.quantity) for line in state.lines)
    return ZkExpectation(zk_id, state.number, lines, mark=mark)


# -- the marks, the controller --------------------------------------------------------------


def test_marks_are_found_in_remarks_and_never_cut() -> None:
    mark = new_mark(1234)
    assert find_mark(f"Allegro: x ; {mark}") == mark
    assert find_mark("no mark") is None
    long = with_mark("u" * 600, mark)
    assert len(long) <= 500 and long.endswith(mark)
    assert with_mark(f"old {new_mark(1234)}", mark) == f"old {mark}"
    assert owner_alive(PROCESS_ID) is True


def test_faults_are_never_on_by_default(tmp_path: Path) -> None:
    assert SubiektSimulator(tmp_path / "x.db").faults is None
    assert SimulatorFaults.from_environment({}) is None
    faults = SimulatorFaults.from_environment(
        {FAULTS_VARIABLE: "timeout=1.5,wait=2,seed=3,hang=0.1,late_commit=0.2,hang_seconds=2-4"}
    )
    assert faults is not None and faults.call_timeout == 1.5 and faults.in_doubt_wait == 2
    assert faults.rates == {"hang": 0.1, "late_commit": 0.2}
    assert faults.seconds["hang"] == (2.0, 4.0)
    with pytest.raises(ValueError):
        SimulatorFaults.parse("explode=1")
    queued = SimulatorFaults()
    queued.inject("lost_answer")
    first = queued.take()
    assert first is not None and first.kind == "lost_answer" and queued.take() is None


def test_without_the_fence_a_late_commit_makes_a_second_document(
    subiekt_db: DemoSummary,
) -> None:
    """The adversary is real: the faulty simulator writes blind, as Sfera does, so a retry
    that skipped the fence would double the invoice."""
    with SubiektDatabase(subiekt_db.path) as db:
        db.connection.execute("UPDATE tw_Stan SET st_Stan = st_Stan + 1000")
    simulator, faults = faulty(subiekt_db.path)
    simulator.fence.alive = lambda: []  # type: ignore[method-assign]  # no fence
    zk = subiekt_db.examples.zk_remark_invoice
    faults.inject("late_commit", 0.3)
    with pytest.raises(WriterUnavailable) as caught:
        simulator.realize(expectation_of(simulator, zk, None), "FS")
    assert caught.value.in_doubt
    simulator.realize(expectation_of(simulator, zk, None), "FS")  # found nothing yet
    time.sleep(1.0)
    assert len(documents_made_from(subiekt_db.path, zk)) == 2


def test_the_simulator_waits_for_a_late_commit_and_adopts_it(subiekt_db: DemoSummary) -> None:
    simulator, faults = faulty(subiekt_db.path, in_doubt_wait=3.0)
    zk = subiekt_db.examples.zk_remark_invoice
    mark = new_mark(zk)
    faults.inject("late_commit", 0.4)
    with pytest.raises(WriterUnavailable) as caught:
        simulator.realize(expectation_of(simulator, zk, mark), "FS")
    assert caught.value.in_doubt and simulator.find_realization(zk) is None
    again = simulator.realize(expectation_of(simulator, zk, new_mark(zk)), "FS")
    assert again.adopted and again.mark == mark  # the late document, recognised as ours
    assert len(documents_made_from(subiekt_db.path, zk)) == 1


# -- the pipeline over the faulty simulator (real store) -------------------------------------


async def test_timeout_then_late_commit_is_adopted_by_the_retry(
    site: tuple[Config, Store, DemoSummary],
) -> None:
    _, store, demo = site
    simulator, faults = faulty(demo.path, in_doubt_wait=0.3)
    zk, order_id = an_open_zk(store, demo)
    faults.inject("late_commit", 0.8)  # lands after the first fence wait too
    pipeline = realize_pipeline(store, simulator)
    with trio.fail_after(30):
        await pipeline.run_until_idle()
    job = realize_job(store, order_id)
    assert job.status == "done" and job.result is not None
    assert job.result["adopted"] is True and job.result["mark_matched"] is True
    assert job.attempts == 0  # resolved within the step: the job was never given back
    assert len(documents_made_from(demo.path, zk)) == 1
    assert find_mark(remarks(demo.path, zk)[0]) is not None
    order = store.read_sync(orders.get_order, order_id)
    assert order is not None and order.status.value != "realize"


async def test_a_commit_whose_answer_is_lost_is_adopted(
    site: tuple[Config, Store, DemoSummary],
) -> None:
    _, store, demo = site
    simulator, faults = faulty(demo.path)
    zk, order_id = an_open_zk(store, demo)
    faults.inject("lost_answer")
    with trio.fail_after(30):
        await realize_pipeline(store, simulator).run_until_idle()
    job = realize_job(store, order_id)
    assert job.status == "done" and job.result is not None and job.result["adopted"] is True
    assert job.result["mark_matched"] is True
    assert len(documents_made_from(demo.path, zk)) == 1


async def test_a_hang_fences_every_process_until_it_ends_then_is_adopted(
    site: tuple[Config, Store, DemoSummary], monkeypatch: pytest.MonkeyPatch
) -> None:
    _, store, demo = site
    simulator, faults = faulty(demo.path, in_doubt_wait=0.2)
    zk, order_id = an_open_zk(store, demo)
    faults.inject("hang")  # until released
    try:
        # This process keeps the job while its call hangs, then gives it back in doubt.
        with trio.fail_after(30):
            await realize_pipeline(store, simulator, in_doubt_patience=1.0).run_until_idle(
                wait_for_leases=0
            )
        job = realize_job(store, order_id)
        assert job.status == "pending" and job.result is not None
        doubt = job.result["failure"]["in_doubt"]
        assert doubt["owner"] == PROCESS_ID and doubt["mark"].startswith("KOLEKTOR ")
        assert documents_made_from(demo.path, zk) == []

        # Another process (a worker that knows nothing of the hung call) does not write.
        other = SubiektSimulator(demo.path)
        monkeypatch.setattr(steps, "PROCESS_ID", "elsewhere:1:00000000")
        store.run_sync(_due_now, job.id)
        with trio.fail_after(30):
            await realize_pipeline(store, other).run_until_idle(wait_for_leases=0)
        job = realize_job(store, order_id)
        assert job.status == "pending" and job.last_error is not None
        assert "może jeszcze zapisywać" in job.last_error
        assert job.result is not None and job.result["failure"]["in_doubt"] == doubt
        assert documents_made_from(demo.path, zk) == []
        monkeypatch.undo()
    finally:
        faults.release()  # the hang ends: the old call saves now

    # Back in the owning process: the fence sees the call ended; the retry adopts.
    store.run_sync(_due_now, job.id)
    with trio.fail_after(30):
        await realize_pipeline(store, simulator).run_until_idle(wait_for_leases=0)
    job = realize_job(store, order_id)
    assert job.status == "done" and job.result is not None
    assert job.result["adopted"] is True and job.result["mark_matched"] is True
    assert len(documents_made_from(demo.path, zk)) == 1


def _due_now(conn: Any, job_id: int) -> None:
    from kolektor.store.tables import jobs

    now = job_store.db_now(conn)
    conn.execute(jobs.update().where(jobs.c.id == job_id).values(next_run_at=now))


# -- the Sfera writer against the recording fake --------------------------------------------


@pytest.fixture
def fake() -> Any:
    world = FakeSfera()
    yield world
    world.release()


def test_sfera_waits_for_the_abandoned_call_then_adopts_its_late_save(fake: FakeSfera) -> None:
    lookup = MemoryLookup()
    fake.on_save = lookup.saved
    writer = SferaWriter(
        replace(SETTINGS, call_timeout=0.3, in_doubt_wait=5.0), lookup,
        runtime_factory=fake.runtime,
    )  # fmt: skip
    try:
        writer.warm_up()
        entered = fake.hang("SuDokument.Zapisz")  # Zapisz will save, but only when released
        with pytest.raises(WriterUnavailable) as caught:
            writer.realize(EXPECTATION, "FS")
        assert caught.value.in_doubt and entered.is_set()
        assert lookup.realizations(ZK_ID) == ()  # SQL finds nothing yet

        timer = threading.Timer(0.5, fake.release)
        timer.start()
        started = time.monotonic()
        again = writer.realize(EXPECTATION, "FS")  # waits for the old thread, re-reads
        assert time.monotonic() - started >= 0.4
        timer.join()
        assert again.adopted and again.number == "FS 1/2026"
        assert fake.names().count("SuDokumentyManager.DodajFS") == 1
        assert fake.sessions == 1  # no new session was even opened to write again
        assert writer.abandoned_threads[0].join(5.0)
    finally:
        fake.release()
        writer.close()


def test_sfera_refuses_to_write_while_the_abandoned_call_hangs(fake: FakeSfera) -> None:
    lookup = MemoryLookup()
    fake.on_save = lookup.saved
    writer = SferaWriter(
        replace(SETTINGS, call_timeout=0.3, in_doubt_wait=0.3), lookup,
        runtime_factory=fake.runtime,
    )  # fmt: skip
    try:
        writer.warm_up()
        fake.hang("SuDokument.Zapisz")
        with pytest.raises(WriterUnavailable):
            writer.realize(EXPECTATION, "FS")
        for _ in range(3):
            with pytest.raises(WriterUnavailable) as fenced:
                writer.realize(EXPECTATION, "FS")
            assert fenced.value.in_doubt and fenced.value.retryable
            assert fenced.value.code == "in_doubt_pending"
            assert "może jeszcze zapisywać" in fenced.value.message
        assert fake.names().count("SuDokumentyManager.DodajFS") == 1 and fake.sessions == 1
        fake.release()
        assert writer.abandoned_threads[0].join(5.0)
        assert writer.realize(EXPECTATION, "FS").adopted
        assert fake.names().count("SuDokumentyManager.DodajFS") == 1
    finally:
        fake.release()
        writer.close()


def test_fence_refusal_names_the_other_call() -> None:
    fence = InDoubtFence(wait=0.05, language="en")
    ended = threading.Event()
    fence.abandoned(ended, operation="DodajFS ← ZK 9", zk_id=9)
    with pytest.raises(WriterUnavailable) as caught:
        fence.wait(10)
    assert "operation given up earlier" in caught.value.message
    ended.set()
    fence.wait(9)  # ended: no wait, no refusal
    assert fence.alive() == []
