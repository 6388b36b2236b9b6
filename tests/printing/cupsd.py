"""A throwaway CUPS scheduler for the printing tests: a real ``cupsd`` of its own.

It runs in a temporary directory with its own ``cupsd.conf`` / ``cups-files.conf``, listens
only on a unix socket there (clients find it through ``CUPS_SERVER``), and lets anyone
on this machine administer it (no passwords: it serves tests only).  It runs as the user
running the tests; as root it runs as ``nobody`` — a scheduler started by root would run
its backends as the ``lp`` user and could not reach the temporary directory.  Queues are
raw: ``lpadmin -p NAME -E -v socket://127.0.0.1:PORT`` (the fake Zebra's port), so a test
sees the bytes CUPS delivers.  When ``cupsd`` or the CUPS tools are missing the tests skip
— or fail under ``KOLEKTOR_TEST_REQUIRE_SERVICES=1`` (``make test``).
"""

from __future__ import annotations

import grp
import itertools
import os
import pwd
import shutil
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

import trio

from tests.requirements import unavailable

TOOLS = ("cupsd", "lpadmin", "lp", "lpstat", "cupsdisable", "cupsenable", "cupsreject")
_SEARCH = os.pathsep.join([os.environ.get("PATH", ""), "/usr/sbin", "/sbin"])
_names = itertools.count(1)


def _tool(name: str) -> str:
    path = shutil.which(name, path=_SEARCH)
    if path is None:
        unavailable(f"CUPS unavailable for tests: {name} not found (Debian: apt-get install cups)")
    return path


class Cupsd:
    """A running scheduler; :attr:`server` is the value for ``CUPS_SERVER``."""

    def __init__(self) -> None:
        self.tools = {name: _tool(name) for name in TOOLS}
        if not Path("/usr/lib/cups/backend/socket").exists():
            unavailable("CUPS unavailable for tests: no socket backend (apt-get install cups)")
        self.directory = Path(tempfile.mkdtemp(prefix="kolektor-cupsd-"))
        self.server = str(self.directory / "cups.sock")
        root = os.geteuid() == 0
        account = pwd.getpwnam("nobody") if root else pwd.getpwuid(os.getuid())
        self.user = account.pw_name
        self.group = grp.getgrgid(account.pw_gid).gr_name
        self._write_configuration()
        if os.geteuid() == 0:
            for path in [self.directory, *self.directory.rglob("*")]:
                os.chown(path, account.pw_uid, account.pw_gid)
        self.directory.chmod(0o755)
        self.process: subprocess.Popen[bytes] | None = None
        self.start()

    @property
    def env(self) -> dict[str, str]:
        return {**os.environ, "CUPS_SERVER": self.server, "LC_ALL": "C.UTF-8"}

    def _write_configuration(self) -> None:
        d = self.directory
        for sub in ("spool/temp", "log", "cache", "state", "ppd"):
            (d / sub).mkdir(parents=True)
        (d / "cupsd.conf").write_text(
            f"LogLevel info\nListen {self.server}\nBrowsing No\nWebInterface No\n"
            "DefaultAuthType None\n"
            "<Location />\nOrder allow,deny\nAllow all\n</Location>\n"
            "<Policy default>\n<Limit All>\nOrder deny,allow\n</Limit>\n</Policy>\n",
            encoding="utf-8",
        )
        (d / "cups-files.conf").write_text(
            f"User {self.user}\nGroup {self.group}\nSystemGroup {self.group}\n"
            f"ServerRoot {d}\nStateDir {d}/state\nCacheDir {d}/cache\n"
            f"RequestRoot {d}/spool\nTempDir {d}/spool/temp\n"
            f"AccessLog {d}/log/access_log\nErrorLog {d}/log/error_log\n"
            f"PageLog {d}/log/page_log\n",
            encoding="utf-8",
        )

    def start(self) -> None:
        command = [
            self.tools["cupsd"],
            "-f",
            "-c",
            str(self.directory / "cupsd.conf"),
            "-s",
            str(self.directory / "cups-files.conf"),
        ]
        as_nobody: dict[str, Any] = {"user": self.user, "group": self.group, "extra_groups": []}
        self.process = subprocess.Popen(
            command,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            **(as_nobody if os.geteuid() == 0 else {}),
        )
        self.wait_running()

    def wait_running(self) -> None:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process is not None and self.process.poll() is not None:
                break
            result = subprocess.run(
                [self.tools["lpstat"], "-r"],
                env=self.env,
                capture_output=True,
                text=True,
                check=False,
            )
            if result.returncode == 0 and "not running" not in result.stdout:
                return
            time.sleep(0.1)
        unavailable(f"CUPS unavailable for tests: cupsd did not start\n{self.log()}")

    def log(self) -> str:
        path = self.directory / "log" / "error_log"
        return path.read_text(errors="replace")[-3000:] if path.exists() else ""

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        shutil.rmtree(self.directory, ignore_errors=True)

    async def admin(self, tool: str, *args: str) -> None:
        """Run a CUPS administration tool (``lpadmin``, ``cupsdisable``…) on this server."""
        result = await trio.run_process(
            [self.tools[tool], *args], env=self.env, capture_stderr=True, check=False
        )
        assert result.returncode == 0, result.stderr.decode(errors="replace")

    async def add_queue(self, device_uri: str) -> str:
        """A new raw queue (no driver) printing to ``device_uri``; its name."""
        name = f"Pakowanie{next(_names)}"
        await self.admin("lpadmin", "-p", name, "-E", "-v", device_uri)
        return name
