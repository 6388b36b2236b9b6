"""The finalization steps: what each job does, each checking for its effect first.

* ``label`` — the courier shipment and its label.  Couriers arrive in a later issue; until
  then :class:`NoCourier` records that no courier is configured.
* ``realize`` — the ZK becomes its final document in Subiekt through the writer (Sfera in
  production, the simulator in the demo).  A document already made from the ZK is adopted,
  never made twice.
* ``document`` — the document's PDF: Subiekt's own print when the writer gives one, else
  Kolektor's rendering; written atomically under ``data_dir/documents``; an existing file
  is kept.
* ``print``, ``email``, ``allegro`` — interfaces whose implementations here only record what
  would be done (printers, SMTP and Allegro arrive in a later issue).

The plan — which document kind, which printer and template — was decided by the document
rules when the order was packed and stored in the jobs' ``result`` (see
:func:`kolektor.finalize.plan.plan_for_order`).
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import trio

from kolektor.failpoints import failpoint
from kolektor.finalize.pipeline import StepCall, StepFailed, StepHandler
from kolektor.finalize.writer import (
    DocumentWriter,
    RealizedDocument,
    StockShortage,
    WriterError,
    ZkExpectation,
)


class LabelProvider(Protocol):
    async def create_label(self, call: StepCall) -> Mapping[str, Any]: ...


class NoCourier:
    """No courier integration yet: the step records that and completes."""

    async def create_label(self, call: StepCall) -> Mapping[str, Any]:
        return {"courier": None, "note": "no courier configured"}


@dataclass
class StepEnvironment:
    """What the step handlers need."""

    writer: DocumentWriter
    documents_dir: Path
    render_pdf: Callable[[int], bytes]
    """Kolektor's own rendering of a Subiekt document by ``dok_Id`` (blocking)."""
    label_provider: LabelProvider
    writer_limiter: trio.CapacityLimiter


def expectation_for(call: StepCall) -> ZkExpectation:
    order = call.order
    return ZkExpectation(
        zk_id=order.subiekt_id,
        number=order.number,
        lines=tuple((line.subiekt_line_id, line.quantity) for line in order.lines),
    )


def _realized(document: RealizedDocument, kind: str) -> dict[str, Any]:
    return {
        "kind": kind,
        "document_id": document.id,
        "document_kind": document.kind,
        "number": document.number,
        "adopted": document.adopted,
        "value_gross": str(document.value_gross),
    }


def _failure(error: WriterError) -> StepFailed:
    details: dict[str, Any] = {"code": getattr(error, "code", type(error).__name__)}
    if isinstance(error, StockShortage):
        details["missing"] = [
            {"symbol": m.symbol, "name": m.name, "needed": str(m.needed),
             "available": str(m.available)}
            for m in error.missing
        ]  # fmt: skip
    return StepFailed(str(error), retryable=error.retryable, details=details)


def build_handlers(env: StepEnvironment) -> dict[str, StepHandler]:
    async def in_writer_thread(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        return await trio.to_thread.run_sync(
            lambda: fn(*args, **kwargs), limiter=env.writer_limiter
        )

    async def label(call: StepCall) -> Mapping[str, Any]:
        return await env.label_provider.create_label(call)

    async def realize(call: StepCall) -> Mapping[str, Any]:
        plan = call.job.result or {}
        kind = plan.get("kind")
        if kind is None:
            raise StepFailed(plan.get("error") or "No document rule matched this order.",
                             retryable=False)  # fmt: skip
        try:
            existing = await in_writer_thread(env.writer.find_realization, call.order.subiekt_id)
            if existing is not None:
                if existing.kind != kind:
                    raise StepFailed(
                        f"The ZK was already realized in Subiekt as {existing.kind} "
                        f"{existing.number}; the rules asked for {kind}.",
                        retryable=False,
                    )
                return _realized(existing, kind) | {"adopted": True}
            failpoint("realize.before_effect")
            document = await in_writer_thread(env.writer.realize, expectation_for(call), kind)
        except WriterError as error:
            raise _failure(error) from None
        return _realized(document, kind)

    async def document(call: StepCall) -> Mapping[str, Any]:
        realized = call.results.get("realize")
        if not realized or "document_id" not in realized:
            raise StepFailed("There is no realized document to render.", retryable=False)
        number = str(realized["number"])
        path = env.documents_dir / f"{_safe_name(number)}.pdf"
        if path.exists() and path.stat().st_size > 0:
            data = await trio.Path(path).read_bytes()
            return {"path": str(path), "sha256": hashlib.sha256(data).hexdigest(),
                    "source": "existing"}  # fmt: skip
        document_id = int(realized["document_id"])
        try:
            pdf = await in_writer_thread(env.writer.document_pdf, document_id)
        except WriterError as error:
            raise _failure(error) from None
        source = "subiekt"
        if pdf is None:
            pdf = await trio.to_thread.run_sync(env.render_pdf, document_id)
            source = "kolektor"
        await trio.to_thread.run_sync(_write_atomically, path, pdf)
        return {"path": str(path), "sha256": hashlib.sha256(pdf).hexdigest(), "source": source,
                "bytes": len(pdf)}  # fmt: skip

    async def record(call: StepCall) -> Mapping[str, Any]:
        plan = dict(call.job.result or {})
        return {**plan, "recorded": True}

    return {
        "label": label,
        "realize": realize,
        "document": document,
        "print": record,
        "email": record,
        "allegro": record,
    }


def _safe_name(number: str) -> str:
    """``FS 12/11/2026`` → ``FS_12-11-2026`` — a document number as a file name."""
    return re.sub(r"[^0-9A-Za-z._-]+", "_", number.replace("/", "-")).strip("_") or "dokument"


def _write_atomically(path: Path, data: bytes) -> None:
    # Documents name customers and amounts: the folder 0700, each file 0600 from the start.
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    temporary = path.with_suffix(".part")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, path)
