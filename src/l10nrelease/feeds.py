"""An Atom feed per language and a sitemap with every language's alternates.

Pure: the entries come from build's plans (only published pages), the text is returned.
The feed follows RFC 4287 (a feed's id, title, updated and author; each entry's id,
title, updated, link and summary), with ``xml:lang``; the sitemap follows sitemaps.org's
schema with Google's ``xhtml:link rel="alternate" hreflang`` for every published
language of a release, itself included, as search engines ask of multilingual sites.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol
from urllib.parse import urljoin

from lxml import etree

ATOM = "http://www.w3.org/2005/Atom"
SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML = "http://www.w3.org/1999/xhtml"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
#: How many of the newest releases a feed lists.
FEED_SIZE = 50


class _Dated(Protocol):
    @property
    def iso_date(self) -> str: ...
    @property
    def slug(self) -> str: ...


def feed_order(entry: _Dated) -> tuple[str, str]:
    """What orders a feed, newest first when reversed: the date, then the slug (one
    language's slugs are unique, so this is a total order)."""
    return entry.iso_date, entry.slug


@dataclass(frozen=True)
class FeedEntry:
    slug: str
    title: str
    summary: str
    iso_date: str  # the release's date, or "" (then the build's moment stands for it)
    href: str  # the page, relative to the feed's folder (``<slug>.html``)


def entry_id(project: str, language: str, slug: str) -> str:
    """A stable id for a release's page in one language: the same in every build, and
    another for every project, language and release (RFC 4287 4.2.6)."""
    return uuid.uuid5(uuid.NAMESPACE_URL, f"l10nrelease:{project}:{language}:{slug}").urn


def _stamp(iso_date: str, fallback: dt.datetime) -> str:
    if iso_date:
        return f"{iso_date}T00:00:00Z"
    return fallback.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def atom_feed(
    entries: Sequence[FeedEntry],
    *,
    project: str,
    language: str,
    title: str,
    now: dt.datetime,
    site_url: str = "",
) -> str:
    """The Atom feed of one language's published releases, newest first. Links are
    relative to the feed (``build/<lang>/feed.xml``), or absolute under ``site_url``."""
    newest = sorted(entries, key=feed_order, reverse=True)[:FEED_SIZE]
    base = urljoin(site_url, f"{language}/") if site_url else ""
    feed = etree.Element(f"{{{ATOM}}}feed", nsmap={None: ATOM})
    feed.set(XML_LANG, language)
    _text(feed, "id", entry_id(project, language, "feed"))
    _text(feed, "title", title)
    updated = max((_stamp(e.iso_date, now) for e in newest), default=_stamp("", now))
    _text(feed, "updated", updated)
    author = etree.SubElement(feed, f"{{{ATOM}}}author")
    _text(author, "name", project)
    etree.SubElement(feed, f"{{{ATOM}}}link", rel="self", href=base + "feed.xml")
    etree.SubElement(feed, f"{{{ATOM}}}link", rel="alternate", href=base + "index.html")
    _text(feed, "generator", "l10nrelease")
    for item in newest:
        entry = etree.SubElement(feed, f"{{{ATOM}}}entry")
        _text(entry, "id", entry_id(project, language, item.slug))
        _text(entry, "title", item.title)
        stamp = _stamp(item.iso_date, now)
        _text(entry, "published", stamp)
        _text(entry, "updated", stamp)
        etree.SubElement(
            entry, f"{{{ATOM}}}link", rel="alternate", type="text/html", href=base + item.href
        )
        if item.summary:
            _text(entry, "summary", item.summary)
    return _serialize(feed)


def sitemap(
    releases: Sequence[Mapping[str, str]], *, site_url: str, lastmod: Mapping[str, str]
) -> str:
    """The sitemap of every published page: one ``<url>`` per page, each listing the
    page's every published language (itself included) as an alternate. ``releases``
    holds, per release, its published pages by language (paths under the build
    folder, ``ru/<slug>.html``); ``lastmod`` the release's ISO date by path."""
    urlset = etree.Element(f"{{{SITEMAP}}}urlset", nsmap={None: SITEMAP, "xhtml": XHTML})
    for pages in releases:
        for path in pages.values():
            url = etree.SubElement(urlset, f"{{{SITEMAP}}}url")
            _text(url, "loc", urljoin(site_url, path), namespace=SITEMAP)
            if lastmod.get(path):
                _text(url, "lastmod", lastmod[path], namespace=SITEMAP)
            if len(pages) > 1:
                for language, other in pages.items():
                    etree.SubElement(
                        url,
                        f"{{{XHTML}}}link",
                        rel="alternate",
                        hreflang=language,
                        href=urljoin(site_url, other),
                    )
    return _serialize(urlset)


def _text(parent: etree._Element, name: str, text: str, *, namespace: str = ATOM) -> None:
    etree.SubElement(parent, f"{{{namespace}}}{name}").text = text


def _serialize(root: etree._Element) -> str:
    data: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    return data.decode("utf-8")
