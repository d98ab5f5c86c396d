"""Quality checks beyond names: pure functions from a PO entry to findings.

Each check has a name, a default severity, a switch in ``[checks]`` of
l10nrelease.toml (``numbers = false``, or a severity: ``length = "error"``), and can be
silenced on one entry by a translator comment with a reason:

    # ignore numbers: «тысяча» is how the ministry writes 1,000

Checks: markup, numbers, urls, dateline, punctuation, quotes, spaces, mixed-script,
language, same-as-source, length.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from .catalog import Entry
from .markup import PLACEHOLDER_RE, safety_problems
from .model import DATELINE_CONTEXT

KAZAKH_ONLY = set("әғқңөұүһіӘҒҚҢӨҰҮҺІ")
_CYRILLIC = "А-Яа-яЁёӘәҒғҚқҢңӨөҰұҮүҺһІі"
_MIXED = re.compile(rf"\b(?=\w*[A-Za-z])(?=\w*[{_CYRILLIC}])\w+\b")
_URL = re.compile(r"(?:https?://|www\.)[^\s<>\"«»]+[^\s<>\"«».,;:!?)]|[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_SOURCE_NUMBER = re.compile(
    r"(?<![\w.,])\d{1,3}(?:,\d{3})+(?:\.\d+)?(?!\w)|(?<![\w.,])\d+(?:\.\d+)?(?![\w.,]\d)"
)
_TARGET_NUMBER = re.compile(
    r"(?<![\w.,])\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?:,\d+)?(?![\d])"  # 1 000, 1 000,5
    r"|(?<![\w.,])\d+(?:,\d+)?(?![.,]?\d)"  # 90, 1,5
)
_NUMBER_WORDS = re.compile(
    r"\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|"
    r"forty|fifty|hundred|thousand|million|billion)\b",
    re.IGNORECASE,
)
#: The usual length of a translation against its English source (characters).
LENGTH_RANGE = {"ru": (0.6, 2.2), "kk": (0.6, 2.4)}
_IGNORE = re.compile(r"^\s*ignore\s+([\w ,-]+?)\s*:\s*(\S.*)$", re.IGNORECASE)


@dataclass(frozen=True)
class Context:
    language: str
    date: dt.date | None = None
    date_pattern: str = "long"


Check = Callable[[Entry, Context], list[str]]


def silenced(entry: Entry) -> set[str]:
    """Checks a translator silenced on this entry, each with a reason given."""
    names: set[str] = set()
    for line in entry.translator_comment.splitlines():
        match = _IGNORE.match(line)
        if match:
            names |= {name.strip().lower() for name in match.group(1).split(",")}
    return names


def check_markup(entry: Entry, context: Context) -> list[str]:
    return safety_problems(entry.msgid, entry.msgstr)


def _plain(text: str) -> str:
    return _spaced(text) if "<" in text else text


#: (Each check of an entry asks for its texts' again.)
@functools.lru_cache(maxsize=1 << 10)
def _spaced(text: str) -> str:
    return PLACEHOLDER_RE.sub(" ", text)


def _source_numbers(text: str) -> list[str]:
    return [n.replace(",", "") for n in _SOURCE_NUMBER.findall(_plain(text))]


def _target_numbers(text: str) -> list[str]:
    found = _TARGET_NUMBER.findall(_plain(text))
    return [_SPACE.sub("", n).replace(",", ".") for n in found]


_DIGIT = re.compile(r"\d")
#: Digits with spaces between them: a phone number (+43 1 514 36), or a figure grouped
#: with spaces (1 500), which a translation may copy as it is.
_DIGIT_RUN = re.compile(r"\+?\d+(?:[ \u00a0\u202f]\d+)+")
_SPACE = re.compile(r"[ \u00a0\u202f]")


def _without_copied_runs(source: str, target: str) -> tuple[str, str]:
    """Both texts without the runs of spaced digits the translation copies as they are
    (with any kind of space): those are the same numbers, whatever grouping they seem
    to have."""
    source, target = _SPACE.sub(" ", source), _SPACE.sub(" ", target)
    for run in sorted(set(_DIGIT_RUN.findall(source)), key=len, reverse=True):
        if run in target:
            source, target = source.replace(run, " "), target.replace(run, " ")
    return source, target


def check_numbers(entry: Entry, context: Context) -> list[str]:
    if entry.msgctxt == DATELINE_CONTEXT:
        return []  # the dateline check looks at dates
    msgid, msgstr = _plain(entry.msgid), _plain(entry.msgstr)
    if not _DIGIT.search(msgid) and not _DIGIT.search(msgstr):
        return []  # no number on either side (most sentences)
    msgid, msgstr = _without_copied_runs(msgid, msgstr)
    source = _source_numbers(msgid)
    target = _target_numbers(msgstr)
    problems = []
    remaining = list(target)
    for number in source:
        if number in remaining:
            remaining.remove(number)
        else:
            shown = number if "." not in number else number.replace(".", ",")
            problems.append(
                f"the number {shown} of the source is missing "
                "(write it with this language's grouping and decimal marks)"
            )
    if not problems and remaining and _NUMBER_WORDS.search(entry.msgid):
        problems.append("warning: a number written in words in the source is in figures here")
    return problems


def _may_have_url(text: str) -> bool:
    """Whether ``_URL`` can match in ``text`` (what each of its forms must contain):
    the hot path skips the search, slow on text without any."""
    return "://" in text or "www." in text or "@" in text


def check_urls(entry: Entry, context: Context) -> list[str]:
    if not _may_have_url(entry.msgid):
        return []
    return [
        f"{url} must stay as it is in the source"
        for url in _URL.findall(entry.msgid)
        if url not in entry.msgstr
    ]


def check_dateline(entry: Entry, context: Context) -> list[str]:
    """The date of a translated dateline is the one build writes: the date the English
    dateline itself gives (the release's date where it cannot be read)."""
    if entry.msgctxt != DATELINE_CONTEXT:
        return []
    if not re.search(r"\d{4}", entry.msgid):
        return []  # a dateline with an agency instead of a date: ALMATY (Kazinform)
    # Only datelines need these (Babel): start-up stays short.
    from .dateline import local_date
    from .sources.common import dateline_date

    date = dateline_date(entry.msgid) or context.date
    if date is None:
        return []
    expected = local_date(date, context.language, context.date_pattern)

    def norm(text: str) -> str:
        return re.sub(r"[\s\u00a0\u202f]+", " ", text).strip()

    if norm(expected) not in norm(entry.msgstr):
        return [
            f'the date should read "{expected}" (Babel, {context.language}); build '
            "writes it so anyway"
        ]
    return []


def check_punctuation(entry: Entry, context: Context) -> list[str]:
    source = _plain(entry.msgid).rstrip()
    target = _plain(entry.msgstr).rstrip()
    if _ENDS_SENTENCE.search(source) and not _ENDS_TARGET.search(target):
        return ["the sentence-final punctuation of the source is missing"]
    return []


_ENDS_SENTENCE = re.compile(r"[.!?…]+[»”\"’')\]]*$")
_ENDS_TARGET = re.compile(r"[.!?…][»”\"’')\]]*$|[.!?…]$")


def check_quotes(entry: Entry, context: Context) -> list[str]:
    text = entry.msgstr
    problems = []
    if '"' in _plain(text):
        problems.append('straight quotes "…": use «…» (and „…“ inside)')
    if "”" in text:
        problems.append("English quotes “…”: use «…» (and „…“ inside)")
    if text.count("“") > text.count("„"):
        problems.append("English quotes “…”: use «…» (and „…“ inside)")
    if text.count("«") != text.count("»"):
        problems.append("unbalanced «…»")
    return list(dict.fromkeys(problems))


_DOUBLED_SPACE = re.compile(r"\S {2,}\S")
#: Spaces a line must not break at: no-break, narrow no-break, figure space.
_NO_BREAK = re.compile("[\u00a0\u202f\u2007]")


def check_spaces(entry: Entry, context: Context) -> list[str]:
    text = entry.msgstr
    problems = []
    if text != text.strip():
        problems.append("leading or trailing space")
    if "  " in text and _DOUBLED_SPACE.search(text):
        problems.append("doubled space")
    kept = _NO_BREAK.search(entry.msgid)
    if kept and not _NO_BREAK.search(text):
        around = entry.msgid[max(0, kept.start() - 12) : kept.end() + 12].replace(kept.group(), "·")
        problems.append(
            f"the source has a no-break space («{around.strip()}»), this translation none; "
            "keep one where the line must not break (in Poedit it shows as ·)"
        )
    return problems


def check_line_breaks(entry: Entry, context: Context) -> list[str]:
    """A line break where the source has none: a page shows it as a space, a Word
    document as a line break inside the paragraph; and as msgfmt --check, a msgstr
    that begins or ends with one where the msgid does not (or the other way)."""
    source, text = entry.msgid, entry.msgstr
    problems = []
    for verb, test in (("begins", str.startswith), ("ends", str.endswith)):
        if test(source, "\n") != test(text, "\n"):
            has, lacks = (
                ("source", "translation") if test(source, "\n") else ("translation", "source")
            )
            problems.append(
                f"the {has} {verb} with a line break and the {lacks} does not (msgfmt --check "
                "refuses this)"
            )
    extra = text.strip("\n").count("\n") - source.strip("\n").count("\n")
    if extra > 0 and not problems:
        at = text.strip("\n").find("\n")
        around = text.strip("\n")[max(0, at - 15) : at + 15].replace("\n", "⏎")
        problems.append(
            f"a line break the source does not have («{around}»); join the lines (a PO "
            "editor's Enter key adds one)"
        )
    return problems


def check_mixed_script(entry: Entry, context: Context) -> list[str]:
    if not _LATIN_LETTER.search(entry.msgstr):
        return []  # a word of both scripts has a Latin letter
    return [
        f"«{word}» mixes Latin and Cyrillic letters; retype it"
        for word in dict.fromkeys(_MIXED.findall(_plain(entry.msgstr)))
    ]


#: What is not a letter, and not a Latin one: a text without them is its letters
#: (counted without a list of them).
_NOT_LETTERS = re.compile(r"[\W\d_]+")
_NOT_LATIN = re.compile(r"[^A-Za-z]+")
_LATIN_LETTER = re.compile(r"[A-Za-z]")
_KAZAKH_LETTER = re.compile("[" + "".join(sorted(KAZAKH_ONLY)) + "]")


def check_language(entry: Entry, context: Context) -> list[str]:
    text = _plain(entry.msgstr)
    if _may_have_url(text):
        text = _URL.sub(" ", text)
    letters = len(_NOT_LETTERS.sub("", text))
    kazakh = _KAZAKH_LETTER.search(text) is not None
    if context.language == "kk" and letters >= 40 and not kazakh:
        return ["no Kazakh letter (ә ғ қ ң ө ұ ү һ і) in a long translation: is it Russian?"]
    if context.language == "ru" and kazakh:
        return ["Kazakh letters in a Russian translation"]
    latin = len(_NOT_LATIN.sub("", text)) if letters and _LATIN_LETTER.search(text) else 0
    if context.language in {"ru", "kk"} and latin > 0.5 * letters:
        return ["the translation is mostly in Latin letters"]
    return []


def check_same_as_source(entry: Entry, context: Context) -> list[str]:
    if entry.msgstr.strip() != entry.msgid.strip():
        return []
    words = re.findall(r"[A-Za-z]{2,}", _plain(entry.msgid))
    names_only = all(word[0].isupper() for word in words)
    return [] if names_only else ["the translation is the English source"]


def check_length(entry: Entry, context: Context) -> list[str]:
    low, high = LENGTH_RANGE.get(context.language, (0.4, 3.0))
    source, target = len(_plain(entry.msgid)), len(_plain(entry.msgstr))
    if source < 20 or entry.msgctxt == DATELINE_CONTEXT:
        return []
    ratio = target / source
    if ratio < low or ratio > high:
        return [
            f"{ratio:.1f} times the length of the source (usual: {low}–{high}): "
            "something missing or added?"
        ]
    return []


#: name -> (check, default severity)
CHECKS: Mapping[str, tuple[Check, str]] = {
    "markup": (check_markup, "error"),
    "numbers": (check_numbers, "error"),
    "urls": (check_urls, "error"),
    "dateline": (check_dateline, "warning"),
    "punctuation": (check_punctuation, "warning"),
    "quotes": (check_quotes, "error"),
    "spaces": (check_spaces, "warning"),
    "line-breaks": (check_line_breaks, "error"),
    "mixed-script": (check_mixed_script, "error"),
    "language": (check_language, "error"),
    "same-as-source": (check_same_as_source, "warning"),
    "length": (check_length, "warning"),
}


#: What a translator's ``# ignore NAME: reason`` may name.
SILENCEABLE = (*CHECKS, "glossary", "spelling", "consistency")


def _close(name: str) -> str:
    import difflib

    close = difflib.get_close_matches(name, SILENCEABLE, n=1)
    return f" (did you mean '{close[0]}'?)" if close else ""


#: A check that is on: its name, its function and its severity.
SwitchedOn = tuple[tuple[str, Check, str], ...]


def switched_on(severities: Mapping[str, str] | None) -> SwitchedOn:
    """The checks ``severities`` leaves on, in order, each with its severity (worked out
    once per file, not once per unit)."""
    chosen = severities or {}
    return tuple(
        (name, check, chosen.get(name, default))
        for name, (check, default) in CHECKS.items()
        if chosen.get(name, default) != "off"
    )


def run_checks(
    entry: Entry,
    context: Context,
    *,
    severities: Mapping[str, str] | None = None,
    checks: SwitchedOn | None = None,
) -> list[tuple[str, str, str]]:
    """(rule, severity, message) for every problem of a translated entry.

    ``severities`` overrides the defaults ("off" turns a check off); a fuzzy entry's
    errors are warnings; checks the entry's comment silences are skipped. ``checks``:
    ``switched_on(severities)``, worked out already.
    """
    if not entry.msgstr:
        return []
    quiet = silenced(entry)
    found = [
        (
            "checks",
            "warning",
            f"'# ignore {name}:' names no check{_close(name)}, so nothing is silenced "
            f"(checks: {', '.join(SILENCEABLE)})",
        )
        for name in sorted(quiet - set(SILENCEABLE))
    ]
    for name, check, severity in switched_on(severities) if checks is None else checks:
        if name in quiet:
            continue
        for message in check(entry, context):
            level = severity
            if message.startswith("warning: "):
                message, level = message[len("warning: ") :], "warning"
            if entry.fuzzy and level == "error":
                level = "warning"
            found.append((name, level, message))
    return found
