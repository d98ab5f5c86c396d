"""``status``: where each release stands in each language, in units and in words."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass

from ..assemble import Policy, plan_page
from ..check import check_glossary
from ..config import Config
from ..markup import plain, translation_problems
from ..names import NameFinder
from ..sources import read_release
from . import po_path, read_catalog_file, read_glossary_file, release_paths

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
    loaded = read_glossary_file(config)
    finder = NameFinder(loaded[0]) if loaded else None
    rows = []
    for path in release_paths(config, names):
        release = read_release(path, root=config.root, mode=config.segmentation)
        units = {unit.key: unit for unit in release.units()}
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
                        sum(words(u.text) for u in units.values()),
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
                    sum(words(u.text) for u in units.values()),
                    **counts,
                    glossary_errors=glossary_errors,
                    publish=plan.publish and glossary_errors == 0,
                )
            )
    return rows
