"""A text summary of a py-spy profile (collapsed stacks), for notes and reviews.

Record the server with ``py-spy record --threads --format raw -o PROFILE --pid PID`` (py-spy
is in the ``bench`` extra; it needs ptrace: root or ``kernel.yama.ptrace_scope = 0``), then::

    .venv/bin/python bench/profile_summary.py PROFILE [--top 25]

Prints the share of samples per thread (the event loop's ``MainThread`` against the worker
threads), the frames with the most *self* time (where the CPU actually was) and the functions
with the most *cumulative* time (samples with the function anywhere on the stack), each as a
percentage of all samples and of the thread's samples, plus the self time grouped by package
(SQLAlchemy, Trio, wsproto, Kolektor, …) — the flame graph in a few tables.
"""

from __future__ import annotations

import argparse
import re
from collections import Counter
from pathlib import Path

FRAME = re.compile(r"^(?P<name>.*) \((?P<file>[^():]*)(?::(?P<line>\d+))?\)$")
THREAD = re.compile(r"^thread \((?P<id>\w+)\)(?:: (?P<name>.*))?$")
EVENT_LOOP = "event loop (MainThread)"
WORKERS = "worker threads"


def split_line(line: str) -> tuple[list[str], int]:
    stack, _, count = line.rpartition(" ")
    return stack.split(";"), int(count)


def function_of(frame: str) -> str:
    """``name (file)`` without the line number: one entry per function."""
    match = FRAME.match(frame)
    if match is None:
        return frame
    return f"{match['name']} ({match['file']})"


def package_of(frame: str) -> str:
    match = FRAME.match(frame)
    path = match["file"] if match is not None else frame
    if path.startswith("<") or "/" not in path:
        return path.split(".")[0] if "." in path else path
    head = path.split("/")[0]
    return head if head != "kolektor" else "/".join(path.split("/")[:2])


def summarize(path: Path, top: int) -> str:
    per_thread: Counter[str] = Counter()
    self_time: Counter[tuple[str, str]] = Counter()
    cumulative: Counter[tuple[str, str]] = Counter()
    packages: Counter[tuple[str, str]] = Counter()
    total = 0
    for raw in path.read_text("utf-8").splitlines():
        if not raw.strip():
            continue
        frames, count = split_line(raw)
        thread = WORKERS
        if frames and (match := THREAD.match(frames[0])):
            frames.pop(0)
            thread = EVENT_LOOP if match["name"] == "MainThread" else WORKERS
        elif frames and frames[0].startswith("<module>"):  # recorded without --threads
            thread = EVENT_LOOP
        per_thread[thread] += count
        total += count
        if not frames:
            continue
        self_time[(thread, frames[-1])] += count
        packages[(thread, package_of(frames[-1]))] += count
        for function in {function_of(f) for f in frames}:
            cumulative[(thread, function)] += count
    lines = [f"# {path.name}: {total} samples", "", "| thread | samples | % |", "|---|---|---|"]
    for thread, count in per_thread.most_common():
        lines.append(f"| {thread} | {count} | {count / total * 100:.1f} |")

    def table(title: str, counter: Counter[tuple[str, str]]) -> None:
        lines.extend(["", f"## {title}", "", "| % all | % thread | thread | frame |",
                      "|---|---|---|---|"])  # fmt: skip
        for (thread, frame), count in counter.most_common(top):
            share = count / per_thread[thread] * 100
            lines.append(f"| {count / total * 100:.1f} | {share:.1f} | {thread} | `{frame}` |")

    table("self time by package", packages)
    table("self time (top frames)", self_time)
    table("cumulative time (function anywhere on the stack)", cumulative)
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("profile", type=Path, help="py-spy --format raw output")
    parser.add_argument("--top", type=int, default=25)
    args = parser.parse_args()
    print(summarize(args.profile, args.top))


if __name__ == "__main__":
    main()
