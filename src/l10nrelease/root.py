"""Where a project is: the nearest folder holding ``l10nrelease.toml``, as git finds
its repository. Kept apart (standard library only) so that a command can find its
project before it imports anything else."""

from __future__ import annotations

from pathlib import Path

CONFIG_NAME = "l10nrelease.toml"


def nearest_root(start: Path) -> Path | None:
    """The nearest folder at or above ``start`` holding ``l10nrelease.toml``, or None
    (also when ``start`` is no folder)."""
    start = start.resolve()
    if not start.is_dir():
        return None
    for folder in (start, *start.parents):
        if (folder / CONFIG_NAME).is_file():
            return folder
    return None


def project_root(folder: Path | None) -> Path | None:
    """The project a command works on: the folder ``--project`` names, if it holds
    ``l10nrelease.toml`` (no folder above it: ``-C press2`` is never the project around
    press2); without one, the nearest project at or above the current folder. None:
    no project there."""
    if folder is None:
        return nearest_root(Path.cwd())
    folder = folder.resolve()
    return folder if (folder / CONFIG_NAME).is_file() else None
