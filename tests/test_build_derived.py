"""Kazakh in Latin script as a derived page language: build of the sample with
``[languages] "kk-Latn" = { from = "kk", transliterate = "kk-2021" }``, in a copy of the
project (the bundled sample stays en, ru, kk: every other test counts its pages)."""

from __future__ import annotations

import shutil
from pathlib import Path

import lxml.html
import pytest
from lxml import etree

from l10nrelease.feeds import ATOM, SITEMAP, XHTML
from l10nrelease.pofile import parse_catalog
from l10nrelease.translit import Transliterator

from .conftest import DATA, SAMPLE_SLUG, run_cli, snapshot

KK = Transliterator.named("kk-2021", {"ц": "c"})
LANGUAGES = ("en", "ru", "kk", "kk-Latn")
SITE = "https://www.example.org/press/"
DERIVED = (
    '\n[build]\nsite_url = "' + SITE + '"\n\n[languages]\n'
    '"kk-Latn" = { from = "kk", transliterate = "kk-2021", letters = { "ц" = "c" } }\n'
)


def _with_latin(project: Path) -> Path:
    """The sample with kk-Latn, and the glossary's kk-Latn column: two persons' own
    spellings (which the letter-by-letter rule would write Diord Sabo, Qarlyğaş)."""
    config = project / "l10nrelease.toml"
    config.write_text(config.read_text() + DERIVED)
    glossary = project / "glossary.csv"
    lines = glossary.read_text(encoding="utf-8").splitlines(keepends=True)
    spelled = {"György Szabó,": "György Szabó", "Karlygash Nugmanova,": "Karlygash Nugmanova"}
    out = [lines[0].rstrip("\r\n") + ",kk-Latn\n"]
    for line in lines[1:]:
        extra = next((v for k, v in spelled.items() if line.startswith(k)), None)
        out.append(line.rstrip("\r\n") + f",{extra}\n" if extra else line)
    glossary.write_text("".join(out), encoding="utf-8")
    return project


@pytest.fixture
def latin(project: Path) -> Path:
    return _with_latin(project)


def _page(project: Path, language: str, slug: str = SAMPLE_SLUG) -> Path:
    return project / "build" / language / f"{slug}.html"


def _po(project: Path, language: str = "kk", slug: str = SAMPLE_SLUG) -> Path:
    return project / "locales" / language / f"{slug}.po"


def _edit(project: Path, msgid_start: str, msgstr: str, slug: str = SAMPLE_SLUG) -> None:
    import polib

    po = polib.pofile(str(_po(project, "kk", slug)))
    entry = next(e for e in po if e.msgid.startswith(msgid_start))
    entry.msgstr = msgstr
    po.save(str(_po(project, "kk", slug)))


def test_build_writes_the_kk_latn_page_from_the_reviewed_kazakh(latin: Path) -> None:
    before = snapshot(latin / "locales")
    result = run_cli("build", cwd=latin)
    assert result.returncode == 0, result.stdout + result.stderr
    row = next(line for line in result.stdout.splitlines() if " kk-Latn " in line)
    assert row.split()[1:] == ["kk-Latn", "12/12", "0", "0", "published"]
    page = _page(latin, "kk-Latn")
    doc = lxml.html.parse(str(page)).getroot()
    assert doc.get("lang") == "kk-Latn"
    kk = lxml.html.parse(str(_page(latin, "kk"))).getroot()
    # Every text the translator wrote, transliterated; the glossary's own spellings win.
    title = KK.text(kk.findtext(".//title"))
    assert doc.findtext(".//title") == doc.findtext(".//h1") == title
    assert title.startswith("EQYŪ Qazaqstanda terrorizmge qarsy ıs-qimyl")
    text = doc.find(".//article").text_content()
    assert "Elşı György Szabó zorlyq-zombylyqty" in text and "Diord" not in text
    assert "Karlygash Nugmanova bylai dedı" in text
    assert "Resei Federaciiasy" in text  # the project's letter for ц
    assert doc.findtext(".//span[@class='dateline']") == "ASTANA, 2017\u202fj. 31 qañtar"
    assert not any("\u0400" <= c <= "\u04ff" for c in text), (
        "no Cyrillic letter left in the Latin page"
    )
    catalog = parse_catalog(_po(latin).read_text(encoding="utf-8"), path="x")
    assert sum(1 for e in catalog.active() if e.msgstr) == 12
    # The meta description and furniture in Latin too; the switcher names it.
    description = doc.xpath("//meta[@name='description']/@content")[0]
    assert description.startswith("Zorlyq-zombylyqty ekstremizmge")
    assert doc.findtext(".//a[@class='home']") == "Baspasöz relizderı"
    assert doc.xpath("//nav//span[@aria-current='page']/text()") == ["Qazaq tılı"]
    # Every page lists the four languages, kk-Latn with its hreflang.
    for language in LANGUAGES:
        built = lxml.html.parse(str(_page(latin, language))).getroot()
        alternates = {
            link.get("hreflang"): link.get("href")
            for link in built.iter("link")
            if link.get("hreflang")
        }
        assert alternates == {lang: f"../{lang}/{SAMPLE_SLUG}.html" for lang in LANGUAGES}
    # Its index, its feed, the root index and the sitemap.
    index = lxml.html.parse(str(latin / "build" / "kk-Latn" / "index.html")).getroot()
    assert index.get("lang") == "kk-Latn" and index.findtext(".//h1") == "Baspasöz relizderı"
    assert index.findtext(".//time") == "2017\u202fj. 31 qañtar"
    assert index.findtext(".//ul[@class='releases']/li/a") == title
    feed = etree.fromstring((latin / "build" / "kk-Latn" / "feed.xml").read_bytes())
    assert feed.get("{http://www.w3.org/XML/1998/namespace}lang") == "kk-Latn"
    assert feed.findtext(f"{{{ATOM}}}entry/{{{ATOM}}}title") == title
    assert feed.findtext(f"{{{ATOM}}}entry/{{{ATOM}}}summary").startswith("Zorlyq-zombylyqty")
    root = lxml.html.parse(str(latin / "build" / "index.html")).getroot()
    assert root.xpath(f"//a[@hreflang='kk-Latn'][@href='kk-Latn/{SAMPLE_SLUG}.html']")
    sitemap = etree.fromstring((latin / "build" / "sitemap.xml").read_bytes())
    locs = [u.findtext(f"{{{SITEMAP}}}loc") for u in sitemap.iter(f"{{{SITEMAP}}}url")]
    assert locs == [f"{SITE}{lang}/{SAMPLE_SLUG}.html" for lang in LANGUAGES]
    for url in sitemap.iter(f"{{{SITEMAP}}}url"):
        assert [link.get("hreflang") for link in url.iter(f"{{{XHTML}}}link")] == list(LANGUAGES)
    # A derived language has no PO files: nothing in locales/ was written.
    assert snapshot(latin / "locales") == before
    assert not (latin / "locales" / "kk-Latn").exists()


def test_a_name_keeps_its_spelling_in_any_case_ending(latin: Path) -> None:
    _edit(
        latin,
        "Ambassador György Szabó",
        "ЕҚЫҰ-ның Астанадағы бағдарламалар офисінің басшысы Елші Дьёрдь Сабоның айтуынша, "
        "зорлық-зомбылықты экстремизмге қарсы күресте ынтымақтастық маңызды. «Бұл "
        "мәселені шешудің бір жолы – нақты іс-қимыл жасау және халықаралық тәжірибемен, "
        "соның ішінде озық тәжірибемен бөлісу».",
    )
    result = run_cli("build", cwd=latin)
    assert result.returncode == 0, result.stdout + result.stderr
    text = lxml.html.parse(str(_page(latin, "kk-Latn"))).getroot().find(".//article")
    assert "Elşı György Szabónyñ aituynşa" in text.text_content()


def test_the_kk_latn_page_is_published_exactly_when_the_kk_page_is(latin: Path) -> None:
    assert run_cli("build", cwd=latin).returncode == 0
    _edit(latin, "“We need to counter", "")
    result = run_cli("build", cwd=latin)
    assert result.returncode == 0, result.stdout + result.stderr
    rows = {
        line.split()[1]: line.split("  ")[-1].strip()
        for line in result.stdout.splitlines()
        if line.startswith(SAMPLE_SLUG)
    }
    assert rows["kk"] == rows["kk-Latn"] == "skipped: 1 of 12 units not reviewed"
    # Skipped: gone from the build folder, its index, feed, alternates and the sitemap.
    assert not _page(latin, "kk").exists() and not _page(latin, "kk-Latn").exists()
    for name in ("kk-Latn/index.html", "kk-Latn/feed.xml", "en/feed.xml", "sitemap.xml"):
        assert f"kk-Latn/{SAMPLE_SLUG}" not in (latin / "build" / name).read_text(), name
    en = lxml.html.parse(str(_page(latin, "en"))).getroot()
    assert [link.get("hreflang") for link in en.iter("link") if link.get("hreflang")] == [
        "en",
        "ru",
    ]
    # Published with --allow-incomplete: the unit in English stays English, as written.
    result = run_cli("build", "--allow-incomplete", cwd=latin)
    assert result.returncode == 0, result.stdout + result.stderr
    doc = lxml.html.parse(str(_page(latin, "kk-Latn"))).getroot()
    english = doc.xpath("//article//span[@lang='en']")
    assert [span.text_content() for span in english] == [
        "“We need to counter the exposure to terrorist propaganda,” said Deputy "
        "Prosecutor General Andrey Kravchenko, who highlighted the importance of keeping "
        "children safe from violent radicalization."
    ]


def test_status_says_kk_latn_follows_kk(latin: Path) -> None:
    result = run_cli("status", cwd=latin)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == (
        "kk-Latn: made from kk by the kk-2021 table; published exactly where kk is."
    )
    assert " kk-Latn " not in result.stdout.replace("kk-Latn:", "")  # no rows of its own
    asked = run_cli("status", "--lang", "kk-Latn", cwd=latin)
    assert asked.returncode == 2
    assert asked.stderr.strip() == (
        "error: --lang kk-Latn: made from kk ([languages] in l10nrelease.toml), so its pages "
        "are published exactly where kk's are; run: l10nrelease status --lang kk"
    )
    # Not a target language: extract and check know nothing of it.
    extract = run_cli("extract", cwd=latin)
    assert extract.returncode == 0 and "kk-Latn" not in extract.stdout
    assert run_cli("check", cwd=latin).returncode == 0


def test_build_of_kk_latn_alone_and_a_rerun_that_writes_nothing(latin: Path) -> None:
    result = run_cli("build", "--lang", "kk-Latn", cwd=latin)
    assert result.returncode == 0, result.stdout + result.stderr
    assert _page(latin, "kk-Latn").exists() and not _page(latin, "kk").exists()
    assert run_cli("build", cwd=latin).returncode == 0
    before = snapshot(latin / "build")
    again = run_cli("build", cwd=latin)
    assert again.returncode == 0 and "0 file(s) written" in again.stdout
    assert snapshot(latin / "build") == before
    # Another letter for ц is another page.
    config = latin / "l10nrelease.toml"
    config.write_text(config.read_text().replace('"ц" = "c"', '"ц" = "ts"'))
    assert run_cli("build", cwd=latin).returncode == 0
    assert "Resei Federatsiiasy" in _page(latin, "kk-Latn").read_text()


def test_a_cms_page_in_kk_latn(latin: Path) -> None:
    slug = "2017-02-15-osce-media-training"
    shutil.copy(DATA / f"{slug}.html", latin / "sources")
    assert run_cli("extract", cwd=latin).returncode == 0
    _edit(
        latin,
        "OSCE trains journalists in <1>Astana</1>",
        "ЕҚЫҰ <1>Астанада</1> журналистерді оқытады",
        slug,
    )
    _edit(latin, "OSCE trains journalists in Astana", "ЕҚЫҰ Астанада журналистерді оқытады", slug)
    result = run_cli("build", "--allow-incomplete", cwd=latin)
    assert result.returncode == 0, result.stdout + result.stderr
    page = _page(latin, "kk-Latn", slug).read_text(encoding="utf-8")
    doc = lxml.html.fromstring(page)
    assert doc.get("lang") == "kk-Latn"
    assert doc.findtext(".//title") == "EQYŪ Astanada jurnalisterdı oqytady"
    assert lxml.html.tostring(doc.find(".//h1"), encoding="unicode").startswith(
        "<h1>EQYŪ <em>Astanada</em> jurnalisterdı oqytady</h1>"
    )
    # Addresses byte for byte; the untranslated units in English.
    assert 'href="https://www.osce.org/programme-office-in-astana"' in page
    assert doc.xpath("//span[@lang='en']")
    hreflangs = doc.xpath("//head/link[@hreflang]/@hreflang")
    assert hreflangs == list(LANGUAGES)
    assert doc.xpath("//head/link[@type='application/atom+xml']/@title") == ["Baspasöz relizderı"]


def test_a_bad_kk_latn_setting_stops_build_with_its_line(latin: Path) -> None:
    config = latin / "l10nrelease.toml"
    text = config.read_text().replace('from = "kk"', 'from = "kz"')
    config.write_text(text)
    line = next(n for n, t in enumerate(text.splitlines(), 1) if t.startswith('"kk-Latn"'))
    result = run_cli("build", cwd=latin)
    assert result.returncode == 2
    assert result.stderr.startswith(f"error: l10nrelease.toml:{line}: 'languages.kk-Latn': ")
    assert "from = 'kz' is not a target language of the project (ru, kk)" in result.stderr
