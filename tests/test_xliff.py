"""XLIFF for CAT tools: the format both ways, the import's merge rules, and the
commands on a copy of the sample project (with a CMS page, for inline tags)."""

from __future__ import annotations

import copy
import os
import re
import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from lxml import etree

from l10nrelease.catalog import Catalog, Entry
from l10nrelease.pofile import parse_catalog, render_catalog
from l10nrelease.xliff import (
    XLIFF_12,
    XLIFF_20,
    Note,
    XliffError,
    XliffFile,
    XliffUnit,
    base_digest,
    parse_xliff,
    render_xliff,
    unit_id,
)
from l10nrelease.xliffmerge import apply_units

from .conftest import DATA, SAMPLE_SLUG, run_cli, snapshot

HTML_SLUG = "2017-02-15-osce-media-training"
NS = {"x": XLIFF_12}


def _unit(msgid: str, msgstr: str = "", *, fuzzy: bool = False, **extra: object) -> XliffUnit:
    entry = Entry(msgid=msgid, msgstr=msgstr, fuzzy=fuzzy)
    status = "untranslated" if not msgstr else "fuzzy" if fuzzy else "reviewed"
    fields: dict[str, object] = {
        "id": unit_id(None, msgid),
        "source": msgid,
        "target": msgstr,
        "status": status,
        "base": base_digest(entry.msgstr, entry.fuzzy),
    }
    fields.update(extra)
    return XliffUnit(**fields)  # type: ignore[arg-type]


def _file(*units: XliffUnit) -> XliffFile:
    return XliffFile("locales/ru/x.po", "en", "ru", units)


# ------------------------------------------------------------------ the format


@pytest.mark.parametrize("version", ["1.2", "2.0"])
def test_units_come_back_as_they_went(version: str) -> None:
    units = (
        _unit(
            "Visit the <1>OSCE <2>website</2></1> today.<3/>",
            "Посетите <1>сайт <2>ОБСЕ</2></1> сегодня.<3/>",
            tags=((1, "a"), (2, "em"), (3, "br")),
            notes=(Note("glossary", "glossary: OSCE → ОБСЕ"),),
        ),
        _unit("<1>Bold</1> start", "<1>Жирный</1> старт", fuzzy=True, tags=((1, "strong"),)),
        _unit("ASTANA, 31 January 2017", context="dateline"),
        _unit("  spaces  kept  ", "  пробелы  "),
    )
    text = render_xliff([_file(*units)], version=version)
    assert render_xliff([_file(*units)], version=version) == text  # the same bytes
    (read,) = parse_xliff(text.encode(), path="x.xlf")
    assert (read.original, read.source_language, read.target_language) == (
        "locales/ru/x.po",
        "en",
        "ru",
    )
    for written, back in zip(units, read.units, strict=True):
        assert (back.id, back.source, back.target, back.status, back.base, back.context) == (
            written.id,
            written.source,
            written.target,
            written.status,
            written.base,
            written.context,
        )
    if version == "1.2":
        assert '<g id="1" ctype="link" clone="no">OSCE <g id="2" ctype="italic"' in text
        assert '<x id="3" ctype="lb" clone="no"/>' in text
        assert '<target state="needs-review-translation"><g id="1" ctype="bold"' in text
    else:
        assert '<pc id="1" type="link" canCopy="no" canDelete="no">OSCE <pc id="2"' in text
        assert '<ph id="3" type="fmt" subType="xlf:lb"' in text


def test_a_broken_translation_is_exported_as_its_text() -> None:
    unit = _unit("<1>a</1> b", "<1>а б", fuzzy=True)
    text = render_xliff([_file(unit)])
    assert '<target state="needs-review-translation">&lt;1&gt;а б</target>' in text
    (read,) = parse_xliff(text.encode(), path="x.xlf")
    assert read.units[0].target == "<1>а б"


def test_a_control_character_cannot_be_exported() -> None:
    unit = _unit("Bell", "Звонок\x07", line=42)
    with pytest.raises(XliffError) as caught:
        render_xliff([_file(unit)])
    assert str(caught.value).startswith("locales/ru/x.po:42: contains the control character U+0007")


_GOOD = (
    '<xliff xmlns="urn:oasis:names:tc:xliff:document:1.2" version="1.2">'
    '<file original="locales/ru/x.po" source-language="en" target-language="ru" '
    'datatype="po"><body>{units}</body></file></xliff>'
)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ("<xliff><file>", "x.xlf:1: not well-formed XML"),
        ("<?xml version='1.0'?>\n\n<tmx version='1.4'/>", "x.xlf:3: the root element is <tmx>"),
        (
            '<!DOCTYPE xliff [<!ENTITY e "boom">]>\n<xliff/>',
            "x.xlf:1: the XLIFF file declares entities",
        ),
        (
            '<?xml version="1.0"?>\n<!DOCTYPE x [\n<!ENTITY a SYSTEM "file:///etc/passwd">]>'
            "<xliff>&a;</xliff>",
            "x.xlf:2: the XLIFF file declares entities",
        ),
        (
            '<xliff xmlns="urn:oasis:names:tc:xliff:document:3.0" version="3.0"/>',
            "x.xlf:1: an XLIFF document of version 3.0",
        ),
        (
            _GOOD.replace(' target-language="ru"', ""),
            "x.xlf:1: <file> has no target-language attribute",
        ),
        (
            _GOOD.format(units="\n<trans-unit><source>a</source></trans-unit>"),
            "x.xlf:2: <trans-unit> has no id attribute",
        ),
        (
            _GOOD.format(units='\n\n<trans-unit id="a"/>'),
            "x.xlf:3: a <trans-unit> without <source>",
        ),
    ],
)
def test_bad_xliff_is_an_error_with_its_line(data: str, message: str) -> None:
    with pytest.raises(XliffError) as caught:
        parse_xliff(data.encode(), path="x.xlf")
    assert str(caught.value).startswith(message), str(caught.value)


def test_an_external_doctype_is_read_without_loading_it() -> None:
    data = (
        '<!DOCTYPE xliff PUBLIC "-//XLIFF//DTD XLIFF//EN" '
        '"http://127.0.0.1:9/xliff.dtd">\n'
        + _GOOD.format(units='<trans-unit id="u"><source>a</source></trans-unit>')
    )
    (file,) = parse_xliff(data.encode(), path="x.xlf")
    assert [unit.source for unit in file.units] == ["a"]


def test_other_tools_inline_elements_become_placeholders() -> None:
    units = (
        '<trans-unit id="a"><source>A <g id="1">b</g> c<x id="2"/></source>'
        '<target state="final"><mrk mtype="seg" mid="0">А <bx id="7" rid="1"/>б<ex id="8" '
        'rid="1"/> в<ph id="2">&lt;br/&gt;</ph></mrk></target></trans-unit>'
        '<trans-unit id="b"><source>x</source><target><foo/>y</target></trans-unit>'
        '<trans-unit id="c"><source>x</source><target><g id="link">y</g></target></trans-unit>'
    )
    (file,) = parse_xliff(_GOOD.format(units=units).encode(), path="x.xlf")
    first, second, third = file.units
    assert (first.source, first.target, first.status) == (
        "A <1>b</1> c<2/>",
        "А <1>б</1> в<2/>",
        "reviewed",
    )
    assert second.problem == "an inline element <foo> that is none of the source's placeholders"
    assert '<g id="link"> is none of the source\'s placeholders' in third.problem


def test_xliff_2_segments_are_one_unit() -> None:
    """A 2.0 tool may split a unit into segments with ignorable white space between,
    and write paired codes as sc/ec: read back as the one msgid and msgstr."""
    data = (
        f'<xliff xmlns="{XLIFF_20}" version="2.0" srcLang="en" trgLang="ru-RU"><file id="f" '
        'original="locales/ru/a.po"><unit id="u1"><segment state="final"><source>One.'
        "</source><target>Один.</target></segment><ignorable><source> </source></ignorable>"
        '<segment state="translated"><source>Two <sc id="1"/>x<ec startRef="1"/>.</source>'
        '<target>Два <sc id="1"/>х<ec startRef="1"/>.</target></segment></unit><unit id="u2">'
        '<segment state="reviewed"><source>A</source><target>А</target></segment><segment>'
        "<source>B</source><target>Б</target></segment></unit></file></xliff>"
    )
    (file,) = parse_xliff(data.encode(), path="a.xlf")
    first, second = file.units
    assert (first.source, first.target, first.status) == (
        "One. Two <1>x</1>.",
        "Один. Два <1>х</1>.",
        "reviewed",
    )
    assert (second.target, second.status, second.state) == ("АБ", "fuzzy", "initial")
    assert file.target_language == "ru-RU"


@pytest.mark.parametrize(
    ("state", "approved", "status"),
    [
        ("translated", None, "reviewed"),
        ("final", None, "reviewed"),
        ("signed-off", "no", "reviewed"),
        ("needs-review-translation", "yes", "fuzzy"),
        ("needs-translation", None, "fuzzy"),
        ("new", None, "fuzzy"),
        ("x-memoq-edited", None, "fuzzy"),
        (None, "yes", "reviewed"),
        (None, None, "fuzzy"),
    ],
)
def test_the_state_decides_the_fuzzy_flag(
    state: str | None, approved: str | None, status: str
) -> None:
    attributes = f' approved="{approved}"' if approved else ""
    target = f' state="{state}"' if state else ""
    units = (
        f'<trans-unit id="a"{attributes}><source>a</source><target{target}>б</target></trans-unit>'
    )
    (file,) = parse_xliff(_GOOD.format(units=units).encode(), path="x.xlf")
    assert file.units[0].status == status


# ----------------------------------------------------------------- the merge


def _catalog(*entries: Entry) -> Catalog:
    numbered = tuple(replace(e, line=10 * n) for n, e in enumerate(entries, 1))
    return Catalog(header=(("Language", "ru"),), entries=numbered, path="locales/ru/x.po")


def _after(catalog: Catalog, unit: XliffUnit, *, force: bool = False) -> tuple[Entry, str, str]:
    updated, (outcome,) = apply_units(catalog, [unit], force=force)
    return updated.entries[0], outcome.action, outcome.message


def test_a_translation_is_imported_and_its_state_sets_fuzzy() -> None:
    catalog = _catalog(Entry("One <1>two</1>", "", previous_msgid="One two"))
    unit = replace_unit(_unit("One <1>two</1>"), target="Один <1>два</1>", status="reviewed")
    entry, action, _ = _after(catalog, unit)
    assert (entry.msgstr, entry.fuzzy, entry.previous_msgid, action) == (
        "Один <1>два</1>",
        False,
        None,
        "imported",
    )
    entry, action, _ = _after(catalog, replace_unit(unit, status="fuzzy"))
    assert (entry.fuzzy, entry.previous_msgid, action) == (True, "One two", "imported")


def replace_unit(unit: XliffUnit, **changes: object) -> XliffUnit:
    return replace(unit, **changes)  # type: ignore[arg-type]


def test_nothing_changes_without_a_change() -> None:
    catalog = _catalog(Entry("a", "а"), Entry("b", "б", fuzzy=True), Entry("c"))
    units = [_unit("a", "а"), _unit("b", "б", fuzzy=True), _unit("c")]
    updated, outcomes = apply_units(catalog, units)
    assert updated is catalog
    assert [o.action for o in outcomes] == ["unchanged", "unchanged", "empty"]


def test_an_empty_target_or_a_copy_of_the_source_never_clears_a_translation() -> None:
    catalog = _catalog(Entry("Text", "Текст"))
    empty = replace_unit(_unit("Text", "Текст"), target="", status="untranslated")
    assert _after(catalog, empty)[:2] == (catalog.entries[0], "empty")
    copied = replace_unit(_unit("Text", "Текст"), target="Text", status="fuzzy", state="new")
    assert _after(catalog, copied)[:2] == (catalog.entries[0], "empty")


def test_a_changed_entry_is_a_conflict_unless_forced() -> None:
    exported = _unit("Text", "Старый")
    catalog = _catalog(Entry("Text", "Новый редактора"))  # saved in Poedit since
    unit = replace_unit(exported, target="Агентства")
    entry, action, message = _after(catalog, unit)
    assert (entry.msgstr, action) == ("Новый редактора", "conflict")
    assert message.startswith(f'unit {unit.id} ("Text"): the PO entry was changed since')
    assert "(line 10)" in message and "--force" in message
    entry, action, message = _after(catalog, unit, force=True)
    assert (entry.msgstr, action) == ("Агентства", "forced")
    # a fuzzy flag cleared in Poedit is a change too
    catalog = _catalog(Entry("Text", "Старый"))
    fuzzy = replace_unit(_unit("Text", "Старый", fuzzy=True), target="Другой", status="fuzzy")
    assert _after(catalog, fuzzy)[1] == "conflict"


def test_a_unit_left_as_exported_is_no_conflict_and_force_keeps_the_newer_edit() -> None:
    """The agency did not touch the unit; the translator edited the PO entry since:
    the edit stays, with or without --force (which only settles real conflicts: a
    tester found --force putting the exported text back over the newer edit)."""
    exported = _unit("Text", "Старый")
    catalog = _catalog(Entry("Text", "Новый редактора"))
    for force in (False, True):
        entry, action, _ = _after(catalog, exported, force=force)
        assert (entry.msgstr, action) == ("Новый редактора", "unchanged")
    fuzzy = _unit("Text", "Старый", fuzzy=True)
    catalog = _catalog(Entry("Text", "Старый"))  # the translator reviewed it since
    entry, action, _ = _after(catalog, fuzzy, force=True)
    assert (entry.msgstr, entry.fuzzy, action) == ("Старый", False, "unchanged")
    # the agency reviewing the unit as it was exported is a change of the unit
    approved = replace_unit(fuzzy, status="reviewed")
    catalog = _catalog(Entry("Text", "Старый", fuzzy=True))
    entry, action, _ = _after(catalog, approved)
    assert (entry.fuzzy, action) == (False, "imported")


def test_without_a_recorded_base_only_an_empty_entry_is_filled() -> None:
    unit = replace_unit(_unit("Text"), base=None, target="Текст", status="reviewed")
    assert _after(_catalog(Entry("Text")), unit)[1] == "imported"
    entry, action, message = _after(_catalog(Entry("Text", "Свой")), unit)
    assert (entry.msgstr, action) == ("Свой", "conflict")
    assert "does not record the translation it was exported with" in message


def test_broken_placeholders_and_markup_are_refused() -> None:
    catalog = _catalog(Entry("Go <1>here</1>.<2/>"))
    for target, problem in [
        ("Иди сюда.<2/>", "placeholder missing: <1>…</1>"),
        ("Иди <1>сюда</1>.<2/><3/>", "<3/> is not a placeholder of the source text"),
        ("Иди <1>сюда.<2/>", "<1> is not closed with </1>"),
        ('Иди <a href="x">сюда</a>.<2/>', "contains HTML markup"),
    ]:
        unit = replace_unit(_unit("Go <1>here</1>.<2/>"), target=target, status="reviewed")
        entry, action, message = _after(catalog, unit)
        assert (entry.msgstr, action) == ("", "refused")
        assert "translation refused: " in message and problem in message, message


def test_a_unit_whose_source_changed_is_refused_by_name() -> None:
    catalog = _catalog(Entry("The new English sentence.", "Старый перевод", fuzzy=True))
    unit = _unit("The old English sentence.", "Новый перевод")
    _entry, action, message = _after(catalog, unit)
    assert action == "refused"
    assert message.startswith(f'unit {unit.id} ("The old English sentence."): no entry')
    edited = replace_unit(
        _unit("The new English sentence.", "Старый перевод", fuzzy=True),
        source="The English, edited in the CAT tool.",
    )
    _entry, action, message = _after(catalog, edited)
    assert action == "refused" and "differs from the msgid of the PO entry on line 10" in message


# --------------------------------------------------------- on a sample project


@pytest.fixture
def agency(project: Path) -> Path:
    """The sample project with the CMS page extracted too (inline tags, untranslated)."""
    shutil.copy(DATA / f"{HTML_SLUG}.html", project / "sources")
    result = run_cli("extract", HTML_SLUG, cwd=project)
    assert result.returncode == 0, result.stderr
    return project


def _export(project: Path, *args: str) -> Path:
    result = run_cli("xliff", "export", *args, cwd=project)
    assert result.returncode == 0, result.stderr
    return project


STATES_12 = {
    "final",
    "needs-adaptation",
    "needs-l10n",
    "needs-review-adaptation",
    "needs-review-l10n",
    "needs-review-translation",
    "needs-translation",
    "new",
    "signed-off",
    "translated",
}
_LANGUAGE = re.compile(r"^[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*$")  # xsd:language
_UNIT_ATTRIBUTES = {
    "id",
    "approved",
    "resname",
    "extradata",
    "{http://www.w3.org/XML/1998/namespace}space",
}


def assert_xliff_12(data: bytes) -> int:
    """What the XLIFF 1.2 strict schema requires of the elements and attributes we
    write (xliff-core-1.2-strict.xsd: no package ships it, so its rules are spelled
    out here); returns the number of units."""
    root = etree.fromstring(data)
    q = f"{{{XLIFF_12}}}"
    assert root.tag == q + "xliff" and root.get("version") == "1.2"
    for element in root.iter():
        assert etree.QName(element).namespace == XLIFF_12, element.tag
    units = 0
    for file in root.iterfind("x:file", NS):
        assert file.get("original")
        assert file.get("datatype") == "po"
        for attribute in ("source-language", "target-language"):
            assert _LANGUAGE.match(file.get(attribute) or ""), attribute
        assert [etree.QName(c).localname for c in file] == ["header", "body"]
        for child in file.find("x:header", NS):
            assert child.tag in {q + "tool", q + "note"}
            if child.tag == q + "tool":
                assert child.get("tool-id") and child.get("tool-name")
        ids = set()
        for unit in file.find("x:body", NS):
            assert unit.tag == q + "trans-unit"
            assert set(unit.attrib) <= _UNIT_ATTRIBUTES, unit.attrib
            assert unit.get("id") and unit.get("id") not in ids
            ids.add(unit.get("id"))
            assert unit.get("approved", "yes") in {"yes", "no"}
            names = [etree.QName(c).localname for c in unit]
            assert names[:2] == ["source", "target"]
            assert set(names[2:]) <= {"context-group", "note"}
            assert unit[1].get("state") in STATES_12
            for text in unit[:2]:
                _assert_inline(text)
            for group in unit.iterfind("x:context-group", NS):
                assert group.get("purpose") in {"information", "location", "match"}
                for context in group:
                    assert context.get("context-type") in {"sourcefile", "linenumber"}
            for note in unit.iterfind("x:note", NS):
                assert set(note.attrib) <= {"from", "annotates", "priority"} and len(note) == 0
            units += 1
    return units


def _assert_inline(element: etree._Element) -> None:
    for child in element.iterdescendants():
        name = etree.QName(child).localname
        assert name in {"g", "x"}, name
        assert child.get("id") and child.get("clone") in {"yes", "no"}
        ctype = child.get("ctype")
        allowed = {"bold", "italic", "underlined", "link"} if name == "g" else {"image", "pb", "lb"}
        assert ctype is None or ctype in allowed or re.fullmatch(r"x-\S+", ctype), ctype
        if name == "x":
            assert len(child) == 0 and not child.text


def test_export_is_xliff_12_as_the_schema_and_translate_toolkit_read_it(agency: Path) -> None:
    from translate.storage.xliff import xlifffile

    from l10nrelease.markup import plain

    folder = agency / "out"
    folder.mkdir()
    po = agency / "locales" / "ru" / f"{SAMPLE_SLUG}.po"
    catalog = parse_catalog(po.read_text(encoding="utf-8"), path="ru.po")
    fuzzy = replace(catalog.entries[3], fuzzy=True)  # one of each state
    po.write_text(
        render_catalog(
            replace(catalog, entries=(*catalog.entries[:3], fuzzy, *catalog.entries[4:]))
        )
    )
    _export(agency, "-o", "out")
    exported = sorted(folder.glob("*.xlf"))
    assert [p.name for p in exported] == [
        f"{SAMPLE_SLUG}.kk.xlf",
        f"{SAMPLE_SLUG}.ru.xlf",
        f"{HTML_SLUG}.kk.xlf",
        f"{HTML_SLUG}.ru.xlf",
    ]
    for path in exported:
        slug, language, _ = path.name.rsplit(".", 2)
        po = agency / "locales" / language / f"{slug}.po"
        active = parse_catalog(po.read_text(encoding="utf-8"), path=str(po)).active()
        data = path.read_bytes()
        assert assert_xliff_12(data) == len(active)
        store = xlifffile.parsestring(data)
        assert len(store.units) == len(active)
        for unit, entry in zip(store.units, active, strict=True):
            assert unit.getid().endswith(unit_id(entry.msgctxt, entry.msgid))
            assert unit.source == plain(entry.msgid)
            assert (unit.target or "") == plain(entry.msgstr)
            assert unit.isfuzzy() == bool(entry.msgstr and entry.fuzzy)
    sample = xlifffile.parsestring((folder / f"{SAMPLE_SLUG}.kk.xlf").read_bytes())
    notes = sample.units[0].getnotes()
    assert "role: headline" in notes and "glossary: OSCE → ЕҚЫҰ" in notes
    html = (folder / f"{HTML_SLUG}.ru.xlf").read_text(encoding="utf-8")
    assert 'organized by the <g id="1" ctype="link" clone="no">OSCE Programme Office</g> on' in html
    assert "tags: 1 = &lt;a&gt;; keep each once" in html


#: OASIS's XLIFF 1.2 strict schema (docs.oasis-open.org/xliff/v1.2/cs02/), as CAT-tool
#: projects ship it beside their code; XLIFF_12_XSD names another copy.
XSD = Path(
    os.environ.get("XLIFF_12_XSD") or Path(__file__).parent / "data/xliff-core-1.2-strict.xsd"
)


def test_export_validates_against_the_oasis_schema(agency: Path) -> None:
    class _Xml(etree.Resolver):
        def resolve(self, url: str, pubid: str, context: object) -> object:
            if url.endswith("xml.xsd"):
                return self.resolve_string(
                    '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace='
                    '"http://www.w3.org/XML/1998/namespace"><xs:attribute name="lang" '
                    'type="xs:string"/><xs:attribute name="space" type="xs:NCName"/></xs:schema>',
                    context,
                )
            return None

    parser = etree.XMLParser(no_network=True)
    parser.resolvers.add(_Xml())
    schema = etree.XMLSchema(etree.parse(str(XSD), parser))
    for slug in (SAMPLE_SLUG, HTML_SLUG):
        result = run_cli("xliff", "export", slug, "--lang", "kk", cwd=agency)
        document = etree.fromstring(result.stdout.encode())
        assert schema.validate(document), schema.error_log


def _cat_edit(path: Path, translate: dict[int, tuple[str, str]]) -> None:
    """Edit targets as a CAT tool does: the source's inline elements copied into the
    target (``<g>`` kept), the text translated, the state set. ``translate`` maps a
    unit's position to (state, how to change the text: "upper" or a fixed text)."""
    tree = etree.parse(str(path))
    units = tree.getroot().findall(".//x:trans-unit", NS)
    for position, (state, how) in translate.items():
        unit = units[position]
        source, target = unit.find("x:source", NS), unit.find("x:target", NS)
        fresh = copy.deepcopy(source)
        fresh.tag = target.tag
        for node in fresh.iter():
            if node.text:
                node.text = node.text.upper() if how == "upper" else how
            if node is not fresh and node.tail:
                node.tail = node.tail.upper()
        fresh.set("state", state)
        unit.replace(target, fresh)
    path.write_bytes(etree.tostring(tree, xml_declaration=True, encoding="UTF-8"))


def test_a_cat_tools_edit_is_imported(agency: Path) -> None:
    xlf = agency / "ru.xlf"
    _export(agency, HTML_SLUG, "--lang", "ru", "-o", "ru.xlf")
    po = agency / "locales" / "ru" / f"{HTML_SLUG}.po"
    before = parse_catalog(po.read_text(encoding="utf-8"), path="ru.po").active()
    link = next(
        i
        for i, e in enumerate(before)
        if e.msgid.startswith("Thirty journalists") and "<1>" in e.msgid
    )
    bold = next(i for i, e in enumerate(before) if e.msgid.startswith("The course covered"))
    _cat_edit(
        xlf,
        {
            0: ("final", "upper"),
            link: ("translated", "upper"),
            bold: ("needs-review-translation", "upper"),
        },
    )
    result = run_cli("xliff", "import", "ru.xlf", cwd=agency)
    assert result.returncode == 0, result.stderr
    assert (
        f"updated    locales/ru/{HTML_SLUG}.po  3 imported, 0 unchanged, 18 empty" in result.stdout
    )
    after = {
        e.msgid: e for e in parse_catalog(po.read_text(encoding="utf-8"), path="ru.po").active()
    }
    linked = after[before[link].msgid]
    assert (
        linked.msgstr.startswith("THIRTY JOURNALISTS")
        and "<1>OSCE PROGRAMME OFFICE</1>" in linked.msgstr
    )
    assert not linked.fuzzy
    nested = after[before[bold].msgid]
    assert "<1>ETHICAL REPORTING ON <2>VIOLENT EXTREMISM</2></1>" in nested.msgstr and nested.fuzzy
    assert after[before[0].msgid].reviewed
    assert run_cli("check", str(po), cwd=agency).returncode in (0, 1)  # readable by check
    result = run_cli("extract", cwd=agency)  # and no churn on the next extract
    assert "0 file(s) written" in result.stdout, result.stdout
    # the same file again, and a fresh export of the result: nothing to write
    once = po.read_bytes()
    result = run_cli("xliff", "import", "ru.xlf", cwd=agency)
    assert result.returncode == 0 and "unchanged  " in result.stdout
    _export(agency, HTML_SLUG, "--lang", "ru", "-o", "ru.xlf")
    assert run_cli("xliff", "import", "ru.xlf", cwd=agency).returncode == 0
    assert po.read_bytes() == once


def test_a_po_entry_changed_since_export_is_a_conflict(agency: Path) -> None:
    _export(agency, SAMPLE_SLUG, "--lang", "kk", "-o", "kk.xlf")
    po = agency / "locales" / "kk" / f"{SAMPLE_SLUG}.po"
    catalog = parse_catalog(po.read_text(encoding="utf-8"), path="kk.po")
    headline = catalog.entries[0]
    saved = replace(headline, msgstr="Редактор түзеткен тақырып")  # saved in Poedit
    po.write_text(render_catalog(replace(catalog, entries=(saved, *catalog.entries[1:]))))
    edited = po.read_bytes()
    _cat_edit(
        agency / "kk.xlf", {0: ("translated", "Агенттік аударған тақырып"), 2: ("final", "upper")}
    )
    result = run_cli("xliff", "import", "kk.xlf", cwd=agency)
    assert result.returncode == 1
    unit = unit_id(headline.msgctxt, headline.msgid)
    line = re.search(rf'<trans-unit id="{unit}"', (agency / "kk.xlf").read_text()).start()
    line_number = (agency / "kk.xlf").read_text()[:line].count("\n") + 1
    assert (
        f'kk.xlf:{line_number}: error: unit {unit} ("OSCE co-hosts international roundtable…"): '
        "the PO entry was changed since the XLIFF file was exported (line "
    ) in result.stderr
    assert "[xliff-conflict]" in result.stderr
    assert "1 imported, 10 unchanged, 0 empty, 1 conflict(s), 0 refused" in result.stdout
    after = parse_catalog(po.read_text(encoding="utf-8"), path="kk.po")
    assert after.entries[0].msgstr == "Редактор түзеткен тақырып"  # the editor's kept
    assert after.entries[2].msgstr.isupper()  # the other unit imported
    assert po.read_bytes() != edited
    forced = run_cli("xliff", "import", "kk.xlf", "--force", cwd=agency)
    assert forced.returncode == 0, forced.stderr
    assert (
        "warning: unit" in forced.stderr and "overwritten (--force) [xliff-forced]" in forced.stderr
    )
    final = parse_catalog(po.read_text(encoding="utf-8"), path="kk.po")
    assert final.entries[0].msgstr == "Агенттік аударған тақырып"


def test_a_broken_placeholder_is_refused_and_the_rest_imported(agency: Path) -> None:
    _export(agency, HTML_SLUG, "--lang", "kk", "-o", "kk.xlf")
    po = agency / "locales" / "kk" / f"{HTML_SLUG}.po"
    entries = parse_catalog(po.read_text(encoding="utf-8"), path="kk.po").active()
    link = next(
        i
        for i, e in enumerate(entries)
        if e.msgid.startswith("Thirty journalists") and "<1>" in e.msgid
    )
    _cat_edit(agency / "kk.xlf", {0: ("translated", "upper"), link: ("translated", "upper")})
    tree = etree.parse(str(agency / "kk.xlf"))
    target = tree.getroot().findall(".//x:trans-unit", NS)[link].find("x:target", NS)
    for g in target.findall("x:g", NS):  # the CAT tool let the translator delete the tag
        g.getparent().remove(g)
    (agency / "kk.xlf").write_bytes(etree.tostring(tree, xml_declaration=True, encoding="UTF-8"))
    result = run_cli("xliff", "import", "kk.xlf", cwd=agency)
    assert result.returncode == 1
    assert "translation refused: placeholder missing: <1>…</1> [xliff-refused]" in result.stderr
    after = parse_catalog(po.read_text(encoding="utf-8"), path="kk.po").active()
    assert after[link].msgstr == "" and after[0].msgstr  # refused, and the other taken


@pytest.mark.parametrize("version", ["1.2", "2.0"])
def test_a_round_trip_with_no_change_changes_no_byte(agency: Path, version: str) -> None:
    (agency / "out").mkdir()
    before = snapshot(agency / "locales")
    _export(agency, "-o", "out", "--version", version)
    files = sorted(str(p.relative_to(agency)) for p in (agency / "out").iterdir())
    result = run_cli("xliff", "import", *files, cwd=agency)
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("unchanged  ") == 4 and "updated" not in result.stdout
    assert snapshot(agency / "locales") == before


def test_xliff_2_edit_is_imported(agency: Path) -> None:
    _export(agency, SAMPLE_SLUG, "--lang", "ru", "--version", "2.0", "-o", "ru.xlf")
    tree = etree.parse(str(agency / "ru.xlf"))
    segment = tree.getroot().find(f".//{{{XLIFF_20}}}segment")
    segment.find(f"{{{XLIFF_20}}}target").text = "Новый заголовок"
    segment.set("state", "final")
    (agency / "ru.xlf").write_bytes(etree.tostring(tree))
    result = run_cli("xliff", "import", "ru.xlf", cwd=agency)
    assert result.returncode == 0, result.stderr
    po = agency / "locales" / "ru" / f"{SAMPLE_SLUG}.po"
    assert (
        parse_catalog(po.read_text(encoding="utf-8"), path="ru.po").entries[0].msgstr
        == "Новый заголовок"
    )


def test_a_translate_toolkit_round_trip_is_imported(agency: Path) -> None:
    """Input another tool wrote: our export loaded and saved by translate-toolkit
    (as Weblate and Virtaal do), a unit translated through its API; and its own
    po2xliff of our PO file (no ids or records of ours)."""
    from translate.storage.xliff import xlifffile

    _export(agency, HTML_SLUG, "--lang", "ru", "-o", "ru.xlf")
    store = xlifffile.parsestring((agency / "ru.xlf").read_bytes())
    headline = next(
        u
        for u in store.units
        if u.source == "OSCE trains journalists in Astana" and "<g" not in str(u)
    )
    headline.target = "ОБСЕ обучает журналистов в Астане"
    headline.markfuzzy(False)
    (agency / "ru.xlf").write_bytes(bytes(store))
    result = run_cli("xliff", "import", "ru.xlf", cwd=agency)
    assert result.returncode == 0, result.stderr
    assert "1 imported, 0 unchanged, 20 empty" in result.stdout
    po = agency / "locales" / "ru" / f"{HTML_SLUG}.po"
    entries = {
        e.msgid: e for e in parse_catalog(po.read_text(encoding="utf-8"), path="ru.po").active()
    }
    assert entries["OSCE trains journalists in Astana"].reviewed
    from translate.convert import po2xliff

    with po.open("rb") as source, (agency / "tt.xlf").open("wb") as output:
        po2xliff.convertpo(source, output, None)
    result = run_cli("xliff", "import", "tt.xlf", cwd=agency)
    assert result.returncode == 0, result.stderr
    assert "1 unchanged, 20 empty" in result.stdout  # the header unit is not a unit


def test_mistakes_are_one_line_and_change_nothing(agency: Path) -> None:
    _export(agency, SAMPLE_SLUG, "--lang", "ru", "-o", "ru.xlf")
    before = snapshot(agency)
    text = (agency / "ru.xlf").read_text(encoding="utf-8")
    cases = {
        "broken.xlf": (text[: len(text) // 2], "broken.xlf:"),
        "german.xlf": (
            text.replace('target-language="ru"', 'target-language="de"'),
            "target-language 'de' is not a target language",
        ),
        "renamed.xlf": (
            text.replace(f"{SAMPLE_SLUG}.po", "other.po"),
            "original='locales/ru/other.po' names no PO file",
        ),
        "folder.xlf": (
            text.replace("locales/ru/", "locales/kk/"),
            "names no PO file of this project in 'ru'",
        ),
    }
    for name, (content, _message) in cases.items():
        (agency / name).write_text(content, encoding="utf-8")
    before = snapshot(agency)
    for name, (_content, message) in cases.items():
        # a good file first: nothing is written when a later one is bad
        result = run_cli("xliff", "import", "ru.xlf", name, cwd=agency)
        assert result.returncode == 2, (name, result.stderr)
        assert result.stderr.startswith("error: ") and message in result.stderr, result.stderr
        assert len(result.stderr.strip().splitlines()) == 1
    assert (
        run_cli("xliff", "import", "missing.xlf", cwd=agency).stderr
        == "error: missing.xlf: file not found\n"
    )
    result = run_cli("xliff", "export", "--lang", "ru", cwd=agency)
    assert result.returncode == 2 and "2 files to export" in result.stderr
    result = run_cli("xliff", "export", SAMPLE_SLUG, "--lang", "de", cwd=agency)
    assert result.returncode == 2 and "--lang de: not a target language" in result.stderr
    result = run_cli(
        "xliff",
        "export",
        SAMPLE_SLUG,
        "--lang",
        "ru",
        "-o",
        f"locales/ru/{SAMPLE_SLUG}.po",
        cwd=agency,
    )
    assert result.returncode == 2 and "is one of the project's inputs" in result.stderr
    assert snapshot(agency) == before


def test_an_out_of_date_po_file_is_not_exported(agency: Path) -> None:
    source = agency / "sources" / f"{SAMPLE_SLUG}.txt"
    source.write_text(
        source.read_text(encoding="utf-8").replace("roundtable", "round table", 1), encoding="utf-8"
    )
    result = run_cli("xliff", "export", SAMPLE_SLUG, "--lang", "ru", cwd=agency)
    assert result.returncode == 2
    assert (
        f"locales/ru/{SAMPLE_SLUG}.po:" in result.stderr
        and "run: l10nrelease extract" in result.stderr
    )


def test_units_whose_english_changed_since_export_are_refused_by_name(agency: Path) -> None:
    _export(agency, SAMPLE_SLUG, "--lang", "ru", "-o", "ru.xlf")
    _cat_edit(agency / "ru.xlf", {0: ("translated", "upper"), 3: ("translated", "upper")})
    source = agency / "sources" / f"{SAMPLE_SLUG}.txt"
    source.write_text(
        source.read_text(encoding="utf-8").replace("roundtable", "round table", 1), encoding="utf-8"
    )
    assert run_cli("extract", cwd=agency).returncode == 0
    result = run_cli("xliff", "import", "ru.xlf", cwd=agency)
    assert result.returncode == 1
    assert (
        '("OSCE co-hosts international roundtable…"): no entry of the PO file has this source'
        in result.stderr
    )
    assert "1 imported" in result.stdout


def test_a_utf16_file_with_a_byte_order_mark_is_read(agency: Path) -> None:
    """Windows tools save XLIFF as UTF-16 (or UTF-8 with a BOM)."""
    _export(agency, SAMPLE_SLUG, "--lang", "ru", "-o", "ru.xlf")
    text = (agency / "ru.xlf").read_text(encoding="utf-8")
    first = re.search(r'<target state="translated">([^<]*)', text)
    assert first is not None
    edited = text.replace("encoding='UTF-8'", "encoding='UTF-16'").replace(
        first.group(1), first.group(1) + " (правка)", 1
    )
    (agency / "ru16.xlf").write_bytes(edited.encode("utf-16"))
    result = run_cli("xliff", "import", "ru16.xlf", cwd=agency)
    assert result.returncode == 0, result.stderr
    assert "1 imported, 11 unchanged" in result.stdout
    po = agency / "locales" / "ru" / f"{SAMPLE_SLUG}.po"
    assert (
        parse_catalog(po.read_text(encoding="utf-8"), path="ru.po")
        .entries[0]
        .msgstr.endswith(" (правка)")
    )


def test_text_that_looks_like_markup_is_text_in_the_cat_tool() -> None:
    """A msgid writes a "<" of the text as &lt; (so it is never a placeholder); the CAT
    tool shows "<config>", and a target holding it comes back as the PO file writes it."""
    msgid = "Edit the &lt;config&gt; file of <1>R&D</1>."
    unit = _unit(msgid, "Измените файл &lt;config&gt; отдела <1>R&D</1>.")
    data = render_xliff([_file(unit)])
    source = etree.fromstring(data.encode()).find(".//{*}source")
    assert "".join(source.itertext()) == "Edit the <config> file of R&D."
    assert "&amp;lt;" not in data
    (file,) = parse_xliff(data.encode(), path="x.xlf")
    assert (file.units[0].source, file.units[0].target) == (unit.source, unit.target)
    edited = data.replace("Измените файл", "Откройте файл")
    (file,) = parse_xliff(edited.encode(), path="x.xlf")
    assert file.units[0].target == "Откройте файл &lt;config&gt; отдела <1>R&D</1>."


def test_export_of_every_release_does_those_it_can(agency: Path, tmp_path: Path) -> None:
    """Found by a new user's trial: one broken release stopped the export of all."""
    (agency / "sources" / "2018-10-01-broken.docx").write_bytes(b"not a zip")
    out = tmp_path / "out"
    out.mkdir()
    result = run_cli("xliff", "export", "--lang", "ru", "-o", str(out), cwd=agency)
    assert result.returncode == 2, result.stderr
    assert "error: sources/2018-10-01-broken.docx" in result.stderr
    assert sorted(p.name for p in out.iterdir()) == sorted(
        [f"{HTML_SLUG}.ru.xlf", f"{SAMPLE_SLUG}.ru.xlf"]
    )
