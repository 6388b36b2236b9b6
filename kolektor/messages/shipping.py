"""Texts of the shipping labels: the label step, shipments, packing stations (shipping.*)."""

from __future__ import annotations

CATALOG: dict[str, dict[str, str]] = {
    "shipping.carrier_not_configured": {
        "pl": "przewoźnik {carrier} nie jest skonfigurowany — ustaw go w konfiguracji Kolektora "
        "(docs/labels.md) albo wybierz w regule innego przewoźnika",
        "en": "the carrier {carrier} is not set up — set it up in Kolektor's configuration "
        "(docs/labels.md) or choose another carrier in the rule",
    },
    "shipping.not_confirmed_yet": {
        "pl": "{carrier} jeszcze nie potwierdził przesyłki — Kolektor zapyta ponownie",
        "en": "{carrier} has not confirmed the shipment yet — Kolektor will ask again",
    },
    "shipping.refused": {
        "pl": "przewoźnik odrzucił przesyłkę: {reason}",
        "en": "the carrier refused the shipment: {reason}",
    },
    "shipping.no_printer": {
        "pl": "etykiety {number} są gotowe, ale stanowisko pakowania nie ma drukarki etykiet — "
        "przypisz drukarkę stanowisku (Drukarki i stanowiska) albo wydrukuj je z karty "
        "zamówienia",
        "en": "the labels of {number} are ready, but the packing station has no label printer "
        "— give the station a printer (Printers and stations) or print them from the order page",
    },
    "shipping.no_address": {
        "pl": "{number} nie ma adresu dostawy ani adresu nabywcy — uzupełnij go w Subiekcie",
        "en": "{number} has neither a delivery address nor the buyer's address — add it in Subiekt",
    },
    "shipping.no_parcels": {
        "pl": "przy pakowaniu {number} nie zapisano żadnej paczki",
        "en": "no parcel was recorded when {number} was packed",
    },
    "shipping.no_locker": {
        "pl": "w {number} nie ma numeru paczkomatu (np. „Paczkomat KRA010” w uwagach) — "
        "dopisz go w Subiekcie albo wybierz w regule dostawę kurierem",
        "en": "{number} names no parcel locker (e.g. “Paczkomat KRA010” in the remarks) — "
        "add it in Subiekt or choose courier delivery in the rule",
    },
    "shipping.earlier_not_cancelled": {
        "pl": "przesyłka z poprzedniego pakowania ({tracking}) nie została anulowana: {reason}",
        "en": "the shipment of the earlier packing ({tracking}) was not cancelled: {reason}",
    },
    "shipping.own_no_tracking": {
        "pl": "etykieta Kolektora — bez śledzenia przesyłki",
        "en": "Kolektor's own label — no tracking",
    },
    "shipping.reprint.no_order": {
        "pl": "nie ma takiego zamówienia",
        "en": "there is no such order",
    },
    "shipping.reprint.no_shipment": {
        "pl": "{number} nie ma jeszcze przesyłki — etykieta powstaje po spakowaniu",
        "en": "{number} has no shipment yet — the label is made after packing",
    },
    "shipping.reprint.no_labels": {
        "pl": "etykiety {number} jeszcze nie są gotowe — spróbuj za chwilę",
        "en": "the labels of {number} are not ready yet — try again in a moment",
    },
    "shipping.reprint.no_printer": {
        "pl": "nie wybrano drukarki etykiet dla {number} — stanowisko nie ma drukarki",
        "en": "no label printer chosen for {number} — the station has none",
    },
    # scanner (device): the packing station and the label after packing
    # (kolektor.scanner.station, kolektor.scanner.label)
    "shipping.device.printed": {
        "pl": "Etykieta wydrukowana: {printed} z {total}",
        "en": "Label printed: {printed} of {total}",
    },
    "shipping.device.making": {
        "pl": "Przygotowuję etykietę…",
        "en": "Preparing the label…",
    },
    "shipping.device.buying": {
        "pl": "Kupuję przesyłkę ({carrier})…",
        "en": "Buying the shipment ({carrier})…",
    },
    "shipping.device.fetching": {
        "pl": "Pobieram etykietę ({carrier})…",
        "en": "Fetching the label ({carrier})…",
    },
    "shipping.device.printing": {
        "pl": "Drukuję {total} {total:plural:etykietę|etykiety|etykiet} na „{printer}”…",
        "en": "Printing {total} {total:plural:label|labels} on “{printer}”…",
    },
    "shipping.device.ready": {
        "pl": "Etykiety są gotowe (sztuk: {total}), ale nie zostały wydrukowane.",
        "en": "The labels are ready ({total}) but were not printed.",
    },
    "shipping.device.failed": {
        "pl": "Nie udało się przygotować etykiety — biuro to sprawdzi.",
        "en": "The label could not be made — the office will look into it.",
    },
    "shipping.device.not_configured": {
        "pl": "Etykieta nie powstanie automatycznie — biuro ją przygotuje.",
        "en": "The label will not be made automatically — the office will prepare it.",
    },
    "shipping.device.not_packed": {
        "pl": "Zamówienie {number} nie jest spakowane (stan: {status}) — etykieta powstaje "
        "dopiero po spakowaniu.",
        "en": "Order {number} is not packed (status: {status}) — the label is made only after "
        "packing.",
    },
    "shipping.device.unknown_station": {
        "pl": "Nie ma stanowiska nr {station_id} — wybierz stanowisko z listy.",
        "en": "There is no station number {station_id} — choose a station from the list.",
    },
    "shipping.device.no_station": {
        "pl": "To urządzenie nie ma stanowiska pakowania, więc nie ma drukarki etykiet — "
        "wybierz stanowisko w Ustawieniach stanowiska.",
        "en": "This device has no packing station, so no label printer — choose the station "
        "in the station settings.",
    },
    "shipping.device.nothing_to_reprint": {
        "pl": "Nie ma czego wydrukować ponownie: {reason}.",
        "en": "There is nothing to print again: {reason}.",
    },
    "shipping.device.printer": {
        "pl": "Etykieta nie została wydrukowana. {reason}",
        "en": "The label was not printed. {reason}",
    },
    "settings.shipping.object": {
        "pl": "Ustawienie „shipping”: to musi być obiekt JSON z polami sender, "
        "cod_payment_forms i gs1_prefix.",
        "en": "Setting “shipping”: must be a JSON object with the fields sender, "
        "cod_payment_forms and gs1_prefix.",
    },
    "settings.shipping.sender_object": {
        "pl": "Ustawienie „shipping”, pole „sender”: nadawca to obiekt z polami {known} "
        "albo null (dane konta przewoźnika).",
        "en": "Setting “shipping”, field “sender”: the sender is an object with the fields "
        "{known}, or null (the carrier account's data).",
    },
    "settings.shipping.unknown": {
        "pl": "Ustawienie „shipping”: nieznane pole „{field}” — znane: {known}.",
        "en": "Setting “shipping”: unknown field “{field}” — known: {known}.",
    },
    "settings.shipping.cod_payment_forms": {
        "pl": "Ustawienie „shipping”, pole „{field}”: wpisz listę numerów form płatności z "
        "Subiekta oznaczających pobranie, np. [4].",
        "en": "Setting “shipping”, field “{field}”: write a list of Subiekt's payment form "
        "ids that mean cash on delivery, e.g. [4].",
    },
    "settings.shipping.gs1_prefix": {
        "pl": "Ustawienie „shipping”, pole „{field}”: prefiks firmy GS1 to od 7 do 10 cyfr "
        "(albo null).",
        "en": "Setting “shipping”, field “{field}”: a GS1 company prefix is 7 to 10 digits "
        "(or null).",
    },
    "settings.shipping.text": {
        "pl": "Ustawienie „shipping”, pole „{field}”: wpisz tekst do 100 znaków.",
        "en": "Setting “shipping”, field “{field}”: write a text of at most 100 characters.",
    },
    "settings.shipping.sender_name": {
        "pl": "Ustawienie „shipping”, pole „{field}”: wpisz nazwę firmy nadawcy albo imię i "
        "nazwisko.",
        "en": "Setting “shipping”, field “{field}”: write the sender's company name or a "
        "person's name.",
    },
    "settings.shipping.required": {
        "pl": "Ustawienie „shipping”, pole „{field}”: to pole jest wymagane.",
        "en": "Setting “shipping”, field “{field}”: the field is required.",
    },
    "settings.shipping.post_code": {
        "pl": "Ustawienie „shipping”, pole „{field}”: kod pocztowy w Polsce ma postać 00-000.",
        "en": "Setting “shipping”, field “{field}”: a Polish post code looks like 00-000.",
    },
}

SAME_TEXT: frozenset[str] = frozenset()
