"""Coverage-guided fuzzing of every reader of outside input, with atheris.

Each input is fed to one reader, chosen by its first byte: the PO reader, the text and
HTML release readers (and, for a release that reads, the HTML round trip), the glossary
CSV reader, the TBX and TMX importers, the configuration reader, and the placeholder
parser a translation goes through. A reader may accept the input or refuse it with an
``L10nError`` (what a user sees as ``file:line: message``); anything else, an exception
or a crash, is a bug: atheris stops and writes the input to ``crash-*``. Add that input
to tests/malformed/ with a case in tests/test_malformed.py, then fix the reader.

Not part of the test suite (it runs until stopped); the README gives the command:

    .venv/bin/pip install -e '.[fuzz]'
    .venv/bin/python fuzz/fuzz_readers.py fuzz/corpus -max_total_time=600

fuzz/corpus/ (not committed) is seeded from the sample project and tests/malformed/ on
the first run, and grows with every input that reaches new code.
"""

from __future__ import annotations

import os
import re
import shutil
import sys
import tempfile
from pathlib import Path

import atheris

with atheris.instrument_imports():
    from l10nrelease.config import date_pattern_problem, parse_config
    from l10nrelease.errors import L10nError
    from l10nrelease.glossary import parse_glossary
    from l10nrelease.markup import parse as parse_markup
    from l10nrelease.markup import safety_problems
    from l10nrelease.pofile import parse_catalog, render_catalog
    from l10nrelease.sources import html as html_reader
    from l10nrelease.sources import text as text_reader
    from l10nrelease.tbx import from_tbx
    from l10nrelease.tmx import from_tmx

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
LANGUAGES = ("ru", "kk")
ROOT_FOLDER = Path(tempfile.mkdtemp(prefix="l10nrelease-fuzz-"))


def _text(data: bytes) -> str | None:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None  # every reader decodes strictly first; that path is tested elsewhere


def po(data: bytes) -> None:
    text = _text(data)
    if text is not None:
        catalog = parse_catalog(text, path="fuzz.po")
        # What we read, we write and read back the same.
        again = parse_catalog(render_catalog(catalog), path="again.po")
        assert [e[:-1] for e in _view(again)] == [e[:-1] for e in _view(catalog)]


def _view(catalog):  # type: ignore[no-untyped-def]
    # (An untranslated entry's fuzzy flag is not written, as gettext does not write it.)
    return [
        (e.msgid, e.msgstr, e.msgctxt, e.fuzzy and bool(e.msgstr or e.obsolete), e.obsolete, e.line)
        for e in catalog.entries
    ]


def release_text(data: bytes) -> None:
    text = _text(data)
    if text is not None:
        release = text_reader.parse(text, path="fuzz.txt", slug="2017-01-31-fuzz")
        text_reader.reassemble(release, None)


def release_html(data: bytes) -> None:
    text = _text(data)
    if text is not None:
        release = html_reader.parse(text, path="fuzz.html", slug="2017-01-31-fuzz")
        html_reader.reassemble(release, lambda unit: unit.text, language="ru")


def glossary(data: bytes) -> None:
    text = _text(data)
    if text is not None:
        parse_glossary(text, path="glossary.csv", languages=LANGUAGES)


def tbx(data: bytes) -> None:
    from_tbx(data, path="fuzz.tbx", languages=LANGUAGES)


def tmx(data: bytes) -> None:
    from_tmx(data, path="fuzz.tmx", source_language="en", languages=LANGUAGES)


def config(data: bytes) -> None:
    text = _text(data)
    if text is not None:
        parse_config(text, root=ROOT_FOLDER, path=ROOT_FOLDER / "l10nrelease.toml")


def markup(data: bytes) -> None:
    text = _text(data)
    if text is not None:
        parse_markup(text, paired=[1, 2, 3], void=[4])


def safety(data: bytes) -> None:
    """The one safety check of translations: never an exception, and what it passes
    holds no markup a browser would read."""
    text = _text(data)
    if text is not None:
        problems = safety_problems("Visit <1>the site</1><2/> now.", text)
        if not problems:
            # A "<" not followed by a letter, "/", "!" or "?" is text to a browser too
            rest = text.replace("<1>", "").replace("</1>", "").replace("<2/>", "")
            assert not re.search(r"<[A-Za-z/!?]", rest), text


def date_pattern(data: bytes) -> None:
    """A configured date pattern: refused with a reason, or one Babel formats."""
    text = _text(data)
    if text is not None:
        date_pattern_problem(text)


READERS = [po, release_text, release_html, glossary, tbx, tmx, config, markup, safety, date_pattern]
#: FUZZ_FAMILY=name fuzzes one reader with every input (10 minutes a family, say).
FAMILY = os.environ.get("FUZZ_FAMILY")


def test_one(data: bytes) -> None:
    if not data:
        return
    if FAMILY:
        reader = next(r for r in READERS if r.__name__ == FAMILY)
        data = bytes([READERS.index(reader)]) + data
    else:
        reader = READERS[data[0] % len(READERS)]
    try:
        reader(data[1:])
    except L10nError:
        pass  # a clear refusal is a right answer
    except RecursionError:
        raise  # a reader must turn deep input into an L10nError, never overflow


def seed(folder: Path) -> None:
    """One seed per reader from the sample project and the malformed corpus."""
    if folder.is_dir() and any(folder.iterdir()):
        return
    folder.mkdir(parents=True, exist_ok=True)
    picks = {
        po: [*ROOT.glob("locales/*/*.po"), *(ROOT / "tests/malformed/po").glob("*")],
        release_text: list(ROOT.glob("sources/*.txt")),
        release_html: [*ROOT.glob("tests/data/*.html"), *(ROOT / "tests/malformed/html").glob("*")],
        glossary: [ROOT / "glossary.csv", *(ROOT / "tests/malformed/glossary").glob("*")],
        tbx: list((ROOT / "tests/malformed/tbx").glob("*")),
        tmx: list((ROOT / "tests/malformed/tmx").glob("*")),
        config: [ROOT / "l10nrelease.toml", *(ROOT / "tests/malformed/toml").glob("*")],
    }
    for reader, paths in picks.items():
        prefix = bytes([READERS.index(reader)])
        for number, path in enumerate(paths):
            (folder / f"{reader.__name__}-{number}").write_bytes(prefix + path.read_bytes())
    (folder / "markup-0").write_bytes(bytes([READERS.index(markup)]) + b"a <1>b</1> <4/> c")
    payloads = (ROOT / "tests" / "xss-payloads.txt").read_bytes().split(b"\n")
    for number, payload in enumerate(p for p in payloads if p.strip()):
        (folder / f"safety-{number}").write_bytes(bytes([READERS.index(safety)]) + payload)
    for number, pattern in enumerate([b"long", b"d MMMM y", b"y 'zh'. d MMMM", b"longg"]):
        (folder / f"date_pattern-{number}").write_bytes(
            bytes([READERS.index(date_pattern)]) + pattern
        )


def main() -> None:
    arguments = sys.argv
    corpus = next((Path(a) for a in arguments[1:] if not a.startswith("-")), None)
    if corpus is not None:
        seed(corpus)
    try:
        atheris.Setup(arguments, test_one)
        atheris.Fuzz()
    finally:
        shutil.rmtree(ROOT_FOLDER, ignore_errors=True)


if __name__ == "__main__":
    main()
