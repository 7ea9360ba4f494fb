"""The ``%%spark`` panel: the code as it streams, each stage and check, Cancel, the result.

:class:`SparkPanel` is the widget (state only; ``js/panels.js`` draws it).
:class:`PanelView` feeds it the events of :func:`spark_nb.assist.generate` and has the
same methods as the terminal's text view, so the magic drives either one.
"""

from __future__ import annotations

import traitlets

from spark_nb.widgets._base import Panel, View, agreement, reason

LABELS = {
    "en": {
        "generating": "generating", "checking": "checking", "repairing": "repairing",
        "passed": "passed", "failed": "failed", "unchecked": "not checked",
        "cancelled": "cancelled", "error": "error",
        "cancel": "Cancel", "cancelling": "Cancelling…", "copy": "Copy", "copied": "Copied",
        "cancel_hint": "Could not interrupt the kernel from here: stop it with ■ (or I, I) to cancel.",
        "stage_generate": "generate", "stage_repair": "repair round {n}",
        "inserted": "Inserted in a new cell below.", "ran": "Ran in this cell.",
        "not_inserted": "Not inserted: the best attempt is shown above with its failing checks marked.",
        "unchecked_note": "Not checked (--no-check): inserted below as it is.",
        "stats": "{tokens} tokens · {seconds:.1f} s · {rounds} repair round(s) · {model}",
        "stopped": "Cancelled: nothing was inserted.",
        "context": "Context sent to the model",
        "insert_anyway": "Insert below anyway",
        "inserted_failing": "Inserted below, still failing the checks marked above.",
        "incomplete": "incomplete", "skipped": "not verified",
        "incomplete_note": "Inserted below, not run: {reason}. The sandbox refused it, "
                           "so the dry run is incomplete.",
        "skipped_note": "Inserted below, not run and not verified: {reason}.",
        "no_dry_run": "the dry run did not run",
        "ambiguous": "readings differ",
        "agreement": "{total} candidates · {agree} agree",
        "agreement_passing": "{total} candidates · {passing} passed · {agree} agree",
        "reading": "{label} · {size} of {total}", "chosen": "chosen",
        "use": "Insert {label} below", "others": "Other readings",
        "ambiguous_note": "The candidates disagree and none has a majority: nothing was inserted. "
                          "Compare what each reading produced and pick one.",
        "pick_hint": "%spark pick {label} inserts it below",
        "inserted_reading": "Reading {label} inserted below.",
        "requirement": "asked: “{phrase}”",
        "proposed": " (read by the model)",
        "ignore": "Ignore", "ignored": "ignored (--ignore {number})",
    },
    "ja": {
        "generating": "生成中", "checking": "検査中", "repairing": "修正中",
        "passed": "合格", "failed": "不合格", "unchecked": "未検査",
        "cancelled": "キャンセル", "error": "エラー",
        "cancel": "キャンセル", "cancelling": "キャンセル中…", "copy": "コピー", "copied": "コピー済み",
        "cancel_hint": "ここからはカーネルを中断できません。■ (または I, I) で中断してください。",
        "stage_generate": "生成", "stage_repair": "修正 {n} 回目",
        "inserted": "下の新しいセルに挿入しました。", "ran": "このセルで実行しました。",
        "not_inserted": "挿入していません。最良の試行を上に示し、不合格の検査に印を付けています。",
        "unchecked_note": "未検査 (--no-check): そのまま下に挿入しました。",
        "stats": "{tokens} トークン · {seconds:.1f} 秒 · 修正 {rounds} 回 · {model}",
        "stopped": "キャンセルしました。何も挿入していません。",
        "context": "モデルに渡したコンテキスト",
        "insert_anyway": "それでも下に挿入",
        "inserted_failing": "下に挿入しました（上の印の検査は不合格のままです）。",
        "incomplete": "未完了", "skipped": "未検証",
        "incomplete_note": "下に挿入しました（未実行）: {reason}。サンドボックスが拒否したため、"
                           "ドライランは完了していません。",
        "skipped_note": "下に挿入しました（未実行・未検証）: {reason}。",
        "no_dry_run": "ドライランを実行していません",
        "ambiguous": "解釈が分かれています",
        "agreement": "候補 {total} 件 · {agree} 件が一致",
        "agreement_passing": "候補 {total} 件 · 合格 {passing} 件 · {agree} 件が一致",
        "reading": "{label} · {total} 件中 {size} 件", "chosen": "採用",
        "use": "{label} を下に挿入", "others": "ほかの解釈",
        "ambiguous_note": "候補の結果が分かれ、過半数のものがありません。何も挿入していません。"
                          "各解釈の結果を比べて選んでください。",
        "pick_hint": "%spark pick {label} で下に挿入します",
        "inserted_reading": "解釈 {label} を下に挿入しました。",
        "requirement": "依頼: 「{phrase}」",
        "proposed": "（モデルが読み取り）",
        "ignore": "無視", "ignored": "無視 (--ignore {number})",
    },
}


# A check's status -> the state of its stage (js/panels.js gives each state a mark).
STAGE_STATES = {"passed": "pass", "failed": "fail", "skipped": "skip", "incomplete": "incomplete"}


class SparkPanel(Panel):
    """State of one ``%%spark`` run, drawn by ``js/panels.js``."""

    panel = traitlets.Unicode("spark").tag(sync=True)
    request = traitlets.Unicode("").tag(sync=True)
    status = traitlets.Unicode("generating").tag(sync=True)
    code = traitlets.Unicode("").tag(sync=True)
    stages = traitlets.List(traitlets.Dict()).tag(sync=True)
    message = traitlets.Unicode("").tag(sync=True)
    context = traitlets.Unicode("").tag(sync=True)
    # candidates: "4 candidates · 3 agree", why the shown code won, and the readings
    # (label, size, code, summary, chosen) when the groups differ
    agreement = traitlets.Unicode("").tag(sync=True)
    why = traitlets.Unicode("").tag(sync=True)
    readings = traitlets.List(traitlets.Dict()).tag(sync=True)


class PanelView(View):
    """Drives a :class:`SparkPanel` from the events of one generation."""

    def __init__(self, request: str, *, japanese: bool = False, verbose: bool = False,
                 display=None, line: str = "") -> None:
        self.words = LABELS["ja" if japanese else "en"]
        self.verbose = verbose
        self.line = line  # the magic's options: a requirement's Ignore runs the cell again with --ignore
        self._code = ""
        super().__init__(SparkPanel(request=request, labels=self.words), display)

    # -- the view protocol shared with TextView ---------------------------------------
    def context(self, text: str) -> None:
        if self.verbose:
            self.panel.context = text
        self._stage(self.words["stage_generate"], "running")

    def event(self, kind: str, data) -> None:
        if kind == "delta":
            self._code += data
            if self.due():
                self._flush()
        elif kind == "checking":
            self._flush()
            self._finish_running("pass")
            self.panel.status = "checking"
        elif kind == "attempt":
            self._finish_running("pass")
            self._code = data.code
            self._flush()
            self.panel.stages = self.panel.stages + [self._with_ignore(self._check_stage(c, self.words), c)
                                                     for c in data.checks]
        elif kind == "repair":
            self._code = ""
            self._flush()
            self.panel.status = "repairing"
            self._stage(self.words["stage_repair"].format(n=data), "running")

    def result(self, g, *, ran: bool = False) -> None:
        self._code = g.code
        self._flush()
        self._finish_running("pass")
        self._consensus(g)
        self._ignored(g)
        if g.ambiguous:
            status, note = "ambiguous", self.words["ambiguous_note"]
        elif not g.checked:
            status, note = "unchecked", self.words["unchecked_note"]
        elif g.status == "passed":
            status, note = "passed", self.words["ran" if ran else "inserted"]
        elif g.status in ("incomplete", "skipped"):
            # inserted with the reason, never run: the checks could not vouch for it
            status = g.status
            why = reason(g.checks, status, self.words["no_dry_run"])
            note = self.words[f"{status}_note"].format(reason=why)
        else:
            status, note = "failed", self.words["not_inserted"]
        names = ", ".join(sorted({c.name for c in g.checks}))
        self.panel.stats = self.words["stats"].format(
            tokens=g.completion_tokens, seconds=g.seconds, rounds=g.rounds, model=g.model
        ) + (f" · {names}" if names else "")
        self.panel.message = note
        self.panel.status = status

    def cancelled(self) -> None:
        self._flush()
        self._finish_running("fail")
        self.panel.message = self.words["stopped"]
        self.panel.status = "cancelled"

    def error(self, message: str) -> None:
        self._flush()
        self._finish_running("fail")
        self.panel.message = message
        self.panel.status = "error"

    # -- helpers -----------------------------------------------------------------------
    def _with_ignore(self, stage: dict, check) -> dict:
        """A failed requirement offers Ignore: the same cell again, with it left out."""
        number = check.details.get("number") if check.name == "checklist" else None
        if number and check.status == "failed":
            stage["ignore_source"] = self._source(self._ignoring([number]))
        return stage

    def _ignoring(self, numbers: list[int]) -> str:
        """The magic's options with ``numbers`` added to --ignore."""
        import re
        import shlex

        try:
            words = shlex.split(self.line)
        except ValueError:
            words = self.line.split()
        kept, had = [], []
        it = iter(words)
        for w in it:
            if w == "--ignore":
                had += next(it, "").split(",")
            elif w.startswith("--ignore="):
                had += w.split("=", 1)[1].split(",")
            else:
                kept.append(w)
        wanted = sorted({int(n) for n in had if re.fullmatch(r"\d+", n.strip())} | set(numbers))
        return " ".join([*kept, "--ignore", ",".join(map(str, wanted))])

    def _source(self, line: str) -> str:
        return f"%%spark {line}\n{self.panel.request}"

    def _ignored(self, g) -> None:
        """Requirements the user left out are listed as such, never as passed."""
        for r in g.requirements:
            if r.number in g.ignored:
                self._stage(self.words["requirement"].format(phrase=r.phrase), "skip",
                            self.words["ignored"].format(number=r.number))

    def _consensus(self, g) -> None:
        """The agreement line, why the shown code won, and the readings when they differ."""
        c = g.consensus
        if c is None:
            return
        self.panel.agreement = agreement(c, self.words)
        self.panel.why = c.why(g.japanese)
        self.panel.readings = [
            dict(r, chosen=i == 0 and not g.ambiguous,
                 title=self.words["reading"].format(label=r["label"], size=r["size"], total=c.total),
                 use=self.words["use"].format(label=r["label"]),
                 hint=self.words["pick_hint"].format(label=r["label"]),
                 done=self.words["inserted_reading"].format(label=r["label"]))
            for i, r in enumerate(g.readings())]

    def _flush(self) -> None:
        if self.panel.code != self._code:
            self.panel.code = self._code
        self.flushed()

    def _stage(self, label: str, state: str, detail: str = "") -> None:
        self.panel.stages = self.panel.stages + [{"label": label, "state": state, "detail": detail}]

    def _finish_running(self, state: str) -> None:
        stages = [dict(s, state=state) if s["state"] == "running" else s for s in self.panel.stages]
        if stages != self.panel.stages:
            self.panel.stages = stages

    @staticmethod
    def _check_stage(check, words: dict) -> dict:
        """A check as a stage: pass, fail, skip (did not run; the detail says why) or
        incomplete (reached what the sandbox refuses; the detail says what). A requirement
        of the request's checklist is labelled with the words it was read from."""
        state = STAGE_STATES.get(check.status, "fail")
        if check.name == "checklist" and "requirement" in check.details:
            label = words["requirement"].format(phrase=check.details["requirement"]["phrase"])
            if check.details.get("origin") == "model":
                label += words["proposed"]
            return {"label": label, "state": state, "detail": check.details.get("found", "")}
        where = f"line {check.line}: " if check.line else ""
        detail = f"{where}{check.message}" if check.message else ""
        return {"label": check.name, "state": state, "detail": detail}
