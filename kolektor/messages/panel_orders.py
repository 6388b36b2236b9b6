"""The office panel's texts: the orders list (panel.orders.*), the order page (panel.order.*),
the reasons the office's hold and send back record (orders.*) and their API's errors
(api.orders.*)."""

from __future__ import annotations

_VERDICTS: dict[str, tuple[str, str]] = {
    "counted": ("policzono", "counted"),
    "line_complete": ("pozycja zebrana", "line complete"),
    "order_complete": ("zamówienie zebrane", "order picked"),
    "order_complete_with_shortages": ("zebrane z brakami", "picked with shortages"),
    "wrong_product": ("towar spoza zamówienia", "item not in the order"),
    "unknown_code": ("nieznany kod", "unknown code"),
    "over_pick": ("za dużo", "too many"),
    "batch_required": ("brak partii", "batch needed"),
    "expiry_required": ("brak terminu ważności", "expiry date needed"),
    "serial_required": ("brak numeru seryjnego", "serial number needed"),
    "duplicate_serial": ("powtórzony numer seryjny", "repeated serial number"),
    "line_closed_short": ("pozycja zamknięta jako brak", "line closed short"),
    "order_finished": ("nic już nie zostało", "nothing left to pick"),
    "duplicate": ("powtórzony skan", "repeated scan"),
    "undone": ("cofnięto", "undone"),
    "nothing_to_undo": ("nie było czego cofnąć", "nothing to undo"),
    "shortage_reported": ("zgłoszono brak", "shortage reported"),
}
"""The pick engine's verdicts (``kolektor._core``), as a word in the scans table."""

_EVENTS: dict[str, tuple[str, str]] = {
    "imported": ("Pobrano z Subiektu", "Imported from Subiekt"),
    "updated_from_subiekt": ("Zaktualizowano z Subiektu", "Updated from Subiekt"),
    "changed_in_subiekt": ("ZK zmieniono w Subiekcie", "ZK changed in Subiekt"),
    "status_changed": ("Zmiana stanu", "Status changed"),
    "taken_over": ("Przejęto kompletację", "Picking taken over"),
    "rule_applied": ("Zastosowano regułę dokumentu", "Document rule applied"),
    "step_done": ("Krok wykonany", "Step done"),
    "step_not_configured": ("Krok nieskonfigurowany", "Step not configured"),
    "not_configured": ("Krok nieskonfigurowany", "Step not configured"),
    "step_failed": ("Krok nieudany", "Step failed"),
    "step_failing": ("Krok wciąż się nie udaje", "Step still failing"),
    "label_reprinted": (
        "Etykietę wydrukowano ponownie na skanerze",
        "Label printed again from a scanner",
    ),
}
"""The order timeline's events (``order_events.event``)."""

_DOCUMENTS: dict[str, tuple[str, str]] = {
    "FS": ("Faktura (FS)", "Invoice (FS)"),
    "PA": ("Paragon (PA)", "Receipt (PA)"),
    "PAi": ("Paragon imienny (PAi)", "Named receipt (PAi)"),
    "WZ": ("Wydanie zewnętrzne (WZ)", "Goods issue note (WZ)"),
}

CATALOG: dict[str, dict[str, str]] = {
    # -- API errors of the list and the office's actions ----------------------------------
    "api.orders.bad_text": {
        "pl": "Parametr {name} zawiera niedozwolone znaki (NUL albo niepoprawny UTF-8).",
        "en": "Parameter {name} holds characters that are not allowed (NUL or invalid UTF-8).",
    },
    "api.orders.bad_number": {
        "pl": "Parametr {name} ma niepoprawną wartość „{value}” — podaj liczbę całkowitą od "
        "{low} do {high}.",
        "en": "Parameter {name} has an invalid value “{value}” — give a whole number from "
        "{low} to {high}.",
    },
    "api.orders.bad_choice": {
        "pl": "Parametr {name} ma niepoprawną wartość „{value}” — dozwolone: {allowed}.",
        "en": "Parameter {name} has an invalid value “{value}” — allowed: {allowed}.",
    },
    "api.orders.bad_date": {
        "pl": "Parametr {name} ma niepoprawną wartość „{value}” — podaj datę w postaci "
        "RRRR-MM-DD, np. 2026-12-07.",
        "en": "Parameter {name} has an invalid value “{value}” — give a date as YYYY-MM-DD, "
        "e.g. 2026-12-07.",
    },
    "api.orders.date_out_of_range": {
        "pl": "Parametr {name} ma wartość „{value}” spoza zakresu — podaj datę od {first} do "
        "{last}.",
        "en": "Parameter {name} has the value “{value}”, out of range — give a date from "
        "{first} to {last}.",
    },
    "api.orders.bad_range": {
        "pl": "Parametr {name} ({value}) jest wcześniejszy niż from ({start}) — koniec okresu "
        "nie może poprzedzać jego początku.",
        "en": "Parameter {name} ({value}) is before from ({start}) — the end of the period "
        "cannot come before its start.",
    },
    "api.orders.unknown_operator": {
        "pl": "Parametr {name}: nie ma operatora o loginie „{value}”.",
        "en": "Parameter {name}: there is no operator with the login “{value}”.",
    },
    "api.orders.bad_query": {
        "pl": "Parametr {name}: wyszukiwanie może mieć najwyżej {chars} znaków i {words} słów.",
        "en": "Parameter {name}: a search may have at most {chars} characters and {words} words.",
    },
    "api.orders.cursor_malformed": {
        "pl": "Parametr {name} nie jest kursorem tej listy — zacznij od pierwszej strony (bez "
        "{name}).",
        "en": "Parameter {name} is not a cursor of this list — start from the first page "
        "(without {name}).",
    },
    "api.orders.cursor_other_search": {
        "pl": "Parametr {name} pochodzi z innego wyszukiwania (inne filtry albo kolejność) — "
        "zacznij od pierwszej strony (bez {name}).",
        "en": "Parameter {name} comes from another search (other filters or order) — start "
        "from the first page (without {name}).",
    },
    "api.orders.bad_reason": {
        "pl": "Pole {field}: powód to tekst, najwyżej {limit} znaków.",
        "en": "The field {field}: the reason is text of at most {limit} characters.",
    },
    "api.orders.cannot_hold": {
        "pl": "Wstrzymać można tylko zamówienie nowe, w kompletacji albo zebrane — to "
        "zamówienie jest teraz w stanie „{status}”.",
        "en": "Only a new order, one being picked or a picked one can be held — this order is "
        "now “{status}”.",
    },
    "api.orders.already_realized": {
        "pl": "To zamówienie zostało już zrealizowane w Subiekcie — ponowne pakowanie nie "
        "zmieni dokumentu. Popraw dokument w Subiekcie albo ponów lub pomiń krok.",
        "en": "This order was already realized in Subiekt — packing it again would not change "
        "the document. Correct the document in Subiekt, or retry or skip the step.",
    },
    "api.orders.cannot_send_back": {
        "pl": "Odesłać do kompletacji można tylko zamówienie w stanie „Problem” albo "
        "„Wymaga uwagi” — to zamówienie jest teraz w stanie „{status}”.",
        "en": "Only an order with a problem or needing attention can be sent back to picking "
        "— this order is now “{status}”.",
    },
    # -- what the office's hold and send back record (in the configured language) ---------
    "orders.held_by": {
        "pl": "Wstrzymane przez biuro ({login}): {note}",
        "en": "Held by the office ({login}): {note}",
    },
    "orders.held_by_plain": {
        "pl": "Wstrzymane przez biuro ({login}).",
        "en": "Held by the office ({login}).",
    },
    "orders.sent_back_by": {
        "pl": "Odesłane do kompletacji przez biuro ({login}): {note}",
        "en": "Sent back to picking by the office ({login}): {note}",
    },
    "orders.sent_back_by_plain": {
        "pl": "Odesłane do kompletacji przez biuro ({login}).",
        "en": "Sent back to picking by the office ({login}).",
    },
    # -- the orders list (/panel/orders) ----------------------------------------------------
    "panel.orders.filters": {"pl": "Filtry i wyszukiwanie", "en": "Filters and search"},
    "panel.orders.status": {"pl": "Stan", "en": "State"},
    "panel.orders.status_count": {"pl": "{label} ({count})", "en": "{label} ({count})"},
    "panel.orders.from": {"pl": "Wystawione od", "en": "Issued from"},
    "panel.orders.to": {"pl": "Wystawione do", "en": "Issued until"},
    "panel.orders.operator": {"pl": "Kompletujący", "en": "Picker"},
    "panel.orders.operator_any": {"pl": "wszyscy", "en": "anyone"},
    "panel.orders.operator_inactive": {
        "pl": "{name} ({login}, nieaktywny)",
        "en": "{name} ({login}, inactive)",
    },
    "panel.orders.operator_option": {"pl": "{name} ({login})", "en": "{name} ({login})"},
    "panel.orders.document": {"pl": "Dokument", "en": "Document"},
    "panel.orders.document_any": {"pl": "dowolny", "en": "any"},
    "panel.orders.source": {"pl": "Źródło", "en": "Source"},
    "panel.orders.source_any": {"pl": "wszystkie", "en": "all"},
    "panel.orders.source.allegro": {"pl": "Allegro", "en": "Allegro"},
    "panel.orders.source.shop": {"pl": "sklep i inne", "en": "shop and other"},
    "panel.orders.sort": {"pl": "Kolejność", "en": "Order"},
    "panel.orders.sort.newest": {"pl": "najnowsze najpierw", "en": "newest first"},
    "panel.orders.sort.urgent": {"pl": "najpilniejsze najpierw", "en": "most urgent first"},
    "panel.orders.q": {"pl": "Szukaj", "en": "Search"},
    "panel.orders.q_hint": {
        "pl": "Numer ZK, numer zamówienia w sklepie lub na Allegro, klient, NIP albo e-mail; "
        "wielkość liter i polskie znaki nie mają znaczenia.",
        "en": "ZK number, shop or Allegro order number, customer, NIP or e-mail; letter case "
        "and Polish letters do not matter.",
    },
    "panel.orders.apply": {"pl": "Pokaż", "en": "Show"},
    "panel.orders.clear": {"pl": "Wyczyść filtry", "en": "Clear filters"},
    "panel.orders.caption": {
        "pl": "Zamówienia pasujące do filtrów",
        "en": "Orders matching the filters",
    },
    "panel.orders.col.number": {"pl": "Numer", "en": "Number"},
    "panel.orders.col.customer": {"pl": "Klient", "en": "Customer"},
    "panel.orders.col.status": {"pl": "Stan", "en": "State"},
    "panel.orders.col.steps": {"pl": "Kroki po spakowaniu", "en": "Steps after packing"},
    "panel.orders.col.issued": {"pl": "Wystawione", "en": "Issued"},
    "panel.orders.col.value": {"pl": "Wartość", "en": "Value"},
    "panel.orders.col.operator": {"pl": "Kompletuje", "en": "Picker"},
    "panel.orders.shown": {
        "pl": "Pokazano {n} {n:plural:zamówienie|zamówienia|zamówień}.",
        "en": "{n} {n:plural:order|orders} shown.",
    },
    "panel.orders.shown_more": {
        "pl": "Pokazano {n} {n:plural:zamówienie|zamówienia|zamówień} — są kolejne.",
        "en": "{n} {n:plural:order|orders} shown — there are more.",
    },
    "panel.orders.none": {
        "pl": "Żadne zamówienie nie pasuje do filtrów.",
        "en": "No order matches the filters.",
    },
    "panel.orders.steps_progress": {
        "pl": "{done} z {total} gotowe",
        "en": "{done} of {total} finished",
    },
    "panel.orders.step_state": {"pl": "{step}: {state}", "en": "{step}: {state}"},
    "panel.orders.allegro": {"pl": "Allegro", "en": "Allegro"},
    "panel.orders.loading_more": {"pl": "Wczytywanie kolejnych…", "en": "Loading more…"},
    # -- the order page (/panel/orders/<id>) -----------------------------------------------
    "panel.order.title": {"pl": "Zamówienie {number}", "en": "Order {number}"},
    "panel.order.back": {"pl": "Wszystkie zamówienia", "en": "All orders"},
    "panel.order.not_found": {
        "pl": "Nie ma takiego zamówienia.",
        "en": "There is no such order.",
    },
    "panel.order.customer": {"pl": "Klient", "en": "Customer"},
    "panel.order.nip": {"pl": "NIP", "en": "NIP (tax id)"},
    "panel.order.email": {"pl": "E-mail", "en": "E-mail"},
    "panel.order.phone": {"pl": "Telefon", "en": "Phone"},
    "panel.order.value": {"pl": "Wartość brutto", "en": "Gross value"},
    "panel.order.issued": {"pl": "Wystawione", "en": "Issued"},
    "panel.order.due": {"pl": "Termin", "en": "Due"},
    "panel.order.original_number": {"pl": "Numer w sklepie", "en": "Shop number"},
    "panel.order.external_id": {"pl": "Numer zamówienia Allegro", "en": "Allegro order id"},
    "panel.order.status": {"pl": "Stan", "en": "State"},
    "panel.order.reason": {"pl": "Powód", "en": "Reason"},
    "panel.order.since": {"pl": "od {at}", "en": "since {at}"},
    "panel.order.claimed": {"pl": "Kompletuje", "en": "Picker"},
    "panel.order.delivery": {"pl": "Dostawa", "en": "Delivery"},
    "panel.order.changed_in_subiekt": {
        "pl": "ZK zmieniono w Subiekcie ({at}) po rozpoczęciu kompletacji — zmiany nie "
        "zostały przeniesione do zamówienia.",
        "en": "The ZK was changed in Subiekt ({at}) after picking started — the changes were "
        "not carried into the order.",
    },
    "panel.order.remarks": {"pl": "Uwagi", "en": "Remarks"},
    "panel.order.remarks_ext": {"pl": "Uwagi dodatkowe", "en": "Further remarks"},
    "panel.order.actions": {"pl": "Działania", "en": "Actions"},
    "panel.order.action.retry": {"pl": "Ponów krok", "en": "Retry the step"},
    "panel.order.action.skip": {"pl": "Pomiń krok", "en": "Skip the step"},
    "panel.order.action.send_back": {"pl": "Odeślij do kompletacji", "en": "Send back to picking"},
    "panel.order.action.hold": {"pl": "Wstrzymaj", "en": "Hold"},
    "panel.order.action.none": {
        "pl": "W tym stanie zamówienia biuro nie ma tu nic do zrobienia.",
        "en": "In this state the office has nothing to do here.",
    },
    "panel.order.confirm.retry": {
        "pl": "Ponowić nieudany krok zamówienia {number}?",
        "en": "Retry the failed step of order {number}?",
    },
    "panel.order.confirm.skip": {
        "pl": "Pominąć nieudany krok zamówienia {number}? Zamówienie przejdzie dalej bez niego.",
        "en": "Skip the failed step of order {number}? The order goes on without it.",
    },
    "panel.order.dialog.hold": {
        "pl": "Wstrzymać zamówienie {number}?",
        "en": "Hold order {number}?",
    },
    "panel.order.dialog.hold_text": {
        "pl": "Zamówienie przejdzie do stanu „Problem”. Skaner, który je teraz kompletuje, "
        "nie przyjmie kolejnego skanu.",
        "en": "The order moves to “Problem”. A scanner picking it now will not accept its "
        "next scan.",
    },
    "panel.order.dialog.send_back": {
        "pl": "Odesłać zamówienie {number} do kompletacji?",
        "en": "Send order {number} back to picking?",
    },
    "panel.order.dialog.send_back_text": {
        "pl": "Zamówienie wróci do kolejki jako nowe, dla dowolnego kompletującego. To, co "
        "już zebrano, zostaje policzone.",
        "en": "The order goes back to the queue as new, for any picker. What was already "
        "picked stays counted.",
    },
    "panel.order.dialog.reason": {
        "pl": "Powód (nieobowiązkowy, widoczny w panelu)",
        "en": "Reason (optional, shown in the panel)",
    },
    "panel.order.dialog.reason_hint": {
        "pl": "Najwyżej {limit} znaków.",
        "en": "At most {limit} characters.",
    },
    "panel.order.done.retry": {"pl": "Ponowiono krok: {step}.", "en": "Retrying: {step}."},
    "panel.order.done.skip": {"pl": "Pominięto krok: {step}.", "en": "Skipped: {step}."},
    "panel.order.done.hold": {
        "pl": "Wstrzymano zamówienie {number}.",
        "en": "Order {number} is held.",
    },
    "panel.order.done.send_back": {
        "pl": "Odesłano zamówienie {number} do kompletacji.",
        "en": "Order {number} was sent back to picking.",
    },
    "panel.order.lines": {"pl": "Pozycje", "en": "Lines"},
    "panel.order.col.position": {"pl": "Lp.", "en": "No."},
    "panel.order.col.symbol": {"pl": "Symbol", "en": "Symbol"},
    "panel.order.col.name": {"pl": "Nazwa", "en": "Name"},
    "panel.order.col.ordered": {"pl": "Zamówiono", "en": "Ordered"},
    "panel.order.col.picked": {"pl": "Zebrano", "en": "Picked"},
    "panel.order.col.unit": {"pl": "J.m.", "en": "Unit"},
    "panel.order.col.pickers": {"pl": "Kto zebrał", "en": "Picked by"},
    "panel.order.in_base": {
        "pl": "= {quantity} w jednostce podstawowej",
        "en": "= {quantity} in the base unit",
    },
    "panel.order.picker": {"pl": "{login}: {quantity}", "en": "{login}: {quantity}"},
    "panel.order.picker_typed": {
        "pl": "{login}: {quantity} (wpisano ręcznie {typed}×)",
        "en": "{login}: {quantity} (typed {typed}×)",
    },
    "panel.order.scans": {"pl": "Skany", "en": "Scans"},
    "panel.order.col.time": {"pl": "Czas", "en": "Time"},
    "panel.order.col.device": {"pl": "Urządzenie", "en": "Device"},
    "panel.order.col.operator": {"pl": "Operator", "en": "Operator"},
    "panel.order.col.code": {"pl": "Kod", "en": "Code"},
    "panel.order.col.verdict": {"pl": "Wynik", "en": "Verdict"},
    "panel.order.col.quantity": {"pl": "Ilość", "en": "Quantity"},
    "panel.order.typed": {"pl": "wpisano ręcznie", "en": "typed by hand"},
    "panel.order.authorized_by": {"pl": "zatwierdził {login}", "en": "approved by {login}"},
    "panel.order.scans_none": {"pl": "Nie było jeszcze skanów.", "en": "No scans yet."},
    "panel.order.packages": {"pl": "Paczki", "en": "Parcels"},
    "panel.order.col.number": {"pl": "Nr", "en": "No."},
    "panel.order.col.weight": {"pl": "Waga (kg)", "en": "Weight (kg)"},
    "panel.order.col.size": {"pl": "Wymiary (cm)", "en": "Size (cm)"},
    "panel.order.col.template": {"pl": "Gabaryt", "en": "Locker size"},
    "panel.order.col.packed_by": {"pl": "Spakował", "en": "Packed by"},
    "panel.order.col.packed_at": {"pl": "Kiedy", "en": "When"},
    "panel.order.superseded_packing": {
        "pl": "z wcześniejszego pakowania",
        "en": "from an earlier packing",
    },
    "panel.order.packages_none": {"pl": "Jeszcze nie spakowano.", "en": "Not packed yet."},
    "panel.order.jobs": {"pl": "Kroki po spakowaniu", "en": "Steps after packing"},
    "panel.order.col.step": {"pl": "Krok", "en": "Step"},
    "panel.order.col.job_status": {"pl": "Stan", "en": "State"},
    "panel.order.col.attempts": {"pl": "Nieudane próby", "en": "Failed attempts"},
    "panel.order.col.started": {"pl": "Ostatnio rozpoczęto", "en": "Last started"},
    "panel.order.col.duration": {"pl": "Czas trwania", "en": "Duration"},
    "panel.order.col.error": {"pl": "Błąd", "en": "Error"},
    "panel.order.col.result": {"pl": "Wynik i kto", "en": "Result and who"},
    "panel.order.job_retried": {
        "pl": "ponowił(a) {actor}, {at}",
        "en": "retried by {actor}, {at}",
    },
    "panel.order.job_skipped": {
        "pl": "pominął(ęła) {actor}, {at}",
        "en": "skipped by {actor}, {at}",
    },
    "panel.order.jobs_none": {
        "pl": "Kroki zaczną się po spakowaniu.",
        "en": "The steps start once the order is packed.",
    },
    "panel.order.documents": {"pl": "Dokumenty", "en": "Documents"},
    "panel.order.col.kind": {"pl": "Rodzaj", "en": "Kind"},
    "panel.order.col.document_number": {"pl": "Numer", "en": "Number"},
    "panel.order.col.file": {"pl": "Plik", "en": "File"},
    "panel.order.col.created": {"pl": "Utworzono", "en": "Created"},
    "panel.order.open_pdf": {
        "pl": "Otwórz {file} (PDF, nowa karta)",
        "en": "Open {file} (PDF, new tab)",
    },
    "panel.order.documents_none": {
        "pl": "Dokumentu jeszcze nie ma.",
        "en": "There is no document yet.",
    },
    "panel.order.timeline": {"pl": "Historia zamówienia", "en": "Order history"},
    "panel.order.col.at": {"pl": "Kiedy", "en": "When"},
    "panel.order.col.event": {"pl": "Zdarzenie", "en": "Event"},
    "panel.order.col.change": {"pl": "Zmiana stanu", "en": "State change"},
    "panel.order.col.reason": {"pl": "Powód", "en": "Reason"},
    "panel.order.col.actor": {"pl": "Kto", "en": "Who"},
    "panel.order.status_change": {"pl": "{from} → {to}", "en": "{from} → {to}"},
    "panel.order.event_step": {"pl": "{event}: {step}", "en": "{event}: {step}"},
    "panel.order.actor.intake": {"pl": "pobieranie z Subiektu", "en": "Subiekt intake"},
    "panel.order.actor.worker": {"pl": "obsługa kroków ({name})", "en": "step worker ({name})"},
    "panel.order.audit": {"pl": "Działania biura", "en": "Office actions"},
    "panel.order.col.action": {"pl": "Działanie", "en": "Action"},
    "panel.order.col.details": {"pl": "Szczegóły", "en": "Details"},
    "panel.order.audit.order.held": {"pl": "Wstrzymano", "en": "Held"},
    "panel.order.audit.order.sent_back": {
        "pl": "Odesłano do kompletacji",
        "en": "Sent back to picking",
    },
    "panel.order.audit.order.retried": {"pl": "Ponowiono krok", "en": "Step retried"},
    "panel.order.audit.order.skipped": {"pl": "Pominięto krok", "en": "Step skipped"},
    "panel.order.audit_none": {
        "pl": "Nikt jeszcze nie działał na tym zamówieniu ręcznie.",
        "en": "Nobody has acted on this order by hand yet.",
    },
    "panel.order.section_failed": {
        "pl": "Nie udało się wczytać: {message}",
        "en": "Could not load: {message}",
    },
    **{f"panel.order.verdict.{kind}": {"pl": pl, "en": en} for kind, (pl, en) in _VERDICTS.items()},
    **{f"panel.order.event.{name}": {"pl": pl, "en": en} for name, (pl, en) in _EVENTS.items()},
    **{
        f"panel.{page}.document.{kind}": {"pl": pl, "en": en}
        for page in ("orders", "order")
        for kind, (pl, en) in _DOCUMENTS.items()
    },
}

SAME_TEXT: frozenset[str] = frozenset(
    {
        "panel.orders.status_count",
        "panel.orders.operator_option",
        "panel.orders.source.allegro",
        "panel.orders.step_state",
        "panel.orders.allegro",
        "panel.order.email",
        "panel.order.picker",
        "panel.order.col.symbol",
        "panel.order.col.operator",
        "panel.order.status_change",
        "panel.order.event_step",
    }
)
