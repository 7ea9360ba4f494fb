"""Choose among candidates by what they produced: the largest group of equal results wins.

A small model's code often runs and is still wrong, and it is rarely wrong the same way
twice. So the candidates that pass their checks are grouped by
:func:`spark_nb.assist.fingerprint.key` (the values they bound, the figures they drew,
what they printed) and the largest group wins. A tie goes to the group whose best
member the model found more likely, then to the shorter code, then to the earlier
candidate. When no group holds a strict majority the choice is *ambiguous*, and
:meth:`Consensus.readings` lists the competing readings for the user to compare.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spark_nb.assist.fingerprint import describe

__all__ = ["Consensus", "Group", "Scored", "choose"]

_LABELS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


@dataclass
class Scored:
    """One candidate that passed its checks, with the key of what it produced."""

    index: int  # candidate number (0 = the greedy one)
    code: str
    key: str  # fingerprint.key(...)
    logprob: float | None = None  # mean token log-probability
    fingerprint: dict | None = None
    output: str = ""


@dataclass
class Group:
    """Candidates that produced the same thing; ``best`` is the one shown."""

    key: str
    members: list[int]  # candidate indices, best first
    best: int
    fingerprint: dict | None
    output: str
    code: str  # the best member's code


@dataclass
class Consensus:
    """The groups of passing candidates, winner first, and why the winner won."""

    total: int  # candidates asked for
    passing: int
    groups: list[Group] = field(default_factory=list)
    ambiguous: bool = False
    reason: str = ""  # why the winner won, in English
    reason_ja: str = ""  # the same in Japanese

    def why(self, japanese: bool = False) -> str:
        """Why the winner was chosen, in the request's language."""
        return (self.reason_ja or self.reason) if japanese else self.reason

    def winner(self) -> Group:
        """The group whose code is shown."""
        return self.groups[0]

    def agree(self) -> int:
        """How many candidates produced what the winner did."""
        return len(self.groups[0].members)

    def line(self, japanese: bool = False) -> str:
        """One line for a panel: "3 of 4 candidates agree" / "候補 4 件中 3 件が一致"."""
        n, of, passing = self.agree(), self.total, self.passing
        if passing == 1:
            return f"候補 {of} 件中 1 件が合格" if japanese else f"1 of {of} candidate{'s' * (of != 1)} passed"
        some = passing < of  # then the counts are of the passing candidates
        if japanese:
            among = f"合格した候補 {passing} 件" if some else f"候補 {of} 件"
            return f"{among}、一致するものなし" if n == 1 else f"{among}中 {n} 件が一致"
        among = f"{passing} passing candidates" if some else f"{of} candidates"
        return f"{among}, no two agree" if n == 1 else f"{n} of {among} agree"

    def readings(self, japanese: bool = False, limit: int = 3, every: bool = False) -> list[dict]:
        """The readings to show: the top ``limit`` groups when ambiguous (or ``every``:
        whenever the groups differ), else the winner alone.

        Each is ``{"label": "A", "index", "size", "code", "summary"}``; ``summary`` is
        :func:`~spark_nb.assist.fingerprint.describe` of what that group produced.
        """
        shown = self.groups[: max(1, limit)] if self.ambiguous or every else self.groups[:1]
        return [{"label": _LABELS[i] if i < len(_LABELS) else str(i + 1), "index": g.best,
                 "size": len(g.members), "code": g.code,
                 "summary": describe(g.fingerprint, g.output, japanese)}
                for i, g in enumerate(shown)]


def choose(scored: list[Scored], total: int) -> Consensus | None:
    """Group the passing candidates by key and pick the winner; None when none passed."""
    if not scored:
        return None
    by_key: dict[str, list[Scored]] = {}
    for s in scored:
        by_key.setdefault(s.key, []).append(s)
    groups = [sorted(members, key=_rank) for members in by_key.values()]
    groups.sort(key=lambda g: (-len(g), *_rank(g[0])))
    passing = len(scored)
    top = len(groups[0])
    ambiguous = len(groups) > 1 and 2 * top <= passing
    total = max(total, passing)
    return Consensus(total=total, passing=passing, groups=[_group(g) for g in groups],
                     ambiguous=ambiguous, reason=_reason(groups, passing, total),
                     reason_ja=_reason(groups, passing, total, japanese=True))


def _rank(s: Scored) -> tuple:
    """Best first: higher log-probability (none is lowest), shorter code, earlier candidate."""
    logprob = s.logprob if s.logprob is not None else float("-inf")
    return (-logprob, _length(s.code), s.index)


def _length(code: str) -> int:
    return sum(1 for c in code if not c.isspace())


def _group(members: list[Scored]) -> Group:
    best = members[0]
    return Group(key=best.key, members=[m.index for m in members], best=best.index,
                 fingerprint=best.fingerprint, output=best.output, code=best.code)


def _reason(groups: list[list[Scored]], passing: int, total: int, japanese: bool = False) -> str:
    words = _WHY["ja" if japanese else "en"]
    top = len(groups[0])
    if passing == 1:
        return words["one"].format(total=total)
    if len(groups) == 1:
        return words["all"].format(passing=passing)
    tied = [g for g in groups if len(g) == top]
    if len(tied) == 1:
        among = words["among_passing" if passing < total else "among"].format(n=passing, total=total)
        return words["most"].format(top=top, among=among)
    win, rest = tied[0][0], [g[0] for g in tied[1:]]
    what = words["tie" if top > 1 else "none"].format(top=top, passing=passing)
    # with no majority nothing is chosen for the user: the order only says which comes first
    first = "_first" if 2 * top <= passing else ""
    if all(_rank(win)[0] < _rank(r)[0] for r in rest):
        return words["likely" + first].format(what=what)
    if all(_rank(win)[:2] < _rank(r)[:2] for r in rest):
        return words["shorter" + first].format(what=what)
    return words["earlier" + first].format(what=what)


_WHY = {
    "en": {
        "one": "only 1 of {total} candidates passed its checks",
        "all": "all {passing} passing candidates agree on what the code produces",
        "among": "{total}", "among_passing": "{n} passing",
        "most": "{top} of {among} candidates agree on what the code produces",
        "tie": "tie between groups of {top}", "none": "{passing} candidates, no two agree",
        "likely": "{what}: chose the one the model found more likely",
        "shorter": "{what}: chose the shorter code",
        "earlier": "{what}: chose the earlier candidate",
        "likely_first": "{what}, no majority: the one the model found more likely is listed first",
        "shorter_first": "{what}, no majority: the shorter code is listed first",
        "earlier_first": "{what}, no majority: the earlier candidate is listed first",
    },
    "ja": {
        "one": "候補 {total} 件のうち検査に合格したのは 1 件だけ",
        "all": "合格した候補 {passing} 件がすべて同じ結果",
        "among": "候補 {total} 件", "among_passing": "合格した候補 {n} 件",
        "most": "{among}中 {top} 件が同じ結果",
        "tie": "{top} 件ずつの同数", "none": "候補 {passing} 件、一致するものなし",
        "likely": "{what}: モデルの確信度が高い方を選択",
        "shorter": "{what}: 短いコードを選択",
        "earlier": "{what}: 先の候補を選択",
        "likely_first": "{what}、過半数なし: モデルの確信度が高い方を先に表示",
        "shorter_first": "{what}、過半数なし: 短いコードを先に表示",
        "earlier_first": "{what}、過半数なし: 先の候補を先に表示",
    },
}
