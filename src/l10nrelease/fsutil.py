"""Writing files so that a reader sees the old file or the new one, never half of one."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path

from .errors import L10nError


def display_path(path: Path) -> str:
    """``path`` relative to the current folder when it is inside it, as users typed it."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return str(path)


def write_atomic(path: Path, data: str | bytes) -> None:
    """Write to a temporary file beside ``path``, flush it to disk, then rename it over."""
    commit([(stage(path, data), path)])


def stage(path: Path, data: str | bytes) -> str:
    """Write ``data`` to a temporary file beside ``path``, flushed to disk, not yet in
    place: ``commit`` renames it over ``path``, ``discard`` removes it. Lets a command
    write thousands of files as it goes, yet change none of them if one fails."""
    payload = data.encode("utf-8") if isinstance(data, str) else data
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(
            prefix=f".{path.name}.", suffix=".tmp", dir=path.parent
        )
    except OSError as exc:
        raise L10nError(f"cannot write: {exc.strerror}", path=path) from None
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(payload)
            stream.flush()
            os.fsync(stream.fileno())
        with contextlib.suppress(OSError):
            os.chmod(temporary, 0o644)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise L10nError(f"cannot write: {exc.strerror}", path=path) from None
    return temporary


def commit(staged: Sequence[tuple[str, Path]]) -> None:
    """Rename each staged file over its target (each rename is atomic)."""
    for number, (temporary, path) in enumerate(staged):
        try:
            os.replace(temporary, path)
        except OSError as exc:
            discard(staged[number:])
            raise L10nError(f"cannot write: {exc.strerror}", path=path) from None


def discard(staged: Sequence[tuple[str, Path]]) -> None:
    for temporary, _path in staged:
        with contextlib.suppress(OSError):
            os.unlink(temporary)


def read_text_strict(
    path: Path, *, error: type[L10nError], shown: str | None = None, bom: bool = True
) -> str:
    """Read a UTF-8 file; name the line of any byte that is not UTF-8.

    ``shown`` is how messages name the file (default: ``path`` as given). A byte order
    mark is dropped, or with ``bom=False`` refused (gettext's tools reject one).
    """
    name = shown or str(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise error("file not found", path=name) from None
    except IsADirectoryError:
        raise error("is a folder, not a file", path=name) from None
    except OSError as exc:
        raise error(f"cannot read: {exc.strerror}", path=name) from None
    if not bom and raw.startswith(b"\xef\xbb\xbf"):
        raise error(
            "the file starts with a byte order mark (BOM), which gettext's tools reject; "
            "save it as UTF-8 without BOM (Poedit and Lokalize do; in Notepad choose "
            "'UTF-8', not 'UTF-8 with BOM')",
            path=name,
            line=1,
        )
    return decode_utf8(raw, path=name, error=error)


def decode_utf8(raw: bytes, *, path: Path | str, error: type[L10nError]) -> str:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise error(
            f"not valid UTF-8 (byte 0x{raw[exc.start]:02x}); "
            "save the file as UTF-8 and run the command again",
            path=path,
            line=line,
        ) from None
    return text.removeprefix("\ufeff")
