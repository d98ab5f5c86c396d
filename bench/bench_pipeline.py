"""Benchmark: extract and build against Translate Toolkit's html2po and po2html, same run.

Generates N releases in CMS HTML shape (bench/corpus.py's content with <h1>, <p>, inline
links and emphasis), then times, as whole commands, median of --runs runs:
  - extract (a POT and a PO for ru and kk per release) against html2po run three times
    (POT, ru, kk: the same number of files);
  - build --allow-incomplete (pages in en, ru, kk and the indexes) against po2html for ru
    and kk (Translate Toolkit has no source-language page or index);
  - extract and build again with nothing changed.
Writes the table to bench/RESULTS.md with the date and the CPU.

    .venv/bin/python bench/bench_pipeline.py [--releases 200] [--runs 3]
"""

from __future__ import annotations

import argparse
import datetime as dt
import html
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent
sys.path.insert(0, str(HERE))

from bench_check import cpu  # noqa: E402
from corpus import make_names, release  # noqa: E402


def html_release(text: str, rng: random.Random) -> str:
    lines = text.strip().split("\n")
    body = []
    for line in lines[1:]:
        words = html.escape(line).split(" ")
        if len(words) > 8:
            at = rng.randrange(1, len(words) - 3)
            words[at] = f'<a href="https://www.osce.org/item/{rng.randrange(9999)}">{words[at]}'
            words[at + 1] = f"{words[at + 1]}</a>"
            words[-2] = f"<em>{words[-2]}</em>"
        body.append(f"<p>{' '.join(words)}</p>")
    title = html.escape(lines[0])
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{title}</title>\n</head>\n<body>\n<article>\n<h1>{title}</h1>\n"
        + "\n".join(body)
        + "\n</article>\n</body>\n</html>\n"
    )


def generate(folder: Path, releases: int) -> None:
    rng = random.Random(3)
    names = make_names(300)
    (folder / "sources").mkdir(parents=True)
    for number in range(releases):
        slug, text, _units = release(number, names, rng)
        (folder / "sources" / f"{slug}.html").write_text(html_release(text, rng), encoding="utf-8")
    (folder / "l10nrelease.toml").write_text(
        '[project]\nname = "benchmark"\ntarget_languages = ["ru", "kk"]\n', encoding="utf-8"
    )


def run(command: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    if result.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(command)} failed:\n{result.stderr[-2000:]}")
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--releases", type=int, default=200)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    l10n = str(BIN / "l10nrelease")
    work = Path(tempfile.mkdtemp(prefix="l10nrelease-pipeline-"))
    try:
        generate(work, args.releases)

        def fresh(*names: str) -> None:
            for name in names:
                shutil.rmtree(work / name, ignore_errors=True)

        def timed(command: list[str], before=None) -> list[float]:  # type: ignore[no-untyped-def]
            times = []
            for _ in range(args.runs):
                if before:
                    before()
                times.append(run(command, work))
            return times

        def html2po() -> float:
            (work / "tt").mkdir(exist_ok=True)
            total = 0.0
            for target, extra in (("tt/pot", ["-P"]), ("tt/ru", []), ("tt/kk", [])):
                total += run(
                    [
                        str(BIN / "html2po"),
                        "--progress=none",
                        "-i",
                        "sources",
                        "-o",
                        target,
                        *extra,
                    ],
                    work,
                )
            return total

        def po2html() -> float:
            (work / "tt-out").mkdir(exist_ok=True)
            return sum(
                run(
                    [
                        str(BIN / "po2html"),
                        "--progress=none",
                        "-i",
                        f"tt/{lang}",
                        "-t",
                        "sources",
                        "-o",
                        f"tt-out/{lang}",
                    ],
                    work,
                )
                for lang in ("ru", "kk")
            )

        rows: dict[str, tuple[list[float], list[float]]] = {}
        ours = timed([l10n, "extract"], before=lambda: fresh("locales", ".l10nrelease"))
        theirs = []
        for _ in range(args.runs):
            fresh("tt")
            theirs.append(html2po())
        rows["extract, cold / html2po x3"] = (ours, theirs)
        ours = timed([l10n, "build", "--allow-incomplete"], before=lambda: fresh("build"))
        theirs = []
        for _ in range(args.runs):
            fresh("tt-out")
            theirs.append(po2html())
        rows["build, cold / po2html x2"] = (ours, theirs)
        rows["extract, nothing changed / html2po x3"] = (
            timed([l10n, "extract"]),
            [html2po() for _ in range(args.runs)],
        )
        rows["build, nothing changed / po2html x2"] = (
            timed([l10n, "build", "--allow-incomplete"]),
            [po2html() for _ in range(args.runs)],
        )
    finally:
        shutil.rmtree(work, ignore_errors=True)
    lines = [
        "# Pipeline benchmark: l10nrelease against Translate Toolkit",
        "",
        f"Generated by `bench/bench_pipeline.py` on {dt.date.today().isoformat()}, {cpu()}, "
        f"Python {platform.python_version()}. {args.releases} CMS-style HTML releases, ru + kk; "
        f"median of {args.runs} runs, wall time of whole commands, measured in the same run.",
        "",
        "| work | l10nrelease (s) | Translate Toolkit (s) | Translate Toolkit / l10nrelease |",
        "|---|---|---|---|",
    ]
    for name, (ours, theirs) in rows.items():
        a, b = statistics.median(ours), statistics.median(theirs)
        lines.append(f"| {name} | {a:.2f} | {b:.2f} | {b / a:.1f}x |")
    lines += [
        "",
        "See `bench/RESULTS-check.md` for check against pofilter, "
        "`bench/RESULTS-memory.md` and `bench/RESULTS-pretranslate.md`.",
    ]
    report = "\n".join(lines) + "\n"
    print(report)
    (HERE / "RESULTS.md").write_text(report, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
