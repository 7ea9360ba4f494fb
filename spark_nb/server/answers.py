"""A model's answer as HTTP: deltas from the worker thread to the event loop, then
Server-Sent Events (streamed) or one JSON body, and errors in OpenAI's shape."""

from __future__ import annotations

import asyncio
import json
import time

from starlette.requests import Request as HTTPRequest
from starlette.responses import JSONResponse

from spark_nb.engine.stream import Stream
from spark_nb.engine.types import Batch, Completion
from spark_nb.errors import ContextOverflowError, OptionsError
from spark_nb.server.scheduler import Request

DISCONNECT_CHECK = 0.5  # seconds between looks for a client that left a non-streamed request


class Bridge(Stream):
    """A stream whose deltas and end go to an asyncio queue on the server's loop."""

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        super().__init__()
        self.loop, self.events = loop, asyncio.Queue()

    def _put(self, item) -> None:
        try:
            self.loop.call_soon_threadsafe(self.events.put_nowait, item)
        except RuntimeError:  # the loop has closed: the server is stopping
            pass

    def emit(self, text) -> None:
        if text:
            self._put(("delta", text))

    def _close(self) -> None:
        super()._close()
        self._put(("end", None))


def error(status: int, message: str, kind: str = "invalid_request_error", code: str | None = None) -> JSONResponse:
    return JSONResponse({"error": {"message": message, "type": kind, "code": code}}, status_code=status)


def usage(u) -> dict:
    return {"prompt_tokens": u.prompt_tokens, "completion_tokens": u.completion_tokens,
            "total_tokens": u.prompt_tokens + u.completion_tokens,
            "prompt_tokens_details": {"cached_tokens": u.cached_prompt_tokens},
            "drafted_tokens": u.drafted_tokens, "accepted_tokens": u.accepted_tokens}


def choices(result: Completion | Batch) -> list[Completion]:
    return result.completions if isinstance(result, Batch) else [result]


def finish(c: Completion) -> str:
    return c.finish_reason if c.finish_reason in ("length", "stop", "cancelled") else "stop"


def answer_error(exc: BaseException) -> JSONResponse:
    if isinstance(exc, ContextOverflowError):
        return error(400, str(exc), "invalid_request_error", "context_length_exceeded")
    if isinstance(exc, OptionsError):
        return error(400, str(exc))
    return error(500, f"{type(exc).__name__}: {exc}", "server_error")


async def until_end(bridge: Bridge, request: HTTPRequest, job: Request, state) -> None:
    """Wait for a non-streamed answer, cancelling it if the client goes away meanwhile
    (looked at every ``DISCONNECT_CHECK`` seconds, however fast the deltas come)."""
    loop = asyncio.get_running_loop()
    checked = loop.time()
    try:
        while True:
            try:
                kind, _ = await asyncio.wait_for(bridge.events.get(), DISCONNECT_CHECK)
            except asyncio.TimeoutError:
                kind = None
            if kind == "end":
                return
            if loop.time() - checked >= DISCONNECT_CHECK:
                checked = loop.time()
                if await request.is_disconnected():
                    state.scheduler.cancel(job)
    except asyncio.CancelledError:
        state.scheduler.cancel(job)
        raise


def _sse(data: dict | str) -> str:
    return f"data: {data if isinstance(data, str) else json.dumps(data)}\n\n"


async def events(state, job: Request, bridge: Bridge, ident: str, model: str):
    """The answer as Server-Sent Events; a closed connection cancels the request."""
    created = int(time.time())
    base = {"id": ident, "object": "chat.completion.chunk", "created": created, "model": model}
    ended = False
    try:
        while True:
            kind, item = await bridge.events.get()
            if kind == "end":
                ended = True
                break
            index, text = item if isinstance(item, tuple) else (0, item)
            yield _sse({**base, "choices": [{"index": index, "delta": {"content": text},
                                             "finish_reason": None}]})
        if bridge._error is not None:
            err = json.loads(answer_error(bridge._error).body)
            yield _sse(err)
            return
        result = bridge.result
        yield _sse({**base, "choices": [{"index": c.index, "delta": {}, "finish_reason": finish(c),
                                         "spark": {"logprob": c.logprob,
                                                   "completion_tokens": c.usage.completion_tokens}}
                                        for c in choices(result)],
                    "spark": {"batched": bool(getattr(result, "batched", False))}})
        yield _sse({**base, "choices": [], "usage": usage(result.usage)})
        yield _sse("[DONE]")
    finally:
        if not ended:
            state.scheduler.cancel(job)
        state.in_flight -= 1
        state.touch()
