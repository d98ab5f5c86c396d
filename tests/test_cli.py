"""End-to-end: the real command line on a copy of the sample project."""

from __future__ import annotations

import re
import shutil
import subprocess
import warnings
from pathlib import Path

import click
import pytest

from l10nrelease.cli import main

from .conftest import SAMPLE_SLUG, run_cli, snapshot


def test_extract_on_the_sample(project: Path) -> None:
    shutil.rmtree(project / "locales")
    result = run_cli("extract", cwd=project)
    assert result.returncode == 0, result.stderr
    assert f"created    locales/ru/{SAMPLE_SLUG}.po  0/12 reviewed" in result.stdout
    assert "1 release(s), 3 file(s) written, 0 unchanged." in result.stdout
    written = snapshot(project)
    again = run_cli("extract", cwd=project)
    assert again.returncode == 0 and "0 file(s) written, 3 unchanged" in again.stdout
    assert snapshot(project) == written


def test_extract_from_a_subfolder_and_by_slug(project: Path) -> None:
    result = run_cli("extract", SAMPLE_SLUG, cwd=project / "sources")
    assert result.returncode == 0, result.stderr
    assert "3 unchanged" in result.stdout


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="gettext's msgfmt is not installed")
@pytest.mark.parametrize("language", ["ru", "kk"])
def test_po_files_pass_msgfmt_check(project: Path, language: str) -> None:
    for path in [project / "locales" / language / f"{SAMPLE_SLUG}.po"]:
        checked = subprocess.run(
            ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(path)],
            capture_output=True,
            text=True,
        )
        assert checked.returncode == 0, checked.stderr
        assert "12 translated messages." in checked.stderr
        assert "warning" not in checked.stderr
    shutil.rmtree(project / "locales")
    assert run_cli("extract", cwd=project).returncode == 0
    fresh = project / "locales" / language / f"{SAMPLE_SLUG}.po"
    checked = subprocess.run(
        ["msgfmt", "--check", "-o", "/dev/null", str(fresh)], capture_output=True, text=True
    )
    assert checked.returncode == 0 and "warning" not in checked.stderr, checked.stderr


@pytest.mark.parametrize("language", ["ru", "kk"])
def test_translate_toolkit_reads_the_po_files_without_warnings(
    project: Path, language: str
) -> None:
    from translate.storage import factory

    path = project / "locales" / language / f"{SAMPLE_SLUG}.po"
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        store = factory.getobject(str(path))
    units = [unit for unit in store.units if not unit.isheader()]
    assert len(units) == 12 and all(unit.istranslated() for unit in units)
    assert store.gettargetlanguage() == language
    assert units[1].getcontext() == "dateline"


def test_errors_are_one_line_with_file_and_line_and_exit_2(project: Path) -> None:
    (project / "l10nrelease.toml").write_text("[project]\ntarget_langages = ['ru']\n")
    result = run_cli("extract", cwd=project)
    assert result.returncode == 2
    assert result.stderr == (
        "error: l10nrelease.toml:2: unknown key 'project.target_langages'; "
        "did you mean 'target_languages'?\n"
    )
    assert "Traceback" not in result.stderr


def test_po_with_other_language_header_is_refused_and_nothing_changes(project: Path) -> None:
    path = project / "locales" / "ru" / f"{SAMPLE_SLUG}.po"
    text = path.read_text(encoding="utf-8")
    line = text.splitlines().index('"Language: ru\\n"') + 1
    path.write_text(text.replace('"Language: ru', '"Language: kk'))
    before = snapshot(project)
    result = run_cli("extract", cwd=project)
    assert result.returncode == 2
    assert result.stderr.startswith(
        f"error: locales/ru/{SAMPLE_SLUG}.po:{line}: the Language header says 'kk'"
    )
    assert snapshot(project) == before


def test_orphan_po_file_is_reported_not_deleted(project: Path) -> None:
    orphan = project / "locales" / "ru" / "2016-01-01-gone.po"
    shutil.copy(project / "locales" / "ru" / f"{SAMPLE_SLUG}.po", orphan)
    result = run_cli("extract", cwd=project)
    assert result.returncode == 0
    assert "warning: locales/ru/2016-01-01-gone.po has no release in sources/" in result.stderr
    assert orphan.exists()


def test_no_project_here(tmp_path: Path) -> None:
    result = run_cli("extract", cwd=tmp_path)
    assert result.returncode == 2 and "no l10nrelease.toml here" in result.stderr


def test_every_command_has_help() -> None:
    assert main.help
    for name, command in main.commands.items():
        assert isinstance(command, click.Command)
        assert command.help and len(command.help) > 40, name
        with click.Context(command) as ctx:
            assert command.get_help(ctx)


def test_version(project: Path) -> None:
    result = run_cli("--version", cwd=project)
    assert result.returncode == 0 and "l10nrelease, version" in result.stdout


def test_extract_an_html_release(project: Path) -> None:
    from .conftest import DATA

    shutil.copy(DATA / "2017-02-15-osce-media-training.html", project / "sources")
    result = run_cli("extract", "2017-02-15-osce-media-training", cwd=project)
    assert result.returncode == 0, result.stderr
    po = (project / "locales" / "kk" / "2017-02-15-osce-media-training.po").read_text()
    assert 'msgid "OSCE trains journalists in <1>Astana</1>"' in po
    assert "#. h1\n#. placeholders (keep each once; move as needed): <1>…</1> italic" in po
    assert "#: sources/2017-02-15-osce-media-training.html:25\n" in po
    assert "https://www.osce.org" not in po
    # The sample's files were not touched: only the named release was extracted.
    assert "1 release(s), 3 file(s) written, 0 unchanged." in result.stdout


def test_a_second_command_waits_then_refuses(project: Path) -> None:
    import os

    from l10nrelease.project import open_project
    from l10nrelease.project.lock import locked

    with locked(open_project(project).config):
        env_wait = os.environ.get("L10NRELEASE_LOCK_WAIT")
        os.environ["L10NRELEASE_LOCK_WAIT"] = "0.3"
        try:
            before = snapshot(project)
            refused = run_cli("extract", cwd=project)
        finally:
            if env_wait is None:
                del os.environ["L10NRELEASE_LOCK_WAIT"]
            else:
                os.environ["L10NRELEASE_LOCK_WAIT"] = env_wait
    assert refused.returncode == 2
    assert f"another l10nrelease command (pid {os.getpid()}) is working on this project" in (
        refused.stderr
    )
    assert snapshot(project) == before
    assert run_cli("extract", cwd=project).returncode == 0  # free again


def test_jobs_changes_nothing_but_the_processes(project: Path, tmp_path: Path) -> None:
    """``--jobs 1`` (one process) and ``-j 2`` (workers) write the same files and say the
    same things: 120 releases, enough for two workers."""
    source = project / "sources" / f"{SAMPLE_SLUG}.txt"
    text = source.read_text(encoding="utf-8")
    for number in range(120):
        (project / "sources" / f"2017-02-{number % 28 + 1:02d}-copy-{number:03d}.txt").write_text(
            text.replace("roundtable", f"roundtable {number}", 1), encoding="utf-8"
        )
    other = tmp_path / "other"
    shutil.copytree(project, other)
    said = {}
    for folder, jobs in ((project, "1"), (other, "2")):
        extract = run_cli("--jobs", jobs, "extract", cwd=folder)
        build = run_cli("-j", jobs, "build", "--allow-incomplete", cwd=folder)
        status = run_cli("status", cwd=folder, env={"L10NRELEASE_JOBS": jobs})
        assert extract.returncode == 0, extract.stderr
        assert build.returncode in (0, 1), build.stderr
        said[jobs] = (extract.stdout, build.stdout, status.stdout)
    assert said["1"] == said["2"]
    # the two extracts may fall in different minutes: the header says when, nothing else
    undated = re.compile(rb'"(?:POT-Creation-Date|PO-Revision-Date): [^"]*"')

    def files(folder: Path) -> dict[str, bytes]:
        return {name: undated.sub(b"", data) for name, data in snapshot(folder).items()}

    assert files(project) == files(other)
    assert run_cli("--jobs", "0", "extract", cwd=project).returncode == 2
    after = run_cli("build", "-j", "1", cwd=project)  # a user's first guess
    assert after.returncode == 2
    assert "-j goes before the command's name: l10nrelease --jobs N build" in after.stderr


@pytest.mark.parametrize("command", [["status"], ["build", "-v"]])
def test_a_reader_that_stops_reading_ends_the_command_quietly(
    project: Path, command: list[str]
) -> None:
    """``l10nrelease status | head -1``: the reader is gone before the command writes;
    it ends as every Unix tool does (128 + SIGPIPE), without an error or a traceback,
    its work done."""
    import os
    import sys

    read, write = os.pipe()
    os.close(read)  # a reader that already stopped
    try:
        result = subprocess.run(
            [sys.executable, "-m", "l10nrelease", *command],
            cwd=project,
            stdout=write,
            stderr=subprocess.PIPE,
            text=True,
            timeout=120,
            env={**os.environ, "PYTHONWARNINGS": "error"},
        )
    finally:
        os.close(write)
    assert result.returncode == 141, result.stderr
    assert result.stderr == ""
    if command[0] == "build":
        assert (project / "build" / "ru" / f"{SAMPLE_SLUG}.html").exists()


def test_a_broken_pipe_that_is_not_the_readers_is_still_an_error(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Only a reader gone from standard output ends the command quietly: another
    broken pipe (a worker's, a server's) is reported, one line, exit status 2."""
    from l10nrelease.project import status as status_module

    def broken(*_args: object, **_kwargs: object) -> None:
        raise BrokenPipeError(32, "Broken pipe")

    monkeypatch.setattr(status_module, "status", broken)
    monkeypatch.chdir(project)
    from click.testing import CliRunner

    result = CliRunner().invoke(main, ["status"])
    assert result.exit_code == 2
    assert "error: cannot go on: Broken pipe" in result.output


def test_the_paths_messages_show_work_as_arguments_from_anywhere(project: Path) -> None:
    """Messages name files from the project folder (``see l10nrelease check
    locales/ru/….po``); typed from a subfolder, or with --project from outside, those
    paths name the same files (a new user's trial: they were read from the current
    folder only). A path that exists from the current folder is that one."""
    po = f"locales/ru/{SAMPLE_SLUG}.po"
    inside = project / "locales" / "ru"
    for command, cwd in (
        (("check", po), inside),
        (("-C", str(project), "check", po), project.parent),
        (("check", f"{SAMPLE_SLUG}.po"), inside),
        (("build", f"sources/{SAMPLE_SLUG}.txt", "--allow-incomplete"), inside),
    ):
        result = run_cli(*command, cwd=cwd)
        assert result.returncode in (0, 1), (command, result.stderr)
        assert "no such" not in result.stderr and "no release" not in result.stderr
    missing = run_cli("check", "locales/ru/none.po", cwd=inside)
    assert (
        missing.returncode == 2
        and "locales/ru/none.po: no such PO file" in missing.stdout + missing.stderr
    )
