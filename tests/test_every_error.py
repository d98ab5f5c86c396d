"""Every error at once: ``extract`` and ``build`` do every release they can, list every
one they cannot (file and line), write nothing of those, and exit 2 at the end."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from .conftest import ROOT, run_cli

GOOD = ROOT / "tests" / "data" / "2017-02-15-osce-media-training.html"
BROKEN = {
    # a page cut short, a page nested too deep, a control character, a text release
    # with nothing to translate
    "2017-03-01-cut-short.html": ROOT / "tests/malformed/html/truncated.html",
    "2017-03-02-too-deep.html": ROOT / "tests/malformed/html/nested-5000-deep.html",
    "2017-03-03-control.html": ROOT / "tests/malformed/html/control-character.html",
    "2017-03-04-empty.html": ROOT / "tests/malformed/html/no-text.html",
}


def _corpus(project: Path) -> None:
    for number in range(10):
        shutil.copy(GOOD, project / "sources" / f"2017-02-{number + 10}-good.html")
    for name, origin in BROKEN.items():
        shutil.copy(origin, project / "sources" / name)


def test_extract_does_the_good_and_lists_every_bad(project: Path) -> None:
    _corpus(project)
    result = run_cli("extract", cwd=project)
    assert result.returncode == 2, result.stdout + result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert len(errors) == 4, result.stderr
    for name, line in zip(sorted(BROKEN), errors, strict=True):
        assert re.match(rf"error: sources/{re.escape(name)}:\d+: ", line), line
    assert "11 release(s)" in result.stdout  # ten good pages and the sample
    assert "4 could not be extracted" in result.stdout
    for number in range(10):
        for language in ("ru", "kk"):
            assert (project / "locales" / language / f"2017-02-{number + 10}-good.po").exists()
    for name in BROKEN:
        slug = name.removesuffix(".html")
        assert not list(project.glob(f"locales/*/{slug}.po*"))
        assert not (project / "locales" / "templates" / f"{slug}.pot").exists()
    # Fixed one by one, the next run does what is left, and only that.
    (project / "sources" / "2017-03-04-empty.html").unlink()
    again = run_cli("extract", cwd=project)
    assert again.returncode == 2 and again.stderr.count("error: ") == 3
    assert "0 file(s) written" in again.stdout
    for name in BROKEN:
        (project / "sources" / name).unlink(missing_ok=True)
    assert run_cli("extract", cwd=project).returncode == 0


def test_a_broken_po_file_stops_only_its_release(project: Path) -> None:
    _corpus(project)
    for name in BROKEN:
        (project / "sources" / name).unlink()
    assert run_cli("extract", cwd=project).returncode == 0
    broken = project / "locales" / "kk" / "2017-02-13-good.po"
    broken.write_text(broken.read_text(encoding="utf-8") + 'msgid "cut\n', encoding="utf-8")
    source = project / "sources" / "2017-02-14-good.html"
    source.write_text(
        source.read_text(encoding="utf-8").replace("Thirty journalists", "Forty journalists"),
        encoding="utf-8",
    )
    before = broken.read_bytes()
    result = run_cli("extract", cwd=project)
    assert result.returncode == 2
    assert re.search(r"error: locales/kk/2017-02-13-good.po:\d+: ", result.stderr), result.stderr
    assert broken.read_bytes() == before
    assert "Forty journalists" in (project / "locales/ru/2017-02-14-good.po").read_text("utf-8")


def test_build_builds_the_good_and_lists_every_bad(project: Path) -> None:
    _corpus(project)
    run_cli("extract", cwd=project)
    result = run_cli("build", "--allow-incomplete", cwd=project)
    assert result.returncode == 2, result.stdout + result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert len(errors) == 4, result.stderr
    for name in BROKEN:
        assert any(f"sources/{name}:" in line for line in errors), (name, errors)
        assert not (project / "build" / "en" / name).exists()
    for number in range(10):
        assert (project / "build" / "ru" / f"2017-02-{number + 10}-good.html").exists()
