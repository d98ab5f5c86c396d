"""XML that comes from outside (TBX, TMX) -> an lxml tree, or an error naming the file.

The parser loads no DTD, touches no network and resolves no entity, so a file cannot make
it read a local file or expand without bound. A ``<!DOCTYPE … SYSTEM "….dtd">`` naming an
external DTD, as translate-toolkit (``po2tmx``, and Weblate through it) and CAT tools
write it, is accepted: the DTD is never read. Refused, before the parser sees them: a
DTD of the file's own (``<!DOCTYPE … [ … ]>``, where entities are declared); and after
parsing: an entity reference (its text is defined only in a DTD nobody reads) and an
XInclude element (it would pull in another file).
"""

from __future__ import annotations

import re

from lxml import etree

from .errors import L10nError

#: How much of a file's start is decoded to read its prolog (declaration, comments,
#: DOCTYPE): a prolog is short; what lies past this is checked after parsing.
PROLOG_LIMIT = 1 << 20
_LITERAL = r"(?:\"[^\"]*\"|'[^']*')"
_DOCTYPE = re.compile(
    rf"<!DOCTYPE\s+[^\s<>\[\]\"']+(?:\s+(?:SYSTEM\s+{_LITERAL}|PUBLIC\s+{_LITERAL}\s+{_LITERAL}))?\s*"
)
_XINCLUDE = ("http://www.w3.org/2001/XInclude", "http://www.w3.org/2003/XInclude")


def parse_untrusted(data: bytes, *, path: str, kind: str, error: type[L10nError]) -> etree._Element:
    """The root element of ``data``; ``error`` (with ``path`` and line) if it is not
    well-formed or holds what a file from outside must not (see the module's text)."""
    _check_prolog(data, path=path, kind=kind, error=error)
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
    )
    try:
        root = etree.fromstring(data, parser=parser)
    except etree.XMLSyntaxError as exc:
        raise error(f"not well-formed XML: {exc.msg}", path=path, line=exc.lineno or None) from None
    own_dtd = root.getroottree().docinfo.internalDTD
    if own_dtd is not None and (any(own_dtd.iterelements()) or any(own_dtd.iterentities())):
        raise error(_own_dtd_message(kind), path=path)  # a prolog past PROLOG_LIMIT
    for node in root.iter(etree.Entity):
        raise error(
            f"the {kind} file uses the entity {node.text}, which only a DTD defines and "
            "l10nrelease reads no DTD; write the character itself (or &#NNNN;)",
            path=path,
            line=node.sourceline,
        )
    for namespace in _XINCLUDE:
        for node in root.iter(f"{{{namespace}}}*"):
            raise error(
                f"the {kind} file has an XInclude element (<{etree.QName(node).localname}>), "
                "which would pull in another file; l10nrelease refuses such files. Remove it",
                path=path,
                line=node.sourceline,
            )
    return root


def _check_prolog(data: bytes, *, path: str, kind: str, error: type[L10nError]) -> None:
    """Refuse a DOCTYPE with a DTD of the file's own (or one that cannot be read),
    before the parser reads its declarations."""
    head = data[:PROLOG_LIMIT]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = head.decode("utf-16", errors="replace")
    else:
        text = head.decode("utf-8", errors="replace")
    at = 1 if text.startswith("\ufeff") else 0
    while True:
        while at < len(text) and text[at].isspace():
            at += 1
        closing = "?>" if text.startswith("<?", at) else "-->"
        if text.startswith(("<?", "<!--"), at):
            found = text.find(closing, at)
            if found < 0:
                return  # not closed: the parser says so
            end = found + len(closing)
        elif text.startswith("<!DOCTYPE", at):
            match = _DOCTYPE.match(text, at)
            if match is None or not text.startswith(">", match.end()):
                line = text.count("\n", 0, at) + 1
                if match is not None and text.startswith("[", match.end()):
                    raise error(_own_dtd_message(kind), path=path, line=line)
                raise error(
                    f"the {kind} file's <!DOCTYPE …> declaration is not one l10nrelease "
                    'reads (a root name, then SYSTEM "…" or PUBLIC "…" "…"); remove it',
                    path=path,
                    line=line,
                )
            end = match.end() + 1
        else:
            return  # the root element (or what the parser will call not well-formed)
        at = end


#: A DOCTYPE that only names a DTD, as each kind of file carries one.
_NAMED_DTD = {
    "TMX": '<!DOCTYPE tmx SYSTEM "tmx14.dtd">',
    "TBX": '<!DOCTYPE martif SYSTEM "TBXcoreStructV02.dtd">',
    "XLIFF": '<!DOCTYPE xliff PUBLIC "-//XLIFF//DTD XLIFF//EN" "xliff.dtd">',
}


def _own_dtd_message(kind: str) -> str:
    named = _NAMED_DTD.get(kind, '<!DOCTYPE x SYSTEM "x.dtd">')
    return (
        f"the {kind} file declares entities or a DTD of its own (<!DOCTYPE … [ … ]>); "
        "l10nrelease refuses such files (they can read local files or expand without "
        "bound). Remove the [ … ] part of the <!DOCTYPE …> declaration (a DOCTYPE that "
        f"only names a DTD, {named}, is fine)"
    )
