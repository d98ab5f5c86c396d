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
        found = {(kind, key) for kind, key in db.execute("SELECT kind, key FROM records")}
    db.close()
    return found


def test_records_are_written_early_but_index_lines_wait(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(records_module, "SPILL_AT", 3)
    records = Records(tmp_path)
    records.get("findings", "0")  # the store exists
    records.put("entry", "ru/a", {"title": "a"})  # keyed by page, not by content
    records.put("findings", "1", [])
    records.put("findings", "2", [])
    assert _stored(records) == set()
    records.put("observed", "3", [])
    assert _stored(records) == {("findings", "1"), ("findings", "2"), ("observed", "3")}
    assert records.get("entry", "ru/a") == {"title": "a"}  # still waiting, still read
    records.flush()
    assert ("entry", "ru/a") in _stored(records)


def test_a_worker_never_writes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Forked workers send their records to the parent, which alone writes."""
    monkeypatch.setattr(records_module, "SPILL_AT", 1)
    records = Records(tmp_path)
    records.get("findings", "0")  # the store exists
    monkeypatch.setattr(os, "getpid", lambda: -1)  # as in a worker
    records.put("findings", "1", [])
    assert _stored(records) == set()
    assert records.drain() == {("findings", "1"): "[]"}
