"""The orders a dry run of the document rules looks at (``POST /api/rules/try``).

A dry run applies rules to orders without any effect: the newest orders (the last ones
imported from Subiekt) or orders the office chose.  Both read whole orders, as the
pipeline's rules see them (:meth:`kolektor.rules.RuleContext.from_order`), in one read
transaction.

Functions take a :class:`~sqlalchemy.engine.Connection` first; call them through
:meth:`kolektor.store.Store.read`.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from kolektor.store.orders import OrderRecord, get_order
from kolektor.store.tables import orders


def newest_orders(conn: Connection, limit: int) -> list[OrderRecord]:
    """The ``limit`` orders imported last, newest first."""
    ids = conn.execute(sa.select(orders.c.id).order_by(orders.c.id.desc()).limit(limit)).scalars()
    return [order for order in (get_order(conn, order_id) for order_id in list(ids)) if order]


def orders_by_id(conn: Connection, ids: Sequence[int]) -> tuple[list[OrderRecord], list[int]]:
    """The orders ``ids`` in that order, and the ids no order has."""
    found: list[OrderRecord] = []
    missing: list[int] = []
    for order_id in ids:
        order = get_order(conn, order_id)
        if order is None:
            missing.append(order_id)
        else:
            found.append(order)
    return found, missing
