"""``.html`` releases from a CMS -> ``Release``, and units back into the same HTML.

The document is walked in a fixed order; every run of text and inline elements
inside a block element becomes a block of units, and translatable attributes
(``alt``, ``title``, meta descriptions, …) become blocks of their own. Reassembly
parses the source again, walks it the same way, and swaps each translated block in
(the idea of Translate Toolkit's po2html): whatever is not translated, such as
structure, attributes, scripts and comments, comes out as it went in.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field

import lxml.html
from lxml import etree

from ..errors import MarkupError, SourceError
from ..markup import Close, Open, Text, Token, Void, renumber
from ..markup import parse as parse_markup
from ..model import Block, Dateline, Release, Unit
from ..segment import split_block
from .common import (
    dateline_unit,
    match_dateline,
    parse_embargo,
    refuse_control_characters,
    render_block,
    units_from_pieces,
)

#: Elements whose content is never translated (and never changed on reassembly).
SKIPPED = frozenset(
    {
        "script",
        "style",
        "code",
        "pre",
        "noscript",
        "template",
        "svg",
        "math",
        "textarea",
        "kbd",
        "samp",
        "var",
        "iframe",
        "object",
        "embed",
        "audio",
        "video",
        "canvas",
        "select",
    }
)
#: Elements that flow inside a sentence; they become ``<n>…</n>`` placeholders.
INLINE = frozenset(
    {
        "a",
        "abbr",
        "b",
        "bdi",
        "bdo",
        "cite",
        "data",
        "dfn",
        "em",
        "i",
        "mark",
        "q",
        "s",
        "small",
        "span",
        "strong",
        "sub",
        "sup",
        "time",
        "u",
        "del",
        "ins",
        "font",
        "big",
        "tt",
        "label",
        "nobr",
    }
)
#: Inline elements kept whole as ``<n/>``: void elements and untranslated content.
OPAQUE_INLINE = frozenset({"br", "wbr", "img", "input", "picture", "source", "track"} | SKIPPED)
#: Attributes translated wherever they appear.
ATTRIBUTES = ("alt", "title", "placeholder", "aria-label")
#: ``<meta>`` whose ``content`` is translated, by ``name`` or ``property``.
META_CONTENT = frozenset(
    {
        "description",
        "keywords",
        "og:title",
        "og:description",
        "og:image:alt",
        "twitter:title",
        "twitter:description",
        "twitter:image:alt",
    }
)
_DATE_META = ("date", "dc.date", "article:published_time", "dcterms.date", "pubdate")
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


@dataclass
class _Run:
    """A stretch of a parent's content: its text slot, then inline children."""

    parent: etree._Element
    owner: etree._Element  # parent (text slot) or the block sibling before (tail slot)
    children: list[etree._Element] = field(default_factory=list)

    def slot_text(self) -> str:
        value = self.owner.text if self.owner is self.parent else self.owner.tail
        return value or ""


@dataclass
class _Slot:
    kind: str  # "run" or "attribute"
    line: int
    role: str
    run: _Run | None = None
    element: etree._Element | None = None
    attribute: str = ""
    tokens: list[Token] = field(default_factory=list)
    elements: dict[int, etree._Element] = field(default_factory=dict)


def parse_document(content: str, *, path: str) -> etree._ElementTree:
    if not content.strip():
        raise SourceError(
            "the release is empty; export the page from the CMS again", path=path, line=1
        )
    parser = lxml.html.HTMLParser(
        remove_comments=False,
        remove_pis=False,
        remove_blank_text=False,
        no_network=True,
        default_doctype=False,
    )
    try:
        root = lxml.html.document_fromstring(content, parser=parser)
    except (etree.ParserError, ValueError) as exc:
        raise SourceError(f"cannot parse HTML: {exc}", path=path) from None
    for error in parser.error_log:
        if error.type_name == "ERR_RESOURCE_LIMIT" or "Excessive depth" in error.message:
            # libxml2 stops reading deeper elements: their text would be silently lost.
            raise SourceError(
                "elements are nested more than 256 levels deep here, deeper than the HTML "
                "parser reads (and than any press release needs); simplify the page's "
                "structure or export it from the CMS again",
                path=path,
                line=error.line or None,
            )
    if _OPENS_DOCUMENT.search(content) and not _CLOSES_DOCUMENT.search(content):
        raise SourceError(
            "the page ends before its </body> and </html> tags: the file looks cut short "
            "(an interrupted export or copy); export it from the CMS again",
            path=path,
            line=content.count("\n") + 1,
        )
    return root.getroottree()


_OPENS_DOCUMENT = re.compile(r"<(?:html|body)[\s>]", re.IGNORECASE)
_CLOSES_DOCUMENT = re.compile(r"</(?:html|body)\s*>", re.IGNORECASE)
#: Longer than any alt text, title or description a translator should see.
MAX_ATTRIBUTE_TEXT = 10_000


def serialize(tree: etree._ElementTree) -> str:
    """The document as HTML text, with its doctype."""
    doctype = tree.docinfo.doctype
    text = str(etree.tostring(tree, method="html", encoding="unicode", doctype=doctype or None))
    return text if text.endswith("\n") else text + "\n"


def _slots(tree: etree._ElementTree, *, path: str) -> list[_Slot]:
    slots: list[_Slot] = []
    try:
        _walk(tree.getroot(), slots)
    except SourceError as exc:
        if exc.path:
            raise
        raise SourceError(exc.message, path=path, line=exc.line) from None
    except RecursionError:
        raise SourceError(
            "elements are nested too deeply to read; simplify the page's structure",
            path=path,
        ) from None
    return slots


def _is_inline(element: etree._Element) -> bool:
    if not isinstance(element.tag, str):
        return True  # comments and processing instructions stay in the sentence
    tag = element.tag.lower()
    if tag in OPAQUE_INLINE:
        return True
    if tag not in INLINE:
        return False
    return not any(isinstance(child.tag, str) and not _is_inline(child) for child in element)


def _walk(element: etree._Element, slots: list[_Slot]) -> None:
    tag = element.tag.lower() if isinstance(element.tag, str) else ""
    if not tag or tag in SKIPPED:
        return
    _attribute_slots(element, slots)
    run = _Run(parent=element, owner=element)
    for child in element:
        if _is_inline(child):
            run.children.append(child)
            continue
        _run_slot(run, slots)
        _walk(child, slots)
        run = _Run(parent=element, owner=child)
    _run_slot(run, slots)


def _attribute_slots(element: etree._Element, slots: list[_Slot]) -> None:
    tag = element.tag.lower()
    names = list(ATTRIBUTES)
    if tag == "meta":
        key = (element.get("name") or element.get("property") or "").lower()
        # http-equiv content is an instruction to the browser (a redirect, a charset),
        # never text: a translator must not be able to set it.
        names = ["content"] if key in META_CONTENT and element.get("http-equiv") is None else []
    elif tag == "input" and (element.get("type") or "").lower() in {"submit", "button", "reset"}:
        names.append("value")
    for name in names:
        value = element.get(name)
        if value is None or not any(c.isalpha() for c in value):
            continue
        if len(value) > MAX_ATTRIBUTE_TEXT:
            raise SourceError(
                f"the {name} attribute of <{tag}> is {len(value):,} characters long, not text "
                "for a translator (pasted content or a broken export?); shorten it in the CMS",
                line=element.sourceline,  # the path is added by _slots
            )
        label = (
            f"{name} of <{tag}>"
            if tag != "meta"
            else (
                f"<meta {('name' if element.get('name') else 'property')}="
                f'"{element.get("name") or element.get("property")}">'
            )
        )
        slots.append(
            _Slot(
                kind="attribute",
                line=element.sourceline or 1,
                role=f"attribute {label}" if tag != "meta" else label,
                element=element,
                attribute=name,
                tokens=[Text(value)],
            )
        )


def _run_slot(run: _Run, slots: list[_Slot]) -> None:
    tokens: list[Token] = []
    elements: dict[int, etree._Element] = {}
    nested: list[_Slot] = []
    text = run.slot_text()
    if text:
        tokens.append(Text(text))
    for child in run.children:
        _inline_tokens(child, tokens, elements, nested)
        if child.tail:
            tokens.append(Text(child.tail))
    if not any(isinstance(t, Text) and any(c.isalpha() for c in t.value) for t in tokens):
        slots.extend(nested)
        return
    line = run.parent.sourceline if run.owner is run.parent else run.owner.sourceline
    tag = run.parent.tag.lower()
    slots.append(
        _Slot(kind="run", line=line or 1, role=tag, run=run, tokens=tokens, elements=elements)
    )
    slots.extend(nested)


def _inline_tokens(
    element: etree._Element,
    tokens: list[Token],
    elements: dict[int, etree._Element],
    nested: list[_Slot],
) -> None:
    number = len(elements) + 1
    elements[number] = element
    tag = element.tag.lower() if isinstance(element.tag, str) else ""
    if tag:
        _attribute_slots(element, nested)
    if not tag or tag in OPAQUE_INLINE:
        tokens.append(Void(number))
        return
    tokens.append(Open(number))
    if element.text:
        tokens.append(Text(element.text))
    for child in element:
        _inline_tokens(child, tokens, elements, nested)
        if child.tail:
            tokens.append(Text(child.tail))
    tokens.append(Close(number))


def _date(tree: etree._ElementTree) -> dt.date | None:
    root = tree.getroot()
    candidates = [
        meta.get("content", "")
        for meta in root.iter("meta")
        if (meta.get("name") or meta.get("property") or "").lower() in _DATE_META
    ]
    candidates += [time.get("datetime", "") for time in root.iter("time")]
    for value in candidates:
        match = _ISO_DATE.match(value.strip())
        if match:
            try:
                return dt.date(*(int(g) for g in match.groups()))
            except ValueError:
                continue
    return None


def parse(
    content: str,
    *,
    path: str,
    slug: str,
    mode: str = "sentence",
    abbreviations: tuple[str, ...] = (),
) -> Release:
    refuse_control_characters(content, path=path)
    tree = parse_document(content, path=path)
    blocks: list[Block] = []
    dateline: Dateline | None = None
    looked_for_dateline = False
    headline = ""
    for slot in _slots(tree, path=path):
        tags = {
            number: (element.tag.lower() if isinstance(element.tag, str) else "comment")
            for number, element in slot.elements.items()
        }
        tokens = list(slot.tokens)
        parts: list[str | Unit] = []
        if slot.kind == "run" and slot.role == "p" and not looked_for_dateline:
            looked_for_dateline = True  # only the first paragraph may open with one
            dateline, parts, tokens = _dateline_parts(slot, tokens)
        split_mode = (
            "paragraph" if slot.kind == "attribute" or slot.role in {"title", "h1"} else mode
        )
        parts += units_from_pieces(
            split_block(tokens, mode=split_mode, abbreviations=abbreviations),
            role=slot.role,
            line=slot.line,
            tags=tags,
        )
        if not headline and slot.role in {"h1", "title"}:
            headline = next((p.text for p in parts if isinstance(p, Unit)), "")
        blocks.append(Block(slot.kind, slot.line, tuple(parts)))
    if not any(block.units() for block in blocks):
        raise SourceError("the page has no translatable text", path=path, line=1)
    if not headline:
        raise SourceError(
            "the page has no headline: give it a <title> or an <h1>", path=path, line=1
        )
    return Release(
        metadata=_metadata(tree, path),
        slug=slug,
        path=path,
        format="html",
        text=content,
        blocks=tuple(blocks),
        date=dateline.date if dateline else _date(tree),
        dateline=dateline,
        headline=headline,
    )


def _dateline_parts(
    slot: _Slot, tokens: list[Token]
) -> tuple[Dateline | None, list[str | Unit], list[Token]]:
    """The dateline at the start of the first paragraph, its parts, and the tokens
    after it (``tokens`` unchanged when there is none)."""
    found = _split_dateline(tokens, slot.line)
    if not found:
        return None, [], tokens
    dateline, prefix = found
    rest = _rest(slot.tokens[0], prefix)
    return dateline, prefix, ([Text(rest)] if rest else []) + tokens[1:]


def _metadata(tree: etree._ElementTree, path: str) -> dict[str, str]:
    metadata = {}
    for meta in tree.getroot().iter("meta"):
        if (meta.get("name") or "").lower() == "embargo":
            moment = parse_embargo(meta.get("content") or "")
            if moment is None:
                raise SourceError(
                    f"cannot read the embargo time '{meta.get('content')}'; write it as "
                    '<meta name="embargo" content="2017-02-01T10:00+06:00">',
                    path=path,
                    line=meta.sourceline,
                )
            metadata["embargo"] = moment.isoformat()
    return metadata


def _split_dateline(tokens: list[Token], line: int) -> tuple[Dateline, list[str | Unit]] | None:
    if not tokens or not isinstance(tokens[0], Text):
        return None
    value = tokens[0].value
    stripped = value.lstrip()
    found = match_dateline(stripped)
    if not found:
        return None
    dateline, dash = found
    indent = value[: len(value) - len(stripped)]
    prefix: list[str | Unit] = [indent] if indent else []
    prefix += [dateline_unit(dateline, line), dash]
    return dateline, prefix


def _rest(first: Token, prefix: list[str | Unit]) -> str:
    assert isinstance(first, Text)
    used = sum(len(p) if isinstance(p, str) else len(p.source) for p in prefix)
    return first.value[used:]


def reassemble(
    release: Release,
    translate: Callable[[Unit], str | None] | None,
    *,
    language: str | None = None,
    fallback_language: str | None = None,
) -> str:
    """The source page with translated units swapped in; ``lang`` set when given.

    With ``fallback_language``, a unit left in the source language inside a block
    that is otherwise rebuilt is wrapped in ``<span lang="…">`` for screen readers
    and search engines.
    """
    tree = parse_document(release.text, path=release.path)
    if translate is None:  # the source page: nothing to swap in
        if language:
            tree.getroot().set("lang", language)
        return serialize(tree)
    slots = _slots(tree, path=release.path)
    if len(slots) != len(release.blocks):
        raise SourceError(
            "the page changed since it was read; run extract again", path=release.path
        )
    runs: list[tuple[_Slot, str, dict[int, etree._Element]]] = []
    for slot, block in zip(slots, release.blocks, strict=True):
        units = list(block.units())
        if not units:
            continue
        translations = [translate(unit) for unit in units]
        if all(t is None for t in translations) and fallback_language is None:
            continue
        if slot.kind == "attribute":
            assert slot.element is not None
            chosen = dict(zip(units, translations, strict=True))
            slot.element.set(slot.attribute, render_block(block, chosen.get))
            continue
        text, wrappers = _render_run(block, translations, fallback_language)
        runs.append((slot, text, wrappers))
    # Runs last: rebuilding one copies its inline elements' attributes, which must
    # already be translated.
    for slot, text, wrappers in runs:
        _replace_run(slot, text, path=release.path, extra=wrappers)
    if language:
        tree.getroot().set("lang", language)
    return serialize(tree)


#: Numbers for the wrappers of fallback units, above any real placeholder's.
_WRAPPER_BASE = 9000


def _render_run(
    block: Block, translations: list[str | None], fallback_language: str | None
) -> tuple[str, dict[int, etree._Element]]:
    out: list[str] = []
    wrappers: dict[int, etree._Element] = {}
    answers = iter(translations)
    for part in block.parts:
        if isinstance(part, str):
            out.append(part)
            continue
        text = next(answers)
        wrap = text is None and fallback_language is not None
        if text is None:
            text = part.source
        if part.placeholders:
            mapping = {k: p.number for k, p in enumerate(part.placeholders, start=1)}
            text = renumber(text, mapping)
        if wrap:
            number = _WRAPPER_BASE + len(wrappers)
            wrappers[number] = etree.Element("span", lang=fallback_language or "")
            text = f"<{number}>{text}</{number}>"
        out.append(text)
    return "".join(out), wrappers


def _replace_run(
    slot: _Slot, text: str, *, path: str, extra: dict[int, etree._Element] | None = None
) -> None:
    assert slot.run is not None
    elements = {**slot.elements, **(extra or {})}
    paired = [n for n, e in elements.items() if _is_paired(e)]
    void = [n for n, e in elements.items() if not _is_paired(e)]
    try:
        tokens = parse_markup(text, paired=paired, void=void)
    except MarkupError as exc:
        raise MarkupError(f"{exc.message} in «{text}»", path=path, line=slot.line) from None
    holder = etree.Element("holder")
    stack = [holder]
    for token in tokens:
        container = stack[-1]
        if isinstance(token, Text):
            if len(container):
                container[-1].tail = (container[-1].tail or "") + token.value
            else:
                container.text = (container.text or "") + token.value
        elif isinstance(token, Open):
            element = _shallow_copy(elements[token.number])
            container.append(element)
            stack.append(element)
        elif isinstance(token, Close):
            stack.pop()
        else:
            original = copy.deepcopy(elements[token.number])
            original.tail = None
            container.append(original)
    run = slot.run
    for child in run.children:
        run.parent.remove(child)
    if run.owner is run.parent:
        run.parent.text = holder.text
        index = 0
    else:
        run.owner.tail = holder.text
        index = run.parent.index(run.owner) + 1
    for offset, child in enumerate(list(holder)):
        run.parent.insert(index + offset, child)


def _shallow_copy(original: etree._Element) -> etree._Element:
    """The element with its attributes, without its content. Copied by libxml2, not
    rebuilt from its attributes: the HTML parser keeps attribute names (``x:y=``,
    pasted junk) that lxml would refuse to create (found by the fuzzer)."""
    element = copy.deepcopy(original)
    for child in list(element):
        element.remove(child)
    element.text = None
    element.tail = None
    return element


def _is_paired(element: etree._Element) -> bool:
    return isinstance(element.tag, str) and element.tag.lower() not in OPAQUE_INLINE
