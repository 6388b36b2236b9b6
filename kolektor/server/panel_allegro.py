"""What the Allegro accounts page (``/panel/allegro``) learns from the server besides the API:
whether an Allegro application is configured, and its environment.

The API says "not configured" only when a connection is started (``409
allegro_not_configured``); the page knows it before, so it shows what to put in
``kolektor.toml`` instead of a form that could only be refused, and the form names the
environment the account will be connected in (the application's: an application registered
in Allegro's sandbox connects sandbox accounts only).  Nothing here is secret: no Client ID,
no secret.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kolektor.allegro import allegro_app

if TYPE_CHECKING:
    from kolektor.server.app import AppState


def page_data(state: AppState) -> dict[str, Any]:
    """``{"allegro": {"configured": bool, "environment": "production" | "sandbox" | None}}``
    — the application the routes of ``/api/allegro/accounts`` use (``state.allegro``, else
    ``[allegro]`` of the configuration)."""
    application = state.allegro or allegro_app(state.config)
    return {
        "allegro": {
            "configured": application is not None,
            "environment": application.environment if application is not None else None,
        }
    }
