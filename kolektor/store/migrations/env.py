"""Alembic environment for Kolektor's store.

Kolektor configures Alembic in code (:func:`kolektor.store.engine.alembic_config`) and hands
over an open connection in ``config.attributes["connection"]``, already inside the
transaction :meth:`kolektor.store.engine.Store.upgrade` manages.  Offline (``--sql``) mode is
not supported.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy.engine import Connection

from kolektor.store.tables import metadata

config = context.config


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if not isinstance(connection, Connection):
        raise RuntimeError(
            "Kolektor's migrations run through kolektor.store.Store.upgrade(), which passes "
            "an open connection; running `alembic` without it is not supported."
        )
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    raise RuntimeError("Kolektor's migrations cannot run in offline (--sql) mode.")
run_migrations_online()
