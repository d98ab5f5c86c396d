"""The ``l10nrelease`` command and ``python -m l10nrelease``: where a run starts.

A rerun of ``l10nrelease extract`` or ``l10nrelease build`` with nothing changed is
answered by its seal (``seal``). When the command line is that plain (the command
without arguments, at most ``--project``/``-C`` and ``--jobs``/``-j`` before it), the
seal is looked up here, before click and the command line's modules are imported:
those cost more than the lookup itself (about a tenth of a second on a slow machine,
twice per extract + build). Every other command line, and a plain one whose seal does
not hold, goes to ``cli``, which parses it and runs the command.

The standard library and ``seal`` only.
"""

from __future__ import annotations

import os
import sys

#: The commands that seal their answer, as a plain run gives them.
_SEALED = ("extract", "build")
#: What a seal's name has instead of the command's parameters when every one is at
#: its default (``cli`` files a plain run's seal under the same name).
PLAIN = "plain"


def jobs_ok(value: str) -> bool:
    """Whether ``--jobs`` (or ``L10NRELEASE_JOBS``) would take ``value`` (click's
    ``IntRange(1, 64)``); anything odd goes to click, which says what is wrong."""
    return value.isascii() and value.isdigit() and 1 <= int(value) <= 64


def plain(argv: list[str]) -> tuple[str | None, str] | None:
    """The project folder asked for (None: none) and the command of a plain command
    line (see the module's docstring); None for every other."""
    jobs = os.environ.get("L10NRELEASE_JOBS")
    if jobs is not None and not jobs_ok(jobs):
        return None
    project: str | None = None
    at = 0
    while at < len(argv):
        word = argv[at]
        if word in _SEALED and at == len(argv) - 1:
            return project, word
        name, equals, value = word.partition("=")
        if equals and name.startswith("--"):
            at += 1
        elif word in ("-C", "--project", "-j", "--jobs") and at + 1 < len(argv):
            name, value = word, argv[at + 1]
            at += 2
        else:
            return None
        if name in ("-j", "--jobs"):
            if not jobs_ok(value):
                return None
        elif name in ("-C", "--project") and value and not value.startswith("-"):
            if not os.path.isdir(value):
                return None  # (click says what is wrong with it)
            project = value
        else:
            return None
    return None


def reader_gone() -> bool:
    """Whether standard output is a pipe whose reader has closed it (any other broken
    pipe, a worker's or a server's, is an error to report)."""
    import select

    try:
        poller = select.poll()
        poller.register(sys.stdout.fileno(), select.POLLOUT)
        return any(event & select.POLLERR for _fd, event in poller.poll(0))
    except (AttributeError, OSError, ValueError):
        return False  # no poll here, or no standard output to ask about


def end_quietly() -> None:
    """The reader stopped reading (``l10nrelease status | head``): like every Unix tool
    the command ends quietly (128 + SIGPIPE)."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())  # no second error when Python exits
    sys.exit(141)


def say(lines: list[tuple[bool, str]]) -> None:
    """Each ``(to_stderr, line)`` on its stream, as ``click.echo`` writes it."""
    for to_stderr, line in lines:
        stream = sys.stderr if to_stderr else sys.stdout
        stream.write(line + "\n")
        stream.flush()


def main() -> None:
    asked = plain(sys.argv[1:])
    if asked is not None:
        from .seal import replay

        answer = replay(asked[0], asked[1], PLAIN)
        if answer is not None:
            lines, code = answer
            try:
                say(lines)
            except BrokenPipeError:
                if reader_gone():
                    end_quietly()
                sys.exit(2)  # standard error itself is gone: nothing more can be said
            sys.exit(code)
    from .cli import main as command_line

    command_line()


if __name__ == "__main__":
    main()
