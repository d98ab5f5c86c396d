"""Glossary <-> TBX-Basic, the exchange format of terminology tools (memoQ, Trados…).

Export writes TBX-Basic (ISO 30042:2008, ``<martif>``): the approved form of each
language is a ``preferredTerm``, variants are ``admittedTerm`` and forbidden
variants ``deprecatedTerm`` (``administrativeStatus``). Import reads that and the
TBX v3 layout (``<tbx>``/``conceptEntry``). A TBX file comes from outside: it is read
by ``xmlsafe.parse_untrusted`` (a DOCTYPE naming the TBX DTD, as translate-toolkit and
Weblate write it, is fine; entities and a DTD of the file's own are refused).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from lxml import etree

from .glossary import GlossaryError
from .model import TERM_KINDS, Glossary, Term, TermForm
from .xmlsafe import parse_untrusted

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
#: termNote types that say whether a term may be written (TBX-Basic; TBX 2008's
#: normativeAuthorization).
_STATUS_NOTES = {"administrativeStatus", "normativeAuthorization"}
#: administrativeStatus values (lower case, letters only, without "Term-admn-sts") of a
#: term not to be written: TBX's deprecated and superseded, Weblate's forbidden and
#: obsolete.
_FORBIDDEN_STATUSES = {"deprecated", "superseded", "forbidden", "obsolete", "notrecommended"}
_VALIDITY = re.compile(r"^l10nrelease:(valid_from|valid_until)=(\d{4}-\d{2}-\d{2})$")


def to_tbx(glossary: Glossary, languages: Sequence[str], *, source_language: str = "en") -> str:
    martif = etree.Element("martif", {"type": "TBX-Basic", XML_LANG: source_language})
    header = etree.SubElement(martif, "martifHeader")
    file_desc = etree.SubElement(header, "fileDesc")
    source_desc = etree.SubElement(file_desc, "sourceDesc")
    etree.SubElement(source_desc, "p").text = f"Exported by l10nrelease from {glossary.path}"
    encoding = etree.SubElement(header, "encodingDesc")
    etree.SubElement(encoding, "p", type="XCSURI").text = "TBXBasicXCSV02.xcs"
    body = etree.SubElement(etree.SubElement(martif, "text"), "body")
    for number, term in enumerate(glossary.terms, start=1):
        entry = etree.SubElement(body, "termEntry", id=f"c{number}")
        etree.SubElement(entry, "descrip", type="subjectField").text = term.kind
        if term.note:
            etree.SubElement(entry, "note").text = term.note
        for name, value in (("valid_from", term.valid_from), ("valid_until", term.valid_until)):
            if value:
                etree.SubElement(entry, "note").text = f"l10nrelease:{name}={value.isoformat()}"
        _lang_set(entry, source_language, term.english[:1], term.english[1:], (), term.status)
        for language in languages:
            form = term.forms.get(language)
            if form is not None:
                _lang_set(
                    entry, language, (form.approved,), form.variants, form.forbidden, form.status
                )
    data: bytes = etree.tostring(martif, pretty_print=True, xml_declaration=True, encoding="UTF-8")
    return data.decode("utf-8")


def _lang_set(
    entry: etree._Element,
    language: str,
    preferred: Sequence[str],
    admitted: Sequence[str],
    deprecated: Sequence[str],
    status: str,
) -> None:
    lang_set = etree.SubElement(entry, "langSet", {XML_LANG: language})
    for terms, admin in (
        (preferred, "preferredTerm-admn-sts"),
        (admitted, "admittedTerm-admn-sts"),
        (deprecated, "deprecatedTerm-admn-sts"),
    ):
        for text in terms:
            tig = etree.SubElement(lang_set, "tig")
            etree.SubElement(tig, "term").text = text
            etree.SubElement(tig, "termNote", type="administrativeStatus").text = admin
            if admin == "preferredTerm-admn-sts" and status != "approved":
                etree.SubElement(tig, "note").text = f"status: {status}"


@dataclass(frozen=True)
class Forbidding:
    """Forms a TBX file forbids for a name in a language without giving the form to
    write there (a Weblate glossary's forbidden entry alone): no glossary row can hold
    them, so an import reports them."""

    name: str
    language: str
    forms: tuple[str, ...]
    line: int


@dataclass(frozen=True)
class TBXContent:
    """What a TBX file holds: its names as a glossary (one term per English name, its
    entries merged), the target languages it has terms in, and forbidden-only forms."""

    glossary: Glossary
    languages: tuple[str, ...]
    forbidding: tuple[Forbidding, ...] = ()


def from_tbx(
    data: bytes, *, path: str, languages: Sequence[str], source_language: str = "en"
) -> Glossary:
    """Read a TBX file into a glossary; structural problems raise ``GlossaryError``."""
    return read_tbx(data, path=path, languages=languages, source_language=source_language).glossary


def read_tbx(
    data: bytes, *, path: str, languages: Sequence[str], source_language: str = "en"
) -> TBXContent:
    """Read a TBX file: TBX-Basic, TBX v3, and what Weblate and translate-toolkit write
    (one target language per file, a forbidden term as an entry of its own, marked by
    ``administrativeStatus`` or Weblate's ``forbidden`` flag). Entries that share an
    English name are one term: the first accepted form is the one to write, the others
    variants, and the forbidden forms of all of them its forbidden variants."""
    root = parse_untrusted(data, path=path, kind="TBX", error=GlossaryError)
    if _local(root.tag) not in {"martif", "tbx"}:
        hint = " (a TMX memory: import it with l10nrelease tm import)" if root.tag == "tmx" else ""
        raise GlossaryError(
            f"the root element is <{_local(root.tag)}>, not <martif> or <tbx>: not a TBX "
            f"file{hint}",
            path=path,
            line=root.sourceline,
        )
    source = _language(source_language)
    entries = []
    seen = 0
    for element in root.iter():
        if _local(element.tag) not in {"termEntry", "conceptEntry"}:
            continue
        seen += 1
        try:
            entry = _entry(element, source)
        except GlossaryError as exc:
            raise GlossaryError(exc.message, path=path, line=exc.line) from None
        if entry is not None:
            entries.append(entry)
    if not entries:
        message = "the TBX file has no term entries"
        if seen:
            message = (
                f"none of the TBX file's {seen} term entries has a term in the source "
                f"language ({source_language}), which names a glossary row; export the "
                f"glossary with its {source_language} terms"
            )
        raise GlossaryError(message, path=path, line=root.sourceline)
    wanted = [_language(language) for language in languages]
    terms, forbidding = [], []
    for group in _groups(entries):
        term, alone = _merged(group, wanted)
        if term is not None:
            terms.append(term)
        forbidding += alone
    present = {lang for e in entries for lang in (*e.accepted, *e.forbidden) if lang in wanted}
    return TBXContent(
        Glossary(terms=tuple(terms), path=path, languages=tuple(languages)),
        tuple(language for language in wanted if language in present),
        tuple(forbidding),
    )


def _local(tag: object) -> str:
    return etree.QName(tag).localname if isinstance(tag, str) else ""


def _language(code: str) -> str:
    """``ru`` of ``ru``, ``ru-RU``, ``ru_RU``; ``kk`` of ``kk-Cyrl-KZ``."""
    return re.split(r"[-_]", code.strip(), maxsplit=1)[0].lower()


@dataclass
class _Entry:
    """One ``termEntry`` as written: its English names, and per target language the
    forms it accepts and those it forbids."""

    english: list[str]
    kind: str
    note: str
    valid: dict[str, dt.date]
    statuses: dict[str, str]
    accepted: dict[str, list[str]]
    forbidden: dict[str, list[str]]
    line: int


def _entry(element: etree._Element, source: str) -> _Entry | None:
    kind, note, valid = _entry_data(element)
    by_language, statuses = _lang_sets(element)
    english = by_language.pop(source, None)
    if source in statuses:
        statuses[""] = statuses.pop(source)
    if not english or not (english["preferred"] or english["admitted"]):
        return None
    accepted = {
        language: groups["preferred"] + groups["admitted"]
        for language, groups in by_language.items()
        if groups["preferred"] or groups["admitted"]
    }
    forbidden = {lang: groups["deprecated"] for lang, groups in by_language.items()}
    if "forbidden" in re.split(r"[\s,]+", element.get("weblate-flags", "")):
        # Weblate's forbidden flag: the entry's translations are the ones not to write.
        for language, forms in accepted.items():
            forbidden[language] = forbidden.get(language, []) + forms
        accepted = {}
    return _Entry(
        english=english["preferred"] + english["admitted"],
        kind=kind,
        note=note,
        valid=valid,
        statuses=statuses,
        accepted=accepted,
        forbidden={lang: forms for lang, forms in forbidden.items() if forms},
        line=element.sourceline or 0,
    )


def _groups(entries: Sequence[_Entry]) -> list[list[_Entry]]:
    """The entries in groups that share an English name and dates (rows in force at
    different dates stay apart: Astana before and after Nur-Sultan), in file order."""
    groups: list[list[_Entry]] = []
    by_name: dict[tuple[str, object, object], int] = {}
    for entry in entries:
        dates = (entry.valid.get("valid_from"), entry.valid.get("valid_until"))
        keys = [(name.casefold(), *dates) for name in entry.english]
        index = next((by_name[key] for key in keys if key in by_name), None)
        if index is None:
            index = len(groups)
            groups.append([])
        groups[index].append(entry)
        by_name.update(dict.fromkeys(keys, index))
    return groups


def _merged(
    group: Sequence[_Entry], languages: Sequence[str]
) -> tuple[Term | None, list[Forbidding]]:
    """One term of entries that share an English name, and the forbidden forms of the
    languages where none of them gives a form to write."""
    first = group[0]
    english = list(dict.fromkeys(name for entry in group for name in entry.english))
    forms: dict[str, TermForm] = {}
    alone: list[Forbidding] = []
    for language in languages:
        form = _merged_form(group, language)
        if isinstance(form, TermForm):
            forms[language] = form
        elif form:
            alone.append(Forbidding(english[0], language, form, first.line))
    if not forms and alone:
        return None, alone
    term = Term(
        english=tuple(english),
        kind=next((e.kind for e in group if e.kind != "other"), "other"),
        status=next((e.statuses[""] for e in group if "" in e.statuses), "approved"),
        forms=forms,
        valid_from=first.valid.get("valid_from"),
        valid_until=first.valid.get("valid_until"),
        note=" ".join(dict.fromkeys(e.note for e in group if e.note)),
        line=first.line,
    )
    return term, alone


def _merged_form(group: Sequence[_Entry], language: str) -> TermForm | tuple[str, ...]:
    """The entries' forms in ``language`` as one; only the forbidden ones where none
    gives a form to write (a form both accepted and forbidden is forbidden)."""
    forbidden = _union(entry.forbidden.get(language, []) for entry in group)
    accepted = _union(entry.accepted.get(language, []) for entry in group)
    accepted = [form for form in accepted if form not in forbidden]
    if not accepted:
        return tuple(forbidden)
    status = next((e.statuses[language] for e in group if language in e.statuses), "")
    return TermForm(
        approved=accepted[0],
        variants=tuple(accepted[1:]),
        forbidden=tuple(forbidden),
        status=status or "approved",
    )


def _union(lists: Iterable[Sequence[str]]) -> list[str]:
    return list(dict.fromkeys(form for forms in lists for form in forms))


def _entry_data(entry: etree._Element) -> tuple[str, str, dict[str, dt.date]]:
    """The entry's kind (subject field), its notes, and l10nrelease's validity dates."""
    kind = "other"
    notes = []
    valid: dict[str, dt.date] = {}
    for child in entry:
        name = _local(child.tag)
        text = (child.text or "").strip()
        if name == "descrip" and child.get("type") == "subjectField":
            kind = text.lower() if text.lower() in TERM_KINDS else kind
        elif name == "note":
            match = _VALIDITY.match(text)
            if match:
                try:
                    valid[match.group(1)] = dt.date.fromisoformat(match.group(2))
                except ValueError:
                    raise GlossaryError(
                        f"the note '{text}' gives a date that does not exist; write it as "
                        "YYYY-MM-DD",
                        line=child.sourceline,
                    ) from None
            elif text:
                notes.append(text)
    return kind, " ".join(notes), valid


def _lang_sets(
    entry: etree._Element,
) -> tuple[dict[str, dict[str, list[str]]], dict[str, str]]:
    """Per language, its terms by administrative status; and l10nrelease's statuses."""
    by_language: dict[str, dict[str, list[str]]] = {}
    statuses: dict[str, str] = {}
    for lang_set in entry:
        if _local(lang_set.tag) not in {"langSet", "langSec"}:
            continue
        language = _language(lang_set.get(XML_LANG) or lang_set.get("lang") or "")
        groups = by_language.setdefault(
            language, {"preferred": [], "admitted": [], "deprecated": []}
        )
        for holder in lang_set:
            if _local(holder.tag) in {"tig", "ntig", "termSec"}:
                _term_group(holder, language, groups, statuses)
    return by_language, statuses


def _term_group(
    holder: etree._Element,
    language: str,
    groups: dict[str, list[str]],
    statuses: dict[str, str],
) -> None:
    text = next(
        ("".join(t.itertext()).strip() for t in holder.iter() if _local(t.tag) == "term"), ""
    )
    if not text:
        return
    status = "admitted"
    for note in holder.iter():
        if _local(note.tag) == "termNote" and note.get("type") in _STATUS_NOTES:
            status = _status(note.text or "", status)
        if _local(note.tag) == "note" and (note.text or "").startswith("status: "):
            statuses[language] = (note.text or "")[8:].strip()
    groups[status].append(text)


def _status(value: str, default: str) -> str:
    """``preferred``, ``admitted`` or ``deprecated`` (not to be written) of an
    ``administrativeStatus``: TBX's picklist (``deprecatedTerm-admn-sts``…), its short
    forms, and Weblate's ``forbidden`` and ``obsolete``."""
    key = re.sub(r"[^a-z]", "", value.lower()).removesuffix("admnsts").removesuffix("term")
    if key == "preferred":
        return "preferred"
    if key in _FORBIDDEN_STATUSES:
        return "deprecated"
    return "admitted" if key else default
