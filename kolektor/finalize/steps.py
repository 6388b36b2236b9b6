"""The finalization steps: what each job does, each checking for its effect first.

* ``label`` — the courier shipment and its label, printed at the packing station
  (:mod:`kolektor.finalize.labels`).
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
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any, Protocol

import sqlalchemy as sa
import trio

from kolektor import _core
from kolektor.documents import DocumentError
from kolektor.failpoints import failpoint
from kolektor.finalize.fence import PROCESS_ID, new_mark, owner_alive
from kolektor.finalize.pipeline import StepCall, StepFailed, StepHandler, StepNotConfigured
from kolektor.finalize.writer import (
    DocumentWriter,
    RealizedDocument,
    StockShortage,
    WriterError,
    WriterUnavailable,
    ZkExpectation,
)
from kolektor.i18n import Language, describe, t
from kolektor.store import documents, picking
from kolektor.store import jobs as job_store
from kolektor.store.engine import Store
from kolektor.store.orders import OrderRecord
from kolektor.store.tables import jobs


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


UNCONFIGURED_STEPS: Mapping[str, str] = {
    "print": "steps.no_printer",
    "email": "steps.no_mail",
    "allegro": "steps.no_allegro",
}
"""Finalization steps nothing is set up to do yet, with the message key of the reason:
their handlers answer ``not_configured`` (document printers, mail and Allegro arrive in
later issues).  The scanner's ``packed`` reply tells the packer these will not happen by
themselves."""


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
    in_doubt_patience: float = 120.0
    """Seconds the realize step keeps its job (and lease) while this process's earlier call
    is in doubt, asking the writer again (each ask waits at most the fence's bound)."""
    in_doubt_hold: float = 900.0
    """Seconds an attempt in doubt of another process that may still run (another host,
    or alive here) keeps this process from realizing the ZK."""


def expectation_for(
    call: StepCall, mark: str | None = None, weighed: Sequence[WeighedLine] = ()
) -> ZkExpectation:
    order = call.order
    return ZkExpectation(
        zk_id=order.subiekt_id,
        number=order.number,
        lines=tuple((line.subiekt_line_id, line.quantity) for line in order.lines),
        mark=mark,
        picked=tuple((line.subiekt_line_id, line.picked) for line in weighed),
    )


@dataclass(frozen=True, slots=True)
class WeighedLine:
    """A weighed line picked within its tolerance: the document gets ``picked``."""

    subiekt_line_id: int
    symbol: str
    unit: str
    ordered: Decimal
    picked: Decimal


def weighed_lines(conn: Any, order: OrderRecord) -> list[WeighedLine]:
    """The order's lines picked within their tolerance with a weight other than ordered,
    by the saved pick state (the tolerance is fixed there); [] when there are none."""
    saved = picking.load_pick_state(conn, order.id)
    if saved is None:
        return []
    progress = {p.line_id: p for p in _core.PickSession.from_bytes(saved.state).lines}
    found = []
    for line in order.lines:
        state = progress.get(line.id)
        if state is not None and state.within_tolerance:
            found.append(WeighedLine(line.subiekt_line_id, line.symbol or line.name,
                                     line.unit, line.base_quantity, state.picked))  # fmt: skip
    return found


def weighed_message(kind: str, weighed: Sequence[WeighedLine], language: Language) -> str:
    """``FS: WAG-0001: 1,475 kg zamiast zamówionych 1,467 kg (towar ważony, w tolerancji).``"""
    lines = "; ".join(
        t(
            "finalize.weighed.line",
            language,
            symbol=line.symbol,
            picked=line.picked,
            ordered=line.ordered,
            unit=line.unit,
        )
        for line in weighed
    )
    return t("finalize.weighed.realized", language, kind=kind, lines=lines)


def _record_attempt(conn: Any, job_id: int, record: Mapping[str, Any]) -> None:
    """ "Realization started": the attempt's mark and owner, kept in the job's result (with
    the plan) before Subiekt is asked to write."""
    current = dict(conn.execute(sa.select(jobs.c.result).where(jobs.c.id == job_id)).scalar() or {})
    before = current.get("realization")
    marks = list(before.get("marks", [])) if isinstance(before, Mapping) else []
    marks = [*marks, record["mark"]][-20:]  # every mark a late document may carry
    job_store.set_result(conn, job_id, {**current, "realization": {**record, "marks": marks}})


def _earlier_attempt(result: Mapping[str, Any]) -> dict[str, Any] | None:
    """The attempt that may still be saving: one given up in doubt (kept in the failure's
    details) or one started with no outcome recorded (its process died or lost the store)."""
    failure = result.get("failure")
    if isinstance(failure, Mapping) and isinstance(failure.get("in_doubt"), Mapping):
        return dict(failure["in_doubt"])
    started = result.get("realization")
    return dict(started) if isinstance(started, Mapping) else None


def _blocking(attempt: Mapping[str, Any] | None, now: datetime, hold: float) -> datetime | None:
    """Until when an earlier attempt of *another* process keeps this one from writing:
    None when it cannot save any more — its process is gone from this host, or the hold
    since it started has passed.  This process's own attempts are the writer's fence's."""
    if not attempt or attempt.get("owner") in (None, PROCESS_ID):
        return None
    if owner_alive(str(attempt["owner"])) is False:
        return None
    try:
        started = datetime.fromisoformat(str(attempt["started_at"]))
    except (KeyError, ValueError):
        return None
    until = started + timedelta(seconds=hold)
    return until if now < until else None


def _realized(document: RealizedDocument, kind: str) -> dict[str, Any]:
    return {
        "kind": kind,
        "document_id": document.id,
        "document_kind": document.kind,
        "number": document.number,
        "adopted": document.adopted,
        "value_gross": str(document.value_gross),
    }


def _weighed(kind: str, weighed: Sequence[WeighedLine], env: StepEnvironment) -> dict[str, Any]:
    """What the realize step's result (and so the timeline) says about weighed lines: which
    quantity the document got, in words and per line."""
    if not weighed:
        return {}
    return {
        "message": weighed_message(kind, weighed, env.language),
        "weighed": [{"subiekt_line_id": line.subiekt_line_id, "symbol": line.symbol,
                     "unit": line.unit, "ordered": str(line.ordered),
                     "document_quantity": str(line.picked)} for line in weighed],
    }  # fmt: skip


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
        zk_id = call.order.subiekt_id
        earlier = _earlier_attempt(plan)
        marks = {str(m) for m in [*(earlier or {}).get("marks", []), (earlier or {}).get("mark")]}
        marks.discard("None")
        patience = trio.current_time() + env.in_doubt_patience
        try:
            while True:
                existing = await in_writer_thread(env.writer.find_realization, zk_id)
                if existing is not None:
                    if existing.kind != kind:
                        raise StepError(
                            "steps.realized_otherwise", env.language, retryable=False,
                            found=existing.kind, number=existing.number, kind=kind,
                        )  # fmt: skip
                    return _realized(existing, kind) | _adoption(existing, marks)
                now = datetime.now(UTC)
                until = _blocking(earlier, now, env.in_doubt_hold)
                if until is not None:
                    assert earlier is not None
                    raise StepError(
                        "steps.in_doubt_elsewhere", env.language,
                        owner=earlier["owner"], since=_clock(earlier.get("started_at")),
                        until=_clock(until.isoformat()),
                        details={"code": "in_doubt_elsewhere", "in_doubt": earlier},
                    )  # fmt: skip
                mark = new_mark(zk_id)
                marks.add(mark)
                attempt = {"mark": mark, "owner": PROCESS_ID, "started_at": now.isoformat()}
                await env.store.run(_record_attempt, call.job.id, attempt)
                failpoint("realize.before_effect")
                weighed = await env.store.read(weighed_lines, call.order)
                try:
                    document = await in_writer_thread(
                        env.writer.realize, expectation_for(call, mark, weighed), kind
                    )
                except WriterUnavailable as error:
                    if not error.in_doubt:
                        raise
                    if error.code != "in_doubt_pending" or earlier is None:
                        earlier = attempt  # it started (a refusal by the fence did not)
                    if trio.current_time() >= patience:
                        failure = _failure(error)
                        failure.details["in_doubt"] = {**earlier, "marks": sorted(marks)}
                        raise failure from None
                    # Our own call may still save: the writer's fence waits for it (bounded)
                    # and the next round re-reads Subiekt first.
                    await trio.sleep(0.2)
                    continue
                if document.adopted:
                    return _realized(document, kind) | _adoption(document, marks)
                return _realized(document, kind) | {"mark": mark} | _weighed(kind, weighed, env)
        except WriterError as error:
            raise _failure(error) from None

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
            raise StepMissing(UNCONFIGURED_STEPS[step], env.language)

        return handler

    return {
        "label": label,
        "realize": realize,
        "document": document,
        "print": not_yet("print"),
        "email": not_yet("email"),
        "allegro": not_yet("allegro"),
    }


def _adoption(document: RealizedDocument, marks: set[str]) -> dict[str, Any]:
    """An adopted document; after attempts of ours, whether it carries one of their marks
    (a late save recognised as ours) or not (made by someone else)."""
    found: dict[str, Any] = {"adopted": True}
    if marks:
        found["mark_matched"] = document.mark in marks
    if document.mark:
        found["mark"] = document.mark
    return found


def _clock(moment: object) -> str:
    """``2026-11-12T10:15:03+00:00`` → ``10:15:03`` (UTC) for a message."""
    try:
        return datetime.fromisoformat(str(moment)).strftime("%H:%M:%S")
    except ValueError:
        return str(moment)


def _safe_name(number: str) -> str:
    """``FS 12/11/2026`` → ``FS_12-11-2026`` — a document number as a file name."""
    return re.sub(r"[^0-9A-Za-z._-]+", "_", number.replace("/", "-")).strip("_") or "dokument"
