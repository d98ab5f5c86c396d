from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from l10nrelease.errors import MarkupError
from l10nrelease.markup import parse, plain, renumber, tokenize


def test_well_nested_placeholders_may_move() -> None:
    tokens = parse("<2/> Посетите <1>сайт ОБСЕ</1>", paired=[1], void=[2])
    assert len(tokens) == 5


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Visit <1>site", "<1> is not closed"),
        ("Visit site</1>", "</1> has no matching <1>"),
        ("<1>a <2>b</1> c</2>", "cross"),
        ("<1>a</1> <3>b</3>", "<3> is not a placeholder of the source text"),
        ("<1>a</1> <1>b</1>", "more than once"),
        ("<1>a</1>", "placeholder missing: <2>…</2>"),
        ("<1/> <2>x</2>", "should be a pair"),
    ],
)
def test_broken_placeholders_are_reported(text: str, message: str) -> None:
    with pytest.raises(MarkupError, match=message.replace("…", ".")):
        parse(text, paired=[1, 2])


def test_renumber_and_plain() -> None:
    assert renumber("<1>a</1> <2/>", {1: 4, 2: 7}) == "<4>a</4> <7/>"
    assert plain("Visit the <1>OSCE website</1><2/>.") == "Visit the OSCE website."


@given(
    st.lists(
        st.sampled_from(["<1>", "</1>", "<2/>", "</2/>", "<3>", "</3>", "a", " b ", "<", "&amp;"]),
        max_size=8,
    ).map("".join),
    st.lists(
        st.sampled_from(["<1>", "</1>", "<2/>", "<3>", "</3>", "</2/>", "x", "<4/>", "<b>"]),
        max_size=8,
    ).map("".join),
)
def test_the_safety_answer_reads_the_sources_placeholders_as_tokenize_does(
    source: str, translation: str
) -> None:
    """``safety_problems`` takes the source's placeholders without tokenizing it; they
    must be those ``tokenize`` finds (the rule ``parse`` applies to a translation)."""
    from l10nrelease.markup import Open, Void, safety_problems, translation_problems

    tokens = tokenize(source)
    expected = translation_problems(
        translation,
        paired=[t.number for t in tokens if isinstance(t, Open)],
        void=[t.number for t in tokens if isinstance(t, Void)],
    )
    if "<" in source or "<" in translation:
        assert safety_problems(source, translation) == expected
