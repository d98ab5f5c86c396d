"""The command line: with ``launch`` (which answers a plain rerun from its seal before
this module is imported), the only module that reads argv, prints, or exits.

Each command is a thin call of one ``project`` function; every ``L10nError`` is
caught in one place and shown as ``path:line: message`` with exit status 2.
"""

from __future__ import annotations

import itertools
import os
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from . import __version__
from .errors import ConfigError, L10nError
from .launch import PLAIN, end_quietly, jobs_ok, reader_gone
from .report import FORMATS, printable

if TYPE_CHECKING:
    from .config import Config


class _Group(click.Group):
    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except click.NoSuchOption as exc:
            shown = {"-j": "--jobs N", "--jobs": "--jobs N", "-C": "-C DIR", "--project": "-C DIR"}
            if exc.option_name in shown:
                # Only check has its own --jobs: for every command they go before the name.
                raise click.UsageError(
                    f"{exc.option_name} goes before the command's name: "
                    f"l10nrelease {shown[exc.option_name]} "
                    f"{ctx.invoked_subcommand or 'COMMAND'} …",
                    exc.ctx,
                ) from None
            raise
        except L10nError as exc:
            click.echo(f"error: {printable(str(exc))}", err=True)
            sys.exit(exc.exit_code)
        except OSError as exc:
            if isinstance(exc, BrokenPipeError) and reader_gone():
                end_quietly()
            # The system refused (a full disk, no permission, a read-only disk) where no
            # stage named the file itself: still one line, with the file.
            from .fsutil import os_error

            error = os_error(exc, exc.filename or "", "cannot go on")
            click.echo(f"error: {error if exc.filename else error.message}", err=True)
            sys.exit(2)


class _Folder(click.ParamType[Path]):
    """``--project``'s value: a path, never an empty one (``-C "$DIR"`` with DIR unset
    would otherwise be the current folder). What the path is (missing, a file, no
    project in it) the command says, as ``path: problem`` (``config.find_root``)."""

    name = "folder"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Path:
        if isinstance(value, Path):
            return value
        if not str(value).strip():
            self.fail("is empty; name the project's folder (an unset variable?)", param, ctx)
        return Path(value)


#: The processes ``--jobs`` may ask for.
_JOBS = click.IntRange(1, 64)


def _jobs_from_environment() -> int | None:
    """``L10NRELEASE_JOBS``, when ``--jobs`` is not given; an error naming the variable
    (not --jobs, which the user did not type) when it is not a number from 1 to 64."""
    value = os.environ.get("L10NRELEASE_JOBS", "").strip()
    if not value:
        return None
    if jobs_ok(value):
        return int(value)
    raise ConfigError(
        f"L10NRELEASE_JOBS must be a number of processes from 1 to 64, not {value!r}; "
        "fix or unset the environment variable"
    )


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="l10nrelease")
@click.option(
    "--project",
    "-C",
    "project_dir",
    type=_Folder(),
    default=None,
    help="Project folder (the one holding l10nrelease.toml). Default: the current "
    "folder or the nearest parent with one.",
)
@click.option(
    "--jobs",
    "-j",
    type=_JOBS,
    default=None,
    help="Processes to work with (default: one per core, when there is enough work; "
    "also L10NRELEASE_JOBS). Output is the same whatever the number.",
)
@click.pass_context
def main(ctx: click.Context, project_dir: Path | None, jobs: int | None) -> None:
    """Localize English press releases into reviewed Russian and Kazakh pages.

    \b
    Workflow:
      l10nrelease extract     releases in sources/ -> PO files in locales/<lang>/
      (translators review the PO files in Poedit, Lokalize or Weblate)
      l10nrelease check       every name as the glossary has it, in any case (CI)
      l10nrelease build       reviewed translations -> pages in build/<lang>/
    """
    ctx.obj = project_dir
    if jobs is None:
        jobs = _jobs_from_environment()
    ctx.meta["l10nrelease.jobs"] = jobs


def _open(project_dir: Path | None) -> Any:
    """The project, with the processes ``--jobs`` allows."""
    from .project import open_project

    project = open_project(project_dir)
    project.jobs = click.get_current_context().meta.get("l10nrelease.jobs")
    return project


_VERBOSE = click.option(
    "--verbose", "-v", is_flag=True, help="List every file, also those left unchanged."
)


@main.command()
@click.argument("releases", nargs=-1)
@_VERBOSE
@click.pass_obj
def extract(project_dir: Path | None, releases: tuple[str, ...], verbose: bool) -> None:
    """Segment releases into units and merge them into the PO files.

    RELEASES are slugs (file names without extension) or paths of files in the
    sources folder; without any, every release is extracted. Translations are
    never lost: a unit whose source changed keeps its translation marked fuzzy
    with the previous source text, and a removed unit's translation becomes
    obsolete (#~). A second run with no change rewrites nothing.

    Exit status: 0 done; 2 a release or its PO file could not be read (each is
    listed with its file and line; none of its files is written, every other
    release is extracted), or extract could not run.
    """
    started = time.time_ns()
    if _replayed(project_dir):
        return
    # Imported here, not at the top: each command loads only the stages it needs,
    # which keeps a cold start short.
    from .project.extract import extract as run_extract
    from .project.extract import seal_watch
    from .project.lock import locked

    project = _open(project_dir)
    config = project.config
    unread = _unread(project)
    _say(unread)
    with locked(config):
        result = run_extract(project, releases)
        if not releases and not result.failed:
            rerun = _extract_lines(project, result.rerun(), verbose)
            _seal(project, started, [*unread, *rerun], 0, seal_watch(project, result))
    _say(_extract_lines(project, result, verbose))
    if result.failed:
        sys.exit(2)


def _extract_lines(project: Any, result: Any, verbose: bool) -> list[tuple[bool, str]]:
    """What extract says about ``result``: ``(to_stderr, line)`` pairs."""
    config = project.config
    root = config.root
    lines: list[tuple[bool, str]] = []
    for file in result.files:
        if file.status == "unchanged" and not verbose:
            continue
        counts = file.counts
        merge = file.merge
        notes = []
        if merge.changed:
            notes.append(f"{merge.changed} changed → fuzzy")
        if merge.added:
            notes.append(f"{merge.added} new")
        if merge.obsoleted:
            notes.append(f"{merge.obsoleted} obsolete")
        if merge.resurrected:
            notes.append(f"{merge.resurrected} restored from obsolete")
        if file.remerged:
            notes.append("merged again with a save made during this run")
        shown = file.path.relative_to(root) if file.path.is_relative_to(root) else file.path
        total = sum(counts.values())
        summary = (
            f"{total} units"
            if file.language is None
            else f"{counts['reviewed']}/{total} reviewed, {counts['fuzzy']} fuzzy, "
            f"{counts['untranslated']} untranslated"
        )
        tail = f" ({', '.join(notes)})" if notes and file.status != "created" else ""
        lines.append((False, f"{file.status:9}  {shown}  {summary}{tail}"))
    for orphan in result.orphans:
        shown = orphan.relative_to(root) if orphan.is_relative_to(root) else orphan
        lines.append(
            (
                True,
                f"warning: {shown} has no release in {config.sources.name}/ "
                "(renamed or removed?); its translations are kept as they are",
            )
        )
    written = sum(1 for f in result.files if f.status != "unchanged")
    failed = f"; {len(result.failed)} could not be extracted" if result.failed else ""
    lines.append(
        (
            False,
            f"{len(result.releases) - len(result.failed)} release(s), {written} file(s) "
            f"written, {len(result.files) - written} unchanged{failed}.",
        )
    )
    lines += [(True, f"error: {printable(str(error))}") for error in result.failed]
    return lines


def _say(lines: Iterable[tuple[bool, str]]) -> None:
    for to_stderr, line in lines:
        click.echo(line, err=to_stderr)


def _params() -> object:
    """This command's parameters as its seal's name has them: ``PLAIN`` when every one
    is at its default (as ``launch`` names the seal of a plain command line)."""
    ctx = click.get_current_context()
    if all(
        ctx.get_parameter_source(name) is click.core.ParameterSource.DEFAULT for name in ctx.params
    ):
        return PLAIN
    return sorted(ctx.params.items())


def _replayed(project_dir: Path | None) -> bool:
    """Give the sealed answer of this command again, if nothing it read or wrote has
    changed since (``seal``): then nothing else is imported or read."""
    from .seal import replay

    ctx = click.get_current_context()
    shown = None if project_dir is None else str(project_dir)
    answer = replay(shown, ctx.info_name or "", _params())
    if answer is None:
        return False
    lines, code = answer
    _say(lines)
    if code:
        sys.exit(code)
    return True


def _seal(
    project: Any,
    started: int,
    lines: list[tuple[bool, str]],
    code: int,
    watch: dict[str, Any] | None,
) -> None:
    """Seal what a rerun with nothing changed would say (see ``seal``)."""
    from .seal import command_name, seal

    command = click.get_current_context().info_name or ""
    name = command_name(command, _params(), str(project.root))
    if watch is not None and name is not None:
        seal(project.records, name, started_ns=started, lines=lines, code=code, **watch)


def _unread(project: Any) -> list[tuple[bool, str]]:
    """A warning for each file in the sources folder that is not read as a release."""
    return [
        (True, printable(f"warning: {shown}: {reason}")) for shown, reason in project.unread_files()
    ]


def _languages(value: tuple[str, ...]) -> tuple[str, ...]:
    """``--lang ru,kk`` and ``--lang ru --lang kk`` alike."""
    return tuple(code.strip() for item in value for code in item.split(",") if code.strip())


_POLICY_OPTIONS = (
    click.option(
        "--allow-incomplete",
        is_flag=True,
        help="Publish pages that are not fully reviewed; missing units stay in the source "
        'language, marked lang="en".',
    ),
    click.option(
        "--threshold",
        type=click.FloatRange(0, 100),
        metavar="PERCENT",
        callback=lambda _ctx, _param, value: _a_number(value),
        help="Publish a page when at least PERCENT of its units are reviewed.",
    ),
    click.option(
        "--keep-previous",
        is_flag=True,
        help="Where a source sentence changed and its translation is fuzzy, publish the last "
        "reviewed translation instead of the source text.",
    ),
    click.option(
        "--force",
        is_flag=True,
        help="Publish pages even where the check reports errors that [build] block_on names "
        "(the summary still counts them; a refused translation is shown in the source "
        "language).",
    ),
    click.option(
        "--allow-embargoed",
        is_flag=True,
        help="Publish releases whose embargo (EMBARGOED UNTIL …) has not ended yet.",
    ),
)


def _a_number(value: float | None) -> float | None:
    if value is not None and value != value:  # NaN passes FloatRange's comparisons
        raise click.BadParameter("must be a number from 0 to 100, not nan")
    return value


def _policy_options(command: Any) -> Any:
    for option in reversed(_POLICY_OPTIONS):
        command = option(command)
    return command


def _table(rows: Sequence[Sequence[str]]) -> list[str]:
    """Rows as aligned columns (the last column is not padded)."""
    return list(_aligned(lambda: rows))


def _aligned(rows: Callable[[], Iterable[Sequence[str]]]) -> Iterator[str]:
    """The rows ``rows()`` gives, as aligned columns, one line at a time: ``rows`` is
    called twice (the widths, then the lines), so that a summary of 30,000 pages is
    never held whole."""
    widths: list[int] = []
    for row in rows():
        cells = row[:-1]
        widths += [0] * (len(cells) - len(widths))
        for i, cell in enumerate(cells):
            widths[i] = max(widths[i], len(cell))
    for row in rows():
        yield "  ".join(
            [*(cell.ljust(w) for cell, w in zip(row, widths, strict=False)), row[-1]]
        ).rstrip()


def _build_row(plan: Any) -> tuple[str, ...]:
    """A page's line in build's summary; the source page's says "published"."""
    if plan.reason.split(";")[0] == "source":
        return (plan.slug, plan.language, "source", "", "", "published" + plan.reason[6:])
    return (
        plan.slug,
        plan.language,
        f"{plan.reviewed}/{plan.total}",
        str(plan.fuzzy),
        str(plan.english),
        plan.reason,
    )


def _set_base_url(project: Any, url: str) -> None:
    """``--base-url`` in place of ``[build] base_url``."""
    from dataclasses import replace

    from .config import base_url_problem

    problem = base_url_problem(url)
    if problem:
        raise click.BadParameter(problem, param_hint="--base-url")
    project.config = replace(project.config, base_url=url)


@main.command()
@click.argument("releases", nargs=-1)
@click.option(
    "--lang",
    "languages",
    multiple=True,
    metavar="LANG[,LANG…]",
    help="Build only these languages (default: the source and every target language).",
)
@click.option(
    "--base-url",
    metavar="URL",
    help="The site's address: URLs from the site root on CMS pages (/css/site.css) are "
    "made absolute on it, so the pages render when opened from disk ([build] base_url).",
)
@_policy_options
@_VERBOSE
@click.pass_obj
def build(
    project_dir: Path | None,
    releases: tuple[str, ...],
    languages: tuple[str, ...],
    base_url: str | None,
    allow_incomplete: bool,
    threshold: float | None,
    keep_previous: bool,
    force: bool,
    allow_embargoed: bool,
    verbose: bool,
) -> None:
    """Write localized HTML pages from the reviewed translations.

    Writes build/<lang>/<slug>.html for the source language, every target
    language and every derived one ([languages], such as kk-Latn), one index and
    one Atom feed (feed.xml) per language (newest first), build/index.html, and
    with [build] site_url, build/sitemap.xml; a Word or
    Markdown release gets its translated document beside its page (<slug>.docx,
    <slug>.md), written exactly when the page is. By
    default only complete, reviewed pages without errors from `l10nrelease check`
    are published ([build] block_on in l10nrelease.toml says which errors); the
    summary says which page was skipped and why, as `status` does.

    Exit status: 0 every page asked for was published or skipped only for missing
    translations or an embargo; 1 a translation was refused (raw HTML, an event
    attribute, a script URL or a broken placeholder) or a page was kept back by
    errors from the check; 2 a release or PO file could not be read or is out of date
    (each is listed; every other page is built), or the build could not run.
    """
    started = time.time_ns()
    if _replayed(project_dir):
        return
    from .project.build import build as run_build
    from .project.build import seal_watch
    from .project.lock import locked

    project = _open(project_dir)
    if base_url is not None:
        _set_base_url(project, base_url)
    policy = project.policy(
        allow_incomplete=allow_incomplete,
        threshold=threshold,
        keep_previous=keep_previous,
        force=force,
        allow_embargoed=allow_embargoed,
    )
    unread = _unread(project)
    _say(unread)
    languages = _languages(languages)
    with locked(project.config):
        result = run_build(project, releases, languages=languages, policy=policy)
        if not releases and not languages and not result.errors:
            rerun = list(_build_lines(project, result.rerun(), verbose))
            _seal(
                project,
                started,
                [*unread, *rerun],
                _build_code(result),
                seal_watch(project, result),
            )
    _say(_build_lines(project, result, verbose))
    code = _build_code(result)
    if code:
        sys.exit(code)


def _build_code(result: Any) -> int:
    """build's exit status (see its help)."""
    return 2 if result.errors else 1 if result.failed else 0


def _build_lines(project: Any, result: Any, verbose: bool) -> Iterator[tuple[bool, str]]:
    """What build says about ``result``: ``(to_stderr, line)`` pairs, one at a time."""
    for finding in result.findings:
        yield True, printable(str(finding))
    written = set(result.changed)

    def rows() -> Iterator[tuple[str, ...]]:
        yield ("release", "lang", "reviewed", "fuzzy", "missing", "result")
        for plan in result.plans:
            listed = verbose or not plan.publish or plan.blocking
            if listed or f"{plan.language}/{plan.slug}.html" in written:
                yield _build_row(plan)  # else: published before, and unchanged

    if any(True for _ in itertools.islice(rows(), 1, 2)):
        for line in _aligned(rows):
            yield False, line
    root = project.root
    folder = (
        result.folder.relative_to(root) if result.folder.is_relative_to(root) else result.folder
    )
    published = sum(1 for plan in result.plans if plan.publish)
    kept = sum(1 for plan in result.plans if plan.kept and not plan.publish)
    online = f" ({kept} of them still online: the last build's page is kept)" if kept else ""
    yield (
        False,
        f"{published} page(s) published in {folder}/, {len(result.changed)} file(s) "
        f"written; {len(result.plans) - published} skipped{online}.",
    )
    for note in result.notes:
        yield False, note
    for error in result.errors:
        yield True, f"error: {error}"


@main.command()
@click.argument("paths", nargs=-1)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(FORMATS),
    default="text",
    show_default=True,
    help="text: path:line: severity: message [rule]; github: workflow annotations.",
)
@click.option(
    "--jobs",
    "-j",
    type=_JOBS,
    default=None,
    help="Processes to check with (default: one per core, when there are many files).",
)
@click.pass_obj
def check(
    project_dir: Path | None, paths: tuple[str, ...], output_format: str, jobs: int | None
) -> None:
    """Check translations: glossary names in any grammatical form, and quality.

    PATHS are PO files or folders (for a pre-commit hook); without any, every PO
    file of the project's target languages, and naming the glossary or
    l10nrelease.toml checks every PO file too. Each approved name in a unit's source
    must appear in the translation in the approved form, in whatever case Russian or
    Kazakh grammar puts it; forbidden variants are refused and misspellings named.
    Then markup, numbers, URLs, dateline, punctuation, quotes, spaces, mixed
    scripts, language, same-as-source and length are checked ([checks] in
    l10nrelease.toml switches them; "# ignore numbers: reason" silences one entry).
    Reviewed entries give errors, fuzzy entries and proposed names warnings.

    A file that cannot be read is reported in the chosen format (an error naming
    it) and the other files are still checked. Exit status: 0 no errors, 1 errors
    found, 2 a file could not be read or the check could not run.
    """
    from .model import Finding
    from .project.check import check as run_check
    from .report import UNREADABLE, render, summary

    try:
        project = _open(project_dir)
        result = run_check(project, paths, jobs=jobs)
    except L10nError as exc:
        if output_format == "text":
            raise
        # The configuration or the glossary: nothing could be checked, and CI says so.
        failed = Finding(exc.path or "", exc.line, "error", UNREADABLE, exc.message)
        click.echo(render([failed], files=[failed.path], format=output_format), nl=False)
        click.echo(f"error: {printable(str(exc))}", err=True)
        sys.exit(exc.exit_code)
    readable = [f for f in result.findings if f.rule != UNREADABLE]
    shown = readable if output_format == "text" else result.findings
    click.echo(
        render(shown, files=result.files, format=output_format, entries=result.entries),
        nl=False,
    )
    for failed in result.findings:
        if failed.rule == UNREADABLE:
            location = failed.path + (f":{failed.line}" if failed.line is not None else "")
            click.echo(f"error: {printable(location)}: {printable(failed.message)}", err=True)
    if result.glossary is None:
        click.echo(
            f"note: no glossary at {project.config.glossary.name}; names are not checked",
            err=True,
        )
    if output_format == "text":
        checked = len(result.files) - len(set(result.unreadable) & set(result.files))
        click.echo(summary(result.findings, checked), err=True)
    if result.unreadable:
        sys.exit(2)
    if any(f.severity == "error" for f in readable):
        sys.exit(1)


@main.group()
def glossary() -> None:
    """Work with the proper-name glossary (the CSV named by paths.glossary)."""


@glossary.command("lint")
@click.pass_obj
def glossary_lint(project_dir: Path | None) -> None:
    """Report duplicate or conflicting rows, missing forms and malformed cells.

    Each finding names the glossary's CSV line. Exit status 1 when there are errors.
    """
    from .project.glossary import glossary_lint as run_lint

    findings = run_lint(_open(project_dir))
    for finding in findings:
        click.echo(printable(str(finding)))
    errors = sum(1 for f in findings if f.severity == "error")
    click.echo(f"{errors} error(s), {len(findings) - errors} warning(s).", err=True)
    if errors:
        sys.exit(1)


@glossary.command("export")
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the TBX file here instead of to standard output.",
)
@click.pass_obj
def glossary_export(project_dir: Path | None, output: Path | None) -> None:
    """Write the glossary as TBX-Basic, for CAT tools (memoQ, Trados, Weblate)."""
    from .project.glossary import glossary_export as run_export

    project = _open(project_dir)
    _emit(project, run_export(project), output)


def _emit(project: Any, text: str, output: Path | None) -> None:
    """Print ``text``, or write it to ``output`` (never over a project input)."""
    if output is None:
        click.echo(text, nl=False)
    else:
        project.write_output(output, text)
        click.echo(f"wrote {output}", err=True)


@glossary.command("import")
@click.argument("tbx", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--approve",
    is_flag=True,
    help="Add the new names as approved (enforced at once) rather than proposed.",
)
@click.pass_obj
def glossary_import(project_dir: Path | None, tbx: Path, approve: bool) -> None:
    """Add the names of a TBX file that the glossary does not have yet.

    Existing rows are never changed: a name whose rendering differs is listed as a
    conflict for a person to decide, and what the file adds to a row (a form of a
    language the row lacks, a forbidden form) is listed as a note. A file with one
    target language, as Weblate exports a glossary, is compared in that language only.
    New names are added as proposed (the check warns) unless --approve. Forbidden
    terms (TBX deprecated or superseded, Weblate's forbidden) go to <lang>_forbidden.
    A DOCTYPE naming the TBX DTD is fine; files that declare entities are refused.
    """
    from .project.glossary import glossary_import as run_import
    from .project.lock import locked

    project = _open(project_dir)
    with locked(project.config):
        result = run_import(project, tbx, approve=approve)
    for name in result.conflicts:
        click.echo(f"conflict: '{name}' is in the glossary with another rendering; kept as it is")
    for note in result.notes:
        click.echo(f"note: {printable(note)}")
    if result.lacking:
        click.echo(
            f"note: the glossary has no column {', '.join(result.lacking)}: those values of "
            "the TBX file were not imported (add the columns, then import again)",
            err=True,
        )
    only = project.config.target_languages != result.languages
    languages = f" (the file has terms in {', '.join(result.languages) or 'no target language'})"
    click.echo(
        f"{len(result.added)} name(s) added{'' if approve else ' as proposed'}, "
        f"{len(result.unchanged)} already there, {len(result.conflicts)} conflict(s)"
        f"{languages if only else ''}."
    )
    if result.added and not approve:
        click.echo(
            "note: proposed names give warnings, not errors, until a person sets their "
            "status to approved (or imports with --approve)",
            err=True,
        )


@glossary.command("suggest")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "csv"]),
    default="text",
    show_default=True,
    help="csv: glossary rows in the glossary's own columns, status proposed.",
)
@click.option("--append", is_flag=True, help="Add the rows at the glossary's end.")
@click.option(
    "--min",
    "minimum",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="Only names in at least this many units.",
)
@click.pass_obj
def glossary_suggest(
    project_dir: Path | None, output_format: str, append: bool, minimum: int
) -> None:
    """List the names in the sources that the glossary lacks.

    Most important first: how many units hold each, doubled where a language renders
    it two ways (marked "!"), with the renderings seen in the reviewed translations.
    --format csv writes glossary rows (status proposed, the forms guessed from the
    renderings and marked as not confirmed in the note) for review; --append adds them
    to the glossary, leaving every existing row as it is. Then run
    'l10nrelease glossary lint'.
    """
    from .project.glossary import glossary_append, suggestion_rows
    from .project.glossary import glossary_suggest as run_suggest
    from .project.lock import locked

    project = _open(project_dir)
    suggestions = run_suggest(project, minimum=minimum)
    if append:
        with locked(project.config):
            result = glossary_append(project, suggestions)
        click.echo(f"{len(result.added)} name(s) added as proposed rows; review them.")
        return
    if output_format == "csv":
        click.echo(suggestion_rows(project, suggestions), nl=False)
        return
    if not suggestions:
        click.echo("Every name in the sources is in the glossary.")
    for suggestion in suggestions:
        click.echo(printable(f"{suggestion.count:4}  {suggestion.name}"))
        for language in suggestion.languages:
            common = suggestion.ranked(language)[:3]
            if not common:
                continue
            mark = "!" if suggestion.rendered_two_ways(language) else " "
            shown = "; ".join(f"{text} ×{n}" for text, n in common)
            click.echo(printable(f"      {mark}{language}: {shown}"))


@main.command()
@click.argument("releases", nargs=-1)
@click.option(
    "--lang",
    "languages",
    multiple=True,
    metavar="LANG[,LANG…]",
    help="Only these target languages (default: all).",
)
@click.option(
    "--engine",
    type=click.Choice(["tm", "google", "mymemory", "deepl", "microsoft", "yandex", "libre"]),
    help="Use this engine only, after the translation memory; tm: the memory alone, "
    "offline (default: each language's chain in l10nrelease.toml).",
)
@click.option(
    "--dry-run",
    is_flag=True,
    help="Say how many units and characters would go to which engine; send nothing.",
)
@click.option(
    "--allow-embargoed",
    is_flag=True,
    help="Send releases whose embargo has not ended to public engines too.",
)
@click.pass_obj
def pretranslate(
    project_dir: Path | None,
    releases: tuple[str, ...],
    languages: tuple[str, ...],
    engine: str | None,
    dry_run: bool,
    allow_embargoed: bool,
) -> None:
    """Fill empty units with machine translations, marked fuzzy for review.

    Never changes a unit a person translated. Names, placeholders, URLs, e-mail
    addresses and numbers are protected (names masked, or, with [pretranslate]
    names = "repair", sent as written and repaired in the output); output that lost
    one, or is not Cyrillic, or is Russian where Kazakh was asked for, is left empty
    and reported. Each
    filled unit gets a comment naming the engine, the date and the source's hash.
    Results are saved as they arrive and cached (.l10nrelease/cache/mt-cache.sqlite),
    so an interrupted run resumes where it stopped and a second run sends nothing.
    A release under embargo (EMBARGOED UNTIL … before a .txt headline, or
    <meta name="embargo">) goes only to a self-hosted LibreTranslate.
    API keys come from DEEPL_API_KEY, MICROSOFT_API_KEY, YANDEX_API_KEY, LIBRE_API_KEY.

    \b
    Exit status:
      0    every empty unit filled, or nothing to fill; with --engine tm, units
           the memory has no match for are left and listed
      1    some units left: output rejected, or an engine failed or lacks the language
      2    no engine could be reached and nothing was filled, or the command could
           not run
      130  interrupted (what arrived is saved; run again to resume)
    """
    from .project.lock import locked
    from .project.pretranslate import pretranslate as run_pretranslate

    project = _open(project_dir)
    progress = _Progress()
    try:
        with locked(project.config):
            result = run_pretranslate(
                project,
                releases,
                languages=_languages(languages),
                engine=engine,
                dry_run=dry_run,
                progress=progress,
                allow_embargoed=allow_embargoed,
            )
    except KeyboardInterrupt:
        progress.finish()
        click.echo("\ninterrupted before anything was sent; nothing was changed", err=True)
        sys.exit(130)
    progress.finish()
    status = _pretranslate_report(result, dry_run=dry_run, memory_only=engine == "tm")
    if result.interrupted:
        # What arrived is saved; requests still running (a hanging engine, its retries)
        # are abandoned rather than waited for.
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(status)
    sys.exit(status)


class _Progress:
    """click's progress bar on a terminal (units done, requests sent, time left);
    nothing when standard error is not a terminal (CI logs, pipes)."""

    def __init__(self) -> None:
        self.bar: Any = None
        self.requests = 0

    def __call__(self, done: int, total: int, requests: int) -> None:
        if not sys.stderr.isatty():
            return
        self.requests = requests
        if self.bar is None:
            self.bar = click.progressbar(
                length=total,
                label="pre-translating",
                file=sys.stderr,
                show_eta=True,
                item_show_func=lambda _: f"{self.requests} requests",
            )
            self.bar.render_progress()
        self.bar.update(max(0, done - self.bar.pos), current_item=done)

    def finish(self) -> None:
        if self.bar is not None:
            self.bar.render_finish()
            self.bar = None


def _pretranslate_report(result: Any, *, dry_run: bool, memory_only: bool) -> int:
    """Print what pretranslate did; the exit status (see its --help)."""
    if dry_run:
        _report_dry_run(result)
        return 0
    if result.empty == 0:
        click.echo("Nothing to fill: every unit has a translation.")
        return 0
    for slug, until in sorted(result.embargoed.items()):
        click.echo(
            f"note: {slug} is embargoed until {until}: not sent to public engines "
            "(--allow-embargoed sends it)",
            err=True,
        )
    for finding in result.rejected:
        click.echo(printable(str(finding)), err=True)
    for failure in result.failed:
        click.echo(f"error: {failure}", err=True)
    click.echo(
        f"{result.filled} unit(s) filled and saved ({result.from_memory} from the translation "
        f"memory, {result.from_cache} from the cache), "
        f"{result.requests} request(s); {len(result.rejected)} rejected, {result.left} left."
    )
    if result.interrupted:
        click.echo(
            f"interrupted: {result.filled} unit(s) translated and saved, {result.left} left; "
            "run the same command again to resume",
            err=True,
        )
        return 130
    if result.failed and not result.translated:
        reached = "could not reach the engine(s)" if result.unreachable else "the engine(s) failed"
        click.echo(f"{reached}; no machine translation was written", err=True)
        return 2
    if memory_only and not result.failed and not result.rejected:
        _report_unmatched(result)
        return 0
    return 1 if result.failed or result.left or result.rejected else 0


def _report_dry_run(result: Any) -> None:
    for (language, name), (units, characters) in sorted(result.planned.items()):
        click.echo(f"{language}: {units} unit(s), {characters} characters -> {name}")
    if result.from_memory:
        click.echo(f"{result.from_memory} unit(s) from the translation memory, not sent.")
    if not result.planned:
        rest = "the memory has the rest." if result.from_memory else "every unit has a translation."
        click.echo(f"Nothing to send: {rest}")


def _report_unmatched(result: Any) -> None:
    for path, msgid in result.unfilled:
        shown = msgid if len(msgid) <= 70 else msgid[:69] + "…"
        click.echo(f"{path}: no match in the memory: «{shown}»", err=True)
    if result.left:
        click.echo(
            f"{result.left} unit(s) have no match in the translation memory; an engine "
            "(--engine google, …) can fill them",
            err=True,
        )


@main.group()
def tm() -> None:
    """The translation memory: reviewed PO entries plus the TMX files in tm/."""


@tm.command("export")
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the TMX file here instead of to standard output.",
)
@click.pass_obj
def tm_export(project_dir: Path | None, output: Path | None) -> None:
    """Write every reviewed translation as TMX 1.4b, for other CAT tools."""
    from .project.memory import tm_export as run_export

    project = _open(project_dir)
    _emit(project, run_export(project), output)


@tm.command("import")
@click.argument("tmx", metavar="FILE", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--lang",
    "language",
    metavar="LANG",
    help="For a PO file: its language, when its Language header does not say.",
)
@click.pass_obj
def tm_import(project_dir: Path | None, tmx: Path, language: str | None) -> None:
    """Add a TMX file, or the reviewed entries of a PO file from another project or
    tool (any charset, plural entries skipped), to the memory folder (paths.memory),
    where pretranslate consults it before any engine."""
    from .project.lock import locked
    from .project.memory import tm_import as run_import

    project = _open(project_dir)
    with locked(project.config):
        result = run_import(project, tmx, language=language)
    counts = ", ".join(f"{lang}: {n}" for lang, n in result.units.items())
    click.echo(f"added {result.path.name} to the memory ({counts} units)")


@main.command()
@click.argument("releases", nargs=-1)
@click.option(
    "--lang",
    "languages",
    multiple=True,
    metavar="LANG[,LANG…]",
    help="Only these target languages (default: all).",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help='json: {"rows": [one object per release and language], "languages": {totals}}.',
)
@_policy_options
@click.pass_obj
def status(
    project_dir: Path | None,
    releases: tuple[str, ...],
    languages: tuple[str, ...],
    output_format: str,
    allow_incomplete: bool,
    threshold: float | None,
    keep_previous: bool,
    force: bool,
    allow_embargoed: bool,
) -> None:
    """Show where each release stands in each language.

    Units and words (translators bill by words), reviewed, fuzzy by origin
    (memory, machine, changed source, other), untranslated, refused, glossary and
    other errors of the check, and what build would do with the page, in build's
    words (with the same options, the same answer: both ask one plan).

    Exit status: 0; 2 when a release or PO file cannot be read or is out of date
    (build cannot build those pages either; each is listed).
    """
    import json

    from .project.status import COUNTED
    from .project.status import status as run_status

    project = _open(project_dir)
    policy = project.policy(
        allow_incomplete=allow_incomplete,
        threshold=threshold,
        keep_previous=keep_previous,
        force=force,
        allow_embargoed=allow_embargoed,
    )
    wanted = _languages(languages)
    _refuse_status_languages(project.config, wanted)
    result = run_status(project, releases, policy=policy, languages=wanted)
    rows = result.rows
    totals: dict[str, dict[str, int]] = {}
    for language in dict.fromkeys(row.language for row in rows):
        mine = [row for row in rows if row.language == language]
        totals[language] = {name: sum(getattr(row, name) for row in mine) for name in COUNTED}
        totals[language]["publish"] = sum(row.publish for row in mine)
    if output_format == "json":
        payload = {"rows": [row.as_dict() for row in rows], "languages": totals}
        click.echo(json.dumps(payload, ensure_ascii=False, indent=2))
    else:
        for line in _table(_status_table(rows, totals)):
            click.echo(line)
        for name, made in project.config.derived.items():
            if not wanted or made.base in wanted:
                click.echo(
                    f"{name}: made from {made.base} by the {made.table} table; "
                    f"published exactly where {made.base} is."
                )
    for error in result.errors:
        click.echo(f"error: {error}", err=True)
    if result.errors:
        sys.exit(2)


def _refuse_status_languages(config: Config, wanted: Sequence[str]) -> None:
    """``status --lang``: target languages only; a derived one is its base's."""
    unknown = [lang for lang in wanted if lang not in config.target_languages]
    if unknown and unknown[0] in config.derived:
        base = config.derived[unknown[0]].base
        raise L10nError(
            f"--lang {unknown[0]}: made from {base} ([languages] in l10nrelease.toml), so its "
            f"pages are published exactly where {base}'s are; run: l10nrelease status --lang {base}"
        )
    if unknown:
        raise L10nError(f"--lang {unknown[0]}: not a target language of this project")


def _status_table(rows: Sequence[Any], totals: dict[str, dict[str, int]]) -> list[tuple[str, ...]]:
    header = (
        "release",
        "lang",
        "units",
        "words",
        "reviewed",
        "memory",
        "machine",
        "changed",
        "other",
        "empty",
        "refused",
        "glossary",
        "qa",
        "publish",
        "result",
    )
    table: list[tuple[str, ...]] = [header]
    for row in rows:
        cells = _status_cells(row.as_dict())
        table.append(
            (row.release, row.language, *cells, "yes" if row.publish else "no", row.reason)
        )
    for language, total in totals.items():
        cells = _status_cells(total)
        table.append(
            (f"all releases ({language})", language, *cells, f"{total['publish']} page(s)", "")
        )
    return table


def _status_cells(values: dict[str, Any]) -> tuple[str, ...]:
    return (
        str(values["units"]),
        str(values["words"]),
        f"{values['reviewed']} ({values['reviewed_words']} w)",
        *(
            str(values[name])
            for name in (
                "fuzzy_memory",
                "fuzzy_machine",
                "fuzzy_changed",
                "fuzzy_other",
                "untranslated",
                "refused",
                "glossary_errors",
                "qa_errors",
            )
        ),
    )


@main.command()
@click.argument("release")
@click.option("--lang", "language", required=True, help="The target language to review.")
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Where to write the page (default: build/review/<lang>/<slug>.html).",
)
@click.pass_obj
def review(project_dir: Path | None, release: str, language: str, output: Path | None) -> None:
    """Write a static bilingual review page for one release and language.

    Source and translation side by side, coloured by status, with the origin of each
    translation, glossary names highlighted in both columns, every finding of
    `l10nrelease check` inline (the same list), what build will do with the page and
    how many errors keep it back, each unit's PO file and line, and what changed in
    the English for units fuzzy after an edit. Filters for untranslated, fuzzy and
    units with findings.
    """
    from .project.review import review as run_review

    page = run_review(_open(project_dir), release, language, output=output)
    errors = sum(1 for f in page.findings if f.severity == "error")
    click.echo(f"wrote {page.path}")
    click.echo(
        f"{errors} error(s), {len(page.findings) - errors} other finding(s); "
        f"build: {page.plan.reason}",
        err=True,
    )


@main.group()
def xliff() -> None:
    """Exchange translations with CAT tools (Trados, memoQ, Phrase) as XLIFF."""


@xliff.command("export")
@click.argument("releases", nargs=-1)
@click.option(
    "--lang",
    "languages",
    multiple=True,
    metavar="LANG[,LANG…]",
    help="The target languages to export (default: all).",
)
@click.option(
    "--output",
    "-o",
    type=click.Path(path_type=Path),
    help="The XLIFF file to write, or an existing folder for <slug>.<lang>.xlf files "
    "(default: standard output, for one release and language).",
)
@click.option(
    "--version",
    "version",
    type=click.Choice(["1.2", "2.0"]),
    default="1.2",
    show_default=True,
    help="XLIFF version: 1.2 is what Trados, memoQ and Phrase all read.",
)
@click.pass_obj
def xliff_export(
    project_dir: Path | None,
    releases: tuple[str, ...],
    languages: tuple[str, ...],
    output: Path | None,
    version: str,
) -> None:
    """Write a release's units in one language as XLIFF, for an agency's CAT tool.

    One file per release and language, one unit per PO entry: its state
    (untranslated: new, fuzzy: needs-review-translation, reviewed: translated),
    placeholders as tags the tool protects (<g>/<x>; 2.0: <pc>/<ph>), and notes with
    the unit's role and the glossary's names. Without RELEASES, every release (then
    -o must be a folder).
    """
    from .project.xliff import xliff_export as run_export

    project = _open(project_dir)
    exported, failed = run_export(
        project, releases, languages=_languages(languages), version=version, output=output
    )
    for item in exported:
        if item.path is None:
            click.echo(item.text, nl=False)
            continue
        counts = item.counts
        click.echo(
            f"wrote {item.path}  {sum(counts.values())} units: {counts['reviewed']} "
            f"reviewed, {counts['fuzzy']} fuzzy, {counts['untranslated']} untranslated",
            err=True,
        )
    for error in failed:
        click.echo(f"error: {printable(str(error))}", err=True)
    if failed:
        sys.exit(2)


@xliff.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--force",
    is_flag=True,
    help="Take the XLIFF's translation also where the PO entry changed since the export "
    "(each overwrite is listed).",
)
@click.pass_obj
def xliff_import(project_dir: Path | None, files: tuple[Path, ...], force: bool) -> None:
    """Write the translations of XLIFF files back into the PO files they came from.

    As a PO editor's save: the state sets the fuzzy flag (translated, final,
    signed-off: reviewed; any other: fuzzy), an empty target changes nothing, and a
    translation with broken or unknown tags, raw HTML or a script URL is refused. A
    PO entry changed since the export is kept and reported as a conflict (--force
    takes the XLIFF's), and a unit whose source is not its entry's msgid any more is
    refused. A PO file with nothing to change is not rewritten.

    Exit status: 0 every unit imported or unchanged; 1 a conflict or a refused unit
    (listed as FILE:LINE: error: …, the other units are imported); 2 a file could not
    be read or names no PO file of the project (nothing is written).
    """
    from .project.lock import locked
    from .project.xliff import xliff_import as run_import

    project = _open(project_dir)
    with locked(project.config):
        result = run_import(project, files, force=force)
    for finding in result.findings:
        click.echo(printable(str(finding)), err=True)
    for file in result.files:
        click.echo(
            f"{'updated' if file.written else 'unchanged':9}  {file.po}  "
            f"{file.counted('imported') + file.counted('forced')} imported, "
            f"{file.counted('unchanged')} unchanged, {file.counted('empty')} empty, "
            f"{file.counted('conflict')} conflict(s), {file.counted('refused')} refused"
        )
    if any(finding.severity == "error" for finding in result.findings):
        sys.exit(1)


@main.command()
@click.argument("folder", required=False, type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--lang",
    "languages",
    multiple=True,
    metavar="LANG[,LANG…]",
    help="The target languages (default: ru,kk).",
)
@click.option("--source", "source", default="en", show_default=True, help="The source language.")
@click.pass_obj
def init(
    project_dir: Path | None, folder: Path | None, languages: tuple[str, ...], source: str
) -> None:
    """Start a new project in FOLDER (default: the current folder).

    Writes l10nrelease.toml, an empty glossary.csv (its header and an example row as a
    comment), sources/ and locales/, a .gitignore, a .gitattributes, a
    .pre-commit-config.yaml running the check, and a GitHub Actions workflow
    (.github/workflows/translations.yml). Refuses, changing nothing, when any of
    them is already there.
    """
    from .project.init import init as run_init

    target = folder or project_dir or Path(".")
    result = run_init(target, _languages(languages) or ("ru", "kk"), source=source)
    for name in result.written:
        click.echo(f"created    {(target / name).as_posix()}")
    where = "" if target == Path(".") else f" -C {target.as_posix()}"
    shown = "" if target == Path(".") else f"{target.as_posix()}/"
    steps = [
        (f"cp <your release>.docx {shown}sources/", "or .txt, .md, a page from the CMS (.html)"),
        (f"l10nrelease{where} extract", "PO files for the translators"),
        (f"l10nrelease{where} build", "the pages, once they are reviewed"),
    ]
    width = max(len(command) for command, _ in steps)
    click.echo("\nNext:")
    for command, why in steps:
        click.echo(f"  {command.ljust(width)}  # {why}")
