"""The form of a notebook task, shared by both splits (notebook_tasks.py, notebook_tasks_heldout.py)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable


@dataclass
class Task:
    lang: str
    setup: Callable[[], dict]
    request: str
    check: Callable[[dict], bool]
    reference: str = ""  # a correct answer: --verify requires it to pass
    wrong: str = ""  # a plausible mistake: --verify requires it to fail
