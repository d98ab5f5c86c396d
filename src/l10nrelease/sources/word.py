"""``.docx`` releases (Word) -> ``Release``, and units back into the same Word document.

The body is walked in document order (table cells and content controls too); each
paragraph with text is a block. A paragraph's runs are read as spans of formatting:
what most of its text looks like is its base, and a span that looks otherwise (bold,
italic, …), a hyperlink or a field's result becomes a placeholder ``<n>…</n>``; what
is not text (a picture, a line break, a tab, a footnote mark) becomes ``<n/>``. What
Word writes without meaning (runs split by revision ids, proofing marks, smart tags)
is read through. Reassembly (``word_write``) opens the package again, walks it the same way and
rebuilds each translated paragraph's runs from the placeholders, each span with its
source runs' properties; the paragraph's properties (its style) are untouched, and
bookmarks and comment ranges are kept at the paragraph's edges.

python-docx is used only here (and in ``l10nrelease.sources.__init__``'s dispatch).
"""

from __future__ import annotations

import copy
import io
import zipfile
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

from ..errors import SourceError
from ..markup import PLACEHOLDER_RE, Close, Open, Text, Token, Void
from ..model import Block, Dateline, Release, Unit
from ..segment import split_block
from .common import EMBARGO_RE, parse_embargo, units_from_pieces
from .documents import InlineHtml, dateline_parts, merge_text

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


def qn(name: str) -> str:
    return f"{{{W}}}{name}"


#: Paragraph children that mark a place, not text: kept at the paragraph's edges.
MARKER_STARTS = frozenset(
    qn(n) for n in ("bookmarkStart", "commentRangeStart", "permStart", "moveFromRangeStart")
)
MARKER_ENDS = frozenset(
    qn(n) for n in ("bookmarkEnd", "commentRangeEnd", "permEnd", "moveFromRangeEnd")
)
#: Read through: their runs count as the paragraph's (tracked insertions as accepted).
TRANSPARENT = frozenset(qn(n) for n in ("smartTag", "customXml", "ins", "moveTo", "dir", "bdo"))
#: Never read: deleted text, proofing marks.
_IGNORED = frozenset(
    qn(n)
    for n in ("del", "moveFrom", "proofErr", "pPr", "rPr", "lastRenderedPageBreak", "softHyphen")
)
_SKIPPED = _IGNORED | MARKER_STARTS | MARKER_ENDS
#: Run properties that say nothing about how text looks (spelling language, revision,
#: complex-script variants, which only Arabic or Hebrew text shows).
_UNSEEN = frozenset(
    qn(n) for n in ("lang", "noProof", "rPrChange", "specVanish", "webHidden", "bCs", "iCs", "szCs")
)
#: Run properties invisible on a space: a bold space between two words is a space.
_INVISIBLE_ON_SPACE = frozenset(qn(n) for n in ("b", "bCs", "i", "iCs", "rFonts", "sz", "szCs"))
#: What a void placeholder's element is, as the PO file's comment says.
_VOID_NAMES = {
    "tab": "tab",
    "ptab": "tab",
    "br": "br",
    "cr": "br",
    "drawing": "img",
    "pict": "img",
    "object": "object",
    "footnoteReference": "footnote mark",
    "endnoteReference": "endnote mark",
    "commentReference": "comment mark",
    "sym": "symbol",
    "fldChar": "field",
    "instrText": "field",
}
#: Run content that is text.
_CHARACTERS = {qn("t"): None, qn("noBreakHyphen"): "\u2011"}


@dataclass
class Span:
    """What placeholder ``n`` stands for, to rebuild it and to show it in HTML."""

    kind: str  # "format", "container", "field" or "void"
    tag: str  # for the PO comment
    rpr: Any = None  # run properties of a format span, or a container's content
    element: Any = None  # a container (hyperlink, field, content control)
    before: list[Any] = field(default_factory=list)  # a field's code runs; a void's elements
    after: list[Any] = field(default_factory=list)  # a field's end run
    html: tuple[str, str] = ("", "")


@dataclass
class Atom:
    kind: str  # "text", "void", "container"
    rpr: Any = None
    text: str = ""
    elements: list[Any] = field(default_factory=list)  # a void's
    span: Span | None = None  # a container's
    atoms: list[Atom] = field(default_factory=list)  # a container's content


@dataclass
class Slot:
    """One paragraph with text, in walking order."""

    paragraph: Any
    number: int  # the paragraph's number in the document (the PO reference's line)
    role: str
    style: str
    tokens: list[Token]
    spans: dict[int, Span]


# ------------------------------------------------------------------- the package


def open_package(data: bytes, *, path: str) -> Any:
    """The Word document in ``data``; a file that is not one is a ``SourceError``."""
    import docx

    if not zipfile.is_zipfile(io.BytesIO(data)):
        hint = (
            "an old Word 97-2003 .doc renamed to .docx"
            if data.startswith(b"\xd0\xcf\x11\xe0")
            else "a file cut short, or another format renamed to .docx"
        )
        raise SourceError(
            f"is not a Word document: not a ZIP package ({hint}); open it in Word or "
            "LibreOffice and save it as a Word document (.docx)",
            path=path,
        )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            names = set(package.namelist())
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise SourceError(
            f"is a damaged ZIP package ({exc}); save the document again as .docx", path=path
        ) from None
    missing = [n for n in ("[Content_Types].xml", "word/document.xml") if n not in names]
    if missing:
        raise SourceError(
            f"is a ZIP file without {missing[0]}, so not a Word document; open it in Word "
            "or LibreOffice and save it as a Word document (.docx)",
            path=path,
        )
    try:
        return docx.Document(io.BytesIO(data))
    except etree.XMLSyntaxError as exc:
        raise SourceError(
            f"the document's XML is damaged ({exc.msg}); open the file in Word, which "
            "offers to repair it, and save it again",
            path=path,
        ) from None
    except (KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise SourceError(
            f"cannot be read as a Word document ({exc}); open it in Word or LibreOffice "
            "and save it as a Word document (.docx)",
            path=path,
        ) from None


def _style_names(document: Any) -> dict[str, str]:
    return {style.style_id: (style.name or "") for style in document.styles}


def _paragraph_style(paragraph: Any, names: dict[str, str]) -> str:
    style = paragraph.find(f"{qn('pPr')}/{qn('pStyle')}")
    if style is None:
        return "Normal"
    identifier = str(style.get(qn("val"), ""))
    return names.get(identifier, identifier)


# ---------------------------------------------------------------------- walking


def _paragraphs(container: Any) -> Iterator[tuple[Any, str]]:
    """Every paragraph under ``container`` in document order, with its place."""
    tables = 0
    for child in container:
        if child.tag == qn("p"):
            yield child, ""
        elif child.tag == qn("tbl"):
            tables += 1
            for row_number, row in enumerate(child.iter(qn("tr")), start=1):
                if row.getparent() is not child:
                    continue  # a nested table's rows come with their cell
                cells = [c for c in row if c.tag == qn("tc")]
                for cell_number, cell in enumerate(cells, start=1):
                    place = f"table {tables}, row {row_number}, cell {cell_number}"
                    for paragraph, inner in _paragraphs(cell):
                        yield paragraph, inner or place
        elif child.tag in {qn("sdt"), qn("customXml")}:
            content = child.find(qn("sdtContent")) if child.tag == qn("sdt") else child
            if content is not None:
                yield from _paragraphs(content)


def _slots(document: Any, *, path: str) -> list[Slot]:
    names = _style_names(document)
    links = _link_targets(document)
    slots = []
    for number, (paragraph, place) in enumerate(_paragraphs(document.element.body), start=1):
        atoms = atoms_of(paragraph)
        text = "".join(_texts(atoms))
        if not text.strip():
            continue
        if PLACEHOLDER_RE.search(text):
            raise SourceError(
                f"paragraph {number} has the text '{PLACEHOLDER_RE.search(text).group(0)}' "  # type: ignore[union-attr]
                "(l10nrelease's placeholder syntax), which would be taken for one; write it "
                "otherwise (with a space inside: '< 1 >')",
                path=path,
                line=number,
            )
        spans: dict[int, Span] = {}
        tokens = _tokens(atoms, spans, links)
        style = _paragraph_style(paragraph, names)
        role = place or _role(style, paragraph)
        slots.append(Slot(paragraph, number, role, style, tokens, spans))
    return slots


def _role(style: str, paragraph: Any) -> str:
    lowered = style.lower()
    if lowered.startswith("heading") or lowered in {"title", "subtitle"}:
        return lowered
    if paragraph.find(f"{qn('pPr')}/{qn('numPr')}") is not None or "list" in lowered:
        return "list item"
    return "paragraph"


def _link_targets(document: Any) -> dict[str, str]:
    return {
        rid: rel.target_ref
        for rid, rel in document.part.rels.items()
        if rel.reltype.endswith("/hyperlink")
    }


def _texts(atoms: list[Atom]) -> Iterator[str]:
    for atom in atoms:
        if atom.kind == "text":
            yield atom.text
        elif atom.kind == "container":
            yield from _texts(atom.atoms)


def atoms_of(parent: Any) -> list[Atom]:
    """The inline content of a paragraph (or a hyperlink, …) as atoms, fields folded."""
    atoms: list[Atom] = []
    for child in parent:
        tag = child.tag
        if not isinstance(tag, str) or tag in _SKIPPED:
            continue
        if tag == qn("r"):
            atoms += _run_atoms(child)
        elif tag in TRANSPARENT:
            atoms += atoms_of(child)
        elif tag in {qn("hyperlink"), qn("fldSimple")}:
            span = Span("container", "a" if tag == qn("hyperlink") else "field", element=child)
            atoms.append(Atom("container", span=span, atoms=atoms_of(child)))
        elif tag == qn("sdt"):
            content = child.find(qn("sdtContent"))
            span = Span("container", "span", element=child)
            inner = atoms_of(content) if content is not None else []
            atoms.append(Atom("container", span=span, atoms=inner))
        else:  # maths, embedded objects, anything unknown: kept whole
            atoms.append(Atom("void", elements=[child]))
    return _fold_fields(atoms)


def _run_atoms(run: Any) -> list[Atom]:
    rpr = run.find(qn("rPr"))
    atoms: list[Atom] = []
    for child in run:
        tag = child.tag
        if not isinstance(tag, str) or tag in _IGNORED:
            continue
        if tag in _CHARACTERS:
            text = _CHARACTERS[tag] or (child.text or "")
            if atoms and atoms[-1].kind == "text":
                atoms[-1].text += text
            elif text:
                atoms.append(Atom("text", rpr, text))
            continue
        piece = _run_copy(run, [child])
        atoms.append(Atom("void", rpr, elements=[piece], text=etree.QName(tag).localname))
    return atoms


def _run_copy(run: Any, children: list[Any]) -> Any:
    """A new run with ``run``'s properties and copies of ``children``."""
    new = copy.deepcopy(run)
    for child in list(new):
        if child.tag != qn("rPr"):
            new.remove(child)
    for child in children:
        new.append(copy.deepcopy(child))
    return new


def _field_char(atom: Atom) -> str:
    if atom.kind != "void" or atom.text != "fldChar":
        return ""
    char = atom.elements[0].find(qn("fldChar"))
    return str(char.get(qn("fldCharType"), "")) if char is not None else ""


def _fold_fields(atoms: list[Atom]) -> list[Atom]:
    """A complex field (begin, code, separate, result, end) as one container whose
    content is its result; a field without a result, or cut off, stays as voids."""
    out: list[Atom] = []
    index = 0
    while index < len(atoms):
        atom = atoms[index]
        if _field_char(atom) != "begin":
            out.append(atom)
            index += 1
            continue
        separate, end = _field_bounds(atoms, index)
        if end is None or separate is None:
            stop = len(atoms) if end is None else end + 1
            out += [Atom("void", a.rpr, elements=_all_elements(a)) for a in atoms[index:stop]]
            index = stop
            continue
        code = atoms[index : separate + 1]
        span = Span(
            "field",
            "field",
            before=[e for a in code for e in _all_elements(a)],
            after=_all_elements(atoms[end]),
        )
        span.element = _instruction(code)
        out.append(Atom("container", span=span, atoms=_fold_fields(atoms[separate + 1 : end])))
        index = end + 1
    return out


def _field_bounds(atoms: list[Atom], begin: int) -> tuple[int | None, int | None]:
    depth = 0
    separate = None
    for index in range(begin, len(atoms)):
        kind = _field_char(atoms[index])
        if kind == "begin":
            depth += 1
        elif kind == "separate" and depth == 1:
            separate = index
        elif kind == "end":
            depth -= 1
            if depth == 0:
                return separate, index
    return separate, None


def _all_elements(atom: Atom) -> list[Any]:
    if atom.kind == "void":
        return list(atom.elements)
    if atom.kind == "text":
        run = etree.Element(qn("r"))
        if atom.rpr is not None:
            run.append(copy.deepcopy(atom.rpr))
        text = etree.SubElement(run, qn("t"))
        text.text = atom.text
        text.set(XML_SPACE, "preserve")
        return [run]
    assert atom.span is not None
    inner = [e for a in atom.atoms for e in _all_elements(a)]
    if atom.span.kind == "field":
        return [*atom.span.before, *inner, *atom.span.after]
    element = shallow(atom.span.element)
    content_of(element).extend(inner)
    return [element]


def _instruction(code: list[Atom]) -> str:
    return "".join(
        (e.text or "") for a in code for el in a.elements for e in el.iter(qn("instrText"))
    ).strip()


# ------------------------------------------------------------------ formatting


def _key(rpr: Any, *, space: bool = False) -> str:
    """What run properties look like, as a string: equal keys, equal looks."""
    if rpr is None:
        return ""
    parts = []
    for child in rpr:
        if not isinstance(child.tag, str) or child.tag in _UNSEEN:
            continue
        if space and child.tag in _INVISIBLE_ON_SPACE:
            continue
        attributes = sorted(
            (k, v) for k, v in child.attrib.items() if etree.QName(k).localname != "hint"
        )
        parts.append(f"{child.tag}{attributes}")
    return "|".join(sorted(parts))


def _base(atoms: list[Atom]) -> str:
    """The key most of the text has (the first of equals)."""
    weights: Counter[str] = Counter()
    for atom in atoms:
        if atom.kind == "text" and atom.text.strip():
            weights[_key(atom.rpr)] += len(atom.text)
    if not weights:
        return next((_key(a.rpr) for a in atoms if a.kind != "container"), "")
    best = max(weights.values())
    return next(key for key in weights if weights[key] == best)


def base_of(atoms: list[Atom]) -> tuple[str, Any]:
    """The base key of a level, and run properties that have it."""
    base = _base(atoms)
    rpr = next((a.rpr for a in atoms if a.kind != "container" and _key(a.rpr) == base), None)
    return base, rpr


def _tokens(atoms: list[Atom], spans: dict[int, Span], links: dict[str, str]) -> list[Token]:
    """Tokens of one level: spans formatted otherwise than its base become pairs."""
    base, base_rpr = base_of(atoms)
    keys = _atom_keys(atoms, base)
    tokens: list[Token] = []
    index = 0
    while index < len(atoms):
        atom, key = atoms[index], keys[index]
        if atom.kind == "container":
            tokens += _container_tokens(atom, spans, links)
            index += 1
            continue
        if key == base or (atom.kind == "void" and not _text_follows(atoms, keys, index, key)):
            tokens.append(_leaf(atom, spans, base_rpr))
            index += 1
            continue
        number = len(spans) + 1
        spans[number] = Span("format", _format_tag(atom.rpr, base_rpr), rpr=atom.rpr)
        spans[number].html = _format_html(atom.rpr, base_rpr)
        tokens.append(Open(number))
        while index < len(atoms) and atoms[index].kind != "container" and keys[index] == key:
            tokens.append(_leaf(atoms[index], spans, atom.rpr))
            index += 1
        tokens.append(Close(number))
    return merge_text(tokens)


def _atom_keys(atoms: list[Atom], base: str) -> list[str]:
    """Each atom's key; a space takes its neighbour's where bold or a font is all
    that tells them apart."""
    keys = [_key(a.rpr) if a.kind != "container" else "" for a in atoms]
    for index, atom in enumerate(atoms):
        if atom.kind == "text" and not atom.text.strip() and keys[index] != base:
            neighbour = keys[index - 1] if index else base
            if _key(atom.rpr, space=True) == _key_of(atoms, index - 1, space=True):
                keys[index] = neighbour
            elif _key(atom.rpr, space=True) == _base_space(atoms, base):
                keys[index] = base
    return keys


def _key_of(atoms: list[Atom], index: int, *, space: bool) -> str | None:
    if index < 0 or atoms[index].kind == "container":
        return None
    return _key(atoms[index].rpr, space=space)


def _base_space(atoms: list[Atom], base: str) -> str | None:
    for atom in atoms:
        if atom.kind != "container" and _key(atom.rpr) == base:
            return _key(atom.rpr, space=True)
    return None


def _text_follows(atoms: list[Atom], keys: list[str], index: int, key: str) -> bool:
    """Whether a void in a span of ``key`` is followed by text of the same span."""
    for later in range(index + 1, len(atoms)):
        if atoms[later].kind == "container" or keys[later] != key:
            return False
        if atoms[later].kind == "text":
            return True
    return False


def _leaf(atom: Atom, spans: dict[int, Span], rpr: Any) -> Token:
    if atom.kind == "text":
        return Text(atom.text)
    number = len(spans) + 1
    tag = _VOID_NAMES.get(atom.text, "element")
    spans[number] = Span("void", tag, before=list(atom.elements))
    spans[number].html = ("<br>", "") if tag == "br" else (" ", "") if tag == "tab" else ("", "")
    return Void(number)


def _container_tokens(atom: Atom, spans: dict[int, Span], links: dict[str, str]) -> list[Token]:
    span = atom.span
    assert span is not None
    number = len(spans) + 1
    spans[number] = span
    _inner, span.rpr = base_of(atom.atoms)
    href = _href(span, links)
    span.html = (f'<a href="{_attribute(href)}">', "</a>") if href else ("<span>", "</span>")
    if href:
        span.tag = "a"
    if not any(a.kind == "text" and a.text for a in _flatten(atom.atoms)):
        # A container with no text (an empty link, a page-number field): kept whole.
        spans[number] = Span("void", span.tag, before=_all_elements(atom))
        return [Void(number)]
    return [Open(number), *_tokens(atom.atoms, spans, links), Close(number)]


def _flatten(atoms: list[Atom]) -> Iterator[Atom]:
    for atom in atoms:
        yield atom
        yield from _flatten(atom.atoms)


def _href(span: Span, links: dict[str, str]) -> str:
    if span.kind == "field":
        words = str(span.element or "").split()
        if len(words) >= 2 and words[0].upper() == "HYPERLINK":
            return words[1].strip('"')
        return ""
    element = span.element
    if element is None or element.tag != qn("hyperlink"):
        return ""
    target = links.get(element.get(f"{{{R}}}id", ""), "")
    anchor = element.get(qn("anchor"))
    return target + (f"#{anchor}" if anchor else "")


def _attribute(value: str) -> str:
    return value.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")


_TAGS = (("b", "strong"), ("i", "em"), ("u", "u"), ("strike", "s"))


def _on(rpr: Any, name: str) -> bool:
    if rpr is None:
        return False
    element = rpr.find(qn(name))
    if element is None:
        return False
    value = element.get(qn("val"), "true")
    return value not in {"0", "false", "off", "none"}


def _vertical(rpr: Any) -> str:
    element = rpr.find(qn("vertAlign")) if rpr is not None else None
    value = element.get(qn("val"), "") if element is not None else ""
    return {"superscript": "sup", "subscript": "sub"}.get(value, "")


def _char_style(rpr: Any) -> str:
    element = rpr.find(qn("rStyle")) if rpr is not None else None
    value = (element.get(qn("val"), "") if element is not None else "").lower()
    return {"strong": "strong", "emphasis": "em"}.get(value, "")


def _looks(rpr: Any) -> list[str]:
    tags = [tag for name, tag in _TAGS if _on(rpr, name)]
    for extra in (_char_style(rpr), _vertical(rpr)):
        if extra and extra not in tags:
            tags.append(extra)
    return tags


def _format_tag(rpr: Any, base: Any) -> str:
    added = [tag for tag in _looks(rpr) if tag not in _looks(base)]
    return added[0] if len(added) == 1 else "span"


def _format_html(rpr: Any, base: Any) -> tuple[str, str]:
    added = [tag for tag in _looks(rpr) if tag not in _looks(base)]
    if not added:
        return "<span>", "</span>"
    return "".join(f"<{t}>" for t in added), "".join(f"</{t}>" for t in reversed(added))


# --------------------------------------------------------------------- reading


def parse(
    data: bytes, *, path: str, slug: str, mode: str = "sentence", **segmentation: Any
) -> Release:
    """A Word document's release: headline, paragraphs, dateline, embargo.

    ``segmentation``: further options of ``split_block`` (as ``.txt`` and ``.html``
    releases get them), passed on as they are.
    """
    document = open_package(data, path=path)
    slots = _slots(document, path=path)
    if not slots:
        raise SourceError(
            "the document has no text; write the headline (styled Title) and the "
            "release's paragraphs",
            path=path,
            line=1,
        )
    headline_index = _headline(slots)
    blocks: list[Block] = []
    metadata: dict[str, str] = {}
    dateline: Dateline | None = None
    looked_for_dateline = False
    paragraphs = 0
    for index, slot in enumerate(slots):
        tags = {number: span.tag for number, span in slot.spans.items()}
        if index < headline_index and _embargo(slot, metadata, path):
            blocks.append(Block("preamble", slot.number, ()))
            continue
        tokens = list(slot.tokens)
        parts: list[str | Unit] = []
        if index > headline_index and not looked_for_dateline:
            looked_for_dateline = True  # only the first paragraph may open with one
            dateline, parts, tokens = dateline_parts(tokens, slot.number)
        kind = "headline" if index == headline_index else "paragraph"
        role = "headline" if kind == "headline" else slot.role
        if role == "paragraph":
            paragraphs += 1
            role = f"paragraph {paragraphs}"
        split = "paragraph" if kind == "headline" or role.startswith(("heading", "title")) else mode
        parts += units_from_pieces(
            split_block(tokens, mode=split, **segmentation), role=role, line=slot.number, tags=tags
        )
        blocks.append(Block(kind, slot.number, tuple(parts)))
    headline_units = list(blocks[headline_index].units())
    if not headline_units:
        raise SourceError(
            "the headline has no words; write the release's headline as the first "
            "paragraph, styled Title",
            path=path,
            line=slots[headline_index].number,
        )
    from .text import date_from_name

    return Release(
        slug=slug,
        path=path,
        format="docx",
        text="\n".join("".join(_plain(slot.tokens)) for slot in slots) + "\n",
        blocks=tuple(blocks),
        date=dateline.date if dateline else date_from_name(slug),
        dateline=dateline,
        headline=headline_units[0].text,
        metadata=metadata,
        data=data,
    )


def _plain(tokens: list[Token]) -> Iterator[str]:
    return (t.value for t in tokens if isinstance(t, Text))


def _headline(slots: list[Slot]) -> int:
    """The paragraph styled Title, else the first heading, else the first paragraph
    that is not an embargo line."""
    for wanted in ("title", "heading"):
        for index, slot in enumerate(slots):
            if slot.style.lower().startswith(wanted):
                return index
    for index, slot in enumerate(slots):
        if not EMBARGO_RE.match("".join(_plain(slot.tokens))):
            return index
    return 0


def _embargo(slot: Slot, metadata: dict[str, str], path: str) -> bool:
    text = "".join(_plain(slot.tokens))
    match = EMBARGO_RE.match(text)
    if not match:
        return False
    moment = parse_embargo(match.group("when"))
    if moment is None:
        raise SourceError(
            f"cannot read the embargo time '{match.group('when')}'; write it as "
            "EMBARGOED UNTIL 2017-02-01 10:00+06:00",
            path=path,
            line=slot.number,
        )
    metadata["embargo"] = moment.isoformat()
    return True


# ------------------------------------------------------------------ reassembly


def inline_html(release: Release) -> list[InlineHtml]:
    """For each block of ``release``, the HTML each of its placeholders stands for."""
    document = open_package(release.data, path=release.path)
    slots = aligned(document, release)
    return [{n: span.html for n, span in slot.spans.items()} for slot in slots]


def aligned(document: Any, release: Release) -> list[Slot]:
    """The document's paragraphs, as ``release`` read them."""
    slots = _slots(document, path=release.path)
    if [s.number for s in slots] != [b.line for b in release.blocks]:
        raise SourceError(
            "the document changed since it was read; run extract again", path=release.path
        )
    return slots


def shallow(element: Any) -> Any:
    """A container without its content (a content control keeps its properties)."""
    new = copy.deepcopy(element)
    holder = content_of(new)
    for child in list(holder):
        if holder is new and child.tag in {qn("sdtPr"), qn("sdtEndPr")}:
            continue
        holder.remove(child)
    return new


def content_of(element: Any) -> Any:
    if element.tag == qn("sdt"):
        content = element.find(qn("sdtContent"))
        if content is None:
            content = etree.SubElement(element, qn("sdtContent"))
        return content
    return element
