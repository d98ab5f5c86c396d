from __future__ import annotations

import pytest
import sentencex

from l10nrelease.boundaries import ends_sentence, rules_for, validate_abbreviation
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


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the example: a title after a quotation is not a sentence end
        (
            '"The floods affected 400,000 people," said Ms. Aigerim Seitkali, UN Women '
            "Representative. She spoke in Almaty.",
            [
                '"The floods affected 400,000 people," said Ms. Aigerim Seitkali, UN Women '
                "Representative.",
                "She spoke in Almaty.",
            ],
        ),
        (
            "Amb. Szabó and Gen. Akhmetov met Mmes. Abenova and Tulegenova.",
            ["Amb. Szabó and Gen. Akhmetov met Mmes. Abenova and Tulegenova."],
        ),
        (
            "The post is approx. 30 km. from the city (see para. 4 of Vol. 2).",
            ["The post is approx. 30 km. from the city (see para. 4 of Vol. 2)."],
        ),
        ("He lives in the U.S. It was fine.", ["He lives in the U.S.", "It was fine."]),
        ("The U.S. Embassy and the U.N. Secretary-General spoke.", None),
        (
            "Polling closed at 8 p.m. Observers stayed.",
            ["Polling closed at 8 p.m.", "Observers stayed."],
        ),
        ("The briefing starts at 11 a.m. Astana time.", None),
        (
            "The office is on Abai St. The door is round the back.",
            ["The office is on Abai St.", "The door is round the back."],
        ),
        ("They met in St. Petersburg.", None),
        ("The list thanks Jason St. John and Ana Ruiz.", None),
        (
            "The office is at 12 Abai St. Registration opens at 9.",
            ["The office is at 12 Abai St.", "Registration opens at 9."],
        ),
        # a well-nested aside only: "a) … (b" is not one
        (
            "Options: a) one; b) two. Then (c) three.",
            ["Options: a) one; b) two.", "Then (c) three."],
        ),
        (
            "The talks resume in Jan. The venue is open.",
            ["The talks resume in Jan.", "The venue is open."],
        ),
        ("The talks resume on Jan. 5 in Almaty.", None),
        ("The book by Ye. A. Buketov and J. R. Matthews is out.", None),
        (
            "It is in Annex B. The annex has the list.",
            ["It is in Annex B.", "The annex has the list."],
        ),
        (
            "The course ends in May. A second one starts in June.",
            ["The course ends in May.", "A second one starts in June."],
        ),
        ("The agenda: 1. Opening; 2. Report; 3. Closing.", None),
        ("Call tel. +7 7172 58 00 70 or see Law No. 401-VI.", None),
        (
            "(It opened in 2016. Today it has 120 schools.) It grew fast.",
            ["(It opened in 2016. Today it has 120 schools.)", "It grew fast."],
        ),
        ("The centre (it opened in 2016. Today it has 120) is busy.", None),
        ("An unbalanced 1) list. Next sentence.", ["An unbalanced 1) list.", "Next sentence."]),
    ],
)
def test_press_release_abbreviations(text: str, expected: list[str] | None) -> None:
    result = split_sentences(text)
    assert [piece.strip() for piece in result] == (expected or [text])
    assert "".join(result) == text


def test_project_abbreviations_with_or_without_the_stop() -> None:
    text = "The Kostanay Obl. Akimat signed it. Dep. Akim Sarsenov spoke."
    assert len(split_sentences(text)) == 3  # sentencex cuts after "Obl."
    for word in ("Obl.", "Obl"):
        assert split_sentences(text, abbreviations=(word,)) == [
            "The Kostanay Obl. Akimat signed it. ",
            "Dep. Akim Sarsenov spoke.",
        ]
    # before a word that starts sentences, it still ends one
    assert (
        len(split_sentences("It is in Kostanay Obl. The akimat agreed.", abbreviations=("Obl",)))
        == 2
    )
    # a lower-case abbreviation may start a sentence capitalised
    assert split_sentences("Smith came. Reg. Jones too.", abbreviations=("reg.",)) == [
        "Smith came. ",
        "Reg. Jones too.",
    ]


def test_english_rules_are_for_english_only() -> None:
    text = "Les invités ont remercié M. Dupont. La séance est levée."
    assert len(split_sentences(text, "en")) == 2  # "M." is an initial in English
    assert split_sentences(text, "fr") == sentencex.segment("fr", text)  # sentencex alone
    german = "Der Vertrag wurde vom Bez. Amt unterzeichnet."
    assert len(split_sentences(german, "de")) == 2
    assert split_sentences(german, "de", abbreviations=("Bez.",)) == [german]


def test_split_block_takes_the_project_abbreviations() -> None:
    tokens = [Text("Signed by Obl. "), Open(1), Text("Akim"), Close(1), Text(" Sarsenov. Done.")]
    units = [
        format_tokens(p.tokens)
        for p in split_block(tokens, abbreviations=("Obl.",))
        if p.translatable
    ]
    assert units == ["Signed by Obl. <1>Akim</1> Sarsenov.", "Done."]


@pytest.mark.parametrize(
    ("word", "problem"),
    [
        ("Akim", None),
        ("Min.", None),
        ("a.m.", None),
        ("O'Brien", None),
        ("", "empty"),
        ("et al.", "has a space"),
        ("...", "has no letter"),
        ("Min/", "letters, full stops"),
        (".Min", "letters, full stops"),
        (3, "not a string"),
    ],
)
def test_validate_abbreviation(word: object, problem: str | None) -> None:
    found = validate_abbreviation(word)
    assert (found is None) if problem is None else (problem in str(found))


def test_only_full_stops_are_revised() -> None:
    rules = rules_for("en")
    assert ends_sentence("Why? ", "Because.", rules) is None
    assert ends_sentence("said Ms. ", "Seitkali", rules) is False
    assert ends_sentence("the end. \n\n", "new", rules) is None  # a paragraph break stays
    assert ends_sentence("5 km. ", "from here", rules) is False
