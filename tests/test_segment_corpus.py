"""The segmenter on a corpus of press-release English written for the tests
(tests/data/segmentation-corpus.txt): every paragraph cut exactly where a translator
expects, and not anywhere else. bench/segmentation_eval.py prints the same figures
for sentencex alone."""

from __future__ import annotations

from l10nrelease.segment import split_sentences

from .conftest import DATA

CORPUS = DATA / "segmentation-corpus.txt"


def read_corpus() -> list[tuple[int, list[str]]]:
    """(line, expected units) of each record: its lines, up to a blank line."""
    records: list[tuple[int, list[str]]] = []
    current: list[str] = []
    start = 0
    lines = CORPUS.read_text(encoding="utf-8").splitlines()
    for number, line in enumerate([*lines, ""], start=1):
        if line.startswith("#"):
            continue
        if line.strip():
            if not current:
                start = number
            current.append(line)
        elif current:
            records.append((start, current))
            current = []
    return records


def test_the_corpus_is_large_and_well_formed() -> None:
    records = read_corpus()
    assert len(records) >= 300
    assert sum(len(units) for _, units in records) >= 500
    for line, units in records:
        assert all(unit == unit.strip() and "  " not in unit for unit in units), line


def test_every_paragraph_of_the_corpus_is_cut_as_expected() -> None:
    records = read_corpus()
    wrong = []
    for line, units in records:
        text = " ".join(units)
        pieces = split_sentences(text)
        assert "".join(pieces) == text
        got = [piece.strip() for piece in pieces]
        if got != units:
            wrong.append(f"{CORPUS.name}:{line}:\n  expected {units}\n  got      {got}")
    rate = 100 * len(wrong) / len(records)
    print(f"segmentation: {len(wrong)} of {len(records)} paragraphs wrong ({rate:.1f} %)")
    assert not wrong, f"{len(wrong)} of {len(records)} paragraphs wrong:\n" + "\n".join(wrong)
