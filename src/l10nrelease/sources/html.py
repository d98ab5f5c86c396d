"""``.html`` releases from a CMS -> ``Release``, and units back into the same HTML.

The document is walked in a fixed order; every run of text and inline elements
inside a block element becomes a block of units, and translatable attributes
(``alt``, ``title``, meta descriptions, …) become blocks of their own. Reassembly
parses the source again, walks it the same way, and swaps each translated block in
(the idea of Translate Toolkit's po2html): whatever is not translated, such as
structure, attributes, scripts and comments, comes out as it went in. Code and what
the page marks as not to be translated (``translate="no"``, configured selectors)
never enter a unit as text; inside a sentence they are one ``<n/>``.
"""

from __future__ import annotations

import copy
import datetime as dt
import functools
import re
import secrets
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field

import lxml.html
from lxml import etree
from lxml.cssselect import CSSSelector

from ..errors import MarkupError, SourceError
from ..markup import Close, Open, Text, Token, Void, escape_text, plain, renumber, unescape_text
from ..markup import parse as parse_markup
from ..model import Block, Dateline, Release, Unit
from ..segment import split_block
from .charset import decode_html
from .common import (
    CONTROL_RE,
    fold_space,
    parse_embargo,
    refuse_control_characters,
    render_block,
    split_dateline,
    units_from_pieces,
)
from .furniture import Furniture, declare_utf8, furnish

__all__ = ["Furniture", "Page", "decode_html", "parse", "reassemble", "rebuild", "serialize"]

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
        "tt",
        "iframe",
        "object",
        "embed",
        "audio",
        "video",
        "canvas",
        "select",
    }
)
#: Code inside a sentence: part of it (``<1/> defines how …``), so kept in its unit
#: even at its edge, where segmentation leaves a ``<br>`` or an image out.
CODE_LIKE = frozenset({"code", "kbd", "samp", "var", "tt", "math"})
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
        "label",
        "nobr",
    }
)
#: Inline elements kept whole as ``<n/>``: void elements and untranslated content.
OPAQUE_INLINE = frozenset({"br", "wbr", "img", "input", "picture", "source", "track"} | SKIPPED)
#: Elements whose content a browser shows as text only: a unit left in English there
#: is plain text, never wrapped in ``<span lang>`` (which the tab would show as tags).
TEXT_ONLY = frozenset({"title", "option"})
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
_DATE_PROPERTIES = frozenset({"dc:date", "dc:created", "dcterms:created", "dcterms:date"})
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
#: The runs looked at for a dateline, and how many of them (a CMS page may have a
#: byline, a date or a "Press release" label between the headline and the text).
_DATELINE_ROLES = frozenset({"p", "div"})
_DATELINE_TRIES = 4


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
    #: the placeholders written ``<n/>``, and those of them that stay in their sentence
    voids: set[int] = field(default_factory=set)
    keep: set[int] = field(default_factory=set)


@dataclass(frozen=True)
class Page:
    """A rebuilt page, and what its furniture could not do (for build's summary)."""

    text: str
    notes: tuple[str, ...] = ()


def parse_document(content: str, *, path: str) -> etree._ElementTree:
    if not content.strip():
        raise SourceError(
            "the release is empty; export the page from the CMS again", path=path, line=1
        )
    # The text is already decoded (``charset.decode_html``): it goes to libxml2 as
    # UTF-8 bytes with that encoding named, so that neither an XML declaration (which
    # lxml refuses in a str) nor a <meta charset> makes it decode the page again.
    parser = lxml.html.HTMLParser(
        remove_comments=False,
        remove_pis=False,
        remove_blank_text=False,
        no_network=True,
        default_doctype=False,
        encoding="utf-8",
    )
    try:
        root = lxml.html.document_fromstring(content.encode("utf-8"), parser=parser)
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
    """The document as HTML text, with its doctype (and XML declaration), declared
    as UTF-8, the encoding every page is written in."""
    declaration = _xml_declaration(tree)
    declare_utf8(tree)
    doctype = tree.docinfo.doctype
    with _exact_urls(tree) as restore:
        text = str(etree.tostring(tree, method="html", encoding="unicode", doctype=doctype or None))
        text = restore(text)
    if declaration:
        text = declaration[0] + "\n" + text.replace(declaration[1], "", 1)
    return text if text.endswith("\n") else text + "\n"


_XML_DECLARATION = re.compile(r"\?xml\s.*\?", re.DOTALL)


def _xml_declaration(tree: etree._ElementTree) -> tuple[str, str] | None:
    """The page's XML declaration, now saying UTF-8, and the comment the HTML parser
    made of it (which the output leaves out): the declaration comes first again."""
    for node in tree.getroot().itersiblings(preceding=True):
        if isinstance(node, etree._Comment) and _XML_DECLARATION.fullmatch(node.text or ""):
            text = node.text or ""
            updated = re.sub(
                r"""(\bencoding\s*=\s*)(["'])[^"']*\2""", r"\1\2UTF-8\2", text, count=1
            )
            return f"<{updated}>", f"<!--{text}-->"
    return None


#: Attributes libxml2 writes as URLs (percent-encoding spaces, line breaks and every
#: letter outside ASCII, dropping leading spaces), by element ("*": any element).
_URL_ATTRIBUTES = {"href": "*", "src": "*", "action": "*", "name": "a"}
#: What libxml2 writes unchanged in them.
_SAFE_URL = re.compile(r"[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]*")


#: The elements that may have one (compiled once: it is asked of every page written).
_URL_HOLDERS = etree.XPath("//*[@href or @src or @action or @name]")


@contextmanager
def _exact_urls(tree: etree._ElementTree) -> Iterator[Callable[[str], str]]:
    """Attributes that are not translated come out as they went in: the URL
    attributes libxml2 would rewrite are set aside under a stand-in while the page is
    written, and their own values put back in its text."""
    originals: dict[str, tuple[etree._Element, str, str]] = {}
    nonce = secrets.token_hex(8)
    for element in _URL_HOLDERS(tree.getroot()):
        for name, value in element.items():
            where = _URL_ATTRIBUTES.get(name.lower())
            if where not in ("*", element.tag.lower()) or _SAFE_URL.fullmatch(value):
                continue
            token = f"l10nrelease-{nonce}-{len(originals)}"
            originals[token] = (element, name, value)
            element.set(name, token)

    def restore(text: str) -> str:
        for token, (_element, _name, value) in originals.items():
            text = text.replace(f'"{token}"', f'"{_attribute_text(value)}"', 1)
        return text

    try:
        yield restore
    finally:
        for element, name, value in originals.values():
            element.set(name, value)


def _attribute_text(value: str) -> str:
    return (
        value.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;").replace(">", "&gt;")
    )


def _tag(element: etree._Element) -> str:
    return element.tag.lower() if isinstance(element.tag, str) else ""


def _translate_attribute(element: etree._Element) -> str:
    return (element.get("translate") or "").strip().lower()


def untranslated_elements(
    tree: etree._ElementTree, selectors: Sequence[str] = ()
) -> set[etree._Element]:
    """The elements the page says not to translate (``translate="no"``, HTML5) and
    those ``selectors`` match; an element that says ``translate="yes"`` never is."""
    root = tree.getroot()
    found = {
        element
        for element in root.xpath("//*[@translate]")
        if _translate_attribute(element) == "no"
    }
    for selector in selectors:
        found.update(
            element
            for element in _selector(selector)(root)
            if _translate_attribute(element) != "yes"
        )
    return found


@functools.lru_cache(maxsize=64)
def _selector(selector: str) -> CSSSelector:
    return CSSSelector(selector, translator="html")


class _Walker:
    """The slots of a document, in document order."""

    def __init__(self, tree: etree._ElementTree, selectors: Sequence[str]) -> None:
        self.untranslated = untranslated_elements(tree, selectors)
        self.slots: list[_Slot] = []

    def walk(self, element: etree._Element) -> None:
        tag = _tag(element)
        if not tag or tag in SKIPPED:
            return
        if element in self.untranslated:
            for child in element:
                self._translated_inside(child)
            return
        self._attribute_slots(element, self.slots)
        run = _Run(parent=element, owner=element)
        for child in element:
            if self.is_inline(child):
                run.children.append(child)
                continue
            self._run_slot(run)
            self.walk(child)
            run = _Run(parent=element, owner=child)
        self._run_slot(run)

    def _translated_inside(self, element: etree._Element) -> None:
        """Inside an element not to translate, the ones that say ``translate="yes"``."""
        if _tag(element) in SKIPPED or not _tag(element):
            return
        if _translate_attribute(element) == "yes":
            self.walk(element)
            return
        for child in element:
            self._translated_inside(child)

    def is_inline(self, element: etree._Element) -> bool:
        if not isinstance(element.tag, str):
            return True  # comments and processing instructions stay in the sentence
        tag = element.tag.lower()
        if tag in OPAQUE_INLINE:
            return True
        if tag not in INLINE:
            return False
        if element in self.untranslated:
            return True
        return not any(
            isinstance(child.tag, str) and not self.is_inline(child) for child in element
        )

    def _attribute_slots(self, element: etree._Element, slots: list[_Slot]) -> None:
        tag = element.tag.lower()
        names = list(ATTRIBUTES)
        if tag == "meta":
            key = (element.get("name") or element.get("property") or "").lower()
            # http-equiv content is an instruction to the browser (a redirect, a charset),
            # never text: a translator must not be able to set it.
            names = ["content"] if key in META_CONTENT and element.get("http-equiv") is None else []
        elif tag == "input" and (element.get("type") or "").lower() in {
            "submit",
            "button",
            "reset",
        }:
            names.append("value")
        for name in names:
            value = element.get(name)
            if value is None or not any(c.isalpha() for c in value):
                continue
            if len(value) > MAX_ATTRIBUTE_TEXT:
                raise SourceError(
                    f"the {name} attribute of <{tag}> is {len(value):,} characters long, not "
                    "text for a translator (pasted content or a broken export?); shorten it "
                    "in the CMS",
                    line=element.sourceline,  # the path is added by _slots
                )
            slots.append(
                _Slot(
                    kind="attribute",
                    line=element.sourceline or 1,
                    role=_attribute_role(element, tag, name),
                    element=element,
                    attribute=name,
                    tokens=[Text(escape_text(value))],
                )
            )

    def _run_slot(self, run: _Run) -> None:
        slot = _Slot(kind="run", line=1, role=run.parent.tag.lower(), run=run)
        nested: list[_Slot] = []
        text = run.slot_text()
        letters = any(c.isalpha() for c in text)
        if text:
            slot.tokens.append(Text(escape_text(text)))
        for child in run.children:
            letters = self._inline_tokens(child, slot, nested) or letters
            if child.tail:
                slot.tokens.append(Text(escape_text(child.tail)))
                letters = letters or any(c.isalpha() for c in child.tail)
        if letters:
            line = run.parent.sourceline if run.owner is run.parent else run.owner.sourceline
            slot.line = line or 1
            self.slots.append(slot)
        self.slots.extend(nested)

    def _inline_tokens(self, element: etree._Element, slot: _Slot, nested: list[_Slot]) -> bool:
        """Add the element's tokens to ``slot``; whether it holds a letter of text."""
        number = len(slot.elements) + 1
        slot.elements[number] = element
        tag = _tag(element)
        untranslated = element in self.untranslated
        if tag and not untranslated:
            self._attribute_slots(element, nested)
        if not tag or tag in OPAQUE_INLINE or untranslated:
            slot.tokens.append(Void(number))
            slot.voids.add(number)
            if tag in CODE_LIKE or (tag and untranslated):
                slot.keep.add(number)
            return False
        slot.tokens.append(Open(number))
        letters = False
        if element.text:
            slot.tokens.append(Text(escape_text(element.text)))
            letters = any(c.isalpha() for c in element.text)
        for child in element:
            letters = self._inline_tokens(child, slot, nested) or letters
            if child.tail:
                slot.tokens.append(Text(escape_text(child.tail)))
                letters = letters or any(c.isalpha() for c in child.tail)
        slot.tokens.append(Close(number))
        return letters


def _attribute_role(element: etree._Element, tag: str, name: str) -> str:
    if tag != "meta":
        return f"attribute {name} of <{tag}>"
    key = "name" if element.get("name") else "property"
    return f'<meta {key}="{element.get(key)}">'


def _slots(tree: etree._ElementTree, *, path: str, selectors: Sequence[str] = ()) -> list[_Slot]:
    walker = _Walker(tree, selectors)
    try:
        walker.walk(tree.getroot())
    except SourceError as exc:
        if exc.path:
            raise
        raise SourceError(exc.message, path=path, line=exc.line) from None
    except RecursionError:
        raise SourceError(
            "elements are nested too deeply to read; simplify the page's structure",
            path=path,
        ) from None
    return walker.slots


def _date(tree: etree._ElementTree) -> dt.date | None:
    """The publication date a page declares: its date meta, an element with an RDFa
    or microdata date (Drupal's ``property="dc:date"``, ``itemprop="datePublished"``),
    or the first ``<time datetime>``."""
    root = tree.getroot()
    candidates = [
        meta.get("content", "")
        for meta in root.iter("meta")
        if (meta.get("name") or meta.get("property") or "").lower() in _DATE_META
    ]
    candidates += [
        element.get("content") or element.get("datetime") or ""
        for element in root.xpath("//*[@property or @itemprop]")
        if _DATE_PROPERTIES & set((element.get("property") or "").lower().split())
        or (element.get("itemprop") or "").lower() in {"datepublished", "datecreated"}
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


def _tags(slot: _Slot) -> dict[int, str]:
    return {number: (_tag(element) or "comment") for number, element in slot.elements.items()}


def _refuse_decoded_control_characters(tree: etree._ElementTree, *, path: str) -> None:
    """A character reference to a control character (``&#8;``, ``&#x1;``) is one after
    parsing: refused as the character itself is, with the element's line."""
    for element in tree.iter():
        texts = [element.text, element.tail, *element.attrib.values()]
        found = next((m for t in texts if t and (m := CONTROL_RE.search(t))), None)
        if found:
            raise SourceError(
                f"a character reference stands for the control character "
                f"U+{ord(found.group(0)):04X} (&#{ord(found.group(0))};), which no web page "
                "may carry; delete it",
                path=path,
                line=element.sourceline,
            )


def parse(
    content: str,
    *,
    path: str,
    slug: str,
    mode: str = "sentence",
    abbreviations: tuple[str, ...] = (),
    untranslated: Sequence[str] = (),
) -> Release:
    """A page's text -> ``Release``; ``untranslated`` are CSS selectors of elements
    never to translate, besides code and ``translate="no"``; ``abbreviations`` the
    project's own, which do not end a sentence."""
    refuse_control_characters(content, path=path)
    tree = parse_document(content, path=path)
    _refuse_decoded_control_characters(tree, path=path)
    blocks: list[Block] = []
    dateline: Dateline | None = None
    slots = _slots(tree, path=path, selectors=untranslated)
    # The dateline opens one of the first paragraphs of the article: after its <h1>
    # (a CMS page has a site name and a tagline before it), or of the page.
    looking = not any(slot.role == "h1" for slot in slots)
    tries = _DATELINE_TRIES
    headline = ""
    for slot in slots:
        tags = _tags(slot)
        tokens = list(slot.tokens)
        parts: list[str | Unit] = []
        if looking and tries and slot.kind == "run" and slot.role in _DATELINE_ROLES:
            found = split_dateline(tokens, line=slot.line, tags=tags)
            tries = 0 if found else tries - 1
            if found:
                dateline, parts, tokens = found
        looking = looking or slot.role == "h1"
        split_mode = (
            "paragraph" if slot.kind == "attribute" or slot.role in {"title", "h1"} else mode
        )
        parts += units_from_pieces(
            split_block(tokens, mode=split_mode, abbreviations=abbreviations),
            role=slot.role,
            line=slot.line,
            tags=tags,
            keep=slot.keep,
        )
        block = Block(slot.kind, slot.line, tuple(parts))
        if not headline and slot.role in {"h1", "title"}:
            headline = _headline(block)
        blocks.append(block)
    _refuse_empty(blocks, headline, path=path)
    metadata = _metadata(tree, path)
    _remember(content, untranslated, tree, slots)
    if untranslated:
        metadata["untranslated"] = "\n".join(untranslated)  # reassembly walks the same way
    return Release(
        metadata=metadata,
        slug=slug,
        path=path,
        format="html",
        text=content,
        blocks=tuple(blocks),
        date=(dateline.date if dateline else None) or _date(tree),
        dateline=dateline,
        headline=headline,
    )


def _refuse_empty(blocks: Sequence[Block], headline: str, *, path: str) -> None:
    if not any(block.units() for block in blocks):
        raise SourceError("the page has no translatable text", path=path, line=1)
    if not headline:
        raise SourceError(
            "the page has no headline: give it a <title> or an <h1>", path=path, line=1
        )


def _headline(block: Block) -> str:
    """The first unit of a title or ``<h1>``; its text when it has none to translate
    (``v6.0.0``)."""
    units = list(block.units())
    return units[0].text if units else fold_space(plain(render_block(block, None)))


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


def reassemble(
    release: Release,
    translate: Callable[[Unit], str | None] | None,
    *,
    language: str | None = None,
    fallback_language: str | None = None,
    furniture: Furniture | None = None,
) -> str:
    """The source page with translated units swapped in; ``lang`` set when given.

    With ``fallback_language``, a unit left in the source language inside a block
    that is otherwise rebuilt is wrapped in ``<span lang="…">`` for screen readers
    and search engines (not in the ``<title>``, which shows text only).
    """
    furniture = furniture or Furniture(lang=language)
    return rebuild(
        release, translate, fallback_language=fallback_language, furniture=furniture
    ).text


def rebuild(
    release: Release,
    translate: Callable[[Unit], str | None] | None,
    *,
    fallback_language: str | None = None,
    furniture: Furniture | None = None,
) -> Page:
    """The page in another language: translations swapped in (see ``reassemble``),
    then its furniture: ``lang``, language versions, switcher, site-root URLs."""
    selectors = tuple(s for s in release.metadata.get("untranslated", "").split("\n") if s)
    if translate is None:
        tree = parse_document(release.text, path=release.path)
    else:
        tree, slots = _walked(release.text, path=release.path, selectors=selectors)
        _swap_in(slots, release, translate, fallback_language)
    notes = furnish(tree, furniture or Furniture())
    return Page(serialize(tree), tuple(notes))


#: The pages last read, parsed and walked (a page's text and selectors -> its tree
#: and slots, never changed): a build reads a release, then rebuilds its page in each
#: language from a copy of that tree, a copy libxml2 makes, instead of parsing and
#: walking the page again for each language.
_WALKED: dict[tuple[str, tuple[str, ...]], tuple[etree._ElementTree, list[_Slot]]] = {}
_WALKED_KEPT = 4


def _remember(
    content: str, selectors: Sequence[str], tree: etree._ElementTree, slots: list[_Slot]
) -> None:
    key = (content, tuple(s for s in selectors if s))
    _WALKED.pop(key, None)
    _WALKED[key] = (tree, slots)
    while len(_WALKED) > _WALKED_KEPT:
        del _WALKED[next(iter(_WALKED))]


def _walked(
    content: str, *, path: str, selectors: tuple[str, ...]
) -> tuple[etree._ElementTree, list[_Slot]]:
    """A tree of the page to change, and its slots: a copy of the one last read."""
    found = _WALKED.get((content, selectors))
    if found is None:
        tree = parse_document(content, path=path)
        slots = _slots(tree, path=path, selectors=selectors)
        _remember(content, selectors, tree, slots)
        found = (tree, slots)
    tree, slots = found
    twin = copy.deepcopy(tree)
    nodes = dict(zip(tree.getroot().iter(), twin.getroot().iter(), strict=True))
    return twin, [_twin_slot(slot, nodes) for slot in slots]


def _twin_slot(slot: _Slot, nodes: dict[etree._Element, etree._Element]) -> _Slot:
    """``slot`` in the copy of its tree (``nodes``: each element -> its copy)."""
    run = slot.run
    return _Slot(
        kind=slot.kind,
        line=slot.line,
        role=slot.role,
        run=None
        if run is None
        else _Run(nodes[run.parent], nodes[run.owner], [nodes[c] for c in run.children]),
        element=None if slot.element is None else nodes[slot.element],
        attribute=slot.attribute,
        tokens=slot.tokens,
        elements={number: nodes[element] for number, element in slot.elements.items()},
        voids=slot.voids,
        keep=slot.keep,
    )


def _swap_in(
    slots: list[_Slot],
    release: Release,
    translate: Callable[[Unit], str | None],
    fallback_language: str | None,
) -> None:
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
            slot.element.set(slot.attribute, unescape_text(render_block(block, chosen.get)))
            continue
        assert slot.run is not None
        marked = None if _tag(slot.run.parent) in TEXT_ONLY else fallback_language
        text, wrappers = _render_run(block, translations, marked)
        runs.append((slot, text, wrappers))
    # Runs last: rebuilding one copies its inline elements' attributes, which must
    # already be translated.
    for slot, text, wrappers in runs:
        _replace_run(slot, text, path=release.path, extra=wrappers)


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
    paired = [n for n in elements if n not in slot.voids]
    void = sorted(slot.voids)
    try:
        tokens = parse_markup(text, paired=paired, void=void)
    except MarkupError as exc:
        raise MarkupError(f"{exc.message} in «{text}»", path=path, line=slot.line) from None
    holder = etree.Element("holder")
    stack = [holder]
    for token in tokens:
        container = stack[-1]
        if isinstance(token, Text):
            value = unescape_text(token.value)
            if len(container):
                container[-1].tail = (container[-1].tail or "") + value
            else:
                container.text = (container.text or "") + value
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
