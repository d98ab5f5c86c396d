"""A command killed (SIGKILL) while writing leaves every file old or new, never half.

extract stages each PO file beside its target and renames it into place only when every
release was merged; build writes the next build folder beside the current one and swaps
it in. These tests kill the real command line at many points of its run and look at
every file; the next command tidies what the killed one left and finishes the work.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from .conftest import ROOT, SAMPLE_SLUG, run_cli

RELEASES = 60
_DATES = re.compile(rb'^"(POT-Creation-Date|PO-Revision-Date): [^"]*"\n', re.M)


def _files(folder: Path) -> dict[str, bytes]:
    """The files a user sees (a killed run's temporary files are not among them: the
    next command removes them), with their header dates blanked."""
    return {
        path.relative_to(folder).as_posix(): _DATES.sub(b"", path.read_bytes())
        for path in sorted(folder.rglob("*"))
        if path.is_file() and path not in _temporary(folder)
    }


def _temporary(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.name.startswith(".") and p.name.endswith(".tmp")]


def _project(tmp_path: Path) -> Path:
    """The sample project with RELEASES releases (the sample's text, renamed)."""
    project = tmp_path / "project"
    project.mkdir()
    for name in ("l10nrelease.toml", "glossary.csv", "spelling.txt"):
        shutil.copy(ROOT / name, project)
    (project / "sources").mkdir()
    text = (ROOT / "sources" / f"{SAMPLE_SLUG}.txt").read_text(encoding="utf-8")
    for number in range(RELEASES):
        slug = SAMPLE_SLUG.replace(
            "2017-01-31", f"2017-{1 + number // 28:02d}-{1 + number % 28:02d}"
        )
        headline, rest = text.split("\n", 1)
        (project / "sources" / f"{slug}-{number}.txt").write_text(
            f"{headline} (part {number})\n{rest}", encoding="utf-8"
        )
    return project


def _edit_every_release(project: Path) -> None:
    for path in (project / "sources").glob("*.txt"):
        text = path.read_text(encoding="utf-8").rstrip("\n")
        path.write_text(text + " The roundtable ends tomorrow.\n", encoding="utf-8")


def _start(project: Path, *args: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "l10nrelease", *args],
        cwd=project,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _timed(project: Path, *args: str) -> float:
    start = time.perf_counter()
    assert run_cli(*args, cwd=project).returncode == 0
    return time.perf_counter() - start


FRACTIONS = (0.2, 0.4, 0.6, 0.75, 0.85, 0.92, 1.0, 1.1)


def test_extract_killed_at_any_point_leaves_each_po_file_old_or_new(tmp_path: Path) -> None:
    project = _project(tmp_path)
    assert run_cli("extract", cwd=project).returncode == 0
    old_state = tmp_path / "old"
    shutil.copytree(project, old_state)
    old = _files(project / "locales")
    _edit_every_release(project)
    edited = tmp_path / "edited"
    shutil.copytree(project, edited)
    reference = tmp_path / "reference"
    shutil.copytree(project, reference)
    duration = _timed(reference, "extract")
    new = _files(reference / "locales")
    assert set(new) == set(old) and all(new[name] != old[name] for name in new)

    for fraction in FRACTIONS:
        shutil.rmtree(project)
        shutil.copytree(edited, project)  # the edited sources, the old PO files
        process = _start(project, "extract")
        time.sleep(duration * fraction)
        process.send_signal(signal.SIGKILL)
        process.wait()
        now = _files(project / "locales")
        assert set(now) == set(old), fraction
        for name, content in now.items():
            assert content in (old[name], new[name]), (fraction, name)  # never half a file
        # The next extract tidies the temporary files and finishes the work.
        assert run_cli("extract", cwd=project).returncode == 0
        assert _files(project / "locales") == new, fraction
        assert _temporary(project) == [], fraction


def test_build_killed_at_any_point_leaves_the_old_pages_or_the_new(tmp_path: Path) -> None:
    project = _project(tmp_path)
    assert run_cli("extract", cwd=project).returncode == 0
    assert run_cli("build", "--allow-incomplete", cwd=project).returncode == 0
    old = _files(project / "build")
    _edit_every_release(project)
    assert run_cli("extract", cwd=project).returncode == 0
    edited = tmp_path / "edited"
    shutil.copytree(project, edited)
    reference = tmp_path / "reference"
    shutil.copytree(project, reference)
    duration = _timed(reference, "build", "--allow-incomplete")
    new = _files(reference / "build")
    assert old != new

    for fraction in FRACTIONS:
        shutil.rmtree(project)
        shutil.copytree(edited, project)  # new PO files, the old build folder
        process = _start(project, "build", "--allow-incomplete")
        time.sleep(duration * fraction)
        process.send_signal(signal.SIGKILL)
        process.wait()
        if (project / "build").exists():
            # The whole folder is the old build or the new one, never a mix.
            assert _files(project / "build") in (old, new), fraction
        else:
            # Killed between the two renames of the swap: the old folder waits beside
            # it, and the next command that writes puts it back.
            assert list(project.glob(".build.old-*")), fraction
            assert run_cli("extract", cwd=project).returncode == 0
            assert _files(project / "build") == old, fraction
        assert run_cli("build", "--allow-incomplete", cwd=project).returncode == 0
        assert _files(project / "build") == new, fraction
        assert not [p for p in os.listdir(project) if p.startswith(".build.")], fraction
