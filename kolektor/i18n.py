"""Messages shown to people, in Polish (the default) and English.

Every text a user can see — CLI output, configuration errors, API error bodies — is a
key in :data:`MESSAGES` with both languages, so a missing translation is a test failure,
not a surprise in the warehouse.  Templates use ``str.format`` fields.
"""

from __future__ import annotations

import os
from typing import Literal

Language = Literal["pl", "en"]
LANGUAGES: tuple[Language, ...] = ("pl", "en")
DEFAULT_LANGUAGE: Language = "pl"

MESSAGES: dict[str, dict[Language, str]] = {
    # configuration
    "config.file_missing": {
        "pl": "Nie ma pliku konfiguracji {path}.",
        "en": "The configuration file {path} does not exist.",
    },
    "config.file_missing.fix": {
        "pl": "Utwórz go (wzór: kolektor.example.toml) albo wskaż inny opcją --config.",
        "en": "Create it (see kolektor.example.toml) or point to another with --config.",
    },
    "config.toml_invalid": {
        "pl": "Plik {path} nie jest poprawnym TOML-em: {error}.",
        "en": "{path} is not valid TOML: {error}.",
    },
    "config.toml_invalid.fix": {
        "pl": "Popraw składnię we wskazanym wierszu.",
        "en": "Fix the syntax on the line shown.",
    },
    "config.unknown_key": {
        "pl": "Nieznane ustawienie.",
        "en": "Unknown setting.",
    },
    "config.unknown_key.fix": {
        "pl": "Usuń je albo popraw literówkę; dozwolone w tej sekcji: {allowed}.",
        "en": "Remove it or fix the typo; allowed in this section: {allowed}.",
    },
    "config.wrong_type": {
        "pl": "Oczekiwano wartości typu {expected}, jest {found}.",
        "en": "Expected a value of type {expected}, found {found}.",
    },
    "config.wrong_type.fix": {
        "pl": "Wpisz np. {example}.",
        "en": "Write e.g. {example}.",
    },
    "config.bad_choice": {
        "pl": "Wartość {value!r} jest niedozwolona.",
        "en": "The value {value!r} is not allowed.",
    },
    "config.bad_choice.fix": {
        "pl": "Użyj jednej z: {allowed}.",
        "en": "Use one of: {allowed}.",
    },
    "config.out_of_range": {
        "pl": "Wartość {value} jest poza zakresem {low}–{high}.",
        "en": "The value {value} is outside {low}–{high}.",
    },
    "config.out_of_range.fix": {
        "pl": "Podaj liczbę od {low} do {high}.",
        "en": "Give a number from {low} to {high}.",
    },
    "config.bad_port": {
        "pl": "Port {value} jest niepoprawny.",
        "en": "Port {value} is not valid.",
    },
    "config.bad_port.fix": {
        "pl": "Podaj numer portu od 1 do 65535, np. 8080.",
        "en": "Give a port number from 1 to 65535, e.g. 8080.",
    },
    "config.required": {
        "pl": "Brak wymaganego ustawienia.",
        "en": "A required setting is missing.",
    },
    "config.required.fix": {
        "pl": "Dodaj je, np. {example}.",
        "en": "Add it, e.g. {example}.",
    },
    "config.bad_location": {
        "pl": "Nieznane źródło lokalizacji {value!r}.",
        "en": "Unknown location source {value!r}.",
    },
    "config.bad_location.fix": {
        "pl": "Użyj tw_Pole1 … tw_Pole8 albo pw_Dane:pwd_Tekst01 … pw_Dane:pwd_Tekst10.",
        "en": "Use tw_Pole1 … tw_Pole8 or pw_Dane:pwd_Tekst01 … pw_Dane:pwd_Tekst10.",
    },
    "config.bad_source": {
        "pl": "Nieznane pole z numerem zamówienia {value!r}.",
        "en": "Unknown order-id field {value!r}.",
    },
    "config.bad_source.fix": {
        "pl": "Użyj dok_Uwagi, dok_NrPelnyOryg, dok_Tytul albo pw_Dane:pwd_Tekst01 … pwd_Tekst10.",
        "en": "Use dok_Uwagi, dok_NrPelnyOryg, dok_Tytul or pw_Dane:pwd_Tekst01 … pwd_Tekst10.",
    },
    "config.bad_regex": {
        "pl": "Wyrażenie regularne jest błędne: {error}.",
        "en": "The regular expression is invalid: {error}.",
    },
    "config.bad_regex.fix": {
        "pl": "Popraw wzorzec; grupa (?P<id>…) wskazuje wycinany fragment.",
        "en": "Fix the pattern; a (?P<id>…) group marks the part to take.",
    },
    "config.bad_encoding": {
        "pl": "Nieznane kodowanie znaków {value!r}.",
        "en": "Unknown character encoding {value!r}.",
    },
    "config.bad_encoding.fix": {
        "pl": "Subiekt GT używa cp1250 (Windows-1250).",
        "en": "Subiekt GT uses cp1250 (Windows-1250).",
    },
    "config.bad_store_url": {
        "pl": "Adres magazynu danych {value!r} nie jest obsługiwany.",
        "en": "The store URL {value!r} is not supported.",
    },
    "config.bad_store_url.fix": {
        "pl": "Użyj sqlite:///ścieżka/kolektor.db albo postgresql://użytkownik@host/baza.",
        "en": "Use sqlite:///path/kolektor.db or postgresql://user@host/database.",
    },
    "config.tls_file_missing": {
        "pl": "Nie ma pliku {path}.",
        "en": "The file {path} does not exist.",
    },
    "config.tls_file_missing.fix": {
        "pl": "Podaj ścieżkę do pliku PEM (względem pliku konfiguracji) — zob. docs/security.md.",
        "en": "Give the path of a PEM file (relative to this file) — see docs/security.md.",
    },
    "config.tls_pair": {
        "pl": "HTTPS wymaga i certyfikatu, i klucza.",
        "en": "HTTPS needs both the certificate and the key.",
    },
    "config.tls_pair.fix": {
        "pl": "Ustaw oba: tls_certificate i tls_key (albo żadnego, by zostać przy HTTP).",
        "en": "Set both tls_certificate and tls_key (or neither to stay on HTTP).",
    },
    "config.secret_key_short": {
        "pl": "Klucz instancji ma {length} znaków — za mało.",
        "en": "The instance key has {length} characters — too few.",
    },
    "config.secret_key_short.fix": {
        "pl": "Wpisz do pliku sekretów co najmniej 32 losowe znaki, np. wynik: "
        "python3 -c 'import secrets; print(secrets.token_urlsafe(32))'.",
        "en": "Put at least 32 random characters into the secrets file, e.g. the output of "
        "python3 -c 'import secrets; print(secrets.token_urlsafe(32))'.",
    },
    "config.secret_key_shared": {
        "pl": "Z PostgreSQL klucz instancji jest wymagany: wszystkie instancje muszą mieć ten sam.",
        "en": "With PostgreSQL the instance key is required: every instance must share it.",
    },
    "config.bad_origin": {
        "pl": "{value!r} nie jest adresem źródła (origin).",
        "en": "{value!r} is not an origin.",
    },
    "config.bad_origin.fix": {
        "pl": "Wpisz schemat, host i ewentualnie port, bez ścieżki, np. https://kolektor.sklep.pl.",
        "en": "Write the scheme, host and port if any, no path, e.g. https://kolektor.sklep.pl.",
    },
    "config.secrets_missing": {
        "pl": "Nie ma pliku z hasłami {path}.",
        "en": "The secrets file {path} does not exist.",
    },
    "config.secrets_missing.fix": {
        "pl": 'Utwórz go (TOML: nazwa = "wartość") z prawami tylko dla właściciela (chmod 600).',
        "en": 'Create it (TOML: name = "value") readable only by its owner (chmod 600).',
    },
    "config.secret_unknown": {
        "pl": "Odwołanie ${{{name}}} nie ma wartości w pliku z hasłami ani w zmiennych środowiska.",
        "en": "The reference ${{{name}}} has no value in the secrets file or the environment.",
    },
    "config.secret_unknown.fix": {
        "pl": 'Dodaj {name} = "…" do pliku {path}.',
        "en": 'Add {name} = "…" to {path}.',
    },
    "config.problems": {
        "pl": "Konfiguracja {path} zawiera błędy ({count}):",
        "en": "The configuration {path} has problems ({count}):",
    },
    "config.problem_line": {
        "pl": "  • {key}: {message} Jak naprawić: {fix}",
        "en": "  • {key}: {message} How to fix: {fix}",
    },
    # kolektor check
    "check.title": {
        "pl": "Sprawdzam konfigurację {path}",
        "en": "Checking configuration {path}",
    },
    "check.config_ok": {
        "pl": "konfiguracja poprawna",
        "en": "configuration is valid",
    },
    "check.store_ok": {
        "pl": "magazyn danych Kolektora ({url}): działa, wersja schematu {revision}",
        "en": "Kolektor store ({url}): works, schema revision {revision}",
    },
    "check.store_not_migrated": {
        "pl": "magazyn danych Kolektora ({url}): działa, ale schemat jest nieaktualny ({revision})"
        " — uruchom: kolektor db upgrade",
        "en": "Kolektor store ({url}): works but the schema is out of date ({revision})"
        " — run: kolektor db upgrade",
    },
    "check.store_failed": {
        "pl": "magazyn danych Kolektora ({url}): nie działa — {error}",
        "en": "Kolektor store ({url}): does not work — {error}",
    },
    "check.subiekt_ok": {
        "pl": "Subiekt GT ({target}): połączono, otwartych ZK: {open_orders}",
        "en": "Subiekt GT ({target}): connected, open ZKs: {open_orders}",
    },
    "check.subiekt_failed": {
        "pl": "Subiekt GT ({target}): brak połączenia — {error}",
        "en": "Subiekt GT ({target}): cannot connect — {error}",
    },
    "check.writer_simulator": {
        "pl": "zapis dokumentów: symulator Subiekta ({path})",
        "en": "writing documents: the Subiekt simulator ({path})",
    },
    "check.writer_sfera": {
        "pl": "zapis dokumentów: Sfera GT ({server}/{database}); pywin32 jest zainstalowany",
        "en": "writing documents: Sfera GT ({server}/{database}); pywin32 is installed",
    },
    "check.writer_no_pywin32": {
        "pl": "zapis dokumentów: Sfera GT wymaga Windows z pakietem pywin32"
        " — uruchom kolektor work na komputerze z Subiektem (pip install pywin32)",
        "en": "writing documents: Sfera GT needs Windows with pywin32"
        " — run kolektor work on the machine with Subiekt (pip install pywin32)",
    },
    "check.writer_failed": {
        "pl": "zapis dokumentów: nie działa — {error}",
        "en": "writing documents: does not work — {error}",
    },
    "check.summary_ok": {
        "pl": "Wszystko działa.",
        "en": "Everything works.",
    },
    "check.summary_failed": {
        "pl": "Nie działa: {count}. Popraw powyższe i uruchom ponownie: kolektor check",
        "en": "Not working: {count}. Fix the above and run again: kolektor check",
    },
    # subiekt connection
    "subiekt.driver_missing": {
        "pl": "brak sterownika ODBC ({error}); zainstaluj sterownik wskazany w"
        " subiekt.connection_string",
        "en": "ODBC driver missing ({error}); install the driver named in"
        " subiekt.connection_string",
    },
    "subiekt.login_failed": {
        "pl": "serwer odrzucił logowanie ({error}); sprawdź użytkownika i hasło",
        "en": "the server refused the login ({error}); check the user and password",
    },
    "subiekt.unreachable": {
        "pl": "nie można połączyć się z bazą ({error}); sprawdź serwer, nazwę bazy i sieć",
        "en": "cannot reach the database ({error}); check the server, database name and network",
    },
    "subiekt.not_subiekt": {
        "pl": "baza nie wygląda na bazę Subiekta GT ({error}); sprawdź nazwę bazy",
        "en": "the database does not look like a Subiekt GT database ({error}); check its name",
    },
    # serve / demo / db
    "serve.listening": {
        "pl": "Kolektor działa pod adresem {url}",
        "en": "Kolektor is listening at {url}",
    },
    "db.upgraded": {
        "pl": "Schemat magazynu danych jest aktualny (wersja {revision}).",
        "en": "The store schema is up to date (revision {revision}).",
    },
    "db.failed": {
        "pl": "Nie udało się zaktualizować schematu: {error}",
        "en": "Could not upgrade the schema: {error}",
    },
    "demo.preparing": {
        "pl": "Przygotowuję demo w katalogu {path}…",
        "en": "Preparing the demo in {path}…",
    },
    "demo.database": {
        "pl": "Demonstracyjna baza Subiekta GT: {products} towarów, {orders} otwartych ZK ({path})",
        "en": "Demo Subiekt GT database: {products} products, {orders} open ZKs ({path})",
    },
    "demo.ready": {
        "pl": "Demo gotowe.",
        "en": "The demo is ready.",
    },
    "demo.urls": {
        "pl": "  Aplikacja skanera:  {base}/scanner\n"
        "  Zamówienia (JSON):  {base}/api/orders\n"
        "  Stan serwera:       {base}/health",
        "en": "  Scanner app:        {base}/scanner\n"
        "  Orders (JSON):      {base}/api/orders\n"
        "  Server health:      {base}/health",
    },
    "demo.logins": {
        "pl": "Loginy demo (login / hasło, identyfikator, PIN):",
        "en": "Demo logins (login / password, badge, PIN):",
    },
    "demo.log_file": {
        "pl": "Dziennik zdarzeń: {path}",
        "en": "Event log: {path}",
    },
    "demo.stop": {
        "pl": "Zatrzymanie: Ctrl+C",
        "en": "Stop with Ctrl+C",
    },
    # intake
    "intake.gone_deleted": {
        "pl": "ZK usunięto w Subiekcie.",
        "en": "The ZK was deleted in Subiekt.",
    },
    "intake.gone_realized": {
        "pl": "ZK zrealizowano w Subiekcie poza Kolektorem: {documents}.",
        "en": "The ZK was realized in Subiekt outside Kolektor: {documents}.",
    },
    "intake.gone_filtered": {
        "pl": "ZK nie spełnia już warunków pobierania (magazyn, kategoria lub flaga).",
        "en": "The ZK no longer matches the intake filters (warehouse, category or flag).",
    },
    "intake.gone_closed": {
        "pl": "ZK nie jest już otwarte w Subiekcie (status {status}).",
        "en": "The ZK is no longer open in Subiekt (status {status}).",
    },
    # scanner protocol
    "ws.bad_message": {
        "pl": "Niepoprawna wiadomość: pole {field} — {problem}.",
        "en": "Malformed message: field {field} — {problem}.",
    },
    "ws.problem.missing": {
        "pl": "brak wartości",
        "en": "missing",
    },
    "ws.problem.empty": {
        "pl": "puste",
        "en": "empty",
    },
    "ws.problem.not_text": {
        "pl": "to nie tekst",
        "en": "not text",
    },
    "ws.problem.too_long": {
        "pl": "za długie",
        "en": "too long",
    },
    "ws.problem.not_id": {
        "pl": "to nie identyfikator",
        "en": "not an id",
    },
    "ws.problem.not_bool": {
        "pl": "oczekiwano true/false",
        "en": "expected true/false",
    },
    "ws.problem.not_number": {
        "pl": "to nie liczba",
        "en": "not a number",
    },
    "ws.problem.not_positive": {
        "pl": "liczba musi być dodatnia",
        "en": "must be a positive number",
    },
    "ws.problem.too_precise": {
        "pl": "najwyżej 4 miejsca po przecinku",
        "en": "at most 4 decimal places",
    },
    "ws.problem.not_date": {
        "pl": "oczekiwano daty RRRR-MM-DD",
        "en": "expected a date YYYY-MM-DD",
    },
    "ws.problem.not_time": {
        "pl": "oczekiwano czasu ISO 8601",
        "en": "expected an ISO 8601 time",
    },
    "ws.problem.not_object": {
        "pl": "oczekiwano obiektu",
        "en": "expected an object",
    },
    "ws.problem.not_json": {
        "pl": "to nie JSON",
        "en": "not JSON",
    },
    "ws.problem.not_template": {
        "pl": "gabaryt to A, B albo C",
        "en": "the template is A, B or C",
    },
    "ws.too_large": {
        "pl": "Wiadomość jest za duża (limit {limit} bajtów).",
        "en": "The message is too large (limit {limit} bytes).",
    },
    "ws.unsupported_version": {
        "pl": "Nieobsługiwana wersja protokołu {version}; zaktualizuj aplikację.",
        "en": "Unsupported protocol version {version}; update the app.",
    },
    "ws.unknown_type": {
        "pl": "Nieznany rodzaj wiadomości {type}.",
        "en": "Unknown message type {type}.",
    },
    "ws.login_required": {
        "pl": "Najpierw zaloguj się.",
        "en": "Log in first.",
    },
    "ws.hello_first": {
        "pl": "Urządzenie musi się najpierw przedstawić (hello).",
        "en": "The device must say hello first.",
    },
    "ws.login_failed": {
        "pl": "Nieznany identyfikator albo zły PIN.",
        "en": "Unknown badge or wrong PIN.",
    },
    "ws.forbidden": {
        "pl": "Brak uprawnień do tej operacji.",
        "en": "You are not allowed to do this.",
    },
    "ws.not_found": {
        "pl": "Nie ma takiego zamówienia.",
        "en": "No such order.",
    },
    "ws.not_yours": {
        "pl": "To zamówienie kompletuje ktoś inny.",
        "en": "Someone else is picking this order.",
    },
    "ws.wrong_status": {
        "pl": "Zamówienie ma status {status} — ta operacja jest teraz niemożliwa.",
        "en": "The order is {status} — this cannot be done now.",
    },
    "ws.internal": {
        "pl": "Błąd serwera; nic nie zostało zmienione. Spróbuj ponownie.",
        "en": "Server error; nothing was changed. Try again.",
    },
    "verdict.counted": {
        "pl": "Dodano {added}. Zebrano {picked} z {ordered}.",
        "en": "Added {added}. Picked {picked} of {ordered}.",
    },
    "verdict.line_complete": {
        "pl": "Pozycja kompletna ({picked} z {ordered}).",
        "en": "Line complete ({picked} of {ordered}).",
    },
    "verdict.order_complete": {
        "pl": "Zamówienie skompletowane!",
        "en": "Order complete!",
    },
    "verdict.order_complete_with_shortages": {
        "pl": "Zamówienie zakończone z brakami.",
        "en": "Order finished with shortages.",
    },
    "verdict.wrong_product": {
        "pl": "Zły towar — tego produktu nie ma w zamówieniu.",
        "en": "Wrong product — it is not on this order.",
    },
    "verdict.unknown_code": {
        "pl": "Nieznany kod — nie ma takiego towaru.",
        "en": "Unknown code — no such product.",
    },
    "verdict.over_pick": {
        "pl": "Za dużo! Zamówiono {ordered}, zebrano już {picked}.",
        "en": "Too many! Ordered {ordered}, already picked {picked}.",
    },
    "verdict.batch_required": {
        "pl": "Podaj numer partii.",
        "en": "Enter the batch number.",
    },
    "verdict.expiry_required": {
        "pl": "Podaj datę ważności.",
        "en": "Enter the expiry date.",
    },
    "verdict.serial_required": {
        "pl": "Podaj numer seryjny.",
        "en": "Enter the serial number.",
    },
    "verdict.duplicate_serial": {
        "pl": "Ten numer seryjny już zeskanowano.",
        "en": "This serial number was already scanned.",
    },
    "verdict.line_closed_short": {
        "pl": "Pozycja zamknięta z brakiem.",
        "en": "The line was closed short.",
    },
    "verdict.order_finished": {
        "pl": "Zamówienie jest już zakończone.",
        "en": "The order is already finished.",
    },
    "verdict.duplicate": {
        "pl": "Ten skan już został policzony.",
        "en": "This scan was already counted.",
    },
    "verdict.undone": {
        "pl": "Cofnięto ostatni skan.",
        "en": "The last scan was undone.",
    },
    "verdict.nothing_to_undo": {
        "pl": "Nie ma czego cofnąć.",
        "en": "Nothing to undo.",
    },
    "verdict.shortage_reported": {
        "pl": "Zgłoszono brak; zamówienie wraca do biura.",
        "en": "Shortage reported; the order goes back to the office.",
    },
    # API
    "api.auth_required": {
        "pl": "Wymagane logowanie.",
        "en": "Login required.",
    },
    "api.forbidden": {
        "pl": "Brak uprawnień do tej operacji.",
        "en": "You are not allowed to do this.",
    },
    "api.not_found": {
        "pl": "Nie znaleziono.",
        "en": "Not found.",
    },
    "api.nothing_failed": {
        "pl": "To zamówienie nie ma nieudanego kroku.",
        "en": "This order has no failed step.",
    },
    "api.skipped_by": {
        "pl": "pominięte przez {login}",
        "en": "skipped by {login}",
    },
    "api.no_document": {
        "pl": "Dokument tego zamówienia nie jest jeszcze gotowy.",
        "en": "This order's document is not ready yet.",
    },
    "api.bad_parameter": {
        "pl": "Parametr {name} ma niepoprawną wartość {value!r}.",
        "en": "Parameter {name} has an invalid value {value!r}.",
    },
}


def normalize_language(value: str | None) -> Language:
    """Map ``pl``, ``pl_PL.UTF-8``, ``en-GB``… to a supported language; Polish otherwise."""
    if value:
        head = value.strip().lower()[:2]
        for language in LANGUAGES:
            if head == language:
                return language
    return DEFAULT_LANGUAGE


def default_language() -> Language:
    """The language from ``KOLEKTOR_LANG``, else Polish."""
    return normalize_language(os.environ.get("KOLEKTOR_LANG"))


def t(key: str, language: Language | None = None, /, **params: object) -> str:
    """Render message ``key`` in ``language`` (default: :func:`default_language`)."""
    template = MESSAGES[key][language or default_language()]
    return template.format(**params) if params else template
