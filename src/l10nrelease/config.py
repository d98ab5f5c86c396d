"""``l10nrelease.toml`` -> ``Config``.

Every problem names the file, the line where it can be found, and the key; unknown
keys get the closest valid one suggested; locale codes are checked against Babel.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import tomllib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from babel import Locale, UnknownLocaleError
from babel.dates import format_date

from .boundaries import validate_abbreviation
from .errors import ConfigError
from .fsutil import display_path
from .root import CONFIG_NAME as CONFIG_NAME  # where the settings are, for every module
from .root import project_root
from .segment import MODES

#: The checks ``[checks]`` can switch (``qa.CHECKS``, the glossary and spelling).
CHECK_NAMES = (
    "glossary",
    "markup",
    "numbers",
    "urls",
    "dateline",
    "punctuation",
    "quotes",
    "spaces",
    "mixed-script",
    "language",
    "same-as-source",
    "length",
    "spelling",
    "consistency",
)
#: The target languages each engine translates into (checked before anything is sent).
ENGINE_LANGUAGES = {
    "google": frozenset({"ru", "kk", "en"}),
    "mymemory": frozenset({"ru", "kk", "en"}),
    "deepl": frozenset({"ru", "en"}),
    "microsoft": frozenset({"ru", "kk", "en"}),
    "yandex": frozenset({"ru", "kk", "en"}),
    "libre": frozenset({"ru", "kk", "en"}),  # a self-hosted server says itself what it lacks
}
#: What ``[pretranslate] names`` may be: glossary names masked before a unit is sent
#: (the default), or sent as written and their renderings repaired after.
NAME_STRATEGIES = ("mask", "repair")
#: What ``[build] block_on`` may name besides checks.
BLOCK_SEVERITIES = ("error", "warning")

# section -> key -> (type, default). A default of None means the key is required.
_SCHEMA: dict[str, dict[str, tuple[type, Any]]] = {
    "project": {
        "name": (str, "l10nrelease project"),
        "source_language": (str, "en"),
        "target_languages": (list, ["ru", "kk"]),
        "bugs_address": (str, ""),
    },
    "paths": {
        "sources": (str, "sources"),
        "locales": (str, "locales"),
        "glossary": (str, "glossary.csv"),
        "build": (str, "build"),
        "templates": (str, ""),
        "memory": (str, "tm"),
    },
    "segmentation": {
        "mode": (str, "sentence"),
        "abbreviations": (list, []),
    },
    "build": {
        "date_format": (str, "long"),
        "date_formats": (dict, {}),
        "block_on": (list, ["error"]),
        "switcher": (str, ""),
        "base_url": (str, ""),
        "lang_tags": (dict, {}),
        "site_url": (str, ""),
    },
    # Derived page languages, by name: checked by ``_derived``, not key by key.
    "languages": {},
    "html": {
        "untranslated": (list, [".notranslate"]),
    },
    "pretranslate": {
        "engines": (dict, {}),
        "concurrency": (int, 4),
        "timeout": (int, 30),
        "batch_chars": (int, 4500),
        "names": (str, "mask"),
    },
    "checks": {name: (object, None) for name in CHECK_NAMES},
    "po": {
        "width": (int, 79),
        "wrap": (bool, True),
    },
    "memory": {
        "threshold": (int, 75),
        "accept_in_context": (bool, False),
    },
    "engines": {
        name: (dict, {}) for name in ("google", "mymemory", "deepl", "microsoft", "yandex", "libre")
    },
}


@dataclass(frozen=True)
class DerivedLanguage:
    """A page language made from a target language's reviewed translation by a
    transliteration table (``kk-Latn`` from ``kk`` by ``kk-2021``): it has pages, an
    index and a feed, never PO files of its own."""

    name: str
    base: str
    table: str
    #: the project's rule for letters the table lacks (``ц`` -> ``c``), sorted
    letters: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Config:
    """A project's settings, with every path made absolute."""

    root: Path
    name: str
    source_language: str
    target_languages: tuple[str, ...]
    sources: Path
    locales: Path
    glossary: Path
    build: Path
    templates: Path | None
    segmentation: str
    #: the project's own abbreviations that do not end a sentence (``Akim``, ``Min.``)
    abbreviations: tuple[str, ...] = ()
    bugs_address: str = ""
    path: Path | None = None
    date_formats: dict[str, str] = field(default_factory=dict)
    #: what keeps a page from being published: "error", "warning" or check names
    block_on: tuple[str, ...] = ("error",)
    #: language -> engines to try in order (the default: Google, then MyMemory)
    engine_chains: dict[str, tuple[str, ...]] = field(default_factory=dict)
    engine_urls: dict[str, str] = field(default_factory=dict)
    concurrency: int = 4
    timeout: int = 30
    batch_chars: int = 4500
    memory: Path | None = None
    #: check name -> "error", "warning" or "off" (only those the config sets)
    checks: dict[str, str] = field(default_factory=dict)
    memory_threshold: int = 75
    accept_in_context: bool = False
    #: how pretranslate protects glossary names: "mask" or "repair" (NAME_STRATEGIES)
    name_strategy: str = "mask"
    #: the l10nrelease.toml names the glossary (paths.glossary): it must be there
    glossary_named: bool = False
    #: CSS selectors of the elements of HTML pages never translated (``[html]``)
    untranslated: tuple[str, ...] = (".notranslate",)
    #: CSS selector of the element of a CMS page the language switcher goes into
    switcher: str = ""
    #: the site's address, for URLs from the site root on CMS pages (``--base-url``)
    base_url: str = ""
    #: language -> the tag its pages' ``lang`` and ``hreflang`` say (``kk-KZ``)
    lang_tags: dict[str, str] = field(default_factory=dict)
    #: how PO files are laid out ([po]): gettext's page width, and whether strings wrap
    po_width: int = 79
    po_wrap: bool = True
    #: where the build folder is published (``https://www.example.org/press/``): the
    #: sitemap's absolute addresses; without it, no sitemap
    site_url: str = ""
    #: page languages derived from a target language (``[languages]``), by name
    derived: dict[str, DerivedLanguage] = field(default_factory=dict)

    def engines_for(self, language: str) -> tuple[str, ...]:
        return self.engine_chains.get(language) or ("google", "mymemory")

    @property
    def languages(self) -> tuple[str, ...]:
        """The source language, the targets, then the derived languages: every language
        a page is built in."""
        return (self.source_language, *self.target_languages, *self.derived)

    def date_format(self, language: str) -> str:
        """The Babel date pattern (or ``short``/``medium``/``long``) for datelines."""
        return self.date_formats.get(language) or self.date_formats.get("*", "long")


def find_root(folder: Path | None) -> Path:
    """The project's folder (``root.project_root``): the one ``--project`` names, else
    the nearest one at or above the current folder; an error saying what to pass when
    there is none."""
    root = project_root(folder)
    if root is not None:
        return root
    if folder is None:
        raise ConfigError(
            f"no {CONFIG_NAME} here or in any parent folder; run l10nrelease in a project "
            "folder, pass --project DIR, or copy the sample's l10nrelease.toml",
            path=display_path(Path.cwd().resolve() / CONFIG_NAME),
        )
    if not folder.exists():
        problem = "no such folder"
    elif not folder.is_dir():
        problem = "a file, not a folder"
    else:
        raise ConfigError(
            f"no {CONFIG_NAME} in the folder --project names; pass the folder holding "
            "the project's l10nrelease.toml, or start a project there: l10nrelease init "
            f"{folder}",
            path=display_path(folder / CONFIG_NAME),
        )
    raise ConfigError(
        f"{problem}; pass --project the folder holding the project's {CONFIG_NAME}",
        path=display_path(folder),
    )


def read_config(root: Path) -> Config:
    path = Path(display_path(root / CONFIG_NAME))
    try:
        text = (root / CONFIG_NAME).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(
            "file not found; create it (see the README's configuration section)", path=path
        ) from None
    except UnicodeDecodeError as exc:
        raise ConfigError(f"not UTF-8 (byte {exc.start}); save it as UTF-8", path=path) from None
    except OSError as exc:
        raise ConfigError(f"cannot read: {exc.strerror}", path=path) from None
    return parse_config(text, root=root, path=path)


def parse_config(text: str, *, root: Path, path: Path) -> Config:
    """Validate the TOML text of a config file; ``path`` is used in messages only."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"\(at line (\d+), column \d+\)", str(exc))
        message = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(exc))
        raise ConfigError(
            f"invalid TOML: {message}", path=path, line=int(match.group(1)) if match else None
        ) from None
    except RecursionError:
        raise ConfigError(
            "invalid TOML: arrays or tables nested too deeply; a setting is a value, a list "
            "or a table of values",
            path=path,
        ) from None
    settings = _Settings(text, path, _checked_sections(data, text, path))
    _refuse_control_characters(settings)
    source_language, targets = _languages(settings)
    languages = (source_language, *targets)
    folders = _paths(settings, root)
    chains, urls = _engines(settings, targets)
    return Config(
        root=root,
        name=settings.get("project", "name"),
        source_language=source_language,
        target_languages=targets,
        sources=_required(folders["sources"], path, "paths.sources"),
        locales=_required(folders["locales"], path, "paths.locales"),
        glossary=_required(folders["glossary"], path, "paths.glossary"),
        glossary_named="glossary" in settings.given("paths"),
        build=_required(folders["build"], path, "paths.build"),
        templates=folders["templates"],
        segmentation=_segmentation(settings),
        abbreviations=_abbreviations(settings),
        bugs_address=settings.get("project", "bugs_address"),
        path=path,
        date_formats=_date_formats(settings, languages),
        block_on=_block_on(settings),
        engine_chains=chains,
        engine_urls=urls,
        concurrency=settings.get("pretranslate", "concurrency"),
        timeout=settings.get("pretranslate", "timeout"),
        batch_chars=settings.get("pretranslate", "batch_chars"),
        memory=folders["memory"],
        checks=_checks(settings),
        memory_threshold=_memory(settings),
        accept_in_context=settings.get("memory", "accept_in_context"),
        name_strategy=_name_strategy(settings),
        untranslated=_selectors(settings, "html", "untranslated"),
        switcher=(_selectors(settings, "build", "switcher") or ("",))[0],
        base_url=_base_url(settings),
        lang_tags=_lang_tags(settings, languages),
        po_width=_po_width(settings),
        po_wrap=settings.get("po", "wrap"),
        site_url=_site_url(settings),
        derived=_derived(settings, source_language, targets),
    )


class _Settings:
    """The file's values, with the schema's defaults, and where each key is written."""

    def __init__(self, text: str, path: Path, values: dict[str, dict[str, Any]]) -> None:
        self.text = text
        self.path = path
        self.values = values

    def get(self, section: str, key: str) -> Any:
        return self.values.get(section, {}).get(key, _SCHEMA[section][key][1])

    def given(self, section: str) -> dict[str, Any]:
        return self.values.get(section, {})

    def line(self, section: str, key: str) -> int | None:
        return _line_of(self.text, section, key)

    def error(self, section: str, key: str, message: str) -> ConfigError:
        return ConfigError(message, path=self.path, line=self.line(section, key))


def _checked_sections(data: dict[str, Any], text: str, path: Path) -> dict[str, dict[str, Any]]:
    """Every section and key known, every value of its type."""
    values: dict[str, dict[str, Any]] = {}
    for section, content in data.items():
        if section not in _SCHEMA:
            raise ConfigError(
                f"unknown section [{section}]{_suggest(section, _SCHEMA)}",
                path=path,
                line=_line_of(text, None, section),
            )
        if not isinstance(content, dict):
            raise ConfigError(
                f"'{section}' must be a table ([{section}])",
                path=path,
                line=_line_of(text, None, section),
            )
        schema = _SCHEMA[section]
        for key, value in content.items() if schema else ():
            if key not in schema:
                raise ConfigError(
                    f"unknown key '{section}.{key}'{_suggest(key, schema)}",
                    path=path,
                    line=_line_of(text, section, key),
                )
            expected = schema[key][0]
            if not isinstance(value, expected) or (
                isinstance(value, bool) and expected not in (bool, object)
            ):
                raise ConfigError(
                    f"'{section}.{key}' must be {_type_name(expected)}, "
                    f"not {_type_name(type(value))}",
                    path=path,
                    line=_line_of(text, section, key),
                )
        values[section] = content
    return values


def _refuse_control_characters(settings: _Settings) -> None:
    """A string value goes into PO headers and pages: a line break or another control
    character in it would write a header field of its own (``Language: kk``)."""
    for section, content in settings.values.items():
        for key, value in content.items():
            if isinstance(value, str) and re.search(r"[\x00-\x1f\x7f]", value):
                raise settings.error(
                    section,
                    key,
                    f"'{section}.{key}' holds a line break or another control character; "
                    "write it on one line",
                )


def _languages(settings: _Settings) -> tuple[str, tuple[str, ...]]:
    source = _locale(settings, "source_language", settings.get("project", "source_language"))
    raw = settings.get("project", "target_languages")
    if not raw or not all(isinstance(code, str) for code in raw):
        raise settings.error(
            "project",
            "target_languages",
            "'project.target_languages' must be a non-empty list of locale codes, "
            'such as ["ru", "kk"]',
        )
    targets = tuple(_locale(settings, "target_languages", code) for code in raw)
    if len(set(targets)) != len(targets):
        raise settings.error(
            "project", "target_languages", "'project.target_languages' lists a language twice"
        )
    if source in targets:
        raise settings.error(
            "project",
            "target_languages",
            f"'project.target_languages' includes the source language '{source}'",
        )
    return source, targets


def _locale(settings: _Settings, key: str, code: str) -> str:
    """A language code Babel knows, without a region or script: it names the locale
    folder and the PO files' Language header."""
    problem = language_code_problem(code)
    if problem:
        raise settings.error("project", key, f"'project.{key}': {problem}")
    return code


def language_code_problem(code: str) -> str | None:
    """Why ``code`` cannot name a project language (None: it can): Babel must know it,
    and it is the language alone, without a region or script."""
    try:
        locale = Locale.parse(code.replace("-", "_"))
    except (UnknownLocaleError, ValueError, TypeError):
        return f"'{code}' is not a locale Babel knows; use a code such as en, ru, kk"
    if locale.territory or locale.script or not re.fullmatch(r"[a-z]{2,3}", code):
        return (
            f"write the language alone, '{locale.language}', not '{code}': the code names "
            f"the folder locales/{locale.language}/ and the PO files' Language header"
        )
    return None


#: The narrowest page ``[po] width`` may set (a line holds a keyword and some words).
MIN_PO_WIDTH = 20


def _po_width(settings: _Settings) -> int:
    width = settings.get("po", "width")
    if width < MIN_PO_WIDTH:
        raise settings.error(
            "po",
            "width",
            f"'po.width' must be at least {MIN_PO_WIDTH} columns, not {width}: gettext's "
            "default is 79; to keep strings on one line, write wrap = false",
        )
    return int(width)


def _segmentation(settings: _Settings) -> str:
    mode = settings.get("segmentation", "mode")
    if mode not in MODES:
        raise settings.error(
            "segmentation",
            "mode",
            f"'segmentation.mode' must be one of {', '.join(MODES)}, not '{mode}'"
            f"{_suggest(mode, MODES)}",
        )
    return str(mode)


def _abbreviations(settings: _Settings) -> tuple[str, ...]:
    words = settings.get("segmentation", "abbreviations")
    for word in words:
        problem = validate_abbreviation(word)
        if problem:
            raise settings.error(
                "segmentation",
                "abbreviations",
                f"'segmentation.abbreviations': {problem}",
            )
    return tuple(dict.fromkeys(words))


#: Babel's names of the standard date formats of every locale.
DATE_FORMAT_NAMES = ("short", "medium", "long", "full")
#: The letters of a CLDR pattern that stand for a part of a date (not of a time).
_DATE_FIELDS = frozenset("GyYuQqMLwWdDFgEec")
_TIME_FIELDS = frozenset("abBhHKkmsSAzZOvVxX")


def _date_formats(settings: _Settings, languages: Sequence[str]) -> dict[str, str]:
    formats = {"*": settings.get("build", "date_format")}
    for language, pattern in settings.get("build", "date_formats").items():
        if language not in languages:
            raise settings.error(
                "build",
                "date_formats",
                f"'build.date_formats' has '{language}', which is not a configured language",
            )
        if not isinstance(pattern, str):
            raise settings.error(
                "build", "date_formats", f"'build.date_formats.{language}' must be a string"
            )
        formats[language] = pattern
    for language in languages:
        key = "date_formats" if language in formats else "date_format"
        problem = date_pattern_problem(formats.get(language, formats["*"]))
        if problem:
            raise settings.error("build", key, f"'build.{key}': {problem}")
    return formats


def date_pattern_problem(pattern: str) -> str | None:
    """Why ``pattern`` cannot format a dateline's date (None: it can). Babel writes an
    unknown letter as it is, so ``longg`` would put ``lon2457785`` on every page."""
    if pattern in DATE_FORMAT_NAMES:
        return None
    hint = (
        f'use {", ".join(DATE_FORMAT_NAMES)} or a CLDR pattern such as "d MMMM y" '
        "(letters that are text go in single quotes: \"y 'ж'. d MMMM\")"
    )
    close = difflib.get_close_matches(pattern, DATE_FORMAT_NAMES, n=1, cutoff=0.6)
    if close:
        return f"'{pattern}' is not a date format; did you mean '{close[0]}'?"
    unquoted = re.sub(r"'(?:[^']|'')*'?", "", pattern)
    letters = [c for c in unquoted if c.isascii() and c.isalpha()]
    times = sorted({c for c in letters if c in _TIME_FIELDS})
    if times:
        return f"'{pattern}' has time fields ({', '.join(times)}); a dateline has a date only"
    unknown = sorted({c for c in letters if c not in _DATE_FIELDS})
    if unknown:
        return (
            f"'{pattern}' is not a Babel date pattern: {', '.join(unknown)} "
            f"{'is not a date field' if len(unknown) == 1 else 'are not date fields'}; {hint}"
        )
    if not letters:
        return f"'{pattern}' has no date field; {hint}"
    try:
        format_date(dt.date(2017, 1, 31), format=pattern, locale="en")
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        return f"'{pattern}' is not a Babel date pattern ({exc}); {hint}"
    return None


def _block_on(settings: _Settings) -> tuple[str, ...]:
    raw = settings.get("build", "block_on")
    allowed = (*BLOCK_SEVERITIES, *CHECK_NAMES)
    for item in raw:
        if not isinstance(item, str) or item not in allowed:
            raise settings.error(
                "build",
                "block_on",
                f'\'build.block_on\' may list "error", "warning" or the names of checks '
                f"({', '.join(CHECK_NAMES)}), not {item!r}{_suggest(str(item), allowed)}",
            )
    return tuple(raw)


def selector_problem(selector: str) -> str | None:
    """Why ``selector`` is not a CSS selector lxml can use (None: it is)."""
    from cssselect import GenericTranslator, SelectorError

    try:
        GenericTranslator().css_to_xpath(selector)
    except SelectorError as exc:
        return f"{selector!r} is not a CSS selector ({exc})"
    if not selector.strip():
        return "a selector must not be empty"
    return None


def _selectors(settings: _Settings, section: str, key: str) -> tuple[str, ...]:
    """CSS selectors (``[html] untranslated``; ``[build] switcher`` is one or none)."""
    raw = settings.get(section, key)
    items = [raw] if isinstance(raw, str) else raw
    if isinstance(raw, str) and not raw:
        return ()
    for item in items:
        problem = selector_problem(item) if isinstance(item, str) else "must be a string"
        if problem:
            raise settings.error(
                section,
                key,
                f"'{section}.{key}': {problem}; write a selector such as \".notranslate\", "
                '"#languages" or "div.site-header nav"',
            )
    return tuple(items)


def base_url_problem(url: str) -> str | None:
    """Why ``url`` cannot be a site's address for ``--base-url`` (None: it can)."""
    if not re.fullmatch(r"https?://[^/\s?#]+(?:/[^\s?#]*)?", url):
        return f"'{url}' is not a site's address; write it as https://www.example.org"
    return None


def _site_url(settings: _Settings) -> str:
    """Where the build folder is published, as a folder's address (ending in /)."""
    url = settings.get("build", "site_url")
    if not url:
        return ""
    if not re.fullmatch(r"https?://[^/\s?#]+(?:/[^\s?#]*)?", url):
        raise settings.error(
            "build",
            "site_url",
            f"'build.site_url': '{url}' is not an address; write where the build folder is "
            'published, such as "https://www.example.org/press/"',
        )
    return str(url) if url.endswith("/") else f"{url}/"


def _base_url(settings: _Settings) -> str:
    url = settings.get("build", "base_url")
    problem = base_url_problem(url) if url else None
    if problem:
        raise settings.error("build", "base_url", f"'build.base_url': {problem}")
    return str(url)


def _lang_tags(settings: _Settings, languages: Sequence[str]) -> dict[str, str]:
    """``{kk = "kk-KZ"}``: the tag a language's pages give in ``lang`` and ``hreflang``."""
    tags = {}
    for language, tag in settings.get("build", "lang_tags").items():
        if language not in languages:
            raise settings.error(
                "build",
                "lang_tags",
                f"'build.lang_tags' has '{language}', which is not a configured language",
            )
        if not isinstance(tag, str) or tag.split("-")[0].lower() != language:
            raise settings.error(
                "build",
                "lang_tags",
                f"'build.lang_tags.{language}' must be a language tag of '{language}', such "
                f'as "{language}-{_REGIONS.get(language, "XX")}", not {tag!r}',
            )
        try:
            Locale.parse(tag.replace("-", "_"))
        except (UnknownLocaleError, ValueError, TypeError):
            raise settings.error(
                "build",
                "lang_tags",
                f"'build.lang_tags.{language}': '{tag}' is not a locale Babel knows",
            ) from None
        tags[language] = tag
    return tags


#: What a derived language's table may say.
_DERIVED_KEYS = ("from", "transliterate", "letters")
#: A derived language's name: a BCP 47 tag with a script (``kk-Latn``), which names its
#: folder in the build and its pages' ``lang`` and ``hreflang``.
_DERIVED_NAME = re.compile(r"[a-z]{2,3}-[A-Z][a-z]{3}(?:-(?:[A-Z]{2}|\d{3}))?")


def _derived(
    settings: _Settings, source: str, targets: Sequence[str]
) -> dict[str, DerivedLanguage]:
    """``[languages] "kk-Latn" = { from = "kk", transliterate = "kk-2021" }``."""
    derived = {}
    for name, spec in settings.given("languages").items():

        def error(message: str, name: str = name) -> ConfigError:
            return ConfigError(
                f"'languages.{name}': {message}",
                path=settings.path,
                line=_derived_line(settings, name),
            )

        if name == source or name in targets:
            raise error(
                f"'{name}' is a language of the project (project.target_languages); a derived "
                f'language needs a name of its own, such as "{name.split("-")[0]}-Latn"'
            )
        if not _DERIVED_NAME.fullmatch(name):
            parts = name.split("-")
            canonical = "-".join([parts[0].lower(), *(part.title() for part in parts[1:2])])
            hint = f'; write "{canonical}"' if _DERIVED_NAME.fullmatch(canonical) else ""
            raise error(
                'a derived language is named by its language and script, such as "kk-Latn" '
                f"(the name of its build folder and of its pages' lang){hint}"
            )
        if not isinstance(spec, dict):
            raise error('write it as { from = "kk", transliterate = "kk-2021" }')
        unknown = [key for key in spec if key not in _DERIVED_KEYS]
        if unknown:
            raise error(
                f"unknown key '{unknown[0]}'{_suggest(unknown[0], _DERIVED_KEYS)} (keys: "
                f"{', '.join(_DERIVED_KEYS)})"
            )
        derived[name] = _derived_language(name, spec, targets, error)
    return derived


def _derived_language(
    name: str, spec: dict[str, Any], targets: Sequence[str], error: Callable[[str], ConfigError]
) -> DerivedLanguage:
    from .translit import KK_2021, RUSSIAN_ONLY, TABLES, WRITES

    base, table, letters = spec.get("from"), spec.get("transliterate"), spec.get("letters", {})
    if base is None:
        raise error(f'needs from = "…": the target language it is made from ({", ".join(targets)})')
    if not isinstance(base, str) or base not in targets:
        raise error(
            f"from = {base!r} is not a target language of the project ({', '.join(targets)}); "
            "a page language is derived from the reviewed translation of a target language"
        )
    if table is None:
        raise error(f'needs transliterate = "…": the table that writes it ({", ".join(TABLES)})')
    if not isinstance(table, str) or table not in TABLES:
        raise error(
            f"transliterate = {table!r} is not a table l10nrelease has"
            f"{_suggest(str(table), TABLES)} (tables: {', '.join(TABLES)})"
        )
    writes = WRITES[table]
    source = writes.split("-")[0]
    if source != base or not name.startswith(writes):
        raise error(
            f"the {table} table writes {source} in another script, as '{writes}'; "
            f"it cannot make '{name}' from '{base}'"
        )
    if not isinstance(letters, dict):
        raise error('letters must be a table, such as letters = { "ц" = "c" }')
    pairs = []
    lacking = " ".join(RUSSIAN_ONLY)
    for letter, latin in letters.items():
        small = letter.lower()
        if small in KK_2021:
            raise error(
                f"'{letter}' has its own letter in the {table} alphabet ({KK_2021[small]}); "
                f"letters sets only those it lacks: {lacking}"
            )
        if small not in RUSSIAN_ONLY:
            raise error(f"letters has '{letter}', not one of the letters {table} lacks: {lacking}")
        if not isinstance(latin, str) or not re.fullmatch(r"[a-zäğıiñöşūü']*", latin):
            raise error(
                f'letters."{letter}" must be small Latin letters (capitals follow the word), '
                f'or "" to leave the letter out, not {latin!r}'
            )
        pairs.append((small, latin))
    return DerivedLanguage(name, base, table, tuple(sorted(pairs)))


def _derived_line(settings: _Settings, name: str) -> int | None:
    """The line of a derived language: its key in [languages], or its own table's
    header (``[languages."kk-Latn"]``)."""
    line = settings.line("languages", name)
    if line is not None:
        return line
    header = re.compile(rf"\[\s*languages\s*\.\s*[\"']?{re.escape(name)}[\"']?\s*\]")
    for number, text in enumerate(settings.text.splitlines(), start=1):
        if header.match(text.strip()):
            return number
    return _line_of(settings.text, None, "languages")


#: Examples for messages: the usual region of a language.
_REGIONS = {"en": "US", "ru": "RU", "kk": "KZ"}


def _engines(
    settings: _Settings, targets: Sequence[str]
) -> tuple[dict[str, tuple[str, ...]], dict[str, str]]:
    chains = {
        language: _chain(settings, language, chain, targets)
        for language, chain in settings.get("pretranslate", "engines").items()
    }
    for key in ("concurrency", "timeout", "batch_chars"):
        if settings.get("pretranslate", key) < 1:
            raise settings.error("pretranslate", key, f"'pretranslate.{key}' must be at least 1")
    return chains, _engine_urls(settings)


def _name_strategy(settings: _Settings) -> str:
    strategy = settings.get("pretranslate", "names")
    if strategy not in NAME_STRATEGIES:
        raise settings.error(
            "pretranslate",
            "names",
            f"'pretranslate.names' must be \"mask\" (names masked before a unit is sent) or "
            f"\"repair\" (sent as written, their renderings repaired after), not '{strategy}'"
            f"{_suggest(strategy, NAME_STRATEGIES)}",
        )
    return str(strategy)


def _chain(
    settings: _Settings, language: str, chain: object, targets: Sequence[str]
) -> tuple[str, ...]:
    """One language's engines, in the order they are tried."""
    engines = (*_SCHEMA["engines"], "tm")

    def error(message: str) -> ConfigError:
        return settings.error(
            "pretranslate", "engines", f"'pretranslate.engines.{language}': {message}"
        )

    if language not in targets:
        raise error(f"'{language}' is not a target language ({', '.join(targets)})")
    names = [chain] if isinstance(chain, str) else chain
    if not isinstance(names, list) or not names:
        raise error('must be a list of engines, such as ["google", "mymemory"]')
    for name in names:
        if not isinstance(name, str) or name not in engines:
            raise error(
                f"unknown engine {name!r}{_suggest(str(name), engines)} "
                f"(engines: {', '.join(engines)})"
            )
        if name != "tm" and language not in ENGINE_LANGUAGES[name]:
            able = ", ".join(n for n, langs in ENGINE_LANGUAGES.items() if language in langs)
            raise error(
                f"the {name} engine does not translate into '{language}'; engines that do: {able}"
            )
    return tuple(names)


def _engine_urls(settings: _Settings) -> dict[str, str]:
    urls = {}
    for name in _SCHEMA["engines"]:
        given = settings.get("engines", name)
        unknown = [key for key in given if key != "url"]
        if unknown or not isinstance(given.get("url", ""), str):
            raise settings.error("engines", name, f"'engines.{name}' takes only url = \"…\"")
        url = given.get("url")
        if url and not re.match(r"https?://[^/\s]+", url):
            raise settings.error(
                "engines",
                name,
                f"'engines.{name}.url' must be an http:// or https:// address, not '{url}'",
            )
        if url:
            urls[name] = url
    return urls


def _memory(settings: _Settings) -> int:
    threshold = settings.get("memory", "threshold")
    if not 1 <= threshold <= 100:
        raise settings.error(
            "memory",
            "threshold",
            f"'memory.threshold' is a similarity in percent, from 1 to 100 (75 is usual), "
            f"not {threshold}",
        )
    return int(threshold)


def _checks(settings: _Settings) -> dict[str, str]:
    checks: dict[str, str] = {}
    for name, value in settings.given("checks").items():
        if value is True or value is False:
            if not value:
                checks[name] = "off"
        elif value in ("error", "warning", "off"):
            checks[name] = value
        else:
            raise settings.error(
                "checks",
                name,
                f'\'checks.{name}\' must be true, false, "error", "warning" or "off"',
            )
    return checks


def _paths(settings: _Settings, root: Path) -> dict[str, Path | None]:
    folders: dict[str, Path | None] = {}
    for key in ("sources", "locales", "glossary", "build", "templates", "memory"):
        value = settings.get("paths", key)
        folders[key] = (
            _inside(root, value, settings.path, settings.line("paths", key), f"paths.{key}")
            if value
            else None
        )
    _refuse_overlaps(settings, root, folders)
    return folders


#: The project's own files and folders, which no configured folder may be or hold.
PROJECT_FILES = (CONFIG_NAME, ".git", ".l10nrelease")


def _refuse_overlaps(settings: _Settings, root: Path, folders: dict[str, Path | None]) -> None:
    """Each configured folder is one of its own: build replaces its folder on every
    run, so a build folder that is, holds or lies in the locales, the sources, the
    glossary or the project's own files would destroy them."""
    base = root.resolve()
    mine = {key: path.resolve() for key, path in folders.items() if path is not None}
    others = {f"paths.{key}": path for key, path in mine.items()}
    others |= {name: base / name for name in PROJECT_FILES}
    for key, path in sorted(mine.items(), key=lambda item: item[0] != "build"):
        line = settings.line("paths", key)
        if path == base and key != "glossary":
            raise ConfigError(
                f"'paths.{key}' is the project folder itself; give it a folder of its own "
                f'(such as "{key}")',
                path=settings.path,
                line=line,
            )
        for name, other in others.items():
            if name == f"paths.{key}":
                continue
            nested = path == other or other.is_relative_to(path) or path.is_relative_to(other)
            if nested and (key == "build" or name in PROJECT_FILES or path == other):
                raise ConfigError(
                    f"'paths.{key}' ({settings.get('paths', key)}) overlaps {name}: "
                    + (
                        "build replaces its whole folder on every run, so it must be a "
                        'folder of its own, such as "build"'
                        if key == "build"
                        else "each configured path must be one of its own"
                    ),
                    path=settings.path,
                    line=line,
                )
    build = folders["build"]
    if build is not None and build.exists() and not build.is_dir():
        raise ConfigError(
            f"'paths.build' ({settings.get('paths', 'build')}) is a file, not a folder; "
            "build replaces it with a folder of pages: name another folder",
            path=settings.path,
            line=settings.line("paths", "build"),
        )


def _required(folder: Path | None, path: Path, key: str) -> Path:
    if folder is None:
        raise ConfigError(f"'{key}' must not be empty", path=path, line=None)
    return folder


def _inside(root: Path, value: str, path: Path, line: int | None, key: str) -> Path:
    """Resolve a configured path and refuse one that leaves the project folder."""
    candidate = Path(value)
    if candidate.is_absolute():
        raise ConfigError(
            f"'{key}' must be relative to the project folder, not '{value}'",
            path=path,
            line=line,
        )
    resolved = (root / candidate).resolve()
    if not resolved.is_relative_to(root.resolve()):
        raise ConfigError(
            f"'{key}' = '{value}' points outside the project folder", path=path, line=line
        )
    return root / candidate


def _suggest(word: str, choices: Any) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.5)
    return f"; did you mean '{close[0]}'?" if close else ""


def _type_name(kind: type) -> str:
    return {
        str: "a string",
        list: "a list",
        dict: "a table",
        int: "a number",
        bool: "true or false",
        float: "a number",
    }.get(kind, kind.__name__)


def _line_of(text: str, section: str | None, key: str) -> int | None:
    """Line of ``key`` in ``[section]`` (or of the ``[key]`` header when no section)."""
    current: str | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        header = re.match(r"\[\s*([^\]\s]+)\s*\]", stripped)
        if header:
            current = header.group(1)
            if section is None and current == key:
                return number
            continue
        if current == section and re.match(rf'["\']?{re.escape(key)}["\']?\s*=', stripped):
            return number
    return None
