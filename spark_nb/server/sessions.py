"""The running session of each model: requests join it, or start the next one.

A model whose backend decodes requests together (llama.cpp) serves the server's
requests through sessions (:mod:`spark_nb.engine.session`): a request that arrives
while others decode joins them at the next step instead of waiting for them to end.
One exception: a request with prompt-lookup drafting (an error fix copying its cell),
when the model is otherwise idle, runs alone with its drafting, which a session cannot
do and which makes it about twice as fast.
"""

from __future__ import annotations

import threading
from typing import Any, Sequence

from spark_nb.engine import Engine
from spark_nb.engine.session import Session
from spark_nb.engine.stream import Stream

SLOTS = 4  # requests a model decodes together at most; more wait their turn in the scheduler


class Sessions:
    """One open session per model."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._open: dict[int, Session] = {}

    def idle(self, engine: Engine) -> bool:
        """No request of this model is decoding or waiting to join (its session may still
        be closing: a request run alone then queues behind it on the model's thread)."""
        session = self._open.get(id(engine))
        return session is None or not session.open or session.active == 0

    def submit(self, engine: Engine, messages: list, into: Stream,
               sequences: Sequence[dict] | None, options: dict[str, Any]) -> None:
        """Offer the request to the model's session, starting one when none is open."""
        with self._lock:
            session = self._open.get(id(engine))
            if session is not None and engine.offer(session, messages, into=into, sequences=sequences,
                                                    **options):
                return
            session = self._open[id(engine)] = Session()
            engine.offer(session, messages, into=into, sequences=sequences, **options)
            job = engine.run_session(session)

        def ended(stream: Stream, session=session) -> None:
            if stream._error is not None:  # the model failed or closed: no request is left waiting
                for joining in session.close_now():
                    joining.stream.fail(stream._error)

        job.add_done_callback(ended)
