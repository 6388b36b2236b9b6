"""The finalization pipeline end to end on the demo data with the Subiekt simulator:
rules → realize → PDF → print/e-mail/Allegro records, retries, attention, crashes."""

from __future__ import annotations

import os
import sys
from decimal import Decimal
from pathlib import Path

import pypdfium2
import pytest
import sqlalchemy as sa
import trio

from kolektor.config import Config
from kolektor.demo.database import SubiektDatabase
from kolektor.demo.generator import DemoSummary
from kolektor.finalize.pipeline import retry_order, skip_step
from kolektor.finalize.setup import build_pipeline
from kolektor.intake.loop import SubiektSource, run_once
from kolektor.store import documents, operators, orders
from kolektor.store import jobs as job_store
from kolektor.store.engine import Store
from kolektor.store.lifecycle import OrderStatus
from kolektor.subiekt.reader import SubiektReader
from tests.finalize.conftest import config_for, documents_made_from, pack

KOLEKTOR = Path(sys.executable).parent / "kolektor"


def pdf_text(store: Store, order_id: int) -> str:
    """The text of the order's document as stored (the PDF the customer gets)."""
    stored = store.read_sync(documents.find_document, order_id)
    assert stored is not None
    content = store.read_sync(documents.document_content, stored.id)
    assert content is not None and content.startswith(b"%PDF")
    document = pypdfium2.PdfDocument(content)
    try:
        return "\n".join(page.get_textpage().get_text_range() for page in document)
    finally:
        document.close()


NOT_YET = {"label": "not_configured", "print": "not_configured", "email": "not_configured"}
"""Document printers and e-mail arrive in later issues: until then those steps are honestly
``not_configured``; so is the label with no label printer at the packing station (the
labels are made and kept).  An order that wanted them is in ``attention``, never ``done``."""


def assert_finalized_as_far_as_configured(store: Store, order_id: int) -> None:
    order = store.read_sync(orders.get_order, order_id)
    assert order is not None and order.status == OrderStatus.ATTENTION, order
    assert order.status_reason is not None
    assert order.status_reason.startswith(
        f"Nie wykonano: etykieta — etykiety {order.number} są gotowe, ale stanowisko pakowania "
        "nie ma drukarki etykiet"
    )
    assert "wydruk — nie skonfigurowano drukarki" in order.status_reason
    steps = {j.step: j.status for j in store.read_sync(job_store.jobs_of, order_id)}
    assert steps == {"realize": "done", "document": "done", "allegro": steps["allegro"],
                     **NOT_YET}  # fmt: skip
    assert steps["allegro"] in {"skipped", "not_configured"}


CASES = {
    # example → (Subiekt dok_Typ, dok_Podtyp, number prefix)
    "zk_remark_invoice": (2, 0, "FS"),
    "zk_remark_receipt": (21, 0, "PA"),
    "zk_remark_wz": (11, 1, "WZ"),
    "zk_shop_number": (2, 0, "FS"),  # a company with a NIP, no remark
}


async def test_every_kind_of_document_end_to_end(site: tuple[Config, Store, DemoSummary]) -> None:
    config, store, demo = site
    ex = demo.examples
    index = store.read_sync(orders.intake_index)
    person = next(
        zk for zk in demo.open_zk_ids
        if (o := store.read_sync(orders.get_order, index[zk].order_id))
        and o.nip is None and not o.remarks and o.customer_is_person
    )  # fmt: skip
    cases = {getattr(ex, name): expected for name, expected in CASES.items()}
    cases[person] = (21, 2, "PAi")
    order_ids = {zk: pack(store, zk) for zk in cases}
    stock_before = _stock(demo.path)
    pipeline, writer = build_pipeline(config, store, worker="test", poll_interval=0.05)
    with trio.fail_after(120):
        await pipeline.run_until_idle()
    writer.close()
    for zk_id, (doc_type, subtype, prefix) in cases.items():
        assert_finalized_as_far_as_configured(store, order_ids[zk_id])
        order = store.read_sync(orders.get_order, order_ids[zk_id])
        assert order is not None
        made = documents_made_from(demo.path, zk_id)
        assert [(t, s) for t, s, _ in made] == [(doc_type, subtype)]
        number = made[0][2]
        assert number.startswith(prefix)
        jobs = {job.step: job for job in store.read_sync(job_store.jobs_of, order.id)}
        assert jobs["realize"].result["number"] == number  # type: ignore[index]
        assert jobs["document"].result["filename"].endswith(".pdf")  # type: ignore[index]
        text = pdf_text(store, order.id)
        assert number in text
        for line in order.lines:
            assert line.name[:20] in text.replace("\n", " ") or line.name[:20] in text
        if prefix != "WZ":
            assert f"{order.value_gross:.2f}".replace(".", ",") in text
        events = [e.event for e in store.read_sync(orders.timeline, order.id)]
        assert "rule_applied" in events and events.count("step_done") == 2
        assert events.count("step_not_configured") == 3
    stock_after = _stock(demo.path)
    for zk_id in cases:
        for product_id, quantity in _goods(demo.path, zk_id).items():
            assert stock_before[product_id] - stock_after[product_id] >= quantity
    # Once: nothing more to do, and running again makes nothing new.
    pipeline, writer = build_pipeline(config, store, worker="again", poll_interval=0.05)
    with trio.fail_after(30):
        await pipeline.run_until_idle()
    writer.close()
    for zk_id in cases:
        assert len(documents_made_from(demo.path, zk_id)) == 1


def _stock(path: Path) -> dict[int, Decimal]:
    with SubiektDatabase(path) as db:
        rows = db.select("tw_Stan", {"st_MagId": 1})
    return {int(r["st_TowId"]): Decimal(str(r["st_Stan"])) for r in rows}


def _goods(path: Path, zk_id: int) -> dict[int, Decimal]:
    with SubiektDatabase(path) as db:
        rows = db.select("dok_Pozycja", {"ob_DokHanId": zk_id})
    goods: dict[int, Decimal] = {}
    for row in rows:
        if row["ob_TowId"] is not None and int(row["ob_TowRodzaj"]) == 1:
            goods[int(row["ob_TowId"])] = goods.get(int(row["ob_TowId"]), Decimal(0)) + Decimal(
                str(row["ob_IloscMag"])
            )
    return goods


async def test_changed_zk_goes_to_attention_and_can_be_retried_or_skipped(
    site: tuple[Config, Store, DemoSummary],
) -> None:
    config, store, demo = site
    zk_id = demo.examples.zk_remark_invoice
    order_id = pack(store, zk_id)
    with SubiektDatabase(demo.path) as db:  # someone edits the ZK in Subiekt meanwhile
        line = db.select("dok_Pozycja", {"ob_DokHanId": zk_id})[0]
        db.update("dok_Pozycja", {"ob_Id": line["ob_Id"]}, ob_Ilosc=Decimal(line["ob_Ilosc"]) + 1)
    pipeline, writer = build_pipeline(config, store, worker="test", poll_interval=0.05)
    with trio.fail_after(60):
        await pipeline.run_until_idle()
    order = store.read_sync(orders.get_order, order_id)
    assert order is not None and order.status == OrderStatus.ATTENTION
    assert order.status_reason and "zmien" in order.status_reason.lower()
    assert documents_made_from(demo.path, zk_id) == []
    # The office puts the quantity back and retries.
    with SubiektDatabase(demo.path) as db:
        db.update("dok_Pozycja", {"ob_Id": line["ob_Id"]}, ob_Ilosc=line["ob_Ilosc"])
    assert await retry_order(store, order_id, actor="operator:biuro") == "realize"
    with trio.fail_after(60):
        await pipeline.run_until_idle()
    assert_finalized_as_far_as_configured(store, order_id)
    assert len(documents_made_from(demo.path, zk_id)) == 1
    writer.close()


async def test_stock_shortage_lists_the_missing_items(
    subiekt_db: DemoSummary, tmp_path: Path
) -> None:
    config = config_for(tmp_path, subiekt_db.path)
    store = Store.open(config.store_url)
    store.upgrade()
    store.run_sync(operators.create_operator, login="marek", name="Marek", role="packer",
                   pin="2222")  # fmt: skip
    reader = SubiektReader(config.subiekt)
    await run_once(SubiektSource(reader), store, "pl")
    reader.close()
    order_id = pack(store, subiekt_db.examples.zk_shortage)
    pipeline, writer = build_pipeline(config, store, worker="test", poll_interval=0.05)
    with trio.fail_after(60):
        await pipeline.run_until_idle()
    writer.close()
    order = store.read_sync(orders.get_order, order_id)
    assert order is not None and order.status == OrderStatus.ATTENTION
    realize = next(j for j in store.read_sync(job_store.jobs_of, order_id) if j.step == "realize")
    assert realize.status == "failed"
    assert realize.result and realize.result["failure"]["missing"]
    assert realize.result["kind"] in {"FS", "PA", "PAi", "WZ"}  # the plan is kept
    assert documents_made_from(subiekt_db.path, subiekt_db.examples.zk_shortage) == []
    # Skipping realization leaves nothing to render: the document step fails next.
    assert await skip_step(store, order_id, actor="operator:biuro", reason="ręcznie") == "realize"


FAILPOINTS = [
    "label.before",
    "realize.before",
    "realize.before_effect",
    "simulator.before_commit",
    "realize.after_effect",
    "realize.after_done",
    "document.after_effect",
    "print.before",
    "email.before",
    "document.after_done",
]


@pytest.mark.parametrize("point", FAILPOINTS)
async def test_killed_worker_leaves_exactly_one_document(
    site: tuple[Config, Store, DemoSummary], point: str
) -> None:
    config, store, demo = site
    zks = [demo.examples.zk_uuid_in_remarks, demo.examples.zk_remark_invoice,
           demo.examples.zk_status6]  # fmt: skip
    order_ids = [pack(store, zk) for zk in zks]
    store.close()
    command = [str(KOLEKTOR), "--config", str(config.path), "work", "--once",
               "--lease-seconds", "1"]  # fmt: skip
    with trio.fail_after(120):
        crashed = await trio.run_process(
            command, env={**os.environ, "KOLEKTOR_FAILPOINTS": point}, capture_stdout=True,
            capture_stderr=True, check=False,
        )  # fmt: skip
    assert crashed.returncode == -9, crashed.stderr.decode()[-2000:]
    await trio.sleep(1.2)  # the dead worker's lease runs out
    with trio.fail_after(120):
        finished = await trio.run_process(
            command, capture_stdout=True, capture_stderr=True, check=False
        )
    assert finished.returncode == 0, finished.stderr.decode()[-2000:]
    store = Store.open(config.store_url)
    for zk_id, order_id in zip(zks, order_ids, strict=True):
        assert_finalized_as_far_as_configured(store, order_id)
        assert len(documents_made_from(demo.path, zk_id)) == 1, point
    with store.engine.connect() as connection:
        files = connection.execute(sa.text("SELECT count(*) FROM jobs WHERE step='document' "
                                           "AND status='done'")).scalar_one()  # fmt: skip
    assert files == len(zks)
    store.close()
