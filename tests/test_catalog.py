"""The PO reader agrees with polib (the reference) on every file we produce or read."""

from __future__ import annotations

from pathlib import Path

import polib
import pytest

from l10nrelease.catalog import parse_catalog, render_catalog

from .conftest import ROOT, run_cli


def _polib_view(text: str) -> list[tuple]:  # type: ignore[type-arg]
    po = polib.pofile(text)
    return [
        (
            e.msgid,
            e.msgstr,
            e.msgctxt,
            "fuzzy" in e.flags,
            tuple(f for f in e.flags if f != "fuzzy"),
            e.previous_msgid,
            e.previous_msgctxt,
            e.tcomment or "",
            e.comment or "",
            tuple(tuple(o) for o in e.occurrences),
            bool(e.obsolete),
            e.linenum,
        )
        for e in po
    ]


def _our_view(text: str) -> list[tuple]:  # type: ignore[type-arg]
    catalog = parse_catalog(text, path="x.po")
    return [
        (
            e.msgid,
            e.msgstr,
            e.msgctxt,
            e.fuzzy,
            e.flags,
            e.previous_msgid,
            e.previous_msgctxt,
            e.translator_comment,
            e.extracted_comment,
            e.references,
            e.obsolete,
            e.line,
        )
        for e in catalog.entries
    ]


TRICKY = r"""# Header comment.
msgid ""
msgstr ""
"Language: ru\n"
"Content-Type: text/plain; charset=UTF-8\n"

# Translator note
# on two lines
#. extracted
#: sources/a.txt:3 sources/b.txt:12
#, fuzzy, no-wrap
#| msgctxt "old"
#| msgid "Old <1>text</1>"
msgctxt "ctx"
msgid ""
"Multi "
"line \"quoted\" \\ back\tslash\n"
msgstr "Перевод \x41 \101"

msgid "Plain"
msgstr ""

#~ msgid "Gone"
#~ msgstr "Ушло"
"""


@pytest.mark.parametrize("text", [TRICKY], ids=["tricky"])
def test_reader_agrees_with_polib(text: str) -> None:
    assert _our_view(text) == _polib_view(text)
    catalog = parse_catalog(text, path="x.po")
    assert catalog.header_comment == "Header comment."
    assert dict(catalog.header)["Language"] == "ru"


def test_reader_agrees_with_polib_on_every_committed_po_file(project: Path) -> None:
    import shutil

    from .conftest import DATA

    shutil.copy(DATA / "2017-02-15-osce-media-training.html", project / "sources")
    assert run_cli("extract", cwd=project).returncode == 0
    files = list(project.rglob("*.po")) + list(project.rglob("*.pot"))
    assert len(files) >= 5
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert _our_view(text) == _polib_view(text), path
        # And what we write, we read back as it was.
        catalog = parse_catalog(text, path=str(path))
        assert parse_catalog(render_catalog(catalog), path="y").entries == catalog.entries


def test_sample_round_trip() -> None:
    path = ROOT / "locales" / "kk" / "2017-01-31-osce-roundtable-countering-terrorism.po"
    text = path.read_text(encoding="utf-8")
    assert render_catalog(parse_catalog(text, path="x")) == text
