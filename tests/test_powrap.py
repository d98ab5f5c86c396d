"""gettext's line breaking, held to libunistring itself (the C library msgcat calls) and
to msgcat, one string at a time."""

from __future__ import annotations

import ctypes
import ctypes.util
import shutil
import subprocess

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from l10nrelease import powrap


def _libunistring() -> ctypes.CDLL | None:
    """libunistring 1.0, whose tables ours are (gettext 0.21 links it)."""
    name = ctypes.util.find_library("unistring")
    if name is None:
        return None
    try:
        library = ctypes.CDLL(name)
        version = ctypes.c_int.in_dll(library, "_libunistring_version").value
    except (OSError, ValueError):
        return None
    return library if version == 0x010000 else None


LIBUNISTRING = _libunistring()
needs_libunistring = pytest.mark.skipif(
    LIBUNISTRING is None, reason="libunistring 1.0 (the one gettext 0.21 uses) is not installed"
)
#: libunistring's UC_BREAK_POSSIBLE.
_POSSIBLE = 2


def _theirs(text: str, width: int, start: int) -> list[int]:
    """Where ``u8_width_linebreaks`` breaks ``text``, as character indexes."""
    assert LIBUNISTRING is not None
    function = LIBUNISTRING.u8_width_linebreaks
    function.restype = ctypes.c_int
    function.argtypes = [
        ctypes.c_char_p,
        ctypes.c_size_t,
        ctypes.c_int,
        ctypes.c_int,
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_char_p,
        ctypes.c_char_p,
    ]
    data = text.encode("utf-8")
    out = ctypes.create_string_buffer(len(data))
    function(data, len(data), width, start, 0, None, b"UTF-8", out)
    breaks = []
    offset = 0
    for index, char in enumerate(text):
        if out.raw[offset] == _POSSIBLE:
            breaks.append(index)
        offset += len(char.encode("utf-8"))
    return breaks


def _ours(text: str, width: int, start: int) -> list[int]:
    return powrap.line_breaks(text, width, start)


# Every kind of character UAX #14 tells apart: letters of three scripts, spaces of
# several kinds, hyphens and dashes, quotes, brackets, numbers and their signs, marks,
# joiners, ideographs, Hangul, emoji with modifiers, flags, Hebrew, Thai, line separators.
_KINDS = st.sampled_from(
    list(
        "abc XYZ йёЖ әғқ -–—‐.,:;!?«»\"'\\/()[]{}<>%$€#@&*+=0123456789\u00a0\u2009\u3000"
        "\u200b\u200c\u200d\u2060\u0301\u00ad\u2028\u2029\u0085日本語한국\u05d0\u05be"
        "\u0e01\u0e02\U0001f600\U0001f3fb\U0001f1e6\U0001f1fa\u2026\u00b7\u30fc\ufffc\t"
    )
)
_ANY = st.characters(blacklist_categories=("Cs",))


@needs_libunistring
@settings(max_examples=1500, deadline=None)
@given(
    st.lists(st.one_of(_KINDS, _KINDS, _ANY), max_size=80).map("".join),
    st.integers(1, 40),
    st.integers(0, 12),
)
def test_breaks_where_libunistring_breaks(text: str, width: int, start: int) -> None:
    assert _ours(text, width, start) == _theirs(text, width, start)


@needs_libunistring
def test_every_code_point_has_libunistrings_class_and_width() -> None:
    """Each code point alone after a letter and a space, and between two letters: the
    break (or none) and the columns libunistring finds. (A check of the tables, over
    every code point but the surrogates.)"""
    codes = [code for code in range(0x110000) if not 0xD800 <= code < 0xE000]
    for chunk in range(0, len(codes), 4096):
        text = "".join(f"a {chr(code)}b" for code in codes[chunk : chunk + 4096])
        assert _ours(text, 3, 0) == _theirs(text, 3, 0), hex(codes[chunk])


MSGCAT = shutil.which("msgcat")


@pytest.mark.skipif(MSGCAT is None, reason="GNU gettext's msgcat is not installed")
@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(_KINDS, _ANY), max_size=200).map("".join))
def test_field_lines_are_msgcats(text: str) -> None:
    # gettext holds no NUL, nor the EOT it joins a context to its msgid with; other
    # control characters it writes as they are.
    text = text.replace("\x00", "").replace("\x04", "")
    entry = "\n".join(powrap.field_lines("msgid", "x")) + "\n"
    entry += "\n".join(powrap.field_lines("msgstr", text, wrap=False)) + "\n"
    header = 'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
    assert MSGCAT is not None
    out = subprocess.run(
        [MSGCAT, "-"], input=(header + entry).encode(), capture_output=True, check=True
    ).stdout.decode()
    expected = powrap.field_lines("msgstr", text)
    assert out.split("\n")[4:-1] == expected


def test_references_fill_the_width() -> None:
    refs = [f"sources/{name}.txt:{line}" for name, line in (("a" * 20, 1), ("b" * 20, 22))]
    assert powrap.reference_lines(refs) == [f"#: {refs[0]} {refs[1]}"]
    longer = [*refs, "sources/c.txt:3"]
    assert powrap.reference_lines(longer) == [f"#: {refs[0]} {refs[1]}", "#: sources/c.txt:3"]
    # A reference longer than the line has a line of its own, as with gettext.
    assert powrap.reference_lines(["x" * 100, "y"]) == ["#: " + "x" * 100, "#: y"]
