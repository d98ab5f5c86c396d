"""The records earlier runs left, so that a run can skip what has not changed.

One module decides what is unchanged: one digest function, one record format, one
store. A record is a JSON value filed under a kind ("extract", "findings", "plan", …)
and a key that is a ``digest`` of everything the value depends on: file contents
(never timestamps), settings, the glossary, l10nrelease's own code. A changed input
gives another key, which finds no record, so nothing is ever invalidated by hand.

The store is one SQLite file, ``.l10nrelease/cache/records.sqlite``: lookups are one
query each, so memory does not grow with the number of records. Workers forked by a
command read it through their own connection; what they record is buffered and
travels back with their results (``drain``/``absorb``), so only the parent writes. A
missing, damaged or read-only store costs only the time to work everything out again.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sqlite3
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from . import __version__

#: The files of l10nrelease's own code: modules, page templates, the theme's CSS.
CODE_SUFFIXES = (".py", ".j2", ".css")
#: Where every cache of a project lives (ignored by git).
CACHE_FOLDER = ".l10nrelease/cache"
_STORE = "records.sqlite"


def store_path(root: Path) -> Path:
    """The record store of the project at ``root``."""
    return root / CACHE_FOLDER / _STORE


def digest(*parts: str | bytes | None) -> str:
    """A SHA-256 of the parts, each length-prefixed (so ``("ab", "c")`` and
    ``("a", "bc")`` differ); ``None`` stands for a missing file or value."""
    hasher = hashlib.sha256()
    for part in parts:
        if part is None:
            hasher.update(b"\xff" * 8)
            continue
        # surrogateescape: a file name that is not UTF-8 still has its digest
        data = part.encode("utf-8", "surrogateescape") if isinstance(part, str) else part
        hasher.update(len(data).to_bytes(8, "big"))
        hasher.update(data)
    return hasher.hexdigest()


def file_digest(path: str | os.PathLike[str]) -> str | None:
    """The SHA-256 of a file's bytes, or None when it cannot be read."""
    try:
        with open(path, "rb") as stream:
            return hashlib.sha256(stream.read()).hexdigest()
    except OSError:
        return None


_CODE_DIGEST: str | None = None
PACKAGE = Path(__file__).resolve().parent


def code_digest() -> str:
    """A digest of l10nrelease's own code: a record made by other code is not reused."""
    global _CODE_DIGEST
    if _CODE_DIGEST is None:
        parts: list[str | bytes] = [__version__]
        for source in sorted(PACKAGE.rglob("*")):
            if source.suffix in CODE_SUFFIXES:
                parts += [source.relative_to(PACKAGE).as_posix(), source.read_bytes()]
        _CODE_DIGEST = digest(*parts)
    return _CODE_DIGEST


def _insert(db: sqlite3.Connection, records: Mapping[tuple[str, str], str]) -> None:
    db.executemany(
        "INSERT OR REPLACE INTO records VALUES (?, ?, ?)",
        [(kind, key, value) for (kind, key), value in records.items()],
    )


def _drop_provisional(db: sqlite3.Connection) -> None:
    db.executemany("DELETE FROM records WHERE kind = ?", [(kind + _PROVISIONAL,) for kind in _HELD])


#: Kinds that count only once the command ends (``flush``): keyed by a name, not by
#: content, a record of theirs taken as written early would outlive a run that then
#: failed (an index line of a page the failed build never published). Written early,
#: they wait under a provisional kind (``kind~``) that ``flush`` makes theirs.
_HELD = frozenset({"entry"})
_PROVISIONAL = "~"
#: The store's layout. Values in a table of their own rows, in the order they come,
#: and the (kind, key) index apart: a value is written once, where a table ordered by
#: key (``WITHOUT ROWID``) rewrote the pages its random key landed in at every batch (a
#: cold build of 1,000 releases wrote 55,000 pages for a 24 MB store; now 32,000, 17 MB).
_SCHEMA = 2
_CREATE = (
    "CREATE TABLE IF NOT EXISTS records "
    "(kind TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (kind, key))"
)
#: How many records wait in memory before they are written (in the parent only):
#: memory stays flat however many releases a command records.
SPILL_AT = 2000


#: The record of the code that made the others (``_forget_other_code``), and the kinds
#: kept when it changes: the index lines of the last good pages, which a build keeps
#: online while a page cannot be built, whatever code built them.
_CODE = ("code", "")
_KEPT_ACROSS_CODE = ("code", "entry", "entry" + _PROVISIONAL)


def _forget_other_code(db: sqlite3.Connection) -> None:
    """Remove the records another version of l10nrelease's code made: their keys hold
    that code's digest, so no run of this code can find them again, and the store would
    grow by a whole project's records at every upgrade."""
    current = json.dumps(code_digest())
    row = db.execute("SELECT value FROM records WHERE kind = ? AND key = ?", _CODE).fetchone()
    if row is not None and row[0] == current:
        return
    marks = ", ".join("?" for _ in _KEPT_ACROSS_CODE)
    with db:
        db.execute(f"DELETE FROM records WHERE kind NOT IN ({marks})", _KEPT_ACROSS_CODE)
        db.execute("INSERT OR REPLACE INTO records VALUES (?, ?, ?)", (*_CODE, current))


class Records:
    """The project's record store (see the module docstring)."""

    def __init__(self, folder: Path) -> None:
        self.path = folder / _STORE
        self._connection: sqlite3.Connection | None = None
        self._pid = 0
        self._owner = os.getpid()  # workers send their records here: only it writes
        self._broken = False
        self._pending: dict[tuple[str, str], str] = {}
        self._waiting = 0
        #: whether held records of this command wait in the store (provisionally)
        self._provisional = False
        #: whether the store held records of a kind when first asked (``holds``), and
        #: the kinds recorded here since
        self._kinds: dict[str, bool] = {}
        self._pending_kinds: set[str] = set()

    def _db(self) -> sqlite3.Connection | None:
        if self._broken:
            return None
        if self._connection is not None and self._pid == os.getpid():
            return self._connection
        # A forked worker never uses its parent's connection.
        self._connection, self._pid = None, os.getpid()
        for attempt in range(2):
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                connection = sqlite3.connect(str(self.path), timeout=30)
                connection.execute("PRAGMA journal_mode=WAL")
                connection.execute("PRAGMA synchronous=OFF")  # a cache: losing it is harmless
                (schema,) = connection.execute("PRAGMA user_version").fetchone()
                if schema != _SCHEMA:
                    with connection:  # a store of another layout: start afresh
                        connection.execute("DROP TABLE IF EXISTS records")
                        connection.execute(_CREATE)
                        connection.execute(f"PRAGMA user_version = {_SCHEMA}")
                if os.getpid() == self._owner:
                    with contextlib.suppress(sqlite3.Error):  # (locked, read-only: later)
                        _forget_other_code(connection)
                self._connection = connection
                return connection
            except sqlite3.DatabaseError:
                # Not a database (damaged, or another program's file): start afresh.
                if attempt == 0:
                    with contextlib.suppress(OSError):
                        self.path.unlink()
                    continue
            except (OSError, sqlite3.Error):
                pass
            break
        self._broken = True  # a read-only project: work everything out every time
        return None

    def get(self, kind: str, key: str) -> Any | None:
        """The value recorded under ``kind`` and ``key``, or None."""
        pending = self._pending.get((kind, key))
        if pending is not None:
            return json.loads(pending)
        db = self._db()
        if db is None:
            return None
        kinds = [kind]
        if self._provisional and kind in _HELD:
            kinds.insert(0, kind + _PROVISIONAL)  # recorded by this command, not yet final
        try:
            for one in kinds:
                row = db.execute(
                    "SELECT value FROM records WHERE kind = ? AND key = ?", (one, key)
                ).fetchone()
                if row:
                    return json.loads(row[0])
        except (sqlite3.Error, ValueError):
            pass
        return None

    def holds(self, kind: str) -> bool:
        """Whether any record of ``kind`` may be here (an empty store, a first run,
        holds none: its files need not be read to look their records up)."""
        if kind in self._pending_kinds:
            return True
        known = self._kinds.get(kind)
        if known is None:
            db = self._db()
            try:
                row = (
                    None
                    if db is None
                    else db.execute(
                        "SELECT 1 FROM records WHERE kind = ? LIMIT 1", (kind,)
                    ).fetchone()
                )
            except sqlite3.Error:
                row = None
            known = self._kinds[kind] = row is not None
        return known

    def put(self, kind: str, key: str, value: Any) -> None:
        """Record ``value`` (JSON-compatible); written by ``flush``, or earlier when
        many wait and the kind's key is its content's."""
        self._pending[(kind, key)] = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
        self._pending_kinds.add(kind)
        self._count()

    def _count(self) -> None:
        self._waiting += 1
        if self._waiting >= SPILL_AT and os.getpid() == self._owner:
            self._spill()

    def _spill(self) -> None:
        """Write the waiting records, those of held kinds provisionally: memory stays
        flat however many releases a command records."""
        self._waiting = 0
        db = self._db()
        if db is None or not self._pending:
            return
        rows = {
            (kind + _PROVISIONAL if kind in _HELD else kind, key): value
            for (kind, key), value in self._pending.items()
        }
        try:
            with db:
                if not self._provisional and any(kind in _HELD for kind, _ in self._pending):
                    # What a command that did not finish left provisionally is void.
                    _drop_provisional(db)
                    self._provisional = True
                _insert(db, rows)
        except sqlite3.Error:
            return  # kept in memory: flush tries again
        self._pending.clear()
        self._kinds.clear()

    def drain(self) -> dict[tuple[str, str], str]:
        """Take what was recorded here and not yet written (a worker sends it back)."""
        pending, self._pending = self._pending, {}
        return pending

    def absorb(self, pending: Mapping[tuple[str, str], str]) -> None:
        """Take over what a worker recorded."""
        self._pending.update(pending)
        self._pending_kinds.update(kind for kind, _ in pending)
        for _item in pending:
            self._count()

    def forget(self, kind: str, keys: Iterable[str]) -> None:
        """Remove what is recorded under ``kind`` and each of ``keys`` (waiting, or
        written already)."""
        rows = [(kind, key) for key in keys]
        for row in rows:
            self._pending.pop(row, None)
        db = self._db()
        if db is None:
            return
        with contextlib.suppress(sqlite3.Error), db:
            db.executemany("DELETE FROM records WHERE kind = ? AND key = ?", rows)

    def flush(self, *, keep_only: Mapping[str, Iterable[str]] | None = None) -> None:
        """Write what was recorded, in one transaction. ``keep_only`` maps a kind to the
        keys still in use: the kind's other records are removed (after a full run)."""
        pending = self.drain()
        self._waiting = 0
        if not pending and not keep_only and not self._provisional:
            return
        db = self._db()
        if db is None:
            return
        try:
            with db:
                if self._provisional:  # this command's, now final
                    for kind in _HELD:
                        db.execute(
                            "INSERT OR REPLACE INTO records SELECT ?, key, value FROM records "
                            "WHERE kind = ?",
                            (kind, kind + _PROVISIONAL),
                        )
                    self._provisional = False
                _drop_provisional(db)  # and those of a command that did not finish
                _insert(db, pending)
                self._kinds.clear()
                for kind, keys in (keep_only or {}).items():
                    db.execute("CREATE TEMP TABLE IF NOT EXISTS keep (key TEXT PRIMARY KEY)")
                    db.execute("DELETE FROM keep")
                    db.executemany("INSERT OR IGNORE INTO keep VALUES (?)", [(k,) for k in keys])
                    db.execute(
                        "DELETE FROM records WHERE kind = ? AND key NOT IN (SELECT key FROM keep)",
                        (kind,),
                    )
        except sqlite3.Error:
            pass  # a full disk or a read-only folder: the next run works it out again

    def close(self) -> None:
        if self._connection is not None and self._pid == os.getpid():
            with contextlib.suppress(sqlite3.Error):
                self._connection.close()
        self._connection = None
