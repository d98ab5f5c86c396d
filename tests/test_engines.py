"""Engines through deep-translator's real code, against a server on 127.0.0.1."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from l10nrelease.errors import EngineError
from l10nrelease.translate.engines import DeepTranslatorEngine, Retry

from .mtserver import MTServer, running


@pytest.fixture
def server() -> Iterator[MTServer]:
    with running() as server:
        yield server


def _engine(name: str, server: MTServer, **options: object) -> DeepTranslatorEngine:
    slept: list[float] = []
    retry = Retry(attempts=3, sleep=slept.append, jitter=lambda: 0.5)
    engine = DeepTranslatorEngine(
        name, url=f"{server.base}/{name}", timeout=0.5, retry=retry, **options
    )  # type: ignore[arg-type]
    engine.slept = slept  # type: ignore[attr-defined]
    return engine


@pytest.mark.parametrize("name", ["google", "mymemory", "libre"])
def test_each_engine_shape_round_trips_with_batching(server: MTServer, name: str) -> None:
    engine = _engine(name, server)
    texts = ["Experts met in {0}.", "The {1} supports {2}."]
    result = engine.translate(texts, "en", "kk")
    assert result == ["Қазақша ехпертс мет ин {0}.", "Қазақша тхе {1} суппортс {2}."]
    assert len(server.requests) == 1  # both units in one request
    assert server.requests[0][1] == "Experts met in {0}.\nThe {1} supports {2}."


def test_429_with_retry_after_then_success(server: MTServer) -> None:
    engine = _engine("google", server)
    server.script = ["429", "500"]
    assert engine.translate(["Hello."], "en", "ru") == ["Русский хелло."]
    assert len(server.requests) == 3
    # Retry-After: 0 is honoured; then backoff 0.5 * 2**1 with jitter factor 0.75.
    assert engine.slept == [0.0, 0.75]  # type: ignore[attr-defined]


def test_timeout_is_retried_and_then_reported(server: MTServer) -> None:
    engine = _engine("mymemory", server)
    server.script = ["hang", "hang", "hang"]
    with pytest.raises(EngineError, match="did not answer after 3 attempts"):
        engine.translate(["Hello."], "en", "ru")


def test_garbage_is_an_error_not_a_translation(server: MTServer) -> None:
    engine = _engine("google", server)
    server.script = ["garbage"]
    with pytest.raises(EngineError, match="not a translation"):
        engine.translate(["Hello."], "en", "ru")


def test_unsupported_language_is_refused_before_sending(server: MTServer, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("DEEPL_API_KEY", "secret-key-123")
    engine = _engine("deepl", server)
    with pytest.raises(EngineError, match="does not translate into 'kk'"):
        engine.translate(["Hello."], "en", "kk")
    assert server.requests == []


def test_keys_are_required_and_never_shown(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.delenv("YANDEX_API_KEY", raising=False)
    with pytest.raises(EngineError, match=r"needs an API key in \$YANDEX_API_KEY"):
        DeepTranslatorEngine("yandex")
    with pytest.raises(EngineError, match="unknown engine 'bing'"):
        DeepTranslatorEngine("bing")
    with pytest.raises(EngineError, match="URL of your LibreTranslate server"):
        DeepTranslatorEngine("libre")


def test_a_host_that_does_not_resolve_is_not_retried() -> None:
    from l10nrelease.translate.engines import Unreachable

    slept: list[float] = []
    engine = DeepTranslatorEngine(
        "google", url="http://engine.invalid/", retry=Retry(attempts=5, sleep=slept.append)
    )
    with pytest.raises(Unreachable, match=r"engine\.invalid does not resolve"):
        engine.translate(["Hello."], "en", "ru")
    assert slept == [] and engine.requests == 1


def test_the_requests_adapter_is_in_place_only_during_a_call(server: MTServer) -> None:
    import requests

    original = requests.Session.request
    engine = _engine("google", server)
    assert engine.translate(["Hello."], "en", "ru") == ["Русский хелло."]
    assert requests.Session.request is original
