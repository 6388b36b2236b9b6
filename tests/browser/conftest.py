"""Browser tests of the scanner web app: Debian's Chromium driven by Playwright, against a
real Kolektor server (``kolektor serve``, a subprocess) on the demo data.

Chromium is launched from ``/usr/bin/chromium`` (``apt-get install chromium``), never from a
Playwright download.  Without Chromium or the Playwright package the tests are skipped with
the reason.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx
import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
VIEWPORT = {"width": 360, "height": 740}
"""A 5-inch handheld (Zebra TC21/TC26 class) in CSS pixels; screenshots at 2× density."""

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
OFFICE_AUTH = ("biuro", "biuro-demo")
READY_LINES = ("Kolektor działa pod adresem", "Kolektor is listening at")
SERVER_START_TIMEOUT = 60.0
INTAKE_TIMEOUT = 60.0


def _requirements_missing() -> str | None:
    if not CHROMIUM.exists():
        return f"{CHROMIUM} is missing (apt-get install chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the Playwright package is missing (pip install playwright)"
    return None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _kolektor_command() -> list[str]:
    script = Path(sys.executable).with_name("kolektor")
    if script.exists():
        return [str(script)]
    found = shutil.which("kolektor")
    if found:
        return [found]
    return [sys.executable, "-c", "import sys; from kolektor.cli import main; sys.exit(main())"]


@dataclass
class KolektorServer:
    """A running ``kolektor serve`` on the demo data."""

    base_url: str
    process: subprocess.Popen[str]
    output: list[str] = field(default_factory=list)

    def api(self, path: str, **params: Any) -> Any:
        response = httpx.get(
            f"{self.base_url}{path}", params=params, auth=OFFICE_AUTH, timeout=10.0
        )
        response.raise_for_status()
        return response.json()

    def order(self, order_id: int) -> dict[str, Any]:
        return self.api(f"/api/orders/{order_id}")["order"]  # type: ignore[no-any-return]

    def log_tail(self, lines: int = 40) -> str:
        return "\n".join(self.output[-lines:])


def _pump(stream: Any, sink: list[str], ready: threading.Event) -> None:
    for line in stream:
        sink.append(line.rstrip("\n"))
        if any(marker in line for marker in READY_LINES):
            ready.set()
    ready.set()  # the process ended: stop waiting


@pytest.fixture(scope="session")
def browser_requirements() -> None:
    reason = _requirements_missing()
    if reason is not None:
        pytest.skip(reason)


@pytest.fixture(scope="session")
def kolektor_server(
    browser_requirements: None, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[KolektorServer]:
    from kolektor.demo.run import prepare_demo

    folder = tmp_path_factory.mktemp("scanner-demo")
    port = _free_port()
    config_path = prepare_demo(folder, host="127.0.0.1", port=port, reset=True, language="pl")
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "KOLEKTOR_LANG": "pl"}
    process = subprocess.Popen(
        [*_kolektor_command(), "--config", str(config_path), "serve"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
        cwd=folder,
    )
    server = KolektorServer(f"http://127.0.0.1:{port}", process)
    ready = threading.Event()
    threading.Thread(target=_pump, args=(process.stdout, server.output, ready), daemon=True).start()
    try:
        if not ready.wait(SERVER_START_TIMEOUT) or process.poll() is not None:
            pytest.fail(f"kolektor serve did not start:\n{server.log_tail()}")
        deadline = time.monotonic() + INTAKE_TIMEOUT
        while True:
            health = httpx.get(f"{server.base_url}/health", timeout=5.0).json()
            if (health.get("subiekt") or {}).get("last_success_at"):
                break
            if time.monotonic() > deadline or process.poll() is not None:
                pytest.fail(
                    f"the intake did not import the demo orders: {json.dumps(health)}\n"
                    f"{server.log_tail()}"
                )
            time.sleep(0.2)
        yield server
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=5)


@pytest.fixture(scope="session")
def browser(browser_requirements: None) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@dataclass
class Device:
    """One handheld: a browser context (its own localStorage) and its page."""

    context: Any
    page: Any
    errors: list[str]


@pytest.fixture
def device(browser: Any, kolektor_server: KolektorServer) -> Iterator[Device]:
    context = browser.new_context(
        viewport=VIEWPORT,
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
        locale="pl-PL",
        timezone_id="Europe/Warsaw",
        base_url=kolektor_server.base_url,
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        yield Device(context, page, errors)
    finally:
        context.close()
    assert not errors, f"JavaScript errors on the page: {errors}"


def screenshot(page: Any, name: str) -> None:
    """Save a screenshot for docs/scanner-app.md (kept current by every run)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / name), animations="disabled", caret="hide")


def quantity(text: str) -> Decimal:
    """A quantity as the app shows it ("6", "0,735") or the API sends it ("6.0000")."""
    return Decimal(str(text).strip().replace(",", "."))
