"""Texts of label printers: Zebra over TCP and its host status, CUPS raw queues (printing.*).

* ``printing.where.*`` — where a printer is, inside other messages;
* ``printing.error.*`` — why a print did not happen and what to do
  (:class:`kolektor.printing.errors.PrinterError`), each naming the printer;
* ``printing.status.*`` — what is wrong with a Zebra's ``~HS`` answer;
* ``printing.label.*`` — why a label is not a complete ZPL format;
* ``printing.address.*`` — why a printer's address cannot be used;
* ``printing.fake.*`` — the fake Zebra's console line (``python -m kolektor.fakes.zebra``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kolektor.i18n import Language

_PRINTER_PL = "Drukarka „{printer}” ({where})"
_PRINTER_EN = "Printer “{printer}” ({where})"

CATALOG: dict[str, dict[Language, str]] = {
    "printing.where.zebra": {"pl": "{address}", "en": "{address}"},
    "printing.where.cups": {"pl": "kolejka CUPS „{queue}”", "en": "CUPS queue “{queue}”"},
    # connecting and talking to a Zebra
    "printing.error.refused": {
        "pl": _PRINTER_PL + " nie przyjmuje połączeń — włącz ją i sprawdź adres IP oraz port "
        "(zwykle 9100).",
        "en": _PRINTER_EN + " refuses the connection — switch it on and check its IP address "
        "and port (usually 9100).",
    },
    "printing.error.unreachable": {
        "pl": "Nie ma połączenia z drukarką „{printer}” ({where}) — sprawdź kabel sieciowy i "
        "adres IP drukarki.",
        "en": "No connection to printer “{printer}” ({where}) — check the network cable and "
        "the printer's IP address.",
    },
    "printing.error.unknown_host": {
        "pl": "Drukarka „{printer}”: nie ma w sieci komputera o nazwie „{host}” — popraw adres "
        "w ustawieniach drukarki (najlepiej stały adres IP).",
        "en": "Printer “{printer}”: there is no host named “{host}” on the network — correct "
        "the address in the printer's settings (a fixed IP address is best).",
    },
    "printing.error.connect_timeout": {
        "pl": _PRINTER_PL + " nie odpowiada — sprawdź, czy jest włączona i podłączona do sieci, "
        "i czy adres IP jest właściwy.",
        "en": _PRINTER_EN + " does not answer — check that it is on and connected to the "
        "network, and that the IP address is right.",
    },
    "printing.error.send_timeout": {
        "pl": _PRINTER_PL + " przestała przyjmować dane — sprawdź, czy nie jest wstrzymana, i "
        "wydrukuj ponownie.",
        "en": _PRINTER_EN + " stopped taking data — check that it is not paused, and print again.",
    },
    "printing.error.no_answer": {
        "pl": _PRINTER_PL + " nie odpowiada na pytanie o stan — sprawdź papier, głowicę i "
        "kabel, potem wydrukuj ponownie.",
        "en": _PRINTER_EN + " does not answer the status request — check paper, head and "
        "cable, then print again.",
    },
    "printing.error.bad_answer": {
        "pl": _PRINTER_PL + " odpowiedziała o swoim stanie niezrozumiale ({detail}) — czy pod "
        "tym adresem jest drukarka Zebra?",
        "en": _PRINTER_EN + " gave a status answer that makes no sense ({detail}) — is there a "
        "Zebra printer at this address?",
    },
    "printing.error.closed_on_status": {
        "pl": _PRINTER_PL + " rozłączyła się bez odpowiedzi o stan — sprawdź, czy to drukarka "
        "Zebra i czy port to 9100.",
        "en": _PRINTER_EN + " hung up without a status answer — check that it is a Zebra "
        "printer and that the port is 9100.",
    },
    "printing.error.connection_lost": {
        "pl": "Połączenie z drukarką „{printer}” ({where}) zerwało się w trakcie wysyłania — "
        "etykieta mogła wydrukować się w części; sprawdź drukarkę i wydrukuj ponownie.",
        "en": "The connection to printer “{printer}” ({where}) broke while sending — a label "
        "may have printed in part; check the printer and print again.",
    },
    # what the host status reports
    "printing.error.head_open": {
        "pl": _PRINTER_PL + ": otwarta głowica — zamknij ją, dociskając aż do zatrzaśnięcia.",
        "en": _PRINTER_EN + ": the head is open — close it until it clicks.",
    },
    "printing.error.paper_out": {
        "pl": _PRINTER_PL + ": brak etykiet — załóż nową rolkę i naciśnij FEED.",
        "en": _PRINTER_EN + ": out of labels — load a new roll and press FEED.",
    },
    "printing.error.ribbon_out": {
        "pl": _PRINTER_PL + ": brak taśmy barwiącej — załóż nową taśmę (etykiety termiczne "
        "nie potrzebują taśmy: wtedy ustaw druk termiczny bezpośredni).",
        "en": _PRINTER_EN + ": out of ribbon — load a new ribbon (direct thermal labels need "
        "none: then set the printer to direct thermal).",
    },
    "printing.error.over_temperature": {
        "pl": _PRINTER_PL + ": przegrzana głowica — odczekaj kilka minut, aż ostygnie, i "
        "wydrukuj ponownie.",
        "en": _PRINTER_EN + ": the head is too hot — wait a few minutes for it to cool down "
        "and print again.",
    },
    "printing.error.under_temperature": {
        "pl": _PRINTER_PL + ": za zimna głowica — poczekaj, aż drukarka się nagrzeje (czy w "
        "pomieszczeniu nie jest za zimno?), i wydrukuj ponownie.",
        "en": _PRINTER_EN + ": the head is too cold — wait for the printer to warm up (is the "
        "room too cold?) and print again.",
    },
    "printing.error.corrupt_ram": {
        "pl": _PRINTER_PL + ": drukarka straciła swoje ustawienia — ustaw w niej rozmiar "
        "etykiety i skalibruj ją, zanim wydrukujesz.",
        "en": _PRINTER_EN + ": the printer has lost its settings — set its label size and "
        "calibrate it before printing.",
    },
    "printing.error.diagnostic_mode": {
        "pl": _PRINTER_PL + ": drukarka jest w trybie diagnostycznym i wydrukowałaby kody "
        "zamiast etykiety — wyłącz ją i włącz ponownie.",
        "en": _PRINTER_EN + ": the printer is in diagnostic mode and would print codes instead "
        "of the label — switch it off and on again.",
    },
    "printing.error.paused": {
        "pl": _PRINTER_PL + ": drukarka jest wstrzymana — naciśnij PAUSE, żeby ją wznowić.",
        "en": _PRINTER_EN + ": the printer is paused — press PAUSE to resume it.",
    },
    "printing.error.buffer_full": {
        "pl": _PRINTER_PL + ": pamięć drukarki jest pełna — poczekaj, aż skończy drukować, i "
        "wydrukuj ponownie.",
        "en": _PRINTER_EN + ": the printer's memory is full — wait for it to finish printing "
        "and print again.",
    },
    # CUPS
    "printing.error.queue_unknown": {
        "pl": "Drukarka „{printer}”: w CUPS nie ma kolejki „{queue}” — utwórz ją (lpadmin) "
        "albo popraw nazwę kolejki w ustawieniach drukarki.",
        "en": "Printer “{printer}”: CUPS has no queue “{queue}” — create it (lpadmin) or "
        "correct the queue name in the printer's settings.",
    },
    "printing.error.queue_stopped": {
        "pl": _PRINTER_PL + " jest zatrzymana w CUPS — usuń przyczynę i wznów kolejkę "
        "poleceniem cupsenable {queue}.",
        "en": _PRINTER_EN + " is stopped in CUPS — fix the cause and resume the queue with "
        "cupsenable {queue}.",
    },
    "printing.error.queue_stopped_reason": {
        "pl": _PRINTER_PL + " jest zatrzymana w CUPS („{reason}”) — usuń przyczynę i wznów "
        "kolejkę poleceniem cupsenable {queue}.",
        "en": _PRINTER_EN + " is stopped in CUPS (“{reason}”) — fix the cause and resume the "
        "queue with cupsenable {queue}.",
    },
    "printing.error.queue_rejecting": {
        "pl": _PRINTER_PL + " nie przyjmuje zadań w CUPS — włącz ich przyjmowanie poleceniem "
        "cupsaccept {queue}.",
        "en": _PRINTER_EN + " does not accept jobs in CUPS — turn accepting on with "
        "cupsaccept {queue}.",
    },
    "printing.error.cups_unavailable": {
        "pl": _PRINTER_PL + ": CUPS nie odpowiada ({server}) — uruchom usługę CUPS "
        "(systemctl start cups).",
        "en": _PRINTER_EN + ": CUPS does not answer ({server}) — start the CUPS service "
        "(systemctl start cups).",
    },
    "printing.error.cups_timeout": {
        "pl": _PRINTER_PL + ": CUPS nie odpowiedział na czas — sprawdź usługę CUPS i wydrukuj "
        "ponownie.",
        "en": _PRINTER_EN + ": CUPS did not answer in time — check the CUPS service and print "
        "again.",
    },
    "printing.error.cups_missing": {
        "pl": _PRINTER_PL + ": na serwerze Kolektora nie ma programu {program} — zainstaluj "
        "pakiet cups-client.",
        "en": _PRINTER_EN + ": the program {program} is missing on Kolektor's server — install "
        "the cups-client package.",
    },
    "printing.error.cups_failed": {
        "pl": _PRINTER_PL + ": CUPS nie przyjął zadania ({detail}).",
        "en": _PRINTER_EN + ": CUPS refused the job ({detail}).",
    },
    "printing.error.cups_bad_answer": {
        "pl": _PRINTER_PL + ": CUPS odpowiedział niezrozumiale ({detail}).",
        "en": _PRINTER_EN + ": CUPS gave an answer that makes no sense ({detail}).",
    },
    # what is sent
    "printing.error.invalid_label": {
        "pl": "Drukarka „{printer}”: nic nie wysłano, bo {detail}.",
        "en": "Printer “{printer}”: nothing was sent, because {detail}.",
    },
    "printing.error.bad_address": {
        "pl": "Drukarka „{printer}”: {detail}.",
        "en": "Printer “{printer}”: {detail}.",
    },
    "printing.label.none": {
        "pl": "nie podano żadnej etykiety",
        "en": "no label was given",
    },
    "printing.label.empty": {
        "pl": "etykieta {index} jest pusta",
        "en": "label {index} is empty",
    },
    "printing.label.pdf": {
        "pl": "etykieta {index} to plik PDF, a drukarka potrzebuje ZPL",
        "en": "label {index} is a PDF file and the printer needs ZPL",
    },
    "printing.label.no_format": {
        "pl": "etykieta {index} nie jest w języku ZPL (zaczyna się od „{sample}”)",
        "en": "label {index} is not ZPL (it starts with “{sample}”)",
    },
    "printing.label.outside_format": {
        "pl": "etykieta {index} ma tekst poza formatem ^XA…^XZ („{sample}”)",
        "en": "label {index} has text outside a ^XA…^XZ format (“{sample}”)",
    },
    "printing.label.nested_start": {
        "pl": "w etykiecie {index} nowy format (^XA) zaczyna się przed końcem poprzedniego (^XZ)",
        "en": "in label {index} a new format (^XA) starts before the previous one ends (^XZ)",
    },
    "printing.label.end_without_start": {
        "pl": "w etykiecie {index} jest koniec formatu (^XZ) bez początku (^XA)",
        "en": "label {index} has a format end (^XZ) without a start (^XA)",
    },
    "printing.label.unfinished": {
        "pl": "etykieta {index} jest niekompletna: brak końca formatu (^XZ)",
        "en": "label {index} is incomplete: the format end (^XZ) is missing",
    },
    "printing.address.bad_host": {
        "pl": "„{address}” nie jest adresem drukarki — wpisz adres IP albo nazwę i port, np. "
        "192.168.1.50:9100",
        "en": "“{address}” is not a printer address — enter an IP address or host name and "
        "port, e.g. 192.168.1.50:9100",
    },
    "printing.address.bad_port": {
        "pl": "port w adresie „{address}” musi być liczbą od 1 do 65535 (zwykle 9100)",
        "en": "the port in “{address}” must be a number from 1 to 65535 (usually 9100)",
    },
    "printing.address.bad_queue": {
        "pl": "„{address}” nie jest nazwą kolejki CUPS (nazwa nie może mieć spacji, „/”, „#” "
        "ani cudzysłowów)",
        "en": "“{address}” is not a CUPS queue name (a name has no spaces, “/”, “#” or quotes)",
    },
    # the host status answer
    "printing.status.empty": {
        "pl": "pusta odpowiedź",
        "en": "an empty answer",
    },
    "printing.status.unframed": {
        "pl": "tekst spoza ramek STX…ETX: „{sample}”",
        "en": "text outside the STX…ETX frames: “{sample}”",
    },
    "printing.status.too_few_strings": {
        "pl": "{found} {found:plural:wiersz|wiersze|wierszy} zamiast {expected}",
        "en": "{found} {found:plural:line|lines} instead of {expected}",
    },
    "printing.status.too_many_strings": {
        "pl": "{found} {found:plural:wiersz|wiersze|wierszy} zamiast {expected}",
        "en": "{found} {found:plural:line|lines} instead of {expected}",
    },
    "printing.status.too_few_fields": {
        "pl": "wiersz {string} ma {found} {found:plural:pole|pola|pól} zamiast co najmniej "
        "{expected}",
        "en": "line {string} has {found} {found:plural:field|fields} instead of at least "
        "{expected}",
    },
    "printing.status.not_a_number": {
        "pl": "wiersz {string}, pole {position}: „{sample}” nie jest liczbą",
        "en": "line {string}, field {position}: “{sample}” is not a number",
    },
    "printing.status.not_a_flag": {
        "pl": "wiersz {string}, pole {position}: „{sample}” zamiast 0 albo 1",
        "en": "line {string}, field {position}: “{sample}” instead of 0 or 1",
    },
    # the fake Zebra (make demo)
    "printing.fake.listening": {
        "pl": "Udawana drukarka Zebra nasłuchuje na {address} (stan: {state}), etykiety "
        "zapisuje w {directory}. Ctrl+C kończy.",
        "en": "Fake Zebra printer listening on {address} (state: {state}), saving labels in "
        "{directory}. Ctrl+C stops it.",
    },
    "printing.fake.listening_no_dir": {
        "pl": "Udawana drukarka Zebra nasłuchuje na {address} (stan: {state}). Ctrl+C kończy.",
        "en": "Fake Zebra printer listening on {address} (state: {state}). Ctrl+C stops it.",
    },
}

SAME_TEXT: frozenset[str] = frozenset({"printing.where.zebra"})
