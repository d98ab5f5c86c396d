"""The pre-commit hooks as shipped in .pre-commit-hooks.yaml, run by pre-commit itself.

``pre-commit try-repo`` and a real ``git commit`` in a copy of the sample project: a
commit that changes only the glossary, in a way that breaks an existing translation,
fails; one that breaks nothing passes. The hooks' ``files``, ``pass_filenames`` and
``entry`` are the shipped ones; only ``language: python`` becomes ``language: system``,
so that pre-commit runs this checkout's l10nrelease instead of installing it (and its
dependencies) from the package index: tests never reach the internet.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT

BIN = Path(sys.executable).parent


def _pre_commit() -> str:
    found = BIN / "pre-commit"
    if found.exists():
        return str(found)
    other = shutil.which("pre-commit")
    if other is None:
        pytest.skip(
            "pre-commit is not installed (it is a test dependency: pip install -e '.[test]')"
        )
    return other


def _env(tmp_path: Path) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("GIT_", "PRE_COMMIT", "PYTHONWARNINGS"))
    }
    return {
        **env,
        "PATH": f"{BIN}{os.pathsep}{env.get('PATH', '')}",
        "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"),
        "GIT_CONFIG_GLOBAL": str(tmp_path / "gitconfig"),
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": "Press office",
        "GIT_AUTHOR_EMAIL": "press@example.org",
        "GIT_COMMITTER_NAME": "Press office",
        "GIT_COMMITTER_EMAIL": "press@example.org",
        "NO_COLOR": "1",
    }


def _git(*args: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["git", *args], cwd=cwd, env=env, capture_output=True, text=True, check=True, timeout=60
    )


def _hooks_repo(tmp_path: Path, env: dict[str, str], hooks: str) -> Path:
    repo = tmp_path / "hooks"
    repo.mkdir()
    (repo / ".pre-commit-hooks.yaml").write_text(
        hooks.replace("language: python", "language: system"), encoding="utf-8"
    )
    _git("init", "-q", cwd=repo, env=env)
    _git("add", ".", cwd=repo, env=env)
    _git("commit", "-q", "-m", "hooks", cwd=repo, env=env)
    return repo


@pytest.fixture
def repository(project: Path, tmp_path: Path) -> tuple[Path, dict[str, str]]:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    env = _env(tmp_path)
    _git("init", "-q", cwd=project, env=env)
    _git("add", ".", cwd=project, env=env)
    _git("commit", "-q", "-m", "sample project", cwd=project, env=env)
    return project, env


def _break_the_glossary(project: Path) -> None:
    """The Kazakh OSCE misspelt in the glossary: every Kazakh translation is now wrong."""
    glossary = project / "glossary.csv"
    text = glossary.read_text(encoding="utf-8")
    glossary.write_text(text.replace(",ЕҚЫҰ,", ",ЕЫҚҰ,", 1), encoding="utf-8")


def _try_repo(project: Path, hooks: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [_pre_commit(), "try-repo", str(hooks), "l10nrelease-check"],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_a_glossary_only_change_that_breaks_a_translation_fails(
    repository: tuple[Path, dict[str, str]], tmp_path: Path
) -> None:
    project, env = repository
    shipped = (ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    hooks = _hooks_repo(tmp_path, env, shipped)
    _break_the_glossary(project)
    _git("add", "glossary.csv", cwd=project, env=env)
    result = _try_repo(project, hooks, env)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "l10nrelease glossary check" in result.stdout and "Failed" in result.stdout
    assert '"OSCE" must be rendered as "ЕЫҚҰ"' in result.stdout

    # The hooks as they were (PO files only) let the same commit through: what changed.
    before = tmp_path / "before"
    before.mkdir()
    old = shipped.replace(
        r"files: (\.po|(^|/)glossary\.csv|(^|/)l10nrelease\.toml)$", r"files: \.po$"
    )
    assert old != shipped
    skipped = _try_repo(project, _hooks_repo(before, env, old), env)
    assert skipped.returncode == 0 and "Skipped" in skipped.stdout, skipped.stdout


def test_the_commit_itself_fails_and_a_harmless_one_passes(
    repository: tuple[Path, dict[str, str]], tmp_path: Path
) -> None:
    project, env = repository
    hooks = _hooks_repo(tmp_path, env, (ROOT / ".pre-commit-hooks.yaml").read_text())
    rev = _git("rev-parse", "HEAD", cwd=hooks, env=env).stdout.strip()
    (project / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {hooks.as_uri()}\n    rev: {rev}\n    hooks:\n"
        "      - id: l10nrelease-check\n      - id: l10nrelease-glossary-lint\n",
        encoding="utf-8",
    )
    _git("add", ".pre-commit-config.yaml", cwd=project, env=env)
    _git("commit", "-q", "-m", "pre-commit", cwd=project, env=env)
    subprocess.run(
        [_pre_commit(), "install"], cwd=project, env=env, check=True, capture_output=True
    )
    head = _git("rev-parse", "HEAD", cwd=project, env=env).stdout

    _break_the_glossary(project)
    _git("add", "glossary.csv", cwd=project, env=env)
    refused = subprocess.run(
        ["git", "commit", "-m", "Kazakh spelling"],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert refused.returncode != 0, refused.stdout + refused.stderr
    assert _git("rev-parse", "HEAD", cwd=project, env=env).stdout == head

    _git("checkout", "HEAD", "--", "glossary.csv", cwd=project, env=env)
    glossary = project / "glossary.csv"
    glossary.write_text(
        glossary.read_text(encoding="utf-8").replace("attested (", "attested in (", 1),
        encoding="utf-8",
    )
    _git("add", "glossary.csv", cwd=project, env=env)
    accepted = subprocess.run(
        ["git", "commit", "-m", "a note"],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert accepted.returncode == 0, accepted.stdout + accepted.stderr
    assert "l10nrelease glossary check" in accepted.stdout + accepted.stderr
