"""A page plan -> localized pages: ``.txt``, ``.docx`` and ``.md`` releases through the
package's Jinja2 templates (a project may override them), index pages, and the page
furniture. ``.html`` releases are their own page, reassembled by ``sources`` with the
furniture given here; what each unit shows is decided by ``publish.plan_page``.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import jinja2
from babel import Locale
from markupsafe import Markup

from .dateline import local_date
from .markup import Close, Text, plain, renumber, tokenize, unescape_text
from .model import DATELINE_CONTEXT, Block, Release, Unit
from .publish import PagePlan
from .sources.furniture import Furniture, Version
from .sources.html import Page, rebuild

#: Words of the page furniture, per language; other languages use English.
UI: dict[str, dict[str, str]] = {
    "en": {
        "press_releases": "Press releases",
        "languages": "Languages",
        "all_releases": "All press releases",
        "not_translated": "Not yet translated",
    },
    "ru": {
        "press_releases": "Пресс-релизы",
        "languages": "Языки",
        "all_releases": "Все пресс-релизы",
        "not_translated": "Перевод пока не готов",
    },
    "kk": {
        "press_releases": "Баспасөз релиздері",
        "languages": "Тілдер",
        "all_releases": "Барлық баспасөз релиздері",
        "not_translated": "Әлі аударылмаған",
    },
}


# ------------------------------------------------------------------- rendering


@dataclass(frozen=True)
class Segment:
    text: str  # a ``Markup`` where the text has inline elements (a document's bold, links)
    language: str | None = None  # set where the page falls back to another language
    css: str = ""
    words: str | None = None  # the text without its elements, where it has them

    @property
    def plain(self) -> str:
        return self.words if self.words is not None else self.text


#: For each placeholder number of a block, the HTML that opens and closes it (a void
#: placeholder's whole HTML is the first item); see ``sources.inline_html``.
InlineHtml = Mapping[int, tuple[str, str]]


@dataclass(frozen=True)
class Alternate:
    language: str
    name: str
    href: str
    current: bool


@dataclass(frozen=True)
class FeedLink:
    """The language's Atom feed, as a page's ``<head>`` links it."""

    href: str
    title: str


def environment(
    template_folder: Path | None, *, guard: Callable[[Path], Path] | None = None
) -> jinja2.Environment:
    """Templates from the project's folder first, then the package's own. ``guard`` sees
    the path of every project template before it is used (and refuses a link out of the
    project)."""
    loaders: list[jinja2.BaseLoader] = []
    if template_folder is not None:
        loaders.append(_GuardedLoader(str(template_folder), guard))
    loaders.append(jinja2.PackageLoader("l10nrelease", "templates"))
    return jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


class _GuardedLoader(jinja2.FileSystemLoader):
    def __init__(self, folder: str, guard: Callable[[Path], Path] | None) -> None:
        super().__init__(folder)
        self.guard = guard

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        found = super().get_source(environment, template)
        if self.guard is not None:
            self.guard(Path(found[1]))
        return found


def language_name(language: str) -> str:
    """The language's own name for itself, capitalised: ``Русский``, ``Қазақ тілі``."""
    name = Locale.parse(language).get_display_name(language) or language
    return name[:1].upper() + name[1:]


def ui(language: str) -> dict[str, str]:
    return UI.get(language, UI["en"])


def chooser(plan: PagePlan, *, source_language: str) -> Callable[[Unit], tuple[str, str | None]]:
    """A unit's published text, and the language to mark where it falls back."""
    fallback = None if plan.language == source_language else source_language

    def choose(unit: Unit) -> tuple[str, str | None]:
        text = plan.choices.get(unit.key)
        return (text, None) if text is not None else (unit.text, fallback)

    return choose


def txt_page(
    env: jinja2.Environment,
    release: Release,
    plan: PagePlan,
    *,
    source_language: str,
    alternates: Sequence[Alternate],
    stylesheet: str,
    home: str,
    inline: Sequence[InlineHtml] | None = None,
    feed: FeedLink | None = None,
    words: Mapping[str, str] | None = None,
) -> str:
    """A complete HTML5 page for a ``.txt`` release, or a document's (``.docx``,
    ``.md``): ``inline`` says, block by block, what each placeholder shows; ``words``
    are the page furniture's words (default: ``ui``)."""
    choose = chooser(plan, source_language=source_language)
    headline: list[Segment] = []
    paragraphs: list[list[Segment]] = []
    for index, block in enumerate(release.blocks):
        if block.kind not in {"headline", "paragraph"}:
            continue  # the preamble (an embargo line) is the source's, not the page's
        markup = inline[index] if inline is not None else None
        segments = []
        for part in block.parts:
            if isinstance(part, str):
                text = part.replace("\r", "").replace("\n", " " if markup is not None else "")
                if text:
                    segments.append(_segment(text, markup))
                continue
            text, fallback = choose(part)
            if markup is not None and part.placeholders:
                local = {k: p.number for k, p in enumerate(part.placeholders, start=1)}
                text = renumber(text, local)
            css = "dateline" if part.context == DATELINE_CONTEXT else ""
            segments.append(_segment(text, markup, fallback, css))
        segments = _strip(segments)
        if block.kind == "headline":
            headline = segments
        elif segments:
            paragraphs.append(segments)
    title = "".join(segment.plain for segment in headline)
    description = _description(paragraphs)
    return env.get_template("release.html.j2").render(
        lang=plan.language,
        title=title,
        description=description,
        headline=headline,
        paragraphs=paragraphs,
        alternates=alternates,
        stylesheet=stylesheet,
        home=home,
        ui=words or ui(plan.language),
        date=release.date.isoformat() if release.date else None,
        feed=feed,
    )


def _segment(
    text: str, markup: InlineHtml | None, language: str | None = None, css: str = ""
) -> Segment:
    """A segment of a page; with ``markup``, its placeholders (block numbering) as the
    HTML elements they stand for, and its words apart."""
    if markup is None:
        return Segment(unescape_text(text), language, css)
    out = []
    for token in tokenize(text):
        if isinstance(token, Text):
            out.append(html.escape(unescape_text(token.value), quote=False))
        else:
            opening, closing = markup.get(token.number, ("", ""))
            out.append(closing if isinstance(token, Close) else opening)
    words = "".join(unescape_text(t.value) for t in tokenize(text) if isinstance(t, Text))
    return Segment(Markup("".join(out)), language, css, words)  # escaped above


def cms_page(
    env: jinja2.Environment,
    release: Release,
    plan: PagePlan,
    *,
    source_language: str,
    alternates: Sequence[Alternate],
    switcher: str = "",
    base_url: str = "",
    lang_tags: Mapping[str, str] | None = None,
    feed: FeedLink | None = None,
    words: Mapping[str, str] | None = None,
) -> Page:
    """A ``.html`` release's own page with the plan's translations swapped in, and its
    furniture: ``lang`` (``lang_tags`` gives a region), ``hreflang`` alternates, the
    language's feed, the switcher (``switcher.html.j2``) inside the element
    ``switcher`` selects, site-root URLs on ``base_url``."""
    tags = lang_tags or {}
    language = plan.language
    choose = chooser(plan, source_language=source_language)
    translate = (
        None
        if language == source_language
        else (lambda unit: choose(unit)[0] if unit.key in plan.choices else None)
    )
    tagged = [replace(alt, language=tags.get(alt.language, alt.language)) for alt in alternates]
    switcher_html = ""
    if switcher and len(alternates) > 1:
        switcher_html = env.get_template("switcher.html.j2").render(
            alternates=tagged, ui=words or ui(language)
        )
    furniture = Furniture(
        lang=tags.get(language, language),
        versions=tuple(Version(alt.language, alt.href) for alt in tagged),
        switcher=switcher,
        switcher_html=switcher_html,
        base_url=base_url,
        feed=feed.href if feed else "",
        feed_title=feed.title if feed else "",
    )
    return rebuild(
        release,
        translate,
        fallback_language=None if language == source_language else source_language,
        furniture=furniture,
    )


def _strip(segments: list[Segment]) -> list[Segment]:
    while segments and not segments[0].language and not segments[0].text.strip():
        segments = segments[1:]
    while segments and not segments[-1].language and not segments[-1].text.strip():
        segments = segments[:-1]
    return segments


def _description(paragraphs: Sequence[Sequence[Segment]], limit: int = 200) -> str:
    for paragraph in paragraphs:
        body = [s for s in paragraph if s.css != "dateline" and s.plain.strip(" –—-:")]
        if body:
            text = plain(body[0].plain).strip()
            return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"
    return ""


@dataclass(frozen=True, slots=True)
class IndexEntry:
    slug: str
    title: str
    date: str
    iso_date: str
    href: str
    languages: tuple[Alternate, ...] = ()
    #: the page's summary, for its language's feed (``summary``)
    summary: str = ""


#: The roles of units that are a release's own summary, the first found winning: a CMS
#: page's meta descriptions, a Markdown release's front matter ``description``.
SUMMARY_ROLES = (
    '<meta name="description">',
    '<meta property="og:description">',
    '<meta name="og:description">',
    '<meta name="twitter:description">',
    '<meta property="twitter:description">',
    "description",
)
#: About how long a feed's summary is (characters): whole sentences up to it.
SUMMARY_LENGTH = 300


def summary(
    release: Release, plan: PagePlan, *, source_language: str, limit: int = SUMMARY_LENGTH
) -> str:
    """The page's summary as it shows it (translated, or in the source language where
    the page falls back): the release's meta description if it has one, else its first
    paragraph (the dateline left out), as plain text, whole sentences up to ``limit``
    characters (a first sentence longer than that cut at a word, with "…")."""
    choose = chooser(plan, source_language=source_language)

    def shown(unit: Unit) -> str:  # white space folded, a no-break space kept
        return _SPACES.sub(" ", unescape_text(plain(choose(unit)[0]))).strip(" ")

    units = list(release.units())
    for role in SUMMARY_ROLES:
        for unit in units:
            if unit.role == role and shown(unit):
                return _shorten([shown(unit)], limit)
    # A CMS page's site name and tagline stand before its <h1>: the article's first.
    after = next((i for i, b in enumerate(release.blocks) if _has_role(b, "h1")), -1)
    for block in release.blocks[after + 1 :]:
        sentences = [
            text
            for unit in block.units()
            if unit.context != DATELINE_CONTEXT
            and unit.role.split(",")[0].split()[0] in {"p", "paragraph"}
            and (text := shown(unit)).strip(" –—-:")
        ]
        if sentences:
            return _shorten(sentences, limit)
    return ""


_SPACES = re.compile(r"[ \t\r\n]+")


def _has_role(block: Block, role: str) -> bool:
    return any(unit.role == role for unit in block.units())


#: A sentence's end inside a unit (a translator may write two for one): a full stop,
#: question or exclamation mark, then a space and a capital, maybe after a quote.
_SENTENCE_END = re.compile(r"[.!?…][»”\")]*(?= [«“\"(]?(\w))")


def _shorten(sentences: Sequence[str], limit: int) -> str:
    text = sentences[0]
    if len(text) > limit:
        ends = [
            match.end()
            for match in _SENTENCE_END.finditer(text, 0, limit)
            if match.end() >= limit // 3 and match.group(1).isupper()
        ]
        if ends:
            return text[: ends[-1]]
        return text[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:–—-") + "…"
    for sentence in sentences[1:]:
        if len(text) + 1 + len(sentence) > limit:
            break
        text += " " + sentence
    return text


def index_entry(release: Release, plan: PagePlan, *, href: str, source_language: str) -> IndexEntry:
    headline = next((unit for unit in release.units() if unit.text == release.headline), None)
    title = unescape_text(plain(release.headline))
    if headline is not None:
        title = unescape_text(plain(chooser(plan, source_language=source_language)(headline)[0]))
    date = local_date(release.date, plan.language, "long") if release.date else ""
    return IndexEntry(
        slug=release.slug,
        title=title,
        date=date,
        iso_date=release.date.isoformat() if release.date else "",
        href=href,
        summary=summary(release, plan, source_language=source_language),
    )


def index_order(entry: IndexEntry) -> tuple[str, str]:
    """What an index sorts its lines by, newest first (reversed): date, then slug."""
    return entry.iso_date, entry.slug


def index_chunks(
    env: jinja2.Environment,
    language: str,
    entries: Iterable[IndexEntry],
    *,
    alternates: Sequence[Alternate],
    stylesheet: str,
    home: str,
    feed: FeedLink | None = None,
    words: Mapping[str, str] | None = None,
    ordered: bool = False,
) -> Iterator[str]:
    """A language's list of published releases, newest first (``index_order``), as the
    template makes it, piece by piece: an index of ten thousand releases is written as
    it is made, never held whole. ``ordered``: ``entries`` come in that order already
    (made as they are read)."""
    if not ordered:
        entries = sorted(entries, key=index_order, reverse=True)
    words = words or ui(language)
    yield from env.get_template("index.html.j2").generate(
        lang=language,
        title=words["press_releases"],
        entries=entries,
        alternates=alternates,
        stylesheet=stylesheet,
        home=home,
        ui=words,
        feed=feed,
    )
