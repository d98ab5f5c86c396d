"""``init``: a new project folder, ready for its first release.

Writes the settings, an empty glossary (its header and one example row as a comment),
``sources/`` and ``locales/``, and the files a repository of translations wants
(``.gitignore``, ``.gitattributes``, a pre-commit configuration and a CI workflow).
Refuses when any of them is already there: nothing is overwritten, nothing is written.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from ..config import CONFIG_NAME, language_code_problem
from ..errors import ConfigError
from ..fsutil import os_error, write_atomic
from ..glossary import columns

#: Files copied as they are from the package's skeleton, by their place in the project.
_SKELETON = {
    ".gitignore": "gitignore",
    ".gitattributes": "gitattributes",
    ".pre-commit-config.yaml": "pre-commit-config.yaml",
    ".github/workflows/translations.yml": "translations.yml",
}
FOLDERS = ("sources", "locales")


@dataclass(frozen=True)
class InitResult:
    folder: Path
    written: tuple[str, ...]  # the files written, relative to the folder


def skeleton_file(name: str) -> str:
    """The text of one file of the package's project skeleton."""
    return (resources.files("l10nrelease") / "skeleton" / name).read_text(encoding="utf-8")


def config_text(name: str, source: str, targets: Sequence[str]) -> str:
    """The settings of a new project."""
    quoted = ", ".join(f'"{code}"' for code in targets)
    title = name.replace("\\", "\\\\").replace('"', '\\"')
    return f"""\
# l10nrelease project settings. Paths are relative to this file's folder.
# Every setting is described in the README's "Configuration" section.

[project]
name = "{title}"
source_language = "{source}"
target_languages = [{quoted}]

[paths]
sources = "sources"
locales = "locales"
glossary = "glossary.csv"
build = "build"

[segmentation]
# "sentence" (one PO entry per sentence) or "paragraph" (one per paragraph).
mode = "sentence"

[build]
# Pages with errors from `l10nrelease check` are not published; [] publishes anyway.
block_on = ["error"]
"""


def glossary_text(targets: Sequence[str]) -> str:
    """An empty glossary: its header, and an example row written as a comment."""
    header = columns(targets)
    example = {"en": "# Example: Astana", "kind": "place", "status": "proposed"}
    forms = {"ru": "Астана", "kk": "Астана"}
    row = [example.get(col, forms.get(col, "")) for col in header]
    if "note" in header:
        row[header.index("note")] = "delete the # to use this row"
    return ",".join(header) + "\n" + ",".join(row) + "\n"


def init(folder: Path, targets: Sequence[str], *, source: str = "en") -> InitResult:
    """Start a project in ``folder`` (created if missing) for ``targets``."""
    for option, code in (("--source", source), *(("--lang", code) for code in targets)):
        problem = language_code_problem(code)
        if problem:
            raise ConfigError(f"{option} {code}: {problem}")
    if len(set(targets)) != len(targets) or source in targets or not targets:
        raise ConfigError(
            f"--lang {','.join(targets) or '(none)'}: name each target language once, "
            f"not the source language '{source}'"
        )
    name = re.sub(r"[-_]+", " ", folder.resolve().name).strip() or "Press releases"
    files = {
        CONFIG_NAME: config_text(name, source, targets),
        "glossary.csv": glossary_text(targets),
        **{place: skeleton_file(origin) for place, origin in _SKELETON.items()},
    }
    there = [p for p in [*files, *FOLDERS] if (folder / p).exists() or (folder / p).is_symlink()]
    if there:
        raise ConfigError(
            f"{folder}: already holds {', '.join(there)}; l10nrelease init starts a new "
            "project and overwrites nothing (run it in an empty folder, or edit the "
            "existing files)"
        )
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for sub in FOLDERS:
            (folder / sub).mkdir()
            (folder / sub / ".gitkeep").write_bytes(b"")
        for place, text in files.items():
            (folder / place).parent.mkdir(parents=True, exist_ok=True)
            write_atomic(folder / place, text)
    except OSError as exc:
        raise os_error(exc, exc.filename or folder, "cannot create the project") from None
    written = [*files, *(f"{sub}/.gitkeep" for sub in FOLDERS)]
    return InitResult(folder, tuple(sorted(written)))
