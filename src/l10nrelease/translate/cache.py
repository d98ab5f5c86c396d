"""A persistent cache of machine translations (SQLite, outside locales/, ignored by git),
keyed by engine, languages and the masked text: a second run sends nothing."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from pathlib import Path

from ..errors import L10nError


class TranslationCache:
    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(str(path), check_same_thread=False)
            self._db.execute(
                "CREATE TABLE IF NOT EXISTS translations (engine TEXT, source TEXT, "
                "target TEXT, text TEXT, translation TEXT, "
                "PRIMARY KEY (engine, source, target, text))"
            )
            self._db.commit()
        except (OSError, sqlite3.Error) as exc:
            raise L10nError(f"cannot open the translation cache: {exc}", path=path) from None

    def get(
        self, engines: Sequence[str], source: str, target: str, texts: Iterable[str]
    ) -> dict[str, tuple[str, str]]:
        """Cached translations: text -> (engine, translation), first engine preferred."""
        found: dict[str, tuple[str, str]] = {}
        for engine in reversed(list(engines)):
            for text in texts:
                row = self._db.execute(
                    "SELECT translation FROM translations WHERE engine=? AND source=? AND "
                    "target=? AND text=?",
                    (engine, source, target, text),
                ).fetchone()
                if row:
                    found[text] = (engine, row[0])
        return found

    def put(self, engine: str, source: str, target: str, pairs: Iterable[tuple[str, str]]) -> None:
        self._db.executemany(
            "INSERT OR REPLACE INTO translations VALUES (?, ?, ?, ?, ?)",
            [(engine, source, target, text, translation) for text, translation in pairs],
        )
        self._db.commit()

    def close(self) -> None:
        self._db.close()
