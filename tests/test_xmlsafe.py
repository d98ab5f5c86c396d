"""TBX and TMX from other tools: a DOCTYPE naming an external DTD is read (and the DTD
never loaded); a DTD of the file's own, entities and XInclude are refused.

The accepted files are written by the real tools where they are installed
(translate-toolkit's ``po2tmx`` and ``csv2tbx``, its TBX storage as Weblate's exporter
uses it); the refused ones are written here, one danger each.
"""

from __future__ import annotations

import http.server
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import pytest

from l10nrelease.errors import L10nError
from l10nrelease.glossary import GlossaryError
from l10nrelease.tbx import from_tbx
from l10nrelease.tmx import TMXError, from_tmx

from .conftest import SAMPLE_SLUG, run_cli

LANGUAGES = ("ru", "kk")
BIN = Path(sys.executable).parent


def _tool(name: str) -> Path:
    path = BIN / name
    if not path.exists():
        found = shutil.which(name)
        if found is None:
            pytest.skip(f"{name} (translate-toolkit) is not installed: pip install -e '.[test]'")
        path = Path(found)
    return path


def test_a_tmx_written_by_po2tmx_is_read(project: Path, tmp_path: Path) -> None:
    po = project / "locales" / "ru" / f"{SAMPLE_SLUG}.po"
    tmx = tmp_path / "po2tmx.tmx"
    subprocess.run(
        [_tool("po2tmx"), "-l", "ru", "--progress=none", "-i", po, "-o", tmx],
        check=True,
        capture_output=True,
    )
    data = tmx.read_bytes()
    assert b'<!DOCTYPE tmx SYSTEM "tmx14.dtd">' in data  # what was refused before
    units = from_tmx(data, path="po2tmx.tmx", source_language="en", languages=["ru"])["ru"]
    assert any(u.source == "ASTANA, 31 January 2017" for u in units) and len(units) > 10
    imported = run_cli("tm", "import", str(tmx), cwd=project)
    assert imported.returncode == 0, imported.stderr
    assert f"ru: {len(units)}" in imported.stdout


def test_a_tbx_written_by_csv2tbx_is_read(tmp_path: Path) -> None:
    csv = tmp_path / "terms.csv"
    csv.write_text('"source","target"\n"OSCE","ОБСЕ"\n"Astana","Астана"\n', encoding="utf-8")
    tbx = tmp_path / "terms.tbx"
    subprocess.run(
        [_tool("csv2tbx"), "--progress=none", "-i", csv, "-o", tbx],
        check=True,
        capture_output=True,
    )
    data = tbx.read_bytes()
    assert b"<!DOCTYPE martif PUBLIC" in data
    # csv2tbx writes no target language on the langSet: only the English names are sure.
    glossary = from_tbx(data, path="terms.tbx", languages=LANGUAGES)
    assert [term.name for term in glossary.terms] == ["OSCE", "Astana"]


def test_a_tbx_written_by_translate_toolkit_as_weblate_exports_is_read() -> None:
    tbx = pytest.importorskip("translate.storage.tbx", reason="translate-toolkit is not installed")
    store = tbx.tbxfile(sourcelanguage="en", targetlanguage="ru")
    unit = store.UnitClass("OSCE")
    unit.setsource("OSCE", sourcelang="en")
    unit.settarget("ОБСЕ", "ru")
    store.addunit(unit)
    data = bytes(store)
    assert b'"TBXcdv04.dtd">' in data
    term = from_tbx(data, path="weblate.tbx", languages=LANGUAGES).terms[0]
    assert term.name == "OSCE" and term.forms["ru"].approved == "ОБСЕ"


class _Recorder(http.server.BaseHTTPRequestHandler):
    requests: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        self.requests.append(self.path)
        body = b'<!ENTITY secret "LEAKED">'
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def dtd_server() -> Iterator[str]:
    """An HTTP server on 127.0.0.1 serving a DTD that defines an entity, recording
    every request: a parser that loads DTDs would ask it."""
    server = http.server.HTTPServer(("127.0.0.1", 0), _Recorder)
    _Recorder.requests = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/tmx14.dtd"
    finally:
        server.shutdown()
        server.server_close()


def test_the_external_dtd_is_never_loaded(dtd_server: str, tmp_path: Path) -> None:
    local = tmp_path / "local.dtd"
    local.write_text('<!ENTITY secret "LEAKED">', encoding="utf-8")
    for where in (dtd_server, local.as_uri()):
        plain = (
            f'<?xml version="1.0"?>\n<!DOCTYPE tmx SYSTEM "{where}">\n'
            '<tmx version="1.4"><header srclang="en"/><body><tu>'
            '<tuv xml:lang="en"><seg>Hello</seg></tuv><tuv xml:lang="ru"><seg>Привет</seg></tuv>'
            "</tu></body></tmx>"
        )
        units = from_tmx(plain.encode(), path="t.tmx", source_language="en", languages=["ru"])
        assert units["ru"][0].target == "Привет"
        using = plain.replace("Привет", "&secret;")
        with pytest.raises(TMXError, match="uses the entity &secret;") as caught:
            from_tmx(using.encode(), path="t.tmx", source_language="en", languages=["ru"])
        assert str(caught.value).startswith("t.tmx:3: ") and "LEAKED" not in str(caught.value)
    assert _Recorder.requests == []


_TBX_BODY = (
    '<martif type="TBX-Basic"><text><body><termEntry><langSet xml:lang="en"><tig>'
    "<term>{term}</term></tig></langSet></termEntry></body></text></martif>"
)
_TMX_BODY = (
    '<tmx version="1.4"><header srclang="en"/><body><tu><tuv xml:lang="en">'
    "<seg>{term}</seg></tuv></tu></body></tmx>"
)


@pytest.mark.parametrize(
    ("prolog", "term", "line", "message"),
    [
        # External entity (XXE): an internal subset.
        ('<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>', "&e;", 2, "declares entities"),
        # Entity expansion (billion laughs).
        ('<!DOCTYPE x [\n<!ENTITY a "aaaa">\n<!ENTITY b "&a;&a;&a;">\n]>', "&b;", 2, "DTD of its"),
        # A parameter entity, and a DTD of its own with no entity at all.
        (
            '<!DOCTYPE x SYSTEM "x.dtd" [<!ENTITY % p SYSTEM "http://x.invalid/">%p;]>',
            "A",
            2,
            "own",
        ),
        ('<!DOCTYPE x [<!ATTLIST x type CDATA "TBX">]>', "A", 2, "DTD of its own"),
        # An entity that only the (never loaded) external DTD could define.
        ('<!DOCTYPE x SYSTEM "x.dtd">', "&nbsp;", 3, "uses the entity &nbsp;"),
        # A DOCTYPE past comments and processing instructions, still in the prolog.
        (
            '<!-- <!DOCTYPE is fine here --><?pi x?>\n<!DOCTYPE x [<!ENTITY e "e">]>',
            "&e;",
            3,
            "own",
        ),
        ("<!DOCTYPE x SYSTEM>", "A", 2, "not one l10nrelease reads"),
    ],
)
@pytest.mark.parametrize("kind", ["TBX", "TMX"])
def test_dangerous_xml_is_refused_with_its_line(
    kind: str, prolog: str, term: str, line: int, message: str
) -> None:
    body = (_TBX_BODY if kind == "TBX" else _TMX_BODY).format(term=term)
    data = f'<?xml version="1.0"?>\n{prolog}\n{body}'.encode()
    with pytest.raises(L10nError, match=message) as caught:
        _read(kind, data)
    assert str(caught.value).startswith(f"bad.{kind.lower()}:{line}: "), str(caught.value)
    assert isinstance(caught.value, GlossaryError if kind == "TBX" else TMXError)


def _read(kind: str, data: bytes) -> object:
    if kind == "TBX":
        return from_tbx(data, path="bad.tbx", languages=LANGUAGES)
    return from_tmx(data, path="bad.tmx", source_language="en", languages=LANGUAGES)


@pytest.mark.parametrize("kind", ["TBX", "TMX"])
def test_xinclude_is_refused(kind: str) -> None:
    include = '<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="/etc/passwd"/>'
    body = (_TBX_BODY if kind == "TBX" else _TMX_BODY).format(term="A")
    body = body.replace("<body>", f"<body>\n{include}\n")
    data = f'<?xml version="1.0"?>\n{body}'.encode()
    with pytest.raises(L10nError, match="XInclude") as caught:
        _read(kind, data)
    assert str(caught.value).startswith(f"bad.{kind.lower()}:3: ")


def test_a_dtd_of_its_own_is_refused_in_utf16_and_past_the_prolog_limit() -> None:
    data = f'<?xml version="1.0" encoding="UTF-16"?>\n<!DOCTYPE tmx [<!ENTITY e "e">]>\n{_TMX_BODY}'
    with pytest.raises(TMXError, match="DTD of its own"):
        _read("TMX", data.format(term="&e;").encode("utf-16"))
    long = "<!--" + "x" * (1 << 20) + "-->"
    data = f'<?xml version="1.0"?>\n{long}\n<!DOCTYPE tmx [<!ELEMENT tmx ANY>]>\n{_TMX_BODY}'
    with pytest.raises(TMXError, match="DTD of its own"):
        _read("TMX", data.format(term="A").encode())


def test_a_utf16_tmx_with_an_external_doctype_is_read() -> None:
    data = (
        f'<?xml version="1.0" encoding="UTF-16"?>\n<!DOCTYPE tmx SYSTEM "tmx14.dtd">\n{_TMX_BODY}'
    )
    data = data.replace("</tuv>", '</tuv><tuv xml:lang="ru"><seg>Б</seg></tuv>')
    units = from_tmx(
        data.format(term="A").encode("utf-16"), path="t.tmx", source_language="en", languages=["ru"]
    )
    assert units["ru"][0].target == "Б"


def test_a_file_given_to_the_wrong_import_says_which_one_to_use() -> None:
    tmx = _TMX_BODY.format(term="A").encode()
    with pytest.raises(GlossaryError, match="a TMX memory: import it with l10nrelease tm import"):
        from_tbx(tmx, path="memory.tmx", languages=LANGUAGES)
    tbx = _TBX_BODY.format(term="A").encode()
    with pytest.raises(TMXError, match="a TBX glossary: import it with l10nrelease glossary"):
        from_tmx(tbx, path="names.tbx", source_language="en", languages=LANGUAGES)
