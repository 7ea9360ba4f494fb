"""FileNotFoundError: the file is there under a slightly different name or folder.

The missing path (``exc.filename``, else the message) is read relative to the kernel's
working folder. When its folder exists, the candidates are the entries named the same
but for case, spaces or width, then the same name with a sibling extension (``.xls``
for ``.xlsx``), then the closest by spelling. When the folder itself is missing, the
closest folder one level up is tried, with the file (or the closest to it) inside.
A file of that name (or one close to it) in a subfolder, at most :data:`MAX_DEPTH` deep,
counts too (``店舗一覧.csv`` -> ``データ/店舗一覧.csv``); an exact name there ranks above a
respelling in the folder itself.
The fix rewrites the string literal that holds the path, keeping how it is written;
when no literal holds it (a path built in code), the fix is advice that names the file.
Listings stop at :data:`MAX_ENTRIES` entries, so a huge folder costs little.
"""

from __future__ import annotations

import ast
import itertools
import os
import re

from spark_nb.assist.fuzzy import closest, how_close
from spark_nb.assist.rules.error_context import ErrorContext, RuleFix
from spark_nb.assist.rules.edits import (parse_cell, replace_literal_on_line, replace_literals,
                                         string_nodes)

ERRORS = ("FileNotFoundError",)

MAX_ENTRIES = 2000
MAX_DEPTH = 3
# Folders no one keeps their data in, and that can be huge.
_SKIP_DIRS = frozenset({"node_modules", "site-packages", "__pycache__", "venv", "env"})
# Extensions a file may have been saved under instead of the one asked for.
_FAMILIES = ({".csv", ".tsv", ".txt"}, {".xlsx", ".xls", ".xlsm"}, {".json", ".jsonl"},
             {".parquet", ".pq"}, {".pkl", ".pickle"}, {".h5", ".hdf5", ".hdf"},
             {".jpg", ".jpeg"}, {".yaml", ".yml"}, {".htm", ".html"})
_MESSAGES = (re.compile(r"No such file or directory: ('.*'|\".*\")"),
             re.compile(r"File (b?'.*'|b?\".*\"|\S+) does not exist"))


def propose(ctx: ErrorContext) -> list[RuleFix]:
    """Up to two fixes that point the cell at an existing file, nearest name first."""
    path = missing_path(ctx)
    if not path:
        return []
    fixes = []
    for new, found_in, found, below in _ranked(path, ctx.cwd)[:2]:
        source = _rewrite(ctx, path, new)
        folder = os.path.dirname(path) or "."
        if below:  # in a subfolder of the folder named
            sub = found_in
            name = os.path.basename(path)
            en = f"There is no `{name}` in the folder `{folder}`, but its subfolder `{sub}` holds `{found}`."
            ja = f"フォルダ `{folder}` に `{name}` はありませんが、その中のフォルダ `{sub}` に `{found}` があります。"
        elif found_in:
            en = (f"There is no folder `{folder}`, but `{found_in}` is there and holds `{found}`.")
            ja = f"フォルダ `{folder}` はありませんが、`{found_in}` があり、その中に `{found}` があります。"
        else:
            en = f"There is no `{os.path.basename(path)}` in the folder `{folder}`, but `{found}` is there."
            ja = f"フォルダ `{folder}` に `{os.path.basename(path)}` はありませんが、`{found}` があります。"
        title = f"use '{new}'" if source is not None else f"the file is '{new}'"
        fixes.append(RuleFix(source, title, en, ja))
    return fixes


def missing_path(ctx: ErrorContext) -> str | None:
    """The path that was not found, as the code wrote it."""
    filename = getattr(ctx.exception, "filename", None)
    if filename is not None:
        try:
            filename = os.fsdecode(os.fspath(filename))
        except TypeError:
            filename = None
    if filename:
        return filename
    for pattern in _MESSAGES:
        match = pattern.search(ctx.message)
        if match:
            text = match[1]
            try:
                value = ast.literal_eval(text) if text[:1] in "'\"b" else text
            except (ValueError, SyntaxError):
                continue
            return os.fsdecode(value) if value else None
    return None


def _entries(folder: str, dirs_only: bool = False) -> list[str]:
    try:
        with os.scandir(folder) as found:
            return [e.name for e in itertools.islice(found, MAX_ENTRIES)
                    if not dirs_only or e.is_dir()]
    except OSError:
        return []


def _near(name: str, entries: list[str]) -> list[str]:
    """Entries that ``name`` likely meant: same but for case/spaces/width, sibling extension, spelling."""
    ranked = closest(name, entries, n=3, cutoff=0.8)
    same_form = [e for e in ranked if how_close(name, e) != "spelling"]
    stem, ext = os.path.splitext(name)
    family = next((f for f in _FAMILIES if ext.lower() in f), set())
    siblings = [e for e in entries if os.path.splitext(e)[1].lower() in family - {ext.lower()}
                and how_close(stem, os.path.splitext(e)[0]) != "spelling"]
    return list(dict.fromkeys(same_form + siblings + ranked))


def _ranked(path: str, cwd: str) -> list[tuple[str, str, str, bool]]:
    """The candidates of the folder, then those of its subfolders (marked True); an exact
    name in a subfolder goes first unless the folder has the name but for case or spaces."""
    here = [(*c, False) for c in _candidates(path, cwd)]
    name = re.split(r"[/\\]", path)[-1]
    below = [(*c, True) for c in _in_subfolders(path, cwd)] if name else []
    exact = [c for c in below if c[2] == name]
    if exact and not (here and not here[0][1] and how_close(name, here[0][2]) != "spelling"):
        return exact[:1] + here + [c for c in below if c is not exact[0]]
    return here + below


def _in_subfolders(path: str, cwd: str) -> list[tuple[str, str, str]]:
    """``(new path, subfolder, file)`` for files named like the missing one below its folder."""
    name = re.split(r"[/\\]", path)[-1]
    head = path[: len(path) - len(name)]
    root = os.path.dirname(os.path.join(cwd, os.path.expanduser(path)))
    sep = "\\" if "\\" in head and "/" not in head else "/"
    files: dict[str, list[str]] = {}  # file name -> subfolders holding it, nearest first
    for sub, entries in _walk(root):
        for entry in entries:
            files.setdefault(entry, []).append(sub)
    exact = [(name, sub) for sub in files.get(name, ())]
    near = [(found, sub) for found in closest(name, files, n=2, cutoff=0.8) for sub in files[found][:1]]
    return [(head + sub.replace("/", sep) + sep + found, sub, found)
            for found, sub in (exact + near)[:3]]


def _walk(root: str):
    """``(subfolder, file names)`` below ``root``, breadth first, at most :data:`MAX_DEPTH`
    deep and :data:`MAX_ENTRIES` entries in all; hidden and tool folders are skipped."""
    todo, seen = [("", 0)], 0
    while todo and seen < MAX_ENTRIES:
        sub, depth = todo.pop(0)
        try:
            with os.scandir(os.path.join(root, sub)) as found:
                entries = list(itertools.islice(found, MAX_ENTRIES - seen))
        except OSError:
            continue
        seen += len(entries)
        names = []
        for entry in entries:
            try:
                is_dir = entry.is_dir()
            except OSError:
                continue
            if is_dir and depth < MAX_DEPTH and not entry.name.startswith(".") and entry.name not in _SKIP_DIRS:
                todo.append((f"{sub}/{entry.name}" if sub else entry.name, depth + 1))
            elif not is_dir and sub:
                names.append(entry.name)
        if sub:
            yield sub, names


def _candidates(path: str, cwd: str) -> list[tuple[str, str, str]]:
    """``(new path as written, folder found instead or "", file found)``, best first."""
    name = re.split(r"[/\\]", path)[-1]
    if not name:
        return []
    head = path[: len(path) - len(name)]
    full = os.path.join(cwd, os.path.expanduser(path))
    folder = os.path.dirname(full)
    if os.path.isdir(folder):
        return [(head + found, "", found) for found in _near(name, _entries(folder))]
    # The folder is missing: try its siblings, as written in the path.
    written = head.rstrip("/\\")
    folder_name = re.split(r"[/\\]", written)[-1]
    parent = os.path.dirname(folder)
    if not folder_name or os.path.basename(folder) != folder_name or not os.path.isdir(parent):
        return []
    grand = written[: len(written) - len(folder_name)]
    out = []
    for near in _near(folder_name, _entries(parent, dirs_only=True))[:2]:
        inside = _entries(os.path.join(parent, near))
        found = name if name in inside else next(iter(_near(name, inside)), None)
        if found:
            out.append((grand + near + head[len(written):] + found, grand + near, found))
    return out


def _rewrite(ctx: ErrorContext, path: str, new: str) -> str | None:
    tree = parse_cell(ctx.source)
    if tree is None:
        return replace_literal_on_line(ctx.source, path, new, ctx.line)
    literals = list(string_nodes(tree))
    same = [n for n in literals if n.value == path]
    if same:
        return replace_literals(ctx.source, same, new)
    # The literal may be `~/x.csv` (reported expanded), only the end of the path
    # (`os.path.join(folder, 'x.csv')`, `base + 'x.csv'`) or more than the path reported.
    home = os.path.expanduser("~")
    for node in literals:
        value = node.value
        if value.startswith("~") and os.path.expanduser(value) == path and new.startswith(home):
            return replace_literals(ctx.source, [node], "~" + new[len(home):])
        if value and len(value) < len(path) and path.endswith(value) and (
                value[0] in "/\\" or path[-len(value) - 1] in "/\\"):
            prefix = path[: len(path) - len(value)]
            if new.startswith(prefix):
                return replace_literals(ctx.source, [node], new[len(prefix):])
        elif len(value) > len(path) and value.endswith(path) and value[-len(path) - 1] in "/\\":
            return replace_literals(ctx.source, [node], value[: len(value) - len(path)] + new)
    return None
