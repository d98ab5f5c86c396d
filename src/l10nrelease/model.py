"""The values every stage passes around: a release, its blocks and translatable units.

Standard library only; every type is a frozen dataclass, so stages cannot change
each other's data behind their backs.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

#: ``msgctxt`` of the dateline unit: build and pretranslate localize it with Babel
#: instead of using the translation, and translators see it tagged in their editor.
DATELINE_CONTEXT = "dateline"


@dataclass(frozen=True, slots=True)
class Placeholder:
    """An inline element of the source, shown to translators as ``<n>…</n>`` or ``<n/>``.

    ``number`` is the element's number within its block; a unit numbers its own
    placeholders from 1 (see ``Unit.placeholders``) so the same sentence gives the
    same msgid wherever it stands.
    """

    number: int
    tag: str
    void: bool


@dataclass(frozen=True, slots=True)
class Unit:
    """One translatable segment: usually a sentence, or a headline, dateline or attribute.

    ``text`` is the msgid (white space folded); ``source`` is the same segment as it
    stands in the file, so that untranslated units reassemble to the exact source.
    Both number placeholders locally; ``placeholders[k - 1]`` is the block's ``<k>``.
    """

    text: str
    source: str
    role: str
    line: int
    context: str | None = None
    placeholders: tuple[Placeholder, ...] = ()

    @property
    def key(self) -> tuple[str | None, str]:
        """What identifies the unit in a PO file: ``(msgctxt, msgid)``."""
        return (self.context, self.text)


@dataclass(frozen=True, slots=True)
class Block:
    """A run of text between structural boundaries (a line of a ``.txt``, an HTML block).

    ``parts`` alternate between literal strings (white space between sentences, the
    dash after a dateline, text with no letters) and units; concatenating them, with
    units given as their block-numbered source, gives the block exactly as in the file.
    """

    kind: str
    line: int
    parts: tuple[str | Unit, ...]

    def units(self) -> Iterator[Unit]:
        return (part for part in self.parts if isinstance(part, Unit))


@dataclass(frozen=True, slots=True)
class Dateline:
    """``ASTANA, 31 January 2017`` at the start of a release: localized, not translated.

    ``date`` is None for ``ALMATY (Kazinform)``, which names an agency instead;
    ``layout`` is how the parts stand in the source (``{city}, {date} ({agency})``).
    """

    text: str
    city: str
    date: dt.date | None
    agency: str = ""
    layout: str = "{city}, {date}"


@dataclass(frozen=True)
class Release:
    """A press release read from ``sources/`` and segmented into units.

    ``path`` is relative to the project root and written with ``/``, as PO references
    need it; ``text`` is the whole source file, kept for reassembly. A binary format
    (``.docx``) keeps its bytes in ``data`` instead, and its plain text in ``text``.
    """

    slug: str
    path: str
    format: str
    text: str
    blocks: tuple[Block, ...]
    date: dt.date | None = None
    dateline: Dateline | None = None
    headline: str = ""
    metadata: dict[str, str] = field(default_factory=dict, compare=False)
    data: bytes = field(default=b"", compare=False, repr=False)

    def units(self) -> Iterator[Unit]:
        for block in self.blocks:
            yield from block.units()


@dataclass(frozen=True, slots=True)
class Finding:
    """A problem found in a file: check results and build refusals are data, not errors.

    ``str()`` gives ``path:line: severity: message [rule]``, the form editors and CI read.
    """

    path: str
    line: int | None
    severity: str  # "error", "warning" or "note"
    rule: str
    message: str

    def __str__(self) -> str:
        location = f"{self.path}:{self.line}" if self.line is not None else self.path
        return f"{location}: {self.severity}: {self.message} [{self.rule}]"


#: What a glossary row may name.
TERM_KINDS = ("person", "organisation", "place", "other")
#: How far a form is confirmed: an approved form is enforced, a proposed one is only
#: suggested (warnings), until a person approves it.
TERM_STATUSES = ("approved", "proposed")


@dataclass(frozen=True, slots=True)
class TermForm:
    """A name in one target language: the form to write, others to accept or refuse."""

    approved: str
    variants: tuple[str, ...] = ()
    forbidden: tuple[str, ...] = ()
    status: str = "approved"


@dataclass(frozen=True)
class Term:
    """One row of the glossary: a person, organisation or place and its renderings."""

    english: tuple[str, ...]
    kind: str = "other"
    status: str = "approved"
    forms: dict[str, TermForm] = field(default_factory=dict)
    valid_from: dt.date | None = None
    valid_until: dt.date | None = None
    note: str = ""
    line: int = 0
    #: whether words derived from the name (мексиканский, қытайлық) count as the name:
    #: None by kind (places and organisations yes, persons and others no)
    derived: bool | None = None
    #: the name in a derived page language (``kk-Latn``: a person's own Latin spelling),
    #: which wins over the transliteration of its form in the language derived from
    spellings: dict[str, str] = field(default_factory=dict)

    @property
    def takes_derived(self) -> bool:
        if self.derived is not None:
            return self.derived and self.kind != "person"
        return self.kind in {"place", "organisation"}

    @property
    def name(self) -> str:
        return self.english[0]

    def applies(self, date: dt.date | None) -> bool:
        """Whether the row is in force for a release of ``date`` (Astana vs Nur-Sultan)."""
        if date is None:
            return True
        if self.valid_from and date < self.valid_from:
            return False
        return not (self.valid_until and date > self.valid_until)


@dataclass(frozen=True)
class Glossary:
    terms: tuple[Term, ...] = ()
    path: str = ""
    languages: tuple[str, ...] = ()


def release_data(release: Release) -> dict[str, Any]:
    """A release as JSON data, without its text (which it is read from again): what
    ``release_from_data`` makes the same release of. (A unit's ``source`` is left out
    where it is its ``text``, as it mostly is.)"""
    return {
        "slug": release.slug,
        "path": release.path,
        "format": release.format,
        "blocks": [
            [b.kind, b.line, [_part_data(part) for part in b.parts]] for b in release.blocks
        ],
        "date": release.date.isoformat() if release.date else None,
        "dateline": None
        if release.dateline is None
        else [
            release.dateline.text,
            release.dateline.city,
            release.dateline.date.isoformat() if release.dateline.date else None,
            release.dateline.agency,
            release.dateline.layout,
        ],
        "headline": release.headline,
        "metadata": release.metadata,
    }


def _part_data(part: str | Unit) -> str | list[Any]:
    if isinstance(part, str):
        return part
    return [
        part.text,
        None if part.source == part.text else part.source,
        part.role,
        part.line,
        part.context,
        [[p.number, p.tag, p.void] for p in part.placeholders],
    ]


def release_from_data(data: dict[str, Any], *, text: str) -> Release:
    """The release ``release_data`` gave ``data`` of, whose source text is ``text``.
    (Data it did not write raises KeyError, TypeError or ValueError.)"""
    dateline = data["dateline"]
    return Release(
        slug=data["slug"],
        path=data["path"],
        format=data["format"],
        text=text,
        blocks=tuple(
            Block(kind, line, tuple([_part(part) for part in parts]))
            for kind, line, parts in data["blocks"]
        ),
        date=_date(data["date"]),
        dateline=None
        if dateline is None
        else Dateline(dateline[0], dateline[1], _date(dateline[2]), dateline[3], dateline[4]),
        headline=data["headline"],
        metadata=dict(data["metadata"]),
    )


def _part(data: str | list[Any]) -> str | Unit:
    if isinstance(data, str):
        return data
    text, source, role, line, context, placeholders = data
    return Unit(
        text,
        text if source is None else source,
        role,
        line,
        context,
        tuple([Placeholder(number, tag, void) for number, tag, void in placeholders]),
    )


def _date(value: str | None) -> dt.date | None:
    return None if value is None else dt.date.fromisoformat(value)
