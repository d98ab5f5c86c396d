"""``python -m l10nrelease``: the same as the ``l10nrelease`` command."""

from .launch import main

main()
