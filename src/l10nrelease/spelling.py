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

from .catalog import Catalog
from .model import Finding, Glossary

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


def check_spelling(
    catalog: Catalog, language: str, *, severity: str, skip: set[str]
) -> list[Finding]:
    """Words of the translations hunspell does not know (one call per file), or a note
    when there is no dictionary for ``language``. ``skip``: words never reported."""
    name = dictionary(language)
    if name is None:
        return [
            Finding(
                catalog.path,
                None,
                "note",
                "spelling",
                f"no hunspell dictionary for {language} (apt-get install hunspell "
                f"hunspell-{language}): spelling not checked",
            )
        ]
    entries = [e for e in catalog.active() if e.msgstr and e.msgctxt is None]
    per_entry = [[w for w in words(e.msgstr) if w.lower() not in skip] for e in entries]
    bad = unknown((w for ws in per_entry for w in ws), language=language, name=name)
    found = []
    for entry, entry_words in zip(entries, per_entry, strict=True):
        wrong = list(dict.fromkeys(w for w in entry_words if w in bad))
        if wrong:
            level = "warning" if entry.fuzzy and severity == "error" else severity
            found.append(
                Finding(
                    catalog.path,
                    entry.line,
                    level,
                    "spelling",
                    "not in the dictionary: "
                    + ", ".join(wrong)
                    + " (add accepted words to spelling.txt)",
                )
            )
    return found


def skip_words(glossary: Glossary | None, language: str, word_list: str) -> set[str]:
    """Glossary names in ``language`` and the project's word list: never misspellings."""
    skipped: set[str] = set()
    for term in glossary.terms if glossary else ():
        form = term.forms.get(language)
        if form:
            for text in (form.approved, *form.variants):
                skipped |= {w.lower() for w in words(text)}
    skipped |= {line.strip().lower() for line in word_list.splitlines() if line.strip()}
    return skipped
