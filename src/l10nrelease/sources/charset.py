"""The bytes of an HTML page -> its text, decoded as the page declares.

A byte order mark comes first, then the XML declaration (``<?xml … encoding="…"?>``),
then a ``<meta charset>`` or ``<meta http-equiv="Content-Type">`` in the head, as a
browser reads them. A page that declares nothing must be UTF-8; one that is not is
refused with the line of the first byte that is not, and how to declare its charset.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from ..errors import SourceError

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_XML_DECLARATION = re.compile(
    rb"\A\s*<\?xml\s[^>]*?\bencoding\s*=\s*[\"']\s*([A-Za-z0-9._:\-]+)\s*[\"']", re.IGNORECASE
)
_META = re.compile(rb"<meta\b[^>]*>", re.IGNORECASE)
_META_CHARSET = re.compile(rb"\bcharset\s*=\s*[\"']?\s*([A-Za-z0-9._:\-]+)", re.IGNORECASE)
_HTTP_EQUIV = re.compile(rb"\bhttp-equiv\s*=\s*[\"']?\s*content-type", re.IGNORECASE)
_CHARSET_ATTRIBUTE = re.compile(rb"(?:^|[\s\"'/])charset\s*=", re.IGNORECASE)
_HEAD_END = re.compile(rb"</head\s*>|<body[\s>]", re.IGNORECASE)
#: How far into a page its charset is looked for when the head does not end sooner
#: (browsers look at the first 1,024 bytes; CMS pages put long scripts before it).
_PRESCAN = 256 * 1024
#: Labels browsers read as another encoding (the WHATWG Encoding Standard): a page
#: that says ISO-8859-1 is shown as windows-1252, which Python knows as cp1252.
_BROWSER_LABELS = {
    "iso-8859-1": "cp1252",
    "iso8859-1": "cp1252",
    "latin1": "cp1252",
    "latin-1": "cp1252",
    "l1": "cp1252",
    "ascii": "cp1252",
    "us-ascii": "cp1252",
    "cp819": "cp1252",
    "ibm819": "cp1252",
    "iso-8859-9": "cp1254",
    "latin5": "cp1254",
    "iso-8859-11": "cp874",
    "tis-620": "cp874",
    # A meta that says UTF-16 in a page without a BOM is read as UTF-8 (the meta
    # itself could not be read otherwise).
    "utf-16": "utf-8",
    "utf-16le": "utf-8",
    "utf-16be": "utf-8",
    "x-user-defined": "cp1252",
}


@dataclass(frozen=True)
class Declaration:
    """Where a page says what its charset is."""

    label: str  # as written: "windows-1251"
    codec: str  # Python's name: "cp1251"
    where: str  # "a byte order mark", "the XML declaration", "<meta charset>"
    line: int


def declared_charset(data: bytes, *, path: str) -> Declaration | None:
    """The charset ``data`` declares, or None when it declares none."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return Declaration(codec, codec, "a byte order mark", 1)
    found = _XML_DECLARATION.match(data)
    if found:
        return _declaration(found.group(1), "the XML declaration", 1, path=path)
    head = data[:_PRESCAN]
    end = _HEAD_END.search(head)
    if end:
        head = head[: end.start()]
    for meta in _META.finditer(head):
        tag = meta.group(0)
        charset = _META_CHARSET.search(tag)
        if charset is None:
            continue
        if _CHARSET_ATTRIBUTE.search(tag):
            where = "<meta charset>"
        elif _HTTP_EQUIV.search(tag):
            where = '<meta http-equiv="Content-Type">'
        else:
            continue  # a charset= inside some other meta's content
        line = data.count(b"\n", 0, meta.start()) + 1
        return _declaration(charset.group(1), where, line, path=path)
    return None


def _declaration(raw: bytes, where: str, line: int, *, path: str) -> Declaration:
    label = raw.decode("ascii").strip()
    codec = _BROWSER_LABELS.get(label.lower())
    if codec is None:
        try:
            codec = codecs.lookup(label).name
        except LookupError:
            raise SourceError(
                f"{where} declares the charset '{label}', which is not an encoding this "
                "tool knows; correct it (utf-8, windows-1251, iso-8859-1, …)",
                path=path,
                line=line,
            ) from None
    return Declaration(label, codec, where, line)


def decode_html(data: bytes, *, path: str) -> str:
    """The text of an HTML page, decoded as it declares (without its BOM).

    >>> decode_html('<meta charset="windows-1251"><p>Тест'.encode("cp1251"), path="x")
    '<meta charset="windows-1251"><p>Тест'
    >>> decode_html(b"\\xef\\xbb\\xbf<p>Caf\\xc3\\xa9", path="x")
    '<p>Café'
    """
    declared = declared_charset(data, path=path)
    if declared is None:
        return _decode(data, "utf-8", path=path, declared=None)
    for bom, _codec in _BOMS:
        if declared.where == "a byte order mark" and data.startswith(bom):
            data = data[len(bom) :]
            break
    return _decode(data, declared.codec, path=path, declared=declared)


def _decode(data: bytes, codec: str, *, path: str, declared: Declaration | None) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError as exc:
        if codec == "cp1252":
            # Browsers map the five bytes windows-1252 leaves undefined to C1 controls.
            return data.decode("latin-1")
        line = data.count(b"\n", 0, exc.start) + 1
        byte = f"byte 0x{data[exc.start]:02x}"
        if declared is None:
            raise SourceError(
                f"not valid UTF-8 ({byte}) and the page declares no other charset; if it "
                'is in another one, declare it in its <head> (<meta charset="windows-1251">, '
                "or the page's own), or save the page as UTF-8",
                path=path,
                line=line,
            ) from None
        raise SourceError(
            f"not valid {declared.label} ({byte}), the charset {declared.where} on line "
            f"{declared.line} declares; correct the declaration to the page's real charset, "
            "or save the page in the declared one",
            path=path,
            line=line,
        ) from None
