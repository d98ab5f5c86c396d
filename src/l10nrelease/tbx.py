"""Glossary <-> TBX-Basic, the exchange format of terminology tools (memoQ, Trados…).

Export writes TBX-Basic (ISO 30042:2008, ``<martif>``): the approved form of each
language is a ``preferredTerm``, variants are ``admittedTerm`` and forbidden
variants ``deprecatedTerm`` (``administrativeStatus``). Import reads that and the
TBX v3 layout (``<tbx>``/``conceptEntry``). A TBX file comes from outside: it is
parsed with entity resolution, DTD loading and network access off, and a file that
declares entities or an external DTD is refused before parsing (XXE, entity bombs).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

from lxml import etree

from .glossary import GlossaryError
from .model import TERM_KINDS, Glossary, Term, TermForm

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_STATUS = {
    "preferredTerm-admn-sts": "preferred",
    "admittedTerm-admn-sts": "admitted",
    "deprecatedTerm-admn-sts": "deprecated",
    "supersededTerm-admn-sts": "deprecated",
}
_DANGEROUS = re.compile(r"<!ENTITY|<!DOCTYPE[^>]*(?:SYSTEM|PUBLIC)", re.IGNORECASE)
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


def from_tbx(
    data: bytes, *, path: str, languages: Sequence[str], source_language: str = "en"
) -> Glossary:
    """Read a TBX file into a glossary; structural problems raise ``GlossaryError``."""
    head = data[:65536].decode("utf-8", errors="replace")
    if _DANGEROUS.search(head):
        raise GlossaryError(
            "the TBX file declares entities or an external DTD; l10nrelease refuses such "
            "files (they can read local files or expand without bound). Remove the "
            "<!DOCTYPE …> declaration",
            path=path,
            line=head.count("\n", 0, _DANGEROUS.search(head).start()) + 1,  # type: ignore[union-attr]
        )
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
    )
    try:
        root = etree.fromstring(data, parser=parser)
    except etree.XMLSyntaxError as exc:
        line = exc.lineno if exc.lineno else None
        raise GlossaryError(f"not well-formed XML: {exc.msg}", path=path, line=line) from None
    info = root.getroottree().docinfo
    if info.internalDTD is not None or info.system_url:
        # A declaration after the first 64 KB: the parser resolved nothing, but say so.
        raise GlossaryError(
            "the TBX file declares entities or an external DTD; l10nrelease refuses such "
            "files. Remove the <!DOCTYPE …> declaration",
            path=path,
        )
    if _local(root.tag) not in {"martif", "tbx"}:
        raise GlossaryError(
            f"the root element is <{_local(root.tag)}>, not <martif> or <tbx>: not a TBX file",
            path=path,
            line=root.sourceline,
        )
    terms = []
    for entry in root.iter():
        if _local(entry.tag) not in {"termEntry", "conceptEntry"}:
            continue
        try:
            term = _term(entry, languages, source_language)
        except GlossaryError as exc:
            raise GlossaryError(exc.message, path=path, line=exc.line) from None
        if term is not None:
            terms.append(term)
    if not terms:
        raise GlossaryError("the TBX file has no term entries", path=path, line=root.sourceline)
    return Glossary(terms=tuple(terms), path=path, languages=tuple(languages))


def _local(tag: object) -> str:
    return etree.QName(tag).localname if isinstance(tag, str) else ""


def _term(entry: etree._Element, languages: Sequence[str], source: str) -> Term | None:
    kind, note, valid = _entry_data(entry)
    by_language, statuses = _lang_sets(entry)
    english = by_language.get(source)
    if not english or not (english["preferred"] or english["admitted"]):
        return None
    forms = {}
    for language in languages:
        groups = by_language.get(language)
        accepted = groups["preferred"] + groups["admitted"] if groups else []
        if groups and accepted:
            forms[language] = TermForm(
                approved=accepted[0],
                variants=tuple(accepted[1:]),
                forbidden=tuple(groups["deprecated"]),
                status=statuses.get(language, "approved"),
            )
    return Term(
        english=tuple(english["preferred"] + english["admitted"]),
        kind=kind,
        status=statuses.get(source, "approved"),
        forms=forms,
        valid_from=valid.get("valid_from"),
        valid_until=valid.get("valid_until"),
        note=note,
        line=entry.sourceline or 0,
    )


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
        language = (lang_set.get(XML_LANG) or lang_set.get("lang") or "").split("-")[0].lower()
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
        if _local(note.tag) == "termNote" and note.get("type") == "administrativeStatus":
            status = _STATUS.get((note.text or "").strip(), status)
        if _local(note.tag) == "note" and (note.text or "").startswith("status: "):
            statuses[language] = (note.text or "")[8:].strip()
    groups[status].append(text)
