"""Extract and re-extract on a copy of the sample project (library level)."""

from __future__ import annotations

from pathlib import Path

import pytest

from l10nrelease.catalog import Catalog
from l10nrelease.errors import CatalogError, SourceError
from l10nrelease.pofile import parse_catalog
from l10nrelease.project import open_project
from l10nrelease.project.extract import extract

from .conftest import SAMPLE_SLUG, snapshot


def _po(project: Path, language: str) -> Catalog:
    path = project / "locales" / language / f"{SAMPLE_SLUG}.po"
    return parse_catalog(path.read_text(encoding="utf-8"), path=str(path))


def _source(project: Path) -> Path:
    return project / "sources" / f"{SAMPLE_SLUG}.txt"


def test_committed_sample_is_up_to_date(project: Path) -> None:
    before = snapshot(project)
    result = extract(open_project(project))
    assert {f.status for f in result.files} == {"unchanged"}
    assert snapshot(project) == before
    for language in ("ru", "kk"):
        catalog = _po(project, language)
        assert all(e.reviewed for e in catalog.active())
        assert len(catalog.active()) == 12


def test_extract_twice_changes_no_byte(project: Path) -> None:
    for language in ("ru", "kk", "templates"):
        for path in (project / "locales" / language).iterdir():
            path.unlink()
    first = extract(open_project(project))
    assert {f.status for f in first.files} == {"created"}
    written = snapshot(project)
    second = extract(open_project(project))
    assert {f.status for f in second.files} == {"unchanged"}
    assert snapshot(project) == written


def test_edit_insert_and_delete_then_reextract(project: Path) -> None:
    before = {lang: {e.msgid: e for e in _po(project, lang).active()} for lang in ("ru", "kk")}
    source = _source(project)
    lines = source.read_text(encoding="utf-8").split("\n")
    edited_old = lines[4]
    # Edit one sentence (paragraph 4, sentence 1), insert a paragraph, delete paragraph 7.
    lines[4] = lines[4].replace("discussed the importance of", "spoke about the importance of")
    inserted = "The roundtable was held at the Rixos President Hotel."
    lines.insert(6, inserted)
    deleted = lines.pop(8)
    assert deleted.startswith("On the second day")
    source.write_text("\n".join(lines), encoding="utf-8")

    result = extract(open_project(project))
    assert {f.status for f in result.files} == {"updated"}
    for language in ("ru", "kk"):
        catalog = _po(project, language)
        old = before[language]
        active = {e.msgid: e for e in catalog.active()}
        obsolete = {e.msgid: e for e in catalog.entries if e.obsolete}
        changed_old = next(m for m in old if m.startswith("Ambassador György Szabó"))
        changed_new = next(m for m in active if m.startswith("Ambassador György Szabó"))
        assert changed_old in edited_old and changed_new != changed_old
        # The changed unit: old translation, fuzzy, previous msgid.
        fuzzy = [e for e in active.values() if e.fuzzy]
        assert [e.msgid for e in fuzzy] == [changed_new]
        assert fuzzy[0].msgstr == old[changed_old].msgstr
        assert fuzzy[0].previous_msgid == changed_old
        # The inserted unit: new and empty.
        assert active[inserted].msgstr == "" and not active[inserted].fuzzy
        # The deleted unit: obsolete with its translation, not lost.
        deleted_msgid = next(m for m in old if m.startswith("On the second day"))
        assert list(obsolete) == [deleted_msgid]
        assert obsolete[deleted_msgid].msgstr == old[deleted_msgid].msgstr
        # Everything else: untouched, reviewed, same translation, in source order.
        untouched = set(old) - {changed_old, deleted_msgid}
        for msgid in untouched:
            assert active[msgid].msgstr == old[msgid].msgstr and active[msgid].reviewed
        assert len(active) == 12
        # References follow the moved lines.
        assert (
            active[
                "The event is part of the OSCE Programme Office’s multi-year efforts "
                "to assist the host country in countering violent extremism and "
                "radicalization leading to terrorism while respecting human rights "
                "and fundamental freedoms."
            ].references[0][1]
            == "9"
        )
    # A second run changes nothing; restoring the deleted paragraph brings its
    # reviewed translation back from obsolete.
    assert {f.status for f in extract(open_project(project)).files} == {"unchanged"}
    lines.insert(8, deleted)
    source.write_text("\n".join(lines), encoding="utf-8")
    result = extract(open_project(project))
    assert result.files[1].merge.resurrected == 1
    catalog = _po(project, "ru")
    assert not [e for e in catalog.entries if e.obsolete]
    assert next(e for e in catalog.active() if e.msgid == deleted).reviewed


def test_sentence_seen_twice_is_one_entry_with_two_references(project: Path) -> None:
    source = _source(project)
    source.write_text(
        source.read_text(encoding="utf-8").rstrip("\n")
        + "\nThe event is part of the OSCE Programme "
        "Office’s multi-year efforts to assist the host country in countering violent "
        "extremism and radicalization leading to terrorism while respecting human rights "
        "and fundamental freedoms.\n",
        encoding="utf-8",
    )
    extract(open_project(project))
    entry = next(e for e in _po(project, "ru").active() if e.msgid.startswith("The event"))
    assert [line for _, line in entry.references] == ["9", "10"]
    assert entry.reviewed


def test_translator_comments_and_flags_survive(project: Path) -> None:
    path = project / "locales" / "ru" / f"{SAMPLE_SLUG}.po"
    text = path.read_text(encoding="utf-8").replace(
        "#. paragraph 3\n", "# Checked with the Prosecutor General’s Office.\n#. paragraph 3\n"
    )
    path.write_text(text, encoding="utf-8")
    source = _source(project)
    source.write_text(
        source.read_text(encoding="utf-8").replace("some 90", "about 90"), encoding="utf-8"
    )
    extract(open_project(project))
    entry = next(e for e in _po(project, "ru").active() if "Kravchenko" in e.msgid)
    assert entry.translator_comment.endswith("\nChecked with the Prosecutor General’s Office.")


def extract_or_raise(project: Path) -> None:
    """Extract, raising the first release's error as a command that stops would."""
    result = extract(open_project(project))
    if result.failed:
        raise result.failed[0]


PO_HEADER = (
    'msgid ""\nmsgstr ""\n"Language: ru\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
)


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        (PO_HEADER + 'msgid "a"\nmsgstr "b\n', 7, "not closed with a double quote"),
        (PO_HEADER + 'msgid "a"\nmsgstr "b\\q"\n', 7, r"unknown escape '\\q'"),
        (PO_HEADER + 'msgid "a"\nmsgstr "b"\n\nmsgid "a"\nmsgstr "c"\n', 9, "appears twice"),
        (PO_HEADER + 'msgid "a"\r\nmsgstr "b\rc"\n', 7, "carriage return"),
        (PO_HEADER.replace("UTF-8", "KOI8-R") + 'msgid "a"\nmsgstr ""\n', 4, "charset=KOI8-R"),
        (PO_HEADER.replace("Language: ru", "Language: kk"), 3, "Language header says 'kk'"),
        (PO_HEADER.replace("Language: ru", "Language: kk-KZ"), 3, "says 'kk-KZ'"),
        (PO_HEADER + 'msgid "a"\nmsgid_plural "as"\nmsgstr[0] ""\n', 6, "plural"),
        (PO_HEADER + 'msgid "a"\nmsgstr "b"\nthis is junk\n', 8, "neither a comment"),
    ],
)
def test_broken_po_file_stops_extract_and_changes_nothing(
    project: Path, text: str, line: int, message: str
) -> None:
    path = project / "locales" / "ru" / f"{SAMPLE_SLUG}.po"
    path.write_bytes(text.encode("utf-8"))
    before = snapshot(project)
    with pytest.raises(CatalogError, match=message) as caught:
        extract_or_raise(project)
    assert str(caught.value).startswith(f"locales/ru/{SAMPLE_SLUG}.po:{line}: ")
    assert snapshot(project) == before


def test_po_file_that_is_not_utf8(project: Path) -> None:
    path = project / "locales" / "kk" / f"{SAMPLE_SLUG}.po"
    path.write_bytes(
        PO_HEADER.replace("ru", "kk").encode() + b'msgid "a"\nmsgstr "\xd2\xb0"\n\xff\n'
    )
    before = snapshot(project)
    with pytest.raises(CatalogError, match="not valid UTF-8") as caught:
        extract_or_raise(project)
    assert str(caught.value).startswith(f"locales/kk/{SAMPLE_SLUG}.po:8: ")
    assert snapshot(project) == before


def test_bad_source_stops_before_any_write(project: Path) -> None:
    (project / "sources" / "2017-02-01-empty.txt").write_text("\n\n", encoding="utf-8")
    before = snapshot(project)
    with pytest.raises(SourceError, match="empty"):
        extract_or_raise(project)
    assert snapshot(project) == before


def test_unknown_release_name_suggests_one(project: Path) -> None:
    with pytest.raises(SourceError, match="did you mean '2017-01-31-osce-roundtable"):
        extract(open_project(project), ["2017-01-31-osce-roundtable"])


def test_a_rerun_skips_unchanged_releases_by_content(project: Path) -> None:
    from l10nrelease.project import Project

    extract(open_project(project))  # records what it wrote
    calls = []
    real = Project.read_release

    def counting(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(args[1])
        return real(*args, **kwargs)

    import pytest as _pytest

    with _pytest.MonkeyPatch.context() as patch:
        patch.setattr(Project, "read_release", counting)
        again = extract(open_project(project))
        assert calls == [] and {f.status for f in again.files} == {"unchanged"}
        assert again.files[1].counts == {"reviewed": 12, "fuzzy": 0, "untranslated": 0}
        # A translator saves the Kazakh file: the release is read again.
        path = project / "locales" / "kk" / f"{SAMPLE_SLUG}.po"
        path.write_text(
            path.read_text(encoding="utf-8").replace(
                "#. headline\n", "# checked\n#. headline\n", 1
            ),
            encoding="utf-8",
        )
        extract(open_project(project))
        assert len(calls) == 1
        # The source is edited: read again, and the edit reaches the PO files.
        source = _source(project)
        source.write_text(
            source.read_text(encoding="utf-8").replace("some 90", "about 90"), encoding="utf-8"
        )
        result = extract(open_project(project))
        assert len(calls) == 2 and result.files[1].merge.changed == 1


def test_project_abbreviations_reach_the_po_files_past_the_records(project: Path) -> None:
    from l10nrelease.project.build import _shared_key

    source = _source(project)
    source.write_text(
        source.read_text(encoding="utf-8") + "The Kostanay Obl. Akimat co-hosted the event.\n",
        encoding="utf-8",
    )
    extract(open_project(project))
    assert "The Kostanay Obl." in {e.msgid for e in _po(project, "ru").active()}
    before = open_project(project)
    config = project / "l10nrelease.toml"
    config.write_text(
        config.read_text(encoding="utf-8") + 'abbreviations = ["Obl."]\n', encoding="utf-8"
    )
    after = open_project(project)
    assert after.config.abbreviations == ("Obl.",)
    assert _shared_key(after, after.policy()) != _shared_key(before, before.policy())
    result = extract(after)  # the source is unchanged: only the setting says read it again
    assert {f.status for f in result.files} == {"updated"}
    msgids = {e.msgid for e in _po(project, "ru").active()}
    assert "The Kostanay Obl. Akimat co-hosted the event." in msgids
    assert "The Kostanay Obl." not in msgids
