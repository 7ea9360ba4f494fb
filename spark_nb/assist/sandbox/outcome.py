"""What a sandboxed run found, and its verdict: passed, failed, skipped or incomplete."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

VERDICTS = ("passed", "failed", "skipped", "incomplete")


@dataclass
class Outcome:
    """The result of :func:`run_sandboxed`.

    ``status`` is one of ``VERDICTS``: *passed* (ran without an exception), *failed* (raised,
    timed out, crashed or ran out of memory), *skipped* (not run, or it needed the kernel's
    open connections; ``reason`` says why) or *incomplete* (it reached something the
    sandbox refuses; ``refusals`` says what, such as "would connect to db.example:5432").
    ``writes`` lists the files a run wrote in the scratch folder (``{"path", "bytes"}``),
    ``removed`` the files it deleted there; neither reached the disk.
    """

    status: str
    reason: str = ""
    output: str = ""
    truncated: bool = False
    seconds: float = 0.0
    containment: str = ""  # "namespaces", "hooks" or "" when nothing ran
    containment_note: str = ""  # why the namespaces were not used
    refusals: list[str] = field(default_factory=list)
    withheld: list[str] = field(default_factory=list)  # the kernel's connections the code used
    writes: list[dict] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    error_type: str = ""
    message: str = ""
    line: int | None = None
    traceback: list[dict] = field(default_factory=list)
    probe: Any = None
    details: dict = field(default_factory=dict)  # timed_out, signal, exit_status, ...

    def __post_init__(self) -> None:
        if self.status not in VERDICTS:
            raise ValueError(f"unknown verdict {self.status!r}; verdicts are {', '.join(VERDICTS)}")

    @property
    def passed(self) -> bool:
        return self.status == "passed"

    def summary(self) -> str:
        """One line for a panel: what happened, what it would have done."""
        parts = [self.reason]
        if self.status == "passed" and self.writes:
            parts.append("; ".join(f"would write {w['path']} ({_size(w['bytes'])})" for w in self.writes[:3])
                         + (f" and {len(self.writes) - 3} more" if len(self.writes) > 3 else ""))
        if self.status == "passed" and self.removed:
            parts.append("would delete " + ", ".join(self.removed[:3]))
        return "; ".join(p for p in parts if p)


def verdict(report: dict | None, *, exit_status: int | None, timed_out: bool, timeout: float,
            signal_name: str = "", seconds: float = 0.0) -> tuple[str, str]:
    """(status, reason) from the child's report and how it ended."""
    refusals = (report or {}).get("refusals") or []
    if report and report.get("refused"):
        return "incomplete", report["refused"]
    if refusals:  # what the code did after a refusal is not what it would have done
        return "incomplete", refusals[0]
    if report and not report.get("ok") and report.get("native_refusal"):
        return "incomplete", report["native_refusal"]
    if timed_out:
        return "failed", f"did not finish within {timeout:g} s (killed)"
    if report is None:
        if signal_name:
            return "failed", f"the code crashed the process ({signal_name})"
        return "failed", f"the code ended the process (exit status {exit_status}) before it finished"
    if report.get("withheld_error"):
        return "skipped", report["withheld_error"]
    if not report.get("ok"):
        if report.get("error_type") == "MemoryError":
            return "failed", "MemoryError: the code ran past the dry run's memory limit"
        message = report["error_type"] + (f": {report['message']}" if report.get("message") else "")
        return "failed", message
    if report.get("withheld"):
        names = ", ".join(f"`{n}`" for n in report["withheld"])
        return "skipped", f"uses the kernel's open connection {names}; not run in the copy"
    return "passed", f"ran without errors in {seconds:.2f} s"


def _size(n: int) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}".replace(".0 ", " ")
        n /= 1024
    return f"{n} B"
