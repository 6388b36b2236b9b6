"""The scanner app's shell for its service worker (:mod:`kolektor.server.app_shell`): every
file of the app is cached, and any change of a file or a text makes a new version — so a
handheld never keeps running an old app after an update."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from kolektor.i18n import MESSAGES
from kolektor.server.app import WEB_DIR
from kolektor.server.app_shell import service_worker_script, shell_urls, shell_version

APP = WEB_DIR / "scanner"


@pytest.fixture
def app_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "scanner"
    shutil.copytree(APP, folder)
    return folder


def test_the_shell_holds_the_page_every_file_and_the_texts() -> None:
    urls = shell_urls(APP)
    files = {f"/static/scanner/{path.name}" for path in APP.iterdir() if path.is_file()}
    files -= {"/static/scanner/index.html", "/static/scanner/sw.js"}
    assert urls[0] == "/scanner"
    assert set(urls) == {
        "/scanner",
        *files,
        "/static/scanner/i18n/pl.json",
        "/static/scanner/i18n/en.json",
    }
    assert "/static/scanner/app.js" in urls and "/static/scanner/offline.js" in urls


def test_a_changed_file_or_text_is_a_new_version(
    app_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = shell_version(app_copy)
    assert before == shell_version(app_copy)  # the same files, the same version

    style = app_copy / "style.css"
    style.write_text(style.read_text() + "\n/* changed */\n")
    after_file = shell_version(app_copy)
    assert after_file != before

    texts = dict(MESSAGES["web.queue.title"])
    monkeypatch.setitem(MESSAGES, "web.queue.title", {**texts, "pl": texts["pl"] + "!"})
    assert shell_version(app_copy) != after_file


def test_the_worker_script_starts_with_its_version_and_list(app_copy: Path) -> None:
    script = service_worker_script(app_copy)
    first, second, rest = script.split("\n", 2)
    version = re.fullmatch(r'const SHELL_VERSION = "([0-9a-f]{16})";', first)
    assert version and version.group(1) == shell_version(app_copy)
    listed = re.fullmatch(r"const SHELL_URLS = (\[.*\]);", second)
    assert listed and json.loads(listed.group(1)) == shell_urls(app_copy)
    assert rest == (app_copy / "sw.js").read_text()
