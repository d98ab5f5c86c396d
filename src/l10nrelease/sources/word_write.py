"""Translated units back into a Word document: each translated paragraph's runs
rebuilt from its placeholders (see ``word``), everything else left as it was.
"""

from __future__ import annotations

import copy
import io
from collections.abc import Callable, Iterator
from typing import Any

from lxml import etree

from ..errors import MarkupError
from ..markup import Open, Text, Token, Void, tokenize
from ..markup import parse as parse_markup
from ..model import Release, Unit
from .documents import pieces
from .word import (
    MARKER_ENDS,
    MARKER_STARTS,
    TRANSPARENT,
    XML_SPACE,
    Slot,
    Span,
    aligned,
    atoms_of,
    base_of,
    content_of,
    open_package,
    qn,
    shallow,
)


def reassemble(
    release: Release,
    translate: Callable[[Unit], str | None] | None,
    *,
    language: str,
    source_language: str = "en",
) -> bytes:
    """The source document with translated units swapped in, as ``.docx`` bytes.

    A paragraph none of whose units is translated is left as it is, byte for byte in
    its XML; the document's title (File > Properties) follows a translated headline.
    """
    if translate is None or language == source_language:
        return release.data
    document = open_package(release.data, path=release.path)
    slots = aligned(document, release)
    word_language = _word_language(language)
    headline = ""
    for slot, block in zip(slots, release.blocks, strict=True):
        units = list(block.units())
        translations = [translate(unit) for unit in units]
        if all(t is None for t in translations):
            continue
        segments = pieces(block, translations)
        _rebuild(slot, segments, word_language, path=release.path)
        if block.kind == "headline":
            headline = "".join(
                t.value for text, _ in segments for t in tokenize(text) if isinstance(t, Text)
            )
    properties = document.core_properties
    if headline and (properties.title or "").strip() == release.headline.strip():
        properties.title = headline.strip()
    output = io.BytesIO()
    document.save(output)
    return output.getvalue()


def _word_language(language: str) -> str:
    """``ru`` -> ``ru-RU``: the proofing language Word expects on a run."""
    from babel.core import get_global

    likely = str(get_global("likely_subtags").get(language, language))
    parts = likely.split("_")
    region = next((p for p in parts[1:] if p.isupper() and len(p) == 2), "")
    return f"{language}-{region}" if region else language


def _rebuild(slot: Slot, segments: list[tuple[str, bool]], language: str, *, path: str) -> None:
    spans = slot.spans
    text = "".join(value for value, _ in segments)
    paired = [n for n, s in spans.items() if s.kind != "void"]
    void = [n for n, s in spans.items() if s.kind == "void"]
    try:
        parse_markup(text, paired=paired, void=void)
    except MarkupError as exc:
        raise MarkupError(f"{exc.message} in «{text}»", path=path, line=slot.number) from None
    paragraph = slot.paragraph
    markers = list(_markers(paragraph))
    starts = [copy.deepcopy(c) for c in markers if c.tag in MARKER_STARTS]
    ends = [copy.deepcopy(c) for c in markers if c.tag in MARKER_ENDS]
    _key, base = base_of(atoms_of(paragraph))
    properties = paragraph.find(qn("pPr"))
    for child in list(paragraph):
        if child is not properties:
            paragraph.remove(child)
    paragraph.extend(starts)
    builder = _Builder(paragraph, base, language)
    for value, translated in segments:
        for token in tokenize(value):
            builder.add(token, spans, translated=translated)
    paragraph.extend(ends)


def _markers(parent: Any) -> Iterator[Any]:
    """Bookmarks and comment ranges, wherever the paragraph's text is read from."""
    for child in parent:
        if child.tag in MARKER_STARTS or child.tag in MARKER_ENDS:
            yield child
        elif child.tag in TRANSPARENT or child.tag in {qn("hyperlink"), qn("fldSimple")}:
            yield from _markers(child)
        elif child.tag == qn("sdt") and child.find(qn("sdtContent")) is not None:
            yield from _markers(child.find(qn("sdtContent")))


class _Builder:
    """Runs appended to a paragraph from placeholder tokens."""

    def __init__(self, paragraph: Any, base: Any, language: str) -> None:
        self.stack: list[tuple[Any, Any, Span | None]] = [(paragraph, base, None)]
        self.language = language

    def add(self, token: Token, spans: dict[int, Span], *, translated: bool) -> None:
        parent, rpr, _span = self.stack[-1]
        if isinstance(token, Text):
            self._text(parent, rpr, token.value, translated)
        elif isinstance(token, Void):
            parent.extend(copy.deepcopy(e) for e in spans[token.number].before)
        elif isinstance(token, Open):
            span = spans[token.number]
            if span.kind == "format":
                self.stack.append((parent, span.rpr, span))
            elif span.kind == "field":
                parent.extend(copy.deepcopy(e) for e in span.before)
                self.stack.append((parent, span.rpr if span.rpr is not None else rpr, span))
            else:
                element = shallow(span.element)
                parent.append(element)
                inner = span.rpr if span.rpr is not None else rpr
                self.stack.append((content_of(element), inner, span))
        else:
            closed = self.stack.pop()[2]
            if closed is not None and closed.kind == "field":
                parent.extend(copy.deepcopy(e) for e in closed.after)

    def _text(self, parent: Any, rpr: Any, value: str, translated: bool) -> None:
        if not value:
            return
        run = etree.SubElement(parent, qn("r"))
        if rpr is not None:
            run.append(copy.deepcopy(rpr))
        if translated:
            _set_language(run, self.language)
        for index, piece in enumerate(value.replace("\r", "").split("\n")):
            if index:
                etree.SubElement(run, qn("br"))
            for number, chunk in enumerate(piece.split("\t")):
                if number:
                    etree.SubElement(run, qn("tab"))
                if chunk:
                    text = etree.SubElement(run, qn("t"))
                    text.text = chunk
                    if chunk != chunk.strip():
                        text.set(XML_SPACE, "preserve")


#: Where ``w:lang`` goes among a run's properties (the schema's order).
_AFTER_LANG = frozenset(qn(n) for n in ("eastAsianLayout", "specVanish", "oMath", "rPrChange"))


def _set_language(run: Any, language: str) -> None:
    rpr = run.find(qn("rPr"))
    if rpr is None:
        rpr = etree.Element(qn("rPr"))
        run.insert(0, rpr)
    lang = rpr.find(qn("lang"))
    if lang is None:
        lang = etree.Element(qn("lang"))
        later = next((i for i, c in enumerate(rpr) if c.tag in _AFTER_LANG), len(rpr))
        rpr.insert(later, lang)
    lang.set(qn("val"), language)
