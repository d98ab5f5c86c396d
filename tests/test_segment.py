from __future__ import annotations

import pytest

from l10nrelease.markup import Close, Open, Text, Void, format_tokens
from l10nrelease.segment import split_block, split_sentences


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Mr. Smith met Dr. J. R. Jones at 3 p.m. on Feb. 5 in the U.S. capital. "
            "They discussed a 2.5 per cent rise, i.e. a small one.",
            [
                "Mr. Smith met Dr. J. R. Jones at 3 p.m. on Feb. 5 in the U.S. capital. ",
                "They discussed a 2.5 per cent rise, i.e. a small one.",
            ],
        ),
        (
            "The meeting ended at 5 p.m. The next one is on Monday.",
            ["The meeting ended at 5 p.m. ", "The next one is on Monday."],
        ),
        (
            "The report (see p. 12) was published by the U.N. in Jan. 2017. It is online at "
            "https://www.osce.org/astana. Write to press@osce.org for details.",
            [
                "The report (see p. 12) was published by the U.N. in Jan. 2017. ",
                "It is online at https://www.osce.org/astana. ",
                "Write to press@osce.org for details.",
            ],
        ),
        (
            "Prof. A. B. Kuanyshev of Al-Farabi Kazakh National University spoke. "
            "The budget grew by 1.5 million tenge, e.g. for training.",
            [
                "Prof. A. B. Kuanyshev of Al-Farabi Kazakh National University spoke. ",
                "The budget grew by 1.5 million tenge, e.g. for training.",
            ],
        ),
        # A quotation with two sentences does not break the sentence around it.
        (
            "He said “Go home. Now.” and left. Then it rained.",
            ["He said “Go home. Now.” and left. ", "Then it rained."],
        ),
        (
            "“We will win. We always do,” said Mr. Brown, who spoke at 10 a.m. today.",
            ["“We will win. We always do,” said Mr. Brown, who spoke at 10 a.m. today."],
        ),
        ("", []),
        ("One sentence without a stop", ["One sentence without a stop"]),
    ],
)
def test_split_sentences(text: str, expected: list[str]) -> None:
    result = split_sentences(text)
    assert result == expected
    assert "".join(result) == text


def test_boundary_inside_an_inline_element_is_dropped() -> None:
    tokens = [Text("See "), Open(1), Text("First. Second."), Close(1), Text(" Third one.")]
    pieces = split_block(tokens)
    units = [format_tokens(p.tokens) for p in pieces if p.translatable]
    assert units == ["See <1>First. Second.</1>", "Third one."]
    assert "".join(format_tokens(p.tokens) for p in pieces) == format_tokens(tokens)


def test_line_break_between_sentences_is_not_part_of_either() -> None:
    tokens = [Text("First sentence."), Void(1), Text("Second sentence.")]
    pieces = split_block(tokens)
    assert [(format_tokens(p.tokens), p.translatable) for p in pieces] == [
        ("First sentence.", True),
        ("<1/>", False),
        ("Second sentence.", True),
    ]


def test_paragraph_mode_keeps_the_block_whole() -> None:
    pieces = split_block([Text("  One. Two.  ")], mode="paragraph")
    assert [(format_tokens(p.tokens), p.translatable) for p in pieces] == [
        ("  ", False),
        ("One. Two.", True),
        ("  ", False),
    ]


def test_text_without_letters_is_not_translatable() -> None:
    pieces = split_block([Text("2017 – 2018")])
    assert [p.translatable for p in pieces] == [False]
