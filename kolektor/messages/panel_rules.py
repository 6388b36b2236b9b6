"""The office panel's texts: the rules editor (``panel.rules.*``), the rules' model described
for it (``panel.rules.schema.*``, served by ``GET /api/rules/schema``) and the errors of the
rules' routes (``api.*``)."""

from __future__ import annotations

CATALOG: dict[str, dict[str, str]] = {
    # -- the API's errors ------------------------------------------------------------------
    "api.invalid_rules.try": {
        "pl": "Reguł nie można wypróbować — błędów: {count}. Pierwszy: {first}",
        "en": "The rules cannot be tried — problems: {count}. The first: {first}",
    },
    "api.invalid_rules.restore": {
        "pl": "Tej wersji nie można przywrócić — dzisiejsze sprawdzanie reguł znajduje w niej "
        "błędy ({count}). Pierwszy: {first}",
        "en": "This version cannot be restored — today's checks find problems in it ({count}). "
        "The first: {first}",
    },
    "api.bad_field.rules_try_orders": {
        "pl": "Pole orders musi być tekstem „last50” albo listą od 1 do {limit} numerów id "
        "zamówień.",
        "en": "The field orders must be the text “last50” or a list of 1 to {limit} order ids.",
    },
    "api.not_found.rules_try_orders": {
        "pl": "Nie ma zamówień o tych numerach id: {ids}.",
        "en": "There are no orders with these ids: {ids}.",
    },
    "api.not_found.rules_version": {
        "pl": "Nie ma takiej wersji reguł.",
        "en": "There is no such version of the rules.",
    },
    "api.rules_version_current": {
        "pl": "Ta wersja reguł już obowiązuje — nie ma czego przywracać.",
        "en": "This version of the rules is already in force — there is nothing to restore.",
    },
    # -- the model, described for the editor (GET /api/rules/schema) -------------------------
    "panel.rules.schema.condition.has_nip": {"pl": "NIP klienta", "en": "Customer's NIP"},
    "panel.rules.schema.condition.has_nip.help": {
        "pl": "Czy klient ma NIP — poprawny albo jakikolwiek wpisany.",
        "en": "Whether the customer has a NIP — a valid one or anything entered.",
    },
    "panel.rules.schema.condition.has_nip.valid": {
        "pl": "ma poprawny NIP",
        "en": "has a valid NIP",
    },
    "panel.rules.schema.condition.has_nip.any": {
        "pl": "ma wpisany NIP, także błędny lub zagraniczny",
        "en": "has a NIP entered, even an invalid or foreign one",
    },
    "panel.rules.schema.condition.remarks_contain": {
        "pl": "Uwagi zawierają",
        "en": "Remarks contain",
    },
    "panel.rules.schema.condition.remarks_contain.help": {
        "pl": "Jeden z tekstów w uwagach ZK; wielkość liter i polskie znaki nie mają znaczenia, "
        "dłuższe słowa pasują odmienione, a zaprzeczone („bez faktury”) się nie liczą.",
        "en": "One of the texts in the ZK's remarks; case and Polish letters do not matter, "
        "longer words match inflected, and negated ones (“bez faktury”) do not count.",
    },
    "panel.rules.schema.condition.is_allegro": {
        "pl": "Zamówienie z Allegro",
        "en": "An Allegro order",
    },
    "panel.rules.schema.condition.is_allegro.help": {
        "pl": "Identyfikator zamówienia to numer formularza zakupu Allegro albo kategoria ZK "
        "nazywa się „Allegro”.",
        "en": "The order's id is an Allegro checkout-form id or the ZK's category is named "
        "“Allegro”.",
    },
    "panel.rules.schema.condition.invoice_requested": {
        "pl": "Kupujący chce fakturę (Allegro)",
        "en": "The buyer wants an invoice (Allegro)",
    },
    "panel.rules.schema.condition.invoice_requested.help": {
        "pl": "Kupujący zaznaczył na Allegro „chcę fakturę”; nieznane, dopóki Kolektor nie "
        "zapyta Allegro.",
        "en": "The buyer ticked “I want an invoice” on Allegro; unknown until Kolektor asks "
        "Allegro.",
    },
    "panel.rules.schema.condition.amount_above": {
        "pl": "Wartość brutto większa niż",
        "en": "Gross value above",
    },
    "panel.rules.schema.condition.amount_above.help": {
        "pl": "Wartość brutto ZK jest większa niż kwota (równa — nie); zamówienie w innej "
        "walucie nie jest porównywane.",
        "en": "The ZK's gross value is above the amount (an equal one is not); an order in "
        "another currency is not compared.",
    },
    "panel.rules.schema.condition.amount_below": {
        "pl": "Wartość brutto mniejsza niż",
        "en": "Gross value below",
    },
    "panel.rules.schema.condition.amount_below.help": {
        "pl": "Wartość brutto ZK jest mniejsza niż kwota; zamówienie w innej walucie nie jest "
        "porównywane.",
        "en": "The ZK's gross value is below the amount; an order in another currency is not "
        "compared.",
    },
    "panel.rules.schema.condition.payment_method_in": {
        "pl": "Forma płatności",
        "en": "Payment method",
    },
    "panel.rules.schema.condition.payment_method_in.help": {
        "pl": "Numer (id) albo nazwa formy płatności z Subiekta, np. Pobranie.",
        "en": "The id or the name of a Subiekt payment method, e.g. Pobranie.",
    },
    "panel.rules.schema.condition.delivery_method_in": {
        "pl": "Sposób dostawy zawiera",
        "en": "Delivery method contains",
    },
    "panel.rules.schema.condition.delivery_method_in.help": {
        "pl": "Tekst w nazwie sposobu dostawy: InPost pasuje do „Allegro Paczkomaty InPost”.",
        "en": "A text in the delivery method's name: InPost matches “Allegro Paczkomaty InPost”.",
    },
    "panel.rules.schema.condition.category_in": {"pl": "Kategoria ZK", "en": "ZK category"},
    "panel.rules.schema.condition.category_in.help": {
        "pl": "Numer (id) albo nazwa kategorii z Subiekta.",
        "en": "The id or the name of a Subiekt category.",
    },
    "panel.rules.schema.condition.has_flag": {"pl": "Flaga ZK", "en": "ZK flag"},
    "panel.rules.schema.condition.has_flag.help": {
        "pl": "Numer flagi z Subiekta.",
        "en": "The id of a Subiekt flag.",
    },
    "panel.rules.schema.condition.country_in": {"pl": "Kraj", "en": "Country"},
    "panel.rules.schema.condition.country_in.help": {
        "pl": "Kod (PL, DE) albo nazwa kraju adresu dostawy; gdy go nie ma — nabywcy; gdy i "
        "tego nie ma — Polska.",
        "en": "The code (PL, DE) or name of the delivery address's country; without one the "
        "buyer's; without that either, Poland.",
    },
    "panel.rules.schema.negation": {"pl": "nie (zaprzeczenie)", "en": "not (negate)"},
    "panel.rules.schema.negation.help": {
        "pl": "Warunek jest spełniony, gdy to nie zachodzi. Nieznany fakt nie spełnia ani "
        "warunku, ani jego zaprzeczenia.",
        "en": "The condition holds when this is not so. An unknown fact satisfies neither the "
        "condition nor its negation.",
    },
    "panel.rules.schema.action.document": {"pl": "Dokument", "en": "Document"},
    "panel.rules.schema.action.document.help": {
        "pl": "Jaki dokument powstanie z ZK.",
        "en": "Which document the ZK becomes.",
    },
    "panel.rules.schema.action.print": {"pl": "Drukuj dokument", "en": "Print the document"},
    "panel.rules.schema.action.print.help": {
        "pl": "Na stanowisku pakowania.",
        "en": "At the packing station.",
    },
    "panel.rules.schema.action.printer": {"pl": "Drukarka", "en": "Printer"},
    "panel.rules.schema.action.printer.help": {
        "pl": "Nazwa drukarki; puste pole — domyślna drukarka stanowiska.",
        "en": "The printer's name; empty — the station's default printer.",
    },
    "panel.rules.schema.action.printer.empty": {
        "pl": "domyślna drukarka stanowiska",
        "en": "the station's default printer",
    },
    "panel.rules.schema.action.email": {"pl": "Wyślij e-mailem", "en": "Send by e-mail"},
    "panel.rules.schema.action.email.help": {
        "pl": "Dokument trafia do klienta e-mailem.",
        "en": "The document goes to the customer by e-mail.",
    },
    "panel.rules.schema.action.email_template": {
        "pl": "Szablon e-maila",
        "en": "E-mail template",
    },
    "panel.rules.schema.action.email_template.help": {
        "pl": "Nazwa szablonu wiadomości z dokumentem.",
        "en": "The name of the template of the message with the document.",
    },
    "panel.rules.schema.action.allegro": {
        "pl": "Dołącz do zamówienia Allegro",
        "en": "Attach to the Allegro order",
    },
    "panel.rules.schema.action.allegro.help": {
        "pl": "Działa tylko dla zamówień z Allegro.",
        "en": "Works for Allegro orders only.",
    },
    "panel.rules.schema.action.label": {
        "pl": "Utwórz etykietę kuriera",
        "en": "Create the courier label",
    },
    "panel.rules.schema.action.label.help": {
        "pl": "Przesyłka kurierska i wydruk etykiety.",
        "en": "The courier shipment and its printed label.",
    },
    "panel.rules.schema.action.carrier": {"pl": "Przewoźnik", "en": "Carrier"},
    "panel.rules.schema.action.carrier.help": {
        "pl": "Kto wiezie paczki: etykieta Kolektora (odbiór osobisty, własny transport, "
        "kurier bez integracji), InPost albo Wysyłam z Allegro (tylko zamówienia z Allegro).",
        "en": "Who carries the parcels: Kolektor's own label (personal pickup, own transport, "
        "a courier not integrated), InPost or Allegro shipping (Allegro orders only).",
    },
    "panel.rules.schema.carrier.own": {"pl": "Etykieta Kolektora", "en": "Kolektor's own label"},
    "panel.rules.schema.carrier.inpost": {"pl": "InPost", "en": "InPost"},
    "panel.rules.schema.carrier.allegro": {"pl": "Wysyłam z Allegro", "en": "Allegro shipping"},
    "panel.rules.schema.action.service": {"pl": "Usługa przewoźnika", "en": "Carrier's service"},
    "panel.rules.schema.action.service.help": {
        "pl": "Np. inpost_locker_standard (paczkomat) lub inpost_courier_standard (kurier); "
        "dla etykiety Kolektora pickup, own_transport albo other_courier.",
        "en": "E.g. inpost_locker_standard (parcel locker) or inpost_courier_standard "
        "(courier); for Kolektor's label pickup, own_transport or other_courier.",
    },
    "panel.rules.schema.action.service.empty": {
        "pl": "domyślna usługa przewoźnika",
        "en": "the carrier's default service",
    },
    "panel.rules.schema.action.parcel_template": {"pl": "Gabaryt paczki", "en": "Parcel size"},
    "panel.rules.schema.action.parcel_template.help": {
        "pl": "A, B lub C — gabaryt paczkomatu, gdy pakujący nie poda innego.",
        "en": "A, B or C — the parcel locker size when the packer gives none.",
    },
    "panel.rules.schema.action.parcel_template.empty": {
        "pl": "podany przy pakowaniu",
        "en": "given at packing",
    },
    "panel.rules.schema.action.packing_note": {
        "pl": "Notatka dla pakującego",
        "en": "Note for the packer",
    },
    "panel.rules.schema.action.packing_note.help": {
        "pl": "Pokazywana na skanerze przy pakowaniu; puste pole — bez notatki.",
        "en": "Shown on the scanner while packing; empty — no note.",
    },
    "panel.rules.schema.action.packing_note.empty": {"pl": "bez notatki", "en": "no note"},
    "panel.rules.schema.document.FS": {
        "pl": "FS — faktura sprzedaży",
        "en": "FS — VAT invoice",
    },
    "panel.rules.schema.document.PA": {"pl": "PA — paragon", "en": "PA — receipt"},
    "panel.rules.schema.document.PAi": {
        "pl": "PAi — paragon imienny",
        "en": "PAi — named receipt",
    },
    "panel.rules.schema.document.WZ": {
        "pl": "WZ — wydanie zewnętrzne",
        "en": "WZ — goods-issue note",
    },
    # -- the page ----------------------------------------------------------------------------
    "panel.rules.intro": {
        "pl": "Reguły są sprawdzane od góry: o zamówieniu decyduje pierwsza włączona reguła, "
        "której wszystkie warunki są spełnione. Regułę bez warunków (pasuje do każdego "
        "zamówienia) stawia się na końcu.",
        "en": "Rules are checked from the top: the first enabled rule whose conditions all "
        "hold decides about the order. A rule without conditions (it matches every order) "
        "goes last.",
    },
    "panel.rules.read_only": {
        "pl": "Twoja rola może przeglądać i wypróbowywać reguły, ale nie może ich zapisywać "
        "ani przywracać wersji.",
        "en": "Your role may view and try the rules, but cannot save them or restore versions.",
    },
    "panel.rules.toolbar": {"pl": "Reguły", "en": "Rules"},
    "panel.rules.list_title": {"pl": "Lista reguł", "en": "The rules"},
    "panel.rules.empty": {
        "pl": "Nie ma żadnej reguły — każde zamówienie trafi do „wymaga uwagi”. Dodaj regułę.",
        "en": "There are no rules — every order will need attention. Add a rule.",
    },
    "panel.rules.add": {"pl": "Dodaj regułę", "en": "Add a rule"},
    "panel.rules.added": {
        "pl": "Dodano regułę {position} na końcu listy.",
        "en": "Rule {position} added at the end of the list.",
    },
    "panel.rules.save": {"pl": "Zapisz reguły", "en": "Save the rules"},
    "panel.rules.saved": {
        "pl": "Zapisano reguły — obowiązują od teraz dla pakowanych zamówień.",
        "en": "The rules are saved — they apply from now on to orders being packed.",
    },
    "panel.rules.not_saved": {
        "pl": "Reguły nie zostały zapisane — popraw zaznaczone pola:",
        "en": "The rules were not saved — correct the marked fields:",
    },
    "panel.rules.revert": {"pl": "Cofnij zmiany", "en": "Discard changes"},
    "panel.rules.revert_confirm": {
        "pl": "Cofnąć wszystkie niezapisane zmiany i wczytać zapisane reguły?",
        "en": "Discard every unsaved change and load the saved rules?",
    },
    "panel.rules.reverted": {
        "pl": "Wczytano zapisane reguły.",
        "en": "The saved rules are loaded.",
    },
    "panel.rules.unsaved": {"pl": "Niezapisane zmiany", "en": "Unsaved changes"},
    "panel.rules.warnings": {
        "pl": "{count:plural:Ostrzeżenie|Ostrzeżenia|Ostrzeżeń} ({count}) — zapis się udał, "
        "ale to zwykle pomyłka:",
        "en": "{count:plural:Warning|Warnings} ({count}) — saved, but this is usually a mistake:",
    },
    "panel.rules.rule_position": {"pl": "Reguła {position}", "en": "Rule {position}"},
    "panel.rules.rule_named": {
        "pl": "Reguła {position} „{name}”",
        "en": "Rule {position} “{name}”",
    },
    "panel.rules.drag": {
        "pl": "Przeciągnij, aby zmienić kolejność",
        "en": "Drag to change the order",
    },
    "panel.rules.name": {"pl": "Nazwa", "en": "Name"},
    "panel.rules.enabled": {"pl": "Włączona", "en": "Enabled"},
    "panel.rules.up": {
        "pl": "Przesuń regułę {position} w górę",
        "en": "Move rule {position} up",
    },
    "panel.rules.down": {
        "pl": "Przesuń regułę {position} w dół",
        "en": "Move rule {position} down",
    },
    "panel.rules.moved": {
        "pl": "Reguła „{name}” jest teraz na pozycji {position}.",
        "en": "Rule “{name}” is now at position {position}.",
    },
    "panel.rules.duplicate": {"pl": "Duplikuj", "en": "Duplicate"},
    "panel.rules.duplicate_label": {
        "pl": "Duplikuj regułę {position}",
        "en": "Duplicate rule {position}",
    },
    "panel.rules.duplicated": {
        "pl": "Dodano kopię: „{name}”.",
        "en": "A copy is added: “{name}”.",
    },
    "panel.rules.copy_name": {"pl": "{name} (kopia)", "en": "{name} (copy)"},
    "panel.rules.copy_name_n": {"pl": "{name} (kopia {n})", "en": "{name} (copy {n})"},
    "panel.rules.remove": {"pl": "Usuń", "en": "Remove"},
    "panel.rules.remove_label": {
        "pl": "Usuń regułę {position}",
        "en": "Remove rule {position}",
    },
    "panel.rules.remove_confirm": {
        "pl": "Usunąć z edytora: {rule}? Zmiana obowiązuje dopiero po zapisaniu reguł.",
        "en": "Remove from the editor: {rule}? The change applies only once the rules are saved.",
    },
    "panel.rules.removed": {"pl": "Usunięto: {rule}.", "en": "Removed: {rule}."},
    "panel.rules.conditions": {
        "pl": "Warunki — wszystkie muszą być spełnione",
        "en": "Conditions — all of them must hold",
    },
    "panel.rules.no_conditions": {
        "pl": "Brak warunków — reguła pasuje do każdego zamówienia.",
        "en": "No conditions — the rule matches every order.",
    },
    "panel.rules.add_condition": {"pl": "Dodaj warunek", "en": "Add a condition"},
    "panel.rules.condition": {"pl": "Warunek {position}", "en": "Condition {position}"},
    "panel.rules.remove_condition": {"pl": "Usuń warunek", "en": "Remove the condition"},
    "panel.rules.remove_condition_label": {
        "pl": "Usuń warunek {position} reguły {rule}",
        "en": "Remove condition {position} of rule {rule}",
    },
    "panel.rules.value": {"pl": "Wartość", "en": "Value"},
    "panel.rules.values_any": {
        "pl": "Wartości (wystarczy jedna)",
        "en": "Values (any one of them)",
    },
    "panel.rules.value_n": {"pl": "Wartość {n}", "en": "Value {n}"},
    "panel.rules.add_value": {"pl": "Dodaj wartość", "en": "Add a value"},
    "panel.rules.remove_value_label": {"pl": "Usuń wartość {n}", "en": "Remove value {n}"},
    "panel.rules.amount": {"pl": "Kwota", "en": "Amount"},
    "panel.rules.currency": {"pl": "Waluta", "en": "Currency"},
    "panel.rules.actions": {"pl": "Akcje", "en": "Actions"},
    "panel.rules.choose": {"pl": "— wybierz —", "en": "— choose —"},
    "panel.rules.error.name_empty": {
        "pl": "Wpisz nazwę reguły.",
        "en": "Enter the rule's name.",
    },
    "panel.rules.error.name_long": {
        "pl": "Nazwa może mieć najwyżej {limit} {limit:plural:znak|znaki|znaków}.",
        "en": "The name may have at most {limit} {limit:plural:character|characters}.",
    },
    "panel.rules.error.name_duplicate": {
        "pl": "Tak samo nazywa się reguła {other} — nazwy muszą być różne.",
        "en": "Rule {other} has the same name — names must differ.",
    },
    "panel.rules.error.too_many_conditions": {
        "pl": "Reguła może mieć najwyżej {limit} {limit:plural:warunek|warunki|warunków}.",
        "en": "A rule may have at most {limit} {limit:plural:condition|conditions}.",
    },
    "panel.rules.error.too_many_rules": {
        "pl": "Reguł może być najwyżej {limit}.",
        "en": "There may be at most {limit} {limit:plural:rule|rules}.",
    },
    "panel.rules.error.too_many_values": {
        "pl": "Warunek może mieć najwyżej {limit} {limit:plural:wartość|wartości|wartości}.",
        "en": "A condition may have at most {limit} {limit:plural:value|values}.",
    },
    "panel.rules.error.value_empty": {
        "pl": "Wpisz wartość albo usuń to pole.",
        "en": "Enter a value or remove this field.",
    },
    "panel.rules.error.value_id": {
        "pl": "Wpisz numer: liczbę całkowitą większą od zera.",
        "en": "Enter an id: a whole number above zero.",
    },
    "panel.rules.error.value_word": {
        "pl": "Wpisz słowo — co najmniej jedną literę lub cyfrę.",
        "en": "Enter a word — at least one letter or digit.",
    },
    "panel.rules.error.amount": {
        "pl": "Wpisz kwotę nie mniejszą niż zero, np. 450 albo 12.50.",
        "en": "Enter an amount of at least zero, e.g. 450 or 12.50.",
    },
    "panel.rules.error.currency": {
        "pl": "Waluta to trzy litery, np. PLN albo EUR.",
        "en": "A currency is three letters, e.g. PLN or EUR.",
    },
    "panel.rules.error.choose": {"pl": "Wybierz jedną z wartości.", "en": "Choose a value."},
    "panel.rules.error.text_empty": {
        "pl": "To pole nie może być puste.",
        "en": "This field cannot be empty.",
    },
    "panel.rules.error.text_long": {
        "pl": "Najwyżej {limit} {limit:plural:znak|znaki|znaków}.",
        "en": "At most {limit} {limit:plural:character|characters}.",
    },
    # the dry run
    "panel.rules.try.title": {"pl": "Wypróbuj reguły", "en": "Try the rules"},
    "panel.rules.try.intro": {
        "pl": "Reguły z edytora — także niezapisane — na wybranym zamówieniu albo na 50 "
        "ostatnich: która reguła pasuje i dlaczego. Bez żadnych skutków.",
        "en": "The rules in the editor — unsaved ones too — on a chosen order or the last 50: "
        "which rule matches and why. Without any effect.",
    },
    "panel.rules.try.query": {
        "pl": "Numer ZK, klient lub NIP",
        "en": "ZK number, customer or NIP",
    },
    "panel.rules.try.query_empty": {
        "pl": "Wpisz numer ZK (np. ZK 18/2026), klienta lub NIP.",
        "en": "Enter a ZK number (e.g. ZK 18/2026), a customer or a NIP.",
    },
    "panel.rules.try.find": {"pl": "Szukaj zamówienia", "en": "Find the order"},
    "panel.rules.try.last": {
        "pl": "Wypróbuj na 50 ostatnich zamówieniach",
        "en": "Try on the last 50 orders",
    },
    "panel.rules.try.found": {
        "pl": "Wybierz zamówienie, na którym wypróbować reguły:",
        "en": "Choose the order to try the rules on:",
    },
    "panel.rules.try.not_found": {
        "pl": "Nie znaleziono zamówienia „{query}”.",
        "en": "No order “{query}” found.",
    },
    "panel.rules.try.order": {"pl": "{number} — {customer}", "en": "{number} — {customer}"},
    "panel.rules.try.working": {"pl": "Sprawdzanie reguł…", "en": "Checking the rules…"},
    "panel.rules.try.cannot": {
        "pl": "Reguł nie można wypróbować — popraw zaznaczone pola:",
        "en": "The rules cannot be tried — correct the marked fields:",
    },
    "panel.rules.try.none": {"pl": "Nie ma jeszcze zamówień.", "en": "There are no orders yet."},
    "panel.rules.try.count": {
        "pl": "Sprawdzono {count} {count:plural:zamówienie|zamówienia|zamówień}: reguła "
        "zdecydowała o {decided}, bez pasującej reguły: {undecided}.",
        "en": "{count} {count:plural:order|orders} checked: a rule decided {decided}, no rule "
        "matched {undecided}.",
    },
    "panel.rules.try.caption": {
        "pl": "Co reguły postanowiłyby dla każdego zamówienia",
        "en": "What the rules would decide for each order",
    },
    "panel.rules.try.col.order": {"pl": "Zamówienie", "en": "Order"},
    "panel.rules.try.col.customer": {"pl": "Klient", "en": "Customer"},
    "panel.rules.try.col.rule": {"pl": "Reguła", "en": "Rule"},
    "panel.rules.try.col.document": {"pl": "Dokument", "en": "Document"},
    "panel.rules.try.col.actions": {"pl": "Akcje", "en": "Actions"},
    "panel.rules.try.col.why": {"pl": "Wyjaśnienie", "en": "Explanation"},
    "panel.rules.try.rule": {"pl": "{position}. {name}", "en": "{position}. {name}"},
    "panel.rules.try.no_rule": {"pl": "żadna — wymaga uwagi", "en": "none — needs attention"},
    "panel.rules.try.why": {"pl": "Dlaczego?", "en": "Why?"},
    "panel.rules.try.why_label": {
        "pl": "Dlaczego tak dla {number}?",
        "en": "Why so for {number}?",
    },
    "panel.rules.try.held": {"pl": "spełniony", "en": "holds"},
    "panel.rules.try.not_held": {"pl": "niespełniony", "en": "does not hold"},
    "panel.rules.try.unknown": {"pl": "nieznany fakt", "en": "unknown fact"},
    "panel.rules.try.no_conditions": {
        "pl": "reguła bez warunków",
        "en": "a rule without conditions",
    },
    # versions
    "panel.rules.versions.title": {"pl": "Wersje reguł", "en": "Versions of the rules"},
    "panel.rules.versions.intro": {
        "pl": "Każdy zapis reguł to nowa wersja: kto i kiedy ją zapisał. Przywrócenie "
        "starszej wersji zapisuje ją jako nową.",
        "en": "Every save of the rules is a new version: who saved it and when. Restoring an "
        "older version saves it as a new one.",
    },
    "panel.rules.versions.at": {"pl": "Zapisano", "en": "Saved"},
    "panel.rules.versions.actor": {"pl": "Kto", "en": "Who"},
    "panel.rules.versions.rules": {"pl": "Reguły", "en": "Rules"},
    "panel.rules.versions.actions": {"pl": "Działania", "en": "Actions"},
    "panel.rules.versions.more": {"pl": "Pokaż starsze", "en": "Show older"},
    "panel.rules.versions.count": {
        "pl": "{count} {count:plural:reguła|reguły|reguł}",
        "en": "{count} {count:plural:rule|rules}",
    },
    "panel.rules.versions.current": {"pl": "obowiązuje", "en": "in force"},
    "panel.rules.versions.default": {"pl": "Reguły domyślne", "en": "The default rules"},
    "panel.rules.versions.builtin": {
        "pl": "wbudowane w Kolektora",
        "en": "built into Kolektor",
    },
    "panel.rules.versions.of": {
        "pl": "Wersja z {at} ({actor})",
        "en": "Version of {at} ({actor})",
    },
    "panel.rules.versions.restored_from": {
        "pl": "przywrócona wersja z {at}",
        "en": "restored the version of {at}",
    },
    "panel.rules.versions.restored_defaults": {
        "pl": "przywrócone reguły domyślne",
        "en": "restored the default rules",
    },
    "panel.rules.versions.show": {"pl": "Pokaż", "en": "Show"},
    "panel.rules.versions.show_label": {"pl": "Pokaż: {version}", "en": "Show: {version}"},
    "panel.rules.versions.restore": {"pl": "Przywróć", "en": "Restore"},
    "panel.rules.versions.restore_label": {
        "pl": "Przywróć: {version}",
        "en": "Restore: {version}",
    },
    "panel.rules.versions.restore_confirm": {
        "pl": "Przywrócić: {version}? Obecne reguły zostaną zastąpione, a przywrócone "
        "zapiszą się jako nowa wersja.",
        "en": "Restore: {version}? The current rules are replaced, and the restored ones are "
        "saved as a new version.",
    },
    "panel.rules.versions.restore_unsaved": {
        "pl": "Niezapisane zmiany w edytorze przepadną.",
        "en": "The unsaved changes in the editor will be lost.",
    },
    "panel.rules.versions.restored_notice": {
        "pl": "Przywrócono wersję z {at}.",
        "en": "The version of {at} is restored.",
    },
    "panel.rules.versions.restored_default_notice": {
        "pl": "Przywrócono reguły domyślne.",
        "en": "The default rules are restored.",
    },
    "panel.rules.versions.rule_summary": {
        "pl": "{document}, {count} {count:plural:warunek|warunki|warunków}",
        "en": "{document}, {count} {count:plural:condition|conditions}",
    },
    "panel.rules.versions.disabled": {"pl": "wyłączona", "en": "disabled"},
    "panel.rules.versions.only_there": {
        "pl": "Reguły tylko w tej wersji",
        "en": "Rules only in this version",
    },
    "panel.rules.versions.only_here": {
        "pl": "Reguły tylko w edytorze",
        "en": "Rules only in the editor",
    },
}

SAME_TEXT: frozenset[str] = frozenset(
    {
        "panel.rules.try.order",
        "panel.rules.try.rule",
        "panel.rules.schema.carrier.inpost",
    }
)
