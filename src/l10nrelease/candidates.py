"""Proper names in English text: the capitalised runs of words a glossary may need.

``proper_names`` is the one reading of an English text's names that ``glossary
suggest``, the project-wide consistency check and the glossary check's "longer name"
warning share:

- a run of capitalised words, with ``of``, ``for``, ``and``, ``the``, ``de`` … inside
  (``Development Bank of Kazakhstan``, ``Centre for Military Strategic Research``) and
  ``in`` after an office (``OSCE Programme Office in Astana``); abbreviations with
  stops (``U.S.``) are one word, single letters are none;
- a title before a person is not part of the name, and the office the title names is
  one of its own (``Vice Minister of National Economy Madina Abylkassymova``: the
  person ``Madina Abylkassymova`` and the ``Ministry of National Economy``);
- a coordination of plain names is split (``Taraz and Shymkent``), an institution's
  remit is not (``Ministry of Culture and Sport``), and a plural office with a list
  becomes one office per item (``the Ministries of Defence, Foreign Affairs and
  Interior`` -> ``Ministry of Defence``, …);
- a generic word alone (``Government``, ``Press``), a number (``Forty``) and a function
  word are no name; a word that opens a sentence is marked, since it may be
  capitalised for that alone;
- a dateline's city in capitals (``PAVLODAR, 12 March 2019 –``) is a place.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

#: A word: letters with inner apostrophes and hyphens (Nur-Sultan, O’Brien), or an
#: abbreviation with stops (U.S., U.N.).
_WORD = re.compile(r"(?:[A-Z]\.){2,}|[^\W\d_](?:[\w’']*[^\W_])?(?:[-‐‑][\w’']+)*")
#: What may stand between two words of one name.
_SPACE = re.compile(r"[ \u00a0]+")
#: Lower-case words that may stand inside a name, between capitalised ones.
CONNECTORS = frozenset("of for and the de du des da la le von van der den al el bin y".split())
#: Particles inside a person's name (Vasco da Gama, Ludwig van Beethoven).
_PARTICLES = CONNECTORS - {"of", "for", "and", "the"}
#: Words before a name that are a title, not part of a longer name.
TITLES = frozenset(
    "mr mrs ms mmes dr prof president prime minister ministers ambassador general "
    "senator governor king queen pope chancellor secretary deputy chairman chairwoman "
    "chairperson chair director head mayor judge justice sheikh emir prince princess "
    "lord lady sir professor colonel captain commander representative spokesman "
    "spokeswoman spokesperson envoy premier vice former late saint st akim prosecutor "
    "executive chief officer commissioner rector coordinator adviser advisor special "
    "senior acting permanent honorary journalist reporter correspondent editor analyst "
    "economist expert researcher lawyer activist blogger writer photographer student "
    "teacher doctor engineer historian scientist artist".split()
)
#: Words before a place that say which part or age of it (Northern India, Ancient
#: China): the same place.
REGIONS = frozenset(
    "northern southern eastern western central upper lower greater "
    "inner outer mainland rural coastal ancient modern medieval imperial colonial "
    "contemporary historic".split()
)
#: What "X of <name>" is a longer name of (the University of Mexico, the Republic of
#: China); "Velasquez of Mexico" is a person from it.
INSTITUTIONS = frozenset(
    "university bank ministry ministries republic kingdom gulf bay city province state "
    "states government church museum institute college school academy council commission "
    "court embassy port sea lake isle island islands federation union department office "
    "parliament national people peoples agency centre center committee fund foundation "
    "programme program service association chamber authority corporation company board "
    "organization organisation senate assembly mission secretariat akimat agency".split()
)
#: Capitalised words that start a sentence without being a name.
FUNCTION = frozenset(
    "the a an in on at of for and or but to from by with as this that these those it "
    "its his her their our we he she they i you after before when while during since "
    "about also however meanwhile last next there here such some many most each every "
    "all both one two three four five six seven eight nine ten what which who where why "
    "how if then thus so yet today yesterday tomorrow tonight now".split()
)
#: Institutions that are places (the Republic of Korea, the Gulf of Mexico).
_PLACES = frozenset(
    "republic kingdom gulf bay city province state states sea lake isle island islands "
    "federation emirates".split()
)
#: Words that are no name when they stand alone, capitalised or not.
GENERIC = frozenset(
    "government press parliament ministry office committee council senate state republic "
    "service department agency centre center programme program conference forum internet "
    "web website president minister ambassador embassy city region district province "
    "capital country nation university court bank fund union assembly chamber board "
    "commission secretariat mission experts participants officials delegation delegates "
    "today tomorrow yesterday week month year annual national international regional "
    "global public general states akimat".split()
)
_NUMBERS = frozenset(
    "one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy "
    "eighty ninety hundred thousand million billion first second third fourth fifth".split()
)
_MONTHS_DAYS = frozenset(
    "january february march april may june july august september october november "
    "december monday tuesday wednesday thursday friday saturday sunday".split()
)
#: English surnames that are also common words, capitalised at a sentence's start.
_COMMON_SURNAMES = frozenset(
    "black white brown green grey gray young king rice may bush little long rich hope "
    "wolf fox bird rose love hill wood field lee page cook baker smith hunter park moon "
    "stone bell rock sharp strong wise noble close banks story price".split()
)


def is_common_english(word: str) -> bool:
    """Whether an English word is also a common word (May, Black, General), so that
    alone it is no sure sign of a name."""
    lower = word.lower()
    return (
        lower in _COMMON_SURNAMES
        or lower in FUNCTION
        or lower in GENERIC
        or lower in TITLES
        or lower in REGIONS
        or lower in _NUMBERS
        or lower in _MONTHS_DAYS
        or len(lower) < 3
    )


#: A title that names an office: the office's own name (Minister of X -> Ministry of X).
_OFFICE_OF_TITLE = {"minister": "Ministry", "ministers": "Ministry", "ambassador": "Embassy"}
#: An office whose name may go on with "in <place>" (OSCE Programme Office in Astana).
_IN_AFTER = frozenset(
    "office centre center embassy mission programme representation co-operation cooperation".split()
)
_DATELINE = re.compile(r"^\s*([A-Z][A-Z’'\- ]{2,}[A-Z])\s*,")
_SENTENCE_END = re.compile(r"(?:^|[.!?…:;]\s*[\"”»’)]*|[\"“«(]|\s[–—-])\s*$")


@dataclass(frozen=True, slots=True)
class Candidate:
    """A proper name in English text, as written there (possessive taken off)."""

    text: str
    start: int
    end: int
    #: its first word opens a sentence (and may be capitalised for that alone)
    opens_sentence: bool = False
    #: "person" (after a title), "organisation", "place" (a dateline's city) or ""
    kind: str = ""


def proper_names(text: str) -> list[Candidate]:
    """Every proper name in ``text`` (plain text, no markup), in order."""
    return list(_proper_names(text))


#: The texts that recur (a project's boilerplate, a sentence met in both languages'
#: files) are read once; a worker's memory does not grow with the corpus (twice as many
#: grew a worker of a 10,000-release build by 5 MB, for 5 % less time at 1,000).
@lru_cache(maxsize=1 << 13)
def _proper_names(text: str) -> tuple[Candidate, ...]:
    found: list[Candidate] = []
    dateline = _DATELINE.match(text)
    if dateline and not any(c.islower() for c in dateline.group(1)):
        city = dateline.group(1)
        found.append(Candidate(city.title(), dateline.start(1), dateline.end(1), kind="place"))
    covered = dateline.end(1) if dateline else 0
    for run in _runs(text):
        if run[0][0] < covered:
            continue  # the dateline, or an item of a list of offices read already
        names = _read_run(text, run)
        found += names
        covered = max([covered, *(name.end for name in names)])
    return tuple(found)


#: A run: the (start, end) of each of its words, in order.
_Run = list[tuple[int, int]]


def _runs(text: str) -> list[_Run]:
    """Runs of capitalised words, with connectors inside, not across punctuation."""
    words = [(m.start(), m.start() + len(_head_of(m.group(0)))) for m in _WORD.finditer(text)]
    runs: list[_Run] = []
    current: _Run = []
    for index, (start, end) in enumerate(words):
        word = text[start:end]
        joined = bool(current) and _SPACE.fullmatch(text[current[-1][1] : start]) is not None
        if word[:1].isupper():
            if not joined and current:
                runs.append(current)
                current = []
            current.append((start, end))
            continue
        so_far = [text[a:b].lower() for a, b in current]
        connects = (
            joined
            and _connects(word, so_far, _document_follows(text, words, index))
            and _capital_follows(text, words, index)
        )
        if connects:
            current.append((start, end))
        elif current:
            runs.append(current)
            current = []
    if current:
        runs.append(current)
    return [run for run in runs if not _headline(text, run)]


def _head_of(word: str) -> str:
    """A word less a lower-case part after a hyphen (Astana-based: Astana)."""
    head, dash, tail = word.partition("-")
    if head.lower() in _PREFIXES:
        return word  # Co-operation, Anti-corruption: one word
    return head if dash and head[:1].isupper() and tail[:1].islower() else word


_PREFIXES = frozenset(
    "co anti pro non ex inter vice post pre self sub trans multi pan cross counter "
    "re de mid semi ultra".split()
)


def _headline(text: str, run: _Run) -> bool:
    """An all-capitals headline (TOKAYEV MEETS OSCE DELEGATION IN ASTANA), not a name."""
    words = [text[a:b] for a, b in run]
    return len(words) >= 4 and all(w.isupper() or w.lower() in CONNECTORS for w in words)


def _connects(word: str, so_far: list[str], document: bool) -> bool:
    """Whether lower-case ``word`` after the run ``so_far`` goes on with a name: ``of``
    and ``for`` in an institution's or a title's name (Bank of …, Union of Journalists
    of …, Minister of …; not Velasquez of Mexico) or before a document's (Freedom of
    Information Act), ``the`` after them, ``in`` after an office, ``and`` always (split
    later), a name's particle (da, van) always."""
    previous = so_far[-1]
    if word in {"of", "for"}:
        return document or any(w in INSTITUTIONS or w in TITLES for w in so_far)
    if word == "the":
        return previous in {"of", "for", "and"}
    if word == "in":
        return previous in _IN_AFTER
    return word == "and" or word in _PARTICLES


#: What a law or a treaty's name ends with (the Freedom of Information Act).
_DOCUMENTS = frozenset(
    "act law code convention treaty agreement declaration charter strategy plan concept "
    "protocol accord pact doctrine".split()
)


def _document_follows(text: str, words: list[tuple[int, int]], index: int) -> bool:
    """Whether the capitalised words after ``index`` end with a document's word."""
    last = ""
    for start, end in words[index + 1 :]:
        word = text[start:end]
        if not word[:1].isupper():
            if word in CONNECTORS:
                continue
            break
        last = word.lower()
    return last in _DOCUMENTS


def _capital_follows(text: str, words: list[tuple[int, int]], index: int) -> bool:
    """Whether the words after ``index`` reach a capitalised word through connectors
    only, each one space apart (``of the Republic``)."""
    end = words[index][1]
    for start, stop in words[index + 1 :]:
        if _SPACE.fullmatch(text[end:start]) is None:
            return False
        word = text[start:stop]
        if word[:1].isupper():
            return True
        if word not in CONNECTORS:
            return False
        end = stop
    return False


def _read_run(text: str, run: _Run) -> list[Candidate]:
    """The names one run holds: titles, coordinations and offices read apart."""
    words = [text[start:end] for start, end in run]
    opens = _SENTENCE_END.search(text[: run[0][0]]) is not None
    # Leading function words ("The", "In") and trailing connectors are not the name.
    while words and words[0].lower() in FUNCTION | CONNECTORS | _MONTHS_DAYS:
        run, words, opens = run[1:], words[1:], False
    while words and words[-1].lower() in CONNECTORS | {"in"}:
        run, words = run[:-1], words[:-1]
    if not words:
        return []
    if words[0].lower() == "ministries" and len(words) > 2 and words[1] == "of":
        return _offices(text, run)
    found = []
    for index, part in enumerate(_coordination(text, run)):
        found += _read_part(text, part, opens and index == 0)
    return found


def _read_part(text: str, part: _Run, opens: bool) -> list[Candidate]:
    """One name of a coordination, or a name and the title after it: "OSCE Secretary
    General Thomas Greminger", "Chinese President Xi Jinping" (what stands before the
    title is a name of its own, unless a demonym)."""
    words = [text[start:end] for start, end in part]
    found = []
    title = next((i for i, word in enumerate(words) if word.lower() in TITLES and i > 0), None)
    if title is not None and _person_tail(words, [w.lower() for w in words], title):
        before = part[:title]
        if not (len(before) == 1 and _demonym(words[0])):
            found += _candidate(text, before, opens)
        part, words = part[title:], words[title:]
    if words[0].lower() in TITLES:
        return found + _titled(text, part, words)
    return found + _candidate(text, part, opens)


def _demonym(word: str) -> bool:
    """Chinese, Kazakh, U.S., French: an adjective of a people before a title."""
    lower = word.lower()
    return lower.endswith(("ese", "ian", "ish", "an", "i", "ic", "ch", "ss", "ek", "kh")) or (
        "." in word
    )


def _candidate(text: str, run: _Run, opens: bool, kind: str = "") -> list[Candidate]:
    while run and text[run[0][0] : run[0][1]].lower() in FUNCTION:
        run = run[1:]
    words = [text[start:end] for start, end in run]
    if not words:
        return []
    name = re.sub(r"[’']s$", "", text[run[0][0] : run[-1][1]])
    plain = name.replace(".", "")
    if len(plain) < 2 or (len(words) == 1 and (_not_a_name(words[0]) or _adjective(name))):
        return []
    if all(_bare_title(word) for word in words):
        return []  # "Prime Minister", "Deputy Director"; not "Prosecutor General's Office"
    if words[-1].lower() in TITLES and not {"of", "for"} & set(words):
        return []  # "Department Director", "Executive Secretary": a title
    head = next((w.lower() for w in words if w.lower() in INSTITUTIONS | _PLACES), "")
    if not kind and head:
        kind = "place" if head in _PLACES else "organisation"
    # An abbreviation (OSCE) is capitalised whatever opens the sentence.
    opens = opens and not (len(words) == 1 and plain.isupper())
    return [Candidate(name, run[0][0], run[0][0] + len(name), opens, kind)]


def _adjective(word: str) -> bool:
    """An adjective of a people or a thing (Canadian, European, Chinese, Olympic,
    Polish), not a name; Djokovic and Christian-like names are longer or end
    otherwise."""
    lower = word.lower()
    return (
        (lower.endswith("ic") and not lower.endswith(("vic", "ich")))
        or (lower.endswith("ian") and len(lower) >= 7)
        or (lower.endswith("ean") and len(lower) >= 6)
        or lower.endswith("ese")
        or (lower.endswith("ish") and len(lower) >= 6)
    )


def _bare_title(word: str) -> bool:
    lower = re.sub(r"[’']s$", "", word.lower())
    return lower in TITLES or lower in FUNCTION or lower in _NUMBERS or lower in REGIONS


def _not_a_name(word: str) -> bool:
    lower = re.sub(r"[’']s$", "", word.lower())
    return (
        lower in GENERIC
        or lower in FUNCTION
        or lower in _NUMBERS
        or lower in _MONTHS_DAYS
        or lower in TITLES
        or lower in REGIONS
        or len(lower.replace(".", "")) < 2
    )


def _coordination(text: str, run: _Run) -> list[_Run]:
    """``Taraz and Shymkent`` -> two runs; ``Ministry of Culture and Sport``, whose
    ``and`` joins the remit after an ``of`` or ``for``, stays one, unless a new name
    begins after it (``the Prosecutor General's Office``, ``President Tokayev``)."""
    words = [text[start:end] for start, end in run]
    parts: list[_Run] = []
    current: _Run = []
    for index, (span, word) in enumerate(zip(run, words, strict=True)):
        if word == "and" and _splits(words, index):
            parts.append(current)
            current = []
        else:
            current.append(span)
    parts.append(current)
    return [part for part in parts if part]


def _splits(words: list[str], at: int) -> bool:
    """Whether the ``and`` at ``at`` joins two names rather than a remit's parts."""
    before, after = [w.lower() for w in words[:at]], [w.lower() for w in words[at + 1 :]]
    if not {"of", "for"} & set(before):
        return True
    next_name = after[: after.index("and")] if "and" in after else after
    return bool(next_name) and (
        next_name[0] in {"the"} | TITLES
        or any(word in INSTITUTIONS for word in next_name)
        or any(re.search(r"[’']s$", word) for word in next_name)
    )


def _titled(text: str, run: _Run, words: list[str]) -> list[Candidate]:
    """A title and what follows it: ``Deputy Prosecutor General Andrey Kravchenko``,
    ``Vice Minister of National Economy Madina Abylkassymova``, ``Head of the OSCE
    Programme Office in Astana``, ``President Tokayev``."""
    lower = [word.lower() for word in words]
    # The title: title words, and an office after "of" when a person follows.
    title_end = 0
    while title_end < len(words) and lower[title_end] in TITLES:
        title_end += 1
    tail = _person_tail(words, lower, title_end)
    found: list[Candidate] = []
    if tail is not None:
        title = lower[title_end - 1] if title_end else ""
        found += _office_of_title(text, title, run[title_end:tail])
        found += _candidate(text, run[tail:], False, "person")
        return found
    rest, rest_words = run[title_end:], words[title_end:]
    while rest_words and rest_words[0].lower() in CONNECTORS:
        rest, rest_words = rest[1:], rest_words[1:]
    offices = _office_of_title(text, lower[title_end - 1] if title_end else "", run[title_end:])
    return offices or _candidate(text, rest, False)


def _person_tail(words: list[str], lower: list[str], title_end: int) -> int | None:
    """Where the person's name begins after a title, if one follows it: the last two
    words (one, right after the title), none a title, a connector or a generic word,
    the word before them not a connector."""
    rest = len(words) - title_end
    if rest <= 0:
        return None
    size = 1 if rest == 1 else 2
    start = len(words) - size
    tail = lower[start:]
    if any(w in CONNECTORS or w in TITLES or w in GENERIC or w in INSTITUTIONS for w in tail):
        return None
    if start > title_end and lower[start - 1] in CONNECTORS | {"in"}:
        return None
    if size == 1 and start - 1 > title_end and lower[start - 1] in INSTITUTIONS:
        return None  # "… Office Astana": not a person
    if size == 2 and start - 1 >= title_end and lower[start - 1] in {"bin", "van", "de", "al"}:
        start -= 1
    return start


def _office_of_title(text: str, title: str, office: _Run) -> list[Candidate]:
    """``Minister`` + ``of National Economy`` -> ``Ministry of National Economy``; an
    office named after ``of`` (``Head of the OSCE Programme Office``) as it stands."""
    words = [text[start:end] for start, end in office]
    if not words or words[0] not in {"of", "for"}:
        return []
    body = office[1:]
    body_words = words[1:]
    while body_words and body_words[0].lower() in CONNECTORS:
        body, body_words = body[1:], body_words[1:]
    if not body:
        return []
    if title in _OFFICE_OF_TITLE:
        name = f"{_OFFICE_OF_TITLE[title]} {words[0]} " + text[body[0][0] : body[-1][1]]
        return [Candidate(name, body[0][0], body[-1][1], kind="organisation")]
    return _candidate(text, body, False)


def _offices(text: str, run: _Run) -> list[Candidate]:
    """``Ministries of Defence, Foreign Affairs, Interior and Religious Affairs and
    Civil Society`` -> one ministry per item; the run holds the first item only, the
    rest follow after commas."""
    start = run[2][0]
    tail = text[start:]
    stop = re.search(r"[.;:()\n]| the [a-z]", tail)
    listing = tail[: stop.start()] if stop else tail
    items = []
    for item in re.split(r",\s*", listing):
        item = re.sub(r"^and\s+", "", item.strip())
        if not item[:1].isupper():
            break
        items.append(item)
    if items and " and " in items[-1]:
        last, rest = items[-1].split(" and ", 1)
        items[-1:] = [last, rest]
    found = []
    position = start
    for item in items:
        at = text.find(item, position)
        position = at + len(item)
        found.append(Candidate(f"Ministry of {item}", at, at + len(item), kind="organisation"))
    return found
