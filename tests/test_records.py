"""The record store: what waits in memory is written early, except what must not
outlive a failed run."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from l10nrelease import records as records_module
from l10nrelease.records import Records


def _stored(records: Records) -> set[tuple[str, str]]:
    with sqlite3.connect(records.path) as db:
        found = {
            (kind, key)
            for kind, key in db.execute("SELECT kind, key FROM records WHERE kind != 'code'")
        }
    db.close()
    return found


def test_records_are_written_early_index_lines_only_provisionally(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(records_module, "SPILL_AT", 3)
    records = Records(tmp_path)
    records.get("findings", "0")  # the store exists
    records.put("entry", "ru/a", {"title": "a"})  # keyed by page, not by content
    records.put("findings", "1", [])
    assert _stored(records) == set()
    records.put("findings", "2", [])
    # Written, but an index line only under the provisional kind, which no other
    # command reads: it is not the page's until this command ends well.
    assert _stored(records) == {("entry~", "ru/a"), ("findings", "1"), ("findings", "2")}
    assert records.get("entry", "ru/a") == {"title": "a"}  # this command reads it
    assert Records(tmp_path).get("entry", "ru/a") is None  # another does not
    records.flush()
    assert _stored(records) == {("entry", "ru/a"), ("findings", "1"), ("findings", "2")}
    assert Records(tmp_path).get("entry", "ru/a") == {"title": "a"}


def test_the_index_lines_of_a_command_that_did_not_finish_are_void(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(records_module, "SPILL_AT", 2)
    first = Records(tmp_path)
    first.put("entry", "ru/a", {"title": "new"})
    first.put("findings", "1", [])
    assert ("entry~", "ru/a") in _stored(first)  # then the command fails: no flush
    second = Records(tmp_path)
    assert second.get("entry", "ru/a") is None
    second.put("findings", "2", [])
    second.flush()
    assert _stored(second) == {("findings", "1"), ("findings", "2")}
    again = Records(tmp_path)  # fails the same way
    again.put("entry", "ru/a", {"title": "new"})
    again.put("findings", "1", [])
    third = Records(tmp_path)  # a later command that writes index lines of its own
    third.put("entry", "ru/b", {"title": "b"})
    third.put("findings", "3", [])
    third.flush()
    assert ("entry", "ru/a") not in _stored(third)
    assert ("entry", "ru/b") in _stored(third)


def test_a_worker_never_writes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Forked workers send their records to the parent, which alone writes."""
    monkeypatch.setattr(records_module, "SPILL_AT", 1)
    records = Records(tmp_path)
    records.get("findings", "0")  # the store exists
    monkeypatch.setattr(os, "getpid", lambda: -1)  # as in a worker
    records.put("findings", "1", [])
    assert _stored(records) == set()
    assert records.drain() == {("findings", "1"): "[]"}


def test_a_store_of_the_earlier_layout_is_started_afresh(tmp_path: Path) -> None:
    """A store written by an earlier l10nrelease (values ordered by key, ``WITHOUT
    ROWID``, no layout number) is replaced by one of today's layout: its records were
    made by other code, so none would be reused anyway."""
    path = tmp_path / "records.sqlite"
    with sqlite3.connect(path) as db:
        db.execute(
            "CREATE TABLE records (kind TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT "
            "NULL, PRIMARY KEY (kind, key)) WITHOUT ROWID"
        )
        db.execute("INSERT INTO records VALUES ('findings', 'old', '[]')")
    db.close()
    records = Records(tmp_path)
    assert records.get("findings", "old") is None
    records.put("findings", "new", [1])
    records.flush()
    assert Records(tmp_path).get("findings", "new") == [1]
    with sqlite3.connect(path) as db:
        (layout,) = db.execute("PRAGMA user_version").fetchone()
        (sql,) = db.execute("SELECT sql FROM sqlite_master WHERE name = 'records'").fetchone()
    db.close()
    assert layout == records_module._SCHEMA and "WITHOUT ROWID" not in sql


def test_a_store_tells_whether_it_holds_a_kind(tmp_path: Path) -> None:
    """``holds``: a first run's store has nothing to look up (its files need not be read
    for it); what this command or an earlier one recorded is there."""
    records = Records(tmp_path)
    assert not records.holds("observed")
    records.put("observed", "a", [])
    assert records.holds("observed") and not records.holds("findings")
    records.flush()
    later = Records(tmp_path)
    assert later.holds("observed") and not later.holds("findings")


def test_records_of_other_code_are_forgotten(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After an upgrade (another digest of l10nrelease's code) no key of the old code's
    records can be asked for again: they are removed, not kept for ever, except the
    index lines of the last good pages, which a build keeps online whatever code made
    them. A store that cannot be written is read as it is."""
    records = Records(tmp_path)
    records.put("findings", "a", [1])
    records.put("entry", "page", {"slug": "x"})
    records.flush()
    records.close()
    assert Records(tmp_path).get("findings", "a") == [1]  # the same code: kept
    monkeypatch.setattr(records_module, "code_digest", lambda: "the next version")
    upgraded = Records(tmp_path)
    assert upgraded.get("findings", "a") is None
    assert upgraded.get("entry", "page") == {"slug": "x"}
    upgraded.put("findings", "b", [2])
    upgraded.flush()
    upgraded.close()
    with sqlite3.connect(upgraded.path) as db:
        kinds = {kind for (kind,) in db.execute("SELECT kind FROM records")}
    db.close()
    assert kinds == {"code", "entry", "findings"}
    assert Records(tmp_path).get("findings", "b") == [2]  # and the new code's stay

    def refused(db: sqlite3.Connection) -> None:
        raise sqlite3.OperationalError("attempt to write a readonly database")

    monkeypatch.setattr(records_module, "code_digest", lambda: "a third")
    monkeypatch.setattr(records_module, "_forget_other_code", refused)
    assert Records(tmp_path).get("findings", "b") == [2]  # read as it is, not started afresh
