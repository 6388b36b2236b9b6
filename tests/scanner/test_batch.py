"""Group commit: concurrent writes share transactions; a refused write rolls back alone."""

from __future__ import annotations

import sqlalchemy as sa
import trio

from kolektor.scanner.batch import GroupCommit
from kolektor.store.engine import Store
from kolektor.store.tables import audit_log


def add(conn: sa.Connection, action: str) -> None:
    conn.execute(audit_log.insert().values(at=sa.func.now(), actor="test", action=action))
    if action.startswith("bad"):
        raise ValueError(f"refused {action}")


def actions(store: Store) -> list[str]:
    with store.engine.connect() as connection:
        rows = connection.execute(sa.select(audit_log.c.action).order_by(audit_log.c.id))
        return [row.action for row in rows]


async def test_concurrent_writes_share_transactions_and_fail_alone(store: Store) -> None:
    writer = GroupCommit(store)
    outcomes: dict[str, str] = {}

    async def one(action: str) -> None:
        try:
            await writer.write(add, action)
        except ValueError as error:
            outcomes[action] = str(error)
        else:
            outcomes[action] = "ok"

    async with trio.open_nursery() as nursery:
        await nursery.start(writer.run)
        async with trio.open_nursery() as clients:
            for index in range(60):
                clients.start_soon(one, f"bad-{index}" if index % 10 == 3 else f"ok-{index}")
        nursery.cancel_scope.cancel()
    assert outcomes == {
        (name := f"bad-{i}" if i % 10 == 3 else f"ok-{i}"): (
            f"refused {name}" if name.startswith("bad") else "ok"
        )
        for i in range(60)
    }
    assert sorted(actions(store)) == sorted(f"ok-{i}" for i in range(60) if i % 10 != 3)
    assert writer.writes == 60
    assert writer.batches < 60  # some writes really shared a transaction


async def test_without_the_writer_task_each_write_is_its_own_transaction(store: Store) -> None:
    writer = GroupCommit(store)
    await writer.write(add, "alone")
    assert actions(store) == ["alone"]
    assert writer.batches == 0
