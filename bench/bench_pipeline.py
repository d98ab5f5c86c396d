"""Benchmark: the whole pipeline against Translate Toolkit, same files, same run.

Generates N releases in CMS HTML shape (bench/corpus.py's content: headline, dateline,
6-10 paragraphs of one to three sentences, names from a glossary, inline links and
emphasis) and times, as whole commands with their peak memory:

  - extract (a POT and a PO for ru and kk per release) against html2po run three times
    (POT, ru, kk: the same number of files);
  - the PO files are then filled with pseudo-translations (the same transformation on
    both sides: letters to Cyrillic/Kazakh, markup kept), so build has work;
  - build (pages in en, ru, kk and the indexes) against po2html for ru and kk;
  - status against pocount, over the same PO files;
  - extract and build again with nothing changed, and after editing one release
    (Translate Toolkit has no incremental mode: its figure is its full run).

At --releases N, median of --runs runs; then, once each, at every size in --scales to
show how time and memory grow. Writes bench/RESULTS.md with the date and the CPU.
Subprocesses run with bytecode caching on (as an installed tool does), whatever
PYTHONDONTWRITEBYTECODE says here.

    .venv/bin/python bench/bench_pipeline.py [--releases 1000] [--runs 3] [--scales 100,1000,10000]

About 15 minutes with the defaults on a 2-core machine.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import platform
import random
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "src"))

from bench_check import machine, ratio, update_results  # noqa: E402
from corpus import html_release, make_names, release  # noqa: E402

from l10nrelease.pofile import parse_catalog, render_catalog  # noqa: E402

WHAT_STANDS_IN_THE_WAY = """\
What stands in the way, from the profiles (cProfile and pyinstrument on `l10nrelease
--jobs 1 build`, cold: after the pipeline's extract, no record of an earlier build, at
1,000 releases). A cold build does what po2html does not: before it publishes a page it
checks the page's PO file exactly as `check` does (the publication gate: glossary names
in every case, the quality checks, and the project-wide consistency of names the
glossary lacks), and it writes the English pages, the indexes and feeds. Shares of a
one-process cold build: rebuilding each CMS page 19 % (a copy of the parsed tree, the
text runs swapped in Python), the consistency observations 18 % (each proper name of a
unit's English aligned to the translation's words), the quality checks 13 %, reading
each PO file twice (for the observations and findings, then for the plans) 12 %, the
plans 6 %, creating 3,000 files 8 % (the kernel's time, as for po2html), the release
from extract's record of it 3 % (segmented once, by extract), the consistency weighing
3 %, and start-up, records and indexes the rest. No function has more than 3 % of the
time to itself: it is Python doing per-unit work in every stage. A rerun with nothing
changed gives the answer the last run sealed (src/l10nrelease/seal.py), looked up
before click or any stage is imported (src/l10nrelease/launch.py): one stat per file;
what is left is Python starting with the seal's imports (about half of it) and the
stats of some 7,000 files. Memory: every record is written as it comes (the index
lines provisionally, until the build ends), the observations of the consistency check
are held as three integers each and weighed one name at a time, the index lines without
their summaries, the build record and the seal as one digest each, and the workers'
caches are bounded (the Kazakh suffix sets, shared by stems alike, took 40 MB off a
worker). What grows with the corpus is the build's main process holding each release's
plans and index lines until the indexes are made (about 4 KB a release), and the
workers' bounded caches filling. Next for speed: one pass per release that parses its
PO files once for the observations and the plans (the plans taking the consistency
findings as they stand, a release planned again where the project-wide weighing then
changes them), and a compiled tokenizer and name scanner."""

#: What extract records for the next command: the release as read and segmented, and
#: its own skip record (``project/extract.py``).
EXTRACT_KINDS = ("extract", "release", "code")  # (and which code made them)

ENV = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
L10N = str(BIN / "l10nrelease")


@dataclass
class Run:
    seconds: float
    peak_mb: float


#: Runs a command and prints its peak resident memory (KB) and wall time. The measuring
#: is done by this small process: Linux carries a process's memory high-water mark
#: across exec, so a command forked straight from this script would report our memory.
_LAUNCHER = """
import os, subprocess, sys, time
start = time.perf_counter()
process = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
errors = process.stderr.read()
process.stderr.close()
_pid, status, usage = os.wait4(process.pid, 0)
elapsed = time.perf_counter() - start
sys.stderr.write(errors.decode(errors="replace"))
print(os.waitstatus_to_exitcode(status), usage.ru_maxrss, elapsed)
"""


def run(command: list[str], cwd: Path) -> Run:
    """Wall time and peak resident memory (largest process, workers included) of a command."""
    result = subprocess.run(
        [sys.executable, "-c", _LAUNCHER, *command],
        cwd=cwd,
        env=ENV,
        capture_output=True,
        text=True,
        check=False,
    )
    status, peak, elapsed = result.stdout.split()
    if int(status) not in (0, 1):
        raise SystemExit(f"{' '.join(command)} failed:\n{result.stderr[-2000:]}")
    return Run(float(elapsed), int(peak) / 1024)


def total(*runs: Run) -> Run:
    return Run(sum(r.seconds for r in runs), max(r.peak_mb for r in runs))


def generate(folder: Path, releases: int) -> list[str]:
    rng = random.Random(3)
    names = make_names(300)
    (folder / "sources").mkdir(parents=True)
    slugs = []
    for number in range(releases):
        slug, text, _units = release(number, names, rng)
        (folder / "sources" / f"{slug}.html").write_text(html_release(text, rng), encoding="utf-8")
        slugs.append(slug)
    (folder / "l10nrelease.toml").write_text(
        '[project]\nname = "benchmark"\ntarget_languages = ["ru", "kk"]\n', encoding="utf-8"
    )
    return slugs


_LOWER = {
    "ru": dict(zip("abcdefghijklmnopqrstuvwxyz", "абцдефгхийклмнопярстуввхыз", strict=True)),
    "kk": dict(zip("abcdefghijklmnopqrstuvwxyz", "әбцдефғһіжқлмңөпқрстұүвхұз", strict=True)),
}
#: capitals too: a translation mixing Latin capitals into Cyrillic words fails check's
#: mixed-script rule, and build would (rightly) keep every page back
_LETTERS = {
    language: table | {a.upper(): b.upper() for a, b in table.items()}
    for language, table in _LOWER.items()
}
_OUTSIDE_MARKUP = re.compile(r"(<[^>]*>)")


def pseudo(text: str, language: str) -> str:
    """A stand-in translation that passes check: letters mapped to the language's
    alphabet, «…» quotes, markup kept."""
    table = _LETTERS[language]
    parts = _OUTSIDE_MARKUP.split(text.replace("\u201c", "«").replace("\u201d", "»"))
    return "".join(
        part if part.startswith("<") else "".join(table.get(c, c) for c in part) for part in parts
    )


def fill(folder: Path, language: str) -> None:
    """Translate every entry of every PO file in ``folder``, reviewed (not fuzzy)."""
    for path in folder.glob("*.po"):
        catalog = parse_catalog(path.read_text(encoding="utf-8"), path=str(path))
        entries = tuple(
            entry
            if not entry.msgid or entry.obsolete
            else dataclasses.replace(
                entry,
                msgstr=pseudo(entry.msgid, language),
                fuzzy=False,
                previous_msgid=None,
                previous_msgctxt=None,
            )
            for entry in catalog.entries
        )
        path.write_text(
            render_catalog(dataclasses.replace(catalog, entries=entries)),
            encoding="utf-8",
        )


def edit_one(folder: Path, slug: str, round_: int) -> None:
    """Change one sentence of one release, as an editor fixing a typo would."""
    path = folder / "sources" / f"{slug}.html"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("</h1>", f" (update {round_})</h1>", 1), encoding="utf-8")


class Workload:
    """One corpus in a temporary folder, and every command of the comparison."""

    def __init__(self, releases: int) -> None:
        self.releases = releases
        self.work = Path(tempfile.mkdtemp(prefix="l10nrelease-pipeline-"))
        self.slugs = generate(self.work, releases)
        self.edits = 0

    def close(self) -> None:
        shutil.rmtree(self.work, ignore_errors=True)

    def fresh(self, *names: str) -> None:
        for name in names:
            shutil.rmtree(self.work / name, ignore_errors=True)

    def ours(self, *arguments: str, jobs: int | None = None) -> Run:
        processes = ["--jobs", str(jobs)] if jobs else []
        return run([L10N, *processes, *arguments], self.work)

    def extract_cold(self, jobs: int | None = None) -> Run:
        self.fresh("locales", ".l10nrelease", "build")
        result = self.ours("extract", jobs=jobs)
        for language in ("ru", "kk"):
            fill(self.work / "locales" / language, language)
        self.ours("extract")  # reads the translations back, as after a translator's commit
        return result

    def build_cold(self, jobs: int | None = None) -> Run:
        """A build with no record of any earlier build (no findings, observations,
        pages or status rows kept), after the extract of the same pipeline: what that
        extract recorded of each release (its segmentation, ``EXTRACT_KINDS``) is
        there, as it is for a user who runs extract, then build. The other records
        are put back afterwards, so that the reruns measured next are the no-change
        reruns a user sees."""
        self.fresh("build")
        store = self.work / ".l10nrelease" / "cache" / "records.sqlite"
        kept = store.with_name("records.bench-kept")
        for suffix in ("", "-wal", "-shm"):
            source = Path(f"{store}{suffix}")
            if source.exists():
                source.replace(f"{kept}{suffix}")
        with sqlite3.connect(kept) as db:
            db.execute("VACUUM INTO ?", (str(store),))
        db.close()
        with sqlite3.connect(store) as db:
            marks = ", ".join("?" for _ in EXTRACT_KINDS)
            db.execute(f"DELETE FROM records WHERE kind NOT IN ({marks})", EXTRACT_KINDS)
        db.close()
        result = self.ours("build", jobs=jobs)
        with sqlite3.connect(store) as db:
            db.execute("ATTACH DATABASE ? AS kept", (str(kept),))
            db.execute("INSERT OR IGNORE INTO records SELECT * FROM kept.records")
        db.close()
        for suffix in ("", "-wal", "-shm"):
            Path(f"{kept}{suffix}").unlink(missing_ok=True)
        return result

    def html2po(self) -> Run:
        self.fresh("tt")
        (self.work / "tt").mkdir()
        runs = [
            run(
                [str(BIN / "html2po"), "--progress=none", "-i", "sources", "-o", out, *extra],
                self.work,
            )
            for out, extra in (("tt/pot", ["-P"]), ("tt/ru", []), ("tt/kk", []))
        ]
        for language in ("ru", "kk"):
            fill(self.work / "tt" / language, language)
        return total(*runs)

    def po2html(self) -> Run:
        self.fresh("tt-out")
        (self.work / "tt-out").mkdir()
        return total(
            *(
                run(
                    [
                        str(BIN / "po2html"),
                        "--progress=none",
                        "-i",
                        f"tt/{language}",
                        "-t",
                        "sources",
                        "-o",
                        f"tt-out/{language}",
                    ],
                    self.work,
                )
                for language in ("ru", "kk")
            )
        )

    def pocount(self) -> Run:
        return run([str(BIN / "pocount"), "locales/ru", "locales/kk"], self.work)

    def edited(self) -> tuple[Run, Run]:
        self.edits += 1
        edit_one(self.work, self.slugs[len(self.slugs) // 2], self.edits)
        return self.ours("extract"), self.ours("build")


ROWS = (
    ("extract, cold, 1 process", "html2po x3"),
    ("build, cold, 1 process", "po2html x2"),
    ("extract + build, cold, 1 process", "html2po x3 + po2html x2"),
    ("extract, cold", "html2po x3"),
    ("build, cold", "po2html x2"),
    ("extract + build, cold", "html2po x3 + po2html x2"),
    ("status", "pocount"),
    ("extract, nothing changed", "html2po x3"),
    ("build, nothing changed", "po2html x2"),
    ("extract + build, nothing changed", "html2po x3 + po2html x2"),
    ("extract + build, one release edited", "html2po x3 + po2html x2"),
)


def measure(
    releases: int, runs: int, *, one_process: bool = True
) -> dict[str, tuple[list[Run], list[Run]]]:
    """Every row of the table, ``runs`` times, ours and theirs alternating (the rows of
    one process left out unless ``one_process``)."""
    rows: dict[str, tuple[list[Run], list[Run]]] = {name: ([], []) for name, _ in ROWS}
    load = Workload(releases)
    try:
        run([L10N, "--version"], load.work)  # bytecode compiled once, as after install
        for _ in range(runs):
            one_extract = load.extract_cold(jobs=1) if one_process else None
            one_build = load.build_cold(jobs=1) if one_process else None
            ours_extract = load.extract_cold()
            ours_build = load.build_cold()
            theirs_extract = load.html2po()
            theirs_build = load.po2html()
            rerun_extract = load.ours("extract")
            rerun_build = load.ours("build")
            edit_extract, edit_build = load.edited()
            pairs = {}
            if one_extract is not None and one_build is not None:
                pairs = {
                    "extract, cold, 1 process": (one_extract, theirs_extract),
                    "build, cold, 1 process": (one_build, theirs_build),
                    "extract + build, cold, 1 process": (
                        total(one_extract, one_build),
                        total(theirs_extract, theirs_build),
                    ),
                }
            pairs |= {
                "extract, cold": (ours_extract, theirs_extract),
                "build, cold": (ours_build, theirs_build),
                "extract + build, cold": (
                    total(ours_extract, ours_build),
                    total(theirs_extract, theirs_build),
                ),
                "status": (load.ours("status"), load.pocount()),
                "extract, nothing changed": (rerun_extract, theirs_extract),
                "build, nothing changed": (rerun_build, theirs_build),
                "extract + build, nothing changed": (
                    total(rerun_extract, rerun_build),
                    total(theirs_extract, theirs_build),
                ),
                "extract + build, one release edited": (
                    total(edit_extract, edit_build),
                    total(theirs_extract, theirs_build),
                ),
            }
            for name, (a, b) in pairs.items():
                rows[name][0].append(a)
                rows[name][1].append(b)
    finally:
        load.close()
    return rows


def median(runs: list[Run]) -> Run:
    return Run(statistics.median(r.seconds for r in runs), max(r.peak_mb for r in runs))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--releases", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--scales", default="100,1000,10000", help="sizes to run once each")
    parser.add_argument("--out", type=Path, default=HERE / "RESULTS.md")
    args = parser.parse_args()
    scales = [int(size) for size in args.scales.split(",") if size.strip()]

    started = machine()
    rows = measure(args.releases, args.runs)
    table = {name: (median(a), median(b)) for name, (a, b) in rows.items() if a}
    cold_of = {
        "extract, nothing changed": "extract, cold",
        "build, nothing changed": "build, cold",
        "extract + build, nothing changed": "extract + build, cold",
        "extract + build, one release edited": "extract + build, cold",
    }
    lines = [
        "# Pipeline benchmark: l10nrelease against Translate Toolkit",
        "",
        f"Generated by `bench/bench_pipeline.py` on {started['date']}, {started['cpu']}, "
        f"{started['cores']} cores, load average {started['load']} at the start, Python "
        f"{platform.python_version()}. {args.releases} CMS-style "
        f"HTML releases x ru + kk, translated; median of {args.runs} runs, wall time of whole "
        "commands measured in the same run; peak memory is the largest process's resident "
        'set. "Cold" means no record of an earlier run: extract with `.l10nrelease/` '
        "removed, then build with nothing recorded but what that extract recorded of each "
        "release (its segmentation), as for a user who runs extract, then build; "
        '"1 process" is `l10nrelease --jobs 1` (Translate Toolkit always runs in one).',
        "",
        "A build checks every PO file as `check` does before it publishes a page (the "
        "publication gate); po2html checks nothing.",
        "",
        "| work | Translate Toolkit equivalent | l10nrelease (s) | TT (s) | TT / l10nrelease "
        "| l10nrelease cold / this | peak MB, ours / TT |",
        "|---|---|---|---|---|---|---|",
    ]
    for name, theirs_name in ROWS:
        if name not in table:
            continue
        ours, theirs = table[name]
        rerun = table[cold_of[name]][0].seconds / ours.seconds if name in cold_of else None
        lines.append(
            f"| {name} | {theirs_name} | {ours.seconds:.2f} | {theirs.seconds:.2f} | "
            f"{theirs.seconds / ours.seconds:.1f}x | {f'{rerun:.1f}x' if rerun else ''} | "
            f"{ours.peak_mb:.0f} / {theirs.peak_mb:.0f} |"
        )
    lines += [
        "",
        "Targets: cold extract + build at least 2x Translate Toolkit in one process and 3x "
        "with every core; a rerun with nothing changed under 0.25 s and at least 25x faster "
        'than the cold run (the column "l10nrelease cold / this"); status at least as fast '
        "as pocount; peak memory at 10,000 releases at most 1.5x that at 1,000.",
        "",
        WHAT_STANDS_IN_THE_WAY,
    ]
    cold, cold_one = table["extract + build, cold"], table.get("extract + build, cold, 1 process")
    again = table["extract + build, nothing changed"][0]
    results: dict[str, object] = {
        **started,
        "releases": args.releases,
        "runs": args.runs,
        "cold_vs_tt_one_core": ratio(cold_one) if cold_one else None,
        "cold_vs_tt_all_cores": ratio(cold),
        "rerun_s": round(again.seconds, 3),
        "rerun_vs_cold": round(cold[0].seconds / again.seconds, 2),
        "status_vs_pocount": ratio(table["status"]),
    }
    if scales:
        lines += [
            "",
            "## Scaling (one run at each size)",
            "",
            "| releases | extract + build cold (s) | per 1,000 releases (s) | TT (s) | TT / ours "
            "| rerun, nothing changed (s) | cold / rerun | peak MB ours / TT |",
            "|---|---|---|---|---|---|---|---|",
        ]
        for size in scales:
            print(f"scale {size} ...", file=sys.stderr)
            scaled = measure(size, 1, one_process=False)
            ours, theirs = (
                scaled["extract + build, cold"][0][0],
                scaled["extract + build, cold"][1][0],
            )
            again = scaled["extract + build, nothing changed"][0][0]
            lines.append(
                f"| {size} | {ours.seconds:.2f} | {ours.seconds / size * 1000:.2f} | "
                f"{theirs.seconds:.2f} | {theirs.seconds / ours.seconds:.1f}x | "
                f"{again.seconds:.2f} | {ours.seconds / again.seconds:.1f}x | "
                f"{ours.peak_mb:.0f} / {theirs.peak_mb:.0f} |"
            )
            results[f"peak_mb_{size}"] = round(ours.peak_mb, 1)
    lines += [
        "",
        "See `bench/RESULTS-check.md` for check against pofilter, `bench/RESULTS-memory.md` "
        "and `bench/RESULTS-pretranslate.md`.",
    ]
    report = "\n".join(lines) + "\n"
    print(report)
    args.out.write_text(report, encoding="utf-8")
    update_results(results, args.out.with_name("results.json"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
