"""Plain data that crosses the engine's interface: options, messages, results."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any, Mapping, Sequence

from spark_nb.errors import OptionsError

DRAFT_MODES = ("prompt-lookup",)
ROLES = ("system", "user", "assistant")
FINISH_REASONS = ("stop", "length", "cancelled")


@dataclass(frozen=True)
class GenerationOptions:
    """How to generate. Unknown keys are rejected by :meth:`from_kwargs`.

    ``draft="prompt-lookup"`` drafts tokens by matching the text generated so far
    against the prompt (useful when the answer copies the input: fixes, edits); the
    output is the same as without drafting. ``cache_group`` names whose request this is
    (the model server sets it per client): saved prompt states are shared out fairly
    between groups, so one client's requests do not evict another's.
    """

    max_tokens: int = 512
    temperature: float = 0.0
    top_p: float = 1.0
    stop: tuple[str, ...] = ()
    json_schema: Mapping[str, Any] | None = None
    draft: str | None = None
    seed: int | None = None
    cache_group: str | None = None

    def __post_init__(self) -> None:
        if isinstance(self.stop, str):
            object.__setattr__(self, "stop", (self.stop,))
        else:
            object.__setattr__(self, "stop", tuple(self.stop or ()))
        if not isinstance(self.max_tokens, int) or self.max_tokens < 1:
            raise OptionsError(f"max_tokens must be a positive integer, not {self.max_tokens!r}")
        if not 0.0 <= float(self.temperature) <= 5.0:
            raise OptionsError(f"temperature must be between 0 and 5, not {self.temperature!r}")
        if not 0.0 < float(self.top_p) <= 1.0:
            raise OptionsError(f"top_p must be in (0, 1], not {self.top_p!r}")
        if any(not isinstance(s, str) or not s for s in self.stop):
            raise OptionsError(f"stop must be non-empty strings, not {self.stop!r}")
        if self.draft not in (None, *DRAFT_MODES):
            raise OptionsError(
                f"draft must be one of {', '.join(DRAFT_MODES)} or None, not {self.draft!r}"
            )
        if self.cache_group is not None and not isinstance(self.cache_group, str):
            raise OptionsError(f"cache_group must be a string, not {self.cache_group!r}")
        if self.json_schema is not None and not isinstance(self.json_schema, Mapping):
            raise OptionsError("json_schema must be a JSON schema given as a dict")

    @classmethod
    def from_kwargs(cls, **kwargs: Any) -> "GenerationOptions":
        known = {f.name for f in dataclasses.fields(cls)}
        unknown = sorted(set(kwargs) - known)
        if unknown:
            raise OptionsError(
                f"unknown generation option(s): {', '.join(unknown)}; "
                f"valid options are: {', '.join(sorted(known))}"
            )
        return cls(**kwargs)


Message = Mapping[str, str]


def normalize_messages(messages: str | Sequence[Message]) -> list[dict[str, str]]:
    """Accept a string (one user message) or a list of {role, content} dicts."""
    if isinstance(messages, str):
        messages = [{"role": "user", "content": messages}]
    out = []
    for i, m in enumerate(messages):
        if not isinstance(m, Mapping) or "role" not in m or "content" not in m:
            raise OptionsError(f"message {i} must be a dict with 'role' and 'content'")
        if m["role"] not in ROLES:
            raise OptionsError(
                f"message {i} has role {m['role']!r}; roles are {', '.join(ROLES)}"
            )
        content = m["content"]
        if not isinstance(content, str) and not _parts_ok(content):
            raise OptionsError(f"message {i} content must be a string, or a list of "
                               "{'type': 'text', 'text': str} and {'type': 'image', 'image': bytes} parts")
        out.append({"role": m["role"], "content": content if isinstance(content, str) else list(content)})
    if not out:
        raise OptionsError("messages is empty: give at least one user message")
    return out


def _parts_ok(content: object) -> bool:
    """A multimodal content list: text parts and image parts (PNG/JPEG bytes, no paths or URLs)."""
    if not isinstance(content, (list, tuple)) or not content:
        return False
    for part in content:
        kind = part.get("type") if isinstance(part, Mapping) else None
        if not ((kind == "text" and isinstance(part.get("text"), str))
                or (kind == "image" and isinstance(part.get("image"), (bytes, bytearray)))):
            return False
    return True


@dataclass
class Usage:
    """Token counts of one request."""

    prompt_tokens: int = 0
    cached_prompt_tokens: int = 0  # prompt tokens reused from an earlier request's state
    completion_tokens: int = 0
    drafted_tokens: int = 0  # tokens proposed by prompt lookup
    accepted_tokens: int = 0  # drafted tokens the model confirmed
    trimmed_messages: int = 0  # oldest messages dropped to fit the context window


@dataclass
class Timings:
    """Wall-clock timings of one request, in seconds."""

    time_to_first_token: float = 0.0
    prompt_seconds: float = 0.0
    decode_seconds: float = 0.0
    total_seconds: float = 0.0

    def tokens_per_second(self, tokens: int) -> float:
        return tokens / self.decode_seconds if self.decode_seconds > 0 else 0.0


@dataclass
class Completion:
    """The result of one request."""

    text: str
    finish_reason: str
    usage: Usage = field(default_factory=Usage)
    timings: Timings = field(default_factory=Timings)
    model: str = ""
    backend: str = ""
    index: int = 0  # which sequence of a batch (0 for a single request)
    logprob: float | None = None  # mean log-probability of the generated tokens, when known

    @property
    def tokens_per_second(self) -> float:
        """Decode speed: generated tokens after the first, per second."""
        return self.timings.tokens_per_second(max(self.usage.completion_tokens - 1, 0))


@dataclass
class Batch:
    """The result of one batched request: K answers to one prompt, decoded together.

    ``usage`` counts the shared prompt once and every sequence's tokens;
    each completion's own ``usage`` has its sequence's ``completion_tokens``.
    """

    completions: list[Completion]
    usage: Usage = field(default_factory=Usage)
    timings: Timings = field(default_factory=Timings)
    model: str = ""
    backend: str = ""
    batched: bool = True  # False: the backend ran the sequences one after another

    @property
    def texts(self) -> list[str]:
        return [c.text for c in self.completions]

    @property
    def tokens_per_second(self) -> float:
        """Aggregate decode speed: every sequence's tokens per second of decoding."""
        return self.timings.tokens_per_second(self.usage.completion_tokens)


def candidate_options(k: int, *, temperature: float = 0.7, top_p: float = 0.95, seed: int = 0,
                      **options: Any) -> list[GenerationOptions]:
    """Options for ``k`` candidates: the first greedy, the others sampled with fixed seeds
    (``seed + 1``, ``seed + 2``, ...), so a rerun gives the same candidates."""
    if not isinstance(k, int) or k < 1:
        raise OptionsError(f"the number of candidates must be a positive integer, not {k!r}")
    base = GenerationOptions.from_kwargs(**options)
    out = [dataclasses.replace(base, temperature=0.0, top_p=1.0, seed=None)]
    out += [dataclasses.replace(base, temperature=temperature, top_p=top_p, seed=seed + i)
            for i in range(1, k)]
    return out


@dataclass(frozen=True)
class BackendInfo:
    """What a loaded backend reports about itself."""

    backend: str
    model: str
    device: str
    context_length: int = 0
    path: str = ""
    details: Mapping[str, Any] = field(default_factory=dict)
