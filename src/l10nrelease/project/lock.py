"""A command's life on disk: the project's lock, and tidying what a killed command left.

Commands that write hold the lock (``filelock``: the system releases it when a process
dies); the second of two commands started together waits, then refuses. With the lock
held, nothing else is writing, so what a killed command left behind can be removed.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

from ..config import Config
from ..errors import ConfigError, L10nError
from ..fsutil import display_path
from ..records import CACHE_FOLDER
from ..seal import TEMPORARY

#: How long a second command waits for the first (seconds); L10NRELEASE_LOCK_WAIT.
DEFAULT_WAIT = 30.0


def lock_wait() -> float:
    """The wait L10NRELEASE_LOCK_WAIT sets, checked: a number of seconds, 0 or more."""
    raw = os.environ.get("L10NRELEASE_LOCK_WAIT")
    if raw is None or not raw.strip():
        return DEFAULT_WAIT
    try:
        value = float(raw)
    except ValueError:
        value = -1.0
    if not value >= 0 or value == float("inf"):
        raise ConfigError(
            f"L10NRELEASE_LOCK_WAIT must be a number of seconds (such as 30 or 0.5), "
            f"not '{raw}'; fix or unset the environment variable"
        )
    return value


@contextlib.contextmanager
def locked(config: Config, *, wait: float | None = None) -> Iterator[None]:
    """Hold the project's lock while a command writes (see the module docstring)."""
    import filelock

    wait = lock_wait() if wait is None else wait
    folder = config.root / CACHE_FOLDER
    holder = folder / "lock.holder"
    for path in (folder, folder / "lock", holder):
        if path.is_symlink() or not path.resolve().is_relative_to(config.root.resolve()):
            raise L10nError(
                "is a link (or leads out of the project); the project's lock is never "
                "written through one: remove it, then run the command again",
                path=display_path(path),
            )
    try:
        folder.mkdir(parents=True, exist_ok=True)
        lock = filelock.FileLock(str(folder / "lock"), timeout=wait)
        lock.acquire()
    except filelock.Timeout:
        try:
            who = holder.read_text(encoding="utf-8").strip()
        except OSError:
            who = ""
        raise L10nError(
            f"another l10nrelease command ({who or 'another process'}) is working on this "
            "project; run this one when it has finished",
            path=config.root.name,
        ) from None
    except OSError as exc:
        raise L10nError(
            f"cannot create the project lock: {exc.strerror}; a command that writes keeps "
            f"it in {CACHE_FOLDER}/ while it runs, so that no other changes the project "
            f"meanwhile: make {CACHE_FOLDER}/ (and the project folder) writable for you "
            "(chmod u+w), or free some disk space",
            path=display_path(folder / "lock"),
        ) from None
    try:
        with contextlib.suppress(OSError):
            holder.write_text(f"pid {os.getpid()}", encoding="utf-8")
        recover_interrupted(config)
        yield
    finally:
        lock.release()


def tidy_folders(config: Config) -> list[Path]:
    """Where a killed command leaves temporary files for the next one to tidy: beside
    PO files, caches and the glossary (the build folder's swap folders are beside it,
    in ``config.build.parent``)."""
    folders = [config.root / CACHE_FOLDER, config.glossary.parent]
    if config.locales.is_dir():
        folders += [config.locales, *(p for p in config.locales.iterdir() if p.is_dir())]
    return folders


def recover_interrupted(config: Config) -> list[Path]:
    """Tidy what a killed command left (run with the project lock held, so no other
    command is writing): temporary files beside PO files and caches, a staging build
    folder; and put the build folder back if the kill came between the two renames
    that swap it. Returns what was removed or restored."""
    tidied: list[Path] = []
    for folder in tidy_folders(config):
        if not folder.is_dir():
            continue
        for path in folder.iterdir():
            if TEMPORARY.match(path.name) and path.is_file():
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
