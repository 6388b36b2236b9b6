"""Security: hashed badges, login throttling columns, security stamps and sessions.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-07 06:00:00

Badge codes were stored in plain text; they become a keyed HMAC (``badge_hash``) computed
with the instance's badge key, which :meth:`kolektor.store.engine.Store.upgrade` passes in
``config.attributes["badge_key"]``.  A database that holds badge codes cannot be upgraded
without it (``kolektor db upgrade`` and ``kolektor serve`` pass it).
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import context, op

from kolektor.store.engine import MigrationError

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _ts() -> sa.DateTime:
    return sa.DateTime(timezone=True)


def _badge_hash(key: bytes, code: str) -> str:
    # Frozen copy of kolektor.auth.keys.badge_hash at this revision.
    normalized = " ".join(code.split()).upper()
    return hmac.new(key, normalized.encode("utf-8"), hashlib.sha256).hexdigest()


def _badge_hint(code: str) -> str:
    normalized = " ".join(code.split()).upper()
    return "…" + normalized[-4:] if len(normalized) > 4 else normalized


def upgrade() -> None:
    with op.batch_alter_table("operators") as batch:
        batch.add_column(sa.Column("badge_hash", sa.String(64), nullable=True))
        batch.add_column(sa.Column("badge_hint", sa.String(16), nullable=True))
        batch.add_column(
            sa.Column("badge_only", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
        batch.add_column(
            sa.Column("security_stamp", sa.Integer(), server_default=sa.text("1"), nullable=False)
        )
        batch.add_column(
            sa.Column("failed_logins", sa.Integer(), server_default=sa.text("0"), nullable=False)
        )
        batch.add_column(sa.Column("last_failed_at", _ts(), nullable=True))
        batch.add_column(sa.Column("locked_until", _ts(), nullable=True))
        batch.add_column(
            sa.Column("lockouts", sa.Integer(), server_default=sa.text("0"), nullable=False)
        )

    connection = op.get_bind()
    badges = connection.execute(
        sa.text("SELECT id, badge_code FROM operators WHERE badge_code IS NOT NULL")
    ).all()
    if badges:
        key = context.config.attributes.get("badge_key")
        if not isinstance(key, bytes):
            raise MigrationError(
                "This store holds badge codes in plain text; hashing them needs the instance "
                "key. Run `kolektor db upgrade` (or `kolektor serve`) with the configuration."
            )
        for operator_id, code in badges:
            connection.execute(
                sa.text("UPDATE operators SET badge_hash = :h, badge_hint = :hint WHERE id = :id"),
                {"h": _badge_hash(key, code), "hint": _badge_hint(code), "id": operator_id},
            )

    with op.batch_alter_table("operators") as batch:
        batch.drop_constraint("uq_operators_badge_code", type_="unique")
        batch.drop_column("badge_code")
        batch.create_unique_constraint("uq_operators_badge_hash", ["badge_hash"])

    op.create_table(
        "sessions",
        sa.Column("id", sa.String(64), nullable=False),
        sa.Column("operator_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(10), nullable=False),
        sa.Column("device_id", sa.String(64), nullable=True),
        sa.Column("csrf_token", sa.String(64), nullable=True),
        sa.Column("stamp", sa.Integer(), nullable=False),
        sa.Column("created_at", _ts(), nullable=False),
        sa.Column("last_seen_at", _ts(), nullable=False),
        sa.Column("expires_at", _ts(), nullable=False),
        sa.Column("idle_seconds", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(64), nullable=True),
        sa.Column("user_agent", sa.String(200), nullable=True),
        sa.Column("ended_at", _ts(), nullable=True),
        sa.Column("end_reason", sa.String(20), nullable=True),
        sa.ForeignKeyConstraint(
            ["operator_id"],
            ["operators.id"],
            name="fk_sessions_operator_id_operators",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_sessions"),
    )
    op.create_index("ix_sessions_operator_id", "sessions", ["operator_id"])
    op.create_index("ix_sessions_ended_at", "sessions", ["ended_at"])


def downgrade() -> None:
    # A hash cannot be turned back into a badge code: after a downgrade, badges are re-issued.
    op.drop_index("ix_sessions_ended_at", table_name="sessions")
    op.drop_index("ix_sessions_operator_id", table_name="sessions")
    op.drop_table("sessions")
    with op.batch_alter_table("operators") as batch:
        batch.drop_constraint("uq_operators_badge_hash", type_="unique")
        batch.add_column(sa.Column("badge_code", sa.String(128), nullable=True))
        for column in (
            "badge_hash", "badge_hint", "badge_only", "security_stamp", "failed_logins",
            "last_failed_at", "locked_until", "lockouts",
        ):  # fmt: skip
            batch.drop_column(column)
        batch.create_unique_constraint("uq_operators_badge_code", ["badge_code"])
