"""Saved model states keyed by the tokens they hold, found by longest common prefix.

A notebook's prompts grow by appending, and different kinds of request (generate,
fix, chart) alternate, each with its own long system prompt. Keeping a few states
and resuming from the one sharing the longest prefix avoids recomputing it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Sequence

MIN_CACHED_TOKENS = 32  # shorter states are cheaper to recompute than to keep
MIN_RESTORE_GAIN = 8  # restoring a state must save at least this many tokens


def common_prefix(a: Sequence[int], b: Sequence[int]) -> int:
    """Length of the longest common prefix of two token sequences."""
    # Slices compare in C, but a tuple never equals a list: compare like with like.
    if type(a) is not type(b):
        a, b = list(a), list(b)
    n = min(len(a), len(b))
    if n == 0:
        return 0
    if a[:n] == b[:n]:
        return n
    lo, hi = 0, n  # invariant: a[:lo] == b[:lo] and a[:hi] != b[:hi]
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if a[:mid] == b[:mid]:
            lo = mid
        else:
            hi = mid
    return lo


@dataclass
class CachedState:
    tokens: tuple[int, ...]
    state: Any
    nbytes: int
    group: str | None = None  # whose request made it (the model server's client)


class PrefixCache:
    """Least-recently-used states, bounded by count and by bytes.

    States may carry a group (a client of the model server). When room is needed, the
    group holding the most states gives up its least recently used one, so a busy
    notebook does not evict a quieter one's context on every request.
    """

    def __init__(self, max_entries: int = 4, max_bytes: int = 1 << 30) -> None:
        self.max_entries = max_entries
        self.max_bytes = max_bytes
        self._entries: list[CachedState] = []  # most recently used last

    def __len__(self) -> int:
        return len(self._entries)

    @property
    def nbytes(self) -> int:
        return sum(e.nbytes for e in self._entries)

    def lookup(self, tokens: Sequence[int]) -> tuple[CachedState | None, int]:
        """The entry sharing the longest prefix with ``tokens``, and that length."""
        best, best_len = None, 0
        for entry in self._entries:
            n = common_prefix(entry.tokens, tokens)
            if n > best_len:
                best, best_len = entry, n
        if best is not None:
            self._entries.remove(best)
            self._entries.append(best)
        return best, best_len

    def put(self, tokens: Sequence[int], state: Any, nbytes: int, group: str | None = None) -> None:
        tokens = tuple(tokens)
        # An entry that is a prefix of the new one is subsumed by it.
        self._entries = [
            e for e in self._entries
            if not (len(e.tokens) <= len(tokens) and tokens[: len(e.tokens)] == e.tokens)
        ]
        if nbytes > self.max_bytes:
            return
        self._entries.append(CachedState(tokens, state, nbytes, group))
        while len(self._entries) > self.max_entries or self.nbytes > self.max_bytes:
            self._entries.remove(self._victim())

    def _victim(self) -> CachedState:
        """The least recently used state of the group that holds the most (the newest
        state is never the victim while another exists)."""
        counts: dict[str | None, int] = {}
        for e in self._entries:
            counts[e.group] = counts.get(e.group, 0) + 1
        if len(counts) == 1:
            return self._entries[0]
        most = max(counts.values())
        for e in self._entries[:-1]:
            if counts[e.group] == most:
                return e
        return self._entries[0]

    def clear(self) -> None:
        self._entries.clear()
