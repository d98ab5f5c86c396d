"""Translation units <-> XLIFF 1.2 (or 2.0), the exchange format of CAT tools (Trados,
memoQ, Phrase), and the rules by which an XLIFF file's translations go back into a
catalog.

Placeholders become inline elements, which CAT tools protect: in 1.2 ``<1>…</1>`` is
``<g id="1">…</g>`` and ``<2/>`` is ``<x id="2"/>``; in 2.0 ``<pc id="1">`` and
``<ph id="2"/>``. Each unit records the translation it was exported with (a digest,
in ``extradata``, or ``l10n:base`` in 2.0), so an import can tell a PO entry someone
changed since. Files come from outside: parsed with entity resolution, DTD loading
and network access off, and a document type with an internal subset (where entities
are declared) is refused.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from lxml import etree

from . import __version__
from .catalog import Entry
from .errors import L10nError
from .markup import Close, Open, Text, escape_text, tokenize, unescape_text
from .xmlsafe import parse_untrusted

XLIFF_12 = "urn:oasis:names:tc:xliff:document:1.2"
XLIFF_11 = "urn:oasis:names:tc:xliff:document:1.1"
XLIFF_20 = "urn:oasis:names:tc:xliff:document:2.0"
#: Our namespace in XLIFF 2.0, whose units take other namespaces' attributes.
L10N = "urn:l10nrelease:xliff"
VERSIONS = ("1.2", "2.0")
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
#: ``extradata`` of a 1.2 unit: the digest of the translation it was exported with.
_BASE_PREFIX = "l10nrelease-base:"

#: XLIFF 1.2 target states of a finished translation; any other state (new,
#: needs-…, a tool's own x-…) is a translation still to review: fuzzy in the PO file.
DONE_12 = frozenset({"translated", "final", "signed-off"})
#: XLIFF 2.0 segment states of a finished translation (``initial`` is fuzzy).
DONE_20 = frozenset({"translated", "reviewed", "final"})
#: What a reviewed, fuzzy and untranslated entry is exported as.
STATE_12 = {"reviewed": "translated", "fuzzy": "needs-review-translation", "untranslated": "new"}
STATE_20 = {"reviewed": "translated", "fuzzy": "initial", "untranslated": "initial"}

# HTML elements as XLIFF 1.2 ctype values (the others as x-<tag>) and 2.0 types.
_CTYPE_G = {"a": "link", "strong": "bold", "b": "bold", "em": "italic", "i": "italic"}
_CTYPE_G |= {"u": "underlined"}
_CTYPE_X = {"br": "lb", "img": "image"}
_TYPE_PC = {
    "a": ("link", None),
    "strong": ("fmt", "xlf:b"),
    "b": ("fmt", "xlf:b"),
    "em": ("fmt", "xlf:i"),
    "i": ("fmt", "xlf:i"),
    "u": ("fmt", "xlf:u"),
}
_TYPE_PH = {"br": ("fmt", "xlf:lb"), "img": ("image", None)}
#: Characters XML 1.0 cannot carry, even escaped.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
#: The restype of the PO header, as translate-toolkit's po2xliff writes it as a unit.
_PO_HEADER = "x-gettext-domain-header"


class XliffError(L10nError):
    """An XLIFF file that cannot be read, or a unit that cannot be written as XLIFF."""


@dataclass(frozen=True, slots=True)
class Note:
    """A note for translators; ``author`` is who says it (l10nrelease, glossary,
    translator: the PO file's translator comment)."""

    author: str
    text: str


@dataclass(frozen=True)
class XliffUnit:
    """One translation unit, its texts with placeholders as in the PO file."""

    id: str
    source: str
    target: str = ""
    #: "untranslated", "fuzzy" or "reviewed": the PO entry's state, or what the
    #: XLIFF state of the target means for one
    status: str = "untranslated"
    context: str | None = None
    notes: tuple[Note, ...] = ()
    #: the digest of the translation exported (``base_digest``), None if not recorded
    base: str | None = None
    #: the HTML element of each placeholder number, for the CAT tool's display
    tags: tuple[tuple[int, str], ...] = ()
    locations: tuple[tuple[str, str], ...] = ()
    #: the line of the unit: in the XLIFF file as read, in the PO file as written
    line: int = 0
    #: the state as the file has it (reading only)
    state: str | None = None
    #: why the unit's texts could not be read (an inline element we do not know)
    problem: str = ""


@dataclass(frozen=True)
class XliffFile:
    """One ``<file>``: the units of one PO file (``original``) in one language."""

    original: str
    source_language: str
    target_language: str
    units: tuple[XliffUnit, ...]
    notes: tuple[str, ...] = ()
    line: int = 0


def unit_id(context: str | None, msgid: str) -> str:
    """The id of a PO entry's unit: stable across exports, different for another
    msgid (so a unit exported before the English changed matches no entry)."""
    key = ("\x05" if context is None else context) + "\x04" + msgid
    return "u" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:12]


def base_digest(msgstr: str, fuzzy: bool) -> str:
    """What an export records of a PO entry, to tell on import whether it changed."""
    return hashlib.sha256(f"{int(fuzzy)}\x00{msgstr}".encode()).hexdigest()[:16]


def status_of(entry: Entry) -> str:
    if not entry.msgstr:
        return "untranslated"
    return "fuzzy" if entry.fuzzy else "reviewed"


# ----------------------------------------------------------------------- writing


def render_xliff(files: Sequence[XliffFile], *, version: str = "1.2") -> str:
    """The XLIFF document of ``files``; the same units always give the same bytes."""
    if version not in VERSIONS:
        raise XliffError(f"XLIFF version {version} is not written; choose 1.2 or 2.0")
    for file in files:
        _refuse_unwritable(file)
    root = _document_12(files) if version == "1.2" else _document_20(files)
    _indent(root, 0)
    data: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
    return data.decode("utf-8") + "\n"


def _refuse_unwritable(file: XliffFile) -> None:
    for unit in file.units:
        texts = [unit.source, unit.target, *(note.text for note in unit.notes)]
        for text in texts:
            bad = _NOT_XML.search(text)
            if bad:
                raise XliffError(
                    f"contains the control character U+{ord(bad.group(0)):04X}, which XML "
                    "cannot carry; delete it from the entry, then export again",
                    path=file.original,
                    line=unit.line or None,
                )


def _document_12(files: Sequence[XliffFile]) -> etree._Element:
    ns = f"{{{XLIFF_12}}}"
    root = etree.Element(ns + "xliff", nsmap={None: XLIFF_12}, version="1.2")
    for file in files:
        element = etree.SubElement(
            root,
            ns + "file",
            {
                "original": file.original,
                "source-language": file.source_language,
                "target-language": file.target_language,
                "datatype": "po",
            },
        )
        header = etree.SubElement(element, ns + "header")
        etree.SubElement(
            header,
            ns + "tool",
            {"tool-id": "l10nrelease", "tool-name": "l10nrelease", "tool-version": __version__},
        )
        for text in file.notes:
            etree.SubElement(header, ns + "note", {"from": "l10nrelease"}).text = text
        body = etree.SubElement(element, ns + "body")
        for unit in file.units:
            _unit_12(body, unit, ns)
    return root


def _unit_12(body: etree._Element, unit: XliffUnit, ns: str) -> None:
    attributes = {"id": unit.id, XML_SPACE: "preserve"}
    if unit.context is not None:
        attributes["resname"] = unit.context
    if unit.status == "reviewed":
        attributes["approved"] = "yes"  # what translate-toolkit and Weblate read
    if unit.base is not None:
        attributes["extradata"] = _BASE_PREFIX + unit.base
    element = etree.SubElement(body, ns + "trans-unit", attributes)
    tags = dict(unit.tags)
    _inline(etree.SubElement(element, ns + "source"), unit.source, tags, "1.2")
    target = etree.SubElement(element, ns + "target", state=STATE_12[unit.status])
    _inline(target, unit.target, tags, "1.2")
    if unit.locations:
        group = etree.SubElement(element, ns + "context-group", purpose="location")
        for file, line in unit.locations:
            etree.SubElement(group, ns + "context", {"context-type": "sourcefile"}).text = file
            if line:
                etree.SubElement(group, ns + "context", {"context-type": "linenumber"}).text = line
    for note in unit.notes:
        etree.SubElement(element, ns + "note", {"from": note.author}).text = note.text


def _document_20(files: Sequence[XliffFile]) -> etree._Element:
    ns = f"{{{XLIFF_20}}}"
    first = files[0] if files else XliffFile("", "en", "", ())
    root = etree.Element(
        ns + "xliff",
        nsmap={None: XLIFF_20, "l10n": L10N},
        version="2.0",
        srcLang=first.source_language,
        trgLang=first.target_language,
    )
    for number, file in enumerate(files, start=1):
        element = etree.SubElement(root, ns + "file", id=f"f{number}", original=file.original)
        if file.notes:
            notes = etree.SubElement(element, ns + "notes")
            for text in file.notes:
                etree.SubElement(notes, ns + "note", category="l10nrelease").text = text
        for unit in file.units:
            _unit_20(element, unit, ns)
    return root


def _unit_20(file: etree._Element, unit: XliffUnit, ns: str) -> None:
    attributes = {"id": unit.id, XML_SPACE: "preserve"}
    if unit.context is not None:
        attributes["name"] = unit.context
    if unit.base is not None:
        attributes[f"{{{L10N}}}base"] = unit.base
    element = etree.SubElement(file, ns + "unit", attributes)
    notes = [*unit.notes]
    notes += [Note("location", f"{path}:{line}" if line else path) for path, line in unit.locations]
    if notes:
        holder = etree.SubElement(element, ns + "notes")
        for note in notes:
            etree.SubElement(holder, ns + "note", category=note.author).text = note.text
    segment = etree.SubElement(element, ns + "segment", state=STATE_20[unit.status])
    if unit.status == "fuzzy":
        segment.set("subState", "l10nrelease:fuzzy")
    tags = dict(unit.tags)
    _inline(etree.SubElement(segment, ns + "source"), unit.source, tags, "2.0")
    if unit.target:
        _inline(etree.SubElement(segment, ns + "target"), unit.target, tags, "2.0")


def _inline(element: etree._Element, text: str, tags: dict[int, str], version: str) -> None:
    """``text`` into ``element``, its placeholders as inline elements; a text whose
    placeholders do not nest (a broken translation) goes in as plain text, as the PO
    file has it, for the translator to mend."""
    tokens = tokenize(text)
    if not _nests(tokens):
        element.text = text
        return
    ns = etree.QName(element).namespace
    parents = [element]
    for token in tokens:
        parent = parents[-1]
        if isinstance(token, Text):
            # The text as the reader sees it: a msgid's &lt; is a "<" in XLIFF (escaped
            # as XML escapes it), which the CAT tool shows as "<".
            value = unescape_text(token.value)
            if len(parent):
                parent[-1].tail = (parent[-1].tail or "") + value
            else:
                parent.text = (parent.text or "") + value
        elif isinstance(token, Close):
            parents.pop()
        else:
            paired = isinstance(token, Open)
            name, attributes = _inline_element(
                token.number, tags.get(token.number, ""), paired, version
            )
            child = etree.SubElement(parent, f"{{{ns}}}{name}", attributes)
            if paired:
                parents.append(child)


def _inline_element(
    number: int, tag: str, paired: bool, version: str
) -> tuple[str, dict[str, str]]:
    """The inline element of a placeholder whose HTML element is ``tag``, and its
    attributes: how the CAT tool shows it (a link, bold, a line break)."""
    attributes = {"id": str(number)}
    if version == "1.2":
        known = _CTYPE_G if paired else _CTYPE_X
        ctype = known.get(tag) or (f"x-{tag}" if re.fullmatch(r"[\w.-]+", tag) else None)
        if ctype:
            attributes["ctype"] = ctype
        attributes["clone"] = "no"  # each placeholder exactly once
        return ("g" if paired else "x"), attributes
    kind, sub = (_TYPE_PC if paired else _TYPE_PH).get(tag, ("other" if tag else "", None))
    if kind:
        attributes["type"] = kind
    if sub:
        attributes["subType"] = sub
    attributes["canCopy"] = "no"  # each placeholder exactly once
    attributes["canDelete"] = "no"
    return ("pc" if paired else "ph"), attributes


def _nests(tokens: Iterable[object]) -> bool:
    stack: list[int] = []
    for token in tokens:
        if isinstance(token, Open):
            stack.append(token.number)
        elif isinstance(token, Close) and (not stack or stack.pop() != token.number):
            return False
    return not stack


def _indent(element: etree._Element, level: int) -> None:
    """Indent the structure, never the content: lxml's pretty printing would put
    white space into a source that starts with an inline element."""
    if etree.QName(element).localname in {"source", "target", "note", "context", "tool"}:
        return
    children = list(element)
    if not children:
        return
    element.text = "\n" + "  " * (level + 1)
    for child in children:
        _indent(child, level + 1)
        child.tail = "\n" + "  " * (level + 1)
    children[-1].tail = "\n" + "  " * level


# ----------------------------------------------------------------------- reading


def parse_xliff(data: bytes, *, path: str) -> list[XliffFile]:
    """The ``<file>`` elements of an XLIFF 1.2 (or 1.1) or 2.0 document; a file that is
    not XLIFF, or lacks what l10nrelease needs to place it, raises ``XliffError``."""
    root = _root(data, path)
    name = etree.QName(root)
    if name.localname != "xliff":
        raise XliffError(
            f"the root element is <{name.localname}>, not <xliff>: not an XLIFF file",
            path=path,
            line=root.sourceline,
        )
    namespace = name.namespace
    if namespace in (XLIFF_12, XLIFF_11):
        return [_file_12(element, namespace, path) for element in _children(root, "file")]
    if namespace == XLIFF_20:
        return [_file_20(element, root, path) for element in _children(root, "file")]
    raise XliffError(
        f"an XLIFF document of version {root.get('version', '?')} in namespace "
        f"'{namespace or 'none'}'; l10nrelease reads XLIFF 1.2 and 2.0: save or export it "
        "as XLIFF 1.2 in the CAT tool",
        path=path,
        line=root.sourceline,
    )


def _root(data: bytes, path: str) -> etree._Element:
    """The document's root, read as every file from outside is (``xmlsafe``: no DTD
    loaded, no entities, no XInclude), without its comments."""
    root = parse_untrusted(data, path=path, kind="XLIFF", error=XliffError)
    etree.strip_tags(root, etree.Comment)
    return root


def _children(element: etree._Element, name: str) -> list[etree._Element]:
    return [
        child
        for child in element
        if isinstance(child.tag, str) and etree.QName(child).localname == name
    ]


def _descendants(element: etree._Element, namespace: str, name: str) -> list[etree._Element]:
    return list(element.iter(f"{{{namespace}}}{name}"))


def _required(element: etree._Element, attribute: str, path: str) -> str:
    value = str(element.get(attribute) or "")
    if not value:
        raise XliffError(
            f"<{etree.QName(element).localname}> has no {attribute} attribute, which "
            "l10nrelease needs to place its translations; import the file as l10nrelease "
            "exported it",
            path=path,
            line=element.sourceline,
        )
    return value


def _file_12(element: etree._Element, namespace: str, path: str) -> XliffFile:
    units = []
    for unit in _descendants(element, namespace, "trans-unit"):
        if unit.get("translate") == "no" or unit.get("restype") == _PO_HEADER:
            continue
        source = next(iter(_children(unit, "source")), None)
        if source is None:
            raise XliffError("a <trans-unit> without <source>", path=path, line=unit.sourceline)
        target = next(iter(_children(unit, "target")), None)
        extradata = unit.get("extradata") or ""
        state = target.get("state") if target is not None else None
        units.append(
            _read_unit(
                unit,
                source=[source],
                target=[target] if target is not None else [],
                state=state,
                done=(state in DONE_12) if state is not None else unit.get("approved") == "yes",
                context=unit.get("resname") or _po_context(unit, namespace),
                base=extradata[len(_BASE_PREFIX) :] if extradata.startswith(_BASE_PREFIX) else None,
                path=path,
            )
        )
    return XliffFile(
        original=_required(element, "original", path),
        source_language=_required(element, "source-language", path),
        target_language=_required(element, "target-language", path),
        units=tuple(units),
        line=element.sourceline or 0,
    )


def _po_context(unit: etree._Element, namespace: str) -> str | None:
    """The msgctxt translate-toolkit's po2xliff writes as a context of the unit."""
    for context in unit.iter(f"{{{namespace}}}context"):
        if context.get("context-type") == "x-po-msgctxt":
            return str(context.text or "")
    return None


def _file_20(element: etree._Element, root: etree._Element, path: str) -> XliffFile:
    units = []
    for unit in _descendants(element, XLIFF_20, "unit"):
        if unit.get("translate") == "no":
            continue
        parts = [
            c for c in unit if isinstance(c.tag, str) and c.tag.endswith(("}segment", "}ignorable"))
        ]
        segments = [part for part in parts if etree.QName(part).localname == "segment"]
        if not segments:
            raise XliffError("a <unit> without <segment>", path=path, line=unit.sourceline)
        sources = [s for part in parts for s in _children(part, "source")]
        # An ignorable (white space between segments) without a target stays as it is.
        targets = [
            t
            for part in parts
            for t in _children(part, "target")
            or (_children(part, "source") if part not in segments else [])
        ]
        states = [segment.get("state", "initial") for segment in segments]
        units.append(
            _read_unit(
                unit,
                source=sources,
                target=targets,
                state=next((s for s in states if s not in DONE_20), states[0]),
                done=all(state in DONE_20 for state in states),
                context=unit.get("name"),
                base=unit.get(f"{{{L10N}}}base"),
                path=path,
            )
        )
    return XliffFile(
        original=_required(element, "original", path),
        source_language=_required(root, "srcLang", path),
        target_language=_required(root, "trgLang", path),
        units=tuple(units),
        line=element.sourceline or 0,
    )


def _read_unit(
    element: etree._Element,
    *,
    source: list[etree._Element],
    target: list[etree._Element],
    state: str | None,
    done: bool,
    context: str | None,
    base: str | None,
    path: str,
) -> XliffUnit:
    identifier = _required(element, "id", path)
    problem = ""
    try:
        source_text = "".join(_inline_text(part) for part in source)
        target_text = "".join(_inline_text(part) for part in target)
    except _Unreadable as exc:
        problem, source_text, target_text = str(exc), "", ""
    status = "untranslated" if not target_text.strip() else "reviewed" if done else "fuzzy"
    return XliffUnit(
        id=identifier,
        source=source_text,
        target=target_text,
        status=status,
        context=context,
        base=base,
        line=element.sourceline or 0,
        state=state,
        problem=problem,
    )


class _Unreadable(Exception):
    """An inline element that cannot be a placeholder of ours."""


#: Inline elements whose content is text of the segment (markers, segmentation).
_TRANSPARENT = frozenset({"mrk", "sm", "em"})


def _inline_text(element: etree._Element) -> str:
    """A source or target as placeholder text: ``<g id="1">`` is ``<1>``…``</1>``,
    ``<x id="2"/>`` is ``<2/>``, and 1.2's bx/ex, bpt/ept, ph/it and 2.0's pc, ph,
    sc/ec alike, numbered by their id (rid for pairs); markers keep their text."""
    out = [_as_po_text(element.text or "")]
    opened: dict[str, str] = {}  # rid -> number
    for child in element:
        if not isinstance(child.tag, str):  # a processing instruction
            out.append(_as_po_text(child.tail or ""))
            continue
        name = etree.QName(child).localname
        if name in {"g", "pc"}:
            number = _number(child, "id")
            out.append(f"<{number}>{_inline_text(child)}</{number}>")
        elif name in {"x", "ph", "it"}:
            out.append(f"<{_number(child, 'id')}/>")
        elif name in {"bx", "bpt", "sc"}:
            number = _number(child, "rid" if child.get("rid") else "id")
            opened[child.get("rid") or child.get("id") or ""] = number
            out.append(f"<{number}>")
        elif name in {"ex", "ept", "ec"}:
            key = child.get("rid") or child.get("startRef") or child.get("id") or ""
            out.append(f"</{opened.pop(key, None) or _number(child, 'rid')}>")
        elif name in _TRANSPARENT:
            out.append(_inline_text(child))
        else:
            raise _Unreadable(
                f"an inline element <{name}> that is none of the source's placeholders"
            )
        out.append(_as_po_text(child.tail or ""))
    return "".join(out)


_PLACEHOLDER_TEXT = re.compile(r"</?\d{1,4}/?>")


def _as_po_text(text: str) -> str:
    """XLIFF text as a msgid writes it: a "<" of the text is &lt; (``escape_text``);
    what has a placeholder's shape stays one (tools that flatten inline elements, or a
    broken translation exported as it was, write <1> as text)."""
    parts = _PLACEHOLDER_TEXT.split(text)
    found = _PLACEHOLDER_TEXT.findall(text)
    out = [escape_text(parts[0])]
    for placeholder, rest in zip(found, parts[1:], strict=True):
        out += [placeholder, escape_text(rest)]
    return "".join(out)


def _number(element: etree._Element, attribute: str) -> str:
    value = element.get(attribute) or ""
    if not value.isdigit():
        raise _Unreadable(
            f'<{etree.QName(element).localname} {attribute}="{value}"> is none of the '
            "source's placeholders (their ids are numbers); keep the tags of the source"
        )
    return str(int(value))
