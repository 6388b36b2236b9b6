"""Structured logs: one JSON line per event, with the order and operator in context."""

from __future__ import annotations

import io
import json
import logging

import trio

from kolektor.logs import configure_logging, log_context, log_event


def lines(stream: io.StringIO) -> list[dict[str, object]]:
    return [json.loads(line) for line in stream.getvalue().splitlines()]


def test_event_line_carries_fields_and_context() -> None:
    stream = io.StringIO()
    configure_logging("INFO", stream)
    logger = logging.getLogger("kolektor.test")
    with log_context(order="ZK 18/2026", operator="anna"):
        log_event(logger, "scan.accepted", code="5901234123457", quantity=1)
    log_event(logger, "intake.pass", imported=3)
    first, second = lines(stream)
    assert {k: first[k] for k in ("level", "logger", "event", "order", "operator", "code")} == {
        "level": "info",
        "logger": "kolektor.test",
        "event": "scan.accepted",
        "order": "ZK 18/2026",
        "operator": "anna",
        "code": "5901234123457",
    }
    assert "order" not in second and second["imported"] == 3
    assert str(first["ts"]).endswith("+00:00")


def test_polish_text_is_written_readably_and_each_event_is_one_line() -> None:
    stream = io.StringIO()
    configure_logging("INFO", stream)
    log_event(logging.getLogger("kolektor.test"), "intake.gone", reason="ZK usunięto\nw Subiekcie")
    output = stream.getvalue()
    assert output.count("\n") == 1
    assert "usunięto" in output


def test_context_follows_trio_tasks_without_leaking_between_them() -> None:
    stream = io.StringIO()
    configure_logging("INFO", stream)
    logger = logging.getLogger("kolektor.test")

    async def work(order: str) -> None:
        with log_context(order=order):
            await trio.sleep(0.01)
            log_event(logger, "step", mine=order)

    async def main() -> None:
        async with trio.open_nursery() as nursery:
            for name in ("ZK 1/2026", "ZK 2/2026", "ZK 3/2026"):
                nursery.start_soon(work, name)

    trio.run(main)
    assert all(line["order"] == line["mine"] for line in lines(stream))
    assert len(lines(stream)) == 3


def test_below_level_events_are_dropped() -> None:
    stream = io.StringIO()
    configure_logging("WARNING", stream)
    logger = logging.getLogger("kolektor.test")
    log_event(logger, "quiet")
    log_event(logger, "loud", logging.ERROR)
    assert [line["event"] for line in lines(stream)] == ["loud"]
