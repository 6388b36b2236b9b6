"""The office panel's texts: the dashboard (panel.dashboard.*) and its API's errors."""

from __future__ import annotations

CATALOG: dict[str, dict[str, str]] = {
    # The live stream's refusals (GET /api/events)
    "api.not_acceptable": {
        "pl": "Pod tym adresem są tylko zdarzenia na żywo — wyślij nagłówek Accept: {media_type}.",
        "en": "This address only sends live events — send the header Accept: {media_type}.",
    },
    "api.events_busy": {
        "pl": "Otwartych jest już {limit} {limit:plural:podgląd|podglądy|podglądów} na żywo "
        "— spróbuj ponownie za chwilę.",
        "en": "{limit} live {limit:plural:view is|views are} open already — try again in a moment.",
    },
    # Header of the page
    "panel.dashboard.updated": {"pl": "Stan z {time}", "en": "As of {time}"},
    "panel.dashboard.sound.enable": {
        "pl": "Włącz dźwięk alertów",
        "en": "Turn alert sound on",
    },
    "panel.dashboard.sound.disable": {
        "pl": "Wyłącz dźwięk alertów",
        "en": "Turn alert sound off",
    },
    "panel.dashboard.store_down": {
        "pl": "Magazyn danych Kolektora nie odpowiada — pokazano stan sprzed awarii. Strona "
        "odświeży się sama, gdy wróci.",
        "en": "Kolektor's store does not answer — the state before the failure is shown. The "
        "page updates itself when it is back.",
    },
    # Tiles
    "panel.dashboard.counts.title": {"pl": "Zamówienia według stanu", "en": "Orders by state"},
    "panel.dashboard.done_today": {"pl": "Zakończone dziś", "en": "Done today"},
    "panel.dashboard.tile_label": {
        "pl": "{label}: {count} — pokaż listę",
        "en": "{label}: {count} — show the list",
    },
    # Orders waiting for a person
    "panel.dashboard.needs.title": {"pl": "Wymaga działania", "en": "Needs action"},
    "panel.dashboard.needs.total": {
        "pl": "Na decyzję biura {total:plural:czeka|czekają|czeka} {total} "
        "{total:plural:zamówienie|zamówienia|zamówień}.",
        "en": "{total} {total:plural:order waits|orders wait} for the office's decision.",
    },
    "panel.dashboard.needs.shown": {
        "pl": "Pokazano {shown} najnowszych.",
        "en": "The newest {shown} are shown.",
    },
    "panel.dashboard.needs.empty": {
        "pl": "Żadne zamówienie nie czeka na decyzję biura.",
        "en": "No order is waiting for the office's decision.",
    },
    "panel.dashboard.col.order": {"pl": "Zamówienie", "en": "Order"},
    "panel.dashboard.col.status": {"pl": "Stan", "en": "State"},
    "panel.dashboard.col.reason": {"pl": "Powód", "en": "Reason"},
    "panel.dashboard.col.since": {"pl": "Od kiedy", "en": "Since"},
    "panel.dashboard.col.actions": {"pl": "Działania", "en": "Actions"},
    "panel.dashboard.col.operator": {"pl": "Operator", "en": "Operator"},
    "panel.dashboard.col.progress": {"pl": "Zebrano", "en": "Picked"},
    "panel.dashboard.col.device": {"pl": "Urządzenie", "en": "Device"},
    "panel.dashboard.col.last_scan": {"pl": "Ostatni skan", "en": "Last scan"},
    "panel.dashboard.no_reason": {"pl": "bez podanego powodu", "en": "no reason given"},
    "panel.dashboard.failed_step": {
        "pl": "Krok „{step}”: {status}, prób: {attempts}",
        "en": "Step “{step}”: {status}, attempts: {attempts}",
    },
    "panel.dashboard.skip": {"pl": "Pomiń krok", "en": "Skip the step"},
    "panel.dashboard.open": {"pl": "Otwórz", "en": "Open"},
    "panel.dashboard.send_back": {"pl": "Odeślij do kompletacji", "en": "Send back to picking"},
    "panel.dashboard.send_back_label": {
        "pl": "Odeślij zamówienie {number} do kompletacji",
        "en": "Send order {number} back to picking",
    },
    "panel.dashboard.sent_back": {
        "pl": "Zamówienie {number} wróciło do kompletacji.",
        "en": "Order {number} is back in picking.",
    },
    "panel.dashboard.retry_label": {
        "pl": "Ponów krok „{step}” zamówienia {number}",
        "en": "Retry step “{step}” of order {number}",
    },
    "panel.dashboard.skip_label": {
        "pl": "Pomiń krok „{step}” zamówienia {number}",
        "en": "Skip step “{step}” of order {number}",
    },
    "panel.dashboard.open_label": {
        "pl": "Otwórz zamówienie {number}",
        "en": "Open order {number}",
    },
    "panel.dashboard.skip_confirm": {
        "pl": "Pominąć krok „{step}” zamówienia {number}? Zamówienie pójdzie dalej bez tego kroku.",
        "en": "Skip step “{step}” of order {number}? The order goes on without this step.",
    },
    "panel.dashboard.retried": {
        "pl": "Ponowiono krok: {step} (zamówienie {number}).",
        "en": "Step retried: {step} (order {number}).",
    },
    "panel.dashboard.skipped": {
        "pl": "Pominięto krok: {step} (zamówienie {number}).",
        "en": "Step skipped: {step} (order {number}).",
    },
    "panel.dashboard.alert": {
        "pl": "Zamówienie {number} czeka na decyzję ({status}): {reason}",
        "en": "Order {number} waits for a decision ({status}): {reason}",
    },
    "panel.dashboard.title_count": {"pl": "({count}) {title}", "en": "({count}) {title}"},
    # Who is picking what
    "panel.dashboard.picking.title": {"pl": "Kto co kompletuje", "en": "Who is picking what"},
    "panel.dashboard.picking.empty": {
        "pl": "Nikt teraz nie kompletuje.",
        "en": "Nobody is picking right now.",
    },
    "panel.dashboard.picking.progress": {
        "pl": "{picked} z {ordered}",
        "en": "{picked} of {ordered}",
    },
    "panel.dashboard.picking.lines": {
        "pl": "{lines} {lines:plural:pozycja|pozycje|pozycji}",
        "en": "{lines} {lines:plural:line|lines}",
    },
    "panel.dashboard.picking.no_scan": {"pl": "jeszcze bez skanu", "en": "no scan yet"},
    # Health
    "panel.dashboard.health.title": {"pl": "Stan systemu", "en": "System health"},
    "panel.dashboard.health.subiekt": {"pl": "Subiekt", "en": "Subiekt"},
    "panel.dashboard.health.reachable": {"pl": "osiągalny", "en": "reachable"},
    "panel.dashboard.health.unreachable": {
        "pl": "nieosiągalny (nieudanych odczytów z rzędu: {failures})",
        "en": "unreachable ({failures} failed reads in a row)",
    },
    "panel.dashboard.health.first_read": {
        "pl": "trwa pierwszy odczyt",
        "en": "the first read is running",
    },
    "panel.dashboard.health.last_intake": {
        "pl": "Ostatni odczyt zamówień",
        "en": "Last read of orders",
    },
    "panel.dashboard.health.intake_result": {
        "pl": "{time} — otwartych ZK: {open}, nowych: {imported}",
        "en": "{time} — open ZKs: {open}, new: {imported}",
    },
    "panel.dashboard.health.never": {"pl": "jeszcze nie było", "en": "not yet"},
    "panel.dashboard.health.last_error": {"pl": "Ostatni błąd odczytu", "en": "Last read error"},
    "panel.dashboard.health.store": {"pl": "Magazyn danych", "en": "Store"},
    "panel.dashboard.health.store_ok": {"pl": "działa", "en": "working"},
    "panel.dashboard.health.store_down": {
        "pl": "nie odpowiada: {error}",
        "en": "not answering: {error}",
    },
    "panel.dashboard.health.scanners": {"pl": "Połączone skanery", "en": "Scanners connected"},
    "panel.dashboard.health.services": {"pl": "Usługi w tle", "en": "Background services"},
    "panel.dashboard.service.intake": {
        "pl": "Odczyt zamówień z Subiekta",
        "en": "Reading orders from Subiekt",
    },
    "panel.dashboard.service.pipeline": {
        "pl": "Finalizacja zamówień",
        "en": "Finalizing orders",
    },
    "panel.dashboard.service.store_writer": {"pl": "Zapis skanów", "en": "Writing scans"},
    "panel.dashboard.service.auth": {
        "pl": "Sesje i logowania",
        "en": "Sessions and logins",
    },
    "panel.dashboard.service.retention": {
        "pl": "Usuwanie starych danych",
        "en": "Removing old data",
    },
    "panel.dashboard.service_state.starting": {"pl": "uruchamia się", "en": "starting"},
    "panel.dashboard.service_state.running": {"pl": "działa", "en": "running"},
    "panel.dashboard.service_state.restarting": {
        "pl": "restartuje po błędzie",
        "en": "restarting after an error",
    },
    "panel.dashboard.service_error": {
        "pl": "{state} — {error}",
        "en": "{state} — {error}",
    },
}

SAME_TEXT: frozenset[str] = frozenset(
    {
        "panel.dashboard.health.subiekt",
        "panel.dashboard.col.operator",
        "panel.dashboard.title_count",
        "panel.dashboard.service_error",
    }
)
