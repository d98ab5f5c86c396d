"""``.txt`` releases in the sample's format -> ``Release``.

The first non-empty line is the headline; every further non-empty line is a
paragraph; the first paragraph may open with a dateline (``ASTANA, 31 January 2017 –``).
A line ``EMBARGOED UNTIL <time>`` before the headline is kept, never translated.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

from ..errors import SourceError
from ..markup import Text, escape_text, unescape_text
from ..model import Block, Dateline, Release, Unit
from ..segment import split_block
from .common import (
    EMBARGO_RE,
    dateline_unit,
    match_dateline,
    parse_embargo,
    refuse_control_characters,
    render_block,
    units_from_pieces,
)

_DATE_IN_NAME = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")


def parse(
    content: str,
    *,
    path: str,
    slug: str,
    mode: str = "sentence",
    abbreviations: tuple[str, ...] = (),
) -> Release:
    refuse_control_characters(content, path=path)
    # Every part of every block is text as a msgid writes it (a "<" as "&lt;", so that
    # it is never read as a placeholder); reassembly turns it back.
    lines = escape_text(content).splitlines(keepends=True)
    blocks: list[Block] = []
    preamble: list[Block] = []
    prefix = ""
    dateline: Dateline | None = None
    metadata: dict[str, str] = {}
    paragraph = 0
    for number, line in enumerate(lines, start=1):
        body = line.rstrip("\r\n")
        ending = line[len(body) :]
        if not body.strip():
            if blocks:
                last = blocks[-1]
                blocks[-1] = Block(last.kind, last.line, (*last.parts, line))
            else:
                prefix += line
            continue
        embargo = EMBARGO_RE.match(body) if not blocks and not metadata else None
        if embargo:
            moment = parse_embargo(embargo.group("when"))
            if moment is None:
                raise SourceError(
                    f"cannot read the embargo time '{embargo.group('when')}'; write it as "
                    "EMBARGOED UNTIL 2017-02-01 10:00+06:00",
                    path=path,
                    line=number,
                )
            metadata["embargo"] = moment.isoformat()
            prefix += line
            continue
        parts: list[str | Unit] = []
        if prefix:
            # Blank lines and an embargo line before the headline: kept as they are, in a
            # block of their own (never part of the headline a page shows).
            preamble.append(Block("preamble", 1, (prefix,)))
            prefix = ""
        if not blocks:
            if match_dateline(body.strip()):
                raise SourceError(
                    "the first line is a dateline, but a release starts with its headline; "
                    "add the headline as the first line",
                    path=path,
                    line=number,
                )
            pieces = split_block([Text(body)], mode="paragraph")
            parts += units_from_pieces(pieces, role="headline", line=number)
            kind = "headline"
        else:
            paragraph += 1
            kind = "paragraph"
            rest = body
            if paragraph == 1:
                indent = body[: len(body) - len(body.lstrip())]
                found = match_dateline(body.lstrip())
                if found:
                    dateline, dash = found
                    if indent:
                        parts.append(indent)
                    parts.append(dateline_unit(dateline, number))
                    parts.append(dash)
                    rest = body.lstrip()[len(dateline.text) + len(dash) :]
            pieces = split_block([Text(rest)], mode=mode, abbreviations=abbreviations)
            parts += units_from_pieces(pieces, role=f"paragraph {paragraph}", line=number)
        if ending:
            parts.append(ending)
        blocks.append(Block(kind, number, tuple(parts)))
    if not blocks:
        raise SourceError(
            "the release is empty; write the headline on the first line and one paragraph "
            "per line below it",
            path=path,
            line=1,
        )
    headline_units = list(blocks[0].units())
    if not headline_units:
        raise SourceError(
            "the first line has no words, but a release starts with its headline",
            path=path,
            line=blocks[0].line,
        )
    if len(blocks) == 1:
        raise SourceError(
            "the release has a headline but no paragraphs; write one paragraph per line "
            "below the headline",
            path=path,
            line=blocks[0].line,
        )
    date = (dateline.date if dateline else None) or date_from_name(slug)
    return Release(
        slug=slug,
        path=path,
        format="txt",
        text=content,
        blocks=(*preamble, *blocks),
        date=date,
        dateline=dateline,
        headline=headline_units[0].text,
        metadata=metadata,
    )


def date_from_name(slug: str) -> dt.date | None:
    match = _DATE_IN_NAME.match(slug)
    if not match:
        return None
    try:
        return dt.date(*(int(group) for group in match.groups()))
    except ValueError:
        return None


def reassemble(release: Release, translate: Callable[[Unit], str | None] | None) -> str:
    return unescape_text("".join(render_block(block, translate) for block in release.blocks))
