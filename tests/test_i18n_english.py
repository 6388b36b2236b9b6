"""No English sentence reaches a Polish user: a scan of ``kolektor/`` for prose written
straight into what people see, instead of a catalog key.

What people see, precisely:

* the message of the exceptions in :data:`USER_VISIBLE` — their text becomes an API error
  body, a CLI line, a scanner message, or (``StepFailed``, ``StepNotConfigured``,
  ``WriterError``…) a job's error and an order's reason stored for the office;
* the reasons, errors and summaries handed to the store (``reason=``, ``error=``,
  ``summary=``, ``problem=`` of any call except logging, whose fields are for the log);
* what the CLI and ``kolektor check`` print (``print(…)``).

Any string literal (or literal part of an f-string) there with two English words in a row
is a failure: it must be a catalog key (:mod:`kolektor.i18n`) with its parameters.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "kolektor"

USER_VISIBLE = frozenset(
    {
        # kept as a job's error / not_configured reason and an order's status reason
        "StepFailed", "StepError", "StepNotConfigured", "StepMissing",
        "WriterError", "ZkChanged", "ZkMissing", "ZkRealizedElsewhere", "StockShortage",
        "SubiektLocked", "PermissionDenied", "LicenceError", "ValueTooLong", "FiscalError",
        "WriterUnavailable", "DocumentError", "SferaLoginError", "SferaNotRegistered",
        "KsefRejected", "SubiektDialog", "SessionProbeFailed",
        # shown by the API, the scanner and the CLI
        "ApiError", "ScannerError", "ProtocolError", "LoginRefused", "OperatorError",
        "RulesError", "ConfigError", "TlsError", "SubiektUnavailable", "StoreConfigError",
        # shown on the packing device and the dashboard
        "PrinterError", "HostStatusError", "LabelError", "BadAddress",
    }
)  # fmt: skip
"""Exceptions whose message a user sees."""

STORED = frozenset({"reason", "error", "summary", "problem", "text", "detail"})
"""Keywords whose value is stored for, or shown to, the office."""

LOGGING = frozenset({"log_event", "debug", "info", "warning", "error", "exception", "critical"})
"""Calls whose keywords go to the log only (for the people running Kolektor, in English)."""

PROSE = re.compile(r"[A-Za-z]{2,}[ ,;:'’-]+[A-Za-z]{2,}")
"""Two words in a row: a sentence, not a code (``not_found``) or a key (``store.url_empty``)."""

SKIP = ("store/migrations/",)

NOT_PROSE = frozenset({"  curl -u biuro:biuro-demo "})
"""Literals that look like two words but are not language (a command line to copy)."""


def _name(func: ast.expr) -> str:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return ""


def _literals(node: ast.expr) -> list[str]:
    """The literal text inside ``node``: a string, the literal parts of an f-string, the
    branches of a conditional expression, the operands of ``+``."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.JoinedStr):
        return [v.value for v in node.values if isinstance(v, ast.Constant)]
    if isinstance(node, ast.IfExp):
        return _literals(node.body) + _literals(node.orelse)
    if isinstance(node, ast.BinOp):
        return _literals(node.left) + _literals(node.right)
    return []


def english_in(path: Path, root: Path = ROOT) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = _name(node.func)
        if name in USER_VISIBLE or name == "print":
            values = [*node.args, *(k.value for k in node.keywords)]
        elif name not in LOGGING:
            values = [k.value for k in node.keywords if k.arg in STORED]
        else:
            values = []
        for value in values:
            for text in _literals(value):
                if PROSE.search(text) and text not in NOT_PROSE:
                    relative = path.relative_to(root)
                    found.append(f"{relative}:{value.lineno}: {name}(… {text!r} …)")
    return found


def sources() -> list[Path]:
    return sorted(
        path for path in PACKAGE.rglob("*.py") if not any(part in path.as_posix() for part in SKIP)
    )


def test_no_english_prose_reaches_users() -> None:
    found = [line for path in sources() for line in english_in(path)]
    assert found == [], "write a catalog key (kolektor/i18n.py, kolektor/messages/):\n" + (
        "\n".join(found)
    )


@pytest.mark.parametrize(
    "source",
    [
        'raise StepFailed("There is no realized document to render", retryable=False)',
        'raise DocumentError(f"{label}: cannot render, missing {gaps}")',
        'record_event(conn, order_id, "x", reason="skipped by the office")',
        'print(f"Checking configuration {path}")',
    ],
)
def test_the_scan_finds_english(tmp_path: Path, source: str) -> None:
    assert scan_text(tmp_path, source), source


def test_codes_keys_and_log_fields_are_not_prose(tmp_path: Path) -> None:
    assert scan_text(tmp_path, 'raise ScannerError("not_found")') == []
    assert scan_text(tmp_path, 'raise StoreConfigError("store.url_empty", examples=x)') == []
    assert scan_text(tmp_path, 'log_event(logger, "x", error="the store went away")') == []


def scan_text(folder: Path, source: str) -> list[str]:
    probe = folder / "probe.py"
    probe.write_text(source + "\n", encoding="utf-8")
    return english_in(probe, root=folder)
