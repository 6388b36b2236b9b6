"""Failpoints: named places where a test can make the process die on purpose.

The crash tests of the finalization pipeline must kill a worker at exact instants — between
writing a document in Subiekt and recording that the step is done, for example — to prove
that every step checks for its effect before acting and that a crash anywhere leads to
exactly one invoice.  ``KOLEKTOR_FAILPOINTS`` names the points to trigger, comma-separated:

    KOLEKTOR_FAILPOINTS="realize.after_effect"        # SIGKILL at the first pass there
    KOLEKTOR_FAILPOINTS="document.before_effect:3"    # ...at the third pass

Without the variable (always, in production) :func:`failpoint` is a dictionary lookup that
does nothing.
"""

from __future__ import annotations

import os
import signal
from collections import Counter

_ARMED: dict[str, int] = {}
for _item in filter(None, os.environ.get("KOLEKTOR_FAILPOINTS", "").split(",")):
    _name, _, _count = _item.strip().partition(":")
    _ARMED[_name] = int(_count or 1)
_PASSES: Counter[str] = Counter()


def failpoint(name: str) -> None:
    """Kill this process with SIGKILL if ``name`` is armed and its pass count is reached."""
    if not _ARMED:
        return
    target = _ARMED.get(name)
    if target is None:
        return
    _PASSES[name] += 1
    if _PASSES[name] == target:
        os.kill(os.getpid(), signal.SIGKILL)
