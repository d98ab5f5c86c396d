"""``status``: where each release stands in each language, in units and in words."""

from __future__ import annotations

import contextlib
import hashlib
import json
import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from ..assemble import Policy, plan_page
from ..check import check_glossary
from ..config import Config
from ..errors import L10nError
from ..fsutil import write_atomic
from ..markup import plain, translation_problems
from ..names import NameFinder
from ..parallel import fork_map
from ..sources import read_release
from . import (
    CACHE_FOLDER,
    code_digest,
    load_record,
    po_path,
    read_catalog_file,
    read_glossary_file,
    read_glossary_text,
    release_key,
    release_paths,
)

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

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


#: The fields of a row that add up over releases.
COUNTED = tuple(
    name
    for name in StatusRow.__dataclass_fields__
    if name not in {"release", "language", "publish"}
)


def words(text: str) -> int:
    """Words of a source text, as translators bill them (placeholders not counted)."""
    return len(_WORD.findall(plain(text)))


def status(config: Config, names: Sequence[str] = ()) -> list[StatusRow]:
    """One row per release and language, in release order.

    A release whose source and PO files are, by content, as at an earlier run (with the
    same glossary, settings and code) reuses that run's rows (.l10nrelease/cache/);
    the others are counted on every core.
    """
    glossary_text = read_glossary_text(config)
    cache_path = _status_cache(config, glossary_text or "")
    cached = load_record(cache_path)
    paths = release_paths(config, names)
    keys = {path: release_key(config, path) for path in paths}
    reused: dict[Path, list[StatusRow]] = {}
    for path in paths:
        with contextlib.suppress(KeyError, TypeError, ValueError, AttributeError):
            reused[path] = [StatusRow(**row) for row in cached[keys[path]]]
    todo = [path for path in paths if path not in reused]
    loaded = read_glossary_file(config) if todo and glossary_text is not None else None
    finder = NameFinder(loaded[0]) if loaded else None

    def one(path: Path) -> list[StatusRow]:
        return _release_rows(config, path, finder)

    fresh = dict(zip(todo, fork_map(one, todo, per_worker=50), strict=True))
    rows_by_path = {path: fresh[path] if path in fresh else reused[path] for path in paths}
    if todo:
        with contextlib.suppress(L10nError):  # a read-only project counts again next time
            write_atomic(
                cache_path,
                json.dumps(
                    {
                        **(cached if names else {}),
                        **{keys[p]: [r.as_dict() for r in rows_by_path[p]] for p in paths},
                    }
                ),
            )
    return [row for path in paths for row in rows_by_path[path]]


def _status_cache(config: Config, glossary_text: str) -> Path:
    digest = hashlib.sha256(code_digest().encode())
    for part in (glossary_text, " ".join(config.target_languages), config.segmentation):
        digest.update(part.encode("utf-8") + b"\0")
    digest.update(repr(sorted(config.date_formats.items())).encode())
    return config.root / CACHE_FOLDER / f"status-{digest.hexdigest()[:16]}.json"


def _release_rows(config: Config, path: Path, finder: NameFinder | None) -> list[StatusRow]:
    rows = []
    release = read_release(path, root=config.root, mode=config.segmentation)
    units = {unit.key: unit for unit in release.units()}
    total_words = sum(words(u.text) for u in units.values())
    for language in config.target_languages:
        po = po_path(config, release.slug, language)
        counts = dict.fromkeys(
            (n for n in COUNTED if n not in {"units", "words", "glossary_errors"}), 0
        )
        if not po.exists():
            rows.append(
                StatusRow(
                    release.slug,
                    language,
                    len(units),
                    total_words,
                    **{**counts, "untranslated": len(units)},
                    glossary_errors=0,
                    publish=False,
                )
            )
            continue
        catalog, _ = read_catalog_file(po, root=config.root, language=language)
        for entry in catalog.active():
            unit = units.get(entry.key)
            if unit is None:
                continue
            if not entry.msgstr:
                counts["untranslated"] += 1
            elif entry.fuzzy:
                comment = entry.translator_comment
                if "translation memory:" in comment:
                    counts["fuzzy_memory"] += 1
                elif "machine translation:" in comment:
                    counts["fuzzy_machine"] += 1
                elif entry.previous_msgid is not None:
                    counts["fuzzy_changed"] += 1
                else:
                    counts["fuzzy_other"] += 1
            else:
                counts["reviewed"] += 1
                counts["reviewed_words"] += words(entry.msgid)
                if entry.msgctxt is None and translation_problems(
                    entry.msgstr,
                    paired=[n for n, p in enumerate(unit.placeholders, 1) if not p.void],
                    void=[n for n, p in enumerate(unit.placeholders, 1) if p.void],
                ):
                    counts["qa_errors"] += 1
        glossary_errors = 0
        if finder is not None:
            glossary_errors = sum(
                1
                for f in check_glossary(
                    catalog, language=language, finder=finder, date=release.date
                )
                if f.severity == "error"
            )
        plan = plan_page(
            release,
            catalog,
            language,
            policy=Policy(),
            date_pattern=config.date_format(language),
        )
        rows.append(
            StatusRow(
                release.slug,
                language,
                len(units),
                total_words,
                **counts,
                glossary_errors=glossary_errors,
                publish=plan.publish and glossary_errors == 0,
            )
        )
    return rows
