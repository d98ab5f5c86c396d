"""Machine pre-translation: engines, masking, the cache, and the stage that fills PO files.

Every engine has one method, ``translate(texts, source, target) -> list[str]``; tests
use the real deep-translator code against a server on 127.0.0.1.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol


class Engine(Protocol):
    name: str

    def supports(self, source: str, target: str) -> bool: ...

    def translate(self, texts: Sequence[str], source: str, target: str) -> list[str]: ...
