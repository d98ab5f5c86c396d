"""A PO string -> the lines GNU gettext writes for it (msgcat, msgmerge, msgattrib).

gettext's writer (``write-po.c``) escapes the string, cuts it after each ``\\n``, and
breaks each piece where Unicode line breaking (UAX #14, as libunistring implements it)
allows a break and the line would otherwise pass the page width, counting columns as a
terminal does (a wide character takes two, a combining one none). A string that does not
fit on its keyword's line starts with an empty ``msgid ""``. This module is that
algorithm, step for step, over the data of the libunistring gettext 0.21 uses
(``_unicode_tables``, Unicode 14.0.0); tests/test_powrap.py holds it to libunistring
and to msgcat.

>>> field_lines("msgid", "Hello, world.\\nBye.")
['msgid ""', '"Hello, world.\\\\n"', '"Bye."']
>>> field_lines("msgstr", "Привет", prefix="#~ ")
['#~ msgstr "Привет"']
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from . import _unicode_tables

#: gettext's default page width (``msgcat --width``).
DEFAULT_WIDTH = 79
#: The width of a line that is never broken (``--no-wrap``): C's INT_MAX.
_UNLIMITED = 2**31 - 1

#: What gettext writes for the characters it escapes (the C escapes, backslash, quote).
ESCAPES = {
    "\a": "\\a",
    "\b": "\\b",
    "\f": "\\f",
    "\n": "\\n",
    "\r": "\\r",
    "\t": "\\t",
    "\v": "\\v",
    "\\": "\\\\",
    '"': '\\"',
}
#: No character below U+1100 is wide: a text of them takes at most a column each.
_WIDE = re.compile("[^\x00-\u10ff]")
_BEYOND_BMP = re.compile("[\U00010000-\U0010ffff]")
_TO_ESCAPE = re.compile('[\a\b\f\n\r\t\v\\\\"]')

_CLASS = {name: number for number, name in enumerate(_unicode_tables.CLASSES)}
_BK, _CR, _LF = _CLASS["BK"], _CLASS["CR"], _CLASS["LF"]
_SP, _ZW, _CM, _ZWJ = _CLASS["SP"], _CLASS["ZW"], _CLASS["CM"], _CLASS["ZWJ"]
_AL, _RI, _HL, _HY, _BA = _CLASS["AL"], _CLASS["RI"], _CLASS["HL"], _CLASS["HY"], _CLASS["BA"]
_MANDATORY_CLASSES = frozenset({_BK, _CR, _LF})
#: Classes libunistring resolves before it looks at pairs (AI as in a UTF-8 locale).
_RESOLVED = {
    _CLASS["AI"]: _AL,
    _CLASS["CB"]: _CLASS["ID1"],
    _CLASS["SA"]: _AL,
    _CLASS["XX"]: _AL,
}
#: libunistring's mark for a Hebrew letter followed by a hyphen (rule LB21a).
_HL_BA = 100
_DIRECT, _INDIRECT = 1, 2
_PROHIBITED, _POSSIBLE, _MANDATORY = 0, 1, 2


@functools.cache
def _tables() -> tuple[bytes, bytes]:
    """Each code point's line break class and its width + 1, expanded from their runs."""

    def expand(runs: Sequence[str] | str) -> bytes:
        pairs = [pair.split(":") for pair in "".join(runs).split()]
        starts = [int(start, 16) for start, _ in pairs] + [0x110000]
        table = bytearray()
        for index, (_, value) in enumerate(pairs):
            table += bytes([int(value)]) * (starts[index + 1] - starts[index])
        return bytes(table)

    return expand(_unicode_tables.LINE_BREAK), expand(_unicode_tables.WIDTH)


def escape(text: str) -> str:
    """``text`` as it stands between the quotes of a PO string."""
    if _TO_ESCAPE.search(text) is None:
        return text
    return _TO_ESCAPE.sub(lambda match: ESCAPES[match.group()], text)


def field_lines(
    name: str, value: str, *, prefix: str = "", width: int = DEFAULT_WIDTH, wrap: bool = True
) -> list[str]:
    """The lines of ``name "value"`` as gettext writes them (without line ends).

    ``prefix`` is ``#~ `` for an obsolete entry, ``#| `` for a previous msgid; ``wrap``
    False is ``--no-wrap`` (or the entry's ``no-wrap`` flag): only ``\\n`` breaks lines.
    """
    escaped = escape(value)
    room = len(prefix) + len(name) + 3
    # The common case, decided without the line breaking: it fits (no character below
    # U+1100 is wide, so the width is at most the length).
    if (
        "\n" not in value[:-1]
        and (len(escaped) + room <= width or not wrap)
        and _WIDE.search(escaped) is None
    ):
        return [f'{prefix}{name} "{escaped}"']
    line_width = (width if wrap else _UNLIMITED) - 2 - len(prefix)
    lines: list[str] = []
    first = True
    portions = _portions(value)
    for number, portion in enumerate(portions):
        text = escape(portion)
        narrow = _WIDE.search(text) is None
        places: _Opportunities | None = None
        while True:
            start = len(name) + 1 if first else 0
            if narrow and start + len(text) <= line_width:
                breaks: list[int] = []  # it fits (a header line, a short string)
            else:
                if places is None:
                    prohibited = _inside_escapes(text, ends_line=portion.endswith("\n"))
                    places = _Opportunities(text, prohibited)
                breaks = places.breaks(line_width, start)
            more = number < len(portions) - 1
            if first and text and (more or start > line_width or breaks):
                lines.append(f'{prefix}{name} ""')
                first = False
                continue
            break
        head = f"{prefix}{name} " if first else prefix
        first = False
        cuts = [0, *breaks, len(text)]
        pieces = [text[cuts[i] : cuts[i + 1]] for i in range(len(cuts) - 1)]
        lines.append(f'{head}"{pieces[0]}"')
        lines += [f'{prefix}"{piece}"' for piece in pieces[1:]]
    return lines


def line_breaks(text: str, width: int, start: int = 0) -> list[int]:
    """Where gettext (libunistring's ``u8_width_linebreaks``) breaks ``text`` so that no
    line passes ``width`` columns when that can be helped, the first line starting at
    column ``start``: the indexes of the characters that begin a new line.

    >>> line_breaks("Break it here, not-here.", 10)  # "Break it ", "here, not-", "here."
    [9, 19]
    >>> line_breaks("Break it here, not-here.", 15, start=5)
    [9]
    """
    return _Opportunities(text, ()).breaks(width, start)


def _portions(value: str) -> list[str]:
    """``value`` cut after each ``\\n`` (the only line end gettext cuts at)."""
    parts = value.split("\n")
    portions = [part + "\n" for part in parts[:-1]]
    if parts[-1] or not portions:
        portions.append(parts[-1])
    return portions


def _inside_escapes(text: str, *, ends_line: bool) -> list[int]:
    """Where a break is refused whatever the characters: inside an escape sequence, and
    before the ``\\n`` that ends a piece."""
    inside = []
    index = text.find("\\")
    while index >= 0:
        inside.append(index + 1)
        index = text.find("\\", index + 2)
    if ends_line:
        inside.append(len(text) - 2)
    return inside


class _Classes(dict[int, str]):
    """Code point -> its line break class (resolved) as one character, for
    ``str.translate``: a text becomes the string of its classes at C speed."""

    def __missing__(self, code: int) -> str:
        kind = _tables()[0][code]
        value = chr(_BASE + _RESOLVED.get(kind, kind))
        self[code] = value
        return value


class _Widths(dict[int, str]):
    """Code point -> its columns (a control character counts none), for ``translate``."""

    def __missing__(self, code: int) -> str:
        value = chr(max(_tables()[1][code] - 1, 0))
        self[code] = value
        return value


#: Where class characters start (past every character a regular expression treats
#: specially).
_BASE = 0x100
_CLASS_CHARS = _Classes()
_WIDTH_CHARS = _Widths()


@functools.cache
def _bmp_tables() -> tuple[list[str], list[str]]:
    """The two ``translate`` tables as lists over the Basic Multilingual Plane (twice as
    fast as the dictionaries, which serve the other planes)."""
    classes, widths = _tables()
    by_class = [chr(_BASE + _RESOLVED.get(kind, kind)) for kind in range(256)]
    by_width = [chr(max(width - 1, 0)) for width in range(256)]
    return [by_class[kind] for kind in classes[:0x10000]], [
        by_width[width] for width in widths[:0x10000]
    ]


def _chars(kinds: Iterable[int]) -> str:
    return "".join(chr(_BASE + kind) for kind in kinds)


@dataclass(frozen=True)
class _Patterns:
    """Regular expressions over class strings (one character per class), which find the
    break opportunities of most text at C speed; each starts with a class that is rare
    in prose, so that a letter is passed over at once."""

    #: classes that need the rules one character at a time: combining marks, joiners,
    #: a zero-width space, regional indicators, Hebrew letters, mandatory breaks
    complex: re.Pattern[str]
    #: a letter's direct break (before an ideograph, an em dash): the position found
    after_letter: re.Pattern[str]
    #: a sign that may break before what follows it directly (a letter after a hyphen):
    #: the pair is checked against the table
    before_direct: re.Pattern[str]
    #: the last space of a run, unless what follows it never takes a break
    last_space: re.Pattern[str]
    #: a class that forbids some breaks after the spaces that follow it (an opening
    #: parenthesis, a quote before one): the pair is checked against the table
    before_spaces: re.Pattern[str]
    #: a character of the Basic Multilingual Plane whose width is not one column
    not_one_column: re.Pattern[str]


def _char_class(codes: Sequence[int]) -> str:
    """A regular expression's character class for code points, as ranges."""
    ranges: list[list[int]] = []
    for code in codes:
        if ranges and ranges[-1][1] == code - 1:
            ranges[-1][1] = code
        else:
            ranges.append([code, code])
    return "[" + "".join(f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in ranges) + "]"


@functools.cache
def _patterns() -> _Patterns:
    pairs = _unicode_tables.PAIRS
    table = range(33)

    def rule(before: int, after: int) -> int:
        return pairs[before * 33 + after]

    def breaks_after_spaces(before: int, after: int) -> bool:
        return rule(before, after) in (_DIRECT, _INDIRECT)

    complex_ = _chars((_CM, _ZWJ, _ZW, _RI, _HL, _BK, _CR, _LF))
    letters_direct = _chars(after for after in table if rule(_AL, after) == _DIRECT)
    signs = _chars(b for b in table if b != _AL and any(rule(b, a) == _DIRECT for a in table))
    never = [a for a in table if not any(breaks_after_spaces(b, a) for b in table)]
    forbidding = _chars(
        b for b in table if any(not breaks_after_spaces(b, a) for a in table if a not in never)
    )
    space = chr(_BASE + _SP)
    _, widths = _tables()
    odd = [code for code in range(0x10000) if widths[code] != 2 and not 0xD800 <= code < 0xE000]
    return _Patterns(
        complex=re.compile(f"[{complex_}]"),
        after_letter=re.compile(f"(?<={chr(_BASE + _AL)})[{letters_direct}]"),
        before_direct=re.compile(f"[{signs}](?=[^{space}])"),
        last_space=re.compile(f"{space}(?=[^{space}{_chars(never)}])"),
        before_spaces=re.compile(f"[{forbidding}]{space}+(?=[^{space}])"),
        not_one_column=re.compile(_char_class(odd)),
    )


class _Opportunities:
    """Where a piece of escaped text may break, found once for both of its starts (on
    the keyword's line, or on a line of its own)."""

    def __init__(self, text: str, prohibited: Sequence[int]) -> None:
        patterns = _patterns()
        self.text = text
        self.kinds: bytearray | None = None
        self.places: list[int] = []
        bmp = _BEYOND_BMP.search(text) is None
        #: the columns up to each character (None: one each)
        self.columns: list[int] | None = None
        if not bmp or patterns.not_one_column.search(text):
            widths = text.translate(_bmp_tables()[1] if bmp else _WIDTH_CHARS)
            self.columns = [0, *itertools.accumulate(widths.encode("latin-1"))]
        classes = text.translate(_bmp_tables()[0] if bmp else _CLASS_CHARS)
        if patterns.complex.search(classes):
            # The rare text with combining marks, joiners, flags, Hebrew or a line
            # separator: libunistring's rules one character at a time.
            self.kinds = _possible_breaks(text)
            for index in prohibited:
                self.kinds[index] = _PROHIBITED
            return
        self.places = _simple_places(classes, prohibited, patterns)

    def breaks(self, width: int, start: int) -> list[int]:
        """libunistring's width loop: a line ends before the opportunity whose piece
        (up to the next opportunity, or the end) would pass ``width``; a piece longer
        than a line has one of its own."""
        if self.kinds is not None:
            return _width_breaks(self.text, self.kinds, width, start)
        places = self.places
        columns = self.columns
        end = len(self.text)
        ends = [*places, end]

        def column(index: int) -> int:
            return columns[index] if columns is not None else index

        breaks: list[int] = []
        line = 0  # where the line starts
        room = width - start
        first = 0  # the first opportunity after the line's start
        while first < len(places):
            # The first opportunity (from the second of the line on) at which the line
            # would pass its width; the line breaks at the one before it.
            limit = column(line) + room
            over = bisect.bisect_right(ends, limit, lo=first + 1, key=column)
            if over >= len(ends):
                break
            line = ends[over - 1]
            breaks.append(line)
            room = width
            first = over
        return breaks


def _simple_places(classes: str, prohibited: Sequence[int], patterns: _Patterns) -> list[int]:
    """Where a text without complex classes may break: after spaces where the class
    before them allows it, and between pairs that break with nothing between."""
    pairs = _unicode_tables.PAIRS
    places = [match.end() for match in patterns.last_space.finditer(classes)]
    refused = set(prohibited)
    if places and classes[0] == chr(_BASE + _SP):
        # Spaces that begin the text follow nothing that allows a break.
        refused.add(len(classes) - len(classes.lstrip(chr(_BASE + _SP))))
    for match in patterns.before_spaces.finditer(classes):
        before, after = ord(classes[match.start()]) - _BASE, ord(classes[match.end()]) - _BASE
        if pairs[before * 33 + after] not in (_DIRECT, _INDIRECT):
            refused.add(match.end())
    if refused:
        places = [place for place in places if place not in refused]
    direct = [match.start() for match in patterns.after_letter.finditer(classes)]
    for match in patterns.before_direct.finditer(classes):
        before, after = ord(classes[match.start()]) - _BASE, ord(classes[match.end()]) - _BASE
        if pairs[before * 33 + after] == _DIRECT:
            direct.append(match.end())
    if direct:
        places = sorted(places + [place for place in direct if place not in refused])
    return places


def _possible_breaks(text: str) -> bytearray:
    """libunistring's ``u8_possible_linebreaks``: for each character, whether a line may
    (or must) break before it."""
    classes, _ = _tables()
    pairs = _unicode_tables.PAIRS
    kinds = bytearray(len(text))
    previous = last = _BK  # the class of the last character, and of the last non-space
    space = False  # a space since the last non-space
    regional = 0  # regional indicators just before
    for index, char in enumerate(text):
        kind = classes[ord(char)]
        if kind in _MANDATORY_CLASSES:
            kinds[index] = _MANDATORY
            previous, last, space = kind, _BK, False
            regional = 0
            continue
        kind = _RESOLVED.get(kind, kind)
        if kind == _SP:
            space = True
        elif kind == _ZW:
            last, space = _ZW, False
        elif kind in (_CM, _ZWJ):
            if last == _BK:
                last, space = _AL, False
            elif last == _ZW or space:
                kinds[index] = _POSSIBLE
                last, space = _AL, False
        else:
            kinds[index] = _pair(kind, last, previous, space, regional, pairs)
            last, space = kind, False
        previous = _HL_BA if previous == _HL and kind in (_HY, _BA) else kind
        regional = regional + 1 if kind == _RI else 0
    return kinds


def _pair(kind: int, last: int, previous: int, space: bool, regional: int, pairs: bytes) -> int:
    """Whether a line may break between the last non-space character and this one."""
    if last == _BK or previous in (_ZWJ, _HL_BA):
        return _PROHIBITED
    if last == _ZW:
        return _POSSIBLE
    if last == _RI and kind == _RI:
        return _POSSIBLE if space or regional % 2 == 0 else _PROHIBITED
    rule = pairs[last * 33 + kind]
    return _POSSIBLE if rule == _DIRECT or (rule == _INDIRECT and space) else _PROHIBITED


def _width_breaks(text: str, kinds: bytearray, width: int, start: int) -> list[int]:
    """libunistring's ``u8_width_linebreaks``: where lines break so that none passes
    ``width`` columns when it can be helped (the first starting at column ``start``),
    given where they may break (``kinds``)."""
    _, widths = _tables()
    breaks: list[int] = []
    opening: int | None = None  # where the piece being measured starts
    column = start
    piece = 0
    for index, char in enumerate(text):
        kind = kinds[index]
        if kind != _PROHIBITED and opening is not None and column + piece > width:
            breaks.append(opening)
            column = 0
        if kind == _MANDATORY:
            opening, column, piece = None, 0, 0
            continue
        if kind == _POSSIBLE:
            opening = index
            column += piece
            piece = 0
        piece += max(widths[ord(char)] - 1, 0)
    if opening is not None and column + piece > width:
        breaks.append(opening)
    return breaks


def reference_lines(references: Sequence[str], *, width: int = DEFAULT_WIDTH) -> list[str]:
    """``#:`` lines as gettext fills them (with or without ``--no-wrap``): as many
    references to a line as fit in ``width`` bytes."""
    lines: list[str] = []
    line = "#:"
    column = 2
    for reference in references:
        size = len(reference.encode("utf-8")) + 1
        if column > 2 and column + size > width:
            lines.append(line)
            line, column = "#:", 2
        line += " " + reference
        column += size
    lines.append(line)
    return lines
