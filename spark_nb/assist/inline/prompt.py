"""The prompt for one ghost-text completion: raw text, not a chat.

Models trained for fill-in-the-middle (Qwen2.5-Coder and Qwen3-Coder) get the cell's
text on both sides of the cursor; others continue the text before it. Either way the
prompt reads as one Python file, in the order that changes least often first, so that
successive requests share the longest prefix with the last one's saved state:

1. the kernel's live names, as comments (they change after a cell runs);
2. the cells above, oldest first, whole cells dropped from the top to fit;
3. the cell being edited, up to the cursor (it changes with each keystroke);
4. with fill-in-the-middle, the rest of the cell after the cursor.

Secrets are withheld from every part, as in every other prompt.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from spark_nb.context.secrets import redact_text

NAMES_CHARS = 1200
CELLS_CHARS = 2400
PREFIX_CHARS = 2400
SUFFIX_CHARS = 600
HEADER = "# Names in the running kernel (live values):"

# The fill-in-the-middle markers, per style: (before prefix, before suffix, before answer).
FIM_STYLES = {
    "qwen": ("<|fim_prefix|>", "<|fim_suffix|>", "<|fim_middle|>"),
}
_FIM_MODELS = (("qwen2.5-coder", "qwen"), ("qwen3-coder", "qwen"))
# Markers the model may write when it has finished its middle.
STOPS = ("<|endoftext|>", "<|fim_pad|>", "<|file_sep|>", "<|fim_prefix|>", "<|im_end|>")


@dataclass(frozen=True)
class InlinePrompt:
    """The raw prompt text and how it was built."""

    text: str
    fim: bool
    stop: tuple[str, ...] = ("\n",) + STOPS


def fim_style(model: str) -> str | None:
    """The fill-in-the-middle style of a model, by its name or file name; ``None`` when
    it has none (it then continues the text before the cursor)."""
    name = model.lower().replace("_", "-")
    return next((style for family, style in _FIM_MODELS if family in name), None)


def inline_prompt(prefix: str, suffix: str = "", *, cells_before: Sequence[str] = (),
                  names: Sequence[str] = (), style: str | None = None) -> InlinePrompt:
    """The prompt for a completion at the cursor between ``prefix`` and ``suffix`` (the
    edited cell's text before and after it). ``names`` are one summary each of the
    kernel's variables, most useful first; ``style`` is a key of :data:`FIM_STYLES`."""
    if style is not None and style not in FIM_STYLES:
        raise ValueError(f"unknown fill-in-the-middle style {style!r}; "
                         f"known: {', '.join(sorted(FIM_STYLES))}")
    head = _names_block(names) + _cells_block(cells_before)
    before = redact_text(prefix[-PREFIX_CHARS:])
    if style is None:
        return InlinePrompt(head + before, fim=False)
    start, hole, middle = FIM_STYLES[style]
    after = redact_text(suffix[:SUFFIX_CHARS])
    return InlinePrompt(f"{start}{head}{before}{hole}{after}{middle}", fim=True)


def _names_block(names: Sequence[str]) -> str:
    lines, used = [HEADER], len(HEADER)
    for summary in names:
        block = ["# " + line if line else "#" for line in redact_text(summary).split("\n")]
        size = sum(len(line) + 1 for line in block)
        if used + size > NAMES_CHARS:
            break
        lines += block
        used += size
    return "\n".join(lines) + "\n\n" if len(lines) > 1 else ""


def _cells_block(cells: Sequence[str]) -> str:
    kept: list[str] = []
    used = 0
    for cell in reversed(cells):
        text = redact_text(cell.strip("\n"))
        if not text:
            continue
        if used + len(text) + 2 > CELLS_CHARS:
            break
        kept.insert(0, text)
        used += len(text) + 2
    return "".join(text + "\n\n" for text in kept)
