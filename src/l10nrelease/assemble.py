"""Release + reviewed translations -> localized pages.

``plan_page`` decides, for one release and language, which translation each unit
gets and whether the page may be published (the policy). Rendering is separate:
``.txt`` releases go through the package's Jinja2 templates (a project may override
them), ``.html`` releases through their own page, reassembled by ``sources``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import jinja2
from babel import Locale
from babel.dates import format_date

from .catalog import Catalog, Entry
from .dateline import city_from_translation, localize
from .markup import plain, translation_problems
from .model import DATELINE_CONTEXT, Finding, Release, Unit

Key = tuple[str | None, str]

#: Words of the page furniture, per language; other languages use English.
UI: dict[str, dict[str, str]] = {
    "en": {
        "press_releases": "Press releases",
        "languages": "Languages",
        "all_releases": "All press releases",
        "not_translated": "Not yet translated",
    },
    "ru": {
        "press_releases": "Пресс-релизы",
        "languages": "Языки",
        "all_releases": "Все пресс-релизы",
        "not_translated": "Перевод пока не готов",
    },
    "kk": {
        "press_releases": "Баспасөз релиздері",
        "languages": "Тілдер",
        "all_releases": "Барлық баспасөз релиздері",
        "not_translated": "Әлі аударылмаған",
    },
}


@dataclass(frozen=True)
class Policy:
    """What may be published. The default: only complete, reviewed pages."""

    allow_incomplete: bool = False
    threshold: float | None = None
    keep_previous: bool = False


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
    publish: bool = True
    reason: str = "source"
    choices: Mapping[Key, str] = field(default_factory=dict)
    findings: tuple[Finding, ...] = ()

    #: units shown in the source language, when known without ``choices`` (a build
    #: summary read back from the build record); otherwise counted from ``choices``
    missing: int | None = None

    @property
    def english(self) -> int:
        """Units the page shows in the source language."""
        return self.missing if self.missing is not None else self.total - len(self.choices)


def source_plan(release: Release, language: str) -> PagePlan:
    keys = {unit.key for unit in release.units()}
    return PagePlan(slug=release.slug, language=language, total=len(keys), reason="source")


def stale_entries(release: Release, catalog: Catalog) -> tuple[list[Entry], list[Key]]:
    """Entries that match no unit of the release, and units with no entry."""
    keys = {unit.key for unit in release.units()}
    entries = {entry.key: entry for entry in catalog.active()}
    unknown = [entry for key, entry in entries.items() if key not in keys]
    missing = [key for key in dict.fromkeys(u.key for u in release.units()) if key not in entries]
    return unknown, missing


def plan_page(
    release: Release,
    catalog: Catalog,
    language: str,
    *,
    policy: Policy,
    date_pattern: str = "long",
    glossary_city: str | None = None,
) -> PagePlan:
    """Choose each unit's published text and decide whether the page is published."""
    entries = {entry.key: entry for entry in catalog.active()}
    units: dict[Key, Unit] = {}
    for unit in release.units():
        units.setdefault(unit.key, unit)
    choices: dict[Key, str] = {}
    findings: list[Finding] = []
    counts = dict.fromkeys(("reviewed", "fuzzy", "untranslated", "rejected", "previous"), 0)
    for key, unit in units.items():
        entry = entries.get(key)
        if key[0] == DATELINE_CONTEXT and release.dateline is not None:
            city = glossary_city
            if city is None and entry is not None and entry.reviewed:
                city = city_from_translation(entry.msgstr)
            if city:
                choices[key] = localize(release.dateline, language, city=city, pattern=date_pattern)
                counts["reviewed"] += 1
            else:
                counts["fuzzy" if entry is not None and entry.fuzzy else "untranslated"] += 1
            continue
        if entry is None or not entry.msgstr:
            counts["untranslated"] += 1
            continue
        usable = entry.reviewed or (
            policy.keep_previous and entry.fuzzy and entry.previous_msgid is not None
        )
        if entry.fuzzy:
            counts["fuzzy"] += 1
        if not usable:
            continue
        problems = translation_problems(
            entry.msgstr,
            paired=[n for n, p in enumerate(unit.placeholders, 1) if not p.void],
            void=[n for n, p in enumerate(unit.placeholders, 1) if p.void],
        )
        if problems:
            counts["rejected"] += 1
            findings += [
                Finding(catalog.path, entry.line, "error", "markup", f"translation refused: {p}")
                for p in problems
            ]
            continue
        choices[key] = entry.msgstr
        counts["reviewed" if entry.reviewed else "previous"] += 1
    total = len(units)
    missing = total - len(choices)
    share = 100.0 * len(choices) / total if total else 100.0
    notes = []
    if counts["previous"]:
        notes.append(f"{counts['previous']} from the last reviewed translation")
    if missing == 0:
        publish, reason = True, "published"
    elif policy.allow_incomplete:
        publish, reason = True, f"published, {missing} in English (--allow-incomplete)"
    elif policy.threshold is not None and share >= policy.threshold:
        publish = True
        reason = (
            f"published, {missing} in English ({share:.0f}% ≥ --threshold {policy.threshold:g})"
        )
    else:
        publish = False
        reason = f"skipped: {missing} of {total} units not reviewed"
        if counts["rejected"]:
            reason += f" ({counts['rejected']} refused)"
    if notes and publish:
        reason += "; " + ", ".join(notes)
    return PagePlan(
        slug=release.slug,
        language=language,
        total=total,
        publish=publish,
        reason=reason,
        choices=choices,
        findings=tuple(findings),
        **counts,
    )


# ------------------------------------------------------------------- rendering


@dataclass(frozen=True)
class Segment:
    text: str
    language: str | None = None  # set where the page falls back to another language
    css: str = ""


@dataclass(frozen=True)
class Alternate:
    language: str
    name: str
    href: str
    current: bool


def environment(template_folder: Path | None) -> jinja2.Environment:
    """Templates from the project's folder first, then the package's own."""
    loaders: list[jinja2.BaseLoader] = []
    if template_folder is not None:
        loaders.append(jinja2.FileSystemLoader(str(template_folder)))
    loaders.append(jinja2.PackageLoader("l10nrelease", "templates"))
    return jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def language_name(language: str) -> str:
    """The language's own name for itself, capitalised: ``Русский``, ``Қазақ тілі``."""
    name = Locale.parse(language).get_display_name(language) or language
    return name[:1].upper() + name[1:]


def ui(language: str) -> dict[str, str]:
    return UI.get(language, UI["en"])


def chooser(plan: PagePlan, *, source_language: str) -> Callable[[Unit], tuple[str, str | None]]:
    """A unit's published text, and the language to mark where it falls back."""
    fallback = None if plan.language == source_language else source_language

    def choose(unit: Unit) -> tuple[str, str | None]:
        text = plan.choices.get(unit.key)
        return (text, None) if text is not None else (unit.text, fallback)

    return choose


def txt_page(
    env: jinja2.Environment,
    release: Release,
    plan: PagePlan,
    *,
    source_language: str,
    alternates: Sequence[Alternate],
    stylesheet: str,
    home: str,
) -> str:
    """A complete HTML5 page for a ``.txt`` release."""
    choose = chooser(plan, source_language=source_language)
    headline: list[Segment] = []
    paragraphs: list[list[Segment]] = []
    for block in release.blocks:
        segments = []
        for part in block.parts:
            if isinstance(part, str):
                text = part.replace("\r", "").replace("\n", "")
                if text:
                    segments.append(Segment(text))
                continue
            text, fallback = choose(part)
            css = "dateline" if part.context == DATELINE_CONTEXT else ""
            segments.append(Segment(text, fallback, css))
        segments = _strip(segments)
        if block.kind == "headline":
            headline = segments
        elif segments:
            paragraphs.append(segments)
    title = "".join(segment.text for segment in headline)
    description = _description(paragraphs)
    return env.get_template("release.html.j2").render(
        lang=plan.language,
        title=title,
        description=description,
        headline=headline,
        paragraphs=paragraphs,
        alternates=alternates,
        stylesheet=stylesheet,
        home=home,
        ui=ui(plan.language),
        date=release.date.isoformat() if release.date else None,
    )


def _strip(segments: list[Segment]) -> list[Segment]:
    while segments and not segments[0].language and not segments[0].text.strip():
        segments = segments[1:]
    while segments and not segments[-1].language and not segments[-1].text.strip():
        segments = segments[:-1]
    return segments


def _description(paragraphs: Sequence[Sequence[Segment]], limit: int = 200) -> str:
    for paragraph in paragraphs:
        body = [s for s in paragraph if s.css != "dateline" and s.text.strip(" –—-:")]
        if body:
            text = plain(body[0].text).strip()
            return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"
    return ""


@dataclass(frozen=True)
class IndexEntry:
    slug: str
    title: str
    date: str
    iso_date: str
    href: str
    languages: tuple[Alternate, ...] = ()


def index_entry(release: Release, plan: PagePlan, *, href: str, source_language: str) -> IndexEntry:
    headline = next((unit for unit in release.units() if unit.text == release.headline), None)
    title = release.headline
    if headline is not None:
        title = plain(chooser(plan, source_language=source_language)(headline)[0])
    date = format_date(release.date, format="long", locale=plan.language) if release.date else ""
    return IndexEntry(
        slug=release.slug,
        title=title,
        date=date,
        iso_date=release.date.isoformat() if release.date else "",
        href=href,
    )


def index_page(
    env: jinja2.Environment,
    language: str,
    entries: Sequence[IndexEntry],
    *,
    alternates: Sequence[Alternate],
    stylesheet: str,
    home: str,
) -> str:
    """A language's list of published releases, newest first."""
    ordered = sorted(entries, key=lambda e: (e.iso_date, e.slug), reverse=True)
    return env.get_template("index.html.j2").render(
        lang=language,
        title=ui(language)["press_releases"],
        entries=ordered,
        alternates=alternates,
        stylesheet=stylesheet,
        home=home,
        ui=ui(language),
    )
