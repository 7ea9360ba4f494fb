"""The report as PDF: its HTML printed by headless Chromium (or WeasyPrint when installed).

Set ``SPARK_NB_PDF_ENGINE=chromium|weasyprint`` to choose; by default Chromium is used
when found, else WeasyPrint if importable.

Printing loads nothing from anywhere. Chromium is driven over its DevTools pipe
(``--remote-debugging-pipe``): the page gets the report as its document directly (no
file, no URL), scripts are switched off, and every request the page or a frame in it
would make is intercepted (``Fetch``) and failed unless it is a ``data:`` URI; the
launch flags turn off Chromium's own background traffic and map every host name to
"not found". WeasyPrint gets a URL fetcher that serves ``data:`` URIs and refuses the rest.
"""

from __future__ import annotations

import base64
import importlib.util
import json
import os
import select
import shutil
import signal
import tempfile
import time
from pathlib import Path

from spark_nb.report import html
from spark_nb.report.document import Report
from spark_nb.report.errors import ReportError
from spark_nb.report.write import atomic_write, check_folder

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
CHROMIUM_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run",
                  "--no-default-browser-check", "--disable-default-apps", "--disable-extensions",
                  "--disable-domain-reliability", "--disable-client-side-phishing-detection",
                  "--disable-breakpad", "--metrics-recording-only", "--mute-audio",
                  "--disable-dev-shm-usage", "--host-resolver-rules=MAP * ~NOTFOUND",
                  "--disable-features=site-per-process,IsolateOrigins,Translate,"
                  "MediaRouter,OptimizationHints,AutofillServerCommunication")
TIMEOUT_S = 120


def find_chromium() -> str | None:
    """The Chromium (or Chrome) executable on PATH, or at /usr/bin/chromium."""
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return "/usr/bin/chromium" if os.access("/usr/bin/chromium", os.X_OK) else None


class _Failed(Exception):
    """Chromium answered a DevTools command with an error, or stopped answering."""


class _DevTools:
    """One Chromium process driven over ``--remote-debugging-pipe``.

    Chromium reads commands on its fd 3 and writes answers and events on its fd 4,
    each a JSON object ending in a NUL byte.
    """

    def __init__(self, exe: str, work: Path, timeout: float) -> None:
        self.timeout = timeout
        self.deadline = time.monotonic() + timeout
        self.blocked: list[str] = []  # requests the page tried to make, all refused
        self._next_id = 0
        self._partial: list[bytes] = []
        self._inbox: list[dict] = []
        self._events: list[dict] = []
        self.pid = 0
        import fcntl  # POSIX only, like posix_spawn

        to_child_r, self._to_child = os.pipe()
        self._from_child, from_child_w = os.pipe()
        # the child's ends above 4, so that the dup2s below cannot overwrite each other
        child_in = fcntl.fcntl(to_child_r, fcntl.F_DUPFD_CLOEXEC, 10)
        child_out = fcntl.fcntl(from_child_w, fcntl.F_DUPFD_CLOEXEC, 10)
        os.close(to_child_r)
        os.close(from_child_w)
        log = os.open(work / "chromium.log", os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_CLOEXEC, 0o600)
        null = os.open(os.devnull, os.O_RDONLY | os.O_CLOEXEC)
        argv = [exe, *CHROMIUM_FLAGS, f"--user-data-dir={work / 'profile'}",
                "--remote-debugging-pipe", "about:blank"]
        try:
            self.pid = os.posix_spawn(exe, argv, dict(os.environ), file_actions=[
                (os.POSIX_SPAWN_DUP2, null, 0), (os.POSIX_SPAWN_DUP2, log, 1),
                (os.POSIX_SPAWN_DUP2, log, 2), (os.POSIX_SPAWN_DUP2, child_in, 3),
                (os.POSIX_SPAWN_DUP2, child_out, 4)],
                setpgroup=0, setsigdef=(signal.SIGPIPE,))
        except OSError:
            os.close(self._to_child)
            os.close(self._from_child)
            raise
        finally:
            for fd in (child_in, child_out, log, null):
                os.close(fd)
        os.set_blocking(self._to_child, False)

    # -- the pipe

    def _left(self) -> float:
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise _Failed(f"it did not finish within {self.timeout:.0f} s")
        return left

    def _send(self, method: str, params: dict | None = None, session: str | None = None) -> int:
        self._next_id += 1
        message = {"id": self._next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        data = memoryview(json.dumps(message).encode("utf-8") + b"\0")
        while data:
            select.select([], [self._to_child], [], self._left())
            try:
                data = data[os.write(self._to_child, data):]
            except BlockingIOError:
                continue
            except BrokenPipeError:
                raise _Failed("Chromium closed its DevTools pipe") from None
        return self._next_id

    def _receive(self) -> dict:
        while not self._inbox:
            ready, _, _ = select.select([self._from_child], [], [], self._left())
            if not ready:
                continue
            chunk = os.read(self._from_child, 1 << 20)
            if not chunk:
                raise _Failed("Chromium exited before the PDF was printed")
            *done, rest = chunk.split(b"\0")
            for piece in done:
                self._partial.append(piece)
                self._inbox.append(json.loads(b"".join(self._partial)))
                self._partial = []
            if rest:
                self._partial.append(rest)
        return self._inbox.pop(0)

    def _handle(self, message: dict) -> None:
        """Answer what must be answered at once; keep other events for ``wait_for``."""
        method, params = message.get("method"), message.get("params") or {}
        session = message.get("sessionId")
        if method == "Fetch.requestPaused":
            url = str((params.get("request") or {}).get("url", ""))
            if url.startswith("data:"):
                self._send("Fetch.continueRequest", {"requestId": params["requestId"]}, session)
            else:
                self.blocked.append(url)
                self._send("Fetch.failRequest", {"requestId": params["requestId"],
                                                 "errorReason": "BlockedByClient"}, session)
        elif method == "Target.attachedToTarget":  # a frame or worker: the same rules, then run
            child = params.get("sessionId")
            self._send("Fetch.enable", {"patterns": [{"urlPattern": "*"}]}, child)
            self._send("Target.setAutoAttach", {"autoAttach": True, "waitForDebuggerOnStart": True,
                                                "flatten": True}, child)
            self._send("Runtime.runIfWaitingForDebugger", {}, child)
        elif method:
            self._events.append(message)

    def call(self, method: str, params: dict | None = None, session: str | None = None) -> dict:
        wanted = self._send(method, params, session)
        while True:
            message = self._receive()
            if message.get("id") == wanted:
                if "error" in message:
                    raise _Failed(f"{method}: {message['error'].get('message', message['error'])}")
                return message.get("result") or {}
            self._handle(message)  # answers to fire-and-forget commands are dropped here

    def forget(self, method: str) -> None:
        """Drop events of ``method`` received so far (the blank page's own load)."""
        self._events = [e for e in self._events if e.get("method") != method]

    def wait_for(self, method: str, session: str) -> dict:
        while True:
            for i, event in enumerate(self._events):
                if event.get("method") == method and event.get("sessionId") == session:
                    return self._events.pop(i)
            message = self._receive()
            if "id" not in message:
                self._handle(message)

    # -- the process

    def _exited(self) -> bool:
        """Whether the browser has exited; on Linux it is left unreaped (its group stays ours)."""
        if hasattr(os, "waitid"):
            return os.waitid(os.P_PID, self.pid, os.WEXITED | os.WNOHANG | os.WNOWAIT) is not None
        done, _ = os.waitpid(self.pid, os.WNOHANG)
        if done:
            self.pid = -self.pid  # reaped already
        return bool(done)

    def close(self) -> None:
        for fd in (self._to_child, self._from_child):
            try:
                os.close(fd)
            except OSError:
                pass
        if not self.pid:
            return
        end = time.monotonic() + 5
        while time.monotonic() < end and not self._exited():
            time.sleep(0.05)
        if self.pid > 0:
            try:  # the browser and any helper (renderer, utility) that outlived it
                os.killpg(self.pid, signal.SIGKILL)  # its own process group (setpgroup=0)
            except OSError:
                pass
            os.waitpid(self.pid, 0)


def print_offline(html_text: str, work: Path, exe: str, timeout: float = TIMEOUT_S) -> tuple[bytes, list[str]]:
    """(PDF bytes, the URLs that were refused) for ``html_text``, with no request let out."""
    if not hasattr(os, "posix_spawn"):
        raise ReportError("PDF printing with Chromium needs Linux or macOS; export --to html "
                          "and print it from a browser instead")
    browser = _DevTools(exe, work, timeout)
    try:
        target = browser.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = browser.call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        browser.call("Fetch.enable", {"patterns": [{"urlPattern": "*"}]}, session)
        browser.call("Target.setAutoAttach", {"autoAttach": True, "waitForDebuggerOnStart": True,
                                              "flatten": True}, session)
        browser.call("Emulation.setScriptExecutionDisabled", {"value": True}, session)
        browser.call("Page.enable", {}, session)
        frame = browser.call("Page.getFrameTree", {}, session)["frameTree"]["frame"]["id"]
        browser.forget("Page.loadEventFired")
        browser.call("Page.setDocumentContent", {"frameId": frame, "html": html_text}, session)
        browser.wait_for("Page.loadEventFired", session)
        data = browser.call("Page.printToPDF", {"printBackground": True, "preferCSSPageSize": True},
                            session)["data"]
        try:
            browser.call("Browser.close")
        except _Failed:
            pass  # it is closing
        return base64.b64decode(data), browser.blocked
    finally:
        browser.close()


def _chromium(html_text: str, work: Path) -> bytes:
    exe = find_chromium()
    if exe is None:
        raise ReportError("PDF needs Chromium, which was not found. Install it with "
                          "`sudo apt-get install chromium` (or `pip install weasyprint`), "
                          "or export --to html instead.")
    try:
        pdf, _ = print_offline(html_text, work, exe)
    except (_Failed, OSError, ValueError, KeyError) as exc:
        log = work / "chromium.log"
        tail = log.read_text(errors="replace").strip().splitlines()[-3:] if log.exists() else []
        raise ReportError(f"Chromium could not print the PDF: {exc}"
                          + (f" ({' / '.join(tail)})" if tail else "")) from None
    if not pdf.startswith(b"%PDF"):
        raise ReportError("Chromium could not print the PDF: it returned no PDF")
    return pdf


def offline_fetcher(url: str, *args, **kwargs):
    """WeasyPrint's URL fetcher for a report: ``data:`` URIs only, never the network."""
    if not url.startswith("data:"):
        raise ValueError(f"the report loads no external resource (refused {url[:80]})")
    from weasyprint import default_url_fetcher

    return default_url_fetcher(url, *args, **kwargs)


def _weasyprint(html_text: str, work: Path) -> bytes:
    from weasyprint import HTML  # optional: only when the user installed it

    return HTML(string=html_text, base_url=str(work), url_fetcher=offline_fetcher).write_pdf()


ENGINES = {"chromium": _chromium, "weasyprint": _weasyprint}


def pick_engine() -> str:
    """The PDF engine to use: the setting, else Chromium when found, else WeasyPrint."""
    wanted = os.environ.get("SPARK_NB_PDF_ENGINE", "").strip().lower()
    if wanted:
        if wanted not in ENGINES:
            raise ReportError(f"SPARK_NB_PDF_ENGINE={wanted!r}: use one of {', '.join(ENGINES)}")
        return wanted
    if find_chromium() is None and importlib.util.find_spec("weasyprint") is not None:
        return "weasyprint"
    return "chromium"


def write(report: Report, output: Path) -> Path:
    """Print the report's HTML (code appendix open) to ``output`` atomically."""
    check_folder(output)
    page = html.render(report, open_details=True)
    with tempfile.TemporaryDirectory(prefix="spark-nb-pdf-") as tmp:
        data = ENGINES[pick_engine()](page, Path(tmp))
    return atomic_write(output, data)
