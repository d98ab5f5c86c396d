"""A 10 MB release is processed with memory bounded by a small multiple of its size.

Press offices do not write 10 MB releases, but a CMS export with a pasted report can
come close. The release is read, segmented, merged, written and built by the real
command line; the peak resident memory of the process (workers included) is measured
by the kernel (wait4) and must stay under a fixed multiple of the file's size on top of
what the program needs for nothing at all.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

SIZE = 10 * 1024 * 1024
#: Memory per byte of release allowed. Python holds text with a curly quote or a dash
#: as two bytes a character, and each sentence is a unit, a PO entry and a line of
#: output, as objects: about 35x for extract and 45x for build (measured, 2026-11).
FACTOR = 55


#: Runs a command and prints its peak resident memory in KB. The measuring is done by
#: this small process, not by the test's: Linux carries a process's memory high-water
#: mark across exec, so a command forked straight from a large pytest would report
#: pytest's memory as its own.
_LAUNCHER = """
import os, subprocess, sys
process = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
errors = process.stderr.read()
process.stderr.close()
_pid, status, usage = os.wait4(process.pid, 0)
sys.stderr.write(errors.decode(errors="replace"))
print(os.waitstatus_to_exitcode(status), usage.ru_maxrss)
"""


def _peak_mb(command: list[str], cwd: Path) -> tuple[int, float, str]:
    result = subprocess.run(
        [sys.executable, "-c", _LAUNCHER, sys.executable, "-m", "l10nrelease", *command],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
    )
    status, peak = result.stdout.split()
    return int(status), int(peak) / 1024, result.stderr


def _release(size: int) -> str:
    sentences = [
        "The OSCE Programme Office in Astana held roundtable number {n} on media freedom.",
        "Some {n} participants from Almaty, Shymkent and Astana took part in the event.",
        "“We need to share experience,” said Ambassador György Szabó at meeting {n}.",
        "The training course, the {n}th of its kind, ends tomorrow in Kazakhstan.",
    ]
    lines = ["OSCE publishes its annual report of activities in Kazakhstan"]
    length = len(lines[0])
    number = 0
    while length < size:
        paragraph = " ".join(
            sentences[(number + k) % len(sentences)].format(n=number * 3 + k) for k in range(3)
        )
        if number == 0:
            paragraph = f"ASTANA, 31 January 2017 – {paragraph}"
        lines.append(paragraph)
        length += len(paragraph) + 1
        number += 1
    return "\n".join(lines) + "\n"


def _project(folder: Path) -> Path:
    (folder / "sources").mkdir(parents=True)
    (folder / "l10nrelease.toml").write_text(
        '[project]\nname = "Size"\ntarget_languages = ["ru", "kk"]\n', encoding="utf-8"
    )
    return folder


def _measure(project: Path, size: int) -> tuple[float, float, float]:
    """Size in MB, and peak MB of extract and build, for a release of ``size`` bytes."""
    text = _release(size)
    (project / "sources" / "2017-01-31-report.txt").write_text(text, encoding="utf-8")
    status, extract_peak, errors = _peak_mb(["extract"], project)
    assert status == 0, errors
    assert (project / "locales" / "kk" / "2017-01-31-report.po").stat().st_size > size
    status, build_peak, errors = _peak_mb(["build", "--allow-incomplete"], project)
    assert status == 0, errors
    assert (project / "build" / "kk" / "2017-01-31-report.html").stat().st_size > size
    return len(text.encode()) / 1024 / 1024, extract_peak, build_peak


def test_a_10_mb_release_needs_memory_in_proportion_to_its_size(tmp_path: Path) -> None:
    tiny = _project(tmp_path / "tiny")
    (tiny / "sources" / "2017-02-01-tiny.txt").write_text(
        "A small release\nASTANA, 1 February 2017 – One sentence.\n", encoding="utf-8"
    )
    status, baseline, errors = _peak_mb(["extract"], tiny)
    assert status == 0, errors
    small = _measure(_project(tmp_path / "small"), SIZE // 4)
    large = _measure(_project(tmp_path / "large"), SIZE)
    print(f"baseline {baseline:.0f} MB; {small} and {large}: (MB, extract MB, build MB)")
    for command in (1, 2):
        growth = large[command] - baseline
        # Bounded by a multiple of the release's size ...
        assert growth < FACTOR * large[0], f"{large[command]:.0f} MB for {large[0]:.0f} MB"
        # ... and in proportion to it: four times the text, about four times the memory.
        ratio = growth / (small[command] - baseline)
        assert ratio < 4.8, (ratio, small, large, baseline)
