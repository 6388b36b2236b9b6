"""Texts of finalization (:mod:`kolektor.finalize`), merged into :data:`kolektor.i18n.MESSAGES`.

* ``writer.*`` — why realizing a ZK in Subiekt failed and what to do (both writers);
* ``plan.skipped.*`` — why the document rules skip a step (stored as the job's reason);
* ``finalize.*`` — step failures stored as a job's error and shown to the office.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kolektor.i18n import Language

CATALOG: dict[str, dict[Language, str]] = {
    # -- kolektor.finalize.writer, .sfera, .simulator ---------------------------------------
    "writer.zk_missing": {
        "pl": "Zamówienia {number} (dok_Id {zk_id}) nie ma już w Subiekcie — ktoś je usunął. "
        "Kolektor nie wystawi do niego dokumentu.",
        "en": "The order {number} (dok_Id {zk_id}) is no longer in Subiekt — someone "
        "deleted it. Kolektor will not issue a document for it.",
    },
    "writer.zk_changed": {
        "pl": "Zamówienie {number} zmieniono w Subiekcie po zaimportowaniu: {details}. "
        "Kolektor go nie nadpisze — sprawdź zamówienie w Subiekcie.",
        "en": "The order {number} was changed in Subiekt after it was imported: {details}. "
        "Kolektor will not overwrite it — check the order in Subiekt.",
    },
    "writer.change.not_zk": {
        "pl": "dokument {zk_id} nie jest już zamówieniem od klienta",
        "en": "document {zk_id} is no longer an order from a customer",
    },
    "writer.change.status": {
        "pl": "ma status {status} ({meaning})",
        "en": "its status is {status} ({meaning})",
    },
    "writer.change.number": {
        "pl": "ma teraz numer {number}",
        "en": "it is now numbered {number}",
    },
    "writer.change.line_added": {
        "pl": "dodano pozycję {name} ({quantity} {unit})",
        "en": "line {name} ({quantity} {unit}) was added",
    },
    "writer.change.line_removed": {
        "pl": "usunięto pozycję (ob_Id {line_id}, było {quantity})",
        "en": "a line was removed (ob_Id {line_id}, was {quantity})",
    },
    "writer.change.quantity": {
        "pl": "zmieniono ilość {name}: {old} → {new} {unit}",
        "en": "the quantity of {name} changed: {old} → {new} {unit}",
    },
    "writer.status.8": {"pl": "zrealizowane bez dokumentu", "en": "realized with no document"},
    "writer.status.other": {"pl": "nie jest otwarte", "en": "not open"},
    "writer.realized_elsewhere": {
        "pl": "Z zamówienia {number} wystawiono już w Subiekcie {documents}; Kolektor nie "
        "wystawi drugiego dokumentu ({kind}) — zdecyduj w Subiekcie, który ma zostać.",
        "en": "{documents} was already issued in Subiekt from the order {number}; Kolektor "
        "will not issue a second document ({kind}) — decide in Subiekt which one stays.",
    },
    "writer.stock_shortage": {
        "pl": "Brak towaru do realizacji {number}: {items}. Przyjmij towar lub zmień "
        "zamówienie i ponów.",
        "en": "Not enough stock to realize {number}: {items}. Receive the goods or change "
        "the order, then retry.",
    },
    "writer.stock_item": {
        "pl": "{symbol} {name} — potrzeba {needed}, dostępne {available} (magazyn {warehouse})",
        "en": "{symbol} {name} — needed {needed}, available {available} (warehouse {warehouse})",
    },
    "writer.locked": {
        "pl": "Zamówienie {number} jest otwarte w Subiekcie przez innego użytkownika "
        "(nie można zablokować obiektu) — Kolektor spróbuje ponownie.",
        "en": "The order {number} is open in Subiekt by another user (the object cannot be "
        "locked) — Kolektor will try again.",
    },
    "writer.permission_realize": {
        "pl": "Operator Subiekta „{operator}” nie ma uprawnienia „Zamówienia od Klientów – "
        "Zrealizuj”. Nadaj je w Subiekcie (Administracja → Użytkownicy i uprawnienia) albo "
        "wskaż innego operatora.",
        "en": "The Subiekt operator “{operator}” lacks the permission “Zamówienia od "
        "Klientów – Zrealizuj” (realize customer orders). Grant it in Subiekt "
        "(Administracja → users and permissions) or configure another operator.",
    },
    "writer.permission": {
        "pl": "Operator Subiekta „{operator}” nie ma uprawnienia do tej operacji "
        "({operation}): {detail}",
        "en": "The Subiekt operator “{operator}” is not allowed to do this ({operation}): {detail}",
    },
    "writer.db_open_failed": {
        "pl": "Sfera nie może otworzyć bazy Subiekta: zły login lub hasło SQL (hasła SQL "
        "zaczynające się cyfrą lub literą a–f bywają odrzucane — zmień hasło). {detail}",
        "en": "Sfera cannot open Subiekt's database: wrong SQL login or password (SQL "
        "passwords starting with a digit or a letter a–f are known to fail — change the "
        "password). {detail}",
    },
    "writer.licence": {
        "pl": "Baza Subiekta otwarta, ale Subiekt nie wystartował: sprawdź operatora i jego "
        "hasło, licencję Sfery na tę firmę i tryb uruchomienia (w tle nie można dołączyć "
        "do działającego Subiekta — użyj trybu „nowy, w tle” = 6). {detail}",
        "en": "Subiekt's database opened but Subiekt did not start: check the operator and "
        "password, the Sfera licence for this company and the start mode (background mode "
        "cannot attach to a running Subiekt — use “new, background” = 6). {detail}",
    },
    "writer.value_too_long": {
        "pl": "Wartość jest za długa dla pola w Subiekcie (np. numer oryginalny ponad 30 "
        "znaków): {detail}",
        "en": "A value is too long for a Subiekt field (e.g. an original number over 30 "
        "characters): {detail}",
    },
    "writer.no_pywin32": {
        "pl": "Sfera wymaga Windows z pakietem pywin32, a tu go nie ma ({detail}). Uruchom "
        "Kolektor na komputerze z Subiektem albo użyj symulatora.",
        "en": "Sfera needs Windows with pywin32, which is not available here ({detail}). Run "
        "Kolektor on the computer with Subiekt, or use the simulator.",
    },
    "writer.timeout": {
        "pl": "Subiekt (Sfera) nie odpowiedział w {seconds:g} s ({operation}); sesję "
        "uruchomiono od nowa. Wynik niepewny — przed ponowieniem Kolektor sprawdzi w "
        "Subiekcie, czy dokument powstał.",
        "en": "Subiekt (Sfera) did not answer within {seconds:g} s ({operation}); the session "
        "was restarted. The outcome is in doubt — will re-check Subiekt before retrying.",
    },
    "writer.not_started": {
        "pl": "Subiekt (Sfera) był zajęty i nie podjął operacji ({operation}) — sesję "
        "uruchomiono od nowa, operację można ponowić.",
        "en": "Subiekt (Sfera) was busy and did not start the operation ({operation}) — the "
        "session was restarted; the operation can be retried.",
    },
    "writer.session_lost": {
        "pl": "Połączenie ze Sferą zostało zerwane ({operation}): {detail}. Sesja zostanie "
        "uruchomiona od nowa.",
        "en": "The connection to Sfera was lost ({operation}): {detail}. The session will be "
        "restarted.",
    },
    "writer.closed": {
        "pl": "Zapis do Subiekta jest zamknięty (Kolektor się zatrzymuje).",
        "en": "The Subiekt writer is closed (Kolektor is stopping).",
    },
    "writer.subiekt_error": {
        "pl": "Subiekt odrzucił operację {operation}: {detail}",
        "en": "Subiekt refused {operation}: {detail}",
    },
    "writer.fiscal_failed": {
        "pl": "Dokument {number} zapisano w Subiekcie, ale nie zarejestrowano go na drukarce "
        "fiskalnej: {detail}. Zarejestruj paragon w Subiekcie.",
        "en": "{number} was saved in Subiekt but not registered on the fiscal printer: "
        "{detail}. Register the receipt from Subiekt.",
    },
    "writer.no_fiscal_printer": {
        "pl": "Paragon ma być fiskalny, a nie wskazano drukarki fiskalnej Subiekta "
        "(uf_Konfiguracja.uko_Id) w ustawieniach Sfery.",
        "en": "The receipt must be fiscal but no Subiekt fiscal printer "
        "(uf_Konfiguracja.uko_Id) is set in the Sfera settings.",
    },
    "writer.nothing_to_issue": {
        "pl": "Zamówienie {number} nie ma pozycji towarowych — nie ma czego wydać na {kind}.",
        "en": "The order {number} has no goods lines — there is nothing to put on a {kind}.",
    },
    "writer.database": {
        "pl": "Nie można odczytać ani zapisać bazy Subiekta: {detail}",
        "en": "Subiekt's database cannot be read or written: {detail}",
    },
    "writer.pdf_missing": {
        "pl": "Subiekt nie utworzył pliku PDF dokumentu {document_id}.",
        "en": "Subiekt did not create the PDF file of document {document_id}.",
    },
    "writer.no_file": {
        "pl": "{path}: nie ma takiego pliku",
        "en": "{path}: no such file",
    },
    # -- kolektor.finalize.steps: failures stored as a job's error --------------------------
    "finalize.render_failed": {
        "pl": "Nie udało się przygotować pliku PDF dokumentu {number}: {error}",
        "en": "The PDF of document {number} could not be made: {error}",
    },
    # -- kolektor.finalize.plan: steps the rules switch off ---------------------------------
    "plan.skipped.label": {
        "pl": "reguła nie tworzy etykiety",
        "en": "the rule creates no label",
    },
    "plan.skipped.print": {
        "pl": "reguła nie drukuje dokumentu",
        "en": "the rule prints nothing",
    },
    "plan.skipped.email": {
        "pl": "reguła nie wysyła e-maila",
        "en": "the rule sends no e-mail",
    },
    "plan.skipped.no_email": {
        "pl": "klient nie ma adresu e-mail",
        "en": "the customer has no e-mail address",
    },
    "plan.skipped.allegro": {
        "pl": "reguła nie dołącza dokumentu do Allegro",
        "en": "the rule does not attach the document to Allegro",
    },
    "plan.skipped.not_allegro": {
        "pl": "to nie jest zamówienie z Allegro",
        "en": "not an Allegro order",
    },
}

SAME_TEXT: frozenset[str] = frozenset()
"""Keys whose text is the same in every language."""
