"""``python -m l10nrelease``: the same as the ``l10nrelease`` command."""

from .cli import main

main()
