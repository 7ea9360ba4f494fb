"""The error panel: what went wrong, checked fixes as diffs, Apply / Apply & run / Copy.

:class:`FixPanel` holds the state (``js/panels.js`` draws it, renderer "fix");
:class:`FixPanelView` feeds it the events of :func:`spark_nb.assist.diagnose.diagnose`
from the hook's background thread.
"""

from __future__ import annotations

import traitlets

from spark_nb.widgets._base import Panel, View, agreement, reason

LABELS = {
    "en": {
        "checking": "looking for a fix", "explaining": "explaining", "done": "done",
        "cancelled": "cancelled", "error": "error",
        "rule": "rule", "model": "model", "advice": "advice",
        "apply": "Apply", "apply_run": "Apply & run", "applied": "Applied to the cell.",
        "copy": "Copy", "copied": "Copied", "cancel": "Cancel", "dismiss": "Dismiss",
        "no_fix": "No checked fix: none of the candidates passed the checks.",
        "stats": "rules {rules_ms:.0f} ms · model {model_s:.1f} s · {tokens} tokens",
        "incomplete_fix": "Not fully checked: {reason}, which the sandbox refused. "
                          "Apply it and read it before you run it.",
        "skipped_fix": "Not verified: {reason}.",
        "no_dry_run": "the dry run did not run",
        "agreement": "{total} candidates · {agree} agree",
        "agreement_passing": "{total} candidates · {passing} passed · {agree} agree",
        "reading": "reading {label} · {size} of {total}", "chosen": "chosen",
        "another": "another reading",
    },
    "ja": {
        "checking": "修正を検索中", "explaining": "説明を生成中", "done": "完了",
        "cancelled": "キャンセル", "error": "エラー",
        "rule": "ルール", "model": "モデル", "advice": "助言",
        "apply": "適用", "apply_run": "適用して実行", "applied": "セルに適用しました。",
        "copy": "コピー", "copied": "コピー済み", "cancel": "キャンセル", "dismiss": "閉じる",
        "no_fix": "検査に合格した修正はありません。",
        "stats": "ルール {rules_ms:.0f} ms · モデル {model_s:.1f} 秒 · {tokens} トークン",
        "incomplete_fix": "検査が完了していません: {reason}（サンドボックスが拒否）。"
                          "適用して内容を確認してから実行してください。",
        "skipped_fix": "未検証: {reason}。",
        "no_dry_run": "ドライランを実行していません",
        "agreement": "候補 {total} 件 · {agree} 件が一致",
        "agreement_passing": "候補 {total} 件 · 合格 {passing} 件 · {agree} 件が一致",
        "reading": "解釈 {label} · {total} 件中 {size} 件", "chosen": "採用",
        "another": "別の解釈",
    },
}


class FixPanel(Panel):
    """State of one error's panel, drawn by ``js/panels.js``."""

    panel = traitlets.Unicode("fix").tag(sync=True)
    heading = traitlets.Unicode("").tag(sync=True)
    status = traitlets.Unicode("checking").tag(sync=True)
    summary = traitlets.Unicode("").tag(sync=True)
    explanation = traitlets.Unicode("").tag(sync=True)
    fixes = traitlets.List(traitlets.Dict()).tag(sync=True)


def fix_as_dict(fix, words: dict | None = None) -> dict:
    """A :class:`~spark_nb.assist.diagnose.Fix` as the panel draws it.

    ``status`` is the fix's verdict and each check's own; ``note`` says why an
    *incomplete* or *skipped* fix could not be verified (in ``words``, English by default);
    ``runnable`` is False for an incomplete fix: the panel offers Apply but not Apply & run.
    """
    words = words or LABELS["en"]
    reading = getattr(fix, "reading", None)
    title = words["another"] if reading and reading["label"] != "A" else fix.title
    status = "passed" if fix.advice else fix.status
    note = ""
    if status in ("incomplete", "skipped"):
        note = words[f"{status}_fix"].format(reason=reason(fix.checks, status, words["no_dry_run"]))
    return {"title": title, "origin": "advice" if fix.advice else fix.origin, "rule": fix.rule,
            "source": fix.source, "diff": fix.diff, "explanation": fix.explanation,
            "status": status, "note": note, "runnable": status in ("passed", "skipped"),
            "checks": [{"name": c.name, "status": c.status, "passed": c.passed, "message": c.message}
                       for c in fix.checks], **_candidates(fix, words)}


def _candidates(fix, words: dict) -> dict:
    """A model fix chosen among candidates: its agreement line, why, and its reading."""
    c = getattr(fix, "consensus", None)
    reading = getattr(fix, "reading", None)
    out = {"agreement": "", "why": "", "reading": None}
    if c is not None:
        out["agreement"] = agreement(c, words)
        out["why"] = c.why(words == LABELS["ja"])
    if reading:
        out["reading"] = {"title": words["reading"].format(**reading), "summary": reading["summary"],
                          "chosen": bool(reading["chosen"])}
    return out


class FixPanelView(View):
    """Drives a :class:`FixPanel` from the events of one diagnosis."""

    def __init__(self, heading: str, *, japanese: bool = False, display=None) -> None:
        self.words = LABELS["ja" if japanese else "en"]
        self._text = ""
        super().__init__(FixPanel(heading=heading, labels=self.words), display)

    def event(self, kind: str, data) -> None:
        if kind == "rules":
            self.panel.fixes = [fix_as_dict(f, self.words) for f in data]
            if data:
                self.panel.summary = data[0].explanation
        elif kind == "summary":
            self.panel.summary = data
        elif kind == "explaining":
            self.panel.status = "explaining"
        elif kind == "delta":
            self._text += data
            if self.due():
                self._flush()
        elif kind == "fix":
            self.panel.fixes = self.panel.fixes + [fix_as_dict(data, self.words)]

    def result(self, d) -> None:
        self.panel.summary = d.summary
        self.panel.explanation = d.explanation
        self.panel.fixes = [fix_as_dict(f, self.words) for f in d.fixes]
        self.panel.stats = self.words["stats"].format(
            rules_ms=1000 * (d.seconds_rules + d.seconds_checks), model_s=d.seconds_model, tokens=d.completion_tokens)
        if d.model_error:
            self.panel.stats += f" · {d.model_error}"
        self.panel.status = "cancelled" if d.cancelled else "done"

    def error(self, message: str) -> None:
        self.panel.stats = message
        self.panel.status = "error"

    def _flush(self) -> None:
        # while the model writes, show its words; the code arrives as a checked fix
        self.panel.explanation = self._text.split("```", 1)[0].strip()
        self.flushed()
