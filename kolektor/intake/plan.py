"""What the intake must do, decided without I/O.

Given the open ZKs read from Subiekt and the store's index of imported orders:

* a ZK not yet in the store is **imported** as a ``new`` order;
* a ZK whose content changed (its fingerprint differs) is **refreshed** while the order is
  still ``new``; once picking has started the change is only **noted** — the picker's work
  is never rewritten under their hands, the office sees the flag and decides;
* an order whose ZK is no longer among the open ones is **checked**: the reader then says
  whether the ZK was realized in Subiekt by someone else or deleted — the order goes to
  ``gone`` with :func:`gone_reason` — or is still open but no longer passes the intake's
  filters (a flag, category or warehouse changed) — the order is ``held``, not lost;
* a ``held`` order whose ZK passes the filters again is **released** back to where it was.
  Orders already packed or in finalization are left alone: there the ZK disappears because
  Kolektor itself realized it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from typing import Any, Protocol

from kolektor.i18n import Language, t
from kolektor.store.lifecycle import OrderStatus
from kolektor.subiekt.models import OPEN_ZK_STATUSES, SubiektOrder
from kolektor.subiekt.reader import DocumentState

REFRESHABLE = frozenset({OrderStatus.NEW})
"""Statuses in which a change of the ZK in Subiekt is applied to the order."""

PICKING_STARTED = frozenset({OrderStatus.PICKING, OrderStatus.PICKED, OrderStatus.PROBLEM})
"""Statuses in which a change of the ZK is only noted."""

CAN_GO = REFRESHABLE | PICKING_STARTED | {OrderStatus.HELD}
"""Statuses from which an order becomes ``held`` or ``gone`` when its ZK is no longer open."""


class IndexEntry(Protocol):
    """The part of a stored order the intake needs."""

    @property
    def order_id(self) -> int: ...
    @property
    def status(self) -> str: ...
    @property
    def fingerprint(self) -> str | None: ...


@dataclass(frozen=True, slots=True)
class IntakePlan:
    imports: list[SubiektOrder] = field(default_factory=list)
    refreshes: list[tuple[int, SubiektOrder]] = field(default_factory=list)
    """(order id in the store, the ZK as it is now)."""
    notes: list[tuple[int, SubiektOrder]] = field(default_factory=list)
    """Orders being picked whose ZK changed."""
    missing: dict[int, int] = field(default_factory=dict)
    """ZK id → order id, for orders whose ZK is no longer open (to be checked)."""
    releases: list[tuple[int, SubiektOrder]] = field(default_factory=list)
    """Held orders whose ZK is open and passes the filters again."""

    @property
    def empty(self) -> bool:
        return not (self.imports or self.refreshes or self.notes or self.missing or self.releases)


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value.normalize()) if value == value.to_integral() else str(value)
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in sorted(value.items(), key=lambda kv: str(kv[0]))}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def fingerprint(zk: SubiektOrder) -> str:
    """A hash of everything in a ZK that matters for picking and documents.

    Stock levels are left out: they change all day without the order changing.
    """
    content = asdict(zk)
    content.pop("status", None)  # 5/6/7 differ only in reservation
    for product in content["products"].values():
        product.pop("stock", None)
    encoded = json.dumps(_plain(content), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(encoded.encode("utf-8")).hexdigest()


def plan_intake(
    open_orders: Iterable[SubiektOrder],
    index: Mapping[int, IndexEntry],
    fingerprints: Mapping[int, str] | None = None,
) -> IntakePlan:
    """Compare Subiekt's open ZKs with the store's ``index`` (ZK id → entry with
    ``order_id``, ``status`` and ``fingerprint``).

    ``fingerprints`` may carry precomputed fingerprints by ZK id.
    """
    plan = IntakePlan()
    seen: set[int] = set()
    for zk in open_orders:
        seen.add(zk.id)
        entry = index.get(zk.id)
        if entry is None:
            plan.imports.append(zk)
            continue
        if entry.status == OrderStatus.HELD:
            plan.releases.append((entry.order_id, zk))
            continue
        current = (fingerprints or {}).get(zk.id) or fingerprint(zk)
        if current == entry.fingerprint:
            continue
        if entry.status in REFRESHABLE:
            plan.refreshes.append((entry.order_id, zk))
        elif entry.status in PICKING_STARTED:
            plan.notes.append((entry.order_id, zk))
    for zk_id, entry in index.items():
        if zk_id not in seen and entry.status in CAN_GO:
            plan.missing[zk_id] = entry.order_id
    return plan


def fingerprint_and_plan(
    open_orders: list[SubiektOrder], index: Mapping[int, IndexEntry]
) -> tuple[dict[int, str], IntakePlan]:
    """The fingerprint of every open ZK (by ZK id) and the plan; CPU-bound, without I/O —
    the intake runs it in a worker thread."""
    prints = {zk.id: fingerprint(zk) for zk in open_orders}
    return prints, plan_intake(open_orders, index, prints)


def is_filtered_out(state: DocumentState) -> bool:
    """The ZK is still an open ZK — it only stopped passing the intake's filters."""
    return (
        state.exists
        and not state.realized_by
        and state.type == 16
        and (state.status in OPEN_ZK_STATUSES)
    )


def gone_reason(state: DocumentState, language: Language) -> str:
    """Why an order's ZK is no longer among the open ones, as recorded in its timeline."""
    if not state.exists:
        return t("intake.gone_deleted", language)
    if state.realized_by:
        documents = ", ".join(d.number or d.kind for d in state.realized_by)
        return t("intake.gone_realized", language, documents=documents)
    if state.type == 16 and state.status in OPEN_ZK_STATUSES:
        return t("intake.gone_filtered", language)
    return t("intake.gone_closed", language, status=state.status)
