"""The segmenter against sentencex alone, on the press-release corpus of the tests.

The corpus (tests/data/segmentation-corpus.txt, or --corpus FILE) holds one paragraph
per record, one expected unit per line. For each segmenter: paragraphs cut wrongly
(the error rate), cuts made where no sentence ends, and sentence ends missed.

    .venv/bin/python bench/segmentation_eval.py [--corpus FILE] [--show NAME]

--show l10nrelease (or sentencex) lists that segmenter's wrong paragraphs.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import sentencex

from l10nrelease.segment import split_sentences

CORPUS = Path(__file__).resolve().parent.parent / "tests" / "data" / "segmentation-corpus.txt"


def read_corpus(path: Path) -> list[tuple[int, list[str]]]:
    """(line, expected units) of each record: its lines, up to a blank line."""
    records: list[tuple[int, list[str]]] = []
    current: list[str] = []
    start = 0
    for number, line in enumerate([*path.read_text(encoding="utf-8").splitlines(), ""], 1):
        if line.startswith("#"):
            continue
        if line.strip():
            start = start if current else number
            current.append(line)
        elif current:
            records.append((start, current))
            current = []
    return records


def _starts(pieces: list[str]) -> set[int]:
    """Where each piece after the first starts its words (white space skipped)."""
    starts, offset = set(), 0
    for piece in pieces:
        if offset and piece.strip():
            starts.add(offset + len(piece) - len(piece.lstrip()))
        offset += len(piece)
    return starts


@dataclass
class Score:
    name: str
    paragraphs: int = 0
    wrong: int = 0
    expected_cuts: int = 0
    false_cuts: int = 0
    missed_cuts: int = 0
    seconds: float = 0.0

    @property
    def rate(self) -> float:
        return 100 * self.wrong / self.paragraphs if self.paragraphs else 0.0


def evaluate(
    name: str, segment: Callable[[str], list[str]], records: list[tuple[int, list[str]]]
) -> tuple[Score, list[str]]:
    score, shown = Score(name), []
    for line, units in records:
        text = " ".join(units)
        started = time.perf_counter()
        pieces = [piece for piece in segment(text) if piece]
        score.seconds += time.perf_counter() - started
        expected, got = _starts([unit + " " for unit in units]), _starts(pieces)
        score.paragraphs += 1
        score.expected_cuts += len(expected)
        score.false_cuts += len(got - expected)
        score.missed_cuts += len(expected - got)
        if got != expected:
            score.wrong += 1
            cut = [piece.strip() for piece in pieces if piece.strip()]
            shown.append(f"line {line}:\n  expected {units}\n  got      {cut}")
    return score, shown


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--show", choices=("l10nrelease", "sentencex"))
    args = parser.parse_args(argv)
    if not args.corpus.is_file():
        print(f"{args.corpus}: no such file; pass --corpus FILE", file=sys.stderr)
        return 2
    records = read_corpus(args.corpus)
    segmenters: dict[str, Callable[[str], list[str]]] = {
        "l10nrelease": split_sentences,
        "sentencex": lambda text: list(sentencex.segment("en", text)),
    }
    units = sum(len(record) for _, record in records)
    print(f"Corpus: {args.corpus.name}, {len(records)} paragraphs, {units} units\n")
    print("| segmenter | paragraphs wrong | error rate | false cuts | missed cuts | ms |")
    print("|---|---|---|---|---|---|")
    listing: list[str] = []
    for name, segment in segmenters.items():
        score, wrong = evaluate(name, segment, records)
        print(
            f"| {name} | {score.wrong} of {score.paragraphs} | {score.rate:.1f} % "
            f"| {score.false_cuts} | {score.missed_cuts} of {score.expected_cuts} "
            f"| {1000 * score.seconds:.0f} |"
        )
        if name == args.show:
            listing = wrong
    if args.show:
        print(f"\n## Wrong paragraphs ({args.show})\n")
        print("\n".join(listing) if listing else "none")
    return 0


if __name__ == "__main__":
    sys.exit(main())
