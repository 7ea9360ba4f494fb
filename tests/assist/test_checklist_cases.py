"""The checklist corpora are well formed: every requirement has a known kind, a value of
that kind's form, and a phrase that occurs in its request (the extractor is judged on
them, so a malformed case would judge it wrongly)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from tests.assist.checklist_cases import CASES
from tests.assist.checklist_cases_more import CASES as MORE
from tests.assist.checklist_cases_tasks import CASES as TASK_STYLE

KINDS = {"binds": str, "columns": list, "index": str, "length": int, "shape": list, "arity": int,
         "xlabel": str, "ylabel": str, "title": str, "legend": bool, "lines": int, "bars": int,
         "plot_kind": str, "sorted": dict, "top": int, "filter": str, "one_row_per": str,
         "unique": str, "no_missing": (str, type(None)), "dtype": dict, "unchanged": type(None),
         "no_write": (str, type(None))}
BINDS = {"DataFrame", "Series", "Axes", "Figure", "function", "scalar", "dict", "list"}
PLOTS = {"bar", "barh", "line", "scatter", "hist", "pie", "box"}
TYPES = {"datetime", "integer", "float", "string", "bool"}


def problems(request: str, checklist: list[dict]) -> list[str]:
    found = []
    for r in checklist:
        if set(r) != {"kind", "target", "value", "phrase"}:
            found.append(f"keys {sorted(r)}")
            continue
        kind, value = r["kind"], r["value"]
        if kind not in KINDS or not isinstance(value, KINDS[kind]):
            found.append(f"{kind}: value {value!r}")
        elif kind == "binds" and value not in BINDS or kind == "plot_kind" and value not in PLOTS:
            found.append(f"{kind}: {value!r}")
        elif kind == "sorted" and (set(value) != {"by", "descending"} or not isinstance(value["descending"], bool)):
            found.append(f"sorted: {value!r}")
        elif kind == "dtype" and (set(value) != {"column", "type"} or value["type"] not in TYPES):
            found.append(f"dtype: {value!r}")
        if not r["phrase"] or r["phrase"] not in request:
            found.append(f"phrase {r['phrase']!r} is not in the request")
    return found


def test_the_extractor_corpus_is_well_formed_and_mixed():
    bad = [(req, p) for req, checklist in CASES for p in problems(req, checklist)]
    assert not bad, bad[:5]
    japanese = [req for req, _ in CASES if any("\u3040" <= ch <= "\u9fff" for ch in req)]
    assert len(CASES) >= 100 and len(japanese) >= 35
    assert sum(not checklist for _, checklist in CASES) >= 10  # requests that state nothing
    assert len({req for req, _ in CASES}) == len(CASES)


def test_the_later_corpus_is_well_formed_new_and_mixed():
    bad = [(req, p) for req, checklist in MORE for p in problems(req, checklist)]
    assert not bad, bad[:5]
    japanese = [req for req, _ in MORE if any("\u3040" <= ch <= "\u9fff" for ch in req)]
    assert len(MORE) >= 90 and len(japanese) >= 30 and sum(not c for _, c in MORE) >= 10
    assert not {req for req, _ in MORE} & {req for req, _ in CASES}


def test_the_task_style_corpus_is_well_formed_new_and_mixed():
    bad = [(req, p) for req, checklist in TASK_STYLE for p in problems(req, checklist)]
    assert not bad, bad[:5]
    japanese = [req for req, _ in TASK_STYLE if any("\u3040" <= ch <= "\u9fff" for ch in req)]
    assert len(TASK_STYLE) >= 60 and len(japanese) >= 20 and sum(not c for _, c in TASK_STYLE) >= 4
    assert not {req for req, _ in TASK_STYLE} & {req for req, _ in CASES + MORE}


def test_the_held_out_tasks_carry_well_formed_checklists():
    pytest.importorskip("pandas")
    bench = Path(__file__).resolve().parents[2] / "bench"
    sys.path.insert(0, str(bench))
    try:
        from notebook_tasks_checklist import TASKS
    finally:
        sys.path.remove(str(bench))
    bad = [(t.request, p) for t in TASKS for p in problems(t.request, t.requirements)]
    assert not bad, bad[:5]
    assert len(TASKS) >= 40 and sum(t.lang == "ja" for t in TASKS) >= 14
    assert all(len(t.requirements) >= 3 for t in TASKS)
    assert not {t.request for t in TASKS} & {req for req, _ in CASES + MORE + TASK_STYLE}  # held out from the corpora
