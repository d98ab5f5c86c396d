"""The PO reader agrees with polib (the reference) on every file we produce or read."""

from __future__ import annotations

from pathlib import Path

import polib
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from l10nrelease.catalog import Catalog, Entry
from l10nrelease.errors import CatalogError
from l10nrelease.pofile import parse_catalog, render_catalog

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
msgstr "Перевод \v\b\f"

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


def test_hexadecimal_and_octal_escapes_mean_what_gettext_says() -> None:
    """Where polib keeps \\x41 as written (and would save it as \\\\x41, another text),
    gettext's msgfmt and msgcat read "A": the reader follows gettext, the writer writes
    what msgcat writes, and an escape gettext refuses is refused."""
    import shutil
    import subprocess

    text = (
        'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "b"\nmsgstr "\\x41\\101\\a"\n\nmsgid "c"\nmsgstr "it\\x27s"\n'
    )
    catalog = parse_catalog(text, path="x.po")
    assert [e.msgstr for e in catalog.entries] == ["AA\a", "it's"]
    written = render_catalog(catalog)
    assert 'msgstr "AA\\a"' in written and 'msgstr "it\'s"' in written
    msgcat = shutil.which("msgcat")
    if msgcat is not None:
        out = subprocess.run([msgcat, "-"], input=text, capture_output=True, text=True).stdout
        assert 'msgstr "AA\\a"' in out and 'msgstr "it\'s"' in out
    for bad in ("\\?", "\\'", "\\q"):
        with pytest.raises(CatalogError, match="unknown escape"):
            parse_catalog(f'msgid "a"\nmsgstr "x{bad}y"\n', path="x.po")


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


def _polib_render(catalog: Catalog) -> str:
    """What polib writes for a catalog: the reference for our own writer."""
    po = polib.POFile(wrapwidth=78)
    po.header = catalog.header_comment
    po.metadata = dict(catalog.header)
    po.metadata_is_fuzzy = catalog.header_value("Language") == ""
    for entry in catalog.entries:
        po.append(
            polib.POEntry(
                msgid=entry.msgid,
                msgstr=entry.msgstr,
                msgctxt=entry.msgctxt,
                flags=(["fuzzy"] if entry.fuzzy else []) + list(entry.flags),
                previous_msgid=entry.previous_msgid if entry.fuzzy else None,
                previous_msgctxt=entry.previous_msgctxt if entry.fuzzy else None,
                tcomment=entry.translator_comment,
                comment=entry.extracted_comment,
                occurrences=list(entry.references),
                obsolete=entry.obsolete,
            )
        )
    text = str(po.__unicode__())
    return text if text.endswith("\n") else text + "\n"


# Text as press releases and translators write it: words (Latin, Cyrillic, Kazakh),
# spaces, hyphens and dashes, quotes, escapes, placeholders, and now and then a very
# long word or a newline.
_ALPHABET = st.sampled_from(
    [*list("abcz ABZ йёЖ әғқңөұүһі -–—.,:;!?«»\"'\\\t\n<>/12"), "<1>", "</1>", "  ", "--"]
)
_TEXT = st.lists(
    st.one_of(_ALPHABET, st.text(alphabet="abcdefghij-", min_size=1, max_size=90)),
    max_size=60,
).map("".join)
_LINE = st.lists(
    st.sampled_from([*list("abc юя-:./ \xa0\t"), "--", "  ", "abcdefgh"]), max_size=60
).map("".join)


@st.composite
def _catalogs(draw: st.DrawFn) -> Catalog:
    entries = []
    seen = set()
    for _ in range(draw(st.integers(0, 6))):
        msgid = draw(_TEXT.filter(bool))
        msgctxt = draw(st.none() | _TEXT)
        if (msgctxt, msgid) in seen:
            continue
        seen.add((msgctxt, msgid))
        fuzzy = draw(st.booleans())
        obsolete = draw(st.booleans())
        entries.append(
            Entry(
                msgid=msgid,
                msgstr=draw(_TEXT),
                msgctxt=msgctxt,
                fuzzy=fuzzy,
                flags=tuple(draw(st.lists(st.sampled_from(["no-wrap", "python-format"])))),
                previous_msgid=draw(st.none() | _TEXT) if fuzzy else None,
                previous_msgctxt=draw(st.none() | _TEXT) if fuzzy else None,
                translator_comment=draw(_LINE),
                extracted_comment=draw(_LINE),
                references=tuple(
                    draw(
                        st.lists(
                            st.tuples(
                                st.text(alphabet="abc-/.", min_size=1, max_size=40),
                                st.sampled_from(["", "1", "20"]),
                            ),
                            max_size=6,
                        )
                    )
                ),
                obsolete=obsolete,
            )
        )
    header = (
        ("Project-Id-Version", draw(_LINE)),
        ("Language", draw(st.sampled_from(["", "ru", "kk"]))),
        ("X-Tool", "l10nrelease"),
        ("Content-Type", "text/plain; charset=UTF-8"),
    )
    return Catalog(header=header, entries=tuple(entries), header_comment=draw(_LINE))


@settings(max_examples=400, deadline=None)
@given(_catalogs())
def test_writer_agrees_with_polib(catalog: Catalog) -> None:
    assert render_catalog(catalog) == _polib_render(catalog)


def test_writer_agrees_with_polib_on_every_committed_po_file() -> None:
    files = sorted((ROOT / "locales").rglob("*.po*"))
    assert files
    for path in files:
        catalog = parse_catalog(path.read_text(encoding="utf-8"), path=str(path))
        assert render_catalog(catalog) == _polib_render(catalog), path


def test_writer_agrees_with_polib_at_every_line_length() -> None:
    # Lines that fit exactly, miss by one, or break after a hyphen or an escape.
    texts = []
    for size in range(60, 170):
        for word in ("ab", "abcdefg", "Қазақстан-", 'a"b', "x\\y", "—"):
            text = ""
            while len(text) < size:
                text += word + " "
            texts.append(text[:size])
    entries = tuple(
        Entry(msgid=text, msgstr=text[::-1], translator_comment=text, extracted_comment=text)
        for text in dict.fromkeys(texts)
    )
    catalog = Catalog(header=(("Language", "kk"),), entries=entries)
    assert render_catalog(catalog) == _polib_render(catalog)
