"""The per-domain parts of the message catalog; :mod:`kolektor.i18n` is the entry point.

Each module here holds ``CATALOG`` (key → ``{"pl": …, "en": …}``) and ``SAME_TEXT`` (the
keys whose text is rightly the same in both languages: names, units, placeholders only).
:mod:`kolektor.i18n` merges every catalog listed in :data:`CATALOG_MODULES` into its
:data:`~kolektor.i18n.MESSAGES` at import and refuses to start on a key defined twice or a
text missing a language.  Nothing here is imported directly: render with
:func:`kolektor.i18n.t`.

* :mod:`.rules` — ``rules.model.*``, ``rules.parse.*``, ``rules.evaluate.*``;
* :mod:`.finalize` — ``writer.*``, ``plan.skipped.*``, ``finalize.*``;
* :mod:`.documents` — ``document.*`` (loading and rendering documents);
* :mod:`.store` — ``store.*`` (the store's URL and connection);
* :mod:`.scanner` — ``verdict.context.*``, the typed-quantity refusals, ``settings.*``;
* :mod:`.web` — ``web.*``, the scanner app's texts (served as JSON);
* :mod:`.weighed` — ``settings.tolerance.*``, the tolerance verdict, ``finalize.weighed.*``;
* :mod:`.panel` — ``panel.*``, the office panel's common texts (each page adds its own
  ``panel.<page>.*`` module).
"""

CATALOG_MODULES: tuple[str, ...] = (
    "kolektor.messages.rules",
    "kolektor.messages.finalize",
    "kolektor.messages.documents",
    "kolektor.messages.store",
    "kolektor.messages.scanner",
    "kolektor.messages.web",
    "kolektor.messages.weighed",
    "kolektor.messages.panel",
    "kolektor.messages.panel_dashboard",
    "kolektor.messages.panel_orders",
    "kolektor.messages.panel_operators",
    "kolektor.messages.panel_rules",
    "kolektor.messages.panel_stats",
    "kolektor.messages.panel_shipping",
    "kolektor.messages.panel_allegro",
    "kolektor.messages.shipping",
    "kolektor.messages.printing",
    "kolektor.messages.labels",
    "kolektor.messages.inpost",
    "kolektor.messages.allegro",
)
"""Merged into :data:`kolektor.i18n.MESSAGES` in this order."""
