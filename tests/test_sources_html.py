from __future__ import annotations

import datetime as dt
from pathlib import Path

import lxml.html
import pytest

from l10nrelease.errors import MarkupError, SourceError
from l10nrelease.sources import read_release, reassemble
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
