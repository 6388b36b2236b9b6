"""The office panel: indexes for its lists and searches, and the orders' search texts.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-08 09:00:00

Orders (the list, its filters and keyset paging, the search, the order page):

* ``order_search``: each order's searchable fields folded (lower case, no diacritics;
  :mod:`kolektor.store.search_text`), a narrow table of its own so that a search reads a
  few megabytes, not the whole orders table; filled here for the orders already stored;
* ``(priority DESC, issued_at, id)`` and ``(status, priority DESC, issued_at, id)``: the
  list "most urgent first", whole or by status; ``(issued_at, id)`` and ``(status,
  issued_at, id)``: "newest first" (read backwards) and the date filter;
* ``documents (kind, order_id)``: orders by the kind of their final document;
* ``audit_log (target)``: the audit entries about one order (``order:<id>``).

Statistics (``kolektor.store.stats``: what happened in a date range, per operator):

* ``scans (received_at, operator_id, verdict)``: the scans of a range, counted without
  reading the table; ``manual_entries (received_at)``: the typed quantities of a range;
* ``order_events (to_status, at)``: the moves to ``picked``, ``packed``, ``problem`` and
  ``done`` of a range.

Audit log (``kolektor.store.audit_search``: the panel's audit page, filtered by who and what):

* ``audit_log (actor)``: what one person did (``(target)`` above finds the history of one
  operator or setting the same way).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from kolektor.store.search_text import order_search_text

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BATCH = 1000

_orders = sa.table(
    "orders",
    sa.column("id", sa.Integer()),
    sa.column("number", sa.String()),
    sa.column("original_number", sa.String()),
    sa.column("external_id", sa.String()),
    sa.column("customer_name", sa.Text()),
    sa.column("customer_symbol", sa.String()),
    sa.column("nip", sa.String()),
    sa.column("nip_raw", sa.String()),
    sa.column("email", sa.String()),
    sa.column("billing", sa.JSON()),
    sa.column("delivery", sa.JSON()),
)
_order_search = sa.table("order_search", sa.column("order_id", sa.Integer()),
                         sa.column("text", sa.Text()))  # fmt: skip


def _fill_search_texts() -> None:
    """Every stored order's search text, a thousand orders at a time."""
    connection = op.get_bind()
    last = 0
    while True:
        rows = connection.execute(
            sa.select(_orders).where(_orders.c.id > last).order_by(_orders.c.id).limit(BATCH)
        ).mappings().all()  # fmt: skip
        if not rows:
            return
        connection.execute(
            _order_search.insert(),
            [{"order_id": row["id"], "text": order_search_text(row)} for row in rows],
        )
        last = rows[-1]["id"]


def upgrade() -> None:
    # -- orders: the list, its filters and paging, the search (the orders page) -----------
    op.create_table(
        "order_search",
        sa.Column("order_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["order_id"], ["orders.id"],
                                name="fk_order_search_order_id_orders", ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("order_id", name="pk_order_search"),
    )  # fmt: skip
    _fill_search_texts()
    op.create_index(
        "ix_orders_priority_issued_at_id", "orders", [sa.text("priority DESC"), "issued_at", "id"]
    )
    op.create_index(
        "ix_orders_status_priority_issued_at_id", "orders",
        ["status", sa.text("priority DESC"), "issued_at", "id"],
    )  # fmt: skip
    op.create_index("ix_orders_issued_at_id", "orders", ["issued_at", "id"])
    op.create_index("ix_orders_status_issued_at_id", "orders", ["status", "issued_at", "id"])
    op.create_index("ix_documents_kind_order_id", "documents", ["kind", "order_id"])
    op.create_index("ix_audit_log_target", "audit_log", ["target"])
    # -- statistics: scans, typed quantities and status moves in a date range -----------
    op.create_index(
        "ix_scans_received_at_operator_id_verdict", "scans",
        ["received_at", "operator_id", "verdict"],
    )  # fmt: skip
    op.create_index("ix_manual_entries_received_at", "manual_entries", ["received_at"])
    op.create_index("ix_order_events_to_status_at", "order_events", ["to_status", "at"])
    # -- audit log: one person's entries ----------------------------------------------------
    op.create_index("ix_audit_log_actor", "audit_log", ["actor"])


def downgrade() -> None:
    op.drop_index("ix_audit_log_actor", table_name="audit_log")
    op.drop_index("ix_order_events_to_status_at", table_name="order_events")
    op.drop_index("ix_manual_entries_received_at", table_name="manual_entries")
    op.drop_index("ix_scans_received_at_operator_id_verdict", table_name="scans")
    op.drop_index("ix_audit_log_target", table_name="audit_log")
    op.drop_index("ix_documents_kind_order_id", table_name="documents")
    op.drop_index("ix_orders_status_issued_at_id", table_name="orders")
    op.drop_index("ix_orders_issued_at_id", table_name="orders")
    op.drop_index("ix_orders_status_priority_issued_at_id", table_name="orders")
    op.drop_index("ix_orders_priority_issued_at_id", table_name="orders")
    op.drop_table("order_search")
