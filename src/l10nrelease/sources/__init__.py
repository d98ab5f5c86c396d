"""Read a release file (``.txt`` in the sample's format, ``.html``, a Word ``.docx`` or a
Markdown ``.md``) into a ``Release``, and put translations back into its format.

One module per format; all produce the same model, so later stages do not care
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
from ..records import digest
from .documents import InlineHtml

if TYPE_CHECKING:
    from .furniture import Furniture

#: Reader module of each file suffix, imported when first needed (lxml only for HTML,
#: python-docx only for Word, markdown-it only for Markdown).
SUFFIXES = {
    ".txt": "text",
    ".html": "html",
    ".htm": "html",
    ".docx": "word",
    ".md": "markdown",
    ".markdown": "markdown",
}
#: Formats read as bytes, not text.
BINARY = frozenset({"word"})
#: The formats read, as messages name them.
READ_FORMATS = ".txt, .html, .htm, .docx and .md"
#: Formats that build writes translated in their own format too (beside the HTML page).
DOCUMENT_SUFFIXES = {"docx": ".docx", "md": ".md"}
#: What to do with a file of a format that is not read, by suffix.
_ADVICE = {
    ".doc": "save it in Word as a Word document (.docx)",
    ".rtf": "save it in Word as a Word document (.docx)",
    ".odt": "save it in LibreOffice as Word (.docx)",
    ".pdf": "ask for the document it was made from (.docx), or paste its text into a .txt",
    ".docm": "save it in Word as a Word document (.docx), without macros",
}


def _reader(name: str):  # type: ignore[no-untyped-def]
    return importlib.import_module(f"{__name__}.{name}")


def is_hidden(path: Path) -> bool:
    """Files nobody means as a release: hidden files, office lock files (``~$draft.docx``,
    ``.~lock.x.odt#``), editor backups (``x.txt~``, ``#x.md#``)."""
    name = path.name
    return name.startswith((".", "~", "#")) or name.endswith(("~", "#"))


def is_release(path: Path) -> bool:
    return path.suffix.lower() in SUFFIXES and not is_hidden(path)


def not_read(path: Path) -> str | None:
    """Why a file in the sources folder is not read, or None if it is a release (or a
    file nobody means as one, ignored without a word)."""
    if is_hidden(path) or is_release(path):
        return None
    advice = _ADVICE.get(path.suffix.lower(), "convert it to one of them, or move it elsewhere")
    return f"not read: l10nrelease reads releases in {READ_FORMATS} files; {advice}"


#: ``kept(key, text, read)``: the release whose inputs have digest ``key`` (the source
#: page decoded as ``text``, its path and the segmentation settings), remembered from an
#: earlier read, or ``read()``'s.
Kept = Callable[[str, str, Callable[[], Release]], Release]


def read_release(
    path: Path,
    *,
    root: Path,
    mode: str = "sentence",
    abbreviations: tuple[str, ...] = (),
    untranslated: Sequence[str] = (),
    kept: Kept | None = None,
) -> Release:
    """Read and segment one release; ``root`` makes the path in references relative.

    ``abbreviations`` are the project's own, which do not end a sentence;
    ``untranslated``: CSS selectors of the elements of HTML pages never translated
    (``[html] untranslated``); ``kept`` may give an HTML page's release as it was read
    before (extract reads it, then build) instead of segmenting it again.
    """
    name = SUFFIXES.get(path.suffix.lower())
    if name is None:
        raise SourceError(f"unknown release format '{path.suffix}'; use {READ_FORMATS}", path=path)
    try:
        shown = path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        shown = path.as_posix()
    release: Release
    if name == "html":
        # A page is decoded by the charset it declares, not assumed to be UTF-8.
        html = _reader(name)
        content = html.decode_html(read_bytes(path, error=SourceError, shown=shown), path=shown)

        def parse() -> Release:
            release: Release = html.parse(
                content,
                path=shown,
                slug=path.stem,
                mode=mode,
                abbreviations=abbreviations,
                untranslated=untranslated,
            )
            return release

        if kept is None:
            return parse()
        settings = (mode, *abbreviations, "\0", *untranslated)
        return kept(digest("html", shown, path.stem, *settings, content), content, parse)
    data: str | bytes
    if name in BINARY:
        data = read_bytes(path, error=SourceError, shown=shown)
    else:
        data = read_text_strict(path, error=SourceError, shown=shown)
    release = _reader(name).parse(
        data, path=shown, slug=path.stem, mode=mode, abbreviations=abbreviations
    )
    return release


def document(
    release: Release,
    translate: Callable[[Unit], str | None] | None,
    *,
    language: str,
    source_language: str,
) -> tuple[str, bytes] | None:
    """The release translated in its own format, as (file suffix, bytes), for the
    formats that have one (``DOCUMENT_SUFFIXES``); None for the others. Units for
    which ``translate`` gives None keep their source text."""
    suffix = DOCUMENT_SUFFIXES.get(release.format)
    if suffix is None:
        return None
    module = _reader("word_write" if release.format == "docx" else "markdown")
    data: bytes = module.reassemble(
        release, translate, language=language, source_language=source_language
    )
    return suffix, data


def inline_html(release: Release) -> list[InlineHtml] | None:
    """For each block of a document release (``.docx``, ``.md``), the HTML each of its
    placeholders stands for on the release's page; None for ``.txt`` (no placeholders)."""
    if release.format not in DOCUMENT_SUFFIXES:
        return None
    module = _reader("word" if release.format == "docx" else "markdown")
    found: list[InlineHtml] = module.inline_html(release)
    return found


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
