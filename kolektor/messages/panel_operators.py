"""The office panel's operators page (``panel.operators.*``) and audit log (``panel.audit.*``),
the printed badges (``badge.*``) and the errors of their routes (``api.*``)."""

from __future__ import annotations

CATALOG: dict[str, dict[str, str]] = {
    # -- printed badges (kolektor/badges.py) --------------------------------------------------
    "badge.card_heading": {"pl": "Kolektor · identyfikator", "en": "Kolektor · badge"},
    "badge.too_long": {
        "pl": "Kod identyfikatora ({length} {length:plural:znak|znaki|znaków}) jest za długi "
        "na {where} — kod kreskowy by się nie zmieścił albo miałby kreski za cienkie do "
        "odczytu. Wygeneruj nowy identyfikator (krótszy kod).",
        "en": "The badge code ({length} {length:plural:character|characters}) is too long for "
        "{where} — the barcode would not fit or its bars would be too thin to scan. Issue a "
        "new badge (a shorter code).",
    },
    "badge.where.label": {"pl": "etykietę 50 × 30 mm", "en": "a 50 × 30 mm label"},
    "badge.where.sheet": {"pl": "kartę 85,6 × 54 mm", "en": "an 85.6 × 54 mm card"},
    "badge.file_name": {"pl": "identyfikatory", "en": "badges"},
    # -- errors of /api/operators, /api/badges, /api/audit ------------------------------------
    "api.badge_twice": {
        "pl": "Podaj kod identyfikatora albo zaznacz „wygeneruj” — nie jedno i drugie.",
        "en": "Give a badge code or ask for a generated one — not both.",
    },
    "api.bad_badges": {
        "pl": "Pole badges musi być listą od 1 do {max} identyfikatorów do wydruku.",
        "en": "The field badges must be a list of 1 to {max} badges to print.",
    },
    "api.badge_mismatch": {
        "pl": "Identyfikator nr {position} nie zostanie wydrukowany: to nie jest obecny "
        "identyfikator operatora nr {operator_id} (wydano mu już nowy albo nie ma takiego "
        "operatora), więc nie logowałby nikogo.",
        "en": "Badge no. {position} will not be printed: it is not the current badge of "
        "operator no. {operator_id} (a new one was issued or there is no such operator), so "
        "it would not log anyone in.",
    },
    "api.operator_inactive": {
        "pl": "Identyfikator nr {position} nie zostanie wydrukowany: operator {login} jest "
        "nieaktywny i nie może się zalogować.",
        "en": "Badge no. {position} will not be printed: operator {login} is inactive and "
        "cannot log in.",
    },
    # -- the operators page (templates/panel/operators.html, web/panel/operators.js) --------
    "panel.operators.add": {"pl": "Dodaj operatora", "en": "Add an operator"},
    "panel.operators.add_title": {"pl": "Nowy operator", "en": "New operator"},
    "panel.operators.add_submit": {"pl": "Dodaj", "en": "Add"},
    "panel.operators.added": {"pl": "Dodano operatora {name}.", "en": "Operator {name} added."},
    "panel.operators.edit_title": {"pl": "Zmień operatora {login}", "en": "Edit operator {login}"},
    "panel.operators.saved": {"pl": "Zapisano zmiany: {name}.", "en": "Changes saved: {name}."},
    "panel.operators.search": {
        "pl": "Szukaj (login, imię, nazwisko)",
        "en": "Search (login, name)",
    },
    "panel.operators.show_inactive": {"pl": "Pokaż nieaktywnych", "en": "Show inactive ones"},
    "panel.operators.empty": {
        "pl": "Żaden operator nie pasuje do wyszukiwania.",
        "en": "No operator matches the search.",
    },
    "panel.operators.caption": {
        "pl": "Pokazano {shown} z {n} {n:plural:operatora|operatorów|operatorów}",
        "en": "Showing {shown} of {n} {n:plural:operator|operators}",
    },
    "panel.operators.never": {"pl": "nigdy", "en": "never"},
    "panel.operators.col.login": {"pl": "Login", "en": "Login"},
    "panel.operators.col.name": {"pl": "Imię i nazwisko", "en": "Name"},
    "panel.operators.col.role": {"pl": "Rola", "en": "Role"},
    "panel.operators.col.state": {"pl": "Stan", "en": "State"},
    "panel.operators.col.credentials": {"pl": "Logowanie", "en": "Logs in with"},
    "panel.operators.col.last_login": {"pl": "Ostatnie logowanie", "en": "Last login"},
    "panel.operators.col.failed": {"pl": "Nieudane próby", "en": "Failed attempts"},
    "panel.operators.col.actions": {"pl": "Działania", "en": "Actions"},
    "panel.operators.state.active": {"pl": "aktywny", "en": "active"},
    "panel.operators.state.inactive": {"pl": "nieaktywny", "en": "inactive"},
    "panel.operators.state.locked": {
        "pl": "zablokowany do {until}",
        "en": "locked until {until}",
    },
    "panel.operators.cred.password": {"pl": "hasło (panel)", "en": "password (panel)"},
    "panel.operators.cred.pin": {"pl": "PIN (skaner)", "en": "PIN (scanner)"},
    "panel.operators.cred.badge": {"pl": "identyfikator {hint}", "en": "badge {hint}"},
    "panel.operators.cred.badge_only": {
        "pl": "identyfikator {hint} — bez PIN-u",
        "en": "badge {hint} — no PIN",
    },
    "panel.operators.cred.none": {"pl": "nie może się zalogować", "en": "cannot log in"},
    "panel.operators.action.group": {
        "pl": "Działania: {name} ({login})",
        "en": "Actions: {name} ({login})",
    },
    "panel.operators.action.edit": {"pl": "Zmień", "en": "Edit"},
    "panel.operators.action.pin": {"pl": "PIN", "en": "PIN"},
    "panel.operators.action.password": {"pl": "Hasło", "en": "Password"},
    "panel.operators.action.badge": {"pl": "Nowy identyfikator", "en": "New badge"},
    "panel.operators.action.deactivate": {"pl": "Dezaktywuj", "en": "Deactivate"},
    "panel.operators.action.activate": {"pl": "Aktywuj", "en": "Activate"},
    "panel.operators.action.unlock": {"pl": "Odblokuj", "en": "Unlock"},
    "panel.operators.action.logout": {"pl": "Wyloguj wszędzie", "en": "Log out everywhere"},
    "panel.operators.action.history": {"pl": "Historia", "en": "History"},
    "panel.operators.action.history_of": {
        "pl": "Historia zmian: {name} ({login})",
        "en": "History of changes: {name} ({login})",
    },
    # the forms
    "panel.operators.form.login": {"pl": "Login", "en": "Login"},
    "panel.operators.form.login_hint": {
        "pl": "Do logowania; wielkość liter nie ma znaczenia. Nie można go później zmienić.",
        "en": "Used to log in; case does not matter. It cannot be changed later.",
    },
    "panel.operators.form.login_missing": {"pl": "Wpisz login.", "en": "Enter a login."},
    "panel.operators.form.name": {"pl": "Imię i nazwisko", "en": "Name"},
    "panel.operators.form.name_missing": {
        "pl": "Wpisz imię i nazwisko.",
        "en": "Enter the name.",
    },
    "panel.operators.form.role": {"pl": "Rola", "en": "Role"},
    "panel.operators.form.role_hint": {
        "pl": "Zmiana roli kończy wszystkie sesje operatora (w panelu i na skanerach).",
        "en": "Changing the role ends all the operator's sessions (panel and scanners).",
    },
    "panel.operators.form.password": {"pl": "Hasło do panelu", "en": "Panel password"},
    "panel.operators.form.password_again": {"pl": "Powtórz hasło", "en": "Repeat the password"},
    "panel.operators.form.password_hint": {
        "pl": "Od 8 do 256 znaków.",
        "en": "8 to 256 characters.",
    },
    "panel.operators.form.password_hint_optional": {
        "pl": "Od 8 do 256 znaków; bez hasła operator nie zaloguje się do panelu.",
        "en": "8 to 256 characters; without one the operator cannot log in to the panel.",
    },
    "panel.operators.form.password_missing": {"pl": "Wpisz hasło.", "en": "Enter the password."},
    "panel.operators.form.password_mismatch": {
        "pl": "Hasła się różnią — wpisz to samo dwa razy.",
        "en": "The passwords differ — type the same one twice.",
    },
    "panel.operators.form.pin": {"pl": "PIN do skanera", "en": "Scanner PIN"},
    "panel.operators.form.pin_again": {"pl": "Powtórz PIN", "en": "Repeat the PIN"},
    "panel.operators.form.pin_hint": {"pl": "Od 4 do 8 cyfr.", "en": "4 to 8 digits."},
    "panel.operators.form.pin_hint_optional": {
        "pl": "Od 4 do 8 cyfr; bez PIN-u operator nie zaloguje się na skanerze (chyba że "
        "samym identyfikatorem).",
        "en": "4 to 8 digits; without one the operator cannot log in on a scanner (unless "
        "with the badge alone).",
    },
    "panel.operators.form.pin_missing": {"pl": "Wpisz PIN.", "en": "Enter the PIN."},
    "panel.operators.form.pin_mismatch": {
        "pl": "PIN-y się różnią — wpisz ten sam dwa razy.",
        "en": "The PINs differ — type the same one twice.",
    },
    "panel.operators.form.pin_generate": {
        "pl": "Wygeneruj losowy PIN",
        "en": "Generate a random PIN",
    },
    "panel.operators.form.badge": {"pl": "Identyfikator (karta)", "en": "Badge (card)"},
    "panel.operators.form.badge_generate": {
        "pl": "wygeneruj nowy — pokażemy kod i od razu wydrukujesz kartę",
        "en": "generate a new one — the code is shown and the card can be printed at once",
    },
    "panel.operators.form.badge_typed": {
        "pl": "wpisz kod z istniejącej karty",
        "en": "type the code of an existing card",
    },
    "panel.operators.form.badge_none": {"pl": "bez identyfikatora", "en": "no badge"},
    "panel.operators.form.badge_code": {"pl": "Kod z karty", "en": "Code on the card"},
    "panel.operators.form.badge_code_hint": {
        "pl": "Zeskanuj kartę czytnikiem albo przepisz kod; wielkość liter nie ma znaczenia.",
        "en": "Scan the card with a reader or copy the code; case does not matter.",
    },
    "panel.operators.form.badge_missing": {
        "pl": "Wpisz albo zeskanuj kod z karty.",
        "en": "Type or scan the code on the card.",
    },
    "panel.operators.form.badge_only": {
        "pl": "Loguje się samym identyfikatorem (bez PIN-u)",
        "en": "Logs in with the badge alone (no PIN)",
    },
    "panel.operators.form.badge_only_hint": {
        "pl": "Tylko dla kompletujących i pakujących: kto ma kartę, ten się zaloguje.",
        "en": "Pickers and packers only: whoever holds the card logs in.",
    },
    "panel.operators.role_confirm": {
        "pl": "Zmienić rolę operatora {name} na: {role}? Wszystkie jego sesje się zakończą.",
        "en": "Change {name}'s role to: {role}? All their sessions will end.",
    },
    "panel.operators.deactivate_confirm": {
        "pl": "Dezaktywować operatora {name}?",
        "en": "Deactivate {name}?",
    },
    "panel.operators.deactivate_details": {
        "pl": "Nie zaloguje się już ani do panelu, ani na skanerze, a wszystkie jego sesje "
        "skończą się od razu — skaner, na którym pracuje, wyloguje go w ciągu kilku sekund.",
        "en": "They can no longer log in to the panel or on a scanner, and all their sessions "
        "end at once — the scanner they work on logs them out within seconds.",
    },
    "panel.operators.deactivated": {
        "pl": "Dezaktywowano operatora {name}; jego sesje zakończono.",
        "en": "{name} deactivated; their sessions have ended.",
    },
    "panel.operators.activated": {
        "pl": "Aktywowano operatora {name}.",
        "en": "{name} activated.",
    },
    "panel.operators.unlocked": {
        "pl": "Odblokowano konto: {name}.",
        "en": "Account unlocked: {name}.",
    },
    "panel.operators.logout_confirm": {
        "pl": "Wylogować operatora {name} ze wszystkich urządzeń (panel i skanery)?",
        "en": "Log {name} out of every device (panel and scanners)?",
    },
    "panel.operators.logged_out": {
        "pl": "Wylogowano: {name} — zakończono {n} {n:plural:sesję|sesje|sesji}.",
        "en": "Logged out: {name} — {n} {n:plural:session|sessions} ended.",
    },
    "panel.operators.pin.title": {"pl": "Nowy PIN: {name}", "en": "New PIN: {name}"},
    "panel.operators.pin.submit": {"pl": "Ustaw PIN", "en": "Set the PIN"},
    "panel.operators.pin.ends_sessions": {
        "pl": "Nowy PIN kończy wszystkie sesje operatora — zaloguje się ponownie nowym PIN-em.",
        "en": "A new PIN ends all the operator's sessions — they log in again with it.",
    },
    "panel.operators.pin.saved": {
        "pl": "Ustawiono nowy PIN: {name}.",
        "en": "New PIN set: {name}.",
    },
    "panel.operators.pin.generated_notice": {
        "pl": "Nowy PIN operatora {name}: {pin}. Przekaż go teraz — nie będzie pokazany ponownie.",
        "en": "{name}'s new PIN: {pin}. Hand it over now — it will not be shown again.",
    },
    "panel.operators.password.title": {"pl": "Nowe hasło: {name}", "en": "New password: {name}"},
    "panel.operators.password.submit": {"pl": "Ustaw hasło", "en": "Set the password"},
    "panel.operators.password.ends_sessions": {
        "pl": "Nowe hasło kończy wszystkie sesje operatora.",
        "en": "A new password ends all the operator's sessions.",
    },
    "panel.operators.password.saved": {
        "pl": "Ustawiono nowe hasło: {name}.",
        "en": "New password set: {name}.",
    },
    # badges: issuing and printing
    "panel.operators.badge.confirm": {
        "pl": "Wydać operatorowi {name} nowy identyfikator?",
        "en": "Issue {name} a new badge?",
    },
    "panel.operators.badge.confirm_details": {
        "pl": "Stara karta przestanie działać od razu, a wszystkie sesje operatora (w panelu i "
        "na skanerach) się zakończą. Nowy kod zobaczysz tylko raz — wydrukuj kartę od razu.",
        "en": "The old card stops working at once and all the operator's sessions (panel and "
        "scanners) end. The new code is shown only once — print the card right away.",
    },
    "panel.operators.badge.confirm_button": {
        "pl": "Wydaj nowy identyfikator",
        "en": "Issue a new badge",
    },
    "panel.operators.badge.title": {
        "pl": "Nowy identyfikator: {name}",
        "en": "New badge: {name}",
    },
    "panel.operators.badge.once": {
        "pl": "Ten kod jest pokazywany tylko teraz (Kolektor przechowuje go zaszyfrowany). "
        "Wydrukuj kartę — do opuszczenia tej strony kod czeka też na liście „Identyfikatory do "
        "wydruku”.",
        "en": "This code is shown only now (Kolektor keeps it only hashed). Print the card — "
        "until you leave this page the code also waits in “Badges to print”.",
    },
    "panel.operators.fresh.title": {"pl": "Identyfikatory do wydruku", "en": "Badges to print"},
    "panel.operators.fresh.intro": {
        "pl": "Kody wydane na tej stronie. Kolektor nie przechowuje kodów, więc po opuszczeniu "
        "strony karty nie da się już wydrukować — trzeba będzie wydać nowy identyfikator.",
        "en": "Codes issued on this page. Kolektor does not keep the codes, so once you leave "
        "the page these cards cannot be printed — a new badge would have to be issued.",
    },
    "panel.operators.fresh.remove": {"pl": "usuń z listy", "en": "remove"},
    "panel.operators.fresh.remove_label": {
        "pl": "Usuń z listy do wydruku: {name}",
        "en": "Remove from the badges to print: {name}",
    },
    "panel.operators.fresh.forget": {"pl": "Zapomnij kody", "en": "Forget the codes"},
    "panel.operators.fresh.forget_confirm": {
        "pl": "Zapomnieć {n} {n:plural:kod|kody|kodów}? Tych kart nie będzie można już wydrukować.",
        "en": "Forget {n} {n:plural:code|codes}? These cards can then no longer be printed.",
    },
    "panel.operators.print.dpmm": {"pl": "Drukarka etykiet", "en": "Label printer"},
    "panel.operators.print.dpmm_8": {"pl": "203 dpi (8 punktów/mm)", "en": "203 dpi (8 dots/mm)"},
    "panel.operators.print.dpmm_12": {
        "pl": "300 dpi (12 punktów/mm)",
        "en": "300 dpi (12 dots/mm)",
    },
    "panel.operators.print.dpmm_24": {
        "pl": "600 dpi (24 punkty/mm)",
        "en": "600 dpi (24 dots/mm)",
    },
    "panel.operators.print.labels": {
        "pl": "Etykiety ZPL (50 × 30 mm)",
        "en": "ZPL labels (50 × 30 mm)",
    },
    "panel.operators.print.sheet": {
        "pl": "Arkusz PDF (karty na A4)",
        "en": "PDF sheet (cards on A4)",
    },
    "panel.operators.print.label_one": {"pl": "Etykieta ZPL", "en": "ZPL label"},
    "panel.operators.print.sheet_one": {"pl": "Karta w PDF", "en": "Card as PDF"},
    "panel.operators.print.done_label": {
        "pl": "Pobrano {n} {n:plural:etykietę|etykiety|etykiet} ZPL — wyślij plik na drukarkę "
        "etykiet.",
        "en": "{n} ZPL {n:plural:label|labels} downloaded — send the file to the label printer.",
    },
    "panel.operators.print.done_sheet": {
        "pl": "Pobrano arkusz PDF z {n} {n:plural:kartą|kartami|kartami} — wydrukuj go w skali "
        "100%.",
        "en": "PDF sheet with {n} {n:plural:card|cards} downloaded — print it at 100% scale.",
    },
    # -- the audit log page (templates/panel/audit.html, web/panel/audit.js) --------------
    "panel.audit.filter.actor": {"pl": "Kto", "en": "Who"},
    "panel.audit.filter.actor_hint": {
        "pl": "Login (np. szef), albo „cli”, „source:10.0.0.7”.",
        "en": "A login (e.g. szef), or “cli”, “source:10.0.0.7”.",
    },
    "panel.audit.filter.action": {"pl": "Co", "en": "What"},
    "panel.audit.filter.action_all": {"pl": "wszystko", "en": "everything"},
    "panel.audit.filter.action_setting": {
        "pl": "ustawienia i zapisane reguły",
        "en": "settings and saved rules",
    },
    "panel.audit.filter.action_rules": {
        "pl": "przywrócone wersje reguł",
        "en": "restored rule versions",
    },
    "panel.audit.filter.action_operator": {
        "pl": "operatorzy i identyfikatory",
        "en": "operators and badges",
    },
    "panel.audit.filter.action_login": {
        "pl": "nieudane logowania i blokady",
        "en": "failed logins and lockouts",
    },
    "panel.audit.filter.action_sessions": {
        "pl": "wylogowania ze wszystkich urządzeń",
        "en": "logouts from every device",
    },
    "panel.audit.filter.action_order": {
        "pl": "działania na zamówieniach",
        "en": "actions on orders",
    },
    "panel.audit.filter.target": {"pl": "Czego dotyczy", "en": "About"},
    "panel.audit.filter.target_hint": {
        "pl": "Login operatora, klucz ustawienia (np. tolerance) albo order:<id>.",
        "en": "An operator's login, a setting's key (e.g. tolerance) or order:<id>.",
    },
    "panel.audit.filter.from": {"pl": "Od dnia", "en": "From"},
    "panel.audit.filter.to": {"pl": "Do dnia", "en": "To"},
    "panel.audit.filter.to_hint": {"pl": "Włącznie z tym dniem.", "en": "This day included."},
    "panel.audit.filter.range_wrong": {
        "pl": "Data „do” jest wcześniejsza niż „od”.",
        "en": "The “to” date is before the “from” date.",
    },
    "panel.audit.filter.apply": {"pl": "Pokaż", "en": "Show"},
    "panel.audit.filter.clear": {"pl": "Wyczyść filtry", "en": "Clear the filters"},
    "panel.audit.col.at": {"pl": "Kiedy", "en": "When"},
    "panel.audit.col.actor": {"pl": "Kto", "en": "Who"},
    "panel.audit.col.what": {"pl": "Co się stało", "en": "What happened"},
    "panel.audit.col.details": {"pl": "Szczegóły", "en": "Details"},
    "panel.audit.empty": {
        "pl": "Brak wpisów pasujących do filtrów.",
        "en": "No entries match the filters.",
    },
    "panel.audit.older": {"pl": "Pokaż starsze", "en": "Show older"},
    "panel.audit.caption_all": {
        "pl": "{n} {n:plural:wpis|wpisy|wpisów}, od najnowszych — to wszystkie",
        "en": "{n} {n:plural:entry|entries}, newest first — that is all",
    },
    "panel.audit.caption_more": {
        "pl": "{n} {n:plural:wpis|wpisy|wpisów}, od najnowszych — starsze pod przyciskiem "
        "„Pokaż starsze”",
        "en": "{n} {n:plural:entry|entries}, newest first — older ones under “Show older”",
    },
    "panel.audit.only_actor": {"pl": "Pokaż tylko wpisy: {who}", "en": "Show only: {who}"},
    "panel.audit.raw": {"pl": "dane wpisu", "en": "entry data"},
    "panel.audit.raw_target": {"pl": "{action} · {target}", "en": "{action} · {target}"},
    "panel.audit.actor.source": {"pl": "adres {address}", "en": "address {address}"},
    "panel.audit.actor.cli": {"pl": "wiersz poleceń", "en": "command line"},
    "panel.audit.actor.demo": {"pl": "przygotowanie demo", "en": "demo setup"},
    "panel.audit.actor.worker": {"pl": "proces {name}", "en": "worker {name}"},
    "panel.audit.setting.tolerance": {
        "pl": "tolerancja towarów ważonych",
        "en": "weighed goods tolerance",
    },
    "panel.audit.setting.manual_quantity": {
        "pl": "kto wpisuje ilości ręcznie",
        "en": "who types quantities by hand",
    },
    "panel.audit.setting.document_rules": {"pl": "reguły dokumentów", "en": "document rules"},
    "panel.audit.value.none": {"pl": "(brak)", "en": "(none)"},
    "panel.audit.value.nobody": {"pl": "nikt", "en": "nobody"},
    "panel.audit.value.rules": {
        "pl": "{n} {n:plural:reguła|reguły|reguł}",
        "en": "{n} {n:plural:rule|rules}",
    },
    "panel.audit.method.password": {"pl": "hasło w panelu", "en": "panel password"},
    "panel.audit.method.basic": {"pl": "hasło (HTTP Basic)", "en": "password (HTTP Basic)"},
    "panel.audit.method.login_pin": {"pl": "login i PIN", "en": "login and PIN"},
    "panel.audit.method.badge_pin": {"pl": "identyfikator i PIN", "en": "badge and PIN"},
    "panel.audit.method.badge": {"pl": "sam identyfikator", "en": "badge alone"},
    "panel.audit.method.authorization": {
        "pl": "zatwierdzenie ilości wpisanej ręcznie",
        "en": "approving a typed quantity",
    },
    "panel.audit.unknown_login": {
        "pl": "nieznany login „{login}”",
        "en": "unknown login “{login}”",
    },
    "panel.audit.unknown_badge": {
        "pl": "nieznany identyfikator {hint}",
        "en": "unknown badge {hint}",
    },
    "panel.audit.change.name": {"pl": "imię i nazwisko: {name}", "en": "name: {name}"},
    "panel.audit.change.role": {"pl": "rola: {role}", "en": "role: {role}"},
    "panel.audit.change.activated": {"pl": "aktywowano", "en": "activated"},
    "panel.audit.change.deactivated": {"pl": "dezaktywowano", "en": "deactivated"},
    "panel.audit.change.password_changed": {"pl": "nowe hasło", "en": "new password"},
    "panel.audit.change.password_removed": {"pl": "usunięto hasło", "en": "password removed"},
    "panel.audit.change.pin_changed": {"pl": "nowy PIN", "en": "new PIN"},
    "panel.audit.change.pin_removed": {"pl": "usunięto PIN", "en": "PIN removed"},
    "panel.audit.change.badge": {"pl": "nowy identyfikator {hint}", "en": "new badge {hint}"},
    "panel.audit.change.badge_removed": {"pl": "usunięto identyfikator", "en": "badge removed"},
    "panel.audit.change.badge_only_on": {
        "pl": "logowanie samym identyfikatorem włączone",
        "en": "badge-alone login on",
    },
    "panel.audit.change.badge_only_off": {
        "pl": "logowanie samym identyfikatorem wyłączone",
        "en": "badge-alone login off",
    },
    "panel.audit.change.nothing": {"pl": "bez zmian", "en": "no change"},
    "panel.audit.created.password": {"pl": "z hasłem", "en": "with a password"},
    "panel.audit.created.pin": {"pl": "z PIN-em", "en": "with a PIN"},
    "panel.audit.created.badge": {"pl": "identyfikator {hint}", "en": "badge {hint}"},
    "panel.audit.created.badge_only": {
        "pl": "loguje się samym identyfikatorem",
        "en": "logs in with the badge alone",
    },
    "panel.audit.created.inactive": {"pl": "nieaktywny", "en": "inactive"},
    "panel.audit.text.setting_changed": {
        "pl": "Zmieniono ustawienie: {key} — {old} → {new}",
        "en": "Setting changed: {key} — {old} → {new}",
    },
    "panel.audit.text.setting_created": {
        "pl": "Ustawiono po raz pierwszy: {key} — {new}",
        "en": "Set for the first time: {key} — {new}",
    },
    "panel.audit.text.rules_saved": {
        "pl": "Zapisano reguły dokumentów: {old} → {new}",
        "en": "Document rules saved: {old} → {new}",
    },
    "panel.audit.text.rules_restored": {
        "pl": "Przywrócono reguły dokumentów w wersji z {at} (zapisanej przez: {who})",
        "en": "Document rules restored to the version of {at} (saved by: {who})",
    },
    "panel.audit.text.rules_defaults": {
        "pl": "Przywrócono domyślne reguły dokumentów",
        "en": "The default document rules restored",
    },
    "panel.audit.text.operator_created": {
        "pl": "Dodano operatora {login}: {what}",
        "en": "Operator {login} added: {what}",
    },
    "panel.audit.text.operator_changed": {
        "pl": "Zmieniono operatora {login}: {what}",
        "en": "Operator {login} changed: {what}",
    },
    "panel.audit.text.badge_label": {
        "pl": "Wydrukowano identyfikator {hint} operatora {login} (etykieta ZPL)",
        "en": "Badge {hint} of {login} printed (ZPL label)",
    },
    "panel.audit.text.badge_sheet": {
        "pl": "Wydrukowano identyfikator {hint} operatora {login} (arkusz PDF)",
        "en": "Badge {hint} of {login} printed (PDF sheet)",
    },
    "panel.audit.text.sessions_ended": {
        "pl": "Wylogowano operatora {login} ze wszystkich urządzeń ({n} "
        "{n:plural:sesja|sesje|sesji})",
        "en": "{login} logged out of every device ({n} {n:plural:session|sessions})",
    },
    "panel.audit.text.login_failed": {
        "pl": "Nieudane logowanie: {who} ({method})",
        "en": "Failed login: {who} ({method})",
    },
    "panel.audit.text.login_failed_count": {
        "pl": "Nieudane logowanie: {who} ({method}) — {n}. z rzędu",
        "en": "Failed login: {who} ({method}) — {n} in a row",
    },
    "panel.audit.text.login_locked": {
        "pl": "Zablokowano konto {login} do {until} po nieudanych logowaniach",
        "en": "Account {login} locked until {until} after failed logins",
    },
    "panel.audit.text.source_blocked": {
        "pl": "Wstrzymano logowania z: {who} — za dużo nieudanych prób",
        "en": "Logins held back from: {who} — too many failed attempts",
    },
    "panel.audit.text.login_unlocked": {
        "pl": "Odblokowano konto {login}",
        "en": "Account {login} unlocked",
    },
    "panel.audit.text.order_retried": {
        "pl": "Ponowiono krok „{step}” zamówienia",
        "en": "Retried the step “{step}” of order",
    },
    "panel.audit.text.order_skipped": {
        "pl": "Pominięto krok „{step}” zamówienia",
        "en": "Skipped the step “{step}” of order",
    },
    "panel.audit.text.order_held": {"pl": "Wstrzymano zamówienie", "en": "Held order"},
    "panel.audit.text.order_sent_back": {
        "pl": "Cofnięto do kompletacji zamówienie",
        "en": "Sent back to picking: order",
    },
    "panel.audit.text.note": {"pl": "uwaga: {note}", "en": "note: {note}"},
    "panel.audit.text.other": {"pl": "Zdarzenie {action}", "en": "Event {action}"},
    "panel.audit.text.other_about": {
        "pl": "Zdarzenie {action} dotyczące {target}",
        "en": "Event {action} about {target}",
    },
}

SAME_TEXT: frozenset[str] = frozenset(
    {
        "panel.operators.col.login",
        "panel.operators.form.login",
        "panel.operators.action.pin",
        "panel.audit.raw_target",
    }
)
