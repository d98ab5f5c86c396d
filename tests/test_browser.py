"""The built Kazakh page in a real browser (headless Chromium).

Skipped, with the reason, where Chromium is not installed; ``.ci/run`` installs it,
so CI never skips these.
"""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import lxml.html
import pytest

from .conftest import SAMPLE_SLUG, run_cli

KAZAKH_LETTERS = "әғқңөұүһі"
CHROMIUM = next(
    (
        shutil.which(name)
        for name in ("chromium", "chromium-browser", "google-chrome")
        if shutil.which(name)
    ),
    None,
)
pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="Chromium is not installed (apt-get install chromium)"
)


def _chromium(*args: str, profile: Path) -> subprocess.CompletedProcess[str]:
    assert CHROMIUM is not None
    return subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
            f"--user-data-dir={profile}",
            *args,
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_kazakh_page_renders_its_text(project: Path, tmp_path: Path) -> None:
    assert run_cli("build", cwd=project).returncode == 0
    page = project / "build" / "kk" / f"{SAMPLE_SLUG}.html"
    result = _chromium("--dump-dom", page.as_uri(), profile=tmp_path / "profile")
    assert result.returncode == 0, result.stderr[-2000:]
    dom = lxml.html.fromstring(result.stdout)
    assert dom.get("lang") == "kk"
    text = dom.find(".//article").text_content().strip()
    assert text.startswith(
        "ЕҚЫҰ Қазақстанда терроризмге қарсы іс-қимыл жөніндегі халықаралық дөңгелек үстелді"
    )
    assert "АСТАНА, 2017\u202fж. 31 қаңтар" in text
    # Every Kazakh-only letter the translation uses is in the rendered text.
    po = (project / "locales" / "kk" / f"{SAMPLE_SLUG}.po").read_text(encoding="utf-8")
    used = {letter for letter in KAZAKH_LETTERS if letter in po.lower()}
    assert len(used) >= 8
    assert used == {letter for letter in KAZAKH_LETTERS if letter in text.lower()}
    assert "Ã" not in text and "\ufffd" not in text  # no mojibake


def test_every_kazakh_letter_has_a_glyph(project: Path, tmp_path: Path) -> None:
    """Each letter, in the page's font stack, renders as its own non-blank glyph.

    A font without the letters would draw the same empty box for all of them.
    """
    from PIL import Image, ImageChops

    assert run_cli("build", cwd=project).returncode == 0
    cells = "".join(
        f'<div style="position:absolute;left:{i * 100}px;top:0;width:100px;height:100px;'
        f'font-size:64px;line-height:100px;text-align:center">{letter}</div>'
        for i, letter in enumerate(KAZAKH_LETTERS + KAZAKH_LETTERS.upper())
    )
    probe = project / "build" / "kk" / "glyphs.html"
    probe.write_text(
        '<!DOCTYPE html><html lang="kk"><head><meta charset="utf-8">'
        '<link rel="stylesheet" href="../style.css"><style>body{margin:0;max-width:none;'
        f"padding:0}}</style></head><body>{cells}</body></html>",
        encoding="utf-8",
    )
    shot = tmp_path / "glyphs.png"
    count = len(KAZAKH_LETTERS) * 2
    result = _chromium(
        # Headless Chromium draws nothing in a window under about 150 px high.
        f"--screenshot={shot}",
        f"--window-size={count * 100},300",
        probe.as_uri(),
        profile=tmp_path / "profile",
    )
    assert result.returncode == 0 and shot.exists(), result.stderr[-2000:]
    image = Image.open(io.BytesIO(shot.read_bytes())).convert("L")
    glyphs = [image.crop((i * 100, 0, i * 100 + 100, 100)) for i in range(count)]
    for index, glyph in enumerate(glyphs):
        inked = sum(1 for value in glyph.tobytes() if value < 128)
        assert inked > 30, f"letter {index} rendered blank"
    for first in range(count):
        for second in range(first + 1, count):
            difference = ImageChops.difference(glyphs[first], glyphs[second])
            assert difference.getbbox() is not None, (first, second)


def test_a_page_from_a_windows_1251_cms_shows_its_cyrillic(project: Path, tmp_path: Path) -> None:
    """The source declared windows-1251; the page is written in UTF-8 and must say so,
    or a browser shows Cyrillic as mojibake (``Ð¢``)."""
    import polib

    slug = "2015-09-01-windows-1251-library"
    shutil.copy(Path(__file__).parent / "data" / "pages" / f"{slug}.html", project / "sources")
    assert run_cli("extract", cwd=project).returncode == 0
    path = project / "locales" / "ru" / f"{slug}.po"
    po = polib.pofile(str(path))
    for entry in po:
        if entry.msgid == "Akimat of Astana opens a new library":
            entry.msgstr = "Акимат Астаны открыл новую библиотеку"
    po.save(str(path))
    assert run_cli("build", "--allow-incomplete", cwd=project).returncode == 0
    page = project / "build" / "ru" / f"{slug}.html"
    result = _chromium("--dump-dom", page.as_uri(), profile=tmp_path / "profile")
    assert result.returncode == 0, result.stderr[-2000:]
    dom = lxml.html.fromstring(result.stdout)
    assert dom.findtext(".//title") == "Акимат Астаны открыл новую библиотеку"
    assert "(акимат города Астаны)" in dom.find(".//p").text_content()
    assert "Ð" not in result.stdout


#: The letters of the 2021 Latin alphabet that are not English letters, with Q and the
#: two i's (I ı is і, İ i is и), capital and small, and the letters they are made from.
LATIN_LETTERS = "ÄĞQÑÖŪÜŞIİ"
LATIN_SMALL = "äğqñöūüşıi"  # not str.lower(): I's small letter is ı, İ's is i
LATIN_BASES = "AGNOUSaguosn"


def test_a_kk_latn_page_renders_with_a_glyph_for_every_latin_letter(
    project: Path, tmp_path: Path
) -> None:
    """The derived Kazakh page (kk-Latn) in Chromium: its lang, alternates and text; then
    each letter of the alphabet's own, in the page's font stack, as a glyph of its own,
    unlike every other and unlike the letter without its mark (Ū is not U)."""
    from PIL import Image, ImageChops

    from .test_build_derived import LANGUAGES, _with_latin

    _with_latin(project)
    built = run_cli("build", cwd=project)
    assert built.returncode == 0, built.stdout + built.stderr
    page = project / "build" / "kk-Latn" / f"{SAMPLE_SLUG}.html"
    result = _chromium("--dump-dom", page.as_uri(), profile=tmp_path / "profile")
    assert result.returncode == 0, result.stderr[-2000:]
    dom = lxml.html.fromstring(result.stdout)
    assert dom.get("lang") == "kk-Latn"
    assert dom.xpath("//head/link[@hreflang]/@hreflang") == list(LANGUAGES)
    text = dom.find(".//article").text_content().strip()
    assert text.startswith("EQYŪ Qazaqstanda terrorizmge qarsy ıs-qimyl jönındegı")
    assert "ASTANA, 2017\u202fj. 31 qañtar" in text
    letters = LATIN_LETTERS + LATIN_SMALL
    used = {letter for letter in letters if letter in text}
    assert len(used) >= 14, sorted(set(letters) - used)  # the page needs most of them
    probe_letters = letters + LATIN_BASES
    cells = "".join(
        f'<div style="position:absolute;left:{i * 100}px;top:0;width:100px;height:100px;'
        f'font-size:64px;line-height:100px;text-align:center">{letter}</div>'
        for i, letter in enumerate(probe_letters)
    )
    probe = project / "build" / "kk-Latn" / "glyphs.html"
    probe.write_text(
        '<!DOCTYPE html><html lang="kk-Latn"><head><meta charset="utf-8">'
        '<link rel="stylesheet" href="../style.css"><style>body{margin:0;max-width:none;'
        f"padding:0}}</style></head><body>{cells}</body></html>",
        encoding="utf-8",
    )
    shot = tmp_path / "glyphs.png"
    count = len(probe_letters)
    result = _chromium(
        f"--screenshot={shot}",
        f"--window-size={count * 100},300",
        probe.as_uri(),
        profile=tmp_path / "profile",
    )
    assert result.returncode == 0 and shot.exists(), result.stderr[-2000:]
    image = Image.open(io.BytesIO(shot.read_bytes())).convert("L")
    glyphs = [image.crop((i * 100, 0, i * 100 + 100, 100)) for i in range(count)]
    for index, glyph in enumerate(glyphs):
        inked = sum(1 for value in glyph.tobytes() if value < 128)
        assert inked > 30, f"{probe_letters[index]} rendered blank"
    for first in range(count):
        for second in range(first + 1, count):
            difference = ImageChops.difference(glyphs[first], glyphs[second])
            assert difference.getbbox() is not None, (probe_letters[first], probe_letters[second])
