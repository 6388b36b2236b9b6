"""The office panel's Allegro accounts page (``panel.allegro.*``, ``templates/panel/allegro.html``,
``web/panel/allegro.js``): the connected seller accounts, connecting one by Allegro's device
flow (the code shown big, the link, the countdown, the live state), connecting again,
disconnecting, and what to put in ``kolektor.toml`` when no Allegro application is set up.

The messages of the flow itself (*"Czekamy na potwierdzenie…"*, *"Konto … jest połączone."*)
come from the API in the reader's language (``allegro.device.*`` in :mod:`.allegro`)."""

from __future__ import annotations

CATALOG: dict[str, dict[str, str]] = {
    "panel.nav.allegro": {"pl": "Konta Allegro", "en": "Allegro accounts"},
    "panel.allegro.intro": {
        "pl": "Konta sprzedawców Allegro, którymi Kolektor kupuje przesyłki „Wysyłam z "
        "Allegro”. Konto łączy się raz: Kolektor pokazuje kod, który potwierdzasz na stronie "
        "Allegro zalogowany jako sprzedawca; potem sam odnawia dostęp.",
        "en": "The Allegro seller accounts Kolektor buys “Wysyłam z Allegro” shipments with. "
        "An account is connected once: Kolektor shows a code which you confirm on Allegro's "
        "page logged in as the seller; from then on it renews the access by itself.",
    },
    # -- the accounts table ---------------------------------------------------------------
    "panel.allegro.accounts": {"pl": "Konta", "en": "Accounts"},
    "panel.allegro.none": {
        "pl": "Nie połączono jeszcze żadnego konta Allegro.",
        "en": "No Allegro account has been connected yet.",
    },
    "panel.allegro.caption": {
        "pl": "{n} {n:plural:konto|konta|kont} Allegro, {connected} "
        "{connected:plural:połączone|połączone|połączonych}",
        "en": "{n} Allegro {n:plural:account|accounts}, {connected} connected",
    },
    "panel.allegro.col.name": {"pl": "Nazwa", "en": "Name"},
    "panel.allegro.col.environment": {"pl": "Środowisko", "en": "Environment"},
    "panel.allegro.col.state": {"pl": "Stan", "en": "State"},
    "panel.allegro.col.login": {"pl": "Login w Allegro", "en": "Allegro login"},
    "panel.allegro.col.token": {"pl": "Token ważny do", "en": "Token valid until"},
    "panel.allegro.col.error": {"pl": "Ostatni błąd", "en": "Last error"},
    "panel.allegro.col.actions": {"pl": "Działania", "en": "Actions"},
    "panel.allegro.token_note": {
        "pl": "Token dostępu jest ważny 12 godzin; Kolektor odnawia go sam, zanim wygaśnie.",
        "en": "The access token is valid for 12 hours; Kolektor renews it by itself before it "
        "expires.",
    },
    "panel.allegro.environment.production": {
        "pl": "produkcja (allegro.pl)",
        "en": "production (allegro.pl)",
    },
    "panel.allegro.environment.sandbox": {
        "pl": "sandbox (testowe)",
        "en": "sandbox (testing)",
    },
    "panel.allegro.state.pending": {"pl": "Czeka na potwierdzenie", "en": "Waiting for approval"},
    "panel.allegro.state.connected": {"pl": "Połączone", "en": "Connected"},
    "panel.allegro.state.needs_login": {
        "pl": "Wymaga ponownego połączenia",
        "en": "Needs connecting again",
    },
    "panel.allegro.state.denied": {"pl": "Odmowa w Allegro", "en": "Refused at Allegro"},
    "panel.allegro.state.expired": {"pl": "Kod wygasł", "en": "Code expired"},
    "panel.allegro.state.disconnected": {"pl": "Rozłączone", "en": "Disconnected"},
    "panel.allegro.actions_of": {"pl": "Działania: {name}", "en": "Actions: {name}"},
    "panel.allegro.action_for": {"pl": "{action}: {name}", "en": "{action}: {name}"},
    "panel.allegro.show_code": {"pl": "Pokaż kod", "en": "Show the code"},
    "panel.allegro.reconnect": {"pl": "Połącz ponownie", "en": "Connect again"},
    "panel.allegro.disconnect": {"pl": "Rozłącz", "en": "Disconnect"},
    "panel.allegro.disconnect_confirm": {
        "pl": "Rozłączyć konto Allegro „{name}”? Kolektor usunie jego tokeny i nie kupi nim "
        "przesyłek, dopóki nie połączysz go ponownie.",
        "en": "Disconnect the Allegro account “{name}”? Kolektor deletes its tokens and buys no "
        "shipments with it until you connect it again.",
    },
    "panel.allegro.disconnected": {
        "pl": "Konto Allegro „{name}” zostało rozłączone.",
        "en": "The Allegro account “{name}” has been disconnected.",
    },
    # -- the connect form -----------------------------------------------------------------
    "panel.allegro.connect.title": {"pl": "Połącz konto", "en": "Connect an account"},
    "panel.allegro.connect.name": {"pl": "Nazwa konta", "en": "Account name"},
    "panel.allegro.connect.name_hint": {
        "pl": "Tak konto będzie nazwane w Kolektorze, np. nazwa sklepu (do 100 znaków).",
        "en": "What Kolektor calls the account, e.g. the shop's name (up to 100 characters).",
    },
    "panel.allegro.connect.name_empty": {"pl": "Wpisz nazwę konta.", "en": "Enter a name."},
    "panel.allegro.connect.environment": {"pl": "Środowisko", "en": "Environment"},
    "panel.allegro.connect.environment_hint": {
        "pl": "Środowisko aplikacji Allegro z kolektor.toml ([allegro] environment).",
        "en": "The Allegro application's environment from kolektor.toml ([allegro] environment).",
    },
    "panel.allegro.connect.submit": {"pl": "Połącz konto", "en": "Connect the account"},
    "panel.allegro.connect.starting": {
        "pl": "Pobieranie kodu z Allegro…",
        "en": "Getting a code from Allegro…",
    },
    # -- the device flow in progress ------------------------------------------------------
    "panel.allegro.flow.title": {
        "pl": "Potwierdź połączenie konta „{name}” w Allegro",
        "en": "Confirm the connection of “{name}” at Allegro",
    },
    "panel.allegro.flow.step_open": {
        "pl": "Otwórz stronę Allegro i zaloguj się na konto sprzedawcy, którego zamówienia "
        "wysyłasz.",
        "en": "Open Allegro's page and log in to the seller account whose orders you ship.",
    },
    "panel.allegro.flow.open": {"pl": "Otwórz stronę Allegro", "en": "Open Allegro's page"},
    "panel.allegro.flow.new_tab": {"pl": "(w nowej karcie)", "en": "(in a new tab)"},
    "panel.allegro.flow.step_code": {
        "pl": "Sprawdź, czy Allegro pokazuje ten sam kod, i potwierdź połączenie.",
        "en": "Check that Allegro shows the same code and confirm the connection.",
    },
    "panel.allegro.flow.code": {"pl": "Kod potwierdzenia", "en": "Confirmation code"},
    "panel.allegro.flow.copy": {"pl": "Kopiuj kod", "en": "Copy the code"},
    "panel.allegro.flow.copied": {"pl": "Skopiowano kod {code}.", "en": "Code {code} copied."},
    "panel.allegro.flow.copy_failed": {
        "pl": "Nie udało się skopiować — kod jest zaznaczony: naciśnij Ctrl+C.",
        "en": "Could not copy — the code is selected: press Ctrl+C.",
    },
    "panel.allegro.flow.valid_for": {
        "pl": "Kod ważny jeszcze {time}.",
        "en": "The code is valid for another {time}.",
    },
    "panel.allegro.flow.code_expired": {
        "pl": "Kod wygasł — Kolektor to zaraz potwierdzi w Allegro.",
        "en": "The code has expired — Kolektor is about to confirm that with Allegro.",
    },
    "panel.allegro.flow.waiting": {
        "pl": "Czekam na potwierdzenie w Allegro…",
        "en": "Waiting for the confirmation at Allegro…",
    },
    "panel.allegro.flow.trying_again": {
        "pl": "{message} Następne sprawdzenie za {seconds} s.",
        "en": "{message} The next check in {seconds} s.",
    },
    "panel.allegro.flow.retry": {"pl": "Spróbuj ponownie", "en": "Try again"},
    "panel.allegro.flow.stop": {"pl": "Zamknij", "en": "Close"},
    "panel.allegro.flow.stop_hint": {
        "pl": "Zamknięcie nie przerywa połączenia: kod wróci po „Pokaż kod” w tabeli.",
        "en": "Closing does not stop the connection: “Show the code” in the table brings the "
        "code back.",
    },
    # -- Allegro not configured -----------------------------------------------------------
    "panel.allegro.setup.title": {
        "pl": "Allegro nie jest skonfigurowane",
        "en": "Allegro is not configured",
    },
    "panel.allegro.setup.intro": {
        "pl": "Żeby połączyć konto sprzedawcy, Kolektor potrzebuje aplikacji Allegro typu "
        "„urządzenie”. Administrator serwera robi to raz:",
        "en": "To connect a seller account Kolektor needs an Allegro application of the "
        "“device” type. The server's administrator sets it up once:",
    },
    "panel.allegro.setup.register": {
        "pl": "Zaloguj się kontem sklepu na stronie aplikacji Allegro i dodaj aplikację typu "
        "„urządzenie” (device); skopiuj jej Client ID i Client Secret.",
        "en": "Log in with the shop's account on Allegro's applications page and add an "
        "application of the “device” type; copy its Client ID and Client Secret.",
    },
    "panel.allegro.setup.production": {"pl": "produkcja:", "en": "production:"},
    "panel.allegro.setup.sandbox": {"pl": "sandbox (testowe):", "en": "sandbox (testing):"},
    "panel.allegro.setup.config": {
        "pl": "Dopisz do kolektor.toml sekcję [allegro], z Client ID aplikacji w client_id:",
        "en": "Add an [allegro] section to kolektor.toml, with the application's Client ID in "
        "client_id:",
    },
    "panel.allegro.setup.fields": {
        "pl": "environment to „production” albo „sandbox” (aplikacja z sandboxu Allegro), "
        "app_name to nazwa nadana aplikacji w Allegro, info_url to strona o aplikacji — "
        "Allegro wymaga obu w nagłówku User-Agent.",
        "en": "environment is “production” or “sandbox” (an application of Allegro's "
        "sandbox), app_name is the name the application has at Allegro, info_url a page about "
        "the application — Allegro requires both in the User-Agent header.",
    },
    "panel.allegro.setup.secret": {
        "pl": "Client Secret wpisz do pliku sekretów (secrets.toml obok konfiguracji) pod "
        "nazwą użytą w client_secret:",
        "en": "Put the Client Secret into the secrets file (secrets.toml beside the "
        "configuration) under the name client_secret uses:",
    },
    "panel.allegro.setup.restart": {
        "pl": "Uruchom Kolektora ponownie (np. sudo systemctl restart kolektor) i odśwież tę "
        "stronę.",
        "en": "Restart Kolektor (e.g. sudo systemctl restart kolektor) and reload this page.",
    },
}

SAME_TEXT: frozenset[str] = frozenset({"panel.allegro.action_for"})
