"""The office side of shipping: the printers and stations page (``panel.printers.*``), the
order page's shipment card (``panel.order.shipment.*``), the printer form and status
(``printers.*``), the handover list (``handover.*``) and the errors of their routes
(``api.*``)."""

from __future__ import annotations

_MONTHS_PL = ("stycznia", "lutego", "marca", "kwietnia", "maja", "czerwca", "lipca",
              "sierpnia", "września", "października", "listopada", "grudnia")  # fmt: skip
_MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August",
              "September", "October", "November", "December")  # fmt: skip

CATALOG: dict[str, dict[str, str]] = {
    # -- the printer and station form (kolektor/printing/form.py) ----------------------------
    "printers.form.unknown_field": {
        "pl": "Nieznane pole „{field}” — znane: {known}.",
        "en": "Unknown field “{field}” — known: {known}.",
    },
    "printers.form.name_empty": {"pl": "Wpisz nazwę.", "en": "Enter a name."},
    "printers.form.name_long": {
        "pl": "Nazwa może mieć najwyżej {limit} znaków.",
        "en": "A name has at most {limit} characters.",
    },
    "printers.form.name_characters": {
        "pl": "Nazwa ma niedozwolone znaki (znaki sterujące) — wpisz ją zwykłym tekstem.",
        "en": "The name has characters that are not allowed (control characters) — type it "
        "as plain text.",
    },
    "printers.form.kind": {
        "pl": "Wybierz rodzaj drukarki: {kinds}.",
        "en": "Choose the kind of printer: {kinds}.",
    },
    "printers.form.address_empty_zebra": {
        "pl": "Wpisz adres drukarki Zebra: adres IP albo nazwę i port, np. 192.168.1.50:9100.",
        "en": "Enter the Zebra's address: an IP address or host name and port, e.g. "
        "192.168.1.50:9100.",
    },
    "printers.form.address_empty_cups": {
        "pl": "Wpisz nazwę kolejki CUPS, np. Pakowanie-1 (lpstat -p pokazuje kolejki).",
        "en": "Enter the CUPS queue's name, e.g. Pakowanie-1 (lpstat -p lists the queues).",
    },
    "printers.form.address_long": {
        "pl": "Adres może mieć najwyżej {limit} znaków, bez znaków sterujących.",
        "en": "An address has at most {limit} characters, without control characters.",
    },
    "printers.form.dpi": {
        "pl": "Rozdzielczość głowicy to jedna z: {choices} dpi (jest na tabliczce drukarki).",
        "en": "The head's resolution is one of: {choices} dpi (see the printer's plate).",
    },
    "printers.form.width_mm": {
        "pl": "Szerokość etykiety to liczba milimetrów od {low} do {high}, najwyżej dwa "
        "miejsca po przecinku (4 cale = 101,6).",
        "en": "The label's width is a number of millimetres from {low} to {high}, at most "
        "two decimals (4 in = 101.6).",
    },
    "printers.form.height_mm": {
        "pl": "Długość etykiety to liczba milimetrów od {low} do {high}, najwyżej dwa "
        "miejsca po przecinku (6 cali = 152,4).",
        "en": "The label's length is a number of millimetres from {low} to {high}, at most "
        "two decimals (6 in = 152.4).",
    },
    "printers.form.printer_id": {
        "pl": "Wybierz drukarkę z listy albo „bez drukarki”.",
        "en": "Choose a printer from the list or “no printer”.",
    },
    # -- asking a printer how it is (kolektor/printing/check.py) -----------------------------
    "printers.status.zebra_ready": {
        "pl": "Drukarka „{printer}” ({where}) jest gotowa do druku.",
        "en": "Printer “{printer}” ({where}) is ready to print.",
    },
    "printers.status.zebra_busy": {
        "pl": "Drukarka „{printer}” ({where}) jest gotowa; drukuje jeszcze {n} "
        "{n:plural:etykietę|etykiety|etykiet}.",
        "en": "Printer “{printer}” ({where}) is ready; it is still printing {n} "
        "{n:plural:label|labels}.",
    },
    "printers.status.cups_idle": {
        "pl": "Drukarka „{printer}” ({where}) czeka na wydruki.",
        "en": "Printer “{printer}” ({where}) is waiting for jobs.",
    },
    "printers.status.cups_processing": {
        "pl": "Drukarka „{printer}” ({where}) właśnie drukuje.",
        "en": "Printer “{printer}” ({where}) is printing now.",
    },
    # -- the test label (kolektor/printing/sample.py) ------------------------------------------
    "printers.sample.title": {"pl": "Kolektor: wydruk testowy", "en": "Kolektor: test print"},
    "printers.sample.setup": {
        "pl": "{dpi} dpi, etykieta {width} × {height} mm",
        "en": "{dpi} dpi, label {width} × {height} mm",
    },
    "printers.sample.ruler": {
        "pl": "Linijka: kreska co 5 mm, liczba co 10 mm",
        "en": "Ruler: a tick every 5 mm, a number every 10 mm",
    },
    "printers.sample.sent": {
        "pl": "Wysłano wydruk testowy do drukarki „{printer}”.",
        "en": "Sent a test print to printer “{printer}”.",
    },
    # -- file names ----------------------------------------------------------------------------
    "shipping.office.file_name": {"pl": "etykieta", "en": "label"},
    "handover.file_name": {"pl": "protokol-przekazania", "en": "handover"},
    # -- the handover list (kolektor/shipping/handover.py) ---------------------------------------
    "handover.title": {
        "pl": "Protokół przekazania przesyłek — {carrier} — {date}",
        "en": "Shipment handover list — {carrier} — {date}",
    },
    "handover.shop": {"pl": "Nadawca", "en": "Sender"},
    "handover.made": {"pl": "Sporządzono: {at}", "en": "Made: {at}"},
    "handover.col.no": {"pl": "Lp.", "en": "No."},
    "handover.col.number": {"pl": "Zamówienie", "en": "Order"},
    "handover.col.receiver": {"pl": "Odbiorca", "en": "Receiver"},
    "handover.col.city": {"pl": "Miejscowość", "en": "City"},
    "handover.col.service": {"pl": "Usługa", "en": "Service"},
    "handover.col.parcels": {"pl": "Paczki", "en": "Parcels"},
    "handover.col.tracking": {"pl": "Numery przesyłek", "en": "Tracking numbers"},
    "handover.empty": {
        "pl": "Tego dnia nie nadano żadnej przesyłki u tego przewoźnika.",
        "en": "No shipment was sent with this carrier on this day.",
    },
    "handover.totals": {
        "pl": "Razem: {shipments} {shipments:plural:przesyłka|przesyłki|przesyłek}, {parcels} "
        "{parcels:plural:paczka|paczki|paczek}.",
        "en": "Total: {shipments} {shipments:plural:shipment|shipments}, {parcels} "
        "{parcels:plural:parcel|parcels}.",
    },
    "handover.sign.shop": {"pl": "Przekazał (sklep)", "en": "Handed over by (the shop)"},
    "handover.sign.courier": {"pl": "Odebrał (kurier)", "en": "Received by (the courier)"},
    "handover.sign.hint": {
        "pl": "data, czytelny podpis",
        "en": "date, legible signature",
    },
    **{
        f"handover.month.{n}": {"pl": pl, "en": en}
        for n, (pl, en) in enumerate(zip(_MONTHS_PL, _MONTHS_EN, strict=True), start=1)
    },
    # -- errors of /api/printers, /api/stations, /api/shipments ---------------------------------
    "api.name_taken": {
        "pl": "Nazwa „{name}” jest już zajęta — wybierz inną.",
        "en": "The name “{name}” is taken — choose another.",
    },
    "api.no_such_printer": {
        "pl": "Nie ma drukarki nr {id} — wybierz drukarkę z listy.",
        "en": "There is no printer no. {id} — choose a printer from the list.",
    },
    "api.no_such_station": {
        "pl": "Nie ma stanowiska nr {id} — wybierz stanowisko z listy.",
        "en": "There is no station no. {id} — choose a station from the list.",
    },
    "api.bad_device_id": {
        "pl": "To nie jest identyfikator urządzenia: od 1 do {limit} znaków, bez spacji na "
        "początku i końcu (urządzenie pokazuje go w ustawieniach).",
        "en": "That is not a device id: 1 to {limit} characters, without spaces at either end "
        "(the device shows it in its settings).",
    },
    "api.label_step_running": {
        "pl": "Etykieta {number} jest jeszcze w przygotowaniu (krok etykiety ponawia się) — "
        "anulowanie sprawiłoby, że Kolektor kupi nową przesyłkę. Poczekaj, aż krok się "
        "zakończy albo trafi do „Wymaga uwagi”, i wtedy anuluj.",
        "en": "The label of {number} is still being made (the label step is retrying) — "
        "cancelling now would make Kolektor buy a new shipment. Wait until the step ends or "
        "needs attention, then cancel.",
    },
    "api.nothing_to_cancel": {
        "pl": "{number} nie ma przesyłki do anulowania.",
        "en": "{number} has no shipment to cancel.",
    },
    "api.shipment_busy": {
        "pl": "Przesyłka {number} jest właśnie zakładana u przewoźnika — spróbuj za chwilę.",
        "en": "The shipment of {number} is being created at the carrier right now — try again "
        "in a moment.",
    },
    "api.cancel_not_done": {
        "pl": "Przewoźnik nie anulował przesyłki (jej stan u przewoźnika: {state}).",
        "en": "The carrier did not cancel the shipment (its state there: {state}).",
    },
    "api.reprint_cancelled": {
        "pl": "Przesyłka {number} została anulowana — jej etykiet nie można już drukować.",
        "en": "The shipment of {number} was cancelled — its labels can no longer be printed.",
    },
    # -- the menu --------------------------------------------------------------------------
    "panel.nav.printers": {"pl": "Drukarki i stanowiska", "en": "Printers and stations"},
    # -- the printers and stations page ------------------------------------------------------
    "panel.printers.printers": {"pl": "Drukarki etykiet", "en": "Label printers"},
    "panel.printers.printers_intro": {
        "pl": "Drukarki, na których drukują się etykiety przewozowe: Zebra w sieci albo "
        "kolejka CUPS. „Sprawdź” pyta drukarkę o stan, nic nie drukując.",
        "en": "The printers shipping labels print on: a Zebra on the network or a CUPS queue. "
        "“Check” asks the printer how it is without printing anything.",
    },
    "panel.printers.add_printer": {"pl": "Dodaj drukarkę", "en": "Add a printer"},
    "panel.printers.no_printers": {
        "pl": "Nie ma jeszcze żadnej drukarki etykiet.",
        "en": "There is no label printer yet.",
    },
    "panel.printers.col.name": {"pl": "Nazwa", "en": "Name"},
    "panel.printers.col.kind": {"pl": "Rodzaj", "en": "Kind"},
    "panel.printers.col.address": {"pl": "Adres", "en": "Address"},
    "panel.printers.col.label": {"pl": "Etykieta", "en": "Label"},
    "panel.printers.col.stations": {"pl": "Stanowiska", "en": "Stations"},
    "panel.printers.col.status": {"pl": "Stan", "en": "State"},
    "panel.printers.col.actions": {"pl": "Działania", "en": "Actions"},
    "panel.printers.col.printer": {"pl": "Drukarka etykiet", "en": "Label printer"},
    "panel.printers.col.devices": {"pl": "Urządzenia", "en": "Devices"},
    "panel.printers.col.device": {"pl": "Urządzenie", "en": "Device"},
    "panel.printers.col.station": {"pl": "Stanowisko", "en": "Station"},
    "panel.printers.col.set_by": {"pl": "Ustawił", "en": "Set by"},
    "panel.printers.col.last_seen": {"pl": "Ostatnio widziane", "en": "Last seen"},
    "panel.printers.kind.zebra": {"pl": "Zebra (sieć)", "en": "Zebra (network)"},
    "panel.printers.kind.cups": {"pl": "kolejka CUPS", "en": "CUPS queue"},
    "panel.printers.label_size": {
        "pl": "{width} × {height} mm, {dpi} dpi",
        "en": "{width} × {height} mm, {dpi} dpi",
    },
    "panel.printers.not_checked": {"pl": "nie sprawdzano", "en": "not checked"},
    "panel.printers.checking": {"pl": "Sprawdzam…", "en": "Checking…"},
    "panel.printers.check": {"pl": "Sprawdź", "en": "Check"},
    "panel.printers.check_of": {"pl": "Sprawdź drukarkę {name}", "en": "Check printer {name}"},
    "panel.printers.status_ok": {"pl": "gotowa", "en": "ready"},
    "panel.printers.status_bad": {"pl": "nie drukuje", "en": "cannot print"},
    "panel.printers.test_print": {"pl": "Wydruk testowy", "en": "Test print"},
    "panel.printers.edit": {"pl": "Edytuj", "en": "Edit"},
    "panel.printers.delete": {"pl": "Usuń", "en": "Delete"},
    "panel.printers.actions_of": {"pl": "Działania: {name}", "en": "Actions: {name}"},
    "panel.printers.none": {"pl": "—", "en": "—"},
    "panel.printers.form.add_printer": {"pl": "Nowa drukarka etykiet", "en": "New label printer"},
    "panel.printers.form.edit_printer": {
        "pl": "Drukarka „{name}”",
        "en": "Printer “{name}”",
    },
    "panel.printers.form.name": {"pl": "Nazwa", "en": "Name"},
    "panel.printers.form.name_hint": {
        "pl": "Tak drukarkę zobaczy pakujący w komunikatach, np. „Pakowanie 1”.",
        "en": "How the packer sees the printer in messages, e.g. “Packing 1”.",
    },
    "panel.printers.form.kind": {"pl": "Rodzaj", "en": "Kind"},
    "panel.printers.form.address": {"pl": "Adres", "en": "Address"},
    "panel.printers.form.address_hint_zebra": {
        "pl": "Adres IP drukarki i port, np. 192.168.1.50:9100 (bez portu: 9100).",
        "en": "The printer's IP address and port, e.g. 192.168.1.50:9100 (no port: 9100).",
    },
    "panel.printers.form.address_hint_cups": {
        "pl": "Nazwa kolejki CUPS typu raw, np. Pakowanie-1.",
        "en": "The name of a raw CUPS queue, e.g. Pakowanie-1.",
    },
    "panel.printers.form.dpi": {"pl": "Rozdzielczość (dpi)", "en": "Resolution (dpi)"},
    "panel.printers.form.width": {"pl": "Szerokość etykiety (mm)", "en": "Label width (mm)"},
    "panel.printers.form.height": {"pl": "Długość etykiety (mm)", "en": "Label length (mm)"},
    "panel.printers.form.size_hint": {
        "pl": "Etykieta 4 × 6 cali to 101,6 × 152,4 mm; A6 to 105 × 148 mm.",
        "en": "A 4 × 6 in label is 101.6 × 152.4 mm; A6 is 105 × 148 mm.",
    },
    "panel.printers.form.add_station": {
        "pl": "Nowe stanowisko pakowania",
        "en": "New packing station",
    },
    "panel.printers.form.edit_station": {"pl": "Stanowisko „{name}”", "en": "Station “{name}”"},
    "panel.printers.form.station_name_hint": {
        "pl": "Np. „Stół 1” — stół, przy którym się pakuje.",
        "en": "E.g. “Table 1” — the table where orders are packed.",
    },
    "panel.printers.form.printer": {"pl": "Drukarka etykiet", "en": "Label printer"},
    "panel.printers.form.no_printer": {"pl": "bez drukarki", "en": "no printer"},
    "panel.printers.form.save": {"pl": "Zapisz", "en": "Save"},
    "panel.printers.form.add": {"pl": "Dodaj", "en": "Add"},
    "panel.printers.saved_printer": {
        "pl": "Zapisano drukarkę „{name}”.",
        "en": "Saved printer “{name}”.",
    },
    "panel.printers.saved_station": {
        "pl": "Zapisano stanowisko „{name}”.",
        "en": "Saved station “{name}”.",
    },
    "panel.printers.confirm_delete_printer": {
        "pl": "Usunąć drukarkę „{name}”?",
        "en": "Delete printer “{name}”?",
    },
    "panel.printers.confirm_delete_printer_used": {
        "pl": "Stanowiska {stations} zostaną bez drukarki etykiet — ich etykiety nie będą się "
        "drukować, dopóki nie dostaną innej.",
        "en": "Stations {stations} will be left without a label printer — their labels will "
        "not print until they get another.",
    },
    "panel.printers.deleted_printer": {
        "pl": "Usunięto drukarkę „{name}”.",
        "en": "Deleted printer “{name}”.",
    },
    "panel.printers.confirm_delete_station": {
        "pl": "Usunąć stanowisko „{name}”?",
        "en": "Delete station “{name}”?",
    },
    "panel.printers.confirm_delete_station_devices": {
        "pl": "Urządzenia {devices} przestaną być do niego przypisane.",
        "en": "Devices {devices} will no longer be assigned to it.",
    },
    "panel.printers.deleted_station": {
        "pl": "Usunięto stanowisko „{name}”.",
        "en": "Deleted station “{name}”.",
    },
    "panel.printers.stations": {"pl": "Stanowiska pakowania", "en": "Packing stations"},
    "panel.printers.stations_intro": {
        "pl": "Stanowisko to stół, przy którym się pakuje, z drukarką etykiet obok. Etykiety "
        "zamówienia drukują się na drukarce stanowiska, przy którym je spakowano.",
        "en": "A station is the table where orders are packed, with its label printer beside "
        "it. An order's labels print on the printer of the station where it was packed.",
    },
    "panel.printers.add_station": {"pl": "Dodaj stanowisko", "en": "Add a station"},
    "panel.printers.no_stations": {
        "pl": "Nie ma jeszcze żadnego stanowiska pakowania.",
        "en": "There is no packing station yet.",
    },
    "panel.printers.no_printer": {"pl": "bez drukarki", "en": "no printer"},
    "panel.printers.devices": {
        "pl": "Urządzenia i ich stanowiska",
        "en": "Devices and their stations",
    },
    "panel.printers.devices_intro": {
        "pl": "Przy którym stanowisku pakuje każdy kolektor. Identyfikator urządzenia widać w "
        "jego ustawieniach.",
        "en": "Where each handheld packs. A device shows its id in its settings.",
    },
    "panel.printers.no_devices": {
        "pl": "Żadne urządzenie się jeszcze nie logowało ani nie ma stanowiska.",
        "en": "No device has logged in or been given a station yet.",
    },
    "panel.printers.station_of": {
        "pl": "Stanowisko urządzenia {device}",
        "en": "Station of device {device}",
    },
    "panel.printers.no_station": {"pl": "bez stanowiska", "en": "no station"},
    "panel.printers.never_seen": {"pl": "nie widziano", "en": "never seen"},
    "panel.printers.device_id": {"pl": "Identyfikator urządzenia", "en": "Device id"},
    "panel.printers.device_station": {"pl": "Stanowisko", "en": "Station"},
    "panel.printers.assign": {"pl": "Przypisz", "en": "Assign"},
    "panel.printers.device_id_empty": {
        "pl": "Wpisz identyfikator urządzenia (widać go w ustawieniach kolektora).",
        "en": "Enter the device id (the handheld shows it in its settings).",
    },
    "panel.printers.assigned": {
        "pl": "Urządzenie {device} pakuje teraz przy stanowisku „{station}”.",
        "en": "Device {device} now packs at station “{station}”.",
    },
    "panel.printers.unassigned": {
        "pl": "Urządzenie {device} nie ma już stanowiska.",
        "en": "Device {device} no longer has a station.",
    },
    "panel.printers.handover": {
        "pl": "Przekazanie kurierowi (koniec dnia)",
        "en": "Handover to the courier (end of day)",
    },
    "panel.printers.handover_intro": {
        "pl": "Lista przesyłek nadanych danego dnia u przewoźnika, z miejscem na podpisy — "
        "do wydrukowania i podpisania przy odbiorze paczek.",
        "en": "The shipments sent with a carrier on a day, with room for signatures — to print "
        "and sign when the parcels are collected.",
    },
    "panel.printers.handover_carrier": {"pl": "Przewoźnik", "en": "Carrier"},
    "panel.printers.handover_date": {"pl": "Dzień", "en": "Day"},
    "panel.printers.handover_show": {"pl": "Pokaż listę", "en": "Show the list"},
    "panel.printers.handover_pdf": {
        "pl": "Pobierz protokół (PDF)",
        "en": "Download the list (PDF)",
    },
    "panel.printers.handover_none": {
        "pl": "Tego dnia nie nadano u tego przewoźnika żadnej przesyłki.",
        "en": "No shipment was sent with this carrier on this day.",
    },
    "panel.printers.handover_totals": {
        "pl": "{shipments} {shipments:plural:przesyłka|przesyłki|przesyłek}, {parcels} "
        "{parcels:plural:paczka|paczki|paczek}",
        "en": "{shipments} {shipments:plural:shipment|shipments}, {parcels} "
        "{parcels:plural:parcel|parcels}",
    },
    "panel.printers.col.order": {"pl": "Zamówienie", "en": "Order"},
    "panel.printers.col.receiver": {"pl": "Odbiorca", "en": "Receiver"},
    "panel.printers.col.service": {"pl": "Usługa", "en": "Service"},
    "panel.printers.col.parcels": {"pl": "Paczki", "en": "Parcels"},
    "panel.printers.col.tracking": {"pl": "Numery przesyłek", "en": "Tracking numbers"},
    "panel.printers.carrier.own": {"pl": "etykieta Kolektora", "en": "Kolektor's own label"},
    "panel.printers.carrier.inpost": {"pl": "InPost", "en": "InPost"},
    "panel.printers.carrier.allegro": {"pl": "Wysyłam z Allegro", "en": "Allegro shipping"},
    # -- the order page's shipment card --------------------------------------------------------
    "panel.order.shipment.title": {"pl": "Przesyłka", "en": "Shipment"},
    "panel.order.shipment.none": {
        "pl": "Zamówienie nie ma przesyłki — powstaje po spakowaniu, w kroku „etykieta”.",
        "en": "The order has no shipment — it is made after packing, in the “label” step.",
    },
    "panel.order.shipment.carrier": {"pl": "Przewoźnik", "en": "Carrier"},
    "panel.order.shipment.service": {"pl": "Usługa", "en": "Service"},
    "panel.order.shipment.state": {"pl": "Stan", "en": "State"},
    "panel.order.shipment.carrier_status": {
        "pl": "Status u przewoźnika",
        "en": "Status at the carrier",
    },
    "panel.order.shipment.tracking": {"pl": "Numery przesyłek", "en": "Tracking numbers"},
    "panel.order.shipment.tracking_link": {
        "pl": "Śledź przesyłkę {number} na stronie InPost",
        "en": "Track shipment {number} on InPost's site",
    },
    "panel.order.shipment.error": {"pl": "Ostatni błąd", "en": "Last error"},
    "panel.order.shipment.created": {"pl": "Utworzona", "en": "Created"},
    "panel.order.shipment.updated": {"pl": "Ostatnia zmiana", "en": "Last change"},
    "panel.order.shipment.cancelled_at": {"pl": "Anulowana", "en": "Cancelled"},
    "panel.order.shipment.labels": {"pl": "Etykiety", "en": "Labels"},
    "panel.order.shipment.no_labels": {
        "pl": "Etykiety jeszcze nie zostały pobrane.",
        "en": "The labels have not been fetched yet.",
    },
    "panel.order.shipment.label_alt": {
        "pl": "Podgląd etykiety paczki {package} z {count} ({number})",
        "en": "Preview of the label of parcel {package} of {count} ({number})",
    },
    "panel.order.shipment.parcel": {
        "pl": "Paczka {package} z {count}",
        "en": "Parcel {package} of {count}",
    },
    "panel.order.shipment.printed": {
        "pl": "wydrukowana {n} {n:plural:raz|razy|razy}, ostatnio {at} na „{printer}”",
        "en": "printed {n} {n:plural:time|times}, last {at} on “{printer}”",
    },
    "panel.order.shipment.not_printed": {"pl": "jeszcze nie drukowana", "en": "not printed yet"},
    "panel.order.shipment.download": {
        "pl": "Pobierz ({format})",
        "en": "Download ({format})",
    },
    "panel.order.shipment.download_label": {
        "pl": "Pobierz etykietę paczki {package} ({format})",
        "en": "Download the label of parcel {package} ({format})",
    },
    "panel.order.shipment.no_preview": {
        "pl": "Podgląd niedostępny — pobierz plik etykiety.",
        "en": "No preview — download the label file.",
    },
    "panel.order.shipment.reprint": {"pl": "Drukuj ponownie", "en": "Print again"},
    "panel.order.shipment.cancel": {"pl": "Anuluj przesyłkę", "en": "Cancel the shipment"},
    "panel.order.shipment.reprint_title": {
        "pl": "Drukuj ponownie etykiety {number}",
        "en": "Print the labels of {number} again",
    },
    "panel.order.shipment.reprint_printer": {"pl": "Drukarka", "en": "Printer"},
    "panel.order.shipment.station_printer": {
        "pl": "drukarka stanowiska pakowania",
        "en": "the packing station's printer",
    },
    "panel.order.shipment.reprinted": {
        "pl": "Wysłano {n} {n:plural:etykietę|etykiety|etykiet} do drukarki „{printer}”.",
        "en": "Sent {n} {n:plural:label|labels} to printer “{printer}”.",
    },
    "panel.order.shipment.confirm_cancel": {
        "pl": "Anulować przesyłkę {number} u przewoźnika ({carrier})?",
        "en": "Cancel the shipment of {number} at the carrier ({carrier})?",
    },
    "panel.order.shipment.confirm_cancel_details": {
        "pl": "Jej etykiety przestaną być ważne. Nową przesyłkę Kolektor kupi dopiero, gdy krok "
        "„etykieta” wykona się ponownie (po ponownym spakowaniu albo przy ponowieniu kroku).",
        "en": "Its labels stop being valid. Kolektor buys a new shipment only when the “label” "
        "step runs again (after packing again, or when the step is retried).",
    },
    "panel.order.shipment.cancelled": {
        "pl": "Przesyłka {number} została anulowana.",
        "en": "The shipment of {number} was cancelled.",
    },
    "panel.order.shipment.earlier": {
        "pl": "Wcześniejsze przesyłki ({n})",
        "en": "Earlier shipments ({n})",
    },
    "panel.order.shipment.failed_load": {
        "pl": "Nie udało się wczytać przesyłki: {message}",
        "en": "Could not load the shipment: {message}",
    },
    "panel.order.shipment.state.creating": {"pl": "zakładana u przewoźnika", "en": "being created"},
    "panel.order.shipment.state.pending": {
        "pl": "czeka na potwierdzenie przewoźnika",
        "en": "waiting for the carrier's confirmation",
    },
    "panel.order.shipment.state.confirmed": {
        "pl": "kupiona, etykiety jeszcze nie pobrane",
        "en": "bought, labels not fetched yet",
    },
    "panel.order.shipment.state.labelled": {
        "pl": "etykiety gotowe, niewydrukowane",
        "en": "labels ready, not printed",
    },
    "panel.order.shipment.state.printed": {"pl": "etykiety wydrukowane", "en": "labels printed"},
    "panel.order.shipment.state.failed": {
        "pl": "odrzucona przez przewoźnika",
        "en": "refused by the carrier",
    },
    "panel.order.shipment.state.cancelled": {"pl": "anulowana", "en": "cancelled"},
    "panel.audit.text.printer_created": {
        "pl": "Dodano drukarkę etykiet „{name}”",
        "en": "Added label printer “{name}”",
    },
    "panel.audit.text.printer_changed": {
        "pl": "Zmieniono drukarkę etykiet „{name}”",
        "en": "Changed label printer “{name}”",
    },
    "panel.audit.text.printer_deleted": {
        "pl": "Usunięto drukarkę etykiet „{name}”",
        "en": "Deleted label printer “{name}”",
    },
    "panel.audit.text.station_created": {
        "pl": "Dodano stanowisko pakowania „{name}”",
        "en": "Added packing station “{name}”",
    },
    "panel.audit.text.station_changed": {
        "pl": "Zmieniono stanowisko pakowania „{name}”",
        "en": "Changed packing station “{name}”",
    },
    "panel.audit.text.station_deleted": {
        "pl": "Usunięto stanowisko pakowania „{name}”",
        "en": "Deleted packing station “{name}”",
    },
    "panel.audit.text.device_station_set": {
        "pl": "Urządzenie {device} pakuje przy stanowisku „{station}”",
        "en": "Device {device} packs at station “{station}”",
    },
    "panel.audit.text.device_station_cleared": {
        "pl": "Urządzenie {device} nie ma już stanowiska",
        "en": "Device {device} no longer has a station",
    },
    "panel.audit.text.shipment_reprinted": {
        "pl": "Wydrukowano ponownie {n} {n:plural:etykietę|etykiety|etykiet} na „{printer}”:",
        "en": "Printed {n} {n:plural:label|labels} again on “{printer}”:",
    },
    "panel.audit.text.shipment_cancelled": {
        "pl": "Anulowano przesyłkę zamówienia",
        "en": "Cancelled the shipment of order",
    },
    "panel.order.audit.shipment.reprinted": {
        "pl": "Etykiety wydrukowane ponownie",
        "en": "Labels printed again",
    },
    "panel.order.audit.shipment.cancelled": {
        "pl": "Przesyłka anulowana",
        "en": "Shipment cancelled",
    },
}

SAME_TEXT: frozenset[str] = frozenset(
    {
        "panel.printers.none",
        "panel.printers.label_size",
        "panel.printers.carrier.inpost",
    }
)
