"""The scanner app's *shell* for its service worker: what a handheld keeps to start the app
without a network.

A page reload in a Wi-Fi dead zone must not end on the browser's error page: the app's
service worker (``web/scanner/sw.js``, served as ``/static/scanner/sw.js`` with the scope
``/scanner``) keeps the shell — the page ``/scanner``, every file of ``web/scanner`` and the
texts ``/static/scanner/i18n/<language>.json`` — in a cache named after the shell's
version, and answers those addresses from it.  The server puts the version and the list in
front of the worker's code (:func:`service_worker_script`): the version is a hash of the
files and the texts, so any change of either makes a new worker, which caches the new shell
and deletes the old cache.  The API, the WebSocket and everything else always go to the
network.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Final

import kolektor
from kolektor.i18n import LANGUAGES, web_catalog

APP_PAGE: Final = "/scanner"
"""The app's page, and the service worker's scope."""
STATIC_PREFIX: Final = "/static/scanner/"
WORKER_FILE: Final = "sw.js"
PAGE_FILE: Final = "index.html"
"""Served as :data:`APP_PAGE`, not under :data:`STATIC_PREFIX`."""


def _app_files(folder: Path) -> list[Path]:
    """The files of the app's folder the shell holds (not the worker itself)."""
    return sorted(
        path
        for path in folder.iterdir()
        if path.is_file() and path.name != WORKER_FILE and not path.name.startswith(".")
    )


def shell_urls(folder: Path) -> list[str]:
    """The addresses the worker caches: the page, each file, each language's texts."""
    urls = [APP_PAGE]
    urls += [f"{STATIC_PREFIX}{path.name}" for path in _app_files(folder) if path.name != PAGE_FILE]
    urls += [f"{STATIC_PREFIX}i18n/{language}.json" for language in LANGUAGES]
    return urls


def shell_version(folder: Path) -> str:
    """A hash of everything the shell holds: Kolektor's version, the files, the texts."""
    digest = hashlib.sha256(kolektor.__version__.encode())
    for path in [*_app_files(folder), folder / WORKER_FILE]:
        digest.update(path.name.encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    for language in LANGUAGES:
        texts = json.dumps(web_catalog(language), ensure_ascii=False, sort_keys=True)
        digest.update(texts.encode())
    return digest.hexdigest()[:16]


def service_worker_script(folder: Path) -> str:
    """``sw.js`` with the shell's version and addresses defined in front of it."""
    header = (
        f"const SHELL_VERSION = {json.dumps(shell_version(folder))};\n"
        f"const SHELL_URLS = {json.dumps(shell_urls(folder))};\n"
    )
    return header + (folder / WORKER_FILE).read_text(encoding="utf-8")
