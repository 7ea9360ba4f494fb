"""Render chat messages into a prompt with the model's own Jinja chat template."""

from __future__ import annotations

import datetime
from functools import lru_cache
from typing import Sequence

# ChatML is what most instruct models of this size use; it is the fallback for a
# model file that carries no template of its own.
CHATML = (
    "{% for message in messages %}"
    "{{ '<|im_start|>' + message['role'] + '\n' + message['content'] + '<|im_end|>' + '\n' }}"
    "{% endfor %}"
    "{% if add_generation_prompt %}{{ '<|im_start|>assistant\n' }}{% endif %}"
)


def _raise(message: str) -> None:
    raise ValueError(f"chat template: {message}")


@lru_cache(maxsize=8)
def _compile(template: str):
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    env = ImmutableSandboxedEnvironment(trim_blocks=True, lstrip_blocks=True)
    env.globals["raise_exception"] = _raise
    env.globals["strftime_now"] = lambda fmt: datetime.datetime.now().strftime(fmt)
    return env.from_string(template)


def render(
    template: str | None,
    messages: Sequence[dict[str, str]],
    *,
    bos_token: str = "",
    eos_token: str = "",
    add_generation_prompt: bool = True,
) -> str:
    """The prompt text for ``messages``, ending where the assistant's answer begins."""
    if any(not isinstance(m.get("content"), str) for m in messages):
        # image parts: only the openai backend sends them (to a server with a vision model)
        from spark_nb.errors import OptionsError

        raise OptionsError("this model takes text only; images need a vision model on an "
                           "OpenAI-compatible server (openai:NAME)")
    return _compile(template or CHATML).render(
        messages=list(messages),
        bos_token=bos_token,
        eos_token=eos_token,
        add_generation_prompt=add_generation_prompt,
    )
