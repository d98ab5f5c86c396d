"""Where a project is: the nearest folder holding ``l10nrelease.toml``, as git finds
its repository. Kept apart (standard library only) so that a command can find its
project before it imports anything else."""

from __future__ import annotations

from pathlib import Path

CONFIG_NAME = "l10nrelease.toml"


def nearest_root(start: Path) -> Path | None:
    """The nearest folder at or above ``start`` holding ``l10nrelease.toml``, or None
    (also when ``start`` is no folder: ``-C typo`` is not the project above it)."""
    start = start.resolve()
    if not start.is_dir():
        return None
    for folder in (start, *start.parents):
        if (folder / CONFIG_NAME).is_file():
            return folder
    return None
