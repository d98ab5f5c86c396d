"""A command's last answer, given again while nothing it read or wrote has changed.

``extract`` and ``build`` decide by content what to redo (``records``), but deciding
costs a start: importing the stages, reading the settings and the glossary, hashing
every source, PO file and page. So after a full run the command *seals* what it
leaves: the size, modification and change times and inode of every file under the
folders it reads and writes (and of l10nrelease's own code), and what a rerun would
print. The next run with the same arguments from the same folder compares those, one
``stat`` per file and no reading, and when every file is as sealed it prints the
sealed answer, importing nothing else. Anything else (a file saved, even with the
same bytes, added or removed; other settings; another version of l10nrelease) and
the command runs as usual and decides by content.

A stat proves a file unchanged only when its time is older than the clock's step:
a write in the same tick keeps the time (git calls such index entries "racy"). A file
changed within ``_MARGIN`` of the seal has its SHA-256 sealed, and that is compared
instead. And a seal is made only when every file changed during the run is one the
command wrote, with the bytes it wrote: a translator's save made meanwhile must be
read by the next run, not sealed.

Standard library only: this module is imported before any stage.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import time
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .records import Records

#: How close to a moment a file's time must be to be "racy": two clock ticks on
#: Linux, and two seconds where the file system keeps whole seconds (FAT: two).
_MARGIN = 50_000_000
_MARGIN_WHOLE_SECONDS = 2_000_000_000

#: A folder to watch: its path, and the endings of the files that count (None: all).
Watched = tuple[str, tuple[str, ...] | None]
Snapshot = dict[str, dict[str, list[int]] | None]

_KIND = "seal"


def key(*parts: object) -> str:
    """What a seal is filed under: the command, its arguments, the folders."""
    text = json.dumps(parts, default=str, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _stat(stat: os.stat_result) -> list[int]:
    return [stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino]


def _walk(folder: str, suffixes: tuple[str, ...] | None) -> dict[str, list[int]] | None:
    """Every file under ``folder`` (by relative name) with its stat, or the file
    ``folder`` itself (as ``""``); None when there is none. A link anywhere raises
    ``_Unsealable``: a stat of the link would not see its target change."""
    if os.path.islink(folder):
        raise _Unsealable
    found: dict[str, list[int]] = {}
    pending = [""]
    first = True
    while pending:
        relative = pending.pop()
        try:
            entries = os.scandir(os.path.join(folder, relative) if relative else folder)
        except FileNotFoundError:
            if first:
                return None
            raise _Unsealable from None
        except NotADirectoryError:
            if first:
                return {"": _stat(os.stat(folder))}
            raise _Unsealable from None
        except OSError:
            raise _Unsealable from None
        first = False
        with entries:
            for entry in entries:
                name = f"{relative}/{entry.name}" if relative else entry.name
                if entry.is_symlink():
                    raise _Unsealable
                if entry.is_dir():
                    if entry.name != "__pycache__":
                        pending.append(name)
                    continue
                if suffixes is not None and not entry.name.endswith(suffixes):
                    continue
                found[name] = _stat(entry.stat())
    return found


class _Unsealable(Exception):
    """What is on disk cannot be proved unchanged by stats alone."""


def snapshot(watched: Sequence[Watched]) -> Snapshot:
    """The stat of every watched file, by folder (one function for sealing and
    comparing)."""
    try:
        return {folder: _walk(folder, suffixes) for folder, suffixes in watched}
    except OSError:
        raise _Unsealable from None


def _sha(path: str) -> str | None:
    try:
        with open(path, "rb") as stream:
            return hashlib.sha256(stream.read()).hexdigest()
    except OSError:
        return None


def _margin(stat: list[int]) -> int:
    whole = stat[1] % 1_000_000_000 == 0 and stat[2] % 1_000_000_000 == 0
    return _MARGIN_WHOLE_SECONDS if whole else _MARGIN


def seal(
    records: Records,
    name: str,
    watched: Sequence[Watched],
    *,
    started_ns: int,
    written: Mapping[str, str | None],
    lines: Sequence[tuple[bool, str]],
    code: int,
    until: float = 0.0,
) -> bool:
    """Seal the answer ``lines`` (``(to_stderr, text)``) and exit ``code`` of a run
    that started at ``started_ns``, under ``name``, valid until the time ``until``
    (seconds since the epoch; 0: for ever) while the files ``watched`` stay as they
    are now. ``written`` maps the path of every
    file the run may have changed to the SHA-256 of what it left there. Returns
    whether a seal was made (not when a file changed during the run otherwise, or
    cannot be proved unchanged by its stat)."""
    now = time.time_ns()
    try:
        files = snapshot(watched)
    except _Unsealable:
        return False
    racy: dict[str, str] = {}
    for folder, entries in files.items():
        for relative, stat in (entries or {}).items():
            changed = max(stat[1], stat[2])
            margin = _margin(stat)
            if changed < started_ns - margin and changed < now - margin:
                continue
            path = os.path.join(folder, relative) if relative else folder
            sha = _sha(path)
            if changed >= started_ns - margin and (
                path not in written or written[path] is None or written[path] != sha
            ):
                return False  # changed during the run by someone else: read it next time
            if changed >= now - margin:
                if sha is None:
                    return False
                racy[path] = sha
    value = {
        "watched": watched,
        "files": files,
        "racy": racy,
        "lines": lines,
        "code": code,
        "until": until,
    }
    records.put(_KIND, name, value)
    records.flush()
    return True


def sealed(store: str, name: str) -> tuple[list[Any], int] | None:
    """The answer sealed under ``name`` in the record store at ``store``, with its exit
    code, if every file it watches is as sealed; otherwise None."""
    if not os.path.isfile(store):
        return None
    try:
        connection = sqlite3.connect(f"file:{store}?mode=ro", uri=True, timeout=0.1)
        try:
            row = connection.execute(
                "SELECT value FROM records WHERE kind = ? AND key = ?", (_KIND, name)
            ).fetchone()
        finally:
            connection.close()
        value = json.loads(row[0]) if row else None
    except (sqlite3.Error, ValueError):
        return None
    if not isinstance(value, dict):
        return None
    until = value.get("until")
    if until and time.time() >= until:
        return None  # an embargo has ended since: the pages are due
    try:
        watched = [
            (folder, tuple(suffixes) if suffixes else None) for folder, suffixes in value["watched"]
        ]
        if snapshot(watched) != value.get("files"):
            return None
    except (_Unsealable, KeyError, TypeError, ValueError):
        return None
    for path, sha in value.get("racy", {}).items():
        if _sha(path) != sha:
            return None
    return value.get("lines", []), int(value.get("code", 0))
