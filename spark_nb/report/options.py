"""Report options and results as dataclasses; unknown option names are refused."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from spark_nb.errors import OptionsError


@dataclass
class ReportOptions:
    """How to write a report. ``to`` is a format name (``html``, ``md``, ``pdf``)."""

    to: str = "html"
    output: Path | str | None = None
    execute: bool = False
    no_code: bool = False
    model: str | None = None
    lang: str | None = None          # "en" or "ja"; None: detected from the notebook
    cache_dir: Path | str | None = None
    use_cache: bool = True
    progress: bool = True
    timeout: int = 300               # seconds per cell with --execute
    max_table_rows: int = 12
    max_table_cols: int = 8
    max_text_chars: int = 3000
    engine: Any = None               # an object with .complete(); tests and benchmarks
    title: str | None = None

    @classmethod
    def make(cls, **options: Any) -> "ReportOptions":
        """Build options from keywords, naming any that do not exist."""
        names = {f.name for f in dataclasses.fields(cls)}
        unknown = sorted(set(options) - names)
        if unknown:
            raise OptionsError(f"unknown report option(s): {', '.join(unknown)}; "
                               f"known: {', '.join(sorted(names))}")
        opts = cls(**options)
        if opts.lang not in (None, "en", "ja"):
            raise OptionsError(f"lang must be 'en' or 'ja', not {opts.lang!r}")
        return opts


@dataclass
class ReportStats:
    """What the model and the grounding check did, for the footer and the benchmark."""

    model_calls: int = 0
    cached_calls: int = 0
    numbers_before: int = 0          # numbers in the model's first answers
    grounded_before: int = 0
    numbers_after: int = 0           # numbers left in the prose after the check
    grounded_after: int = 0
    dropped_sentences: int = 0
    regenerated: int = 0
    claims: int = 0                  # claims computed from the outputs (tables, Series, figures)
    claims_stated: int = 0           # of them, stated in the report
    claims_verified: int = 0         # stated claims the checker finds true of their output
    claims_default: int = 0          # sections where the model's choice was unusable: best claims
    link_dropped: int = 0            # linking sentences dropped (they asserted something)
    code_dropped: int = 0            # model sentences dropped for describing the code
    sentences_checked: int = 0       # model sentences of the conclusions held against the claims
    claim_dropped: int = 0           # of them, dropped: the claims show them false

    def share_before(self) -> float:
        return self.grounded_before / self.numbers_before if self.numbers_before else 1.0

    def share_after(self) -> float:
        return self.grounded_after / self.numbers_after if self.numbers_after else 1.0


@dataclass
class ExportResult:
    """A written report: its path, the report it holds and the run's statistics."""

    path: Path
    report: Any
    stats: ReportStats = field(default_factory=ReportStats)
    seconds: float = 0.0
