"""Allegro's failures as typed errors: what went wrong, in words for the office, and whether
trying again later can help.

Allegro answers errors as ``ErrorsHolder`` — ``{"errors": [{"code", "message", "details",
"path", "userMessage", "metadata"}]}`` — where ``code`` is stable, ``message`` is for
developers and ``userMessage`` is translated for people (Polish by default), and OAuth
errors as ``AuthError`` — ``{"error", "error_description"}`` (spec; reference §2).  Every
answer carries ``trace-id``, which Allegro's support asks for (#11522, #4340): it is kept on
the error and in :attr:`CarrierError.raw`, never a token.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any, Final

import httpx

from kolektor.shipping.carrier import CarrierError

BLOCK_SECONDS: Final = 60.0
"""A 429 blocks the Client ID for a minute, and requests sent during the block extend it
(FAQ "Limits and restrictions"; #3454): wait the full minute, never retry inside it."""

_STATUS_CODES: Final[dict[int, tuple[str, bool]]] = {
    400: ("validation_failed", False),
    401: ("unauthorized", False),
    403: ("forbidden", False),
    404: ("not_found", False),
    406: ("rejected", False),
    409: ("conflict", False),
    413: ("rejected", False),
    415: ("rejected", False),
    422: ("validation_failed", False),
    504: ("timeout", True),
}
"""HTTP status → (error code, retryable); other 5xx are ``unavailable`` and retryable."""


class AllegroError(CarrierError):
    """A failed Allegro call: :class:`CarrierError` with the HTTP ``status`` (None when no
    answer came) and Allegro's ``trace_id`` for support."""

    def __init__(
        self,
        code: str,
        key: str,
        /,
        *,
        retryable: bool,
        status: int | None = None,
        trace_id: str | None = None,
        retry_after: float | None = None,
        fields: Mapping[str, list[str]] | None = None,
        raw: Mapping[str, Any] | None = None,
        **params: object,
    ) -> None:
        super().__init__(
            code, key, retryable=retryable, retry_after=retry_after, fields=fields, raw=raw
        )
        self.params = params
        self.status = status
        self.trace_id = trace_id


def transport_error(error: httpx.HTTPError) -> AllegroError:
    """No answer: a timeout, a refused or dropped connection — retryable."""
    if isinstance(error, httpx.TimeoutException):
        return AllegroError("timeout", "allegro.timeout", retryable=True)
    return AllegroError(
        "unavailable", "allegro.unavailable", retryable=True, detail=type(error).__name__
    )


def parse_json(response: httpx.Response) -> Any:
    """The answer's JSON, or None when the body is empty or not JSON."""
    if not response.content:
        return None
    try:
        return json.loads(response.content)
    except (ValueError, UnicodeDecodeError):
        return None


def bad_answer(response: httpx.Response, problem: str) -> AllegroError:
    """An answer that is not what the API promises (malformed JSON, a missing field):
    retryable, since proxies and outages produce such answers."""
    return AllegroError(
        "bad_answer",
        "allegro.bad_answer",
        retryable=True,
        status=response.status_code,
        trace_id=response.headers.get("trace-id"),
        raw=_raw(response),
        problem=problem,
    )


def retry_after(headers: httpx.Headers, default: float) -> float:
    """``Retry-After`` in seconds (a number; Allegro sends whole seconds), else ``default``."""
    value = headers.get("Retry-After", "").strip()
    try:
        seconds = float(value)
    except ValueError:
        return default
    return seconds if 0 < seconds < 3600 else default


def api_error(response: httpx.Response) -> AllegroError:
    """The error an unsuccessful answer stands for, with Allegro's ``userMessage``s as the
    office's reason and each error's ``path`` as the field it is about."""
    status = response.status_code
    trace_id = response.headers.get("trace-id")
    raw = _raw(response)
    if status == 429:
        wait = max(BLOCK_SECONDS, retry_after(response.headers, BLOCK_SECONDS))
        return AllegroError(
            "rate_limited",
            "allegro.rate_limited",
            retryable=True,
            retry_after=wait,
            status=status,
            trace_id=trace_id,
            raw=raw,
            seconds=int(wait),
        )
    messages, fields = _complaints(parse_json(response))
    code, retryable = _STATUS_CODES.get(status, ("unavailable", status >= 500))
    if code == "unavailable" and not retryable:
        code = "rejected"
    message = "; ".join(dict.fromkeys(messages))
    if not message and not fields:
        message = f"HTTP {status}"
    return AllegroError(
        code,
        "allegro.api_error" if message else "allegro.api_error_fields",
        retryable=retryable,
        status=status,
        trace_id=trace_id,
        fields=fields,
        raw=raw,
        message=message,
    )


def _complaints(body: Any) -> tuple[list[str], dict[str, list[str]]]:
    """(messages for people, complaints by field path) from ``ErrorsHolder`` or
    ``AuthError``."""
    messages: list[str] = []
    fields: dict[str, list[str]] = {}
    if isinstance(body, dict) and isinstance(body.get("errors"), list):
        for entry in body["errors"]:
            if not isinstance(entry, dict):
                continue
            text = _text(entry.get("userMessage")) or _text(entry.get("message"))
            if not text:
                continue
            path = _text(entry.get("path"))
            if path:
                fields.setdefault(path, []).append(text)
            else:
                messages.append(text)
    elif isinstance(body, dict) and isinstance(body.get("error"), str):
        messages.append(_text(body.get("error_description")) or body["error"])
    return messages, fields


def _text(value: object) -> str:
    return value.strip()[:500] if isinstance(value, str) else ""


def _raw(response: httpx.Response) -> dict[str, Any]:
    """What support needs: status, trace-id and the body (Allegro's error bodies carry no
    secrets; our request headers are never included)."""
    body = parse_json(response)
    if body is None and response.content:
        body = response.content[:2000].decode("utf-8", "replace")
    return {
        "status": response.status_code,
        "trace_id": response.headers.get("trace-id"),
        "body": body,
    }
