"""The text view of a ``%%spark`` run: what a terminal IPython (and the notebook) prints."""

from __future__ import annotations

import sys

PASS, FAIL, SKIP, INCOMPLETE = "✓", "✗", "–", "!"
MARKS = {"passed": PASS, "failed": FAIL, "skipped": SKIP, "incomplete": INCOMPLETE}


def mark(check) -> str:
    """The mark of a check's status: a skipped check is never shown as passed."""
    return MARKS[check.status]


class TextView:
    """Streams the code as it is written, then each stage and check as it happens."""

    def __init__(self, verbose: bool = False, out=None) -> None:
        self.verbose = verbose
        self.out = out or sys.stdout

    def _print(self, text: str = "", end: str = "\n") -> None:
        self.out.write(text + end)
        self.out.flush()

    def context(self, text: str) -> None:
        if self.verbose:
            self._print("── context sent to the model ──")
            self._print(text)
        self._print("generating …")

    def event(self, kind: str, data) -> None:
        if kind == "delta":
            self._print(data, end="")
        elif kind == "checking":
            self._print("\nchecking …", end="")
        elif kind == "repair":
            self._print(f"\nrepair round {data} …")
        elif kind == "attempt":
            self._print("")
            for check in data.checks:
                if self.verbose or not check.passed:
                    where = f" (line {check.line})" if check.line else ""
                    self._print(f"  {mark(check)} {check.name}{where}: {check.status}"
                                + (f": {check.message}" if check.message else ""))

    def result(self, g, *, ran: bool = False) -> None:
        names = sorted({c.name for c in g.checks})
        if g.consensus is not None:
            self._print(f"\n{g.agreement} ({g.consensus.why(g.japanese)})")
        if g.ambiguous:
            self._readings(g)
        elif not g.checked:
            self._print("\nnot checked (--no-check): inserted below as it is")
        elif g.passed:
            self._print(f"\n{PASS} passed {', '.join(names)} after {g.rounds} repair round(s)"
                        f" · {g.completion_tokens} tokens · {g.seconds:.1f} s")
            self._unchecked(g.checks)
        elif g.status in ("incomplete", "skipped"):
            word = "INCOMPLETE" if g.status == "incomplete" else "NOT VERIFIED"
            self._print(f"\n{MARKS[g.status]} {word}: inserted below, not run"
)
            for c in g.checks:
                if c.status in ("incomplete", "skipped"):
                    self._print(f"  {mark(c)} {c.name} {c.status}: {c.message}")
        else:
            self._print(f"\n{FAIL} still failing after {g.rounds} repair round(s); "
                        "best attempt below, NOT inserted:")
            for c in g.failed_checks:
                self._print(f"  {FAIL} {c.name}: {c.message}")
            self._print(g.code)

    def _readings(self, g) -> None:
        """Readings that disagree with no majority: each with what it produced; none inserted."""
        readings = g.readings()
        self._print("the candidates disagree; NOT inserted. Compare the readings and pick one "
                    f"with %spark pick {'|'.join(r['label'] for r in readings)}:")
        for r in readings:
            self._print(f"\n── {r['label']} ({r['size']} of {g.consensus.total}): {r['summary']}")
            self._print(r["code"])

    def _unchecked(self, checks) -> None:
        for c in checks:
            if c.status == "skipped":
                self._print(f"  {SKIP} {c.name} skipped: {c.message}")

    def cancelled(self) -> None:
        self._print("\ncancelled: nothing was inserted")

    def error(self, message: str) -> None:
        print(f"spark: {message}", file=sys.stderr)


class FixTextView:
    """The error panel as text, for a terminal IPython."""

    def __init__(self, out=None) -> None:
        self.out = out or sys.stdout
        self.cancel = None
        self._said = ""  # the summary already printed

    def _print(self, text: str = "") -> None:
        self.out.write(text + "\n")
        self.out.flush()

    def event(self, kind: str, data) -> None:
        if kind == "rules":
            for fix in data:
                self._fix(fix)
        elif kind == "summary":
            self._print(f"spark: {data}")
            self._said = data

    def _fix(self, fix) -> None:
        if fix.advice:
            self._print(f"spark: {fix.explanation}")
            return
        checks = " ".join(f"{mark(c)}{c.name}" for c in fix.checks)
        self._print(f"spark fix ({fix.origin}): {fix.title}  [{checks}]")
        for c in fix.checks:
            if c.status in ("incomplete", "skipped"):
                self._print(f"  {mark(c)} {c.name} {c.status}: {c.message}")
        self._print(fix.diff)

    def result(self, d) -> None:
        if d.summary != self._said:
            self._print(f"spark: {d.summary}")
        if d.explanation:
            self._print(d.explanation)
        for fix in d.fixes:
            if fix.origin == "model":
                self._fix(fix)
        if not d.fixes:
            self._print("spark: no checked fix")

    def error(self, message: str) -> None:
        self._print(f"spark: {message}")
