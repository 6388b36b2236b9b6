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
        "pl": "Sfera nie może otworzyć bazy Subiekta (0x80041329) loginem SQL „{login}” — to "
        "błąd ustawień, Kolektor nie będzie ponawiał. Popraw w kolektor.toml [sfera] "
        "sql_user i sql_password (login, którym Subiekt otwiera swoją bazę, np. sa; puste "
        "sql_user = uwierzytelnianie Windows konta usługi). Hasło zaczynające się cyfrą lub "
        "literą a–f Sfera odrzuca: zmień je na zaczynające się literą g–z albo ustaw "
        "encrypt_passwords = true. Potem uruchom usługę Kolektora ponownie. {detail}",
        "en": "Sfera cannot open Subiekt's database (0x80041329) with the SQL login "
        "“{login}” — a configuration error, Kolektor will not retry. Fix [sfera] sql_user "
        "and sql_password in kolektor.toml (the login Subiekt opens its database with, e.g. "
        "sa; an empty sql_user = Windows authentication of the service's account). Sfera "
        "refuses a password starting with a digit or a letter a–f: change it to start with "
        "a letter g–z, or set encrypt_passwords = true. Then restart Kolektor's service. "
        "{detail}",
    },
    "writer.start_retry": {
        "pl": "Subiekt nie wystartował (0x8004132B, próba {attempt} z {limit}); poprzednia "
        "instancja Subiekta w tle mogła się jeszcze nie zamknąć — Kolektor spróbuje "
        "ponownie. {detail}",
        "en": "Subiekt did not start (0x8004132B, attempt {attempt} of {limit}); an earlier "
        "background Subiekt instance may still be closing — Kolektor will try again. "
        "{detail}",
    },
    "writer.restart_needed": {
        "pl": "Sesja Sfery nie działa mimo {attempts} uruchomień od nowa ({detail}). Potrzebny "
        "restart: zatrzymaj usługę Kolektora (worker), zakończ w Menedżerze zadań procesy "
        "Subiekt, które zostały w tle, i uruchom usługę ponownie.",
        "en": "The Sfera session does not work after {attempts} restarts ({detail}). A "
        "restart is needed: stop Kolektor's worker service, end the Subiekt processes left in "
        "the background (Task Manager), and start the service again.",
    },
    "writer.locked_own": {
        "pl": "Zamówienie {number} blokuje jeszcze poprzednia, przerwana po przekroczeniu "
        "czasu operacja Kolektora (nie inny użytkownik) — Kolektor poczeka, aż się zakończy, "
        "i spróbuje ponownie. Jeśli to trwa, uruchom ponownie usługę Kolektora.",
        "en": "The order {number} is still locked by Kolektor's own earlier operation, given "
        "up after a timeout (not another user) — Kolektor will wait for it to end and try "
        "again. If this lasts, restart Kolektor's service.",
    },
    "writer.not_registered": {
        "pl": "Nie można utworzyć obiektu Sfery InsERT.GT w {bits}-bitowym Pythonie: Sfera nie "
        "jest zainstalowana albo bitowość się nie zgadza (Subiekt GT jest 32-bitowy — "
        "Kolektor musi działać w 32-bitowym Pythonie z pywin32). {detail}",
        "en": "The Sfera object InsERT.GT cannot be created in {bits}-bit Python: Sfera is not "
        "installed or the bitness differs (Subiekt GT is 32-bit — Kolektor must run in 32-bit "
        "Python with pywin32). {detail}",
    },
    "writer.ksef_rejected": {
        "pl": "Subiekt nie zapisał dokumentu do {number} z powodu KSeF (e-Faktura): {detail}. "
        "Sprawdź dane nabywcy (NIP, adres) i ustawienia KSeF w Subiekcie.",
        "en": "Subiekt did not save the document for {number} because of KSeF (e-invoice): "
        "{detail}. Check the buyer's data (NIP, address) and the KSeF settings in Subiekt.",
    },
    "writer.dialog": {
        "pl": "Subiekt czeka na odpowiedź w oknie „{text}” i do tego czasu nie przyjmie "
        "żadnej operacji Sfery. {hint}",
        "en": "Subiekt is waiting for an answer in the window “{text}” and accepts no Sfera "
        "operation until then. {hint}",
    },
    "writer.dialog.ksef_unsent": {
        "pl": "To pytanie o niewysłane dokumenty KSeF: wyślij zaległe faktury do KSeF w "
        "Subiekcie albo ustaw [sfera] dismiss_dialogs = true (Kolektor odpowie „Nie”).",
        "en": "It asks about documents not sent to KSeF: send the pending invoices to KSeF "
        "in Subiekt, or set [sfera] dismiss_dialogs = true (Kolektor answers “Nie”).",
    },
    "writer.dialog.trial": {
        "pl": "To informacja o wersji próbnej Subiekta: wprowadź licencję albo ustaw [sfera] "
        "dismiss_dialogs = true (Kolektor naciśnie „OK”).",
        "en": "It is Subiekt's trial-version notice: enter the licence, or set [sfera] "
        "dismiss_dialogs = true (Kolektor presses “OK”).",
    },
    "writer.dialog.unknown": {
        "pl": "Odpowiedz na nie na komputerze z Subiektem (albo zakończ proces Subiekt w tle) "
        "i opisz je w zgłoszeniu — Kolektor nie zna tego okna.",
        "en": "Answer it on the computer with Subiekt (or end the background Subiekt process) "
        "and report it — Kolektor does not know this window.",
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
    "writer.gave_up": {
        "pl": "Subiekt (Sfera) czeka na odpowiedź w okienku na ekranie komputera z Subiektem "
        "({operation}); przestano czekać po {seconds:g} s, sesję uruchomiono od nowa. Wynik "
        "niepewny — przed ponowieniem Kolektor sprawdzi w Subiekcie, czy dokument powstał.",
        "en": "Subiekt (Sfera) is waiting for an answer in a window on the Subiekt computer's "
        "screen ({operation}); stopped waiting after {seconds:g} s and restarted the session. "
        "The outcome is uncertain — before a retry Kolektor checks in Subiekt whether the "
        "document was made.",
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
    "writer.position_mismatch": {
        "pl": "Realizację zamówienia {number} przerwano, nic nie zapisano: pozycja {position} "
        "dokumentu to „{found}”, a według zamówienia powinien tam być towar ważony "
        "„{expected}”. Kolejność pozycji w Subiekcie nie zgadza się z zamówieniem — sprawdź "
        "zamówienie w Subiekcie.",
        "en": "The realization of {number} was stopped, nothing was saved: position {position} "
        "of the document is “{found}”, but by the order it should be the weighed product "
        "“{expected}”. Subiekt's order of positions does not match the order — check the "
        "order in Subiekt.",
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
    # -- kolektor.finalize.fence: the exactly-once fence after a timeout --------------------
    "writer.in_doubt_same": {
        "pl": "Poprzednia próba realizacji {number} może jeszcze zapisywać dokument w Subiekcie "
        "({operation}, od {seconds} s) — czekam na nią; potem Kolektor sprawdzi w Subiekcie, "
        "czy dokument powstał, zanim spróbuje ponownie.",
        "en": "The previous attempt to realize {number} may still be saving the document in "
        "Subiekt ({operation}, for {seconds} s) — waiting for it; Kolektor will then check "
        "Subiekt for the document before trying again.",
    },
    "writer.in_doubt_other": {
        "pl": "Subiekt może jeszcze kończyć przerwaną wcześniej operację ({operation}, od "
        "{seconds} s) — czekam na nią, zanim zapiszę kolejny dokument.",
        "en": "Subiekt may still be finishing an operation given up earlier ({operation}, for "
        "{seconds} s) — waiting for it before saving another document.",
    },
    "writer.answer_lost": {
        "pl": "Połączenie z Subiektem zerwało się w trakcie zapisu ({operation}); wynik "
        "niepewny — przed ponowieniem Kolektor sprawdzi w Subiekcie, czy dokument powstał.",
        "en": "The connection to Subiekt dropped while saving ({operation}); the outcome is in "
        "doubt — will re-check Subiekt before retrying.",
    },
    "steps.in_doubt_elsewhere": {
        "pl": "Poprzednia próba realizacji (proces {owner}, od {since}) może jeszcze zapisywać "
        "dokument w Subiekcie — czekam do {until} albo do jej końca, potem sprawdzę Subiekt.",
        "en": "The previous realization attempt (process {owner}, since {since}) may still be "
        "saving the document in Subiekt — waiting until {until} or until it ends, then "
        "checking Subiekt.",
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
    "plan.skipped.label_not_allegro": {
        "pl": "reguła wybiera Wysyłam z Allegro, a zamówienie nie pochodzi z Allegro "
        "(brak numeru zamówienia Allegro w ZK)",
        "en": "the rule chooses Allegro shipping, but the order is not from Allegro "
        "(no Allegro order id in the ZK)",
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
