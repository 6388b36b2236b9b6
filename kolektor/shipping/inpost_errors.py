"""ShipX's error answers as :class:`~kolektor.shipping.carrier.CarrierError`.

ShipX answers an error with ``{"status": 400, "error": "validation_failed", "message": "…",
"details": {…}}`` (ShipX docs 28639229 "Errors").  ``error`` is a stable key; ``message``
"may change — do not base on it in your code", so Kolektor never reads it.  The mapping:

=============================  ==================  =========  ==============================
answer                         code                retryable  why
=============================  ==================  =========  ==============================
``validation_failed`` (400,    validation_failed   no         the data must change first;
422)                                                          ``fields`` says which
401                            unauthorized        no         the token is wrong or expired
403                            forbidden           no         another organization's token
``resource_not_found`` / 404   not_found           no
``invalid_action``             invalid_action      no         e.g. cancel after purchase
429                            rate_limited        yes        wait ``Retry-After``
5xx                            unavailable         yes
another 4xx                    rejected            no
=============================  ==================  =========  ==============================

``details`` maps each refused field to ShipX's validation keys (``{"post_code":
["invalid_format"]}``); nested forms come as objects or one-element lists of objects
(``{"receiver": [{"phone": ["invalid"]}]}``) and parcels as a list in parcel order —
:func:`complaints` reads all of these into ``receiver.phone``-style paths.  The shapes
of nested details are documentation-only (the docs show flat keys; the nesting is what
ShipX forms suggest), so unknown shapes are read leniently and unknown keys are shown as
ShipX wrote them.

The token is never in an error: ShipX's bodies do not echo it and Kolektor keeps only the
body and the request id in ``raw``.
"""

from __future__ import annotations

import email.utils
import time
from collections.abc import Mapping
from typing import Any, Final

from kolektor.i18n import MESSAGES, Language, t
from kolektor.shipping.carrier import CarrierError

Path = tuple[str | int, ...]

VALIDATION_STATUSES: Final = frozenset({400, 422})


def retry_after_seconds(value: str | None, *, now: float | None = None) -> float | None:
    """``Retry-After`` in seconds: delta-seconds or an HTTP date; None when absent or not
    understood (the caller backs off on its own then)."""
    if not value:
        return None
    text = value.strip()
    try:
        return max(0.0, float(text))
    except ValueError:
        pass
    try:
        moment = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if moment.tzinfo is None:
        return None
    return max(0.0, moment.timestamp() - (time.time() if now is None else now))


def _walk(node: Any, path: Path, found: list[tuple[Path, list[str]]]) -> None:
    if isinstance(node, Mapping):
        for key, value in node.items():
            step: str | int = int(key) if isinstance(key, str) and key.isdigit() else str(key)
            _walk(value, (*path, step), found)
    elif isinstance(node, list):
        if all(isinstance(item, str) for item in node):
            if node:
                found.append((path, [str(item) for item in node]))
            return
        indexed = len(node) > 1 or (bool(path) and path[-1] == "parcels")
        for index, item in enumerate(node):
            if isinstance(item, Mapping | list):
                _walk(item, (*path, index) if indexed else path, found)
            elif isinstance(item, str):
                found.append((path, [item]))
    elif isinstance(node, str):
        found.append((path, [node]))


def complaints(details: Any) -> list[tuple[Path, list[str]]]:
    """ShipX's ``details`` as (path, validation keys) pairs, in ShipX's order.  A path is
    the field's keys with 0-based positions in lists: ``("parcels", 1, "weight",
    "amount")``; dotted keys (``"receiver.phone"``) are split."""
    found: list[tuple[Path, list[str]]] = []
    _walk(details, (), found)
    split: list[tuple[Path, list[str]]] = []
    for path, codes in found:
        steps: list[str | int] = []
        for step in path:
            if isinstance(step, str) and "." in step:
                steps.extend(int(s) if s.isdigit() else s for s in step.split("."))
            else:
                steps.append(step)
        split.append((tuple(steps), codes))
    return split


def field_key(path: Path) -> str:
    """``receiver.phone``, ``parcels.2.weight.amount`` (parcels counted from 1)."""
    return ".".join(str(step + 1) if isinstance(step, int) else step for step in path)


def field_name(path: Path, language: Language) -> str:
    """The field in words: ``telefon odbiorcy``, ``waga paczki (paczka 2)``; a field
    Kolektor has no name for keeps ShipX's dotted path."""
    plain = ".".join(step for step in path if isinstance(step, str))
    positions = [step for step in path if isinstance(step, int)]
    key = f"inpost.field.{plain}"
    name = t(key, language) if key in MESSAGES else field_key(path)
    if positions and key in MESSAGES:
        name = t("inpost.field.parcel_n", language, name=name, n=positions[0] + 1)
    return name


def detail_words(code: str, language: Language) -> str:
    """A validation key in words (``invalid_format`` → ``nieprawidłowy format``); an
    unknown key as ShipX wrote it."""
    key = f"inpost.detail.{code}"
    return t(key, language) if key in MESSAGES else code


def validation_error(
    body: Mapping[str, Any], *, language: Language, raw: Mapping[str, Any]
) -> CarrierError:
    """``validation_failed``: ``fields`` maps ``receiver.phone`` to the complaints in words,
    ``field_names`` to the field in words."""
    fields: dict[str, list[str]] = {}
    names: dict[str, str] = {}
    for path, codes in complaints(body.get("details")):
        key = field_key(path) or "shipment"
        fields.setdefault(key, []).extend(detail_words(code, language) for code in codes)
        names[key] = field_name(path, language) if path else key
    return CarrierError(
        "validation_failed", "inpost.validation_failed", retryable=False, fields=fields,
        field_names=names, raw=raw,
    )  # fmt: skip


def error_key(body: Any) -> str:
    """ShipX's ``error`` key of an error body, ``""`` when the body has none."""
    if isinstance(body, Mapping) and isinstance(body.get("error"), str):
        return str(body["error"])
    return ""


def from_answer(
    status: int,
    body: Any,
    *,
    retry_after: str | None,
    language: Language,
    raw: Mapping[str, Any],
    organization: int,
    shipment: str = "",
) -> CarrierError:
    """The error for a non-2xx answer (see the table in the module's docstring).
    ``body`` is the parsed JSON, or None when the answer was not JSON."""
    error = error_key(body)
    if error == "validation_failed" or (status in VALIDATION_STATUSES and not error and body):
        return validation_error(body if isinstance(body, Mapping) else {}, language=language,
                                raw=raw)  # fmt: skip
    if status == 401:
        return CarrierError("unauthorized", "inpost.unauthorized", retryable=False, raw=raw)
    if status == 403 and error != "invalid_action":
        return CarrierError("forbidden", "inpost.forbidden", retryable=False, raw=raw,
                            organization=organization)  # fmt: skip
    if status == 429:
        return CarrierError(
            "rate_limited", "inpost.rate_limited", retryable=True,
            retry_after=retry_after_seconds(retry_after), raw=raw,
        )  # fmt: skip
    if status >= 500:
        return CarrierError(
            "unavailable", "inpost.unavailable.status", retryable=True,
            retry_after=retry_after_seconds(retry_after), raw=raw, status=status,
        )  # fmt: skip
    if error == "invalid_action":
        return CarrierError("invalid_action", "inpost.invalid_action", retryable=False,
                            raw=raw, shipment=shipment)  # fmt: skip
    if status == 404 or error == "resource_not_found":
        return CarrierError("not_found", "inpost.not_found", retryable=False, raw=raw,
                            shipment=shipment)  # fmt: skip
    return CarrierError("rejected", "inpost.rejected", retryable=False, raw=raw,
                        status=status, error=error or "—")  # fmt: skip
