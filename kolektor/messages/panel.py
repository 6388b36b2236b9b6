"""The office panel's common texts: ``panel.*`` — layout, navigation, login, states, roles,
the shared widgets of ``web/panel/kolektor.js``.

Each page of the panel keeps its own texts in its own module (``panel_<page>.py``); every
``panel.*`` key reaches the page's scripts through the page's data (``K.t`` in
``kolektor.js``), so one catalog serves the templates and the scripts alike.
"""

from __future__ import annotations

CATALOG: dict[str, dict[str, str]] = {
    # Layout and navigation
    "panel.product": {"pl": "Kolektor — panel biura", "en": "Kolektor — office panel"},
    "panel.skip_to_content": {"pl": "Przejdź do treści", "en": "Skip to content"},
    "panel.nav.label": {"pl": "Menu panelu", "en": "Panel menu"},
    "panel.nav.dashboard": {"pl": "Pulpit", "en": "Dashboard"},
    "panel.nav.orders": {"pl": "Zamówienia", "en": "Orders"},
    "panel.nav.rules": {"pl": "Reguły dokumentów", "en": "Document rules"},
    "panel.nav.operators": {"pl": "Operatorzy", "en": "Operators"},
    "panel.nav.settings": {"pl": "Ustawienia", "en": "Settings"},
    "panel.nav.stats": {"pl": "Statystyki", "en": "Statistics"},
    "panel.nav.audit": {"pl": "Dziennik zmian", "en": "Audit log"},
    "panel.logged_in_as": {"pl": "Zalogowano: {name} ({role})", "en": "Logged in: {name} ({role})"},
    "panel.logout": {"pl": "Wyloguj", "en": "Log out"},
    "panel.language.switch": {"pl": "English", "en": "Polski"},
    "panel.language.switch_label": {
        "pl": "Switch the panel to English",
        "en": "Przełącz panel na polski",
    },
    # Login and access
    "panel.login.title": {"pl": "Logowanie do panelu", "en": "Log in to the panel"},
    "panel.login.intro": {
        "pl": "Zaloguj się loginem i hasłem biura, kierownika lub administratora.",
        "en": "Log in with an office, supervisor or administrator login and password.",
    },
    "panel.login.login": {"pl": "Login", "en": "Login"},
    "panel.login.password": {"pl": "Hasło", "en": "Password"},
    "panel.login.submit": {"pl": "Zaloguj", "en": "Log in"},
    "panel.login.working": {"pl": "Logowanie…", "en": "Logging in…"},
    "panel.login.missing": {
        "pl": "Wpisz login i hasło.",
        "en": "Enter your login and password.",
    },
    "panel.login.expired": {
        "pl": "Sesja wygasła — zaloguj się ponownie.",
        "en": "Your session has ended — please log in again.",
    },
    "panel.forbidden.title": {"pl": "Brak dostępu", "en": "No access"},
    "panel.forbidden.text": {
        "pl": "Twoja rola ({role}) nie ma dostępu do tej strony. Wybierz inną stronę z menu "
        "albo poproś administratora o zmianę roli.",
        "en": "Your role ({role}) has no access to this page. Choose another page from the "
        "menu or ask an administrator to change your role.",
    },
    # Roles
    "panel.role.picker": {"pl": "kompletujący", "en": "picker"},
    "panel.role.packer": {"pl": "pakujący", "en": "packer"},
    "panel.role.supervisor": {"pl": "kierownik", "en": "supervisor"},
    "panel.role.office": {"pl": "biuro", "en": "office"},
    "panel.role.admin": {"pl": "administrator", "en": "administrator"},
    # Order states (the lifecycle of docs/picking.md and docs/api.md)
    "panel.status.new": {"pl": "Nowe", "en": "New"},
    "panel.status.picking": {"pl": "W kompletacji", "en": "Picking"},
    "panel.status.picked": {"pl": "Zebrane", "en": "Picked"},
    "panel.status.packed": {"pl": "Spakowane", "en": "Packed"},
    "panel.status.label": {"pl": "Etykieta", "en": "Label"},
    "panel.status.realize": {"pl": "Realizacja w Subiekcie", "en": "Realization in Subiekt"},
    "panel.status.document": {"pl": "PDF dokumentu", "en": "Document PDF"},
    "panel.status.print": {"pl": "Wydruk", "en": "Printing"},
    "panel.status.email": {"pl": "E-mail", "en": "E-mail"},
    "panel.status.allegro": {"pl": "Allegro", "en": "Allegro"},
    "panel.status.done": {"pl": "Zakończone", "en": "Done"},
    "panel.status.problem": {"pl": "Problem", "en": "Problem"},
    "panel.status.attention": {"pl": "Wymaga uwagi", "en": "Needs attention"},
    "panel.status.held": {"pl": "Wstrzymane", "en": "Held"},
    "panel.status.gone": {"pl": "Usunięte w Subiekcie", "en": "Gone from Subiekt"},
    # Job states of a finalization step
    "panel.job.pending": {"pl": "czeka", "en": "waiting"},
    "panel.job.running": {"pl": "w toku", "en": "running"},
    "panel.job.done": {"pl": "wykonano", "en": "done"},
    "panel.job.skipped": {"pl": "pominięto", "en": "skipped"},
    "panel.job.not_configured": {"pl": "nieskonfigurowane", "en": "not configured"},
    "panel.job.failed": {"pl": "błąd", "en": "failed"},
    "panel.job.superseded": {"pl": "zastąpione", "en": "superseded"},
    # Shared widgets
    "panel.loading": {"pl": "Wczytywanie…", "en": "Loading…"},
    "panel.saving": {"pl": "Zapisywanie…", "en": "Saving…"},
    "panel.saved": {"pl": "Zapisano.", "en": "Saved."},
    "panel.save": {"pl": "Zapisz", "en": "Save"},
    "panel.cancel": {"pl": "Anuluj", "en": "Cancel"},
    "panel.confirm": {"pl": "Potwierdź", "en": "Confirm"},
    "panel.close": {"pl": "Zamknij", "en": "Close"},
    "panel.dismiss": {"pl": "Ukryj komunikat", "en": "Dismiss the message"},
    "panel.retry": {"pl": "Ponów", "en": "Retry"},
    "panel.none": {"pl": "brak", "en": "none"},
    "panel.yes": {"pl": "tak", "en": "yes"},
    "panel.no": {"pl": "nie", "en": "no"},
    "panel.empty": {"pl": "Nic do pokazania.", "en": "Nothing to show."},
    "panel.more": {"pl": "Pokaż więcej", "en": "Show more"},
    "panel.error.network": {
        "pl": "Brak połączenia z serwerem Kolektora. Sprawdź sieć i spróbuj ponownie.",
        "en": "The Kolektor server cannot be reached. Check the network and try again.",
    },
    "panel.error.unexpected": {
        "pl": "Serwer odpowiedział nieoczekiwanie (HTTP {status}). Spróbuj ponownie.",
        "en": "The server answered unexpectedly (HTTP {status}). Please try again.",
    },
    "panel.live.connected": {"pl": "Na żywo", "en": "Live"},
    "panel.live.reconnecting": {
        "pl": "Utracono połączenie na żywo — łączenie ponownie…",
        "en": "Live connection lost — reconnecting…",
    },
}

SAME_TEXT: frozenset[str] = frozenset(
    {
        "panel.login.login",
        "panel.status.allegro",
        "panel.status.email",
        "panel.status.problem",
        "panel.role.admin",
    }
)
