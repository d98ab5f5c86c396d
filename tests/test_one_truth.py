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
        rows = status(project, policy=policy).rows
        result = build(open_project(folder), policy=policy)
        for row in rows:
            page = folder / "build" / row.language / f"{row.release}.html"
            assert row.publish == page.exists(), (row, states, options, block_on)
            plan = next(
                p for p in result.plans if (p.slug, p.language) == (row.release, row.language)
            )
            assert (plan.publish, plan.reason) == (row.publish, row.reason)
            assert (plan.reviewed, plan.untranslated, plan.rejected) == (
                row.reviewed,
                row.untranslated,
                row.refused,
            )
        # The check finds what the plans counted, file for file.
        findings = check(open_project(folder)).findings
        for plan in result.plans:
            if plan.language == "ru":
                mine = [f for f in findings if f.path.endswith(f"/{plan.slug}.po")]
                assert plan.errors == sum(1 for f in mine if f.severity == "error")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


# ------------------------------------------- what an outside trial found (issue 13)


def test_a_partial_build_then_a_full_one_keeps_every_page(project: Path) -> None:
    assert run_cli("build", cwd=project).returncode == 0
    assert run_cli("build", "--lang", "ru", cwd=project).returncode == 0
    (project / "sources" / "2017-05-05-b.txt").write_text(
        "Headline two\nASTANA, 5 May 2017 – Rain is expected tomorrow.\n", encoding="utf-8"
    )
    assert run_cli("extract", cwd=project).returncode == 0
    assert run_cli("build", cwd=project).returncode == 0
    for language in ("en", "ru", "kk"):
        assert (project / "build" / language / f"{SAMPLE_SLUG}.html").exists(), language
    # A build of one release in one language links only pages that exist.
    built = run_cli("build", "2017-05-05-b", "--lang", "ru", "--allow-incomplete", cwd=project)
    assert built.returncode == 0, built.stdout + built.stderr
    for page in (project / "build").rglob("*.html"):
        document = lxml.html.parse(str(page)).getroot()
        for href in document.xpath("//a/@href | //link[@rel='alternate']/@href"):
            if "://" not in href and not href.startswith("#"):
                assert (page.parent / href).resolve().exists(), (page, href)


def _change_source_sentence(project: Path, old: str, new: str) -> None:
    source = project / "sources" / f"{SAMPLE_SLUG}.txt"
    source.write_text(source.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    assert run_cli("extract", cwd=project).returncode == 0


def test_keep_previous_publishes_only_checked_own_translations(project: Path) -> None:
    po = polib.pofile(str(project / PO))
    for entry in po:
        if entry.msgid.startswith("Ambassador György Szabó"):
            entry.msgstr = entry.msgstr.replace("Дьёрдь Сабо", "Дьёрдь Шабо")
    po.save(str(project / PO))
    _change_source_sentence(project, "discussed the importance", "spoke about the importance")
    kept = run_cli("build", "--keep-previous", cwd=project)
    assert kept.returncode == 1  # the forbidden name is an error on a page that shows it
    assert re.search(r"ru .* skipped: 1 error from check", kept.stdout), kept.stdout
    page = project / "build" / "ru" / f"{SAMPLE_SLUG}.html"
    assert not page.exists()
    status = json.loads(
        run_cli("status", "--keep-previous", "--format", "json", cwd=project).stdout
    )
    ru = next(row for row in status["rows"] if row["language"] == "ru")
    assert not ru["publish"] and ru["reason"].startswith("skipped: 1 error from check")


def test_keep_previous_never_publishes_a_memory_suggestion(project: Path) -> None:
    (project / "sources" / "2017-02-10-follow-up.txt").write_text(
        "OSCE co-hosts international roundtable on countering terrorism in Kazakhstan\n"
        "ASTANA, 10 February 2017 – Experts met again.\n",
        encoding="utf-8",
    )
    assert run_cli("extract", cwd=project).returncode == 0
    run_cli("pretranslate", "--engine", "tm", cwd=project)
    built = run_cli("build", "--keep-previous", "--allow-incomplete", cwd=project)
    line = next(
        row for row in built.stdout.splitlines() if re.match(r"2017-02-10-follow-up\s+ru\s", row)
    )
    assert "from the last reviewed translation" not in line
    page = (project / "build" / "ru" / "2017-02-10-follow-up.html").read_text(encoding="utf-8")
    assert "соорганизатором" not in page  # the memory's fuzzy match stays in the PO file


def test_an_embargoed_release_is_not_published_before_its_time(project: Path) -> None:
    source = project / "sources" / "2017-06-05-secret.txt"
    source.write_text(
        "EMBARGOED UNTIL 2099-12-01 10:00+06:00\n\nSecret headline\n"
        "ASTANA, 5 June 2017 – Nothing may be said yet.\n",
        encoding="utf-8",
    )
    assert run_cli("extract", cwd=project).returncode == 0
    built = run_cli("build", "--allow-incomplete", cwd=project)
    assert built.returncode == 0
    assert "skipped: embargoed until 2099-12-01T10:00:00+06:00" in built.stdout
    assert not list((project / "build").rglob("2017-06-05-secret.html"))
    assert "2017-06-05-secret" not in (project / "build" / "index.html").read_text()
    status = json.loads(run_cli("status", "--format", "json", cwd=project).stdout)
    secret = [row for row in status["rows"] if row["release"] == "2017-06-05-secret"]
    assert all(not row["publish"] and "embargoed until" in row["reason"] for row in secret)
    allowed = run_cli("build", "--allow-incomplete", "--allow-embargoed", cwd=project)
    assert allowed.returncode == 0
    page = lxml.html.parse(str(project / "build" / "en" / "2017-06-05-secret.html")).getroot()
    assert page.findtext(".//title") == "Secret headline"  # the embargo line is not the title
    assert "EMBARGO" not in page.text_content()


def test_an_embargo_that_ends_is_noticed_without_a_change(project: Path) -> None:
    import datetime as dt

    from l10nrelease.project.build import build as run_build

    source = project / "sources" / "2017-06-05-secret.txt"
    source.write_text(
        "EMBARGOED UNTIL 2030-01-01 00:00+00:00\nSecret headline\n"
        "ASTANA, 5 June 2017 – Nothing may be said yet.\n",
        encoding="utf-8",
    )
    assert run_cli("extract", cwd=project).returncode == 0
    opened = open_project(project)
    opened.now = dt.datetime(2029, 12, 31, 23, 0, tzinfo=dt.UTC)
    run_build(opened, policy=opened.policy(allow_incomplete=True))
    assert not (project / "build" / "en" / "2017-06-05-secret.html").exists()
    later = open_project(project)
    later.now = dt.datetime(2030, 1, 1, 0, 1, tzinfo=dt.UTC)
    run_build(later, policy=later.policy(allow_incomplete=True))  # nothing else changed
    assert (project / "build" / "en" / "2017-06-05-secret.html").exists()


def test_outputs_never_overwrite_inputs(project: Path, tmp_path: Path) -> None:
    source = project / "sources" / f"{SAMPLE_SLUG}.txt"
    before = source.read_bytes()
    for command in (
        ("review", SAMPLE_SLUG, "--lang", "ru", "-o", f"sources/{SAMPLE_SLUG}.txt"),
        ("tm", "export", "-o", "glossary.csv"),
        ("glossary", "export", "-o", "l10nrelease.toml"),
        ("tm", "export", "-o", f"{PO}"),
    ):
        result = run_cli(*command, cwd=project)
        assert result.returncode == 2, command
        assert "is one of the project's inputs" in result.stderr, result.stderr
    assert source.read_bytes() == before
    missing = run_cli(
        "review", SAMPLE_SLUG, "--lang", "ru", "-o", str(tmp_path / "no" / "x.html"), cwd=project
    )
    assert missing.returncode == 2 and "does not exist" in missing.stderr
    assert not (tmp_path / "no").exists()
    fine = run_cli(
        "review", SAMPLE_SLUG, "--lang", "ru", "-o", str(tmp_path / "r.html"), cwd=project
    )
    assert fine.returncode == 0 and (tmp_path / "r.html").exists()


def test_force_alone_publishes_a_page_with_a_refused_unit(project: Path) -> None:
    po = polib.pofile(str(project / PO))
    for entry in po:
        if entry.msgid.startswith("The event is part"):
            entry.msgstr = entry.msgstr + " <img src=x onerror=alert(1)>"
    po.save(str(project / PO))
    forced = run_cli("build", "--force", cwd=project)
    assert forced.returncode == 1  # a refused translation is still said
    assert re.search(
        r"ru .* published, 1 refused, in English; \d+ errors? from check", forced.stdout
    )
    page = (project / "build" / "ru" / f"{SAMPLE_SLUG}.html").read_text(encoding="utf-8")
    assert "onerror" not in page and "The event is part" in page


def test_status_fails_where_build_fails(project: Path) -> None:
    shutil.copy(project / PO, project / "locales" / "ru" / "2016-05-05-gone.po")
    for command in ("build", "status"):
        result = run_cli(command, cwd=project)
        assert result.returncode == 2, command
        assert "2016-05-05-gone.po: this PO file has no release" in result.stderr
    (project / "locales" / "ru" / "2016-05-05-gone.po").unlink()
    (project / "sources" / "2017-05-05-new.txt").write_text(
        "New headline\nASTANA, 5 May 2017 – Text.\n", encoding="utf-8"
    )
    built, stated = run_cli("build", cwd=project), run_cli("status", cwd=project)
    assert built.returncode == stated.returncode == 2
    assert built.stderr == stated.stderr  # the same errors, one per page, each its own file
    assert "locales/ru/2017-05-05-new.po: no PO file" in built.stderr
    assert "locales/kk/2017-05-05-new.po: no PO file" in built.stderr
