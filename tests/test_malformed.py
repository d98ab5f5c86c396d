"""Every file in tests/malformed/ ends in a clear error, exit status 2, nothing changed
(but build, which builds every page it can, and none of the bad file's).

Each case puts one malformed file into a copy of the sample project (a PO file, a
release, the glossary, the configuration) or hands it to an import command, runs the
real command line, and requires: exit status 2, one line naming the file (and the line
where there is one), no traceback, and every file of the project byte for byte as
before. Files the fuzzer (fuzz/fuzz_readers.py) finds go into tests/malformed/ too, and
are covered by ``test_every_file_in_the_corpus_is_a_case``.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from .conftest import SAMPLE_SLUG, run_cli, snapshot

CORPUS = Path(__file__).resolve().parent / "malformed"
RELEASE = "2017-02-01-malformed"

# (corpus file, where it goes in the project, commands, message pattern, line or None)
CASES: list[tuple[str, str, tuple[str, ...], str, int | None]] = [
    ("po/unterminated-string.po", "po", ("extract", "check", "build"), "not closed", 8),
    ("po/bad-escape.po", "po", ("extract", "check", "build"), r"unknown escape '\\q'", 9),
    ("po/duplicate-entry.po", "po", ("extract", "check", "build"), "appears twice", 11),
    ("po/truncated.po", "po", ("extract", "check", "build"), "has no msgstr", 8),
    ("po/plural-entry.po", "po", ("extract", "check", "build"), "plural entries", 8),
    ("po/garbage-line.po", "po", ("extract", "check", "build"), "neither a comment", 11),
    ("po/msgstr-before-msgid.po", "po", ("extract", "check", "build"), "msgstr without", 8),
    ("po/byte-order-mark.po", "po", ("extract", "check", "build"), "byte order mark", 1),
    ("po/lone-carriage-return.po", "po", ("extract", "check", "build"), "carriage return", 9),
    (
        "po/language-of-another-folder.po",
        "po",
        ("extract", "check", "build"),
        "the Language header says 'kk_KZ' but the file is in the 'ru' folder",
        3,
    ),
    ("po/charset-latin1.po", "po", ("extract", "check", "build"), "not valid UTF-8", 8),
    ("po/invalid-utf8.po", "po", ("extract", "check", "build"), "not valid UTF-8", 9),
    ("po/nul-byte.po", "po", ("extract", "check", "build"), "NUL byte", 9),
    ("html/truncated.html", "source", ("extract", "build"), "cut short", 6),
    ("html/nested-5000-deep.html", "source", ("extract", "build"), "nested more than 256", 2),
    ("html/no-text.html", "source", ("extract", "build"), "no translatable text", 1),
    ("html/not-utf8.html", "source", ("extract", "build"), "not valid UTF-8", 2),
    # Found by the fuzzer: lxml takes the page, then refuses the text when it is rebuilt.
    ("html/control-character.html", "source", ("extract", "build"), "U\\+000B", 6),
    ("glossary/broken-quoting.csv", "glossary", ("check", "extract"), "quoting", 2),
    ("glossary/missing-columns.csv", "glossary", ("check", "extract"), "no column for", 1),
    ("glossary/not-utf8.csv", "glossary", ("check", "extract"), "not valid UTF-8", 2),
    ("tbx/xxe.tbx", "import-tbx", ("glossary", "import"), "declares entities", 2),
    ("tbx/entity-bomb.tbx", "import-tbx", ("glossary", "import"), "declares entities", 2),
    ("tbx/own-dtd.tbx", "import-tbx", ("glossary", "import"), "DTD of its own", 2),
    ("tbx/xinclude.tbx", "import-tbx", ("glossary", "import"), "XInclude", 4),
    ("tbx/not-well-formed.tbx", "import-tbx", ("glossary", "import"), "not well-formed", 3),
    ("tmx/xxe.tmx", "import-tmx", ("tm", "import"), "declares entities", 2),
    ("tmx/entity-bomb.tmx", "import-tmx", ("tm", "import"), "declares entities", 2),
    ("tmx/undefined-entity.tmx", "import-tmx", ("tm", "import"), "entity &nbsp;", 5),
    ("toml/syntax-error.toml", "config", ("extract", "check", "build"), "invalid TOML", 1),
    ("toml/unknown-key.toml", "config", ("extract", "check", "build"), "did you mean", 5),
    ("toml/wrong-type-languages.toml", "config", ("extract",), "must be a list", 3),
    ("toml/wrong-type-path.toml", "config", ("extract",), "must be a string", 7),
    ("toml/wrong-type-threshold.toml", "config", ("extract",), "must be a number", 7),
    ("toml/path-outside.toml", "config", ("extract", "build"), "outside the project", 7),
    ("toml/absolute-path.toml", "config", ("extract", "build"), "must be relative", 7),
]

# Commands that take the file as an argument rather than finding it in the project.
_IMPORTS = {"import-tbx", "import-tmx"}


def _place(project: Path, case: str, where: str) -> tuple[str, list[str]]:
    """Put the malformed file in the project; how errors name it, and extra arguments."""
    source = CORPUS / case
    if where == "po":
        name = f"locales/ru/{SAMPLE_SLUG}.po"
    elif where == "source":
        name = f"sources/{RELEASE}.html"
    elif where == "glossary":
        name = "glossary.csv"
    elif where == "config":
        name = "l10nrelease.toml"
    else:
        return str(source), [str(source)]
    shutil.copy(source, project / name)
    return name, []


@pytest.mark.parametrize(("case", "where", "commands", "message", "line"), CASES)
def test_malformed_input_is_a_clear_error_and_changes_nothing(
    project: Path, case: str, where: str, commands: tuple[str, ...], message: str, line: int | None
) -> None:
    shown, extra = _place(project, case, where)
    before = snapshot(project)
    runs = [commands] if where in _IMPORTS else [(command,) for command in commands]
    for command in runs:
        result = run_cli(*command, *extra, cwd=project)
        assert result.returncode == 2, (command, result.stdout, result.stderr)
        error = result.stderr.strip().splitlines()
        if command == ("check",) and where == "po":
            # The other files are still checked, and the summary says one was not read.
            assert error[1:] == [
                "0 error(s), 0 warning(s) in 1 file(s) checked; 1 file(s) could not be read."
            ], result.stderr
            error = error[:1]
        assert len(error) == 1 and "Traceback" not in result.stderr, result.stderr
        location = f"{shown}:{line}: " if line is not None else f"{shown}: "
        assert error[0].startswith(f"error: {location}"), (command, error[0])
        assert re.search(message, error[0]), (command, error[0])
        after = snapshot(project)
        if command == ("build",) and where in {"po", "source"}:
            # Build builds every page it can: nothing of the bad file's, nothing else.
            bad = "ru" if where == "po" else None
            built = {name for name in after if name.startswith("build/")}
            assert not any(
                name.endswith(f"/{RELEASE}.html")
                or (bad and name == f"build/{bad}/{SAMPLE_SLUG}.html")
                for name in built
            ), built
            after = {k: v for k, v in after.items() if not k.startswith("build/")}
            shutil.rmtree(project / "build", ignore_errors=True)
        assert after == before, command


def test_an_attribute_of_megabytes_is_refused(project: Path) -> None:
    title = "x " * 1_500_000
    page = (
        '<!DOCTYPE html>\n<html lang="en"><body>\n'
        f'<p title="{title}">Hello there.</p>\n</body></html>\n'
    )
    (project / "sources" / f"{RELEASE}.html").write_text(page, encoding="utf-8")
    before = snapshot(project)
    result = run_cli("extract", cwd=project)
    assert result.returncode == 2
    assert result.stderr.startswith(f"error: sources/{RELEASE}.html:3: the title attribute of <p>")
    assert snapshot(project) == before


def test_every_file_in_the_corpus_is_a_case() -> None:
    on_disk = {path.relative_to(CORPUS).as_posix() for path in CORPUS.rglob("*.*")}
    on_disk.discard("README.md")
    assert on_disk == {case for case, *_ in CASES}
