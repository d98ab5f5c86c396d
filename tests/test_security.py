"""Untrusted translations never become markup; paths never leave the project; API keys
never appear in any file or message."""

from __future__ import annotations

import dataclasses
import os
import shutil
from collections import Counter
from pathlib import Path

import lxml.html
import pytest

from l10nrelease.pofile import parse_catalog, render_catalog

from .conftest import DATA, SAMPLE_SLUG, run_cli, snapshot
from .mtserver import MTServer, running

PAYLOADS = [
    line
    for line in (Path(__file__).resolve().parent / "xss-payloads.txt")
    .read_text(encoding="utf-8")
    .split("\n")  # not splitlines(): a payload holds a vertical tab
    if line.strip()
]
HTML_SLUG = "2017-02-15-osce-media-training"


def _set_translation(project: Path, slug: str, msgstr: str | None) -> None:
    """Give two units of a release (one plain, one with placeholders where there is
    one) a reviewed kk translation, as a PO editor saves it; None: a harmless one."""
    path = project / "locales" / "kk" / f"{slug}.po"
    catalog = parse_catalog(path.read_text(encoding="utf-8"), path=str(path))
    active = [e for e in catalog.entries if not e.obsolete and e.msgctxt is None]
    plain = next(e for e in active if "<" not in e.msgid)
    marked = next((e for e in active if "<1>" in e.msgid), None)
    chosen = {id(plain): msgstr or "Қауіпсіз аударма."}
    if marked is not None:
        chosen[id(marked)] = msgstr or marked.msgid  # harmless: placeholders as they are
    entries = tuple(
        dataclasses.replace(e, msgstr=chosen[id(e)], fuzzy=False) if id(e) in chosen else e
        for e in catalog.entries
    )
    path.write_text(render_catalog(dataclasses.replace(catalog, entries=entries)))


def _shape(page: str) -> tuple[Counter[str], list[tuple[str, str]], list[str]]:
    """Every element and attribute of a page, and the code in its scripts and styles:
    what markup it has, whatever its text. A refused translation shows the English
    sentence in a <span lang="en">: not counted."""
    document = lxml.html.document_fromstring(page)
    elements = [
        element
        for element in document.iter()
        if not (element.tag == "span" and element.get("lang") == "en")
    ]
    tags = Counter(str(element.tag) for element in elements)
    attributes = sorted(
        (name, value) for element in elements for name, value in element.attrib.items()
    )
    code = [e.text or "" for e in elements if e.tag in ("script", "style")]
    return tags, attributes, code


@pytest.fixture
def xss_project(project: Path) -> Path:
    shutil.copy(DATA / f"{HTML_SLUG}.html", project / "sources")
    assert run_cli("extract", cwd=project).returncode == 0
    return project


def test_no_translation_in_the_xss_corpus_reaches_a_page_as_markup(xss_project: Path) -> None:
    project = xss_project
    # The shape of each page with a harmless translation in the same places.
    for slug in (SAMPLE_SLUG, HTML_SLUG):
        _set_translation(project, slug, None)
    # --force: the check's errors would keep the pages back; here every page is built,
    # to compare its shape with the harmless one.
    assert run_cli("build", "--allow-incomplete", "--force", cwd=project).returncode == 0
    pages = {slug: project / "build" / "kk" / f"{slug}.html" for slug in (SAMPLE_SLUG, HTML_SLUG)}
    expected = {slug: _shape(page.read_text(encoding="utf-8")) for slug, page in pages.items()}
    refused = 0
    for payload in PAYLOADS:
        for slug in pages:
            _set_translation(project, slug, payload)
        result = run_cli("build", "--allow-incomplete", "--force", cwd=project)
        assert result.returncode in (0, 1), (payload, result.stderr)
        if result.returncode == 1:
            refused += 1
            assert "translation refused" in result.stderr and ".po:" in result.stderr
        assert "Traceback" not in result.stderr
        for slug, page in pages.items():
            text = page.read_text(encoding="utf-8")
            assert _shape(text) == expected[slug], (payload, slug)
    print(f"{len(PAYLOADS)} payloads, {refused} refused")
    assert refused >= 10  # raw HTML, event attributes, script URLs and bad placeholders


def test_a_release_named_to_escape_or_inject_is_refused(project: Path) -> None:
    source = project / "sources" / f"{SAMPLE_SLUG}.txt"
    for name in ('2017-02-01-a"><script>.txt', "2017-02-01 with spaces.txt"):
        shutil.copy(source, project / "sources" / name)
        before = snapshot(project)
        result = run_cli("extract", cwd=project)
        assert result.returncode == 2
        assert result.stderr.startswith(f"error: sources/{name}: the file name")
        assert "rename it" in result.stderr
        assert snapshot(project) == before
        (project / "sources" / name).unlink()
    # A slug that would be a file build writes itself (its index page) is refused too.
    for name in ("index.txt", "INDEX.html"):
        shutil.copy(source, project / "sources" / name)
        for command in ("extract", "build", "status"):
            result = run_cli(command, cwd=project)
            assert result.returncode == 2, (name, command)
            assert f"error: sources/{name}: a release named" in result.stderr
            assert "would be overwritten by build's own" in result.stderr
        (project / "sources" / name).unlink()
    for argument in ("../l10nrelease.toml", "/etc/passwd", "../../etc/passwd"):
        result = run_cli("extract", argument, cwd=project)
        assert result.returncode == 2 and "Traceback" not in result.stderr, argument


def test_links_pointing_outside_the_project_are_refused(project: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    secret = outside / "secret.txt"
    secret.write_text("Secret headline\nNot for the project.\n")
    link = project / "sources" / "2017-03-01-link.txt"
    link.symlink_to(secret)
    result = run_cli("extract", cwd=project)
    assert result.returncode == 2
    assert result.stderr.startswith(
        "error: sources/2017-03-01-link.txt: is a link to a file outside"
    )
    link.unlink()

    po = project / "locales" / "ru" / f"{SAMPLE_SLUG}.po"
    target = outside / "elsewhere.po"
    shutil.move(po, target)
    po.symlink_to(target)
    before = target.read_bytes()
    for command in ("extract", "check", "build"):
        result = run_cli(command, cwd=project)
        assert result.returncode == 2, command
        assert "through a link" in result.stderr and "outside the project" in result.stderr
        assert target.read_bytes() == before and po.is_symlink()

    # A configured folder that is a link to the outside counts as outside.
    po.unlink()
    shutil.move(target, po)
    (project / "site").symlink_to(outside, target_is_directory=True)
    config = project / "l10nrelease.toml"
    config.write_text(config.read_text().replace('build = "build"', 'build = "site"'))
    result = run_cli("build", cwd=project)
    assert result.returncode == 2 and "points outside the project folder" in result.stderr
    assert sorted(os.listdir(outside)) == ["secret.txt"]


def test_api_keys_appear_in_no_error_message(project: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    secret = "libre-secret-key-b41d2"
    monkeypatch.setenv("LIBRE_API_KEY", secret)
    _clear_translations(project)
    config = project / "l10nrelease.toml"
    original = config.read_text()
    with running() as server:
        server.script = ["echo"] * 20  # 403, with the request (key and all) in the body
        _point_libre(config, original, server)
        result = run_cli("pretranslate", "--engine", "libre", "--lang", "ru", cwd=project)
        assert any(secret in request for request in server.raw)  # the key was sent
    assert "refused the API key" in result.stderr  # 403, said without the key
    assert secret not in result.stdout + result.stderr
    # An engine that cannot be reached: requests' own message carries the URL; ours not.
    _point_libre(config, original, None)
    result = run_cli("pretranslate", "--engine", "libre", "--lang", "ru", cwd=project)
    assert result.returncode == 2 and "did not answer" in result.stdout + result.stderr
    assert secret not in result.stdout + result.stderr
    for path in project.rglob("*"):
        if path.is_file():
            assert secret.encode() not in path.read_bytes(), path


def _clear_translations(project: Path) -> None:
    """Empty every ru translation, so that pretranslate has work."""
    path = project / "locales" / "ru" / f"{SAMPLE_SLUG}.po"
    catalog = parse_catalog(path.read_text(encoding="utf-8"), path=str(path))
    entries = tuple(
        dataclasses.replace(e, msgstr="", fuzzy=False) if e.msgid else e for e in catalog.entries
    )
    path.write_text(render_catalog(dataclasses.replace(catalog, entries=entries)))


def _point_libre(config: Path, original: str, server: MTServer | None) -> None:
    url = f"{server.base}/libre" if server is not None else "http://127.0.0.1:9/libre"
    config.write_text(
        original + f'\n[engines]\nlibre = {{ url = "{url}" }}\n\n[pretranslate]\ntimeout = 2\n'
    )


@pytest.mark.parametrize("kind", ["po", "source"])
def test_a_file_replaced_by_a_link_out_is_refused_with_records_too(
    project: Path, tmp_path: Path, kind: str
) -> None:
    """A file that the last runs recorded, replaced by a link to an outside copy of
    the same bytes: refused as without any record, by every command (a tester found
    build, status and extract answering from the records, and check refusing)."""
    for command in (("build",), ("extract",), ("status",)):
        assert run_cli(*command, cwd=project).returncode == 0
    inside = (
        project / "locales" / "ru" / f"{SAMPLE_SLUG}.po"
        if kind == "po"
        else project / "sources" / f"{SAMPLE_SLUG}.txt"
    )
    outside = tmp_path / "outside" / inside.name
    outside.parent.mkdir()
    shutil.copy2(inside, outside)
    inside.unlink()
    inside.symlink_to(outside)
    for command in (("build",), ("extract",), ("status",)):
        result = run_cli(*command, cwd=project)
        assert result.returncode == 2, (command, result.stdout, result.stderr)
        assert "outside the project" in result.stderr, (command, result.stderr)
