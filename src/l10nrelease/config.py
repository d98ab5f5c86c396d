"""``l10nrelease.toml`` -> ``Config``.

Every problem names the file, the line where it can be found, and the key; unknown
keys get the closest valid one suggested; locale codes are checked against Babel.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from babel import Locale, UnknownLocaleError
from babel.dates import format_date

from .errors import ConfigError
from .fsutil import display_path
from .segment import MODES

CONFIG_NAME = "l10nrelease.toml"

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
    },
    "build": {
        "date_format": (str, "long"),
        "date_formats": (dict, {}),
    },
    "pretranslate": {
        "engines": (dict, {}),
        "concurrency": (int, 4),
        "timeout": (int, 30),
        "batch_chars": (int, 4500),
    },
    "checks": {
        name: (object, None)
        for name in (
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
            "glossary",
            "spelling",
        )
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
    bugs_address: str = ""
    path: Path | None = None
    date_formats: dict[str, str] = field(default_factory=dict)
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

    def engines_for(self, language: str) -> tuple[str, ...]:
        return self.engine_chains.get(language) or ("google", "mymemory")

    @property
    def languages(self) -> tuple[str, ...]:
        """The source language, then the targets: every language a page is built in."""
        return (self.source_language, *self.target_languages)

    def date_format(self, language: str) -> str:
        """The Babel date pattern (or ``short``/``medium``/``long``) for datelines."""
        return self.date_formats.get(language) or self.date_formats.get("*", "long")


def find_root(start: Path) -> Path:
    """The nearest folder at or above ``start`` holding ``l10nrelease.toml``."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if (folder / CONFIG_NAME).is_file():
            return folder
    raise ConfigError(
        f"no {CONFIG_NAME} here or in any parent folder; run l10nrelease in a project "
        "folder, pass --project DIR, or copy the sample's l10nrelease.toml",
        path=display_path(start / CONFIG_NAME),
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
        for key, value in content.items():
            schema = _SCHEMA[section]
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

    def get(section: str, key: str) -> Any:
        return values.get(section, {}).get(key, _SCHEMA[section][key][1])

    def where(section: str, key: str) -> int | None:
        return _line_of(text, section, key)

    source_language = _locale(
        get("project", "source_language"),
        path,
        where("project", "source_language"),
        "project.source_language",
    )
    targets_raw = get("project", "target_languages")
    if not targets_raw or not all(isinstance(code, str) for code in targets_raw):
        raise ConfigError(
            "'project.target_languages' must be a non-empty list of locale codes, "
            'such as ["ru", "kk"]',
            path=path,
            line=where("project", "target_languages"),
        )
    targets = tuple(
        _locale(code, path, where("project", "target_languages"), "project.target_languages")
        for code in targets_raw
    )
    if len(set(targets)) != len(targets):
        raise ConfigError(
            "'project.target_languages' lists a language twice",
            path=path,
            line=where("project", "target_languages"),
        )
    if source_language in targets:
        raise ConfigError(
            f"'project.target_languages' includes the source language '{source_language}'",
            path=path,
            line=where("project", "target_languages"),
        )
    mode = get("segmentation", "mode")
    if mode not in MODES:
        raise ConfigError(
            f"'segmentation.mode' must be one of {', '.join(MODES)}, not '{mode}'"
            f"{_suggest(mode, MODES)}",
            path=path,
            line=where("segmentation", "mode"),
        )
    date_formats = {"*": get("build", "date_format")}
    for language, pattern in get("build", "date_formats").items():
        if language not in targets and language != source_language:
            raise ConfigError(
                f"'build.date_formats' has '{language}', which is not a configured language",
                path=path,
                line=where("build", "date_formats"),
            )
        if not isinstance(pattern, str):
            raise ConfigError(
                f"'build.date_formats.{language}' must be a string",
                path=path,
                line=where("build", "date_formats"),
            )
        date_formats[language] = pattern
    for language in (source_language, *targets):
        pattern = date_formats.get(language, date_formats["*"])
        if pattern in ("short", "medium", "long", "full"):
            continue  # every CLDR locale has them; loading its data here costs a start-up
        try:
            format_date(dt.date(2017, 1, 31), format=pattern, locale=language)
        except (ValueError, KeyError, TypeError) as exc:
            key = "date_formats" if language in date_formats else "date_format"
            raise ConfigError(
                f"'build.{key}': '{pattern}' is not a Babel date pattern ({exc}); use short, "
                'medium, long, full or a pattern such as "d MMMM y"',
                path=path,
                line=where("build", key),
            ) from None
    chains: dict[str, tuple[str, ...]] = {}
    for language, chain in get("pretranslate", "engines").items():
        names = [chain] if isinstance(chain, str) else chain
        if (
            language not in targets
            or not isinstance(names, list)
            or not all(
                (isinstance(name, str) and name in _SCHEMA["engines"]) or name == "tm"
                for name in names
            )
        ):
            raise ConfigError(
                f"'pretranslate.engines.{language}' must name a target language and a list "
                f"of engines among {', '.join(_SCHEMA['engines'])}",
                path=path,
                line=where("pretranslate", "engines"),
            )
        chains[language] = tuple(names)
    urls = {}
    for name in _SCHEMA["engines"]:
        settings = get("engines", name)
        unknown = [key for key in settings if key != "url"]
        if unknown or not isinstance(settings.get("url", ""), str):
            raise ConfigError(
                f"'engines.{name}' takes only url = \"…\"", path=path, line=where("engines", name)
            )
        if settings.get("url"):
            urls[name] = settings["url"]
    for key in ("concurrency", "timeout", "batch_chars"):
        if get("pretranslate", key) < 1:
            raise ConfigError(
                f"'pretranslate.{key}' must be at least 1",
                path=path,
                line=where("pretranslate", key),
            )
    checks: dict[str, str] = {}
    for name, value in values.get("checks", {}).items():
        if value is True or value is False:
            if not value:
                checks[name] = "off"
        elif value in ("error", "warning", "off"):
            checks[name] = value
        else:
            raise ConfigError(
                f'\'checks.{name}\' must be true, false, "error", "warning" or "off"',
                path=path,
                line=where("checks", name),
            )
    folders: dict[str, Path | None] = {}
    for key in ("sources", "locales", "glossary", "build", "templates", "memory"):
        value = get("paths", key)
        if not value:
            folders[key] = None
            continue
        folders[key] = _inside(root, value, path, where("paths", key), f"paths.{key}")
    return Config(
        root=root,
        name=get("project", "name"),
        source_language=source_language,
        target_languages=targets,
        sources=_required(folders["sources"], path, "paths.sources"),
        locales=_required(folders["locales"], path, "paths.locales"),
        glossary=_required(folders["glossary"], path, "paths.glossary"),
        build=_required(folders["build"], path, "paths.build"),
        templates=folders["templates"],
        segmentation=mode,
        bugs_address=get("project", "bugs_address"),
        path=path,
        date_formats=date_formats,
        engine_chains=chains,
        engine_urls=urls,
        concurrency=get("pretranslate", "concurrency"),
        timeout=get("pretranslate", "timeout"),
        batch_chars=get("pretranslate", "batch_chars"),
        memory=folders["memory"],
        checks=checks,
        memory_threshold=get("memory", "threshold"),
        accept_in_context=get("memory", "accept_in_context"),
    )


def _required(folder: Path | None, path: Path, key: str) -> Path:
    if folder is None:
        raise ConfigError(f"'{key}' must not be empty", path=path, line=None)
    return folder


def _locale(code: str, path: Path, line: int | None, key: str) -> str:
    try:
        Locale.parse(code.replace("-", "_"))
    except (UnknownLocaleError, ValueError, TypeError):
        raise ConfigError(
            f"'{key}': '{code}' is not a locale Babel knows; use a code such as en, ru, kk",
            path=path,
            line=line,
        ) from None
    return code


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
