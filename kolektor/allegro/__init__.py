"""Allegro: seller accounts connected by OAuth (device flow) and the REST API they open.

An *application* (:class:`AllegroApp`: one Client ID and secret, registered by the shop at
``apps.developer.allegro.pl`` as a **device** app) is connected to one or more seller
*accounts* (``allegro_accounts`` in the store).  Each account's tokens rotate: every refresh
returns a new pair and the old refresh token stops working at once, so the store keeps the
pair with a version number and only one process ever uses a given refresh token
(:mod:`kolektor.store.allegro_accounts`, :mod:`kolektor.allegro.client`).

* :mod:`.oauth` — the device flow and token refresh (``/auth/oauth/*``);
* :mod:`.client` — an account's API client (tokens, headers, 401/429, error bodies);
* :mod:`kolektor.shipping.allegro` — "Wysyłam z Allegro" as a carrier.

Facts and their sources: ``shared/reference/allegro.md`` §1–3, §10 (the official OpenAPI
file and the allegro/allegro-api issue tracker, cited as ``#NNNN``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final, Literal

import kolektor

Environment = Literal["production", "sandbox"]

ENVIRONMENTS: Final[tuple[Environment, ...]] = ("production", "sandbox")

API_URLS: Final[dict[Environment, str]] = {
    "production": "https://api.allegro.pl",
    "sandbox": "https://api.allegro.pl.allegrosandbox.pl",
}
"""The REST API host (spec ``servers``: ``api.{environment}``)."""

AUTH_URLS: Final[dict[Environment, str]] = {
    "production": "https://allegro.pl",
    "sandbox": "https://allegro.pl.allegrosandbox.pl",
}
"""The OAuth host: ``/auth/oauth/device`` and ``/auth/oauth/token`` under it (#5140,
#11017)."""

MEDIA_TYPE: Final = "application/vnd.allegro.public.v1+json"
"""``Accept`` and ``Content-Type`` of the public API's JSON (spec; #4130)."""


@dataclass(frozen=True, slots=True)
class AllegroApp:
    """The shop's Allegro application, from Kolektor's configuration.

    ``client_id``/``client_secret`` come from ``apps.developer.allegro.pl`` (sandbox:
    ``apps.developer.allegro.pl.allegrosandbox.pl``); the app must be of the *device* type,
    or the device flow answers ``unauthorized_client`` (#9828).  ``api_url``/``auth_url``
    replace the environment's hosts (the fake in tests and the demo).  ``name`` and
    ``info_url`` make the User-Agent Allegro requires on API calls since 1 July 2026:
    ``<registered name, spaces as ->/<version> (+<info page>)`` (#13260, #13262).
    """

    client_id: str
    client_secret: str
    environment: Environment = "production"
    api_url: str | None = None
    auth_url: str | None = None
    name: str = "Kolektor"
    info_url: str = ""

    def __repr__(self) -> str:  # the secret never reaches a log line or a traceback
        return f"AllegroApp(client_id={self.client_id!r}, environment={self.environment!r})"

    @property
    def api_base(self) -> str:
        return (self.api_url or API_URLS[self.environment]).rstrip("/")

    @property
    def auth_base(self) -> str:
        return (self.auth_url or AUTH_URLS[self.environment]).rstrip("/")

    @property
    def user_agent(self) -> str:
        """``Kolektor/1.2.3 (+https://sklep.pl/kolektor)``: the application's registered
        name and version, then its information page (validator:
        ``apps.developer.allegro.pl/user-agent``)."""
        product = f"{self.name.strip().replace(' ', '-') or 'Kolektor'}/{kolektor.__version__}"
        return f"{product} (+{self.info_url})" if self.info_url else product


def allegro_app(config: Any) -> AllegroApp | None:
    """The application from ``config.allegro`` (the ``[allegro]`` section: ``client_id``,
    ``client_secret`` from the secrets file, ``environment``, ``api_url``/``auth_url``
    overrides, ``app_name``, ``info_url``); None when the section is missing or has no
    Client ID — Allegro is then not configured."""
    section = getattr(config, "allegro", None)
    client_id = str(getattr(section, "client_id", "") or "").strip()
    if section is None or not client_id:
        return None
    environment = getattr(section, "environment", "production")
    if environment not in ENVIRONMENTS:
        raise ValueError(f"[allegro] environment must be one of {ENVIRONMENTS}")
    return AllegroApp(
        client_id=client_id,
        client_secret=str(getattr(section, "client_secret", "") or ""),
        environment=environment,
        api_url=getattr(section, "api_url", None) or None,
        auth_url=getattr(section, "auth_url", None) or None,
        name=str(getattr(section, "app_name", "") or "Kolektor"),
        info_url=str(getattr(section, "info_url", "") or ""),
    )
