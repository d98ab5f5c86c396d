"""``l10nrelease init``: a new project, then a first release through extract and build."""

from __future__ import annotations

import shutil
from pathlib import Path

from l10nrelease.config import read_config
from l10nrelease.glossary import parse_glossary
from l10nrelease.project.init import skeleton_file

from .conftest import ROOT, SAMPLE_SLUG, run_cli, snapshot


def test_init_then_a_first_release(tmp_path: Path) -> None:
    created = run_cli("init", "press", "--lang", "ru,kk", cwd=tmp_path)
    assert created.returncode == 0, created.stderr
    project = tmp_path / "press"
    for name in (
        "l10nrelease.toml",
        "glossary.csv",
        ".gitignore",
        ".gitattributes",
        ".pre-commit-config.yaml",
        ".github/workflows/translations.yml",
        "sources",
        "locales",
    ):
        assert (project / name).exists(), name
    assert "l10nrelease -C press extract" in created.stdout
    config = read_config(project)
    assert config.target_languages == ("ru", "kk")
    assert config.name == "press"
    glossary = (project / "glossary.csv").read_text(encoding="utf-8")
    assert parse_glossary(glossary, path="glossary.csv", languages=("ru", "kk")).terms == ()
    assert "# Example: Astana" in glossary
    assert "*.po text eol=lf" in (project / ".gitattributes").read_text(encoding="utf-8")
    assert "/build/" in (project / ".gitignore").read_text(encoding="utf-8")

    shutil.copy(ROOT / "sources" / f"{SAMPLE_SLUG}.txt", project / "sources")
    assert run_cli("extract", cwd=project).returncode == 0
    assert (project / "locales" / "kk" / f"{SAMPLE_SLUG}.po").exists()
    built = run_cli("build", "--allow-incomplete", cwd=project)
    assert built.returncode == 0, built.stdout + built.stderr
    for language in ("en", "ru", "kk"):
        assert (project / "build" / language / f"{SAMPLE_SLUG}.html").exists()
    assert run_cli("check", cwd=project).returncode == 0


def test_init_twice_is_refused_and_changes_nothing(tmp_path: Path) -> None:
    assert run_cli("init", cwd=tmp_path).returncode == 0
    (tmp_path / "glossary.csv").write_text("en,kind,ru,kk\n", encoding="utf-8")
    before = snapshot(tmp_path)
    again = run_cli("init", cwd=tmp_path)
    assert again.returncode == 2
    assert "already holds l10nrelease.toml" in again.stderr and "overwrites nothing" in again.stderr
    assert snapshot(tmp_path) == before
    # one file of a project is enough to refuse
    other = tmp_path / "other"
    other.mkdir()
    (other / ".gitignore").write_text("mine\n", encoding="utf-8")
    refused = run_cli("init", "other", cwd=tmp_path)
    assert refused.returncode == 2 and "already holds .gitignore" in refused.stderr
    assert sorted(p.name for p in other.iterdir()) == [".gitignore"]


def test_init_refuses_a_language_code_it_cannot_use(tmp_path: Path) -> None:
    result = run_cli("init", "x", "--lang", "ru,kk-KZ", cwd=tmp_path)
    assert result.returncode == 2
    assert "--lang kk-KZ: write the language alone, 'kk'" in result.stderr
    assert not (tmp_path / "x").exists()
    assert run_cli("init", "y", "--lang", "en", cwd=tmp_path).returncode == 2


def test_the_workflow_init_writes_is_the_one_docs_ci_shows() -> None:
    docs = (ROOT / "docs" / "ci.md").read_text(encoding="utf-8")
    assert skeleton_file("translations.yml") in docs
