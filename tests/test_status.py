"""status: counts in units and words, before and after emptying and pre-translating."""

from __future__ import annotations

import json
import re
from pathlib import Path

import polib

from l10nrelease.project.status import words

from .conftest import SAMPLE_SLUG, run_cli
from .mtserver import running

EMPTIED = ("Also taking part", "On the second day", "The event is part")


def _json(project: Path) -> dict:  # type: ignore[type-arg]
    result = run_cli("status", "--format", "json", cwd=project)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def test_words_count_like_translators() -> None:
    assert words("The <1>OSCE’s</1> co-hosts met 90 people.") == 6


def test_status_before_and_after_emptying_and_pretranslating(project: Path) -> None:
    before = _json(project)
    kk = next(row for row in before["rows"] if row["language"] == "kk")
    assert kk["units"] == 12 and kk["reviewed"] == 12 and kk["publish"] is True
    assert kk["words"] == kk["reviewed_words"] == 357
    assert before["languages"]["kk"]["publish"] == 1

    path = project / "locales" / "kk" / f"{SAMPLE_SLUG}.po"
    po = polib.pofile(str(path))
    emptied_words = 0
    for entry in po:
        if entry.msgid.startswith(EMPTIED):
            entry.msgstr = ""
            emptied_words += words(entry.msgid)
    po.save(str(path))
    middle = _json(project)
    kk = next(row for row in middle["rows"] if row["language"] == "kk")
    assert (kk["reviewed"], kk["untranslated"], kk["publish"]) == (9, 3, False)
    assert kk["reviewed_words"] == 357 - emptied_words

    with running() as server:
        config = project / "l10nrelease.toml"
        config.write_text(
            config.read_text() + f'\n[engines]\ngoogle = {{ url = "{server.base}/google" }}\n'
        )
        assert (
            run_cli("pretranslate", "--lang", "kk", "--engine", "google", cwd=project).returncode
            == 0
        )
    after = _json(project)
    kk = next(row for row in after["rows"] if row["language"] == "kk")
    assert (kk["reviewed"], kk["fuzzy_machine"], kk["untranslated"]) == (9, 3, 0)

    text = run_cli("status", cwd=project).stdout
    line = next(
        line for line in text.splitlines() if line.startswith(SAMPLE_SLUG) and " kk " in line
    )
    assert re.split(r"\s{2,}", line)[2:7] == ["12", "357", f"9 ({357 - emptied_words} w)", "0", "3"]
    assert "all releases (kk)" in text
