"""Spelling of translations with hunspell's dictionaries (Debian's hunspell-ru and
hunspell-kk), when they are installed. Off by default: the Kazakh dictionary knows few
inflected forms, so a Kazakh word is also accepted when its stem, with a case or
possessive ending taken off by the name matcher's suffix rules, is in the dictionary.

Glossary names and the words of the project's word list (``spelling.txt``, one word a
line) are never reported.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Iterable
from pathlib import Path

DICTIONARIES = {"ru": "ru_RU", "kk": "kk_KZ"}
_FOLDERS = (Path("/usr/share/hunspell"), Path("/usr/share/myspell"))
_WORD = re.compile(r"[А-Яа-яЁёӘәҒғҚқҢңӨөҰұҮүҺһІі]+(?:-[А-Яа-яЁёӘәҒғҚқҢңӨөҰұҮүҺһІі]+)*")


def dictionary(language: str) -> str | None:
    """The hunspell dictionary for ``language``, or None (then spelling is a note)."""
    name = DICTIONARIES.get(language)
    if name is None or shutil.which("hunspell") is None:
        return None
    for folder in _FOLDERS:
        if (folder / f"{name}.dic").exists():
            return name
    return None


def words(text: str) -> list[str]:
    return _WORD.findall(text)


def unknown(candidates: Iterable[str], *, language: str, name: str) -> set[str]:
    """The words hunspell does not know (asked once for all of them)."""
    flagged = _ask(set(candidates), name)
    if language == "kk" and flagged:
        flagged -= _known_stems(flagged, name)
    return flagged


def _known_stems(words_: set[str], name: str) -> set[str]:
    """Kazakh words whose stem (an ending taken off) hunspell knows."""
    from .morphology.kk import _any_ending

    endings = sorted(_any_ending(), key=len, reverse=True)
    stems: dict[str, list[str]] = {}
    for word in words_:
        lower = word.lower()
        for ending in endings:
            if lower.endswith(ending) and len(lower) - len(ending) >= 3:
                stems.setdefault(word, []).append(word[: len(word) - len(ending)])
    bad = _ask({stem for options in stems.values() for stem in options}, name)
    return {word for word, options in stems.items() if any(s not in bad for s in options)}


def _ask(words_: set[str], name: str) -> set[str]:
    """The words hunspell lists as unknown, in one call for all of them."""
    if not words_:
        return set()
    result = subprocess.run(
        ["hunspell", "-d", name, "-l", "-i", "utf-8"],
        input="\n".join(sorted(words_)),
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    return set(result.stdout.split())
