"""``kolektor demo`` runs the outside world's fakes too: an order packed in the demo gets
its label on the virtual Zebra, kept as ZPL and a PNG preview in the demo folder."""

from __future__ import annotations

import signal
import subprocess
import time
from decimal import Decimal
from pathlib import Path

from kolektor import _core
from kolektor.config import load_config
from kolektor.finalize.plan import load_rules, plan_for
from kolektor.store import operators, orders, picking
from kolektor.store.engine import Store
from kolektor.store.lifecycle import OrderStatus
from kolektor.store.picking import PackageInput
from tests.test_cli import KOLEKTOR, free_port


def wait_for(condition: object, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if callable(condition) and condition():
            return
        time.sleep(0.2)
    raise AssertionError(f"not within {seconds} s: {what}")


def pack_first_order(store: Store) -> str:
    """Pick and pack an imported order as the packing handheld would (no station set)."""
    index = store.read_sync(orders.intake_index)
    order_id = sorted(entry.order_id for entry in index.values())[0]
    for status in (OrderStatus.PICKING, OrderStatus.PICKED):
        store.run_sync(orders.change_status, order_id, status, reason=None, actor="test")
    order = store.read_sync(orders.get_order, order_id)
    assert order is not None
    packer = next(op for op in store.read_sync(operators.list_operators) if op.login == "marek")
    plan = plan_for(order, store.read_sync(load_rules, "pl"), "pl")
    assert store.run_sync(picking.pack_order, order.id, (PackageInput(Decimal("1.2")),),
                          operator_id=packer.id, actor="operator:marek", plan=plan.steps,
                          skipped=plan.skipped, summary=plan.summary)  # fmt: skip
    return order.number


def test_the_demo_prints_a_packed_orders_label_on_its_virtual_zebra(tmp_path: Path) -> None:
    folder = tmp_path / "demo"
    demo = subprocess.Popen(
        [str(KOLEKTOR), "--lang", "pl", "demo", "--dir", str(folder), "--port", str(free_port())],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert demo.stdout is not None
        lines = []
        while not any("Udawane usługi zewnętrzne" in line for line in lines):
            line = demo.stdout.readline()
            assert line, (
                f"the demo stopped: {''.join(lines)} {demo.stderr.read() if demo.stderr else ''}"
            )
            lines.append(line)
        assert str(folder.resolve() / "labels") in lines[-1]
        config = load_config(folder / "kolektor.toml")
        assert config.inpost.configured and config.allegro.client_id == "kolektor-demo"
        store = Store.open(config.store_url)
        try:
            wait_for(lambda: store.read_sync(orders.intake_index), 60, "the intake")
            number = pack_first_order(store)
        finally:
            store.close()
        labels = folder / "labels"
        wait_for(lambda: (labels / "0001.png").exists(), 60, "the label on the virtual Zebra")
        zpl = (labels / "0001.zpl").read_text("utf-8")
        assert zpl.startswith("^XA") and number in zpl and "1/1" in zpl
        assert _core.decode_graphics(zpl) == []  # Kolektor's own label: native ZPL fields
        assert (labels / "0001.png").read_bytes().startswith(b"\x89PNG")
    finally:
        demo.send_signal(signal.SIGINT)
        try:
            demo.wait(timeout=30)
        except subprocess.TimeoutExpired:
            demo.kill()
            raise
    # The fakes end with the demo: nothing keeps listening.
    leftovers = subprocess.run(["pgrep", "-f", str(folder / "labels")], capture_output=True)
    assert leftovers.stdout == b""
