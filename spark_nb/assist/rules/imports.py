"""NameError for a name that an import would bind: ``np``, ``pd``, ``plt``, ``Path``...

The fix adds the import the name implies at the top of the cell (below a cell magic,
leading comments and setting magics such as ``%matplotlib inline``). Every other
conventional name the cell uses without binding it gets its import in the same fix,
so the fixed cell does not stop at the next one. Only modules that are installed are
proposed; finding them does not import them.
"""

from __future__ import annotations

import ast
import builtins
import re
import sys

from spark_nb.assist.installed import is_installed
from spark_nb.assist.rules.error_context import ErrorContext, RuleFix, missing_name
from spark_nb.assist.rules.edits import insert_at_top, parse_cell

ERRORS = ("NameError",)

# Conventional name -> the import that binds it.
ALIASES = {
    "np": "import numpy as np", "pd": "import pandas as pd", "mpl": "import matplotlib as mpl",
    "plt": "import matplotlib.pyplot as plt", "mdates": "import matplotlib.dates as mdates",
    "ticker": "import matplotlib.ticker as ticker", "sns": "import seaborn as sns",
    "dt": "import datetime as dt", "date": "from datetime import date",
    "timedelta": "from datetime import timedelta", "timezone": "from datetime import timezone",
    "Path": "from pathlib import Path", "defaultdict": "from collections import defaultdict",
    "Counter": "from collections import Counter", "OrderedDict": "from collections import OrderedDict",
    "deque": "from collections import deque", "namedtuple": "from collections import namedtuple",
    "partial": "from functools import partial", "reduce": "from functools import reduce",
    "dataclass": "from dataclasses import dataclass", "Decimal": "from decimal import Decimal",
    "stats": "from scipy import stats", "sp": "import scipy as sp",
    "sm": "import statsmodels.api as sm", "smf": "import statsmodels.formula.api as smf",
    "tf": "import tensorflow as tf", "keras": "from tensorflow import keras",
    "nn": "import torch.nn as nn", "F": "import torch.nn.functional as F",
    "px": "import plotly.express as px", "go": "import plotly.graph_objects as go",
    "torch": "import torch", "pl": "import polars as pl", "xgb": "import xgboost as xgb", "lgb": "import lightgbm as lgb",
    "Image": "from PIL import Image", "japanize_matplotlib": "import japanize_matplotlib",
    "train_test_split": "from sklearn.model_selection import train_test_split",
    "cross_val_score": "from sklearn.model_selection import cross_val_score",
    "GridSearchCV": "from sklearn.model_selection import GridSearchCV",
    "KFold": "from sklearn.model_selection import KFold",
    "LinearRegression": "from sklearn.linear_model import LinearRegression",
    "LogisticRegression": "from sklearn.linear_model import LogisticRegression",
    "RandomForestClassifier": "from sklearn.ensemble import RandomForestClassifier",
    "RandomForestRegressor": "from sklearn.ensemble import RandomForestRegressor",
    "StandardScaler": "from sklearn.preprocessing import StandardScaler",
    "MinMaxScaler": "from sklearn.preprocessing import MinMaxScaler",
    "LabelEncoder": "from sklearn.preprocessing import LabelEncoder",
    "OneHotEncoder": "from sklearn.preprocessing import OneHotEncoder",
    "KMeans": "from sklearn.cluster import KMeans", "PCA": "from sklearn.decomposition import PCA",
    "Pipeline": "from sklearn.pipeline import Pipeline",
    "accuracy_score": "from sklearn.metrics import accuracy_score",
    "mean_squared_error": "from sklearn.metrics import mean_squared_error",
    "r2_score": "from sklearn.metrics import r2_score",
    "confusion_matrix": "from sklearn.metrics import confusion_matrix",
    "classification_report": "from sklearn.metrics import classification_report",
}
# Names that are both a module and a class or function in it: how the cell uses the
# name decides. name -> (module import, member import, attributes only the member has,
# which one a cell gets that neither calls the name nor reads an attribute of it).
TWO_WAYS = {
    "datetime": ("import datetime", "from datetime import datetime",
                 {"now", "today", "utcnow", "strptime", "fromtimestamp", "fromisoformat",
                  "combine", "min", "max", "utcfromtimestamp"}, "module"),
    "tqdm": ("import tqdm", "from tqdm import tqdm", {"pandas", "write"}, "member"),
    "glob": ("import glob", "from glob import glob", set(), "module"),
    "pprint": ("import pprint", "from pprint import pprint", set(), "module"),
}
# Standard modules whose import does something visible: never added silently.
_NOT_FOR_IMPORT = frozenset({"this", "antigravity"})
_TOP = re.compile(r"^(?:from|import)\s+(\w+)")


def propose(ctx: ErrorContext) -> list[RuleFix]:
    """One fix that imports the missing name, and any other conventional name left unbound."""
    name = missing_name(ctx)
    tree = parse_cell(ctx.source)
    if not name or tree is None or not import_line(name, tree):
        return []
    lines = []
    for other in _unbound(tree, ctx.namespace):
        line = import_line(other, tree)
        if line and line not in lines:
            lines.append(line)
    first = import_line(name, tree)
    lines = [first] + [line for line in lines if line != first]
    more = f" (+{len(lines) - 1} more)" if len(lines) > 1 else ""
    module = _TOP.match(first)[1]
    return [RuleFix(
        insert_at_top(ctx.source, "\n".join(lines) + "\n"), f"add `{first}`{more}",
        f"The cell uses `{name}` from `{module}` without importing it: `{first}` is missing.",
        f"このセルは `{module}` の `{name}` を import せずに使っています（`{first}` が必要です）。")]


def import_line(name: str, tree: ast.AST | None = None) -> str | None:
    """The import that binds ``name`` as a cell most likely means it, when installed.

    ``tree`` (the cell) tells ``datetime.now()`` (the class) from ``datetime.date`` (the
    module). A standard-library module used as ``name.attr`` counts too.
    """
    if name in TWO_WAYS:
        line = _two_ways(name, tree)
    elif name in ALIASES:
        line = ALIASES[name]
    elif _standard_module_used(name, tree):
        line = f"import {name}"
    else:
        return None
    return line if is_installed(_TOP.match(line)[1]) else None


def _standard_module_used(name: str, tree: ast.AST | None) -> bool:
    # `math.sqrt(2)` without `import math`; a bare `math` may as well be a variable.
    if (name not in getattr(sys, "stdlib_module_names", ()) or name in _NOT_FOR_IMPORT
            or name.startswith("_") or tree is None):
        return False
    return any(isinstance(n, ast.Attribute) and isinstance(n.value, ast.Name) and n.value.id == name
               for n in ast.walk(tree))


def _two_ways(name: str, tree: ast.AST | None) -> str:
    module_line, member_line, member_attrs, default = TWO_WAYS[name]
    attrs, called = set(), False
    for node in ast.walk(tree) if tree is not None else ():
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == name:
            called = True
        elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == name:
            attrs.add(node.attr)
    if called or (attrs and attrs <= member_attrs):
        return member_line
    if attrs:
        return module_line
    return member_line if default == "member" else module_line


def _unbound(tree: ast.AST, namespace) -> list[str]:
    # Names read in the cell that nothing in it binds (anywhere, in any scope: a wrong
    # "unbound" would add a needless import), in order of first use.
    bound = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and not isinstance(n.ctx, ast.Load)}
    bound |= {(a.asname or a.name).split(".")[0] for n in ast.walk(tree)
              if isinstance(n, (ast.Import, ast.ImportFrom)) for a in n.names}
    bound |= {n.name for n in ast.walk(tree)
              if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))}
    bound |= {n.arg for n in ast.walk(tree) if isinstance(n, ast.arg)}
    uses = sorted((n for n in ast.walk(tree) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)),
                  key=lambda n: (n.lineno, n.col_offset))
    out = []
    for node in uses:
        name = node.id
        if name not in bound and name not in namespace and not hasattr(builtins, name) and name not in out:
            out.append(name)
    return out


