"""The model server against in-process engines: one table, every row measured in this run.

    python bench/server.py [--model qwen2.5-coder-0.5b] [--clients 4] [--requests 2]

Rows:

- throughput: ``--clients`` processes send ``%%spark``-like requests at once (each its
  own request, greedy, up to 128 tokens), all to one server, against the same number of
  processes each with its own in-process engine on the same cores (model loads are
  excluded on both sides: every process loads, then all start together);
- overhead per request: one client, the same short warm request ten times, in-process
  and through the server (HTTP over the Unix socket, SSE, the scheduler): time to first
  token and time per token after the first, p50;
- joining: a short request sent while a 256-token answer decodes, through the server
  (it joins the running decode) against one in-process engine (it waits its turn):
  the short request's time to first token;
- prefix reuse: two notebooks, each a ~1,500-token context that grows by a question per
  request, alternating on one server, against one notebook alone: warm time to first
  token (every request after each notebook's first), median.

The server runs in a private temporary runtime folder; nothing is written to the
repository.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

import httpx

SYSTEM = "You are spark_nb, a data-analysis assistant inside Jupyter. Answer with one short Python code block."
REQUESTS = [
    "Total sales['revenue'] per region into a variable named totals.",
    "Plot monthly revenue as a line chart with the y-axis labelled 'Revenue'.",
    "Keep the rows of sales with revenue above 100 in `big`, newest first.",
    "売上を月ごとに集計して棒グラフにして",
    "Count the orders per customer into a DataFrame `counts` with columns customer and n.",
    "Compute the month-over-month percent change of revenue per region.",
    "Find the top 3 regions by mean revenue and print them.",
    "Add a column `margin` equal to (revenue - cost) / revenue.",
]
CONTEXT = "\n".join(
    f"- `{name}`: DataFrame {rows} rows; columns " + ", ".join(f"{c} ({t})" for c, t in cols)
    for name, rows, cols in [
        ("sales", 1200, [("date", "datetime64"), ("region", "object"), ("revenue", "float64"),
                         ("cost", "float64"), ("customer", "int64")]),
        ("customers", 310, [("customer", "int64"), ("name", "object"), ("signup", "datetime64"),
                            ("channel", "object")]),
        ("targets", 12, [("month", "period[M]"), ("target", "float64")]),
    ])

WORKER = textwrap.dedent("""
    import json, os, sys, time
    from spark_nb.engine import get_engine
    model, go, requests, system, context = sys.argv[1], sys.argv[2], json.loads(sys.argv[3]), sys.argv[4], sys.argv[5]
    engine = get_engine(model)
    engine.complete("warm up", max_tokens=2)
    print("ready", flush=True)
    while not os.path.exists(go):
        time.sleep(0.005)
    t0, tokens = time.time(), 0
    for r in requests:
        c = engine.complete([{"role": "system", "content": system},
                             {"role": "user", "content": context + "\\n\\n" + r}], max_tokens=128)
        tokens += c.usage.completion_tokens
    print(json.dumps({"t0": t0, "t1": time.time(), "tokens": tokens, "backend": engine.info.backend}), flush=True)
""")


def throughput(model: str, clients: int, per_client: int, served: bool, runtime: Path) -> dict:
    go = runtime / f"go-{served}"
    env = {**os.environ, "SPARK_NB_SERVER": "auto" if served else "off", "SPARK_NB_RUNTIME_DIR": str(runtime)}
    procs = []
    for i in range(clients):
        mine = [REQUESTS[(i * per_client + j) % len(REQUESTS)] for j in range(per_client)]
        procs.append(subprocess.Popen([sys.executable, "-c", WORKER, model, str(go), json.dumps(mine),
                                       SYSTEM, CONTEXT], stdout=subprocess.PIPE, text=True, env=env))
    for p in procs:
        line = p.stdout.readline()
        if line.strip() != "ready":
            raise SystemExit(f"a worker failed to start: {line!r}")
    go.touch()
    results = [json.loads(p.stdout.readline()) for p in procs]
    for p in procs:
        p.wait()
    tokens = sum(r["tokens"] for r in results)
    wall = max(r["t1"] for r in results) - min(r["t0"] for r in results)
    return {"tokens": tokens, "wall": wall, "tps": tokens / wall,
            "backends": sorted({r["backend"] for r in results})}


def overhead(model: str, runtime: Path, reps: int = 10) -> dict:
    from spark_nb.engine import engine as engine_module
    from spark_nb.engine.settings import EngineSettings

    out = {}
    for mode in ("off", "auto"):
        os.environ["SPARK_NB_SERVER"] = mode
        engine = engine_module.get_engine(model, settings=EngineSettings())
        prompt = [{"role": "system", "content": SYSTEM}, {"role": "user", "content": REQUESTS[0]}]
        engine.complete(prompt, max_tokens=32)
        ttft, per_token = [], []
        for _ in range(reps):  # both timed as the caller sees them: call to first text, then per token
            t0 = time.perf_counter()
            stream = engine.stream(prompt, max_tokens=32)
            it = iter(stream)
            next(it)
            t_first = time.perf_counter()
            for _ in it:
                pass
            c = stream.wait()
            ttft.append(t_first - t0)
            n = c.usage.completion_tokens
            if n > 1:
                per_token.append((time.perf_counter() - t_first) / (n - 1))
        out[mode] = {"ttft": statistics.median(ttft), "per_token": statistics.median(per_token),
                     "backend": engine.info.backend}
        engine.close()
    os.environ["SPARK_NB_SERVER"] = "off"
    return out


def joining(model: str) -> dict:
    """Time to first token of a short request sent while a long answer decodes."""
    import threading

    from spark_nb.engine import engine as engine_module
    from spark_nb.engine import server_link
    from spark_nb.engine.settings import EngineSettings

    long_ask = [{"role": "system", "content": SYSTEM}, {"role": "user", "content": REQUESTS[1] + " Explain every line."}]
    short_ask = [{"role": "user", "content": "Say hi."}]
    out = {}
    os.environ["SPARK_NB_SERVER"] = "off"
    engine = engine_module.get_engine(model, settings=EngineSettings())
    engine.complete("warm up", max_tokens=2)
    long = engine.stream(long_ask, max_tokens=256)
    it = iter(long)
    next(it)
    t0 = time.perf_counter()
    short = engine.stream(short_ask, max_tokens=8)
    next(iter(short))  # it waits its turn behind the long answer
    out["in-process"] = time.perf_counter() - t0
    short.wait()
    for _ in it:
        pass
    engine.close()

    def post(body, client, firsts):
        t0 = time.perf_counter()
        with server_link.client(300.0) as c:
            with c.stream("POST", "http://spark-nb/v1/chat/completions", json=body,
                          headers={"X-Spark-NB-Client": client}) as resp:
                for line in resp.iter_lines():
                    if '"content"' in line and client not in firsts:
                        firsts[client] = time.perf_counter() - t0

    server_link.ensure()
    firsts: dict = {}
    post({"model": model, "messages": short_ask, "max_tokens": 2, "stream": True}, "warm", firsts)
    body = {"model": model, "messages": long_ask, "max_tokens": 256, "stream": True, "temperature": 0}
    thread = threading.Thread(target=post, args=(body, "long", firsts))
    thread.start()
    while "long" not in firsts:
        time.sleep(0.005)
    post({"model": model, "messages": short_ask, "max_tokens": 8, "stream": True}, "short", firsts)
    thread.join()
    out["server"] = firsts["short"]
    return out


def notebooks_interleaved(model: str, names: list[str], rounds: int) -> float:
    """Median warm time to first token of notebooks taking turns on the running server."""
    from spark_nb.engine import server_link

    contexts = {n: f"Notebook {n}.\n" + CONTEXT.replace("sales", f"sales_{n}") * 10 for n in names}
    asked: dict[str, list[str]] = {n: [] for n in names}
    warm = []
    with server_link.client(300.0) as c:
        for r in range(rounds):
            for n in names:
                asked[n].append(REQUESTS[r % len(REQUESTS)])
                history = "\n".join(f"Cell {i}: {q}" for i, q in enumerate(asked[n]))
                body = {"model": model, "stream": True, "max_tokens": 8, "temperature": 0,
                        "messages": [{"role": "system", "content": SYSTEM},
                                     {"role": "user", "content": contexts[n] + "\n" + history}]}
                t0 = time.perf_counter()
                first = None
                with c.stream("POST", "http://spark-nb/v1/chat/completions", json=body,
                              headers={"X-Spark-NB-Client": f"bench-{n}"}) as resp:
                    for line in resp.iter_lines():
                        if first is None and '"content"' in line:
                            first = time.perf_counter() - t0
                if r > 0:
                    warm.append(first)
    return statistics.median(warm)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", default="qwen2.5-coder-0.5b")
    ap.add_argument("--clients", type=int, default=4)
    ap.add_argument("--requests", type=int, default=2, help="requests per client")
    args = ap.parse_args()
    runtime = Path(tempfile.mkdtemp(prefix="spark-nb-bench-"))
    os.environ["SPARK_NB_RUNTIME_DIR"] = str(runtime)
    from spark_nb.engine import server_link

    print(f"model {args.model} · {platform.machine()} · {os.cpu_count()} CPUs · "
          f"{args.clients} clients × {args.requests} requests", flush=True)
    inproc = throughput(args.model, args.clients, args.requests, False, runtime)
    served = throughput(args.model, args.clients, args.requests, True, runtime)
    over = overhead(args.model, runtime)
    joins = joining(args.model)
    single = notebooks_interleaved(args.model, ["A"], 5)
    server_link.probe() and _restart(server_link)
    two = notebooks_interleaved(args.model, ["A", "B"], 5)
    _stop(server_link)

    rows = [("metric", "server", "baseline", "ratio", "target", "met")]
    ratio = served["tps"] / inproc["tps"]
    rows.append((f"aggregate tokens/s, {args.clients} clients", f"{served['tps']:.1f}",
                 f"{args.clients} engines {inproc['tps']:.1f}", f"{ratio:.2f}", ">= 2.0", _met(ratio >= 2.0)))
    rows.append(("  wall s / tokens", f"{served['wall']:.1f} / {served['tokens']}",
                 f"{inproc['wall']:.1f} / {inproc['tokens']}", "", "", ""))
    d_ttft = (over["auto"]["ttft"] - over["off"]["ttft"]) * 1000
    d_tok = (over["auto"]["per_token"] - over["off"]["per_token"]) * 1000
    rows.append(("time to first token, warm (ms)", f"{over['auto']['ttft'] * 1000:.1f}",
                 f"in-process {over['off']['ttft'] * 1000:.1f}", f"{d_ttft:+.1f} ms", "<= +5 ms", _met(d_ttft <= 5)))
    rows.append(("time per token (ms)", f"{over['auto']['per_token'] * 1000:.2f}",
                 f"in-process {over['off']['per_token'] * 1000:.2f}", f"{d_tok:+.2f} ms", "<= +5 ms", _met(d_tok <= 5)))
    rows.append(("short request's TTFT during a long answer (s)", f"{joins['server']:.3f}",
                 f"in-process {joins['in-process']:.3f}", f"{joins['server'] / joins['in-process']:.2f}", "", ""))
    r2 = two / single
    rows.append(("warm TTFT, 2 notebooks interleaved (s)", f"{two:.3f}", f"one notebook {single:.3f}",
                 f"{r2:.2f}", "<= 2.0", _met(r2 <= 2.0)))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    for r in rows:
        print("  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip())


def _restart(server_link) -> None:
    _stop(server_link)
    server_link.ensure()


def _stop(server_link) -> None:
    try:
        with server_link.client(5.0) as c:
            c.post("http://spark-nb/spark/stop")
    except httpx.HTTPError:
        pass
    deadline = time.monotonic() + 15
    while server_link.probe(0.5) is not None and time.monotonic() < deadline:
        time.sleep(0.1)


def _met(ok: bool) -> str:
    return "yes" if ok else "NO"


if __name__ == "__main__":
    main()
