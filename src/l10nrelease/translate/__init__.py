"""Machine pre-translation: engines, masking, the cache, and the stage that fills PO files.

Every engine has one method, ``translate(texts, source, target) -> list[str]``; tests
use the real deep-translator code against a server on 127.0.0.1.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol


class Engine(Protocol):
    """What pretranslate needs of an engine (``engines.DeepTranslatorEngine``, or a
    test double): its name, the languages it serves, and a batch translation."""

    name: str
    #: requests sent so far (for the summary and the progress line)
    requests: int

    def supports(self, source: str, target: str) -> bool: ...

    def translate(self, texts: Sequence[str], source: str, target: str) -> list[str]: ...
