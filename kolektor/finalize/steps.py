"""The finalization steps: what each job does, each checking for its effect first.

* ``label`` — the courier shipment and its label.  Couriers arrive in a later issue; until
  then the step is ``not_configured`` (:class:`NoCourier`), honestly.
* ``realize`` — the ZK becomes its final document in Subiekt through the writer (Sfera in
  production, the simulator in the demo).  A document already made from the ZK is adopted,
  never made twice.
* ``document`` — the document's PDF: Subiekt's own print when the writer gives one, else
  Kolektor's rendering; kept in the store (``kolektor.store.documents``), where every
  instance can read it; a document already stored for the order is kept.
* ``print``, ``email``, ``allegro`` — printers, SMTP and Allegro arrive in a later issue;
  until then each is ``not_configured`` when the rules want it, never "done".

The plan — which document kind, which printer and template — was decided by the document
rules when the order was packed and stored in the jobs' ``result`` (see
:func:`kolektor.finalize.plan.plan_for_order`).

A failure is a :class:`StepError` (or :class:`StepMissing`): a catalog key and its
parameters, rendered in the configured language into the text the pipeline stores as the
job's error and the order's reason — never an English text from a library.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

import trio

from kolektor.documents import DocumentError
from kolektor.failpoints import failpoint
from kolektor.finalize.pipeline import StepCall, StepFailed, StepHandler, StepNotConfigured
from kolektor.finalize.writer import (
    DocumentWriter,
    RealizedDocument,
    StockShortage,
    WriterError,
    ZkExpectation,
)
from kolektor.i18n import Language, describe, t
from kolektor.store import documents
from kolektor.store.engine import Store


class StepError(StepFailed):
    """A step failure named by a catalog ``key`` and ``params``; :attr:`message` (what the
    pipeline stores) is rendered in ``language``, the configured one."""

    def __init__(
        self,
        key: str,
        language: Language,
        /,
        *,
        retryable: bool = True,
        details: Mapping[str, Any] | None = None,
        **params: object,
    ) -> None:
        super().__init__(t(key, language, **params), retryable=retryable, details=details)
        self.key = key
        self.params = params


class StepMissing(StepNotConfigured):
    """A step with nothing set up to do it, named by a catalog ``key`` and ``params``."""

    def __init__(self, key: str, language: Language, /, **params: object) -> None:
        super().__init__(t(key, language, **params))
        self.key = key
        self.params = params


class LabelProvider(Protocol):
    async def create_label(self, call: StepCall) -> Mapping[str, Any]: ...


class NoCourier:
    """No courier integration yet: the label step is ``not_configured``."""

    def __init__(self, language: Language = "pl") -> None:
        self.language: Language = language

    async def create_label(self, call: StepCall) -> Mapping[str, Any]:
        raise StepMissing("steps.no_courier", self.language)


@dataclass
class StepEnvironment:
    """What the step handlers need."""

    writer: DocumentWriter
    store: Store
    render_pdf: Callable[[int], bytes]
    """Kolektor's own rendering of a Subiekt document by ``dok_Id`` (blocking)."""
    label_provider: LabelProvider
    writer_limiter: trio.CapacityLimiter
    language: Language = "pl"


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
            if plan.get("error"):  # "no rule matched", in words stored at packing
                raise StepFailed(str(plan["error"]), retryable=False)
            raise StepError("steps.no_rule", env.language, retryable=False)
        try:
            existing = await in_writer_thread(env.writer.find_realization, call.order.subiekt_id)
            if existing is not None:
                if existing.kind != kind:
                    raise StepError(
                        "steps.realized_otherwise", env.language, retryable=False,
                        found=existing.kind, number=existing.number, kind=kind,
                    )  # fmt: skip
                return _realized(existing, kind) | {"adopted": True}
            failpoint("realize.before_effect")
            document = await in_writer_thread(env.writer.realize, expectation_for(call), kind)
        except WriterError as error:
            raise _failure(error) from None
        return _realized(document, kind)

    async def document(call: StepCall) -> Mapping[str, Any]:
        realized = call.results.get("realize")
        if not realized or "document_id" not in realized:
            raise StepError("steps.nothing_realized", env.language, retryable=False)
        number = str(realized["number"])
        order, generation = call.order.id, call.job.generation
        existing = await env.store.read(documents.find_document, order, generation=generation)
        if existing is not None:
            return {"stored_id": existing.id, "filename": existing.filename,
                    "sha256": existing.sha256, "bytes": existing.size,
                    "source": "existing"}  # fmt: skip
        document_id = int(realized["document_id"])
        try:
            pdf = await in_writer_thread(env.writer.document_pdf, document_id)
        except WriterError as error:
            raise _failure(error) from None
        source = "subiekt"
        if pdf is None:
            try:
                pdf = await trio.to_thread.run_sync(env.render_pdf, document_id)
            except DocumentError as error:  # data the document lacks: fixed in Subiekt
                raise StepError(
                    "finalize.render_failed", env.language, number=number,
                    error=describe(error, env.language), details={"code": error.key},
                ) from None  # fmt: skip
            source = "kolektor"
        stored = await env.store.run(
            documents.save_document, order_id=order, generation=generation,
            kind=str(realized.get("document_kind") or realized.get("kind") or ""),
            number=number, filename=f"{_safe_name(number)}.pdf", content=pdf,
        )  # fmt: skip
        return {"stored_id": stored.id, "filename": stored.filename, "sha256": stored.sha256,
                "bytes": stored.size, "source": source}  # fmt: skip

    def not_yet(step: str) -> StepHandler:
        async def handler(call: StepCall) -> Mapping[str, Any]:
            raise StepMissing(f"steps.no_{step}", env.language)

        return handler

    return {
        "label": label,
        "realize": realize,
        "document": document,
        "print": not_yet("printer"),
        "email": not_yet("mail"),
        "allegro": not_yet("allegro"),
    }


def _safe_name(number: str) -> str:
    """``FS 12/11/2026`` → ``FS_12-11-2026`` — a document number as a file name."""
    return re.sub(r"[^0-9A-Za-z._-]+", "_", number.replace("/", "-")).strip("_") or "dokument"
