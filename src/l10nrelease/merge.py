"""Release -> catalog entries, merged into the existing PO file on re-extract.

Follows ``msgmerge --previous``, and never loses a translation: unchanged units keep
their translations wherever they moved, a changed unit keeps its old translation
marked fuzzy with the previous msgid, and a removed translated unit becomes obsolete.
"""

from __future__ import annotations

import difflib
import functools
import gettext
import re
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace

from babel import Locale
from babel.messages.plurals import get_plural

from . import __version__
from .catalog import Catalog, Entry, names_language
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
#: The header fields msgmerge knows, in its order; the others follow them in the order
#: the file has them (Plural-Forms, X-Generator, an editor's X- fields).
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
)
#: gettext's own spelling of the plural rules it knows (its manual, and msginit's
#: table); other languages get CLDR's rule from Babel, as msginit does.
_RUSSIAN_LIKE = (
    "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && "
    "(n%100<10 || n%100>=20) ? 1 : 2);"
)
GETTEXT_PLURALS = {
    **dict.fromkeys(("ja", "vi", "ko"), "nplurals=1; plural=0;"),
    **dict.fromkeys(
        "en de nl sv da no nb nn fo es pt it bg el fi et he eo hu tr ca".split(),
        "nplurals=2; plural=(n != 1);",
    ),
    **dict.fromkeys(("pt_BR", "fr"), "nplurals=2; plural=(n > 1);"),
    "lv": "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n != 0 ? 1 : 2);",
    "ga": "nplurals=3; plural=n==1 ? 0 : n==2 ? 1 : 2;",
    "ro": "nplurals=3; plural=n==1 ? 0 : (n==0 || (n%100 > 0 && n%100 < 20)) ? 1 : 2;",
    "lt": (
        "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && (n%100<10 || n%100>=20) "
        "? 1 : 2);"
    ),
    **dict.fromkeys(("ru", "uk", "be", "sr", "hr"), _RUSSIAN_LIKE),
    **dict.fromkeys(("cs", "sk"), "nplurals=3; plural=(n==1) ? 0 : (n>=2 && n<=4) ? 1 : 2;"),
    "pl": (
        "nplurals=3; plural=(n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);"
    ),
    "sl": "nplurals=4; plural=(n%100==1 ? 0 : n%100==2 ? 1 : n%100==3 || n%100==4 ? 2 : 3);",
}


def plural_forms(language: str, written: str | None = None) -> str:
    """The ``Plural-Forms`` of ``language``: ``written`` (what the file has) when it is
    the same rule however spelled (Weblate's, Babel's, other spacing or parentheses),
    else gettext's spelling.

    >>> plural_forms("ru") == GETTEXT_PLURALS["ru"]
    True
    >>> weblate = GETTEXT_PLURALS["ru"].replace("plural=(", "plural=").replace(");", ";")
    >>> plural_forms("ru", weblate) == weblate
    True
    >>> plural_forms("kk", "nplurals=1; plural=0;")
    'nplurals=2; plural=(n != 1);'
    """
    canonical = GETTEXT_PLURALS.get(language) or str(get_plural(language))
    if written is not None and written != canonical and _same_rule(written, canonical):
        return written
    return canonical


@functools.lru_cache(maxsize=256)
def _same_rule(first: str, second: str) -> bool:
    """Whether two Plural-Forms values give every count from 0 to 1999 the same form."""
    rules = [_plural_rule(text) for text in (first, second)]
    if rules[0] is None or rules[1] is None or rules[0][0] != rules[1][0]:
        return False
    one, other = rules[0][1], rules[1][1]
    return all(one(n) == other(n) for n in range(2000))


def _plural_rule(text: str) -> tuple[int, Callable[[int], int]] | None:
    match = re.fullmatch(r"\s*nplurals\s*=\s*(\d+)\s*;\s*plural\s*=\s*(.+?)\s*;?\s*", text)
    if match is None:
        return None
    try:
        # The standard library's own reader of C plural expressions (it refuses
        # anything else, and expressions too long).
        return int(match.group(1)), gettext.c2py(match.group(2))
    except (ValueError, RecursionError, ZeroDivisionError):
        return None


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
    template_date: str | None = None,
) -> tuple[Catalog, MergeReport]:
    """The catalog ``extract`` writes: ``template`` with ``old``'s translations carried over.

    ``language`` is None for the ``.pot`` template. ``now`` is the timestamp used when
    the msgids changed (so an unchanged release rewrites nothing). ``notes`` adds
    extracted-comment lines per entry (the glossary's approved names).
    ``template_date``: the POT file's POT-Creation-Date, which a PO file takes, as
    msgmerge gives it (so a PO file whose entries another tool sorted comes back as it
    was, not with a new date).
    """
    state = _Merge(list(old.entries) if old else [])
    merged, pending = state.carry_over(template, notes or {})
    state.pair_changed(merged, pending)
    entries = tuple(merged) + state.obsolete({e.key for e in merged})
    header = _header(
        old,
        language=language,
        project=project,
        now=now,
        bugs_address=bugs_address,
        changed=old is None
        or [e.key for e in old.active()] != [e.key for e in entries if not e.obsolete],
        template_date=template_date,
    )
    comment = old.header_comment if old and old.header_comment else _header_comment(language)
    trailer = old.trailer if old else ""
    newline = old.newline if old else "\n"
    return Catalog(
        header=header, entries=entries, header_comment=comment, trailer=trailer, newline=newline
    ), state.report


Key = tuple[str | None, str]


class _Merge:
    """The old catalog's entries, and what has been carried over from them so far."""

    def __init__(self, old_entries: list[Entry]) -> None:
        self.old_entries = old_entries
        self.active_old = {e.key: e for e in old_entries if not e.obsolete}
        self.obsolete_old = {e.key: e for e in old_entries if e.obsolete}
        self.used: set[Key] = set()
        self.report = MergeReport()

    def carry_over(
        self, template: Sequence[Entry], notes: Mapping[Key, Sequence[str]]
    ) -> tuple[list[Entry], list[int]]:
        """The template's entries with the translations of unchanged units (wherever
        they moved, or back from obsolete), and the indexes of those still empty."""
        merged: list[Entry] = []
        pending: list[int] = []
        kept = resurrected = 0
        for index, fresh in enumerate(template):
            key = fresh.key
            if notes.get(key):
                comment = "\n".join([fresh.extracted_comment, *notes[key]])
                fresh = replace(fresh, extracted_comment=comment)
            previous = self.active_old.get(key)
            if previous is not None:
                merged.append(_carry(fresh, previous))
                self.used.add(key)
                kept += 1
                continue
            buried = self.obsolete_old.pop(key, None)
            if buried is not None and _worth_keeping(buried):
                merged.append(_carry(fresh, buried))
                resurrected += 1
                continue
            merged.append(fresh)
            pending.append(index)
        self.report = replace(
            self.report,
            kept=self.report.kept + kept,
            resurrected=self.report.resurrected + resurrected,
        )
        return merged, pending

    def pair_changed(self, merged: list[Entry], pending: list[int]) -> None:
        """Changed units: each gets the most similar translated old entry left over,
        fuzzy, with the old msgid as its previous one."""
        candidates = [
            e
            for e in self.old_entries
            if _worth_keeping(e)
            and e.key not in self.used
            and (not e.obsolete or e.key in self.obsolete_old)
        ]
        changed = 0
        for new_index, old_entry in _pair_similar(
            [merged[i] for i in pending], candidates, pending
        ):
            merged[new_index] = (
                _carry_fuzzy(merged[new_index], old_entry)
                if old_entry.msgstr
                else replace(merged[new_index], translator_comment=_comment_of(old_entry))
            )
            self.used.add(old_entry.key)
            self.obsolete_old.pop(old_entry.key, None)
            changed += 1
        self.report = replace(self.report, changed=changed, added=len(pending) - changed)

    def obsolete(self, active_keys: set[Key]) -> tuple[Entry, ...]:
        """The translated entries no unit uses any more, kept as obsolete (``#~``)."""
        newly = [
            replace(
                e,
                obsolete=True,
                references=(),
                extracted_comment="",
                translator_comment=_comment_of(e),
            )
            for e in self.old_entries
            if not e.obsolete and e.key not in self.used and _worth_keeping(e)
        ]
        self.report = replace(self.report, obsoleted=len(newly))
        still = [e for e in self.old_entries if e.obsolete and e.key in self.obsolete_old]
        kept = {e.key: e for e in [*still, *newly]}  # newest wins
        return tuple(e for e in kept.values() if e.key not in active_keys)


def _worth_keeping(entry: Entry) -> bool:
    """What a person wrote into an entry: a translation, or a comment for translators."""
    return bool(entry.msgstr or entry.translator_comment)


#: Where Babel's reader turned a previous msgid of several lines (``#| msgid ""`` and
#: its ``#| "…"`` lines) into translator comments, which its writer wraps: from there on,
#: the comment is Babel's, not a person's.
_MANGLED_PREVIOUS = re.compile(r'^\| (?:msgctxt|msgid) "', re.M)


def _comment_of(entry: Entry) -> str:
    """An entry's translator comment, without what Babel made of its previous msgid."""
    comment = entry.translator_comment
    mangled = _MANGLED_PREVIOUS.search(comment)
    return comment if mangled is None else comment[: mangled.start()].rstrip("\n")


def _carry(fresh: Entry, previous: Entry) -> Entry:
    # Made field by field, not with dataclasses.replace: once per unit of every file.
    fuzzy = previous.fuzzy
    return Entry(
        msgid=fresh.msgid,
        msgstr=previous.msgstr,
        msgctxt=fresh.msgctxt,
        fuzzy=fuzzy,
        flags=previous.flags,
        previous_msgid=previous.previous_msgid if fuzzy else None,
        previous_msgctxt=previous.previous_msgctxt if fuzzy else None,
        translator_comment=_comment_of(previous),
        extracted_comment=fresh.extracted_comment,
        references=fresh.references,
        obsolete=fresh.obsolete,
        line=fresh.line,
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
        translator_comment=_comment_of(previous),
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
    template_date: str | None = None,
) -> tuple[tuple[str, str], ...]:
    """The header msgmerge would write (the fields it knows in its order, the others as
    the file has them), with this project's values. What translators' editors set is
    kept: the translator, the revision date, the team, the generator (Poedit's, Weblate's),
    a Language with a region or script, a Plural-Forms spelled another way."""
    previous = old.header if old else ()
    fields = dict(previous)
    fields["Project-Id-Version"] = project
    fields["Report-Msgid-Bugs-To"] = bugs_address
    if template_date is not None:
        fields["POT-Creation-Date"] = template_date
    elif changed or "POT-Creation-Date" not in fields:
        fields["POT-Creation-Date"] = now
    if language is None:
        fields.setdefault("PO-Revision-Date", "YEAR-MO-DA HO:MI+ZONE")
        fields.setdefault("Last-Translator", "FULL NAME <EMAIL@ADDRESS>")
        fields.setdefault("Language-Team", "LANGUAGE <LL@li.org>")
        fields["Language"] = ""
    else:
        fields.setdefault("PO-Revision-Date", now)
        fields.setdefault("Last-Translator", "")
        fields.setdefault("Language-Team", Locale.parse(language).english_name or language)
        if not names_language(fields.get("Language", ""), language):
            fields["Language"] = language
        fields["Plural-Forms"] = plural_forms(language, fields.get("Plural-Forms"))
    fields["MIME-Version"] = "1.0"
    fields["Content-Type"] = "text/plain; charset=UTF-8"
    fields["Content-Transfer-Encoding"] = "8bit"
    # Babel writes Generated-By instead of X-Generator (and drops the X- fields): the
    # X-Generator comes back in its place.
    fields.pop("Generated-By", None)
    fields.setdefault("X-Generator", f"l10nrelease {__version__}")
    ordered = [(name, fields.pop(name)) for name in _HEADER_ORDER if name in fields]
    # A field a tool wrote twice (two X-Custom lines) keeps both values.
    twice = {name for name, times in Counter(name for name, _ in previous).items() if times > 1}
    others = [
        (name, value if name in twice else fields[name])
        for name, value in previous
        if name in fields
    ]
    written = {name for name, _ in others}
    others += [(name, value) for name, value in fields.items() if name not in written]
    return tuple(ordered + others)


def revised(header: Sequence[tuple[str, str]], stamp: str) -> tuple[tuple[str, str], ...]:
    """The header with ``PO-Revision-Date`` set to ``stamp`` (a translation came in
    outside extract), in its place in msgmerge's order, so the next extract has
    nothing to move."""
    fields = [(k, stamp if k == "PO-Revision-Date" else v) for k, v in header]
    if any(k == "PO-Revision-Date" for k, _ in fields):
        return tuple(fields)
    before = set(_HEADER_ORDER[: _HEADER_ORDER.index("PO-Revision-Date")])
    at = max((i + 1 for i, (k, _) in enumerate(fields) if k in before), default=0)
    fields.insert(at, ("PO-Revision-Date", stamp))
    return tuple(fields)


def _header_comment(language: str | None) -> str:
    if language is None:
        return "Template of a press release's translatable units.\nWritten by l10nrelease extract."
    name = Locale.parse(language).english_name
    return (
        f"{name} translation of a press release.\n"
        # Lines that Babel's writer (76 columns) leaves as they are.
        "Written by l10nrelease extract: edit the msgstr lines (in Poedit,\n"
        "Lokalize or Weblate); entries, references and #. comments are\n"
        "rewritten on every extract."
    )
