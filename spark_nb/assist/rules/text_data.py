"""Errors caused by the data, not the code: numbers and dates stored as text, missing
values cast to ``int``, join keys of different types, a date format that does not match,
a log of Python dicts read as JSON.

These rules look at the values themselves (the columns, Series and lists the failing
line uses) and offer the conversion the data needs: ``"1,200"`` and ``"¥3,000"`` become
the numbers they spell, never NaN (``errors="coerce"`` would silently drop them) and
never a truncated ``int(float(x))``; a column with a missing value becomes the nullable
``"Int64"``, never filled with zeros that would skew a mean.
"""

from __future__ import annotations

import ast
import datetime as _dt
import re
import unicodedata
from dataclasses import dataclass

from spark_nb.assist.rules.values import MISSING, resolve
from spark_nb.assist.rules.error_context import ErrorContext, RuleFix
from spark_nb.assist.rules.edits import (apply_edits, code_nodes, insert_at_top, insert_before,
                                         on_line, parse_cell, segment, span, string_nodes,
                                         top_statement, literal_like)

ERRORS = ("TypeError", "ValueError", "AttributeError")

_REMOVABLE = (",", "¥", "$", "€", "£", "円", "_")
_NOT_NUMBERS = frozenset({"nan", "inf", "-inf", "+inf", "infinity", "-infinity"})
_DATE_LIKE = re.compile(r"^\s*\d{1,4}[-/.年]\d{1,2}([-/.月]\d{1,4})?")
_INT_NAMES = {"int": "Int64", "int64": "Int64", "int32": "Int32", "int16": "Int16", "int8": "Int8"}


@dataclass(frozen=True)
class Plan:
    """How text values become numbers: NFKC first (full-width digits), then the
    characters to remove, then ``int`` or ``float``."""

    nfkc: bool
    remove: tuple[str, ...]
    integral: bool
    mixed: bool  # numbers and text in one column
    missing: bool
    decimal_comma: bool = False  # "3,5" is 3.5 (German, French data), not 35

    @property
    def cleans(self) -> bool:
        return self.nfkc or bool(self.remove) or self.decimal_comma

    def series(self, expr: str) -> str:
        """Text cleanup of a Series expression (no final cast)."""
        out = expr + (".astype(str)" if self.mixed and self.cleans else "")
        out += '.str.normalize("NFKC")' if self.nfkc else ""
        out += "".join(f'.str.replace("{ch}", "")' for ch in self.remove)
        return out + ('.str.replace(",", ".")' if self.decimal_comma else "")

    def text(self, expr: str) -> str:
        """The same cleanup of one string."""
        out = expr + "".join(f'.replace("{ch}", "")' for ch in self.remove)
        return out + ('.replace(",", ".")' if self.decimal_comma else "")

    @property
    def cast(self) -> str:
        return "int" if self.integral and not self.missing else "float"


def propose(ctx: ErrorContext) -> list[RuleFix]:
    tree = parse_cell(ctx.source)
    if tree is None or ctx.line is None:
        return []
    stmt = top_statement(tree, ctx.line)
    if stmt is None:
        return []
    fixes: list[RuleFix] = []
    for rule in (_nan_into_int, _number_literal, _text_number_columns, _text_number_lists,
                 _text_dates, _merge_keys, _date_format, _python_literals):
        fixes += rule(ctx, tree, stmt)
    return fixes


# --- reading values ---------------------------------------------------------------------

def number_plan(values) -> Plan | None:
    """A :class:`Plan` when every value is a number or text that spells one (at least one text)."""
    import numpy as np

    texts, nums, missing, remove = [], [], False, []
    for v in values:
        if v is None or (isinstance(v, float) and v != v):
            missing = True
        elif isinstance(v, str):
            texts.append(v)
        elif isinstance(v, (int, float, np.integer, np.floating)) and not isinstance(v, bool):
            nums.append(float(v))
        else:
            return None
    if not texts:
        return None
    nfkc = any(unicodedata.normalize("NFKC", t) != t for t in texts)
    texts = [unicodedata.normalize("NFKC", t).strip() if nfkc else t.strip() for t in texts]
    decimal_comma = _decimal_comma(texts)
    removable = tuple(ch for ch in _REMOVABLE if ch != ",") + (".",) if decimal_comma else _REMOVABLE
    for t in texts:
        remove += [ch for ch in removable if ch in t and ch not in remove]
        for ch in remove:
            t = t.replace(ch, "")
        t = t.replace(",", ".") if decimal_comma else t
        if t.lower() in _NOT_NUMBERS:
            return None
        try:
            nums.append(float(t))
        except ValueError:
            return None
    integral = all(n.is_integer() for n in nums)
    return Plan(nfkc, tuple(remove), integral, len(texts) < len(values) - missing, missing, decimal_comma)


def _decimal_comma(texts: list[str]) -> bool:
    """Whether a comma in these numbers is the decimal mark: some value has other than
    three digits after its single comma ("3,5", "12,75"), or dots before the comma
    ("1.234,5"). "1,200" alone reads as a thousands separator."""
    with_comma = [t for t in texts if "," in t]
    if not with_comma or any(t.count(",") > 1 for t in with_comma):
        return False
    if any("." in t and t.index(".") < t.index(",") for t in with_comma):
        return True
    if any("." in t for t in with_comma):
        return False
    return any(len(re.sub(r"\D", "", t.rsplit(",", 1)[1])) != 3 for t in with_comma)


def _text_series(value) -> bool:
    import pandas as pd

    return isinstance(value, pd.Series) and (value.dtype == object or pd.api.types.is_string_dtype(value))


def _sample(series, n: int = 5000) -> list:
    return list(series.iloc[:n])


def line_columns(ctx: ErrorContext, stmt: ast.stmt) -> list[tuple[str, object]]:
    """``(code, Series)`` for each text column or Series the failing line reads.

    A column is ``frame["col"]`` or ``frame.col`` where ``frame`` is a DataFrame named on
    the line, also when the column is picked after other calls (``df.groupby(...)["col"]``).
    """
    import pandas as pd

    nodes = [n for n in code_nodes(stmt) if on_line(n, ctx.line)]
    frames = {n.id: v for n in nodes if isinstance(n, ast.Name)
              for v in [resolve(n, ctx.namespace)] if isinstance(v, pd.DataFrame)}
    found: dict[str, object] = {}
    for node in nodes:
        if isinstance(node, ast.Name) and _text_series(resolve(node, ctx.namespace)):
            found.setdefault(node.id, ctx.namespace[node.id])
        label = node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else (
            node.attr if isinstance(node, ast.Attribute) else None)
        for name, frame in frames.items():
            if label is not None and label in frame.columns and _text_series(frame[label]):
                code = f"{name}[{literal_like(segment(ctx.source, node), label)}]" if isinstance(
                    node, ast.Constant) else f"{name}[{label!r}]".replace("'", '"')
                found.setdefault(code, frame[label])
    return list(found.items())


# --- the rules --------------------------------------------------------------------------

def _text_number_columns(ctx, tree, stmt) -> list[RuleFix]:
    if not ({"TypeError", "ValueError"} & set(ctx.error_types)):
        return []
    fixes = []
    for code, series in line_columns(ctx, stmt):
        plan = number_plan(_sample(series))
        if plan is None or (plan.mixed and plan.missing and plan.cleans):
            continue
        source = _convert_in_place(ctx.source, stmt, code, plan)
        if source is None:
            source = insert_before(ctx.source, stmt, f"{code} = {plan.series(code)}.astype({plan.cast})")
        shown = ", ".join(f'"{ch}"' for ch in plan.remove) or "text"
        fixes.append(RuleFix(
            source, f"convert {code} to numbers",
            f"{code} holds numbers stored as text ({shown}), so they cannot be compared or summed until converted.",
            f"{code} の数値が文字列（{shown}）として保存されているため、変換してから計算する必要があります。"))
    return fixes


def _convert_in_place(source: str, stmt: ast.stmt, code: str, plan: Plan) -> str | None:
    """``col = col.astype(T)`` -> ``col = col.str.replace(...).astype(T)``: the user's own cast."""
    if not plan.cleans or not isinstance(stmt, ast.Assign) or len(stmt.targets) != 1:
        return None
    if segment(source, stmt.targets[0]) != code:
        return None
    for node in code_nodes(stmt.value):
        if isinstance(node, (ast.Subscript, ast.Attribute, ast.Name)) and segment(source, node) == code:
            return apply_edits(source, [span(node, plan.series(code))])
    return None


def _text_number_lists(ctx, tree, stmt) -> list[RuleFix]:
    if "TypeError" not in ctx.error_types:
        return []
    fixes = []
    used = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)}
    var = next(v for v in ("v", "x", "item", "value_") if v not in used)
    for node in code_nodes(stmt):
        if not (isinstance(node, ast.Name) and on_line(node, ctx.line)):
            continue
        value = ctx.namespace.get(node.id, MISSING)
        if not isinstance(value, (list, tuple)) or not value or not all(isinstance(v, str) for v in value):
            continue
        plan = number_plan(value[:5000])
        if plan is None or plan.nfkc:
            continue
        inner = plan.text(var)
        new = f"[{plan.cast}({inner}) for {var} in {node.id}]"
        edits = [span(n, new) for n in code_nodes(stmt) if isinstance(n, ast.Name)
                 and n.id == node.id and on_line(n, ctx.line) and isinstance(n.ctx, ast.Load)]
        source = apply_edits(ctx.source, edits)
        if source:
            fixes.append(RuleFix(
                source, f"read the numbers in {node.id}",
                f"{node.id} holds numbers as text, so they must be converted with {plan.cast}() first.",
                f"{node.id} の要素は文字列の数値なので、先に {plan.cast}() で変換する必要があります。"))
            break
    return fixes


def _nan_into_int(ctx, tree, stmt) -> list[RuleFix]:
    if "IntCastingNaNError" not in ctx.error_types and "non-finite values" not in ctx.message:
        return []
    edits = []
    for node in code_nodes(stmt):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                and node.func.attr == "astype" and node.args and on_line(node, ctx.line)):
            nullable = _nullable(node.args[0])
            if nullable:
                edits.append(span(node.args[0], f'"{nullable}"'))
    source = apply_edits(ctx.source, edits)
    if not source:
        return []
    return [RuleFix(source, "use the nullable integer type",
                    "The column has missing values, which a plain int cannot hold; the nullable \"Int64\" keeps them missing instead of inventing numbers.",
                    "列に欠損値があり int では表せないため、欠損を保ったまま扱える \"Int64\" 型を使います。")]


def _nullable(node: ast.AST) -> str | None:
    if isinstance(node, ast.Name):
        name = node.id
    elif isinstance(node, ast.Attribute):
        name = node.attr
    elif isinstance(node, ast.Constant) and isinstance(node.value, str):
        name = node.value
    else:
        return None
    return _INT_NAMES.get(name)


def _number_literal(ctx, tree, stmt) -> list[RuleFix]:
    match = re.search(r"invalid literal for int\(\) with base 10: '(.*)'|could not convert string to float: '(.*)'",
                      ctx.message)
    if not match:
        return []
    plan = number_plan([match[1] if match[1] is not None else match[2]])
    if plan is None or plan.nfkc:
        return []
    edits = []
    for node in code_nodes(stmt):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                and node.func.id in ("int", "float") and len(node.args) == 1 and on_line(node, ctx.line)):
            arg = segment(ctx.source, node.args[0])
            if plan.cleans and not isinstance(node.args[0], (ast.Name, ast.Attribute, ast.Subscript, ast.Call)):
                arg = f"({arg})"
            arg = plan.text(arg)
            func = "float" if not plan.integral else node.func.id
            edits.append(span(node, f"{func}({arg})"))
    source = apply_edits(ctx.source, edits)
    if not source:
        return []
    what = "has a decimal point, so read it with float()" if not plan.integral else "has separators to remove first"
    return [RuleFix(source, "read the number the text spells",
                    f"The text {match[1] or match[2]!r} {what}.",
                    f"文字列 {match[1] or match[2]!r} は数値に変換する前に整形が必要です（小数は float() で読みます）。")]


def _text_dates(ctx, tree, stmt) -> list[RuleFix]:
    if not ("'str'" in ctx.message or ".dt accessor" in ctx.message or "Timestamp" in ctx.message):
        return []
    lines, names = [], []
    for code, series in line_columns(ctx, stmt):
        values = [v for v in _sample(series, 200) if isinstance(v, str)]
        if values and all(_DATE_LIKE.match(v) for v in values) and _parses_as_dates(series):
            lines.append(f"{code} = pd.to_datetime({code})")
            names.append(code)
    if not lines:
        return []
    source = insert_before(ctx.source, stmt, "\n".join(lines))
    if "pd" not in ctx.namespace and not re.search(r"^\s*import pandas as pd", ctx.source, re.M):
        source = insert_at_top(source, "import pandas as pd")
    shown = ", ".join(names)
    return [RuleFix(source, f"read {shown} as dates",
                    f"{shown} holds dates as text (as read from a CSV file), so date arithmetic needs pd.to_datetime first.",
                    f"{shown} の日付が文字列のままなので、pd.to_datetime で日付型に変換してから計算します。")]


def _parses_as_dates(series) -> bool:
    import pandas as pd

    try:
        return bool(pd.to_datetime(series.iloc[:2000]).notna().any())
    except (ValueError, TypeError, OverflowError):
        return False


def _merge_keys(ctx, tree, stmt) -> list[RuleFix]:
    match = re.search(r"merge on (\w+) and (\w+) columns for key '([^']+)'", ctx.message)
    if not match:
        return []
    key = match[3]
    for node in code_nodes(stmt):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                and node.func.attr == "merge" and on_line(node, ctx.line)):
            continue
        sides = [node.func.value, *node.args[:1]] if resolve(node.func.value, ctx.namespace) is not _pd_module() else node.args[:2]
        fix = _cast_key(ctx, stmt, sides, key)
        if fix:
            return [fix]
    return []


def _pd_module():
    import pandas as pd

    return pd


def _cast_key(ctx, stmt, sides, key: str) -> RuleFix | None:
    import pandas as pd

    frames = [(segment(ctx.source, n), resolve(n, ctx.namespace)) for n in sides]
    if len(frames) != 2 or not all(isinstance(f, pd.DataFrame) and key in f.columns for _, f in frames):
        return None
    for (code, frame), (_, other) in (frames, frames[::-1]):
        if _text_series(frame[key]) and pd.api.types.is_numeric_dtype(other[key]):
            plan = number_plan(_sample(frame[key]))
            if plan is None or plan.missing:
                return None
            cast = "int" if pd.api.types.is_integer_dtype(other[key]) and plan.integral else "float"
            col = f'{code}["{key}"]'
            source = insert_before(ctx.source, stmt, f"{col} = {plan.series(col)}.astype({cast})")
            return RuleFix(source, f"make {col} numbers",
                           f"The key {key!r} is a number on one side and text on the other, so convert the text to numbers before joining.",
                           f"キー {key!r} が片方では数値、もう片方では文字列なので、結合の前に数値へ変換します。")
    return None


def _date_format(ctx, tree, stmt) -> list[RuleFix]:
    match = re.search(r'time data "(.+?)" doesn\'t match format "(.+?)"', ctx.message)
    if not match:
        return []
    value, fmt = match[1], match[2]
    for node in string_nodes(stmt, fmt):
        for candidate in _formats_like(value, fmt):
            source = apply_edits(ctx.source, [span(node, literal_like(segment(ctx.source, node), candidate))])
            if source:
                return [RuleFix(source, f'use the format "{candidate}"',
                                f'The dates are written like "{value}", which the format "{candidate}" matches.',
                                f'日付は "{value}" の形式なので、書式 "{candidate}" を使います。')]
    return []


def _formats_like(value: str, fmt: str) -> list[str]:
    """Formats close to ``fmt`` (other separators, day and month swapped, 2-digit years)
    that parse ``value``."""
    parts = re.split(r"(%[a-zA-Z])", fmt)
    seps = re.findall(r"[^0-9A-Za-z]+", value.strip())
    literal = [i for i, p in enumerate(parts) if p and not p.startswith("%")]
    shapes = []
    if len(literal) == len(seps):
        shapes.append("".join(seps[literal.index(i)] if i in literal else p for i, p in enumerate(parts)))
    shapes.append(fmt)
    out = []
    for shape in shapes:
        for swap in (shape, shape.replace("%d", "%_").replace("%m", "%d").replace("%_", "%m")):
            for year in (swap, swap.replace("%Y", "%y"), swap.replace("%y", "%Y")):
                if year != fmt and year not in out and _parses(value, year):
                    out.append(year)
    return out


def _parses(value: str, fmt: str) -> bool:
    try:
        _dt.datetime.strptime(value.strip(), fmt)
        return True
    except ValueError:
        return False


def _python_literals(ctx, tree, stmt) -> list[RuleFix]:
    if "JSONDecodeError" not in ctx.error_types or "double quotes" not in ctx.message:
        return []
    edits = [span(node.func, "ast.literal_eval") for node in code_nodes(stmt)
             if isinstance(node, ast.Call) and on_line(node, ctx.line)
             and segment(ctx.source, node.func) == "json.loads"]
    source = apply_edits(ctx.source, edits)
    if not source:
        return []
    if not re.search(r"^\s*import ast\b", source, re.M):
        source = insert_at_top(source, "import ast")
    return [RuleFix(source, "read the lines as Python literals",
                    "The text uses single quotes, as Python prints a dict, so it is not JSON; ast.literal_eval reads it safely.",
                    "シングルクォートを使った Python の辞書の表記で JSON ではないため、ast.literal_eval で安全に読み込みます。")]
