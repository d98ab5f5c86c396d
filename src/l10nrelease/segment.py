"""Block text -> sentence units, with inline markup kept whole.

Input is a block as placeholder tokens (numbered per block); output is a list of
pieces, each either translatable (has letters) or literal (white space between
sentences, text with no letters). Joining the pieces gives back the block exactly.
Sentence boundaries come from sentencex, revised for abbreviations (``boundaries``);
a boundary inside an inline element, a quotation or parentheses is dropped, so
placeholders, quotations and asides are never cut in two.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

import sentencex

from .boundaries import revise, rules_for
from .markup import Close, Open, Text, Token, Void

MODES = ("sentence", "paragraph")


@dataclass(frozen=True, slots=True)
class Piece:
    tokens: tuple[Token, ...]
    translatable: bool


def split_sentences(
    text: str, language: str = "en", *, abbreviations: tuple[str, ...] = ()
) -> list[str]:
    """Sentences of ``text``, trailing white space included: ``"".join(result) == text``.
    ``abbreviations`` are the project's own (``[segmentation] abbreviations``).

    >>> split_sentences("Mr. Smith left at 5 p.m. The U.N. stayed.")
    ['Mr. Smith left at 5 p.m. ', 'The U.N. stayed.']
    >>> split_sentences('He said: “Go home. Now.” Then he left.')
    ['He said: “Go home. Now.” ', 'Then he left.']
    >>> split_sentences('"It works," said Ms. Seitkali. "We saw it."')
    ['"It works," said Ms. Seitkali. ', '"We saw it."']
    >>> split_sentences("Akim Zhaksybekov spoke.", abbreviations=("Akim",))
    ['Akim Zhaksybekov spoke.']
    """
    if not text.strip():
        return [text] if text else []
    pieces = [p for p in sentencex.segment(language, text) if p]
    if "".join(pieces) != text:  # never trust a dependency with the user's text
        return [text]
    starts, offset = [], 0
    for piece in pieces[:-1]:
        offset += len(piece)
        starts.append(offset)
    cuts = [0, *revise(text, starts, rules_for(language, abbreviations)), len(text)]
    return _merge_inside_quotes([text[a:b] for a, b in pairwise(cuts)])


#: Marks that open and close a quotation or an aside; a straight quote does both.
_PAIRS = {"“": "”", "«": "»", "(": ")", "[": "]", '"': '"'}
#: Any of them (the only characters the depths are counted on).
_MARKS = re.compile("[" + re.escape("".join(k + v for k, v in _PAIRS.items())) + "]")


def _merge_inside_quotes(pieces: list[str]) -> list[str]:
    """Join sentences whose boundary falls inside a quotation or parentheses (of each
    kind of mark that balances in the text)."""
    text = "".join(pieces)
    # (A kind of mark the text lacks changes no depth: left out.)
    pairs = {
        opening: closing
        for opening, closing in _PAIRS.items()
        if opening in text and _nested(text, opening, closing)
    }
    if len(pieces) < 2 or not pairs:
        return pieces
    merged: list[list[str]] = []
    depth = dict.fromkeys(pairs, 0)
    for piece in pieces:
        if merged and any(depth.values()):
            merged[-1].append(piece)
        else:
            merged.append([piece])
        _count_open(piece, pairs, depth)
    return ["".join(parts) for parts in merged]


def _nested(text: str, opening: str, closing: str) -> bool:
    """Whether every ``opening`` in ``text`` is closed after it (``a) … (b`` is not)."""
    if opening == closing:
        return text.count(opening) % 2 == 0
    depth = 0
    for char in _MARKS.findall(text):
        if char == opening:
            depth += 1
        elif char == closing:
            depth -= 1
            if depth < 0:
                return False
    return depth == 0


def _count_open(text: str, pairs: dict[str, str], depth: dict[str, int]) -> None:
    """Update ``depth``, the open marks of each kind, after ``text``; sources are
    English, so “ opens and ” closes."""
    closings = {closing: opening for opening, closing in pairs.items()}
    for char in _MARKS.findall(text):
        if char == '"' and '"' in pairs:
            depth['"'] = 1 - depth['"']
        elif char in pairs:
            depth[char] += 1
        elif char in closings:
            opening = closings[char]
            depth[opening] = max(0, depth[opening] - 1)


def split_block(
    tokens: Sequence[Token],
    *,
    mode: str = "sentence",
    language: str = "en",
    abbreviations: tuple[str, ...] = (),
) -> list[Piece]:
    """Cut a block's tokens into sentence pieces; see the module docstring."""
    if mode == "paragraph":
        cuts: set[int] = set()
    else:
        flat = "".join(_flat(token) for token in tokens)
        cuts = set()
        offset = 0
        for sentence in split_sentences(flat, language, abbreviations=abbreviations)[:-1]:
            offset += len(sentence)
            cuts.add(offset)
    raw_pieces = _cut(tokens, cuts)
    pieces: list[Piece] = []
    for raw in raw_pieces:
        for piece in _trim(raw):
            if pieces and not piece.translatable and not pieces[-1].translatable:
                pieces[-1] = Piece(pieces[-1].tokens + piece.tokens, False)
            else:
                pieces.append(piece)
    return pieces


def _flat(token: Token) -> str:
    if isinstance(token, Text):
        return token.value
    return " " if isinstance(token, Void) else ""


def _cut(tokens: Sequence[Token], cuts: set[int]) -> list[list[Token]]:
    """Split tokens at flat-text offsets in ``cuts`` where no element is open."""
    pieces: list[list[Token]] = [[]]
    offset = 0
    depth = 0
    for token in tokens:
        if isinstance(token, Text):
            start = offset
            value = token.value
            consumed = 0
            for cut in sorted(c for c in cuts if start <= c < start + len(value)):
                if depth:
                    continue
                if cut - start > consumed:
                    pieces[-1].append(Text(value[consumed : cut - start]))
                    consumed = cut - start
                if pieces[-1]:
                    pieces.append([])
            if consumed < len(value):
                pieces[-1].append(Text(value[consumed:]))
            offset += len(value)
            continue
        if not isinstance(token, Close) and depth == 0 and offset in cuts and pieces[-1]:
            pieces.append([])
        pieces[-1].append(token)
        if isinstance(token, Open):
            depth += 1
        elif isinstance(token, Close):
            depth -= 1
        elif isinstance(token, Void):
            offset += 1
    return [piece for piece in pieces if piece]


def _trim(tokens: list[Token]) -> list[Piece]:
    """Move white space and void elements (``<br>``) at either end into literal pieces."""
    tokens = list(tokens)
    lead: list[Token] = []
    trail: list[Token] = []
    while tokens and (isinstance(tokens[0], Void) or _blank(tokens[0])):
        lead.append(tokens.pop(0))
    while tokens and (isinstance(tokens[-1], Void) or _blank(tokens[-1])):
        trail.insert(0, tokens.pop())
    if tokens and isinstance(tokens[0], Text):
        value = tokens[0].value
        stripped = value.lstrip()
        if stripped != value:
            lead.append(Text(value[: len(value) - len(stripped)]))
            tokens[0] = Text(stripped)
    if tokens and isinstance(tokens[-1], Text):
        value = tokens[-1].value
        stripped = value.rstrip()
        if stripped != value:
            trail.insert(0, Text(value[len(stripped) :]))
            tokens[-1] = Text(stripped)
    result = [Piece(tuple(lead), False)] if lead else []
    if tokens:
        result.append(Piece(tuple(tokens), has_letters(tokens)))
    if trail:
        result.append(Piece(tuple(trail), False))
    return result


def _blank(token: Token) -> bool:
    return isinstance(token, Text) and not token.value.strip()


def has_letters(tokens: Sequence[Token]) -> bool:
    """Whether any text token has a letter: a unit of only digits or dashes is not sent."""
    return any(isinstance(t, Text) and any(c.isalpha() for c in t.value) for t in tokens)
