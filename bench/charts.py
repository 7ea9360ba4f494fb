"""Chart analysis on a corpus of figures: fact accuracy, grounding of prose, speed.

    python bench/charts.py [--model qwen2.5-coder-0.5b] [--limit N] [--no-model]

The corpus is ``bench/chart_cases.py`` (figures of lines, dates, month names, log scale, bars,
grouped/stacked bars, scatters, histograms, subplots, twin axes, areas, images and
heatmaps, pandas and seaborn output, Japanese labels, NaN and a 100,000-point line),
each with 3-5 questions whose answers are computed from the data; ``bench/chart_asks.py``
holds questions as a user types them to ``%spark chart``, answered by the claim that
answers them (no model), with a held-out third. For every figure the
facts are extracted (timed) and each question is answered from the facts alone: fact
accuracy is the share answered right. Then, for the first ``--limit`` figures, the model
writes an overview of the figure (no question: the prompt asking for the main trend or
comparison and the highest and lowest values states the most numbers); reported are the share of the
numbers in its prose that the facts back before the grounding check and after it
(after must be 100%), sentences dropped, how many sentences the claim check
(:mod:`spark_nb.assist.claims`) then held against the figure's claims, rewrote and dropped,
and the model's time. One table at the end.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from chart_cases import CASES, Case  # noqa: E402

import matplotlib.pyplot as plt  # noqa: E402

from spark_nb.assist.charts import analyze_facts, figure_facts  # noqa: E402


def same(got, expected) -> bool:
    if isinstance(expected, float) or isinstance(got, float):
        try:
            return abs(float(got) - float(expected)) <= 1e-6 * max(1.0, abs(float(expected)))
        except (TypeError, ValueError):
            return False
    if isinstance(expected, list):
        return isinstance(got, list) and len(got) == len(expected) and all(map(same, got, expected))
    return got == expected


def run_case(case: Case, engine, use_model: bool, facts_by_case: dict) -> dict:
    fig = case.draw()
    figure_facts(fig)  # warm: the first read of a figure type pays for imports
    started = time.perf_counter()
    facts = figure_facts(fig)
    facts_by_case[case.name] = facts
    ms = (time.perf_counter() - started) * 1000
    right = 0
    for q in case.questions:
        try:
            ok = same(q.read(facts), q.expected)
        except Exception:  # noqa: BLE001 - a fact the extraction missed is a wrong answer
            ok = False
        right += ok
    row = {"name": case.name, "kind": case.kind, "right": right, "asked": len(case.questions), "ms": ms}
    if use_model:
        result = analyze_facts(facts, None, engine=engine)  # an overview states the most numbers
        before, after = result.before, result.grounding
        row.update(before=(before.grounded, before.total) if before else (0, 0),
                   after=(after.grounded, after.total), dropped=len(result.dropped),
                   checked=result.checked, rewritten=len(result.rewritten), claim_dropped=len(result.claim_dropped),
                   model_s=result.seconds_model, note=result.note, prose=result.prose,
                   raw=" ".join(s.text for s in before.sentences) if before else "")
    plt.close(fig)
    return row


def share(pairs) -> str:
    grounded = sum(p[0] for p in pairs)
    total = sum(p[1] for p in pairs)
    return f"{grounded}/{total} {100 * grounded / total:.0f}%" if total else "no numbers"


def holds(answer: str, expected: str) -> bool:
    """Whether ``answer`` states ``expected``: as written (case-insensitive), or the same
    date said another way ("2024-03" as "March 2024"), or the same number written with
    more digits ("0.98" as -0.977)."""
    import re

    from spark_nb.assist.claims.positions import mentioned
    from spark_nb.assist.grounding import numbers_in

    if expected.lower() in answer.lower():
        return True
    m = re.fullmatch(r"(\d{4})-(\d{2})(?:-(\d{2}))?", expected)
    if m:
        want = {("year", int(m.group(1))), ("month", int(m.group(2)))} | ({("day", int(m.group(3)))} if m.group(3) else set())
        return any(want <= keys for _, _, keys in mentioned(answer))
    if re.fullmatch(r"[\d,]+(?:\.\d+)?", expected):
        value = float(expected.replace(",", ""))
        places = len(expected.split(".")[1]) if "." in expected else 0
        return any(round(abs(n.value), places) == value for n in numbers_in(answer))
    return False


def run_asks(facts_by_case: dict) -> list[dict]:
    """Each question of ``chart_asks.py`` as a user types it to ``%spark chart``, answered
    without a model (the answer is the claim that answers it): right when the answer
    holds every expected string. Every third ask (index % 3 == 2) is held out."""
    from chart_asks import ASKS

    rows = []
    for i, ask in enumerate(ASKS):
        facts = facts_by_case.get(ask.case)
        answer = ""
        if facts is not None:
            answer = analyze_facts(facts, ask.question, use_model=False).answer
        ok = bool(answer) and all(holds(answer, e) for e in ask.expect)
        rows.append({"i": i, "case": ask.case, "question": ask.question, "answer": answer,
                     "expect": ask.expect, "ok": ok, "heldout": i % 3 == 2})
    return rows


def print_asks(rows: list[dict], show_dev: bool) -> None:
    for split, held in (("dev", False), ("held-out", True)):
        part = [r for r in rows if r["heldout"] == held]
        right = sum(r["ok"] for r in part)
        print(f"questions answered right ({split}): {right}/{len(part)} {100 * right / max(len(part), 1):.1f}%")
    if show_dev:
        for r in rows:
            if not r["heldout"] and not r["ok"]:
                print(f"  wrong [{r['case']}] {r['question']!r} -> {r['answer']!r} (expected {r['expect']})")


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default=None)
    parser.add_argument("--limit", type=int, default=None, help="model calls for the first N charts only")
    parser.add_argument("--no-model", action="store_true")
    parser.add_argument("--show", action="store_true", help="print each prose before and after the check")
    parser.add_argument("--show-dev-asks", action="store_true", help="print the dev questions answered wrong")
    args = parser.parse_args(argv)
    engine = None
    if not args.no_model:
        from spark_nb.engine import get_engine

        engine = get_engine(args.model)
    rows, facts_by_case = [], {}
    for i, case in enumerate(CASES):
        use_model = engine is not None and (args.limit is None or i < args.limit)
        rows.append(run_case(case, engine, use_model, facts_by_case))
        if args.show and "prose" in rows[-1]:
            print(f"[{case.name}]\n  model: {rows[-1]['raw']}\n  shown: {rows[-1]['prose']}", flush=True)
    print_table(rows, engine)
    print_asks(run_asks(facts_by_case), args.show_dev_asks)


def print_table(rows: list[dict], engine) -> None:
    print(f"{'chart':32} {'kind':9} {'facts':>6} {'extract':>9} {'grounded before':>16} "
          f"{'after':>12} {'dropped':>7} {'model':>7}")
    for r in rows:
        model = ""
        if "before" in r:
            model = (f"{share([r['before']]):>16} {share([r['after']]):>12} {r['dropped']:>7} "
                     f"{r['model_s']:>6.1f}s")
        print(f"{r['name'][:32]:32} {r['kind']:9} {r['right']}/{r['asked']:<4} {r['ms']:>7.1f}ms {model}")
    right, asked = sum(r["right"] for r in rows), sum(r["asked"] for r in rows)
    ms = sorted(r["ms"] for r in rows)
    print(f"\ncharts: {len(rows)}; fact accuracy: {right}/{asked} {100 * right / asked:.1f}%")
    print(f"extraction: median {statistics.median(ms):.1f} ms, max {ms[-1]:.1f} ms")
    with_model = [r for r in rows if "before" in r]
    if with_model:
        name = getattr(getattr(engine, "info", None), "model", "") or "the model"
        times = sorted(r["model_s"] for r in with_model)
        print(f"prose on {name} ({len(with_model)} charts): numbers grounded before the check "
              f"{share([r['before'] for r in with_model])}, after {share([r['after'] for r in with_model])}; "
              f"sentences dropped {sum(r['dropped'] for r in with_model)}; then held against the claims: "
              f"{sum(r['checked'] for r in with_model)} checked, {sum(r['rewritten'] for r in with_model)} "
              f"rewritten to the claim that holds, {sum(r['claim_dropped'] for r in with_model)} dropped; model median "
              f"{statistics.median(times):.1f} s, max {times[-1]:.1f} s")
        failed = [r["name"] for r in with_model if r.get("note")]
        if failed:
            print(f"model notes on: {', '.join(failed)}")


if __name__ == "__main__":
    main()
