"""The report as PDF: its HTML printed by headless Chromium (or WeasyPrint when installed).

Set ``SPARK_NB_PDF_ENGINE=chromium|weasyprint`` to choose; by default Chromium is used
when found, else WeasyPrint if importable.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from spark_nb.report import html
from spark_nb.report.document import Report
from spark_nb.report.errors import ReportError
from spark_nb.report.write import atomic_write, check_folder

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
CHROMIUM_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run",
                  "--no-pdf-header-footer", "--disable-dev-shm-usage")
TIMEOUT_S = 120


def find_chromium() -> str | None:
    """The Chromium (or Chrome) executable on PATH, or at /usr/bin/chromium."""
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return "/usr/bin/chromium" if os.access("/usr/bin/chromium", os.X_OK) else None


def _chromium(html_text: str, work: Path) -> bytes:
    exe = find_chromium()
    if exe is None:
        raise ReportError("PDF needs Chromium, which was not found. Install it with "
                          "`sudo apt-get install chromium` (or `pip install weasyprint`), "
                          "or export --to html instead.")
    page, pdf = work / "report.html", work / "report.pdf"
    page.write_text(html_text, encoding="utf-8")
    cmd = [exe, *CHROMIUM_FLAGS, f"--user-data-dir={work / 'profile'}",
           f"--print-to-pdf={pdf}", page.as_uri()]
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=TIMEOUT_S)
    except subprocess.TimeoutExpired:
        raise ReportError(f"Chromium did not finish printing the PDF within {TIMEOUT_S} s") from None
    if not pdf.exists() or pdf.stat().st_size == 0:
        tail = (done.stderr or "").strip().splitlines()[-3:]
        raise ReportError("Chromium could not print the PDF (exit code "
                          f"{done.returncode}): {' / '.join(tail) or 'no message'}")
    return pdf.read_bytes()


def _weasyprint(html_text: str, work: Path) -> bytes:
    from weasyprint import HTML  # optional: only when the user installed it

    return HTML(string=html_text, base_url=str(work)).write_pdf()


ENGINES = {"chromium": _chromium, "weasyprint": _weasyprint}


def pick_engine() -> str:
    """The PDF engine to use: the setting, else Chromium when found, else WeasyPrint."""
    wanted = os.environ.get("SPARK_NB_PDF_ENGINE", "").strip().lower()
    if wanted:
        if wanted not in ENGINES:
            raise ReportError(f"SPARK_NB_PDF_ENGINE={wanted!r}: use one of {', '.join(ENGINES)}")
        return wanted
    if find_chromium() is None and importlib.util.find_spec("weasyprint") is not None:
        return "weasyprint"
    return "chromium"


def write(report: Report, output: Path) -> Path:
    """Print the report's HTML (code appendix open) to ``output`` atomically."""
    check_folder(output)
    page = html.render(report, open_details=True)
    with tempfile.TemporaryDirectory(prefix="spark-nb-pdf-") as tmp:
        data = ENGINES[pick_engine()](page, Path(tmp))
    return atomic_write(output, data)
