"""``jupyter nbconvert --to spark_report``: the report as an nbconvert exporter.

Traitlets (``--SparkReportExporter.…`` or ``--ReportExporter.…`` on the command line):
``report_format`` (html, md, pdf), ``no_code``, ``model``, ``lang``.
"""

from __future__ import annotations

import hashlib
import tempfile
from pathlib import Path
from typing import Any

from nbconvert.exporters import Exporter
from traitlets import Bool, Enum, Unicode, default


class ReportExporter(Exporter):
    """Writes a notebook up as spark_nb's data-analysis report (HTML by default)."""

    export_from_notebook = "spark_nb report"
    report_format = Enum(["html", "md", "pdf"], "html",
                         help="The report's format: html, md (Markdown) or pdf.").tag(config=True)
    no_code = Bool(False, help="Leave out the code appendix.").tag(config=True)
    model = Unicode("", help="Model name or path; empty means the default model.").tag(config=True)
    lang = Unicode("", help="Report language, en or ja; empty means the notebook's.").tag(config=True)

    @default("file_extension")
    def _file_extension_default(self) -> str:
        return ".html"

    @property
    def output_mimetype(self) -> str:
        return {"html": "text/html", "md": "text/markdown", "pdf": "application/pdf"}[self.report_format]

    def from_notebook_node(self, nb: Any, resources: dict | None = None, **kw: Any):
        """Build the report in a temporary folder and hand nbconvert its bytes and files."""
        from spark_nb.report import ReportOptions, notebook, run

        nb_copy, resources = super().from_notebook_node(nb, resources, **kw)
        meta = resources.get("metadata", {})
        name = meta.get("name") or "notebook"
        folder = Path(meta.get("path") or ".")
        path = folder / f"{name}.ipynb"
        source = notebook.from_node(nb_copy, path)
        if path.is_file():  # the footer's hash is the file's, as with spark-nb report
            source.sha256 = hashlib.sha256(path.read_bytes()).hexdigest()
        extension = {"html": ".html", "md": ".md", "pdf": ".pdf"}[self.report_format]
        with tempfile.TemporaryDirectory(prefix="spark-nb-report-") as tmp:
            target = Path(tmp) / f"{name}{extension}"
            opts = ReportOptions.make(to=self.report_format, output=target, no_code=self.no_code,
                                      model=self.model or None, lang=self.lang or None,
                                      progress=False)
            run(None, opts, source=source)
            data = target.read_bytes()
            files = Path(tmp) / f"{name}_files"
            outputs = resources.setdefault("outputs", {})
            for image in sorted(files.glob("figure-*")) if files.is_dir() else []:
                outputs[f"{name}_files/{image.name}"] = image.read_bytes()  # not the marker
        resources["output_extension"] = extension
        return (data if self.report_format == "pdf" else data.decode("utf-8")), resources
