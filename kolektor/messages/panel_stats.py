"""The office panel's texts: the statistics (panel.stats.*), the settings page
(panel.settings.*) and their API's errors.

``panel.stats.*`` also names the statistics' columns, metrics and charts where the server
writes them (the CSV file's header, the SVG charts); ``api.stats.*`` are the refusals of
``/api/stats`` (code ``bad_parameter``).
"""

from __future__ import annotations

CATALOG: dict[str, dict[str, str]] = {
    # ---- the statistics page --------------------------------------------------------------
    "panel.stats.from": {"pl": "Od dnia", "en": "From"},
    "panel.stats.to": {"pl": "Do dnia", "en": "To"},
    "panel.stats.group": {"pl": "Grupowanie", "en": "Group by"},
    "panel.stats.group.day": {"pl": "dniami", "en": "day"},
    "panel.stats.group.hour": {"pl": "godzinami", "en": "hour"},
    "panel.stats.operator": {"pl": "Pracownik", "en": "Operator"},
    "panel.stats.operator.all": {"pl": "wszyscy", "en": "everyone"},
    "panel.stats.series": {"pl": "Słupki na wykresach", "en": "Chart bars"},
    "panel.stats.series.operators": {"pl": "osobno dla każdego", "en": "one per operator"},
    "panel.stats.series.total": {"pl": "wszyscy razem", "en": "everyone together"},
    "panel.stats.show": {"pl": "Pokaż", "en": "Show"},
    "panel.stats.presets": {"pl": "Szybki wybór:", "en": "Quick choice:"},
    "panel.stats.preset.today": {"pl": "Dziś", "en": "Today"},
    "panel.stats.preset.week": {"pl": "Ostatnie 7 dni", "en": "Last 7 days"},
    "panel.stats.preset.days30": {"pl": "Ostatnie 30 dni", "en": "Last 30 days"},
    "panel.stats.preset.month": {"pl": "Ten miesiąc", "en": "This month"},
    "panel.stats.time_zone": {
        "pl": "Dni i godziny według czasu polskiego (Europe/Warsaw), niezależnie od strefy "
        "czasowej serwera.",
        "en": "Days and hours of Polish time (Europe/Warsaw), whatever the server's time zone.",
    },
    "panel.stats.summary": {"pl": "Podsumowanie", "en": "Summary"},
    "panel.stats.range": {
        "pl": "Od {from} do {to}, {group}, pracownicy: {operator}.",
        "en": "From {from} to {to}, by {group}, operators: {operator}.",
    },
    "panel.stats.csv": {"pl": "Pobierz CSV (Excel)", "en": "Download CSV (Excel)"},
    "panel.stats.charts": {"pl": "Wykresy", "en": "Charts"},
    "panel.stats.chart_alt": {
        "pl": "Wykres słupkowy: {metric}, od {from} do {to}. Te same liczby są w tabelach poniżej.",
        "en": "Bar chart: {metric}, from {from} to {to}. The tables below hold the same numbers.",
    },
    "panel.stats.by_operator": {"pl": "Pracownicy", "en": "Operators"},
    "panel.stats.by_operator_caption": {
        "pl": "Każdy pracownik od {from} do {to}",
        "en": "Each operator from {from} to {to}",
    },
    "panel.stats.by_period": {"pl": "Dzień po dniu", "en": "Period by period"},
    "panel.stats.by_period_caption": {
        "pl": "Wszystkie okresy zakresu; pracownicy: {operator}",
        "en": "Every period of the range; operators: {operator}",
    },
    "panel.stats.sort_hint": {
        "pl": "Nagłówek kolumny sortuje tabelę; drugie kliknięcie odwraca kolejność.",
        "en": "A column's header sorts the table; a second click reverses the order.",
    },
    "panel.stats.empty": {
        "pl": "W tym okresie nikt niczego nie zebrał, nie zeskanował ani nie spakował.",
        "en": "Nobody picked, scanned or packed anything in this period.",
    },
    "panel.stats.all_operators": {"pl": "Wszyscy pracownicy", "en": "All operators"},
    "panel.stats.whole_range": {"pl": "Cały zakres", "en": "The whole range"},
    # The figures (the tables, the tiles, the CSV file's header)
    "panel.stats.col.period": {"pl": "Okres", "en": "Period"},
    "panel.stats.col.day": {"pl": "Dzień", "en": "Day"},
    "panel.stats.col.hour": {"pl": "Godzina", "en": "Hour"},
    "panel.stats.col.login": {"pl": "Login pracownika", "en": "Operator's login"},
    "panel.stats.col.operator": {"pl": "Pracownik", "en": "Operator"},
    "panel.stats.col.orders": {"pl": "Zebrane zamówienia", "en": "Orders picked"},
    "panel.stats.col.lines": {"pl": "Pozycje", "en": "Lines"},
    "panel.stats.col.units": {"pl": "Zebrana ilość", "en": "Units picked"},
    "panel.stats.col.scans": {"pl": "Skany", "en": "Scans"},
    "panel.stats.col.wrong_scans": {"pl": "Błędne skany", "en": "Wrong scans"},
    "panel.stats.col.over_picks": {"pl": "Nadmiar („za dużo”)", "en": "Over-picks"},
    "panel.stats.col.shortages": {"pl": "Braki", "en": "Shortages"},
    "panel.stats.col.typed": {"pl": "Ilości wpisane ręcznie", "en": "Quantities typed"},
    "panel.stats.col.minutes_per_order": {
        "pl": "Minuty na zamówienie",
        "en": "Minutes per order",
    },
    "panel.stats.col.minutes_per_line": {"pl": "Minuty na pozycję", "en": "Minutes per line"},
    "panel.stats.col.to_packed_median": {
        "pl": "Od ZK do spakowania (mediana, min)",
        "en": "ZK to packed (median, min)",
    },
    "panel.stats.col.to_packed_average": {
        "pl": "Od ZK do spakowania (średnio, min)",
        "en": "ZK to packed (average, min)",
    },
    "panel.stats.col.to_done_median": {
        "pl": "Od ZK do zakończenia (mediana, min)",
        "en": "ZK to done (median, min)",
    },
    "panel.stats.col.to_done_average": {
        "pl": "Od ZK do zakończenia (średnio, min)",
        "en": "ZK to done (average, min)",
    },
    # The page shows times as durations ("4 min 05 s", "2 h 10 min"), not minutes
    "panel.stats.time.minutes_per_order": {"pl": "Czas na zamówienie", "en": "Time per order"},
    "panel.stats.time.minutes_per_line": {"pl": "Czas na pozycję", "en": "Time per line"},
    "panel.stats.time.to_packed_median": {
        "pl": "Od ZK do spakowania (mediana)",
        "en": "ZK to packed (median)",
    },
    "panel.stats.time.to_done_median": {
        "pl": "Od ZK do zakończenia (mediana)",
        "en": "ZK to done (median)",
    },
    "panel.stats.help.title": {"pl": "Jak liczymy", "en": "How it is counted"},
    "panel.stats.help.orders": {
        "pl": "Zamówienia, których zbieranie pracownik zakończył (jego skan przeniósł je do "
        "„zebrane”), w chwili zakończenia. Zamówienie odesłane do zbierania i zebrane "
        "ponownie liczy się ponownie.",
        "en": "Orders whose picking the operator finished (their scan moved them to "
        "“picked”), at that moment. An order sent back to picking and picked again counts "
        "again.",
    },
    "panel.stats.help.units": {
        "pl": "Suma zebranych ilości pozycji tych zamówień, każda w jednostce podstawowej "
        "towaru (sztuki, kilogramy…).",
        "en": "The picked quantities of those orders' lines added up, each in the product's "
        "base unit (pieces, kilograms…).",
    },
    "panel.stats.help.wrong_scans": {
        "pl": "Skany odrzucone: zły towar, nieznany kod, za dużo (nadmiar), brak partii, daty "
        "ważności lub numeru seryjnego, powtórzony numer seryjny, pozycja zamknięta z "
        "brakiem, zamówienie już zebrane. Skan wysłany ponownie nie liczy się drugi raz.",
        "en": "Refused scans: wrong product, unknown code, too many (over-pick), batch, "
        "expiry or serial missing, a serial given twice, a line closed short, an order "
        "already picked. A scan sent again does not count twice.",
    },
    "panel.stats.help.shortages": {
        "pl": "Zamówienia, które pracownik przeniósł do „problem”: brak zgłoszony przy "
        "zbieraniu albo za mało towaru w Subiekcie przy pakowaniu.",
        "en": "Orders the operator moved to “problem”: a shortage reported while picking, or "
        "too little stock in Subiekt at packing.",
    },
    "panel.stats.help.minutes": {
        "pl": "Od rozpoczęcia zbierania (przyjęcia zamówienia na kolektorze) do jego "
        "zakończenia; na pozycję: ten czas podzielony przez liczbę pozycji towarowych.",
        "en": "From the start of picking (claiming the order on the scanner) to its end; per "
        "line: that time divided by the number of goods lines.",
    },
    "panel.stats.help.lead_time": {
        "pl": "Od daty wystawienia ZK do spakowania (liczone pakującemu) i do zakończenia "
        "wszystkich kroków (liczone temu, kto pakował). Mediana i średnia są w pliku CSV.",
        "en": "From the ZK's issue date to packing (counted for the packer) and to the end "
        "of every step (counted for whoever packed it). Median and average are in the CSV "
        "file.",
    },
    # The charts (server-rendered SVG)
    "panel.stats.metric.orders": {"pl": "Zebrane zamówienia", "en": "Orders picked"},
    "panel.stats.metric.scans": {"pl": "Skany", "en": "Scans"},
    "panel.stats.metric.wrong_scans": {"pl": "Błędne skany", "en": "Wrong scans"},
    "panel.stats.metric.minutes_per_order": {
        "pl": "Minuty na zamówienie",
        "en": "Minutes per order",
    },
    "panel.stats.grouping.day": {"pl": "dzień po dniu", "en": "day by day"},
    "panel.stats.grouping.hour": {"pl": "godzina po godzinie", "en": "hour by hour"},
    "panel.stats.chart.title": {
        "pl": "{metric}, {grouping}, {first} – {last}",
        "en": "{metric}, {grouping}, {first} – {last}",
    },
    "panel.stats.chart.title_operator": {
        "pl": "{title}, pracownik {operator}",
        "en": "{title}, operator {operator}",
    },
    "panel.stats.chart.summary": {"pl": "{name}: {value}", "en": "{name}: {value}"},
    "panel.stats.chart.description": {
        "pl": "Wykres słupkowy: {title}. W całym zakresie: {summary}.",
        "en": "Bar chart: {title}. Over the whole range: {summary}.",
    },
    "panel.stats.chart.bar": {
        "pl": "{name}, {period}: {value}",
        "en": "{name}, {period}: {value}",
    },
    "panel.stats.chart.empty": {
        "pl": "Brak danych w tym okresie.",
        "en": "No data in this period.",
    },
    # ---- the settings page ----------------------------------------------------------------
    "panel.settings.read_only": {
        "pl": "Ustawienia zmienia tylko administrator — tu możesz je przejrzeć i sprawdzić kod.",
        "en": "Only an administrator changes settings — here you can look at them and check "
        "a code.",
    },
    "panel.settings.col.actions": {"pl": "Działania", "en": "Actions"},
    "panel.settings.tolerance.title": {
        "pl": "Tolerancja wagi (towar ważony)",
        "en": "Weight tolerance (weighed goods)",
    },
    "panel.settings.tolerance.intro": {
        "pl": "Etykieta z wagi nigdy nie trafia dokładnie w zamówioną wagę. Pozycja towaru "
        "ważonego jest zebrana, gdy zebrana ilość mieści się w tolerancji poniżej albo powyżej "
        "zamówionej: procent zamówionej ilości albo ilość w jednostce — wygrywa większa, "
        "zaokrąglona w dół do podanej liczby miejsc po przecinku. Wpis towaru zastępuje wpis "
        "jego jednostki. Sztuk (szt.) tolerancja nie obejmuje.",
        "en": "A scale label never hits the ordered weight. A weighed line is complete when "
        "the quantity picked is within the tolerance below or above the ordered one: a "
        "percentage of the ordered quantity or a quantity in the unit — the larger wins, "
        "rounded down to the decimal places given. A product's entry replaces its unit's. "
        "Pieces (szt.) have no tolerance.",
    },
    "panel.settings.tolerance.units": {"pl": "Jednostki", "en": "Units"},
    "panel.settings.tolerance.products": {"pl": "Towary", "en": "Products"},
    "panel.settings.tolerance.col.unit": {"pl": "Jednostka", "en": "Unit"},
    "panel.settings.tolerance.col.percent": {
        "pl": "Procent zamówionej ilości",
        "en": "Percent of the ordered quantity",
    },
    "panel.settings.tolerance.col.absolute": {
        "pl": "Ilość w jednostce",
        "en": "Quantity in the unit",
    },
    "panel.settings.tolerance.col.decimals": {
        "pl": "Miejsca po przecinku",
        "en": "Decimal places",
    },
    "panel.settings.tolerance.col.by": {"pl": "Towar wskazany przez", "en": "Product given by"},
    "panel.settings.tolerance.col.product": {
        "pl": "Symbol albo identyfikator",
        "en": "Symbol or id",
    },
    "panel.settings.tolerance.by.symbol": {
        "pl": "symbol w Subiekcie",
        "en": "its symbol in Subiekt",
    },
    "panel.settings.tolerance.by.product_id": {
        "pl": "identyfikator (tw_Id)",
        "en": "its id (tw_Id)",
    },
    "panel.settings.tolerance.cell": {"pl": "{column}: {row}", "en": "{column}: {row}"},
    "panel.settings.tolerance.unit_named": {"pl": "jednostka {unit}", "en": "unit {unit}"},
    "panel.settings.tolerance.unit_new": {"pl": "nowa jednostka", "en": "new unit"},
    "panel.settings.tolerance.product_named": {"pl": "towar {product}", "en": "product {product}"},
    "panel.settings.tolerance.product_new": {"pl": "nowy towar", "en": "new product"},
    "panel.settings.tolerance.no_units": {
        "pl": "Żadna jednostka nie ma tolerancji: towar ważony trzeba zebrać dokładnie.",
        "en": "No unit has a tolerance: weighed goods must be picked exactly.",
    },
    "panel.settings.tolerance.no_products": {
        "pl": "Żaden towar nie ma własnej tolerancji.",
        "en": "No product has a tolerance of its own.",
    },
    "panel.settings.tolerance.add_unit": {"pl": "Dodaj jednostkę", "en": "Add a unit"},
    "panel.settings.tolerance.add_product": {"pl": "Dodaj towar", "en": "Add a product"},
    "panel.settings.tolerance.remove": {"pl": "Usuń", "en": "Remove"},
    "panel.settings.tolerance.unit_twice": {
        "pl": "Ta jednostka już jest na liście.",
        "en": "This unit is listed already.",
    },
    "panel.settings.tolerance.save": {"pl": "Zapisz tolerancję", "en": "Save the tolerance"},
    "panel.settings.tolerance.saved": {
        "pl": "Zapisano tolerancję wagi. Obowiązuje dla zamówień, których zbieranie zacznie "
        "się od teraz.",
        "en": "The weight tolerance is saved. It applies to orders whose picking starts from "
        "now on.",
    },
    "panel.settings.manual.title": {
        "pl": "Ilości wpisywane ręcznie",
        "en": "Quantities typed by hand",
    },
    "panel.settings.manual.intro": {
        "pl": "Wpisana ilość pomija dowód ze skanu, że w ręku jest właściwy towar. Zaznaczone "
        "role wpisują ilości na kolektorze bez niczyjej zgody; pozostali potrzebują zgody "
        "kierownika — jego identyfikatora i PIN-u na swoim kolektorze.",
        "en": "A typed quantity skips a scan's proof that the right product is in hand. The "
        "roles ticked type quantities on the scanner without anyone's authorization; "
        "everyone else needs a supervisor's — their badge and PIN on the scanner.",
    },
    "panel.settings.manual.legend": {
        "pl": "Wpisują bez zgody kierownika",
        "en": "Type without a supervisor's authorization",
    },
    "panel.settings.manual.save": {"pl": "Zapisz", "en": "Save"},
    "panel.settings.manual.saved": {
        "pl": "Zapisano, kto wpisuje ilości bez zgody. Kolektory stosują to od razu.",
        "en": "Saved who types quantities without authorization. Scanners apply it at once.",
    },
    "panel.settings.parser.title": {
        "pl": "Odczyt kodów kreskowych",
        "en": "Reading barcodes",
    },
    "panel.settings.parser.intro": {
        "pl": "Tak serwer odczytuje zeskanowane kody: ustawienia wbudowane w Kolektor, "
        "opisane w dokumentacji (docs/scanning.md).",
        "en": "This is how the server reads scanned codes: settings built into Kolektor, "
        "described in its documentation (docs/scanning.md).",
    },
    "panel.settings.parser.separators": {
        "pl": "Znaki FNC1 (separatory GS1)",
        "en": "FNC1 characters (GS1 separators)",
    },
    "panel.settings.parser.control": {
        "pl": "znak sterujący {code}",
        "en": "control character {code}",
    },
    "panel.settings.parser.verify_dates": {
        "pl": "Odrzuca niemożliwe daty GS1",
        "en": "Refuses impossible GS1 dates",
    },
    "panel.settings.parser.rcn": {
        "pl": "Kody wagowe (ilość w kodzie, EAN-13 o prefiksie 02, 20–29)",
        "en": "Variable-measure codes (quantity in the code, EAN-13 with prefix 02, 20–29)",
    },
    "panel.settings.parser.rcn.prefix": {"pl": "Prefiks", "en": "Prefix"},
    "panel.settings.parser.rcn.measure": {"pl": "Co mierzy", "en": "Measures"},
    "panel.settings.parser.rcn.pattern": {"pl": "Układ cyfr", "en": "Digit layout"},
    "panel.settings.parser.rcn.decimals": {"pl": "Miejsca po przecinku", "en": "Decimal places"},
    "panel.settings.parser.rcn.check": {
        "pl": "Sprawdza cyfrę kontrolną",
        "en": "Checks the check digit",
    },
    "panel.settings.parser.measure.weight": {"pl": "wagę", "en": "weight"},
    "panel.settings.parser.measure.price": {"pl": "cenę", "en": "price"},
    "panel.settings.parser.measure.count": {"pl": "liczbę sztuk", "en": "count"},
    "panel.settings.parser.internal": {
        "pl": "Kody wewnętrzne (etykiety Kolektora i sklepu)",
        "en": "Internal codes (Kolektor's and the shop's labels)",
    },
    "panel.settings.parser.internal.kind": {"pl": "Rodzaj", "en": "Kind"},
    "panel.settings.parser.internal.regex": {
        "pl": "Wzorzec (wyrażenie regularne)",
        "en": "Pattern (regular expression)",
    },
    "panel.settings.parser.internal_kind.location": {"pl": "lokalizacja", "en": "location"},
    "panel.settings.parser.internal_kind.tote": {"pl": "pojemnik", "en": "tote"},
    "panel.settings.parser.internal_kind.badge": {"pl": "identyfikator pracownika", "en": "badge"},
    "panel.settings.parser.internal_kind.order": {"pl": "numer zamówienia", "en": "order number"},
    "panel.settings.try.title": {"pl": "Sprawdź kod", "en": "Check a code"},
    "panel.settings.try.label": {"pl": "Kod do sprawdzenia", "en": "Code to check"},
    "panel.settings.try.hint": {
        "pl": "Wpisz albo zeskanuj kod — wynik pojawia się od razu, taki sam jak przy skanie na "
        "kolektorze. Kod GS1 można wpisać z nawiasami, np. (01)05901234123457(17)261231(10)A1.",
        "en": "Type or scan a code — the result appears at once, the same as for a scan on a "
        "scanner. A GS1 code can be typed with brackets, e.g. "
        "(01)05901234123457(17)261231(10)A1.",
    },
    "panel.settings.try.read": {"pl": "Odczytano: {kind}.", "en": "Read: {kind}."},
    "panel.settings.try.unreadable": {
        "pl": "Tego kodu nie da się odczytać.",
        "en": "This code cannot be read.",
    },
    "panel.settings.try.kind.gtin": {
        "pl": "kod towaru (EAN/GTIN)",
        "en": "a product code (EAN/GTIN)",
    },
    "panel.settings.try.kind.gs1": {"pl": "kod GS1 z danymi", "en": "a GS1 code with data"},
    "panel.settings.try.kind.rcn": {
        "pl": "kod wagowy (ilość w kodzie)",
        "en": "a variable-measure code (quantity in the code)",
    },
    "panel.settings.try.kind.sscc": {"pl": "numer paczki (SSCC)", "en": "a parcel number (SSCC)"},
    "panel.settings.try.kind.internal": {"pl": "kod wewnętrzny", "en": "an internal code"},
    "panel.settings.try.code": {"pl": "Kod", "en": "Code"},
    "panel.settings.try.position": {"pl": "Błąd przy znaku nr", "en": "Problem at character"},
    "panel.settings.try.lookup_key": {"pl": "Szukany jako", "en": "Looked up as"},
    "panel.settings.try.product": {"pl": "Towar", "en": "Product"},
    "panel.settings.try.product_known": {
        "pl": "kod towaru z Subiekta (bez nazwy)",
        "en": "a product code from Subiekt (without a name)",
    },
    "panel.settings.try.product_unknown": {
        "pl": "żaden towar w Subiekcie nie ma tego kodu",
        "en": "no product in Subiekt has this code",
    },
    "panel.settings.try.quantity": {"pl": "Ilość z kodu", "en": "Quantity in the code"},
    "panel.settings.try.quantity_none": {
        "pl": "brak — liczy się ilość przypisana do kodu w Subiekcie",
        "en": "none — the quantity Subiekt gives the barcode counts",
    },
    "panel.settings.try.unit.kg": {"pl": "kg", "en": "kg"},
    "panel.settings.try.unit.pcs": {"pl": "szt.", "en": "pcs"},
    "panel.settings.try.gtin": {"pl": "GTIN towaru", "en": "Product GTIN"},
    "panel.settings.try.gtin_format": {"pl": "Rodzaj kodu towaru", "en": "Product code format"},
    "panel.settings.try.symbology": {"pl": "Symbolika kodu", "en": "Symbology"},
    "panel.settings.try.sscc": {"pl": "Numer paczki (SSCC)", "en": "Parcel number (SSCC)"},
    "panel.settings.try.batch": {"pl": "Partia", "en": "Batch"},
    "panel.settings.try.expiry": {"pl": "Termin ważności", "en": "Expiry date"},
    "panel.settings.try.best_before": {"pl": "Najlepiej spożyć przed", "en": "Best before"},
    "panel.settings.try.serial": {"pl": "Numer seryjny", "en": "Serial number"},
    "panel.settings.try.rcn": {"pl": "Kod wagowy", "en": "Variable measure"},
    "panel.settings.try.internal_kind": {
        "pl": "Rodzaj kodu wewnętrznego",
        "en": "Internal code kind",
    },
    "panel.settings.try.internal_value": {"pl": "Wartość", "en": "Value"},
    "panel.settings.try.elements": {"pl": "Dane w kodzie GS1", "en": "Data in the GS1 code"},
    "panel.settings.try.ai": {"pl": "Identyfikator (AI)", "en": "Identifier (AI)"},
    "panel.settings.try.value": {"pl": "Wartość", "en": "Value"},
    "panel.settings.try.ai_title": {"pl": "Nazwa wg GS1", "en": "GS1 title"},
    # ---- the API's refusals ---------------------------------------------------------------
    "api.stats.bad_date": {
        "pl": "Parametr {name}: „{value}” to nie data w postaci RRRR-MM-DD od {earliest} do "
        "{latest}.",
        "en": "Parameter {name}: “{value}” is not a date written YYYY-MM-DD from {earliest} to "
        "{latest}.",
    },
    "api.stats.bad_choice": {
        "pl": "Parametr {name}: „{value}” nie jest dozwolony (dozwolone: {allowed}).",
        "en": "Parameter {name}: “{value}” is not allowed (allowed: {allowed}).",
    },
    "api.stats.range_reversed": {
        "pl": "Data początkowa {first} jest późniejsza niż końcowa {last}.",
        "en": "The first day {first} is after the last day {last}.",
    },
    "api.stats.range_too_long": {
        "pl": "Zakres od {first} do {last} ma {days} {days:plural:dzień|dni|dni} — {grouping} "
        "najwyżej {most} {most:plural:dzień|dni|dni}. Zawęź zakres.",
        "en": "The range from {first} to {last} has {days} {days:plural:day|days} — {grouping} "
        "at most {most} {most:plural:day|days}. Narrow the range.",
    },
    "api.stats.unknown_operator": {
        "pl": "Nie ma pracownika o loginie „{login}”.",
        "en": "There is no operator with the login “{login}”.",
    },
}

SAME_TEXT: frozenset[str] = frozenset(
    {
        "panel.stats.chart.title",
        "panel.stats.chart.summary",
        "panel.stats.chart.bar",
        "panel.settings.tolerance.cell",
        "panel.settings.try.unit.kg",
    }
)
