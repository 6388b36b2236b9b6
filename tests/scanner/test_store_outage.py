"""The store failing under a running server: a full disk or a lock held elsewhere.  The
server keeps serving, the scanners stay connected and are told to send again, nothing is
counted twice or lost, and the work resumes by itself when the store is back."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import sqlalchemy as sa
import trio

from kolektor.store import orders
from kolektor.store.jobs import jobs_of
from kolektor.store.lifecycle import OrderStatus
from kolektor.store.tables import scans
from tests.disk import SmallDisk
from tests.scanner.conftest import Site, scan_plan

NOW = "2026-12-07T10:00:00+01:00"


def scan_rows(site: Site, order_id: int) -> int:
    with site.store.engine.connect() as connection:
        query = sa.select(sa.func.count()).select_from(scans).where(scans.c.order_id == order_id)
        return int(connection.execute(query).scalar_one())


async def test_a_full_disk_refuses_scans_politely_and_work_resumes_when_freed(
    small_disk: SmallDisk, site: Site, connect: Callable[..., Any]
) -> None:
    order = site.order(site.demo.examples.zk_pack_line)
    plan = scan_plan(order)
    async with connect("tc52-full") as picker, connect("pack-full") as packer:
        await picker.login("OP-0001")
        await picker.request("claim", order_id=order.id)
        first = await picker.request("scan", order_id=order.id, scan_id="d0", code=plan[0][1],
                                     scanned_at=NOW)  # fmt: skip
        assert first["type"] == "verdict"

        small_disk.fill()
        refused = await picker.request("scan", order_id=order.id, scan_id="d1",
                                       code=plan[1][1], scanned_at=NOW)  # fmt: skip
        assert (refused["code"], refused["retry_after"]) == ("unavailable", 2)
        assert (
            "nic nie zmieniono" in refused["message"] or "nothing was changed" in refused["message"]
        )
        async with httpx.AsyncClient(base_url=site.running.url) as client:
            assert (await client.get("/health")).status_code == 200  # still serving
        assert (await picker.request("ping"))["type"] == "pong"  # still connected
        assert scan_rows(site, order.id) == 1

        small_disk.free()
        again = await picker.request("scan", order_id=order.id, scan_id="d1", code=plan[1][1],
                                     scanned_at=NOW)  # fmt: skip
        assert again["type"] == "verdict" and again["verdict"]["kind"] != "duplicate"
        for index, (_, code, _) in enumerate(plan[2:], start=2):
            await picker.request("scan", order_id=order.id, scan_id=f"d{index}", code=code,
                                 scanned_at=NOW)  # fmt: skip
        assert scan_rows(site, order.id) == len(plan)  # each counted once

        await packer.login("OP-0002")
        small_disk.fill()
        packing = await packer.request("pack", order_id=order.id, request_id="p1",
                                       packages=[{"weight_kg": "1"}])  # fmt: skip
        assert packing["code"] == "unavailable"
        assert site.order(site.demo.examples.zk_pack_line).status is OrderStatus.PICKED
        small_disk.free()
        packed = await packer.request("pack", order_id=order.id, request_id="p1",
                                      packages=[{"weight_kg": "1"}])  # fmt: skip
        assert packed["type"] == "packed"
    # The finalization runs as far as it is configured by itself: realized, its PDF made;
    # label, printing and e-mail are not set up here, so the office is asked (attention).
    with trio.fail_after(30):
        while site.order(site.demo.examples.zk_pack_line).status is not OrderStatus.ATTENTION:  # noqa: ASYNC110
            await trio.sleep(0.1)
    steps = {j.step: j.status for j in site.store.read_sync(jobs_of, order.id)}
    assert (steps["realize"], steps["document"]) == ("done", "done")


async def test_every_service_survives_the_store_failing_under_it(
    small_disk: SmallDisk, site: Site, connect: Callable[..., Any]
) -> None:
    """A full disk while the intake, the pipeline, the store writer and the auth watch all
    run: none of them takes the server down; all run again once the space is back."""
    small_disk.fill()
    async with httpx.AsyncClient(base_url=site.running.url) as client:
        login = await client.post("/api/session", json={"login": "szef", "password": "szef-demo"})
        assert login.status_code == 503  # a session cannot be written: clear, not a 500
        assert login.json()["error"] == "unavailable"
        await client.post("/api/intake/run", auth=("biuro", "biuro-demo"))
        await trio.sleep(3)  # the intake, the watch and the pipeline each meet the full disk
        assert (await client.get("/health")).status_code == 200
        small_disk.free()
        with trio.fail_after(30):
            while True:
                health = (await client.get("/health", auth=("biuro", "biuro-demo"))).json()
                services = health["services"]
                if all(s["state"] == "running" for s in services.values()):
                    break
                await trio.sleep(0.2)
        assert set(services) == {
            "auth",
            "store_writer",
            "intake",
            "pipeline",
            "retention",
        }
    async with connect("tc52-after") as device:
        assert (await device.login("OP-0001"))["type"] == "login_ok"
    assert len(site.store.read_sync(orders.intake_index)) == len(site.demo.open_zk_ids)


async def test_postgresql_stopped_and_started_again_under_a_running_server(
    own_postgres: Any, subiekt_db: Any, tmp_path: Any, nursery: trio.Nursery
) -> None:
    """The store's server restarts (an update, a crash) while Kolektor serves: HTTP keeps
    answering and says the store is down, the scanner stays connected and is told to send
    again, and everything works as soon as PostgreSQL is back — without a restart."""
    import dataclasses

    from kolektor.store.engine import Store
    from tests.office import add_demo_operators
    from tests.scanner.conftest import Device, scanner_config, start

    config = dataclasses.replace(
        scanner_config(tmp_path, subiekt_db.path), store_url=own_postgres.url
    )
    store = Store.open(config.store_url)
    store.upgrade()
    add_demo_operators(config, store)
    running = await start(nursery, config, store)
    with trio.fail_after(30):
        while len(store.read_sync(orders.intake_index)) < len(subiekt_db.open_zk_ids):  # noqa: ASYNC110
            await trio.sleep(0.1)
    order_id = store.read_sync(orders.intake_index)[subiekt_db.examples.zk_pack_line].order_id
    order = store.read_sync(orders.get_order, order_id)
    assert order is not None
    plan = scan_plan(order)
    from trio_websocket import open_websocket_url

    url = running.url.replace("http://", "ws://") + "/scanner/ws"
    async with open_websocket_url(url) as socket, httpx.AsyncClient(base_url=running.url) as client:
        device = Device(socket, "tc52-pg")
        await device.login("OP-0001")
        await device.request("claim", order_id=order_id)
        assert (await device.request("scan", order_id=order_id, scan_id="g0", code=plan[0][1],
                                     scanned_at=NOW))["type"] == "verdict"  # fmt: skip

        await trio.to_thread.run_sync(own_postgres.stop)
        refused = await device.request("scan", order_id=order_id, scan_id="g1",
                                       code=plan[1][1], scanned_at=NOW)  # fmt: skip
        assert refused["code"] == "unavailable"
        health = await client.get("/health")
        assert (health.status_code, health.json()) == (503, {"status": "down"})
        assert (await device.request("ping"))["type"] == "pong"

        await trio.to_thread.run_sync(own_postgres.start)
        with trio.fail_after(30):
            while True:
                again = await device.request("scan", order_id=order_id, scan_id="g1",
                                             code=plan[1][1], scanned_at=NOW)  # fmt: skip
                if again["type"] == "verdict":
                    break
                assert again["code"] == "unavailable", again
                await trio.sleep(0.5)
        with trio.fail_after(30):
            while (await client.get("/health")).json()["status"] != "ok":  # noqa: ASYNC110
                await trio.sleep(0.2)
    running.scope.cancel()
    await running.stopped.wait()
    rows = store.read_sync(lambda c: c.execute(
        sa.select(sa.func.count()).select_from(scans).where(scans.c.order_id == order_id)
    ).scalar_one())  # fmt: skip
    assert rows == 2  # each scan counted once
    store.close()
