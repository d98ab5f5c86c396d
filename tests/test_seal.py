"""A rerun with nothing changed gives the sealed answer (seal.py): the same words and
exit status as a full run, never when anything it reads or writes changed."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from l10nrelease import seal
from l10nrelease.records import Records, file_digest, store_path

from .conftest import SAMPLE_SLUG, run_cli


def _unseal(project: Path) -> None:
    """Forget every seal: the next run decides by content, as before seals."""
    with sqlite3.connect(store_path(project)) as db:
        db.execute("DELETE FROM records WHERE kind = 'seal'")
    db.close()


def _said(result: subprocess.CompletedProcess[str]) -> tuple[int, str, str]:
    return result.returncode, result.stdout, result.stderr


def _sealed_count(project: Path) -> int:
    with sqlite3.connect(store_path(project)) as db:
        (count,) = db.execute("SELECT count(*) FROM records WHERE kind = 'seal'").fetchone()
    db.close()
    return int(count)


def _traced(*command: str, cwd: Path) -> tuple[subprocess.CompletedProcess[str], set[str]]:
    # (a seal is per Python executable: this one is run_cli's, sys.executable)
    """``run_cli`` under ``python -X importtime``: the result (its stderr without the
    import lines) and the modules imported."""
    env = {**os.environ, "PYTHONWARNINGS": "error", "NO_COLOR": "1"}
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "l10nrelease", *command],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    lines = result.stderr.splitlines(keepends=True)
    imported = {line.split("|")[-1].strip() for line in lines if line.startswith("import time:")}
    result.stderr = "".join(line for line in lines if not line.startswith("import time:"))
    return result, imported


def _settle() -> None:
    """Wait out the clock step a stat cannot see through (seal._MARGIN)."""
    time.sleep(0.06)


@pytest.mark.parametrize(
    "command",
    [
        ("extract",),
        ("extract", "--verbose"),
        ("build",),
        ("build", "--allow-incomplete", "--verbose"),
        ("build", "--allow-incomplete", "--force"),
    ],
)
def test_a_sealed_answer_is_the_full_runs(project: Path, command: tuple[str, ...]) -> None:
    """Replayed and worked out again, a rerun says the same thing, on the same streams,
    with the same exit status (build's 1 for pages kept back included)."""
    (project / "sources" / "notes.odt").write_bytes(b"not a release")  # a warning, kept
    assert run_cli("extract", cwd=project).returncode == 0
    _settle()
    first = run_cli(*command, cwd=project)
    assert first.returncode in (0, 1), first.stderr
    _settle()
    replayed, imported = _traced(*command, cwd=project)
    assert "l10nrelease.project" not in imported  # the answer was the sealed one
    assert _sealed_count(project) >= 1
    _unseal(project)
    worked_out = run_cli(*command, cwd=project)
    assert _said(replayed) == _said(worked_out)
    assert "notes.odt" in replayed.stderr


def test_the_replay_imports_no_stage(project: Path) -> None:
    """Start-up imports only what the command needs: the seal and the command line."""
    for _ in range(2):
        run_cli("extract", cwd=project)
        _settle()
    result, imported = _traced("extract", cwd=project)
    assert result.returncode == 0
    assert "l10nrelease.seal" in imported
    assert not {"l10nrelease.project", "l10nrelease.config", "lxml", "babel"} & imported
    # A plain command line is answered before the command line's parser is imported.
    assert not {"click", "l10nrelease.cli"} & imported
    # --jobs is not part of a seal's name; a seal is per folder a command runs from
    run_cli("-C", str(project), "extract", cwd=project.parent)
    _settle()
    for command, cwd in (
        (("--jobs", "2", "extract"), project),
        (("-C", str(project), "-j", "1", "extract"), project.parent),
        (("--project=" + str(project), "--jobs=2", "extract"), project.parent),
    ):
        replayed, imported = _traced(*command, cwd=cwd)
        assert _said(replayed) == _said(result if cwd == project else replayed)
        assert replayed.returncode == 0 and "l10nrelease.project" not in imported, command
        assert "click" not in imported, command


@pytest.mark.parametrize(
    ("command", "env", "said"),
    [
        (("--jobs", "0", "extract"), {}, "1<=x<=64"),
        (("extract",), {"L10NRELEASE_JOBS": "many"}, "L10NRELEASE_JOBS must be a number"),
        (("-C", "l10nrelease.toml", "extract"), {}, "a file, not a folder"),
        (("-C", "sources", "extract"), {}, "no l10nrelease.toml in the folder"),
        (("-C", "", "extract"), {}, "is empty"),
        (("extract", "-C", "."), {}, "-C goes before the command's name"),
        (("-C", "missing", "extract"), {}, "missing: no such folder"),
        (("extract", "--verbose"), {}, "unchanged"),
        (("extract", "no-such-release"), {}, "no-such-release"),
        (("--version", "extract"), {}, "version"),
    ],
)
def test_a_command_line_that_is_not_plain_goes_to_the_parser(
    project: Path, command: tuple[str, ...], env: dict[str, str], said: str
) -> None:
    """Whatever the launcher does not recognise as plain is parsed by click, with
    click's errors, even where a plain run's seal holds."""
    for _ in range(2):
        run_cli("extract", cwd=project)
        _settle()
    result = run_cli(*command, cwd=project, env=env)
    assert said in result.stdout + result.stderr, (result.returncode, result.stderr)
    assert "Traceback" not in result.stderr


def test_the_launcher_knows_a_plain_command_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from l10nrelease.launch import plain

    monkeypatch.delenv("L10NRELEASE_JOBS", raising=False)
    folder = str(tmp_path)
    assert plain(["build"]) == (None, "build")
    assert plain(["-C", folder, "--jobs", "3", "extract"]) == (folder, "extract")
    assert plain([f"--project={folder}", "-j", "64", "build"]) == (folder, "build")
    for argv in (
        [],
        ["check"],
        ["build", "-v"],
        ["build", "ru"],
        ["-j", "65", "build"],
        ["-j", "-1", "build"],
        ["-j3", "build"],
        ["-C", "--jobs", "build"],
        ["-C", "", "build"],
        ["-C", str(tmp_path / "missing"), "build"],
        ["--project", folder],
        ["--help", "build"],
        ["--", "build"],
        ["--verbose=1", "build"],
    ):
        assert plain(argv) is None, argv
    monkeypatch.setenv("L10NRELEASE_JOBS", "x")
    assert plain(["build"]) is None


def test_every_change_is_seen(project: Path) -> None:
    """A translator's save, a new release, a setting, a removed page: each is read."""
    po = project / "locales" / "ru" / f"{SAMPLE_SLUG}.po"
    run_cli("extract", cwd=project)
    _settle()
    assert "0 file(s) written" in run_cli("extract", cwd=project).stdout

    # the same bytes saved again: worked out by content, and nothing is written
    po.write_bytes(po.read_bytes())
    _settle()
    assert "0 file(s) written" in run_cli("extract", cwd=project).stdout

    # a translator's edit: one translation taken back
    def reviewed() -> str:
        listed = run_cli("extract", "--verbose", cwd=project).stdout
        (line,) = [line for line in listed.splitlines() if f"ru/{SAMPLE_SLUG}.po" in line]
        return line.split()[2]

    before = reviewed()
    text = po.read_text(encoding="utf-8")
    po.write_text(
        text.replace('msgstr "АСТАНА, 31 января 2017 г."', 'msgstr ""', 1), encoding="utf-8"
    )
    _settle()
    done, total = before.split("/")
    assert reviewed() == f"{int(done) - 1}/{total}"

    # a new release
    source = project / "sources" / f"{SAMPLE_SLUG}.txt"
    (project / "sources" / "2017-02-01-another.txt").write_text(
        source.read_text(encoding="utf-8").replace("roundtable", "meeting", 1), encoding="utf-8"
    )
    _settle()
    assert "created    locales/ru/2017-02-01-another.po" in run_cli("extract", cwd=project).stdout

    # build, then a page removed by hand comes back
    assert run_cli("build", "--allow-incomplete", cwd=project).returncode in (0, 1)
    _settle()
    run_cli("build", "--allow-incomplete", cwd=project)
    page = project / "build" / "en" / f"{SAMPLE_SLUG}.html"
    kept = page.read_bytes()
    page.unlink()
    _settle()
    again = run_cli("build", "--allow-incomplete", cwd=project)
    assert page.read_bytes() == kept
    assert "0 file(s) written" not in again.stdout

    # a setting
    config = project / "l10nrelease.toml"
    config.write_text(config.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    _settle()
    assert "0 file(s) written" in run_cli("extract", cwd=project).stdout


def test_no_seal_when_another_program_saved_during_the_run(tmp_path: Path) -> None:
    """A file changed after the run started that is not one the run wrote, with the
    bytes it wrote, is read by the next run: nothing is sealed."""
    folder = tmp_path / "locales"
    folder.mkdir()
    mine, theirs = folder / "mine.po", folder / "theirs.po"
    started = time.time_ns()
    mine.write_text("what the run wrote", encoding="utf-8")
    theirs.write_text("a translator's save", encoding="utf-8")
    records = Records(tmp_path / "store")
    watched = [(str(folder), "tree")]
    written = {str(mine): file_digest(str(mine))}
    kept = {"started_ns": started, "lines": [(False, "done")], "code": 0}
    assert not seal.seal(records, "x", watched, written=written, **kept)  # type: ignore[arg-type]
    written[str(theirs)] = "0" * 64  # what the run wrote is not what is there
    assert not seal.seal(records, "x", watched, written=written, **kept)  # type: ignore[arg-type]
    written[str(theirs)] = file_digest(str(theirs))
    assert seal.seal(records, "x", watched, written=written, **kept)  # type: ignore[arg-type]
    store = str(records.path)
    assert seal.sealed(store, "x") == ([(False, "done")], 0)
    # both files changed within the clock's step of the seal: their bytes are sealed
    # too (a stat cannot see a write in the same tick)
    value = records.get("seal", "x")
    assert set(value["racy"]) == {str(mine), str(theirs)}
    theirs.write_text("a translator's sav3", encoding="utf-8")
    assert seal.sealed(store, "x") is None


def test_a_link_is_never_sealed(tmp_path: Path) -> None:
    folder = tmp_path / "sources"
    folder.mkdir()
    (tmp_path / "elsewhere.txt").write_text("x", encoding="utf-8")
    (folder / "release.txt").symlink_to(tmp_path / "elsewhere.txt")
    records = Records(tmp_path / "store")
    assert not seal.seal(
        records,
        "x",
        [(str(folder), "tree")],
        started_ns=0,
        written={},
        lines=[],
        code=0,
    )


def test_an_ended_embargo_ends_the_seal(tmp_path: Path) -> None:
    folder = tmp_path / "build"
    folder.mkdir()
    records = Records(tmp_path / "store")
    arguments = {"started_ns": 0, "written": {}, "lines": [], "code": 0}
    assert seal.seal(records, "soon", [(str(folder), "tree")], until=time.time() + 0.2, **arguments)  # type: ignore[arg-type]
    assert seal.sealed(str(records.path), "soon") == ([], 0)
    time.sleep(0.3)
    assert seal.sealed(str(records.path), "soon") is None


def _full(project: Path, *command: str) -> tuple[int, str, str]:
    """What a run deciding by content says (every seal forgotten first)."""
    _unseal(project)
    return _said(run_cli(*command, cwd=project))


def _sealed_then(project: Path, *command: str) -> None:
    """Run ``command`` until its answer is sealed."""
    for _ in range(2):
        run_cli(*command, cwd=project)
        _settle()


def test_what_a_seal_cannot_see_is_worked_out(project: Path) -> None:
    """An empty folder where a PO file should be, a file name that is not UTF-8, the
    lock held by another command, and what a killed command left: each gives the
    answer a run deciding by content gives, never a traceback."""
    _sealed_then(project, "build", "--allow-incomplete")
    (project / "locales" / "ru" / "2018-01-01-gone.po").mkdir()
    _, imported = _traced("build", "--allow-incomplete", cwd=project)
    assert "l10nrelease.project" in imported  # a new folder: worked out
    (project / "locales" / "ru" / "2018-01-01-gone.po").rmdir()

    strange = os.fsencode(project / "sources") + b"/\xcf\xf0\xe5\xf1\xf1.pdf"
    with open(strange, "wb"):
        pass
    first = run_cli("extract", cwd=project)
    assert first.returncode == 0 and "Traceback" not in first.stderr
    assert _said(run_cli("extract", cwd=project)) == _full(project, "extract")
    os.unlink(strange)

    _sealed_then(project, "extract")
    leftover = project / ".glossary.csv.abcdefgh.tmp"  # beside the glossary: not watched
    leftover.write_text("half a save", encoding="utf-8")
    _, imported = _traced("extract", cwd=project)
    assert "l10nrelease.project" in imported and not leftover.exists()

    import fcntl

    quick = {"L10NRELEASE_LOCK_WAIT": "0"}
    for _ in range(2):
        run_cli("extract", cwd=project, env=quick)
        _settle()
    with open(project / ".l10nrelease" / "cache" / "lock", "a") as held:
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
        refused = run_cli("extract", cwd=project, env=quick)
    assert refused.returncode == 2
    assert "another l10nrelease command" in refused.stderr
    assert run_cli("extract", cwd=project, env=quick).returncode == 0


def test_a_damaged_seal_is_worked_out(project: Path) -> None:
    _sealed_then(project, "extract")
    expected = _said(run_cli("extract", cwd=project))
    for damage in (
        "json_set(value, '$.code', 'x')",
        "json_set(value, '$.lines', json('[1]'))",
        "json_set(value, '$.racy', json('[]'))",
        "json_set(value, '$.until', 'soon')",
        "json_set(value, '$.watched', json('[[1]]'))",
        "'[]'",
        "'not json'",
    ):
        _sealed_then(project, "extract")
        with sqlite3.connect(store_path(project)) as db:
            db.execute(f"UPDATE records SET value = {damage} WHERE kind = 'seal'")
        db.close()
        assert _said(run_cli("extract", cwd=project)) == expected, damage


def test_spelling_by_hunspell_is_never_sealed(project: Path) -> None:
    """hunspell's dictionaries are outside the project: a build whose check spells is
    worked out every time."""
    config = project / "l10nrelease.toml"
    text = config.read_text(encoding="utf-8")
    assert "[checks]" not in text
    config.write_text(text + '\n[checks]\nspelling = "warning"\n', encoding="utf-8")
    run_cli("extract", cwd=project)
    before = _sealed_count(project)
    for _ in range(2):
        run_cli("build", "--allow-incomplete", cwd=project)
    assert _sealed_count(project) == before


def test_another_copy_of_l10nrelease_has_its_own_seals(monkeypatch: pytest.MonkeyPatch) -> None:
    name = seal.key("extract", [])
    monkeypatch.setattr(seal, "__file__", "/elsewhere/l10nrelease/seal.py")
    assert seal.key("extract", []) != name


def test_a_link_on_the_way_is_seen(project: Path, tmp_path: Path) -> None:
    """The cache folder moved and replaced by a link keeps every file's stat, not its
    real path: the run is worked out, and refuses the link as a full run does."""
    _sealed_then(project, "build", "--allow-incomplete")
    moved = tmp_path / "elsewhere"
    (project / ".l10nrelease").rename(moved)
    (project / ".l10nrelease").symlink_to(moved)
    refused = run_cli("build", "--allow-incomplete", cwd=project)
    assert refused.returncode == 2 and "Traceback" not in refused.stderr


def test_no_traceback_for_odd_names_or_a_removed_folder(project: Path, tmp_path: Path) -> None:
    """A file name that is not UTF-8 (build digests every input's name), and a command
    run from a folder that was removed since (-C names the project)."""
    with open(os.fsencode(project / "sources") + b"/\xff.pdf", "wb"):
        pass
    built = run_cli("build", "--allow-incomplete", cwd=project)
    assert built.returncode in (0, 1) and "Traceback" not in built.stderr
    gone = tmp_path / "gone"
    gone.mkdir()
    script = (
        "import os, sys, subprocess\n"
        f"os.chdir({str(gone)!r}); os.rmdir({str(gone)!r})\n"
        "r = subprocess.run([sys.executable, '-m', 'l10nrelease', '-C', sys.argv[1], 'extract'],"
        " capture_output=True, text=True)\n"
        "print(r.returncode); print(r.stderr)\n"
    )
    ran = subprocess.run(
        [sys.executable, "-c", script, str(project)], capture_output=True, text=True, check=True
    )
    assert "Traceback" not in ran.stdout, ran.stdout


def test_a_forged_seal_is_worked_out(project: Path) -> None:
    _sealed_then(project, "extract")
    expected = _said(run_cli("extract", cwd=project))
    _sealed_then(project, "extract")
    with sqlite3.connect(store_path(project)) as db:
        db.execute(
            "UPDATE records SET value = replace(value, '\"code\":0', '\"code\":1e400') "
            "WHERE kind = 'seal'"
        )
    db.close()
    assert _said(run_cli("extract", cwd=project)) == expected


def test_the_seal_tells_every_change_of_the_tree_apart(tmp_path: Path) -> None:
    """What a seal keeps of the files is one digest: it still tells a missing folder
    from an empty one, a file from a folder, a rename, a new empty folder deep down,
    and a library installed (a name in a folder of libraries)."""
    records = Records(tmp_path / "store")
    store = str(records.path)
    templates, libraries = tmp_path / "templates", tmp_path / "site-packages"
    libraries.mkdir()
    (libraries / "lxml-5.0.dist-info").mkdir()
    watched = [(str(templates), "tree"), (str(libraries), "names")]
    arguments = {"written": {}, "lines": [(False, "ok")], "code": 0}

    def sealed_now() -> bool:
        _settle()  # then a run that changed nothing
        started = time.time_ns()
        assert seal.seal(records, "x", watched, started_ns=started, **arguments)  # type: ignore[arg-type]
        return seal.sealed(store, "x") is not None

    def changes(change: Callable[[], object]) -> None:
        assert sealed_now()
        change()
        assert seal.sealed(store, "x") is None

    changes(templates.mkdir)  # missing -> an empty folder
    changes(lambda: (templates / "page.html").write_text("<p>", encoding="utf-8"))
    changes(lambda: (templates / "page.html").rename(templates / "index.html"))
    changes(lambda: (templates / "a" / "b").mkdir(parents=True))
    changes(lambda: (libraries / "lxml-5.0.dist-info").rename(libraries / "lxml-6.0.dist-info"))
    assert sealed_now()
