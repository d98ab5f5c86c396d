"""Kazakh in Latin script (the alphabet of 2021)."""

from __future__ import annotations

import pytest

from l10nrelease.translit import KK_2021, RUSSIAN_ONLY, Transliterator

KK = Transliterator.named("kk-2021")

#: Every letter of the Kazakh Cyrillic alphabet (42), small and capital, with its Latin
#: letter: the 2021 table for the 33 it covers, our rule for the 9 Russian-only ones.
ALPHABET = [
    ("а", "a"), ("ә", "ä"), ("б", "b"), ("в", "v"), ("г", "g"), ("ғ", "ğ"), ("д", "d"),
    ("е", "e"), ("ё", "io"), ("ж", "j"), ("з", "z"), ("и", "i"), ("й", "i"), ("к", "k"),
    ("қ", "q"), ("л", "l"), ("м", "m"), ("н", "n"), ("ң", "ñ"), ("о", "o"), ("ө", "ö"),
    ("п", "p"), ("р", "r"), ("с", "s"), ("т", "t"), ("у", "u"), ("ұ", "ū"), ("ү", "ü"),
    ("ф", "f"), ("х", "h"), ("һ", "h"), ("ц", "ts"), ("ч", "ch"), ("ш", "ş"), ("щ", "şş"),
    ("ъ", ""), ("ы", "y"), ("і", "ı"), ("ь", ""), ("э", "e"), ("ю", "iu"), ("я", "ia"),
]  # fmt: skip
CAPITALS = {"и": "İ", "й": "İ", "і": "I", "ю": "İu", "я": "İa", "ё": "İo"}


def test_the_table_covers_the_alphabet() -> None:
    assert len(ALPHABET) == 42
    assert {c for c, _ in ALPHABET} == set(KK_2021) | set(RUSSIAN_ONLY)
    latin = set("".join(KK_2021.values()))
    # The 31 letters of the 2021 alphabet, no more.
    assert latin == set("aäbdefgğhıijklmnñoöpqrsştuūüvyz")
    assert len(latin) == 31


@pytest.mark.parametrize(("cyrillic", "latin"), ALPHABET)
def test_every_letter_small_and_capital(cyrillic: str, latin: str) -> None:
    assert KK.text(cyrillic) == latin
    capital = CAPITALS.get(cyrillic, latin[:1].upper() + latin[1:])
    assert KK.text(cyrillic.upper() + "а") == capital + "a"


def test_the_sample_text_of_the_2021_alphabet() -> None:
    """The 1902 text in modern orthography and its 2021 Latin transliteration, as given
    in Wikipedia's "Kazakh alphabets" (https://en.wikipedia.org/wiki/Kazakh_alphabets),
    the dash inside the quotation as in the Cyrillic."""
    cyrillic = (
        "«Бұрыңғы өткен заманда, бір данышпан кісі, Бағдат шаһарының бір үлкен "
        "қазысының үйіне келіп қоныпты. Қазыменен сөйлесіп, қазыны сөзге жеңе беріпті. "
        "Сонда қазы қорқып, — „Бұл маған келген бала — менің қазылығымды тартып алса "
        "керек! Не де болса, бұған жалынып, сый беріп, орнымда қалайын!“ — деп, "
        "қатынына ақылдасыпты.»"
    )
    latin = (
        "«Būryñğy ötken zamanda, bır danyşpan kısı, Bağdat şaharynyñ bır ülken "
        "qazysynyñ üiıne kelıp qonypty. Qazymenen söilesıp, qazyny sözge jeñe berıptı. "
        "Sonda qazy qorqyp, — „Būl mağan kelgen bala — menıñ qazylyğymdy tartyp alsa "
        "kerek! Ne de bolsa, būğan jalynyp, syi berıp, ornymda qalaiyn!“ — dep, "
        "qatynyna aqyldasypty.»"
    )
    assert KK.text(cyrillic) == latin


@pytest.mark.parametrize(
    ("cyrillic", "latin"),
    [
        ("ЯПОНИЯ", "İAPONİİA"),  # not İaPONİİa
        ("ЕҚЫҰ", "EQYŪ"),
        ("ЦСКА-ның", "TSSKA-nyñ"),
        ("ҚР-НЫҢ", "QR-NYÑ"),
        ("Юрий", "İurii"),
        ("Цой", "Tsoi"),
        ("Нұр-Сұлтан", "Nūr-Sūltan"),
        ("Қасым-Жомарт Тоқаев", "Qasym-Jomart Toqaev"),
        ("Іле Алатауы", "Ile Alatauy"),
    ],
)
def test_capitals_and_abbreviations(cyrillic: str, latin: str) -> None:
    assert KK.text(cyrillic) == latin


@pytest.mark.parametrize(
    ("cyrillic", "latin"),
    [
        ("iPhone-ға", "iPhone-ğa"),
        ("OSCE-нің", "OSCE-nıñ"),
        (
            "<1>ЕҚЫҰ</1> сайты: https://www.osce.org/kk/астана",
            "<1>EQYŪ</1> saity: https://www.osce.org/kk/астана",
        ),
        ("Хат: press@osce.org, тел. +7 7172 580 070", "Hat: press@osce.org, tel. +7 7172 580 070"),
        ("2017 ж. 31 қаңтар, 12,5 млн теңге <2/>", "2017 j. 31 qañtar, 12,5 mln teñge <2/>"),
        ("www.akorda.kz сайтында", "www.akorda.kz saitynda"),
    ],
)
def test_latin_text_addresses_numbers_and_placeholders_pass(cyrillic: str, latin: str) -> None:
    assert KK.text(cyrillic) == latin


def test_the_russian_only_letters_follow_the_projects_rule() -> None:
    custom = Transliterator.named("kk-2021", {"ц": "c", "Ч": "ç", "ю": "yu"})
    assert custom.text("Цой Чехов Юрий") == "Coi Çehov Yurii"
    assert KK.text("Цой Чехов Юрий") == "Tsoi Chehov İurii"
