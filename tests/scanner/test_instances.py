"""Several Kolektor instances on one store (issue 9, "Several instances, one truth").

The store is the one truth: an instance's pick sessions are only a cache, every write of a
pick state compares and sets its version, and a request judged on a stale cache is judged
again on the state freshly read from the store.  After every step the saved pick state's
picked totals, the order lines' ``picked_quantity`` and the sum of the counted scan rows'
quantities agree.

The first tests run two :class:`ScannerService` objects, each on a ``Store`` of its own, in
this process (on SQLite and PostgreSQL); the PostgreSQL-only ones hold one instance's
transaction open to make a race happen for sure.  The last ones run two real servers on one
PostgreSQL and move devices and orders between them.
"""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx
import pytest
import sqlalchemy as sa
import trio

from kolektor import _core
from kolektor.demo.generator import DemoSummary
from kolektor.scanner import service as service_module
from kolektor.scanner.service import ScannerError, ScannerService
from kolektor.store import operators, orders, picking
from kolektor.store.engine import Store
from kolektor.store.lifecycle import OrderStatus
from kolektor.store.operators import Operator
from kolektor.store.tables import order_lines, pick_states, scans
from tests.factories import line, product, zk
from tests.office import add_demo_operators
from tests.postgres import Cluster
from tests.scanner.conftest import (
    Device,
    Instance,
    device_at,
    scan_plan,
    scanner_config,
    start_instance,
)

COUNTING = frozenset(
    {"counted", "line_complete", "order_complete", "order_complete_with_shortages"}
)
NOW = "2026-12-08T10:00:00+01:00"
SCANNED_AT = datetime(2026, 12, 8, 9, 0, tzinfo=UTC)


def agreed_totals(store: Store, order_id: int) -> dict[int, Decimal]:
    """Each line's picked quantity, once the saved pick state, the order lines and the
    counted scan rows were checked to agree on it."""
    with store.engine.connect() as connection:
        state = connection.execute(
            sa.select(pick_states.c.state).where(pick_states.c.order_id == order_id)
        ).scalar_one_or_none()
        lines = {
            row.id: Decimal(row.picked_quantity)
            for row in connection.execute(
                sa.select(order_lines.c.id, order_lines.c.picked_quantity).where(
                    order_lines.c.order_id == order_id
                )
            )
        }
        scanned = {
            row.line_id: Decimal(str(row.total))
            for row in connection.execute(
                sa.select(scans.c.line_id, sa.func.sum(scans.c.quantity).label("total"))
                .where(scans.c.order_id == order_id, scans.c.verdict.in_(COUNTING))
                .group_by(scans.c.line_id)
            )
        }
    saved = (
        {}
        if state is None
        else {p.line_id: p.picked for p in _core.PickSession.from_bytes(bytes(state)).lines}
    )
    assert set(saved) <= set(lines) and set(scanned) <= set(lines)
    for line_id, picked in lines.items():
        in_state, in_scans = saved.get(line_id, Decimal(0)), scanned.get(line_id, Decimal(0))
        assert in_state == picked == in_scans, (
            f"line {line_id}: saved state {in_state}, line {picked}, scan rows {in_scans}"
        )
    return lines


def holder(store: Store, order_id: int) -> tuple[str, int | None]:
    record = store.read_sync(orders.get_order, order_id)
    assert record is not None
    return record.status.value, record.claimed_by


def ean13(payload: str) -> str:
    return payload + str(_core.gtin_check_digit(payload))


# -- two services in this process --------------------------------------------------------------


@dataclass
class Two:
    """Instances A and B: a service each, on a ``Store`` object each, on one database."""

    a: ScannerService
    b: ScannerService
    picker: Operator
    boss: Operator
    order_ids: list[int]
    codes: tuple[str, str]
    """The barcodes of every order's two lines (3 and 2 ordered)."""

    @property
    def store(self) -> Store:
        return self.a.store

    def line_ids(self, order_id: int) -> tuple[int, int]:
        record = self.store.read_sync(orders.get_order, order_id)
        assert record is not None
        first, second = sorted(record.lines, key=lambda ln: ln.position)
        return first.id, second.id

    async def scan(
        self, service: ScannerService, device: str, order_id: int, scan_id: str, code: str
    ) -> dict[str, Any]:
        judged = await service.scan(
            self.picker, device, order_id=order_id, scan_id=scan_id, code=code,
            scanned_at=SCANNED_AT,
        )  # fmt: skip
        return judged.verdict


def _two(url: str) -> Iterator[Two]:
    first, second = Store.open(url), Store.open(url)
    try:
        first.upgrade()
        picker_id = first.run_sync(
            operators.create_operator, login="anna", name="Anna", role="picker", pin="1111"
        )
        boss_id = first.run_sync(
            operators.create_operator, login="szef", name="Szef", role="supervisor", pin="3333"
        )
        codes = (ean13("590123412345"), ean13("590123412346"))
        products = {1: product(1, codes[0]), 2: product(2, codes[1])}
        order_ids = [
            first.run_sync(
                orders.import_order,
                zk(n, lines=(line(1, 1, "3"), line(2, 2, "2")), products=products),
                fingerprint=f"{n:064x}",
                nip=None,
            )
            for n in range(1, 9)
        ]
        picker = first.read_sync(operators.get_operator, picker_id)
        boss = first.read_sync(operators.get_operator, boss_id)
        assert picker is not None and boss is not None
        yield Two(ScannerService(first), ScannerService(second), picker, boss, order_ids, codes)
    finally:
        second.close()
        first.close()


@pytest.fixture
def two(store_url: str) -> Iterator[Two]:
    """Two instances on SQLite and on PostgreSQL."""
    yield from _two(store_url)


@pytest.fixture
def two_pg(fresh_postgres_url: str) -> Iterator[Two]:
    """Two instances on PostgreSQL, where transactions of two instances really overlap."""
    yield from _two(fresh_postgres_url)


async def test_a_scan_judged_on_a_stale_session_is_judged_again_on_the_fresh_state(
    two: Two,
) -> None:
    order_id, (line_1, _) = two.order_ids[0], two.line_ids(two.order_ids[0])
    code = two.codes[0]
    await two.a.claim(two.picker, order_id, takeover=False)
    first = await two.scan(two.a, "dev-a", order_id, "a1", code)
    assert (first["kind"], first["picked"]) == ("counted", 1)
    # The same picker's second device, on instance B: B reads the order from the store.
    second = await two.scan(two.b, "dev-b", order_id, "b1", code)
    assert (second["kind"], second["picked"]) == ("counted", 2)
    assert agreed_totals(two.store, order_id)[line_1] == 2

    # A's session still says 1; the write is refused and the scan judged on 2.
    third = await two.scan(two.a, "dev-a", order_id, "a2", code)
    assert (third["kind"], third["picked"], third["remaining"]) == ("line_complete", 3, 0)
    assert agreed_totals(two.store, order_id)[line_1] == 3
    # B's session still says 2: on the fresh state the line is full.
    fourth = await two.scan(two.b, "dev-b", order_id, "b2", code)
    assert (fourth["kind"], fourth["picked"]) == ("over_pick", 3)
    # Device A, moved to instance B, sends a1 again (its answer was lost): counted once.
    again = await two.scan(two.b, "dev-a", order_id, "a1", code)
    assert again["kind"] == "duplicate" and again["first"]["kind"] == "counted"

    assert agreed_totals(two.store, order_id)[line_1] == 3
    # Five writes were kept (a1, b1, a2, b2, the replay); the two refused ones left nothing.
    assert two.store.read_sync(picking.pick_state_version, order_id) == 5


def test_a_pick_state_write_compares_and_sets_the_version(two: Two) -> None:
    order_id, (line_1, _) = two.order_ids[0], two.line_ids(two.order_ids[0])

    def record(version: int | None, state: bytes, picked: int, scan_id: str) -> int:
        scan = picking.ScanRecord(
            operator_id=two.picker.id, device_id="dev", scan_uid=scan_id, raw="x",
            interpretation=None, verdict="counted", quantity=Decimal(1), line_id=line_1,
            scanned_at=SCANNED_AT,
        )  # fmt: skip
        return two.store.run_sync(
            picking.record_pick, order_id, state=state, version=version,
            picked={line_1: Decimal(picked)}, scan=scan,
        )  # fmt: skip

    def stored() -> tuple[picking.PickState | None, Decimal | int, int]:
        record = two.store.read_sync(orders.get_order, order_id)
        assert record is not None
        picked = next(ln.picked_quantity for ln in record.lines if ln.id == line_1)
        rows = two.store.read_sync(
            lambda c: c.execute(sa.select(sa.func.count()).select_from(scans)).scalar_one()
        )
        return two.store.read_sync(picking.load_pick_state, order_id), picked, rows

    assert two.store.read_sync(picking.load_pick_state, order_id) is None
    assert record(None, b"one", 1, "s1") == 1
    with pytest.raises(picking.PickStateConflict) as conflict:
        record(None, b"other one", 1, "s1-elsewhere")  # a second first state
    assert (conflict.value.expected, conflict.value.found) == (None, 1)
    assert stored() == (picking.PickState(b"one", 1), 1, 1)
    assert record(1, b"two", 2, "s2") == 2
    with pytest.raises(picking.PickStateConflict):
        record(1, b"stale two", 3, "s3")  # written from a session loaded at version 1
    assert stored() == (picking.PickState(b"two", 2), 2, 2)


async def wait_until_a_transaction_waits_for_a_lock(store: Store) -> None:
    query = sa.text(
        "SELECT count(*) FROM pg_stat_activity "
        "WHERE datname = current_database() AND wait_event_type = 'Lock'"
    )
    with trio.fail_after(20):
        while not store.read_sync(lambda c: c.execute(query).scalar_one()):  # noqa: ASYNC110
            await trio.sleep(0.01)  # another connection's wait, seen in pg_stat_activity


async def outcome(call: Awaitable[object], into: dict[str, str], key: str) -> None:
    try:
        await call
    except ScannerError as error:
        into[key] = error.code
    else:
        into[key] = "ok"


async def while_a_holds(
    two: Two, write: Callable[[sa.Connection], object], other: Awaitable[object]
) -> str:
    """Run ``write`` in a transaction of instance A, start ``other`` on instance B while that
    transaction is open, commit once ``other`` waits for A's lock; ``other``'s outcome."""
    results: dict[str, str] = {}
    async with trio.open_nursery() as nursery:
        with two.a.store.engine.begin() as connection:
            write(connection)
            nursery.start_soon(outcome, other, results, "b")
            await wait_until_a_transaction_waits_for_a_lock(two.b.store)
    return results["b"]


async def test_two_claims_at_the_same_moment_one_wins_the_other_is_not_yours(
    two_pg: Two,
) -> None:
    two = two_pg
    order_id = two.order_ids[0]

    def claim_on_a(connection: sa.Connection) -> None:
        picking.claim_order(connection, order_id, operator_id=two.picker.id,
                            role=two.picker.role, actor="operator:anna")  # fmt: skip

    answer = await while_a_holds(two, claim_on_a, two.b.claim(two.boss, order_id, takeover=False))
    assert answer == "not_yours"
    assert holder(two.store, order_id) == ("picking", two.picker.id)

    # The same person claiming one order on two devices at once holds it, twice told so.
    other = two.order_ids[1]

    def claim_other_on_a(connection: sa.Connection) -> None:
        picking.claim_order(connection, other, operator_id=two.picker.id,
                            role=two.picker.role, actor="operator:anna")  # fmt: skip

    answer = await while_a_holds(
        two, claim_other_on_a, two.b.claim(two.picker, other, takeover=False)
    )
    assert answer == "ok"
    assert holder(two.store, other) == ("picking", two.picker.id)


async def test_a_release_racing_a_takeover_never_undoes_the_takeover(two_pg: Two) -> None:
    two = two_pg
    order_id = two.order_ids[0]
    await two.a.claim(two.picker, order_id, takeover=False)

    def take_over_on_a(connection: sa.Connection) -> None:
        picking.claim_order(connection, order_id, operator_id=two.boss.id, role=two.boss.role,
                            actor="operator:szef", takeover=True)  # fmt: skip

    answer = await while_a_holds(two, take_over_on_a, two.b.release(two.picker, order_id))
    assert answer == "not_yours"
    assert holder(two.store, order_id) == ("picking", two.boss.id)


async def test_two_writes_of_one_pick_state_at_the_same_moment_one_is_judged_again(
    two_pg: Two,
) -> None:
    # The race on the first state of an order (an insert), then on a saved state's version.
    await race_one_write(two_pg, two_pg.order_ids[0], state_saved=False)
    await race_one_write(two_pg, two_pg.order_ids[1], state_saved=True)


async def race_one_write(two: Two, order_id: int, *, state_saved: bool) -> None:
    line_1, _ = two.line_ids(order_id)
    await two.a.claim(two.picker, order_id, takeover=False)
    if state_saved:
        await two.scan(two.a, "dev-a", order_id, f"a0-{order_id}", two.codes[0])
    await two.b.order_view(order_id)  # B has the order in memory now
    saved = two.store.read_sync(picking.load_pick_state, order_id)
    record = two.store.read_sync(orders.get_order, order_id)
    assert record is not None and (saved is not None) == state_saved
    session = (
        _core.PickSession.from_bytes(saved.state)
        if saved is not None
        else service_module.build_session(record)
    )
    # Instance A counts a1 ("0" + code: the GTIN-14 the scan parser makes of the code)...
    verdict = session.scan(f"dev-a:a1-{order_id}", "0" + two.codes[0], known_product=True)
    assert verdict.kind == "counted" and verdict.picked is not None
    picked = verdict.picked

    def scan_on_a(connection: sa.Connection) -> None:
        picking.record_pick(
            connection, order_id, state=session.to_bytes(),
            version=None if saved is None else saved.version, picked={line_1: picked},
            scan=picking.ScanRecord(
                operator_id=two.picker.id, device_id="dev-a", scan_uid=f"a1-{order_id}", raw="x",
                interpretation=None, verdict="counted", quantity=Decimal(1), line_id=line_1,
                scanned_at=SCANNED_AT,
            ),
        )  # fmt: skip

    verdicts: list[dict[str, Any]] = []

    async def scan_on_b() -> None:
        verdicts.append(await two.scan(two.b, "dev-b", order_id, f"b1-{order_id}", two.codes[0]))

    # ... while B's write of b1 from the state before a1 waits for A's transaction.
    assert await while_a_holds(two, scan_on_a, scan_on_b()) == "ok"
    # B's write was refused, and B judged b1 again on the state with a1.
    expected = "line_complete" if picked + 1 == 3 else "counted"  # the line has 3 ordered
    assert (verdicts[0]["kind"], verdicts[0]["picked"]) == (expected, picked + 1)
    assert agreed_totals(two.store, order_id)[line_1] == picked + 1


async def test_memory_holds_only_orders_being_picked(
    two: Two, monkeypatch: pytest.MonkeyPatch
) -> None:
    a, b, picker = two.a, two.b, two.picker
    o1, o2, o3, o4, o5, o6 = two.order_ids[:6]
    code = two.codes[0]

    await a.claim(picker, o1, takeover=False)
    await two.scan(a, "dev-a", o1, "1a", code)
    assert a.cached_orders == {o1}
    assert a.locked_orders == frozenset()  # a lock lives only while it is used
    await a.release(picker, o1)
    assert a.cached_orders == frozenset()  # released

    await a.claim(picker, o1, takeover=False)
    await two.scan(a, "dev-a", o1, "1b", code)
    await a.shortage(picker, order_id=o1, line_id=two.line_ids(o1)[1], reason="brak")
    assert holder(two.store, o1)[0] == "problem"
    assert a.cached_orders == frozenset()  # went to the office

    await a.claim(picker, o2, takeover=False)
    await two.scan(a, "dev-a", o2, "2a", code)
    await b.claim(two.boss, o2, takeover=True)
    assert a.cached_orders == {o2}  # A cannot know yet
    assert await a.prune() == 1
    assert a.cached_orders == frozenset()  # taken over on another instance

    await a.claim(picker, o3, takeover=False)
    await two.scan(a, "dev-a", o3, "3a", code)
    two.store.run_sync(orders.change_status, o3, OrderStatus.GONE, reason="usunięte w Subiekcie",
                       actor="intake")  # fmt: skip
    assert a.cached_orders == {o3}
    monkeypatch.setattr(service_module, "PRUNE_INTERVAL", 0.0)
    await a.queue(picker)  # asking for the queue prunes now and then
    assert a.cached_orders == frozenset()  # gone

    a.max_cached = 2
    for n, order_id in enumerate((o4, o5, o6)):
        await a.claim(picker, order_id, takeover=False)
        await two.scan(a, "dev-a", order_id, f"{n}x", code)
    assert a.cached_orders == {o5, o6}  # the least recently used went
    again = await two.scan(a, "dev-a", o4, "4y", code)  # read again from the store
    assert (again["kind"], again["picked"]) == ("counted", 2)
    assert a.cached_orders == {o6, o4}
    assert a.locked_orders == frozenset() and b.locked_orders == frozenset()
    for order_id in (o1, o2, o3, o4, o5, o6):
        agreed_totals(two.store, order_id)


# -- two servers on one PostgreSQL ---------------------------------------------------------------


@dataclass
class Pair:
    a: Instance
    b: Instance
    demo: DemoSummary

    def order(self, zk_id: int) -> orders.OrderRecord:
        order_id = self.a.store.read_sync(orders.intake_index)[zk_id].order_id
        record = self.a.store.read_sync(orders.get_order, order_id)
        assert record is not None
        return record

    def operator_id(self, login: str) -> int:
        found = self.a.store.read_sync(operators.get_by_login, login)
        assert found is not None
        return found.id

    def check(self, *order_ids: int) -> None:
        for order_id in order_ids:
            agreed_totals(self.a.store, order_id)


@asynccontextmanager
async def started_pair(
    url: str, demo: DemoSummary, folder: Path, nursery: trio.Nursery
) -> AsyncIterator[Pair]:
    """Servers A and B on the database at ``url``, the demo's orders imported."""
    config = dataclasses.replace(scanner_config(folder, demo.path), store_url=url)
    setup = Store.open(url)
    setup.upgrade()
    add_demo_operators(config, setup)
    setup.close()
    expected = len(demo.open_zk_ids)
    a = await start_instance(nursery, config, orders_expected=expected)
    b = await start_instance(nursery, config, orders_expected=expected)
    try:
        yield Pair(a, b, demo)
    finally:
        await b.stop()
        await a.stop()


@pytest.fixture
async def pair(
    fresh_postgres_url: str, subiekt_db: DemoSummary, tmp_path: Path, nursery: trio.Nursery
) -> AsyncIterator[Pair]:
    async with started_pair(fresh_postgres_url, subiekt_db, tmp_path, nursery) as started:
        yield started


async def scan(device: Device, order_id: int, scan_id: str, code: str) -> dict[str, Any]:
    """A scan as the app sends it: again after ``retry_after`` while it is ``unavailable``."""
    while True:
        reply = await device.request("scan", order_id=order_id, scan_id=scan_id, code=code,
                                     scanned_at=NOW)  # fmt: skip
        if reply.get("code") != "unavailable":
            return reply
        await trio.sleep(reply["retry_after"])


async def order_message(device: Device, order_id: int) -> dict[str, Any]:
    """The ``order`` message for ``order_id`` a login sends."""
    for message in device.inbox:
        if message["type"] == "order" and message["order"]["id"] == order_id:
            return message
    while True:
        message = await device.receive()
        device.inbox.append(message)
        if message["type"] == "order" and message["order"]["id"] == order_id:
            return message


def picked_on(message: dict[str, Any], line_id: int) -> Decimal:
    return next(
        Decimal(str(ln["picked"])) for ln in message["order"]["lines"] if ln["id"] == line_id
    )


def verdict_of(reply: dict[str, Any]) -> tuple[str, Decimal | int]:
    assert reply["type"] == "verdict", reply
    return reply["verdict"]["kind"], Decimal(str(reply["verdict"]["picked"]))


async def claim_into(
    replies: dict[str, dict[str, Any]], device: Device, name: str, order_id: int
) -> None:
    replies[name] = await device.request("claim", order_id=order_id)


def single_unit_line(record: orders.OrderRecord) -> tuple[orders.OrderLineRecord, str] | None:
    """A goods line of at least 7 pieces with a barcode of its own that adds one."""
    goods = [ln for ln in record.lines if ln.product_id is not None and ln.kind == 1]
    if len(goods) < 2:
        return None
    for candidate in goods:
        if candidate.base_quantity < 7 or candidate.base_quantity % 1:
            continue
        for barcode in candidate.barcodes:
            others = {b.code for ln in goods if ln is not candidate for b in ln.barcodes}
            if barcode.primary and barcode.quantity == 1 and barcode.code not in others:
                return candidate, barcode.code
    return None


async def test_two_servers_move_devices_and_orders_and_agree_on_every_count(pair: Pair) -> None:
    a, b, examples = pair.a, pair.b, pair.demo.examples
    busy = {examples.zk_pack_line}
    chosen = next(
        (record, found)
        for zk_id in sorted(pair.demo.open_zk_ids)
        if zk_id not in busy
        and (record := pair.order(zk_id)).status is OrderStatus.NEW
        and (found := single_unit_line(record)) is not None
    )
    order, (target, code) = chosen
    busy.add(order.subiekt_id)
    ordered = target.base_quantity

    # 1. Taken over on the other instance, released there, claimed again here.
    async with device_at(a, "tc-a1") as anna, device_at(b, "tc-b9") as boss:
        await anna.login("OP-0001")
        await boss.login("OP-0003", "3333")
        assert (await anna.request("claim", order_id=order.id))["type"] == "order"
        for scan_id, count in (("s1", 1), ("s2", 2)):
            assert verdict_of(await scan(anna, order.id, scan_id, code)) == ("counted", count)
        pair.check(order.id)

        took = await boss.request("claim", order_id=order.id, takeover=True)
        assert took["type"] == "order" and picked_on(took, target.id) == 2
        assert verdict_of(await scan(boss, order.id, "k1", code)) == ("counted", 3)
        pair.check(order.id)
        refused = await scan(anna, order.id, "s3", code)
        assert refused["code"] == "not_yours"
        pair.check(order.id)

        assert (await boss.request("release", order_id=order.id))["type"] == "queue"
        again = await anna.request("claim", order_id=order.id)
        assert again["type"] == "order" and picked_on(again, target.id) == 3  # not A's stale 2
        assert verdict_of(await scan(anna, order.id, "s4", code)) == ("counted", 4)
        pair.check(order.id)
        assert agreed_totals(a.store, order.id)[target.id] == 4

    # 2. The device reconnects to B, then back to A, and scans on each.
    async with device_at(b, "tc-a1") as anna:
        await anna.login("OP-0001")
        assert picked_on(await order_message(anna, order.id), target.id) == 4
        resent = await scan(anna, order.id, "s4", code)  # its answer was lost on the way
        assert resent["verdict"]["kind"] == "duplicate"
        assert verdict_of(await scan(anna, order.id, "s5", code)) == ("counted", 5)
        pair.check(order.id)
    async with device_at(a, "tc-a1") as anna, device_at(b, "tc-b2") as second:
        await anna.login("OP-0001")
        assert picked_on(await order_message(anna, order.id), target.id) == 5  # not A's 4
        assert (await scan(anna, order.id, "s5", code))["verdict"]["kind"] == "duplicate"
        pair.check(order.id)
        await second.login("OP-0001")  # the same picker's second device, on B
        await order_message(second, order.id)
        for index in range(int(ordered) - 6):  # fill the line up to one short, on A
            assert verdict_of(await scan(anna, order.id, f"f{index}", code))[0] == "counted"
        pair.check(order.id)
        # B's memory is behind: the last piece is judged on the fresh state...
        assert verdict_of(await scan(second, order.id, "t1", code)) == ("line_complete", ordered)
        # ... and A's memory is behind now: one more is too many.
        assert verdict_of(await scan(anna, order.id, "s6", code)) == ("over_pick", ordered)
        pair.check(order.id)
        assert agreed_totals(a.store, order.id)[target.id] == ordered

    # 3. Claims of one order on both instances at the same moment.
    contested = [
        record
        for zk_id in sorted(pair.demo.open_zk_ids)
        if zk_id not in busy and (record := pair.order(zk_id)).status is OrderStatus.NEW
    ][:4]
    assert len(contested) == 4
    ids = {"anna": pair.operator_id("anna"), "marek": pair.operator_id("marek")}
    async with device_at(a, "tc-a3") as anna, device_at(b, "tc-b3") as marek:
        await anna.login("OP-0001")
        await marek.login("OP-0002")
        for record in contested:
            replies: dict[str, dict[str, Any]] = {}
            async with trio.open_nursery() as nursery:
                nursery.start_soon(claim_into, replies, anna, "anna", record.id)
                nursery.start_soon(claim_into, replies, marek, "marek", record.id)
            answers = sorted((r["type"], r.get("code")) for r in replies.values())
            assert answers == [("error", "not_yours"), ("order", None)], replies
            winner = next(name for name, reply in replies.items() if reply["type"] == "order")
            assert holder(a.store, record.id) == ("picking", ids[winner])
            pair.check(record.id)

    # 4. One order scanned from both instances at the same moment (one picker, two devices).
    together = pair.order(examples.zk_pack_line)
    plan = scan_plan(together)
    async with device_at(a, "tc-a4") as left, device_at(b, "tc-b4") as right:
        await left.login("OP-0001")
        await right.login("OP-0001")
        assert (await left.request("claim", order_id=together.id))["type"] == "order"
        verdicts: list[dict[str, Any]] = []

        async def scan_share(
            device: Device, share: list[tuple[int, str, Decimal]], tag: str
        ) -> None:
            for index, (_, plan_code, _) in enumerate(share):
                verdicts.append(await scan(device, together.id, f"{tag}{index}", plan_code))

        async with trio.open_nursery() as nursery:
            nursery.start_soon(scan_share, left, plan[0::2], "l")
            nursery.start_soon(scan_share, right, plan[1::2], "r")
    kinds = [verdict_of(reply)[0] for reply in verdicts]
    assert len(kinds) == len(plan) and set(kinds) <= COUNTING, kinds
    assert kinds.count("order_complete") == 1
    assert holder(a.store, together.id)[0] == "picked"
    totals = agreed_totals(a.store, together.id)
    for plan_line in together.lines:
        if plan_line.product_id is not None and plan_line.kind == 1:
            assert totals[plan_line.id] == plan_line.base_quantity
    pair.check(order.id, together.id, *(record.id for record in contested))


async def test_both_servers_ride_out_postgresql_stopped_for_30_seconds(
    own_postgres: Cluster, subiekt_db: DemoSummary, tmp_path: Path, nursery: trio.Nursery
) -> None:
    """PostgreSQL stops for 30 s while both servers serve a picker each: both stay up, say
    ``down`` on ``/health``, tell the scanners ``unavailable`` with ``retry_after``, and
    resume by themselves when it is back; the scans resent are counted once."""
    async with started_pair(own_postgres.url, subiekt_db, tmp_path, nursery) as pair:
        await outage(pair, own_postgres)


async def outage(pair: Pair, postgres: Cluster) -> None:
    a, b, examples = pair.a, pair.b, pair.demo.examples
    first, second = pair.order(examples.zk_pack_line), pair.order(examples.zk_carton_line)
    plans = {first.id: scan_plan(first), second.id: scan_plan(second)}
    async with (
        device_at(a, "tc-o1") as anna,
        device_at(b, "tc-o2") as boss,
        httpx.AsyncClient(base_url=a.url) as http_a,
        httpx.AsyncClient(base_url=b.url) as http_b,
    ):
        await anna.login("OP-0001")
        await boss.login("OP-0003", "3333")
        work = {first.id: anna, second.id: boss}
        for order_id, device in work.items():
            assert (await device.request("claim", order_id=order_id))["type"] == "order"
            before = await scan(device, order_id, "before", plans[order_id][0][1])
            assert verdict_of(before)[0] in COUNTING
        pair.check(*work)

        await trio.to_thread.run_sync(postgres.stop)
        stopped_at = trio.current_time()
        while trio.current_time() - stopped_at < 30:
            for order_id, device in work.items():
                refused = await device.request(
                    "scan", order_id=order_id, scan_id="during", code=plans[order_id][1][1],
                    scanned_at=NOW,
                )  # fmt: skip
                assert (refused["code"], refused["retry_after"]) == ("unavailable", 2), refused
                assert (await device.request("ping"))["type"] == "pong"
            for http in (http_a, http_b):
                health = await http.get("/health")  # without a login: only the word
                assert (health.status_code, health.json()) == (503, {"status": "down"})
            await trio.sleep(refused["retry_after"])
        assert not a.running.stopped.is_set() and not b.running.stopped.is_set()

        await trio.to_thread.run_sync(postgres.start)
        for order_id, device in work.items():
            with trio.fail_after(60):
                resent = await scan(device, order_id, "during", plans[order_id][1][1])
            assert verdict_of(resent)[0] in COUNTING  # counted now, and once
            again = await scan(device, order_id, "during", plans[order_id][1][1])
            assert again["verdict"]["kind"] == "duplicate"
            after = await scan(device, order_id, "after", plans[order_id][2][1])
            assert verdict_of(after)[0] in COUNTING
        for http in (http_a, http_b):
            with trio.fail_after(60):
                while (await http.get("/health")).json()["status"] != "ok":  # noqa: ASYNC110
                    await trio.sleep(0.2)
    pair.check(*work)
    with a.store.engine.connect() as connection:
        rows = connection.execute(
            sa.select(scans.c.scan_uid, sa.func.count())
            .where(scans.c.order_id.in_(list(work)))
            .group_by(scans.c.order_id, scans.c.scan_uid)
        ).all()
    assert sorted(rows) == [("after", 1), ("after", 1), ("before", 1), ("before", 1),
                            ("during", 1), ("during", 1)]  # fmt: skip
