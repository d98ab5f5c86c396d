"""Release + catalog + the check's findings -> what a page shows, and whether it is published.

``plan_page`` is the one place that decides, for one release in one language, which
text each unit shows, which translations are refused, and whether the page is
published and why. ``build`` renders what it decides, ``status`` reports it (its
counts are the plan's, unit by unit) and ``review`` shows it; none of them decides
anything of its own.

The policy: a page is published when its release is not under embargo, every unit
has a reviewed translation that is safe to publish (``markup.safety_problems``), and
the check reports no error that ``block_on`` names; ``--allow-incomplete``,
``--threshold`` and ``--keep-previous`` relax the second condition, ``--force`` the
third (a refused unit is then shown in the source language), ``--allow-embargoed``
the first.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

from .catalog import Catalog, Entry
from .dateline import agency_from_translation, city_from_translation, localize
from .markup import safety_problems
from .model import DATELINE_CONTEXT, Finding, Release, Unit

Key = tuple[str | None, str]

#: What a unit of a page shows, or why it shows the source text instead.
STATES = ("reviewed", "previous", "refused", "fuzzy", "untranslated")
#: The roles of the units a browser shows as the page's title: an HTML page's
#: ``<title>``, a ``.txt`` release's headline.
TITLE_ROLES = frozenset({"title", "headline"})
#: Where a fuzzy translation came from.
ORIGINS = ("memory", "machine", "changed", "other")


@dataclass(frozen=True)
class Policy:
    """What may be published. The default: complete, reviewed pages without errors."""

    allow_incomplete: bool = False
    threshold: float | None = None
    keep_previous: bool = False
    #: findings that keep a page from being published: "error" (every rule's errors),
    #: "warning" (errors and warnings), or rule names (that rule's errors and warnings)
    block_on: tuple[str, ...] = ("error",)
    force: bool = False
    allow_embargoed: bool = False

    def blocks(self, finding: Finding) -> bool:
        """Whether ``finding`` keeps its page from being published (without --force)."""
        if finding.severity == "error":
            return any(item in {"error", "warning", finding.rule} for item in self.block_on)
        return finding.severity == "warning" and any(
            item in {"warning", finding.rule} for item in self.block_on
        )


@dataclass(frozen=True, slots=True)
class PagePlan:
    """One release in one language: counts, the decision, and what each unit shows."""

    slug: str
    language: str
    total: int
    #: units by state (``STATES``): shown reviewed (a localized dateline included),
    #: shown from the last reviewed translation, refused, fuzzy, untranslated
    reviewed: int = 0
    previous: int = 0
    rejected: int = 0
    fuzzy: int = 0
    untranslated: int = 0
    #: fuzzy translations by where they came from (``ORIGINS``), shown or not
    fuzzy_memory: int = 0
    fuzzy_machine: int = 0
    fuzzy_changed: int = 0
    fuzzy_other: int = 0
    #: errors the check reports for the page's PO file, and those that block it
    errors: int = 0
    blocking: int = 0
    publish: bool = True
    reason: str = "source"
    #: the end of the release's embargo, when that is why the page is not published
    embargo: str = ""
    #: why the page could not be planned at all (an unreadable or stale PO file)
    error: str = ""
    #: not built now, but the page of the last build stays online (with its index
    #: line): a page that cannot be built is not taken down
    kept: bool = False
    choices: Mapping[Key, str] = field(default_factory=dict)
    #: each unit's state, by key
    states: Mapping[Key, str] = field(default_factory=dict)
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
        return replace(self, choices={}, states={}, missing=self.english)


def origin(entry: Entry) -> str:
    """Where a fuzzy translation came from (``ORIGINS``): the translation memory, a
    machine, a changed source (the last reviewed translation), or elsewhere."""
    comment = entry.translator_comment
    if "translation memory:" in comment:
        return "memory"
    if "machine translation:" in comment:
        return "machine"
    if entry.previous_msgid is not None:
        return "changed"
    return "other"


def embargo_until(release: Release, now: dt.datetime, policy: Policy) -> str:
    """The end of the release's embargo if it has not come yet (and the policy does
    not allow embargoed releases), else ""."""
    until = release.metadata.get("embargo", "")
    if not until or policy.allow_embargoed or dt.datetime.fromisoformat(until) <= now:
        return ""
    return until


def source_plan(release: Release, language: str, *, embargo: str = "") -> PagePlan:
    """The source-language page: published as the source is, unless under embargo."""
    keys = {unit.key for unit in release.units()}
    if embargo:
        return PagePlan(
            slug=release.slug,
            language=language,
            total=len(keys),
            publish=False,
            reason=_embargo_reason(embargo),
            embargo=embargo,
        )
    return PagePlan(slug=release.slug, language=language, total=len(keys), reason="source")


def failed_plan(release: Release, language: str, error: str) -> PagePlan:
    """A page that could not be planned (its PO file unreadable or out of date)."""
    keys = {unit.key for unit in release.units()}
    return PagePlan(
        slug=release.slug,
        language=language,
        total=len(keys),
        untranslated=len(keys),
        publish=False,
        reason=f"not built: {error}",
        error=error,
    )


def _embargo_reason(until: str) -> str:
    return f"skipped: embargoed until {until} (--allow-embargoed publishes it)"


def stale_entries(release: Release, catalog: Catalog) -> tuple[list[Entry], list[Key]]:
    """Entries that match no unit of the release, and units with no entry."""
    keys = {unit.key for unit in release.units()}
    entries = {entry.key: entry for entry in catalog.active()}
    unknown = [entry for key, entry in entries.items() if key not in keys]
    missing = [key for key in dict.fromkeys(u.key for u in release.units()) if key not in entries]
    return unknown, missing


def shown_previous(release: Release, catalog: Catalog, policy: Policy) -> list[Entry]:
    """The fuzzy entries ``--keep-previous`` would publish: those fuzzy because their
    source sentence changed, with their last reviewed translation (never a memory or
    machine suggestion)."""
    if not policy.keep_previous:
        return []
    keys = {unit.key for unit in release.units() if unit.context != DATELINE_CONTEXT}
    return [
        entry
        for entry in catalog.active()
        if entry.key in keys and entry.fuzzy and entry.msgstr and origin(entry) == "changed"
    ]


@dataclass
class _Choices:
    choices: dict[Key, str] = field(default_factory=dict)
    states: dict[Key, str] = field(default_factory=dict)
    refusals: list[Finding] = field(default_factory=list)
    origins: dict[str, int] = field(default_factory=lambda: dict.fromkeys(ORIGINS, 0))

    def count(self, state: str) -> int:
        return sum(1 for value in self.states.values() if value == state)


def plan_page(
    release: Release,
    catalog: Catalog,
    language: str,
    *,
    policy: Policy,
    findings: Sequence[Finding] = (),
    gate: Sequence[Finding] | None = None,
    city: str | None = None,
    date_pattern: str = "long",
    embargo: str = "",
) -> PagePlan:
    """Choose each unit's published text and decide whether the page is published.

    ``findings`` are the check's findings for ``catalog``; ``gate`` those the policy
    weighs (default: the same; with --keep-previous, the entries it publishes are
    checked as reviewed ones). ``city`` is the dateline's city as the glossary writes
    it in ``language`` (else the translator's is used); ``embargo`` the end of an
    embargo still in force.
    """
    entries = {entry.key: entry for entry in catalog.active()}
    units: dict[Key, Unit] = {}
    for unit in release.units():
        units.setdefault(unit.key, unit)
    chosen = _Choices()
    for key, unit in units.items():
        entry = entries.get(key)
        if entry is not None and entry.fuzzy and entry.msgstr:
            chosen.origins[origin(entry)] += 1
        if key[0] == DATELINE_CONTEXT and release.dateline is not None:
            _choose_dateline(chosen, release, entry, language, city, date_pattern, catalog.path)
        else:
            _choose_unit(chosen, unit, entry, catalog.path, policy)
    blocked = [f for f in (findings if gate is None else gate) if policy.blocks(f)]
    blocking = len(blocked)
    counts = {state: chosen.count(state) for state in STATES}
    publish, reason = _decide(
        policy,
        total=len(units),
        counts=counts,
        blocking=blocking,
        path=catalog.path,
        noun="error" if all(f.severity == "error" for f in blocked) else "finding",
    )
    if publish and _title_untranslated(units, chosen):
        reason += "; the title in English"  # the browser's tab and search results show it
    if embargo:
        publish, reason = False, _embargo_reason(embargo)
    return PagePlan(
        slug=release.slug,
        language=language,
        total=len(units),
        reviewed=counts["reviewed"],
        previous=counts["previous"],
        rejected=counts["refused"],
        fuzzy=counts["fuzzy"] + counts["previous"],
        untranslated=counts["untranslated"],
        fuzzy_memory=chosen.origins["memory"],
        fuzzy_machine=chosen.origins["machine"],
        fuzzy_changed=chosen.origins["changed"],
        fuzzy_other=chosen.origins["other"],
        errors=sum(1 for f in findings if f.severity == "error"),
        blocking=blocking,
        publish=publish,
        reason=reason,
        embargo=embargo,
        choices=chosen.choices,
        states=chosen.states,
        refusals=tuple(chosen.refusals),
    )


def _title_untranslated(units: Mapping[Key, Unit], chosen: _Choices) -> bool:
    return any(key not in chosen.choices for key, unit in units.items() if unit.role in TITLE_ROLES)


def _refuse(chosen: _Choices, key: Key, entry: Entry, path: str, problems: list[str]) -> None:
    chosen.states[key] = "refused"
    chosen.refusals += [
        Finding(path, entry.line, "error", "markup", f"translation refused: {problem}")
        for problem in problems
    ]


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
    agency = None
    if entry is not None and entry.reviewed and (city is None or release.dateline.agency):
        problems = safety_problems(entry.msgid, entry.msgstr)
        if problems:
            _refuse(chosen, key, entry, path, problems)
            return
        city = city or city_from_translation(entry.msgstr)
        agency = agency_from_translation(entry.msgstr) if release.dateline.agency else None
    if city:
        chosen.choices[key] = localize(
            release.dateline, language, city=city, pattern=pattern, agency=agency
        )
        chosen.states[key] = "reviewed"
    else:
        fuzzy = entry is not None and entry.fuzzy and entry.msgstr
        chosen.states[key] = "fuzzy" if fuzzy else "untranslated"


def _choose_unit(
    chosen: _Choices, unit: Unit, entry: Entry | None, path: str, policy: Policy
) -> None:
    key = unit.key
    if entry is None or not entry.msgstr:
        chosen.states[key] = "untranslated"
        return
    previous = policy.keep_previous and entry.fuzzy and origin(entry) == "changed"
    if not entry.reviewed and not previous:
        chosen.states[key] = "fuzzy"
        return
    problems = safety_problems(unit.text, entry.msgstr)
    if problems:
        _refuse(chosen, key, entry, path, problems)
        return
    chosen.choices[key] = entry.msgstr
    chosen.states[key] = "reviewed" if entry.reviewed else "previous"


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def _decide(
    policy: Policy,
    *,
    total: int,
    counts: Mapping[str, int],
    blocking: int,
    path: str,
    noun: str = "error",
) -> tuple[bool, str]:
    shown = counts["reviewed"] + counts["previous"]
    # Forced, a refused unit is published in the source language, like any error.
    missing = total - shown - (counts["refused"] if policy.force else 0)
    share = 100.0 * (total - missing) / total if total else 100.0
    in_english = total - shown
    if missing == 0:
        complete = True
        note = f", {in_english} refused, in English" if in_english else ""
    elif policy.allow_incomplete:
        complete, note = True, f", {in_english} in English (--allow-incomplete)"
    elif policy.threshold is not None and share >= policy.threshold:
        complete = True
        note = f", {in_english} in English ({share:.0f}% ≥ --threshold {policy.threshold:g})"
    else:
        complete = False
        note = f"{missing} of {total} units not reviewed"
        if counts["refused"]:
            note += f" ({counts['refused']} refused)"
    errors = _plural(blocking, noun)  # "errors", or "findings" where warnings block too
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
