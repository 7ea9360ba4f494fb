"""Fixtures for the report tests: the example notebooks executed once, a counting engine."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
NOTEBOOKS = {"en": "sales_analysis.ipynb", "ja": "sales_ja.ipynb"}


@dataclass
class _Completion:
    text: str


class CountingEngine:
    """Answers every request with a sentence built from the prompt's own output numbers.

    It counts its calls, so tests can prove a cached export asks nothing.
    """

    name = "counting"

    def __init__(self, answer: str | None = None) -> None:
        self.calls: list[list[dict]] = []
        self.answer = answer

    def complete(self, messages, **options):
        self.calls.append(list(messages))
        if self.answer is not None:
            return _Completion(self.answer)
        prompt = messages[-1]["content"]
        japanese = any("\u3040" <= ch <= "\u30ff" for ch in prompt)
        return _Completion("この手順で集計しました。結果は 12345.678 です。" if japanese else
                           "This step summarised the data. It shows 9999999 of something.")


@pytest.fixture(scope="session")
def executed(tmp_path_factory):
    """{"en": path, "ja": path}: the example notebooks run by nbclient into a temp folder."""
    pytest.importorskip("nbclient")
    from spark_nb.report import notebook

    folder = tmp_path_factory.mktemp("executed")
    out = {}
    for lang, name in NOTEBOOKS.items():
        src = folder / f"src_{name}"
        shutil.copy(EXAMPLES / name, src)
        ran = notebook.execute(notebook.load(src), timeout=300, cwd=folder)
        assert not ran.failed_cells, ran.failed_cells
        out[lang] = notebook.save(ran, folder / name)
    return out


@pytest.fixture
def engine(monkeypatch):
    """A counting engine that ``get_engine`` returns (the lazily loaded model is this)."""
    fake = CountingEngine()
    monkeypatch.setattr("spark_nb.engine.get_engine", lambda model=None, **kw: fake)
    return fake


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    path = tmp_path / "cache"
    monkeypatch.setenv("SPARK_NB_CACHE_DIR", str(path))
    return path


class ScriptedEngine:
    """Answers each request with the next of its answers (the last one repeats): model prose
    chosen by the test, e.g. a payload an injected notebook could make a model write."""

    name = "scripted"

    def __init__(self, *answers: str) -> None:
        self.answers = list(answers)
        self.calls: list[list[dict]] = []

    def complete(self, messages, **options):
        self.calls.append(list(messages))
        text = self.answers.pop(0) if len(self.answers) > 1 else self.answers[0]
        return _Completion(text)


class Listener:
    """A local HTTP server on 127.0.0.1 that records every connection and request it gets."""

    def __init__(self) -> None:
        import http.server
        import threading

        self.connections: list[tuple] = []
        self.requests: list[str] = []
        outer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                outer.requests.append(self.path)
                body = b"body{background:red}" if self.path.endswith(".css") else b"x"
                self.send_response(200)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        class Server(http.server.ThreadingHTTPServer):
            daemon_threads = True

            def verify_request(self, request, client_address):
                outer.connections.append(client_address)
                return True

        self.server = Server(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def heard(self) -> bool:
        return bool(self.connections or self.requests)

    def reset(self) -> None:
        self.connections.clear()
        self.requests.clear()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def listener():
    """A recording HTTP server on 127.0.0.1 (a "remote" host the report must never reach)."""
    server = Listener()
    yield server
    server.close()
