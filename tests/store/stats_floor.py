"""What the floor records, written at moments a test chooses: orders, status moves, scans
and typed quantities — for the statistics' tests (store and API)."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from kolektor.store import Store, operators, orders
from kolektor.store.tables import manual_entries, order_events, order_lines, packages, scans
from tests.store.samples import fingerprint, zk


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)  # type: ignore[misc]


class Floor:
    """Writes what the floor would have recorded, at the moments the test says.  Uses the
    operators ``anna`` (picker) and ``marek`` (packer), creating them when missing."""

    def __init__(self, store: Store, *, first_zk: int = 1) -> None:
        self.store = store
        self.ids: dict[str, int] = {}
        self.next_zk = first_zk
        for login, name, role in (("anna", "Anna Kowalska", "picker"),
                                  ("marek", "Marek Żółkiewski", "packer")):  # fmt: skip
            self.add_operator(login, name, role)
        self.count = 0

    def add_operator(self, login: str, name: str, role: str) -> int:
        found = self.store.read_sync(operators.get_by_login, login)
        self.ids[login] = (
            found.id if found is not None
            else self.store.run_sync(operators.create_operator, login=login, name=name, role=role)
        )  # fmt: skip
        return self.ids[login]

    def order(self, issued_local: datetime) -> int:
        """A ZK (two goods lines: 6 mugs, 0.75 kg of coffee; and a service) issued at
        ``issued_local``, Polish time."""
        zk_id, self.next_zk = self.next_zk, self.next_zk + 1
        order = zk(id=zk_id, number=f"ZK {zk_id}/2026", issued_at=issued_local)
        return self.store.run_sync(
            orders.import_order, order, fingerprint=fingerprint(order), nip=None
        )

    def move(self, order_id: int, at: datetime, source: str, target: str, actor: str) -> None:
        self.store.run_sync(lambda c: c.execute(order_events.insert().values(
            order_id=order_id, at=at, event="status_changed", from_status=source,
            to_status=target, actor=actor)))  # fmt: skip

    def pack(self, order_id: int, at: datetime, login: str) -> None:
        """``login`` records one parcel and moves the order from ``picked`` to ``packed``."""
        self.store.run_sync(lambda c: c.execute(packages.insert().values(
            order_id=order_id, number=1, weight_kg=Decimal("1.5"), created_at=at,
            created_by=self.ids[login], generation=1)))  # fmt: skip
        self.move(order_id, at, "picked", "packed", f"operator:{login}")

    def picked(self, order_id: int, *quantities: str) -> None:
        """The goods lines' picked quantities, in line order."""

        def write(conn: Connection) -> None:
            goods = conn.execute(
                sa.select(order_lines.c.id).where(order_lines.c.order_id == order_id,
                                                  order_lines.c.kind == 1)
                .order_by(order_lines.c.position)
            ).scalars().all()  # fmt: skip
            for line_id, quantity in zip(goods, quantities, strict=True):
                conn.execute(order_lines.update().where(order_lines.c.id == line_id)
                             .values(picked_quantity=Decimal(quantity)))  # fmt: skip

        self.store.run_sync(write)

    def scan(self, order_id: int, login: str, at: datetime, verdict: str) -> None:
        self.count += 1
        counted = verdict in {"counted", "line_complete", "order_complete"}
        self.store.run_sync(lambda c: c.execute(scans.insert().values(
            order_id=order_id, operator_id=self.ids[login], device_id="tc21-stats",
            scan_uid=f"s{self.count}", raw="5901234123457", verdict=verdict,
            quantity=Decimal(1) if counted else None, scanned_at=at, received_at=at)))  # fmt: skip

    def typed(self, order_id: int, login: str, at: datetime) -> None:
        self.count += 1
        self.store.run_sync(lambda c: c.execute(manual_entries.insert().values(
            order_id=order_id, operator_id=self.ids[login], device_id="tc21-stats",
            entry_uid=f"m{self.count}", verdict="counted", quantity=Decimal(2),
            received_at=at)))  # fmt: skip


def july(store: Store, *, first_zk: int = 1) -> Floor:
    """Four orders on 6–7 July 2026 (Polish summer time, UTC+2):

    * the first (issued 08:00 on the 6th): anna claims it at 08:00 and picks it by 08:12
      (6 mugs and 0.75 kg) with three counted scans, a wrong product, an over-pick and a
      typed quantity; marek packs it at 09:00 (60 minutes after its issue), done at 09:30;
    * the second (issued 23:00 on the 6th): anna claims it at 23:50, scans at 23:55 on the
      6th and an unknown code at 00:10 on the 7th, and finishes at 00:20 on the 7th (30
      minutes); marek packs it at 08:00 on the 7th (540 minutes after its issue);
    * the third (issued 08:00 on the 7th): marek packs it at 09:00 (60 minutes), not done;
    * the fourth: anna claims it at 09:30 on the 7th and reports a shortage at 10:05; the
      office (szef) then moves it to ``picked`` — neither a pick nor a shortage;
    * a counted scan at 00:30 on the 6th (22:30 UTC on the 5th) counts on the 6th; one at
      00:30 on the 9th falls outside a range ending on the 8th.
    """
    f = Floor(store, first_zk=first_zk)
    one = f.order(datetime(2026, 7, 6, 8, 0))
    f.move(one, utc(2026, 7, 6, 6, 0), "new", "picking", "operator:anna")
    for minute in (1, 3, 10):
        f.scan(one, "anna", utc(2026, 7, 6, 6, minute), "counted")
    f.scan(one, "anna", utc(2026, 7, 6, 6, 4), "wrong_product")
    f.scan(one, "anna", utc(2026, 7, 6, 6, 5), "over_pick")
    f.typed(one, "anna", utc(2026, 7, 6, 6, 11))
    f.picked(one, "6", "0.75")
    f.move(one, utc(2026, 7, 6, 6, 12), "picking", "picked", "operator:anna")
    f.pack(one, utc(2026, 7, 6, 7, 0), "marek")
    f.move(one, utc(2026, 7, 6, 7, 30), "allegro", "done", "pipeline")

    two = f.order(datetime(2026, 7, 6, 23, 0))
    f.move(two, utc(2026, 7, 6, 21, 50), "new", "picking", "operator:anna")
    f.scan(two, "anna", utc(2026, 7, 6, 21, 55), "line_complete")
    f.scan(two, "anna", utc(2026, 7, 6, 22, 10), "unknown_code")
    f.picked(two, "6", "0.5")
    f.move(two, utc(2026, 7, 6, 22, 20), "picking", "picked", "operator:anna")
    f.pack(two, utc(2026, 7, 7, 6, 0), "marek")

    three = f.order(datetime(2026, 7, 7, 8, 0))
    f.pack(three, utc(2026, 7, 7, 7, 0), "marek")

    four = f.order(datetime(2026, 7, 7, 8, 0))
    f.move(four, utc(2026, 7, 7, 7, 30), "new", "picking", "operator:anna")
    f.move(four, utc(2026, 7, 7, 8, 5), "picking", "problem", "operator:anna")
    f.move(four, utc(2026, 7, 7, 9, 0), "problem", "picked", "operator:szef")

    f.scan(one, "anna", utc(2026, 7, 5, 22, 30), "counted")
    f.scan(one, "anna", utc(2026, 7, 8, 22, 30), "counted")
    return f
