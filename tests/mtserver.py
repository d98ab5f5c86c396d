"""A machine-translation server on 127.0.0.1 for tests, answering in the real shapes of
Google's web endpoint (HTML), MyMemory (JSON) and LibreTranslate (JSON), with scripted
failures: 429 with Retry-After, 500, a hang longer than the client's timeout, garbage.

Its "translation" is a transliteration into Cyrillic (Kazakh adds a Kazakh letter), so
masks like {0} and line breaks come back unchanged, as real engines keep them.
"""

from __future__ import annotations

import contextlib
import html
import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

_LETTERS = dict(zip("abcdefghijklmnopqrstuvwxyz", "абкдефгхийклмнопкрстуввхыз", strict=True))


def fake_translate(text: str, target: str) -> str:
    def word(token: str) -> str:
        if token.startswith("{"):
            return token
        out = "".join(_LETTERS.get(c.lower(), c) for c in token)
        return out

    lines = []
    for line in text.split("\n"):
        translated = " ".join(word(token) for token in line.split(" "))
        lines.append(("Қазақша " if target.startswith("kk") else "Русский ") + translated)
    return "\n".join(lines)


class MTServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        # What the next requests get: "429", "500", "hang", "garbage", "drop-mask", "echo".
        self.script: list[str] = []
        self.requests: list[tuple[str, str]] = []  # (engine, text)
        self.raw: list[str] = []  # each request's path, query and body, as received
        self.lock = threading.Lock()
        self.russian_for_kazakh = False
        self.delay = 0.0  # seconds added to every answer (a slow engine, for benchmarks)
        #: Scripted answers by (target language, line as sent): what a real engine wrote;
        #: other lines get the transliteration.
        self.answers: dict[tuple[str, str], str] = {}

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def next_action(self) -> str:
        with self.lock:
            return self.script.pop(0) if self.script else "ok"


class _Handler(BaseHTTPRequestHandler):
    server: MTServer

    def log_message(self, *args: object) -> None:  # keep test output clean
        pass

    def do_GET(self) -> None:
        self._answer()

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        self.body = self.rfile.read(length).decode("utf-8", "replace") if length else ""
        self._answer()

    def _answer(self) -> None:
        url = urlparse(self.path)
        query = {k: v[0] for k, v in parse_qs(url.query).items()}
        engine = url.path.strip("/").split("/")[0]
        text = query.get("q", "")
        target = query.get("tl") or query.get("target") or query.get("langpair", "|").split("|")[1]
        with self.server.lock:
            self.server.requests.append((engine, text))
            self.server.raw.append(f"{self.path} {getattr(self, 'body', '')}")
        action = self.server.next_action()
        if self.server.delay:
            time.sleep(self.server.delay)
        if action == "429":
            self._send(429, "text/plain", "slow down", {"Retry-After": "0"})
            return
        if action == "echo":  # a server that repeats the request, secrets and all
            echoed = f"forbidden: {self.path} {getattr(self, 'body', '')} {dict(self.headers)}"
            self._send(403, "text/plain", echoed)
            return
        if action == "500":
            self._send(500, "text/plain", "server error")
            return
        if action == "hang":
            time.sleep(1.5)
            self._send(200, "text/plain", "too late")
            return
        if self.server.russian_for_kazakh and target.startswith("kk"):
            target = "ru"
        translated = "\n".join(
            self.server.answers.get((target[:2], line)) or fake_translate(line, target)
            for line in text.split("\n")
        )
        if action == "drop-mask":
            translated = translated.replace("{0}", "")
        if action == "garbage":
            self._send(200, "text/html", "<html><body>captcha</body></html>")
        elif engine == "google":
            body = (
                '<html><body><div class="result-container">'
                f"{html.escape(translated)}</div></body></html>"
            )
            self._send(200, "text/html; charset=utf-8", body)
        elif engine == "mymemory":
            payload = {"responseData": {"translatedText": translated}, "matches": []}
            self._send(200, "application/json", json.dumps(payload, ensure_ascii=False))
        else:
            self._send(
                200,
                "application/json",
                json.dumps({"translatedText": translated}, ensure_ascii=False),
            )

    def _send(
        self, status: int, kind: str, body: str, headers: dict[str, str] | None = None
    ) -> None:
        data = body.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self.wfile.write(data)  # the client gave up waiting (the timeout test)


@contextmanager
def running() -> Iterator[MTServer]:
    server = MTServer()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
