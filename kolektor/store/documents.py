"""The final documents' files, kept in the store.

The PDF the customer gets (Subiekt's own print, or Kolektor's rendering) is stored here,
not on one machine's disk: the Windows worker that realizes and renders it and the Linux
server that serves and prints it read the same row.  One document per order and packing
generation; saving again returns the one already there (the step is idempotent).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from kolektor.store.tables import documents, orders, utcnow


@dataclass(frozen=True, slots=True)
class StoredDocument:
    id: int
    order_id: int
    generation: int
    kind: str
    number: str
    filename: str
    media_type: str
    sha256: str
    size: int
    created_at: datetime


_META = (
    documents.c.id, documents.c.order_id, documents.c.generation, documents.c.kind,
    documents.c.number, documents.c.filename, documents.c.media_type, documents.c.sha256,
    documents.c.size, documents.c.created_at,
)  # fmt: skip


def _stored(row: Any) -> StoredDocument:
    return StoredDocument(**{column.name: row._mapping[column] for column in _META})


def save_document(
    conn: Connection,
    *,
    order_id: int,
    generation: int,
    kind: str,
    number: str,
    filename: str,
    content: bytes,
    media_type: str = "application/pdf",
) -> StoredDocument:
    """Store the document of an order's generation, or return the one already stored."""
    existing = find_document(conn, order_id, generation=generation)
    if existing is not None:
        return existing
    conn.execute(
        documents.insert().values(
            order_id=order_id, generation=generation, kind=kind, number=number,
            filename=filename, media_type=media_type, content=content,
            sha256=hashlib.sha256(content).hexdigest(), size=len(content), created_at=utcnow(),
        )
    )  # fmt: skip
    saved = find_document(conn, order_id, generation=generation)
    assert saved is not None
    return saved


def find_document(
    conn: Connection, order_id: int, *, generation: int | None = None
) -> StoredDocument | None:
    """The order's document (of its current packing generation unless one is named),
    without its content."""
    if generation is None:
        generation = conn.execute(
            sa.select(orders.c.generation).where(orders.c.id == order_id)
        ).scalar_one_or_none()
        if generation is None:
            return None
    row = conn.execute(
        sa.select(*_META).where(
            documents.c.order_id == order_id, documents.c.generation == generation
        )
    ).first()
    return _stored(row) if row is not None else None


def document_content(conn: Connection, document_id: int) -> bytes | None:
    """A document's bytes (None once retention removed them)."""
    row = conn.execute(sa.select(documents.c.content).where(documents.c.id == document_id)).first()
    return bytes(row.content) if row is not None and row.content else None
