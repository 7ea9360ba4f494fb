"""Engine benchmark: one table, every row measured in this run on the same GGUF.

    python bench/engine.py [--model qwen2.5-coder-0.5b] [--reps 3] [--batch-only]

Rows: decode speed and time to first token against plain ``llama_cpp.Llama``; time to
first token with a shared 2,000-token prefix, warm vs cold; a fix-style request with
and without prompt-lookup drafting; decode speed as a share of the memory-bandwidth
bound (bandwidth / model bytes); K = 1, 2, 4, 8 sequences of one prompt decoded in one
batch (aggregate tokens/s against K = 1), and four complete answers against one.
"""

from __future__ import annotations

import argparse
import itertools
import os
import platform
import statistics
import threading
import time
from pathlib import Path

import numpy as np

from spark_nb.engine import get_engine

SYSTEM = "You are a data-analysis assistant. Answer with concise, correct Python."
REQUEST = (
    "Request {i}: the DataFrame `sales` has columns date, region and revenue. Write code "
    "that totals revenue by month and region, then plots it as a grouped bar chart."
)
FIX_CELL = """import pandas as pd
import numpy as np

df = pd.read_csv("sales.csv", parse_dates=["date"])
df["month"] = df["date"].dt.to_period("M")
monthly = df.groupby(["month", "region"])["revenue"].sum().reset_index()
pivot = monthly.pivot(index="month", columns="region", values="revenue")
pivot = pivot.fillna(0)
growth = pivot.pct_change().fillna(0)
top_region = pivot.sum().idxmax()
print("Top region:", top_region)
share = pivot.div(pivot.sum(axis=1), axis=0)
rolling = pivot.rolling(window=3).mean()
summary = pd.DataFrame({
    "total": pivot.sum(),
    "mean": pivot.mean(),
    "best_month": pivot.idxmax(),
})
summary = summary.sort_values("totl", ascending=False)
print(summary.head())
print(rolling.tail(3))
"""
FIX_SUITE = {
    "NameError": "import pandas as pd\ndf = pd.DataFrame({'x': [1, 2, 3]})\ntotal = df['x'].sum()\nprint(totl)\n",
    "KeyError": "import pandas as pd\ndf = pd.DataFrame({'price': [1.5, 2.0], 'qty': [3, 4]})\ndf['value'] = df['price'] * df['quantity']\nprint(df)\n",
    "AttributeError": "import pandas as pd\na = pd.DataFrame({'x': [1]})\nb = pd.DataFrame({'x': [2]})\nc = a.append(b)\nprint(c)\n",
    "TypeError": "values = [1, 2, 3]\nlabel = 'total: ' + sum(values)\nprint(label)\n",
    "AttributeError (plt)": "import numpy as np\nimport matplotlib.pyplot as plt\nx = np.linspace(0, 10, 100)\nplt.plot(x, np.sin(x))\nplt.titel('sine')\nplt.show()\n",
    "IndexError": "data = [3, 1, 4, 1, 5]\nfor i in range(len(data) + 1):\n    print(data[i] * 2)\n",
    "ValueError": "import pandas as pd\ns = pd.Series(['1', '2', 'three'])\nprint(s.astype(int).sum())\n",
    "ZeroDivisionError": "counts = {'a': 0, 'b': 5}\nratios = {k: 10 / v for k, v in counts.items()}\nprint(ratios)\n",
}
FIX_PROMPT = (
    "This notebook cell fails with KeyError: 'totl'. Return the whole corrected cell in one "
    "```python code block, changing only what is needed.\n```python\n" + FIX_CELL + "```"
)


def median(xs):
    return statistics.median(xs)


def compare(engine, reps, max_tokens, baseline_tokens):
    """Alternate our engine and a baseline on the same prompts, both from a cold cache.

    ``baseline_tokens(prompt_tokens, n)`` yields the baseline's generated tokens (at most
    ``n``); it is timed here exactly as ours is: first token, then decode speed.
    """
    ours_ttft, ours_tps, base_ttft, base_tps = [], [], [], []
    for i in range(reps):
        msgs = [{"role": "system", "content": SYSTEM}, {"role": "user", "content": REQUEST.format(i=i)}]
        engine.reset()
        r = engine.complete(msgs, max_tokens=max_tokens)
        ours_ttft.append(r.timings.time_to_first_token)
        ours_tps.append(r.tokens_per_second)
        tokens = engine.call(lambda b: b.prompt_tokens(msgs))
        t0 = time.perf_counter()
        t_first, n = None, 0
        for _ in baseline_tokens(tokens, r.usage.completion_tokens):
            if t_first is None:
                t_first = time.perf_counter()
            n += 1
        t_end = time.perf_counter()
        base_ttft.append(t_first - t0)
        base_tps.append((n - 1) / (t_end - t_first))
    return median(ours_ttft), median(ours_tps), median(base_ttft), median(base_tps)


def bench_vs_plain(engine, path, reps, max_tokens):
    """Our llama.cpp backend against plain llama_cpp.Llama on the same file and settings."""
    from llama_cpp import Llama

    backend = engine.backend
    plain = Llama(model_path=str(path), n_ctx=backend.n_ctx, n_batch=backend.n_batch,
                  n_threads=backend.n_threads, n_threads_batch=backend.n_threads,
                  flash_attn=True, verbose=False)
    for _ in itertools.islice(plain.generate(plain.tokenize(b"Warm up."), temp=0.0), 4):
        pass  # the same warm-up as ours

    def run(tokens, n):
        plain.reset()
        for tok in itertools.islice(plain.generate(tokens, temp=0.0, reset=True), n):
            if tok == plain._model.token_eos():
                return
            yield tok

    result = compare(engine, reps, max_tokens, run)
    plain.close()
    return result


def bench_vs_mlx_lm(engine, folder, reps, max_tokens):
    """Our MLX backend against mlx_lm.stream_generate on the same weights and prompts."""
    import mlx.core as mx
    from mlx_lm import load, stream_generate

    model, tokenizer = load(str(folder))
    if engine.info.device.startswith("cpu"):
        mx.set_default_device(mx.cpu)
        model.set_dtype(mx.float32)
    for _ in stream_generate(model, tokenizer, "Warm up.", max_tokens=4):
        pass
    return compare(engine, reps, max_tokens,
                   lambda tokens, n: stream_generate(model, tokenizer, tokens, max_tokens=n))


BASELINES = {"llama_cpp": (bench_vs_plain, "plain Llama"), "mlx": (bench_vs_mlx_lm, "mlx_lm")}


def model_bytes(path: str) -> int:
    p = Path(path)
    return sum(f.stat().st_size for f in p.glob("*.safetensors")) if p.is_dir() else p.stat().st_size


def bench_prefix(engine, reps):
    filler = " ".join(
        f"Column c{i}: float64, the measured value of sensor {i} in the plant log, "
        "non-null, units of kilowatt hours." for i in range(62)
    )
    prefix = "Data dictionary of the DataFrame `log`:\n" + filler
    n_prefix = engine.call(lambda b: len(b.tokenize(prefix)))
    cold, warm = [], []
    for i in range(reps):
        engine.reset()
        a = engine.complete([{"role": "system", "content": prefix},
                             {"role": "user", "content": f"Question {i}: which columns are sensors?"}],
                            max_tokens=1)
        b = engine.complete([{"role": "system", "content": prefix},
                             {"role": "user", "content": f"Question {i}: plot c1 against c2."}],
                            max_tokens=1)
        cold.append(a.timings.time_to_first_token)
        warm.append(b.timings.time_to_first_token)
        reused = b.usage.cached_prompt_tokens
    return n_prefix, median(cold), median(warm), reused


def bench_prompt_lookup(engine, reps, max_tokens, msgs):
    plain_tps, draft_tps, same = [], [], True
    for _ in range(reps):
        engine.reset()
        p = engine.complete(msgs, max_tokens=max_tokens)
        engine.reset()
        d = engine.complete(msgs, max_tokens=max_tokens, draft="prompt-lookup")
        same = same and p.text == d.text
        plain_tps.append(p.tokens_per_second)
        draft_tps.append(d.tokens_per_second)
    return median(plain_tps), median(draft_tps), same, d.usage, d.text


def bench_fix_suite(engine, max_tokens):
    """Small real fixes: how often drafting gives identical text, and its median speed-up."""
    same, speedups = 0, []
    for err, cell in FIX_SUITE.items():
        msgs = [{"role": "user", "content": f"This cell raises {err}. Return the whole corrected "
                 f"cell in one ```python code block.\n```python\n{cell}```"}]
        _, _, identical, _, _ = r = bench_prompt_lookup(engine, 1, max_tokens, msgs)
        same += identical
        speedups.append(r[1] / r[0])
    return same, len(FIX_SUITE), median(speedups)


def memory_bandwidth(threads, size_mb=1024):
    """Read bandwidth in bytes/s: each thread sums its share of a large array."""
    a = np.ones(size_mb * (1 << 20) // 8)
    chunks = np.array_split(a, threads)
    best = 0.0
    for _ in range(5):
        ts = [threading.Thread(target=np.sum, args=(c,)) for c in chunks]
        t0 = time.perf_counter()
        for t in ts:
            t.start()
        for t in ts:
            t.join()
        best = max(best, a.nbytes / (time.perf_counter() - t0))
    return best


STORY = "Write a long story about a lighthouse keeper and a storm, in plain prose."


def bench_batch(engine, reps, max_tokens):
    """K sequences of one prompt in one batch, against one sequence, same run.

    Aggregate decode: every sequence's tokens per second of decoding, on a prompt whose
    answers run to ``max_tokens`` (so the batch stays K wide). Wall time: K complete
    answers to a notebook request (one greedy, the rest sampled) against one greedy answer.
    """
    rates = {}
    for k in (1, 2, 4, 8):
        runs = []
        for _ in range(reps):
            engine.reset()
            b = engine.complete_batch(STORY, k, max_tokens=max_tokens)
            runs.append(b.tokens_per_second)
        rates[k] = median(runs)
    msgs = [{"role": "system", "content": SYSTEM}, {"role": "user", "content": REQUEST.format(i=1)}]
    one, four, same = [], [], 0
    for r in range(reps):
        engine.reset()
        t = time.perf_counter()
        single = engine.complete(msgs, max_tokens=256)
        one.append(time.perf_counter() - t)
        engine.reset()
        t = time.perf_counter()
        batch = engine.complete_batch(msgs, 4, max_tokens=256, seed=r)
        four.append(time.perf_counter() - t)
        same += batch.completions[0].text == single.text
    return rates, median(one), median(four), same


def print_rows(rows) -> None:
    print(f"{'metric':40} {'ours':>14} {'baseline':>32} {'ratio':>7} {'target':>8}  met")
    for name, ours, base, ratio, target, met in rows:
        r = f"{ratio:.2f}" if ratio is not None else ""
        m = "" if met is None else ("yes" if met else "NO")
        print(f"{name:40} {ours:>14} {base:>32} {r:>7} {target:>8}  {m}")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", default="qwen2.5-coder-0.5b")
    ap.add_argument("--backend", default="llama_cpp", choices=sorted(BASELINES))
    ap.add_argument("--fix-tokens", type=int, default=400)
    ap.add_argument("--tiny", metavar="FAMILY", default=None,
                    help="MLX only: bench a tiny random-weight model of this family "
                         "(qwen3_moe, mixtral, olmoe, llama, qwen2) written by the test helpers")
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--max-tokens", type=int, default=128)
    ap.add_argument("--batch-only", action="store_true",
                    help="only the batch rows: K = 1, 2, 4, 8 sequences of one prompt")
    args = ap.parse_args()

    extra = {"allow_cpu": True} if args.backend == "mlx" else {}
    if args.tiny:
        import sys
        import tempfile

        sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
        from tests.engine.tiny_mlx import write_tiny_mlx_model

        folder = Path(tempfile.mkdtemp()) / f"tiny-{args.tiny}"
        args.model = str(write_tiny_mlx_model(folder, args.tiny, max_position_embeddings=16384))
    engine = get_engine(args.model, backend=args.backend, **extra)
    engine.complete("Warm up.", max_tokens=4)  # first decode allocates compute buffers
    info = engine.info
    path = info.path
    size = model_bytes(path)
    baseline, base_name = BASELINES[args.backend]
    print(f"model {info.model} ({size / 1e6:.0f} MB) · {info.backend} · {info.device} · "
          f"{platform.processor() or platform.machine()} · {os.cpu_count()} CPUs\n")
    rates, one_s, four_s, same = bench_batch(engine, args.reps, args.max_tokens)
    batch_rows = [(f"aggregate decode tokens/s, K={k}", f"{rates[k]:.1f}", f"K=1 {rates[1]:.1f}",
                   rates[k] / rates[1], ">= 2.5" if k == 4 else "", rates[k] / rates[1] >= 2.5 if k == 4 else None)
                  for k in (1, 2, 4, 8)]
    batch_rows += [("4 complete answers vs 1, wall s", f"{four_s:.2f}", f"one {one_s:.2f}", four_s / one_s,
                    "<= 1.6", four_s / one_s <= 1.6),
                   ("  batch's greedy answer = single greedy", f"{same}/{args.reps}", "", None, "all", same == args.reps)]
    if args.batch_only:
        print_rows(batch_rows)
        engine.close()
        return

    o_ttft, o_tps, b_ttft, b_tps = baseline(engine, path, args.reps, args.max_tokens)
    n_prefix, cold, warm, reused = bench_prefix(engine, args.reps)
    fix = [{"role": "user", "content": FIX_PROMPT}]
    p_tps, d_tps, same, d_usage, _ = bench_prompt_lookup(engine, args.reps, args.fix_tokens, fix)
    fresh = [{"role": "system", "content": SYSTEM}, {"role": "user", "content": REQUEST.format(i=0)}]
    np_tps, nd_tps, _, _, _ = bench_prompt_lookup(engine, args.reps, args.max_tokens, fresh)
    suite_same, suite_n, suite_speedup = bench_fix_suite(engine, min(200, args.fix_tokens))
    bw = memory_bandwidth(getattr(engine.backend, "n_threads", os.cpu_count() or 1))
    bound = bw / size

    rows = [
        ("decode tokens/s", f"{o_tps:.1f}", f"{base_name} {b_tps:.1f}", o_tps / b_tps, ">= 0.97", o_tps / b_tps >= 0.97),
        ("time to first token (s)", f"{o_ttft:.3f}", f"{base_name} {b_ttft:.3f}", b_ttft / o_ttft, ">= 0.95", b_ttft / o_ttft >= 0.95),
        (f"TTFT, {n_prefix}-token shared prefix (s)", f"warm {warm:.3f}", f"cold {cold:.3f}", warm / cold, "<= 0.15", warm / cold <= 0.15),
        ("fix request tokens/s, prompt lookup", f"{d_tps:.1f}", f"plain {p_tps:.1f}", d_tps / p_tps, ">= 1.5", d_tps / p_tps >= 1.5),
        ("  same text as plain greedy", "yes" if same else "NO", "", None, "yes", same),
        ("  drafted / accepted tokens", f"{d_usage.drafted_tokens} / {d_usage.accepted_tokens}", "", None, "", None),
        (f"{suite_n} small fixes: identical text", f"{suite_same}/{suite_n}", f"median speed-up {suite_speedup:.2f}x", suite_speedup, ">= 1.5", suite_same == suite_n and suite_speedup >= 1.5),
        ("new-code request tokens/s, prompt lookup", f"{nd_tps:.1f}", f"plain {np_tps:.1f}", nd_tps / np_tps, "", None),
        ("decode vs bandwidth bound (tok/s)", f"{o_tps:.1f}", f"bound {bound:.1f} ({bw / 1e9:.1f} GB/s)", o_tps / bound, "", None),
    ]
    print_rows(rows + batch_rows)
    print(f"\nprefix tokens reused on the warm request: {reused}")
    engine.close()


if __name__ == "__main__":
    main()
