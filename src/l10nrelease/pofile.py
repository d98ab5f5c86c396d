"""PO text <-> ``Catalog``: strict reading, deterministic writing.

Both directions are our own code, held to references by tests/test_catalog.py: the
reader must see what polib sees in any file it accepts, and the writer must give GNU
gettext's bytes (msgcat's, for random catalogs, every line length, every committed file),
so that a file saved by gettext's tools, or the editors built on them, comes back from
``extract`` unchanged.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, replace

from .catalog import Catalog, Entry
from .errors import CatalogError
from .powrap import DEFAULT_WIDTH, field_lines, reference_lines


def parse_catalog(text: str, *, path: str) -> Catalog:
    """Parse PO text strictly, in one pass; any line a lenient parser would guess at is
    an error naming its line. (Not polib's parser: CI reads every PO file of a project
    on every commit, and this is several times faster; tests/test_catalog.py checks
    that both agree.)
    """
    newline = "\n"
    if "\r" in text:
        text, newline = _line_ends(text, path)
    if "\x00" in text:
        raise CatalogError(
            "contains a NUL byte, which no PO file may; restore the file from version control",
            path=path,
            line=text.count("\n", 0, text.index("\x00")) + 1,
        )
    entries, header_comment, trailer = _read_plain(text, path) or _read_lines(text, path)
    header: tuple[tuple[str, str], ...] = ()
    header_lines: dict[str, int] = {}
    if entries and entries[0].msgid == "" and entries[0].msgctxt is None:
        first = entries[0]
        header = _parse_header(first.msgstr)
        header_lines = _header_lines(text)
        entries = entries[1:]
    content_type = dict(header).get("Content-Type", "")
    charset = re.search(r"charset=([\w.-]+)", content_type)
    if charset and charset.group(1).lower().replace("_", "-") not in {"utf-8", "utf8", "charset"}:
        raise CatalogError(
            f"declares charset={charset.group(1)}, but l10nrelease reads UTF-8 only; "
            "convert it with: msgconv --to-code=UTF-8",
            path=path,
            line=header_lines.get("Content-Type"),
        )
    _refuse_duplicates(entries, path)
    return Catalog(
        header=header,
        entries=tuple(entries),
        header_comment=header_comment,
        trailer=trailer,
        path=path,
        header_lines=header_lines,
        newline=newline,
    )


def _line_ends(text: str, path: str) -> tuple[str, str]:
    """Text with Windows line ends (CRLF, as Git for Windows checks files out), or a mix
    of both, as LF text, and the line end to write it back with: the one most of its
    lines have. A carriage return that ends no line is an error."""
    alone = re.search("\r(?!\n)", text)
    if alone:
        raise CatalogError(
            "has a carriage return (CR) that ends no line (a stray ^M, or an old Mac "
            "line ending); delete it",
            path=path,
            line=text.count("\n", 0, alone.start()) + 1,
        )
    windows = text.count("\r\n")
    unix = text.count("\n") - windows
    return text.replace("\r\n", "\n"), "\r\n" if windows > unix else "\n"


def _refuse_duplicates(entries: list[Entry], path: str) -> None:
    """One msgid (and msgctxt) is one key, active or obsolete, as gettext has it: a
    second entry with it would lose one of the two translations."""
    seen: dict[tuple[str | None, str], Entry] = {}
    for entry in entries:
        if entry.msgid == "" and entry.msgctxt is None:
            raise CatalogError(
                'a second header (msgid ""), which gettext refuses; move its lines into '
                "the first header and delete this one",
                path=path,
                line=entry.line,
            )
        first = seen.get(entry.key)
        if first is None:
            seen[entry.key] = entry
            continue
        if not first.obsolete and not entry.obsolete:
            message = f"the entry on line {first.line} appears twice; delete one of them"
        else:
            which = (
                "both obsolete (#~)" if first.obsolete and entry.obsolete else "one obsolete (#~)"
            )
            kept = [e for e in (first, entry) if e.msgstr]
            hint = (
                "keep the one with the translation you want and delete the other"
                if len(kept) == 2
                else "delete the one without a translation"
                if kept
                else "delete one of them"
            )
            message = (
                f"this entry has the msgid of the entry on line {first.line} ({which}), "
                f"which gettext refuses as a duplicate; {hint}"
            )
        raise CatalogError(message, path=path, line=entry.line)


#: A quoted PO string, written as an unrolled loop (runs of plain characters between
#: escapes): the same strings as ``"(?:[^"\\]|\\.)*"``, matched several times faster.
_STRING = r'"[^"\\]*(?:\\.[^"\\]*)*"'
_KEYWORD = re.compile(r"^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)\s+(" + _STRING + ")$")
_QUOTED = re.compile("^" + _STRING + "$")
#: Escapes decoded as GNU gettext decodes them (msgfmt, msgcat): the C escapes, and
#: hexadecimal and octal codes (\x41 and \101 are "A"). polib keeps the last two as
#: written, which would turn a translation's "A" into "\x41" on the next save; here
#: gettext, which compiles the files, decides. Any other escape (\? \' \q) is an
#: error, as it is for msgfmt.
_UNESCAPES = {
    "n": "\n",
    "t": "\t",
    "r": "\r",
    "v": "\v",
    "b": "\b",
    "f": "\f",
    "a": "\a",
    '"': '"',
    "\\": "\\",
}
_ESCAPED = re.compile(r"\\(x[0-9a-fA-F]+|[0-7]{1,3}|.)")


def _unescape(quoted: str, path: str, line: int) -> str:
    body = quoted[1:-1]
    if "\\" not in body:
        return body

    def replace(match: re.Match[str]) -> str:
        code = match.group(1)
        if code in _UNESCAPES:
            return _UNESCAPES[code]
        if code[0] == "x" and len(code) > 1:
            return chr(int(code[1:], 16) & 0xFF)
        if code[0] in "01234567":
            return chr(int(code, 8) & 0xFF)
        raise CatalogError(
            f"unknown escape '\\{code}' in a string (gettext refuses it too); write a "
            "backslash as \\\\",
            path=path,
            line=line,
        )

    return _ESCAPED.sub(replace, body)


#: An entry as gettext's tools lay one out (msgcat, msgmerge, Poedit, Weblate, our own
#: writer): comments, then msgctxt, msgid and msgstr, each a keyword and its strings,
#: one to a line, without spaces around them; no obsolete or previous strings.
_LINE_STRING = r'"[^"\\\n]*(?:\\.[^"\\\n]*)*"'
_PLAIN_ENTRY = re.compile(
    r"((?:#(?![~|])[^\n]*\n|#\n)*)"
    rf"(?:msgctxt ({_LINE_STRING}(?:\n{_LINE_STRING})*)\n)?"
    rf"msgid ({_LINE_STRING}(?:\n{_LINE_STRING})*)\n"
    rf"msgstr ({_LINE_STRING}(?:\n{_LINE_STRING})*)"
)
_LINE_STRINGS = re.compile(_LINE_STRING)


def _read_plain(text: str, path: str) -> tuple[list[Entry], str, str] | None:
    """The entries of a file laid out as gettext's tools write one (``_PLAIN_ENTRY``,
    one blank line between entries), its header comment and trailer: what ``_Parser``
    reads from it, about a quarter faster. None for any other file, which ``_Parser``
    reads (and where it must, refuses with the line)."""
    body = text[:-1] if text.endswith("\n") else text
    entries: list[Entry] = []
    header_comment = ""
    line = 1
    try:
        for block in body.split("\n\n"):
            match = _PLAIN_ENTRY.fullmatch(block)
            if match is None:
                return None
            comments, msgctxt, msgid, msgstr = match.groups()
            translator: list[str] = []
            extracted: list[str] = []
            references: list[tuple[str, str]] = []
            flags: list[str] = []
            if comments:
                for comment in comments[:-1].split("\n"):
                    # (It starts with its mark: only its end has spaces to strip.)
                    _read_comment(comment.rstrip(), translator, extracted, references, flags)
            entry = Entry(
                msgid=_strings(msgid, path, line),
                msgstr=_strings(msgstr, path, line),
                msgctxt=None if msgctxt is None else _strings(msgctxt, path, line),
                fuzzy="fuzzy" in flags,
                flags=tuple(flag for flag in flags if flag != "fuzzy"),
                translator_comment="\n".join(translator),
                extracted_comment="\n".join(extracted),
                references=tuple(references),
                line=line,
            )
            if not entries and entry.msgid == "" and entry.msgctxt is None:
                header_comment = entry.translator_comment
                entry = replace(entry, translator_comment="")
            entries.append(entry)
            line += block.count("\n") + 2
    except CatalogError:
        return None  # an escape gettext refuses: _Parser names its line
    return entries, header_comment, ""


def _read_comment(
    line: str,
    translator: list[str],
    extracted: list[str],
    references: list[tuple[str, str]],
    flags: list[str],
) -> None:
    """One comment line (stripped) into the list of its kind: ``#.`` extracted, ``#:``
    references (``file:line`` each), ``#,`` flags, any other ``#`` the translator's."""
    kind, rest = line[:2], line[2:]
    if kind == "#.":
        extracted.append(rest[1:] if rest[:1] == " " else rest)
    elif kind == "#:":
        for reference in rest.split():
            file, _, position = reference.rpartition(":")
            references.append((file, position) if file and position.isdigit() else (reference, ""))
    elif kind == "#,":
        flags += [flag.strip() for flag in rest.split(",") if flag.strip()]
    else:
        body = line[1:]
        translator.append(body[1:] if body[:1] == " " else body)


def _read_lines(text: str, path: str) -> tuple[list[Entry], str, str]:
    """The entries of any PO text, its header comment and trailer, line by line."""
    parser = _Parser(path)
    for number, raw in enumerate(text.split("\n"), start=1):
        parser.feed(number, raw)
    parser.finish()
    return parser.entries, parser.header_comment, parser.trailer


def _strings(strings: str, path: str, line: int) -> str:
    """The text of a keyword's strings (``"a"\\n"b"``), each decoded."""
    if "\\" not in strings:
        # No escape: the strings are their text. A quote, a line end and a quote can
        # only stand between two strings (a string has no line end, a quote in one is
        # escaped).
        return strings[1:-1].replace('"\n"', "")
    if "\n" not in strings:
        return _unescape(strings, path, line)
    # One by one: an escape never reaches into the next string (\1 then "23" is not \123).
    return "".join([_unescape(quoted, path, line) for quoted in _LINE_STRINGS.findall(strings)])


class _Parser:
    """A line-by-line PO reader with the states of the format spelled out."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.entries: list[Entry] = []
        self.header_comment = ""
        self.trailer = ""
        self._reset()

    def _reset(self) -> None:
        self.fields: dict[str, str] = {}
        self.previous: dict[str, str] = {}
        self.translator: list[str] = []
        self.extracted: list[str] = []
        self.references: list[tuple[str, str]] = []
        self.flags: list[str] = []
        self.obsolete = False
        self.start = 0
        self.current: tuple[dict[str, str], str] | None = None
        self.started_strings = False

    def feed(self, number: int, raw: str) -> None:
        line = raw.strip()
        if not line:
            if self.started_strings:
                self._close()  # a blank line ends an entry
            return
        obsolete = previous = False
        if line.startswith("#~"):
            obsolete = True
            line = line[2:].lstrip()
            if line.startswith("|"):
                previous, line = True, line[1:].lstrip()
        elif line.startswith("#|"):
            previous, line = True, line[2:].lstrip()
        elif line.startswith("#"):
            self._comment(number, line)
            return
        if not line:
            return
        if previous and self.started_strings:
            self._close()  # "#| msgid" starts the next entry
        keyword = _KEYWORD.match(line)
        if keyword:
            self._keyword(number, *keyword.groups(), previous=previous, obsolete=obsolete)
        elif _QUOTED.match(line):
            self._continuation(number, line)
        else:
            self._bad_line(number, line)

    def _keyword(
        self, number: int, name: str, quoted: str, *, previous: bool, obsolete: bool
    ) -> None:
        if name == "msgid_plural" or name.startswith("msgstr["):
            raise CatalogError(
                "plural entries are not used in release catalogs; remove this entry",
                path=self.path,
                line=self.start or number,
            )
        if name == "msgstr" and "msgid" not in (self.previous if previous else self.fields):
            raise CatalogError(
                "msgstr without a msgid before it; an entry is msgid, then msgstr",
                path=self.path,
                line=number,
            )
        if (
            not previous
            and self.started_strings
            and (name in self.fields or (name != "msgstr" and "msgid" in self.fields))
        ):
            self._close()  # a new entry without a blank line before it
        # (After a close: the new entry's fields, not the closed one's.)
        target = self.previous if previous else self.fields
        if not self.start:
            self.start = number
        if obsolete:
            self.obsolete = True
        if not previous:
            self.started_strings = True
        target[name] = _unescape(quoted, self.path, number)
        self.current = (target, name)

    def _continuation(self, number: int, line: str) -> None:
        if self.current is None:
            raise CatalogError(
                "a quoted string with no keyword before it; fix it or restore the file "
                "from version control",
                path=self.path,
                line=number,
            )
        target, name = self.current
        target[name] += _unescape(line, self.path, number)

    def _bad_line(self, number: int, line: str) -> None:
        if len(re.findall(r'(?<!\\)"', line.replace("\\\\", ""))) % 2:
            problem = "a string is not closed with a double quote"
        elif line.startswith(("msg", '"')):
            problem = "this line is not a PO keyword followed by one quoted string"
        else:
            problem = "this line is neither a comment, a keyword nor a quoted string"
        raise CatalogError(
            f"{problem}; fix it or restore the file from version control",
            path=self.path,
            line=number,
        )

    def _comment(self, number: int, line: str) -> None:
        if self.started_strings:
            self._close()
        if not self.start:
            self.start = number
        _read_comment(line, self.translator, self.extracted, self.references, self.flags)

    def _close(self) -> None:
        if "msgid" not in self.fields:
            if self.fields or self.previous:
                raise CatalogError(
                    "an entry without msgid; fix it or restore the file from version control",
                    path=self.path,
                    line=self.start,
                )
            if not self.entries and self.translator:
                self.header_comment = "\n".join(self.translator)
            self._reset()
            return
        if "msgstr" not in self.fields:
            raise CatalogError(
                'this entry has no msgstr; add msgstr "" after its msgid',
                path=self.path,
                line=self.start,
            )
        if not self.entries and self.fields["msgid"] == "" and "msgctxt" not in self.fields:
            self.header_comment = "\n".join(self.translator)
            translator = ""
        else:
            translator = "\n".join(self.translator)
        self.entries.append(
            Entry(
                msgid=self.fields["msgid"],
                msgstr=self.fields["msgstr"],
                msgctxt=self.fields.get("msgctxt"),
                fuzzy="fuzzy" in self.flags,
                flags=tuple(flag for flag in self.flags if flag != "fuzzy"),
                previous_msgid=self.previous.get("msgid"),
                previous_msgctxt=self.previous.get("msgctxt"),
                translator_comment=translator,
                extracted_comment="\n".join(self.extracted),
                references=tuple(self.references),
                obsolete=self.obsolete,
                line=self.start,
            )
        )
        self._reset()

    def finish(self) -> None:
        if self.started_strings or self.fields or self.previous:
            self._close()
        if self.translator or self.extracted:
            # Comments after the last entry (a translator's "# TODO" at the end): kept.
            self.trailer = "\n".join(self.translator + [f". {line}" for line in self.extracted])


def _parse_header(text: str) -> tuple[tuple[str, str], ...]:
    fields = []
    for line in text.split("\n"):
        name, colon, value = line.partition(":")
        if colon and name.strip():
            fields.append((name.strip(), value.strip()))
    return tuple(fields)


def _header_lines(text: str) -> dict[str, int]:
    lines = {}
    for number, line in enumerate(text.split("\n", 60)[:60], start=1):
        match = _HEADER_FIELD.match(line.strip())
        if match and match.group(1) not in lines:
            lines[match.group(1)] = number
    return lines


_HEADER_FIELD = re.compile(r'^"([A-Za-z-]+):')


def render_catalog(catalog: Catalog, *, width: int = DEFAULT_WIDTH, wrap: bool = True) -> str:
    """PO text for a catalog, as GNU gettext's tools write it; the same catalog always
    gives the same bytes.

    The layout is msgcat's (and msgmerge's, Poedit's, Weblate's add-ons'): strings
    broken where gettext breaks them at ``width`` columns (``wrap=False``: only after
    ``\\n``, as ``--no-wrap``), comments as they are, references filled to the width,
    header fields in the catalog's order, the file's line ends. tests/test_catalog.py
    feeds random catalogs to msgcat and requires its bytes back.
    """
    layout = _Layout(width, wrap)
    blocks = [_render_header(catalog, layout)]
    blocks += [_render_entry(entry, layout) for entry in catalog.entries if not entry.obsolete]
    blocks += [_render_entry(entry, layout) for entry in catalog.entries if entry.obsolete]
    if catalog.trailer:
        blocks.append("".join(_trailer_line(line) for line in catalog.trailer.split("\n")))
    text = "\n".join(blocks)
    return text if catalog.newline == "\n" else text.replace("\n", catalog.newline)


@dataclass(frozen=True)
class _Layout:
    width: int
    wrap: bool

    def field(self, name: str, value: str, prefix: str = "", *, wrap: bool = True) -> str:
        return _field(name, value, prefix, self.width, self.wrap and wrap)


#: A release's msgids are written three times (its template, ru, kk): laid out once.
@functools.lru_cache(maxsize=1 << 11)
def _field(name: str, value: str, prefix: str, width: int, wrap: bool) -> str:
    lines = field_lines(name, value, prefix=prefix, width=width, wrap=wrap)
    return "".join(line + "\n" for line in lines)


def _comment(mark: str, line: str) -> str:
    """A comment line as gettext writes it: no space after the mark of an empty one."""
    return f"{mark} {line}\n" if line else f"{mark}\n"


def _trailer_line(line: str) -> str:
    """A comment after the last entry (its ``. `` lines were extracted comments)."""
    if line[:1] == ".":
        return _comment("#.", line[1:].removeprefix(" "))
    return _comment("#", line)


def _render_header(catalog: Catalog, layout: _Layout) -> str:
    out = [_comment("#", line) for line in catalog.header_comment.split("\n")]
    if not catalog.header_comment:
        out = []
    if catalog.header_value("Language") == "":
        out.append("#, fuzzy\n")
    out.append('msgid ""\n')
    out.append(
        layout.field("msgstr", "".join(f"{name}: {value}\n" for name, value in catalog.header))
    )
    return "".join(out)


def _render_entry(entry: Entry, layout: _Layout) -> str:
    out = [_comment("#", line) for line in entry.translator_comment.split("\n")]
    if not entry.translator_comment:
        out = []
    if entry.extracted_comment:
        out += [_comment("#.", line) for line in entry.extracted_comment.split("\n")]
    if entry.references:
        places = [f"{path}:{line}" if line else path for path, line in entry.references]
        out += [line + "\n" for line in reference_lines(places, width=layout.width)]
    flags, wrap = _flags(entry)
    if flags:
        out.append("#, " + ", ".join(flags) + "\n")
    previous = "#~| " if entry.obsolete else "#| "
    if entry.previous_msgctxt is not None:
        out.append(layout.field("msgctxt", entry.previous_msgctxt, previous, wrap=wrap))
    if entry.previous_msgid is not None:
        out.append(layout.field("msgid", entry.previous_msgid, previous, wrap=wrap))
    mark = "#~ " if entry.obsolete else ""
    if entry.msgctxt is not None:
        out.append(layout.field("msgctxt", entry.msgctxt, mark, wrap=wrap))
    out.append(layout.field("msgid", entry.msgid, mark, wrap=wrap))
    out.append(layout.field("msgstr", entry.msgstr, mark, wrap=wrap))
    return "".join(out)


def _flags(entry: Entry) -> tuple[list[str], bool]:
    """The flags gettext writes for an entry, and whether its strings wrap."""
    if entry.obsolete:
        # gettext writes no flag of an obsolete entry but fuzzy, and wraps it as usual.
        return (["fuzzy"] if entry.fuzzy else []), True
    # No fuzzy flag on an untranslated entry (gettext drops it); no-wrap comes last.
    flags = ["fuzzy"] if entry.fuzzy and entry.msgstr else []
    flags += [flag for flag in entry.flags if flag != "no-wrap"]
    wrap = "no-wrap" not in entry.flags
    return (flags if wrap else [*flags, "no-wrap"]), wrap


def without_creation_date(text: str) -> str:
    """PO text minus its POT-Creation-Date, to tell a real change from a new timestamp."""
    return re.sub(r'^"POT-Creation-Date: [^"]*"\r?\n', "", text, count=1, flags=re.M)
