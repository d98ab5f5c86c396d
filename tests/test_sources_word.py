"""``.docx`` releases: reading Word's runs as placeholders, and rebuilding them translated.

Documents come from python-docx, from LibreOffice (a file it wrote, in tests/data, and
one written now when soffice is installed) and from hand-written WordprocessingML with
what Word itself writes: runs split by revision ids, bookmarks, proofing marks, smart
tags, tracked changes, hyperlinks by relationship id and as fields.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest
from docx.shared import Pt

from l10nrelease.errors import SourceError
from l10nrelease.model import Release, Unit
from l10nrelease.sources import document, inline_html, read_release
from l10nrelease.sources.word import parse

from .conftest import DATA

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
LIBREOFFICE_DOCX = DATA / "documents" / "2017-02-15-libreoffice-media-training.docx"


def _python_docx_release() -> bytes:
    document_ = docx.Document()
    document_.core_properties.title = "Journalists attend a training course"
    document_.add_paragraph("Journalists attend a training course", style="Title")
    paragraph = document_.add_paragraph()
    paragraph.add_run("ALMATY, 5 April 2018").bold = True
    paragraph.add_run(" – Some 20 journalists took part in a ")
    paragraph.add_run("three-day").italic = True
    paragraph.add_run(" course. It ended today.")
    paragraph = document_.add_paragraph("The course covered ")
    big = paragraph.add_run("data journalism")
    big.bold = True
    big.font.size = Pt(14)
    paragraph.add_run(" and fact checking.")
    table = document_.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Participants"
    table.cell(0, 1).text = "20"
    table.cell(1, 0).text = "Duration"
    table.cell(1, 1).text = "three days"
    document_.add_heading("Background", level=2)
    document_.add_paragraph("The course is held every year.", style="List Bullet")
    output = io.BytesIO()
    document_.save(output)
    return output.getvalue()


def _units(release: Release) -> list[str]:
    return [unit.text for unit in release.units()]


def _translate(table: dict[str, str]):  # type: ignore[no-untyped-def]
    def translate(unit: Unit) -> str | None:
        return table.get(unit.text)

    return translate


def _runs(data: bytes) -> list[tuple[str, list[tuple[str, bool | None, bool | None]]]]:
    opened = docx.Document(io.BytesIO(data))
    return [
        (p.style.name, [(r.text, r.bold, r.italic) for r in p.runs])
        for p in opened.paragraphs
        if p.text.strip()
    ]


def test_python_docx_document_reads_into_units() -> None:
    release = parse(_python_docx_release(), path="sources/x.docx", slug="2018-04-05-x")
    assert release.format == "docx"
    assert release.headline == "Journalists attend a training course"
    assert release.dateline is not None and release.dateline.city == "ALMATY"
    assert release.date is not None and release.date.isoformat() == "2018-04-05"
    assert _units(release) == [
        "Journalists attend a training course",
        "ALMATY, 5 April 2018",
        "Some 20 journalists took part in a <1>three-day</1> course.",
        "It ended today.",
        "The course covered <1>data journalism</1> and fact checking.",
        "Participants",
        "Duration",
        "three days",
        "Background",
        "The course is held every year.",
    ]
    roles = {unit.text: unit.role for unit in release.units()}
    assert roles["Participants"] == "table 1, row 1, cell 1"
    assert roles["Background"] == "heading 2"
    assert roles["The course is held every year."] == "list item"
    assert roles["It ended today."] == "paragraph 1, sentence 2 of 2"
    bold = next(u for u in release.units() if u.text.startswith("The course covered"))
    assert [p.tag for p in bold.placeholders] == ["strong"]
    # A paragraph with no letters ("20") is kept, not extracted.
    assert "20" not in _units(release)


def test_translated_document_keeps_styles_and_run_formatting() -> None:
    release = parse(_python_docx_release(), path="sources/x.docx", slug="x")
    data = _rebuilt(release, "ru")
    assert _runs(data) == [
        ("Title", [("Журналисты прошли учебный курс", None, None)]),
        (
            "Normal",
            [
                ("АЛМАТЫ, 5 апреля 2018 г.", True, None),
                (" – ", None, None),
                ("Около 20 журналистов прошли ", None, None),
                ("трёхдневный", None, True),
                (" курс.", None, None),
                (" ", None, None),
                ("It ended today.", None, None),
            ],
        ),
        (
            "Normal",
            [
                ("Курс был посвящён ", None, None),
                ("журналистике данных", True, None),
                (" и проверке фактов.", None, None),
            ],
        ),
        ("Heading 2", [("Справка", None, None)]),
        ("List Bullet", [("The course is held every year.", None, None)]),
    ]
    opened = docx.Document(io.BytesIO(data))
    big = next(r for r in opened.paragraphs[2].runs if r.bold)
    assert big.font.size == Pt(14)  # the span's own run properties, not only bold
    assert [c.text for c in opened.tables[0].rows[0].cells] == ["Участники", "20"]
    assert opened.core_properties.title == "Журналисты прошли учебный курс"
    translated = opened.paragraphs[0].runs[0]._r
    assert translated.find(f"{{{W}}}rPr/{{{W}}}lang").get(f"{{{W}}}val") == "ru-RU"
    untranslated = opened.paragraphs[1].runs[-1]._r
    assert untranslated.find(f"{{{W}}}rPr/{{{W}}}lang") is None


RUSSIAN = {
    "Journalists attend a training course": "Журналисты прошли учебный курс",
    "Some 20 journalists took part in a <1>three-day</1> course.": (
        "Около 20 журналистов прошли <1>трёхдневный</1> курс."
    ),
    "The course covered <1>data journalism</1> and fact checking.": (
        "Курс был посвящён <1>журналистике данных</1> и проверке фактов."
    ),
    "Participants": "Участники",
    "Background": "Справка",
}


def _rebuilt(release: Release, language: str, table: dict[str, str] | None = None) -> bytes:
    chosen = dict(RUSSIAN if table is None else table)
    if release.dateline is not None:
        chosen.setdefault(release.dateline.text, "АЛМАТЫ, 5 апреля 2018 г.")
    found = document(release, _translate(chosen), language=language, source_language="en")
    assert found is not None and found[0] == ".docx"
    return found[1]


def test_untranslated_document_is_the_source_and_paragraphs_left_alone_are_untouched() -> None:
    data = _python_docx_release()
    release = parse(data, path="sources/x.docx", slug="x")
    assert document(release, None, language="en", source_language="en") == (".docx", data)
    nothing = document(release, lambda unit: None, language="ru", source_language="en")
    assert nothing is not None
    before = _document_xml(data)
    after = _document_xml(nothing[1])
    assert before == after  # re-serialized by python-docx, but not one element changed


def _document_xml(data: bytes) -> bytes:
    from lxml import etree

    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return etree.tostring(etree.fromstring(package.read("word/document.xml")), method="c14n")


def test_html_page_markup_of_each_placeholder() -> None:
    release = parse(_python_docx_release(), path="sources/x.docx", slug="x")
    inline = inline_html(release)
    assert inline is not None and len(inline) == len(release.blocks)
    assert inline[1] == {1: ("<strong>", "</strong>"), 2: ("<em>", "</em>")}


# --------------------------------------------------------------- Word's own XML

WORD_BODY = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="{W}"
 xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"
 xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml"><w:body>
<w:p w:rsidR="00A1" w:rsidRDefault="00A1" w14:paraId="1A2B3C4D">
 <w:pPr><w:pStyle w:val="Title"/></w:pPr>
 <w:bookmarkStart w:id="0" w:name="_GoBack"/>
 <w:r w:rsidRPr="00B2"><w:rPr><w:lang w:val="en-GB"/></w:rPr><w:t>Journalists</w:t></w:r>
 <w:r w:rsidR="00C3"><w:t xml:space="preserve"> attend a tr</w:t></w:r>
 <w:proofErr w:type="spellStart"/>
 <w:r><w:rPr><w:noProof/></w:rPr><w:t>aining</w:t></w:r>
 <w:proofErr w:type="spellEnd"/>
 <w:r><w:t xml:space="preserve"> course</w:t></w:r>
 <w:bookmarkEnd w:id="0"/>
</w:p>
<w:p w:rsidR="00A1">
 <w:r><w:rPr><w:b/><w:bCs/></w:rPr><w:t xml:space="preserve">ALMATY, </w:t></w:r>
 <w:r><w:rPr><w:b/></w:rPr><w:t>5 April 2018</w:t></w:r>
 <w:r><w:t xml:space="preserve"> – Some 20 journalists from </w:t></w:r>
 <w:smartTag w:uri="urn:schemas-microsoft-com:office:smarttags" w:element="place">
  <w:r><w:t>Almaty</w:t></w:r></w:smartTag>
 <w:r><w:t xml:space="preserve"> took part in a </w:t></w:r>
 <w:r><w:rPr><w:b/></w:rPr><w:t>three-</w:t></w:r>
 <w:r w:rsidR="00D4"><w:rPr><w:b/><w:lang w:val="en-US"/></w:rPr><w:t>day</w:t></w:r>
 <w:r><w:t xml:space="preserve"> course organized by the </w:t></w:r>
 <w:hyperlink r:id="rId10" w:history="1">
  <w:r><w:rPr><w:rStyle w:val="Hyperlink"/></w:rPr><w:t>OSCE</w:t></w:r>
  <w:r><w:rPr><w:rStyle w:val="Hyperlink"/></w:rPr><w:t xml:space="preserve"> Office</w:t></w:r>
 </w:hyperlink>
 <w:r><w:t>.</w:t></w:r>
 <w:commentRangeStart w:id="3"/>
 <w:ins w:id="5" w:author="Editor" w:date="2018-04-05T10:00:00Z">
  <w:r><w:t xml:space="preserve"> It ended today.</w:t></w:r></w:ins>
 <w:del w:id="6" w:author="Editor" w:date="2018-04-05T10:00:00Z">
  <w:r><w:delText xml:space="preserve"> It was long.</w:delText></w:r></w:del>
 <w:commentRangeEnd w:id="3"/>
</w:p>
<w:p>
 <w:r><w:t xml:space="preserve">Read the </w:t></w:r>
 <w:r><w:fldChar w:fldCharType="begin"/></w:r>
 <w:r><w:instrText xml:space="preserve"> HYPERLINK </w:instrText></w:r>
 <w:r><w:instrText xml:space="preserve">"https://www.osce.org/report" </w:instrText></w:r>
 <w:r><w:fldChar w:fldCharType="separate"/></w:r>
 <w:r><w:rPr><w:rStyle w:val="Hyperlink"/></w:rPr><w:t>full report</w:t></w:r>
 <w:r><w:fldChar w:fldCharType="end"/></w:r>
 <w:r><w:t xml:space="preserve"> online</w:t><w:tab/><w:t>(PDF).</w:t></w:r>
</w:p>
<w:p><w:pPr><w:pStyle w:val="Normal"/></w:pPr></w:p>
<w:sdt><w:sdtPr><w:alias w:val="Contact"/></w:sdtPr><w:sdtContent>
 <w:p><w:r><w:t>Contact the press office.</w:t></w:r></w:p>
</w:sdtContent></w:sdt>
<w:sectPr/>
</w:body></w:document>"""

WORD_STYLES = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="{W}">
<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>
<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/></w:style>
<w:style w:type="character" w:styleId="Hyperlink"><w:name w:val="Hyperlink"/></w:style>
</w:styles>"""


def word_package(body: str = WORD_BODY, *, styles: str = WORD_STYLES) -> bytes:
    """A .docx made by hand, part by part, as Word lays one out."""
    office = "http://schemas.openxmlformats.org/officeDocument/2006"
    package = "http://schemas.openxmlformats.org/package/2006"
    wml = "application/vnd.openxmlformats-officedocument.wordprocessingml"
    parts = {
        "[Content_Types].xml": f"""<?xml version="1.0" encoding="UTF-8"?>
<Types xmlns="{package}/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml" ContentType="{wml}.document.main+xml"/>
<Override PartName="/word/styles.xml" ContentType="{wml}.styles+xml"/>
</Types>""",
        "_rels/.rels": f"""<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="{package}/relationships">
<Relationship Id="rId1" Type="{office}/relationships/officeDocument" Target="word/document.xml"/>
</Relationships>""",
        "word/_rels/document.xml.rels": f"""<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="{package}/relationships">
<Relationship Id="rId1" Type="{office}/relationships/styles" Target="styles.xml"/>
<Relationship Id="rId10" Type="{office}/relationships/hyperlink"
 Target="https://www.osce.org/programme-office-in-astana" TargetMode="External"/>
</Relationships>""",
        "word/document.xml": body,
        "word/styles.xml": styles,
    }
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    return output.getvalue()


WORD_RUSSIAN = {
    "Journalists attend a training course": "Журналисты прошли учебный курс",
    "Some 20 journalists from Almaty took part in a <1>three-day</1> course organized "
    "by the <2>OSCE Office</2>.": "Около 20 журналистов из Алматы прошли <1>трёхдневный</1> "
    "курс, организованный <2>Офисом ОБСЕ</2>.",
    "Read the <1>full report</1> online<2/>(PDF).": (
        "Прочтите <1>полный доклад</1> онлайн<2/>(PDF)."
    ),
    "Contact the press office.": "Свяжитесь с пресс-службой.",
}


def test_word_noise_is_read_through() -> None:
    release = parse(word_package(), path="sources/w.docx", slug="w")
    assert _units(release) == [
        "Journalists attend a training course",  # split runs, proofErr, bookmarks
        "ALMATY, 5 April 2018",  # bold in two runs, one with bCs
        "Some 20 journalists from Almaty took part in a <1>three-day</1> course organized "
        "by the <2>OSCE Office</2>.",  # smart tag, a run split by language, w:hyperlink
        "It ended today.",  # a tracked insertion; the deletion is not text
        "Read the <1>full report</1> online<2/>(PDF).",  # a HYPERLINK field, a tab
        "Contact the press office.",  # inside a content control
    ]
    inline = inline_html(release)
    assert inline is not None
    link = inline[1][3]
    assert link == ('<a href="https://www.osce.org/programme-office-in-astana">', "</a>")
    assert inline[2][1] == ('<a href="https://www.osce.org/report">', "</a>")
    assert inline[2][2] == (" ", "")
    tags = [[p.tag for p in u.placeholders] for u in release.units()]
    assert tags[2] == ["strong", "a"]
    assert tags[4] == ["a", "tab"]
    assert [u.line for u in release.units()] == [1, 2, 2, 2, 3, 5]


def _text(element: object) -> str:
    """The text Word shows (w:t), as python-docx's elements override itertext."""
    return "".join(t.text or "" for t in element.iter(f"{{{W}}}t"))  # type: ignore[attr-defined]


def test_word_document_rebuilt_with_its_links_fields_and_bookmarks() -> None:
    release = parse(word_package(), path="sources/w.docx", slug="w")
    data = _rebuilt(release, "ru", WORD_RUSSIAN)
    opened = docx.Document(io.BytesIO(data))
    body = opened.element.body
    paragraphs = body.findall(f"{{{W}}}p")
    title, lead, report = paragraphs[0], paragraphs[1], paragraphs[2]
    assert _text(title) == "Журналисты прошли учебный курс"
    assert title.find(f"{{{W}}}pPr/{{{W}}}pStyle").get(f"{{{W}}}val") == "Title"
    # the bookmark stays around the paragraph's text; proofing marks are gone
    names = [child.tag.split("}")[1] for child in title]
    assert names[0] == "pPr" and names[1] == "bookmarkStart" and names[-1] == "bookmarkEnd"
    assert title.find(f"{{{W}}}proofErr") is None
    link = lead.find(f"{{{W}}}hyperlink")
    rid = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
    assert link.get(rid) == "rId10"
    assert _text(link) == "Офисом ОБСЕ"
    assert link.find(f".//{{{W}}}rStyle").get(f"{{{W}}}val") == "Hyperlink"
    bold = [r for r in lead.iter(f"{{{W}}}r") if r.find(f"{{{W}}}rPr/{{{W}}}b") is not None]
    assert [_text(r) for r in bold] == ["АЛМАТЫ, 5 апреля 2018 г.", "трёхдневный"]
    assert "It ended today." in _text(lead)  # not translated: kept
    assert lead.find(f"{{{W}}}del") is None and lead.find(f"{{{W}}}smartTag") is None
    assert lead.find(f"{{{W}}}commentRangeStart") is not None
    instruction = "".join(t.text for t in report.iter(f"{{{W}}}instrText"))
    assert "HYPERLINK" in instruction
    kinds = [c.get(f"{{{W}}}fldCharType") for c in report.iter(f"{{{W}}}fldChar")]
    assert kinds == ["begin", "separate", "end"]
    assert _text(report) == ("Прочтите полный доклад онлайн(PDF).")
    assert report.find(f".//{{{W}}}tab") is not None
    assert _text(body.find(f"{{{W}}}sdt")) == "Свяжитесь с пресс-службой."
    assert body.find(f"{{{W}}}sdt/{{{W}}}sdtPr/{{{W}}}alias") is not None


def test_libreoffice_document_from_tests_data() -> None:
    """A .docx LibreOffice wrote (from the .source.html beside it)."""
    release = parse(LIBREOFFICE_DOCX.read_bytes(), path="sources/lo.docx", slug="lo")
    assert release.headline == "OSCE supports media training in Kyzylorda"
    assert release.dateline is not None and release.dateline.text == "KYZYLORDA, 15 February 2017"
    units = _units(release)
    assert (
        "Some 20 journalists from the Kyzylorda region took part in a <1>three-day</1> "
        "training course on investigative journalism, organized by the <2>OSCE Programme "
        "Office in Astana</2>." in units
    )
    # (how "said Ms. Aigerim" is cut is the segmenter's business, not the reader's)
    assert any(unit.startswith("“Independent media are essential,” said Ms.") for unit in units)
    assert "20 journalists" in units and "3 days" in units and "Background" in units
    inline = inline_html(release)
    assert inline is not None
    assert ('<a href="https://www.osce.org/programme-office-in-astana">', "</a>") in inline[
        1
    ].values()
    translated = {unit.text: f"«{unit.text}»" for unit in release.units() if unit.context is None}
    data = _rebuilt(release, "kk", translated)
    styles = [style for style, _runs in _runs(data)]
    assert styles == [style for style, _runs in _runs(LIBREOFFICE_DOCX.read_bytes())]
    again = parse(data, path="sources/lo.docx", slug="lo")
    assert again.headline == "«OSCE supports media training in Kyzylorda»"
    assert "«Participants»" in _units(again) and "«3 days»" in _units(again)


SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_writes_a_document_we_read_and_reads_the_one_we_write(tmp_path: Path) -> None:
    assert SOFFICE is not None
    source = tmp_path / "release.html"
    shutil.copy(DATA / "documents" / "2017-02-15-libreoffice-media-training.source.html", source)
    profile = f"-env:UserInstallation=file://{tmp_path / 'profile'}"
    convert = [SOFFICE, profile, "--headless", "--infilter=HTML (StarWriter)"]
    done = subprocess.run(
        [*convert, "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(tmp_path), str(source)],
        capture_output=True,
        timeout=180,
    )
    assert done.returncode == 0, done.stderr
    release = parse((tmp_path / "release.docx").read_bytes(), path="sources/r.docx", slug="r")
    assert release.headline == "OSCE supports media training in Kyzylorda"
    table = {"OSCE supports media training in Kyzylorda": "ОБСЕ поддерживает обучение СМИ"}
    (tmp_path / "ru.docx").write_bytes(_rebuilt(release, "ru", table))
    done = subprocess.run(
        [
            *(SOFFICE, profile, "--headless", "--convert-to", "txt:Text (encoded):UTF8"),
            *("--outdir", str(tmp_path), str(tmp_path / "ru.docx")),
        ],
        capture_output=True,
        timeout=180,
    )
    assert done.returncode == 0, done.stderr
    text = (tmp_path / "ru.txt").read_text(encoding="utf-8-sig")
    assert "ОБСЕ поддерживает обучение СМИ" in text
    assert "Some 20 journalists" in text


# ------------------------------------------------------------------------ errors


def _zip(parts: dict[str, str]) -> bytes:
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w") as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    return output.getvalue()


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"Plain text saved as .docx\n", "not a ZIP package (a file cut short"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "an old Word 97-2003 .doc"),
        (b"", "not a ZIP package"),
        (_zip({"content.xml": "<x/>"}), "a ZIP file without [Content_Types].xml"),
        (
            _zip({"[Content_Types].xml": "<Types/>", "word/styles.xml": "<x/>"}),
            "a ZIP file without word/document.xml",
        ),
        (
            word_package("<w:document><w:body><w:p>"),
            "the document's XML is damaged",
        ),
        (
            word_package(f'<w:document xmlns:w="{W}"><w:body><w:p/></w:body></w:document>'),
            "the document has no text",
        ),
    ],
)
def test_broken_documents_are_errors_naming_the_file(data: bytes, expected: str) -> None:
    with pytest.raises(SourceError) as caught:
        parse(data, path="sources/broken.docx", slug="broken")
    assert str(caught.value).startswith("sources/broken.docx")
    assert expected in str(caught.value)


def test_text_that_looks_like_a_placeholder_is_refused_with_its_paragraph() -> None:
    body = WORD_BODY.replace("Contact the press office.", "Press &lt;1&gt; for the office.")
    with pytest.raises(SourceError) as caught:
        parse(word_package(body), path="sources/w.docx", slug="w")
    assert str(caught.value).startswith("sources/w.docx:5: paragraph 5 has the text '<1>'")


def test_embargo_line_before_the_headline() -> None:
    document_ = docx.Document()
    document_.add_paragraph("EMBARGOED UNTIL 2018-04-05 10:00+06:00")
    document_.add_paragraph("Journalists attend a training course", style="Title")
    document_.add_paragraph("Some 20 journalists took part.")
    output = io.BytesIO()
    document_.save(output)
    release = parse(output.getvalue(), path="sources/e.docx", slug="e")
    assert release.metadata == {"embargo": "2018-04-05T10:00:00+06:00"}
    assert _units(release) == [
        "Journalists attend a training course",
        "Some 20 journalists took part.",
    ]
    bad = docx.Document()
    bad.add_paragraph("EMBARGOED UNTIL next Tuesday")
    bad.add_paragraph("Headline", style="Title")
    output = io.BytesIO()
    bad.save(output)
    with pytest.raises(SourceError, match=r"^sources/e.docx:1: cannot read the embargo time"):
        parse(output.getvalue(), path="sources/e.docx", slug="e")


def test_read_release_dispatches_docx(tmp_path: Path) -> None:
    path = tmp_path / "sources" / "2018-04-05-word.docx"
    path.parent.mkdir()
    path.write_bytes(_python_docx_release())
    release = read_release(path, root=tmp_path)
    assert release.path == "sources/2018-04-05-word.docx" and release.slug == "2018-04-05-word"
    assert release.data == path.read_bytes()
