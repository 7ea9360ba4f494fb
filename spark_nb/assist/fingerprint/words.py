"""A fingerprint said in one line, in English or Japanese, for a person comparing runs."""

from __future__ import annotations

from spark_nb.assist.fingerprint.clip import _clip
from spark_nb.assist.fingerprint.compare import _names, _normal_output


def describe(fingerprint: dict | None, output: str = "", japanese: bool = False) -> str:
    """One line (at most 200 characters) saying what a run produced, for comparing readings."""
    parts = [_say_name(n, e, japanese) for n, e in _names(fingerprint).items()]
    lines = [line for line in _normal_output(output).splitlines() if line.strip()]
    if lines:
        shown = _clip(" / ".join(lines[:2]), 60) + (" / …" if len(lines) > 2 else "")
        parts.append(f"{len(lines)} 行を出力: {shown}" if japanese
                     else f"prints {len(lines)} line{'s' if len(lines) != 1 else ''}: {shown}")
    parts += [_say_figure(f, japanese) for f in (fingerprint or {}).get("figures") or []]
    if not parts:
        return "名前も出力も図も作らない" if japanese else "binds nothing, prints nothing, draws nothing"
    return _clip("; ".join(parts), 200)


def _say_name(name: str, e: dict, ja: bool) -> str:
    kind, shape = e.get("type", "?"), e.get("shape") or []
    changed = ("（変更）" if ja else " (changed)") if e.get("changed") else ""
    who = f"`{name}`{changed}"
    if e.get("error"):
        return f"{who} は {kind}（読めない）" if ja else f"{who} is {_article(kind)} {kind} (could not be read)"
    if kind == "DataFrame":
        cols = ", ".join(e.get("columns", [])[:4]) + (", …" if len(e.get("columns", [])) > 4 else "")
        dims = "×".join(map(str, shape))
        return f"{who} は {dims} の DataFrame（{cols}）" if ja else f"{who} is a DataFrame {dims} ({cols})"
    if kind in ("Series", "ndarray") or kind.endswith("Index"):
        n, dtype = ("×".join(map(str, shape)) or "0"), e.get("dtypes", "")
        label = e.get("name")
        named = (f"（{label}）" if ja else f" ({label})") if label not in (None, "", []) else ""
        preview = f": {e['preview']}" if e.get("preview") else ""
        if ja:
            return f"{who} は {n} 個の {dtype} 値の {kind}{named}{preview}"
        return f"{who} is {_article(kind)} {kind} of {n} {dtype} values{named}{preview}"
    if kind == "function":
        sig = e.get("signature", "(…)")
        return f"{who} は関数 {name}{sig}" if ja else f"{who} is a function {name}{sig}"
    tail = f": {e['preview']}" if e.get("preview") else ""
    return f"{who} は {kind}{tail}" if ja else f"{who} is {_article(kind)} {kind}{tail}"


_KIND_WORDS = {"bar": ("bar chart", "棒グラフ"), "line": ("line chart", "折れ線グラフ"),
               "scatter": ("scatter plot", "散布図"), "histogram": ("histogram", "ヒストグラム"),
               "area": ("area chart", "面グラフ"), "image": ("heatmap", "ヒートマップ"),
               "empty": ("figure with no data", "データのない図")}
# kind -> (the entry's count, English unit, Japanese unit)
_COUNTS = {"bar": ("bars", "bar", "本"), "line": ("lines", "line", "本"), "scatter": ("points", "point", "点"),
           "histogram": ("bins", "bin", "区間")}


def _say_figure(f: dict, ja: bool) -> str:
    """"draws a bar chart of 3 bars"; a figure of several kinds: "draws a chart of 1 bar and 2 lines"."""
    if f.get("error"):
        return "図を描く（読めない）" if ja else "draws a figure (could not be read)"
    kinds = f.get("kind", "empty").split("+")
    counts = [(f.get(_COUNTS[k][0], 0), _COUNTS[k], k) for k in kinds if k in _COUNTS]
    if ja:
        what = _KIND_WORDS.get(kinds[0], (kinds[0], kinds[0]))[1] if len(kinds) == 1 else "グラフ"
        named = len(kinds) > 1  # several kinds: each count says what it counts
        detail = "、".join(f"{_KIND_WORDS[k][1] + ' ' if named else ''}{n} {unit[2]}" for n, unit, k in counts if n)
        return f"{what}（{detail}）を描く" if detail else f"{what}を描く"
    what = _KIND_WORDS.get(kinds[0], (kinds[0],))[0] if len(kinds) == 1 else "chart"
    detail = " and ".join(f"{n} {unit[1]}{'s' * (n != 1)}" for n, unit, _ in counts if n)
    return f"draws {_article(what)} {what}" + (f" of {detail}" if detail else "")


def _article(word: str) -> str:
    return "an" if word[:1].lower() in "aeiou" or word.startswith("ndarray") else "a"
