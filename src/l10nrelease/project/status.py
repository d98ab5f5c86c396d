"""``status``: where each release stands in each language, in units and in words, and
what ``build`` would do with its page (the same plan, ``Project.plans``)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from ..catalog import Catalog, Entry
from ..errors import L10nError
from ..markup import plain
from ..model import Finding
from ..parallel import Failed
from ..publish import PagePlan, Policy
from . import Project
from .cache import digest

_WORD = re.compile(r"\w+(?:[-’']\w+)*")


@dataclass(frozen=True)
class StatusRow:
    release: str
    language: str
    units: int
    words: int
    reviewed: int
    reviewed_words: int
    fuzzy_memory: int
    fuzzy_machine: int
    fuzzy_changed: int
    fuzzy_other: int
    untranslated: int
    glossary_errors: int
    qa_errors: int
    publish: bool
    #: build's reason, word for word ("published", "skipped: …")
    reason: str = ""

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


#: The fields of a row that add up over releases.
COUNTED = tuple(
    name
    for name in StatusRow.__dataclass_fields__
    if name not in {"release", "language", "publish", "reason"}
)


def words(text: str) -> int:
    """Words of a source text, as translators bill them (placeholders not counted)."""
    return len(_WORD.findall(plain(text)))


def status(
    project: Project, names: Sequence[str] = (), *, policy: Policy | None = None
) -> list[StatusRow]:
    """One row per release and target language, in release order.

    A release whose source and PO files are, by content, as at an earlier run (with the
    same glossary, settings, policy and code) reuses that run's rows; the others are
    planned on every core, exactly as ``build`` plans them.
    """
    policy = policy or project.policy()
    scope = digest(project.check_scope, repr(policy), project.config.segmentation)
    paths = project.release_paths(names)
    keys = {path: project.release_key(path, scope) for path in paths}
    rows: dict[Path, list[StatusRow]] = {}
    for path in paths:
        recorded = project.records.get("status", keys[path])
        try:
            rows[path] = [StatusRow(**row) for row in recorded or ()]
        except TypeError:
            continue  # a record written by other code
        if not rows[path]:
            del rows[path]
    todo = [path for path in paths if path not in rows]

    def one(path: Path) -> list[StatusRow]:
        return _release_rows(project, path, policy)

    for path, outcome in zip(todo, project.map(one, todo), strict=True):
        if isinstance(outcome, Failed):
            rows[path] = _failed_rows(project, path, outcome.error)
            continue
        rows[path] = outcome
        project.records.put("status", keys[path], [row.as_dict() for row in outcome])
    project.save()
    return [row for path in paths for row in rows[path]]


def _release_rows(project: Project, path: Path, policy: Policy) -> list[StatusRow]:
    release = project.read_release(path)
    planned = project.plans(release, policy)
    units = {unit.key: unit for unit in release.units()}
    total_words = sum(words(unit.text) for unit in units.values())
    rows = []
    for language, catalog in planned.catalogs.items():
        plan, findings = planned.plans[language], planned.findings[language]
        rows.append(_row(plan, catalog, findings, len(units), total_words))
    return rows


def _row(
    plan: PagePlan, catalog: Catalog, findings: Sequence[Finding], units: int, total_words: int
) -> StatusRow:
    counts = dict.fromkeys(
        ("reviewed", "reviewed_words", "untranslated", *(f"fuzzy_{o}" for o in _ORIGINS)), 0
    )
    for entry in catalog.active():
        if not entry.msgstr:
            counts["untranslated"] += 1
        elif entry.fuzzy:
            counts[f"fuzzy_{origin(entry)}"] += 1
        else:
            counts["reviewed"] += 1
            counts["reviewed_words"] += words(entry.msgid)
    errors = [f for f in findings if f.severity == "error"]
    glossary = sum(1 for f in errors if f.rule == "glossary")
    return StatusRow(
        plan.slug,
        plan.language,
        units,
        total_words,
        glossary_errors=glossary,
        qa_errors=len(errors) - glossary,
        publish=plan.publish,
        reason=plan.reason,
        **counts,
    )


_ORIGINS = ("memory", "machine", "changed", "other")


def origin(entry: Entry) -> str:
    """Where a fuzzy translation came from: memory, machine, changed (source) or other."""
    comment = entry.translator_comment
    if "translation memory:" in comment:
        return "memory"
    if "machine translation:" in comment:
        return "machine"
    if entry.previous_msgid is not None:
        return "changed"
    return "other"


def _failed_rows(project: Project, path: Path, error: L10nError) -> list[StatusRow]:
    """A release build could not build: its pages are not published, and why."""
    zero = dict.fromkeys(COUNTED, 0)
    return [
        StatusRow(path.stem, language, **zero, publish=False, reason=f"error: {error}")
        for language in project.config.target_languages
    ]
