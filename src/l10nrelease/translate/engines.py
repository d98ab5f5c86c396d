"""deep-translator's engines behind ``Engine``: batching, timeouts and retries.

deep-translator sends one request per text, with no timeout, and reports a 429 without
its ``Retry-After``. Here texts are joined into batches of up to ``batch_chars``
(one per line; split again after, or sent one by one when the engine merges lines),
every request gets a timeout and is remembered per thread (an adapter around
``requests.Session.request``, in place only while engine calls run), and failures are
retried by tenacity with exponential backoff and jitter, honouring ``Retry-After``. A
host that does not resolve is not retried: the network is down. API keys come from
the environment variables deep-translator documents and never appear in a message.
"""

from __future__ import annotations

import contextlib
import os
import random
import socket
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from ..config import ENGINE_LANGUAGES
from ..errors import EngineError

#: Target languages each engine can translate into (one list, the configuration's).
LANGUAGES = ENGINE_LANGUAGES
#: Environment variable holding each engine's API key (as deep-translator names them).
KEY_VARIABLES = {
    "deepl": "DEEPL_API_KEY",
    "microsoft": "MICROSOFT_API_KEY",
    "yandex": "YANDEX_API_KEY",
    "libre": "LIBRE_API_KEY",
}
#: Engines that send the text to a third party (refused for embargoed releases).
PUBLIC = {"google", "mymemory", "deepl", "microsoft", "yandex"}
_MYMEMORY_CODES = {"ru": "ru-RU", "kk": "kk-KZ", "en": "en-GB"}

_local = threading.local()
_guard_lock = threading.Lock()
_guard_users = 0
_original_request: Any = None


@contextlib.contextmanager
def _guarded() -> Iterator[None]:
    """While an engine call runs, every request gets a timeout and its response is
    remembered per thread (for Retry-After). deep-translator calls ``requests`` with
    neither, so ``requests.Session.request`` is wrapped for the calls in progress
    only, and put back when the last one ends (calls run on several threads)."""
    global _guard_users, _original_request
    import requests

    with _guard_lock:
        if _guard_users == 0:
            _original_request = original = requests.Session.request

            def request(self: Any, method: str, url: str, **kwargs: Any) -> Any:
                kwargs.setdefault("timeout", getattr(_local, "timeout", 30.0))
                _local.response = None
                response = original(self, method, url, **kwargs)
                _local.response = response
                return response

            requests.Session.request = request  # type: ignore[method-assign,assignment]
        _guard_users += 1
    try:
        yield
    finally:
        with _guard_lock:
            _guard_users -= 1
            if _guard_users == 0:
                requests.Session.request = _original_request  # type: ignore[method-assign]


class Unreachable(EngineError):
    """The engine's host does not resolve: no network, or a wrong address. Retrying
    cannot help, so nothing is retried."""


@dataclass
class Retry:
    attempts: int = 5
    base: float = 0.5
    cap: float = 30.0
    sleep: Callable[[float], None] = time.sleep
    jitter: Callable[[], float] = random.random


class DeepTranslatorEngine:
    """One of deep-translator's engines, made safe to call in bulk."""

    def __init__(
        self,
        name: str,
        *,
        url: str | None = None,
        timeout: float = 30.0,
        batch_chars: int = 4500,
        retry: Retry | None = None,
    ) -> None:
        if name not in LANGUAGES:
            raise EngineError(
                f"unknown engine '{name}'; use one of {', '.join(sorted(LANGUAGES))} or tm"
            )
        variable = KEY_VARIABLES.get(name)
        self.key = os.environ.get(variable) if variable else None
        if name in {"deepl", "microsoft", "yandex"} and not self.key:
            raise EngineError(f"the {name} engine needs an API key in ${variable}")
        if name == "libre" and not url:
            raise EngineError(
                "the libre engine needs the URL of your LibreTranslate server "
                "(engines.libre.url in l10nrelease.toml)"
            )
        self.name = name
        self.url = url
        self.timeout = timeout
        self.batch_chars = min(batch_chars, 450 if name == "mymemory" else batch_chars)
        self.retry = retry or Retry()
        self.requests = 0

    def supports(self, source: str, target: str) -> bool:
        return target in LANGUAGES[self.name] and source in LANGUAGES[self.name] | {"en"}

    def translate(self, texts: Sequence[str], source: str, target: str) -> list[str]:
        if not self.supports(source, target):
            raise EngineError(f"the {self.name} engine does not translate into '{target}'")
        results: list[str] = []
        for batch in self._batches(texts):
            joined = "\n".join(batch)
            answer = self._call(joined, source, target)
            lines = [line.strip() for line in answer.split("\n")] if answer else []
            if len(lines) == len(batch):
                results += lines
            else:  # the engine merged or split lines: one request per text
                results += [self._call(text, source, target).strip() for text in batch]
        return results

    def _batches(self, texts: Sequence[str]) -> list[list[str]]:
        batches: list[list[str]] = [[]]
        size = 0
        for text in texts:
            if batches[-1] and size + len(text) + 1 > self.batch_chars:
                batches.append([])
                size = 0
            batches[-1].append(text)
            size += len(text) + 1
        return [batch for batch in batches if batch]

    def _translator(self, source: str, target: str) -> Any:
        import deep_translator as dt

        if self.name == "google":
            translator = dt.GoogleTranslator(source=source, target=target)
        elif self.name == "mymemory":
            translator = dt.MyMemoryTranslator(
                source=_MYMEMORY_CODES.get(source, source),
                target=_MYMEMORY_CODES.get(target, target),
            )
        elif self.name == "deepl":
            translator = dt.DeeplTranslator(source=source, target=target, api_key=self.key)
        elif self.name == "microsoft":
            translator = dt.MicrosoftTranslator(source=source, target=target, api_key=self.key)
        elif self.name == "yandex":
            translator = dt.YandexTranslator(source=source, target=target, api_key=self.key)
        else:
            # deep-translator insists on a key and does not list Kazakh for Libre; a
            # self-hosted server needs neither, so pass a stand-in key and set the
            # target after its language check.
            base = self.url if self.url and self.url.endswith("/") else f"{self.url}/"
            translator = dt.LibreTranslator(
                source=source, target="ru", api_key=self.key or "self-hosted", custom_url=base
            )
            translator._target = target
        if self.url and self.name in {"google", "mymemory"}:
            translator._base_url = self.url
        return translator

    def _call(self, text: str, source: str, target: str) -> str:
        """One request, retried (tenacity) on a timeout, a refused connection, a 429 or
        a server error, honouring Retry-After; an answer is checked to be text."""
        import tenacity

        retry = self.retry
        retrying = tenacity.Retrying(
            stop=tenacity.stop_after_attempt(retry.attempts),
            wait=lambda state: _delay(
                getattr(state.outcome and state.outcome.exception(), "response", None),
                state.attempt_number - 1,
                retry,
            ),
            sleep=retry.sleep,
            retry=tenacity.retry_if_exception_type(_Transient),
            reraise=True,
        )
        try:
            return str(retrying(self._attempt, text, source, target))
        except _Transient as exc:
            raise EngineError(
                f"the {self.name} engine did not answer after {retry.attempts} "
                f"attempts ({exc.what})"
            ) from None

    def _attempt(self, text: str, source: str, target: str) -> str:
        import requests
        from deep_translator import exceptions as errors

        _local.timeout = self.timeout
        _local.response = None
        self.requests += 1
        try:
            with _guarded():
                answer = self._translator(source, target).translate(text)
        except (errors.AuthorizationException, errors.ApiKeyException):
            raise EngineError(f"the {self.name} engine refused the API key") from None
        except (
            errors.TooManyRequests,
            errors.RequestError,
            errors.ServerException,
            requests.ConnectionError,
            requests.Timeout,
        ) as exc:
            if _unresolved(exc):
                host = urlsplit(self.url or _DEFAULT_HOSTS.get(self.name, "")).hostname
                raise Unreachable(
                    f"cannot reach the {self.name} engine: {host or 'its address'} does not "
                    "resolve (no network, or a wrong engines.*.url); --engine tm works offline, "
                    "from the translation memory"
                ) from None
            response = getattr(_local, "response", None)
            status = getattr(response, "status_code", None)
            if status is not None and 400 <= status < 500 and status not in (408, 429):
                raise EngineError(
                    f"the {self.name} engine refused the request (HTTP {status})"
                ) from None
            raise _Transient(f"HTTP {status}" if status else type(exc).__name__, response) from None
        except EngineError:
            raise
        except Exception:  # garbage: HTML without a result, JSON that is not JSON
            raise EngineError(
                f"the {self.name} engine gave an answer that is not a translation"
            ) from None
        if not isinstance(answer, str):
            raise EngineError(f"the {self.name} engine gave no text")
        return answer


class _Transient(Exception):
    """A failure worth retrying, with the response (for Retry-After)."""

    def __init__(self, what: str, response: Any) -> None:
        super().__init__(what)
        self.what = what
        self.response = response


#: Where an engine without a configured URL sends its requests (for messages).
_DEFAULT_HOSTS = {
    "google": "https://translate.google.com/",
    "mymemory": "https://api.mymemory.translated.net/",
    "deepl": "https://api.deepl.com/",
    "microsoft": "https://api.cognitive.microsofttranslator.com/",
    "yandex": "https://translate.yandex.net/",
}


def _unresolved(exc: BaseException) -> bool:
    """Whether a connection failed because the host name does not resolve."""
    seen: set[int] = set()
    pending: list[object] = [exc]
    while pending:
        current = pending.pop()
        if not isinstance(current, BaseException) or id(current) in seen:
            continue
        seen.add(id(current))
        if isinstance(current, socket.gaierror) or type(current).__name__ == "NameResolutionError":
            return True
        pending += [current.__cause__, current.__context__, *current.args]
        pending.append(getattr(current, "reason", None))
    return False


def _delay(response: Any, attempt: int, retry: Retry) -> float:
    header = getattr(response, "headers", {}).get("Retry-After") if response is not None else None
    if header:
        try:
            return min(float(header), retry.cap)
        except ValueError:
            pass
    delay: float = min(retry.cap, retry.base * 2**attempt) * (0.5 + retry.jitter() / 2)
    return delay
