"""The model server as real processes on a real model (SmolLM2-135M on llama.cpp).

Each test runs in a runtime folder of its own, so its server, socket, lock and token are
its own; kernels are real Python or IPython processes with ``SPARK_NB_SERVER=auto``.
"""

from __future__ import annotations

import json
import os
import signal
import stat
import subprocess
import sys
import textwrap
import time
import warnings

import httpx
import pytest

from spark_nb.engine import engine as engine_module
from spark_nb.engine import server_link
from tests.server.processes import start_server, wait_for

pytestmark = pytest.mark.usefixtures("smollm2_path")


KERNEL = textwrap.dedent("""
    import json, sys
    from spark_nb.engine import get_engine
    engine = get_engine("smollm2-135m")
    text = engine.complete(sys.argv[1], max_tokens=24).text
    print(json.dumps({"text": text, "backend": engine.info.backend}))
""")


def test_kernels_share_one_loaded_model_and_get_the_in_process_answer(runtime, smollm2):
    kernels = [subprocess.Popen([sys.executable, "-m", "IPython", "--quick", "--no-banner", "-c",
                                 KERNEL.replace("sys.argv[1]", repr(f"Name a colour, please ({i})."))],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
               for i in range(3)]
    outs = [k.communicate(timeout=180) for k in kernels]
    answers = [json.loads(out.strip().splitlines()[-1]) for out, _ in outs]
    assert all(a["text"] and a["backend"] == "served" for a in answers), answers
    status = server_link.probe()
    assert status is not None
    assert [m["name"] for m in status.body["models"]] == ["smollm2-135m"]  # loaded once
    assert len(status.body["clients"]) == 3 and status.body["queue"]["served"] == 3
    folder = server_link.runtime_dir()
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE(server_link.socket_path().stat().st_mode) == 0o600
    # decoded together (or resumed from a state saved then), answers may part from a lone
    # run's at a near tie (docs/engine.md); alone on a fresh server, a request gives
    # exactly the in-process greedy answer
    with server_link.client(5) as c:
        c.post("http://spark-nb/spark/stop")
    wait_for(lambda: server_link.probe(0.5) is None, 15, "the server stopped")
    expected = smollm2.complete("Name a colour.", max_tokens=24).text
    alone = subprocess.run([sys.executable, "-c", KERNEL.replace("sys.argv[1]", repr("Name a colour."))],
                           capture_output=True, text=True, timeout=120)
    assert json.loads(alone.stdout.strip().splitlines()[-1]) == {"text": expected, "backend": "served"}


def test_a_batch_is_one_request_decoded_together_with_per_sequence_options(runtime):
    engine = engine_module.get_engine("smollm2-135m")
    assert engine.served and engine.info.backend == "served"
    stream = engine.stream_batch("Count to five.", n=3, max_tokens=12)
    tagged = list(stream)
    batch = stream.wait()
    assert batch.batched and len(batch.completions) == 3
    for c in batch.completions:
        assert c.text == "".join(t for i, t in tagged if i == c.index)
        assert c.logprob is not None and c.usage.completion_tokens > 0
    assert batch.completions[0].text == engine.complete("Count to five.", max_tokens=12).text  # greedy
    again = engine.complete("Count to five.", max_tokens=12)
    assert again.usage.cached_prompt_tokens > 0  # the server kept the prompt's state


def test_a_kernel_killed_mid_answer_frees_the_model(runtime):
    start_server("--idle", "0")
    kernel = subprocess.Popen([sys.executable, "-c", textwrap.dedent("""
        from spark_nb.engine import get_engine
        engine = get_engine("smollm2-135m")
        for text in engine.stream("Write a very long story about the sea.", max_tokens=2000):
            print(text, end="", flush=True)
    """)], stdout=subprocess.PIPE, text=True)
    kernel.stdout.read(20)  # it is streaming
    kernel.kill()
    kernel.wait()
    wait_for(lambda: server_link.probe().body["queue"]["running"] == 0, 10, "the slot freed")
    engine = engine_module.get_engine("smollm2-135m")
    t0 = time.monotonic()
    assert engine.complete("Hi", max_tokens=4).text
    assert time.monotonic() - t0 < 30  # not behind a 2000-token answer nobody reads


def test_a_server_killed_mid_answer_fails_that_answer_and_the_next_request_restarts_it(runtime):
    start_server("--idle", "0")
    engine = engine_module.get_engine("smollm2-135m")
    first_pid = server_link.probe().body["pid"]
    stream = engine.stream("Write a very long story about the sea.", max_tokens=2000)
    it = iter(stream)
    next(it)
    os.kill(first_pid, signal.SIGKILL)
    with pytest.raises(Exception, match="stopped in the middle"):
        for _ in it:
            pass
    assert server_link.socket_path().exists()  # left behind: stale
    answer = engine.complete("Hi", max_tokens=4)
    assert answer.text and answer.backend == "served"
    assert server_link.probe().body["pid"] != first_pid  # started again over the stale socket


def test_two_servers_never_share_a_socket(runtime):
    first = start_server("--idle", "0")
    second = subprocess.run([sys.executable, "-m", "spark_nb.server", "--idle", "0"],
                            capture_output=True, text=True, timeout=60)
    assert second.returncode == 3 and f"pid {first.pid}" in second.stderr
    assert server_link.probe().body["pid"] == first.pid


def test_tcp_needs_the_token_and_speaks_openai(runtime):
    start_server("--idle", "0", "--tcp", "0")
    url = server_link.probe().body["tcp"]
    token = server_link.read_token()
    assert stat.S_IMODE(server_link.token_path().stat().st_mode) == 0o600
    body = {"model": "smollm2-135m", "messages": [{"role": "user", "content": "Hi"}], "max_tokens": 4}
    with httpx.Client(trust_env=False, timeout=60) as c:
        assert c.post(f"{url}/chat/completions", json=body).status_code == 401
        wrong = c.post(f"{url}/chat/completions", json=body, headers={"Authorization": "Bearer nope"})
        assert wrong.status_code == 401
        ok = c.post(f"{url}/chat/completions", json=body, headers={"Authorization": f"Bearer {token}"})
        assert ok.status_code == 200 and ok.json()["choices"][0]["message"]["content"]
        models = c.get(f"{url}/models", headers={"Authorization": f"Bearer {token}"}).json()
        assert "smollm2-135m" in {m["id"] for m in models["data"]}
        bad = c.post(f"{url}/chat/completions", json={**body, "temperature": 9},
                     headers={"Authorization": f"Bearer {token}"})
        assert bad.status_code == 400 and "temperature" in bad.json()["error"]["message"]
    # the repository's own openai backend works against it too, with the token
    remote = engine_module.get_engine("openai:smollm2-135m", base_url=url, api_key=token)
    assert remote.complete("Hi", max_tokens=4).text


def test_a_server_of_another_protocol_is_not_used(runtime, monkeypatch):
    start_server("--idle", "0")
    monkeypatch.setattr(server_link, "PROTOCOL", server_link.PROTOCOL + 1)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        engine = engine_module.get_engine("smollm2-135m")
        assert engine.complete("Hi", max_tokens=4).text
    assert engine.info.backend == "llama_cpp"  # in this process
    said = [str(w.message) for w in caught]
    assert any("spark-nb serve --stop" in m for m in said), said


def test_status_stop_and_idle_stop_from_the_command_line(runtime):
    from spark_nb.cli import main

    assert subprocess.run([sys.executable, "-m", "spark_nb.cli", "serve", "--status"],
                          capture_output=True, text=True).returncode == 1
    proc = start_server("--idle", "2")
    out = subprocess.run([sys.executable, "-m", "spark_nb.cli", "serve", "--status"],
                         capture_output=True, text=True)
    assert out.returncode == 0 and f"pid {proc.pid}" in out.stdout and "queue:" in out.stdout
    proc.wait(timeout=30)  # stops by itself after 2 idle seconds
    assert proc.returncode == 0 and not server_link.socket_path().exists()
    start_server("--idle", "0")
    assert main(["serve", "--stop"]) == 0 and server_link.probe() is None


def test_a_client_that_leaves_a_plain_request_frees_the_model_too(runtime):
    start_server("--idle", "0")
    body = {"model": "smollm2-135m", "max_tokens": 2000,
            "messages": [{"role": "user", "content": "Write a very long story about the sea."}]}
    with server_link.client(60) as c:  # load the model first, so the timeout below cuts the answer
        c.post("http://spark-nb/v1/chat/completions", json={**body, "max_tokens": 2})
    with pytest.raises(httpx.ReadTimeout):
        with server_link.client(1.5) as c:
            c.post("http://spark-nb/v1/chat/completions", json=body)
    wait_for(lambda: server_link.probe().body["queue"]["running"] == 0, 10, "the slot freed")


def test_a_server_that_cannot_start_leaves_the_model_in_process(runtime, tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("SPARK_NB_RUNTIME_DIR", str(blocker / "run"))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        engine = engine_module.get_engine("smollm2-135m")
        assert engine.complete("Hi", max_tokens=4).text
    assert engine.info.backend == "llama_cpp"
    said = [str(w.message) for w in caught if "model server" in str(w.message)]
    assert len(said) == 1 and "cannot be started" in said[0], said


def test_json_schema_and_prompt_lookup_reach_the_servers_model(runtime, smollm2):
    engine = engine_module.get_engine("smollm2-135m")
    schema = {"type": "object", "properties": {"colour": {"type": "string", "enum": ["red", "blue"]}},
              "required": ["colour"]}
    answer = engine.complete("Pick a colour as JSON.", json_schema=schema, max_tokens=20)
    assert json.loads(answer.text)["colour"] in ("red", "blue")
    cell = "import pandas as pd\ndf = pd.DataFrame({'a': [1, 2, 3]})\ntotal = df['a'].sum()\nprint(totl)\n"
    ask = f"Fix this cell and repeat it whole:\n```python\n{cell}```"
    drafted = engine.complete(ask, draft="prompt-lookup", max_tokens=60)
    assert drafted.usage.drafted_tokens > 0 and drafted.usage.accepted_tokens > 0
    assert drafted.text == smollm2.complete(ask, draft="prompt-lookup", max_tokens=60).text
