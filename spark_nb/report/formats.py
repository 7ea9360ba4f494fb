"""Report formats by name: each maps to its writer and its file extension."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module
from pathlib import Path
from typing import Callable

from spark_nb.errors import OptionsError


@dataclass(frozen=True)
class Format:
    module: str       # spark_nb.report.<module> has write(report, output) -> Path
    extension: str

    def writer(self) -> Callable:
        return import_module(f"spark_nb.report.{self.module}").write


FORMATS = {
    "html": Format("html", ".html"),
    "md": Format("markdown", ".md"),
    "pdf": Format("pdf", ".pdf"),
}
ALIASES = {"markdown": "md", "htm": "html"}


def get(name: str) -> Format:
    """The format called ``name`` (html, md, pdf)."""
    key = ALIASES.get(name.lower(), name.lower())
    if key not in FORMATS:
        raise OptionsError(f"unknown report format {name!r}; use one of {', '.join(FORMATS)}")
    return FORMATS[key]


def default_output(source: Path | None, name: str, fmt: Format) -> Path:
    """Beside the notebook, same name, the format's extension."""
    folder = source.parent if source else Path.cwd()
    return folder / f"{name}{fmt.extension}"
