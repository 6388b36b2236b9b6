"""Texts of label images: Kolektor's own label, PDF labels converted to ZPL, previews (labels.*).

``labels.own.*`` — the words printed on Kolektor's own label (:mod:`kolektor.labels.own`,
in the order's language) and why one cannot be made; ``labels.sscc.*`` — an SSCC that
cannot be built or is wrong; ``labels.pdf.*`` — a carrier's PDF label that cannot become
ZPL or a preview (:mod:`kolektor.labels.pdf_zpl`); ``labels.preview.*`` — a ZPL label the
preview cannot draw (:mod:`kolektor.labels.preview`).  All of them are
:class:`kolektor.labels.errors.LabelImageError`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kolektor.i18n import Language

CATALOG: dict[str, dict[Language, str]] = {
    # -- the words on the own label
    "labels.own.sender": {"pl": "Nadawca", "en": "Sender"},
    "labels.own.receiver": {"pl": "Odbiorca", "en": "Receiver"},
    "labels.own.package": {"pl": "Paczka {number}/{count}", "en": "Parcel {number}/{count}"},
    "labels.own.weight": {"pl": "Waga: {weight} kg", "en": "Weight: {weight} kg"},
    "labels.own.remarks": {"pl": "Uwagi", "en": "Remarks"},
    "labels.own.phone": {"pl": "tel. {phone}", "en": "phone {phone}"},
    # -- why the own label cannot be made
    "labels.own.no_reference": {
        "pl": "Etykieta własna potrzebuje numeru zamówienia (ZK), a go nie ma.",
        "en": "Kolektor's own label needs the order number (ZK), and there is none.",
    },
    "labels.own.package_number": {
        "pl": "Paczka {number} z {count}: numer paczki musi być od 1 do liczby paczek.",
        "en": "Parcel {number} of {count}: the parcel number must be from 1 to the number of "
        "parcels.",
    },
    "labels.own.size": {
        "pl": "Etykieta własna ma {width} × {height} mm, a potrzebuje co najmniej "
        "{min_width} × {min_height} mm (4 × 6 cali albo 100 × 150 mm).",
        "en": "Kolektor's own label is {width} × {height} mm but needs at least "
        "{min_width} × {min_height} mm (4 × 6 in or 100 × 150 mm).",
    },
    "labels.own.barcode_too_long": {
        "pl": "Kod kreskowy „{data}” nie mieści się na etykiecie szerokiej na {width} mm "
        "nawet przy najwęższych kreskach.",
        "en": "The barcode “{data}” does not fit on a {width} mm wide label even with the "
        "narrowest bars.",
    },
    "labels.dpi": {
        "pl": "Rozdzielczość drukarki {dpi} dpi nie jest obsługiwana: ustaw 203, 300 albo 600 dpi.",
        "en": "A printer resolution of {dpi} dpi is not supported: set 203, 300 or 600 dpi.",
    },
    "labels.size": {
        "pl": "Rozmiar etykiety {width} × {height} mm jest niemożliwy przy {dpi} dpi.",
        "en": "A label size of {width} × {height} mm is not possible at {dpi} dpi.",
    },
    # -- SSCC
    "labels.sscc.prefix": {
        "pl": "Prefiks firmy GS1 „{prefix}” musi mieć od 4 do 12 cyfr.",
        "en": "The GS1 company prefix “{prefix}” must have 4 to 12 digits.",
    },
    "labels.sscc.extension": {
        "pl": "Cyfra rozszerzenia SSCC musi być od 0 do 9, a jest {extension}.",
        "en": "The SSCC extension digit must be 0 to 9, not {extension}.",
    },
    "labels.sscc.serial": {
        "pl": "Numer seryjny SSCC {serial} nie mieści się w {digits} "
        "{digits:plural:cyfrze|cyfrach|cyfrach}, które zostają przy prefiksie „{prefix}”.",
        "en": "The SSCC serial number {serial} does not fit in the {digits} "
        "{digits:plural:digit|digits} left by the prefix “{prefix}”.",
    },
    "labels.sscc.digits": {
        "pl": "SSCC „{sscc}” musi mieć 18 cyfr.",
        "en": "The SSCC “{sscc}” must have 18 digits.",
    },
    "labels.sscc.check_digit": {
        "pl": "SSCC „{sscc}” ma cyfrę kontrolną {found}, a powinna być {expected}.",
        "en": "The SSCC “{sscc}” has the check digit {found}; it should be {expected}.",
    },
    # -- PDF labels
    "labels.pdf.empty": {
        "pl": "Plik PDF etykiety jest pusty.",
        "en": "The label PDF file is empty.",
    },
    "labels.pdf.unreadable": {
        "pl": "Etykiety nie da się odczytać: to nie jest PDF albo plik jest uszkodzony.",
        "en": "The label cannot be read: it is not a PDF or the file is damaged.",
    },
    "labels.pdf.encrypted": {
        "pl": "PDF etykiety jest zabezpieczony hasłem; poproś przewoźnika o etykietę bez hasła.",
        "en": "The label PDF is protected by a password; ask the carrier for a label without one.",
    },
    "labels.pdf.no_pages": {
        "pl": "PDF etykiety nie ma ani jednej strony.",
        "en": "The label PDF has no pages.",
    },
    "labels.pdf.no_page": {
        "pl": "PDF etykiety ma {count} {count:plural:stronę|strony|stron}; strony {page} w nim "
        "nie ma.",
        "en": "The label PDF has {count} {count:plural:page|pages}; there is no page {page}.",
    },
    "labels.pdf.blank_page": {
        "pl": "Strona {page} PDF-u etykiety jest pusta — nie ma na niej nic do wydrukowania.",
        "en": "Page {page} of the label PDF is blank — there is nothing on it to print.",
    },
    "labels.pdf.page_too_large": {
        "pl": "Strona {page} PDF-u etykiety ma {width} × {height} mm — to nie jest etykieta "
        "(najwyżej {limit} mm z każdej strony).",
        "en": "Page {page} of the label PDF is {width} × {height} mm — that is not a label "
        "(at most {limit} mm a side).",
    },
    "labels.pdf.page_damaged": {
        "pl": "Strony {page} PDF-u etykiety nie da się odczytać: plik jest uszkodzony.",
        "en": "Page {page} of the label PDF cannot be read: the file is damaged.",
    },
    "labels.pdf.render_failed": {
        "pl": "Strony {page} PDF-u etykiety nie udało się narysować.",
        "en": "Page {page} of the label PDF could not be rendered.",
    },
    # -- previews
    "labels.preview.unsupported": {
        "pl": "Podgląd nie rysuje polecenia ZPL {command}; pokaż PDF etykiety od przewoźnika.",
        "en": "The preview does not draw the ZPL command {command}; show the carrier's PDF "
        "label instead.",
    },
    "labels.preview.bad_command": {
        "pl": "Podglądu nie da się narysować: polecenie ZPL {command} jest niepoprawne ({reason}).",
        "en": "The preview cannot be drawn: the ZPL command {command} is not valid ({reason}).",
    },
    "labels.preview.no_label": {
        "pl": "To nie jest etykieta ZPL (brak ^XA … ^XZ); pokaż PDF etykiety od przewoźnika.",
        "en": "This is not a ZPL label (there is no ^XA … ^XZ); show the carrier's PDF label "
        "instead.",
    },
    "labels.preview.several_labels": {
        "pl": "Tekst ZPL zawiera {count} {count:plural:etykietę|etykiety|etykiet}; podgląd "
        "rysuje jedną etykietę naraz.",
        "en": "The ZPL text holds {count} {count:plural:label|labels}; the preview draws one "
        "label at a time.",
    },
    "labels.preview.font_missing": {
        "pl": "Brak czcionki DejaVu Sans do podglądu etykiet: zainstaluj pakiet fonts-dejavu-core.",
        "en": "The DejaVu Sans font for label previews is missing: install the "
        "fonts-dejavu-core package.",
    },
}

SAME_TEXT: frozenset[str] = frozenset()
"""Keys whose text is the same in every language."""
