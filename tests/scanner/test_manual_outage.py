"""A typed quantity and a change of the ``manual_quantity`` setting while the store's disk
is full: the scanner and the office are told in Polish to try again, nothing is counted,
recorded or half-written, and the same request succeeds once there is room again."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import sqlalchemy as sa

from kolektor.store import settings
from kolektor.store.tables import manual_entries
from tests.disk import SmallDisk
from tests.scanner.conftest import Site
from tests.scanner.test_manual_policy import SUPERVISOR, goods_line, picked, typed
from tests.scanner.test_security import office_client


def entry_rows(site: Site) -> int:
    with site.store.engine.connect() as connection:
        query = sa.select(sa.func.count()).select_from(manual_entries)
        return int(connection.execute(query).scalar_one())


async def test_a_typed_quantity_on_a_full_disk_is_refused_and_counts_once_when_freed(
    small_disk: SmallDisk, site: Site, connect: Callable[..., Any]
) -> None:
    zk_id = site.demo.examples.zk_many_lines
    order = site.order(zk_id)
    line_id = goods_line(site, zk_id)
    async with connect("tc-mq-full") as device:
        await device.login("OP-0001")  # a picker: the entry needs a supervisor's PIN
        await device.request("hello", device_id="tc-mq-full", language="pl")
        await device.request("claim", order_id=order.id)

        small_disk.fill()
        refused = await typed(device, order.id, line_id, "m-1", authorized_by=SUPERVISOR)
        assert (refused["type"], refused["code"]) == ("error", "unavailable"), refused
        assert "nic nie zmieniono" in refused["message"]
        assert (await device.request("ping"))["type"] == "pong"  # still connected
        assert picked(site, zk_id, line_id) == 0
        assert entry_rows(site) == 0

        small_disk.free()
        counted = await typed(device, order.id, line_id, "m-1", authorized_by=SUPERVISOR)
        assert counted["type"] == "verdict" and counted["verdict"]["ok"], counted
        again = await typed(device, order.id, line_id, "m-1", authorized_by=SUPERVISOR)
        assert again["verdict"]["kind"] == "duplicate", again
    assert picked(site, zk_id, line_id) == 1
    assert entry_rows(site) == 1


async def test_a_setting_saved_on_a_full_disk_is_refused_and_saved_when_freed(
    small_disk: SmallDisk, site: Site
) -> None:
    wanted = {"value": {"roles": ["admin", "picker"]}}
    async with office_client(site, "szef", "szef-demo") as admin:
        small_disk.fill()
        refused = await admin.put("/api/settings/manual_quantity", json=wanted)
        assert refused.status_code == 503, refused.text
        assert refused.json()["error"] == "unavailable", refused.text
        assert "spróbuj za chwilę" in refused.json()["message"]
        small_disk.free()
        assert site.store.read_sync(settings.get_setting, "manual_quantity") is None
        saved = await admin.put("/api/settings/manual_quantity", json=wanted)
        assert saved.status_code == 200, saved.text
    stored = site.store.read_sync(settings.get_setting, "manual_quantity")
    assert stored == saved.json()["value"]
    assert set(stored["roles"]) == {"admin", "picker"}
