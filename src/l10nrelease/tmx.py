"""Translation memory <-> TMX 1.4b, so other CAT tools can use ours and we theirs.

Placeholders are TMX inline elements, which CAT tools protect: ``<1>`` is
``<bpt i="1" x="1">``, ``</1>`` its ``<ept i="1">``, ``<2/>`` a ``<ph x="2">``. Reading,
any tool's inline elements become placeholders again (numbered by ``x``, else by ``i``
or order); ``<hi>`` and ``<sub>`` keep their text.

Read by ``xmlsafe.parse_untrusted``: the ``<!DOCTYPE tmx SYSTEM "tmx14.dtd">`` that
translate-toolkit's ``po2tmx`` writes is fine (no DTD is loaded); entities and a DTD of
the file's own are refused.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from lxml import etree

from . import __version__
from .errors import L10nError
from .markup import Close, Open, Text, tokenize
from .memory import MemoryUnit
from .xmlsafe import parse_untrusted

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


class TMXError(L10nError):
    """A TMX file that cannot be read."""


def to_tmx(units: Mapping[str, Sequence[MemoryUnit]], *, source_language: str) -> str:
    """One <tu> per unit and language, with the release it came from as a <prop>."""
    tmx = etree.Element("tmx", version="1.4")
    etree.SubElement(
        tmx,
        "header",
        creationtool="l10nrelease",
        creationtoolversion=__version__,
        datatype="plaintext",
        segtype="sentence",
        adminlang="en",
        srclang=source_language,
        **{"o-tmf": "PO"},
    )
    body = etree.SubElement(tmx, "body")
    for language, items in sorted(units.items()):
        for unit in items:
            tu = etree.SubElement(body, "tu")
            etree.SubElement(tu, "prop", type="x-origin").text = unit.origin
            for lang, text in ((source_language, unit.source), (language, unit.target)):
                tuv = etree.SubElement(tu, "tuv", {XML_LANG: lang})
                _fill_segment(etree.SubElement(tuv, "seg"), text)
    data: bytes = etree.tostring(tmx, pretty_print=True, xml_declaration=True, encoding="UTF-8")
    return data.decode("utf-8")


def _fill_segment(seg: etree._Element, text: str) -> None:
    """``text`` with its placeholders as TMX inline elements."""
    last: etree._Element | None = None
    for token in tokenize(text):
        if isinstance(token, Text):
            if last is None:
                seg.text = (seg.text or "") + token.value
            else:
                last.tail = (last.tail or "") + token.value
            continue
        if isinstance(token, Open):
            last = etree.SubElement(seg, "bpt", i=str(token.number), x=str(token.number))
            last.text = f"<{token.number}>"
        elif isinstance(token, Close):
            last = etree.SubElement(seg, "ept", i=str(token.number))
            last.text = f"</{token.number}>"
        else:
            last = etree.SubElement(seg, "ph", x=str(token.number))
            last.text = f"<{token.number}/>"


def segment_text(seg: etree._Element) -> str:
    """A ``<seg>`` as placeholder text: inline elements become ``<n>``, ``</n>``, ``<n/>``."""
    out = [seg.text or ""]
    paired: dict[str, int] = {}  # i -> number
    counter = [0]

    def number(element: etree._Element) -> int:
        x = element.get("x")
        if x is not None and x.isdigit():
            return int(x)
        counter[0] += 1
        return counter[0]

    for child in seg:
        tag = etree.QName(child).localname if isinstance(child.tag, str) else ""
        if tag == "bpt":
            paired[child.get("i", "")] = number(child)
            out.append(f"<{paired[child.get('i', '')]}>")
        elif tag == "ept":
            closing = paired.pop(child.get("i", ""), None)
            out.append(f"</{closing}>" if closing is not None else "")
        elif tag in {"ph", "it", "ut"}:
            out.append(f"<{number(child)}/>")
        elif tag in {"hi", "sub"}:
            out.append("".join(child.itertext()))
        out.append(child.tail or "")
    return "".join(out).strip()


def from_tmx(
    data: bytes, *, path: str, source_language: str, languages: Sequence[str]
) -> dict[str, list[MemoryUnit]]:
    """The units of a TMX file in each of ``languages``; structural problems raise."""
    body, srclang = _body(data, path=path, source_language=source_language)
    found: dict[str, list[MemoryUnit]] = {language: [] for language in languages}
    origin_default = path.rsplit("/", 1)[-1]
    for tu in body.iter("tu"):
        segments = _segments(tu, path)
        source = segments.get(srclang)
        if source is None:
            raise TMXError(
                f"a <tu> without a segment in the source language '{srclang}'",
                path=path,
                line=tu.sourceline,
            )
        origin = next((p.text for p in tu.iter("prop") if p.get("type") == "x-origin"), None)
        for language in languages:
            if segments.get(language):
                found[language].append(
                    MemoryUnit(source, segments[language], origin or origin_default)
                )
    return found


def _body(data: bytes, *, path: str, source_language: str) -> tuple[etree._Element, str]:
    """The ``<body>`` of a TMX file, and its source language."""
    root = parse_untrusted(data, path=path, kind="TMX", error=TMXError)
    if root.tag != "tmx":
        local = etree.QName(root).localname
        hint = (
            " (a TBX glossary: import it with l10nrelease glossary import)"
            if local in {"martif", "tbx"}
            else ""
        )
        raise TMXError(
            f"the root element is <{root.tag}>, not <tmx>{hint}", path=path, line=root.sourceline
        )
    body = root.find("body")
    if body is None:
        raise TMXError("the TMX file has no <body>", path=path, line=root.sourceline)
    header = root.find("header")
    srclang = (header.get("srclang") if header is not None else None) or source_language
    return body, _language(srclang)


def _language(code: str) -> str:
    return code.replace("_", "-").split("-")[0].lower()


def _segments(tu: etree._Element, path: str) -> dict[str, str]:
    segments: dict[str, str] = {}
    for tuv in tu.iter("tuv"):
        lang = _language(tuv.get(XML_LANG) or tuv.get("lang") or "")
        seg = tuv.find("seg")
        if not lang or seg is None:
            raise TMXError("a <tuv> without xml:lang or <seg>", path=path, line=tuv.sourceline)
        segments[lang] = segment_text(seg)
    return segments
