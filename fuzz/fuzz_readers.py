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
    from l10nrelease.markup import Text, safety_problems, tokenize
    from l10nrelease.markup import parse as parse_markup
    from l10nrelease.pofile import parse_catalog, render_catalog
    from l10nrelease.sources import html as html_reader
    from l10nrelease.sources import text as text_reader
    from l10nrelease.tbx import from_tbx
    from l10nrelease.tmx import from_tmx
    from l10nrelease.xliff import parse_xliff, render_xliff

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
    entries = [
        (e.msgid, e.msgstr, e.msgctxt, e.fuzzy and bool(e.msgstr or e.obsolete), e.obsolete)
        for e in catalog.entries
    ]
    return sorted(entries, key=lambda entry: entry[-1])  # stable: each kind in its order


def release_text(data: bytes) -> None:
    text = _text(data)
    if text is not None:
        release = text_reader.parse(text, path="fuzz.txt", slug="2017-01-31-fuzz")
        text_reader.reassemble(release, None)


def release_html(data: bytes) -> None:
    # Pages are decoded by the charset they declare, as read_release does.
    text = html_reader.decode_html(data, path="fuzz.html")
    release = html_reader.parse(
        text, path="fuzz.html", slug="2017-01-31-fuzz", untranslated=(".notranslate",)
    )
    html_reader.reassemble(release, lambda unit: unit.text, language="ru", fallback_language="en")


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
            # What is not a placeholder is published as text: none of it may be what a
            # browser reads as a tag ("<" and a letter, "</", "<!", "<?").
            for token in tokenize(text):
                if isinstance(token, Text):
                    assert not re.search(r"<[A-Za-z/!?]", token.value), text


def date_pattern(data: bytes) -> None:
    """A configured date pattern: refused with a reason, or one Babel formats."""
    text = _text(data)
    if text is not None:
        date_pattern_problem(text)


def xliff(data: bytes) -> None:
    """An XLIFF file: refused, or read; what is read is written and read back the same."""
    files = parse_xliff(data, path="fuzz.xlf")
    again = parse_xliff(render_xliff(files).encode(), path="again.xlf")
    for first, second in zip(files, again, strict=True):
        assert [(u.id, u.source, u.target, u.status, u.context, u.base) for u in first.units] == [
            (u.id, u.source, u.target, u.status, u.context, u.base) for u in second.units
        ]


READERS = [
    po,
    release_text,
    release_html,
    glossary,
    tbx,
    tmx,
    config,
    markup,
    safety,
    date_pattern,
    xliff,
]
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
        release_html: [
            *ROOT.glob("tests/data/*.html"),
            *ROOT.glob("tests/data/pages/*.html"),
            *(ROOT / "tests/malformed/html").glob("*"),
        ],
        glossary: [ROOT / "glossary.csv", *(ROOT / "tests/malformed/glossary").glob("*")],
        tbx: list((ROOT / "tests/malformed/tbx").glob("*")),
        tmx: list((ROOT / "tests/malformed/tmx").glob("*")),
        config: [ROOT / "l10nrelease.toml", *(ROOT / "tests/malformed/toml").glob("*")],
    }
    seeds = [(reader, path.read_bytes()) for reader, paths in picks.items() for path in paths]
    # Well-formed TBX and TMX too, or the fuzzer stays at the doors the malformed
    # seeds knock on (entities, DTDs) and never reaches the term and segment readers.
    for name, data in _good_exchange_files().items():
        seeds.append((tbx if name.endswith(".tbx") else tmx, data))
    seeds.append((markup, b"a <1>b</1> <4/> c"))
    payloads = (ROOT / "tests" / "xss-payloads.txt").read_bytes().split(b"\n")
    seeds += [(safety, payload) for payload in payloads if payload.strip()]
    patterns = [b"long", b"d MMMM y", b"y 'zh'. d MMMM", b"longg"]
    seeds += [(date_pattern, pattern) for pattern in patterns]
    seeds.append(
        (
            xliff,
            b'<xliff xmlns="urn:oasis:names:tc:xliff:document:1.2" version="1.2"><file '
            b'original="locales/ru/a.po" source-language="en" target-language="ru" '
            b'datatype="po"><body><trans-unit id="u1" extradata="l10nrelease-base:0123">'
            b'<source>Go <g id="1">here</g><x id="2"/></source><target state="translated">'
            + "Иди <g id='1'>сюда</g><x id='2'/></target></trans-unit></body></file>"
            "</xliff>".encode(),
        )
    )
    for number, (reader, data) in enumerate(seeds):
        if FAMILY and reader.__name__ != FAMILY:
            continue
        # One family: its inputs as they are (test_one adds the family's byte). All
        # families: the first byte chooses the reader.
        prefix = b"" if FAMILY else bytes([READERS.index(reader)])
        (folder / f"{reader.__name__}-{number}").write_bytes(prefix + data)


def _good_exchange_files() -> dict[str, bytes]:
    """A TBX of the sample's glossary and a TMX of a few units, as we export them."""
    from l10nrelease.memory import MemoryUnit
    from l10nrelease.tbx import to_tbx
    from l10nrelease.tmx import to_tmx

    text = (ROOT / "glossary.csv").read_text(encoding="utf-8")
    found = parse_glossary(text, path="glossary.csv", languages=LANGUAGES)
    units = {
        "ru": [
            MemoryUnit("Visit <1>the site</1>.", "Посетите <1>сайт</1>.", "r1"),
            MemoryUnit("Astana, <2/> today.", "Астана, <2/> сегодня.", "r2", previous="A."),
        ],
        "kk": [MemoryUnit("Astana.", "Астана.", "r1")],
    }
    return {
        "glossary.tbx": to_tbx(found, LANGUAGES).encode("utf-8"),
        "memory.tmx": to_tmx(units, source_language="en").encode("utf-8"),
    }


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
