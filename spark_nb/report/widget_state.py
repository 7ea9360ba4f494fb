"""The saved state of spark_nb's panels (widgets) in a notebook -> text for the report.

A widget cannot render in a report, but the state Jupyter saved with the notebook
(``metadata.widgets``) holds what the panel showed: the ``%%spark`` request and its
checked code, or an error's summary and its fixes. Other widgets are skipped.
"""

from __future__ import annotations

from typing import Any, Callable

STATE_MIME = "application/vnd.jupyter.widget-state+json"


def widget_states(nb: Any) -> dict[str, dict]:
    """model_id -> saved state, from the notebook's widget metadata."""
    saved = (nb.get("metadata", {}).get("widgets") or {}).get(STATE_MIME) or {}
    return {k: (v or {}).get("state", {}) for k, v in (saved.get("state") or {}).items()}


def _spark(state: dict) -> str:
    lines = [f"%%spark: {state.get('request', '').strip()}", "", state.get("code", "").rstrip(), ""]
    lines.append(" · ".join(x for x in (state.get("message", ""), state.get("stats", "")) if x))
    return "\n".join(lines).strip()


def _fix(state: dict) -> str:
    lines = [f"spark_nb · {state.get('heading', '')}: {state.get('summary', '')}".strip()]
    if state.get("explanation"):
        lines.append(state["explanation"].strip())
    for fix in (state.get("fixes") or [])[:2]:
        passed = [c["name"] for c in fix.get("checks", []) if c.get("passed")]
        lines += ["", f"fix ({fix.get('origin', '')}): {fix.get('title', '')}",
                  fix.get("diff", "").rstrip(), f"checks passed: {', '.join(passed)}"]
    return "\n".join(lines).strip()


RENDERERS: dict[str, Callable[[dict], str]] = {"spark": _spark, "fix": _fix}


def panel_text(model_id: str, states: dict[str, dict]) -> str:
    """What a spark_nb panel showed, as text; "" for any other widget."""
    state = states.get(model_id) or {}
    render = RENDERERS.get(str(state.get("panel", "")))
    return render(state) if render else ""
