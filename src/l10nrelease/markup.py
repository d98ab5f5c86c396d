"""Numbered placeholders for inline markup: ``Visit the <1>OSCE website</1>.``

A translator may move placeholders but not break them. This module parses such texts
into tokens, checks them against the placeholders a unit is allowed to have, and
renumbers them between a unit's own numbering and its block's.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass

from .errors import MarkupError

PLACEHOLDER_RE = re.compile(r"<(/?)(\d{1,4})(/?)>")


@dataclass(frozen=True, slots=True)
class Text:
    value: str


@dataclass(frozen=True, slots=True)
class Open:
    number: int


@dataclass(frozen=True, slots=True)
class Close:
    number: int


@dataclass(frozen=True, slots=True)
class Void:
    number: int


Token = Text | Open | Close | Void


def format_tokens(tokens: Iterable[Token]) -> str:
    """Tokens back to placeholder text (the inverse of ``parse``)."""
    out = []
    for token in tokens:
        if isinstance(token, Text):
            out.append(token.value)
        elif isinstance(token, Open):
            out.append(f"<{token.number}>")
        elif isinstance(token, Close):
            out.append(f"</{token.number}>")
        else:
            out.append(f"<{token.number}/>")
    return "".join(out)


def tokenize(text: str) -> list[Token]:
    """Split ``text`` into text and placeholder tokens, without checking structure."""
    if "<" not in text:
        return [Text(text)] if text else []
    tokens: list[Token] = []
    position = 0
    for match in PLACEHOLDER_RE.finditer(text):
        closing, digits, void = match.groups()
        if closing and void:
            continue  # "</1/>" is not a placeholder; leave it as text
        if match.start() > position:
            tokens.append(Text(text[position : match.start()]))
        tokens.append(_placeholder(closing, digits, void))
        position = match.end()
    if position < len(text):
        tokens.append(Text(text[position:]))
    return tokens


@functools.lru_cache(maxsize=1 << 10)
def _placeholder(closing: str, digits: str, void: str) -> Token:
    """The token of ``<n>``, ``</n>`` or ``<n/>``: one (immutable) object each."""
    number = int(digits)
    return Void(number) if void else Close(number) if closing else Open(number)


def parse(text: str, *, paired: Iterable[int] = (), void: Iterable[int] = ()) -> list[Token]:
    """Tokenize ``text`` and check it uses exactly the given placeholders, well nested.

    ``paired`` are the numbers that must appear as ``<n>…</n>``, ``void`` those that
    must appear as ``<n/>``; each exactly once. Raises ``MarkupError`` naming the
    first problem, in words a translator understands.
    """
    tokens = tokenize(text)
    _check_structure(tokens, set(paired), set(void))
    return tokens


def _check_structure(
    tokens: Iterable[Token], allowed_paired: AbstractSet[int], allowed_void: AbstractSet[int]
) -> None:
    """``parse``'s verdict on the tokens (only the placeholders count)."""
    seen: set[int] = set()
    stack: list[int] = []
    for token in tokens:
        if isinstance(token, Text):
            continue
        number = token.number
        if isinstance(token, Close):
            if not stack or stack[-1] != number:
                if number in stack:
                    raise MarkupError(
                        f"placeholders cross: </{number}> closes before </{stack[-1]}>"
                    )
                raise MarkupError(f"</{number}> has no matching <{number}>")
            stack.pop()
            continue
        if number in seen:
            raise MarkupError(f"placeholder <{number}> appears more than once")
        seen.add(number)
        if isinstance(token, Open):
            if number not in allowed_paired:
                raise MarkupError(_unknown(number, allowed_paired, allowed_void, "<{n}>"))
            stack.append(number)
        elif number not in allowed_void:
            raise MarkupError(_unknown(number, allowed_paired, allowed_void, "<{n}/>"))
    if stack:
        raise MarkupError(f"<{stack[-1]}> is not closed with </{stack[-1]}>")
    missing = sorted((allowed_paired | allowed_void) - seen)
    if missing:
        shown = ", ".join(f"<{n}>…</{n}>" if n in allowed_paired else f"<{n}/>" for n in missing)
        raise MarkupError(f"placeholder missing: {shown}")


def _structure_problem(text: str, paired: Iterable[int], void: Iterable[int]) -> str | None:
    """What ``parse`` would refuse in ``text``, or None: decided on its placeholders
    alone, and remembered (the units of a project repeat a few shapes)."""
    return _sequence_problem(tuple(_tags(text)), frozenset(paired), frozenset(void))


@functools.lru_cache(maxsize=1 << 12)
def _sequence_problem(
    tags: tuple[tuple[str, str, str], ...], paired: frozenset[int], void: frozenset[int]
) -> str | None:
    try:
        _check_structure([_placeholder(*tag) for tag in tags], paired, void)
    except MarkupError as exc:
        return exc.message
    return None


def _unknown(number: int, paired: AbstractSet[int], void: AbstractSet[int], shape: str) -> str:
    if number in paired:
        return f"<{number}/> should be a pair <{number}>…</{number}>"
    if number in void:
        return f"<{number}> should be written <{number}/>"
    return f"{shape.format(n=number)} is not a placeholder of the source text"


def renumber(text: str, mapping: Mapping[int, int]) -> str:
    """Rewrite every placeholder number through ``mapping`` (unknown numbers stay)."""

    def replace(match: re.Match[str]) -> str:
        number = int(match.group(2))
        return f"<{match.group(1)}{mapping.get(number, number)}{match.group(3)}>"

    return PLACEHOLDER_RE.sub(replace, text)


def plain(text: str) -> str:
    """The text with every placeholder removed."""
    return _without_placeholders(text) if "<" in text else text


#: (The checks of a unit ask for the same text's several times.)
@functools.lru_cache(maxsize=1 << 10)
def _without_placeholders(text: str) -> str:
    return PLACEHOLDER_RE.sub("", text)


# A "<" or ">" that is text in the source (``&lt;config&gt;`` on a page, a literal
# ``&lt;1&gt;``) is written in a msgid as its entity, so that it can be confused neither
# with a placeholder nor with markup; an "&" only where it would start one of these
# three entities. Everything else, "&" in "R&D" included, is written as it is.
_ESCAPE = re.compile(r"[<>]|&(?=(?:lt|gt|amp);)")
_UNESCAPE = re.compile(r"&(lt|gt|amp);")
_ENTITIES = {"<": "&lt;", ">": "&gt;", "&": "&amp;"}
_CHARACTERS = {"lt": "<", "gt": ">", "amp": "&"}


def escape_text(text: str) -> str:
    """Source text as a msgid writes it (the inverse of ``unescape_text``).

    >>> escape_text("Set <config> to 1 & restart; &lt; is an entity")
    'Set &lt;config&gt; to 1 & restart; &amp;lt; is an entity'
    """
    if "<" not in text and ">" not in text and "&" not in text:
        return text
    return _ESCAPE.sub(lambda match: _ENTITIES[match.group(0)], text)


def unescape_text(text: str) -> str:
    """Msgid or translation text (without placeholders) as the page's text.

    >>> unescape_text("&lt;1&gt; &amp;lt; R&D &#60;")
    '<1> &lt; R&D &#60;'
    """
    if "&" not in text:
        return text
    return _UNESCAPE.sub(lambda match: _CHARACTERS[match.group(1)], text)


# A translation is untrusted input: it may carry nothing that a browser would read as
# markup. The HTML tokenizer starts a tag at "<" and an ASCII letter, whatever follows
# the name (a space, "/", nothing: <script/src=…>, <img/src=…>); "</" and anything but
# one of our placeholders ("</1>") is an end tag or a bogus comment; "<!" and "<?" are
# comments, doctypes and processing instructions.
_MARKUP_START = re.compile(r"<(?:[A-Za-z]|/(?!\d{1,4}>)|!|\?)")
#: What any of ``translation_problems``' findings needs besides a "<": a control or
#: bidirectional character, an event attribute, a script or data URL.
_MAY_BE_UNSAFE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff\u202a-\u202e\u2066-\u2069]|=|:"
)
_EVENT_ATTRIBUTE = re.compile(r"\bon[a-z]{3,}\s*=", re.IGNORECASE)
_SCRIPT_URL = re.compile(
    r"\b(?:j\s*a\s*v\s*a\s*s\s*c\s*r\s*i\s*p\s*t|v\s*b\s*s\s*c\s*r\s*i\s*p\s*t)\s*:"
    r"|\bdata\s*:\s*[a-z]+/[a-z0-9.+-]+",
    re.IGNORECASE,
)


_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
#: Bidirectional controls: they change how the text around them displays (a reversed
#: address, a hidden word), and a Russian or Kazakh sentence never needs them.
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")
#: A placeholder written with an attribute, as if it were an HTML tag.
_PLACEHOLDER_ATTRIBUTE = re.compile(r"</?\d{1,4}\s+[^<>]*>")


def translation_problems(
    text: str, *, paired: Iterable[int] = (), void: Iterable[int] = ()
) -> list[str]:
    """Why ``text`` may not be published as the translation of a unit (empty: it may).

    Only the unit's own placeholders may become markup; raw HTML, event attributes and
    script or data URLs are refused outright, whatever the page would do with them.
    """
    problems = []
    suspect = _MAY_BE_UNSAFE.search(text) is not None  # else no control, bidi, on…=, URL
    control = suspect and _CONTROL.search(text)
    if control:
        problems.append(
            f"contains the control character U+{ord(control.group(0)):04X}, which no web "
            "page may carry; delete it"
        )
    bidi = suspect and _BIDI.search(text)
    if bidi:
        problems.append(
            f"contains the bidirectional control character U+{ord(bidi.group(0)):04X}, which "
            "changes how the text around it displays; delete it"
        )
    attribute = _PLACEHOLDER_ATTRIBUTE.search(text)
    if attribute:
        number = re.search(r"\d+", attribute.group(0)).group(0)  # type: ignore[union-attr]
        problems.append(
            f"a placeholder is written with an attribute ({attribute.group(0)[:40]}); write "
            f"<{number}>…</{number}>: what the element carries (a link's address) comes from "
            "the source"
        )
        return problems
    tag = _MARKUP_START.search(text)
    if tag:
        end = text.find(">", tag.start())
        shown = text[tag.start() : end + 1 if 0 <= end < tag.start() + 40 else tag.start() + 40]
        problems.append(
            f"contains HTML markup ({shown}); use only the placeholders of the source text, "
            "and write a < or > that is text as &lt; or &gt;, as the source does"
        )
    if suspect and _EVENT_ATTRIBUTE.search(text):
        problems.append("contains an event attribute (on…=); remove it")
    url = suspect and _SCRIPT_URL.search(text)
    if url:
        problems.append(f"contains a {url.group(0).split(':')[0].strip()}: URL; remove it")
    structure = _structure_problem(text, paired, void)
    if structure is not None:
        problems.append(structure)
    return problems


def safety_problems(source: str, translation: str) -> list[str]:
    """Why ``translation`` may not be published as the translation of ``source``: the
    one safety check of translations, for check, build, status, review, the memory and
    machine translation alike. Only ``source``'s placeholders may become markup."""
    if "<" not in source and "<" not in translation:
        # No placeholder on either side and nothing that could start markup: only the
        # character and URL checks can say anything (most units, and the hot path).
        return translation_problems(translation) if _MAY_BE_UNSAFE.search(translation) else []
    return list(_markup_problems(source, translation))


#: A build asks twice about each unit with markup (its check, then its plan): the
#: answers of the units just read are remembered (a pure function of the two texts).
@functools.lru_cache(maxsize=1 << 11)
def _markup_problems(source: str, translation: str) -> tuple[str, ...]:
    tags = _tags(source)
    return tuple(
        translation_problems(
            translation,
            paired=[int(digits) for closing, digits, void in tags if not closing and not void],
            void=[int(digits) for closing, digits, void in tags if void],
        )
    )


def _tags(text: str) -> list[tuple[str, str, str]]:
    """The placeholders of ``text`` as ``tokenize`` reads them, each ``(closing slash,
    number, void slash)``: ``</1/>`` is none."""
    return [tag for tag in PLACEHOLDER_RE.findall(text) if not (tag[0] and tag[2])]
