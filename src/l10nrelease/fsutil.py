"""Writing files so that a reader sees the old file or the new one, never half of one."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
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
        os.replace(temporary, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise L10nError(f"cannot write: {exc.strerror}", path=path) from None


def write_many(files: Sequence[tuple[Path, str | bytes]]) -> None:
    """``write_atomic`` for many files, their flushes to disk overlapping.

    Each file is still written and renamed on its own (old or new, never half); the
    waits for the disk, most of the time of writing thousands of small files, run side
    by side. The first error, in the order given, is raised after all have finished.
    """
    if len(files) < 8:
        for path, data in files:
            write_atomic(path, data)
        return
    for folder in {path.parent for path, _ in files}:
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise L10nError(f"cannot write: {exc.strerror}", path=folder) from None
    with ThreadPoolExecutor(max_workers=8) as pool:
        futures = [pool.submit(write_atomic, path, data) for path, data in files]
    for future in futures:
        future.result()


def read_text_strict(path: Path, *, error: type[L10nError], shown: str | None = None) -> str:
    """Read a UTF-8 file (a BOM is allowed); name the line of any byte that is not UTF-8.

    ``shown`` is how messages name the file (default: ``path`` as given).
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
