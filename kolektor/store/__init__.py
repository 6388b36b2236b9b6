"""Kolektor's own store: orders, operators, settings, audit log and the order lifecycle.

SQLAlchemy Core on SQLite (WAL, the embedded default) or PostgreSQL, migrated by Alembic.
Repository functions are plain synchronous functions taking a
:class:`~sqlalchemy.engine.Connection` first; run them from Trio with :meth:`Store.run`
(one transaction each, in a worker thread)::

    from kolektor.store import Store, orders

    store = Store.open(url)
    store.upgrade()
    order = await store.read(orders.get_order, order_id)
"""

from kolektor.store import audit, lifecycle, operators, orders, settings, tables
from kolektor.store.engine import (
    MigrationError,
    Store,
    StoreConfigError,
    StoreError,
    StoreIntegrityError,
    StoreUnavailableError,
    head_revision,
    redact_url,
)
from kolektor.store.lifecycle import OrderStatus, can_transition
from kolektor.store.operators import Operator, OperatorError, Role
from kolektor.store.orders import (
    IntakeEntry,
    OrderEvent,
    OrderLineRecord,
    OrderNotFoundError,
    OrderRecord,
    OrderStateError,
    OrderSummary,
)

__all__ = [
    "IntakeEntry",
    "MigrationError",
    "Operator",
    "OperatorError",
    "OrderEvent",
    "OrderLineRecord",
    "OrderNotFoundError",
    "OrderRecord",
    "OrderStateError",
    "OrderStatus",
    "OrderSummary",
    "Role",
    "Store",
    "StoreConfigError",
    "StoreError",
    "StoreIntegrityError",
    "StoreUnavailableError",
    "audit",
    "can_transition",
    "head_revision",
    "lifecycle",
    "operators",
    "orders",
    "redact_url",
    "settings",
    "tables",
]
