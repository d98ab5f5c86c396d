"""What both source formats share: units from segmented pieces, datelines, reassembly."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence

from ..errors import SourceError
from ..markup import Open, Token, Void, format_tokens, renumber
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

#: ``ASTANA, 31 January 2017 – `` or ``VIENNA, January 31, 2017 - ``: an upper-case
#: city, a date, and a dash that separates it from the first sentence.
DATELINE_RE = re.compile(
    r"(?P<dateline>(?P<city>[A-Z][A-Z.'’\-]*(?: [A-Z][A-Z.'’\-]*)*),\s+"
    r"(?P<date>\d{1,2}\s+[A-Za-z]+\.?\s+\d{4}|[A-Za-z]+\.?\s+\d{1,2},\s+\d{4}))"
    r"(?P<dash>\s*[–—-]\s*|\s*:\s+)(?=\S)"
)

_SPACE_RE = re.compile(r"\s+")


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
    """A dateline at the start of ``text``, and the separator after it."""
    match = DATELINE_RE.match(text)
    if not match:
        return None
    date = parse_english_date(match.group("date"))
    if date is None:
        return None
    dateline = Dateline(text=match.group("dateline"), city=match.group("city"), date=date)
    return dateline, match.group("dash")


def fold_space(text: str) -> str:
    return _SPACE_RE.sub(" ", text).strip()


def dateline_unit(dateline: Dateline, line: int) -> Unit:
    return Unit(
        text=dateline.text,
        source=dateline.text,
        role="dateline (localized on build: city from the glossary, date by Babel)",
        line=line,
        context=DATELINE_CONTEXT,
    )


def units_from_pieces(
    pieces: Sequence[Piece],
    *,
    role: str,
    line: int,
    tags: dict[int, str] | None = None,
) -> list[str | Unit]:
    """Turn segmented pieces into block parts: units for the translatable ones.

    ``tags`` maps block placeholder numbers to their element names, for HTML.
    """
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
