"""The report as plain data, filled by ``build`` and read by each format's writer."""

from __future__ import annotations

from dataclasses import dataclass, field

from spark_nb.report.options import ReportStats


@dataclass
class Section:
    """One part of the analysis: narrative, then its outputs in order, then notes."""

    heading: str
    narrative: str = ""
    items: list = field(default_factory=list)     # Text, Table, Figure, ErrorItem, Note
    code: list[str] = field(default_factory=list)  # code cells, for the appendix
    notes: list[str] = field(default_factory=list)
    cells: list[int] = field(default_factory=list)  # the notebook cell (1-based) of each item
    findings: list = field(default_factory=list)  # claims stated, each with its cell (findings.Finding)

    @property
    def empty(self) -> bool:
        """Nothing to show but code (e.g. ``%load_ext``): only the appendix lists it."""
        return not (self.narrative or self.items or self.notes or self.findings)


@dataclass
class Report:
    """Everything a writer needs; writers add no content of their own."""

    title: str
    lang: str
    labels: dict
    summary: str = ""  # model prose, when no output gave a claim
    findings: list = field(default_factory=list)  # the executive summary: top claims across sections
    conclusions: str = ""
    sections: list[Section] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    failed_cells: list[tuple[int, str]] = field(default_factory=list)
    model: str = ""
    date: str = ""
    sha256: str = ""
    include_code: bool = True
    stats: ReportStats = field(default_factory=ReportStats)

    def figures(self) -> list:
        """Every figure in order (writers number them and the Markdown one saves them)."""
        from spark_nb.report.outputs import Figure

        return [i for s in self.sections for i in s.items if isinstance(i, Figure)]

    def note_lines(self) -> list[str]:
        """Upgrades, failed cells and what the grounding check did, for the Notes section."""
        lines = list(self.notes)
        lines += [f"{self.labels['failed']}: [{n}] {e}" for n, e in self.failed_cells]
        s = self.stats
        if s.numbers_before:
            lines.append(self.labels["grounding"].format(
                grounded=s.grounded_before, total=s.numbers_before, dropped=s.dropped_sentences))
        return lines

    def footer(self) -> str:
        return self.labels["footer"].format(model=self.model, date=self.date, sha=self.sha256)
