"""The answer to a question about a chart, stated from its facts: "Which month peaked?" ->
"Revenue is highest in April (month 4), at 523."

The question is read for what it asks (an extreme, a value at a place, a count, a
direction, a correlation, a comparison, the first or last value, a total) and for what
it names (series, axis labels, places), with the checker's own reading
(:mod:`.check`) and a few words only questions use ("coldest", "how many", いくら). The
answer is a :class:`~.claim.Claim` whose sentences state it exactly, in English and
Japanese. A question that asks for none of these gets None: the analysis then answers
from the model's prose alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from spark_nb.assist.charts.facts import AxesFacts, FigureFacts
from spark_nb.assist.claims.check import _categories, _labels, _read
from spark_nb.assist.claims.claim import Claim
from spark_nb.assist.claims.compute import _cap, _name, fmt
from spark_nb.assist.claims.positions import keys_of, matches, say

_MAX = re.compile(r"\b(?:tallest|warmest|hottest|busiest|wettest|longest|strongest|heaviest|most|best|sells?\s+best|"
                  r"sold\s+best|highest|largest|biggest|greatest|peak\w*|top|maximum|max)\b|"
                  r"(?:最も|一番)[^、。？?]{0,8}?(?:多|高|大|暑|売れ)|ピーク|最高|最大|最多|トップ", re.I)
_MIN = re.compile(r"\b(?:coldest|coolest|driest|quietest|cheapest|shortest|lightest|weakest|fewest|least|lowest|"
                  r"worst|smallest|minimum|min|bottom|slowest)\b|(?:最も|一番)[^、。？?]{0,8}?(?:少な|低|小|寒)|"
                  r"売れなかった|最低|最小|最少", re.I)
_COUNT = re.compile(r"\bhow\s+many\b|\bnumber\s+of\b|いくつ|何(?:個|本|件|人|点|回|日)|(?:件|点|本)数", re.I)
_VALUE = re.compile(r"\bhow\s+much\b|\bwhat\s+(?:is|was|are|were)\b|いくら|どれくらい|どのくらい|(?:は|が)何", re.I)
_DIRECTION = re.compile(r"\b(?:ris\w*|fall\w*|increas\w*|decreas\w*|grow\w*|declin\w*|trend\w*|up\s+or\s+down|"
                        r"go(?:ing)?\s+up|go(?:ing)?\s+down)\b|上昇|下降|増加|減少|傾向|増え|減っ", re.I)
_CORR = re.compile(r"\bcorrelat\w*|\brelat\w*|\bpositive\s+or\s+negative\b|相関|関係", re.I)
_SIGN = re.compile(r"\bpositive\s+or\s+negative\b|\bnegative\s+or\s+positive\b|正.*負|負.*正", re.I)
_TOTAL = re.compile(r"\btotal\b|\boverall\b|\bcombined\b|\bin\s+all\b|\bsum\b|合計|全体|総", re.I)
_MEAN = re.compile(r"\baverage\b|\bmean\b|\bon\s+average\b|平均", re.I)
_FIRST = re.compile(r"\bfirst\b|\bstart\w*|\bbeginning\b|\bbegin\w*|最初|初め|開始", re.I)
_LAST = re.compile(r"\blast\b|\bend\b|\bfinal\b|\blatest\b|\bmost\s+recent\b|最後|最新|期末|最終", re.I)
_BINS = re.compile(r"\bbins?\b|ビン|階級", re.I)
_TALL_BAR = re.compile(r"\btallest\s+bar\b|\bmost\s+common\b|\bmodal\b|最頻|最も多い(?:範囲|階級)", re.I)
_OUTLIER = re.compile(r"\boutliers?\b|外れ値", re.I)
_BAR_WORD = re.compile(r"\bbars?\b|\bbar\s+chart\b|棒", re.I)
_LINE_WORD = re.compile(r"\blines?\b|\bline\s+chart\b|折れ線", re.I)
_THAN = re.compile(r"\bwhich\s+is\s+(?:higher|lower|more|less|bigger|smaller|greater)\b|\bmore\b|\bless\b|\bhigher\b|"
                   r"\blower\b|上回|下回|どちら|多い|高い", re.I)
# what an adjective of a question measures: "coldest" asks about a temperature
_MEASURES = [(re.compile(r"\b(?:cold|cool|warm|hot)\w*|寒|暑|暖", re.I), re.compile(r"temp|°|気温|温度", re.I)),
             (re.compile(r"\b(?:dry|driest|wet|rain\w*)\b|乾|雨", re.I), re.compile(r"rain|precip|降水|雨", re.I)),
             (re.compile(r"\b(?:cheap|expensive|pric\w*)", re.I), re.compile(r"price|cost|価格|値段", re.I))]


@dataclass
class _Series:
    """One line or one series of bars, as the answerer sees it."""

    label: str
    axes: AxesFacts
    line: Any = None
    bars: list | None = None

    @property
    def name(self) -> str:
        said = _name(self.label, self.axes)
        return "value" if said == "the values" and self.bars is not None else said

    def extreme(self, want: str) -> tuple[float, Any]:
        if self.line is not None:
            return (self.line.y_max, self.line.x_at_max) if want == "max" else (self.line.y_min, self.line.x_at_min)
        pick = max if want == "max" else min
        top = pick(self.bars, key=lambda b: b.value)
        return top.value, top.category

    def at(self, place: set) -> tuple[float, Any] | None:
        points = self.line.points if self.line is not None else [(b.category, b.value) for b in self.bars]
        for x, y in points:
            if matches(place, keys_of(x, self.axes)):
                return y, x
        return None

    def ends(self) -> tuple[tuple[float, Any], tuple[float, Any]]:
        if self.line is not None:
            return (self.line.y_first, self.line.x_first), (self.line.y_last, self.line.x_last)
        return (self.bars[0].value, self.bars[0].category), (self.bars[-1].value, self.bars[-1].category)

    def mean(self) -> float:
        return self.line.mean if self.line is not None else sum(b.value for b in self.bars) / len(self.bars)

    def total(self) -> float:
        return sum(y for _, y in self.line.points) if self.line is not None else sum(b.value for b in self.bars)


def _series(facts: FigureFacts) -> list[_Series]:
    out = []
    for a in facts.axes:
        out += [_Series(s.label, a, line=s) for s in a.lines]
        for b in a.bars:
            groups: dict[str, list] = {}
            for bar in b.bars:
                groups.setdefault(bar.series, []).append(bar)
            out += [_Series(label, a, bars=bars) for label, bars in groups.items()]
    return out


def answer(question: str, facts: FigureFacts, claims: list[Claim]) -> Claim | None:
    """The claim that answers ``question``, or None (see the module)."""
    if not question or not question.strip():
        return None
    clause = _read(question, _labels(facts), _categories(facts))
    q = question
    every = _series(facts)
    if _BAR_WORD.search(q) and not _LINE_WORD.search(q) and any(s.bars for s in every):
        every = [s for s in every if s.bars]  # "in the bar chart"
    elif _LINE_WORD.search(q) and not _BAR_WORD.search(q) and any(s.line for s in every):
        every = [s for s in every if s.line]
    named = _named(every, clause.series, q)
    for step in (_outlier, _correlation, _count, _direction, _at_place, _compared, _ends, _extreme):
        found = step(q, clause, facts, every, named, claims) if step is _direction else step(q, clause, facts, every, named)
        if found is not None:
            return found
    return None


# legend entries a question names in other words ("the tip for women": Female)
_ALSO = {"female": r"\bwom[ae]n\b|\bgirls?\b|女性", "male": r"\bm[ae]n\b|\bboys?\b|男性"}


def _named(every: list[_Series], series: list[str], q: str) -> list[_Series]:
    """The series the question names: by label, by its axis's label, in other words
    (women: Female), or by what its adjective measures ("coldest" -> the temperature)."""
    chosen = [s for s in every if s.label in series]
    if not chosen:
        chosen = [s for s in every if s.label.lower() in _ALSO and re.search(_ALSO[s.label.lower()], q, re.I)]
    if not chosen:
        chosen = [s for s in every if s.axes.ylabel and s.axes.ylabel in series]
    if chosen or len(every) < 2:
        return chosen
    for adjective, measure in _MEASURES:
        if adjective.search(q):
            chosen = [s for s in every if measure.search(f"{s.label} {s.axes.ylabel}")]
            if chosen:
                return chosen
    return []


def _claim(kind: str, s: Any, en: str, ja: str, value: float | None = None, x: Any = None, axes: int = 0) -> Claim:
    label = s.label if isinstance(s, _Series) else str(s or "")
    index = s.axes.index if isinstance(s, _Series) else axes
    return Claim("answer", kind, index, label, value=value, x=x, en=en, ja=ja, score=1.0)


def _correlation(q, clause, facts, every, named) -> Claim | None:
    if not _CORR.search(q):
        return None
    for a in facts.axes:
        for s in a.scatters:
            if s.r is None:
                continue
            sign = "positive" if s.r > 0 else "negative"
            lead_en = f"{_cap(sign)}: " if _SIGN.search(q) else ""
            lead_ja = f"{'正' if s.r > 0 else '負'}の相関です。" if _SIGN.search(q) else ""
            name = f"{a.ylabel} and {a.xlabel}" if a.ylabel and a.xlabel else _name(s.label, a)
            return _claim("correlation", s.label, f"{lead_en}the correlation of {name} is r = {s.r:.2f} ({s.strength}).",
                          f"{lead_ja}{name}の相関係数は r = {s.r:.2f} です。", round(s.r, 2), axes=a.index)
    return None


def _outlier(q, clause, facts, every, named) -> Claim | None:
    if not _OUTLIER.search(q):
        return None
    for a in facts.axes:
        for s in a.scatters:
            if s.outliers:
                o = s.outliers[0]
                return _claim("value", s.label, f"The outlier is at x = {fmt(o['x'])}, y = {fmt(o['y'])}.",
                              f"外れ値は x = {fmt(o['x'])}、y = {fmt(o['y'])} です。", o["y"], o["x"], a.index)
    return None


def _count(q, clause, facts, every, named) -> Claim | None:
    if not _COUNT.search(q) or clause.places or _FIRST.search(q) or _LAST.search(q):
        return None  # "how many customers paid by transfer?" asks for a value at a place
    if (_MAX.search(q) or _MIN.search(q)) and not (_TALL_BAR.search(q) and any(a.hists for a in facts.axes)):
        return None  # "the highest number of visitors" asks for the maximum
    for a in facts.axes:
        for h in a.hists:
            if _BINS.search(q):
                return _claim("count", h.label, f"The histogram has {h.bins} bins.", f"ヒストグラムのビンは{h.bins}個です。",
                              float(h.bins), axes=a.index)
            if _TALL_BAR.search(q) or _MAX.search(q):
                return _claim("max", h.label, f"The tallest bar, {fmt(h.modal_low)}–{fmt(h.modal_high)}, holds "
                              f"{fmt(h.modal_count)}.", f"最も多い範囲は{fmt(h.modal_low)}〜{fmt(h.modal_high)}で、"
                              f"{fmt(h.modal_count)}です。", h.modal_count, axes=a.index)
            return _claim("count", h.label, f"The histogram counts {fmt(h.total)} in all.",
                          f"ヒストグラムの合計は{fmt(h.total)}です。", h.total, axes=a.index)
    for s in named or every:
        if s.line is not None:
            return _claim("count", s, f"{_cap(s.name)} has {fmt(s.line.n)} points.",
                          f"{s.name}のデータ点は{fmt(s.line.n)}個です。", float(s.line.n))
        return _claim("count", s, f"There are {len(s.bars)} bars{f' for {s.label}' if s.label else ''}.",
                      f"{s.label + 'の' if s.label else ''}棒は{len(s.bars)}本です。", float(len(s.bars)))
    for a in facts.axes:
        for s in a.scatters:
            return _claim("count", s.label, f"The scatter has {fmt(s.n)} points.", f"散布図の点は{fmt(s.n)}個です。",
                          float(s.n), axes=a.index)
    return None


_UP_WORD = re.compile(r"\b(?:ris\w*|rose|increas\w*|grow\w*|grew|go(?:ing)?\s+up|up)\b|上昇|増加|増え", re.I)
_DOWN_WORD = re.compile(r"\b(?:fall\w*|fell|decreas\w*|declin\w*|go(?:ing)?\s+down|down)\b|下降|減少|減っ", re.I)
_YES_NO = re.compile(r"^\s*(?:did|does|do|is|was|were|are|has|have)\b|か[？?]?\s*$", re.I)


def _direction(q, clause, facts, every, named, claims) -> Claim | None:
    """The change from first to last point (the chart's own claim), led by the word the
    question offers ("rising or falling?" -> "Falling: …") or by yes or no."""
    if not _DIRECTION.search(q) or _MAX.search(q) or _MIN.search(q) or clause.places:
        return None
    for s in named or every:
        if s.line is None or s.line.n < 2:
            continue
        change = next((c for c in claims if c.kind == "change" and c.subject == s.label and c.axes == s.axes.index),
                      None)
        if change is None:
            continue
        up, down = bool(_UP_WORD.search(q)), bool(_DOWN_WORD.search(q))
        actual = change.direction
        if up and down:  # "rising or falling?"
            lead = {"up": ("Rising: ", "上昇です。"), "down": ("Falling: ", "下降です。")}.get(actual, ("Flat: ", "横ばいです。"))
        elif (up or down) and _YES_NO.search(q):
            yes = actual == ("up" if up else "down")
            lead = ("Yes: ", "はい。") if yes else ("No: ", "いいえ。")
        else:
            lead = ("", "")
        en = change.en if not lead[0] else lead[0] + change.en[:1].lower() + change.en[1:] \
            if not s.label or s.label[:1].islower() else lead[0] + change.en
        return Claim("answer", "change", change.axes, change.subject, value=change.value, value2=change.value2,
                     x=change.x, x2=change.x2, rel=change.rel, direction=actual, score=1.0,
                     en=en, ja=lead[1] + change.ja, rests_on=change.rests_on)
    return None


def _at_place(q, clause, facts, every, named) -> Claim | None:
    if not clause.places or ((_MAX.search(q) or _MIN.search(q)) and not _THAN.search(q) and len(every) < 2):
        return None
    place = clause.places[0]
    if _TOTAL.search(q) and not named:
        for a in facts.axes:
            for b in a.bars:
                cat = next((c for c in b.totals if matches(place, keys_of(c, a))), None)
                if cat is not None and len(b.series) >= 2:
                    return _claim("total", "", f"The total in {say(cat, a)} is {fmt(b.totals[cat])}.",
                                  f"{say(cat, a, True)}の合計は{fmt(b.totals[cat])}です。", b.totals[cat], cat, a.index)
    found = [(s, s.at(place)) for s in (named or every)]
    found = [(s, v) for s, v in found if v is not None]
    if not found:
        return None
    where, where_ja = say(found[0][1][1], found[0][0].axes), say(found[0][1][1], found[0][0].axes, True)
    if len(found) == 1:
        s, (y, x) = found[0]
        return _claim("value", s, f"{_cap(s.name)} is {fmt(y)} in {where}.", f"{where_ja}の{s.name}は{fmt(y)}です。", y, x)
    ranked = sorted(found, key=lambda sv: -sv[1][0])
    pick = ranked[-1] if _MIN.search(q) or re.search(r"\b(?:less|lower|fewer)\b|少な|低", q) else ranked[0]
    s, (y, x) = pick
    rest_en = ", ".join(f"{o.name} {fmt(v[0])}" for o, v in ranked if o is not s)
    rest_ja = "、".join(f"{o.name}は{fmt(v[0])}" for o, v in ranked if o is not s)
    word = "lowest" if pick is ranked[-1] else "highest"
    return _claim("value", s, f"In {where}, {s.name} is {word}, at {fmt(y)} ({rest_en}).",
                  f"{where_ja}は{s.name}が最も{'低' if word == 'lowest' else '高'}く{fmt(y)}です（{rest_ja}）。", y, x)


def _compared(q, clause, facts, every, named) -> Claim | None:
    if len(named) < 2 or not (_THAN.search(q) or _MEAN.search(q)):
        return None
    last = bool(_LAST.search(q))
    value = (lambda s: s.ends()[1][0]) if last else (lambda s: s.mean()) if _MEAN.search(q) or any(
        s.line is not None for s in named) else (lambda s: s.total())
    ranked = sorted(named[:2], key=lambda s: -value(s))
    hi, lo = ranked
    how, how_ja = ("at the end", "最後は") if last else ("on average", "平均では") if value(hi) == hi.mean() else \
        ("in total", "合計では")
    return _claim("compare", hi, f"{_cap(hi.name)} is higher {how} ({fmt(round(value(hi), 2))} against "
                  f"{fmt(round(value(lo), 2))} for {lo.name}).",
                  f"{how_ja}{hi.name}（{fmt(round(value(hi), 2))}）が{lo.name}（{fmt(round(value(lo), 2))}）を上回っています。",
                  round(value(hi), 2))


def _ends(q, clause, facts, every, named) -> Claim | None:
    first, last = _FIRST.search(q), _LAST.search(q)
    if not (first or last) or _MAX.search(q) or _MIN.search(q):
        return None
    for s in named or every:
        (y0, x0), (y1, x1) = s.ends()
        y, x = (y1, x1) if last else (y0, x0)
        return _claim("last" if last else "first", s, f"{_cap(s.name)} is {fmt(y)} in {say(x, s.axes)}"
                      f"{' (the last point)' if last else ' (the first point)'}.",
                      f"{say(x, s.axes, True)}の{s.name}は{fmt(y)}です（{'最後' if last else '最初'}の点）。", y, x)
    return None


def _extreme(q, clause, facts, every, named) -> Claim | None:
    want = "min" if _MIN.search(q) else "max" if _MAX.search(q) else None
    if want is None:
        return None
    word, ja = ("highest", "高") if want == "max" else ("lowest", "低")
    for a in facts.axes:
        for im in a.images:
            v, at = (im.v_max, im.at_max) if want == "max" else (im.v_min, im.at_min)
            if v is not None:
                return _claim(want, "", f"The {word} value is {fmt(v)}, at {' / '.join(map(str, at))}.",
                              f"最も{ja}い値は{fmt(v)}で、位置は{' / '.join(map(str, at))}です。", v, axes=a.index)
        for h in a.hists:
            if want == "max":
                return _claim("max", h.label, f"The most common range is {fmt(h.modal_low)}–{fmt(h.modal_high)}, "
                              f"with {fmt(h.modal_count)}.", f"最も多い範囲は{fmt(h.modal_low)}〜{fmt(h.modal_high)}で、"
                              f"{fmt(h.modal_count)}です。", h.modal_count, axes=a.index)
    if _TOTAL.search(q) and not named:
        for a in facts.axes:
            for b in a.bars:
                if b.totals and len(b.series) >= 2:
                    pick = max if want == "max" else min
                    cat = pick(b.totals, key=lambda k: b.totals[k])
                    return _claim(want, "", f"{_cap(str(say(cat, a)))} has the {word} total, at {fmt(b.totals[cat])}.",
                                  f"合計が最も{ja}いのは{say(cat, a, True)}で、{fmt(b.totals[cat])}です。",
                                  b.totals[cat], cat, a.index)
    pool = named or every
    if not pool:
        return None
    pick = max if want == "max" else min
    s = pick(pool, key=lambda x: x.extreme(want)[0])
    v, x = s.extreme(want)
    if len(pool) > 1:
        return _claim(want, s, f"{_cap(s.name)} is {word} overall, at {fmt(v)} in {say(x, s.axes)}.",
                      f"全体で最も{ja}いのは{s.name}で、{say(x, s.axes, True)}の{fmt(v)}です。", v, x)
    if s.bars is not None and not s.label:
        return _claim(want, s, f"{_cap(str(say(x, s.axes)))} has the {word} {s.name}, at {fmt(v)}.",
                      f"{s.name}が最も{ja}いのは{say(x, s.axes, True)}で、{fmt(v)}です。", v, x)
    return _claim(want, s, f"{_cap(s.name)} is {word} in {say(x, s.axes)}, at {fmt(v)}.",
                  f"{s.name}が最も{ja}いのは{say(x, s.axes, True)}で、{fmt(v)}です。", v, x)
