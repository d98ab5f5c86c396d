"""``pretranslate``: empty units of the PO files -> machine translations marked fuzzy.

Only empty units are filled, never one a person translated (each PO file is read
again just before it is written). Units are masked, deduplicated across releases,
looked up in the translation memory and the cache, then sent in batches to the
language's engines in turn, with bounded concurrency; results are validated and saved
as they arrive, file by file. Glossary names are masked too, or, with ``[pretranslate]
names = "repair"``, sent as written and repaired in the output (``translate.repair``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import time
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field, replace

from ..catalog import Catalog, Entry
from ..dateline import localize
from ..errors import CatalogError, EngineError
from ..fsutil import decode_utf8, update_file
from ..memory import Memory
from ..model import DATELINE_CONTEXT, Finding, Release, Unit
from ..names import Found
from ..records import CACHE_FOLDER
from ..translate import Engine
from ..translate.cache import TranslationCache
from ..translate.engines import PUBLIC, DeepTranslatorEngine, Unreachable
from ..translate.mask import Masked, Rejected, validate
from ..translate.repair import prepare, restore
from . import Project
from .memory import load_memory

#: Units sent in one task; tasks run ``concurrency`` at a time.
TASK_UNITS = 20
#: Seconds between two saves of the same run (and always at the end, or on Ctrl-C).
SAVE_EVERY = 1.0

Page = tuple[str, str]  # (slug, language)


@dataclass
class Item:
    """One empty entry to fill: where it is and what to send."""

    slug: str
    language: str
    msgid: str
    msgctxt: str | None
    masked: Masked
    unit: Unit
    #: the glossary names found in the English, and the release's date (which rows apply)
    names: tuple[Found, ...] = ()
    date: dt.date | None = None


@dataclass(frozen=True)
class Fill:
    """A translation to write into an empty entry, with how it was obtained."""

    text: str
    comment: str
    fuzzy: bool = True
    previous: str | None = None


@dataclass
class PretranslateResult:
    planned: dict[tuple[str, str], tuple[int, int]] = field(default_factory=dict)
    filled: int = 0
    from_cache: int = 0
    requests: int = 0
    rejected: list[Finding] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    left: int = 0
    translated: int = 0  # units the engines filled (not counting datelines)
    from_memory: int = 0
    interrupted: bool = False
    written: list[str] = field(default_factory=list)
    #: releases under embargo, and until when: kept from public engines
    embargoed: dict[str, str] = field(default_factory=dict)
    #: empty units found (datelines included); 0: there was nothing to fill
    empty: int = 0
    #: the engines the run could not reach at all (no network, a wrong address)
    unreachable: list[str] = field(default_factory=list)
    #: the units left empty: (PO file, msgid)
    unfilled: list[tuple[str, str]] = field(default_factory=list)


EngineFactory = Callable[[str], Engine]


def pretranslate(
    project: Project,
    names: Sequence[str] = (),
    *,
    languages: Sequence[str] = (),
    engine: str | None = None,
    dry_run: bool = False,
    allow_embargoed: bool = False,
    now: dt.datetime | None = None,
    today: dt.date | None = None,
    make_engine: EngineFactory | None = None,
    progress: Callable[[int, int, int], None] | None = None,
) -> PretranslateResult:
    """Fill the empty units of the releases named (default: all) in ``languages``
    (default: every target language), from the memory, the cache, then the engines."""
    now = now or dt.datetime.now(dt.UTC)
    chosen = _languages(project, languages)
    work = _Work.collect(project, project.release_paths(names), chosen)
    result = PretranslateResult(empty=len(work.items) + work.dateline_count())
    saver = _Saver(project, work.catalogs, result, today or now.date())
    items = _from_memory(project, work, saver)
    result.embargoed = _embargoed(work.releases, now, allow_embargoed)
    groups = _group(items, result.embargoed)
    chains = {
        lang: tuple(
            n for n in ((engine,) if engine else project.config.engines_for(lang)) if n != "tm"
        )
        for lang in chosen
    }
    _plan(result, groups, chains)
    if dry_run:
        return result
    engines = _engines(project, chains, make_engine)
    cache = TranslationCache(project.root / CACHE_FOLDER / "mt-cache.sqlite")
    runner = _Runner(project, engines, cache, saver, progress, sum(map(len, groups.values())))
    try:
        saver.add_datelines(work.datelines)
        saver.save()
        for (language, embargoed), texts in groups.items():
            left = runner.run_chain(language, embargoed, texts, chains[language])
            result.left += sum(len(group) for group in left.values())
            result.unfilled += [
                (project.shown(project.po_path(item.slug, item.language)), item.msgid)
                for group in left.values()
                for item in group
            ]
        result.requests = sum(worker.requests for worker in engines.values())
    except KeyboardInterrupt:
        result.interrupted = True
        saver.save()
        result.left = len(items) - result.translated - len(result.rejected)
    finally:
        cache.close()
    return result


def _languages(project: Project, languages: Sequence[str]) -> tuple[str, ...]:
    targets = project.config.target_languages
    for language in languages:
        if language not in targets:
            raise EngineError(f"--lang {language}: not a target language of this project")
    return tuple(languages) or targets


@dataclass
class _Work:
    """The empty entries of the chosen releases and languages, and their catalogs."""

    releases: list[Release]
    catalogs: dict[Page, Catalog]
    items: list[Item]
    datelines: dict[Page, dict[str, str]]  # page -> msgid -> localized dateline

    def dateline_count(self) -> int:
        return sum(len(lines) for lines in self.datelines.values())

    @classmethod
    def collect(cls, project: Project, paths: Sequence[object], languages: Sequence[str]) -> _Work:
        work = cls([], {}, [], {})
        for path in paths:
            release = project.read_release(path)  # type: ignore[arg-type]
            work.releases.append(release)
            units = {unit.key: unit for unit in release.units()}
            for language in languages:
                catalog, _ = project.release_catalog(release, language)
                work.catalogs[(release.slug, language)] = catalog
                for entry in catalog.active():
                    if entry.msgstr or entry.key not in units:
                        continue
                    if entry.msgctxt == DATELINE_CONTEXT:
                        work._dateline(project, release, language, entry.msgid)
                        continue
                    names = _names(project, entry.msgid, release)
                    strategy = project.config.name_strategy
                    work.items.append(
                        Item(
                            release.slug,
                            language,
                            entry.msgid,
                            entry.msgctxt,
                            prepare(entry.msgid, names, language=language, strategy=strategy),
                            units[entry.key],
                            tuple(names),
                            release.date,
                        )
                    )
        return work

    def _dateline(self, project: Project, release: Release, language: str, msgid: str) -> None:
        """A dateline is localized, never sent: the glossary's city, Babel's date."""
        city = project.dateline_city(release, language)
        if city is not None and release.dateline is not None:
            pattern = project.config.date_format(language)
            text = localize(release.dateline, language, city=city, pattern=pattern)
            self.datelines.setdefault((release.slug, language), {})[msgid] = text


def _names(project: Project, msgid: str, release: Release) -> list[Found]:
    finder = project.finder
    return finder.find(msgid, date=release.date) if finder is not None else []


def _embargoed(releases: Sequence[Release], now: dt.datetime, allowed: bool) -> dict[str, str]:
    if allowed:
        return {}
    embargoed = {}
    for release in releases:
        until = release.metadata.get("embargo")
        if until and dt.datetime.fromisoformat(until) > now:
            embargoed[release.slug] = until
    return embargoed


Groups = dict[tuple[str, bool], dict[str, list[Item]]]


def _group(items: Sequence[Item], embargoed: Mapping[str, str]) -> Groups:
    """By language and embargo, then by masked text: an embargoed release's text goes
    only to the self-hosted engine (and the cache), never to a public one."""
    groups: Groups = {}
    for item in items:
        group = (item.language, item.slug in embargoed)
        groups.setdefault(group, {}).setdefault(item.masked.text, []).append(item)
    return groups


def _plan(result: PretranslateResult, groups: Groups, chains: Mapping[str, Sequence[str]]) -> None:
    for (language, embargoed), texts in groups.items():
        chain = [n for n in chains[language] if not (embargoed and n in PUBLIC)]
        label = chain[0] if chain else ("none (embargoed)" if embargoed else "none")
        old = result.planned.get((language, label), (0, 0))
        result.planned[(language, label)] = (
            old[0] + len(texts),
            old[1] + sum(len(text) for text in texts),
        )


def _from_memory(project: Project, work: _Work, saver: _Saver) -> list[Item]:
    """Fill what the translation memory knows; return the items left for the engines."""
    config = project.config
    memories: dict[str, Memory] = {}
    neighbours: dict[Page, dict[str, tuple[str, str]]] = {}
    left = []
    for item in work.items:
        if item.language not in memories:
            memories[item.language] = load_memory(project, item.language)
        memory = memories[item.language]
        page = (item.slug, item.language)
        if page not in neighbours:
            neighbours[page] = _neighbours(work.catalogs[page])
        previous, following = neighbours[page].get(item.msgid, ("", ""))
        match = (
            memory.lookup(
                item.msgid, previous=previous, next=following, threshold=config.memory_threshold
            )
            if len(memory)
            else None
        )
        if match is None:
            left.append(item)
            continue
        accepted = match.kind == "in-context" and config.accept_in_context
        comment = (
            # Two lines: the writer wraps a comment line longer than 78 characters.
            f"translation memory: {match.kind} match, {match.score:.0f} %\nfrom {match.unit.origin}"
        )
        saver.add(
            page,
            item.msgid,
            Fill(
                match.unit.target,
                comment,
                fuzzy=not accepted,
                previous=match.unit.source if match.kind == "fuzzy" else None,
            ),
        )
        saver.result.from_memory += 1
    return left


def _neighbours(catalog: Catalog) -> dict[str, tuple[str, str]]:
    order = [e.msgid for e in catalog.active() if e.msgctxt is None]
    return {
        msgid: (order[i - 1] if i else "", order[i + 1] if i + 1 < len(order) else "")
        for i, msgid in enumerate(order)
    }


def _engines(
    project: Project, chains: Mapping[str, Sequence[str]], make: EngineFactory | None
) -> dict[str, Engine]:
    config = project.config
    names = {name for chain in chains.values() for name in chain}
    if make is None:

        def make(name: str) -> Engine:
            return DeepTranslatorEngine(
                name,
                url=config.engine_urls.get(name),
                timeout=config.timeout,
                batch_chars=config.batch_chars,
            )

    return {name: make(name) for name in sorted(names)}


class _Saver:
    """The translations obtained so far, written into their PO files (re-read first:
    an entry a person filled in the meantime is kept as they wrote it)."""

    def __init__(
        self,
        project: Project,
        catalogs: dict[Page, Catalog],
        result: PretranslateResult,
        today: dt.date,
    ) -> None:
        self.project = project
        self.catalogs = catalogs
        self.result = result
        self.today = today
        self.done: dict[Page, dict[str, Fill]] = {}
        self.last = time.monotonic()

    def add(self, page: Page, msgid: str, fill: Fill) -> None:
        self.done.setdefault(page, {})[msgid] = fill

    def add_datelines(self, datelines: Mapping[Page, Mapping[str, str]]) -> None:
        stamp = self.today.isoformat()
        for page, lines in datelines.items():
            for msgid, text in lines.items():
                self.add(page, msgid, Fill(text, f"dateline localized by l10nrelease, {stamp}"))

    def apply(self, items: Sequence[Item], answer: str, engine: str, language: str) -> None:
        """An engine's answer for the items that share its masked text: validated,
        unmasked and kept, or reported."""
        for item in items:
            try:
                text, notes = restore(
                    item.masked,
                    answer,
                    strategy=self.project.config.name_strategy,
                    language=language,
                    source=item.msgid,
                    names=item.names,
                    finder=self.project.finder,
                    date=item.date,
                )
                validate(item.msgid, text, language=language)
            except Rejected as exc:
                self.result.rejected.append(
                    Finding(
                        self.project.shown(self.project.po_path(item.slug, language)),
                        None,
                        "warning",
                        "pretranslate",
                        f"{engine} output for «{item.msgid[:60]}» not used: {exc}",
                    )
                )
                continue
            digest = hashlib.sha1(item.msgid.encode("utf-8")).hexdigest()[:8]
            stamp = self.today.isoformat()
            comment = "\n".join(
                [f"machine translation: {engine}, {stamp}, source {digest}", *notes]
            )
            self.result.translated += 1
            self.add((item.slug, language), item.msgid, Fill(text, comment))

    def save_soon(self, *, last: bool) -> None:
        """Save at most once a second (rewriting a large PO file after every batch
        costs more than the requests), and always at the end."""
        if last or time.monotonic() - self.last >= SAVE_EVERY:
            self.save()
            self.last = time.monotonic()

    def save(self) -> None:
        """Write every page's new translations into its PO file as it is on disk now
        (read again, and again if someone saves it meanwhile)."""
        for page, fills in list(self.done.items()):
            if fills:
                self._save_page(page, fills)
            self.done[page] = {}

    def _save_page(self, page: Page, fills: Mapping[str, Fill]) -> None:
        project = self.project
        slug, language = page
        path = project.po_path(slug, language)
        counted = 0

        def change(before: bytes | None) -> str | None:
            nonlocal counted
            if before is None:
                raise CatalogError("was removed while pretranslate ran", path=project.shown(path))
            text = decode_utf8(before, path=project.shown(path), error=CatalogError)
            current = project.catalog_from_text(path, text, language=language)
            entries, counted = _filled(current, fills)
            self.catalogs[page] = current
            return (
                project.render_catalog(replace(current, entries=tuple(entries)))
                if counted
                else None
            )

        if update_file(path, change):
            self.result.filled += counted
            shown = project.shown(path)
            if shown not in self.result.written:
                self.result.written.append(shown)


def _filled(current: Catalog, fills: Mapping[str, Fill]) -> tuple[list[Entry], int]:
    entries: list[Entry] = []
    filled = 0
    for entry in current.entries:
        fill = fills.get(entry.msgid) if not entry.obsolete else None
        if fill is None or entry.msgstr:
            entries.append(entry)
            continue
        comment = "\n".join(line for line in (entry.translator_comment, fill.comment) if line)
        entries.append(
            replace(
                entry,
                msgstr=fill.text,
                fuzzy=fill.fuzzy,
                translator_comment=comment,
                previous_msgid=fill.previous if fill.fuzzy else None,
            )
        )
        filled += 1
    return entries, filled


class _Runner:
    """Sends what is left through each language's chain of engines."""

    def __init__(
        self,
        project: Project,
        engines: Mapping[str, Engine],
        cache: TranslationCache,
        saver: _Saver,
        progress: Callable[[int, int, int], None] | None,
        total: int,
    ) -> None:
        self.config = project.config
        self.engines = engines
        self.cache = cache
        self.saver = saver
        self.result = saver.result
        self.progress = progress
        self.total = total
        self.finished = 0

    def run_chain(
        self,
        language: str,
        embargoed: bool,
        texts: Mapping[str, list[Item]],
        chain: Sequence[str],
    ) -> dict[str, list[Item]]:
        """Each engine of the chain in turn, for what the earlier ones left; returns
        what is left after the last."""
        pending = dict(texts)
        source = self.config.source_language
        for name in chain:
            if not pending:
                break
            self._from_cache(name, language, pending)
            worker = self.engines[name]
            if not pending or (embargoed and name in PUBLIC):
                continue
            if not worker.supports(source, language):
                self.result.failed.append(
                    f"{language}, {name}: the {name} engine does not translate into "
                    f"'{language}'; name another engine for it (--engine, or "
                    "[pretranslate] engines)"
                )
                continue
            self._send(worker, language, pending)
        self.saver.save()
        return pending

    def _from_cache(self, name: str, language: str, pending: dict[str, list[Item]]) -> None:
        hits = self.cache.get([name], self.config.source_language, language, list(pending))
        for text, (_engine, translation) in hits.items():
            self.saver.apply(pending.pop(text), translation, name, language)
            self.result.from_cache += 1
            self.finished += 1
        if hits:
            self.saver.save()

    def _send(self, worker: Engine, language: str, pending: dict[str, list[Item]]) -> None:
        queue = list(pending)
        tasks = [queue[i : i + TASK_UNITS] for i in range(0, len(queue), TASK_UNITS)]
        source = self.config.source_language
        pool = ThreadPoolExecutor(max_workers=self.config.concurrency)
        running: dict[Future[list[str]], list[str]] = {
            pool.submit(worker.translate, task, source, language): task for task in tasks
        }
        try:
            while running:
                complete, _ = wait(running, return_when=FIRST_COMPLETED)
                for future in complete:
                    task = running.pop(future)
                    if not self._answered(worker, language, future, task, pending):
                        for other in running:
                            other.cancel()  # the engine cannot be reached at all
                        running = {}
                        break
                    self.saver.save_soon(last=not running)
                    if self.progress:
                        sent = sum(e.requests for e in self.engines.values())
                        self.progress(self.finished, self.total, sent)
        except KeyboardInterrupt:
            # Ctrl-C: what arrived is saved by the caller; requests still running (a
            # hanging engine, its retries) are not waited for.
            pool.shutdown(wait=False, cancel_futures=True)
            raise
        pool.shutdown(wait=True)

    def _answered(
        self,
        worker: Engine,
        language: str,
        future: Future[list[str]],
        task: list[str],
        pending: dict[str, list[Item]],
    ) -> bool:
        """Take one task's answers; False when the engine cannot be reached at all."""
        try:
            answers = future.result()
        except Unreachable as exc:
            message = f"{language}, {worker.name}: {exc}"
            if message not in self.result.failed:
                self.result.failed.append(message)
            if worker.name not in self.result.unreachable:
                self.result.unreachable.append(worker.name)
            return False
        except EngineError as exc:
            message = f"{language}, {worker.name}: {exc}"
            if message not in self.result.failed:
                self.result.failed.append(message)
            return True
        pairs = list(zip(task, answers, strict=True))
        self.cache.put(worker.name, self.config.source_language, language, pairs)
        for text, answer in pairs:
            self.saver.apply(pending.pop(text), answer, worker.name, language)
            self.finished += 1
        return True
