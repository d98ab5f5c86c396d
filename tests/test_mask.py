"""Masking before machine translation, restoring after, and validation."""

from __future__ import annotations

import pytest

from l10nrelease.translate.mask import Rejected, mask, unmask, validate

NAMES = [
    ("György Szabó", "Дьёрдь Сабо", "person"),
    ("OSCE", "ОБСЕ", "organisation"),
    ("Astana", "Астана", "place"),
    ("Karlygash Nugmanova", "Карлыгаш Нугманова", "person"),
]


def test_everything_fragile_is_masked() -> None:
    masked = mask(
        "Visit the <1>OSCE site</1> at https://www.osce.org/astana or write to "
        "press@osce.org: 1,500 people met György Szabó in Astana.<2/>",
        NAMES,
    )
    assert masked.text == (
        "Visit the {5}{4} site{6} at {0} or write to {1}: {7} people met {2} in {3}.{8}"
    )  # URLs first, then names longest first, then placeholders and numbers
    assert masked.names == {2: "Дьёрдь Сабо", 3: "Астана", 4: "ОБСЕ"}


def test_kazakh_keeps_the_suffix_the_engine_chose() -> None:
    masked = mask("OSCE met in Astana.", [("OSCE", "ЕҚЫҰ"), ("Astana", "Астана")])
    text, notes = unmask(masked, "{1}-ның өкілдері {0}да кездесті.", language="kk")
    assert text == "ЕҚЫҰ-ның өкілдері Астанада кездесті." and notes == []


@pytest.mark.parametrize(
    ("output", "expected"),
    [
        ("Посол встретился с {0}.", "Посол встретился с Дьёрдем Сабо."),
        ("Письмо от {0}.", "Письмо от Дьёрдя Сабо."),
        ("Слово дали {0}.", "Слово дали Дьёрдь Сабо."),  # no preposition: base form
    ],
)
def test_russian_names_take_the_case_a_preposition_decides(output: str, expected: str) -> None:
    masked = mask("György Szabó spoke.", NAMES)
    text, notes = unmask(masked, output, language="ru")
    assert text == expected
    assert bool(notes) == (expected.endswith("Дьёрдь Сабо."))


@pytest.mark.parametrize(
    ("source", "output", "language", "expected"),
    [
        ("A 25-minute meeting.", "{0}-минутная встреча.", "ru", "25-минутная встреча."),
        ("In 1644-1912.", "В {0}-{1} годах.", "ru", "В 1644-1912 годах."),
        ("More than 1000 stamps.", "{0}-нан астам таңба.", "kk", "1000-нан астам таңба."),
    ],
)
def test_a_number_keeps_the_ending_written_after_it(
    source: str, output: str, language: str, expected: str
) -> None:
    masked = mask(source)
    assert unmask(masked, output, language=language)[0] == expected


def test_a_woman_s_first_name_in_a_consonant_does_not_decline() -> None:
    masked = mask("Karlygash Nugmanova spoke.", NAMES)
    assert unmask(masked, "Вопрос к {0}.", language="ru")[0] == "Вопрос к Карлыгаш Нугмановой."


@pytest.mark.parametrize(
    ("output", "message"),
    [
        ("Встреча в {0}.", "dropped"),
        ("Встреча {0} и {0} в {1}.", "repeated"),
        ("Встреча {0} в {1} {5}.", "invented"),  # {5} stands for nothing
    ],
)
def test_masks_must_come_back_once(output: str, message: str) -> None:
    masked = mask("OSCE met in Astana.", NAMES)
    with pytest.raises(Rejected, match=message):
        unmask(masked, output, language="ru")


@pytest.mark.parametrize(
    ("source", "translation", "language", "message"),
    [
        ("Visit <1>the site</1>.", "Посетите сайт</1>.", "ru", "placeholders"),
        ("Some 90 people came.", "Пришло около 80 человек.", "ru", "numbers missing: 90"),
        ("People came.", "People came.", "ru", "not in Cyrillic"),
        (
            "Experts from many countries discussed the threat of violent extremism today.",
            "Эксперты из многих стран обсудили сегодня угрозу насильственного экстремизма.",
            "kk",
            "probably Russian",
        ),
        ("People came.", "Адамдар келді.", "ru", "Kazakh letters"),
    ],
)
def test_validation_rejects(source: str, translation: str, language: str, message: str) -> None:
    with pytest.raises(Rejected, match=message):
        validate(source, translation, language=language)


def test_validation_accepts_a_good_translation() -> None:
    validate(
        "Visit <1>the site</1> with 1,500 people.",
        "Посетите <1>сайт</1> с 1 500 людьми.",
        language="ru",
    )
