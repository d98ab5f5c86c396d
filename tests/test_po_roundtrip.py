"""PO files saved by the tools translators, platforms and scripts use come back from
``extract`` as they were, and ``extract`` does not undo the tools' saves: GNU gettext's
msgcat and msgmerge (what Poedit, Lokalize and Weblate's add-ons run), translate-toolkit
(Weblate's PO storage), polib and Babel. And the files those tools accept, we accept:
Windows line ends, a Language with a region, another spelling of the plural rule."""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import polib
import pytest

from l10nrelease.errors import CatalogError
from l10nrelease.merge import GETTEXT_PLURALS
from l10nrelease.pofile import parse_catalog, render_catalog
from l10nrelease.project import open_project
from l10nrelease.project.extract import extract

from .conftest import SAMPLE_SLUG, run_cli

MSGCAT = shutil.which("msgcat")
MSGMERGE = shutil.which("msgmerge")
needs_gettext = pytest.mark.skipif(
    MSGCAT is None or MSGMERGE is None,
    reason="GNU gettext's msgcat and msgmerge are not installed (apt-get install gettext)",
)
POT = Path("locales") / "templates" / f"{SAMPLE_SLUG}.pot"


def _po(language: str) -> Path:
    return Path("locales") / language / f"{SAMPLE_SLUG}.po"


@pytest.fixture
def edited(project: Path) -> Path:
    """The sample after an edit of its source: two sentences changed (fuzzy, with the
    previous msgid), one removed (obsolete), one added (untranslated); a translator's
    comment; then extract. Every kind of entry a PO file of ours has."""
    source = project / "sources" / f"{SAMPLE_SLUG}.txt"
    text = source.read_text(encoding="utf-8")
    text = text.replace("some 90 participants", "about 90 participants")
    text = text.replace("counter the exposure to terrorist propaganda", "counter propaganda")
    lines = [line for line in text.split("\n") if not line.startswith("Karlygash")]
    lines.append("The roundtable continues tomorrow with a session on online radicalization.")
    source.write_text("\n".join(lines), encoding="utf-8")
    ru = project / _po("ru")
    ru.write_text(
        ru.read_text(encoding="utf-8").replace(
            "#. headline\n", "# Shorter in the print edition.\n#. headline\n", 1
        ),
        encoding="utf-8",
    )
    extract(open_project(project))
    for language in ("ru", "kk"):
        text = (project / _po(language)).read_text(encoding="utf-8")
        assert text.count("#| msgid") == 2 and "#~ msgid" in text and 'msgstr ""\n\n' in text
    return project


def _files(project: Path) -> dict[Path, bytes]:
    return {path: (project / path).read_bytes() for path in (POT, _po("ru"), _po("kk"))}


def _save_each(project: Path, save: Callable[[Path], None], *, template: bool = True) -> None:
    for path in (POT, _po("ru"), _po("kk")) if template else (_po("ru"), _po("kk")):
        save(project / path)


def _extract_changes_nothing(project: Path) -> None:
    before = _files(project)
    result = extract(open_project(project))
    assert {file.status for file in result.files} == {"unchanged"}
    assert _files(project) == before


def _without_previous(data: bytes) -> bytes:
    lines = data.decode("utf-8").splitlines(keepends=True)
    return "".join(line for line in lines if not line.startswith("#|")).encode("utf-8")


@needs_gettext
def test_msgcat_changes_no_byte(edited: Path) -> None:
    """What Poedit and Lokalize write on save (gettext's layout), the POT included."""
    before = _files(edited)
    assert MSGCAT is not None
    _save_each(edited, lambda path: _run(MSGCAT, str(path), "-o", str(path)))
    assert _files(edited) == before
    _extract_changes_nothing(edited)


@needs_gettext
@pytest.mark.parametrize("order", ["--sort-output", "--sort-by-file"])
def test_a_sorted_po_file_comes_back_as_it_was(edited: Path, order: str) -> None:
    """msgcat's (or an editor's) sorting changes no unit: extract puts the entries back
    in the release's order, and the POT-Creation-Date stays the POT's (msgmerge's
    rule), so the file is byte for byte what it was, not a diff of one date."""
    before = _files(edited)
    assert MSGCAT is not None
    _save_each(edited, lambda path: _run(MSGCAT, order, str(path), "-o", str(path)), template=False)
    assert _files(edited) != before
    result = extract(open_project(edited), now=dt.datetime(2031, 1, 1, tzinfo=dt.UTC))
    assert {file.status for file in result.files if file.language} == {"updated"}
    assert _files(edited) == before
    _extract_changes_nothing(edited)


def test_a_po_file_takes_its_templates_creation_date(project: Path) -> None:
    """A PO file rewritten for any reason has the POT's POT-Creation-Date, as msgmerge
    gives it, whatever date it had."""
    ru = project / _po("ru")
    text = ru.read_text(encoding="utf-8")
    old = re.search(r'"POT-Creation-Date: ([^"]*)\\n"', text)
    assert old is not None
    ru.write_text(
        text.replace(old.group(1), "2001-01-01 00:00+0000").replace("#. headline\n", ""),
        encoding="utf-8",
    )
    extract(open_project(project), now=dt.datetime(2031, 1, 1, tzinfo=dt.UTC))
    pot = (project / POT).read_text(encoding="utf-8")
    assert old.group(0) in pot and old.group(0) in ru.read_text(encoding="utf-8")


@needs_gettext
def test_msgmerge_with_our_template_changes_no_byte(edited: Path) -> None:
    """Weblate's "Update PO files to match POT (msgmerge)" add-on keeps the previous
    msgids: nothing changes, the glossary notes included (they are in the POT too)."""
    before = _files(edited)
    assert MSGMERGE is not None
    pot = str(edited / POT)
    _save_each(
        edited,
        lambda path: _run(MSGMERGE, "--quiet", "--previous", "-U", str(path), pot),
        template=False,
    )
    assert _files(edited) == before
    assert "#. glossary: OSCE → ru: ОБСЕ; kk: ЕҚЫҰ\n" in (edited / _po("ru")).read_text()
    _extract_changes_nothing(edited)


@needs_gettext
def test_msgmerge_without_previous_loses_only_the_previous_msgids(edited: Path) -> None:
    before = _files(edited)
    assert MSGMERGE is not None
    pot = str(edited / POT)
    _save_each(edited, lambda path: _run(MSGMERGE, "--quiet", "-U", str(path), pot), template=False)
    after = _files(edited)
    assert after[POT] == before[POT]
    for language in ("ru", "kk"):
        assert (
            after[_po(language)]
            == _without_previous(before[_po(language)])
            != before[_po(language)]
        )
    _extract_changes_nothing(edited)


def test_translate_toolkit_changes_no_byte(edited: Path) -> None:
    """Weblate stores PO files through translate-toolkit: a save with no change writes
    our bytes; a translation saved there changes its own lines only, and extract keeps
    them as they are."""
    from translate.storage import pypo

    before = _files(edited)

    def save(path: Path) -> None:
        path.write_bytes(bytes(pypo.pofile.parsefile(str(path))))

    _save_each(edited, save)
    assert _files(edited) == before
    path = edited / _po("kk")
    store = pypo.pofile.parsefile(str(path))
    unit = next(unit for unit in store.units if unit.source.startswith("The roundtable"))
    unit.target = "Дөңгелек үстел ертең онлайн радикалдану туралы сессиямен жалғасады."
    path.write_bytes(bytes(store))
    saved = path.read_bytes()
    assert saved != before[_po("kk")]
    _extract_changes_nothing(edited)
    assert path.read_bytes() == saved


def test_polib_saves_are_laid_out_again_then_stable(edited: Path) -> None:
    """polib wraps its own way (tools built on it: our own earlier versions, scripts):
    extract gives back gettext's layout, and nothing else changes."""
    before = _files(edited)

    def save(path: Path) -> None:
        polib.pofile(str(path)).save(str(path))

    _save_each(edited, save)
    assert _files(edited) != before
    extract(open_project(edited))
    assert _files(edited) == before
    _extract_changes_nothing(edited)


def test_babel_saves_lose_only_the_previous_msgids(edited: Path) -> None:
    """Babel keeps no previous msgid of several lines (its reader makes translator
    comments of the ``#|`` lines, ``# | msgid ""``, which its writer then wraps), drops
    our X-Generator and wraps its own way: after extract, the files are ours again, less
    the previous msgids Babel did not keep; and the next extract changes nothing."""
    from babel.messages.pofile import read_po, write_po

    before = _files(edited)

    def save(path: Path) -> None:
        with path.open("rb") as stream:
            catalog = read_po(stream)
        out = io.BytesIO()
        write_po(out, catalog)
        path.write_bytes(out.getvalue())

    _save_each(edited, save, template=False)
    saved = (edited / _po("ru")).read_bytes()
    assert b"Generated-By: Babel" in saved and b'# | msgid ""' in saved
    extract(open_project(edited))
    after = _files(edited)
    assert after[POT] == before[POT]
    for language in ("ru", "kk"):
        assert after[_po(language)] == _without_previous(before[_po(language)])
    _extract_changes_nothing(edited)


@needs_gettext
def test_poedits_no_wrap_layout_when_the_project_asks_for_it(edited: Path) -> None:
    """``[po] wrap = false``: strings on one line (Poedit's "don't wrap"), as
    ``msgcat --no-wrap`` writes them."""
    config = edited / "l10nrelease.toml"
    config.write_text(config.read_text(encoding="utf-8") + "\n[po]\nwrap = false\n")
    extract(open_project(edited))
    text = (edited / _po("ru")).read_text(encoding="utf-8")
    assert max(len(line) for line in text.splitlines()) > 200
    before = _files(edited)
    assert MSGCAT is not None
    _save_each(edited, lambda path: _run(MSGCAT, "--no-wrap", str(path), "-o", str(path)))
    assert _files(edited) == before
    _extract_changes_nothing(edited)


def _run(*command: str) -> None:
    subprocess.run(command, check=True, capture_output=True)


# ----------------------------------------------------------------- what we accept


def test_windows_line_ends_are_read_and_kept(edited: Path) -> None:
    """A file checked out by Git for Windows (CRLF): check, extract and build take it,
    and extract writes it back with CRLF."""
    path = edited / _po("ru")
    lf = path.read_bytes()
    path.write_bytes(lf.replace(b"\n", b"\r\n"))
    for command in ("check", "build"):
        result = run_cli(command, cwd=edited)
        assert result.returncode in (0, 1), (command, result.stderr)
        assert "CRLF" not in result.stderr and "Traceback" not in result.stderr
    _extract_changes_nothing(edited)
    source = edited / "sources" / f"{SAMPLE_SLUG}.txt"
    source.write_text(source.read_text(encoding="utf-8") + "\nOne more sentence.")
    result = extract(open_project(edited))
    assert next(f for f in result.files if f.path == path).status == "updated"
    written = path.read_bytes()
    assert b"One more sentence." in written
    assert written.count(b"\r\n") == written.count(b"\n")
    assert parse_catalog(written.decode(), path="x").newline == "\r\n"


@pytest.mark.parametrize(
    ("language", "declared"),
    [("ru", "ru_RU"), ("ru", "ru-RU"), ("kk", "kk_KZ"), ("kk", "kk-KZ"), ("kk", "kk_Cyrl")],
)
def test_a_language_with_a_region_or_script_is_accepted_and_kept(
    project: Path, language: str, declared: str
) -> None:
    path = project / _po(language)
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            f'"Language: {language}\\n"', f'"Language: {declared}\\n"'
        ),
        encoding="utf-8",
    )
    before = path.read_bytes()
    for command in ("check", "status", "build"):
        result = run_cli(command, cwd=project)
        assert result.returncode == 0, (command, result.stdout, result.stderr)
    _extract_changes_nothing(project)
    assert path.read_bytes() == before


def test_a_language_of_another_folder_is_refused_with_its_line(project: Path) -> None:
    path = project / _po("ru")
    text = path.read_text(encoding="utf-8")
    line = text.splitlines().index('"Language: ru\\n"') + 1
    path.write_text(text.replace('"Language: ru\\n"', '"Language: kk_KZ\\n"'), encoding="utf-8")
    (error,) = extract(open_project(project)).failed  # that release, not the others
    assert isinstance(error, CatalogError)
    assert "the Language header says 'kk_KZ'" in str(error)
    assert str(error).startswith(f"{_po('ru').as_posix()}:{line}: ")
    result = run_cli("check", cwd=project)
    assert result.returncode == 2
    said = result.stdout + result.stderr
    assert f"{_po('ru').as_posix()}:{line}: " in said
    assert "such as ru_RU" in said


@pytest.mark.parametrize(
    "spelling",
    [
        GETTEXT_PLURALS["ru"],
        # Weblate's: the outer parentheses dropped.
        "nplurals=3; plural=n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && "
        "(n%100<10 || n%100>=20) ? 1 : 2;",
        # Babel's (CLDR's), as earlier versions wrote it.
        "nplurals=3; plural=n % 10 == 1 && n % 100 != 11 ? 0 : n % 10 >= 2 && n % 10 <= 4 && "
        "(n % 100 < 12 || n % 100 > 14) ? 1 : 2;",
        # Spaced out, no final semicolon.
        "nplurals = 3;  plural = ((n%10==1) && (n%100!=11)) ? 0 : "
        "((n%10>=2) && (n%10<=4) && ((n%100<10) || (n%100>=20))) ? 1 : 2",
    ],
    ids=["gettext", "weblate", "babel", "spaced"],
)
def test_plural_forms_spelled_another_way_are_kept(project: Path, spelling: str) -> None:
    path = project / _po("ru")
    _set_header(path, "Plural-Forms", spelling)
    extract(open_project(project))
    assert parse_catalog(path.read_text(), path="x").header_value("Plural-Forms") == spelling
    _extract_changes_nothing(project)


def test_a_wrong_plural_rule_is_replaced_by_gettexts(project: Path) -> None:
    path = project / _po("ru")
    _set_header(path, "Plural-Forms", "nplurals=2; plural=(n != 1);")
    extract(open_project(project))
    written = parse_catalog(path.read_text(), path="x").header_value("Plural-Forms")
    assert written == GETTEXT_PLURALS["ru"]


def _set_header(path: Path, name: str, value: str) -> None:
    catalog = parse_catalog(path.read_text(encoding="utf-8"), path=str(path))
    assert catalog.header_value(name) is not None
    header = tuple((key, value if key == name else old) for key, old in catalog.header)
    path.write_text(render_catalog(replace(catalog, header=header)), encoding="utf-8")


def test_a_carried_translation_keeps_every_field_of_both_entries() -> None:
    """``merge._carry`` builds the merged entry field by field: every field of ``Entry``
    comes from the template's entry or the translated one, as ``replace`` would."""
    from dataclasses import fields

    from l10nrelease.catalog import Entry
    from l10nrelease.merge import _carry

    fresh = Entry(
        "Hello.",
        msgctxt="ctx",
        extracted_comment="note",
        references=(("sources/a.txt", "3"),),
        line=7,
    )
    for fuzzy in (False, True):
        previous = Entry(
            "Hello.",
            msgstr="Привет.",
            msgctxt="ctx",
            fuzzy=fuzzy,
            flags=("python-format",),
            previous_msgid="Hi.",
            previous_msgctxt="old",
            translator_comment="checked",
            extracted_comment="stale",
            references=(("sources/a.txt", "1"),),
            line=40,
        )
        expected = replace(
            fresh,
            msgstr=previous.msgstr,
            fuzzy=fuzzy,
            flags=previous.flags,
            previous_msgid="Hi." if fuzzy else None,
            previous_msgctxt="old" if fuzzy else None,
            translator_comment="checked",
        )
        assert _carry(fresh, previous) == expected
    assert {f.name for f in fields(Entry)} == {
        "msgid", "msgstr", "msgctxt", "fuzzy", "flags", "previous_msgid",
        "previous_msgctxt", "translator_comment", "extracted_comment", "references",
        "obsolete", "line",
    }, "a new Entry field: give it its place in merge._carry"  # fmt: skip
