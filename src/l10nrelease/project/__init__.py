"""The stages wired over one project folder: one module per command.

Each command's function reads what it needs, runs the pure stages, and writes its
results only when every input was read without error, each file atomically. This
module holds what the commands share; ``extract``, ``build``, ``check`` and
``glossary`` import only what their command needs, so a command starts fast.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import difflib
import hashlib
import json
import re
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from .. import __version__
from ..catalog import Catalog, check_language
from ..config import Config, find_root, read_config
from ..errors import CatalogError, L10nError, SourceError
from ..fsutil import read_text_strict, write_atomic
from ..glossary import GlossaryError, parse_glossary
from ..model import Glossary
from ..names import NameFinder
from ..pofile import parse_catalog
from ..sources import is_release, read_release

TEMPLATES_FOLDER = "templates"
#: A release's slug (its file name without extension) names its pages' addresses.
_SLUG = re.compile(r"^[\w][\w.-]*$")


def open_project(folder: Path | None = None) -> Config:
    """The configuration of the project at or above ``folder`` (default: here)."""
    root = find_root(folder or Path.cwd())
    return read_config(root)


def release_paths(config: Config, names: Sequence[str] = ()) -> list[Path]:
    """The release files named (by slug or path), or every release in the sources folder."""
    if not config.sources.is_dir():
        raise SourceError(
            "the sources folder does not exist; create it or fix paths.sources",
            path=config.sources,
        )
    available = sorted(
        path for path in config.sources.iterdir() if path.is_file() and is_release(path)
    )
    by_slug: dict[str, Path] = {}
    root = config.root.resolve()
    for path in available:
        shown = _relative(path, config.root)
        if not _SLUG.match(path.stem):
            suggestion = re.sub(r"-+", "-", re.sub(r"[^\w.-]", "-", path.stem)).strip("-")
            raise SourceError(
                f"the file name '{path.name}' becomes the address of its pages; use "
                f"letters, digits, '-', '_' and '.' only: rename it, e.g. to "
                f"'{suggestion}{path.suffix}'",
                path=shown,
            )
        if path.is_symlink() and not path.resolve().is_relative_to(root):
            raise SourceError(
                "is a link to a file outside the project, which l10nrelease does not read; "
                "copy the file into the sources folder instead",
                path=shown,
            )
        if path.stem in by_slug:
            raise SourceError(
                f"two releases have the slug '{path.stem}' ({by_slug[path.stem].name} and "
                f"{path.name}); rename one of them",
                path=path,
            )
        by_slug[path.stem] = path
    if not names:
        return available
    chosen = []
    for name in names:
        candidate = Path(name)
        if candidate.suffix and candidate.exists():
            resolved = candidate.resolve()
            if resolved.parent != config.sources.resolve() or not is_release(resolved):
                raise SourceError(
                    f"'{name}' is not a release in {config.sources.name}/; releases are "
                    ".txt or .html files in the sources folder",
                    path=name,
                )
            chosen.append(config.sources / resolved.name)
            continue
        slug = candidate.stem if candidate.suffix else name
        if slug not in by_slug:
            close = difflib.get_close_matches(slug, list(by_slug), n=1)
            hint = f"; did you mean '{close[0]}'?" if close else ""
            raise SourceError(
                f"no release '{name}' in {config.sources.name}/{hint}", path=config.sources
            )
        chosen.append(by_slug[slug])
    return list(dict.fromkeys(chosen))


def po_path(config: Config, slug: str, language: str | None) -> Path:
    if language is None:
        return config.locales / TEMPLATES_FOLDER / f"{slug}.pot"
    return config.locales / language / f"{slug}.po"


def read_catalog_file(path: Path, *, root: Path, language: str | None) -> tuple[Catalog, str]:
    """A PO file as a catalog (and its text), checked to be of ``language``."""
    if path.is_symlink() and not path.resolve().is_relative_to(root.resolve()):
        raise CatalogError(
            "is a link to a file outside the project, which l10nrelease does not read or "
            "write; replace the link with the file itself",
            path=_relative(path, root),
        )
    shown = shown_path(path, root)
    text = read_text_strict(path, error=CatalogError, shown=shown, bom=False)
    catalog = parse_catalog(text, path=shown)
    if language is not None:
        check_language(catalog, language)
    return catalog, text


def orphans(config: Config, slugs: set[str]) -> list[Path]:
    """PO files whose release is gone from the sources folder."""
    found = []
    for language in config.target_languages:
        folder = config.locales / language
        if folder.is_dir():
            found += [p for p in sorted(folder.glob("*.po")) if p.stem not in slugs]
    return found


def _relative(path: Path, root: Path) -> str:
    """``path`` as written under the project folder, links not followed."""
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)


def shown_path(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(path)


def read_glossary_file(config: Config) -> tuple[Glossary, str] | None:
    """The project's glossary and its text, or None when the file does not exist."""
    text = read_glossary_text(config)
    if text is None:
        return None
    shown = shown_path(config.glossary, config.root)
    return parse_glossary(text, path=shown, languages=config.target_languages), text


def read_glossary_text(config: Config) -> str | None:
    """The glossary file's text (not parsed), or None when the file does not exist."""
    if not config.glossary.exists():
        return None
    shown = shown_path(config.glossary, config.root)
    return read_text_strict(config.glossary, error=GlossaryError, shown=shown)


# Compiled name forms (pymorphy3 lexemes, Kazakh suffix chains) are kept between runs
# in .l10nrelease/cache/, as JSON. The file name carries a hash of the morphology
# code, so a changed rule never reuses old forms.
CACHE_FOLDER = ".l10nrelease/cache"


def code_digest() -> str:
    """A hash of l10nrelease's own code: caches made by other code are not reused."""
    global _CODE_DIGEST
    if _CODE_DIGEST is None:
        package = Path(__file__).resolve().parent.parent
        digest = hashlib.sha256(__version__.encode())
        for source in sorted(package.rglob("*.py")):
            digest.update(source.read_bytes())
        _CODE_DIGEST = digest.hexdigest()[:16]
    return _CODE_DIGEST


_CODE_DIGEST: str | None = None


def load_record(path: Path) -> dict[str, Any]:
    """A cache record (JSON object) written by an earlier run; empty if missing or damaged."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def release_key(config: Config, source: Path) -> str:
    """A digest of a release's source and its PO files: what its pages and its status
    rows depend on besides the project's settings."""
    digest = hashlib.sha256(source.name.encode())
    for path in (source, *(po_path(config, source.stem, lang) for lang in config.target_languages)):
        try:
            with open(path, "rb") as stream:
                digest.update(hashlib.sha256(stream.read()).digest())
        except OSError:
            digest.update(b"missing")
    return digest.hexdigest()


def _forms_cache(config: Config) -> Path:
    return config.root / CACHE_FOLDER / f"forms-{code_digest()}.json"


def open_finder(config: Config, glossary: Glossary) -> NameFinder:
    """A name finder with the forms compiled by earlier runs."""
    compiled: dict[str, list[object]] = {}
    path = _forms_cache(config)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if isinstance(data, dict):
            compiled = data
    except (OSError, ValueError):
        pass  # no cache yet, or a damaged one: compile again
    return NameFinder(glossary, compiled=compiled)


def save_finder(config: Config, finder: NameFinder) -> None:
    if not finder.compiled_new:
        return
    # A read-only project still checks; it only compiles again next time.
    with contextlib.suppress(L10nError):
        write_atomic(_forms_cache(config), json.dumps(finder.compiled, ensure_ascii=False))


def release_date(config: Config, slug: str) -> dt.date | None:
    """A release's date from its slug's ``YYYY-MM-DD-`` prefix, else from its source."""
    from ..sources.text import date_from_name

    date = date_from_name(slug)
    if date is not None:
        return date
    for path in release_paths(config):
        if path.stem == slug:
            return read_release(path, root=config.root, mode=config.segmentation).date
    return None


@contextlib.contextmanager
def locked(config: Config, *, wait: float | None = None) -> Iterator[None]:
    """Hold the project's lock while a command writes: two commands at once wait for
    each other (up to ``wait`` seconds, L10NRELEASE_LOCK_WAIT, default 30), then the
    second refuses. The lock is released by the system when a process dies."""
    import fcntl
    import os
    import time

    if wait is None:
        wait = float(os.environ.get("L10NRELEASE_LOCK_WAIT", "30"))
    path = config.root / CACHE_FOLDER / "lock"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle = open(path, "a+", encoding="utf-8")  # noqa: SIM115 (held for the block)
    except OSError as exc:
        raise L10nError(f"cannot create the project lock: {exc.strerror}", path=path) from None
    try:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    handle.seek(0)
                    holder = handle.read().strip() or "another process"
                    raise L10nError(
                        f"another l10nrelease command ({holder}) is working on this project; "
                        "run this one when it has finished",
                        path=config.root.name,
                    ) from None
                time.sleep(0.1)
        handle.seek(0)
        handle.truncate()
        handle.write(f"pid {os.getpid()}")
        handle.flush()
        recover_interrupted(config)
        yield
    finally:
        handle.close()


#: A temporary file of ``fsutil.stage``/``write_atomic``: ``.<name>.<8 random>.tmp``.
_TEMPORARY = re.compile(r"^\..+\.[a-z0-9_]{8}\.tmp$")


def recover_interrupted(config: Config) -> list[Path]:
    """Tidy what a killed command left (run with the project lock held, so no other
    command is writing): temporary files beside PO files and caches, a staging build
    folder; and put the build folder back if the kill came between the two renames
    that swap it. Returns what was removed or restored."""
    import os
    import shutil

    tidied: list[Path] = []
    folders = [config.root / CACHE_FOLDER, config.glossary.parent]
    if config.locales.is_dir():
        folders += [config.locales, *(p for p in config.locales.iterdir() if p.is_dir())]
    for folder in folders:
        if not folder.is_dir():
            continue
        for path in folder.iterdir():
            if _TEMPORARY.match(path.name) and path.is_file():
                with contextlib.suppress(OSError):
                    path.unlink()
                    tidied.append(path)
    build = config.build
    parent = build.parent
    if parent.is_dir():
        for path in sorted(parent.glob(f".{build.name}.old-*")):
            with contextlib.suppress(OSError):
                if not build.exists():
                    os.rename(path, build)  # killed between the renames: the old build
                else:
                    shutil.rmtree(path)
                tidied.append(path)
        for path in parent.glob(f".{build.name}.staging-*"):
            shutil.rmtree(path, ignore_errors=True)
            tidied.append(path)
    return tidied
