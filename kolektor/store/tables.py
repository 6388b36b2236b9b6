"""The schema of Kolektor's own store, as SQLAlchemy Core tables.

One :data:`metadata` holds every table; its naming convention gives every index and
constraint a stable name so that Alembic migrations (``kolektor/store/migrations``) can
refer to them on SQLite and PostgreSQL alike.  The initial migration creates exactly these
tables; a test compares the migrated database with this module, so a change here needs a
new migration.

Column types that need care on both backends:

* :class:`UtcDateTime` — every timestamp is a timezone-aware UTC :class:`~datetime.datetime`
  in Python.  PostgreSQL stores ``timestamptz``; SQLite has no time zones, so the value is
  stored as UTC text and made aware again when read.  Naive datetimes are refused.
* :class:`Amount` — money and quantities are :class:`~decimal.Decimal` with four decimal
  places (Subiekt's ``money``).  PostgreSQL stores ``numeric(19,4)`` exactly; SQLite stores
  a double, which is exact for up to 15 significant digits, so values are limited to
  ``|x| < 10¹¹`` with at most four decimal places on every backend (more is an error, never
  silent rounding).
* :data:`Json` — ``jsonb`` on PostgreSQL, JSON text on SQLite.
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeEngine

NAMING_CONVENTION: dict[str, str] = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

metadata = sa.MetaData(naming_convention=NAMING_CONVENTION)


def utcnow() -> datetime:
    """The current time as an aware UTC datetime (what every timestamp column holds)."""
    return datetime.now(UTC)


class UtcDateTime(sa.types.TypeDecorator[datetime]):
    """A timezone-aware UTC timestamp on every backend.

    Binding a naive datetime raises :class:`ValueError`: the store cannot guess its zone.
    Aware values in any zone are converted to UTC; values read back are always aware UTC.
    """

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if not isinstance(value, datetime):
            raise TypeError(f"expected a datetime, got {type(value).__name__}: {value!r}")
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError(
                f"naive datetime {value.isoformat()} cannot be stored: "
                "the store keeps timezone-aware UTC timestamps (use datetime.now(UTC))"
            )
        value = value.astimezone(UTC)
        if dialect.name == "sqlite":
            # SQLite's DATETIME is text without a zone; store the UTC wall time.
            return value.replace(tzinfo=None)
        return value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


AMOUNT_QUANTUM = Decimal("0.0001")
AMOUNT_LIMIT = Decimal(10) ** 11


class Amount(sa.types.TypeDecorator[Decimal]):
    """Money or a quantity: a :class:`~decimal.Decimal` with four decimal places.

    Stored as ``numeric(19,4)``.  Values with more than four decimal places or with
    ``|x| >= 10¹¹`` raise :class:`ValueError` instead of being rounded (SQLite keeps
    NUMERIC as a double, exact only up to 15 significant digits).  Read back as
    ``Decimal`` with exactly four decimal places on both backends.
    """

    impl = sa.Numeric(19, 4)
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        if dialect.name == "sqlite":
            # Let the value come back as the raw float; process_result_value converts it.
            return dialect.type_descriptor(sa.Numeric(19, 4, asdecimal=False))
        return dialect.type_descriptor(sa.Numeric(19, 4))

    def process_bind_param(self, value: Decimal | int | None, dialect: Dialect) -> Any:
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, Decimal | int):
            raise TypeError(f"amounts are Decimal (or int), got {type(value).__name__}: {value!r}")
        amount = Decimal(value)
        if not amount.is_finite():
            raise ValueError(f"amount {amount} is not a finite number")
        quantized = amount.quantize(AMOUNT_QUANTUM)
        if quantized != amount:
            raise ValueError(f"amount {amount} has more than four decimal places")
        if abs(quantized) >= AMOUNT_LIMIT:
            raise ValueError(f"amount {amount} is out of range (|x| must be below 10^11)")
        if dialect.name == "sqlite":
            return float(quantized)
        return quantized

    def process_result_value(self, value: Any, dialect: Dialect) -> Decimal | None:
        if value is None:
            return None
        if isinstance(value, float):
            return Decimal(f"{value:.4f}")
        return Decimal(value).quantize(AMOUNT_QUANTUM)


Json: TypeEngine[Any] = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
"""JSON document column: ``jsonb`` on PostgreSQL, JSON text on SQLite."""

BigId: TypeEngine[int] = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
"""Primary key of append-heavy tables: ``bigint`` on PostgreSQL, SQLite's rowid alias."""


def _created() -> sa.Column[datetime]:
    return sa.Column("created_at", UtcDateTime(), nullable=False, default=utcnow)


operators = sa.Table(
    "operators",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("login", sa.String(64), nullable=False, unique=True),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("role", sa.String(20), nullable=False),
    sa.Column("badge_hash", sa.String(64), nullable=True, unique=True),
    sa.Column("badge_hint", sa.String(16), nullable=True),
    sa.Column("badge_only", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("pin_hash", sa.String(255), nullable=True),
    sa.Column("password_hash", sa.String(255), nullable=True),
    sa.Column("active", sa.Boolean, nullable=False, server_default=sa.true()),
    sa.Column("security_stamp", sa.Integer, nullable=False, server_default=sa.text("1")),
    sa.Column("failed_logins", sa.Integer, nullable=False, server_default=sa.text("0")),
    sa.Column("last_failed_at", UtcDateTime(), nullable=True),
    sa.Column("locked_until", UtcDateTime(), nullable=True),
    sa.Column("lockouts", sa.Integer, nullable=False, server_default=sa.text("0")),
    _created(),
    sa.Column("last_login_at", UtcDateTime(), nullable=True),
)
"""People who log in: warehouse staff on scanners (badge + PIN, or login + PIN) and office
staff (login + password).  Secrets are stored only as hashes: argon2id for PINs and
passwords, a keyed HMAC-SHA-256 of the normalized badge code (``badge_hash``, looked up by
equality) with its last characters kept as ``badge_hint`` to recognise the card.
``security_stamp`` changes whenever the operator's access changes (role, secrets, badge,
deactivation), which ends every session made under the old stamp.  ``failed_logins``,
``last_failed_at``, ``locked_until`` and ``lockouts`` drive the login throttling
(``kolektor.auth.throttle``)."""

sessions = sa.Table(
    "sessions",
    metadata,
    sa.Column("id", sa.String(64), primary_key=True),
    sa.Column(
        "operator_id",
        sa.Integer,
        sa.ForeignKey("operators.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    sa.Column("kind", sa.String(10), nullable=False),
    sa.Column("device_id", sa.String(64), nullable=True),
    sa.Column("csrf_token", sa.String(64), nullable=True),
    sa.Column("stamp", sa.Integer, nullable=False),
    sa.Column("created_at", UtcDateTime(), nullable=False),
    sa.Column("last_seen_at", UtcDateTime(), nullable=False),
    sa.Column("expires_at", UtcDateTime(), nullable=False),
    sa.Column("idle_seconds", sa.Integer, nullable=False),
    sa.Column("source", sa.String(64), nullable=True),
    sa.Column("user_agent", sa.String(200), nullable=True),
    sa.Column("ended_at", UtcDateTime(), nullable=True, index=True),
    sa.Column("end_reason", sa.String(20), nullable=True),
)
"""Logged-in people (``office``: a browser's cookie) and devices (``device``: a scanner).
``id`` is the SHA-256 of the secret token the client holds, so the table alone cannot be
used to log in.  A session is live while it has not ended, ``expires_at`` (absolute) and
``last_seen_at + idle_seconds`` are in the future, and ``stamp`` equals the operator's
``security_stamp``."""

orders = sa.Table(
    "orders",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("subiekt_id", sa.Integer, nullable=False, unique=True),
    sa.Column("number", sa.String(50), nullable=False),
    sa.Column("original_number", sa.String(100), nullable=True),
    sa.Column("external_id", sa.String(100), nullable=True, index=True),
    sa.Column("status", sa.String(20), nullable=False, index=True),
    sa.Column("status_reason", sa.Text, nullable=True),
    sa.Column("status_changed_at", UtcDateTime(), nullable=False),
    sa.Column("fingerprint", sa.String(64), nullable=False),
    sa.Column("issued_at", UtcDateTime(), nullable=False),
    sa.Column("due_at", UtcDateTime(), nullable=True),
    sa.Column("warehouse_id", sa.Integer, nullable=True),
    sa.Column("category_id", sa.Integer, nullable=True),
    sa.Column("category", sa.String(100), nullable=True),
    sa.Column("customer_id", sa.Integer, nullable=True),
    sa.Column("customer_symbol", sa.String(50), nullable=True),
    sa.Column("customer_name", sa.Text, nullable=True),
    sa.Column("customer_is_person", sa.Boolean, nullable=True),
    sa.Column("nip", sa.String(10), nullable=True),
    sa.Column("nip_raw", sa.String(50), nullable=True),
    sa.Column("email", sa.String(255), nullable=True),
    sa.Column("phone", sa.String(100), nullable=True),
    sa.Column("billing", Json, nullable=True),
    sa.Column("delivery", Json, nullable=True),
    sa.Column("remarks", sa.Text, nullable=False),
    sa.Column("remarks_ext", sa.Text, nullable=False),
    sa.Column("title", sa.Text, nullable=True),
    sa.Column("subtitle", sa.Text, nullable=True),
    sa.Column("currency", sa.String(3), nullable=False),
    sa.Column("value_net", Amount(), nullable=False),
    sa.Column("value_gross", Amount(), nullable=False),
    sa.Column("payment_form_id", sa.Integer, nullable=True),
    sa.Column("flag_ids", Json, nullable=False),
    sa.Column("custom_fields", Json, nullable=False),
    sa.Column("priority", sa.Integer, nullable=False, server_default=sa.text("0")),
    sa.Column("claimed_by", sa.Integer, sa.ForeignKey("operators.id"), nullable=True, index=True),
    sa.Column("claimed_at", UtcDateTime(), nullable=True),
    sa.Column("imported_at", UtcDateTime(), nullable=False),
    sa.Column("updated_at", UtcDateTime(), nullable=False),
    sa.Column("subiekt_changed_at", UtcDateTime(), nullable=True),
    sa.Column("version", sa.Integer, nullable=False, server_default=sa.text("1")),
    sa.Column("generation", sa.Integer, nullable=False, server_default=sa.text("1")),
)
"""One row per ZK imported from Subiekt; ``status`` follows :mod:`kolektor.store.lifecycle`."""

# -- orders panel (issue 12): the list most urgent or newest first, whole or by status, with
# keyset paging (kolektor.store.order_search); migration 0006.
sa.Index(None, sa.desc(orders.c.priority), orders.c.issued_at, orders.c.id)
sa.Index(None, orders.c.status, sa.desc(orders.c.priority), orders.c.issued_at, orders.c.id)
sa.Index(None, orders.c.issued_at, orders.c.id)
sa.Index(None, orders.c.status, orders.c.issued_at, orders.c.id)

order_search = sa.Table(
    "order_search",
    metadata,
    sa.Column(
        "order_id",
        sa.Integer,
        sa.ForeignKey("orders.id", ondelete="CASCADE"),
        primary_key=True,
        autoincrement=False,
    ),
    sa.Column("text", sa.Text, nullable=False),
)
"""What the office's search looks in, one row per order: its searchable fields folded
(:mod:`kolektor.store.search_text`), written with the order's header.  A table of its own,
narrow, so that a search for a word inside the texts reads a few megabytes, not the orders."""

order_lines = sa.Table(
    "order_lines",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column(
        "order_id", sa.Integer, sa.ForeignKey("orders.id", ondelete="CASCADE"), nullable=False
    ),
    sa.Column("position", sa.Integer, nullable=False),
    sa.Column("subiekt_line_id", sa.Integer, nullable=False),
    sa.Column("product_id", sa.Integer, nullable=True),
    sa.Column("symbol", sa.String(50), nullable=True),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("kind", sa.Integer, nullable=False),
    sa.Column("quantity", Amount(), nullable=False),
    sa.Column("unit", sa.String(20), nullable=False),
    sa.Column("base_quantity", Amount(), nullable=False),
    sa.Column("price_net", Amount(), nullable=False),
    sa.Column("price_gross", Amount(), nullable=False),
    sa.Column("discount_percent", Amount(), nullable=False),
    sa.Column("value_net", Amount(), nullable=False),
    sa.Column("value_vat", Amount(), nullable=False),
    sa.Column("value_gross", Amount(), nullable=False),
    sa.Column("vat_symbol", sa.String(10), nullable=True),
    sa.Column("vat_rate", Amount(), nullable=False),
    sa.Column("barcodes", Json, nullable=False),
    sa.Column("location", sa.String(100), nullable=True),
    sa.Column("picked_quantity", Amount(), nullable=False, server_default=sa.text("0")),
    sa.Column("requires_batch", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("requires_expiry", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("requires_serial", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.UniqueConstraint("order_id", "position"),
)
"""The ZK's lines with what the picker needs: barcodes (with pack quantities) and location."""

scans = sa.Table(
    "scans",
    metadata,
    sa.Column("id", BigId, primary_key=True, autoincrement=True),
    sa.Column(
        "order_id",
        sa.Integer,
        sa.ForeignKey("orders.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    sa.Column(
        "line_id", sa.Integer, sa.ForeignKey("order_lines.id", ondelete="SET NULL"), nullable=True
    ),
    sa.Column("operator_id", sa.Integer, sa.ForeignKey("operators.id"), nullable=False),
    sa.Column("device_id", sa.String(100), nullable=False),
    sa.Column("scan_uid", sa.String(100), nullable=False),
    sa.Column("raw", sa.Text, nullable=False),
    sa.Column("interpretation", Json, nullable=True),
    sa.Column("verdict", sa.String(30), nullable=False),
    sa.Column("quantity", Amount(), nullable=True),
    sa.Column("scanned_at", UtcDateTime(), nullable=False),
    sa.Column("received_at", UtcDateTime(), nullable=False),
    sa.UniqueConstraint("device_id", "scan_uid"),
)
"""Every scan a handheld sent; ``(device_id, scan_uid)`` makes re-sent scans idempotent."""

# -- statistics (issue 12): the scans of a date range, per operator and verdict, read from
# the index alone (kolektor.store.stats); migration 0006.
sa.Index(None, scans.c.received_at, scans.c.operator_id, scans.c.verdict)

manual_entries = sa.Table(
    "manual_entries",
    metadata,
    sa.Column("id", BigId, primary_key=True, autoincrement=True),
    sa.Column(
        "order_id",
        sa.Integer,
        sa.ForeignKey("orders.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    sa.Column(
        "line_id", sa.Integer, sa.ForeignKey("order_lines.id", ondelete="SET NULL"), nullable=True
    ),
    sa.Column("operator_id", sa.Integer, sa.ForeignKey("operators.id"), nullable=False),
    sa.Column("authorized_by", sa.Integer, sa.ForeignKey("operators.id"), nullable=True),
    sa.Column("device_id", sa.String(100), nullable=False),
    sa.Column("entry_uid", sa.String(100), nullable=False),
    sa.Column("verdict", sa.String(30), nullable=False),
    sa.Column("quantity", Amount(), nullable=False),
    sa.Column("received_at", UtcDateTime(), nullable=False),
    sa.UniqueConstraint("device_id", "entry_uid"),
)
"""Every quantity typed on a handheld (``manual``): who typed it, who authorized it (a
supervisor's badge and PIN, when the typist's role needed it), the quantity typed and the
verdict; ``(device_id, entry_uid)`` makes re-sent entries idempotent."""

# -- statistics (issue 12): the typed quantities of a date range; migration 0006.
sa.Index(None, manual_entries.c.received_at)

packages = sa.Table(
    "packages",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column(
        "order_id", sa.Integer, sa.ForeignKey("orders.id", ondelete="CASCADE"), nullable=False
    ),
    sa.Column("number", sa.Integer, nullable=False),
    sa.Column("weight_kg", Amount(), nullable=True),
    sa.Column("length_cm", Amount(), nullable=True),
    sa.Column("width_cm", Amount(), nullable=True),
    sa.Column("height_cm", Amount(), nullable=True),
    sa.Column("template", sa.String(1), nullable=True),
    _created(),
    sa.Column("created_by", sa.Integer, sa.ForeignKey("operators.id"), nullable=True),
    sa.Column("generation", sa.Integer, nullable=False, server_default=sa.text("1")),
    sa.UniqueConstraint("order_id", "generation", "number"),
)
"""Parcels recorded at packing (count, weight, size; template A/B/C for locker sizes)."""

jobs = sa.Table(
    "jobs",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column(
        "order_id", sa.Integer, sa.ForeignKey("orders.id", ondelete="CASCADE"), nullable=False
    ),
    sa.Column("step", sa.String(20), nullable=False),
    sa.Column("status", sa.String(20), nullable=False, server_default=sa.text("'pending'")),
    sa.Column("attempts", sa.Integer, nullable=False, server_default=sa.text("0")),
    sa.Column("next_run_at", UtcDateTime(), nullable=False),
    sa.Column("locked_by", sa.String(100), nullable=True),
    sa.Column("locked_until", UtcDateTime(), nullable=True),
    sa.Column("last_error", sa.Text, nullable=True),
    sa.Column("result", Json, nullable=True),
    _created(),
    sa.Column("updated_at", UtcDateTime(), nullable=False, default=utcnow),
    sa.Column("generation", sa.Integer, nullable=False, server_default=sa.text("1")),
    sa.Column("first_failed_at", UtcDateTime(), nullable=True),
    sa.Column("started_at", UtcDateTime(), nullable=True),
    sa.UniqueConstraint("order_id", "generation", "step"),
    sa.Index(None, "status", "next_run_at"),
)
"""The finalization pipeline: one row per order and step (pending/running/done/failed/skipped)."""

order_events = sa.Table(
    "order_events",
    metadata,
    sa.Column("id", BigId, primary_key=True, autoincrement=True),
    sa.Column(
        "order_id",
        sa.Integer,
        sa.ForeignKey("orders.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    sa.Column("at", UtcDateTime(), nullable=False),
    sa.Column("event", sa.String(50), nullable=False),
    sa.Column("from_status", sa.String(20), nullable=True),
    sa.Column("to_status", sa.String(20), nullable=True),
    sa.Column("reason", sa.Text, nullable=True),
    sa.Column("actor", sa.String(100), nullable=False),
    sa.Column("details", Json, nullable=True),
)
"""The order's timeline: who did what, when and why."""

# -- statistics (issue 12): the moves to picked/packed/problem/done of a date range;
# migration 0006.
sa.Index(None, order_events.c.to_status, order_events.c.at)

pick_states = sa.Table(
    "pick_states",
    metadata,
    sa.Column(
        "order_id",
        sa.Integer,
        sa.ForeignKey("orders.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column("state", sa.LargeBinary, nullable=False),
    sa.Column("scans", sa.Integer, nullable=False, server_default=sa.text("0")),
    sa.Column("updated_at", UtcDateTime(), nullable=False),
    sa.Column("version", sa.Integer, nullable=False, server_default=sa.text("0")),
)
"""The pick engine's serialized state of each order being picked (``kolektor._core``
``PickSession.to_bytes``), written in the same transaction as the scan that changed it."""

documents = sa.Table(
    "documents",
    metadata,
    sa.Column("id", BigId, primary_key=True, autoincrement=True),
    sa.Column(
        "order_id", sa.Integer, sa.ForeignKey("orders.id", ondelete="CASCADE"), nullable=False
    ),
    sa.Column("generation", sa.Integer, nullable=False),
    sa.Column("kind", sa.String(10), nullable=False),
    sa.Column("number", sa.String(60), nullable=False),
    sa.Column("filename", sa.String(120), nullable=False),
    sa.Column("media_type", sa.String(60), nullable=False),
    sa.Column("content", sa.LargeBinary, nullable=False),
    sa.Column("sha256", sa.String(64), nullable=False),
    sa.Column("size", sa.Integer, nullable=False),
    _created(),
    sa.UniqueConstraint("order_id", "generation"),
)
"""The final documents' files (the PDF the customer gets), kept in the store so every
instance — the Linux server and the Windows worker — can read what another wrote."""

# -- orders panel (issue 12): orders by the kind of their final document; migration 0006.
sa.Index(None, documents.c.kind, documents.c.order_id)

settings = sa.Table(
    "settings",
    metadata,
    sa.Column("key", sa.String(100), primary_key=True),
    sa.Column("value", Json, nullable=False),
    sa.Column("updated_at", UtcDateTime(), nullable=False),
    sa.Column("updated_by", sa.String(100), nullable=False),
)
"""Configuration edited in the panel (everything not needed to start the server)."""

audit_log = sa.Table(
    "audit_log",
    metadata,
    sa.Column("id", BigId, primary_key=True, autoincrement=True),
    sa.Column("at", UtcDateTime(), nullable=False, index=True),
    sa.Column("actor", sa.String(100), nullable=False),
    sa.Column("action", sa.String(100), nullable=False),
    sa.Column("target", sa.String(200), nullable=True),
    sa.Column("details", Json, nullable=True),
)
"""Security-relevant changes: settings, operators, manual interventions."""

# -- orders panel (issue 12): the audit entries about one order (order:<id>); migration 0006.
sa.Index(None, audit_log.c.target)
# -- audit log page (issue 12): one person's entries (kolektor.store.audit_search); 0006.
sa.Index(None, audit_log.c.actor)


# -- shipping labels (issue 13); migration 0007. ---------------------------------------------

printers = sa.Table(
    "printers",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("name", sa.String(100), nullable=False, unique=True),
    sa.Column("kind", sa.String(20), nullable=False),
    sa.Column("address", sa.String(200), nullable=False),
    sa.Column("dpi", sa.Integer, nullable=False, server_default=sa.text("203")),
    sa.Column("width_mm", Amount(), nullable=False),
    sa.Column("height_mm", Amount(), nullable=False),
    sa.Column("enabled", sa.Boolean, nullable=False, server_default=sa.true()),
    _created(),
    sa.Column("updated_at", UtcDateTime(), nullable=False),
)
"""Label printers: ``kind`` ``zebra`` (raw TCP, ``address`` = ``host:port``, checked with
``~HS`` before each label) or ``cups`` (a raw CUPS queue, ``address`` = the queue's name);
the label's size and the head's resolution."""

stations = sa.Table(
    "stations",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("name", sa.String(100), nullable=False, unique=True),
    sa.Column(
        "label_printer_id",
        sa.Integer,
        sa.ForeignKey("printers.id", ondelete="SET NULL"),
        nullable=True,
    ),
    _created(),
    sa.Column("updated_at", UtcDateTime(), nullable=False),
)
"""Packing stations (a table with its printer); a handheld packs at the station it is set to."""

device_stations = sa.Table(
    "device_stations",
    metadata,
    sa.Column("device_id", sa.String(100), primary_key=True),
    sa.Column(
        "station_id", sa.Integer, sa.ForeignKey("stations.id", ondelete="CASCADE"), nullable=False
    ),
    sa.Column("set_by", sa.String(100), nullable=False),
    sa.Column("set_at", UtcDateTime(), nullable=False),
)
"""Which station each handheld packs at (set on the device or by the office)."""

shipments = sa.Table(
    "shipments",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column(
        "order_id", sa.Integer, sa.ForeignKey("orders.id", ondelete="CASCADE"), nullable=False
    ),
    sa.Column("generation", sa.Integer, nullable=False),
    sa.Column("attempt", sa.Integer, nullable=False, server_default=sa.text("1")),
    sa.Column("key", sa.String(36), nullable=False, unique=True),
    sa.Column("carrier", sa.String(20), nullable=False),
    sa.Column("account", sa.String(100), nullable=True),
    sa.Column("service", sa.String(80), nullable=True),
    sa.Column("reference", sa.String(100), nullable=False),
    sa.Column("carrier_shipment_id", sa.String(100), nullable=True),
    sa.Column("state", sa.String(20), nullable=False),
    sa.Column("carrier_status", sa.String(60), nullable=True),
    sa.Column("tracking_numbers", Json, nullable=False),
    sa.Column("station_id", sa.Integer, nullable=True),
    sa.Column("request", Json, nullable=False),
    sa.Column("response", Json, nullable=True),
    sa.Column("error", sa.Text, nullable=True),
    _created(),
    sa.Column("updated_at", UtcDateTime(), nullable=False),
    sa.Column("cancelled_at", UtcDateTime(), nullable=True),
)
"""One courier shipment per order and packing generation (a new ``attempt`` only after the
first was cancelled).  The row is written *before* the carrier is asked (``state``
``creating``), so a crash between the purchase and its record is found again by ``key``
(``kolektor.shipping.carrier``); ``request``/``response`` keep what was sent and answered
(secrets never) for support."""
sa.Index(None, shipments.c.order_id, shipments.c.generation)
sa.Index(None, shipments.c.carrier, shipments.c.created_at)

shipment_labels = sa.Table(
    "shipment_labels",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column(
        "shipment_id",
        sa.Integer,
        sa.ForeignKey("shipments.id", ondelete="CASCADE"),
        nullable=False,
    ),
    sa.Column("package", sa.Integer, nullable=False),
    sa.Column("format", sa.String(5), nullable=False),
    sa.Column("content", sa.LargeBinary, nullable=False),
    sa.Column("sha256", sa.String(64), nullable=False),
    sa.Column("tracking_number", sa.String(64), nullable=True),
    _created(),
    sa.Column("printed_at", UtcDateTime(), nullable=True),
    sa.Column("printer", sa.String(100), nullable=True),
    sa.Column("print_count", sa.Integer, nullable=False, server_default=sa.text("0")),
    sa.UniqueConstraint("shipment_id", "package", "format"),
)
"""Each parcel's label as the carrier gave it (ZPL to print; a PDF kept beside it for the
preview where the carrier's ZPL has native text), and when and where it was printed."""

allegro_accounts = sa.Table(
    "allegro_accounts",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("name", sa.String(100), nullable=False),
    sa.Column("environment", sa.String(20), nullable=False),
    sa.Column("seller_id", sa.String(50), nullable=True),
    sa.Column("login", sa.String(100), nullable=True),
    sa.Column("state", sa.String(20), nullable=False),
    sa.Column("access_token", sa.Text, nullable=True),
    sa.Column("refresh_token", sa.Text, nullable=True),
    sa.Column("access_expires_at", UtcDateTime(), nullable=True),
    sa.Column("refreshed_at", UtcDateTime(), nullable=True),
    sa.Column("token_version", sa.Integer, nullable=False, server_default=sa.text("0")),
    sa.Column("scope", sa.Text, nullable=True),
    sa.Column("device_code", sa.Text, nullable=True),
    sa.Column("user_code", sa.String(50), nullable=True),
    sa.Column("verification_uri", sa.String(300), nullable=True),
    sa.Column("device_expires_at", UtcDateTime(), nullable=True),
    sa.Column("poll_interval", sa.Integer, nullable=True),
    sa.Column("last_error", sa.Text, nullable=True),
    _created(),
    sa.Column("updated_at", UtcDateTime(), nullable=False),
)
"""Connected Allegro seller accounts.  Tokens and the device code are sealed
(:mod:`kolektor.auth.sealed`, purpose ``allegro-token``, associated ``allegro_accounts:<id>``);
``token_version`` grows with every refresh, so two processes never both use one
single-use refresh token (the second one's UPDATE … WHERE token_version = n finds nothing)."""


def inserted_id(result: sa.CursorResult[Any]) -> int:
    """The integer primary key of the row a single-row INSERT created."""
    key = result.inserted_primary_key
    if key is None or key[0] is None:  # pragma: no cover - every table has an integer pk
        raise RuntimeError("the INSERT did not report the new row's primary key")
    return int(key[0])
