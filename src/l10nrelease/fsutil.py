"""Writing files so that a reader sees the old file or the new one, never half of one,
and so that nobody's save is lost.

Every file is written to a temporary file beside its target, flushed to disk, and
renamed over the target. A writer that read the target first says what it read
(``expected``: the SHA-256 of its bytes, or None for "did not exist"); just before the
rename the target is compared with it, and a target that changed meanwhile (a
translator saved it in Poedit) is not overwritten: the writer reads it again and
redoes its change (``update_file``). The target's permission bits are kept.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import tempfile
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from .errors import L10nError

#: ``expected`` for a target whose current content does not matter (an output file).
ANY = "*"
#: How often ``update_file`` redoes its change when the target keeps changing.
ATTEMPTS = 20


class TargetChanged(L10nError):
    """The target changed since it was read; the change was not written."""


def display_path(path: Path) -> str:
    """``path`` relative to the current folder when it is inside it, as users typed it."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return str(path)
    except OSError:
        return str(path)  # the current folder is gone (removed by a build, say)


def content_digest(data: bytes | None) -> str | None:
    return hashlib.sha256(data).hexdigest() if data is not None else None


def current_digest(path: Path) -> str | None:
    """The SHA-256 of the target's bytes now, None when it does not exist."""
    try:
        return content_digest(path.read_bytes())
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise os_error(exc, path, "cannot read") from None


#: What to do about the system's usual refusals.
ADVICE = {
    errno.ENOSPC: "free some disk space, then run the command again (nothing was changed)",
    errno.EDQUOT: "free some space in your disk quota, then run the command again",
    errno.EACCES: "make the file and its folder writable for you, then run the command again",
    errno.EPERM: "make the file and its folder writable for you, then run the command again",
    errno.EROFS: "the disk is mounted read-only: work on a copy of the project elsewhere",
}


def os_error(exc: OSError, path: Path | str, doing: str) -> L10nError:
    """An error of the system (a full disk, no permission, a read-only disk) as one line
    naming the file (as the user would type it) and saying what to do."""
    advice = ADVICE.get(exc.errno or 0)
    shown = display_path(Path(path))
    message = f"{doing}: {exc.strerror or exc}" + (f"; {advice}" if advice else "")
    return L10nError(message, path=shown)


def write_atomic(path: Path, data: str | bytes, *, expected: str | None = ANY) -> None:
    """Write ``data`` to ``path`` atomically; with ``expected``, only if the target is
    still what the caller read (else ``TargetChanged``)."""
    if commit([(stage(path, data), path)], expected={path: expected}):
        raise TargetChanged(
            "changed while l10nrelease was writing it; nothing was overwritten", path=path
        )


def update_file(path: Path, change: Callable[[bytes | None], str | bytes | None]) -> bool:
    """Read ``path``, write ``change(its bytes)`` over it (None: leave it), and if the
    file changed in between, read it again and redo the change. Returns whether the
    file was written. A file that never stays still long enough is an error."""
    for _attempt in range(ATTEMPTS):
        try:
            before = path.read_bytes()
        except FileNotFoundError:
            before = None
        except OSError as exc:
            raise os_error(exc, path, "cannot read") from None
        data = change(before)
        if data is None:
            return False
        if not commit([(stage(path, data), path)], expected={path: content_digest(before)}):
            return True
    raise TargetChanged(
        "keeps changing while l10nrelease writes it (is another program saving it "
        "again and again?); nothing was overwritten; run the command again",
        path=path,
    )


def stage(path: Path, data: str | bytes) -> str:
    """Write ``data`` to a temporary file beside ``path``, not yet in place: ``commit``
    renames it over ``path``, ``discard`` removes it. Lets a command write thousands of
    files as it goes, yet change none of them if one fails.

    A file that replaces one is flushed to disk first (``fsync``), so that a crash
    never leaves an empty file where a translator's work was. A new file is not: it
    holds nobody's work yet (what extract, init or an export writes can be written
    again), and syncing each one was two fifths of a first extract of a thousand
    releases on a common disk."""
    payload = data.encode("utf-8") if isinstance(data, str) else data
    replaces = True
    try:
        mode = os.stat(path).st_mode & 0o7777
    except OSError:
        mode, replaces = 0o644, False
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(
            prefix=f".{path.name}.", suffix=".tmp", dir=path.parent
        )
    except OSError as exc:
        raise os_error(exc, path, "cannot write") from None
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(payload)
            stream.flush()
            if replaces:
                os.fsync(stream.fileno())
        os.chmod(temporary, mode)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise os_error(exc, path, "cannot write") from None
    return temporary


def commit(
    staged: Sequence[tuple[str, Path]], *, expected: Mapping[Path, str | None] | None = None
) -> list[Path]:
    """Rename each staged file over its target (each rename is atomic).

    ``expected`` gives, for a target, the digest of what the caller read (None: it did
    not exist). A target that is no longer so is left as it is, its staged file is
    removed, and it is returned: the caller reads it again and redoes its work.
    """
    changed = []
    for number, (temporary, path) in enumerate(staged):
        wanted = (expected or {}).get(path, ANY)
        try:
            if wanted == ANY:
                os.replace(temporary, path)
            elif not _swap_in(temporary, path, wanted):
                changed.append(path)
        except (OSError, L10nError) as exc:
            discard(staged[number:])
            if isinstance(exc, L10nError):
                raise
            raise os_error(exc, path, "cannot write") from None
    return changed


def _swap_in(temporary: str, path: Path, expected: str | None) -> bool:
    """Put the staged file in place only if the target is still ``expected``; else
    leave the target as it is and remove the staged file. False: it had changed.

    A plain compare-then-rename would lose a save landing between the two. Where the
    system can exchange two files atomically (Linux's renameat2), the target is
    exchanged with the staged file and what came out is compared: if it was not what
    was read, it is exchanged back. A target that did not exist is created by a link,
    which fails if someone created it meanwhile."""
    if expected is None:
        try:
            os.link(temporary, path)
        except FileExistsError:
            discard([(temporary, path)])
            return False
        except OSError:  # a file system without hard links
            if current_digest(path) is not None:
                discard([(temporary, path)])
                return False
            os.replace(temporary, path)
            return True
        os.unlink(temporary)
        return True
    if current_digest(path) != expected:
        discard([(temporary, path)])
        return False
    if not _exchange(temporary, path):
        os.replace(temporary, path)  # no atomic exchange here: the check above is all
        return True
    mine = current_digest(path)
    if current_digest(Path(temporary)) == expected:
        os.unlink(temporary)  # what came out is what was read: nothing was lost
        return True
    # Someone saved between the check and the exchange: theirs goes back in place.
    _exchange(temporary, path)
    if current_digest(Path(temporary)) != mine:
        _exchange(temporary, path)  # they saved again meanwhile: keep their newest
    discard([(temporary, path)])
    return False


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100
_renameat2: object = None


def _exchange(first: str | Path, second: str | Path) -> bool:
    """Exchange two files atomically; False where the system cannot."""
    global _renameat2
    if _renameat2 is None:
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            _renameat2 = libc.renameat2
        except (OSError, AttributeError):
            _renameat2 = False
    if not _renameat2:
        return False
    import ctypes

    result = _renameat2(  # type: ignore[operator]
        _AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE
    )
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EOPNOTSUPP):
        _renameat2 = False  # this file system cannot exchange: compare and rename
        return False
    raise OSError(code, os.strerror(code), str(second))


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
    raw = read_bytes(path, error=error, shown=name)
    if not bom and raw.startswith(b"\xef\xbb\xbf"):
        raise error(
            "the file starts with a byte order mark (BOM), which gettext's tools reject; "
            "save it as UTF-8 without BOM (Poedit and Lokalize do; in Notepad choose "
            "'UTF-8', not 'UTF-8 with BOM')",
            path=name,
            line=1,
        )
    return decode_utf8(raw, path=name, error=error)


def read_bytes(path: Path, *, error: type[L10nError], shown: str | None = None) -> bytes:
    """A file's bytes; a missing, unreadable or folder path is ``error`` naming it."""
    name = shown or str(path)
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise error("file not found", path=name) from None
    except IsADirectoryError:
        raise error("is a folder, not a file", path=name) from None
    except OSError as exc:
        raise error(f"cannot read: {exc.strerror}", path=name) from None


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
