"""The form of a notebook task, shared by every split (notebook_tasks.py, notebook_tasks_heldout.py,
notebook_tasks_traps.py, notebook_tasks_checklist.py).

``requirements`` is the hand-written checklist of what the request's words ask for, one
dict per requirement (``{"kind", "target", "value", "phrase"}``; the kinds are listed in
``notebook_tasks_checklist.py``). It is the answer key used to judge extraction: the
checklist a model or a parser pulls out of ``request`` is compared with it. Tasks written
before it existed leave it empty.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable


@dataclass
class Task:
    lang: str
    setup: Callable[[], dict]
    request: str
    check: Callable[[dict], bool]
    reference: str = ""  # a correct answer: --verify requires it to pass
    wrong: str = ""  # a plausible mistake: --verify requires it to fail
    requirements: list = field(default_factory=list)  # the hand-written checklist (see above)
