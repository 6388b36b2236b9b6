"""The scanner app's texts are served from the message catalog where the app fetches them."""

from __future__ import annotations

import pytest

from kolektor.i18n import web_catalog
from tests.office import Office


@pytest.mark.parametrize("language", ["pl", "en"])
async def test_the_server_serves_the_catalog_where_the_app_fetches_it(
    office: Office, language: str
) -> None:
    """``i18n.js`` fetches ``./i18n/<language>.json`` next to itself (``/static/scanner/``):
    the route answers there from the catalog, in front of any file."""
    async with office.client() as client:
        response = await client.get(f"/static/scanner/i18n/{language}.json")
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("application/json")
        assert response.headers["cache-control"] == "no-cache"
        assert response.json() == web_catalog("pl" if language == "pl" else "en")
        assert (await client.get("/static/scanner/i18n/de.json")).status_code == 404
