"""review: the static bilingual page, read back from a real browser."""

from __future__ import annotations

from pathlib import Path

import lxml.html
import polib
import pytest

from .conftest import SAMPLE_SLUG, run_cli
from .test_browser import CHROMIUM, _chromium


def _plant_error_and_fuzzy(project: Path) -> None:
    path = project / "locales" / "kk" / f"{SAMPLE_SLUG}.po"
    po = polib.pofile(str(path))
    for entry in po:
        if entry.msgid.startswith("OSCE co-hosts"):
            entry.msgstr = entry.msgstr.replace("ЕҚЫҰ", "ЕЫҚҰ")
        if entry.msgid.startswith("Also taking part"):
            entry.flags.append("fuzzy")
            entry.previous_msgid = entry.msgid.replace("national experts", "experts")
    po.save(str(path))


def _page(project: Path) -> lxml.html.HtmlElement:
    result = run_cli("review", SAMPLE_SLUG, "--lang", "kk", cwd=project)
    assert result.returncode == 0, result.stderr
    path = project / "build" / "review" / "kk" / f"{SAMPLE_SLUG}.html"
    assert result.stdout.strip().endswith(str(path.relative_to(project))) or path.exists()
    return lxml.html.parse(str(path)).getroot()


def test_review_page_content(project: Path) -> None:
    _plant_error_and_fuzzy(project)
    page = _page(project)
    rows = page.xpath("//tbody/tr")
    assert len(rows) == 12
    first = rows[0]
    assert "has-findings" in first.get("class")
    assert first.xpath(".//td[@class='source']/mark/text()") == ["OSCE", "Kazakhstan"]
    assert first.xpath(".//ul[@class='findings']/li/text()") == [
        'error: "OSCE" must be rendered as "ЕҚЫҰ" (found "ЕЫҚҰ")'
    ]
    line = polib.pofile(str(project / "locales" / "kk" / f"{SAMPLE_SLUG}.po"))[0].linenum
    assert f"locales/kk/{SAMPLE_SLUG}.po:{line}" in first.text_content()
    third = rows[2]
    marks = third.xpath(".//td[@class='source']/mark/text()")
    assert "Prosecutor General’s Office" in marks and marks.count("Astana") == 1
    assert "Қазақстан Республикасының Бас прокуратурасымен" in third.xpath(
        ".//td[@class='translation']/mark/text()"
    )
    fuzzy = page.xpath("//tr[contains(@class, 'fuzzy')]")[0]
    assert fuzzy.xpath(".//span[@class='change']/ins/text()") == ["national"]
    assert "source changed" in fuzzy.xpath(".//td[@class='status']")[0].text_content()


def test_unknown_language_or_release(project: Path) -> None:
    assert run_cli("review", SAMPLE_SLUG, "--lang", "de", cwd=project).returncode == 2
    missing = run_cli("review", "no-such-release", "--lang", "kk", cwd=project)
    assert missing.returncode == 2 and "no release 'no-such-release'" in missing.stderr


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (apt-get install chromium)")
def test_review_page_in_a_real_browser(project: Path, tmp_path: Path) -> None:
    _plant_error_and_fuzzy(project)
    _page(project)
    path = project / "build" / "review" / "kk" / f"{SAMPLE_SLUG}.html"
    result = _chromium("--dump-dom", path.as_uri() + "#findings", profile=tmp_path / "profile")
    assert result.returncode == 0, result.stderr[-2000:]
    dom = lxml.html.fromstring(result.stdout)
    visible = dom.xpath("//tbody/tr[not(@hidden)]")
    assert len(visible) == 1  # the #findings filter ran in the browser
    assert visible[0].xpath(".//td[@class='translation']/mark/text()")[:1] == ["Қазақстанда"]
    assert "must be rendered as" in visible[0].xpath(".//ul[@class='findings']")[0].text_content()
    pressed = dom.xpath("//nav[@class='filters']/button[@aria-pressed='true']/@data-filter")
    assert pressed == ["findings"]
