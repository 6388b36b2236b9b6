"""Browser tests of the scanner web app: Debian's Chromium driven by Playwright, against a
real Kolektor server (``kolektor serve``, a subprocess) on the demo data.

Chromium is launched from ``/usr/bin/chromium`` (``apt-get install chromium``), never from a
Playwright download.  Without Chromium or the Playwright package the tests are skipped with
the reason.

Every page of every device is watched: a JavaScript error or a Content-Security-Policy
violation (the server sends a strict CSP: no inline scripts or styles, no ``eval``) fails
the test that caused it.
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
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.requirements import unavailable

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
VIEWPORT = {"width": 360, "height": 640}
"""A 5-inch handheld (Zebra TC21/TC26 class) in CSS pixels; screenshots at 2× density."""

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
OFFICE_AUTH = ("biuro", "biuro-demo")
ADMIN_LOGIN = {"login": "szef", "password": "szef-demo"}
READY_LINES = ("Kolektor działa pod adresem", "Kolektor is listening at")
SERVER_START_TIMEOUT = 60.0
INTAKE_TIMEOUT = 60.0

CSP_WATCH = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.kolektorCspViolation({
    directive: event.violatedDirective,
    blocked: event.blockedURI,
    source: event.sourceFile,
    line: event.lineNumber,
    sample: event.sample,
  });
}, true);
"""
"""Runs in every page before its own scripts: reports each CSP violation to the test."""


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


@contextmanager
def running_server(
    folder: Path,
    *,
    wait_for_orders: bool = True,
    open_orders: int | None = None,
    config_extra: str = "",
) -> Iterator[KolektorServer]:
    """``kolektor serve`` on a fresh demo in ``folder``; with ``wait_for_orders``, until the
    intake has imported the demo orders; with ``open_orders``, a demo Subiekt with that many
    open ZKs instead of the usual number; ``config_extra`` (TOML, e.g. an ``[allegro]``
    section) is added at the end of the demo's ``kolektor.toml``."""
    from kolektor.demo.generator import create_subiekt_database
    from kolektor.demo.run import prepare_demo

    port = _free_port()
    reset = True
    if open_orders is not None:
        # prepare_demo keeps a Subiekt database it finds in the folder.
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(mode=0o700, parents=True)
        create_subiekt_database(folder / "subiekt-demo.db", orders=open_orders)
        reset = False
    config_path = prepare_demo(folder, host="127.0.0.1", port=port, reset=reset, language="pl")
    if config_extra:
        with config_path.open("a", encoding="utf-8") as config_file:
            config_file.write("\n" + config_extra)
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
        while wait_for_orders:
            # The intake's state is shown to office accounts only.
            health = httpx.get(f"{server.base_url}/health", auth=OFFICE_AUTH, timeout=5.0).json()
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
def browser_requirements() -> None:
    reason = _requirements_missing()
    if reason is not None:
        unavailable(reason)


@pytest.fixture(scope="session")
def kolektor_server(
    browser_requirements: None, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[KolektorServer]:
    """The server the tests share (one demo for the whole session)."""
    with running_server(tmp_path_factory.mktemp("scanner-demo")) as server:
        yield server


@pytest.fixture(scope="session")
def throttling_server(
    browser_requirements: None, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[KolektorServer]:
    """A server of its own for the tests that fail logins on purpose: login throttling
    counts failures per source address, and every browser here connects from 127.0.0.1,
    so on the shared server they would slow down the logins of every later test."""
    with running_server(tmp_path_factory.mktemp("throttle-demo"), wait_for_orders=False) as server:
        yield server


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
    """One handheld: a browser context (its own localStorage) and its page.  ``errors``
    collects JavaScript errors and ``csp`` Content-Security-Policy violations of every page
    the context opens (the fixture fails the test when either is not empty)."""

    context: Any
    page: Any
    errors: list[str]
    csp: list[str]

    def new_page(self) -> Any:
        """Another tab of the same browser (same localStorage, its own sessionStorage)."""
        return self.context.new_page()


def _watch_page(page: Any, device_errors: list[str], csp: list[str]) -> None:
    page.on("pageerror", lambda error: device_errors.append(str(error)))

    def console(message: Any) -> None:
        if message.type == "error" and "Content Security Policy" in message.text:
            csp.append(f"console: {message.text}")

    page.on("console", console)


def watch_context(context: Any, errors: list[str], csp: list[str]) -> None:
    """Collect every page's JavaScript errors and CSP violations of ``context``."""
    context.expose_function("kolektorCspViolation", lambda report: csp.append(json.dumps(report)))
    context.add_init_script(CSP_WATCH)
    context.on("page", lambda page: _watch_page(page, errors, csp))


PANEL_DESKTOP = {"width": 1280, "height": 800}
PANEL_TABLET_PORTRAIT = {"width": 800, "height": 1280}
"""The office panel's screens: a desktop and a 10-inch tablet held upright."""


@contextmanager
def panel_context(
    browser: Any, base_url: str, *, viewport: dict[str, int] | None = None,
    timeout: float = 10_000, **options: Any,
) -> Iterator[Any]:  # fmt: skip
    """A desktop browser context for the office panel on ``base_url`` (Polish, Warsaw time);
    on leaving, fails the test on any JavaScript error or Content-Security-Policy violation
    its pages had."""
    context = browser.new_context(
        viewport=viewport or PANEL_DESKTOP, locale="pl-PL", timezone_id="Europe/Warsaw",
        base_url=base_url, **options,
    )  # fmt: skip
    context.set_default_timeout(timeout)
    errors: list[str] = []
    csp: list[str] = []
    watch_context(context, errors, csp)
    try:
        yield context
    finally:
        context.close()
    assert not errors, f"JavaScript errors on the page: {errors}"
    assert not csp, f"Content-Security-Policy violations: {csp}"


def new_device(browser: Any, server: KolektorServer) -> Device:
    """A handheld-sized browser context on ``server`` with its pages watched."""
    context = browser.new_context(
        viewport=VIEWPORT,
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
        locale="pl-PL",
        timezone_id="Europe/Warsaw",
        base_url=server.base_url,
    )
    context.set_default_timeout(10_000)
    errors: list[str] = []
    csp: list[str] = []
    watch_context(context, errors, csp)
    page = context.new_page()
    return Device(context, page, errors, csp)


DeviceFactory = Callable[..., Device]


@pytest.fixture
def devices(browser: Any, kolektor_server: KolektorServer) -> Iterator[DeviceFactory]:
    """Opens handhelds (on the shared server unless told otherwise); closes them after the
    test and fails it on any JavaScript error or CSP violation."""
    opened: list[Device] = []

    def open_device(server: KolektorServer | None = None) -> Device:
        device = new_device(browser, server or kolektor_server)
        opened.append(device)
        return device

    try:
        yield open_device
    finally:
        for device in opened:
            device.context.close()
    errors = [error for device in opened for error in device.errors]
    violations = [report for device in opened for report in device.csp]
    assert not errors, f"JavaScript errors on the page: {errors}"
    assert not violations, f"Content-Security-Policy violations: {violations}"


@pytest.fixture
def device(devices: DeviceFactory) -> Device:
    return devices()


class OfficeApi:
    """The office API as an admin uses it from the panel: a session cookie from
    ``POST /api/session`` and the CSRF token with every change."""

    def __init__(self, server: KolektorServer) -> None:
        self.http = httpx.Client(base_url=server.base_url, timeout=15.0)
        response = self.http.post("/api/session", json=ADMIN_LOGIN)
        response.raise_for_status()
        self.csrf = response.json()["csrf_token"]

    def _send(self, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
        response = self.http.request(method, path, json=body, headers={"X-CSRF-Token": self.csrf})
        assert response.is_success, f"{method} {path}: {response.status_code} {response.text}"
        return response.json()

    def operators(self) -> list[dict[str, Any]]:
        response = self.http.get("/api/operators")
        response.raise_for_status()
        return response.json()["operators"]  # type: ignore[no-any-return]

    def operator(self, login: str) -> dict[str, Any]:
        return next(op for op in self.operators() if op["login"] == login)

    def create_operator(self, **fields: Any) -> dict[str, Any]:
        return self._send("POST", "/api/operators", fields)["operator"]  # type: ignore[no-any-return]

    def change_operator(self, operator_id: int, **fields: Any) -> dict[str, Any]:
        path = f"/api/operators/{operator_id}"
        return self._send("PATCH", path, fields)["operator"]  # type: ignore[no-any-return]

    def logout_everywhere(self, operator_id: int) -> int:
        return self._send("POST", f"/api/operators/{operator_id}/logout")["ended"]  # type: ignore[no-any-return]

    def close(self) -> None:
        self.http.close()


@pytest.fixture(scope="session")
def office(kolektor_server: KolektorServer) -> Iterator[OfficeApi]:
    api = OfficeApi(kolektor_server)
    try:
        yield api
    finally:
        api.close()


def screenshot(page: Any, name: str) -> None:
    """Save a screenshot for docs/scanner-app.md (kept current by every run)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / name), animations="disabled", caret="hide")


def quantity(text: str) -> Decimal:
    """A quantity as the app shows it ("6", "0,735") or the API sends it ("6.0000")."""
    return Decimal(str(text).strip().replace(",", "."))
