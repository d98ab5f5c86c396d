"""XLIFF units -> a catalog, by the rules of a PO editor's save: what ``xliff import``
writes back into a PO file, decided unit by unit (imported, unchanged, a conflict with
a newer translation, refused), with nothing else of the catalog touched.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from .catalog import Catalog, Entry
from .markup import plain, safety_problems
from .xliff import XliffUnit, base_digest, unit_id

Key = tuple[str | None, str]

#: States of a target no one has worked on: a copy of the source there is no translation.
NOT_STARTED = frozenset({"new", "needs-translation", "initial"})


@dataclass(frozen=True)
class Outcome:
    """What an import did with one unit: ``imported``, ``forced`` (over a changed
    entry, with --force), ``unchanged``, ``empty`` (no translation to take),
    ``conflict`` or ``refused``; ``message`` says why for the last three."""

    unit: XliffUnit
    action: str
    message: str = ""
    #: the line of the PO entry (0: none matched)
    entry_line: int = 0


def apply_units(
    catalog: Catalog, units: Sequence[XliffUnit], *, force: bool = False
) -> tuple[Catalog, list[Outcome]]:
    """``catalog`` with the translations of ``units``, by the rules of a PO editor's
    save: a unit matches the active entry it was exported from (by id, else by its
    source and context) and must have that entry's msgid as its source; its
    translation passes the safety check (``markup.safety_problems``); an entry that
    changed since the export (its translation or fuzzy flag; the unit records what it
    was) is kept and reported as a conflict, unless ``force``. An empty target never
    clears a translation. The unit's state decides the fuzzy flag."""
    active = [entry for entry in catalog.entries if not entry.obsolete]
    by_id = {unit_id(entry.msgctxt, entry.msgid): entry.key for entry in active}
    by_source: dict[str, list[Key]] = {}
    for each in active:
        by_source.setdefault(each.msgid, []).append(each.key)
    current = {entry.key: entry for entry in active}
    outcomes = []
    for unit in units:
        key = _match(unit, by_id, by_source)
        found = current.get(key) if key is not None else None
        outcome, changed = _decide(unit, found, force=force)
        outcomes.append(outcome)
        if changed is not None:
            current[changed.key] = changed
    if all(outcome.action not in {"imported", "forced"} for outcome in outcomes):
        return catalog, outcomes
    entries = tuple(current.get(e.key, e) if not e.obsolete else e for e in catalog.entries)
    return replace(catalog, entries=entries), outcomes


def _match(unit: XliffUnit, by_id: dict[str, Key], by_source: dict[str, list[Key]]) -> Key | None:
    """The key of the entry a unit was exported from: by its id (ours), else by its
    context and source, else by its source alone where one entry has it (another
    tool's XLIFF, such as translate-toolkit's po2xliff, which has no msgctxt)."""
    if unit.id in by_id:
        return by_id[unit.id]
    keys = by_source.get(unit.source, [])
    if (unit.context, unit.source) in keys:
        return (unit.context, unit.source)
    return keys[0] if len(keys) == 1 and unit.context is None else None


def _decide(unit: XliffUnit, entry: Entry | None, *, force: bool) -> tuple[Outcome, Entry | None]:
    """The outcome for one unit, and the entry as it should now be (None: as it is)."""
    name = f'unit {unit.id} ("{_excerpt(unit.source)}")' if unit.source else f"unit {unit.id}"
    if unit.problem:
        return Outcome(unit, "refused", f"{name}: {unit.problem}; not imported"), None
    if entry is None:
        return Outcome(
            unit,
            "refused",
            f"{name}: no entry of the PO file has this source (the English changed since "
            "the file was exported?); not imported: export the release again and have the "
            "changed units translated",
        ), None
    line = entry.line
    if unit.source != entry.msgid:
        return Outcome(
            unit,
            "refused",
            f"{name}: its source differs from the msgid of the PO entry on line {line} "
            "(edited in the CAT tool?); not imported: the English changes only in the "
            "sources, then extract and export again",
            line,
        ), None
    fuzzy = unit.status != "reviewed"
    if unit.status == "untranslated" or (unit.target == unit.source and unit.state in NOT_STARTED):
        return Outcome(unit, "empty", entry_line=line), None
    if unit.target == entry.msgstr and fuzzy == entry.fuzzy:
        return Outcome(unit, "unchanged", entry_line=line), None
    if unit.base is not None and base_digest(unit.target, fuzzy) == unit.base:
        # The CAT tool left the unit as it was exported: nothing to take, whatever the
        # PO entry became since (a translator's newer edit is no conflict, and --force
        # must not put the exported text back over it).
        return Outcome(unit, "unchanged", entry_line=line), None
    problems = safety_problems(entry.msgid, unit.target)
    if problems:
        return Outcome(
            unit, "refused", f"{name}: translation refused: {'; '.join(problems)}", line
        ), None
    changed_since = _changed_since(unit, entry)
    if changed_since and not force:
        return Outcome(
            unit,
            "conflict",
            f"{name}: {changed_since} (line {line}); the PO entry was kept: compare the two "
            "and keep one (or import again with --force to take the XLIFF's)",
            line,
        ), None
    updated = replace(
        entry,
        msgstr=unit.target,
        fuzzy=fuzzy,
        previous_msgid=entry.previous_msgid if fuzzy else None,
        previous_msgctxt=entry.previous_msgctxt if fuzzy else None,
    )
    if changed_since:
        return Outcome(
            unit, "forced", f"{name}: {changed_since}; overwritten (--force)", line
        ), updated
    return Outcome(unit, "imported", entry_line=line), updated


def _changed_since(unit: XliffUnit, entry: Entry) -> str:
    """Why the PO entry may hold a translation newer than the unit's ("": it does not)."""
    if unit.base is None:
        if not entry.msgstr:
            return ""
        return (
            "the XLIFF file does not record the translation it was exported with (the CAT "
            "tool dropped it), and the PO entry has a translation"
        )
    if unit.base != base_digest(entry.msgstr, entry.fuzzy):
        return "the PO entry was changed since the XLIFF file was exported"
    return ""


def _excerpt(text: str, size: int = 40) -> str:
    flat = " ".join(plain(text).split())
    return flat if len(flat) <= size else flat[: size - 1].rstrip() + "…"
