"""Memory snapshots for finding growth (``bench/soak.py --tracemalloc``), off by default.

With ``KOLEKTOR_TRACEMALLOC=/some/folder`` in its environment, ``kolektor serve`` traces
Python allocations (:mod:`tracemalloc`, ``KOLEKTOR_TRACEMALLOC_FRAMES`` frames per site,
default 10) and, on every ``SIGUSR1``, collects garbage and writes a snapshot to
``/some/folder/snapshot-<n>.tracemalloc`` (``tracemalloc.Snapshot.load`` reads it) and the
number of live objects of each type to ``snapshot-<n>.types`` (``count type`` per line: what
a store read in a worker thread allocated has no trace back to whoever keeps it, but its
type's count grows).  Files are renamed into place once complete, so a reader never sees
half of one.  Tracing
costs CPU and memory (roughly +30–60 % of each); it is meant for benchmarks, not shops.
"""

from __future__ import annotations

import gc
import logging
import os
import signal
import tracemalloc
from collections import Counter
from pathlib import Path
from typing import Final

import trio

from kolektor.logs import log_event

logger = logging.getLogger("kolektor.memtrace")

ENVIRONMENT: Final = "KOLEKTOR_TRACEMALLOC"
FRAMES_ENVIRONMENT: Final = "KOLEKTOR_TRACEMALLOC_FRAMES"


def snapshot_folder() -> Path | None:
    """Where snapshots go, when tracing was asked for."""
    value = os.environ.get(ENVIRONMENT, "").strip()
    return Path(value) if value else None


def type_counts() -> Counter[str]:
    """Live objects the garbage collector tracks, by ``module.type``."""
    return Counter(
        f"{type(item).__module__}.{type(item).__qualname__}" for item in gc.get_objects()
    )


def write_snapshot(folder: Path, number: int) -> Path:
    """Collect garbage, count the objects, take a snapshot and write both (blocking); the
    snapshot's path."""
    gc.collect()
    counts = type_counts()
    snapshot = tracemalloc.take_snapshot()
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    types = folder / f"snapshot-{number:04d}.types"
    partial = types.with_suffix(".part")
    partial.write_text("".join(f"{n} {name}\n" for name, n in counts.most_common()), "utf-8")
    os.replace(partial, types)
    target = folder / f"snapshot-{number:04d}.tracemalloc"
    snapshot.dump(str(partial))
    os.replace(partial, target)
    return target


async def snapshots_on_signal(folder: Path) -> None:
    """Trace allocations and write a snapshot on each ``SIGUSR1`` until cancelled."""
    if not tracemalloc.is_tracing():
        tracemalloc.start(int(os.environ.get(FRAMES_ENVIRONMENT, "10")))
    number = 0
    with trio.open_signal_receiver(signal.SIGUSR1) as signals:
        async for _ in signals:
            number += 1
            # Taking the snapshot stops the event loop for a moment: diagnostics only.
            path = write_snapshot(folder, number)
            traced = round(tracemalloc.get_traced_memory()[0] / 2**20, 1)
            log_event(logger, "memtrace.snapshot", logging.WARNING, path=str(path),
                      traced_mb=traced)  # fmt: skip
