"""The optional image path: a rendered PNG for a vision model, when one is configured.

A vision model is named by the ``vision_model`` option or the ``SPARK_NB_VISION_MODEL``
environment variable (``openai:NAME`` for an OpenAI-compatible server that accepts
images). The engine never sees matplotlib: the figure is rendered here, to PNG bytes.
"""

from __future__ import annotations

import io
import os
from typing import Any

NO_VISION = ("No vision model is configured (set SPARK_NB_VISION_MODEL=openai:NAME for a server "
             "that accepts images); the analysis used the figure's data only.")


SECRET_IN_IMAGE = ("The figure's text holds what looks like a secret, so its image was not sent to the "
                   "vision model; the analysis used the figure's data only, with the secret redacted.")


def _shows_a_secret(fig: Any) -> bool:
    """Whether any text drawn on ``fig`` (titles, labels, tick labels, legend,
    annotations) looks like a secret. Tick labels exist once the figure is drawn."""
    from spark_nb.context.secrets import redact_messages

    try:
        fig.canvas.draw()
    except Exception:  # noqa: BLE001 - a figure that cannot draw is refused below anyway
        pass
    texts = [t.get_text() for t in fig.findobj(lambda a: hasattr(a, "get_text") and hasattr(a, "set_text"))]
    joined = "\n".join(t for t in texts if isinstance(t, str) and t)
    # the same test as the prompt's: patterns, and values known to be secret
    sent = redact_messages([{"role": "user", "content": joined}])[0]["content"]
    return sent != joined


def render_png(fig: Any, dpi: int = 100) -> bytes:
    """The figure as PNG bytes (works on a closed figure too)."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi, bbox_inches="tight")
    return buf.getvalue()


def configured(name: str | None = None) -> str:
    """The vision model's name, or "" when none is configured."""
    return (name or os.environ.get("SPARK_NB_VISION_MODEL", "")).strip()


def vision_setup(fig: Any, name: str | None = None) -> tuple[bytes | None, Any, str]:
    """(png, engine, note): the image and the engine to send it to, or a note saying why not."""
    model = configured(name)
    if not model:
        return None, None, NO_VISION
    try:
        from spark_nb.engine import get_engine

        engine = get_engine(model, task="chart")
        if engine.info.backend != "openai":  # local backends here take text only (see docs/charts.md)
            return None, None, (f"The model {model} takes text only (images go to an OpenAI-compatible "
                                "server: openai:NAME); the analysis used the figure's data only.")
        if _shows_a_secret(fig):  # the image would carry it: rendered text cannot be redacted
            return None, None, SECRET_IN_IMAGE
        return render_png(fig), engine, ""
    except Exception as exc:  # noqa: BLE001 - vision is optional: fall back to the facts
        return None, None, f"The vision model {model} could not be used ({str(exc)[:120]}); the analysis used the figure's data only."
