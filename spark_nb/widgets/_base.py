"""What every panel widget shares: the ES module, its renderer's name, labels, Cancel."""

from __future__ import annotations

import re
import secrets
import threading
import time

import anywidget
import traitlets

from spark_nb.widgets._assets import es_module


class Panel(anywidget.AnyWidget):
    """A panel drawn by ``js/panels.js``; ``panel`` names its renderer there.

    The frontend's Cancel (or Dismiss) button sends ``{"type": "cancel"}``, which sets
    :attr:`cancel_requested` for the work the panel shows.

    ``bridge_key`` is this panel's secret for the JupyterLab extension: the panel sends it
    with every action it asks for, and the extension acts only when it equals the key in
    the widget model of the view the request came from. It lives in the model's state,
    which HTML in other outputs cannot read, and is never written into the page.
    """

    _esm = es_module("panels.js")

    panel = traitlets.Unicode("").tag(sync=True)
    status = traitlets.Unicode("").tag(sync=True)
    stats = traitlets.Unicode("").tag(sync=True)
    labels = traitlets.Dict().tag(sync=True)
    bridge_key = traitlets.Unicode().tag(sync=True)

    @traitlets.default("bridge_key")
    def _new_key(self) -> str:
        return secrets.token_urlsafe(32)

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.cancel_requested = threading.Event()
        self.on_msg(self._on_message)

    def _on_message(self, _widget, content, _buffers) -> None:
        if isinstance(content, dict) and content.get("type") == "cancel":
            self.cancel_requested.set()


class View:
    """Shows one :class:`Panel` and drives it from a background task's events."""

    FLUSH_EVERY = 0.05  # seconds between streamed updates (about 20 a second)

    def __init__(self, panel: Panel, display=None) -> None:
        self.panel = panel
        self._flushed_at = 0.0
        if display is None:
            from IPython.display import display
        display(panel)

    @property
    def cancel(self) -> threading.Event:
        return self.panel.cancel_requested

    def due(self) -> bool:
        """Whether enough time has passed to send the next streamed update."""
        return time.monotonic() - self._flushed_at >= self.FLUSH_EVERY

    def flushed(self) -> None:
        self._flushed_at = time.monotonic()


def agreement(consensus, words: dict) -> str:
    """"4 candidates · 3 agree" (or "· 3 passed ·" when some failed), in ``words``."""
    which = "agreement" if consensus.passing == consensus.total else "agreement_passing"
    return words[which].format(total=consensus.total, passing=consensus.passing, agree=consensus.agree())


def reason(checks, status: str, fallback: str) -> str:
    """Why a verdict is ``status``: the message of the last check that has that status
    (the dry run comes last), or ``fallback`` when none says."""
    for check in reversed(checks):
        if check.status == status and check.message:
            return re.sub(r"^not run:\s*", "", check.message).rstrip(".")
    return fallback
