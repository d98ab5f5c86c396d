"""Translation memory: matches from the sample's reviewed translations, TMX in and out."""

from __future__ import annotations

from pathlib import Path

import pytest

from l10nrelease.memory import Memory, MemoryUnit
from l10nrelease.pofile import parse_catalog
from l10nrelease.tmx import TMXError, from_tmx

from .conftest import ROOT, SAMPLE_SLUG, run_cli

SAMPLE = (ROOT / "sources" / f"{SAMPLE_SLUG}.txt").read_text(encoding="utf-8").splitlines()
CHANGED = SAMPLE[4].split(". ")[0].replace("violent extremism", "violent extremism online") + "."


def _new_release(project: Path) -> str:
    slug = "2017-02-10-osce-follow-up"
    (project / "sources" / f"{slug}.txt").write_text(
        "OSCE follow-up meeting held in Astana\n"
        f"{SAMPLE[2]}\n"  # paragraph 2 of the sample: two sentences, then paragraph 3
        f"{SAMPLE[3]}\n"
        f"{CHANGED}\n",
        encoding="utf-8",
    )
    assert run_cli("extract", slug, cwd=project).returncode == 0
    return slug


def _entries(project: Path, language: str, slug: str) -> dict[str, object]:
    path = project / "locales" / language / f"{slug}.po"
    return {e.msgid: e for e in parse_catalog(path.read_text(encoding="utf-8"), path="x").active()}


def test_a_new_release_gets_shared_sentences_from_memory_offline(project: Path) -> None:
    slug = _new_release(project)
    result = run_cli("pretranslate", slug, "--engine", "tm", cwd=project)
    assert "8 from the translation memory" in result.stdout, result.stdout + result.stderr
    assert "2 left" in result.stdout  # the new headline, in each language
    sample = _entries(project, "kk", SAMPLE_SLUG)
    new = _entries(project, "kk", slug)
    first, second = SAMPLE[2].split(". ", 1)
    first += "."
    exact = new[first]
    assert exact.msgstr == sample[first].msgstr and exact.fuzzy  # type: ignore[attr-defined]
    assert f"translation memory: exact match, 100 %\nfrom {SAMPLE_SLUG}" in (
        exact.translator_comment  # type: ignore[attr-defined]
    )
    context = new[second]
    assert context.fuzzy and "in-context match" in context.translator_comment  # type: ignore[attr-defined]
    fuzzy = new[CHANGED]
    original = SAMPLE[4].split(". ")[0] + "."
    assert fuzzy.fuzzy and fuzzy.previous_msgid == original  # type: ignore[attr-defined]
    assert fuzzy.msgstr == sample[original].msgstr  # type: ignore[attr-defined]
    assert "fuzzy match, 9" in fuzzy.translator_comment  # type: ignore[attr-defined]
    headline = new["OSCE follow-up meeting held in Astana"]
    assert headline.msgstr == ""  # type: ignore[attr-defined]  # nothing like it: left for MT


def test_in_context_matches_may_be_accepted_as_reviewed(project: Path) -> None:
    config = project / "l10nrelease.toml"
    config.write_text(config.read_text() + "\n[memory]\naccept_in_context = true\n")
    slug = _new_release(project)
    assert run_cli("pretranslate", slug, "--engine", "tm", cwd=project).returncode in (0, 1)
    second = SAMPLE[2].split(". ", 1)[1]
    entry = _entries(project, "ru", slug)[second]
    assert entry.msgstr and not entry.fuzzy  # type: ignore[attr-defined]


def test_tmx_round_trip_and_import(project: Path, tmp_path: Path) -> None:
    exported = run_cli("tm", "export", "-o", str(tmp_path / "memory.tmx"), cwd=project)
    assert exported.returncode == 0
    data = (tmp_path / "memory.tmx").read_bytes()
    units = from_tmx(data, path="memory.tmx", source_language="en", languages=["ru", "kk"])
    assert len(units["ru"]) == 11 and len(units["kk"]) == 11  # the reviewed non-dateline units
    assert units["kk"][0].origin == SAMPLE_SLUG
    # Another project without the sample's PO files learns them from the TMX file.
    for path in (project / "locales").rglob("*.po"):
        path.unlink()
    assert run_cli("extract", cwd=project).returncode == 0
    imported = run_cli("tm", "import", str(tmp_path / "memory.tmx"), cwd=project)
    assert imported.returncode == 0 and "ru: 11" in imported.stdout
    assert (project / "tm" / "memory.tmx").exists()
    filled = run_cli("pretranslate", "--engine", "tm", cwd=project)
    assert "22 from the translation memory" in filled.stdout


@pytest.mark.parametrize(
    ("data", "line", "message"),
    [
        ("<tmx version='1.4'><header srclang='en'/></tmx>", 1, "no <body>"),
        (
            "<tmx version='1.4'><header srclang='en'/><body>\n<tu><tuv xml:lang='kk'><seg>Сәлем"
            "</seg></tuv></tu></body></tmx>",
            2,
            "without a segment in the source language",
        ),
        ("<tmx><body>\n\n<tu><tuv><seg>x</seg></tuv></tu></body></tmx>", 3, "without xml:lang"),
        ("<tmx><body><tu></body></tmx>", 1, "not well-formed"),
        ('<!DOCTYPE tmx [<!ENTITY x SYSTEM "file:///etc/passwd">]><tmx/>', 1, "declares entities"),
        ("<glossary/>", 1, "not <tmx>"),
    ],
)
def test_a_broken_tmx_file_is_an_error_with_its_line(data: str, line: int, message: str) -> None:
    with pytest.raises(TMXError, match=message) as caught:
        from_tmx(data.encode(), path="bad.tmx", source_language="en", languages=["kk"])
    assert str(caught.value).startswith(f"bad.tmx:{line}: ")


def test_fuzzy_lookup_scores_a_few_candidates_not_every_unit(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import l10nrelease.memory as memory_module

    units = [
        MemoryUnit(f"Meeting {n} on water management in region number {n}.", f"т{n}", "x")
        for n in range(20000)
    ]
    units.append(MemoryUnit("The ambassador discussed border security with experts.", "т", "y"))
    memory = Memory(units)
    calls = []
    real = memory_module.fuzz.ratio
    monkeypatch.setattr(memory_module.fuzz, "ratio", lambda a, b: calls.append(b) or real(a, b))
    match = memory.lookup("The ambassador discussed border security with some experts.")
    assert match is not None and match.kind == "fuzzy" and match.unit.origin == "y"
    assert len(calls) <= memory_module.CANDIDATES


def test_a_po_file_from_another_tool_is_imported_into_the_memory(
    project: Path, tmp_path: Path
) -> None:
    # An old Windows tool's catalog: cp1251, a plural entry, a fuzzy one, odd wrapping.
    legacy = tmp_path / "old-site.po"
    legacy.write_bytes(
        (
            'msgid ""\nmsgstr ""\n"Language: ru\\n"\n'
            '"Content-Type: text/plain; charset=windows-1251\\n"\n"Plural-Forms: nplurals=3; '
            "plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || "
            'n%100>=20) ? 1 : 2);\\n"\n\n'
            'msgid "The OSCE Programme Office in Astana"\nmsgstr ""\n"Программный офис "\n'
            '"ОБСЕ в Астане"\n\n'
            'msgid "one release"\nmsgid_plural "%d releases"\nmsgstr[0] "%d релиз"\n'
            'msgstr[1] "%d релиза"\nmsgstr[2] "%d релизов"\n\n'
            '#, fuzzy\nmsgid "Not yet reviewed"\nmsgstr "Ещё не проверено"\n\n'
            'msgid "Civil society"\nmsgstr "Гражданское общество"\n'
        ).encode("cp1251")
    )
    result = run_cli("tm", "import", str(legacy), cwd=project)
    assert result.returncode == 0, result.stderr
    assert "added old-site.tmx to the memory (ru: 2 units)" in result.stdout
    units = from_tmx(
        (project / "tm" / "old-site.tmx").read_bytes(),
        path="old-site.tmx",
        source_language="en",
        languages=["ru"],
    )["ru"]
    assert [(u.source, u.target) for u in units] == [
        ("The OSCE Programme Office in Astana", "Программный офис ОБСЕ в Астане"),
        ("Civil society", "Гражданское общество"),
    ]
    # No language, or one the project does not have: a clear error, nothing written.
    legacy.write_text('msgid ""\nmsgstr ""\n\nmsgid "A"\nmsgstr "Б"\n', encoding="utf-8")
    refused = run_cli("tm", "import", str(legacy), cwd=project)
    assert refused.returncode == 2 and "name one of the project's languages" in refused.stderr
    # tm/old-site.tmx holds the first import: another file of that name is refused.
    clash = run_cli("tm", "import", "--lang", "kk", str(legacy), cwd=project)
    assert clash.returncode == 2 and "already has a different file of this name" in clash.stderr
    renamed = legacy.rename(legacy.with_name("old-site-kk.po"))
    assert run_cli("tm", "import", "--lang", "kk", str(renamed), cwd=project).returncode == 0
    broken = tmp_path / "broken.po"
    broken.write_text('msgid "A"\nmsgstr "Б"\nnot PO at all\n', encoding="utf-8")
    failed = run_cli("tm", "import", str(broken), cwd=project)
    assert failed.returncode == 2
    assert failed.stderr.startswith(f"error: {broken}: cannot read this PO file")
    assert "(line 3)" in failed.stderr
    assert not (project / "tm" / "broken.tmx").exists()


def test_the_memory_never_keeps_what_build_refuses(project: Path, tmp_path: Path) -> None:
    import polib

    path = project / "locales" / "kk" / f"{SAMPLE_SLUG}.po"
    po = polib.pofile(str(path))
    for entry in po:
        if entry.msgid.startswith("OSCE co-hosts"):
            entry.msgstr = "ЕҚЫҰ <img src=x onerror=alert(1)> дөңгелек үстел"
    po.save(str(path))
    exported = run_cli("tm", "export", "-o", str(tmp_path / "memory.tmx"), cwd=project)
    assert exported.returncode == 0
    data = (tmp_path / "memory.tmx").read_text(encoding="utf-8")
    assert "onerror" not in data and "<img" not in data
    units = from_tmx(data.encode(), path="m.tmx", source_language="en", languages=["kk"])["kk"]
    assert len(units) == 10 and not any(u.source.startswith("OSCE co-hosts") for u in units)
    # A TMX file from elsewhere with such a unit: pretranslate does not reuse it.
    (project / "tm").mkdir()
    (project / "tm" / "evil.tmx").write_text(
        "<tmx version='1.4'><header srclang='en'/><body><tu>"
        "<tuv xml:lang='en'><seg>Civil society met.</seg></tuv>"
        "<tuv xml:lang='kk'><seg>&lt;script&gt;alert(1)&lt;/script&gt;Қоғам</seg></tuv>"
        "</tu></body></tmx>",
        encoding="utf-8",
    )
    from l10nrelease.project import open_project
    from l10nrelease.project.memory import memory_units

    assert not any("script" in u.target for u in memory_units(open_project(project), "kk"))


def test_placeholders_are_tmx_inline_elements() -> None:
    from lxml import etree

    from l10nrelease.tmx import to_tmx

    unit = MemoryUnit(
        "Visit <1>the OSCE site</1><2/> now.", "Посетите <1>сайт ОБСЕ</1><2/> сейчас.", "x"
    )
    data = to_tmx({"ru": [unit]}, source_language="en")
    seg = etree.fromstring(data.encode()).findall(".//tuv/seg")[1]
    assert [child.tag for child in seg] == ["bpt", "ept", "ph"]
    assert seg[0].get("i") == seg[1].get("i") == "1" and seg[2].get("x") == "2"
    assert "&lt;1&gt;" not in etree.tostring(seg, encoding="unicode").split("<bpt")[0]
    back = from_tmx(data.encode(), path="m.tmx", source_language="en", languages=["ru"])["ru"]
    assert (back[0].source, back[0].target) == (unit.source, unit.target)
    # Another tool's codes (Trados-style <bpt> with native markup) become placeholders.
    other = (
        "<tmx version='1.4'><header srclang='en-US'/><body><tu>"
        "<tuv xml:lang='en-US'><seg>See <bpt i='1' x='1'>&lt;b&gt;</bpt>this<ept i='1'>"
        "&lt;/b&gt;</ept> page<ph x='2'>&lt;br/&gt;</ph></seg></tuv>"
        "<tuv xml:lang='ru-RU'><seg>Смотрите <bpt i='1' x='1'>&lt;b&gt;</bpt>эту<ept i='1'>"
        "&lt;/b&gt;</ept> страницу<ph x='2'>&lt;br/&gt;</ph></seg></tuv>"
        "</tu></body></tmx>"
    )
    found = from_tmx(other.encode(), path="t.tmx", source_language="en", languages=["ru"])["ru"]
    assert (found[0].source, found[0].target) == (
        "See <1>this</1> page<2/>",
        "Смотрите <1>эту</1> страницу<2/>",
    )
