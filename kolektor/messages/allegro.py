"""Texts of Allegro: connecting accounts, tokens, Wysyłam z Allegro (allegro.*).

* ``allegro.device.*`` — how a connection (the device flow) stands, for the panel;
* ``allegro.<error>`` — why a call to Allegro failed (:mod:`kolektor.allegro.errors`,
  :mod:`kolektor.shipping.allegro`); ``{message}`` is Allegro's own ``userMessage``, already
  in Polish;
* ``allegro.tracking.<CODE>`` — Allegro's parcel tracking statuses in words.
"""

from __future__ import annotations

CATALOG: dict[str, dict[str, str]] = {
    # -- connecting an account (device flow) -------------------------------------------
    "allegro.device.pending": {
        "pl": "Czekamy na potwierdzenie w Allegro: otwórz link, zaloguj się na konto sprzedawcy "
        "i wpisz kod {user_code}.",
        "en": "Waiting for the confirmation at Allegro: open the link, log in to the seller "
        "account and enter the code {user_code}.",
    },
    "allegro.device.slow_down": {
        "pl": "Allegro prosi o rzadsze sprawdzanie: następne za {seconds} s.",
        "en": "Allegro asks to check less often: the next check in {seconds} s.",
    },
    "allegro.device.wait": {
        "pl": "Za wcześnie na kolejne sprawdzenie: spróbuj za {seconds} s.",
        "en": "Too early for another check: try again in {seconds} s.",
    },
    "allegro.device.connected": {
        "pl": "Konto Allegro „{login}” jest połączone.",
        "en": "The Allegro account “{login}” is connected.",
    },
    "allegro.device.denied": {
        "pl": "Sprzedawca odmówił dostępu w Allegro. Połącz konto ponownie, jeśli to pomyłka.",
        "en": "The seller refused access at Allegro. Connect the account again if that was a "
        "mistake.",
    },
    "allegro.device.expired": {
        "pl": "Kod potwierdzenia wygasł lub został już użyty. Połącz konto ponownie.",
        "en": "The confirmation code expired or was used already. Connect the account again.",
    },
    "allegro.device.not_pending": {
        "pl": "To konto nie czeka na potwierdzenie (stan: {state}).",
        "en": "This account is not waiting for a confirmation (state: {state}).",
    },
    "allegro.not_configured": {
        "pl": "Aplikacja Allegro nie jest skonfigurowana: ustaw client_id i client_secret w sekcji "
        "[allegro] konfiguracji.",
        "en": "The Allegro application is not configured: set client_id and client_secret in the "
        "[allegro] section of the configuration.",
    },
    # -- why a call failed -------------------------------------------------------------
    "allegro.timeout": {
        "pl": "Allegro nie odpowiedziało w czasie. Spróbujemy ponownie.",
        "en": "Allegro did not answer in time. We will try again.",
    },
    "allegro.unavailable": {
        "pl": "Nie można połączyć się z Allegro ({detail}). Spróbujemy ponownie.",
        "en": "Cannot connect to Allegro ({detail}). We will try again.",
    },
    "allegro.bad_answer": {
        "pl": "Allegro odpowiedziało niezrozumiale ({problem}). Spróbujemy ponownie.",
        "en": "Allegro gave an answer that makes no sense ({problem}). We will try again.",
    },
    "allegro.rate_limited": {
        "pl": "Allegro chwilowo blokuje zapytania (przekroczony limit). Następna próba za "
        "{seconds} s.",
        "en": "Allegro is blocking requests for a while (limit exceeded). The next try in "
        "{seconds} s.",
    },
    "allegro.api_error": {
        "pl": "Allegro odrzuciło żądanie: {message}",
        "en": "Allegro refused the request: {message}",
    },
    "allegro.api_error_fields": {
        "pl": "Allegro odrzuciło dane",
        "en": "Allegro refused the data",
    },
    "allegro.app_not_device": {
        "pl": "Aplikacja Allegro nie może łączyć kont kodem (device flow). Zarejestruj ją w "
        "apps.developer.allegro.pl jako aplikację typu „urządzenie”.",
        "en": "The Allegro application may not connect accounts with a code (device flow). "
        "Register it at apps.developer.allegro.pl as a “device” application.",
    },
    "allegro.invalid_client": {
        "pl": "Allegro nie rozpoznaje Client ID lub Client Secret aplikacji. Sprawdź sekcję "
        "[allegro] konfiguracji.",
        "en": "Allegro does not recognise the application's Client ID or Client Secret. Check "
        "the [allegro] section of the configuration.",
    },
    "allegro.refresh_refused": {
        "pl": "Allegro nie przyjęło tokenu odświeżania (wygasł, został już użyty lub "
        "odwołany). Połącz konto Allegro ponownie w panelu.",
        "en": "Allegro refused the refresh token (expired, used already or revoked). Connect "
        "the Allegro account again in the panel.",
    },
    "allegro.seal_broken": {
        "pl": "Nie można odczytać zapisanych tokenów Allegro (inny klucz instancji). Połącz "
        "konto Allegro ponownie w panelu.",
        "en": "The stored Allegro tokens cannot be read (another instance key). Connect the "
        "Allegro account again in the panel.",
    },
    "allegro.account_not_connected": {
        "pl": "Konto Allegro nr {account} nie jest połączone. Połącz je w panelu.",
        "en": "Allegro account no. {account} is not connected. Connect it in the panel.",
    },
    "allegro.no_account": {
        "pl": "Nie wskazano konta Allegro, z którego nadać przesyłkę.",
        "en": "No Allegro account was named to send the shipment from.",
    },
    "allegro.no_checkout_form": {
        "pl": "Zamówienie nie ma identyfikatora zamówienia Allegro, więc nie można nadać go "
        "przez Wysyłam z Allegro.",
        "en": "The order has no Allegro order id, so it cannot be sent with Wysyłam z Allegro.",
    },
    "allegro.parcel_incomplete": {
        "pl": "Paczka {package}: brak {what}. Podaj ją przy pakowaniu.",
        "en": "Package {package}: the {what} is missing. Give it when packing.",
    },
    "allegro.parcel.length": {"pl": "długości", "en": "length"},
    "allegro.parcel.width": {"pl": "szerokości", "en": "width"},
    "allegro.parcel.height": {"pl": "wysokości", "en": "height"},
    "allegro.parcel.weight": {"pl": "wagi", "en": "weight"},
    "allegro.no_label": {
        "pl": "Allegro nie ma jeszcze etykiety tej przesyłki. Spróbujemy ponownie.",
        "en": "Allegro has no label for this shipment yet. We will try again.",
    },
    "allegro.cancel_while_creating": {
        "pl": "Przesyłka jest jeszcze tworzona w Allegro; anulowanie będzie możliwe za chwilę.",
        "en": "The shipment is still being created at Allegro; it can be cancelled in a moment.",
    },
    "allegro.cancel_refused": {
        "pl": "Allegro nie anulowało przesyłki: {message}",
        "en": "Allegro did not cancel the shipment: {message}",
    },
    "allegro.cancel_pending": {
        "pl": "Allegro jeszcze anuluje przesyłkę. Sprawdzimy ponownie.",
        "en": "Allegro is still cancelling the shipment. We will check again.",
    },
    "allegro.no_tracking": {
        "pl": "Allegro nie podało jeszcze statusu przesyłki.",
        "en": "Allegro has not given the shipment's status yet.",
    },
    # -- parcel tracking (ParcelTrackingStatus.code) -----------------------------------
    "allegro.tracking.PENDING": {"pl": "Oczekuje na nadanie", "en": "Waiting to be sent"},
    "allegro.tracking.IN_TRANSIT": {"pl": "W drodze", "en": "In transit"},
    "allegro.tracking.RELEASED_FOR_DELIVERY": {
        "pl": "Wydana do doręczenia",
        "en": "Out for delivery",
    },
    "allegro.tracking.NOTICE_LEFT": {"pl": "Pozostawiono awizo", "en": "Notice left"},
    "allegro.tracking.AVAILABLE_FOR_PICKUP": {
        "pl": "Gotowa do odbioru",
        "en": "Ready for pickup",
    },
    "allegro.tracking.ISSUE": {"pl": "Problem z doręczeniem", "en": "Delivery problem"},
    "allegro.tracking.RETURNED": {"pl": "Zwrócona do nadawcy", "en": "Returned to the sender"},
    "allegro.tracking.DELIVERED": {"pl": "Doręczona", "en": "Delivered"},
}

SAME_TEXT: frozenset[str] = frozenset()
