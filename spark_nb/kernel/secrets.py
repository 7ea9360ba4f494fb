"""Spotting credentials, so that keys, tokens and passwords never reach a prompt.

The rules live in :mod:`spark_nb.assist.redact` (pure data code, so that the tasks in
``assist`` and ``report`` can apply them where their messages go to the engine, without
importing the kernel layer). This module is the kernel's view of them: the context
builder, the variable summaries and the traceback text use these names, and
:func:`remember_namespace` tells the redaction which values the user's namespace holds
under secret names, so that a value printed bare later (``print(password)``) is hidden
too, as ``<redacted:password>``.

False positives only hide a value from the model; false negatives leak it, so the rules
lean towards hiding.
"""

from __future__ import annotations

from spark_nb.assist.redact import (
    REDACTED, WHOLE_VALUE_CHARS, contains_secret, forget, is_placeholder, looks_secret,
    looks_secret_item, looks_secret_name, looks_secret_value, placeholder, redact_messages,
    redact_text, remember, remember_namespace, secret_values,
)

__all__ = [
    "REDACTED",
    "WHOLE_VALUE_CHARS",
    "contains_secret",
    "forget",
    "is_placeholder",
    "looks_secret",
    "looks_secret_item",
    "looks_secret_name",
    "looks_secret_value",
    "placeholder",
    "redact_messages",
    "redact_text",
    "remember",
    "remember_frames",
    "remember_namespace",
    "secret_values",
]

MAX_FRAMES = 50


def remember_frames(exc: BaseException) -> None:
    """Remember the secrets held by the locals of every frame ``exc`` passed through
    (its causes and contexts too): an exception message often quotes an argument
    (``login refused for ann:hunter2``) that a frame holds under a secret name."""
    seen: set[int] = set()
    frames = 0
    while exc is not None and id(exc) not in seen and frames < MAX_FRAMES:
        seen.add(id(exc))
        tb = exc.__traceback__
        while tb is not None and frames < MAX_FRAMES:
            frames += 1
            try:
                remember_namespace(tb.tb_frame.f_locals)
            except Exception:  # noqa: BLE001 - a frame's locals may be odd; never raise
                pass
            tb = tb.tb_next
        exc = exc.__cause__ or exc.__context__
