"""Texts of the document rules (:mod:`kolektor.rules`), merged into :data:`kolektor.i18n.MESSAGES`.

* ``rules.model.*`` — conditions and actions in words, and why a condition held or not;
* ``rules.parse.*`` — problems and warnings in the office's rules (JSON);
* ``rules.evaluate.*`` — a decision, "no rule matched", the "try it on an order" view.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kolektor.i18n import Language

CATALOG: dict[str, dict[Language, str]] = {
    # -- kolektor.rules.model: conditions and actions ---------------------------------------
    # has_nip
    "rules.model.has_nip.describe.valid": {"pl": "ma poprawny NIP", "en": "has a valid NIP"},
    "rules.model.has_nip.describe.any": {
        "pl": "ma wpisany NIP (także niepoprawny)",
        "en": "has a NIP entered (even an invalid one)",
    },
    "rules.model.has_nip.none": {"pl": "zamówienie nie ma NIP-u", "en": "the order has no NIP"},
    "rules.model.has_nip.valid": {"pl": "NIP {nip} jest poprawny", "en": "NIP {nip} is valid"},
    "rules.model.has_nip.bad_checksum": {
        "pl": "NIP {nip} jest niepoprawny — zła cyfra kontrolna",
        "en": "NIP {nip} is not valid — wrong check digit",
    },
    "rules.model.has_nip.bad_format": {
        "pl": "NIP {nip} jest niepoprawny — polski NIP ma 10 cyfr",
        "en": "NIP {nip} is not valid — a Polish NIP has 10 digits",
    },
    "rules.model.has_nip.entered_valid": {
        "pl": "wpisano NIP {nip} (poprawny)",
        "en": "NIP {nip} is entered (valid)",
    },
    "rules.model.has_nip.entered_invalid": {
        "pl": "wpisano NIP {nip} (niepoprawny)",
        "en": "NIP {nip} is entered (not valid)",
    },
    # remarks_contain
    "rules.model.remarks.describe": {
        "pl": "uwagi zawierają {texts}",
        "en": "remarks contain {texts}",
    },
    "rules.model.remarks.empty": {"pl": "uwagi są puste", "en": "the remarks are empty"},
    "rules.model.remarks.missing": {
        "pl": "uwagi nie zawierają {texts}",
        "en": "the remarks do not contain {texts}",
    },
    "rules.model.remarks.found.remarks": {
        "pl": "uwagi zawierają {found}",
        "en": "the remarks contain {found}",
    },
    "rules.model.remarks.found.remarks_ext": {
        "pl": "uwagi rozszerzone zawierają {found}",
        "en": "the extended remarks contain {found}",
    },
    "rules.model.remarks.negated_before.remarks": {
        "pl": "{found} w uwagach się nie liczy — przed nim stoi {negation}",
        "en": "{found} in the remarks does not count — it is preceded by {negation}",
    },
    "rules.model.remarks.negated_before.remarks_ext": {
        "pl": "{found} w uwagach rozszerzonych się nie liczy — przed nim stoi {negation}",
        "en": "{found} in the extended remarks does not count — it is preceded by {negation}",
    },
    "rules.model.remarks.negated_after.remarks": {
        "pl": "{found} w uwagach się nie liczy — po nim stoi {negation}",
        "en": "{found} in the remarks does not count — it is followed by {negation}",
    },
    "rules.model.remarks.negated_after.remarks_ext": {
        "pl": "{found} w uwagach rozszerzonych się nie liczy — po nim stoi {negation}",
        "en": "{found} in the extended remarks does not count — it is followed by {negation}",
    },
    # is_allegro
    "rules.model.allegro.describe": {"pl": "zamówienie z Allegro", "en": "is an Allegro order"},
    "rules.model.allegro.uuid": {
        "pl": "identyfikator zamówienia {id} to UUID formularza zakupu Allegro",
        "en": "the order id {id} is an Allegro checkout-form UUID",
    },
    "rules.model.allegro.category": {
        "pl": "kategoria zamówienia to {category}",
        "en": "the order's category is {category}",
    },
    "rules.model.allegro.no": {
        "pl": "zamówienie nie jest z Allegro (identyfikator: {id}; kategoria: {category})",
        "en": "not an Allegro order (order id: {id}; category: {category})",
    },
    "rules.model.none": {"pl": "brak", "en": "none"},
    # invoice_requested
    "rules.model.invoice.describe": {
        "pl": "kupujący chce faktury",
        "en": "the buyer asked for an invoice",
    },
    "rules.model.invoice.yes": {
        "pl": "kupujący zaznaczył, że chce faktury",
        "en": "the buyer asked for an invoice",
    },
    "rules.model.invoice.no": {
        "pl": "kupujący nie prosił o fakturę",
        "en": "the buyer did not ask for an invoice",
    },
    "rules.model.invoice.unknown": {
        "pl": "nie wiadomo, czy kupujący chce faktury",
        "en": "it is not known whether the buyer asked for an invoice",
    },
    # amount_above, amount_below
    "rules.model.amount_above.describe": {
        "pl": "wartość brutto powyżej {amount}",
        "en": "gross value above {amount}",
    },
    "rules.model.amount_below.describe": {
        "pl": "wartość brutto poniżej {amount}",
        "en": "gross value below {amount}",
    },
    "rules.model.amount_above.yes": {
        "pl": "wartość brutto {value} jest wyższa niż {amount}",
        "en": "the gross value {value} is above {amount}",
    },
    "rules.model.amount_above.no": {
        "pl": "wartość brutto {value} nie jest wyższa niż {amount}",
        "en": "the gross value {value} is not above {amount}",
    },
    "rules.model.amount_below.yes": {
        "pl": "wartość brutto {value} jest niższa niż {amount}",
        "en": "the gross value {value} is below {amount}",
    },
    "rules.model.amount_below.no": {
        "pl": "wartość brutto {value} nie jest niższa niż {amount}",
        "en": "the gross value {value} is not below {amount}",
    },
    "rules.model.amount.other_currency": {
        "pl": "zamówienie jest w {currency}, a warunek dotyczy kwot w {expected} — nie porównano",
        "en": "the order is in {currency}, the condition is about {expected} — not compared",
    },
    # payment_method_in
    "rules.model.payment.describe": {
        "pl": "forma płatności: {values}",
        "en": "payment method: {values}",
    },
    "rules.model.payment.none": {
        "pl": "zamówienie nie ma formy płatności",
        "en": "the order has no payment method",
    },
    "rules.model.payment.yes": {
        "pl": "forma płatności {payment} jest na liście",
        "en": "the payment method {payment} is in the list",
    },
    "rules.model.payment.no": {
        "pl": "forma płatności {payment} nie jest na liście",
        "en": "the payment method {payment} is not in the list",
    },
    "rules.model.payment.nameless": {
        "pl": "forma płatności nr {id} — jej nazwa jest nieznana",
        "en": "payment method no. {id} — its name is not known",
    },
    # delivery_method_in
    "rules.model.delivery.describe": {
        "pl": "sposób dostawy zawiera {values}",
        "en": "delivery method contains {values}",
    },
    "rules.model.delivery.unknown": {
        "pl": "sposób dostawy jest nieznany",
        "en": "the delivery method is not known",
    },
    "rules.model.delivery.yes": {
        "pl": "sposób dostawy {method} zawiera {found}",
        "en": "the delivery method {method} contains {found}",
    },
    "rules.model.delivery.no": {
        "pl": "sposób dostawy {method} nie zawiera {values}",
        "en": "the delivery method {method} does not contain {values}",
    },
    # category_in
    "rules.model.category.describe": {"pl": "kategoria: {values}", "en": "category: {values}"},
    "rules.model.category.none": {
        "pl": "zamówienie nie ma kategorii",
        "en": "the order has no category",
    },
    "rules.model.category.yes": {
        "pl": "kategoria {category} jest na liście",
        "en": "the category {category} is in the list",
    },
    "rules.model.category.no": {
        "pl": "kategoria {category} nie jest na liście",
        "en": "the category {category} is not in the list",
    },
    # has_flag
    "rules.model.flag.describe": {"pl": "flaga {values}", "en": "flag {values}"},
    "rules.model.flag.none": {"pl": "zamówienie nie ma flagi", "en": "the order has no flag"},
    "rules.model.flag.yes": {"pl": "zamówienie ma flagę {flag}", "en": "the order has flag {flag}"},
    "rules.model.flag.no": {
        "pl": "flaga zamówienia ({flags}) nie jest na liście",
        "en": "the order's flag ({flags}) is not in the list",
    },
    # country_in
    "rules.model.country.describe": {
        "pl": "kraj dostawy: {values}",
        "en": "delivery country: {values}",
    },
    "rules.model.country.yes": {
        "pl": "kraj {country} jest na liście ({source})",
        "en": "the country {country} is in the list ({source})",
    },
    "rules.model.country.no": {
        "pl": "kraj {country} nie jest na liście ({source})",
        "en": "the country {country} is not in the list ({source})",
    },
    "rules.model.country.source.delivery": {
        "pl": "z adresu dostawy",
        "en": "from the delivery address",
    },
    "rules.model.country.source.billing": {
        "pl": "z adresu nabywcy",
        "en": "from the buyer's address",
    },
    "rules.model.country.source.default": {
        "pl": "domyślnie — adresy nie podają kraju",
        "en": "by default — the addresses name no country",
    },
    # not
    "rules.model.not.describe": {"pl": "nie: {condition}", "en": "not: {condition}"},
    # ids and lists
    "rules.model.number": {"pl": "nr {id}", "en": "no. {id}"},
    "rules.model.or": {"pl": "lub", "en": "or"},
    "rules.model.nor": {"pl": "ani", "en": "or"},
    # actions
    "rules.model.actions.print": {"pl": "drukuj na {printer}", "en": "print on {printer}"},
    "rules.model.actions.print_default": {
        "pl": "drukuj na domyślnej drukarce stanowiska",
        "en": "print on the station's default printer",
    },
    "rules.model.actions.no_print": {"pl": "bez drukowania", "en": "no printing"},
    "rules.model.actions.email": {
        "pl": "wyślij e-mailem (szablon {template})",
        "en": "e-mail it (template {template})",
    },
    "rules.model.actions.no_email": {"pl": "bez e-maila", "en": "no e-mail"},
    "rules.model.actions.allegro": {
        "pl": "dołącz do zamówienia Allegro",
        "en": "attach to the Allegro order",
    },
    "rules.model.actions.no_allegro": {"pl": "bez Allegro", "en": "no Allegro"},
    "rules.model.actions.no_label": {"pl": "bez etykiety kuriera", "en": "no courier label"},
    "rules.model.actions.label_by": {"pl": "{carrier} — {service}", "en": "{carrier} — {service}"},
    "rules.model.service.pickup": {"pl": "odbiór osobisty", "en": "personal pickup"},
    "rules.model.service.own_transport": {"pl": "własny transport", "en": "own transport"},
    "rules.model.service.other_courier": {"pl": "inny kurier", "en": "another courier"},
    "rules.model.service.inpost_locker_standard": {"pl": "paczkomat", "en": "parcel locker"},
    "rules.model.service.inpost_courier_standard": {
        "pl": "kurier standard",
        "en": "standard courier",
    },
    "rules.model.service.inpost_courier_express_1000": {
        "pl": "kurier ekspres do 10:00",
        "en": "express courier by 10:00",
    },
    "rules.model.service.inpost_courier_express_1200": {
        "pl": "kurier ekspres do 12:00",
        "en": "express courier by 12:00",
    },
    "rules.model.service.inpost_courier_express_1700": {
        "pl": "kurier ekspres do 17:00",
        "en": "express courier by 17:00",
    },
    "rules.model.service.inpost_courier_c2c": {"pl": "kurier C2C", "en": "C2C courier"},
    "rules.model.service.allegro": {
        "pl": "metoda dostawy wybrana na Allegro",
        "en": "the delivery method chosen on Allegro",
    },
    "rules.model.actions.parcel_template": {
        "pl": ", gabaryt {template}",
        "en": ", size {template}",
    },
    "rules.model.carrier.own": {"pl": "etykieta Kolektora", "en": "Kolektor's own label"},
    "rules.model.carrier.inpost": {"pl": "InPost", "en": "InPost"},
    "rules.model.carrier.allegro": {"pl": "Wysyłam z Allegro", "en": "Allegro shipping"},
    "rules.model.actions.packing_note": {
        "pl": "notatka dla pakującego: {note}",
        "en": "note for the packer: {note}",
    },
    # -- kolektor.rules.parse: problems and warnings in the rules' JSON ---------------------
    # where a problem is
    "rules.parse.rule": {"pl": "reguła {position}", "en": "rule {position}"},
    "rules.parse.condition": {"pl": "warunek {position}", "en": "condition {position}"},
    "rules.parse.action": {"pl": "akcja {key}", "en": "action {key}"},
    # the list and the rule
    "rules.parse.rules.not_list": {
        "pl": "reguły muszą być listą [ … ], jest {found}",
        "en": "the rules must be a list [ … ], found {found}",
    },
    "rules.parse.rules.too_many": {
        "pl": "reguł jest {count} — może być najwyżej {limit}",
        "en": "there are {count} rules — at most {limit} are allowed",
    },
    "rules.parse.rule.too_many_conditions": {
        "pl": "reguła ma {count} {count:plural:warunek|warunki|warunków} — może mieć najwyżej "
        "{limit}",
        "en": "the rule has {count} {count:plural:condition|conditions} — at most {limit} are "
        "allowed",
    },
    "rules.parse.condition.too_many_values": {
        "pl": "warunek ma {count} wartości — może mieć najwyżej {limit}",
        "en": "the condition has {count} values — at most {limit} are allowed",
    },
    "rules.parse.rule.not_object": {
        "pl": "reguła musi być obiektem {{ … }} z polami name, when i then, jest {found}",
        "en": "a rule must be an object {{ … }} with name, when and then, found {found}",
    },
    "rules.parse.rule.unknown_key": {
        "pl": "nieznane pole {key}{suggestion} — dozwolone: name, enabled, when, then",
        "en": "unknown field {key}{suggestion} — allowed: name, enabled, when, then",
    },
    "rules.parse.rule.name_missing": {
        "pl": 'brak nazwy — dodaj "name": "…"',
        "en": 'no name — add "name": "…"',
    },
    "rules.parse.rule.name_not_text": {
        "pl": "nazwa musi być tekstem, jest {found}",
        "en": "the name must be text, found {found}",
    },
    "rules.parse.rule.name_empty": {
        "pl": 'nazwa jest pusta — wpisz np. "Firmy z NIP-em"',
        "en": 'the name is empty — write e.g. "Companies with a NIP"',
    },
    "rules.parse.rule.name_too_long": {
        "pl": "nazwa ma {length} {length:plural:znak|znaki|znaków} — może mieć najwyżej {limit}",
        "en": "the name has {length} {length:plural:character|characters} — at most {limit} are "
        "allowed",
    },
    "rules.parse.rule.name_duplicate": {
        "pl": "tak samo nazywa się reguła {other} — nazwy muszą być różne",
        "en": "rule {other} has the same name — names must differ",
    },
    "rules.parse.rule.enabled": {
        "pl": '"enabled" musi być true albo false, jest {found}',
        "en": '"enabled" must be true or false, found {found}',
    },
    "rules.parse.rule.when_missing": {
        "pl": 'brak warunków — dodaj "when": [ … ] (pusta lista: reguła dla każdego zamówienia)',
        "en": 'no conditions — add "when": [ … ] (an empty list: a rule for every order)',
    },
    "rules.parse.rule.when_not_list": {
        "pl": '"when" musi być listą warunków [ … ], jest {found}',
        "en": '"when" must be a list of conditions [ … ], found {found}',
    },
    "rules.parse.rule.then_missing": {
        "pl": 'brak akcji — dodaj "then": {{"document": "FS"}}',
        "en": 'no actions — add "then": {{"document": "FS"}}',
    },
    "rules.parse.rule.then_not_object": {
        "pl": '"then" musi być obiektem {{ … }}, jest {found}',
        "en": '"then" must be an object {{ … }}, found {found}',
    },
    # conditions
    "rules.parse.condition.not_object": {
        "pl": 'warunek musi być obiektem z jednym kluczem, np. {{"has_nip": true}}, jest {found}',
        "en": 'a condition must be an object with one key, e.g. {{"has_nip": true}}, found {found}',
    },
    "rules.parse.condition.empty": {
        "pl": 'warunek jest pusty — wpisz np. {{"has_nip": true}}',
        "en": 'the condition is empty — write e.g. {{"has_nip": true}}',
    },
    "rules.parse.condition.many_keys": {
        "pl": "warunek ma kilka kluczy ({keys}) — każdy warunek zapisz osobno",
        "en": "the condition has several keys ({keys}) — write each condition separately",
    },
    "rules.parse.condition.unknown": {
        "pl": "nieznany warunek{suggestion} — dostępne: {known}",
        "en": "unknown condition{suggestion} — available: {known}",
    },
    "rules.parse.condition.bool": {
        "pl": "{found} — wpisz true albo false",
        "en": "{found} — write true or false",
    },
    "rules.parse.condition.has_nip": {
        "pl": '{found} — wpisz true, false albo {{"valid": false}} (każdy wpisany NIP)',
        "en": '{found} — write true, false or {{"valid": false}} (any NIP entered)',
    },
    "rules.parse.condition.texts": {
        "pl": '{found} nie jest tekstem — wpisz tekst albo listę tekstów, np. ["faktur", "FV"]',
        "en": '{found} is not text — write a text or a list of texts, e.g. ["faktur", "FV"]',
    },
    "rules.parse.condition.no_word": {
        "pl": "{found} nie zawiera żadnej litery ani cyfry do wyszukania",
        "en": "{found} contains no letter or digit to search for",
    },
    "rules.parse.condition.list_empty": {
        "pl": "lista jest pusta — podaj co najmniej jedną wartość",
        "en": "the list is empty — give at least one value",
    },
    "rules.parse.condition.amount": {
        "pl": "{found} nie jest kwotą — użyj liczby, np. 12.50",
        "en": "{found} is not an amount — use a number, e.g. 12.50",
    },
    "rules.parse.condition.amount_negative": {
        "pl": "{found} jest ujemna — kwota musi być większa lub równa 0",
        "en": "{found} is negative — the amount must be 0 or more",
    },
    "rules.parse.condition.amount_keys": {
        "pl": "nieznane pole {key} — dozwolone: amount, currency",
        "en": "unknown field {key} — allowed: amount, currency",
    },
    "rules.parse.condition.amount_missing": {
        "pl": 'brak kwoty — wpisz np. {{"amount": "100.00", "currency": "EUR"}}',
        "en": 'no amount — write e.g. {{"amount": "100.00", "currency": "EUR"}}',
    },
    "rules.parse.condition.currency": {
        "pl": "{found} nie jest kodem waluty — użyj trzech liter, np. PLN albo EUR",
        "en": "{found} is not a currency code — use three letters, e.g. PLN or EUR",
    },
    "rules.parse.condition.id_or_name": {
        "pl": "{found} — podaj numer (id) albo nazwę w cudzysłowie",
        "en": "{found} — give a number (id) or a name in quotes",
    },
    "rules.parse.condition.blank": {
        "pl": "pusta nazwa — usuń ją albo wpisz nazwę",
        "en": "an empty name — remove it or write a name",
    },
    "rules.parse.condition.id": {
        "pl": "{found} nie jest numerem — podaj liczbę całkowitą większą od 0, np. 3",
        "en": "{found} is not an id — give a whole number above 0, e.g. 3",
    },
    "rules.parse.condition.name": {
        "pl": '{found} nie jest nazwą — wpisz tekst, np. "InPost"',
        "en": '{found} is not a name — write text, e.g. "InPost"',
    },
    "rules.parse.condition.country": {
        "pl": "{found} nie jest znanym kodem kraju — "
        "użyj nazwy (np. Niemcy) albo kodu ISO (np. DE)",
        "en": "{found} is not a known country code — "
        "use a name (e.g. Niemcy) or an ISO code (e.g. DE)",
    },
    "rules.parse.condition.not_value": {
        "pl": 'po "not" musi być warunek, np. {{"not": {{"is_allegro": true}}}}, jest {found}',
        "en": '"not" needs a condition, e.g. {{"not": {{"is_allegro": true}}}}, found {found}',
    },
    "rules.parse.condition.double_not": {
        "pl": '"not" wewnątrz "not" znosi się — usuń oba',
        "en": '"not" inside "not" cancels out — remove both',
    },
    # actions
    "rules.parse.action.unknown_key": {
        "pl": "nieznane pole{suggestion} — dozwolone: {allowed}",
        "en": "unknown field{suggestion} — allowed: {allowed}",
    },
    "rules.parse.action.document_missing": {
        "pl": 'brak rodzaju dokumentu — dodaj "document": "FS" (albo PA, PAi, WZ)',
        "en": 'no document kind — add "document": "FS" (or PA, PAi, WZ)',
    },
    "rules.parse.action.document": {
        "pl": "{found} nie jest rodzajem dokumentu{suggestion} — dozwolone: FS, PA, PAi, WZ",
        "en": "{found} is not a document kind{suggestion} — allowed: FS, PA, PAi, WZ",
    },
    "rules.parse.action.bool": {
        "pl": "{found} — wpisz true albo false",
        "en": "{found} — write true or false",
    },
    "rules.parse.action.printer": {
        "pl": "{found} nie jest nazwą drukarki — "
        "wpisz nazwę albo null (domyślna drukarka stanowiska)",
        "en": "{found} is not a printer name — "
        "write a name or null (the station's default printer)",
    },
    "rules.parse.action.carrier": {
        "pl": "{found} nie jest przewoźnikiem — wybierz jednego z: {allowed}",
        "en": "{found} is not a carrier — choose one of: {allowed}",
    },
    "rules.parse.action.service": {
        "pl": "{found} nie jest usługą przewoźnika {carrier} — wybierz jedną z: {allowed} "
        "albo null (domyślna)",
        "en": "{found} is not a service of the carrier {carrier} — choose one of: {allowed} "
        "or null (the default)",
    },
    "rules.parse.action.parcel_template": {
        "pl": "{found} nie jest gabarytem paczki — wpisz A, B albo C "
        "albo null (gabaryt podany przy pakowaniu)",
        "en": "{found} is not a parcel size — write A, B or C or null (the size given at packing)",
    },
    "rules.parse.action.printer_empty": {
        "pl": "pusta nazwa drukarki — wpisz nazwę albo null (domyślna drukarka stanowiska)",
        "en": "an empty printer name — write a name or null (the station's default printer)",
    },
    "rules.parse.action.template": {
        "pl": '{found} nie jest nazwą szablonu — wpisz nazwę, np. "dokument"',
        "en": '{found} is not a template name — write a name, e.g. "dokument"',
    },
    "rules.parse.action.packing_note": {
        "pl": "{found} nie jest tekstem — wpisz notatkę dla pakującego albo null (bez notatki)",
        "en": "{found} is not text — write a note for the packer or null (no note)",
    },
    "rules.parse.action.packing_note_empty": {
        "pl": "pusta notatka dla pakującego — wpisz tekst albo null (bez notatki)",
        "en": "an empty note for the packer — write a text or null (no note)",
    },
    "rules.parse.action.packing_note_long": {
        "pl": "notatka dla pakującego ma {length} {length:plural:znak|znaki|znaków} — skróć ją do "
        "{limit}",
        "en": "the note for the packer has {length} {length:plural:character|characters} — "
        "shorten it to {limit}",
    },
    "rules.parse.action.template_empty": {
        "pl": 'pusta nazwa szablonu — wpisz nazwę, np. "dokument"',
        "en": 'an empty template name — write a name, e.g. "dokument"',
    },
    "rules.parse.suggestion": {"pl": " (może {name}?)", "en": " (did you mean {name}?)"},
    # warnings
    "rules.parse.warn.unreachable": {
        "pl": "nigdy nie zadziała — wcześniejsza reguła {other} nie ma warunków "
        "i decyduje o każdym zamówieniu",
        "en": "never applies — the earlier rule {other} has no conditions and decides every order",
    },
    "rules.parse.warn.contradiction": {
        "pl": "warunki {first} i {second} wykluczają się — reguła nigdy nie zadziała",
        "en": "conditions {first} and {second} exclude each other — the rule never applies",
    },
    "rules.parse.warn.allegro_excluded": {
        "pl": "reguła wyklucza zamówienia z Allegro (warunek {position}), "
        "więc dołączanie do Allegro nic nie zrobi",
        "en": "the rule excludes Allegro orders (condition {position}), "
        "so attaching to Allegro does nothing",
    },
    "rules.parse.warn.allegro_wz": {
        "pl": "WZ nie jest dokumentem sprzedaży, a Allegro przyjmuje faktury — "
        'ustaw "allegro": false',
        "en": 'a WZ is not a sales document and Allegro takes invoices — set "allegro": false',
    },
    "rules.parse.warn.email_allegro": {
        "pl": "reguła dotyczy zamówień z Allegro, a od 2 marca 2026 Allegro nie przepuszcza "
        'e-maili z dokumentami sprzedaży do kupujących — ustaw "email": false, '
        'a dokument przekaż przez Allegro ("allegro": true)',
        "en": "the rule is about Allegro orders, and since 2 March 2026 Allegro blocks "
        'e-mails with sales documents to buyers — set "email": false and deliver '
        'the document through Allegro ("allegro": true)',
    },
    "rules.parse.warn.no_rules": {
        "pl": "nie ma żadnej włączonej reguły — każde zamówienie trafi do „wymaga uwagi”",
        "en": "there is no enabled rule — every order will go to “attention”",
    },
    "rules.parse.warn.no_catch_all": {
        "pl": "ostatnia włączona reguła {name} ma warunki — zamówienie, do którego nie pasuje "
        "żadna reguła, trafi do „wymaga uwagi”; dodaj na końcu regułę bez warunków",
        "en": "the last enabled rule {name} has conditions — an order no rule matches will "
        "go to “attention”; add a rule without conditions at the end",
    },
    # -- kolektor.rules.evaluate: decisions and the "try it on an order" view ---------------
    "rules.evaluate.decision": {
        "pl": "{document} — reguła {position} {name}: {reasons}",
        "en": "{document} — rule {position} {name}: {reasons}",
    },
    "rules.evaluate.no_conditions": {
        "pl": "reguła bez warunków",
        "en": "a rule without conditions",
    },
    "rules.evaluate.no_rule_matched": {
        "pl": "żadna z włączonych reguł nie pasuje (sprawdzono: {count})",
        "en": "no rule matched (enabled rules checked: {count})",
    },
    "rules.evaluate.no_enabled_rule": {
        "pl": "żadna reguła nie pasuje — nie ma włączonych reguł",
        "en": "no rule matched — there are no enabled rules",
    },
    "rules.evaluate.order": {"pl": "Zamówienie", "en": "Order"},
    "rules.evaluate.header.decided": {
        "pl": "{order} → {document} (reguła {position} {name})",
        "en": "{order} → {document} (rule {position} {name})",
    },
    "rules.evaluate.header.none": {"pl": "{order}: {reason}", "en": "{order}: {reason}"},
    "rules.evaluate.status.decided": {"pl": "ZDECYDOWAŁA", "en": "DECIDED"},
    "rules.evaluate.status.not_matched": {"pl": "nie pasuje", "en": "does not match"},
    "rules.evaluate.status.disabled": {"pl": "wyłączona", "en": "disabled"},
    "rules.evaluate.status.disabled.matched": {
        "pl": "wyłączona (pasowałaby)",
        "en": "disabled (would match)",
    },
    "rules.evaluate.status.after_decision": {"pl": "po decyzji", "en": "after the decision"},
    "rules.evaluate.status.after_decision.matched": {
        "pl": "po decyzji (też pasuje)",
        "en": "after the decision (matches too)",
    },
    "rules.evaluate.actions": {"pl": "akcje", "en": "actions"},
}

SAME_TEXT: frozenset[str] = frozenset(
    {"rules.evaluate.header.none", "rules.model.carrier.inpost", "rules.model.actions.label_by"}
)
"""Keys whose text is the same in every language (only placeholders and punctuation)."""
