from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import lxml.html
import pytest

from l10nrelease.errors import MarkupError, SourceError
from l10nrelease.markup import safety_problems
from l10nrelease.sources import read_release, reassemble
from l10nrelease.sources.common import is_translatable
from l10nrelease.sources.html import parse, parse_document, serialize
from l10nrelease.sources.html import reassemble as html_reassemble

from .conftest import DATA

PAGE = DATA / "2017-02-15-osce-media-training.html"

EXPECTED = [
    ("title", "OSCE trains journalists in Astana"),
    (
        '<meta name="description">',
        "Thirty journalists from across Kazakhstan completed a "
        "three-day course on reporting on violent extremism.",
    ),
    ("h1", "OSCE trains journalists in <1>Astana</1>"),
    ("dateline", "ASTANA, 15 February 2017"),
    (
        "p, sentence 1 of 2",
        "Thirty journalists from across Kazakhstan completed a three-day "
        "course organized by the <1>OSCE Programme Office</1> on Monday.",
    ),
    (
        "p, sentence 2 of 2",
        "The course covered <1>ethical reporting on <2>violent "
        "extremism</2></1> and the protection of sources.",
    ),
    ("attribute title of <a>", "OSCE Programme Office in Astana"),
    (
        "p, sentence 1 of 2",
        "“Journalists shape public debate. They need accurate facts,” "
        "said Mr. J. Smith, the course leader.",
    ),
    ("p, sentence 2 of 2", "Participants received certificates at 5 p.m. on Feb. 15."),
    ("attribute alt of <img>", "Participants of the media training in Astana"),
    ("figcaption", "Participants of the training, 15 February 2017."),
    ("h2", "Topics covered"),
    ("li", "Verification of sources, e.g. official statements."),
    ("li", "Safety of journalists online and offline."),
    ("li", "Use of the <1>OSCE</1> media guidelines."),
    ("attribute title of <abbr>", "Organization for Security and Co-operation in Europe"),
    ("caption", "Course schedule"),
    ("th", "Day"),
    ("th", "Topic"),
    ("td", "Ethics and law"),
    ("td", "Verification of sources, e.g. official statements."),
    ("p", "For more information, contact <1>press@osce.org</1> or call <2/>."),
]


def _release():  # type: ignore[no-untyped-def]
    return read_release(PAGE, root=DATA.parent.parent)


def test_units_of_a_cms_page() -> None:
    release = _release()
    assert [(u.role.split(" (")[0], u.text) for u in release.units()] == EXPECTED
    assert release.date == dt.date(2017, 2, 15)
    assert release.headline == "OSCE trains journalists in Astana"
    link = next(
        u
        for u in release.units()
        if u.text.startswith("Thirty journalists from") and "<1>" in u.text
    )
    assert link.role.startswith("p")
    assert [(p.tag, p.void) for p in link.placeholders] == [("a", False)]
    assert "https://" not in " ".join(u.text for u in release.units())  # href stays out


def test_no_translation_gives_back_the_source_document() -> None:
    release = _release()
    expected = serialize(parse_document(release.text, path="x"))
    assert reassemble(release) == expected
    # Even with every unit "translated" to its own source text, nothing moves.
    assert reassemble(release, lambda unit: unit.source) == expected


def test_translation_changes_only_the_translated_text() -> None:
    release = _release()
    translations = {
        "OSCE trains journalists in <1>Astana</1>": "ОБСЕ обучает журналистов в <1>Астане</1>",
        "The course covered <1>ethical reporting on <2>violent extremism</2></1> and the "
        "protection of sources.": "Курс был посвящен <1>этичному освещению <2>насильственного "
        "экстремизма</2></1> и защите источников.",
        "Participants of the media training in Astana": "Участники медиатренинга в Астане",
        "For more information, contact <1>press@osce.org</1> or call <2/>.": (
            "Звоните по номеру <2/> или пишите на <1>press@osce.org</1>."
        ),
    }
    out = reassemble(release, lambda unit: translations.get(unit.text), language="ru")
    doc = lxml.html.document_fromstring(out)
    assert doc.get("lang") == "ru"
    assert doc.findtext(".//h1/em") == "Астане"
    strong = doc.find(".//strong")
    assert (
        strong.text == "этичному освещению "
        and strong.findtext("em") == "насильственного экстремизма"
    )
    assert doc.find(".//img").get("alt") == "Участники медиатренинга в Астане"
    assert doc.find(".//img").get("src") == "/media/training.jpg"
    last = doc.findall(".//p")[-1]
    assert last.text_content() == "Звоните по номеру +7 7172 580070 или пишите на press@osce.org."
    assert last.find("a").get("href") == "mailto:press@osce.org"
    # Untranslatable content is untouched.
    assert 'var greeting = "Hello. Do not translate.";' in out
    assert "<!-- CMS export: do not edit -->" in out
    assert "<pre>Sample code: do not translate.</pre>" in out
    assert "<style>p { margin: 0 } /* Do not translate. */</style>" in out
    # Everything else is as in the source.
    untouched = reassemble(release)
    assert out.count("\n") == untouched.count("\n")


def test_a_translation_that_breaks_placeholders_is_refused() -> None:
    release = _release()
    with pytest.raises(MarkupError, match="not closed") as caught:
        reassemble(release, lambda u: "<1>Астана" if u.text.endswith("<1>Astana</1>") else None)
    assert str(caught.value).startswith("tests/data/2017-02-15-osce-media-training.html:14: ")


def test_translations_are_text_never_markup() -> None:
    release = _release()
    out = reassemble(
        release, lambda u: '<script>alert(1)</script><b onclick="x">' if u.text == "Day" else None
    )
    assert "<script>alert(1)</script>" not in out
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in out


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("", "the release is empty"),
        ("<html><body><p>   </p><script>x = 1</script></body></html>", "no translatable text"),
        ("<html><body><p>Text without a headline.</p></body></html>", "no headline"),
    ],
)
def test_bad_pages(content: str, message: str) -> None:
    with pytest.raises(SourceError, match=message) as caught:
        parse(content, path="sources/page.html", slug="page")
    assert str(caught.value).startswith("sources/page.html:1: ")


def test_html5_that_xml_parsers_reject_still_reads(tmp_path: Path) -> None:
    content = (
        "<!doctype html><title>Unclosed & loose</title><p>First paragraph<p>Second one "
        "with <b>bold<i> and</b> italic</i> text.<br><ul><li>item one<li>item two</ul>"
    )
    release = parse(content, path="x.html", slug="x")
    texts = [u.text for u in release.units()]
    assert texts[0] == "Unclosed & loose"
    assert "First paragraph" in texts and "item two" in texts
    assert reassemble(release) == serialize(parse_document(content, path="x"))


def test_attribute_names_lxml_would_not_create_survive_a_translation() -> None:
    # Found by the fuzzer: the HTML parser keeps "x:y=" attribute names that lxml's API
    # refuses to create, and rebuilding a translated run copied attributes one by one.
    page = (
        '<!DOCTYPE html>\n<html lang="en"><head><title>Report</title></head><body>\n'
        '<p>Read the <a hreabbrttps:="x" href="https://osce.org">full report</a> today.</p>\n'
        "</body></html>\n"
    )
    release = parse(page, path="odd.html", slug="2017-01-31-odd")
    built = html_reassemble(
        release,
        lambda unit: "Прочтите <1>полный доклад</1> сегодня." if unit.placeholders else None,
        language="ru",
    )
    assert 'hreabbrttps:="x"' in built and ">полный доклад</a>" in built


def test_project_abbreviations_reach_the_html_reader() -> None:
    page = (
        "<html><head><title>Visit</title></head><body><h1>Visit</h1>"
        "<p>The <b>Kostanay</b> Obl. Akimat hosted the team. It went well.</p></body></html>"
    )
    plain = [u.text for u in parse(page, path="x.html", slug="x").units()]
    assert "The <1>Kostanay</1> Obl." in plain
    own = parse(page, path="x.html", slug="x", abbreviations=("Obl",))
    assert [u.text for u in own.units()][-2:] == [
        "The <1>Kostanay</1> Obl. Akimat hosted the team.",
        "It went well.",
    ]


# ---------------------------------------------------------------- pages as CMSs write them


def _page(body: str, head: str = '<meta charset="utf-8">') -> str:
    return (
        f'<!DOCTYPE html>\n<html lang="en">\n<head>\n{head}\n<title>Press release</title>\n'
        f"</head>\n<body>\n{body}\n</body>\n</html>\n"
    )


def _units(content: str, **options) -> list[str]:  # type: ignore[no-untyped-def]
    release = parse(content, path="sources/x.html", slug="2018-04-05-x", **options)
    return [unit.text for unit in release.units()]


def _read(tmp_path: Path, data: bytes, name: str = "2018-04-05-page.html"):  # type: ignore[no-untyped-def]
    (tmp_path / "sources").mkdir(exist_ok=True)
    path = tmp_path / "sources" / name
    path.write_bytes(data)
    return read_release(path, root=tmp_path)


@pytest.mark.parametrize(
    ("declaration", "codec"),
    [
        ('<?xml version="1.0" encoding="UTF-8"?>\n', "utf-8"),
        ("<?xml version='1.0' encoding='ISO-8859-1'?>\n", "latin-1"),
        ('<?xml version="1.0" encoding="windows-1251"?>\n', "cp1251"),
    ],
)
def test_xhtml_with_an_xml_declaration_is_read_by_its_encoding(
    tmp_path: Path, declaration: str, codec: str
) -> None:
    page = (
        declaration + '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" '
        '"http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">\n'
        '<html xmlns="http://www.w3.org/1999/xhtml" xml:lang="en" lang="en">\n'
        "<head><title>Caf\u00e9 owners meet</title></head>\n"
        "<body><p>ASTANA, 10 May 2017 \u2013 Owners of caf\u00e9s met.<br />They agreed.</p>"
        "</body></html>\n"
    )
    if codec == "cp1251":
        page = page.replace("\u00e9", "\u0435")  # Cyrillic е: windows-1251 has no é
    if codec == "latin-1":
        page = page.replace("\u2013", "-")  # ISO-8859-1 has no en dash
    release = _read(tmp_path, page.encode(codec))
    texts = [unit.text for unit in release.units()]
    assert texts[0] in {"Caf\u00e9 owners meet", "Caf\u0435 owners meet"}
    assert release.dateline is not None and release.date == dt.date(2017, 5, 10)
    out = reassemble(release)
    assert re.match(
        r"<\?xml version=(['\"])1.0\1 encoding=\1UTF-8\1\?>\n<!DOCTYPE html PUBLIC", out
    )
    assert "<!--?xml" not in out and texts[0] in out


@pytest.mark.parametrize(
    ("head", "codec"),
    [
        ("<meta charset=ISO-8859-1>", "cp1252"),
        ('<meta charset="windows-1251">', "cp1251"),
        ('<meta http-equiv="Content-Type" content="text/html; charset=windows-1251">', "cp1251"),
        ("<META HTTP-EQUIV='content-type' CONTENT='text/html;charset=koi8-r'>", "koi8-r"),
    ],
)
def test_a_declared_charset_decodes_the_page_and_the_page_then_says_utf8(
    tmp_path: Path, head: str, codec: str
) -> None:
    text = "Akimat (\u0430\u043a\u0438\u043c\u0430\u0442) opened it today."
    if codec == "cp1252":
        text = "The caf\u00e9 opened \u2013 \u201ctoday\u201d, for \u00a385."
    release = _read(tmp_path, _page(f"<p>{text}</p>", head).encode(codec))
    assert [unit.text for unit in release.units()][-1] == text
    out = reassemble(release, lambda unit: None, language="ru", fallback_language="en")
    assert text in out
    assert re.findall(r"charset=[\"']?([\w-]+)", out, re.I) == ["utf-8"]


def test_a_bom_decides_the_encoding(tmp_path: Path) -> None:
    page = _page("<p>Astana \u2013 \u0410\u0441\u0442\u0430\u043d\u0430.</p>", "")
    for bom, codec in ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le")):
        release = _read(tmp_path, bom + page.encode(codec))
        assert "Astana \u2013 \u0410\u0441\u0442\u0430\u043d\u0430." in [
            u.text for u in release.units()
        ]
        assert not release.text.startswith("\ufeff")
        assert '<meta charset="utf-8">' in reassemble(release)  # it had none: now it says


@pytest.mark.parametrize(
    ("data", "message", "line"),
    [
        (
            _page("<p>Caf\u00e9 opened.</p>", "").encode("cp1252"),
            r"not valid UTF-8 \(byte 0xe9\) and the page declares no other charset; .*"
            r'<meta charset="windows-1251">',
            8,
        ),
        (
            _page("<p>Caf\u00e9 opened.</p>").encode("cp1252"),
            r"not valid utf-8 \(byte 0xe9\), the charset <meta charset> on line 4 declares; "
            "correct the declaration",
            8,
        ),
        (
            _page("<p>Opened.</p>", '<meta charset="latin-9x">').encode(),
            r"<meta charset> declares the charset 'latin-9x', which is not an encoding",
            4,
        ),
    ],
)
def test_a_page_that_is_not_what_it_declares_is_refused_with_the_line(
    tmp_path: Path, data: bytes, message: str, line: int
) -> None:
    with pytest.raises(SourceError, match=message) as caught:
        _read(tmp_path, data)
    assert str(caught.value).startswith(f"sources/2018-04-05-page.html:{line}: ")


def test_entity_escaped_text_stays_text_through_the_msgid() -> None:
    page = _page(
        "<p>Set the &lt;config&gt; element; a literal &lt;1&gt; is no placeholder, "
        "&amp;lt; is an entity and R&amp;D stays.</p>"
    )
    release = parse(page, path="x.html", slug="x")
    unit = next(u for u in release.units() if "config" in u.text)
    assert unit.text == (
        "Set the &lt;config&gt; element; a literal &lt;1&gt; is no placeholder, "
        "&amp;lt; is an entity and R&D stays."
    )
    assert unit.placeholders == ()
    # The untranslated page, with the English marked, is the source's text.
    page_out = reassemble(release, lambda u: None, language="ru", fallback_language="en")
    assert lxml.html.fromstring(page_out).findtext(".//p/span") == (
        "Set the <config> element; a literal <1> is no placeholder, "
        "&lt; is an entity and R&D stays."
    )
    # A translation that keeps the entities is safe and shows the tags as text ...
    translation = "Задайте элемент &lt;config&gt;; литерал &lt;1&gt; — не метка, R&D."
    assert safety_problems(unit.text, translation) == []
    assert safety_problems(unit.text, unit.text) == []
    out = reassemble(release, lambda u: translation if u is unit else None, language="ru")
    assert lxml.html.fromstring(out).findtext(".//p") == (
        "Задайте элемент <config>; литерал <1> — не метка, R&D."
    )
    # ... one that writes them raw is markup, and refused with how to write them.
    problems = safety_problems(unit.text, "Задайте элемент <config>.")
    assert any("write a < or > that is text as &lt; or &gt;" in p for p in problems)


def test_no_break_spaces_are_kept_in_the_msgid_and_the_page() -> None:
    release = parse(
        _page("<p>The EU gave $12.5&nbsp;million.\nCall +7&#8239;727&nbsp;250.</p>"),
        path="x.html",
        slug="x",
    )
    texts = [u.text for u in release.units()]
    assert texts[1:] == ["The EU gave $12.5\u00a0million.", "Call +7\u202f727\u00a0250."]
    out = reassemble(
        release,
        lambda u: "ЕС выделил 12,5\u00a0млн долларов." if "EU" in u.text else None,
        language="ru",
    )
    assert "12,5\u00a0млн" in out and "+7\u202f727\u00a0250" in out


def test_attributes_that_are_not_translated_come_out_byte_for_byte() -> None:
    page = _page(
        '<p>Read the <a href="https://x.org/call?a=1&amp;b=2\n" title="The call">call</a>, '
        '<a href=" /files/a b.pdf ">the rules</a> and <a href="/файл.pdf">the form</a>.</p>'
        '<p><img src="/img/a b.png" alt="A photo"></p>'
    )
    release = parse(page, path="x.html", slug="x")
    for out in (
        reassemble(release),
        reassemble(release, lambda u: None, language="kk", fallback_language="en"),
        reassemble(
            release,
            lambda u: {"The call": "Шақыру", "A photo": "Сурет"}.get(u.text),
            language="kk",
        ),
    ):
        assert 'href="https://x.org/call?a=1&amp;b=2\n"' in out
        assert 'href=" /files/a b.pdf "' in out and 'href="/файл.pdf"' in out
        assert 'src="/img/a b.png"' in out and "%" not in out


def test_the_region_of_the_page_language_is_kept() -> None:
    page = _page("<p>Text here.</p>").replace('lang="en"', 'lang="en-US"')
    release = parse(page, path="x.html", slug="x")
    assert lxml.html.fromstring(reassemble(release, language="en")).get("lang") == "en-US"
    assert lxml.html.fromstring(reassemble(release, language="ru")).get("lang") == "ru"


def test_an_untranslated_title_is_plain_text() -> None:
    release = parse(_page("<h1>Press release</h1><p>Text.</p>"), path="x.html", slug="x")
    out = reassemble(release, lambda unit: None, language="kk", fallback_language="en")
    doc = lxml.html.fromstring(out)
    assert doc.find(".//title").text == "Press release" and len(doc.find(".//title")) == 0
    assert doc.find(".//h1/span").get("lang") == "en"  # the body still marks it


def test_code_never_enters_a_unit_and_stays_in_its_sentence() -> None:
    page = _page(
        "<p><code>XML_ExpatVersion()</code> returns the version, and <var>n</var> counts "
        "the calls; use <tt>deflate()</tt> or <kbd>Ctrl</kbd>+<samp>OK</samp></p>"
        '<p>Users of <span translate="no">eGov Mobile</span> sign with a '
        '<b class="brand">Digital ID</b>.</p>'
        '<div translate="no"><p>Not this.</p><p translate="yes">But this.</p></div>'
        "<pre>Not this either.</pre>"
    )
    texts = _units(page, untranslated=[".brand"])
    assert texts[1:] == [
        "<1/> returns the version, and <2/> counts the calls; use <3/> or <4/>+<5/>",
        "Users of <1/> sign with a <2/>.",
        "But this.",
    ]
    release = parse(page, path="x.html", slug="x", untranslated=[".brand"])
    assert reassemble(release, lambda u: u.text) == reassemble(release)
    translated = reassemble(
        release,
        lambda u: "Пользователи <1/> подписывают <2/>." if u.text.startswith("Users") else None,
        language="ru",
    )
    assert "Пользователи <span" in translated and '<b class="brand">Digital ID</b>' in translated


@pytest.mark.parametrize(
    "text",
    [
        "XML_ExpatVersion",
        "v6.0.0",
        "2.7.18-rc1",
        "os.path.join()",
        "https://www.osce.org/x",
        "www.osce.org",
        "press@osce.org",
        "1,500",
        "--verbose",
        "getElementById",
        "/usr/share/doc",
    ],
)
def test_a_unit_of_only_code_is_not_exported(text: str) -> None:
    assert not is_translatable(text)
    assert _units(_page(f"<ul><li>{text}</li><li>A real item.</li></ul>")) == [
        "Press release",
        "A real item.",
    ]


@pytest.mark.parametrize(
    "text", ["Day", "OSCE", "U.S.", "e.g. this", "Python 3.11", "COVID-19", "1st", "Mr. Smith"]
)
def test_words_are_exported(text: str) -> None:
    assert is_translatable(text)


@pytest.mark.parametrize(
    ("paragraph", "dateline", "parts"),
    [
        (
            "<p><strong>ALMATY, 5 April 2018</strong> – The centre opened.</p>",
            "ALMATY, 5 April 2018",
            ["<1>", "ALMATY, 5 April 2018", "</1> – ", "The centre opened."],
        ),
        (
            "<p><b>NUR-SULTAN, September 15, 2020 –</b> The portal opened.</p>",
            "NUR-SULTAN, September 15, 2020",
            ["<1>", "NUR-SULTAN, September 15, 2020", " –</1> ", "The portal opened."],
        ),
        (
            "<p>ASTANA (Kazinform) – The portal opened.</p>",
            "ASTANA (Kazinform)",
            ["ASTANA (Kazinform)", " – ", "The portal opened."],
        ),
        (
            "<p><strong>VIENNA, Monday, March 2, 2020 (UNODC)</strong>: The deal was signed.</p>",
            "VIENNA, Monday, March 2, 2020 (UNODC)",
            ["<1>", "VIENNA, Monday, March 2, 2020 (UNODC)", "</1>: ", "The deal was signed."],
        ),
        ("<p><strong>ALMATY, 5 April 2018 – The centre opened.</strong></p>", None, None),
        ("<p>OSCE – the security organization – met.</p>", None, None),
    ],
)
def test_datelines_as_cms_editors_write_them(
    paragraph: str, dateline: str | None, parts: list[str] | None
) -> None:
    page = _page(f'<h1>Press release</h1>\n<p class="byline">By the press office</p>\n{paragraph}')
    release = parse(page, path="x.html", slug="x")
    if dateline is None:
        assert release.dateline is None
        return
    assert release.dateline is not None and release.dateline.text == dateline
    block = next(b for b in release.blocks if any(u.context for u in b.units()))
    assert [p if isinstance(p, str) else p.text for p in block.parts] == parts
    assert reassemble(release, lambda u: u.source) == reassemble(release)


@pytest.mark.parametrize("reference", ["&#8", "&#8;", "&#x1;", "&#11;"])
def test_a_reference_to_a_control_character_is_refused_with_its_line(reference: str) -> None:
    """Found by the fuzzer: lxml turns &#8 into U+0008, which the page cannot carry."""
    page = f"<html><body><h1>Title</h1>\n<p>Some {reference} text.</p></body></html>"
    with pytest.raises(SourceError, match=r"character reference stands for the control") as e:
        parse(page, path="sources/x.html", slug="x")
    assert str(e.value).startswith("sources/x.html:2: ")


def _pages() -> list[Path]:
    return [*sorted((DATA / "pages").glob("*.htm*")), PAGE]


@pytest.mark.parametrize("page", _pages(), ids=lambda page: page.name)
def test_a_release_kept_as_data_is_the_release_read(page: Path) -> None:
    """What build takes from extract's record of a page (``release_data``, through
    JSON) is the release read from the page, to the last field."""
    import json

    from l10nrelease.model import release_data, release_from_data

    for mode in ("sentence", "paragraph"):
        release = read_release(page, root=page.parent, mode=mode, untranslated=(".byline",))
        data = json.loads(json.dumps(release_data(release)))
        again = release_from_data(data, text=release.text)
        assert again == release
        assert again.metadata == release.metadata  # (not compared by ==)
        assert again.data == release.data == b""


def test_a_page_is_segmented_once_for_extract_and_build(project: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The second command to read a page takes the release the first one kept; an
    edit of the page, or of the settings that segment it, reads it again."""
    from l10nrelease.project import open_project
    from l10nrelease.sources import html

    shutil.copy(PAGE, project / "sources")
    source = project / "sources" / PAGE.name
    first = open_project(project)
    read = first.read_release(source)
    first.save()
    calls = []
    real = html.parse
    monkeypatch.setattr(html, "parse", lambda *a, **k: calls.append(1) or real(*a, **k))
    second = open_project(project)
    assert second.read_release(source) == read and calls == []
    source.write_text(source.read_text(encoding="utf-8").replace("Astana", "Almaty"), "utf-8")
    assert second.read_release(source) != read and calls == [1]
    config = project / "l10nrelease.toml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace('mode = "sentence"', 'mode = "paragraph"'), encoding="utf-8")
    third = open_project(project)
    assert third.config.segmentation == "paragraph"
    third.read_release(source)
    assert calls == [1, 1]
