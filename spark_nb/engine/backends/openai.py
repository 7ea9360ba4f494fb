"""Backend ``openai``: any OpenAI-compatible HTTP server (vLLM, SGLang, llama.cpp).

Streams ``POST {base_url}/chat/completions`` and parses the Server-Sent Events itself.
The HTTP read runs on a helper thread so that a cancel is noticed within ~0.1 s even
while the server has not sent its first byte.

Notes on what servers do differently:

- ``draft="prompt-lookup"`` sends nothing: n-gram speculation is configured on the
  server (vLLM/SGLang ``--speculative-config``), so ``drafted_tokens`` and
  ``accepted_tokens`` stay 0.
- ``json_schema`` is sent as ``response_format`` ``{"type": "json_schema", ...}``. A
  server that rejects that (llama-cpp-python's server answers 500) gets, once and from
  then on, ``{"type": "json_object", "schema": ...}``, which it and llama.cpp support.
- Usage comes from the server (``stream_options.include_usage``). A server that sends
  none (llama-cpp-python's) leaves ``prompt_tokens`` at 0, and ``completion_tokens`` is
  the number of text chunks, which such servers send one per token.
- The context length is unknown here (0); a prompt that is too long comes back from the
  server as :class:`~spark_nb.errors.ContextOverflowError`.

Batches (``generate_batch``) are K concurrent streaming requests, one per sequence,
each with its own temperature, top-p, seed, stop strings and limit; ``n=K`` would not
do, since a batch's candidates differ in those. The requests are concurrent, not
batched: ``Batch.batched`` is False, and ``usage`` counts the prompt once per request,
since the server computes it for each (a server with continuous batching, vLLM,
SGLang or ``spark-nb serve``, decodes them together all the same). llama-cpp-python's
server serves one request at a time and, unless started with ``--interrupt_requests
False``, cuts a streaming answer short when another request arrives, ending it with
``[DONE]`` and no finish reason. A batch that sees such a cut asks again, one request
at a time, for the answers that were cut (streaming only the text not yet shown), and
runs later batches to that server one request at a time.

What is sent where:

- ``api_key=`` and ``SPARK_NB_OPENAI_API_KEY`` are keys given for the configured server
  and go to it. ``OPENAI_API_KEY``, which people set for OpenAI's own tools, goes only
  to ``https://api.openai.com``: any other server gets no key from it.
- Plain ``http`` to a host that is not loopback gets one warning per base URL per
  process (:class:`InsecureServerWarning`): prompts, code and answers cross the
  network unencrypted.
- Timeouts are separate: a short one to connect, a long one between bytes (the first
  token comes after the whole prompt is computed, which on a busy server takes a while).
- A connection that fails to open is tried again by httpx's transport; answers 429 and
  503 are retried with exponential backoff (httpx-retries), waiting what ``Retry-After``
  asks for. Nothing is retried once a response has begun: the status line ends the
  retrying.
"""

from __future__ import annotations

import base64
import ipaddress
import json
import queue
import re
import threading
import time
import urllib.request
import warnings
from typing import Any, Iterable, Iterator, Sequence

import httpx
from httpx_retries import Retry, RetryTransport

from spark_nb.engine.batch import _Tagged, _batch, sequential
from spark_nb.engine.cancel import CancelToken
from spark_nb.engine.registry import Resolved
from spark_nb.engine.settings import EngineSettings
from spark_nb.engine.stream import Stream
from spark_nb.engine.types import BackendInfo, Batch, Completion, GenerationOptions, Timings, Usage
from spark_nb.errors import BackendError, ContextOverflowError, OptionsError

_POLL_SECONDS = 0.1  # how often the waiting thread looks at the cancel token
_CONTEXT_WORDS = re.compile(
    r"context.{0,12}(length|window|size)|too many tokens|maximum context|exceeds?.{0,40}context",
    re.IGNORECASE | re.DOTALL,
)
_SSE_FIELDS = ("data", "event", "id", "retry")
OPENAI_HOST = "api.openai.com"  # the only server OPENAI_API_KEY is sent to
RETRY_STATUSES = (429, 503)  # busy or rate-limited: nothing was done, try again later
_CONNECT_RETRIES = 2  # a connection that fails to open: again at once, then 0.5 s later
_MAX_RETRY_WAIT = 60.0  # longest single wait (a longer Retry-After is cut to this)
_MAX_RETRY_TOTAL = 120.0  # most seconds spent waiting between tries of one request
_warned: set[str] = set()
_warned_lock = threading.Lock()


class ConnectionFailedError(BackendError):
    """The server could not be reached, or the connection broke; ``started``: after the
    answer had begun."""

    def __init__(self, message: str, started: bool = False) -> None:
        super().__init__(message)
        self.started = started


class InsecureServerWarning(UserWarning):
    """The openai backend talks plain http to a server that is not on this machine."""


class Backend:
    """Chat completions from an OpenAI-compatible server, streamed."""

    name = "openai"

    def __init__(self, resolved: Resolved, settings: EngineSettings, *,
                 base_url: str | None = None, api_key: str | None = None,
                 timeout: float = 600.0, connect_timeout: float = 10.0, retries: int = 4,
                 retry_backoff: float = 0.5, uds: str | None = None,
                 headers: dict[str, str] | None = None, extensions: bool = False,
                 **unknown: Any) -> None:
        if unknown:
            raise OptionsError(
                f"unknown option(s) for the openai backend: {', '.join(sorted(unknown))}; "
                "valid options are: api_key, base_url, connect_timeout, extensions, headers, "
                "retries, retry_backoff, timeout, uds"
            )
        self.extensions = extensions  # send spark_nb's own fields (spark-nb serve reads them)
        url = base_url or settings.openai_base_url
        if not url:
            raise BackendError(
                "no server given for the openai backend: set SPARK_NB_OPENAI_BASE_URL "
                "(e.g. http://127.0.0.1:8000/v1) or pass base_url="
            )
        self.base_url = url.rstrip("/")
        parsed = httpx.URL(self.base_url)
        if parsed.scheme not in ("http", "https") or not parsed.host:
            raise BackendError(
                f"the base URL {self.base_url!r} is not an http:// or https:// URL "
                "(e.g. http://127.0.0.1:8000/v1)"
            )
        if not (timeout > 0 and connect_timeout > 0 and retry_backoff >= 0 and retries >= 0):
            raise OptionsError("timeout and connect_timeout must be above 0, retries and "
                               "retry_backoff at least 0")
        self.timeout = float(timeout)
        self.retries = int(retries)
        self.model = resolved.remote or resolved.name
        key = api_key or settings.openai_api_key
        # OPENAI_API_KEY was set for OpenAI: another server's operator must not get it.
        self._withheld = not key and bool(settings.openai_platform_key) and not is_openai(parsed)
        if not key and is_openai(parsed):
            key = settings.openai_platform_key
        headers = {"Accept": "text/event-stream", **(headers or {})}
        if key:
            headers["Authorization"] = f"Bearer {key}"
        if parsed.scheme == "http" and not is_loopback(parsed.host) and uds is None:
            _warn_plain_http(self.base_url, bool(key))
        self.timeouts = httpx.Timeout(connect=float(connect_timeout), read=self.timeout,
                                      write=60.0, pool=30.0)
        retry = Retry(
            total=self.retries, allowed_methods=["POST"], status_forcelist=RETRY_STATUSES,
            retry_on_exceptions=(),  # connection failures are the inner transport's
            backoff_factor=float(retry_backoff), respect_retry_after_header=True,
            max_backoff_wait=_MAX_RETRY_WAIT, total_timeout=_MAX_RETRY_TOTAL,
        )
        connect = httpx.HTTPTransport(retries=_CONNECT_RETRIES, uds=uds,
                                      proxy=None if uds else _env_proxy(parsed))
        self._client = httpx.Client(
            headers=headers, timeout=self.timeouts, follow_redirects=False,
            transport=RetryTransport(transport=connect, retry=retry),
        )
        self._json_type = "json_schema"  # becomes "json_object" if the server rejects it
        self._one_at_a_time = False  # True once the server cut a stream for another request
        self.info = BackendInfo(backend=self.name, model=self.model, device=self.base_url)

    def generate(self, messages: Sequence[dict[str, str]], options: GenerationOptions,
                 stream: Stream) -> Completion:
        """Stream one chat completion from the server into ``stream``."""
        return self._complete(messages, options, stream)[0]

    def generate_batch(self, messages: Sequence[dict[str, str]], options: Sequence[GenerationOptions],
                       stream: Stream) -> Batch:
        """K answers to one prompt as K concurrent requests (see the module's notes).

        Deltas reach ``stream`` as ``(index, text)`` as they arrive; a cancel stops every
        request within ~0.1 s, and an error in one stops the others and is raised.
        """
        if self._one_at_a_time:
            return sequential(self.generate, messages, options, stream, self.model, self.name)
        t0 = time.perf_counter()
        k = len(options)
        linked = _Linked(stream.cancel_token)
        results: list[tuple[Completion, bool] | None] = [None] * k
        errors: list[BaseException] = []

        def one(i: int) -> None:
            s = Stream(linked)
            s.emit = _Tagged(stream, i).emit
            try:
                results[i] = self._complete(messages, options[i], s)
            except BaseException as exc:  # raised below, on the worker thread
                errors.append(exc)
                linked.cancel()  # the batch has failed: stop the other requests

        threads = [threading.Thread(target=one, args=(i,), name=f"spark-nb:openai-batch-{i}",
                                    daemon=True) for i in range(k)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        if errors:
            raise errors[0]
        done = []
        for i, (c, cut) in enumerate(results):
            if cut and not linked.cancelled:
                self._one_at_a_time = True
                again = self._complete(messages, options[i], _Resumed(stream, i, c.text))[0]
                if again.text.startswith(c.text):
                    c = again
                elif again.finish_reason == "cancelled":
                    c.finish_reason = "cancelled"
                else:
                    raise _answered_differently()
            c.index = i
            done.append(c)
        usage = Usage(prompt_tokens=sum(c.usage.prompt_tokens for c in done),
                      cached_prompt_tokens=sum(c.usage.cached_prompt_tokens for c in done))
        firsts = [c.timings.prompt_seconds for c in done if c.usage.completion_tokens]
        t_prompt = t0 + min(firsts) if firsts else time.perf_counter()
        return _batch(done, usage, t0, t_prompt, self.model, self.name, batched=False)

    def _complete(self, messages: Sequence[dict[str, str]], options: GenerationOptions,
                  stream: Stream) -> tuple[Completion, bool]:
        """One streamed answer, and whether the server cut it short (``[DONE]`` with no
        finish reason: llama-cpp-python's server does that when another request comes)."""
        t0 = time.perf_counter()
        try:
            state = self._run(self._body(messages, options), stream)
        except _Rejected as exc:
            if options.json_schema is None or self._json_type != "json_schema" \
                    or not exc.about_response_format:
                raise exc.error from None
            self._json_type = "json_object"
            state = self._run(self._body(messages, options), stream)
        t_end = time.perf_counter()
        t_first = state.t_first or t_end
        return Completion(
            text="".join(state.parts),
            finish_reason=state.finish_reason or "stop",
            usage=state.usage(),
            timings=Timings(
                time_to_first_token=t_first - t0,
                prompt_seconds=t_first - t0,
                decode_seconds=t_end - t_first,
                total_seconds=t_end - t0,
            ),
            model=self.model,
            backend=self.name,
        ), state.cut

    def close(self) -> None:
        """Close the HTTP connections."""
        self._client.close()

    # -- the request -------------------------------------------------------------------
    def _body(self, messages: Sequence[dict[str, str]], options: GenerationOptions) -> dict:
        body: dict[str, Any] = {
            "model": self.model,
            "messages": [_wire(m) for m in messages],
            "stream": True,
            "stream_options": {"include_usage": True},
            "max_tokens": options.max_tokens,
            "temperature": options.temperature,
            "top_p": options.top_p,
        }
        if options.stop:
            body["stop"] = list(options.stop)
        if options.seed is not None:
            body["seed"] = options.seed
        if options.json_schema is not None:
            schema = dict(options.json_schema)
            if self._json_type == "json_schema":
                body["response_format"] = {"type": "json_schema", "json_schema": {
                    "name": "output", "schema": schema, "strict": True}}
            else:
                body["response_format"] = {"type": "json_object", "schema": schema}
        if self.extensions and options.draft is not None:
            body["spark_draft"] = options.draft
        return body

    def _run(self, body: dict, stream: Stream, state: "_State | None" = None) -> "_State":
        """Post ``body`` and feed the answer's events to ``state`` until it ends."""
        events: queue.SimpleQueue = queue.SimpleQueue()
        stop = threading.Event()
        reader = threading.Thread(
            target=self._read, args=(body, events, stop),
            name="spark-nb:openai-reader", daemon=True,
        )
        reader.start()
        state = state if state is not None else _State()
        try:
            while True:
                if stream.cancel_token.cancelled:
                    state.finish_reason = "cancelled"
                    return state
                try:
                    kind, value = events.get(timeout=_POLL_SECONDS)
                except queue.Empty:
                    continue
                if kind == "data" and state.feed(self._parse(value), stream):
                    return state
                if kind == "status":
                    raise _Rejected(self._status_error(*value))
                if kind == "error":
                    raise self._transport_error(value, state) from value
                if kind == "end":
                    if state.finish_reason is None:
                        raise BackendError(
                            f"the stream from {self.base_url} ended early: the server closed "
                            "it before finishing the answer (no finish_reason, no [DONE]); "
                            "check its log (the prompt may not fit its context window)"
                        )
                    return state
        finally:
            stop.set()  # the reader closes the response at its next line or timeout

    def _read(self, body: dict, events: queue.SimpleQueue, stop: threading.Event) -> None:
        """Helper thread: post the request and pass SSE data on until told to stop."""
        url = f"{self.base_url}/chat/completions"
        try:
            # Retries (connection, 429, 503) happen inside this call, before any byte of
            # a body is read; once it returns, the answer is read once and never retried.
            with self._client.stream("POST", url, json=body) as resp:
                if stop.is_set():  # cancelled while a retry was waiting
                    return
                if resp.status_code >= 400:
                    resp.read()
                    retry = resp.extensions.get("retry")
                    tries = 1 + (retry.attempts_made if isinstance(retry, Retry) else 0)
                    events.put(("status", (resp.status_code, resp.text, tries)))
                    return
                for data in _sse_data(resp.iter_lines()):
                    if stop.is_set():
                        return
                    events.put(("data", data))
            events.put(("end", None))
        except Exception as exc:  # the waiting thread turns it into a BackendError
            events.put(("error", exc))

    # -- making sense of answers ---------------------------------------------------------
    def _parse(self, data: str) -> dict | None:
        """One SSE event's JSON (None for ``[DONE]``); garbage is an error."""
        if data.strip() == "[DONE]":
            return None
        try:
            chunk = json.loads(data)
        except ValueError:
            chunk = None
        if not isinstance(chunk, dict):
            raise self._garbage(data)
        if "error" in chunk:
            raise self._status_error(200, data)
        return chunk

    def _garbage(self, text: str) -> BackendError:
        return BackendError(
            f"the server at {self.base_url} did not answer like an OpenAI-compatible server "
            f"(is the base URL right?); it sent: {text[:100]!r}"
        )

    def _status_error(self, status: int, text: str, tries: int = 1) -> BackendError:
        message = _error_message(text)
        if (400 <= status < 500 and _CONTEXT_WORDS.search(message)) or "context_length" in text:
            return ContextOverflowError(
                f"the prompt does not fit the context window of the model on {self.base_url}: "
                f"{message}. Shorten the request or its context, or lower max_tokens."
            )
        if status < 400:  # an error event inside a stream that had started
            return BackendError(f"the server at {self.base_url} reported an error: {message}")
        hint = " (check the base URL: it usually ends in /v1)" if status == 404 else ""
        if status in RETRY_STATUSES:
            busy = "is rate-limiting this client" if status == 429 else "is busy or starting up"
            times = f"{tries} times" if tries > 1 else "once (retries=0)"
            return BackendError(
                f"the server at {self.base_url} answered HTTP {status} {times} ({message}): "
                f"it {busy}; try again later"
            )
        if status in (401, 403) and self._withheld:
            hint = (" (OPENAI_API_KEY is set, but it is sent only to https://api.openai.com; "
                    "give this server its key with SPARK_NB_OPENAI_API_KEY or api_key=)")
        return BackendError(
            f"the server at {self.base_url} answered HTTP {status}{hint}: {message}"
        )

    def _transport_error(self, exc: Exception, state: "_State") -> BackendError:
        if isinstance(exc, _NotSSE):
            return self._garbage(str(exc))
        if isinstance(exc, (httpx.ConnectError, httpx.ConnectTimeout)):
            return ConnectionFailedError(
                f"cannot reach the OpenAI-compatible server at {self.base_url} ({exc}); "
                "the server must be running there (e.g. vllm serve MODEL, or "
                "python -m llama_cpp.server --model FILE.gguf), or set "
                "SPARK_NB_OPENAI_BASE_URL to where it runs"
            )
        if isinstance(exc, httpx.ReadTimeout):
            return BackendError(
                f"the server at {self.base_url} sent nothing for {self.timeout:g} s and was "
                "given up on; it may be stuck or overloaded (raise timeout= to wait longer)"
            )
        if isinstance(exc, httpx.RemoteProtocolError) and not state.events and not self.extensions:
            return self._garbage(str(exc))
        return ConnectionFailedError(f"the connection to {self.base_url} failed: {exc}",
                                     started=bool(state.events))


class _State:
    """What one streamed answer has said so far."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.events = 0
        self.chunks = 0  # chunks that carried text
        self.finish_reason: str | None = None
        self.t_first: float | None = None
        self.reported: dict[str, int] = {}
        self.cut = False  # [DONE] came before any finish reason

    def feed(self, chunk: dict | None, stream: Stream) -> bool:
        """Take one parsed event; True at ``[DONE]``."""
        self.events += 1
        if chunk is None:
            self.cut = self.finish_reason is None
            self.finish_reason = self.finish_reason or "stop"
            return True
        for choice in chunk.get("choices") or ():
            text = (choice.get("delta") or {}).get("content") or ""
            if text:
                self.t_first = self.t_first or time.perf_counter()
                self.chunks += 1
                self.parts.append(text)
                stream.emit(text)
            reason = choice.get("finish_reason")
            if reason:
                self.finish_reason = "length" if reason == "length" else "stop"
        usage = chunk.get("usage") or {}
        details = usage.get("prompt_tokens_details") or {}
        for key, value in (("prompt", usage.get("prompt_tokens")),
                           ("completion", usage.get("completion_tokens")),
                           ("drafted", usage.get("drafted_tokens")),
                           ("accepted", usage.get("accepted_tokens")),
                           ("cached", details.get("cached_tokens")),
                           ("cached", (chunk.get("timings") or {}).get("cache_n"))):
            if isinstance(value, int):
                self.reported[key] = value
        return False

    def usage(self) -> Usage:
        r = self.reported
        return Usage(prompt_tokens=r.get("prompt", 0), cached_prompt_tokens=r.get("cached", 0),
                     completion_tokens=r.get("completion", self.chunks),
                     drafted_tokens=r.get("drafted", 0), accepted_tokens=r.get("accepted", 0))


class _Linked(CancelToken):
    """Cancelled with the batch's own token, or alone when one request of the batch failed."""

    __slots__ = ("parent",)

    def __init__(self, parent: CancelToken) -> None:
        super().__init__()
        self.parent = parent

    @property
    def cancelled(self) -> bool:
        return self._event.is_set() or self.parent.cancelled


class _Resumed(Stream):
    """The stream of an answer asked for again after a cut: only text past what the cut
    answer already showed goes on to the batch's stream, tagged with its index."""

    def __init__(self, batch: Stream, index: int, shown: str) -> None:
        super().__init__(batch.cancel_token)
        self.out, self.shown, self.text = _Tagged(batch, index), shown, ""

    def emit(self, text: str) -> None:
        before, self.text = len(self.text), self.text + text
        if len(self.text) <= len(self.shown):
            return
        if not self.text.startswith(self.shown):
            raise _answered_differently()
        self.out.emit(self.text[max(before, len(self.shown)):])


def _answered_differently() -> BackendError:
    return BackendError(
        "the server cut an answer of a batch short when another request came, and asked "
        "again it answered differently; start llama-cpp-python's server with "
        "--interrupt_requests False to run batches on it"
    )


class _NotSSE(Exception):
    """A line that no Server-Sent Events stream contains."""


class _Rejected(Exception):
    """The server refused the request with an HTTP error status."""

    def __init__(self, error: BackendError) -> None:
        super().__init__(str(error))
        self.error = error
        text = str(error).lower()
        self.about_response_format = "response_format" in text or "json_schema" in text


def is_openai(url: httpx.URL) -> bool:
    """Whether ``url`` is OpenAI's own API, over https on its standard port."""
    host = url.host.lower().rstrip(".")
    return url.scheme == "https" and host == OPENAI_HOST and url.port in (None, 443)


def is_loopback(host: str) -> bool:
    """Whether ``host`` names this machine without a look-up (``localhost``, 127/8, ::1)."""
    host = host.lower().rstrip(".").strip("[]")
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False  # a name: not resolved here, so not known to be local
    mapped = getattr(address, "ipv4_mapped", None)
    return address.is_loopback or bool(mapped and mapped.is_loopback)


def _warn_plain_http(base_url: str, with_key: bool) -> None:
    with _warned_lock:
        if base_url in _warned:
            return
        _warned.add(base_url)
    what = "prompts, code, answers and the API key" if with_key else "prompts, code and answers"
    warnings.warn(
        f"spark_nb talks to {base_url} over plain http: {what} cross the network "
        "unencrypted and can be read or changed on the way; use https, or an SSH tunnel "
        "to 127.0.0.1",
        InsecureServerWarning, stacklevel=4,
    )


def _env_proxy(url: httpx.URL) -> str | None:
    """The proxy the environment sets for ``url`` (HTTPS_PROXY, NO_PROXY...); none for loopback.

    The transport is our own (for the retries), so httpx does not read these itself.
    """
    if is_loopback(url.host):
        return None
    proxies = urllib.request.getproxies()
    proxy = proxies.get(url.scheme) or proxies.get("all")
    if not proxy or urllib.request.proxy_bypass(url.host):
        return None
    return proxy if "://" in proxy else f"http://{proxy}"


def _sse_data(lines: Iterable[str]) -> Iterator[str]:
    """The data of each Server-Sent Event; raise :class:`_NotSSE` on a foreign line."""
    data: list[str] = []
    for line in lines:
        if not line:
            if data:
                yield "\n".join(data)
                data = []
            continue
        if line.startswith(":"):  # a comment, e.g. a keep-alive ping
            continue
        field, _, value = line.partition(":")
        if field not in _SSE_FIELDS:
            raise _NotSSE(line)
        if field == "data":
            data.append(value[1:] if value.startswith(" ") else value)
    if data:  # some servers omit the blank line after the last event
        yield "\n".join(data)


def _error_message(text: str) -> str:
    """The human part of an error body: OpenAI's ``error.message``, FastAPI's ``detail``."""
    try:
        body = json.loads(text)
    except ValueError:
        return text.strip()[:300] or "(empty answer)"
    if isinstance(body, dict):
        err = body.get("error", body.get("detail", body.get("message")))
        if isinstance(err, dict):
            err = err.get("message", err)
        if err:
            return str(err)[:500]
    return text.strip()[:300]


def _wire(message: dict) -> dict:
    """A message as the OpenAI API takes it: image parts become base64 data URLs."""
    if isinstance(message["content"], str):
        return message
    parts = []
    for part in message["content"]:
        if part["type"] == "image":
            data = bytes(part["image"])
            mime = "image/jpeg" if data[:3] == b"\xff\xd8\xff" else "image/png"
            url = f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"
            parts.append({"type": "image_url", "image_url": {"url": url}})
        else:
            parts.append({"type": "text", "text": part["text"]})
    return {"role": message["role"], "content": parts}
