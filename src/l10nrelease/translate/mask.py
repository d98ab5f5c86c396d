"""Protect what machine translation breaks, and check what comes back.

Before a unit is sent, placeholders, URLs, e-mail addresses, numbers and glossary
names become numbered masks (``{0}``, ``{1}``, …), which engines copy unchanged.
After, the masks are restored (names in their approved form, keeping a Kazakh case
suffix the engine attached), and the result is validated: every mask back exactly
once, placeholders well nested, numbers preserved, Cyrillic text, and Kazakh that is
not Russian. A unit that fails is left empty and reported, never written.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from ..markup import PLACEHOLDER_RE, safety_problems
from ..morphology.ru import CASE_AFTER, inflect_phrase

_URL = r"(?:https?://|www\.)[^\s<>\"«»]+[^\s<>\"«».,;:!?)]"
_EMAIL = r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
_NUMBER = r"(?<![\w.,])\d+(?:[.,]\d+)*(?![\w])"
_ADDRESS = re.compile(f"{_URL}|{_EMAIL}")
_TOKENS = re.compile(f"{PLACEHOLDER_RE.pattern}|{_NUMBER}")
_MASK = re.compile(r"\{(\d{1,3})\}")
KAZAKH_LETTERS = set("әғқңөұүһіӘҒҚҢӨҰҮҺІ")
_CYRILLIC = re.compile(r"[А-Яа-яЁёӘәҒғҚқҢңӨөҰұҮүҺһІі]")
_LATIN_WORD = re.compile(r"\b[A-Za-z]{2,}\b")


@dataclass(frozen=True)
class Masked:
    """A unit ready to send: ``text`` with masks, and what each mask stands for."""

    text: str
    originals: tuple[str, ...]
    #: mask number -> the approved target form, for glossary names
    names: dict[int, str] = field(default_factory=dict)
    #: mask number -> the name's kind (person, organisation, …), for inflection
    kinds: dict[int, str] = field(default_factory=dict)


def mask(source: str, names: Sequence[tuple[str, ...]] = ()) -> Masked:
    """Mask ``source``. ``names`` are (English as written, approved target form[, kind]).

    URLs and e-mail addresses go first (a name inside one stays part of it), then
    names, longest first, then placeholders and numbers.
    """
    originals: list[str] = []
    approved: dict[int, str] = {}
    kinds: dict[int, str] = {}

    def outside_masks(
        text: str, pattern: re.Pattern[str], target: str | None = None, kind: str = "other"
    ) -> str:
        def replace(match: re.Match[str]) -> str:
            if target is not None:
                approved[len(originals)] = target
                kinds[len(originals)] = kind
            originals.append(match.group(0))
            return "{" + str(len(originals) - 1) + "}"

        parts = re.split(r"(\{\d{1,3}\})", text)
        return "".join(
            part if _MASK.fullmatch(part) else pattern.sub(replace, part) for part in parts
        )

    text = outside_masks(source, _ADDRESS)
    for english, target, *kind in sorted(names, key=lambda pair: -len(pair[0])):
        pattern = re.compile(rf"(?<!\w){re.escape(english)}(?:['’]s)?(?!\w)")
        text = outside_masks(text, pattern, target, kind[0] if kind else "other")
    text = outside_masks(text, _TOKENS)
    return Masked(text, tuple(originals), approved, kinds)


class Rejected(ValueError):
    """The engine's output cannot be used; the reason is for the report."""


def unmask(masked: Masked, output: str, *, language: str) -> tuple[str, list[str]]:
    """The translation with masks restored, and notes for the translator comment."""
    counts = [len(re.findall(r"\{" + str(n) + r"\}", output)) for n in range(len(masked.originals))]
    lost = [masked.originals[n] for n, c in enumerate(counts) if c == 0]
    doubled = [masked.originals[n] for n, c in enumerate(counts) if c > 1]
    if lost:
        raise Rejected(f"the engine dropped {', '.join(map(repr, lost))}")
    if doubled:
        raise Rejected(f"the engine repeated {', '.join(map(repr, doubled))}")
    notes: list[str] = []

    def restore_in_case(match: re.Match[str]) -> str:
        """A Russian name after a preposition that decides its case goes into it."""
        number = int(match.group(1))
        if language == "ru" and number in masked.names and not match.group(2):
            before = re.findall(r"[А-Яа-яЁё]+", output[: match.start()])
            case = CASE_AFTER.get(before[-1].lower()) if before else None
            name = masked.names[number]
            if case:
                inflected = inflect_phrase(
                    name.split(), kind=masked.kinds.get(number, "other"), case=case
                )
                if inflected:
                    return inflected
        return restore(match)

    def restore(match: re.Match[str]) -> str:
        number = int(match.group(1))
        if number >= len(masked.originals):
            raise Rejected(f"the engine invented the mask {match.group(0)}")
        if number not in masked.names:
            # A number's own ending stays (25-минутная, 1000-нан, 1644-1912).
            return masked.originals[number] + (match.group(2) or "")
        name = masked.names[number]
        suffix = match.group(2) or ""
        if language == "kk" and suffix:
            letters = suffix.lstrip("-")
            joiner = "-" if name.replace("-", "").isupper() else ""
            return f"{name}{joiner}{letters}"  # the case the engine chose: Астанада
        if language == "ru":
            note = f"«{name}» is in its base form: check its case"
            if note not in notes:
                notes.append(note)
        return name + suffix

    restored = re.sub(r"\{(\d{1,3})\}(-?[А-Яа-яӘәҒғҚқҢңӨөҰұҮүҺһІі]*)", restore_in_case, output)
    return restored, notes


def validate(source: str, translation: str, *, language: str) -> None:
    """Raise ``Rejected`` when ``translation`` may not be written for ``source``: what
    build would refuse (``markup.safety_problems``), lost numbers, the wrong script or
    language."""
    problems = safety_problems(source, translation)
    if problems:
        raise Rejected(f"placeholders: {problems[0]}")
    wanted = _numbers(source)
    missing = [number for number in wanted if number not in _numbers(translation)]
    if missing:
        raise Rejected(f"numbers missing: {', '.join(missing)}")
    plain = PLACEHOLDER_RE.sub("", translation)
    letters = [c for c in plain if c.isalpha()]
    if letters and not _CYRILLIC.search(plain):
        raise Rejected("the output is not in Cyrillic")
    if language == "kk" and len(letters) >= 40 and not KAZAKH_LETTERS & set(plain):
        raise Rejected("the output has no Kazakh letter (ә ғ қ ң ө ұ ү һ і): probably Russian")
    if language == "ru" and KAZAKH_LETTERS & set(plain):
        raise Rejected("the output has Kazakh letters: probably not Russian")


def _numbers(text: str) -> list[str]:
    """Numbers with their grouping and decimal marks removed: 1,500 and 1 500 are one."""
    text = re.sub(r"(?<=\d)[ \u00a0\u202f](?=\d{3}\b)", "", PLACEHOLDER_RE.sub(" ", text))
    return [re.sub(r"[.,]", "", n) for n in re.findall(_NUMBER, text)]
