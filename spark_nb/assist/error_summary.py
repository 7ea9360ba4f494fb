"""The instant one-line summary of an error, from a small fast model.

The error panel shows a summary at once: a rule's explanation when a rule knows the
error, else a generic line ("a key or column that does not exist was looked up"). When
no rule knows it, a small model (the "summary" task) writes one plain sentence from the
cell and the error line alone, in a second or two, before the larger model's
explanation and fix arrive. The sentence is text only: no code, one line, bounded.
"""

from __future__ import annotations

import re
import threading
import time
from dataclasses import dataclass
from typing import Any, Mapping

from spark_nb.context.secrets import redact_messages

SYSTEM = ("You read errors from cells of a Jupyter notebook. In one short sentence{lang}, say "
          "what went wrong, in plain words for a data analyst. Do not explain how to fix it and "
          "do not write code.")
IN_JAPANESE = " in Japanese"
MAX_TOKENS = 60
MAX_CHARS = 240


@dataclass
class Summary:
    text: str
    model: str = ""
    tokens: int = 0
    seconds: float = 0.0


def summarize(engine: Any, source: str, error_line: str, *, line: int | None = None,
              japanese: bool = False, namespace: Mapping[str, Any] | None = None,
              cancel: threading.Event | None = None) -> Summary | None:
    """One sentence saying what went wrong, or None when the model gave nothing usable."""
    started = time.perf_counter()
    where = f" (line {line})" if line else ""
    user = f"The cell:\n```python\n{source.strip()}\n```\n\nThe error{where}: {error_line.strip()}"
    messages = [{"role": "system", "content": SYSTEM.format(lang=IN_JAPANESE if japanese else "")},
                {"role": "user", "content": user}]
    stream = engine.stream(redact_messages(messages, namespace or {}), max_tokens=MAX_TOKENS,
                           temperature=0.0, stop=["\n\n", "```"])
    for _ in stream:
        if cancel is not None and cancel.is_set():
            stream.cancel()
    completion = stream.wait()
    if completion.finish_reason == "cancelled":
        return None
    text = one_sentence(completion.text)
    if not text:
        return None
    return Summary(text, completion.model, completion.usage.completion_tokens,
                   time.perf_counter() - started)


def one_sentence(text: str) -> str:
    """The first sentence of ``text`` on one line, without markup; "" if none is usable."""
    text = re.sub(r"[`*_#>]+", "", text.split("```", 1)[0]).strip()
    text = " ".join(text.split())
    if not text:
        return ""
    first = re.split(r"(?<=[.!?。！？])\s*", text, maxsplit=1)[0].strip()
    if len(first) > MAX_CHARS:
        first = first[:MAX_CHARS].rsplit(" ", 1)[0] + " …"
    return first if re.search(r"\w", first) else ""
