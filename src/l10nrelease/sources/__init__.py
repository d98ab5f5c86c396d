"""Read a release file (``.txt`` in the sample's format, or ``.html``) into a ``Release``.

One module per format; both produce the same model, so later stages do not care
where a release came from.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import SourceError
from ..fsutil import read_bytes, read_text_strict
from ..model import Release, Unit

if TYPE_CHECKING:
    from .furniture import Furniture

#: Reader module of each file suffix, imported when first needed (lxml only for HTML).
SUFFIXES = {".txt": "text", ".html": "html", ".htm": "html"}


def _reader(name: str):  # type: ignore[no-untyped-def]
    return importlib.import_module(f"{__name__}.{name}")


def is_release(path: Path) -> bool:
    return path.suffix.lower() in SUFFIXES and not path.name.startswith(".")


def read_release(
    path: Path, *, root: Path, mode: str = "sentence", untranslated: Sequence[str] = ()
) -> Release:
    """Read and segment one release; ``root`` makes the path in references relative.

    ``untranslated``: CSS selectors of the elements of HTML pages never translated
    (``[html] untranslated``).
    """
    name = SUFFIXES.get(path.suffix.lower())
    if name is None:
        raise SourceError(f"unknown release format '{path.suffix}'; use .txt or .html", path=path)
    try:
        shown = path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        shown = path.as_posix()
    release: Release
    if name == "html":
        # A page is decoded by the charset it declares, not assumed to be UTF-8.
        html = _reader(name)
        content = html.decode_html(read_bytes(path, error=SourceError, shown=shown), path=shown)
        release = html.parse(
            content, path=shown, slug=path.stem, mode=mode, untranslated=untranslated
        )
        return release
    content = read_text_strict(path, error=SourceError, shown=shown)
    release = _reader(name).parse(content, path=shown, slug=path.stem, mode=mode)
    return release


def reassemble(
    release: Release,
    translate: Callable[[Unit], str | None] | None = None,
    *,
    language: str | None = None,
    fallback_language: str | None = None,
    furniture: Furniture | None = None,
) -> str:
    """The release's source with each unit replaced by ``translate(unit)``.

    A unit for which ``translate`` gives ``None`` (or every unit, without it) keeps its
    source text, so ``reassemble(release)`` is the source file itself. ``language``
    sets ``lang`` on an HTML page's root element; ``fallback_language`` marks the
    units of an HTML page left untranslated (see ``html.reassemble``); ``furniture``
    is what else an HTML page in another language gets (``furniture.Furniture``).
    """
    if release.format == "html":
        text: str = _reader("html").reassemble(
            release,
            translate,
            language=language,
            fallback_language=fallback_language,
            furniture=furniture,
        )
        return text
    result: str = _reader("text").reassemble(release, translate)
    return result
