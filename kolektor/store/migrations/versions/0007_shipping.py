"""Shipping labels: printers, packing stations, shipments and their labels, Allegro accounts.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-07 17:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_NOW = sa.DateTime(timezone=True)
_AMOUNT = sa.Numeric(19, 4)


def _json() -> sa.types.TypeEngine[object]:
    return sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def upgrade() -> None:
    op.create_table(
        "printers",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("address", sa.String(200), nullable=False),
        sa.Column("dpi", sa.Integer(), server_default=sa.text("203"), nullable=False),
        sa.Column("width_mm", _AMOUNT, nullable=False),
        sa.Column("height_mm", _AMOUNT, nullable=False),
        sa.Column("enabled", sa.Boolean(), server_default=sa.true(), nullable=False),
        sa.Column("created_at", _NOW, nullable=False),
        sa.Column("updated_at", _NOW, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_printers"),
        sa.UniqueConstraint("name", name="uq_printers_name"),
    )
    op.create_table(
        "stations",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("label_printer_id", sa.Integer(), nullable=True),
        sa.Column("created_at", _NOW, nullable=False),
        sa.Column("updated_at", _NOW, nullable=False),
        sa.ForeignKeyConstraint(["label_printer_id"], ["printers.id"],
                                name="fk_stations_label_printer_id_printers", ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name="pk_stations"),
        sa.UniqueConstraint("name", name="uq_stations_name"),
    )  # fmt: skip
    op.create_table(
        "device_stations",
        sa.Column("device_id", sa.String(100), nullable=False),
        sa.Column("station_id", sa.Integer(), nullable=False),
        sa.Column("set_by", sa.String(100), nullable=False),
        sa.Column("set_at", _NOW, nullable=False),
        sa.ForeignKeyConstraint(["station_id"], ["stations.id"],
                                name="fk_device_stations_station_id_stations", ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("device_id", name="pk_device_stations"),
    )  # fmt: skip
    op.create_table(
        "shipments",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("order_id", sa.Integer(), nullable=False),
        sa.Column("generation", sa.Integer(), nullable=False),
        sa.Column("attempt", sa.Integer(), server_default=sa.text("1"), nullable=False),
        sa.Column("key", sa.String(36), nullable=False),
        sa.Column("carrier", sa.String(20), nullable=False),
        sa.Column("account", sa.String(100), nullable=True),
        sa.Column("service", sa.String(80), nullable=True),
        sa.Column("reference", sa.String(100), nullable=False),
        sa.Column("carrier_shipment_id", sa.String(100), nullable=True),
        sa.Column("state", sa.String(20), nullable=False),
        sa.Column("carrier_status", sa.String(60), nullable=True),
        sa.Column("tracking_numbers", _json(), nullable=False),
        sa.Column("station_id", sa.Integer(), nullable=True),
        sa.Column("request", _json(), nullable=False),
        sa.Column("response", _json(), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("created_at", _NOW, nullable=False),
        sa.Column("updated_at", _NOW, nullable=False),
        sa.Column("cancelled_at", _NOW, nullable=True),
        sa.ForeignKeyConstraint(["order_id"], ["orders.id"],
                                name="fk_shipments_order_id_orders", ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name="pk_shipments"),
        sa.UniqueConstraint("key", name="uq_shipments_key"),
    )  # fmt: skip
    op.create_index("ix_shipments_order_id_generation", "shipments", ["order_id", "generation"])
    op.create_index("ix_shipments_carrier_created_at", "shipments", ["carrier", "created_at"])
    op.create_table(
        "shipment_labels",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("shipment_id", sa.Integer(), nullable=False),
        sa.Column("package", sa.Integer(), nullable=False),
        sa.Column("format", sa.String(5), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("tracking_number", sa.String(64), nullable=True),
        sa.Column("created_at", _NOW, nullable=False),
        sa.Column("printed_at", _NOW, nullable=True),
        sa.Column("printer", sa.String(100), nullable=True),
        sa.Column("print_count", sa.Integer(), server_default=sa.text("0"), nullable=False),
        sa.ForeignKeyConstraint(["shipment_id"], ["shipments.id"],
                                name="fk_shipment_labels_shipment_id_shipments",
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name="pk_shipment_labels"),
        sa.UniqueConstraint("shipment_id", "package", "format",
                            name="uq_shipment_labels_shipment_id_package_format"),
    )  # fmt: skip
    op.create_table(
        "allegro_accounts",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("environment", sa.String(20), nullable=False),
        sa.Column("seller_id", sa.String(50), nullable=True),
        sa.Column("login", sa.String(100), nullable=True),
        sa.Column("state", sa.String(20), nullable=False),
        sa.Column("access_token", sa.Text(), nullable=True),
        sa.Column("refresh_token", sa.Text(), nullable=True),
        sa.Column("access_expires_at", _NOW, nullable=True),
        sa.Column("refreshed_at", _NOW, nullable=True),
        sa.Column("token_version", sa.Integer(), server_default=sa.text("0"), nullable=False),
        sa.Column("scope", sa.Text(), nullable=True),
        sa.Column("device_code", sa.Text(), nullable=True),
        sa.Column("user_code", sa.String(50), nullable=True),
        sa.Column("verification_uri", sa.String(300), nullable=True),
        sa.Column("device_expires_at", _NOW, nullable=True),
        sa.Column("poll_interval", sa.Integer(), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("created_at", _NOW, nullable=False),
        sa.Column("updated_at", _NOW, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_allegro_accounts"),
    )


def downgrade() -> None:
    op.drop_table("allegro_accounts")
    op.drop_table("shipment_labels")
    op.drop_index("ix_shipments_carrier_created_at", table_name="shipments")
    op.drop_index("ix_shipments_order_id_generation", table_name="shipments")
    op.drop_table("shipments")
    op.drop_table("device_stations")
    op.drop_table("stations")
    op.drop_table("printers")
