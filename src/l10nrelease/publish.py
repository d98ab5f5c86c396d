"""Release + catalog + the check's findings -> what a page shows, and whether it is published.

``plan_page`` is the one place that decides, for one release in one language, which
text each unit shows, which translations are refused, and whether the page is
published and why. ``build`` renders what it decides, ``status`` reports it and
``review`` shows it; none of them decides anything of its own.

The policy: a page is published when every unit has a reviewed translation that is
safe to publish (``markup.safety_problems``) and the check reports no error that
``block_on`` names; ``--allow-incomplete``, ``--threshold`` and ``--keep-previous``
relax the first condition, ``--force`` the second.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

from .catalog import Catalog, Entry
from .dateline import city_from_translation, localize
from .markup import safety_problems
from .model import DATELINE_CONTEXT, Finding, Release, Unit

Key = tuple[str | None, str]


@dataclass(frozen=True)
class Policy:
    """What may be published. The default: complete, reviewed pages without errors."""

    allow_incomplete: bool = False
    threshold: float | None = None
    keep_previous: bool = False
    #: findings that keep a page from being published: "error" (every rule's errors),
    #: "warning" (errors and warnings), or rule names (that rule's errors)
    block_on: tuple[str, ...] = ("error",)
    force: bool = False

    def blocks(self, finding: Finding) -> bool:
        """Whether ``finding`` keeps its page from being published (without --force)."""
        if finding.severity == "error":
            return any(item in {"error", "warning", finding.rule} for item in self.block_on)
        return finding.severity == "warning" and "warning" in self.block_on


@dataclass(frozen=True)
class PagePlan:
    """One release in one language: counts, the decision, and what each unit shows."""

    slug: str
    language: str
    total: int
    reviewed: int = 0
    fuzzy: int = 0
    untranslated: int = 0
    rejected: int = 0
    previous: int = 0
    #: errors the check reports for the page's PO file, and those that block it
    errors: int = 0
    blocking: int = 0
    publish: bool = True
    reason: str = "source"
    choices: Mapping[Key, str] = field(default_factory=dict)
    #: translations refused as unsafe (each is shown in the source language)
    refusals: tuple[Finding, ...] = ()
    #: units shown in the source language, when known without ``choices`` (a plan
    #: read back from a record); otherwise counted from ``choices``
    missing: int | None = None

    @property
    def english(self) -> int:
        """Units the page shows in the source language."""
        return self.missing if self.missing is not None else self.total - len(self.choices)

    def light(self) -> PagePlan:
        """The plan without the per-unit choices (what a summary or record needs)."""
        return replace(self, choices={}, missing=self.english)


def source_plan(release: Release, language: str) -> PagePlan:
    """The source-language page: always published, as the source is."""
    keys = {unit.key for unit in release.units()}
    return PagePlan(slug=release.slug, language=language, total=len(keys), reason="source")


def stale_entries(release: Release, catalog: Catalog) -> tuple[list[Entry], list[Key]]:
    """Entries that match no unit of the release, and units with no entry."""
    keys = {unit.key for unit in release.units()}
    entries = {entry.key: entry for entry in catalog.active()}
    unknown = [entry for key, entry in entries.items() if key not in keys]
    missing = [key for key in dict.fromkeys(u.key for u in release.units()) if key not in entries]
    return unknown, missing


@dataclass
class _Choices:
    choices: dict[Key, str] = field(default_factory=dict)
    refusals: list[Finding] = field(default_factory=list)
    counts: dict[str, int] = field(
        default_factory=lambda: dict.fromkeys(
            ("reviewed", "fuzzy", "untranslated", "rejected", "previous"), 0
        )
    )


def plan_page(
    release: Release,
    catalog: Catalog,
    language: str,
    *,
    policy: Policy,
    findings: Sequence[Finding] = (),
    city: str | None = None,
    date_pattern: str = "long",
) -> PagePlan:
    """Choose each unit's published text and decide whether the page is published.

    ``findings`` are the check's findings for ``catalog``; ``city`` is the dateline's
    city as the glossary writes it in ``language`` (else the translator's is used).
    """
    entries = {entry.key: entry for entry in catalog.active()}
    units: dict[Key, Unit] = {}
    for unit in release.units():
        units.setdefault(unit.key, unit)
    chosen = _Choices()
    for key, unit in units.items():
        entry = entries.get(key)
        if key[0] == DATELINE_CONTEXT and release.dateline is not None:
            _choose_dateline(chosen, release, entry, language, city, date_pattern, catalog.path)
        else:
            _choose_unit(chosen, unit, entry, catalog.path, policy)
    errors = sum(1 for f in findings if f.severity == "error")
    blocking = sum(1 for f in findings if policy.blocks(f))
    publish, reason = _decide(
        policy,
        total=len(units),
        shown=len(chosen.choices),
        counts=chosen.counts,
        blocking=blocking,
        path=catalog.path,
    )
    return PagePlan(
        slug=release.slug,
        language=language,
        total=len(units),
        errors=errors,
        blocking=blocking,
        publish=publish,
        reason=reason,
        choices=chosen.choices,
        refusals=tuple(chosen.refusals),
        **chosen.counts,
    )


def _choose_dateline(
    chosen: _Choices,
    release: Release,
    entry: Entry | None,
    language: str,
    city: str | None,
    pattern: str,
    path: str,
) -> None:
    """The dateline is localized, never translated: the glossary's city (or the
    reviewed translation's) and the date as Babel writes it."""
    assert release.dateline is not None
    key = (DATELINE_CONTEXT, release.dateline.text)
    if city is None and entry is not None and entry.reviewed:
        problems = safety_problems(entry.msgid, entry.msgstr)
        if problems:
            chosen.counts["rejected"] += 1
            chosen.refusals += [
                Finding(path, entry.line, "error", "markup", f"translation refused: {problem}")
                for problem in problems
            ]
            return
        city = city_from_translation(entry.msgstr)
    if city:
        chosen.choices[key] = localize(release.dateline, language, city=city, pattern=pattern)
        chosen.counts["reviewed"] += 1
    else:
        chosen.counts["fuzzy" if entry is not None and entry.fuzzy else "untranslated"] += 1


def _choose_unit(
    chosen: _Choices, unit: Unit, entry: Entry | None, path: str, policy: Policy
) -> None:
    counts = chosen.counts
    if entry is None or not entry.msgstr:
        counts["untranslated"] += 1
        return
    if entry.fuzzy:
        counts["fuzzy"] += 1
    usable = entry.reviewed or (
        policy.keep_previous and entry.fuzzy and entry.previous_msgid is not None
    )
    if not usable:
        return
    problems = safety_problems(unit.text, entry.msgstr)
    if problems:
        counts["rejected"] += 1
        chosen.refusals += [
            Finding(path, entry.line, "error", "markup", f"translation refused: {problem}")
            for problem in problems
        ]
        return
    chosen.choices[unit.key] = entry.msgstr
    counts["reviewed" if entry.reviewed else "previous"] += 1


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def _decide(
    policy: Policy,
    *,
    total: int,
    shown: int,
    counts: Mapping[str, int],
    blocking: int,
    path: str,
) -> tuple[bool, str]:
    missing = total - shown
    share = 100.0 * shown / total if total else 100.0
    if missing == 0:
        complete, note = True, ""
    elif policy.allow_incomplete:
        complete, note = True, f", {missing} in English (--allow-incomplete)"
    elif policy.threshold is not None and share >= policy.threshold:
        complete = True
        note = f", {missing} in English ({share:.0f}% ≥ --threshold {policy.threshold:g})"
    else:
        complete = False
        note = f"{missing} of {total} units not reviewed"
        if counts["rejected"]:
            note += f" ({counts['rejected']} refused)"
    errors = _plural(blocking, "error")
    if blocking and not policy.force:
        reason = f"skipped: {errors} from check, see l10nrelease check {path}"
        return False, reason + ("" if complete else f"; {note}")
    if not complete:
        return False, f"skipped: {note}"
    reason = "published" + note
    if counts["previous"]:
        reason += f"; {counts['previous']} from the last reviewed translation"
    if blocking:
        reason += f"; {errors} from check (--force)"
    return True, reason
