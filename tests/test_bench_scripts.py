"""The evaluation and benchmark scripts under bench/ run (on tiny data of our own)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from .conftest import ROOT


def test_pipeline_benchmark_on_three_releases(tmp_path: Path) -> None:
    out = tmp_path / "RESULTS.md"
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "bench" / "bench_pipeline.py"),
            "--releases",
            "3",
            "--runs",
            "1",
            "--scales",
            "2",
            "--out",
            str(out),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    report = out.read_text()
    for row in ("extract, cold", "build, cold", "status", "one release edited", "| 2 |"):
        assert row in report
    assert "extract + build, cold, 1 process" in report
    results = json.loads((tmp_path / "results.json").read_text())
    for key in ("cold_vs_tt_one_core", "cold_vs_tt_all_cores", "rerun_s", "rerun_vs_cold"):
        assert results[key] > 0, key
    assert results["status_vs_pocount"] > 0
    assert results["peak_mb_2"] > 0
    started = results["bench_pipeline"]
    assert started["load"] and started["cpu"] and started["date"]


def _bench(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(ROOT / "bench" / args[0]), *args[1:]],
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )


def test_name_check_eval_on_tiny_data(tmp_path: Path) -> None:
    assert _bench("name_check_eval.py", "--data", str(tmp_path)).stdout.startswith("skipped")
    (tmp_path / "eng_Latn.devtest").write_text(
        "Experts from China met in Paris.\nThe talks in China went on.\n"
    )
    (tmp_path / "rus_Cyrl.devtest").write_text(
        "Эксперты из Китая встретились в Париже.\nПереговоры в Китае продолжились.\n"
    )
    (tmp_path / "kaz_Cyrl.devtest").write_text(
        "Қытайдан келген сарапшылар Парижде кездесті.\nҚытайдағы келіссөздер жалғасты.\n"
    )
    result = _bench("name_check_eval.py", "--data", str(tmp_path))
    assert result.returncode == 0, result.stderr
    # every planted misspelling and drop is flagged, the unmodified pairs pass
    assert "| ru | 3 | 3/3 (100.0 %) |" in result.stdout, result.stdout
    assert "## Not explained (matcher limitations)\n\nnone" in result.stdout


def test_suggest_eval_on_a_small_corpus() -> None:
    result = _bench("suggest_eval.py", "--releases", "6")
    assert result.returncode == 0, result.stderr
    assert "| the sample (1 release) | 22 | 22 | 100.0 % | 100.0 % |" in result.stdout
    assert "| generated corpus (6 releases) |" in result.stdout
    assert result.stdout.count("| passes |") == 2, result.stdout


def test_mt_names_eval_skips_without_data(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "mt_names_eval.py"), "--data", str(tmp_path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0 and result.stdout.startswith("skipped: FLORES data not found")


def test_mt_names_eval_on_three_sentences(tmp_path: Path) -> None:
    """Both strategies through pretranslate and the loopback engine, on data of our own."""
    (tmp_path / "eng_Latn.devtest").write_text(
        "Experts from China met in Paris.\nDonald Trump visited Japan in 2017.\n"
        "The weather was fine.\n"
    )
    (tmp_path / "rus_Cyrl.devtest").write_text(
        "Эксперты из Китая встретились в Париже.\nДональд Трамп посетил Японию в 2017 году.\n"
        "Погода была хорошей.\n"
    )
    (tmp_path / "kaz_Cyrl.devtest").write_text(
        "Қытайдан келген сарапшылар Парижде кездесті.\n"
        "Дональд Трамп 2017 жылы Жапонияға барды.\nАуа райы жақсы болды.\n"
    )
    result = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "mt_names_eval.py"), "--data", str(tmp_path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    rows = [
        line
        for line in result.stdout.splitlines()
        if line.startswith("| ru | ") or line.startswith("| kk | ")
    ]
    for language in ("ru", "kk"):
        for strategy in ("mask", "repair"):
            row = next(r for r in rows if r.startswith(f"| {language} | {strategy} | "))
            assert row.startswith(f"| {language} | {strategy} | 2 | ") and "/4 (" in row
    # Behind masks, Russian names take their case only after a preposition that decides it
    # (из Китая; not в Париже, Японию).
    assert "| ru | mask | 2 | 2/4 (50.0 %) |" in result.stdout
    # On the professional translations themselves, repair changes nothing.
    assert "| ru | 2 | 0 | 0 | 0 |" in result.stdout and "| kk | 2 | 0 | 0 | 0 |" in result.stdout


def test_segmentation_eval_counts_cuts(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus.txt"
    corpus.write_text(
        "# two records\n\n"
        '"It works," said Ms. Aigerim Seitkali.\n\n'
        "The meeting ended at 5 p.m.\nThe next one is on Monday.\n",
        encoding="utf-8",
    )
    result = _bench("segmentation_eval.py", "--corpus", str(corpus), "--show", "sentencex")
    assert result.returncode == 0, result.stderr
    assert "2 paragraphs, 3 units" in result.stdout
    assert "| l10nrelease | 0 of 2 | 0.0 % | 0 | 0 of 1 |" in result.stdout
    assert "| sentencex | 1 of 2 | 50.0 % | 1 | 0 of 1 |" in result.stdout
    assert "line 3:\n  expected ['\"It works,\" said Ms. Aigerim Seitkali.']" in result.stdout
    # the real corpus: the figure the README quotes
    result = _bench("segmentation_eval.py")
    assert result.returncode == 0 and "| l10nrelease | 0 of " in result.stdout, result.stdout
    missing = _bench("segmentation_eval.py", "--corpus", str(tmp_path / "none.txt"))
    assert missing.returncode == 2 and "no such file" in missing.stderr


def test_html_pages_benchmark_on_the_corpus(tmp_path: Path) -> None:
    out = tmp_path / "RESULTS-html-pages.md"
    result = _bench("bench_html_pages.py", "--copies", "1", "--runs", "1", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert "| 13 | " in out.read_text() and "(39) |" in out.read_text()
