"""Generate ``core_rs/core/src/scan/ai_table.rs``, the GS1 Application Identifier table.

Source: the ``_application_identifiers.json`` bundled with the ``biip`` package (itself
generated from GS1's published list of Application Identifiers), so the table is
reproducible from a pinned, public package:

    .venv/bin/pip install biip==5.2.0
    .venv/bin/python scripts/generate_gs1_ai_table.py [--check]

What comes from the data, per AI: the code, data title, description, format string, whether
an FNC1 separator is required after it, and the value's structure — the AI's regular
expression is lowered to capturing groups of character-class runs (``min..max`` characters,
optionally in steps, e.g. ``(?:\\d{3}){1,5}``).  Derived from the data as well:

* **dates**: the description ends with the date layout in parentheses, e.g.
  ``Expiration date (YYMMDD)``, ``Test by date (YYMMDD[hhmm])``; the digits of a date AI are
  checked as a calendar date (and time) instead of by the regex's digit ranges;
* **decimal point indicator**: a family of ≥ 4 four-digit AIs sharing the first three digits,
  the description and an all-numeric format (``3100``–``3105``, ``3920``–``3929``, …) — the
  last digit of the AI is the number of decimals of the value's last group;
* **currency**: the description says ``ISO currency code`` — the first group (N3) is the
  ISO 4217 numeric currency.

Hand-listed, because the data has no such flag: the AIs whose leading digits are a GS1 key
with a mod-10 check digit (GS1 General Specifications §7.9): SSCC, GTIN, GLN, GDTI, GCN,
GSIN, GRAI, ITIP and GSRN.

``--check`` regenerates in memory and fails when the committed file differs.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import re._constants as sre_constants  # type: ignore[import-not-found]
import re._parser as sre_parse  # type: ignore[import-not-found]
import sys
from collections import defaultdict
from dataclasses import dataclass
from importlib import metadata, resources
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "core_rs" / "core" / "src" / "scan" / "ai_table.rs"

# Number of leading digits of the value that form a GS1 key with a mod-10 check digit
# (GS1 General Specifications §3.2 and §7.9).  Not in the source data, hence listed here.
CHECK_DIGIT_LENGTHS = {
    "00": 18,  # SSCC
    "01": 14,  # GTIN
    "02": 14,  # GTIN of contained trade items
    "03": 14,  # GTIN of the trade item made to order
    "253": 13,  # GDTI (then an optional serial component)
    "255": 13,  # GCN (then an optional serial component)
    "402": 17,  # GSIN
    **{f"41{n}": 13 for n in range(8)},  # GLNs 410-417
    "8003": 14,  # GRAI: 0 + GRAI-13 (then an optional serial component)
    "8006": 14,  # ITIP: GTIN + piece numbers
    "8017": 18,  # GSRN provider
    "8018": 18,  # GSRN recipient
    "8026": 14,  # ITIP of contained items
}

DIGITS = frozenset(range(0x30, 0x3A))
# Named character sets, for readable error messages (GS1 General Specifications §7.11).
CSET82 = frozenset([0x21, 0x22, *range(0x25, 0x40), *range(0x41, 0x5B), 0x5F, *range(0x61, 0x7B)])
CSET39 = frozenset([0x23, 0x2D, 0x2F, *range(0x30, 0x3A), *range(0x41, 0x5B)])
CSET64 = frozenset([0x2D, 0x5F, *range(0x30, 0x3A), *range(0x41, 0x5B), *range(0x61, 0x7B)])
SET_NAMES = {
    DIGITS: "a digit",
    CSET82: "a character of GS1 set 82",
    CSET39: "a character of GS1 set 39",
    CSET64: "a character of GS1 set 64",
}

DATE_FIELDS = {
    "YYYY": "Year4",
    "YY": "Year2",
    "MM": "Month",
    "DD": "Day",
    "hh": "Hour",
    "mm": "Minute",
    "ss": "Second",
}


@dataclass
class Piece:
    chars: frozenset[int]
    min: int
    max: int
    step: int = 1


class LoweringError(Exception):
    pass


def category_chars(category: object) -> frozenset[int]:
    if category == sre_constants.CATEGORY_DIGIT:
        return DIGITS
    raise LoweringError(f"unsupported category {category}")


def in_chars(items: list[tuple[object, object]]) -> frozenset[int]:
    chars: set[int] = set()
    for op, arg in items:
        if op == sre_constants.LITERAL:
            chars.add(arg)  # type: ignore[arg-type]
        elif op == sre_constants.RANGE:
            low, high = arg  # type: ignore[misc]
            chars.update(range(low, high + 1))
        elif op == sre_constants.CATEGORY:
            chars.update(category_chars(arg))
        else:
            raise LoweringError(f"unsupported set item {op}")
    if any(c > 0x7F for c in chars):
        raise LoweringError("non-ASCII character in a set")
    return frozenset(chars)


def width(pieces: list[Piece]) -> int | None:
    if all(p.min == p.max for p in pieces):
        return sum(p.min for p in pieces)
    return None


def lower_sequence(items: list[tuple[object, object]]) -> list[Piece]:
    """Lower a regex sequence (no capturing groups) to character-class runs."""
    pieces: list[Piece] = []
    for op, arg in items:
        if op == sre_constants.LITERAL:
            pieces.append(Piece(frozenset([arg]), 1, 1))  # type: ignore[list-item]
        elif op == sre_constants.IN:
            pieces.append(Piece(in_chars(arg), 1, 1))  # type: ignore[arg-type]
        elif op == sre_constants.SUBPATTERN:
            group, _add, _del, inner = arg  # type: ignore[misc]
            if group is not None:
                raise LoweringError("nested capturing group")
            pieces.extend(lower_sequence(list(inner)))
        elif op == sre_constants.BRANCH:
            _, alternatives = arg  # type: ignore[misc]
            lowered = [lower_sequence(list(alt)) for alt in alternatives]
            widths = [width(alt) for alt in lowered]
            if None not in widths and len(set(widths)) == 1:
                # Equal-width alternatives: the union per position.
                flat = [expand_fixed(alt) for alt in lowered]
                for position in range(widths[0]):  # type: ignore[arg-type]
                    pieces.append(Piece(frozenset().union(*(f[position] for f in flat)), 1, 1))
            else:
                # Percent-encoded text: "a set-82 character | %HH%HH".  The one-character
                # alternative already admits '%', so it alone decides the match.
                singles = [alt for alt, w in zip(lowered, widths, strict=True) if w == 1]
                if len(singles) != 1:
                    raise LoweringError("unsupported alternation")
                pieces.extend(singles[0])
        elif op == sre_constants.MAX_REPEAT:
            low, high, inner = arg  # type: ignore[misc]
            lowered = lower_sequence(list(inner))
            w = width(lowered)
            if w is None:
                raise LoweringError("repeat of a variable-width sequence")
            chars = frozenset().union(*(p.chars for p in lowered))
            if w == 1:
                pieces.append(Piece(chars, low, high))
            elif high == 1 and low == 0:
                # An optional fixed-width run, e.g. (?:[0-5]\d)? — one step of width w.
                pieces.append(Piece(chars, 0, w, w))
            else:
                pieces.append(Piece(chars, low * w, high * w, w))
        else:
            raise LoweringError(f"unsupported regex element {op}")
    return merge(pieces)


def expand_fixed(pieces: list[Piece]) -> list[frozenset[int]]:
    out: list[frozenset[int]] = []
    for p in pieces:
        out.extend([p.chars] * p.min)
    return out


def merge(pieces: list[Piece]) -> list[Piece]:
    """Join neighbouring runs of the same set: fixed+fixed, fixed+optional steps."""
    out: list[Piece] = []
    for p in pieces:
        if out and out[-1].chars == p.chars:
            last = out[-1]
            if last.step == 1 and p.step == 1 and last.min == last.max:
                out[-1] = Piece(p.chars, last.min + p.min, last.max + p.max)
                continue
            if last.min == last.max == p.step and p.min == 0:
                # (?:xx)(?:xx)? → xx..xxxx in steps of 2
                out[-1] = Piece(p.chars, last.min, last.max + p.max, p.step)
                continue
        out.append(p)
    return out


@dataclass
class Group:
    optional: bool
    pieces: list[Piece]


def lower_pattern(ai: str, pattern: str) -> list[Group]:
    tree = list(sre_parse.parse(pattern))
    if tree[0] != (sre_constants.AT, sre_constants.AT_BEGINNING):
        raise LoweringError("pattern must start with ^")
    if tree[-1] != (sre_constants.AT, sre_constants.AT_END):
        raise LoweringError("pattern must end with $")
    body = tree[1:-1]
    literal = "".join(chr(arg) for op, arg in body[: len(ai)] if op == sre_constants.LITERAL)  # type: ignore[arg-type]
    if literal != ai:
        raise LoweringError(f"pattern does not start with the AI {ai}")
    groups: list[Group] = []
    for op, arg in body[len(ai) :]:
        optional = False
        if op == sre_constants.MAX_REPEAT:
            low, high, inner = arg  # type: ignore[misc]
            inner = list(inner)
            if (low, high) != (0, 1) or len(inner) != 1 or inner[0][0] != sre_constants.SUBPATTERN:
                raise LoweringError("unsupported repeat outside a group")
            optional = True
            op, arg = inner[0]
        if op != sre_constants.SUBPATTERN or arg[0] is None:  # type: ignore[index]
            raise LoweringError("expected a capturing group")
        groups.append(Group(optional, lower_sequence(list(arg[3]))))  # type: ignore[index]
    return groups


def date_fields(description: str) -> list[tuple[str, bool]] | None:
    """``Expiration date (YYMMDD)`` → [("Year2", False), ("Month", False), ("Day", False)]."""
    match = re.search(r"\(((?:YYYY|YY)MMDD[A-Za-z\[\]]*)\)\s*$", description)
    if not match:
        return None
    layout = match.group(1)
    fields: list[tuple[str, bool]] = []
    depth = 0
    second_date = False
    i = 0
    while i < len(layout):
        if layout[i] == "[":
            depth += 1
            i += 1
            continue
        if layout[i] == "]":
            depth -= 1
            i += 1
            continue
        for token in ("YYYY", "YY", "MM", "DD", "hh", "mm", "ss"):
            if layout.startswith(token, i):
                name = DATE_FIELDS[token]
                if token in ("YY", "YYYY") and fields:
                    second_date = True
                if second_date and token in ("YY", "MM", "DD"):
                    name = "End" + name
                fields.append((name, depth > 0))
                i += len(token)
                break
        else:
            raise LoweringError(f"unknown date layout {layout!r}")
    return fields


def widen_digits(groups: list[Group]) -> None:
    """Digits of dates are checked as dates; drop the regex's digit ranges (0[1-9]|1[0-2])."""
    for group in groups:
        for piece in group.pieces:
            if piece.chars < DIGITS:
                piece.chars = DIGITS
        group.pieces = merge(group.pieces)


def decimal_families(entries: list[dict[str, object]]) -> dict[str, int]:
    families: dict[tuple[str, str], list[dict[str, object]]] = defaultdict(list)
    for entry in entries:
        ai = str(entry["ai"])
        if len(ai) == 4:
            families[(ai[:3], str(entry["description"]))].append(entry)
    places: dict[str, int] = {}
    for members in families.values():
        codes = sorted(str(m["ai"]) for m in members)
        formats = {str(m["format"]) for m in members}
        digits = [int(code[3]) for code in codes]
        numeric = all(re.fullmatch(r"N4(\+N\d+|\+N\.\.\d+)+", fmt) is not None for fmt in formats)
        if (
            len(members) >= 4
            and numeric
            and len(formats) == 1
            and digits == list(range(len(digits)))
        ):
            for code in codes:
                places[code] = int(code[3])
    return places


def rust_str(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def set_name(chars: frozenset[int]) -> str:
    if chars in SET_NAMES:
        return SET_NAMES[chars]
    shown = "".join(chr(c) for c in sorted(chars))
    if len(chars) == 1:
        return f"'{shown}'"
    return f"one of {shown}"


def mask(chars: frozenset[int]) -> str:
    value = 0
    for c in chars:
        value |= 1 << c
    return f"0x{value:032x}"


def check_reference_facts(table: dict[str, dict[str, object]]) -> None:
    """Compare a sample with the GS1 General Specifications facts in the project's reference."""

    def shape(ai: str) -> tuple[object, ...]:
        entry = table[ai]
        groups: list[Group] = entry["groups"]  # type: ignore[assignment]
        return tuple(
            (g.optional, tuple((set_name(p.chars), p.min, p.max) for p in g.pieces)) for g in groups
        )

    digit, x82 = "a digit", "a character of GS1 set 82"
    facts = {
        "00": ((False, ((digit, 18, 18),)),),
        "01": ((False, ((digit, 14, 14),)),),
        "02": ((False, ((digit, 14, 14),)),),
        "10": ((False, ((x82, 1, 20),)),),
        "17": ((False, ((digit, 6, 6),)),),
        "21": ((False, ((x82, 1, 20),)),),
        "30": ((False, ((digit, 0, 8),)),),
        "37": ((False, ((digit, 1, 8),)),),
        "3103": ((False, ((digit, 6, 6),)),),
        "3922": ((False, ((digit, 1, 15),)),),
        "3932": ((False, ((digit, 3, 3),)), (False, ((digit, 1, 15),))),
        "400": ((False, ((x82, 1, 30),)),),
        "410": ((False, ((digit, 13, 13),)),),
    }
    for ai, expected in facts.items():
        if shape(ai) != expected:
            raise SystemExit(f"AI {ai}: {shape(ai)} differs from the reference {expected}")
    separators = {"00": False, "01": False, "10": True, "17": False, "21": True, "30": True}
    separators |= {"3103": False, "400": True, "410": False}
    for ai, required in separators.items():
        if table[ai]["fnc1"] is not required:
            raise SystemExit(f"AI {ai}: separator_required is not {required}")
    for ai in ("11", "13", "15", "17"):
        if table[ai]["date"] != [("Year2", False), ("Month", False), ("Day", False)]:
            raise SystemExit(f"AI {ai} should be a YYMMDD date")
    expected_decimals = {"3100": 0, "3103": 3, "3105": 5, "3202": 2, "3922": 2, "3932": 2}
    for ai, places in expected_decimals.items():
        if table[ai]["decimals"] != places:
            raise SystemExit(f"AI {ai} should have {places} decimals")
    for ai in ("10", "17", "30", "37", "400", "7030", "8001"):
        if table[ai]["decimals"] is not None:
            raise SystemExit(f"AI {ai} should have no decimal point indicator")
    if not table["3932"]["currency"] or table["3922"]["currency"] or table["7030"]["currency"]:
        raise SystemExit("currency flags differ from the reference (393n only)")


def generate() -> str:
    source = (
        resources.files("biip") / "gs1_application_identifiers" / "_application_identifiers.json"
    )
    raw = source.read_bytes()
    entries: list[dict[str, object]] = json.loads(raw)
    decimals = decimal_families(entries)
    table: dict[str, dict[str, object]] = {}
    for entry in entries:
        ai = str(entry["ai"])
        description = str(entry["description"])
        groups = lower_pattern(ai, str(entry["pattern"]))
        dates = date_fields(description)
        if dates is not None:
            widen_digits(groups)
        currency = "ISO currency code" in description
        if currency and not (groups and groups[0].pieces[0].min == groups[0].pieces[0].max == 3):
            raise SystemExit(f"AI {ai}: currency AI without a leading N3 group")
        table[ai] = {
            "ai": ai,
            "title": str(entry["data_title"]),
            "description": description,
            "format": str(entry["format"]),
            "fnc1": bool(entry["separator_required"]),
            "groups": groups,
            "date": dates,
            "decimals": decimals.get(ai),
            "currency": currency,
            "check": CHECK_DIGIT_LENGTHS.get(ai, 0),
        }
    missing = set(CHECK_DIGIT_LENGTHS) - set(table)
    if missing:
        raise SystemExit(f"check-digit AIs missing from the data: {sorted(missing)}")
    check_reference_facts(table)

    codes = sorted(table)
    # AIs are prefix-free and their length follows from the first two digits.
    lengths: dict[str, set[int]] = defaultdict(set)
    for code in codes:
        lengths[code[:2]].add(len(code))
    for prefix, found in lengths.items():
        if len(found) != 1:
            raise SystemExit(f"AIs starting with {prefix} have several lengths: {found}")

    charsets: list[frozenset[int]] = []
    for code in codes:
        for group in table[code]["groups"]:  # type: ignore[attr-defined]
            for piece in group.pieces:
                if piece.chars not in charsets:
                    charsets.append(piece.chars)

    version = metadata.version("biip")
    digest = hashlib.sha256(raw).hexdigest()
    out: list[str] = []
    w = out.append
    w("// @generated by scripts/generate_gs1_ai_table.py — do not edit by hand.")
    w("//")
    w(f"// Source: biip {version}, biip/gs1_application_identifiers/_application_identifiers.json")
    w(f"// (sha256 {digest}), generated from GS1's published list of Application Identifiers.")
    w("// Regenerate:")
    w("//     .venv/bin/pip install biip==" + version)
    w("//     .venv/bin/python scripts/generate_gs1_ai_table.py")
    w("// then `cargo fmt --all`.  The script says what comes from the data and what does not.")
    w("")
    w("use super::ai::{Ai, CharSet, DateField, Group, Piece};")
    w("")
    w("/// Character sets used by the AI formats (bit n set = ASCII character n allowed).")
    w(f"pub(crate) static CHARSETS: [CharSet; {len(charsets)}] = [")
    for chars in charsets:
        w(f"    CharSet {{ mask: {mask(chars)}, name: {rust_str(set_name(chars))} }},")
    w("];")
    w("")
    w("/// Every character any AI accepts (configured separators must not be among them).")
    union = frozenset().union(*charsets)
    w(f"pub(crate) const ALL_CHARS: u128 = {mask(union)};")
    w("")
    w("/// Length of the AI code by its first two digits (0: no AI starts so).")
    w("pub(crate) static AI_LENGTH: [u8; 100] = [")
    w("    " + ", ".join(str(next(iter(lengths.get(f"{n:02d}", {0})))) for n in range(100)) + ",")
    w("];")
    w("")
    w(f"/// The {len(codes)} GS1 Application Identifiers, sorted by code.")
    w(f"pub(crate) static AIS: [Ai; {len(codes)}] = [")
    for code in codes:
        e = table[code]
        groups_src = []
        for group in e["groups"]:  # type: ignore[attr-defined]
            pieces = ", ".join(
                f"Piece {{ set: {charsets.index(p.chars)}, min: {p.min}, max: {p.max}, "
                f"step: {p.step} }}"
                for p in group.pieces
            )
            groups_src.append(
                f"Group {{ optional: {str(group.optional).lower()}, pieces: &[{pieces}] }}"
            )
        date = e["date"]
        if date is None:
            date_src = "None"
        else:
            date_src = (
                "Some(&["
                + ", ".join(
                    f"(DateField::{name}, {str(optional).lower()})"
                    for name, optional in date  # type: ignore[union-attr]
                )
                + "])"
            )
        decimals_src = "None" if e["decimals"] is None else f"Some({e['decimals']})"
        w("    Ai {")
        w(f"        code: {rust_str(code)},")
        w(f"        title: {rust_str(str(e['title']))},")
        w(f"        description: {rust_str(str(e['description']))},")
        w(f"        format: {rust_str(str(e['format']))},")
        w(f"        fnc1_required: {str(e['fnc1']).lower()},")
        w(f"        groups: &[{', '.join(groups_src)}],")
        w(f"        date: {date_src},")
        w(f"        decimal_places: {decimals_src},")
        w(f"        currency: {str(e['currency']).lower()},")
        w(f"        check_digit_length: {e['check']},")
        w("    },")
    w("];")
    w("")
    return "\n".join(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if the committed file differs")
    args = parser.parse_args()
    text = generate()
    if args.check:
        import subprocess

        formatted = subprocess.run(
            ["rustfmt", "--edition", "2021"],
            input=text,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        if formatted != TARGET.read_text():
            sys.exit(f"{TARGET} is out of date: run {Path(__file__).name}")
        print(f"{TARGET} is up to date")
        return
    TARGET.write_text(text)
    print(f"wrote {TARGET}")


if __name__ == "__main__":
    main()
