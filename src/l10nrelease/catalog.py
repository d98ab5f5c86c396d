"""PO text <-> ``Catalog``: strict reading, deterministic writing.

The only module that imports polib; the rest of the code sees ``Catalog`` and
``Entry``. Merging a release into a catalog is ``merge.py``'s job.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import polib

from .errors import CatalogError


@dataclass(frozen=True)
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
    path: str = ""
    header_lines: Mapping[str, int] = field(default_factory=dict, compare=False)

    def header_value(self, name: str) -> str | None:
        return next((value for key, value in self.header if key == name), None)

    def active(self) -> list[Entry]:
        return [entry for entry in self.entries if not entry.obsolete]


# ------------------------------------------------------------------- read/write

_STRING = r'"(?:[^"\\]|\\.)*"'
_STRING_LINE = re.compile(rf"^(?:(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\s+)?{_STRING}$")
_ESCAPE = re.compile(r"\\(.)")
_VALID_ESCAPES = frozenset("\\\"ntrabfv?'x01234567")


def parse_catalog(text: str, *, path: str) -> Catalog:
    """Parse PO text strictly: any line polib would guess at is an error with its line."""
    _check_syntax(text, path)
    try:
        po = polib.pofile(text, check_for_duplicates=True, wrapwidth=78)
    except ValueError as exc:  # polib's duplicate check
        raise CatalogError(
            f"{exc}: an entry appears twice; delete one of them",
            path=path,
            line=_duplicate_line(text),
        ) from None
    except OSError as exc:
        match = re.search(r"line (\d+)", str(exc))
        raise CatalogError(
            "the file is not a valid PO file (a quote or keyword is missing near here); "
            "fix it or restore it from version control",
            path=path,
            line=int(match.group(1)) if match else None,
        ) from None
    content_type = po.metadata.get("Content-Type", "")
    charset = re.search(r"charset=([\w.-]+)", content_type)
    header_lines = _header_lines(text)
    if charset and charset.group(1).lower().replace("_", "-") not in {"utf-8", "utf8", "charset"}:
        raise CatalogError(
            f"declares charset={charset.group(1)}, but l10nrelease reads UTF-8 only; "
            "convert it with: msgconv --to-code=UTF-8",
            path=path,
            line=header_lines.get("Content-Type"),
        )
    entries = []
    for item in po:  # polib keeps obsolete entries in the same list
        if item.msgid_plural:
            raise CatalogError(
                "plural entries are not used in release catalogs; remove this entry",
                path=path,
                line=item.linenum,
            )
        entries.append(
            Entry(
                msgid=item.msgid,
                msgstr=item.msgstr,
                msgctxt=item.msgctxt,
                fuzzy="fuzzy" in item.flags,
                flags=tuple(flag for flag in item.flags if flag != "fuzzy"),
                previous_msgid=item.previous_msgid,
                previous_msgctxt=item.previous_msgctxt,
                translator_comment=item.tcomment or "",
                extracted_comment=item.comment or "",
                references=tuple((ref[0], ref[1]) for ref in item.occurrences),
                obsolete=bool(item.obsolete),
                line=item.linenum,
            )
        )
    return Catalog(
        header=tuple(po.metadata.items()),
        entries=tuple(entries),
        header_comment=po.header or "",
        path=path,
        header_lines=header_lines,
    )


def _check_syntax(text: str, path: str) -> None:
    """Reject what polib would silently accept or guess at, naming the line."""
    if "\r" in text:
        raise CatalogError(
            "has Windows (CRLF) line endings; save it with Unix (LF) line endings",
            path=path,
            line=text.count("\n", 0, text.index("\r")) + 1,
        )
    for number, raw in enumerate(text.split("\n"), start=1):
        line = raw.strip()
        if line.startswith("#~"):
            line = line[2:].strip()
            if line.startswith("|"):
                line = line[1:].strip()
        elif line.startswith("#|"):
            line = line[2:].strip()
        elif line.startswith("#"):
            continue
        if not line:
            continue
        if not _STRING_LINE.match(line):
            if _odd_quotes(line):
                problem = "a string is not closed with a double quote"
            elif line.startswith(("msg", '"')):
                problem = "this line is not a PO keyword followed by one quoted string"
            else:
                problem = "this line is neither a comment, a keyword nor a quoted string"
            raise CatalogError(
                f"{problem}; fix it or restore the file from version control",
                path=path,
                line=number,
            )
        for escape in _ESCAPE.finditer(line):
            if escape.group(1) not in _VALID_ESCAPES:
                raise CatalogError(
                    f"unknown escape '\\{escape.group(1)}' in a string; write a backslash as \\\\",
                    path=path,
                    line=number,
                )


def _odd_quotes(line: str) -> bool:
    return len(re.findall(r'(?<!\\)"', line.replace("\\\\", ""))) % 2 == 1


def _header_lines(text: str) -> dict[str, int]:
    lines = {}
    for number, line in enumerate(text.split("\n"), start=1):
        match = re.match(r'^"([A-Za-z-]+):', line.strip())
        if match and match.group(1) not in lines:
            lines[match.group(1)] = number
        if number > 60:
            break
    return lines


def _duplicate_line(text: str) -> int | None:
    seen: dict[tuple[str, str], int] = {}
    context = ""
    for number, line in enumerate(text.split("\n"), start=1):
        if line.startswith("msgctxt "):
            context = line
        elif line.startswith("msgid "):
            key = (context, line)
            context = ""
            if key in seen and line != 'msgid ""':
                return number
            seen[key] = number
    return None


def render_catalog(catalog: Catalog) -> str:
    """PO text for a catalog; the same catalog always gives the same bytes."""
    po = polib.POFile(wrapwidth=78)
    po.header = catalog.header_comment
    po.metadata = dict(catalog.header)
    po.metadata_is_fuzzy = catalog.header_value("Language") == ""
    for entry in catalog.entries:
        flags = (["fuzzy"] if entry.fuzzy else []) + list(entry.flags)
        po.append(
            polib.POEntry(
                msgid=entry.msgid,
                msgstr=entry.msgstr,
                msgctxt=entry.msgctxt,
                flags=flags,
                previous_msgid=entry.previous_msgid if entry.fuzzy else None,
                previous_msgctxt=entry.previous_msgctxt if entry.fuzzy else None,
                tcomment=entry.translator_comment,
                comment=entry.extracted_comment,
                occurrences=list(entry.references),
                obsolete=entry.obsolete,
            )
        )
    text = str(po.__unicode__())
    return text if text.endswith("\n") else text + "\n"


def without_creation_date(text: str) -> str:
    """PO text minus its POT-Creation-Date, to tell a real change from a new timestamp."""
    return re.sub(r'^"POT-Creation-Date: [^"]*"\n', "", text, count=1, flags=re.M)


def check_language(catalog: Catalog, language: str) -> None:
    """Refuse a PO file saved with another language's header in this language's folder."""
    declared = (catalog.header_value("Language") or "").strip()
    if declared and declared.replace("-", "_").lower() != language.replace("-", "_").lower():
        raise CatalogError(
            f"the Language header says '{declared}' but the file is in the '{language}' "
            f"folder; set the language to '{language}' in the PO editor's catalog "
            "properties, or move the file to the folder of its language",
            path=catalog.path,
            line=catalog.header_lines.get("Language"),
        )


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
