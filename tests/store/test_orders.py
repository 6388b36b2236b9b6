"""Orders: import from Subiekt, refresh, change flags, status changes and the timeline."""

from __future__ import annotations

import dataclasses
import threading
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
import sqlalchemy as sa
import trio
from sqlalchemy.engine import Connection

from kolektor.store import (
    IntakeEntry,
    OrderEvent,
    OrderLineRecord,
    OrderNotFoundError,
    OrderRecord,
    OrderStateError,
    OrderStatus,
    OrderSummary,
    Store,
    operators,
    orders,
)
from kolektor.store.tables import orders as orders_table
from kolektor.subiekt.models import Barcode, SubiektOrder
from tests.store.samples import BILLING, COFFEE, DELIVERY, MUG, fingerprint, line, zk

NIP = "5260250995"


def import_sample(store: Store, **changes: object) -> int:
    order = zk(**changes)
    return store.run_sync(orders.import_order, order, fingerprint=fingerprint(order), nip=NIP)


def get(store: Store, order_id: int) -> OrderRecord:
    record = store.read_sync(orders.get_order, order_id)
    assert record is not None
    return record


def assert_recent_utc(value: datetime | None) -> None:
    assert value is not None
    assert value.tzinfo is UTC
    assert abs(datetime.now(UTC) - value) < timedelta(minutes=1)


def expected_lines(record: OrderRecord) -> tuple[OrderLineRecord, ...]:
    """The three sample lines as the store must give them back (ids from ``record``)."""
    ids = [stored.id for stored in record.lines]
    common: dict[str, Any] = {
        "picked_quantity": Decimal(0),
        "requires_batch": False,
        "requires_expiry": False,
        "requires_serial": False,
    }
    return (
        OrderLineRecord(
            id=ids[0],
            position=1,
            subiekt_line_id=9001,
            product_id=11,
            symbol="KUB-01",
            name="Kubek ceramiczny „Gęś” 330 ml",
            kind=1,
            quantity=Decimal("6"),
            unit="szt.",
            base_quantity=Decimal("6"),
            price_net=Decimal("16.25"),
            price_gross=Decimal("19.9875"),
            discount_percent=Decimal(0),
            value_net=Decimal("97.5"),
            value_vat=Decimal("22.425"),
            value_gross=Decimal("119.925"),
            vat_symbol="23",
            vat_rate=Decimal(23),
            barcodes=(
                Barcode(code="5901234123457", quantity=Decimal(1), primary=True),
                Barcode(code="15901234123454", quantity=Decimal(6), primary=False),
            ),
            location="A-01-03",
            **common,
        ),
        OrderLineRecord(
            id=ids[1],
            position=2,
            subiekt_line_id=9002,
            product_id=12,
            symbol="KAW-250",
            name="Kawa ziarnista 250 g",
            kind=1,
            quantity=Decimal("0.75"),
            unit="kg",
            base_quantity=Decimal("0.75"),
            price_net=Decimal("12.3456"),
            price_gross=Decimal("13.3333"),
            discount_percent=Decimal("2.5"),
            value_net=Decimal("9.2592"),
            value_vat=Decimal("0.7408"),
            value_gross=Decimal(10),
            vat_symbol="8",
            vat_rate=Decimal(8),
            barcodes=(Barcode(code="5900000000017", quantity=Decimal("0.25"), primary=True),),
            location=None,
            **common,
        ),
        OrderLineRecord(
            id=ids[2],
            position=3,
            subiekt_line_id=9003,
            product_id=None,
            symbol=None,
            name="Przesyłka kurierska",
            kind=2,
            quantity=Decimal(1),
            unit="usł.",
            base_quantity=Decimal(1),
            price_net=Decimal("16.252"),
            price_gross=Decimal("19.99"),
            discount_percent=Decimal(0),
            value_net=Decimal("16.252"),
            value_vat=Decimal("3.738"),
            value_gross=Decimal("19.99"),
            vat_symbol="23",
            vat_rate=Decimal(23),
            barcodes=(),
            location=None,
            **common,
        ),
    )


# -- import ---------------------------------------------------------------------------------


def test_import_round_trip(store: Store) -> None:
    order_id = import_sample(store)
    record = get(store, order_id)

    assert record == OrderRecord(
        id=order_id,
        subiekt_id=1001,
        number="ZK 18/2026",
        original_number="SKLEP-000123",
        external_id="7e2b6a10-3f4c-11ef-9a6b-0242ac120002",
        status=OrderStatus.NEW,
        status_reason=None,
        status_changed_at=record.imported_at,
        fingerprint=fingerprint(zk()),
        # Subiekt's naive local times, as UTC: winter is UTC+1, summer UTC+2.
        issued_at=datetime(2026, 1, 15, 8, 30, tzinfo=UTC),
        due_at=datetime(2026, 7, 1, 10, 0, tzinfo=UTC),
        warehouse_id=1,
        category_id=3,
        category="Sklep internetowy",
        customer_id=501,
        customer_symbol="ZOLC",
        customer_name="Pracownia Żółć",
        customer_is_person=False,
        nip=NIP,
        nip_raw="526-025-09-95",
        email="biuro@zolc.example.pl",
        phone="+48 600 100 200",
        billing=BILLING,
        delivery=DELIVERY,
        remarks="Proszę o fakturę. Dostawa po 16:00",
        remarks_ext="Uwagi zewnętrzne: zadzwonić przed dostawą",
        title="Zamówienie ze sklepu",
        subtitle=None,
        currency="PLN",
        value_net=Decimal("123.0112"),
        value_gross=Decimal("149.915"),
        payment_form_id=4,
        flag_ids=(2, 5),
        custom_fields={"pw_Pole1": "Allegro", "pw_Pole2": "paczkomat WAW01A"},
        priority=0,
        claimed_by=None,
        claimed_at=None,
        imported_at=record.imported_at,
        updated_at=record.imported_at,
        subiekt_changed_at=None,
        version=1,
        lines=expected_lines(record),
    )
    assert_recent_utc(record.imported_at)


def test_amounts_come_back_exact_with_four_places(store: Store) -> None:
    record = get(store, import_sample(store))
    assert [str(x) for x in (record.value_net, record.value_gross)] == ["123.0112", "149.9150"]
    mug, coffee, _ = record.lines
    assert [str(x) for x in (mug.price_gross, mug.value_vat, coffee.quantity)] == [
        "19.9875",
        "22.4250",
        "0.7500",
    ]
    assert sum(x.value_gross for x in record.lines) == record.value_gross
    assert sum(x.value_net for x in record.lines) == record.value_net


def test_location_override_per_product(store: Store) -> None:
    order = zk()
    order_id = store.run_sync(
        orders.import_order,
        order,
        fingerprint=fingerprint(order),
        nip=None,
        location_by_product={MUG.id: "B-02-01", COFFEE.id: None, 999: "X"},
    )
    record = get(store, order_id)
    assert [x.location for x in record.lines] == ["B-02-01", None, None]
    assert record.nip is None


def test_import_is_idempotent(store: Store) -> None:
    first = import_sample(store)
    # The same ZK again, even with other content, returns the stored order untouched.
    again = import_sample(store, remarks="zmienione")
    assert again == first
    record = get(store, first)
    assert record.remarks == "Proszę o fakturę. Dostawa po 16:00"
    assert [e.event for e in store.read_sync(orders.timeline, first)] == ["imported"]
    assert store.read_sync(orders.count_by_status)["new"] == 1


def test_import_records_an_event(store: Store) -> None:
    order_id = import_sample(store)
    [event] = store.read_sync(orders.timeline, order_id)
    assert event == OrderEvent(
        id=event.id,
        order_id=order_id,
        at=event.at,
        event="imported",
        from_status=None,
        to_status=OrderStatus.NEW,
        reason=None,
        actor="intake",
        details={"number": "ZK 18/2026", "lines": 3, "fingerprint": fingerprint(zk())},
    )
    assert_recent_utc(event.at)


def test_import_validates_nip_and_fingerprint(store: Store) -> None:
    order = zk()
    with pytest.raises(ValueError, match="nip must be 10 digits"):
        store.run_sync(
            orders.import_order, order, fingerprint=fingerprint(order), nip="526-025-09-95"
        )
    with pytest.raises(ValueError, match="fingerprint must be 64"):
        store.run_sync(orders.import_order, order, fingerprint="abc", nip=None)
    assert store.read_sync(orders.intake_index) == {}


def test_intake_index(store: Store) -> None:
    first = import_sample(store)
    second = import_sample(store, id=1002, number="ZK 19/2026")
    store.run_sync(orders.change_status, second, "picking", reason=None, actor="operator:jan")
    assert store.read_sync(orders.intake_index) == {
        1001: IntakeEntry(first, OrderStatus.NEW, fingerprint(zk())),
        1002: IntakeEntry(
            second, OrderStatus.PICKING, fingerprint(zk(id=1002, number="ZK 19/2026"))
        ),
    }


# -- changes in Subiekt ---------------------------------------------------------------------


def changed_zk() -> SubiektOrder:
    original = zk()
    return dataclasses.replace(
        original,
        remarks="Jednak paragon",
        value_gross=Decimal("200.0000"),
        lines=(
            line(quantity=Decimal(12), base_quantity=Decimal(12), value_gross=Decimal("239.85")),
            original.lines[1],
            line(
                id=9004,
                position=3,
                product_id=None,
                symbol=None,
                name="Opakowanie prezentowe",
                kind=2,
                quantity=Decimal(1),
            ),
        ),
    )


def test_refresh_replaces_a_new_order_and_summarizes(store: Store) -> None:
    order_id = import_sample(store)
    new_zk = changed_zk()
    store.run_sync(orders.refresh_order, order_id, new_zk, fingerprint=fingerprint(new_zk), nip=NIP)

    record = get(store, order_id)
    assert record.remarks == "Jednak paragon"
    assert record.value_gross == Decimal(200)
    assert record.fingerprint == fingerprint(new_zk)
    assert record.version == 2
    assert record.status is OrderStatus.NEW
    assert [(x.subiekt_line_id, x.name, x.quantity) for x in record.lines] == [
        (9001, "Kubek ceramiczny „Gęś” 330 ml", Decimal(12)),
        (9002, "Kawa ziarnista 250 g", Decimal("0.75")),
        (9004, "Opakowanie prezentowe", Decimal(1)),
    ]
    assert record.lines[0].barcodes == expected_lines(record)[0].barcodes

    *_, event = store.read_sync(orders.timeline, order_id)
    assert (event.event, event.actor, event.from_status, event.to_status) == (
        "updated_from_subiekt",
        "intake",
        None,
        None,
    )
    assert event.details == {
        "fields": ["remarks", "value_gross"],
        "lines_added": [
            {
                "position": 3,
                "symbol": None,
                "name": "Opakowanie prezentowe",
                "quantity": "1",
            }
        ],
        "lines_removed": [
            {"position": 3, "symbol": None, "name": "Przesyłka kurierska", "quantity": "1"}
        ],
        "lines_changed": [
            {
                "position": 1,
                "symbol": "KUB-01",
                "quantity": {"before": "6", "after": "12"},
                "base_quantity": {"before": "6", "after": "12"},
                "value_gross": {"before": "119.925", "after": "239.85"},
            }
        ],
        "fingerprint_before": fingerprint(zk()),
        "fingerprint_after": fingerprint(new_zk),
    }


def test_refresh_is_refused_once_picking_started(store: Store) -> None:
    order_id = import_sample(store)
    store.run_sync(orders.change_status, order_id, "picking", reason=None, actor="operator:jan")
    before = get(store, order_id)
    new_zk = changed_zk()
    with pytest.raises(OrderStateError) as caught:
        store.run_sync(
            orders.refresh_order, order_id, new_zk, fingerprint=fingerprint(new_zk), nip=NIP
        )
    assert str(caught.value) == (
        f"Order ZK 18/2026 (id {order_id}) is picking; only new orders are refreshed from "
        "Subiekt. Changes to orders in progress are only flagged (note_subiekt_change)."
    )
    assert caught.value.status == "picking"
    assert get(store, order_id) == before


def test_refresh_of_a_missing_order(store: Store) -> None:
    with pytest.raises(OrderNotFoundError, match="Order 404 does not exist"):
        store.run_sync(orders.refresh_order, 404, zk(), fingerprint="0" * 64, nip=None)


def test_note_subiekt_change_flags_an_order_in_progress(store: Store) -> None:
    order_id = import_sample(store)
    store.run_sync(orders.change_status, order_id, "picking", reason=None, actor="operator:jan")
    before = get(store, order_id)
    new_print = "f" * 64

    store.run_sync(orders.note_subiekt_change, order_id, fingerprint=new_print)
    after = get(store, order_id)
    assert_recent_utc(after.subiekt_changed_at)
    assert after == dataclasses.replace(
        before,
        fingerprint=new_print,
        subiekt_changed_at=after.subiekt_changed_at,
        updated_at=after.updated_at,
        version=before.version + 1,
    )
    *_, event = store.read_sync(orders.timeline, order_id)
    assert (event.event, event.details) == (
        "changed_in_subiekt",
        {
            "status": "picking",
            "fingerprint_before": before.fingerprint,
            "fingerprint_after": new_print,
        },
    )

    # The intake sees the same change on its next poll: nothing more is recorded.
    store.run_sync(orders.note_subiekt_change, order_id, fingerprint=new_print)
    assert get(store, order_id) == after
    assert len(store.read_sync(orders.timeline, order_id)) == 3


def test_note_subiekt_change_on_a_new_order_is_refused(store: Store) -> None:
    order_id = import_sample(store)
    with pytest.raises(OrderStateError, match="is new; refresh it"):
        store.run_sync(orders.note_subiekt_change, order_id, fingerprint="e" * 64)


# -- status changes -------------------------------------------------------------------------


def test_change_status_records_who_when_and_why(store: Store) -> None:
    order_id = import_sample(store)
    before = get(store, order_id)
    store.run_sync(
        orders.change_status,
        order_id,
        "picking",
        reason="wzięte na kolektor K-07",
        actor="operator:jan",
        expected_from=["new"],
        expected_version=1,
        details={"device": "K-07"},
    )
    after = get(store, order_id)
    assert after == dataclasses.replace(
        before,
        status=OrderStatus.PICKING,
        status_reason="wzięte na kolektor K-07",
        status_changed_at=after.status_changed_at,
        updated_at=after.updated_at,
        version=2,
    )
    assert after.status_changed_at > before.status_changed_at
    *_, event = store.read_sync(orders.timeline, order_id)
    assert event == OrderEvent(
        id=event.id,
        order_id=order_id,
        at=after.status_changed_at,
        event="status_changed",
        from_status=OrderStatus.NEW,
        to_status=OrderStatus.PICKING,
        reason="wzięte na kolektor K-07",
        actor="operator:jan",
        details={"device": "K-07"},
    )


def test_illegal_transition_is_refused_with_a_clear_message(store: Store) -> None:
    order_id = import_sample(store)
    with pytest.raises(OrderStateError) as caught:
        store.run_sync(orders.change_status, order_id, "done", reason=None, actor="worker:x")
    assert str(caught.value) == (
        f"Order {order_id} cannot move from new to done; allowed from new: gone, held, "
        "picking, problem."
    )
    assert (caught.value.order_id, caught.value.status, caught.value.to_status) == (
        order_id,
        "new",
        "done",
    )
    assert get(store, order_id).version == 1
    assert len(store.read_sync(orders.timeline, order_id)) == 1


def test_final_status_allows_nothing(store: Store) -> None:
    order_id = import_sample(store)
    store.run_sync(orders.change_status, order_id, "gone", reason="usunięte", actor="intake")
    with pytest.raises(OrderStateError, match="allowed from gone: none"):
        store.run_sync(orders.change_status, order_id, "new", reason=None, actor="intake")


def test_expected_from_and_version_and_unknown_status(store: Store) -> None:
    order_id = import_sample(store)
    with pytest.raises(OrderStateError, match="is new, expected label or packed"):
        store.run_sync(
            orders.change_status,
            order_id,
            "gone",
            reason=None,
            actor="worker:label",
            expected_from={"packed", "label"},
        )
    with pytest.raises(OrderStateError, match=r"changed by someone else \(version 1, expected 7\)"):
        store.run_sync(
            orders.change_status,
            order_id,
            "picking",
            reason=None,
            actor="operator:ola",
            expected_version=7,
        )
    with pytest.raises(OrderStateError, match="Unknown order status 'shipped'"):
        store.run_sync(orders.change_status, order_id, "shipped", reason=None, actor="x")
    with pytest.raises(OrderNotFoundError):
        store.run_sync(orders.change_status, 404, "picking", reason=None, actor="x")
    assert get(store, order_id).version == 1


def test_returning_to_new_releases_the_claim(store: Store) -> None:
    order_id = import_sample(store)
    operator_id = store.run_sync(
        operators.create_operator, login="jan", name="Jan", role="picker", pin="1234"
    )
    store.run_sync(orders.change_status, order_id, "picking", reason=None, actor="operator:jan")
    claimed_at = datetime(2026, 1, 15, 10, 0, tzinfo=UTC)
    store.run_sync(
        lambda conn: conn.execute(
            orders_table.update().values(claimed_by=operator_id, claimed_at=claimed_at)
        )
    )
    assert (get(store, order_id).claimed_by, get(store, order_id).claimed_at) == (
        operator_id,
        claimed_at,
    )
    store.run_sync(
        orders.change_status, order_id, "new", reason="zmiana zmiany", actor="operator:jan"
    )
    record = get(store, order_id)
    assert (record.status, record.claimed_by, record.claimed_at) == (OrderStatus.NEW, None, None)


def test_raced_status_change_lets_exactly_one_win(store: Store) -> None:
    """Two connections move the same order out of ``new`` at the same time."""
    order_id = import_sample(store)
    first_changed = threading.Event()
    second_started = threading.Event()
    outcome: dict[str, object] = {}

    def second_waits_on_row_lock(conn: Connection) -> bool:
        if store.dialect != "postgresql":
            return True
        # Wait until the second transaction is blocked behind the first one's row lock.
        for _ in range(1000):
            waiting = conn.exec_driver_sql(
                "SELECT count(*) FROM pg_stat_activity "
                "WHERE wait_event_type = 'Lock' AND datname = current_database()"
            ).scalar()
            conn.rollback()  # pg_stat_activity is a snapshot per transaction
            if waiting:
                return True
            threading.Event().wait(0.01)
        return False

    def first(conn: Connection) -> None:
        orders.change_status(conn, order_id, "picking", reason="K-01", actor="operator:jan")
        first_changed.set()
        assert second_started.wait(10)
        with store.engine.connect() as observer:
            outcome["second_blocked"] = second_waits_on_row_lock(observer)
        # Commit happens when this returns.

    def second() -> None:
        assert first_changed.wait(10)
        second_started.set()
        try:
            store.run_sync(
                orders.change_status, order_id, "picking", reason="K-02", actor="operator:ola"
            )
        except OrderStateError as error:
            outcome["second"] = error
        else:
            outcome["second"] = "succeeded"

    thread = threading.Thread(target=second)
    thread.start()
    store.run_sync(first)
    thread.join(timeout=30)

    assert outcome.get("second_blocked", True) is True
    assert isinstance(outcome["second"], OrderStateError)
    if store.dialect == "postgresql":
        # Both read "new"; the second's conditional UPDATE found the row changed.
        assert "was changed by someone else while moving it from new to picking" in str(
            outcome["second"]
        )
    else:
        # SQLite writers queue (BEGIN IMMEDIATE): the second read the first's result.
        assert "cannot move from picking to picking" in str(outcome["second"])
    record = get(store, order_id)
    assert (record.status, record.status_reason, record.version) == (
        OrderStatus.PICKING,
        "K-01",
        2,
    )
    assert [(e.event, e.actor) for e in store.read_sync(orders.timeline, order_id)] == [
        ("imported", "intake"),
        ("status_changed", "operator:jan"),
    ]


async def test_many_workers_race_for_one_order(store: Store) -> None:
    order_id = await store.run(orders.import_order, zk(), fingerprint=fingerprint(zk()), nip=None)
    results: list[str] = []

    async def claim(worker: int) -> None:
        try:
            await store.run(
                orders.change_status,
                order_id,
                "picking",
                reason=None,
                actor=f"operator:k{worker}",
                expected_from=["new"],
            )
        except OrderStateError:
            results.append("refused")
        else:
            results.append("won")

    async with trio.open_nursery() as nursery:
        for worker in range(8):
            nursery.start_soon(claim, worker)

    assert sorted(results) == ["refused"] * 7 + ["won"]
    record = await store.read(orders.get_order, order_id)
    assert record is not None and record.version == 2
    events = await store.read(orders.timeline, order_id)
    assert [e.event for e in events] == ["imported", "status_changed"]


# -- queries --------------------------------------------------------------------------------


def test_timeline_is_in_the_order_things_happened(store: Store) -> None:
    order_id = import_sample(store)
    path = ["picking", "picked", "packed", "label", "attention", "label", "realize", "done"]
    for status in path:
        store.run_sync(orders.change_status, order_id, status, reason=None, actor="worker:w")
    events = store.read_sync(orders.timeline, order_id)
    assert [(e.from_status, e.to_status) for e in events] == [
        (None, "new"),
        *zip(["new", *path[:-1]], path, strict=True),
    ]
    assert [e.at for e in events] == sorted(e.at for e in events)
    assert store.read_sync(orders.timeline, 404) == []


def test_list_orders_most_urgent_first(store: Store) -> None:
    older = import_sample(store, id=1, number="ZK 1/2026", issued_at=datetime(2026, 1, 1, 8))
    newer = import_sample(store, id=2, number="ZK 2/2026", issued_at=datetime(2026, 1, 2, 8))
    urgent = import_sample(store, id=3, number="ZK 3/2026", issued_at=datetime(2026, 1, 3, 8))
    store.run_sync(
        lambda conn: conn.execute(
            orders_table.update().where(orders_table.c.id == urgent).values(priority=5)
        )
    )
    store.run_sync(orders.change_status, newer, "picking", reason=None, actor="operator:jan")

    all_orders = store.read_sync(orders.list_orders)
    assert [o.id for o in all_orders] == [urgent, older, newer]
    assert all_orders[0] == OrderSummary(
        id=urgent,
        subiekt_id=3,
        number="ZK 3/2026",
        original_number="SKLEP-000123",
        external_id="7e2b6a10-3f4c-11ef-9a6b-0242ac120002",
        status=OrderStatus.NEW,
        status_reason=None,
        status_changed_at=all_orders[0].status_changed_at,
        customer_name="Pracownia Żółć",
        issued_at=datetime(2026, 1, 3, 7, tzinfo=UTC),
        due_at=datetime(2026, 7, 1, 10, tzinfo=UTC),
        currency="PLN",
        value_gross=Decimal("149.915"),
        priority=5,
        claimed_by=None,
        subiekt_changed_at=None,
        line_count=3,
    )
    assert [o.id for o in store.read_sync(orders.list_orders, statuses=["new"])] == [
        urgent,
        older,
    ]
    assert [o.id for o in store.read_sync(orders.list_orders, limit=1, offset=1)] == [older]
    assert store.read_sync(orders.list_orders, statuses=["done"]) == []


def test_count_by_status_lists_every_status(store: Store) -> None:
    assert store.read_sync(orders.count_by_status) == dict.fromkeys(
        [s.value for s in OrderStatus], 0
    )
    first = import_sample(store, id=1)
    import_sample(store, id=2)
    store.run_sync(orders.change_status, first, "problem", reason="brak", actor="operator:jan")
    counts = store.read_sync(orders.count_by_status)
    assert {k: v for k, v in counts.items() if v} == {"new": 1, "problem": 1}
    assert set(counts) == {s.value for s in OrderStatus}


def test_get_missing_order_is_none(store: Store) -> None:
    assert store.read_sync(orders.get_order, 404) is None


def test_deleting_an_order_removes_its_lines_and_events(store: Store) -> None:
    order_id = import_sample(store)

    def delete_and_count(conn: Connection) -> tuple[int, int]:
        conn.execute(orders_table.delete().where(orders_table.c.id == order_id))
        lines = conn.execute(sa.text("SELECT count(*) FROM order_lines")).scalar_one()
        events = conn.execute(sa.text("SELECT count(*) FROM order_events")).scalar_one()
        return lines, events

    assert store.run_sync(delete_and_count) == (0, 0)
