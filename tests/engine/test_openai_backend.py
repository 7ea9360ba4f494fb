"""The openai backend against a real llama-cpp-python server and small fake servers."""

from __future__ import annotations

import http.server
import json
import threading
import time
import warnings

import httpx
import pytest

from spark_nb import get_engine
from spark_nb.engine.backends.openai import Backend as OpenAIBackend
from spark_nb.engine.backends.openai import InsecureServerWarning, _env_proxy, is_loopback
from spark_nb.engine.registry import resolve
from spark_nb.engine.settings import EngineSettings
from spark_nb.errors import BackendError, ContextOverflowError, OptionsError
from tests.engine.servers import free_port

PERSON = {
    "type": "object",
    "properties": {"name": {"type": "string"}, "age": {"type": "integer"}},
    "required": ["name", "age"],
}


# -- a real OpenAI-compatible server ------------------------------------------------------
@pytest.fixture(scope="module")
def remote(llama_server):
    engine = get_engine("openai:smollm2", base_url=llama_server)
    yield engine
    engine.close()


def test_info_names_the_server(remote, llama_server):
    info = remote.info
    assert (info.backend, info.model, info.device, info.context_length) == (
        "openai", "smollm2", llama_server, 0)


def test_stream_yields_the_completion_text_with_usage_and_timings(remote):
    stream = remote.stream("Write one sentence about cats.", max_tokens=40)
    deltas = list(stream)
    result = stream.wait()
    assert len(deltas) > 3
    assert "".join(deltas) == result.text and result.text.strip()
    assert result.backend == "openai" and result.model == "smollm2"
    assert result.finish_reason in ("stop", "length")
    # llama-cpp-python's server sends no usage in streams: tokens are counted as chunks
    assert 0 < result.usage.completion_tokens <= 40
    t = result.timings
    assert 0 < t.time_to_first_token == t.prompt_seconds <= t.total_seconds < 60
    assert t.decode_seconds > 0
    assert t.total_seconds == pytest.approx(t.time_to_first_token + t.decode_seconds)


def test_greedy_output_is_deterministic(remote):
    # Not compared with the llama_cpp backend: the server applies repeat_penalty=1.1 by
    # default and runs without flash attention, so its greedy text differs.
    prompt = "Explain what a Python list is."
    first = remote.complete(prompt, max_tokens=40, temperature=0)
    second = remote.complete(prompt, max_tokens=40, temperature=0)
    assert first.text == second.text and len(first.text) > 20


def test_max_tokens_ends_with_length(remote):
    result = remote.complete("Write a long story about a dragon.", max_tokens=5)
    assert result.finish_reason == "length"
    assert result.usage.completion_tokens == 5


def test_stop_strings_are_honoured(remote):
    prompt = "Count from 1 to 10, separated by commas."
    full = remote.complete(prompt, max_tokens=40).text
    assert "5" in full, full
    stopped = remote.complete(prompt, max_tokens=40, stop=["5"])
    assert stopped.finish_reason == "stop"
    assert stopped.text == full[: full.index("5")]


def test_json_schema_gives_json_with_the_required_keys(remote):
    result = remote.complete("Describe a person as JSON.", json_schema=PERSON, max_tokens=60)
    data = json.loads(result.text)
    assert isinstance(data["name"], str) and isinstance(data["age"], int)


def test_cancel_after_first_delta_is_quick_and_keeps_the_text(remote):
    stream = remote.stream("Write a very long essay about the history of Rome.", max_tokens=1000)
    first = next(iter(stream))
    t0 = time.perf_counter()
    stream.cancel()
    result = stream.wait(timeout=5)
    assert time.perf_counter() - t0 < 1.0
    assert result.finish_reason == "cancelled"
    assert result.text.startswith(first) and result.usage.completion_tokens < 1000
    assert remote.complete("Say hello.", max_tokens=5).text  # the server is still usable


def test_prompt_over_the_servers_context_is_an_error(remote):
    # llama-cpp-python's server answers 200 and then closes an empty stream here
    with pytest.raises((BackendError, ContextOverflowError), match="context"):
        remote.complete("hello " * 3000, max_tokens=10)


# -- fake servers -----------------------------------------------------------------------------
class _Handler(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.server.requests.append((dict(self.headers), json.loads(body)))
        self.server.respond(self)

    def log_message(self, *args):
        pass


def sse(handler, chunks, done=True):
    handler.send_response(200)
    handler.send_header("Content-Type", "text/event-stream")
    handler.end_headers()
    for chunk in chunks:
        handler.wfile.write(f"data: {json.dumps(chunk)}\n\n".encode())
        handler.wfile.flush()
    if done:
        handler.wfile.write(b"data: [DONE]\n\n")


def reply(status, body, content_type="application/json"):
    def respond(handler):
        handler.send_response(status)
        handler.send_header("Content-Type", content_type)
        handler.end_headers()
        handler.wfile.write(body if isinstance(body, bytes) else body.encode())
    return respond


def delta(text=None, finish=None):
    return {"choices": [{"index": 0, "delta": {"content": text} if text else {},
                         "finish_reason": finish}]}


HELLO = [delta("Hel"), delta("lo"), delta(finish="stop"),
         {"choices": [], "usage": {"prompt_tokens": 12, "completion_tokens": 2,
                                   "prompt_tokens_details": {"cached_tokens": 8}}}]


@pytest.fixture
def fake():
    """``fake(respond)`` serves ``respond(handler)`` on 127.0.0.1; gives (url, requests)."""
    servers, release = [], threading.Event()

    def start(respond):
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        server.daemon_threads = True
        server.respond, server.requests, server.release = respond, [], release
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_port}/v1", server.requests

    yield start
    release.set()
    for server in servers:
        server.shutdown()
        server.server_close()


def ask(url, prompt="hi", backend=None, **options):
    with get_engine("openai:fake", base_url=url, **(backend or {})) as engine:
        return engine.complete(prompt, **options)


def test_request_fields_api_key_and_usage(fake):
    url, requests = fake(lambda h: sse(h, HELLO))
    result = ask(url + "/", backend={"api_key": "sk-test"}, max_tokens=7, temperature=0.5,
                 top_p=0.9, stop=["\n\n"], seed=3, json_schema=PERSON, draft="prompt-lookup")
    headers, body = requests[0]
    assert headers["Authorization"] == "Bearer sk-test"
    assert body["model"] == "fake" and body["messages"] == [{"role": "user", "content": "hi"}]
    assert body["stream"] is True and body["stream_options"] == {"include_usage": True}
    assert (body["max_tokens"], body["temperature"], body["top_p"], body["stop"], body["seed"]) == (
        7, 0.5, 0.9, ["\n\n"], 3)
    assert body["response_format"] == {"type": "json_schema", "json_schema": {
        "name": "output", "schema": PERSON, "strict": True}}
    assert (result.text, result.finish_reason) == ("Hello", "stop")
    u = result.usage
    assert (u.prompt_tokens, u.completion_tokens, u.cached_prompt_tokens) == (12, 2, 8)
    assert (u.drafted_tokens, u.accepted_tokens) == (0, 0)


def test_base_url_and_key_from_the_environment(fake, monkeypatch):
    url, requests = fake(lambda h: sse(h, HELLO))
    monkeypatch.setenv("SPARK_NB_OPENAI_BASE_URL", url)
    monkeypatch.delenv("SPARK_NB_OPENAI_API_KEY", raising=False)
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    with get_engine("openai:fake") as engine:
        assert engine.complete("hi").text == "Hello"
    assert "Authorization" not in requests[0][0]


def test_llama_server_cache_counts_and_missing_usage(fake):
    chunks = [delta("a"), delta("b"), delta("c", finish="length"), {"timings": {"cache_n": 5}}]
    url, _ = fake(lambda h: sse(h, chunks))
    result = ask(url)
    assert result.finish_reason == "length"
    assert (result.usage.completion_tokens, result.usage.cached_prompt_tokens) == (3, 5)


def test_json_schema_falls_back_to_json_object_once(fake):
    def respond(handler):
        if handler.server.requests[-1][1]["response_format"]["type"] == "json_schema":
            reply(400, '{"error": {"message": "response_format json_schema unsupported"}}')(handler)
        else:
            sse(handler, [delta('{"name": "A", "age": 1}', finish="stop")])

    url, requests = fake(respond)
    with get_engine("openai:fake", base_url=url) as engine:
        assert json.loads(engine.complete("x", json_schema=PERSON).text)["age"] == 1
        engine.complete("y", json_schema=PERSON)
    kinds = [body["response_format"]["type"] for _, body in requests]
    assert kinds == ["json_schema", "json_object", "json_object"]
    assert requests[1][1]["response_format"]["schema"] == PERSON


def test_missing_base_url_says_what_to_set(monkeypatch):
    monkeypatch.delenv("SPARK_NB_OPENAI_BASE_URL", raising=False)
    monkeypatch.delenv("OPENAI_BASE_URL", raising=False)
    with pytest.raises(BackendError, match="SPARK_NB_OPENAI_BASE_URL"):
        get_engine("openai:nowhere")


def test_unknown_backend_option_is_rejected():
    with pytest.raises(OptionsError, match="colour"):
        get_engine("openai:x", base_url="http://127.0.0.1:9/v1", colour="red")


def test_connection_refused_names_the_url():
    url = f"http://127.0.0.1:{free_port()}/v1"
    with pytest.raises(BackendError, match="cannot reach") as err:
        ask(url)
    assert url in str(err.value) and "running" in str(err.value)


@pytest.mark.parametrize("body", [b"<!DOCTYPE html><html><body>Welcome to nginx</body></html>",
                                  bytes(range(256)) * 4])
def test_garbage_answer_is_quoted(fake, body):
    url, _ = fake(reply(200, body, "text/html"))
    with pytest.raises(BackendError, match="OpenAI-compatible") as err:
        ask(url)
    assert repr(body[:10].decode("utf-8", "replace"))[1:-1] in str(err.value)


def test_http_error_shows_status_and_server_message(fake):
    url, _ = fake(reply(500, '{"error": {"message": "CUDA out of memory", "type": "x"}}'))
    with pytest.raises(BackendError, match="HTTP 500") as err:
        ask(url)
    assert "CUDA out of memory" in str(err.value) and url in str(err.value)


def test_wrong_path_hints_at_the_base_url(fake):
    url, _ = fake(reply(404, '{"detail": "Not Found"}'))
    with pytest.raises(BackendError, match="HTTP 404.*/v1.*Not Found"):
        ask(url)


def test_context_length_error_is_context_overflow(fake):
    message = "This model's maximum context length is 2048 tokens. However, you requested 3031"
    url, _ = fake(reply(400, json.dumps({"error": {"message": message}})))
    with pytest.raises(ContextOverflowError, match="maximum context length is 2048"):
        ask(url)


def test_silent_server_times_out(fake):
    url, _ = fake(lambda h: h.server.release.wait(30))
    t0 = time.perf_counter()
    with pytest.raises(BackendError, match="sent nothing for 1 s"):
        ask(url, backend={"timeout": 1})
    assert time.perf_counter() - t0 < 4


def test_cancel_before_the_first_byte(fake):
    url, _ = fake(lambda h: h.server.release.wait(30))
    with get_engine("openai:fake", base_url=url, timeout=30) as engine:
        stream = engine.stream("hi")
        time.sleep(0.3)
        t0 = time.perf_counter()
        stream.cancel()
        result = stream.wait(timeout=5)
        elapsed = time.perf_counter() - t0
    assert result.finish_reason == "cancelled" and result.text == ""
    assert elapsed < 0.6


def test_stream_cut_before_done_is_an_error(fake):
    url, _ = fake(lambda h: sse(h, [delta("Hel"), delta("lo")], done=False))
    with pytest.raises(BackendError, match="ended early"):
        ask(url)


# -- what is sent where, timeouts, retries ------------------------------------------------------
# Only 127.0.0.1 is ever contacted. Other hosts (under .invalid, which never resolves) are
# only given to the constructor, which opens no connection.
def make_backend(base_url, settings=None, **options):
    settings = settings or EngineSettings()
    return OpenAIBackend(resolve("openai:fake", settings, None), settings, base_url=base_url,
                         **options)


@pytest.fixture
def keys(monkeypatch):
    """OPENAI_API_KEY set as OpenAI's tools want it; our own variable unset."""
    monkeypatch.setenv("OPENAI_API_KEY", "sk-openai-secret")
    monkeypatch.delenv("SPARK_NB_OPENAI_API_KEY", raising=False)
    return monkeypatch


def test_openai_api_key_is_not_sent_to_another_server(fake, keys):
    url, requests = fake(lambda h: sse(h, HELLO))
    assert ask(url).text == "Hello"
    keys.setenv("OPENAI_BASE_URL", url)  # even when both come from OpenAI's variables
    keys.delenv("SPARK_NB_OPENAI_BASE_URL", raising=False)
    with get_engine("openai:fake") as engine:
        assert engine.complete("hi").text == "Hello"
    assert len(requests) == 2
    for headers, _ in requests:
        assert "Authorization" not in headers
        assert "sk-openai-secret" not in json.dumps(headers)


def test_a_key_given_for_the_server_is_sent_to_it(fake, keys):
    url, requests = fake(lambda h: sse(h, HELLO))
    keys.setenv("SPARK_NB_OPENAI_API_KEY", "sk-ours")
    ask(url)
    ask(url, backend={"api_key": "sk-explicit"})
    assert [h["Authorization"] for h, _ in requests] == ["Bearer sk-ours", "Bearer sk-explicit"]


def test_openai_api_key_goes_to_openai_only(keys):
    official = make_backend("https://api.openai.com/v1")
    assert official._client.headers["Authorization"] == "Bearer sk-openai-secret"
    official.close()
    lookalikes = ["https://api.openai.com.evil.invalid/v1", "https://evil.invalid/api.openai.com/v1",
                  "https://api.openai.com@evil.invalid/v1", "https://api.openai.com:8443/v1",
                  "http://api.openai.com/v1", "https://openai.com.invalid/v1"]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", InsecureServerWarning)
        for url in lookalikes:
            backend = make_backend(url)
            assert "Authorization" not in backend._client.headers, url
            backend.close()


def test_a_refused_key_says_why_openai_api_key_was_not_sent(fake, keys):
    url, requests = fake(reply(401, '{"error": {"message": "missing API key"}}'))
    with pytest.raises(BackendError, match="HTTP 401.*SPARK_NB_OPENAI_API_KEY.*missing API key"):
        ask(url)
    assert len(requests) == 1  # a 401 is not retried


def test_settings_never_show_a_key_in_clear():
    settings = EngineSettings(openai_api_key="sk-ours-secret", openai_platform_key="sk-openai-secret")
    assert "secret" not in repr(settings) and "sha256:" in repr(settings)
    assert repr(settings) != repr(EngineSettings(openai_api_key="sk-other"))


def test_plain_http_to_another_host_warns_once_per_base_url():
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for _ in range(3):
            make_backend("http://gpu-box.invalid:8000/v1", api_key="sk-x").close()
        make_backend("http://gpu-box.invalid:9000/v1").close()
    insecure = [w for w in caught if issubclass(w.category, InsecureServerWarning)]
    assert len(insecure) == 2
    assert "http://gpu-box.invalid:8000/v1" in str(insecure[0].message)
    assert "API key" in str(insecure[0].message) and "API key" not in str(insecure[1].message)
    assert "https" in str(insecure[0].message)


@pytest.mark.parametrize("url", ["http://127.0.0.1:8000/v1", "http://localhost:8000/v1",
                                 "http://[::1]:8000/v1", "http://127.8.9.10/v1",
                                 "https://gpu-box.invalid/v1"])
def test_loopback_and_https_do_not_warn(url):
    with warnings.catch_warnings():
        warnings.simplefilter("error", InsecureServerWarning)
        make_backend(url).close()


@pytest.mark.parametrize("host, local", [("127.0.0.1", True), ("localhost", True), ("::1", True),
                                         ("LOCALHOST.", True), ("::ffff:127.0.0.1", True),
                                         ("127.0.0.1.evil.invalid", False), ("10.0.0.5", False),
                                         ("localhost.evil.invalid", False), ("0.0.0.0", False)])
def test_loopback_is_decided_without_a_lookup(host, local):
    assert is_loopback(host) is local


def test_base_url_that_is_not_http_is_refused():
    with pytest.raises(BackendError, match="not an http"):
        make_backend("file:///etc/passwd")


def test_timeouts_are_separate():
    backend = make_backend("http://127.0.0.1:9/v1")
    t = backend._client.timeout
    assert (t.connect, t.read, t.write, t.pool) == (10.0, 600.0, 60.0, 30.0)
    backend.close()
    backend = make_backend("http://127.0.0.1:9/v1", timeout=5, connect_timeout=2)
    assert (backend._client.timeout.connect, backend._client.timeout.read) == (2.0, 5.0)
    backend.close()


def test_a_slow_first_token_is_waited_for_past_the_connect_timeout(fake):
    def respond(handler):
        time.sleep(1.0)  # a long prefill: nothing comes for a while
        sse(handler, HELLO)

    url, _ = fake(respond)
    assert ask(url, backend={"connect_timeout": 0.3, "timeout": 5}).text == "Hello"


def test_429_is_retried_after_what_retry_after_says(fake):
    times = []

    def respond(handler):
        times.append(time.monotonic())
        if len(times) == 1:
            handler.send_response(429)
            handler.send_header("Retry-After", "1")
            handler.send_header("Content-Type", "application/json")
            handler.end_headers()
            handler.wfile.write(b'{"error": {"message": "slow down"}}')
        else:
            sse(handler, HELLO)

    url, requests = fake(respond)
    # no backoff of its own: the wait between the two tries is the server's Retry-After
    result = ask(url, backend={"retry_backoff": 0})
    assert result.text == "Hello" and len(requests) == 2
    assert 0.9 <= times[1] - times[0] < 3
    assert requests[0][1] == requests[1][1]  # the same request again


def test_503_is_retried_with_backoff_then_a_clear_error(fake):
    url, requests = fake(reply(503, '{"error": {"message": "loading model"}}'))
    t0 = time.monotonic()
    with pytest.raises(BackendError, match=r"HTTP 503 3 times \(loading model\).*try again later"):
        ask(url, backend={"retries": 2, "retry_backoff": 0.05})
    assert len(requests) == 3 and time.monotonic() - t0 < 5
    with pytest.raises(BackendError, match="HTTP 503 once"):
        ask(url, backend={"retries": 0})
    assert len(requests) == 4


def test_other_errors_are_not_retried(fake):
    url, requests = fake(reply(500, '{"error": {"message": "boom"}}'))
    with pytest.raises(BackendError, match="HTTP 500"):
        ask(url, backend={"retry_backoff": 0})
    assert len(requests) == 1


def test_a_stream_that_has_begun_is_never_retried(fake):
    url, requests = fake(lambda h: sse(h, [delta("Hel")], done=False))
    with pytest.raises(BackendError, match="ended early"):
        ask(url, backend={"retry_backoff": 0})
    assert len(requests) == 1


def test_a_connection_that_fails_to_open_is_tried_again():
    port = free_port()
    started = []

    def start_late():
        time.sleep(0.2)  # the first tries find nothing listening
        server = http.server.ThreadingHTTPServer(("127.0.0.1", port), _Handler)
        server.daemon_threads = True
        server.respond, server.requests = (lambda h: sse(h, HELLO)), []
        started.append(server)
        server.serve_forever()

    threading.Thread(target=start_late, daemon=True).start()
    try:
        assert ask(f"http://127.0.0.1:{port}/v1").text == "Hello"
    finally:
        for server in started:
            server.shutdown()
            server.server_close()


def test_environment_proxies_apply_to_remote_hosts_only(monkeypatch, fake):
    monkeypatch.setenv("HTTPS_PROXY", "http://proxy.invalid:3128")
    monkeypatch.setenv("HTTP_PROXY", "http://127.0.0.1:9")  # nothing listens there
    monkeypatch.setenv("NO_PROXY", "direct.invalid")
    for name in ("https_proxy", "http_proxy", "no_proxy", "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)
    assert _env_proxy(httpx.URL("https://gpu-box.invalid/v1")) == "http://proxy.invalid:3128"
    assert _env_proxy(httpx.URL("https://direct.invalid/v1")) is None
    assert _env_proxy(httpx.URL("http://127.0.0.1:8000/v1")) is None
    url, _ = fake(lambda h: sse(h, HELLO))
    assert ask(url).text == "Hello"  # loopback never goes through the proxy
