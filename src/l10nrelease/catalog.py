"""Release <-> PO: template entries from a release, merging them into an existing PO
file on re-extract, and reading and writing PO text.

The only module that imports polib; the rest of the code sees ``Catalog`` and
``Entry``. Merging follows ``msgmerge --previous``: unchanged units keep their
translations wherever they moved, a changed unit keeps its old translation marked
fuzzy with the previous msgid, and a removed translated unit becomes obsolete.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace

import polib
from babel import Locale
from babel.messages.plurals import get_plural

from . import __version__
from .errors import CatalogError
from .model import Release, Unit

#: How alike an old and a new msgid must be (difflib ratio) for the old translation
#: to be kept as a fuzzy suggestion. msgmerge's own threshold is in the same range.
FUZZY_THRESHOLD = 0.6

_TAG_NAMES = {
    "a": "link",
    "strong": "bold",
    "b": "bold",
    "em": "italic",
    "i": "italic",
    "br": "line break",
    "img": "image",
    "code": "code",
    "abbr": "abbreviation",
    "span": "span",
    "sup": "superscript",
    "sub": "subscript",
    "q": "quotation",
    "time": "time",
    "comment": "HTML comment",
    "u": "underline",
    "mark": "highlight",
}
_HEADER_ORDER = (
    "Project-Id-Version",
    "Report-Msgid-Bugs-To",
    "POT-Creation-Date",
    "PO-Revision-Date",
    "Last-Translator",
    "Language-Team",
    "Language",
    "MIME-Version",
    "Content-Type",
    "Content-Transfer-Encoding",
    "Plural-Forms",
    "X-Generator",
)


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


@dataclass(frozen=True)
class MergeReport:
    """What a merge did to one file, for the command's summary."""

    kept: int = 0
    changed: int = 0
    added: int = 0
    obsoleted: int = 0
    resurrected: int = 0


# --------------------------------------------------------------------- template


def template_entries(release: Release) -> list[Entry]:
    """One entry per distinct unit, in order of first appearance, with every reference."""
    order: list[tuple[str | None, str]] = []
    references: dict[tuple[str | None, str], list[tuple[str, str]]] = {}
    comments: dict[tuple[str | None, str], list[str]] = {}
    for unit in release.units():
        if unit.key not in references:
            order.append(unit.key)
            references[unit.key] = []
            comments[unit.key] = []
        reference = (release.path, str(unit.line))
        if reference not in references[unit.key]:
            references[unit.key].append(reference)
        for line in _unit_comments(unit):
            if line not in comments[unit.key]:
                comments[unit.key].append(line)
    return [
        Entry(
            msgid=key[1],
            msgctxt=key[0],
            references=tuple(references[key]),
            extracted_comment="\n".join(comments[key]),
        )
        for key in order
    ]


def _unit_comments(unit: Unit) -> list[str]:
    lines = [unit.role]
    if unit.placeholders:
        shown = []
        for number, placeholder in enumerate(unit.placeholders, start=1):
            name = _TAG_NAMES.get(placeholder.tag, placeholder.tag or "element")
            shape = f"<{number}/>" if placeholder.void else f"<{number}>…</{number}>"
            shown.append(f"{shape} {name}")
        lines.append("placeholders (keep each once; move as needed): " + ", ".join(shown))
    return lines


# ----------------------------------------------------------------------- merge


def merge(
    template: Sequence[Entry],
    old: Catalog | None,
    *,
    language: str | None,
    project: str,
    now: str,
    notes: Mapping[tuple[str | None, str], Sequence[str]] | None = None,
    bugs_address: str = "",
) -> tuple[Catalog, MergeReport]:
    """The catalog ``extract`` writes: ``template`` with ``old``'s translations carried over.

    ``language`` is None for the ``.pot`` template. ``now`` is the timestamp used when
    the set of msgids changed (so an unchanged release rewrites nothing). ``notes``
    adds extracted-comment lines per entry (the glossary's approved names).
    """
    old_entries = list(old.entries) if old else []
    active_old = {e.key: e for e in old_entries if not e.obsolete}
    obsolete_old = {e.key: e for e in old_entries if e.obsolete}
    used: set[tuple[str | None, str]] = set()
    merged: list[Entry] = []
    report = MergeReport()
    pending: list[int] = []
    for index, fresh in enumerate(template):
        if notes and notes.get(fresh.key):
            comment = "\n".join([fresh.extracted_comment, *notes[fresh.key]])
            fresh = replace(fresh, extracted_comment=comment)
        previous = active_old.get(fresh.key)
        if previous is not None:
            merged.append(_carry(fresh, previous))
            used.add(previous.key)
            report = replace(report, kept=report.kept + 1)
            continue
        buried = obsolete_old.pop(fresh.key, None)
        if buried is not None and buried.msgstr:
            merged.append(_carry(fresh, buried))
            report = replace(report, resurrected=report.resurrected + 1)
            continue
        merged.append(fresh)
        pending.append(index)

    # Changed units: pair each with the most similar translated old entry left over.
    candidates = [
        e
        for e in old_entries
        if e.msgstr and e.key not in used and (not e.obsolete or e.key in obsolete_old)
    ]
    for new_index, old_entry in _pair_similar([merged[i] for i in pending], candidates, pending):
        merged[new_index] = _carry_fuzzy(merged[new_index], old_entry)
        used.add(old_entry.key)
        obsolete_old.pop(old_entry.key, None)
        report = replace(report, changed=report.changed + 1)
    report = replace(report, added=len(pending) - report.changed)

    newly_obsolete = [
        replace(e, obsolete=True, references=(), extracted_comment="")
        for e in old_entries
        if not e.obsolete and e.key not in used and e.msgstr
    ]
    report = replace(report, obsoleted=len(newly_obsolete))
    still_obsolete = list(
        {e.key: e for e in old_entries if e.obsolete and e.key in obsolete_old}.values()
    )
    obsolete = {e.key: e for e in [*still_obsolete, *newly_obsolete]}  # newest wins
    active_keys = {e.key for e in merged}
    entries = tuple(merged) + tuple(e for e in obsolete.values() if e.key not in active_keys)

    header = _header(
        old,
        language=language,
        project=project,
        now=now,
        bugs_address=bugs_address,
        changed=old is None
        or [e.key for e in old.active()] != [e.key for e in entries if not e.obsolete],
    )
    comment = old.header_comment if old and old.header_comment else _header_comment(language)
    return Catalog(header=header, entries=entries, header_comment=comment), report


def _carry(fresh: Entry, previous: Entry) -> Entry:
    return replace(
        fresh,
        msgstr=previous.msgstr,
        fuzzy=previous.fuzzy,
        flags=previous.flags,
        previous_msgid=previous.previous_msgid if previous.fuzzy else None,
        previous_msgctxt=previous.previous_msgctxt if previous.fuzzy else None,
        translator_comment=previous.translator_comment,
    )


def _carry_fuzzy(fresh: Entry, previous: Entry) -> Entry:
    keep_older = previous.fuzzy and previous.previous_msgid
    return replace(
        fresh,
        msgstr=previous.msgstr,
        fuzzy=True,
        flags=previous.flags,
        previous_msgid=previous.previous_msgid if keep_older else previous.msgid,
        previous_msgctxt=previous.previous_msgctxt if keep_older else previous.msgctxt,
        translator_comment=previous.translator_comment,
    )


def _pair_similar(
    fresh: Sequence[Entry], candidates: Sequence[Entry], indexes: Sequence[int]
) -> list[tuple[int, Entry]]:
    """Best one-to-one pairs above the threshold, most similar first."""
    scored: list[tuple[float, int, int]] = []
    for position, entry in enumerate(fresh):
        for candidate_index, candidate in enumerate(candidates):
            if candidate.msgctxt != entry.msgctxt:
                continue
            matcher = difflib.SequenceMatcher(None, entry.msgid, candidate.msgid, autojunk=False)
            if (
                matcher.real_quick_ratio() < FUZZY_THRESHOLD
                or matcher.quick_ratio() < FUZZY_THRESHOLD
            ):
                continue
            ratio = matcher.ratio()
            if ratio >= FUZZY_THRESHOLD:
                scored.append((ratio, position, candidate_index))
    scored.sort(key=lambda item: (-item[0], item[1], item[2]))
    taken_new: set[int] = set()
    taken_old: set[int] = set()
    pairs = []
    for _ratio, position, candidate_index in scored:
        if position in taken_new or candidate_index in taken_old:
            continue
        taken_new.add(position)
        taken_old.add(candidate_index)
        pairs.append((indexes[position], candidates[candidate_index]))
    return pairs


def _header(
    old: Catalog | None,
    *,
    language: str | None,
    project: str,
    now: str,
    bugs_address: str,
    changed: bool,
) -> tuple[tuple[str, str], ...]:
    fields = dict(old.header) if old else {}
    template = language is None
    fields["Project-Id-Version"] = project
    fields["Report-Msgid-Bugs-To"] = bugs_address
    if changed or "POT-Creation-Date" not in fields:
        fields["POT-Creation-Date"] = now
    if template:
        fields.setdefault("PO-Revision-Date", "YEAR-MO-DA HO:MI+ZONE")
        fields.setdefault("Last-Translator", "FULL NAME <EMAIL@ADDRESS>")
        fields.setdefault("Language-Team", "LANGUAGE <LL@li.org>")
        fields["Language"] = ""
    else:
        assert language is not None
        fields.setdefault("PO-Revision-Date", now)
        fields.setdefault("Last-Translator", "")
        fields.setdefault("Language-Team", Locale.parse(language).english_name or language)
        fields["Language"] = language
        fields["Plural-Forms"] = str(get_plural(language))
    fields["MIME-Version"] = "1.0"
    fields["Content-Type"] = "text/plain; charset=UTF-8"
    fields["Content-Transfer-Encoding"] = "8bit"
    fields["X-Generator"] = f"l10nrelease {__version__}"
    ordered = [(name, fields.pop(name)) for name in _HEADER_ORDER if name in fields]
    return tuple(ordered + sorted(fields.items()))


def _header_comment(language: str | None) -> str:
    if language is None:
        return "Template of a press release's translatable units.\nWritten by l10nrelease extract."
    name = Locale.parse(language).english_name
    return (
        f"{name} translation of a press release.\n"
        "Written by l10nrelease extract: edit the msgstr lines (in Poedit, Lokalize or\n"
        "Weblate); entries, references and #. comments are rewritten on every extract."
    )


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
