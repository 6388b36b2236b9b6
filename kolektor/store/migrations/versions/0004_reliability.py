"""Reliability: packing generations, retries by time, step leases, versioned pick states,
documents in the store.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-07 08:00:00

* ``orders.generation`` / ``packages.generation`` / ``jobs.generation``: an order packed,
  sent back (``problem``) and packed again gets new packages and a new job chain; the old
  ones stay, superseded, for the record.
* ``jobs.first_failed_at``: transient failures retry until a deadline counted from the first
  failure; ``jobs.started_at``: when the running lease began (the step's time limit).
* ``pick_states.version``: every write compares and sets it, so two instances never
  overwrite each other's counted scans.
* ``documents``: the final documents' files, readable by every instance.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _ts() -> sa.DateTime:
    return sa.DateTime(timezone=True)


def _generation() -> sa.Column[int]:
    return sa.Column("generation", sa.Integer(), server_default=sa.text("1"), nullable=False)


def upgrade() -> None:
    with op.batch_alter_table("orders") as batch:
        batch.add_column(_generation())
    with op.batch_alter_table("packages") as batch:
        batch.add_column(_generation())
        batch.drop_constraint("uq_packages_order_id_number", type_="unique")
        batch.create_unique_constraint(
            "uq_packages_order_id_generation_number", ["order_id", "generation", "number"]
        )
    with op.batch_alter_table("jobs") as batch:
        batch.add_column(_generation())
        batch.add_column(sa.Column("first_failed_at", _ts(), nullable=True))
        batch.add_column(sa.Column("started_at", _ts(), nullable=True))
        batch.drop_constraint("uq_jobs_order_id_step", type_="unique")
        batch.create_unique_constraint(
            "uq_jobs_order_id_generation_step", ["order_id", "generation", "step"]
        )
    with op.batch_alter_table("pick_states") as batch:
        batch.add_column(
            sa.Column("version", sa.Integer(), server_default=sa.text("0"), nullable=False)
        )
    op.create_table(
        "documents",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
                  autoincrement=True, nullable=False),
        sa.Column("order_id", sa.Integer(), nullable=False),
        sa.Column("generation", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(10), nullable=False),
        sa.Column("number", sa.String(60), nullable=False),
        sa.Column("filename", sa.String(120), nullable=False),
        sa.Column("media_type", sa.String(60), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("created_at", _ts(), nullable=False),
        sa.ForeignKeyConstraint(
            ["order_id"], ["orders.id"], name="fk_documents_order_id_orders", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_documents"),
        sa.UniqueConstraint("order_id", "generation", name="uq_documents_order_id_generation"),
    )  # fmt: skip


def downgrade() -> None:
    op.drop_table("documents")
    with op.batch_alter_table("pick_states") as batch:
        batch.drop_column("version")
    with op.batch_alter_table("jobs") as batch:
        batch.drop_constraint("uq_jobs_order_id_generation_step", type_="unique")
        batch.create_unique_constraint("uq_jobs_order_id_step", ["order_id", "step"])
        for column in ("started_at", "first_failed_at", "generation"):
            batch.drop_column(column)
    with op.batch_alter_table("packages") as batch:
        batch.drop_constraint("uq_packages_order_id_generation_number", type_="unique")
        batch.create_unique_constraint("uq_packages_order_id_number", ["order_id", "number"])
        batch.drop_column("generation")
    with op.batch_alter_table("orders") as batch:
        batch.drop_column("generation")
