"""``status``: where each release stands in each language, in units and in words, and
what ``build`` would do with its page: the same plan (``Project.plans``), unit by unit."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..errors import L10nError
from ..markup import plain
from ..model import Finding, Release
from ..parallel import Failed
from ..publish import PagePlan, Policy
from ..records import digest
from . import Project, ReleasePlans

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
    refused: int
    glossary_errors: int
    qa_errors: int
    publish: bool
    #: build's reason, word for word ("published", "skipped: …")
    reason: str = ""
    #: the end of an embargo that keeps the page back (the row is worked out again then)
    embargo: str = ""
    #: why the page could not be planned (build reports the same error)
    error: str = ""

    def as_dict(self) -> dict[str, object]:
        # (Every field is a number, a flag or a text: no deep copy, as asdict makes.)
        return dict(self.__dict__)


#: The fields of a row that add up over releases.
COUNTED = tuple(
    name
    for name in StatusRow.__dataclass_fields__
    if name not in {"release", "language", "publish", "reason", "embargo", "error"}
)


@dataclass(frozen=True)
class StatusResult:
    rows: tuple[StatusRow, ...]
    #: what could not be read or planned, as ``path:line: message`` (build reports the same)
    errors: tuple[str, ...]


def words(text: str) -> int:
    """Words of a source text, as translators bill them (placeholders not counted)."""
    return len(_WORD.findall(plain(text)))


def status(
    project: Project,
    names: Sequence[str] = (),
    *,
    policy: Policy | None = None,
    languages: Sequence[str] = (),
) -> StatusResult:
    """One row per release and target language (or those of ``languages``).

    A release whose source and PO files are, by content, as at an earlier run (with the
    same glossary, settings, policy and code) reuses that run's rows, unless an
    embargo of theirs has ended since; the others are planned on every core, exactly
    as ``build`` plans them.
    """
    policy = policy or project.policy()
    project.refuse_orphans()
    scope = status_scope(project, policy)
    paths = project.release_paths(names)
    keys = {path: project.release_key(path, scope) for path in paths}
    rows: dict[Path, list[StatusRow]] = {}
    for path in paths:
        recorded = _recorded(project.records.get("status", keys[path]), project.now)
        if recorded:
            rows[path] = recorded
    todo = [path for path in paths if path not in rows]

    def one(path: Path) -> tuple[list[StatusRow], bool]:
        found = _release_rows(project, path, policy)
        # (recorded only if its files were, once read, as its key says: ``build``)
        return found, project.release_key(path, scope) == keys[path]

    for path, outcome in zip(todo, project.map(one, todo), strict=True):
        if isinstance(outcome, Failed):
            rows[path] = _failed_rows(project, path, outcome.error)
            continue
        rows[path], steady = outcome
        if steady and not any(row.error for row in rows[path]):
            project.records.put("status", keys[path], [row.as_dict() for row in rows[path]])
    project.save()
    chosen = [
        row for path in paths for row in rows[path] if not languages or row.language in languages
    ]
    errors = dict.fromkeys(row.error for row in chosen if row.error)
    return StatusResult(tuple(chosen), tuple(errors))


def _recorded(data: object, now: dt.datetime) -> list[StatusRow]:
    """Rows an earlier run recorded, unless an embargo of theirs has ended since."""
    try:
        rows = [StatusRow(**row) for row in data or ()]  # type: ignore[attr-defined]
    except TypeError:
        return []  # a record written by other code
    for row in rows:
        if row.embargo and dt.datetime.fromisoformat(row.embargo) <= now:
            return []
    return rows


def status_scope(project: Project, policy: Policy) -> str:
    """What a release's status rows depend on besides its own files."""
    return digest(project.check_scope, repr(policy), project.reading_settings)


def record_rows(
    project: Project,
    path: Path,
    policy: Policy,
    release: Release,
    planned: ReleasePlans,
    *,
    inputs: Sequence[str | None] = (),
) -> None:
    """Keep the status rows of a release that ``build`` has just planned, so that the
    next ``status`` reads them instead of planning it again: the same rows from the
    same plans (``inputs``: ``Project.release_inputs`` as the build took them)."""
    if planned.errors:
        return
    key = project.release_key(path, status_scope(project, policy), inputs=inputs)
    rows = _rows(project, release, planned)
    project.records.put("status", key, [row.as_dict() for row in rows])


def _release_rows(project: Project, path: Path, policy: Policy) -> list[StatusRow]:
    release = project.read_release(path)
    return _rows(project, release, project.plans(release, policy))


def _rows(project: Project, release: Release, planned: ReleasePlans) -> list[StatusRow]:
    counts = {unit.key: words(unit.text) for unit in release.units()}
    total_words = sum(counts.values())
    return [
        _row(planned.plans[language], planned.findings.get(language, []), total_words, counts)
        for language in project.config.target_languages
    ]


def _row(
    plan: PagePlan,
    findings: Sequence[Finding],
    total_words: int,
    counts: Mapping[tuple[str | None, str], int],
) -> StatusRow:
    """A release's row in one language (``counts``: the words of each of its units)."""
    reviewed_words = sum(counts[key] for key, state in plan.states.items() if state == "reviewed")
    errors = [f for f in findings if f.severity == "error"]
    glossary = sum(1 for f in errors if f.rule == "glossary")
    return StatusRow(
        plan.slug,
        plan.language,
        plan.total,
        total_words,
        reviewed=plan.reviewed,
        reviewed_words=reviewed_words,
        fuzzy_memory=plan.fuzzy_memory,
        fuzzy_machine=plan.fuzzy_machine,
        fuzzy_changed=plan.fuzzy_changed,
        fuzzy_other=plan.fuzzy_other,
        untranslated=plan.untranslated,
        refused=plan.rejected,
        glossary_errors=glossary,
        qa_errors=len(errors) - glossary,
        publish=plan.publish,
        reason=plan.reason,
        embargo=plan.embargo,
        error=plan.error,
    )


def _failed_rows(project: Project, path: Path, error: L10nError) -> list[StatusRow]:
    """A release that cannot be read: build cannot build it either, and says why."""
    zero: dict[str, int] = dict.fromkeys(COUNTED, 0)
    return [
        StatusRow(
            path.stem,
            language,
            **zero,  # type: ignore[arg-type]
            publish=False,
            reason=f"not built: {error}",
            error=str(error),
        )
        for language in project.config.target_languages
    ]
