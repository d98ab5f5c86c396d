"""What both source formats share: units from segmented pieces, datelines, reassembly."""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable, Collection, Mapping, Sequence

from ..errors import SourceError
from ..markup import Close, Open, Text, Token, Void, format_tokens, plain, renumber, unescape_text
from ..model import DATELINE_CONTEXT, Block, Dateline, Placeholder, Unit
from ..segment import Piece

_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}

_CITY = r"[A-Z][A-Z.'’\-]*(?: [A-Z][A-Z.'’\-]*)*"
_DATE = r"\d{1,2}\s+[A-Za-z]+\.?\s+\d{4}|[A-Za-z]+\.?\s+\d{1,2},\s+\d{4}"
_WEEKDAY = r"(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+)?"
#: A news agency or source in brackets after the city: ``(Kazinform)``, ``(UN News)``.
_AGENCY = r"[A-Z][\w&.'’\-/]*(?: [A-Z][\w&.'’\-/]*){0,3}"

#: ``ASTANA, 31 January 2017 – ``, ``VIENNA, January 31, 2017 - ``, ``ALMATY (Kazinform)
#: – ``, ``GENEVA (5 April 2018) – ``, ``ASTANA, Monday, 5 April 2018 (OSCE) – ``: an
#: upper-case city, a date or an agency (or both), and a dash (or a colon) that
#: separates it from the first sentence.
DATELINE_RE = re.compile(
    rf"(?P<dateline>(?P<city>{_CITY})(?:,\s+{_WEEKDAY}(?P<date>{_DATE}))?"
    rf"(?:\s+\((?:(?P<pdate>{_DATE})|(?P<agency>{_AGENCY}))\))?)"
    r"(?P<dash>\s*[–—-]\s*|\s*:\s+)(?=\S)"
)

_SPACE_RE = re.compile(r"[ \t\n\r\f\v]+")
#: The white space a msgid folds; no-break and other significant spaces (U+00A0,
#: U+202F, U+2009) are kept as they are, so translators see them and keep them.
_FOLDED = " \t\n\r\f\v"


def parse_english_date(text: str) -> dt.date | None:
    """``31 January 2017``, ``Jan. 31, 2017`` -> a date (month names in English)."""
    words = re.findall(r"[A-Za-z]+|\d+", text)
    if len(words) != 3:
        return None
    if words[0].isdigit():
        day, month_name, year = words
    else:
        month_name, day, year = words
    month = _MONTHS.get(month_name.lower())
    if month is None or not day.isdigit() or not year.isdigit():
        return None
    try:
        return dt.date(int(year), month, int(day))
    except ValueError:
        return None


def match_dateline(text: str) -> tuple[Dateline, str] | None:
    """A dateline at the start of ``text``, and the separator after it.

    >>> line, dash = match_dateline("ALMATY, 5 April 2018 (Kazinform) – The OSCE …")
    >>> line.city, line.date, line.agency, line.layout, dash
    ('ALMATY', datetime.date(2018, 4, 5), 'Kazinform', '{city}, {date} ({agency})', ' – ')
    >>> match_dateline("OSCE – the Organization") is None
    True
    """
    match = DATELINE_RE.match(text)
    if not match:
        return None
    written = match.group("date") or match.group("pdate")
    agency = match.group("agency") or ""
    if written is None and not agency:
        return None  # a city alone is not a dateline: "OSCE – …"
    date = parse_english_date(written) if written else None
    if written and date is None:
        return None
    if match.group("pdate"):
        layout = "{city} ({date})"
    else:
        layout = "{city}" + (", {date}" if written else "") + (" ({agency})" if agency else "")
    dateline = Dateline(
        text=match.group("dateline"),
        city=match.group("city"),
        date=date,
        agency=agency,
        layout=layout,
    )
    return dateline, match.group("dash")


@functools.lru_cache(maxsize=1 << 10)
def dateline_date(text: str) -> dt.date | None:
    """The date a dateline unit's text gives (``ASTANA, 31 January 2017``), read as
    extract read it from the release (there, a dash and the first sentence follow).
    Remembered: each language's file asks it of the same dateline."""
    found = match_dateline(f"{text} – .")
    return found[0].date if found is not None and found[0].text == text else None


def fold_space(text: str) -> str:
    r"""ASCII white space folded to one space; no-break spaces are kept.

    >>> fold_space(" $12.5\u00a0million\n  in  2017 ")
    '$12.5\xa0million in 2017'
    """
    return _SPACE_RE.sub(" ", text).strip(_FOLDED)


#: Elements a CMS editor wraps a dateline in: ``<strong>ALMATY, 5 April 2018</strong> –``.
DATELINE_WRAPPERS = frozenset({"strong", "b", "em", "i", "span"})


def split_dateline(
    tokens: Sequence[Token], *, line: int, tags: Mapping[int, str] | None = None
) -> tuple[Dateline, list[str | Unit], list[Token]] | None:
    """A dateline at the start of a paragraph's tokens: the dateline, the block parts
    up to the first sentence, and the tokens after (None when there is none).

    The dateline may stand in a ``<strong>`` or ``<b>`` (``tags`` names each
    placeholder's element), with the dash inside the element or after it.

    >>> found = split_dateline(
    ...     [Open(1), Text("ALMATY, 5 April 2018"), Close(1), Text(" – The OSCE met.")],
    ...     line=3, tags={1: "strong"})
    >>> found[1][1].text, found[1][2], found[2]
    ('ALMATY, 5 April 2018', '</1> – ', [Text(value='The OSCE met.')])
    """
    opening = _dateline_opening(tokens, tags or {})
    if opening is None:
        return None
    lead, inner, closes, index = opening
    following = tokens[index] if index < len(tokens) else None
    after = following.value if closes and isinstance(following, Text) else ""
    stripped = inner.lstrip()
    found = match_dateline(stripped + after)
    if not found:
        return None
    dateline, dash = found
    end = len(dateline.text)
    if end > len(stripped) or (closes and end + len(dash) < len(stripped)):
        return None  # the dateline, or the dash, crosses the element's end
    unit = dateline_unit(dateline, line)
    before = format_tokens(lead) + inner[: len(inner) - len(stripped)]
    if closes:
        outside = (stripped + after)[len(stripped) : end + len(dash)]
        rest_text = after[len(outside) :]
        separator = stripped[end:] + format_tokens(closes) + outside
        index += 1 if isinstance(following, Text) else 0
    else:
        separator = dash
        rest_text = stripped[end + len(dash) :]
    parts: list[str | Unit] = [part for part in (before, unit, separator) if part]
    rest: list[Token] = [Text(rest_text)] if rest_text else []
    return dateline, parts, rest + list(tokens[index:])


def _dateline_opening(
    tokens: Sequence[Token], tags: Mapping[int, str]
) -> tuple[list[Token], str, list[Token], int] | None:
    """The elements a paragraph opens with (``<strong>``, white space), its first text,
    the closing tags right after it, and the index of the token after them; None
    when the text is not first or the elements do not close right after it."""
    lead: list[Token] = []
    opened: list[int] = []
    for token in tokens:
        if isinstance(token, Open) and tags.get(token.number) in DATELINE_WRAPPERS:
            opened.append(token.number)
        elif not (isinstance(token, Text) and not token.value.strip()):
            break
        lead.append(token)
    index = len(lead)
    first = tokens[index] if index < len(tokens) else None
    if not isinstance(first, Text):
        return None
    index += 1
    closes: list[Token] = []
    while opened and index < len(tokens) and tokens[index] == Close(opened[-1]):
        closes.append(tokens[index])
        opened.pop()
        index += 1
    if opened:
        return None  # the sentence goes on inside the element: no dateline of its own
    return lead, first.value, closes, index


def dateline_unit(dateline: Dateline, line: int) -> Unit:
    return Unit(
        text=dateline.text,
        source=dateline.text,
        role="dateline (localized on build: city from the glossary, date by Babel)",
        line=line,
        context=DATELINE_CONTEXT,
    )


#: Tokens that are code, not words: a URL or e-mail address, a version, an
#: identifier (``XML_ExpatVersion``, ``getElementById``, ``ExpatVersion``,
#: ``os.path.join``, ``std::vector``), a call, an option (``--verbose``), a path.
_CODE_TOKEN = re.compile(
    r"""(?x)
    (?:https?|ftp)://\S+ | www\.\S+\.\S+ | mailto:\S+ | [\w.+-]+@[\w-]+(?:\.[\w-]+)+
    | v?\d+(?:\.\d+)+(?:[-+.]?[0-9A-Za-z]+)*            # v6.0.0, 2.7.18-rc1
    | [A-Za-z$]*_[\w$]*                                  # snake_case, XML_ExpatVersion
    | [a-z]+[A-Z][A-Za-z0-9]*                            # camelCase, iPhone
    | [A-Z][a-z0-9]+(?:[A-Z][a-z0-9]+)+                  # PascalCase, ExpatVersion
    | [A-Za-z_$][\w$]*(?:(?:\.|::|->)[A-Za-z_$][\w$]*)*(?:\.|::|->)[A-Za-z_$][\w$]+
    | [A-Za-z_$][\w$.:]*\(.*\)                           # a call: XML_ParserCreate(…)
    | --?[a-z][\w-]*(?:=\S*)?                            # --verbose, -v
    | (?:/|\./|\.\./|~/)[\w./-]+                           # /usr/share/doc
    """
)
_OPENING = "([{\"'“‘«"
_CLOSING = ")]}\"'”’»,;:!?."


def is_translatable(text: str) -> bool:
    """Whether a translator has anything to translate in ``text`` (placeholders
    removed): a word. Not a unit that is only an identifier, a version, a number, a
    URL or code; what every reader asks before it exports a unit.

    >>> [is_translatable(t) for t in ("XML_ExpatVersion", "v6.0.0", "os.path.join()",
    ...  "https://www.osce.org", "1,500", "--verbose", "Day", "OSCE", "U.S.", "Python 3.11")]
    [False, False, False, False, False, False, True, True, True, True]
    """
    words = text.split()
    if not any(c.isalpha() for c in text):
        return False
    for word in words:
        token = word.lstrip(_OPENING)
        if not _CODE_TOKEN.fullmatch(token.rstrip(".,;:!?")):
            token = token.rstrip(_CLOSING)
            if any(c.isalpha() for c in token) and not _CODE_TOKEN.fullmatch(token):
                return True
    return False


def units_from_pieces(
    pieces: Sequence[Piece],
    *,
    role: str,
    line: int,
    tags: dict[int, str] | None = None,
    keep: Collection[int] = (),
) -> list[str | Unit]:
    """Turn segmented pieces into block parts: units for the translatable ones.

    ``tags`` maps block placeholder numbers to their element names, for HTML;
    ``keep`` names the void placeholders that belong to the sentence they stand at
    the edge of (inline code: ``<1/> defines how …``), which segmentation leaves
    outside (as it does a ``<br>``). A piece with nothing to translate
    (``is_translatable``) stays literal text.
    """
    if keep:
        pieces = _attach_edge_voids(pieces, set(keep))
    pieces = [
        p
        if not p.translatable or is_translatable(unescape_text(plain(format_tokens(p.tokens))))
        else Piece(p.tokens, False)
        for p in pieces
    ]
    translatable = [p for p in pieces if p.translatable]
    parts: list[str | Unit] = []
    index = 0
    for piece in pieces:
        if not piece.translatable:
            parts.append(format_tokens(piece.tokens))
            continue
        index += 1
        unit_role = (
            role if len(translatable) == 1 else f"{role}, sentence {index} of {len(translatable)}"
        )
        parts.append(_unit(piece.tokens, role=unit_role, line=line, tags=tags or {}))
    return parts


def _attach_edge_voids(pieces: Sequence[Piece], keep: set[int]) -> list[Piece]:
    """Move the kept voids (and the space between) of a literal piece into the
    translatable piece after it, or, at the end of a block, before it."""
    out = [Piece(p.tokens, p.translatable) for p in pieces]

    def kept(token: Token) -> bool:
        return isinstance(token, Void) and token.number in keep

    for index, piece in enumerate(out):
        if piece.translatable or not any(kept(t) for t in piece.tokens):
            continue
        tokens = list(piece.tokens)
        if index + 1 < len(out) and out[index + 1].translatable:
            first = next(i for i, t in enumerate(tokens) if kept(t))
            out[index + 1] = Piece(tuple(tokens[first:]) + out[index + 1].tokens, True)
            out[index] = Piece(tuple(tokens[:first]), False)
        elif index > 0 and out[index - 1].translatable:
            last = max(i for i, t in enumerate(tokens) if kept(t))
            out[index - 1] = Piece(out[index - 1].tokens + tuple(tokens[: last + 1]), True)
            out[index] = Piece(tuple(tokens[last + 1 :]), False)
    return [p for p in out if p.tokens]


def _unit(tokens: Sequence[Token], *, role: str, line: int, tags: dict[int, str]) -> Unit:
    block_numbers = [t.number for t in tokens if isinstance(t, Open | Void)]
    local = {number: index for index, number in enumerate(block_numbers, start=1)}
    source = renumber(format_tokens(tokens), local) if local else format_tokens(tokens)
    placeholders = tuple(
        Placeholder(
            number=number,
            tag=tags.get(number, ""),
            void=any(isinstance(t, Void) and t.number == number for t in tokens),
        )
        for number in block_numbers
    )
    return Unit(
        text=fold_space(source),
        source=source,
        role=role,
        line=line,
        placeholders=placeholders,
    )


def render_block(block: Block, translate: Callable[[Unit], str | None] | None) -> str:
    """The block as placeholder text in block numbering, with units translated."""
    out = []
    for part in block.parts:
        if isinstance(part, str):
            out.append(part)
            continue
        text = translate(part) if translate is not None else None
        if text is None:
            text = part.source
        if part.placeholders:
            text = renumber(text, {k: p.number for k, p in enumerate(part.placeholders, start=1)})
        out.append(text)
    return "".join(out)


#: ``EMBARGOED UNTIL 2026-12-01 10:00+06:00`` or ``EMBARGO: 1 February 2017 10:00``.
EMBARGO_RE = re.compile(
    r"^\s*EMBARGO(?:ED)?(?:\s+(?:UNTIL|TILL))?\s*:?\s*(?P<when>\S.*?)\s*$", re.IGNORECASE
)


def parse_embargo(text: str) -> dt.datetime | None:
    """An embargo time (ISO 8601, or ``1 February 2017 [10:00]``), UTC when no zone."""
    text = text.strip()
    try:
        moment = dt.datetime.fromisoformat(text.replace(" ", "T", 1) if "-" in text else text)
    except ValueError:
        match = re.fullmatch(r"(.+?\d{4})(?:,?\s+(\d{1,2}):(\d{2}))?", text)
        date = parse_english_date(match.group(1)) if match else None
        if date is None or match is None:
            return None
        hour, minute = int(match.group(2) or 0), int(match.group(3) or 0)
        moment = dt.datetime(date.year, date.month, date.day, hour, minute)
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


#: Characters no web page may carry (C0 controls but tab and line ends, DEL, and the
#: two Unicode noncharacters); a vertical tab or form feed pasted from a word processor
#: is the usual one.
CONTROL_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")


def refuse_control_characters(content: str, *, path: str) -> None:
    """A release with a control character is refused, naming its line."""
    found = CONTROL_RE.search(content)
    if found:
        raise SourceError(
            f"contains the control character U+{ord(found.group(0)):04X}, which no web page "
            "may carry (often a page break or vertical tab pasted from a word processor); "
            "delete it",
            path=path,
            line=content.count("\n", 0, found.start()) + 1,
        )
