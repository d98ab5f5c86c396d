"""What the document formats (``.docx``, ``.md``) share: a dateline that may be bold,
and a block as translated pieces.

A document's block is placeholder text in block numbering; each format knows what each
placeholder stands for (a Word run's properties, a Markdown delimiter) and, for the
HTML page, which element (``<strong>``, ``<a href>``) shows it.
"""

from __future__ import annotations

from collections.abc import Mapping

from ..markup import Close, Open, Text, Token, renumber
from ..model import Block, Dateline, Unit
from .common import dateline_unit, match_dateline

#: For each placeholder number of a block, the HTML that opens and closes it (a void
#: placeholder's whole HTML is the first item).
InlineHtml = Mapping[int, tuple[str, str]]


def dateline_parts(
    tokens: list[Token], line: int
) -> tuple[Dateline | None, list[str | Unit], list[Token]]:
    """The dateline at the start of a paragraph, its parts, and the tokens after it
    (``tokens`` unchanged when there is none). Plain, or inside the paragraph's first
    element as editors write it in bold: ``<1>ASTANA, 31 January 2017</1> – …``, with
    the dash inside the element or after it."""
    if len(tokens) >= 3 and isinstance(tokens[0], Open) and isinstance(tokens[1], Text):
        closing = tokens[2]
        if isinstance(closing, Close) and closing.number == tokens[0].number:
            return _wrapped(tokens, line)
    if not tokens or not isinstance(tokens[0], Text):
        return None, [], tokens
    value = tokens[0].value
    found = match_dateline(value.lstrip())
    if not found:
        return None, [], tokens
    dateline, dash = found
    indent = value[: len(value) - len(value.lstrip())]
    parts: list[str | Unit] = [indent] if indent else []
    parts += [dateline_unit(dateline, line), dash]
    remainder = value.lstrip()[len(dateline.text) + len(dash) :]
    return dateline, parts, ([Text(remainder)] if remainder else []) + tokens[1:]


def _wrapped(
    tokens: list[Token], line: int
) -> tuple[Dateline | None, list[str | Unit], list[Token]]:
    opening, inner = tokens[0], tokens[1]
    assert isinstance(opening, Open) and isinstance(inner, Text)
    rest = tokens[3:]
    following = rest[0].value if rest and isinstance(rest[0], Text) else ""
    inside = inner.value.lstrip()
    found = match_dateline(inside + following)
    if not found:
        return None, [], tokens
    dateline, dash = found
    after = inside[len(dateline.text) :]  # what the element holds after the dateline
    if len(dateline.text) > len(inside) or not dash.startswith(after):
        return None, [], tokens  # the element holds more than the dateline
    number = opening.number
    indent = inner.value[: len(inner.value) - len(inside)]
    consumed = len(dash) - len(after)
    parts: list[str | Unit] = [f"<{number}>{indent}", dateline_unit(dateline, line)]
    parts += [f"{after}</{number}>{following[:consumed]}"]
    remainder = following[consumed:]
    return dateline, parts, ([Text(remainder)] if remainder else []) + rest[1:]


def pieces(block: Block, translations: list[str | None]) -> list[tuple[str, bool]]:
    """The block as (placeholder text in block numbering, translated?) pieces: a unit
    without a translation gives its source."""
    out: list[tuple[str, bool]] = []
    answers = iter(translations)
    for part in block.parts:
        if isinstance(part, str):
            out.append((part, False))
            continue
        text = next(answers)
        value = text if text is not None else part.source
        if part.placeholders:
            mapping = {k: p.number for k, p in enumerate(part.placeholders, start=1)}
            value = renumber(value, mapping)
        out.append((value, text is not None))
    return out


def merge_text(tokens: list[Token]) -> list[Token]:
    """Adjacent text tokens as one (a document's runs split text anywhere)."""
    out: list[Token] = []
    for token in tokens:
        if isinstance(token, Text) and out and isinstance(out[-1], Text):
            out[-1] = Text(out[-1].value + token.value)
        else:
            out.append(token)
    return out
