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
