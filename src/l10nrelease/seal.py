"""A command's last answer, given again while nothing it read or wrote has changed.

``extract`` and ``build`` decide by content what to redo (``records``), but deciding
costs a start: importing the stages, reading the settings and the glossary, hashing
every source, PO file and page. So after a full run the command *seals* what it
leaves: the size, modification and change times and inode of every file and the name
of every folder under the folders it reads and writes (and of l10nrelease's own code,
and the names in the folders its libraries are installed in), as one SHA-256 of them
all, and what a rerun would print. The next run with the same arguments, from the same
folder, by the same Python and the same copy of l10nrelease, compares those, one
``stat`` per file and no reading, and when every one is as sealed it prints the sealed
answer, importing nothing else. Anything else (a file saved, even with the same bytes,
added or removed; other settings; another version of l10nrelease or of a library;
another command holding the project's lock; what a killed command left to tidy) and the
command runs as usual and decides by content.

A stat proves a file unchanged only when its time is older than the clock's step:
a write in the same tick keeps the time (git calls such index entries "racy"). A file
changed within ``_MARGIN`` of the seal has its SHA-256 sealed, and that is compared
instead. And a seal is made only when every file changed during the run is one the
command wrote, with the bytes it wrote: a translator's save made meanwhile must be
read by the next run, not sealed.

The standard library and the record store only: this module is imported before any
stage.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import sqlite3
import sys
import time
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from . import __version__
from .records import CODE_SUFFIXES, Records, file_digest

#: How close to a moment a file's time must be to be "racy": a few clock ticks on
#: Linux, and two seconds where the file system keeps whole seconds (FAT: two).
_MARGIN = 50_000_000
_MARGIN_WHOLE_SECONDS = 2_000_000_000

#: A temporary file of ``fsutil.stage``/``write_atomic``: ``.<name>.<8 random>.tmp``
#: (what a killed command leaves, and the next command's lock holder removes).
TEMPORARY = re.compile(r"^\..+\.[a-z0-9_]{8}\.tmp$")

#: What is watched of a folder: "tree", every file and folder under it; "code", the
#: files of l10nrelease's own code under it (not its bytecode); "names", only the
#: names in it (a folder of installed libraries: an upgrade renames their metadata).
Watched = tuple[str, str]

_KIND = "seal"


def key(*parts: object) -> str:
    """What a seal is filed under: the command, its arguments, the folders, and the
    Python and the copy of l10nrelease that run it."""
    here = os.path.dirname(os.path.abspath(__file__))
    text = json.dumps([*parts, sys.executable, sys.version, here], default=str)
    return hashlib.sha256(text.encode("utf-8", "surrogateescape")).hexdigest()


class _Unsealable(Exception):
    """What is on disk cannot be proved unchanged by stats alone."""


def _stat(stat: os.stat_result) -> tuple[int, int, int, int]:
    return stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino


#: A watched entry: its path, and its stat (None for a folder, or a name in a folder
#: of libraries: only that it is there counts).
_Entry = tuple[str, "tuple[int, int, int, int] | None"]


def _walk(folder: str, mode: str) -> Iterator[_Entry]:
    """Every file under ``folder`` with its stat, and every folder, name by name in
    each folder (the same order while nothing changes); or the file ``folder`` itself;
    nothing when there is none. A link anywhere raises ``_Unsealable``: a stat of the
    link would not see its target change."""
    if os.path.islink(folder):
        raise _Unsealable
    if mode == "names":
        try:
            names = sorted(os.listdir(folder))
        except FileNotFoundError:
            return
        yield folder, None
        for name in names:
            yield os.path.join(folder, name), None
        return
    pending = [folder]
    first = True
    while pending:
        here = pending.pop()
        try:
            with os.scandir(here) as found:
                entries = sorted(found, key=lambda entry: entry.name)
        except FileNotFoundError:
            if first:
                return
            raise _Unsealable from None
        except NotADirectoryError:
            if first:
                yield folder, _stat(os.stat(folder))
                return
            raise _Unsealable from None
        if first:
            yield folder, None  # there, and a folder (an empty one is not a missing one)
        first = False
        for entry in entries:
            if entry.is_symlink():
                raise _Unsealable
            if entry.is_dir():
                if mode == "code" and entry.name == "__pycache__":
                    continue
                yield entry.path, None
                pending.append(entry.path)
            elif mode != "code" or entry.name.endswith(CODE_SUFFIXES):
                yield entry.path, _stat(entry.stat())


def _entries(watched: Sequence[Watched]) -> Iterator[_Entry]:
    """Every watched entry, folder by folder (one walk for sealing and comparing)."""
    try:
        for folder, mode in watched:
            yield from _walk(folder, mode)
    except OSError:
        raise _Unsealable from None


def _fingerprint(entries: Iterator[_Entry]) -> str:
    """The SHA-256 of every entry's path and stat: what a seal keeps of the files it
    watches (a digest, not the stats of a big project's 60,000 files)."""
    hasher = hashlib.sha256()
    batch: list[str] = []
    for path, stat in entries:
        batch.append(f"{path}\0{stat}\n" if stat else f"{path}\0\n")
        if len(batch) >= 4096:
            hasher.update("".join(batch).encode("utf-8", "surrogateescape"))
            batch.clear()
    hasher.update("".join(batch).encode("utf-8", "surrogateescape"))
    return hasher.hexdigest()


def _margin(stat: tuple[int, int, int, int]) -> int:
    whole = stat[1] % 1_000_000_000 == 0 and stat[2] % 1_000_000_000 == 0
    return _MARGIN_WHOLE_SECONDS if whole else _MARGIN


def _real(watched: Sequence[Watched], store: str) -> dict[str, str]:
    """Where each watched path and the record store and lock really are: a folder on
    the way moved and replaced by a link keeps its files' stats, not its real path."""
    paths = [folder for folder, _mode in watched]
    paths += [store, os.path.join(os.path.dirname(store), "lock")]
    return {path: os.path.realpath(path) for path in paths}


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
    tidy: Sequence[str] = (),
    build: str = "",
) -> bool:
    """Seal the answer ``lines`` (``(to_stderr, text)``) and exit ``code`` of a run
    that started at ``started_ns``, under ``name``, valid until the time ``until``
    (seconds since the epoch; 0: for ever) while the files ``watched`` stay as they
    are now and the folders ``tidy`` hold nothing a killed command left (temporary
    files; the swap folders of the build folder named ``build``). ``written``
    maps the path of every file the run may have changed to the SHA-256 of what it
    left there. Returns whether a seal was made (not when a file changed during the
    run otherwise, or cannot be proved unchanged by its stat)."""
    now = time.time_ns()
    racy: dict[str, str] = {}

    def checked(entries: Iterator[_Entry]) -> Iterator[_Entry]:
        """The entries, each file changed since the run started or within the clock's
        step of now read: the run's own, or no seal; a racy one's digest kept."""
        for path, stat in entries:
            if stat:  # a file (a folder or a library's name has nothing to compare)
                changed = max(stat[1], stat[2])
                margin = _margin(stat)
                during, recent = changed >= started_ns - margin, changed >= now - margin
                if during or recent:
                    sha = file_digest(path)
                    if during and (sha is None or written.get(path) != sha):
                        raise _Unsealable  # changed by someone else: read it next time
                    if recent:
                        if sha is None:
                            raise _Unsealable
                        racy[path] = sha
            yield path, stat

    try:
        files = _fingerprint(checked(_entries(watched)))
    except _Unsealable:
        return False
    value = {
        "watched": watched,
        "real": _real(watched, str(records.path)),
        "files": files,
        "racy": racy,
        "tidy": tidy,
        "build": build,
        "lines": lines,
        "code": code,
        "until": until,
    }
    if not _utf8(value):
        return False  # a file name that is not UTF-8: worked out every time
    records.put(_KIND, name, value)
    records.flush()
    return True


def _utf8(value: Any) -> bool:
    """Whether every text in ``value`` (a seal, a JSON value) can be written as UTF-8:
    a file name that is not UTF-8 reaches here with surrogates. Checked text by text,
    not by encoding a copy of the whole seal (megabytes for a big project)."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if not item.isascii():
                try:
                    item.encode("utf-8")
                except UnicodeEncodeError:
                    return False
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list | tuple):
            stack.extend(item)
    return True


@contextlib.contextmanager
def _unlocked(store: str) -> Iterator[bool]:
    """Whether no other command holds the project's lock (``lock.locked``, which
    ``filelock`` takes with ``flock``), holding it meanwhile; False where it cannot be
    told (then the command runs as usual, and waits for the lock)."""
    try:
        import fcntl
    except ImportError:
        yield False
        return
    try:
        descriptor = os.open(os.path.join(os.path.dirname(store), "lock"), os.O_RDWR)
    except FileNotFoundError:
        yield True  # no command has ever locked this project
        return
    except OSError:
        yield False
        return
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            yield False
            return
        yield True
    finally:
        os.close(descriptor)  # releases the lock


def _left_behind(folders: Sequence[str], build: str) -> bool:
    """Whether a killed command left something that the next command tidies."""
    swaps = (f".{build}.old-", f".{build}.staging-") if build else ()
    for folder in folders:
        try:
            names = os.listdir(folder)
        except OSError:
            continue
        for name in names:
            if TEMPORARY.match(name) or (swaps and name.startswith(swaps)):
                return True
    return False


def _valid(value: Any, store: str) -> tuple[list[tuple[bool, str]], int] | None:
    """The sealed answer, if every file is as sealed and nothing else is due."""
    if not isinstance(value, dict):
        return None
    until = value["until"]
    if until and time.time() >= float(until):
        return None  # an embargo has ended since: the pages are due
    watched = [(str(folder), str(mode)) for folder, mode in value["watched"]]
    if _real(watched, store) != value["real"]:
        return None  # a link on the way: worked out (and refused) as usual
    if _left_behind([str(folder) for folder in value["tidy"]], str(value["build"])):
        return None
    if _fingerprint(_entries(watched)) != value["files"]:
        return None
    for path, sha in dict(value["racy"]).items():
        if file_digest(path) != sha:
            return None
    lines = [(bool(to_stderr), str(text)) for to_stderr, text in value["lines"]]
    return lines, int(value["code"])


def sealed(store: str, name: str) -> tuple[list[tuple[bool, str]], int] | None:
    """The answer sealed under ``name`` in the record store at ``store``, with its exit
    code, if every file it watches is as sealed and no other command holds the lock;
    otherwise None."""
    if not os.path.isfile(store):
        return None
    with _unlocked(store) as free:
        if not free:
            return None
        try:
            connection = sqlite3.connect(f"file:{store}?mode=ro", uri=True, timeout=0.1)
            try:
                row = connection.execute(
                    "SELECT value FROM records WHERE kind = ? AND key = ?", (_KIND, name)
                ).fetchone()
            finally:
                connection.close()
            return _valid(json.loads(row[0]), store) if row else None
        except (
            sqlite3.Error,
            _Unsealable,
            ValueError,
            TypeError,
            KeyError,
            AttributeError,
            OverflowError,
            RecursionError,
        ):
            return None  # a damaged or foreign record: worked out as usual


def command_name(command: str, params: object, root: str) -> str | None:
    """What a command's seal is filed under: the command and its parameters (not
    --jobs: the answer is the same; ``launch.PLAIN`` when every one is at its default),
    the project, the folder it runs from (paths in messages are shown from there), and
    the settings of the environment it reads. None when the current folder is gone:
    then no seal is made, and none given."""
    try:
        here = os.getcwd()
    except OSError:
        return None
    lock_wait = os.environ.get("L10NRELEASE_LOCK_WAIT")
    return key(__version__, command, params, root, here, lock_wait)


def replay(
    project_dir: str | None, command: str, params: object
) -> tuple[list[tuple[bool, str]], int] | None:
    """The sealed answer of ``command`` with ``params`` in the project at or above
    ``project_dir`` (None: the current folder), if nothing it read or wrote has changed
    since; otherwise None (the command is to run)."""
    from .records import store_path
    from .root import project_root

    try:
        root = project_root(None if project_dir is None else Path(project_dir))
    except OSError:
        return None
    name = command_name(command, params, str(root)) if root is not None else None
    if root is None or name is None:
        return None
    return sealed(str(store_path(root)), name)
