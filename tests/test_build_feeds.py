"""Feeds and the sitemap as build writes them: from exactly the pages it publishes, with
summaries, linked from every page's head; and the summary a feed gives each page."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from urllib.parse import urljoin

import lxml.html
import pytest
from lxml import etree

from l10nrelease.assemble import SUMMARY_LENGTH, summary
from l10nrelease.feeds import ATOM, SITEMAP, XHTML
from l10nrelease.pofile import parse_catalog
from l10nrelease.publish import PagePlan
from l10nrelease.sources import read_release

from .conftest import DATA, SAMPLE_SLUG, run_cli, snapshot

SITE = "https://www.example.org/press/"
A = f"{{{ATOM}}}"
S = f"{{{SITEMAP}}}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
#: A second release, the sample's text under another name: published in English and
#: Russian (its Russian PO file is the sample's), skipped in Kazakh (not translated).
SECOND = "2017-01-31-second-release"


@pytest.fixture
def site(project: Path) -> Path:
    config = project / "l10nrelease.toml"
    config.write_text(config.read_text() + f'\n[build]\nsite_url = "{SITE}"\n')
    shutil.copy(project / "sources" / f"{SAMPLE_SLUG}.txt", project / "sources" / f"{SECOND}.txt")
    shutil.copy(
        project / "locales" / "ru" / f"{SAMPLE_SLUG}.po",
        project / "locales" / "ru" / f"{SECOND}.po",
    )
    assert run_cli("extract", cwd=project).returncode == 0
    result = run_cli("build", cwd=project)
    assert result.returncode == 0, result.stdout + result.stderr
    kk = next(line for line in result.stdout.splitlines() if line.split()[:2] == [SECOND, "kk"])
    assert "skipped: 11 of 12 units not reviewed" in kk  # as the fixture wants
    return project


PUBLISHED = {
    SAMPLE_SLUG: ("en", "ru", "kk"),
    SECOND: ("en", "ru"),
}


def _feed(project: Path, language: str) -> etree._Element:
    return etree.fromstring((project / "build" / language / "feed.xml").read_bytes())


def _build_path(project: Path, url: str) -> Path:
    assert url.startswith(SITE), url
    return project / "build" / url[len(SITE) :]


def test_each_language_feed_lists_exactly_its_published_pages(site: Path) -> None:
    for language in ("en", "ru", "kk"):
        feed = _feed(site, language)
        assert feed.tag == f"{A}feed" and feed.get(XML_LANG) == language
        for name in ("id", "title", "updated", "author"):
            assert len(feed.findall(f"{A}{name}")) == 1, name  # RFC 4287 4.1.1
        assert feed.find(f"{A}link[@rel='self']").get("href") == f"{SITE}{language}/feed.xml"
        entries = feed.findall(f"{A}entry")
        slugs = []
        for entry in entries:
            for name in ("id", "title", "updated"):
                assert len(entry.findall(f"{A}{name}")) == 1, name  # 4.1.2
            page = _build_path(site, entry.find(f"{A}link[@rel='alternate']").get("href"))
            assert page.is_file() and page.parent.name == language
            slugs.append(page.stem)
            doc = lxml.html.parse(str(page)).getroot()
            assert entry.findtext(f"{A}title") == doc.findtext(".//title")
            assert entry.findtext(f"{A}updated") == "2017-01-31T00:00:00Z"
        assert sorted(slugs) == sorted(s for s, langs in PUBLISHED.items() if language in langs)
        ids = [e.findtext(f"{A}id") for e in entries] + [feed.findtext(f"{A}id")]
        assert len(set(ids)) == len(ids)
    # The skipped Kazakh page is in no feed, under no name.
    assert SECOND not in (site / "build" / "kk" / "feed.xml").read_text()


def test_a_feed_summary_is_the_first_paragraph_as_the_page_shows_it(site: Path) -> None:
    catalog = parse_catalog(
        (site / "locales" / "kk" / f"{SAMPLE_SLUG}.po").read_text(encoding="utf-8"), path="x"
    )
    sentences = [e.msgstr for e in catalog.active() if e.msgctxt != "dateline"][1:]  # no headline
    text = _feed(site, "kk").findtext(f"{A}entry/{A}summary")
    # The first paragraph, the dateline left out: its first unit (two sentences in the
    # translation) is longer than 300 characters, so it is cut after its first sentence.
    assert len(sentences[0]) > SUMMARY_LENGTH >= len(text)
    assert sentences[0].startswith(text) and text.endswith("тақырыбы болды.")
    page = lxml.html.parse(str(site / "build" / "kk" / f"{SAMPLE_SLUG}.html")).getroot()
    first = page.find(".//article/p").text_content()
    assert text.rstrip("…") in first


def test_the_sitemap_lists_every_published_page_with_its_alternates(site: Path) -> None:
    root = etree.fromstring((site / "build" / "sitemap.xml").read_bytes())
    assert root.tag == f"{S}urlset"
    urls = root.findall(f"{S}url")
    locs = [url.findtext(f"{S}loc") for url in urls]
    assert sorted(locs) == sorted(
        f"{SITE}{lang}/{slug}.html" for slug, langs in PUBLISHED.items() for lang in langs
    )
    assert f"{SITE}kk/{SECOND}.html" not in (site / "build" / "sitemap.xml").read_text()
    for url in urls:
        loc = url.findtext(f"{S}loc")
        page = _build_path(site, loc)
        assert page.is_file()
        names = [etree.QName(c).localname for c in url if etree.QName(c).namespace == SITEMAP]
        assert names[0] == "loc" and set(names) <= {"loc", "lastmod", "changefreq", "priority"}
        assert url.findtext(f"{S}lastmod") == "2017-01-31"
        alternates = {
            (link.get("rel"), link.get("hreflang"), link.get("href"))
            for link in url.findall(f"{{{XHTML}}}link")
        }
        slug = page.stem
        assert alternates == {
            ("alternate", lang, f"{SITE}{lang}/{slug}.html") for lang in PUBLISHED[slug]
        }
        # The page's own alternates say the same (relative to the page).
        doc = lxml.html.parse(str(page)).getroot()
        own = {
            (link.get("hreflang"), urljoin(loc, link.get("href")))
            for link in doc.iter("link")
            if link.get("hreflang")
        }
        assert own == {(lang, href) for _, lang, href in alternates}


def test_every_page_and_index_links_its_language_feed(site: Path) -> None:
    build = site / "build"
    pages = sorted(build.rglob("*.html"))
    assert len(pages) == 5 + 3 + 1  # the published pages, the indexes, the root index
    for page in pages:
        doc = lxml.html.parse(str(page)).getroot()
        links = doc.xpath("/html/head/link[@rel='alternate'][@type='application/atom+xml']")
        assert len(links) == 1, page
        feed = (page.parent / links[0].get("href")).resolve()
        language = doc.get("lang")
        assert feed == (build / language / "feed.xml").resolve(), page
        assert links[0].get("title") == _feed(site, language).findtext(f"{A}title")
    assert _feed(site, "kk").findtext(f"{A}title") == "Баспасөз релиздері"


def test_a_cms_page_links_its_feed_after_its_alternates(project: Path) -> None:
    slug = "2018-04-05-wordpress-un-women-almaty"
    shutil.copy(DATA / "pages" / f"{slug}.html", project / "sources")
    assert run_cli("extract", cwd=project).returncode == 0
    assert run_cli("build", "--allow-incomplete", cwd=project).returncode == 0
    doc = lxml.html.parse(str(project / "build" / "ru" / f"{slug}.html")).getroot()
    links = doc.xpath("/html/head/link")
    ours = [link for link in links if link.get("type") == "application/atom+xml"]
    assert [(link.get("href"), link.get("title")) for link in ours] == [
        ("feed.xml", "Пресс-релизы")
    ]
    assert doc.xpath("//link[@type='application/rss+xml']")  # the CMS's own feed stays
    # The feed gives the page's meta description (as the page shows it: in English here,
    # not the site's tagline that stands before the <h1>).
    summary_text = _feed(project, "ru").xpath(
        "a:entry[a:link[contains(@href, $slug)]]/a:summary/text()",
        namespaces={"a": ATOM},
        slug=slug,
    )
    assert summary_text == [
        "A new crisis centre for survivors of domestic violence opened in Almaty on "
        "5 April 2018 with $12.5\u00a0million from the European Union."
    ]


def test_a_rerun_with_no_change_writes_nothing(site: Path) -> None:
    before = snapshot(site / "build")
    again = run_cli("build", cwd=site)
    assert again.returncode == 0 and "0 file(s) written" in again.stdout
    assert snapshot(site / "build") == before
    partial = run_cli("build", "--lang", "kk", cwd=site)
    assert partial.returncode == 0 and "0 file(s) written" in partial.stdout, partial.stdout
    assert snapshot(site / "build") == before
    # A changed translation rewrites its page, the feed and nothing else of the sitemap.
    path = site / "locales" / "kk" / f"{SAMPLE_SLUG}.po"
    path.write_text(
        path.read_text(encoding="utf-8").replace("бірлесіп ұйымдастырды", "бірлесіп өткізді", 1),
        encoding="utf-8",
    )
    changed = run_cli("build", "-v", cwd=site)
    assert changed.returncode == 0, changed.stdout + changed.stderr
    after = snapshot(site / "build")
    assert {name for name in after if after[name] != before[name]} == {
        f"kk/{SAMPLE_SLUG}.html",
        "kk/index.html",
        "kk/feed.xml",
    }


def test_a_language_with_nothing_published_has_an_empty_feed_that_stays(
    project: Path,
) -> None:
    _blank_first_translation(project / "locales" / "kk" / f"{SAMPLE_SLUG}.po")
    assert run_cli("build", cwd=project).returncode == 0
    feed = _feed(project, "kk")
    assert feed.findall(f"{A}entry") == []
    assert feed.findtext(f"{A}updated") == "2017-01-31T00:00:00Z"  # the newest release's
    before = snapshot(project / "build")
    for options in (("--lang", "ru"), ("--lang", "kk"), ("--force",)):
        again = run_cli("build", *options, cwd=project)
        assert "0 file(s) written" in again.stdout, (options, again.stdout)
    assert snapshot(project / "build") == before


def _blank_first_translation(path: Path) -> None:
    import polib

    po = polib.pofile(str(path))
    next(entry for entry in po if entry.msgid.startswith("OSCE co-hosts")).msgstr = ""
    po.save(str(path))


def test_without_a_site_url_no_sitemap_and_one_note(site: Path) -> None:
    assert (site / "build" / "sitemap.xml").is_file()
    config = site / "l10nrelease.toml"
    config.write_text(config.read_text().replace(f'site_url = "{SITE}"', ""))
    result = run_cli("build", cwd=site)
    assert result.returncode == 0
    assert not (site / "build" / "sitemap.xml").exists()  # the old one removed
    notes = [line for line in result.stdout.splitlines() if "sitemap" in line]
    assert notes == [
        "no sitemap.xml: it needs the site's address; set [build] site_url = "
        '"https://…/" (where the build folder is published) in l10nrelease.toml'
    ]
    # Feeds link relatively without it.
    feed = _feed(site, "ru")
    assert feed.find(f"{A}link[@rel='self']").get("href") == "feed.xml"
    assert feed.find(f"{A}entry/{A}link").get("href").endswith(".html")


# ---------------------------------------------------------------- summaries


def _plan(release, language: str = "ru", choices=None) -> PagePlan:  # type: ignore[no-untyped-def]
    return PagePlan(slug=release.slug, language=language, total=0, choices=choices or {})


def test_the_summary_is_the_meta_description_when_the_page_has_one(tmp_path: Path) -> None:
    release = read_release(DATA / "pages" / "2020-09-15-hugo-open-data-portal.html", root=DATA)
    assert summary(release, _plan(release), source_language="en") == (
        "The open data portal now publishes 1,200 data sets through a public API."
    )
    described = next(u for u in release.units() if u.role == '<meta name="description">')
    translated = _plan(release, choices={described.key: "Портал открытых данных &amp; API."})
    assert summary(release, translated, source_language="en") == ("Портал открытых данных & API.")


def test_without_one_it_is_the_articles_first_paragraph(tmp_path: Path) -> None:
    page = tmp_path / "2020-01-01-x.html"
    sentence = "The delegation visited the border posts of the region."
    long = " ".join([sentence] * 8)
    page.write_text(
        "<html><head><title>T</title></head><body><p>Site tagline.</p><h1>Headline</h1>"
        "<p><b>ALMATY, 1 January 2020 –</b> First sentence here. Second <em>one</em> "
        f"here.</p><p>{long}</p></body></html>"
    )
    release = read_release(page, root=tmp_path)
    assert summary(release, _plan(release), source_language="en") == (
        "First sentence here. Second one here."
    )
    # Whole sentences up to about 300 characters; a longer first one cut at a word.
    page.write_text(f"<html><body><h1>H</h1><p>{long}</p></body></html>")
    release = read_release(page, root=tmp_path)
    text = summary(release, _plan(release), source_language="en")
    assert len(text) <= SUMMARY_LENGTH and text.endswith("region.")
    assert text == " ".join([sentence] * ((SUMMARY_LENGTH + 1) // (len(sentence) + 1)))
    # A translator may write one unit as two sentences: cut after the first.
    first = next(u for u in release.units() if u.role.startswith("p"))
    two = "Делегация" + " шекара" * 30 + ". Содан кейін" + " бекет" * 30 + "."
    translated = _plan(release, choices={first.key: two})
    assert summary(release, translated, source_language="en") == (
        "Делегация" + " шекара" * 30 + "."
    )
    one = "Word " * 100 + "end."
    page.write_text(f"<html><body><h1>H</h1><p>{one}</p></body></html>")
    release = read_release(page, root=tmp_path)
    text = summary(release, _plan(release), source_language="en")
    assert text.endswith("Word…") and len(text) <= SUMMARY_LENGTH


def test_a_markdown_release_gives_its_front_matter_description(tmp_path: Path) -> None:
    path = tmp_path / "2020-01-01-md.md"
    path.write_text(
        "---\ntitle: A headline\ndate: 2020-01-01\ndescription: What the release says.\n"
        "---\n\nASTANA, 1 January 2020 – The body. More body.\n"
    )
    release = read_release(path, root=tmp_path)
    assert summary(release, _plan(release), source_language="en") == "What the release says."
    assert release.date == dt.date(2020, 1, 1)


def test_a_feed_of_more_releases_than_it_lists_keeps_the_newest_with_summaries(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A build holds every release's index line without its summary and keeps aside
    only each feed's newest: with room for one, the feed lists the newest release
    (by date, then slug), summary and all, as the whole list sorted would."""
    from l10nrelease import feeds
    from l10nrelease.project import open_project, pages
    from l10nrelease.project.build import build

    before = {lang: _feed(site, lang) for lang in ("en", "ru")}
    monkeypatch.setattr(feeds, "FEED_SIZE", 1)
    monkeypatch.setattr(pages, "FEED_SIZE", 1)
    shutil.rmtree(site / "build")
    build(open_project(site))
    for language, old in before.items():
        (entry,) = _feed(site, language).findall(f"{A}entry")
        newest = max(
            old.findall(f"{A}entry"),
            key=lambda e: (
                e.findtext(f"{A}published"),
                e.find(f"{A}link[@rel='alternate']").get("href"),
            ),
        )
        assert etree.tostring(entry, with_tail=False) == etree.tostring(newest, with_tail=False)
        assert entry.findtext(f"{A}summary")
