"""publish.plan_page: the one decision of what a page shows and whether it is published."""

from __future__ import annotations

import dataclasses

import pytest

from l10nrelease.catalog import Catalog
from l10nrelease.merge import template_entries
from l10nrelease.model import Finding
from l10nrelease.publish import Policy, plan_page
from l10nrelease.sources.text import parse

RELEASE = parse(
    "Experts meet in Astana\nASTANA, 31 January 2017 – Some 90 experts met. They agreed.\n",
    path="sources/2017-01-31-x.txt",
    slug="2017-01-31-x",
)
TRANSLATIONS = {
    "Experts meet in Astana": "Эксперты встречаются в Астане",
    "ASTANA, 31 January 2017": "АСТАНА, 31 января 2017 г.",
    "Some 90 experts met.": "Встретились около 90 экспертов.",
    "They agreed.": "Они договорились.",
}


def _catalog(**changes: dict[str, object]) -> Catalog:
    entries = []
    for line, entry in enumerate(template_entries(RELEASE), start=10):
        values: dict[str, object] = {"msgstr": TRANSLATIONS[entry.msgid], "line": line}
        values.update(changes.get(entry.msgid[:4], {}))
        entries.append(dataclasses.replace(entry, **values))  # type: ignore[arg-type]
    return Catalog(header=(), entries=tuple(entries), path="locales/ru/2017-01-31-x.po")


def _error(rule: str, severity: str = "error") -> Finding:
    return Finding("locales/ru/2017-01-31-x.po", 12, severity, rule, "wrong")


def test_a_complete_page_without_errors_is_published() -> None:
    plan = plan_page(RELEASE, _catalog(), "ru", policy=Policy())
    assert (plan.publish, plan.reason, plan.total, plan.reviewed) == (True, "published", 4, 4)
    assert plan.choices[("dateline", "ASTANA, 31 January 2017")] == "АСТАНА, 31 января 2017\u202fг."


def test_errors_from_the_check_keep_the_page_back() -> None:
    findings = [_error("numbers"), _error("glossary"), _error("length", "warning")]
    plan = plan_page(RELEASE, _catalog(), "ru", policy=Policy(), findings=findings)
    assert not plan.publish and (plan.errors, plan.blocking) == (2, 2)
    assert plan.reason == (
        "skipped: 2 errors from check, see l10nrelease check locales/ru/2017-01-31-x.po"
    )
    forced = plan_page(RELEASE, _catalog(), "ru", policy=Policy(force=True), findings=findings)
    assert forced.publish and forced.reason == "published; 2 errors from check (--force)"


@pytest.mark.parametrize(
    ("block_on", "blocking"),
    [
        (("error",), 2),
        (("glossary",), 1),
        (("numbers", "glossary"), 2),
        (("urls",), 0),
        ((), 0),
        (("warning",), 3),
    ],
)
def test_block_on_names_what_blocks(block_on: tuple[str, ...], blocking: int) -> None:
    findings = [_error("numbers"), _error("glossary"), _error("length", "warning")]
    policy = Policy(block_on=block_on)
    plan = plan_page(RELEASE, _catalog(), "ru", policy=policy, findings=findings)
    assert plan.blocking == blocking and plan.publish == (blocking == 0)
    assert plan.errors == 2  # counted whatever blocks


def test_incomplete_pages_and_errors_together() -> None:
    catalog = _catalog(They={"msgstr": ""})
    plan = plan_page(RELEASE, catalog, "ru", policy=Policy(), findings=[_error("numbers")])
    assert plan.reason == (
        "skipped: 1 error from check, see l10nrelease check locales/ru/2017-01-31-x.po; "
        "1 of 4 units not reviewed"
    )
    lenient = Policy(allow_incomplete=True, force=True)
    plan = plan_page(RELEASE, catalog, "ru", policy=lenient, findings=[_error("numbers")])
    assert plan.publish and plan.reason == (
        "published, 1 in English (--allow-incomplete); 1 error from check (--force)"
    )
    threshold = plan_page(RELEASE, catalog, "ru", policy=Policy(threshold=75))
    assert threshold.publish and "75% ≥ --threshold 75" in threshold.reason
    assert not plan_page(RELEASE, catalog, "ru", policy=Policy(threshold=80)).publish


def test_keep_previous_beside_the_gate() -> None:
    catalog = _catalog(They={"fuzzy": True, "previous_msgid": "They all agreed."})
    assert not plan_page(RELEASE, catalog, "ru", policy=Policy()).publish
    kept = plan_page(RELEASE, catalog, "ru", policy=Policy(keep_previous=True))
    assert kept.publish and kept.previous == 1
    assert kept.reason == "published; 1 from the last reviewed translation"


def test_an_unsafe_translation_is_refused_and_shown_in_english() -> None:
    catalog = _catalog(They={"msgstr": "Они <script>alert(1)</script>договорились."})
    plan = plan_page(RELEASE, catalog, "ru", policy=Policy(allow_incomplete=True))
    assert plan.rejected == 1 and ("", "They agreed.") not in plan.choices
    assert [f.rule for f in plan.refusals] == ["markup"]
    assert plan.refusals[0].message.startswith("translation refused: contains HTML markup")


def test_the_dateline_translation_passes_the_safety_check_too() -> None:
    catalog = _catalog(ASTA={"msgstr": "<img src=x onerror=alert(1)>, 31 января 2017 г."})
    plan = plan_page(RELEASE, catalog, "ru", policy=Policy(allow_incomplete=True))
    assert plan.rejected == 1 and plan.refusals
    assert ("dateline", "ASTANA, 31 January 2017") not in plan.choices
    # With the city from the glossary, the translation's city is not used at all.
    glossary = plan_page(RELEASE, catalog, "ru", policy=Policy(), city="Астана")
    assert glossary.choices[("dateline", "ASTANA, 31 January 2017")].startswith("АСТАНА, ")
