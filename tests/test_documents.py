"""Word and Markdown releases through the real command line: extract, translate the PO
entries, build; the translated .docx and .md beside their pages, decided by the same
plan; warnings for files that are not releases; errors for broken documents."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import polib
import pytest

from .conftest import run_cli
from .test_sources_markdown import RELEASE as MARKDOWN
from .test_sources_word import RUSSIAN, _python_docx_release, word_package

WORD_SLUG = "2018-04-05-word-course"
MARKDOWN_SLUG = "2018-04-05-markdown-course"

#: Every unit of both documents in Russian (placeholders kept where they belong).
TRANSLATIONS = {
    **RUSSIAN,
    "It ended today.": "Он завершился сегодня.",
    "Duration": "Продолжительность",
    "three days": "три дня",
    "The course is held every year.": "Курс проводится ежегодно.",
    "A three-day course on data journalism.": "Трёхдневный курс журналистики данных.",
    "Some 20 journalists took part in a <1>three-day</1> course on <2>data journalism</2> "
    "and <3/>.": "Около 20 журналистов прошли <1>трёхдневный</1> курс по <2>журналистике "
    "данных</2> и <3/>.",
    "Certificates were handed out.": "Участникам вручили сертификаты.",
    "A quoted <1>item</1> with an <2/> and <3/>1<4/>.": "Цитата: <1>пункт</1> со <2/> и <3/>1<4/>.",
    "Its second line.": "Вторая строка.",
    "Topic": "Тема",
    "Hours | days": "Часы | дни",
    "Fact checking | verification": "Проверка фактов | верификация",
}


@pytest.fixture
def documents(project: Path) -> Path:
    """The sample project with a Word and a Markdown release, and files that are not."""
    sources = project / "sources"
    (sources / f"{WORD_SLUG}.docx").write_bytes(_python_docx_release())
    (sources / f"{MARKDOWN_SLUG}.md").write_text(MARKDOWN, encoding="utf-8")
    for name in ("scan.pdf", "draft.odt", "notes.rtf", "old.doc"):
        (sources / name).write_bytes(b"not a release\n")
    for name in (f"~${WORD_SLUG}.docx", ".~lock.draft.odt#", ".DS_Store", "draft.txt~"):
        (sources / name).write_bytes(b"\0lock\n")
    with (project / "l10nrelease.toml").open("a", encoding="utf-8") as config:
        # The glossary of the sample knows neither document's names: the check's
        # findings are not what this test is about.
        config.write("\n[build]\nblock_on = []\n")
    return project


def _translate(project: Path, slug: str, language: str) -> None:
    """Fill the PO file as a translator would in Poedit: reviewed, not fuzzy."""
    path = project / "locales" / language / f"{slug}.po"
    po = polib.pofile(str(path))
    for entry in po:
        if entry.msgctxt == "dateline":
            entry.msgstr = "АЛМАТЫ, 5 апреля 2018 г."
        elif entry.msgid in TRANSLATIONS:
            entry.msgstr = TRANSLATIONS[entry.msgid]
        else:
            raise AssertionError(f"no translation in the test for {entry.msgid!r}")
    po.save(str(path))


WARNED = ("scan.pdf", "draft.odt", "notes.rtf", "old.doc")


def _warnings(stderr: str) -> list[str]:
    return sorted(line for line in stderr.splitlines() if line.startswith("warning: sources/"))


def test_word_and_markdown_round_trip(documents: Path) -> None:
    extracted = run_cli("extract", cwd=documents)
    assert extracted.returncode == 0, extracted.stderr
    warned = _warnings(extracted.stderr)
    assert [line.split(":")[1].strip() for line in warned] == sorted(
        f"sources/{name}" for name in WARNED
    )
    assert "reads releases in .txt, .html, .htm, .docx and .md files" in warned[0]
    assert "~$" not in extracted.stderr and "lock" not in extracted.stderr
    assert "DS_Store" not in extracted.stderr and "draft.txt~" not in extracted.stderr
    pot = (documents / "locales" / "templates" / f"{WORD_SLUG}.pot").read_text(encoding="utf-8")
    assert f"#: sources/{WORD_SLUG}.docx:2" in pot
    assert "placeholders (keep each once; move as needed): <1>…</1> italic" in pot
    for slug in (WORD_SLUG, MARKDOWN_SLUG):
        _translate(documents, slug, "ru")

    built = run_cli("build", cwd=documents)
    assert built.returncode == 0, built.stderr
    assert _warnings(built.stderr) == warned
    folder = documents / "build"

    word = docx.Document(io.BytesIO((folder / "ru" / f"{WORD_SLUG}.docx").read_bytes()))
    paragraphs = [(p.style.name, p.text) for p in word.paragraphs if p.text.strip()]
    assert paragraphs == [
        ("Title", "Журналисты прошли учебный курс"),
        (
            "Normal",
            "АЛМАТЫ, 5 апреля 2018\u202fг. – Около 20 журналистов прошли трёхдневный "
            "курс. Он завершился сегодня.",
        ),
        ("Normal", "Курс был посвящён журналистике данных и проверке фактов."),
        ("Heading 2", "Справка"),
        ("List Bullet", "Курс проводится ежегодно."),
    ]
    lead = word.paragraphs[1].runs
    assert [r.text for r in lead if r.bold] == ["АЛМАТЫ, 5 апреля 2018\u202fг."]
    assert [r.text for r in lead if r.italic] == ["трёхдневный"]
    assert [c.text for c in word.tables[0].rows[1].cells] == ["Продолжительность", "три дня"]

    markdown = (folder / "ru" / f"{MARKDOWN_SLUG}.md").read_text(encoding="utf-8")
    assert markdown.startswith('---\ntitle: "Журналисты прошли учебный курс"\ndate: 2018-04-05\n')
    assert "lang: ru\nlayout: release\n" in markdown
    assert '[журналистике данных](https://example.org/data "Course page")' in markdown
    assert "**АЛМАТЫ, 5 апреля 2018\u202fг.** – Около 20" in markdown
    assert "| Проверка фактов \\| верификация | 6 |" in markdown

    page = (folder / "ru" / f"{MARKDOWN_SLUG}.html").read_text(encoding="utf-8")
    assert "<title>Журналисты прошли учебный курс</title>" in page
    assert '<a href="https://example.org/data" title="Course page">журналистике данных</a>' in page
    assert "<em>трёхдневный</em>" in page and "<code>open data</code>" in page
    word_page = (folder / "ru" / f"{WORD_SLUG}.html").read_text(encoding="utf-8")
    assert '<strong><span class="dateline">АЛМАТЫ' in word_page

    # The source language: the documents as they are; Kazakh: not translated, so
    # neither its page nor its document is published.
    source = documents / "sources" / f"{WORD_SLUG}.docx"
    assert (folder / "en" / f"{WORD_SLUG}.docx").read_bytes() == source.read_bytes()
    assert (folder / "en" / f"{MARKDOWN_SLUG}.md").read_text(encoding="utf-8") == MARKDOWN
    for slug, suffix in ((WORD_SLUG, ".docx"), (MARKDOWN_SLUG, ".md")):
        assert not (folder / "kk" / f"{slug}.html").exists()
        assert not (folder / "kk" / f"{slug}{suffix}").exists()


def test_document_goes_with_its_page(documents: Path) -> None:
    """One plan: a page kept back takes its translated document with it."""
    assert run_cli("extract", cwd=documents).returncode == 0
    _translate(documents, WORD_SLUG, "ru")
    assert run_cli("build", cwd=documents).returncode == 0
    page = documents / "build" / "ru" / f"{WORD_SLUG}.html"
    translated = page.with_suffix(".docx")
    assert page.exists() and translated.exists()
    path = documents / "locales" / "ru" / f"{WORD_SLUG}.po"
    po = polib.pofile(str(path))
    po.find("Participants").msgstr = ""
    po.save(str(path))
    built = run_cli("build", cwd=documents)
    assert built.returncode == 0, built.stderr
    assert "1 of 10 units not reviewed" in built.stdout
    assert not page.exists() and not translated.exists()
    built = run_cli("build", "--allow-incomplete", "--lang", "ru", cwd=documents)
    assert built.returncode == 0, built.stderr
    assert page.exists() and translated.exists()
    opened = docx.Document(str(translated))
    assert opened.tables[0].rows[0].cells[0].text == "Participants"  # English, as on the page


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("broken.docx", b"PK\x03\x04 cut short", "sources/broken.docx: is not a Word document"),
        (
            "no-body.docx",
            word_package().replace(b"word/document.xml", b"word/documenX.xml"),
            "sources/no-body.docx: is a ZIP file without word/document.xml",
        ),
        (
            "bad-front.md",
            b"---\ntitle: OSCE: a title\n---\nText.\n",
            "sources/bad-front.md:2: the front matter is not valid YAML",
        ),
    ],
)
def test_broken_documents_are_errors(
    documents: Path, name: str, content: bytes, expected: str
) -> None:
    (documents / "sources" / name).write_bytes(content)
    result = run_cli("extract", cwd=documents)
    assert result.returncode == 2
    assert expected in result.stderr
    assert "Traceback" not in result.stderr
