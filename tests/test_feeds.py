"""Atom feeds (RFC 4287) and the sitemap (sitemaps.org, with hreflang alternates)."""

from __future__ import annotations

import datetime as dt

from lxml import etree

from l10nrelease.feeds import ATOM, SITEMAP, XHTML, FeedEntry, atom_feed, entry_id, sitemap

NOW = dt.datetime(2026, 12, 2, 10, 30, tzinfo=dt.UTC)
A = f"{{{ATOM}}}"


def _entries() -> list[FeedEntry]:
    return [
        FeedEntry(
            "2017-01-31-a",
            "Круглый стол «ОБСЕ»",
            "Офис программ & партнёры.",
            "2017-01-31",
            "2017-01-31-a.html",
        ),
        FeedEntry("2017-02-15-b", "Медиатренинг", "", "2017-02-15", "2017-02-15-b.html"),
    ]


def test_atom_feed_has_what_rfc_4287_requires() -> None:
    text = atom_feed(_entries(), project="OSCE", language="ru", title="Пресс-релизы", now=NOW)
    feed = etree.fromstring(text.encode("utf-8"))
    assert feed.tag == f"{A}feed"
    assert feed.get("{http://www.w3.org/XML/1998/namespace}lang") == "ru"
    for name in ("id", "title", "updated", "author"):
        assert len(feed.findall(f"{A}{name}")) == 1, name  # exactly one (4.1.1)
    assert feed.find(f"{A}author/{A}name").text == "OSCE"
    assert feed.find(f"{A}updated").text == "2017-02-15T00:00:00Z"  # the newest entry's
    assert feed.find(f"{A}link[@rel='self']").get("href") == "feed.xml"
    entries = feed.findall(f"{A}entry")
    assert [e.find(f"{A}title").text for e in entries] == ["Медиатренинг", "Круглый стол «ОБСЕ»"]
    for entry in entries:
        for name in ("id", "title", "updated"):
            assert len(entry.findall(f"{A}{name}")) == 1, name  # 4.1.2
        assert entry.find(f"{A}id").text.startswith("urn:uuid:")
        assert entry.find(f"{A}link[@rel='alternate']").get("href").endswith(".html")
    assert entries[1].find(f"{A}summary").text == "Офис программ & партнёры."
    assert entries[0].find(f"{A}summary") is None  # no empty summary
    # every id distinct, and the same in the next build
    ids = [e.find(f"{A}id").text for e in entries] + [feed.find(f"{A}id").text]
    assert len(set(ids)) == 3
    assert entry_id("OSCE", "ru", "2017-01-31-a") == entries[1].find(f"{A}id").text
    assert entry_id("OSCE", "kk", "2017-01-31-a") != entry_id("OSCE", "ru", "2017-01-31-a")


def test_atom_feed_with_a_site_url_links_absolutely() -> None:
    text = atom_feed(
        _entries(),
        project="OSCE",
        language="kk",
        title="x",
        now=NOW,
        site_url="https://ex.org/press/",
    )
    feed = etree.fromstring(text.encode("utf-8"))
    assert feed.find(f"{A}link[@rel='self']").get("href") == "https://ex.org/press/kk/feed.xml"
    hrefs = [e.find(f"{A}link").get("href") for e in feed.findall(f"{A}entry")]
    assert hrefs == [
        "https://ex.org/press/kk/2017-02-15-b.html",
        "https://ex.org/press/kk/2017-01-31-a.html",
    ]


def test_an_empty_feed_is_still_valid() -> None:
    feed = etree.fromstring(atom_feed([], project="P", language="kk", title="t", now=NOW).encode())
    assert feed.find(f"{A}updated").text == "2026-12-02T10:30:00Z"
    assert feed.findall(f"{A}entry") == []


def test_sitemap_lists_every_page_with_every_language() -> None:
    releases = [
        {"en": "en/a.html", "ru": "ru/a.html", "kk": "kk/a.html"},
        {"en": "en/b.html"},  # no translation published: no alternates
    ]
    text = sitemap(releases, site_url="https://ex.org/press/", lastmod={"en/a.html": "2017-01-31"})
    root = etree.fromstring(text.encode("utf-8"))
    assert root.tag == f"{{{SITEMAP}}}urlset"
    urls = root.findall(f"{{{SITEMAP}}}url")
    assert [u.find(f"{{{SITEMAP}}}loc").text for u in urls] == [
        "https://ex.org/press/en/a.html",
        "https://ex.org/press/ru/a.html",
        "https://ex.org/press/kk/a.html",
        "https://ex.org/press/en/b.html",
    ]
    for url in urls[:3]:
        links = url.findall(f"{{{XHTML}}}link")
        assert {(link.get("hreflang"), link.get("href")) for link in links} == {
            ("en", "https://ex.org/press/en/a.html"),
            ("ru", "https://ex.org/press/ru/a.html"),
            ("kk", "https://ex.org/press/kk/a.html"),
        }
    assert urls[3].findall(f"{{{XHTML}}}link") == []
    assert urls[0].find(f"{{{SITEMAP}}}lastmod").text == "2017-01-31"
    # sitemaps.org: a <url> holds loc first, and only loc, lastmod, changefreq, priority
    for url in urls:
        names = [
            etree.QName(child).localname for child in url if etree.QName(child).namespace == SITEMAP
        ]
        assert names[0] == "loc" and set(names) <= {"loc", "lastmod", "changefreq", "priority"}
