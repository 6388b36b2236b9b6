"""Structured logs: one JSON line per event, with the order and operator in context."""

from __future__ import annotations

import io
import json
import logging
import secrets
import stat
from pathlib import Path

import pytest
import trio

from kolektor.cli import main
from kolektor.config import load_config, render_config
from kolektor.logs import configure_logging, log_context, log_event, register_secret


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


def strict_utf8_stream() -> io.TextIOWrapper[io.BytesIO]:
    """A stream that refuses what UTF-8 cannot encode, like a real log file or pipe."""
    return io.TextIOWrapper(io.BytesIO(), encoding="utf-8", errors="strict", write_through=True)


def written(stream: io.TextIOWrapper[io.BytesIO]) -> list[dict[str, object]]:
    raw = stream.buffer.getvalue()
    return [json.loads(line) for line in raw.decode("utf-8").splitlines()]


def test_lone_surrogates_never_lose_the_line() -> None:
    stream = strict_utf8_stream()
    configure_logging("INFO", stream)
    logger = logging.getLogger("kolektor.test")
    with log_context(operator="anna\ud800"):
        try:
            raise ValueError("zły kod \udcff")
        except ValueError:
            logger.exception(
                "auth.failed\ud800", extra={"kolektor_fields": {"login": "x\udfff", "n": 1}}
            )
    log_event(logger, "after")
    first, second = written(stream)
    assert first["event"] == "auth.failed\\ud800"
    assert first["operator"] == "anna\\ud800"
    assert first["login"] == "x\\udfff" and first["n"] == 1
    assert "zły kod \\udcff" in str(first["exception"])
    assert second["event"] == "after"


def test_characters_the_stream_cannot_encode_are_json_escapes() -> None:
    stream = io.TextIOWrapper(io.BytesIO(), encoding="cp1250", errors="strict")
    configure_logging("INFO", stream)
    log_event(logging.getLogger("kolektor.test"), "package", label="łódź 📦 €")
    stream.flush()
    raw = stream.buffer.getvalue()
    assert "łódź".encode("cp1250") in raw  # Polish stays readable in a Windows-1250 file
    assert json.loads(raw.decode("cp1250"))["label"] == "łódź 📦 €"


def test_registered_secret_never_appears_even_in_a_traceback() -> None:
    secret = 'Tajne"Hasło\\42'
    register_secret(secret)
    stream = strict_utf8_stream()
    configure_logging("INFO", stream)
    logger = logging.getLogger("kolektor.test")

    def connect() -> None:
        raise ConnectionError(f"login failed with password {secret}")

    with log_context(order=f"ZK {secret}"):
        try:
            connect()
        except ConnectionError:
            logger.exception(f"event-{secret}", extra={"kolektor_fields": {"dsn": [secret]}})
    raw = stream.buffer.getvalue().decode("utf-8")
    assert secret not in raw and json.dumps(secret)[1:-1] not in raw
    assert "Hasło" not in raw
    (line,) = written(stream)
    assert line["event"] == "event-***" and line["order"] == "ZK ***"
    assert line["dsn"] == ["***"]
    assert "login failed with password ***" in str(line["exception"])


def test_a_secret_written_as_a_number_is_hidden_and_the_line_stays_json() -> None:
    register_secret("73914260")
    stream = io.StringIO()
    configure_logging("INFO", stream)
    log_event(logging.getLogger("kolektor.test"), "pin.checked", value=73914260, other=5)
    (line,) = lines(stream)
    assert line["value"] == "***" and line["other"] == 5


def test_values_too_short_to_be_secrets_are_left_alone() -> None:
    register_secret("zk1")
    stream = io.StringIO()
    configure_logging("INFO", stream)
    log_event(logging.getLogger("kolektor.test"), "intake.pass", order="zk1")
    assert lines(stream)[0]["order"] == "zk1"


def test_a_field_that_cannot_be_shown_still_gives_a_line() -> None:
    class Broken:
        def __str__(self) -> str:
            raise RuntimeError("no text")

    stream = io.StringIO()
    configure_logging("INFO", stream)
    log_event(logging.getLogger("kolektor.test"), "order.odd", thing=Broken())
    (line,) = lines(stream)
    assert line["event"] == "log.unformattable"
    assert line["original_event"] == "'order.odd'"
    assert "no text" in str(line["error"])


def test_loading_a_config_registers_its_secrets(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from_file = "Z-pliku-" + secrets.token_hex(8)
    from_environment = "Ze-srodowiska-" + secrets.token_hex(8)
    monkeypatch.setenv("KOLEKTOR_TEST_PG_PASSWORD", from_environment)
    instance_key = secrets.token_urlsafe(32)
    (tmp_path / "secrets.toml").write_text(
        f'SUBIEKT_PASSWORD = "{from_file}"\nKEY = "{instance_key}"\n', "utf-8"
    )
    config_text = render_config(
        connection_string="DSN=x;UID=sa;PWD={${SUBIEKT_PASSWORD}}",
        extra='[secrets]\nfile = "secrets.toml"\n[security]\nsecret_key = "${KEY}"\n',
    ).replace('url = ""', 'url = "postgresql://k:${KOLEKTOR_TEST_PG_PASSWORD}@db/k"')
    (tmp_path / "kolektor.toml").write_text(config_text, "utf-8")
    config = load_config(tmp_path / "kolektor.toml")
    assert from_file in config.subiekt.connection_string  # substituted…
    stream = io.StringIO()
    configure_logging("INFO", stream)
    log_event(
        logging.getLogger("kolektor.test"),
        "config.loaded",
        subiekt=config.subiekt.connection_string,
        store=config.store_url,
        key=config.security.secret_key,
    )
    output = stream.getvalue()
    assert from_file not in output and from_environment not in output  # …but never logged
    assert instance_key not in output
    assert lines(stream)[0]["store"] == "postgresql://k:***@db/k"


# -- what goes where ------------------------------------------------------------------------


def test_a_log_file_is_private_and_rotated_keeping_so_many_old_files(tmp_path: Path) -> None:
    path = tmp_path / "logs" / "kolektor.log"
    configure_logging("INFO", file=path, max_mb=1, keep=2)
    logger = logging.getLogger("kolektor.test")
    filler = "ż" * 1000  # 2000 bytes in UTF-8
    for n in range(2000):  # about 4 MB: three rotations
        log_event(logger, "pipeline.step_done", n=n, filler=filler)
    configure_logging("INFO")  # closes the file
    names = sorted(p.name for p in path.parent.iterdir())
    assert names == ["kolektor.log", "kolektor.log.1", "kolektor.log.2"]
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    numbers = []
    for name in names:
        file = path.parent / name
        assert stat.S_IMODE(file.stat().st_mode) == 0o600
        assert file.stat().st_size <= 1024 * 1024
        written = [json.loads(line) for line in file.read_text("utf-8").splitlines()]
        assert all(line["filler"] == filler for line in written)
        numbers.append([line["n"] for line in written])
    # The newest lines are in kolektor.log, the oldest kept in .2; the oldest of all are gone.
    current, first, second = numbers
    assert current[-1] == 1999 and second[-1] + 1 == first[0] and first[-1] + 1 == current[0]
    assert second[0] > 0


def test_an_existing_log_file_is_made_private(tmp_path: Path) -> None:
    path = tmp_path / "kolektor.log"
    path.write_text('{"event": "earlier"}\n', "utf-8")
    path.chmod(0o644)
    configure_logging("INFO", file=path)
    log_event(logging.getLogger("kolektor.test"), "server.started")
    configure_logging("INFO")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert [json.loads(line)["event"] for line in path.read_text("utf-8").splitlines()] == [
        "earlier", "server.started",
    ]  # fmt: skip


def test_serve_writes_its_log_to_the_configured_file_or_says_why_it_cannot(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "not-a-folder").write_text("", "utf-8")
    (tmp_path / "kolektor.toml").write_text(
        render_config(connection_string="DSN=x", language="en")
        + '[logging]\nfile = "not-a-folder/kolektor.log"\n',
        "utf-8",
    )
    assert main(["--config", str(tmp_path / "kolektor.toml"), "serve"]) == 1
    (line,) = capsys.readouterr().err.splitlines()
    assert line.startswith(f"Cannot write the log to {tmp_path / 'not-a-folder' / 'kolektor.log'}")
    assert "Fix [logging] file" in line
    configure_logging("INFO")
