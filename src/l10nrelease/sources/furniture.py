"""The furniture of a rebuilt CMS page: what a page in another language needs besides
its text. ``lang`` on ``<html>``, the charset declared as UTF-8, ``<link
rel="alternate" hreflang>`` to every published version, the link to the language's
Atom feed, the language switcher where the project says, and site-root URLs made
absolute for a preview from disk.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import lxml.html
from lxml import etree
from lxml.cssselect import CSSSelector


@dataclass(frozen=True)
class Version:
    """A published language version of the page."""

    language: str  # hreflang: a BCP 47 tag
    href: str


@dataclass(frozen=True)
class Furniture:
    """What ``furnish`` does to a page; the default changes nothing but the charset."""

    #: ``lang`` of ``<html>``; a region the page gives is kept for the same language
    #: (``en-US`` stays for ``en``)
    lang: str | None = None
    #: every published version of the page, this one included; alternates are written
    #: when there are two or more
    versions: tuple[Version, ...] = ()
    #: CSS selector of the element the switcher goes into (``[build] switcher``), and
    #: the switcher's markup
    switcher: str = ""
    switcher_html: str = ""
    #: the site's address: URLs from the site root (``/css/site.css``) are made
    #: absolute, so the page renders when opened from disk
    base_url: str = ""
    #: the language's Atom feed (``feed.xml``) and its title: linked from ``<head>``
    feed: str = ""
    feed_title: str = ""


def furnish(tree: etree._ElementTree, furniture: Furniture) -> list[str]:
    """Furnish the page; what could not be done, in words for build's summary."""
    root = tree.getroot()
    notes = []
    if furniture.lang:
        set_lang(root, furniture.lang)
    if len(furniture.versions) > 1:
        _alternates(root, furniture.versions)
        if furniture.switcher:
            found = CSSSelector(furniture.switcher, translator="html")(root)
            if found:
                found[0].append(lxml.html.fragment_fromstring(furniture.switcher_html))
            else:
                notes.append(
                    f"no element matches [build] switcher = {furniture.switcher!r}: "
                    "no language switcher"
                )
    if furniture.feed:
        _feed_link(root, furniture.feed, furniture.feed_title)
    if furniture.base_url:
        rebase(root, furniture.base_url)
    return notes


def set_lang(root: etree._Element, tag: str) -> None:
    """``lang`` (and ``xml:lang``, where the page has it) set to ``tag``, unless the
    page already names the same language with more detail (``en-US`` for ``en``)."""
    current = (root.get("lang") or "").strip()
    same = current.lower().split("-")[0] == tag.lower() and "-" not in tag
    value = current if same else tag
    root.set("lang", value)
    if root.get("xml:lang") is not None:
        root.set("xml:lang", value)


def _head(root: etree._Element) -> etree._Element:
    head = root.find("head")
    if head is None:
        head = etree.Element("head")
        root.insert(0, head)
    return head


def _alternates(root: etree._Element, versions: tuple[Version, ...]) -> None:
    """The source's own alternates point at the CMS's versions: ours replace them."""
    head = _head(root)
    for link in head.findall("link"):
        rel = (link.get("rel") or "").lower().split()
        if "alternate" in rel and link.get("hreflang") is not None:
            _remove(link)
    for version in versions:
        link = etree.SubElement(head, "link", rel="alternate", hreflang=version.language)
        link.set("href", version.href)
        link.tail = "\n"


def _feed_link(root: etree._Element, href: str, title: str) -> None:
    """``<link rel="alternate" type="application/atom+xml">`` to the language's feed,
    after the page's last ``<link>`` (or at the end of ``<head>``). The CMS's own feeds
    stay: they are the site's, and readers list every feed a page links."""
    head = _head(root)
    link = etree.Element("link", rel="alternate", type="application/atom+xml")
    link.set("href", href)
    if title:
        link.set("title", title)
    links = head.findall("link")
    if links:
        links[-1].addnext(link)
        link.tail, links[-1].tail = links[-1].tail, "\n"
    else:
        link.tail = "\n"
        head.append(link)


def _remove(element: etree._Element) -> None:
    """Remove an element, keeping its tail text in the document (white space only
    where there is none before it: the line the element stood on goes with it)."""
    parent = element.getparent()
    assert parent is not None
    previous = element.getprevious()
    before = previous.tail if previous is not None else parent.text
    if element.tail and (element.tail.strip() or not (before or "").isspace()):
        if previous is not None:
            previous.tail = (previous.tail or "") + element.tail
        else:
            parent.text = (parent.text or "") + element.tail
    parent.remove(element)


def declare_utf8(tree: etree._ElementTree) -> None:
    """The page's charset declaration says UTF-8 (added where it has none): pages are
    written in UTF-8, and a page opened from disk is read by its declaration."""
    root = tree.getroot()
    declared = False
    for meta in root.iter("meta"):
        charset = meta.get("charset")
        if charset is not None:
            declared = True
            if charset.strip().lower() not in {"utf-8", "utf8"}:
                meta.set("charset", "utf-8")
        elif (meta.get("http-equiv") or "").strip().lower() == "content-type":
            declared = True
            content = meta.get("content") or ""
            if not re.search(r"charset\s*=\s*[\"']?utf-?8\b", content, re.IGNORECASE):
                updated, count = _CHARSET.subn(lambda m: m.group(1) + "utf-8", content)
                meta.set("content", updated if count else content.rstrip("; ") + "; charset=utf-8")
    if not declared:
        meta = etree.Element("meta", charset="utf-8")
        head = _head(root)
        meta.tail = head.text
        head.insert(0, meta)


_CHARSET = re.compile(r"(charset\s*=\s*)[\"']?[A-Za-z0-9._:\-]+[\"']?", re.IGNORECASE)

#: Attributes that hold one URL, and ``srcset``, which holds several.
_URL_ATTRIBUTES = ("href", "src", "action", "poster", "data", "formaction", "background")
_SITE_ROOT = re.compile(r"^\s*/(?![/\\])")
_CSS_URL = re.compile(r"""(url\(\s*["']?|@import\s+["'])(/(?![/\\]))""", re.IGNORECASE)


def rebase(root: etree._Element, base_url: str) -> None:
    """URLs from the site root (``/css/site.css``) made absolute on ``base_url``, in
    attributes, ``srcset``, inline styles and ``<style>``; every other URL as it is."""
    base = base_url.rstrip("/")
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        for name in _URL_ATTRIBUTES:
            value = element.get(name)
            if value is not None and _SITE_ROOT.match(value):
                element.set(name, base + value.lstrip())
        srcset = element.get("srcset")
        if srcset is not None:
            element.set("srcset", _rebase_srcset(srcset, base))
        style = element.get("style")
        if style is not None and _CSS_URL.search(style):
            element.set("style", _rebase_css(style, base))
        if element.tag.lower() == "style" and element.text and _CSS_URL.search(element.text):
            element.text = _rebase_css(element.text, base)


def _rebase_css(css: str, base: str) -> str:
    return _CSS_URL.sub(lambda match: match.group(1) + base + match.group(2), css)


def _rebase_srcset(srcset: str, base: str) -> str:
    candidates = []
    for candidate in srcset.split(","):
        stripped = candidate.lstrip()
        indent = candidate[: len(candidate) - len(stripped)]
        if _SITE_ROOT.match(stripped):
            stripped = base + stripped
        candidates.append(indent + stripped)
    return ",".join(candidates)
