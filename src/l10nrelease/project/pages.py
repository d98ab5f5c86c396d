"""The rendering half of ``build``: each release's pages in every language, the
indexes, the Atom feeds and the sitemap, written into the staging folder (``build``
decides whether a build is needed and swaps the folder in)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

import jinja2

from ..assemble import (
    Alternate,
    FeedLink,
    IndexEntry,
    cms_page,
    environment,
    index_chunks,
    index_entry,
    index_order,
    language_name,
    txt_page,
    ui,
)
from ..config import Config
from ..errors import L10nError
from ..feeds import FEED_SIZE, FeedEntry, atom_feed, feed_order, sitemap
from ..model import Release
from ..parallel import Failed
from ..publish import PagePlan, Policy
from ..records import digest
from ..sources import DOCUMENT_SUFFIXES, document, inline_html
from . import Project
from .build import _plan_data, _plan_from_data, _shared_key, outputs_digest
from .staging import Staging
from .status import record_rows


def build_record(
    stage: Staging, run: Run, done: Sequence[_ReleasePages]
) -> tuple[dict[str, Any], dict[str, str]]:
    """What the next full build compares: one digest of every output, the releases'
    keys (their pages records keep the summary's plans), and the first embargo to end
    (then the build is due again, whatever else changed). Also every output's digest,
    by name (what the seal checks)."""
    outputs = {**stage.hashes, **run.outputs}
    embargoes = [plan.embargo for item in done for plan in item.plans.values() if plan.embargo]
    record = {
        "outputs": outputs_digest(outputs.items()),
        "releases": run.keys,
        "embargo": min(embargoes, key=dt.datetime.fromisoformat) if embargoes else "",
    }
    return record, outputs


#: What a held release has of what is not held (``Run._held``): one empty mapping,
#: never changed, for ten thousand releases; and one empty list of errors.
_NOTHING: dict[Any, Any] = {}
_NONE: list[str] = []

#: Said of a page that could not be built now, when the last good one stays online.
_KEPT = "; the page of the last build is kept"


@dataclass(frozen=True, slots=True)
class _ReleasePages:
    """What a worker sends back for one release (its pages are already on disk)."""

    slug: str
    plans: dict[str, PagePlan]  # by language, without the per-unit choices
    entries: dict[str, IndexEntry]  # its line in each language's index
    written: list[str]  # pages that differ from the current build folder's
    pages: dict[str, str]  # every page written, with the SHA-256 of its bytes
    #: by language: whether the new build folder has the page (written now, or kept
    #: from an earlier build by a build of other releases or languages)
    available: dict[str, bool] = field(default_factory=dict)
    #: what kept pages from being built, as ``path:line: message``
    errors: list[str] = field(default_factory=list)
    #: whether its source and PO files were, once read, still as when its key was
    #: taken (``Run.releases``): only then are its pages recorded under that key
    steady: bool = True


class Run:
    """One build: the environment, the policy, and the releases' pages."""

    def __init__(
        self, project: Project, policy: Policy, languages: Sequence[str], *, full: bool
    ) -> None:
        self.project = project
        self.config = project.config
        self.policy = policy
        self.languages = tuple(languages)
        self.full = full
        self.env = environment(self.config.templates, guard=project.inside)
        self.shared = _shared_key(project, policy)
        #: every release's key (``Project.release_key``), in order: what the build
        #: record lists (each one's pages record keeps its plans)
        self.keys: list[str] = []
        #: the keys a release's pages were recorded under ahead, where it was then
        #: planned again under another (``_ahead``)
        self.keys_ahead: list[str] = []
        #: every page's digest, by name (``_ReleasePages.pages`` of every release)
        self.outputs: dict[str, str] = {}
        #: the texts that repeat from release to release (languages, dates, reasons),
        #: each held once (``_held``)
        self._same: dict[str, str] = {}
        self._patterns: dict[tuple[tuple[str, bool], ...], dict[str, bool]] = {}
        #: each language's newest published index lines, summaries and all: what its
        #: feed lists (``_held``); the lines held for every release have none
        self.newest: dict[str, list[IndexEntry]] = {lang: [] for lang in self.config.languages}
        #: each language's furniture words and own name; a derived language's are its
        #: base language's, converted (``Qazaq tılı``)
        self.words: dict[str, dict[str, str]] = {}
        self.names: dict[str, str] = {}
        for language in self.config.languages:
            derived = self.config.derived.get(language)
            if derived is None:
                self.words[language], self.names[language] = ui(language), language_name(language)
            else:
                convert = project.converters[language]
                base = ui(derived.base)
                self.words[language] = {key: convert(text) for key, text in base.items()}
                self.names[language] = convert(language_name(derived.base))

    def feed(self, language: str, href: str = "feed.xml") -> FeedLink:
        """The link to ``language``'s feed, from a page in its folder (or ``href``)."""
        return FeedLink(href, self.words[language]["press_releases"])

    def entry(self, release: Release, plan: PagePlan) -> IndexEntry:
        """The page's line in its language's index and feed. A derived language's date
        is its base language's, converted (CLDR has no kk-Latn dates)."""
        source = self.config.source_language
        href = f"{release.slug}.html"
        derived = self.config.derived.get(plan.language)
        if derived is None:
            return index_entry(release, plan, href=href, source_language=source)
        based = replace(plan, language=derived.base)
        entry = index_entry(release, based, href=href, source_language=source)
        return replace(entry, date=self.project.converters[plan.language](entry.date))

    def releases(
        self, paths: Sequence[Path], chosen: set[Path], stage: Staging
    ) -> list[_ReleasePages]:
        """Every release's plans and index lines; the pages of ``chosen`` staged.

        A full build reuses the pages of every release whose source, PO files and
        shared inputs are, by content, those of the last build (linked from the current
        build folder once their digests are checked); the others are built on every
        core. Each worker writes its pages into the staging folder and sends back only
        counts and index lines: memory stays that of one release, not the corpus.
        """
        ahead = self._ahead(paths, chosen, stage)
        keys = {path: self.project.release_key(path, self.shared) for path in paths}
        self.keys = list(keys.values())
        reused = {}
        made: dict[Path, _ReleasePages] = {}
        for path, (early, key) in ahead.items():
            if key == keys[path]:
                made[path] = early  # what it would be planned as now
            else:
                self._unstage(early.slug, early.pages, stage)
                self.keys_ahead.append(key)
        if self.full:
            for path in paths:
                item = None if path in made else self._reusable(keys[path], stage)
                if item is not None:
                    reused[path] = self._held(item)
        todo = [path for path in paths if path not in reused and path not in made]

        def one(path: Path) -> _ReleasePages:
            return self._release(
                path, self.languages if path in chosen else (), stage, key=keys[path]
            )

        outcomes = dict(zip(todo, self.project.map(one, todo), strict=True))
        built: dict[Path, _ReleasePages] = {}
        for path in paths:  # (in order: the feeds weigh the releases in it)
            if path in made:
                item = made[path]
                if path in chosen:  # (its pages record was kept as it came)
                    built_now = {
                        language: entry
                        for language, entry in item.entries.items()
                        if not item.plans[language].kept
                    }
                    self._record_entries(item.slug, self.languages, built_now)
                built[path] = self._held(item)
                continue
            outcome = outcomes.get(path)
            if outcome is None:
                continue
            if isinstance(outcome, Failed):
                built[path] = self._held(self._failed(path, outcome.error, stage))
                continue
            if self.full and not outcome.errors and outcome.steady:
                self.project.records.put("pages", keys[path], _release_data(outcome))
            built[path] = self._held(outcome)
        return [reused[path] if path in reused else built[path] for path in paths]

    def _ahead(
        self, paths: Sequence[Path], chosen: set[Path], stage: Staging
    ) -> dict[Path, tuple[_ReleasePages, str]]:
        """A cold full build's one pass over the releases: each release's files'
        observations, then its plans and pages as if no name of its files were rendered
        two ways across the project (``Project.assuming_consistent``), with the key
        they were made under. Each PO file is read and parsed once for both. A release
        whose key, once the project's consistency is weighed, is another is planned
        again (``releases``). Nothing ahead when the observations were kept (then they
        are read back, not made) or are not wanted."""
        project = self.project
        if (
            not self.full
            or self.config.checks.get("consistency", "warning") == "off"
            or project.records.holds("observed")
            or project.records.holds("pages")
        ):
            return {}
        languages = self.config.target_languages

        def one(path: Path) -> tuple[_ReleasePages, str]:
            with project.assuming_consistent(), project.parsing_once():
                for language in languages:
                    project.observations(project.po_path(path.stem, language), language)
                key = project.release_key(path, self.shared)
                shown = self.languages if path in chosen else ()
                return self._release(path, shown, stage, key=key, ahead=True), key

        ahead = {}
        for path, outcome in zip(paths, project.map(one, paths), strict=True):
            if isinstance(outcome, Failed):
                self._unstage(path.stem, {}, stage)  # (read again, and failed again)
                continue
            item, key = outcome
            if not item.errors and item.steady:
                # True of its key, which holds its files' consistency findings (none):
                # kept whether or not the release stands so once they are weighed.
                project.records.put("pages", key, _release_data(item))
            ahead[path] = (self._compact(item, ahead=True), key)
        return ahead

    def _unstage(self, slug: str, pages: Mapping[str, str], stage: Staging) -> None:
        """Take back what was staged of a release ahead (``_ahead``): it is built again
        as if nothing had been (a full build's staging folder starts empty)."""
        names = {
            f"{language}/{slug}{suffix}"
            for language in self.config.languages
            for suffix in (".html", *DOCUMENT_SUFFIXES.values())
        }
        for name in names | set(pages):
            stage.discard(name)

    def _held(self, item: _ReleasePages) -> _ReleasePages:
        """A release as the build holds it until the indexes are made: its index lines
        without their summaries, which only a feed shows, and a feed only the newest
        (``newest``); its pages' digests in ``outputs``; the texts that repeat held
        once. Ten thousand releases are held in a few kilobytes each."""
        for language, entry in item.entries.items():
            if not item.available.get(language):
                continue
            newest = self.newest[language]
            newest.append(entry)
            if len(newest) >= 2 * FEED_SIZE:
                newest.sort(key=feed_order, reverse=True)
                del newest[FEED_SIZE:]
        self.outputs.update(item.pages)
        return self._compact(item)

    def _compact(self, item: _ReleasePages, *, ahead: bool = False) -> _ReleasePages:
        """``item`` as ``_held`` holds it, the texts that repeat held once; ``ahead``:
        with its index lines' summaries and its pages' digests, which ``_held`` takes
        once the release is known to stand as it was planned ahead (``_ahead``)."""
        same = self._same.setdefault
        slug = item.slug
        href = f"{slug}.html"
        lines = {
            same(language, language): replace(
                entry,
                slug=slug if entry.slug == slug else entry.slug,
                href=href if entry.href == href else entry.href,
                date=same(entry.date, entry.date),
                iso_date=same(entry.iso_date, entry.iso_date),
                summary=entry.summary if ahead else "",
            )
            for language, entry in item.entries.items()
        }
        plans = {
            same(language, language): replace(
                plan,
                slug=slug if plan.slug == slug else plan.slug,
                language=same(plan.language, plan.language),
                reason=same(plan.reason, plan.reason),
                embargo=same(plan.embargo, plan.embargo),
                choices=_NOTHING,
                states=_NOTHING,
            )
            for language, plan in item.plans.items()
        }
        # Which languages a release has is one of a few patterns: each held once.
        pattern = tuple(
            (same(language, language), value) for language, value in item.available.items()
        )
        available = self._patterns.setdefault(pattern, dict(pattern))
        return replace(
            item,
            plans=plans,
            entries=lines,
            pages=item.pages if ahead else _NOTHING,
            available=available,
            errors=item.errors or _NONE,
        )

    def _failed(self, path: Path, error: L10nError, stage: Staging) -> _ReleasePages:
        """A release that cannot be read: none of its pages is built; those the last
        build published stay as they were."""
        kept = {
            language: entry
            for language in self.config.languages
            if (entry := self._keep(path.stem, language, stage)) is not None
        }
        plans = {
            language: PagePlan(
                slug=path.stem,
                language=language,
                total=0,
                publish=False,
                reason=f"not built: {error}" + (_KEPT if language in kept else ""),
                kept=language in kept,
                error=str(error),
            )
            for language in self.config.languages
        }
        available = {language: language in kept for language in self.config.languages}
        return _ReleasePages(path.stem, plans, kept, [], {}, available, [str(error)])

    def _keep(self, slug: str, language: str, stage: Staging) -> IndexEntry | None:
        """The last good page of a page that cannot be built now, kept in the build
        folder with its line in the index; None when there is none."""
        data = self.project.records.get("entry", digest(slug, language))
        if not isinstance(data, dict):
            return None
        try:
            entry = IndexEntry(**data)
        except TypeError:
            return None
        if not stage.keep(f"{language}/{slug}.html"):
            return None
        for suffix in DOCUMENT_SUFFIXES.values():
            stage.keep(f"{language}/{slug}{suffix}")  # its translated document, if any
        return entry

    def _record_entries(
        self, slug: str, languages: Sequence[str], entries: Mapping[str, IndexEntry]
    ) -> None:
        """Keep the index lines of the pages just built (in ``languages``): what a build
        that cannot build one of them again keeps online with its last good page."""
        for language in languages:
            if language in entries:
                data = _entry_data(entries[language])
                self.project.records.put("entry", digest(slug, language), data)

    def _release(
        self,
        source: Path,
        languages: Sequence[str],
        stage: Staging,
        *,
        key: str,
        ahead: bool = False,
    ) -> _ReleasePages:
        """One release: its plan in every language; its pages in ``languages``, staged.
        ``key``: its key (``Project.release_key``) as taken before it was read.
        ``ahead``: planned ahead (``_ahead``), its index lines are kept only once it is
        known to stand so (a page planned ahead may never be published)."""
        project = self.project
        release = project.read_release(source)
        planned = project.plans(release, self.policy)
        # A file saved between the key and the reading: what was read is not what the
        # key says, and nothing is recorded under it (its pages, its status rows).
        inputs = project.release_inputs(source)
        steady = project.release_key(source, self.shared, inputs=inputs) == key
        if steady:
            record_rows(project, source, self.policy, release, planned, inputs=inputs)
        plans = dict(planned.plans)
        slug = release.slug
        available, kept = self._available(slug, plans, languages, stage)
        written, pages = [], {}
        inline = inline_html(release) if languages else None
        for language in languages:
            if available[language] and language not in kept:
                outputs, notes = self._outputs(release, plans[language], available, inline)
                if notes:
                    plan = plans[language]
                    plans[language] = replace(plan, reason="; ".join((plan.reason, *notes)))
                for name, content in outputs:
                    changed, pages[name] = stage.write(name, content)
                    if changed:
                        written.append(name)
        entries = {
            language: self.entry(release, plan)
            for language, plan in plans.items()
            if available[language] and language not in kept
        }
        if not ahead:
            self._record_entries(slug, languages, entries)
        entries.update(kept)
        light = {
            language: replace(plan, reason=plan.reason + _KEPT, kept=True)
            if language in kept
            else plan
            for language, plan in ((lang, plan.light()) for lang, plan in plans.items())
        }
        errors = [str(error) for error in planned.errors.values()]
        return _ReleasePages(slug, light, entries, written, pages, available, errors, steady)

    def _available(
        self, slug: str, plans: dict[str, PagePlan], languages: Sequence[str], stage: Staging
    ) -> tuple[dict[str, bool], dict[str, IndexEntry]]:
        """Which of the release's pages the new build folder will have, and the pages
        that cannot be built now but whose last good page is kept (with its index line).

        A page not built now is there only if an earlier build left it (and it would
        still be published): every link goes to a page that exists."""
        available = {
            language: plan.publish
            and (language in languages or stage.has(f"{language}/{slug}.html"))
            for language, plan in plans.items()
        }
        kept = {
            language: entry
            for language, plan in plans.items()
            if plan.error and (entry := self._keep(slug, language, stage)) is not None
        }
        available.update(dict.fromkeys(kept, True))
        return available, kept

    def _outputs(
        self,
        release: Release,
        plan: PagePlan,
        available: dict[str, bool],
        inline: Sequence[Any] | None,
    ) -> tuple[list[tuple[str, str | bytes]], tuple[str, ...]]:
        """The files of one page: the HTML page, and the translated document (.docx,
        .md) of a document release, written with its page and never without it: one
        plan decides both. Also what the page's furniture could not do (for the
        summary)."""
        text, notes = self._page(release, plan, available, inline)
        outputs: list[tuple[str, str | bytes]] = [(f"{plan.language}/{release.slug}.html", text)]
        outputs += self._document(release, plan)
        return outputs, notes

    def _document(self, release: Release, plan: PagePlan) -> list[tuple[str, bytes]]:
        """The release in its own format in the plan's language (for ``.docx`` and
        ``.md`` releases), as the page shows it: [] for the other formats."""
        language = plan.language
        source = self.config.source_language
        translate = None if language == source else (lambda unit: plan.choices.get(unit.key))
        found = document(release, translate, language=language, source_language=source)
        if found is None:
            return []
        suffix, data = found
        return [(f"{language}/{release.slug}{suffix}", data)]

    def _page(
        self,
        release: Release,
        plan: PagePlan,
        available: dict[str, bool],
        inline: Sequence[Any] | None = None,
    ) -> tuple[str, tuple[str, ...]]:
        """The page's text, and what its furniture could not do (for the summary)."""
        config = self.config
        language, source = plan.language, config.source_language
        alternates = [
            Alternate(lang, self.names[lang], f"../{lang}/{release.slug}.html", lang == language)
            for lang in config.languages
            if available[lang]
        ]
        if release.format == "html":
            page = cms_page(
                self.env,
                release,
                plan,
                source_language=source,
                alternates=alternates,
                switcher=config.switcher,
                base_url=config.base_url,
                lang_tags=config.lang_tags,
                feed=self.feed(language),
                words=self.words[language],
            )
            return page.text, page.notes
        return txt_page(
            self.env,
            release,
            plan,
            source_language=source,
            alternates=alternates,
            stylesheet="../style.css",
            home="index.html",
            inline=inline,
            feed=self.feed(language),
            words=self.words[language],
        ), ()

    def _feed(self, language: str, published: Sequence[IndexEntry], newest: dt.datetime) -> str:
        """The Atom feed of a language's published pages, newest first (``published``:
        at least its newest ``FEED_SIZE``); ``newest`` stands for the date of a release
        without one, and for an empty feed's."""
        entries = [
            FeedEntry(entry.slug, entry.title, entry.summary, entry.iso_date, entry.href)
            for entry in published
        ]
        return atom_feed(
            entries,
            project=self.config.name,
            language=language,
            title=self.words[language]["press_releases"],
            now=newest,
            site_url=self.config.site_url,
        )

    def _reusable(self, key: str, stage: Staging) -> _ReleasePages | None:
        """The release's pages from the last build, staged, if they were made from the
        same inputs and are still as that build wrote them."""
        data = self.project.records.get("pages", key)
        try:
            item = _release_from_data(data)
        except (KeyError, TypeError, AttributeError):
            return None
        if set(item.plans) != set(self.config.languages):
            return None
        now = self.project.now
        if any(
            p.embargo and dt.datetime.fromisoformat(p.embargo) <= now for p in item.plans.values()
        ):
            return None  # its embargo has ended since: publish it now
        if all(stage.reuse(name, sha) for name, sha in item.pages.items()):
            return item
        return None

    def indexes(self, done: Sequence[_ReleasePages], stage: Staging) -> None:
        """The stylesheet, each language's index and feed, the root index and the
        sitemap; pages that are no longer published are removed."""
        config, env = self.config, self.env
        stage.put("style.css", _template_text(env, "style.css"))
        newest = _newest(done, self.project.now)
        for language in config.languages:
            alternates = [
                Alternate(lang, self.names[lang], f"../{lang}/index.html", lang == language)
                for lang in config.languages
            ]
            published = [item.entries[language] for item in done if item.available[language]]
            stage.put(
                f"{language}/index.html",
                index_chunks(
                    env,
                    language,
                    published,
                    alternates=alternates,
                    stylesheet="../style.css",
                    home="index.html",
                    feed=self.feed(language),
                    words=self.words[language],
                ),
            )
            feed = self._feed(language, self.newest[language], newest)
            stage.put(f"{language}/feed.xml", feed)
        source = config.source_language
        stage.put(
            "index.html",
            _root_index(
                env,
                source,
                config.languages,
                done,
                names=self.names,
                feed=self.feed(source, f"{source}/feed.xml"),
            ),
        )
        if config.site_url:
            stage.put("sitemap.xml", _sitemap(config, done))
        else:
            stage.remove("sitemap.xml")  # one an earlier build wrote, kept by staging
        for item in done:
            stage.changed += item.written
            for language in config.languages:
                if not item.available[language]:
                    for suffix in (".html", *DOCUMENT_SUFFIXES.values()):
                        stage.remove(f"{language}/{item.slug}{suffix}")


def _release_data(item: _ReleasePages) -> dict[str, Any]:
    return {
        "slug": item.slug,
        "plans": {language: _plan_data(plan) for language, plan in item.plans.items()},
        "entries": {language: _entry_data(entry) for language, entry in item.entries.items()},
        "pages": item.pages,
        "available": item.available,
    }


def _release_from_data(data: Any) -> _ReleasePages:
    return _ReleasePages(
        slug=data["slug"],
        plans={lang: _plan_from_data(plan) for lang, plan in data["plans"].items()},
        entries={lang: IndexEntry(**entry) for lang, entry in data["entries"].items()},
        written=[],
        pages=dict(data["pages"]),
        available={lang: bool(value) for lang, value in data["available"].items()},
    )


def _newest(done: Sequence[_ReleasePages], now: dt.datetime) -> dt.datetime:
    """The newest published release's date (``now`` when none has one): what a feed says
    where it has no date of its own, the same in every build."""
    dates = [e.iso_date for item in done for e in item.entries.values() if e.iso_date]
    if not dates:
        return now
    return dt.datetime.fromisoformat(max(dates)).replace(tzinfo=dt.UTC)


def _sitemap(config: Config, done: Sequence[_ReleasePages]) -> str:
    """Every published page, with its release's every published language as alternates
    (in ``hreflang``, the tags CMS pages give: ``[build] lang_tags``)."""
    tags = config.lang_tags
    releases, lastmod = [], {}
    for item in done:
        pages = {}
        for language in config.languages:
            if item.available[language]:
                path = f"{language}/{item.slug}.html"
                pages[tags.get(language, language)] = path
                entry = item.entries.get(language)
                lastmod[path] = entry.iso_date if entry is not None else ""
        if pages:
            releases.append(pages)
    return sitemap(releases, site_url=config.site_url, lastmod=lastmod)


def _root_index(
    env: jinja2.Environment,
    source: str,
    languages: Sequence[str],
    done: Sequence[_ReleasePages],
    *,
    names: dict[str, str],
    feed: FeedLink,
) -> Iterator[str]:
    """Every release with a published page, newest first, linking each language (the
    page's text piece by piece, ``index_chunks``)."""
    listed = []
    for item in done:
        published = [lang for lang in languages if item.available[lang]]
        if not published:
            continue  # nothing of it is published (an embargo, an error)
        first = published[0] if not item.available[source] else source
        entry = item.entries.get(source) or item.entries[first]
        listed.append((index_order(entry), entry, item, first, published))
    listed.sort(key=lambda line: line[0], reverse=True)

    def lines() -> Iterator[IndexEntry]:
        # Made as the page is written: ten thousand lines with their language links
        # are not held at once.
        for _order, entry, item, first, published in listed:
            versions = tuple(
                Alternate(lang, names[lang], f"{lang}/{item.slug}.html", False)
                for lang in published
            )
            yield replace(entry, href=f"{first}/{item.slug}.html", languages=versions)

    alternates = [Alternate(lang, names[lang], f"{lang}/index.html", False) for lang in languages]
    return index_chunks(
        env,
        source,
        lines(),
        alternates=alternates,
        stylesheet="style.css",
        home="index.html",
        feed=feed,
        ordered=True,
    )


def _template_text(env: jinja2.Environment, name: str) -> str:
    assert env.loader is not None
    source, _filename, _uptodate = env.loader.get_source(env, name)
    return source


def _entry_data(entry: IndexEntry) -> dict[str, str]:
    """An index line's texts as a record keeps them (its language versions are the
    build's to give)."""
    return {f.name: getattr(entry, f.name) for f in fields(entry) if f.name != "languages"}
