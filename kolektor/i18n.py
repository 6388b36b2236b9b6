"""Messages shown to people, in Polish (the default) and English: the one catalog.

Every text a user can see — CLI and ``kolektor check`` output, configuration errors, API
error bodies, the scanner's texts, the reasons and errors stored with orders and jobs — is
a stable key in :data:`MESSAGES` with both languages, so a missing translation is a test
failure, not a surprise in the warehouse.  Render with :func:`t`; templates use
``str.format`` fields (``{{`` for a literal brace).

The core keys (configuration, check, serve, intake, scanner protocol, operators, API) are
written here; the domains' keys live in small modules of :mod:`kolektor.messages`
(``rules.*``, ``writer.*``, ``plan.*``, ``finalize.*``, ``document.*``, ``store.*``,
``web.*``) and are merged in at import — a key defined twice or a text without both
languages stops the import.  :data:`SAME_TEXT` lists the keys whose text is rightly the
same in both languages (names, units); every other Polish text differs from its English.

Errors carry a key and parameters (:class:`Translatable`: :class:`~kolektor.tls.TlsError`,
:class:`~kolektor.store.engine.StoreConfigError`, :class:`~kolektor.documents.DocumentError`,
:class:`~kolektor.finalize.steps.StepError`…) and are rendered at the edge — the CLI, the
API, or the pipeline storing a job's error and an order's reason in the configured
language (``[kolektor] language``).  :func:`describe` renders any exception: a key when it
has one, else its own text.

The scanner app's texts are the ``web.*`` keys; the server serves them as
``/static/scanner/i18n/<language>.json`` (:func:`web_catalog`).
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal, Protocol, runtime_checkable

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
        "pl": "Wartość „{value}” jest niedozwolona.",
        "en": "The value “{value}” is not allowed.",
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
    "config.url_invalid": {
        "pl": "To nie jest adres https://…",
        "en": "This is not an https://… address.",
    },
    "config.url_invalid.fix": {
        "pl": "Podaj pełny adres usługi, np. {example}.",
        "en": "Give the service's full address, e.g. {example}.",
    },
    "config.bad_location": {
        "pl": "Nieznane źródło lokalizacji „{value}”.",
        "en": "Unknown location source “{value}”.",
    },
    "config.bad_location.fix": {
        "pl": "Użyj tw_Pole1 … tw_Pole8 albo pw_Dane:pwd_Tekst01 … pw_Dane:pwd_Tekst10.",
        "en": "Use tw_Pole1 … tw_Pole8 or pw_Dane:pwd_Tekst01 … pw_Dane:pwd_Tekst10.",
    },
    "config.bad_source": {
        "pl": "Nieznane pole z numerem zamówienia „{value}”.",
        "en": "Unknown order-id field “{value}”.",
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
        "pl": "Nieznane kodowanie znaków „{value}”.",
        "en": "Unknown character encoding “{value}”.",
    },
    "config.bad_encoding.fix": {
        "pl": "Subiekt GT używa cp1250 (Windows-1250).",
        "en": "Subiekt GT uses cp1250 (Windows-1250).",
    },
    "config.bad_store_url": {
        "pl": "Adres magazynu danych „{value}” nie jest obsługiwany.",
        "en": "The store URL “{value}” is not supported.",
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
        "pl": "Podaj ścieżkę do pliku PEM (względem pliku konfiguracji) — zob. docs/tls.md.",
        "en": "Give the path of a PEM file (relative to this file) — see docs/tls.md.",
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
        "pl": "Klucz instancji ma {length} {length:plural:znak|znaki|znaków} — za mało.",
        "en": "The instance key has {length} {length:plural:character|characters} — too few.",
    },
    "config.secret_key_short.fix": {
        "pl": "Wpisz do pliku sekretów co najmniej 32 losowe znaki, np. wynik: "
        'python3 -c "import secrets; print(secrets.token_urlsafe(32))".',
        "en": "Put at least 32 random characters into the secrets file, e.g. the output of "
        'python3 -c "import secrets; print(secrets.token_urlsafe(32))".',
    },
    "config.secret_key_shared": {
        "pl": "Z PostgreSQL klucz instancji jest wymagany: wszystkie instancje muszą mieć ten sam.",
        "en": "With PostgreSQL the instance key is required: every instance must share it.",
    },
    "config.bad_origin": {
        "pl": "„{value}” nie jest adresem źródła (origin).",
        "en": "“{value}” is not an origin.",
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
    "check.files_private": {
        "pl": "pliki z sekretami są dostępne tylko dla właściciela ({paths})",
        "en": "files with secrets are accessible to their owner only ({paths})",
    },
    "check.files_none": {
        "pl": "pliki z sekretami: nie ma czego sprawdzać (brak pliku sekretów, klucza i bazy"
        " SQLite)",
        "en": "files with secrets: nothing to check (no secrets file, key or SQLite store)",
    },
    "check.files_open": {
        "pl": "pliki z sekretami: {files} — mogą je czytać lub zmieniać inni użytkownicy tego"
        " komputera; popraw: chmod 600 {paths}",
        "en": "files with secrets: {files} — other users of this computer can read or change"
        " them; fix: chmod 600 {paths}",
    },
    "check.files_windows": {
        "pl": "pliki z sekretami: w Windows uprawnień nie sprawdzam — dostęp do {paths} powinno"
        " mieć tylko konto, na którym działa Kolektor (Właściwości → Zabezpieczenia)",
        "en": "files with secrets: permissions are not checked on Windows — only the account"
        " running Kolektor should have access to {paths} (Properties → Security)",
    },
    # Disk space: kolektor check (kolektor/check.py)
    "check.disk_one": {
        "pl": "{paths}: wolne {free} z {total} ({percent} %)",
        "en": "{paths}: {free} free of {total} ({percent} %)",
    },
    "check.disk_ok": {
        "pl": "miejsce na dysku: {disks}; dokumenty zajmują {documents}, dzienniki {logs},"
        " baza SQLite {store}",
        "en": "disk space: {disks}; documents take {documents}, logs {logs}, the SQLite store"
        " {store}",
    },
    "check.disk_low": {
        "pl": "miejsce na dysku: za mało (mniej niż 10 % lub 1 GiB wolnego) — {disks};"
        " dokumenty zajmują {documents}, dzienniki {logs}, baza SQLite {store}; popraw: zwolnij"
        " miejsce na tym dysku albo w {path} skróć [retention] documents_days i scans_days"
        " lub zmniejsz [logging] max_mb i keep",
        "en": "disk space: too little (less than 10 % or 1 GiB free) — {disks}; documents"
        " take {documents}, logs {logs}, the SQLite store {store}; fix: free space on that"
        " disk, or in {path} shorten [retention] documents_days and scans_days or lower"
        " [logging] max_mb and keep",
    },
    "check.disk_unreadable": {
        "pl": "miejsce na dysku: nie da się sprawdzić {path} ({error}); popraw: sprawdź, czy"
        " ten katalog istnieje i czy Kolektor może go czytać",
        "en": "disk space: {path} cannot be checked ({error}); fix: make sure the folder"
        " exists and Kolektor can read it",
    },
    "log.file_failed": {
        "pl": "Nie można pisać dziennika do {path} ({error}). Popraw [logging] file albo"
        " uprawnienia katalogu; pusta wartość = standardowe wyjście błędów.",
        "en": "Cannot write the log to {path} ({error}). Fix [logging] file or the folder's"
        " permissions; an empty value = standard error.",
    },
    "check.summary_ok": {
        "pl": "Wszystko działa.",
        "en": "Everything works.",
    },
    "check.summary_failed": {
        "pl": "Nie działa: {count}. Popraw powyższe i uruchom ponownie: kolektor check",
        "en": "Not working: {count}. Fix the above and run again: kolektor check",
    },
    "check.store_newer": {
        "pl": "magazyn danych Kolektora ({url}): schemat {revision} jest nowszy niż zna ta wersja"
        " Kolektora (zna do {head}) — inny komputer ma nowszą wersję; zainstaluj tu tę samą"
        " (docs/install.md, aktualizacja)",
        "en": "Kolektor store ({url}): its schema {revision} is newer than this version of"
        " Kolektor knows (up to {head}) — another machine runs a newer version; install the same"
        " one here (docs/install.md, upgrading)",
    },
    "check.writer_elsewhere": {
        "pl": "zapis dokumentów: nie w tym procesie — [pipeline] steps zostawia realize i"
        " document innemu komputerowi (kolektor work ze Sferą)",
        "en": "writing documents: not in this process — [pipeline] steps leaves realize and"
        " document to another machine (kolektor work with Sfera)",
    },
    # kolektor check: values still as in kolektor.example.toml (docs/install.md)
    "check.placeholders_none": {
        "pl": "ustawienia: nie zostało nic do uzupełnienia ze wzoru kolektor.example.toml",
        "en": "settings: nothing left to fill in from the kolektor.example.toml template",
    },
    "check.placeholders": {
        "pl": "ustawienia: do uzupełnienia {count} — nadal mają wartości-wzory z"
        " kolektor.example.toml (<…>); wpisz tam dane sklepu (docs/install.md):",
        "en": "settings: {count} to fill in — they still hold placeholders from"
        " kolektor.example.toml (<…>); put the shop's values there (docs/install.md):",
    },
    "check.placeholder_secret": {
        "pl": " (sekret {name} w {file})",
        "en": " (the secret {name} in {file})",
    },
    "check.placeholder_environment": {
        "pl": "zmiennych środowiska",
        "en": "the environment",
    },
    "check.placeholder.server": {
        "pl": "instancja SQL Servera z bazą Subiekta, jak widać ją z tego komputera:"
        " KOMPUTER\\INSERTGT albo tcp:ADRES,PORT (stały port z SQL Server Configuration Manager)",
        "en": "the SQL Server instance with Subiekt's database as this computer reaches it:"
        " COMPUTER\\INSERTGT or tcp:ADDRESS,PORT (the fixed port set in SQL Server Configuration"
        " Manager)",
    },
    "check.placeholder.database": {
        "pl": "nazwa bazy danych firmy (podmiotu Subiekta) w SQL Serverze — jak na liście"
        " Databases w SQL Server Management Studio",
        "en": "the name of the company's database (the Subiekt company) in SQL Server — as SQL"
        " Server Management Studio lists it under Databases",
    },
    "check.placeholder.login": {
        "pl": "login tylko do odczytu ze skryptu scripts/subiekt-readonly-login.sql (kolektor)",
        "en": "the read-only login from scripts/subiekt-readonly-login.sql (kolektor)",
    },
    "check.placeholder.password": {
        "pl": "hasło loginu tylko do odczytu, nadane w scripts/subiekt-readonly-login.sql",
        "en": "the password of the read-only login, as set in scripts/subiekt-readonly-login.sql",
    },
    "check.placeholder.operator": {
        "pl": "operator Subiekta, jako który Kolektor wystawia dokumenty",
        "en": "the Subiekt operator Kolektor issues documents as",
    },
    "check.placeholder.operator_password": {
        "pl": "hasło tego operatora Subiekta",
        "en": "that Subiekt operator's password",
    },
    "check.placeholder.sfera_login": {
        "pl": "login SQL, którym sam Subiekt otwiera swoją bazę (często sa) — nie kolektor, który"
        " tylko czyta; pusty: uwierzytelnianie Windows konta, na którym działa kolektor work",
        "en": "the SQL login Subiekt itself opens its database with (often sa) — not the"
        " read-only kolektor; empty: Windows authentication of the account running kolektor work",
    },
    "check.placeholder.sfera_password": {
        "pl": "wpisz tu {sfera_secret} (w cudzysłowie), a hasło tego loginu do pliku sekretów",
        "en": "write {sfera_secret} here (in quotes) and that SQL login's password in the"
        " secrets file",
    },
    "check.placeholder.secret_key": {
        "pl": "co najmniej 32 losowe znaki, te same na każdym komputerze ze wspólnym magazynem"
        ' danych: python -c "import secrets; print(secrets.token_urlsafe(32))"',
        "en": "at least 32 random characters, the same on every machine sharing the store:"
        ' python -c "import secrets; print(secrets.token_urlsafe(32))"',
    },
    "check.placeholder.store_url": {
        "pl": "adres PostgreSQL: postgresql://kolektor:{db_secret}@SERWER/kolektor",
        "en": "the PostgreSQL address: postgresql://kolektor:{db_secret}@SERVER/kolektor",
    },
    "check.placeholder.other": {
        "pl": "wartość właściwa dla sklepu",
        "en": "the shop's own value",
    },
    # HTTPS: kolektor tls, kolektor check (kolektor/tls.py, docs/tls.md)
    "check.tls_off": {
        "pl": "HTTPS: wyłączone — serwer mówi zwykłym HTTP, bez szyfrowania (PIN-y i hasła"
        " idą jawnym tekstem); to w porządku tylko na 127.0.0.1 albo w zaufanej sieci."
        " Jak włączyć HTTPS: docs/tls.md",
        "en": "HTTPS: off — the server speaks plain HTTP, unencrypted (PINs and passwords"
        " travel in clear text); that is fine only on 127.0.0.1 or on a trusted network."
        " How to turn HTTPS on: docs/tls.md",
    },
    "check.tls_ok": {
        "pl": "HTTPS ({path}): certyfikat dla {names}, ważny do {until} (jeszcze {days} "
        "{days:plural:dzień|dni|dni})",
        "en": "HTTPS ({path}): certificate for {names}, valid until {until} ({days} "
        "{days:plural:day|days} left)",
    },
    "check.tls_failed": {
        "pl": "HTTPS ({path}): nie zadziała — {error}",
        "en": "HTTPS ({path}): will not work — {error}",
    },
    "check.tls_no_names": {
        "pl": "HTTPS ({path}): certyfikat nie ma rozszerzenia subjectAltName z nazwami ani"
        " adresami, a przeglądarki sprawdzają tylko je — wystaw nowy (docs/tls.md)",
        "en": "HTTPS ({path}): the certificate has no subjectAltName with names or addresses,"
        " the only place browsers look — issue a new one (docs/tls.md)",
    },
    "check.tls_not_yet_valid": {
        "pl": "HTTPS ({path}): certyfikat jest ważny dopiero od {since} — sprawdź zegar"
        " tego komputera",
        "en": "HTTPS ({path}): the certificate is valid only from {since} — check this"
        " computer's clock",
    },
    "check.tls_expired": {
        "pl": "HTTPS ({path}): certyfikat wygasł {until}; skanery i przeglądarki odrzucą"
        " połączenie — {fix}",
        "en": "HTTPS ({path}): the certificate expired on {until}; scanners and browsers will"
        " refuse to connect — {fix}",
    },
    "check.tls_expiring": {
        "pl": "HTTPS ({path}): certyfikat wygasa {until} (za {days} {days:plural:dzień|dni|dni}) "
        "— {fix}",
        "en": "HTTPS ({path}): the certificate expires on {until} (in {days} "
        "{days:plural:day|days}) — {fix}",
    },
    "check.tls_host_missing": {
        "pl": "HTTPS ({path}): adresu {host} z [server] host nie ma w certyfikacie (są: {names});"
        " przeglądarka pod tym adresem odrzuci połączenie — {fix}",
        "en": "HTTPS ({path}): {host} from [server] host is not in the certificate ({names});"
        " a browser using that address will refuse to connect — {fix}",
    },
    "tls.renew_fix": {
        "pl": "wystaw nowy: kolektor tls cert --dir {dir} {hosts}, albo poproś dostawcę"
        " certyfikatu o nowy (docs/tls.md)",
        "en": "issue a new one: kolektor tls cert --dir {dir} {hosts}, or ask your certificate"
        " provider for a new one (docs/tls.md)",
    },
    "tls.ca_common_name": {
        "pl": "Kolektor — lokalne CA ({shop})",
        "en": "Kolektor — local CA ({shop})",
    },
    "tls.ca_exists": {
        "pl": "{path} już istnieje — nie zastępuję CA, któremu mogą już ufać urządzenia."
        " Nowy certyfikat serwera: kolektor tls cert --dir {dir} --host …; nowe CA (trzeba"
        " je potem zainstalować na każdym urządzeniu od nowa): kolektor tls ca --dir {dir}"
        " --force",
        "en": "{path} already exists — not replacing a CA that devices may already trust."
        " A new server certificate: kolektor tls cert --dir {dir} --host …; a new CA (to be"
        " installed on every device again): kolektor tls ca --dir {dir} --force",
    },
    "tls.ca_created": {
        "pl": "Utworzono lokalne CA „{name}”, ważne do {until}.\n"
        "  {certificate} — certyfikat CA, instaluje się go na skanerach i komputerach\n"
        "  {key} — klucz CA: tylko dla właściciela (0600), nie kopiuj go na inne urządzenia\n"
        "Teraz certyfikat serwera: kolektor tls cert --dir {dir} --host <adres IP serwera>"
        " [--host <nazwa serwera>]",
        "en": "Created the local CA “{name}”, valid until {until}.\n"
        "  {certificate} — the CA certificate, installed on scanners and computers\n"
        "  {key} — the CA key: owner only (0600), never copy it to other devices\n"
        "Now the server certificate: kolektor tls cert --dir {dir} --host <server IP address>"
        " [--host <server name>]",
    },
    "tls.ca_replaced": {
        "pl": "Uwaga: to nowe CA. Urządzenia ufające poprzedniemu nie zaufają certyfikatom"
        " nowego — zainstaluj na nich nowy certyfikat CA i wystaw nowy certyfikat serwera.",
        "en": "Note: this is a new CA. Devices trusting the previous one will not trust"
        " certificates of the new one — install the new CA certificate on them and issue a new"
        " server certificate.",
    },
    "tls.no_ca": {
        "pl": "W katalogu {dir} nie ma lokalnego CA (kolektor-ca.crt i kolektor-ca.key)."
        " Utwórz je: kolektor tls ca --dir {dir}",
        "en": "There is no local CA in {dir} (kolektor-ca.crt and kolektor-ca.key)."
        " Create it: kolektor tls ca --dir {dir}",
    },
    "tls.bad_host": {
        "pl": "„{host}” nie jest adresem IP ani nazwą DNS (np. 192.168.1.10, kolektor.local)"
        " — podaj samą nazwę, bez https:// i portu.",
        "en": "“{host}” is neither an IP address nor a DNS name (e.g. 192.168.1.10,"
        " kolektor.local) — give the bare name, without https:// and the port.",
    },
    "tls.no_hosts": {
        "pl": "Podaj co najmniej jeden adres serwera: --host 192.168.1.10",
        "en": "Give at least one server address: --host 192.168.1.10",
    },
    "tls.bad_days": {
        "pl": "--days {days}: certyfikat serwera może być ważny od 1 do {limit} dni"
        " (w granicy, jaką przeglądarki stawiają certyfikatom publicznym — docs/tls.md).",
        "en": "--days {days}: a server certificate can be valid for 1 to {limit} days"
        " (within the limit browsers set for public certificates — docs/tls.md).",
    },
    "tls.unreadable": {
        "pl": "nie można odczytać {path}: {error}",
        "en": "cannot read {path}: {error}",
    },
    "tls.unwritable": {
        "pl": "Nie można zapisać plików w {dir}: {error}",
        "en": "Cannot write files in {dir}: {error}",
    },
    "tls.not_certificate": {
        "pl": "{path} nie zawiera certyfikatu PEM (-----BEGIN CERTIFICATE-----)",
        "en": "{path} holds no PEM certificate (-----BEGIN CERTIFICATE-----)",
    },
    "tls.not_key": {
        "pl": "{path} nie zawiera klucza prywatnego PEM RSA ani EC",
        "en": "{path} holds no RSA or EC private key in PEM",
    },
    "tls.key_encrypted": {
        "pl": "klucz {path} jest zaszyfrowany hasłem, a serwer musi go wczytać sam; zapisz go"
        " bez hasła (openssl pkey -in zaszyfrowany.key -out {path}) i ustaw chmod 600",
        "en": "the key {path} is encrypted with a passphrase, and the server must load it on its"
        " own; save it without one (openssl pkey -in encrypted.key -out {path}) and chmod 600",
    },
    "tls.key_mismatch": {
        "pl": "klucz {key} nie pasuje do certyfikatu {certificate} — wskaż klucz, z którym"
        " wystawiono ten certyfikat",
        "en": "the key {key} does not belong to the certificate {certificate} — point to the key"
        " the certificate was issued for",
    },
    "tls.chain_order": {
        "pl": "w {path} certyfikat nr {position} nie jest podpisany przez następny — najpierw"
        " certyfikat serwera, potem pośrednie, na końcu (opcjonalnie) główny",
        "en": "in {path} certificate no. {position} is not signed by the next one — the server"
        " certificate first, then the intermediates, (optionally) the root last",
    },
    "tls.ssl_rejected": {
        "pl": "moduł ssl Pythona odrzuca certyfikat z kluczem: {error}",
        "en": "Python's ssl module rejects the certificate and key: {error}",
    },
    "tls.cert_created": {
        "pl": "Certyfikat serwera dla {names}, ważny do {until} ({days} "
        "{days:plural:dzień|dni|dni}):\n"
        "  {path} — certyfikat serwera i certyfikat CA (łańcuch)\n"
        "  {key} — klucz serwera: tylko dla właściciela (0600)",
        "en": "Server certificate for {names}, valid until {until} ({days} "
        "{days:plural:day|days}):\n"
        "  {path} — the server certificate and the CA certificate (the chain)\n"
        "  {key} — the server key: owner only (0600)",
    },
    "tls.config_intro": {
        "pl": "1. Wpisz do kolektor.toml, w sekcji [server], i uruchom ponownie kolektor serve:",
        "en": "1. Put this into kolektor.toml, in the [server] section, and restart"
        " kolektor serve:",
    },
    "tls.open_url": {
        "pl": "   Skanery i przeglądarki otwierają wtedy https://{host}:<port>/scanner"
        " (port z [server] port, domyślnie 8080); zwykłe http:// przestaje działać.",
        "en": "   Scanners and browsers then open https://{host}:<port>/scanner"
        " (the port is [server] port, 8080 by default); plain http:// stops working.",
    },
    "tls.install_intro": {
        "pl": "2. Zainstaluj certyfikat CA {path} na każdym urządzeniu, które łączy się"
        " z Kolektorem (tylko ten plik — pliki .key zostają na serwerze):",
        "en": "2. Install the CA certificate {path} on every device that connects to Kolektor"
        " (only this file — the .key files stay on the server):",
    },
    "tls.install_android": {
        "pl": "   • Android (skanery): skopiuj plik na urządzenie, potem Ustawienia →"
        " Bezpieczeństwo → Szyfrowanie i dane logowania → Zainstaluj certyfikat →"
        " Certyfikat CA i wskaż plik (nazwy menu różnią się między producentami). Chrome ufa"
        " takim certyfikatom na stronach WWW.",
        "en": "   • Android (scanners): copy the file onto the device, then Settings → Security →"
        " Encryption & credentials → Install a certificate → CA certificate and pick the file"
        " (menu names differ between vendors). Chrome trusts such certificates for websites.",
    },
    "tls.install_windows": {
        "pl": "   • Windows: w wierszu poleceń uruchomionym jako administrator:"
        " certutil -addstore -f Root {file} (Chrome, Edge i Firefox od wersji 120 korzystają"
        " z magazynu Windows).",
        "en": "   • Windows: in a command prompt run as administrator:"
        " certutil -addstore -f Root {file} (Chrome, Edge and Firefox 120 or newer use the"
        " Windows store).",
    },
    "tls.install_linux": {
        "pl": "   • Linux: sudo cp {file} /usr/local/share/ca-certificates/ && sudo"
        " update-ca-certificates; Chrome i Firefox mają własne listy — zob. docs/tls.md.",
        "en": "   • Linux: sudo cp {file} /usr/local/share/ca-certificates/ && sudo"
        " update-ca-certificates; Chrome and Firefox keep their own lists — see docs/tls.md.",
    },
    "tls.renew": {
        "pl": "Przed {until} wystaw nowy certyfikat tym samym poleceniem (CA zostaje to samo,"
        " urządzeń nie trzeba zmieniać); kolektor check ostrzega 30 dni wcześniej.",
        "en": "Before {until} issue a new certificate with the same command (the CA stays the"
        " same, devices need no change); kolektor check warns 30 days ahead.",
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
        "pl": "Demonstracyjna baza Subiekta GT: towarów: {products}, otwartych ZK: {orders}"
        " ({path})",
        "en": "Demo Subiekt GT database: {products} products, {orders} open ZKs ({path})",
    },
    "demo.ready": {
        "pl": "Demo gotowe.",
        "en": "The demo is ready.",
    },
    "demo.urls": {
        "pl": "  Panel biura:        {base}/panel\n"
        "  Aplikacja skanera:  {base}/scanner\n"
        "  Zamówienia (JSON):  {base}/api/orders\n"
        "  Stan serwera:       {base}/health",
        "en": "  Office panel:       {base}/panel\n"
        "  Scanner app:        {base}/scanner\n"
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
    "check.printers_none": {
        "pl": "Drukarki etykiet: żadna nie jest ustawiona — etykiety będą czekać w panelu "
        "(Drukarki i stanowiska)",
        "en": "Label printers: none is set up — labels will wait in the panel (Printers and "
        "stations)",
    },
    "check.printers_ok": {
        "pl": "Drukarki etykiet ({count}): {details}",
        "en": "Label printers ({count}): {details}",
    },
    "check.printers_failed": {
        "pl": "Drukarki etykiet: {details}",
        "en": "Label printers: {details}",
    },
    "check.printers_store": {
        "pl": "Drukarki etykiet: nie można odczytać ich listy z magazynu — {error}",
        "en": "Label printers: their list cannot be read from the store — {error}",
    },
    "demo.outside": {
        "pl": "Udawane usługi zewnętrzne: InPost ShipX {shipx}, Allegro {allegro}, drukarka "
        "Zebra {zebra} (stanowisko „{station}”). Etykiety z drukarki (ZPL i PNG): {labels}",
        "en": "Fake outside services: InPost ShipX {shipx}, Allegro {allegro}, a Zebra printer "
        "{zebra} (station “{station}”). The printer's labels (ZPL and PNG): {labels}",
    },
    "demo.stop": {
        "pl": "Zatrzymanie: Ctrl+C",
        "en": "Stop with Ctrl+C",
    },
    # serve / demo: start-up failures (one line each)
    "serve.address_in_use": {
        "pl": "Nie można uruchomić serwera: adres {address} jest już zajęty przez inny program"
        " (może drugi Kolektor). Zatrzymaj tamten program albo wybierz inny port — {how}.",
        "en": "Cannot start the server: the address {address} is already in use by another"
        " program (perhaps another Kolektor). Stop that program or choose another port — {how}.",
    },
    "serve.permission_denied": {
        "pl": "Nie można uruchomić serwera na {address}: brak uprawnień do portu {port} (porty"
        " poniżej 1024 są zastrzeżone dla administratora). Wybierz port 1024 lub wyższy — {how}.",
        "en": "Cannot start the server on {address}: no permission to use port {port} (ports"
        " below 1024 are reserved for the administrator). Choose port 1024 or above — {how}.",
    },
    "serve.unknown_host": {
        "pl": "Nie można uruchomić serwera na {address}: ten komputer nie ma adresu {host}"
        " ({error}). Ustaw server.host na adres tego komputera, 127.0.0.1 (tylko ten komputer)"
        " albo 0.0.0.0 (wszystkie sieci).",
        "en": "Cannot start the server on {address}: this computer has no address {host}"
        " ({error}). Set server.host to this computer's address, 127.0.0.1 (this computer only)"
        " or 0.0.0.0 (all networks).",
    },
    "serve.bind_failed": {
        "pl": "Nie można uruchomić serwera na {address}: {error}. Sprawdź server.host i"
        " server.port w {path}.",
        "en": "Cannot start the server on {address}: {error}. Check server.host and server.port"
        " in {path}.",
    },
    "serve.tls_failed": {
        "pl": "Nie można uruchomić HTTPS: nie da się wczytać certyfikatu {certificate} z kluczem"
        " {key} ({error}). Sprawdź, czy oba pliki są w formacie PEM, czy klucz pasuje do"
        " certyfikatu i czy Kolektor może je czytać (kolektor tls cert tworzy nową parę).",
        "en": "Cannot start HTTPS: the certificate {certificate} with the key {key} cannot be"
        " loaded ({error}). Check that both files are PEM, that the key belongs to the"
        " certificate and that Kolektor can read them (kolektor tls cert makes a new pair).",
    },
    "serve.store_failed": {
        "pl": "Nie można uruchomić serwera: magazyn danych nie działa — {error}",
        "en": "Cannot start the server: the store does not work — {error}",
    },
    "serve.port_in_config": {
        "pl": "ustaw np. port = {suggestion} w sekcji [server] pliku {path}",
        "en": "set e.g. port = {suggestion} in the [server] section of {path}",
    },
    "serve.port_in_demo": {
        "pl": "uruchom demo np. z --port {suggestion}",
        "en": "run the demo with e.g. --port {suggestion}",
    },
    # kolektor operator add
    "operator.password_prompt": {
        "pl": "Hasło: ",
        "en": "Password: ",
    },
    "operator.pin_prompt": {
        "pl": "PIN (4–8 cyfr): ",
        "en": "PIN (4–8 digits): ",
    },
    "operator.pin_repeat": {
        "pl": "Powtórz PIN: ",
        "en": "Repeat the PIN: ",
    },
    "operator.pin_mismatch": {
        "pl": "Podane PIN-y się różnią; wpisz PIN jeszcze raz.",
        "en": "The PINs do not match; enter the PIN again.",
    },
    "operator.pin_gave_up": {
        "pl": "Nie ustawiono PIN-u po {attempts} próbach; operatora nie dodano. Uruchom"
        " polecenie ponownie.",
        "en": "No PIN was set after {attempts} attempts; the operator was not added. Run the"
        " command again.",
    },
    "operator.pin_argument": {
        "pl": "PIN-u nie podaje się w wierszu polecenia — zostaje w historii powłoki i na liście"
        " procesów. Pomiń --pin, a Kolektor zapyta o PIN (dwa razy, bez wyświetlania); w"
        " skrypcie użyj --pin-stdin i podaj PIN na standardowym wejściu (z --password-stdin:"
        " hasło w pierwszym wierszu, PIN w drugim).",
        "en": "A PIN is not given on the command line — it stays in the shell history and the"
        " process list. Leave out --pin and Kolektor asks for the PIN (twice, not shown); in a"
        " script use --pin-stdin and send the PIN on standard input (with --password-stdin:"
        " the password on the first line, the PIN on the second).",
    },
    "operator.unknown_login": {
        "pl": "Nie ma operatora o loginie „{login}”.",
        "en": "There is no operator with the login “{login}”.",
    },
    "operator.unlocked": {
        "pl": "{login}: odblokowano; nieudane próby wyzerowane.",
        "en": "{login}: unlocked; failed attempts cleared.",
    },
    "operator.pin_no_terminal": {
        "pl": "Rola {role} loguje się na skanerze PIN-em, a nie ma terminala, by o niego"
        " zapytać. Podaj PIN na standardowym wejściu z --pin-stdin albo dodaj operatora bez"
        " PIN-u opcją --no-pin.",
        "en": "The role {role} logs in on a scanner with a PIN, and there is no terminal to ask"
        " for it. Send the PIN on standard input with --pin-stdin, or add the operator without"
        " a PIN with --no-pin.",
    },
    "operator.stdin_missing": {
        "pl": "Na standardowym wejściu brakuje wiersza {line} ({what}).",
        "en": "Standard input lacks line {line} ({what}).",
    },
    "operator.stdin_password": {
        "pl": "hasło",
        "en": "the password",
    },
    "operator.stdin_pin": {
        "pl": "PIN",
        "en": "the PIN",
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
    "intake.held": {
        "pl": "ZK nie spełnia już warunków pobierania (magazyn, kategoria lub flaga) — "
        "wstrzymane, wróci, gdy znów je spełni.",
        "en": "The ZK no longer matches the intake filters (warehouse, category or flag) — "
        "held until it does again.",
    },
    "intake.unheld": {
        "pl": "ZK znów spełnia warunki pobierania.",
        "en": "The ZK matches the intake filters again.",
    },
    "work.store_failed": {
        "pl": "Nie można uruchomić finalizacji: magazyn danych nie działa — {error}",
        "en": "Cannot start the finalization: the store does not work — {error}",
    },
    "work.left": {
        "pl": "Nie wszystko skończone: {waiting} {waiting:plural:krok czeka|kroki czekają|"
        "kroków czeka} na ponowienie, {leased} {leased:plural:krok|kroki|kroków} wykonuje inny "
        "pracownik. Uruchom ponownie później albo bez --once.",
        "en": "Not everything is finished: {waiting} {waiting:plural:step waits|steps wait} "
        "for a retry, {leased} {leased:plural:is|are} held by another worker. Run again later, "
        "or without --once.",
    },
    "pipeline.step_crashed": {
        "pl": "Nieoczekiwany błąd w kroku (szczegóły w dzienniku; ponowię): {error}",
        "en": "An unexpected error in the step (details in the log; will retry): {error}",
    },
    "pipeline.too_slow": {
        "pl": "Krok trwał dłużej niż {seconds} s i został przerwany.",
        "en": "The step took longer than {seconds} s and was stopped.",
    },
    "pipeline.gave_up": {
        "pl": "Ponawiano przez {hours} h bez skutku: {error}",
        "en": "Retried for {hours} h without success: {error}",
    },
    "pipeline.still_failing": {
        "pl": "Krok {step} nie udaje się od {minutes} min (wciąż ponawiany): {error}",
        "en": "The step {step} has been failing for {minutes} min (still retrying): {error}",
    },
    "pipeline.not_configured": {
        "pl": "Nie wykonano: {steps}. Skonfiguruj i ponów albo pomiń.",
        "en": "Not done: {steps}. Configure it and retry, or skip it.",
    },
    "pipeline.missing_part": {
        "pl": "{step} — {reason}",
        "en": "{step} ({reason})",
    },
    "step.label": {"pl": "etykieta", "en": "label"},
    "step.realize": {"pl": "realizacja w Subiekcie", "en": "realization in Subiekt"},
    "step.document": {"pl": "dokument PDF", "en": "PDF document"},
    "step.print": {"pl": "wydruk", "en": "printing"},
    "step.email": {"pl": "wysyłka e-maila", "en": "e-mail"},
    "step.allegro": {"pl": "dokument w Allegro", "en": "Allegro attachment"},
    "steps.no_printer": {
        "pl": "nie skonfigurowano drukarki",
        "en": "no printer is configured",
    },
    "steps.no_mail": {
        "pl": "nie skonfigurowano wysyłki e-maili",
        "en": "sending e-mail is not configured",
    },
    "steps.no_allegro": {
        "pl": "nie połączono konta Allegro",
        "en": "no Allegro account is connected",
    },
    "steps.no_rule": {
        "pl": "Żadna reguła dokumentów nie pasuje do tego zamówienia.",
        "en": "No document rule matched this order.",
    },
    "steps.realized_otherwise": {
        "pl": "ZK zrealizowano już w Subiekcie jako {found} {number}, a reguły chcą {kind}.",
        "en": "The ZK was already realized in Subiekt as {found} {number}; the rules asked for "
        "{kind}.",
    },
    "steps.nothing_realized": {
        "pl": "Nie ma zrealizowanego dokumentu, z którego można zrobić PDF (realizację pominięto).",
        "en": "There is no realized document to make a PDF of (the realization was skipped).",
    },
    # stock checks on claim and before packing (kolektor/stock.py)
    "stock.short_line": {
        "pl": "{product} (potrzeba {needed}, dostępne {available})",
        "en": "{product} (needed {needed}, available {available})",
    },
    "stock.problem_reason": {
        "pl": "Za mało towaru w magazynie (Subiekt), nie spakowano: {lines}. Uzupełnij stan "
        "albo popraw ZK w Subiekcie.",
        "en": "Not enough stock in the warehouse (Subiekt), not packed: {lines}. Add stock "
        "or correct the ZK in Subiekt.",
    },
    "stock.pack_refused": {
        "pl": "Nie można spakować — za mało w magazynie: {lines}. Zamówienie przekazano do biura.",
        "en": "Cannot pack — not enough in stock: {lines}. The order was passed to the office.",
    },
    "stock.claim_short": {
        "pl": "Uwaga: według Subiekta w magazynie brakuje: {lines}.",
        "en": "Warning: according to Subiekt the warehouse is short of: {lines}.",
    },
    "stock.unchecked": {
        "pl": "Nie sprawdzono stanów — Subiekt nie odpowiada. Zbieraj normalnie.",
        "en": "Stock was not checked — Subiekt is not answering. Pick as usual.",
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
    "ws.problem.not_count": {
        "pl": "to nie liczba całkowita",
        "en": "not a whole number",
    },
    "ws.problem.out_of_range": {
        "pl": "wartość spoza dozwolonego zakresu",
        "en": "out of the allowed range",
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
    "ws.problem.too_deep": {
        "pl": "zbyt głęboko zagnieżdżone",
        "en": "nested too deeply",
    },
    "ws.problem.bad_text": {
        "pl": "niedozwolone znaki (niepoprawny UTF-8, pojedynczy surogat albo NUL)",
        "en": "characters that are not allowed (invalid UTF-8, a lone surrogate or NUL)",
    },
    "ws.pin_required": {
        "pl": "Zeskanowano identyfikator — wpisz PIN.",
        "en": "Badge scanned — enter your PIN.",
    },
    "ws.login_throttled": {
        "pl": "Za dużo nieudanych prób logowania. Spróbuj ponownie za {retry_after} s.",
        "en": "Too many failed logins. Try again in {retry_after} s.",
    },
    "ws.account_locked": {
        "pl": "Konto zablokowane po zbyt wielu nieudanych próbach. Poproś kierownika o "
        "odblokowanie albo spróbuj za {minutes} min.",
        "en": "The account is locked after too many failed attempts. Ask a supervisor to "
        "unlock it or try again in {minutes} min.",
    },
    "ws.busy": {
        "pl": "Serwer sprawdza teraz wiele logowań — spróbuj za chwilę.",
        "en": "The server is checking many logins right now — try again in a moment.",
    },
    "ws.session_expired": {
        "pl": "Sesja wygasła — zaloguj się ponownie.",
        "en": "The session has ended — log in again.",
    },
    "ws.forbidden_login": {
        "pl": "To konto nie może logować się na skanerze.",
        "en": "This account cannot log in on a scanner.",
    },
    "ws.logged_out.logout": {
        "pl": "Wylogowano.",
        "en": "Logged out.",
    },
    "ws.logged_out.replaced": {
        "pl": "Na tym urządzeniu zalogowano się ponownie.",
        "en": "Someone logged in again on this device.",
    },
    "ws.logged_out.revoked": {
        "pl": "Uprawnienia konta zmieniły się albo sesję zakończono — zaloguj się ponownie.",
        "en": "The account's access changed or the session was ended — log in again.",
    },
    "ws.logged_out.inactive": {
        "pl": "Konto zostało wyłączone.",
        "en": "The account was deactivated.",
    },
    "ws.logged_out.expired": {
        "pl": "Sesja osiągnęła maksymalny czas — zaloguj się ponownie.",
        "en": "The session reached its maximum length — log in again.",
    },
    "ws.logged_out.idle": {
        "pl": "Wylogowano po dłuższej bezczynności.",
        "en": "Logged out after a long time without activity.",
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
        "pl": "To zamówienie zbiera ktoś inny.",
        "en": "Someone else is picking this order.",
    },
    "ws.wrong_status": {
        "pl": "Zamówienie ma status {status} — ta operacja jest teraz niemożliwa.",
        "en": "The order is {status} — this cannot be done now.",
    },
    "ws.unavailable": {
        "pl": "Serwer chwilowo nie może zapisać — nic nie zmieniono, skaner wyśle to ponownie "
        "za {retry_after} s.",
        "en": "The server cannot save right now — nothing was changed; the scanner sends it "
        "again in {retry_after} s.",
    },
    "ws.line_not_on_order": {
        "pl": "Pozycji {line} nie ma w zamówieniu {number} — nic nie zmieniono.",
        "en": "Line {line} is not on order {number} — nothing was changed.",
    },
    "ws.line_not_pickable": {
        "pl": "Pozycja {line} zamówienia {number} to usługa albo towar spoza kartoteki — "
        "nie zbiera się jej z półki.",
        "en": "Line {line} of order {number} is a service or a one-off item — it is not "
        "picked from a shelf.",
    },
    "ws.line_complete": {
        "pl": "Pozycja {line} zamówienia {number} jest już zebrana w całości — nie ma braku "
        "do zgłoszenia.",
        "en": "Line {line} of order {number} is fully picked — there is no shortage to report.",
    },
    "ws.refused": {
        "pl": "Tego nie da się zrobić w zamówieniu {number} (powód: {reason}). Ponowienie nic "
        "nie zmieni.",
        "en": "This cannot be done on order {number} ({reason}). Sending it again will not help.",
    },
    "ws.binary_frame": {
        "pl": "Odrzucono ramkę binarną — serwer przyjmuje tylko wiadomości tekstowe (JSON w "
        "UTF-8).",
        "en": "Binary frame refused — the server takes text messages only (JSON in UTF-8).",
    },
    "ws.not_claimed": {
        "pl": "Zamówienie {number} nie jest Twoje — weź je najpierw z kolejki.",
        "en": "Order {number} is not yours — claim it from the queue first.",
    },
    "ws.not_packable": {
        "pl": "Zamówienia {number} nie można pakować: ma status {status}, a pakuje się tylko "
        "zamówienia zebrane.",
        "en": "Order {number} cannot be packed: it is {status}; only picked orders are packed.",
    },
    "ws.already_packed": {
        "pl": "Zamówienie {number} jest już spakowane (paczek: {packages}) — to potwierdzenie "
        "niczego nie zmieniło.",
        "en": "Order {number} is already packed ({packages} parcels) — this confirmation "
        "changed nothing.",
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
        "pl": "Pozycja zebrana ({picked} z {ordered}).",
        "en": "Line complete ({picked} of {ordered}).",
    },
    "verdict.order_complete": {
        "pl": "Zamówienie zebrane!",
        "en": "Order picked!",
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
    # scan parsing: kolektor._core.ScanError by its code (scan_error_message fills {subject})
    "scan.empty": {"pl": "Pusty skan — zeskanuj ponownie.", "en": "Empty scan — scan again."},
    "scan.symbology": {
        "pl": "Tego rodzaju kodu nie obsługujemy — zeskanuj główny kod kreskowy.",
        "en": "This kind of code is not supported — scan the main barcode.",
    },
    "scan.not_a_digit": {
        "pl": "Kod zawiera znak „{found}” zamiast cyfry — zeskanuj ponownie.",
        "en": "The code has “{found}” where a digit belongs — scan again.",
    },
    "scan.length": {
        "pl": "{subject} ma złą liczbę cyfr ({found}) — zeskanuj ponownie.",
        "en": "{subject} has the wrong number of digits ({found}) — scan again.",
    },
    "scan.check_digit": {
        "pl": "{subject}: cyfra kontrolna to {found}, powinna być {expected} — zeskanuj ponownie.",
        "en": "{subject} check digit is {found}, expected {expected} — scan again.",
    },
    "scan.number_system": {
        "pl": "To nie jest poprawny kod UPC-E — zeskanuj ponownie.",
        "en": "Not a valid UPC-E code — scan again.",
    },
    "scan.measure_check_digit": {
        "pl": "Błędna cyfra kontrolna wagi lub ceny na etykiecie — zeskanuj ponownie.",
        "en": "The label’s weight or price check digit is wrong — scan again.",
    },
    "scan.unknown_ai": {
        "pl": "Nieznany identyfikator GS1 {found} — zeskanuj ponownie.",
        "en": "Unknown GS1 application identifier {found} — scan again.",
    },
    "scan.expected_ai": {
        "pl": "Kod GS1 jest uszkodzony — zeskanuj ponownie.",
        "en": "The GS1 code is damaged — scan again.",
    },
    "scan.too_short": {
        "pl": "{subject}: za krótka wartość — zeskanuj ponownie.",
        "en": "{subject}: the value is too short — scan again.",
    },
    "scan.too_long": {
        "pl": "{subject}: wartość dłuższa niż {max} znaków — sprawdź separator w skanerze.",
        "en": "{subject}: longer than {max} characters — check the scanner’s separator.",
    },
    "scan.character": {
        "pl": "{subject}: niedozwolony znak „{found}” — zeskanuj ponownie.",
        "en": "{subject}: the character “{found}” is not allowed — scan again.",
    },
    "scan.date": {
        "pl": "{subject}: taka data nie istnieje — sprawdź etykietę.",
        "en": "{subject}: no such date — check the label.",
    },
    "scan.hri": {
        "pl": "Błędny zapis GS1 w nawiasach — zeskanuj kod kreskowy.",
        "en": "Malformed GS1 text in brackets — scan the barcode.",
    },
    "scan.digital_link": {
        "pl": "Błędny link GS1 w kodzie QR.",
        "en": "Malformed GS1 link in the QR code.",
    },
    "scan.all_zero": {
        "pl": "{subject}: same zera — to nie jest kod towaru; zeskanuj ponownie.",
        "en": "{subject} is all zeros — not a product code; scan again.",
    },
    "scan.empty_value": {
        "pl": "{subject}: brak wartości — sprawdź etykietę.",
        "en": "{subject}: the value is missing — check the label.",
    },
    "scan.repeated_ai": {
        "pl": "{subject} występuje dwa razy z różnymi wartościami — etykieta jest błędna.",
        "en": "{subject} appears twice with different values — the label is wrong.",
    },
    "scan.currency": {
        "pl": "{subject}: nieznany kod waluty {found}.",
        "en": "{subject}: unknown currency code {found}.",
    },
    "scan.unrecognised": {
        "pl": "Nierozpoznany kod — to nie jest kod towaru, GS1, SSCC ani kod wewnętrzny.",
        "en": "Unrecognised code — not a product, GS1, SSCC or internal code.",
    },
    "scan.subject": {"pl": "Kod", "en": "The code"},
    # operators
    "operator.unknown_role": {
        "pl": "Nieznana rola „{role}”; wybierz jedną z: {roles}.",
        "en": "Unknown role “{role}”; choose one of: {roles}.",
    },
    "operator.bad_pin": {
        "pl": "PIN musi mieć od 4 do 8 cyfr (0–9).",
        "en": "A PIN must be 4 to 8 digits (0–9).",
    },
    "operator.short_password": {
        "pl": "Hasło musi mieć co najmniej {length} {length:plural:znak|znaki|znaków}.",
        "en": "A password must have at least {length} {length:plural:character|characters}.",
    },
    "operator.long_password": {
        "pl": "Hasło może mieć najwyżej {length} {length:plural:znak|znaki|znaków}.",
        "en": "A password may have at most {length} {length:plural:character|characters}.",
    },
    "operator.empty_badge": {
        "pl": "Kod identyfikatora nie może być pusty (pomiń go).",
        "en": "The badge code must not be empty (leave it out instead).",
    },
    "operator.long_badge": {
        "pl": "Kod identyfikatora może mieć najwyżej 128 znaków.",
        "en": "The badge code may have at most 128 characters.",
    },
    "operator.badge_only_role": {
        "pl": "Logowanie samym identyfikatorem nie jest dozwolone dla roli {role} — "
        "kierownik i administrator zawsze podają PIN.",
        "en": "Badge-only login is not allowed for the role {role} — supervisors and "
        "admins always enter a PIN.",
    },
    "operator.badge_only_without_badge": {
        "pl": "Logowanie samym identyfikatorem wymaga przypisanego identyfikatora.",
        "en": "Badge-only login needs a badge.",
    },
    "operator.empty_login": {
        "pl": "Login nie może być pusty.",
        "en": "The login must not be empty.",
    },
    "operator.long_login": {
        "pl": "Login jest za długi (najwyżej 64 znaki).",
        "en": "The login is too long (at most 64 characters).",
    },
    "operator.empty_name": {
        "pl": "Imię i nazwisko operatora nie może być puste.",
        "en": "The operator's name must not be empty.",
    },
    "operator.login_taken": {
        "pl": "Login „{login}” ma już inny operator; wybierz inny.",
        "en": "The login “{login}” is already taken by another operator; choose another.",
    },
    "operator.badge_taken": {
        "pl": "Ten identyfikator jest już przypisany operatorowi „{login}”.",
        "en": "This badge is already assigned to the operator “{login}”.",
    },
    "operator.taken_now": {
        "pl": "Login „{login}” albo identyfikator zajął przed chwilą ktoś inny; wybierz inny.",
        "en": "The login “{login}” or its badge was taken by someone else just now; "
        "choose another.",
    },
    "operator.no_such_operator": {
        "pl": "Nie ma operatora o identyfikatorze {id}.",
        "en": "There is no operator with id {id}.",
    },
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
        "pl": "Parametr {name} ma niepoprawną wartość „{value}”.",
        "en": "Parameter {name} has an invalid value “{value}”.",
    },
    "api.login_failed": {
        "pl": "Zły login albo hasło.",
        "en": "Wrong login or password.",
    },
    "api.login_throttled": {
        "pl": "Za dużo nieudanych prób logowania. Spróbuj ponownie za {retry_after} s.",
        "en": "Too many failed logins. Try again in {retry_after} s.",
    },
    "api.account_locked": {
        "pl": "Konto zablokowane po zbyt wielu nieudanych próbach. Poproś administratora o "
        "odblokowanie albo spróbuj za {minutes} min.",
        "en": "The account is locked after too many failed attempts. Ask an admin to unlock "
        "it or try again in {minutes} min.",
    },
    "api.busy": {
        "pl": "Serwer sprawdza teraz wiele logowań — spróbuj za chwilę.",
        "en": "The server is checking many logins right now — try again in a moment.",
    },
    "api.forbidden_login": {
        "pl": "To konto nie ma dostępu do panelu biura.",
        "en": "This account has no access to the office panel.",
    },
    "api.session_expired": {
        "pl": "Sesja wygasła — zaloguj się ponownie.",
        "en": "The session has ended — log in again.",
    },
    "api.csrf": {
        "pl": "Brak albo zły token CSRF (nagłówek X-CSRF-Token) — odśwież stronę i spróbuj "
        "ponownie.",
        "en": "Missing or wrong CSRF token (X-CSRF-Token header) — reload the page and try again.",
    },
    "api.origin": {
        "pl": "Odrzucono żądanie z obcej strony ({origin}).",
        "en": "A request from a foreign site ({origin}) was refused.",
    },
    "api.too_large": {
        "pl": "Treść żądania jest za duża (limit {limit} bajtów).",
        "en": "The request body is too large (limit {limit} bytes).",
    },
    "api.bad_json": {
        "pl": "Treść żądania nie jest poprawnym JSON-em: {problem}.",
        "en": "The request body is not valid JSON: {problem}.",
    },
    "api.json.not_json": {
        "pl": "to nie JSON",
        "en": "not JSON",
    },
    "api.json.too_deep": {
        "pl": "zbyt głęboko zagnieżdżony",
        "en": "nested too deeply",
    },
    "api.json.bad_text": {
        "pl": "niedozwolone znaki (niepoprawny UTF-8, pojedynczy surogat albo NUL)",
        "en": "characters that are not allowed (invalid UTF-8, a lone surrogate or NUL)",
    },
    "api.json.not_object": {
        "pl": "oczekiwano obiektu {{…}}",
        "en": "an object {{…}} was expected",
    },
    "api.bad_field": {
        "pl": "Pole {field} ma niepoprawną wartość.",
        "en": "The field {field} has an invalid value.",
    },
    "api.bad_request": {
        "pl": "Niepoprawne żądanie.",
        "en": "Bad request.",
    },
    "api.method_not_allowed": {
        "pl": "Ta metoda nie jest dozwolona pod tym adresem.",
        "en": "This method is not allowed at this address.",
    },
    "api.unavailable": {
        "pl": "Magazyn danych chwilowo nie odpowiada — spróbuj za chwilę.",
        "en": "The store does not answer right now — try again in a moment.",
    },
    "api.internal": {
        "pl": "Błąd serwera (numer zgłoszenia {error_id}); szczegóły są w dzienniku serwera.",
        "en": "Server error (incident {error_id}); the details are in the server's log.",
    },
    "api.wrong_status": {
        "pl": "Zamówienie ma teraz status {current} — tej operacji nie można wykonać.",
        "en": "The order is {current} now — this cannot be done.",
    },
    "api.bad_host": {
        "pl": "Nagłówek Host nie jest poprawną nazwą hosta.",
        "en": "The Host header is not a valid host name.",
    },
    "api.too_many_requests": {
        "pl": "Za dużo żądań z tego adresu — zwolnij i spróbuj za chwilę.",
        "en": "Too many requests from this address — slow down and try again shortly.",
    },
    "api.invalid_rules": {
        "pl": "Reguły nie zostały zapisane — błędów: {count}. Pierwszy: {first}",
        "en": "The rules were not saved — problems: {count}. The first: {first}",
    },
    "api.last_admin": {
        "pl": "To ostatni aktywny administrator — nie można mu odebrać roli ani go wyłączyć.",
        "en": "This is the last active admin — the role cannot be taken away nor the account "
        "deactivated.",
    },
    "api.too_many_connections": {
        "pl": "Za dużo połączeń skanerów naraz — spróbuj za chwilę.",
        "en": "Too many scanner connections at once — try again in a moment.",
    },
}


SAME_TEXT: set[str] = set()
"""Keys whose text is rightly the same in every language (names, units, ``OK``)."""


def _merge(origin: str, catalog: Mapping[str, Mapping[str, str]]) -> None:
    for key, texts in catalog.items():
        if key in MESSAGES:
            raise RuntimeError(f"message key {key!r} from {origin} is defined twice")
        if set(texts) != set(LANGUAGES):
            raise RuntimeError(f"message key {key!r} from {origin} has languages {sorted(texts)}")
        MESSAGES[key] = {language: texts[language] for language in LANGUAGES}


def _load_catalogs() -> None:
    from kolektor.messages import CATALOG_MODULES

    for key, texts in MESSAGES.items():
        if set(texts) != set(LANGUAGES):
            raise RuntimeError(f"message key {key!r} has languages {sorted(texts)}")
    for name in CATALOG_MODULES:
        module = importlib.import_module(name)
        _merge(name, module.CATALOG)
        SAME_TEXT.update(module.SAME_TEXT)


_load_catalogs()

WEB_PREFIX = "web."
PLURAL_FORMS: dict[Language, tuple[str, ...]] = {
    "pl": ("one", "few", "many", "other"),
    "en": ("one", "other"),
}
"""The plural categories each language's ``Intl.PluralRules`` picks (the scanner's ``tn``)."""


def web_catalog(language: Language) -> dict[str, str]:
    """The scanner app's texts in ``language``: the ``web.*`` keys without the prefix, as
    ``web/scanner/i18n.js`` loads them; plural forms the language never picks are left out."""
    every_form = set(PLURAL_FORMS["pl"]) | set(PLURAL_FORMS["en"])
    catalog: dict[str, str] = {}
    for key, texts in MESSAGES.items():
        if not key.startswith(WEB_PREFIX):
            continue
        name = key.removeprefix(WEB_PREFIX)
        head, _, form = name.rpartition(".")
        counted = form in every_form and f"{WEB_PREFIX}{head}.other" in MESSAGES
        if counted and form not in PLURAL_FORMS[language]:
            continue
        catalog[name] = texts[language]
    return catalog


@runtime_checkable
class Translatable(Protocol):
    """An error that names its message by key (rendered at the edge, in the reader's
    language) instead of carrying a finished text."""

    key: str
    params: Mapping[str, object]


def describe(error: BaseException, language: Language | None = None) -> str:
    """``error`` in words for a person: its catalog message when it is
    :class:`Translatable`, else its own text (a driver's or the OS's, passed on as is)."""
    if isinstance(error, Translatable):
        return t(error.key, language, **error.params)
    return str(error)


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
    """Render message ``key`` in ``language`` (default: :func:`default_language`).

    A parameter that is a :class:`Message` (or a tuple of them, joined with ``", "``) is
    rendered in the same language first.  A whole-number parameter may pick the word that
    agrees with it: ``{n:plural:znak|znaki|znaków}`` in Polish (one, few, many),
    ``{n:plural:character|characters}`` in English (see :func:`plural_category`).  A
    :class:`~decimal.Decimal` parameter is written as :func:`decimal_text` does (a decimal
    comma in Polish)."""
    lang = language or default_language()
    values = {name: _param(value, lang) for name, value in params.items()}
    return MESSAGES[key][lang].format(**values)


@dataclass(frozen=True, slots=True)
class Message:
    """A catalog message not rendered yet — for a parameter or an error that is shown later,
    in a language not known where it is made."""

    key: str
    params: Mapping[str, object] = field(default_factory=dict)

    def render(self, language: Language | None = None) -> str:
        return t(self.key, language, **self.params)

    def __str__(self) -> str:
        return self.render("en")


def plural_category(count: int, language: Language) -> str:
    """The CLDR plural category of a whole number, as the scanner app's ``tn`` picks it:
    Polish ``one`` (1), ``few`` (ending in 2–4, except 12–14), ``many`` (the rest: 0, 5–21,
    25…); English ``one`` (1) or ``other``."""
    n = abs(count)
    if language != "pl":
        return "one" if n == 1 else "other"
    if n == 1:
        return "one"
    if n % 10 in (2, 3, 4) and n % 100 not in (12, 13, 14):
        return "few"
    return "many"


PLURAL_SPEC = "plural:"
_FORM_INDEX: dict[str, int] = {"one": 0, "few": 1, "many": 2, "other": 1}
"""Which of the ``|``-separated words a category picks: Polish lists one|few|many, English
one|other."""


class Count(int):
    """A whole-number parameter that can choose its noun: ``{n:plural:…|…}``."""

    language: Language

    def __new__(cls, value: int, language: Language) -> Count:
        count = super().__new__(cls, value)
        count.language = language
        return count

    def __format__(self, spec: str) -> str:
        if not spec.startswith(PLURAL_SPEC):
            return format(int(self), spec)
        words = spec.removeprefix(PLURAL_SPEC).split("|")
        index = _FORM_INDEX[plural_category(int(self), self.language)]
        return words[min(index, len(words) - 1)]


def decimal_text(value: Decimal, language: Language) -> str:
    """A quantity as people write it: ``6.0000`` → ``6``, ``1.4670`` → ``1,467`` in Polish
    (``1.467`` in English) — never ``1.4670`` or ``6E+1``."""
    text = format(value.normalize(), "f") if value else "0"
    return text.replace(".", ",") if language == "pl" else text


def _param(value: object, language: Language) -> object:
    if isinstance(value, int) and not isinstance(value, bool):
        return Count(value, language)
    if isinstance(value, Decimal):
        return decimal_text(value, language)
    if isinstance(value, Message):
        return value.render(language)
    if isinstance(value, tuple) and value and all(isinstance(v, Message) for v in value):
        return ", ".join(v.render(language) for v in value)
    return value


_SCAN_CODE_NAMES = {"GTIN-8": "EAN-8", "GTIN-12": "UPC-A", "GTIN-13": "EAN-13"}


def scan_error_message(error: object, language: Language | None = None) -> str:
    """A :class:`kolektor._core.ScanError` for the person holding the scanner: the catalog's
    ``scan.<code>`` text; ``{subject}`` is the AI, else the code's kind (``EAN-13``)."""
    code = getattr(error, "code", "unrecognised")
    params: dict[str, object] = dict(getattr(error, "params", {}))
    what = str(params.get("what") or "")
    ai = getattr(error, "ai", None)
    if ai:
        params["subject"] = f"AI {ai}"
    elif what.startswith(("GTIN", "SSCC", "UPC")):
        params["subject"] = _SCAN_CODE_NAMES.get(what, what)
    else:
        params["subject"] = t("scan.subject", language)
    key = f"scan.{code}" if f"scan.{code}" in MESSAGES else "scan.unrecognised"
    return t(key, language, **params)
