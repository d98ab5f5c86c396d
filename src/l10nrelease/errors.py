"""The one exception tree of l10nrelease.

Every error a user can cause is an ``L10nError``; ``str()`` gives
``path:line: message`` (parts omitted when unknown) so editors and CI can jump to it.
Bugs are not wrapped and keep their traceback.
"""

from __future__ import annotations

from pathlib import Path


class L10nError(Exception):
    """Base class: a problem with the user's input or environment, not a bug."""

    #: Exit status of the command line when this error stops a command.
    exit_code = 2

    def __init__(
        self, message: str, *, path: str | Path | None = None, line: int | None = None
    ) -> None:
        super().__init__(message)
        self.message = message
        self.path = str(path) if path is not None else None
        self.line = line

    def __reduce__(self) -> tuple[object, ...]:
        # Keep path and line when an error crosses a process boundary (check's workers).
        return (_rebuild, (type(self), self.message, self.path, self.line))

    def __str__(self) -> str:
        location = self.path or ""
        if location and self.line is not None:
            location = f"{location}:{self.line}"
        return f"{location}: {self.message}" if location else self.message


def _rebuild(kind: type[L10nError], message: str, path: str | None, line: int | None) -> L10nError:
    return kind(message, path=path, line=line)


class ConfigError(L10nError):
    """``l10nrelease.toml`` is missing, malformed or has invalid values."""


class SourceError(L10nError):
    """A release in ``sources/`` cannot be read or segmented."""


class CatalogError(L10nError):
    """A PO file cannot be read, or does not belong where it was found."""


class MarkupError(L10nError):
    """A text with placeholders is not well formed (unknown, unbalanced or crossed tags)."""


class EngineError(L10nError):
    """A machine-translation engine failed, refused, or cannot serve a language."""
