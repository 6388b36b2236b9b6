"""Manual entries: every quantity typed on a handheld, with who typed and who authorized it.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-07 10:30:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "manual_entries",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
                  autoincrement=True, nullable=False),
        sa.Column("order_id", sa.Integer(), nullable=False),
        sa.Column("line_id", sa.Integer(), nullable=True),
        sa.Column("operator_id", sa.Integer(), nullable=False),
        sa.Column("authorized_by", sa.Integer(), nullable=True),
        sa.Column("device_id", sa.String(100), nullable=False),
        sa.Column("entry_uid", sa.String(100), nullable=False),
        sa.Column("verdict", sa.String(30), nullable=False),
        sa.Column("quantity", sa.Numeric(19, 4), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["order_id"], ["orders.id"],
                                name="fk_manual_entries_order_id_orders", ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["line_id"], ["order_lines.id"],
                                name="fk_manual_entries_line_id_order_lines", ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["operator_id"], ["operators.id"],
                                name="fk_manual_entries_operator_id_operators"),
        sa.ForeignKeyConstraint(["authorized_by"], ["operators.id"],
                                name="fk_manual_entries_authorized_by_operators"),
        sa.PrimaryKeyConstraint("id", name="pk_manual_entries"),
        sa.UniqueConstraint("device_id", "entry_uid", name="uq_manual_entries_device_id_entry_uid"),
    )  # fmt: skip
    op.create_index("ix_manual_entries_order_id", "manual_entries", ["order_id"])


def downgrade() -> None:
    op.drop_index("ix_manual_entries_order_id", table_name="manual_entries")
    op.drop_table("manual_entries")
