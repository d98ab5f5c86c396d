"""``pretranslate``: empty units of the PO files -> machine translations marked fuzzy.

Only empty units are filled, never one a person translated (each PO file is read
again just before it is written). Units are masked, deduplicated across releases,
looked up in the cache, then sent in batches to the language's engines in turn, with
bounded concurrency; results are validated and saved as they arrive, file by file.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import time
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..catalog import Catalog
from ..config import Config
from ..dateline import localize
from ..errors import CatalogError, EngineError
from ..fsutil import write_atomic
from ..memory import Memory
from ..model import DATELINE_CONTEXT, Finding, Release, Unit
from ..names import NameFinder
from ..pofile import render_catalog
from ..sources import read_release
from ..translate.cache import TranslationCache
from ..translate.engines import PUBLIC, DeepTranslatorEngine
from ..translate.mask import Masked, Rejected, mask, unmask, validate
from . import (
    CACHE_FOLDER,
    po_path,
    read_catalog_file,
    read_glossary_file,
    release_paths,
)
from .memory import load_memory

#: Units sent in one task; tasks run ``concurrency`` at a time.
TASK_UNITS = 20
#: Seconds between two saves of the same run (and always at the end, or on Ctrl-C).
SAVE_EVERY = 1.0


@dataclass
class Item:
    """One empty entry to fill: where it is and what to send."""

    slug: str
    language: str
    msgid: str
    msgctxt: str | None
    masked: Masked
    unit: Unit


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
    written: list[Path] = field(default_factory=list)
    #: releases under embargo, and until when: kept from public engines
    embargoed: dict[str, str] = field(default_factory=dict)


EngineFactory = Callable[[str], DeepTranslatorEngine]


def pretranslate(
    config: Config,
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
    now = now or dt.datetime.now(dt.UTC)
    today = today or now.date()
    chosen = tuple(languages) or config.target_languages
    for language in chosen:
        if language not in config.target_languages:
            raise EngineError(f"--lang {language}: not a target language of this project")
    releases = [
        read_release(path, root=config.root, mode=config.segmentation)
        for path in release_paths(config, names)
    ]
    loaded = read_glossary_file(config)
    finder = NameFinder(loaded[0]) if loaded else None
    catalogs: dict[tuple[str, str], Catalog] = {}
    items: list[Item] = []
    datelines: dict[tuple[str, str], dict[str, str]] = {}
    for release in releases:
        units = {unit.key: unit for unit in release.units()}
        for language in chosen:
            path = po_path(config, release.slug, language)
            if not path.exists():
                raise CatalogError(
                    f"no PO file for this release; run: l10nrelease extract {release.slug}",
                    path=path.relative_to(config.root).as_posix(),
                )
            catalog, _ = read_catalog_file(path, root=config.root, language=language)
            catalogs[(release.slug, language)] = catalog
            for entry in catalog.active():
                if entry.msgstr or entry.key not in units:
                    continue
                if entry.msgctxt == DATELINE_CONTEXT:
                    text = _dateline(release, language, finder, config)
                    if text:
                        datelines.setdefault((release.slug, language), {})[entry.msgid] = text
                    continue
                pairs = _names(entry.msgid, release, language, finder)
                items.append(
                    Item(
                        release.slug,
                        language,
                        entry.msgid,
                        entry.msgctxt,
                        mask(entry.msgid, pairs),
                        units[entry.key],
                    )
                )
    result = PretranslateResult()
    done: dict[tuple[str, str], dict[str, Fill]] = {}  # (slug, lang) -> msgid -> fill
    items = _from_memory(config, items, catalogs, done, result)
    for release in releases:
        until = release.metadata.get("embargo")
        if until and dt.datetime.fromisoformat(until) > now and not allow_embargoed:
            result.embargoed[release.slug] = until
    # Groups by language and embargo: an embargoed release's text goes only to the
    # self-hosted engine (and the cache), never to a public one.
    by_language: dict[tuple[str, bool], dict[str, list[Item]]] = {}
    for item in items:
        group = (item.language, item.slug in result.embargoed)
        by_language.setdefault(group, {}).setdefault(item.masked.text, []).append(item)
    chains = {
        lang: tuple(n for n in ((engine,) if engine else config.engines_for(lang)) if n != "tm")
        for lang in chosen
    }
    for (language, embargoed), texts in by_language.items():
        chain = [n for n in chains[language] if not (embargoed and n in PUBLIC)]
        label = chain[0] if chain else ("none (embargoed)" if embargoed else "none")
        size = (len(texts), sum(len(text) for text in texts))
        old = result.planned.get((language, label), (0, 0))
        result.planned[(language, label)] = (old[0] + size[0], old[1] + size[1])
    if dry_run:
        return result
    engines = _engines(chains, config, make_engine)
    cache = TranslationCache(config.root / CACHE_FOLDER / "mt-cache.sqlite")
    try:
        stamp = today.isoformat()
        for (slug, language), lines in datelines.items():
            for msgid, text in lines.items():
                done.setdefault((slug, language), {})[msgid] = Fill(
                    text, f"dateline localized by l10nrelease, {stamp}"
                )
        _save(config, catalogs, done, result, today)
        total = sum(len(texts) for texts in by_language.values())
        finished = 0
        last_save = time.monotonic()
        for (language, embargoed), texts in by_language.items():
            pending = dict(texts)
            for name in chains[language]:
                if not pending:
                    break
                hits = cache.get([name], config.source_language, language, list(pending))
                for text, (_engine, translation) in hits.items():
                    _apply(pending.pop(text), translation, name, language, done, result, today)
                    result.from_cache += 1
                    finished += 1
                if hits:
                    _save(config, catalogs, done, result, today)
                if not pending:
                    break
                worker = engines[name]
                if embargoed and name in PUBLIC:
                    continue  # the cache may answer; the engine is not asked
                if not worker.supports(config.source_language, language):
                    continue
                queue = list(pending)
                tasks = [queue[i : i + TASK_UNITS] for i in range(0, len(queue), TASK_UNITS)]
                with ThreadPoolExecutor(max_workers=config.concurrency) as pool:
                    running: dict[Future[list[str]], list[str]] = {}
                    try:
                        for task in tasks:
                            running[
                                pool.submit(
                                    worker.translate, task, config.source_language, language
                                )
                            ] = task
                        while running:
                            complete, _ = wait(running, return_when=FIRST_COMPLETED)
                            for future in complete:
                                task = running.pop(future)
                                try:
                                    answers = future.result()
                                except EngineError as exc:
                                    result.failed.append(f"{language}, {name}: {exc}")
                                    continue
                                cache.put(
                                    name,
                                    config.source_language,
                                    language,
                                    zip(task, answers, strict=True),
                                )
                                for text, answer in zip(task, answers, strict=True):
                                    _apply(
                                        pending.pop(text),
                                        answer,
                                        name,
                                        language,
                                        done,
                                        result,
                                        today,
                                    )
                                    finished += 1
                                # Saved as they arrive, but a file at most once a second:
                                # rewriting a large PO file after every batch costs more
                                # than the requests.
                                if time.monotonic() - last_save >= SAVE_EVERY or not running:
                                    _save(config, catalogs, done, result, today)
                                    last_save = time.monotonic()
                                if progress:
                                    sent = sum(e.requests for e in engines.values())
                                    progress(finished, total, sent)
                    except KeyboardInterrupt:
                        for future in running:
                            future.cancel()
                        result.interrupted = True
                        raise
            _save(config, catalogs, done, result, today)
            result.left += sum(len(group) for group in pending.values())
        result.requests = sum(worker.requests for worker in engines.values())
    except KeyboardInterrupt:
        result.interrupted = True
        _save(config, catalogs, done, result, today)
        result.left = len(items) - result.translated - len(result.rejected)
    finally:
        cache.close()
    return result


def _from_memory(
    config: Config,
    items: list[Item],
    catalogs: dict[tuple[str, str], Catalog],
    done: dict[tuple[str, str], dict[str, Fill]],
    result: PretranslateResult,
) -> list[Item]:
    """Fill what the translation memory knows; return the items left for the engines."""
    memories: dict[str, Memory] = {}
    contexts: dict[tuple[str, str], dict[str, tuple[str, str]]] = {}
    left = []
    for item in items:
        if item.language not in memories:
            memories[item.language] = load_memory(config, item.language)
        memory = memories[item.language]
        key = (item.slug, item.language)
        if key not in contexts:
            order = [e.msgid for e in catalogs[key].active() if e.msgctxt is None]
            contexts[key] = {
                msgid: (order[i - 1] if i else "", order[i + 1] if i + 1 < len(order) else "")
                for i, msgid in enumerate(order)
            }
        previous, following = contexts[key].get(item.msgid, ("", ""))
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
        done.setdefault(key, {})[item.msgid] = Fill(
            match.unit.target,
            comment,
            fuzzy=not accepted,
            previous=match.unit.source if match.kind == "fuzzy" else None,
        )
        result.from_memory += 1
    return left


def _engines(
    chains: dict[str, tuple[str, ...]], config: Config, make: EngineFactory | None
) -> dict[str, DeepTranslatorEngine]:
    names = {name for chain in chains.values() for name in chain}
    if make is None:

        def make(name: str) -> DeepTranslatorEngine:
            return DeepTranslatorEngine(
                name,
                url=config.engine_urls.get(name),
                timeout=config.timeout,
                batch_chars=config.batch_chars,
            )

    return {name: make(name) for name in sorted(names)}


def _names(
    msgid: str, release: Release, language: str, finder: NameFinder | None
) -> list[tuple[str, str, str]]:
    if finder is None:
        return []
    pairs = []
    for found in finder.find(msgid, date=release.date):
        form = found.term.forms.get(language)
        if form is not None:
            pairs.append((found.text, form.approved, found.term.kind))
    return pairs


def _dateline(
    release: Release, language: str, finder: NameFinder | None, config: Config
) -> str | None:
    if release.dateline is None:
        return None
    city = None
    if finder is not None:
        for found in finder.find(release.dateline.city, date=release.date):
            form = found.term.forms.get(language)
            if form is not None:
                city = form.approved
    if city is None:
        return None
    return localize(release.dateline, language, city=city, pattern=config.date_format(language))


def _apply(
    items: list[Item],
    answer: str,
    engine: str,
    language: str,
    done: dict[tuple[str, str], dict[str, Fill]],
    result: PretranslateResult,
    today: dt.date | None = None,
) -> None:
    for item in items:
        try:
            text, notes = unmask(item.masked, answer, language=language)
            placeholders = item.unit.placeholders
            validate(
                item.msgid,
                text,
                language=language,
                paired=[n for n, p in enumerate(placeholders, 1) if not p.void],
                void=[n for n, p in enumerate(placeholders, 1) if p.void],
            )
        except Rejected as exc:
            result.rejected.append(
                Finding(
                    f"locales/{language}/{item.slug}.po",
                    None,
                    "warning",
                    "pretranslate",
                    f"{engine} output for «{item.msgid[:60]}» not used: {exc}",
                )
            )
            continue
        digest = hashlib.sha1(item.msgid.encode("utf-8")).hexdigest()[:8]
        stamp = (today or dt.date.today()).isoformat()
        comment = "\n".join([f"machine translation: {engine}, {stamp}, source {digest}", *notes])
        result.translated += 1
        done.setdefault((item.slug, language), {})[item.msgid] = Fill(text, comment)


def _save(
    config: Config,
    catalogs: dict[tuple[str, str], Catalog],
    done: dict[tuple[str, str], dict[str, Fill]],
    result: PretranslateResult,
    today: dt.date,
) -> None:
    """Write every file with new translations, re-reading it first: an entry a person
    filled in the meantime is kept as they wrote it."""
    for key, translations in list(done.items()):
        if not translations:
            continue
        slug, language = key
        path = po_path(config, slug, language)
        current, _ = read_catalog_file(path, root=config.root, language=language)
        entries = []
        filled = 0
        for entry in current.entries:
            fill = translations.get(entry.msgid) if not entry.obsolete else None
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
        if filled:
            write_atomic(path, render_catalog(replace(current, entries=tuple(entries))))
            result.filled += filled
            if path not in result.written:
                result.written.append(path)
        done[key] = {}
        catalogs[key] = current
