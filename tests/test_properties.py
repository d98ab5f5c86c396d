"""Property-based tests: random releases, random edits, random translations, re-extracts.

A release is paragraphs of sentences. Hypothesis draws a sequence of steps: edit the
release (insert, delete, change or reorder sentences and paragraphs), translate some
entries as a translator would in a PO editor (reviewed, in ru or kk), extract, build.
After every extract:

- no reviewed translation disappears: each stays active under its msgid, or becomes
  fuzzy with that msgid recorded as its previous source, or becomes obsolete (#~);
- extract is idempotent: a second run changes no byte;

and after every build:

- every page is well-formed HTML (no parser error), and contains every reviewed
  translation of a current unit as text (never as markup).
"""

from __future__ import annotations

import dataclasses
import shutil
import tempfile
from pathlib import Path

import lxml.html
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from l10nrelease.catalog import Catalog
from l10nrelease.pofile import parse_catalog, render_catalog
from l10nrelease.project import open_project
from l10nrelease.project.build import build
from l10nrelease.project.extract import extract
from l10nrelease.publish import Policy

SLUG = "2017-01-31-property"
LANGUAGES = ("ru", "kk")

_WORDS = [
    "delegation", "Astana", "roundtable", "experts", "Ministry", "civil", "society",
    "security", "co-operation", "media", "freedom", "training", "OSCE", "regional",
    "participants", "discussed", "signed", "agreement", "Kazakhstan", "youth",
]  # fmt: skip

# A sentence: a capitalized word, more words, an ending; now and then a quotation, an
# abbreviation or a number, which the segmenter must not cut at.
_SENTENCE = st.builds(
    lambda words, number, end, quote: (
        " ".join([words[0].capitalize(), *words[1:]])
        + (f" {number}" if number is not None else "")
        + (' said "we agree"' if quote else "")
        + end
    ),
    st.lists(st.sampled_from(_WORDS), min_size=3, max_size=9),
    st.none() | st.integers(1, 2017),
    st.sampled_from([".", "!", "?", " (approx.)."]),
    st.booleans(),
)
_PARAGRAPH = st.lists(_SENTENCE, min_size=1, max_size=3)

_STEP = st.one_of(
    st.tuples(st.just("insert"), st.integers(0, 99), st.integers(0, 99), _SENTENCE),
    st.tuples(st.just("delete"), st.integers(0, 99), st.integers(0, 99)),
    st.tuples(st.just("change"), st.integers(0, 99), st.integers(0, 99), st.sampled_from(_WORDS)),
    st.tuples(st.just("reorder sentences"), st.integers(0, 99), st.randoms()),
    st.tuples(st.just("reorder paragraphs"), st.randoms()),
    st.tuples(st.just("insert paragraph"), st.integers(0, 99), _PARAGRAPH),
    st.tuples(st.just("delete paragraph"), st.integers(0, 99)),
    st.tuples(st.just("translate"), st.sampled_from(LANGUAGES), st.integers(0, 99), st.integers()),
    st.tuples(st.just("extract")),
    st.tuples(st.just("build")),
)


def _write_release(project: Path, headline: str, paragraphs: list[list[str]]) -> None:
    lines = [headline]
    for number, paragraph in enumerate(paragraphs):
        text = " ".join(paragraph)
        lines.append(f"ASTANA, 31 January 2017 – {text}" if number == 0 else text)
    (project / "sources" / f"{SLUG}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")


def _catalog(project: Path, language: str) -> Catalog:
    path = project / "locales" / language / f"{SLUG}.po"
    return parse_catalog(path.read_text(encoding="utf-8"), path=str(path))


def _translate(project: Path, language: str, pick: int, seed: int) -> tuple[str, str] | None:
    """What a translator does in Poedit: fill or fix one entry, and mark it reviewed."""
    catalog = _catalog(project, language)
    active = [e for e in catalog.entries if not e.obsolete and e.msgctxt is None]
    if not active:
        return None
    entry = active[pick % len(active)]
    msgstr = f"Перевод {seed % 100000} «{entry.msgid[:12]}» & co"  # & and quotes: text
    if language == "kk":
        msgstr = msgstr.replace("Перевод", "Аударма")
    entries = tuple(
        dataclasses.replace(e, msgstr=msgstr, fuzzy=False, previous_msgid=None) if e is entry else e
        for e in catalog.entries
    )
    path = project / "locales" / language / f"{SLUG}.po"
    path.write_text(render_catalog(dataclasses.replace(catalog, entries=entries)), "utf-8")
    return entry.msgid, msgstr


def _reviewed(project: Path) -> set[tuple[str, str, str]]:
    return {
        (language, entry.msgid, entry.msgstr)
        for language in LANGUAGES
        for entry in _catalog(project, language).entries
        if entry.reviewed and not entry.obsolete and entry.msgctxt is None
    }


def _kept(project: Path, language: str, msgid: str, msgstr: str) -> bool:
    for entry in _catalog(project, language).entries:
        if entry.msgstr != msgstr:
            continue
        if entry.msgid == msgid:  # active, or obsolete (#~) under its msgid
            return True
        if entry.fuzzy and entry.previous_msgid == msgid:  # source changed: fuzzy
            return True
    return False


def _extract_and_check(project: Path) -> None:
    before = _reviewed(project)
    config = open_project(project)
    extract(config)
    for language, msgid, msgstr in before:
        assert _kept(project, language, msgid, msgstr), (language, msgid, msgstr)
    snapshot = {p: p.read_bytes() for p in (project / "locales").rglob("*.po*")}
    again = extract(open_project(project))
    assert all(f.status == "unchanged" for f in again.files)
    assert {p: p.read_bytes() for p in (project / "locales").rglob("*.po*")} == snapshot


def _build_and_check(project: Path) -> None:
    config = open_project(project)
    # Every reviewed translation must reach the page: the gate on errors is off here.
    build(config, policy=Policy(allow_incomplete=True, force=True))
    for language in LANGUAGES:
        page = (project / "build" / language / f"{SLUG}.html").read_text(encoding="utf-8")
        parser = lxml.html.HTMLParser()
        document = lxml.html.document_fromstring(page, parser=parser)
        assert not [e for e in parser.error_log if e.level_name == "ERROR"], parser.error_log
        text = " ".join(document.text_content().split())
        for entry in _catalog(project, language).active():
            if entry.reviewed and entry.msgctxt is None:
                assert " ".join(entry.msgstr.split()) in text, (language, entry.msgstr)


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(
    headline=_SENTENCE,
    paragraphs=st.lists(_PARAGRAPH, min_size=1, max_size=4),
    steps=st.lists(_STEP, min_size=1, max_size=14),
)
def test_no_translation_is_ever_lost(
    headline: str, paragraphs: list[list[str]], steps: list[tuple]
) -> None:
    project = Path(tempfile.mkdtemp(prefix="l10nrelease-property-"))
    try:
        (project / "sources").mkdir()
        (project / "l10nrelease.toml").write_text(
            '[project]\nname = "Property"\ntarget_languages = ["ru", "kk"]\n', encoding="utf-8"
        )
        paragraphs = [list(p) for p in paragraphs]
        _write_release(project, headline, paragraphs)
        extract(open_project(project))
        for step in [*steps, ("extract",), ("build",)]:
            kind = step[0]
            if kind == "insert" and paragraphs:
                paragraph = paragraphs[step[1] % len(paragraphs)]
                paragraph.insert(step[2] % (len(paragraph) + 1), step[3])
            elif kind == "delete" and paragraphs:
                paragraph = paragraphs[step[1] % len(paragraphs)]
                if len(paragraph) > 1:
                    del paragraph[step[2] % len(paragraph)]
            elif kind == "change" and paragraphs:
                paragraph = paragraphs[step[1] % len(paragraphs)]
                at = step[2] % len(paragraph)
                paragraph[at] = paragraph[at][:-1] + f" and {step[3]}" + paragraph[at][-1]
            elif kind == "reorder sentences" and paragraphs:
                step[2].shuffle(paragraphs[step[1] % len(paragraphs)])
            elif kind == "reorder paragraphs":
                step[1].shuffle(paragraphs)
            elif kind == "insert paragraph":
                paragraphs.insert(step[1] % (len(paragraphs) + 1), list(step[2]))
            elif kind == "delete paragraph" and len(paragraphs) > 1:
                del paragraphs[step[1] % len(paragraphs)]
            elif kind == "translate":
                _translate(project, step[1], step[2], step[3])
                continue
            elif kind == "extract":
                _extract_and_check(project)
                continue
            elif kind == "build":
                _extract_and_check(project)  # build needs PO files of the current source
                _build_and_check(project)
                continue
            _write_release(project, headline, paragraphs)
    finally:
        shutil.rmtree(project, ignore_errors=True)
