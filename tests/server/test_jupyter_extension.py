"""The Jupyter server extension in a real Jupyter server: it starts the model server and
serves its state to the lab extension's status-bar item."""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys

import httpx
import pytest

from spark_nb.engine import server_link
from spark_nb.server.jupyter import summary
from tests.server.processes import start_server, wait_for

pytest.importorskip("jupyter_server")


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def jupyter(runtime, tmp_path):
    token, port = secrets.token_hex(8), _port()
    env = {**os.environ, "JUPYTER_CONFIG_DIR": str(tmp_path / "cfg"),
           "JUPYTER_RUNTIME_DIR": str(tmp_path / "jrt")}
    proc = subprocess.Popen(
        [sys.executable, "-m", "jupyter_server", "--no-browser", f"--port={port}", "--ip=127.0.0.1",
         f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={tmp_path}",
         '--ServerApp.jpserver_extensions={"spark_nb.server.jupyter": True}',
         *(["--allow-root"] if os.geteuid() == 0 else [])],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    client = httpx.Client(base_url=f"http://127.0.0.1:{port}/", trust_env=False,
                          headers={"Authorization": f"token {token}"}, timeout=10)

    def up():
        try:
            return client.get("api/status").status_code == 200
        except httpx.HTTPError:
            return False

    wait_for(up, 60, "Jupyter server")
    yield client
    proc.terminate()
    proc.wait(15)


def test_jupyter_starts_the_model_server_and_reports_it(jupyter):
    wait_for(lambda: server_link.probe(0.5) is not None, 60, "the model server")
    state = jupyter.get("spark-nb/model-server").json()
    assert state["running"] and state["compatible"] and state["models"] == [] and not state["busy"]
    anonymous = httpx.get(str(jupyter.base_url) + "spark-nb/model-server", trust_env=False)
    assert anonymous.status_code == 403  # Jupyter's own authentication guards the route


def test_the_summary_names_loaded_models(runtime):
    start_server("--idle", "0")
    with server_link.client(120) as c:
        c.post("http://spark-nb/v1/chat/completions", json={
            "model": "smollm2-135m", "max_tokens": 2, "messages": [{"role": "user", "content": "Hi"}]})
    state = summary(server_link.probe(), "auto")
    assert state["models"] == [{"name": "smollm2-135m", "loaded": True}] and state["clients"] == 1
    assert summary(None, "auto")["running"] is False and summary(None, "off")["mode"] == "off"
