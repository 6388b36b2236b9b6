"""Texts of the scanner web app (``web/scanner``), merged into :data:`kolektor.i18n.MESSAGES`.

Every key is ``web.`` + the key the app's ``t()`` / ``tn()`` uses (``web/scanner/i18n.js``).
The server serves them per language as ``/static/scanner/i18n/<language>.json``
(:func:`kolektor.i18n.web_catalog`), where the prefix is dropped.  Placeholders are
``{name}`` only (the app fills them; no ``{{`` escapes).  A counted text has one key per
plural form (``.one``, ``.few``, ``.many``, ``.other``); English uses only ``.one`` and
``.other``, so its ``.few`` and ``.many`` repeat ``.other`` and are not served.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kolektor.i18n import Language

CATALOG: dict[str, dict[Language, str]] = {
    "web.common.cancel": {"pl": "Anuluj", "en": "Cancel"},
    "web.common.close": {"pl": "Zamknij", "en": "Close"},
    "web.common.loading": {"pl": "Wczytywanie…", "en": "Loading…"},
    "web.common.needs_connection": {
        "pl": "Brak połączenia z serwerem — spróbuj ponownie za chwilę.",
        "en": "No connection to the server — try again in a moment.",
    },
    "web.common.ok": {"pl": "OK", "en": "OK"},
    "web.common.scan_in_dialog": {
        "pl": "Skan nie został policzony — najpierw zamknij okno na ekranie, potem zeskanuj "
        "ponownie.",
        "en": "The scan was not counted — close the window on the screen first, then scan again.",
    },
    "web.common.scan_ignored": {
        "pl": "Na tym ekranie skan nic nie robi.",
        "en": "A scan does nothing on this screen.",
    },
    "web.status.online": {"pl": "Połączono", "en": "Online"},
    "web.status.connecting": {"pl": "Łączenie…", "en": "Connecting…"},
    "web.status.logging_in": {"pl": "Logowanie…", "en": "Logging in…"},
    "web.status.offline": {"pl": "Brak sieci", "en": "Offline"},
    "web.status.offline_retry": {"pl": "Brak sieci · {s} s", "en": "Offline · {s} s"},
    "web.pending.one": {"pl": "{n} oczekuje", "en": "{n} pending"},
    "web.pending.few": {"pl": "{n} oczekują", "en": "{n} pending"},
    "web.pending.many": {"pl": "{n} oczekuje", "en": "{n} pending"},
    "web.pending.other": {"pl": "{n} oczekuje", "en": "{n} pending"},
    "web.nav.queue": {"pl": "Kolejka", "en": "Queue"},
    "web.nav.pack": {"pl": "Pakowanie", "en": "Packing"},
    "web.nav.overview": {"pl": "Nadzór", "en": "Overview"},
    "web.nav.menu": {"pl": "Menu", "en": "Menu"},
    "web.nav.settings": {"pl": "Ustawienia", "en": "Settings"},
    "web.nav.back": {"pl": "Wstecz", "en": "Back"},
    "web.login.scan_badge": {"pl": "Zeskanuj swój identyfikator", "en": "Scan your badge"},
    "web.login.scan_badge_hint": {
        "pl": "Skieruj czytnik na kod na karcie pracownika, potem wpisz PIN.",
        "en": "Point the scanner at the code on your staff card, then type your PIN.",
    },
    "web.login.logging_in": {"pl": "Logowanie…", "en": "Logging in…"},
    "web.login.with_pin": {"pl": "Zaloguj PIN-em", "en": "Log in with PIN"},
    "web.login.login": {"pl": "Login", "en": "Login"},
    "web.login.submit": {"pl": "Zaloguj", "en": "Log in"},
    "web.login.need_login": {"pl": "Wpisz login.", "en": "Type your login."},
    "web.login.need_pin": {"pl": "Wpisz PIN.", "en": "Type your PIN."},
    "web.login.badge_pin_title": {
        "pl": "Zeskanowano identyfikator — wpisz PIN",
        "en": "Badge scanned — enter your PIN",
    },
    "web.login.badge_pin_hint": {
        "pl": "Identyfikator {badge}. Inny identyfikator? Po prostu go zeskanuj.",
        "en": "Badge {badge}. Another badge? Just scan it.",
    },
    "web.login.retry_in": {"pl": "Czekaj {time}", "en": "Wait {time}"},
    "web.login.wait": {
        "pl": "Następna próba logowania za {time}.",
        "en": "Next login attempt in {time}.",
    },
    "web.login.logged_out": {
        "pl": "Wylogowano — zaloguj się ponownie.",
        "en": "Logged out — log in again.",
    },
    "web.login.pending.one": {
        "pl": "{n} skan czeka na urządzeniu — zostanie wysłany, gdy zaloguje się operator, który "
        "go zrobił.",
        "en": "{n} scan is waiting on the device — it is sent when the operator who made it logs "
        "in.",
    },
    "web.login.pending.few": {
        "pl": "{n} skany czekają na urządzeniu — zostaną wysłane, gdy zaloguje się operator, "
        "który je zrobił.",
        "en": "{n} scans are waiting on the device — they are sent when the operator who made "
        "them logs in.",
    },
    "web.login.pending.many": {
        "pl": "{n} skanów czeka na urządzeniu — zostaną wysłane, gdy zaloguje się operator, "
        "który je zrobił.",
        "en": "{n} scans are waiting on the device — they are sent when the operator who made "
        "them logs in.",
    },
    "web.login.pending.other": {
        "pl": "{n} skanu czeka na urządzeniu — zostaną wysłane, gdy zaloguje się operator, który "
        "je zrobił.",
        "en": "{n} scans are waiting on the device — they are sent when the operator who made "
        "them logs in.",
    },
    "web.duration.seconds": {"pl": "{s} s", "en": "{s} s"},
    "web.duration.minutes": {"pl": "{m}:{s} min", "en": "{m}:{s} min"},
    "web.queue.title": {"pl": "Kolejka zamówień", "en": "Order queue"},
    "web.queue.refresh": {"pl": "Odśwież", "en": "Refresh"},
    "web.queue.scan_hint": {
        "pl": "Zeskanuj numer ZK albo stuknij „Biorę”.",
        "en": "Scan the ZK number or tap “Take”.",
    },
    "web.queue.mine": {"pl": "Moje zamówienia", "en": "My orders"},
    "web.queue.open": {"pl": "Do wzięcia", "en": "Available"},
    "web.queue.empty": {"pl": "Brak zamówień do zebrania.", "en": "Nothing to pick."},
    "web.queue.waiting": {
        "pl": "Czekam na połączenie z serwerem…",
        "en": "Waiting for the server…",
    },
    "web.queue.claim": {"pl": "Biorę", "en": "Take"},
    "web.queue.continue": {"pl": "Zbieraj", "en": "Pick"},
    "web.queue.take_over": {"pl": "Przejmij", "en": "Take over"},
    "web.queue.due": {"pl": "do {time}", "en": "by {time}"},
    "web.queue.urgency.urgent": {"pl": "pilne", "en": "urgent"},
    "web.queue.urgency.overdue": {"pl": "po terminie", "en": "overdue"},
    "web.queue.urgency.today": {"pl": "na dziś", "en": "due today"},
    "web.queue.urgency.tomorrow": {"pl": "na jutro", "en": "due tomorrow"},
    "web.queue.orders.one": {"pl": "{n} zamówienie", "en": "{n} order"},
    "web.queue.orders.few": {"pl": "{n} zamówienia", "en": "{n} orders"},
    "web.queue.orders.many": {"pl": "{n} zamówień", "en": "{n} orders"},
    "web.queue.orders.other": {"pl": "{n} zamówienia", "en": "{n} orders"},
    "web.queue.not_found": {
        "pl": "Nie ma w kolejce zamówienia {code}.",
        "en": "Order {code} is not in the queue.",
    },
    "web.lines.one": {"pl": "{n} pozycja", "en": "{n} line"},
    "web.lines.few": {"pl": "{n} pozycje", "en": "{n} lines"},
    "web.lines.many": {"pl": "{n} pozycji", "en": "{n} lines"},
    "web.lines.other": {"pl": "{n} pozycji", "en": "{n} lines"},
    "web.order_status.new": {"pl": "nowe", "en": "new"},
    "web.order_status.picking": {"pl": "w zbieraniu", "en": "picking"},
    "web.order_status.picked": {"pl": "zebrane", "en": "picked"},
    "web.order_status.packed": {"pl": "spakowane", "en": "packed"},
    "web.order_status.label": {"pl": "etykieta", "en": "label"},
    "web.order_status.realize": {"pl": "realizacja", "en": "realizing"},
    "web.order_status.document": {"pl": "dokument", "en": "document"},
    "web.order_status.print": {"pl": "wydruk", "en": "printing"},
    "web.order_status.email": {"pl": "e-mail", "en": "e-mail"},
    "web.order_status.allegro": {"pl": "Allegro", "en": "Allegro"},
    "web.order_status.done": {"pl": "zakończone", "en": "done"},
    "web.order_status.problem": {"pl": "problem", "en": "problem"},
    "web.order_status.attention": {"pl": "wymaga uwagi", "en": "needs attention"},
    "web.order_status.gone": {"pl": "usunięte", "en": "gone"},
    "web.pick.scan_next": {
        "pl": "Zeskanuj towar z podświetlonej pozycji.",
        "en": "Scan the item of the highlighted line.",
    },
    "web.pick.pending_banner": {
        "pl": "Zapisano na urządzeniu: {code} — czeka na połączenie.",
        "en": "Saved on the device: {code} — waiting for the connection.",
    },
    "web.pick.pending_manual": {"pl": "ilość {q} (wpisana ręcznie)", "en": "quantity {q} (typed)"},
    "web.pick.no_location": {"pl": "—", "en": "—"},
    "web.pick.flag_batch": {"pl": "partia", "en": "batch"},
    "web.pick.flag_expiry": {"pl": "termin", "en": "expiry"},
    "web.pick.flag_serial": {"pl": "nr seryjny", "en": "serial no."},
    "web.pick.short": {"pl": "BRAK", "en": "SHORT"},
    "web.pick.not_picked": {"pl": "nie zbierane", "en": "not picked"},
    "web.pick.keypad": {"pl": "Wpisz kod", "en": "Type code"},
    "web.pick.quantity": {"pl": "Ilość", "en": "Quantity"},
    "web.pick.undo": {"pl": "Cofnij", "en": "Undo"},
    "web.pick.shortage": {"pl": "Brak", "en": "Shortage"},
    "web.pick.complete_title": {"pl": "Zamówienie zebrane!", "en": "Order picked!"},
    "web.pick.complete_text": {
        "pl": "Wszystkie pozycje się zgadzają. Możesz je teraz spakować.",
        "en": "Every line matches. You can pack it now.",
    },
    "web.pick.complete_text_picker": {
        "pl": "Wszystkie pozycje się zgadzają. Odnieś zamówienie na stanowisko pakowania.",
        "en": "All lines match. Take the order to the packing station.",
    },
    "web.pick.pack_now": {"pl": "Pakuj", "en": "Pack"},
    "web.pick.problem_title": {
        "pl": "Zamówienie przekazane do biura",
        "en": "Order handed to the office",
    },
    "web.pick.problem_text": {
        "pl": "Zgłoszono brak — biuro zdecyduje, co dalej. Nie zbieraj dalej tego zamówienia.",
        "en": "A shortage was reported — the office decides what happens next. Stop picking this "
        "order.",
    },
    "web.pick.taken_over": {
        "pl": "Zamówienie {number} przejął inny operator.",
        "en": "Another operator took over order {number}.",
    },
    "web.pending_scans.one": {
        "pl": "{n} skan czeka na wysłanie",
        "en": "{n} scan waiting to be sent",
    },
    "web.pending_scans.few": {
        "pl": "{n} skany czekają na wysłanie",
        "en": "{n} scans waiting to be sent",
    },
    "web.pending_scans.many": {
        "pl": "{n} skanów czeka na wysłanie",
        "en": "{n} scans waiting to be sent",
    },
    "web.pending_scans.other": {
        "pl": "{n} skanu czeka na wysłanie",
        "en": "{n} scans waiting to be sent",
    },
    "web.verdict.counted": {"pl": "Policzono.", "en": "Counted."},
    "web.verdict.line_complete": {"pl": "Pozycja zebrana.", "en": "Line complete."},
    "web.verdict.order_complete": {"pl": "Zamówienie zebrane!", "en": "Order picked!"},
    "web.verdict.wrong_product": {
        "pl": "Ten towar nie należy do zamówienia.",
        "en": "This item is not in the order.",
    },
    "web.verdict.over_pick": {
        "pl": "Za dużo — ta pozycja jest już zebrana w całości.",
        "en": "Too many — this line is already complete.",
    },
    "web.verdict.unknown_code": {"pl": "Nieznany kod.", "en": "Unknown code."},
    "web.verdict.batch_required": {"pl": "Podaj partię.", "en": "Enter the batch."},
    "web.verdict.expiry_required": {"pl": "Podaj termin ważności.", "en": "Enter the expiry date."},
    "web.verdict.serial_required": {"pl": "Podaj numer seryjny.", "en": "Enter the serial number."},
    "web.verdict.duplicate_serial": {
        "pl": "Ten numer seryjny już zeskanowano.",
        "en": "This serial number was already scanned.",
    },
    "web.verdict.duplicate": {
        "pl": "Ten skan był już policzony.",
        "en": "This scan was already counted.",
    },
    "web.verdict.undone": {"pl": "Cofnięto ostatni skan.", "en": "Last scan undone."},
    "web.verdict.refused": {"pl": "Skan odrzucony.", "en": "Scan refused."},
    "web.verdict.error": {"pl": "Skan odrzucony.", "en": "Scan refused."},
    "web.verdict.order_complete_with_shortages": {
        "pl": "Zebrano wszystko, co było — z brakami.",
        "en": "Everything available is picked — with shortages.",
    },
    "web.verdict.line_closed_short": {
        "pl": "Ta pozycja jest zamknięta jako brak.",
        "en": "This line is closed short.",
    },
    "web.verdict.order_finished": {
        "pl": "Nic już nie zostało do zebrania.",
        "en": "Nothing is left to pick.",
    },
    "web.verdict.nothing_to_undo": {"pl": "Nie ma czego cofnąć.", "en": "Nothing to undo."},
    "web.verdict.shortage_reported": {"pl": "Zgłoszono brak.", "en": "Shortage reported."},
    "web.overlay.wrong_product": {"pl": "Zły towar!", "en": "Wrong item!"},
    "web.overlay.over_pick": {"pl": "Za dużo!", "en": "Too many!"},
    "web.overlay.unknown_code": {"pl": "Nieznany kod!", "en": "Unknown code!"},
    "web.overlay.not_yours": {"pl": "Zamówienie przejęte", "en": "Order taken over"},
    "web.overlay.refused": {"pl": "Skan nie przyjęty", "en": "Scan not accepted"},
    "web.overlay.error": {"pl": "Błąd", "en": "Error"},
    "web.overlay.code": {"pl": "Kod: {code}", "en": "Code: {code}"},
    "web.overlay.more": {"pl": "Jeszcze {n} do potwierdzenia.", "en": "{n} more to acknowledge."},
    "web.overlay.scanning_blocked": {
        "pl": "Skanowanie wstrzymane do potwierdzenia. Odłóż towar na miejsce.",
        "en": "Scanning is paused until you acknowledge. Put the item back.",
    },
    "web.overlay.ack": {"pl": "OK — rozumiem", "en": "OK — got it"},
    "web.keypad.code_title": {"pl": "Wpisz kod towaru", "en": "Type the item code"},
    "web.keypad.code_hint": {
        "pl": "Cyfry spod kodu kreskowego.",
        "en": "The digits under the barcode.",
    },
    "web.keypad.send": {"pl": "Wyślij", "en": "Send"},
    "web.manual.title": {"pl": "Wpisz ilość", "en": "Type a quantity"},
    "web.manual.hint": {
        "pl": "{name}: zebrano {picked} z {ordered} {unit} — ile dodać?",
        "en": "{name}: {picked} of {ordered} {unit} picked — how many to add?",
    },
    "web.manual.base_units": {
        "pl": "Wpisz w jednostkach podstawowych (1 {unit} = {factor}).",
        "en": "Type base units (1 {unit} = {factor}).",
    },
    "web.manual.add": {"pl": "Dodaj", "en": "Add"},
    "web.manual.bad_quantity": {
        "pl": "Podaj ilość większą od zera.",
        "en": "Enter a quantity above zero.",
    },
    "web.prompt.batch": {"pl": "Partia", "en": "Batch"},
    "web.prompt.batch_hint": {
        "pl": "{name}: zeskanuj lub wpisz numer partii.",
        "en": "{name}: scan or type the batch number.",
    },
    "web.prompt.expiry": {"pl": "Termin ważności", "en": "Expiry date"},
    "web.prompt.expiry_hint": {
        "pl": "{name}: wpisz datę jako RRRRMMDD (np. 20271231).",
        "en": "{name}: type the date as YYYYMMDD (e.g. 20271231).",
    },
    "web.prompt.serial": {"pl": "Numer seryjny", "en": "Serial number"},
    "web.prompt.serial_hint": {
        "pl": "{name}: zeskanuj lub wpisz numer seryjny.",
        "en": "{name}: scan or type the serial number.",
    },
    "web.prompt.confirm": {"pl": "Zatwierdź", "en": "Confirm"},
    "web.prompt.empty": {"pl": "Nic nie wpisano.", "en": "Nothing typed."},
    "web.prompt.bad_date": {"pl": "To nie jest poprawna data.", "en": "That is not a valid date."},
    "web.prompt.too_long": {"pl": "Najwyżej 20 znaków.", "en": "At most 20 characters."},
    "web.undo.pending_removed": {
        "pl": "Usunięto oczekujący skan {code}.",
        "en": "Removed the pending scan {code}.",
    },
    "web.shortage.title": {"pl": "Zgłoś brak", "en": "Report a shortage"},
    "web.shortage.hint": {
        "pl": "Wybierz przyczynę albo ją opisz. Zamówienie trafi do biura (status „problem”).",
        "en": "Choose a reason or describe it. The order goes to the office (status “problem”).",
    },
    "web.shortage.reason.missing": {"pl": "Brak towaru na półce", "en": "Not on the shelf"},
    "web.shortage.reason.not_enough": {"pl": "Za mało sztuk", "en": "Not enough units"},
    "web.shortage.reason.damaged": {"pl": "Towar uszkodzony", "en": "Damaged"},
    "web.shortage.reason.wrong_location": {
        "pl": "Towar w innym miejscu / nie można znaleźć",
        "en": "Elsewhere / cannot find it",
    },
    "web.shortage.reason.expired": {"pl": "Przeterminowany", "en": "Expired"},
    "web.shortage.other_placeholder": {
        "pl": "Inna przyczyna lub uwagi…",
        "en": "Other reason or remarks…",
    },
    "web.shortage.need_reason": {
        "pl": "Wybierz albo wpisz przyczynę.",
        "en": "Choose or type a reason.",
    },
    "web.shortage.confirm": {"pl": "Zgłoś brak", "en": "Report shortage"},
    "web.shortage.sent": {
        "pl": "Brak zgłoszony — {number} przekazane do biura.",
        "en": "Shortage reported — {number} handed to the office.",
    },
    "web.menu.back_to_queue": {"pl": "Wróć do kolejki", "en": "Back to the queue"},
    "web.menu.refresh_order": {"pl": "Odśwież zamówienie", "en": "Refresh the order"},
    "web.menu.release": {"pl": "Oddaj zamówienie", "en": "Give the order back"},
    "web.menu.reconnect": {"pl": "Połącz ponownie", "en": "Reconnect"},
    "web.menu.logout": {"pl": "Wyloguj", "en": "Log out"},
    "web.release.text": {
        "pl": "Zamówienie {number} wróci do kolejki, a zebrane ilości zostaną zapisane na "
        "serwerze.",
        "en": "Order {number} goes back to the queue; the quantities picked stay on the server.",
    },
    "web.release.done": {"pl": "Oddano {number}.", "en": "Gave back {number}."},
    "web.takeover.text": {
        "pl": "Zamówienie {number} zbiera teraz {name}. Przejąć je? Zebrane ilości zostają.",
        "en": "{name} is picking {number} now. Take it over? What was picked stays picked.",
    },
    "web.logout.pending.one": {
        "pl": "{n} skan czeka na wysłanie. Zostanie wysłany po ponownym zalogowaniu tego "
        "operatora.",
        "en": "{n} scan is waiting to be sent. It will be sent when this operator logs in again.",
    },
    "web.logout.pending.few": {
        "pl": "{n} skany czekają na wysłanie. Zostaną wysłane po ponownym zalogowaniu tego "
        "operatora.",
        "en": "{n} scans are waiting to be sent. They will be sent when this operator logs in "
        "again.",
    },
    "web.logout.pending.many": {
        "pl": "{n} skanów czeka na wysłanie. Zostaną wysłane po ponownym zalogowaniu tego "
        "operatora.",
        "en": "{n} scans are waiting to be sent. They will be sent when this operator logs in "
        "again.",
    },
    "web.logout.pending.other": {
        "pl": "{n} skanu czeka na wysłanie. Zostaną wysłane po ponownym zalogowaniu tego "
        "operatora.",
        "en": "{n} scans are waiting to be sent. They will be sent when this operator logs in "
        "again.",
    },
    "web.pack.station_title": {"pl": "Stanowisko pakowania", "en": "Packing station"},
    "web.pack.scan_order": {
        "pl": "Zeskanuj numer zamówienia (ZK)",
        "en": "Scan the order number (ZK)",
    },
    "web.pack.scan_order_hint": {
        "pl": "Otworzy się zebrane zamówienie do spakowania.",
        "en": "The picked order opens for packing.",
    },
    "web.pack.type_number": {"pl": "Wpisz numer", "en": "Type the number"},
    "web.pack.type_number_hint": {
        "pl": "Numer ZK, np. ZK 18/2026, albo numer zamówienia.",
        "en": "A ZK number such as ZK 18/2026, or the order number.",
    },
    "web.pack.open": {"pl": "Pakuj", "en": "Pack"},
    "web.pack.ready_here": {"pl": "Zebrane na tym urządzeniu", "en": "Picked on this device"},
    "web.pack.title": {"pl": "Pakowanie", "en": "Packing"},
    "web.pack.carrier": {
        "pl": "Przewoźnik: {carrier} — {service}",
        "en": "Carrier: {carrier} — {service}",
    },
    "web.pack.template": {"pl": "gabaryt {template}", "en": "size {template}"},
    "web.pack.no_label": {
        "pl": "Bez etykiety przewoźnika (według reguł)",
        "en": "No carrier label (by the rules)",
    },
    "web.pack.label_printer": {
        "pl": "Etykieta wydrukuje się na „{printer}” (stanowisko {station})",
        "en": "The label prints on “{printer}” (station {station})",
    },
    "web.pack.station_no_printer": {
        "pl": "Stanowisko {station} nie ma drukarki etykiet — etykieta trafi do biura.",
        "en": "Station {station} has no label printer — the label goes to the office.",
    },
    "web.pack.no_station": {
        "pl": "To urządzenie nie ma stanowiska pakowania — etykieta trafi do biura. Wybierz "
        "stanowisko w Ustawieniach.",
        "en": "This device has no packing station — the label goes to the office. Choose the "
        "station in the settings.",
    },
    "web.pack.packages": {"pl": "Paczki", "en": "Packages"},
    "web.pack.package_n": {"pl": "Paczka {n}", "en": "Package {n}"},
    "web.pack.weight": {"pl": "Waga", "en": "Weight"},
    "web.pack.weight_enter": {"pl": "wpisz wagę", "en": "enter weight"},
    "web.pack.weight_title": {"pl": "Waga paczki {n} (kg)", "en": "Weight of package {n} (kg)"},
    "web.pack.size": {
        "pl": "Gabaryt InPost (A/B/C) albo wymiary",
        "en": "InPost size (A/B/C) or dimensions",
    },
    "web.pack.dimensions": {"pl": "Wymiary", "en": "Dimensions"},
    "web.pack.length": {"pl": "dł.", "en": "L"},
    "web.pack.width": {"pl": "szer.", "en": "W"},
    "web.pack.height": {"pl": "wys.", "en": "H"},
    "web.pack.length_title": {"pl": "Długość paczki {n} (cm)", "en": "Length of package {n} (cm)"},
    "web.pack.width_title": {"pl": "Szerokość paczki {n} (cm)", "en": "Width of package {n} (cm)"},
    "web.pack.height_title": {"pl": "Wysokość paczki {n} (cm)", "en": "Height of package {n} (cm)"},
    "web.pack.bad_weight": {
        "pl": "Podaj wagę od 0,001 do 1000 kg.",
        "en": "Enter a weight from 0.001 to 1000 kg.",
    },
    "web.pack.bad_size": {
        "pl": "Podaj wymiar od 0,1 do 500 cm.",
        "en": "Enter a size from 0.1 to 500 cm.",
    },
    "web.pack.need_weight": {
        "pl": "Wpisz wagę każdej paczki.",
        "en": "Enter the weight of every package.",
    },
    "web.pack.confirm": {"pl": "Zatwierdź pakowanie", "en": "Confirm packing"},
    "web.pack.sending": {"pl": "Wysyłanie…", "en": "Sending…"},
    "web.pack.finish_first": {
        "pl": "Najpierw zatwierdź albo zamknij bieżące pakowanie.",
        "en": "Confirm or close the current packing first.",
    },
    "web.packed.title": {"pl": "{number} spakowane", "en": "{number} packed"},
    "web.packed.packages.one": {"pl": "{n} paczka", "en": "{n} package"},
    "web.packed.packages.few": {"pl": "{n} paczki", "en": "{n} packages"},
    "web.packed.packages.many": {"pl": "{n} paczek", "en": "{n} packages"},
    "web.packed.packages.other": {"pl": "{n} paczki", "en": "{n} packages"},
    "web.packed.next_pack": {"pl": "Następne zamówienie", "en": "Next order"},
    # what the picker and the packer must know: remarks, the packing note, the document the
    # rules chose, the delivery, why packing cannot be confirmed yet, errors with context
    "web.sound.unlock": {
        "pl": "Dotknij ekranu, aby włączyć dźwięk i wibracje",
        "en": "Touch the screen to turn on sound and vibration",
    },
    "web.remarks.title": {"pl": "Uwagi klienta", "en": "Customer's remarks"},
    "web.pack.note_title": {"pl": "Notatka dla pakującego", "en": "Note for the packer"},
    "web.pack.document": {"pl": "Dokument: {document}", "en": "Document: {document}"},
    "web.pack.printed": {"pl": "drukowany przy stanowisku", "en": "printed at the station"},
    "web.pack.not_printed": {"pl": "bez wydruku", "en": "not printed"},
    "web.pack.rule": {"pl": "reguła „{rule}”", "en": "rule “{rule}”"},
    "web.pack.document_unknown": {
        "pl": "Dokument: jeszcze nieustalony",
        "en": "Document: not known yet",
    },
    "web.pack.delivery": {"pl": "Dostawa: {delivery}", "en": "Delivery: {delivery}"},
    "web.pack.delivery_unknown": {
        "pl": "Dostawa: sposób dostawy nieznany",
        "en": "Delivery: delivery method unknown",
    },
    "web.document.FS": {"pl": "faktura (FS)", "en": "invoice (FS)"},
    "web.document.PA": {"pl": "paragon (PA)", "en": "receipt (PA)"},
    "web.document.PAi": {"pl": "paragon imienny (PAi)", "en": "named receipt (PAi)"},
    "web.document.WZ": {"pl": "WZ (wydanie zewnętrzne)", "en": "WZ (goods issue note)"},
    "web.pack.why.weight_one": {"pl": "Podaj wagę paczki.", "en": "Enter the parcel's weight."},
    "web.pack.why.weight_n": {
        "pl": "Podaj wagę paczki {n}.",
        "en": "Enter the weight of parcel {n}.",
    },
    "web.pack.why.sending": {
        "pl": "Wysłano — czekam na odpowiedź serwera.",
        "en": "Sent — waiting for the server's answer.",
    },
    "web.pack.why.offline": {
        "pl": "Brak połączenia z serwerem — zatwierdzisz, gdy wróci sieć.",
        "en": "No connection to the server — confirm when the network is back.",
    },
    "web.pack.why.refused": {
        "pl": "Nie spakowano — zamówienie przekazano do biura.",
        "en": "Not packed — the order was passed to the office.",
    },
    "web.pack.why.status": {
        "pl": "Zamówienie jest w stanie „{status}” — spakować można tylko zebrane.",
        "en": "The order is “{status}” — only a picked order can be packed.",
    },
    "web.overlay.scanned": {"pl": "Zeskanowano: {product}", "en": "Scanned: {product}"},
    "web.overlay.expected": {
        "pl": "Zamówienie czeka jeszcze na:",
        "en": "The order still needs:",
    },
    "web.overlay.expected_line": {
        "pl": "{product} — jeszcze {remaining} {unit}",
        "en": "{product} — {remaining} {unit} more",
    },
    "web.overlay.pack": {
        "pl": "Kod opakowania: {multiplier} {unit} naraz",
        "en": "A pack's code: {multiplier} {unit} at once",
    },
    "web.overlay.when": {
        "pl": "Skan z godz. {time} · zamówienie {number}",
        "en": "Scan at {time} · order {number}",
    },
    "web.pick.within_tolerance": {
        "pl": "{picked} z {ordered} {unit} — w tolerancji",
        "en": "{picked} of {ordered} {unit} — within tolerance",
    },
    "web.pick.tolerance": {
        "pl": "dopuszczalne {min}–{max} {unit}",
        "en": "accepted {min}–{max} {unit}",
    },
    "web.manual.supervisor_needed": {
        "pl": "Ręcznie wpisana ilość wymaga zgody kierownika.",
        "en": "A typed quantity needs a supervisor's approval.",
    },
    "web.manual.auth_title": {"pl": "Zgoda kierownika", "en": "Supervisor's approval"},
    "web.manual.auth_hint": {
        "pl": "{quantity} do pozycji {name}. Kierownik skanuje swój identyfikator, potem wpisuje "
        "PIN.",
        "en": "{quantity} for {name}. The supervisor scans their badge, then types the PIN.",
    },
    "web.manual.auth_badge": {
        "pl": "Identyfikator kierownika: {badge}",
        "en": "Supervisor's badge: {badge}",
    },
    "web.manual.auth_need_badge": {
        "pl": "Najpierw kierownik skanuje swój identyfikator.",
        "en": "The supervisor scans their badge first.",
    },
    "web.manual.auth_sending": {"pl": "Sprawdzanie…", "en": "Checking…"},
    "web.error.manual_not_allowed": {
        "pl": "Nie możesz wpisywać ilości ręcznie — potrzebna zgoda kierownika.",
        "en": "You may not type quantities — a supervisor must approve.",
    },
    "web.error.authorization_failed": {
        "pl": "Zgoda nieprzyjęta: nieznany identyfikator, zły PIN albo to nie kierownik.",
        "en": "Approval refused: unknown badge, wrong PIN, or not a supervisor.",
    },
    # stock warnings (claim, packing) and what happens after packing
    "web.stock.title": {"pl": "Za mało w magazynie", "en": "Not enough in stock"},
    "web.stock.text": {
        "pl": "Według Subiekta magazyn nie pokrywa tych pozycji. Zbierz, co jest; resztę "
        "zgłoś przyciskiem „Brak”.",
        "en": "According to Subiekt the warehouse does not cover these lines. Pick what is "
        "there and report the rest with “Shortage”.",
    },
    "web.stock.line": {
        "pl": "{product}: potrzeba {needed}, dostępne {available}",
        "en": "{product}: needed {needed}, available {available}",
    },
    "web.stock.line_tag": {"pl": "brak w Subiekcie", "en": "short in Subiekt"},
    "web.stock.unchecked": {
        "pl": "Nie sprawdzono stanów — Subiekt nie odpowiada. Zbieraj normalnie.",
        "en": "Stock was not checked — Subiekt is not answering. Pick as usual.",
    },
    "web.stock.dismiss": {"pl": "Rozumiem", "en": "Got it"},
    "web.stock.pack_refused_title": {
        "pl": "Nie spakowano — za mało w magazynie",
        "en": "Not packed — not enough in stock",
    },
    "web.stock.pack_refused_text": {
        "pl": "Zamówienie przekazano do biura. Odłóż je na bok, nie pakuj.",
        "en": "The order was passed to the office. Put it aside, do not pack it.",
    },
    "web.error.stock_short": {
        "pl": "Za mało w magazynie — zamówienie przekazano do biura.",
        "en": "Not enough in stock — the order was passed to the office.",
    },
    "web.packed.next_steps": {"pl": "Co dalej", "en": "What happens next"},
    "web.packed.step.label": {"pl": "Etykieta", "en": "Label"},
    "web.packed.step.realize": {"pl": "Dokument w Subiekcie", "en": "Document in Subiekt"},
    "web.packed.step.document": {"pl": "PDF dokumentu", "en": "Document PDF"},
    "web.packed.step.print": {"pl": "Wydruk dokumentu", "en": "Printing the document"},
    "web.packed.step.email": {"pl": "E-mail do klienta", "en": "E-mail to the customer"},
    "web.packed.step.allegro": {"pl": "Dokument w Allegro", "en": "Document on Allegro"},
    "web.packed.state.queued": {"pl": "zrobi się automatycznie", "en": "done automatically"},
    "web.packed.state.done": {"pl": "gotowe", "en": "done"},
    "web.packed.state.skipped": {"pl": "pominięte według reguł", "en": "skipped by the rules"},
    "web.packed.state.not_configured": {
        "pl": "nie skonfigurowano — biuro zrobi to ręcznie",
        "en": "not configured — the office does it by hand",
    },
    "web.packed.state.failed": {
        "pl": "błąd — biuro to sprawdzi",
        "en": "failed — the office will look into it",
    },
    # the label after packing (the `label` message): its state, tracking numbers, reprint
    "web.label.state.checking": {"pl": "Sprawdzam etykietę…", "en": "Checking the label…"},
    "web.label.state.printed": {"pl": "Etykieta wydrukowana", "en": "Label printed"},
    "web.label.count": {"pl": "{printed} z {total}", "en": "{printed} of {total}"},
    "web.label.state.waiting": {"pl": "Etykieta w przygotowaniu", "en": "Label on its way"},
    "web.label.state.failed": {
        "pl": "Etykieta nie została wydrukowana",
        "en": "The label was not printed",
    },
    "web.label.state.ready": {
        "pl": "Etykieta gotowa, ale niewydrukowana",
        "en": "Label ready but not printed",
    },
    "web.label.state.not_configured": {
        "pl": "Etykieta nie powstanie automatycznie",
        "en": "The label will not be made automatically",
    },
    "web.label.state.skipped": {"pl": "Bez etykiety", "en": "No label"},
    "web.label.retrying": {
        "pl": "Kolektor spróbuje ponownie sam — albo usuń problem i naciśnij „Drukuj ponownie”.",
        "en": "Kolektor will try again by itself — or fix the problem and press “Print again”.",
    },
    "web.label.office": {
        "pl": "Kolektor już nie ponowi — biuro zajmie się etykietą.",
        "en": "Kolektor will not try again — the office will see to the label.",
    },
    "web.label.tracking.one": {"pl": "Numer przesyłki", "en": "Tracking number"},
    "web.label.tracking.few": {"pl": "Numery przesyłek", "en": "Tracking numbers"},
    "web.label.tracking.many": {"pl": "Numery przesyłek", "en": "Tracking numbers"},
    "web.label.tracking.other": {"pl": "Numery przesyłek", "en": "Tracking numbers"},
    "web.label.printer": {"pl": "Drukarka: {printer}", "en": "Printer: {printer}"},
    "web.label.reprint": {"pl": "Drukuj ponownie", "en": "Print again"},
    "web.label.reprinting": {"pl": "Drukuję…", "en": "Printing…"},
    "web.label.reprinted": {"pl": "Wydrukowano ponownie.", "en": "Printed again."},
    "web.overview.title": {"pl": "Kto co zbiera", "en": "Who is picking what"},
    "web.overview.loading": {"pl": "Wczytywanie…", "en": "Loading…"},
    "web.overview.nobody": {"pl": "Nikt teraz nie zbiera.", "en": "Nobody is picking right now."},
    "web.overview.idle": {"pl": "Bez zamówień.", "en": "No orders."},
    "web.settings.title": {"pl": "Ustawienia stanowiska", "en": "Station settings"},
    "web.settings.station": {"pl": "Stanowisko", "en": "Station"},
    "web.settings.station_choice": {"pl": "Stanowisko pakowania", "en": "Packing station"},
    "web.settings.station_none": {"pl": "(bez stanowiska)", "en": "(no station)"},
    "web.settings.station_option": {"pl": "{name} — {printer}", "en": "{name} — {printer}"},
    "web.settings.station_option_no_printer": {
        "pl": "{name} — bez drukarki etykiet",
        "en": "{name} — no label printer",
    },
    "web.settings.station_hint": {
        "pl": "Etykiety zamówień pakowanych na tym urządzeniu drukują się na drukarce "
        "stanowiska. Serwer pamięta stanowisko tego urządzenia.",
        "en": "The labels of orders packed on this device print on the station's printer. "
        "The server keeps this device's station.",
    },
    "web.settings.station_current": {
        "pl": "Stanowisko tego urządzenia: {station}",
        "en": "This device's station: {station}",
    },
    "web.settings.station_unset": {
        "pl": "To urządzenie nie ma stanowiska pakowania.",
        "en": "This device has no packing station.",
    },
    "web.settings.station_login": {
        "pl": "Stanowisko wybiera pakujący lub kierownik po zalogowaniu.",
        "en": "A packer or a supervisor chooses the station after logging in.",
    },
    "web.settings.station_loading": {"pl": "Wczytywanie stanowisk…", "en": "Loading stations…"},
    "web.settings.no_stations": {
        "pl": "Biuro nie dodało jeszcze stanowisk pakowania.",
        "en": "The office has not added any packing stations yet.",
    },
    "web.settings.packing_station": {
        "pl": "Stanowisko pakowania (po zalogowaniu otwiera pakowanie)",
        "en": "Packing station (opens packing after login)",
    },
    "web.settings.scanner": {"pl": "Czytnik", "en": "Scanner"},
    "web.settings.prefix": {"pl": "Prefiks do usunięcia", "en": "Prefix to strip"},
    "web.settings.prefix_hint": {
        "pl": "Znaki, które czytnik dodaje przed kodem (np. *). Puste = brak.",
        "en": "Characters the scanner adds before the code (e.g. *). Empty = none.",
    },
    "web.settings.suffix": {"pl": "Zakończenie skanu", "en": "End of scan"},
    "web.settings.suffix_enter": {"pl": "Enter (zalecane)", "en": "Enter (recommended)"},
    "web.settings.suffix_tab": {"pl": "Tab", "en": "Tab"},
    "web.settings.suffix_custom": {"pl": "Własny znak", "en": "Custom character"},
    "web.settings.custom_suffix": {"pl": "Własne zakończenie", "en": "Custom suffix"},
    "web.settings.custom_suffix_hint": {
        "pl": "Używane, gdy wybrano „Własny znak”.",
        "en": "Used when “Custom character” is chosen.",
    },
    "web.settings.double_scan": {
        "pl": "Blokada podwójnego skanu (ms)",
        "en": "Double-scan window (ms)",
    },
    "web.settings.double_scan_hint": {
        "pl": "Ten sam kod w tym czasie liczy się raz. Zalecane 100 ms.",
        "en": "The same code within this time counts once. 100 ms recommended.",
    },
    "web.settings.blanking": {"pl": "Przerwa po skanie (ms)", "en": "Blanking after a scan (ms)"},
    "web.settings.blanking_hint": {
        "pl": "Znaki zaraz po skanie są pomijane (kilka kodów jednym strzałem). Zalecane 60 ms.",
        "en": "Characters right after a scan are dropped (several codes in one pull). 60 ms "
        "recommended.",
    },
    "web.settings.scan_test": {
        "pl": "Test czytnika — zeskanuj dowolny kod:",
        "en": "Scanner test — scan any code:",
    },
    "web.settings.scan_test_hint": {"pl": "(czekam na skan)", "en": "(waiting for a scan)"},
    "web.settings.device": {"pl": "Urządzenie", "en": "Device"},
    "web.settings.language": {"pl": "Język", "en": "Language"},
    "web.settings.sound": {"pl": "Dźwięki", "en": "Sounds"},
    "web.settings.vibration": {"pl": "Wibracje", "en": "Vibration"},
    "web.settings.test_good": {"pl": "▶ Dźwięk OK", "en": "▶ OK sound"},
    "web.settings.test_bad": {"pl": "▶ Dźwięk błędu", "en": "▶ Error sound"},
    "web.settings.device_id": {"pl": "Identyfikator urządzenia: {id}", "en": "Device id: {id}"},
    "web.settings.server": {"pl": "Serwer: {url}", "en": "Server: {url}"},
    "web.settings.cancel": {"pl": "Anuluj", "en": "Cancel"},
    "web.settings.save": {"pl": "Zapisz", "en": "Save"},
    "web.settings.saved": {"pl": "Zapisano ustawienia.", "en": "Settings saved."},
    "web.error.bad_message": {
        "pl": "Serwer nie zrozumiał wiadomości.",
        "en": "The server did not understand the message.",
    },
    "web.error.too_large": {"pl": "Wiadomość za duża.", "en": "Message too large."},
    "web.error.unsupported_version": {
        "pl": "Nieobsługiwana wersja protokołu — odśwież stronę.",
        "en": "Unsupported protocol version — reload the page.",
    },
    "web.error.unknown_type": {
        "pl": "Serwer nie zna tej operacji.",
        "en": "The server does not know this operation.",
    },
    "web.error.login_required": {"pl": "Wymagane logowanie.", "en": "Please log in."},
    "web.error.login_failed": {"pl": "Nie udało się zalogować.", "en": "Could not log in."},
    "web.error.pin_required": {"pl": "Wpisz PIN.", "en": "Type your PIN."},
    "web.error.login_throttled": {
        "pl": "Za dużo nieudanych prób logowania — poczekaj chwilę.",
        "en": "Too many failed logins — wait a moment.",
    },
    "web.error.account_locked": {
        "pl": "Konto zablokowane — poproś kierownika o odblokowanie.",
        "en": "The account is locked — ask a supervisor to unlock it.",
    },
    "web.error.busy": {
        "pl": "Serwer jest teraz zajęty — spróbuj za chwilę.",
        "en": "The server is busy right now — try again in a moment.",
    },
    "web.error.session_expired": {
        "pl": "Sesja wygasła — zaloguj się ponownie.",
        "en": "The session has ended — log in again.",
    },
    "web.error.forbidden": {"pl": "Brak uprawnień.", "en": "Not allowed."},
    "web.error.not_found": {"pl": "Nie znaleziono.", "en": "Not found."},
    "web.error.not_yours": {
        "pl": "To zamówienie ma inny operator.",
        "en": "Another operator holds this order.",
    },
    "web.error.wrong_status": {
        "pl": "Zamówienie jest w innym stanie.",
        "en": "The order is in another state.",
    },
    "web.error.internal": {
        "pl": "Błąd serwera — nic nie zmieniono. Spróbuj ponownie.",
        "en": "Server error — nothing was changed. Try again.",
    },
    "web.error.offline": {
        "pl": "Brak połączenia z serwerem.",
        "en": "No connection to the server.",
    },
    "web.error.disconnected": {
        "pl": "Połączenie przerwane — spróbuj ponownie.",
        "en": "Connection lost — try again.",
    },
    "web.error.timeout": {
        "pl": "Serwer nie odpowiada — spróbuj ponownie.",
        "en": "The server does not answer — try again.",
    },
}

SAME_TEXT: frozenset[str] = frozenset(
    {
        "web.common.ok",
        "web.nav.menu",
        "web.login.login",
        "web.duration.seconds",
        "web.duration.minutes",
        "web.order_status.email",
        "web.order_status.allegro",
        "web.order_status.problem",
        "web.pick.no_location",
        "web.settings.suffix_tab",
        "web.settings.station_option",
    }
)
"""Keys whose text is the same in every language (names, units, "OK")."""
