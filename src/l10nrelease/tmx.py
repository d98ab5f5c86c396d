"""Translation memory <-> TMX 1.4b, so other CAT tools can use ours and we theirs.

Parsed with entity resolution, DTD loading and network access off; a file declaring
entities or an external DTD is refused before parsing.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from lxml import etree

from . import __version__
from .errors import L10nError
from .memory import MemoryUnit

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_DANGEROUS = re.compile(r"<!ENTITY|<!DOCTYPE[^>]*(?:SYSTEM|PUBLIC)", re.IGNORECASE)


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
                etree.SubElement(tuv, "seg").text = text
    data: bytes = etree.tostring(tmx, pretty_print=True, xml_declaration=True, encoding="UTF-8")
    return data.decode("utf-8")


def from_tmx(
    data: bytes, *, path: str, source_language: str, languages: Sequence[str]
) -> dict[str, list[MemoryUnit]]:
    head = data[:65536].decode("utf-8", errors="replace")
    danger = _DANGEROUS.search(head)
    if danger:
        raise TMXError(
            "the TMX file declares entities or an external DTD; l10nrelease refuses such "
            "files. Remove the <!DOCTYPE …> declaration",
            path=path,
            line=head.count("\n", 0, danger.start()) + 1,
        )
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    try:
        root = etree.fromstring(data, parser=parser)
    except etree.XMLSyntaxError as exc:
        raise TMXError(f"not well-formed XML: {exc.msg}", path=path, line=exc.lineno) from None
    info = root.getroottree().docinfo
    if info.internalDTD is not None or info.system_url:
        raise TMXError(
            "the TMX file declares entities or an external DTD; l10nrelease refuses such "
            "files. Remove the <!DOCTYPE …> declaration",
            path=path,
        )
    if root.tag != "tmx":
        raise TMXError(
            f"the root element is <{root.tag}>, not <tmx>", path=path, line=root.sourceline
        )
    body = root.find("body")
    if body is None:
        raise TMXError("the TMX file has no <body>", path=path, line=root.sourceline)
    header = root.find("header")
    srclang = (header.get("srclang") if header is not None else None) or source_language
    found: dict[str, list[MemoryUnit]] = {language: [] for language in languages}
    for tu in body.iter("tu"):
        segments: dict[str, str] = {}
        for tuv in tu.iter("tuv"):
            lang = (tuv.get(XML_LANG) or tuv.get("lang") or "").split("-")[0].lower()
            seg = tuv.find("seg")
            if not lang or seg is None:
                raise TMXError("a <tuv> without xml:lang or <seg>", path=path, line=tuv.sourceline)
            segments[lang] = "".join(seg.itertext()).strip()
        source = segments.get(srclang.split("-")[0].lower())
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
                    MemoryUnit(source, segments[language], origin or path.rsplit("/", 1)[-1])
                )
    return found
