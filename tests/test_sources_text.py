from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from l10nrelease.errors import SourceError
from l10nrelease.model import DATELINE_CONTEXT
from l10nrelease.sources import read_release, reassemble
from l10nrelease.sources.text import parse

from .conftest import ROOT, SAMPLE_SLUG

SAMPLE = ROOT / "sources" / f"{SAMPLE_SLUG}.txt"

EXPECTED_UNITS = [
    (
        1,
        "headline",
        "OSCE co-hosts international roundtable discussion on countering terrorism in Kazakhstan",
    ),
    (2, "dateline", "ASTANA, 31 January 2017"),
    (
        2,
        "paragraph 1",
        "Factors leading to violent extremism, radicalization and terrorism "
        "and ways to effectively address the threat in different countries were the focus of a "
        "two-day international roundtable discussion organized by the OSCE Programme Office in "
        "Astana in co-operation with the Centre for Military Strategic Research under the "
        "Ministry of Defence and the Prosecutor General’s Office, which began today in Astana.",
    ),
    (
        3,
        "paragraph 2, sentence 1 of 2",
        "The discussion brought together some 90 "
        "participants including high-level officials from the Senate of Parliament of the "
        "Republic of Kazakhstan, the Office of the Prime Minister, the Ministries of Defence, "
        "Foreign Affairs, Interior and Religious Affairs and Civil Society, the Anti-Terrorist "
        "Centre of the Republic of Kazakhstan.",
    ),
    (
        3,
        "paragraph 2, sentence 2 of 2",
        "Also taking part were national experts, leaders of "
        "political parties and representatives of civil society and bilateral embassies.",
    ),
    (
        4,
        "paragraph 3",
        "“We need to counter the exposure to terrorist propaganda,” said "
        "Deputy Prosecutor General Andrey Kravchenko, who highlighted the importance of keeping "
        "children safe from violent radicalization.",
    ),
    (
        5,
        "paragraph 4, sentence 1 of 2",
        "Ambassador György Szabó, Head of the OSCE Programme "
        "Office in Astana, discussed the importance of co-operation in combating violent "
        "extremism.",
    ),
    (
        5,
        "paragraph 4, sentence 2 of 2",
        "“A way to address the issue is to take action and "
        "share international experience, including best practices.”",
    ),
    (
        6,
        "paragraph 5",
        "Karlygash Nugmanova, Department Director at the Centre for Military "
        "Strategic Research said: “It merits noting that at the present time, international "
        "security requires examining the changing geostrategic and geopolitical order in the "
        "world. As such, this requires international co-operation and sharing of ideas.”",
    ),
    (
        7,
        "paragraph 6",
        "Experts from Austria, Azerbaijan, the Republic of Korea, the Russian "
        "Federation and the United Kingdom presented research on methods of violent extremist "
        "groups, the use of the Internet for terrorist purposes, rehabilitation and "
        "reintegration of violent extremists, recruitment techniques and countering the "
        "propaganda of violent extremist groups among young people.",
    ),
    (
        8,
        "paragraph 7",
        "On the second day participants will develop a set of recommendations "
        "for Kazakhstan’s parliament and national experts on enhancing their interaction and "
        "co-operation with civil society in countering and preventing terrorism.",
    ),
    (
        9,
        "paragraph 8",
        "The event is part of the OSCE Programme Office’s multi-year efforts "
        "to assist the host country in countering violent extremism and radicalization leading "
        "to terrorism while respecting human rights and fundamental freedoms.",
    ),
]


def test_sample_release_units() -> None:
    release = read_release(SAMPLE, root=ROOT)
    assert release.slug == SAMPLE_SLUG
    assert release.path == f"sources/{SAMPLE_SLUG}.txt"
    assert release.date == dt.date(2017, 1, 31)
    assert release.dateline is not None and release.dateline.city == "ASTANA"
    got = [(u.line, u.role.split(" (")[0], u.text) for u in release.units()]
    assert got == EXPECTED_UNITS
    dateline = [u for u in release.units() if u.context == DATELINE_CONTEXT]
    assert [u.text for u in dateline] == ["ASTANA, 31 January 2017"]


def test_sample_reassembles_to_the_exact_source() -> None:
    release = read_release(SAMPLE, root=ROOT)
    assert reassemble(release) == SAMPLE.read_text(encoding="utf-8")
    assert reassemble(release, lambda unit: unit.source) == release.text


def test_translation_replaces_only_units() -> None:
    release = read_release(SAMPLE, root=ROOT)
    out = reassemble(release, lambda unit: "X" if unit.role == "headline" else None)
    assert out.splitlines()[0] == "X"
    assert out.splitlines()[1:] == release.text.splitlines()[1:]


def test_paragraph_mode_gives_one_unit_per_line() -> None:
    release = read_release(SAMPLE, root=ROOT, mode="paragraph")
    roles = [u.role for u in release.units()]
    assert roles.count("paragraph 2") == 1 and len(roles) == 10


def test_crlf_blank_lines_and_indentation_survive() -> None:
    content = "\r\n\r\nHeadline here\r\n\r\n  VIENNA, January 5, 2018 - First. Second.\r\n\r\n"
    release = parse(content, path="sources/x.txt", slug="x")
    assert release.date == dt.date(2018, 1, 5)
    assert [u.text for u in release.units()] == [
        "Headline here",
        "VIENNA, January 5, 2018",
        "First.",
        "Second.",
    ]
    assert reassemble(release) == content


def test_date_from_file_name_when_no_dateline() -> None:
    release = parse("Title\nBody text.\n", path="s/2019-03-23-x.txt", slug="2019-03-23-x")
    assert release.date == dt.date(2019, 3, 23) and release.dateline is None


@pytest.mark.parametrize(
    ("content", "line", "message"),
    [
        (b"", 1, "the release is empty"),
        (b"\n  \n\n", 1, "the release is empty"),
        (b"\nASTANA, 31 January 2017 - Text.\nMore.\n", 2, "starts with its headline"),
        (b"Only a headline\n", 1, "no paragraphs"),
        (b"--- 2017 ---\nText.\n", 1, "no words"),
        (b"Headline\nFirst paragraph.\nBad \xff byte here.\n", 3, "not valid UTF-8"),
    ],
)
def test_bad_release_names_file_and_line(
    tmp_path: Path, content: bytes, line: int, message: str
) -> None:
    path = tmp_path / "sources" / "bad.txt"
    path.parent.mkdir()
    path.write_bytes(content)
    with pytest.raises(SourceError, match=message) as caught:
        read_release(path, root=tmp_path)
    assert str(caught.value).startswith(f"sources/bad.txt:{line}: ")


def test_bom_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "r.txt"
    path.write_bytes("\ufeffHeadline\nText.\n".encode())
    assert read_release(path, root=tmp_path).headline == "Headline"


def test_project_abbreviations_reach_the_text_reader(tmp_path: Path) -> None:
    path = tmp_path / "2020-01-01-visit.txt"
    path.write_text(
        "Visit to Kostanay\nThe Kostanay Obl. Akimat hosted the team. It went well.\n",
        encoding="utf-8",
    )
    plain = [u.text for u in read_release(path, root=tmp_path).units()]
    assert plain[1:] == ["The Kostanay Obl.", "Akimat hosted the team.", "It went well."]
    own = read_release(path, root=tmp_path, abbreviations=("Obl.",))
    assert [u.text for u in own.units()][1:] == [
        "The Kostanay Obl. Akimat hosted the team.",
        "It went well.",
    ]
