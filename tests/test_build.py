"""``build`` on a copy of the sample project: pages, policies, safety, bad input."""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import lxml.html
import pytest

from l10nrelease.pofile import parse_catalog
from l10nrelease.sources import read_release
from l10nrelease.sources.html import parse_document, serialize

from .conftest import DATA, SAMPLE_SLUG, run_cli, snapshot

GOLDEN = Path(__file__).parent / "golden"


def _po_path(project: Path, language: str, slug: str = SAMPLE_SLUG) -> Path:
    return project / "locales" / language / f"{slug}.po"


def _edit_msgstr(project: Path, language: str, msgid_start: str, msgstr: str) -> None:
    """Replace one entry's translation the way a PO editor would save it."""
    import polib

    path = _po_path(project, language)
    po = polib.pofile(str(path))
    entry = next(e for e in po if e.msgid.startswith(msgid_start))
    entry.msgstr = msgstr
    po.save(str(path))


#: The Kazakh headline, reworded as a translator would (and the check accepts).
NEW_HEADLINE = (
    "ЕҚЫҰ Қазақстанда терроризмге қарсы іс-қимыл туралы халықаралық дөңгелек үстел өткізді"
)


def _page(project: Path, language: str, slug: str = SAMPLE_SLUG) -> Path:
    return project / "build" / language / f"{slug}.html"


@pytest.mark.parametrize("language", ["en", "ru", "kk"])
def test_golden_pages(project: Path, language: str) -> None:
    result = run_cli("build", cwd=project)
    assert result.returncode == 0, result.stderr
    built = _page(project, language).read_text(encoding="utf-8")
    golden = GOLDEN / f"{language}.html"
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_text(built, encoding="utf-8")
    assert built == golden.read_text(encoding="utf-8")


def test_every_page_has_lang_alternates_and_every_reviewed_translation(project: Path) -> None:
    assert run_cli("build", cwd=project).returncode == 0
    release = read_release(project / "sources" / f"{SAMPLE_SLUG}.txt", root=project)
    for language in ("en", "ru", "kk"):
        doc = lxml.html.parse(str(_page(project, language))).getroot()
        assert doc.get("lang") == language
        alternates = {
            link.get("hreflang"): link.get("href")
            for link in doc.iter("link")
            if link.get("rel") == "alternate" and link.get("hreflang")
        }
        assert alternates == {lang: f"../{lang}/{SAMPLE_SLUG}.html" for lang in ("en", "ru", "kk")}
        for lang, href in alternates.items():
            assert (_page(project, language).parent / href).resolve() == _page(project, lang)
        assert (
            doc.find(".//nav[@class='languages']//span[@aria-current='page']").get("lang")
            == language
        )
        text = " ".join(doc.find(".//article").itertext())
        if language == "en":
            for unit in release.units():
                assert unit.text in text
            continue
        catalog = parse_catalog(_po_path(project, language).read_text(), path="x")
        for entry in catalog.active():
            if entry.msgctxt == "dateline":
                continue
            assert entry.msgstr in text, entry.msgstr[:40]
        assert doc.findtext(".//title") == catalog.active()[0].msgstr
        assert not doc.xpath("//*[@lang='en' and ancestor::article]")
    ru = lxml.html.parse(str(_page(project, "ru"))).getroot()
    assert ru.findtext(".//span[@class='dateline']") == "АСТАНА, 31 января 2017\u202fг."
    kk = lxml.html.parse(str(_page(project, "kk"))).getroot()
    assert kk.findtext(".//span[@class='dateline']") == "АСТАНА, 2017\u202fж. 31 қаңтар"


def test_index_pages_list_releases_newest_first(project: Path) -> None:
    newer = project / "sources" / "2017-03-01-second.txt"
    newer.write_text("Second release headline\nVIENNA, 1 March 2017 – It happened.\n")
    assert run_cli("extract", cwd=project).returncode == 0
    result = run_cli("build", "--allow-incomplete", cwd=project)
    assert result.returncode == 0, result.stderr
    en = lxml.html.parse(str(project / "build" / "en" / "index.html")).getroot()
    assert [a.get("href") for a in en.iterfind(".//ul[@class='releases']/li/a")] == [
        "2017-03-01-second.html",
        f"{SAMPLE_SLUG}.html",
    ]
    kk = lxml.html.parse(str(project / "build" / "kk" / "index.html")).getroot()
    assert kk.get("lang") == "kk" and kk.findtext(".//h1") == "Баспасөз релиздері"
    assert kk.findtext(".//time") == "2017\u202fж. 1 наурыз"
    root = lxml.html.parse(str(project / "build" / "index.html")).getroot()
    assert root.xpath("//a[@href='kk/index.html']")


def test_incomplete_page_is_skipped_by_default(project: Path) -> None:
    _edit_msgstr(project, "kk", "Also taking part", "")
    result = run_cli("build", cwd=project)
    assert result.returncode == 0, result.stderr
    assert re.search(r"kk\s+11/12\s+0\s+1\s+skipped: 1 of 12 units not reviewed", result.stdout)
    assert not _page(project, "kk").exists()
    assert _page(project, "ru").exists()
    index = (project / "build" / "kk" / "index.html").read_text()
    assert SAMPLE_SLUG not in index
    ru = lxml.html.parse(str(_page(project, "ru"))).getroot()
    assert "kk" not in {link.get("hreflang") for link in ru.iter("link")}


def test_allow_incomplete_marks_source_text(project: Path) -> None:
    _edit_msgstr(project, "kk", "Also taking part", "")
    result = run_cli("build", "--allow-incomplete", cwd=project)
    assert result.returncode == 0, result.stderr
    assert "published, 1 in English (--allow-incomplete)" in result.stdout
    doc = lxml.html.parse(str(_page(project, "kk"))).getroot()
    marked = doc.xpath("//article//span[@lang='en']")
    assert [span.text for span in marked] == [
        "Also taking part were national experts, leaders of political parties and "
        "representatives of civil society and bilateral embassies."
    ]


def test_threshold(project: Path) -> None:
    _edit_msgstr(project, "kk", "Also taking part", "")
    published = run_cli("build", "--threshold", "90", cwd=project)
    assert "published, 1 in English (92% ≥ --threshold 90)" in published.stdout
    assert _page(project, "kk").exists()
    skipped = run_cli("build", "--threshold", "95", cwd=project)
    assert "skipped: 1 of 12 units not reviewed" in skipped.stdout
    assert not _page(project, "kk").exists()


def test_keep_previous_publishes_the_last_reviewed_translation(project: Path) -> None:
    source = project / "sources" / f"{SAMPLE_SLUG}.txt"
    original = source.read_text()
    source.write_text(original.replace("high-level officials", "senior officials"))
    assert run_cli("extract", cwd=project).returncode == 0
    default = run_cli("build", cwd=project)
    assert "skipped: 1 of 12 units not reviewed" in default.stdout
    kept = run_cli("build", "--keep-previous", cwd=project)
    assert kept.returncode == 0, kept.stdout
    assert "published; 1 from the last reviewed translation" in kept.stdout
    text = _page(project, "ru").read_text()
    assert "В обсуждении приняли участие около 90 человек" in text
    # What --keep-previous publishes is checked as a reviewed translation: the last
    # one says 90 where the source now says 95, so the page is held back.
    source.write_text(original.replace("some 90 participants", "some 95 participants"))
    assert run_cli("extract", cwd=project).returncode == 0
    wrong = run_cli("build", "--keep-previous", cwd=project)
    assert wrong.returncode == 1
    assert re.search(r"ru .* skipped: 1 error from check", wrong.stdout), wrong.stdout
    assert not _page(project, "ru").exists()


@pytest.mark.parametrize(
    ("msgstr", "message"),
    [
        ("<script>alert(1)</script>ЕҚЫҰ", "contains HTML markup (<script>)"),
        ('ЕҚЫҰ <img src=x onerror="alert(1)">', "contains HTML markup"),
        ("ЕҚЫҰ onmouseover=alert(1)", "event attribute"),
        ("ЕҚЫҰ javascript:alert(1)", "javascript: URL"),
        ("ЕҚЫҰ data:text/html;base64,PHNjcmlwdD4=", "data: URL"),
        ("ЕҚЫҰ <1>сілтеме</1>", "<1> is not a placeholder of the source text"),
    ],
)
def test_malicious_msgstr_is_refused_and_never_markup(
    project: Path, msgstr: str, message: str
) -> None:
    _edit_msgstr(project, "kk", "OSCE co-hosts", msgstr)
    line = next(
        e.line
        for e in parse_catalog(_po_path(project, "kk").read_text(), path="x").active()
        if e.msgid.startswith("OSCE co-hosts")
    )
    # The check reports the translation too: by default the page is not published.
    blocked = run_cli("build", "--allow-incomplete", cwd=project)
    assert blocked.returncode == 1 and not _page(project, "kk").exists()
    assert re.search(
        rf"kk .* skipped: \d+ errors? from check, see l10nrelease check locales/kk/{SAMPLE_SLUG}",
        blocked.stdout,
    )
    # Forced, the page is published with the source sentence in the refused one's place.
    result = run_cli("build", "--force", cwd=project)
    assert result.returncode == 1
    assert f"locales/kk/{SAMPLE_SLUG}.po:{line}: error: translation refused: " in result.stderr
    assert message in result.stderr
    assert re.search(
        r"published, 1 refused, in English; \d+ errors? from check \(--force\)", result.stdout
    )
    page = _page(project, "kk").read_text()
    assert "alert(1)" not in page and "сілтеме" not in page and "PHNjcmlwdD4" not in page
    assert not lxml.html.fromstring(page).xpath("//script|//img|//*[@onerror]")


def _html_project(project: Path) -> Path:
    shutil.copy(DATA / "2017-02-15-osce-media-training.html", project / "sources")
    assert run_cli("extract", cwd=project).returncode == 0
    return project


def test_html_release_without_translations_reproduces_the_source(project: Path) -> None:
    _html_project(project)
    result = run_cli("build", "--allow-incomplete", cwd=project)
    assert result.returncode == 0, result.stderr
    slug = "2017-02-15-osce-media-training"
    source = (DATA / f"{slug}.html").read_text()
    # The source page, and links to the three language versions published.
    built = _page(project, "en", slug).read_text()
    links = re.findall(r'<link rel="alternate" hreflang="(\w+)" href="[^"]*">\n', built)
    assert links == ["en", "ru", "kk"]
    alternates = re.sub(r'<link rel="alternate" hreflang="\w+" href="[^"]*">\n', "", built)
    feed = (
        '<link rel="alternate" type="application/atom+xml" href="feed.xml" '
        'title="Press releases">\n'
    )
    assert feed in alternates  # the English feed, linked from the page's head
    assert alternates.replace(feed, "") == serialize(parse_document(source, path="x"))
    kk = lxml.html.parse(str(_page(project, "kk", slug))).getroot()
    assert kk.get("lang") == "kk"
    assert kk.xpath("//h1/span[@lang='en']")


def test_html_release_with_translations_changes_only_text(project: Path) -> None:
    import polib

    slug = "2017-02-15-osce-media-training"
    _html_project(project)
    path = _po_path(project, "ru", slug)
    po = polib.pofile(str(path))
    for entry in po:
        entry.msgstr = {
            "OSCE trains journalists in <1>Astana</1>": "ОБСЕ обучает журналистов в <1>Астане</1>",
            "ASTANA, 15 February 2017": "АСТАНА, 15 февраля 2017 г.",
        }.get(entry.msgid, "[ru] " + entry.msgid)
    po.save(str(path))
    # "[ru] Thirty journalists…" is no Russian: the check says so, and --force publishes.
    result = run_cli("build", slug, "--lang", "ru", "--force", cwd=project)
    assert result.returncode == 0, result.stderr
    page = _page(project, "ru", slug).read_text()
    doc = lxml.html.fromstring(page)
    assert doc.findtext(".//h1/em") == "Астане"
    assert 'href="https://www.osce.org/programme-office-in-astana"' in page
    assert "АСТАНА, 15 февраля 2017\u202fг. – [ru] Thirty journalists" in page
    assert 'var greeting = "Hello. Do not translate.";' in page
    assert "<!-- CMS export: do not edit -->" in page
    assert not doc.xpath("//*[@lang='en']")


def test_orphan_po_file_stops_the_build(project: Path) -> None:
    shutil.copy(_po_path(project, "ru"), _po_path(project, "ru", "2016-05-05-gone"))
    before = snapshot(project)
    result = run_cli("build", cwd=project)
    assert result.returncode == 2
    assert result.stderr.startswith(
        "error: locales/ru/2016-05-05-gone.po: this PO file has no release in sources/"
    )
    assert snapshot(project) == before


def test_stale_po_suggests_extract_and_keeps_the_last_pages(project: Path) -> None:
    assert run_cli("build", cwd=project).returncode == 0
    pages = {lang: _page(project, lang).read_bytes() for lang in ("en", "ru", "kk")}
    source = project / "sources" / f"{SAMPLE_SLUG}.txt"
    source.write_text(source.read_text().replace("some 90", "about 90"))
    before = snapshot(project)
    result = run_cli("build", cwd=project)
    assert result.returncode == 2
    errors = result.stderr.splitlines()
    assert len(errors) == 2  # every page that cannot be built, each with file and line
    for line, language in zip(errors, ("ru", "kk"), strict=True):
        assert re.match(
            rf"error: locales/{language}/{SAMPLE_SLUG}\.po:\d+: this entry matches no sentence "
            rf"of sources/{SAMPLE_SLUG}\.txt .*run: l10nrelease extract {SAMPLE_SLUG}",
            line,
        )
    assert "the page of the last build is kept" in result.stdout
    assert "1 page(s) published" in result.stdout
    assert "2 skipped (2 of them still online: the last build's page is kept)." in result.stdout
    # The English page is built from the new source; the others stay as last built.
    assert "about 90" in _page(project, "en").read_text()
    assert _page(project, "ru").read_bytes() == pages["ru"]
    assert _page(project, "kk").read_bytes() == pages["kk"]
    index = (project / "build" / "ru" / "index.html").read_text()
    assert f"{SAMPLE_SLUG}.html" in index
    assert {k: v for k, v in snapshot(project).items() if not k.startswith("build/")} == {
        k: v for k, v in before.items() if not k.startswith("build/")
    }
    status = run_cli("status", cwd=project)
    assert status.returncode == 2 and status.stderr.splitlines() == errors


def test_unwritable_build_folder(project: Path) -> None:
    # A file where the build folder's parent should be: mkdir fails, even for root.
    (project / "site").write_text("not a folder")
    config = project / "l10nrelease.toml"
    config.write_text(config.read_text().replace('build = "build"', 'build = "site/build"'))
    before = snapshot(project)
    result = run_cli("build", cwd=project)
    assert result.returncode == 2
    assert result.stderr.startswith("error: ") and "cannot write the build folder" in result.stderr
    assert "site" in result.stderr and "Traceback" not in result.stderr
    assert snapshot(project) == before


def test_failed_build_leaves_the_old_build_folder(project: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from l10nrelease.errors import L10nError
    from l10nrelease.project import open_project, staging
    from l10nrelease.project.build import build

    build(open_project(project))
    before = snapshot(project / "build")
    real_rename = os.rename

    def failing_rename(source: str, target: str) -> None:
        if ".staging-" in str(source):
            raise PermissionError(13, "Permission denied", str(target))
        real_rename(source, target)

    monkeypatch.setattr(staging.os, "rename", failing_rename)
    _edit_msgstr(project, "ru", "OSCE co-hosts", "Новый заголовок")
    with pytest.raises(L10nError, match="cannot write the build folder"):
        build(open_project(project))
    assert snapshot(project / "build") == before
    assert not [p for p in project.iterdir() if p.name.startswith(".build")]


def test_project_templates_override_the_package(project: Path) -> None:
    templates = project / "templates"
    templates.mkdir()
    (templates / "style.css").write_text("body { color: navy }\n")
    config = project / "l10nrelease.toml"
    config.write_text(
        config.read_text().replace('build = "build"', 'build = "build"\ntemplates = "templates"')
    )
    assert run_cli("build", cwd=project).returncode == 0
    assert (project / "build" / "style.css").read_text() == "body { color: navy }\n"
    assert "<article>" in _page(project, "kk").read_text()


def test_rebuild_keeps_every_page_and_reports_nothing_written(project: Path) -> None:
    first = run_cli("build", cwd=project)
    assert "11 file(s) written" in first.stdout  # 3 pages, 3 indexes, 3 feeds, 2 more
    before = snapshot(project / "build")
    again = run_cli("build", cwd=project)
    assert again.returncode == 0 and "0 file(s) written" in again.stdout
    assert snapshot(project / "build") == before
    partial = run_cli("build", "--lang", "kk", cwd=project)
    assert partial.returncode == 0 and "0 file(s) written" in partial.stdout
    assert snapshot(project / "build") == before


def test_full_build_removes_what_it_did_not_write(project: Path) -> None:
    assert run_cli("build", cwd=project).returncode == 0
    (project / "build" / "leftover.html").write_text("old")
    assert run_cli("build", cwd=project).returncode == 0
    assert not (project / "build" / "leftover.html").exists()


def test_an_unchanged_full_build_is_not_done_again(project: Path) -> None:
    first = run_cli("build", cwd=project)
    again = run_cli("build", cwd=project)
    assert again.returncode == 0 and "0 file(s) written" in again.stdout
    # Nothing written, nothing to list: only the summary; -v lists every page again.
    assert again.stdout.splitlines() == [
        "3 page(s) published in build/, 0 file(s) written; 0 skipped.",
        "no sitemap.xml: it needs the site's address; set [build] site_url = "
        '"https://…/" (where the build folder is published) in l10nrelease.toml',
    ]
    listed = run_cli("build", "-v", cwd=project)
    assert listed.stdout.splitlines()[:4] == first.stdout.splitlines()[:4]  # same summary
    assert (project / ".l10nrelease" / "cache" / "records.sqlite").exists()
    # A deleted page, or an edited translation, brings the real build back.
    _page(project, "kk").unlink()
    assert run_cli("build", cwd=project).returncode == 0 and _page(project, "kk").exists()
    _edit_msgstr(project, "kk", "OSCE co-hosts", NEW_HEADLINE)
    assert run_cli("build", cwd=project).returncode == 0
    assert NEW_HEADLINE in _page(project, "kk").read_text()


def test_an_unchanged_build_takes_its_summary_from_the_releases_records(
    project: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    """A full build records one digest of its outputs and its releases' keys; the
    summary of an unchanged build is read from each release's pages record. Where one
    is gone, the build is done again (the same pages, byte for byte), never refused."""
    import sqlite3

    from l10nrelease.project import build as build_module
    from l10nrelease.project import open_project, pages

    shutil.copy(DATA / "2017-02-15-osce-media-training.html", project / "sources")
    assert run_cli("extract", cwd=project).returncode == 0
    built: list[str] = []
    real = pages.Run._release

    def spy(self, source, *args, **kwargs):  # type: ignore[no-untyped-def]
        built.append(source.name)
        return real(self, source, *args, **kwargs)

    runs: list[bool] = []
    real_indexes = pages.Run.indexes

    def indexes(self, *args):  # type: ignore[no-untyped-def]
        runs.append(True)
        return real_indexes(self, *args)

    monkeypatch.setattr(pages.Run, "_release", spy)
    monkeypatch.setattr(pages.Run, "indexes", indexes)
    first = build_module.build(open_project(project))
    assert len(built) == 2 and len(first.plans) == 6 and len(runs) == 1
    again = build_module.build(open_project(project))
    assert len(built) == 2 and len(runs) == 1  # not done again: the last summary
    assert again.plans == first.plans and again.changed == ()
    store = project / ".l10nrelease" / "cache" / "records.sqlite"
    with sqlite3.connect(store) as db:
        db.execute(
            "DELETE FROM records WHERE kind = 'pages' AND key = "
            "(SELECT key FROM records WHERE kind = 'pages' LIMIT 1)"
        )
    db.close()
    rebuilt = build_module.build(open_project(project))
    assert len(built) == 3 and len(runs) == 2  # the release whose record was gone
    assert rebuilt.plans == first.plans and rebuilt.changed == ()


def test_a_build_after_one_edit_rebuilds_only_that_release(project: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from l10nrelease.project import build as build_module
    from l10nrelease.project import open_project, pages

    shutil.copy(DATA / "2017-02-15-osce-media-training.html", project / "sources")
    assert run_cli("extract", cwd=project).returncode == 0
    assert run_cli("build", "--allow-incomplete", cwd=project).returncode == 0
    before = {p: p.read_bytes() for p in (project / "build").rglob("*.html")}
    _edit_msgstr(project, "kk", "OSCE co-hosts", NEW_HEADLINE)
    built: list[str] = []
    real = pages.Run._release

    def spy(self, source, *args, **kwargs):  # type: ignore[no-untyped-def]
        built.append(source.name)
        return real(self, source, *args, **kwargs)

    monkeypatch.setattr(pages.Run, "_release", spy)
    opened = open_project(project)
    result = build_module.build(opened, policy=opened.policy(allow_incomplete=True))
    assert built == [f"{SAMPLE_SLUG}.txt"]  # the HTML release's pages were reused
    after = {p: p.read_bytes() for p in (project / "build").rglob("*.html")}
    changed = {p.relative_to(project / "build").as_posix() for p in after if after[p] != before[p]}
    assert changed == {f"kk/{SAMPLE_SLUG}.html", "kk/index.html"}  # its page and the index
    written = {p.relative_to(project / "build").as_posix() for p in result.written}
    assert written == changed | {"kk/feed.xml"}  # and the feed, with its new title
    assert NEW_HEADLINE in (project / "build" / "kk" / "feed.xml").read_text()
    # A full build from nothing gives the same bytes as the incremental one.
    shutil.rmtree(project / "build")
    shutil.rmtree(project / ".l10nrelease")
    assert run_cli("build", "--allow-incomplete", cwd=project).returncode == 0
    assert {p: p.read_bytes() for p in (project / "build").rglob("*.html")} == after


def test_a_template_saved_during_a_build_is_not_taken_for_the_pages_made_with_it(
    project: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    """The pages are recorded under the templates as the build began; a template saved
    while it ran (read by it, or not) makes them not taken again for those templates
    once the file is back as it was (found by a tester)."""
    from l10nrelease.project import build as build_module
    from l10nrelease.project import open_project, pages

    templates = project / "templates"
    templates.mkdir()
    packaged = Path(build_module.__file__).parent.parent / "templates" / "release.html.j2"
    template = templates / "release.html.j2"
    template.write_text(packaged.read_text(encoding="utf-8"), encoding="utf-8")
    config = project / "l10nrelease.toml"
    config.write_text(
        config.read_text().replace('build = "build"', 'build = "build"\ntemplates = "templates"')
    )
    original = template.read_text(encoding="utf-8")
    real = pages.Run.releases

    def saved_during(self, *args):  # type: ignore[no-untyped-def]
        template.write_text(original.replace("</body>", "<p>SAVED</p></body>"), "utf-8")
        return real(self, *args)

    monkeypatch.setattr(pages.Run, "releases", saved_during)
    build_module.build(open_project(project))
    assert "SAVED" in _page(project, "kk").read_text(encoding="utf-8")
    monkeypatch.setattr(pages.Run, "releases", real)
    template.write_text(original, encoding="utf-8")
    build_module.build(open_project(project))
    assert "SAVED" not in _page(project, "kk").read_text(encoding="utf-8")


def test_status_follows_the_html_elements_never_translated(project: Path) -> None:
    """``[html] untranslated`` changes how a page is read into units: status's kept rows
    are not taken for another setting (found by a tester: status said published, build
    said not built)."""
    shutil.copy(DATA / "2017-02-15-osce-media-training.html", project / "sources")
    assert run_cli("extract", cwd=project).returncode == 0
    assert run_cli("status", cwd=project).returncode in (0, 1)
    config = project / "l10nrelease.toml"
    config.write_text(config.read_text() + '\n[html]\nuntranslated = ["p"]\n')
    kept = run_cli("status", "--format", "json", cwd=project)
    shutil.rmtree(project / ".l10nrelease")
    fresh = run_cli("status", "--format", "json", cwd=project)
    assert json.loads(kept.stdout)["rows"] == json.loads(fresh.stdout)["rows"]
