"""The Jupyter server extension: the model server starts with JupyterLab, and the lab
extension's status-bar item reads its state from ``GET {base_url}spark-nb/model-server``.

Enabled by the config file the wheel installs (``jupyter_server_config.d/spark_nb.json``),
or with ``jupyter server extension enable spark_nb.server.jupyter``. It starts the model
server in the background when JupyterLab starts (no model is loaded until a kernel asks
for one), unless ``SPARK_NB_SERVER=off`` or ``c.SparkNBModelServer.start = False``.
"""

from __future__ import annotations

import asyncio
import threading

from spark_nb.engine import server_link

ROUTE = "spark-nb/model-server"


def _jupyter_server_extension_points() -> list[dict]:
    return [{"module": "spark_nb.server.jupyter"}]


def summary(status: server_link.Status | None, mode: str) -> dict:
    """What the status bar shows: whether a server runs, its models, busy or idle."""
    if mode == "off":
        return {"running": False, "mode": "off", "models": [], "busy": False}
    if status is None:
        return {"running": False, "mode": mode, "models": [], "busy": False}
    body = status.body
    queue = body.get("queue", {})
    return {"running": True, "mode": mode, "version": status.version,
            "compatible": server_link.mismatch(status) is None,
            "models": [{"name": m["name"], "loaded": m["loaded"]} for m in body.get("models", [])],
            "busy": bool(queue.get("running") or queue.get("waiting")),
            "waiting": queue.get("waiting", 0), "clients": len(body.get("clients", {}))}


def _load_jupyter_server_extension(serverapp) -> None:
    from jupyter_server.base.handlers import APIHandler
    from jupyter_server.utils import url_path_join
    from tornado import web
    from traitlets import Bool
    from traitlets.config import Configurable

    from spark_nb.engine.settings import EngineSettings

    class SparkNBModelServer(Configurable):
        start = Bool(True, help="Start spark_nb's model server with JupyterLab (it loads no "
                     "model until a kernel asks for one).").tag(config=True)

    settings = EngineSettings()
    options = SparkNBModelServer(parent=serverapp)

    class StatusHandler(APIHandler):
        @web.authenticated
        async def get(self) -> None:
            status = await asyncio.get_running_loop().run_in_executor(None, server_link.probe, 1.0)
            self.finish(summary(status, settings.server))

    base = serverapp.web_app.settings["base_url"]
    serverapp.web_app.add_handlers(".*$", [(url_path_join(base, ROUTE), StatusHandler)])
    if options.start and settings.server != "off" and server_link.available():
        threading.Thread(target=_start, args=(settings.server_idle, serverapp.log),
                         name="spark-nb-model-server", daemon=True).start()


def _start(idle, log) -> None:
    try:
        server_link.ensure(idle)
    except Exception as exc:  # JupyterLab runs on; kernels start the server or run in-process
        log.warning("spark_nb: the model server did not start: %s", exc)
