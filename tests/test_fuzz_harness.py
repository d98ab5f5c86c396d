"""The fuzzing harness (fuzz/fuzz_readers.py) runs, and its seeds pass through it.

The fuzzer itself runs for minutes and is a separate command (see the README); this
test proves the harness is sound: every seed, from the sample project and from
tests/malformed/, reaches its reader and ends in a result or an ``L10nError``, never
another exception.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

from .conftest import ROOT


def _harness():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("fuzz_readers", ROOT / "fuzz" / "fuzz_readers.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["fuzz_readers"] = module
    spec.loader.exec_module(module)
    return module


def test_every_seed_passes_through_the_harness(tmp_path: Path) -> None:
    harness = _harness()
    seeds = tmp_path / "corpus"
    harness.seed(seeds)
    files = sorted(seeds.iterdir())
    readers = {file.read_bytes()[0] % len(harness.READERS) for file in files}
    assert readers == set(range(len(harness.READERS)))  # every reader has a seed
    for file in files:
        harness.test_one(file.read_bytes())


def test_what_the_fuzzer_found_passes_through_the_harness() -> None:
    """Inputs the fuzzer once stopped on (each file: the reader's byte, then the input),
    kept so that they stay fixed."""
    harness = _harness()
    found = sorted((Path(__file__).parent / "data" / "fuzz-found").iterdir())
    assert found
    for file in found:
        harness.test_one(file.read_bytes())
