"""Reading JSON that came from outside (HTTP bodies, scanner messages) safely.

:func:`loads` parses with orjson and refuses, as bad input with a named problem, what the
standard library would turn into a crash or a corrupt row later:

* ``not_json`` — not JSON, or numbers JSON cannot hold (``NaN``, ``1e400``);
* ``too_deep`` — nesting deeper than ``max_depth`` (Python's own parser raises
  ``RecursionError`` on a few thousand ``[``, which used to become a 500);
* ``bad_text`` — invalid UTF-8, lone surrogates (``"\\ud800"``, which cannot be written to
  the logs or the store) or NUL characters (PostgreSQL cannot store them).

The result holds only dicts, lists, str, int, float, bool and None.
"""

from __future__ import annotations

from typing import Any, Final

import orjson

MAX_DEPTH: Final = 32


class JsonInputError(ValueError):
    """The input cannot be accepted; ``problem`` is ``not_json``, ``too_deep`` or
    ``bad_text``."""

    def __init__(self, problem: str) -> None:
        super().__init__(problem)
        self.problem = problem


def loads(raw: str | bytes, *, max_depth: int = MAX_DEPTH) -> Any:
    """Parse ``raw``; :class:`JsonInputError` says what is wrong."""
    try:
        value = orjson.loads(raw)
    except orjson.JSONDecodeError as error:
        text = str(error)
        if "surrogate" in text or "UTF-8" in text:
            raise JsonInputError("bad_text") from None
        if "depth" in text or "recursion" in text:
            raise JsonInputError("too_deep") from None
        raise JsonInputError("not_json") from None
    except UnicodeEncodeError:  # a str holding lone surrogates cannot even be encoded
        raise JsonInputError("bad_text") from None
    check(value, max_depth=max_depth)
    return value


def check(value: Any, *, max_depth: int = MAX_DEPTH) -> None:
    """Walk a parsed value (without recursion): depth and text as :func:`loads` requires."""
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, str):
            if not is_clean_text(item):
                raise JsonInputError("bad_text")
        elif isinstance(item, dict | list):
            if depth > max_depth:
                raise JsonInputError("too_deep")
            if isinstance(item, dict):
                for key, inner in item.items():
                    if not is_clean_text(key):
                        raise JsonInputError("bad_text")
                    stack.append((inner, depth + 1))
            else:
                stack.extend((inner, depth + 1) for inner in item)


def is_clean_text(text: str) -> bool:
    """No NUL and no lone surrogate (the text can be stored, logged and sent as UTF-8)."""
    if "\x00" in text:
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True
