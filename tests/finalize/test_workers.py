"""Several ``kolektor work`` processes on one store: they share the work without doing any
of it twice — one killed mid-way with SIGKILL — and each runs only the steps its
configuration names (the Windows worker realizes and renders; the server does the rest)."""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa
import trio

from kolektor.config import Config
from kolektor.demo.generator import DemoSummary
from kolektor.store import documents, jobs, orders
from kolektor.store.engine import Store
from kolektor.store.lifecycle import OrderStatus
from kolektor.store.tables import order_events
from tests.finalize.conftest import documents_made_from, pack, prepare_site

KOLEKTOR = Path(sys.executable).parent / "kolektor"


def worker(config: Path, name: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [str(KOLEKTOR), "--config", str(config), "work", "--name", name, "--lease-seconds", "2"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def finished(store: Store, order_ids: list[int]) -> bool:
    for order_id in order_ids:
        order = store.read_sync(orders.get_order, order_id)
        assert order is not None
        if order.status not in (OrderStatus.ATTENTION, OrderStatus.DONE):
            return False
    return True


async def wait_until_finished(store: Store, order_ids: list[int], seconds: float = 120) -> None:
    with trio.fail_after(seconds):
        while not finished(store, order_ids):  # noqa: ASYNC110 - other processes work
            await trio.sleep(0.2)


async def stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
    await trio.to_thread.run_sync(process.wait, 20)


def with_steps(config: Config, name: str, steps: list[str]) -> Path:
    text = config.path.read_text("utf-8") + f"\n[pipeline]\nsteps = {steps!r}\n".replace("'", '"')
    path = config.path.with_name(f"{name}.toml")
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgresql)])
async def shared_site(
    request: pytest.FixtureRequest, subiekt_db: DemoSummary, tmp_path: Path
) -> tuple[Config, Store, DemoSummary]:
    """The site on SQLite, and on one PostgreSQL database both workers connect to."""
    url = "" if request.param == "sqlite" else request.getfixturevalue("fresh_postgres_url")
    return await prepare_site(subiekt_db, tmp_path, url)


async def test_two_workers_share_the_work_and_one_killed_loses_nothing(
    shared_site: tuple[Config, Store, DemoSummary],
) -> None:
    config, store, demo = shared_site
    zks = sorted(demo.open_zk_ids)[:12]
    order_ids = [pack(store, zk) for zk in zks]
    first, second = worker(config.path, "w1"), worker(config.path, "w2")
    try:
        await trio.sleep(1.5)  # both are working
        first.send_signal(signal.SIGKILL)
        await trio.to_thread.run_sync(first.wait, 10)
        await wait_until_finished(store, order_ids)
    finally:
        for process in (first, second):
            await stop(process)
    assert second.returncode == 0, second.stderr.read().decode()[-2000:]  # type: ignore[union-attr]
    for zk_id, order_id in zip(zks, order_ids, strict=True):
        assert len(documents_made_from(demo.path, zk_id)) == 1, zk_id
        assert store.read_sync(documents.find_document, order_id) is not None
        steps = {j.step: j.status for j in store.read_sync(jobs.jobs_of, order_id)}
        assert (steps["realize"], steps["document"]) == ("done", "done")


async def test_each_worker_runs_only_the_steps_it_is_configured_for(
    site: tuple[Config, Store, DemoSummary],
) -> None:
    config, store, demo = site
    order_ids = [pack(store, zk) for zk in sorted(demo.open_zk_ids)[:4]]
    windows = with_steps(config, "windows", ["realize", "document"])
    linux = with_steps(config, "linux", ["label", "print", "email", "allegro"])
    processes = [worker(windows, "windows"), worker(linux, "linux")]
    try:
        await wait_until_finished(store, order_ids)
    finally:
        for process in processes:
            await stop(process)
    with store.engine.connect() as connection:
        rows = connection.execute(
            sa.select(order_events.c.actor, order_events.c.details)
            .where(order_events.c.order_id.in_(order_ids),
                   order_events.c.event.in_(("step_done", "step_not_configured")))
        ).all()  # fmt: skip
    by_step = {(row.details or {})["step"]: row.actor for row in rows}
    assert {step for step, actor in by_step.items() if actor == "worker:windows"} == {
        "realize", "document",
    }  # fmt: skip
    assert {step for step, actor in by_step.items() if actor == "worker:linux"} <= {
        "label", "print", "email", "allegro",
    }  # fmt: skip
