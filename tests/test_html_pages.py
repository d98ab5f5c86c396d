"""Pages as CMSs and static site generators write them, through extract and build.

``tests/data/pages/`` holds pages written for these tests in the shapes of WordPress,
Drupal 7, Hugo and Jekyll output, an XHTML page with an XML declaration, pages in
ISO-8859-1 (in fact windows-1252, as browsers read it) and windows-1251 declared by a
meta, a page with a BOM, pages with entity-escaped markup, no-break spaces, odd links,
code and ``translate="no"``; and three documentation pages from this machine's
/usr/share/doc (see its README). Each is extracted and built with no translation:
every page, in every language, must have the source's text, element tree, attributes
and script and style code (our fallback markers, alternates and charset aside).
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import lxml.html
import pytest
from lxml import etree

from .conftest import DATA, ROOT, run_cli

PAGES = DATA / "pages"
#: How each page is decoded, as a browser decodes it (independently of our reader).
ENCODINGS = {
    "2015-09-01-windows-1251-library": "cp1251",
    "2016-11-21-iso-8859-1-swiss-cafe": "cp1252",
    "2016-11-24-bom-eu-dialogue": "utf-8-sig",
}
SLUGS = sorted(path.stem for path in PAGES.glob("*.html"))
LANGUAGES = ("en", "ru", "kk")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project with every page of the corpus, extracted and built untranslated."""
    project = tmp_path_factory.mktemp("pages") / "project"
    project.mkdir()
    for name in ("l10nrelease.toml", "spelling.txt"):
        shutil.copy(ROOT / name, project)
    # No names: the datelines' cities stay untranslated too (the glossary would give them).
    header = (ROOT / "glossary.csv").read_text(encoding="utf-8").splitlines()[0]
    (project / "glossary.csv").write_text(header + "\n", encoding="utf-8")
    shutil.copytree(PAGES, project / "sources", ignore=shutil.ignore_patterns("README*"))
    extract = run_cli("extract", cwd=project)
    assert extract.returncode == 0, extract.stderr
    build = run_cli("build", "--allow-incomplete", cwd=project)
    assert build.returncode == 0, build.stderr
    return project


def _source_tree(slug: str) -> etree._ElementTree:
    raw = (PAGES / f"{slug}.html").read_bytes()
    text = raw.decode(ENCODINGS.get(slug, "utf-8"))
    parser = lxml.html.HTMLParser(remove_comments=False, remove_pis=False, encoding="utf-8")
    return lxml.html.document_fromstring(text.encode("utf-8"), parser=parser).getroottree()


def _built_tree(project: Path, language: str, slug: str) -> etree._ElementTree:
    raw = (project / "build" / language / f"{slug}.html").read_bytes()
    parser = lxml.html.HTMLParser(remove_comments=False, remove_pis=False, encoding="utf-8")
    return lxml.html.document_fromstring(raw, parser=parser).getroottree()


def _normalized(tree: etree._ElementTree, *, source: str = "en") -> list[tuple[object, ...]]:
    """Every node in document order, as (kind, tag, attributes, text, tail), with what
    build adds or updates taken out: fallback ``<span lang="en">`` markers (unwrapped),
    hreflang alternates, the link to the language's feed, the charset declaration,
    ``lang`` on the root."""
    root = tree.getroot()
    for span in root.xpath(f"//span[@lang='{source}'][count(@*)=1]"):
        _unwrap(span)
    for link in root.xpath("//link[@hreflang][contains(concat(' ', @rel, ' '), ' alternate ')]"):
        _drop(link)
    for link in root.xpath("//head/link[@type='application/atom+xml'][@href='feed.xml']"):
        _drop(link)
    for meta in root.xpath(
        "//meta[@charset or translate(@http-equiv, 'CONTENT-YP', 'content-yp')='content-type']"
    ):
        _drop(meta)
    for name in ("lang", "xml:lang"):
        root.attrib.pop(name, None)
    for comment in root.xpath("preceding-sibling::comment()"):
        comment.text = ""  # the XML declaration the HTML parser reads as a comment
    nodes = []
    for node in root.iter():
        kind = "element" if isinstance(node.tag, str) else type(node).__name__
        attributes = dict(node.attrib) if isinstance(node.tag, str) else {}
        nodes.append(
            (
                kind,
                node.tag if kind == "element" else "",
                attributes,
                node.text or "",
                node.tail or "",
            )
        )
    return nodes


def _unwrap(element: etree._Element) -> None:
    parent = element.getparent()
    assert parent is not None
    index = parent.index(element)
    previous = element.getprevious()
    text = element.text or ""
    if previous is not None:
        previous.tail = (previous.tail or "") + text
    else:
        parent.text = (parent.text or "") + text
    children = list(element)
    for offset, child in enumerate(children):
        parent.insert(index + offset, child)
    last = children[-1] if children else parent[index - 1] if index > 0 else None
    tail = element.tail or ""
    if last is not None and last is not element:
        last.tail = (last.tail or "") + tail
    else:
        parent.text = (parent.text or "") + tail
    parent.remove(element)


def _drop(element: etree._Element) -> None:
    element.tail = None
    parent = element.getparent()
    assert parent is not None
    parent.remove(element)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("slug", SLUGS)
def test_untranslated_page_is_the_source(built: Path, slug: str, language: str) -> None:
    source = _normalized(_source_tree(slug))
    page = _normalized(_built_tree(built, language, slug))
    assert len(page) == len(source)
    for got, expected in zip(page, source, strict=True):
        assert got == expected


@pytest.mark.parametrize("slug", SLUGS)
def test_every_page_is_utf8_and_says_so(built: Path, slug: str) -> None:
    for language in LANGUAGES:
        raw = (built / "build" / language / f"{slug}.html").read_bytes()
        text = raw.decode("utf-8")  # strict: the page is UTF-8
        assert not text.startswith("\ufeff")
        head = text[: text.lower().find("</head>")]
        declared = re.findall(r"charset=[\"']?([\w-]+)", head, re.IGNORECASE)
        assert declared and all(name.lower() == "utf-8" for name in declared), declared
        if text.startswith("<?xml"):
            assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE')
        root = lxml.html.document_fromstring(raw).getroottree().getroot()
        title = root.find(".//title")
        assert title is None or (len(title) == 0 and "<span" not in (title.text or ""))


def test_non_utf8_pages_keep_their_letters(built: Path) -> None:
    ru = (built / "build" / "ru" / "2015-09-01-windows-1251-library.html").read_text("utf-8")
    assert "акимат города Астаны" in ru and "«A library is the heart of a city,»" in ru
    cafe = (built / "build" / "kk" / "2016-11-21-iso-8859-1-swiss-cafe.html").read_text("utf-8")
    assert "Stéphane Châtelain" in cafe and "Zürich" in cafe and "£85,000" in cafe
    assert "Monday–Friday, 9:00–18:00" in cafe  # windows-1252 dashes, as a browser shows


def test_lang_is_set_and_a_region_kept(built: Path) -> None:
    def lang(language: str, slug: str) -> tuple[str | None, str | None]:
        root = _built_tree(built, language, slug).getroot()
        return root.get("lang"), root.get("xml:lang")

    assert lang("en", "2018-04-05-wordpress-un-women-almaty") == ("en-US", None)
    assert lang("ru", "2018-04-05-wordpress-un-women-almaty") == ("ru", None)
    assert lang("en", "2017-05-10-xhtml-declaration") == ("en-GB", "en-GB")
    assert lang("kk", "2017-05-10-xhtml-declaration") == ("kk", "kk")


def test_attributes_come_out_as_they_went_in(built: Path) -> None:
    for language in LANGUAGES:
        page = (built / "build" / language / "2021-02-08-entities-odd-links.html").read_text()
        assert 'href="https://soros.example.kz/calls/2021/digital?lang=en&amp;ref=home\n"' in page
        assert 'href=" /files/guidelines.pdf "' in page
        assert 'href="https://soros.example.kz/файлы/форма.docx"' in page
        assert 'href="mailto:grants@example.kz?subject=Call%202021"' in page
        assert "%0A" not in page and "%20/files" not in page


def test_alternates_replace_the_cms_ones(built: Path) -> None:
    root = _built_tree(built, "kk", "2018-04-05-wordpress-un-women-almaty").getroot()
    links = root.xpath("//link[@hreflang]")
    slug = "2018-04-05-wordpress-un-women-almaty"
    assert [(link.get("hreflang"), link.get("href")) for link in links] == [
        (language, f"../{language}/{slug}.html") for language in LANGUAGES
    ]
    assert root.xpath("//link[@type='application/rss+xml']")  # other alternates stay


# ---------------------------------------------------------------- the furniture, as configured


def _project(tmp_path: Path, *slugs: str, config: str = "") -> Path:
    """The sample project (its glossary has Astana, Almaty is not in it) with pages."""
    project = tmp_path / "project"
    shutil.copytree(ROOT / "sources", project / "sources")
    for name in ("l10nrelease.toml", "glossary.csv", "spelling.txt"):
        shutil.copy(ROOT / name, project)
    shutil.copytree(ROOT / "locales", project / "locales")
    for slug in slugs:
        shutil.copy(PAGES / f"{slug}.html", project / "sources")
    toml = project / "l10nrelease.toml"
    toml.write_text(toml.read_text() + config, encoding="utf-8")
    assert run_cli("extract", cwd=project).returncode == 0
    return project


DRUPAL = "2019-06-12-drupal-osce-border-training"
WORDPRESS = "2018-04-05-wordpress-un-women-almaty"


def test_switcher_goes_where_the_project_says(tmp_path: Path) -> None:
    config = '\n[build]\nswitcher = "#block-locale-language"\nlang_tags = { kk = "kk-KZ" }\n'
    project = _project(tmp_path, DRUPAL, WORDPRESS, config=config)
    result = run_cli("build", "--allow-incomplete", cwd=project)
    assert result.returncode == 0, result.stderr
    root = _built_tree(project, "kk", DRUPAL).getroot()
    assert root.get("lang") == "kk-KZ" and root.get("xml:lang") == "kk-KZ"
    nav = root.xpath("//div[@id='block-locale-language']/nav")
    assert len(nav) == 1 and nav[0].get("aria-label") == "Тілдер"
    assert [(a.get("hreflang"), a.get("href")) for a in nav[0].iter("a")] == [
        ("en", f"../en/{DRUPAL}.html"),
        ("ru", f"../ru/{DRUPAL}.html"),
    ]
    assert nav[0].xpath(".//span[@aria-current='page']/@lang") == ["kk-KZ"]
    assert [link.get("hreflang") for link in root.xpath("//link[@hreflang]")] == [
        "en",
        "ru",
        "kk-KZ",
    ]
    # WordPress has no such element: the page is built, and the summary says so.
    assert re.search(
        rf"{WORDPRESS}\s+kk .*no element matches \[build\] switcher = '#block-locale-language'",
        result.stdout,
    )
    assert not _built_tree(project, "kk", WORDPRESS).getroot().xpath("//nav[@aria-label='Тілдер']")


def test_base_url_makes_site_root_urls_absolute(tmp_path: Path) -> None:
    project = _project(tmp_path, WORDPRESS, "2021-02-08-entities-odd-links")
    result = run_cli("build", "--base-url", "https://kazakhstan.example.org", cwd=project)
    assert result.returncode == 0, result.stderr
    page = (project / "build" / "en" / f"{WORDPRESS}.html").read_text()
    root = lxml.html.fromstring(page)
    site = "https://kazakhstan.example.org"
    stylesheet = root.xpath("//link[@id='twentytwentyone-style-css']/@href")
    assert stylesheet == [f"{site}/wp-content/themes/twentytwentyone/style.css?ver=1.9"]
    uploads = f"{site}/wp-content/uploads/2018/04/crisis-centre"
    assert root.xpath("//img[@srcset]/@srcset") == [
        f"{uploads}-1568x1045.jpg 1568w, {uploads}-300x200.jpg 300w"
    ]
    assert "href='//fonts.googleapis.com'" in page or 'href="//fonts.googleapis.com"' in page
    assert 'href="#content"' in page  # a fragment is not from the site root
    odd = (project / "build" / "en" / "2021-02-08-entities-odd-links.html").read_text()
    assert "url('https://kazakhstan.example.org/assets/banner.png')" in odd
    assert 'href="https://kazakhstan.example.org/files/guidelines.pdf "' in odd
    # Without it, the next build writes the pages as they were.
    assert run_cli("build", cwd=project).returncode == 0
    assert (
        "kazakhstan.example.org/wp-content"
        not in (project / "build" / "en" / f"{WORDPRESS}.html").read_text()
    )


def test_a_bad_base_url_is_refused(tmp_path: Path) -> None:
    project = _project(tmp_path)
    result = run_cli("build", "--base-url", "kazakhstan.example.org", cwd=project)
    assert result.returncode == 2
    assert "--base-url" in result.stderr and "https://www.example.org" in result.stderr
    toml = project / "l10nrelease.toml"
    toml.write_text(toml.read_text() + '\n[build]\nbase_url = "ftp://x"\n', encoding="utf-8")
    result = run_cli("build", cwd=project)
    assert result.returncode == 2
    assert re.match(
        r"error: l10nrelease.toml:\d+: 'build.base_url': 'ftp://x' is not", result.stderr
    )


@pytest.mark.parametrize(
    ("config", "message"),
    [
        ('[build]\nswitcher = "#lang["', "'build.switcher': '#lang[' is not a CSS selector"),
        ('[html]\nuntranslated = ["p >"]', "'html.untranslated': 'p >' is not a CSS selector"),
        ('[build]\nlang_tags = { kk = "ru-RU" }', "must be a language tag of 'kk'"),
        ('[build]\nlang_tags = { de = "de-DE" }', "'de', which is not a configured language"),
    ],
)
def test_bad_page_settings_name_their_line(tmp_path: Path, config: str, message: str) -> None:
    project = _project(tmp_path)
    toml = project / "l10nrelease.toml"
    lines = toml.read_text().count("\n")
    toml.write_text(toml.read_text() + "\n" + config + "\n", encoding="utf-8")
    result = run_cli("extract", cwd=project)
    assert result.returncode == 2
    assert result.stderr.startswith(f"error: l10nrelease.toml:{lines + 3}: ")
    assert message in result.stderr


def test_a_cms_dateline_is_localized_inside_its_element(tmp_path: Path) -> None:
    import polib

    project = _project(tmp_path, WORDPRESS)
    po = polib.pofile(str(project / "locales" / "ru" / f"{WORDPRESS}.po"))
    dateline = next(entry for entry in po if entry.msgctxt == "dateline")
    assert dateline.msgid == "ALMATY, 5 April 2018"
    dateline.msgstr = "АЛМАТЫ, 5 апреля 2018 г."
    for entry in po:
        if entry.msgctxt is None and entry.msgid.startswith("A crisis centre"):
            entry.msgstr = "Кризисный центр открылся в Алматы на 12,5\u00a0млн долларов ЕС."
        if entry.msgid == "The centre will shelter up to 40 women and their children at a time.":
            entry.msgstr = "Центр примет до 40 женщин с детьми."
    po.save(str(project / "locales" / "ru" / f"{WORDPRESS}.po"))
    result = run_cli("build", WORDPRESS, "--lang", "ru", "--allow-incomplete", cwd=project)
    assert result.returncode == 0, result.stderr
    page = (project / "build" / "ru" / f"{WORDPRESS}.html").read_text()
    assert (
        "<p><strong>АЛМАТЫ, 5 апреля 2018\u202fг.</strong> – Кризисный центр открылся в Алматы "
        "на 12,5\u00a0млн долларов ЕС. Центр примет до 40 женщин с детьми.</p>"
    ) in page
    assert "the title in English" in result.stdout
    check = run_cli("check", f"locales/ru/{WORDPRESS}.po", cwd=project)
    assert "[dateline]" not in check.stdout
    dateline.msgstr = "АЛМАТЫ, 4 апреля 2018 г."
    po.save(str(project / "locales" / "ru" / f"{WORDPRESS}.po"))
    check = run_cli("check", f"locales/ru/{WORDPRESS}.po", cwd=project)
    assert re.search(
        r'warning: the date should read "5 апреля 2018\s?г\." .*\[dateline\]', check.stdout
    )
