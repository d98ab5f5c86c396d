"""Benchmark: `l10nrelease check` against Translate Toolkit's `pofilter`, same files,
same run.

Generates (bench/corpus.py) N releases x ru + kk with a glossary of M names, then
times, as whole commands, median of --runs runs each:
  - pofilter over every PO file (its default checks);
  - l10nrelease check over every PO file: cold (no .l10nrelease/cache), cold in one
    process, rerun with nothing changed, rerun after editing one file;
  - l10nrelease check of one file from a cold start (a pre-commit hook's case).
Prints a table of wall times and ratios, and writes it to bench/RESULTS-check.md.

    .venv/bin/python bench/bench_check.py [--releases 1000] [--names 500] [--runs 3]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent
sys.path.insert(0, str(HERE))

from corpus import generate  # noqa: E402

WHAT_STANDS_IN_THE_WAY = """\
Targets: a cold check of every file at least 10x faster than pofilter with every core and
5x with one; one file from a cold start under 0.5 s. What the profile (pyinstrument,
`check --jobs 1`, cold) shows: the glossary check about 39 % (of the whole: compiling the
glossary's 1,000 name forms on a first run 12 %, each name's near misses among the
translation's words 12 %, locating each name's forms the rest; a unit translated the
same way twice is checked once), finding the names of each unit's English 18 % (for
the glossary check and the consistency observations alike), the eleven quality checks
12 %, reading the PO files about 7 % (once each: the observations' reading of a file
makes its findings too), and Python start-up with imports. With both cores, start-up,
the compiling of the name forms (before the workers fork) and the collecting of every
file's findings afterwards are a third of the time. A rerun re-checks only the files
whose content changed (the others are read in the main process: no workers, no
glossary compiled). Tried and left out: compiling the name forms on every core (each
worker must then load the dictionaries the main process would have loaded once for all:
no faster). Next: a compiled tokenizer and name scanner."""


def timed(command: list[str], cwd: Path, *, before=None) -> float:  # type: ignore[no-untyped-def]
    if before:
        before()
    start = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    if result.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(command)} failed:\n{result.stderr[-2000:]}")
    return elapsed


def machine() -> dict[str, object]:
    """When and where a benchmark runs: the date, the CPU, its cores and the load
    average at the start (a loaded machine's figures are upper bounds)."""
    return {
        "date": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        "cpu": cpu(),
        "cores": len(os.sched_getaffinity(0)),
        "load": ", ".join(f"{value:.2f}" for value in os.getloadavg()),
    }


def ratio(pair: tuple[Any, Any]) -> float:
    """Theirs over ours, from a row's (ours, theirs) medians."""
    ours, theirs = pair
    return round(theirs.seconds / ours.seconds, 2)


def update_results(results: dict[str, object], path: Path) -> None:
    """Merge ``results`` into ``bench/results.json`` (each benchmark writes its keys)."""
    try:
        known = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        known = {}
    known = known if isinstance(known, dict) else {}
    section = Path(sys.argv[0]).stem
    known[section] = {key: value for key, value in results.items()}
    for key, value in results.items():
        if key not in {"date", "cpu", "cores", "load", "releases", "runs"}:
            known[key] = value
    path.write_text(json.dumps(known, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def cpu() -> str:
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.processor() or platform.machine()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--releases", type=int, default=1000)
    parser.add_argument("--names", type=int, default=500)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="generate the corpus here and keep it")
    args = parser.parse_args()
    pofilter = BIN / "pofilter"
    if not pofilter.exists():
        raise SystemExit("pofilter not found: pip install translate-toolkit (the test extra)")
    work = args.keep or Path(tempfile.mkdtemp(prefix="l10nrelease-bench-"))
    generate(work, releases=args.releases, names=args.names)
    files = sorted(work.glob("locales/*/*.po"))
    one = files[len(files) // 2].relative_to(work)
    l10n = str(BIN / "l10nrelease")
    cache = work / ".l10nrelease"

    def drop_cache() -> None:
        shutil.rmtree(cache, ignore_errors=True)

    def pofilter_run() -> float:
        out = Path(tempfile.mkdtemp(prefix="pofilter-"))
        try:
            return timed([str(pofilter), "--progress=none", "-i", "locales", "-o", str(out)], work)
        finally:
            shutil.rmtree(out, ignore_errors=True)

    edited = work / files[0].relative_to(work)

    def edit_one() -> None:
        edited.write_text(edited.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")

    started = machine()
    rows = {}
    rows["pofilter, all files"] = [pofilter_run() for _ in range(args.runs)]
    rows["check, all files, cold (no cache)"] = [
        timed([l10n, "check"], work, before=drop_cache) for _ in range(args.runs)
    ]
    rows["check, all files, cold, 1 process"] = [
        timed([l10n, "check", "-j", "1"], work, before=drop_cache) for _ in range(args.runs)
    ]
    timed([l10n, "check"], work)  # leaves the caches
    rows["check, rerun, nothing changed"] = [timed([l10n, "check"], work) for _ in range(args.runs)]
    rows["check, rerun, one file edited"] = [
        timed([l10n, "check"], work, before=edit_one) for _ in range(args.runs)
    ]
    rows["check, one file, cold start"] = [
        timed([l10n, "check", str(one)], work, before=drop_cache) for _ in range(args.runs)
    ]
    medians = {name: statistics.median(times) for name, times in rows.items()}
    reference = medians["pofilter, all files"]
    lines = [
        "# `check` benchmark",
        "",
        f"Generated by `bench/bench_check.py` on {started['date']}, "
        f"{started['cpu']}, {started['cores']} cores, load average {started['load']} at "
        f"the start, Python {platform.python_version()}. Corpus: {args.releases} "
        "releases x ru + kk = "
        f"{len(files)} PO files, glossary of {args.names} names, misspelt names planted "
        "in 1 % of releases. Median of "
        f"{args.runs} runs, wall time of the whole command.",
        "",
        "| what | median (s) | pofilter / this |",
        "|---|---|---|",
    ]
    for name, value in medians.items():
        ratio = "1.0" if name.startswith("pofilter") else f"{reference / value:.1f}x"
        if name == "check, one file, cold start":
            ratio = "(target: under 0.5 s)"
        lines.append(f"| {name} | {value:.2f} | {ratio} |")
    lines += ["", WHAT_STANDS_IN_THE_WAY]
    report = "\n".join(lines) + "\n"
    print(report)
    (HERE / "RESULTS-check.md").write_text(report, encoding="utf-8")
    update_results(
        {
            **started,
            "releases": args.releases,
            "runs": args.runs,
            "check_vs_pofilter": round(reference / medians["check, all files, cold (no cache)"], 2),
            "check_vs_pofilter_one_core": round(
                reference / medians["check, all files, cold, 1 process"], 2
            ),
            "check_rerun_s": round(medians["check, rerun, nothing changed"], 3),
            "check_one_file_s": round(medians["check, one file, cold start"], 3),
        },
        HERE / "results.json",
    )
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
