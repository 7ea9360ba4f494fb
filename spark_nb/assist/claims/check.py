"""Is a sentence about a chart true of its data? Held against the chart's claims.

A sentence is read for what it asserts: its numbers (percentages apart), the places it
names (months, dates, categories), the series it names, superlatives ("the highest",
最も高い), comparisons ("more than", 上回る), directions ("rose", 減少) and their strength
("sharply", わずかに). It is split into clauses ("…, and …", "…、…"); each clause must be
covered by one claim that supports all it asserts: "revenue peaked at 523 in March" needs
a claim that is a maximum, of revenue, at 523, in March, and the maximum is in April, so
the sentence is false. A percentage must be the relative change or a share, never the
absolute change. A sentence that describes the code or the plotting rather than the data
("The DataFrame was created with pd.DataFrame") is not a finding and fails. A sentence
that asserts nothing (a link: "Let's look closer.") passes as "none".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spark_nb.assist.charts.facts import FigureFacts
from spark_nb.assist.claims.claim import Claim
from spark_nb.assist.claims.derived import _between, _crossings, _monotone, _pairs, _series_of
from spark_nb.assist.claims.positions import keys_of, matches, mentioned
from spark_nb.assist.grounding import Number, grounded, numbers_in

_MAX = re.compile(r"\b(?:highest|peak(?:ed|s|ing)?|maximum|max|top|largest|biggest|most|greatest|best|record)\b"
                  r"|最高|最大|ピーク|最も(?:高|多|大)|一番(?:高|多|大)", re.I)
_MIN = re.compile(r"\b(?:lowest|minimum|min|smallest|least|fewest|bottom(?:ed)?|worst|trough)\b"
                  r"|最低|最小|最も(?:低|少|小)|一番(?:低|少|小)", re.I)
_MORE = re.compile(r"\b(?:more|higher|greater|larger|bigger|above|exceed\w*|outperform\w*|outsold|ahead\s+of)\b"
                   r"|より(?:高|多|大)|上回", re.I)
_LESS = re.compile(r"\b(?:less|lower|fewer|smaller|below|behind|trail\w*)\b|より(?:低|少|小)|下回", re.I)
_UP = re.compile(r"\b(?:rose|rise[sn]?|rising|increas\w*|grew|grow\w*|climb\w*|gain\w*|went\s+up|up|upward|"
                 r"jump\w*|surg\w*|soar\w*|positive(?:ly)?)\b|増加|上昇|伸び|増え|上向|正の", re.I)
_DOWN = re.compile(r"\b(?:fell|fall(?:s|ing|en)?|declin\w*|decreas\w*|dropp?\w*|went\s+down|down|downward|"
                   r"shrank|shrink\w*|dipp?\w*|slump\w*|negative(?:ly)?)\b|減少|下降|低下|減っ|下が|下向|負の", re.I)
_FLAT = re.compile(r"\b(?:flat|stable|unchanged|no\s+clear\s+trend|level(?:ed)?\s+off|plateau\w*)\b"
                   r"|横ばい|変化(?:は)?(?:なし|ありません)|はっきりした傾向はありません", re.I)
_STRONG = re.compile(r"\b(?:sharp(?:ly)?|steep(?:ly)?|dramatic(?:ally)?|strong(?:ly)?|rapid(?:ly)?|"
                     r"significant(?:ly)?|substantial(?:ly)?|steadily|consistently)\b|急|大幅|大きく|強い", re.I)
_WEAK = re.compile(r"\b(?:slight(?:ly)?|modest(?:ly)?|marginal(?:ly)?|gentl[ey]|gradual(?:ly)?|weak(?:ly)?|"
                   r"a\s+little|somewhat)\b|わずか|やや|緩やか|(?<!減)少し|弱い", re.I)
_CROSS = re.compile(r"\b(?:cross(?:es|ed|ing)?|overt(?:ook|ake[sn]?|aking)|surpass\w*|intersect\w*)\b"
                    r"|交差|追い抜|逆転|上回るようにな", re.I)
_MOVE = re.compile(r"\b(?:move|change|step|jump|swing)\b|変化", re.I)
_CORR = re.compile(r"\bcorrelat\w*|相関", re.I)
_EVERY = re.compile(r"\b(?:every|each)\s+(?:month|year|week|day|quarter|step|time)\b|\bconsistently\b|"
                    r"\bwithout\s+(?:a\s+)?(?:break|dip|drop)\b|毎(?:月|年|週|日)|一貫して|一度も", re.I)
_COUNT = re.compile(r"\b(?:points?|bars?|months|weeks|days|years|quarters|categories|regions|groups|"
                    r"series|lines|products|values)\b|本|点|個|か月|ヶ月|カテゴリ|地域", re.I)
_ABOUT = re.compile(r"\b(?:about|around|roughly|approximately|nearly|almost|some)\b|約|およそ|ほぼ|近く|程度", re.I)
_START = re.compile(r"\b(?:from|since)\s+the\s+(?:start|beginning|first)\b|最初から|期首から", re.I)
_CODE = re.compile(r"\b(?:data\s?frame\s+(?:was|is)\s+(?:created|built|made)|(?:was|were)\s+(?:created|plotted|"
                   r"drawn|built|generated|made)\s+(?:using|with|by)|the\s+code|function|variable|library|"
                   r"matplotlib|seaborn|numpy|pandas|object|imported?|method|parameter|argument|step\s+size|"
                   r"pd\.\w+|np\.\w+|plt\.\w+|df\.\w+)\b|`[^`]+`|関数|コード|ライブラリ|変数|メソッド|"
                   r"(?:を|で)使(?:用|っ)て(?:作成|描画|生成)", re.I)
_CLAUSE = re.compile(r",\s+(?:and|but|while|whereas)\s+|;\s+|\s+(?:while|whereas|but)\s+|、(?:そして|一方|しかし)?|。")


@dataclass
class Verdict:
    """``status``: "true" (backed by ``claims``), "false" (with ``reason``) or "none" (the
    sentence asserts nothing of the data: a linking sentence)."""

    status: str
    reason: str = ""
    claims: list[Claim] = field(default_factory=list)
    instead: Claim | None = None  # for a false sentence: the claim of the same kind that holds

    @property
    def ok(self) -> bool:
        return self.status in ("true", "none")


@dataclass
class _Clause:
    text: str
    numbers: list[Number]
    places: list[set]
    series: list[str]
    words: set[str]


def describes_code(sentence: str) -> bool:
    """Whether ``sentence`` is about the code or the plotting ("The DataFrame was created
    with pd.DataFrame") rather than about what the data shows."""
    return bool(_CODE.search(sentence))


def check(sentence: str, facts: FigureFacts, claims: list[Claim]) -> Verdict:
    """The verdict on ``sentence`` against the ``claims`` of ``facts`` (see the module)."""
    labels = _labels(facts)
    categories = _categories(facts)
    if describes_code(sentence):
        return Verdict("false", "it describes the code or the plotting, not what the data shows")  # no replacement
    xlabels = [a.xlabel for a in facts.axes if a.xlabel]
    clauses = [_read(part, labels, categories, xlabels) for part in _split(sentence)]
    clauses = [c for c in clauses if c.numbers or c.places or c.words or c.series and c.words]
    if not clauses:
        return Verdict("none")
    backing: list[Claim] = []
    carried: list[str] = []
    places: list[set] = []
    every = _series_count(facts)
    for clause in clauses:
        series = clause.series or carried
        carried = series
        if not clause.places and clause.numbers and (not clause.words or any(n.kind == "percent" for n in clause.numbers)):
            clause.places = places  # "…は Gadget で、全体の 50% を占める": the share is Gadget's
        places = clause.places or places
        pool = [*claims, *_between(facts, clause), *_crossings(facts), *_pairs(facts, clause, series)]
        found = [c for c in pool if _supports(c, clause, series, facts)]
        by_category = any(k[0] == "cat" for place in clause.places for k in place)  # "Coffee" is one bar's
        if found and not series and every > 1 and not by_category and not _all_series(found, pool, clause, facts):
            found = []  # several series, none named: true only if it holds for each
        if not found:
            reason, instead = _why(clause, claims, series, facts)
            return Verdict("false", reason, instead=instead)
        backing.append(found[0])
    return Verdict("true", claims=backing)


def _series_count(facts: FigureFacts) -> int:
    return sum(len(a.lines) + len(a.scatters) + sum(max(len(b.series), 1) for b in a.bars) for a in facts.axes)


def _all_series(found: list[Claim], pool: list[Claim], clause: "_Clause", facts: FigureFacts) -> bool:
    kind = found[0].kind
    if kind in ("value", "compare", "crossing", "share", "count"):
        return True  # named by its place or its pair: not ambiguous
    subjects = {c.subject for c in pool if c.kind == kind}
    backed = {c.subject for c in found if c.kind == kind}
    return subjects <= backed


def _split(sentence: str) -> list[str]:
    parts = [p.strip() for p in _CLAUSE.split(sentence) if p and p.strip()]
    return parts or [sentence]


def _labels(facts: FigureFacts) -> list[str]:
    out = []
    for a in facts.axes:
        out += [s.label for s in a.lines] + [s.label for s in a.scatters] + [h.label for h in a.hists]
        for b in a.bars:
            out += list(b.series)
        if a.ylabel:
            out.append(a.ylabel)
    return [x for x in dict.fromkeys(out) if x and not x.startswith("_")]


def _categories(facts: FigureFacts) -> list[str]:
    out: list[str] = []
    for a in facts.axes:
        out += [str(c) for c in a.categories]
        for b in a.bars:
            out += [str(bar.category) for bar in b.bars]
    return list(dict.fromkeys(out))


def _axis_places(text: str, xlabels: list[str], taken: list[tuple[int, int]]) -> list[tuple[int, int, set]]:
    """Plain x positions as the templates say them: "x = 5", "day 12" on an axis labelled day."""
    names = "|".join(re.escape(x) for x in sorted({x for x in xlabels if x}, key=len, reverse=True))
    pattern = rf"(?<![A-Za-z0-9_])x\s*=\s*|(?<![A-Za-z0-9_])(?:{names})\s+" if names else r"(?<![A-Za-z0-9_])x\s*=\s*"
    out = []
    for m in re.finditer(rf"(?:{pattern})(-?\d+(?:\.\d+)?)(?!\d|[.,]\d)", text, re.I):
        if not any(s < m.end() and m.start() < e for s, e in taken):
            out.append((m.start(), m.end(), {("num", float(m.group(1)))}))
    return out


def _read(text: str, labels: list[str], categories: list[str], xlabels: list[str] = ()) -> _Clause:
    places = mentioned(text, categories)
    places = sorted(places + _axis_places(text, list(xlabels), [(s, e) for s, e, _ in places]), key=lambda p: p[0])
    spans = [(s, e) for s, e, _ in places]
    numbers = [n for n in numbers_in(text) if n.kind not in ("date", "year")
               and not any(s <= n.start < e for s, e in spans)]
    lowered = text.lower()
    series = [label for label in sorted(labels, key=len, reverse=True)
              if re.search(rf"(?<![A-Za-z0-9_]){re.escape(label.lower())}(?![A-Za-z0-9_])", lowered)
              or ("_" in label and re.search(rf"(?<![A-Za-z0-9_]){re.escape(label.lower().replace('_', ' '))}(?![A-Za-z0-9_])",
                                             lowered))]
    named = [(m.start(), m.end()) for label in series if any(ch.isdigit() for ch in label)
             for m in re.finditer(re.escape(label.lower()), lowered)]
    numbers = [n for n in numbers if not any(s <= n.start < e for s, e in named)]  # "line 2" names, not counts
    # a series named like a place ("2024" in a grouped bar chart of years) is the series
    kept = []
    for (start, end, keys) in places:
        if any(text[start:end].strip().lower() == label.lower() for label in labels):
            if text[start:end].strip() not in series:
                series.append(next(lb for lb in labels if lb.lower() == text[start:end].strip().lower()))
        else:
            kept.append((start, end, keys))
    places = kept
    words = set()
    said = re.sub(r"\b(ma(?:ke|kes|de|king))\s+up\b", r"\1", text, flags=re.I)  # "makes up 35%": a share, no rise
    for name, pattern in (("max", _MAX), ("min", _MIN), ("more", _MORE), ("less", _LESS), ("up", _UP),
                          ("down", _DOWN), ("flat", _FLAT), ("strong", _STRONG), ("weak", _WEAK),
                          ("cross", _CROSS), ("corr", _CORR), ("every", _EVERY), ("count", _COUNT),
                          ("about", _ABOUT), ("start", _START)):
        if pattern.search(said):
            words.add(name)
    if "max" in words and re.search(r"\bmost\s+(?:of|recent)\b", text, re.I):
        words.discard("max")
    assoc = re.search(r"\b(higher|more|larger|greater|bigger|lower|less|fewer|smaller)\b[^.,;]*?\b(?:associated|linked|"
                      r"related|go(?:es)?|come[s]?|paired)\s+with\s+(?:\w+\s+)?(higher|more|larger|greater|bigger|"
                      r"lower|less|fewer|smaller)\b", text, re.I)
    if assoc:
        same = (assoc.group(1).lower() in ("higher", "more", "larger", "greater", "bigger")) == \
               (assoc.group(2).lower() in ("higher", "more", "larger", "greater", "bigger"))
        words = (words - {"more", "less", "up", "down"}) | {"corr", "up" if same else "down"}
    if {"more", "less"} & words and not re.search(r"\bthan\b|より|上回|下回|exceed|outsold|outperform|ahead|behind|"
                                                 r"\babove\b|\bbelow\b|trail", text, re.I):
        words -= {"more", "less"}  # "look more closely": no comparison stated
    if not numbers:
        words.discard("count")  # "compare the two series": no count stated
    return _Clause(text, numbers, [k for _, _, k in places], series, words)


def _claim_numbers(c: Claim) -> list[float]:
    out = [v for v in (c.value, c.value2) if v is not None]
    if isinstance(c.x, str) and "–" in c.x:  # a histogram's bin, "168.12–170.85"
        out += [float(p) for p in c.x.split("–") if re.fullmatch(r"-?[\d.]+", p.replace(",", ""))]
    if c.value is not None and c.value2 is not None and c.kind in ("change", "compare"):
        out.append(abs(c.value2 - c.value))
    return out


def _supports(c: Claim, clause: _Clause, series: list[str], facts: FigureFacts) -> bool:
    w = clause.words
    if series and not ({c.subject, c.other} & set(series) or _is_axis_label(series, c, facts)):
        return False
    tol = 0.05 if "about" in w else 0.01
    for n in clause.numbers:
        if n.kind == "percent":
            as_value = Number(n.text, n.value, n.start, n.end, "number", n.mantissa, 1.0)
            if not ((c.rel is not None and grounded(n, [abs(c.rel)], rel_tol=tol))
                    or (_percent_axis(facts, c) and grounded(as_value, _claim_numbers(c), rel_tol=tol))):
                return False
        elif not (grounded(n, _claim_numbers(c), rel_tol=tol) or _in_units(n, c, facts, tol)):
            return False
    if c.kind == "count" and "count" not in w:
        return False
    axes = facts.axes[c.axes] if 0 <= c.axes < len(facts.axes) else None
    keys = keys_of(c.x, axes) | keys_of(c.x2, axes)
    if c.kind == "compare":
        keys |= {("cat", str(c.subject).lower()), ("cat", str(c.other).lower())}
    for place in clause.places:
        if not matches(place, keys):
            return False
    if "max" in w and c.kind not in ("max", "share") and not (c.kind == "step" and _MOVE.search(clause.text)):
        return False  # "the biggest move is from May to June" is the biggest step
    if "min" in w and c.kind != "min":
        return False
    if ("more" in w or "less" in w) and not ("max" in w or "min" in w):
        if c.kind != "compare":
            return False
        if c.id == "pair":
            if c.direction != ("up" if "more" in w else "down"):
                return False
        elif not _order_ok(c, clause, "more" in w):
            return False
    direction = {"up"} & w or {"down"} & w or {"flat"} & w
    if direction and not ("max" in w or "min" in w):
        want = next(iter(direction))
        if c.kind not in ("change", "trend", "step", "correlation", "compare") or c.direction != want:
            return False
    if "cross" in w and c.kind != "crossing":
        return False
    if "corr" in w and c.kind != "correlation":
        return False
    if "every" in w and not (c.kind == "trend" and c.strength == "monotone"
                             or c.kind == "change" and (c.subject, c.direction) in _monotone(facts)):
        return False
    if c.kind == "step" and not clause.places:
        return False  # "fell" alone speaks of the whole series, not of its biggest step
    if c.kind == "crossing":
        if "cross" not in w:
            return False
        if len(clause.places) == 1 and not matches(clause.places[0], keys_of(c.x2, axes)):
            return False  # "overtook in 2022": the first point where it is above
        if re.search(r"overt|surpass|追い抜|上回", clause.text, re.I) and len(series) >= 2:
            first = min(series, key=lambda x: clause.text.lower().find(x.lower()) % 10_000)
            if first != c.subject:
                return False
    if "strong" in w and not _strong(c):
        return False
    if "weak" in w and not _weak(c):
        return False
    return bool(clause.numbers or clause.places or w or series)


def _percent_axis(facts: FigureFacts, c: Claim) -> bool:
    a = facts.axes[c.axes] if 0 <= c.axes < len(facts.axes) else None
    return bool(a and re.search(r"%|percent|rate|率", a.ylabel or "", re.I))


def _in_units(n: Number, c: Claim, facts: FigureFacts, tol: float) -> bool:
    """"113k$" on an axis in k$: the data's 113 is the number written before the k."""
    if n.scale == 1.0:
        return False
    units = " ".join(a.ylabel + " " + a.xlabel for a in facts.axes)
    if not re.search(r"\bk\b|k\$|\$k|千|万|百万|億|\bM\b|million|thousand", units, re.I):
        return False
    plain = Number(n.text, n.value / n.scale, n.start, n.end, n.kind, n.mantissa, 1.0)
    return grounded(plain, _claim_numbers(c), rel_tol=tol)


def _is_axis_label(series: list[str], c: Claim, facts: FigureFacts) -> bool:
    axes = facts.axes[c.axes] if 0 <= c.axes < len(facts.axes) else None
    return bool(axes and axes.ylabel and axes.ylabel in series and (not c.subject or c.subject.startswith("_")
                                                                    or c.subject == axes.ylabel
                                                                    or len(_series_of(axes)) <= 1))


def _order_ok(c: Claim, clause: _Clause, more: bool) -> bool:
    """"A is higher than B": A must be the claim's larger one."""
    named = [s for s in clause.series] + [str(next(iter(p))[1]) for p in clause.places if p]
    text = clause.text.lower()
    hi, lo = str(c.subject).lower(), str(c.other).lower()
    if hi in text and lo in text:
        first_hi = text.index(hi) < text.index(lo)
        return first_hi == more
    return bool(named)


def _strong(c: Claim) -> bool:
    if c.kind == "trend":
        return c.strength in ("strong", "monotone")
    if c.kind in ("change", "step"):
        return c.rel is not None and abs(c.rel) >= 0.15 or c.kind == "step"
    if c.kind == "correlation":
        return c.value is not None and abs(c.value) >= 0.7
    return False


def _weak(c: Claim) -> bool:
    if c.kind == "trend":
        return c.strength in ("weak", "moderate")
    if c.kind == "change":
        return c.rel is not None and abs(c.rel) <= 0.1
    if c.kind == "correlation":
        return c.value is not None and abs(c.value) < 0.4
    return False


def _about(c: Claim, series: list[str], facts: FigureFacts) -> bool:
    """Whether ``c`` is about the series named (by its label or its axis's label)."""
    return not series or c.subject in series or _is_axis_label(series, c, facts)


def _why(clause: _Clause, claims: list[Claim], series: list[str], facts: FigureFacts) -> tuple[str, Claim | None]:
    """What the data says instead, in a few words, and the claim that says it."""
    w = clause.words
    want = "max" if "max" in w else "min" if "min" in w else None
    if want:
        hit = next((c for c in claims if c.kind == want and _about(c, series, facts)), None)
        if hit:
            return f"the data says: {hit.en}", hit
    if {"up", "down", "flat"} & w:
        hit = next((c for c in claims if c.kind in ("change", "trend") and _about(c, series, facts)), None)
        if hit:
            return f"the data says: {hit.en}", hit
    if any(n.kind == "percent" for n in clause.numbers):
        return "the percentage is not a relative change or share the data shows", None
    return f"no claim of the data backs “{clause.text}”", None
