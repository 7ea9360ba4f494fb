"""The HTTP side of the model server: OpenAI-compatible chat completions, and status.

Routes:

- ``GET /v1/models``: the registry's installed models and the ones loaded;
- ``POST /v1/chat/completions``: streamed (Server-Sent Events) or not. spark_nb's own
  fields, as vLLM adds its own: ``spark_sequences`` (K answers to the prompt, decoded
  together; one options dict each), ``spark_draft`` ("prompt-lookup"), and the headers
  ``X-Spark-NB-Client`` (whose request: turns and saved prompt states are per client)
  and ``X-Spark-NB-Priority`` (interactive or background). Usage gives
  ``prompt_tokens_details.cached_tokens`` and ``drafted_tokens``/``accepted_tokens``;
- ``GET /spark/status`` and ``POST /spark/stop``.

Over TCP every request needs ``Authorization: Bearer <token>``; over the Unix socket the
socket's mode (0600, in a 0700 folder) is the check. A client that closes its
connection cancels its request.
"""

from __future__ import annotations

import asyncio
import os
import secrets
import time
import uuid
from typing import Any, Callable

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request as HTTPRequest
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route

from spark_nb.engine import server_link
from spark_nb.engine.stream import Stream
from spark_nb.engine.types import GenerationOptions
from spark_nb.errors import OptionsError, SparkError
from spark_nb.server.answers import Bridge, answer_error, choices, error, events, finish, until_end, usage
from spark_nb.server.models import DoesNotFitError, Models
from spark_nb.server.scheduler import RANKS, Request, Scheduler
from spark_nb.server.sessions import SLOTS, Sessions

SEQUENCE_KEYS = ("max_tokens", "temperature", "top_p", "stop", "seed")


class State:
    """What the server holds: models, the scheduler, clients, and when it was last used."""

    def __init__(self, idle: float, token: str | None, tcp: str | None = None,
                 stop: Callable[[], None] | None = None) -> None:
        self.models = Models()
        self.sessions = Sessions()
        self.scheduler = Scheduler(capacity=lambda engine: SLOTS if engine.has_sessions else 1)
        self.idle, self.token, self.tcp = idle, token, tcp
        self.started = time.time()
        self.last_active = time.monotonic()
        self.in_flight = 0
        self.clients: dict[str, dict] = {}
        self.stop = stop or (lambda: None)

    def touch(self) -> None:
        self.last_active = time.monotonic()

    def idle_for(self) -> float:
        return 0.0 if self.in_flight or self.scheduler.busy else time.monotonic() - self.last_active


def _authorized(state: State, request: HTTPRequest) -> bool:
    if request.scope.get("client") is None:  # the Unix socket: its mode is the check
        return True
    given = request.headers.get("authorization", "")
    return bool(state.token) and secrets.compare_digest(given.encode(), f"Bearer {state.token}".encode())


def _options(body: dict) -> tuple[dict, list[dict] | None]:
    """The generation options of a chat request, and its sequences (None: one answer)."""
    opts: dict[str, Any] = {}
    for key in ("max_tokens", "temperature", "top_p", "seed"):
        if body.get(key) is not None:
            opts[key] = body[key]
    if body.get("max_completion_tokens") is not None and "max_tokens" not in opts:
        opts["max_tokens"] = body["max_completion_tokens"]
    stop = body.get("stop")
    if stop:
        opts["stop"] = (stop,) if isinstance(stop, str) else tuple(stop)
    fmt = body.get("response_format") or {}
    if isinstance(fmt, dict) and fmt.get("type") == "json_schema":
        schema = (fmt.get("json_schema") or {}).get("schema")
        if not isinstance(schema, dict):
            raise OptionsError("response_format json_schema needs a schema object")
        opts["json_schema"] = schema
    elif isinstance(fmt, dict) and fmt.get("type") == "json_object" and isinstance(fmt.get("schema"), dict):
        opts["json_schema"] = fmt["schema"]
    if body.get("spark_draft"):
        opts["draft"] = body["spark_draft"]
    GenerationOptions.from_kwargs(**opts)  # a bad value is refused before anything queues
    sequences = body.get("spark_sequences")
    n = body.get("n", 1)
    if sequences is None and isinstance(n, int) and n > 1:
        sequences = [{"seed": (opts.get("seed") or 0) + i} for i in range(n)]
    if sequences is not None:
        if not isinstance(sequences, list) or not sequences or not all(isinstance(s, dict) for s in sequences):
            raise OptionsError("spark_sequences must be a non-empty list of option objects")
        for s in sequences:
            unknown = sorted(set(s) - set(SEQUENCE_KEYS))
            if unknown:
                raise OptionsError(f"unknown sequence option(s): {', '.join(unknown)}; "
                                   f"valid: {', '.join(SEQUENCE_KEYS)}")
        sequences = [{k: (tuple(v) if k == "stop" and v is not None else v) for k, v in s.items()
                      if v is not None} for s in sequences]
        for s in sequences:
            GenerationOptions.from_kwargs(**{**opts, **s, "draft": None})
    return opts, sequences


def build(state: State) -> Starlette:
    """The ASGI app over ``state``."""

    async def chat(request: HTTPRequest) -> Response:
        if not _authorized(state, request):
            return error(401, "a bearer token is needed (it is in the server's token file)",
                          "authentication_error")
        try:
            body = await request.json()
        except ValueError:
            return error(400, "the body is not JSON")
        if not isinstance(body, dict) or not isinstance(body.get("model"), str):
            return error(400, "the body must be a JSON object with a model name")
        messages = body.get("messages")
        if not isinstance(messages, list) or not messages:
            return error(400, "messages must be a non-empty list")
        try:
            opts, sequences = _options(body)
        except (OptionsError, TypeError, ValueError) as exc:
            return error(400, str(exc))
        client = request.headers.get("x-spark-nb-client") or "anonymous"
        priority = request.headers.get("x-spark-nb-priority", "interactive")
        if priority not in RANKS:
            return error(400, f"X-Spark-NB-Priority must be one of {', '.join(RANKS)}")
        backend = request.headers.get("x-spark-nb-backend") or None
        state.in_flight += 1
        try:
            engine = await run_in_threadpool(state.models.get, body["model"], backend)
        except DoesNotFitError as exc:
            state.in_flight -= 1
            return error(503, str(exc), "server_error", "model_does_not_fit")
        except SparkError as exc:
            state.in_flight -= 1
            return error(404, str(exc), "invalid_request_error", "model_not_found")
        except BaseException:
            state.in_flight -= 1
            raise
        seen = state.clients.setdefault(client, {"requests": 0})
        seen["requests"] += 1
        seen["last_seen"] = time.time()
        opts["cache_group"] = client
        bridge = Bridge(asyncio.get_running_loop())

        def start() -> Stream:
            try:
                if engine.has_sessions and not (opts.get("draft") and state.sessions.idle(engine)):
                    state.sessions.submit(engine, messages, bridge, sequences, opts)
                    return bridge
                if sequences is not None:
                    return engine.stream_batch(messages, sequences=sequences, into=bridge, **opts)
                return engine.stream(messages, into=bridge, **opts)
            except BaseException as exc:  # reported to the client as the answer's error
                bridge.fail(exc)
                return bridge

        job = Request(engine, client, priority, start)
        state.scheduler.submit(job)
        ident = f"chatcmpl-{uuid.uuid4().hex[:24]}"
        model = body["model"]
        if body.get("stream"):
            return StreamingResponse(events(state, job, bridge, ident, model),
                                     media_type="text/event-stream",
                                     headers={server_link.VERSION_HEADER: server_link.version()})
        try:
            await until_end(bridge, request, job, state)
        finally:
            state.in_flight -= 1
            state.touch()
        if bridge._error is not None:
            return answer_error(bridge._error)
        result = bridge.result
        return JSONResponse({
            "id": ident, "object": "chat.completion", "created": int(time.time()), "model": model,
            "choices": [{"index": c.index, "message": {"role": "assistant", "content": c.text},
                         "finish_reason": finish(c),
                         "spark": {"logprob": c.logprob, "completion_tokens": c.usage.completion_tokens}}
                        for c in choices(result)],
            "usage": usage(result.usage),
        }, headers={server_link.VERSION_HEADER: server_link.version()})

    async def list_models(request: HTTPRequest) -> Response:
        if not _authorized(state, request):
            return error(401, "a bearer token is needed", "authentication_error")
        from spark_nb.engine import models

        data = [{"id": m["name"], "object": "model", "owned_by": "spark-nb"}
                for m in models() if m["installed"]]
        named = {d["id"] for d in data}
        data += [{"id": m["model"], "object": "model", "owned_by": "spark-nb"}
                 for m in state.models.snapshot() if m["model"] not in named]
        return JSONResponse({"object": "list", "data": data})

    async def status(request: HTTPRequest) -> Response:
        if not _authorized(state, request):
            return error(401, "a bearer token is needed", "authentication_error")
        return JSONResponse(describe(state))

    async def stop(request: HTTPRequest) -> Response:
        if not _authorized(state, request):
            return error(401, "a bearer token is needed", "authentication_error")
        state.stop()
        return JSONResponse({"stopping": True})

    return Starlette(routes=[
        Route("/v1/chat/completions", chat, methods=["POST"]),
        Route("/v1/models", list_models, methods=["GET"]),
        Route("/spark/status", status, methods=["GET"]),
        Route("/spark/stop", stop, methods=["POST"]),
    ])


def describe(state: State) -> dict:
    """The status page: version, models, clients, queue, memory."""
    import psutil

    queue = state.scheduler.snapshot()
    clients = {name: {**info, **queue["clients"].get(name, {"waiting": 0, "running": 0})}
               for name, info in state.clients.items()}
    return {
        "version": server_link.version(), "protocol": server_link.PROTOCOL, "pid": os.getpid(),
        "started": state.started, "uptime_s": round(time.time() - state.started, 1),
        "socket": str(server_link.socket_path()), "tcp": state.tcp,
        "idle_stop_s": state.idle, "idle_s": round(state.idle_for(), 1),
        "models": state.models.snapshot(), "clients": clients,
        "queue": {k: queue[k] for k in ("waiting", "running", "served")},
        "memory": {"rss": psutil.Process().memory_info().rss},
    }


