"""Japanese patterns: 高い順, 上位 5 件, x 軸ラベルは「月」, 元の df は変更しない…

Each is as explicit as its English counterpart: 上位 needs a count (上記 is not 上位),
タイトル needs its text in 「」, 凡例は不要 asks for no legend.
"""

from __future__ import annotations

import re
from typing import Any

_TEXT = r"[「『'\"](?P<text>[^」』'\"]+)[」』'\"]"
_COL = r"`(?P<col>[A-Za-z_][A-Za-z0-9_]*)`"
_KINDS = {"DataFrame": "DataFrame", "Series": "Series", "リスト": "list", "辞書": "dict", "関数": "function"}
_PLOTS = {"横棒グラフ": "barh", "棒グラフ": "bar", "折れ線グラフ": "line", "散布図": "scatter",
          "ヒストグラム": "hist", "円グラフ": "pie", "箱ひげ図": "box"}
_TYPES = {"datetime": "datetime", "日付": "datetime", "日時": "datetime", "整数": "integer", "int": "integer",
          "浮動小数": "float", "小数": "float", "float": "float", "文字列": "string", "str": "string",
          "真偽": "bool", "bool": "bool"}


def _r(pattern: str, make) -> tuple[re.Pattern, Any]:
    return re.compile(pattern), make


def _sorted(m: re.Match) -> tuple[str, Any]:
    word = m.group("dir")
    return "sorted", {"by": m.groupdict().get("col"), "descending": word in ("高い", "多い", "大きい", "新しい")}


JAPANESE = [
    _r(r"(?P<kind>DataFrame|Series|リスト|辞書|関数)\s*`[A-Za-z_]\w*(?:\([^)]*\))?`",
       lambda m: ("binds", _KINDS[m.group("kind")])),
    _r(r"Axes\s*は\s*`[A-Za-z_]\w*`\s*に", lambda m: ("binds", "Axes")),
    _r(r"整数で(?=\s*`)", lambda m: ("binds", "scalar")),
    _r(r"(?P<what>横棒グラフ|棒グラフ|折れ線グラフ|散布図|ヒストグラム|円グラフ|箱ひげ図)",
       lambda m: ("plot_kind", _PLOTS[m.group("what")])),
    _r(r"(?P<n>\d+)\s*本の線", lambda m: [("plot_kind", "line"), ("lines", int(m.group("n")))]),
    _r(r"棒は\s*(?P<n>\d+)\s*本|(?P<n2>\d+)\s*個のビン",
       lambda m: ("bars", int(m.group("n") or m.group("n2")))),
    _r(rf"(?P<axis>[xy])\s*軸ラベル(?:は|を)\s*{_TEXT}", lambda m: (f"{m.group('axis')}label", m.group("text"))),
    _r(rf"タイトル(?:は|に)\s*{_TEXT}", lambda m: ("title", m.group("text"))),
    _r(r"凡例(?:も|を)付け", lambda m: ("legend", True)),
    _r(rf"(?:{_COL}\s*の|[^\s、。]*の)?(?P<dir>高い|低い|多い|少ない|大きい|小さい|新しい|古い)順",
       _sorted),
    _r(r"五十音順", lambda m: ("sorted", {"by": None, "descending": False})),
    _r(r"上位\s*(?P<n>\d+)\s*(?:件|人|店舗|位|社|個)?", lambda m: ("top", int(m.group("n")))),
    _r(r"長さは\s*(?P<n>\d+)", lambda m: ("length", int(m.group("n")))),
    _r(r"(?P<r>\d+)\s*行\s*(?P<c>\d+)\s*列", lambda m: ("shape", [int(m.group("r")), int(m.group("c"))])),
    _r(r"列(?:は|が)\s*(?P<cols>[`\w]+(?:\s*[・、と]\s*[^\x00-\x7f\s]*\s*[`\w]+)+)", lambda m: ("columns", _columns(m.group("cols")))),
    _r(rf"{_COL}\s*を\s*index", lambda m: ("index", m.group("col"))),
    _r(rf"{_COL}\s*で\s*index", lambda m: ("index", m.group("col"))),
    _r(rf"(?:{_COL}|(?P<word>顧客\s*ID))\s*ごとに\s*1\s*行",
       lambda m: ("one_row_per", m.group("col") or "customer_id")),
    _r(rf"{_COL}\s*が重複しない", lambda m: ("unique", m.group("col"))),
    _r(r"欠損(?:値)?(?:を含む行を削除|は含めない|のない)", lambda m: ("no_missing", None)),
    _r(rf"{_COL}\s*(?:列)?を\s*(?P<type>datetime|整数|文字列|日付)\s*型?に", lambda m: ("dtype", {"column": m.group("col"), "type": _TYPES[m.group("type")]})),
    _r(rf"{_COL}\s*は\s*(?P<type>整数|文字列)型", lambda m: ("dtype", {"column": m.group("col"), "type": _TYPES[m.group("type")]})),
    _r(r"(?:件数を)?(?P<type>整数)で持つ", lambda m: ("dtype", {"column": None, "type": "integer"})),
    _r(r"引数(?:を|は)\s*(?P<n>\d+)\s*つ", lambda m: ("arity", int(m.group("n")))),
    _r(r"元の\s*`?(?P<j>[A-Za-z_]\w*)`?\s*は変更しない", lambda m: ("unchanged", None)),
    _r(r"元の\s*\d+\s*つの\s*DataFrame\s*は変更しない", lambda m: _inputs_before(m)),
    _r(rf"{_COL}\s*が\s*(?P<v>'[^']*'|\d+(?:\.\d+)?)\s*(?P<op>以上|以下|より大きい|未満|超)?の",
       lambda m: ("filter", f"{m.group('col')} {_JA_OPS[m.group('op') or '']} {m.group('v')}")),
    # looser wordings of the same kinds
    _r(r"(?<![A-Za-z0-9_`])トップ\s*(?P<n>\d+)", lambda m: ("top", int(m.group("n")))),
    _r(r"列は\s*(?P<cols>`\w+`(?:\s*[,、・]\s*`\w+`)+)", lambda m: ("columns", _columns(m.group("cols")))),
    _r(rf"{_COL}\s*(?:列)?を\s*(?P<type>float|bool|int|str|浮動小数|小数|真偽)\s*型?に", lambda m: ("dtype", {"column": m.group("col"), "type": _TYPES[m.group("type")]})),
    _r(rf"{_COL}\s*列に\s*(?P<type>整数|文字列|日付|小数)型で", lambda m: ("dtype", {"column": m.group("col"), "type": _TYPES[m.group("type")]})),
    _r(rf"タイトル(?:を|は)\s*{_TEXT}", lambda m: ("title", m.group("text"))),
    _r(r"`(?P<j>[A-Za-z_]\w*)`\s*は\s*(?:そのまま残し|変更しない|変更せず|変えない|変えずに|そのままに)", lambda m: ("unchanged", None)),
    _r(r"元(?:の)?データ(?:は|を)?\s*(?:変更せず|変更しない|変えず|そのまま)", lambda m: _input_named(m)),
    _r(r"欠損(?:値)?(?:なし|を除く|は除いて|を除いて|を含まない)", lambda m: ("no_missing", None)),
    _r(r"整数として\s*(?=`)", lambda m: ("binds", "scalar")),
    _r(r"凡例を(?:表示|付け|つけ|出)", lambda m: ("legend", True)),
    _r(r"Figure\s*は\s*`[A-Za-z_]\w*`\s*に", lambda m: ("binds", "Figure")),
    _r(r"(?<!グラフ)(?:(?P<n>\d+)\s*本の)?折れ線(?!グラフ)", lambda m: [("plot_kind", "line")] + ([("lines", int(m.group("n")))] if m.group("n") else [])),
    _r(r"ビン(?:は|を|の数は)\s*(?P<n>\d+)\s*(?:個|本)?", lambda m: ("bars", int(m.group("n")))),
    _r(rf"{_COL}\s*が\s*一意", lambda m: ("unique", m.group("col"))),
    _r(r"ファイル(?:に|には|へ)\s*(?:は)?\s*(?:書き出さない|保存しない|書き出さず|保存せず|出力しない)", lambda m: ("no_write", None)),
    _r(rf"{_COL}\s*が\s*(?P<v>-?\d+(?:\.\d+)?)\s*(?P<op>より大きく|より大きい|以上|以下|未満|より小さく|より小さい|を超え)", lambda m: ("filter", f"{m.group('col')} {_JA_OPS[m.group('op')]} {m.group('v')}")),
    _r(r"(?P<n>\d+)\s*行ちょうど|行数は\s*(?P<n2>\d+)\s*行|ちょうど\s*(?P<n3>\d+)\s*行", lambda m: ("length", int(m.group("n") or m.group("n2") or m.group("n3")))),
    _r(rf"(?:{_COL}\s*の)?(?P<dir>昇順|降順)", lambda m: ("sorted", {"by": m.group("col"), "descending": m.group("dir") == "降順"})),
    _r(rf"{_COL}\s*の\s*(?P<dir>大きい|多い|高い|新しい|小さい|少ない|低い|古い)(?:もの|方|ほう)から(?:順に)?並べ", lambda m: ("sorted", {"by": m.group("col"), "descending": m.group("dir") in ("大きい", "多い", "高い", "新しい")})),
    _r(r"`(?P<j>[A-Za-z_]\w*)`\s*(?:自体|そのもの)?\s*は\s*元のまま", lambda m: ("unchanged", None)),
    _r(r"`(?P<a>[A-Za-z_]\w*)`\s*と\s*`(?P<b>[A-Za-z_]\w*)`\s*は\s*(?:元のまま|変更しない|変更せず|そのまま)", lambda m: [("unchanged", None, m.group("a")), ("unchanged", None, m.group("b"))]),
    _r(r"値は\s*(?P<type>整数|文字列|浮動小数点?|小数)型", lambda m: ("dtype", {"column": None, "type": _TYPES[m.group("type").rstrip("点")]})),
    _r(rf"タイトル(?:に|には)\s*{_TEXT}\s*を(?:含め|入れ)", lambda m: ("title", m.group("text"))),
    _r(r"ファイル(?:は|を)?\s*上書きしない|ファイル(?:に|には|へ)\s*(?:は)?\s*何も\s*(?:書き出さ|保存し|出力し)ない", lambda m: ("no_write", None)),
    _r(rf"{_COL}\s*(?:は|が|に)?\s*重複(?:なし|しない|がない)", lambda m: ("unique", m.group("col"))),
    _r(rf"{_COL}\s*(?:列)?は\s*(?P<type>datetime|日付|日時|整数|文字列|浮動小数点?|小数|float|int|str|bool)\s*型?に", lambda m: ("dtype", {"column": m.group("col"), "type": _TYPES[m.group("type").rstrip("点")]})),
    _r(rf"{_COL}\s*(?:列)?を\s*浮動小数点\s*型?に", lambda m: ("dtype", {"column": m.group("col"), "type": "float"})),
    _r(r"凡例(?:は|を|も)?\s*(?:付けて|つけて|表示|あり|入れて)", lambda m: ("legend", True)),
    _r(rf"{_COL}\s*に欠損(?:値)?が(?:ない|無い)", lambda m: ("no_missing", m.group("col"))),
    _r(r"欠損(?:値)?を除いた|欠損(?:値)?は\s*\S{1,6}?で埋め", lambda m: ("no_missing", None)),
    _r(rf"(?P<axis>[xy])\s*軸(?:は|を)\s*{_TEXT}", lambda m: (f"{m.group('axis')}label", m.group("text"))),
    _r(r"(?:ファイルには保存しない|CSV には書き出さない|(?P<file>[\w-]+\.\w+)\s*(?:という)?ファイルは作らず|ファイル\s*(?P<file2>[\w-]+\.\w+)\s*は上書きしない)",
       lambda m: ("no_write", m.group("file") or m.group("file2"))),
]


_JA_OPS = {"": "==", "以上": ">=", "以下": "<=", "より大きい": ">", "より大きく": ">", "超": ">", "を超え": ">",
           "未満": "<", "より小さい": "<", "より小さく": "<"}


def _input_named(m: re.Match) -> tuple[str, Any, str | None]:
    """元データ: the first variable the request names, the input it works on."""
    first = re.search(r"`([A-Za-z_]\w*)`", m.string)
    return ("unchanged", None, first.group(1) if first else None)


def _inputs_before(m: re.Match) -> list[tuple[str, Any, str]]:
    """元の 2 つの DataFrame: the frames joined by と earlier in the request."""
    pair = re.search(r"`(\w+)`\s*と\s*`(\w+)`", m.string[: m.start()])
    return [("unchanged", None, name) for name in pair.groups()] if pair else []


def _columns(text: str) -> list[str]:
    names = re.findall(r"[A-Za-z_]\w*", text)
    return [n for i, n in enumerate(names) if n not in names[:i]]  # "`month` と `mrr`、`month` は…": the list ends
