"""The settings the office changes through the API (``GET /api/settings``, ``PUT
/api/settings/<key>``, ``docs/api.md``): each with its default and its validation.

The values live in the store's settings table (:mod:`kolektor.store.settings`, every change
audited).  A value is validated and normalized before it is saved, so what is stored is
always valid; a refused value raises :class:`SettingInvalid`, whose message names the field
that is wrong (``settings.*`` in the catalog).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy.engine import Connection

from kolektor.store import settings as settings_store


class SettingInvalid(ValueError):
    """A value a setting refuses; ``key`` and ``params`` name the message (``settings.*``),
    rendered in the reader's language (:func:`kolektor.i18n.describe`)."""

    def __init__(self, key: str, /, **params: object) -> None:
        super().__init__(key, params)
        self.key = key
        self.params: Mapping[str, object] = params

    def __str__(self) -> str:
        from kolektor.i18n import t

        return t(self.key, "en", **self.params)


@dataclass(frozen=True, slots=True)
class OfficeSetting:
    """One setting the office may change: its key, its value when never set, and
    ``normalize`` — the value as stored, or :class:`SettingInvalid`."""

    key: str
    default: Any
    normalize: Callable[[Any], Any]


def office_settings() -> dict[str, OfficeSetting]:
    """Every setting the API shows and changes, by key."""
    from kolektor.scanner import manual, tolerance
    from kolektor.shipping import settings as shipping

    return {
        setting.key: setting for setting in (manual.SETTING, tolerance.SETTING, shipping.SETTING)
    }


def _known(key: str) -> OfficeSetting:
    known = office_settings()
    if key not in known:
        raise SettingInvalid("settings.unknown", key=key[:100], known=", ".join(sorted(known)))
    return known[key]


def current_settings(conn: Connection) -> dict[str, Any]:
    """Every office setting's value now (the default where none was saved)."""
    stored = {key: settings_store.get_setting(conn, key) for key in office_settings()}
    return {
        key: setting.default if stored[key] is None else stored[key]
        for key, setting in office_settings().items()
    }


def save_setting(conn: Connection, key: str, value: Any, *, actor: str) -> Any:
    """Validate ``value``, store it (audited) and return it as stored."""
    normalized = _known(key).normalize(value)
    settings_store.set_setting(conn, key, normalized, actor=actor)
    return normalized
