"""One truth about what gets published: check, build, status and review agree.

The story of the review that found three commands giving three answers: a Russian
translation with a wrong figure, a forbidden rendering of the office's name and a
changed address. ``check`` reports the errors; ``build`` keeps the page back and says
why; ``status`` says what build does, in build's words; the review page lists every
finding of the check. Then, over random projects, status's publish column is what
build wrote, page for page.
"""

from __future__ import annotations

import dataclasses
import itertools
import json
import re
import shutil
import tempfile
from pathlib import Path

import lxml.html
import polib
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from l10nrelease.pofile import parse_catalog, render_catalog
from l10nrelease.project import open_project
from l10nrelease.project.build import build
from l10nrelease.project.check import check
from l10nrelease.project.extract import extract
from l10nrelease.project.status import status

from .conftest import ROOT, SAMPLE_SLUG, run_cli

PO = f"locales/ru/{SAMPLE_SLUG}.po"


def _break_russian(project: Path) -> None:
    """A wrong figure, a forbidden name, a changed address: three kinds of error."""
    source = project / "sources" / f"{SAMPLE_SLUG}.txt"
    text = source.read_text(encoding="utf-8")
    source.write_text(
        text.replace(
            "human rights and fundamental freedoms.",
            "human rights and fundamental freedoms (see https://www.osce.org/astana).",
        ),
        encoding="utf-8",
    )
    assert run_cli("extract", cwd=project).returncode == 0
    po = polib.pofile(str(project / PO))
    for entry in po:
        if entry.msgid.startswith("The discussion brought"):
            entry.msgstr = entry.msgstr.replace("около 90", "около 1 000")
        elif entry.msgid.startswith("Ambassador György Szabó"):
            entry.msgstr = entry.msgstr.replace("Офиса программ ОБСЕ", "Офиса программы ОБСЕ")
        elif entry.msgid.startswith("The event is part"):
            old = polib.pofile(str(ROOT / PO))
            previous = next(e for e in old if e.msgid.startswith("The event is part"))
            entry.msgstr = previous.msgstr.rstrip(".") + " (см. https://www.osce.org/ru/astana)."
            entry.flags = []
            entry.previous_msgid = None
    po.save(str(project / PO))
    kk = f"locales/kk/{SAMPLE_SLUG}.po"
    po = polib.pofile(str(project / kk))
    old = polib.pofile(str(ROOT / kk))
    for entry in po:
        if entry.msgid.startswith("The event is part"):
            previous = next(e for e in old if e.msgid.startswith("The event is part"))
            entry.msgstr = previous.msgstr.rstrip(".") + " (https://www.osce.org/astana)."
            entry.flags = []
            entry.previous_msgid = None
    po.save(str(project / kk))


def test_check_build_status_and_review_tell_one_truth(project: Path) -> None:
    _break_russian(project)
    checked = run_cli("check", "--format", "json", cwd=project)
    assert checked.returncode == 1
    report = json.loads(checked.stdout)
    errors = [f for f in report["findings"] if f["severity"] == "error" and f["path"] == PO]
    assert {f["rule"] for f in errors} >= {"numbers", "glossary", "urls"}

    built = run_cli("build", cwd=project)
    assert built.returncode == 1
    reason = f"skipped: {len(errors)} errors from check, see l10nrelease check {PO}"
    assert re.search(rf"{SAMPLE_SLUG}\s+ru\s+.*{re.escape(reason)}$", built.stdout, re.M)
    assert not (project / "build" / "ru" / f"{SAMPLE_SLUG}.html").exists()
    assert (project / "build" / "kk" / f"{SAMPLE_SLUG}.html").exists()
    index = (project / "build" / "index.html").read_text(encoding="utf-8")
    assert f"ru/{SAMPLE_SLUG}.html" not in index  # not linked either

    rows = json.loads(run_cli("status", "--format", "json", cwd=project).stdout)["rows"]
    ru = next(row for row in rows if row["language"] == "ru")
    assert (ru["publish"], ru["reason"]) == (False, reason)
    assert ru["glossary_errors"] + ru["qa_errors"] == len(errors)
    text = run_cli("status", cwd=project).stdout
    assert reason in text

    reviewed = run_cli("review", SAMPLE_SLUG, "--lang", "ru", cwd=project)
    assert reviewed.returncode == 0, reviewed.stderr
    page = lxml.html.parse(str(project / "build" / "review" / "ru" / f"{SAMPLE_SLUG}.html"))
    shown = [
        (item.getparent().getparent().getparent().get("id"), item.get("data-rule"), item.text)
        for item in page.xpath("//ul[@class='findings']/li")
    ]
    expected = [f for f in report["findings"] if f["path"] == PO]
    assert sorted((rule, text) for _, rule, text in shown) == sorted(
        (f["rule"], f"{f['severity']}: {f['message']}") for f in expected
    )
    header = page.xpath("//p[@class='check']")[0].text_content()
    assert f"{len(errors)} error(s) block publication" in " ".join(header.split())

    forced = run_cli("build", "--force", cwd=project)
    assert forced.returncode == 0, forced.stdout + forced.stderr
    assert f"published; {len(errors)} errors from check (--force)" in forced.stdout
    assert (project / "build" / "ru" / f"{SAMPLE_SLUG}.html").exists()
    forced_status = run_cli("status", "--force", "--format", "json", cwd=project)
    assert all(row["publish"] for row in json.loads(forced_status.stdout)["rows"])


def test_block_on_is_the_projects_policy(project: Path) -> None:
    _break_russian(project)
    config = project / "l10nrelease.toml"
    base = config.read_text(encoding="utf-8")
    config.write_text(base + '\n[build]\nblock_on = ["glossary"]\n', encoding="utf-8")
    built = run_cli("build", cwd=project)
    assert built.returncode == 1 and "skipped: 1 error from check" in built.stdout
    config.write_text(base + '\n[build]\nblock_on = ["urls", "markup"]\n', encoding="utf-8")
    assert "skipped: 1 error from check" in run_cli("build", cwd=project).stdout
    config.write_text(base + "\n[build]\nblock_on = []\n", encoding="utf-8")
    built = run_cli("build", cwd=project)
    assert built.returncode == 0 and (project / "build" / "ru" / f"{SAMPLE_SLUG}.html").exists()
    config.write_text(base + '\n[build]\nblock_on = ["glosary"]\n', encoding="utf-8")
    refused = run_cli("build", cwd=project)
    assert refused.returncode == 2
    assert "l10nrelease.toml:" in refused.stderr and "did you mean 'glossary'?" in refused.stderr


# ------------------------------------------------------------- status = build

_SENTENCES = [
    "Some 90 experts met in Astana.",
    "The OSCE Programme Office in Astana organized the event.",
    "Details are at https://www.osce.org/astana today.",
    "Participants discussed co-operation with civil society.",
    "Ambassador György Szabó opened the meeting.",
    "Experts from Austria and Azerbaijan took part.",
]
#: Per sentence: a good Russian translation, and one the check rejects.
_RUSSIAN = {
    _SENTENCES[0]: ("Около 90 экспертов встретились в Астане.", "Около 80 экспертов встретились."),
    _SENTENCES[1]: (
        "Мероприятие организовал Офис программ ОБСЕ в Астане.",
        "Мероприятие организовал Офис программы ОБСЕ в Астане.",
    ),
    _SENTENCES[2]: (
        "Подробности сегодня на https://www.osce.org/astana.",
        "Подробности сегодня на сайте ОБСЕ.",
    ),
    _SENTENCES[3]: (
        "Участники обсудили сотрудничество с гражданским обществом.",
        "Участники обсудили <b>сотрудничество</b> с гражданским обществом.",
    ),
    _SENTENCES[4]: (
        "Посол Дьёрдь Сабо открыл встречу.",
        "Посол Георгий Сабо открыл встречу.",
    ),
    _SENTENCES[5]: (
        "В работе приняли участие эксперты из Австрии и Азербайджана.",
        "В работе приняли участие эксперты из Австрии и Азербайжана.",
    ),
}
_HEADLINE = "Experts meet in Astana"
_RUSSIAN_HEADLINE = "Эксперты встречаются в Астане"

#: What a translator may have left in an entry.
_STATES = st.sampled_from(["good", "good", "bad", "fuzzy", "empty", "previous"])


def _random_project(folder: Path, releases: list[list[int]]) -> None:
    (folder / "sources").mkdir(parents=True)
    shutil.copy(ROOT / "glossary.csv", folder)
    (folder / "l10nrelease.toml").write_text(
        '[project]\nname = "Truth"\ntarget_languages = ["ru"]\n', encoding="utf-8"
    )
    for number, picks in enumerate(releases):
        body = " ".join(_SENTENCES[pick] for pick in picks)
        (folder / "sources" / f"2017-02-{number + 1:02d}-r{number}.txt").write_text(
            f"{_HEADLINE}\nASTANA, {number + 1} February 2017 – {body}\n", encoding="utf-8"
        )


def _translate(folder: Path, states: list[str]) -> None:
    chosen = itertools.cycle(states)
    for path in sorted((folder / "locales" / "ru").glob("*.po")):
        catalog = parse_catalog(path.read_text(encoding="utf-8"), path=str(path))
        entries = []
        for entry in catalog.entries:
            if entry.msgctxt == "dateline":
                entries.append(dataclasses.replace(entry, msgstr="АСТАНА, 1 февраля 2017 г."))
                continue
            state = next(chosen)
            good, bad = _RUSSIAN.get(entry.msgid, (_RUSSIAN_HEADLINE, "Эксперты <i>x</i>"))
            values: dict[str, object] = {
                "good": {"msgstr": good},
                "bad": {"msgstr": bad},
                "fuzzy": {"msgstr": good, "fuzzy": True},
                "empty": {"msgstr": ""},
                "previous": {"msgstr": good, "fuzzy": True, "previous_msgid": "Old text."},
            }[state]
            entries.append(dataclasses.replace(entry, **values))  # type: ignore[arg-type]
        path.write_text(
            render_catalog(dataclasses.replace(catalog, entries=tuple(entries))), "utf-8"
        )


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    releases=st.lists(
        st.lists(st.integers(0, len(_SENTENCES) - 1), min_size=1, max_size=4, unique=True),
        min_size=1,
        max_size=3,
    ),
    states=st.lists(_STATES, min_size=1, max_size=12),
    options=st.fixed_dictionaries(
        {
            "allow_incomplete": st.booleans(),
            "threshold": st.none() | st.sampled_from([50.0, 80.0, 100.0]),
            "keep_previous": st.booleans(),
            "force": st.booleans(),
        }
    ),
    block_on=st.sampled_from([None, ["error"], ["glossary"], ["numbers", "urls"], []]),
)
def test_status_says_what_build_does(
    releases: list[list[int]],
    states: list[str],
    options: dict[str, object],
    block_on: list[str] | None,
) -> None:
    folder = Path(tempfile.mkdtemp(prefix="l10nrelease-truth-"))
    try:
        _random_project(folder, releases)
        if block_on is not None:
            with (folder / "l10nrelease.toml").open("a", encoding="utf-8") as stream:
                stream.write(f"\n[build]\nblock_on = {json.dumps(block_on)}\n")
        extract(open_project(folder))
        _translate(folder, states)
        project = open_project(folder)
        policy = project.policy(**options)  # type: ignore[arg-type]
        rows = status(project, policy=policy)
        result = build(open_project(folder), policy=policy)
        for row in rows:
            page = folder / "build" / row.language / f"{row.release}.html"
            assert row.publish == page.exists(), (row, states, options, block_on)
            plan = next(
                p for p in result.plans if (p.slug, p.language) == (row.release, row.language)
            )
            assert (plan.publish, plan.reason) == (row.publish, row.reason)
        # The check finds what the plans counted, file for file.
        findings = check(open_project(folder)).findings
        for plan in result.plans:
            if plan.language == "ru":
                mine = [f for f in findings if f.path.endswith(f"/{plan.slug}.po")]
                assert plan.errors == sum(1 for f in mine if f.severity == "error")
    finally:
        shutil.rmtree(folder, ignore_errors=True)
