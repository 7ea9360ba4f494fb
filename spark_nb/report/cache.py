"""Model answers cached as JSON files, keyed by the prompt, the model and PROMPT_VERSION.

The prompt holds the cells' code and outputs, so an unchanged notebook finds every
answer here and exports without loading the model.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from spark_nb.report.errors import ReportError
from spark_nb.report.write import atomic_write

# Bump when the prompts change, so old answers are not reused for new questions.
PROMPT_VERSION = "report-3"


def default_dir() -> Path:
    """``$SPARK_NB_CACHE_DIR/reports`` (or ``~/.cache/spark_nb/reports``)."""
    from spark_nb.engine.settings import cache_dir

    return cache_dir() / "reports"


def key(model: str, messages: list[dict], max_tokens: int, json_schema: dict | None = None) -> str:
    """sha256 over everything that decides the answer."""
    blob = json.dumps([PROMPT_VERSION, model, max_tokens, messages] + ([json_schema] if json_schema else []),
                      ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


class AnswerCache:
    """One JSON file per answer under ``root/ab/abcdef….json``; unreadable files are misses."""

    def __init__(self, root: Path | str | None = None, enabled: bool = True) -> None:
        self.root = Path(root) if root else default_dir()
        self.enabled = enabled

    def _path(self, k: str) -> Path:
        return self.root / k[:2] / f"{k}.json"

    def get(self, k: str) -> str | None:
        if not self.enabled:
            return None
        try:
            return json.loads(self._path(k).read_text(encoding="utf-8"))["text"]
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def put(self, k: str, text: str, model: str) -> None:
        if not self.enabled:
            return
        path = self._path(k)
        entry = json.dumps({"text": text, "model": model, "version": PROMPT_VERSION}, ensure_ascii=False)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            atomic_write(path, entry)
        except (OSError, ReportError):
            return  # a read-only cache only costs speed, never the report
