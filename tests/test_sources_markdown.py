""".md releases: front matter, placeholders, and Markdown rebuilt with only the
translated text changed (every translation rendered back must give the same HTML)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from l10nrelease.errors import SourceError
from l10nrelease.model import Release
from l10nrelease.sources import document, inline_html
from l10nrelease.sources.markdown import parse

RELEASE = """---
title: "Journalists attend a training course"
date: 2018-04-05
lang: en
layout: release
description: A three-day course on data journalism.
---

**ALMATY, 5 April 2018** – Some 20 journalists took part in a *three-day* course on
[data journalism](https://example.org/data "Course page") and `open data`. It ended today.\\
Certificates were handed out.

> - A quoted *item* with an ![icon](icon.png) and <sup>1</sup>.
>   Its second line.

| Topic | Hours \\| days |
|-------|------:|
| Fact checking \\| verification | 6 |

## Background

1. The course is held every year.

```
code is never translated
```
"""

RENDER = MarkdownIt("commonmark").enable(["table", "strikethrough"])


def _body(text: str) -> str:
    return text.split("\n---\n", 1)[1] if text.startswith("---\n") else text


def _html(text: str) -> str:
    return re.sub(r"\s+", " ", RENDER.render(_body(text)))


def _rebuilt(release: Release, table: dict[str, str], language: str = "ru") -> str:
    found = document(
        release, lambda unit: table.get(unit.text), language=language, source_language="en"
    )
    assert found is not None and found[0] == ".md"
    return found[1].decode("utf-8")


def test_front_matter_and_body_into_units() -> None:
    release = parse(RELEASE, path="sources/m.md", slug="m")
    assert release.format == "md"
    assert release.headline == "Journalists attend a training course"
    assert release.date is not None and release.date.isoformat() == "2018-04-05"
    assert release.dateline is not None and release.dateline.text == "ALMATY, 5 April 2018"
    assert [u.text for u in release.units()] == [
        "Journalists attend a training course",
        "A three-day course on data journalism.",
        "ALMATY, 5 April 2018",
        "Some 20 journalists took part in a <1>three-day</1> course on <2>data journalism</2> "
        "and <3/>.",
        "It ended today.",
        "Certificates were handed out.",  # after a hard line break (<n/> between)
        "A quoted <1>item</1> with an <2/> and <3/>1<4/>.",
        "Its second line.",
        "Topic",
        "Hours | days",
        "Fact checking | verification",
        "Background",
        "The course is held every year.",
    ]
    lines = {u.text: u.line for u in release.units()}
    assert lines["Journalists attend a training course"] == 2
    assert lines["Certificates were handed out."] == 9
    assert lines["Background"] == 20
    tags = {u.text[:10]: [p.tag for p in u.placeholders] for u in release.units()}
    assert tags["Some 20 jo"] == ["em", "a", "code"]
    assert tags["A quoted <"] == ["em", "img", "html", "html"]
    inline = inline_html(release)
    assert inline is not None
    assert inline[2][3] == ('<a href="https://example.org/data" title="Course page">', "</a>")
    assert inline[2][4] == ("<code>open data</code>", "")


def test_untranslated_release_comes_back_byte_for_byte() -> None:
    release = parse(RELEASE, path="sources/m.md", slug="m")
    assert _rebuilt(release, {}) == RELEASE
    crlf = RELEASE.replace("\n", "\r\n")
    assert _rebuilt(parse(crlf, path="sources/m.md", slug="m"), {}) == crlf
    found = document(release, None, language="en", source_language="en")
    assert found == (".md", RELEASE.encode("utf-8"))


def test_every_unit_given_back_as_its_own_translation_renders_the_same_html() -> None:
    release = parse(RELEASE, path="sources/m.md", slug="m")
    same = {unit.text: unit.text for unit in release.units()}
    rebuilt = _rebuilt(release, same)
    assert rebuilt != RELEASE  # every block was rewritten
    assert _html(rebuilt) == _html(RELEASE)
    assert "```\ncode is never translated\n```" in rebuilt
    assert "layout: release" in rebuilt and "lang: ru" in rebuilt


def test_translation_keeps_markup_where_its_placeholders_are() -> None:
    release = parse(RELEASE, path="sources/m.md", slug="m")
    rebuilt = _rebuilt(
        release,
        {
            "Journalists attend a training course": "Журналисты прошли учебный курс",
            "ALMATY, 5 April 2018": "АЛМАТЫ, 5 апреля 2018 г.",
            "Some 20 journalists took part in a <1>three-day</1> course on <2>data "
            "journalism</2> and <3/>.": "Около 20 журналистов прошли <1>трёхдневный</1> курс "
            "по <2>журналистике данных</2> и <3/>.",
            "Fact checking | verification": "Проверка фактов | верификация",
            "Background": "Справка",
            # markup characters a translator types are text, not Markdown
            "The course is held every year.": "1. Курс *проводится* [ежегодно] <b>.",
        },
    )
    assert rebuilt.startswith('---\ntitle: "Журналисты прошли учебный курс"\ndate: 2018-04-05\n')
    assert (
        "**АЛМАТЫ, 5 апреля 2018 г.** – Около 20 журналистов прошли *трёхдневный* курс по "
        '[журналистике данных](https://example.org/data "Course page") и `open data`. '
        "It ended today.\\\nCertificates were handed out.\n" in rebuilt
    )
    assert "| Проверка фактов \\| верификация | 6 |" in rebuilt
    assert "## Справка\n" in rebuilt
    assert "1. 1\\. Курс \\*проводится\\* \\[ежегодно\\] \\<b>.\n" in rebuilt
    html = RENDER.render(_body(rebuilt))
    assert "<li>1. Курс *проводится* [ежегодно] &lt;b&gt;.</li>" in html
    assert "<h2>Справка</h2>" in html


def test_headline_from_the_first_heading_without_front_matter() -> None:
    release = parse(
        "# Journalists attend a course\n\nVIENNA, January 31, 2017 - Text here.\n",
        path="sources/m.md",
        slug="2017-01-31-m",
    )
    assert release.headline == "Journalists attend a course"
    assert release.dateline is not None and release.dateline.city == "VIENNA"
    assert [b.kind for b in release.blocks] == ["headline", "paragraph"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("---\ntitle: x\nText without end\n", "sources/m.md:1: the front matter opened by '---'"),
        ("---\ntitle: x\ndate: [2018\n---\n# H\n", "sources/m.md:4: the front matter is not valid"),
        ("---\ntitle: a: b\n---\n# H\n", "sources/m.md:2: the front matter is not valid YAML"),
        ("---\n- a\n- b\n---\n# H\n", "sources/m.md:2: the front matter is not a list of"),
        (
            "---\ntitle: [a, b]\n---\nText.\n",
            "sources/m.md:2: the front matter's title is not text",
        ),
        (
            "---\ntitle: T\ndate: soon\n---\nText.\n",
            "sources/m.md:3: the front matter's date 'soon'",
        ),
        (
            "---\ntitle: T\ndate: 2018-04-06\n---\nALMATY, 5 April 2018 – Text.\n",
            "sources/m.md:3: the front matter's date (2018-04-06) is not the dateline's",
        ),
        (
            "---\ntitle: T\nembargo: tomorrow\n---\nText.\n",
            "sources/m.md:3: cannot read the embargo",
        ),
        ("Just a paragraph.\n", "sources/m.md:1: the release has no headline"),
        ("# Press <1> now\n", "sources/m.md:1: the text '<1>' is l10nrelease's placeholder"),
    ],
)
def test_bad_front_matter_and_bodies_name_the_file_and_line(text: str, expected: str) -> None:
    with pytest.raises(SourceError) as caught:
        parse(text, path="sources/m.md", slug="m")
    assert str(caught.value).startswith(expected)


def test_embargo_from_front_matter() -> None:
    release = parse(
        "---\ntitle: T\nembargo: 2018-04-05T10:00:00+06:00\n---\nText.\n", path="m.md", slug="m"
    )
    assert release.metadata == {"embargo": "2018-04-05T10:00:00+06:00"}


#: Markdown files other people wrote, where this machine has them (READMEs and docs of
#: installed tools; systemd's docs open with Jekyll front matter).
OTHERS = [
    Path("/root/.pyenv/README.md"),
    Path("/root/.pyenv/CHANGELOG.md"),
    *sorted(Path("/usr/share/doc/systemd").glob("*.md")),
    *sorted(Path("/usr/share/doc").glob("*/README.md"))[:20],
]


@pytest.mark.parametrize("path", [p for p in OTHERS if p.is_file()] or [None], ids=str)
def test_markdown_written_by_others_round_trips(path: Path | None) -> None:
    if path is None:
        pytest.skip("no Markdown files of other projects on this machine")
    text = path.read_text(encoding="utf-8")
    try:
        release = parse(text, path=path.name, slug="x")
    except SourceError as exc:
        assert "headline" in str(exc)  # a README without a heading is not a release
        return
    assert _rebuilt(release, {}) == text
    same = _rebuilt(release, {unit.text: unit.text for unit in release.units()})
    assert _html(same) == _html(text)
