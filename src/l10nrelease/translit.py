"""Kazakh in Latin script: the Cyrillic text of a reviewed Kazakh translation, written in
the Latin alphabet of 2021.

The table follows the alphabet presented by the Government of Kazakhstan on 28 January
2021 (31 letters: A Ä B D E F G Ğ H I İ J K L M N Ñ O Ö P Q R S Ş T U Ū Ü V Y Z), as
tabulated in Wikipedia's "Kazakh alphabets", section "Latin script" (the 2021 column),
whose sample text the tests transliterate: I ı is і, İ i is и and й, Y y is ы, Ū ū is
ұ, Ü ü is ү, Ñ ñ is ң, Ş ş is ш, H h is both х and һ.

The alphabet has no letter for the Russian-only ё ц ч щ ъ ь э ю я; they follow a rule
of ours, the one Kazakh Latin editions of news agencies use (``RUSSIAN_ONLY``), which a
project may change letter by letter. Case follows the word: a word in capitals stays in
capitals (``ЕҚЫҰ`` -> ``EQYŪ``, ``ЯПОНИЯ`` -> ``İAPONİİA``), a capitalised word takes a
capital on its first letter only (``Юрий`` -> ``İurii``). Addresses, e-mail addresses,
placeholders, digits and Latin text pass through untouched.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

#: Every letter of the Kazakh Cyrillic alphabet the 2021 Latin alphabet has a letter for.
KK_2021: dict[str, str] = {
    "а": "a", "ә": "ä", "б": "b", "в": "v", "г": "g", "ғ": "ğ", "д": "d", "е": "e",
    "ж": "j", "з": "z", "и": "i", "й": "i", "к": "k", "қ": "q", "л": "l", "м": "m",
    "н": "n", "ң": "ñ", "о": "o", "ө": "ö", "п": "p", "р": "r", "с": "s", "т": "t",
    "у": "u", "ұ": "ū", "ү": "ü", "ф": "f", "х": "h", "һ": "h", "ш": "ş", "ы": "y",
    "і": "ı",
}  # fmt: skip

#: The Russian-only letters, which the alphabet leaves out: the default rule.
RUSSIAN_ONLY: dict[str, str] = {
    "ё": "io", "ц": "ts", "ч": "ch", "щ": "şş", "ъ": "", "ь": "", "э": "e", "ю": "iu",
    "я": "ia",
}  # fmt: skip

#: Capitals that are not ``str.upper()`` of the small letter: the dotted and dotless i
#: are two letters, as in Turkish.
_UPPER = {"i": "İ", "ı": "I"}

TABLES = {"kk-2021": KK_2021}
#: What each table writes: the language tag of its output (language and script), which
#: a derived page language must name (``[languages] "kk-Latn" = { transliterate = … }``).
WRITES = {"kk-2021": "kk-Latn"}

#: What passes through untouched: addresses, e-mail addresses, placeholders.
_KEEP = re.compile(
    r"(?:https?://|www\.)\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+|</?\d+/?>|&\w+;",
    re.IGNORECASE,
)
_WORD = re.compile(r"[^\W\d_]+")


def kept_spans(text: str) -> list[tuple[int, int]]:
    """Where ``text`` has what passes through untouched (addresses, e-mail addresses,
    placeholders, entities): a caller that rewrites words itself leaves these alone."""
    return [match.span() for match in _KEEP.finditer(text)]


def _upper(text: str) -> str:
    return "".join(_UPPER.get(char, char.upper()) for char in text)


@dataclass(frozen=True)
class Transliterator:
    """One table (``kk-2021``) with the project's rule for the letters it lacks."""

    table: Mapping[str, str]
    extra: Mapping[str, str] = field(default_factory=lambda: dict(RUSSIAN_ONLY))

    @classmethod
    def named(cls, name: str, overrides: Mapping[str, str] | None = None) -> Transliterator:
        """The table called ``name``, with ``overrides`` for the Russian-only letters."""
        extra = dict(RUSSIAN_ONLY)
        extra.update({key.lower(): value for key, value in (overrides or {}).items()})
        return cls(TABLES[name], extra)

    def letter(self, char: str) -> str | None:
        small = char.lower()
        return self.table.get(small, self.extra.get(small))

    def word(self, word: str) -> str:
        """One word, its case kept: capitals, a capital first letter, or small."""
        cased = [c for c in word if c.isupper() or c.islower()]
        capitals = len(cased) > 1 and all(c.isupper() for c in cased)
        out = []
        for char in word:
            latin = self.letter(char)
            if latin is None:
                out.append(char)
            elif not char.isupper():
                out.append(latin)
            elif capitals:
                out.append(_upper(latin))
            else:
                out.append(_upper(latin[:1]) + latin[1:])
        return "".join(out)

    def text(self, text: str) -> str:
        """A whole text: every word with a Cyrillic letter written in Latin script."""
        out = []
        position = 0
        for kept in _KEEP.finditer(text):
            out.append(self._words(text[position : kept.start()]))
            out.append(kept.group(0))
            position = kept.end()
        out.append(self._words(text[position:]))
        return "".join(out)

    def _words(self, text: str) -> str:
        return _WORD.sub(lambda m: self.word(m.group(0)), text)


def known_tables() -> tuple[str, ...]:
    return tuple(TABLES)
