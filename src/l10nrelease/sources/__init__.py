"""Read a release file (``.txt`` in the sample's format, or ``.html``) into a ``Release``.

One module per format; both produce the same model, so later stages do not care
where a release came from.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path

from ..errors import SourceError
from ..fsutil import read_text_strict
from ..model import Release, Unit

#: Reader module of each file suffix, imported when first needed (lxml only for HTML).
SUFFIXES = {".txt": "text", ".html": "html", ".htm": "html"}


def _reader(name: str):  # type: ignore[no-untyped-def]
    return importlib.import_module(f"{__name__}.{name}")


def is_release(path: Path) -> bool:
    return path.suffix.lower() in SUFFIXES and not path.name.startswith(".")


def read_release(
    path: Path, *, root: Path, mode: str = "sentence", abbreviations: tuple[str, ...] = ()
) -> Release:
    """Read and segment one release; ``root`` makes the path in references relative;
    ``abbreviations`` are the project's own, which do not end a sentence."""
    name = SUFFIXES.get(path.suffix.lower())
    if name is None:
        raise SourceError(f"unknown release format '{path.suffix}'; use .txt or .html", path=path)
    try:
        shown = path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        shown = path.as_posix()
    content = read_text_strict(path, error=SourceError, shown=shown)
    release: Release = _reader(name).parse(
        content, path=shown, slug=path.stem, mode=mode, abbreviations=abbreviations
    )
    return release


def reassemble(
    release: Release,
    translate: Callable[[Unit], str | None] | None = None,
    *,
    language: str | None = None,
    fallback_language: str | None = None,
) -> str:
    """The release's source with each unit replaced by ``translate(unit)``.

    A unit for which ``translate`` gives ``None`` (or every unit, without it) keeps its
    source text, so ``reassemble(release)`` is the source file itself. ``language``
    sets ``lang`` on an HTML page's root element; ``fallback_language`` marks the
    units of an HTML page left untranslated (see ``html.reassemble``).
    """
    if release.format == "html":
        text: str = _reader("html").reassemble(
            release, translate, language=language, fallback_language=fallback_language
        )
        return text
    result: str = _reader("text").reassemble(release, translate)
    return result
