"""Real JupyterLab on 127.0.0.1 (random port, token) driven by Playwright with Debian's Chromium.

Screenshots of each state go to ``$TMPDIR/spark-nb-e2e/`` (or ``$SPARK_NB_E2E_OUT``) so a
reviewer can see what the user sees.
"""

from __future__ import annotations

import json
import os
import tempfile
import re
import secrets
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def _kernel_environment() -> dict:
    """This process's environment without MPLBACKEND: a test module may set it to Agg for
    its own plots, and kernels started with it draw no figure outputs."""
    return {k: v for k, v in os.environ.items() if k != "MPLBACKEND"}


OUT = Path(os.environ.get("SPARK_NB_E2E_OUT", Path(tempfile.gettempdir()) / "spark-nb-e2e"))

pytest.importorskip("playwright")
pytest.importorskip("jupyterlab")
if not Path(CHROMIUM).exists():
    pytest.skip(f"browser tests need Chromium at {CHROMIUM} (apt-get install chromium)",
                allow_module_level=True)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Lab:
    """A running JupyterLab: its URL, token and folder, and REST helpers."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.token = secrets.token_hex(16)
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        self.log = open(root / "jupyter.log", "w")
        settings = root / ".lab-settings"
        news = settings / "@jupyterlab" / "apputils-extension" / "notification.jupyterlab-settings"
        news.parent.mkdir(parents=True)
        news.write_text(json.dumps({"fetchNews": "false", "checkForUpdates": False}))
        config = root / ".jupyter-config"
        config.mkdir()  # the model server's extension, as the wheel's config file enables it
        (config / "jupyter_server_config.json").write_text(json.dumps(
            {"ServerApp": {"jpserver_extensions": {"spark_nb.server.jupyter": True}}}))
        env = dict(_kernel_environment(), JUPYTER_CONFIG_DIR=str(root / ".jupyter-config"),
                   JUPYTER_RUNTIME_DIR=str(root / ".jupyter-runtime"),
                   JUPYTERLAB_SETTINGS_DIR=str(settings))
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "jupyterlab", "--no-browser", "--ip=127.0.0.1",
             f"--port={self.port}", f"--IdentityProvider.token={self.token}",
             f"--ServerApp.root_dir={root}", "--ServerApp.disable_check_xsrf=False",
             "--LabApp.news_url=", *(["--allow-root"] if os.geteuid() == 0 else [])],
            stdout=self.log, stderr=subprocess.STDOUT, env=env)
        self.http = httpx.Client(base_url=self.url, headers={"Authorization": f"token {self.token}"})
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError("JupyterLab exited:\n" + (root / "jupyter.log").read_text()[-3000:])
            try:
                if self.http.get("api/status").status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.3)
        raise RuntimeError("JupyterLab did not start in 90 s")

    def write_notebook(self, name: str, cells: list[str]) -> str:
        nb = {"nbformat": 4, "nbformat_minor": 5,
              "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}},
              "cells": [{"cell_type": "code", "source": src, "metadata": {}, "outputs": [],
                         "execution_count": None, "id": f"cell{i}"} for i, src in enumerate(cells)]}
        (self.root / name).write_text(json.dumps(nb))
        return name

    def notebook_url(self, name: str) -> str:
        return f"{self.url}lab/tree/{name}?token={self.token}&reset"

    def stop(self) -> None:
        for kernel in self.http.get("api/kernels").json():
            self.http.delete(f"api/kernels/{kernel['id']}")
        self.proc.terminate()
        try:
            self.proc.wait(15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self.log.close()


# Package scope: the server, its kernels and the browser stop when the browser tests are
# done, so they take no CPU from the tests that follow.
@pytest.fixture(scope="package")
def lab(tmp_path_factory):
    server = Lab(tmp_path_factory.mktemp("lab"))
    yield server
    server.stop()


@pytest.fixture(scope="package")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser, request):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    pg = context.new_page()
    pg.set_default_timeout(60_000)
    yield pg
    if request.node.rep_call_failed if hasattr(request.node, "rep_call_failed") else False:
        shoot(pg, f"{request.node.name}-failed")
    context.close()


def until(page, check, what: str, timeout: float = 30) -> None:
    """Poll ``check()`` until it is true. Locators are resolved afresh on every try:
    JupyterLab may re-render a cell's prompt or editor, leaving an old handle behind."""
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"waited {timeout:.0f} s for {what}")
        page.wait_for_timeout(100)


def shoot(page, name: str) -> Path:
    """Save a full-page screenshot under the output folder; return its path."""
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


class Notebook:
    """A notebook open in JupyterLab: run cells, read cells, wait for the kernel."""

    def __init__(self, page) -> None:
        self.page = page
        self.cells = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook .jp-Cell")

    def wait_kernel_idle(self, timeout: float = 120_000) -> None:
        self.page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']", timeout=timeout)

    def run_cell(self, index: int) -> None:
        """Run cell ``index`` as a user does (click, Shift+Enter), once the kernel takes it.

        Right after a notebook opens the kernel can still be connecting: Shift+Enter then
        leaves the cell unrun, or JupyterLab asks which kernel to start (under load the
        kernel list can come late). Accept the kernel it offers and try again.
        """
        for _ in range(5):
            self._accept_kernel_dialog()
            self.cells.nth(index).locator(".jp-InputArea-editor").click()
            self.page.keyboard.press("Shift+Enter")
            try:
                until(self.page, lambda: self.ran(index), f"cell {index} to run", timeout=10)
                return
            except AssertionError:
                continue
        raise AssertionError(f"the kernel never ran cell {index}")

    def ran(self, index: int) -> bool:
        prompt = self.cells.nth(index).locator(".jp-InputArea-prompt").inner_text()
        return re.search(r"\[(\*|\d+)\]", prompt) is not None

    def _accept_kernel_dialog(self) -> None:
        dialog = self.page.locator(".jp-Dialog", has_text="Select Kernel")
        if dialog.count():
            dialog.locator(".jp-mod-accept").click()
            dialog.wait_for(state="detached")
            self.wait_kernel_idle()

    def source(self, index: int) -> str:
        return self.cells.nth(index).locator(".cm-content").inner_text()

    def output(self, index: int):
        return self.cells.nth(index).locator(".jp-OutputArea")


@pytest.fixture
def open_notebook(lab, page):
    def opener(name: str) -> Notebook:
        page.goto(lab.notebook_url(name))
        page.wait_for_selector(".jp-NotebookPanel .jp-Cell", timeout=90_000)
        nb = Notebook(page)
        nb.wait_kernel_idle()
        return nb
    return opener


@pytest.hookimpl(tryfirst=True, hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.when == "call":
        item.rep_call_failed = report.failed
