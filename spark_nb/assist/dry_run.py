"""The ``dry_run`` check: run the code in a sandboxed, forked copy of this process.

The child is a copy-on-write copy of the kernel, so the code sees every variable of the
live namespace, and nothing it does to them is written back. The sandbox
(:mod:`spark_nb.assist.sandbox`) keeps it from changing the world: its writes go to a
scratch folder that is thrown away, and the network, new processes, signals to other
processes and the kernel's open connections are refused. The check's verdict says
which: *passed*, *failed*, *skipped* (with the reason) or *incomplete* (with what the
code would have done). The code is compiled with the file name ``<dry-run>`` so line
numbers are the user's lines; IPython-only lines (``%magic``, ``!cmd``) are skipped.
"""

from __future__ import annotations

from typing import Any, Callable, Mapping

from spark_nb.assist.checks import CheckResult
from spark_nb.assist.sandbox import Outcome, run_sandboxed
from spark_nb.assist.sandbox.child import FILENAME

__all__ = ["FILENAME", "MODES", "dry_run", "from_outcome"]

MODES = ("sandbox", "off")
Runner = Callable[..., Outcome]


def dry_run(code: str, namespace: Mapping[str, Any], *, timeout: float = 10.0,
            max_output: int = 10_000, mode: str = "sandbox", runner: Runner | None = None,
            containment: str = "auto", fingerprint: bool = False,
            checklist: list[dict] | None = None) -> CheckResult:
    """Run ``code`` against a copy of ``namespace`` in the sandbox.

    Passes when the code finishes without an exception within ``timeout`` seconds and
    without reaching anything the sandbox refuses. ``details`` holds ``output`` (stdout
    and stderr, at most ``max_output`` characters), ``truncated``, ``seconds``,
    ``containment`` ("namespaces" or "hooks"), ``writes`` (files the code wrote in the
    scratch folder, which never reached the disk), ``removed``, ``refusals`` and, on
    failure, ``error_type`` and ``traceback`` (the frames in the user's code, innermost
    last). ``mode="off"`` skips the check; ``runner`` replaces :func:`run_sandboxed`
    (the error panel passes a :class:`~spark_nb.assist.sandbox.Snapshot`'s ``run``).
    With ``fingerprint=True`` a passing run also gives ``details["fingerprint"]``: the
    names the code bound or changed and the figures it drew (see
    :mod:`spark_nb.assist.fingerprint`), for comparing candidates by what they produce.
    With ``checklist`` (requirements as dicts), ``details["checklist"]`` holds each one's
    verdict on what the code left (see :func:`spark_nb.assist.checklist.checks`).
    """
    if mode not in MODES:
        raise ValueError(f"dry_run must be one of {', '.join(MODES)}, not {mode!r}")
    if mode == "off":
        return CheckResult("dry_run", False, "not run: the dry run is off (dry_run = off)",
                           status="skipped", details={"skipped": "dry_run = off"})
    run = runner or run_sandboxed
    extra = {"fingerprint": True} if fingerprint else {}
    if checklist:
        extra["checklist"] = list(checklist)
    outcome = run(code, namespace, timeout=timeout, max_output=max_output, containment=containment, **extra)
    result = from_outcome(outcome)
    probe = outcome.probe if result.passed and isinstance(outcome.probe, dict) else None
    if probe is not None and checklist:
        result.details["checklist"] = probe.get("checklist") or []
        probe = probe.get("fingerprint")
    if fingerprint and probe is not None:
        result.details["fingerprint"] = probe
    return result


def from_outcome(outcome: Outcome) -> CheckResult:
    """The check's result for a sandboxed run."""
    details = {"output": outcome.output, "truncated": outcome.truncated, "seconds": outcome.seconds,
               "containment": outcome.containment, "writes": outcome.writes,
               "removed": outcome.removed, "refusals": outcome.refusals, **outcome.details}
    if outcome.containment_note:
        details["containment_note"] = outcome.containment_note
    if outcome.status == "skipped":
        details["skipped"] = outcome.reason
    if outcome.status == "incomplete":
        details["incomplete"] = outcome.reason
    if outcome.error_type and outcome.status == "failed":
        details.update(error_type=outcome.error_type, traceback=outcome.traceback)
    line = outcome.line if outcome.status == "failed" else None
    return CheckResult("dry_run", outcome.passed, outcome.summary(), line, details, status=outcome.status)
