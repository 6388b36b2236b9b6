"""Texts of InPost ShipX (``inpost.*``): why a shipment was refused, in words.

* ``inpost.request.*`` — a request Kolektor refuses before calling ShipX (a locker size on
  a courier service, no parcel locker for a locker service…), see
  :mod:`kolektor.shipping.inpost_request`;
* ``inpost.<error>`` — ShipX's answers: a refused token, a validation error, ShipX down,
  too many requests, no answer in time, an answer that makes no sense
  (``inpost.bad_answer.*``), see :mod:`kolektor.shipping.inpost_errors`;
* ``inpost.field.*`` — the fields of a shipment by name, and ``inpost.detail.*`` — ShipX's
  validation keys (``required``, ``invalid_format``…) in words: a validation error reads
  "telefon odbiorcy: nieprawidłowy format".
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kolektor.i18n import Language

_PARTY_FIELDS: dict[str, tuple[str, str]] = {
    "": ("dane", "details"),
    "first_name": ("imię", "first name"),
    "last_name": ("nazwisko", "last name"),
    "company_name": ("nazwa firmy", "company name"),
    "name": ("nazwa", "name"),
    "email": ("e-mail", "e-mail"),
    "phone": ("telefon", "phone"),
    "address": ("adres", "address"),
    "address.street": ("ulica", "street"),
    "address.building_number": ("numer budynku", "building number"),
    "address.line1": ("adres", "address"),
    "address.city": ("miejscowość", "city"),
    "address.post_code": ("kod pocztowy", "post code"),
    "address.country_code": ("kraj", "country"),
}
"""A receiver's or sender's fields (ShipX's names) in Polish and English."""

_PARTIES = {"receiver": ("odbiorcy", "receiver's"), "sender": ("nadawcy", "sender's")}

_FIELDS: dict[str, tuple[str, str]] = {
    "service": ("usługa", "service"),
    "reference": ("numer referencyjny", "reference"),
    "comments": ("uwagi", "comments"),
    "mpk": ("MPK (miejsce powstawania kosztów)", "MPK (cost centre)"),
    "additional_services": ("usługi dodatkowe", "additional services"),
    "custom_attributes": ("atrybuty przesyłki", "shipment attributes"),
    "custom_attributes.target_point": ("paczkomat docelowy", "target parcel locker"),
    "custom_attributes.sending_method": ("sposób nadania", "sending method"),
    "custom_attributes.dropoff_point": ("punkt nadania", "drop-off point"),
    "cod": ("pobranie", "cash on delivery"),
    "cod.amount": ("kwota pobrania", "cash on delivery amount"),
    "cod.currency": ("waluta pobrania", "cash on delivery currency"),
    "insurance": ("ubezpieczenie", "insurance"),
    "insurance.amount": ("kwota ubezpieczenia", "insurance amount"),
    "insurance.currency": ("waluta ubezpieczenia", "insurance currency"),
    "parcels": ("paczki", "parcels"),
    "parcels.id": ("identyfikator paczki", "parcel id"),
    "parcels.template": ("gabaryt paczki", "parcel size"),
    "parcels.dimensions": ("wymiary paczki", "parcel dimensions"),
    "parcels.dimensions.length": ("długość paczki", "parcel length"),
    "parcels.dimensions.width": ("szerokość paczki", "parcel width"),
    "parcels.dimensions.height": ("wysokość paczki", "parcel height"),
    "parcels.dimensions.unit": ("jednostka wymiarów paczki", "parcel dimension unit"),
    "parcels.weight": ("waga paczki", "parcel weight"),
    "parcels.weight.amount": ("waga paczki", "parcel weight"),
    "parcels.weight.unit": ("jednostka wagi paczki", "parcel weight unit"),
    "parcels.is_non_standard": ("paczka niestandardowa", "non-standard parcel"),
}

for _party, (_pl_of, _en_of) in _PARTIES.items():
    for _field, (_pl, _en) in _PARTY_FIELDS.items():
        _path = f"{_party}.{_field}" if _field else _party
        _FIELDS[_path] = (f"{_pl} {_pl_of}", f"{_en_of} {_en}")

_DETAILS: dict[str, tuple[str, str]] = {
    "required": ("pole wymagane", "required"),
    "blank": ("pole wymagane", "required"),
    "invalid": ("nieprawidłowa wartość", "invalid value"),
    "invalid_format": ("nieprawidłowy format", "invalid format"),
    "too_short": ("za krótka wartość", "too short"),
    "too_long": ("za długa wartość", "too long"),
    "too_small": ("za mała wartość", "too small"),
    "too_big": ("za duża wartość", "too big"),
    "too_many": ("za dużo pozycji", "too many items"),
    "not_a_number": ("to nie jest liczba", "not a number"),
    "does_not_exist": ("InPost nie zna takiej wartości", "unknown to InPost"),
    "not_unique": ("wartość się powtarza", "not unique"),
    "taken": ("wartość się powtarza", "not unique"),
}
"""ShipX's validation keys (``details`` of ``validation_failed``).  A key not listed here is
shown as ShipX wrote it."""

CATALOG: dict[str, dict[Language, str]] = {
    # -- refused before calling ShipX ----------------------------------------------------
    "inpost.request.service_unknown": {
        "pl": "Kolektor nie obsługuje usługi InPost „{service}”; dostępne: {services}.",
        "en": "Kolektor does not support the InPost service “{service}”; available: {services}.",
    },
    "inpost.request.no_parcels": {
        "pl": "Przesyłka nie ma żadnej paczki.",
        "en": "The shipment has no parcel.",
    },
    "inpost.request.locker_one_parcel": {
        "pl": "Przesyłka do paczkomatu to zawsze jedna paczka, a zamówienie ma ich {count} — "
        "wybierz usługę kurierską albo nadaj każdą paczkę osobno.",
        "en": "A parcel locker shipment is always one parcel, and the order has {count} — "
        "choose a courier service or send each parcel separately.",
    },
    "inpost.request.courier_needs_dimensions": {
        "pl": "Paczka {package}: usługa kurierska {service} potrzebuje wymiarów i wagi, "
        "a nie gabarytu paczkomatowego — podaj wymiary i wagę przy pakowaniu.",
        "en": "Parcel {package}: the courier service {service} needs dimensions and weight, "
        "not a parcel locker size — give the dimensions and weight when packing.",
    },
    "inpost.request.parcel_size_missing": {
        "pl": "Paczka {package}: podaj gabaryt (A, B albo C) albo wymiary i wagę.",
        "en": "Parcel {package}: give a size (A, B or C) or the dimensions and weight.",
    },
    "inpost.request.weight_missing": {
        "pl": "Paczka {package}: podaj wagę — bez gabarytu InPost potrzebuje wymiarów i wagi.",
        "en": "Parcel {package}: give the weight — without a size InPost needs the "
        "dimensions and the weight.",
    },
    "inpost.request.template_unknown": {
        "pl": "Paczka {package}: gabaryt „{template}” nie pasuje do usługi {service}; "
        "dozwolone: {allowed}.",
        "en": "Parcel {package}: the size “{template}” does not fit the service {service}; "
        "allowed: {allowed}.",
    },
    "inpost.request.target_point_missing": {
        "pl": "Usługa {service} wymaga paczkomatu docelowego, a zamówienie go nie ma.",
        "en": "The service {service} needs a target parcel locker, and the order has none.",
    },
    "inpost.request.sending_method_unknown": {
        "pl": "Nieznany sposób nadania „{method}”; dozwolone: {allowed}.",
        "en": "Unknown sending method “{method}”; allowed: {allowed}.",
    },
    "inpost.request.dropoff_point_missing": {
        "pl": "Sposób nadania „{method}” (usługa {service}) wymaga punktu nadania — dodaj "
        "opcję „dropoff_point” w regule.",
        "en": "The sending method “{method}” (service {service}) needs a drop-off point — add "
        "the “dropoff_point” option to the rule.",
    },
    "inpost.request.option_unknown": {
        "pl": "Nieznana opcja InPost „{option}” w regule; dozwolone: {allowed}.",
        "en": "Unknown InPost option “{option}” in the rule; allowed: {allowed}.",
    },
    "inpost.request.option_not_list": {
        "pl": 'Opcja „{option}” musi być listą nazw (np. ["sms", "email"]).',
        "en": 'The option “{option}” must be a list of names (e.g. ["sms", "email"]).',
    },
    "inpost.request.reference_length": {
        "pl": "Numer referencyjny „{reference}” ma {length} {length:plural:znak|znaki|znaków}, "
        "a InPost przyjmuje od 3 do 100.",
        "en": "The reference “{reference}” has {length} {length:plural:character|characters}, "
        "and InPost accepts 3 to 100.",
    },
    "inpost.request.currency_mismatch": {
        "pl": "Pobranie jest w {cod}, a ubezpieczenie w {insurance} — InPost wymaga jednej waluty.",
        "en": "The cash on delivery is in {cod} and the insurance in {insurance} — InPost "
        "needs one currency.",
    },
    # -- ShipX's answers ------------------------------------------------------------------
    "inpost.validation_failed": {
        "pl": "InPost nie przyjął danych przesyłki — popraw je i spróbuj ponownie",
        "en": "InPost refused the shipment's data — correct it and try again",
    },
    "inpost.unauthorized": {
        "pl": "InPost odrzucił token ShipX (błędny albo wygasły) — sprawdź token w "
        "ustawieniach (Manager Paczek → Moje konto → API).",
        "en": "InPost refused the ShipX token (wrong or expired) — check the token in the "
        "settings (Parcel Manager → My account → API).",
    },
    "inpost.forbidden": {
        "pl": "Token ShipX nie ma dostępu do organizacji {organization} albo do tej "
        "przesyłki — sprawdź numer organizacji w ustawieniach.",
        "en": "The ShipX token has no access to organization {organization} or to this "
        "shipment — check the organization id in the settings.",
    },
    "inpost.not_found": {
        "pl": "InPost nie zna przesyłki {shipment}.",
        "en": "InPost does not know the shipment {shipment}.",
    },
    "inpost.rate_limited": {
        "pl": "InPost chwilowo ogranicza liczbę zapytań — Kolektor spróbuje ponownie.",
        "en": "InPost is limiting the number of requests for now — Kolektor will try again.",
    },
    "inpost.unavailable.status": {
        "pl": "InPost ShipX nie działa w tej chwili (HTTP {status}) — Kolektor spróbuje ponownie.",
        "en": "InPost ShipX is not working right now (HTTP {status}) — Kolektor will try again.",
    },
    "inpost.unavailable.connection": {
        "pl": "Brak połączenia z InPost ShipX — Kolektor spróbuje ponownie.",
        "en": "No connection to InPost ShipX — Kolektor will try again.",
    },
    "inpost.unavailable.create": {
        "pl": "Połączenie z InPost zerwało się po wysłaniu przesyłki, więc mogła ona "
        "powstać — przed ponowną próbą Kolektor sprawdzi, czy już istnieje.",
        "en": "The connection to InPost broke after the shipment was sent, so it may have "
        "been created — before trying again Kolektor checks whether it exists.",
    },
    "inpost.timeout": {
        "pl": "InPost nie odpowiedział w {seconds:g} s — Kolektor spróbuje ponownie.",
        "en": "InPost did not answer within {seconds:g} s — Kolektor will try again.",
    },
    "inpost.timeout.create": {
        "pl": "InPost nie odpowiedział w {seconds:g} s, a przesyłka mogła już powstać — "
        "przed ponowną próbą Kolektor sprawdzi, czy istnieje.",
        "en": "InPost did not answer within {seconds:g} s, and the shipment may have been "
        "created — before trying again Kolektor checks whether it exists.",
    },
    "inpost.rejected": {
        "pl": "InPost odrzucił zapytanie (HTTP {status}, błąd „{error}”).",
        "en": "InPost refused the request (HTTP {status}, error “{error}”).",
    },
    "inpost.invalid_action": {
        "pl": "InPost nie pozwala teraz na tę operację na przesyłce {shipment}.",
        "en": "InPost does not allow this operation on the shipment {shipment} now.",
    },
    "inpost.cancel_after_purchase": {
        "pl": "Przesyłki {shipment} nie można już anulować przez API — jest kupiona. Anuluj "
        "ją w Managerze Paczek InPost.",
        "en": "The shipment {shipment} can no longer be cancelled through the API — it has "
        "been bought. Cancel it in InPost's Parcel Manager.",
    },
    "inpost.label_not_ready": {
        "pl": "Etykieta przesyłki {shipment} jeszcze nie istnieje — InPost jej nie kupił "
        "(status „{status}”).",
        "en": "The label of the shipment {shipment} does not exist yet — InPost has not "
        "bought it (status “{status}”).",
    },
    "inpost.tracking_not_ready": {
        "pl": "Przesyłka {shipment} nie ma jeszcze numeru nadania.",
        "en": "The shipment {shipment} has no tracking number yet.",
    },
    "inpost.find_incomplete": {
        "pl": "Nie udało się sprawdzić, czy przesyłka „{reference}” już istnieje: InPost "
        "nie filtruje po numerze referencyjnym, a lista z ostatnich {days} dni ma ponad "
        "{pages} stron. Sprawdź ją w Managerze Paczek, zanim nadasz ją ponownie.",
        "en": "Could not check whether the shipment “{reference}” exists already: InPost "
        "does not filter by reference, and the list of the last {days} days has over "
        "{pages} pages. Check it in the Parcel Manager before sending it again.",
    },
    "inpost.bad_answer.not_json": {
        "pl": "InPost odpowiedział czymś, co nie jest JSON-em (typ „{content_type}”).",
        "en": "InPost answered with something that is not JSON (type “{content_type}”).",
    },
    "inpost.bad_answer.missing": {
        "pl": "W odpowiedzi InPost brakuje pola „{field}” albo ma ono zły typ.",
        "en": "InPost's answer lacks the field “{field}” or it has the wrong type.",
    },
    "inpost.bad_answer.label": {
        "pl": "Etykieta od InPost nie jest ani ZPL-em, ani PDF-em, ani archiwum ZIP.",
        "en": "The label from InPost is neither ZPL, nor PDF, nor a ZIP archive.",
    },
    "inpost.bad_answer.label_count": {
        "pl": "InPost dał {found} {found:plural:etykietę|etykiety|etykiet} na "
        "{expected} {expected:plural:paczkę|paczki|paczek}.",
        "en": "InPost gave {found} {found:plural:label|labels} for "
        "{expected} {expected:plural:parcel|parcels}.",
    },
    "inpost.bad_answer.archive": {
        "pl": "Archiwum ZIP z etykietami od InPost jest uszkodzone.",
        "en": "The ZIP archive of labels from InPost is damaged.",
    },
    "inpost.bad_answer.pdf": {
        "pl": "Etykieta PDF od InPost jest uszkodzona.",
        "en": "The PDF label from InPost is damaged.",
    },
    "inpost.field.parcel_n": {
        "pl": "{name} (paczka {n})",
        "en": "{name} (parcel {n})",
    },
}

for _path, (_pl, _en) in _FIELDS.items():
    CATALOG[f"inpost.field.{_path}"] = {"pl": _pl, "en": _en}
for _code, (_pl, _en) in _DETAILS.items():
    CATALOG[f"inpost.detail.{_code}"] = {"pl": _pl, "en": _en}

SAME_TEXT: frozenset[str] = frozenset()
