"""Is this a label?  The check every label passes before a byte goes to a printer.

A label for Kolektor's printers is one or more complete ZPL formats: ``^XA`` … ``^XZ``,
with nothing but whitespace between and around them.  A printer given half a format waits
for the rest and then merges it with the next label; given text that is not ZPL (an error
page, a PDF, JSON from a carrier) it prints nothing or garbage.  So a batch is refused
whole, before anything is sent, naming what is wrong with which label.

The scan is sound because ZPL's field data cannot hold a bare ``^`` (data with a caret is
written with ``^FH`` hex escapes), so every ``^XA``/``^XZ`` found is a command.  Commands
are matched regardless of case, as printers do.  Formats that change the command prefix
(``^CC``/``~CC``) are not supported.  ``~`` commands outside a format (``~DG`` downloads,
``~JA``) are refused too: carriers' shipping labels are plain formats.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

_COMMAND = re.compile(rb"\^X[AZ]", re.IGNORECASE)


class LabelError(ValueError):
    """A label that is not one or more complete ZPL formats.  ``key``/``params`` name the
    defect in the message catalog (``printing.label.*``); ``index`` counts from 1."""

    def __init__(self, key: str, /, *, index: int, **params: object) -> None:
        super().__init__(key)
        self.key = key
        self.index = index
        self.params = {"index": index, **params}


def label_bytes(label: bytes | str, *, index: int = 1) -> bytes:
    """``label`` as the bytes to send (text is UTF-8, as ``^CI28`` expects), checked.

    Raises :class:`LabelError` when it is not one or more complete ``^XA…^XZ`` formats."""
    data = label.encode("utf-8") if isinstance(label, str) else bytes(label)
    formats(data, index=index)
    return data


def formats(data: bytes, *, index: int = 1) -> list[bytes]:
    """The complete formats in ``data``, each from ``^XA`` to ``^XZ`` inclusive."""
    if not data.strip():
        raise LabelError("printing.label.empty", index=index)
    if data.lstrip().startswith(b"%PDF"):
        raise LabelError("printing.label.pdf", index=index)
    found: list[bytes] = []
    start: int | None = None
    position = 0
    for match in _COMMAND.finditer(data):
        command = match.group().upper()
        if command == b"^XA":
            if start is not None:
                raise LabelError("printing.label.nested_start", index=index)
            _only_whitespace(data[position : match.start()], index)
            start = match.start()
        else:
            if start is None:
                raise LabelError("printing.label.end_without_start", index=index)
            found.append(data[start : match.end()])
            start = None
            position = match.end()
    if start is not None:
        raise LabelError("printing.label.unfinished", index=index)
    if not found:
        raise LabelError("printing.label.no_format", index=index, sample=_sample(data))
    _only_whitespace(data[position:], index)
    return found


def check_labels(labels: Sequence[bytes | str]) -> list[bytes]:
    """Every label as bytes, in order; the first bad one raises :class:`LabelError`."""
    if not labels:
        raise LabelError("printing.label.none", index=0)
    return [label_bytes(label, index=number) for number, label in enumerate(labels, start=1)]


def _only_whitespace(between: bytes, index: int) -> None:
    if between.strip():
        raise LabelError("printing.label.outside_format", index=index, sample=_sample(between))


def _sample(data: bytes, limit: int = 24) -> str:
    text = data.strip().decode("utf-8", errors="replace")
    text = "".join(ch if ch.isprintable() else "·" for ch in text)
    return text if len(text) <= limit else text[:limit] + "…"
