"""Issue 9: what the office reads about a failed step is in the configured language — the
job's error, the order's reason and its timeline — even when a step fails because the
office skipped the one before it."""

from __future__ import annotations

import re
from pathlib import Path

import trio

from kolektor.demo.generator import DemoSummary
from kolektor.documents import DocumentError
from kolektor.finalize.pipeline import skip_step
from kolektor.finalize.setup import build_pipeline
from kolektor.finalize.steps import StepError
from kolektor.i18n import Message, describe, t
from kolektor.store import jobs as job_store
from kolektor.store import orders
from kolektor.store.lifecycle import OrderStatus
from tests.finalize.conftest import pack, prepare_site

ENGLISH = re.compile(r"\b(the|there|is|not|document|render|failed|step|was)\b", re.I)
"""Words that would betray an English text (none of them is Polish)."""


async def test_a_skipped_realization_fails_the_document_step_in_polish(
    subiekt_db: DemoSummary, tmp_path: Path
) -> None:
    config, store, _ = await prepare_site(subiekt_db, tmp_path, top_up=False)
    assert config.language == "pl"
    order_id = pack(store, subiekt_db.examples.zk_shortage)  # realize fails: no stock
    pipeline, writer = build_pipeline(config, store, worker="test", poll_interval=0.05)
    try:
        with trio.fail_after(60):
            await pipeline.run_until_idle()
        assert await skip_step(store, order_id, actor="operator:biuro", reason="ręcznie") == (
            "realize"
        )
        with trio.fail_after(60):
            await pipeline.run_until_idle()
    finally:
        writer.close()
    jobs = {job.step: job for job in store.read_sync(job_store.jobs_of, order_id)}
    assert jobs["realize"].status == "skipped"
    document = jobs["document"]
    assert document.status == "failed"
    expected = t("steps.nothing_realized", "pl")
    assert document.last_error == expected
    assert not ENGLISH.search(expected), expected
    order = store.read_sync(orders.get_order, order_id)
    assert order is not None and order.status == OrderStatus.ATTENTION
    assert order.status_reason == expected
    timeline = store.read_sync(orders.timeline, order_id)
    failed = [e for e in timeline if e.details and e.details.get("step") == "document"]
    assert failed and all(
        not ENGLISH.search(str(e.reason or "")) and not ENGLISH.search(e.details["error"])
        for e in failed
        if e.details and "error" in e.details
    )


def test_step_errors_carry_their_key_and_render_in_the_configured_language() -> None:
    error = StepError("steps.nothing_realized", "pl", retryable=False)
    assert (error.key, error.params, error.retryable) == ("steps.nothing_realized", {}, False)
    assert error.message == t("steps.nothing_realized", "pl")
    assert describe(error, "en") == t("steps.nothing_realized", "en")
    missing = DocumentError(
        "document.missing", label="FS 1/2026", gaps=(Message("document.gap.seller_nip"),)
    )
    failed = StepError("finalize.render_failed", "pl", number="FS 1/2026",
                       error=describe(missing, "pl"))  # fmt: skip
    assert failed.message == (
        "Nie udało się przygotować pliku PDF dokumentu FS 1/2026: "
        "FS 1/2026: nie da się wydrukować, brakuje: NIP sprzedawcy"
    )
