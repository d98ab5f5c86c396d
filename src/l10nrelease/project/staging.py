"""The next build folder, written beside the current one and swapped in at the end."""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
from collections.abc import Iterable
from pathlib import Path

from ..errors import L10nError
from ..fsutil import display_path
from ..records import file_digest


def files_under(folder: Path | str, *, relative: bool = False) -> list[str]:
    """Every file under ``folder`` (a missing folder has none), as plain strings: run
    over thousands of files on every build, where pathlib's objects cost more than the
    reading does."""
    top = str(folder)
    found = []
    for parent, _folders, names in os.walk(top):
        for name in names:
            path = os.path.join(parent, name)
            found.append(os.path.relpath(path, top).replace(os.sep, "/") if relative else path)
    return found


class Staging:
    """The next build folder, written beside the current one and swapped in at the end.

    Used as a context manager: if anything fails before ``commit``, the staging folder
    is removed and the current build folder is left as it was. ``write`` may be called
    from forked workers (each writes its own files).
    """

    def __init__(self, folder: Path, *, keep_others: bool) -> None:
        self.folder = folder
        self.path = folder.parent / f".{folder.name}.staging-{os.getpid()}"
        self.retired = folder.parent / f".{folder.name}.old-{os.getpid()}"
        self.keep_others = keep_others
        self.changed: list[str] = []
        self.removed: list[str] = []
        self.hashes: dict[str, str] = {}

    def __enter__(self) -> Staging:
        self._refuse_links()
        try:
            if self.path.is_symlink() or self.path.exists():
                if self.path.is_symlink():
                    self.path.unlink()
                else:
                    shutil.rmtree(self.path)
            if self.keep_others and self.folder.is_dir():
                shutil.copytree(self.folder, self.path, symlinks=True)
            else:
                self.path.mkdir(parents=True)
                # The review pages (l10nrelease review) live here too: a build keeps them.
                review = self.folder / "review"
                if review.is_dir():
                    shutil.copytree(review, self.path / "review", symlinks=True)
        except OSError as exc:
            raise self._error(exc) from None
        return self

    def _refuse_links(self) -> None:
        """The build folder is l10nrelease's own: a link in it (to a folder elsewhere)
        would have pages written, and removed, through it."""
        for parent, folders, files in os.walk(self.folder):
            for name in [*folders, *files]:
                path = os.path.join(parent, name)
                if os.path.islink(path):
                    raise L10nError(
                        "is a link; the build folder holds only what build writes, and "
                        "nothing is written through a link: remove it, then build again",
                        path=display_path(Path(path)),
                    )

    def __exit__(self, kind: object, error: object, trace: object) -> None:
        shutil.rmtree(self.path, ignore_errors=True)  # gone already after a commit

    def write(self, name: str, text: str | bytes) -> tuple[bool, str]:
        """Stage one file (text is written as UTF-8): whether it differs from the
        current build folder's, and the SHA-256 of its bytes."""
        payload = text.encode("utf-8") if isinstance(text, str) else text
        target = os.path.join(self.path, name)
        try:
            os.makedirs(os.path.dirname(target), exist_ok=True)
            with contextlib.suppress(FileNotFoundError):
                os.unlink(target)  # it may be a link to the current build's file
            with open(target, "wb") as stream:
                stream.write(payload)
        except OSError as exc:
            raise self._error(exc) from None
        digest = hashlib.sha256(payload).hexdigest()
        try:
            with open(os.path.join(self.folder, name), "rb") as stream:
                return stream.read() != payload, digest
        except OSError:
            return True, digest

    def put(self, name: str, text: str | Iterable[str]) -> None:
        """``write``, noting a change and the digest (in the parent process). ``text``
        may come in pieces (an index of every release): each is written and hashed as
        it comes, and the whole is never held."""
        if isinstance(text, str):
            changed, self.hashes[name] = self.write(name, text)
        else:
            changed, self.hashes[name] = self._stream(name, text)
        if changed:
            self.changed.append(name)

    def _stream(self, name: str, pieces: Iterable[str]) -> tuple[bool, str]:
        hasher = hashlib.sha256()
        target = os.path.join(self.path, name)
        try:
            os.makedirs(os.path.dirname(target), exist_ok=True)
            with contextlib.suppress(FileNotFoundError):
                os.unlink(target)  # it may be a link to the current build's file
            with open(target, "wb") as stream:
                batch: list[str] = []
                for piece in pieces:
                    batch.append(piece)
                    if len(batch) >= 4096:
                        hasher.update(data := "".join(batch).encode("utf-8"))
                        stream.write(data)
                        batch.clear()
                hasher.update(data := "".join(batch).encode("utf-8"))
                stream.write(data)
        except OSError as exc:
            raise self._error(exc) from None
        digest = hasher.hexdigest()
        return file_digest(os.path.join(self.folder, name)) != digest, digest

    def has(self, name: str) -> bool:
        """Whether the next build folder has this file (staged, or kept from the current
        one by a build of some releases or languages)."""
        return os.path.isfile(os.path.join(self.path, name))

    def keep(self, name: str) -> bool:
        """Stage the current build folder's file as it is (the last good page of one
        that cannot be built now); False when there is none."""
        if self.has(name):
            return True
        current = os.path.join(self.folder, name)
        if not os.path.isfile(current):
            return False
        return self.reuse(name, None)

    def reuse(self, name: str, sha: str | None) -> bool:
        """Stage the current build folder's file as it is, if its bytes are ``sha``."""
        current = os.path.join(self.folder, name)
        try:
            with open(current, "rb") as stream:
                if sha is not None and hashlib.sha256(stream.read()).hexdigest() != sha:
                    return False
            target = os.path.join(self.path, name)
            os.makedirs(os.path.dirname(target), exist_ok=True)
            try:
                os.link(current, target)  # never written in place: safe to share
            except OSError:
                shutil.copyfile(current, target)
        except OSError:
            return False
        return True

    def discard(self, name: str) -> None:
        """Unstage a file staged by this build (not a removal the build reports)."""
        with contextlib.suppress(FileNotFoundError):
            os.unlink(os.path.join(self.path, name))

    def remove(self, name: str) -> None:
        stale = os.path.join(self.path, name)
        if os.path.isfile(stale):
            os.unlink(stale)
            self.removed.append(name)

    def commit(self) -> list[str]:
        """Swap the staging folder in; the files written or removed, by name in the
        build folder."""
        folder = self.folder
        self._refuse_unremovable()
        try:
            if folder.exists():
                os.rename(folder, self.retired)
            os.rename(self.path, folder)
        except OSError as exc:
            if self.retired.exists() and not folder.exists():
                os.rename(self.retired, folder)
            raise self._error(exc) from None
        shutil.rmtree(self.retired, ignore_errors=True)
        return [*self.changed, *self.removed]

    def _refuse_unremovable(self) -> None:
        """The current build folder is removed after the swap: a folder in it that may
        not be changed (read-only) would be left behind half-removed, so it is refused
        before anything is swapped."""
        for parent, folders, _files in os.walk(self.folder):
            if not os.access(parent, os.W_OK | os.X_OK):
                raise L10nError(
                    "is read-only, so the old pages could not be replaced; make it writable "
                    "(chmod -R u+w) or remove it, then build again; nothing was changed",
                    path=display_path(Path(parent)),
                )
            folders[:] = [
                name for name in folders if not os.path.islink(os.path.join(parent, name))
            ]

    def _error(self, exc: OSError) -> L10nError:
        from ..fsutil import ADVICE

        advice = ADVICE.get(
            exc.errno or 0, "check that it and its parent folder are writable folders"
        )
        return L10nError(
            f"cannot write the build folder: {exc.strerror}; {advice}",
            path=display_path(self.folder),
        )
