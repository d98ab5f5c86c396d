"""``tm``: the translation memory of a project, exported to and imported from TMX.

The memory is every reviewed entry of the PO files under ``locales/<lang>/`` plus the
TMX files in the memory folder (``paths.memory``, default ``tm/``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..fsutil import update_file
from ..markup import safety_problems
from ..memory import Memory, MemoryUnit, units_from_entries
from ..tmx import TMXError, from_tmx, to_tmx
from . import Project


def memory_units(project: Project, language: str, *, tmx: bool = True) -> list[MemoryUnit]:
    """The reviewed translations of the project's PO files in ``language``, and those of
    the TMX files in the memory folder; never one that build would refuse, nor one the
    check finds an error in."""
    config = project.config
    units: list[MemoryUnit] = []
    for path in project.po_files(language):
        catalog, text = project.read_catalog(path, language=language)
        # What the check calls an error is not passed on either (a wrong figure, a
        # forbidden name): the memory holds what build would publish.
        findings = project.findings(
            catalog, text, language=language, date=project.release_date(path.stem)
        )
        wrong = {f.line for f in findings if f.severity == "error"}
        entries = [
            (e.msgid, e.msgstr, e.reviewed and e.line not in wrong)
            for e in catalog.active()
            if e.msgctxt is None
        ]
        units += units_from_entries(entries, path.stem)
    if tmx and config.memory is not None and project.inside(config.memory).is_dir():
        for path in sorted(
            p for p in project.inside(config.memory).iterdir() if p.suffix.lower() == ".tmx"
        ):
            try:
                data = project.inside(path).read_bytes()
            except OSError as exc:
                raise TMXError(f"cannot read: {exc.strerror}", path=project.shown(path)) from None
            found = from_tmx(
                data,
                path=project.shown(path),
                source_language=config.source_language,
                languages=[language],
            )
            units += found[language]
    return [unit for unit in units if not safety_problems(unit.source, unit.target)]


def load_memory(project: Project, language: str) -> Memory:
    return Memory(memory_units(project, language))


def tm_export(project: Project) -> str:
    config = project.config
    units = {lang: memory_units(project, lang) for lang in config.target_languages}
    project.save()
    return to_tmx(units, source_language=config.source_language)


@dataclass(frozen=True)
class TMImport:
    path: Path
    units: dict[str, int]


def tm_import(project: Project, source: Path, *, language: str | None = None) -> TMImport:
    """Check a TMX file and copy it into the memory folder, where pretranslate reads it.

    A PO file from another project or tool is read with polib, whose tolerance is right
    for files that are not ours (any charset it declares, plural entries, any layout):
    its reviewed singular entries become a TMX file in the memory folder.
    """
    config = project.config
    if source.suffix.lower() in {".po", ".pot"}:
        return _import_po(project, source, language)
    try:
        data = source.read_bytes()
    except OSError as exc:
        raise TMXError(f"cannot read: {exc.strerror}", path=str(source)) from None
    found = from_tmx(
        data,
        path=str(source),
        source_language=config.source_language,
        languages=config.target_languages,
    )
    if config.memory is None:
        raise TMXError("paths.memory is empty: no folder to import into", path=str(config.path))
    target = config.memory / f"{source.stem}.tmx"  # the memory reads .tmx files
    _write_new(project, target, data)
    return TMImport(target, {lang: len(units) for lang, units in found.items()})


def _write_new(project: Project, target: Path, data: str | bytes) -> None:
    """Add a file to the memory folder; one of the same name with other content is
    another memory, never overwritten."""
    payload = data.encode("utf-8") if isinstance(data, str) else data
    project.inside(target.parent)

    def change(before: bytes | None) -> bytes | None:
        if before is not None and before != payload:
            raise TMXError(
                "the memory folder already has a different file of this name; rename the "
                "file you import (or remove the old one), then import again",
                path=project.shown(target),
            )
        return None if before == payload else payload

    update_file(target, change)


def _import_po(project: Project, source: Path, language: str | None) -> TMImport:
    import polib

    config = project.config
    _refuse_undecodable(source)
    try:
        po = polib.pofile(str(source))
    except (OSError, UnicodeDecodeError, LookupError, ValueError) as exc:
        raise TMXError(
            f"cannot read this PO file: {exc}; open and save it in a PO editor first",
            path=str(source),
        ) from None
    declared = (po.metadata.get("Language") or "").replace("-", "_").split("_")[0]
    chosen = language or declared
    if chosen not in config.target_languages:
        raise TMXError(
            f"the file's language is '{chosen or 'not given'}'; name one of the project's "
            f"languages ({', '.join(config.target_languages)}) with --lang",
            path=str(source),
        )
    entries = [
        (entry.msgid, entry.msgstr, entry.translated())
        for entry in po
        if not entry.obsolete and not entry.msgid_plural and entry.msgid
    ]
    units = [
        unit
        for unit in units_from_entries(entries, source.name)
        if not safety_problems(unit.source, unit.target)
    ]
    if config.memory is None:
        raise TMXError("paths.memory is empty: no folder to import into", path=str(config.path))
    target = config.memory / f"{source.stem}.tmx"
    _write_new(project, target, to_tmx({chosen: units}, source_language=config.source_language))
    return TMImport(target, {chosen: len(units)})


def _refuse_undecodable(source: Path) -> None:
    """A PO file whose bytes are not in the charset it declares: named with its line."""
    import codecs
    import re

    try:
        raw = source.read_bytes()
    except OSError as exc:
        raise TMXError(f"cannot read: {exc.strerror}", path=str(source)) from None
    declared = re.search(rb"charset=([\w.-]+)", raw[:4096])
    charset = declared.group(1).decode("ascii", "replace") if declared else "utf-8"
    try:
        codecs.lookup(charset)
    except LookupError:
        raise TMXError(
            f"declares charset={charset}, which is not a character set; fix the "
            "Content-Type header",
            path=str(source),
        ) from None
    try:
        raw.decode(charset)
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise TMXError(
            f"not valid {charset} (byte 0x{raw[exc.start]:02x}); save it in the charset its "
            "header declares, or convert it: msgconv --to-code=UTF-8",
            path=str(source),
            line=line,
        ) from None
