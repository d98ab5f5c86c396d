"""The model of a PO file: ``Catalog`` and ``Entry``, independent of the format.

Checks, pages and the merge see only these values; reading and writing PO text is
``pofile.py``'s job (as Babel keeps ``catalog.py`` apart from ``pofile.py``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from .errors import CatalogError


@dataclass(frozen=True, slots=True)
class Entry:
    """One PO entry, independent of polib."""

    msgid: str
    msgstr: str = ""
    msgctxt: str | None = None
    fuzzy: bool = False
    flags: tuple[str, ...] = ()
    previous_msgid: str | None = None
    previous_msgctxt: str | None = None
    translator_comment: str = ""
    extracted_comment: str = ""
    references: tuple[tuple[str, str], ...] = ()
    obsolete: bool = False
    line: int = 0

    @property
    def key(self) -> tuple[str | None, str]:
        return (self.msgctxt, self.msgid)

    @property
    def reviewed(self) -> bool:
        """Translated and not fuzzy: what build publishes and memory trusts."""
        return bool(self.msgstr) and not self.fuzzy


@dataclass(frozen=True)
class Catalog:
    """A PO (or POT) file's content: header fields in order, then entries."""

    header: tuple[tuple[str, str], ...]
    entries: tuple[Entry, ...]
    header_comment: str = ""
    #: comments after the last entry, as written (without their "# ")
    trailer: str = ""
    path: str = ""
    header_lines: Mapping[str, int] = field(default_factory=dict, compare=False)
    #: the file's line end ("\r\n" for a file checked out on Windows), kept on write
    newline: str = "\n"

    def header_value(self, name: str) -> str | None:
        return next((value for key, value in self.header if key == name), None)

    def active(self) -> list[Entry]:
        return [entry for entry in self.entries if not entry.obsolete]


#: A Language header's value: a language, then a region, script or variant, as editors
#: write them (ru_RU, kk-KZ, kk_Cyrl, sr@latin, ru_RU.UTF-8).
_LANGUAGE_CODE = re.compile(r"([A-Za-z]{2,3})((?:[-_][A-Za-z0-9]{2,8})*)(?:\.[\w-]+)?(?:@\w+)?")


def names_language(declared: str, language: str) -> bool:
    """Whether a ``Language`` header names ``language``, alone or with a region or a
    script (``ru_RU``, ``kk-KZ``, ``kk_Cyrl``: what an editor writes when a translator
    picks a country variant).

    >>> [names_language(code, "kk") for code in ("kk", "kk-KZ", "kk_Cyrl", "KK", "ky", "kkz")]
    [True, True, True, True, False, False]
    """
    match = _LANGUAGE_CODE.fullmatch(declared.strip())
    return match is not None and match.group(1).lower() == language.lower()


def check_language(catalog: Catalog, language: str) -> None:
    """Refuse a PO file saved with another language's header in this language's folder."""
    declared = (catalog.header_value("Language") or "").strip()
    if declared and not names_language(declared, language):
        raise CatalogError(
            f"the Language header says '{declared}' but the file is in the '{language}' "
            f"folder; set the language to '{language}' (or a variant of it, such as "
            f"{language}_{_REGIONS.get(language, 'XX')}) in the PO editor's catalog "
            "properties, or move the file to the folder of its language",
            path=catalog.path,
            line=catalog.header_lines.get("Language"),
        )


#: The country a language's example variant names in messages.
_REGIONS = {"ru": "RU", "kk": "KZ", "en": "GB"}


def count(entries: Iterable[Entry]) -> dict[str, int]:
    """Reviewed, fuzzy and untranslated counts of the active entries."""
    totals = {"reviewed": 0, "fuzzy": 0, "untranslated": 0}
    for entry in entries:
        if entry.obsolete:
            continue
        if not entry.msgstr:
            totals["untranslated"] += 1
        elif entry.fuzzy:
            totals["fuzzy"] += 1
        else:
            totals["reviewed"] += 1
    return totals
