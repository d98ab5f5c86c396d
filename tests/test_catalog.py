"""The PO reader agrees with polib, and the writer with GNU gettext's msgcat: on random
catalogs, on every line length, on every file we produce."""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import replace
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


MSGCAT = shutil.which("msgcat")
needs_msgcat = pytest.mark.skipif(
    MSGCAT is None, reason="GNU gettext's msgcat is not installed (apt-get install gettext)"
)


def _msgcat(text: str, *options: str) -> str:
    """What GNU gettext's msgcat writes for a PO text: the reference for our writer."""
    assert MSGCAT is not None
    done = subprocess.run(
        [MSGCAT, "--force-po", *options, "-"],
        input=text.encode("utf-8"),
        capture_output=True,
        check=True,
    )
    return done.stdout.decode("utf-8")


# Text as press releases and translators write it: words (Latin, Cyrillic, Kazakh),
# spaces, hyphens and dashes, quotes, escapes, placeholders, and now and then a very
# long word, a newline, a wide or combining character, a no-break or zero-width space.
_ALPHABET = st.sampled_from(
    [
        *list("abcz ABZ йёЖ әғқңөұүһі -–—.,:;!?«»\"'\\\t\n<>/12()"),
        *["<1>", "</1>", "  ", "--", "\xa0", "\u200b", "\u0301", "日本", "\a", "\v", "\r"],
    ]
)
_TEXT = st.lists(
    st.one_of(_ALPHABET, st.text(alphabet="abcdefghij-", min_size=1, max_size=90)),
    max_size=60,
).map("".join)
_LINE = st.lists(
    st.sampled_from([*list("abc юя-:./ \xa0\t"), "--", "  ", "abcdefgh"]), max_size=60
).map("".join)
#: Flags gettext knows (it drops others, and sorts format flags by its own list).
_FLAGS = st.sampled_from([(), ("no-wrap",), ("python-format",), ("python-format", "no-wrap")])


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
        msgstr = draw(_TEXT)
        fuzzy = draw(st.booleans())
        previous = draw(st.booleans())
        entries.append(
            Entry(
                msgid=msgid,
                msgstr=msgstr,
                msgctxt=msgctxt,
                fuzzy=fuzzy,
                flags=draw(_FLAGS),
                previous_msgid=draw(_TEXT) if previous else None,
                # (gettext refuses a previous msgctxt without a previous msgid.)
                previous_msgctxt=draw(st.none() | _TEXT) if previous else None,
                translator_comment=draw(_LINE),
                extracted_comment=draw(_LINE),
                references=tuple(
                    dict.fromkeys(
                        draw(
                            st.lists(
                                st.tuples(
                                    # (gettext drops a leading "./" of a file name.)
                                    st.text(alphabet="abc-/.й", min_size=1, max_size=40).filter(
                                        lambda name: not name.startswith("./")
                                    ),
                                    st.sampled_from(["", "1", "20"]),
                                ),
                                max_size=6,
                            )
                        )
                    )
                ),
                # gettext writes no obsolete entry without a translation (we keep one
                # with a translator's comment: see test_what_we_keep_and_gettext_drops).
                obsolete=bool(msgstr) and draw(st.booleans()),
            )
        )
    header = (
        ("Project-Id-Version", draw(_LINE)),
        ("Language", draw(st.sampled_from(["", "ru", "kk"]))),
        ("Content-Type", "text/plain; charset=UTF-8"),
        ("X-Tool", draw(_TEXT.filter(lambda text: "\n" not in text))),
    )
    return Catalog(header=header, entries=tuple(entries), header_comment=draw(_LINE))


@needs_msgcat
@settings(max_examples=150, deadline=None)
@given(_catalogs())
def test_writer_writes_what_msgcat_writes(catalog: Catalog) -> None:
    """msgcat, given the catalog in any layout (ours, unwrapped, at another width),
    writes our bytes; so does msgcat --no-wrap for our unwrapped layout."""
    ours = render_catalog(catalog)
    unwrapped = render_catalog(catalog, wrap=False)
    assert _msgcat(unwrapped) == ours
    assert _msgcat(render_catalog(catalog, width=40)) == ours
    assert _msgcat(ours, "--no-wrap") == unwrapped
    assert _msgcat(ours, "--width=40") == render_catalog(catalog, width=40)


@needs_msgcat
def test_writer_writes_what_msgcat_writes_on_every_committed_po_file() -> None:
    files = sorted((ROOT / "locales").rglob("*.po*"))
    assert files
    for path in files:
        text = path.read_text(encoding="utf-8")
        catalog = parse_catalog(text, path=str(path))
        assert render_catalog(catalog) == text == _msgcat(text), path


@needs_msgcat
def test_writer_writes_what_msgcat_writes_at_every_line_length() -> None:
    # Lines that fit exactly, miss by one, or break after a hyphen, a dash, a slash, an
    # escape, before a quote or a parenthesis; comments and references of every length.
    texts = []
    for size in range(60, 170):
        for word in ("ab", "abcdefg", "Қазақстан-", 'a"b', "x\\y", "—", "«ОБСЕ»", "a/b", "(c)"):
            text = ""
            while len(text) < size:
                text += word + " "
            texts.append(text[:size])
    entries = tuple(
        Entry(
            msgid=text,
            msgstr=text[::-1],
            # (A comment ending in a backslash would run on into the next line for gettext.)
            translator_comment=text.rstrip("\\"),
            extracted_comment=text.rstrip("\\"),
            references=tuple(
                (f"sources/{text[:n].replace(' ', '-')}.txt", str(n)) for n in (5, 9, 30)
            ),
        )
        for text in dict.fromkeys(texts)
    )
    catalog = Catalog(
        header=(("Language", "kk"), ("Content-Type", "text/plain; charset=UTF-8")), entries=entries
    )
    ours = render_catalog(catalog)
    assert _msgcat(render_catalog(catalog, wrap=False)) == ours


def test_what_we_keep_and_gettext_drops() -> None:
    """Where gettext would lose something a person wrote, the writer keeps it: a removed
    sentence's translator comment (an obsolete entry without a translation), flags
    gettext does not know, comments after the last entry."""
    catalog = Catalog(
        header=(("Language", "ru"), ("Content-Type", "text/plain; charset=UTF-8")),
        entries=(
            Entry(
                msgid="Kept",
                msgstr="",
                translator_comment="checked with the ministry",
                obsolete=True,
            ),
            Entry(msgid="Flagged", msgstr="Да", flags=("reviewed-by-anna",)),
        ),
        trailer="TODO: the dateline",
    )
    text = render_catalog(catalog)
    assert '# checked with the ministry\n#~ msgid "Kept"\n#~ msgstr ""\n' in text
    assert "#, reviewed-by-anna\n" in text
    assert text.endswith("\n# TODO: the dateline\n")
    again = parse_catalog(text, path="x.po")
    assert [replace(entry, line=0) for entry in again.entries] == list(catalog.entries[::-1])
    assert again.trailer == catalog.trailer


def test_crlf_is_read_and_written_back() -> None:
    text = TRICKY.replace("\n", "\r\n")
    catalog = parse_catalog(text, path="x.po")
    assert catalog.newline == "\r\n"
    assert _our_view(text) == _our_view(TRICKY)
    lf = render_catalog(parse_catalog(TRICKY, path="x.po"))
    assert render_catalog(catalog) == lf.replace("\n", "\r\n")
    # A mix (an editor that saved some lines its own way): the ending most lines have.
    mixed = text.replace("\r\n", "\n", 3)
    assert parse_catalog(mixed, path="x.po").newline == "\r\n"
    assert parse_catalog(TRICKY.replace("\n", "\r\n", 3), path="x.po").newline == "\n"


def test_a_lone_carriage_return_is_still_an_error() -> None:
    with pytest.raises(CatalogError, match="carriage return") as caught:
        parse_catalog(TRICKY.replace("Plain", "Pl\rain"), path="x.po")
    assert str(caught.value).startswith("x.po:20: ")


# What a file may have that gettext's tools do not write: blank lines with spaces,
# doubled blank lines, spaces around strings, obsolete and previous strings, stray
# lines, keywords out of order, escapes gettext refuses, a missing last line end.
_EDITS = st.sampled_from(
    ["", " ", "\n", "  \t", '#~ msgid "x"', '#| msgid "y"', '"tail"', "msgstr", "# note", "\\q"]
)


@settings(max_examples=300, deadline=None)
@given(_catalogs(), st.lists(st.tuples(st.integers(0, 80), _EDITS, st.booleans()), max_size=4))
def test_the_fast_reader_reads_what_the_line_reader_reads(
    catalog: Catalog, edits: list[tuple[int, str, bool]]
) -> None:
    """The reader of files laid out as gettext writes them reads each such file as the
    line-by-line reader does, and gives any other file to it: whatever it returns, the
    line reader returns too (and does not refuse the file)."""
    from l10nrelease.pofile import _read_lines, _read_plain

    text = render_catalog(catalog)
    plain = not any(e.obsolete or e.previous_msgid is not None for e in catalog.entries)
    assert (_read_plain(text, "x.po") is not None) == plain  # our own layout: the fast one
    lines = text.split("\n")
    for at, edit, append in edits:
        at %= len(lines)
        if append:
            lines[at] += edit
        else:
            lines.insert(at, edit)
    edited = "\n".join(lines)
    for candidate in (text, edited, edited.rstrip("\n")):
        fast = _read_plain(candidate, "x.po")
        if fast is not None:
            assert fast == _read_lines(candidate, "x.po")


def test_the_fast_reader_reads_every_committed_po_file() -> None:
    from l10nrelease.pofile import _read_lines, _read_plain

    files = sorted((ROOT / "locales").rglob("*.po*")) + sorted(ROOT.glob("tests/**/*.po"))
    read = 0
    for path in files:
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue  # (the malformed files of the tests)
        fast = _read_plain(text, str(path))
        if fast is not None:
            read += 1
            assert fast == _read_lines(text, str(path)), path
        elif "locales" in path.parts:
            raise AssertionError(f"{path}: what extract writes is read the slow way")
    assert read >= 5


#: Entries one after the other without a blank line between them, as gettext accepts
#: them (a hand edit, a script's output).
ADJACENT = """msgid ""
msgstr ""
"Language: ru\\n"

msgid "a"
msgstr "б"
msgid "b"
msgstr "в"
#, fuzzy
msgid "c"
msgstr "г"
"""


def test_entries_without_blank_lines_between_them_are_read_as_polib_reads_them() -> None:
    # The next entry's msgid used to land in the closed entry: the entry was lost, and
    # its msgstr said to have no msgid.
    assert _our_view(ADJACENT) == _polib_view(ADJACENT)


def test_a_last_msgid_without_msgstr_is_refused_with_its_line() -> None:
    """``msgfmt`` refuses it ("missing 'msgstr' section"); it was dropped silently."""
    text = ADJACENT + 'msgid "d"\n'
    with pytest.raises(CatalogError) as caught:
        parse_catalog(text, path="x.po")
    assert caught.value.line == text.count("\n") and "no msgstr" in caught.value.message
