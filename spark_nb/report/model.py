"""The model behind the report: loaded only when an answer is not in the cache."""

from __future__ import annotations

from typing import Any

from spark_nb.report.cache import AnswerCache, key
from spark_nb.report.options import ReportStats


def model_name(model: str | None) -> str:
    """The model a report will use: the option, else the one chosen for reports."""
    if model:
        return model
    from spark_nb.engine.engine import chosen

    return chosen("report").model


class CachedModel:
    """``complete(messages, max_tokens)`` -> text, from the cache or a lazily loaded engine."""

    def __init__(self, model: str | None, cache: AnswerCache, stats: ReportStats,
                 engine: Any = None) -> None:
        self.name = model_name(model) if engine is None else getattr(engine, "name", None) or model_name(model)
        self.cache = cache
        self.stats = stats
        self._engine = engine
        self._model = model
        self.failure: str | None = None  # set once the model could not be loaded

    def engine(self) -> Any:
        if self._engine is None:
            from spark_nb import engine as engine_module  # looked up late: tests patch it

            self._engine = engine_module.get_engine(self._model, task="report")
        return self._engine

    def complete(self, messages: list[dict], max_tokens: int = 200, json_schema: dict | None = None) -> str:
        """The model's answer (shaped by ``json_schema`` when given); raises whatever the
        engine raises (the caller notes it)."""
        k = key(self.name, messages, max_tokens, json_schema)
        cached = self.cache.get(k)
        if cached is not None:
            self.stats.cached_calls += 1
            return cached
        if self.failure:
            raise RuntimeError(self.failure)
        try:
            extra = {"json_schema": json_schema} if json_schema else {}
            result = self.engine().complete(messages, max_tokens=max_tokens, temperature=0, **extra)
        except Exception as exc:
            self.failure = f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"
            raise
        self.stats.model_calls += 1
        text = getattr(result, "text", result)
        self.cache.put(k, text, self.name)
        return text
