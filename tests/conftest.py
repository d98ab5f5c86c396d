"""Shared fixtures: a copy of the bundled sample project, and a CLI runner."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
SAMPLE_SLUG = "2017-01-31-osce-roundtable-countering-terrorism"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the repository's sample project (config, glossary, sources, locales)."""
    target = tmp_path / "project"
    target.mkdir()
    shutil.copy(ROOT / "l10nrelease.toml", target)
    shutil.copy(ROOT / "glossary.csv", target)
    shutil.copy(ROOT / "spelling.txt", target)
    shutil.copytree(ROOT / "sources", target / "sources")
    shutil.copytree(ROOT / "locales", target / "locales")
    return target


def run_cli(
    *args: str, cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run the real command line in a child process, as a user would (``env``: more
    environment variables)."""
    env = {**os.environ, "PYTHONWARNINGS": "error", "NO_COLOR": "1", **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "l10nrelease", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` with its bytes, to prove nothing changed (the caches
    in .l10nrelease/ are not the project's content)."""
    return {
        str(path.relative_to(folder)): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file() and ".l10nrelease" not in path.relative_to(folder).parts
    }
