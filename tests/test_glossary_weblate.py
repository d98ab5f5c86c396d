"""A Weblate glossary imported: one language per TBX file, forbidden terms, statuses.

Weblate's TBX exporter (weblate/formats/exporters.py, ``TBXExporter``) is
translate-toolkit's ``tbxfile``: a store with the source and one target language, a unit
per glossary term (``setsource`` with the source language, ``settarget`` with the
target's), its explanation as ``<note from="developer">``. A term Weblate marks
forbidden carries the flag as the entry's ``weblate-flags`` attribute, and Weblate's own
TBX files (5.12 and later) as ``<termNote type="administrativeStatus">forbidden``.
The files here are made the same way, with translate-toolkit itself.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from l10nrelease.tbx import read_tbx

from .conftest import run_cli

LANGUAGES = ("ru", "kk")


def weblate_tbx(
    terms: list[tuple[str, str, str]], language: str, *, status_note: bool = False
) -> bytes:
    """A glossary as Weblate exports it: (source, target, flags) per term."""
    tbx = pytest.importorskip("translate.storage.tbx", reason="translate-toolkit is missing")
    from lxml import etree

    store = tbx.tbxfile(sourcelanguage="en", targetlanguage=language)
    for source, target, flags in terms:
        unit = store.UnitClass(source)
        unit.setsource(source, sourcelang="en")
        unit.settarget(target, language)
        unit.addnote(f"Explanation of {source}", origin="developer")
        if "forbidden" in flags and status_note:
            tig = unit.get_target_dom(language).find(unit.namespaced("tig"))
            note = etree.SubElement(tig, unit.namespaced("termNote"), type="administrativeStatus")
            note.text = "forbidden"
        elif flags:
            unit.xmlelement.set("weblate-flags", flags)
        store.addunit(unit)
    return bytes(store)


VIENNA = [
    ("Vienna", "Вена", ""),
    ("Vienna", "Вiена", "forbidden"),  # a Latin i: a look-alike spelling, forbidden
    ("OSCE", "ОБСЕ", ""),  # as the glossary has it
    ("Kazakhstan", "Казахстан", "terminology"),
    ("Russian Federation", "Россия", ""),  # the glossary says Российская Федерация
    ("Austria", "Aвстрия", "forbidden"),  # forbidden only: no form to write given
]


@pytest.mark.parametrize("status_note", [False, True], ids=["weblate-flags", "admin-status"])
def test_forbidden_terms_are_forbidden_not_variants(status_note: bool) -> None:
    content = read_tbx(
        weblate_tbx(VIENNA, "ru", status_note=status_note), path="ru.tbx", languages=LANGUAGES
    )
    assert content.languages == ("ru",)
    terms = {term.name: term for term in content.glossary.terms}
    vienna = terms["Vienna"].forms["ru"]
    assert (vienna.approved, vienna.variants, vienna.forbidden) == ("Вена", (), ("Вiена",))
    assert "kk" not in terms["Vienna"].forms and "Austria" not in terms
    assert [(f.name, f.language, f.forms) for f in content.forbidding] == [
        ("Austria", "ru", ("Aвстрия",))
    ]
    assert terms["Vienna"].note == "Explanation of Vienna"


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        ("preferredTerm-admn-sts", ("Алма-Ата", ("Алматы",), ())),
        ("preferred", ("Алма-Ата", ("Алматы",), ())),
        ("admittedTerm-admn-sts", ("Алматы", ("Алма-Ата",), ())),
        ("deprecatedTerm-admn-sts", ("Алматы", (), ("Алма-Ата",))),
        ("supersededTerm-admn-sts", ("Алматы", (), ("Алма-Ата",))),
        ("deprecated", ("Алматы", (), ("Алма-Ата",))),
        ("Forbidden", ("Алматы", (), ("Алма-Ата",))),
        ("obsolete", ("Алматы", (), ("Алма-Ата",))),
    ],
)
def test_administrative_statuses(status: str, expected: tuple[object, ...]) -> None:
    data = f"""<?xml version="1.0"?>
<martif type="TBX"><text><body><termEntry>
 <langSet xml:lang="en"><tig><term>Almaty</term></tig></langSet>
 <langSet xml:lang="ru-RU"><tig><term>Алматы</term></tig>
  <tig><term>Алма-Ата</term><termNote type="administrativeStatus">{status}</termNote></tig>
 </langSet>
</termEntry></body></text></martif>""".encode()
    form = read_tbx(data, path="s.tbx", languages=LANGUAGES).glossary.terms[0].forms["ru"]
    assert (form.approved, form.variants, form.forbidden) == expected


def test_regional_and_script_language_codes() -> None:
    data = weblate_tbx([("Astana", "Астана", "")], "kk_Cyrl")
    content = read_tbx(data, path="kk.tbx", languages=LANGUAGES)
    assert content.languages == ("kk",)
    assert content.glossary.terms[0].forms["kk"].approved == "Астана"


def test_a_weblate_glossary_is_imported_into_its_language_column(project: Path) -> None:
    (project / "ru.tbx").write_bytes(weblate_tbx(VIENNA, "ru"))
    glossary = project / "glossary.csv"
    before = glossary.read_bytes()
    result = run_cli("glossary", "import", "ru.tbx", cwd=project)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    # OSCE and Kazakhstan match in Russian: no false conflict for the Kazakh the file lacks.
    assert lines[-1] == (
        "1 name(s) added as proposed, 2 already there, 1 conflict(s) (the file has terms in ru)."
    )
    assert "conflict: 'Russian Federation' is in the glossary with another rendering" in lines[0]
    assert (
        "note: 'Austria' (ru): the TBX file forbids 'Aвстрия', which the glossary's row "
        "does not list (add to ru_forbidden)"
    ) in lines
    assert "proposed names give warnings" in result.stderr
    after = glossary.read_bytes()
    assert after.startswith(before)  # every existing row byte for byte
    assert after[len(before) :].decode() == (
        "Vienna,,other,proposed,Вена,,Вiена,,,,,,,,Explanation of Vienna\n"
    )
    lint = run_cli("glossary", "lint", cwd=project)
    assert lint.returncode == 0 and "0 error(s)" in lint.stderr, lint.stdout  # Вiена is fine
    again = run_cli("glossary", "import", "ru.tbx", cwd=project)
    assert again.stdout.splitlines()[-1].startswith("0 name(s) added as proposed, 3 already")
    assert glossary.read_bytes() == after


def test_approve_adds_names_approved(project: Path) -> None:
    (project / "ru.tbx").write_bytes(weblate_tbx([("Vienna", "Вена", "")], "ru"))
    result = run_cli("glossary", "import", "--approve", "ru.tbx", cwd=project)
    assert result.returncode == 0 and "1 name(s) added, 0 already" in result.stdout
    row = "Vienna,,other,approved,Вена,,,,,,,,,,Explanation of Vienna\n"
    assert (project / "glossary.csv").read_text(encoding="utf-8").endswith("\n" + row)


def test_a_form_the_row_lacks_is_a_note_not_a_change(project: Path) -> None:
    glossary = project / "glossary.csv"
    text = glossary.read_text(encoding="utf-8")
    text = text.replace(",Қазақстан,,,,,,", ",,,,,,,", 1)  # Kazakhstan without its Kazakh
    glossary.write_text(text, encoding="utf-8")
    before = glossary.read_bytes()
    (project / "kk.tbx").write_bytes(weblate_tbx([("Kazakhstan", "Қазақстан", "")], "kk"))
    result = run_cli("glossary", "import", "kk.tbx", cwd=project)
    assert result.returncode == 0, result.stderr
    assert (
        "note: 'Kazakhstan' has no kk form in the glossary; the TBX file gives 'Қазақстан' "
        "(not added: fill in the row's kk cell)"
    ) in result.stdout.splitlines()
    assert "0 conflict(s)" in result.stdout and glossary.read_bytes() == before


def test_a_forbidden_weblate_term_is_enforced_by_the_check(project: Path) -> None:
    (project / "ru.tbx").write_bytes(weblate_tbx(VIENNA[:2], "ru"))
    assert run_cli("glossary", "import", "--approve", "ru.tbx", cwd=project).returncode == 0
    slug = "2017-02-02-vienna"
    (project / "sources" / f"{slug}.txt").write_text(
        "OSCE meets in Vienna\nASTANA, 2 February 2017 – The OSCE met in Vienna today.\n",
        encoding="utf-8",
    )
    assert run_cli("extract", slug, cwd=project).returncode == 0
    po = project / "locales" / "ru" / f"{slug}.po"
    po.write_text(
        po.read_text(encoding="utf-8").replace(
            'msgid "OSCE meets in Vienna"\nmsgstr ""',
            'msgid "OSCE meets in Vienna"\nmsgstr "ОБСЕ собирается в Вiене"',
        ),
        encoding="utf-8",
    )
    result = run_cli("check", str(po), cwd=project)
    assert result.returncode == 1
    assert 'must be rendered as "Вена", not the forbidden variant "Вiене" [glossary]' in (
        result.stdout
    )


def test_a_tbx_without_source_language_terms_says_so() -> None:
    from l10nrelease.glossary import GlossaryError
    from l10nrelease.tbx import read_tbx

    data = (
        '<?xml version="1.0"?><martif type="TBX"><text><body><termEntry id="a">'
        '<langSet xml:lang="ru"><tig><term>Вена</term></tig></langSet></termEntry>'
        "</body></text></martif>"
    ).encode()
    with pytest.raises(GlossaryError, match=r"none of the TBX file's 1 term entries has a term"):
        read_tbx(data, path="x.tbx", languages=("ru", "kk"))
