"""Texts of the store (:mod:`kolektor.store`), merged into :data:`kolektor.i18n.MESSAGES`.

``store.*`` — why the store URL or its driver cannot be used
(:class:`kolektor.store.engine.StoreConfigError`); shown by ``kolektor serve``, ``kolektor
check``, ``kolektor db upgrade`` and ``kolektor operator``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kolektor.i18n import Language

CATALOG: dict[str, dict[Language, str]] = {
    "store.url_empty": {
        "pl": "Adres magazynu danych jest pusty. Wpisz np. {examples}.",
        "en": "The store URL is empty. Set it to e.g. {examples}.",
    },
    "store.url_examples": {
        "pl": "sqlite:///var/lib/kolektor/kolektor.db (plik, utworzony, gdy go nie ma) albo "
        "postgresql://użytkownik:hasło@host:5432/kolektor",
        "en": "sqlite:///var/lib/kolektor/kolektor.db (a file, created if missing) or "
        "postgresql://user:password@host:5432/kolektor",
    },
    "store.url_malformed": {
        "pl": "Adres magazynu danych „{url}” jest błędny{reason}. Oczekiwano np. {examples};"
        " znaki specjalne w haśle trzeba zakodować (@ jako %40, : jako %3A, / jako %2F).",
        "en": "The store URL “{url}” is malformed{reason}. Expected e.g. {examples}; special"
        " characters in the password must be percent-encoded (@ as %40, : as %3A, / as %2F).",
    },
    "store.url_at_in_password": {
        "pl": "Adres magazynu danych „{url}” ma „@” po haśle użytkownika, więc nazwy serwera"
        " nie da się odróżnić od hasła. Zakoduj każdy znak specjalny w haśle (@ jako %40,"
        " : jako %3A, / jako %2F).",
        "en": "The store URL “{url}” has an “@” after the user's password, so the server's"
        " name cannot be told apart from the password. Percent-encode every special"
        " character in the password (@ as %40, : as %3A, / as %2F).",
    },
    "store.url_async_driver": {
        "pl": "Adres magazynu danych „{url}” wskazuje sterownik „{driver}”, którego Kolektor"
        " nie może użyć (potrzebny jest sterownik synchroniczny). Użyj postgresql:// albo"
        " postgresql+psycopg://.",
        "en": "The store URL “{url}” asks for the driver “{driver}”, which Kolektor cannot use"
        " (it needs a synchronous driver). Use postgresql:// or postgresql+psycopg://.",
    },
    "store.url_sqlite_driver": {
        "pl": "Adres magazynu danych „{url}” wskazuje sterownik SQLite „{driver}”; użyj"
        " zwykłego sqlite:///ścieżka/kolektor.db.",
        "en": "The store URL “{url}” asks for the SQLite driver “{driver}”; use plain"
        " sqlite:///path/to/kolektor.db.",
    },
    "store.url_sqlite_options": {
        "pl": "Adres magazynu danych „{url}” ma opcje po „?”; opcje SQLite Kolektor ustawia"
        " sam. Użyj zwykłego sqlite:///ścieżka/kolektor.db.",
        "en": "The store URL “{url}” has options after “?”; Kolektor sets SQLite's options"
        " itself. Use plain sqlite:///path/to/kolektor.db.",
    },
    "store.url_no_file": {
        "pl": "Adres magazynu danych „{url}” nie wskazuje pliku bazy. Kolektor trzyma dane w"
        " pliku: użyj sqlite:///ścieżka/względna.db albo sqlite:////ścieżka/bezwzględna.db.",
        "en": "The store URL “{url}” does not name a database file. Kolektor keeps its data in"
        " a file: use sqlite:///relative/path.db or sqlite:////absolute/path.db.",
    },
    "store.url_unsupported": {
        "pl": "Adres magazynu danych „{url}” wskazuje bazę „{backend}”; Kolektor obsługuje"
        " SQLite i PostgreSQL, np. {examples}.",
        "en": "The store URL “{url}” names the database “{backend}”; Kolektor supports SQLite"
        " and PostgreSQL, e.g. {examples}.",
    },
    "store.directory_failed": {
        "pl": "Nie można utworzyć katalogu „{directory}” na bazę SQLite „{url}”: {error}."
        " Utwórz go samodzielnie, daj użytkownikowi, na którym działa Kolektor, prawo zapisu"
        " albo wskaż inny adres magazynu danych.",
        "en": "Cannot create the directory “{directory}” for the SQLite store “{url}”: {error}."
        " Create it yourself, give the user running Kolektor write access to it, or point the"
        " store URL elsewhere.",
    },
    "store.driver_missing": {
        "pl": "Sterownik bazy dla „{url}” nie jest zainstalowany ({error}). Zainstaluj go"
        ' (pip install "{package}") albo użyj postgresql+psycopg://, który Kolektor ma.',
        "en": "The database driver for “{url}” is not installed ({error}). Install it"
        ' (pip install "{package}") or use postgresql+psycopg://, which Kolektor ships with.',
    },
}

SAME_TEXT: frozenset[str] = frozenset()
"""Keys whose text is the same in every language."""
