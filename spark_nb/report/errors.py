"""The report's user-facing errors: what went wrong with the notebook or the output path."""

from __future__ import annotations

from spark_nb.errors import SparkError


class ReportError(SparkError):
    """A notebook that cannot be reported on, or a report that cannot be written."""
