"""Time ``extract`` and ``build`` on the corpus of CMS-shaped pages (tests/data/pages/).

The 13 pages (WordPress, Drupal, Hugo, Jekyll, XHTML, ISO-8859-1, windows-1251, BOM,
entities, code, and three Debian documentation pages) are copied ``--copies`` times
into a fresh project (each copy its own release), extracted and built with no
translation (``--allow-incomplete``: every page in three languages), through the real
command line; cold (no cache) and then again with nothing changed. Median of
``--runs``. Writes a Markdown table to ``--out`` (default: print only).

    .venv/bin/python bench/bench_html_pages.py --copies 1,20 --runs 3 \
        --out bench/RESULTS-html-pages.md
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGES = ROOT / "tests" / "data" / "pages"


def _project(folder: Path, copies: int) -> tuple[Path, int, int]:
    """A project with the corpus ``copies`` times; its path, pages and bytes."""
    project = folder / f"project-{copies}"
    (project / "sources").mkdir(parents=True)
    shutil.copy(ROOT / "l10nrelease.toml", project)
    shutil.copy(ROOT / "spelling.txt", project)
    header = (ROOT / "glossary.csv").read_text(encoding="utf-8").splitlines()[0]
    (project / "glossary.csv").write_text(header + "\n", encoding="utf-8")
    pages = size = 0
    for copy in range(copies):
        for page in sorted(PAGES.glob("*.html")):
            target = project / "sources" / f"{page.stem}-{copy:03d}.html"
            shutil.copy(page, target)
            pages += 1
            size += target.stat().st_size
    return project, pages, size


def _run(project: Path, *args: str) -> float:
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "l10nrelease", *args],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
    )
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(f"l10nrelease {' '.join(args)} failed:\n{result.stderr}")
    return elapsed


def _cold(project: Path) -> None:
    for name in ("locales", "build", ".l10nrelease"):
        shutil.rmtree(project / name, ignore_errors=True)


def measure(copies: int, runs: int, folder: Path) -> dict[str, float | int]:
    project, pages, size = _project(folder, copies)
    timings: dict[str, list[float]] = {"extract": [], "build": [], "rerun": []}
    for _ in range(runs):
        _cold(project)
        timings["extract"].append(_run(project, "extract"))
        timings["build"].append(_run(project, "build", "--allow-incomplete"))
        rerun = _run(project, "extract") + _run(project, "build", "--allow-incomplete")
        timings["rerun"].append(rerun)
    shutil.rmtree(project)
    result: dict[str, float | int] = {"pages": pages, "bytes": size}
    result.update({key: statistics.median(values) for key, values in timings.items()})
    return result


def report(rows: list[dict[str, float | int]], runs: int) -> str:
    lines = [
        "# extract and build on the CMS-shaped page corpus",
        "",
        f"`bench/bench_html_pages.py`, median of {runs} run(s); each page built in en, ru and "
        "kk with no translation (`--allow-incomplete`), through the real command line "
        "(Python's start-up included).",
        "",
        "| source pages | size | extract, cold | build, cold (pages written) | "
        "extract + build, nothing changed |",
        "|---|---|---|---|---|",
    ]
    for row in rows:
        lines.append(
            f"| {row['pages']} | {row['bytes'] / 1024:,.0f} KB | {row['extract']:.2f} s | "
            f"{row['build']:.2f} s ({3 * int(row['pages'])}) | {row['rerun']:.2f} s |"
        )
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", default="1,20", help="corpus copies, comma-separated")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--out", type=Path)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        rows = [
            measure(int(copies), options.runs, Path(folder)) for copies in options.copies.split(",")
        ]
    text = report(rows, options.runs)
    print(text, end="")
    if options.out:
        options.out.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
