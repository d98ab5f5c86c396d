"""``.md`` releases (CommonMark, with GFM tables) -> ``Release``, and units back into
the same Markdown.

The front matter (YAML between ``---`` lines) gives the headline (``title``), the date
(``date``), an ``embargo`` and a ``description``; its ``title`` and ``description`` are
translated. Each paragraph, heading and table cell of the body is a block; emphasis,
strong emphasis, strikethrough and links become placeholders ``<n>…</n>``, inline code,
images, raw HTML and hard line breaks ``<n/>``. Code blocks and HTML blocks are never
translated. Reassembly parses the source again and replaces only the text of the
translated blocks (and front matter values): every other byte stays as it was.

markdown-it-py and PyYAML are used only here.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from ..errors import MarkupError, SourceError
from ..markup import PLACEHOLDER_RE, Close, Open, Text, Token, Void
from ..markup import parse as parse_markup
from ..model import Block, Dateline, Release, Unit
from ..segment import split_block
from .common import parse_embargo, refuse_control_characters, units_from_pieces
from .documents import InlineHtml, dateline_parts, merge_text, pieces

#: Front matter keys whose values are translated.
TRANSLATED_KEYS = ("title", "description")
_FENCE = re.compile(r"^(?:---|\.\.\.)[ \t]*$")
#: Characters that may start inline markup, escaped in translated text.
_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]<~])")
_ENTITY_LIKE = re.compile(r"&(?=#?\w+;)")
#: What would start a block if it began a line: a heading, quote, list or rule.
_LINE_START = re.compile(r"^(#{1,6}(?=\s|$)|>|[-+=](?=\s|$)|\d{1,9}(?=[.)](?:\s|$)))")
_LIST_MARKER = re.compile(r"[-+*]|\d{1,9}[.)]")


@dataclass
class _Span:
    kind: str  # "pair" or "void"
    tag: str
    opening: str = ""  # Markdown that opens a pair, or a void's whole Markdown
    closing: str = ""
    html: tuple[str, str] = ("", "")


@dataclass
class _Slot:
    """One block of text in the file: where its text stands, and its tokens."""

    line: int  # 1-based, in the whole file
    role: str
    start: int  # offsets in the whole file of the text to replace
    end: int
    tokens: list[Token]
    spans: dict[int, _Span] = field(default_factory=dict)
    table: bool = False
    continuation: str = ""  # what starts a further line of the block (a quote's "> ")
    front: bool = False  # a front matter value (written as a YAML string)


@dataclass
class _Document:
    front: dict[str, Any]
    front_lines: dict[str, int]
    slots: list[_Slot]
    headline: int | None  # index of the headline's slot


def _parser() -> Any:
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark").enable(["table", "strikethrough"])


# ------------------------------------------------------------------ front matter


def _front_matter(text: str, *, path: str) -> tuple[str, int]:
    """The front matter's YAML (without its fences) and the offset where the body
    starts; ("", 0) when the file has none."""
    lines = _lines(text)
    if not lines or lines[0].rstrip("\r\n").rstrip() != "---":
        return "", 0
    offset = len(lines[0])
    for line in lines[1:]:
        if _FENCE.match(line.rstrip("\r\n")):
            return text[len(lines[0]) : offset], offset + len(line)
        offset += len(line)
    raise SourceError(
        "the front matter opened by '---' on the first line is never closed; end it with "
        "a line '---' before the release's text",
        path=path,
        line=1,
    )


def _read_front(yaml_text: str, *, path: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """The front matter as values, and the YAML nodes of the top-level keys (for their
    lines and the place of each value)."""
    import yaml

    try:
        node = yaml.compose(yaml_text, Loader=yaml.SafeLoader)
        values = yaml.safe_load(yaml_text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 2 if mark is not None else 1
        problem = exc.problem or exc.context or "not valid YAML"
        raise SourceError(
            f"the front matter is not valid YAML ({problem}); write one 'key: value' a "
            "line, and quote a value that holds ': ' or starts with a special character",
            path=path,
            line=line,
        ) from None
    except yaml.YAMLError as exc:
        raise SourceError(
            f"the front matter is not valid YAML ({exc})", path=path, line=1
        ) from None
    if values is None:
        return {}, {}
    if not isinstance(values, dict) or node is None or not hasattr(node, "value"):
        raise SourceError(
            "the front matter is not a list of 'key: value' lines; write e.g. "
            "'title: OSCE holds a roundtable'",
            path=path,
            line=2,
        )
    nodes = {str(key.value): value for key, value in node.value}
    return {str(k): v for k, v in values.items()}, nodes


def _front_date(value: Any, *, path: str, line: int, key: str) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    match = re.match(r"(\d{4})-(\d{2})-(\d{2})", text)
    if match:
        try:
            return dt.date(*(int(g) for g in match.groups()))
        except ValueError:
            pass
    raise SourceError(
        f"the front matter's {key} '{text}' is not a date; write it as {key}: 2017-01-31",
        path=path,
        line=line,
    )


# ----------------------------------------------------------------------- walking


def _read(text: str, *, path: str) -> _Document:
    yaml_text, body_start = _front_matter(text, path=path)
    front, nodes = _read_front(yaml_text, path=path) if yaml_text.strip() else ({}, {})
    lines = {key: node.start_mark.line + 2 for key, node in nodes.items()}
    slots = []
    for key in TRANSLATED_KEYS:
        node = nodes.get(key)
        if node is None:
            continue
        if not isinstance(front.get(key), str) or not hasattr(node, "start_mark"):
            raise SourceError(
                f"the front matter's {key} is not text; write it as {key}: followed by the "
                "text (in quotes if it holds ': ')",
                path=path,
                line=lines[key],
            )
        value = front[key]
        if not value.strip():
            continue
        offset = len(_first_line(text))
        start, end = offset + node.start_mark.index, offset + node.end_mark.index
        slots.append(_Slot(lines[key], key, start, end, [Text(value)], front=True))
    headline = 0 if "title" in front and slots and slots[0].role == "title" else None
    body_slots = list(_body_slots(text, body_start, path=path))
    if headline is None:
        headline = next(
            (len(slots) + i for i, s in enumerate(body_slots) if s.role.startswith("h")), None
        )
    return _Document(front, lines, [*slots, *body_slots], headline)


def _first_line(text: str) -> str:
    lines = _lines(text)
    return lines[0] if lines else ""


def _lines(text: str) -> list[str]:
    """Lines as Markdown counts them (only \n ends one), each with its ending."""
    return re.findall(r"[^\n]*\n|[^\n]+$", text)


def _body_slots(text: str, body_start: int, *, path: str) -> Iterator[_Slot]:
    body = text[body_start:]
    lines = _lines(body)
    starts = [body_start]
    for line in lines:
        starts.append(starts[-1] + len(line))
    first_line = text[:body_start].count("\n")
    tokens = _parser().parse(body)
    containers: list[str] = []
    for index, token in enumerate(tokens):
        if token.type.endswith("_open") and token.nesting == 1:
            containers.append(token.type[: -len("_open")])
        elif token.nesting == -1 and containers:
            containers.pop()
        if token.type != "inline" or not token.children or token.map is None:
            continue
        opener = tokens[index - 1]
        role = _role(opener, containers)
        row = token.map[0]
        line_text = lines[row] if row < len(lines) else ""
        located = (
            _cell(tokens, index, line_text, starts[row])
            if role == "table cell"
            else _located(token, lines, starts)
        )
        if located is None:
            raise SourceError(
                "cannot find this block's text in the file as the Markdown parser read it "
                "(tabs inside a list or quotation?); indent with spaces",
                path=path,
                line=first_line + row + 1,
            )
        start, end, continuation = located
        spans: dict[int, _Span] = {}
        converted = _tokens(token.children, spans)
        plain = "".join(t.value for t in converted if isinstance(t, Text))
        if not plain.strip():
            continue
        found = PLACEHOLDER_RE.search(plain)
        if found:
            raise SourceError(
                f"the text '{found.group(0)}' is l10nrelease's placeholder syntax and would "
                "be taken for one; write it as code (`<1>`) or with a space inside",
                path=path,
                line=first_line + row + 1,
            )
        yield _Slot(
            first_line + row + 1,
            role,
            start,
            end,
            converted,
            spans,
            table=role == "table cell",
            continuation=continuation,
        )


def _role(opener: Any, containers: list[str]) -> str:
    if opener.type == "heading_open":
        return str(opener.tag)
    if opener.type in {"th_open", "td_open"}:
        return "table cell"
    if "list_item" in containers:
        return "list item"
    if "blockquote" in containers:
        return "quotation"
    return "paragraph"


def _located(token: Any, lines: list[str], starts: list[int]) -> tuple[int, int, str] | None:
    """Where an inline's text stands in the file, and the prefix of its further lines."""
    content_lines = token.content.split("\n")
    first = token.map[0]
    positions = []
    for offset, content in enumerate(content_lines):
        row = first + offset
        if row >= len(lines):
            return None
        column = lines[row].find(content) if content else len(lines[row].rstrip("\r\n"))
        if column < 0:
            return None
        positions.append((row, column, len(content)))
    row, column, _length = positions[0]
    last_row, last_column, last_length = positions[-1]
    if len(positions) > 1:
        continuation = lines[positions[1][0]][: positions[1][1]]
    else:
        prefix = lines[row][:column]
        continuation = _LIST_MARKER.sub(lambda m: " " * len(m.group(0)), prefix.replace("#", ""))
    return starts[row] + column, starts[last_row] + last_column + last_length, continuation


def _cell(tokens: list[Any], index: int, line: str, line_start: int) -> tuple[int, int, str] | None:
    """Where a table cell's text stands in its row's line."""
    number = 0
    back = index - 1
    while back >= 0 and tokens[back].type != "tr_open":
        if tokens[back].type in {"th_open", "td_open"}:
            number += 1
        back -= 1
    cells = list(_cells(line))
    if number - 1 >= len(cells):
        return None
    start, end = cells[number - 1]
    return line_start + start, line_start + end, ""


def _cells(line: str) -> Iterator[tuple[int, int]]:
    """The (start, end) of each cell's text in a table row, pipes escaped with \\ kept."""
    body = line.rstrip("\r\n")
    bounds = [-1] + [m.start() for m in re.finditer(r"(?<!\\)\|", body)] + [len(body)]
    pieces_ = [(bounds[i] + 1, bounds[i + 1]) for i in range(len(bounds) - 1)]
    if pieces_ and not body[pieces_[0][0] : pieces_[0][1]].strip():
        pieces_ = pieces_[1:]
    if pieces_ and not body[pieces_[-1][0] : pieces_[-1][1]].strip():
        pieces_ = pieces_[:-1]
    for start, end in pieces_:
        cell = body[start:end]
        left = len(cell) - len(cell.lstrip())
        yield start + left, start + len(cell.rstrip())


def _tokens(children: list[Any], spans: dict[int, _Span]) -> list[Token]:
    out: list[Token] = []
    stack: list[int] = []
    for child in children:
        kind = child.type
        if kind == "text":
            if child.content:
                out.append(Text(child.content))
        elif kind == "softbreak":
            out.append(Text("\n"))
        elif kind.endswith("_open"):
            number = len(spans) + 1
            spans[number] = _pair(child)
            stack.append(number)
            out.append(Open(number))
        elif kind.endswith("_close") and stack:
            out.append(Close(stack.pop()))
        else:
            number = len(spans) + 1
            spans[number] = _void(child)
            out.append(Void(number))
    return merge_text(out)


_PAIRS = {"strong_open": "strong", "em_open": "em", "s_open": "s", "link_open": "a"}


def _pair(token: Any) -> _Span:
    tag = _PAIRS.get(token.type, "span")
    if tag != "a":
        return _Span("pair", tag, token.markup, token.markup, (f"<{tag}>", f"</{tag}>"))
    href = str(token.attrs.get("href", ""))
    title = token.attrs.get("title")
    destination = f"<{href}>" if re.search(r"[\s()<>]", href) else href
    closing = f"]({destination}" + (f" {json.dumps(str(title))}" if title else "") + ")"
    opening_html = f'<a href="{html.escape(href)}"'
    opening_html += f' title="{html.escape(str(title))}">' if title else ">"
    return _Span("pair", "a", "[", closing, (opening_html, "</a>"))


def _void(token: Any) -> _Span:
    kind = token.type
    if kind == "code_inline":
        content = token.content
        pad = " " if content.startswith("`") or content.endswith("`") else ""
        source = f"{token.markup}{pad}{content}{pad}{token.markup}"
        return _Span("void", "code", source, html=(f"<code>{html.escape(content)}</code>", ""))
    if kind == "image":
        src = str(token.attrs.get("src", ""))
        title = token.attrs.get("title")
        destination = f"<{src}>" if re.search(r"[\s()<>]", src) else src
        source = f"![{token.content}]({destination}"
        source += (f" {json.dumps(str(title))}" if title else "") + ")"
        alt = html.escape("".join(c.content for c in token.children or [] if c.type == "text"))
        return _Span(
            "void", "img", source, html=(f'<img src="{html.escape(src)}" alt="{alt}">', "")
        )
    if kind == "hardbreak":
        return _Span("void", "br", "\\\n", html=("<br>", ""))
    if kind == "html_inline":
        # The source's own HTML, as a Markdown renderer would pass it through.
        return _Span("void", "html", token.content, html=(token.content, ""))
    return _Span("void", "element", token.content, html=(html.escape(token.content), ""))


# ----------------------------------------------------------------------- reading


def parse(
    content: str, *, path: str, slug: str, mode: str = "sentence", **segmentation: Any
) -> Release:
    """A Markdown release: headline, paragraphs, dateline, front matter.

    ``segmentation``: further options of ``split_block`` (as ``.txt`` and ``.html``
    releases get them), passed on as they are.
    """
    refuse_control_characters(content, path=path)
    document = _read(content, path=path)
    front, slots = document.front, document.slots
    if document.headline is None:
        raise SourceError(
            "the release has no headline; give the front matter a 'title:' (or start the "
            "text with a '# Headline' line)",
            path=path,
            line=1,
        )
    metadata = _metadata(front, document.front_lines, path)
    blocks: list[Block] = []
    dateline: Dateline | None = None
    looked_for_dateline = False
    paragraphs = 0
    for index, slot in enumerate(slots):
        tags = {number: span.tag for number, span in slot.spans.items()}
        tokens = list(slot.tokens)
        parts: list[str | Unit] = []
        headline = index == document.headline
        role = "headline" if headline else slot.role
        if role == "paragraph":
            paragraphs += 1
            role = f"paragraph {paragraphs}"
            if not looked_for_dateline and index > document.headline:
                looked_for_dateline = True  # only the first paragraph may open with one
                dateline, parts, tokens = dateline_parts(tokens, slot.line)
        split = (
            mode if role.startswith(("paragraph", "list", "quotation", "table")) else "paragraph"
        )
        parts += units_from_pieces(
            split_block(tokens, mode=split, **segmentation), role=role, line=slot.line, tags=tags
        )
        kind = "headline" if headline else "meta" if slot.front else "paragraph"
        blocks.append(Block(kind, slot.line, tuple(parts)))
    # The headline's unit; a headline that is only a name or an identifier (`# JsonCpp`)
    # has none (nothing to translate), and is its own text.
    top = blocks[document.headline]
    units = list(top.units())
    headline_text = units[0].text if units else "".join(p for p in top.parts if isinstance(p, str))
    date = _release_date(front, document.front_lines, dateline, slug, path)
    return Release(
        slug=slug,
        path=path,
        format="md",
        text=content,
        blocks=tuple(blocks),
        date=date,
        dateline=dateline,
        headline=headline_text,
        metadata=metadata,
    )


def _metadata(front: dict[str, Any], lines: dict[str, int], path: str) -> dict[str, str]:
    if "embargo" not in front or front["embargo"] in (None, ""):
        return {}
    value = front["embargo"]
    text = value.isoformat() if isinstance(value, dt.date) else str(value)
    moment = parse_embargo(text)
    if moment is None:
        raise SourceError(
            f"cannot read the embargo time '{text}'; write it as embargo: 2017-02-01T10:00+06:00",
            path=path,
            line=lines["embargo"],
        )
    return {"embargo": moment.isoformat()}


def _release_date(
    front: dict[str, Any],
    lines: dict[str, int],
    dateline: Dateline | None,
    slug: str,
    path: str,
) -> dt.date | None:
    from .text import date_from_name

    written = _front_date(front.get("date"), path=path, line=lines.get("date", 1), key="date")
    if dateline is not None and written is not None and dateline.date != written:
        raise SourceError(
            f"the front matter's date ({written.isoformat()}) is not the dateline's "
            f"({dateline.text}); make them agree",
            path=path,
            line=lines.get("date", 1),
        )
    if dateline is not None:
        return dateline.date
    return written or date_from_name(slug)


# -------------------------------------------------------------------- reassembly


def _aligned(release: Release) -> list[_Slot]:
    slots = _read(release.text, path=release.path).slots
    if [s.line for s in slots] != [b.line for b in release.blocks]:
        raise SourceError(
            "the release changed since it was read; run extract again", path=release.path
        )
    return slots


def inline_html(release: Release) -> list[InlineHtml]:
    """For each block of ``release``, the HTML each of its placeholders stands for."""
    return [{n: span.html for n, span in slot.spans.items()} for slot in _aligned(release)]


def reassemble(
    release: Release,
    translate: Callable[[Unit], str | None] | None,
    *,
    language: str,
    source_language: str = "en",
) -> bytes:
    """The source Markdown with translated units swapped in (UTF-8 bytes). Blocks with
    no translated unit, and everything that is not a block's text, stay byte for byte;
    a front matter ``lang``/``language`` that names the source language names
    ``language`` once anything is translated."""
    text = release.text
    if translate is None or language == source_language:
        return text.encode("utf-8")
    slots = _aligned(release)
    changes: list[tuple[int, int, str]] = []
    for slot, block in zip(slots, release.blocks, strict=True):
        translations = [translate(unit) for unit in block.units()]
        if all(t is None for t in translations):
            continue
        rendered = _render(slot, pieces(block, translations), path=release.path)
        changes.append((slot.start, slot.end, rendered))
    if not changes:
        return text.encode("utf-8")  # nothing translated: the source, in English
    changes += _language_change(text, release.path, language, source_language)
    for start, end, value in sorted(changes, reverse=True):
        text = text[:start] + value + text[end:]
    return text.encode("utf-8")


def _language_change(
    text: str, path: str, language: str, source_language: str
) -> list[tuple[int, int, str]]:
    yaml_text, _body = _front_matter(text, path=path)
    if not yaml_text.strip():
        return []
    front, nodes = _read_front(yaml_text, path=path)
    offset = len(_first_line(text))
    for key in ("lang", "language"):
        node = nodes.get(key)
        if node is not None and str(front.get(key, "")).lower() == source_language.lower():
            return [(offset + node.start_mark.index, offset + node.end_mark.index, language)]
    return []


def _render(slot: _Slot, segments: list[tuple[str, bool]], *, path: str) -> str:
    spans = slot.spans
    whole = "".join(value for value, _ in segments)
    paired = [n for n, s in spans.items() if s.kind == "pair"]
    void = [n for n, s in spans.items() if s.kind == "void"]
    try:
        tokens = parse_markup(whole, paired=paired, void=void)
    except MarkupError as exc:
        raise MarkupError(f"{exc.message} in «{whole}»", path=path, line=slot.line) from None
    if slot.front:
        plain = "".join(t.value for t in tokens if isinstance(t, Text))
        return json.dumps(plain, ensure_ascii=False)
    out: list[str] = []
    for token in tokens:
        if isinstance(token, Text):
            out.append(_escape(token.value, table=slot.table))
        elif isinstance(token, Open):
            out.append(spans[token.number].opening)
        elif isinstance(token, Close):
            out.append(spans[token.number].closing)
        else:
            source = spans[token.number].opening
            out.append(source + slot.continuation if source.endswith("\n") else source)
    rendered = "".join(out)
    return _LINE_START.sub(_escape_start, rendered, count=1)


def _escape(text: str, *, table: bool) -> str:
    value = _INLINE_SPECIAL.sub(r"\\\1", text.replace("\n", " "))
    value = _ENTITY_LIKE.sub(r"\\&", value)
    return value.replace("|", "\\|") if table else value


def _escape_start(match: re.Match[str]) -> str:
    found = match.group(0)
    if found[0].isdigit():
        return found + "\\"  # 1\. is text, 1. a list
    return "\\" + found
