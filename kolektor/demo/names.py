"""Polish source data of the demo Subiekt database: products, people, companies, places.

All invented — brands, companies and people do not exist (any likeness is accidental);
towns and postcode areas are real so addresses look right.  Every list is ordered, so a
seeded :class:`random.Random` picks the same things on every run.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ProductTemplate:
    """A product line: every ``brand`` × ``size`` is one product named
    ``f"{name} {brand} {size}"`` (at most 50 characters — ``tw_Nazwa``)."""

    group: str
    """Symbol prefix (``tw_Symbol`` = ``KAW-0012``)."""
    name: str
    brands: tuple[str, ...]
    sizes: tuple[str, ...]
    vat: str
    """``vat_Symbol``: ``23``, ``8``, ``5``, ``0`` or ``zw``."""
    price: float
    """Gross price of the smallest size in PLN; larger sizes cost more."""
    packs: tuple[int, ...] = ()
    """Pack sizes sold with their own barcode (6 → ``opak.``, 12 → ``karton``)."""


PRODUCT_TEMPLATES: tuple[ProductTemplate, ...] = (
    ProductTemplate("KAW", "Kawa ziarnista", ("Łódzka", "Mazurska", "Góralska", "Śląska"),
                    ("250 g", "500 g", "1 kg"), "23", 18.99, (6,)),
    ProductTemplate("KAW", "Kawa mielona", ("Łódzka", "Poranna", "Złota"),
                    ("250 g", "500 g"), "23", 14.49, (6, 12)),
    ProductTemplate("HER", "Herbata czarna", ("Cejlońska", "Kaszubska", "Różana"),
                    ("20 torebek", "100 torebek"), "23", 6.49, (12,)),
    ProductTemplate("HER", "Herbata owocowa", ("Malinowa", "Wiśniowa", "Żurawinowa", "Jeżynowa"),
                    ("20 torebek",), "23", 5.29, (12,)),
    ProductTemplate("SLO", "Czekolada gorzka", ("Królewska", "Ślężańska", "Bałtycka"),
                    ("100 g", "200 g"), "8", 5.99, (12,)),
    ProductTemplate("SLO", "Czekolada mleczna z orzechami", ("Królewska", "Ślężańska"),
                    ("100 g",), "8", 6.49, (12,)),
    ProductTemplate("SLO", "Pierniki toruńskie w czekoladzie", ("Kopernik", "Grodzkie"),
                    ("150 g", "300 g"), "8", 9.99, (12,)),
    ProductTemplate("SLO", "Krówki ciągutki", ("Mazurskie", "Pszczółka"),
                    ("250 g", "1 kg"), "8", 8.99, (6,)),
    ProductTemplate("SLO", "Wafle ryżowe", ("Naturalne", "Z sezamem", "Z czarnuszką"),
                    ("130 g",), "5", 3.49, (12,)),
    ProductTemplate("MAK", "Makaron świderki", ("Mazowiecki", "Pomorski", "Żytni"),
                    ("400 g", "1 kg"), "5", 4.29, (12,)),
    ProductTemplate("MAK", "Makaron spaghetti", ("Mazowiecki", "Pomorski", "Żytni"),
                    ("500 g",), "5", 4.99, (12,)),
    ProductTemplate("MAK", "Kasza gryczana prażona", ("Podlaska", "Lubelska"),
                    ("400 g", "1 kg"), "5", 5.49, (6,)),
    ProductTemplate("MAK", "Ryż basmati", ("Złoty Kłos", "Perłowy"),
                    ("1 kg", "4 x 100 g"), "5", 8.99, (6,)),
    ProductTemplate("MAK", "Mąka pszenna typ 450", ("Młyńska", "Źródlana"),
                    ("1 kg", "2 kg"), "5", 3.49, (12,)),
    ProductTemplate("OLE", "Olej rzepakowy tłoczony na zimno", ("Żniwny", "Złoty"),
                    ("500 ml", "1 l"), "5", 12.99, (6,)),
    ProductTemplate("OLE", "Oliwa z oliwek extra vergine", ("Słoneczna", "Kreteńska"),
                    ("500 ml", "750 ml"), "5", 24.99, (6,)),
    ProductTemplate("MIO", "Miód wielokwiatowy", ("Bartnik", "Bieszczadzki", "Kurpiowski"),
                    ("400 g", "900 g"), "5", 21.99, (6,)),
    ProductTemplate("MIO", "Miód gryczany", ("Kurpiowski", "Bartnik"),
                    ("250 g", "400 g"), "5", 19.99),
    ProductTemplate("SLO", "Dżem truskawkowy niskosłodzony", ("Sadowy", "Babuni"),
                    ("280 g",), "5", 7.49, (6,)),
    ProductTemplate("SLO", "Powidła śliwkowe węgierkowe", ("Babuni", "Szydłowskie"),
                    ("290 g",), "5", 8.99, (6,)),
    ProductTemplate("SLO", "Ogórki kiszone", ("Babuni", "Krakowskie", "Kresowe"),
                    ("900 g",), "5", 9.99, (6,)),
    ProductTemplate("SLO", "Koncentrat pomidorowy 30%", ("Słoneczny", "Włoski"),
                    ("190 g",), "5", 3.29, (12,)),
    ProductTemplate("NAP", "Sok jabłkowy tłoczony", ("Sadowy", "Grójecki"),
                    ("1 l", "3 l"), "5", 6.99, (6, 12)),
    ProductTemplate("NAP", "Napój owsiany", ("Płatkowy", "Zbożowa Łąka"),
                    ("1 l",), "5", 8.49, (6,)),
    ProductTemplate("MLE", "Mleko UHT 3,2%", ("Łąkowe", "Mazurskie"),
                    ("1 l",), "5", 3.99, (6, 12)),
    ProductTemplate("PRZ", "Pieprz czarny mielony", ("Kuchnia Babci", "Smaki Świata"),
                    ("20 g", "50 g"), "5", 2.99, (12,)),
    ProductTemplate("PRZ", "Majeranek suszony", ("Kuchnia Babci", "Smaki Świata"),
                    ("8 g",), "5", 2.49, (12,)),
    ProductTemplate("KOS", "Żel pod prysznic",
                    ("Leśna Świeżość", "Róża i Jaśmin", "Cytrusowy Poranek", "Morska Bryza"),
                    ("250 ml", "500 ml"), "23", 9.99, (6, 12)),
    ProductTemplate("KOS", "Szampon do włosów", ("Pokrzywowy", "Rumiankowy", "Łopianowy"),
                    ("300 ml", "500 ml"), "23", 11.49, (6,)),
    ProductTemplate("KOS", "Mydło w kostce", ("Szare", "Kozie Mleko", "Lawendowe"),
                    ("100 g",), "23", 3.99, (12,)),
    ProductTemplate("KOS", "Krem do rąk", ("Łagodny", "Z mocznikiem", "Ochronny"),
                    ("75 ml",), "23", 8.49, (12,)),
    ProductTemplate("KOS", "Pasta do zębów", ("Miętowa", "Ziołowa", "Wybielająca"),
                    ("75 ml", "125 ml"), "23", 7.99, (12,)),
    ProductTemplate("KOS", "Dezodorant w sprayu", ("Świeży", "Sportowy", "Pudrowy"),
                    ("150 ml",), "23", 12.99, (6,)),
    ProductTemplate("CHE", "Płyn do naczyń", ("Cytrynowy", "Miętowy", "Z aloesem"),
                    ("500 ml", "1 l"), "23", 6.99, (6, 12)),
    ProductTemplate("CHE", "Proszek do prania kolorów", ("Świeżość Łąki", "Bez zapachu"),
                    ("1,5 kg", "3 kg"), "23", 24.99),
    ProductTemplate("CHE", "Płyn do płukania tkanin", ("Lawendowy", "Kwiat bawełny"),
                    ("1 l", "2 l"), "23", 13.99, (6,)),
    ProductTemplate("CHE", "Worki na śmieci 60 l", ("Mocne", "Z taśmą"),
                    ("20 szt.",), "23", 7.49, (12,)),
    ProductTemplate("CHE", "Ręcznik papierowy", ("Biały Miś", "Ekonomiczny"),
                    ("2 rolki", "4 rolki"), "23", 8.99, (6,)),
    ProductTemplate("CHE", "Gąbki kuchenne", ("Profilowane", "Delikatne"),
                    ("5 szt.", "10 szt."), "23", 4.49, (12,)),
    ProductTemplate("DOM", "Świeca zapachowa w szkle",
                    ("Wanilia", "Korzenna pomarańcza", "Leśne runo"), ("180 g",), "23", 29.99),
    ProductTemplate("DOM", "Kubek ceramiczny",
                    ("Bolesławiecki", "Zielony groszek", "Niebieski paw"),
                    ("350 ml",), "23", 34.90, (6,)),
    ProductTemplate("DOM", "Ściereczka z mikrofibry", ("Szara", "Żółta", "Niebieska"),
                    ("30x30 cm",), "23", 3.99, (12,)),
    ProductTemplate("DOM", "Żarówka LED E27", ("Ciepła biel", "Neutralna biel"),
                    ("9 W", "13 W"), "23", 9.99, (6, 12)),
    ProductTemplate("DOM", "Pojemnik na żywność", ("Szklany", "Plastikowy"),
                    ("0,5 l", "1 l", "2 l"), "23", 14.99, (6,)),
    ProductTemplate("BIU", "Zeszyt A5 w kratkę", ("Szkolny", "Ekologiczny"),
                    ("60 kartek", "96 kartek"), "23", 3.49, (12,)),
    ProductTemplate("BIU", "Długopis żelowy", ("niebieski", "czarny", "czerwony"),
                    ("0,5 mm",), "23", 2.99, (12,)),
    ProductTemplate("BIU", "Taśma pakowa brązowa", ("48 mm",), ("66 m",), "23", 5.99, (6, 12)),
    ProductTemplate("KSI", "Atlas grzybów Polski", ("wydanie ilustrowane", "wydanie kieszonkowe"),
                    ("",), "5", 39.90),
    ProductTemplate("ZAB", "Klocki konstrukcyjne", ("Zamek", "Straż pożarna", "Farma"),
                    ("250 el.", "500 el."), "23", 49.99),
    ProductTemplate("ZAB", "Puzzle", ("Tatry", "Wrocław nocą", "Łąka"),
                    ("500 el.", "1000 el."), "23", 29.99),
    ProductTemplate("DZI", "Pieluszki", ("rozmiar 3", "rozmiar 4", "rozmiar 5"),
                    ("52 szt.", "84 szt."), "8", 49.99),
    ProductTemplate("ZWI", "Karma dla kota z łososiem", ("Mruczek", "Filemon"),
                    ("85 g", "400 g", "1,5 kg"), "8", 3.49, (12,)),
    ProductTemplate("ZWI", "Karma dla psa z wołowiną", ("Burek", "Azor"),
                    ("400 g", "1,2 kg"), "8", 6.99, (6, 12)),
    ProductTemplate("ELE", "Baterie alkaliczne AA", ("Energia", "Długa Moc"),
                    ("4 szt.", "10 szt."), "23", 9.99, (12,)),
    ProductTemplate("ELE", "Kabel USB-C do ładowania", ("Szybki", "Pleciony"),
                    ("1 m", "2 m"), "23", 19.99),
    ProductTemplate("OGR", "Nasiona pomidora", ("Malinowy Ożarowski", "Bawole Serce", "Koktajlowy"),
                    ("0,5 g",), "8", 3.99, (12,)),
    ProductTemplate("OGR", "Ziemia uniwersalna", ("Ogrodnik", "Działkowiec"),
                    ("10 l", "20 l", "50 l"), "8", 9.99),
    ProductTemplate("NAP", "Woda mineralna gazowana", ("Górski Zdrój", "Źródlana", "Beskidzka"),
                    ("0,5 l", "1,5 l"), "5", 1.99, (6, 12)),
    ProductTemplate("NAP", "Herbata mrożona", ("Brzoskwiniowa", "Cytrynowa"),
                    ("0,5 l", "1,5 l"), "23", 3.49, (6, 12)),
    ProductTemplate("SLO", "Płatki owsiane górskie", ("Młyńskie", "Podhalańskie"),
                    ("500 g", "1 kg"), "5", 3.99, (12,)),
    ProductTemplate("SLO", "Musli z owocami", ("Poranne", "Leśne", "Tropikalne"),
                    ("350 g", "700 g"), "5", 9.49, (6,)),
    ProductTemplate("SLO", "Ciastka owsiane", ("Babuni", "Kruche", "Z żurawiną"),
                    ("150 g", "300 g"), "8", 4.99, (12,)),
    ProductTemplate("SLO", "Orzeszki ziemne", ("Solone prażone", "W skorupce"),
                    ("150 g", "500 g"), "5", 4.49, (12,)),
    ProductTemplate("SLO", "Chipsy ziemniaczane", ("Solone", "Paprykowe", "Zielona cebulka"),
                    ("140 g", "200 g"), "5", 5.99, (12,)),
    ProductTemplate("KOS", "Balsam do ciała", ("Kakaowy", "Migdałowy", "Z olejem z malin"),
                    ("200 ml", "400 ml"), "23", 14.99, (6,)),
    ProductTemplate("KOS", "Płyn micelarny", ("Różany", "Ogórkowy", "Bławatkowy"),
                    ("400 ml",), "23", 15.99, (6,)),
    ProductTemplate("KOS", "Szczoteczka do zębów", ("miękka", "średnia", "twarda"),
                    ("1 szt.", "2 szt."), "23", 6.99, (12,)),
    ProductTemplate("CHE", "Płyn do mycia szyb", ("Cytrynowy", "Antypara"),
                    ("500 ml", "1 l"), "23", 8.99, (6, 12)),
    ProductTemplate("CHE", "Tabletki do zmywarki", ("Wszystko w jednym", "Eko"),
                    ("30 szt.", "60 szt.", "100 szt."), "23", 29.99),
    ProductTemplate("CHE", "Mleczko do czyszczenia", ("Cytrynowe", "Oceaniczne"),
                    ("500 ml", "750 ml"), "23", 7.49, (12,)),
    ProductTemplate("DOM", "Ręcznik bawełniany", ("biały", "grafitowy", "miętowy", "łososiowy"),
                    ("50x90 cm", "70x140 cm"), "23", 24.99),
    ProductTemplate("DOM", "Poszewka na poduszkę", ("lniana", "bawełniana w kratkę"),
                    ("40x40 cm", "50x60 cm"), "23", 19.99),
    ProductTemplate("BIU", "Koperty C5 samoklejące", ("białe", "szare"),
                    ("50 szt.", "500 szt."), "23", 9.99, (12,)),
    ProductTemplate("BIU", "Papier ksero A4", ("biały 80 g",), ("500 arkuszy",), "23", 24.99, (6,)),
    ProductTemplate("BIU", "Karteczki samoprzylepne", ("żółte", "neonowe"),
                    ("76x76 mm",), "23", 4.99, (12,)),
    ProductTemplate("ZAB", "Kredki ołówkowe", ("Żyrafa", "Słoń"),
                    ("12 kolorów", "24 kolory"), "23", 12.99, (12,)),
    ProductTemplate("ZAB", "Plastelina", ("Żyrafa", "Słoń"), ("12 kolorów",), "23", 7.99, (12,)),
    ProductTemplate("ELE", "Ładowarka sieciowa USB", ("20 W", "65 W"),
                    ("czarna", "biała"), "23", 39.99),
    ProductTemplate("ELE", "Przedłużacz z wyłącznikiem", ("3 gniazda", "5 gniazd"),
                    ("1,5 m", "3 m", "5 m"), "23", 24.99),
    ProductTemplate("OGR", "Nasiona marchwi", ("Nantejska", "Karotka"), ("2 g",), "8", 2.99, (12,)),
    ProductTemplate("OGR", "Nawóz do pomidorów", ("Ogrodnik", "Działkowiec"),
                    ("1 l", "1,5 kg"), "8", 14.99),
    ProductTemplate("ZWI", "Żwirek dla kota", ("bentonitowy", "drewniany"),
                    ("5 l", "10 l"), "23", 19.99),
    ProductTemplate("KSI", "Śpiewnik harcerski", ("wydanie II",), ("",), "5", 24.90),
    ProductTemplate("KSI", "Kalendarz książkowy 2026", ("A5 dzienny", "B5 tygodniowy"),
                    ("",), "23", 34.90),
)  # fmt: skip

WEIGHTED_PRODUCTS: tuple[tuple[str, float, str], ...] = (
    ("Ser żółty gouda w bloku", 32.90, "5"),
    ("Ser podlaski dojrzewający", 39.90, "5"),
    ("Kiełbasa śląska", 24.90, "5"),
    ("Kiełbasa krakowska sucha", 54.90, "5"),
    ("Szynka wędzona tradycyjna", 49.90, "5"),
    ("Polędwica sopocka", 59.90, "5"),
    ("Boczek wędzony parzony", 34.90, "5"),
    ("Jabłka Szampion", 4.99, "5"),
    ("Gruszki Konferencja", 7.49, "5"),
    ("Ziemniaki młode", 3.49, "5"),
    ("Orzechy włoskie łuskane", 59.00, "5"),
    ("Śliwki suszone", 29.90, "5"),
    ("Krówki luzem", 24.90, "8"),
    ("Cukierki irysy luzem", 22.90, "8"),
)
"""Goods sold by weight (base unit ``kg``): name, gross price per kg, VAT symbol."""

SERVICES: tuple[tuple[str, str, float, str], ...] = (
    ("USL-PREZENT", "Usługa pakowania prezentu", 9.99, "23"),
    ("USL-GRAWER", "Usługa grawerowania", 29.00, "23"),
    ("USL-MONTAZ", "Montaż i instalacja u klienta", 99.00, "8"),
    ("USL-UBEZP", "Ubezpieczenie przesyłki", 4.99, "zw"),
)
"""Services (``tw_Rodzaj`` 2, no barcode): symbol, name, gross price, VAT symbol."""

GIFT_WRAP_SERVICE = "USL-PREZENT"

ONE_OFF_SERVICE = "Dopłata za wysyłkę ekspresową"
"""Name of the one-off service line (``ob_TowId`` NULL, name in ``ob_Opis``)."""

MALE_FIRST_NAMES = (
    "Łukasz", "Paweł", "Michał", "Krzysztof", "Tomasz", "Piotr", "Jędrzej", "Bartłomiej",
    "Wojciech", "Grzegorz", "Mikołaj", "Jakub", "Stanisław", "Zbigniew", "Przemysław",
    "Kazimierz", "Bogusław", "Maciej",
)  # fmt: skip

FEMALE_FIRST_NAMES = (
    "Małgorzata", "Agnieszka", "Katarzyna", "Anna", "Joanna", "Żaneta", "Jadwiga", "Bożena",
    "Elżbieta", "Dorota", "Ewa", "Grażyna", "Zofia", "Alicja", "Urszula", "Łucja", "Jolanta",
    "Weronika",
)  # fmt: skip

SURNAMES: tuple[tuple[str, str], ...] = (
    ("Kowalski", "Kowalska"), ("Wiśniewski", "Wiśniewska"), ("Wójcik", "Wójcik"),
    ("Kamiński", "Kamińska"), ("Lewandowski", "Lewandowska"), ("Zieliński", "Zielińska"),
    ("Szymański", "Szymańska"), ("Woźniak", "Woźniak"), ("Dąbrowski", "Dąbrowska"),
    ("Kozłowski", "Kozłowska"), ("Jabłoński", "Jabłońska"), ("Mazur", "Mazur"),
    ("Król", "Król"), ("Wróbel", "Wróbel"), ("Żak", "Żak"), ("Sójka", "Sójka"),
    ("Ćwikliński", "Ćwiklińska"), ("Łęcki", "Łęcka"), ("Gołębiowski", "Gołębiowska"),
    ("Śliwiński", "Śliwińska"), ("Pietrzak", "Pietrzak"), ("Grabowski", "Grabowska"),
    ("Nowak", "Nowak"), ("Michalski", "Michalska"), ("Brzęczyszczykiewicz", "Brzęczyszczykiewicz"),
    ("Źrałko", "Źrałko"), ("Ślusarczyk", "Ślusarczyk"), ("Kałużny", "Kałużna"),
)  # fmt: skip
"""(male, female) forms of surnames."""

CITIES: tuple[tuple[str, str], ...] = (
    ("Łódź", "91"), ("Kraków", "31"), ("Wrocław", "50"), ("Poznań", "61"), ("Gdańsk", "80"),
    ("Szczecin", "70"), ("Białystok", "15"), ("Lublin", "20"), ("Rzeszów", "35"),
    ("Kielce", "25"), ("Olsztyn", "10"), ("Opole", "45"), ("Zielona Góra", "65"),
    ("Warszawa", "00"), ("Bydgoszcz", "85"), ("Katowice", "40"), ("Toruń", "87-100"),
    ("Bielsko-Biała", "43-300"), ("Częstochowa", "42-200"), ("Gliwice", "44-100"),
    ("Zakopane", "34-500"), ("Świnoujście", "72-600"), ("Żyrardów", "96-300"),
    ("Łomża", "18-400"), ("Ełk", "19-300"), ("Żagań", "68-100"), ("Chełm", "22-100"),
    ("Śrem", "63-100"), ("Ząbki", "05-091"), ("Łańcut", "37-100"), ("Tczew", "83-110"),
    ("Gorzów Wielkopolski", "66-400"), ("Sopot", "81-7"),
)  # fmt: skip
"""Town and the start of its postcodes; the generator completes the ``NN-NNN`` pattern."""

STREETS = (
    "Piotrkowska", "Świętokrzyska", "Mickiewicza", "Słowackiego", "Kościuszki", "Żeromskiego",
    "Wojska Polskiego", "Długa", "Źródlana", "Łąkowa", "Jaśminowa", "Różana", "Kwiatowa",
    "Ogrodowa", "Szkolna", "Leśna", "Polna", "Gdańska", "Sienkiewicza", "Chełmońskiego",
    "Kiepury", "Żwirki i Wigury", "Aleja Niepodległości", "Plac Wolności", "Źrebięca",
    "Ćmielowska", "Grunwaldzka", "Kasztanowa",
)  # fmt: skip

COMPANIES: tuple[tuple[str, str], ...] = (
    ("Piekarnia Złoty Kłos", "Piekarnia Złoty Kłos Sp. z o.o."),
    ("Kwiaciarnia Słonecznik", "Kwiaciarnia Słonecznik Anna Wiśniewska"),
    ("Hurtownia Żuraw", "Hurtownia Spożywcza Żuraw Sp.j. Kozłowski i Wspólnicy"),
    ("P.H.U. Dąbrowski", "Przedsiębiorstwo Handlowo-Usługowe Łukasz Dąbrowski"),
    ("Zakład Stolarski Dąb", "Zakład Stolarski Dąb s.c. Mazur, Król"),
    ("Księgarnia Pod Żurawiem", "Księgarnia Pod Żurawiem Sp. z o.o."),
    ("Apteka Pod Łabędziem", "Apteka Pod Łabędziem s.c."),
    ("Biuro Rachunkowe Bilans", "Biuro Rachunkowe Bilans Małgorzata Kozłowska"),
    ("Drukarnia Łącznik", "Drukarnia Łącznik Sp. z o.o."),
    ("Pracownia Ceramiki Glinka", "Pracownia Ceramiki Glinka Zofia Król"),
    ("Auto-Serwis Śliwiński", "Auto-Serwis Śliwiński i Syn Sp.j."),
    ("Cukiernia Słodka Chwila", "Cukiernia Słodka Chwila Sp. z o.o."),
    ("Przedszkole Niezapominajka", "Niepubliczne Przedszkole Niezapominajka Jadwiga Żak"),
    ("Fizjoterapia Ruch", "Gabinet Fizjoterapii Ruch Ewa Pietrzak"),
    ("Zielarnia Źródło Zdrowia", "Sklep Zielarski Źródło Zdrowia Bożena Sójka"),
    ("Restauracja Pod Świerkami", "Restauracja Pod Świerkami Sp. z o.o."),
    ("Hotel Nad Łyną", "Hotel Nad Łyną Sp. z o.o. Sp.k."),
    ("Fundacja Ćma i Motyl", "Fundacja Ćma i Motyl"),
    ("Różany Sad", "Gospodarstwo Ogrodnicze Różany Sad Grzegorz Wróbel"),
    ("SM Przyszłość", "Spółdzielnia Mieszkaniowa Przyszłość w Łodzi"),
    ("Szkoła Językowa Ślimak", "Szkoła Językowa Ślimak Sp. z o.o."),
    ("Studio Żółty Balon", "Studio Fotograficzne Żółty Balon Weronika Łęcka"),
    ("Kancelaria Łęcki", "Kancelaria Radcy Prawnego Jędrzej Łęcki"),
    ("Warsztat Rowerowy Szprycha", "Warsztat Rowerowy Szprycha s.c."),
    ("ZUR Ściana Bis", "Zakład Usług Remontowych Ściana Bis Przemysław Kałużny"),
    ("Agencja Ćwierć", "Agencja Reklamowa Ćwierć Sp. z o.o."),
    ("Schronisko Łapa w Łapę", "Stowarzyszenie Schronisko Łapa w Łapę"),
    ("Weterynarz Żubr", "Przychodnia Weterynaryjna Żubr Sp. z o.o."),
    ("Wędkarz Szczupak", "Sklep Wędkarski Szczupak Zbigniew Nowak"),
    ("Kawiarnia Pod Gruszą", "Kawiarnia Pod Gruszą s.c."),
)
"""(short name ``adr_Nazwa``, full name ``adr_NazwaPelna``) of customer companies."""

SUPPLIERS: tuple[tuple[str, str], ...] = (
    ("Palarnia Kawy Łódzka", "Palarnia Kawy Łódzka Sp. z o.o."),
    ("Hurtownia Chemii Świeżość", "Hurtownia Chemii Gospodarczej Świeżość Sp.j."),
)

EMAIL_DOMAINS = ("wp.pl", "onet.pl", "gmail.com", "o2.pl", "interia.pl", "poczta.fm")

ALLEGRO_LOGINS = (
    "kowal_123", "szybki_zakup", "ewa-nowak88", "tomek.k", "rowerzysta_krk", "mamaZosi",
    "lodzianin_90", "kwiatuszek77",
)  # fmt: skip

PLAIN_REMARKS = (
    "Proszę dzwonić przed dostawą.",
    "Zostawić u sąsiada pod 5, jeśli nikogo nie będzie.",
    "Dostawa po 16:00 – pracuję do 15:30.",
    "Paczka na prezent, prosimy o staranne zapakowanie.",
    "Brama od podwórza, domofon nie działa – proszę dzwonić na komórkę.",
    "Klient prosi o szybką wysyłkę.",
)
"""Remarks that ask for no particular sales document."""

INVOICE_REMARKS = ("faktura", "Proszę o fakturę.", "PROSZĘ O FAKTURĘ VAT", "Faktura na firmę")
RECEIPT_REMARKS = ("paragon", "Paragon proszę", "PARAGON")
WZ_REMARKS = ("WZ", "wz do zamówienia", "Proszę wystawić WZ")
TRICKY_REMARK = "Prezent – proszę nie wkładać paragonu ani faktury do paczki."
"""Mentions both document words but asks for neither: rules matching words see both."""

FLAGS = ("Pilne", "Do wyjaśnienia", "Klient VIP")
FLAG_COMMENTS = (
    "Klient dzwonił – wysłać dziś.",
    "Sprawdzić adres dostawy z klientem.",
    "Stały klient, dołożyć gratis.",
)
