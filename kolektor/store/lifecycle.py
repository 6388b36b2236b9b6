"""The order lifecycle: statuses and the transitions allowed between them (pure data).

The happy path (DESIGN.md §4)::

    new → picking → picked → packed → label → realize → document → print → email → allegro → done

Side states: ``problem`` (back to the office), ``attention`` (a finalization step failed its
retries, or a step it needed is not configured), ``held`` (the ZK no longer passes the
intake's filters — a flag, category or warehouse changed; it comes back when it does) and
``gone`` (the ZK was realized or deleted in Subiekt by someone else).  Every transition is
recorded in ``order_events`` by :func:`kolektor.store.orders.change_status`, which checks it
against :data:`TRANSITIONS` here.

Finalization steps can be switched off by the office's rules (no courier label, no e-mail, no
Allegro), so from ``packed`` or any step the order may move to *any later* step or to
``done``; it never moves backwards through the steps.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum


class OrderStatus(StrEnum):
    """Where an order is.  The value is what the ``orders.status`` column holds."""

    NEW = "new"
    """Imported from an open ZK, waiting for a picker.  While an order is ``new`` the intake
    keeps it in step with Subiekt (lines and header are replaced when the ZK changes)."""

    PICKING = "picking"
    """Claimed by an operator who is collecting the goods with a scanner.  Changes made to
    the ZK in Subiekt from now on are only flagged (``subiekt_changed_at``), never applied."""

    PICKED = "picked"
    """Every line collected and verified by scans; waiting to be packed."""

    PACKED = "packed"
    """Packages recorded (count, weight, size); the finalization jobs are queued."""

    LABEL = "label"
    """Finalization: creating the courier shipment and printing its label."""

    REALIZE = "realize"
    """Finalization: realizing the ZK in Subiekt (through Sfera) into FS, PA, PAi or WZ."""

    DOCUMENT = "document"
    """Finalization: rendering the final document as PDF."""

    PRINT = "print"
    """Finalization: printing the document on the configured printer."""

    EMAIL = "email"
    """Finalization: e-mailing the document to the customer."""

    ALLEGRO = "allegro"
    """Finalization: attaching the invoice to the Allegro transaction."""

    DONE = "done"
    """Everything finished.  Terminal."""

    PROBLEM = "problem"
    """A shortage or an issue reported by an operator; the office decides what happens next
    (return the order to the pool, resume picking, or drop it)."""

    ATTENTION = "attention"
    """A finalization step failed all its retries.  The panel shows the error; the office
    retries the step or skips it (both move the order back into finalization)."""

    HELD = "held"
    """The ZK is still open in Subiekt but no longer passes the intake's filters (its flag,
    category or warehouse changed, or the configuration did).  Not picked meanwhile; it goes
    back to where it was as soon as the ZK passes the filters again."""

    GONE = "gone"
    """The ZK was realized or deleted in Subiekt by someone else before Kolektor finished
    picking it.  Terminal."""


S = OrderStatus

FINALIZATION_STEPS: tuple[OrderStatus, ...] = (
    S.LABEL,
    S.REALIZE,
    S.DOCUMENT,
    S.PRINT,
    S.EMAIL,
    S.ALLEGRO,
)
"""The finalization steps in the order they run."""

TERMINAL: frozenset[OrderStatus] = frozenset({S.DONE, S.GONE})
"""Statuses an order never leaves."""


def _later_steps(index: int) -> frozenset[OrderStatus]:
    """Steps after ``FINALIZATION_STEPS[index - 1]`` plus ``done`` (0: all steps)."""
    return frozenset(FINALIZATION_STEPS[index:]) | {S.DONE}


TRANSITIONS: Mapping[OrderStatus, frozenset[OrderStatus]] = {
    # Picking starts, the office parks the order, the ZK is filtered out, or Subiekt lost it.
    S.NEW: frozenset({S.PICKING, S.PROBLEM, S.HELD, S.GONE}),
    # Finished; released back to the pool; shortage reported; filtered out; ZK gone.
    S.PICKING: frozenset({S.PICKED, S.NEW, S.PROBLEM, S.HELD, S.GONE}),
    # Packed; re-opened for correction; issue found at packing; filtered out; ZK gone.
    S.PICKED: frozenset({S.PACKED, S.PICKING, S.PROBLEM, S.HELD, S.GONE}),
    # Finalization begins (at the first enabled step); the first step may fail outright;
    # an operator may still report an issue before anything left the warehouse.
    S.PACKED: _later_steps(0) | {S.ATTENTION, S.PROBLEM},
    **{
        step: _later_steps(index + 1) | {S.ATTENTION}
        for index, step in enumerate(FINALIZATION_STEPS)
    },
    # Retry (back to a step) or skip (on to a later step or done); or, when nothing was
    # realized in Subiekt yet, sent back to picking to be packed again (a wrong parcel, a
    # label the carrier refused) — kolektor.store.order_actions.send_back.
    S.ATTENTION: _later_steps(0) | {S.NEW},
    # The office returns the order to the pool, resumes it, or drops it; or the ZK is
    # filtered out meanwhile.
    S.PROBLEM: frozenset({S.NEW, S.PICKING, S.PICKED, S.PACKED, S.HELD, S.GONE}),
    # The ZK passes the filters again: back to where the order was; or it is gone for good.
    S.HELD: frozenset({S.NEW, S.PICKING, S.PICKED, S.PROBLEM, S.GONE}),
    S.DONE: frozenset(),
    S.GONE: frozenset(),
}
"""For each status, the statuses an order may move to from it."""


def can_transition(from_status: str, to_status: str) -> bool:
    """True when an order in ``from_status`` may move to ``to_status``.

    Unknown status names are never allowed; staying in the same status is not a transition.
    """
    try:
        source, target = OrderStatus(from_status), OrderStatus(to_status)
    except ValueError:
        return False
    return target in TRANSITIONS[source]


def allowed_next(from_status: str) -> frozenset[OrderStatus]:
    """The statuses an order in ``from_status`` may move to (empty for unknown statuses)."""
    try:
        return TRANSITIONS[OrderStatus(from_status)]
    except ValueError:
        return frozenset()
